//! Flex Configuration as code (issue 13): typed read-modify-write that loses no key, merge
//! patches, a readable dry-run diff, `Error::Conflict`, and a mock that serves the
//! Configuration as Twilio does. Each behaviour is checked on the embedded mock and, where it
//! is about what goes on the wire, on a raw HTTP server that records the exact bytes.
//!
//! Byte-exact bodies are compared with `serde_json::to_vec` of the expected JSON, written with
//! its keys in the order the client sets them (the changed properties, then `account_sid`)
//! and nested keys sorted: the bytes are then the same whether or not another crate of the
//! build turns on serde_json's `preserve_order`.

mod common;

use std::sync::{Arc, Mutex};

use common::{ACCOUNT_SID, Recorded, Reply, TestServer};
use serde_json::{Map, Value, json};
use twilio_flex::configuration::Change;
use twilio_flex::mock::MockServer;
use twilio_flex::{Error, types};

const PATH: &str = "/v1/Configuration";

/// The spec's example of the Configuration, with our account.
fn spec_example() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/spec/flex_v1.yaml"))
        .expect("spec readable");
    let spec: Value = serde_yaml_ng::from_str(&text).expect("spec parses");
    let mut example = spec
        .pointer("/paths/~1v1~1Configuration/get/responses/200/content/application~1json/examples/fetch/value")
        .cloned()
        .expect("the spec has a fetch example of the Configuration");
    example["account_sid"] = json!(ACCOUNT_SID);
    example
}

/// A small configuration whose nested keys are sorted (see the module docs).
fn small_config() -> Value {
    json!({
        "account_sid": ACCOUNT_SID,
        "call_recording_enabled": true,
        "crm_enabled": true,
        "date_updated": "2030-01-01T00:00:00Z",
        "taskrouter_skills": [{"maximum": 0, "minimum": 0, "multivalue": false, "name": "sales"}],
        "ui_attributes": {
            "colorTheme": {"baseName": "GreyDefault", "light": true},
            "logLevel": "info",
            "warmTransfers": {"enabled": true}
        },
        "url": "https://flex-api.twilio.com/v1/Configuration"
    })
}

/// A raw server answering each GET of the Configuration with the next of `gets` (the last one
/// repeated) and a POST with the last GET's configuration overlaid with what was posted.
async fn scripted(gets: Vec<Value>) -> TestServer {
    let served = Arc::new(Mutex::new(0usize));
    TestServer::start(move |req: &Recorded, _| {
        let mut n = served.lock().unwrap();
        let last = gets.len().saturating_sub(1);
        match req.method.as_str() {
            "GET" => {
                let config = gets[(*n).min(last)].clone();
                *n += 1;
                Reply::json(200, config)
            }
            _ => {
                let mut config = gets[(*n).saturating_sub(1).min(last)].clone();
                let posted: Map<String, Value> =
                    serde_json::from_slice(&req.body).unwrap_or_default();
                for (k, v) in posted {
                    config[k] = v;
                }
                Reply::json(200, config)
            }
        }
    })
    .await
}

fn posts(server: &TestServer) -> Vec<Recorded> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST")
        .collect()
}

fn methods(server: &TestServer) -> Vec<String> {
    server.requests().into_iter().map(|r| r.method).collect()
}

