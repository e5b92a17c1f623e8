//! The module skeleton every later pass works on.

use crate::error::{Error, Result};
use crate::syntax::{find_mod, find_mod_mut, mod_items, mod_items_mut};
use syn::Item;

/// progenitor leaves `mod builder` out of a spec with no operations, and typify leaves
/// `mod types::builder` out when there are no structs (`twilio_verify_v3`, a path with no
/// methods). Empty ones give the passes below one shape to work on. Missing where there is
/// something to put in them, they mean progenitor's output changed: an error.
pub fn ensure_modules(file: &mut syn::File, operations: usize) -> Result<()> {
    if find_mod(&file.items, "builder").is_err() {
        if operations > 0 {
            return Err(Error::PostProcess(format!(
                "no `mod builder` in progenitor's output for {operations} operations"
            )));
        }
        file.items.push(syn::parse_quote! {
            /// Operation builders (this spec has no operations).
            pub mod builder {}
        });
    }
    let types = find_mod_mut(&mut file.items, "types")?;
    if find_mod(mod_items(types), "builder").is_err() {
        if mod_items(types)
            .iter()
            .any(|i| matches!(i, Item::Struct(_)))
        {
            return Err(Error::PostProcess(
                "no `mod types::builder` in typify's output, though there are structs".into(),
            ));
        }
        mod_items_mut(types).push(syn::parse_quote! {
            /// Struct builders (this spec has no structs).
            pub mod builder {}
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn missing_modules_are_added_empty_only_when_nothing_belongs_in_them() {
        let mut file: syn::File = syn::parse_quote! { pub mod types {} };
        ensure_modules(&mut file, 0).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(text.contains("pub mod builder { }"), "{text}");
        assert!(text.contains("pub mod types { # [doc"), "{text}");
        // Operations but no `mod builder`: progenitor's output moved.
        let mut file: syn::File = syn::parse_quote! { pub mod types {} };
        let err = ensure_modules(&mut file, 3).unwrap_err().to_string();
        assert!(err.contains("for 3 operations"), "{err}");
        // Structs but no `mod types::builder`: typify's output moved.
        let mut file: syn::File = syn::parse_quote! { pub mod types { pub struct X; } };
        let err = ensure_modules(&mut file, 0).unwrap_err().to_string();
        assert!(err.contains("though there are structs"), "{err}");
    }
}
