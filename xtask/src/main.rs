//! `cargo run -p xtask -- <command> [args…]`: maintainer tasks for twilio-flex.

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo run -p xtask -- <command> [args…]

commands:
  spec-diff OLD.yaml NEW.yaml [--allow-breaking] [--output FILE]
      report what a spec update changes in the generated Rust API";

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let command = args.next();
    match command.as_ref().and_then(|c| c.to_str()) {
        Some("spec-diff") => xtask::spec_diff::cli::run(args),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        other => {
            match (other, &command) {
                (Some(name), _) => eprintln!("xtask: unknown command `{name}`\n\n{USAGE}"),
                (None, Some(raw)) => eprintln!("xtask: unknown command {raw:?}\n\n{USAGE}"),
                (None, None) => eprintln!("{USAGE}"),
            }
            ExitCode::from(xtask::spec_diff::cli::EXIT_ERROR)
        }
    }
}
