//! Shapes of Twilio's specs the engine serves without knowing them (issue 24, point 4), on
//! a small spec written for these tests (`tests/specs/any_spec.yaml`): item paths ending in
//! `{Sid}.json` (the 2010 API), a nested singleton (`…/{WidgetSid}/Statistics.json`),
//! examples coerced to the schema's types, a resource addressed only by its instance path,
//! and a request built from the spec for every operation answered with a 2xx.

use reqwest::{Method, StatusCode};
use serde_json::Value;
use twilio_mock::{Declarations, Model, Server};

const SPEC: &str = include_str!("specs/any_spec.yaml");

async fn start() -> Server {
    let model = Model::parse(SPEC, &Declarations::new()).expect("the test spec models");
    Server::builder(std::sync::Arc::new(model))
        .start()
        .await
        .expect("starts")
}

async fn send(server: &Server, method: Method, path: &str, form: &str) -> (StatusCode, Value) {
    let resp = reqwest::Client::new()
        .request(method, format!("{}{path}", server.url()))
        .basic_auth(Server::ACCOUNT_SID, Some(Server::AUTH_TOKEN))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.to_string())
        .send()
        .await
        .expect("the mock answers");
    let status = resp.status();
    let bytes = resp.bytes().await.expect("a body");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn widgets(account: &str) -> String {
    format!("/2010-04-01/Accounts/{account}/Widgets")
}

