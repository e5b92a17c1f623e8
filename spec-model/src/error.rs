//! Spec errors. Each names the spec location it is about, so an unknown construct in a new
//! Twilio release reads as "fix-up needed at #/paths/…", not a panic inside a generator.

/// An error reading or fixing up a spec.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec text is not valid YAML/JSON.
    #[error("spec does not parse: {0}")]
    Parse(String),
    /// A spec construct the fix-ups do not handle.
    #[error("unsupported spec construct at {location}: {message}")]
    Unsupported {
        /// JSON-pointer-like location in the spec.
        location: String,
        /// What is wrong there.
        message: String,
    },
}

impl Error {
    /// An [`Error::Unsupported`] at `location`.
    pub fn unsupported(location: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Unsupported {
            location: location.into(),
            message: message.into(),
        }
    }
}

/// Result alias for reading specs.
pub type Result<T, E = Error> = std::result::Result<T, E>;
