//! An in-process, stateful fake of the Flex v1 API (feature `mock`).
//!
//! Everything it does is derived from the vendored OpenAPI spec
//! (`spec/flex_v1.yaml`): routes, resources and their nesting, SID prefixes,
//! response shapes (records start from the spec's response examples),
//! list keys and paging, and the validation rules Twilio applies.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use twilio_flex::mock::{Fault, MockServer};
//!
//! let server = MockServer::start().await?;
//! // 1,000 Flex Flows, ready to page through.
//! let sids = server.seed("/v1/FlexFlows", 1_000)?;
//! // The next create fails with a 503; count what reaches the server.
//! server.fault(Fault::status(503).route("CreateFlexFlow").times(1))?;
//! let client = server.client()?;
//! # let _ = (sids, client);
//! assert_eq!(server.applied("CreateFlexFlow"), 0);
//! # Ok(()) }
//! ```
//!
//! The Plugin Service also follows the rules Twilio's service has and its spec doesn't say:
//! a configuration's `Plugins` become its configured plugins, plugin unique names (per
//! account) and versions (per plugin) are unique (409), archived plugins, versions and
//! configurations can't be configured or released (400), releases and versions list newest
//! first.
//!
//! Requests need HTTP Basic auth with [`MockServer::ACCOUNT_SID`] and
//! [`MockServer::AUTH_TOKEN`] (else 401, code 20003). Invalid parameters get
//! a 400 with code 20001 naming the parameter; unknown SIDs and routes a 404
//! with code 20404.
//!
//! The Flex Configuration (`/v1/Configuration`) is served as Twilio serves it: its
//! update takes a JSON body carrying `account_sid` equal to the account (else 400,
//! code 20001), replaces each writable property it names whole (no deep merge of
//! JSON properties), ignores read-only ones and moves `date_updated` forward on
//! every change. [`MockServer::set_configuration`] changes it behind a client's
//! back, to test `Error::Conflict`.

mod client;
mod configuration;
mod faults;
mod handler;
mod net;
mod plugins;
mod record;
mod spec_model;
mod store;
mod validate;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use base64::Engine as _;
use bytes::Bytes;
use serde_json::{Map, Value};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use faults::{Fault, FaultId};

use handler::{OpCounters, Shared, gen_id};
use net::{ConnHandle, MockListener};
use record::{now, render};
use spec_model::{Role, spec};
use store::Store;

/// Errors from setting up or driving a [`MockServer`] (never from requests:
/// those get HTTP error responses).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MockError {
    /// The embedded OpenAPI document could not be parsed.
    #[error("the embedded OpenAPI spec could not be loaded: {0}")]
    Spec(String),
    /// [`MockServer::start`] was called outside a Tokio runtime.
    #[error("MockServer must be started inside a Tokio runtime")]
    NoRuntime,
    /// Binding the local listener failed.
    #[error("could not bind the mock server: {0}")]
    Io(#[from] std::io::Error),
    /// No route of the spec matches this path or operation selector.
    #[error("no route or operation in the spec matches {0:?}")]
    UnknownRoute(String),
    /// The path exists but is not a collection (seeding needs one).
    #[error("{0:?} is not a collection path")]
    NotACollection(String),
    /// A parent SID in the path does not name an existing record.
    #[error("the parent resource of {0:?} does not exist")]
    ParentNotFound(String),
    /// Seed fields were not a JSON object.
    #[error("invalid seed fields: {0}")]
    InvalidFields(String),
}

/// Request counters of one operation, see [`MockServer::stats`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpStats {
    /// Requests routed to the operation (including rejected and faulted ones).
    pub requests: u64,
    /// Successful state changes (creates, updates, deletes, actions) applied.
    pub applied: u64,
}

/// Configures a [`MockServer`] before starting it.
#[derive(Debug, Clone, Default)]
pub struct MockServerBuilder {
    seed: Option<u64>,
}

