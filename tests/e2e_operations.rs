//! End to end: every one of the 73 operations through the generated client against the
//! stateful mock, plus a bad-input case per resource family.
//! Run: `cargo test --features mock,contract --test e2e_operations`.
#![cfg(all(feature = "mock", feature = "contract"))]

#[path = "e2e/operations.rs"]
mod operations;

use std::collections::BTreeSet;
use std::time::Duration;

use operations::{Context, exercise_all, stand_in};
use serde_json::{Map, Value, json};
use twilio_flex::mock::MockServer;
use twilio_flex::{Client, Credentials, Error, RetryPolicy, types};

/// Every test is bounded: a hang fails instead of blocking CI.
const LIMIT: Duration = Duration::from_secs(60);

async fn mock() -> (MockServer, Client) {
    let server = MockServer::builder()
        .seed(4)
        .start()
        .await
        .expect("mock starts");
    let client = server.client().expect("client");
    (server, client)
}

#[tokio::test]
async fn every_operation_end_to_end() {
    let (server, client) = mock().await;
    let insert = |path: &str, fields: Value| server.insert(path, fields).map_err(|e| e.to_string());
    let outcomes = tokio::time::timeout(
        LIMIT,
        exercise_all(
            &client,
            Context {
                stateful: true,
                seed: Some(&insert),
                form_arrays: true,
            },
        ),
    )
    .await
    .expect("finishes in time");

    let failures: Vec<String> = outcomes
        .iter()
        .filter_map(|(op, r)| r.as_ref().err().map(|e| format!("{op}: {e}")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // The outcomes name each operation of the spec exactly once…
    let all: BTreeSet<&str> = twilio_flex::__contract::OPERATIONS
        .iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(all.len(), 73);
    let exercised: Vec<&str> = outcomes.iter().map(|(op, _)| *op).collect();
    assert_eq!(exercised.len(), all.len(), "{exercised:?}");
    assert_eq!(exercised.iter().copied().collect::<BTreeSet<_>>(), all);
    // …and the server saw each of them, through the client.
    let unseen: Vec<&str> = all
        .iter()
        .copied()
        .filter(|op| server.requests(op) == 0)
        .collect();
    assert!(unseen.is_empty(), "never reached the mock: {unseen:?}");
    // One request per operation plus a few read-backs; no retries were needed.
    let total = server.total_requests();
    assert!((73..=90).contains(&total), "{total} requests");
    for op in ["CreateFlexFlow", "CreateInteraction", "UpdatePluginArchive"] {
        assert_eq!(server.applied(op), 1, "{op}");
    }
    // Deletes were applied: nothing is left of what the run created at the top level.
    assert_eq!(server.count("/v1/FlexFlows").unwrap(), 0);
    assert_eq!(server.count("/v1/WebChannels").unwrap(), 0);
    assert_eq!(
        server
            .count("/v1/Insights/QualityManagement/Questionnaires")
            .unwrap(),
        0
    );
}

/// `InvalidRequest` naming `field`, and nothing sent.
#[track_caller]
fn rejected<T: std::fmt::Debug>(
    server: &MockServer,
    before: u64,
    r: twilio_flex::Result<T>,
    field: &str,
) {
    match r {
        Err(Error::InvalidRequest { field: f, .. }) if f == field => {}
        other => panic!("expected InvalidRequest naming {field}, got {other:?}"),
    }
    assert_eq!(server.total_requests(), before, "a request was sent");
}

/// Twilio's error for what only the server can know.
#[track_caller]
fn api_error<T: std::fmt::Debug>(r: twilio_flex::Result<T>, status: u16, code: i64) {
    match r {
        Err(Error::Api(e)) => {
            assert_eq!((e.status, e.code), (status, Some(code)), "{e}");
            assert!(!e.message.is_empty());
        }
        other => panic!("expected HTTP {status} / {code}, got {other:?}"),
    }
}

#[tokio::test]
async fn bad_input_flex_flows() {
    let (server, client) = mock().await;
    let n = server.total_requests();
    let r = client
        .create_flex_flow()
        .chat_service_sid("IS0123456789abcdef0123456789abcdef")
        .channel_type(types::FlexFlowChannelType::Web)
        .send()
        .await;
    rejected(&server, n, r, "FriendlyName");
    let r = client
        .update_flex_flow()
        .sid(stand_in("FO"))
        .integration_flow_sid("WW0123456789abcdef0123456789abcdef")
        .send()
        .await;
    rejected(&server, n, r, "Integration.FlowSid");
    let r = client.list_flex_flow().page_size(1001).send().await;
    rejected(&server, n, r, "PageSize");
    api_error(
        client.fetch_flex_flow().sid(stand_in("FO")).send().await,
        404,
        20404,
    );
    assert_eq!(server.requests("FetchFlexFlow"), 1);
}

#[tokio::test]
async fn bad_input_channels() {
    let (server, client) = mock().await;
    let n = server.total_requests();
    let r = client
        .create_channel()
        .flex_flow_sid("FO123")
        .identity("customer-42")
        .chat_user_friendly_name("Alice")
        .chat_friendly_name("Chat with Alice")
        .send()
        .await;
    rejected(&server, n, r, "FlexFlowSid");
    let r = client
        .create_channel()
        .flex_flow_sid(stand_in("FO"))
        .chat_user_friendly_name("Alice")
        .chat_friendly_name("Chat with Alice")
        .send()
        .await;
    rejected(&server, n, r, "Identity");
    api_error(
        client.delete_channel().sid(stand_in("CH")).send().await,
        404,
        20404,
    );
}

#[tokio::test]
async fn bad_input_web_channels() {
    let (server, client) = mock().await;
    let n = server.total_requests();
    let r = client
        .update_web_channel()
        .sid("WC0123456789abcdef0123456789abcdef")
        .send()
        .await;
    rejected(&server, n, r, "Sid");
    let r = client
        .create_web_channel()
        .flex_flow_sid(stand_in("FO"))
        .identity("visitor-7")
        .chat_friendly_name("Web chat")
        .send()
        .await;
    rejected(&server, n, r, "CustomerFriendlyName");
    api_error(
        client.fetch_web_channel().sid(stand_in("CH")).send().await,
        404,
        20404,
    );
}

#[tokio::test]
async fn bad_input_configuration() {
    let (server, client) = mock().await;
    let n = server.total_requests();
    // The body is the whole request: sending none is refused.
    let r = client.update_configuration().send().await;
    rejected(&server, n, r, "body");
    // Credentials are checked only by the server.
    let wrong = Client::builder()
        .base_url(server.url())
        .credentials(Credentials::auth_token(
            MockServer::ACCOUNT_SID,
            "wrong-token",
        ))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    api_error(wrong.fetch_configuration().send().await, 401, 20003);
    let mut body = Map::new();
    body.insert("account_sid".into(), json!(MockServer::ACCOUNT_SID));
    api_error(
        wrong.update_configuration().body(body).send().await,
        401,
        20003,
    );
    assert_eq!(server.applied("UpdateConfiguration"), 0);
}

#[tokio::test]
async fn bad_input_interactions() {
    let (server, client) = mock().await;
    let n = server.total_requests();
    let r = client
        .create_interaction()
        .routing(json!({"properties": {"workspace_sid": stand_in("WS")}}))
        .send()
        .await;
    rejected(&server, n, r, "Channel");
    let r = client
        .create_interaction_channel_participant()
        .interaction_sid(stand_in("KD"))
        .channel_sid(stand_in("UO"))
        .type_(types::InteractionChannelParticipantType::Agent)
        .send()
        .await;
    rejected(&server, n, r, "MediaProperties");
    let r = client
        .fetch_interaction_transfer()
        .interaction_sid(stand_in("KD"))
        .channel_sid(stand_in("UO"))
        .sid(stand_in("UT"))
        .send()
        .await;
    rejected(&server, n, r, "Sid");
    // A well-formed SID of an Interaction that doesn't exist: only the server knows.
    api_error(
        client
            .list_interaction_channel()
            .interaction_sid(stand_in("KD"))
            .send()
            .await,
        404,
        20404,
    );
}

#[tokio::test]
async fn bad_input_plugin_service() {
    let (server, client) = mock().await;
    let n = server.total_requests();
    let r = client
        .create_plugin_version()
        .plugin_sid(stand_in("FP"))
        .plugin_url("https://example.twil.io/bundle.js")
        .send()
        .await;
    rejected(&server, n, r, "Version");
    let r = client
        .update_plugin_configuration_archive()
        .sid(stand_in("FK"))
        .send()
        .await;
    rejected(&server, n, r, "Sid");
    let r = client.create_plugin_release().send().await;
    rejected(&server, n, r, "ConfigurationId");
    api_error(
        client
            .fetch_plugin_release()
            .sid(stand_in("FK"))
            .send()
            .await,
        404,
        20404,
    );
}

#[tokio::test]
async fn bad_input_insights() {
    let (server, client) = mock().await;
    let n = server.total_requests();
    let r = client
        .create_insights_questionnaires_question()
        .category_sid(stand_in("GE"))
        .question("Greeting?")
        .answer_set_id("a6a8a54f-5305-4aec-b92c-a6e429932f58")
        .allow_na(true)
        .send()
        .await;
    rejected(&server, n, r, "CategorySid");
    let r = client
        .create_insights_questionnaires()
        .name("QA")
        .question_sids([stand_in("GE"), "GE-not-a-sid".to_string()])
        .send()
        .await;
    rejected(&server, n, r, "QuestionSids");
    let r = client
        .update_insights_questionnaires()
        .questionnaire_sid(stand_in("GM"))
        .name("QA")
        .send()
        .await;
    rejected(&server, n, r, "Active");
    api_error(
        client
            .update_insights_questionnaires_category()
            .category_sid(stand_in("FY"))
            .name("Tone")
            .send()
            .await,
        404,
        20404,
    );
}

#[tokio::test]
async fn bad_input_provisioning_status() {
    let (server, _) = mock().await;
    // No parameters to get wrong: the server-side failure is authentication.
    let anonymous = Client::builder()
        .base_url(server.url())
        .credentials(Credentials::auth_token(
            "AC00000000000000000000000000000000",
            MockServer::AUTH_TOKEN,
        ))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    api_error(
        anonymous.fetch_provisioning_status().send().await,
        401,
        20003,
    );
    assert_eq!(server.requests("FetchProvisioningStatus"), 1);
}
