//! Hooks: async code a test runs at a chosen point of a running client's work, before the
//! server handles a given operation's request (another pipeline releases between two
//! requests of a running `apply()`). The request waits until the hook has finished.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

type HookFuture = Pin<Box<dyn Future<Output = ()> + Send>>;
type HookFn = Box<dyn FnMut() -> HookFuture + Send>;

/// Async code to run before the server handles a request to an operation, registered with
/// [`Server::hook`](crate::Server::hook). The request waits until the code has finished, so
/// whatever it does (a whole second client's run against the same server) happens between
/// that request and the one before it.
///
/// The hook runs after the request is counted and before faults, authentication and
/// validation, on its own task: the server keeps answering other requests meanwhile
/// (those of the hook itself included; they don't fire it again while it runs once per
/// [`times`](Hook::times)). If the hook panics, the request gets a 500.
///
/// ```no_run
/// # use twilio_mock::{Hook, Server};
/// # fn f(server: &Server) -> Result<(), twilio_mock::MockError> {
/// let url = server.url().to_string();
/// // Once, before the next release is created: another pipeline releases first.
/// server.hook(Hook::before("CreatePluginRelease").times(1).run(move || {
///     let url = url.clone();
///     async move {
///         // … a second client against `url` runs its whole release …
///         # let _ = url;
///     }
/// }))?;
/// # Ok(()) }
/// ```
pub struct Hook {
    pub(crate) selector: String,
    pub(crate) times: Option<u64>,
    pub(crate) skip: u64,
    pub(crate) run: Option<HookFn>,
}

impl fmt::Debug for Hook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hook")
            .field("selector", &self.selector)
            .field("times", &self.times)
            .field("skip", &self.skip)
            .field("run", &self.run.is_some())
            .finish()
    }
}

impl Hook {
    /// Before each request to this operation: an operation id (`"CreatePluginRelease"`) or
    /// `"METHOD /path"`, as [`Fault::route`](crate::Fault::route) takes.
    pub fn before(operation: impl Into<String>) -> Self {
        Hook {
            selector: operation.into(),
            times: None,
            skip: 0,
            run: None,
        }
    }

    /// Run at most `n` times (`times(1)`: before the next matching request only).
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Let the first `n` matching requests through before the hook applies.
    pub fn skip(mut self, n: u64) -> Self {
        self.skip = n;
        self
    }

    /// What to run: a closure giving the future to await each time the hook fires.
    /// Without one the hook only counts ([`Server::hook_runs`](crate::Server::hook_runs)).
    pub fn run<F, Fut>(mut self, mut f: F) -> Self
    where
        F: FnMut() -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.run = Some(Box::new(move || Box::pin(f())));
        self
    }
}

/// Handle of a registered hook, for [`Server::hook_runs`](crate::Server::hook_runs) and
/// [`Server::remove_hook`](crate::Server::remove_hook).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HookId(pub(crate) u64);

struct Entry {
    id: u64,
    op: usize,
    times: Option<u64>,
    skip: u64,
    seen: u64,
    fired: u64,
    run: Option<Arc<Mutex<HookFn>>>,
}

impl Entry {
    fn exhausted(&self) -> bool {
        self.times.is_some_and(|t| self.fired >= t)
    }
}

/// All hooks of a server.
pub(crate) struct Hooks {
    /// Hooks that can still fire; lets the hot path skip the mutex entirely.
    live: AtomicUsize,
    state: Mutex<(Vec<Entry>, u64)>,
}

/// A hook that fired for a request: the future to await before handling it.
pub(crate) struct Fired(pub(crate) Option<HookFuture>);

impl Hooks {
    pub(crate) fn new() -> Self {
        Hooks {
            live: AtomicUsize::new(0),
            state: Mutex::new((Vec::new(), 1)),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (Vec<Entry>, u64)> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn add(&self, hook: Hook, op: usize) -> HookId {
        let mut st = self.lock();
        let id = st.1;
        st.1 += 1;
        let entry = Entry {
            id,
            op,
            times: hook.times,
            skip: hook.skip,
            seen: 0,
            fired: 0,
            run: hook.run.map(|f| Arc::new(Mutex::new(f))),
        };
        if !entry.exhausted() {
            self.live.fetch_add(1, Ordering::SeqCst);
        }
        st.0.push(entry);
        HookId(id)
    }

    pub(crate) fn remove(&self, id: HookId) -> bool {
        let mut st = self.lock();
        let Some(i) = st.0.iter().position(|e| e.id == id.0) else {
            return false;
        };
        let e = st.0.remove(i);
        if !e.exhausted() {
            self.live.fetch_sub(1, Ordering::SeqCst);
        }
        true
    }

    /// Removes every hook.
    pub(crate) fn clear(&self) {
        let mut st = self.lock();
        st.0.clear();
        self.live.store(0, Ordering::SeqCst);
    }

    pub(crate) fn runs(&self, id: HookId) -> u64 {
        self.lock()
            .0
            .iter()
            .find(|e| e.id == id.0)
            .map_or(0, |e| e.fired)
    }

    /// The hooks that fire for a request to operation `op`, counted as fired, in
    /// registration order.
    pub(crate) fn fire(&self, op: Option<usize>) -> Vec<Fired> {
        let Some(op) = op else { return Vec::new() };
        if self.live.load(Ordering::Relaxed) == 0 {
            return Vec::new();
        }
        let mut runs = Vec::new();
        {
            let mut st = self.lock();
            for e in st.0.iter_mut().filter(|e| e.op == op && !e.exhausted()) {
                e.seen += 1;
                if e.seen <= e.skip {
                    continue;
                }
                e.fired += 1;
                if e.exhausted() {
                    self.live.fetch_sub(1, Ordering::SeqCst);
                }
                runs.push(e.run.clone());
            }
        }
        // The futures are made outside the registry's lock: a closure may register hooks.
        runs.into_iter()
            .map(|run| {
                Fired(run.map(|f| {
                    let mut f = f.lock().unwrap_or_else(PoisonError::into_inner);
                    f()
                }))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_and_times_choose_the_requests() {
        let hooks = Hooks::new();
        let id = hooks.add(Hook::before("x").skip(1).times(2), 3);
        let fired: Vec<usize> = (0..5).map(|_| hooks.fire(Some(3)).len()).collect();
        assert_eq!(fired, [0, 1, 1, 0, 0]);
        assert_eq!(hooks.runs(id), 2);
        assert!(hooks.fire(Some(4)).is_empty());
        assert!(hooks.fire(None).is_empty());
        assert!(hooks.remove(id));
        assert!(!hooks.remove(id));
    }
}
