//! The hand-written client layer (issue #3): credentials, hosts, environment, retries,
//! pagination, option builders, `.optional()`. Against scripted loopback servers.

mod common;

use common::{ACCOUNT_SID, AUTH_TOKEN, Reply, TestServer, flex_flow_json};
use futures::{StreamExt, TryStreamExt};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use twilio_flex::options::Integration;
use twilio_flex::{Client, Credentials, Error, OptionalExt, RetryPolicy};

const FO: &str = "FO0123456789abcdef0123456789abcdef";
const IS: &str = "IS0123456789abcdef0123456789abcdef";
const SK: &str = "SKfedcba9876543210fedcba9876543210";

fn basic(user: &str, pass: &str) -> String {
    use base64::Engine as _;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"))
    )
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(5))
}

// ---------------------------------------------------------------- credentials & config

#[tokio::test]
async fn exact_authorization_bytes_for_both_credential_kinds() {
    let server = TestServer::start(|_, _| Reply::json(200, flex_flow_json(FO))).await;
    server
        .client()
        .fetch_flex_flow()
        .sid(FO)
        .send()
        .await
        .unwrap();
    let api_key = server
        .builder()
        .credentials(Credentials::api_key(ACCOUNT_SID, SK, "key-secret"))
        .build()
        .unwrap();
    api_key.fetch_flex_flow().sid(FO).send().await.unwrap();
    let reqs = server.requests();
    assert_eq!(
        reqs[0].header("authorization"),
        Some(basic(ACCOUNT_SID, AUTH_TOKEN).as_str())
    );
    assert_eq!(
        reqs[1].header("authorization"),
        Some(basic(SK, "key-secret").as_str())
    );
    let ua = reqs[0].header("user-agent").unwrap();
    assert!(
        ua.starts_with("twilio-flex-rust/") && ua.contains(" rust/"),
        "{ua}"
    );
}

#[tokio::test]
async fn user_agent_extensions_are_appended() {
    let server = TestServer::start(|_, _| Reply::json(200, flex_flow_json(FO))).await;
    let client = server
        .builder()
        .user_agent_extension("my-app/1.2")
        .build()
        .unwrap();
    client.fetch_flex_flow().sid(FO).send().await.unwrap();
    assert!(
        server.requests()[0]
            .header("user-agent")
            .unwrap()
            .ends_with(" my-app/1.2")
    );
}

#[test]
fn build_checks_credentials_and_base_url() {
    let creds = || Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN);
    let err = |b: twilio_flex::ClientBuilder| match b.build() {
        Err(Error::Config { field, .. }) => field,
        other => panic!("expected a config error, got {other:?}"),
    };
    assert_eq!(err(Client::builder()), "credentials");
    assert_eq!(
        err(Client::builder().credentials(Credentials::auth_token("AC12", "t"))),
        "account_sid"
    );
    assert_eq!(
        err(Client::builder().credentials(Credentials::api_key(ACCOUNT_SID, "SK1", "s"))),
        "api_key"
    );
    assert_eq!(
        err(Client::builder()
            .credentials(creds())
            .base_url("http://api.example.com")),
        "base_url"
    );
    assert_eq!(
        err(Client::builder()
            .credentials(creds())
            .base_url("https://x.test")
            .region("ie1")),
        "base_url"
    );
    let client = Client::builder()
        .credentials(creds())
        .region("au1")
        .edge("sydney")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://flex-api.sydney.au1.twilio.com");
    let client = Client::builder()
        .credentials(creds())
        .edge("dublin")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://flex-api.dublin.us1.twilio.com");
    let client = Client::builder().credentials(creds()).build().unwrap();
    assert_eq!(client.base_url(), "https://flex-api.twilio.com");
    assert_eq!(client.account_sid(), ACCOUNT_SID);
}

