//! Both layers of the report, checked on small inline specs: the spec-level change (context)
//! and the verdict on the generated Rust API, which comes from the generator's snapshots.
//!
//! Each test edits a copy of [`base`] and asserts the change it is about, so the rule under
//! test is visible in the test itself.

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
                                "page": {"type": "integer"},
                                "next_page_url": {"type": "string"}
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

/// These tests' specs are made up, not Flex releases: they are generated as Twilio wrote
/// them, without the Flex product's declarations (which `Spec::parse` applies).
fn diff(old: &str, new: &str) -> Result<Report, super::DiffError> {
    let parse = |text: &str, which| {
        Spec::parse_with(text, &twilio_spec::product::Declarations::new())
            .map_err(|error| super::DiffError { which, error })
    };
    Ok(super::diff_specs(
        &parse(old, super::Which::Old)?,
        &parse(new, super::Which::New)?,
    ))
}

fn parse_plain(text: &str) -> Result<Spec, super::ParseError> {
    Spec::parse_with(text, &twilio_spec::product::Declarations::new())
}

fn report(old: &Value, new: &Value) -> Report {
    diff(&old.to_string(), &new.to_string()).expect("test specs parse and generate")
}

/// The only spec-level change in `report`, which must have exactly one.
fn single(report: &Report) -> &Change {
    assert_eq!(
        report.spec.len(),
        1,
        "expected one spec change: {report:#?}"
    );
    &report.spec[0]
}

fn member(change: &Change) -> (Role, &str) {
    let m = change.member.as_ref().expect("a member-level change");
    (m.role, m.name.as_str())
}

fn type_subject(name: &str) -> Subject {
    Subject::Type { name: name.into() }
}

/// The Rust API change at `item` (client method or type) and `member`; there must be one.
fn api_at<'a>(report: &'a Report, item: &str, member: Option<&str>) -> &'a ApiChange {
    let found: Vec<&ApiChange> = report
        .api
        .iter()
        .filter(|c| c.item == item && c.member.as_deref() == member)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one API change at {item} {member:?}, got:\n{}",
        api_lines(report)
    );
    found[0]
}

/// The Rust API changes, one per line, for failure messages.
fn api_lines(report: &Report) -> String {
    report
        .api
        .iter()
        .map(|c| {
            format!(
                "{} {}\n",
                if c.breaking { "BREAKING" } else { "ok" },
                c.describe()
            )
        })
        .collect()
}

/// The request body type of `UpdateFlexFlow`, as the generator names it.
fn update_body_type(spec: &Value) -> String {
    let spec = parse_plain(&spec.to_string()).unwrap();
    spec.snapshot()
        .operation("update_flex_flow")
        .and_then(|op| op.body.clone()?.ty)
        .expect("UpdateFlexFlow has a body")
}

#[test]
fn identical_specs_have_no_changes() {
    let r = report(&base(), &base());
    assert!(r.is_empty() && r.api_unchanged());
    assert!(!r.has_breaking());
    assert_eq!(r.summary(), "No changes to the generated API");
    assert!(r.to_markdown().contains("No changes to the generated API"));
}

#[test]
fn documentation_is_not_a_change() {
    let new = edited(|s| {
        at(s, &format!("{UPDATE_BODY}/properties/FriendlyName"))["description"] = json!("Other.");
        at(s, &format!("{FLOW}/properties/friendly_name"))["example"] = json!("x");
        // Twilio writes `{type: string, $ref: …}`; keys beside `$ref` don't count.
        at(s, &format!("{UPDATE_BODY}/properties/ChannelType"))["type"] = json!("string");
    });
    assert!(report(&base(), &new).is_empty());
}