impl MockServerBuilder {
    /// Seeds the RNGs used for SIDs and probabilistic faults, for
    /// reproducible runs. Without it a random seed is used.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Binds `127.0.0.1` on a free port and serves on the current Tokio
    /// runtime (current-thread runtimes work too).
    pub async fn start(self) -> Result<MockServer, MockError> {
        let spec = spec()?;
        let rt = tokio::runtime::Handle::try_current().map_err(|_| MockError::NoRuntime)?;
        let listener = TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let base = format!("http://{addr}");
        let seed = self.seed.unwrap_or_else(|| fastrand::u64(..));
        let store = Store::new(spec.resources.len());
        let created = now();
        for (ri, res) in spec.resources.iter().enumerate() {
            if res.singleton {
                let rec = render(res, &base, None, &[], MockServer::ACCOUNT_SID, &created);
                if let Some(mut g) = store.write(ri) {
                    g.entry(Vec::new()).or_default().insert("", to_bytes(&rec));
                }
            }
        }
        let shared = Arc::new(Shared {
            spec,
            base: base.clone(),
            account: MockServer::ACCOUNT_SID,
            auth: format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!(
                    "{}:{}",
                    MockServer::ACCOUNT_SID,
                    MockServer::AUTH_TOKEN
                ))
            ),
            store,
            faults: faults::Faults::new(seed),
            counters: spec.ops.iter().map(|_| OpCounters::default()).collect(),
            unmatched: Default::default(),
            ids: Mutex::new(fastrand::Rng::with_seed(seed.rotate_left(17) ^ 0x5eed)),
        });
        let app = Router::new()
            .fallback(handler::handle)
            .with_state(shared.clone())
            .into_make_service_with_connect_info::<ConnHandle>();
        let (tx, rx) = oneshot::channel::<()>();
        let serve =
            axum::serve(MockListener::new(listener), app).with_graceful_shutdown(async move {
                // Fires on send or when the sender is dropped with the server.
                let _ = rx.await;
            });
        let task = rt.spawn(async move {
            let _ = serve.await;
        });
        Ok(MockServer {
            shared,
            addr,
            base,
            shutdown: Some(tx),
            task,
        })
    }
}

/// A running mock of the Flex v1 API on `127.0.0.1`. Stops when dropped.
pub struct MockServer {
    shared: Arc<Shared>,
    addr: SocketAddr,
    base: String,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("url", &self.base)
            .finish_non_exhaustive()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        // Stop accepting at once; open connections are told to close.
        self.task.abort();
    }
}

impl MockServer {
    /// Account SID the server accepts (HTTP Basic user name).
    pub const ACCOUNT_SID: &'static str = "AC0123456789abcdef0123456789abcdef";
    /// Auth token the server accepts (HTTP Basic password).
    pub const AUTH_TOKEN: &'static str = "c0ffee00ba5eba11deadbeef00facade";

    /// Starts a server with default settings; see [`MockServerBuilder::start`].
    pub async fn start() -> Result<MockServer, MockError> {
        MockServerBuilder::default().start().await
    }

