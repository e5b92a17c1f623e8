//! Fault soak (issue #7): mixed calls through one client with the default retry rules, against
//! the mock injecting transient faults (429 with `Retry-After` 0 or 1 s, 503, connection resets
//! before and after the write was applied, stalls longer than the client's timeout).
//!
//! Two runs, each 1,000 calls, loopback only, bounded in calls and time:
//!
//! * `scheduled_faults_…`: each call is faulted with probability 30 % (seeded RNG) on 1–3 of its
//!   attempts. Transient here means "clears within the retry budget" (3 retries), so every GET
//!   and DELETE must succeed, and every POST outcome is predicted exactly from its schedule.
//!   Calls run in lanes that own disjoint operations, so a call's fault rules (routed to its
//!   operation) only ever hit that call.
//! * `independent_faults_…`: the mock's own `Fault::probability` rules fault ~30 % of *requests*,
//!   retries included, with 8 calls in flight. An idempotent call then fails when all 4 attempts
//!   are faulted (0.3^4 ≈ 0.8 %): such failures must be retryable kinds and stay rare.
//!
//! Both check that no create is applied twice (unique names, store counts) and that every
//! failure is a typed error. Figures are printed (`-- --nocapture`).
//!
//! DELETE: a retried DELETE whose first attempt was applied (reset after apply) gets 404. As in
//! Twilio's semantics the resource is gone, so that 404 counts as success only if the record is
//! verifiably absent from the mock's store.
//!
//! Stalls: the client's overall `timeout` covers a call and all its retries; `attempt_timeout`
//! bounds each attempt, so a stalled GET/DELETE is abandoned and retried. The stall outlasts both.
#![cfg(feature = "mock")]

use futures::{StreamExt, TryStreamExt};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{Duration, Instant};
use twilio_flex::error::TransportKind;
use twilio_flex::mock::{Fault, FaultId, MockServer};
use twilio_flex::{Client, Credentials, Error, RetryPolicy};

const SEED: u64 = 0x7f1e_50a4;
const IS: &str = "IS0123456789abcdef0123456789abcdef";
/// Share of calls (scheduled run) or requests (independent run) that get a fault.
const FAULT_RATE: f64 = 0.30;
/// Per-attempt limit (the HTTP client's read timeout): a stalled attempt is given up and retried.
const ATTEMPT_TIMEOUT: Duration = Duration::from_millis(800);
/// Overall limit of one call, retries and waits included: fits a 1 s `Retry-After` + 2 stalled
/// attempts (the worst schedule), with room for a loaded machine.
const CALL_TIMEOUT: Duration = Duration::from_millis(3_500);
/// Longer than a whole call: a stalled attempt never answers in time.
const STALL: Duration = Duration::from_secs(4);
/// Both runs stop by themselves well before this.
const RUN_LIMIT: Duration = Duration::from_secs(150);

// ------------------------------------------------------------------------------ workload

#[derive(Debug, Clone)]
enum Call {
    CreateFlow(String),
    FetchFlow(String),
    ListFlows,
    UpdateFlow(String, String),
    DeleteFlow(String),
    CreateWebChannel(String, String),
    FetchWebChannel(String),
    ListWebChannels,
    UpdateWebChannel(String),
    DeleteWebChannel(String),
    CreatePlugin(String),
    FetchPlugin(String),
    ListPlugins,
    UpdatePlugin(String, String),
    FetchConfiguration,
    FetchProvisioning,
    CreateChannel(String, String),
    FetchChannel(String),
    ListChannels,
    DeleteChannel(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Fetch,
    List,
    Create,
    Update,
    Delete,
}

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Fetch => "GET fetch",
            Kind::List => "GET list",
            Kind::Create => "POST create",
            Kind::Update => "POST update",
            Kind::Delete => "DELETE",
        }
    }

    fn idempotent(self) -> bool {
        matches!(self, Kind::Fetch | Kind::List | Kind::Delete)
    }
}

