//! Building a [`Client`]: credentials, host (region/edge or a base URL), timeouts, retries,
//! User-Agent, response-size limit. Everything is checked in [`ClientBuilder::build`].

use crate::auth::{Credentials, config};
use crate::hooks::{ClientState, State};
use crate::retry::RetryPolicy;
use crate::{Client, Result};
use reqwest::header::HeaderValue;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

/// Twilio's Flex API host.
pub const DEFAULT_HOST: &str = "flex-api.twilio.com";

/// Default overall timeout of a call, retries included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Default connect timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Default limit on a response body (Flex lists of 1,000 items are well under 8 MiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

/// Configures a [`Client`]; start with [`Client::builder`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
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
}

impl Default for ClientBuilder {
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
        }
    }
}

impl ClientBuilder {
    /// The credentials to authenticate with (required).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Talk to this base URL instead of Twilio's host (a proxy, a mock). `http://` is only
    /// accepted for loopback hosts, so credentials never cross a network in clear text.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Twilio region (`us1`, `ie1`, `au1`…): host `flex-api.{region}.twilio.com`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Twilio edge (`dublin`, `sydney`…): host `flex-api.{edge}.{region}.twilio.com`; an edge
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

    /// Checks everything and builds the client.
    pub fn build(self) -> Result<Client> {
        let credentials = self.credentials.ok_or_else(|| {
            config(
                "credentials",
                "required: use Credentials::auth_token or Credentials::api_key",
            )
        })?;
        credentials.validate()?;
        let base = resolve_base_url(
            self.base_url.as_deref(),
            self.region.as_deref(),
            self.edge.as_deref(),
        )?;
        let user_agent = HeaderValue::from_str(&user_agent(&self.user_agent_extensions))
            .map_err(|_| config("user_agent_extension", "must be visible ASCII"))?;
        if self.timeout.is_zero() {
            return Err(config("timeout", "must be greater than zero"));
        }
        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .build()
                .map_err(|e| config("http_client", &e.to_string()))?,
        };
        let state = State {
            authorization: credentials.header()?,
            credentials,
            user_agent,
            retry: self.retry,
            timeout: self.timeout,
            attempt_timeout: self.attempt_timeout.unwrap_or(self.timeout),
            max_body_bytes: self.max_body_bytes,
            base: base.clone(),
        };
        let base = base.as_str().trim_end_matches('/').to_string();
        Ok(Client::new_with_client(
            &base,
            http,
            ClientState(Arc::new(state)),
        ))
    }
}

/// The API base URL from the settings.
fn resolve_base_url(
    base_url: Option<&str>,
    region: Option<&str>,
    edge: Option<&str>,
) -> Result<url::Url> {
    let text = match (base_url, region, edge) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
            return Err(config("base_url", "cannot be combined with region or edge"));
        }
        (Some(url), None, None) => url.to_string(),
        (None, None, None) => format!("https://{DEFAULT_HOST}"),
        (None, Some(region), None) => {
            format!("https://flex-api.{}.twilio.com", label("region", region)?)
        }
        (None, region, Some(edge)) => format!(
            "https://flex-api.{}.{}.twilio.com",
            label("edge", edge)?,
            label("region", region.unwrap_or("us1"))?
        ),
    };
    let url = url::Url::parse(&text).map_err(|e| config("base_url", &format!("not a URL: {e}")))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(config(
                "base_url",
                "plain http is only allowed for loopback hosts (127.0.0.1, ::1, localhost); use https",
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

/// `twilio-flex-rust/{version} ({os} {arch}) rust/{rustc}` plus extensions.
pub(crate) fn user_agent(extensions: &[String]) -> String {
    let mut ua = format!(
        "twilio-flex-rust/{} ({} {}) rust/{}",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH,
        env!("TWILIO_FLEX_RUSTC_VERSION"),
    );
    for ext in extensions {
        ua.push(' ');
        ua.push_str(ext);
    }
    ua
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client from the environment: `TWILIO_ACCOUNT_SID` with `TWILIO_AUTH_TOKEN`, or
    /// `TWILIO_API_KEY` + `TWILIO_API_SECRET` (with `TWILIO_ACCOUNT_SID`); optional
    /// `TWILIO_REGION` and `TWILIO_EDGE`. A missing or malformed variable is an error naming it.
    pub fn from_env() -> Result<Client> {
        Self::builder_from_env(|name| std::env::var(name).ok())?.build()
    }

    /// [`Client::from_env`] with a custom variable lookup, returning the builder to adjust.
    pub fn builder_from_env(var: impl Fn(&str) -> Option<String>) -> Result<ClientBuilder> {
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
        let mut builder = Client::builder().credentials(credentials);
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

    /// The account SID this client acts for.
    pub fn account_sid(&self) -> &str {
        self.inner.0.credentials.account_sid()
    }

    /// The API base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.baseurl
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_from_region_and_edge() {
        let host = |r, e| {
            resolve_base_url(None, r, e)
                .unwrap()
                .host_str()
                .unwrap()
                .to_string()
        };
        assert_eq!(host(None, None), "flex-api.twilio.com");
        assert_eq!(host(Some("ie1"), None), "flex-api.ie1.twilio.com");
        assert_eq!(
            host(Some("ie1"), Some("dublin")),
            "flex-api.dublin.ie1.twilio.com"
        );
        assert_eq!(host(None, Some("sydney")), "flex-api.sydney.us1.twilio.com");
        assert!(resolve_base_url(None, Some("IE1/x"), None).is_err());
    }

    #[test]
    fn plain_http_only_on_loopback() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://[::1]:9",
            "http://localhost:1",
            "https://example.com",
        ] {
            assert!(resolve_base_url(Some(ok), None, None).is_ok(), "{ok}");
        }
        for bad in [
            "http://example.com",
            "http://10.0.0.1",
            "ftp://127.0.0.1",
            "https://u:p@example.com",
        ] {
            assert!(resolve_base_url(Some(bad), None, None).is_err(), "{bad}");
        }
    }

    #[test]
    fn user_agent_shape() {
        let ua = user_agent(&["my-app/1.0".into()]);
        assert!(
            ua.starts_with(&format!("twilio-flex-rust/{} (", env!("CARGO_PKG_VERSION"))),
            "{ua}"
        );
        assert!(
            ua.contains(") rust/") && ua.ends_with(" my-app/1.0"),
            "{ua}"
        );
    }
}