#[test]
fn spec_changes_that_keep_the_rust_api_are_context_not_breaking() {
    // What Twilio's releases do: formats that all map to the same Rust type, and free-form
    // schemas flipping between `{type: object}` and `{}` (both `serde_json::Value`).
    let old = edited(|s| {
        obj(at(s, &format!("{FLOW}/properties"))).insert(
            "attributes".into(),
            json!({"type": "object", "nullable": true}),
        );
    });
    let new = edited(|s| {
        obj(at(s, &format!("{FLOW}/properties")))
            .insert("attributes".into(), json!({"nullable": true}));
        at(s, &format!("{FLOW}/properties/url"))["format"] = json!("uri-template");
        at(s, "/paths/~1v1~1FlexFlows/get/parameters/0/schema")["format"] = json!("int64");
    });
    let r = report(&old, &new);
    assert!(r.api_unchanged(), "{}", api_lines(&r));
    assert!(!r.has_breaking());
    assert_eq!(
        parse_plain(&old.to_string()).unwrap().snapshot_text(),
        parse_plain(&new.to_string()).unwrap().snapshot_text()
    );
    // The spec-level changes are still shown, as context.
    assert_eq!(r.spec.len(), 3, "{r:#?}");
    assert!(
        r.spec
            .iter()
            .all(|c| matches!(c.kind, ChangeKind::Retyped { .. }))
    );
    assert_eq!(
        r.summary(),
        "No change to the Rust API (3 spec-level changes)"
    );
    let md = r.to_markdown();
    assert!(md.contains("nothing changes for Rust callers"), "{md}");
    assert!(md.contains("### Spec changes (context)"), "{md}");
    assert!(
        md.contains("field `attributes` changed type from object (free-form) to any JSON value"),
        "{md}"
    );
    assert!(!md.contains("**breaking**"), "{md}");
}

#[test]
fn added_enum_value_is_not_breaking() {
    let new = edited(|s| at(s, CHANNEL_TYPE)["enum"] = json!(["web", "sms", "whatsapp"]));
    let r = report(&base(), &new);
    let c = single(&r);
    assert_eq!(c.kind, ChangeKind::EnumValueAdded("whatsapp".into()));
    assert_eq!(c.subject, type_subject("flex_flow_enum_channel_type"));
    assert_eq!(c.section, Section::EnumValues);
    // Reviewers see where the enum is used.
    assert!(c.used_by.contains(&"UpdateFlexFlow".to_string()));
    assert!(c.used_by.contains(&"FetchFlexFlow".to_string()));

    assert_eq!(r.api.len(), 1, "{}", api_lines(&r));
    let a = api_at(&r, "FlexFlowChannelType", Some("Whatsapp"));
    assert_eq!(
        a.kind,
        ApiChangeKind::Added("Whatsapp = \"whatsapp\"".into())
    );
    assert_eq!(a.section, ApiSection::Types);
    assert!(!a.breaking);
    assert!(!r.has_breaking());
}

#[test]
fn removed_enum_value_is_breaking() {
    let new = edited(|s| at(s, CHANNEL_TYPE)["enum"] = json!(["web"]));
    let r = report(&base(), &new);
    assert_eq!(single(&r).kind, ChangeKind::EnumValueRemoved("sms".into()));
    let a = api_at(&r, "FlexFlowChannelType", Some("Sms"));
    assert!(matches!(a.kind, ApiChangeKind::Removed(_)));
    assert!(a.breaking);
    assert!(r.has_breaking());
    assert_eq!(r.breaking_count(), 1);
}

