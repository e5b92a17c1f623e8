//! Small readers of syn trees that post-processing, emission and the API snapshot share:
//! finding a module and its items, the parts of a type path, serde attributes, derives.
//! None of them changes a tree except [`mod_items_mut`], which gives a module a body.

use crate::error::{Error, Result};
use std::collections::BTreeSet;
use syn::visit_mut::VisitMut;
use syn::{Item, ItemMod};

/// The top-level module `name` (`types`, `builder`) of progenitor's output.
pub fn find_mod<'a>(items: &'a [Item], name: &str) -> Result<&'a ItemMod> {
    items
        .iter()
        .find_map(|i| match i {
            Item::Mod(m) if m.ident == name => Some(m),
            _ => None,
        })
        .ok_or_else(|| Error::PostProcess(format!("no `mod {name}` in progenitor's output")))
}

/// [`find_mod`], to change it.
pub fn find_mod_mut<'a>(items: &'a mut [Item], name: &str) -> Result<&'a mut ItemMod> {
    items
        .iter_mut()
        .find_map(|i| match i {
            Item::Mod(m) if m.ident == name => Some(m),
            _ => None,
        })
        .ok_or_else(|| Error::PostProcess(format!("no `mod {name}` in progenitor's output")))
}

/// The items of an inline module (none for `mod x;`).
pub fn mod_items(m: &ItemMod) -> &[Item] {
    m.content
        .as_ref()
        .map(|(_, items)| items.as_slice())
        .unwrap_or(&[])
}

/// The items of a module, to change; `mod x;` gets an empty body first.
pub fn mod_items_mut(m: &mut ItemMod) -> &mut Vec<Item> {
    &mut m
        .content
        .get_or_insert_with(|| (Default::default(), Vec::new()))
        .1
}

/// Appends items to a top-level module (`types` or `builder`).
pub fn append_to_mod(file: &mut syn::File, module: &str, items: Vec<Item>) -> Result<()> {
    let m = find_mod_mut(&mut file.items, module)?;
    mod_items_mut(m).extend(items);
    Ok(())
}

/// The last path segment of a type (`types::builder::X` → `X`), or "" for other types.
pub fn last_ident(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(tp) => tp
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// The name of the type an `impl` block is for.
pub fn self_name(imp: &syn::ItemImpl) -> String {
    last_ident(&imp.self_ty)
}

/// The type arguments of `<…>` (`HashMap<String, V>` → `[String, V]`), lifetimes and
/// constants left out.
pub fn type_args(args: &syn::AngleBracketedGenericArguments) -> Vec<&syn::Type> {
    args.args
        .iter()
        .filter_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// The first generic argument of a type whose last path segment is `name`.
pub fn generic_inner<'a>(ty: &'a syn::Type, name: &str) -> Option<&'a syn::Type> {
    let syn::Type::Path(tp) = ty else { return None };
    let last = tp.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    type_args(args).first().copied()
}

/// `Option<T>` → `Some(T)`; anything else → `None`.
pub fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    generic_inner(ty, "Option")
}

/// Qualifies bare `mod types` names in a type with `types::`, for use from `mod builder`.
pub fn qualify(ty: &syn::Type, type_names: &BTreeSet<String>) -> syn::Type {
    struct Q<'a>(&'a BTreeSet<String>);
    impl VisitMut for Q<'_> {
        fn visit_type_path_mut(&mut self, tp: &mut syn::TypePath) {
            if tp.qself.is_none()
                && tp.path.leading_colon.is_none()
                && tp.path.segments.len() == 1
                && self.0.contains(&tp.path.segments[0].ident.to_string())
            {
                tp.path.segments.insert(0, syn::parse_quote!(types));
            }
            syn::visit_mut::visit_type_path_mut(self, tp);
        }
    }
    let mut ty = ty.clone();
    Q(type_names).visit_type_mut(&mut ty);
    ty
}

/// Whether a path ends with `segments` (`::reqwest::header::HeaderMap::with_capacity` ends
/// with `HeaderMap::with_capacity`).
pub fn path_ends_with(path: &syn::Path, segments: &[&str]) -> bool {
    path.segments.len() >= segments.len()
        && path
            .segments
            .iter()
            .rev()
            .zip(segments.iter().rev())
            .all(|(s, want)| s.ident == want)
}

/// Whether a statement contains the string literal `value`.
pub fn has_str_literal(stmt: &syn::Stmt, value: &str) -> bool {
    struct Find<'v>(&'v str, bool);
    impl<'ast> syn::visit::Visit<'ast> for Find<'_> {
        fn visit_lit_str(&mut self, lit: &'ast syn::LitStr) {
            self.1 |= lit.value() == self.0;
        }
    }
    let mut f = Find(value, false);
    syn::visit::Visit::visit_stmt(&mut f, stmt);
    f.1
}

