//! Structs a later release may add fields to: Twilio adds response fields and body
//! parameters in minor releases, which Rust's semver rules allow only for structs that can't
//! be built with a struct literal outside the crate.

use super::expect_count;
use crate::error::Result;
use crate::syntax::{derives, find_mod_mut, mod_items_mut};
use syn::Item;

/// Marks every struct with named fields of `mod types` (responses, request bodies, the
/// types inside them) `#[non_exhaustive]`, so a field Twilio adds is a minor change
/// (the Cargo book, "SemVer compatibility": adding a public field to a struct without private
/// fields is major, to a `#[non_exhaustive]` one it is minor). Users build a response with
/// `Default` and field assignment, and a request body with its builder or the operation's
/// setters. A named struct that doesn't derive `Deserialize` means typify's output changed:
/// an error.
pub fn non_exhaustive_structs(file: &mut syn::File) -> Result<()> {
    let types = find_mod_mut(&mut file.items, "types")?;
    let mut named = 0;
    let mut marked = 0;
    for item in mod_items_mut(types) {
        let Item::Struct(s) = item else { continue };
        if !matches!(s.fields, syn::Fields::Named(_)) {
            continue;
        }
        named += 1;
        if derives(&s.attrs, "Deserialize") {
            if !s.attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
                s.attrs.push(syn::parse_quote!(#[non_exhaustive]));
            }
            marked += 1;
        }
    }
    expect_count(
        "non_exhaustive_structs",
        "named structs deriving `Deserialize`",
        marked,
        named,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn named_wire_structs_become_non_exhaustive() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize, Default)]
                pub struct Resp { pub a: Option<i64> }
                pub struct Sid(String);
                pub mod builder { pub struct Resp { a: Option<i64> } }
            }
        };
        non_exhaustive_structs(&mut file).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(
            text.contains("# [non_exhaustive] pub struct Resp {"),
            "{text}"
        );
        assert_eq!(text.matches("non_exhaustive").count(), 1, "{text}");
        // Idempotent.
        non_exhaustive_structs(&mut file).unwrap();
        assert_eq!(
            file.to_token_stream()
                .to_string()
                .matches("non_exhaustive")
                .count(),
            1
        );
    }

    #[test]
    fn a_named_struct_typify_did_not_derive_is_an_error() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types { pub struct Odd { pub a: i64 } }
        };
        let err = non_exhaustive_structs(&mut file).unwrap_err().to_string();
        assert!(err.contains("non_exhaustive_structs: found 0"), "{err}");
    }
}
