//! progenitor's client plumbing: its form encoding, its constructors, and which of its
//! methods are public.

use super::expect_count;
use crate::error::{Error, Result};
use crate::runtime_paths::REQUEST_BUILDER_EXT;
use crate::syntax::{find_mod_mut, last_ident, mod_items_mut, use_names};
use syn::Item;

/// Routes form bodies through the runtime's `RequestBuilderExt`, which encodes them as
/// Twilio's libraries do (repeated keys for arrays, JSON strings for objects);
/// `serde_urlencoded`, progenitor's choice, refuses arrays at runtime.
pub fn use_twilio_form_encoding(file: &mut syn::File) -> Result<()> {
    let pos = file
        .items
        .iter()
        .position(|item| {
            matches!(item, Item::Use(u) if matches!(u.vis, syn::Visibility::Inherited)
                && use_names(&u.tree).iter().any(|n| n == "RequestBuilderExt"))
        })
        .ok_or_else(|| {
            Error::PostProcess("no `use progenitor_client::{.., RequestBuilderExt}`".into())
        })?;
    file.items[pos] = syn::parse_quote! {
        #[allow(unused_imports)]
        use progenitor_client::{encode_path, ClientHooks, OperationInfo};
    };
    file.items.insert(
        pos + 1,
        syn::parse_quote! {
            #[allow(unused_imports)]
            use #REQUEST_BUILDER_EXT;
        },
    );
    Ok(())
}

/// Drops `Client::new`, which unwraps the reqwest client build (a panic in library code), and
/// makes `new_with_client` crate-private: clients are made by `Client::builder()`, which
/// validates credentials and the base URL.
pub fn remove_panicking_constructor(file: &mut syn::File) -> Result<()> {
    let (mut removed, mut restricted) = (0, 0);
    for item in &mut file.items {
        if let Item::Impl(imp) = item
            && imp.trait_.is_none()
            && last_ident(&imp.self_ty) == "Client"
        {
            let before = imp.items.len();
            imp.items
                .retain(|i| !matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == "new"));
            removed += before - imp.items.len();
            for i in &mut imp.items {
                if let syn::ImplItem::Fn(f) = i
                    && f.sig.ident == "new_with_client"
                {
                    f.vis = syn::parse_quote!(pub(crate));
                    restricted += 1;
                }
            }
        }
    }
    expect_count("remove_panicking_constructor", "`Client::new`", removed, 1)?;
    expect_count(
        "remove_panicking_constructor",
        "`Client::new_with_client`",
        restricted,
        1,
    )
}

/// Makes progenitor's builder plumbing crate-private: each operation builder's `new(client)`
/// (callers start from `Client`'s method) and `body_map` (editing a body through typify's
/// builder with a closure: the flat setters and `.body(…)` cover it). The public API is then
/// what the API snapshot lists, and nothing else.
pub fn crate_private_plumbing(file: &mut syn::File, operations: usize) -> Result<()> {
    let builder = find_mod_mut(&mut file.items, "builder")?;
    let mut news = 0;
    for item in mod_items_mut(builder) {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        for i in &mut imp.items {
            if let syn::ImplItem::Fn(f) = i
                && (f.sig.ident == "new" || f.sig.ident == "body_map")
            {
                news += usize::from(f.sig.ident == "new");
                f.vis = syn::parse_quote!(pub(crate));
            }
        }
    }
    expect_count("crate_private_plumbing", "builder `new`s", news, operations)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn form_encoding_import_is_swapped() {
        let mut file: syn::File = syn::parse_quote! {
            pub use progenitor_client::{ByteStream, Error};
            use progenitor_client::{encode_path, ClientHooks, OperationInfo, RequestBuilderExt};
        };
        use_twilio_form_encoding(&mut file).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(
            text.contains("use :: twilio_runtime :: __generated :: RequestBuilderExt"),
            "{text}"
        );
        assert!(!text.contains("OperationInfo , RequestBuilderExt"));
    }

    #[test]
    fn client_new_is_removed() {
        let mut file: syn::File = syn::parse_quote! {
            impl Client {
                pub fn new(baseurl: &str) -> Self { build().unwrap() }
                pub fn new_with_client(baseurl: &str, client: reqwest::Client) -> Self { todo!() }
            }
        };
        remove_panicking_constructor(&mut file).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(!text.contains("fn new ("));
        assert!(text.contains("pub (crate) fn new_with_client"));
    }

    #[test]
    fn builder_new_and_body_map_become_crate_private() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod builder {
                impl<'a> CreateX<'a> {
                    pub fn new(client: &'a Client) -> Self { todo!() }
                    pub fn body_map<F>(self, f: F) -> Self { todo!() }
                    pub fn body<V>(self, value: V) -> Self { todo!() }
                }
            }
        };
        crate_private_plumbing(&mut file, 1).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(text.contains("pub (crate) fn new"), "{text}");
        assert!(text.contains("pub (crate) fn body_map"), "{text}");
        assert!(text.contains("pub fn body"), "{text}");
        let err = crate_private_plumbing(&mut file, 2)
            .unwrap_err()
            .to_string();
        assert!(err.contains("crate_private_plumbing: found 1"), "{err}");
    }
}
