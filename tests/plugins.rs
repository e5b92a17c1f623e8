//! `twilio_flex::plugins` (issue 14): plan, diff, apply, resume and roll back Plugin Service
//! releases, and refuse a stale plan and replan it (issue 22), against the stateful mock and,
//! for the exact requests, a scripted server; and the mock's Plugin Service rules.
//! Run: `cargo test --features mock --test plugins`.
#![cfg(all(feature = "mock", twilio_flex_plugins))]

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use twilio_flex::mock::{Fault, Hook, HookId, MockServer};
use twilio_flex::plugins::{
    Applied, Change, ChangeKind, Created, PluginItem, ReleaseError, ReleaseErrorKind, ReleasePlan,
    Step,
};
use twilio_flex::{Client, Error};

const PLUGINS: &str = "/v1/PluginService/Plugins";
const CONFIGURATIONS: &str = "/v1/PluginService/Configurations";
const RELEASES: &str = "/v1/PluginService/Releases";
const CREATES: [&str; 4] = [
    "CreatePlugin",
    "CreatePluginVersion",
    "CreatePluginConfiguration",
    "CreatePluginRelease",
];

fn url(name: &str, version: &str) -> String {
    format!("https://assets.example.com/{name}-{version}.js")
}

async fn mock() -> (MockServer, Client) {
    let server = MockServer::builder()
        .seed(14)
        .start()
        .await
        .expect("mock starts");
    let client = server.client().expect("client");
    (server, client)
}

/// Releases exactly `plugins` (name, version) on top of what is active.
async fn release(client: &Client, plugins: &[(&str, &str)], remove: &[&str]) -> Applied {
    let mut b = client.plugins().release().name("Deploy");
    for (name, version) in plugins {
        b = b.upsert(*name, *version, url(name, version));
    }
    for name in remove {
        b = b.remove(*name);
    }
    let plan = b.plan().await.expect("plan");
    plan.apply().await.expect("apply")
}

/// Plugin Service writes the server has seen (requests, whatever their outcome).
fn posts(server: &MockServer) -> BTreeMap<String, u64> {
    server
        .stats()
        .into_iter()
        .filter(|(op, _)| !op.starts_with("List") && !op.starts_with("Fetch"))
        .map(|(op, s)| (op, s.requests))
        .collect()
}

async fn plugin_sid_of(client: &Client, name: &str) -> String {
    use futures::TryStreamExt;
    let plugins: Vec<_> = client.list_plugin().stream().try_collect().await.unwrap();
    let sids: Vec<String> = plugins
        .iter()
        .filter(|p| p.unique_name.as_deref() == Some(name))
        .filter_map(|p| p.sid.as_ref().map(|s| s.to_string()))
        .collect();
    assert_eq!(sids.len(), 1, "plugins named {name}: {sids:?}");
    sids[0].clone()
}

async fn versions_of(server: &MockServer, client: &Client, name: &str) -> usize {
    let sid = plugin_sid_of(client, name).await;
    server.count(&format!("{PLUGINS}/{sid}/Versions")).unwrap()
}

fn steps(created: &[Created]) -> Vec<Step> {
    created.iter().map(Created::step).collect()
}

/// The active release's plugins as (name, version).
async fn active_set(client: &Client) -> Vec<(String, String)> {
    let active = client
        .plugins()
        .active()
        .await
        .expect("active")
        .expect("a release");
    active
        .plugins
        .iter()
        .map(|p| (p.name.clone(), p.version.clone()))
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

// ---------------------------------------------------------------- plan and apply

#[tokio::test]
async fn a_plan_on_an_empty_account_creates_plugin_version_configuration_release_in_order() {
    let (server, client) = mock().await;
    let plan = client
        .plugins()
        .release()
        .upsert(
            "plugin-support-tools",
            "2.3.0",
            url("plugin-support-tools", "2.3.0"),
        )
        .name("Deploy 2026-11-30")
        .plan()
        .await
        .expect("plan");
    assert!(
        posts(&server).is_empty(),
        "planning sent {:?}",
        posts(&server)
    );
    assert!(!plan.is_noop());
    assert!(plan.active().is_none());
    assert_eq!(plan.to_string(), "+ plugin-support-tools 2.3.0\n");
    assert_eq!(plan.changes()[0].kind, ChangeKind::Add);

    let applied = plan.apply().await.expect("apply");
    assert_eq!(
        steps(&applied.created),
        [
            Step::Plugin,
            Step::Version,
            Step::Configuration,
            Step::Release
        ]
    );
    assert!(!applied.is_noop());
    for (path, n) in [(PLUGINS, 1), (CONFIGURATIONS, 1), (RELEASES, 1)] {
        assert_eq!(server.count(path).unwrap(), n, "{path}");
    }
    assert_eq!(
        versions_of(&server, &client, "plugin-support-tools").await,
        1
    );
    for op in CREATES {
        assert_eq!(server.applied(op), 1, "{op}");
    }
    // The release made its configuration active, with the plugin in Twilio's default phase.
    let active = client.plugins().active().await.unwrap().unwrap();
    assert_eq!(Some(&active.release_sid), applied.release_sid.as_ref());
    assert_eq!(
        Some(&active.configuration_sid),
        applied.configuration_sid.as_ref()
    );
    assert_eq!(
        active.configuration_name.as_deref(),
        Some("Deploy 2026-11-30")
    );
    assert_eq!(active.plugins.len(), 1);
    assert_eq!(active.plugins[0].phase, 3);
    assert_eq!(active.plugins[0].url, url("plugin-support-tools", "2.3.0"));
}

#[tokio::test]
async fn the_identical_second_run_sends_no_post_and_says_so() {
    let (server, client) = mock().await;
    let first = release(
        &client,
        &[("plugin-a", "1.0.0"), ("plugin-b", "1.0.0")],
        &[],
    )
    .await;
    assert_eq!(first.created.len(), 6);
    server.reset_counters();

    // The same call again, as a CI job would rerun it.
    let plan = client
        .plugins()
        .release()
        .name("Deploy")
        .upsert("plugin-a", "1.0.0", url("plugin-a", "1.0.0"))
        .upsert("plugin-b", "1.0.0", url("plugin-b", "1.0.0"))
        .plan()
        .await
        .unwrap();
    assert!(plan.is_noop());
    assert_eq!(plan.to_string(), "= plugin-a 1.0.0\n= plugin-b 1.0.0\n");
    let again = plan.apply().await.unwrap();
    assert!(again.is_noop());
    assert_eq!(again.release_sid, first.release_sid);
    assert!(again.to_string().starts_with("nothing to do"), "{again}");
    assert!(posts(&server).is_empty(), "{:?}", posts(&server));

    // Applying the first plan object again after its success is a no-op too.
    let plan = client
        .plugins()
        .release()
        .upsert("plugin-c", "0.1.0", url("plugin-c", "0.1.0"))
        .plan()
        .await
        .unwrap();
    assert!(!plan.apply().await.unwrap().is_noop());
    server.reset_counters();
    let rerun = plan.apply().await.unwrap();
    assert!(rerun.is_noop(), "{rerun}");
    assert!(posts(&server).is_empty(), "{:?}", posts(&server));
}

#[tokio::test]
async fn an_upgrade_reuses_the_plugin_and_creates_one_version() {
    let (server, client) = mock().await;
    release(
        &client,
        &[("plugin-a", "1.0.0"), ("plugin-b", "1.0.0")],
        &[],
    )
    .await;
    server.reset_counters();
    let plan = client
        .plugins()
        .release()
        .upsert("plugin-a", "1.1.0", url("plugin-a", "1.1.0"))
        .plan()
        .await
        .unwrap();
    assert_eq!(
        plan.to_string(),
        "+ plugin-a 1.1.0 (was 1.0.0)\n= plugin-b 1.0.0\n"
    );
    let applied = plan.apply().await.unwrap();
    assert_eq!(
        steps(&applied.created),
        [Step::Version, Step::Configuration, Step::Release]
    );
    assert_eq!(server.applied("CreatePlugin"), 0);
    assert_eq!(server.applied("CreatePluginVersion"), 1);
    assert_eq!(server.count(PLUGINS).unwrap(), 2);
    assert_eq!(versions_of(&server, &client, "plugin-a").await, 2);
    assert_eq!(versions_of(&server, &client, "plugin-b").await, 1);
    assert_eq!(
        active_set(&client).await,
        pairs(&[("plugin-a", "1.1.0"), ("plugin-b", "1.0.0")])
    );
}

#[tokio::test]
async fn the_plan_shows_the_change_as_the_issue_does() {
    let (_server, client) = mock().await;
    release(
        &client,
        &[
            ("plugin-support-tools", "2.2.1"),
            ("plugin-legacy-banner", "0.3.1"),
            ("plugin-queue-view", "1.0.0"),
        ],
        &[],
    )
    .await;
    let plan = client
        .plugins()
        .release()
        .upsert(
            "plugin-support-tools",
            "2.3.0",
            url("plugin-support-tools", "2.3.0"),
        )
        .remove("plugin-legacy-banner")
        .remove("plugin-never-released")
        .name("Deploy 2026-11-30")
        .plan()
        .await
        .unwrap();
    assert_eq!(
        plan.to_string(),
        "+ plugin-support-tools 2.3.0 (was 2.2.1)\n\
         - plugin-legacy-banner 0.3.1\n\
         = plugin-queue-view 1.0.0\n"
    );
    plan.apply().await.unwrap();
    assert_eq!(
        active_set(&client).await,
        pairs(&[
            ("plugin-queue-view", "1.0.0"),
            ("plugin-support-tools", "2.3.0")
        ])
    );
}

#[tokio::test]
async fn a_version_string_with_another_url_is_refused_before_any_write() {
    let (server, client) = mock().await;
    release(&client, &[("plugin-a", "1.0.0")], &[]).await;
    // A version that exists but isn't active.
    let fp = plugin_sid_of(&client, "plugin-a").await;
    client
        .create_plugin_version()
        .plugin_sid(&fp)
        .version("1.1.0")
        .plugin_url(url("plugin-a", "1.1.0"))
        .send()
        .await
        .unwrap();
    server.reset_counters();

    for (version, existing) in [
        ("1.0.0", url("plugin-a", "1.0.0")),
        ("1.1.0", url("plugin-a", "1.1.0")),
    ] {
        let err = client
            .plugins()
            .release()
            .upsert("plugin-a", version, "https://cdn.example.com/other.js")
            .plan()
            .await
            .expect_err("conflict");
        assert_eq!(err.step(), Step::Plan);
        let c = err.version_conflict().expect("a version conflict");
        assert_eq!(
            (c.plugin.as_str(), c.version.as_str()),
            ("plugin-a", version)
        );
        assert_eq!(c.existing_url, existing);
        assert_eq!(c.wanted_url, "https://cdn.example.com/other.js");
        assert!(err.to_string().contains("new version string"), "{err}");
    }
    assert!(posts(&server).is_empty(), "{:?}", posts(&server));
}

#[tokio::test]
async fn bad_input_is_refused_before_any_request() {
    let (server, client) = mock().await;
    let cases: Vec<(&str, twilio_flex::plugins::ReleaseBuilder<'_>)> = vec![
        (
            "upsert",
            client.plugins().release().upsert("a", "1.0.0", "not a url"),
        ),
        (
            "upsert",
            client
                .plugins()
                .release()
                .upsert("a", "1.0.0", "ftp://x/a.js"),
        ),
        (
            "upsert",
            client
                .plugins()
                .release()
                .upsert("", "1.0.0", url("a", "1")),
        ),
        (
            "upsert",
            client.plugins().release().upsert("a", " ", url("a", "1")),
        ),
        (
            "upsert",
            client
                .plugins()
                .release()
                .upsert("a", "1.0.0", url("a", "1.0.0"))
                .upsert("a", "2.0.0", url("a", "2.0.0")),
        ),
        (
            "remove",
            client
                .plugins()
                .release()
                .upsert("a", "1.0.0", url("a", "1.0.0"))
                .remove("a"),
        ),
        ("name", client.plugins().release().name(" ")),
        (
            "Flex-Metadata",
            client.plugins().flex_metadata("line\nbreak").release(),
        ),
    ];
    for (field, builder) in cases {
        let err = builder.plan().await.expect_err(field);
        assert_eq!(err.step(), Step::Plan);
        match err.kind() {
            ReleaseErrorKind::InvalidInput { field: f, .. } => assert_eq!(f, field, "{err}"),
            other => panic!("{field}: {other:?}"),
        }
    }
    let err = client
        .plugins()
        .rollback_to("FJ0123")
        .await
        .expect_err("bad sid");
    assert!(
        matches!(err.kind(), ReleaseErrorKind::InvalidInput { field, .. } if field == "release_sid"),
        "{err}"
    );
    assert_eq!(server.total_requests(), 0);
}

// ---------------------------------------------------------------- failures and resuming

/// The step a failed create belongs to.
fn step_of(op: &str) -> Step {
    match op {
        "CreatePlugin" => Step::Plugin,
        "CreatePluginVersion" => Step::Version,
        "CreatePluginConfiguration" => Step::Configuration,
        _ => Step::Release,
    }
}

/// A base release of plugin-a 1.0.0, then a plan upgrading plugin-a and adding plugin-b.
async fn base_and_plan(client: &Client) -> twilio_flex::plugins::ReleasePlan<'_> {
    release(client, &[("plugin-a", "1.0.0")], &[]).await;
    client
        .plugins()
        .release()
        .name("Deploy")
        .upsert("plugin-a", "1.1.0", url("plugin-a", "1.1.0"))
        .upsert("plugin-b", "1.0.0", url("plugin-b", "1.0.0"))
        .plan()
        .await
        .unwrap()
}