#[test]
fn inline_enum_values_follow_the_same_rules() {
    let added = edited(|s| {
        at(s, &format!("{FLOW}/properties/status"))["enum"] =
            json!(["active", "inactive", "paused"])
    });
    let r = report(&base(), &added);
    let c = single(&r);
    assert_eq!(c.kind, ChangeKind::EnumValueAdded("paused".into()));
    assert_eq!(member(c), (Role::Field, "status"));
    assert_eq!(r.api.len(), 1, "{}", api_lines(&r));
    assert!(!r.api[0].breaking);
    assert_eq!(r.api[0].member.as_deref(), Some("Paused"));

    let removed =
        edited(|s| at(s, &format!("{FLOW}/properties/status"))["enum"] = json!(["active"]));
    let r = report(&base(), &removed);
    assert_eq!(
        single(&r).kind,
        ChangeKind::EnumValueRemoved("inactive".into())
    );
    assert_eq!(r.api.len(), 1, "{}", api_lines(&r));
    assert!(r.api[0].breaking);
    assert_eq!(r.api[0].member.as_deref(), Some("Inactive"));
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
    let setter = api_at(&r, "update_flex_flow", Some(".enabled()"));
    assert_eq!(setter.kind, ApiChangeKind::Added(".enabled(bool)".into()));
    assert!(!setter.breaking);
    let body = update_body_type(&optional);
    assert!(!api_at(&r, &body, Some("enabled")).breaking);
    assert!(!r.has_breaking(), "{}", api_lines(&r));

    let required = edited(|s| {
        obj(at(s, &format!("{UPDATE_BODY}/properties")))
            .insert("Enabled".into(), json!({"type": "boolean"}));
        at(s, &format!("{UPDATE_BODY}/required"))
            .as_array_mut()
            .unwrap()
            .push(json!("Enabled"));
    });
    let r = report(&base(), &required);
    assert_eq!(single(&r).kind, ChangeKind::Added { required: true });
    let setter = api_at(&r, "update_flex_flow", Some(".enabled()"));
    assert_eq!(
        setter.kind,
        ApiChangeKind::Added(".enabled(bool) required".into())
    );
    assert!(setter.breaking);
    // The body struct's new `bool` field is the same fact; the setter carries the verdict.
    let field = api_at(&r, &body, Some("enabled"));
    assert!(!field.breaking && field.note.is_some());
    assert_eq!(r.breaking_count(), 1, "{}", api_lines(&r));
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
    let setter = api_at(&r, "update_flex_flow", Some(".channel_type()"));
    assert_eq!(
        setter.kind,
        ApiChangeKind::Changed {
            what: "now",
            from: "optional".into(),
            to: "required".into()
        }
    );
    assert!(setter.breaking);
    assert_eq!(r.breaking_count(), 1, "{}", api_lines(&r));

    let made_optional = edited(|s| *at(s, &format!("{UPDATE_BODY}/required")) = json!([]));
    let r = report(&base(), &made_optional);
    assert_eq!(single(&r).kind, ChangeKind::MadeOptional);
    assert!(!api_at(&r, "update_flex_flow", Some(".friendly_name()")).breaking);
    assert!(!r.has_breaking(), "{}", api_lines(&r));

    let removed = edited(|s| {
        obj(at(s, &format!("{UPDATE_BODY}/properties"))).remove("Integration.FlowSid");
    });
    let r = report(&base(), &removed);
    let c = single(&r);
    assert_eq!(c.kind, ChangeKind::Removed);
    assert_eq!(member(c), (Role::BodyField, "Integration.FlowSid"));
    // The setter is named the way the crate names it, dots folded.
    assert!(
        c.describe().contains("`.integration_flow_sid()`"),
        "{}",
        c.describe()
    );
    let setter = api_at(&r, "update_flex_flow", Some(".integration_flow_sid()"));
    assert!(matches!(setter.kind, ApiChangeKind::Removed(_)));
    assert!(setter.breaking);
}

#[test]
fn parameters_added_removed_and_retyped() {
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
    let a = api_at(&r, "list_flex_flow", Some(".friendly_name()"));
    assert_eq!(
        a.kind,
        ApiChangeKind::Added(".friendly_name(String)".into())
    );
    assert!(!r.has_breaking(), "{}", api_lines(&r));

    let required = edited(|s| {
        at(s, list_params).as_array_mut().unwrap().push(
            json!({"name": "X-Flex", "in": "header", "required": true, "schema": {"type": "string"}}),
        )
    });
    let r = report(&base(), &required);
    assert_eq!(member(single(&r)), (Role::HeaderParameter, "X-Flex"));
    assert!(api_at(&r, "list_flex_flow", Some(".x_flex()")).breaking);

    let removed = edited(|s| *at(s, list_params) = json!([]));
    let r = report(&base(), &removed);
    assert_eq!(single(&r).kind, ChangeKind::Removed);
    let a = api_at(&r, "list_flex_flow", Some(".page_size()"));
    assert!(matches!(a.kind, ApiChangeKind::Removed(_)) && a.breaking);

    let retyped = edited(|s| at(s, &format!("{list_params}/0/schema"))["type"] = json!("string"));
    let r = report(&base(), &retyped);
    let c = single(&r);
    assert!(
        matches!(&c.kind, ChangeKind::Retyped { from, to } if from == "integer" && to == "string")
    );
    let a = r
        .api
        .iter()
        .find(|c| matches!(&c.kind, ApiChangeKind::Changed { what: "type", .. }))
        .unwrap_or_else(|| panic!("{}", api_lines(&r)));
    assert_eq!(a.member.as_deref(), Some(".page_size()"));
    assert_eq!(
        a.kind,
        ApiChangeKind::Changed {
            what: "type",
            from: "i64".into(),
            to: "String".into()
        }
    );
    assert!(a.breaking);
}

