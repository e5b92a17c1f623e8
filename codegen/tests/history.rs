//! The generator takes every earlier Twilio release without hand edits (generation here;
//! `scripts/check-twilio-specs` also compiles each result and runs its contract check).

use std::path::PathBuf;

fn history_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec/history")
}

#[test]
fn every_history_release_generates() {
    let dir = history_dir();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 12,
        "expected the shared history releases, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        match twilio_codegen::generate(&text) {
            Ok(g) => assert!(
                g.operations.len() >= 16,
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

/// Twilio ships specs with no operations at all (`twilio_verify_v3`: one path, no methods)
/// and specs with no lists: both generate, and the result has the modules a product includes.
#[test]
fn specs_without_operations_or_lists_generate() {
    let no_operations = r#"
openapi: 3.0.1
info: {title: t, version: "1"}
servers: [{url: "https://verify.twilio.com"}]
paths:
  /v2/test/fixed/response/without/body: {}
"#;
    let g = twilio_codegen::generate(no_operations).expect("no operations generates");
    assert!(g.operations.is_empty());
    for module in ["pub mod builder", "pub mod types", "pub mod options"] {
        assert!(g.code.contains(module), "{module}");
    }
    let no_lists = r#"
openapi: 3.0.1
info: {title: t, version: "1"}
servers: [{url: "https://x.twilio.com"}]
paths:
  /v1/Things/{Sid}:
    get:
      operationId: FetchThing
      parameters:
        - {name: Sid, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  things: {type: array, items: {type: string}}
                  meta: {type: object, properties: {total: {type: integer}}}
"#;
    let g = twilio_codegen::generate(no_lists).expect("no lists generates");
    assert!(g.extras.lists.is_empty());
    assert!(
        !g.code.contains("fn stream"),
        "a plain response gets no stream"
    );
}
