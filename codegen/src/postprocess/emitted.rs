//! The last passes: what [`crate::emit`] builds, added to the tree where it goes.

use super::{Context, expect_count};
use crate::emit;
use crate::error::Result;
use crate::syntax::{append_to_mod, last_ident, self_name};
use proc_macro2::TokenStream;
use std::collections::BTreeMap;
use syn::{ImplItem, Item};

/// The SID types, enums and list-page impls, at the end of `mod types`.
pub fn emit_types(file: &mut syn::File, cx: &mut Context<'_>) -> Result<()> {
    let items = emit::type_items(cx.extras, cx.collected()?)?;
    append_to_mod(file, "types", items)
}

/// Each operation builder's setters, typed `send` and pagination, at the end of
/// `mod builder`; the `Client` method returning each builder gets the operation's doc in
/// place of progenitor's (which shows `.body(body)`, not the setters).
pub fn emit_operation_impls(file: &mut syn::File, cx: &mut Context<'_>) -> Result<()> {
    let impls = emit::operation_impls(cx.operations, cx.collected()?, cx.extras)?;
    let mut docs: BTreeMap<String, TokenStream> = impls
        .iter()
        .map(|i| (i.builder.clone(), i.client_doc.clone()))
        .collect();
    let mut replaced = 0;
    for item in &mut file.items {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() || self_name(imp) != "Client" {
            continue;
        }
        for member in &mut imp.items {
            let ImplItem::Fn(f) = member else { continue };
            let syn::ReturnType::Type(_, ty) = &f.sig.output else {
                continue;
            };
            let Some(doc) = docs.remove(&last_ident(ty)) else {
                continue;
            };
            f.attrs.retain(|a| !a.path().is_ident("doc"));
            f.attrs.insert(0, syn::parse_quote!(#[doc = #doc]));
            replaced += 1;
        }
    }
    expect_count(
        "emit_operation_impls",
        "`Client` methods returning an operation builder",
        replaced,
        impls.len(),
    )?;
    append_to_mod(file, "builder", impls.into_iter().map(|i| i.item).collect())
}

/// `impl ApiClient for Client` and `Client::builder()`, `from_env()`, at the top level; the
/// `Client`'s doc in place of progenitor's (the spec's title, terms of service and version),
/// and progenitor's `ClientInfo` / `ClientHooks` impls and the runtime's `ApiClient` impl
/// hidden from the docs: generated code calls them, users don't.
pub fn emit_client(file: &mut syn::File, cx: &mut Context<'_>) -> Result<()> {
    let example = cx.operations.iter().find(|op| {
        op.method == "GET" && op.list.is_none() && op.params.iter().all(|p| !p.required)
    });
    let doc = emit::client_doc(example);
    let mut documented = 0;
    let mut hidden = 0;
    for item in &mut file.items {
        match item {
            Item::Struct(s) if s.ident == "Client" => {
                s.attrs.retain(|a| !a.path().is_ident("doc"));
                s.attrs.push(syn::parse_quote!(#[doc = #doc]));
                documented += 1;
            }
            Item::Impl(imp)
                if implemented_for(imp) == "Client"
                    && imp.trait_.as_ref().is_some_and(|(_, path, _)| {
                        ["ClientInfo", "ClientHooks"]
                            .iter()
                            .any(|t| path.segments.last().is_some_and(|s| s.ident == t))
                    }) =>
            {
                imp.attrs.push(syn::parse_quote!(#[doc(hidden)]));
                hidden += 1;
            }
            _ => {}
        }
    }
    expect_count("emit_client", "`Client` structs", documented, 1)?;
    expect_count(
        "emit_client",
        "`ClientInfo` and `ClientHooks` impls",
        hidden,
        2,
    )?;
    file.items.extend(emit::client_impls(&cx.host));
    Ok(())
}

/// `pub mod options`, at the top level.
pub fn emit_options(file: &mut syn::File, cx: &mut Context<'_>) -> Result<()> {
    file.items
        .push(emit::options_module(cx.extras, cx.collected()?)?);
    Ok(())
}

/// `pub mod streams`, at the top level.
pub fn emit_streams(file: &mut syn::File, cx: &mut Context<'_>) -> Result<()> {
    file.items.push(emit::streams_module(cx.operations));
    Ok(())
}

/// `pub mod operations` (the operation catalogue), at the top level.
pub fn emit_catalogue(file: &mut syn::File, cx: &mut Context<'_>) -> Result<()> {
    file.items.push(emit::catalogue_module(
        cx.operations,
        cx.collected()?,
        cx.extras,
    )?);
    Ok(())
}

/// `pub mod contract`, at the top level.
pub fn emit_contract(file: &mut syn::File, cx: &mut Context<'_>) -> Result<()> {
    file.items
        .push(emit::contract(cx.operations, cx.collected()?)?);
    Ok(())
}

/// The type an `impl` is for, through a reference (`impl ClientHooks for &Client`).
fn implemented_for(imp: &syn::ItemImpl) -> String {
    match &*imp.self_ty {
        syn::Type::Reference(r) => last_ident(&r.elem),
        other => last_ident(other),
    }
}
