//! The committed API snapshot (`api/flex_v1.txt`) matches the vendored spec.
//!
//! Here rather than in the library's tests so the library needs no dev-dependency on the
//! generator: its `serde_json` feature `preserve_order` would otherwise be on in the
//! library's own tests and benchmarks, which users don't get.

use xtask::snapshot::{Status, default_root, refresh};

#[test]
fn api_snapshot_is_up_to_date() {
    match refresh(&default_root(), true) {
        Ok(Status::UpToDate) => {}
        Ok(Status::Stale { diff }) => panic!(
            "api/flex_v1.txt is out of date with the generated API (- committed, + generated):\n\n\
             {diff}\nrefresh it with: cargo xtask api-snapshot\n"
        ),
        Err(e) => panic!("{e}"),
    }
}
