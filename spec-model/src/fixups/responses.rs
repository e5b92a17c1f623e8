use super::ListResponse;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Drops `required` and the fields' `default`s from every object a response returns
/// (inline, or a component no request body or parameter uses: Twilio's resources, even one
/// no operation returns yet), so each response field is `Option<T>`
/// whatever Twilio's flags say. An array or map field (`Vec`, `HashMap`) is marked
/// `nullable` too, so it is `Option<Vec<T>>` with or without Twilio's `nullable` (typify
/// gives a non-nullable one `Vec<T>` with `#[serde(default)]`, a nullable one `Option`); the
/// items field of a list page (`lists`, from `share_list_meta`) stays `Vec<T>`, which paging
/// reads.
///
/// Twilio flips `required`, `default` and `nullable` on response fields between releases
/// (`ConfiguredPlugin.phase` had a default, then none for nine releases, then one again;
/// three fields became required in 2024-09; `Configuration`'s four list fields gained
/// `nullable` on 2021-02-22):
/// generated from the flags, a field's type would follow each flip, and so would the code
/// that reads it. Responses omit fields anyway. Components a request body or parameter also
/// uses keep their flags: there `required` says what the caller must send.
pub fn optional_response_fields(spec: &mut Value, lists: &[ListResponse]) {
    let list_items: BTreeMap<&str, &str> = lists
        .iter()
        .map(|l| (l.type_name.as_str(), l.items_field.as_str()))
        .collect();
    let mut request_roots = Vec::new();
    for (_, _, op) in super::operations_mut(spec) {
        for key in ["requestBody", "parameters"] {
            if let Some(v) = op.get(key) {
                request_roots.push(v.clone());
            }
        }
    }
    let schemas = super::schemas_mut(spec).cloned().unwrap_or_default();
    let reached = |roots: &[Value]| {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<Value> = roots.to_vec();
        while let Some(v) = todo.pop() {
            for target in refs(&v) {
                if let Some(schema) = schemas.get(&target)
                    && seen.insert(target)
                {
                    todo.push(schema.clone());
                }
            }
        }
        seen
    };
    let from_requests = reached(&request_roots);
    // Inline response schemas.
    for (_, _, op) in super::operations_mut(spec) {
        if let Some(responses) = op.get_mut("responses") {
            drop_required(responses, &list_items);
        }
    }
    if let Some(schemas) = super::schemas_mut(spec) {
        for (name, schema) in schemas.iter_mut() {
            if !from_requests.contains(name) {
                drop_required(schema, &list_items);
            }
        }
    }
}

/// Where [`optional_response_fields`] keeps a response field's `default`: the value Twilio
/// fills in when it has none.
pub const RESPONSE_DEFAULT: &str = "x-twilio-response-default";

/// An array, or a map (an object with `additionalProperties` and no `properties`): what
/// typify turns into `Vec`/`HashMap` with a `#[serde(default)]` rather than an `Option`.
fn is_collection(schema: &serde_json::Map<String, Value>) -> bool {
    match schema.get("type").and_then(Value::as_str) {
        Some("array") => true,
        Some("object") => {
            schema
                .get("additionalProperties")
                .is_some_and(|a| a.is_object() || a == &Value::Bool(true))
                && schema
                    .get("properties")
                    .and_then(Value::as_object)
                    .is_none_or(|p| p.is_empty())
        }
        _ => false,
    }
}

