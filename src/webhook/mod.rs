//! Verifying the webhooks Twilio sends (`X-Twilio-Signature`).
//!
//! A Flex deployment receives Twilio's HTTP callbacks as well as calling Twilio: the webhook of
//! a Flex Flow whose integration type is `external` (`Integration.Url`), Studio and TaskRouter
//! callbacks, Conversations events for custom channels. Twilio signs each of them with the
//! account's auth token; a [`Validator`] checks that signature the way Twilio's official
//! libraries do (twilio-node's `validateRequest` / `validateRequestWithBody`, twilio-python's
//! `RequestValidator.validate`), and `scripts/check-webhook-oracle` checks that it agrees with
//! both on generated requests.
//!
//! ```
//! use twilio_flex::webhook::{Validator, WebhookError};
//!
//! let validator = Validator::new("12345");
//! let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
//! let params: Vec<(String, String)> = [
//!     ("CallSid", "CA1234567890ABCDE"),
//!     ("Caller", "+14158675310"),
//!     ("Digits", "1234"),
//!     ("From", "+14158675310"),
//!     ("To", "+18005551212"),
//! ]
//! .into_iter()
//! .map(|(k, v)| (k.to_string(), v.to_string()))
//! .collect();
//! assert_eq!(validator.check_form(url, &params, "GvWf1cFY/Q7PnoempGyD5oXAezc="), Ok(()));
//! assert_eq!(
//!     validator.check_form(url, &params[1..], "GvWf1cFY/Q7PnoempGyD5oXAezc="),
//!     Err(WebhookError::BadSignature)
//! );
//! ```
//!
//! # What is signed
//!
//! - **Form-encoded requests** (and GETs, with no parameters): the full URL Twilio requested,
//!   followed by each POST parameter's name and value, sorted by name, with no separators.
//!   HMAC-SHA1 with the auth token, Base64. A name that occurs more than once contributes each
//!   of its *distinct* values once, in sorted order (`Digits=5678&Digits=1234&Digits=1234`
//!   signs as `Digits1234Digits5678`): this is what both official libraries do (twilio-node
//!   `Array.from(new Set(values)).sort()`, twilio-python `sorted(set(values))`). Names and
//!   values are sorted by Unicode code point (Rust's `str` order, the same as twilio-python's);
//!   twilio-node sorts by UTF-16 code unit, which differs only between a character above
//!   U+FFFF and one in U+E000..=U+FFFF (see below).
//! - **JSON-bodied requests**: the URL carries `bodySHA256`, the lowercase hex SHA-256 of the
//!   body, and the signature covers the URL alone (no parameters). [`Validator::check_json`]
//!   checks the signature *and* that the body's hash equals `bodySHA256`; a body that doesn't
//!   match is rejected even under a valid signature.
//!
//! # Which URLs are tried
//!
//! Twilio's back end has signed the same configured URL with and without its port (the port is
//! dropped for some HTTPS callbacks: twilio-python#392, #402 and PR #477, twilio-node#411), so
//! the official libraries try several forms of the URL, and so does this crate:
//!
//! 1. the URL as given (with its scheme lower-cased: twilio-python lower-cases it, twilio-node
//!    tries it both ways);
//! 2. if it has an explicit port, the same URL without it. Like both official libraries this
//!    drops *any* port, not only 443/80: a request to `https://host:8443/x` is accepted under a
//!    signature of `https://host/x`, as Twilio signs some HTTPS callbacks without their port.
//!    A port is never changed into another one;
//! 3. if it has no port, the same URL with the scheme's standard port added (`:443` for https,
//!    `:80` for http).
//!
//! The URL is otherwise taken character for character: no percent-decoding or re-encoding, no
//! host lower-casing. It must be an absolute `http`/`https` URL that parses
//! ([`WebhookError::InvalidUrl`] otherwise).
//!
//! Every configured token (see [`Validator::with_token`]) is tried with every form of the URL;
//! each comparison is RustCrypto's constant-time [`hmac::Mac::verify_slice`] on the decoded
//! signature. The header must be the canonical Base64 of a 20-byte HMAC-SHA1 (padding
//! included), as the libraries compare the header as a string.
//!
//! # Where twilio-node and twilio-python differ, and which this crate follows
//!
//! `scripts/check-webhook-oracle` reports each of these separately:
//!
//! - *Sort order*: twilio-node sorts by UTF-16 code unit, twilio-python by code point; they
//!   differ when one string has a character above U+FFFF where the other has one in
//!   U+E000..=U+FFFF. This crate sorts by code point, like twilio-python (and twilio-go,
//!   twilio-ruby, twilio-php).
//! - *Normalised URL fallback*: when the URL as received fails, twilio-node also tries it as
//!   normalised by `new URL()` (host lower-cased, `'` and other characters percent-encoded,
//!   dot segments removed) and with its query re-encoded by Node's legacy `querystring`
//!   (`%7E` becomes `~`). twilio-python doesn't; neither does this crate, which checks only
//!   what was received.
//! - *Re-serialised URL*: twilio-python checks the URL as re-serialised by `urlparse(…).geturl()`,
//!   which drops an empty `?` and lower-cases the scheme; twilio-node checks the URL as
//!   received (and, as above, normalised). This crate checks the URL as received, like
//!   twilio-node, but with its scheme lower-cased, like twilio-python: a signature over an
//!   upper-case scheme is accepted by twilio-node alone.
//!
//! Not generated by the agreement check, because the libraries disagree with each other or
//! fail there, and handled as described: URLs with user info or an IPv6 host (twilio-python's
//! `netloc.split(":")` mangles them; this crate keeps them, like twilio-node); invalid ports
//! (twilio-python raises); an empty `bodySHA256=` (twilio-python then skips the body check;
//! twilio-node rejects, and this crate answers [`WebhookError::MissingBodyHash`]); strings
//! that aren't absolute http(s) URLs, over which both libraries still compute an HMAC and
//! which this crate rejects with [`WebhookError::InvalidUrl`]. Webhooks signed with a
//! SharedKey (`X-Twilio-Webhooks-Signature-Settings`, HMAC-SHA256), which the latest
//! libraries accept, aren't supported.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use subtle::ConstantTimeEq;

