//! An in-process, stateful fake of the Flex v1 API (feature `mock`).
//!
//! It is the spec-driven engine of the `twilio-mock` crate serving the vendored spec
//! (`spec/flex_v1.yaml`, the one the client was generated from, with the Flex product's
//! declarations), plus the rules Twilio's Flex service has and its spec doesn't say (this
//! module's `rules`, below). Everything else is derived from the spec: routes,
//! resources and their nesting, SID prefixes, response shapes, list keys and paging, and
//! the validation rules Twilio applies.
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
//! A record created by a request holds what was sent, over the schema's defaults (`null`
//! where it has none): never the spec's example values for fields the request could have set
//! (a Flex Flow with an `external` integration has only its `url` there). Seeded records
//! ([`MockServer::seed`]) are the spec's example with fresh SIDs.
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
//! The Flex Configuration (`/v1/Configuration`) starts as a new Flex account's (the spec's
//! example, with the UI attributes of Flex's default theme) and is served as Twilio serves
//! it: its update takes a JSON body carrying `account_sid` equal to the account (else 400,
//! code 20001), replaces each writable property it names whole (no deep merge of JSON
//! properties), ignores read-only ones and moves `date_updated` forward on every change.
//! [`MockServer::set_configuration`] changes it behind a client's back, to test
//! `Error::Conflict`.
//!
//! [`MockServer::hook`] runs async code before a chosen operation's request is handled, the
//! request waiting for it: a second client's whole run between two requests of the first.

mod client;
mod rules;
mod spec;

use std::collections::BTreeMap;
use std::net::SocketAddr;

use serde_json::Value;

pub use twilio_mock::{Fault, FaultId, Hook, HookId, MockError, OpStats, RequestLine};

/// The callback of [`MockServerBuilder::on_request`].
type AccessLog = std::sync::Arc<dyn Fn(&RequestLine<'_>) + Send + Sync>;

/// Configures a [`MockServer`] before starting it.
#[derive(Clone, Default)]
pub struct MockServerBuilder {
    seed: Option<u64>,
    bind: Option<SocketAddr>,
    credentials: Option<(String, String)>,
    any_credentials: bool,
    admin_api: bool,
    spec: Option<std::sync::Arc<str>>,
    on_request: Option<AccessLog>,
}

impl std::fmt::Debug for MockServerBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServerBuilder")
            .field("seed", &self.seed)
            .field("bind", &self.bind)
            .field("account_sid", &self.credentials.as_ref().map(|c| &c.0))
            .field("any_credentials", &self.any_credentials)
            .field("admin_api", &self.admin_api)
            .field("spec", &self.spec.as_ref().map(|_| "custom"))
            .finish_non_exhaustive()
    }
}