/// Issue #23, point 4: plain http to a host that isn't loopback (a mock in docker-compose,
/// `http://twilio-mock:PORT`, resolved here to the loopback test server) is refused by
/// default, and accepted with `allow_insecure_http()`, which warns once per client.
#[tokio::test]
async fn plain_http_to_another_host_needs_allow_insecure_http() {
    let server = TestServer::start(|_, _| Reply::json(200, flex_flow_json(FO))).await;
    let addr: std::net::SocketAddr = server.url.trim_start_matches("http://").parse().unwrap();
    let base = format!("http://twilio-mock:{}", addr.port());
    let http = || {
        reqwest::Client::builder()
            .no_proxy()
            .resolve("twilio-mock", addr)
            .build()
            .unwrap()
    };
    let builder = || {
        Client::builder()
            .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
            .base_url(&base)
            .http_client(http())
            .retry(RetryPolicy::none())
    };
    match builder().build() {
        Err(Error::Config { field, message }) => {
            assert_eq!(field, "base_url");
            assert!(message.contains("allow_insecure_http()"), "{message}");
        }
        other => panic!("expected the default refusal, got {other:?}"),
    }
    let (logs, guard) = capture_warnings();
    assert!(format!("{:?}", builder().allow_insecure_http()).contains("allow_insecure_http: true"));
    let client = builder().allow_insecure_http().build().unwrap();
    for _ in 0..3 {
        client.fetch_flex_flow().sid(FO).send().await.unwrap();
    }
    drop(guard);
    let logs = logs.lock().unwrap().clone();
    let warnings: Vec<&str> = logs.lines().filter(|l| l.contains("WARN")).collect();
    assert_eq!(
        warnings.len(),
        1,
        "one warning for the client, none per request: {logs}"
    );
    assert!(
        warnings[0].contains("allow_insecure_http") && warnings[0].contains(&base),
        "{logs}"
    );
    assert!(!logs.contains(AUTH_TOKEN), "{logs}");
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    assert_eq!(reqs[0].header("host"), Some(&base["http://".len()..]));
    assert_eq!(
        reqs[0].header("authorization").map(str::to_string),
        Some(basic(ACCOUNT_SID, AUTH_TOKEN))
    );
    // Loopback needs no opt-in, and gets no warning.
    let (logs, guard) = capture_warnings();
    server
        .client()
        .fetch_flex_flow()
        .sid(FO)
        .send()
        .await
        .unwrap();
    drop(guard);
    assert_eq!(logs.lock().unwrap().as_str(), "");
    allow_insecure_http_keeps_credentials_on_the_configured_host().await;
}

/// Credentials still go only to the configured host under `allow_insecure_http`: a
/// `next_page_url` on another host is refused unsent. (Called by the test above, so that its
/// count of warnings is of its own clients.)
async fn allow_insecure_http_keeps_credentials_on_the_configured_host() {
    let other = TestServer::start(|_, _| Reply::json(200, json!({}))).await;
    let other_addr: std::net::SocketAddr = other.url.trim_start_matches("http://").parse().unwrap();
    let next = format!(
        "http://other-mock:{}/v1/FlexFlows?Page=1",
        other_addr.port()
    );
    let server = TestServer::start(move |_, _| {
        Reply::json(
            200,
            json!({"flex_flows": [flex_flow_json(FO)], "meta": {"next_page_url": next}}),
        )
    })
    .await;
    let addr: std::net::SocketAddr = server.url.trim_start_matches("http://").parse().unwrap();
    let http = reqwest::Client::builder()
        .no_proxy()
        .resolve("twilio-mock", addr)
        .resolve("other-mock", other_addr)
        .build()
        .unwrap();
    let client = Client::builder()
        .credentials(Credentials::auth_token(ACCOUNT_SID, AUTH_TOKEN))
        .base_url(format!("http://twilio-mock:{}", addr.port()))
        .allow_insecure_http()
        .http_client(http)
        .build()
        .unwrap();
    let results: Vec<_> = client.list_flex_flow().stream().collect().await;
    assert!(results[0].is_ok(), "{results:?}");
    assert!(
        matches!(results.last(), Some(Err(Error::ForeignHost { .. }))),
        "{results:?}"
    );
    assert_eq!(server.count(), 1);
    assert_eq!(
        other.count(),
        0,
        "credentials must never reach another host"
    );
}

/// A `tracing` subscriber writing WARN and above into a buffer, for this thread.
fn capture_warnings() -> (
    Arc<std::sync::Mutex<String>>,
    (tracing::subscriber::DefaultGuard, tracing::Dispatch),
) {
    #[derive(Clone)]
    struct Buf(Arc<std::sync::Mutex<String>>);
    impl std::io::Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().push_str(&String::from_utf8_lossy(b));
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buf = Arc::new(std::sync::Mutex::new(String::new()));
    let writer = Buf(buf.clone());
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::WARN)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    // With a single dispatcher registered, tracing-core decides whether a callsite is enabled
    // from the default dispatcher of the thread that first reaches it, which may be another
    // test's; with two registered, every live dispatcher is asked.
    let second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    (buf, (guard, second))
}

