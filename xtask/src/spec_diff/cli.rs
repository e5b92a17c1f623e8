//! The `spec-diff` command line.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{Spec, diff_specs};

/// Usage text for `spec-diff`.
pub const USAGE: &str = "\
usage: xtask spec-diff OLD.yaml NEW.yaml [--allow-breaking] [--output FILE]

Reports what changes in the generated Rust API between two Flex v1 OpenAPI
specs, as Markdown (to stdout, or to FILE with --output). Both specs go through
the generator; the verdict compares their API snapshots (api/flex_v1.txt), and
the spec-level changes are listed as context.

exit status: 0 no breaking change to the Rust API (or --allow-breaking),
             1 breaking changes to the Rust API,
             2 usage error, or a spec that cannot be read or generated from";

/// Exit status when the Rust API has breaking changes.
pub const EXIT_BREAKING: u8 = 1;
/// Exit status for usage errors and unreadable specs.
pub const EXIT_ERROR: u8 = 2;

#[derive(Debug)]
struct Args {
    old: PathBuf,
    new: PathBuf,
    allow_breaking: bool,
    output: Option<PathBuf>,
}

fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Option<Args>, lexopt::Error> {
    use lexopt::prelude::*;
    let mut files = Vec::new();
    let mut allow_breaking = false;
    let mut output = None;
    let mut parser = lexopt::Parser::from_args(args);
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Long("allow-breaking") => allow_breaking = true,
            Short('o') | Long("output") => output = Some(PathBuf::from(parser.value()?)),
            Value(file) => files.push(PathBuf::from(file)),
            _ => return Err(arg.unexpected()),
        }
    }
    match <[PathBuf; 2]>::try_from(files) {
        Ok([old, new]) => Ok(Some(Args {
            old,
            new,
            allow_breaking,
            output,
        })),
        Err(files) => {
            Err(format!("expected two spec files (old and new), got {}", files.len()).into())
        }
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The old spec, and the new one generated after the old one's names (what users of the old
/// one's crate get), renames dated from the new file's name.
fn load(old: &Path, new: &Path) -> (Result<Spec, String>, Result<Spec, String>) {
    fn named(path: &Path) -> impl Fn(super::ParseError) -> String + '_ {
        move |e| format!("{}: {e}", path.display())
    }
    let old_spec = read(old).and_then(|t| Spec::parse(&t).map_err(named(old)));
    let published = old_spec
        .as_ref()
        .map(|s| s.names().clone())
        .unwrap_or_default();
    let release = new
        .file_name()
        .and_then(|n| twilio_codegen::snapshot::names::release_date(&n.to_string_lossy(), None));
    let new_spec = read(new)
        .and_then(|t| Spec::parse_after(&t, &published, release.as_deref()).map_err(named(new)));
    (old_spec, new_spec)
}

/// Runs `spec-diff` with the arguments after the subcommand name.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args = match crate::parsed_or_exit("spec-diff", USAGE, parse_args(args)) {
        Ok(args) => args,
        Err(code) => return code,
    };
    let (old, new) = match load(&args.old, &args.new) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            // Name every file that failed, not just the first.
            for e in [old.err(), new.err()].into_iter().flatten() {
                eprintln!("spec-diff: {e}");
            }
            return ExitCode::from(EXIT_ERROR);
        }
    };

    let report = diff_specs(&old, &new);
    let markdown = report.to_markdown();
    match &args.output {
        Some(file) => {
            if let Err(e) = std::fs::write(file, &markdown) {
                eprintln!("spec-diff: cannot write {}: {e}", file.display());
                return ExitCode::from(EXIT_ERROR);
            }
            println!("{}", report.summary());
        }
        None => print!("{markdown}"),
    }

    if report.has_breaking() {
        if args.allow_breaking {
            eprintln!("spec-diff: breaking changes allowed by --allow-breaking");
        } else {
            eprintln!(
                "spec-diff: {} breaking change(s); pass --allow-breaking to accept them",
                report.breaking_count()
            );
            return ExitCode::from(EXIT_BREAKING);
        }
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn parses_flags_in_any_order() {
        let a = parse_args(args(&[
            "--output",
            "r.md",
            "a.yaml",
            "--allow-breaking",
            "b.yaml",
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(a.old, PathBuf::from("a.yaml"));
        assert_eq!(a.new, PathBuf::from("b.yaml"));
        assert!(a.allow_breaking);
        assert_eq!(a.output, Some(PathBuf::from("r.md")));

        let a = parse_args(args(&["a", "b", "--output=x"]))
            .unwrap()
            .unwrap();
        assert_eq!(a.output, Some(PathBuf::from("x")));
        assert!(!a.allow_breaking);
    }

    #[test]
    fn rejects_bad_usage() {
        assert!(parse_args(args(&["a.yaml"])).is_err());
        assert!(parse_args(args(&["a", "b", "c"])).is_err());
        assert!(parse_args(args(&["a", "b", "--frobnicate"])).is_err());
        assert!(parse_args(args(&["a", "b", "--output"])).is_err());
        assert!(parse_args(args(&["--help"])).unwrap().is_none());
    }
}
