//! Declared capabilities: a `cfg` when the spec has everything a hand-written helper names
//! (operations, types, SID types), none when it has nothing of it, an error naming what is
//! missing when it has part of it.

use twilio_spec::product::{Capability, Declarations};

const SPEC: &str = r#"
openapi: 3.0.1
info: {title: t, version: "1"}
servers: [{url: "https://flex-api.twilio.com"}]
paths:
  /v1/Widgets/{Sid}:
    get:
      operationId: FetchWidget
      parameters:
      - {name: Sid, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/test.v1.widget'}
components:
  schemas:
    test.v1.widget:
      type: object
      properties:
        sid: {type: string, minLength: 34, maxLength: 34, pattern: "^WI[0-9a-fA-F]{32}$", nullable: true}
"#;

fn generate(cap: Capability) -> Result<Vec<String>, String> {
    twilio_codegen::generate_with(SPEC, &Declarations::new().capability(cap))
        .map(|g| g.cfgs)
        .map_err(|e| e.to_string())
}

#[test]
fn a_capability_whose_operations_and_types_all_exist_sets_its_cfg() {
    let cfgs = generate(Capability::new(
        "has_widgets",
        &["FetchWidget"],
        &["Widget", "WidgetSid"],
    ))
    .expect("generates");
    assert_eq!(cfgs, ["has_widgets"]);
}

#[test]
fn a_capability_the_spec_lacks_entirely_is_left_out() {
    let cfgs = generate(Capability::new(
        "has_gadgets",
        &["FetchGadget"],
        &["GadgetSid"],
    ))
    .expect("generates");
    assert!(cfgs.is_empty(), "{cfgs:?}");
}

#[test]
fn a_capability_the_spec_has_in_part_fails_naming_what_is_missing() {
    let e = generate(Capability::new(
        "has_widgets",
        &["FetchWidget", "CreateWidget"],
        &["WidgetSid", "WidgetColor"],
    ))
    .expect_err("a partial capability fails the build");
    assert!(e.contains("has_widgets"), "{e}");
    assert!(e.contains("CreateWidget"), "{e}");
    assert!(e.contains("WidgetColor"), "{e}");
    assert!(!e.contains("WidgetSid"), "{e}");
}
