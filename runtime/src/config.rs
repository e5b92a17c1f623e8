//! Building a client: credentials, host (region/edge or a base URL), timeouts, retries,
//! User-Agent, response-size limit. Everything is checked in [`ClientBuilder::build`].
//!
//! The builder is generic over the generated client type ([`ApiClient`]), which says what
//! differs from one Twilio API to the next: its host and the product's User-Agent.

use crate::Result;
use crate::auth::{Credentials, config};
use crate::retry::RetryPolicy;
use crate::transport::{ClientState, State};
use reqwest::header::HeaderValue;
use std::marker::PhantomData;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

/// A client generated from one Twilio API spec, as the runtime sees it. The generator
/// implements it for each generated `Client`.
pub trait ApiClient: Sized {
    /// The API's host, from the spec's `servers` (e.g. `example-api.twilio.com`). Its first
    /// label is the product's (`example-api`): regions and edges are inserted after it. Empty
    /// when the spec names none: a `base_url` is then required.
    const DEFAULT_HOST: &'static str;
    /// The User-Agent's product part, e.g. `twilio-example-rust/0.1.0`.
    const PRODUCT: &'static str;
    /// The span of one call of `operation`, named after the product:
    /// `request_span!(concat!(env!("CARGO_CRATE_NAME"), ".request"), operation)` (what the
    /// generator writes: `twilio_example.request` for a crate named `twilio-example`).
    fn request_span(operation: &'static str) -> tracing::Span;
    /// Wraps the checked state into the client.
    fn from_state(base_url: &str, http: reqwest::Client, state: ClientState) -> Self;
    /// The client's state (credentials, retry policy, base URL…).
    fn state(&self) -> &ClientState;
}

/// Default overall timeout of a call, retries included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Default limit on a response body (lists of 1,000 items are well under 8 MiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// Configures a client; start with the generated `Client::builder()`.
pub struct ClientBuilder<C> {
    credentials: Option<Credentials>,
    base_url: Option<String>,
    region: Option<String>,
    edge: Option<String>,
    timeout: Duration,
    attempt_timeout: Option<Duration>,
    connect_timeout: Duration,
    retry: RetryPolicy,
    user_agent_extensions: Vec<String>,
    http_client: Option<reqwest::Client>,
    max_body_bytes: usize,
    lenient_patterns: bool,
    insecure_http: bool,
    client: PhantomData<fn() -> C>,
}

// By hand: derived impls would require `C: Debug`/`C: Clone`, which a client type needn't be.
impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder {
            credentials: self.credentials.clone(),
            base_url: self.base_url.clone(),
            region: self.region.clone(),
            edge: self.edge.clone(),
            timeout: self.timeout,
            attempt_timeout: self.attempt_timeout,
            connect_timeout: self.connect_timeout,
            retry: self.retry.clone(),
            user_agent_extensions: self.user_agent_extensions.clone(),
            http_client: self.http_client.clone(),
            max_body_bytes: self.max_body_bytes,
            lenient_patterns: self.lenient_patterns,
            insecure_http: self.insecure_http,
            client: PhantomData,
        }
    }
}

impl<C> std::fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("region", &self.region)
            .field("edge", &self.edge)
            .field("timeout", &self.timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("user_agent_extensions", &self.user_agent_extensions)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("lenient_patterns", &self.lenient_patterns)
            .field("allow_insecure_http", &self.insecure_http)
            .finish_non_exhaustive()
    }
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder {
            credentials: None,
            base_url: None,
            region: None,
            edge: None,
            timeout: DEFAULT_TIMEOUT,
            attempt_timeout: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            user_agent_extensions: Vec::new(),
            http_client: None,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            lenient_patterns: false,
            insecure_http: false,
            client: PhantomData,
        }
    }
}

