//! `twilio-flex completions SHELL`: clap_complete's script for the whole command tree.

use super::Ctx;
use crate::exit::Failure;
use clap::CommandFactory as _;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example: twilio-flex completions bash > /etc/bash_completion.d/twilio-flex"
)]
pub struct Args {
    /// The shell.
    shell: clap_complete::Shell,
}

pub async fn run(args: Args, _ctx: &Ctx) -> Result<i32, Failure> {
    let mut command = crate::cli::Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "twilio-flex", &mut script);
    _ctx.out.text(&String::from_utf8_lossy(&script))?;
    Ok(crate::exit::OK)
}
