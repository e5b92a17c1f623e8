//! Classification rules, checked on small inline specs.
//!
//! Each test edits a copy of [`base`] and asserts the one change it is about,
//! so the rule under test is visible in the test itself.

use serde_json::{Value, json};

use super::*;

const FLOW_SID: &str = "^FO[0-9a-fA-F]{32}$";

/// A miniature Flex spec: a named enum used in a form body and a response
/// type, a path parameter with a SID pattern, and an inline list response.
fn base() -> Value {
    let sid_param = json!({
        "name": "Sid", "in": "path", "required": true,
        "schema": {"type": "string", "minLength": 34, "maxLength": 34, "pattern": FLOW_SID}
    });
    let flow = json!({"$ref": "#/components/schemas/flex.v1.flex_flow"});
    json!({
        "openapi": "3.0.1",
        "info": {"title": "Twilio - Flex", "version": "1.0.0"},
        "paths": {
            "/v1/FlexFlows": {
                "get": {
                    "operationId": "ListFlexFlow",
                    "parameters": [
                        {"name": "PageSize", "in": "query", "schema": {"type": "integer", "minimum": 1}}
                    ],
                    "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {
                            "flex_flows": {"type": "array", "items": flow},
                            "meta": {"type": "object", "properties": {
                                "key": {"type": "string"},
                                "page": {"type": "integer"}
                            }}
                        }
                    }}}}}
                }
            },
            "/v1/FlexFlows/{Sid}": {
                "get": {
                    "operationId": "FetchFlexFlow",
                    "parameters": [sid_param],
                    "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": flow}}}}
                },
                "post": {
                    "operationId": "UpdateFlexFlow",
                    "parameters": [sid_param],
                    "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {
                        "type": "object",
                        "required": ["FriendlyName"],
                        "properties": {
                            "FriendlyName": {"type": "string", "description": "A name."},
                            "ChannelType": {"$ref": "#/components/schemas/flex_flow_enum_channel_type"},
                            "Integration.FlowSid": {"type": "string", "pattern": "^FW[0-9a-fA-F]{32}$"}
                        }
                    }}}},
                    "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": flow}}}}
                }
            }
        },
        "components": {"schemas": {
            "flex.v1.flex_flow": {"type": "object", "properties": {
                "sid": {"type": "string", "pattern": FLOW_SID},
                "friendly_name": {"type": "string", "nullable": true},
                "channel_type": {"$ref": "#/components/schemas/flex_flow_enum_channel_type"},
                "status": {"type": "string", "enum": ["active", "inactive"]},
                "url": {"type": "string", "format": "uri"}
            }},
            "flex_flow_enum_channel_type": {"type": "string", "enum": ["web", "sms"]}
        }}
    })
}

fn edited(edit: impl FnOnce(&mut Value)) -> Value {
    let mut spec = base();
    edit(&mut spec);
    spec
}

fn at<'a>(spec: &'a mut Value, pointer: &str) -> &'a mut Value {
    spec.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("test spec has no {pointer}"))
}

fn obj(v: &mut Value) -> &mut serde_json::Map<String, Value> {
    v.as_object_mut().expect("an object")
}

const UPDATE_BODY: &str = "/paths/~1v1~1FlexFlows~1{Sid}/post/requestBody/content/application~1x-www-form-urlencoded/schema";
const FLOW: &str = "/components/schemas/flex.v1.flex_flow";
const CHANNEL_TYPE: &str = "/components/schemas/flex_flow_enum_channel_type";

fn report(old: &Value, new: &Value) -> Report {
    diff(&old.to_string(), &new.to_string()).expect("test specs parse")
}

/// The only change in `report`, which must have exactly one.
fn single(report: &Report) -> &Change {
    assert_eq!(report.changes.len(), 1, "expected one change: {report:#?}");
    &report.changes[0]
}

fn member(change: &Change) -> (Role, &str) {
    let m = change.member.as_ref().expect("a member-level change");
    (m.role, m.name.as_str())
}

fn type_subject(name: &str) -> Subject {
    Subject::Type { name: name.into() }
}

