//! `twilio-flex mock`: the library's stateful mock (`twilio_flex::mock`) as a standalone
//! server, for tests in any language and CI pipelines: the Flex v1 API (or any Twilio spec
//! with `--spec`), an admin API under `/__mock/`, a health check, state loaded from and saved
//! to a file, one access-log line per request on stderr.
//!
//! The credentials it prints are the mock's own test credentials (generated, or the
//! `--account-sid`/`--auth-token` given to it): printing them is what lets a test use them.
//! They are never Twilio's, and the environment's `TWILIO_*` credentials are not read here.

use super::Ctx;
use crate::exit::{self, Failure};
use serde_json::{Value, json};
use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use twilio_flex::mock::{MockServer, RequestLine};

/// The default port: not Prism's 4010, so both can run side by side.
pub const DEFAULT_PORT: u16 = 4020;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
On start it prints one line (one JSON document with --json) with the URL and the credentials \
requests need, then serves until SIGTERM or Ctrl-C. The credentials are the mock's own test \
credentials, never Twilio's: generated unless --account-sid/--auth-token are given.

Admin API (no credentials needed): GET /__mock/health, POST /__mock/seed, POST /__mock/records, \
POST|DELETE /__mock/faults, GET|DELETE /__mock/counters, GET|PUT /__mock/state, POST \
/__mock/reset (README, \"Testing from any language\").

Example: twilio-flex mock --port 0 --json")]
pub struct Args {
    /// The address to listen on; any other than a loopback address is reachable from other
    /// machines (a warning says so).
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    host: IpAddr,
    /// The port; 0 picks a free one (the start line tells which).
    #[arg(long, default_value_t = DEFAULT_PORT)]
    port: u16,
    /// Serve this Twilio OpenAPI spec (YAML or JSON) instead of the built-in Flex v1 spec; the
    /// Flex rules (Plugin Service, Configuration) apply only to the built-in one.
    #[arg(long, value_name = "FILE")]
    spec: Option<PathBuf>,
    /// Load records from this JSON file at start: an object of collection paths
    /// (`"/v1/FlexFlows"`) to arrays of records, and singleton paths to their record (what
    /// GET /__mock/state answers). A missing file starts empty with --save-state.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// Write the records back to the --state file on shutdown.
    #[arg(long, requires = "state")]
    save_state: bool,
    /// Accept requests with any credentials, or none (default: the server's, else 401 with
    /// Twilio's code 20003).
    #[arg(long)]
    any_credentials: bool,
    /// Seed the RNG behind SIDs and probabilistic faults, for reproducible runs.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
}

pub async fn run(args: Args, ctx: &Ctx) -> Result<i32, Failure> {
    let (account_sid, auth_token) = credentials(ctx)?;
    let spec_text = match &args.spec {
        Some(path) => Some(std::fs::read_to_string(path).map_err(|e| {
            Failure::usage(format!("--spec: could not read {}: {e}", path.display()))
        })?),
        None => None,
    };
    let state = match &args.state {
        Some(path) => read_state(path, args.save_state)?,
        None => None,
    };
    if !args.host.is_loopback() {
        tracing::warn!(
            "--host {}: the mock is reachable from other machines, with the credentials it prints",
            args.host
        );
    }

    let mut builder = MockServer::builder()
        .bind(SocketAddr::new(args.host, args.port))
        .credentials(account_sid.clone(), auth_token.clone())
        .any_credentials(args.any_credentials)
        .admin_api(true);
    if !ctx.global.quiet {
        builder = builder.on_request(log_line);
    }
    if let Some(seed) = args.seed {
        builder = builder.seed(seed);
    }
    if let Some(text) = spec_text {
        builder = builder.spec(text);
    }

    // The server runs on its own multi-threaded runtime (the CLI's is single-threaded): it
    // answers clients in parallel.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            Failure::new(
                exit::ERROR,
                "error",
                format!("could not start the runtime: {e}"),
            )
        })?;
    let started = runtime.spawn(builder.start()).await.map_err(|e| {
        Failure::new(
            exit::ERROR,
            "error",
            format!("the server failed to start: {e}"),
        )
    })?;
    let server = started.map_err(|e| {
        let flag = if args.spec.is_some() && e.to_string().contains("spec") {
            "--spec"
        } else {
            "--host/--port"
        };
        Failure::new(exit::USAGE, "usage", format!("{flag}: {e}"))
    })?;
    if let Some(state) = &state {
        server.import_state(state).map_err(|e| {
            Failure::usage(format!(
                "--state: {}: {e}",
                args.state.as_deref().unwrap_or(Path::new("")).display()
            ))
        })?;
    }

    let url = server.url().to_string();
    let spec = match &args.spec {
        Some(p) => p.display().to_string(),
        None => "flex_v1 (built in)".to_string(),
    };
    if ctx.out.json {
        ctx.out.json(&json!({
            "url": url,
            "host": server.addr().ip().to_string(),
            "port": server.addr().port(),
            "account_sid": account_sid,
            "auth_token": auth_token,
            "admin_url": format!("{url}/__mock/"),
            "health_url": format!("{url}/__mock/health"),
            "spec": spec,
            "any_credentials": args.any_credentials,
        }))?;
    } else {
        ctx.out.text(&format!(
            "twilio-flex mock listening on {url} account_sid={account_sid} auth_token={auth_token} spec={spec} (mock test credentials, not Twilio's)\n"
        ))?;
    }

    shutdown_signal().await;
    tracing::info!("shutting down");
    let saved = match (&args.state, args.save_state) {
        (Some(path), true) => Some(write_state(path, &server.export_state())),
        _ => None,
    };
    drop(server);
    runtime.shutdown_background();
    match saved {
        Some(Err(e)) => Err(e),
        _ => Ok(exit::OK),
    }
}