/// How many creates of `op` the plan needs: plugin-b, versions of plugin-a and plugin-b, one
/// configuration, one release.
fn needed(op: &str) -> u64 {
    if op == "CreatePluginVersion" { 2 } else { 1 }
}

/// Exactly one of each resource the plan needed, and one new release, active.
async fn exactly_one_of_each(server: &MockServer, client: &Client) {
    assert_eq!(server.count(PLUGINS).unwrap(), 2);
    assert_eq!(versions_of(server, client, "plugin-a").await, 2);
    assert_eq!(versions_of(server, client, "plugin-b").await, 1);
    assert_eq!(server.count(CONFIGURATIONS).unwrap(), 2);
    assert_eq!(server.count(RELEASES).unwrap(), 2);
    assert_eq!(
        active_set(client).await,
        pairs(&[("plugin-a", "1.1.0"), ("plugin-b", "1.0.0")])
    );
}

#[tokio::test]
async fn a_503_at_any_step_then_a_rerun_ends_with_one_of_each_and_one_new_release() {
    // Plan order: plugin-a's version, plugin-b, plugin-b's version, configuration, release.
    let created_before = |op: &str| -> Vec<Step> {
        match op {
            "CreatePlugin" => vec![Step::Version],
            "CreatePluginVersion" => vec![],
            "CreatePluginConfiguration" => vec![Step::Version, Step::Plugin, Step::Version],
            _ => vec![
                Step::Version,
                Step::Plugin,
                Step::Version,
                Step::Configuration,
            ],
        }
    };
    for op in CREATES {
        let (server, client) = mock().await;
        let plan = base_and_plan(&client).await;
        let fault = server.fault(Fault::status(503).route(op).times(1)).unwrap();
        let err = plan.apply().await.expect_err(op);
        assert_eq!(server.fault_hits(fault), 1, "{op}");
        assert_eq!(err.step(), step_of(op), "{op}: {err}");
        let api = err.api_error().unwrap_or_else(|| panic!("{op}: {err:?}"));
        assert_eq!((api.status, api.code), (503, Some(20503)), "{op}");
        assert_eq!(steps(err.created()), created_before(op), "{op}: {err}");
        assert!(
            err.to_string()
                .contains(&format!("{} step failed", step_of(op))),
            "{err}"
        );
        assert!(std::error::Error::source(&err).is_some());
        // Nothing became active.
        assert_eq!(server.count(RELEASES).unwrap(), 1, "{op}");
        assert_eq!(
            active_set(&client).await,
            pairs(&[("plugin-a", "1.0.0")]),
            "{op}"
        );

        let resumed = plan
            .apply()
            .await
            .unwrap_or_else(|e| panic!("{op}: rerun: {e}"));
        // The rerun creates the failed step and what follows, nothing before it twice.
        assert_eq!(
            resumed.created.len() + err.created().len(),
            5,
            "{op}: {resumed} after {err}"
        );
        exactly_one_of_each(&server, &client).await;
        assert!(plan.apply().await.unwrap().is_noop(), "{op}");
    }
}

#[tokio::test]
async fn an_answer_lost_after_a_create_leaves_no_duplicate() {
    let faults = [
        ("CreatePlugin", Fault::status(503)),
        ("CreatePluginVersion", Fault::status(502)),
        ("CreatePluginConfiguration", Fault::reset()),
        ("CreatePluginRelease", Fault::status(504)),
    ];
    for (op, fault) in faults {
        let (server, client) = mock().await;
        let plan = base_and_plan(&client).await;
        server.reset_counters();
        server
            .fault(fault.route(op).times(1).after_apply())
            .unwrap();
        // The write went through; apply finds it instead of creating it again, and goes on.
        let applied = match plan.apply().await {
            Ok(a) => a,
            Err(e) => panic!("{op}: {e}"),
        };
        assert_eq!(server.applied(op), needed(op), "{op}");
        assert_eq!(applied.created.len(), 5, "{op}: {applied}");
        assert!(
            applied.created.iter().any(|c| c.step() == step_of(op)),
            "{op}: {applied}"
        );
        exactly_one_of_each(&server, &client).await;
        // A rerun finds everything.
        server.reset_counters();
        assert!(plan.apply().await.unwrap().is_noop(), "{op}");
        assert!(posts(&server).is_empty(), "{op}: {:?}", posts(&server));
    }
}

