//! One setter of a parameter or body field, and the doc texts setters carry.

use crate::runtime_paths::{
    CHECK_LENGTH, CHECK_PATTERN, CHECK_RANGE, CHECK_URI, INTO_SID, INVALID, REGEX,
};
use crate::syntax::{doc_lines, generic_inner, last_ident, option_inner};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;
use twilio_spec::fixups::IntRange;

/// What a setter checks of a value, besides its type.
#[derive(Default)]
pub(super) struct Checks<'a> {
    pub range: Option<IntRange>,
    pub pattern: Option<&'a str>,
    pub uri: bool,
    pub length: Option<(Option<u64>, Option<u64>)>,
}

/// A setter of a parameter or body field of type `ty` (`T`, `Option<T>`, `Vec<T>` or
/// `Option<Vec<T>>`), named `ident`, whose checked value (a `Result<ty, String>`) `assign`
/// stores. The value is converted from what the caller gives (`impl TryInto<T>`, or the
/// runtime's `IntoSid` for a SID type, checked as the client says) and then checked: the
/// integer range, the pattern (strict or lenient as the client says), the length, an
/// absolute URL.
pub(super) fn setter(
    ident: &syn::Ident,
    ty: &syn::Type,
    api: &str,
    doc: &str,
    checks: &Checks<'_>,
    sids: &BTreeSet<String>,
    assign: impl Fn(TokenStream) -> TokenStream,
) -> TokenStream {
    let (ty, optional) = match option_inner(ty) {
        Some(t) => (t.clone(), true),
        None => (ty.clone(), false),
    };
    let (elem, many) = match generic_inner(&ty, "Vec") {
        Some(e) => (e.clone(), true),
        None => (ty.clone(), false),
    };
    let is_sid = sids.contains(&last_ident(&elem));
    let convert = if is_sid {
        quote! {
            #INTO_SID::into_sid(value, &self.client.inner, #api)
                .map_err(|e| #INVALID(#api, e))
        }
    } else {
        quote! {
            value.try_into().map_err(|e| #INVALID(#api, e))
        }
    };
    let mut check = TokenStream::new();
    if let Some(r) = checks.range {
        let (min, max) = (opt_tokens(r.min), opt_tokens(r.max));
        check.extend(quote! { .and_then(|v| #CHECK_RANGE(#api, v, #min, #max)) });
    }
    if let Some(pattern) = checks.pattern {
        check.extend(quote! {
            .and_then(|v| {
                static COMPILED: ::std::sync::OnceLock<Option<#REGEX>> =
                    ::std::sync::OnceLock::new();
                #CHECK_PATTERN(&self.client.inner, #api, v, #pattern, &COMPILED)
            })
        });
    }
    if let Some((min, max)) = checks.length {
        let (min, max) = (opt_tokens(min), opt_tokens(max));
        check.extend(quote! { .and_then(|v| #CHECK_LENGTH(#api, v, #min, #max)) });
    }
    if checks.uri {
        check.extend(quote! { .and_then(|v| #CHECK_URI(#api, v)) });
    }
    let bound = if is_sid {
        quote! { V: #INTO_SID<#elem> }
    } else {
        quote! { V: std::convert::TryInto<#elem>, V::Error: std::fmt::Display }
    };
    let wrap = if optional {
        quote! { .map(Some) }
    } else {
        quote! {}
    };
    if many {
        let store = assign(quote! {
            values
                .into_iter()
                .map(|value| #convert #check)
                .collect::<Result<Vec<#elem>, String>>()
                #wrap
        });
        quote! {
            #[doc = #doc]
            pub fn #ident<I, V>(mut self, values: I) -> Self
            where
                I: IntoIterator<Item = V>,
                #bound,
            {
                #store
                self
            }
        }
    } else {
        let store = assign(quote! { #convert #check #wrap });
        quote! {
            #[doc = #doc]
            pub fn #ident<V>(mut self, value: V) -> Self
            where
                #bound,
            {
                #store
                self
            }
        }
    }
}

/// The field's own doc text (from the spec), its wire name and, when the request alone
/// decides it, whether it is required (an option's field is required by its kind instead).
pub(super) fn field_doc(attrs: &[syn::Attribute], api: &str, required: Option<bool>) -> String {
    let text = doc_lines(attrs);
    let req = match required {
        Some(true) => " (required)",
        Some(false) => " (optional)",
        None => "",
    };
    if text.is_empty() {
        format!("Sets body field `{api}`{req}.")
    } else {
        format!("{}\n\nBody field `{api}`{req}.", text.join("\n"))
    }
}

/// A parameter's description followed by where it goes and whether it is required.
pub(super) fn setter_doc(
    description: Option<&str>,
    api: &str,
    location: &str,
    required: bool,
) -> String {
    let req = if required { "required" } else { "optional" };
    match description {
        Some(d) if !d.is_empty() => format!("{d}\n\n{location} parameter `{api}` ({req})."),
        _ => format!("{location} parameter `{api}` ({req})."),
    }
}

fn opt_tokens<T: quote::ToTokens>(v: Option<T>) -> TokenStream {
    match v {
        Some(n) => quote! { Some(#n) },
        None => quote! { None },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::format_ident;

    fn ty(s: &str) -> syn::Type {
        syn::parse_str(s).unwrap()
    }

    fn store(value: TokenStream) -> TokenStream {
        quote! { self.x = #value; }
    }

    #[test]
    fn a_plain_setter_converts_with_try_into_and_names_the_field() {
        let s = setter(
            &format_ident!("friendly_name"),
            &ty("Option<String>"),
            "FriendlyName",
            "doc",
            &Checks::default(),
            &BTreeSet::new(),
            store,
        )
        .to_string();
        assert!(s.starts_with("# [doc = \"doc\"] pub fn friendly_name < V > (mut self , value : V) -> Self where V : std :: convert :: TryInto < String >"), "{s}");
        assert!(s.contains("value . try_into () . map_err (| e | :: twilio_runtime :: __generated :: invalid (\"FriendlyName\" , e)) . map (Some) ;"), "{s}");
        assert!(!s.contains("and_then"), "{s}");
    }

    #[test]
    fn a_sid_list_setter_takes_an_iterator_of_sids() {
        let sids = BTreeSet::from(["FlexFlowSid".to_string()]);
        let s = setter(
            &format_ident!("sids"),
            &ty("Vec<types::FlexFlowSid>"),
            "Sids",
            "doc",
            &Checks::default(),
            &sids,
            store,
        )
        .to_string();
        assert!(
            s.contains("pub fn sids < I , V > (mut self , values : I)"),
            "{s}"
        );
        assert!(
            s.contains("V : :: twilio_runtime :: __generated :: IntoSid < types :: FlexFlowSid >"),
            "{s}"
        );
        assert!(s.contains(":: twilio_runtime :: __generated :: IntoSid :: into_sid (value , & self . client . inner , \"Sids\")"), "{s}");
        assert!(
            s.contains("collect :: < Result < Vec < types :: FlexFlowSid > , String >> ()"),
            "{s}"
        );
    }

    #[test]
    fn checks_are_chained_in_order_range_pattern_length_uri() {
        let checks = Checks {
            range: Some(IntRange {
                min: Some(1),
                max: Some(1000),
            }),
            pattern: Some("^[a-z]+$"),
            uri: true,
            length: Some((None, Some(64))),
        };
        let s = setter(
            &format_ident!("x"),
            &ty("String"),
            "X",
            "doc",
            &checks,
            &BTreeSet::new(),
            store,
        )
        .to_string();
        let at = |needle: &str| s.find(needle).unwrap_or_else(|| panic!("{needle} in {s}"));
        assert!(
            s.contains("check_range (\"X\" , v , Some (1i64) , Some (1000i64))"),
            "{s}"
        );
        assert!(
            s.contains("check_length (\"X\" , v , None , Some (64u64))"),
            "{s}"
        );
        assert!(
            s.contains("OnceLock < Option < :: twilio_runtime :: __generated :: Regex >>"),
            "{s}"
        );
        assert!(at("check_range") < at("check_pattern"));
        assert!(at("check_pattern") < at("check_length"));
        assert!(at("check_length") < at("check_uri"));
    }

    #[test]
    fn docs_say_where_a_value_goes() {
        assert_eq!(
            setter_doc(Some("The size."), "PageSize", "query", false),
            "The size.\n\nquery parameter `PageSize` (optional)."
        );
        assert_eq!(
            setter_doc(None, "Sid", "path", true),
            "path parameter `Sid` (required)."
        );
        let attrs: Vec<syn::Attribute> = vec![syn::parse_quote!(#[doc = " The name. "])];
        assert_eq!(
            field_doc(&attrs, "FriendlyName", Some(true)),
            "The name.\n\nBody field `FriendlyName` (required)."
        );
        assert_eq!(
            field_doc(&[], "X", Some(false)),
            "Sets body field `X` (optional)."
        );
        assert_eq!(field_doc(&[], "X", None), "Sets body field `X`.");
    }
}
