//! `twilio_flex::operations` agrees with the typed API, and a call by name sends what the typed
//! builder sends. The typed API is read from the committed snapshot (`api/flex_v1.txt`, which
//! `tests/generated_api.rs`'s snapshot test keeps equal to the generated code), so every
//! operation, setter and rule is compared with no hand-written list.

mod common;

use common::{Reply, TestServer, flex_flow_json};
use futures::TryStreamExt as _;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use twilio_flex::Error;
use twilio_flex::operations::{ALL, Location, OperationInfo, ValueRule, find};

/// One setter line of the snapshot: `  query  .page_size(i64) "PageSize" in 1..=1000`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Setter {
    setter: String,
    wire: String,
    kind: String,
    required: bool,
    /// The Rust type, `Vec<…>` removed.
    ty: String,
    range: Option<(Option<i64>, Option<i64>)>,
}

#[derive(Debug, Default)]
struct Snapshot {
    declared_count: usize,
    /// By `METHOD /path`: client method, setters, whether it is a list.
    operations: BTreeMap<String, (String, Vec<Setter>, bool)>,
    /// SID type → prefix.
    sids: BTreeMap<String, String>,
    /// Enum type → wire values.
    enums: BTreeMap<String, Vec<String>>,
}

fn snapshot() -> Snapshot {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("api/flex_v1.txt");
    let text = std::fs::read_to_string(&path).expect("api/flex_v1.txt");
    let mut s = Snapshot::default();
    let mut section = "";
    let mut current: Option<String> = None;
    let mut current_enum: Option<String> = None;
    for line in text.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            section = title.split(" (").next().unwrap_or("");
            if section == "Operations" {
                s.declared_count = title
                    .split(['(', ')'])
                    .nth(1)
                    .and_then(|n| n.parse().ok())
                    .expect("## Operations (N)");
            }
            continue;
        }
        match section {
            "Operations" if !line.starts_with(' ') && !line.is_empty() => {
                // `GET /v1/Channels  list_channel() -> ListChannelResponse`
                let (route, rest) = line.split_once("  ").expect("an operation line");
                let method = rest.trim().split('(').next().unwrap_or("").to_string();
                s.operations
                    .insert(route.to_string(), (method, Vec::new(), false));
                current = Some(route.to_string());
            }
            "Operations" if line.starts_with("  ") => {
                let op = s
                    .operations
                    .get_mut(current.as_ref().expect("in an operation"))
                    .unwrap();
                let line = line.trim();
                let (kind, rest) = line.split_once(' ').unwrap();
                let rest = rest.trim();
                if kind == "list" {
                    op.2 = true;
                    continue;
                }
                if !matches!(kind, "path" | "query" | "header" | "body") {
                    continue;
                }
                // The whole-body setter and a family's setter (`"Integration.*"`) aren't
                // one value each.
                let Some((call, after)) = rest.split_once(" \"") else {
                    continue;
                };
                let (wire, flags) = after.split_once('"').unwrap();
                if call.starts_with(".body(") || wire.ends_with('*') {
                    continue;
                }
                let (setter, ty) = call
                    .trim_start_matches('.')
                    .trim_end_matches(')')
                    .split_once('(')
                    .unwrap();
                let ty = ty
                    .strip_prefix("Vec<")
                    .and_then(|t| t.strip_suffix('>'))
                    .unwrap_or(ty);
                let range = flags.split_once(" in ").map(|(_, r)| {
                    let r = r.split_whitespace().next().unwrap();
                    let (lo, hi) = r.split_once("..").unwrap();
                    (
                        lo.parse().ok(),
                        hi.strip_prefix('=').and_then(|h| h.parse().ok()),
                    )
                });
                op.1.push(Setter {
                    setter: setter.to_string(),
                    wire: wire.to_string(),
                    kind: kind.to_string(),
                    required: flags.split_whitespace().any(|w| w == "required"),
                    ty: ty.to_string(),
                    range,
                });
            }
            "SID types" if line.starts_with("sid ") => {
                // `sid FlexFlowSid "FO" (Flex Flow)`
                let mut parts = line.split_whitespace();
                let name = parts.nth(1).unwrap().to_string();
                let prefix = parts.next().unwrap().trim_matches('"').to_string();
                s.sids.insert(name, prefix);
            }
            "Enums" if line.starts_with("enum ") => {
                let name = line["enum ".len()..].trim().to_string();
                s.enums.insert(name.clone(), Vec::new());
                current_enum = Some(name);
            }
            "Enums" if line.starts_with("  ") => {
                if let (Some(name), Some((_, value))) = (&current_enum, line.split_once(" = ")) {
                    s.enums
                        .get_mut(name)
                        .unwrap()
                        .push(value.trim_matches('"').to_string());
                }
            }
            _ => {}
        }
    }
    s
}

fn kind_of(location: Location) -> &'static str {
    match location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Body => "body",
    }
}

/// The string rule of a value (the item's, for a list).
fn str_rule(rule: &ValueRule) -> Option<&twilio_flex::operations::StrRule> {
    match rule {
        ValueRule::Str(r) => Some(r),
        ValueRule::List(item) => str_rule(item),
        _ => None,
    }
}

