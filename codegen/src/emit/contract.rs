//! The hidden registry of operations that the contract, property and fuzz tests walk.

use super::operation::{Response, response_kind};
use crate::collect::Collected;
use crate::error::{Error, Result};
use crate::runtime_paths::FORM_PAIRS;
use crate::syntax::{generic_inner, last_ident};
use heck::ToUpperCamelCase;
use quote::{format_ident, quote};
use syn::Item;
use twilio_spec::model::Operation;

/// A hidden registry of every operation with its response decoder and body encoder, so
/// tests can check every spec example and fuzz every response type without listing them.
pub fn contract(ops: &[Operation], c: &Collected) -> Result<Item> {
    let mut entries = Vec::new();
    for op in ops {
        let builder_name = op.operation_id.to_upper_camel_case();
        let fields = c
            .builders
            .get(&builder_name)
            .ok_or_else(|| Error::PostProcess(format!("no builder `{builder_name}`")))?;
        let success = c
            .send_types
            .get(&builder_name)
            .ok_or_else(|| Error::PostProcess(format!("no `send` on {builder_name}")))?;
        let response = if response_kind(success) != Response::Json {
            quote! { None }
        } else {
            quote! { Some(|bytes| serde_json::to_value(serde_json::from_slice::<#success>(bytes)?)) }
        };
        let body = match (&op.body, fields.iter().find(|f| f.ident == "body")) {
            (Some(body), Some(field)) => {
                let inner = generic_inner(&field.ty, "Result").ok_or_else(|| {
                    Error::PostProcess(format!("{builder_name}.body is not a Result"))
                })?;
                // `types::builder::X` (a struct body) decodes as `types::X`; a free-form body is a map.
                let is_struct_builder = matches!(inner, syn::Type::Path(p)
                    if p.path.segments.iter().any(|s| s.ident == "builder"));
                let ty: syn::Type = if is_struct_builder {
                    let name = format_ident!("{}", last_ident(inner));
                    syn::parse_quote!(types::#name)
                } else {
                    inner.clone()
                };
                if body.content_type.contains("json") {
                    quote! { Some(|v| Ok(EncodedBody::Json(serde_json::to_value(serde_json::from_value::<#ty>(v)?)?))) }
                } else {
                    quote! { Some(|v| Ok(EncodedBody::Form(#FORM_PAIRS(&serde_json::from_value::<#ty>(v)?)?))) }
                }
            }
            _ => quote! { None },
        };
        let (id, method, path) = (&op.operation_id, &op.method, &op.path);
        entries.push(quote! {
            OperationContract { id: #id, method: #method, path: #path, response: #response, body: #body }
        });
    }
    Ok(syn::parse_quote! {
        /// Every operation with its response decoder and body encoder, for the contract,
        /// property and fuzz tests (feature `contract`, so users don't compile it).
        #[cfg(feature = "contract")]
        #[doc(hidden)]
        pub mod contract {
            use super::types;
            pub use ::twilio_spec::contract::{EncodedBody, OperationContract};

            /// All operations, in spec order.
            pub const OPERATIONS: &[OperationContract] = &[#(#entries),*];
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::tests::{collected, field, operation};
    use quote::ToTokens;

    #[test]
    fn each_operation_gets_a_decoder_and_an_encoder_for_its_body_kind() {
        let mut create = operation("CreateWidget", "POST", "/v1/Widgets");
        create.body = Some(twilio_spec::model::Body {
            content_type: "application/x-www-form-urlencoded".into(),
            fields: Vec::new(),
        });
        let mut update = operation("UpdateThing", "POST", "/v1/Thing");
        update.body = Some(twilio_spec::model::Body {
            content_type: "application/json".into(),
            fields: Vec::new(),
        });
        let delete = operation("DeleteWidget", "DELETE", "/v1/Widgets/{Sid}");
        let mut c = collected(
            &[],
            &[
                (
                    "CreateWidget",
                    vec![field(
                        "body",
                        "Result<types::builder::CreateWidgetRequest, String>",
                        "body",
                    )],
                ),
                (
                    "UpdateThing",
                    vec![field(
                        "body",
                        "Result<::serde_json::Map<String, ::serde_json::Value>, String>",
                        "body",
                    )],
                ),
                ("DeleteWidget", vec![]),
            ],
        );
        for (b, t) in [
            ("CreateWidget", "types::Widget"),
            ("UpdateThing", "types::Thing"),
            ("DeleteWidget", "()"),
        ] {
            c.send_types.insert(b.into(), syn::parse_str(t).unwrap());
        }
        let item = contract(&[create, update, delete], &c).unwrap();
        let text = item.to_token_stream().to_string();
        assert!(
            text.contains("# [cfg (feature = \"contract\")] # [doc (hidden)] pub mod contract"),
            "{text}"
        );
        assert!(text.contains("id : \"CreateWidget\" , method : \"POST\" , path : \"/v1/Widgets\" , response : Some (| bytes | serde_json :: to_value (serde_json :: from_slice :: < types :: Widget > (bytes) ?))"), "{text}");
        assert!(text.contains("EncodedBody :: Form (:: twilio_runtime :: __generated :: form_pairs (& serde_json :: from_value :: < types :: CreateWidgetRequest > (v) ?) ?)"), "{text}");
        assert!(text.contains("EncodedBody :: Json (serde_json :: to_value (serde_json :: from_value :: < :: serde_json :: Map < String , :: serde_json :: Value > > (v) ?) ?)"), "{text}");
        assert!(text.contains("id : \"DeleteWidget\" , method : \"DELETE\" , path : \"/v1/Widgets/{Sid}\" , response : None , body : None"), "{text}");
    }
}
