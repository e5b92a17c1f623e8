//! `pub mod operations`: every operation described as data (the runtime's
//! `catalogue::OperationInfo`), for calling one by name at run time (a command line, a proxy)
//! with the typed builders' own checks. Built from the same model and the same setter naming
//! as the builders ([`operation_impls`](super::operation_impls)): the names come from running
//! the builder's constructs, so a flag is always its setter's name in kebab case.
//!
//! [`catalogue_module`] emits the module from four constructs: [`operation_info`] per
//! operation, [`param_info`] per parameter or body field, [`value_rule`] per value type, and
//! [`body_info`] per request body.

use super::declared::{declared_body_setters, family_rule, family_setters};
use super::operation::{Members, Target, flat_body_setters, parameter_setters};
use crate::collect::{Collected, FieldInfo};
use crate::error::{Error, Result};
use crate::runtime_paths::{
    BODY_ENCODING, BODY_INFO, ENUM_RULE, LIST_INFO, LOCATION, OPERATION_INFO, PARAM_INFO, SID_RULE,
    STR_RULE, VALUE_RULE,
};
use crate::syntax::{doc_lines, generic_inner, last_ident, option_inner};
use heck::{ToKebabCase, ToSnakeCase};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;
use syn::Item;
use twilio_spec::fixups::Extras;
use twilio_spec::model::{Operation, ValueType};

/// The `operations` module: `ALL` (every operation, in spec order) and `find`.
pub fn catalogue_module(ops: &[Operation], c: &Collected, extras: &Extras) -> Result<Item> {
    let sids: BTreeSet<String> = extras.sids.iter().map(|s| s.name.clone()).collect();
    let infos = ops
        .iter()
        .map(|op| operation_info(&Target::new(op, c, extras, &sids)?))
        .collect::<Result<Vec<_>>>()?;
    let count = ops.len();
    let all_doc = format!("All {count} operations, in spec order.");
    Ok(syn::parse_quote! {
        /// Every operation described as data: its command name (`list-flex-flow`), method,
        /// path, description, parameters and body fields with their flags, the checks their
        /// typed setters make, and for lists the key of their items. What calling an
        /// operation by name reads.
        pub mod operations {
            #[doc = #all_doc]
            pub static ALL: &[#OPERATION_INFO] = &[#(#infos),*];

            /// The operation named `name`: its command name (`create-flex-flow`), operationId
            /// (`CreateFlexFlow`) or client method (`create_flex_flow`).
            pub fn find(name: &str) -> Option<&'static #OPERATION_INFO> {
                ALL.iter()
                    .find(|op| op.command == name || op.id == name || op.method_name == name)
            }
        }
    })
}

/// One body field as the typed builder sets it: wire name, setter, the Rust type its setter
/// takes, the spec's type and requiredness, its doc text.
struct BodyField<'a> {
    wire: &'a str,
    setter: String,
    rust: &'a syn::Type,
    ty: ValueType,
    required: bool,
    description: String,
}

