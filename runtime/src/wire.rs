//! Request bodies as Twilio's own libraries send them.
//!
//! Form bodies (`application/x-www-form-urlencoded`): booleans `true`/`false`, arrays as
//! repeated keys (`QuestionSids=GE…&QuestionSids=GE…`), objects as compact JSON strings,
//! date-times RFC 3339, absent optional fields omitted. `serde_urlencoded` (progenitor's
//! default) refuses arrays at runtime, so generated builders use this encoder instead.

use reqwest::header::{CONTENT_TYPE, HeaderValue};
use serde::Serialize;
use serde_json::Value;

/// Encodes a body as Twilio's form encoding. The body must serialize to a JSON object.
pub fn encode_form<T: Serialize + ?Sized>(body: &T) -> Result<String, serde_json::Error> {
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_pairs(body)? {
        form.append_pair(&key, &value);
    }
    Ok(form.finish())
}

/// The (key, value) pairs [`encode_form`] sends, in order, before percent-encoding.
pub fn form_pairs<T: Serialize + ?Sized>(
    body: &T,
) -> Result<Vec<(String, String)>, serde_json::Error> {
    let mut pairs = Vec::new();
    match serde_json::to_value(body)? {
        Value::Object(map) => {
            for (key, value) in map {
                push(&mut pairs, &key, value);
            }
        }
        Value::Null => {}
        other => {
            return Err(serde::ser::Error::custom(format!(
                "a form body must be an object, not {other}"
            )));
        }
    }
    Ok(pairs)
}

/// Appends `value` under `key` as [`encode_form`] does (the dynamic path encodes field by
/// field, in the catalogue's order).
pub(crate) fn push(pairs: &mut Vec<(String, String)>, key: &str, value: Value) {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Array(_) | Value::Object(_) => {
                        pairs.push((key.to_string(), item.to_string()))
                    }
                    scalar => push(pairs, key, scalar),
                }
            }
        }
        Value::Bool(b) => pairs.push((key.to_string(), b.to_string())),
        Value::Number(n) => pairs.push((key.to_string(), number(&n))),
        Value::String(s) => pairs.push((key.to_string(), s)),
        object @ Value::Object(_) => pairs.push((key.to_string(), object.to_string())),
    }
}

/// Integral floats as integers (`10`, not `10.0`), as Twilio's examples and libraries write them.
pub(crate) fn number(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if !n.is_i64() && !n.is_u64() && f.fract() == 0.0 && f.abs() < 9.0e15 => {
            format!("{}", f as i64)
        }
        _ => n.to_string(),
    }
}

/// Decodes `null` as the type's default (an empty list or map): Twilio sends `null` for
/// lists and maps its spec declares as always present.
#[doc(hidden)]
pub fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de> + Default,
{
    use serde::Deserialize as _;
    Option::<T>::deserialize(d).map(Option::unwrap_or_default)
}

/// Decodes a map of strings (the `links` of a resource), leaving out `null` values: Twilio
/// sends `"last_message": null` in maps its spec declares as strings, and a missing link reads
/// the same (`links.get("last_message")` is `None`).
#[doc(hidden)]
pub fn string_map_without_nulls<'de, D, M>(d: D) -> Result<Option<M>, D::Error>
where
    D: serde::Deserializer<'de>,
    M: Default + Extend<(String, String)>,
{
    use serde::Deserialize as _;
    let raw = Option::<std::collections::BTreeMap<String, Option<String>>>::deserialize(d)?;
    Ok(raw.map(|raw| {
        let mut map = M::default();
        map.extend(raw.into_iter().filter_map(|(k, v)| Some((k, v?))));
        map
    }))
}

/// Replaces progenitor's `RequestBuilderExt` in generated code (see `use_twilio_form_encoding` in `codegen/src/postprocess/plumbing.rs`).
// The signature mirrors progenitor's trait, which generated code calls.
#[allow(clippy::result_large_err)]
pub trait RequestBuilderExt<E> {
    fn form_urlencoded<T: Serialize + ?Sized>(
        self,
        body: &T,
    ) -> Result<reqwest::RequestBuilder, progenitor_client::Error<E>>;
}

impl<E> RequestBuilderExt<E> for reqwest::RequestBuilder {
    fn form_urlencoded<T: Serialize + ?Sized>(
        self,
        body: &T,
    ) -> Result<reqwest::RequestBuilder, progenitor_client::Error<E>> {
        let encoded = encode_form(body).map_err(|e| {
            progenitor_client::Error::InvalidRequest(crate::validation::invalid("body", e))
        })?;
        Ok(self
            .header(
                CONTENT_TYPE,
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            )
            .body(encoded))
    }
}

/// A path parameter as it goes in the URL: percent-encoded like progenitor's `encode_path`
/// (same character set), but written straight into the URL being formatted instead of
/// through two intermediate `String`s per request.
#[doc(hidden)]
pub struct PathSegment<'a, T: ?Sized>(pub &'a T);

/// progenitor's path set: controls, space, `"#<>?\`{}/%`.
const PATH_SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%');

impl<T: std::fmt::Display + ?Sized> std::fmt::Display for PathSegment<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Encode<'a, 'b>(&'a mut std::fmt::Formatter<'b>);
        impl std::fmt::Write for Encode<'_, '_> {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                // SIDs and most values need no escape: skip the encoder's per-byte table walk.
                if s.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    return self.0.write_str(s);
                }
                percent_encoding::utf8_percent_encode(s, PATH_SET)
                    .try_for_each(|chunk| self.0.write_str(chunk))
            }
        }
        std::fmt::write(&mut Encode(f), format_args!("{}", self.0))
    }
}

