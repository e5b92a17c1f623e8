//! The engine serves a spec it knows nothing about: Twilio's TaskRouter v1 (vendored under
//! `tests/specs/`, see its PROVENANCE.toml), with no declarations and no rules. A Workspace
//! goes through create, fetch, list, update and delete as a raw HTTP client sees it; the
//! state, hooks and counters work the same as for any spec.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use twilio_mock::{Declarations, Hook, MockError, Model, Server};

const SPEC: &str = include_str!("specs/twilio_taskrouter_v1.yaml");

fn model() -> Arc<Model> {
    static MODEL: OnceLock<Arc<Model>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
            Arc::new(Model::parse(SPEC, &Declarations::new()).expect("TaskRouter's spec models"))
        })
        .clone()
}

async fn start() -> Server {
    Server::builder(model())
        .seed(3)
        .start()
        .await
        .expect("starts")
}

struct Http {
    base: String,
    http: reqwest::Client,
    credentials: (String, String),
}

impl Http {
    fn new(server: &Server) -> Http {
        Http {
            base: server.url().to_string(),
            http: reqwest::Client::new(),
            credentials: (Server::ACCOUNT_SID.into(), Server::AUTH_TOKEN.into()),
        }
    }

    async fn send(&self, method: Method, path: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
        let url = if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        };
        let body = {
            let mut body = form_urlencoded::Serializer::new(String::new());
            for (k, v) in form {
                body.append_pair(k, v);
            }
            body.finish()
        };
        let (user, password) = &self.credentials;
        let r = self
            .http
            .request(method, url)
            .basic_auth(user, Some(password))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("request");
        let status = r.status();
        let text = r.text().await.expect("body");
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).expect("a JSON body")
        };
        (status, value)
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(Method::GET, path, &[]).await
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
        self.send(Method::POST, path, form).await
    }
}