#[test]
fn environment_variables_and_their_errors() {
    let env = |vars: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    };
    let field = |r: twilio_flex::Result<twilio_flex::ClientBuilder>| match r {
        Err(Error::Config { field, .. }) => field,
        Err(other) => panic!("{other:?}"),
        Ok(_) => panic!("expected an error"),
    };
    assert_eq!(
        field(Client::builder_from_env(env(&[]))),
        "TWILIO_ACCOUNT_SID"
    );
    assert_eq!(
        field(Client::builder_from_env(env(&[(
            "TWILIO_ACCOUNT_SID",
            "nope"
        )]))),
        "TWILIO_ACCOUNT_SID"
    );
    assert_eq!(
        field(Client::builder_from_env(env(&[(
            "TWILIO_ACCOUNT_SID",
            ACCOUNT_SID
        )]))),
        "TWILIO_AUTH_TOKEN"
    );
    assert_eq!(
        field(Client::builder_from_env(env(&[
            ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
            ("TWILIO_API_KEY", SK)
        ]))),
        "TWILIO_API_SECRET"
    );
    assert_eq!(
        field(Client::builder_from_env(env(&[
            ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
            ("TWILIO_API_KEY", "SKbad"),
            ("TWILIO_API_SECRET", "s")
        ]))),
        "TWILIO_API_KEY"
    );
    assert_eq!(
        field(Client::builder_from_env(env(&[
            ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
            ("TWILIO_AUTH_TOKEN", "t"),
            ("TWILIO_REGION", "Not A Region")
        ]))),
        "TWILIO_REGION"
    );
    let client = Client::builder_from_env(env(&[
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_AUTH_TOKEN", "t"),
        ("TWILIO_REGION", "ie1"),
        ("TWILIO_EDGE", "dublin"),
    ]))
    .unwrap()
    .build()
    .unwrap();
    assert_eq!(client.base_url(), "https://flex-api.dublin.ie1.twilio.com");
}

#[test]
fn debug_output_never_shows_secrets() {
    let client = Client::builder()
        .credentials(Credentials::api_key(ACCOUNT_SID, SK, "the-api-secret"))
        .build()
        .unwrap();
    let shown = format!("{client:?} {client:#?}");
    assert!(!shown.contains("the-api-secret"), "{shown}");
    assert!(shown.contains(ACCOUNT_SID) && shown.contains("***"));
}

// ---------------------------------------------------------------- retries

#[tokio::test]
async fn rate_limited_post_is_retried() {
    let server = TestServer::start(|_, i| match i {
        0 => Reply::json(
            429,
            json!({"code": 20429, "message": "Too Many Requests", "status": 429}),
        ),
        _ => Reply::json(201, flex_flow_json(FO)),
    })
    .await;
    let client = server.builder().retry(fast_retries()).build().unwrap();
    let flow = client
        .create_flex_flow()
        .friendly_name("x")
        .chat_service_sid(IS)
        .channel_type("sms")
        .send()
        .await;
    assert!(flow.is_ok(), "{flow:?}");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn unavailable_post_is_not_retried() {
    let server = TestServer::start(|_, _| {
        Reply::json(503, json!({"message": "unavailable", "status": 503}))
    })
    .await;
    let client = server.builder().retry(fast_retries()).build().unwrap();
    let err = client
        .create_flex_flow()
        .friendly_name("x")
        .chat_service_sid(IS)
        .channel_type("sms")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(
        server.count(),
        1,
        "a POST after a 5xx may have been applied: never retried"
    );
}

#[tokio::test]
async fn unavailable_get_and_delete_are_retried() {
    let server = TestServer::start(|req, i| match (req.method.as_str(), i) {
        (_, 0) | (_, 2) => Reply::empty(503),
        ("DELETE", _) => Reply::empty(204),
        _ => Reply::json(200, flex_flow_json(FO)),
    })
    .await;
    let client = server.builder().retry(fast_retries()).build().unwrap();
    client
        .fetch_flex_flow()
        .sid(FO)
        .send()
        .await
        .expect("GET retried");
    client
        .delete_flex_flow()
        .sid(FO)
        .send()
        .await
        .expect("DELETE retried");
    assert_eq!(server.count(), 4);
}

#[tokio::test]
async fn connection_reset_on_get_is_retried_but_not_on_post() {
    let server = TestServer::start(|_, i| {
        if i == 0 {
            Reply::reset()
        } else {
            Reply::json(200, flex_flow_json(FO))
        }
    })
    .await;
    let client = server.builder().retry(fast_retries()).build().unwrap();
    client
        .fetch_flex_flow()
        .sid(FO)
        .send()
        .await
        .expect("GET retried after a reset");
    let server = TestServer::start(|_, _| Reply::reset()).await;
    let client = server.builder().retry(fast_retries()).build().unwrap();
    let err = client
        .create_flex_flow()
        .friendly_name("x")
        .chat_service_sid(IS)
        .channel_type("sms")
        .send()
        .await
        .unwrap_err();
    assert!(err.is_transport(), "{err:?}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = TestServer::start(|_, i| match i {
        0 => Reply::empty(429).header("Retry-After", "1"),
        _ => Reply::json(200, flex_flow_json(FO)),
    })
    .await;
    let client = server.builder().retry(fast_retries()).build().unwrap();
    client.fetch_flex_flow().sid(FO).send().await.unwrap();
    let reqs = server.requests();
    let gap = reqs[1].at - reqs[0].at;
    assert!(
        gap >= Duration::from_millis(950),
        "second attempt came after {gap:?}, Retry-After said 1 s"
    );
}

