//! Typed async client for Twilio's Flex REST API v1 (`https://flex-api.twilio.com/v1/…`).
//!
//! Every operation of Twilio's OpenAPI release (vendored byte for byte in `spec/flex_v1.yaml`)
//! is generated at build time into a typed builder; a small hand-written layer adds what the
//! spec doesn't say.
//!
//! # Map
//!
//! - **The client**: [`Client::builder`] (credentials, region/edge or a base URL, timeouts,
//!   [retries](RetryPolicy), User-Agent, [`lenient_patterns`](ClientBuilder::lenient_patterns))
//!   or [`Client::from_env`]. [`config`] and [`auth`] hold the details.
//! - **Operations** are methods on [`Client`] named after Twilio's operationIds in snake case;
//!   each returns a builder in [`builder`] with one setter per parameter and body field, and
//!   `send().await` returns a type of [`types`]. By resource family:
//!   - Flex Flows: `create_flex_flow`, `list_flex_flow`, `fetch_flex_flow`, `update_flex_flow`,
//!     `delete_flex_flow`; their `Integration.*` fields set together with
//!     [`options::Integration`];
//!   - Channels and Web Channels: `create_channel`, …, `create_web_channel`, …;
//!   - Configuration: `fetch_configuration`, `update_configuration` (a typed setter per
//!     writable property);
//!   - Interactions and their Channels, Invites, Participants and Transfers:
//!     `create_interaction`, `fetch_interaction`, `list_interaction_channel`,
//!     `create_interaction_channel_invite`, `update_interaction_channel_participant`,
//!     `create_interaction_transfer`, …;
//!   - the Plugin Service: plugins, versions, configurations, configured plugins, releases
//!     (`create_plugin`, `create_plugin_version`, `create_plugin_configuration`,
//!     `create_plugin_release`, …);
//!   - Insights quality management: assessments, questionnaires, categories, questions,
//!     segments, conversations, settings, user roles (`list_insights_segments`, …);
//!   - the account's provisioning status: `fetch_provisioning_status`.
//!
//!   `api/flex_v1.txt` in the repository lists them all with their setters and types.
//! - **Lists**: list builders have `.stream()` (items, next page requested while this one is
//!   consumed) and `.pages()` (pages with metadata, resumable); see [`pagination`]. Their
//!   types have names in [`streams`] (`streams::ListFlexFlowItems<'a>` for
//!   `list_flex_flow().stream()`).
//! - **Every operation by name**: [`operations`] describes each operation as data (command
//!   name, parameters with their flags and checks, list keys) and [`Client::operation`] calls
//!   one with values given as text or JSON, checked by the typed setters' rules; what the
//!   `twilio-flex api` command is built on.
//! - **Errors**: one [`Error`] for everything a call can fail with: Twilio's error body
//!   ([`TwilioError`]), invalid input caught before sending, transport, decoding; see [`error`].
//! - **SIDs and enums**: one type per SID prefix ([`sid`]); enums are strict for the caller
//!   (`Enum::unrecognized("…")` sends a value newer than this crate) and lenient for the wire.
//! - **Retries**: [`RetryPolicy`]: 429 on every method, connection failures and 502/503/504 on
//!   GET and DELETE only, `Retry-After` honoured, all within the call's timeout; see [`retry`].
//! - **Testing**: [`mock`] (feature `mock`) is an in-process, stateful fake of the whole API,
//!   driven by the same spec, with fault injection and hooks: the `twilio-mock` engine with
//!   the Flex service's own rules.
//! - **Webhooks**: [`webhook`] checks `X-Twilio-Signature` on what Twilio sends you (Flex Flow
//!   external integrations, Studio, TaskRouter, Conversations), with a tower layer for axum
//!   behind `webhook-axum`. It doesn't use the client.
//! - **Releasing plugins**: `plugins` (built when the spec has the Plugin Service) turns a
//!   Flex UI plugin release (plugin, version, configuration, release) into one plan that can be
//!   shown, applied, resumed after a failure and rolled back.
//! - **Configuration as code**: [`configuration`]: [`Client::edit_configuration`] (a closure on
//!   the typed configuration) and [`Client::merge_configuration`] (a JSON merge patch) fetch the
//!   Flex Configuration, change it locally and return a [`ConfigurationEdit`] with a readable
//!   diff, which posts each changed property whole (Twilio replaces JSON properties whole) and
//!   refuses with [`Error::Conflict`] when what it would write changed in between. The update's
//!   typed setters exist for every writable property; the read-only ones (`account_sid`,
//!   `date_created`, `date_updated`, `status`, `url`, `service_version`, `runtime_domain`,
//!   `flex_service_instance_sid`, `flex_instance_sid`) have none.
//!
//! ```no_run
//! use twilio_flex::{options::Integration, Client, Credentials};
//!
//! # async fn run() -> twilio_flex::Result<()> {
//! let client = Client::builder()
//!     .credentials(Credentials::auth_token("AC0123456789abcdef0123456789abcdef", "your_auth_token"))
//!     .build()?;
//! let flow = client
//!     .create_flex_flow()
//!     .friendly_name("Support")
//!     .chat_service_sid("IS0123456789abcdef0123456789abcdef")
//!     .channel_type("sms")
//!     .integration(Integration::studio("FW0123456789abcdef0123456789abcdef").retry_count(2))
//!     .send()
//!     .await?;
//! println!("created {:?}", flow.sid);
//! # Ok(())
//! # }
//! ```
//!
//! # Responses in tests
//!
//! The structs of [`types`] (responses, request bodies and what is inside them) are
//! `#[non_exhaustive]`: Twilio adds fields in minor releases, and under Rust's semver rules
//! that is minor only for a struct nobody outside the crate builds with a literal. A test
//! builds a response from `Default` and assigns the fields it needs:
//!
//! ```
//! use twilio_flex::types::FlexFlow;
//!
//! let mut flow = FlexFlow::default();
//! flow.friendly_name = Some("Support".into());
//! flow.sid = Some("FO0123456789abcdef0123456789abcdef".parse().unwrap());
//! assert_eq!(flow.friendly_name.as_deref(), Some("Support"));
//! ```
//!
//! A request body is built with the operation's setters, or with its builder
//! (`types::CreateFlexFlowRequest::builder()`) for `.body(…)`.
//!
//! # How it is built
//!
//! This crate is the Flex product on top of four crates that know no Flex: `twilio-spec`
//! (Twilio's spec language: fix-ups, naming, the operations model, declarations),
//! `twilio-codegen` (run by this crate's `build.rs`: progenitor plus named post-processing
//! passes and emitters), `twilio-runtime` (credentials, the one send path, retries,
//! pagination, errors, wire format; re-exported here as [`config`], [`error`], [`retry`], …)
//! and `twilio-mock` (the spec-driven mock engine behind [`mock`], with the Flex rules in this
//! crate). The generated code is kept in its own module; the hand-written helpers
//! ([`configuration`], `plugins`, [`webhook`]) use its public API. README's "How it is built"
//! says where each concern lives.
//!
//! # Features
//!
//! - `rustls` (default): TLS with rustls and aws-lc-rs; `rustls-ring`: rustls with `ring`
//!   instead (no C toolchain); `native-tls`: the platform's TLS.
//! - `mock`: [`mock`], the in-process fake of the API.
//! - `webhook-axum`: the axum layer of [`webhook`].
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The runtime's modules, as this crate's (see `runtime/`).
pub use twilio_runtime::{auth, config, error, pagination, retry, sid};
pub mod webhook;