impl<C: ApiClient> ClientBuilder<C> {
    /// The credentials to authenticate with (required).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Talk to this base URL instead of Twilio's host (a proxy, a mock). `http://` is only
    /// accepted for loopback hosts, so credentials never cross a network in clear text
    /// (unless [`allow_insecure_http`](Self::allow_insecure_http)).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Accepts a plain `http://` [`base_url`](Self::base_url) on any host, not only loopback:
    /// for a mock or a recording proxy in a container network (`http://twilio-mock:4010` in
    /// docker-compose), never for Twilio. **Credentials and every request and response then
    /// cross the network unencrypted.** `build` logs a `tracing` warning naming the base URL
    /// (once per client built, not per request). Credentials still go only to the configured
    /// host: a `next_page_url` elsewhere is refused as always.
    pub fn allow_insecure_http(mut self) -> Self {
        self.insecure_http = true;
        self
    }

    /// Twilio region (`us1`, `ie1`, `au1`…): host `example-api.{region}.twilio.com`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Twilio edge (`dublin`, `sydney`…): host `example-api.{edge}.{region}.twilio.com`; an edge
    /// without a region implies `us1`, as in Twilio's libraries.
    pub fn edge(mut self, edge: impl Into<String>) -> Self {
        self.edge = Some(edge.into());
        self
    }

    /// Overall time a call may take, retries and waits included (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Longest a single attempt may take (default: the whole `timeout`). Shorter than
    /// `timeout`, a stalled GET or DELETE is abandoned and retried within the overall deadline;
    /// a stalled POST is not retried (it may have been applied).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Time allowed to establish a connection (default 10 s; ignored with `http_client`).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The retry policy (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Appends `extension` to the User-Agent (e.g. `my-app/1.2`).
    pub fn user_agent_extension(mut self, extension: impl Into<String>) -> Self {
        self.user_agent_extensions.push(extension.into());
        self
    }

    /// Use this `reqwest::Client` (its TLS, proxy and pool settings).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Largest response body accepted; a larger one fails with [`crate::Error::BodyTooLarge`]
    /// without being read whole (default 32 MiB).
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// Pattern checks become warnings (default: off, strict). Strict, a value that doesn't
    /// match its documented pattern (a SID with another prefix, say `UT…` where the spec says
    /// `UO…`) fails before sending; lenient, it is logged with `tracing` at WARN and sent, so
    /// that a spec that is wrong about a pattern doesn't block a valid request until the next
    /// release of this crate. Lengths, character sets, ranges and required fields stay strict.
    pub fn lenient_patterns(mut self, lenient: bool) -> Self {
        self.lenient_patterns = lenient;
        self
    }

    /// Checks everything and builds the client.
    pub fn build(self) -> Result<C> {
        let credentials = self.credentials.ok_or_else(|| {
            config(
                "credentials",
                "required: use Credentials::auth_token or Credentials::api_key",
            )
        })?;
        credentials.validate()?;
        let base = resolve_base_url(
            C::DEFAULT_HOST,
            self.base_url.as_deref(),
            self.region.as_deref(),
            self.edge.as_deref(),
            self.insecure_http,
        )?;
        let user_agent =
            HeaderValue::from_str(&user_agent(C::PRODUCT, &self.user_agent_extensions))
                .map_err(|_| config("user_agent_extension", "must be visible ASCII"))?;
        if self.timeout.is_zero() {
            return Err(config("timeout", "must be greater than zero"));
        }
        let http = match self.http_client {
            Some(client) => client,
            None => {
                if base.scheme() == "https" && !crate::tls::AVAILABLE {
                    return Err(config(
                        "base_url",
                        "https needs a TLS feature (`rustls`, `rustls-ring` or `native-tls`)",
                    ));
                }
                crate::tls::configure(reqwest::Client::builder())
                    .connect_timeout(self.connect_timeout)
                    .build()
                    .map_err(|e| config("http_client", &e.to_string()))?
            }
        };
        let state = State {
            http: http.clone(),
            authorization: credentials.header()?,
            credentials,
            user_agent,
            retry: self.retry,
            timeout: self.timeout,
            attempt_timeout: self.attempt_timeout.unwrap_or(self.timeout),
            max_body_bytes: self.max_body_bytes,
            lenient_patterns: self.lenient_patterns,
            base: base.clone(),
            request_span: C::request_span,
        };
        // Once per client, where it is configured, rather than on every request.
        if state.base.scheme() == "http" && !is_loopback(&state.base) {
            tracing::warn!(
                base_url = state.base.as_str(),
                "allow_insecure_http: credentials and requests go to this host in clear text; use it only for a mock or proxy on a network you control"
            );
        }
        let base = base.as_str().trim_end_matches('/').to_string();
        Ok(C::from_state(&base, http, ClientState(Arc::new(state))))
    }
}

