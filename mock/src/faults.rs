//! Fault injection: rules that make chosen requests fail in chosen ways.

use std::sync::Mutex;
use std::sync::PoisonError;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// A fault to inject, built fluently and registered with
/// [`Server::fault`](crate::Server::fault).
///
/// Which requests it hits:
/// * [`route`](Fault::route) restricts it to one operation (default: every request);
/// * [`skip`](Fault::skip), [`every`](Fault::every), [`probability`](Fault::probability)
///   choose among the matching requests, [`times`](Fault::times) caps how often it fires.
///
/// ```no_run
/// # use twilio_mock::{Fault, Server};
/// # fn f(server: &Server) -> Result<(), twilio_mock::MockError> {
/// // The next two creates of a Flex Flow get a 503.
/// server.fault(Fault::status(503).route("CreateFlexFlow").times(2))?;
/// // Every third fetch is rate limited, asking to retry after 1 s.
/// server.fault(Fault::rate_limited(1).route("GET /v1/FlexFlows/{Sid}").every(3))?;
/// // The create is applied, then the connection is reset: the response is lost.
/// server.fault(Fault::reset().route("CreateFlexFlow").times(1).after_apply())?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Fault {
    pub(crate) action: FaultAction,
    pub(crate) route: Option<String>,
    pub(crate) times: Option<u64>,
    pub(crate) every: Option<u64>,
    pub(crate) skip: u64,
    pub(crate) probability: Option<f64>,
    pub(crate) after_apply: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FaultAction {
    Status { code: u16, retry_after: Option<u64> },
    Latency(Duration),
    Reset,
    Malformed,
}

impl Fault {
    fn new(action: FaultAction) -> Self {
        Fault {
            action,
            route: None,
            times: None,
            every: None,
            skip: 0,
            probability: None,
            after_apply: false,
        }
    }

    /// Answer with this HTTP status (e.g. 500, 503) and a Twilio-shaped error
    /// body (`code` 20000 + status). Out-of-range codes become 500.
    pub fn status(code: u16) -> Self {
        let code = if (100..=999).contains(&code) {
            code
        } else {
            500
        };
        Self::new(FaultAction::Status {
            code,
            retry_after: None,
        })
    }

    /// Answer 429 Too Many Requests with `Retry-After: retry_after_secs`.
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self::new(FaultAction::Status {
            code: 429,
            retry_after: Some(retry_after_secs),
        })
    }

    /// Delay the response by `delay`, then answer normally. Delays of
    /// several matching latency faults add up.
    pub fn latency(delay: Duration) -> Self {
        Self::new(FaultAction::Latency(delay))
    }

    /// Close the connection (TCP reset) without sending a response.
    pub fn reset() -> Self {
        Self::new(FaultAction::Reset)
    }

    /// Answer `200 OK` with a truncated (invalid) JSON body. The request is
    /// processed first, so a create is applied even though the client can't
    /// read the answer.
    pub fn malformed_body() -> Self {
        let mut f = Self::new(FaultAction::Malformed);
        f.after_apply = true;
        f
    }

    /// Adds `Retry-After: secs` to a status fault (e.g. a 503).
    pub fn retry_after(mut self, secs: u64) -> Self {
        if let FaultAction::Status { retry_after, .. } = &mut self.action {
            *retry_after = Some(secs);
        }
        self
    }

    /// Only requests to this operation: an operation id (`"CreateFlexFlow"`)
    /// or `"METHOD /path"` with the spec's template (`"GET /v1/FlexFlows/{Sid}"`)
    /// or a concrete path.
    pub fn route(mut self, selector: impl Into<String>) -> Self {
        self.route = Some(selector.into());
        self
    }

    /// Fire at most `n` times (`times(2)`: "the next two matching requests").
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Fire on every `k`-th matching request (the k-th, 2k-th, …).
    pub fn every(mut self, k: u64) -> Self {
        self.every = Some(k.max(1));
        self
    }

    /// Let the first `n` matching requests through before the fault applies.
    pub fn skip(mut self, n: u64) -> Self {
        self.skip = n;
        self
    }

    /// Fire with probability `p` (0.0..=1.0) per matching request, drawn
    /// from the server's seeded RNG (see [`Server::set_fault_seed`](crate::Server::set_fault_seed)).
    pub fn probability(mut self, p: f64) -> Self {
        self.probability = Some(if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) });
        self
    }

    /// Process the request (apply the create/update/delete) before failing,
    /// modelling a response lost after the server committed. Applies to
    /// status and reset faults; malformed bodies are always after apply.
    pub fn after_apply(mut self) -> Self {
        self.after_apply = true;
        self
    }
}

/// Handle of a registered fault, for [`Server::fault_hits`](crate::Server::fault_hits)
/// and [`Server::remove_fault`](crate::Server::remove_fault).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FaultId(pub(crate) u64);

/// What a fault does to a request once it fires.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Terminal {
    Status { code: u16, retry_after: Option<u64> },
    Reset,
    Malformed,
}

