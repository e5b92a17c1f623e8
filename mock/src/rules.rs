//! The seam for product rules: what a Twilio service does that its spec doesn't say (a
//! unique name, records that link each other, a listing order, a singleton's update
//! semantics). A product implements [`Rules`] and passes it to
//! [`ServerBuilder::rules`](crate::ServerBuilder::rules); the engine calls no product code by
//! name.
//!
//! A rule finds its resources through the [`Model`] (by operationId, SID prefix, nesting,
//! field types), so a spec without them gets none of it.

use bytes::Bytes;
use serde_json::{Map, Value};

use crate::handler::Shared;
use crate::model::{Model, Operation, Resource, ResourceId};
use crate::record::Baseline;
use crate::validate::{ApiError, Field};

/// The order a collection lists its records in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ListOrder {
    /// In creation order (the engine's default).
    OldestFirst,
    /// Newest first (Twilio lists some resources so: the first is the latest).
    NewestFirst,
}

/// Behaviour a product adds to the engine. Every hook has a default that leaves the
/// engine's generic behaviour as it is.
///
/// Hooks that change state run *around* the engine's own step: they get the request and a
/// [`Next`] that performs the step. A hook may refuse (return an error without calling
/// [`Next::run`]), do something before and after it (the whole hook runs inside one request,
/// so a lock held across it makes check-then-create atomic), or replace it (never call it
/// and store the record itself through the [`State`]).
pub trait Rules: Send + Sync + 'static {
    /// A singleton's first document, when a server starts. `record` is the spec's example of
    /// it, with the server's account and URLs; change it to what the service really starts
    /// with.
    fn initial(&self, model: &Model, resource: &Resource, record: &mut Map<String, Value>) {
        let _ = (model, resource, record);
    }

    /// Around a create (`POST` to a collection). `next` stores the record: the request's
    /// fields over the resource's defaults.
    fn create(
        &self,
        state: &State<'_>,
        request: &Request<'_>,
        next: Next<'_>,
    ) -> Result<Stored, ApiError> {
        let _ = (state, request);
        next.run()
    }

    /// Around an update of an instance or a singleton (`POST` to either). `next` lays the
    /// request's fields over the stored record.
    fn update(
        &self,
        state: &State<'_>,
        request: &Request<'_>,
        next: Next<'_>,
    ) -> Result<Stored, ApiError> {
        let _ = (state, request);
        next.run()
    }

    /// The order a collection lists in; `None` leaves the engine's (oldest first). Asked once
    /// per resource when a server starts.
    fn list_order(&self, model: &Model, resource: &Resource) -> Option<ListOrder> {
        let _ = (model, resource);
        None
    }
}

/// No rules: the engine's generic behaviour for every operation.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoRules;

impl Rules for NoRules {}

/// Two rule sets, the first around the second: its hooks call the second's as their
/// [`Next`]; [`initial`](Rules::initial) runs both in order, and the first's
/// [`list_order`](Rules::list_order) wins.
impl<A: Rules, B: Rules> Rules for (A, B) {
    fn initial(&self, model: &Model, resource: &Resource, record: &mut Map<String, Value>) {
        self.0.initial(model, resource, record);
        self.1.initial(model, resource, record);
    }

    fn create(
        &self,
        state: &State<'_>,
        request: &Request<'_>,
        next: Next<'_>,
    ) -> Result<Stored, ApiError> {
        let mut inner = Some(next);
        let mut second = || match inner.take() {
            Some(next) => self.1.create(state, request, next),
            None => Err(already_run()),
        };
        self.0.create(state, request, Next::new(&mut second))
    }

    fn update(
        &self,
        state: &State<'_>,
        request: &Request<'_>,
        next: Next<'_>,
    ) -> Result<Stored, ApiError> {
        let mut inner = Some(next);
        let mut second = || match inner.take() {
            Some(next) => self.1.update(state, request, next),
            None => Err(already_run()),
        };
        self.0.update(state, request, Next::new(&mut second))
    }

    fn list_order(&self, model: &Model, resource: &Resource) -> Option<ListOrder> {
        self.0
            .list_order(model, resource)
            .or_else(|| self.1.list_order(model, resource))
    }
}

fn already_run() -> ApiError {
    ApiError::new(500, 20500, "the engine's step ran twice for one request")
}

/// The engine's own step of a create or update, handed to a [`Rules`] hook. Runs at most
/// once ([`run`](Next::run) takes it).
pub struct Next<'a> {
    step: &'a mut dyn FnMut() -> Result<Stored, ApiError>,
}

impl std::fmt::Debug for Next<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Next").finish_non_exhaustive()
    }
}

impl<'a> Next<'a> {
    /// A step to hand to another rule set's hook (see the `(A, B)` implementation).
    pub fn new(step: &'a mut dyn FnMut() -> Result<Stored, ApiError>) -> Self {
        Next { step }
    }

    /// Performs the step: stores the record.
    pub fn run(self) -> Result<Stored, ApiError> {
        (self.step)()
    }
}

