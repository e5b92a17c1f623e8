//! Bad input (issue #7): every value the client validates is rejected in `send()` (or `build()`)
//! before anything goes on the wire, with an error naming the field and what was expected.
//! Table-driven; the mock counts every request it receives, and must have received none.
#![cfg(feature = "mock")]

use futures::StreamExt;
use futures::future::BoxFuture;
use twilio_flex::mock::MockServer;
use twilio_flex::options::Integration;
use twilio_flex::{Client, ClientBuilder, Credentials, Error};

const FO: &str = "FO0123456789abcdef0123456789abcdef";
const IS: &str = "IS0123456789abcdef0123456789abcdef";
const FW: &str = "FW0123456789abcdef0123456789abcdef";
const CH: &str = "CH0123456789abcdef0123456789abcdef";
const KD: &str = "KD0123456789abcdef0123456789abcdef";
const UO: &str = "UO0123456789abcdef0123456789abcdef";
const WS: &str = "WS0123456789abcdef0123456789abcdef";
const WW: &str = "WW0123456789abcdef0123456789abcdef";

/// One rejected call: what is sent, the field the error must name (as on the wire), and words
/// the message must contain (what was expected).
struct Case {
    what: &'static str,
    call: for<'a> fn(&'a Client) -> BoxFuture<'a, twilio_flex::Result<()>>,
    field: &'static str,
    expected: &'static [&'static str],
}

macro_rules! case {
    ($what:literal, |$c:ident| $call:expr, $field:literal, [$($expected:literal),* $(,)?]) => {
        Case {
            what: $what,
            call: |$c| Box::pin(async move { $call.await.map(drop) }),
            field: $field,
            expected: &[$($expected),*],
        }
    };
}

/// A valid Flex Flow create, for cases that break one thing in it.
fn create_flow(c: &Client) -> twilio_flex::builder::CreateFlexFlow<'_> {
    c.create_flex_flow()
        .friendly_name("Support")
        .chat_service_sid(IS)
        .channel_type("web")
}

#[rustfmt::skip]
fn request_cases() -> Vec<Case> {
    vec![
        // Malformed SIDs in path parameters.
        case!("fetch: SID too short", |c| c.fetch_flex_flow().sid("FOxyz").send(), "Sid", ["`FO`", "32 hexadecimal digits", "FOxyz"]),
        case!("fetch: wrong prefix", |c| c.fetch_flex_flow().sid(IS).send(), "Sid", ["Flex Flow", "`FO`"]),
        case!("fetch: non-hex digit", |c| c.fetch_flex_flow().sid("FO0123456789abcdef0123456789abcdeg").send(), "Sid", ["`FO`", "hexadecimal"]),
        case!("delete: empty SID", |c| c.delete_flex_flow().sid("").send(), "Sid", ["`FO`"]),
        case!("update: path SID", |c| c.update_flex_flow().sid("nope").friendly_name("x").send(), "Sid", ["`FO`"]),
        case!("web channel fetch: a Flex Flow SID", |c| c.fetch_web_channel().sid(FO).send(), "Sid", ["`CH`"]),
        case!("interaction channel: parent SID", |c| c.fetch_interaction_channel().interaction_sid("KDshort").sid(UO).send(), "InteractionSid", ["`KD`"]),
        case!("interaction channel: child SID", |c| c.fetch_interaction_channel().interaction_sid(KD).sid("UO12").send(), "Sid", ["`UO`"]),
        // Malformed SIDs in body fields.
        case!("create: ChatServiceSid with a CH prefix", |c| create_flow(c).chat_service_sid(CH).send(), "ChatServiceSid", ["`IS`", "32 hexadecimal digits"]),
        case!("create: Integration.FlowSid", |c| create_flow(c).integration_flow_sid("FW123").send(), "Integration.FlowSid", ["`FW`"]),
        case!("web channel create: FlexFlowSid", |c| c.create_web_channel().flex_flow_sid(FW).identity("i").customer_friendly_name("c").chat_friendly_name("n").send(), "FlexFlowSid", ["`FO`"]),
        case!("update: ChatServiceSid", |c| c.update_flex_flow().sid(FO).chat_service_sid("IS").send(), "ChatServiceSid", ["`IS`"]),
        // PageSize and Page out of range, on several list operations.
        case!("list flows: PageSize 0", |c| c.list_flex_flow().page_size(0).send(), "PageSize", ["from 1 to 1000", "got 0"]),
        case!("list flows: PageSize 1001", |c| c.list_flex_flow().page_size(1001).send(), "PageSize", ["from 1 to 1000", "got 1001"]),
        case!("list web channels: PageSize 0", |c| c.list_web_channel().page_size(0).send(), "PageSize", ["from 1 to 1000"]),
        case!("list plugins: PageSize 1001", |c| c.list_plugin().page_size(1001).send(), "PageSize", ["from 1 to 1000"]),
        case!("list channels: PageSize -1", |c| c.list_channel().page_size(-1).send(), "PageSize", ["from 1 to 1000"]),
        case!("list flows: Page -1", |c| c.list_flex_flow().page(-1).send(), "Page", ["at least 0"]),
        // Integration options.
        case!("Integration.RetryCount 4", |c| create_flow(c).integration(Integration::studio(FW).retry_count(4)).send(), "Integration.RetryCount", ["0 to 3", "got 4"]),
        case!("update: Integration.RetryCount 4", |c| c.update_flex_flow().sid(FO).integration(Integration::external("https://example.com/h").retry_count(4)).send(), "Integration.RetryCount", ["0 to 3"]),
        case!("Integration.RetryCount on a task", |c| create_flow(c).integration(Integration::task(WS, WW).retry_count(1)).send(), "Integration.RetryCount", ["only to studio and external"]),
        case!("Integration.Priority on studio", |c| create_flow(c).integration(Integration::studio(FW).priority(1)).send(), "Integration.Priority", ["only to task"]),
        case!("Integration.Url not a URL", |c| create_flow(c).integration(Integration::external("not a url")).send(), "Integration.Url", ["absolute URL"]),
        case!("Integration.Url relative", |c| create_flow(c).integration(Integration::external("/hooks/flex")).send(), "Integration.Url", ["absolute URL"]),
        case!("Integration studio SID", |c| create_flow(c).integration(Integration::studio("FWnope")).send(), "Integration.FlowSid", ["`FW`"]),
        case!("Integration workspace SID", |c| create_flow(c).integration(Integration::task("WS1", WW)).send(), "Integration.WorkspaceSid", ["`WS`"]),
        // Missing required body fields.
        case!("create: FriendlyName missing", |c| c.create_flex_flow().chat_service_sid(IS).channel_type("web").send(), "FriendlyName", ["required"]),
        case!("create: ChannelType missing", |c| c.create_flex_flow().friendly_name("x").chat_service_sid(IS).send(), "ChannelType", ["required"]),
        case!("web channel create: Identity missing", |c| c.create_web_channel().flex_flow_sid(FO).customer_friendly_name("c").chat_friendly_name("n").send(), "Identity", ["required"]),
        case!("plugin create: UniqueName missing", |c| c.create_plugin().friendly_name("x").send(), "UniqueName", ["required"]),
        // Missing required path parameters (progenitor's "sid was not initialized").
        case!("fetch: Sid missing", |c| c.fetch_flex_flow().send(), "Sid", ["required"]),
        case!("delete: Sid missing", |c| c.delete_web_channel().send(), "Sid", ["required"]),
        case!("interaction channel: InteractionSid missing", |c| c.fetch_interaction_channel().sid(UO).send(), "InteractionSid", ["required"]),
    ]
}