#[cfg(feature = "webhook-axum")]
mod axum;
#[cfg(feature = "webhook-axum")]
#[cfg_attr(docsrs, doc(cfg(feature = "webhook-axum")))]
pub use self::axum::{DEFAULT_MAX_BODY_BYTES, WebhookLayer, WebhookService};

/// The header that carries Twilio's signature.
pub const SIGNATURE_HEADER: &str = "X-Twilio-Signature";

/// The query parameter of a JSON webhook's URL that carries the body's SHA-256 (lowercase hex).
pub const BODY_HASH_PARAM: &str = "bodySHA256";

type HmacSha1 = Hmac<Sha1>;

/// Why a webhook was rejected. The messages never contain the signature or a token, so they
/// can be logged as they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// No `X-Twilio-Signature` header, or an empty one.
    #[error("the request has no X-Twilio-Signature header")]
    MissingSignature,
    /// The header isn't the canonical Base64 of a 20-byte HMAC-SHA1 (or isn't visible ASCII).
    #[error("the X-Twilio-Signature header is not a Base64-encoded HMAC-SHA1")]
    MalformedSignature,
    /// A well-formed signature that matches the URL and parameters under no configured token.
    #[error(
        "the X-Twilio-Signature header does not match the request under any configured auth token"
    )]
    BadSignature,
    /// A JSON webhook whose URL has no (or an empty) `bodySHA256` query parameter.
    #[error("the URL has no bodySHA256 query parameter, which a JSON webhook must carry")]
    MissingBodyHash,
    /// The signature is valid but the body's SHA-256 isn't the URL's `bodySHA256`.
    #[error("the body's SHA-256 does not match the URL's bodySHA256")]
    BodyHashMismatch,
    /// The URL isn't an absolute `http`/`https` URL that parses (or a forwarded header, when
    /// trusted, doesn't make one).
    #[error("the webhook URL is not an absolute http(s) URL")]
    InvalidUrl,
    /// The body is longer than the configured limit (axum layer).
    #[error("the request body is larger than the limit of {limit} bytes")]
    BodyTooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The body could not be read (axum layer).
    #[error("the request body could not be read")]
    BodyUnreadable,
    /// A non-empty body that is neither form-encoded nor JSON, on a URL without `bodySHA256`
    /// (axum layer): nothing would cover it, so it is refused.
    #[error("the request body is neither form-encoded nor JSON")]
    UnsupportedContentType,
}