#[tokio::test]
async fn gives_up_after_the_maximum_and_reports_the_last_error() {
    let server = TestServer::start(|_, _| Reply::empty(503)).await;
    let client = server
        .builder()
        .retry(fast_retries().max_retries(2))
        .build()
        .unwrap();
    let err = client.fetch_flex_flow().sid(FO).send().await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn overall_timeout_bounds_a_stalled_call() {
    let server = TestServer::start(|_, _| {
        Reply::json(200, flex_flow_json(FO)).delayed(Duration::from_secs(5))
    })
    .await;
    let client = server
        .builder()
        .retry(RetryPolicy::none())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.fetch_flex_flow().sid(FO).send().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

// ---------------------------------------------------------------- typed errors

#[tokio::test]
async fn optional_turns_not_found_into_none() {
    let server = TestServer::start(|_, i| match i {
        0 => Reply::json(
            404,
            json!({"code": 20404, "message": "not found", "status": 404}),
        ),
        _ => Reply::json(
            401,
            json!({"code": 20003, "message": "Authenticate", "status": 401}),
        ),
    })
    .await;
    let client = server.client();
    assert!(
        client
            .fetch_flex_flow()
            .sid(FO)
            .send()
            .await
            .optional()
            .unwrap()
            .is_none()
    );
    let err = client
        .fetch_flex_flow()
        .sid(FO)
        .send()
        .await
        .optional()
        .unwrap_err();
    assert_eq!(err.code(), Some(20003));
}

// ---------------------------------------------------------------- pagination

/// Serves `total` Flex Flows in pages, with Twilio-shaped absolute `next_page_url`s.
fn paged(
    total: usize,
    base: Arc<std::sync::Mutex<String>>,
) -> impl Fn(&common::Recorded, usize) -> Reply {
    move |req, _| {
        let query: Vec<(String, String)> = url::form_urlencoded::parse(
            req.target.split_once('?').map_or("", |(_, q)| q).as_bytes(),
        )
        .into_owned()
        .collect();
        let get = |k: &str| {
            query
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        };
        let size: usize = get("PageSize").and_then(|v| v.parse().ok()).unwrap_or(50);
        let page: usize = get("Page").and_then(|v| v.parse().ok()).unwrap_or(0);
        let start = page * size;
        let items: Vec<_> = (start..(start + size).min(total))
            .map(|i| flex_flow_json(&format!("FO{i:032x}")))
            .collect();
        let base = base.lock().unwrap().clone();
        let next = (start + size < total).then(|| {
            format!(
                "{base}/v1/FlexFlows?PageSize={size}&Page={}&PageToken=PT{}",
                page + 1,
                page + 1
            )
        });
        Reply::json(
            200,
            json!({
                "flex_flows": items,
                "meta": {
                    "page": page, "page_size": size, "key": "flex_flows",
                    "first_page_url": format!("{base}/v1/FlexFlows?PageSize={size}&Page=0"),
                    "url": format!("{base}/v1/FlexFlows?PageSize={size}&Page={page}"),
                    "previous_page_url": null,
                    "next_page_url": next,
                }
            }),
        )
    }
}

async fn paged_server(total: usize) -> TestServer {
    paged_server_with(total, |_, _| None).await
}

/// [`paged_server`] whose request `i` gets `answer(req, i)` instead when that is `Some`.
async fn paged_server_with(
    total: usize,
    answer: impl Fn(&common::Recorded, usize) -> Option<Reply> + Send + Sync + 'static,
) -> TestServer {
    let base = Arc::new(std::sync::Mutex::new(String::new()));
    let pages = paged(total, base.clone());
    let server =
        TestServer::start(move |req, i| answer(req, i).unwrap_or_else(|| pages(req, i))).await;
    *base.lock().unwrap() = server.url.clone();
    server
}

#[tokio::test]
async fn stream_follows_next_page_url_across_pages() {
    let server = paged_server(25).await;
    let flows: Vec<_> = server
        .client()
        .list_flex_flow()
        .page_size(10)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(flows.len(), 25);
    assert_eq!(server.count(), 3);
    let second = &server.requests()[1];
    assert!(second.target.contains("PageToken=PT1"), "{}", second.target);
}

#[tokio::test]
async fn a_page_that_fails_is_requested_again_with_the_same_url_and_credentials() {
    // The second page's first request gets a 503; its retry is answered.
    let server = paged_server_with(25, |_, i| {
        (i == 1).then(|| {
            Reply::json(
                503,
                json!({"code": 20503, "message": "busy", "status": 503}),
            )
        })
    })
    .await;
    let client = server.builder().retry(fast_retries()).build().unwrap();
    let flows: Vec<_> = client
        .list_flex_flow()
        .page_size(10)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(flows.len(), 25);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 4, "3 pages, the second one twice");
    assert_eq!(reqs[1].target, reqs[2].target);
    assert!(
        reqs[2].target.contains("PageToken=PT1"),
        "{}",
        reqs[2].target
    );
    assert_eq!(reqs[1].headers, reqs[2].headers);
    assert!(
        reqs[2].headers.iter().any(|(k, _)| k == "authorization"),
        "{:?}",
        reqs[2].headers
    );
}

#[tokio::test]
async fn limit_sets_page_size_and_requests_no_extra_page() {
    let server = paged_server(100).await;
    let flows: Vec<_> = server
        .client()
        .list_flex_flow()
        .stream()
        .limit(7)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(flows.len(), 7);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1, "7 items fit one page of 7");
    assert!(reqs[0].target.contains("PageSize=7"), "{}", reqs[0].target);

    let server = paged_server(100).await;
    let flows: Vec<_> = server
        .client()
        .list_flex_flow()
        .page_size(3)
        .stream()
        .limit(7)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(flows.len(), 7);
    assert_eq!(server.count(), 3, "pages of 3: 3 + 3 + 1");
    assert!(server.requests()[0].target.contains("PageSize=3"));
}

