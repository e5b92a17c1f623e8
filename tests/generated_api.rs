//! The generated API behaves as issue #2 requires: names, flat setters, SID and enum types,
//! wire format, validation before sending, typed errors. Against a scripted loopback server.

mod common;

use common::{ACCOUNT_SID, AUTH_TOKEN, Reply, TestServer, flex_flow_json};
use serde_json::json;
use twilio_flex::{Error, types};

const FO: &str = "FO0123456789abcdef0123456789abcdef";
const IS: &str = "IS0123456789abcdef0123456789abcdef";
const FW: &str = "FW0123456789abcdef0123456789abcdef";

fn sorted(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs.sort();
    pairs
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    sorted(
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    )
}

#[tokio::test]
async fn create_flex_flow_as_the_docs_show_it() {
    let server = TestServer::start(|_, _| Reply::json(201, flex_flow_json(FO))).await;
    let client = server.client();
    let flow = client
        .create_flex_flow()
        .friendly_name("Support")
        .chat_service_sid(IS)
        .channel_type(types::FlexFlowChannelType::Sms)
        .integration_flow_sid(FW)
        .enabled(true)
        .send()
        .await
        .expect("created");
    assert_eq!(flow.sid.as_ref().map(|s| s.as_str()), Some(FO));
    assert_eq!(flow.channel_type, Some(types::FlexFlowChannelType::Sms));

    let req = &server.requests()[0];
    assert_eq!((req.method.as_str(), req.path()), ("POST", "/v1/FlexFlows"));
    assert_eq!(
        req.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        sorted(req.form()),
        pairs(&[
            ("ChannelType", "sms"),
            ("ChatServiceSid", IS),
            ("Enabled", "true"),
            ("FriendlyName", "Support"),
            ("Integration.FlowSid", FW),
        ])
    );
    assert_eq!(
        req.header("api-version"),
        None,
        "Twilio defines no api-version header"
    );
    let basic = base64_basic(ACCOUNT_SID, AUTH_TOKEN);
    assert_eq!(req.header("authorization"), Some(basic.as_str()));
}

fn base64_basic(user: &str, pass: &str) -> String {
    use base64::Engine as _;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"))
    )
}

#[tokio::test]
async fn arrays_are_repeated_keys_and_objects_compact_json() {
    let server = TestServer::start(|_, _| Reply::json(201, json!({}))).await;
    let client = server.client();
    client
        .create_insights_questionnaires()
        .name("QA")
        .question_sids([
            "GE0123456789abcdef0123456789abcdef",
            "GEfedcba9876543210fedcba9876543210",
        ])
        .send()
        .await
        .expect("sent");
    client
        .create_interaction()
        .channel(json!({"type": "sms", "initiated_by": "customer"}))
        .routing(json!({"properties": {"workspace_sid": "WS0123456789abcdef0123456789abcdef"}}))
        .send()
        .await
        .expect("sent");
    let reqs = server.requests();
    assert_eq!(
        String::from_utf8_lossy(&reqs[0].body)
            .matches("QuestionSids=")
            .count(),
        2,
        "{}",
        String::from_utf8_lossy(&reqs[0].body)
    );
    let form = reqs[1].form();
    let channel = &form
        .iter()
        .find(|(k, _)| k == "Channel")
        .expect("Channel sent")
        .1;
    assert!(!channel.contains(' '), "compact: {channel}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(channel).unwrap(),
        json!({"type": "sms", "initiated_by": "customer"})
    );
}

#[tokio::test]
async fn json_bodies_are_sent_as_json() {
    let server =
        TestServer::start(|_, _| Reply::json(200, json!({"account_sid": ACCOUNT_SID}))).await;
    let mut body = serde_json::Map::new();
    body.insert("account_sid".into(), json!(ACCOUNT_SID));
    body.insert("ui_attributes".into(), json!({"theme": "dark"}));
    server
        .client()
        .update_configuration()
        .body(body.clone())
        .send()
        .await
        .expect("sent");
    let req = &server.requests()[0];
    assert_eq!(req.header("content-type"), Some("application/json"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&req.body).unwrap(),
        serde_json::Value::Object(body)
    );
}

#[tokio::test]
async fn missing_required_field_fails_before_sending() {
    let server = TestServer::start(|_, _| Reply::json(201, json!({}))).await;
    let err = server
        .client()
        .create_flex_flow()
        .chat_service_sid(IS)
        .channel_type(types::FlexFlowChannelType::Web)
        .send()
        .await
        .unwrap_err();
    match &err {
        Error::InvalidRequest {
            operation, field, ..
        } => {
            assert_eq!(*operation, "CreateFlexFlow");
            assert_eq!(field, "FriendlyName");
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn malformed_sid_fails_before_sending_naming_parameter_and_shape() {
    let server = TestServer::start(|_, _| Reply::json(200, json!({}))).await;
    let client = server.client();
    let err = client
        .fetch_flex_flow()
        .sid("FOnot-a-sid")
        .send()
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        matches!(&err, Error::InvalidRequest { field, .. } if field == "Sid"),
        "{err:?}"
    );
    assert!(
        text.contains("`FO` followed by 32 hexadecimal digits"),
        "{text}"
    );
    let err = client
        .create_flex_flow()
        .friendly_name("x")
        .chat_service_sid("CH0123456789abcdef0123456789abcdef")
        .channel_type("sms")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest { field, .. } if field == "ChatServiceSid"),
        "{err:?}"
    );
    let err = client
        .list_flex_flow()
        .page_size(0)
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("from 1 to 1000"), "{err}");
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn sids_flow_from_one_response_into_the_next_call() {
    let server = TestServer::start(|req, _| {
        if req.path().starts_with("/v1/Channels") {
            Reply::json(
                200,
                json!({"sid": "CH0123456789abcdef0123456789abcdef", "flex_flow_sid": FO}),
            )
        } else {
            Reply::json(200, flex_flow_json(FO))
        }
    })
    .await;
    let client = server.client();
    let channel = client
        .fetch_channel()
        .sid("CH0123456789abcdef0123456789abcdef")
        .send()
        .await
        .unwrap();
    // One SID type per prefix: a channel's `flex_flow_sid` is the Flex Flow's `sid` type.
    let flow_sid: types::FlexFlowSid = channel.flex_flow_sid.expect("present");
    let flow = client
        .fetch_flex_flow()
        .sid(&flow_sid)
        .send()
        .await
        .unwrap();
    assert_eq!(flow.sid, Some(flow_sid));
    assert_eq!(server.requests()[1].path(), format!("/v1/FlexFlows/{FO}"));
}

