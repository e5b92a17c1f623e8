//! `spec-history DIR`: spec-diff over every consecutive pair of releases in a folder, one row
//! per update, so the crate's compatibility record over Twilio's history is one command.
//!
//! Files are taken in name order; Twilio's releases are named `twilio_flex_v1.DATE.COMMIT.yaml`
//! (as in `spec/history/`), which sorts by date. A release that can't be read or generated
//! from is a row of its own (`error`) and makes the exit status 2; it doesn't stop the run.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::spec_diff::{ApiChangeKind, ApiSection, Report, Spec, diff_specs};
use twilio_codegen::snapshot::Names;

/// Usage text for `spec-history`.
pub const USAGE: &str = "\
usage: xtask spec-history DIR [--output FILE] [--names FILE]

Runs spec-diff over every consecutive pair of spec files (*.yaml, *.json) in DIR, in name
order, and prints one row per update: the two releases, the verdict, the number of changes to
the Rust API, how many are breaking, and how many add a struct field. The last line is
`N updates, B breaking, A additions` (A: updates that change the Rust API without breaking
it). --output also writes the rows as a Markdown table to FILE. --names writes the names file
(as api/flex_v1.names.json) that the last release publishes, generated after each release
before it: build.rs reads it with TWILIO_FLEX_NAMES=FILE, to build a later release as a crate
that published those names would (scripts/check-renamed-names).

exit status: 0 every release was read, 2 usage error or a release that cannot be read";

/// One release: its label (date and commit, or file name) and what the generator made of it.
struct Release {
    label: String,
    spec: Result<Spec, String>,
}

/// One consecutive pair's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The older release (`2022-07-13 981a215`).
    pub old: String,
    /// The newer release.
    pub new: String,
    /// The verdict, or why there is none.
    pub verdict: Result<Verdict, String>,
}

/// The counts of one update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// Changes to the Rust API.
    pub changes: usize,
    /// Of them, breaking.
    pub breaking: usize,
    /// Of them, fields added to a struct.
    pub added_fields: usize,
}

impl Verdict {
    fn of(report: &Report) -> Verdict {
        Verdict {
            changes: report.api.len(),
            breaking: report.breaking_count(),
            added_fields: report
                .api
                .iter()
                // A struct field's line is `name: Type`; an enum variant's is its wire value.
                .filter(|c| {
                    c.section == ApiSection::Types
                        && c.member.is_some()
                        && matches!(&c.kind, ApiChangeKind::Added(line) if line.contains(": "))
                })
                .count(),
        }
    }

    /// `breaking`, `additions` or `no change`: the word a row shows.
    pub fn word(&self) -> &'static str {
        if self.breaking > 0 {
            "breaking"
        } else if self.changes > 0 {
            "additions"
        } else {
            "no change"
        }
    }
}

/// The release date and commit in a Twilio release's file name:
/// `twilio_flex_v1.2022-07-13.981a215.yaml` → (`2022-07-13`, `981a215`).
pub fn date_and_commit(path: &Path) -> Option<(String, String)> {
    let stem = path.file_stem()?.to_str()?;
    let parts: Vec<&str> = stem.rsplitn(3, '.').collect();
    match parts.as_slice() {
        [commit, date, _]
            if date.len() == 10
                && date.as_bytes()[4] == b'-'
                && !commit.is_empty()
                && commit.chars().all(|c| c.is_ascii_hexdigit()) =>
        {
            Some((date.to_string(), commit.to_string()))
        }
        _ => None,
    }
}

