//! What the emitters read from progenitor's output: the names and fields of the types, the
//! fields of each operation builder, and what each builder's `send` returns. Read once, by
//! the `collect` pass (see [`crate::postprocess::PASSES`]), after the passes that rename or
//! drop what it reads and before the ones that rewrite `send`.

use crate::error::{Error, Result};
use crate::syntax::{find_mod, generic_inner, mod_items, self_name};
use quote::ToTokens;
use std::collections::{BTreeMap, BTreeSet};
use syn::Item;

/// A struct's named field: ident, type, wire name from `serde(rename)`, doc attributes.
#[derive(Clone)]
pub struct FieldInfo {
    /// Rust field name.
    pub ident: syn::Ident,
    /// Field type.
    pub ty: syn::Type,
    /// JSON / form name.
    pub wire: String,
    /// `#[doc]` attributes.
    pub docs: Vec<syn::Attribute>,
}

/// What the emitters read from the generated tree.
#[derive(Clone, Default)]
pub struct Collected {
    /// Names of the items in `mod types`.
    pub type_names: BTreeSet<String>,
    /// Structs in `mod types`, by name.
    pub type_structs: BTreeMap<String, Vec<FieldInfo>>,
    /// Operation builder structs in `mod builder`, by name.
    pub builders: BTreeMap<String, Vec<FieldInfo>>,
    /// Success type of each builder's `send`, by builder name.
    pub send_types: BTreeMap<String, syn::Type>,
}

/// Reads types, builders and `send` signatures from progenitor's output.
pub fn collect(file: &syn::File) -> Result<Collected> {
    let types = find_mod(&file.items, "types")?;
    let builder = find_mod(&file.items, "builder")?;
    let mut c = Collected::default();
    for item in mod_items(types) {
        match item {
            Item::Struct(s) => {
                c.type_names.insert(s.ident.to_string());
                c.type_structs
                    .insert(s.ident.to_string(), fields(&s.fields));
            }
            Item::Enum(e) => {
                c.type_names.insert(e.ident.to_string());
            }
            Item::Type(t) => {
                c.type_names.insert(t.ident.to_string());
            }
            _ => {}
        }
    }
    for item in mod_items(builder) {
        match item {
            Item::Struct(s) => {
                c.builders.insert(s.ident.to_string(), fields(&s.fields));
            }
            Item::Impl(imp) => {
                let name = self_name(imp);
                for i in &imp.items {
                    if let syn::ImplItem::Fn(f) = i
                        && f.sig.ident == "send"
                    {
                        c.send_types
                            .insert(name.clone(), send_success_type(&f.sig)?);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(c)
}

/// `T` of progenitor's `-> Result<ResponseValue<T>, Error<…>>`.
fn send_success_type(sig: &syn::Signature) -> Result<syn::Type> {
    let syn::ReturnType::Type(_, ret) = &sig.output else {
        return Err(Error::PostProcess("`send` without a return type".into()));
    };
    generic_inner(ret, "Result")
        .and_then(|t| generic_inner(t, "ResponseValue"))
        .cloned()
        .ok_or_else(|| {
            Error::PostProcess(format!("unexpected `send` type: {}", ret.to_token_stream()))
        })
}

fn fields(f: &syn::Fields) -> Vec<FieldInfo> {
    f.iter()
        .filter_map(|field| {
            let ident = field.ident.clone()?;
            let mut wire = ident.to_string();
            for attr in &field.attrs {
                if attr.path().is_ident("serde") {
                    let _ = attr.parse_nested_meta(|meta| {
                        if meta.path.is_ident("rename") {
                            let s: syn::LitStr = meta.value()?.parse()?;
                            wire = s.value();
                        } else if meta.input.peek(syn::Token![=]) {
                            let _: syn::Expr = meta.value()?.parse()?;
                        }
                        Ok(())
                    });
                }
            }
            Some(FieldInfo {
                docs: field
                    .attrs
                    .iter()
                    .filter(|a| a.path().is_ident("doc"))
                    .cloned()
                    .collect(),
                ty: field.ty.clone(),
                wire,
                ident,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_builders_and_send_types_are_read() {
        let file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct FlexFlow {
                    #[doc = "The SID."]
                    #[serde(rename = "Sid", default)]
                    pub sid: Option<String>,
                }
                pub enum Kind { A }
                pub type Alias = String;
            }
            pub mod builder {
                pub struct FetchFlexFlow<'a> { client: &'a Client, sid: Result<String, String> }
                impl<'a> FetchFlexFlow<'a> {
                    pub async fn send(self) -> Result<ResponseValue<types::FlexFlow>, Error<()>> { todo!() }
                }
            }
        };
        let c = collect(&file).unwrap();
        assert_eq!(
            c.type_names.iter().collect::<Vec<_>>(),
            ["Alias", "FlexFlow", "Kind"]
        );
        let sid = &c.type_structs["FlexFlow"][0];
        assert_eq!(
            (sid.ident.to_string(), sid.wire.as_str()),
            ("sid".into(), "Sid")
        );
        assert_eq!(sid.docs.len(), 1);
        assert_eq!(c.builders["FetchFlexFlow"].len(), 2);
        assert_eq!(
            c.send_types["FetchFlexFlow"].to_token_stream().to_string(),
            "types :: FlexFlow"
        );
    }

    #[test]
    fn a_send_of_another_shape_is_an_error() {
        let file: syn::File = syn::parse_quote! {
            pub mod types {}
            pub mod builder {
                impl<'a> X<'a> { pub async fn send(self) -> types::X { todo!() } }
            }
        };
        let err = collect(&file)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("unexpected `send` type"), "{err}");
    }
}
