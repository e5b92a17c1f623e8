//! `pub mod options`: an option builder per declared family (`options::Integration`), set as
//! a whole on the operations that have the family. Per family: [`option_struct`],
//! [`kind_enum`], [`constructors`] (one per kind) and [`option_setters`] (one per field).

use super::declared::family_field;
use super::setter::field_doc;
use crate::collect::Collected;
use crate::error::{Error, Result};
use crate::syntax::{last_ident, option_inner, qualify};
use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;
use syn::Item;
use twilio_spec::fixups::{Extras, FamilyUse};
use twilio_spec::names::{member_name, variant_name};
use twilio_spec::product::Family;

/// One field of an option builder.
pub(super) struct OptionField {
    /// The member's wire name: `Integration.FlowSid`.
    pub wire: String,
    /// The builder's field and setter: `flow_sid`.
    pub ident: syn::Ident,
    /// What it stores: the body field's type, SIDs as text.
    pub ty: syn::Type,
    /// The body field's docs.
    pub docs: Vec<syn::Attribute>,
}

/// `pub mod options`: an option builder per declared family, with its kind enum.
pub fn options_module(extras: &Extras, c: &Collected) -> Result<Item> {
    let sids: BTreeSet<String> = extras.sids.iter().map(|s| s.name.clone()).collect();
    let mut items = Vec::new();
    for used in &extras.families {
        let family = &used.family;
        let ty = format_ident!("{}", family.prefix.to_upper_camel_case());
        let kind_ty = format_ident!("{}Kind", family.prefix.to_upper_camel_case());
        let fields = option_fields(used, c, &sids)?;
        let option_struct = option_struct(family, &ty, &kind_ty, &fields);
        let kind_enum = kind_enum(used, &kind_ty);
        let constructors = constructors(family, &kind_ty, &fields);
        let setters = option_setters(&fields);
        let field_idents = fields.iter().map(|f| &f.ident);
        let views = response_views(used, c, &ty, &kind_ty, &fields);
        items.push(quote! {
            #option_struct

            #(#views)*

            #kind_enum

            impl #ty {
                #(#constructors)*

                /// A kind with no fields set yet (the constructors above set what each kind
                /// requires).
                pub fn of(kind: #kind_ty) -> Self {
                    #ty {
                        kind,
                        #(#field_idents: None,)*
                    }
                }

                /// The kind.
                pub fn kind(&self) -> #kind_ty {
                    self.kind
                }

                #(#setters)*
            }
        });
    }
    Ok(syn::parse_quote! {
        /// Option builders for families of dotted body fields, as the product declares them
        /// (generated from the spec: the fields, their types and the kinds).
        pub mod options {
            #[allow(unused_imports)]
            use super::types;
            #(#items)*
        }
    })
}

/// The family's fields, each with the type of the first body field of that wire name. A field
/// named like one of the builder's own methods (`of`, `kind`) is an error.
pub(super) fn option_fields(
    used: &FamilyUse,
    c: &Collected,
    sids: &BTreeSet<String>,
) -> Result<Vec<OptionField>> {
    let family = &used.family;
    let mut fields = Vec::new();
    for wire in &used.members {
        let info = c
            .type_structs
            .values()
            .flatten()
            .find(|f| f.wire == *wire)
            .ok_or_else(|| Error::PostProcess(format!("no body field `{wire}`")))?;
        let inner = option_inner(&info.ty).unwrap_or(&info.ty).clone();
        // SIDs are kept as text and checked when applied, as the client says.
        let ty: syn::Type = if sids.contains(&last_ident(&inner)) {
            syn::parse_quote!(String)
        } else {
            qualify(&inner, &c.type_names)
        };
        fields.push(OptionField {
            wire: wire.clone(),
            ident: family_field(family, wire),
            ty,
            docs: info.docs.clone(),
        });
    }
    for reserved in ["of", "kind"] {
        if fields.iter().any(|f| f.ident == reserved) {
            return Err(Error::unsupported(
                format!("declared family `{}.*`", family.prefix),
                format!("a field named `{reserved}` clashes with the option builder's method"),
            ));
        }
    }
    Ok(fields)
}

