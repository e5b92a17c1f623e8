//! typify's struct builders that no operation uses.

use crate::error::Result;
use crate::syntax::{find_mod_mut, mod_items_mut, self_name};
use std::collections::BTreeSet;
use syn::Item;

/// Drops typify's builders of the structs no operation takes as a body (responses and their
/// parts, ~50 of ~80): they are code to compile for a use nobody has, since a response value
/// (`#[non_exhaustive]`) is built from `Default` and field assignment. The builders of request bodies
/// stay: the operation builders' body setters use them.
pub fn drop_unused_struct_builders(file: &mut syn::File) -> Result<()> {
    // The struct builders the operation builders name: `types::builder::X`.
    struct Used(BTreeSet<String>);
    impl<'ast> syn::visit::Visit<'ast> for Used {
        fn visit_path(&mut self, path: &'ast syn::Path) {
            let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
            if let [.., types, builder, name] = names.as_slice()
                && types == "types"
                && builder == "builder"
            {
                self.0.insert(name.clone());
            }
            syn::visit::visit_path(self, path);
        }
    }
    let operations = find_mod_mut(&mut file.items, "builder")?;
    let mut used = Used(BTreeSet::new());
    syn::visit::Visit::visit_item_mod(&mut used, operations);
    let used = used.0;
    let types = find_mod_mut(&mut file.items, "types")?;
    let typify_builders = find_mod_mut(mod_items_mut(types), "builder")?;
    mod_items_mut(typify_builders).retain(|item| match item {
        Item::Struct(s) => used.contains(&s.ident.to_string()),
        Item::Impl(imp) => used.contains(&self_name(imp)),
        _ => true,
    });
    // `X::builder()` of the dropped ones.
    for item in mod_items_mut(types) {
        if let Item::Impl(imp) = item
            && imp.trait_.is_none()
            && !used.contains(&self_name(imp))
        {
            imp.items
                .retain(|i| !matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == "builder"));
        }
    }
    mod_items_mut(types).retain(
        |item| !matches!(item, Item::Impl(imp) if imp.trait_.is_none() && imp.items.is_empty()),
    );
    Ok(())
}

/// typify's struct builders' fields become crate-visible: a body setter stores its checked
/// value (or why it was refused) in its field itself, and the operation's `check` reads every
/// field's problem at once, where typify's conversion stops at the first.
pub fn crate_visible_builder_fields(file: &mut syn::File) -> Result<()> {
    let types = find_mod_mut(&mut file.items, "types")?;
    let typify_builders = find_mod_mut(mod_items_mut(types), "builder")?;
    for item in mod_items_mut(typify_builders) {
        if let Item::Struct(s) = item {
            for field in s.fields.iter_mut() {
                field.vis = syn::parse_quote!(pub(crate));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::postprocess::inline_glue;
    use quote::ToTokens;

    #[test]
    fn builders_of_non_body_structs_go_and_glue_is_inline() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct Body {}
                impl Body { pub fn builder() -> builder::Body { Default::default() } }
                pub struct Resp {}
                impl Resp { pub fn builder() -> builder::Resp { Default::default() } }
                impl Eq for Resp {}
                pub mod builder {
                    pub struct Body {}
                    impl Default for Body { fn default() -> Self { Body {} } }
                    impl TryFrom<Body> for super::Body { type Error = String; fn try_from(b: Body) -> Result<Self, String> { todo!() } }
                    pub struct Resp {}
                    impl Default for Resp { fn default() -> Self { Resp {} } }
                    impl From<super::Resp> for Resp { fn from(r: super::Resp) -> Self { Resp {} } }
                }
            }
            pub mod builder {
                pub struct CreateX<'a> { body: Result<types::builder::Body, String> }
                impl<'a> CreateX<'a> {
                    fn request(self) -> Result<::reqwest::Request, Error<()>> { todo!() }
                    pub fn new() -> Self { todo!() }
                }
            }
        };
        drop_unused_struct_builders(&mut file).unwrap();
        inline_glue(&mut file, 1).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(text.contains("pub struct Body"), "{text}");
        assert!(text.contains("fn builder () -> builder :: Body"), "{text}");
        assert!(!text.contains("builder :: Resp"), "{text}");
        assert!(!text.contains("impl From < super :: Resp >"), "{text}");
        assert!(text.contains("impl Eq for Resp { }"), "{text}");
        assert!(text.contains("pub struct Resp { }"), "{text}");
        assert!(text.contains("# [inline] fn default"), "{text}");
        assert!(text.contains("# [inline] fn try_from"), "{text}");
        assert!(text.contains("# [inline] fn request"), "{text}");
        assert!(!text.contains("# [inline] pub fn new"), "{text}");
        // Two operations, one `request`: the rewrite before it moved.
        let err = inline_glue(&mut file, 2).unwrap_err().to_string();
        assert!(err.contains("inline_glue: found 1"), "{err}");
    }

    #[test]
    fn struct_builder_fields_become_crate_visible_and_nothing_else() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct Body { pub name: String }
                pub mod builder {
                    pub struct Body { name: Result<String, String>, sid: Result<Option<String>, String> }
                }
            }
        };
        crate_visible_builder_fields(&mut file).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(
            text.contains(
                "pub struct Body { pub (crate) name : Result < String , String > , pub (crate) sid"
            ),
            "{text}"
        );
        // The decoded struct keeps its public fields.
        assert!(
            text.contains("pub struct Body { pub name : String }"),
            "{text}"
        );
    }
}
