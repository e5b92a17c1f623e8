//! The spec-level model: operations with their parameters, request and response bodies,
//! and the named component schemas, as the spec states them. Descriptions, examples and
//! other metadata are dropped.
//!
//! It knows nothing of how the generator maps schemas to Rust types (that would be a second
//! copy of typify's and the fix-ups' rules, bound to drift): whether a change reaches the
//! Rust API is read from the generated API snapshot ([`super::api`]). Names are spelled with
//! the generator's own rules ([`super::naming`]).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::load::{lookup, ref_of, resolve, schema_ref_name};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Nesting depth past which inline schemas are not followed (the JSON tree is
/// finite, but a hostile file could still be deep enough to hurt).
const MAX_SCHEMA_DEPTH: usize = 64;

/// Everything the comparison needs from one spec.
#[derive(Debug)]
pub(crate) struct Api {
    pub operations: BTreeMap<String, Operation>,
    /// Component schemas by spec name; each becomes a generated type.
    pub types: BTreeMap<String, Shape>,
    /// For each component schema, the operations reaching it (transitively).
    pub usage: BTreeMap<String, Usage>,
}

/// Where a named schema is used.
#[derive(Debug, Default, Clone)]
pub(crate) struct Usage {
    /// Operation ids whose parameters or request body reach the schema.
    pub request: BTreeSet<String>,
    /// Operation ids whose success response reaches the schema.
    pub response: BTreeSet<String>,
}

#[derive(Debug)]
pub(crate) struct Operation {
    pub method: String,
    pub path: String,
    /// Keyed by (location, name): a query and a header parameter may share a name.
    pub params: BTreeMap<(ParamIn, String), Slot>,
    pub body: Option<Body>,
    /// Schema of the success (lowest 2xx) response's JSON body, if any.
    pub response: Option<Shape>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum ParamIn {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug)]
pub(crate) struct Body {
    pub content_type: String,
    pub shape: Shape,
}

/// A parameter, or a property of an object schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Slot {
    pub required: bool,
    pub shape: Shape,
}

/// A schema, reduced to what decides the generated Rust type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shape {
    pub kind: Kind,
    /// Inline `enum:` values (rendered as strings), if the schema has them.
    pub enum_values: Option<BTreeSet<String>>,
    pub pattern: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// A `$ref` to a component schema.
    Ref(String),
    /// `type: string`, with its `format` if any.
    String(Option<String>),
    /// `type: integer`, with its `format` if any.
    Integer(Option<String>),
    /// `type: number`, with its `format` if any.
    Number(Option<String>),
    Boolean,
    Array(Box<Shape>),
    /// An object (`type: object` or `properties:`); its properties are compared one by one.
    Object(BTreeMap<String, Slot>),
    /// No type at all (`{}`).
    Any,
    /// `allOf`/`oneOf`/`anyOf`/`not` and other shapes not taken apart: compared
    /// as a whole by their canonical JSON.
    Composite(String),
}

impl Shape {
    fn of_kind(kind: Kind) -> Self {
        Shape {
            kind,
            enum_values: None,
            pattern: None,
        }
    }

    /// A short description of the schema's type, ignoring enum values, patterns
    /// and object fields (those are compared separately).
    pub fn describe(&self) -> String {
        let with_format = |base: &str, format: &Option<String>| match format {
            Some(f) => format!("{base} ({f})"),
            None => base.to_string(),
        };
        let base = match &self.kind {
            Kind::Ref(name) => format!("`{}`", super::naming::type_name(name)),
            Kind::String(f) => with_format("string", f),
            Kind::Integer(f) => with_format("integer", f),
            Kind::Number(f) => with_format("number", f),
            Kind::Boolean => "boolean".into(),
            Kind::Array(items) => format!("array of {}", items.describe()),
            Kind::Object(fields) if fields.is_empty() => "object (free-form)".into(),
            Kind::Object(_) => "object".into(),
            Kind::Any => "any JSON value".into(),
            Kind::Composite(_) => "composite schema".into(),
        };
        if self.enum_values.is_some() {
            format!("{base} enum")
        } else {
            base
        }
    }

