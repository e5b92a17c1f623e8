//! `twilio-flex`: Flex plugin releases, Configuration as code and every Flex v1 operation from
//! the command line, for CI pipelines in any language. Built on the `twilio-flex` library's
//! public API only.
//!
//! Results go to stdout (human-readable, or JSON with `--json`), logs and progress to stderr;
//! it never prompts and never prints a secret. The exit codes are in [`exit`].

mod cli;
mod client;
mod commands;
mod exit;
mod logging;
mod output;
mod progress;

use clap::{CommandFactory as _, FromArgMatches as _};

fn main() {
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    // The `api` subcommands are built for the operations these arguments name only.
    commands::select_operations(&args);
    let cli = match cli::Cli::command().try_get_matches() {
        Ok(matches) => cli::Cli::from_arg_matches(&matches),
        Err(e) => Err(e),
    };
    // Help and `--version` go to stdout with status 0; usage errors to stderr with status 2
    // (`exit::USAGE`).
    let cli = cli.unwrap_or_else(|e| e.exit());
    logging::init(&cli.global);
    let code = run(cli);
    std::process::exit(code);
}

fn run(cli: cli::Cli) -> i32 {
    let out = output::Output::new(cli.global.json);
    let ctx = commands::Ctx {
        progress: progress::Progress::new(cli.global.quiet),
        global: cli.global,
        out,
    };
    // One thread: a CLI call is a few requests in a row (pagination's read-ahead is a task on
    // the same thread), and a current-thread runtime starts in microseconds.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            return exit::ERROR;
        }
    };
    let result = runtime.block_on(cli.command.run(&ctx));
    ctx.progress.finish();
    match result {
        Ok(code) => code,
        Err(failure) => {
            ctx.out.failure(&failure);
            failure.code
        }
    }
}
