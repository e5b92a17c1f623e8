//! The vendored spec is the release `spec/PROVENANCE.toml` describes. (That the committed API
//! snapshot matches it is checked by `xtask/tests/api_snapshot.rs`.)

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

#[test]
fn vendored_spec_matches_provenance_checksum() {
    let spec = read(&repo().join("spec/flex_v1.yaml"));
    let toml = String::from_utf8(read(&repo().join("spec/PROVENANCE.toml"))).expect("UTF-8");
    let recorded = provenance_field(&toml, "sha256").expect("PROVENANCE.toml has a sha256");
    let actual: String = Sha256::digest(&spec)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
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