#[test]
fn narrower_integer_range_is_breaking_wider_is_not() {
    let page_size = "/paths/~1v1~1FlexFlows/get/parameters/0/schema";
    let capped = edited(|s| at(s, page_size)["maximum"] = json!(1000));
    let r = report(&base(), &capped);
    let a = api_at(&r, "list_flex_flow", Some(".page_size()"));
    assert_eq!(
        a.kind,
        ApiChangeKind::Changed {
            what: "range",
            from: "1..".into(),
            to: "1..=1000".into()
        }
    );
    assert!(a.breaking, "values over 1000 now fail in send()");

    let r = report(&capped, &base());
    assert!(!api_at(&r, "list_flex_flow", Some(".page_size()")).breaking);
}

#[test]
fn sid_pattern_changes_are_judged_by_the_rust_types() {
    // The path parameter now takes another SID prefix: `.sid()` takes another SID type.
    let new = edited(|s| {
        at(s, "/paths/~1v1~1FlexFlows~1{Sid}/get/parameters/0/schema")["pattern"] =
            json!("^FX[0-9a-fA-F]{32}$")
    });
    let r = report(&base(), &new);
    let c = single(&r);
    assert_eq!(c.section, Section::SidPatterns);
    assert_eq!(member(c), (Role::PathParameter, "Sid"));
    assert!(
        c.describe().contains("SID prefix `FO` → `FX`"),
        "{}",
        c.describe()
    );
    let a = api_at(&r, "fetch_flex_flow", Some(".sid()"));
    assert!(
        matches!(&a.kind, ApiChangeKind::Changed { what: "type", from, .. } if from == "FlexFlowSid"),
        "{}",
        api_lines(&r)
    );
    assert!(a.breaking);

    // In a request body: the generator names the SID type after the field, so the type
    // keeps its name and changes its prefix; SIDs that parsed before are now rejected.
    let new = edited(|s| {
        at(s, &format!("{UPDATE_BODY}/properties/Integration.FlowSid"))["pattern"] =
            json!("^FX[0-9a-fA-F]{32}$")
    });
    let r = report(&base(), &new);
    assert_eq!(single(&r).section, Section::SidPatterns);
    let a = api_at(&r, "FlowSid", None);
    assert_eq!(
        a.kind,
        ApiChangeKind::Changed {
            what: "prefix",
            from: "FW".into(),
            to: "FX".into()
        }
    );
    assert!(a.breaking);
    assert_eq!(a.section, ApiSection::SidTypes);
}

