//! Where every request goes: one non-generic [`send`] for all operations (and the pages a
//! list follows), holding the cross-cutting behaviour: credentials (only to the configured
//! host), the User-Agent, retries, the overall timeout, the response-size limit, and one
//! tracing span per request. Headers are never logged.
//!
//! Generated builders only check parameters and build a `reqwest::Request`; their `send`
//! passes it here and decodes the bytes that come back. Keeping the sending out of the 73
//! builders compiles one state machine instead of 73 and keeps the per-request path short.

use crate::auth::Credentials;
use crate::error::{Error, Operation, TwilioError};
use crate::retry::RetryPolicy;
use bytes::{Bytes, BytesMut};
use reqwest::header::{AUTHORIZATION, CONTENT_LENGTH, HeaderMap, HeaderValue, USER_AGENT};
use reqwest::{Method, StatusCode};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::Instrument as _;

/// Per-client state. Cheap to clone.
#[derive(Clone)]
pub struct ClientState(pub(crate) Arc<State>);

#[derive(Clone)]
pub(crate) struct State {
    /// The HTTP client (a handle: reqwest shares its pool between clones).
    pub(crate) http: reqwest::Client,
    pub(crate) credentials: Credentials,
    pub(crate) authorization: HeaderValue,
    pub(crate) user_agent: HeaderValue,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Duration,
    pub(crate) attempt_timeout: Duration,
    pub(crate) max_body_bytes: usize,
    /// Pattern mismatches are warnings, not errors (`ClientBuilder::lenient_patterns`).
    pub(crate) lenient_patterns: bool,
    /// The API base URL, parsed once: request URLs are this with their path set, and
    /// credentials go to its origin only.
    pub(crate) base: url::Url,
    /// The product's span for one call ([`ApiClient::request_span`](crate::ApiClient::request_span)).
    pub(crate) request_span: fn(&'static str) -> tracing::Span,
}

impl ClientState {
    /// This state with another overall timeout of a call (retries included); the rest,
    /// the connection pool included, is shared. A zero timeout is raised to 1 ms.
    pub fn with_timeout(&self, timeout: std::time::Duration) -> Self {
        let mut state = State::clone(&self.0);
        state.timeout = timeout.max(std::time::Duration::from_millis(1));
        ClientState(Arc::new(state))
    }

    /// This state with another retry policy; the rest is shared.
    pub fn with_retry(&self, retry: crate::RetryPolicy) -> Self {
        let mut state = State::clone(&self.0);
        state.retry = retry;
        ClientState(Arc::new(state))
    }

    /// The account SID the client acts for.
    pub fn account_sid(&self) -> &str {
        self.0.credentials.account_sid()
    }

    /// Whether pattern mismatches are warnings (`ClientBuilder::lenient_patterns`).
    pub fn lenient_patterns(&self) -> bool {
        self.0.lenient_patterns
    }
}

impl fmt::Debug for ClientState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientState")
            .field("credentials", &self.0.credentials)
            .field("retry", &self.0.retry)
            .field("timeout", &self.0.timeout)
            .finish_non_exhaustive()
    }
}

impl State {
    /// Whether `url` is on the configured API origin (scheme, host, port), without the
    /// allocations of `Url::origin`.
    pub(crate) fn same_origin(&self, url: &url::Url) -> bool {
        url.scheme() == self.base.scheme()
            && url.port_or_known_default() == self.base.port_or_known_default()
            && url.host() == self.base.host()
    }
}