/// The component names a value refers to (`#/components/schemas/X` → `X`).
fn refs(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                if let Some(name) = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                {
                    out.push(name.to_string());
                }
                map.iter()
                    .filter(|(k, _)| !matches!(k.as_str(), "example" | "examples"))
                    .for_each(|(_, v)| walk(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    walk(v, &mut out);
    out
}

/// Removes `required` lists and the properties' `default`s from a schema and the schemas
/// inside it (not through `$ref`s), and marks array and map properties `nullable`, except a
/// list page's items (`list_items`: page title → items field).
fn drop_required(v: &mut Value, list_items: &BTreeMap<&str, &str>) {
    super::visit_objects_mut(v, &mut String::new(), &mut |map, _| {
        if matches!(map.get("required"), Some(Value::Array(_))) {
            map.remove("required");
        }
        let items_field = map
            .get("title")
            .and_then(Value::as_str)
            .and_then(|t| list_items.get(t).copied());
        if let Some(Value::Object(props)) = map.get_mut("properties") {
            for (name, prop) in props.iter_mut() {
                let Some(prop) = prop.as_object_mut() else {
                    continue;
                };
                if Some(name.as_str()) != items_field && is_collection(prop) {
                    prop.insert("nullable".into(), Value::Bool(true));
                }
                // What the server fills in stays known (the mock answers with it), out of
                // typify's sight.
                if let Some(default) = prop.remove("default") {
                    prop.insert(RESPONSE_DEFAULT.into(), default);
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_fields_are_optional_whatever_the_flags() {
        let mut spec = crate::fixups::parse(
            r##"
paths:
  /v1/Plugins:
    get:
      responses:
        '200':
          content:
            application/json:
              schema:
                type: object
                required: [plugins]
                properties:
                  plugins: {type: array, items: {$ref: "#/components/schemas/Plugin"}}
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {$ref: "#/components/schemas/Shared"}
      parameters:
      - {name: Sid, in: path, required: true, schema: {type: string}}
      responses:
        '201':
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Shared"}
components:
  schemas:
    Plugin:
      type: object
      required: [phase]
      properties:
        phase: {type: integer, default: 0}
        default: {type: string}
        nested: {type: object, required: [a], properties: {a: {type: string}}}
        sids: {type: array, items: {type: string}}
        links: {type: object, additionalProperties: {type: string}}
        free: {type: object}
    Unused:
      type: object
      required: [level]
      properties:
        level: {type: integer, default: 0}
    Shared:
      type: object
      required: [name]
      properties:
        name: {type: string}
"##,
        );
        let lists = [ListResponse {
            operation_id: "ListPlugins".into(),
            type_name: "ListPluginsResponse".into(),
            items_field: "plugins".into(),
            item_type: "Plugin".into(),
        }];
        spec["paths"]["/v1/Plugins"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
            ["title"] = "ListPluginsResponse".into();
        optional_response_fields(&mut spec, &lists);
        let schemas = &spec["components"]["schemas"];
        assert!(schemas["Plugin"].get("required").is_none());
        assert!(
            schemas["Plugin"]["properties"]["phase"]
                .get("default")
                .is_none()
        );
        // A field named `default` is a field.
        assert_eq!(schemas["Plugin"]["properties"]["default"]["type"], "string");
        assert!(
            schemas["Plugin"]["properties"]["nested"]
                .get("required")
                .is_none()
        );
        let inline = &spec["paths"]["/v1/Plugins"]["get"]["responses"]["200"]["content"]["application/json"]
            ["schema"];
        assert!(inline.get("required").is_none());
        // Arrays and maps are `Option<…>` whether Twilio says `nullable` or not, but a list
        // page's items stay a `Vec`, and neither a string nor free-form JSON is marked.
        let props = &schemas["Plugin"]["properties"];
        assert_eq!(props["sids"]["nullable"], true);
        assert_eq!(props["links"]["nullable"], true);
        assert!(props["free"].get("nullable").is_none());
        assert!(props["default"].get("nullable").is_none());
        assert!(inline["properties"]["plugins"].get("nullable").is_none());
        // A resource no operation returns yet is a resource all the same.
        assert!(schemas["Unused"].get("required").is_none());
        assert!(
            schemas["Unused"]["properties"]["level"]
                .get("default")
                .is_none()
        );
        // A request uses it too: what the caller must send stays required.
        assert_eq!(schemas["Shared"]["required"][0], "name");
        assert!(
            schemas["Shared"]["properties"]["name"]
                .get("nullable")
                .is_none()
        );
        // Parameters keep their own `required: true` (not a list).
        let param = &spec["paths"]["/v1/Plugins"]["post"]["parameters"][0];
        assert_eq!(param["required"], true);
    }
}