/// Runs each case against the mock; returns what went wrong.
async fn run(cases: Vec<Case>) -> Vec<String> {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let mut failures = Vec::new();
    for case in cases {
        match &(case.call)(&client).await {
            Err(e @ Error::InvalidRequest { field, message, .. }) => {
                let named = e.to_string().contains(&format!("`{}`", case.field));
                if field != case.field
                    || !named
                    || case.expected.iter().any(|w| !message.contains(w))
                {
                    failures.push(format!(
                        "{}: want `{}` and {:?}, got `{field}`: {message}",
                        case.what, case.field, case.expected
                    ));
                }
            }
            other => failures.push(format!(
                "{}: expected InvalidRequest, got {other:?}",
                case.what
            )),
        }
        // Nothing may have reached the server, whatever the outcome.
        if server.total_requests() != 0 {
            failures.push(format!(
                "{}: {} request(s) sent",
                case.what,
                server.total_requests()
            ));
            server.reset_counters();
        }
    }
    failures
}

#[tokio::test]
async fn every_invalid_request_fails_before_sending_and_names_the_field() {
    let cases = request_cases();
    assert!(cases.len() >= 33);
    let failures = run(cases).await;
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[tokio::test]
async fn list_streams_fail_before_sending() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let items: Vec<_> = client
        .list_flex_flow()
        .page_size(0)
        .stream()
        .collect()
        .await;
    assert!(
        matches!(&items[..], [Err(Error::InvalidRequest { field, .. })] if field == "PageSize"),
        "{items:?}"
    );
    let pages: Vec<_> = client.list_plugin().page_size(5000).pages().collect().await;
    assert!(
        matches!(&pages[..], [Err(Error::InvalidRequest { field, .. })] if field == "PageSize"),
        "{pages:?}"
    );
    assert_eq!(server.total_requests(), 0);
}

