//! `xtask update-spec` and `xtask api-snapshot` on a scratch copy of the repository layout
//! (`spec/`, `api/`, the manifests and lock files, README.md and CHANGELOG.md), with real
//! Twilio releases from `spec/history`.

mod common;

use std::path::{Path, PathBuf};

use xtask::update_spec::{field, sha256_hex};

use common::{text, xtask};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The files besides `spec/` and `api/` that carry the crate's version.
const VERSION_FILES: [&str; 7] = [
    "Cargo.toml",
    "Cargo.lock",
    "README.md",
    "CHANGELOG.md",
    "cli/Cargo.toml",
    "fuzz/Cargo.toml",
    "fuzz/Cargo.lock",
];

/// A scratch root with copies of the repository's `spec/`, `api/` and [`VERSION_FILES`].
fn scratch_root(name: &str) -> PathBuf {
    let root =
        std::env::temp_dir().join(format!("xtask-update-spec-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for dir in ["spec", "api"] {
        std::fs::create_dir_all(root.join(dir)).expect("create scratch dir");
        for entry in std::fs::read_dir(repo().join(dir)).expect("list repo dir") {
            let path = entry.expect("dir entry").path();
            if path.is_file() {
                let to = root.join(dir).join(path.file_name().expect("file name"));
                std::fs::copy(&path, &to).expect("copy into scratch root");
            }
        }
    }
    for file in VERSION_FILES {
        let to = root.join(file);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("create scratch dir");
        std::fs::copy(repo().join(file), &to).expect("copy into scratch root");
    }
    // The repository's own notes under [Unreleased] would move into the entries this test
    // checks (changelog.rs tests that move); start from an empty section.
    let changelog = root.join("CHANGELOG.md");
    let text = read_text(&changelog);
    let start = text
        .find("## [Unreleased]\n")
        .expect("an [Unreleased] section")
        + 16;
    let end = start
        + text[start..]
            .find("\n## [")
            .expect("an entry after [Unreleased]");
    std::fs::write(
        &changelog,
        format!("{}\n{}", &text[..start], &text[end + 1..]),
    )
    .expect("write scratch CHANGELOG.md");
    root
}

/// The `version = "…"` of `[package]` in a manifest.
fn package_version(manifest: &str) -> String {
    xtask::version::package(manifest)
        .expect("a [package] version")
        .1
        .to_string()
}

/// The version of the path package `twilio-flex` in a lock file.
fn locked_version(lock: &str) -> String {
    let lines: Vec<&str> = lock.lines().collect();
    let at = lines
        .windows(3)
        .position(|w| w[0] == "[[package]]" && w[1] == "name = \"twilio-flex\"")
        .expect("twilio-flex in the lock file");
    lines[at + 2].to_string()
}

/// The `### …` headings of a changelog entry's text.
fn headings(entry: &str) -> Vec<&str> {
    entry.lines().filter(|l| l.starts_with("### ")).collect()
}

/// The newest entry of a changelog: from the first `## [X.Y.Z]` heading to the next.
fn newest_entry(changelog: &str) -> &str {
    let start = changelog
        .find("\n## [0")
        .or_else(|| changelog.find("\n## [1"))
        .expect("a version entry")
        + 1;
    let end = changelog[start + 1..]
        .find("\n## [")
        .map_or(changelog.len(), |i| start + 1 + i + 1);
    &changelog[start..end]
}

/// Checks the version the files carry after an update.
fn assert_version(root: &Path, version: &str, requirement: &str) {
    assert_eq!(
        package_version(&read_text(&root.join("Cargo.toml"))),
        version
    );
    for lock in ["Cargo.lock", "fuzz/Cargo.lock"] {
        assert_eq!(
            locked_version(&read_text(&root.join(lock))),
            format!("version = \"{version}\""),
            "{lock}"
        );
    }
    let cli = read_text(&root.join("cli/Cargo.toml"));
    // The CLI's normal dependency on the library carries the version (its features may vary).
    assert!(
        cli.lines().any(
            |line| line.starts_with("twilio-flex = { path = \"..\", version = ")
                && line.contains(&format!("version = \"{version}\""))
        ),
        "{cli}"
    );
    let readme = read_text(&root.join("README.md"));
    assert!(
        readme.contains(&format!("twilio-flex = \"{requirement}\"\n")),
        "README install snippet follows"
    );
    // The crate's own dependencies keep theirs.
    assert!(
        read_text(&root.join("Cargo.toml"))
            .contains("twilio-runtime = { path = \"runtime\", version = \"0.1.0\"")
    );
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn read_text(path: &Path) -> String {
    text(&read(path))
}

#[test]
fn update_spec_replaces_spec_provenance_and_snapshot_and_reports() {
    let root = scratch_root("two-releases");
    let provenance = root.join("spec/PROVENANCE.toml");
    let snapshot = root.join("api/flex_v1.txt");
    let header: Vec<String> = read_text(&provenance)
        .lines()
        .take_while(|l| l.starts_with('#'))
        .map(str::to_string)
        .collect();
    assert!(!header.is_empty(), "PROVENANCE.toml starts with a comment");

    // 1. Back to an older release: removes operations, so it is breaking; allowed here.
    let first = common::history("2025-03-20");
    let out = xtask(&[
        &"update-spec",
        &first,
        &"--root",
        &root,
        &"--commit",
        &"b55425e",
        &"--date",
        &"2025-03-20",
        &"--version",
        &"2.0.0",
        &"--allow-breaking",
    ]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("**breaking**"), "report printed: {stdout}");
    assert!(stderr.contains("allowed by --allow-breaking"), "{stderr}");

    let first_bytes = read(&first);
    assert!(
        read(&root.join("spec/flex_v1.yaml")) == first_bytes,
        "spec replaced byte for byte"
    );
    let toml = read_text(&provenance);
    assert_eq!(field(&toml, "sha256"), Some(sha256_hex(&first_bytes)));
    assert_eq!(field(&toml, "commit").as_deref(), Some("b55425e"));
    assert_eq!(field(&toml, "date").as_deref(), Some("2025-03-20"));
    assert_eq!(field(&toml, "version").as_deref(), Some("2.0.0"));
    assert_eq!(
        field(&toml, "repository").as_deref(),
        Some("twilio/twilio-oai")
    );
    assert!(
        toml.lines().zip(&header).all(|(a, b)| a == b),
        "comment header kept:\n{toml}"
    );
    let expected = twilio_codegen::snapshot::api_snapshot_with(
        &read_text(&first),
        &xtask::flex::flex_declarations(),
        &xtask::snapshot::HEADER,
    )
    .unwrap();
    assert_eq!(read_text(&snapshot), expected, "snapshot regenerated");
    assert!(stderr.contains("regenerated"), "{stderr}");

    // Breaking while 0.x: the next minor, everywhere the version is written.
    assert_eq!(
        package_version(&read_text(&repo().join("Cargo.toml"))),
        "0.1.0",
        "the test starts from the repository's version"
    );
    assert!(
        stderr.contains("version 0.1.0 → 0.2.0 (breaking)"),
        "{stderr}"
    );
    assert_version(&root, "0.2.0", "0.2");
    let changelog = read_text(&root.join("CHANGELOG.md"));
    assert!(
        changelog.contains("## [Unreleased]\n\n## [0.2.0] - 2025-03-20 (twilio-oai b55425e)\n"),
        "{changelog}"
    );
    let entry = newest_entry(&changelog);
    assert!(
        entry.contains("(commit `b55425e`, twilio-oai 2.0.0)"),
        "{entry}"
    );
    assert!(entry.contains("spec-diff: **breaking**"), "{entry}");
    // Going back from 2026-04-14 to 2025-03-20 retypes fields and removes operations.
    assert_eq!(headings(entry), ["### Changed", "### Removed"], "{entry}");
    assert!(
        entry.contains(
            "- **breaking** removed `POST /v1/Interactions/{Sid}  update_interaction() -> Interaction`"
        ),
        "{entry}"
    );
    assert!(
        entry.contains(
            "- **breaking** `InsightsAssessments`: `offset`: type `Option<String>` → `Option<f64>`"
        ),
        "{entry}"
    );
    assert!(
        changelog.contains("## [0.1.0] - 2026-04-14 (twilio-oai d50069b)"),
        "the earlier entries are kept"
    );

    // 2. The next release: additions only. Without --commit and --date they come from the
    // file's name; without --version PROVENANCE keeps the old one, with a warning, and the
    // checksum still follows the file.
    let second = common::history("2025-05-05");
    let out = xtask(&[&"update-spec", &second, &"--root", &root]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains("none breaking"), "{stdout}");
    assert!(stderr.contains("warning: --version not given"), "{stderr}");
    let second_bytes = read(&second);
    assert!(read(&root.join("spec/flex_v1.yaml")) == second_bytes);
    let toml = read_text(&provenance);
    assert_eq!(field(&toml, "sha256"), Some(sha256_hex(&second_bytes)));
    assert_eq!(field(&toml, "commit").as_deref(), Some("245ab7c"));
    assert_eq!(field(&toml, "date").as_deref(), Some("2025-05-05"));
    assert_eq!(field(&toml, "version").as_deref(), Some("2.0.0"));

    // Additions while 0.x: the next patch; `0.2` requirements stay.
    assert!(
        stderr.contains("version 0.2.0 → 0.2.1 (additions)"),
        "{stderr}"
    );
    assert_version(&root, "0.2.1", "0.2");
    let changelog = read_text(&root.join("CHANGELOG.md"));
    let entry = newest_entry(&changelog);
    assert!(
        entry.starts_with("## [0.2.1] - 2025-05-05 (twilio-oai 245ab7c)\n"),
        "{entry}"
    );
    assert_eq!(headings(entry), ["### Added"], "{entry}");
    assert!(
        entry
            .contains("- added `POST /v1/Interactions/{Sid}  update_interaction() -> Interaction`"),
        "{entry}"
    );
    assert!(!entry.contains("**breaking**"), "{entry}");
    assert!(changelog.contains("\n## [0.2.0] - 2025-03-20"));
    let expected = twilio_codegen::snapshot::api_snapshot_with(
        &read_text(&second),
        &xtask::flex::flex_declarations(),
        &xtask::snapshot::HEADER,
    )
    .unwrap();
    assert_eq!(read_text(&snapshot), expected);

    // 3. And back: breaking, so exit 1 — the files are updated all the same.
    let out = xtask(&[
        &"update-spec",
        &first,
        &"--root",
        &root,
        &"--commit",
        &"b55425e",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("--allow-breaking"));
    assert!(read(&root.join("spec/flex_v1.yaml")) == first_bytes);
    assert_version(&root, "0.3.0", "0.3");
    let changelog = read_text(&root.join("CHANGELOG.md"));
    assert_eq!(headings(newest_entry(&changelog)), ["### Removed"]);
    assert_eq!(changelog.matches("\n## [").count(), 5, "{changelog}");

    // The snapshot is now current, so `api-snapshot --check` agrees.
    let out = xtask(&[&"api-snapshot", &"--check", &"--root", &root]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn update_spec_changes_nothing_when_the_new_file_is_unusable() {
    let root = scratch_root("unusable");
    let files = || {
        [
            "spec/flex_v1.yaml",
            "spec/PROVENANCE.toml",
            "api/flex_v1.txt",
        ]
        .into_iter()
        .chain(VERSION_FILES)
    };
    let before: Vec<Vec<u8>> = files().map(|f| read(&root.join(f))).collect();
    let broken = root.join("broken.yaml");
    std::fs::write(&broken, "openapi: 3.0.1\npaths: [\n").unwrap();
    let missing = root.join("missing.yaml");
    for (file, name) in [(&broken, "broken.yaml"), (&missing, "missing.yaml")] {
        let out = xtask(&[&"update-spec", file, &"--root", &root]);
        assert_eq!(out.status.code(), Some(2));
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(name) && stderr.contains("nothing was changed"),
            "{stderr}"
        );
    }
    let out = xtask(&[
        &"update-spec",
        &common::current(),
        &"--root",
        &root,
        &"--date",
        &"yesterday",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let after: Vec<Vec<u8>> = files().map(|f| read(&root.join(f))).collect();
    assert!(before == after, "files untouched");

    // The same release again: nothing to release, so no version bump and no entry.
    let out = xtask(&[&"update-spec", &common::current(), &"--root", &root]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!text(&out.stderr).contains("version 0."));
    let again: Vec<Vec<u8>> = files().map(|f| read(&root.join(f))).collect();
    assert!(before == again, "an unchanged spec changes no file");
    let _ = std::fs::remove_dir_all(root);
}

#[test]
fn api_snapshot_check_reports_a_stale_snapshot_and_the_refresh_command() {
    let root = scratch_root("stale");
    let snapshot = root.join("api/flex_v1.txt");
    // Made current first, so the test doesn't depend on the committed copy being current.
    let out = xtask(&[&"api-snapshot", &"--root", &root]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let fresh = read_text(&snapshot);
    let edited = fresh.replacen("GET /v1/Channels ", "GET /v1/Chanels ", 1);
    assert_ne!(edited, fresh);
    std::fs::write(&snapshot, &edited).unwrap();

    let out = xtask(&[&"api-snapshot", &"--check", &"--root", &root]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("-GET /v1/Chanels ") && stderr.contains("+GET /v1/Channels "),
        "{stderr}"
    );
    assert!(stderr.contains("cargo xtask api-snapshot"), "{stderr}");
    assert_eq!(read_text(&snapshot), edited, "--check writes nothing");

    let out = xtask(&[&"api-snapshot", &"--root", &root]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(read_text(&snapshot), fresh);
    let _ = std::fs::remove_dir_all(root);
}