/// A response read in full (within the size limit).
struct Received {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

/// An operation's request builder (a generated builder's `request`), called for the first
/// attempt and again for each retry.
#[doc(hidden)]
pub type Build<'b> =
    &'b (dyn Fn() -> Result<reqwest::Request, progenitor_client::Error<()>> + Sync);

/// The span of one call, named by the product: `request_span!("twilio_example.request", op)`
/// in its generated [`ApiClient::request_span`](crate::ApiClient::request_span) (a span's
/// name is fixed where it is written, so the product writes it). The fields are the ones
/// [`send`] records.
#[doc(hidden)]
#[macro_export]
macro_rules! request_span {
    ($name:expr, $operation:expr) => {
        $crate::__generated::tracing::debug_span!(
            $name,
            operation = $operation,
            method = $crate::__generated::tracing::field::Empty,
            path = $crate::__generated::tracing::field::Empty,
            status = $crate::__generated::tracing::field::Empty,
            attempt = $crate::__generated::tracing::field::Empty,
            elapsed_ms = $crate::__generated::tracing::field::Empty,
        )
    };
}

/// Sends an operation's request and returns the body of its 2xx response; any other status
/// is an [`Error::Api`]. Every operation calls this.
#[doc(hidden)]
pub async fn send(client: &ClientState, op: &Operation, build: Build<'_>) -> crate::Result<Bytes> {
    send_into(client, op, build, BytesMut::new()).await
}

/// [`send`], reading the body into `buffer` (pagination reuses buffers across pages).
///
/// The call in flight is one boxed state machine ([`attempts`]). Boxed, because it shouldn't
/// be carried inline by every caller's future and task (reqwest boxes its own the same way);
/// one state machine that builds each attempt's request itself, because every nested
/// `async fn` and every request held across an `await` takes room in that box, which is
/// written for every request: 3.7 KB when it was nested, about 1 KB now.
pub(crate) fn send_into<'a>(
    client: &'a ClientState,
    op: &'a Operation,
    build: Build<'a>,
    buffer: BytesMut,
) -> Pin<Box<impl Future<Output = crate::Result<Bytes>> + Send + 'a>> {
    let span = (client.0.request_span)(op.id);
    let call = Call {
        http: &client.0.http,
        state: &client.0,
        op,
        build,
    };
    Box::pin(attempts(call, buffer).instrument(span))
}

/// A GET of an absolute URL (a `next_page_url`), to send like an operation's request.
pub(crate) fn get_request(url: url::Url) -> reqwest::Request {
    let mut request = reqwest::Request::new(Method::GET, url);
    request.headers_mut().insert(
        reqwest::header::ACCEPT,
        HeaderValue::from_static("application/json"),
    );
    request
}

/// What every attempt of one call shares.
struct Call<'a> {
    http: &'a reqwest::Client,
    state: &'a State,
    op: &'a Operation,
    build: Build<'a>,
}

/// Sends with retries within the overall timeout, buffering the body (bounded); the body of
/// a 2xx response, or the error. Each attempt's request is built afresh (nothing is copied
/// ahead in case of a retry).
async fn attempts(call: Call<'_>, mut buffer: BytesMut) -> crate::Result<Bytes> {
    let Call {
        http,
        state,
        op,
        build,
    } = call;
    // Span fields are recorded only when a subscriber may want them: with tracing off,
    // nothing is left to do per request (not even finding the current span).
    let traced = tracing::level_filters::LevelFilter::current() >= tracing::Level::DEBUG;
    let record = |field: &str, value: &dyn tracing::Value| {
        if traced {
            tracing::Span::current().record(field, value);
        }
    };
    let start = Instant::now();
    let mut retries = 0u32;
    let mut now = start;
    let outcome = loop {
        let mut request = build().map_err(|e| crate::error::request_error(op, e))?;
        if retries == 0 {
            // Credentials go to the configured API host only.
            if !state.same_origin(request.url()) {
                return Err(Error::ForeignHost {
                    operation: op.id,
                    origin: request.url().origin().ascii_serialization(),
                });
            }
            check_families(op, &request)?;
            record("method", &tracing::field::display(request.method()));
            record("path", &request.url().path());
        }
        let method = request.method().clone();
        let headers = request.headers_mut();
        headers.insert(AUTHORIZATION, state.authorization.clone());
        headers.insert(USER_AGENT, state.user_agent.clone());
        record("attempt", &(retries + 1));
        // The deadline is `start + state.timeout`, worked out where used rather than kept:
        // every value held across an `await` widens the boxed state (see `send_into`).
        let limit = (start + state.timeout)
            .saturating_duration_since(now)
            .min(state.attempt_timeout);
        let pending = http.execute(request);
        let buffered = send_buffered(
            pending,
            state.max_body_bytes,
            op.id,
            std::mem::take(&mut buffer),
        );
        let outcome = match tokio::time::timeout(limit, buffered).await {
            Ok(outcome) => outcome,
            Err(_) => Err(timed_out(op.id)),
        };
        let wait = match &outcome {
            Ok(r) => state
                .retry
                .after_status(&method, r.status, &r.headers, retries),
            Err(Error::Transport { .. }) => state.retry.after_transport(&method, retries),
            Err(_) => None,
        };
        let fits = wait.is_some_and(|w| {
            now = Instant::now();
            now + w < start + state.timeout
        });
        let Some(wait) = wait.filter(|_| fits) else {
            break outcome;
        };
        tracing::debug!(
            attempt = retries + 1,
            wait_ms = wait.as_millis() as u64,
            status = outcome.as_ref().ok().map(|r| r.status.as_u16()),
            "retrying"
        );
        drop(outcome);
        retries += 1;
        tokio::time::sleep(wait).await;
        now = Instant::now();
    };
    if let Ok(r) = &outcome {
        record("status", &r.status.as_u16());
    }
    record("elapsed_ms", &(start.elapsed().as_millis() as u64));
    tracing::debug!(ok = outcome.is_ok(), "request finished");
    let received = outcome?;
    if received.status.is_success() {
        Ok(received.body)
    } else {
        Err(TwilioError::from_response(
            op.id,
            received.status.as_u16(),
            &received.headers,
            &received.body,
        )
        .into())
    }
}