#[test]
fn identical_specs_have_no_changes() {
    let r = report(&base(), &base());
    assert!(r.is_empty());
    assert!(!r.has_breaking());
    assert_eq!(r.summary(), "No changes to the generated API");
    assert!(r.to_markdown().contains("No changes to the generated API"));
}

#[test]
fn documentation_and_type_neutral_details_are_not_changes() {
    let new = edited(|s| {
        // Descriptions, examples, and formats that keep the Rust type.
        at(s, &format!("{UPDATE_BODY}/properties/FriendlyName"))["description"] = json!("Other.");
        at(s, &format!("{FLOW}/properties/url"))["format"] = json!("uri-template");
        at(s, &format!("{FLOW}/properties/friendly_name"))["example"] = json!("x");
        // `integer` and `integer/int64` are both i64.
        at(s, "/paths/~1v1~1FlexFlows/get/parameters/0/schema")["format"] = json!("int64");
        // Twilio writes `{type: string, $ref: …}`; keys beside `$ref` don't count.
        at(s, &format!("{UPDATE_BODY}/properties/ChannelType"))["type"] = json!("string");
    });
    assert!(report(&base(), &new).is_empty());
}

#[test]
fn added_enum_value_is_not_breaking() {
    let new = edited(|s| at(s, CHANNEL_TYPE)["enum"] = json!(["web", "sms", "whatsapp"]));
    let r = report(&base(), &new);
    let c = single(&r);
    assert_eq!(c.kind, ChangeKind::EnumValueAdded("whatsapp".into()));
    assert_eq!(c.subject, type_subject("flex_flow_enum_channel_type"));
    assert_eq!(c.section, Section::EnumValues);
    assert!(!c.breaking);
    assert!(!r.has_breaking());
    // Reviewers see where the enum is used.
    assert!(c.used_by.contains(&"UpdateFlexFlow".to_string()));
    assert!(c.used_by.contains(&"FetchFlexFlow".to_string()));
}

#[test]
fn removed_enum_value_is_breaking() {
    let new = edited(|s| at(s, CHANNEL_TYPE)["enum"] = json!(["web"]));
    let r = report(&base(), &new);
    let c = single(&r);
    assert_eq!(c.kind, ChangeKind::EnumValueRemoved("sms".into()));
    assert!(c.breaking);
    assert!(r.has_breaking());
}

#[test]
fn inline_enum_values_follow_the_same_rules() {
    let added = edited(|s| {
        at(s, &format!("{FLOW}/properties/status"))["enum"] =
            json!(["active", "inactive", "paused"])
    });
    let c = single(&report(&base(), &added)).clone();
    assert_eq!(c.kind, ChangeKind::EnumValueAdded("paused".into()));
    assert_eq!(member(&c), (Role::Field, "status"));
    assert!(!c.breaking);

    let removed =
        edited(|s| at(s, &format!("{FLOW}/properties/status"))["enum"] = json!(["active"]));
    let r = report(&base(), &removed);
    let c = single(&r);
    assert_eq!(c.kind, ChangeKind::EnumValueRemoved("inactive".into()));
    assert!(c.breaking);
}

#[test]
fn new_required_body_field_is_breaking_optional_is_not() {
    let optional = edited(|s| {
        obj(at(s, &format!("{UPDATE_BODY}/properties")))
            .insert("Enabled".into(), json!({"type": "boolean"}));
    });
    let r = report(&base(), &optional);
    let c = single(&r);
    assert_eq!(c.kind, ChangeKind::Added { required: false });
    assert_eq!(member(c), (Role::BodyField, "Enabled"));
    assert_eq!(c.section, Section::RequestBodies);
    assert!(!c.breaking);

    let required = edited(|s| {
        obj(at(s, &format!("{UPDATE_BODY}/properties")))
            .insert("Enabled".into(), json!({"type": "boolean"}));
        at(s, &format!("{UPDATE_BODY}/required"))
            .as_array_mut()
            .unwrap()
            .push(json!("Enabled"));
    });
    let r = report(&base(), &required);
    let c = single(&r);
    assert_eq!(c.kind, ChangeKind::Added { required: true });
    assert!(c.breaking);
}

