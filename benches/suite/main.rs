//! The benchmark suite behind `scripts/bench` and `BENCHMARKS.md` (issue #6).
//!
//! One binary, several modes, so every measurement can run in a process of its own (the mock
//! server too, so neither its CPU nor its memory counts against the client):
//!
//! ```text
//! suite serve [--flows N] [--latency-ms MS] [--max-secs S]   mock server; prints {"url",…} and waits
//! suite overhead --url U --sid S [--rounds R --batch B]      target 1: fetch, client vs bare reqwest
//! suite concurrency --url U --sid S [--rounds R --tasks T --per-task K]   target 5
//! suite list --url U [--items N --page-size P]               target 2 (Rust side): stream N items
//! suite rss --url U --items N                                target 3: stream N items, report VmHWM
//! suite readahead --url U [--pages P --page-size S --work-ms W --rounds R]   target 4
//! suite cli --cli BIN [--runs N]                             targets 8 and 9 only, as JSON
//! suite serving --cli BIN [--rounds R --secs S --conns C --prism BIN --v2010 SPEC --out FILE]
//!                                                            targets 10 and 11: the mock server
//! suite floor --bodies FILE                                  the bare axum floor of target 10
//! suite report [--out FILE --runs N --node DIR --python BIN --naive DIR --cli BIN …]   all of the above
//! ```
//!
//! For profiling one side: `overhead … --only client|bare`, `concurrency … --only client|bare`,
//! `list … --variant client|bare|bytes` (`bytes`: bodies only, the mock + transport floor),
//! `rss … --variant client|bare` (bare: the HTTP stack's memory floor), and
//! `--bare-timeout-ms MS` gives the bare client a per-request timeout like the client's.
//!
//! Without a mode (as `cargo bench` runs it) it runs a quick `report` of the client-only
//! targets and prints the table. `scripts/bench` runs the full report, peers and build cost
//! included, and writes `BENCHMARKS.md`.

mod build_cost;
mod cli;
mod modes;
mod report;
mod serving;
mod stats;

use std::collections::HashMap;
use std::process::ExitCode;

/// `--key value` options (and bare `--flag`s, stored as "true").
#[derive(Debug, Default, Clone)]
pub struct Opts(HashMap<String, String>);

impl Opts {
    fn parse(args: &[String]) -> Result<Opts, String> {
        let mut map = HashMap::new();
        let mut i = 0;
        while i < args.len() {
            let key = args[i]
                .strip_prefix("--")
                .ok_or_else(|| format!("unexpected argument {:?}", args[i]))?;
            match args.get(i + 1).filter(|v| !v.starts_with("--")) {
                Some(value) => {
                    map.insert(key.to_string(), value.clone());
                    i += 2;
                }
                None => {
                    map.insert(key.to_string(), "true".to_string());
                    i += 1;
                }
            }
        }
        Ok(Opts(map))
    }

    /// A string option.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// A required string option.
    pub fn req(&self, key: &str) -> Result<&str, String> {
        self.str(key).ok_or_else(|| format!("--{key} is required"))
    }

    /// A numeric option with a default.
    pub fn num<T: std::str::FromStr>(&self, key: &str, default: T) -> Result<T, String> {
        match self.str(key) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| format!("--{key}: not a number: {v:?}")),
        }
    }

    /// Whether a flag is present.
    pub fn flag(&self, key: &str) -> bool {
        self.str(key).is_some_and(|v| v != "false")
    }
}

/// Errors of this binary: printed, exit code 1.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, rest) = match args.first().map(String::as_str) {
        Some(
            m @ ("serve" | "overhead" | "concurrency" | "list" | "rss" | "readahead" | "report"
            | "cli" | "serving" | "floor"),
        ) => (m.to_string(), &args[1..]),
        // `cargo bench` passes `--bench` (and maybe a filter): the quick report.
        _ => ("quick".to_string(), &[][..]),
    };
    let result = Opts::parse(rest)
        .map_err(BoxError::from)
        .and_then(|opts| match mode.as_str() {
            "serve" => modes::serve(&opts),
            "overhead" => modes::overhead(&opts),
            "concurrency" => modes::concurrency(&opts),
            "list" => modes::list(&opts),
            "rss" => modes::rss(&opts),
            "readahead" => modes::readahead(&opts),
            "report" => report::run(&opts),
            "cli" => report::cli_only(&opts),
            "serving" => serving::run(&opts),
            "floor" => serving::floor(&opts),
            _ => report::quick(),
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("suite {mode}: error: {e}");
            ExitCode::FAILURE
        }
    }
}