/// A record as stored: its id (empty for a singleton) and its JSON, which is the answer.
#[derive(Debug, Clone)]
pub struct Stored {
    pub(crate) id: String,
    pub(crate) json: Bytes,
}

impl Stored {
    /// A record a rule stored itself (through [`State::modify`]), as the answer.
    pub fn new(id: impl Into<String>, record: &Map<String, Value>) -> Self {
        Stored {
            id: id.into(),
            json: crate::handler::to_json(record),
        }
    }

    /// The record's id; empty for a singleton.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The record.
    pub fn record(&self) -> Map<String, Value> {
        serde_json::from_slice(&self.json).unwrap_or_default()
    }
}

/// One request as a [`Rules`] hook sees it, after validation.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub(crate) operation: &'a Operation,
    pub(crate) resource: &'a Resource,
    pub(crate) parents: &'a [String],
    pub(crate) id: Option<&'a str>,
    pub(crate) fields: &'a [Field],
    pub(crate) path: &'a str,
    pub(crate) now: &'a str,
}

impl<'a> Request<'a> {
    /// The operation.
    pub fn operation(&self) -> &'a Operation {
        self.operation
    }

    /// The resource it works on.
    pub fn resource(&self) -> &'a Resource {
        self.resource
    }

    /// The ids of the parents in the path, outermost first (a version's plugin).
    pub fn parents(&self) -> &'a [String] {
        self.parents
    }

    /// The id of the record, for an update of an instance.
    pub fn id(&self) -> Option<&'a str> {
        self.id
    }

    /// The body's fields, validated against the spec (only the ones sent).
    pub fn fields(&self) -> &'a [Field] {
        self.fields
    }

    /// A body field by wire name.
    pub fn field(&self, wire_name: &str) -> Option<&'a Field> {
        self.fields.iter().find(|f| f.name == wire_name)
    }

    /// The request path.
    pub fn path(&self) -> &'a str {
        self.path
    }

    /// The request's timestamp (`2016-08-01T22:10:40Z`), as stored in records it writes.
    pub fn now(&self) -> &'a str {
        self.now
    }
}

/// The server's state, as a [`Rules`] hook reads and changes it. Records are JSON objects
/// as the API returns them.
#[derive(Clone, Copy)]
pub struct State<'a> {
    pub(crate) shared: &'a Shared,
}

impl std::fmt::Debug for State<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State").finish_non_exhaustive()
    }
}

fn parse(bytes: &[u8]) -> Map<String, Value> {
    serde_json::from_slice(bytes).unwrap_or_default()
}

impl<'a> State<'a> {
    /// The model of the spec being served.
    pub fn model(&self) -> &'a Model {
        &self.shared.model
    }

    /// The account SID the server serves.
    pub fn account_sid(&self) -> &'a str {
        &self.shared.account
    }

    /// The server's base URL.
    pub fn url(&self) -> &'a str {
        &self.shared.base
    }

    /// The records of one collection (under `parents`), oldest first.
    pub fn records(&self, resource: ResourceId, parents: &[String]) -> Vec<Map<String, Value>> {
        self.shared
            .store
            .read(resource.0)
            .and_then(|g| {
                g.get(parents)
                    .map(|c| c.records().map(|b| parse(b)).collect())
            })
            .unwrap_or_default()
    }

    /// One record.
    pub fn record(
        &self,
        resource: ResourceId,
        parents: &[String],
        id: &str,
    ) -> Option<Map<String, Value>> {
        self.shared
            .store
            .get(resource.0, parents, id)
            .map(|b| parse(&b))
    }

    /// A record by id, under whichever parents it is (a version by its SID alone); with
    /// those parents' ids.
    pub fn find(
        &self,
        resource: ResourceId,
        id: &str,
    ) -> Option<(Vec<String>, Map<String, Value>)> {
        self.shared.store.read(resource.0).and_then(|g| {
            g.iter()
                .find_map(|(parents, c)| Some((parents.clone(), parse(c.get(id)?))))
        })
    }

    /// The singleton's record.
    pub fn singleton(&self, resource: ResourceId) -> Option<Map<String, Value>> {
        self.record(resource, &[], "")
    }

    /// Stores a new record under `parents`, built like a seeded one (the spec's example
    /// with fresh ids, the parents, the account, `now` and the URL) with `fields` (response
    /// fields) over it.
    pub fn insert(
        &self,
        resource: ResourceId,
        parents: &[String],
        fields: Map<String, Value>,
        now: &str,
    ) -> Result<Stored, ApiError> {
        self.shared
            .create(
                resource.0,
                parents,
                &[],
                Some(fields),
                now,
                Baseline::Example,
            )
            .map(|(id, json)| Stored { id, json })
    }

    /// Changes one record in place (under the resource's write lock); `None` if there is no
    /// such record. For a singleton, `parents` is empty and `id` is `""`.
    pub fn modify(
        &self,
        resource: ResourceId,
        parents: &[String],
        id: &str,
        f: impl FnOnce(&mut Map<String, Value>),
    ) -> Option<Map<String, Value>> {
        self.shared.modify(resource.0, parents, id, f)
    }
}
