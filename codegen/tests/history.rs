//! The generator takes every earlier Twilio release without hand edits (generation here;
//! `scripts/check-history-specs` also compiles each result).

use std::path::PathBuf;

fn history_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/spec/history")
}

#[test]
fn every_history_release_generates() {
    let dir = history_dir();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (CI has ../shared beside the repo)", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 8,
        "expected the shared history releases, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        match twilio_codegen::generate(&text) {
            Ok(g) => assert!(
                g.operations.len() >= 20,
                "{}: only {} operations",
                file.display(),
                g.operations.len()
            ),
            Err(e) => failures.push(format!("{}: {e}", file.display())),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn an_unknown_construct_names_the_spec_path() {
    // A construct typify can't generate, in a schema of its own: the error must point at it.
    let spec = r#"
openapi: 3.0.1
info: {title: t, version: "1"}
servers: [{url: "https://x.twilio.com"}]
paths: {}
components:
  schemas:
    thing.v1.widget:
      type: object
      properties:
        weird: {not: {type: string}}
"#;
    match twilio_codegen::generate(spec) {
        Ok(_) => panic!("expected typify to refuse a `not` schema"),
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.contains("#/components/schemas/Widget"), "{msg}");
        }
    }
}