/// The option builder: the kind and an optional value per field.
pub(super) fn option_struct(
    family: &Family,
    ty: &syn::Ident,
    kind_ty: &syn::Ident,
    fields: &[OptionField],
) -> TokenStream {
    let doc = format!(
        "The `{}.*` fields and `{}`, set together: {} Built by kind (one constructor per \
         kind, taking what it requires); the rules of each kind are checked before \
         sending, however the fields were set.",
        family.prefix, family.kind_field, family.doc
    );
    let field_idents = fields.iter().map(|f| &f.ident);
    let field_types = fields.iter().map(|f| &f.ty);
    let field_docs = fields
        .iter()
        .map(|f| field_doc(&f.docs, &f.wire, None).replace("Sets body field", "Body field"));
    let kind_doc = format!("`{}`.", family.kind_field);
    // Public, to read: what a request will set, or what a response's typed view holds.
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub struct #ty {
            #[doc = #kind_doc]
            pub kind: #kind_ty,
            #(#[doc = #field_docs] pub #field_idents: Option<#field_types>,)*
        }
    }
}

/// The kind enum: the kind field's values over the operations that have the family, and
/// their wire text.
pub(super) fn kind_enum(used: &FamilyUse, kind_ty: &syn::Ident) -> TokenStream {
    let variants: Vec<(syn::Ident, &String)> = used
        .kinds
        .iter()
        .map(|k| (format_ident!("{}", variant_name(k)), k))
        .collect();
    let variant_idents = variants.iter().map(|(v, _)| v);
    let variant_idents2 = variants.iter().map(|(v, _)| v);
    let variant_idents3 = variants.iter().map(|(v, _)| v);
    let variant_values = variants.iter().map(|(_, k)| k);
    let kind_docs = variants.iter().map(|(_, k)| format!("`{k}`"));
    let kind_doc = format!("The values of `{}`.", used.family.kind_field);
    quote! {
        #[doc = #kind_doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #kind_ty {
            #(#[doc = #kind_docs] #variant_idents,)*
        }

        impl #kind_ty {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(#kind_ty::#variant_idents2 => #variant_values,)*
                }
            }

            /// The kind a wire value names; `None` for one this release doesn't know.
            pub fn from_wire(value: &str) -> Option<Self> {
                [#(#kind_ty::#variant_idents3),*]
                    .into_iter()
                    .find(|k| k.as_str() == value)
            }
        }
    }
}