/// `?` on a webhook error in a function returning [`crate::Result`]: it becomes
/// [`Error::Other`](crate::Error::Other), and `err.downcast_ref::<WebhookError>()` gives it
/// back.
impl From<WebhookError> for crate::Error {
    fn from(e: WebhookError) -> Self {
        crate::Error::other(e)
    }
}

impl WebhookError {
    /// A short, stable name for logs and metrics (`"bad_signature"`, …).
    pub fn code(&self) -> &'static str {
        match self {
            WebhookError::MissingSignature => "missing_signature",
            WebhookError::MalformedSignature => "malformed_signature",
            WebhookError::BadSignature => "bad_signature",
            WebhookError::MissingBodyHash => "missing_body_hash",
            WebhookError::BodyHashMismatch => "body_hash_mismatch",
            WebhookError::InvalidUrl => "invalid_url",
            WebhookError::BodyTooLarge { .. } => "body_too_large",
            WebhookError::BodyUnreadable => "body_unreadable",
            WebhookError::UnsupportedContentType => "unsupported_content_type",
        }
    }
}

/// The decoded POST parameters of a form-encoded webhook, as [`Validator::check_form`] and
/// [`compute_signature`] take them: pairs of names and values in any order, repeated names
/// included.
///
/// Implemented for slices, arrays and `Vec`s of pairs (`&[(String, String)]`,
/// `&[("Body", "hi")]`, `&params[1..]`, `&vec`, a `&[]` of no parameters) and for `HashMap`s
/// and `BTreeMap`s of names to values (what `axum::Form<HashMap<String, String>>` gives; a map
/// holds one value per name, so a webhook that repeats a name needs a list of pairs). Names
/// and values may be `String`s, `&str`s or anything else that is `AsRef<str>`, except in
/// arrays, which are of `&str` pairs so that `&[]` needs no type annotation (a `String` array
/// is taken as a slice: `&[..][..]`).
pub trait FormParams {
    /// Calls `f` with each name and value.
    fn for_each_param<'a>(&'a self, f: &mut dyn FnMut(&'a str, &'a str));
}

impl<K: AsRef<str>, V: AsRef<str>> FormParams for [(K, V)] {
    fn for_each_param<'a>(&'a self, f: &mut dyn FnMut(&'a str, &'a str)) {
        for (name, value) in self {
            f(name.as_ref(), value.as_ref());
        }
    }
}

impl<K: AsRef<str>, V: AsRef<str>> FormParams for Vec<(K, V)> {
    fn for_each_param<'a>(&'a self, f: &mut dyn FnMut(&'a str, &'a str)) {
        self.as_slice().for_each_param(f);
    }
}

// One array impl only: with a second one, `&[]` (no parameters) would no longer infer.
impl<const N: usize> FormParams for [(&str, &str); N] {
    fn for_each_param<'a>(&'a self, f: &mut dyn FnMut(&'a str, &'a str)) {
        self.as_slice().for_each_param(f);
    }
}

