//! Black-box tests of `twilio_flex::mock` with a raw HTTP client.
//! Run: `cargo test --features mock --test mock_server`.
#![cfg(feature = "mock")]

use std::time::{Duration, Instant};

use reqwest::{Client, Method, Response, StatusCode};
use serde_json::{Value, json};
use twilio_flex::mock::{Fault, MockError, MockServer};

const FO_BAD: &str = "FO0000000000000000000000000000000Z";
const IS: &str = "IS0123456789abcdef0123456789abcdef";

struct Api {
    server: MockServer,
    http: Client,
}

impl Api {
    async fn new() -> Api {
        let server = MockServer::builder()
            .seed(42)
            .start()
            .await
            .expect("mock starts");
        Api {
            server,
            http: Client::new(),
        }
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.server.url())
        }
    }

    fn req(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, self.url(path))
            .basic_auth(MockServer::ACCOUNT_SID, Some(MockServer::AUTH_TOKEN))
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        json_of(self.req(Method::GET, path).send().await.expect("request")).await
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> (StatusCode, Value) {
        json_of(self.post_raw(path, encode(form)).await).await
    }

    async fn post_raw(&self, path: &str, body: impl Into<reqwest::Body>) -> Response {
        self.req(Method::POST, path)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("request")
    }

    async fn post_json(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        let r = self
            .req(Method::POST, path)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .expect("request");
        json_of(r).await
    }

    async fn delete(&self, path: &str) -> StatusCode {
        self.req(Method::DELETE, path)
            .send()
            .await
            .expect("request")
            .status()
    }

    async fn create_flow(&self, name: &str) -> Value {
        let (s, v) = self
            .post(
                "/v1/FlexFlows",
                &[
                    ("FriendlyName", name),
                    ("ChatServiceSid", IS),
                    ("ChannelType", "web"),
                ],
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{v}");
        v
    }
}

fn encode(form: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form {
        s.append_pair(k, v);
    }
    s.finish()
}

async fn json_of(r: Response) -> (StatusCode, Value) {
    let status = r.status();
    let text = r.text().await.expect("body");
    let v = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).expect("json body")
    };
    (status, v)
}

fn assert_error(status: StatusCode, body: &Value, want_status: u16, want_code: u64) {
    assert_eq!(status.as_u16(), want_status, "{body}");
    assert_eq!(body["code"], want_code, "{body}");
    assert_eq!(body["status"], want_status, "{body}");
    assert_eq!(
        body["more_info"],
        format!("https://www.twilio.com/docs/errors/{want_code}")
    );
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
}

fn is_sid(v: &Value, prefix: &str) -> bool {
    v.as_str().is_some_and(|s| {
        s.len() == 34 && s.starts_with(prefix) && s[2..].bytes().all(|b| b.is_ascii_hexdigit())
    })
}