fn is_sid(v: &Value, prefix: &str) -> bool {
    v.as_str().is_some_and(|s| {
        s.len() == 34 && s.starts_with(prefix) && s[2..].bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// The vendored spec is Twilio's file, unchanged: its checksum is the one PROVENANCE.toml
/// records.
#[test]
fn the_vendored_spec_is_twilios_file_unchanged() {
    use sha2::{Digest, Sha256};
    let provenance = include_str!("specs/PROVENANCE.toml");
    let recorded = provenance
        .lines()
        .find_map(|l| l.strip_prefix("sha256 = "))
        .map(|v| v.trim().trim_matches('"'))
        .expect("PROVENANCE.toml records a sha256");
    let actual: String = Sha256::digest(SPEC.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        actual, recorded,
        "tests/specs/twilio_taskrouter_v1.yaml was edited"
    );
}

#[tokio::test]
async fn a_workspace_walks_through_create_fetch_list_update_and_delete() {
    let server = start().await;
    let api = Http::new(&server);

    let (s, created) = api
        .post(
            "/v1/Workspaces",
            &[
                ("FriendlyName", "Support"),
                ("EventCallbackUrl", "https://example.com/events"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    assert!(is_sid(&created["sid"], "WS"), "{created}");
    let ws = created["sid"].as_str().unwrap().to_string();
    assert_eq!(created["friendly_name"], "Support");
    assert_eq!(created["event_callback_url"], "https://example.com/events");
    assert_eq!(created["account_sid"], Server::ACCOUNT_SID);
    assert_eq!(
        created["url"],
        format!("{}/v1/Workspaces/{ws}", server.url())
    );
    assert_eq!(
        created["links"]["activities"],
        format!("{}/v1/Workspaces/{ws}/Activities", server.url()),
        "links point at the mock, with the record's own SID"
    );
    // What the request could set and didn't is null, not the example's value ("FIFO").
    assert_eq!(created["prioritize_queue_order"], Value::Null);
    assert_eq!(created["events_filter"], Value::Null);
    // A SID only the server sets is a fresh one, not the example's placeholder, and two
    // fields the example shows equal stay equal.
    assert!(is_sid(&created["default_activity_sid"], "WA"), "{created}");
    assert!(
        !created["default_activity_sid"]
            .as_str()
            .unwrap()
            .contains("aaaaaaaa")
    );
    assert_eq!(
        created["default_activity_sid"],
        created["timeout_activity_sid"]
    );

    let (s, fetched) = api.get(&format!("/v1/Workspaces/{ws}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(fetched, created);

    let (s, other) = api
        .post("/v1/Workspaces", &[("FriendlyName", "Sales")])
        .await;
    assert_eq!(s, StatusCode::CREATED, "{other}");
    let (s, list) = api.get("/v1/Workspaces?PageSize=1").await;
    assert_eq!(s, StatusCode::OK, "{list}");
    assert_eq!(list["meta"]["key"], "workspaces");
    assert_eq!(list["workspaces"].as_array().unwrap().len(), 1);
    assert_eq!(list["workspaces"][0]["sid"], ws.as_str());
    let next = list["meta"]["next_page_url"]
        .as_str()
        .expect("a second page");
    let (_, page2) = api.get(next).await;
    assert_eq!(page2["workspaces"][0]["sid"], other["sid"]);
    let (_, filtered) = api.get("/v1/Workspaces?FriendlyName=Sales").await;
    assert_eq!(filtered["workspaces"].as_array().unwrap().len(), 1);
    assert_eq!(filtered["workspaces"][0]["sid"], other["sid"]);

    let (s, updated) = api
        .post(
            &format!("/v1/Workspaces/{ws}"),
            &[
                ("FriendlyName", "Support EMEA"),
                ("MultiTaskEnabled", "true"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{updated}");
    assert_eq!(updated["friendly_name"], "Support EMEA");
    assert_eq!(updated["multi_task_enabled"], true);
    assert_eq!(updated["event_callback_url"], "https://example.com/events");
    assert_eq!(
        api.get(&format!("/v1/Workspaces/{ws}")).await.1["friendly_name"],
        "Support EMEA"
    );

    // A nested resource, deleted with its parent.
    let (s, activity) = api
        .post(
            &format!("/v1/Workspaces/{ws}/Activities"),
            &[("FriendlyName", "Lunch")],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{activity}");
    assert!(is_sid(&activity["sid"], "WA"));
    assert_eq!(activity["workspace_sid"], ws.as_str());

    let (s, _) = api
        .send(Method::DELETE, &format!("/v1/Workspaces/{ws}"), &[])
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, gone) = api.get(&format!("/v1/Workspaces/{ws}")).await;
    assert_eq!((s, &gone["code"]), (StatusCode::NOT_FOUND, &json!(20404)));
    let (s, _) = api.get(&format!("/v1/Workspaces/{ws}/Activities")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(server.count("/v1/Workspaces").unwrap(), 1);

    // Validation comes from the spec: a required field, a SID pattern.
    let (s, v) = api.post("/v1/Workspaces", &[]).await;
    assert_eq!((s, &v["code"]), (StatusCode::BAD_REQUEST, &json!(20001)));
    assert!(
        v["message"].as_str().unwrap().contains("FriendlyName"),
        "{v}"
    );
    let (s, _) = api.get("/v1/Workspaces/WS123").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);

    assert_eq!(server.requests("CreateWorkspace"), 3);
    assert_eq!(server.applied("CreateWorkspace"), 2);
    assert_eq!(server.applied("DELETE /v1/Workspaces/{Sid}"), 1);
}

#[tokio::test]
async fn the_state_exports_and_imports_per_collection_path() {
    let server = start().await;
    let api = Http::new(&server);
    let ws = server.seed("/v1/Workspaces", 2).unwrap();
    let (_, activity) = api
        .post(
            &format!("/v1/Workspaces/{}/Activities", ws[1]),
            &[("FriendlyName", "Break")],
        )
        .await;
    let state = server.export_state();
    let workspaces = state["/v1/Workspaces"].as_array().expect("the workspaces");
    assert_eq!(workspaces.len(), 2);
    assert_eq!(workspaces[0]["sid"], ws[0].as_str());
    let activities = format!("/v1/Workspaces/{}/Activities", ws[1]);
    assert_eq!(state[&activities][0], activity);

    let copy = start().await;
    copy.import_state(&state).unwrap();
    assert_eq!(copy.export_state(), state);
    assert_eq!(
        Http::new(&copy)
            .get(&format!(
                "{activities}/{}",
                activity["sid"].as_str().unwrap()
            ))
            .await
            .1["friendly_name"],
        "Break"
    );
    assert!(matches!(
        copy.import_state(&json!({"/v1/Workspaces": [{"friendly_name": "no sid"}]})),
        Err(MockError::InvalidState(_))
    ));
    assert!(matches!(
        copy.import_state(&json!({"/v1/Nowhere": []})),
        Err(MockError::UnknownRoute(_))
    ));
}

#[tokio::test]
async fn a_server_binds_where_told_and_takes_its_credentials() {
    let server = Server::builder(model())
        .bind("127.0.0.1:0".parse().unwrap())
        .credentials("AC00000000000000000000000000000001", "secret")
        .start()
        .await
        .unwrap();
    let mut api = Http::new(&server);
    assert_eq!(api.get("/v1/Workspaces").await.0, StatusCode::UNAUTHORIZED);
    api.credentials = ("AC00000000000000000000000000000001".into(), "secret".into());
    let (s, v) = api.post("/v1/Workspaces", &[("FriendlyName", "x")]).await;
    assert_eq!(s, StatusCode::CREATED, "{v}");
    assert_eq!(v["account_sid"], "AC00000000000000000000000000000001");
}

/// A hook runs a whole second client's work between two requests of the first: the first
/// request waits until it is done, the server answers the hook's requests meanwhile, and the
/// hook fires `times` times only.
#[tokio::test]
async fn a_hook_runs_another_clients_requests_before_the_hooked_one() {
    let server = start().await;
    let api = Arc::new(Http::new(&server));
    let inner = api.clone();
    let hook = server
        .hook(Hook::before("CreateWorkspace").times(1).run(move || {
            let api = inner.clone();
            async move {
                // Slow enough that the hooked request would have finished if it didn't wait.
                tokio::time::sleep(Duration::from_millis(50)).await;
                let (s, v) = api.post("/v1/Workspaces", &[("FriendlyName", "B")]).await;
                assert_eq!(s, StatusCode::CREATED, "{v}");
            }
        }))
        .unwrap();
    let (s, a) = api.post("/v1/Workspaces", &[("FriendlyName", "A")]).await;
    assert_eq!(s, StatusCode::CREATED, "{a}");
    let (_, list) = api.get("/v1/Workspaces").await;
    let names: Vec<&str> = list["workspaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["friendly_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["B", "A"], "the hook's create landed first");
    assert_eq!(server.hook_runs(hook), 1);
    // Spent: the next create runs no hook.
    api.post("/v1/Workspaces", &[("FriendlyName", "C")]).await;
    assert_eq!(server.hook_runs(hook), 1);
    assert_eq!(server.count("/v1/Workspaces").unwrap(), 3);

    // A hook that panics answers 500; the server goes on.
    server
        .hook(
            Hook::before("ListWorkspace")
                .times(1)
                .run(|| async { panic!("the test's hook failed") }),
        )
        .unwrap();
    let (s, v) = api.get("/v1/Workspaces").await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR, "{v}");
    assert_eq!(api.get("/v1/Workspaces").await.0, StatusCode::OK);

    // Unknown operations are refused, as faults refuse them.
    assert!(matches!(
        server.hook(Hook::before("CreateWorkspaces")),
        Err(MockError::UnknownRoute(_))
    ));
    // Removed hooks don't fire.
    let removed = server
        .hook(Hook::before("FetchWorkspace").run(|| async { panic!("removed") }))
        .unwrap();
    assert!(server.remove_hook(removed));
    let sid = a["sid"].as_str().unwrap();
    assert_eq!(
        api.get(&format!("/v1/Workspaces/{sid}")).await.0,
        StatusCode::OK
    );
}

/// Counters refuse names the spec doesn't have, naming the close ones, instead of counting 0.
#[tokio::test]
async fn counters_refuse_operation_names_the_spec_does_not_have() {
    let server = start().await;
    assert_eq!(server.requests("CreateWorkspace"), 0);
    assert_eq!(server.requests("POST /v1/Workspaces"), 0);
    assert!(matches!(
        server.op_stats("CreateWorkspaces"),
        Err(MockError::UnknownRoute(_))
    ));
    let panic_of = |f: &dyn Fn(&Server) -> u64| {
        let err = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&server)))
            .expect_err("panics");
        err.downcast_ref::<String>().cloned().unwrap_or_default()
    };
    let typo = panic_of(&|s| s.applied("CreateWorkspaces"));
    assert!(typo.contains("\"CreateWorkspaces\""), "{typo}");
    assert!(typo.contains("did you mean \"CreateWorkspace\"?"), "{typo}");
    let case = panic_of(&|s| s.requests("listworkspace"));
    assert!(case.contains("\"ListWorkspace\""), "{case}");
    let far = panic_of(&|s| s.requests("Nothing like it"));
    assert!(far.contains("operationIds"), "{far}");
}

#[tokio::test]
async fn an_example_request_seeds_the_records_its_path_names_and_is_answered_with_a_2xx() {
    let server = start().await;
    let http = reqwest::Client::new();
    // A nested instance: the Workspace and the Task Queue are created first.
    let ex = server
        .example_request("FetchTaskQueue")
        .expect("an operation of the spec");
    assert_eq!(ex.method, "GET");
    let segments: Vec<&str> = ex.path.split('/').collect();
    assert!(
        segments[3].starts_with("WS") && segments[5].starts_with("WQ"),
        "{}",
        ex.path
    );
    assert_eq!(server.count("/v1/Workspaces").unwrap(), 1);
    // A create's required parameters get values their types accept.
    let create = server.example_request("CreateWorkspace").unwrap();
    assert!(create.body.contains("FriendlyName="), "{}", create.body);
    for ex in [ex, create] {
        let answer = http
            .request(
                Method::from_bytes(ex.method.as_bytes()).unwrap(),
                format!("{}{}?{}", server.url(), ex.path, ex.query),
            )
            .basic_auth(Server::ACCOUNT_SID, Some(Server::AUTH_TOKEN))
            .header(
                "content-type",
                ex.content_type.as_deref().unwrap_or("text/plain"),
            )
            .body(ex.body.clone())
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_success(), "{ex:?}: {}", answer.status());
    }
    assert!(matches!(
        server.example_request("FetchTaskQueues"),
        Err(MockError::UnknownRoute(_))
    ));
}
