//! What the product's declarations add to an operation builder: the family setters
//! (`.integration(options::Integration)`) with their cross-field rules, and a declared JSON
//! body's typed setters with `.property(name, json)`.

use super::operation::{Members, Target};
use super::setter::{Checks, field_doc, setter};
use crate::error::{Error, Result};
use crate::runtime_paths::{ERROR, FAMILY_RULE, INVALID, KIND_RULE, RESULT};
use crate::syntax::{generic_inner, last_ident, option_inner, qualify};
use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};
use twilio_spec::fixups::{BodyUse, Extras, FamilyUse};
use twilio_spec::names::member_name;
use twilio_spec::product::Family;

/// The declared families (`Integration.*`) this operation has: a setter each, taking the
/// family's option builder. Returns their rules, for the operation's `OPERATION` const.
pub(super) fn family_setters(t: &Target<'_>, m: &mut Members) -> Result<Vec<TokenStream>> {
    let mut rules = Vec::new();
    for used in t
        .extras
        .families
        .iter()
        .filter(|f| f.operations.contains(&t.op.operation_id))
    {
        m.methods
            .push(family_setter(used, &m.body_setters, &t.op.operation_id)?);
        rules.push(family_rule(used));
    }
    Ok(rules)
}

/// `.integration(options::Integration)`: sets the kind field and the family's fields through
/// the operation's own setters (so each is checked as when set one by one). A field the
/// option builder holds that this operation doesn't have makes the body an error.
fn family_setter(
    used: &FamilyUse,
    body_setters: &BTreeMap<String, syn::Ident>,
    op_id: &str,
) -> Result<TokenStream> {
    let family = &used.family;
    let kind_setter = body_setters.get(&family.kind_field).ok_or_else(|| {
        Error::PostProcess(format!("{op_id}: no setter for `{}`", family.kind_field))
    })?;
    let name = format_ident!("{}", member_name(&family.prefix));
    let ty = format_ident!("{}", family.prefix.to_upper_camel_case());
    let mut apply = Vec::new();
    for wire in &used.members {
        let field = family_field(family, wire);
        apply.push(match body_setters.get(wire) {
            Some(setter) => quote! {
                if let Some(v) = options.#field {
                    self = self.#setter(v);
                }
            },
            None => {
                let message = format!("`{wire}`: {op_id} doesn't take this field");
                quote! {
                    if options.#field.is_some() {
                        self.body = Err(#message.to_string());
                    }
                }
            }
        });
    }
    let doc = format!(
        "Sets `{}` and the `{}.*` fields from an [`options::{ty}`](crate::options::{ty}): {}",
        family.kind_field, family.prefix, family.doc
    );
    Ok(quote! {
        #[doc = #doc]
        pub fn #name(mut self, options: crate::options::#ty) -> Self {
            self = self.#kind_setter(options.kind.as_str());
            #(#apply)*
            self
        }
    })
}

/// The option builder's field for a family member: `Integration.FlowSid` → `flow_sid`.
pub(super) fn family_field(family: &Family, wire: &str) -> syn::Ident {
    let suffix = wire
        .strip_prefix(&format!("{}.", family.prefix))
        .unwrap_or(wire);
    format_ident!("{}", member_name(suffix))
}