impl Call {
    /// The operation id, as the mock's counters and fault routes name it.
    fn op(&self) -> &'static str {
        match self {
            Call::CreateFlow(_) => "CreateFlexFlow",
            Call::FetchFlow(_) => "FetchFlexFlow",
            Call::ListFlows => "ListFlexFlow",
            Call::UpdateFlow(..) => "UpdateFlexFlow",
            Call::DeleteFlow(_) => "DeleteFlexFlow",
            Call::CreateWebChannel(..) => "CreateWebChannel",
            Call::FetchWebChannel(_) => "FetchWebChannel",
            Call::ListWebChannels => "ListWebChannel",
            Call::UpdateWebChannel(_) => "UpdateWebChannel",
            Call::DeleteWebChannel(_) => "DeleteWebChannel",
            Call::CreatePlugin(_) => "CreatePlugin",
            Call::FetchPlugin(_) => "FetchPlugin",
            Call::ListPlugins => "ListPlugin",
            Call::UpdatePlugin(..) => "UpdatePlugin",
            Call::FetchConfiguration => "FetchConfiguration",
            Call::FetchProvisioning => "FetchProvisioningStatus",
            Call::CreateChannel(..) => "CreateChannel",
            Call::FetchChannel(_) => "FetchChannel",
            Call::ListChannels => "ListChannel",
            Call::DeleteChannel(_) => "DeleteChannel",
        }
    }

    fn kind(&self) -> Kind {
        match self {
            Call::CreateFlow(_)
            | Call::CreateWebChannel(..)
            | Call::CreatePlugin(_)
            | Call::CreateChannel(..) => Kind::Create,
            Call::FetchFlow(_)
            | Call::FetchWebChannel(_)
            | Call::FetchPlugin(_)
            | Call::FetchConfiguration
            | Call::FetchProvisioning
            | Call::FetchChannel(_) => Kind::Fetch,
            Call::ListFlows | Call::ListWebChannels | Call::ListPlugins | Call::ListChannels => {
                Kind::List
            }
            Call::UpdateFlow(..) | Call::UpdateWebChannel(_) | Call::UpdatePlugin(..) => {
                Kind::Update
            }
            Call::DeleteFlow(_) | Call::DeleteWebChannel(_) | Call::DeleteChannel(_) => {
                Kind::Delete
            }
        }
    }

    /// The record a DELETE removes, as a mock store path.
    fn deleted_path(&self) -> Option<String> {
        match self {
            Call::DeleteFlow(s) => Some(format!("/v1/FlexFlows/{s}")),
            Call::DeleteWebChannel(s) => Some(format!("/v1/WebChannels/{s}")),
            Call::DeleteChannel(s) => Some(format!("/v1/Channels/{s}")),
            _ => None,
        }
    }

    /// Lane for the scheduled run: lanes own disjoint sets of operations.
    fn lane(&self) -> usize {
        match self {
            Call::CreateFlow(_) | Call::ListFlows => 0,
            Call::FetchFlow(_) | Call::UpdateFlow(..) | Call::DeleteFlow(_) => 1,
            Call::CreateWebChannel(..)
            | Call::FetchWebChannel(_)
            | Call::ListWebChannels
            | Call::UpdateWebChannel(_)
            | Call::DeleteWebChannel(_) => 2,
            Call::CreatePlugin(_)
            | Call::FetchPlugin(_)
            | Call::ListPlugins
            | Call::UpdatePlugin(..)
            | Call::FetchConfiguration
            | Call::FetchProvisioning => 3,
            Call::CreateChannel(..)
            | Call::FetchChannel(_)
            | Call::ListChannels
            | Call::DeleteChannel(_) => 4,
        }
    }
}
const LANES: usize = 5;

