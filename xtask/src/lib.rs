//! Maintainer tasks for the `twilio-flex` workspace, run as
//! `cargo run -p xtask -- <command>`. The logic lives in this library so that
//! it can be unit-tested; `main.rs` only dispatches.

#![warn(missing_docs)]

pub mod changelog;
pub mod check_specs;
pub mod flex {
    //! The Flex product's declarations, as `build.rs` applies them (`declarations.rs`), so the
    //! API snapshot and spec-diff render the API users get.
    include!("../../declarations.rs");
}
pub mod snapshot;
pub mod spec_diff;
pub mod spec_history;
pub mod update_spec;
pub mod version;

/// A subcommand's parsed arguments, or the exit code once `--help` (status 0) or a usage
/// error (status 2, the message then the usage on stderr) has been printed.
pub(crate) fn parsed_or_exit<T>(
    command: &str,
    usage: &str,
    parsed: Result<Option<T>, lexopt::Error>,
) -> Result<T, std::process::ExitCode> {
    match parsed {
        Ok(Some(args)) => Ok(args),
        Ok(None) => {
            println!("{usage}");
            Err(std::process::ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{command}: {e}\n\n{usage}");
            Err(std::process::ExitCode::from(2))
        }
    }
}