/// `twilio_flex_v1.2022-07-13.981a215.yaml` → `2022-07-13 981a215`; other names as they are.
fn label(path: &Path) -> String {
    match date_and_commit(path) {
        Some((date, commit)) => format!("{date} {commit}"),
        None => path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

/// The spec files of `dir`, in name order.
pub fn releases(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
        .collect();
    files.sort();
    Ok(files)
}

/// Every consecutive pair of the files, judged. Each release is generated once, after the
/// names its predecessors published (as `build.rs` generates it after `update-spec` kept
/// them), so a rename that keeps a deprecated alias is judged as users would see it.
pub fn history(files: &[PathBuf]) -> Vec<Row> {
    history_and_names(files).0
}

/// [`history`], and the names the last readable release publishes.
pub fn history_and_names(files: &[PathBuf]) -> (Vec<Row>, Names) {
    let mut published = Names::default();
    let releases: Vec<Release> = files
        .iter()
        .map(|path| {
            let date = date_and_commit(path).map(|(date, _)| date);
            let spec = std::fs::read_to_string(path)
                .map_err(|e| e.to_string())
                .and_then(|text| {
                    Spec::parse_after(&text, &published, date.as_deref()).map_err(|e| e.to_string())
                });
            // A release that can't be read publishes nothing: the names before it carry on.
            if let Ok(spec) = &spec {
                published = spec.names().clone();
            }
            Release {
                label: label(path),
                spec,
            }
        })
        .collect();
    let rows = releases
        .windows(2)
        .map(|pair| {
            let (old, new) = (&pair[0], &pair[1]);
            let verdict = match (&old.spec, &new.spec) {
                (Ok(a), Ok(b)) => Ok(Verdict::of(&diff_specs(a, b))),
                (Err(e), _) => Err(format!("{}: {e}", old.label)),
                (_, Err(e)) => Err(format!("{}: {e}", new.label)),
            };
            Row {
                old: old.label.clone(),
                new: new.label.clone(),
                verdict,
            }
        })
        .collect();
    (rows, published)
}

/// The last line: `128 updates, 15 breaking, 90 additions` (additions: changes to the Rust
/// API, none breaking; the other updates change nothing in it).
pub fn summary(rows: &[Row]) -> String {
    let count = |word: &str| {
        rows.iter()
            .filter(|r| r.verdict.as_ref().is_ok_and(|v| v.word() == word))
            .count()
    };
    let (breaking, additions) = (count("breaking"), count("additions"));
    let errors = rows.iter().filter(|r| r.verdict.is_err()).count();
    let mut line = format!(
        "{} updates, {breaking} breaking, {additions} additions",
        rows.len()
    );
    if errors > 0 {
        let _ = write!(line, ", {errors} not judged (a release could not be read)");
    }
    line
}

fn text_row(row: &Row) -> String {
    match &row.verdict {
        Ok(v) => format!(
            "{} → {}  {:<9}  {} changes, {} breaking, {} added fields",
            row.old,
            row.new,
            v.word(),
            v.changes,
            v.breaking,
            v.added_fields
        ),
        Err(e) => format!("{} → {}  error      {e}", row.old, row.new),
    }
}

/// The rows as a Markdown table.
pub fn markdown(rows: &[Row]) -> String {
    let mut out = String::from(
        "| old | new | verdict | changes | breaking | added fields |\n| --- | --- | --- | --- | --- | --- |\n",
    );
    for row in rows {
        let _ = match &row.verdict {
            Ok(v) => writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                row.old,
                row.new,
                v.word(),
                v.changes,
                v.breaking,
                v.added_fields
            ),
            Err(e) => writeln!(out, "| {} | {} | error: {e} | | | |", row.old, row.new),
        };
    }
    let _ = writeln!(out, "\n{}", summary(rows));
    out
}

/// `spec-history`'s arguments.
struct Args {
    dir: PathBuf,
    output: Option<PathBuf>,
    names: Option<PathBuf>,
}

fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Option<Args>, lexopt::Error> {
    use lexopt::prelude::*;
    let (mut dir, mut output, mut names) = (None, None, None);
    let mut parser = lexopt::Parser::from_args(args);
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Short('o') | Long("output") => output = Some(PathBuf::from(parser.value()?)),
            Long("names") => names = Some(PathBuf::from(parser.value()?)),
            Value(d) if dir.is_none() => dir = Some(PathBuf::from(d)),
            _ => return Err(arg.unexpected()),
        }
    }
    match dir {
        Some(dir) => Ok(Some(Args { dir, output, names })),
        None => Err("expected a folder of spec releases".into()),
    }
}

/// Runs `spec-history` with the arguments after the subcommand name.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let Args { dir, output, names } =
        match crate::parsed_or_exit("spec-history", USAGE, parse_args(args)) {
            Ok(a) => a,
            Err(code) => return code,
        };
    let files = match releases(&dir) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("spec-history: {e}");
            return ExitCode::from(2);
        }
    };
    let (rows, published) = history_and_names(&files);
    for row in &rows {
        println!("{}", text_row(row));
    }
    println!("{}", summary(&rows));
    if let Some(out) = output
        && let Err(e) = std::fs::write(&out, markdown(&rows))
    {
        eprintln!("spec-history: {}: {e}", out.display());
        return ExitCode::from(2);
    }
    if let Some(out) = names
        && let Err(e) = std::fs::write(&out, published.to_json())
    {
        eprintln!("spec-history: {}: {e}", out.display());
        return ExitCode::from(2);
    }
    if rows.iter().any(|r| r.verdict.is_err()) {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_from_twilio_release_names() {
        assert_eq!(
            label(Path::new(
                "spec/history/twilio_flex_v1.2022-07-13.981a215.yaml"
            )),
            "2022-07-13 981a215"
        );
        assert_eq!(label(Path::new("x/other.yaml")), "other");
    }

    #[test]
    fn the_summary_counts_breaking_updates_and_errors() {
        let row = |breaking, verdict_ok: bool| Row {
            old: "a".into(),
            new: "b".into(),
            verdict: if verdict_ok {
                Ok(Verdict {
                    changes: 3,
                    breaking,
                    added_fields: 1,
                })
            } else {
                Err("unreadable".into())
            },
        };
        let unchanged = Row {
            verdict: Ok(Verdict {
                changes: 0,
                breaking: 0,
                added_fields: 0,
            }),
            ..row(0, true)
        };
        let rows = [
            row(0, true),
            row(2, true),
            row(1, true),
            row(0, false),
            unchanged,
        ];
        assert_eq!(
            summary(&rows),
            "5 updates, 2 breaking, 1 additions, 1 not judged (a release could not be read)"
        );
        assert!(markdown(&rows).contains("| a | b | breaking | 3 | 2 | 1 |"));
    }
}