/// One operation's `OperationInfo`: its names, parameters then body fields (each named by the
/// setter its builder has), body, list key and family rules.
pub(super) fn operation_info(t: &Target<'_>) -> Result<TokenStream> {
    // The builder's constructs name the setters (a body field is `body_`-prefixed where a
    // parameter has its name); their code is not used here.
    let mut m = Members::new();
    parameter_setters(t, &mut m)?;
    flat_body_setters(t, &mut m)?;
    family_setters(t, &mut m)?;
    declared_body_setters(t, &mut m)?;

    let op = t.op;
    let mut params = Vec::new();
    for p in &op.params {
        let field = t.fields.iter().find(|f| f.ident == p.rust_name);
        let rust = field
            .and_then(|f| generic_inner(&f.ty, "Result"))
            .ok_or_else(|| {
                Error::PostProcess(format!("{}: no field `{}`", t.builder, p.rust_name))
            })?;
        let location = match p.location.as_str() {
            "path" => quote! { #LOCATION::Path },
            "header" => quote! { #LOCATION::Header },
            _ => quote! { #LOCATION::Query },
        };
        params.push(param_info(
            &p.api_name,
            &p.rust_name,
            location,
            p.required,
            &described(
                p.description.as_deref().unwrap_or_default(),
                &p.ty,
                t.extras,
            ),
            value_rule(&p.ty, rust, p.uri, t.extras),
        ));
    }
    for f in body_fields(t, &m)? {
        let key = (op.operation_id.clone(), f.wire.to_string());
        let uri = t.extras.checks.uris.contains(&key);
        params.push(param_info(
            f.wire,
            &f.setter,
            quote! { #LOCATION::Body },
            f.required,
            &described(&f.description, &f.ty, t.extras),
            value_rule(&f.ty, f.rust, uri, t.extras),
        ));
    }
    let body = match &op.body {
        Some(_) => {
            let b = body_info(t);
            quote! { Some(#b) }
        }
        None => quote! { None },
    };
    let list = match &op.list {
        Some(l) => {
            let key = &l.items_field;
            quote! { Some(#LIST_INFO { key: #key }) }
        }
        None => quote! { None },
    };
    let families = t
        .extras
        .families
        .iter()
        .filter(|f| f.operations.contains(&op.operation_id))
        .map(family_rule);
    let (id, method, path, description) = (
        &op.operation_id,
        &op.method,
        &op.path,
        op.description.trim(),
    );
    let command = op.operation_id.to_kebab_case();
    let method_name = op.operation_id.to_snake_case();
    Ok(quote! {
        #OPERATION_INFO {
            id: #id,
            command: #command,
            method_name: #method_name,
            method: #method,
            path: #path,
            description: #description,
            params: &[#(#params),*],
            body: #body,
            list: #list,
            families: &[#(#families),*],
        }
    })
}

/// The body fields in the order the builder's setters take them: the body struct's fields
/// (a flat body), or a declared body's writable properties.
fn body_fields<'a>(t: &Target<'a>, m: &Members) -> Result<Vec<BodyField<'a>>> {
    let op = t.op;
    let Some(body) = &op.body else {
        return Ok(Vec::new());
    };
    let declared = t
        .extras
        .bodies
        .iter()
        .find(|b| b.operation == op.operation_id);
    // The struct whose fields the setters set: the declared schema, or the body's type.
    let (struct_fields, wires): (&'a [FieldInfo], Vec<&'a str>) = match declared {
        Some(used) => {
            let fields = t.collected.type_structs.get(&used.schema).ok_or_else(|| {
                Error::PostProcess(format!(
                    "declared body schema `{}` not generated",
                    used.schema
                ))
            })?;
            (fields, used.writable.iter().map(String::as_str).collect())
        }
        None if body.fields.is_empty() => return Ok(Vec::new()),
        None => {
            let body_ty = t
                .fields
                .iter()
                .find(|f| f.ident == "body")
                .and_then(|f| generic_inner(&f.ty, "Result"))
                .ok_or_else(|| Error::PostProcess(format!("{}: no `body` field", t.builder)))?;
            let name = last_ident(body_ty);
            let fields = t.collected.type_structs.get(&name).ok_or_else(|| {
                Error::PostProcess(format!("body type `{name}` of {} not found", t.builder))
            })?;
            (fields, fields.iter().map(|f| f.wire.as_str()).collect())
        }
    };
    let mut out = Vec::new();
    for wire in wires {
        let f = struct_fields
            .iter()
            .find(|f| f.wire == wire)
            .ok_or_else(|| Error::PostProcess(format!("{}: no field `{wire}`", t.builder)))?;
        let setter = m
            .body_setters
            .get(wire)
            .ok_or_else(|| Error::PostProcess(format!("{}: no setter for `{wire}`", t.builder)))?;
        let spec = body.fields.iter().find(|sf| sf.api_name == wire);
        out.push(BodyField {
            wire: &f.wire,
            setter: setter.to_string(),
            rust: &f.ty,
            ty: spec.map_or(ValueType::Any, |sf| sf.ty.clone()),
            required: spec.is_some_and(|sf| sf.required),
            description: doc_text(&f.docs),
        });
    }
    Ok(out)
}

/// One `ParamInfo`: names (the flag is the setter in kebab case), where it goes, whether it is
/// required, the spec's description, its rule.
pub(super) fn param_info(
    wire: &str,
    setter: &str,
    location: TokenStream,
    required: bool,
    description: &str,
    rule: TokenStream,
) -> TokenStream {
    let flag = setter.replace('_', "-");
    let description = description.trim();
    quote! {
        #PARAM_INFO {
            wire: #wire,
            setter: #setter,
            flag: #flag,
            location: #location,
            required: #required,
            description: #description,
            rule: #rule,
        }
    }
}

/// The `ValueRule` of a value: the spec's type and checks (SID prefix and label, enum values,
/// lengths, pattern, range), with what the typed setter's Rust type adds (`rust`: a
/// timestamp) and `uri` for `format: uri`.
pub(super) fn value_rule(
    ty: &ValueType,
    rust: &syn::Type,
    uri: bool,
    extras: &Extras,
) -> TokenStream {
    let rust = option_inner(rust).unwrap_or(rust);
    let opt = |v: Option<TokenStream>| v.map_or(quote! { None }, |v| quote! { Some(#v) });
    match ty {
        ValueType::Str(r) => {
            let sid = opt(r.sid_prefix.as_ref().map(|prefix| {
                let label = extras
                    .sids
                    .iter()
                    .find(|s| s.prefix == *prefix)
                    .map_or(prefix.as_str(), |s| s.label.as_str());
                quote! { #SID_RULE { prefix: #prefix, label: #label } }
            }));
            let values = opt(r.enum_values.as_ref().map(|values| {
                // The enum the setter takes, else the first with these values.
                let named = last_ident(rust);
                let name = extras
                    .enums
                    .iter()
                    .find(|e| e.name == named)
                    .or_else(|| extras.enums.iter().find(|e| e.values == *values))
                    .map_or(named.as_str(), |e| e.name.as_str());
                quote! { #ENUM_RULE { name: #name, values: &[#(#values),*] } }
            }));
            let min_len = opt(r.min_len.map(|n| {
                let n = n as u64;
                quote! { #n }
            }));
            let max_len = opt(r.max_len.map(|n| {
                let n = n as u64;
                quote! { #n }
            }));
            let pattern = opt(r.pattern.as_ref().map(|p| quote! { #p }));
            let date_time = last_ident(rust) == "DateTime";
            quote! {
                #VALUE_RULE::Str(#STR_RULE {
                    sid: #sid,
                    values: #values,
                    min_len: #min_len,
                    max_len: #max_len,
                    pattern: #pattern,
                    uri: #uri,
                    date_time: #date_time,
                })
            }
        }
        ValueType::Int { min, max } => {
            let (min, max) = (
                opt(min.map(|n| quote! { #n })),
                opt(max.map(|n| quote! { #n })),
            );
            quote! { #VALUE_RULE::Int { min: #min, max: #max } }
        }
        ValueType::Num { min, max } => {
            let (min, max) = (
                opt(min.map(|n| quote! { #n })),
                opt(max.map(|n| quote! { #n })),
            );
            quote! { #VALUE_RULE::Num { min: #min, max: #max } }
        }
        ValueType::Bool => quote! { #VALUE_RULE::Bool },
        ValueType::Array(item) => {
            let elem = generic_inner(rust, "Vec").unwrap_or(rust);
            let item = value_rule(item, elem, uri, extras);
            quote! { #VALUE_RULE::List(&#item) }
        }
        ValueType::Object => quote! { #VALUE_RULE::Object },
        ValueType::Any => quote! { #VALUE_RULE::Any },
    }
}

/// The `BodyInfo` of an operation with a body: its encoding, and for a declared body the
/// refusal of an empty one and the key filled from the account SID.
pub(super) fn body_info(t: &Target<'_>) -> TokenStream {
    let json =
        t.op.body
            .as_ref()
            .is_some_and(|b| b.content_type.contains("json"));
    let encoding = if json {
        quote! { #BODY_ENCODING::Json }
    } else {
        quote! { #BODY_ENCODING::Form }
    };
    let declared = t
        .extras
        .bodies
        .iter()
        .find(|b| b.operation == t.op.operation_id);
    let is_declared = declared.is_some();
    let account = match declared.and_then(|d| d.account_sid_key.as_ref()) {
        Some(key) => quote! { Some(#key) },
        None => quote! { None },
    };
    quote! {
        #BODY_INFO {
            encoding: #encoding,
            declared: #is_declared,
            account_sid_key: #account,
        }
    }
}

/// A value's description, else its enum's (Twilio describes an enum field on the enum).
fn described(description: &str, ty: &ValueType, extras: &Extras) -> String {
    if !description.trim().is_empty() {
        return description.trim().to_string();
    }
    let values = match ty {
        ValueType::Str(r) => r.enum_values.as_ref(),
        ValueType::Array(item) => match item.as_ref() {
            ValueType::Str(r) => r.enum_values.as_ref(),
            _ => None,
        },
        _ => None,
    };
    values
        .and_then(|v| extras.enums.iter().find(|e| e.values == *v))
        .and_then(|e| e.description.clone())
        .unwrap_or_default()
}

/// The text of `#[doc]` attributes, lines joined with spaces.
fn doc_text(attrs: &[syn::Attribute]) -> String {
    doc_lines(attrs).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::tests::{collected, field, operation, param};
    use twilio_spec::model::{Body, Field, StrRule};

    fn text(t: TokenStream) -> String {
        t.to_string()
    }

    #[test]
    fn value_rules_carry_sids_enums_ranges_lists_and_timestamps() {
        let mut extras = Extras::default();
        extras.sids.push(twilio_spec::fixups::SidType {
            name: "FlexFlowSid".into(),
            prefix: "FO".into(),
            label: "Flex Flow".into(),
        });
        let sid = ValueType::Str(StrRule {
            sid_prefix: Some("FO".into()),
            min_len: Some(34),
            max_len: Some(34),
            ..StrRule::default()
        });
        let ty = |s: &str| syn::parse_str::<syn::Type>(s).unwrap();
        let s = text(value_rule(
            &sid,
            &ty("Option<types::FlexFlowSid>"),
            false,
            &extras,
        ));
        assert!(
            s.contains("sid : Some (:: twilio_runtime :: __generated :: catalogue :: SidRule { prefix : \"FO\" , label : \"Flex Flow\" })"),
            "{s}"
        );
        assert!(s.contains("min_len : Some (34u64)"), "{s}");
        let e = ValueType::Str(StrRule {
            enum_values: Some(vec!["web".into(), "sms".into()]),
            ..StrRule::default()
        });
        let s = text(value_rule(
            &e,
            &ty("types::WidgetChannelType"),
            false,
            &extras,
        ));
        assert!(
            s.contains("name : \"WidgetChannelType\" , values : & [\"web\" , \"sms\"]"),
            "{s}"
        );
        let range = ValueType::Int {
            min: Some(1),
            max: Some(1000),
        };
        let s = text(value_rule(&range, &ty("i64"), false, &extras));
        assert!(
            s.ends_with("Int { min : Some (1i64) , max : Some (1000i64) }"),
            "{s}"
        );
        let list = ValueType::Array(Box::new(ValueType::Str(StrRule::default())));
        let s = text(value_rule(
            &list,
            &ty("Option<Vec<chrono::DateTime<chrono::offset::Utc>>>"),
            true,
            &extras,
        ));
        assert!(s.contains("ValueRule :: List (& :: twilio_runtime"), "{s}");
        assert!(s.contains("uri : true , date_time : true"), "{s}");
    }

    #[test]
    fn an_operation_is_named_by_command_and_method_with_flags_from_its_setters() {
        let mut op = operation("CreateWidget", "POST", "/v1/Widgets");
        op.description = "Creates a widget.".into();
        let mut sid = param("Sid", "sid", "query");
        sid.required = true;
        sid.description = Some("The widget.".into());
        op.params.push(sid);
        op.body = Some(Body {
            content_type: "application/x-www-form-urlencoded".into(),
            fields: vec![
                Field {
                    api_name: "FriendlyName".into(),
                    required: true,
                    ty: ValueType::Str(StrRule::default()),
                },
                Field {
                    api_name: "Sid".into(),
                    required: false,
                    ty: ValueType::Str(StrRule::default()),
                },
            ],
        });
        let c = collected(
            &[(
                "CreateWidgetRequest",
                vec![
                    field("friendly_name", "String", "FriendlyName"),
                    field("sid", "Option<String>", "Sid"),
                ],
            )],
            &[(
                "CreateWidget",
                vec![
                    field("client", "&'a Client", "client"),
                    field("sid", "Result<Option<String>, String>", "sid"),
                    field(
                        "body",
                        "Result<types::builder::CreateWidgetRequest, String>",
                        "body",
                    ),
                ],
            )],
        );
        let extras = Extras::default();
        let sids = BTreeSet::new();
        let t = Target::new(&op, &c, &extras, &sids).unwrap();
        let s = text(operation_info(&t).unwrap());
        assert!(
            s.contains("id : \"CreateWidget\" , command : \"create-widget\" , method_name : \"create_widget\" , method : \"POST\" , path : \"/v1/Widgets\" , description : \"Creates a widget.\""),
            "{s}"
        );
        assert!(
            s.contains("wire : \"Sid\" , setter : \"sid\" , flag : \"sid\" , location : :: twilio_runtime :: __generated :: catalogue :: Location :: Query , required : true , description : \"The widget.\""),
            "{s}"
        );
        assert!(
            s.contains("wire : \"FriendlyName\" , setter : \"friendly_name\" , flag : \"friendly-name\" , location : :: twilio_runtime :: __generated :: catalogue :: Location :: Body , required : true"),
            "{s}"
        );
        // The body's `Sid` has the builder's `body_sid` setter, so its flag is `body-sid`.
        assert!(
            s.contains("wire : \"Sid\" , setter : \"body_sid\" , flag : \"body-sid\""),
            "{s}"
        );
        assert!(s.contains("BodyEncoding :: Form , declared : false"), "{s}");
        assert!(s.contains("list : None"), "{s}");
    }
}
