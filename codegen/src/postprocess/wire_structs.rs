//! serde attributes of the types decoded from the wire: what typify writes is strict or slow
//! where Twilio's responses need lenient and fast.

use super::expect_count;
use crate::error::{Error, Result};
use crate::runtime_paths::{
    NULL_AS_DEFAULT, STRING_MAP_WITHOUT_NULLS, TIMESTAMP, TIMESTAMP_OPTION,
};
use crate::syntax::{
    derives, find_mod_mut, generic_inner, has_serde_default, last_ident, mod_items_mut,
    option_inner, serde_metas, serde_str_item, type_args,
};
use syn::Item;

/// The fields of the structs of `mod types` that derive `Deserialize` (the types decoded from
/// the wire), for the passes below.
fn wire_struct_fields(file: &mut syn::File) -> Result<Vec<&mut syn::Field>> {
    let types = find_mod_mut(&mut file.items, "types")?;
    Ok(mod_items_mut(types)
        .iter_mut()
        .filter_map(|item| match item {
            Item::Struct(s) if derives(&s.attrs, "Deserialize") => Some(s),
            _ => None,
        })
        .flat_map(|s| s.fields.iter_mut())
        .collect())
}

/// Keeps empty arrays when re-encoding: typify skips them (`skip_serializing_if =
/// "::std::vec::Vec::is_empty"` on every list field with a default), so a decoded `[]` would
/// come back as a missing field. Form bodies are unaffected (an empty array sends no pairs
/// either way). A list field with a default but without that item means typify's output
/// changed: an error.
pub fn keep_empty_arrays(file: &mut syn::File) -> Result<()> {
    let mut expected = 0;
    let mut removed = 0;
    for field in wire_struct_fields(file)? {
        if last_ident(&field.ty) == "Vec" && has_serde_default(field) {
            expected += 1;
        }
        for attr in &mut field.attrs {
            let Some(metas) = serde_metas(attr) else {
                continue;
            };
            let kept: Vec<&syn::Meta> = metas
                .iter()
                .filter(|m| {
                    serde_str_item(m, "skip_serializing_if")
                        .is_none_or(|f| !f.ends_with("Vec::is_empty"))
                })
                .collect();
            if kept.len() != metas.len() {
                removed += metas.len() - kept.len();
                *attr = syn::parse_quote!(#[serde(#(#kept),*)]);
            }
        }
        field
            .attrs
            .retain(|a| serde_metas(a).is_none_or(|m| !m.is_empty()));
    }
    expect_count(
        "keep_empty_arrays",
        "`skip_serializing_if = Vec::is_empty` on list fields with a default",
        removed,
        expected,
    )
}

/// Decodes timestamps through the runtime's `timestamp` module, which reads Twilio's usual
/// `2016-08-01T22:10:40Z` directly and hands anything else to chrono: chrono's general RFC 3339
/// parser was ~11% of decoding a page of Flex Flows. `date_times` is how many `date-time`
/// properties the spec's schemas have: finding none of them means typify's output changed.
pub fn fast_timestamps(file: &mut syn::File, date_times: usize) -> Result<()> {
    let mut found = 0;
    for field in wire_struct_fields(file)? {
        let optional = if is_utc_datetime(&field.ty) {
            false
        } else if option_inner(&field.ty).is_some_and(is_utc_datetime) {
            true
        } else {
            continue;
        };
        found += 1;
        let with = if optional {
            TIMESTAMP_OPTION
        } else {
            TIMESTAMP
        }
        .path_str();
        // `default`: a missing optional field stays `None` with `deserialize_with`.
        let default = (optional && !has_serde_default(field)).then(|| quote::quote!(default,));
        field
            .attrs
            .push(syn::parse_quote!(#[serde(#default deserialize_with = #with)]));
    }
    if date_times > 0 && found == 0 {
        return Err(Error::PostProcess(format!(
            "fast_timestamps: the spec has {date_times} date-time properties but typify's \
             output has no `DateTime<Utc>` field; its output has changed shape"
        )));
    }
    Ok(())
}

/// Makes the wire lenient about `null` where typify expects a collection: a list or map
/// field with a default decodes `null` as empty (the runtime's `null_as_default`), and a map
/// of strings (`links`) leaves out `null` values (`string_map_without_nulls`). Twilio's
/// examples and responses do both where the spec says otherwise; one such value would fail
/// the whole response.
pub fn lenient_collections(file: &mut syn::File) -> Result<()> {
    for field in wire_struct_fields(file)? {
        let has_default = has_serde_default(field);
        let with = if has_default && is_collection(&field.ty) {
            NULL_AS_DEFAULT
        } else if option_inner(&field.ty).is_some_and(is_string_map) {
            STRING_MAP_WITHOUT_NULLS
        } else {
            continue;
        }
        .path_str();
        let default = (!has_default).then(|| quote::quote!(default,));
        field
            .attrs
            .push(syn::parse_quote!(#[serde(#default deserialize_with = #with)]));
    }
    Ok(())
}

fn is_collection(ty: &syn::Type) -> bool {
    matches!(
        last_ident(ty).as_str(),
        "Vec" | "HashMap" | "BTreeMap" | "Map"
    )
}

/// `HashMap<String, String>` (or `BTreeMap`), however qualified.
fn is_string_map(ty: &syn::Type) -> bool {
    let syn::Type::Path(tp) = ty else {
        return false;
    };
    let Some(last) = tp.path.segments.last() else {
        return false;
    };
    if last.ident != "HashMap" && last.ident != "BTreeMap" {
        return false;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return false;
    };
    let types = type_args(args);
    types.len() == 2 && types.iter().all(|t| last_ident(t) == "String")
}

/// `chrono::DateTime<Utc>`, however qualified.
fn is_utc_datetime(ty: &syn::Type) -> bool {
    last_ident(ty) == "DateTime"
        && generic_inner(ty, "DateTime").is_some_and(|t| last_ident(t) == "Utc")
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    #[test]
    fn empty_arrays_are_kept() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize)]
                struct X {
                    #[serde(default, skip_serializing_if = "::std::vec::Vec::is_empty")]
                    items: Vec<u8>,
                    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                    meta: Option<u8>,
                }
            }
        };
        keep_empty_arrays(&mut file).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(!text.contains("Vec::is_empty"), "{text}");
        assert!(
            !text.contains("skip_serializing_if = \"::std::vec"),
            "{text}"
        );
        assert!(text.contains("serde (default)"), "{text}");
        assert!(text.contains("Option::is_none"), "{text}");
        // A list field with a default the way typify no longer writes it: an error.
        let mut moved: syn::File = syn::parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize)]
                struct X {
                    #[serde(default, skip_serializing_if = "Vec::is_empty_v2")]
                    items: Vec<u8>,
                }
            }
        };
        let err = keep_empty_arrays(&mut moved).unwrap_err().to_string();
        assert!(err.contains("keep_empty_arrays: found 0"), "{err}");
    }

    #[test]
    fn timestamps_decode_through_the_fast_path() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize, Clone)]
                struct X {
                    #[serde(skip_serializing_if = "::std::option::Option::is_none")]
                    created: ::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>,
                    at: ::chrono::DateTime<::chrono::offset::Utc>,
                    local: ::std::option::Option<::chrono::DateTime<::chrono::FixedOffset>>,
                    name: ::std::option::Option<String>,
                }
                struct Builder {
                    created: Result<Option<::chrono::DateTime<::chrono::offset::Utc>>, String>,
                }
            }
        };
        fast_timestamps(&mut file, 2).unwrap();
        let text = file.to_token_stream().to_string();
        assert_eq!(text.matches("deserialize_with").count(), 2, "{text}");
        assert!(
            text.contains(
                "serde (default , deserialize_with = \"::twilio_runtime::__generated::timestamp::deserialize_option\")"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "serde (deserialize_with = \"::twilio_runtime::__generated::timestamp::deserialize\")"
            ),
            "{text}"
        );
        // Date-times in the spec and none in typify's output: its shape moved.
        let mut moved: syn::File = syn::parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize)]
                struct X { at: ::time::OffsetDateTime }
            }
        };
        assert!(fast_timestamps(&mut moved, 1).is_err());
    }

    #[test]
    fn null_collections_and_links_decode_leniently() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                #[derive(::serde::Deserialize)]
                struct X {
                    #[serde(default)]
                    errors: ::std::vec::Vec<String>,
                    #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
                    links: ::std::option::Option<::std::collections::HashMap<::std::string::String, ::std::string::String>>,
                    name: ::std::option::Option<String>,
                }
            }
        };
        lenient_collections(&mut file).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(
            text.contains("deserialize_with = \"::twilio_runtime::__generated::null_as_default\""),
            "{text}"
        );
        assert!(
            text.contains(
                "deserialize_with = \"::twilio_runtime::__generated::string_map_without_nulls\""
            ),
            "{text}"
        );
        assert_eq!(text.matches("deserialize_with").count(), 2, "{text}");
    }
}