impl MockServerBuilder {
    /// Seeds the RNGs used for SIDs and probabilistic faults, for
    /// reproducible runs. Without it a random seed is used.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// The address to listen on (default `127.0.0.1:0`: a free loopback port). Port 0 picks
    /// a free port; [`MockServer::addr`] tells which.
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.bind = Some(addr);
        self
    }

    /// The credentials requests must carry (HTTP Basic), instead of
    /// [`MockServer::ACCOUNT_SID`] and [`MockServer::AUTH_TOKEN`]. The account SID is also
    /// every record's `account_sid`. They are the mock's own test credentials, not Twilio's.
    pub fn credentials(
        mut self,
        account_sid: impl Into<String>,
        auth_token: impl Into<String>,
    ) -> Self {
        self.credentials = Some((account_sid.into(), auth_token.into()));
        self
    }

    /// Accepts requests with any credentials, or none (default: only the server's, else 401
    /// with Twilio's code 20003).
    pub fn any_credentials(mut self, yes: bool) -> Self {
        self.any_credentials = yes;
        self
    }

    /// Serves the admin API under `/__mock/` (health, seed, insert, faults, counters, state,
    /// reset over HTTP, for tests in other languages; README, "Testing from any language").
    /// Off by default.
    pub fn admin_api(mut self, yes: bool) -> Self {
        self.admin_api = yes;
        self
    }

    /// Serves another Twilio spec (its OpenAPI YAML or JSON text) instead of the vendored Flex
    /// spec, with the engine's generic behaviour (no Flex rules). Fails at
    /// [`start`](Self::start) if the text isn't a spec the model can read.
    pub fn spec(mut self, text: impl Into<String>) -> Self {
        self.spec = Some(std::sync::Arc::from(text.into()));
        self
    }

    /// Calls `log` once per request when its answer is ready, with its method, path,
    /// operation and status: an access log.
    pub fn on_request(mut self, log: impl Fn(&RequestLine<'_>) + Send + Sync + 'static) -> Self {
        self.on_request = Some(std::sync::Arc::new(log));
        self
    }

    /// Binds (by default `127.0.0.1` on a free port) and serves on the current Tokio
    /// runtime (current-thread runtimes work too).
    pub async fn start(self) -> Result<MockServer, MockError> {
        let mut builder = match &self.spec {
            None => twilio_mock::Server::builder(spec::model()?).rules(rules::flex()),
            Some(text) => twilio_mock::Server::builder(twilio_mock::Model::parse(
                text,
                &twilio_mock::Declarations::new(),
            )?),
        };
        let (sid, token) = self.credentials.clone().unwrap_or_else(|| {
            (
                MockServer::ACCOUNT_SID.to_string(),
                MockServer::AUTH_TOKEN.to_string(),
            )
        });
        builder = builder
            .credentials(sid, token)
            .any_credentials(self.any_credentials)
            .admin_api(self.admin_api);
        if let Some(addr) = self.bind {
            builder = builder.bind(addr);
        }
        if let Some(log) = self.on_request {
            builder = builder.on_request(move |line| log(line));
        }
        if let Some(seed) = self.seed {
            builder = builder.seed(seed);
        }
        Ok(MockServer {
            inner: builder.start().await?,
        })
    }
}

