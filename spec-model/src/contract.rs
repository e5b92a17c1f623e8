//! The contract check of a generated client against its own spec's examples: every
//! response example decodes into its generated type and re-encodes without losing a field,
//! and every request-body example encodes to exactly the form or JSON it shows.
//!
//! Generated code registers each operation's decoder and encoder as an
//! [`OperationContract`] (feature `contract` of the generated crate); [`check`] runs the spec's
//! examples through them. Where an example fails and also contradicts its own schema (a
//! number written as a string, a field the schema doesn't declare, a value outside its enum),
//! the failure is Twilio's, not the client's: it is counted as a spec error, with the reason,
//! and the check still passes.

use crate::names::sid_prefix;
use serde_json::Value;
use std::fmt;

/// A request body as it goes on the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum EncodedBody {
    /// Form pairs, in order.
    Form(Vec<(String, String)>),
    /// A JSON document.
    Json(Value),
}

/// Decodes a response body into a generated type and re-encodes it.
pub type ResponseCodec = fn(&[u8]) -> Result<Value, serde_json::Error>;

/// Decodes a JSON request example into a body type and encodes it for the wire.
pub type BodyCodec = fn(Value) -> Result<EncodedBody, serde_json::Error>;

/// One generated operation, with its response decoder and body encoder.
pub struct OperationContract {
    /// operationId.
    pub id: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path template.
    pub path: &'static str,
    /// Decodes a response body into the generated type and re-encodes it.
    pub response: Option<ResponseCodec>,
    /// Decodes a JSON request example into the body type and encodes it for the wire.
    pub body: Option<BodyCodec>,
}

/// What [`check`] found.
#[derive(Debug, Default)]
pub struct Report {
    /// Operations registered.
    pub operations: usize,
    /// Response examples checked.
    pub responses: usize,
    /// Request-body examples checked.
    pub bodies: usize,
    /// Examples that passed.
    pub passed: usize,
    /// Examples that contradict their own schema: (where, why).
    pub spec_errors: Vec<(String, String)>,
    /// Examples a schema-conforming client got wrong: the generator's bugs.
    pub failures: Vec<String>,
}

impl Report {
    /// No failures (spec errors don't count).
    pub fn ok(&self) -> bool {
        self.failures.is_empty()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "contract examples: {} passed, {} spec errors, {} failed ({} response examples, {} request-body examples, {} operations)",
            self.passed,
            self.spec_errors.len(),
            self.failures.len(),
            self.responses,
            self.bodies,
            self.operations
        )
    }
}

