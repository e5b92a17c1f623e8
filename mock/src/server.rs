//! A running server and its handle: start-up, seeding, state export and import, faults,
//! hooks and counters.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use base64::Engine as _;
use bytes::Bytes;
use serde_json::{Map, Value};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::faults::{Fault, FaultId, Faults};
use crate::handler::{self, OpCounters, RequestLog, Shared, gen_id, to_json};
use crate::hooks::{Hook, HookId, Hooks};
use crate::model::{Model, ResourceId, Role};
use crate::net::{ConnHandle, MockListener};
use crate::record::{Baseline, fill, now, render};
use crate::rules::{ListOrder, NoRules, Rules};
use crate::store::Store;
use crate::{MockError, OpStats, RequestLine};

/// Configures a [`Server`] before starting it.
pub struct ServerBuilder {
    model: Arc<Model>,
    rules: Box<dyn Rules>,
    seed: Option<u64>,
    addr: SocketAddr,
    account_sid: String,
    auth_token: String,
    any_credentials: bool,
    admin: bool,
    log: Option<RequestLog>,
}

impl std::fmt::Debug for ServerBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerBuilder")
            .field("seed", &self.seed)
            .field("addr", &self.addr)
            .field("account_sid", &self.account_sid)
            .field("any_credentials", &self.any_credentials)
            .field("admin", &self.admin)
            .finish_non_exhaustive()
    }
}

impl ServerBuilder {
    /// Accepts any HTTP Basic credentials, and requests without any (default: only the
    /// server's, else 401 with code 20003).
    pub fn any_credentials(mut self, yes: bool) -> Self {
        self.any_credentials = yes;
        self
    }

    /// Serves the admin API under [`Server::ADMIN_PREFIX`] (`/__mock/`): health, seeding,
    /// inserting, faults, counters, state and reset over HTTP, for tests in other languages
    /// (see the `admin` module's documentation for the routes). Off by default.
    pub fn admin_api(mut self, yes: bool) -> Self {
        self.admin = yes;
        self
    }

    /// Calls `log` once per request when its answer is ready (admin requests included), with
    /// its method, path, operation and status: a server's access log.
    pub fn on_request(mut self, log: impl Fn(&RequestLine<'_>) + Send + Sync + 'static) -> Self {
        self.log = Some(Arc::new(log));
        self
    }

    /// The product's rules (default: [`NoRules`]).
    pub fn rules(mut self, rules: impl Rules) -> Self {
        self.rules = Box::new(rules);
        self
    }

    /// Seeds the RNGs used for SIDs and probabilistic faults, for reproducible runs. Without
    /// it a random seed is used.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// The address to listen on (default `127.0.0.1:0`, a free loopback port).
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// The credentials requests need (HTTP Basic; default [`Server::ACCOUNT_SID`] and
    /// [`Server::AUTH_TOKEN`]). The account SID is also every record's `account_sid`.
    pub fn credentials(
        mut self,
        account_sid: impl Into<String>,
        auth_token: impl Into<String>,
    ) -> Self {
        self.account_sid = account_sid.into();
        self.auth_token = auth_token.into();
        self
    }

    /// Binds the listener and serves on the current Tokio runtime (current-thread runtimes
    /// work too).
    pub async fn start(self) -> Result<Server, MockError> {
        let rt = tokio::runtime::Handle::try_current().map_err(|_| MockError::NoRuntime)?;
        let listener = TcpListener::bind(self.addr).await?;
        let addr = listener.local_addr()?;
        let base = format!("http://{addr}");
        let seed = self.seed.unwrap_or_else(|| fastrand::u64(..));
        let model = self.model;
        let rules = self.rules;
        let newest_first = model
            .resources
            .iter()
            .map(|r| rules.list_order(&model, r) == Some(ListOrder::NewestFirst))
            .collect();
        let auth = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD
                .encode(format!("{}:{}", self.account_sid, self.auth_token))
        );
        let shared = Arc::new(Shared {
            store: Store::new(model.resources.len()),
            counters: model.ops.iter().map(|_| OpCounters::default()).collect(),
            model,
            rules,
            newest_first,
            base: base.clone(),
            account: self.account_sid,
            auth,
            any_credentials: self.any_credentials,
            admin: self.admin,
            log: self.log,
            faults: Faults::new(seed),
            hooks: Hooks::new(),
            unmatched: Default::default(),
            ids: Mutex::new(fastrand::Rng::with_seed(seed.rotate_left(17) ^ 0x5eed)),
        });
        initial_singletons(&shared);
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
        Ok(Server {
            shared,
            addr,
            base,
            shutdown: Some(tx),
            task: Some(task),
        })
    }
}

