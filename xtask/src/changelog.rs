//! `CHANGELOG.md` entries written from a spec-diff report, in Keep a Changelog form
//! (<https://keepachangelog.com/en/1.1.0/>): one `## [VERSION] - DATE (twilio-oai COMMIT)`
//! entry per spec update, with the changes to the Rust API under Added, Changed, Deprecated
//! and Removed, and the hand-written `[Unreleased]` notes folded in.

use std::fmt::Write as _;

use crate::spec_diff::{ApiChange, ApiChangeKind, Report};
use crate::version::{Verdict, Version};

/// The file, relative to the repository root.
pub const CHANGELOG: &str = "CHANGELOG.md";

/// The heading of the section that collects hand-written notes until the next release.
pub const UNRELEASED: &str = "## [Unreleased]";

/// The sections an entry may have, in Keep a Changelog's order.
pub const SECTIONS: [&str; 6] = [
    "Added",
    "Changed",
    "Deprecated",
    "Removed",
    "Fixed",
    "Security",
];

/// A new changelog, for a repository that has none.
pub const TEMPLATE: &str = "\
# Changelog

All notable changes to this crate. The format follows
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and the version follows
[Cargo's SemVer rules](https://doc.rust-lang.org/cargo/reference/semver.html): each entry after
a spec update is written by `cargo xtask update-spec`.

## [Unreleased]
";

/// The Twilio release a version is generated from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Release {
    /// Twilio's release date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The twilio-oai commit.
    pub commit: Option<String>,
    /// twilio-oai's version number.
    pub version: Option<String>,
}

/// Where a change to the Rust API is listed.
pub fn section(change: &ApiChange) -> &'static str {
    match &change.kind {
        // A name kept as a deprecated alias of its new name is listed as deprecated.
        ApiChangeKind::Added(line) if line.contains("deprecated") => "Deprecated",
        ApiChangeKind::Changed { to, .. } if to.contains("deprecated") => "Deprecated",
        ApiChangeKind::Added(_) => "Added",
        ApiChangeKind::Changed { .. } => "Changed",
        ApiChangeKind::Removed(_) => "Removed",
    }
}

/// The entry for `version`, generated from `release`, replacing `previous`.
pub fn entry(version: Version, previous: Version, release: &Release, report: &Report) -> String {
    let date = release.date.as_deref().unwrap_or("date unknown");
    let commit = release.commit.as_deref().unwrap_or("unknown");
    let mut out = format!("## [{version}] - {date} (twilio-oai {commit})\n\n");
    let twilio_version = release
        .version
        .as_deref()
        .map(|v| format!(", twilio-oai {v}"))
        .unwrap_or_default();
    let verdict = Verdict::of(report);
    let _ = writeln!(
        out,
        "Generated from Twilio's Flex v1 release of {date} (commit `{commit}`{twilio_version}). \
         spec-diff: {}; {previous} → {version}.",
        match verdict {
            Verdict::Breaking => format!(
                "**breaking** ({} of {} changes to the Rust API)",
                report.breaking_count(),
                report.api.len()
            ),
            Verdict::Additions => format!(
                "{} changes to the Rust API, none breaking",
                report.api.len()
            ),
            Verdict::NoApiChange => format!(
                "no change to the Rust API ({} spec-level changes)",
                report.spec.len()
            ),
        }
    );
    for name in SECTIONS {
        let items: Vec<&ApiChange> = report.api.iter().filter(|c| section(c) == name).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {name}\n");
        for change in items {
            let mark = if change.breaking { "**breaking** " } else { "" };
            let _ = writeln!(out, "- {mark}{}", change.describe());
        }
    }
    out
}

/// A section body split into `### Name` sections (text before the first one is kept under
/// the empty name).
fn sections(body: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = vec![(String::new(), Vec::new())];
    for line in body.lines() {
        if let Some(name) = line.strip_prefix("### ") {
            out.push((name.trim().to_string(), Vec::new()));
        } else if let Some(last) = out.last_mut() {
            last.1.push(line.to_string());
        }
    }
    for (_, lines) in &mut out {
        while lines.first().is_some_and(|l| l.trim().is_empty()) {
            lines.remove(0);
        }
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
    }
    out.retain(|(_, lines)| !lines.is_empty());
    out
}