/// The API base URL from the settings; plain http on a host other than loopback only with
/// `insecure_http`.
fn resolve_base_url(
    default_host: &str,
    base_url: Option<&str>,
    region: Option<&str>,
    edge: Option<&str>,
    insecure_http: bool,
) -> Result<url::Url> {
    let text = match (base_url, region, edge) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            return Err(config("base_url", "cannot be combined with region or edge"));
        }
        (Some(url), None, None) => url.to_string(),
        (None, ..) if default_host.is_empty() => {
            return Err(config(
                "base_url",
                "required: this API's spec names no server to default to",
            ));
        }
        (None, None, None) => format!("https://{default_host}"),
        // `example-api.twilio.com` → `example-api.{edge}.{region}.twilio.com`.
        (None, region, edge) => {
            let (product, domain) = default_host
                .split_once('.')
                .ok_or_else(|| config("region", "this API's host has no region-specific form"))?;
            match edge {
                None => format!(
                    "https://{product}.{}.{domain}",
                    label("region", region.unwrap_or("us1"))?
                ),
                Some(edge) => format!(
                    "https://{product}.{}.{}.{domain}",
                    label("edge", edge)?,
                    label("region", region.unwrap_or("us1"))?
                ),
            }
        }
    };
    let url = url::Url::parse(&text).map_err(|e| config("base_url", &format!("not a URL: {e}")))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) || insecure_http => {}
        "http" => {
            return Err(config(
                "base_url",
                "plain http is only allowed for loopback hosts (127.0.0.1, ::1, localhost); use https, or `allow_insecure_http()` for a mock or proxy on a network you control",
            ));
        }
        other => return Err(config("base_url", &format!("unsupported scheme `{other}`"))),
    }
    if url.host().is_none()
        || url.query().is_some()
        || !url.username().is_empty()
        || url.password().is_some()
    {
        return Err(config(
            "base_url",
            "expected scheme://host[:port][/path] without credentials or query",
        ));
    }
    Ok(url)
}