    /// A builder for non-default settings (e.g. a fixed RNG seed).
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder::default()
    }

    /// Base URL, `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> &str {
        &self.base
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    fn resolve(&self, path: &str) -> Result<(usize, Role, Vec<String>), MockError> {
        let spec = self.shared.spec;
        let path = path.strip_prefix(self.base.as_str()).unwrap_or(path);
        let path = path.split('?').next().unwrap_or(path);
        let (entry, params) = spec
            .match_path(path)
            .ok_or_else(|| MockError::UnknownRoute(path.to_string()))?;
        let route = spec
            .routes
            .get(entry)
            .ok_or_else(|| MockError::UnknownRoute(path.to_string()))?;
        Ok((
            route.resource,
            route.role,
            params.into_iter().map(str::to_string).collect(),
        ))
    }

    fn collection(&self, path: &str) -> Result<(usize, Vec<String>), MockError> {
        let (ri, role, parents) = self.resolve(path)?;
        if role != Role::Collection {
            return Err(MockError::NotACollection(path.to_string()));
        }
        let res = &self.shared.spec.resources[ri];
        if let (Some(p), Some((pid, pp))) = (res.parent, parents.split_last())
            && !self.shared.store.exists(p, pp, pid)
        {
            return Err(MockError::ParentNotFound(path.to_string()));
        }
        Ok((ri, parents))
    }

    /// Adds `count` records to the collection at `collection_path` (a concrete
    /// path such as `"/v1/FlexFlows"` or
    /// `"/v1/Interactions/KD…/Channels/UO…/Participants"`), built from the
    /// spec's example like a create. Returns their SIDs in creation order.
    ///
    /// Fast: 100,000 Flex Flows take a fraction of a second.
    pub fn seed(&self, collection_path: &str, count: usize) -> Result<Vec<String>, MockError> {
        let (ri, parents) = self.collection(collection_path)?;
        let res = &self.shared.spec.resources[ri];
        if !res.implicit_children.is_empty() {
            return self.seed_with(collection_path, count, |_| Value::Null);
        }
        // Serialize the template once with markers, then splice ids in.
        const ID: &str = "@@mock-id@@";
        const NOW: &str = "@@mock-now@@";
        let tmpl = to_bytes(&render(
            res,
            &self.base,
            Some(ID),
            &parents,
            MockServer::ACCOUNT_SID,
            NOW,
        ));
        let pieces = split_markers(&tmpl, &[ID.as_bytes(), NOW.as_bytes()]);
        let now = now();
        let ids: Vec<String> = {
            let mut rng = self
                .shared
                .ids
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            (0..count).map(|_| gen_id(&mut rng, &res.id_gen)).collect()
        };
        let mut out = Vec::with_capacity(count);
        let mut g = self
            .shared
            .store
            .write(ri)
            .ok_or_else(|| MockError::NotACollection(collection_path.to_string()))?;
        let coll = g.entry(parents).or_default();
        coll.reserve(count);
        let mut fallback = fastrand::Rng::new();
        for mut id in ids {
            while coll.contains(&id) {
                id = gen_id(&mut fallback, &res.id_gen);
            }
            let mut buf = Vec::with_capacity(tmpl.len() + 64);
            for p in &pieces {
                match p {
                    Piece::Lit(r) => buf.extend_from_slice(tmpl.get(r.clone()).unwrap_or_default()),
                    Piece::Marker(0) => buf.extend_from_slice(id.as_bytes()),
                    Piece::Marker(_) => buf.extend_from_slice(now.as_bytes()),
                }
            }
            coll.insert(&id, Bytes::from(buf));
            out.push(id);
        }
        Ok(out)
    }

    /// Like [`seed`](Self::seed), overlaying `fields(i)` (a JSON object of
    /// response fields, e.g. `{"friendly_name": "flow 7"}`, or `null`) onto
    /// record `i`.
    pub fn seed_with(
        &self,
        collection_path: &str,
        count: usize,
        mut fields: impl FnMut(usize) -> Value,
    ) -> Result<Vec<String>, MockError> {
        let (ri, parents) = self.collection(collection_path)?;
        let now = now();
        let mut out = Vec::with_capacity(count);
        for i in 0..count {
            let extra = match fields(i) {
                Value::Null => None,
                Value::Object(m) => Some(m),
                other => {
                    return Err(MockError::InvalidFields(format!(
                        "expected an object, got {other}"
                    )));
                }
            };
            let (id, _) = self
                .shared
                .create(ri, &parents, &[], extra, &now)
                .map_err(|e| MockError::InvalidFields(e.message))?;
            out.push(id);
        }
        Ok(out)
    }

    /// Adds one record with the given response fields; returns its SID.
    pub fn insert(&self, collection_path: &str, fields: Value) -> Result<String, MockError> {
        let mut ids = self.seed_with(collection_path, 1, |_| fields.clone())?;
        ids.pop()
            .ok_or_else(|| MockError::InvalidFields("nothing inserted".into()))
    }

    /// The stored record at an instance path (`"/v1/FlexFlows/FO…"`) or
    /// singleton path (`"/v1/Configuration"`), as the API would return it.
    pub fn get(&self, path: &str) -> Option<Value> {
        let (ri, role, params) = self.resolve(path).ok()?;
        let bytes = match role {
            Role::Instance => {
                let (id, parents) = params.split_last()?;
                self.shared.store.get(ri, parents, id)?
            }
            Role::Singleton => self.shared.store.get(ri, &[], "")?,
            _ => return None,
        };
        serde_json::from_slice(&bytes).ok()
    }

    /// Number of records in the collection at `collection_path`.
    pub fn count(&self, collection_path: &str) -> Result<usize, MockError> {
        let (ri, parents) = self.collection(collection_path)?;
        Ok(self
            .shared
            .store
            .read(ri)
            .and_then(|g| g.get(&parents).map(|c| c.len()))
            .unwrap_or(0))
    }

    /// Registers a fault; see [`Fault`]. Fails if its route selector names
    /// no operation of the spec.
    pub fn fault(&self, fault: Fault) -> Result<FaultId, MockError> {
        let op = match &fault.route {
            None => None,
            Some(sel) => Some(
                self.shared
                    .spec
                    .resolve_selector(sel)
                    .ok_or_else(|| MockError::UnknownRoute(sel.clone()))?,
            ),
        };
        Ok(self.shared.faults.add(fault, op))
    }

    /// Removes a fault; `false` if it was already removed.
    pub fn remove_fault(&self, id: FaultId) -> bool {
        self.shared.faults.remove(id)
    }

    /// Removes all faults.
    pub fn clear_faults(&self) {
        self.shared.faults.clear();
    }

    /// How many times a fault has fired.
    pub fn fault_hits(&self, id: FaultId) -> u64 {
        self.shared.faults.hits(id)
    }

    /// Reseeds the RNG behind [`Fault::probability`].
    pub fn set_fault_seed(&self, seed: u64) {
        self.shared.faults.reseed(seed);
    }

    fn op_counters(&self, operation: &str) -> Option<&OpCounters> {
        let i = self.shared.spec.resolve_selector(operation)?;
        self.shared.counters.get(i)
    }

    /// Requests routed to an operation (id like `"CreateFlexFlow"` or
    /// `"POST /v1/FlexFlows"`), whatever their outcome. 0 for unknown names.
    pub fn requests(&self, operation: &str) -> u64 {
        self.op_counters(operation)
            .map_or(0, |c| c.requests.load(Ordering::Relaxed))
    }

    /// State changes an operation actually applied (e.g. creates stored).
    /// 0 for unknown names.
    pub fn applied(&self, operation: &str) -> u64 {
        self.op_counters(operation)
            .map_or(0, |c| c.applied.load(Ordering::Relaxed))
    }

    /// All requests received, including ones that matched no route.
    pub fn total_requests(&self) -> u64 {
        self.shared.unmatched.load(Ordering::Relaxed)
            + self
                .shared
                .counters
                .iter()
                .map(|c| c.requests.load(Ordering::Relaxed))
                .sum::<u64>()
    }

    /// Counters of every operation that received requests, by operation id.
    pub fn stats(&self) -> BTreeMap<String, OpStats> {
        self.shared
            .spec
            .ops
            .iter()
            .zip(&self.shared.counters)
            .map(|(op, c)| {
                (
                    op.id.clone(),
                    OpStats {
                        requests: c.requests.load(Ordering::Relaxed),
                        applied: c.applied.load(Ordering::Relaxed),
                    },
                )
            })
            .filter(|(_, s)| s.requests > 0)
            .collect()
    }

    /// Zeroes all request counters.
    pub fn reset_counters(&self) {
        self.shared.unmatched.store(0, Ordering::Relaxed);
        for c in &self.shared.counters {
            c.requests.store(0, Ordering::Relaxed);
            c.applied.store(0, Ordering::Relaxed);
        }
    }
}

fn to_bytes(m: &Map<String, Value>) -> Bytes {
    Bytes::from(serde_json::to_vec(m).unwrap_or_default())
}

enum Piece {
    Lit(std::ops::Range<usize>),
    Marker(usize),
}

/// Splits `s` into literal ranges and marker occurrences.
fn split_markers(s: &[u8], markers: &[&[u8]]) -> Vec<Piece> {
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < s.len() {
        if let Some((mi, m)) = markers
            .iter()
            .enumerate()
            .find(|(_, m)| s[i..].starts_with(m))
        {
            if start < i {
                out.push(Piece::Lit(start..i));
            }
            out.push(Piece::Marker(mi));
            i += m.len();
            start = i;
        } else {
            i += 1;
        }
    }
    if start < s.len() {
        out.push(Piece::Lit(start..s.len()));
    }
    out
}