/// Runs every example of `spec_text` (the spec as released, YAML or JSON) through the
/// operations' decoders and encoders.
pub fn check(spec_text: &str, operations: &[OperationContract]) -> Result<Report, crate::Error> {
    let spec = crate::parse_spec(spec_text)?;
    let mut report = Report {
        operations: operations.len(),
        ..Report::default()
    };
    let schema_of = Conformance { root: &spec };
    for op in operations {
        let pointer = format!("/paths/{}/{}", escape(op.path), op.method.to_lowercase());
        let Some(operation) = spec.pointer(&pointer) else {
            report
                .failures
                .push(format!("{}: not found in the spec", op.id));
            continue;
        };
        for (status, response) in operation["responses"].as_object().into_iter().flatten() {
            // Error responses are Twilio's error body, not the operation's type.
            if !status.starts_with('2') {
                continue;
            }
            let response = schema_of.resolve(response);
            for (content_type, media) in response["content"].as_object().into_iter().flatten() {
                if !content_type.contains("json") {
                    continue;
                }
                for (name, example) in media["examples"].as_object().into_iter().flatten() {
                    let original = &schema_of.resolve(example)["value"];
                    let at = format!("{} {status} `{name}`", op.id);
                    report.responses += 1;
                    let outcome = match op.response {
                        None => Err("has an example but no response type".to_string()),
                        Some(decode) => {
                            let decode = |v: &Value| decode(v.to_string().as_bytes());
                            match decode(original) {
                                Ok(reencoded) => covers(original, &reencoded, "$"),
                                Err(e) => Err(format!(
                                    "does not decode ({}): {e}",
                                    culprit(original, &decode, "$")
                                )),
                            }
                        }
                    };
                    report.record(at, outcome, || {
                        schema_of.conforms(original, &media["schema"], "$")
                    });
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
                let original = schema_of.resolve(example)["value"].clone();
                let at = format!("{} body `{name}`", op.id);
                report.bodies += 1;
                let schema = &media["schema"];
                let Some(encode) = op.body else {
                    report.record(at, Err("example but no body encoder".into()), || {
                        schema_of.conforms(&original, schema, "$")
                    });
                    continue;
                };
                let json = content_type.contains("json");
                let expected = if json {
                    EncodedBody::Json(original.clone())
                } else {
                    EncodedBody::Form(sorted(twilio_form(&original)))
                };
                // A number written as a string where the schema says number is decoded as
                // the schema's type (a spec error, reported as such); the wire text must
                // still be the example's.
                let (decodable, coerced) = coerce_to_schema(original.clone(), schema);
                let outcome = match encode(decodable) {
                    Ok(EncodedBody::Form(pairs)) if !json => {
                        let got = EncodedBody::Form(sorted(pairs));
                        if got == expected {
                            Ok(())
                        } else {
                            Err(format!("encoded {got:?}, example shows {expected:?}"))
                        }
                    }
                    Ok(EncodedBody::Json(got)) if json => {
                        covers(&original, &got, "$").and_then(|()| {
                            covers(&got, &original, "$")
                                .map_err(|e| format!("encoding adds what the example lacks: {e}"))
                        })
                    }
                    Ok(other) => Err(format!("encoded {other:?}, example shows {expected:?}")),
                    Err(e) => Err(format!("does not decode: {e}")),
                };
                match (outcome, coerced.is_empty()) {
                    (Ok(()), false) => report.spec_errors.push((
                        at,
                        format!(
                            "{} written as strings where the schema says number",
                            coerced.join(", ")
                        ),
                    )),
                    (outcome, _) => {
                        report.record(at, outcome, || schema_of.conforms(&original, schema, "$"))
                    }
                }
            }
        }
    }
    Ok(report)
}

impl Report {
    /// Counts an example: passed; a spec error when it failed and contradicts its schema;
    /// else a failure.
    fn record(
        &mut self,
        at: String,
        outcome: Result<(), String>,
        conforms: impl FnOnce() -> Result<(), String>,
    ) {
        match outcome {
            Ok(()) => self.passed += 1,
            Err(failure) => match conforms() {
                Err(reason) => self.spec_errors.push((at, reason)),
                Ok(()) => self.failures.push(format!("{at}: {failure}")),
            },
        }
    }
}

/// Whether an example conforms to the OpenAPI 3.0 schema it is given under, as far as a
/// client can tell: types (with `nullable`), enums, required fields, declared fields, SID
/// patterns, date-times.
struct Conformance<'a> {
    root: &'a Value,
}