/// Every singleton's first document: the spec's example, as the rules start it.
pub(crate) fn initial_singletons(shared: &Shared) {
    let created = now();
    // Nested singletons (a Workspace's `Statistics`) exist per parent: made on first use.
    for res in shared
        .model
        .resources
        .iter()
        .filter(|r| r.singleton && r.parent_fields.is_empty())
    {
        let mut rec = render(res, shared.place(), Baseline::Example, None, &[], &created);
        shared.rules.initial(&shared.model, res, &mut rec);
        if let Some(mut g) = shared.store.write(res.id.0) {
            g.clear();
            g.entry(Vec::new()).or_default().insert("", to_json(&rec));
        }
    }
}

/// A running server of one spec. Stops when dropped.
pub struct Server {
    shared: Arc<Shared>,
    addr: SocketAddr,
    base: String,
    shutdown: Option<oneshot::Sender<()>>,
    /// `None` for the admin API's view of a running server, which doesn't own it.
    task: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("url", &self.base)
            .finish_non_exhaustive()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        // Stop accepting at once; open connections are told to close.
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

impl Server {
    /// The account SID a server accepts unless told otherwise (HTTP Basic user name).
    pub const ACCOUNT_SID: &'static str = "AC0123456789abcdef0123456789abcdef";
    /// The auth token a server accepts unless told otherwise (HTTP Basic password).
    pub const AUTH_TOKEN: &'static str = "c0ffee00ba5eba11deadbeef00facade";

    /// Where the admin API is served when [`ServerBuilder::admin_api`] turns it on.
    pub const ADMIN_PREFIX: &'static str = "/__mock/";

    /// A handle on the running server of `shared` that owns nothing (dropping it stops
    /// nothing): what the admin API calls the handle's methods through.
    pub(crate) fn view(shared: Arc<Shared>) -> Server {
        let base = shared.base.clone();
        let addr = base
            .trim_start_matches("http://")
            .parse()
            .unwrap_or_else(|_| SocketAddr::from((Ipv4Addr::LOCALHOST, 0)));
        Server {
            shared,
            addr,
            base,
            shutdown: None,
            task: None,
        }
    }

    /// A builder for a server of `model`, on `127.0.0.1` with the default credentials and no
    /// rules.
    pub fn builder(model: impl Into<Arc<Model>>) -> ServerBuilder {
        ServerBuilder {
            model: model.into(),
            rules: Box::new(NoRules),
            seed: None,
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            account_sid: Server::ACCOUNT_SID.to_string(),
            auth_token: Server::AUTH_TOKEN.to_string(),
            any_credentials: false,
            admin: false,
            log: None,
        }
    }

    /// Base URL, `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> &str {
        &self.base
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The model of the spec it serves.
    pub fn model(&self) -> &Model {
        &self.shared.model
    }

    /// The account SID it serves.
    pub fn account_sid(&self) -> &str {
        &self.shared.account
    }

