use serde_json::Value;

/// Numbers are `f64`: `type: number, format: float` loses its format.
///
/// typify maps `format: float` to `f32`, and an `f32` re-encodes `0.3` as
/// `0.30000001192092896`: a client would send back, and show, values Twilio never sent.
/// JSON numbers are doubles in every Twilio library.
pub fn numbers_as_doubles(spec: &mut Value) {
    super::visit_objects_mut(spec, &mut String::from("#"), &mut |map, _| {
        if map.get("type").and_then(Value::as_str) == Some("number")
            && map.get("format").and_then(Value::as_str) == Some("float")
        {
            map.remove("format");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_become_doubles() {
        let mut spec = crate::fixups::parse(
            "components: {schemas: {R: {properties: {score: {type: number, format: float}, n: {type: integer, format: int32}, d: {type: number, format: double}}}}}",
        );
        numbers_as_doubles(&mut spec);
        let props = &spec["components"]["schemas"]["R"]["properties"];
        assert!(props["score"].get("format").is_none());
        assert_eq!(props["n"]["format"], "int32");
        assert_eq!(props["d"]["format"], "double");
    }
}