#[test]
fn response_field_sid_pattern_change_is_breaking_in_rust() {
    // The spec-level view used to call this harmless (responses decode leniently), but the
    // generated SID types change, and code that names or parses them breaks.
    let new = edited(|s| {
        at(s, &format!("{FLOW}/properties/sid"))["pattern"] = json!("^FX[0-9a-fA-F]{32}$")
    });
    let r = report(&base(), &new);
    let c = single(&r);
    assert_eq!(c.section, Section::SidPatterns);
    assert_eq!(member(c), (Role::Field, "sid"));
    // The response field names `FlexFlowSid`, which takes the new prefix; the path
    // parameters, still `FO…`, get a SID type of their own.
    let a = api_at(&r, "FlexFlowSid", None);
    assert!(matches!(
        a.kind,
        ApiChangeKind::Changed { what: "prefix", .. }
    ));
    assert!(a.breaking, "{}", api_lines(&r));
    let setter = api_at(&r, "fetch_flex_flow", Some(".sid()"));
    assert!(matches!(
        setter.kind,
        ApiChangeKind::Changed { what: "type", .. }
    ));
    assert!(setter.breaking);
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
    let a = api_at(&r, "FlexFlow", Some("janitor_enabled"));
    assert_eq!(
        a.kind,
        ApiChangeKind::Added("janitor_enabled: Option<bool>".into())
    );
    assert!(
        !a.breaking,
        "an Option field of a #[non_exhaustive] struct is minor"
    );

    let removed = edited(|s| {
        obj(at(s, &format!("{FLOW}/properties"))).remove("friendly_name");
    });
    let r = report(&base(), &removed);
    assert_eq!(single(&r).kind, ChangeKind::Removed);
    assert!(api_at(&r, "FlexFlow", Some("friendly_name")).breaking);

    let retyped =
        edited(|s| *at(s, &format!("{FLOW}/properties/url")) = json!({"type": "integer"}));
    let r = report(&base(), &retyped);
    assert!(matches!(single(&r).kind, ChangeKind::Retyped { .. }));
    let a = api_at(&r, "FlexFlow", Some("url"));
    assert_eq!(
        a.kind,
        ApiChangeKind::Changed {
            what: "type",
            from: "Option<String>".into(),
            to: "Option<i64>".into()
        }
    );
    assert!(a.breaking);

    // A typed string format does change the Rust type (String → DateTime).
    let date = edited(|s| at(s, &format!("{FLOW}/properties/url"))["format"] = json!("date-time"));
    let r = report(&base(), &date);
    assert!(
        api_at(&r, "FlexFlow", Some("url")).breaking,
        "{}",
        api_lines(&r)
    );
}

#[test]
fn response_field_made_required_keeps_its_rust_type() {
    // Twilio flips `required` on response fields; their Rust type stays `Option<T>`
    // (`optional_response_fields`), so only the spec-level context mentions it.
    let new = edited(|s| at(s, FLOW)["required"] = json!(["sid"]));
    let r = report(&base(), &new);
    assert_eq!(single(&r).kind, ChangeKind::MadeRequired);
    assert!(r.api.is_empty(), "{:#?}", r.api);
    assert!(!r.has_breaking());
}

#[test]
fn inline_list_response_fields_are_compared() {
    let meta = "/paths/~1v1~1FlexFlows/get/responses/200/content/application~1json/schema/properties/meta/properties";
    let new = edited(|s| {
        let meta = obj(at(s, meta));
        meta.remove("key");
        meta.insert(
            "first_page_url".into(),
            json!({"type": "string", "format": "uri"}),
        );
    });
    let r = report(&base(), &new);
    assert_eq!(r.spec.len(), 2, "{r:#?}");
    let removed = r
        .spec
        .iter()
        .find(|c| c.kind == ChangeKind::Removed)
        .unwrap();
    assert_eq!(member(removed), (Role::ResponseField, "meta.key"));
    let added = r
        .spec
        .iter()
        .find(|c| c.kind != ChangeKind::Removed)
        .unwrap();
    assert_eq!(member(added), (Role::ResponseField, "meta.first_page_url"));
    // In Rust, list pages share the generator's `ListMeta` type.
    let a = api_at(&r, "ListMeta", Some("key"));
    assert!(matches!(a.kind, ApiChangeKind::Removed(_)) && a.breaking);
    let a = api_at(&r, "ListMeta", Some("first_page_url"));
    assert_eq!(
        a.kind,
        ApiChangeKind::Added("first_page_url: Option<String>".into())
    );
    assert!(!a.breaking);
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
    assert_eq!(member(single(&r)), (Role::Response, ""));
    let a = api_at(&r, "fetch_flex_flow", None);
    assert_eq!(
        a.kind,
        ApiChangeKind::Changed {
            what: "response",
            from: "FlexFlow".into(),
            to: "FlexFlowChannelType".into()
        }
    );
    assert!(a.breaking);
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
    assert!(c.describe().contains("`create_instance`"));
    let a = api_at(&r, "create_instance", None);
    assert!(
        matches!(&a.kind, ApiChangeKind::Added(line) if line.starts_with("POST /v1/instances  create_instance()"))
    );
    assert!(!r.has_breaking());

    // The reverse is a removal, which is breaking.
    let r = report(&new, &base());
    assert_eq!(single(&r).kind, ChangeKind::Removed);
    assert!(api_at(&r, "create_instance", None).breaking);

    let renamed = edited(|s| {
        at(s, "/paths/~1v1~1FlexFlows~1{Sid}/get")["operationId"] = json!("GetFlexFlow")
    });
    let r = report(&base(), &renamed);
    assert_eq!(
        single(&r).kind,
        ChangeKind::RenamedFrom("FetchFlexFlow".into())
    );
    assert!(api_at(&r, "fetch_flex_flow", None).breaking);
    assert!(!api_at(&r, "get_flex_flow", None).breaking);
}

