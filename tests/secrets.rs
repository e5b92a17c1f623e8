//! Secrets never leave through logs, spans, `Debug`, `Display` or errors, and each request
//! gets a span with operation, method, path, status, attempt and elapsed time.
//! One test per binary: tracing caches callsite interest process-wide, so a concurrent test
//! without the capturing subscriber could hide the spans from it.

mod common;

use common::{ACCOUNT_SID, AUTH_TOKEN, Reply, TestServer, flex_flow_json};
use futures::StreamExt;
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use twilio_flex::{Credentials, RetryPolicy};

const FO: &str = "FO0123456789abcdef0123456789abcdef";
const SK: &str = "SK0123456789abcdef0123456789abcdef";
const API_SECRET: &str = "api-secret-5f4dcc3b5aa765d61d8327deb882cf99";

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn secrets() -> Vec<String> {
    use base64::Engine as _;
    let b64 = |s: String| base64::engine::general_purpose::STANDARD.encode(s);
    vec![
        AUTH_TOKEN.to_string(),
        API_SECRET.to_string(),
        b64(format!("{ACCOUNT_SID}:{AUTH_TOKEN}")),
        b64(format!("{SK}:{API_SECRET}")),
    ]
}

#[tokio::test]
async fn no_secret_in_trace_logs_debug_display_or_errors() {
    let _ = tracing_log::LogTracer::init();
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let base = Arc::new(Mutex::new(String::new()));
    let b = base.clone();
    let server = TestServer::start(move |req, i| match (req.method.as_str(), i) {
        (_, 0) => Reply::empty(503), // one retry on the first GET
        ("GET", _) if req.path() == "/v1/FlexFlows" => Reply::json(
            200,
            json!({"flex_flows": [flex_flow_json(FO)], "meta": {"next_page_url": if req.target.contains("Page=1") { serde_json::Value::Null } else { json!(format!("{}/v1/FlexFlows?Page=1", b.lock().unwrap())) }}}),
        ),
        ("GET", _) => Reply::json(401, json!({"code": 20003, "message": "Authenticate", "status": 401})),
        _ => Reply::json(201, flex_flow_json(FO)),
    })
    .await;
    *base.lock().unwrap() = server.url.clone();
    let retry = RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(2));
    let token_client = server.builder().retry(retry.clone()).build().unwrap();
    let key_client = server
        .builder()
        .credentials(Credentials::api_key(ACCOUNT_SID, SK, API_SECRET))
        .retry(retry)
        .build()
        .unwrap();

    let mut shown = Vec::new();
    for client in [&token_client, &key_client] {
        let listed: Vec<_> = client.list_flex_flow().stream().collect().await;
        shown.push(format!("{listed:?}"));
        let created = client
            .create_flex_flow()
            .friendly_name("x")
            .chat_service_sid("IS0123456789abcdef0123456789abcdef")
            .channel_type("sms")
            .send()
            .await;
        shown.push(format!("{created:?}"));
        let err = client.fetch_flex_flow().sid(FO).send().await.unwrap_err();
        shown.push(format!("{err:?} {err}"));
        let err = client
            .fetch_flex_flow()
            .sid("bad")
            .send()
            .await
            .unwrap_err();
        shown.push(format!("{err:?} {err}"));
        shown.push(format!("{client:?} {client:#?}"));
    }
    let err = twilio_flex::Client::builder()
        .credentials(Credentials::auth_token("ACbad", AUTH_TOKEN))
        .build()
        .unwrap_err();
    shown.push(format!("{err:?} {err}"));
    shown.push(format!(
        "{:?}",
        Credentials::api_key(ACCOUNT_SID, SK, API_SECRET)
    ));
    let transport = server
        .builder()
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap()
        .fetch_flex_flow()
        .sid(FO)
        .send()
        .await
        .unwrap_err();
    shown.push(format!("{transport:?} {transport}"));
    drop(_guard);

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.len() > 1000,
        "tracing captured too little to mean anything:\n{logs}"
    );
    let everything = format!("{logs}\n{}", shown.join("\n"));
    for secret in secrets() {
        assert!(!everything.contains(&secret), "secret {secret:?} leaked");
    }
    // The request span carries what a person needs to follow a call.
    for field in [
        "twilio_flex.request",
        "operation=\"FetchFlexFlow\"",
        "method=GET",
        "path=\"/v1/FlexFlows/",
        "status=401",
        "attempt=",
        "elapsed_ms=",
        "retrying",
    ] {
        assert!(
            logs.contains(field),
            "span/event field {field} missing from:\n{logs}"
        );
    }
}
