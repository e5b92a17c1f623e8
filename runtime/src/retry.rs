//! Which requests are retried, and when. The rules are Twilio-specific and ours; the backoff
//! arithmetic (exponential, full jitter, capped) comes from `retry-policies`.
//!
//! - 429 on every method: Twilio has not processed the request.
//! - Connection failures, timeouts and 502/503/504 only on GET and DELETE: a POST may have
//!   been applied, and a duplicate resource is a real cost.
//! - `Retry-After` (seconds or HTTP date) is honoured up to a ceiling; a longer wait is
//!   handed back to the caller as the error rather than cut short.
//! - Every wait stays within the client's overall timeout.

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use retry_policies::{Jitter, RetryDecision, RetryPolicy as _};
use std::time::{Duration, SystemTime};

/// The retry policy of a client (`ClientBuilder::retry`).
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    max_retries: u32,
    base: Duration,
    cap: Duration,
    retry_after_ceiling: Duration,
    idempotent_statuses: Vec<u16>,
}

impl Default for RetryPolicy {
    /// Up to 3 retries, backoff from 100 ms capped at 3 s, `Retry-After` honoured up to 20 s,
    /// 502/503/504 retried on GET and DELETE.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base: Duration::from_millis(100),
            cap: Duration::from_secs(3),
            retry_after_ceiling: Duration::from_secs(20),
            idempotent_statuses: vec![502, 503, 504],
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// At most `n` retries (so `n + 1` attempts).
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = n;
        self
    }

    /// Exponential backoff from `base`, each wait capped at `cap` (full jitter).
    pub fn backoff(mut self, base: Duration, cap: Duration) -> Self {
        self.base = base.min(Duration::from_secs(60));
        self.cap = cap.max(self.base).min(Duration::from_secs(600));
        self
    }

    /// The longest `Retry-After` the client will wait out; a longer one is returned as the error.
    pub fn retry_after_ceiling(mut self, ceiling: Duration) -> Self {
        self.retry_after_ceiling = ceiling;
        self
    }

    /// The 5xx statuses retried on GET and DELETE (default 502, 503, 504).
    pub fn idempotent_statuses(mut self, statuses: impl IntoIterator<Item = u16>) -> Self {
        self.idempotent_statuses = statuses.into_iter().collect();
        self
    }

    /// The configured maximum number of retries.
    pub fn retries(&self) -> u32 {
        self.max_retries
    }

    /// How long to wait before retrying a response with `status`, or `None` not to.
    pub(crate) fn after_status(
        &self,
        method: &Method,
        status: StatusCode,
        headers: &HeaderMap,
        retries_so_far: u32,
    ) -> Option<Duration> {
        if retries_so_far >= self.max_retries {
            return None;
        }
        let retryable = status == StatusCode::TOO_MANY_REQUESTS
            || (is_idempotent(method) && self.idempotent_statuses.contains(&status.as_u16()));
        if !retryable {
            return None;
        }
        match retry_after(headers) {
            Some(wait) if wait > self.retry_after_ceiling => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff_delay(retries_so_far)),
        }
    }

    /// How long to wait before retrying after a transport failure, or `None` not to.
    pub(crate) fn after_transport(&self, method: &Method, retries_so_far: u32) -> Option<Duration> {
        (retries_so_far < self.max_retries && is_idempotent(method))
            .then(|| self.backoff_delay(retries_so_far))
    }

    fn backoff_delay(&self, retries_so_far: u32) -> Duration {
        let policy = retry_policies::policies::ExponentialBackoff::builder()
            .retry_bounds(self.base, self.cap)
            .jitter(Jitter::Full)
            .base(2)
            .build_with_max_retries(self.max_retries);
        match policy.should_retry(SystemTime::now(), retries_so_far) {
            RetryDecision::Retry { execute_after } => execute_after
                .duration_since(SystemTime::now())
                .unwrap_or(Duration::ZERO),
            RetryDecision::DoNotRetry => self.cap,
        }
    }
}

fn is_idempotent(method: &Method) -> bool {
    *method == Method::GET || *method == Method::DELETE
}

/// `Retry-After` as a wait: delta-seconds or an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(v) = retry_after {
            h.insert(RETRY_AFTER, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn rate_limit_is_retried_on_every_method() {
        let p = RetryPolicy::default();
        for m in [Method::GET, Method::POST, Method::DELETE] {
            assert!(
                p.after_status(&m, StatusCode::TOO_MANY_REQUESTS, &headers(None), 0)
                    .is_some()
            );
        }
    }

    #[test]
    fn server_errors_are_retried_only_when_idempotent() {
        let p = RetryPolicy::default();
        let h = headers(None);
        assert!(
            p.after_status(&Method::POST, StatusCode::SERVICE_UNAVAILABLE, &h, 0)
                .is_none()
        );
        assert!(
            p.after_status(&Method::GET, StatusCode::SERVICE_UNAVAILABLE, &h, 0)
                .is_some()
        );
        assert!(
            p.after_status(&Method::DELETE, StatusCode::BAD_GATEWAY, &h, 0)
                .is_some()
        );
        assert!(
            p.after_status(&Method::GET, StatusCode::INTERNAL_SERVER_ERROR, &h, 0)
                .is_none()
        );
        assert!(
            p.after_status(&Method::GET, StatusCode::NOT_FOUND, &h, 0)
                .is_none()
        );
        assert!(p.after_transport(&Method::POST, 0).is_none());
        assert!(p.after_transport(&Method::GET, 0).is_some());
    }

    #[test]
    fn gives_up_after_the_maximum() {
        let p = RetryPolicy::default().max_retries(2);
        let h = headers(None);
        assert!(
            p.after_status(&Method::GET, StatusCode::SERVICE_UNAVAILABLE, &h, 1)
                .is_some()
        );
        assert!(
            p.after_status(&Method::GET, StatusCode::SERVICE_UNAVAILABLE, &h, 2)
                .is_none()
        );
        assert!(
            RetryPolicy::none()
                .after_transport(&Method::GET, 0)
                .is_none()
        );
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_ceiling() {
        let p = RetryPolicy::default().retry_after_ceiling(Duration::from_secs(5));
        let wait = p.after_status(
            &Method::POST,
            StatusCode::TOO_MANY_REQUESTS,
            &headers(Some("2")),
            0,
        );
        assert_eq!(wait, Some(Duration::from_secs(2)));
        let too_long = p.after_status(
            &Method::POST,
            StatusCode::TOO_MANY_REQUESTS,
            &headers(Some("60")),
            0,
        );
        assert_eq!(too_long, None);
        let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3));
        let wait = retry_after(&headers(Some(&date))).unwrap();
        assert!(
            wait <= Duration::from_secs(3) && wait >= Duration::from_secs(1),
            "{wait:?}"
        );
    }

    #[test]
    fn backoff_is_full_jitter_within_the_cap() {
        let p =
            RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_millis(300));
        for n in 0..3 {
            for _ in 0..50 {
                let d = p.backoff_delay(n);
                assert!(d <= Duration::from_millis(300), "{d:?}");
            }
        }
        // Full jitter: waits spread below the exponential value rather than sitting on it.
        let waits: Vec<_> = (0..50).map(|_| p.backoff_delay(2)).collect();
        assert!(waits.iter().any(|d| *d < Duration::from_millis(250)));
    }
}
