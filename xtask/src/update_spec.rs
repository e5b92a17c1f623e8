//! `update-spec`: one command for a spec update. Replaces `spec/flex_v1.yaml` with a new
//! Twilio release byte for byte, updates `spec/PROVENANCE.toml` (checksum, and the release's
//! commit, date and version when given or named by the file), regenerates `api/flex_v1.txt`
//! and `api/flex_v1.names.json` (the names published: a rename keeps the old name as a
//! deprecated alias, README "Naming"),
//! bumps the crate's version by spec-diff's verdict ([`crate::version::bump`]), writes the
//! `CHANGELOG.md` entry ([`crate::changelog`]), and prints the `spec-diff` report of the old
//! spec against the new one.
//!
//! Everything is computed before anything is written, so a spec the generator can't take
//! leaves the checkout as it was.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use sha2::{Digest, Sha256};

use crate::changelog::{self, CHANGELOG, Release};
use crate::snapshot::{self, Error, PROVENANCE, SNAPSHOT, SPEC};
use crate::spec_diff::{self, Report};
use crate::version::{self, Verdict, Version};

/// Usage text for `update-spec`.
pub const USAGE: &str = "\
usage: cargo xtask update-spec NEW.yaml [--commit SHA] [--date YYYY-MM-DD] [--version X.Y.Z]
                               [--allow-breaking] [--output FILE] [--root DIR]

Replaces spec/flex_v1.yaml with NEW.yaml byte for byte, updates spec/PROVENANCE.toml
(sha256 always; commit, date and version of the twilio-oai release when given; commit
and date otherwise from a name like twilio_flex_v1.2026-02-05.55a17be.yaml),
regenerates api/flex_v1.txt and api/flex_v1.names.json (the names published, renamed ones
kept as deprecated aliases), and prints the spec-diff report (old → new) as Markdown
(to stdout, or to FILE with --output). --root points at another checkout.

When the spec changes, the crate version (Cargo.toml's [package], the lock files, the
requirements on the crate in other manifests and README.md) follows the verdict by
Cargo's rules: breaking → next major (next minor while 0.x); other changes to the Rust
API → next minor (next patch while 0.x); no change to the Rust API → next patch. The
release's entry is written into CHANGELOG.md (Added, Changed, Deprecated, Removed), and
the notes under its [Unreleased] heading move into it.

exit status: 0 updated, no breaking change (or --allow-breaking),
             1 updated, with breaking changes,
             2 usage error or a file that cannot be read, generated from or written
               (nothing is written then)";

/// Exit status when the update has breaking changes (the files are updated all the same).
pub const EXIT_BREAKING: u8 = 1;
/// Exit status for usage errors and unusable files.
pub const EXIT_ERROR: u8 = 2;

/// What to update.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The new spec file.
    pub new_spec: PathBuf,
    /// Repository root holding `spec/` and `api/`.
    pub root: PathBuf,
    /// twilio-oai commit of the release.
    pub commit: Option<String>,
    /// Release date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// twilio-oai version, `X.Y.Z`.
    pub version: Option<String>,
}

/// What [`update`] did.
#[derive(Debug)]
pub struct Outcome {
    /// The spec-diff report, old spec against new.
    pub report: Report,
    /// SHA-256 of the new spec, lower-case hex.
    pub sha256: String,
    /// Whether `api/flex_v1.txt` changed.
    pub snapshot_changed: bool,
    /// The crate version before and after, when the spec changed.
    pub version: Option<(Version, Version)>,
    /// The files written besides the spec, its provenance and the snapshot (manifests, lock
    /// files, README.md, CHANGELOG.md), relative to the root.
    pub version_files: Vec<PathBuf>,
    /// PROVENANCE.toml fields that `--commit`/`--date`/`--version` would have set but
    /// weren't given, while the spec changed (so they now describe another release).
    pub stale_fields: Vec<&'static str>,
}

