//! Contract tests from the spec itself (`harness = false`, so it always reports its counts):
//! every response example decodes into its generated type and re-encodes without losing a
//! field; every request-body example encodes to exactly the form or JSON it shows.

use serde_json::Value;
use twilio_flex::__contract::{EncodedBody, OPERATIONS};

fn main() {
    let spec: Value =
        serde_yaml_ng::from_str(include_str!("../spec/flex_v1.yaml")).expect("spec parses");
    let (mut responses, mut bodies, mut failures) = (0usize, 0usize, Vec::new());
    let mut coerced = Vec::new();
    for op in OPERATIONS {
        let Some(operation) = spec.pointer(&format!(
            "/paths/{}/{}",
            escape(op.path),
            op.method.to_lowercase()
        )) else {
            failures.push(format!("{}: not found in the spec", op.id));
            continue;
        };
        for (status, response) in operation["responses"].as_object().into_iter().flatten() {
            let examples = response.pointer("/content/application~1json/examples");
            for (name, example) in examples.and_then(Value::as_object).into_iter().flatten() {
                let original = &example["value"];
                responses += 1;
                let Some(decode) = op.response else {
                    failures.push(format!(
                        "{} {status} `{name}`: has an example but no response type",
                        op.id
                    ));
                    continue;
                };
                match decode(original.to_string().as_bytes()) {
                    Ok(reencoded) => {
                        if let Err(e) = covers(original, &reencoded, "$") {
                            failures.push(format!("{} {status} `{name}`: {e}", op.id));
                        }
                    }
                    Err(e) => {
                        failures.push(format!("{} {status} `{name}`: does not decode: {e}", op.id))
                    }
                }
            }
        }
        for (content_type, media) in operation
            .pointer("/requestBody/content")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            for (name, example) in media["examples"].as_object().into_iter().flatten() {
                let original = example["value"].clone();
                bodies += 1;
                let Some(encode) = op.body else {
                    failures.push(format!(
                        "{} body `{name}`: example but no body encoder",
                        op.id
                    ));
                    continue;
                };
                let expected = if content_type.contains("json") {
                    EncodedBody::Json(original.clone())
                } else {
                    EncodedBody::Form(sorted(twilio_form(&original)))
                };
                // Some examples write numbers as strings (`Offset: "6.985619"`, schema `number`).
                // Decode them as the schema's type; the wire text must still be the example's.
                let schema = &media["schema"];
                let decodable = coerce_to_schema(original, schema, &mut coerced, op.id);
                match encode(decodable) {
                    Ok(EncodedBody::Form(pairs))
                        if EncodedBody::Form(sorted(pairs.clone())) == expected => {}
                    Ok(EncodedBody::Json(json)) if EncodedBody::Json(json.clone()) == expected => {}
                    Ok(other) => failures.push(format!(
                        "{} body `{name}`: encoded {other:?}, example shows {expected:?}",
                        op.id
                    )),
                    Err(e) => {
                        failures.push(format!("{} body `{name}`: does not decode: {e}", op.id))
                    }
                }
            }
        }
    }
    let checked = responses + bodies;
    if !coerced.is_empty() {
        println!(
            "contract: example values written as strings where the schema says number: {}",
            coerced.join(", ")
        );
    }
    for f in &failures {
        eprintln!("FAILED {f}");
    }
    println!(
        "contract examples: {} passed, {} failed ({responses} response examples, {bodies} request-body examples, {} operations)",
        checked.saturating_sub(failures.len()),
        failures.len(),
        OPERATIONS.len()
    );
    assert_eq!(
        OPERATIONS.len(),
        73,
        "every operation of the spec is generated"
    );
    assert!(
        responses >= 60 && bodies >= 15,
        "too few examples found: the test would be hollow"
    );
    if !failures.is_empty() {
        std::process::exit(1);
    }
}

fn coerce_to_schema(
    mut example: Value,
    schema: &Value,
    coerced: &mut Vec<String>,
    op: &str,
) -> Value {
    if let Some(fields) = example.as_object_mut() {
        for (key, value) in fields.iter_mut() {
            let declared = schema
                .pointer(&format!("/properties/{}", escape(key)))
                .and_then(|p| p.get("type"));
            if let (Some(Value::String(t)), Value::String(text)) = (declared, &*value)
                && (t == "number" || t == "integer")
                && let Ok(number) = text.parse::<serde_json::Number>()
            {
                coerced.push(format!("{op}.{key}"));
                *value = Value::Number(number);
            }
        }
    }
    example
}

fn escape(path: &str) -> String {
    path.replace('~', "~0").replace('/', "~1")
}

/// The form Twilio's libraries send for a JSON-shaped example: arrays as repeated keys,
/// booleans and numbers as text, objects as compact JSON, nulls omitted.
fn twilio_form(example: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (key, value) in example.as_object().into_iter().flatten() {
        let items = match value {
            Value::Array(items) => items.clone(),
            other => vec![other.clone()],
        };
        for item in items {
            match item {
                Value::Null => {}
                Value::String(s) => out.push((key.clone(), s)),
                other => out.push((key.clone(), other.to_string())),
            }
        }
    }
    out
}

fn sorted(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort();
    pairs
}

/// Every field of `original` is in `reencoded` with the same value (null ≡ absent; dates
/// compared as instants, numbers as numbers).
fn covers(original: &Value, reencoded: &Value, at: &str) -> Result<(), String> {
    match (original, reencoded) {
        (Value::Null, Value::Null) => Ok(()),
        (Value::Object(a), Value::Object(b)) => a.iter().try_for_each(|(k, v)| {
            covers(v, b.get(k).unwrap_or(&Value::Null), &format!("{at}.{k}"))
        }),
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .try_for_each(|(i, (x, y))| covers(x, y, &format!("{at}[{i}]"))),
        (Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => Ok(()),
        (Value::String(a), Value::String(b)) if a == b || same_instant(a, b) => Ok(()),
        (a, b) if a == b => Ok(()),
        (a, b) => Err(format!("{at}: example has {a}, re-encoded has {b}")),
    }
}

fn same_instant(a: &str, b: &str) -> bool {
    match (
        chrono::DateTime::parse_from_rfc3339(a),
        chrono::DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}