/// One constructor per declared kind (`Integration::studio(flow_sid)`), taking the fields the
/// kind requires.
pub(super) fn constructors(
    family: &Family,
    kind_ty: &syn::Ident,
    fields: &[OptionField],
) -> Vec<TokenStream> {
    family
        .kinds
        .iter()
        .map(|kind| {
            let ctor = format_ident!("{}", member_name(&kind.value));
            let variant = format_ident!("{}", variant_name(&kind.value));
            let args: Vec<(&syn::Ident, &syn::Type)> = kind
                .required
                .iter()
                .filter_map(|f| {
                    let wire = family.wire(f);
                    fields
                        .iter()
                        .find(|o| o.wire == wire)
                        .map(|o| (&o.ident, &o.ty))
                })
                .collect();
            let params = args.iter().map(|(i, t)| quote! { #i: impl Into<#t> });
            let sets = args
                .iter()
                .map(|(i, _)| quote! { options.#i = Some(#i.into()); });
            let takes = if kind.optional.is_empty() {
                String::new()
            } else {
                format!(
                    " Also takes {}.",
                    kind.optional
                        .iter()
                        .map(|f| format!("`{}`", family.wire(f)))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let doc = format!(
                "`{}` `{}`: {} Requires {}.{takes}",
                family.kind_field,
                kind.value,
                kind.doc,
                kind.required
                    .iter()
                    .map(|f| format!("`{}`", family.wire(f)))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            quote! {
                #[doc = #doc]
                pub fn #ctor(#(#params),*) -> Self {
                    let mut options = Self::of(#kind_ty::#variant);
                    #(#sets)*
                    options
                }
            }
        })
        .collect()
}

/// The typed view of the family on each response of its operations that has it: a field
/// named as the family (`integration`, any JSON) and one as its kind field
/// (`integration_type`). `flow.integration()` reads them leniently: `None` without a kind
/// this release knows, and a member that is missing or of another type is `None`; keys the
/// family doesn't have are ignored.
pub(super) fn response_views(
    used: &FamilyUse,
    c: &Collected,
    ty: &syn::Ident,
    kind_ty: &syn::Ident,
    fields: &[OptionField],
) -> Vec<TokenStream> {
    let family = &used.family;
    let (value_key, kind_key) = (member_name(&family.prefix), member_name(&family.kind_field));
    let responses: BTreeSet<String> = used
        .operations
        .iter()
        .filter_map(|op| c.send_types.get(&op.to_upper_camel_case()))
        .map(last_ident)
        .filter(|name| {
            c.type_structs.get(name).is_some_and(|fs| {
                fs.iter().any(|f| f.wire == value_key) && fs.iter().any(|f| f.wire == kind_key)
            })
        })
        .collect();
    let method = format_ident!("{}", value_key);
    let reads = fields.iter().map(|f| {
        let (ident, ty) = (&f.ident, &f.ty);
        let key = ident.to_string();
        quote! {
            #ident: value
                .get(#key)
                .and_then(|v| ::serde_json::from_value::<#ty>(v.clone()).ok()),
        }
    });
    let reads: Vec<TokenStream> = reads.collect();
    responses
        .iter()
        .map(|name| {
            let response = format_ident!("{}", name);
            let struct_fields = &c.type_structs[name];
            let field_of = |wire: &str| {
                struct_fields
                    .iter()
                    .find(|f| f.wire == wire)
                    .map(|f| f.ident.clone())
            };
            let (value_field, kind_field) = (field_of(&value_key), field_of(&kind_key));
            let doc = format!(
                "`{value_key}` as an [`{ty}`](crate::options::{ty}): its kind (from                  `{kind_key}`) and fields, decoded leniently: `None` when there is no                  `{kind_key}` or it is one this release doesn't know; a field that is                  missing or of another type is `None`, and keys of no field are ignored."
            );
            quote! {
                impl crate::types::#response {
                    #[doc = #doc]
                    pub fn #method(&self) -> Option<#ty> {
                        let kind = match ::serde_json::to_value(&self.#kind_field).ok()? {
                            ::serde_json::Value::String(s) => #kind_ty::from_wire(&s)?,
                            _ => return None,
                        };
                        let value = ::serde_json::to_value(&self.#value_field)
                            .unwrap_or_default();
                        Some(#ty {
                            kind,
                            #(#reads)*
                        })
                    }
                }
            }
        })
        .collect()
}

/// A setter per field of the option builder.
pub(super) fn option_setters(fields: &[OptionField]) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|f| {
            let doc = field_doc(&f.docs, &f.wire, None);
            let (ident, ty) = (&f.ident, &f.ty);
            quote! {
                #[doc = #doc]
                pub fn #ident(mut self, value: impl Into<#ty>) -> Self {
                    self.#ident = Some(value.into());
                    self
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::tests::{collected, field};

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

    fn body() -> Collected {
        collected(
            &[(
                "CreateWidgetRequest",
                vec![
                    field(
                        "integration_flow_sid",
                        "Option<FlowSid>",
                        "Integration.FlowSid",
                    ),
                    field("integration_url", "Option<String>", "Integration.Url"),
                    field(
                        "integration_retry_count",
                        "Option<i64>",
                        "Integration.RetryCount",
                    ),
                ],
            )],
            &[],
        )
    }

    fn sids() -> BTreeSet<String> {
        BTreeSet::from(["FlowSid".to_string()])
    }

    #[test]
    fn fields_take_the_body_fields_types_with_sids_as_text() {
        let fields = option_fields(&integration(), &body(), &sids()).unwrap();
        let shown: Vec<(String, String)> = fields
            .iter()
            .map(|f| {
                (
                    f.ident.to_string(),
                    quote::ToTokens::to_token_stream(&f.ty).to_string(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("flow_sid".into(), "String".into()),
                ("url".into(), "String".into()),
                ("retry_count".into(), "i64".into()),
            ]
        );
        // A member named like the builder's own `kind()`: refused.
        let mut clash = integration();
        clash.members.push("Integration.Kind".into());
        let mut c = body();
        c.type_structs
            .get_mut("CreateWidgetRequest")
            .unwrap()
            .push(field(
                "integration_kind",
                "Option<String>",
                "Integration.Kind",
            ));
        let err = option_fields(&clash, &c, &sids())
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("a field named `kind` clashes"), "{err}");
    }

    #[test]
    fn the_struct_holds_the_kind_and_each_field() {
        let used = integration();
        let fields = option_fields(&used, &body(), &sids()).unwrap();
        let s = option_struct(
            &used.family,
            &format_ident!("Integration"),
            &format_ident!("IntegrationKind"),
            &fields,
        )
        .to_string();
        // Public fields, to read what is set (or what a response's view holds).
        assert!(s.contains("pub struct Integration { # [doc = \"`IntegrationType`.\"] pub kind : IntegrationKind , # [doc = \"Body field `Integration.FlowSid`.\"] pub flow_sid : Option < String > ,"), "{s}");
        assert!(s.contains("pub retry_count : Option < i64 > , }"), "{s}");
        assert!(s.contains("how messages go on."), "{s}");
    }

    #[test]
    fn responses_with_the_family_and_its_kind_get_a_typed_view() {
        let used = integration();
        let mut c = body();
        c.type_structs.insert(
            "Widget".into(),
            vec![
                field("integration", "Option<serde_json::Value>", "integration"),
                field(
                    "integration_type",
                    "Option<WidgetIntegrationType>",
                    "integration_type",
                ),
            ],
        );
        c.type_structs.insert("Other".into(), vec![]);
        c.send_types.insert(
            "CreateWidget".into(),
            syn::parse_str("types::Widget").unwrap(),
        );
        let fields = option_fields(&used, &body(), &sids()).unwrap();
        let (ty, kind) = (
            format_ident!("Integration"),
            format_ident!("IntegrationKind"),
        );
        let views = response_views(&used, &c, &ty, &kind, &fields);
        assert_eq!(views.len(), 1);
        let v = views[0].to_string();
        assert!(v.contains("impl crate :: types :: Widget"), "{v}");
        assert!(
            v.contains("pub fn integration (& self) -> Option < Integration >"),
            "{v}"
        );
        assert!(v.contains("IntegrationKind :: from_wire (& s) ?"), "{v}");
        assert!(v.contains("flow_sid : value . get (\"flow_sid\") . and_then (| v | :: serde_json :: from_value :: < String > (v . clone ()) . ok ())"), "{v}");
        // A response without the kind field gets none.
        c.send_types.insert(
            "CreateWidget".into(),
            syn::parse_str("types::Other").unwrap(),
        );
        assert!(response_views(&used, &c, &ty, &kind, &fields).is_empty());
    }

    #[test]
    fn the_kind_enum_has_the_specs_values_and_their_wire_text() {
        let e = kind_enum(&integration(), &format_ident!("IntegrationKind")).to_string();
        assert!(e.contains("# [non_exhaustive] pub enum IntegrationKind { # [doc = \"`studio`\"] Studio , # [doc = \"`external`\"] External , }"), "{e}");
        assert!(e.contains("IntegrationKind :: Studio => \"studio\" , IntegrationKind :: External => \"external\" ,"), "{e}");
    }

    #[test]
    fn a_constructor_per_kind_takes_what_the_kind_requires() {
        let used = integration();
        let fields = option_fields(&used, &body(), &sids()).unwrap();
        let ctors = constructors(&used.family, &format_ident!("IntegrationKind"), &fields);
        assert_eq!(ctors.len(), 2);
        let studio = ctors[0].to_string();
        assert!(studio.contains("pub fn studio (flow_sid : impl Into < String >) -> Self { let mut options = Self :: of (IntegrationKind :: Studio) ; options . flow_sid = Some (flow_sid . into ()) ; options }"), "{studio}");
        assert!(
            studio.contains("Requires `Integration.FlowSid`. Also takes `Integration.RetryCount`."),
            "{studio}"
        );
        let external = ctors[1].to_string();
        assert!(
            external.contains("pub fn external (url : impl Into < String >)"),
            "{external}"
        );
        assert!(!external.contains("Also takes"), "{external}");
    }

    #[test]
    fn a_setter_per_field() {
        let fields = option_fields(&integration(), &body(), &sids()).unwrap();
        let setters = option_setters(&fields);
        assert_eq!(setters.len(), 3);
        assert!(setters[2].to_string().contains("pub fn retry_count (mut self , value : impl Into < i64 >) -> Self { self . retry_count = Some (value . into ()) ; self }"));
    }

    #[test]
    fn the_module_holds_one_builder_per_family() {
        let extras = Extras {
            families: vec![integration()],
            sids: vec![twilio_spec::fixups::SidType {
                name: "FlowSid".into(),
                prefix: "FW".into(),
                label: "Flow".into(),
            }],
            ..Default::default()
        };
        let m = quote::ToTokens::to_token_stream(&options_module(&extras, &body()).unwrap())
            .to_string();
        assert!(
            m.contains("pub mod options { # [allow (unused_imports)] use super :: types ;"),
            "{m}"
        );
        assert!(
            m.contains("pub fn of (kind : IntegrationKind) -> Self"),
            "{m}"
        );
        assert!(m.contains("pub fn kind (& self) -> IntegrationKind"), "{m}");
        let empty =
            quote::ToTokens::to_token_stream(&options_module(&Extras::default(), &body()).unwrap())
                .to_string();
        assert!(!empty.contains("pub struct"), "{empty}");
    }
}