#[tokio::test]
async fn a_lost_answer_whose_lookup_fails_too_is_resumed_by_the_rerun() {
    for op in CREATES {
        let (server, client) = mock().await;
        let plan = base_and_plan(&client).await;
        server.reset_counters();
        server
            .fault(Fault::status(503).route(op).times(1).after_apply())
            .unwrap();
        // The lookup after the lost answer fails as well: each list is read once before its
        // create, the releases twice (before the configuration and right before the
        // release); 500s are not retried, so the read after those fails.
        let (list, reads) = match op {
            "CreatePlugin" => ("ListPlugin", 1),
            "CreatePluginVersion" => ("ListPluginVersion", 1),
            "CreatePluginConfiguration" => ("ListPluginConfiguration", 1),
            _ => ("ListPluginRelease", 2),
        };
        let lookups = server
            .fault(Fault::status(500).route(list).skip(reads).times(4))
            .unwrap();
        let err = plan.apply().await.expect_err(op);
        assert!(server.fault_hits(lookups) > 0, "{op}: {err}");
        assert_eq!(err.step(), step_of(op), "{op}: {err}");
        assert_eq!(err.api_error().map(|e| e.status), Some(503), "{op}: {err}");
        server.clear_faults();
        plan.apply()
            .await
            .unwrap_or_else(|e| panic!("{op}: rerun: {e}"));
        assert_eq!(server.applied(op), needed(op), "{op}: created twice");
        exactly_one_of_each(&server, &client).await;
    }
}

// ---------------------------------------------------------------- rollback and active

#[tokio::test]
async fn rollback_makes_the_previous_configuration_active() {
    let (server, client) = mock().await;
    let first = release(
        &client,
        &[("plugin-a", "1.0.0"), ("plugin-b", "1.0.0")],
        &[],
    )
    .await;
    let second = release(&client, &[("plugin-a", "2.0.0")], &["plugin-b"]).await;
    assert_ne!(first.configuration_sid, second.configuration_sid);

    let plan = client.plugins().rollback().await.unwrap();
    assert_eq!(
        plan.rollback_configuration(),
        first.configuration_sid.as_ref()
    );
    assert_eq!(plan.rollback_release(), first.release_sid.as_ref());
    assert_eq!(
        plan.to_string(),
        "+ plugin-a 1.0.0 (was 2.0.0)\n+ plugin-b 1.0.0\n"
    );
    let configurations = server.count(CONFIGURATIONS).unwrap();
    let applied = plan.apply().await.unwrap();
    assert_eq!(steps(&applied.created), [Step::Release]);
    assert_eq!(server.count(CONFIGURATIONS).unwrap(), configurations);
    let active = client.plugins().active().await.unwrap().unwrap();
    assert_eq!(
        Some(&active.configuration_sid),
        first.configuration_sid.as_ref()
    );
    assert_eq!(
        active_set(&client).await,
        pairs(&[("plugin-a", "1.0.0"), ("plugin-b", "1.0.0")])
    );
    assert!(plan.apply().await.unwrap().is_noop());

    // Rolling back again goes back to the configuration before this one.
    client
        .plugins()
        .rollback()
        .await
        .unwrap()
        .apply()
        .await
        .unwrap();
    assert_eq!(active_set(&client).await, pairs(&[("plugin-a", "2.0.0")]));

    // rollback_to a given release.
    let sid = first.release_sid.clone().unwrap();
    let plan = client.plugins().rollback_to(sid.as_str()).await.unwrap();
    assert_eq!(
        plan.rollback_configuration(),
        first.configuration_sid.as_ref()
    );
    plan.apply().await.unwrap();
    assert_eq!(
        active_set(&client).await,
        pairs(&[("plugin-a", "1.0.0"), ("plugin-b", "1.0.0")])
    );
    assert_eq!(server.count(RELEASES).unwrap(), 5);
}

#[tokio::test]
async fn rollback_without_an_earlier_release_says_so() {
    let (_server, client) = mock().await;
    let err = client.plugins().rollback().await.expect_err("no release");
    assert!(
        matches!(err.kind(), ReleaseErrorKind::NoPreviousRelease),
        "{err}"
    );
    release(&client, &[("plugin-a", "1.0.0")], &[]).await;
    let err = client.plugins().rollback().await.expect_err("one release");
    assert!(
        matches!(err.kind(), ReleaseErrorKind::NoPreviousRelease),
        "{err}"
    );
    let err = client
        .plugins()
        .rollback_to("FK0123456789abcdef0123456789abcdef")
        .await
        .expect_err("unknown release");
    assert_eq!(err.api_error().map(|e| e.status), Some(404), "{err}");
}

#[tokio::test]
async fn active_matches_what_the_mock_holds() {
    let (server, client) = mock().await;
    assert!(client.plugins().active().await.unwrap().is_none());
    release(
        &client,
        &[("plugin-a", "1.0.0"), ("plugin-b", "0.9.0")],
        &[],
    )
    .await;
    let applied = release(&client, &[("plugin-b", "1.0.0")], &[]).await;

    let active = client.plugins().active().await.unwrap().unwrap();
    let release_sid = applied.release_sid.unwrap();
    assert_eq!(active.release_sid, release_sid);
    let held = server.get(&format!("{RELEASES}/{release_sid}")).unwrap();
    assert_eq!(held["configuration_sid"], active.configuration_sid.as_str());
    let configuration = server
        .get(&format!("{CONFIGURATIONS}/{}", active.configuration_sid))
        .unwrap();
    assert_eq!(configuration["name"], json!(active.configuration_name));
    assert_eq!(active.plugins.len(), 2);
    for p in &active.plugins {
        let held = server
            .get(&format!(
                "{CONFIGURATIONS}/{}/Plugins/{}",
                active.configuration_sid, p.plugin_sid
            ))
            .unwrap();
        assert_eq!(held["unique_name"], p.name.as_str());
        assert_eq!(held["version"], p.version.as_str());
        assert_eq!(held["plugin_url"], p.url.as_str());
        assert_eq!(held["plugin_version_sid"], p.version_sid.as_str());
        assert_eq!(held["phase"], p.phase);
        let version = server
            .get(&format!(
                "{PLUGINS}/{}/Versions/{}",
                p.plugin_sid, p.version_sid
            ))
            .unwrap();
        assert_eq!(version["version"], p.version.as_str());
        assert_eq!(version["plugin_url"], p.url.as_str());
    }
    assert_eq!(
        active_set(&client).await,
        pairs(&[("plugin-a", "1.0.0"), ("plugin-b", "1.0.0")])
    );
    let shown = active.to_string();
    assert!(
        shown.contains(release_sid.as_str()) && shown.contains("plugin-b 1.0.0"),
        "{shown}"
    );
}

#[tokio::test]
async fn archived_plugins_are_refused_in_the_plan() {
    let (server, client) = mock().await;
    release(&client, &[("plugin-a", "1.0.0")], &[]).await;
    client
        .create_plugin()
        .unique_name("plugin-old")
        .send()
        .await
        .unwrap();
    let fp = plugin_sid_of(&client, "plugin-old").await;
    client
        .update_plugin_archive()
        .sid(&fp)
        .send()
        .await
        .unwrap();
    server.reset_counters();
    let err = client
        .plugins()
        .release()
        .upsert("plugin-old", "1.0.0", url("plugin-old", "1.0.0"))
        .plan()
        .await
        .expect_err("archived");
    assert!(
        matches!(err.kind(), ReleaseErrorKind::Archived { name, .. } if name == "plugin-old"),
        "{err}"
    );
    assert!(posts(&server).is_empty());
}

// ---------------------------------------------------------------- two pipelines at once (issue 22)

/// The issue's scenario up to A's apply: plugin-base released; pipeline A plans
/// plugin-alpha on it; pipeline B then plans and releases plugin-beta. Returns the base
/// release, B's release and A's plan.
async fn two_pipelines(client: &Client) -> (Applied, Applied, ReleasePlan<'_>) {
    let base = release(client, &[("plugin-base", "1.0.0")], &[]).await;
    let a = client
        .plugins()
        .release()
        .name("Pipeline A")
        .upsert("plugin-alpha", "1.0.0", url("plugin-alpha", "1.0.0"))
        .plan()
        .await
        .unwrap();
    assert_eq!(
        a.active().map(|r| &r.release_sid),
        base.release_sid.as_ref()
    );
    let b = client
        .plugins()
        .release()
        .name("Pipeline B")
        .upsert("plugin-beta", "1.0.0", url("plugin-beta", "1.0.0"))
        .plan()
        .await
        .unwrap()
        .apply()
        .await
        .unwrap();
    (base, b, a)
}

