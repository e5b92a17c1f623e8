//! Twilio's wire names for parameters the fix-ups renamed for the Rust side.

use crate::error::{Error, Result};
use crate::syntax::{find_mod_mut, mod_items_mut, self_name};
use heck::ToUpperCamelCase;
use std::collections::{BTreeMap, BTreeSet};
use syn::Item;
use syn::visit_mut::VisitMut;

/// Puts back the wire names of parameters the fix-ups renamed for the Rust side
/// (`DateCreatedBefore` → `DateCreated<`, see
/// [`name_comparison_parameters`](twilio_spec::fixups::name_comparison_parameters)): each is a string
/// literal in its operation's `send`. One that isn't found is an error.
pub fn restore_wire_names(
    file: &mut syn::File,
    wire_names: &BTreeMap<(String, String), String>,
) -> Result<()> {
    struct Lit<'a> {
        renames: BTreeMap<&'a str, &'a str>,
        done: BTreeSet<String>,
    }
    impl VisitMut for Lit<'_> {
        fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
            if let Some(wire) = self.renames.get(lit.value().as_str()) {
                self.done.insert(lit.value());
                *lit = syn::LitStr::new(wire, lit.span());
            }
        }
    }
    if wire_names.is_empty() {
        return Ok(());
    }
    let builder = find_mod_mut(&mut file.items, "builder")?;
    for item in mod_items_mut(builder) {
        let Item::Impl(imp) = item else { continue };
        let name = self_name(imp);
        let renames: BTreeMap<&str, &str> = wire_names
            .iter()
            .filter(|((op, _), _)| op.to_upper_camel_case() == name)
            .map(|((_, new), wire)| (new.as_str(), wire.as_str()))
            .collect();
        if renames.is_empty() {
            continue;
        }
        let mut v = Lit {
            renames,
            done: BTreeSet::new(),
        };
        for i in &mut imp.items {
            if let syn::ImplItem::Fn(f) = i
                && f.sig.ident == "send"
            {
                v.visit_block_mut(&mut f.block);
            }
        }
        if let Some(missing) = v.renames.keys().find(|k| !v.done.contains(**k)) {
            return Err(Error::PostProcess(format!(
                "{name}: parameter `{missing}` (wire name `{}`) not found in its request",
                v.renames[missing]
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn wire_names_are_restored_in_the_request_and_a_missing_one_is_an_error() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod builder {
                impl<'a> ListCall<'a> {
                    pub async fn send(self) {
                        let request = client
                            .query(&progenitor_client::QueryParam::new("StartTimeBefore", &start_time_before))
                            .query(&progenitor_client::QueryParam::new("StartTime", &start_time));
                    }
                }
            }
        };
        let mut renames = BTreeMap::new();
        renames.insert(
            ("ListCall".to_string(), "StartTimeBefore".to_string()),
            "StartTime<".to_string(),
        );
        restore_wire_names(&mut file, &renames).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(text.contains("\"StartTime<\""), "{text}");
        assert!(!text.contains("\"StartTimeBefore\""), "{text}");
        // Run again: the renamed parameter is no longer there, and that is said.
        let err = restore_wire_names(&mut file, &renames)
            .unwrap_err()
            .to_string();
        assert!(err.contains("StartTimeBefore"), "{err}");
    }
}
