//! One error type for everything the client can fail with.
//!
//! Twilio's spec declares no error responses, so every non-2xx is handled in one place:
//! [`crate::transport::send`] reads its body (size-limited) and turns Twilio's error JSON into
//! [`TwilioError`]. A body that isn't Twilio's JSON (an HTML
//! 502 from a proxy, an empty body) still gives a [`TwilioError`] with the status and an
//! excerpt. No secret is ever part of an error: requests' headers are never copied here.

use std::fmt;

/// Result alias used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything a call can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Twilio answered with an error status (4xx/5xx). Boxed to keep `Result`s small.
    #[error(transparent)]
    Api(Box<TwilioError>),

    /// Values given by the caller were rejected before any request was sent. Every problem
    /// the request has is in `problems`, each named by its setter and its wire name; `field`
    /// and `message` are the first one's.
    #[error("{}", invalid_text(operation, problems, field, message))]
    InvalidRequest {
        /// The operation, e.g. `CreateWidget`.
        operation: &'static str,
        /// The first problem's field or parameter, as named on the wire
        /// (`Integration.FlowSid`).
        field: String,
        /// What was expected of it.
        message: String,
        /// Every problem of the request, the first one included, in the builder's order
        /// (parameters, then body fields). Empty when built with only `field` and `message`
        /// (those are then the one problem).
        problems: Vec<Problem>,
    },

    /// The request didn't complete: connection failure, timeout, interrupted body.
    #[error("{operation}: {kind}: {source}")]
    Transport {
        /// The operation.
        operation: &'static str,
        /// Connect, timeout, or other.
        kind: TransportKind,
        /// The underlying error: reqwest's, or the deadline's (it never contains credentials).
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },

    /// A 2xx response whose body isn't what the spec says.
    #[error("{operation}: could not decode the response: {source}; body starts: {excerpt:?}")]
    Decode {
        /// The operation.
        operation: &'static str,
        /// The first bytes of the body, lossily decoded.
        excerpt: String,
        /// What serde said.
        #[source]
        source: serde_json::Error,
    },

    /// The response body was larger than the configured limit; it was not read in full.
    #[error("{operation}: response body exceeds the limit of {limit} bytes")]
    BodyTooLarge {
        /// The operation.
        operation: &'static str,
        /// The limit in bytes.
        limit: usize,
    },

    /// The client configuration is invalid (credentials, base URL, environment).
    #[error("invalid configuration: `{field}`: {message}")]
    Config {
        /// The setting or environment variable.
        field: String,
        /// What was expected.
        message: String,
    },

    /// A request (an operation's, or a `next_page_url` being followed) was bound for another
    /// origin than the configured API host, so it was not sent: credentials go to that host
    /// only.
    #[error(
        "{operation}: refusing to send credentials to {origin}, which is not the configured API host"
    )]
    ForeignHost {
        /// The operation.
        operation: &'static str,
        /// The origin the request was bound for (`scheme://host:port`).
        origin: String,
    },

    /// Pagination was stopped because following `next_page_url` would be endless or the URL
    /// is not one.
    #[error("{operation}: pagination stopped: {message}")]
    Pagination {
        /// The list operation.
        operation: &'static str,
        /// Why (another host, a repeated URL…).
        message: String,
    },

    /// An error of something built on the client, converted with `?` so that one
    /// [`Result`] serves a whole app: a workflow's (a plugin release), a webhook's setup, the
    /// mock's. Displayed as that error, whose source chain it continues;
    /// [`Error::downcast_ref`] gives it back typed.
    #[error(transparent)]
    Other(Box<dyn std::error::Error + Send + Sync + 'static>),

    /// A read-modify-write found that what it was about to write had changed since it was
    /// read, so it wrote nothing: read again, redo the change, and retry.
    #[error(
        "{operation}: not sent: {} changed since it was read; nothing was written (read again and redo the change)",
        properties.join(", ")
    )]
    Conflict {
        /// The write that was not sent, e.g. `UpdateConfiguration`.
        operation: &'static str,
        /// What changed in between (property names), in the order the write would have set
        /// them.
        properties: Vec<String>,
    },
}