/// (kind, plugin, version) of each change.
fn kinds(changes: &[Change]) -> Vec<(ChangeKind, &str, &str)> {
    changes
        .iter()
        .map(|c| (c.kind, c.plugin.as_str(), c.version.as_str()))
        .collect()
}

#[tokio::test]
async fn a_plan_made_before_another_release_is_stale_and_releases_nothing() {
    let (server, client) = mock().await;
    let (base, b, a) = two_pipelines(&client).await;
    server.reset_counters();

    let err = a.apply().await.expect_err("A's plan is stale");
    assert_eq!(err.step(), Step::Release, "{err}");
    assert!(matches!(err.kind(), ReleaseErrorKind::Stale(_)), "{err:?}");
    let stale = err.stale().expect("a stale plan");
    assert_eq!(stale.planned_on, base.release_sid);
    assert_eq!(stale.active_now, b.release_sid);
    assert_eq!(stale.active_configuration, b.configuration_sid);
    // What B changed, which A's plan would have dropped.
    assert_eq!(
        kinds(&stale.changed),
        [(ChangeKind::Add, "plugin-beta", "1.0.0")]
    );
    // plugin-alpha and its version were created before the check: they stay, listed.
    assert_eq!(steps(err.created()), [Step::Plugin, Step::Version]);
    let shown = err.to_string();
    for needle in [
        base.release_sid.as_ref().unwrap().as_str(),
        b.release_sid.as_ref().unwrap().as_str(),
        "+ plugin-beta 1.0.0",
        "plugin plugin-alpha",
        "replan",
    ] {
        assert!(shown.contains(needle), "{needle:?} in {shown}");
    }
    assert!(!shown.contains("run it again to resume"), "{shown}");

    // No configuration, no release: {base, beta} is still active.
    assert_eq!(server.requests("CreatePluginConfiguration"), 0);
    assert_eq!(server.requests("CreatePluginRelease"), 0);
    assert_eq!(server.count(RELEASES).unwrap(), 2);
    assert_eq!(
        active_set(&client).await,
        pairs(&[("plugin-base", "1.0.0"), ("plugin-beta", "1.0.0")])
    );

    // The same plan again doesn't resume on top of B's release: it is refused again.
    let again = a.apply().await.expect_err("still stale");
    assert_eq!(again.stale(), Some(stale));
    assert!(again.created().is_empty(), "{again}");
    assert_eq!(server.requests("CreatePluginRelease"), 0);
}

#[tokio::test]
async fn replan_makes_the_same_change_on_top_of_the_release_active_now() {
    let (server, client) = mock().await;
    let (_, b, a) = two_pipelines(&client).await;
    a.apply().await.expect_err("stale");

    let retry = a.replan().await.unwrap();
    assert_eq!(
        retry.active().map(|r| &r.release_sid),
        b.release_sid.as_ref()
    );
    assert_eq!(retry.configuration_name(), Some("Pipeline A"));
    assert_eq!(
        retry.to_string(),
        "+ plugin-alpha 1.0.0\n= plugin-base 1.0.0\n= plugin-beta 1.0.0\n"
    );
    let applied = retry.apply().await.unwrap();
    // The refused run's plugin and version are reused.
    assert_eq!(
        steps(&applied.created),
        [Step::Configuration, Step::Release]
    );
    assert_eq!(server.count(PLUGINS).unwrap(), 3);
    assert_eq!(versions_of(&server, &client, "plugin-alpha").await, 1);
    assert_eq!(
        active_set(&client).await,
        pairs(&[
            ("plugin-alpha", "1.0.0"),
            ("plugin-base", "1.0.0"),
            ("plugin-beta", "1.0.0")
        ])
    );

    // Removes, the name and the description are made again too.
    let c = client
        .plugins()
        .release()
        .name("Pipeline C")
        .description("from C")
        .upsert("plugin-alpha", "1.1.0", url("plugin-alpha", "1.1.0"))
        .remove("plugin-base")
        .plan()
        .await
        .unwrap();
    release(&client, &[("plugin-gamma", "1.0.0")], &[]).await;
    assert!(c.apply().await.expect_err("stale").stale().is_some());
    let retry = c.replan().await.unwrap();
    assert_eq!(
        retry.to_string(),
        "+ plugin-alpha 1.1.0 (was 1.0.0)\n\
         - plugin-base 1.0.0\n\
         = plugin-beta 1.0.0\n\
         = plugin-gamma 1.0.0\n"
    );
    retry.apply().await.unwrap();
    let active = client.plugins().active().await.unwrap().unwrap();
    assert_eq!(active.configuration_name.as_deref(), Some("Pipeline C"));
    let description = active.configuration_description.unwrap_or_default();
    assert!(
        description.starts_with("from C [twilio-flex "),
        "{description}"
    );
    assert_eq!(
        active_set(&client).await,
        pairs(&[
            ("plugin-alpha", "1.1.0"),
            ("plugin-beta", "1.0.0"),
            ("plugin-gamma", "1.0.0")
        ])
    );
}

#[tokio::test]
async fn a_rollback_planned_before_another_release_refuses_the_same_way() {
    let (server, client) = mock().await;
    let first = release(&client, &[("plugin-a", "1.0.0")], &[]).await;
    let second = release(&client, &[("plugin-a", "2.0.0")], &[]).await;
    let rollback = client.plugins().rollback().await.unwrap();
    let first_sid = first.release_sid.clone().unwrap();
    let rollback_to = client
        .plugins()
        .rollback_to(first_sid.as_str())
        .await
        .unwrap();
    // Another pipeline releases before the rollbacks are applied.
    let third = release(&client, &[("plugin-beta", "1.0.0")], &[]).await;
    server.reset_counters();

    for plan in [&rollback, &rollback_to] {
        let err = plan.apply().await.expect_err("stale rollback");
        assert_eq!(err.step(), Step::Release, "{err}");
        let stale = err.stale().unwrap_or_else(|| panic!("{err:?}"));
        assert_eq!(stale.planned_on, second.release_sid);
        assert_eq!(stale.active_now, third.release_sid);
        assert_eq!(
            kinds(&stale.changed),
            [(ChangeKind::Add, "plugin-beta", "1.0.0")]
        );
        assert!(err.created().is_empty());
        assert!(
            err.to_string().contains("this run created nothing"),
            "{err}"
        );
    }
    assert_eq!(server.requests("CreatePluginRelease"), 0);
    assert_eq!(server.count(RELEASES).unwrap(), 3);
    assert_eq!(
        active_set(&client).await,
        pairs(&[("plugin-a", "2.0.0"), ("plugin-beta", "1.0.0")])
    );

    // Replanned, a rollback still releases the configuration it chose, now over the third.
    let retry = rollback.replan().await.unwrap();
    assert_eq!(
        retry.rollback_configuration(),
        first.configuration_sid.as_ref()
    );
    assert_eq!(retry.rollback_release(), Some(&first_sid));
    assert_eq!(
        retry.active().map(|r| &r.release_sid),
        third.release_sid.as_ref()
    );
    assert_eq!(
        retry.to_string(),
        "+ plugin-a 1.0.0 (was 2.0.0)\n- plugin-beta 1.0.0\n"
    );
    assert_eq!(
        steps(&retry.apply().await.unwrap().created),
        [Step::Release]
    );
    assert_eq!(active_set(&client).await, pairs(&[("plugin-a", "1.0.0")]));
}

#[tokio::test]
async fn a_plan_whose_base_is_still_active_applies_as_today() {
    let (server, client) = mock().await;
    release(&client, &[("plugin-base", "1.0.0")], &[]).await;
    let a = client
        .plugins()
        .release()
        .upsert("plugin-alpha", "1.0.0", url("plugin-alpha", "1.0.0"))
        .plan()
        .await
        .unwrap();
    // Activity that leaves the active release as it is: another pipeline's plan never
    // applied, another pipeline's no-op, a configuration created and not released.
    client
        .plugins()
        .release()
        .upsert("plugin-beta", "1.0.0", url("plugin-beta", "1.0.0"))
        .plan()
        .await
        .unwrap();
    let noop = client
        .plugins()
        .release()
        .name("Deploy")
        .upsert("plugin-base", "1.0.0", url("plugin-base", "1.0.0"))
        .plan()
        .await
        .unwrap();
    assert!(noop.apply().await.unwrap().is_noop());
    let fv = client
        .list_configured_plugin()
        .configuration_sid(a.active().unwrap().configuration_sid.as_str())
        .send()
        .await
        .unwrap()
        .plugins[0]
        .plugin_version_sid
        .clone()
        .unwrap();
    client
        .create_plugin_configuration()
        .name("not released")
        .plugins([PluginItem::new(&fv).phase(1)])
        .send()
        .await
        .unwrap();
    server.reset_counters();

    let applied = a.apply().await.expect("the base is still active");
    assert_eq!(
        steps(&applied.created),
        [
            Step::Plugin,
            Step::Version,
            Step::Configuration,
            Step::Release
        ]
    );
    for op in CREATES {
        assert_eq!(server.requests(op), 1, "{op}");
    }
    // Read before the configuration and right before the release; the base is known by
    // its SID, so its plugins aren't read again.
    assert_eq!(server.requests("ListPluginRelease"), 2);
    assert_eq!(server.requests("ListConfiguredPlugin"), 0);
    assert_eq!(
        active_set(&client).await,
        pairs(&[("plugin-alpha", "1.0.0"), ("plugin-base", "1.0.0")])
    );
}