#[test]
fn moved_path_is_not_breaking_but_a_renamed_path_parameter_is() {
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
        .spec
        .iter()
        .filter(|c| c.section == Section::Paths)
        .collect();
    assert_eq!(moved.len(), 2, "{r:#?}");
    let route = api_at(&r, "fetch_flex_flow", None);
    assert!(matches!(
        route.kind,
        ApiChangeKind::Changed { what: "route", .. }
    ));
    assert!(!route.breaking);
    // `.sid()` is gone and `.flow_sid()` is new (and required): breaking.
    assert!(api_at(&r, "fetch_flex_flow", Some(".sid()")).breaking);
    let added = api_at(&r, "fetch_flex_flow", Some(".flow_sid()"));
    assert_eq!(
        added.kind,
        ApiChangeKind::Added(".flow_sid(FlexFlowSid) required".into())
    );
    assert!(added.breaking);
}

#[test]
fn types_added_and_removed() {
    let new = edited(|s| {
        obj(at(s, "/components/schemas")).insert(
            "flex.v1.instance".into(),
            json!({"type": "object", "properties": {"sid": {"type": "string"}}}),
        );
    });
    let r = report(&base(), &new);
    let c = single(&r);
    assert_eq!(c.subject, type_subject("flex.v1.instance"));
    assert_eq!(c.section, Section::Types);
    assert!(c.describe().contains("`Instance`"));
    let a = api_at(&r, "Instance", None);
    assert_eq!(a.kind, ApiChangeKind::Added("struct Instance".into()));
    assert!(!a.breaking);

    let r = report(&new, &base());
    assert_eq!(single(&r).kind, ChangeKind::Removed);
    assert!(api_at(&r, "Instance", None).breaking);

    // An enum type turning into a plain string: the enum is gone, its uses are retyped.
    let new = edited(|s| *at(s, CHANNEL_TYPE) = json!({"type": "string"}));
    let r = report(&base(), &new);
    let c = single(&r);
    assert!(c.member.is_none() && matches!(c.kind, ChangeKind::Retyped { .. }));
    // A named plain string is inlined (`inline_named_primitives`): no newtype, the enum is
    // removed.
    let a = api_at(&r, "FlexFlowChannelType", None);
    assert_eq!(
        a.kind,
        ApiChangeKind::Removed("enum FlexFlowChannelType".into())
    );
    assert!(a.breaking);
}

#[test]
fn fields_of_json_body_types_without_setters_are_judged_as_fields() {
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
    // This body has no per-field setters, only `.body(CreateFlowBody)`: the new required
    // field must be set in the struct, so it is breaking.
    let a = api_at(&r, "CreateFlowBody", Some("owner"));
    assert_eq!(a.kind, ApiChangeKind::Added("owner: String".into()));
    assert!(a.breaking && a.note.is_none());
    assert!(
        r.api.iter().all(|c| c.item != "update_flex_flow"),
        "{}",
        api_lines(&r)
    );
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
    assert!(matches!(single(&r).kind, ChangeKind::ContentType { .. }));
    let a = api_at(&r, "update_flex_flow", Some(".body()"));
    assert_eq!(
        a.kind,
        ApiChangeKind::Changed {
            what: "encoding",
            from: "form".into(),
            to: "json".into()
        }
    );
    assert!(!r.has_breaking(), "{}", api_lines(&r));
}