/// Updates the spec, its provenance and the API snapshot under `opts.root`.
pub fn update(opts: &Options) -> Result<Outcome, Error> {
    let spec_path = opts.root.join(SPEC);
    let provenance_path = opts.root.join(PROVENANCE);
    let snapshot_path = opts.root.join(SNAPSHOT);

    let new_bytes = std::fs::read(&opts.new_spec).map_err(|source| Error::Read {
        path: opts.new_spec.clone(),
        source,
    })?;
    let new_text = std::str::from_utf8(&new_bytes).map_err(|e| Error::Invalid {
        path: opts.new_spec.clone(),
        message: format!("not UTF-8 text ({e})"),
    })?;
    let old_text = snapshot::read_text(&spec_path)?;
    let provenance = snapshot::read_text(&provenance_path)?;

    // Both generated as build.rs generates them: the vendored spec after the committed names,
    // the new one after the names that publishes (so a rename keeps a deprecated alias).
    let committed_names = snapshot::read_names(&opts.root)?;
    let release = release(opts);
    let old_release = snapshot::vendored_release(&opts.root);
    let old = spec_diff::Spec::parse_after(&old_text, &committed_names, old_release.as_deref())
        .map_err(|e| Error::Invalid {
            path: spec_path.clone(),
            message: e.to_string(),
        })?;
    let new = spec_diff::Spec::parse_after(new_text, old.names(), release.date.as_deref())
        .map_err(|e| Error::Invalid {
            path: opts.new_spec.clone(),
            message: e.to_string(),
        })?;
    let report = spec_diff::diff_specs(&old, &new);
    let fresh_snapshot = new.snapshot_text();
    let old_snapshot = std::fs::read(&snapshot_path).unwrap_or_default();

    let sha256 = sha256_hex(&new_bytes);
    let mut fields = vec![("sha256", sha256.clone())];
    let mut stale_fields = Vec::new();
    let spec_changed = old_text.as_bytes() != new_bytes;
    for (key, value) in [
        ("commit", &release.commit),
        ("date", &release.date),
        ("version", &release.version),
    ] {
        match value {
            Some(v) => fields.push((key, v.clone())),
            None if spec_changed => stale_fields.push(key),
            None => {}
        }
    }
    let new_provenance = set_fields(&provenance, &fields).map_err(|message| Error::Invalid {
        path: provenance_path.clone(),
        message,
    })?;

    let (version, writes) = if spec_changed {
        let (old, new, writes) = version_writes(&opts.root, &release, &report)?;
        (Some((old, new)), writes)
    } else {
        (None, Vec::new())
    };

    snapshot::write_file(&spec_path, &new_bytes)?;
    snapshot::write_file(&provenance_path, new_provenance)?;
    snapshot::write_file(&snapshot_path, fresh_snapshot)?;
    snapshot::write_file(&opts.root.join(snapshot::NAMES), new.names().to_json())?;
    let mut version_files = Vec::new();
    for (path, text) in writes {
        snapshot::write_file(&opts.root.join(&path), text)?;
        version_files.push(path);
    }
    Ok(Outcome {
        report,
        sha256,
        snapshot_changed: old_snapshot != fresh_snapshot.as_bytes(),
        stale_fields,
        version,
        version_files,
    })
}

/// The release the new spec is: the flags, else the date and commit its file name gives.
fn release(opts: &Options) -> Release {
    let named = crate::spec_history::date_and_commit(&opts.new_spec);
    Release {
        date: opts
            .date
            .clone()
            .or_else(|| named.as_ref().map(|(d, _)| d.clone())),
        commit: opts.commit.clone().or_else(|| named.map(|(_, c)| c)),
        version: opts.version.clone(),
    }
}

/// New file contents, by path relative to the root.
type Writes = Vec<(PathBuf, String)>;

/// The crate's version before and after the update, and the new text of every file that
/// changes with it, CHANGELOG.md included. Nothing is written.
fn version_writes(
    root: &Path,
    release: &Release,
    report: &Report,
) -> Result<(Version, Version, Writes), Error> {
    let manifest_path = root.join("Cargo.toml");
    let manifest = snapshot::read_text(&manifest_path)?;
    let (name, old) = version::package(&manifest).map_err(|message| Error::Invalid {
        path: manifest_path.clone(),
        message,
    })?;
    let new = version::bump(old, Verdict::of(report));

    let mut writes = Vec::new();
    for path in version::version_files(root) {
        let text = snapshot::read_text(&path)?;
        let mut updated = if path == manifest_path {
            version::set_package_version(&text, new)
        } else {
            text.clone()
        };
        updated = if path.file_name().is_some_and(|n| n == "Cargo.lock") {
            version::set_lock_version(&updated, &name, new)
        } else {
            version::set_requirements(&updated, &name, new)
        };
        if updated != text {
            let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            writes.push((relative, updated));
        }
    }

    let changelog_path = root.join(CHANGELOG);
    let current = if changelog_path.exists() {
        snapshot::read_text(&changelog_path)?
    } else {
        changelog::TEMPLATE.to_string()
    };
    let entry = changelog::entry(new, old, release, report);
    let text = changelog::insert(&current, &entry).map_err(|message| Error::Invalid {
        path: changelog_path,
        message,
    })?;
    writes.push((PathBuf::from(CHANGELOG), text));
    Ok((old, new, writes))
}

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The value of `key = "value"` in a flat TOML file such as PROVENANCE.toml.
pub fn field(toml: &str, key: &str) -> Option<String> {
    toml.lines().find_map(|line| {
        let (k, v) = split_assignment(line)?;
        (k == key).then(|| unquote(v)).flatten()
    })
}

