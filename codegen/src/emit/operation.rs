//! Each operation builder's methods besides progenitor's: its setters, the typed `send`, and
//! the pagination entry points of a list. [`operation_impl`] emits one builder's `impl` from
//! six constructs, in this order: [`parameter_setters`], [`flat_body_setters`],
//! [`family_setters`](super::declared::family_setters),
//! [`declared_body_setters`](super::declared::declared_body_setters), [`typed_send`],
//! [`pagination_methods`].

use super::RESERVED;
use super::declared::{declared_body_setters, family_setters};
use super::operation_doc::{RequiredSetter, ValueSource, example_value, operation_doc};
use super::setter::{Checks, field_doc, setter, setter_doc};
use crate::collect::{Collected, FieldInfo};
use crate::error::{Error, Result};
use crate::runtime_paths::{BYTES, CHECK_REQUEST, DECODE, ITEMS, OPERATION, PAGES, RESULT, SEND};
use crate::syntax::{generic_inner, last_ident, qualify};
use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};
use syn::Item;
use twilio_spec::fixups::{Extras, ListResponse};
use twilio_spec::model::Operation;

/// One operation, with what progenitor generated for it: what each construct reads.
pub(super) struct Target<'a> {
    pub op: &'a Operation,
    /// The builder's name: `CreateFlexFlow`.
    pub builder: String,
    /// The builder struct's fields (`client`, the parameters, `body`).
    pub fields: &'a [FieldInfo],
    pub collected: &'a Collected,
    pub extras: &'a Extras,
    /// Names of the SID types.
    pub sids: &'a BTreeSet<String>,
    /// The operation's spec path, for errors: `#/paths/~1v1~1X/post`.
    pub location: String,
}

impl<'a> Target<'a> {
    pub fn new(
        op: &'a Operation,
        collected: &'a Collected,
        extras: &'a Extras,
        sids: &'a BTreeSet<String>,
    ) -> Result<Self> {
        let builder = op.operation_id.to_upper_camel_case();
        let fields = collected.builders.get(&builder).ok_or_else(|| {
            Error::PostProcess(format!(
                "no builder `{builder}` for operation {}",
                op.operation_id
            ))
        })?;
        Ok(Target {
            location: format!("#/paths/{}/{}", op.path, op.method.to_ascii_lowercase()),
            op,
            builder,
            fields,
            collected,
            extras,
            sids,
        })
    }
}

/// The builder's methods as the constructs add them, and the names they take.
pub(super) struct Members {
    pub methods: Vec<TokenStream>,
    /// (Rust name, wire name) of every parameter and body field, to name them in errors.
    pub wire_fields: Vec<(String, String)>,
    /// Method names already taken: a body field's setter must not shadow one.
    taken: BTreeSet<String>,
    /// Body field setters by wire name, for the family setters.
    pub body_setters: BTreeMap<String, syn::Ident>,
    /// What `check` looks at of each parameter: `(setter, wire name, self.field's error)`.
    pub param_checks: Vec<TokenStream>,
    /// The same of each field of a flat body, on its struct builder `b`.
    pub body_checks: Vec<TokenStream>,
    /// The required setters, in the order they are emitted, for the operation's doc.
    pub required: Vec<RequiredSetter>,
}

impl Members {
    pub fn new() -> Self {
        Members {
            methods: Vec::new(),
            wire_fields: Vec::new(),
            taken: RESERVED.iter().map(|s| s.to_string()).collect(),
            body_setters: BTreeMap::new(),
            param_checks: Vec::new(),
            body_checks: Vec::new(),
            required: Vec::new(),
        }
    }