/// `changelog` with `entry` as its newest release: the `[Unreleased]` notes move into the
/// entry, section by section, and `[Unreleased]` is left empty above it. Fails if the file has
/// no `## [Unreleased]` heading.
pub fn insert(changelog: &str, entry: &str) -> Result<String, String> {
    let start = changelog
        .lines()
        .position(|l| l.trim() == UNRELEASED)
        .ok_or_else(|| format!("{CHANGELOG} has no `{UNRELEASED}` heading"))?;
    let lines: Vec<&str> = changelog.lines().collect();
    let end = (start + 1..lines.len())
        .find(|&i| lines[i].starts_with("## "))
        .unwrap_or(lines.len());
    let unreleased = sections(&lines[start + 1..end].join("\n"));
    let mut generated = sections(entry);
    let heading = if generated.first().is_some_and(|(name, _)| name.is_empty()) {
        generated.remove(0).1
    } else {
        Vec::new()
    };

    // Merge: generated sections first, hand-written notes after them in the same section.
    let mut merged: Vec<(String, Vec<String>)> = Vec::new();
    let mut preamble = heading;
    for (name, notes) in unreleased {
        if name.is_empty() {
            preamble.push(String::new());
            preamble.extend(notes);
        } else if let Some((_, items)) = generated.iter_mut().find(|(n, _)| *n == name) {
            items.extend(notes);
        } else {
            generated.push((name, notes));
        }
    }
    for name in SECTIONS {
        if let Some(i) = generated.iter().position(|(n, _)| n == name) {
            merged.push(generated.remove(i));
        }
    }
    merged.append(&mut generated);

    let mut out: Vec<String> = lines[..=start].iter().map(|l| l.to_string()).collect();
    out.push(String::new());
    out.extend(preamble);
    for (name, items) in merged {
        out.push(String::new());
        out.push(format!("### {name}"));
        out.push(String::new());
        out.extend(items);
    }
    if end < lines.len() {
        out.push(String::new());
        out.extend(lines[end..].iter().map(|l| l.to_string()));
    }
    let mut text = out.join("\n");
    text.push('\n');
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec_diff::ApiSection;

    fn change(kind: ApiChangeKind, breaking: bool) -> ApiChange {
        ApiChange {
            section: ApiSection::Types,
            item: "Configuration".into(),
            member: Some("x".into()),
            kind,
            breaking,
            note: None,
        }
    }

    fn v(s: &str) -> Version {
        s.parse().unwrap()
    }

    fn release() -> Release {
        Release {
            date: Some("2022-09-07".into()),
            commit: Some("bfcd919".into()),
            version: Some("1.35.0".into()),
        }
    }

    #[test]
    fn an_entry_lists_the_changes_under_keep_a_changelog_sections() {
        let report = Report {
            api: vec![
                change(ApiChangeKind::Added("x: Option<String>".into()), false),
                change(ApiChangeKind::Removed("Close = \"close\"".into()), true),
                change(
                    ApiChangeKind::Changed {
                        what: "type",
                        from: "Option<i64>".into(),
                        to: "String".into(),
                    },
                    true,
                ),
                change(
                    ApiChangeKind::Added(
                        "#[deprecated] type ChannelType = FlexFlowChannelType".into(),
                    ),
                    false,
                ),
            ],
            spec: Vec::new(),
        };
        let text = entry(v("0.2.0"), v("0.1.0"), &release(), &report);
        assert!(
            text.starts_with("## [0.2.0] - 2022-09-07 (twilio-oai bfcd919)\n\n"),
            "{text}"
        );
        assert!(
            text.contains("(commit `bfcd919`, twilio-oai 1.35.0)"),
            "{text}"
        );
        assert!(
            text.contains("**breaking** (2 of 4 changes to the Rust API); 0.1.0 → 0.2.0."),
            "{text}"
        );
        let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("### ")).collect();
        assert_eq!(
            headings,
            ["### Added", "### Changed", "### Deprecated", "### Removed"]
        );
        assert!(text.contains("### Added\n\n- `Configuration`: added `x: Option<String>`\n"));
        assert!(text.contains(
            "### Removed\n\n- **breaking** `Configuration`: removed `Close = \"close\"`\n"
        ));
    }

    #[test]
    fn an_entry_without_api_changes_has_no_sections() {
        let text = entry(
            v("0.1.1"),
            v("0.1.0"),
            &Release::default(),
            &Report::default(),
        );
        assert!(text.starts_with("## [0.1.1] - date unknown (twilio-oai unknown)\n"));
        assert!(text.contains("no change to the Rust API (0 spec-level changes)"));
        assert!(!text.contains("###"));
    }

    #[test]
    fn insert_moves_unreleased_notes_into_the_new_entry() {
        let changelog = format!(
            "{TEMPLATE}\n### Fixed\n\n- a hand-written fix\n\n### Added\n\n- a helper\n\n\
             ## [0.1.0] - 2026-04-14 (twilio-oai d50069b)\n\nFirst release.\n"
        );
        let generated = "## [0.2.0] - 2026-05-01 (twilio-oai abc1234)\n\nGenerated.\n\n\
                         ### Added\n\n- `x`\n\n### Removed\n\n- **breaking** `y`\n";
        let out = insert(&changelog, generated).unwrap();
        let expected = format!(
            "{TEMPLATE}\n## [0.2.0] - 2026-05-01 (twilio-oai abc1234)\n\nGenerated.\n\n\
             ### Added\n\n- `x`\n- a helper\n\n### Removed\n\n- **breaking** `y`\n\n\
             ### Fixed\n\n- a hand-written fix\n\n\
             ## [0.1.0] - 2026-04-14 (twilio-oai d50069b)\n\nFirst release.\n"
        );
        assert_eq!(out, expected);
        // Twice: the second entry goes above the first, Unreleased stays empty.
        let again = insert(
            &out,
            "## [0.2.1] - 2026-05-02 (twilio-oai def5678)\n\nNone.\n",
        )
        .unwrap();
        assert!(again.contains(
            "## [Unreleased]\n\n## [0.2.1] - 2026-05-02 (twilio-oai def5678)\n\nNone.\n\n## [0.2.0]"
        ));
        assert!(insert("# Changelog\n", generated).is_err());
    }
}