#[tokio::test]
async fn auth_is_required() {
    let api = Api::new().await;
    let r = api.http.get(api.url("/v1/FlexFlows")).send().await.unwrap();
    assert!(r.headers().contains_key("www-authenticate"));
    let (s, v) = json_of(r).await;
    assert_error(s, &v, 401, 20003);

    let r = api
        .http
        .get(api.url("/v1/FlexFlows"))
        .basic_auth(MockServer::ACCOUNT_SID, Some("wrong"))
        .send()
        .await
        .unwrap();
    let (s, v) = json_of(r).await;
    assert_error(s, &v, 401, 20003);

    let (s, _) = api.get("/v1/FlexFlows").await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn flex_flow_crud() {
    let api = Api::new().await;
    let (s, created) = api
        .post(
            "/v1/FlexFlows",
            &[
                ("FriendlyName", "Support"),
                ("ChatServiceSid", IS),
                ("ChannelType", "sms"),
                ("Enabled", "true"),
                ("IntegrationType", "studio"),
                ("Integration.FlowSid", "FW0123456789abcdef0123456789abcdef"),
                ("Integration.Priority", "7"),
                ("Integration.CreationOnMessage", "false"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    assert!(is_sid(&created["sid"], "FO"), "{created}");
    let sid = created["sid"].as_str().unwrap().to_string();
    assert_eq!(created["account_sid"], MockServer::ACCOUNT_SID);
    assert_eq!(created["friendly_name"], "Support");
    assert_eq!(created["chat_service_sid"], IS);
    assert_eq!(created["channel_type"], "sms");
    assert_eq!(created["enabled"], true);
    assert_eq!(
        created["integration"]["flow_sid"],
        "FW0123456789abcdef0123456789abcdef"
    );
    assert_eq!(created["integration"]["priority"], 7);
    assert_eq!(created["integration"]["creation_on_message"], false);
    assert_eq!(
        created["url"],
        format!("{}/v1/FlexFlows/{sid}", api.server.url())
    );
    let date = created["date_created"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(date).is_ok() && date.ends_with('Z'),
        "{date}"
    );

    let (s, fetched) = api.get(&format!("/v1/FlexFlows/{sid}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(fetched, created);

    let (s, updated) = api
        .post(
            &format!("/v1/FlexFlows/{sid}"),
            &[("FriendlyName", "Sales")],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{updated}");
    assert_eq!(updated["friendly_name"], "Sales");
    assert_eq!(updated["channel_type"], "sms");
    assert_eq!(
        api.get(&format!("/v1/FlexFlows/{sid}")).await.1["friendly_name"],
        "Sales"
    );

    let (s, list) = api.get("/v1/FlexFlows").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list["meta"]["key"], "flex_flows");
    assert_eq!(list["flex_flows"].as_array().unwrap().len(), 1);
    assert_eq!(list["flex_flows"][0]["sid"], sid.as_str());

    assert_eq!(
        api.delete(&format!("/v1/FlexFlows/{sid}")).await,
        StatusCode::NO_CONTENT
    );
    let (s, v) = api.get(&format!("/v1/FlexFlows/{sid}")).await;
    assert_error(s, &v, 404, 20404);
    assert_eq!(
        api.delete(&format!("/v1/FlexFlows/{sid}")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(api.server.count("/v1/FlexFlows").unwrap(), 0);
}

#[tokio::test]
async fn nested_interaction_channel_participant() {
    let api = Api::new().await;
    let (s, inter) = api
        .post(
            "/v1/Interactions",
            &[
                ("Channel", r#"{"type":"sms","initiated_by":"customer"}"#),
                ("Routing", "{}"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{inter}");
    assert!(is_sid(&inter["sid"], "KD"));
    let kd = inter["sid"].as_str().unwrap().to_string();
    // The API creates the Interaction's channel with it.
    assert!(is_sid(&inter["channel"]["sid"], "UO"), "{inter}");
    let uo = inter["channel"]["sid"].as_str().unwrap().to_string();
    assert_eq!(
        inter["links"]["channels"],
        format!("{}/v1/Interactions/{kd}/Channels", api.server.url())
    );

    let (s, chan) = api
        .get(&format!("/v1/Interactions/{kd}/Channels/{uo}"))
        .await;
    assert_eq!(s, StatusCode::OK, "{chan}");
    assert_eq!(chan["interaction_sid"], kd.as_str());
    assert_eq!(chan["type"], "sms");
    let (_, chans) = api.get(&format!("/v1/Interactions/{kd}/Channels")).await;
    assert_eq!(chans["channels"].as_array().unwrap().len(), 1);

    let parts = format!("/v1/Interactions/{kd}/Channels/{uo}/Participants");
    let (s, p) = api
        .post(
            &parts,
            &[
                ("Type", "agent"),
                ("MediaProperties", r#"{"level":"to","type":"email"}"#),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert!(is_sid(&p["sid"], "UT"));
    assert_eq!(p["interaction_sid"], kd.as_str());
    assert_eq!(p["channel_sid"], uo.as_str());
    assert_eq!(p["type"], "agent");
    let ut = p["sid"].as_str().unwrap();
    assert_eq!(p["url"], format!("{}{parts}/{ut}", api.server.url()));

    let (s, list) = api.get(&parts).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(list["meta"]["key"], "participants");
    assert_eq!(list["participants"][0]["sid"], ut);

    let (s, v) = api
        .post(&format!("{parts}/{ut}"), &[("Status", "closed")])
        .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (s, v) = api
        .post(&format!("{parts}/{ut}"), &[("Status", "open")])
        .await;
    assert_error(s, &v, 400, 20001);

    // Unknown parents are 404s, at every level.
    let other_kd = "KD0123456789abcdef0123456789abcdef";
    let (s, v) = api
        .get(&format!("/v1/Interactions/{other_kd}/Channels"))
        .await;
    assert_error(s, &v, 404, 20404);
    let (s, v) = api
        .post(
            &format!(
                "/v1/Interactions/{kd}/Channels/UO0123456789abcdef0123456789abcdef/Participants"
            ),
            &[("Type", "agent"), ("MediaProperties", "{}")],
        )
        .await;
    assert_error(s, &v, 404, 20404);

    // JSON-bodied operation under the same channel.
    let (s, t) = api
        .post_json(
            &format!("/v1/Interactions/{kd}/Channels/{uo}/Transfers"),
            &json!({"from": ut, "type": "warm"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{t}");
    assert!(is_sid(&t["sid"], "UX"));
    assert_eq!(t["type"], "warm");
    assert_eq!(t["channel_sid"], uo.as_str());
    let r = api
        .req(
            Method::POST,
            &format!("/v1/Interactions/{kd}/Channels/{uo}/Transfers"),
        )
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    let (s, v) = json_of(r).await;
    assert_error(s, &v, 400, 20001);
}

#[tokio::test]
async fn pagination_follows_next_page_url() {
    let api = Api::new().await;
    let mut created = Vec::new();
    for i in 0..7 {
        created.push(
            api.create_flow(&format!("flow {i}")).await["sid"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let mut seen = Vec::new();
    let mut next = Some(format!("{}/v1/FlexFlows?PageSize=3", api.server.url()));
    let mut pages = 0;
    while let Some(url) = next {
        let (s, page) = api.get(&url).await;
        assert_eq!(s, StatusCode::OK, "{page}");
        let meta = &page["meta"];
        assert_eq!(meta["page"], pages);
        assert_eq!(meta["page_size"], 3);
        assert_eq!(meta["key"], "flex_flows");
        assert!(
            meta["first_page_url"]
                .as_str()
                .unwrap()
                .starts_with(api.server.url())
        );
        if pages == 0 {
            assert!(meta["previous_page_url"].is_null());
        } else {
            // Going back one page gives the previous items.
            let (_, prev) = api.get(meta["previous_page_url"].as_str().unwrap()).await;
            let prev_sids: Vec<&str> = prev["flex_flows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["sid"].as_str().unwrap())
                .collect();
            assert_eq!(prev_sids, created[(pages - 1) * 3..pages * 3].to_vec());
            assert_eq!(prev["meta"]["previous_page_url"].is_null(), pages == 1);
        }
        for f in page["flex_flows"].as_array().unwrap() {
            seen.push(f["sid"].as_str().unwrap().to_string());
        }
        next = meta["next_page_url"].as_str().map(str::to_string);
        if let Some(n) = &next {
            assert!(
                n.starts_with(&format!("{}/v1/FlexFlows?", api.server.url())),
                "{n}"
            );
            assert!(n.contains("PageToken="), "{n}");
        }
        pages += 1;
        assert!(pages < 10, "runaway paging");
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, created);

    // `Page` without a token skips pages; filters are applied and echoed.
    let (_, p2) = api.get("/v1/FlexFlows?PageSize=3&Page=2").await;
    assert_eq!(p2["flex_flows"].as_array().unwrap().len(), 1);
    assert!(p2["meta"]["next_page_url"].is_null());
    let (_, f) = api.get("/v1/FlexFlows?FriendlyName=flow%204").await;
    assert_eq!(f["flex_flows"].as_array().unwrap().len(), 1);
    assert_eq!(f["flex_flows"][0]["sid"], created[4].as_str());
    assert!(
        f["meta"]["url"]
            .as_str()
            .unwrap()
            .contains("FriendlyName=flow+4")
    );
    // Huge page numbers are just empty pages.
    let (s, far) = api.get("/v1/FlexFlows?Page=9223372036854775807").await;
    assert_eq!(s, StatusCode::OK);
    assert!(far["flex_flows"].as_array().unwrap().is_empty());
    // Bad tokens are rejected.
    let (s, v) = api.get("/v1/FlexFlows?PageToken=garbage").await;
    assert_error(s, &v, 400, 20001);
}

#[tokio::test]
async fn validation_errors() {
    let api = Api::new().await;
    let cases: Vec<(&[(&str, &str)], &str)> = vec![
        (
            &[("ChatServiceSid", IS), ("ChannelType", "web")],
            "FriendlyName",
        ),
        (
            &[
                ("FriendlyName", "x"),
                ("ChatServiceSid", IS),
                ("ChannelType", "carrier-pigeon"),
            ],
            "ChannelType",
        ),
        (
            &[
                ("FriendlyName", "x"),
                ("ChatServiceSid", "IS123"),
                ("ChannelType", "web"),
            ],
            "ChatServiceSid",
        ),
        (
            &[
                ("FriendlyName", "x"),
                ("ChatServiceSid", IS),
                ("ChannelType", "web"),
                ("Enabled", "maybe"),
            ],
            "Enabled",
        ),
        (
            &[
                ("FriendlyName", "x"),
                ("ChatServiceSid", IS),
                ("ChannelType", "web"),
                ("Integration.Timeout", "soon"),
            ],
            "Integration.Timeout",
        ),
    ];
    for (form, param) in cases {
        let (s, v) = api.post("/v1/FlexFlows", form).await;
        assert_error(s, &v, 400, 20001);
        assert!(
            v["message"].as_str().unwrap().contains(param),
            "{param}: {v}"
        );
    }
    for q in [
        "PageSize=0",
        "PageSize=1001",
        "PageSize=ten",
        "Page=-1",
        "PageSize=99999999999999999999999",
    ] {
        let (s, v) = api.get(&format!("/v1/FlexFlows?{q}")).await;
        assert_error(s, &v, 400, 20001);
        let name = q.split('=').next().unwrap();
        assert!(v["message"].as_str().unwrap().contains(name), "{q}: {v}");
    }
    let (s, _) = api.get("/v1/FlexFlows?PageSize=1000").await;
    assert_eq!(s, StatusCode::OK);
    // Malformed SID in the path.
    let (s, v) = api.get(&format!("/v1/FlexFlows/{FO_BAD}")).await;
    assert_error(s, &v, 400, 20001);
    assert!(v["message"].as_str().unwrap().contains("Sid"));
    // Bad UTF-8 and junk bodies never crash the server.
    let r = api
        .post_raw(
            "/v1/FlexFlows",
            b"FriendlyName=%ff%fe&ChatServiceSid=x".to_vec(),
        )
        .await;
    let (s, v) = json_of(r).await;
    assert_error(s, &v, 400, 20001);
    let r = api
        .post_raw("/v1/FlexFlows", vec![0xffu8, 0x00, b'=', b'&', b'%'])
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // Unknown route, wrong method, unknown SID.
    let (s, v) = api.get("/v1/NoSuchThing").await;
    assert_error(s, &v, 404, 20404);
    let r = api
        .req(Method::DELETE, "/v1/Configuration")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    let (s, v) = api
        .get("/v1/FlexFlows/FO0123456789abcdef0123456789abcdef")
        .await;
    assert_error(s, &v, 404, 20404);
    assert_eq!(api.server.applied("CreateFlexFlow"), 0);
    assert_eq!(api.server.requests("CreateFlexFlow"), 7);
}

#[tokio::test]
async fn singletons_and_actions() {
    let api = Api::new().await;
    let (s, conf) = api.get("/v1/Configuration").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(conf["account_sid"], MockServer::ACCOUNT_SID);
    assert_eq!(
        conf["url"],
        format!("{}/v1/Configuration", api.server.url())
    );
    let (s, upd) = api
        .post_json(
            "/v1/Configuration",
            &json!({"account_sid": MockServer::ACCOUNT_SID, "ui_version": "2.1", "ui_attributes": {"theme": "dark"}}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{upd}");
    assert_eq!(upd["ui_version"], "2.1");
    assert_eq!(
        api.get("/v1/Configuration").await.1["ui_attributes"]["theme"],
        "dark"
    );
    let (s, st) = api.get("/v1/account/provision/status").await;
    assert_eq!(s, StatusCode::OK);
    assert!(st["status"].is_string());

    let (s, plugin) = api
        .post("/v1/PluginService/Plugins", &[("UniqueName", "my-plugin")])
        .await;
    assert_eq!(s, StatusCode::CREATED, "{plugin}");
    assert_eq!(plugin["archived"], false);
    assert_eq!(plugin["unique_name"], "my-plugin");
    let fp = plugin["sid"].as_str().unwrap();
    let (s, arch) = api
        .post(&format!("/v1/PluginService/Plugins/{fp}/Archive"), &[])
        .await;
    assert_eq!(s, StatusCode::OK, "{arch}");
    assert_eq!(arch["archived"], true);
    assert!(arch["url"].as_str().unwrap().ends_with("/Archive"));
    assert_eq!(
        api.get(&format!("/v1/PluginService/Plugins/{fp}")).await.1["archived"],
        true
    );
    // Nested versions of the plugin.
    let (s, ver) = api
        .post(
            &format!("/v1/PluginService/Plugins/{fp}/Versions"),
            &[("Version", "1.0.0"), ("PluginUrl", "https://x/p.js")],
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{ver}");
    assert_eq!(ver["plugin_sid"], fp);
    assert!(is_sid(&ver["sid"], "FV"));
}

#[tokio::test]
async fn seeding_100k_and_paging() {
    let api = Api::new().await;
    let t = Instant::now();
    let sids = api.server.seed("/v1/FlexFlows", 100_000).unwrap();
    eprintln!("seeded 100,000 flex flows in {:?}", t.elapsed());
    assert_eq!(sids.len(), 100_000);
    assert_eq!(api.server.count("/v1/FlexFlows").unwrap(), 100_000);
    let unique: std::collections::HashSet<&String> = sids.iter().collect();
    assert_eq!(unique.len(), sids.len());

    let (s, one) = api.get(&format!("/v1/FlexFlows/{}", sids[77_777])).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(one["sid"], sids[77_777].as_str());
    assert_eq!(
        one["url"],
        format!("{}/v1/FlexFlows/{}", api.server.url(), sids[77_777])
    );

    let mut next = Some("/v1/FlexFlows?PageSize=1000".to_string());
    let mut got = 0;
    for _ in 0..3 {
        let (s, page) = api.get(next.as_deref().unwrap()).await;
        assert_eq!(s, StatusCode::OK);
        let items = page["flex_flows"].as_array().unwrap();
        assert_eq!(items[0]["sid"], sids[got].as_str());
        got += items.len();
        next = page["meta"]["next_page_url"].as_str().map(str::to_string);
    }
    assert_eq!(got, 3000);
    let (_, last) = api.get("/v1/FlexFlows?PageSize=1000&Page=99").await;
    assert_eq!(last["flex_flows"][999]["sid"], sids[99_999].as_str());
    assert!(last["meta"]["next_page_url"].is_null());

    // Seeding nested collections and with custom fields.
    let kd = api.server.seed("/v1/Interactions", 1).unwrap().remove(0);
    let inter = api.server.get(&format!("/v1/Interactions/{kd}")).unwrap();
    let uo = inter["channel"]["sid"].as_str().unwrap().to_string();
    let parts = format!("/v1/Interactions/{kd}/Channels/{uo}/Participants");
    api.server
        .seed_with(
            &parts,
            5,
            |i| json!({"type": if i % 2 == 0 { "agent" } else { "customer" }}),
        )
        .unwrap();
    assert_eq!(
        api.get(&parts).await.1["participants"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
    assert!(matches!(
        api.server.seed(
            "/v1/Interactions/KD0123456789abcdef0123456789abcdef/Channels",
            1
        ),
        Err(MockError::ParentNotFound(_))
    ));
    assert!(matches!(
        api.server.seed("/v1/Configuration", 1),
        Err(MockError::NotACollection(_))
    ));
    let conv = api.server.seed("/v1/Insights/Conversations", 2).unwrap();
    let (_, list) = api.get("/v1/Insights/Conversations").await;
    assert_eq!(
        list["conversations"][1]["conversation_id"],
        conv[1].as_str()
    );
}

#[tokio::test]
async fn fault_status_and_counters() {
    let api = Api::new().await;
    let f = api
        .server
        .fault(Fault::status(503).route("CreateFlexFlow").times(2))
        .unwrap();
    for _ in 0..2 {
        let (s, v) = api
            .post(
                "/v1/FlexFlows",
                &[
                    ("FriendlyName", "x"),
                    ("ChatServiceSid", IS),
                    ("ChannelType", "web"),
                ],
            )
            .await;
        assert_error(s, &v, 503, 20503);
    }
    api.create_flow("third time lucky").await;
    assert_eq!(api.server.fault_hits(f), 2);
    assert_eq!(api.server.requests("CreateFlexFlow"), 3);
    assert_eq!(api.server.applied("CreateFlexFlow"), 1);
    assert_eq!(api.server.applied("POST /v1/FlexFlows"), 1);
    // Other routes were never affected.
    assert_eq!(api.get("/v1/FlexFlows").await.0, StatusCode::OK);
    let stats = api.server.stats();
    assert_eq!(stats["CreateFlexFlow"].requests, 3);
    assert_eq!(stats["ListFlexFlow"].requests, 1);
    assert!(
        api.server
            .fault(Fault::reset().route("NoSuchOperation"))
            .is_err()
    );

    api.server
        .fault(Fault::rate_limited(7).route("GET /v1/FlexFlows").times(1))
        .unwrap();
    let r = api.req(Method::GET, "/v1/FlexFlows").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "7");
    let (s, v) = json_of(r).await;
    assert_error(s, &v, 429, 20429);
    assert_eq!(api.get("/v1/FlexFlows").await.0, StatusCode::OK);

    // 500 after the create was applied: the client sees a failure, the state changed.
    api.server
        .fault(
            Fault::status(500)
                .route("CreateFlexFlow")
                .times(1)
                .after_apply(),
        )
        .unwrap();
    let (s, _) = api
        .post(
            "/v1/FlexFlows",
            &[
                ("FriendlyName", "y"),
                ("ChatServiceSid", IS),
                ("ChannelType", "web"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(api.server.applied("CreateFlexFlow"), 2);
    assert_eq!(api.server.count("/v1/FlexFlows").unwrap(), 2);

    api.server.reset_counters();
    assert_eq!(api.server.total_requests(), 0);
}

#[tokio::test]
async fn fault_schedules_and_probability() {
    let api = Api::new().await;
    let sid = api.create_flow("f").await["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/v1/FlexFlows/{sid}");
    let id = api
        .server
        .fault(Fault::status(500).route("FetchFlexFlow").every(3))
        .unwrap();
    let mut pattern = Vec::new();
    for _ in 0..6 {
        pattern.push(api.get(&path).await.0.as_u16());
    }
    assert_eq!(pattern, [200, 200, 500, 200, 200, 500]);
    assert!(api.server.remove_fault(id));

    let run = |seed: u64| {
        let api = &api;
        let path = path.clone();
        async move {
            api.server.clear_faults();
            api.server.set_fault_seed(seed);
            api.server
                .fault(Fault::status(503).route("FetchFlexFlow").probability(0.5))
                .unwrap();
            let mut out = Vec::new();
            for _ in 0..40 {
                out.push(api.get(&path).await.0 == StatusCode::OK);
            }
            out
        }
    };
    let a = run(7).await;
    let b = run(7).await;
    assert_eq!(a, b, "same seed, same faults");
    let ok = a.iter().filter(|x| **x).count();
    assert!((5..=35).contains(&ok), "{ok} of 40 succeeded");
    api.server.clear_faults();

    // Global faults hit every route, even unknown ones.
    api.server.fault(Fault::status(503).times(2)).unwrap();
    assert_eq!(api.get("/v1/Nope").await.0, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(api.get(&path).await.0, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(api.get(&path).await.0, StatusCode::OK);
}

#[tokio::test]
async fn fault_latency_reset_malformed() {
    let api = Api::new().await;
    api.server
        .fault(
            Fault::latency(Duration::from_millis(200))
                .route("ListFlexFlow")
                .times(1),
        )
        .unwrap();
    let t = Instant::now();
    assert_eq!(api.get("/v1/FlexFlows").await.0, StatusCode::OK);
    assert!(t.elapsed() >= Duration::from_millis(200));
    let t = Instant::now();
    assert_eq!(api.get("/v1/FlexFlows").await.0, StatusCode::OK);
    assert!(t.elapsed() < Duration::from_millis(200));

    let form = encode(&[
        ("FriendlyName", "r"),
        ("ChatServiceSid", IS),
        ("ChannelType", "web"),
    ]);
    // Reset before apply: an error, nothing stored.
    api.server
        .fault(Fault::reset().route("CreateFlexFlow").times(1))
        .unwrap();
    let err = api
        .req(Method::POST, "/v1/FlexFlows")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form.clone())
        .send()
        .await
        .expect_err("connection reset");
    assert!(
        err.is_request() || err.is_connect() || err.is_body(),
        "{err:?}"
    );
    assert_eq!(api.server.applied("CreateFlexFlow"), 0);
    assert_eq!(api.server.count("/v1/FlexFlows").unwrap(), 0);

    // Reset after apply: an error, but the create happened.
    api.server
        .fault(
            Fault::reset()
                .route("CreateFlexFlow")
                .times(1)
                .after_apply(),
        )
        .unwrap();
    assert!(
        api.req(Method::POST, "/v1/FlexFlows")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.clone())
            .send()
            .await
            .is_err()
    );
    assert_eq!(api.server.applied("CreateFlexFlow"), 1);
    assert_eq!(api.server.count("/v1/FlexFlows").unwrap(), 1);

    // Malformed: 200 with a body that is not JSON; the create was applied.
    api.server
        .fault(Fault::malformed_body().route("CreateFlexFlow").times(1))
        .unwrap();
    let r = api.post_raw("/v1/FlexFlows", form.clone()).await;
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    assert!(!text.is_empty());
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
    assert_eq!(api.server.applied("CreateFlexFlow"), 2);
    assert_eq!(api.server.requests("CreateFlexFlow"), 3);

    // The server still works afterwards.
    api.create_flow("after").await;
    assert_eq!(api.server.count("/v1/FlexFlows").unwrap(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_clients_and_shutdown() {
    let api = Api::new().await;
    let sids = api.server.seed("/v1/FlexFlows", 100).unwrap();
    let mut tasks = Vec::new();
    for t in 0..8 {
        let http = api.http.clone();
        let base = api.server.url().to_string();
        let sids = sids.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..25 {
                let sid = &sids[(t * 25 + i) % sids.len()];
                let r = http
                    .get(format!("{base}/v1/FlexFlows/{sid}"))
                    .basic_auth(MockServer::ACCOUNT_SID, Some(MockServer::AUTH_TOKEN))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), StatusCode::OK);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(api.server.requests("FetchFlexFlow"), 200);

    let url = format!("{}/v1/FlexFlows", api.server.url());
    drop(api.server);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let fresh = Client::new();
    assert!(
        fresh.get(url).send().await.is_err(),
        "server stopped on drop"
    );
}

/// `MockServer::client()` drives the generated client against the mock.
#[tokio::test]
async fn generated_client_against_mock() {
    use futures::TryStreamExt;
    use twilio_flex::types;

    let server = MockServer::start().await.unwrap();
    let client = server.client().expect("client");
    let flow = client
        .create_flex_flow()
        .friendly_name("Support")
        .chat_service_sid(IS)
        .channel_type(types::FlexFlowChannelType::Sms)
        .integration_flow_sid("FW0123456789abcdef0123456789abcdef")
        .send()
        .await
        .expect("create");
    let sid = flow.sid.clone().expect("sid");
    let fetched = client
        .fetch_flex_flow()
        .sid(sid)
        .send()
        .await
        .expect("fetch");
    assert_eq!(fetched.friendly_name.as_deref(), Some("Support"));
    assert_eq!(server.applied("CreateFlexFlow"), 1);

    server.seed("/v1/FlexFlows", 119).unwrap();
    let all: Vec<types::FlexFlow> = client
        .list_flex_flow()
        .page_size(50)
        .stream()
        .try_collect()
        .await
        .expect("list");
    assert_eq!(all.len(), 120);
    assert_eq!(server.requests("ListFlexFlow"), 3);

    let err = client
        .fetch_flex_flow()
        .sid("FO0123456789abcdef0123456789abcdef")
        .send()
        .await
        .expect_err("unknown SID");
    assert!(err.is_not_found(), "{err:?}");
}

/// Streaming decodes pages its own way (read-ahead, `meta` read from the end, items into a
/// reused buffer): the items streamed are exactly those of the same pages read with a raw
/// HTTP client and decoded whole as the generated `ListFlexFlowResponse`, including names
/// with quotes, escapes and text that looks like JSON structure.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streamed_large_pages_equal_the_pages_decoded_whole() {
    use futures::TryStreamExt as _;
    use twilio_flex::types;
    let api = Api::new().await;
    let names = [
        r#"x}, {"sid": "FOevil"}], "meta": {"next_page_url": "http://evil.example/"}}"#,
        "\u{e9}t\u{e9} \u{1F600}",
        "quote \" and back\\slash",
        "plain",
    ];
    api.server
        .seed_with(
            "/v1/FlexFlows",
            2500,
            |i| json!({"friendly_name": format!("{} {i}", names[i % names.len()])}),
        )
        .unwrap();
    let client = api.server.client().expect("client");
    let streamed: Vec<types::FlexFlow> = client
        .list_flex_flow()
        .page_size(1000)
        .stream()
        .try_collect()
        .await
        .expect("list");

    let mut whole = Vec::new();
    let mut url = Some(api.url("/v1/FlexFlows?PageSize=1000"));
    while let Some(next) = url {
        let response = api.req(Method::GET, &next).send().await.unwrap();
        let body = response.bytes().await.unwrap();
        let page: types::ListFlexFlowResponse = serde_json::from_slice(&body).unwrap();
        whole.extend(page.flex_flows);
        url = page.meta.and_then(|m| m.next_page_url);
    }
    assert_eq!(streamed.len(), 2500);
    assert_eq!(
        serde_json::to_value(&streamed).unwrap(),
        serde_json::to_value(&whole).unwrap()
    );
}

/// Every operation of the spec, fed junk: the server answers (never drops
/// the connection) with a success or a Twilio-shaped 4xx.
#[tokio::test]
async fn junk_input_never_breaks_the_server() {
    let spec: Value = serde_yaml_ng::from_str(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/spec/flex_v1.yaml"
    )))
    .unwrap();
    let api = Api::new().await;
    let mut rng = fastrand::Rng::with_seed(9);
    let junk_bodies: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"%%%&&&===".to_vec(),
        vec![0xff, 0xfe, 0x00, 0x80],
        b"{\"a\": [1, 2".to_vec(),
        b"FriendlyName=&ChannelType=%E2%82&Enabled=TRUE&Integration.Timeout=1e99".to_vec(),
        (0..200).map(|_| rng.u8(..)).collect(),
    ];
    let mut sent = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in ["get", "post", "delete"] {
            if item.get(method).is_none() {
                continue;
            }
            for (i, body) in junk_bodies.iter().enumerate() {
                let concrete: String = path
                    .split('/')
                    .map(|seg| match (seg.starts_with('{'), i % 3) {
                        (false, _) => seg.to_string(),
                        (true, 0) => "FO0123456789abcdef0123456789abcdef".to_string(),
                        (true, 1) => "%ZZ%00".to_string(),
                        (true, _) => "x".repeat(300),
                    })
                    .collect::<Vec<_>>()
                    .join("/");
                let query = [
                    "",
                    "?PageSize=-5&Page=abc",
                    "?PageToken=PA18446744073709551615&PageSize=1000",
                ][i % 3];
                let r = api
                    .req(
                        method.to_uppercase().parse().unwrap(),
                        &format!("{concrete}{query}"),
                    )
                    .header(
                        "content-type",
                        if i % 2 == 0 {
                            "application/x-www-form-urlencoded"
                        } else {
                            "application/json"
                        },
                    )
                    .body(body.clone())
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("{method} {concrete}: {e}"));
                let status = r.status().as_u16();
                assert!(
                    matches!(status, 200 | 201 | 204 | 400 | 404),
                    "{method} {concrete}: {status}"
                );
                let text = r.text().await.unwrap();
                if !text.is_empty() {
                    let v: Value = serde_json::from_str(&text).expect("JSON body");
                    if status >= 400 {
                        assert_eq!(v["status"], status);
                    }
                }
                sent += 1;
            }
        }
    }
    assert!(sent > 300);
    assert_eq!(api.server.total_requests(), sent);
}

/// A created record holds what was sent, over the schema's defaults: none of the spec
/// example's values for fields the request could have set (issue 23, point 16).
#[tokio::test]
async fn a_created_flex_flow_holds_what_was_sent_not_the_spec_example() {
    let api = Api::new().await;
    let base = [
        ("FriendlyName", "Support"),
        ("ChatServiceSid", IS),
        ("ChannelType", "web"),
    ];
    let (s, external) = api
        .post(
            "/v1/FlexFlows",
            &[
                base.as_slice(),
                &[
                    ("IntegrationType", "external"),
                    ("Integration.Url", "https://example.com/flex"),
                ],
            ]
            .concat(),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{external}");
    assert_eq!(external["integration_type"], "external");
    assert_eq!(
        external["integration"],
        json!({"url": "https://example.com/flex"}),
        "no flow_sid or retry_count from the spec's example"
    );
    // Fields the request could set and didn't: null (the schema has no default), not the
    // example's `"12345"` and `true`.
    for field in [
        "contact_identity",
        "enabled",
        "long_lived",
        "janitor_enabled",
    ] {
        assert_eq!(external[field], Value::Null, "{field}: {external}");
    }
    let sid = external["sid"].as_str().unwrap();
    assert_eq!(api.get(&format!("/v1/FlexFlows/{sid}")).await.1, external);

    const WS: &str = "WS0123456789abcdef0123456789abcdef";
    const WW: &str = "WW0123456789abcdef0123456789abcdef";
    let (s, task) = api
        .post(
            "/v1/FlexFlows",
            &[
                base.as_slice(),
                &[
                    ("IntegrationType", "task"),
                    ("Integration.WorkspaceSid", WS),
                    ("Integration.WorkflowSid", WW),
                    ("Integration.Channel", "default"),
                ],
            ]
            .concat(),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{task}");
    assert_eq!(
        task["integration"],
        json!({"workspace_sid": WS, "workflow_sid": WW, "channel": "default"})
    );
    // An update changes what it names and keeps the rest.
    let sid = task["sid"].as_str().unwrap();
    let (s, updated) = api
        .post(
            &format!("/v1/FlexFlows/{sid}"),
            &[("Integration.Priority", "5")],
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{updated}");
    assert_eq!(
        updated["integration"],
        json!({"workspace_sid": WS, "workflow_sid": WW, "channel": "default", "priority": 5})
    );
}

/// A typo'd operation name fails loudly, naming the operation meant (issue 23, point 15).
#[tokio::test]
#[should_panic(
    expected = "no operation \"CreateFlexFlows\" in the mock's spec (did you mean \"CreateFlexFlow\"?)"
)]
async fn a_counter_asked_about_a_typo_panics_naming_the_close_operation() {
    let server = MockServer::start().await.unwrap();
    assert_eq!(server.applied("CreateFlexFlows"), 0);
}

#[tokio::test]
#[should_panic(
    expected = "no operation \"listflexflow\" in the mock's spec (did you mean \"ListFlexFlow\"?)"
)]
async fn a_counter_asked_in_the_wrong_case_panics_naming_the_operation() {
    let server = MockServer::start().await.unwrap();
    assert_eq!(server.requests("listflexflow"), 0);
}

/// A hook runs another client's requests between two of a running client's (issue 22, point
/// 5): the hooked request waits for it, the server answers the hook's requests meanwhile,
/// and the hook fires only as often as asked.
#[tokio::test]
async fn a_hook_runs_another_clients_requests_before_the_hooked_one() {
    use twilio_flex::mock::Hook;
    use twilio_flex::types::FlexFlowChannelType;

    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let other = server.client().unwrap();
    let hook = server
        .hook(Hook::before("CreateFlexFlow").times(1).run(move || {
            let other = other.clone();
            async move {
                // Long enough that the hooked create would have finished if it didn't wait.
                tokio::time::sleep(Duration::from_millis(50)).await;
                other
                    .create_flex_flow()
                    .friendly_name("B")
                    .chat_service_sid(IS)
                    .channel_type(FlexFlowChannelType::Web)
                    .send()
                    .await
                    .expect("the other client's create");
            }
        }))
        .unwrap();
    for name in ["A", "C"] {
        client
            .create_flex_flow()
            .friendly_name(name)
            .chat_service_sid(IS)
            .channel_type(FlexFlowChannelType::Web)
            .send()
            .await
            .unwrap();
    }
    let page = client.list_flex_flow().send().await.unwrap();
    let names: Vec<&str> = page
        .flex_flows
        .iter()
        .filter_map(|f| f.friendly_name.as_deref())
        .collect();
    assert_eq!(
        names,
        ["B", "A", "C"],
        "the hook's create landed first, once"
    );
    assert_eq!(server.hook_runs(hook), 1);
    assert_eq!(server.applied("CreateFlexFlow"), 3);
    assert!(matches!(
        server.hook(Hook::before("CreateFlexFlows")),
        Err(MockError::UnknownRoute(_))
    ));
    assert!(server.remove_hook(hook));
}

/// Responses compare (issue #23, point 9): what a fetch returns equals what the create
/// returned, and a changed field makes them differ.
#[tokio::test]
async fn responses_compare_with_assert_eq() {
    let server = twilio_flex::mock::MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    let created = client
        .create_flex_flow()
        .friendly_name("Support")
        .chat_service_sid("IS0123456789abcdef0123456789abcdef")
        .channel_type("sms")
        .integration(twilio_flex::options::Integration::studio(
            "FW0123456789abcdef0123456789abcdef",
        ))
        .send()
        .await
        .unwrap();
    let sid = created.sid.clone().unwrap();
    let fetched = client.fetch_flex_flow().sid(&sid).send().await.unwrap();
    assert_eq!(fetched, created);
    let renamed = client
        .update_flex_flow()
        .sid(&sid)
        .friendly_name("Sales")
        .send()
        .await
        .unwrap();
    assert_ne!(renamed, created);
    // Pages compare too (items, meta).
    let page = client.list_flex_flow().send().await.unwrap();
    assert_eq!(page, client.list_flex_flow().send().await.unwrap());
}

/// A Flex Flow's integration, typed (issue #23, point 10): the kind and its fields, as
/// `options::Integration` (readable), decoded leniently.
#[tokio::test]
async fn a_flows_integration_reads_back_typed() {
    use twilio_flex::options::{Integration, IntegrationKind};
    let server = twilio_flex::mock::MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    const FW: &str = "FW0123456789abcdef0123456789abcdef";
    let sent = Integration::studio(FW).retry_count(2);
    assert_eq!(sent.kind, IntegrationKind::Studio);
    assert_eq!(sent.flow_sid.as_deref(), Some(FW));
    let flow = client
        .create_flex_flow()
        .friendly_name("Support")
        .chat_service_sid("IS0123456789abcdef0123456789abcdef")
        .channel_type("sms")
        .integration(sent.clone())
        .send()
        .await
        .unwrap();
    let got = flow.integration().expect("a studio integration");
    assert_eq!(got.kind, IntegrationKind::Studio);
    assert_eq!(got.flow_sid.as_deref(), Some(FW));
    assert_eq!(got.retry_count, Some(2));
    assert_eq!(got.url, None);

    // Lenient: an unknown kind is None, unknown keys and mistyped values don't fail.
    // Responses are #[non_exhaustive]: built from Default, fields assigned.
    let mut odd = twilio_flex::types::FlexFlow::default();
    odd.integration_type = Some(twilio_flex::types::FlexFlowIntegrationType::unrecognized(
        "carrier-pigeon",
    ));
    odd.integration = Some(serde_json::json!({"url": "https://example.com"}));
    assert_eq!(odd.integration(), None);
    let mut partial = twilio_flex::types::FlexFlow::default();
    partial.integration_type = Some("external".parse().unwrap());
    partial.integration = Some(
        serde_json::json!({"url": "https://example.com/h", "retry_count": "two", "brand_new": 1}),
    );
    let got = partial.integration().unwrap();
    assert_eq!(got.kind, IntegrationKind::External);
    assert_eq!(got.url.as_deref(), Some("https://example.com/h"));
    assert_eq!(got.retry_count, None);
    assert_eq!(twilio_flex::types::FlexFlow::default().integration(), None);
}

/// Per-call timeout and retries (issue #23, point 13c): `with_timeout` / `with_retry` change
/// them for the calls made through the returned client, and nothing else.
#[tokio::test]
async fn timeout_and_retries_are_overridden_per_call() {
    use twilio_flex::RetryPolicy;
    let server = MockServer::start().await.unwrap();
    let client = server.client().unwrap();
    // Latency beyond a short per-call timeout: a timeout, while the client's own waits.
    let slow = server
        .fault(Fault::latency(Duration::from_millis(400)).route("ListFlexFlow"))
        .unwrap();
    let err = client
        .with_timeout(Duration::from_millis(100))
        .list_flex_flow()
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    client.list_flex_flow().send().await.unwrap();
    server.remove_fault(slow);

    // 503s: no retry through `with_retry(none)`, the client's own policy retries.
    server
        .fault(Fault::status(503).route("ListFlexFlow").times(1))
        .unwrap();
    server.reset_counters();
    let err = client
        .with_retry(RetryPolicy::none())
        .list_flex_flow()
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.requests("ListFlexFlow"), 1);
    server
        .fault(Fault::status(503).route("ListFlexFlow").times(2))
        .unwrap();
    server.reset_counters();
    client
        .with_retry(RetryPolicy::default().max_retries(2))
        .list_flex_flow()
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests("ListFlexFlow"), 3);
}