/// The cross-field rules of the operation's declared families, on the form body as it will be
/// sent (however its fields were set).
fn check_families(op: &Operation, request: &reqwest::Request) -> crate::Result<()> {
    if op.families.is_empty() {
        return Ok(());
    }
    let Some(body) = request.body().and_then(reqwest::Body::as_bytes) else {
        return Ok(());
    };
    let pairs: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    let problems: Vec<crate::error::Problem> = op
        .families
        .iter()
        .filter_map(|family| family.check(&pairs).err())
        .flatten()
        .map(|(field, message)| {
            let setter = op
                .fields
                .iter()
                .find(|(_, w)| *w == field)
                .map_or("", |(s, _)| *s);
            crate::error::Problem::new(setter, field, message)
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid_problems(op.id, problems))
    }
}

fn timed_out(operation: &'static str) -> Error {
    Error::Transport {
        operation,
        kind: crate::error::TransportKind::Timeout,
        source: "no response within the timeout".into(),
    }
}

/// Sends and reads the body up to `limit` bytes, so retries also cover a body cut short and
/// a hostile or broken server can't make us buffer without bound.
async fn send_buffered(
    pending: impl Future<Output = reqwest::Result<reqwest::Response>>,
    limit: usize,
    operation: &'static str,
    mut body: BytesMut,
) -> crate::Result<Received> {
    let transport = |e| crate::error::transport(operation, e);
    let mut response = pending.await.map_err(transport)?;
    let too_large = || Error::BodyTooLarge { operation, limit };
    let declared = response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    // Header values are slices of hyper's read buffer: kept while the body is read, they
    // make hyper allocate a fresh buffer (up to 400 KB) for the body's next read. Only a
    // retry of an error status looks at them (`Retry-After`).
    if response.status().is_success() {
        response.headers_mut().clear();
    }
    body.clear();
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        if body.is_empty() {
            // A body in one chunk is kept as is, without a copy (unless a buffer to reuse
            // was given).
            if body.capacity() == 0 && declared == Some(chunk.len() as u64) {
                return Ok(Received {
                    status: response.status(),
                    headers: std::mem::take(response.headers_mut()),
                    body: chunk,
                });
            }
            // A fresh buffer, not `reserve` (which may double a reused one): with some slack,
            // so the next page, a few bytes longer, still fits.
            let need = declared.unwrap_or(0) as usize;
            if body.capacity() < need {
                body = BytesMut::with_capacity(need + need / 16);
            }
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Received {
        status: response.status(),
        headers: std::mem::take(response.headers_mut()),
        body: body.freeze(),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn same_origin_compares_scheme_host_and_port() {
        let state = |base: &str| crate::testing::client(base);
        let url = |s: &str| url::Url::parse(s).unwrap();
        let twilio = state("https://example-api.twilio.com");
        let s = &twilio.inner.0;
        assert!(s.same_origin(&url("https://example-api.twilio.com/v1/Widgets?x=1")));
        assert!(s.same_origin(&url("https://example-api.twilio.com:443/v1/Widgets")));
        assert!(s.same_origin(&url("https://EXAMPLE-API.twilio.com/v1")));
        assert!(!s.same_origin(&url("http://example-api.twilio.com/v1")));
        assert!(!s.same_origin(&url("https://example-api.twilio.com:8443/v1")));
        assert!(!s.same_origin(&url("https://example-api.twilio.com.evil.example/v1")));
        assert!(!s.same_origin(&url("https://user@evil.example/v1")));
        let local = state("http://127.0.0.1:8080");
        let s = &local.inner.0;
        assert!(s.same_origin(&url("http://127.0.0.1:8080/v1")));
        assert!(!s.same_origin(&url("http://127.0.0.1:8081/v1")));
        assert!(!s.same_origin(&url("http://localhost:8080/v1")));
        assert!(!s.same_origin(&url("http://[::1]:8080/v1")));
    }
}
