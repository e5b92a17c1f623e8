use serde_json::Value;

/// `application/json` request bodies declared as `type: object` with no properties
/// (UpdateConfiguration, the Interaction Transfers) become free-form JSON objects.
///
/// Twilio documents these bodies in prose only; typify would otherwise generate an empty
/// struct, and nothing a caller sets would reach the wire.
pub fn free_form_json_bodies(spec: &mut Value) {
    for (_, _, op) in super::operations_mut(spec) {
        let Some(schema) = op
            .get_mut("requestBody")
            .and_then(|b| b.get_mut("content"))
            .and_then(|c| c.get_mut("application/json"))
            .and_then(|m| m.get_mut("schema"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let empty = schema
            .get("properties")
            .and_then(Value::as_object)
            .is_none_or(|p| p.is_empty());
        if schema.get("type").and_then(Value::as_str) == Some("object") && empty {
            schema.remove("properties");
            schema.insert("additionalProperties".into(), Value::Bool(true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_json_body_becomes_free_form() {
        let mut spec = crate::fixups::parse(
            r#"
paths:
  /v1/Configuration:
    post:
      operationId: UpdateConfiguration
      requestBody:
        content:
          application/json:
            schema: {type: object, title: UpdateConfigurationRequest, properties: {}}
"#,
        );
        free_form_json_bodies(&mut spec);
        let schema = &spec["paths"]["/v1/Configuration"]["post"]["requestBody"]["content"]["application/json"]
            ["schema"];
        assert!(schema.get("properties").is_none());
        assert_eq!(schema["additionalProperties"], true);
    }
}
