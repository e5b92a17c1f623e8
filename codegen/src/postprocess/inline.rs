//! Where the generated glue is compiled.

use super::expect_count;
use crate::error::Result;
use crate::syntax::{find_mod_mut, mod_items_mut};
use syn::Item;

/// Marks the generated glue `#[inline]`: typify's struct builders and their conversions, and
/// each operation's request builder. Like a generic, an `#[inline]` function is compiled in
/// the crate that calls it, so an application pays (in build time) for the operations and
/// builders it uses instead of all of them, and this crate's own build doesn't generate
/// machine code for 73 request encoders and ~80 struct builders nobody has called yet.
pub fn inline_glue(file: &mut syn::File, operations: usize) -> Result<()> {
    fn mark(f: &mut syn::ImplItemFn) {
        if !f.attrs.iter().any(|a| a.path().is_ident("inline")) {
            f.attrs.push(syn::parse_quote!(#[inline]));
        }
    }
    let types = find_mod_mut(&mut file.items, "types")?;
    let typify_builders = find_mod_mut(mod_items_mut(types), "builder")?;
    for item in mod_items_mut(typify_builders) {
        if let Item::Impl(imp) = item {
            for i in &mut imp.items {
                if let syn::ImplItem::Fn(f) = i {
                    mark(f);
                }
            }
        }
    }
    let mut requests = 0;
    let builders = find_mod_mut(&mut file.items, "builder")?;
    for item in mod_items_mut(builders) {
        if let Item::Impl(imp) = item {
            for i in &mut imp.items {
                if let syn::ImplItem::Fn(f) = i
                    && f.sig.ident == "request"
                {
                    mark(f);
                    requests += 1;
                }
            }
        }
    }
    expect_count(
        "inline_glue",
        "operation `request` methods",
        requests,
        operations,
    )
}