#[test]
fn the_catalogue_has_every_operation_of_the_typed_api_with_the_same_setters_and_rules() {
    let snap = snapshot();
    assert_eq!(ALL.len(), snap.declared_count);
    assert_eq!(snap.operations.len(), snap.declared_count);
    let routes: BTreeSet<String> = ALL
        .iter()
        .map(|op| format!("{} {}", op.method, op.path))
        .collect();
    assert_eq!(
        routes,
        snap.operations.keys().cloned().collect::<BTreeSet<_>>()
    );
    let mut compared = 0;
    for op in ALL {
        let route = format!("{} {}", op.method, op.path);
        let (method, setters, is_list) = &snap.operations[&route];
        assert_eq!(op.method_name, method, "{route}");
        assert_eq!(op.is_list(), *is_list, "{route}");
        assert_eq!(op.command, kebab(op.id), "{route}");
        assert!(std::ptr::eq(find(op.command).unwrap(), op));
        let mut typed: Vec<Setter> = setters.clone();
        typed.sort();
        let mut ours: Vec<Setter> = op
            .params
            .iter()
            .map(|p| {
                let twin = setters.iter().find(|s| s.setter == p.setter);
                Setter {
                    setter: p.setter.to_string(),
                    wire: p.wire.to_string(),
                    kind: kind_of(p.location).to_string(),
                    required: p.required,
                    ty: twin.map(|s| s.ty.clone()).unwrap_or_default(),
                    range: match p.rule {
                        ValueRule::Int { min, max } if min.is_some() || max.is_some() => {
                            Some((min, max))
                        }
                        _ => None,
                    },
                }
            })
            .collect();
        ours.sort();
        assert_eq!(ours, typed, "{route}: parameters and body fields");
        for p in op.params {
            assert_eq!(p.flag, p.setter.replace('_', "-"), "{route} {}", p.wire);
            let ty = &setters.iter().find(|s| s.setter == p.setter).unwrap().ty;
            let rule = str_rule(&p.rule);
            // A SID setter's type has the prefix the catalogue checks; an enum's its values.
            assert_eq!(
                rule.and_then(|r| r.sid).map(|s| s.prefix.to_string()),
                snap.sids.get(ty).cloned(),
                "{route} {}: SID prefix",
                p.wire
            );
            // The catalogue keeps spec order; the snapshot lists variants by name.
            let sorted = |mut v: Vec<String>| {
                v.sort();
                v
            };
            assert_eq!(
                rule.and_then(|r| r.values)
                    .map(|e| sorted(e.values.iter().map(|v| v.to_string()).collect())),
                snap.enums.get(ty).cloned().map(sorted),
                "{route} {}: enum values",
                p.wire
            );
            compared += 1;
        }
    }
    assert!(compared > 200, "{compared} values compared");
}

