//! A tower layer that checks `X-Twilio-Signature` before an axum handler runs.

use super::{SIGNATURE_HEADER, UrlParts, Validator, WebhookError};
use ::axum::body::Body;
use ::axum::extract::OriginalUri;
use ::axum::http::{HeaderMap, Request, StatusCode, header};
use ::axum::response::{IntoResponse, Response};
use bytes::Bytes;
use http_body_util::{BodyExt as _, LengthLimitError, Limited};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

/// The default body limit of [`WebhookLayer`]: 1 MiB (Twilio's webhooks are a few KiB).
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// A [`tower_layer::Layer`] that lets through to the wrapped service only the requests that
/// carry a valid `X-Twilio-Signature`.
///
/// For each request it
/// 1. rebuilds the public URL Twilio requested: the configured public base URL (scheme, host,
///    port and path prefix, exactly as configured in Twilio) followed by the request's path and
///    query. `X-Forwarded-Proto` and `X-Forwarded-Host` replace the base's scheme and host only
///    after [`trust_forwarded_headers(true)`](WebhookLayer::trust_forwarded_headers): anyone can
///    send them, so they are ignored unless a proxy you control sets them;
/// 2. buffers the body, up to [`max_body_bytes`](WebhookLayer::max_body_bytes);
/// 3. validates: a JSON body (`Content-Type` `application/json` or `…+json`) or a URL carrying
///    `bodySHA256` with [`Validator::check_json`]; a form-encoded body
///    (`application/x-www-form-urlencoded`) with [`Validator::check_form`] on its decoded
///    pairs; an empty body (a GET, say) with `check_form` and no parameters. Any other
///    non-empty body is refused ([`WebhookError::UnsupportedContentType`]), as the signature
///    wouldn't cover it;
/// 4. passes the request on with its body intact, or answers with an empty body:
///    **403 Forbidden** for every failure except an over-long body, which gets **413 Payload
///    Too Large** (so that Twilio's debugger shows the cause). The reason is logged with
///    `tracing::warn!`: its [`code`](WebhookError::code), the method, the path as received,
///    and `url`, the URL the signature was checked against (step 1's, query included: what
///    to compare with the URL configured in Twilio when a proxy rewrites scheme, host, port
///    or path). Never the signature or a token.
///
/// # Guard only the webhook routes
///
/// Add it with [`Router::route_layer`](::axum::Router::route_layer) after the routes Twilio
/// calls, and add the others (a health check, say) after it, or
/// [`nest`](::axum::Router::nest) the webhook routes in a router of their own. With
/// `Router::layer`, every request goes through it, including an unsigned `GET /healthz` (so
/// a load balancer takes the service out) and a path no route has (403 instead of 404).
///
/// ```no_run
/// use axum::{Router, routing::{get, post}};
/// use twilio_flex::webhook::{Validator, WebhookLayer};
///
/// fn app() -> Result<Router, Box<dyn std::error::Error>> {
///     let validator = Validator::new(std::env::var("TWILIO_AUTH_TOKEN")?);
///     Ok(Router::new()
///         .route("/flex/webhook", post(|body: String| async move { body.len().to_string() }))
///         // Guards the routes above only; unknown paths still get 404.
///         .route_layer(WebhookLayer::new(validator, "https://hooks.example.com")?)
///         .route("/healthz", get(|| async { "ok" })))
/// }
/// ```
#[derive(Clone, Debug)]
pub struct WebhookLayer {
    config: Config,
}

#[derive(Clone, Debug)]
struct Config {
    validator: Validator,
    scheme: String,
    authority: String,
    prefix: String,
    trust_forwarded: bool,
    max_body: usize,
}

impl WebhookLayer {
    /// A layer that validates with `validator` against URLs built on `public_base_url`: the
    /// scheme, host, port and path prefix under which Twilio reaches this service, e.g.
    /// `https://hooks.example.com` or `https://example.com:8443/twilio` (no query, no
    /// fragment; a trailing `/` is dropped). It is used as written, character for character.
    ///
    /// Fails with [`WebhookError::InvalidUrl`] if it isn't such a URL.
    pub fn new(validator: Validator, public_base_url: &str) -> Result<Self, WebhookError> {
        super::candidate_urls(public_base_url)?;
        let parts = UrlParts::split(public_base_url).ok_or(WebhookError::InvalidUrl)?;
        if parts.rest.contains(['?', '#']) || !parts.userinfo.is_empty() {
            return Err(WebhookError::InvalidUrl);
        }
        let authority = match parts.port {
            Some(port) => format!("{}:{port}", parts.host),
            None => parts.host.to_string(),
        };
        Ok(WebhookLayer {
            config: Config {
                validator,
                scheme: parts.scheme.to_ascii_lowercase(),
                authority,
                prefix: parts.rest.trim_end_matches('/').to_string(),
                trust_forwarded: false,
                max_body: DEFAULT_MAX_BODY_BYTES,
            },
        })
    }

    /// Whether `X-Forwarded-Proto` / `X-Forwarded-Host` (their first, client-side entry)
    /// replace the base URL's scheme and host. Off by default; turn it on only behind a proxy
    /// that sets (and overwrites) both.
    pub fn trust_forwarded_headers(mut self, trust: bool) -> Self {
        self.config.trust_forwarded = trust;
        self
    }

