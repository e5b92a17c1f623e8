use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Inlines every `$ref` to a named schema that is not a type of its own: a string, number,
/// integer, boolean, array or shapeless object component (Twilio's `sid_FO`, `string`,
/// `date_time_iso8601`, `url`, `boolean`, `object`, `object_list` of February 2021), then
/// drops those components. Named objects with properties and named enums stay.
///
/// Twilio moved to such `$ref`s and back within weeks (2021-02-08 to 2021-03-12). typify
/// makes a newtype of each (`SidFo`, `DateTimeIso8601`, `Url`, `Boolean(Option<bool>)`),
/// which renames every field's type for nothing on the wire, and fails to compile for some
/// (`#[serde(transparent)]` over a `nullable` field). Inlined, a SID pattern becomes its SID
/// type (`hoist_sid_patterns`), a timestamp `DateTime<Utc>`, a URL a `String`: the types
/// the same fields have when Twilio writes them inline.
pub fn inline_named_primitives(spec: &mut Value) {
    let Some(schemas) = super::schemas_mut(spec) else {
        return;
    };
    let primitives: BTreeMap<String, Value> = schemas
        .iter()
        .filter(|(_, schema)| is_primitive(schema))
        .map(|(name, schema)| (format!("#/components/schemas/{name}"), schema.clone()))
        .collect();
    if primitives.is_empty() {
        return;
    }
    schemas.retain(|name, _| !primitives.contains_key(&format!("#/components/schemas/{name}")));
    // A primitive may refer to another (`sid_ZS_list`'s items); a few rounds settle it, and
    // a cycle among primitives (meaningless) stops after them.
    for _ in 0..8 {
        let mut changed = false;
        super::visit_objects_mut(spec, &mut String::from("#"), &mut |map, _| {
            let Some(target) = map.get("$ref").and_then(Value::as_str) else {
                return;
            };
            let Some(Value::Object(inline)) = primitives.get(target) else {
                return;
            };
            // What the referring site says besides the `$ref` (a description) wins.
            let mut merged: Map<String, Value> = inline.clone();
            for (k, v) in map.iter() {
                if k != "$ref" {
                    merged.insert(k.clone(), v.clone());
                }
            }
            *map = merged;
            changed = true;
        });
        if !changed {
            break;
        }
    }
}

/// A schema that typify would make a newtype of, rather than a type of its own.
fn is_primitive(schema: &Value) -> bool {
    let Some(map) = schema.as_object() else {
        return false;
    };
    let shaped = [
        "enum",
        "properties",
        "allOf",
        "oneOf",
        "anyOf",
        "additionalProperties",
    ]
    .iter()
    .any(|k| map.contains_key(*k));
    let ty = map.get("type").and_then(Value::as_str);
    !shaped
        && matches!(
            ty,
            Some("string" | "integer" | "number" | "boolean" | "array" | "object")
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_to_named_primitives_become_the_primitive() {
        let mut spec = crate::fixups::parse(
            r##"
components:
  schemas:
    sid_FO: {type: string, nullable: true, pattern: "^FO[0-9a-fA-F]{32}$"}
    sid_ZS_list: {type: array, nullable: true, items: {$ref: "#/components/schemas/sid_ZS"}}
    sid_ZS: {type: string, pattern: "^ZS[0-9a-fA-F]{32}$"}
    date_time_iso8601: {type: string, format: date-time, nullable: true}
    boolean: {type: boolean, nullable: true}
    status: {type: string, enum: [ok, failed]}
    flex.v1.flex_flow:
      type: object
      properties:
        sid: {$ref: "#/components/schemas/sid_FO"}
        services: {$ref: "#/components/schemas/sid_ZS_list"}
        date_created: {$ref: "#/components/schemas/date_time_iso8601", description: "When."}
        enabled: {$ref: "#/components/schemas/boolean"}
        status: {$ref: "#/components/schemas/status"}
paths:
  /v1/FlexFlows/{Sid}:
    get:
      parameters:
      - {name: Sid, in: path, schema: {$ref: "#/components/schemas/sid_FO"}}
"##,
        );
        inline_named_primitives(&mut spec);
        let schemas = spec["components"]["schemas"].as_object().unwrap();
        let mut names: Vec<&str> = schemas.keys().map(String::as_str).collect();
        names.sort();
        assert_eq!(names, ["flex.v1.flex_flow", "status"]);
        let props = &spec["components"]["schemas"]["flex.v1.flex_flow"]["properties"];
        assert_eq!(props["sid"]["pattern"], "^FO[0-9a-fA-F]{32}$");
        assert_eq!(props["services"]["items"]["pattern"], "^ZS[0-9a-fA-F]{32}$");
        assert_eq!(props["date_created"]["format"], "date-time");
        assert_eq!(props["date_created"]["description"], "When.");
        assert_eq!(props["enabled"]["type"], "boolean");
        // Enums are types of their own.
        assert_eq!(props["status"]["$ref"], "#/components/schemas/status");
        let param = &spec["paths"]["/v1/FlexFlows/{Sid}"]["get"]["parameters"][0]["schema"];
        assert_eq!(param["type"], "string");
    }

    #[test]
    fn objects_with_properties_stay_named() {
        assert!(!is_primitive(
            &serde_json::json!({"type": "object", "properties": {}})
        ));
        assert!(!is_primitive(
            &serde_json::json!({"type": "string", "enum": ["a"]})
        ));
        assert!(is_primitive(&serde_json::json!({"type": "object"})));
    }
}