async fn send(client: &Client, call: &Call) -> twilio_flex::Result<()> {
    match call {
        Call::CreateFlow(name) => client
            .create_flex_flow()
            .friendly_name(name.as_str())
            .chat_service_sid(IS)
            .channel_type("web")
            .send()
            .await
            .map(drop),
        Call::FetchFlow(sid) => client.fetch_flex_flow().sid(sid).send().await.map(drop),
        Call::ListFlows => client.list_flex_flow().page_size(20).send().await.map(drop),
        Call::UpdateFlow(sid, name) => client
            .update_flex_flow()
            .sid(sid)
            .friendly_name(name.as_str())
            .send()
            .await
            .map(drop),
        Call::DeleteFlow(sid) => client.delete_flex_flow().sid(sid).send().await,
        Call::CreateWebChannel(flow, identity) => client
            .create_web_channel()
            .flex_flow_sid(flow)
            .identity(identity.as_str())
            .customer_friendly_name("soak customer")
            .chat_friendly_name("soak chat")
            .send()
            .await
            .map(drop),
        Call::FetchWebChannel(sid) => client.fetch_web_channel().sid(sid).send().await.map(drop),
        Call::ListWebChannels => client
            .list_web_channel()
            .page_size(20)
            .send()
            .await
            .map(drop),
        Call::UpdateWebChannel(sid) => client
            .update_web_channel()
            .sid(sid)
            .post_engagement_data("{\"soak\":true}")
            .send()
            .await
            .map(drop),
        Call::DeleteWebChannel(sid) => client.delete_web_channel().sid(sid).send().await,
        Call::CreatePlugin(unique) => client
            .create_plugin()
            .unique_name(unique.as_str())
            .friendly_name("soak plugin")
            .send()
            .await
            .map(drop),
        Call::FetchPlugin(sid) => client
            .fetch_plugin()
            .sid(sid.as_str())
            .send()
            .await
            .map(drop),
        Call::ListPlugins => client.list_plugin().page_size(20).send().await.map(drop),
        Call::UpdatePlugin(sid, description) => client
            .update_plugin()
            .sid(sid.as_str())
            .description(description.as_str())
            .send()
            .await
            .map(drop),
        Call::FetchConfiguration => client.fetch_configuration().send().await.map(drop),
        Call::FetchProvisioning => client.fetch_provisioning_status().send().await.map(drop),
        Call::CreateChannel(flow, identity) => client
            .create_channel()
            .flex_flow_sid(flow)
            .identity(identity.as_str())
            .chat_user_friendly_name("soak user")
            .chat_friendly_name("soak chat")
            .send()
            .await
            .map(drop),
        Call::FetchChannel(sid) => client.fetch_channel().sid(sid).send().await.map(drop),
        Call::ListChannels => client.list_channel().page_size(20).send().await.map(drop),
        Call::DeleteChannel(sid) => client.delete_channel().sid(sid).send().await,
    }
}

/// Seeded records and the 1,000 calls on them. Every record a call deletes is deleted by that
/// call only and is never fetched or updated, so a GET never races a DELETE.
struct Workload {
    calls: Vec<Call>,
    seeded: BTreeMap<&'static str, usize>,
}