    /// Whether the schema's type (and format) is the same, not looking inside object
    /// fields (compared one by one) nor at enum values and patterns.
    pub fn same_type(&self, other: &Shape) -> bool {
        if self.enum_values.is_some() != other.enum_values.is_some() {
            return false;
        }
        match (&self.kind, &other.kind) {
            (Kind::Array(a), Kind::Array(b)) => a.same_type(b),
            (Kind::Object(_), Kind::Object(_)) => true,
            (a, b) => a == b,
        }
    }
}

impl Api {
    /// Extracts the API surface from a parsed document.
    pub(crate) fn from_document(root: &Value) -> Result<Api, String> {
        let mut operations = BTreeMap::new();
        // Raw schemas each operation touches, for the usage walk.
        let mut request_refs: Vec<(String, BTreeSet<String>)> = Vec::new();
        let mut response_refs: Vec<(String, BTreeSet<String>)> = Vec::new();

        let paths = root.get("paths").and_then(Value::as_object);
        for (path, item) in paths.into_iter().flatten() {
            let item = resolve(root, item).map_err(|e| format!("path `{path}`: {e}"))?;
            let shared_params = item.get("parameters");
            for method in METHODS {
                let Some(op) = item.get(method).filter(|v| v.is_object()) else {
                    continue;
                };
                let id = op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("{} {path}", method.to_uppercase()), String::from);
                let context = |e: String| format!("operation `{id}` ({method} {path}): {e}");
                let mut req = BTreeSet::new();
                let mut resp = BTreeSet::new();
                let operation = Operation {
                    method: method.to_uppercase(),
                    path: path.clone(),
                    params: params(root, shared_params, op.get("parameters"), &mut req)
                        .map_err(context)?,
                    body: body(root, op.get("requestBody"), &mut req).map_err(context)?,
                    response: response(root, op.get("responses"), &mut resp).map_err(context)?,
                };
                if operations.insert(id.clone(), operation).is_some() {
                    return Err(format!("operationId `{id}` is used twice"));
                }
                request_refs.push((id.clone(), req));
                response_refs.push((id, resp));
            }
        }

        let mut types = BTreeMap::new();
        let mut type_refs = BTreeMap::new();
        let schemas = root
            .pointer("/components/schemas")
            .and_then(Value::as_object);
        for (name, schema) in schemas.into_iter().flatten() {
            let shape = shape_of(root, schema, 0).map_err(|e| format!("schema `{name}`: {e}"))?;
            types.insert(name.clone(), shape);
            let mut refs = BTreeSet::new();
            collect_schema_refs(schema, &mut refs);
            type_refs.insert(name.clone(), refs);
        }

        let mut usage: BTreeMap<String, Usage> = BTreeMap::new();
        for (id, direct) in &request_refs {
            for name in reachable(direct, &type_refs) {
                usage.entry(name).or_default().request.insert(id.clone());
            }
        }
        for (id, direct) in &response_refs {
            for name in reachable(direct, &type_refs) {
                usage.entry(name).or_default().response.insert(id.clone());
            }
        }

        Ok(Api {
            operations,
            types,
            usage,
        })
    }
}

/// Schemas reachable from `start` through `$ref`s between component schemas.
fn reachable(
    start: &BTreeSet<String>,
    type_refs: &BTreeMap<String, BTreeSet<String>>,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&String> = start.iter().collect();
    while let Some(name) = todo.pop() {
        if seen.insert(name.clone()) {
            todo.extend(type_refs.get(name).into_iter().flatten());
        }
    }
    seen
}

/// Every `#/components/schemas/…` name referenced anywhere inside `value`.
fn collect_schema_refs(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(name) = ref_of(value).and_then(schema_ref_name) {
                out.insert(name);
            }
            map.values().for_each(|v| collect_schema_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_schema_refs(v, out)),
        _ => {}
    }
}

