use serde_json::Value;

/// Keeps one request media type per operation, the one Twilio's libraries send: form
/// encoding when the operation offers it, else `application/json`, else the first JSON-like
/// type (`application/scim+json`), else the first listed.
///
/// progenitor generates one body per operation and panics (`todo!`) on an operation that
/// offers several (the SCIM user operations offer `application/json` and
/// `application/scim+json` with the same schema).
pub fn one_request_media_type(spec: &mut Value) {
    for (_, _, op) in super::operations_mut(spec) {
        let Some(content) = op
            .get_mut("requestBody")
            .and_then(|b| b.get_mut("content"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        if content.len() < 2 {
            continue;
        }
        let keys: Vec<String> = content.keys().cloned().collect();
        let chosen = ["application/x-www-form-urlencoded", "application/json"]
            .iter()
            .find(|k| content.contains_key(**k))
            .map(|k| k.to_string())
            .or_else(|| keys.iter().find(|k| k.ends_with("+json")).cloned())
            .unwrap_or_else(|| keys[0].clone());
        content.retain(|k, _| *k == chosen);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_then_json_then_json_like() {
        let mut spec = crate::fixups::parse(
            r#"
paths:
  /a:
    post:
      requestBody:
        content:
          application/json: {schema: {type: object}}
          application/x-www-form-urlencoded: {schema: {type: object}}
  /b:
    put:
      requestBody:
        content:
          application/scim+json: {schema: {type: object}}
          application/json: {schema: {type: object}}
  /c:
    patch:
      requestBody:
        content:
          text/plain: {schema: {type: string}}
          application/scim+json: {schema: {type: object}}
"#,
        );
        one_request_media_type(&mut spec);
        let types = |p: &str, m: &str| -> Vec<String> {
            spec["paths"][p][m]["requestBody"]["content"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect()
        };
        assert_eq!(types("/a", "post"), ["application/x-www-form-urlencoded"]);
        assert_eq!(types("/b", "put"), ["application/json"]);
        assert_eq!(types("/c", "patch"), ["application/scim+json"]);
    }
}
