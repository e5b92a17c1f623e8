//! The last passes: what [`crate::emit`] builds, added to the tree where it goes.

use super::Context;
use crate::emit;
use crate::error::Result;
use crate::syntax::append_to_mod;

/// The SID types, enums and list-page impls, at the end of `mod types`.
pub fn emit_types(file: &mut syn::File, cx: &mut Context<'_>) -> Result<()> {
    let items = emit::type_items(cx.extras, cx.collected()?)?;
    append_to_mod(file, "types", items)
}

/// Each operation builder's setters, typed `send` and pagination, at the end of
/// `mod builder`.
pub fn emit_operation_impls(file: &mut syn::File, cx: &mut Context<'_>) -> Result<()> {
    let items = emit::operation_impls(cx.operations, cx.collected()?, cx.extras)?;
    append_to_mod(file, "builder", items)
}

/// `impl ApiClient for Client` and `Client::builder()`, `from_env()`, at the top level.
pub fn emit_client(file: &mut syn::File, cx: &mut Context<'_>) -> Result<()> {
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