#[tokio::test]
async fn responses_are_forward_compatible() {
    // A new enum value and a SID with a prefix Twilio may have moved to.
    let mut body = flex_flow_json(FO);
    body["channel_type"] = json!("carrier-pigeon");
    body["sid"] = json!("ZZ0123456789abcdef0123456789abcdef");
    body["brand_new_field"] = json!({"nested": true});
    let server = TestServer::start(move |_, _| Reply::json(200, body.clone())).await;
    let flow = server
        .client()
        .fetch_flex_flow()
        .sid(FO)
        .send()
        .await
        .expect("decodes");
    let channel = flow.channel_type.expect("present");
    assert_eq!(
        channel,
        types::FlexFlowChannelType::unrecognized("carrier-pigeon")
    );
    assert_eq!(
        serde_json::to_value(&channel).unwrap(),
        json!("carrier-pigeon")
    );
    let sid = flow.sid.expect("present");
    assert!(!sid.is_well_formed());
    assert_eq!(sid.as_str(), "ZZ0123456789abcdef0123456789abcdef");
}

#[tokio::test]
async fn error_bodies_become_typed_errors() {
    let server = TestServer::start(|_, i| match i {
        0 => Reply::json(
            404,
            json!({"code": 20404, "message": "The requested resource was not found", "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404}),
        ),
        1 => Reply::raw(502, "text/html", b"<html><body><h1>502 Bad Gateway</h1></body></html>"),
        2 => Reply::empty(500),
        _ => Reply::raw(200, "application/json", b"{\"sid\": 12"),
    })
    .await;
    let client = server.client();
    let err = client.fetch_flex_flow().sid(FO).send().await.unwrap_err();
    assert_eq!((err.status(), err.code()), (Some(404), Some(20404)));
    assert!(err.is_not_found());
    let err = client.fetch_flex_flow().sid(FO).send().await.unwrap_err();
    match &err {
        Error::Api(e) => {
            assert_eq!(e.status, 502);
            assert!(
                e.body_excerpt
                    .as_deref()
                    .unwrap_or("")
                    .contains("502 Bad Gateway")
            );
        }
        other => panic!("{other:?}"),
    }
    let err = client.fetch_flex_flow().sid(FO).send().await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    let err = client.fetch_flex_flow().sid(FO).send().await.unwrap_err();
    match &err {
        Error::Decode {
            operation, excerpt, ..
        } => {
            assert_eq!(*operation, "FetchFlexFlow");
            assert!(excerpt.contains("\"sid\": 12"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn any_2xx_is_success_and_deletes_return_unit() {
    let server = TestServer::start(|req, _| match req.method.as_str() {
        "DELETE" => Reply::empty(204),
        _ => Reply::json(200, flex_flow_json(FO)), // 200 where the spec says 201
    })
    .await;
    let client = server.client();
    client
        .create_flex_flow()
        .friendly_name("x")
        .chat_service_sid(IS)
        .channel_type("web")
        .send()
        .await
        .expect("200 accepted for a create");
    let () = client
        .delete_flex_flow()
        .sid(FO)
        .send()
        .await
        .expect("deleted");
}

#[tokio::test]
async fn array_query_parameters_take_any_iterator_and_repeat_the_key() {
    let server =
        TestServer::start(|_, _| Reply::json(200, json!({"questions": [], "meta": {}}))).await;
    server
        .client()
        .list_insights_questionnaires_question()
        .category_sid([
            "FY0123456789abcdef0123456789abcdef",
            "FYfedcba9876543210fedcba9876543210",
        ])
        .send()
        .await
        .unwrap();
    let target = &server.requests()[0].target;
    assert_eq!(target.matches("CategorySid=").count(), 2, "{target}");
    let err = server
        .client()
        .list_insights_questionnaires_question()
        .category_sid(["FYbad"])
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest { field, .. } if field == "CategorySid"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_missing_path_parameter_is_named() {
    let server = TestServer::start(|_, _| Reply::json(200, json!({}))).await;
    let err = server.client().fetch_flex_flow().send().await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest { field, .. } if field == "Sid"),
        "{err:?}"
    );
    assert_eq!(server.count(), 0);
}
