//! Arbitrary JSON into every request body type and out through Twilio's form encoding (the
//! first byte picks the operation). Must never panic; form pairs must survive
//! percent-encoding unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twilio_flex::__contract::{EncodedBody, OPERATIONS};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, json)) = data.split_first() else {
        return;
    };
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(json) else {
        return;
    };
    let encoders: Vec<_> = OPERATIONS.iter().filter_map(|op| op.body).collect();
    let encode = encoders[usize::from(pick) % encoders.len()];
    if let Ok(EncodedBody::Form(pairs)) = encode(value) {
        let mut form = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &pairs {
            form.append_pair(k, v);
        }
        let wire = form.finish();
        let back: Vec<(String, String)> = form_urlencoded::parse(wire.as_bytes())
            .into_owned()
            .collect();
        assert_eq!(back, pairs, "form pairs changed on the wire");
    }
});
