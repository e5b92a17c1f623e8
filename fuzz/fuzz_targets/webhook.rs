//! Arbitrary bytes as a webhook's URL, `X-Twilio-Signature`, body and form parameters into
//! `twilio_flex::webhook` (fields separated by 0xff, a byte UTF-8 never has; parameters are
//! the remaining fields in name/value pairs, and the body also goes in form-decoded). Must
//! never panic: every input gets a verdict. And a signature of a URL the validator accepts,
//! computed by the crate, must be accepted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twilio_flex::webhook::{
    Validator, WebhookError, body_sha256, candidate_urls, compute_signature,
};

fuzz_target!(|data: &[u8]| {
    let mut fields = data.split(|&b| b == 0xff);
    let mut next = || String::from_utf8_lossy(fields.next().unwrap_or_default()).into_owned();
    let url = next();
    let signature = next();
    let body = next().into_bytes();
    let rest: Vec<String> = std::iter::from_fn(|| fields.next())
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect();
    let params: Vec<(String, String)> = rest
        .chunks(2)
        .map(|pair| (pair[0].clone(), pair.get(1).cloned().unwrap_or_default()))
        .collect();

    let validator = Validator::new("fuzz-token").with_token("");
    let _ = validator.check_form(&url, &params, &signature);
    let _ = validator.check_json(&url, &body, &signature);
    let form: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let _ = validator.check_form(&url, &form, &signature);

    if let Ok(urls) = candidate_urls(&url) {
        let signed = compute_signature("fuzz-token", &urls[0], &params);
        assert_eq!(validator.check_form(&url, &params, &signed), Ok(()));
        // A JSON webhook's URL with the body's hash appended and signed: never a bad
        // signature (the hash may still differ if the URL had a bodySHA256 of its own).
        let sep = if url.contains('?') { '&' } else { '?' };
        let json_url = format!("{url}{sep}bodySHA256={}", body_sha256(&body));
        if let Ok(json_urls) = candidate_urls(&json_url) {
            let signed = compute_signature("fuzz-token", &json_urls[0], &[]);
            let verdict = validator.check_json(&json_url, &body, &signed);
            assert_ne!(verdict, Err(WebhookError::BadSignature));
        }
    }
});