/// One rejected or missing value of a request: see [`Error::InvalidRequest`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Problem {
    /// The builder method that sets it: `friendly_name` (the wire name when there is no
    /// setter of its own, e.g. `resume_from` or a Configuration property).
    pub setter: String,
    /// Its name on the wire: `FriendlyName`.
    pub field: String,
    /// What was expected.
    pub message: String,
}

impl Problem {
    /// A problem of the value set with `setter` (wire name `field`).
    pub fn new(
        setter: impl Into<String>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            setter: setter.into(),
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.setter == self.field {
            write!(f, "`{}`: {}", self.field, self.message)
        } else {
            write!(f, "`{}` (`{}`): {}", self.setter, self.field, self.message)
        }
    }
}

/// `CreateWidget: invalid `friendly_name` (`FriendlyName`): a value is required`, or with
/// several problems, each of them after their count.
fn invalid_text(operation: &str, problems: &[Problem], field: &str, message: &str) -> String {
    match problems {
        [] => format!("{operation}: invalid `{field}`: {message}"),
        [one] => format!("{operation}: invalid {one}"),
        many => {
            let all: Vec<String> = many.iter().map(Problem::to_string).collect();
            format!(
                "{operation}: {} invalid values: {}",
                many.len(),
                all.join("; ")
            )
        }
    }
}

impl Error {
    /// [`Error::InvalidRequest`] with one problem, for a value that has no setter of its
    /// own (a Configuration property, `resume_from`): named by `field` only.
    pub fn invalid_request(
        operation: &'static str,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::invalid_problems(operation, vec![Problem::new(String::new(), field, message)])
    }

    /// [`Error::InvalidRequest`] with these problems (at least one; an empty setter is
    /// the field's wire name).
    pub(crate) fn invalid_problems(operation: &'static str, mut problems: Vec<Problem>) -> Self {
        for p in &mut problems {
            if p.setter.is_empty() {
                p.setter.clone_from(&p.field);
            }
        }
        let (field, message) = problems
            .first()
            .map(|p| (p.field.clone(), p.message.clone()))
            .unwrap_or_else(|| ("request".into(), "rejected".into()));
        Error::InvalidRequest {
            operation,
            field,
            message,
            problems,
        }
    }

    /// The problems of an [`Error::InvalidRequest`] (every one of the request); empty for
    /// any other error.
    pub fn problems(&self) -> &[Problem] {
        match self {
            Error::InvalidRequest { problems, .. } => problems,
            _ => &[],
        }
    }
}

impl Error {
    /// [`Error::Other`] holding `error`, for a product's own error types (`From` impls).
    pub fn other(error: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>) -> Self {
        Error::Other(error.into())
    }

    /// The error an [`Error::Other`] holds, as its own type: `err.downcast_ref::<ReleaseError>()`.
    pub fn downcast_ref<E: std::error::Error + 'static>(&self) -> Option<&E> {
        match self {
            Error::Other(e) => e.downcast_ref(),
            _ => None,
        }
    }
}

impl From<TwilioError> for Error {
    fn from(e: TwilioError) -> Self {
        Error::Api(Box::new(e))
    }
}

/// What kind of transport failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// Could not connect.
    Connect,
    /// The request or the response took longer than the timeout.
    Timeout,
    /// Anything else (reset mid-body, protocol error…).
    Other,
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::Connect => "connection failed",
            TransportKind::Timeout => "timed out",
            TransportKind::Other => "transport error",
        })
    }
}