/// Lists `total` flows through `.stream().limit(limit)` (with `page_size` if given), reads
/// the stream to its end and keeps it alive a while, so that a page requested ahead in the
/// background would reach the server before it is counted. Returns (items, list requests).
async fn limited(total: usize, page_size: Option<i64>, limit: usize) -> (usize, usize) {
    let server = paged_server(total).await;
    let client = server.client();
    let mut builder = client.list_flex_flow();
    if let Some(n) = page_size {
        builder = builder.page_size(n);
    }
    let mut stream = builder.stream().limit(limit);
    let mut items = 0;
    while let Some(item) = stream.next().await {
        item.unwrap();
        items += 1;
    }
    // A request spawned ahead goes out within milliseconds on loopback.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let requests = server.count();
    drop(stream);
    (items, requests)
}

/// Issue #23, point 2: the numbers of the report. A limit needs ceil(limit / page size) pages,
/// and the page that completes it is the last one requested.
#[tokio::test]
async fn limit_requests_exactly_the_pages_it_needs() {
    assert_eq!(
        limited(7, Some(2), 5).await,
        (5, 3),
        "7 flows, pages of 2, limit 5"
    );
    assert_eq!(
        limited(7, Some(2), 4).await,
        (4, 2),
        "7 flows, pages of 2, limit 4"
    );
    // The default page size under a limit is min(limit, 1000): pages of 1000.
    assert_eq!(
        limited(2_500, None, 1_500).await,
        (1_500, 2),
        "2,500 flows, limit 1,500"
    );
    // A limit beyond the list: every page, and no request after the last one.
    assert_eq!(
        limited(7, Some(2), 50).await,
        (7, 4),
        "7 flows, pages of 2, limit 50"
    );
    assert_eq!(
        limited(6, Some(2), 6).await,
        (6, 3),
        "a limit ending on a page boundary"
    );
}

/// Issue #23, point 13: the stream types have readable names, to keep one in a struct.
#[tokio::test]
async fn list_streams_have_names_a_caller_can_write() {
    use twilio_flex::streams::{ListFlexFlowItems, ListFlexFlowPages};
    struct Listing<'a> {
        flows: ListFlexFlowItems<'a>,
        pages: ListFlexFlowPages<'a>,
    }
    let server = paged_server(5).await;
    let client = server.client();
    let listing = Listing {
        flows: client.list_flex_flow().page_size(2).stream(),
        pages: client.list_flex_flow().page_size(2).pages(),
    };
    let flows: Vec<twilio_flex::types::FlexFlow> = listing.flows.try_collect().await.unwrap();
    assert_eq!(flows.len(), 5);
    let pages: Vec<_> = listing.pages.try_collect().await.unwrap();
    assert_eq!(pages.len(), 3);
}

#[tokio::test]
async fn pages_expose_metadata_and_resume_from_a_saved_url() {
    let server = paged_server(30).await;
    let client = server.client();
    let mut pages = client.list_flex_flow().page_size(10).pages();
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.items.len(), 10);
    assert_eq!(first.meta.as_ref().and_then(|m| m.page), Some(0));
    let saved = first.next_page_url().unwrap().to_string();
    drop(pages);

    let rest: Vec<_> = client
        .list_flex_flow()
        .pages()
        .resume_from(saved)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest.iter().map(|p| p.items.len()).sum::<usize>(), 20);
    assert_eq!(
        rest[0].items[0].sid.as_ref().unwrap().as_str(),
        format!("FO{:032x}", 10)
    );
}

