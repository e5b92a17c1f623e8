//! Targets 8 and 9 (issue 25): the `twilio-flex` command line's start-up and one listing,
//! measured as a pipeline pays them: whole processes, spawned and waited for, side by side with the floor of
//! the alternative in the same run (`node -e 0` for any Node-based CLI such as twilio-cli;
//! `curl` for one GET).

use crate::BoxError;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Wall time of one run of `command` to its exit, in milliseconds; output discarded, a
/// failing run is an error (a benchmark of an error path would flatter it).
fn once(command: &mut Command) -> Result<f64, BoxError> {
    let start = Instant::now();
    let status = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    if !status.success() {
        return Err(format!("{command:?} failed ({status})").into());
    }
    Ok(ms)
}

/// For each of `runs` runs, the median of `per_run` spawns of `ours` and of `floor`,
/// interleaved (one of each, in turn) after one untimed warm-up of each.
pub fn pair(
    runs: usize,
    per_run: usize,
    mut ours: impl FnMut() -> Command,
    mut floor: impl FnMut() -> Command,
) -> Result<(Vec<f64>, Vec<f64>), BoxError> {
    once(&mut ours())?;
    once(&mut floor())?;
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let (mut x, mut y) = (Vec::new(), Vec::new());
        for _ in 0..per_run {
            x.push(once(&mut ours())?);
            y.push(once(&mut floor())?);
        }
        a.push(crate::stats::summarize(&x).median);
        b.push(crate::stats::summarize(&y).median);
    }
    Ok((a, b))
}

/// `twilio-flex --version` and `node -e 0`.
pub fn version_vs_node(cli: &Path, runs: usize) -> Result<(Vec<f64>, Vec<f64>), BoxError> {
    pair(
        runs,
        40,
        || {
            let mut c = Command::new(cli);
            c.arg("--version");
            c
        },
        || {
            let mut c = Command::new("node");
            c.args(["-e", "0"]);
            c
        },
    )
}

/// `twilio-flex api list-flex-flow --limit 5` against the mock at `url` (credentials from the
/// environment, as CI passes them) and a `curl` of the same GET (`/v1/FlexFlows?PageSize=5`,
/// the one request the command sends: a limit of 5 asks for a page of 5).
pub fn list_vs_curl(
    cli: &Path,
    url: &str,
    sid: &str,
    token: &str,
    runs: usize,
) -> Result<(Vec<f64>, Vec<f64>), BoxError> {
    let get = format!("{url}/v1/FlexFlows?PageSize=5");
    let user = format!("{sid}:{token}");
    pair(
        runs,
        20,
        || {
            let mut c = Command::new(cli);
            c.args(["api", "list-flex-flow", "--limit", "5", "--base-url", url])
                .env("TWILIO_ACCOUNT_SID", sid)
                .env("TWILIO_AUTH_TOKEN", token)
                .env_remove("TWILIO_API_KEY")
                .env_remove("TWILIO_API_SECRET");
            c
        },
        || {
            let mut c = Command::new("curl");
            c.args(["-sSf", "-o", "/dev/null", "-u", &user, &get]);
            c
        },
    )
}