#[tokio::test]
async fn a_release_of_the_base_configuration_again_is_no_change() {
    let (server, client) = mock().await;
    let base = release(&client, &[("plugin-base", "1.0.0")], &[]).await;
    let a = client
        .plugins()
        .release()
        .upsert("plugin-alpha", "1.0.0", url("plugin-alpha", "1.0.0"))
        .plan()
        .await
        .unwrap();
    // Someone releases the same configuration again: another release, the same plugins.
    client
        .create_plugin_release()
        .configuration_id(base.configuration_sid.as_ref().unwrap().as_str())
        .send()
        .await
        .unwrap();
    let applied = a.apply().await.expect("nothing changed under the plan");
    assert_eq!(applied.created.len(), 4, "{applied}");
    assert_eq!(server.count(RELEASES).unwrap(), 3);
    assert_eq!(
        active_set(&client).await,
        pairs(&[("plugin-alpha", "1.0.0"), ("plugin-base", "1.0.0")])
    );
}

/// A release made while `apply` runs, on a scripted server: another pipeline releases
/// plugin-beta as soon as the request `trigger` arrives (POST of a version: before the
/// configuration; POST of the configuration: between it and the release). The next read of
/// the active release catches it.
#[tokio::test]
async fn a_release_made_while_apply_runs_is_caught_by_the_next_read() {
    use common::{Reply, TestServer};
    use std::sync::atomic::{AtomicBool, Ordering};
    const FP: &str = "FP0123456789abcdef0123456789abcdef";
    const FV: &str = "FV0123456789abcdef0123456789abcdef";
    const FJ: &str = "FJ0123456789abcdef0123456789abcdef";
    const FK_B: &str = "FKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    const FJ_B: &str = "FJbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    const FP_B: &str = "FPbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    const FV_B: &str = "FVbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    let versions = format!("/v1/PluginService/Plugins/{FP}/Versions");
    for (trigger, created) in [
        (versions.as_str(), vec![Step::Plugin, Step::Version]),
        (
            CONFIGURATIONS,
            vec![Step::Plugin, Step::Version, Step::Configuration],
        ),
    ] {
        let released = Arc::new(AtomicBool::new(false));
        let b = released.clone();
        let trigger_path = trigger.to_string();
        let server = TestServer::start(move |req, _| {
            let page = |key: &str, items: Value| {
                Reply::json(200, json!({key: items, "meta": {"key": key, "next_page_url": null}}))
            };
            if req.method == "POST" && req.path() == trigger_path {
                b.store(true, Ordering::SeqCst);
            }
            let other = b.load(Ordering::SeqCst);
            match (req.method.as_str(), req.path()) {
                ("GET", "/v1/PluginService/Releases") if other => page(
                    "releases",
                    json!([{"sid": FK_B, "configuration_sid": FJ_B, "date_created": "2026-11-30T10:00:00Z"}]),
                ),
                ("GET", p) if p == format!("{CONFIGURATIONS}/{FJ_B}/Plugins") => page(
                    "plugins",
                    json!([{
                        "plugin_sid": FP_B, "plugin_version_sid": FV_B, "configuration_sid": FJ_B,
                        "unique_name": "plugin-beta", "version": "1.0.0",
                        "plugin_url": url("plugin-beta", "1.0.0"), "phase": 3,
                    }]),
                ),
                ("GET", "/v1/PluginService/Releases") => page("releases", json!([])),
                ("GET", "/v1/PluginService/Plugins") => page("plugins", json!([])),
                ("GET", "/v1/PluginService/Configurations") => page("configurations", json!([])),
                ("GET", p) if p.ends_with("/Versions") => page("plugin_versions", json!([])),
                ("POST", "/v1/PluginService/Plugins") => {
                    Reply::json(201, json!({"sid": FP, "unique_name": "plugin-alpha"}))
                }
                ("POST", p) if p.ends_with("/Versions") => Reply::json(
                    201,
                    json!({"sid": FV, "plugin_sid": FP, "version": "1.0.0", "plugin_url": url("plugin-alpha", "1.0.0")}),
                ),
                ("POST", "/v1/PluginService/Configurations") => {
                    Reply::json(201, json!({"sid": FJ, "name": "Deploy"}))
                }
                _ => Reply::json(404, json!({"code": 20404, "message": "not found", "status": 404})),
            }
        })
        .await;
        let client = server.client();
        let plan = client
            .plugins()
            .release()
            .name("Deploy")
            .upsert("plugin-alpha", "1.0.0", url("plugin-alpha", "1.0.0"))
            .plan()
            .await
            .unwrap();
        assert!(plan.active().is_none());
        let err = plan.apply().await.expect_err(trigger);
        let stale = err.stale().unwrap_or_else(|| panic!("{trigger}: {err:?}"));
        assert_eq!(stale.planned_on, None, "{trigger}");
        assert_eq!(
            stale.active_now.as_ref().map(|s| s.as_str()),
            Some(FK_B),
            "{trigger}"
        );
        assert_eq!(
            kinds(&stale.changed),
            [(ChangeKind::Add, "plugin-beta", "1.0.0")],
            "{trigger}"
        );
        assert_eq!(steps(err.created()), created, "{trigger}: {err}");
        assert!(
            err.to_string().contains("made when nothing was released"),
            "{err}"
        );

        // The read that caught it came right after the trigger's writes; no release was sent.
        let reqs = server.requests();
        let writes: Vec<&str> = reqs
            .iter()
            .filter(|r| r.method == "POST")
            .map(|r| r.path())
            .collect();
        assert_eq!(writes.last(), Some(&trigger), "{writes:?}");
        assert!(!writes.contains(&RELEASES), "{writes:?}");
        let last_write = reqs.iter().rposition(|r| r.method == "POST").unwrap();
        let after: Vec<&str> = reqs[last_write + 1..].iter().map(|r| r.path()).collect();
        assert_eq!(
            after.first(),
            Some(&RELEASES),
            "{trigger}: read after the last write: {after:?}"
        );
    }
}

// ---------------------------------------------------------------- the race, inside a running apply (issue 22)
//
// Pipeline B runs from a mock hook: its whole plan-and-apply, with a client of its own,
// happens while one request of A's waits, so it lands exactly between two of A's requests.
// Each hook is `times(1)`, so B's own requests don't fire it again, and it is registered
// after A's plan, so it counts A's `apply` requests only (`skip(n)` picks the n+1-th).
// Nothing here can wait without bound: a hooked request waits for B's run, whose requests
// the server answers meanwhile, each within the client's timeout; the counting hooks of
// `window` don't wait at all.

/// What pipeline B's run gave, once the hook running it has fired.
type Outcome = Arc<Mutex<Option<Result<Applied, ReleaseError>>>>;

/// Registers `hook` (once) to run pipeline B: with its own client, B plans and applies
/// plugin-beta on whatever is active then, while the hooked request waits.
fn pipeline_b(server: &MockServer, hook: Hook) -> (HookId, Outcome) {
    let b = server.client().expect("B's client");
    let outcome: Outcome = Arc::default();
    let out = outcome.clone();
    let hook = hook.times(1).run(move || {
        let (b, out) = (b.clone(), out.clone());
        async move {
            let run = async {
                b.plugins()
                    .release()
                    .name("Pipeline B")
                    .upsert("plugin-beta", "1.0.0", url("plugin-beta", "1.0.0"))
                    .plan()
                    .await?
                    .apply()
                    .await
            };
            let result = run.await;
            *out.lock().unwrap() = Some(result);
        }
    });
    (server.hook(hook).expect("hook"), outcome)
}

/// B's release, after its hook fired once and B's run succeeded.
fn b_released(server: &MockServer, (id, outcome): &(HookId, Outcome)) -> Applied {
    assert_eq!(server.hook_runs(*id), 1, "B ran once");
    let result = outcome.lock().unwrap().take().expect("B ran to the end");
    let applied = result.unwrap_or_else(|e| panic!("B's release: {e}"));
    assert_eq!(steps(&applied.created).last(), Some(&Step::Release));
    applied
}