/// A running mock of the Flex v1 API (or of the spec given to
/// [`MockServerBuilder::spec`]), on `127.0.0.1` unless bound elsewhere. Stops when dropped.
pub struct MockServer {
    inner: twilio_mock::Server,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("url", &self.url())
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Account SID the server accepts (HTTP Basic user name).
    pub const ACCOUNT_SID: &'static str = twilio_mock::Server::ACCOUNT_SID;
    /// Auth token the server accepts (HTTP Basic password).
    pub const AUTH_TOKEN: &'static str = twilio_mock::Server::AUTH_TOKEN;

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
        self.inner.url()
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.inner.addr()
    }

    /// Adds `count` records to the collection at `collection_path` (a concrete
    /// path such as `"/v1/FlexFlows"` or
    /// `"/v1/Interactions/KD…/Channels/UO…/Participants"`), built from the
    /// spec's example with fresh SIDs. Returns their SIDs in creation order.
    ///
    /// Fast: 100,000 Flex Flows take a fraction of a second.
    pub fn seed(&self, collection_path: &str, count: usize) -> Result<Vec<String>, MockError> {
        self.inner.seed(collection_path, count)
    }

    /// Like [`seed`](Self::seed), overlaying `fields(i)` (a JSON object of
    /// response fields, e.g. `{"friendly_name": "flow 7"}`, or `null`) onto
    /// record `i`.
    pub fn seed_with(
        &self,
        collection_path: &str,
        count: usize,
        fields: impl FnMut(usize) -> Value,
    ) -> Result<Vec<String>, MockError> {
        self.inner.seed_with(collection_path, count, fields)
    }

    /// Adds one record with the given response fields; returns its SID.
    pub fn insert(&self, collection_path: &str, fields: Value) -> Result<String, MockError> {
        self.inner.insert(collection_path, fields)
    }

    /// The stored record at an instance path (`"/v1/FlexFlows/FO…"`) or
    /// singleton path (`"/v1/Configuration"`), as the API would return it.
    pub fn get(&self, path: &str) -> Option<Value> {
        self.inner.get(path)
    }

    /// Number of records in the collection at `collection_path`.
    pub fn count(&self, collection_path: &str) -> Result<usize, MockError> {
        self.inner.count(collection_path)
    }

    /// Registers a fault; see [`Fault`]. Fails if its route selector names
    /// no operation of the spec.
    pub fn fault(&self, fault: Fault) -> Result<FaultId, MockError> {
        self.inner.fault(fault)
    }

    /// Removes a fault; `false` if it was already removed.
    pub fn remove_fault(&self, id: FaultId) -> bool {
        self.inner.remove_fault(id)
    }

    /// Removes all faults.
    pub fn clear_faults(&self) {
        self.inner.clear_faults();
    }

    /// How many times a fault has fired.
    pub fn fault_hits(&self, id: FaultId) -> u64 {
        self.inner.fault_hits(id)
    }

    /// Reseeds the RNG behind [`Fault::probability`].
    pub fn set_fault_seed(&self, seed: u64) {
        self.inner.set_fault_seed(seed);
    }

    /// Runs async code before a chosen operation's request is handled, the request waiting
    /// until it finishes; see [`Hook`]. Fails if the hook names no operation of the spec.
    ///
    /// For testing what happens when something changes between two requests of a running
    /// workflow (another pipeline releasing plugins between a plan's configuration and its
    /// release): the hook's own requests go to the same server meanwhile.
    ///
    /// ```no_run
    /// # async fn t() -> Result<(), Box<dyn std::error::Error>> {
    /// use twilio_flex::mock::{Hook, MockServer};
    ///
    /// let server = MockServer::start().await?;
    /// let other = server.client()?;
    /// // Before the next Flex Flow create, another client deletes every flow.
    /// server.hook(Hook::before("CreateFlexFlow").times(1).run(move || {
    ///     let other = other.clone();
    ///     async move {
    ///         if let Ok(page) = other.list_flex_flow().send().await {
    ///             for flow in page.flex_flows {
    ///                 if let Some(sid) = flow.sid {
    ///                     let _ = other.delete_flex_flow().sid(sid).send().await;
    ///                 }
    ///             }
    ///         }
    ///     }
    /// }))?;
    /// # Ok(()) }
    /// ```
    pub fn hook(&self, hook: Hook) -> Result<HookId, MockError> {
        self.inner.hook(hook)
    }

    /// Removes a hook; `false` if it was already removed.
    pub fn remove_hook(&self, id: HookId) -> bool {
        self.inner.remove_hook(id)
    }

    /// How many times a hook has fired.
    pub fn hook_runs(&self, id: HookId) -> u64 {
        self.inner.hook_runs(id)
    }

    /// Requests routed to an operation (id like `"CreateFlexFlow"` or
    /// `"POST /v1/FlexFlows"`), whatever their outcome.
    ///
    /// # Panics
    ///
    /// If `operation` names no operation of the spec (`"CreateFlexFlows"`, `"listflexflow"`):
    /// an `assert_eq!(…, 0)` would otherwise pass for the wrong reason. The message names the
    /// closest operation ids.
    #[track_caller]
    pub fn requests(&self, operation: &str) -> u64 {
        self.inner.requests(operation)
    }

    /// State changes an operation actually applied (e.g. creates stored).
    ///
    /// # Panics
    ///
    /// As [`requests`](Self::requests), if `operation` names no operation of the spec.
    #[track_caller]
    pub fn applied(&self, operation: &str) -> u64 {
        self.inner.applied(operation)
    }

    /// All requests received, including ones that matched no route.
    pub fn total_requests(&self) -> u64 {
        self.inner.total_requests()
    }

    /// Counters of every operation that received requests, by operation id.
    pub fn stats(&self) -> BTreeMap<String, OpStats> {
        self.inner.stats()
    }

    /// Zeroes all request counters.
    pub fn reset_counters(&self) {
        self.inner.reset_counters();
    }

    /// The account SID requests must carry, and every record's `account_sid`.
    pub fn account_sid(&self) -> &str {
        self.inner.account_sid()
    }

    /// Back to a fresh start: no records, the Configuration as a new account's, no faults or
    /// hooks, counters zeroed.
    pub fn reset(&self) {
        self.inner.reset();
    }

    /// Everything stored, as JSON: for each collection path holding records
    /// (`"/v1/FlexFlows"`, `"/v1/Interactions/KD…/Channels"`) the array of its records, oldest
    /// first, and for each singleton path (`"/v1/Configuration"`) its record. What
    /// [`import_state`](Self::import_state) loads (and `twilio-flex mock --state` reads and
    /// writes).
    pub fn export_state(&self) -> Value {
        self.inner.export_state()
    }

    /// Loads a document in the shape [`export_state`](Self::export_state) writes: records
    /// are stored as given (replacing ones with the same SID), parents before children.
    pub fn import_state(&self, state: &Value) -> Result<(), MockError> {
        self.inner.import_state(state)
    }
}