/// The `resume_from` error of a stream's first item, and that nothing was sent.
async fn refused_resume(
    server: &TestServer,
    stream: impl futures::Stream<Item = twilio_flex::Result<impl std::fmt::Debug>>,
) -> String {
    let results: Vec<_> = stream.collect().await;
    assert_eq!(server.count(), 0, "nothing is sent");
    match &results[..] {
        [
            Err(Error::InvalidRequest {
                operation,
                field,
                message,
                ..
            }),
        ] => {
            assert_eq!(*operation, "ListFlexFlow");
            assert_eq!(field, "resume_from");
            message.clone()
        }
        other => panic!("expected one InvalidRequest naming resume_from, got {other:?}"),
    }
}

/// Issue #23, point 3: a saved URL of another list (WebChannels) isn't a page of Flex Flows.
#[tokio::test]
async fn resume_from_a_page_of_another_list_is_refused_before_sending() {
    let server = paged_server(30).await;
    let client = server.client();
    let web_channels = format!(
        "{}/v1/WebChannels?PageSize=50&Page=1&PageToken=PA1",
        server.url
    );
    let message = refused_resume(
        &server,
        client.list_flex_flow().stream().resume_from(&web_channels),
    )
    .await;
    assert!(
        message.contains("/v1/FlexFlows") && message.contains("/v1/WebChannels"),
        "{message}"
    );
    refused_resume(
        &server,
        client.list_flex_flow().pages().resume_from(&web_channels),
    )
    .await;
    let message = refused_resume(
        &server,
        client
            .list_flex_flow()
            .stream()
            .resume_from("FlexFlows?Page=1"),
    )
    .await;
    assert!(message.contains("not a URL"), "{message}");
    // Another host is still what it always was: credentials go nowhere else.
    let results: Vec<_> = client
        .list_flex_flow()
        .stream()
        .resume_from("https://evil.example/v1/FlexFlows?Page=1")
        .collect()
        .await;
    assert!(
        matches!(results[..], [Err(Error::ForeignHost { .. })]),
        "{results:?}"
    );
    assert_eq!(server.count(), 0);
}

/// Issue #23, point 3: a filter set on the builder is not silently dropped by a saved URL
/// that doesn't carry it, or carries another value; nor is an explicit page size.
#[tokio::test]
async fn resume_from_a_url_contradicting_the_builder_is_refused_before_sending() {
    let server = paged_server(30).await;
    let client = server.client();
    let url = |query: &str| format!("{}/v1/FlexFlows?{query}", server.url);
    let unfiltered = url("PageSize=10&Page=1&PageToken=PT1");
    let message = refused_resume(
        &server,
        client
            .list_flex_flow()
            .friendly_name("Support")
            .stream()
            .resume_from(&unfiltered),
    )
    .await;
    assert!(
        message.contains("FriendlyName")
            && message.contains("\"Support\"")
            && message.contains("none"),
        "{message}"
    );
    let message = refused_resume(
        &server,
        client
            .list_flex_flow()
            .friendly_name("Support")
            .pages()
            .resume_from(url("FriendlyName=Sales&PageSize=10&Page=1&PageToken=PT1")),
    )
    .await;
    assert!(message.contains("\"Sales\""), "{message}");
    let message = refused_resume(
        &server,
        client
            .list_flex_flow()
            .page_size(50)
            .stream()
            .resume_from(&unfiltered),
    )
    .await;
    assert!(message.contains("PageSize"), "{message}");
    // The builder's own checks come first.
    let results: Vec<_> = client
        .list_flex_flow()
        .page_size(5000)
        .stream()
        .resume_from(&unfiltered)
        .collect()
        .await;
    assert!(
        matches!(&results[..], [Err(Error::InvalidRequest { field, .. })] if field == "PageSize"),
        "{results:?}"
    );
    assert_eq!(server.count(), 0);
}

/// Issue #23, point 3, the valid cases: the URL continues the builder's listing (the same
/// filter, written in another order and encoding), or carries a filter the builder didn't
/// repeat; `limit`'s page size is no condition.
#[tokio::test]
async fn resume_from_a_url_of_the_same_listing_is_followed() {
    let server = paged_server(30).await;
    let client = server.client();
    let saved = format!(
        "{}/v1/FlexFlows?PageSize=10&Page=1&PageToken=PT1&FriendlyName=Support+Team",
        server.url
    );
    let flows: Vec<_> = client
        .list_flex_flow()
        .friendly_name("Support Team")
        .stream()
        .resume_from(&saved)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(flows.len(), 20, "pages 1 and 2 of 3");
    assert_eq!(
        server.requests()[0].target,
        saved.trim_start_matches(&server.url)
    );
    let pages: Vec<_> = client
        .list_flex_flow()
        .page_size(10)
        .pages()
        .resume_from(&saved)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    let flows: Vec<_> = client
        .list_flex_flow()
        .stream()
        .limit(15)
        .resume_from(&saved)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(flows.len(), 15);
    assert_eq!(server.count(), 2 + 2 + 2);
}