    /// The largest body buffered, in bytes ([`DEFAULT_MAX_BODY_BYTES`] by default). A longer
    /// one is answered 413 without reaching the handler.
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.config.max_body = limit;
        self
    }
}

impl<S> tower_layer::Layer<S> for WebhookLayer {
    type Service = WebhookService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        WebhookService {
            inner,
            config: Arc::new(self.config.clone()),
        }
    }
}

/// The service [`WebhookLayer`] wraps around a handler or router.
#[derive(Clone, Debug)]
pub struct WebhookService<S> {
    inner: S,
    config: Arc<Config>,
}

impl<S> tower_service::Service<Request<Body>> for WebhookService<S>
where
    S: tower_service::Service<Request<Body>, Response = Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send + 'static>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        // The clone that was made ready is the one that is called.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let config = Arc::clone(&self.config);
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let url = config.public_url(&parts);
            let checked = match &url {
                Ok(url) => config.check(url, &parts, body).await,
                Err(error) => Err(*error),
            };
            match checked {
                Ok(bytes) => {
                    inner
                        .call(Request::from_parts(parts, Body::from(bytes)))
                        .await
                }
                Err(error) => {
                    // The URL holds no secret: the base URL refuses user info, and a trusted
                    // forwarded host can't carry any.
                    tracing::warn!(
                        reason = error.code(),
                        method = %parts.method,
                        path = parts.uri.path(),
                        url = url.as_deref().ok(),
                        "rejected a Twilio webhook: {error}"
                    );
                    let status = match error {
                        WebhookError::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
                        _ => StatusCode::FORBIDDEN,
                    };
                    Ok(status.into_response())
                }
            }
        })
    }
}

impl Config {
    /// Validates the request, Twilio having requested `url`; on success returns the buffered
    /// body.
    async fn check(
        &self,
        url: &str,
        parts: &::axum::http::request::Parts,
        body: Body,
    ) -> Result<Bytes, WebhookError> {
        let signature = match parts.headers.get(SIGNATURE_HEADER) {
            None => return Err(WebhookError::MissingSignature),
            Some(value) => value
                .to_str()
                .map_err(|_| WebhookError::MalformedSignature)?,
        };
        let too_large = WebhookError::BodyTooLarge {
            limit: self.max_body,
        };
        let declared = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|len| len > self.max_body as u64) {
            return Err(too_large);
        }
        let bytes = match Limited::new(body, self.max_body).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(error) if error.downcast_ref::<LengthLimitError>().is_some() => {
                return Err(too_large);
            }
            Err(_) => return Err(WebhookError::BodyUnreadable),
        };
        let media = media_type(&parts.headers);
        let json = media == "application/json"
            || media.ends_with("+json")
            || super::body_hash_param(url).is_some();
        if json {
            self.validator.check_json(url, &bytes, signature)?;
        } else if bytes.is_empty() {
            self.validator.check_form(url, &[], signature)?;
        } else if media == "application/x-www-form-urlencoded" {
            let params: Vec<(String, String)> =
                form_urlencoded::parse(&bytes).into_owned().collect();
            self.validator.check_form(url, &params, signature)?;
        } else {
            return Err(WebhookError::UnsupportedContentType);
        }
        Ok(bytes)
    }

    /// The URL Twilio requested: base (or trusted forwarded) scheme and host, the base's path
    /// prefix, then the request's path and query as received.
    fn public_url(&self, parts: &::axum::http::request::Parts) -> Result<String, WebhookError> {
        // Inside `Router::nest` the URI has lost its prefix; `OriginalUri` still has it.
        let uri = parts
            .extensions
            .get::<OriginalUri>()
            .map_or(&parts.uri, |original| &original.0);
        let path_and_query = uri.path_and_query().map_or("/", |pq| pq.as_str());
        let mut scheme = self.scheme.as_str();
        let mut authority = self.authority.as_str();
        if self.trust_forwarded {
            if let Some(proto) = forwarded(&parts.headers, "x-forwarded-proto")? {
                scheme = match proto.to_ascii_lowercase().as_str() {
                    "https" => "https",
                    "http" => "http",
                    _ => return Err(WebhookError::InvalidUrl),
                };
            }
            if let Some(host) = forwarded(&parts.headers, "x-forwarded-host")? {
                if host.contains(|c: char| {
                    matches!(c, '/' | '?' | '#' | '@' | '\\') || c.is_whitespace() || c.is_control()
                }) {
                    return Err(WebhookError::InvalidUrl);
                }
                authority = host;
            }
        }
        let url = format!("{scheme}://{authority}{}{path_and_query}", self.prefix);
        super::candidate_urls(&url)?;
        Ok(url)
    }
}

/// The first (client-side) entry of a forwarded header; `Ok(None)` when absent.
fn forwarded<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h str>, WebhookError> {
    let Some(value) = headers.get(name) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| WebhookError::InvalidUrl)?;
    let first = value.split(',').next().unwrap_or("").trim();
    if first.is_empty() {
        return Err(WebhookError::InvalidUrl);
    }
    Ok(Some(first))
}

/// The lower-cased media type of `Content-Type`, without parameters ("" when absent).
fn media_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default()
}
