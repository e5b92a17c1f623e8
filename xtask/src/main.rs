//! `cargo xtask <command> [args…]` (alias of `cargo run -p xtask --`): maintainer tasks for
//! twilio-flex.

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [args…]   (or: cargo run -p xtask -- <command> [args…])

commands:
  spec-diff OLD.yaml NEW.yaml [--allow-breaking] [--output FILE]
      report what a spec update changes in the generated Rust API
  api-snapshot [--check] [--root DIR]
      write api/flex_v1.txt, the listing of the generated public API (--check: verify it)
  update-spec NEW.yaml [--commit SHA] [--date YYYY-MM-DD] [--version X.Y.Z]
              [--allow-breaking] [--output FILE] [--root DIR]
      replace spec/flex_v1.yaml, update spec/PROVENANCE.toml and api/flex_v1.txt,
      and print the spec-diff report
  spec-history DIR [--output FILE]
      spec-diff over every consecutive pair of releases in DIR: one row each, then
      `N updates, B breaking, A additions`
  check-specs [--compile-only] [--contract-only-for SUBSTRING]... PATH...
      generate, compile and contract-check every spec file in PATH (file or directory)

`cargo xtask <command> --help` describes a command.";

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let command = args.next();
    match command.as_ref().and_then(|c| c.to_str()) {
        Some("spec-diff") => xtask::spec_diff::cli::run(args),
        Some("api-snapshot") => xtask::snapshot::run(args),
        Some("update-spec") => xtask::update_spec::run(args),
        Some("check-specs") => xtask::check_specs::run(args),
        Some("spec-history") => xtask::spec_history::run(args),
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
