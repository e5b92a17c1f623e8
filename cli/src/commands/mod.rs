//! The commands, one module each. A command is a module with `Args` (its clap flags) and
//! `async fn run(args, &Ctx) -> Result<i32, Failure>` (the exit code), listed once in
//! `commands!` below: a new command is its file plus one line there.

use crate::cli::Global;
use crate::exit::Failure;
use crate::output::Output;
use crate::progress::Progress;

mod api;
mod completions;
mod configuration;
mod mock;
mod plugins;

/// Builds only the `api` subcommands the arguments can use (see `api::select`).
pub fn select_operations(args: &[String]) {
    api::select(args);
}

/// What every command gets: the global flags, stdout, the progress line.
pub struct Ctx {
    pub global: Global,
    pub out: Output,
    pub progress: Progress,
}

impl Ctx {
    /// The client from the flags and the environment (nothing is sent to build it).
    pub fn client(&self) -> Result<twilio_flex::Client, Failure> {
        crate::client::build(&self.global)
    }
}

/// `Command`, the subcommand enum (one variant per module, its about text from the doc
/// comment), and its `run`.
macro_rules! commands {
    ($($(#[$doc:meta])* $variant:ident => $module:ident,)*) => {
        #[derive(Debug, clap::Subcommand)]
        pub enum Command {
            $($(#[$doc])* $variant($module::Args),)*
        }

        impl Command {
            pub async fn run(self, ctx: &Ctx) -> Result<i32, Failure> {
                match self {
                    $(Command::$variant(args) => $module::run(args, ctx).await,)*
                }
            }
        }
    };
}

commands! {
    /// Plugin releases: the active release, release (plan, then apply; reruns resume), roll back.
    Plugins => plugins,
    /// The Flex Configuration as code: get it, diff and apply a JSON merge patch.
    Configuration => configuration,
    /// Every Flex v1 operation, from the spec: `api OPERATION --flag value…` (`api --help`
    /// lists them; lists print one JSON document per item).
    Api => api,
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions => completions,
    /// Serve a stateful mock of the Flex API (or any Twilio spec) for tests in any language.
    Mock => mock,
}