#[tokio::test]
async fn header_parameters_of_a_list_go_with_every_page() {
    // Two pages of Plugin Releases; the list's `Flex-Metadata` is on both requests, once.
    let base = Arc::new(std::sync::Mutex::new(String::new()));
    let at = base.clone();
    let server = TestServer::start(move |_, i| {
        let base = at.lock().unwrap().clone();
        let release = |n: u32| {
            json!({"sid": format!("FK{n:032x}"), "configuration_sid": format!("FJ{n:032x}")})
        };
        let next = (i == 0).then(|| format!("{base}/v1/PluginService/Releases?PageSize=1&Page=1&PageToken=PA1"));
        Reply::json(
            200,
            json!({"releases": [release(i as u32)], "meta": {"key": "releases", "next_page_url": next}}),
        )
    })
    .await;
    *base.lock().unwrap() = server.url.clone();
    let releases: Vec<_> = server
        .client()
        .list_plugin_release()
        .flex_metadata("ci-run-42")
        .page_size(1)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(releases.len(), 2);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert!(
        reqs[1].target.contains("PageToken=PA1"),
        "{}",
        reqs[1].target
    );
    for r in &reqs {
        let values: Vec<&str> = r
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("flex-metadata"))
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(values, ["ci-run-42"], "{}", r.target);
        let auth: Vec<_> = r
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("authorization"))
            .collect();
        assert_eq!(auth.len(), 1, "{:?}", r.headers);
    }
}

#[tokio::test]
async fn foreign_host_next_page_url_is_refused_without_a_request() {
    let foreign = TestServer::start(|_, _| Reply::json(200, json!({}))).await;
    let foreign_url = foreign.url.clone();
    let server = TestServer::start(move |_, _| {
        Reply::json(200, json!({"flex_flows": [flex_flow_json(FO)], "meta": {"next_page_url": format!("{foreign_url}/v1/FlexFlows?Page=1")}}))
    })
    .await;
    let results: Vec<_> = server.client().list_flex_flow().stream().collect().await;
    assert!(results[0].is_ok());
    assert!(
        matches!(results.last(), Some(Err(Error::ForeignHost { .. }))),
        "{results:?}"
    );
    assert_eq!(
        foreign.count(),
        0,
        "credentials must never reach another host"
    );
    // Same host, other scheme is another origin too.
    let server = TestServer::start(|_, _| {
        Reply::json(200, json!({"flex_flows": [], "meta": {"next_page_url": "https://127.0.0.1:1/v1/FlexFlows?Page=1"}}))
    })
    .await;
    let pages: Vec<_> = server.client().list_flex_flow().pages().collect().await;
    assert!(
        pages
            .iter()
            .all(|p| !matches!(p, Err(Error::Transport { .. })))
    );
}

#[tokio::test]
async fn a_repeated_next_page_url_ends_with_an_error() {
    let base = Arc::new(std::sync::Mutex::new(String::new()));
    let b = base.clone();
    let server = TestServer::start(move |_, _| {
        let url = format!("{}/v1/FlexFlows?Page=1&PageToken=same", b.lock().unwrap());
        Reply::json(
            200,
            json!({"flex_flows": [flex_flow_json(FO)], "meta": {"next_page_url": url}}),
        )
    })
    .await;
    *base.lock().unwrap() = server.url.clone();
    let results: Vec<_> = server.client().list_flex_flow().stream().collect().await;
    assert!(
        matches!(results.last(), Some(Err(Error::Pagination { .. }))),
        "{results:?}"
    );
    assert_eq!(
        server.count(),
        2,
        "the repeated URL is fetched once, then refused"
    );
}

#[tokio::test]
async fn next_page_is_requested_while_the_current_one_is_consumed() {
    let server = paged_server(30).await;
    let client = server.client();
    let mut stream = client.list_flex_flow().page_size(10).stream();
    // Take one item of page 1, then do "work" without polling.
    stream.next().await.unwrap().unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        server.count(),
        2,
        "page 2 was requested before page 1 was drained"
    );
    let rest: Vec<_> = stream.try_collect().await.unwrap();
    assert_eq!(rest.len(), 29);
}

// ---------------------------------------------------------------- option builders