fn invalid(err: Error) -> (String, String) {
    match err {
        Error::InvalidRequest {
            operation,
            field,
            message,
            ..
        } => {
            assert_eq!(operation, "UpdateConfiguration");
            (field, message)
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

fn set_base_name(config: &mut types::Configuration, name: &str) {
    let ui = config.ui_attributes.get_or_insert_with(|| json!({}));
    *ui.pointer_mut("/colorTheme/baseName")
        .expect("the fixture has ui_attributes.colorTheme.baseName") = json!(name);
}

// ---------------------------------------------------------------------------------------
// An edit of one nested key posts the whole merged `ui_attributes`, and nothing else.

#[tokio::test]
async fn raw_one_nested_key_posts_the_whole_merged_ui_attributes_and_nothing_else() {
    let server = scripted(vec![small_config()]).await;
    let client = server.client();
    let edit = client
        .edit_configuration(|c| set_base_name(c, "DarkTheme"))
        .await
        .unwrap();
    assert_eq!(edit.changes(), ["ui_attributes"]);
    assert_eq!(methods(&server), ["GET"], "an edit sends nothing by itself");
    let applied = edit.apply().await.unwrap();
    assert_eq!(methods(&server), ["GET", "GET", "POST"]);
    let post = &posts(&server)[0];
    assert_eq!(post.target, PATH);
    assert_eq!(post.header("content-type"), Some("application/json"));
    let expected = serde_json::to_vec(&json!({
        "ui_attributes": {
            "colorTheme": {"baseName": "DarkTheme", "light": true},
            "logLevel": "info",
            "warmTransfers": {"enabled": true}
        },
        "account_sid": ACCOUNT_SID
    }))
    .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&post.body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(
        applied.ui_attributes.unwrap()["colorTheme"]["baseName"],
        "DarkTheme"
    );
}

#[tokio::test]
async fn mock_one_nested_key_keeps_every_sibling() {
    let server = MockServer::start().await.unwrap();
    server
        .set_configuration(json!({"ui_attributes": small_config()["ui_attributes"]}))
        .unwrap();
    let client = server.client().unwrap();
    let edit = client
        .edit_configuration(|c| set_base_name(c, "DarkTheme"))
        .await
        .unwrap();
    assert_eq!(edit.changes(), ["ui_attributes"]);
    assert_eq!(
        edit.body().keys().collect::<Vec<_>>(),
        ["ui_attributes"],
        "only the changed property is posted"
    );
    let untouched = server.get(PATH).unwrap();
    edit.apply().await.unwrap();
    assert_eq!(server.applied("UpdateConfiguration"), 1);
    let stored = server.get(PATH).unwrap();
    assert_eq!(
        stored["ui_attributes"],
        json!({
            "colorTheme": {"baseName": "DarkTheme", "light": true},
            "logLevel": "info",
            "warmTransfers": {"enabled": true}
        })
    );
    // Every other property is as it was.
    for (k, v) in untouched.as_object().unwrap() {
        if k != "ui_attributes" && k != "date_updated" {
            assert_eq!(&stored[k], v, "{k} changed");
        }
    }
}

// ---------------------------------------------------------------------------------------
// `account_sid` is always in the body.

#[tokio::test]
async fn raw_account_sid_is_always_in_the_body() {
    let server = scripted(vec![small_config()]).await;
    let client = server.client();
    client
        .merge_configuration(json!({"crm_enabled": false}))
        .await
        .unwrap()
        .apply()
        .await
        .unwrap();
    client
        .edit_configuration(|c| c.call_recording_enabled = Some(false))
        .await
        .unwrap()
        .apply()
        .await
        .unwrap();
    let bodies: Vec<String> = posts(&server)
        .iter()
        .map(|p| String::from_utf8_lossy(&p.body).into_owned())
        .collect();
    let expected = [
        json!({"crm_enabled": false, "account_sid": ACCOUNT_SID}),
        json!({"call_recording_enabled": false, "account_sid": ACCOUNT_SID}),
    ]
    .map(|v| serde_json::to_string(&v).unwrap());
    assert_eq!(bodies, expected);
}

#[tokio::test]
async fn mock_refuses_an_update_without_the_accounts_sid_as_twilio_does() {
    let server = MockServer::start().await.unwrap();
    let http = reqwest::Client::new();
    let post = |body: &'static str, content_type: &'static str| {
        http.post(format!("{}{PATH}", server.url()))
            .basic_auth(MockServer::ACCOUNT_SID, Some(MockServer::AUTH_TOKEN))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let missing = post(r#"{"crm_enabled": false}"#, "application/json")
        .await
        .unwrap();
    assert_eq!(missing.status(), 400);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["code"], 20001);
    assert_eq!(body["status"], 400);
    assert_eq!(
        body["message"],
        "Missing required parameter account_sid in the request body"
    );
    assert_eq!(
        body["more_info"],
        "https://www.twilio.com/docs/errors/20001"
    );
    let foreign = post(
        r#"{"account_sid": "AC00000000000000000000000000000000", "crm_enabled": false}"#,
        "application/json",
    )
    .await
    .unwrap();
    assert_eq!(foreign.status(), 400);
    let body: Value = foreign.json().await.unwrap();
    assert!(
        body["message"].as_str().unwrap().contains("account_sid"),
        "{body}"
    );
    let form = post(
        "account_sid=AC0123456789abcdef0123456789abcdef&crm_enabled=false",
        "application/x-www-form-urlencoded",
    )
    .await
    .unwrap();
    assert_eq!(form.status(), 400, "the update takes JSON only");
    assert_eq!(server.applied("UpdateConfiguration"), 0);
    assert_eq!(server.get(PATH).unwrap()["crm_enabled"], true);

    // The client's own raw escape hatch fills the account in; a foreign one is Twilio's error.
    let client = server.client().unwrap();
    let mut map = Map::new();
    map.insert("crm_enabled".into(), json!(false));
    client
        .update_configuration()
        .body(map)
        .send()
        .await
        .unwrap();
    assert_eq!(server.get(PATH).unwrap()["crm_enabled"], false);
    let mut map = Map::new();
    map.insert(
        "account_sid".into(),
        json!("AC00000000000000000000000000000000"),
    );
    map.insert("crm_enabled".into(), json!(true));
    let err = client
        .update_configuration()
        .body(map)
        .send()
        .await
        .unwrap_err();
    assert_eq!((err.status(), err.code()), (Some(400), Some(20001)));
}

// ---------------------------------------------------------------------------------------
// A concurrent change gives `Error::Conflict` with zero POSTs.

#[tokio::test]
async fn raw_a_concurrent_change_gives_conflict_with_zero_posts() {
    let mut changed = small_config();
    changed["ui_attributes"]["logLevel"] = json!("debug");
    let server = scripted(vec![small_config(), changed]).await;
    let client = server.client();
    let edit = client
        .edit_configuration(|c| set_base_name(c, "DarkTheme"))
        .await
        .unwrap();
    match edit.apply().await {
        Err(Error::Conflict {
            operation,
            properties,
        }) => {
            assert_eq!(operation, "UpdateConfiguration");
            assert_eq!(properties, ["ui_attributes"]);
        }
        other => panic!("expected Conflict, got {other:?}"),
    }
    assert_eq!(methods(&server), ["GET", "GET"], "nothing was posted");
}

#[tokio::test]
async fn raw_a_concurrent_change_to_another_property_is_kept() {
    let mut changed = small_config();
    changed["crm_enabled"] = json!(false);
    let server = scripted(vec![small_config(), changed]).await;
    let client = server.client();
    client
        .edit_configuration(|c| set_base_name(c, "DarkTheme"))
        .await
        .unwrap()
        .apply()
        .await
        .unwrap();
    let posted: Map<String, Value> = serde_json::from_slice(&posts(&server)[0].body).unwrap();
    assert_eq!(
        posted.keys().collect::<Vec<_>>().len(),
        2,
        "only ui_attributes and account_sid: {posted:?}"
    );
    assert!(!posted.contains_key("crm_enabled"));
}

#[tokio::test]
async fn mock_a_change_behind_the_clients_back_gives_conflict_with_zero_posts() {
    let server = MockServer::start().await.unwrap();
    server
        .set_configuration(json!({"ui_attributes": small_config()["ui_attributes"]}))
        .unwrap();
    let client = server.client().unwrap();
    let edit = client
        .merge_configuration(json!({"ui_attributes": {"colorTheme": {"baseName": "DarkTheme"}}}))
        .await
        .unwrap();
    server
        .set_configuration(json!({"ui_attributes": {"colorTheme": {"baseName": "Blue"}}}))
        .unwrap();
    let err = edit.apply().await.unwrap_err();
    assert!(
        matches!(&err, Error::Conflict { properties, .. } if properties == &["ui_attributes"]),
        "{err:?}"
    );
    assert!(err.to_string().contains("ui_attributes"), "{err}");
    assert_eq!(server.requests("UpdateConfiguration"), 0);
    assert_eq!(server.requests("FetchConfiguration"), 2);
    assert_eq!(
        server.get(PATH).unwrap()["ui_attributes"],
        json!({"colorTheme": {"baseName": "Blue"}}),
        "the other writer's change stands"
    );
}

// ---------------------------------------------------------------------------------------
// The merge patch `{"ui_attributes": {"a": null}}` removes `a` and keeps its siblings.

#[tokio::test]
async fn raw_merge_patch_null_removes_the_key_and_keeps_its_siblings() {
    let mut config = small_config();
    // `a` last: under `preserve_order` serde_json removes a key by swapping the last one into
    // its place, which would make the expected bytes depend on the build's features.
    config["ui_attributes"] = json!({"b": 2, "c": {"d": 3}});
    config["ui_attributes"]["a"] = json!(1);
    let server = scripted(vec![config]).await;
    let client = server.client();
    let edit = client
        .merge_configuration(json!({"ui_attributes": {"a": null}}))
        .await
        .unwrap();
    assert_eq!(edit.diff().to_string(), "ui_attributes.a: - 1\n");
    edit.apply().await.unwrap();
    let expected = serde_json::to_string(&json!({
        "ui_attributes": {"b": 2, "c": {"d": 3}},
        "account_sid": ACCOUNT_SID
    }))
    .unwrap();
    assert_eq!(String::from_utf8_lossy(&posts(&server)[0].body), expected);
}

#[tokio::test]
async fn mock_merge_patch_null_removes_the_key_and_keeps_its_siblings() {
    let server = MockServer::start().await.unwrap();
    server
        .set_configuration(json!({"ui_attributes": {"a": 1, "b": 2, "c": {"d": 3}}}))
        .unwrap();
    let client = server.client().unwrap();
    let config = client
        .merge_configuration(json!({"ui_attributes": {"a": null, "c": {"e": 4}}}))
        .await
        .unwrap()
        .apply()
        .await
        .unwrap();
    let expected = json!({"b": 2, "c": {"d": 3, "e": 4}});
    assert_eq!(config.ui_attributes.as_ref(), Some(&expected));
    assert_eq!(server.get(PATH).unwrap()["ui_attributes"], expected);
    // Arrays replace.
    client
        .merge_configuration(
            json!({"serverless_service_sids": ["ZS0123456789abcdef0123456789abcdef"]}),
        )
        .await
        .unwrap()
        .apply()
        .await
        .unwrap();
    assert_eq!(
        server.get(PATH).unwrap()["serverless_service_sids"],
        json!(["ZS0123456789abcdef0123456789abcdef"])
    );
}

// ---------------------------------------------------------------------------------------
// An empty edit sends nothing.

#[tokio::test]
async fn raw_an_empty_edit_sends_nothing() {
    let server = scripted(vec![small_config()]).await;
    let client = server.client();
    let edit = client.edit_configuration(|_| {}).await.unwrap();
    assert!(edit.is_empty() && edit.diff().is_empty() && edit.changes().is_empty());
    assert_eq!(edit.diff().to_string(), "");
    let config = edit.apply().await.unwrap();
    assert_eq!(
        config.crm_enabled,
        Some(true),
        "the configuration as fetched"
    );
    // A patch that restates what is there is empty too.
    let edit = client
        .merge_configuration(json!({"crm_enabled": true, "ui_attributes": {"logLevel": "info"}}))
        .await
        .unwrap();
    assert!(edit.is_empty(), "{edit:?}");
    edit.apply().await.unwrap();
    assert_eq!(
        methods(&server),
        ["GET", "GET"],
        "one fetch per edit, no POST"
    );
}

#[tokio::test]
async fn mock_an_empty_edit_sends_nothing() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let edit = client.edit_configuration(|_| {}).await.unwrap();
    assert!(edit.is_empty());
    edit.apply().await.unwrap();
    assert_eq!(server.requests("FetchConfiguration"), 1);
    assert_eq!(server.requests("UpdateConfiguration"), 0);
}

// ---------------------------------------------------------------------------------------
// The diff of a realistic configuration (the spec's example plus edits).

const REALISTIC_DIFF: &str = "\
attributes.main_attribute: - \"some_attribute\"
crm_enabled: true → false
taskrouter_skills[1].maximum: 10 → 20
taskrouter_skills[2]: + {\"maximum\":5,\"minimum\":0,\"multivalue\":false,\"name\":\"billing\"}
ui_attributes.colorTheme.baseName: \"GreyDefault\" → \"DarkTheme\"
";

fn realistic_edit(config: &mut types::Configuration) {
    set_base_name(config, "DarkTheme");
    let skills = config.taskrouter_skills.get_or_insert_with(Vec::new);
    skills[1]["maximum"] = json!(20);
    skills.push(json!({"maximum": 5, "minimum": 0, "multivalue": false, "name": "billing"}));
    config.crm_enabled = Some(false);
    if let Some(attributes) = config.attributes.as_mut().and_then(Value::as_object_mut) {
        attributes.remove("main_attribute");
    }
}

fn grey_ui() -> Value {
    json!({"colorTheme": {"baseName": "GreyDefault", "light": true}})
}

#[tokio::test]
async fn raw_the_diff_of_a_realistic_configuration_reads_per_path() {
    let mut example = spec_example();
    example["ui_attributes"] = grey_ui();
    let server = scripted(vec![example]).await;
    let client = server.client();
    let edit = client.edit_configuration(realistic_edit).await.unwrap();
    assert_eq!(edit.diff().to_string(), REALISTIC_DIFF);
    assert_eq!(
        edit.changes(),
        [
            "attributes",
            "crm_enabled",
            "taskrouter_skills",
            "ui_attributes"
        ]
    );
    let entry = &edit.diff().entries()[3];
    assert_eq!(entry.pointer, "/taskrouter_skills/2");
    assert!(matches!(&entry.change, Change::Added(v) if v["name"] == "billing"));
}

#[tokio::test]
async fn mock_the_diff_of_a_realistic_configuration_reads_per_path() {
    let server = MockServer::start().await.unwrap();
    server
        .set_configuration(json!({"ui_attributes": grey_ui()}))
        .unwrap();
    let client = server.client().unwrap();
    let edit = client.edit_configuration(realistic_edit).await.unwrap();
    assert_eq!(edit.diff().to_string(), REALISTIC_DIFF);
    // The same changes as a merge patch (arrays replace whole) read the same.
    let mut skills = spec_example()["taskrouter_skills"].clone();
    skills[1]["maximum"] = json!(20);
    skills
        .as_array_mut()
        .unwrap()
        .push(json!({"maximum": 5, "minimum": 0, "multivalue": false, "name": "billing"}));
    let patch = json!({
        "attributes": {"main_attribute": null},
        "crm_enabled": false,
        "taskrouter_skills": skills,
        "ui_attributes": {"colorTheme": {"baseName": "DarkTheme"}}
    });
    let merged = client.merge_configuration(patch).await.unwrap();
    assert_eq!(merged.diff().to_string(), REALISTIC_DIFF);
    merged.apply().await.unwrap();
    let stored = server.get(PATH).unwrap();
    assert_eq!(stored["taskrouter_skills"], skills);
    assert_eq!(stored["attributes"], json!({}));
}

// ---------------------------------------------------------------------------------------
// Bad input is refused before any request, naming the property.

#[tokio::test]
async fn raw_bad_patches_are_refused_before_any_request() {
    let server = scripted(vec![small_config()]).await;
    let client = server.client();
    let cases = [
        (json!([{"crm_enabled": false}]), "patch", "got an array"),
        (json!("crm_enabled=false"), "patch", "got a string"),
        (json!({"url": "https://example.com"}), "url", "read-only"),
        (
            json!({"account_sid": "AC00000000000000000000000000000000"}),
            "account_sid",
            "read-only",
        ),
        (
            json!({"date_updated": "2031-01-01T00:00:00Z"}),
            "date_updated",
            "read-only",
        ),
        (
            json!({"call_recording_enabled": "yes"}),
            "call_recording_enabled",
            "expected a boolean",
        ),
        (
            json!({"taskrouter_skills": {"name": "billing"}}),
            "taskrouter_skills",
            "expected a sequence",
        ),
        (
            json!({"taskrouter_workspace_sid": "WQ0123456789abcdef0123456789abcdef"}),
            "taskrouter_workspace_sid",
            "`WS` followed by 32 hexadecimal digits",
        ),
        (
            json!({"ui_atributes": {"logLevel": "debug"}}),
            "ui_atributes",
            "not a property of `Configuration`",
        ),
    ];
    for (patch, field, message) in cases {
        let (got_field, got_message) =
            invalid(client.merge_configuration(patch.clone()).await.unwrap_err());
        assert_eq!(got_field, field, "{patch}");
        assert!(got_message.contains(message), "{patch}: {got_message}");
    }
    assert_eq!(server.count(), 0, "nothing was sent");
}

#[tokio::test]
async fn mock_a_closure_changing_a_read_only_property_posts_nothing() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let err = client
        .edit_configuration(|c| {
            c.crm_enabled = Some(false);
            c.url = Some("https://example.com/elsewhere".into());
        })
        .await
        .unwrap_err();
    let (field, message) = invalid(err);
    assert_eq!(
        (field.as_str(), message.as_str()),
        ("url", "read-only: Twilio sets it")
    );
    let err = client
        .merge_configuration(json!({"call_recording_enabled": "yes"}))
        .await
        .unwrap_err();
    assert_eq!(invalid(err).0, "call_recording_enabled");
    assert_eq!(
        server.requests("FetchConfiguration"),
        1,
        "the closure's fetch only"
    );
    assert_eq!(server.requests("UpdateConfiguration"), 0);
}

#[tokio::test]
async fn raw_property_checks_at_once_and_sends_what_the_typed_setter_sends() {
    let server = scripted(vec![small_config()]).await;
    let client = server.client();
    let err = client
        .update_configuration()
        .property("serverless_service_sids", json!(["ZS0123", 5]))
        .unwrap_err();
    assert_eq!(invalid(err).0, "serverless_service_sids");
    client
        .update_configuration()
        .property(
            "taskrouter_workspace_sid",
            json!("WS0123456789abcdef0123456789abcdef"),
        )
        .unwrap()
        .property("crm_callback_url", Value::Null)
        .unwrap()
        .send()
        .await
        .unwrap();
    client
        .update_configuration()
        .taskrouter_workspace_sid("WS0123456789abcdef0123456789abcdef")
        .send()
        .await
        .unwrap();
    let posted: Vec<Value> = posts(&server)
        .iter()
        .map(|p| serde_json::from_slice(&p.body).unwrap())
        .collect();
    assert_eq!(
        posted[0],
        json!({
            "taskrouter_workspace_sid": "WS0123456789abcdef0123456789abcdef",
            "crm_callback_url": null,
            "account_sid": ACCOUNT_SID
        })
    );
    assert_eq!(
        posted[1],
        json!({"taskrouter_workspace_sid": "WS0123456789abcdef0123456789abcdef", "account_sid": ACCOUNT_SID})
    );
}

// ---------------------------------------------------------------------------------------
// The mock serves the Configuration as Twilio does.

#[tokio::test]
async fn mock_replaces_json_properties_whole() {
    let server = MockServer::start().await.unwrap();
    server
        .set_configuration(json!({"ui_attributes": {"a": 0, "b": {"c": 1}}}))
        .unwrap();
    let client = server.client().unwrap();
    let answered = client
        .update_configuration()
        .ui_attributes(json!({"a": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(answered.ui_attributes, Some(json!({"a": 1})));
    assert_eq!(server.get(PATH).unwrap()["ui_attributes"], json!({"a": 1}));
}

#[tokio::test]
async fn mock_bumps_date_updated_on_every_change() {
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let date = |v: &Value| {
        chrono::DateTime::parse_from_rfc3339(v["date_updated"].as_str().unwrap()).unwrap()
    };
    let mut last = date(&server.get(PATH).unwrap());
    for enabled in [false, true, false] {
        client
            .update_configuration()
            .crm_enabled(enabled)
            .send()
            .await
            .unwrap();
        let now = date(&server.get(PATH).unwrap());
        assert!(now > last, "{now} after {last}");
        last = now;
    }
    // A change behind the client's back moves it too.
    let behind = server
        .set_configuration(json!({"crm_type": "custom2"}))
        .unwrap();
    assert!(date(&behind) > last);
}

#[tokio::test]
async fn mock_set_configuration_changes_it_behind_the_clients_back() {
    let server = MockServer::start().await.unwrap();
    let returned = server
        .set_configuration(json!({"ui_attributes": {"x": 1}, "status": "inprogress"}))
        .unwrap();
    assert_eq!(server.total_requests(), 0, "no request is counted");
    let fetched = server
        .client()
        .unwrap()
        .fetch_configuration()
        .send()
        .await
        .unwrap();
    assert_eq!(fetched.ui_attributes, Some(json!({"x": 1})));
    assert_eq!(serde_json::to_value(&fetched.status).unwrap(), "inprogress");
    assert_eq!(returned["ui_attributes"], json!({"x": 1}));
    assert!(server.set_configuration(json!([1])).is_err());
}

/// README's "Configuration as code" example, run against a fresh mock, prints what the
/// comment next to it says: the mock starts from a realistic configuration (issue 23, point
/// 16), not the spec example's empty `ui_attributes`. The patch and the comment are read
/// from README itself, so neither can drift from what the mock does.
#[tokio::test]
async fn mock_readme_merge_patch_example_prints_what_its_comment_says() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README readable");
    let section = readme
        .split("## Configuration as code")
        .nth(1)
        .expect("README has a \"Configuration as code\" section");
    let patch_line = section
        .lines()
        .find(|l| l.contains(".merge_configuration(json!("))
        .expect("the section's example calls merge_configuration(json!(…))");
    let patch_text = patch_line
        .split_once("json!(")
        .and_then(|(_, rest)| rest.trim_end().strip_suffix("))"))
        .expect("the patch is `json!(…)` closing the call on its line");
    let patch: Value = serde_json::from_str(patch_text)
        .unwrap_or_else(|e| panic!("README's patch {patch_text} is JSON: {e}"));
    let promised = section
        .lines()
        .find(|l| l.contains("edit.diff()"))
        .and_then(|l| l.split_once("// "))
        .map(|(_, comment)| comment.trim())
        .expect("the example prints edit.diff() with the diff in a comment");

    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let edit = client.merge_configuration(patch).await.unwrap();
    let diff = edit.diff().to_string();
    assert_eq!(
        diff,
        "ui_attributes.colorTheme.baseName: \"GreyDefault\" → \"DarkTheme\"\n\
         ui_attributes.logLevel: - \"info\"\n"
    );
    // `…` in the comment: its text is the diff's first line, and more lines follow.
    match promised.strip_suffix('…') {
        Some(first) => {
            let mut lines = diff.lines();
            assert_eq!(lines.next(), Some(first.trim_end()), "README: {promised}");
            assert!(lines.next().is_some(), "README's `…` promises more lines");
        }
        None => assert_eq!(diff.trim_end(), promised),
    }
    assert!(!edit.is_empty());
    edit.apply().await.unwrap();
    assert_eq!(
        server.get(PATH).unwrap()["ui_attributes"],
        json!({"colorTheme": {"baseName": "DarkTheme", "light": true}, "warmTransfers": {"enabled": true}})
    );
}

// ---------------------------------------------------------------------------------------
// The read-only properties are listed where users read.

#[test]
fn the_read_only_properties_are_listed_in_the_docs() {
    let root = env!("CARGO_MANIFEST_DIR");
    let snapshot = std::fs::read_to_string(format!("{root}/api/flex_v1.txt")).unwrap();
    let line = snapshot
        .lines()
        .find_map(|l| l.trim().strip_prefix("note   read-only, no setter: "))
        .expect("the snapshot lists the Configuration's read-only properties");
    let read_only: Vec<&str> = line.split(", ").collect();
    assert!(read_only.contains(&"date_updated") && read_only.len() >= 8);
    for file in ["README.md", "src/configuration.rs", "src/lib.rs"] {
        let text = std::fs::read_to_string(format!("{root}/{file}")).unwrap();
        for p in &read_only {
            assert!(
                text.contains(&format!("`{p}`")),
                "{file} doesn't list `{p}`"
            );
        }
    }
}
