use serde_json::Value;
use std::collections::BTreeSet;

/// Drops `required` and the fields' `default`s from every object a response returns
/// (inline, or a component no request body or parameter uses: Twilio's resources, even one
/// no operation returns yet), so each response field is `Option<T>`
/// whatever Twilio's flags say.
///
/// Twilio flips `required`, `default` and `nullable` on response fields between releases
/// (`ConfiguredPlugin.phase` had a default, then none for nine releases, then one again;
/// three fields became required in 2024-09):
/// generated from the flags, a field's type would follow each flip, and so would the code
/// that reads it. Responses omit fields anyway. Components a request body or parameter also
/// uses keep their flags: there `required` says what the caller must send.
pub fn optional_response_fields(spec: &mut Value) {
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
            drop_required(responses);
        }
    }
    if let Some(schemas) = super::schemas_mut(spec) {
        for (name, schema) in schemas.iter_mut() {
            if !from_requests.contains(name) {
                drop_required(schema);
            }
        }
    }
}

/// Where [`optional_response_fields`] keeps a response field's `default`: the value Twilio
/// fills in when it has none.
pub const RESPONSE_DEFAULT: &str = "x-twilio-response-default";

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
/// inside it (not through `$ref`s).
fn drop_required(v: &mut Value) {
    super::visit_objects_mut(v, &mut String::new(), &mut |map, _| {
        if matches!(map.get("required"), Some(Value::Array(_))) {
            map.remove("required");
        }
        if let Some(Value::Object(props)) = map.get_mut("properties") {
            for prop in props.values_mut().filter_map(Value::as_object_mut) {
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
        optional_response_fields(&mut spec);
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
        // A resource no operation returns yet is a resource all the same.
        assert!(schemas["Unused"].get("required").is_none());
        assert!(
            schemas["Unused"]["properties"]["level"]
                .get("default")
                .is_none()
        );
        // A request uses it too: what the caller must send stays required.
        assert_eq!(schemas["Shared"]["required"][0], "name");
        // Parameters keep their own `required: true` (not a list).
        let param = &spec["paths"]["/v1/Plugins"]["post"]["parameters"][0];
        assert_eq!(param["required"], true);
    }
}