fn params(
    root: &Value,
    shared: Option<&Value>,
    own: Option<&Value>,
    refs: &mut BTreeSet<String>,
) -> Result<BTreeMap<(ParamIn, String), Slot>, String> {
    let mut out = BTreeMap::new();
    // Operation-level parameters override path-level ones with the same key.
    for list in [shared, own].into_iter().flatten() {
        for param in list.as_array().into_iter().flatten() {
            let param = resolve(root, param)?;
            let Some(name) = param.get("name").and_then(Value::as_str) else {
                return Err("a parameter has no `name`".into());
            };
            let location = match param.get("in").and_then(Value::as_str) {
                Some("path") => ParamIn::Path,
                Some("query") => ParamIn::Query,
                Some("header") => ParamIn::Header,
                Some("cookie") => ParamIn::Cookie,
                other => {
                    return Err(format!(
                        "parameter `{name}` has an unknown location {other:?}"
                    ));
                }
            };
            let schema = param.get("schema").or_else(|| {
                // `content:` instead of `schema:`: take its (single) media type.
                param
                    .get("content")
                    .and_then(Value::as_object)
                    .and_then(|c| c.values().next())
                    .and_then(|m| m.get("schema"))
            });
            let shape = match schema {
                Some(schema) => {
                    collect_schema_refs(schema, refs);
                    shape_of(root, schema, 0).map_err(|e| format!("parameter `{name}`: {e}"))?
                }
                None => Shape::of_kind(Kind::Any),
            };
            let required = location == ParamIn::Path
                || param.get("required").and_then(Value::as_bool) == Some(true);
            out.insert((location, name.to_string()), Slot { required, shape });
        }
    }
    Ok(out)
}

/// Picks the media type the generator would use: JSON, then form, then whatever comes first.
fn pick_media(content: &Value) -> Option<(&str, &Value)> {
    let content = content.as_object()?;
    ["application/json", "application/x-www-form-urlencoded"]
        .iter()
        .find_map(|ct| content.get_key_value(*ct))
        .or_else(|| content.iter().min_by_key(|(k, _)| k.as_str()))
        .map(|(k, v)| (k.as_str(), v))
}

fn body(
    root: &Value,
    body: Option<&Value>,
    refs: &mut BTreeSet<String>,
) -> Result<Option<Body>, String> {
    let Some(body) = body else { return Ok(None) };
    let body = resolve(root, body)?;
    let Some((content_type, media)) = body.get("content").and_then(pick_media) else {
        return Ok(None);
    };
    let Some(schema) = media.get("schema") else {
        return Ok(None);
    };
    collect_schema_refs(schema, refs);
    let shape = shape_of(root, schema, 0).map_err(|e| format!("request body: {e}"))?;
    Ok(Some(Body {
        content_type: content_type.to_string(),
        shape,
    }))
}

fn response(
    root: &Value,
    responses: Option<&Value>,
    refs: &mut BTreeSet<String>,
) -> Result<Option<Shape>, String> {
    let Some(responses) = responses.and_then(Value::as_object) else {
        return Ok(None);
    };
    // The lowest 2xx code is the one the generated method returns.
    let Some((code, response)) = responses
        .iter()
        .filter(|(code, _)| code.starts_with('2'))
        .min_by_key(|(code, _)| code.as_str())
    else {
        return Ok(None);
    };
    let response = resolve(root, response).map_err(|e| format!("response {code}: {e}"))?;
    let Some((_, media)) = response.get("content").and_then(pick_media) else {
        return Ok(None);
    };
    let Some(schema) = media.get("schema") else {
        return Ok(None);
    };
    collect_schema_refs(schema, refs);
    shape_of(root, schema, 0)
        .map(Some)
        .map_err(|e| format!("response {code}: {e}"))
}