/// Sets `key = "value"` lines of a flat TOML file, keeping comments, order and other keys;
/// keys it doesn't have yet are appended. Fails on a value TOML can't hold as a basic string.
pub fn set_fields(toml: &str, fields: &[(&str, String)]) -> Result<String, String> {
    let mut pending: Vec<&(&str, String)> = fields.iter().collect();
    let mut lines = Vec::new();
    for line in toml.lines() {
        let replaced = split_assignment(line).and_then(|(k, _)| {
            let i = pending.iter().position(|(key, _)| *key == k)?;
            Some(pending.remove(i))
        });
        match replaced {
            Some((key, value)) => lines.push(assignment(key, value)?),
            None => lines.push(line.to_string()),
        }
    }
    for (key, value) in pending {
        lines.push(assignment(key, value)?);
    }
    let mut out = lines.join("\n");
    out.push('\n');
    Ok(out)
}

fn assignment(key: &str, value: &str) -> Result<String, String> {
    if value
        .chars()
        .any(|c| c.is_control() || c == '"' || c == '\\')
    {
        return Err(format!(
            "value for `{key}` has a quote, backslash or control character: {value:?}"
        ));
    }
    Ok(format!("{key} = \"{value}\""))
}

/// `key = rest` of a non-comment line with a bare key.
fn split_assignment(line: &str) -> Option<(&str, &str)> {
    let line = line.trim();
    if line.starts_with('#') {
        return None;
    }
    let (k, v) = line.split_once('=')?;
    let k = k.trim();
    let bare = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    bare.then_some((k, v.trim()))
}

fn unquote(v: &str) -> Option<String> {
    Some(v.strip_prefix('"')?.split('"').next()?.to_string())
}

fn check_commit(s: &str) -> Result<String, String> {
    let ok = (7..=40).contains(&s.len()) && s.chars().all(|c| c.is_ascii_hexdigit());
    ok.then(|| s.to_ascii_lowercase())
        .ok_or_else(|| format!("--commit `{s}` is not a commit hash (7 to 40 hex digits)"))
}

fn check_date(s: &str) -> Result<String, String> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y, m, d] => match (num(y, 4), num(m, 2), num(d, 2)) {
            (Some(_), Some(1..=12), Some(1..=31)) => Ok(s.to_string()),
            _ => Err(format!("--date `{s}` is not a YYYY-MM-DD date")),
        },
        _ => Err(format!("--date `{s}` is not a YYYY-MM-DD date")),
    }
}

fn check_version(s: &str) -> Result<String, String> {
    // X.Y.Z, optionally with a pre-release or build suffix (`2.7.0-rc.1`).
    let core = s.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<&str> = core.split('.').collect();
    let ok = parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    ok.then(|| s.to_string())
        .ok_or_else(|| format!("--version `{s}` is not an X.Y.Z version"))
}

#[derive(Debug, Default)]
struct Args {
    options: Options,
    allow_breaking: bool,
    output: Option<PathBuf>,
}

fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Option<Args>, lexopt::Error> {
    use lexopt::prelude::*;
    let mut parsed = Args::default();
    let mut new_spec: Option<PathBuf> = None;
    let mut root = None;
    let mut parser = lexopt::Parser::from_args(args);
    while let Some(arg) = parser.next()? {
        match arg {
            Short('h') | Long("help") => return Ok(None),
            Long("allow-breaking") => parsed.allow_breaking = true,
            Short('o') | Long("output") => parsed.output = Some(PathBuf::from(parser.value()?)),
            Long("root") => root = Some(PathBuf::from(parser.value()?)),
            Long("commit") => {
                parsed.options.commit = Some(check_commit(&parser.value()?.string()?)?)
            }
            Long("date") => parsed.options.date = Some(check_date(&parser.value()?.string()?)?),
            Long("version") => {
                parsed.options.version = Some(check_version(&parser.value()?.string()?)?);
            }
            Value(file) => match &new_spec {
                Some(first) => {
                    return Err(format!(
                        "expected one spec file, got {} and {}",
                        first.display(),
                        PathBuf::from(file).display()
                    )
                    .into());
                }
                None => new_spec = Some(PathBuf::from(file)),
            },
            _ => return Err(arg.unexpected()),
        }
    }
    parsed.options.new_spec = new_spec.ok_or("expected the new spec file")?;
    parsed.options.root = root.unwrap_or_else(snapshot::default_root);
    Ok(Some(parsed))
}