fn workload(server: &MockServer, rng: &mut fastrand::Rng, tag: &str) -> Workload {
    let mut seeded = BTreeMap::new();
    let mut seed = |path: &'static str, n: usize| {
        seeded.insert(path, n);
        server.seed(path, n).expect("seed")
    };
    let flows = seed("/v1/FlexFlows", 120);
    let (flow_read, flow_del) = flows.split_at(60);
    let webs = seed("/v1/WebChannels", 70);
    let (web_read, web_del) = webs.split_at(30);
    let plugins = seed("/v1/PluginService/Plugins", 30);
    let channels = seed("/v1/Channels", 50);
    let (chan_read, chan_del) = channels.split_at(20);

    let pick = |v: &[String], rng: &mut fastrand::Rng| v[rng.usize(..v.len())].clone();
    let mut calls = Vec::with_capacity(1_000);
    let mut add = |n: usize, make: &dyn Fn(usize, &mut fastrand::Rng) -> Call| {
        calls.extend((0..n).map(|i| make(i, rng)));
    };
    // Flex Flows: 150 creates, 60 lists, 120 fetches, 60 updates, 60 deletes.
    add(150, &|i, _| {
        Call::CreateFlow(format!("soak-{tag}-flow-{i}"))
    });
    add(60, &|_, _| Call::ListFlows);
    add(120, &|_, r| Call::FetchFlow(pick(flow_read, r)));
    add(60, &|i, r| {
        Call::UpdateFlow(pick(flow_read, r), format!("renamed-{i}"))
    });
    add(60, &|i, _| Call::DeleteFlow(flow_del[i].clone()));
    // Web Channels: 40 creates, 30 lists, 60 fetches, 40 updates, 40 deletes.
    add(40, &|i, r| {
        Call::CreateWebChannel(pick(flow_read, r), format!("soak-{tag}-web-{i}"))
    });
    add(30, &|_, _| Call::ListWebChannels);
    add(60, &|_, r| Call::FetchWebChannel(pick(web_read, r)));
    add(40, &|_, r| Call::UpdateWebChannel(pick(web_read, r)));
    add(40, &|i, _| Call::DeleteWebChannel(web_del[i].clone()));
    // Plugins, Configuration, provisioning status: 40 creates, 30 lists, 110 fetches, 40 updates.
    add(40, &|i, _| {
        Call::CreatePlugin(format!("soak-{tag}-plugin-{i}"))
    });
    add(30, &|_, _| Call::ListPlugins);
    add(60, &|_, r| Call::FetchPlugin(pick(&plugins, r)));
    add(40, &|i, r| {
        Call::UpdatePlugin(pick(&plugins, r), format!("v{i}"))
    });
    add(30, &|_, _| Call::FetchConfiguration);
    add(20, &|_, _| Call::FetchProvisioning);
    // Channels: 30 creates, 20 lists, 40 fetches, 30 deletes.
    add(30, &|i, r| {
        Call::CreateChannel(pick(flow_read, r), format!("soak-{tag}-chan-{i}"))
    });
    add(20, &|_, _| Call::ListChannels);
    add(40, &|_, r| Call::FetchChannel(pick(chan_read, r)));
    add(30, &|i, _| Call::DeleteChannel(chan_del[i].clone()));
    rng.shuffle(&mut calls);
    assert_eq!(calls.len(), 1_000);
    Workload { calls, seeded }
}

// ------------------------------------------------------------------------------ faults

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum FaultKind {
    RateLimited0s,
    RateLimited1s,
    Unavailable,
    Reset,
    ResetAfterApply,
    Stall,
}

impl FaultKind {
    fn fault(self) -> Fault {
        match self {
            FaultKind::RateLimited0s => Fault::rate_limited(0),
            FaultKind::RateLimited1s => Fault::rate_limited(1),
            FaultKind::Unavailable => Fault::status(503),
            FaultKind::Reset => Fault::reset(),
            FaultKind::ResetAfterApply => Fault::reset().after_apply(),
            FaultKind::Stall => Fault::latency(STALL),
        }
    }

    /// What a POST ends with when this fault hits it: `None` if it is retried (429), else the
    /// outcome and whether the write was applied. A stalled write is never applied: the mock's
    /// handler is dropped with the connection the client gave up on.
    fn ends_post(self) -> Option<(Outcome, bool)> {
        match self {
            FaultKind::RateLimited0s | FaultKind::RateLimited1s => None,
            FaultKind::Unavailable => Some((Outcome::Api(503), false)),
            FaultKind::Reset => Some((Outcome::Transport, false)),
            FaultKind::ResetAfterApply => Some((Outcome::Transport, true)),
            FaultKind::Stall => Some((Outcome::Timeout, false)),
        }
    }
}

/// 1–3 faulted attempts for ~30 % of calls: never more than the 3 retries can absorb, and at
/// most one 1 s `Retry-After` per call (keeps the run short and within the call timeout).
fn schedule(rng: &mut fastrand::Rng) -> Vec<FaultKind> {
    if rng.f64() >= FAULT_RATE {
        return Vec::new();
    }
    let n = match rng.u32(0..10) {
        0..=5 => 1,
        6..=8 => 2,
        _ => 3,
    };
    let mut out: Vec<FaultKind> = Vec::with_capacity(n);
    while out.len() < n {
        let kind = match rng.u32(0..100) {
            0..=29 => FaultKind::RateLimited0s,
            30..=33 => FaultKind::RateLimited1s,
            34..=57 => FaultKind::Unavailable,
            58..=75 => FaultKind::Reset,
            76..=87 => FaultKind::ResetAfterApply,
            _ => FaultKind::Stall,
        };
        if kind == FaultKind::RateLimited1s && out.contains(&kind) {
            continue;
        }
        out.push(kind);
    }
    out
}

