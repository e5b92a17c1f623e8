//! Hostile and broken responses never panic: a property test decodes arbitrary and mutated
//! bodies into every generated response type, and a catalogue of broken responses goes through
//! the whole client, each yielding a typed result.
//! Run: `cargo test --features contract --test hostile_responses`.
#![cfg(feature = "contract")]

mod common;

use common::{Reply, TestServer, flex_flow_json};
use futures::StreamExt;
use proptest::prelude::*;
use serde_json::json;
use twilio_flex::__contract::OPERATIONS;
use twilio_flex::{Error, types};

const FO: &str = "FO0123456789abcdef0123456789abcdef";

/// Every response example in the spec, with its operation's decoder index (parsed once).
fn seeds() -> &'static [(usize, Vec<u8>)] {
    static SEEDS: std::sync::OnceLock<Vec<(usize, Vec<u8>)>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(load_seeds)
}

fn load_seeds() -> Vec<(usize, Vec<u8>)> {
    let spec: serde_json::Value =
        serde_yaml_ng::from_str(include_str!("../spec/flex_v1.yaml")).unwrap();
    let mut out = Vec::new();
    for (i, op) in OPERATIONS.iter().enumerate() {
        let pointer = format!(
            "/paths/{}/{}/responses",
            op.path.replace('~', "~0").replace('/', "~1"),
            op.method.to_lowercase()
        );
        for response in spec
            .pointer(&pointer)
            .and_then(|r| r.as_object())
            .into_iter()
            .flatten()
            .map(|(_, r)| r)
        {
            for example in response
                .pointer("/content/application~1json/examples")
                .and_then(|e| e.as_object())
                .into_iter()
                .flatten()
                .map(|(_, e)| e)
            {
                out.push((i, example["value"].to_string().into_bytes()));
            }
        }
    }
    out
}

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Splice(usize, usize),
}

fn apply(mut body: Vec<u8>, m: &Mutation) -> Vec<u8> {
    let n = body.len().max(1);
    match m {
        Mutation::Truncate(at) => body.truncate(at % n),
        Mutation::Flip(at, bits) => {
            if let Some(b) = body.get_mut(at % n) {
                *b ^= bits | 1;
            }
        }
        Mutation::Insert(at, bytes) => {
            let at = (at % n).min(body.len());
            body.splice(at..at, bytes.iter().copied());
        }
        Mutation::Splice(a, b) => {
            let (a, b) = (a % n, b % n);
            let (lo, hi) = (a.min(b).min(body.len()), a.max(b).min(body.len()));
            let copy = body[lo..hi].to_vec();
            body.extend_from_slice(&copy);
        }
    }
    body
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::Flip(a, b)),
        (
            any::<usize>(),
            prop::collection::vec(
                prop_oneof![
                    Just(b'"'),
                    Just(b'{'),
                    Just(b'['),
                    Just(b','),
                    Just(b':'),
                    any::<u8>()
                ],
                1..8
            )
        )
            .prop_map(|(a, b)| Mutation::Insert(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Splice(a, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6_000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Mutated spec examples, for every operation that has one.
    #[test]
    fn mutated_examples_never_panic(pick in any::<prop::sample::Index>(), mutations in prop::collection::vec(mutation(), 1..4)) {
        let (op, body) = pick.get(seeds()).clone();
        let body = mutations.iter().fold(body, apply);
        if let Some(decode) = OPERATIONS[op].response {
            let _ = decode(&body);
        }
    }

    /// Arbitrary bytes and arbitrary JSON into every response type.
    #[test]
    fn arbitrary_bodies_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256), json in arbitrary_json()) {
        let text = json.to_string();
        for op in OPERATIONS {
            if let Some(decode) = op.response {
                let _ = decode(&bytes);
                let _ = decode(text.as_bytes());
            }
        }
    }
}

fn arbitrary_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(serde_json::Value::from),
        "[a-zA-Z0-9_:.-]{0,40}".prop_map(serde_json::Value::from),
        prop_oneof![
            Just("sid"),
            Just("meta"),
            Just("next_page_url"),
            Just("status")
        ]
        .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("sid".to_string()),
                    Just("meta".to_string()),
                    Just("flex_flows".to_string()),
                    Just("channel_type".to_string()),
                    Just("date_created".to_string()),
                    "[a-z_]{1,12}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn the_property_tests_cover_every_response_type_and_enough_cases() {
    let decoders = OPERATIONS.iter().filter(|op| op.response.is_some()).count();
    assert!(decoders >= 60, "{decoders} response types");
    // 6,000 mutated examples + 6,000 × 2 bodies × every response type: well over 10,000 decodes.
    assert!(6_000 + 6_000 * 2 * decoders >= 10_000);
    assert!(seeds().len() >= 60);
}