fn label<'s>(field: &str, value: &'s str) -> Result<&'s str> {
    let ok = !value.is_empty()
        && value.len() <= 63
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(value)
    } else {
        Err(config(
            field,
            "expected a lowercase DNS label such as `us1` or `dublin`",
        ))
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// `{product} ({os} {arch}) rust/{rustc}` plus extensions, as Twilio's libraries report
/// themselves (`twilio-example-rust/0.1.0 (linux x86_64) rust/1.95.0`).
pub(crate) fn user_agent(product: &str, extensions: &[String]) -> String {
    let mut ua = format!(
        "{product} ({} {}) rust/{}",
        std::env::consts::OS,
        std::env::consts::ARCH,
        env!("TWILIO_RUNTIME_RUSTC_VERSION"),
    );
    for ext in extensions {
        ua.push(' ');
        ua.push_str(ext);
    }
    ua
}

impl<C: ApiClient> ClientBuilder<C> {
    /// A builder from the environment: `TWILIO_ACCOUNT_SID` with `TWILIO_AUTH_TOKEN`, or
    /// `TWILIO_API_KEY` + `TWILIO_API_SECRET` (with `TWILIO_ACCOUNT_SID`); optional
    /// `TWILIO_REGION` and `TWILIO_EDGE`, looked up with `var`. A missing or malformed
    /// variable is an error naming it.
    pub fn from_env_with(var: impl Fn(&str) -> Option<String>) -> Result<Self> {
        let get = |name: &str| var(name).filter(|v| !v.is_empty());
        let account =
            get("TWILIO_ACCOUNT_SID").ok_or_else(|| config("TWILIO_ACCOUNT_SID", "not set"))?;
        if !crate::sid::is_well_formed(&account, "AC") {
            return Err(config(
                "TWILIO_ACCOUNT_SID",
                "expected `AC` followed by 32 hexadecimal digits",
            ));
        }
        let credentials = match (
            get("TWILIO_API_KEY"),
            get("TWILIO_API_SECRET"),
            get("TWILIO_AUTH_TOKEN"),
        ) {
            (Some(key), Some(secret), _) => {
                if !crate::sid::is_well_formed(&key, "SK") {
                    return Err(config(
                        "TWILIO_API_KEY",
                        "expected `SK` followed by 32 hexadecimal digits",
                    ));
                }
                Credentials::api_key(account, key, secret)
            }
            (Some(_), None, _) => {
                return Err(config("TWILIO_API_SECRET", "not set (TWILIO_API_KEY is)"));
            }
            (None, Some(_), _) => {
                return Err(config("TWILIO_API_KEY", "not set (TWILIO_API_SECRET is)"));
            }
            (None, None, Some(token)) => Credentials::auth_token(account, token),
            (None, None, None) => {
                return Err(config(
                    "TWILIO_AUTH_TOKEN",
                    "not set (nor TWILIO_API_KEY + TWILIO_API_SECRET)",
                ));
            }
        };
        let mut builder = Self::default().credentials(credentials);
        if let Some(region) = get("TWILIO_REGION") {
            label("TWILIO_REGION", &region)?;
            builder = builder.region(region);
        }
        if let Some(edge) = get("TWILIO_EDGE") {
            label("TWILIO_EDGE", &edge)?;
            builder = builder.edge(edge);
        }
        Ok(builder)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_from_region_and_edge() {
        let host = |r, e| {
            resolve_base_url("example-api.twilio.com", None, r, e, false)
                .unwrap()
                .host_str()
                .unwrap()
                .to_string()
        };
        assert_eq!(host(None, None), "example-api.twilio.com");
        assert_eq!(host(Some("ie1"), None), "example-api.ie1.twilio.com");
        assert_eq!(
            host(Some("ie1"), Some("dublin")),
            "example-api.dublin.ie1.twilio.com"
        );
        assert_eq!(
            host(None, Some("sydney")),
            "example-api.sydney.us1.twilio.com"
        );
        assert!(
            resolve_base_url("example-api.twilio.com", None, Some("IE1/x"), None, false).is_err()
        );
        assert!(resolve_base_url("", None, None, None, false).is_err());
        assert!(resolve_base_url("", Some("http://127.0.0.1:1"), None, None, false).is_ok());
        assert_eq!(
            resolve_base_url("api.twilio.com", None, Some("au1"), None, false)
                .unwrap()
                .as_str(),
            "https://api.au1.twilio.com/"
        );
    }

    #[test]
    fn plain_http_only_on_loopback() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://[::1]:9",
            "http://localhost:1",
            "https://example.com",
        ] {
            assert!(
                resolve_base_url("x.y", Some(ok), None, None, false).is_ok(),
                "{ok}"
            );
        }
        for bad in [
            "http://example.com",
            "http://10.0.0.1",
            "ftp://127.0.0.1",
            "https://u:p@example.com",
        ] {
            assert!(
                resolve_base_url("x.y", Some(bad), None, None, false).is_err(),
                "{bad}"
            );
        }
        // The opt-in opens plain http to any host, and nothing else.
        for ok in ["http://twilio-mock:4010", "http://10.0.0.1"] {
            assert!(
                resolve_base_url("x.y", Some(ok), None, None, true).is_ok(),
                "{ok}"
            );
        }
        for bad in [
            "ftp://twilio-mock",
            "http://u:p@twilio-mock",
            "http://h?x=1",
        ] {
            assert!(
                resolve_base_url("x.y", Some(bad), None, None, true).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn user_agent_shape() {
        let ua = user_agent("twilio-example-rust/0.1.0", &["my-app/1.0".into()]);
        assert!(ua.starts_with("twilio-example-rust/0.1.0 ("), "{ua}");
        assert!(
            ua.contains(") rust/") && ua.ends_with(" my-app/1.0"),
            "{ua}"
        );
    }
}