/// Twilio's error body, or what could be read of a non-JSON error response, with what a
/// support ticket needs: the operation, Twilio's request id, and `Retry-After` when given.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub struct TwilioError {
    /// The operation, e.g. `CreateWidget` (empty when unknown).
    pub operation: &'static str,
    /// HTTP status.
    pub status: u16,
    /// Twilio's id of the request (`Twilio-Request-Id`, `RQ…`), to quote to Twilio's support.
    pub request_id: Option<String>,
    /// How long Twilio asked to wait before trying again (`Retry-After`), when it said.
    pub retry_after: Option<std::time::Duration>,
    /// Twilio's error code (e.g. 20404), when the body carried one.
    pub code: Option<i64>,
    /// Twilio's message, or the status' reason phrase for a non-JSON body.
    pub message: String,
    /// Link to the error's documentation.
    pub more_info: Option<String>,
    /// Extra details Twilio sent, if any.
    pub details: Option<serde_json::Value>,
    /// The start of the body when it wasn't Twilio's error JSON.
    pub body_excerpt: Option<String>,
}

impl fmt::Display for TwilioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.operation.is_empty() {
            write!(f, "{}: ", self.operation)?;
        }
        write!(f, "Twilio API error: HTTP {}", self.status)?;
        if let Some(code) = self.code {
            write!(f, ", code {code}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(info) = &self.more_info {
            write!(f, " ({info})")?;
        }
        if let Some(excerpt) = &self.body_excerpt {
            write!(f, "; body starts: {excerpt:?}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request {id}]")?;
        }
        if let Some(wait) = self.retry_after {
            write!(f, " [retry after {} s]", wait.as_secs())?;
        }
        Ok(())
    }
}

impl TwilioError {
    /// Reads an error response: its body, and the headers support needs.
    pub(crate) fn from_response(
        operation: &'static str,
        status: u16,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Self {
        let mut e = Self::from_body(status, body);
        e.operation = operation;
        e.request_id = headers
            .get("twilio-request-id")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.chars().take(64).collect());
        e.retry_after = crate::retry::retry_after(headers);
        e
    }

    /// Reads an error response body.
    pub(crate) fn from_body(status: u16, body: &[u8]) -> Self {
        #[derive(serde::Deserialize)]
        struct Body {
            code: Option<i64>,
            message: Option<String>,
            more_info: Option<String>,
            details: Option<serde_json::Value>,
        }
        match serde_json::from_slice::<Body>(body) {
            Ok(Body {
                code,
                message: Some(message),
                more_info,
                details,
            }) => TwilioError {
                operation: "",
                status,
                request_id: None,
                retry_after: None,
                code,
                message,
                more_info,
                details,
                body_excerpt: None,
            },
            _ => TwilioError {
                operation: "",
                status,
                request_id: None,
                retry_after: None,
                code: None,
                message: http::StatusCode::from_u16(status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or("error response")
                    .to_string(),
                more_info: None,
                details: None,
                body_excerpt: Some(excerpt(body)),
            },
        }
    }
}

impl Error {
    /// The HTTP status, for API errors.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            _ => None,
        }
    }

    /// Twilio's error code, when the response carried one.
    pub fn code(&self) -> Option<i64> {
        match self {
            Error::Api(e) => e.code,
            _ => None,
        }
    }

    /// Whether Twilio answered 404.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// Whether this is a connection failure or a timeout.
    pub fn is_transport(&self) -> bool {
        matches!(self, Error::Transport { .. })
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(
            self,
            Error::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        )
    }
}

/// `.optional()` on a fetch: a 404 becomes `Ok(None)`.
pub trait OptionalExt<T> {
    /// Turns "not found" into `None`, keeping every other error.
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExt<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// At most this many bytes of a body are kept in an error.
pub(crate) const EXCERPT_BYTES: usize = 256;

/// The start of a body, lossily decoded, without control characters.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let cut = &body[..body.len().min(EXCERPT_BYTES)];
    String::from_utf8_lossy(cut)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// What the generated `send` tells [`finish`] about its operation.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// operationId.
    pub id: &'static str,
    /// Parameters and body fields: (setter, wire name), to name a problem by both.
    pub fields: &'static [(&'static str, &'static str)],
    /// Cross-field rules of declared families of body fields, checked before sending.
    pub families: &'static [crate::validation::FamilyRule],
}

/// Decodes a 2xx body; every generated `send` with a response ends here.
#[doc(hidden)]
pub fn decode<T: serde::de::DeserializeOwned>(op: &Operation, body: &[u8]) -> Result<T> {
    decode_seed(op.id, body, std::marker::PhantomData::<T>)
}

