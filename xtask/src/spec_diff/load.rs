//! Reading a spec file into a JSON tree (with the generator's reader), and following local
//! `$ref`s.

use serde_json::Value;

/// How many `$ref` hops are followed before a chain is taken to be a cycle.
const MAX_REF_HOPS: usize = 32;

/// Reads YAML (or JSON, which is YAML) text with the generator's own reader, and checks
/// that it looks like an OpenAPI 3 document.
pub(crate) fn parse_document(text: &str) -> Result<Value, String> {
    let doc = twilio_spec::parse_spec(text).map_err(|e| e.to_string())?;
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