// Every operation by name: the generated catalogue and calls by name.
pub mod operations;

#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
pub mod mock;

// Exists when the spec has the Plugin Service (build.rs sets the cfg; see declarations.rs).
#[cfg(twilio_flex_plugins)]
pub mod plugins;

// Exists when the spec's Configuration can be edited (see declarations.rs).
#[cfg(twilio_flex_configuration)]
pub mod configuration;
#[cfg(twilio_flex_configuration)]
pub use configuration::ConfigurationEdit;

/// The code generated from the spec (progenitor's client, builders and types, plus ours).
#[allow(
    dead_code,
    missing_docs,
    unused_mut,
    unused_imports,
    clippy::all,
    rustdoc::bare_urls
)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/flex_v1.rs"));
}

pub use twilio_runtime::{
    Credentials, Error, OptionalExt, Problem, Result, RetryPolicy, TwilioError,
};

/// Configures a [`Client`]; start with [`Client::builder`].
pub type ClientBuilder = twilio_runtime::ClientBuilder<Client>;
#[cfg(feature = "contract")]
#[doc(hidden)]
pub use generated::contract as __contract;
pub use generated::{Client, builder, options, streams, types};

/// The README's Rust examples compile (`cargo test --doc --all-features`). Each is a complete
/// program with no hidden lines, as a user pastes it; `scripts/check-readme-crate` also builds
/// them in a crate of their own made from README's install snippet, and runs the first one's
/// test and the test file against the mock (the doctest can't: `#[cfg(test)]` and
/// `#[tokio::test]` items aren't compiled in doctests).
#[cfg(all(doctest, feature = "mock", feature = "webhook-axum"))]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