// ------------------------------------------------------------------------------ outcomes

/// A call's result, classified. Every `Error` variant is matched: an untyped failure can't hide.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Outcome {
    Ok,
    /// DELETE answered 404 after a retry, and the record is gone.
    GoneAfterRetry,
    Api(u16),
    Timeout,
    Transport,
    Unexpected(String),
}

fn classify(result: &twilio_flex::Result<()>) -> Outcome {
    let Err(e) = result else {
        return Outcome::Ok;
    };
    match e {
        Error::Api(t) => Outcome::Api(t.status),
        Error::Transport { kind, .. } if *kind == TransportKind::Timeout => Outcome::Timeout,
        Error::Transport { .. } => Outcome::Transport,
        Error::InvalidRequest { .. }
        | Error::Decode { .. }
        | Error::BodyTooLarge { .. }
        | Error::Config { .. }
        | Error::Pagination { .. } => Outcome::Unexpected(e.to_string()),
        // `Error` is non-exhaustive: a variant added later must be looked at here.
        _ => Outcome::Unexpected(format!("unknown error variant: {e:?}")),
    }
}

impl Outcome {
    /// A typed error that retrying could have cleared: what an exhausted retry budget leaves.
    fn retryable(&self) -> bool {
        matches!(
            self,
            Outcome::Api(429 | 502 | 503 | 504) | Outcome::Timeout | Outcome::Transport
        )
    }
}

struct Record {
    call: Call,
    outcome: Outcome,
}

/// A 404 on DELETE is success only when the record is really gone.
fn settle_delete(server: &MockServer, call: &Call, outcome: Outcome) -> Outcome {
    match (call.deleted_path(), &outcome) {
        (Some(path), Outcome::Api(404)) if server.get(&path).is_none() => Outcome::GoneAfterRetry,
        _ => outcome,
    }
}

fn client_for(server: &MockServer) -> Client {
    // Only timing differs from the defaults; the rules (what is retried, 3 retries,
    // `Retry-After` honoured up to 20 s) are the default policy's.
    let policy =
        RetryPolicy::default().backoff(Duration::from_millis(5), Duration::from_millis(50));
    assert_eq!(policy.retries(), RetryPolicy::default().retries());
    Client::builder()
        .base_url(server.url())
        .credentials(Credentials::auth_token(
            MockServer::ACCOUNT_SID,
            MockServer::AUTH_TOKEN,
        ))
        .timeout(CALL_TIMEOUT)
        .attempt_timeout(ATTEMPT_TIMEOUT)
        .connect_timeout(Duration::from_secs(1))
        .retry(policy)
        .build()
        .expect("client")
}

// ------------------------------------------------------------------------------ checks

