//! The operations of the fixed-up spec, as the emitter, the API snapshot and the mock server
//! need them: one model of the API, read once by the generator's rules.

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
    /// What it does, from the spec: the operation's description, else its summary, else its
    /// path's description; empty when the spec says nothing.
    pub description: String,
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
    /// The value's type, with every check a request value gets.
    pub ty: ValueType,
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
    /// The value's type, with every check a request value gets.
    pub ty: ValueType,
}

/// What a value is, after the fix-ups: SIDs with their prefix, enums with their values, the
/// ranges, lengths and patterns the generator records for requests.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueType {
    /// A string and its checks.
    Str(StrRule),
    /// An integer, with its inclusive range.
    Int {
        /// Lowest allowed.
        min: Option<i64>,
        /// Highest allowed.
        max: Option<i64>,
    },
    /// A number, with its inclusive range.
    Num {
        /// Lowest allowed.
        min: Option<f64>,
        /// Highest allowed.
        max: Option<f64>,
    },
    /// A boolean.
    Bool,
    /// A list of values of one type.
    Array(Box<ValueType>),
    /// An object with a shape.
    Object,
    /// Any JSON (Twilio's free-form fields).
    Any,
}

/// The checks of a string value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StrRule {
    /// The SID prefix, for a SID.
    pub sid_prefix: Option<String>,
    /// The values, for an enum.
    pub enum_values: Option<Vec<String>>,
    /// Fewest characters.
    pub min_len: Option<usize>,
    /// Most characters.
    pub max_len: Option<usize>,
    /// A pattern (not a SID's).
    pub pattern: Option<String>,
}

/// The [`ValueType`] of a schema of the fixed spec; `key` (operationId, wire name) looks up the
/// request-side checks the fix-ups recorded.
pub fn value_type(
    spec: &Value,
    extras: &Extras,
    schema: &Value,
    key: Option<&(String, String)>,
) -> ValueType {
    let schemas = spec.pointer("/components/schemas");
    // A `$ref` (or a one-member `allOf` carrying a description) to a component.
    let mut schema = schema;
    let mut named = None;
    for _ in 0..8 {
        let target = schema
            .get("$ref")
            .or_else(|| {
                schema
                    .get("allOf")?
                    .as_array()
                    .filter(|a| a.len() == 1)?
                    .first()?
                    .get("$ref")
            })
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"));
        let Some(name) = target else { break };
        named = Some(name.to_string());
        match schemas.and_then(|s| s.get(name)) {
            Some(next) => schema = next,
            None => break,
        }
    }
    if let Some(name) = &named {
        if let Some(sid) = extras.sids.iter().find(|s| s.name == *name) {
            return ValueType::Str(StrRule {
                sid_prefix: Some(sid.prefix.clone()),
                min_len: Some(34),
                max_len: Some(34),
                ..StrRule::default()
            });
        }
        if let Some(e) = extras.enums.iter().find(|e| e.name == *name) {
            return ValueType::Str(StrRule {
                enum_values: Some(e.values.clone()),
                ..StrRule::default()
            });
        }
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => {
            let length = key.and_then(|k| extras.checks.lengths.get(k)).copied();
            ValueType::Str(StrRule {
                min_len: length.and_then(|l| l.0).map(|n| n as usize),
                max_len: length.and_then(|l| l.1).map(|n| n as usize),
                pattern: key.and_then(|k| extras.checks.patterns.get(k)).cloned(),
                ..StrRule::default()
            })
        }
        Some("integer") => {
            let range = key.and_then(|k| extras.ranges.get(k)).copied();
            ValueType::Int {
                min: range.and_then(|r| r.min),
                max: range.and_then(|r| r.max),
            }
        }
        Some("number") => ValueType::Num {
            min: schema.get("minimum").and_then(Value::as_f64),
            max: schema.get("maximum").and_then(Value::as_f64),
        },
        Some("boolean") => ValueType::Bool,
        Some("array") => ValueType::Array(Box::new(
            schema
                .get("items")
                .map_or(ValueType::Any, |i| value_type(spec, extras, i, key)),
        )),
        Some("object") => ValueType::Object,
        _ => ValueType::Any,
    }
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
                .as_object()
                .map(crate::fixups::operation_id)
                .unwrap_or_default();
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
                                ty: p.get("schema").map_or(ValueType::Any, |schema| {
                                    value_type(spec, extras, schema, Some(&key))
                                }),
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
                                .iter()
                                .map(|(k, schema)| Field {
                                    api_name: k.clone(),
                                    required: required.contains(&k.as_str()),
                                    ty: value_type(
                                        spec,
                                        extras,
                                        schema,
                                        Some(&(operation_id.clone(), k.clone())),
                                    ),
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
                    let props = spec.pointer(&format!(
                        "/components/schemas/{}/properties",
                        declared.schema
                    ));
                    b.fields = declared
                        .writable
                        .iter()
                        .map(|w| Field {
                            api_name: w.clone(),
                            required: false,
                            ty: props
                                .and_then(|p| p.get(w))
                                .map_or(ValueType::Any, |schema| {
                                    value_type(spec, extras, schema, None)
                                }),
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
            let text = |v: Option<&Value>| {
                v.and_then(Value::as_str)
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .map(str::to_string)
            };
            let description = text(op.get("description"))
                .or_else(|| text(op.get("summary")))
                .or_else(|| text(item.get("description")))
                .unwrap_or_default();
            ops.push(Operation {
                operation_id,
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                description,
                params,
                body,
                list,
            });
        }
    }
    ops
}
