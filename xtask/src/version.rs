//! The crate version follows spec-diff's verdict, by Cargo's rules (the Cargo book, "SemVer
//! compatibility"; Cargo treats `0.x` → `0.(x+1)` as incompatible): [`bump`] is the rule,
//! the other functions write the new version into the files that carry it (the manifest's
//! `[package] version`, the lock files, the version requirements on the crate in other
//! manifests and in the README's install snippets).

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::spec_diff::Report;

/// A release version `MAJOR.MINOR.PATCH`, without pre-release or build suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    /// Incompatible changes (from 1.0.0 on).
    pub major: u64,
    /// New functionality (incompatible changes while `major` is 0).
    pub minor: u64,
    /// Fixes (new functionality while `major` is 0).
    pub patch: u64,
}

impl FromStr for Version {
    type Err = String;

    fn from_str(s: &str) -> Result<Version, String> {
        let parts: Vec<&str> = s.split('.').collect();
        let num = |p: &str| {
            // No leading zeros, as semver says.
            let ok = !p.is_empty()
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p == "0" || !p.starts_with('0'));
            ok.then(|| p.parse::<u64>().ok()).flatten()
        };
        match parts.as_slice() {
            [a, b, c] => match (num(a), num(b), num(c)) {
                (Some(major), Some(minor), Some(patch)) => Ok(Version {
                    major,
                    minor,
                    patch,
                }),
                _ => Err(format!(
                    "version `{s}` is not MAJOR.MINOR.PATCH (a pre-release or build suffix is \
                     bumped by hand)"
                )),
            },
            _ => Err(format!("version `{s}` is not MAJOR.MINOR.PATCH")),
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// What an update does to the Rust API, as far as the version is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// The generated API is the same (the spec may still differ).
    NoApiChange,
    /// Changes to the Rust API, none breaking.
    Additions,
    /// At least one breaking change.
    Breaking,
}

impl Verdict {
    /// The verdict of a spec-diff report.
    pub fn of(report: &Report) -> Verdict {
        if report.has_breaking() {
            Verdict::Breaking
        } else if report.api_unchanged() {
            Verdict::NoApiChange
        } else {
            Verdict::Additions
        }
    }

    /// `breaking`, `additions` or `no change`.
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Breaking => "breaking",
            Verdict::Additions => "additions",
            Verdict::NoApiChange => "no change",
        }
    }
}

/// The next version for a verdict, by Cargo's rules: breaking → the next major (the next
/// minor while 0.x); additions → the next minor (the next patch while 0.x); no change to the
/// Rust API → the next patch.
pub fn bump(v: Version, verdict: Verdict) -> Version {
    let major = |v: Version| Version {
        major: v.major + 1,
        minor: 0,
        patch: 0,
    };
    let minor = |v: Version| Version {
        minor: v.minor + 1,
        patch: 0,
        ..v
    };
    let patch = |v: Version| Version {
        patch: v.patch + 1,
        ..v
    };
    match (verdict, v.major) {
        (Verdict::Breaking, 0) => minor(v),
        (Verdict::Breaking, _) => major(v),
        (Verdict::Additions, 0) => patch(v),
        (Verdict::Additions, _) => minor(v),
        (Verdict::NoApiChange, _) => patch(v),
    }
}

/// The table header line of a TOML line (`[package]`), if it is one.
fn table_header(line: &str) -> Option<&str> {
    let t = line.trim();
    (t.starts_with('[') && !t.starts_with("[[")).then(|| t.trim_matches(['[', ']']).trim())
}

/// `key = "value"` → (key, value) for a line with a quoted string value.
fn string_assignment(line: &str) -> Option<(&str, &str)> {
    let (k, v) = line.split_once('=')?;
    let v = v.trim();
    let v = v.strip_prefix('"')?.split('"').next()?;
    Some((k.trim(), v))
}

/// The package name and version of a manifest's `[package]` table.
pub fn package(manifest: &str) -> Result<(String, Version), String> {
    let (mut name, mut version, mut in_package) = (None, None, false);
    for line in manifest.lines() {
        if let Some(table) = table_header(line) {
            in_package = table == "package";
            continue;
        }
        if line.trim().starts_with("[[") {
            in_package = false;
        }
        if !in_package {
            continue;
        }
        match string_assignment(line) {
            Some(("name", v)) if name.is_none() => name = Some(v.to_string()),
            Some(("version", v)) if version.is_none() => version = Some(v.parse::<Version>()?),
            _ => {}
        }
    }
    match (name, version) {
        (Some(n), Some(v)) => Ok((n, v)),
        _ => Err("no `[package]` table with a name and a version".into()),
    }
}

