//! Arbitrary bytes into every generated response type: the first byte picks the operation,
//! the rest is the body. Decoding must never panic, and whatever decodes must re-encode into
//! JSON that decodes again to the same value (no field lost or reshaped on the way).
#![no_main]

use libfuzzer_sys::fuzz_target;
use twilio_flex::__contract::OPERATIONS;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let decoders: Vec<_> = OPERATIONS.iter().filter_map(|op| op.response).collect();
    let decode = decoders[usize::from(pick) % decoders.len()];
    if let Ok(value) = decode(body) {
        let again = serde_json::to_vec(&value).expect("a decoded value serializes");
        let round = decode(&again).expect("a re-encoded response decodes");
        assert_eq!(round, value, "decode → encode → decode changed the value");
    }
});