/// The names a `use` tree brings in.
pub fn use_names(tree: &syn::UseTree) -> Vec<String> {
    match tree {
        syn::UseTree::Path(p) => use_names(&p.tree),
        syn::UseTree::Name(n) => vec![n.ident.to_string()],
        syn::UseTree::Rename(r) => vec![r.rename.to_string()],
        syn::UseTree::Glob(_) => Vec::new(),
        syn::UseTree::Group(g) => g.items.iter().flat_map(use_names).collect(),
    }
}

/// The `#[serde(...)]` items of an attribute, parsed; `None` for other attributes.
pub fn serde_metas(attr: &syn::Attribute) -> Option<Vec<syn::Meta>> {
    if !attr.path().is_ident("serde") {
        return None;
    }
    let syn::Meta::List(list) = &attr.meta else {
        return None;
    };
    list.parse_args_with(syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
        .ok()
        .map(|p| p.into_iter().collect())
}

/// `name = "value"` as a serde item.
pub fn serde_str_item(meta: &syn::Meta, name: &str) -> Option<String> {
    let syn::Meta::NameValue(nv) = meta else {
        return None;
    };
    if !nv.path.is_ident(name) {
        return None;
    }
    match &nv.value {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        _ => None,
    }
}

/// Whether a field has `#[serde(default)]`.
pub fn has_serde_default(field: &syn::Field) -> bool {
    field
        .attrs
        .iter()
        .filter_map(serde_metas)
        .flatten()
        .any(|m| m.path().is_ident("default"))
}

/// Whether an item derives `trait_name` (`#[derive(::serde::Deserialize)]`, however
/// qualified).
pub fn derives(attrs: &[syn::Attribute], trait_name: &str) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("derive")
            && a.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )
            .is_ok_and(|paths| {
                paths
                    .iter()
                    .any(|p| p.segments.last().is_some_and(|s| s.ident == trait_name))
            })
    })
}

/// The text of each `#[doc = "…"]` attribute, trimmed, empty ones left out.
pub fn doc_lines(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value().trim().to_string()),
                _ => None,
            },
            _ => None,
        })
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(s: &str) -> syn::Type {
        syn::parse_str(s).unwrap()
    }

    #[test]
    fn type_parts_are_read_however_qualified() {
        assert_eq!(last_ident(&ty("types::builder::X")), "X");
        assert_eq!(last_ident(&ty("&str")), "");
        let t = ty("::std::option::Option<::std::vec::Vec<u8>>");
        let inner = option_inner(&t).unwrap();
        assert_eq!(last_ident(inner), "Vec");
        assert_eq!(last_ident(generic_inner(inner, "Vec").unwrap()), "u8");
        assert!(generic_inner(&t, "Vec").is_none());
    }

    #[test]
    fn bare_type_names_are_qualified_and_others_left() {
        let names = BTreeSet::from(["FlexFlow".to_string()]);
        let q = qualify(&ty("Option<Vec<FlexFlow>>"), &names);
        assert_eq!(
            quote::ToTokens::to_token_stream(&q).to_string(),
            "Option < Vec < types :: FlexFlow > >"
        );
        let q = qualify(&ty("crate::FlexFlow"), &names);
        assert_eq!(
            quote::ToTokens::to_token_stream(&q).to_string(),
            "crate :: FlexFlow"
        );
    }

    #[test]
    fn serde_attributes_and_derives_are_read() {
        let s: syn::ItemStruct = syn::parse_quote! {
            #[derive(Clone, ::serde::Deserialize)]
            struct X {
                #[serde(default, skip_serializing_if = "Vec::is_empty")]
                a: Vec<u8>,
                b: u8,
            }
        };
        assert!(derives(&s.attrs, "Deserialize"));
        assert!(!derives(&s.attrs, "Serialize"));
        let fields: Vec<&syn::Field> = s.fields.iter().collect();
        assert!(has_serde_default(fields[0]));
        assert!(!has_serde_default(fields[1]));
        let metas = serde_metas(&fields[0].attrs[0]).unwrap();
        assert_eq!(
            serde_str_item(&metas[1], "skip_serializing_if").as_deref(),
            Some("Vec::is_empty")
        );
    }

    #[test]
    fn modules_are_found_or_named_as_missing() {
        let file: syn::File = syn::parse_quote! { pub mod types { struct A; } };
        assert_eq!(mod_items(find_mod(&file.items, "types").unwrap()).len(), 1);
        let err = find_mod(&file.items, "builder").unwrap_err().to_string();
        assert!(err.contains("no `mod builder`"), "{err}");
    }
}