/// The URL of an API path (already percent-encoded by [`PathSegment`]): the client's base URL,
/// parsed once when the client was built, with `path` appended to its path. Generated
/// builders call this instead of formatting `base + path` for reqwest to parse: parsing the
/// host (IDNA and all) for every request was a tenth of a request's CPU.
#[doc(hidden)]
pub fn api_url(
    state: &crate::transport::ClientState,
    path: std::fmt::Arguments<'_>,
) -> Result<url::Url, String> {
    let base = &state.0.base;
    let mut full = String::with_capacity(base.path().len() + 96);
    full.push_str(base.path().trim_end_matches('/'));
    std::fmt::write(&mut full, path)
        .map_err(|_| "a path parameter could not be formatted".to_string())?;
    let mut url = base.clone();
    url.set_path(&full);
    Ok(url)
}

#[cfg(test)]
mod tests {
    #[test]
    fn api_urls_are_what_parsing_base_plus_path_gives() {
        let sids = [
            "FO0123456789abcdef0123456789abcdef",
            "a b/c?d#e%f\"g<h>i`j{k}l",
            "caf\u{e9} \u{1f600}",
            "..",
            ".",
            "x\\y",
            "",
        ];
        for base in [
            "https://example-api.twilio.com",
            "https://example-api.twilio.com/",
            "http://127.0.0.1:8080",
            "http://[::1]:9/prefix",
            "https://example-api.dublin.ie1.twilio.com/a/b/",
        ] {
            let client = crate::testing::client(base);
            for sid in sids {
                let segment = super::PathSegment(sid);
                let got = super::api_url(
                    &client.inner,
                    format_args!("/v1/Widgets/{segment}/Channels"),
                )
                .unwrap();
                let want =
                    url::Url::parse(&format!("{}/v1/Widgets/{segment}/Channels", client.baseurl))
                        .unwrap();
                assert_eq!(got, want, "{base} + {sid:?}");
            }
        }
    }

    #[test]
    fn path_segments_encode_like_progenitor() {
        for raw in [
            "FO0123456789abcdef0123456789abcdef",
            "a b/c?d#e%f\"g<h>i`j{k}l",
            "caf\u{e9} \u{1f600}\u{7f}\n",
            "",
        ] {
            assert_eq!(
                super::PathSegment(raw).to_string(),
                progenitor_client::encode_path(raw),
                "{raw:?}"
            );
        }
        assert_eq!(super::PathSegment(&42).to_string(), "42");
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn twilio_form_rules() {
        let body = json!({
            "Enabled": true,
            "QuestionSids": ["GE1", "GE2"],
            "Channel": {"type": "sms", "initiated_by": "customer"},
            "Plugins": [{"phase": 3}],
            "Offset": 10.0,
            "Priority": 5,
            "Missing": null,
            "FriendlyName": "Support & Sales",
        });
        let pairs = form_pairs(&body).unwrap();
        let get = |k: &str| {
            pairs
                .iter()
                .filter(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(get("Enabled"), ["true"]);
        assert_eq!(get("QuestionSids"), ["GE1", "GE2"]);
        // Compact JSON (key order depends on serde_json's `preserve_order` feature).
        let channel: Value = serde_json::from_str(get("Channel")[0]).unwrap();
        assert_eq!(channel, json!({"type": "sms", "initiated_by": "customer"}));
        assert!(!get("Channel")[0].contains(' '));
        assert_eq!(get("Plugins"), [r#"{"phase":3}"#]);
        assert_eq!(get("Offset"), ["10"]);
        assert_eq!(get("Priority"), ["5"]);
        assert!(get("Missing").is_empty());
        let encoded = encode_form(&body).unwrap();
        assert!(
            encoded.contains("QuestionSids=GE1&QuestionSids=GE2"),
            "{encoded}"
        );
        assert!(
            encoded.contains("FriendlyName=Support+%26+Sales"),
            "{encoded}"
        );
    }

    #[test]
    fn nulls_decode_as_empty_collections_and_missing_links() {
        #[derive(serde::Deserialize)]
        struct R {
            #[serde(default, deserialize_with = "null_as_default")]
            errors: Vec<String>,
            #[serde(default, deserialize_with = "string_map_without_nulls")]
            links: Option<std::collections::HashMap<String, String>>,
        }
        let r: R = serde_json::from_str(
            r#"{"errors": null, "links": {"members": "https://x/Members", "last_message": null}}"#,
        )
        .unwrap();
        assert!(r.errors.is_empty());
        let links = r.links.unwrap();
        assert_eq!(links.len(), 1);
        assert_eq!(links["members"], "https://x/Members");
        let r: R = serde_json::from_str(r#"{"errors": ["a"]}"#).unwrap();
        assert_eq!(r.errors, ["a"]);
        assert!(r.links.is_none());
        let r: R = serde_json::from_str(r#"{"links": null}"#).unwrap();
        assert!(r.links.is_none());
    }

    #[test]
    fn non_object_body_is_an_error() {
        assert!(encode_form(&json!([1, 2])).is_err());
    }
}
