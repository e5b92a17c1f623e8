//! Errors of setting up or driving a server (requests get HTTP error answers instead:
//! [`ApiError`](crate::ApiError)).

/// Errors from setting up or driving a [`Server`](crate::Server) (never from requests:
/// those get HTTP error responses).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MockError {
    /// The OpenAPI document could not be read into a model.
    #[error("the OpenAPI spec could not be loaded: {0}")]
    Spec(String),
    /// The server was started outside a Tokio runtime.
    #[error("the mock server must be started inside a Tokio runtime")]
    NoRuntime,
    /// Binding the listener failed.
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
    /// A state document ([`Server::import_state`](crate::Server::import_state)) is not
    /// one the server can load.
    #[error("invalid state: {0}")]
    InvalidState(String),
}

/// `?` on the engine's errors in a function returning `twilio_runtime::Result` (feature
/// `runtime`): the error is kept whole in `Error::Other`, and `downcast_ref` gives it back.
#[cfg(feature = "runtime")]
impl From<MockError> for twilio_runtime::Error {
    fn from(e: MockError) -> Self {
        twilio_runtime::Error::Other(Box::new(e))
    }
}
