use serde_json::{Value, json};

/// Objects with a `format` Twilio invented: `type: object, format: phone-number-capabilities`,
/// `prefixed-collapsible-map-AddOns`, `inbound-sms-price`, `subscribe-rule`, `uri-map`, and
/// for two weeks in 2022 `format: object`. OpenAPI defines no object formats; typify panics
/// (`todo!`) on every one.
///
/// - `uri-map` (the `links` fields) means "an object whose values are URLs": a map of link
///   name to URL string.
/// - Any other format is a name for the object's shape: the format is dropped and the
///   properties are kept. An object with no properties is then free-form, like Twilio's other
///   untyped objects (see [`free_form_objects_as_values`](super::free_form_objects_as_values)),
///   so a field keeps one Rust type whether Twilio writes a format on it or not.
pub fn custom_object_formats(spec: &mut Value) {
    super::visit_objects_mut(spec, &mut String::from("#"), &mut |map, _| {
        if map.get("type").and_then(Value::as_str) != Some("object") {
            return;
        }
        let Some(format) = map.remove("format") else {
            return;
        };
        if format.as_str() == Some("uri-map") && !map.contains_key("properties") {
            map.insert(
                "additionalProperties".into(),
                json!({"type": "string", "format": "uri"}),
            );
        }
    });
}

/// A `links` property of a schema, an object with nothing else said about its shape, is
/// Twilio's map of related resources' URLs whether or not the release writes
/// `format: uri-map` on it: it gets that format, so it has one Rust type (a map of strings,
/// see [`custom_object_formats`]) in every release.
///
/// Twilio's releases have written the same `links` as `format: uri-map`, `format: object`
/// (April 2022) and no format at all; untouched, the field's type would flip between
/// `HashMap<String, String>` and `serde_json::Value` with nothing changed on the wire.
pub fn links_as_uri_maps(spec: &mut Value) {
    super::visit_objects_mut(spec, &mut String::from("#"), &mut |map, _| {
        let Some(Value::Object(props)) = map.get_mut("properties") else {
            return;
        };
        let Some(Value::Object(links)) = props.get_mut("links") else {
            return;
        };
        let shapeless = [
            "properties",
            "additionalProperties",
            "allOf",
            "oneOf",
            "anyOf",
            "$ref",
        ]
        .iter()
        .all(|k| !links.contains_key(*k));
        if shapeless && links.get("type").and_then(Value::as_str) == Some("object") {
            links.insert("format".into(), json!("uri-map"));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_uri_maps_whatever_format_twilio_writes() {
        let mut spec = crate::fixups::parse(
            r#"
components:
  schemas:
    a: {type: object, properties: {links: {type: object, nullable: true}}}
    b: {type: object, properties: {links: {type: object, format: object}}}
    c: {type: object, properties: {links: {type: object, format: uri-map}}}
    d: {type: object, properties: {links: {type: object, properties: {x: {type: string}}}}}
    e: {type: object, properties: {other: {type: object}}}
"#,
        );
        links_as_uri_maps(&mut spec);
        custom_object_formats(&mut spec);
        let schemas = &spec["components"]["schemas"];
        for name in ["a", "b", "c"] {
            let links = &schemas[name]["properties"]["links"];
            assert_eq!(links["additionalProperties"]["type"], "string", "{name}");
        }
        // A `links` with a shape of its own, and other fields, are left alone.
        assert!(
            schemas["d"]["properties"]["links"]
                .get("additionalProperties")
                .is_none()
        );
        assert!(
            schemas["e"]["properties"]["other"]
                .get("additionalProperties")
                .is_none()
        );
    }

    #[test]
    fn uri_map_becomes_string_map() {
        let mut spec = crate::fixups::parse(
            "components: {schemas: {x: {type: object, properties: {links: {type: object, format: uri-map, nullable: true}}}}}",
        );
        custom_object_formats(&mut spec);
        let links = &spec["components"]["schemas"]["x"]["properties"]["links"];
        assert!(links.get("format").is_none());
        assert_eq!(links["additionalProperties"]["format"], "uri");
        assert_eq!(links["nullable"], true);
    }

    #[test]
    fn other_formats_keep_their_properties_or_become_free_form() {
        let mut spec = crate::fixups::parse(
            r#"
components:
  schemas:
    PhoneNumber:
      type: object
      properties:
        capabilities:
          type: object
          format: phone-number-capabilities
          properties: {voice: {type: boolean}, sms: {type: boolean}}
        add_ons: {type: object, format: prefixed-collapsible-map-AddOns}
        data: {type: object, format: object, nullable: true}
        name: {type: string, format: phone-number}
"#,
        );
        custom_object_formats(&mut spec);
        let props = &spec["components"]["schemas"]["PhoneNumber"]["properties"];
        assert!(props["capabilities"].get("format").is_none());
        assert_eq!(
            props["capabilities"]["properties"]["sms"]["type"],
            "boolean"
        );
        for shapeless in ["add_ons", "data"] {
            assert!(props[shapeless].get("format").is_none(), "{shapeless}");
            assert_eq!(props[shapeless]["type"], "object", "{shapeless}");
        }
        assert_eq!(props["data"]["nullable"], true);
        // String formats are OpenAPI's own and stay.
        assert_eq!(props["name"]["format"], "phone-number");
        // Once free-form, the shapeless ones are any JSON like Twilio's other untyped objects.
        crate::fixups::free_form_objects_as_values(&mut spec);
        let props = &spec["components"]["schemas"]["PhoneNumber"]["properties"];
        assert!(props["add_ons"].get("type").is_none());
        assert_eq!(props["capabilities"]["type"], "object");
    }
}