#[test]
fn body_field_requiredness_and_removal() {
    let made_required = edited(|s| {
        at(s, &format!("{UPDATE_BODY}/required"))
            .as_array_mut()
            .unwrap()
            .push(json!("ChannelType"))
    });
    let r = report(&base(), &made_required);
    assert_eq!(single(&r).kind, ChangeKind::MadeRequired);
    assert!(r.has_breaking());

    let made_optional = edited(|s| *at(s, &format!("{UPDATE_BODY}/required")) = json!([]));
    let r = report(&base(), &made_optional);
    assert_eq!(single(&r).kind, ChangeKind::MadeOptional);
    assert!(!r.has_breaking());

    let removed = edited(|s| {
        obj(at(s, &format!("{UPDATE_BODY}/properties"))).remove("Integration.FlowSid");
    });
    let r = report(&base(), &removed);
    let c = single(&r);
    assert_eq!(c.kind, ChangeKind::Removed);
    assert_eq!(member(c), (Role::BodyField, "Integration.FlowSid"));
    assert!(c.breaking);
    // The setter is named the way the crate names it, dots folded.
    assert!(
        c.describe().contains("`.integration_flow_sid()`"),
        "{}",
        c.describe()
    );
}

#[test]
fn parameters_added_removed_and_required() {
    let list_params = "/paths/~1v1~1FlexFlows/get/parameters";
    let optional = edited(|s| {
        at(s, list_params)
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "FriendlyName", "in": "query", "schema": {"type": "string"}}))
    });
    let r = report(&base(), &optional);
    let c = single(&r);
    assert_eq!(member(c), (Role::QueryParameter, "FriendlyName"));
    assert_eq!(c.kind, ChangeKind::Added { required: false });
    assert_eq!(c.section, Section::Parameters);
    assert!(!c.breaking);

    let required = edited(|s| {
        at(s, list_params).as_array_mut().unwrap().push(
            json!({"name": "X-Flex", "in": "header", "required": true, "schema": {"type": "string"}}),
        )
    });
    let r = report(&base(), &required);
    let c = single(&r);
    assert_eq!(member(c), (Role::HeaderParameter, "X-Flex"));
    assert!(c.breaking);

    let removed = edited(|s| *at(s, list_params) = json!([]));
    let r = report(&base(), &removed);
    let c = single(&r);
    assert_eq!(c.kind, ChangeKind::Removed);
    assert!(c.breaking);

    let retyped = edited(|s| at(s, &format!("{list_params}/0/schema"))["type"] = json!("string"));
    let r = report(&base(), &retyped);
    let c = single(&r);
    assert!(
        matches!(&c.kind, ChangeKind::Retyped { from, to } if from == "integer" && to == "string")
    );
    assert!(c.breaking);
}

#[test]
fn path_parameter_sid_pattern_change_is_breaking() {
    let new = edited(|s| {
        at(s, "/paths/~1v1~1FlexFlows~1{Sid}/get/parameters/0/schema")["pattern"] =
            json!("^FX[0-9a-fA-F]{32}$")
    });
    let r = report(&base(), &new);
    let c = single(&r);
    assert_eq!(c.section, Section::SidPatterns);
    assert_eq!(member(c), (Role::PathParameter, "Sid"));
    assert!(c.breaking);
    assert!(
        c.describe().contains("SID prefix `FO` → `FX`"),
        "{}",
        c.describe()
    );
}

#[test]
fn response_field_sid_pattern_change_is_reported_not_breaking() {
    let new = edited(|s| {
        at(s, &format!("{FLOW}/properties/sid"))["pattern"] = json!("^FX[0-9a-fA-F]{32}$")
    });
    let r = report(&base(), &new);
    let c = single(&r);
    assert_eq!(c.section, Section::SidPatterns);
    assert_eq!(member(c), (Role::Field, "sid"));
    assert!(!c.breaking);
}

