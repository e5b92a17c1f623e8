//! Exit codes, documented in `--help` and README's "Command line" (tested in
//! `cli/tests/cli/exit_codes.rs`), and how an error maps to one.

/// Success (a plan or diff with changes too, unless `--detailed-exitcode`).
pub const OK: i32 = 0;
/// Anything not listed below (an unexpected answer, a version string taken by another URL, an
/// archived plugin, no release to roll back to, output that can't be written).
pub const ERROR: i32 = 1;
/// Usage: an unknown flag, a bad value (refused by the library's rules before anything is
/// sent), missing or malformed credentials, an unreadable patch file. Nothing was sent. (Also
/// clap's own status for usage errors.)
pub const USAGE: i32 = 2;
/// A plan or diff run with `--detailed-exitcode` found changes to make (like `terraform plan
/// -detailed-exitcode`'s 2, which here is taken by usage errors).
pub const CHANGES: i32 = 3;
/// Twilio answered with an error status (other than 401/403).
pub const API: i32 = 4;
/// Twilio refused the credentials (401) or their rights (403).
pub const AUTH: i32 = 5;
/// The request didn't complete: connection failed, timed out, cut off.
pub const NETWORK: i32 = 6;
/// A plugin release or rollback plan became stale: another release became active after it was
/// made; nothing was released. Run the command again to plan on the active release.
pub const STALE: i32 = 7;
/// The Flex Configuration changed since it was read, in a property the patch writes; nothing
/// was written. Run the command again.
pub const CONFLICT: i32 = 8;

/// The exit code of a library error.
pub fn of(error: &twilio_flex::Error) -> i32 {
    use twilio_flex::Error;
    match error {
        Error::InvalidRequest { .. } | Error::Config { .. } => USAGE,
        Error::Api(e) if matches!(e.status, 401 | 403) => AUTH,
        Error::Api(_) => API,
        Error::Transport { .. } => NETWORK,
        Error::Conflict { .. } => CONFLICT,
        _ => ERROR,
    }
}

/// A command that failed: its exit code, what to print on stderr, and with `--json` the error
/// document printed on stdout.
#[derive(Debug)]
pub struct Failure {
    /// The exit code.
    pub code: i32,
    /// One or more lines, without the `error: ` prefix.
    pub message: String,
    /// `{"error": {...}}` for `--json`.
    pub json: serde_json::Value,
}

impl Failure {
    /// A failure with a plain message and kind.
    pub fn new(code: i32, kind: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Failure {
            code,
            json: serde_json::json!({"error": {"kind": kind, "message": message, "exit_code": code}}),
            message,
        }
    }

    /// A usage failure.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(USAGE, "usage", message)
    }

    /// A library error, with what it says (field, status, Twilio code) in the JSON.
    pub fn library(error: &twilio_flex::Error) -> Self {
        let code = of(error);
        let mut failure = Self::new(code, kind(code), error.to_string());
        let detail = &mut failure.json["error"];
        match error {
            twilio_flex::Error::InvalidRequest { field, .. } => {
                detail["field"] = field.as_str().into()
            }
            twilio_flex::Error::Config { field, .. } => detail["field"] = field.as_str().into(),
            twilio_flex::Error::Api(e) => {
                detail["status"] = e.status.into();
                detail["code"] = e.code.into();
                detail["operation"] = e.operation.into();
                detail["request_id"] = e.request_id.clone().into();
            }
            twilio_flex::Error::Conflict { properties, .. } => {
                detail["properties"] = properties.clone().into()
            }
            _ => {}
        }
        failure
    }
}

/// The `kind` of an exit code in `--json` errors.
pub fn kind(code: i32) -> &'static str {
    match code {
        USAGE => "usage",
        API => "api",
        AUTH => "auth",
        NETWORK => "network",
        STALE => "stale",
        CONFLICT => "conflict",
        _ => "error",
    }
}
