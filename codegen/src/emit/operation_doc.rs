//! The docs of each `Client` operation method and of the `Client` itself, in place of
//! progenitor's: progenitor shows `.body(body)` and lists every parameter as an argument,
//! while users call the setters. Each operation's doc gives what it does, its method and
//! path, what it answers, its required setters and an example that sets them, compiled by
//! rustdoc (`no_run`: it needs credentials).
//!
//! Examples are written against the product crate, whose name the generator doesn't know:
//! the doc is a `concat!` of text and `env!("CARGO_CRATE_NAME")`, expanded where the
//! generated code is compiled.

use crate::collect::Collected;
use crate::syntax::{generic_inner, last_ident, option_inner};
use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;
use twilio_spec::fixups::Extras;
use twilio_spec::model::{Operation, ValueType};

/// Where the product crate's name goes in a doc text.
const KRATE: &str = "\u{0}";

/// A required setter, as the operation's doc names it and its example calls it.
pub(super) struct RequiredSetter {
    /// The setter's name.
    pub setter: String,
    /// A value of its type, as Rust source (the crate named by [`KRATE`]); `None` for a type
    /// the example can't write, whose setter the example leaves out.
    pub example: Option<String>,
}

/// What an example value is written from: the setter's Rust type (`T`, `Option<T>`,
/// `Vec<T>`), the spec's value type, and whether it must be an absolute URL.
pub(super) struct ValueSource<'a> {
    pub ty: &'a syn::Type,
    pub value: &'a ValueType,
    pub uri: bool,
}

/// A value for the setter `setter`: a string literal for a string or a SID (with the SID's
/// prefix, so it passes the check), the enum's first variant, a number within the range,
/// `true`, empty JSON, or a type's `Default`.
pub(super) fn example_value(
    setter: &str,
    source: &ValueSource<'_>,
    sids: &BTreeSet<String>,
    extras: &Extras,
    collected: &Collected,
) -> Option<String> {
    let ty = option_inner(source.ty).unwrap_or(source.ty);
    if let Some(elem) = generic_inner(ty, "Vec") {
        let inner = match source.value {
            ValueType::Array(v) => v.as_ref(),
            other => other,
        };
        let one = ValueSource {
            ty: elem,
            value: inner,
            uri: source.uri,
        };
        return example_value(setter, &one, sids, extras, collected).map(|v| format!("[{v}]"));
    }
    let name = last_ident(ty);
    if sids.contains(&name) {
        let prefix = extras.sids.iter().find(|s| s.name == name)?.prefix.clone();
        return Some(format!("\"{prefix}{}\"", "0".repeat(32)));
    }
    if let Some(e) = extras.enums.iter().find(|e| e.name == name) {
        let first = e.values.first()?;
        let variant = twilio_spec::names::variant_name(first);
        return Some(format!("{KRATE}::types::{name}::{variant}"));
    }
    let value = match name.as_str() {
        "String" if source.uri => "\"https://example.com\"".to_string(),
        "String" => format!("{:?}", setter.replace('_', " ")),
        "bool" => "true".to_string(),
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" => {
            let (min, max) = match source.value {
                ValueType::Int { min, max } => (*min, *max),
                _ => (None, None),
            };
            let n = min.map_or(1, |m| m.max(1));
            max.map_or(n, |m| n.min(m)).to_string()
        }
        "f32" | "f64" => "1.0".to_string(),
        "Value" => "serde_json::json!({})".to_string(),
        "DateTime" => "chrono::Utc::now()".to_string(),
        _ if collected.type_structs.contains_key(&name) => {
            format!("{KRATE}::types::{name}::default()")
        }
        _ => return None,
    };
    Some(value)
}