/// The combined effect of all rules firing on one request.
#[derive(Debug, Default)]
pub(crate) struct Decision {
    pub latency: Duration,
    pub before: Option<Terminal>,
    pub after: Option<Terminal>,
}

struct Rule {
    id: u64,
    fault: Fault,
    /// Resolved operation index; `None` = every request.
    op: Option<usize>,
    seen: u64,
    fired: u64,
}

impl Rule {
    fn exhausted(&self) -> bool {
        self.fault.times.is_some_and(|t| self.fired >= t)
    }
}

struct State {
    rules: Vec<Rule>,
    rng: fastrand::Rng,
    next_id: u64,
}

/// All fault rules of a server.
pub(crate) struct Faults {
    /// Rules that can still fire; lets the hot path skip the mutex entirely.
    live: AtomicUsize,
    state: Mutex<State>,
}

impl Faults {
    pub(crate) fn new(seed: u64) -> Self {
        Faults {
            live: AtomicUsize::new(0),
            state: Mutex::new(State {
                rules: Vec::new(),
                rng: fastrand::Rng::with_seed(seed),
                next_id: 1,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn add(&self, fault: Fault, op: Option<usize>) -> FaultId {
        let mut st = self.lock();
        let id = st.next_id;
        st.next_id += 1;
        let rule = Rule {
            id,
            fault,
            op,
            seen: 0,
            fired: 0,
        };
        if !rule.exhausted() {
            self.live.fetch_add(1, Ordering::SeqCst);
        }
        st.rules.push(rule);
        FaultId(id)
    }

    pub(crate) fn remove(&self, id: FaultId) -> bool {
        let mut st = self.lock();
        let Some(i) = st.rules.iter().position(|r| r.id == id.0) else {
            return false;
        };
        let r = st.rules.remove(i);
        if !r.exhausted() {
            self.live.fetch_sub(1, Ordering::SeqCst);
        }
        true
    }

    pub(crate) fn clear(&self) {
        let mut st = self.lock();
        st.rules.clear();
        self.live.store(0, Ordering::SeqCst);
    }

    pub(crate) fn hits(&self, id: FaultId) -> u64 {
        self.lock()
            .rules
            .iter()
            .find(|r| r.id == id.0)
            .map_or(0, |r| r.fired)
    }

    pub(crate) fn reseed(&self, seed: u64) {
        self.lock().rng = fastrand::Rng::with_seed(seed);
    }

    /// Evaluates every rule for a request to operation `op` (`None`: no route).
    pub(crate) fn decide(&self, op: Option<usize>) -> Option<Decision> {
        if self.live.load(Ordering::Relaxed) == 0 {
            return None;
        }
        let mut st = self.lock();
        let State { rules, rng, .. } = &mut *st;
        let mut d = Decision::default();
        let mut fired_any = false;
        for r in rules.iter_mut() {
            if r.op.is_some() && r.op != op {
                continue;
            }
            if r.exhausted() {
                continue;
            }
            r.seen += 1;
            let Some(k) = r.seen.checked_sub(r.fault.skip).filter(|k| *k > 0) else {
                continue;
            };
            if r.fault.every.is_some_and(|e| k % e != 0) {
                continue;
            }
            if let Some(p) = r.fault.probability
                && rng.f64() >= p
            {
                continue;
            }
            // A terminal effect already chosen for this phase wins; don't count this one.
            let terminal = match &r.fault.action {
                FaultAction::Latency(l) => {
                    d.latency = d.latency.saturating_add(*l);
                    None
                }
                FaultAction::Status { code, retry_after } => Some(Terminal::Status {
                    code: *code,
                    retry_after: *retry_after,
                }),
                FaultAction::Reset => Some(Terminal::Reset),
                FaultAction::Malformed => Some(Terminal::Malformed),
            };
            if let Some(t) = terminal {
                if d.before.is_some() || (r.fault.after_apply && d.after.is_some()) {
                    continue;
                }
                if r.fault.after_apply {
                    d.after = Some(t);
                } else {
                    d.before = Some(t);
                }
            }
            r.fired += 1;
            fired_any = true;
            if r.exhausted() {
                self.live.fetch_sub(1, Ordering::SeqCst);
            }
        }
        fired_any.then_some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules() {
        let f = Faults::new(1);
        let id = f.add(Fault::status(503).every(2).times(2), None);
        let fired: Vec<bool> = (0..6).map(|_| f.decide(Some(0)).is_some()).collect();
        assert_eq!(fired, [false, true, false, true, false, false]);
        assert_eq!(f.hits(id), 2);
        assert!(f.decide(None).is_none());
        let id = f.add(Fault::reset().skip(1).times(1), Some(3));
        assert!(f.decide(Some(2)).is_none());
        assert!(f.decide(Some(3)).is_none());
        assert_eq!(f.decide(Some(3)).unwrap().before, Some(Terminal::Reset));
        assert_eq!(f.hits(id), 1);
    }
}
