use crate::error::{Error, Result};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// What the emitted setters check of a request string, by (operationId, name in the fixed
/// spec).
#[derive(Debug, Default, Clone)]
pub struct RequestChecks {
    /// Patterns that aren't SIDs'.
    pub patterns: BTreeMap<(String, String), String>,
    /// Strings with `format: uri`: an absolute URL.
    pub uris: BTreeSet<(String, String)>,
    /// `minLength`/`maxLength`, in characters.
    pub lengths: BTreeMap<(String, String), (Option<u64>, Option<u64>)>,
}

/// Removes the `pattern` (other than a SID's: those are SID types by now, see
/// [`hoist_sid_patterns`](super::hoist_sid_patterns)), `minLength` and `maxLength` of every
/// string schema, recording the request-side ones (parameters and body fields) by
/// (operationId, wire name), with the request-side strings that must be absolute URLs
/// (`format: uri`).
///
/// typify turns each of these constraints into a newtype that rejects a response whose value
/// doesn't match (a response made undecodable by a value Twilio sends anyway), and a pattern
/// into a regex compiled with `unwrap()` on first use (a panic waiting for a pattern typify's `regress`
/// can't compile). Requests are checked by the emitted setters instead (patterns through
/// `regex-lite`, the runtime's engine), before anything is sent;
/// responses are taken as sent. Every recorded pattern is compiled here, so one that can't be
/// fails the build naming its spec path.
pub fn strip_string_constraints(spec: &mut Value) -> Result<RequestChecks> {
    let mut recorded = BTreeMap::new();
    let mut uris = BTreeSet::new();
    let mut lengths = BTreeMap::new();
    for (path, method, op) in super::operations_mut(spec) {
        let op_id = super::operation_id(op);
        let location = format!("#/paths/{path}/{method}");
        let mut record = |name: &str, schema: &Value| -> Result<()> {
            if schema.get("type").and_then(Value::as_str) == Some("string") {
                if schema.get("format").and_then(Value::as_str) == Some("uri") {
                    uris.insert((op_id.clone(), name.to_string()));
                }
                let (min, max) = (
                    schema.get("minLength").and_then(Value::as_u64),
                    schema.get("maxLength").and_then(Value::as_u64),
                );
                if min.is_some() || max.is_some() {
                    lengths.insert((op_id.clone(), name.to_string()), (min, max));
                }
            }
            let Some(pattern) = string_pattern(schema) else {
                return Ok(());
            };
            regex_lite::Regex::new(pattern).map_err(|e| {
                Error::unsupported(
                    &location,
                    format!("`{name}` has a pattern that does not compile ({e}): {pattern}"),
                )
            })?;
            recorded.insert((op_id.clone(), name.to_string()), pattern.to_string());
            Ok(())
        };
        if let Some(Value::Array(params)) = op.get("parameters") {
            for p in params {
                if let (Some(name), Some(schema)) =
                    (p.get("name").and_then(Value::as_str), p.get("schema"))
                {
                    record(name, schema)?;
                }
            }
        }
        if let Some(Value::Object(content)) = op.get("requestBody").and_then(|b| b.get("content")) {
            for media in content.values() {
                if let Some(Value::Object(props)) =
                    media.get("schema").and_then(|s| s.get("properties"))
                {
                    for (field, schema) in props {
                        record(field, schema)?;
                    }
                }
            }
        }
    }
    super::visit_objects_mut(spec, &mut String::from("#"), &mut |map, _| {
        if map.get("type").and_then(Value::as_str) == Some("string") {
            map.remove("pattern");
            map.remove("minLength");
            map.remove("maxLength");
        }
    });
    Ok(RequestChecks {
        patterns: recorded,
        uris,
        lengths,
    })
}

/// The pattern of a string schema (or of an array's string items).
fn string_pattern(schema: &Value) -> Option<&str> {
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => schema.get("pattern")?.as_str(),
        Some("array") => string_pattern(schema.get("items")?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_patterns_are_recorded_and_all_are_stripped() {
        let mut spec = crate::fixups::parse(
            r#"
paths:
  /v1/Assistants/{Id}:
    post:
      operationId: UpdateAssistant
      parameters:
        - {name: Id, in: path, schema: {type: string, pattern: "^aia_asst_.+$"}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              properties:
                Keyword: {type: string, pattern: "^[A-Z0-9]+$", minLength: 2, maxLength: 16}
                Name: {type: string}
                Url: {type: string, format: uri}
components:
  schemas:
    Assistant:
      properties:
        id: {type: string, pattern: "^aia_asst_.+$", maxLength: 64}
"#,
        );
        let checks = strip_string_constraints(&mut spec).unwrap();
        let patterns = checks.patterns;
        let key = |n: &str| ("UpdateAssistant".to_string(), n.to_string());
        assert!(checks.uris.contains(&key("Url")));
        assert_eq!(checks.lengths[&key("Keyword")], (Some(2), Some(16)));
        assert_eq!(patterns[&key("Id")], "^aia_asst_.+$");
        assert_eq!(patterns[&key("Keyword")], "^[A-Z0-9]+$");
        assert_eq!(patterns.len(), 2);
        let id = &spec["components"]["schemas"]["Assistant"]["properties"]["id"];
        assert!(id.get("pattern").is_none() && id.get("maxLength").is_none());
        assert!(
            spec["paths"]["/v1/Assistants/{Id}"]["post"]["parameters"][0]["schema"]
                .get("pattern")
                .is_none()
        );
    }

    #[test]
    fn a_pattern_that_does_not_compile_names_its_place() {
        let mut spec = crate::fixups::parse(
            r#"
paths:
  /v1/X:
    get:
      operationId: ListX
      parameters:
        - {name: Q, in: query, schema: {type: string, pattern: "([a-z"}}
"#,
        );
        let err = strip_string_constraints(&mut spec).unwrap_err().to_string();
        assert!(
            err.contains("#/paths//v1/X/get") && err.contains("`Q`"),
            "{err}"
        );
    }
}