#[test]
fn request_field_sid_pattern_change_is_breaking() {
    let new = edited(|s| {
        at(s, &format!("{UPDATE_BODY}/properties/Integration.FlowSid"))["pattern"] =
            json!("^FX[0-9a-fA-F]{32}$")
    });
    assert!(single(&report(&base(), &new)).breaking);
}

#[test]
fn response_fields_added_removed_retyped() {
    let added = edited(|s| {
        obj(at(s, &format!("{FLOW}/properties")))
            .insert("janitor_enabled".into(), json!({"type": "boolean"}));
    });
    let r = report(&base(), &added);
    let c = single(&r);
    assert_eq!(c.kind, ChangeKind::Added { required: false });
    assert_eq!(c.section, Section::Responses);
    assert!(!c.breaking);

    let removed = edited(|s| {
        obj(at(s, &format!("{FLOW}/properties"))).remove("friendly_name");
    });
    assert!(single(&report(&base(), &removed)).breaking);

    let retyped =
        edited(|s| *at(s, &format!("{FLOW}/properties/url")) = json!({"type": "integer"}));
    let r = report(&base(), &retyped);
    let c = single(&r);
    assert!(matches!(c.kind, ChangeKind::Retyped { .. }));
    assert!(c.breaking);

    // A typed string format does change the Rust type (String → DateTime).
    let date = edited(|s| at(s, &format!("{FLOW}/properties/url"))["format"] = json!("date-time"));
    assert!(single(&report(&base(), &date)).breaking);
}

#[test]
fn response_field_requiredness_is_reported_not_breaking() {
    let new = edited(|s| at(s, FLOW)["required"] = json!(["sid"]));
    let r = report(&base(), &new);
    let c = single(&r);
    assert_eq!(c.kind, ChangeKind::MadeRequired);
    assert!(!c.breaking);
}

#[test]
fn inline_list_response_fields_are_compared() {
    let meta = "/paths/~1v1~1FlexFlows/get/responses/200/content/application~1json/schema/properties/meta/properties";
    let new = edited(|s| {
        let meta = obj(at(s, meta));
        meta.remove("key");
        meta.insert(
            "next_page_url".into(),
            json!({"type": "string", "format": "uri"}),
        );
    });
    let r = report(&base(), &new);
    assert_eq!(r.changes.len(), 2, "{r:#?}");
    let removed = r
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::Removed)
        .unwrap();
    assert_eq!(member(removed), (Role::ResponseField, "meta.key"));
    assert!(removed.breaking);
    let added = r
        .changes
        .iter()
        .find(|c| c.kind != ChangeKind::Removed)
        .unwrap();
    assert_eq!(member(added), (Role::ResponseField, "meta.next_page_url"));
    assert!(!added.breaking);
}

#[test]
fn response_type_change_is_breaking() {
    let new = edited(|s| {
        *at(
            s,
            "/paths/~1v1~1FlexFlows~1{Sid}/get/responses/200/content/application~1json/schema",
        ) = json!({"$ref": "#/components/schemas/flex_flow_enum_channel_type"})
    });
    let r = report(&base(), &new);
    let c = single(&r);
    assert_eq!(member(c), (Role::Response, ""));
    assert!(c.breaking);
}

#[test]
fn operations_added_removed_renamed() {
    let new = edited(|s| {
        let paths = obj(at(s, "/paths"));
        paths.insert(
            "/v1/instances".into(),
            json!({"post": {"operationId": "CreateInstance", "responses": {"201": {"description": "Created"}}}}),
        );
    });
    let r = report(&base(), &new);
    let c = single(&r);
    assert_eq!(c.kind, ChangeKind::Added { required: false });
    assert_eq!(c.section, Section::Operations);
    assert!(!c.breaking);
    assert!(c.describe().contains("`create_instance`"));

    // The reverse is a removal, which is breaking.
    let r = report(&new, &base());
    assert_eq!(single(&r).kind, ChangeKind::Removed);
    assert!(r.has_breaking());

    let renamed = edited(|s| {
        at(s, "/paths/~1v1~1FlexFlows~1{Sid}/get")["operationId"] = json!("GetFlexFlow")
    });
    let r = report(&base(), &renamed);
    let c = single(&r);
    assert_eq!(c.kind, ChangeKind::RenamedFrom("FetchFlexFlow".into()));
    assert!(c.breaking);
}