/// plugin-base released, then pipeline A's plan of plugin-alpha on it.
async fn base_and_plan_a(client: &Client) -> (Applied, ReleasePlan<'_>) {
    let base = release(client, &[("plugin-base", "1.0.0")], &[]).await;
    let a = client
        .plugins()
        .release()
        .name("Pipeline A")
        .upsert("plugin-alpha", "1.0.0", url("plugin-alpha", "1.0.0"))
        .plan()
        .await
        .unwrap();
    (base, a)
}

/// `err` is a stale plan made on `base` that found `b`'s release (plugin-beta added) active.
fn assert_stale(err: &ReleaseError, base: &Applied, b: &Applied, what: &str) {
    assert_eq!(err.step(), Step::Release, "{what}: {err}");
    let stale = err.stale().unwrap_or_else(|| panic!("{what}: {err:?}"));
    assert_eq!(stale.planned_on, base.release_sid, "{what}");
    assert_eq!(stale.active_now, b.release_sid, "{what}");
    assert_eq!(stale.active_configuration, b.configuration_sid, "{what}");
    assert_eq!(
        kinds(&stale.changed),
        [(ChangeKind::Add, "plugin-beta", "1.0.0")],
        "{what}"
    );
}

/// The configurations' names, in the order the mock lists them: the order they were made.
async fn configuration_names(client: &Client) -> Vec<String> {
    let page = client.list_plugin_configuration().send().await.unwrap();
    page.configurations
        .into_iter()
        .filter_map(|c| c.name)
        .collect()
}

/// Requests per operation.
type Counts = BTreeMap<String, u64>;

fn counts(server: &MockServer) -> Counts {
    server
        .stats()
        .into_iter()
        .map(|(op, s)| (op, s.requests))
        .collect()
}

/// The requests the server gets after the last `ListPluginRelease` before the next
/// `CreatePluginRelease`, that create included: the window in which another release can't
/// be seen. One hook keeps the counts at each read; one before the create (registered before
/// `pipeline_b`'s, so it fires first) stops the first and takes the difference.
fn window(server: &Arc<MockServer>) -> Arc<Mutex<Option<Counts>>> {
    let at_read: Arc<Mutex<Option<Counts>>> = Arc::default();
    let (weak, at) = (Arc::downgrade(server), at_read.clone());
    let read = server
        .hook(Hook::before("ListPluginRelease").run(move || {
            if let Some(s) = weak.upgrade() {
                *at.lock().unwrap() = Some(counts(&s));
            }
            async {}
        }))
        .unwrap();
    let between: Arc<Mutex<Option<Counts>>> = Arc::default();
    let (weak, out) = (Arc::downgrade(server), between.clone());
    server
        .hook(Hook::before("CreatePluginRelease").times(1).run(move || {
            if let Some(s) = weak.upgrade() {
                s.remove_hook(read);
                let since: Counts = match at_read.lock().unwrap().take() {
                    Some(read) => counts(&s)
                        .into_iter()
                        .map(|(op, n)| (n - read.get(&op).copied().unwrap_or(0), op))
                        .filter(|(d, _)| *d > 0)
                        .map(|(d, op)| (op, d))
                        .collect(),
                    None => Counts::from([("no ListPluginRelease before it".to_string(), 0)]),
                };
                *out.lock().unwrap() = Some(since);
            }
            async {}
        }))
        .unwrap();
    between
}

#[tokio::test]
async fn a_release_before_the_configuration_stops_apply_before_it_makes_one() {
    // B releases right before A's first read of apply, or earlier, while A creates
    // plugin-alpha's version.
    for op in ["ListPluginRelease", "CreatePluginVersion"] {
        let (server, client) = mock().await;
        let (base, a) = base_and_plan_a(&client).await;
        server.reset_counters();
        let b = pipeline_b(&server, Hook::before(op));

        let err = a.apply().await.expect_err(op);
        let b = b_released(&server, &b);
        assert_stale(&err, &base, &b, op);
        assert_eq!(steps(err.created()), [Step::Plugin, Step::Version], "{op}");
        // The configuration and release written are B's: A wrote neither.
        assert_eq!(
            configuration_names(&client).await,
            ["Deploy", "Pipeline B"],
            "{op}"
        );
        assert_eq!(server.requests("CreatePluginConfiguration"), 1, "{op}");
        assert_eq!(server.requests("CreatePluginRelease"), 1, "{op}");
        assert_eq!(server.count(CONFIGURATIONS).unwrap(), 2, "{op}");
        assert_eq!(server.count(RELEASES).unwrap(), 2, "{op}");
        assert_eq!(
            active_set(&client).await,
            pairs(&[("plugin-base", "1.0.0"), ("plugin-beta", "1.0.0")]),
            "{op}"
        );
    }
}

#[tokio::test]
async fn a_release_between_the_configuration_and_ours_is_caught_and_replan_releases_both() {
    // B releases right before A creates the configuration, or right before A's second read
    // of apply (the first is skipped), after the configuration.
    for (op, skip, made) in [
        ("CreatePluginConfiguration", 0, ["Pipeline B", "Pipeline A"]),
        ("ListPluginRelease", 1, ["Pipeline A", "Pipeline B"]),
    ] {
        let (server, client) = mock().await;
        let (base, a) = base_and_plan_a(&client).await;
        server.reset_counters();
        let b = pipeline_b(&server, Hook::before(op).skip(skip));

        let err = a.apply().await.expect_err(op);
        let b = b_released(&server, &b);
        assert_stale(&err, &base, &b, op);
        assert_eq!(
            steps(err.created()),
            [Step::Plugin, Step::Version, Step::Configuration],
            "{op}: {err}"
        );
        // A's configuration stays, unreleased; the only release written is B's. B ran
        // where the hook put it: before A's configuration, or after it.
        assert_eq!(
            configuration_names(&client).await,
            ["Deploy", made[0], made[1]],
            "{op}"
        );
        assert_eq!(server.requests("CreatePluginConfiguration"), 2, "{op}");
        assert_eq!(server.requests("CreatePluginRelease"), 1, "{op}");
        assert_eq!(server.count(RELEASES).unwrap(), 2, "{op}");
        assert_eq!(
            active_set(&client).await,
            pairs(&[("plugin-base", "1.0.0"), ("plugin-beta", "1.0.0")]),
            "{op}"
        );

        let retry = a.replan().await.unwrap();
        assert_eq!(
            retry.active().map(|r| &r.release_sid),
            b.release_sid.as_ref(),
            "{op}"
        );
        assert_eq!(
            retry.to_string(),
            "+ plugin-alpha 1.0.0\n= plugin-base 1.0.0\n= plugin-beta 1.0.0\n",
            "{op}"
        );
        let applied = retry.apply().await.unwrap();
        // Another set, so another configuration; plugin-alpha and its version are reused.
        assert_eq!(
            steps(&applied.created),
            [Step::Configuration, Step::Release],
            "{op}"
        );
        assert_eq!(
            active_set(&client).await,
            pairs(&[
                ("plugin-alpha", "1.0.0"),
                ("plugin-base", "1.0.0"),
                ("plugin-beta", "1.0.0")
            ]),
            "{op}"
        );
    }
}

/// The limit the module docs and the README state ("What can't be guarded"): with no
/// compare-and-swap, a release made after `apply`'s last read, before its
/// `CreatePluginRelease` arrives, is replaced by ours and its change is lost, unnoticed by
/// either pipeline. Pinned here: the window is that one request (nothing between the read
/// and the create), and what happens in it.
#[tokio::test]
async fn documented_limit_a_release_in_the_one_request_window_before_ours_is_replaced_by_ours() {
    let (server, client) = mock().await;
    let server = Arc::new(server);
    let (base, a) = base_and_plan_a(&client).await;
    let window = window(&server);
    let b = pipeline_b(&server, Hook::before("CreatePluginRelease"));

    let applied = a.apply().await.expect("A doesn't see B's release");
    let b = b_released(&server, &b);
    assert_eq!(
        steps(&applied.created),
        [
            Step::Plugin,
            Step::Version,
            Step::Configuration,
            Step::Release
        ]
    );
    assert_eq!(
        window.lock().unwrap().take(),
        Some(Counts::from([("CreatePluginRelease".to_string(), 1)])),
        "between apply's last read and its create"
    );
    // Newest first: A's release, active, over B's, which no longer runs.
    let releases = client.list_plugin_release().send().await.unwrap().releases;
    let sids: Vec<_> = releases.into_iter().map(|r| r.sid).collect();
    assert_eq!(sids, [applied.release_sid, b.release_sid, base.release_sid]);
    assert_eq!(
        active_set(&client).await,
        pairs(&[("plugin-alpha", "1.0.0"), ("plugin-base", "1.0.0")])
    );
}

/// A base of plugin-a 1.0.0, then plugin-a 2.0.0 over it; returns both releases.
async fn two_releases(client: &Client) -> (Applied, Applied) {
    let first = release(client, &[("plugin-a", "1.0.0")], &[]).await;
    let second = release(client, &[("plugin-a", "2.0.0")], &[]).await;
    (first, second)
}