/// Reduces a schema to a [`Shape`].
pub(crate) fn shape_of(root: &Value, schema: &Value, depth: usize) -> Result<Shape, String> {
    if depth > MAX_SCHEMA_DEPTH {
        return Err("schemas are nested too deeply".into());
    }
    let Some(map) = schema.as_object() else {
        // `true`, or something that is not a schema at all: nothing to constrain.
        return Ok(Shape::of_kind(Kind::Any));
    };
    // In OpenAPI 3.0, keys next to a `$ref` are ignored, so Twilio's
    // `{type: string, $ref: …}` is the same as a bare `$ref`.
    if let Some(reference) = ref_of(schema) {
        lookup(root, reference)?;
        return match schema_ref_name(reference) {
            Some(name) => Ok(Shape::of_kind(Kind::Ref(name))),
            None => shape_of(root, resolve(root, schema)?, depth + 1),
        };
    }
    // `allOf: [X]` is the usual way to attach a description to a reference.
    if let Some([only]) = map
        .get("allOf")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        && map.get("properties").is_none()
    {
        return shape_of(root, only, depth + 1);
    }
    if ["allOf", "oneOf", "anyOf", "not"]
        .iter()
        .any(|k| map.contains_key(*k))
    {
        return Ok(Shape::of_kind(Kind::Composite(canonical(schema))));
    }

    let enum_values = map.get("enum").and_then(Value::as_array).map(|values| {
        values
            .iter()
            .filter(|v| !v.is_null()) // `null` in a nullable enum is not a variant
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<BTreeSet<_>>()
    });
    let pattern = map.get("pattern").and_then(Value::as_str).map(String::from);
    let format = map.get("format").and_then(Value::as_str).map(String::from);

    let kind = match map.get("type") {
        Some(Value::String(t)) => match t.as_str() {
            "string" => Kind::String(format),
            "integer" => Kind::Integer(format),
            "number" => Kind::Number(format),
            "boolean" => Kind::Boolean,
            "array" => Kind::Array(Box::new(match map.get("items") {
                Some(items) => shape_of(root, items, depth + 1)?,
                None => Shape::of_kind(Kind::Any),
            })),
            "object" => Kind::Object(properties(root, map, depth)?),
            other => return Err(format!("unknown schema type `{other}`")),
        },
        Some(other) => Kind::Composite(canonical(other)),
        None if map.contains_key("properties") => Kind::Object(properties(root, map, depth)?),
        // An untyped enum is, in Twilio's specs, always an enum of strings.
        None if enum_values.is_some() => Kind::String(None),
        None => Kind::Any,
    };
    Ok(Shape {
        kind,
        enum_values,
        pattern,
    })
}

fn properties(
    root: &Value,
    map: &serde_json::Map<String, Value>,
    depth: usize,
) -> Result<BTreeMap<String, Slot>, String> {
    let required: BTreeSet<&str> = map
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let mut out = BTreeMap::new();
    for (name, schema) in map
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let shape =
            shape_of(root, schema, depth + 1).map_err(|e| format!("property `{name}`: {e}"))?;
        out.insert(
            name.clone(),
            Slot {
                required: required.contains(name.as_str()),
                shape,
            },
        );
    }
    Ok(out)
}

/// Canonical JSON of a schema minus documentation, with sorted keys (the
/// workspace may turn on serde_json's `preserve_order`, so `Value`'s own
/// order can't be relied on).
fn canonical(value: &Value) -> String {
    fn write(value: &Value, out: &mut String) {
        match value {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map
                    .keys()
                    .filter(|k| {
                        !matches!(k.as_str(), "description" | "example" | "examples" | "title")
                            && !k.starts_with("x-")
                    })
                    .collect();
                keys.sort();
                out.push('{');
                for (i, key) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String(key.clone()).to_string());
                    out.push(':');
                    write(&map[key], out);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(item, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    write(value, &mut out);
    out
}
