//! The vendored spec is the release `spec/PROVENANCE.toml` describes, and the earlier releases
//! in `spec/history/` are the files its `SHA256SUMS` and README list. (That the committed API
//! snapshot matches the spec is checked by `xtask/tests/api_snapshot.rs`.)

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The value of `key = "value"` in PROVENANCE.toml.
fn provenance_field(toml: &str, key: &str) -> Option<String> {
    toml.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        if line.trim_start().starts_with('#') || k.trim() != key {
            return None;
        }
        Some(v.trim().trim_matches('"').to_string())
    })
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn vendored_spec_matches_provenance_checksum() {
    let spec = read(&repo().join("spec/flex_v1.yaml"));
    let toml = String::from_utf8(read(&repo().join("spec/PROVENANCE.toml"))).expect("UTF-8");
    let recorded = provenance_field(&toml, "sha256").expect("PROVENANCE.toml has a sha256");
    let actual = sha256_hex(&spec);
    assert_eq!(
        actual, recorded,
        "spec/flex_v1.yaml does not match the sha256 in spec/PROVENANCE.toml: the vendored spec \
         is never edited by hand; replace it with `cargo xtask update-spec PATH --commit … --date … --version …`"
    );
    assert_eq!(
        provenance_field(&toml, "file").as_deref(),
        Some("flex_v1.yaml")
    );
}

/// Every release in `spec/history/` has its checksum in `SHA256SUMS` (the `sha256sum` format)
/// and a row in the README's table whose full twilio-oai commit starts with the file name's;
/// and every listed file is there.
#[test]
fn history_releases_match_their_checksums_and_listing() {
    let dir = repo().join("spec/history");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .expect("spec/history")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    files.sort();
    let sums = String::from_utf8(read(&dir.join("SHA256SUMS"))).expect("UTF-8");
    let listed: Vec<(&str, &str)> = sums
        .lines()
        .map(|l| l.split_once("  ").expect("`HASH  FILE` lines"))
        .collect();
    let mut listed_files: Vec<String> = listed.iter().map(|(_, f)| f.to_string()).collect();
    listed_files.sort();
    assert_eq!(
        listed_files, files,
        "SHA256SUMS lists exactly the history files"
    );
    for (hash, file) in &listed {
        assert_eq!(
            sha256_hex(&read(&dir.join(file))),
            *hash,
            "spec/history/{file} is not the release SHA256SUMS records: history files are \
             Twilio's releases byte for byte"
        );
    }

    let readme = String::from_utf8(read(&dir.join("README.md"))).expect("UTF-8");
    for file in &files {
        let short = file
            .split('.')
            .nth(2)
            .expect("twilio_flex_v1.DATE.COMMIT.yaml");
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{file}` |")))
            .unwrap_or_else(|| panic!("spec/history/README.md has no row for {file}"));
        let commit = row.split('|').nth(2).expect("commit column").trim();
        let commit = commit.trim_matches('`');
        assert!(
            commit.len() == 40 && commit.starts_with(short),
            "{file}: README commit {commit}"
        );
    }
}
