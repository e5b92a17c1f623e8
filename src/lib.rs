//! Typed async client for Twilio's Flex REST API v1.
//!
//! The client, its request builders and every type are generated at build time from
//! Twilio's OpenAPI release vendored in `spec/flex_v1.yaml` (see `codegen/`). This crate adds
//! a thin hand-written layer: [`config`] and [`auth`] (building a client), [`error`] (typed
//! errors), [`retry`] (which requests are retried), [`hooks`] (the one path every request
//! takes: credentials, retries, timeout, size limit, tracing without secrets),
//! [`pagination`] (streams over list operations), [`wire`] (Twilio's form encoding),
//! [`sid`], [`enums`] and [`timestamp`] (how SIDs, enums and timestamps decode).
//!
//! [`configuration`] is Flex Configuration as code: [`Client::edit_configuration`] (a closure
//! on the typed configuration) and [`Client::merge_configuration`] (a JSON merge patch) fetch
//! it, change it locally and return a [`ConfigurationEdit`] with a readable diff, which posts
//! each changed property whole (Twilio replaces JSON properties whole) and refuses with
//! [`Error::Conflict`] when what it would write changed in between. The update's typed setters
//! exist for every writable property; the read-only ones (`account_sid`, `date_created`,
//! `date_updated`, `status`, `url`, `service_version`, `runtime_domain`,
//! `flex_service_instance_sid`, `flex_instance_sid`) have none.
//!
//! The other direction, Twilio calling your service, is [`webhook`]: checking
//! `X-Twilio-Signature` on the webhooks of Flex Flows, Studio, TaskRouter and Conversations,
//! with a tower layer for axum behind the `webhook-axum` feature. It doesn't use the generated
//! client.
//!
//! ```no_run
//! use twilio_flex::{types, Client, Credentials};
//!
//! # async fn run() -> twilio_flex::Result<()> {
//! let client = Client::builder()
//!     .credentials(Credentials::auth_token("AC0123456789abcdef0123456789abcdef", "your_auth_token"))
//!     .build()?;
//! let flow = client
//!     .create_flex_flow()
//!     .friendly_name("Support")
//!     .chat_service_sid("IS0123456789abcdef0123456789abcdef")
//!     .channel_type(types::FlexFlowChannelType::Sms)
//!     .integration_flow_sid("FW0123456789abcdef0123456789abcdef")
//!     .send()
//!     .await?;
//! println!("created {:?}", flow.sid);
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The runtime's modules, as this crate's (see `runtime/`).
pub use twilio_runtime::{auth, config, error, pagination, retry, sid};
pub mod webhook;

#[cfg(feature = "mock")]
pub mod mock;

#[cfg(twilio_flex_configuration)]
pub mod configuration;
#[cfg(twilio_flex_configuration)]
pub use configuration::ConfigurationEdit;

/// The code generated from the spec (progenitor's client, builders and types, plus ours).
#[allow(
    missing_docs,
    unused_mut,
    unused_imports,
    clippy::all,
    rustdoc::bare_urls
)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/flex_v1.rs"));
}

pub use twilio_runtime::{Credentials, Error, OptionalExt, Result, RetryPolicy, TwilioError};

/// Configures a [`Client`]; start with [`Client::builder`].
pub type ClientBuilder = twilio_runtime::ClientBuilder<Client>;
#[cfg(feature = "contract")]
#[doc(hidden)]
pub use generated::contract as __contract;
pub use generated::{Client, builder, options, types};