// ------------------------------------------------------------------ catalogue, end to end

async fn fetch_with(reply: Reply) -> twilio_flex::Result<types::FlexFlow> {
    let server = TestServer::start(move |_, _| reply.clone()).await;
    server.client().fetch_flex_flow().sid(FO).send().await
}

#[tokio::test]
async fn html_error_page() {
    let err = fetch_with(Reply::raw(
        503,
        "text/html",
        b"<!DOCTYPE html><title>Service Unavailable</title>",
    ))
    .await
    .unwrap_err();
    assert!(
        matches!(&err, Error::Api(e) if e.status == 503 && e.body_excerpt.as_deref().is_some_and(|b| b.contains("DOCTYPE"))),
        "{err:?}"
    );
}

#[tokio::test]
async fn truncated_json() {
    let body = flex_flow_json(FO).to_string();
    let err = fetch_with(Reply::raw(
        200,
        "application/json",
        &body.as_bytes()[..body.len() / 2],
    ))
    .await
    .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Decode {
                operation: "FetchFlexFlow",
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn empty_200() {
    let err = fetch_with(Reply::raw(200, "application/json", b""))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Decode { excerpt, .. } if excerpt.is_empty()),
        "{err:?}"
    );
}

#[tokio::test]
async fn wrong_content_type_with_valid_json_still_decodes() {
    let flow = fetch_with(Reply::raw(
        200,
        "text/plain",
        flex_flow_json(FO).to_string().as_bytes(),
    ))
    .await;
    assert!(flow.is_ok(), "{flow:?}");
}

#[tokio::test]
async fn json_of_the_wrong_shape() {
    let err = fetch_with(Reply::json(200, json!(["not", "an", "object"])))
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Decode { .. }), "{err:?}");
    let err = fetch_with(Reply::json(200, json!({"sid": 42, "enabled": "yes"})))
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn unknown_fields_are_ignored() {
    let mut body = flex_flow_json(FO);
    body["added_in_2030"] = json!({"deeply": ["nested", 1, null]});
    assert!(fetch_with(Reply::json(200, body)).await.is_ok());
}

#[tokio::test]
async fn unknown_enum_values_are_kept() {
    let mut body = flex_flow_json(FO);
    body["integration_type"] = json!("quantum");
    let flow = fetch_with(Reply::json(200, body)).await.unwrap();
    assert_eq!(
        flow.integration_type.map(|t| t.to_string()),
        Some("quantum".into())
    );
}

#[tokio::test]
async fn sids_with_unexpected_prefixes_decode() {
    let mut body = flex_flow_json(FO);
    body["account_sid"] = json!("UT0123456789abcdef0123456789abcdef");
    body["chat_service_sid"] = json!("short");
    let flow = fetch_with(Reply::json(200, body)).await.unwrap();
    assert!(!flow.account_sid.unwrap().is_well_formed());
}

#[tokio::test]
async fn oversized_body_is_refused_without_reading_it_whole() {
    let big = json!({"friendly_name": "x".repeat(300_000)}).to_string();
    let server =
        TestServer::start(move |_, _| Reply::raw(200, "application/json", big.as_bytes())).await;
    let client = server.builder().max_body_bytes(64 * 1024).build().unwrap();
    let err = client.fetch_flex_flow().sid(FO).send().await.unwrap_err();
    assert!(
        matches!(err, Error::BodyTooLarge { limit: 65536, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn repeating_and_off_host_next_page_urls() {
    let server = TestServer::start(|_, _| {
        Reply::json(200, json!({"flex_flows": [], "meta": {"next_page_url": "https://evil.example/v1/FlexFlows?Page=1"}}))
    })
    .await;
    // An empty page ends the stream: nothing to fetch, nothing sent elsewhere.
    let items: Vec<_> = server.client().list_flex_flow().stream().collect().await;
    assert!(items.is_empty());
    let server = TestServer::start(|_, _| {
        Reply::json(200, json!({"flex_flows": [flex_flow_json(FO)], "meta": {"next_page_url": "https://evil.example/v1/FlexFlows?Page=1"}}))
    })
    .await;
    let items: Vec<_> = server.client().list_flex_flow().stream().collect().await;
    assert!(matches!(items.last(), Some(Err(Error::ForeignHost { .. }))));
}