fn kebab(id: &str) -> String {
    let mut out = String::new();
    for (i, c) in id.char_indices() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

const IS: &str = "IS0123456789abcdef0123456789abcdef";
const FO: &str = "FO0123456789abcdef0123456789abcdef";
const FW: &str = "FW0123456789abcdef0123456789abcdef";

fn query(target: &str) -> Vec<(String, String)> {
    let mut q: Vec<(String, String)> = target
        .split_once('?')
        .map(|(_, q)| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    q.sort();
    q
}

/// Method, path, sorted query, content type and sorted form pairs (or JSON) of a request.
fn shape(r: &common::Recorded) -> (String, String, Vec<(String, String)>, Option<String>, Value) {
    let body = match r.header("content-type") {
        Some(t) if t.contains("json") => serde_json::from_slice(&r.body).unwrap(),
        _ => {
            let mut form = r.form();
            form.sort();
            json!(form)
        }
    };
    (
        r.method.clone(),
        r.path().to_string(),
        query(&r.target),
        r.header("content-type").map(str::to_string),
        body,
    )
}

#[tokio::test]
async fn a_call_by_name_sends_what_the_typed_builder_sends() {
    let server = TestServer::start(|r, _| {
        if r.method == "GET" && r.path() == "/v1/FlexFlows" {
            Reply::json(
                200,
                json!({"flex_flows": [flex_flow_json(FO)], "meta": {"key": "flex_flows", "page_size": 5, "next_page_url": null}}),
            )
        } else if r.method == "DELETE" {
            Reply::empty(204)
        } else {
            Reply::json(200, flex_flow_json(FO))
        }
    })
    .await;
    let client = server.client();

    // A form body with an enum, a SID, a boolean, a family field.
    client
        .create_flex_flow()
        .friendly_name("Support & Sales")
        .chat_service_sid(IS)
        .channel_type("sms")
        .integration_flow_sid(FW)
        .integration_retry_count(2)
        .enabled(true)
        .send()
        .await
        .unwrap();
    let created = client
        .operation("create-flex-flow")
        .unwrap()
        .arg("friendly-name", "Support & Sales")
        .unwrap()
        .arg("chat-service-sid", IS)
        .unwrap()
        .arg("channel-type", "sms")
        .unwrap()
        .arg("integration-flow-sid", FW)
        .unwrap()
        .arg("integration-retry-count", "2")
        .unwrap()
        .arg("enabled", "true")
        .unwrap()
        .send()
        .await
        .unwrap();
    assert_eq!(created["sid"], FO);

    // A list's query, and a path parameter.
    client
        .list_flex_flow()
        .friendly_name("a b")
        .page_size(5)
        .send()
        .await
        .unwrap();
    let items: Vec<Value> = client
        .operation("ListFlexFlow")
        .unwrap()
        .arg("friendly-name", "a b")
        .unwrap()
        .arg("page-size", "5")
        .unwrap()
        .stream()
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["sid"], FO);
    client.delete_flex_flow().sid(FO).send().await.unwrap();
    let deleted = client
        .operation("delete_flex_flow")
        .unwrap()
        .arg("sid", FO)
        .unwrap()
        .send()
        .await
        .unwrap();
    assert_eq!(deleted, Value::Null);
    // A declared JSON body, with the account SID filled in.
    client
        .update_configuration()
        .ui_attributes(json!({"logLevel": "debug"}))
        .send()
        .await
        .unwrap();
    client
        .operation("update-configuration")
        .unwrap()
        .arg("ui-attributes", r#"{"logLevel": "debug"}"#)
        .unwrap()
        .send()
        .await
        .unwrap();

    let seen = server.requests();
    assert_eq!(seen.len(), 8);
    for pair in seen.chunks(2) {
        assert_eq!(shape(&pair[0]), shape(&pair[1]), "{}", pair[0].target);
        // (A delete's typed builder accepts `*/*`, there being no answer to decode.)
        if pair[0].method != "DELETE" {
            assert_eq!(pair[0].header("accept"), pair[1].header("accept"));
        }
    }
    assert_eq!(seen[2].target, "/v1/FlexFlows?FriendlyName=a+b&PageSize=5");
}

#[tokio::test]
async fn bad_values_are_refused_by_flag_before_anything_is_sent() {
    let server = TestServer::start(|_, _| Reply::json(200, flex_flow_json(FO))).await;
    let client = server.client();
    let field = |e: Error| match e {
        Error::InvalidRequest { field, message, .. } => (field, message),
        other => panic!("{other:?}"),
    };
    let op = || client.operation("create-flex-flow").unwrap();
    // A SID of another resource, an unknown enum value, a range, a boolean.
    let (f, m) = field(op().arg("chat-service-sid", FO).unwrap_err());
    assert_eq!(f, "chat-service-sid");
    assert!(m.contains("`IS` followed by 32 hexadecimal digits"), "{m}");
    let (f, m) = field(op().arg("channel-type", "fax").unwrap_err());
    assert_eq!(f, "channel-type");
    assert!(m.starts_with("expected one of "), "{m}");
    let (f, _) = field(op().arg("integration-retry-count", "9").unwrap_err());
    assert_eq!(f, "integration-retry-count");
    let (f, _) = field(op().arg("enabled", "yes").unwrap_err());
    assert_eq!(f, "enabled");
    // Unknown names, missing required values, an unknown operation.
    let (f, _) = field(op().arg("colour", "red").unwrap_err());
    assert_eq!(f, "colour");
    let partial = op().arg("friendly-name", "x").unwrap();
    let (f, m) = field(partial.clone().send().await.unwrap_err());
    assert_eq!(
        (f.as_str(), m.as_str()),
        ("channel-type", "a value is required")
    );
    assert!(partial.check().is_err());
    let (f, _) = field(client.operation("list-flex-flows").err().unwrap());
    assert_eq!(f, "operation");
    let (f, _) = field(
        client
            .operation("list-flex-flow")
            .unwrap()
            .arg("page-size", "0")
            .unwrap_err(),
    );
    assert_eq!(f, "page-size");
    let (f, _) = field(op().stream().err().unwrap());
    assert_eq!(f, "operation");
    assert_eq!(server.count(), 0, "nothing was sent");
}

#[tokio::test]
async fn a_call_by_name_runs_against_the_mock() {
    let mock = twilio_flex::mock::MockServer::start().await.unwrap();
    let client = mock.client().unwrap();
    let info: &OperationInfo = find("create-flex-flow").unwrap();
    assert!(info.param("friendly-name").unwrap().required);
    for n in 0..3 {
        client
            .operation("create-flex-flow")
            .unwrap()
            .arg("friendly-name", &format!("flow {n}"))
            .unwrap()
            .arg("chat-service-sid", IS)
            .unwrap()
            .arg("channel-type", "web")
            .unwrap()
            .send()
            .await
            .unwrap();
    }
    let two: Vec<Value> = client
        .operation("list-flex-flow")
        .unwrap()
        .stream()
        .unwrap()
        .limit(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(two.len(), 2);
    assert_eq!(mock.requests("CreateFlexFlow"), 3);
    assert_eq!(mock.requests("ListFlexFlow"), 1);
}
