//! The `xtask spec-diff` binary: exit codes, `--allow-breaking`, `--output`.

mod common;

use std::path::Path;

use common::{text, xtask};

/// A scratch directory unique to this test binary run.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-spec-diff-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

#[test]
fn identical_files_exit_0_with_no_changes() {
    let spec = common::current();
    let out = xtask(&[&"spec-diff", &spec, &spec]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("No changes to the generated API"));
}

#[test]
fn breaking_release_exits_1_unless_allowed() {
    let (old, new) = (common::history("2022-08-24"), common::history("2022-09-07"));
    let out = xtask(&[&"spec-diff", &old, &new]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("**breaking**"), "{stdout}");
    assert!(text(&out.stderr).contains("--allow-breaking"));

    let out = xtask(&[&"spec-diff", &old, &new, &"--allow-breaking"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // The report is the same either way; only the verdict changes.
    assert_eq!(text(&out.stdout), stdout);
}

#[test]
fn non_breaking_release_exits_0() {
    let (old, new) = (common::history("2025-03-20"), common::history("2025-05-05"));
    let out = xtask(&[&"spec-diff", &old, &new]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("none breaking"));
}

#[test]
fn spec_change_with_an_identical_rust_api_exits_0_with_the_spec_changes_as_context() {
    // 2025-06-12 → 2025-07-03: 47 free-form schemas flipped between `{type: object}` and
    // `{}`; the generated API is identical, so the gate must let the update through.
    let (old, new) = (common::history("2025-06-12"), common::history("2025-07-03"));
    let out = xtask(&[&"spec-diff", &old, &new]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stderr}\n{stdout}");
    assert!(
        stdout.contains("No change to the Rust API (47 spec-level changes)"),
        "{stdout}"
    );
    assert!(stdout.contains("### Spec changes (context)"), "{stdout}");
    assert!(
        stdout.contains("body field `Routing` (`.routing()`) changed type from object (free-form) to any JSON value"),
        "{stdout}"
    );
    assert!(!stdout.contains("**breaking**"), "{stdout}");
    assert!(!stderr.contains("breaking"), "{stderr}");
}

#[test]
fn a_spec_the_generator_rejects_exits_2_naming_the_file() {
    let dir = scratch("rejected");
    // Valid YAML and readable as OpenAPI paths, but OpenAPI requires `info`.
    let rejected = dir.join("no-info.yaml");
    std::fs::write(
        &rejected,
        "openapi: 3.0.1\npaths:\n  /x:\n    get:\n      operationId: GetX\n      responses: {'200': {description: OK}}\n",
    )
    .unwrap();
    let out = xtask(&[&"spec-diff", &common::current(), &rejected]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("no-info.yaml") && stderr.contains("the generator rejects it"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn output_flag_writes_the_report_to_a_file() {
    let dir = scratch("output");
    let report = dir.join("report.md");
    let (old, new) = (common::history("2025-10-28"), common::history("2026-02-05"));
    let out = xtask(&[&"spec-diff", &old, &new, &"--output", &report]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&report).expect("report written");
    assert!(written.contains("`create_instance`"), "{written}");
    // Stdout keeps only the summary line, for the CI log.
    assert_eq!(
        text(&out.stdout).trim(),
        "**5 changes to the Rust API, none breaking** (2 spec-level changes)"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn unreadable_inputs_exit_2_naming_the_file() {
    let dir = scratch("bad");
    let broken = dir.join("broken.yaml");
    std::fs::write(&broken, "openapi: 3.0.1\npaths: [\n").unwrap();
    let good = common::current();

    let out = xtask(&[&"spec-diff", &good, &broken]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("broken.yaml"),
        "{}",
        text(&out.stderr)
    );

    let missing = dir.join("missing.yaml");
    let out = xtask(&[&"spec-diff", &missing, &good]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("missing.yaml"),
        "{}",
        text(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn usage_errors_exit_2() {
    let good: &Path = &common::current();
    assert_eq!(xtask(&[&"spec-diff", &good]).status.code(), Some(2));
    assert_eq!(
        xtask(&[&"spec-diff", &good, &good, &"--nope"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(xtask(&[&"no-such-command"]).status.code(), Some(2));
    assert_eq!(xtask(&[]).status.code(), Some(2));
    assert_eq!(xtask(&[&"spec-diff", &"--help"]).status.code(), Some(0));
}