    /// Takes a method name as it is (a parameter's setter, a builder method).
    pub fn take(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    /// A body field's setter name: the field's own, or `body_`-prefixed when a parameter or
    /// a builder method has it.
    pub fn body_setter_name(&mut self, field: &str) -> syn::Ident {
        let mut name = field.to_string();
        if self.taken.contains(&name) {
            name = format!("body_{name}");
        }
        self.taken.insert(name.clone());
        format_ident!("{}", name)
    }
}

/// An operation builder's `impl`, and the doc of the `Client` method that returns it.
pub struct OperationImpl {
    /// The builder's name: `CreateFlexFlow`.
    pub builder: String,
    /// `impl<'a> CreateFlexFlow<'a> { … }`.
    pub item: Item,
    /// The value of the `Client` method's `#[doc = …]`.
    pub client_doc: TokenStream,
}

/// Setters, typed `send` and pagination entry points for every operation builder.
pub fn operation_impls(
    ops: &[Operation],
    collected: &Collected,
    extras: &Extras,
) -> Result<Vec<OperationImpl>> {
    let sids: BTreeSet<String> = extras.sids.iter().map(|s| s.name.clone()).collect();
    ops.iter()
        .map(|op| {
            let t = Target::new(op, collected, extras, &sids)?;
            let (item, m) = operation_impl_members(&t)?;
            let success = collected
                .send_types
                .get(&t.builder)
                .ok_or_else(|| Error::PostProcess(format!("no `send` on {}", t.builder)))?;
            Ok(OperationImpl {
                client_doc: operation_doc(op, &t.builder, success, &m.required),
                builder: t.builder,
                item,
            })
        })
        .collect()
}

/// One builder's `impl`: the six constructs, in order.
#[cfg(test)]
pub(super) fn operation_impl(t: &Target<'_>) -> Result<Item> {
    operation_impl_members(t).map(|(item, _)| item)
}

/// [`operation_impl`], with what the constructs recorded.
fn operation_impl_members(t: &Target<'_>) -> Result<(Item, Members)> {
    let mut m = Members::new();
    parameter_setters(t, &mut m)?;
    flat_body_setters(t, &mut m)?;
    let family_rules = family_setters(t, &mut m)?;
    let fill_account = declared_body_setters(t, &mut m)?;
    let operation = operation_const(t, &m, &family_rules);
    m.methods.push(check_method(t, &m));
    m.methods.push(typed_send(t, &operation, &fill_account)?);
    if let Some(list) = &t.op.list {
        m.methods.push(pagination_methods(t.op, list, &operation));
    }
    let builder = format_ident!("{}", t.builder);
    let methods = &m.methods;
    let item = syn::parse_quote! {
        impl<'a> #builder<'a> {
            #(#methods)*
        }
    };
    Ok((item, m))
}

/// A setter per path, query and header parameter, on its builder field, with the checks the
/// spec gives it.
pub(super) fn parameter_setters(t: &Target<'_>, m: &mut Members) -> Result<()> {
    for param in &t.op.params {
        let ident_s = param.rust_name.clone();
        let field = t
            .fields
            .iter()
            .find(|f| f.ident == ident_s)
            .ok_or_else(|| {
                Error::unsupported(
                    &t.location,
                    format!(
                        "parameter `{}` has no builder field `{ident_s}`",
                        param.api_name
                    ),
                )
            })?;
        m.take(&ident_s);
        let inner_result = generic_inner(&field.ty, "Result").ok_or_else(|| {
            Error::PostProcess(format!("{}.{ident_s} is not a Result", t.builder))
        })?;
        let checks = Checks {
            range: param.range,
            pattern: param.pattern.as_deref(),
            uri: param.uri,
            length: param.length,
        };
        m.wire_fields
            .push((ident_s.clone(), param.api_name.clone()));
        let api = &param.api_name;
        let ident = &field.ident;
        m.param_checks
            .push(quote! { (#ident_s, #api, self.#ident.as_ref().err()) });
        let doc = setter_doc(
            param.description.as_deref(),
            &param.api_name,
            &param.location,
            param.required,
        );
        if param.required {
            let source = ValueSource {
                ty: inner_result,
                value: &param.ty,
                uri: param.uri,
            };
            m.required.push(RequiredSetter {
                setter: ident_s.clone(),
                example: example_value(&ident_s, &source, t.sids, t.extras, t.collected),
            });
        }
        let ident = &field.ident;
        m.methods.push(setter(
            ident,
            inner_result,
            &param.api_name,
            &doc,
            &checks,
            t.sids,
            |value| quote! { self.#ident = #value; },
        ));
    }
    Ok(())
}

/// Flat body setters: one per field of the spec's body, on the operation builder itself,
/// setting it through typify's struct builder. (A body the product declares gets its setters
/// from [`declared_body_setters`] instead.)
pub(super) fn flat_body_setters(t: &Target<'_>, m: &mut Members) -> Result<()> {
    let declared = t
        .extras
        .bodies
        .iter()
        .any(|b| b.operation == t.op.operation_id);
    let Some(body) = &t.op.body else {
        return Ok(());
    };
    if body.fields.is_empty() || declared {
        return Ok(());
    }
    let builder_name = &t.builder;
    let body_ty = generic_inner(
        &t.fields
            .iter()
            .find(|f| f.ident == "body")
            .map(|f| f.ty.clone())
            .ok_or_else(|| {
                Error::PostProcess(format!(
                    "{builder_name} has a body in the spec but no `body` field"
                ))
            })?,
        "Result",
    )
    .cloned()
    .ok_or_else(|| Error::PostProcess(format!("{builder_name}.body is not a Result")))?;
    let type_name = last_ident(&body_ty);
    let struct_fields = t.collected.type_structs.get(&type_name).ok_or_else(|| {
        Error::PostProcess(format!(
            "body type `{type_name}` of {builder_name} not found"
        ))
    })?;
    for f in struct_fields {
        let name = m.body_setter_name(&f.ident.to_string());
        m.wire_fields.push((name.to_string(), f.wire.clone()));
        let (setter_s, wire, field) = (name.to_string(), &f.wire, &f.ident);
        m.body_checks
            .push(quote! { (#setter_s, #wire, b.#field.as_ref().err()) });
        let key = (t.op.operation_id.clone(), f.wire.clone());
        let checks = Checks {
            range: t.extras.ranges.get(&key).copied(),
            pattern: t.extras.checks.patterns.get(&key).map(String::as_str),
            uri: t.extras.checks.uris.contains(&key),
            length: t.extras.checks.lengths.get(&key).copied(),
        };
        let field = &f.ident;
        let ty = qualify(&f.ty, &t.collected.type_names);
        let ty: syn::Type = syn::parse_quote!(Result<#ty, String>);
        m.body_setters.insert(f.wire.clone(), name.clone());
        let spec_field = body.fields.iter().find(|sf| sf.api_name == f.wire);
        let required = spec_field.is_some_and(|sf| sf.required);
        if let Some(sf) = spec_field.filter(|sf| sf.required) {
            let source = ValueSource {
                ty: &f.ty,
                value: &sf.ty,
                uri: checks.uri,
            };
            m.required.push(RequiredSetter {
                setter: name.to_string(),
                example: example_value(&setter_s, &source, t.sids, t.extras, t.collected),
            });
        }
        m.methods.push(setter(
            &name,
            generic_inner(&ty, "Result").unwrap_or(&ty),
            &f.wire,
            &field_doc(&f.docs, &f.wire, Some(required)),
            &checks,
            t.sids,
            |value| {
                // Into the struct builder's field even when rejected: `check` then reports
                // this field's problem along with every other one.
                quote! {
                    let value = #value;
                    self.body = self.body.map(|mut b| {
                        b.#field = value;
                        b
                    });
                }
            },
        ));
    }
    Ok(())
}

/// `const OPERATION`: names the operation, its fields and its families' rules in errors;
/// `send` and `pages` both hold it.
pub(super) fn operation_const(
    t: &Target<'_>,
    m: &Members,
    family_rules: &[TokenStream],
) -> TokenStream {
    let op_id = &t.op.operation_id;
    let rust_names = m.wire_fields.iter().map(|(r, _)| r);
    let wire_names = m.wire_fields.iter().map(|(_, w)| w);
    quote! {
        const OPERATION: #OPERATION = #OPERATION {
            id: #op_id,
            fields: &[#((#rust_names, #wire_names)),*],
            families: &[#(#family_rules),*],
        };
    }
}

/// `fn check(&self)`: every problem of the request at once (each parameter's, then each
/// body field's, or the body's as a whole), before `request` stops at the first.
pub(super) fn check_method(t: &Target<'_>, m: &Members) -> TokenStream {
    let params = &m.param_checks;
    let body_checks = &m.body_checks;
    let body = if !t.fields.iter().any(|f| f.ident == "body") {
        quote! { Ok([]) }
    } else if body_checks.is_empty() {
        quote! { self.body.as_ref().map(|_| []) }
    } else {
        quote! { self.body.as_ref().map(|b| [#(#body_checks),*]) }
    };
    quote! {
        /// Every problem of the request, in one error.
        #[inline]
        fn check(&self) -> ::std::result::Result<(), Error<()>> {
            #CHECK_REQUEST(&[#(#params),*], #body)
        }
    }
}

/// What an operation's success response is, as `send` returns it.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Response {
    /// No body (`()`).
    Empty,
    /// No JSON schema: progenitor's `ByteStream`, handed over as `Bytes`.
    Bytes,
    /// A generated type.
    Json,
}

pub(super) fn response_kind(success: &syn::Type) -> Response {
    match success {
        syn::Type::Tuple(t) if t.elems.is_empty() => Response::Empty,
        other if last_ident(other) == "ByteStream" => Response::Bytes,
        _ => Response::Json,
    }
}

/// The typed `send`: the runtime's one non-generic `send` for every operation, then the
/// decoding of this one's type. A response with no JSON schema (a file, a redirect) is handed
/// over as its bytes. `fill_account` runs first (a declared body's last word).
pub(super) fn typed_send(
    t: &Target<'_>,
    operation: &TokenStream,
    fill_account: &TokenStream,
) -> Result<TokenStream> {
    let success = t
        .collected
        .send_types
        .get(&t.builder)
        .ok_or_else(|| Error::PostProcess(format!("no `send` on {}", t.builder)))?;
    let send_doc = format!(
        "Sends `{} {}`. Errors are typed: see [`crate::Error`].",
        t.op.method, t.op.path
    );
    let (success, finish) = match response_kind(success) {
        Response::Empty => (quote! { () }, quote! { .map(drop) }),
        Response::Bytes => (quote! { #BYTES }, quote! {}),
        Response::Json => (
            quote! { #success },
            quote! { .and_then(|body| #DECODE(&OPERATION, &body)) },
        ),
    };
    Ok(quote! {
        #[doc = #send_doc]
        pub async fn send(#[allow(unused_mut)] mut self) -> #RESULT<#success> {
            #operation
            #fill_account
            #SEND(&self.client.inner, &OPERATION, &|| self.check().and_then(|()| self.request()))
                .await #finish
        }
    })
}

/// `.stream()` and `.pages()` of a list operation. `.limit(n)` of the stream asks for pages
/// of `n` through Twilio's `PageSize`, when the list has one.
pub(super) fn pagination_methods(
    op: &Operation,
    list: &ListResponse,
    operation: &TokenStream,
) -> TokenStream {
    let response = format_ident!("{}", list.type_name);
    let sized = op
        .params
        .iter()
        .find(|p| p.api_name == "PageSize" && p.location == "query")
        .map(|p| format_ident!("{}", p.rust_name));
    let (page_size_set, first_request) = match sized {
        Some(field) => (
            quote! { matches!(self.#field, Ok(Some(_))) },
            quote! {
                let builder = match page_size {
                    Some(n) => self.#field(n),
                    None => self,
                };
                builder.check().and_then(|()| builder.request())
            },
        ),
        None => (
            quote! { true },
            quote! {
                let _ = page_size;
                self.check().and_then(|()| self.request())
            },
        ),
    };
    let builder = op.operation_id.to_upper_camel_case();
    let stream_doc = format!(
        " requested while this one is consumed. See {}; the type is also named \
         [`{builder}Items`](super::streams::{builder}Items).",
        ITEMS.doc_link()
    );
    let pages_doc = format!(
        " See {}; the type is also named [`{builder}Pages`](super::streams::{builder}Pages).",
        PAGES.doc_link()
    );
    quote! {
        /// Every item across all pages, following `meta.next_page_url`, with the next page
        #[doc = #stream_doc]
        #[inline]
        pub fn stream(self) -> #ITEMS<'a, types::#response> {
            #ITEMS::new(self.pages())
        }

        /// Page by page, with metadata, resumable from a saved `next_page_url`.
        #[doc = #pages_doc]
        #[inline]
        pub fn pages(self) -> #PAGES<'a, types::#response> {
            #operation
            let client = &self.client.inner;
            let page_size_set = #page_size_set;
            #PAGES::new(client, &OPERATION, page_size_set, move |page_size| {
                #first_request
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::tests::{collected, field, operation, param};

    fn run(
        op: &Operation,
        c: &Collected,
        extras: &Extras,
        f: impl Fn(&Target<'_>, &mut Members) -> Result<()>,
    ) -> Members {
        let sids: BTreeSet<String> = extras.sids.iter().map(|s| s.name.clone()).collect();
        let t = Target::new(op, c, extras, &sids).unwrap();
        let mut m = Members::new();
        f(&t, &mut m).unwrap();
        m
    }

    fn methods(m: &Members) -> String {
        m.methods
            .iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn parameters_get_setters_on_their_fields() {
        let mut op = operation("ListWidget", "GET", "/v1/Widgets");
        op.params.push(param("PageSize", "page_size", "query"));
        let c = collected(
            &[],
            &[(
                "ListWidget",
                vec![
                    field("client", "&'a Client", "client"),
                    field("page_size", "Result<Option<i64>, String>", "page_size"),
                ],
            )],
        );
        let m = run(&op, &c, &Extras::default(), parameter_setters);
        let text = methods(&m);
        assert!(
            text.contains("pub fn page_size < V > (mut self , value : V)"),
            "{text}"
        );
        assert!(
            text.contains("where V : std :: convert :: TryInto < i64 >"),
            "{text}"
        );
        assert!(
            text.contains("self . page_size = value . try_into ()"),
            "{text}"
        );
        assert_eq!(m.wire_fields, [("page_size".into(), "PageSize".into())]);
        // A parameter progenitor has no field for: the spec path is named.
        op.params.push(param("Missing", "missing", "query"));
        let sids = BTreeSet::new();
        let extras = Extras::default();
        let t = Target::new(&op, &c, &extras, &sids).unwrap();
        let err = parameter_setters(&t, &mut Members::new())
            .unwrap_err()
            .to_string();
        assert!(err.contains("#/paths//v1/Widgets/get"), "{err}");
    }

    #[test]
    fn body_fields_get_flat_setters_prefixed_where_a_parameter_has_the_name() {
        let mut op = operation("CreateWidget", "POST", "/v1/Widgets");
        op.params.push(param("Sid", "sid", "query"));
        op.body = Some(twilio_spec::model::Body {
            content_type: "application/x-www-form-urlencoded".into(),
            fields: vec![twilio_spec::model::Field {
                api_name: "FriendlyName".into(),
                required: true,
                ty: twilio_spec::model::ValueType::Any,
            }],
        });
        let c = collected(
            &[(
                "CreateWidgetRequest",
                vec![
                    field("friendly_name", "String", "FriendlyName"),
                    field("sid", "Option<String>", "Sid"),
                    field("send", "Option<bool>", "Send"),
                ],
            )],
            &[(
                "CreateWidget",
                vec![
                    field("client", "&'a Client", "client"),
                    field("sid", "Result<Option<String>, String>", "sid"),
                    field(
                        "body",
                        "Result<types::builder::CreateWidgetRequest, String>",
                        "body",
                    ),
                ],
            )],
        );
        let m = run(&op, &c, &Extras::default(), |t, m| {
            parameter_setters(t, m)?;
            flat_body_setters(t, m)
        });
        let text = methods(&m);
        assert!(text.contains("pub fn friendly_name < V >"), "{text}");
        assert!(text.contains("pub fn body_sid < V >"), "{text}");
        assert!(text.contains("pub fn body_send < V >"), "{text}");
        // A refused value is kept in its field, for `check` to report with the others.
        assert!(
            text.contains(
                "self . body = self . body . map (| mut b | { b . friendly_name = value ; b }) ;"
            ),
            "{text}"
        );
        assert_eq!(m.body_setters["Sid"], "body_sid");
        assert_eq!(m.wire_fields.len(), 4);
        // Problems and `Operation.fields` name the setter (`body_sid`) beside the wire name.
        assert_eq!(m.wire_fields[2], ("body_sid".into(), "Sid".into()));
        let checks: Vec<String> = m.body_checks.iter().map(|c| c.to_string()).collect();
        assert_eq!(
            checks[1],
            "(\"body_sid\" , \"Sid\" , b . sid . as_ref () . err ())"
        );
        assert_eq!(
            m.param_checks[0].to_string(),
            "(\"sid\" , \"Sid\" , self . sid . as_ref () . err ())"
        );
    }

    #[test]
    fn send_decodes_json_returns_bytes_or_drops_an_empty_body() {
        let op = operation("FetchWidget", "GET", "/v1/Widgets/{Sid}");
        let extras = Extras::default();
        let sids = BTreeSet::new();
        let send = |success: &str| {
            let mut c = collected(&[], &[("FetchWidget", vec![])]);
            c.send_types
                .insert("FetchWidget".into(), syn::parse_str(success).unwrap());
            let t = Target::new(&op, &c, &extras, &sids).unwrap();
            typed_send(&t, &quote! { const OPERATION: () = (); }, &quote! {})
                .unwrap()
                .to_string()
        };
        let json = send("types::Widget");
        assert!(json.contains("Sends `GET /v1/Widgets/{Sid}`."), "{json}");
        assert!(
            json.contains("-> :: twilio_runtime :: __generated :: Result < types :: Widget >"),
            "{json}"
        );
        assert!(json.contains(":: twilio_runtime :: __generated :: send (& self . client . inner , & OPERATION , & || self . check () . and_then (| () | self . request ())) . await . and_then (| body | :: twilio_runtime :: __generated :: decode (& OPERATION , & body))"), "{json}");
        let bytes = send("ByteStream");
        assert!(
            bytes.contains("Result < :: twilio_runtime :: __generated :: Bytes >"),
            "{bytes}"
        );
        assert!(!bytes.contains("decode"), "{bytes}");
        let empty = send("()");
        assert!(empty.contains("Result < () >"), "{empty}");
        assert!(empty.contains(". await . map (drop)"), "{empty}");
    }

    #[test]
    fn check_looks_at_every_parameter_and_body_field() {
        let op = operation("CreateWidget", "POST", "/v1/Widgets");
        let with_body = collected(
            &[],
            &[(
                "CreateWidget",
                vec![field("body", "Result<types::builder::W, String>", "body")],
            )],
        );
        let without = collected(&[], &[("CreateWidget", vec![])]);
        let extras = Extras::default();
        let sids = BTreeSet::new();
        let mut m = Members::new();
        m.param_checks.push(quote! { P });
        let text = |c: &Collected, m: &Members| {
            check_method(&Target::new(&op, c, &extras, &sids).unwrap(), m).to_string()
        };
        assert!(
            text(&without, &m)
                .contains(":: twilio_runtime :: __generated :: check_request (& [P] , Ok ([]))"),
            "{}",
            text(&without, &m)
        );
        // A body set as a whole only (a free-form map): only its own error.
        assert!(text(&with_body, &m).contains("self . body . as_ref () . map (| _ | [])"));
        m.body_checks.push(quote! { B });
        assert!(text(&with_body, &m).contains("self . body . as_ref () . map (| b | [B])"));
    }

    #[test]
    fn the_operation_const_names_fields_and_families() {
        let op = operation("CreateWidget", "POST", "/v1/Widgets");
        let c = collected(&[], &[("CreateWidget", vec![])]);
        let extras = Extras::default();
        let sids = BTreeSet::new();
        let t = Target::new(&op, &c, &extras, &sids).unwrap();
        let mut m = Members::new();
        m.wire_fields
            .push(("friendly_name".into(), "FriendlyName".into()));
        let text = operation_const(&t, &m, &[quote! { RULE }]).to_string();
        assert_eq!(
            text,
            "const OPERATION : :: twilio_runtime :: __generated :: Operation = :: twilio_runtime :: __generated :: Operation { id : \"CreateWidget\" , fields : & [(\"friendly_name\" , \"FriendlyName\")] , families : & [RULE] , } ;"
        );
    }

    #[test]
    fn lists_stream_and_page_with_page_size_when_the_list_has_it() {
        let list = ListResponse {
            operation_id: "ListWidget".into(),
            type_name: "ListWidgetResponse".into(),
            items_field: "widgets".into(),
            item_type: "Widget".into(),
        };
        let mut op = operation("ListWidget", "GET", "/v1/Widgets");
        let unsized_ = pagination_methods(&op, &list, &quote! {}).to_string();
        assert!(unsized_.contains("pub fn stream (self) -> :: twilio_runtime :: __generated :: Items < 'a , types :: ListWidgetResponse >"), "{unsized_}");
        assert!(unsized_.contains("pub fn pages (self) -> :: twilio_runtime :: __generated :: Pages < 'a , types :: ListWidgetResponse >"), "{unsized_}");
        assert!(
            unsized_.contains("let page_size_set = true ;"),
            "{unsized_}"
        );
        assert!(
            unsized_.contains("See [`Items`](::twilio_runtime::__generated::Items); the type is also named [`ListWidgetItems`](super::streams::ListWidgetItems)."),
            "{unsized_}"
        );
        op.params.push(param("PageSize", "page_size", "query"));
        let sized = pagination_methods(&op, &list, &quote! {}).to_string();
        assert!(
            sized.contains("matches ! (self . page_size , Ok (Some (_)))"),
            "{sized}"
        );
        assert!(
            sized.contains("Some (n) => self . page_size (n)"),
            "{sized}"
        );
    }

    #[test]
    fn an_operation_impl_holds_its_constructs_in_order() {
        let mut op = operation("ListWidget", "GET", "/v1/Widgets");
        op.params.push(param("PageSize", "page_size", "query"));
        op.list = Some(ListResponse {
            operation_id: "ListWidget".into(),
            type_name: "ListWidgetResponse".into(),
            items_field: "widgets".into(),
            item_type: "Widget".into(),
        });
        let mut c = collected(
            &[],
            &[(
                "ListWidget",
                vec![field(
                    "page_size",
                    "Result<Option<i64>, String>",
                    "page_size",
                )],
            )],
        );
        c.send_types.insert(
            "ListWidget".into(),
            syn::parse_str("types::ListWidgetResponse").unwrap(),
        );
        let extras = Extras::default();
        let sids = BTreeSet::new();
        let item = operation_impl(&Target::new(&op, &c, &extras, &sids).unwrap()).unwrap();
        let text = quote::ToTokens::to_token_stream(&item).to_string();
        assert!(text.starts_with("impl < 'a > ListWidget < 'a >"), "{text}");
        let at = |needle: &str| text.find(needle).unwrap_or_else(|| panic!("{needle}"));
        assert!(at("pub fn page_size") < at("pub async fn send"));
        assert!(at("pub async fn send") < at("pub fn stream"));
        assert!(at("pub fn stream") < at("pub fn pages"));
    }
}
