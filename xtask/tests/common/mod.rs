//! Locating the spec files in the repository's `spec/` (the vendored release and the earlier
//! ones in `spec/history/`), so the tests need nothing outside the repository.
// Each test binary uses a subset of these helpers.
#![allow(dead_code)]

use std::path::PathBuf;

/// The repository's `spec/` (`xtask/../spec`).
pub fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// The current release: the vendored spec.
pub fn current() -> PathBuf {
    spec_dir().join("flex_v1.yaml")
}

/// The history file released on `date` (`twilio_flex_v1.DATE.COMMIT.yaml`).
pub fn history(date: &str) -> PathBuf {
    let dir = spec_dir().join("history");
    let prefix = format!("twilio_flex_v1.{date}.");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".yaml"))
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one history file for {date} in {}",
        dir.display()
    );
    found.remove(0)
}

/// The text of a spec file.
pub fn read(path: &PathBuf) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Runs the `xtask` binary built for this test run.
pub fn xtask(args: &[&dyn AsRef<std::ffi::OsStr>]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args.iter().map(|a| a.as_ref()))
        .output()
        .expect("run xtask")
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
