//! Any bytes as a list page: the page decoder (the crate's one hand-written JSON path,
//! `pagination::PageSeed`, and the quick scan of `meta`) must agree with plain serde on the
//! same bytes: the same items and `meta` when serde decodes the page as the generated list
//! responses do, an error when it doesn't, and the scan's `next_page_url` equal to `meta`'s.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// A page as the generated list responses decode it.
#[derive(serde::Deserialize)]
struct Reference {
    #[serde(rename = "flex_flows", default, deserialize_with = "nullable")]
    items: Vec<Value>,
    #[serde(default)]
    meta: Option<Value>,
}

fn nullable<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Value>, D::Error> {
    use serde::Deserialize;
    Option::<Vec<Value>>::deserialize(d).map(Option::unwrap_or_default)
}

fuzz_target!(|body: &[u8]| {
    let (decoded, next) = twilio_flex::pagination::__decode_page_values(body, "flex_flows");
    let want = std::str::from_utf8(body)
        .ok()
        .filter(|t| t.trim_start().starts_with('{'))
        .and_then(|t| serde_json::from_str::<Reference>(t).ok())
        .map(|r| (r.items, r.meta));
    assert_eq!(decoded.as_ref().ok(), want.as_ref());
    if let Some((_, meta)) = &want {
        match meta.as_ref().and_then(|m| m.get("next_page_url")) {
            Some(Value::String(url)) => assert_eq!(next.as_deref(), Some(url.as_str())),
            None | Some(Value::Null) => assert_eq!(next, None),
            Some(_) => {}
        }
    }
});
