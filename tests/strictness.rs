//! Strict for the caller, lenient for the wire (issue "The generator takes any Twilio spec",
//! points 3, 6 and 8), checked on the bytes a raw test server receives:
//! - enum values from the caller must be known, or explicitly `unrecognized`;
//! - SID prefixes and documented patterns are strict by default, warnings under
//!   `lenient_patterns` (lengths and character sets stay strict);
//! - the `Integration.*` family's rules hold however its fields are set.

mod common;

use common::{ACCOUNT_SID, Reply, TestServer, flex_flow_json};
use serde_json::json;
use twilio_flex::options::Integration;
use twilio_flex::{Error, types};

const FO: &str = "FO0123456789abcdef0123456789abcdef";
const IS: &str = "IS0123456789abcdef0123456789abcdef";
const FW: &str = "FW0123456789abcdef0123456789abcdef";
const WS: &str = "WS0123456789abcdef0123456789abcdef";
const WW: &str = "WW0123456789abcdef0123456789abcdef";

async fn server() -> TestServer {
    TestServer::start(|_, _| Reply::json(200, flex_flow_json(FO))).await
}

fn invalid(err: Error) -> (String, String) {
    match err {
        Error::InvalidRequest { field, message, .. } => (field, message),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

#[tokio::test]
async fn an_unknown_enum_value_from_the_caller_is_refused_before_sending() {
    let server = server().await;
    let err = server
        .client()
        .update_flex_flow()
        .sid(FO)
        .channel_type("smss")
        .send()
        .await
        .unwrap_err();
    let (field, message) = invalid(err);
    assert_eq!(field, "ChannelType");
    assert!(
        message.contains("expected one of") && message.contains("sms"),
        "{message}"
    );
    assert!(
        message.contains("unrecognized"),
        "names the escape hatch: {message}"
    );
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn a_value_newer_than_the_crate_is_sent_when_marked_as_such() {
    let server = server().await;
    server
        .client()
        .update_flex_flow()
        .sid(FO)
        .channel_type(types::FlexFlowChannelType::unrecognized("carrier-pigeon"))
        .send()
        .await
        .unwrap();
    assert!(
        server.requests()[0]
            .form()
            .contains(&("ChannelType".into(), "carrier-pigeon".into()))
    );
    // A known value given through the escape hatch is that value: one form per value.
    assert_eq!(
        types::FlexFlowChannelType::unrecognized("sms"),
        types::FlexFlowChannelType::Sms
    );
}

#[tokio::test]
async fn sid_prefixes_are_strict_by_default_and_warnings_when_lenient() {
    // `UT…` where the spec says `UO…` is how Twilio's spec was once wrong.
    let odd_prefix = "FX0123456789abcdef0123456789abcdef";
    let server = server().await;
    let err = server
        .client()
        .update_flex_flow()
        .sid(FO)
        .chat_service_sid(odd_prefix)
        .send()
        .await
        .unwrap_err();
    let (field, message) = invalid(err);
    assert_eq!(field, "ChatServiceSid");
    assert!(message.contains("`IS`"), "{message}");
    assert_eq!(server.count(), 0);

    let lenient = server.builder().lenient_patterns(true).build().unwrap();
    let (logs, _guard) = capture_warnings();
    lenient
        .update_flex_flow()
        .sid(FO)
        .chat_service_sid(odd_prefix)
        .send()
        .await
        .unwrap();
    assert!(
        server.requests()[0]
            .form()
            .contains(&("ChatServiceSid".into(), odd_prefix.into()))
    );
    let logs = logs.lock().unwrap().clone();
    assert!(
        logs.contains("WARN") && logs.contains("ChatServiceSid") && logs.contains("lenient"),
        "{logs}"
    );

    // Length and character set stay strict under lenient patterns.
    for bad in ["IS123", "ISzz23456789abcdef0123456789abcdef"] {
        let err = lenient
            .update_flex_flow()
            .sid(FO)
            .chat_service_sid(bad)
            .send()
            .await
            .unwrap_err();
        assert_eq!(invalid(err).0, "ChatServiceSid", "{bad}");
    }
    assert_eq!(server.count(), 1);
}

/// A `tracing` subscriber writing WARN and above into a buffer, for this thread.
fn capture_warnings() -> (
    std::sync::Arc<std::sync::Mutex<String>>,
    tracing::subscriber::DefaultGuard,
) {
    #[derive(Clone)]
    struct Buf(std::sync::Arc<std::sync::Mutex<String>>);
    impl std::io::Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().push_str(&String::from_utf8_lossy(b));
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buf = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let writer = Buf(buf.clone());
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::WARN)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    (buf, tracing::subscriber::set_default(subscriber))
}

#[tokio::test]
async fn the_integration_family_is_checked_however_its_fields_are_set() {
    let server = server().await;
    let client = server.client();
    let create = || {
        client
            .create_flex_flow()
            .friendly_name("Support")
            .chat_service_sid(IS)
            .channel_type("sms")
    };
    // The option builder: each kind's own constructor and setters.
    create()
        .integration(
            Integration::task(WS, WW)
                .priority(5)
                .creation_on_message(true),
        )
        .send()
        .await
        .unwrap();
    let form = server.requests()[0].form();
    for pair in [
        ("IntegrationType", "task"),
        ("Integration.WorkspaceSid", WS),
        ("Integration.WorkflowSid", WW),
        ("Integration.Priority", "5"),
        ("Integration.CreationOnMessage", "true"),
    ] {
        assert!(
            form.contains(&(pair.0.into(), pair.1.into())),
            "{pair:?} in {form:?}"
        );
    }
    // The same rules hold for the flat setters and for the option builder.
    let cases: Vec<(_, &str, &str)> = vec![
        (
            create().integration(Integration::task(WS, WW).retry_count(1)),
            "Integration.RetryCount",
            "applies only to studio and external integrations",
        ),
        (
            create()
                .integration_type("task")
                .integration_workspace_sid(WS)
                .integration_workflow_sid(WW)
                .integration_retry_count(1),
            "Integration.RetryCount",
            "applies only to studio and external integrations",
        ),
        (
            create()
                .integration_type("studio")
                .integration_flow_sid(FW)
                .integration_priority(1),
            "Integration.Priority",
            "applies only to task integrations",
        ),
        (
            create().integration_type("studio"),
            "Integration.FlowSid",
            "required for studio integrations",
        ),
        (
            create().integration_type("task").integration_retry_count(1),
            "Integration.WorkspaceSid",
            "required for task integrations",
        ),
        (
            create().integration(Integration::studio(FW).retry_count(4)),
            "Integration.RetryCount",
            "0 to 3",
        ),
        (
            create()
                .integration_type("external")
                .integration_url("/relative"),
            "Integration.Url",
            "absolute URL",
        ),
    ];
    for (builder, field, message) in cases {
        let (got_field, got_message) = invalid(builder.send().await.unwrap_err());
        assert_eq!(got_field, field);
        assert!(got_message.contains(message), "{got_message}");
    }
    assert_eq!(server.count(), 1, "nothing invalid was sent");
}

#[tokio::test]
async fn configuration_setters_send_json_with_only_what_was_set() {
    let server =
        TestServer::start(|_, _| Reply::json(200, json!({"account_sid": ACCOUNT_SID}))).await;
    let client = server.client();
    client
        .update_configuration()
        .ui_attributes(json!({"colorTheme": {"baseName": "DarkTheme"}}))
        .call_recording_enabled(true)
        .send()
        .await
        .unwrap();
    let sent = &server.requests()[0];
    assert_eq!(sent.header("content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(
        body,
        json!({
            "account_sid": ACCOUNT_SID,
            "ui_attributes": {"colorTheme": {"baseName": "DarkTheme"}},
            "call_recording_enabled": true,
        })
    );
    // The raw escape hatch gets the account SID too, and keeps one it was given.
    let mut map = serde_json::Map::new();
    map.insert("crm_enabled".into(), json!(false));
    client
        .update_configuration()
        .body(map)
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&server.requests()[1].body).unwrap();
    assert_eq!(
        body,
        json!({"account_sid": ACCOUNT_SID, "crm_enabled": false})
    );
    let mut map = serde_json::Map::new();
    map.insert(
        "account_sid".into(),
        json!("AC00000000000000000000000000000000"),
    );
    client
        .update_configuration()
        .body(map)
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&server.requests()[2].body).unwrap();
    assert_eq!(body["account_sid"], "AC00000000000000000000000000000000");
}