/// The runtime's cross-field rule of a family (`FamilyRule`, one `KindRule` per kind).
pub(super) fn family_rule(used: &FamilyUse) -> TokenStream {
    let family = &used.family;
    let kind_field = &family.kind_field;
    let label = format!("{}s", family.prefix.to_lowercase());
    let kinds = family.kinds.iter().map(|k| {
        let value = &k.value;
        let required: Vec<String> = k.required.iter().map(|f| family.wire(f)).collect();
        let allowed: Vec<String> = k
            .required
            .iter()
            .chain(&k.optional)
            .map(|f| family.wire(f))
            .collect();
        quote! {
            #KIND_RULE {
                value: #value,
                required: &[#(#required),*],
                allowed: &[#(#allowed),*],
            }
        }
    });
    let members = &used.members;
    quote! {
        #FAMILY_RULE {
            kind_field: #kind_field,
            label: #label,
            members: &[#(#members),*],
            kinds: &[#(#kinds),*],
        }
    }
}

/// A declared JSON body (the writable part of a schema): a setter per writable property,
/// each setting that key of the body, and `.property(name, json)`. Returns what `send` runs
/// first: nothing set is refused (a mistake, not an update), and the account SID is filled
/// in when the declaration says so. Empty when the operation has no declared body.
pub(super) fn declared_body_setters(t: &Target<'_>, m: &mut Members) -> Result<TokenStream> {
    let Some(used) = t
        .extras
        .bodies
        .iter()
        .find(|b| b.operation == t.op.operation_id)
    else {
        return Ok(quote! {});
    };
    let schema_fields = t.collected.type_structs.get(&used.schema).ok_or_else(|| {
        Error::PostProcess(format!(
            "declared body schema `{}` not generated",
            used.schema
        ))
    })?;
    // `.property(name, json)` below: a property's setter must not take its name.
    m.take("property");
    // (wire name, setter, the type a JSON value decodes to before the setter checks it).
    let mut by_name: Vec<(String, syn::Ident, syn::Type)> = Vec::new();
    for wire in &used.writable {
        let f = schema_fields
            .iter()
            .find(|f| f.wire == *wire)
            .ok_or_else(|| {
                Error::PostProcess(format!("`{}` has no field `{wire}`", used.schema))
            })?;
        let name = m.body_setter_name(&f.ident.to_string());
        m.wire_fields.push((name.to_string(), wire.clone()));
        m.body_setters.insert(wire.clone(), name.clone());
        let ty = qualify(&f.ty, &t.collected.type_names);
        by_name.push((
            wire.clone(),
            name.clone(),
            json_decoded(&ty, t.sids, t.extras),
        ));
        m.methods.push(setter(
            &name,
            &ty,
            wire,
            &field_doc(&f.docs, wire, Some(false)),
            &Checks::default(),
            t.sids,
            |value| {
                quote! {
                    let value = #value.and_then(|v| {
                        serde_json::to_value(v).map_err(|e| #INVALID(#wire, e))
                    });
                    self.body = self.body.and_then(|mut m| value.map(|v| {
                        m.insert(#wire.to_string(), v);
                        m
                    }));
                }
            },
        ));
    }
    m.methods
        .push(property_setter(used, &by_name, &t.op.operation_id));
    let fill = used.account_sid_key.as_ref().map(|key| {
        quote! {
            let account = self.client.inner.account_sid().to_string();
            m.entry(#key).or_insert(serde_json::Value::String(account));
        }
    });
    Ok(quote! {
        self.body = self.body.and_then(|mut m| {
            if m.is_empty() {
                return Err(#INVALID(
                    "body",
                    "nothing to update: set a property, or give `.body(map)`",
                ));
            }
            #fill
            Ok(m)
        });
    })
}

/// The type a declared body's property decodes from JSON before its setter takes it: SIDs and
/// enums as text (so the setter checks them as caller input, strictly), other types as they
/// are; `Option` dropped (JSON `null` is handled before decoding).
fn json_decoded(ty: &syn::Type, sids: &BTreeSet<String>, extras: &Extras) -> syn::Type {
    let ty = option_inner(ty).unwrap_or(ty);
    let text = |t: &syn::Type| {
        let name = last_ident(t);
        sids.contains(&name) || extras.enums.iter().any(|e| e.name == name)
    };
    match generic_inner(ty, "Vec") {
        Some(elem) if text(elem) => syn::parse_quote!(::std::vec::Vec<::std::string::String>),
        Some(_) => ty.clone(),
        None if text(ty) => syn::parse_quote!(::std::string::String),
        None => ty.clone(),
    }
}

/// `.property(name, json)` of a declared body: sets a writable property by its wire name from
/// JSON through its typed setter, and reports a problem at once, so a caller holding untyped
/// JSON (a configuration file) gets the typed setters' checks before anything is sent.
fn property_setter(
    used: &BodyUse,
    by_name: &[(String, syn::Ident, syn::Type)],
    op_id: &str,
) -> TokenStream {
    let schema = &used.schema;
    let arms = by_name.iter().map(|(wire, setter, decoded)| {
        quote! {
            #wire => match ::serde_json::from_value::<#decoded>(value) {
                Ok(v) => self.#setter(v),
                Err(e) => {
                    return Err(#ERROR::invalid_request(#op_id, #wire, e.to_string()));
                }
            },
        }
    });
    let read_only = &used.read_only;
    let read_only_list = if read_only.is_empty() {
        "none".to_string()
    } else {
        read_only
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let doc = format!(
        "Sets the writable property `name` of `{schema}` (its wire name) from JSON, as its typed \
         setter would: the value is decoded into the property's type and checked like caller \
         input (SIDs strictly); `null` sends `null`.\n\n\
         Unlike the typed setters, a problem is an error at once, before anything is sent: \
         [`Error::InvalidRequest`]({}::InvalidRequest) naming the \
         property, for a value of the wrong type, a read-only property ({read_only_list}: \
         Twilio sets them), or a name `{schema}` doesn't have.",
        ERROR.path_str()
    );
    let not_ours = format!("not a property of `{schema}`");
    let writable = by_name.iter().map(|(wire, ..)| wire);
    quote! {
        #[doc = #doc]
        pub fn property(
            mut self,
            name: &str,
            value: ::serde_json::Value,
        ) -> #RESULT<Self> {
            const WRITABLE: &[&str] = &[#(#writable),*];
            const READ_ONLY: &[&str] = &[#(#read_only),*];
            let invalid = |message: &str| #ERROR::invalid_request(#op_id, name, message);
            if READ_ONLY.contains(&name) {
                return Err(invalid("read-only: Twilio sets it"));
            }
            if !WRITABLE.contains(&name) {
                return Err(invalid(#not_ours));
            }
            if value.is_null() {
                self.body = self.body.map(|mut m| {
                    m.insert(name.to_string(), ::serde_json::Value::Null);
                    m
                });
            } else {
                self = match name {
                    #(#arms)*
                    _ => return Err(invalid(#not_ours)),
                };
            }
            // The typed setter's own checks (a SID's prefix, a pattern), now rather than at `send`.
            match &self.body {
                Ok(_) => Ok(self),
                Err(message) => {
                    let (field, reason) = message
                        .strip_prefix('`')
                        .and_then(|rest| rest.split_once("`: "))
                        .unwrap_or((name, message.as_str()));
                    Err(#ERROR::invalid_request(#op_id, field, reason))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::tests::{collected, field, operation};
    use twilio_spec::fixups::SidType;

    fn integration() -> FamilyUse {
        FamilyUse {
            family: Family::new("Integration", "IntegrationType", "how messages go on.")
                .kind("studio", &["FlowSid"], &["RetryCount"], "to a flow.")
                .kind("external", &["Url"], &[], "to a webhook."),
            operations: vec!["CreateWidget".into()],
            members: vec![
                "Integration.FlowSid".into(),
                "Integration.Url".into(),
                "Integration.RetryCount".into(),
            ],
            kinds: vec!["studio".into(), "external".into()],
        }
    }

    #[test]
    fn a_family_setter_goes_through_the_operations_own_setters() {
        let op = operation("CreateWidget", "POST", "/v1/Widgets");
        let c = collected(&[], &[("CreateWidget", vec![])]);
        let extras = Extras {
            families: vec![integration()],
            ..Default::default()
        };
        let sids = BTreeSet::new();
        let t = Target::new(&op, &c, &extras, &sids).unwrap();
        let mut m = Members::new();
        for (wire, setter) in [
            ("IntegrationType", "integration_type"),
            ("Integration.FlowSid", "integration_flow_sid"),
            ("Integration.RetryCount", "integration_retry_count"),
        ] {
            m.body_setters
                .insert(wire.into(), format_ident!("{}", setter));
        }
        let rules = family_setters(&t, &mut m).unwrap();
        let setter = m.methods[0].to_string();
        assert!(
            setter.contains(
                "pub fn integration (mut self , options : crate :: options :: Integration) -> Self"
            ),
            "{setter}"
        );
        assert!(
            setter.contains("self = self . integration_type (options . kind . as_str ()) ;"),
            "{setter}"
        );
        assert!(
            setter.contains(
                "if let Some (v) = options . flow_sid { self = self . integration_flow_sid (v) ; }"
            ),
            "{setter}"
        );
        // `Integration.Url` has no setter on this operation: setting it is an error in the body.
        assert!(setter.contains("if options . url . is_some () { self . body = Err (\"`Integration.Url`: CreateWidget doesn't take this field\" . to_string ()) ; }"), "{setter}");
        let rule = rules[0].to_string();
        assert!(rule.starts_with(":: twilio_runtime :: __generated :: FamilyRule { kind_field : \"IntegrationType\" , label : \"integrations\""), "{rule}");
        assert!(rule.contains("KindRule { value : \"studio\" , required : & [\"Integration.FlowSid\"] , allowed : & [\"Integration.FlowSid\" , \"Integration.RetryCount\"] , }"), "{rule}");
        // Without a setter for the kind field, the family can't be set: an error.
        let mut bare = Members::new();
        let err = family_setters(&t, &mut bare).unwrap_err().to_string();
        assert!(err.contains("no setter for `IntegrationType`"), "{err}");
    }

    fn settings_body() -> BodyUse {
        BodyUse {
            operation: "UpdateSettings".into(),
            schema: "Settings".into(),
            writable: vec![
                "chat_service_sid".into(),
                "property".into(),
                "ui_attributes".into(),
            ],
            read_only: vec!["account_sid".into()],
            account_sid_key: Some("account_sid".into()),
        }
    }

    #[test]
    fn a_declared_body_gets_typed_setters_property_and_the_account_fill() {
        let op = operation("UpdateSettings", "POST", "/v1/Settings");
        let c = collected(
            &[(
                "Settings",
                vec![
                    field("account_sid", "Option<AccountSid>", "account_sid"),
                    field(
                        "chat_service_sid",
                        "Option<ChatServiceSid>",
                        "chat_service_sid",
                    ),
                    field("property", "Option<String>", "property"),
                    field(
                        "ui_attributes",
                        "Option<::serde_json::Value>",
                        "ui_attributes",
                    ),
                ],
            )],
            &[("UpdateSettings", vec![])],
        );
        let extras = Extras {
            bodies: vec![settings_body()],
            sids: vec![SidType {
                name: "ChatServiceSid".into(),
                prefix: "IS".into(),
                label: "Chat Service".into(),
            }],
            ..Default::default()
        };
        let sids = BTreeSet::from(["ChatServiceSid".to_string()]);
        let t = Target::new(&op, &c, &extras, &sids).unwrap();
        let mut m = Members::new();
        let fill = declared_body_setters(&t, &mut m).unwrap().to_string();
        let names: Vec<String> = m
            .methods
            .iter()
            .filter_map(|s| {
                let s = s.to_string();
                let rest = s.split("pub fn ").nth(1)?;
                Some(rest.split([' ', '<', '(']).next()?.to_string())
            })
            .collect();
        // The property named `property` gives way to `.property(name, json)`.
        assert_eq!(
            names,
            [
                "chat_service_sid",
                "body_property",
                "ui_attributes",
                "property"
            ]
        );
        let sid_setter = m.methods[0].to_string();
        assert!(
            sid_setter.contains("IntoSid < ChatServiceSid >"),
            "{sid_setter}"
        );
        assert!(
            sid_setter.contains("m . insert (\"chat_service_sid\" . to_string () , v) ;"),
            "{sid_setter}"
        );
        let property = m.methods[3].to_string();
        assert!(property.contains("const WRITABLE : & [& str] = & [\"chat_service_sid\" , \"property\" , \"ui_attributes\"] ;"), "{property}");
        assert!(
            property.contains("const READ_ONLY : & [& str] = & [\"account_sid\"] ;"),
            "{property}"
        );
        // A SID decodes from JSON as text, then goes through its setter's checks.
        assert!(property.contains("\"chat_service_sid\" => match :: serde_json :: from_value :: < :: std :: string :: String > (value)"), "{property}");
        assert!(property.contains("\"ui_attributes\" => match :: serde_json :: from_value :: < :: serde_json :: Value > (value)"), "{property}");
        assert!(
            fill.contains("\"nothing to update: set a property, or give `.body(map)`\""),
            "{fill}"
        );
        assert!(
            fill.contains(
                "m . entry (\"account_sid\") . or_insert (serde_json :: Value :: String (account))"
            ),
            "{fill}"
        );
        assert_eq!(m.wire_fields.len(), 3);
    }

    #[test]
    fn an_operation_without_a_declared_body_gets_nothing_from_it() {
        let op = operation("UpdateWidget", "POST", "/v1/Widgets/{Sid}");
        let c = collected(&[], &[("UpdateWidget", vec![])]);
        let extras = Extras {
            bodies: vec![settings_body()],
            ..Default::default()
        };
        let sids = BTreeSet::new();
        let t = Target::new(&op, &c, &extras, &sids).unwrap();
        let mut m = Members::new();
        assert!(declared_body_setters(&t, &mut m).unwrap().is_empty());
        assert!(m.methods.is_empty());
    }
}