/// Decodes a body with a serde seed (a page decodes into a reused vector this way). The body
/// is checked as UTF-8 once: serde_json then skips checking every string it reads from a
/// `&[u8]` (~7% of decoding a page).
pub(crate) fn decode_seed<S, V>(operation: &'static str, body: &[u8], seed: S) -> Result<V>
where
    S: for<'de> serde::de::DeserializeSeed<'de, Value = V>,
{
    std::str::from_utf8(body)
        .map_err(|e| {
            serde::de::Error::custom(format_args!(
                "invalid UTF-8 at byte {} of the body",
                e.valid_up_to()
            ))
        })
        .and_then(|text| {
            let mut de = serde_json::Deserializer::from_str(text);
            let value = seed.deserialize(&mut de)?;
            de.end().map(|()| value)
        })
        .map_err(|source| Error::Decode {
            operation,
            excerpt: excerpt(body),
            source,
        })
}

/// A request a generated builder could not build: a rejected or missing value, or one reqwest
/// refused. (Responses never reach progenitor's error type: `transport::send` handles them.)
pub(crate) fn request_error(op: &Operation, e: progenitor_client::Error<()>) -> Error {
    use progenitor_client::Error as P;
    match e {
        P::InvalidRequest(message) => invalid_request(op, &message),
        P::CommunicationError(source) => transport(op.id, source),
        other => Error::Config {
            field: "request".into(),
            message: other.to_string(),
        },
    }
}

pub(crate) fn transport(operation: &'static str, source: reqwest::Error) -> Error {
    let kind = if source.is_timeout() {
        TransportKind::Timeout
    } else if source.is_connect() {
        TransportKind::Connect
    } else {
        TransportKind::Other
    };
    Error::Transport {
        operation,
        kind,
        source: Box::new(source.without_url()),
    }
}

fn invalid_request(op: &Operation, message: &str) -> Error {
    let problems = match crate::validation::decode_problems(message) {
        Some(entries) => entries
            .map(|(setter, field, reason)| problem(op, setter, field, reason))
            .collect(),
        None => vec![problem(op, "", "", message)],
    };
    Error::invalid_problems(op.id, problems)
}

/// One problem, named as well as what was known allows: a setter's message is "`Field`:
/// reason"; a required value never set is typify's "no value supplied for rust_name" or
/// progenitor's "rust_name was not initialized"; anything else is about the body.
fn problem(op: &Operation, setter: &str, field: &str, message: &str) -> Problem {
    let missing = message
        .strip_prefix("no value supplied for ")
        .or_else(|| message.strip_suffix(" was not initialized"));
    let (field, reason) = if let Some((named, reason)) = crate::validation::split(message) {
        (named.to_string(), reason.to_string())
    } else if let Some(rust) = missing {
        let wire = if field.is_empty() {
            op.fields
                .iter()
                .find(|(r, _)| *r == rust || r.strip_prefix("body_") == Some(rust))
                .map_or(rust, |(_, w)| *w)
        } else {
            field
        };
        (wire.to_string(), "a value is required".to_string())
    } else if field.is_empty() {
        ("body".to_string(), message.to_string())
    } else {
        (field.to_string(), message.to_string())
    };
    let setter = if setter.is_empty() {
        op.fields
            .iter()
            .find(|(_, w)| *w == field)
            .map_or("", |(r, _)| *r)
    } else {
        setter
    };
    Problem::new(setter, field, reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twilio_json_error_is_parsed() {
        let e = TwilioError::from_body(
            404,
            br#"{"code": 20404, "message": "The requested resource /Widgets/FO1 was not found", "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404}"#,
        );
        assert_eq!(e.code, Some(20404));
        assert!(e.message.contains("not found"));
        assert_eq!(e.body_excerpt, None);
    }

    #[test]
    fn html_and_empty_bodies_keep_status_and_excerpt() {
        let e = TwilioError::from_body(502, b"<html><body>Bad gateway\n</body></html>");
        assert_eq!((e.status, e.code), (502, None));
        assert_eq!(e.message, "Bad Gateway");
        assert!(e.body_excerpt.as_deref().unwrap().starts_with("<html>"));
        let e = TwilioError::from_body(500, b"");
        assert_eq!(e.body_excerpt.as_deref(), Some(""));
        assert!(e.to_string().contains("HTTP 500"));
    }

    #[test]
    fn errors_carry_the_request_id_the_operation_and_retry_after() {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            "Twilio-Request-Id",
            "RQ0123456789abcdef0123456789abcdef".parse().unwrap(),
        );
        headers.insert("Retry-After", "7".parse().unwrap());
        let e = TwilioError::from_response(
            "CreateWidget",
            429,
            &headers,
            br#"{"code": 20429, "message": "Too Many Requests"}"#,
        );
        assert_eq!(e.operation, "CreateWidget");
        assert_eq!(
            e.request_id.as_deref(),
            Some("RQ0123456789abcdef0123456789abcdef")
        );
        assert_eq!(e.retry_after, Some(std::time::Duration::from_secs(7)));
        let text = e.to_string();
        assert!(
            text.starts_with("CreateWidget: Twilio API error: HTTP 429, code 20429")
                && text.contains("[request RQ0123456789abcdef0123456789abcdef]")
                && text.contains("[retry after 7 s]"),
            "{text}"
        );
        let plain = TwilioError::from_response("FetchWidget", 404, &http::HeaderMap::new(), b"");
        assert_eq!((plain.request_id, plain.retry_after), (None, None));
    }

    #[test]
    fn excerpt_is_bounded_and_printable() {
        let long = vec![b'a'; 10_000];
        assert_eq!(excerpt(&long).len(), EXCERPT_BYTES);
        assert_eq!(excerpt(b"a\nb\x00c"), "a b c");
        assert_eq!(excerpt(&[0xff, 0xfe]), "\u{fffd}\u{fffd}");
    }

    #[test]
    fn conflict_names_the_write_and_what_changed() {
        let e = Error::Conflict {
            operation: "UpdateConfiguration",
            properties: vec!["ui_attributes".into(), "taskrouter_skills".into()],
        };
        assert_eq!(
            e.to_string(),
            "UpdateConfiguration: not sent: ui_attributes, taskrouter_skills changed since it \
             was read; nothing was written (read again and redo the change)"
        );
        assert_eq!((e.status(), e.code()), (None, None));
    }

    #[test]
    fn missing_required_field_is_named_as_on_the_wire() {
        let op = Operation {
            id: "CreateWidget",
            fields: &[("friendly_name", "FriendlyName"), ("sid", "Sid")],
            families: &[],
        };
        match invalid_request(&op, "no value supplied for friendly_name") {
            Error::InvalidRequest { field, .. } => assert_eq!(field, "FriendlyName"),
            other => panic!("{other:?}"),
        }
        match invalid_request(&op, "sid was not initialized") {
            Error::InvalidRequest { field, .. } => assert_eq!(field, "Sid"),
            other => panic!("{other:?}"),
        }
        // Named by the setter too, and every problem kept.
        let text = "\u{1e}friendly_name\u{1f}FriendlyName\u{1f}no value supplied for friendly_name\
             \u{1e}sid\u{1f}Sid\u{1f}`Sid`: expected `FO`";
        let e = invalid_request(&op, text);
        assert_eq!(
            e.problems(),
            [
                Problem::new("friendly_name", "FriendlyName", "a value is required"),
                Problem::new("sid", "Sid", "expected `FO`"),
            ]
        );
        assert_eq!(
            e.to_string(),
            "CreateWidget: 2 invalid values: `friendly_name` (`FriendlyName`): a value is \
             required; `sid` (`Sid`): expected `FO`"
        );
        // Without a setter of its own, the field is named once.
        let one = Error::invalid_request("UpdateX", "patch", "expected an object");
        assert_eq!(
            one.to_string(),
            "UpdateX: invalid `patch`: expected an object"
        );
    }
}