/// The credentials requests need: the flags', or fresh ones. Only the flags: a
/// `TWILIO_AUTH_TOKEN` in the environment may be a real secret, and this command prints them.
fn credentials(ctx: &Ctx) -> Result<(String, String), Failure> {
    let account_sid = match &ctx.global.account_sid {
        Some(sid) => {
            let hex = sid.strip_prefix("AC").unwrap_or_default();
            if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(Failure::usage(
                    "--account-sid: expected `AC` followed by 32 hexadecimal digits",
                ));
            }
            sid.clone()
        }
        None => format!("AC{:032x}", fastrand::u128(..)),
    };
    let auth_token = match &ctx.global.auth_token {
        Some(t) if t.is_empty() => return Err(Failure::usage("--auth-token: empty")),
        Some(t) => t.clone(),
        None => format!("{:032x}", fastrand::u128(..)),
    };
    Ok((account_sid, auth_token))
}

fn read_state(path: &Path, may_be_missing: bool) -> Result<Option<Value>, Failure> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && may_be_missing => return Ok(None),
        Err(e) => {
            return Err(Failure::usage(format!(
                "--state: could not read {}: {e}",
                path.display()
            )));
        }
    };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| Failure::usage(format!("--state: {} is not JSON: {e}", path.display())))
}

/// Writes through a temporary file beside it, so a crash never leaves half a state file.
fn write_state(path: &Path, state: &Value) -> Result<(), Failure> {
    let mut text = serde_json::to_vec_pretty(state).unwrap_or_default();
    text.push(b'\n');
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, &text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            Failure::new(
                exit::ERROR,
                "error",
                format!("--save-state: could not write {}: {e}", path.display()),
            )
        })
}

/// The access log: `METHOD PATH OPERATION STATUS`, one line per request on stderr.
fn log_line(line: &RequestLine<'_>) {
    let status = match line.status {
        Some(s) => s.to_string(),
        None => "lost".to_string(),
    };
    let fault = if line.fault { " (fault)" } else { "" };
    let text = format!(
        "{} {} {} {status}{fault}\n",
        line.method,
        line.path,
        line.operation.unwrap_or("-")
    );
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// SIGTERM (what `docker stop` and CI runners send) or Ctrl-C.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
