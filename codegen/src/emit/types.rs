//! What `mod types` gets besides typify's structs: one type per SID prefix, the
//! forward-compatible enums, and the pagination traits of the list responses.

use super::CATCH_ALL;
use crate::collect::Collected;
use crate::error::{Error, Result};
use crate::runtime_paths::{LIST_PAGE, OPEN_ENUM, PAGE_META, SID_TYPES};
use crate::syntax::{last_ident, option_inner};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;
use syn::Item;
use twilio_spec::fixups::{EnumType, Extras, SidType};

/// Everything emitted into `mod types`, in order: the SID types, the enums, the list pages.
pub fn type_items(extras: &Extras, c: &Collected) -> Result<Vec<Item>> {
    let mut items = vec![sid_types(&extras.sids)];
    items.extend(enums(&extras.enums)?);
    items.extend(list_pages(extras, c)?);
    Ok(items)
}

/// `sid_types!` invocation defining one type per SID prefix.
pub fn sid_types(sids: &[SidType]) -> Item {
    let entries = sids.iter().map(|s| {
        let name = format_ident!("{}", s.name);
        let (prefix, label) = (&s.prefix, &s.label);
        quote! { #name = (#prefix, #label); }
    });
    syn::parse_quote! { #SID_TYPES! { #(#entries)* } }
}

/// `open_enum!` invocations, one per enum.
pub fn enums(enums: &[EnumType]) -> Result<Vec<Item>> {
    enums.iter().map(open_enum).collect()
}

/// One `open_enum!`: the spec's values as variants (numbered where two values name one
/// variant), with the runtime's catch-all for values added later.
fn open_enum(e: &EnumType) -> Result<Item> {
    let name = format_ident!("{}", e.name);
    let doc = e.description.clone().unwrap_or_else(|| {
        format!(
            "`{}` values, with a catch-all for values added later.",
            e.name
        )
    });
    let mut seen = BTreeSet::new();
    let mut variants = Vec::new();
    for value in &e.values {
        let mut v = twilio_spec::names::variant_name(value);
        if v == CATCH_ALL {
            return Err(Error::unsupported(
                format!("#/components/schemas/{}", e.name),
                format!("enum value `{value}` collides with the catch-all variant `{CATCH_ALL}`"),
            ));
        }
        let base = v.clone();
        let mut n = 2;
        while !seen.insert(v.clone()) {
            v = format!("{base}{n}");
            n += 1;
        }
        let ident = format_ident!("{}", v);
        variants.push(quote! { #ident = #value, });
    }
    Ok(syn::parse_quote! {
        #OPEN_ENUM! {
            #[doc = #doc]
            #name { #(#variants)* }
        }
    })
}

/// `impl ListPage` for every list response type, and `impl PageMeta` for their metadata types.
pub fn list_pages(extras: &Extras, c: &Collected) -> Result<Vec<Item>> {
    let mut out = Vec::new();
    let mut metas = BTreeSet::new();
    for list in &extras.lists {
        let fields = c.type_structs.get(&list.type_name).ok_or_else(|| {
            Error::PostProcess(format!("list response `{}` not generated", list.type_name))
        })?;
        let items = fields
            .iter()
            .find(|f| f.wire == list.items_field)
            .ok_or_else(|| {
                Error::PostProcess(format!(
                    "`{}` has no field `{}`",
                    list.type_name, list.items_field
                ))
            })?;
        let meta = fields
            .iter()
            .find(|f| f.wire == "meta")
            .ok_or_else(|| Error::PostProcess(format!("`{}` has no `meta`", list.type_name)))?;
        let (ty, item, items_ident, meta_ident) = (
            format_ident!("{}", list.type_name),
            format_ident!("{}", list.item_type),
            &items.ident,
            &meta.ident,
        );
        let items_expr = if option_inner(&items.ty).is_some() {
            quote! { self.#items_ident.unwrap_or_default() }
        } else {
            quote! { self.#items_ident }
        };
        let meta_expr = if option_inner(&meta.ty).is_some() {
            quote! { self.#meta_ident }
        } else {
            quote! { Some(self.#meta_ident) }
        };
        let meta_ty = option_inner(&meta.ty).unwrap_or(&meta.ty).clone();
        let (op, key) = (&list.operation_id, &list.items_field);
        out.push(syn::parse_quote! {
            impl #LIST_PAGE for #ty {
                type Item = #item;
                type Meta = #meta_ty;
                const OPERATION: &'static str = #op;
                const KEY: &'static str = #key;
                fn into_parts(self) -> (Vec<#item>, Option<#meta_ty>) {
                    (#items_expr, #meta_expr)
                }
            }
        });
        if metas.insert(last_ident(&meta_ty)) {
            out.push(page_meta(&meta_ty, c)?);
        }
    }
    Ok(out)
}

/// `impl PageMeta`: the metadata's `next_page_url` and `url`.
fn page_meta(meta_ty: &syn::Type, c: &Collected) -> Result<Item> {
    let name = last_ident(meta_ty);
    let fields = c
        .type_structs
        .get(&name)
        .ok_or_else(|| Error::PostProcess(format!("list metadata `{name}` not generated")))?;
    let getter = |wire: &str| -> Result<TokenStream> {
        let f = fields
            .iter()
            .find(|f| f.wire == wire)
            .ok_or_else(|| Error::PostProcess(format!("list metadata `{name}` has no `{wire}`")))?;
        let ident = &f.ident;
        Ok(if option_inner(&f.ty).is_some() {
            quote! { self.#ident.as_deref() }
        } else {
            quote! { Some(self.#ident.as_str()) }
        })
    };
    // `url` (the page's own) only serves to recognise a page already fetched.
    let next = getter("next_page_url")?;
    let url = getter("url").unwrap_or_else(|_| quote! { None });
    Ok(syn::parse_quote! {
        impl #PAGE_META for #meta_ty {
            fn next_page_url(&self) -> Option<&str> {
                #next
            }
            fn url(&self) -> Option<&str> {
                #url
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::tests::{collected, field};
    use quote::ToTokens;
    use twilio_spec::fixups::ListResponse;

    fn text(item: &Item) -> String {
        item.to_token_stream().to_string()
    }

    #[test]
    fn sid_types_are_one_invocation_with_prefix_and_label() {
        let item = sid_types(&[SidType {
            name: "FlexFlowSid".into(),
            prefix: "FO".into(),
            label: "Flex Flow".into(),
        }]);
        assert_eq!(
            text(&item),
            ":: twilio_runtime :: __generated :: sid_types ! { FlexFlowSid = (\"FO\" , \"Flex Flow\") ; }"
        );
    }

    #[test]
    fn enum_variants_are_named_numbered_and_kept_off_the_catch_all() {
        let e = EnumType {
            name: "ChannelType".into(),
            values: vec!["sms".into(), "SMS".into(), "web-chat".into()],
            description: None,
        };
        let t = text(&open_enum(&e).unwrap());
        assert!(
            t.starts_with(":: twilio_runtime :: __generated :: open_enum ! {"),
            "{t}"
        );
        assert!(
            t.contains("ChannelType { Sms = \"sms\" , Sms2 = \"SMS\" , WebChat = \"web-chat\" , }"),
            "{t}"
        );
        assert!(t.contains("with a catch-all for values added later"), "{t}");
        let clash = EnumType {
            name: "Status".into(),
            values: vec!["unrecognized".into()],
            description: Some("doc".into()),
        };
        let err = open_enum(&clash).unwrap_err().to_string();
        assert!(err.contains("collides with the catch-all"), "{err}");
    }

    #[test]
    fn a_list_response_pages_and_its_meta_is_implemented_once() {
        let c = collected(
            &[
                (
                    "ListWidgetResponse",
                    vec![
                        field("widgets", "Option<Vec<Widget>>", "widgets"),
                        field("meta", "Option<ListMeta>", "meta"),
                    ],
                ),
                (
                    "ListGadgetResponse",
                    vec![
                        field("gadgets", "Vec<Gadget>", "gadgets"),
                        field("meta", "ListMeta", "meta"),
                    ],
                ),
                (
                    "ListMeta",
                    vec![
                        field("next_page_url", "Option<String>", "next_page_url"),
                        field("url", "String", "url"),
                    ],
                ),
            ],
            &[],
        );
        let list = |op: &str, ty: &str, items: &str, item: &str| ListResponse {
            operation_id: op.into(),
            type_name: ty.into(),
            items_field: items.into(),
            item_type: item.into(),
        };
        let extras = Extras {
            lists: vec![
                list("ListWidget", "ListWidgetResponse", "widgets", "Widget"),
                list("ListGadget", "ListGadgetResponse", "gadgets", "Gadget"),
            ],
            ..Default::default()
        };
        let items = list_pages(&extras, &c).unwrap();
        assert_eq!(items.len(), 3, "two pages, one meta");
        let widget = text(&items[0]);
        assert!(widget.starts_with("impl :: twilio_runtime :: __generated :: ListPage for ListWidgetResponse { type Item = Widget ; type Meta = ListMeta ; const OPERATION : & 'static str = \"ListWidget\" ; const KEY : & 'static str = \"widgets\" ;"), "{widget}");
        assert!(
            widget.contains("(self . widgets . unwrap_or_default () , self . meta)"),
            "{widget}"
        );
        let meta = text(&items[1]);
        assert!(
            meta.starts_with("impl :: twilio_runtime :: __generated :: PageMeta for ListMeta"),
            "{meta}"
        );
        assert!(
            meta.contains("{ self . next_page_url . as_deref () }"),
            "{meta}"
        );
        assert!(meta.contains("{ Some (self . url . as_str ()) }"), "{meta}");
        let gadget = text(&items[2]);
        assert!(
            gadget.contains("(self . gadgets , Some (self . meta))"),
            "{gadget}"
        );
    }
}