/// A rollback to `first`: by `Plugins::rollback` or, `to`, `Plugins::rollback_to`.
async fn rollback_plan<'c>(client: &'c Client, first: &Applied, to: bool) -> ReleasePlan<'c> {
    let plugins = client.plugins();
    let plan = if to {
        plugins
            .rollback_to(first.release_sid.as_ref().unwrap().as_str())
            .await
    } else {
        plugins.rollback().await
    };
    let plan = plan.unwrap();
    assert_eq!(
        plan.rollback_configuration(),
        first.configuration_sid.as_ref()
    );
    plan
}

#[tokio::test]
async fn a_release_while_a_rollback_applies_is_caught_by_its_read_and_nothing_is_released() {
    for to in [false, true] {
        let (server, client) = mock().await;
        let (first, second) = two_releases(&client).await;
        let rollback = rollback_plan(&client, &first, to).await;
        server.reset_counters();
        // Before the rollback's one read of the active release.
        let b = pipeline_b(&server, Hook::before("ListPluginRelease"));

        let err = rollback.apply().await.expect_err("stale rollback");
        let b = b_released(&server, &b);
        assert_stale(
            &err,
            &second,
            &b,
            if to { "rollback_to" } else { "rollback" },
        );
        assert!(err.created().is_empty(), "{err}");
        assert_eq!(server.requests("CreatePluginRelease"), 1, "B's only");
        assert_eq!(server.count(RELEASES).unwrap(), 3);
        assert_eq!(
            active_set(&client).await,
            pairs(&[("plugin-a", "2.0.0"), ("plugin-beta", "1.0.0")])
        );
    }
}

/// The same documented limit for a rollback: its one read is right before its
/// `CreatePluginRelease`, and a release made in between is replaced by the rollback.
#[tokio::test]
async fn documented_limit_a_release_in_the_one_request_window_before_a_rollback_is_replaced() {
    for to in [false, true] {
        let (server, client) = mock().await;
        let server = Arc::new(server);
        let (first, _) = two_releases(&client).await;
        let rollback = rollback_plan(&client, &first, to).await;
        let window = window(&server);
        let b = pipeline_b(&server, Hook::before("CreatePluginRelease"));

        let applied = rollback
            .apply()
            .await
            .expect("the rollback doesn't see B's");
        b_released(&server, &b);
        assert_eq!(steps(&applied.created), [Step::Release]);
        assert_eq!(
            window.lock().unwrap().take(),
            Some(Counts::from([("CreatePluginRelease".to_string(), 1)])),
            "between the rollback's read and its create"
        );
        assert_eq!(server.count(RELEASES).unwrap(), 4);
        assert_eq!(applied.configuration_sid, first.configuration_sid);
        assert_eq!(active_set(&client).await, pairs(&[("plugin-a", "1.0.0")]));
    }
}

/// A release made while a rollback is planned, after it listed the releases (before it
/// fetches the active configuration): the plan stays on the release it listed, whose
/// configuration it read, and applying it refuses.
#[tokio::test]
async fn a_release_while_a_rollback_is_planned_keeps_its_listed_base_and_apply_refuses() {
    for to in [false, true] {
        let (server, client) = mock().await;
        let (first, second) = two_releases(&client).await;
        server.reset_counters();
        let b = pipeline_b(&server, Hook::before("FetchPluginConfiguration"));

        let rollback = rollback_plan(&client, &first, to).await;
        let b = b_released(&server, &b);
        assert_eq!(
            rollback.active().map(|r| &r.release_sid),
            second.release_sid.as_ref()
        );
        assert_eq!(rollback.rollback_release(), first.release_sid.as_ref());
        assert_eq!(rollback.to_string(), "+ plugin-a 1.0.0 (was 2.0.0)\n");

        let err = rollback.apply().await.expect_err("stale from the start");
        assert_stale(
            &err,
            &second,
            &b,
            if to { "rollback_to" } else { "rollback" },
        );
        assert!(err.created().is_empty(), "{err}");
        assert_eq!(server.requests("CreatePluginRelease"), 1, "B's only");
        assert_eq!(
            active_set(&client).await,
            pairs(&[("plugin-a", "2.0.0"), ("plugin-beta", "1.0.0")])
        );
    }
}

// ---------------------------------------------------------------- the futures are Send

