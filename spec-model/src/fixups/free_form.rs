use serde_json::Value;

/// Free-form objects (`type: object` with nothing else said about their shape) become `{}`,
/// so they are `serde_json::Value` like Twilio's untyped `{}` fields.
///
/// Twilio flips ~47 fields between `{}` and `{type: object}` from one release to the next;
/// typify maps one to `Value` and the other to `Map`, so each flip would change callers'
/// types for nothing. JSON request bodies keep their map type (see `free_form_json_bodies`,
/// which runs first and marks them with `additionalProperties`).
pub fn free_form_objects_as_values(spec: &mut Value) {
    super::visit_objects_mut(spec, &mut String::from("#"), &mut |map, location| {
        let shapeless = [
            "properties",
            "additionalProperties",
            "allOf",
            "oneOf",
            "anyOf",
            "$ref",
            "items",
            "enum",
            "format",
        ]
        .iter()
        .all(|k| !map.contains_key(*k));
        // Top-level components keep their type: they are named types, not fields.
        let is_component =
            location.matches('/').count() == 3 && location.starts_with("#/components/schemas/");
        if shapeless && !is_component && map.get("type").and_then(Value::as_str) == Some("object") {
            map.remove("type");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapeless_object_fields_become_any_json() {
        let mut spec = crate::fixups::parse(
            r#"
components:
  schemas:
    Interaction:
      type: object
      properties:
        channel: {type: object, nullable: true, description: "The channel."}
        routing: {description: "untyped already"}
        links: {type: object, additionalProperties: {type: string}}
"#,
        );
        free_form_objects_as_values(&mut spec);
        let props = &spec["components"]["schemas"]["Interaction"]["properties"];
        assert!(props["channel"].get("type").is_none());
        assert_eq!(props["channel"]["nullable"], true);
        assert_eq!(props["links"]["type"], "object");
        assert_eq!(
            spec["components"]["schemas"]["Interaction"]["type"],
            "object"
        );
    }
}
