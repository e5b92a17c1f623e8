//! The runtime of clients generated from Twilio's OpenAPI specs by `twilio-codegen`.
//!
//! It knows Twilio's conventions (HTTP Basic credentials, form bodies with repeated keys,
//! `meta.next_page_url` paging, the error body, SIDs, `Retry-After`) and no particular API:
//! nothing here names a generated type. A product crate includes the code
//! generated from its spec, which calls into this crate, and re-exports what its users need.
//!
//! - [`config`] and [`auth`]: building a client ([`ClientBuilder`], [`Credentials`]);
//! - [`transport`]: the one path every request takes (credentials only to the configured
//!   host, User-Agent, retries, timeout, size limit, tracing without secrets);
//! - [`retry`]: which requests are retried, and when ([`RetryPolicy`]);
//! - [`error`]: one typed [`Error`] for everything a call can fail with;
//! - [`pagination`]: streams over list operations;
//! - [`catalogue`] and [`dynamic`]: an API's operations described as data, and calling them by
//!   name with JSON or text values (checked as the typed setters check them);
//! - [`wire`]: Twilio's form encoding, request URLs;
//! - [`sid`], [`enums`], [`timestamp`]: how SIDs, enums and timestamps decode.
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[doc(hidden)]
#[path = "generated_api.rs"]
pub mod __generated;
pub mod auth;
pub mod catalogue;
pub mod config;
pub mod dynamic;
#[doc(hidden)]
pub mod enums;
pub mod error;
pub mod pagination;
pub mod retry;
pub mod sid;
#[doc(hidden)]
pub mod timestamp;
mod tls;
pub mod transport;
#[doc(hidden)]
pub mod validation;
#[doc(hidden)]
pub mod wire;

pub use auth::Credentials;
/// The body of a response that has no JSON schema (a file, a redirect), as `send` returns it.
pub use bytes::Bytes;
pub use config::{ApiClient, ClientBuilder};
pub use error::{Error, OptionalExt, Problem, Result, TwilioError};
pub use retry::RetryPolicy;
pub use transport::ClientState;

#[cfg(test)]
pub(crate) mod testing {
    use crate::{ApiClient, ClientBuilder, ClientState, Credentials};

    /// A client as the generator makes them, for the runtime's own tests.
    pub(crate) struct TestClient {
        pub(crate) baseurl: String,
        pub(crate) inner: ClientState,
    }

    impl ApiClient for TestClient {
        const DEFAULT_HOST: &'static str = "example-api.twilio.com";
        const PRODUCT: &'static str = "twilio-test-rust/0.0.0";
        fn request_span(operation: &'static str) -> tracing::Span {
            crate::request_span!("twilio_test.request", operation)
        }
        fn from_state(base_url: &str, _http: reqwest::Client, state: ClientState) -> Self {
            TestClient {
                baseurl: base_url.to_string(),
                inner: state,
            }
        }
        fn state(&self) -> &ClientState {
            &self.inner
        }
    }

    fn builder(base: &str) -> ClientBuilder<TestClient> {
        ClientBuilder::<TestClient>::default()
            .base_url(base)
            .credentials(Credentials::auth_token(
                "AC0123456789abcdef0123456789abcdef",
                "token",
            ))
    }

    /// A client of `base` with test credentials.
    pub(crate) fn client(base: &str) -> TestClient {
        builder(base).build().expect("test client builds")
    }

    /// The same, with lenient pattern checks.
    pub(crate) fn lenient_client(base: &str) -> TestClient {
        builder(base)
            .lenient_patterns(true)
            .build()
            .expect("test client builds")
    }
}