#[tokio::test]
async fn integration_sets_the_family_and_its_type() {
    let server = TestServer::start(|_, _| Reply::json(201, flex_flow_json(FO))).await;
    let client = server.client();
    client
        .create_flex_flow()
        .friendly_name("x")
        .chat_service_sid(IS)
        .channel_type("sms")
        .integration(
            Integration::task(
                "WS0123456789abcdef0123456789abcdef",
                "WW0123456789abcdef0123456789abcdef",
            )
            .channel("sms")
            .priority(5)
            .timeout(600)
            .creation_on_message(true),
        )
        .send()
        .await
        .unwrap();
    client
        .update_flex_flow()
        .sid(FO)
        .integration(Integration::studio("FW0123456789abcdef0123456789abcdef").retry_count(2))
        .send()
        .await
        .unwrap();
    let reqs = server.requests();
    let form = |i: usize| reqs[i].form();
    let has = |i: usize, k: &str, v: &str| form(i).contains(&(k.to_string(), v.to_string()));
    assert!(has(0, "IntegrationType", "task"));
    assert!(has(
        0,
        "Integration.WorkspaceSid",
        "WS0123456789abcdef0123456789abcdef"
    ));
    assert!(has(0, "Integration.Priority", "5") && has(0, "Integration.Timeout", "600"));
    assert!(
        has(0, "Integration.CreationOnMessage", "true") && has(0, "Integration.Channel", "sms")
    );
    assert!(has(1, "IntegrationType", "studio") && has(1, "Integration.RetryCount", "2"));
}

#[tokio::test]
async fn integration_options_are_checked_before_sending() {
    let server = TestServer::start(|_, _| Reply::json(201, flex_flow_json(FO))).await;
    let client = server.client();
    let studio = || Integration::studio("FW0123456789abcdef0123456789abcdef");
    let cases = [
        (
            studio().retry_count(4),
            "Integration.RetryCount: expected an integer from 0 to 3, got 4",
        ),
        (
            Integration::external("not a url"),
            "Integration.Url: expected an absolute URL",
        ),
        (
            Integration::studio("FWbad"),
            "Integration.FlowSid: expected a Flow SID",
        ),
        (
            studio().priority(1),
            "Integration.Priority: applies only to task integrations",
        ),
    ];
    for (integration, expected) in cases {
        match client
            .update_flex_flow()
            .sid(FO)
            .integration(integration)
            .send()
            .await
        {
            Err(Error::InvalidRequest { field, message, .. }) => {
                let got = format!("{field}: {message}");
                assert!(got.starts_with(expected), "{got}");
            }
            other => panic!("expected InvalidRequest for {expected}, got {other:?}"),
        }
    }
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn concurrent_calls_share_one_client() {
    let server = TestServer::start(|_, _| Reply::json(200, flex_flow_json(FO))).await;
    let client = server.client();
    let done = AtomicUsize::new(0);
    futures::future::join_all((0..32).map(|_| async {
        client.fetch_flex_flow().sid(FO).send().await.unwrap();
        done.fetch_add(1, Ordering::Relaxed);
    }))
    .await;
    assert_eq!(done.load(Ordering::Relaxed), 32);
    assert_eq!(server.count(), 32);
}

#[tokio::test]
async fn a_stalled_get_is_retried_within_the_deadline_with_an_attempt_timeout() {
    let server = TestServer::start(|_, i| {
        let reply = Reply::json(200, flex_flow_json(FO));
        if i == 0 {
            reply.delayed(Duration::from_secs(5))
        } else {
            reply
        }
    })
    .await;
    let client = server
        .builder()
        .retry(fast_retries())
        .timeout(Duration::from_secs(3))
        .attempt_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    client
        .fetch_flex_flow()
        .sid(FO)
        .send()
        .await
        .expect("second attempt answers");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn errors_carry_what_a_support_ticket_needs() {
    let server = TestServer::start(|_, _| {
        Reply::json(
            503,
            json!({"code": 20503, "message": "Service Unavailable", "status": 503}),
        )
        .header("Twilio-Request-Id", "RQ0123456789abcdef0123456789abcdef")
        .header("Retry-After", "120")
    })
    .await;
    // Retry-After beyond the call's timeout: handed back, not waited for.
    let err = server
        .client()
        .create_flex_flow()
        .friendly_name("x")
        .chat_service_sid("IS0123456789abcdef0123456789abcdef")
        .channel_type("sms")
        .send()
        .await
        .unwrap_err();
    let Error::Api(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.operation, "CreateFlexFlow");
    assert_eq!(
        e.request_id.as_deref(),
        Some("RQ0123456789abcdef0123456789abcdef")
    );
    assert_eq!(e.retry_after, Some(Duration::from_secs(120)));
    assert!(
        err.to_string()
            .contains("RQ0123456789abcdef0123456789abcdef"),
        "{err}"
    );
}