#[test]
fn path_change_is_reported_and_renamed_path_parameter_is_breaking() {
    let new = edited(|s| {
        let paths = obj(at(s, "/paths"));
        let mut item = paths.remove("/v1/FlexFlows/{Sid}").unwrap();
        for method in ["get", "post"] {
            item[method]["parameters"][0]["name"] = json!("FlowSid");
        }
        paths.insert("/v1/Flows/{FlowSid}".into(), item);
    });
    let r = report(&base(), &new);
    let moved: Vec<_> = r
        .changes
        .iter()
        .filter(|c| c.section == Section::Paths)
        .collect();
    assert_eq!(moved.len(), 2, "{r:#?}");
    assert!(moved.iter().all(|c| !c.breaking));
    // `.sid()` is gone and `.flow_sid()` is new (and required): breaking.
    let params: Vec<_> = r
        .changes
        .iter()
        .filter(|c| c.section == Section::Parameters)
        .collect();
    assert!(
        params
            .iter()
            .any(|c| c.kind == ChangeKind::Removed && c.breaking)
    );
    assert!(
        params
            .iter()
            .any(|c| c.kind == ChangeKind::Added { required: true } && c.breaking)
    );
}

#[test]
fn types_added_and_removed() {
    let new = edited(|s| {
        obj(at(s, "/components/schemas")).insert(
            "flex.v1.instance".into(),
            json!({"type": "object", "properties": {}}),
        );
    });
    let r = report(&base(), &new);
    let c = single(&r);
    assert_eq!(c.subject, type_subject("flex.v1.instance"));
    assert_eq!(c.section, Section::Types);
    assert!(!c.breaking);
    assert!(c.describe().contains("`Instance`"));

    let r = report(&new, &base());
    assert_eq!(single(&r).kind, ChangeKind::Removed);
    assert!(r.has_breaking());

    // An enum type turning into a plain string is a retype of the type.
    let new = edited(|s| *at(s, CHANNEL_TYPE) = json!({"type": "string"}));
    let r = report(&base(), &new);
    let c = single(&r);
    assert!(c.member.is_none() && matches!(c.kind, ChangeKind::Retyped { .. }));
    assert!(c.breaking);
}

#[test]
fn fields_of_types_used_in_requests_follow_request_rules() {
    // A JSON body that references a named object type.
    let with_json_body = edited(|s| {
        obj(at(s, "/components/schemas")).insert(
            "create_flow_body".into(),
            json!({"type": "object", "properties": {"Name": {"type": "string"}}}),
        );
        *at(s, "/paths/~1v1~1FlexFlows~1{Sid}/post/requestBody") = json!({"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/create_flow_body"}
        }}});
    });
    let required_field = {
        let mut s = with_json_body.clone();
        let body = at(&mut s, "/components/schemas/create_flow_body");
        obj(&mut body["properties"]).insert("Owner".into(), json!({"type": "string"}));
        body["required"] = json!(["Owner"]);
        s
    };
    let r = report(&with_json_body, &required_field);
    let c = single(&r);
    assert_eq!(c.kind, ChangeKind::Added { required: true });
    assert_eq!(c.section, Section::RequestBodies);
    assert!(c.breaking);
}

#[test]
fn content_type_change_is_reported_not_breaking() {
    let new = edited(|s| {
        let content = obj(at(
            s,
            "/paths/~1v1~1FlexFlows~1{Sid}/post/requestBody/content",
        ));
        let media = content.remove("application/x-www-form-urlencoded").unwrap();
        content.insert("application/json".into(), media);
    });
    let r = report(&base(), &new);
    let c = single(&r);
    assert!(matches!(c.kind, ChangeKind::ContentType { .. }));
    assert!(!c.breaking);
}