    fn resolve(&self, path: &str) -> Result<(usize, Role, Vec<String>), MockError> {
        let spec = &*self.shared.model;
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
            route.resource.0,
            route.role,
            params.into_iter().map(str::to_string).collect(),
        ))
    }

    fn collection(&self, path: &str) -> Result<(usize, Vec<String>), MockError> {
        let (ri, role, parents) = self.resolve(path)?;
        if role != Role::Collection {
            return Err(MockError::NotACollection(path.to_string()));
        }
        let res = &self.shared.model.resources[ri];
        if let (Some(p), Some((pid, pp))) = (res.parent, parents.split_last())
            && !self.shared.store.exists(p.0, pp, pid)
        {
            return Err(MockError::ParentNotFound(path.to_string()));
        }
        Ok((ri, parents))
    }

    /// Adds `count` records to the collection at `collection_path` (a concrete path such as
    /// `"/v1/FlexFlows"` or `"/v1/Interactions/KD…/Channels/UO…/Participants"`), built from
    /// the spec's example: fresh ids, the parents' ids, the account, now and the URL filled
    /// in. Returns their SIDs in creation order.
    ///
    /// Fast: 100,000 Flex Flows take a fraction of a second.
    pub fn seed(&self, collection_path: &str, count: usize) -> Result<Vec<String>, MockError> {
        let (ri, parents) = self.collection(collection_path)?;
        let res = &self.shared.model.resources[ri];
        // Integer ids are JSON numbers: the string splicing below would quote them.
        if !res.implicit_children.is_empty() || res.id_gen == crate::model::IdGen::Int {
            return self.seed_with(collection_path, count, |_| Value::Null);
        }
        // Serialize the template once with markers, then splice ids in.
        const ID: &str = "@@mock-id@@";
        const NOW: &str = "@@mock-now@@";
        let tmpl = to_json(&render(
            res,
            self.shared.place(),
            Baseline::Example,
            Some(ID),
            &parents,
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

    /// Like [`seed`](Self::seed), overlaying `fields(i)` (a JSON object of response fields,
    /// e.g. `{"friendly_name": "flow 7"}`, or `null`) onto record `i`.
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
                .create(ri, &parents, &[], extra, &now, Baseline::Example)
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

    /// The stored record at an instance path (`"/v1/FlexFlows/FO…"`) or singleton path
    /// (`"/v1/Configuration"`), as the API would return it.
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

    /// Changes the stored record at an instance or singleton path in place, behind the
    /// clients' backs (no request is counted, no rule runs); returns it as a fetch would now
    /// return it.
    pub fn modify(
        &self,
        path: &str,
        f: impl FnOnce(&mut Map<String, Value>),
    ) -> Result<Value, MockError> {
        let (ri, role, params) = self.resolve(path)?;
        let (parents, id) = match role {
            Role::Instance => match params.split_last() {
                Some((id, parents)) => (parents.to_vec(), id.clone()),
                None => return Err(MockError::UnknownRoute(path.to_string())),
            },
            Role::Singleton => (Vec::new(), String::new()),
            _ => return Err(MockError::UnknownRoute(path.to_string())),
        };
        self.shared
            .modify(ri, &parents, &id, f)
            .map(Value::Object)
            .ok_or_else(|| MockError::UnknownRoute(path.to_string()))
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

    /// Everything stored, as JSON: for each concrete collection path that holds records
    /// (`"/v1/FlexFlows"`, `"/v1/Interactions/KD…/Channels"`) the array of its records in
    /// listing order (oldest first), and for each singleton path its record. What
    /// [`import_state`](Self::import_state) loads.
    pub fn export_state(&self) -> Value {
        let mut out = Map::new();
        for res in &self.shared.model.resources {
            let Some(g) = self.shared.store.read(res.id.0) else {
                continue;
            };
            let mut keys: Vec<&Vec<String>> = g.keys().collect();
            keys.sort();
            for parents in keys {
                let Some(coll) = g.get(parents) else { continue };
                let records = coll
                    .records()
                    .map(|b| serde_json::from_slice(b).unwrap_or(Value::Null));
                if res.singleton {
                    let vals: Vec<&str> = parents.iter().map(String::as_str).collect();
                    if let Some(r) = records.into_iter().next() {
                        out.insert(fill(&res.name, &vals), r);
                    }
                } else if coll.len() > 0 {
                    let vals: Vec<&str> = parents.iter().map(String::as_str).collect();
                    out.insert(fill(&res.name, &vals), Value::Array(records.collect()));
                }
            }
        }
        Value::Object(out)
    }

    /// Loads a document in the shape [`export_state`](Self::export_state) writes: each
    /// collection's records are stored as given (keyed by their id field, replacing a record
    /// with the same id), parents before children; each singleton's record replaces the
    /// stored one. Nothing is validated beyond the shape: records are the API's answers.
    pub fn import_state(&self, state: &Value) -> Result<(), MockError> {
        let Value::Object(entries) = state else {
            return Err(MockError::InvalidState(
                "expected a JSON object of collection paths".into(),
            ));
        };
        let mut entries: Vec<(&String, &Value)> = entries.iter().collect();
        // Parents first, so their children's paths resolve.
        entries.sort_by_key(|(path, _)| path.matches('/').count());
        for (path, value) in entries {
            let (ri, role, parents) = self.resolve(path)?;
            let res = &self.shared.model.resources[ri];
            match (role, value) {
                // A nested singleton (`…/Widgets/WG…/Statistics`) is one per parent: only the
                // one at this path is replaced.
                (Role::Singleton, Value::Object(rec)) => {
                    if let Some(mut g) = self.shared.store.write(ri) {
                        g.entry(parents).or_default().upsert("", to_json(rec));
                    }
                }
                (Role::Collection, Value::Array(records)) => {
                    let id_field = res.id_field.as_deref().ok_or_else(|| {
                        MockError::InvalidState(format!("{path}: its records have no id field"))
                    })?;
                    let mut g = self
                        .shared
                        .store
                        .write(ri)
                        .ok_or_else(|| MockError::UnknownRoute(path.to_string()))?;
                    let coll = g.entry(parents).or_default();
                    for rec in records {
                        let (Value::Object(m), Some(id)) =
                            (rec, rec.get(id_field).and_then(Value::as_str))
                        else {
                            return Err(MockError::InvalidState(format!(
                                "{path}: each record must be an object with a string `{id_field}`"
                            )));
                        };
                        coll.upsert(id, to_json(m));
                    }
                }
                _ => {
                    return Err(MockError::InvalidState(format!(
                        "{path}: expected an array of records for a collection, an object for a singleton"
                    )));
                }
            }
        }
        Ok(())
    }

    /// Registers a fault; see [`Fault`]. Fails if its route selector names no operation of
    /// the spec.
    pub fn fault(&self, fault: Fault) -> Result<FaultId, MockError> {
        let op = match &fault.route {
            None => None,
            Some(sel) => Some(
                self.shared
                    .model
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

    /// Registers a hook; see [`Hook`]. Fails if it names no operation of the spec.
    pub fn hook(&self, hook: Hook) -> Result<HookId, MockError> {
        let op = self
            .shared
            .model
            .resolve_selector(&hook.selector)
            .ok_or_else(|| MockError::UnknownRoute(hook.selector.clone()))?;
        Ok(self.shared.hooks.add(hook, op))
    }

    /// Removes a hook; `false` if it was already removed.
    pub fn remove_hook(&self, id: HookId) -> bool {
        self.shared.hooks.remove(id)
    }

    /// How many times a hook has fired.
    pub fn hook_runs(&self, id: HookId) -> u64 {
        self.shared.hooks.runs(id)
    }

    /// The counters of one operation (id like `"CreateFlexFlow"` or `"POST /v1/FlexFlows"`);
    /// an error for a selector that names no operation of the spec.
    pub fn op_stats(&self, operation: &str) -> Result<OpStats, MockError> {
        let c = self
            .shared
            .model
            .resolve_selector(operation)
            .and_then(|i| self.shared.counters.get(i))
            .ok_or_else(|| MockError::UnknownRoute(operation.to_string()))?;
        Ok(OpStats {
            requests: c.requests.load(),
            applied: c.applied.load(),
        })
    }

    #[track_caller]
    fn known_op_stats(&self, operation: &str) -> OpStats {
        match self.op_stats(operation) {
            Ok(s) => s,
            Err(_) => panic!("{}", unknown_operation(&self.shared.model, operation)),
        }
    }

    /// Requests routed to an operation (id like `"CreateFlexFlow"` or
    /// `"POST /v1/FlexFlows"`), whatever their outcome.
    ///
    /// # Panics
    ///
    /// If `operation` names no operation of the spec (`"CreateFlexFlows"`, `"listflexflow"`):
    /// a test asserting 0 requests would otherwise pass for the wrong reason. The message
    /// names the close matches. [`op_stats`](Self::op_stats) returns an error instead.
    #[track_caller]
    pub fn requests(&self, operation: &str) -> u64 {
        self.known_op_stats(operation).requests
    }

    /// State changes an operation actually applied (e.g. creates stored).
    ///
    /// # Panics
    ///
    /// As [`requests`](Self::requests), if `operation` names no operation of the spec.
    #[track_caller]
    pub fn applied(&self, operation: &str) -> u64 {
        self.known_op_stats(operation).applied
    }

    /// All requests received, including ones that matched no route.
    pub fn total_requests(&self) -> u64 {
        self.shared.unmatched.load(Ordering::Relaxed)
            + self
                .shared
                .counters
                .iter()
                .map(|c| c.requests.load())
                .sum::<u64>()
    }

    /// Counters of every operation that received requests, by operation id.
    pub fn stats(&self) -> BTreeMap<String, OpStats> {
        self.shared
            .model
            .ops
            .iter()
            .zip(&self.shared.counters)
            .map(|(op, c)| {
                (
                    op.id.clone(),
                    OpStats {
                        requests: c.requests.load(),
                        applied: c.applied.load(),
                    },
                )
            })
            .filter(|(_, s)| s.requests > 0)
            .collect()
    }

    /// Back to a fresh start: every record removed, singletons as a new server has them, no
    /// faults or hooks, counters zeroed.
    pub fn reset(&self) {
        for ri in 0..self.shared.model.resources.len() {
            if let Some(mut g) = self.shared.store.write(ri) {
                g.clear();
            }
        }
        initial_singletons(&self.shared);
        self.shared.faults.clear();
        self.shared.hooks.clear();
        self.reset_counters();
    }

    /// Zeroes all request counters.
    pub fn reset_counters(&self) {
        self.shared.unmatched.store(0, Ordering::Relaxed);
        for c in &self.shared.counters {
            c.requests.reset();
            c.applied.reset();
        }
    }

    /// The resource at a path template or concrete path (for rules' tests and tools).
    pub fn resource_at(&self, path: &str) -> Option<ResourceId> {
        self.resolve(path).ok().map(|(ri, _, _)| ResourceId(ri))
    }
}

/// The panic message for a counter asked about an operation the spec doesn't have.
fn unknown_operation(model: &Model, operation: &str) -> String {
    let close = model.close_matches(operation);
    let hint = match close.as_slice() {
        [] => " (operation ids are the spec's operationIds, e.g. \"CreateFlexFlow\", or \
               \"METHOD /path\")"
            .to_string(),
        [one] => format!(" (did you mean {one:?}?)"),
        many => format!(
            " (did you mean one of {}?)",
            many.iter()
                .map(|m| format!("{m:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    format!("no operation {operation:?} in the mock's spec{hint}")
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