impl<K: AsRef<str>, V: AsRef<str>, S> FormParams for HashMap<K, V, S> {
    fn for_each_param<'a>(&'a self, f: &mut dyn FnMut(&'a str, &'a str)) {
        for (name, value) in self {
            f(name.as_ref(), value.as_ref());
        }
    }
}

impl<K: AsRef<str>, V: AsRef<str>> FormParams for BTreeMap<K, V> {
    fn for_each_param<'a>(&'a self, f: &mut dyn FnMut(&'a str, &'a str)) {
        for (name, value) in self {
            f(name.as_ref(), value.as_ref());
        }
    }
}

/// Checks `X-Twilio-Signature` against one or more auth tokens.
///
/// Built from the account's auth token; [`with_token`](Validator::with_token) adds another, so
/// that a request signed with either is accepted while a token is being rotated (Twilio's
/// secondary auth token). The tokens are held in [`SecretString`]s and never shown: `Debug`
/// prints only how many there are.
#[derive(Clone)]
pub struct Validator {
    tokens: Vec<SecretString>,
}

impl fmt::Debug for Validator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validator")
            .field("tokens", &self.tokens.len())
            .finish()
    }
}

impl Validator {
    /// A validator for requests signed with `auth_token`. An empty token accepts nothing
    /// (every check answers [`WebhookError::BadSignature`]), so that a missing configuration
    /// can't turn into signatures anyone can compute.
    pub fn new(auth_token: impl Into<String>) -> Self {
        Validator {
            tokens: vec![SecretString::from(auth_token.into())],
        }
    }

    /// Also accepts requests signed with `auth_token` (for rotation: the current and the
    /// secondary token). Tokens are tried in the order they were added.
    pub fn with_token(mut self, auth_token: impl Into<String>) -> Self {
        self.tokens.push(SecretString::from(auth_token.into()));
        self
    }

    /// Checks a form-encoded POST (or, with no `params`, a GET): `url` is the full URL Twilio
    /// requested, query string included; `params` the decoded POST parameters in any order,
    /// repeated names included (pairs or a map: see [`FormParams`]); `signature` the
    /// `X-Twilio-Signature` header.
    ///
    /// Errors, in the order they are checked: [`MissingSignature`](WebhookError::MissingSignature),
    /// [`InvalidUrl`](WebhookError::InvalidUrl),
    /// [`MalformedSignature`](WebhookError::MalformedSignature),
    /// [`BadSignature`](WebhookError::BadSignature).
    pub fn check_form<P: FormParams + ?Sized>(
        &self,
        url: &str,
        params: &P,
        signature: &str,
    ) -> Result<(), WebhookError> {
        let (tag, urls) = prepare(url, signature)?;
        self.verify(&urls, &form_suffix(params), &tag)
    }

    /// Checks a JSON-bodied request: `url` is the full URL Twilio requested, which carries
    /// `bodySHA256`; `body` the raw body bytes; `signature` the `X-Twilio-Signature` header.
    /// The signature covers the URL alone; the body must hash to `bodySHA256`.
    ///
    /// Errors, in the order they are checked: [`MissingSignature`](WebhookError::MissingSignature),
    /// [`InvalidUrl`](WebhookError::InvalidUrl),
    /// [`MalformedSignature`](WebhookError::MalformedSignature),
    /// [`MissingBodyHash`](WebhookError::MissingBodyHash),
    /// [`BadSignature`](WebhookError::BadSignature),
    /// [`BodyHashMismatch`](WebhookError::BodyHashMismatch).
    pub fn check_json(&self, url: &str, body: &[u8], signature: &str) -> Result<(), WebhookError> {
        let (tag, urls) = prepare(url, signature)?;
        let expected = body_hash_param(url).ok_or(WebhookError::MissingBodyHash)?;
        self.verify(&urls, &[], &tag)?;
        let actual = body_sha256(body);
        if bool::from(actual.as_bytes().ct_eq(expected.as_bytes())) {
            Ok(())
        } else {
            Err(WebhookError::BodyHashMismatch)
        }
    }