impl Conformance<'_> {
    fn resolve<'s>(&'s self, mut schema: &'s Value) -> &'s Value {
        for _ in 0..16 {
            match schema.get("$ref").and_then(Value::as_str) {
                Some(r) => match r.strip_prefix('#').and_then(|p| self.root.pointer(p)) {
                    Some(target) => schema = target,
                    None => break,
                },
                None => break,
            }
        }
        schema
    }

    fn conforms(&self, value: &Value, schema: &Value, at: &str) -> Result<(), String> {
        let schema = self.resolve(schema);
        if value.is_null() {
            return Ok(()); // Twilio's `nullable` is loose; a null is never the client's failure.
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            return all.iter().try_for_each(|s| self.conforms(value, s, at));
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(any) = schema.get(key).and_then(Value::as_array) {
                return match any.iter().any(|s| self.conforms(value, s, at).is_ok()) {
                    true => Ok(()),
                    false => Err(format!("{at}: {value} matches none of `{key}`")),
                };
            }
        }
        let ty = schema.get("type").and_then(Value::as_str);
        let wrong = |expected: &str| Err(format!("{at}: {value} is not {expected}"));
        match (ty, value) {
            (Some("string"), Value::String(s)) => {
                if let Some(values) = schema.get("enum").and_then(Value::as_array)
                    && !values.iter().any(|v| v.as_str() == Some(s))
                {
                    return Err(format!("{at}: {s:?} is not one of its enum's values"));
                }
                if let Some(prefix) = schema
                    .get("pattern")
                    .and_then(Value::as_str)
                    .and_then(sid_prefix)
                    && !(s.len() == 34 && s.starts_with(prefix))
                {
                    return Err(format!("{at}: {s:?} is not a `{prefix}` SID"));
                }
                if schema.get("format").and_then(Value::as_str) == Some("date-time")
                    && chrono::DateTime::parse_from_rfc3339(s).is_err()
                {
                    return Err(format!("{at}: {s:?} is not an RFC 3339 date-time"));
                }
                Ok(())
            }
            (Some("string"), _) => wrong("a string"),
            (Some("integer"), Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(()),
            (Some("integer"), _) => wrong("an integer"),
            (Some("number"), Value::Number(_)) => Ok(()),
            (Some("number"), _) => wrong("a number"),
            (Some("boolean"), Value::Bool(_)) => Ok(()),
            (Some("boolean"), _) => wrong("a boolean"),
            (Some("array"), Value::Array(items)) => {
                let item_schema = schema.get("items").unwrap_or(&Value::Null);
                items
                    .iter()
                    .enumerate()
                    .try_for_each(|(i, v)| self.conforms(v, item_schema, &format!("{at}[{i}]")))
            }
            (Some("array"), _) => wrong("an array"),
            (Some("object") | None, Value::Object(fields)) => {
                let props = schema.get("properties").and_then(Value::as_object);
                for required in schema
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    if !fields.contains_key(required) {
                        return Err(format!("{at}: required field `{required}` is missing"));
                    }
                }
                let Some(props) = props else {
                    return Ok(());
                };
                let open = schema
                    .get("additionalProperties")
                    .is_some_and(|a| a != &Value::Bool(false));
                for (key, v) in fields {
                    match props.get(key) {
                        Some(s) => self.conforms(v, s, &format!("{at}.{key}"))?,
                        None if open => {}
                        None => {
                            return Err(format!(
                                "{at}: field `{key}` is not declared by the schema"
                            ));
                        }
                    }
                }
                Ok(())
            }
            (Some("object"), _) => wrong("an object"),
            _ => Ok(()),
        }
    }
}

/// The path of the field that makes `value` fail to decode: the first field whose removal
/// lets it decode, followed down as far as that stays true.
fn culprit<E>(value: &Value, decode: &dyn Fn(&Value) -> Result<Value, E>, at: &str) -> String {
    match value {
        Value::Object(fields) => {
            for key in fields.keys() {
                let mut without = fields.clone();
                without.remove(key);
                if decode(&Value::Object(without)).is_ok() {
                    let inner = |v: &Value| {
                        let mut with = fields.clone();
                        with.insert(key.clone(), v.clone());
                        decode(&Value::Object(with))
                    };
                    return culprit(&fields[key], &inner, &format!("{at}.{key}"));
                }
            }
            at.to_string()
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let mut without = items.clone();
                without.remove(i);
                if decode(&Value::Array(without)).is_ok() {
                    let inner = |v: &Value| {
                        let mut with = items.clone();
                        with[i] = v.clone();
                        decode(&Value::Array(with))
                    };
                    return culprit(item, &inner, &format!("{at}[{i}]"));
                }
            }
            at.to_string()
        }
        _ => at.to_string(),
    }
}

