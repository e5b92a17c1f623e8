//! Credentials.
//!
//! What is protected, and how:
//! - the secret half (auth token or API key secret) is held in a [`secrecy::SecretString`]:
//!   never in `Debug`, and its memory is zeroed when the credentials are dropped;
//! - it leaves only as the `Authorization` header. The client encodes that header once and
//!   keeps it for its lifetime, marked sensitive so that HTTP-level logging (hyper, reqwest,
//!   tracing) never shows it. That copy lives in an `http::HeaderValue`, which is shared by
//!   the requests in flight and is **not** zeroed when the client is dropped: a process
//!   memory dump can hold it, as it can hold the bytes written to the socket;
//! - it is sent only to the configured API host (see `crate::transport`), and never appears
//!   in errors, `Debug` or `Display`.

use crate::error::{Error, Result};
use base64::Engine as _;
use reqwest::header::HeaderValue;
use secrecy::{ExposeSecret, SecretString};
use std::fmt;

/// How the client authenticates: HTTP Basic with the account's auth token, or with an API key.
#[derive(Clone)]
pub struct Credentials {
    account_sid: String,
    username: String,
    secret: SecretString,
    kind: Kind,
}

/// Which secret: the account's auth token, or an API key's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    AuthToken,
    ApiKey,
}

impl Credentials {
    /// The account SID (`AC…`) and its auth token.
    pub fn auth_token(account_sid: impl Into<String>, auth_token: impl Into<String>) -> Self {
        let account_sid = account_sid.into();
        Credentials {
            username: account_sid.clone(),
            account_sid,
            secret: SecretString::from(auth_token.into()),
            kind: Kind::AuthToken,
        }
    }

    /// An API key (`SK…`) and its secret, acting for the account `account_sid`.
    pub fn api_key(
        account_sid: impl Into<String>,
        api_key_sid: impl Into<String>,
        api_key_secret: impl Into<String>,
    ) -> Self {
        Credentials {
            account_sid: account_sid.into(),
            username: api_key_sid.into(),
            secret: SecretString::from(api_key_secret.into()),
            kind: Kind::ApiKey,
        }
    }

    /// The account SID.
    pub fn account_sid(&self) -> &str {
        &self.account_sid
    }

    /// Checks the shapes Twilio documents: `AC` + 32 hex, `SK` + 32 hex, a non-empty secret.
    pub(crate) fn validate(&self) -> Result<()> {
        if !crate::sid::is_well_formed(&self.account_sid, "AC") {
            return Err(config(
                "account_sid",
                "expected `AC` followed by 32 hexadecimal digits",
            ));
        }
        if self.kind == Kind::ApiKey && !crate::sid::is_well_formed(&self.username, "SK") {
            return Err(config(
                "api_key",
                "expected `SK` followed by 32 hexadecimal digits",
            ));
        }
        if self.secret.expose_secret().is_empty() {
            let field = if self.kind == Kind::ApiKey {
                "api_key_secret"
            } else {
                "auth_token"
            };
            return Err(config(field, "must not be empty"));
        }
        Ok(())
    }

    /// `Basic base64(username:secret)`, marked sensitive.
    pub(crate) fn header(&self) -> Result<HeaderValue> {
        let raw = format!("{}:{}", self.username, self.secret.expose_secret());
        let encoded = base64::engine::general_purpose::STANDARD.encode(raw);
        let mut value = HeaderValue::from_str(&format!("Basic {encoded}"))
            .map_err(|_| config("credentials", "cannot be sent as an HTTP header"))?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Credentials");
        d.field("account_sid", &self.account_sid);
        if self.username != self.account_sid {
            d.field("api_key", &self.username);
        }
        d.field("secret", &"***").finish()
    }
}

pub(crate) fn config(field: &str, message: &str) -> Error {
    Error::Config {
        field: field.to_string(),
        message: message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AC: &str = "AC0123456789abcdef0123456789abcdef";
    const SK: &str = "SK0123456789abcdef0123456789abcdef";

    #[test]
    fn debug_hides_the_secret() {
        let c = Credentials::api_key(AC, SK, "s3cr3t-value");
        let shown = format!("{c:?} {c:#?}");
        assert!(!shown.contains("s3cr3t-value"));
        assert!(shown.contains(AC) && shown.contains("***"));
    }

    #[test]
    fn header_is_basic_and_sensitive() {
        let h = Credentials::auth_token(AC, "token").header().unwrap();
        assert!(h.is_sensitive());
        let expected = base64::engine::general_purpose::STANDARD.encode(format!("{AC}:token"));
        assert_eq!(h.to_str().unwrap(), format!("Basic {expected}"));
        assert!(!format!("{h:?}").contains(&expected));
    }

    #[test]
    fn shapes_are_checked() {
        assert!(Credentials::auth_token(AC, "t").validate().is_ok());
        assert!(Credentials::auth_token("AC123", "t").validate().is_err());
        assert!(Credentials::auth_token(AC, "").validate().is_err());
        assert!(Credentials::api_key(AC, "SKnope", "s").validate().is_err());
        assert!(Credentials::api_key(AC, SK, "s").validate().is_ok());
    }
}