/// The doc of `Client::{method}`: what the operation does, `METHOD /path`, what it answers,
/// its required setters, and an example.
pub(super) fn operation_doc(
    op: &Operation,
    builder: &str,
    success: &syn::Type,
    required: &[RequiredSetter],
) -> TokenStream {
    let method = op.operation_id.to_snake_case();
    let mut doc = String::new();
    if !op.description.trim().is_empty() {
        doc.push_str(op.description.trim());
        doc.push_str("\n\n");
    }
    let answers = answer_link(success);
    doc.push_str(&format!(
        "`{} {}` → {answers}. Set the request's fields on [`builder::{builder}`](crate::builder::{builder}), then `send` it.\n\n",
        op.method, op.path
    ));
    let link = |s: &str| format!("[`{s}`](crate::builder::{builder}::{s})");
    if required.is_empty() {
        doc.push_str("Required setters: none.\n\n");
    } else {
        let names: Vec<String> = required.iter().map(|r| link(&r.setter)).collect();
        doc.push_str(&format!("Required setters: {}.\n\n", names.join(", ")));
    }
    let mut chain = format!("let client = {KRATE}::Client::from_env()?;\n");
    let calls: String = required
        .iter()
        .filter_map(|r| {
            let v = r.example.as_ref()?;
            Some(format!("    .{}({v})\n", r.setter))
        })
        .collect();
    if op.list.is_some() {
        doc.push_str(&format!(
            "A list: {} yields every item across pages, {} each page with its metadata.\n\n",
            link("stream"),
            link("pages")
        ));
        chain = format!("use futures::TryStreamExt;\n\n{chain}");
        chain.push_str(&format!(
            "let items: Vec<_> = client\n    .{method}()\n{calls}    .stream()\n    .try_collect()\n    .await?;\n"
        ));
    } else {
        let binding = match success {
            syn::Type::Tuple(t) if t.elems.is_empty() => String::new(),
            other => format!("let {} = ", last_ident(other).to_snake_case()),
        };
        chain.push_str(&format!(
            "{binding}client\n    .{method}()\n{calls}    .send()\n    .await?;\n"
        ));
    }
    doc.push_str(&example_block(&chain));
    doc_tokens(&doc)
}

/// The `Client`'s own doc: how to make one and call an operation, with `example` (the first
/// operation that needs no setter) when the spec has one.
pub fn client_doc(example: Option<&Operation>) -> TokenStream {
    let mut doc = String::from(
        "The API's client: one method per operation, each returning a builder of its \
         request. Set the request's fields with the builder's setters, then `send().await` \
         it; a list also `stream()`s its items across pages.\n\n\
         Make one with [`Client::builder`] (credentials, region, retries, timeouts) or \
         [`Client::from_env`]. A clone shares the connection pool and credentials; \
         [`Client::with_timeout`] and [`Client::with_retry`] give a clone with another \
         policy, for one call or many.\n\n",
    );
    if let Some(op) = example {
        let method = op.operation_id.to_snake_case();
        doc.push_str(&example_block(&format!(
            "let client = {KRATE}::Client::from_env()?;\nlet response = client.{method}().send().await?;\n"
        )));
    }
    doc_tokens(&doc)
}

fn answer_link(success: &syn::Type) -> String {
    match success {
        syn::Type::Tuple(t) if t.elems.is_empty() => "no body".to_string(),
        other if last_ident(other) == "ByteStream" => "the response's bytes".to_string(),
        other => {
            let name = last_ident(other);
            format!("[`{name}`](crate::types::{name})")
        }
    }
}

/// A `no_run` example: `body` runs in an async function returning the crate's `Result`.
fn example_block(body: &str) -> String {
    let (uses, rest) = match body.split_once("\n\n") {
        Some((u, r)) if u.starts_with("use ") => (format!("{u}\n\n"), r),
        _ => (String::new(), body),
    };
    format!(
        "```no_run\n{uses}# async fn example() -> {KRATE}::Result<()> {{\n{rest}# Ok(())\n# }}\n```"
    )
}

