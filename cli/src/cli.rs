//! The command line's grammar: global flags and the command tree (clap derive; each command's
//! own flags live in its module under `commands/`).

use clap::{Args, Parser};

/// Flex from the command line: plugin releases, Configuration as code and every Flex v1
/// operation, for CI pipelines.
///
/// Credentials come from TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN, or TWILIO_API_KEY with
/// TWILIO_API_SECRET (and TWILIO_ACCOUNT_SID); TWILIO_REGION and TWILIO_EDGE choose the host.
/// Flags override the environment. It never prompts and never prints a secret.
///
/// Exit status: 0 success; 1 error; 2 usage (bad flag or value, missing credentials: nothing
/// was sent); 3 changes pending (a plan or diff with --detailed-exitcode); 4 Twilio answered
/// with an error; 5 authentication refused (401/403); 6 network (connection failed, timed
/// out); 7 stale plugin plan (another release became active); 8 Configuration conflict
/// (changed since it was read).
#[derive(Debug, Parser)]
#[command(name = "twilio-flex", version, propagate_version = true)]
#[command(max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: crate::commands::Command,
}

/// Flags every command takes (before or after the command's name).
#[derive(Debug, Clone, Args)]
pub struct Global {
    /// Send requests to this base URL instead of Twilio's host (a mock, a proxy); plain http
    /// only to loopback hosts.
    #[arg(long, global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// The account SID, `AC…` [default: $TWILIO_ACCOUNT_SID].
    #[arg(long, global = true, value_name = "SID")]
    pub account_sid: Option<String>,
    /// The account's auth token [default: $TWILIO_AUTH_TOKEN]. Prefer the environment: a
    /// flag's value is visible to other processes.
    #[arg(long, global = true, value_name = "TOKEN")]
    pub auth_token: Option<String>,
    /// An API key SID, `SK…`, used instead of the auth token [default: $TWILIO_API_KEY].
    #[arg(long, global = true, value_name = "SID")]
    pub api_key: Option<String>,
    /// The API key's secret [default: $TWILIO_API_SECRET].
    #[arg(long, global = true, value_name = "SECRET")]
    pub api_secret: Option<String>,
    /// Twilio region, e.g. `ie1` [default: $TWILIO_REGION].
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,
    /// Twilio edge, e.g. `dublin` [default: $TWILIO_EDGE].
    #[arg(long, global = true, value_name = "EDGE")]
    pub edge: Option<String>,
    /// Print results as JSON: one document, or one line per item for lists (NDJSON).
    #[arg(long, global = true)]
    pub json: bool,
    /// Log to stderr: -v each request (operation, method, path, status, time) and each
    /// resource created, -vv more.
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,
    /// Log nothing but errors, and show no progress.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}