    fn verify(&self, urls: &[String], suffix: &[u8], tag: &[u8]) -> Result<(), WebhookError> {
        for token in &self.tokens {
            let key = token.expose_secret().as_bytes();
            // Anyone can compute an HMAC under the empty key: an unset token accepts nothing.
            if key.is_empty() {
                continue;
            }
            for url in urls {
                // HMAC takes keys of any length: this can't fail.
                let Ok(mut mac) = HmacSha1::new_from_slice(key) else {
                    continue;
                };
                mac.update(url.as_bytes());
                mac.update(suffix);
                if mac.verify_slice(tag).is_ok() {
                    return Ok(());
                }
            }
        }
        Err(WebhookError::BadSignature)
    }
}

/// Twilio's signature of a form-encoded request (or, with no `params`, of a GET or a JSON
/// webhook's URL): Base64 of HMAC-SHA1 under `auth_token` over `url` followed by the sorted
/// parameters (pairs or a map: see [`FormParams`]). Exactly `url` is signed; no port is added
/// or removed.
///
/// For tests and for clients that send signed requests (this crate's tests, examples and the
/// agreement check use it); a server checks requests with [`Validator`].
pub fn compute_signature<P: FormParams + ?Sized>(
    auth_token: &str,
    url: &str,
    params: &P,
) -> String {
    let mut mac = HmacSha1::new_from_slice(auth_token.as_bytes()).expect("HMAC takes any key");
    mac.update(url.as_bytes());
    mac.update(&form_suffix(params));
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// The lowercase hex SHA-256 of `body`: the `bodySHA256` a JSON webhook's URL carries.
pub fn body_sha256(body: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(body);
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

/// The forms of `url` that are tried, in order (see the module docs): as given with its scheme
/// lower-cased; without its port if it has one; with the scheme's standard port if it has none.
pub fn candidate_urls(url: &str) -> Result<Vec<String>, WebhookError> {
    let parts = UrlParts::split(url).ok_or(WebhookError::InvalidUrl)?;
    let scheme = parts.scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(WebhookError::InvalidUrl);
    }
    match ::url::Url::parse(url) {
        Ok(parsed) if parsed.has_host() => {}
        _ => return Err(WebhookError::InvalidUrl),
    }
    let with = |port: Option<&str>| {
        let mut s = String::with_capacity(url.len() + 4);
        s.push_str(&scheme);
        s.push_str("://");
        s.push_str(parts.userinfo);
        s.push_str(parts.host);
        if let Some(port) = port {
            s.push(':');
            s.push_str(port);
        }
        s.push_str(parts.rest);
        s
    };
    let given = with(parts.port);
    let other = match parts.port {
        Some(_) => with(None),
        None => with(Some(if scheme == "https" { "443" } else { "80" })),
    };
    Ok(vec![given, other])
}

/// Checks the header and the URL, and decodes the signature.
fn prepare(url: &str, signature: &str) -> Result<(Vec<u8>, Vec<String>), WebhookError> {
    if signature.is_empty() {
        return Err(WebhookError::MissingSignature);
    }
    let urls = candidate_urls(url)?;
    // STANDARD decoding requires canonical padding and zero trailing bits, so only the one
    // string the libraries would compare equal decodes to a given tag.
    let tag = base64::engine::general_purpose::STANDARD
        .decode(signature)
        .map_err(|_| WebhookError::MalformedSignature)?;
    if tag.len() != <HmacSha1 as hmac::digest::OutputSizeUser>::output_size() {
        return Err(WebhookError::MalformedSignature);
    }
    Ok((tag, urls))
}

/// The parameters as signed: distinct names in order, each followed by each of its distinct
/// values in order.
fn form_suffix<P: FormParams + ?Sized>(params: &P) -> Vec<u8> {
    let mut sorted: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    params.for_each_param(&mut |name, value| {
        sorted.entry(name).or_default().insert(value);
    });
    let mut out = Vec::new();
    for (name, values) in sorted {
        for value in values {
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(value.as_bytes());
        }
    }
    out
}

/// The first non-empty `bodySHA256` of the URL's query, decoded like a form value.
fn body_hash_param(url: &str) -> Option<String> {
    let parsed = ::url::Url::parse(url).ok()?;
    let value = parsed
        .query_pairs()
        .find(|(name, _)| name == BODY_HASH_PARAM)
        .map(|(_, value)| value.into_owned())?;
    (!value.is_empty()).then_some(value)
}

/// `scheme://userinfo@host:port/rest`, split without normalising anything (like
/// twilio-node's `splitUrl`).
struct UrlParts<'a> {
    scheme: &'a str,
    userinfo: &'a str,
    host: &'a str,
    port: Option<&'a str>,
    rest: &'a str,
}

