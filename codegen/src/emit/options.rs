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
        items.push(quote! {
            #option_struct

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
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub struct #ty {
            pub(crate) kind: #kind_ty,
            #(pub(crate) #field_idents: Option<#field_types>,)*
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

/// A setter per field of the option builder.
pub(super) fn option_setters(fields: &[OptionField]) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|f| {
            let doc = field_doc(&f.docs, &f.wire);
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