/// No create applied twice, store counts consistent with what was applied.
async fn check_store(server: &MockServer, w: &Workload, records: &[Record], tag: &str) -> String {
    let verify = server.client().expect("client");
    let applied = |op: &str| server.applied(op) as usize;
    let calls_of = |pred: &dyn Fn(&Call) -> bool| records.iter().filter(|r| pred(&r.call)).count();
    let ok_of = |pred: &dyn Fn(&Call) -> bool| {
        records
            .iter()
            .filter(|r| pred(&r.call) && r.outcome == Outcome::Ok)
            .count()
    };

    // Flex Flows and Plugins: each create carries a unique name; no name may appear twice, and
    // every create that returned Ok must be there.
    let flows: Vec<_> = verify
        .list_flex_flow()
        .page_size(1000)
        .stream()
        .try_collect()
        .await
        .expect("list flows");
    let plugins: Vec<_> = verify
        .list_plugin()
        .page_size(1000)
        .stream()
        .try_collect()
        .await
        .expect("list plugins");
    let flow_names: Vec<String> = flows
        .iter()
        .filter_map(|f| f.friendly_name.clone())
        .filter(|n| n.starts_with(&format!("soak-{tag}-flow-")))
        .collect();
    let plugin_names: Vec<String> = plugins
        .iter()
        .filter_map(|p| p.unique_name.clone())
        .filter(|n| n.starts_with(&format!("soak-{tag}-plugin-")))
        .collect();
    for (what, names, op) in [
        ("Flex Flow", &flow_names, "CreateFlexFlow"),
        ("Plugin", &plugin_names, "CreatePlugin"),
    ] {
        let unique: HashSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "a {what} was created twice");
        assert_eq!(
            names.len(),
            applied(op),
            "{what}s stored vs creates applied"
        );
        for r in records {
            let name = match &r.call {
                Call::CreateFlow(n) | Call::CreatePlugin(n) if r.call.op() == op => n,
                _ => continue,
            };
            if r.outcome == Outcome::Ok {
                assert!(
                    unique.contains(name),
                    "{what} {name} returned Ok but is missing"
                );
            }
        }
    }

    // Every collection: seeded + creates applied - deletes applied, and no create call applied
    // more than once (applied ≤ calls; ≥ the ones that returned Ok).
    let collections: [(&str, &str, Option<&str>); 4] = [
        ("/v1/FlexFlows", "CreateFlexFlow", Some("DeleteFlexFlow")),
        (
            "/v1/WebChannels",
            "CreateWebChannel",
            Some("DeleteWebChannel"),
        ),
        ("/v1/PluginService/Plugins", "CreatePlugin", None),
        ("/v1/Channels", "CreateChannel", Some("DeleteChannel")),
    ];
    let mut lost = 0;
    for (path, create, delete) in collections {
        let creates = calls_of(&|c| c.op() == create);
        let ok = ok_of(&|c| c.op() == create);
        let (created, deleted) = (applied(create), delete.map_or(0, applied));
        assert!(
            ok <= created && created <= creates,
            "{create}: {ok} Ok ≤ {created} applied ≤ {creates} calls"
        );
        lost += created - ok;
        assert_eq!(
            server.count(path).expect("count"),
            w.seeded[path] + created - deleted,
            "{path}"
        );
        if let Some(delete) = delete {
            let calls = calls_of(&|c| c.op() == delete);
            assert!(
                deleted <= calls,
                "{delete}: {deleted} applied > {calls} calls"
            );
        }
    }
    // Every DELETE that succeeded left its record gone.
    for r in records {
        if let (Some(path), Outcome::Ok | Outcome::GoneAfterRetry) =
            (r.call.deleted_path(), &r.outcome)
        {
            assert!(server.get(&path).is_none(), "{path} still there");
        }
    }
    format!("duplicates 0; creates applied whose response was lost: {lost}")
}

fn report(
    title: &str,
    records: &[Record],
    requests: u64,
    faults: u64,
    elapsed: Duration,
    extra: &str,
) -> BTreeMap<Kind, (usize, usize)> {
    let calls = records.len() as u64;
    let mut by_kind: BTreeMap<Kind, (usize, usize)> = BTreeMap::new();
    let mut outcomes: BTreeMap<(Kind, Outcome), usize> = BTreeMap::new();
    for r in records {
        let k = r.call.kind();
        let e = by_kind.entry(k).or_default();
        e.0 += 1;
        if matches!(r.outcome, Outcome::Ok | Outcome::GoneAfterRetry) {
            e.1 += 1;
        }
        *outcomes.entry((k, r.outcome.clone())).or_default() += 1;
    }
    let mut out = format!(
        "\n== {title}\n{calls} calls, {requests} requests, {faults} faults injected \
         ({:.1} % of requests), {} retries, {:.1} s\n",
        100.0 * faults as f64 / requests as f64,
        requests - calls,
        elapsed.as_secs_f64()
    );
    for (k, (n, ok)) in &by_kind {
        let detail: Vec<String> = outcomes
            .iter()
            .filter(|((kind, o), _)| kind == k && *o != Outcome::Ok)
            .map(|((_, o), c)| format!("{o:?} {c}"))
            .collect();
        out.push_str(&format!(
            "  {:<12} {n:>4} calls  {ok:>4} ok  {:>6.2} %  {}\n",
            k.label(),
            100.0 * *ok as f64 / *n as f64,
            detail.join(", ")
        ));
    }
    out.push_str(&format!("  {extra}\n"));
    println!("{out}");
    by_kind
}

// ------------------------------------------------------------------------------ the runs

