use serde_json::Value;

/// Removes `Authorization` header *parameters* (declared on the Insights operations).
///
/// The client authenticates every request itself; a second, caller-set `Authorization` would
/// be a secret in a setter, and Twilio's own libraries overwrite it with Basic auth anyway.
pub fn drop_authorization_header_params(spec: &mut Value) {
    for (_, _, op) in super::operations_mut(spec) {
        if let Some(Value::Array(params)) = op.get_mut("parameters") {
            params.retain(|p| {
                !(p.get("in").and_then(Value::as_str) == Some("header")
                    && p.get("name")
                        .and_then(Value::as_str)
                        .is_some_and(|n| n.eq_ignore_ascii_case("authorization")))
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization_header_param_is_removed_others_kept() {
        let mut spec = crate::fixups::parse(
            r#"
paths:
  /v1/X:
    get:
      operationId: ListX
      parameters:
        - {name: Authorization, in: header, schema: {type: string}}
        - {name: Flex-Metadata, in: header, schema: {type: string}}
"#,
        );
        drop_authorization_header_params(&mut spec);
        let params = spec["paths"]["/v1/X"]["get"]["parameters"]
            .as_array()
            .unwrap();
        assert_eq!(params.len(), 1);
        assert_eq!(params[0]["name"], "Flex-Metadata");
    }
}