impl<'a> UrlParts<'a> {
    fn split(url: &'a str) -> Option<Self> {
        let (scheme, after) = url.split_once("://")?;
        let mut chars = scheme.chars();
        if !chars.next()?.is_ascii_alphabetic()
            || !chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        {
            return None;
        }
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        let (authority, rest) = after.split_at(end);
        let userinfo_end = authority.rfind('@').map_or(0, |i| i + 1);
        let (userinfo, host_port) = authority.split_at(userinfo_end);
        // A colon starts the port only after the closing bracket of an IPv6 literal.
        let from = host_port.rfind(']').map_or(0, |i| i + 1);
        let (host, port) = match host_port[from..].find(':') {
            Some(i) => (&host_port[..from + i], Some(&host_port[from + i + 1..])),
            None => (host_port, None),
        };
        Some(UrlParts {
            scheme,
            userinfo,
            host,
            port,
            rest,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn candidates_follow_the_libraries() {
        let c = |u| candidate_urls(u).unwrap();
        assert_eq!(
            c("https://h.com/x?a=1"),
            ["https://h.com/x?a=1", "https://h.com:443/x?a=1"]
        );
        assert_eq!(c("http://h.com/x"), ["http://h.com/x", "http://h.com:80/x"]);
        assert_eq!(
            c("https://h.com:443/x"),
            ["https://h.com:443/x", "https://h.com/x"]
        );
        assert_eq!(
            c("https://h.com:8443"),
            ["https://h.com:8443", "https://h.com"]
        );
        assert_eq!(
            c("HTTPS://H.com/%7e"),
            ["https://H.com/%7e", "https://H.com:443/%7e"]
        );
        assert_eq!(
            c("https://u:p@[::1]:99/"),
            ["https://u:p@[::1]:99/", "https://u:p@[::1]/"]
        );
        for bad in [
            "",
            "h.com/x",
            "ftp://h.com/",
            "https://",
            "https://exa mple.com/",
            "https://h:99999/",
        ] {
            assert_eq!(candidate_urls(bad), Err(WebhookError::InvalidUrl), "{bad}");
        }
    }

    #[test]
    fn suffix_sorts_names_then_distinct_values() {
        let s = form_suffix(&pairs(&[
            ("b", "2"),
            ("a", "z"),
            ("a", "y"),
            ("a", "z"),
            ("", "e"),
        ]));
        assert_eq!(s, b"eayazb2");
    }

    #[test]
    fn body_hash_is_lowercase_hex() {
        assert_eq!(
            body_sha256(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn error_codes_are_distinct() {
        let all = [
            WebhookError::MissingSignature,
            WebhookError::MalformedSignature,
            WebhookError::BadSignature,
            WebhookError::MissingBodyHash,
            WebhookError::BodyHashMismatch,
            WebhookError::InvalidUrl,
            WebhookError::BodyTooLarge { limit: 1 },
            WebhookError::BodyUnreadable,
            WebhookError::UnsupportedContentType,
        ];
        let codes: BTreeSet<_> = all.iter().map(WebhookError::code).collect();
        assert_eq!(codes.len(), all.len());
    }
}