#[tokio::test]
async fn items_at_sid_json_paths_are_created_fetched_and_deleted() {
    let server = start().await;
    let account = Server::ACCOUNT_SID;
    let (status, created) = send(
        &server,
        Method::POST,
        &format!("{}.json", widgets(account)),
        "FriendlyName=first",
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let sid = created["sid"].as_str().expect("a sid").to_string();
    assert!(sid.starts_with("WG") && sid.len() == 34, "{sid}");
    let item = format!("{}/{sid}.json", widgets(account));

    let (status, fetched) = send(&server, Method::GET, &item, "").await;
    assert_eq!(status, StatusCode::OK, "{fetched}");
    assert_eq!(fetched["friendly_name"], "first");
    // The example's `uri` points at the record itself.
    assert_eq!(fetched["uri"], Value::String(item.clone()));

    let (status, _) = send(&server, Method::DELETE, &item, "").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, gone) = send(&server, Method::GET, &item, "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(gone["code"], 20404, "a Twilio error body: {gone}");
    assert_eq!(gone["status"], 404);
}

#[tokio::test]
async fn a_2010_list_pages_under_its_array_key() {
    let server = start().await;
    let account = Server::ACCOUNT_SID;
    let seeded = server
        .seed(&format!("{}.json", widgets(account)), 3)
        .expect("seeds");
    let (status, page) = send(
        &server,
        Method::GET,
        &format!("{}.json?PageSize=2", widgets(account)),
        "",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let items = page["widgets"].as_array().expect("the array property");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["sid"], Value::String(seeded[0].clone()));
    // The 2010 API's paging fields beside the array, as its page schema declares them, and
    // no `meta`: URIs relative to the host (clients prefix their own base URL), which the
    // mock answers.
    assert!(page.get("meta").is_none(), "{page}");
    let list = format!("{}.json", widgets(account));
    assert_eq!(page["page"], 0);
    assert_eq!(page["page_size"], 2);
    assert_eq!(page["start"], 0);
    assert_eq!(page["end"], 1);
    assert_eq!(page["uri"], format!("{list}?PageSize=2&Page=0"));
    assert_eq!(page["first_page_uri"], format!("{list}?PageSize=2&Page=0"));
    assert_eq!(page["previous_page_uri"], Value::Null);
    let next = page["next_page_uri"]
        .as_str()
        .expect("a next page")
        .to_string();
    assert!(
        next.starts_with(&format!("{list}?PageSize=2&Page=1&PageToken=")),
        "{next}"
    );
    let (status, second) = send(&server, Method::GET, &next, "").await;
    assert_eq!(status, StatusCode::OK, "{second}");
    let items = second["widgets"].as_array().expect("the array property");
    assert_eq!(items.len(), 1, "{page}\n{second}");
    assert_eq!(items[0]["sid"], Value::String(seeded[2].clone()));
    assert_eq!(
        (second["start"].clone(), second["end"].clone()),
        (2.into(), 2.into())
    );
    assert_eq!(second["next_page_uri"], Value::Null);
    let previous = second["previous_page_uri"]
        .as_str()
        .expect("a previous page");
    assert!(
        previous.starts_with(&format!("{list}?PageSize=2&Page=0")),
        "{previous}"
    );
}

#[tokio::test]
async fn seeded_records_take_example_values_as_the_schema_types_them() {
    let server = start().await;
    let account = Server::ACCOUNT_SID;
    let sid = server
        .seed(&format!("{}.json", widgets(account)), 1)
        .expect("seeds")
        .remove(0);
    let (_, fetched) = send(
        &server,
        Method::GET,
        &format!("{}/{sid}.json", widgets(account)),
        "",
    )
    .await;
    // The example writes `"-0.0025"` and `"3"`; the schema says number and integer.
    assert_eq!(fetched["price"].as_f64(), Some(-0.0025), "{fetched}");
    assert_eq!(fetched["units"].as_i64(), Some(3), "{fetched}");
}

#[tokio::test]
async fn a_nested_singleton_exists_per_parent() {
    let server = start().await;
    let account = Server::ACCOUNT_SID;
    let sid = server
        .seed(&format!("{}.json", widgets(account)), 1)
        .expect("seeds")
        .remove(0);
    let path = format!("{}/{sid}/Statistics.json", widgets(account));
    let (status, stats) = send(&server, Method::GET, &path, "").await;
    assert_eq!(status, StatusCode::OK, "{stats}");
    assert_eq!(stats["widget_sid"], Value::String(sid.clone()));
    assert_eq!(stats["turns"], 7);
    assert_eq!(
        stats["url"],
        Value::String(format!("{}{path}", server.url()))
    );

    let missing = format!("{}/WG{}/Statistics.json", widgets(account), "f".repeat(32));
    let (status, err) = send(&server, Method::GET, &missing, "").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no such widget: {err}");
}

#[tokio::test]
async fn nested_singletons_survive_a_state_export_and_import() {
    let server = start().await;
    let account = Server::ACCOUNT_SID;
    let sids = server
        .seed(&format!("{}.json", widgets(account)), 2)
        .expect("seeds");
    let stats = |sid: &str| format!("{}/{sid}/Statistics.json", widgets(account));
    for sid in &sids {
        let (status, _) = send(&server, Method::GET, &stats(sid), "").await;
        assert_eq!(status, StatusCode::OK);
    }
    // One widget's statistics changed, so the import has something to carry over.
    let mut state = server.export_state();
    let key = stats(&sids[1]).trim_end_matches(".json").to_string();
    let key = if state.get(&key).is_some() {
        key
    } else {
        stats(&sids[1])
    };
    assert!(
        state.get(&key).is_some(),
        "each widget's statistics are exported: {state:#}"
    );
    assert!(
        state
            .get(stats(&sids[0]).trim_end_matches(".json"))
            .is_some()
            || state.get(stats(&sids[0])).is_some()
    );
    state[&key]["turns"] = 9.into();

    let copy = start().await;
    copy.import_state(&state).expect("imports");
    assert_eq!(copy.export_state(), state);
    let (_, second) = send(&copy, Method::GET, &stats(&sids[1]), "").await;
    assert_eq!(second["turns"], 9, "{second}");
    // Importing one parent's singleton leaves the other's in place.
    let (_, first) = send(&copy, Method::GET, &stats(&sids[0]), "").await;
    assert_eq!(first["turns"], 7, "{first}");
    assert_eq!(first["widget_sid"], Value::String(sids[0].clone()));
}

#[tokio::test]
async fn a_resource_addressed_only_by_instance_path_answers_any_id() {
    let server = start().await;
    let (status, found) = send(&server, Method::GET, "/v1/Lookups/+14155550100", "").await;
    assert_eq!(status, StatusCode::OK, "{found}");
    assert_eq!(found["phone_number"], "+14155550100");
    assert_eq!(found["country_code"], "US");
}

#[tokio::test]
async fn every_operation_answers_its_example_request_with_a_2xx() {
    let server = start().await;
    let ids: Vec<String> = server
        .model()
        .operations()
        .iter()
        .map(|op| op.id().to_string())
        .collect();
    assert_eq!(ids.len(), 6, "{ids:?}");
    for id in ids {
        let ex = server.example_request(&id).expect("an example request");
        let target = if ex.query.is_empty() {
            ex.path.clone()
        } else {
            format!("{}?{}", ex.path, ex.query)
        };
        let method = Method::from_bytes(ex.method.as_bytes()).expect("a method");
        let (status, body) = send(&server, method, &target, &ex.body).await;
        assert!(status.is_success(), "{id} {target}: {status} {body}");
    }
}
