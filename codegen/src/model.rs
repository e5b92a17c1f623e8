//! The operations of the fixed-up spec, as the emitter and the API snapshot need them.

use crate::fixups::{Extras, IntRange, ListResponse};
use serde_json::Value;

/// One API operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Twilio's operationId, e.g. `CreateFlexFlow`.
    pub operation_id: String,
    /// HTTP method, upper case.
    pub method: String,
    /// Path template, e.g. `/v1/FlexFlows/{Sid}`.
    pub path: String,
    /// Path, query and header parameters.
    pub params: Vec<Param>,
    /// Request body, if any.
    pub body: Option<Body>,
    /// Set when this is a paginated list operation.
    pub list: Option<ListResponse>,
}

/// A path, query or header parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Name on the wire, e.g. `PageSize`, `DateCreated<`.
    pub api_name: String,
    /// The builder's setter and field, e.g. `page_size`, `date_created_before`.
    pub rust_name: String,
    /// `path`, `query` or `header`.
    pub location: String,
    /// Whether the spec requires it.
    pub required: bool,
    /// The spec's description.
    pub description: Option<String>,
    /// Integer range the value must fall in.
    pub range: Option<IntRange>,
    /// Pattern (not a SID's) the value must match.
    pub pattern: Option<String>,
    /// Whether the value must be an absolute URL (`format: uri`).
    pub uri: bool,
    /// Length bounds in characters (`minLength`, `maxLength`).
    pub length: Option<(Option<u64>, Option<u64>)>,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// `application/x-www-form-urlencoded` or `application/json`.
    pub content_type: String,
    /// Declared fields (empty for free-form JSON bodies).
    pub fields: Vec<Field>,
}

/// A declared request-body field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Name on the wire, e.g. `Integration.FlowSid`.
    pub api_name: String,
    /// Whether the spec requires it.
    pub required: bool,
}

/// The API's host, from the spec's `servers` (top-level, else the first path's):
/// `https://flex-api.twilio.com` → `flex-api.twilio.com`.
pub fn api_host(spec: &Value) -> Option<String> {
    let first_url = |servers: Option<&Value>| -> Option<String> {
        let url = servers?.as_array()?.first()?.get("url")?.as_str()?;
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let host = rest.split('/').next()?;
        (!host.is_empty()).then(|| host.to_string())
    };
    first_url(spec.get("servers")).or_else(|| {
        spec.get("paths")?
            .as_object()?
            .values()
            .find_map(|item| first_url(item.get("servers")))
    })
}

/// How many properties of the component schemas have string format `format`.
pub fn count_format(spec: &Value, format: &str) -> usize {
    fn walk(v: &Value, format: &str) -> usize {
        match v {
            Value::Object(m) => {
                let here = usize::from(
                    m.get("type").and_then(Value::as_str) == Some("string")
                        && m.get("format").and_then(Value::as_str) == Some(format),
                );
                here + m
                    .iter()
                    .filter(|(k, _)| *k != "example" && *k != "examples")
                    .map(|(_, v)| walk(v, format))
                    .sum::<usize>()
            }
            Value::Array(a) => a.iter().map(|v| walk(v, format)).sum(),
            _ => 0,
        }
    }
    spec.pointer("/components/schemas")
        .map_or(0, |s| walk(s, format))
}

/// Reads the operations of a fixed-up spec, in spec order.
pub fn operations(spec: &Value, extras: &Extras) -> Vec<Operation> {
    let mut ops = Vec::new();
    let Some(paths) = spec.get("paths").and_then(Value::as_object) else {
        return ops;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item {
            if !crate::fixups::HTTP_METHODS.contains(&method.as_str()) {
                continue;
            }
            let operation_id = op
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let params = op
                .get("parameters")
                .and_then(Value::as_array)
                .map(|ps| {
                    ps.iter()
                        .filter_map(|p| {
                            let name = p.get("name")?.as_str()?.to_string();
                            let key = (operation_id.clone(), name.clone());
                            Some(Param {
                                range: extras.ranges.get(&key).copied(),
                                pattern: extras.checks.patterns.get(&key).cloned(),
                                uri: extras.checks.uris.contains(&key),
                                length: extras.checks.lengths.get(&key).copied(),
                                rust_name: crate::names::member_name(&name),
                                location: p.get("in")?.as_str()?.to_string(),
                                required: p
                                    .get("required")
                                    .and_then(Value::as_bool)
                                    .unwrap_or(false),
                                description: p
                                    .get("description")
                                    .and_then(Value::as_str)
                                    .map(str::to_string),
                                api_name: extras.wire_names.get(&key).cloned().unwrap_or(name),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            let body = op
                .get("requestBody")
                .and_then(|b| b.get("content"))
                .and_then(Value::as_object)
                .and_then(|c| c.iter().next())
                .map(|(content_type, media)| {
                    let schema = media.get("schema");
                    let required: Vec<&str> = schema
                        .and_then(|s| s.get("required"))
                        .and_then(Value::as_array)
                        .map(|r| r.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    let fields = schema
                        .and_then(|s| s.get("properties"))
                        .and_then(Value::as_object)
                        .map(|props| {
                            props
                                .keys()
                                .map(|k| Field {
                                    api_name: k.clone(),
                                    required: required.contains(&k.as_str()),
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    Body {
                        content_type: content_type.clone(),
                        fields,
                    }
                });
            // A declared JSON body has the writable properties of its schema as fields.
            let body = match (
                body,
                extras.bodies.iter().find(|b| b.operation == operation_id),
            ) {
                (Some(mut b), Some(declared)) => {
                    b.fields = declared
                        .writable
                        .iter()
                        .map(|w| Field {
                            api_name: w.clone(),
                            required: false,
                        })
                        .collect();
                    Some(b)
                }
                (body, _) => body,
            };
            let list = extras
                .lists
                .iter()
                .find(|l| l.operation_id == operation_id)
                .cloned();
            ops.push(Operation {
                operation_id,
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                params,
                body,
                list,
            });
        }
    }
    ops
}
