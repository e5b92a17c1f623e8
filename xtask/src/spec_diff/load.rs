//! Reading a spec file into a JSON tree, and following local `$ref`s.

use serde_json::{Map, Value};

/// How many `$ref` hops are followed before a chain is taken to be a cycle.
const MAX_REF_HOPS: usize = 32;

/// Parses YAML (or JSON, which is YAML) text and checks that it looks like an
/// OpenAPI 3 document.
pub(crate) fn parse_document(text: &str) -> Result<Value, String> {
    let yaml: serde_yaml_ng::Value =
        serde_yaml_ng::from_str(text).map_err(|e| format!("not valid YAML: {e}"))?;
    let doc = yaml_to_json(yaml);
    let Some(root) = doc.as_object() else {
        return Err("not an OpenAPI document: the top level is not a mapping".into());
    };
    match root.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.") => {}
        Some(v) => return Err(format!("unsupported OpenAPI version `{v}` (expected 3.x)")),
        None => return Err("not an OpenAPI 3 document: no `openapi: 3.x` field".into()),
    }
    if !root.get("paths").is_some_and(Value::is_object) {
        return Err("not an OpenAPI document: `paths` is missing or not a mapping".into());
    }
    Ok(doc)
}

/// Converts YAML to JSON. Going through `serde_yaml_ng::Value` rather than
/// deserializing straight into `serde_json::Value` keeps documents whose
/// mapping keys are not strings (e.g. unquoted `200:` response codes) readable.
fn yaml_to_json(value: serde_yaml_ng::Value) -> Value {
    use serde_yaml_ng::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (key_to_string(k), yaml_to_json(v)))
                .collect::<Map<_, _>>(),
        ),
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn key_to_string(key: serde_yaml_ng::Value) -> String {
    use serde_yaml_ng::Value as Y;
    match key {
        Y::String(s) => s,
        Y::Number(n) => n.to_string(),
        Y::Bool(b) => b.to_string(),
        Y::Null => "null".into(),
        other => serde_json::to_string(&yaml_to_json(other)).unwrap_or_default(),
    }
}

/// Follows `$ref`s (local ones only) until a non-reference value is reached.
pub(crate) fn resolve<'a>(root: &'a Value, mut value: &'a Value) -> Result<&'a Value, String> {
    for _ in 0..MAX_REF_HOPS {
        let Some(reference) = ref_of(value) else {
            return Ok(value);
        };
        value = lookup(root, reference)?;
    }
    Err("a `$ref` chain is too long or cyclic".into())
}

/// The `$ref` string of a reference object, if `value` is one.
pub(crate) fn ref_of(value: &Value) -> Option<&str> {
    value.get("$ref").and_then(Value::as_str)
}

/// Looks a local reference (`#/a/b`) up in the document.
pub(crate) fn lookup<'a>(root: &'a Value, reference: &str) -> Result<&'a Value, String> {
    let Some(pointer) = reference.strip_prefix('#') else {
        return Err(format!(
            "`$ref: {reference}` points outside the document, which is not supported"
        ));
    };
    root.pointer(pointer)
        .ok_or_else(|| format!("`$ref: {reference}` points to nothing"))
}

/// The component name in `#/components/schemas/NAME`, JSON-pointer unescaped.
pub(crate) fn schema_ref_name(reference: &str) -> Option<String> {
    let name = reference.strip_prefix("#/components/schemas/")?;
    (!name.contains('/')).then(|| name.replace("~1", "/").replace("~0", "~"))
}