/// Each faulted call gets its schedule as one-shot rules routed to its operation: rule `k`
/// skips `k` requests, so it hits exactly attempt `k + 1`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scheduled_faults_1000_calls_gets_and_deletes_always_succeed_posts_never_duplicate() {
    tokio::time::timeout(RUN_LIMIT, scheduled_run())
        .await
        .expect("the soak finishes within its time limit");
}

async fn scheduled_run() {
    let server = MockServer::builder().seed(SEED).start().await.unwrap();
    let mut rng = fastrand::Rng::with_seed(SEED);
    let w = workload(&server, &mut rng, "a");
    let client = client_for(&server);
    let start = Instant::now();

    let mut lanes: Vec<Vec<Call>> = vec![Vec::new(); LANES];
    for c in &w.calls {
        lanes[c.lane()].push(c.clone());
    }
    let lane_runs = lanes.into_iter().enumerate().map(|(i, calls)| {
        let (server, client) = (&server, &client);
        let mut rng = fastrand::Rng::with_seed(SEED ^ (i as u64 + 1));
        async move {
            let mut records = Vec::with_capacity(calls.len());
            let mut faults: HashMap<FaultKind, u64> = HashMap::new();
            let mut last_stall = None;
            let mut faulted = 0;
            for call in calls {
                let op = call.op();
                let plan = schedule(&mut rng);
                faulted += usize::from(!plan.is_empty());
                let applied_before = server.applied(op);
                let ids: Vec<(FaultKind, FaultId)> = plan
                    .iter()
                    .enumerate()
                    .map(|(k, f)| {
                        let fault = f.fault().route(op).skip(k as u64).times(1);
                        (*f, server.fault(fault).expect("fault"))
                    })
                    .collect();
                let result = send(client, &call).await;
                for (kind, id) in ids {
                    let hits = server.fault_hits(id);
                    *faults.entry(kind).or_default() += hits;
                    if kind == FaultKind::Stall && hits > 0 {
                        last_stall = Some(Instant::now());
                    }
                    server.remove_fault(id);
                }
                let outcome = settle_delete(server, &call, classify(&result));
                let applied = server.applied(op) - applied_before;

                // What the default rules promise for this schedule.
                let kind = call.kind();
                if kind.idempotent() {
                    let expected =
                        if plan.contains(&FaultKind::ResetAfterApply) && kind == Kind::Delete {
                            Outcome::GoneAfterRetry
                        } else {
                            Outcome::Ok
                        };
                    assert_eq!(
                        outcome, expected,
                        "{call:?} with faults {plan:?}: {result:?}"
                    );
                    if kind == Kind::Delete {
                        assert_eq!(applied, 1, "{call:?} with faults {plan:?}");
                    }
                } else {
                    let (expected, was_applied) = plan
                        .iter()
                        .find_map(|f| f.ends_post())
                        .unwrap_or((Outcome::Ok, true));
                    assert_eq!(
                        outcome, expected,
                        "{call:?} with faults {plan:?}: {result:?}"
                    );
                    assert_eq!(
                        applied,
                        u64::from(was_applied),
                        "{call:?} with faults {plan:?}: applied {applied} times"
                    );
                }
                records.push(Record { call, outcome });
            }
            (records, faults, last_stall, faulted)
        }
    });
    let mut records = Vec::new();
    let mut faults: BTreeMap<FaultKind, u64> = BTreeMap::new();
    let mut last_stall: Option<Instant> = None;
    let mut faulted_calls = 0;
    for (r, f, s, n) in futures::future::join_all(lane_runs).await {
        records.extend(r);
        faulted_calls += n;
        for (k, n) in f {
            *faults.entry(k).or_default() += n;
        }
        last_stall = last_stall.max(s);
    }
    let elapsed = start.elapsed();
    let requests = server.total_requests();
    // A stalled request is still asleep in the mock; let it finish (or be dropped) before
    // reading the store, so a late write would be seen.
    if let Some(at) = last_stall {
        tokio::time::sleep_until((at + STALL + Duration::from_millis(200)).into()).await;
    }
    server.clear_faults();
    let store = check_store(&server, &w, &records, "a").await;
    let total: u64 = faults.values().sum();
    let by_kind = report(
        "fault soak, scheduled faults (30 % of calls, 1-3 faulted attempts each)",
        &records,
        requests,
        total,
        elapsed,
        &format!(
            "faulted calls {faulted_calls} ({:.1} %); faults by kind: {faults:?}; {store}",
            100.0 * faulted_calls as f64 / records.len() as f64
        ),
    );
    for (k, (n, ok)) in by_kind {
        if k.idempotent() {
            assert_eq!(n, ok, "{} must always succeed", k.label());
        }
    }
    let share = faulted_calls as f64 / records.len() as f64;
    assert!((0.25..0.35).contains(&share), "faulted share {share}");
}

