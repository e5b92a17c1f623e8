//! A stateful, in-process mock of a Twilio REST API, driven by its OpenAPI spec.
//!
//! Give it any of Twilio's specs and it serves the API: every route, with records stored
//! per collection (nested under their parents), validated requests answered as Twilio
//! answers them, paging with `meta`, injected faults, hooks and per-operation counters.
//! Everything is derived from the spec through the spec model (`twilio_spec`): routes,
//! resources and their nesting, SID prefixes, response shapes, list keys, and the validation
//! rules the generated clients apply.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use twilio_mock::{Declarations, Fault, Model, Server};
//!
//! let text = std::fs::read_to_string("twilio_taskrouter_v1.yaml")?;
//! let model = Model::parse(&text, &Declarations::new())?;
//! let server = Server::builder(model).seed(7).start().await?;
//! server.seed("/v1/Workspaces", 100)?;
//! server.fault(Fault::status(503).route("CreateWorkspace").times(1))?;
//! // … point a client at server.url() with Server::ACCOUNT_SID / Server::AUTH_TOKEN …
//! assert_eq!(server.applied("CreateWorkspace"), 0);
//! # Ok(()) }
//! ```
//!
//! What a request gets:
//! - HTTP Basic auth with the server's credentials, else 401 (code 20003);
//! - invalid parameters a 400 (code 20001) naming the parameter; unknown SIDs and routes a
//!   404 (code 20404);
//! - a create stores what was sent, over the schema's defaults (`null` where it has none):
//!   never the spec's example values for fields the request could have set. Fields only the
//!   server sets (an `archived` flag, `links`) start as the spec's example shows them.
//!   Seeded records ([`Server::seed`]) are the spec's example, with fresh ids;
//! - an update lays the request's fields over the stored record and moves `date_updated`;
//!   an action (`…/{Sid}/Archive`) sets the state its example shows changed; a delete
//!   removes everything nested under the record.
//!
//! Where things live: [`model`] (the spec → resources, operations, routes), `handler` (one
//! request, start to end), `store` (records, paging), `validate` (parameter checks, error
//! bodies), `record` (building records), [`Fault`] and [`Hook`] (what tests inject),
//! [`rules`] (the seam for product rules), `server` ([`Server`], its handle).
//!
//! A product adds what its service does beyond its spec (unique names, linked records,
//! listing order, a singleton's update semantics) by implementing [`Rules`]; the engine
//! never calls product code by name.
#![warn(missing_docs)]

mod admin;
mod error;
mod example;
mod faults;
mod handler;
mod hooks;
pub mod model;
mod net;
mod record;
pub mod rules;
mod server;
mod store;
mod validate;

pub use error::MockError;
pub use example::ExampleRequest;
pub use faults::{Fault, FaultId};
pub use handler::RequestLine;
pub use hooks::{Hook, HookId};
pub use model::{Model, OpKind, Operation, Resource, ResourceId};
pub use rules::{ListOrder, NoRules, Rules};
pub use server::{Server, ServerBuilder};
pub use twilio_spec::product::Declarations;
pub use validate::{ApiError, Field};

/// Request counters of one operation, see [`Server::stats`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpStats {
    /// Requests routed to the operation (including rejected and faulted ones).
    pub requests: u64,
    /// Successful state changes (creates, updates, deletes, actions) applied.
    pub applied: u64,
}
