use serde_json::{Value, json};

/// `type: object, format: uri-map` (the `links` fields) → a map of link name to URL.
///
/// typify has no mapping for this format and panics (`todo!`); Twilio means "an object whose
/// values are URLs", which is exactly `additionalProperties: {type: string, format: uri}`.
pub fn uri_map_to_string_map(spec: &mut Value) {
    super::visit_objects_mut(spec, &mut String::from("#"), &mut |map, _| {
        if map.get("format").and_then(Value::as_str) == Some("uri-map") {
            map.remove("format");
            map.insert(
                "additionalProperties".into(),
                json!({"type": "string", "format": "uri"}),
            );
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_map_becomes_string_map() {
        let mut spec = crate::fixups::parse(
            "components: {schemas: {x: {type: object, properties: {links: {type: object, format: uri-map, nullable: true}}}}}",
        );
        uri_map_to_string_map(&mut spec);
        let links = &spec["components"]["schemas"]["x"]["properties"]["links"];
        assert!(links.get("format").is_none());
        assert_eq!(links["additionalProperties"]["format"], "uri");
        assert_eq!(links["nullable"], true);
    }
}