/// The mock's probability rules, one seeded RNG, 8 calls in flight: faults hit requests
/// independently, retries included.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn independent_faults_1000_calls_8_in_flight() {
    tokio::time::timeout(RUN_LIMIT, independent_run())
        .await
        .expect("the soak finishes within its time limit");
}

async fn independent_run() {
    let server = MockServer::builder().seed(SEED).start().await.unwrap();
    let mut rng = fastrand::Rng::with_seed(SEED ^ 0xb);
    let w = workload(&server, &mut rng, "b");
    let client = client_for(&server);
    // Per request: 1 - (0.88 · 0.99 · 0.92 · 0.95 · 0.96 · 0.97) ≈ 29.5 % get a fault.
    let rules: Vec<(FaultKind, f64)> = vec![
        (FaultKind::RateLimited0s, 0.12),
        (FaultKind::RateLimited1s, 0.01),
        (FaultKind::Unavailable, 0.08),
        (FaultKind::Reset, 0.05),
        (FaultKind::ResetAfterApply, 0.04),
        (FaultKind::Stall, 0.03),
    ];
    let ids: Vec<(FaultKind, FaultId)> = rules
        .iter()
        .map(|(k, p)| (*k, server.fault(k.fault().probability(*p)).unwrap()))
        .collect();
    let start = Instant::now();
    let records: Vec<Record> = futures::stream::iter(w.calls.iter().cloned())
        .map(|call| {
            let (server, client) = (&server, &client);
            async move {
                let result = send(client, &call).await;
                let outcome = settle_delete(server, &call, classify(&result));
                Record { call, outcome }
            }
        })
        .buffer_unordered(8)
        .collect()
        .await;
    let elapsed = start.elapsed();
    let requests = server.total_requests();
    let faults: BTreeMap<FaultKind, u64> = ids
        .iter()
        .map(|(k, id)| (*k, server.fault_hits(*id)))
        .collect();
    server.clear_faults();
    // Stalled requests are asleep in the mock for up to `STALL`; wait them out.
    tokio::time::sleep(STALL + Duration::from_millis(200)).await;
    let store = check_store(&server, &w, &records, "b").await;
    let total: u64 = faults.values().sum();
    let by_kind = report(
        "fault soak, independent faults (~30 % of requests, 8 calls in flight)",
        &records,
        requests,
        total,
        elapsed,
        &format!("faults by kind: {faults:?}; {store}"),
    );
    for r in &records {
        assert!(
            !matches!(r.outcome, Outcome::Unexpected(_)),
            "untyped or unexpected failure: {:?} -> {:?}",
            r.call,
            r.outcome
        );
        if r.call.kind().idempotent() && !matches!(r.outcome, Outcome::Ok | Outcome::GoneAfterRetry)
        {
            // Only an exhausted retry budget may fail a GET or DELETE.
            assert!(r.outcome.retryable(), "{:?} -> {:?}", r.call, r.outcome);
        }
    }
    // 0.3^4 ≈ 0.8 % expected; 3 % leaves room for chance without hiding a broken retry path.
    let (n, ok) = by_kind
        .iter()
        .filter(|(k, _)| k.idempotent())
        .fold((0, 0), |(n, ok), (_, (a, b))| (n + a, ok + b));
    assert!(
        ok as f64 >= 0.97 * n as f64,
        "GET/DELETE: {ok} of {n} succeeded"
    );
    let rate = total as f64 / requests as f64;
    assert!((0.2..0.4).contains(&rate), "fault rate {rate}");
}