/// `Client::builder()` errors: each names the setting and says what was expected.
#[rustfmt::skip]
#[tokio::test]
async fn client_config_errors_name_the_setting() {
    let server = MockServer::start().await.unwrap();
    let good = || Credentials::auth_token(MockServer::ACCOUNT_SID, MockServer::AUTH_TOKEN);
    let local = || Client::builder().credentials(good()).base_url(server.url());
    let sk = "SK0123456789abcdef0123456789abcdef";
    let cases: Vec<(&str, ClientBuilder, &str, &[&str])> = vec![
        ("no credentials", Client::builder().base_url(server.url()), "credentials", &["required"]),
        ("account SID too short", local().credentials(Credentials::auth_token("AC123", "t")), "account_sid", &["`AC`", "32 hexadecimal digits"]),
        ("account SID with another prefix", local().credentials(Credentials::auth_token(IS, "t")), "account_sid", &["`AC`"]),
        ("empty auth token", local().credentials(Credentials::auth_token(MockServer::ACCOUNT_SID, "")), "auth_token", &["empty"]),
        ("API key SID malformed", local().credentials(Credentials::api_key(MockServer::ACCOUNT_SID, "SKnope", "s")), "api_key", &["`SK`"]),
        ("empty API key secret", local().credentials(Credentials::api_key(MockServer::ACCOUNT_SID, sk, "")), "api_key_secret", &["empty"]),
        ("http to a non-loopback host", local().base_url("http://flex-api.twilio.com"), "base_url", &["loopback", "https"]),
        ("http to a private address", local().base_url("http://10.0.0.1:8080"), "base_url", &["loopback"]),
        ("not a URL", local().base_url("not a url"), "base_url", &["not a URL"]),
        ("unsupported scheme", local().base_url("ftp://127.0.0.1"), "base_url", &["scheme"]),
        ("credentials in the URL", local().base_url("https://user:pw@example.com"), "base_url", &["without credentials"]),
        ("base URL and region", local().region("ie1"), "base_url", &["region"]),
        ("region not a DNS label", Client::builder().credentials(good()).region("IE1!"), "region", &["DNS label"]),
        ("edge not a DNS label", Client::builder().credentials(good()).edge("Dublin"), "edge", &["DNS label"]),
        ("zero timeout", local().timeout(std::time::Duration::ZERO), "timeout", &["greater than zero"]),
        ("User-Agent extension with a newline", local().user_agent_extension("app/1\nX-Evil: 1"), "user_agent_extension", &["ASCII"]),
    ];
    let mut failures = Vec::new();
    for (what, builder, want, expected) in cases {
        match builder.build() {
            Err(Error::Config { field, message }) => {
                if field != want || expected.iter().any(|w| !message.contains(w)) {
                    failures.push(format!("{what}: want `{want}` {expected:?}, got `{field}`: {message}"));
                }
            }
            other => failures.push(format!("{what}: expected a config error, got {other:?}")),
        }
    }
    // The good baseline builds, and none of the above ever talked to the server.
    assert!(local().build().is_ok());
    assert_eq!(server.total_requests(), 0);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Every problem of a request in one error, each named by its setter and its wire name
/// (issue #23, point 11).
#[tokio::test]
async fn every_problem_is_reported_at_once_by_setter_and_wire_name() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let err = client
        .create_flex_flow()
        .channel_type("web")
        .send()
        .await
        .unwrap_err();
    let named: Vec<(&str, &str, &str)> = err
        .problems()
        .iter()
        .map(|p| (p.setter.as_str(), p.field.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(
        named,
        [
            ("chat_service_sid", "ChatServiceSid", "a value is required"),
            ("friendly_name", "FriendlyName", "a value is required"),
        ],
        "{err}"
    );
    let text = err.to_string();
    assert_eq!(
        text,
        "CreateFlexFlow: 2 invalid values: `chat_service_sid` (`ChatServiceSid`): a value is \
         required; `friendly_name` (`FriendlyName`): a value is required"
    );
    // The first problem is also `field` and `message`.
    assert!(
        matches!(&err, Error::InvalidRequest { field, .. } if field == "ChatServiceSid"),
        "{err:?}"
    );

    // A rejected value, a missing one and a bad parameter: all three, parameters first.
    let err = client
        .update_flex_flow()
        .sid("FOnope")
        .chat_service_sid("IS1")
        .integration_retry_count(9)
        .send()
        .await
        .unwrap_err();
    let setters: Vec<&str> = err.problems().iter().map(|p| p.setter.as_str()).collect();
    assert_eq!(
        setters,
        ["sid", "chat_service_sid", "integration_retry_count"],
        "{err}"
    );
    // One problem: named by its setter with the wire name beside it.
    let err = create_flow(&client)
        .chat_service_sid(CH)
        .send()
        .await
        .map(drop)
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("CreateFlexFlow: invalid `chat_service_sid` (`ChatServiceSid`): "),
        "{err}"
    );
    // The declared family's rules: every problem of the integration at once.
    let err = create_flow(&client)
        .integration_type("studio")
        .integration_priority(1)
        .send()
        .await
        .map(drop)
        .unwrap_err();
    let named: Vec<(&str, &str)> = err
        .problems()
        .iter()
        .map(|p| (p.setter.as_str(), p.field.as_str()))
        .collect();
    assert_eq!(
        named,
        [
            ("integration_flow_sid", "Integration.FlowSid"),
            ("integration_priority", "Integration.Priority"),
        ],
        "{err}"
    );
    assert_eq!(server.total_requests(), 0);
}