/// Replaces the value of a line's `version = "…"` (or the whole `"…"` right of the first
/// `=` when `whole` is set), keeping everything else of the line.
fn replace_quoted(line: &str, whole: bool, f: impl Fn(&str) -> String) -> Option<String> {
    let start = if whole {
        let eq = line.find('=')?;
        eq + line[eq..].find('"')?
    } else {
        let key = line.find("version")?;
        let eq = key + line[key..].find('=')?;
        eq + line[eq..].find('"')?
    };
    let end = start + 1 + line[start + 1..].find('"')?;
    Some(format!(
        "{}\"{}\"{}",
        &line[..start],
        f(&line[start + 1..end]),
        &line[end + 1..]
    ))
}

/// Sets the `[package]` table's `version`.
pub fn set_package_version(manifest: &str, new: Version) -> String {
    let mut in_package = false;
    let mut done = false;
    let lines = manifest.lines().map(|line| {
        if let Some(table) = table_header(line) {
            in_package = table == "package";
        } else if in_package
            && !done
            && string_assignment(line).is_some_and(|(k, _)| k == "version")
            && let Some(replaced) = replace_quoted(line, true, |_| new.to_string())
        {
            done = true;
            return replaced;
        }
        line.to_string()
    });
    rejoin(manifest, lines)
}

/// Sets the version of the path package `name` (the `[[package]]` entry without a `source`)
/// in a Cargo.lock.
pub fn set_lock_version(lock: &str, name: &str, new: Version) -> String {
    let lines: Vec<&str> = lock.lines().collect();
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != "[[package]]" {
            i += 1;
            continue;
        }
        let end = (i + 1..lines.len())
            .find(|&j| lines[j].trim().starts_with('['))
            .unwrap_or(lines.len());
        let block = &lines[i + 1..end];
        let is_it = block
            .iter()
            .any(|l| string_assignment(l) == Some(("name", name)));
        let has_source = block
            .iter()
            .any(|l| string_assignment(l).is_some_and(|(k, _)| k == "source"));
        if is_it && !has_source {
            for j in i + 1..end {
                if string_assignment(lines[j]).is_some_and(|(k, _)| k == "version") {
                    out[j] = format!("version = \"{new}\"");
                }
            }
        }
        i = end;
    }
    rejoin(lock, out.into_iter())
}

/// A requirement (`0.1`, `0.1.0`, `^0.1`, `=0.1.0`) moved to `new`, keeping its operator and
/// its precision: `0.1` → `0.2`, `0.1.0` → `0.2.0`. Requirements it doesn't understand (a
/// range, a wildcard) are kept.
fn moved_requirement(req: &str, new: Version) -> String {
    let digits = req.trim_start_matches(|c: char| !c.is_ascii_digit());
    let op = &req[..req.len() - digits.len()];
    let parts: Vec<&str> = digits.split('.').collect();
    let plain = (1..=3).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !plain || !matches!(op, "" | "^" | "=" | "~") {
        return req.to_string();
    }
    let all = [new.major, new.minor, new.patch];
    let kept: Vec<String> = all[..parts.len()].iter().map(u64::to_string).collect();
    format!("{op}{}", kept.join("."))
}

/// Moves every version requirement on the package `name` (`name = "0.1"`, `name = { path =
/// "..", version = "0.1.0" }`) to `new`, keeping each requirement's precision; a Cargo.toml or
/// a README's TOML snippets.
pub fn set_requirements(text: &str, name: &str, new: Version) -> String {
    let lines = text.lines().map(|line| {
        let t = line.trim_start();
        let Some(rest) = t.strip_prefix(name) else {
            return line.to_string();
        };
        let Some(value) = rest.trim_start().strip_prefix('=') else {
            return line.to_string();
        };
        let value = value.trim_start();
        let replaced = if value.starts_with('"') {
            replace_quoted(line, true, |r| moved_requirement(r, new))
        } else if value.starts_with('{') && value.contains("version") {
            replace_quoted(line, false, |r| moved_requirement(r, new))
        } else {
            None
        };
        replaced.unwrap_or_else(|| line.to_string())
    });
    rejoin(text, lines)
}

/// Lines joined back with the original's line ending and final newline.
fn rejoin(original: &str, lines: impl Iterator<Item = String>) -> String {
    let newline = if original.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut out = lines.collect::<Vec<_>>().join(newline);
    if original.ends_with('\n') {
        out.push_str(newline);
    }
    out
}