#[tokio::test]
async fn plans_and_applies_run_on_spawned_tasks() {
    let (_server, client) = mock().await;
    let client = std::sync::Arc::new(client);
    let c = client.clone();
    let applied = tokio::spawn(async move {
        let plan = c
            .plugins()
            .release()
            .upsert("plugin-a", "1.0.0", url("plugin-a", "1.0.0"))
            .plan()
            .await?;
        plan.apply().await
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(applied.created.len(), 4);
    let _: Result<Option<_>, ReleaseError> =
        tokio::spawn(async move { client.plugins().active().await })
            .await
            .unwrap();
}

// ---------------------------------------------------------------- typed configuration items

#[tokio::test]
async fn typed_items_configure_plugins_and_a_bad_sid_is_refused_before_sending() {
    let (server, client) = mock().await;
    let plugin = client
        .create_plugin()
        .unique_name("plugin-a")
        .send()
        .await
        .unwrap();
    let fp = plugin.sid.unwrap();
    let version = client
        .create_plugin_version()
        .plugin_sid(fp.as_str())
        .version("1.0.0")
        .plugin_url(url("plugin-a", "1.0.0"))
        .send()
        .await
        .unwrap();
    let fv = version.sid.unwrap();
    let configuration = client
        .create_plugin_configuration()
        .name("typed")
        .plugins([PluginItem::new(&fv).phase(2)])
        .send()
        .await
        .unwrap();
    let fj = configuration.sid.unwrap();
    let configured = client
        .fetch_configured_plugin()
        .configuration_sid(fj.as_str())
        .plugin_sid(fp.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(configured.plugin_version_sid.as_ref(), Some(&fv));
    assert_eq!(configured.phase, Some(2));
    assert_eq!(configured.unique_name.as_deref(), Some("plugin-a"));

    let before = server.total_requests();
    let err = client
        .create_plugin_configuration()
        .name("typed")
        .plugins([PluginItem::new("FP0123456789abcdef0123456789abcdef")])
        .send()
        .await
        .expect_err("not a version SID");
    match err {
        Error::InvalidRequest { field, message, .. } => {
            assert_eq!(field, "Plugins");
            assert!(message.contains("Plugin Version"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.total_requests(), before);
    // The raw JSON escape hatch stays.
    client
        .create_plugin_configuration()
        .name("raw")
        .plugins([json!({"plugin_version": fv.as_str(), "phase": 1})])
        .send()
        .await
        .unwrap();
}

// ---------------------------------------------------------------- the mock's Plugin Service

/// Twilio's error body for what only the server can know.
#[track_caller]
fn api_error<T: std::fmt::Debug>(r: twilio_flex::Result<T>, status: u16, code: i64) -> String {
    match r {
        Err(Error::Api(e)) => {
            assert_eq!((e.status, e.code), (status, Some(code)), "{e}");
            assert!(e.more_info.is_some());
            e.message
        }
        other => panic!("expected HTTP {status} / {code}, got {other:?}"),
    }
}

#[tokio::test]
async fn the_mock_keeps_unique_names_and_versions_unique() {
    let (server, client) = mock().await;
    let a = client
        .create_plugin()
        .unique_name("plugin-a")
        .send()
        .await
        .unwrap();
    let m = api_error(
        client.create_plugin().unique_name("plugin-a").send().await,
        409,
        20409,
    );
    assert!(m.contains("plugin-a"), "{m}");
    assert_eq!(server.count(PLUGINS).unwrap(), 1);
    let b = client
        .create_plugin()
        .unique_name("plugin-b")
        .send()
        .await
        .unwrap();
    let version = |p: &str| {
        client
            .create_plugin_version()
            .plugin_sid(p)
            .version("1.0.0")
            .plugin_url(url("x", "1.0.0"))
    };
    let fa = a.sid.unwrap().to_string();
    version(&fa).send().await.unwrap();
    api_error(version(&fa).send().await, 409, 20409);
    // Unique per plugin: the same version string under another plugin is fine.
    version(b.sid.unwrap().as_str()).send().await.unwrap();
}

#[tokio::test]
async fn the_mock_links_configurations_configured_plugins_and_releases() {
    let (server, client) = mock().await;
    let mut versions = Vec::new();
    for name in ["plugin-a", "plugin-b"] {
        let p = client
            .create_plugin()
            .unique_name(name)
            .friendly_name(name.to_uppercase())
            .send()
            .await
            .unwrap();
        let fp = p.sid.unwrap().to_string();
        let v = client
            .create_plugin_version()
            .plugin_sid(&fp)
            .version("1.0.0")
            .plugin_url(url(name, "1.0.0"))
            .changelog("first")
            .send()
            .await
            .unwrap();
        versions.push((fp, v.sid.unwrap().to_string()));
    }
    // Items as Twilio's CLI sends them (JSON strings) and as objects; unknown keys ignored.
    let configuration = client
        .create_plugin_configuration()
        .name("two")
        .plugins([
            Value::String(json!({"plugin_version": versions[0].1, "phase": 3}).to_string()),
            json!({"plugin_version": versions[1].1, "migratable": true}),
        ])
        .send()
        .await
        .unwrap();
    let fj = configuration.sid.unwrap().to_string();
    let page = client
        .list_configured_plugin()
        .configuration_sid(&fj)
        .send()
        .await
        .unwrap();
    assert_eq!(page.plugins.len(), 2);
    let (a, b) = (&page.plugins[0], &page.plugins[1]);
    assert_eq!(
        a.plugin_sid.as_ref().map(|s| s.to_string()),
        Some(versions[0].0.clone())
    );
    assert_eq!(a.unique_name.as_deref(), Some("plugin-a"));
    assert_eq!(a.friendly_name.as_deref(), Some("PLUGIN-A"));
    assert_eq!(a.version.as_deref(), Some("1.0.0"));
    assert_eq!(a.changelog.as_deref(), Some("first"));
    assert_eq!(
        a.plugin_url.as_deref(),
        Some(url("plugin-a", "1.0.0").as_str())
    );
    assert_eq!(
        a.configuration_sid.as_ref().map(|s| s.to_string()),
        Some(fj.clone())
    );
    assert_eq!(
        (a.phase, b.phase),
        (Some(3), Some(0)),
        "phase defaults to 0"
    );
    assert_eq!(b.plugin_version_archived, Some(false));

    // Releases list newest first: the first is the active one.
    let mut releases = Vec::new();
    for _ in 0..3 {
        let r = client
            .create_plugin_release()
            .configuration_id(&fj)
            .send()
            .await
            .unwrap();
        releases.push(r.sid.unwrap().to_string());
    }
    let listed = client
        .list_plugin_release()
        .page_size(2)
        .send()
        .await
        .unwrap();
    let first_page: Vec<String> = listed
        .releases
        .iter()
        .map(|r| r.sid.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(first_page, [releases[2].clone(), releases[1].clone()]);
    {
        use futures::TryStreamExt;
        let all: Vec<String> = client
            .list_plugin_release()
            .page_size(2)
            .stream()
            .map_ok(|r| r.sid.unwrap().to_string())
            .try_collect()
            .await
            .unwrap();
        let newest_first: Vec<String> = releases.iter().rev().cloned().collect();
        assert_eq!(all, newest_first);
    }

    // Bad items, unknown or archived versions, one plugin twice: Twilio's 400, nothing stored.
    let count = server.count(CONFIGURATIONS).unwrap();
    let bad: [Value; 4] = [
        json!("not json"),
        json!({"phase": 3}),
        json!({"plugin_version": "FV0123456789abcdef0123456789abcdef"}),
        json!({"plugin_version": versions[0].1, "phase": "soon"}),
    ];
    for item in bad {
        let m = api_error(
            client
                .create_plugin_configuration()
                .name("bad")
                .plugins([item.clone()])
                .send()
                .await,
            400,
            20001,
        );
        assert!(m.contains("Plugins"), "{item}: {m}");
    }
    api_error(
        client
            .create_plugin_configuration()
            .name("twice")
            .plugins([
                json!({"plugin_version": versions[0].1}),
                json!({"plugin_version": versions[0].1}),
            ])
            .send()
            .await,
        400,
        20001,
    );
    client
        .update_plugin_version_archive()
        .plugin_sid(&versions[1].0)
        .sid(&versions[1].1)
        .send()
        .await
        .unwrap();
    let m = api_error(
        client
            .create_plugin_configuration()
            .name("archived version")
            .plugins([json!({"plugin_version": versions[1].1})])
            .send()
            .await,
        400,
        20001,
    );
    assert!(m.contains("archived"), "{m}");
    client
        .update_plugin_archive()
        .sid(&versions[0].0)
        .send()
        .await
        .unwrap();
    let m = api_error(
        client
            .create_plugin_configuration()
            .name("archived plugin")
            .plugins([json!({"plugin_version": versions[0].1})])
            .send()
            .await,
        400,
        20001,
    );
    assert!(m.contains("archived"), "{m}");
    assert_eq!(server.count(CONFIGURATIONS).unwrap(), count);

    // Releases need an existing, unarchived configuration.
    let releases_before = server.count(RELEASES).unwrap();
    api_error(
        client
            .create_plugin_release()
            .configuration_id("FJ0123456789abcdef0123456789abcdef")
            .send()
            .await,
        404,
        20404,
    );
    client
        .update_plugin_configuration_archive()
        .sid(&fj)
        .send()
        .await
        .unwrap();
    api_error(
        client
            .create_plugin_release()
            .configuration_id(&fj)
            .send()
            .await,
        400,
        20001,
    );
    assert_eq!(server.count(RELEASES).unwrap(), releases_before);
}

// ---------------------------------------------------------------- the exact requests

/// A scripted empty account: the requests of a first release, in order, each with
/// `Flex-Metadata`.
#[tokio::test]
async fn a_release_sends_its_requests_in_order_each_with_flex_metadata() {
    use common::{Reply, TestServer};
    const FP: &str = "FP0123456789abcdef0123456789abcdef";
    const FV: &str = "FV0123456789abcdef0123456789abcdef";
    const FJ: &str = "FJ0123456789abcdef0123456789abcdef";
    const FK: &str = "FK0123456789abcdef0123456789abcdef";
    let server = TestServer::start(|req, _| {
        let list = |key: &str| Reply::json(200, json!({key: [], "meta": {"key": key, "next_page_url": null}}));
        match (req.method.as_str(), req.path()) {
            ("GET", "/v1/PluginService/Releases") => list("releases"),
            ("GET", "/v1/PluginService/Plugins") => list("plugins"),
            ("GET", "/v1/PluginService/Configurations") => list("configurations"),
            ("GET", p) if p.ends_with("/Versions") => list("plugin_versions"),
            ("POST", "/v1/PluginService/Plugins") => {
                Reply::json(201, json!({"sid": FP, "unique_name": "plugin-a"}))
            }
            ("POST", p) if p.ends_with("/Versions") => Reply::json(
                201,
                json!({"sid": FV, "plugin_sid": FP, "version": "1.0.0", "plugin_url": url("plugin-a", "1.0.0")}),
            ),
            ("POST", "/v1/PluginService/Configurations") => {
                Reply::json(201, json!({"sid": FJ, "name": "Deploy"}))
            }
            ("POST", "/v1/PluginService/Releases") => {
                Reply::json(201, json!({"sid": FK, "configuration_sid": FJ}))
            }
            _ => Reply::json(404, json!({"code": 20404, "message": "not found", "status": 404})),
        }
    })
    .await;
    let client = server.client();
    let plan = client
        .plugins()
        .flex_metadata("ci-run-42")
        .release()
        .name("Deploy")
        .description("from CI")
        .upsert("plugin-a", "1.0.0", url("plugin-a", "1.0.0"))
        .plan()
        .await
        .unwrap();
    let planned = server.count();
    let applied = plan.apply().await.unwrap();
    assert_eq!(applied.release_sid.as_ref().map(|s| s.as_str()), Some(FK));

    let reqs = server.requests();
    assert!(reqs[..planned].iter().all(|r| r.method == "GET"));
    for r in &reqs {
        assert_eq!(
            r.header("flex-metadata"),
            Some("ci-run-42"),
            "{} {}",
            r.method,
            r.target
        );
    }
    let writes: Vec<String> = reqs
        .iter()
        .filter(|r| r.method == "POST")
        .map(|r| r.path().to_string())
        .collect();
    assert_eq!(
        writes,
        [
            "/v1/PluginService/Plugins".to_string(),
            format!("/v1/PluginService/Plugins/{FP}/Versions"),
            "/v1/PluginService/Configurations".to_string(),
            "/v1/PluginService/Releases".to_string(),
        ]
    );
    let last = reqs.last().unwrap();
    assert_eq!(
        (last.method.as_str(), last.path()),
        ("POST", "/v1/PluginService/Releases")
    );
    assert_eq!(
        last.form(),
        [("ConfigurationId".to_string(), FJ.to_string())]
    );

    let configuration = reqs
        .iter()
        .find(|r| r.method == "POST" && r.path() == "/v1/PluginService/Configurations")
        .unwrap()
        .form();
    let get = |k: &str| {
        configuration
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(get("Name"), ["Deploy"]);
    let description = get("Description").pop().unwrap();
    assert!(
        description.starts_with("from CI [twilio-flex "),
        "{description}"
    );
    let items = get("Plugins");
    assert_eq!(items.len(), 1);
    let item: Value = serde_json::from_str(&items[0]).unwrap();
    assert_eq!(item, json!({"plugin_version": FV, "phase": 3}));
}