fn coerce_to_schema(mut example: Value, schema: &Value) -> (Value, Vec<String>) {
    let mut coerced = Vec::new();
    if let Some(fields) = example.as_object_mut() {
        for (key, value) in fields.iter_mut() {
            let declared = schema
                .pointer(&format!("/properties/{}", escape(key)))
                .and_then(|p| p.get("type"));
            if let (Some(Value::String(t)), Value::String(text)) = (declared, &*value)
                && (t == "number" || t == "integer")
                && let Ok(number) = text.parse::<serde_json::Number>()
            {
                coerced.push(format!("`{key}`"));
                *value = Value::Number(number);
            }
        }
    }
    (example, coerced)
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

/// Every field of `original` is in `reencoded` with the same value (null ≡ absent ≡ an empty
/// list or map, which is how the client decodes a null collection; dates compared as
/// instants, numbers as numbers).
fn covers(original: &Value, reencoded: &Value, at: &str) -> Result<(), String> {
    match (original, reencoded) {
        (Value::Null, Value::Null) => Ok(()),
        (Value::Null, Value::Array(a)) if a.is_empty() => Ok(()),
        (Value::Null, Value::Object(o)) if o.is_empty() => Ok(()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SPEC: &str = r##"
openapi: 3.0.1
paths:
  /v1/Widgets:
    post:
      operationId: CreateWidget
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              properties: {Name: {type: string}, Size: {type: number}}
            examples:
              create: {value: {Name: w, Size: "2.5"}}
      responses:
        "201":
          content:
            application/json:
              schema: {$ref: "#/components/schemas/widget"}
              examples:
                good: {value: {sid: WD00000000000000000000000000000000, name: w}}
                extra: {value: {sid: WD00000000000000000000000000000000, colour: red}}
                lost: {value: {sid: WD00000000000000000000000000000000, name: lost}}
components:
  schemas:
    widget:
      type: object
      properties:
        sid: {type: string, pattern: "^WD[0-9a-fA-F]{32}$"}
        name: {type: string}
"##;

    /// Drops `colour` (undeclared) and any name `lost` (a bug).
    fn decode(bytes: &[u8]) -> Result<Value, serde_json::Error> {
        let mut v: Value = serde_json::from_slice(bytes)?;
        let o = v.as_object_mut().unwrap();
        o.remove("colour");
        if o.get("name") == Some(&json!("lost")) {
            o.remove("name");
        }
        Ok(v)
    }

    fn encode(v: Value) -> Result<EncodedBody, serde_json::Error> {
        let mut pairs = vec![("Name".to_string(), v["Name"].as_str().unwrap().to_string())];
        pairs.push(("Size".into(), v["Size"].to_string()));
        Ok(EncodedBody::Form(pairs))
    }

    #[test]
    fn passes_spec_errors_and_failures_are_told_apart() {
        let ops = [OperationContract {
            id: "CreateWidget",
            method: "POST",
            path: "/v1/Widgets",
            response: Some(decode),
            body: Some(encode),
        }];
        let report = check(SPEC, &ops).unwrap();
        assert_eq!((report.responses, report.bodies), (3, 1));
        assert_eq!(report.passed, 1, "{report:#?}");
        assert_eq!(report.spec_errors.len(), 2, "{report:#?}");
        assert!(report.spec_errors.iter().any(|(at, why)| at.contains("`extra`")
            && why.contains("`colour` is not declared")));
        assert!(
            report
                .spec_errors
                .iter()
                .any(|(at, why)| at.contains("body `create`")
                    && why.contains("`Size` written as strings"))
        );
        assert_eq!(report.failures.len(), 1, "{report:#?}");
        assert!(report.failures[0].contains("`lost`"), "{report:#?}");
        assert!(!report.ok());
        assert!(
            report
                .to_string()
                .starts_with("contract examples: 1 passed, 2 spec errors, 1 failed")
        );
    }
}
