//! progenitor's `ClientHooks`, where the cross-cutting behaviour of every request lives:
//! credentials (only to the configured host), the User-Agent, retries, the overall timeout,
//! the response-size limit, and one tracing span per request. Headers are never logged.

use crate::Client;
use crate::auth::Credentials;
use crate::retry::RetryPolicy;
use bytes::{Bytes, BytesMut};
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{AUTHORIZATION, CONTENT_LENGTH, HeaderValue, USER_AGENT};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing::Instrument as _;

/// Per-client state the hooks need. Cheap to clone.
#[derive(Clone)]
pub struct ClientState(pub(crate) Arc<State>);

pub(crate) struct State {
    pub(crate) credentials: Credentials,
    pub(crate) authorization: HeaderValue,
    pub(crate) user_agent: HeaderValue,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Duration,
    pub(crate) attempt_timeout: Duration,
    pub(crate) max_body_bytes: usize,
    pub(crate) origin: url::Origin,
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

/// Marks a response whose body was over the size limit (and was not read further).
#[derive(Clone, Copy)]
struct TooLarge(usize);

const FOREIGN_HOST: &str = "foreign-host";
const BODY_TOO_LARGE: &str = "body-too-large";

impl ClientHooks<ClientState> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let state = &self.inner.0;
        // Credentials go to the configured API host only.
        if request.url().origin() != state.origin {
            return Err(progenitor_client::Error::Custom(format!(
                "{FOREIGN_HOST}: {} refused a request to another host",
                info.operation_id
            )));
        }
        let headers = request.headers_mut();
        headers.insert(AUTHORIZATION, state.authorization.clone());
        headers.insert(USER_AGENT, state.user_agent.clone());
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        execute(self.client(), &self.inner.0, request, info.operation_id).await
    }

    async fn post<E>(
        &self,
        result: &reqwest::Result<reqwest::Response>,
        _info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        if let Ok(response) = result
            && let Some(TooLarge(limit)) = response.extensions().get::<TooLarge>()
        {
            return Err(progenitor_client::Error::Custom(format!(
                "{BODY_TOO_LARGE}: {limit}"
            )));
        }
        Ok(())
    }
}

/// Our errors passed through progenitor's `Error::Custom`.
pub(crate) fn custom_error(operation: &'static str, message: &str) -> crate::Error {
    if let Some(limit) = message
        .strip_prefix(BODY_TOO_LARGE)
        .and_then(|r| r.trim_start_matches(": ").parse().ok())
    {
        return crate::Error::BodyTooLarge { operation, limit };
    }
    if message.starts_with(FOREIGN_HOST) {
        return crate::Error::Pagination {
            operation,
            message: "refusing to send credentials to a host other than the configured API host"
                .into(),
        };
    }
    crate::Error::Config {
        field: "request".into(),
        message: message.to_string(),
    }
}

/// Sends a request with retries, within the overall timeout, buffering the body (bounded).
async fn execute(
    http: &reqwest::Client,
    state: &State,
    request: reqwest::Request,
    operation: &'static str,
) -> reqwest::Result<reqwest::Response> {
    let span = tracing::debug_span!(
        "twilio_flex.request",
        operation,
        method = %request.method(),
        path = request.url().path(),
        status = tracing::field::Empty,
        attempt = tracing::field::Empty,
        elapsed_ms = tracing::field::Empty,
    );
    async move {
        let start = Instant::now();
        let deadline = start + state.timeout;
        let method = request.method().clone();
        let mut request = request;
        let mut retries = 0u32;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            *request.timeout_mut() = Some(remaining.min(state.attempt_timeout));
            // Form and JSON bodies are bytes, so requests clone; one that doesn't is sent once.
            let Some(attempt) = request.try_clone() else {
                return send_buffered(http, request, state.max_body_bytes).await;
            };
            tracing::Span::current().record("attempt", retries + 1);
            let outcome = send_buffered(http, attempt, state.max_body_bytes).await;
            let wait = match &outcome {
                Ok(r) => state
                    .retry
                    .after_status(&method, r.status(), r.headers(), retries),
                Err(_) => state.retry.after_transport(&method, retries),
            };
            let fits = wait.is_some_and(|w| Instant::now() + w < deadline);
            match wait.filter(|_| fits) {
                Some(wait) => {
                    tracing::debug!(
                        attempt = retries + 1,
                        wait_ms = wait.as_millis() as u64,
                        status = outcome.as_ref().ok().map(|r| r.status().as_u16()),
                        "retrying"
                    );
                    retries += 1;
                    tokio::time::sleep(wait).await;
                }
                _ => {
                    let span = tracing::Span::current();
                    if let Ok(r) = &outcome {
                        span.record("status", r.status().as_u16());
                    }
                    span.record("elapsed_ms", start.elapsed().as_millis() as u64);
                    tracing::debug!(ok = outcome.is_ok(), "request finished");
                    return outcome;
                }
            }
        }
    }
    .instrument(span)
    .await
}

/// Sends and reads the body up to `limit` bytes, so retries also cover a body cut short and
/// a hostile or broken server can't make us buffer without bound.
async fn send_buffered(
    http: &reqwest::Client,
    request: reqwest::Request,
    limit: usize,
) -> reqwest::Result<reqwest::Response> {
    let mut response = http.execute(request).await?;
    let declared = response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let mut body = BytesMut::with_capacity(declared.unwrap_or(0).min(limit as u64) as usize);
    let mut too_large = declared.is_some_and(|n| n > limit as u64);
    while !too_large {
        match response.chunk().await? {
            Some(chunk) if body.len() + chunk.len() > limit => too_large = true,
            Some(chunk) => body.extend_from_slice(&chunk),
            None => break,
        }
    }
    // Keeps the response's URL (else reqwest parses a placeholder URL for every response).
    let mut builder = reqwest::ResponseBuilderExt::url(
        http::Response::builder()
            .status(response.status())
            .version(response.version()),
        response.url().clone(),
    );
    if let Some(headers) = builder.headers_mut() {
        *headers = std::mem::take(response.headers_mut());
    }
    let body: Bytes = if too_large {
        Bytes::new()
    } else {
        body.freeze()
    };
    let mut rebuilt = builder
        .body(body)
        .unwrap_or_else(|_| http::Response::new(Bytes::new()));
    if too_large {
        rebuilt.extensions_mut().insert(TooLarge(limit));
    }
    Ok(reqwest::Response::from(rebuilt))
}

/// GET an absolute URL through the same hooks as generated operations (used for
/// `next_page_url`), decoded into `T`.
pub(crate) async fn get_json<T: serde::de::DeserializeOwned>(
    client: &Client,
    url: url::Url,
    operation: &'static str,
) -> crate::Result<T> {
    use progenitor_client::{Error as P, ResponseValue};
    let op = crate::error::Operation {
        id: operation,
        fields: &[],
    };
    let info = OperationInfo {
        operation_id: operation,
    };
    let result: Result<ResponseValue<T>, P<()>> = async {
        let mut request = client
            .client()
            .get(url)
            .header(reqwest::header::ACCEPT, "application/json")
            .build()?;
        client.pre(&mut request, &info).await?;
        let result = client.exec(request, &info).await;
        client.post(&result, &info).await?;
        let response = result?;
        if response.status().is_success() {
            ResponseValue::from_response(response).await
        } else {
            Err(P::UnexpectedResponse(response))
        }
    }
    .await;
    crate::error::finish(&op, result).await
}
