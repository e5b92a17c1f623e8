//! Logs go to stderr, quiet by default: warnings only (a lenient pattern, say). `-v` shows the
//! library's debug output: one line per request with its span's fields (operation, method,
//! path, attempt, status, elapsed_ms: what a failed CI job needs), retries, each resource a
//! release created; `-vv` its trace output too. Only
//! the Twilio crates log past warnings: the HTTP stack's own debug output is left out. The
//! library never puts a secret in a span or an event (its tests check TRACE output), and this
//! binary logs no header or credential.

use crate::cli::Global;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::prelude::*;

pub fn init(global: &Global) {
    let (ours, others) = match (global.quiet, global.verbose) {
        (true, _) => (LevelFilter::ERROR, LevelFilter::ERROR),
        (false, 0) => (LevelFilter::WARN, LevelFilter::WARN),
        (false, 1) => (LevelFilter::DEBUG, LevelFilter::WARN),
        (false, _) => (LevelFilter::TRACE, LevelFilter::WARN),
    };
    let filter = Targets::new()
        .with_default(others)
        .with_target("twilio_flex", ours)
        .with_target("twilio_runtime", ours);
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_target(global.verbose > 1)
        .with_filter(filter);
    let _ = tracing_subscriber::registry().with(layer).try_init();
}