/// Runs `update-spec` with the arguments after the subcommand name.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args = match crate::parsed_or_exit("update-spec", USAGE, parse_args(args)) {
        Ok(args) => args,
        Err(code) => return code,
    };
    let outcome = match update(&args.options) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("update-spec: {e}\nnothing was changed");
            return ExitCode::from(EXIT_ERROR);
        }
    };

    let root = &args.options.root;
    eprintln!(
        "update-spec: {} now holds {} (sha256 {})",
        root.join(SPEC).display(),
        args.options.new_spec.display(),
        outcome.sha256
    );
    eprintln!("update-spec: updated {}", root.join(PROVENANCE).display());
    if !outcome.stale_fields.is_empty() {
        let flags: Vec<String> = outcome
            .stale_fields
            .iter()
            .map(|f| format!("--{f}"))
            .collect();
        eprintln!(
            "update-spec: warning: {} not given: {} still describes the previous release's {}",
            flags.join(", "),
            PROVENANCE,
            outcome.stale_fields.join(", ")
        );
    }
    let snapshot_state = if outcome.snapshot_changed {
        "regenerated"
    } else {
        "unchanged"
    };
    eprintln!(
        "update-spec: {snapshot_state} {}",
        root.join(SNAPSHOT).display()
    );
    if let Some((old, new)) = outcome.version {
        eprintln!(
            "update-spec: version {old} → {new} ({}); updated {}",
            Verdict::of(&outcome.report).word(),
            outcome
                .version_files
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }

    let markdown = outcome.report.to_markdown();
    match &args.output {
        Some(file) => {
            if let Err(e) = snapshot::write_file(file, &markdown) {
                eprintln!("update-spec: {e}");
                return ExitCode::from(EXIT_ERROR);
            }
            println!("{}", outcome.report.summary());
        }
        None => print!("{markdown}"),
    }

    if outcome.report.has_breaking() {
        if args.allow_breaking {
            eprintln!("update-spec: breaking changes allowed by --allow-breaking");
        } else {
            eprintln!(
                "update-spec: {} breaking change(s): the files are updated; review the report, \
                 and pass --allow-breaking to accept them (the PR needs the `breaking-spec-update` label)",
                outcome.report.breaking_count()
            );
            return ExitCode::from(EXIT_BREAKING);
        }
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROVENANCE_TOML: &str = "\
# Where spec/flex_v1.yaml comes from.
# never edit it.
file = \"flex_v1.yaml\"
commit = \"d50069b\"
date = \"2026-04-14\"
version = \"2.6.7\"
sha256 = \"6ae0\"
";

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn fields_are_replaced_in_place_keeping_comments() {
        let out = set_fields(
            PROVENANCE_TOML,
            &[
                ("sha256", "abcd".into()),
                ("commit", "55a17be".into()),
                ("license", "MIT".into()),
            ],
        )
        .unwrap();
        assert!(out.starts_with("# Where spec/flex_v1.yaml comes from.\n# never edit it.\n"));
        assert_eq!(field(&out, "sha256").as_deref(), Some("abcd"));
        assert_eq!(field(&out, "commit").as_deref(), Some("55a17be"));
        assert_eq!(field(&out, "date").as_deref(), Some("2026-04-14"));
        assert!(
            out.ends_with("sha256 = \"abcd\"\nlicense = \"MIT\"\n"),
            "{out}"
        );
        assert!(set_fields(PROVENANCE_TOML, &[("version", "1\"2".into())]).is_err());
    }

    #[test]
    fn sha256_is_lower_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn parses_flags_and_validates_values() {
        let a = parse_args(args(&[
            "new.yaml",
            "--commit",
            "55A17BE",
            "--date",
            "2026-02-05",
            "--version",
            "2.6.3",
            "--root",
            "/tmp/x",
            "--allow-breaking",
        ]))
        .unwrap()
        .unwrap();
        assert_eq!(a.options.new_spec, PathBuf::from("new.yaml"));
        assert_eq!(a.options.commit.as_deref(), Some("55a17be"));
        assert_eq!(a.options.date.as_deref(), Some("2026-02-05"));
        assert_eq!(a.options.version.as_deref(), Some("2.6.3"));
        assert_eq!(a.options.root, PathBuf::from("/tmp/x"));
        assert!(a.allow_breaking);

        assert!(parse_args(args(&[])).is_err());
        assert!(parse_args(args(&["a.yaml", "b.yaml"])).is_err());
        assert!(parse_args(args(&["a.yaml", "--commit", "xyz"])).is_err());
        assert!(parse_args(args(&["a.yaml", "--date", "2026-13-01"])).is_err());
        assert!(parse_args(args(&["a.yaml", "--date", "5 Feb"])).is_err());
        assert!(parse_args(args(&["a.yaml", "--version", "2.6"])).is_err());
        assert!(parse_args(args(&["a.yaml", "--version"])).is_err());
        assert!(parse_args(args(&["a.yaml", "--frobnicate"])).is_err());
        assert!(parse_args(args(&["--help"])).unwrap().is_none());
        assert!(check_version("2.7.0-rc.1").is_ok());
    }
}