#[test]
fn yaml_input_with_unquoted_status_codes() {
    let old = "\
openapi: 3.0.1
paths:
  /v1/Configuration:
    get:
      operationId: FetchConfiguration
      responses:
        200:
          description: OK
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/flex.v1.configuration'
components:
  schemas:
    flex.v1.configuration:
      type: object
      properties:
        status:
          $ref: '#/components/schemas/configuration_enum_status'
    configuration_enum_status:
      type: string
      enum: [ok, inprogress, notstarted]
";
    let new = old
        .replace(
            "[ok, inprogress, notstarted]",
            "[ok, inprogress, notstarted, failed]",
        )
        .replace(
            "      properties:\n",
            "      properties:\n        debugger_integration:\n          nullable: true\n",
        );
    let r = diff(old, &new).unwrap();
    assert_eq!(r.changes.len(), 2, "{r:#?}");
    assert!(!r.has_breaking());
    assert_eq!(r.summary(), "**2 changes, none breaking**");
    let md = r.to_markdown();
    assert!(md.contains("`ConfigurationStatus`"), "{md}");
    assert!(md.contains("added value `failed`"), "{md}");
    assert!(md.contains("added field `debugger_integration`"), "{md}");
}

#[test]
fn markdown_has_summary_first_and_marks_breaking() {
    let new = edited(|s| {
        at(s, CHANNEL_TYPE)["enum"] = json!(["web", "whatsapp"]);
    });
    let r = report(&base(), &new);
    assert_eq!(r.summary(), "**2 changes, 1 breaking**");
    let md = r.to_markdown();
    let first_text_line = md
        .lines()
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap();
    assert_eq!(first_text_line, r.summary());
    assert!(md.contains("### Enum values"));
    assert!(md.contains("- **breaking** type `FlexFlowChannelType` (`flex_flow_enum_channel_type`): removed value `sms`"), "{md}");
    assert!(
        md.contains(
            "- type `FlexFlowChannelType` (`flex_flow_enum_channel_type`): added value `whatsapp`"
        ),
        "{md}"
    );
    // Deterministic: the same inputs render the same text.
    assert_eq!(md, report(&base(), &new).to_markdown());
}

#[test]
fn unreadable_specs_are_errors_naming_the_side() {
    let good = base().to_string();
    for bad in [
        "",
        "{ not yaml",
        "- a\n- list\n",
        "swagger: '2.0'\npaths: {}\n",
        "openapi: 3.0.1\n",
        "openapi: 3.0.1\npaths: []\n",
        "openapi: 3.0.1\npaths:\n  /x:\n    get:\n      responses:\n        '200':\n          $ref: '#/components/responses/missing'\n",
        "openapi: 3.0.1\npaths:\n  /x:\n    get:\n      parameters: [{in: query}]\n",
    ] {
        let err = diff(&good, bad).expect_err(bad);
        assert_eq!(err.which, Which::New, "{bad}");
        let err = diff(bad, &good).expect_err(bad);
        assert_eq!(err.which, Which::Old, "{bad}");
        assert!(err.to_string().starts_with("old spec: "));
    }
}

#[test]
fn odd_but_valid_shapes_do_not_panic() {
    // Wrong-typed sections are skipped rather than trusted.
    let odd = "\
openapi: 3.0.1
paths:
  /a:
    parameters: nope
    get:
      parameters: 7
      requestBody: {content: {text/plain: {}}}
      responses: {default: {description: x}}
  /b:
    post:
      operationId: B
      responses:
        '201':
          content:
            application/json:
              schema: {type: object, properties: [1, 2], required: ohno}
components:
  schemas:
    deep: {type: array, items: {type: array, items: {allOf: [{$ref: '#/components/schemas/deep'}]}}}
    weird: {oneOf: [{type: string}, {type: integer}]}
";
    let r = diff(odd, odd).unwrap();
    assert!(r.is_empty());
    let changed = odd.replace("{type: integer}", "{type: boolean}");
    let r = diff(odd, &changed).unwrap();
    assert!(single(&r).breaking);
}