/// `#[doc = …]`'s value: a literal, or `concat!` of the text around each [`KRATE`] with the
/// product crate's name.
fn doc_tokens(doc: &str) -> TokenStream {
    let parts: Vec<&str> = doc.split(KRATE).collect();
    if parts.len() == 1 {
        return quote! { #doc };
    }
    let mut tokens = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            tokens.push(quote! { env!("CARGO_CRATE_NAME") });
        }
        if !part.is_empty() {
            tokens.push(quote! { #part });
        }
    }
    quote! { concat!(#(#tokens),*) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::tests::operation;
    use twilio_spec::fixups::{EnumType, SidType};
    use twilio_spec::model::StrRule;

    fn ty(s: &str) -> syn::Type {
        syn::parse_str(s).unwrap()
    }

    fn extras() -> Extras {
        Extras {
            sids: vec![SidType {
                name: "FlexFlowSid".into(),
                prefix: "FO".into(),
                label: "Flex Flow".into(),
            }],
            enums: vec![EnumType {
                name: "ChannelType".into(),
                values: vec!["web".into(), "sms".into()],
                description: None,
            }],
            ..Extras::default()
        }
    }

    fn value(setter: &str, t: &str, v: ValueType, uri: bool) -> Option<String> {
        let sids = BTreeSet::from(["FlexFlowSid".to_string()]);
        let source = ValueSource {
            ty: &ty(t),
            value: &v,
            uri,
        };
        example_value(setter, &source, &sids, &extras(), &Collected::default())
            .map(|s| s.replace(KRATE, "krate"))
    }

    #[test]
    fn example_values_pass_the_setters_checks() {
        let s = ValueType::Str(StrRule::default());
        assert_eq!(
            value("sid", "types::FlexFlowSid", s.clone(), false).as_deref(),
            Some("\"FO00000000000000000000000000000000\""),
            "a SID has its prefix and 32 hex digits"
        );
        assert_eq!(
            value(
                "channel_type",
                "Option<types::ChannelType>",
                s.clone(),
                false
            )
            .as_deref(),
            Some("krate::types::ChannelType::Web")
        );
        assert_eq!(
            value("friendly_name", "String", s.clone(), false).as_deref(),
            Some("\"friendly name\"")
        );
        assert_eq!(
            value("url", "String", s.clone(), true).as_deref(),
            Some("\"https://example.com\"")
        );
        let range = ValueType::Int {
            min: Some(5),
            max: Some(10),
        };
        assert_eq!(value("n", "i64", range, false).as_deref(), Some("5"));
        let capped = ValueType::Int {
            min: None,
            max: Some(0),
        };
        assert_eq!(value("n", "i64", capped, false).as_deref(), Some("0"));
        let many = ValueType::Array(Box::new(s.clone()));
        assert_eq!(
            value("sids", "Vec<types::FlexFlowSid>", many, false).as_deref(),
            Some("[\"FO00000000000000000000000000000000\"]")
        );
        assert_eq!(
            value("x", "serde_json::Value", ValueType::Any, false).as_deref(),
            Some("serde_json::json!({})")
        );
        assert_eq!(value("x", "types::Unknown", ValueType::Object, false), None);
    }

    #[test]
    fn an_operation_doc_gives_method_path_answer_required_setters_and_an_example() {
        let mut op = operation("CreateFlexFlow", "POST", "/v1/FlexFlows");
        op.description = "Creates a Flex Flow.".into();
        let required = [
            RequiredSetter {
                setter: "friendly_name".into(),
                example: Some("\"friendly name\"".into()),
            },
            RequiredSetter {
                setter: "odd".into(),
                example: None,
            },
        ];
        let doc =
            operation_doc(&op, "CreateFlexFlow", &ty("types::FlexFlow"), &required).to_string();
        for needle in [
            "Creates a Flex Flow.",
            "`POST /v1/FlexFlows` → [`FlexFlow`](crate::types::FlexFlow)",
            "[`friendly_name`](crate::builder::CreateFlexFlow::friendly_name), [`odd`]",
            "```no_run",
            "let flex_flow = client\\n    .create_flex_flow()\\n    .friendly_name(\\\"friendly name\\\")\\n    .send()",
        ] {
            assert!(doc.contains(needle), "{needle} in {doc}");
        }
        assert!(!doc.contains(".odd("), "no value, no call: {doc}");
        assert!(
            doc.starts_with("concat !") && doc.contains("env ! (\"CARGO_CRATE_NAME\")"),
            "the example names the product crate where it is compiled: {doc}"
        );
        assert!(!doc.contains(".body("), "{doc}");
    }

    #[test]
    fn a_list_example_streams_and_a_delete_binds_nothing() {
        let mut list = operation("ListFlexFlow", "GET", "/v1/FlexFlows");
        list.list = Some(twilio_spec::fixups::ListResponse {
            operation_id: "ListFlexFlow".into(),
            type_name: "ListFlexFlowResponse".into(),
            items_field: "flex_flows".into(),
            item_type: "FlexFlow".into(),
        });
        let doc = operation_doc(
            &list,
            "ListFlexFlow",
            &ty("types::ListFlexFlowResponse"),
            &[],
        )
        .to_string();
        assert!(doc.contains("use futures::TryStreamExt;"), "{doc}");
        assert!(doc.contains(".stream()\\n    .try_collect()"), "{doc}");
        assert!(doc.contains("Required setters: none."), "{doc}");
        let delete = operation("DeleteFlexFlow", "DELETE", "/v1/FlexFlows/{Sid}");
        let doc = operation_doc(&delete, "DeleteFlexFlow", &ty("()"), &[]).to_string();
        assert!(doc.contains("→ no body"), "{doc}");
        assert!(doc.contains("\\nclient\\n    .delete_flex_flow()"), "{doc}");
    }
}
