//! Generator errors: the spec's own ([`twilio_spec::Error`]: it doesn't parse, or a construct
//! the fix-ups don't know, at a spec location) and what generating code from it can hit.

/// An error from code generation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec text is not valid YAML/JSON.
    #[error("spec does not parse: {0}")]
    Parse(String),
    /// A spec construct the fix-ups or the emitter do not handle.
    #[error("unsupported spec construct at {location}: {message}")]
    Unsupported {
        /// JSON-pointer-like location in the spec.
        location: String,
        /// What is wrong there.
        message: String,
    },
    /// progenitor/typify refused the fixed-up spec.
    #[error("progenitor failed: {0}")]
    Progenitor(String),
    /// The generated tokens did not have the shape post-processing expects.
    #[error("post-processing generated code: {0}")]
    PostProcess(String),
}

impl From<twilio_spec::Error> for Error {
    fn from(e: twilio_spec::Error) -> Self {
        match e {
            twilio_spec::Error::Parse(m) => Error::Parse(m),
            twilio_spec::Error::Unsupported { location, message } => {
                Error::Unsupported { location, message }
            }
        }
    }
}

impl Error {
    pub(crate) fn unsupported(location: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Unsupported {
            location: location.into(),
            message: message.into(),
        }
    }
}

/// Result alias for the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;