/// The files under `root` that can carry the crate's version: every `Cargo.toml` and
/// `Cargo.lock` (the workspace's and those of projects with their own lock file, such as
/// `fuzz/`) and the root `README.md`. Hidden folders and `target` are skipped.
pub fn version_files(root: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for path in entries {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if path.is_dir() {
                if !name.starts_with('.') && name != "target" {
                    walk(&path, out);
                }
            } else if name == "Cargo.toml" || name == "Cargo.lock" {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &mut out);
    let readme = root.join("README.md");
    if readme.is_file() {
        out.push(readme);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        s.parse().unwrap()
    }

    #[test]
    fn bump_follows_cargo_rules_for_0x() {
        assert_eq!(bump(v("0.1.0"), Verdict::Breaking), v("0.2.0"));
        assert_eq!(bump(v("0.1.7"), Verdict::Breaking), v("0.2.0"));
        assert_eq!(bump(v("0.1.0"), Verdict::Additions), v("0.1.1"));
        assert_eq!(bump(v("0.3.4"), Verdict::Additions), v("0.3.5"));
        assert_eq!(bump(v("0.1.0"), Verdict::NoApiChange), v("0.1.1"));
        assert_eq!(bump(v("0.0.3"), Verdict::Breaking), v("0.1.0"));
    }

    #[test]
    fn bump_follows_cargo_rules_from_1_0() {
        assert_eq!(bump(v("1.0.0"), Verdict::Breaking), v("2.0.0"));
        assert_eq!(bump(v("1.4.2"), Verdict::Breaking), v("2.0.0"));
        assert_eq!(bump(v("1.4.2"), Verdict::Additions), v("1.5.0"));
        assert_eq!(bump(v("1.4.2"), Verdict::NoApiChange), v("1.4.3"));
        assert_eq!(bump(v("12.0.9"), Verdict::Additions), v("12.1.0"));
    }

    #[test]
    fn versions_parse_strictly() {
        assert_eq!(
            v("0.10.2"),
            Version {
                major: 0,
                minor: 10,
                patch: 2
            }
        );
        assert_eq!(v("0.10.2").to_string(), "0.10.2");
        for bad in [
            "0.1",
            "1.2.3.4",
            "1.2.x",
            "1.02.0",
            "1.0.0-rc.1",
            "",
            "a.b.c",
        ] {
            assert!(bad.parse::<Version>().is_err(), "{bad}");
        }
    }

    const MANIFEST: &str = "\
[workspace]
members = [\".\", \"cli\"]

[package]
name = \"twilio-flex\"
version = \"0.1.0\"
edition = \"2024\"

[dependencies]
twilio-runtime = { path = \"runtime\", version = \"0.1.0\", default-features = false }
";

    #[test]
    fn the_package_version_is_set_and_nothing_else() {
        assert_eq!(
            package(MANIFEST).unwrap(),
            ("twilio-flex".to_string(), v("0.1.0"))
        );
        let out = set_package_version(MANIFEST, v("0.2.0"));
        assert_eq!(
            out,
            MANIFEST.replacen("version = \"0.1.0\"\n", "version = \"0.2.0\"\n", 1)
        );
        assert!(out.contains("twilio-runtime = { path = \"runtime\", version = \"0.1.0\""));
        assert!(package("[workspace]\nmembers = []\n").is_err());
    }

    #[test]
    fn the_lock_entry_of_the_path_package_is_set() {
        let lock = "\
[[package]]
name = \"twilio-flex\"
version = \"0.1.0\"
dependencies = [
 \"twilio-runtime\",
]

[[package]]
name = \"twilio-flex\"
version = \"0.1.0\"
source = \"registry+https://github.com/rust-lang/crates.io-index\"

[[package]]
name = \"twilio-flex-cli\"
version = \"0.1.0\"
";
        let out = set_lock_version(lock, "twilio-flex", v("0.1.1"));
        let versions: Vec<&str> = out.lines().filter(|l| l.starts_with("version")).collect();
        assert_eq!(
            versions,
            [
                "version = \"0.1.1\"",
                "version = \"0.1.0\"",
                "version = \"0.1.0\""
            ]
        );
    }

    #[test]
    fn requirements_on_the_crate_move_keeping_their_precision() {
        let text = "\
twilio-flex = { path = \"..\", version = \"0.1.0\" }
twilio-flex = { path = \"..\", features = [\"mock\"] }
twilio-flex = \"0.1\"
twilio-flex = { version = \"0.1\", features = [\"mock\"] }   # for tests
twilio-flex-cli = { path = \"..\", version = \"0.1.0\" }
twilio-flex = \">=0.1, <0.3\"
";
        let out = set_requirements(text, "twilio-flex", v("0.2.0"));
        assert_eq!(
            out,
            "\
twilio-flex = { path = \"..\", version = \"0.2.0\" }
twilio-flex = { path = \"..\", features = [\"mock\"] }
twilio-flex = \"0.2\"
twilio-flex = { version = \"0.2\", features = [\"mock\"] }   # for tests
twilio-flex-cli = { path = \"..\", version = \"0.1.0\" }
twilio-flex = \">=0.1, <0.3\"
"
        );
        // A patch release keeps `0.1` and moves exact pins.
        let out = set_requirements(text, "twilio-flex", v("0.1.1"));
        assert!(out.contains("twilio-flex = \"0.1\"\n"));
        assert!(out.contains("version = \"0.1.1\" }\n"));
        assert_eq!(moved_requirement("^1.2", v("2.0.0")), "^2.0");
        assert_eq!(moved_requirement("=1.2.3", v("1.2.4")), "=1.2.4");
        assert_eq!(moved_requirement("*", v("1.2.4")), "*");
    }
}