#[test]
fn yaml_input_with_unquoted_status_codes() {
    let old = "\
openapi: 3.0.1
info: {title: Flex, version: 1.0.0}
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
    assert_eq!(r.spec.len(), 2, "{r:#?}");
    assert_eq!(r.api.len(), 2, "{}", api_lines(&r));
    assert!(!r.has_breaking());
    assert_eq!(
        r.summary(),
        "**2 changes to the Rust API, none breaking** (2 spec-level changes)"
    );
    let md = r.to_markdown();
    assert!(md.contains("`ConfigurationStatus`"), "{md}");
    assert!(md.contains("added value `failed`"), "{md}");
    assert!(md.contains("added field `debugger_integration`"), "{md}");
    assert!(
        md.contains("`Configuration`: added `debugger_integration: Option<serde_json::Value>`"),
        "{md}"
    );
}

#[test]
fn markdown_has_the_verdict_first_and_marks_breaking() {
    let new = edited(|s| {
        at(s, CHANNEL_TYPE)["enum"] = json!(["web", "whatsapp"]);
    });
    let r = report(&base(), &new);
    assert_eq!(
        r.summary(),
        "**2 changes to the Rust API, 1 breaking** (2 spec-level changes)"
    );
    let md = r.to_markdown();
    let first_text_line = md
        .lines()
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap();
    assert_eq!(first_text_line, r.summary());
    assert!(
        md.contains("- **breaking** `FlexFlowChannelType`: removed `Sms = \"sms\"`"),
        "{md}"
    );
    assert!(
        md.contains("- `FlexFlowChannelType`: added `Whatsapp = \"whatsapp\"`"),
        "{md}"
    );
    // The spec-level changes follow, unmarked, as context.
    let context = md
        .split("### Spec changes (context)")
        .nth(1)
        .expect("context");
    assert!(context.contains("#### Enum values"));
    assert!(
        context.contains(
            "- type `FlexFlowChannelType` (`flex_flow_enum_channel_type`): removed value `sms`"
        ),
        "{md}"
    );
    assert!(!context.contains("**breaking**"), "{md}");
    // Deterministic: the same inputs render the same text.
    assert_eq!(md, report(&base(), &new).to_markdown());
}

/// A spec the model reads but the generator rejects: OpenAPI requires `info`.
const NO_INFO: &str = "openapi: 3.0.1\npaths:\n  /x:\n    get:\n      operationId: GetX\n      responses: {'200': {description: OK}}\n";

#[test]
fn an_empty_base_has_an_empty_api_and_everything_is_added() {
    // What the workflow compares against when the base branch has no spec yet.
    let empty = "openapi: 3.0.1\npaths: {}\n";
    let r = diff(empty, &base().to_string()).unwrap();
    assert!(!r.has_breaking(), "{}", api_lines(&r));
    assert!(
        r.api
            .iter()
            .all(|c| c.member.is_none() && matches!(c.kind, ApiChangeKind::Added(_)))
    );
    for op in ["list_flex_flow", "fetch_flex_flow", "update_flex_flow"] {
        api_at(&r, op, None);
    }
    let r = diff(&base().to_string(), empty).unwrap();
    assert!(r.has_breaking());
    assert!(diff(empty, empty).unwrap().is_empty());
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
        // Readable, but the generator rejects it (OpenAPI requires `info`).
        NO_INFO,
    ] {
        let err = diff(&good, bad).expect_err(bad);
        assert_eq!(err.which, Which::New, "{bad}");
        let err = diff(bad, &good).expect_err(bad);
        assert_eq!(err.which, Which::Old, "{bad}");
        assert!(err.to_string().starts_with("old spec: "));
    }
    let err = diff(&good, NO_INFO).unwrap_err();
    assert!(
        err.to_string().contains("the generator rejects it"),
        "{err}"
    );
}

#[test]
fn odd_but_valid_shapes_do_not_panic_in_the_spec_model() {
    // Wrong-typed sections are skipped rather than trusted. (The generator rejects this
    // document, so only the spec-level model is exercised.)
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
    let model = |text: &str| {
        let doc = load::parse_document(text).unwrap();
        model::Api::from_document(&doc).unwrap()
    };
    assert!(compare::compare(&model(odd), &model(odd)).is_empty());
    let changed = odd.replace("{type: integer}", "{type: boolean}");
    let changes = compare::compare(&model(odd), &model(&changed));
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert!(matches!(changes[0].kind, ChangeKind::Retyped { .. }));
}
