//! The bodies a product declares (see [`twilio_spec::product::SchemaBody`]).

use super::expect_count;
use crate::error::Result;
use crate::syntax::{find_mod_mut, mod_items_mut, self_name};
use heck::ToUpperCamelCase;
use syn::Item;
use syn::visit_mut::VisitMut;

/// Starts the bodies the product declares (a JSON object assembled by typed setters, see
/// [`twilio_spec::product::SchemaBody`]) as an empty object instead of progenitor's "not set"
/// error, so setting one property is a complete body. `operations` are their operationIds.
pub fn empty_declared_bodies(file: &mut syn::File, operations: &[String]) -> Result<()> {
    let builder = find_mod_mut(&mut file.items, "builder")?;
    let mut started = 0;
    for item in mod_items_mut(builder) {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some()
            || !operations
                .iter()
                .any(|op| op.to_upper_camel_case() == self_name(imp))
        {
            continue;
        }
        for i in &mut imp.items {
            let syn::ImplItem::Fn(f) = i else { continue };
            if f.sig.ident != "new" {
                continue;
            }
            struct V(usize);
            impl VisitMut for V {
                fn visit_field_value_mut(&mut self, fv: &mut syn::FieldValue) {
                    if matches!(&fv.member, syn::Member::Named(m) if m == "body") {
                        fv.expr = syn::parse_quote!(Ok(::std::default::Default::default()));
                        self.0 += 1;
                    }
                }
            }
            let mut v = V(0);
            v.visit_block_mut(&mut f.block);
            started += v.0;
        }
    }
    expect_count(
        "empty_declared_bodies",
        "`body` fields set in the declared operations' `new`",
        started,
        operations.len(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn a_declared_body_starts_empty() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod builder {
                impl<'a> UpdateConfiguration<'a> {
                    pub fn new(client: &'a Client) -> Self {
                        Self { client, body: Err("body was not initialized".to_string()) }
                    }
                }
                impl<'a> CreateX<'a> {
                    pub fn new(client: &'a Client) -> Self {
                        Self { client, body: Err("body was not initialized".to_string()) }
                    }
                }
            }
        };
        empty_declared_bodies(&mut file, &["UpdateConfiguration".to_string()]).unwrap();
        let text = file.to_token_stream().to_string();
        assert_eq!(
            text.matches("body : Ok (:: std :: default :: Default :: default ())")
                .count(),
            1,
            "{text}"
        );
        let err = empty_declared_bodies(&mut file, &["UpdateX".to_string()])
            .unwrap_err()
            .to_string();
        assert!(err.contains("empty_declared_bodies: found 0"), "{err}");
    }
}
