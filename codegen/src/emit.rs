//! Code we emit next to progenitor's: SID types, forward-compatible enums, setters, the
//! typed `send`, and pagination hooks. Most of it expands hand-written macros in `src/`, so
//! the generated file stays small and the behaviour lives in one reviewed place.

use crate::error::{Error, Result};
use crate::postprocess::{Collected, generic_inner, last_ident, option_inner, qualify};
use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};
use syn::Item;
use twilio_spec::fixups::{EnumType, Extras, FamilyUse, IntRange, SidType};
use twilio_spec::model::Operation;
use twilio_spec::names::{member_name, variant_name};
use twilio_spec::product::Family;

/// Name of the catch-all variant of every emitted enum.
pub const CATCH_ALL: &str = "Unrecognized";

/// Builder methods a body-field setter must not shadow.
const RESERVED: &[&str] = &[
    "new", "body", "body_map", "send", "request", "stream", "pages",
];

/// What makes the generated `Client` a client of the runtime: `ApiClient` (its host and
/// User-Agent), and the entry points `Client::builder()`, `Client::from_env()`.
pub fn client_impls(host: &str) -> Vec<Item> {
    vec![
        syn::parse_quote! {
            impl ::twilio_runtime::ApiClient for Client {
                const DEFAULT_HOST: &'static str = #host;
                const PRODUCT: &'static str =
                    concat!(env!("CARGO_PKG_NAME"), "-rust/", env!("CARGO_PKG_VERSION"));
                fn request_span(operation: &'static str) -> ::twilio_runtime::__generated::tracing::Span {
                    // Named after the product crate: `twilio_flex.request` for `twilio-flex`.
                    ::twilio_runtime::__generated::request_span!(
                        concat!(env!("CARGO_CRATE_NAME"), ".request"),
                        operation
                    )
                }
                fn from_state(
                    base_url: &str,
                    http: reqwest::Client,
                    state: ::twilio_runtime::ClientState,
                ) -> Self {
                    Self::new_with_client(base_url, http, state)
                }
                fn state(&self) -> &::twilio_runtime::ClientState {
                    &self.inner
                }
            }
        },
        syn::parse_quote! {
            impl Client {
                /// Starts configuring a client: credentials are required, everything else has
                /// a default. See [`::twilio_runtime::ClientBuilder`].
                pub fn builder() -> ::twilio_runtime::ClientBuilder<Self> {
                    ::twilio_runtime::ClientBuilder::default()
                }

                /// A client from the environment: `TWILIO_ACCOUNT_SID` with `TWILIO_AUTH_TOKEN`,
                /// or `TWILIO_API_KEY` + `TWILIO_API_SECRET` (with `TWILIO_ACCOUNT_SID`); optional
                /// `TWILIO_REGION` and `TWILIO_EDGE`. A missing or malformed variable is an
                /// error naming it.
                pub fn from_env() -> ::twilio_runtime::Result<Self> {
                    Self::builder_from_env(|name| std::env::var(name).ok())?.build()
                }

                /// [`Client::from_env`] with a custom variable lookup, returning the builder
                /// to adjust.
                pub fn builder_from_env(
                    var: impl Fn(&str) -> Option<String>,
                ) -> ::twilio_runtime::Result<::twilio_runtime::ClientBuilder<Self>> {
                    ::twilio_runtime::ClientBuilder::from_env_with(var)
                }

                /// The account SID this client acts for.
                pub fn account_sid(&self) -> &str {
                    self.inner.account_sid()
                }

                /// The API base URL requests go to.
                pub fn base_url(&self) -> &str {
                    &self.baseurl
                }
            }
        },
    ]
}

/// `sid_types!` invocation defining one type per SID prefix.
pub fn sid_types(sids: &[SidType]) -> Item {
    let entries = sids.iter().map(|s| {
        let name = format_ident!("{}", s.name);
        let (prefix, label) = (&s.prefix, &s.label);
        quote! { #name = (#prefix, #label); }
    });
    syn::parse_quote! { ::twilio_runtime::sid_types! { #(#entries)* } }
}

/// `open_enum!` invocations, one per enum.
pub fn enums(enums: &[EnumType]) -> Result<Vec<Item>> {
    enums.iter().map(open_enum).collect()
}

fn open_enum(e: &EnumType) -> Result<Item> {
    let name = format_ident!("{}", e.name);
    let doc = e.description.clone().unwrap_or_else(|| {
        format!(
            "`{}` values, with a catch-all for values added later.",
            e.name
        )
    });
    let mut seen = BTreeSet::new();
    let mut variants = Vec::new();
    for value in &e.values {
        let mut v = variant_name(value);
        if v == CATCH_ALL {
            return Err(Error::unsupported(
                format!("#/components/schemas/{}", e.name),
                format!("enum value `{value}` collides with the catch-all variant `{CATCH_ALL}`"),
            ));
        }
        let base = v.clone();
        let mut n = 2;
        while !seen.insert(v.clone()) {
            v = format!("{base}{n}");
            n += 1;
        }
        let ident = format_ident!("{}", v);
        variants.push(quote! { #ident = #value, });
    }
    Ok(syn::parse_quote! {
        ::twilio_runtime::open_enum! {
            #[doc = #doc]
            #name { #(#variants)* }
        }
    })
}

/// Setters, typed `send` and pagination entry points for every operation builder.
pub fn operation_impls(
    ops: &[Operation],
    collected: &Collected,
    extras: &Extras,
) -> Result<Vec<Item>> {
    let sids: BTreeSet<String> = extras.sids.iter().map(|s| s.name.clone()).collect();
    ops.iter()
        .map(|op| operation_impl(op, collected, extras, &sids))
        .collect()
}

fn operation_impl(
    op: &Operation,
    c: &Collected,
    extras: &Extras,
    sids: &BTreeSet<String>,
) -> Result<Item> {
    let builder_name = op.operation_id.to_upper_camel_case();
    let builder = format_ident!("{}", builder_name);
    let fields = c.builders.get(&builder_name).ok_or_else(|| {
        Error::PostProcess(format!(
            "no builder `{builder_name}` for operation {}",
            op.operation_id
        ))
    })?;
    let location = format!("#/paths/{}/{}", op.path, op.method.to_ascii_lowercase());

    let mut methods = Vec::new();
    // (Rust name, wire name) of every parameter and body field, to name them in errors.
    let mut wire_fields: Vec<(String, String)> = Vec::new();
    let mut taken: BTreeSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    // Body field setters by wire name, for the family setters below.
    let mut body_setters: BTreeMap<String, syn::Ident> = BTreeMap::new();

    // Parameter setters.
    for param in &op.params {
        let ident_s = param.rust_name.clone();
        let field = fields.iter().find(|f| f.ident == ident_s).ok_or_else(|| {
            Error::unsupported(
                &location,
                format!(
                    "parameter `{}` has no builder field `{ident_s}`",
                    param.api_name
                ),
            )
        })?;
        taken.insert(ident_s.clone());
        let inner_result = generic_inner(&field.ty, "Result").ok_or_else(|| {
            Error::PostProcess(format!("{builder_name}.{ident_s} is not a Result"))
        })?;
        let checks = Checks {
            range: param.range,
            pattern: param.pattern.as_deref(),
            uri: param.uri,
            length: param.length,
        };
        wire_fields.push((ident_s.clone(), param.api_name.clone()));
        let doc = setter_doc(
            param.description.as_deref(),
            &param.api_name,
            &param.location,
            param.required,
        );
        let ident = &field.ident;
        methods.push(setter(
            ident,
            inner_result,
            &param.api_name,
            &doc,
            &checks,
            sids,
            |value| quote! { self.#ident = #value; },
        ));
    }

    // Flat body setters: one per declared body field, on the operation builder itself. (A
    // body the product declares gets its setters below.)
    let declared_body = extras
        .bodies
        .iter()
        .find(|b| b.operation == op.operation_id);
    if let Some(body) = &op.body
        && !body.fields.is_empty()
        && declared_body.is_none()
    {
        let body_ty = generic_inner(
            &fields
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
        let struct_fields = c.type_structs.get(&type_name).ok_or_else(|| {
            Error::PostProcess(format!(
                "body type `{type_name}` of {builder_name} not found"
            ))
        })?;
        for f in struct_fields {
            let mut name = f.ident.to_string();
            if taken.contains(&name) {
                name = format!("body_{name}");
            }
            taken.insert(name.clone());
            wire_fields.push((f.ident.to_string(), f.wire.clone()));
            let key = (op.operation_id.clone(), f.wire.clone());
            let checks = Checks {
                range: extras.ranges.get(&key).copied(),
                pattern: extras.checks.patterns.get(&key).map(String::as_str),
                uri: extras.checks.uris.contains(&key),
                length: extras.checks.lengths.get(&key).copied(),
            };
            let field = &f.ident;
            let ty = qualify(&f.ty, &c.type_names);
            let ty: syn::Type = syn::parse_quote!(Result<#ty, String>);
            body_setters.insert(f.wire.clone(), format_ident!("{}", name));
            methods.push(setter(
                &format_ident!("{}", name),
                generic_inner(&ty, "Result").unwrap_or(&ty),
                &f.wire,
                &field_doc(&f.docs, &f.wire),
                &checks,
                sids,
                |value| {
                    quote! {
                        let value = #value;
                        self.body = self.body.and_then(|b| value.map(|v| b.#field(v)));
                    }
                },
            ));
        }
    }

    // Declared families (`Integration.*`): `.integration(options::Integration)`.
    let mut family_rules = Vec::new();
    for used in extras
        .families
        .iter()
        .filter(|f| f.operations.contains(&op.operation_id))
    {
        methods.push(family_setter(used, &body_setters, &op.operation_id)?);
        family_rules.push(family_rule(used));
    }

    // A declared JSON body (the writable part of a schema): a setter per property.
    let mut fill_account = quote! {};
    if let Some(used) = declared_body {
        let schema_fields = c.type_structs.get(&used.schema).ok_or_else(|| {
            Error::PostProcess(format!(
                "declared body schema `{}` not generated",
                used.schema
            ))
        })?;
        // `.property(name, json)` below: a property's setter must not take its name.
        taken.insert("property".to_string());
        // (wire name, setter, the type a JSON value decodes to before the setter checks it).
        let mut by_name: Vec<(String, syn::Ident, syn::Type)> = Vec::new();
        for wire in &used.writable {
            let f = schema_fields
                .iter()
                .find(|f| f.wire == *wire)
                .ok_or_else(|| {
                    Error::PostProcess(format!("`{}` has no field `{wire}`", used.schema))
                })?;
            let mut name = f.ident.to_string();
            if taken.contains(&name) {
                name = format!("body_{name}");
            }
            taken.insert(name.clone());
            wire_fields.push((f.ident.to_string(), wire.clone()));
            let ty = qualify(&f.ty, &c.type_names);
            by_name.push((
                wire.clone(),
                format_ident!("{}", name),
                json_decoded(&ty, sids, extras),
            ));
            let checks = Checks {
                range: None,
                pattern: None,
                uri: false,
                length: None,
            };
            methods.push(setter(
                &format_ident!("{}", name),
                &ty,
                wire,
                &field_doc(&f.docs, wire),
                &checks,
                sids,
                |value| {
                    quote! {
                        let value = #value.and_then(|v| {
                            serde_json::to_value(v).map_err(|e| ::twilio_runtime::validation::invalid(#wire, e))
                        });
                        self.body = self.body.and_then(|mut m| value.map(|v| {
                            m.insert(#wire.to_string(), v);
                            m
                        }));
                    }
                },
            ));
        }
        methods.push(property_setter(used, &by_name, &op.operation_id));
        // Nothing set is a mistake, not an update: refused before sending, like a missing body.
        let fill = used.account_sid_key.as_ref().map(|key| {
            quote! {
                let account = self.client.inner.account_sid().to_string();
                m.entry(#key).or_insert(serde_json::Value::String(account));
            }
        });
        fill_account = quote! {
            self.body = self.body.and_then(|mut m| {
                if m.is_empty() {
                    return Err(::twilio_runtime::validation::invalid(
                        "body",
                        "nothing to update: set a property, or give `.body(map)`",
                    ));
                }
                #fill
                Ok(m)
            });
        };
    }

    // Typed send.
    let success = c
        .send_types
        .get(&builder_name)
        .ok_or_else(|| Error::PostProcess(format!("no `send` on {builder_name}")))?;
    let op_id = &op.operation_id;
    let rust_names = wire_fields.iter().map(|(r, _)| r);
    let wire_names = wire_fields.iter().map(|(_, w)| w);
    // Names the operation and its fields in errors; `send` and `pages` both use it.
    let operation = quote! {
        const OPERATION: ::twilio_runtime::error::Operation = ::twilio_runtime::error::Operation {
            id: #op_id,
            fields: &[#((#rust_names, #wire_names)),*],
            families: &[#(#family_rules),*],
        };
    };
    let send_doc = format!(
        "Sends `{} {}`. Errors are typed: see [`crate::Error`].",
        op.method, op.path
    );
    // The sending is one non-generic function for every operation; only decoding is per type.
    // A response with no JSON schema (a file, a redirect) is handed over as its bytes.
    let (success, finish) = match response_kind(success) {
        Response::Empty => (quote! { () }, quote! { .map(drop) }),
        Response::Bytes => (quote! { ::twilio_runtime::Bytes }, quote! {}),
        Response::Json => (
            quote! { #success },
            quote! { .and_then(|body| ::twilio_runtime::error::decode(&OPERATION, &body)) },
        ),
    };
    methods.push(quote! {
        #[doc = #send_doc]
        pub async fn send(#[allow(unused_mut)] mut self) -> ::twilio_runtime::Result<#success> {
            #operation
            #fill_account
            ::twilio_runtime::transport::send(&self.client.inner, &OPERATION, &|| self.request()).await #finish
        }
    });

    // Pagination entry points for list operations.
    if let Some(list) = &op.list {
        let response = format_ident!("{}", list.type_name);
        // Twilio's `PageSize`, when the list has one: `limit(n)` asks for pages of n.
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
                    builder.request()
                },
            ),
            None => (
                quote! { true },
                quote! {
                    let _ = page_size;
                    self.request()
                },
            ),
        };
        let (items_doc, pages_doc) = (
            format!(
                "Every item across all pages, following `meta.next_page_url`, with the next page \
                 requested while this one is consumed. See [`::twilio_runtime::pagination::Items`]; \
                 the type is also named [`{builder_name}Items`](super::streams::{builder_name}Items)."
            ),
            format!(
                "Page by page, with metadata, resumable from a saved `next_page_url`. \
                 See [`::twilio_runtime::pagination::Pages`]; the type is also named \
                 [`{builder_name}Pages`](super::streams::{builder_name}Pages)."
            ),
        );
        methods.push(quote! {
            #[doc = #items_doc]
            #[inline]
            pub fn stream(self) -> ::twilio_runtime::pagination::Items<'a, types::#response> {
                ::twilio_runtime::pagination::Items::new(self.pages())
            }

            #[doc = #pages_doc]
            #[inline]
            pub fn pages(self) -> ::twilio_runtime::pagination::Pages<'a, types::#response> {
                #operation
                let client = &self.client.inner;
                let page_size_set = #page_size_set;
                ::twilio_runtime::pagination::Pages::new(client, &OPERATION, page_size_set, move |page_size| {
                    #first_request
                })
            }
        });
    }

    Ok(syn::parse_quote! {
        impl<'a> #builder<'a> {
            #(#methods)*
        }
    })
}

/// The type a declared body's property decodes from JSON before its setter takes it: SIDs and
/// enums as text (so the setter checks them as caller input, strictly), other types as they
/// are; `Option` dropped (JSON `null` is handled before decoding).
fn json_decoded(ty: &syn::Type, sids: &BTreeSet<String>, extras: &Extras) -> syn::Type {
    let ty = option_inner(ty).unwrap_or(ty);
    let text = |t: &syn::Type| {
        let name = last_ident(t);
        sids.contains(&name) || extras.enums.iter().any(|e| e.name == name)
    };
    match generic_inner(ty, "Vec") {
        Some(elem) if text(elem) => syn::parse_quote!(::std::vec::Vec<::std::string::String>),
        Some(_) => ty.clone(),
        None if text(ty) => syn::parse_quote!(::std::string::String),
        None => ty.clone(),
    }
}

/// `.property(name, json)` of a declared body: sets a writable property by its wire name from
/// JSON through its typed setter, and reports a problem at once, so a caller holding untyped
/// JSON (a configuration file) gets the typed setters' checks before anything is sent.
fn property_setter(
    used: &twilio_spec::fixups::BodyUse,
    by_name: &[(String, syn::Ident, syn::Type)],
    op_id: &str,
) -> TokenStream {
    let schema = &used.schema;
    let arms = by_name.iter().map(|(wire, setter, decoded)| {
        quote! {
            #wire => match ::serde_json::from_value::<#decoded>(value) {
                Ok(v) => self.#setter(v),
                Err(e) => {
                    return Err(::twilio_runtime::Error::InvalidRequest {
                        operation: #op_id,
                        field: #wire.to_string(),
                        message: e.to_string(),
                    });
                }
            },
        }
    });
    let read_only = &used.read_only;
    let read_only_list = if read_only.is_empty() {
        "none".to_string()
    } else {
        read_only
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let doc = format!(
        "Sets the writable property `name` of `{schema}` (its wire name) from JSON, as its typed \
         setter would: the value is decoded into the property's type and checked like caller \
         input (SIDs strictly); `null` sends `null`.\n\n\
         Unlike the typed setters, a problem is an error at once, before anything is sent: \
         [`Error::InvalidRequest`](::twilio_runtime::Error::InvalidRequest) naming the \
         property, for a value of the wrong type, a read-only property ({read_only_list}: \
         Twilio sets them), or a name `{schema}` doesn't have."
    );
    let not_ours = format!("not a property of `{schema}`");
    let writable = by_name.iter().map(|(wire, ..)| wire);
    quote! {
        #[doc = #doc]
        pub fn property(
            mut self,
            name: &str,
            value: ::serde_json::Value,
        ) -> ::twilio_runtime::Result<Self> {
            const WRITABLE: &[&str] = &[#(#writable),*];
            const READ_ONLY: &[&str] = &[#(#read_only),*];
            let invalid = |message: &str| ::twilio_runtime::Error::InvalidRequest {
                operation: #op_id,
                field: name.to_string(),
                message: message.to_string(),
            };
            if READ_ONLY.contains(&name) {
                return Err(invalid("read-only: Twilio sets it"));
            }
            if !WRITABLE.contains(&name) {
                return Err(invalid(#not_ours));
            }
            if value.is_null() {
                self.body = self.body.map(|mut m| {
                    m.insert(name.to_string(), ::serde_json::Value::Null);
                    m
                });
            } else {
                self = match name {
                    #(#arms)*
                    _ => return Err(invalid(#not_ours)),
                };
            }
            // The typed setter's own checks (a SID's prefix, a pattern), now rather than at `send`.
            match &self.body {
                Ok(_) => Ok(self),
                Err(message) => {
                    let (field, reason) = message
                        .strip_prefix('`')
                        .and_then(|rest| rest.split_once("`: "))
                        .unwrap_or((name, message.as_str()));
                    Err(::twilio_runtime::Error::InvalidRequest {
                        operation: #op_id,
                        field: field.to_string(),
                        message: reason.to_string(),
                    })
                }
            }
        }
    }
}

/// `.integration(options::Integration)`: sets the kind field and the family's fields through
/// the operation's own setters (so each is checked as when set one by one). A field the
/// option builder holds that this operation doesn't have makes the body an error.
fn family_setter(
    used: &FamilyUse,
    body_setters: &BTreeMap<String, syn::Ident>,
    op_id: &str,
) -> Result<TokenStream> {
    let family = &used.family;
    let kind_setter = body_setters.get(&family.kind_field).ok_or_else(|| {
        Error::PostProcess(format!("{op_id}: no setter for `{}`", family.kind_field))
    })?;
    let name = format_ident!("{}", member_name(&family.prefix));
    let ty = format_ident!("{}", family.prefix.to_upper_camel_case());
    let mut apply = Vec::new();
    for wire in &used.members {
        let field = family_field(family, wire);
        apply.push(match body_setters.get(wire) {
            Some(setter) => quote! {
                if let Some(v) = options.#field {
                    self = self.#setter(v);
                }
            },
            None => {
                let message = format!("`{wire}`: {op_id} doesn't take this field");
                quote! {
                    if options.#field.is_some() {
                        self.body = Err(#message.to_string());
                    }
                }
            }
        });
    }
    let doc = format!(
        "Sets `{}` and the `{}.*` fields from an [`options::{ty}`](crate::options::{ty}): {}",
        family.kind_field, family.prefix, family.doc
    );
    Ok(quote! {
        #[doc = #doc]
        pub fn #name(mut self, options: crate::options::#ty) -> Self {
            self = self.#kind_setter(options.kind.as_str());
            #(#apply)*
            self
        }
    })
}

/// The option builder's field for a family member: `Integration.FlowSid` → `flow_sid`.
fn family_field(family: &Family, wire: &str) -> syn::Ident {
    let suffix = wire
        .strip_prefix(&format!("{}.", family.prefix))
        .unwrap_or(wire);
    format_ident!("{}", member_name(suffix))
}

/// The runtime's cross-field rule of a family (`::twilio_runtime::validation::FamilyRule`).
fn family_rule(used: &FamilyUse) -> TokenStream {
    let family = &used.family;
    let kind_field = &family.kind_field;
    let label = format!("{}s", family.prefix.to_lowercase());
    let kinds = family.kinds.iter().map(|k| {
        let value = &k.value;
        let required: Vec<String> = k.required.iter().map(|f| family.wire(f)).collect();
        let allowed: Vec<String> = k
            .required
            .iter()
            .chain(&k.optional)
            .map(|f| family.wire(f))
            .collect();
        quote! {
            ::twilio_runtime::validation::KindRule {
                value: #value,
                required: &[#(#required),*],
                allowed: &[#(#allowed),*],
            }
        }
    });
    let members = &used.members;
    quote! {
        ::twilio_runtime::validation::FamilyRule {
            kind_field: #kind_field,
            label: #label,
            members: &[#(#members),*],
            kinds: &[#(#kinds),*],
        }
    }
}

/// `pub mod options`: an option builder per declared family, with its kind enum.
pub fn options_module(extras: &Extras, c: &Collected) -> Result<Item> {
    let sids: BTreeSet<String> = extras.sids.iter().map(|s| s.name.clone()).collect();
    let mut items = Vec::new();
    for used in &extras.families {
        let family = &used.family;
        let ty = format_ident!("{}", family.prefix.to_upper_camel_case());
        let kind_ty = format_ident!("{}Kind", family.prefix.to_upper_camel_case());
        // Each member's type, from the first operation's body that has it.
        let mut fields = Vec::new();
        for wire in &used.members {
            let info = c
                .type_structs
                .values()
                .flatten()
                .find(|f| f.wire == *wire)
                .ok_or_else(|| Error::PostProcess(format!("no body field `{wire}`")))?;
            let inner = option_inner(&info.ty).unwrap_or(&info.ty).clone();
            // SIDs are kept as text and checked when applied, as the client says.
            let stored: syn::Type = if sids.contains(&last_ident(&inner)) {
                syn::parse_quote!(String)
            } else {
                qualify(&inner, &c.type_names)
            };
            fields.push((wire, family_field(family, wire), stored, info.docs.clone()));
        }
        for reserved in ["of", "kind"] {
            if fields.iter().any(|(_, f, ..)| f == reserved) {
                return Err(Error::unsupported(
                    format!("declared family `{}.*`", family.prefix),
                    format!("a field named `{reserved}` clashes with the option builder's method"),
                ));
            }
        }
        let variants: Vec<(syn::Ident, &String)> = used
            .kinds
            .iter()
            .map(|k| (format_ident!("{}", variant_name(k)), k))
            .collect();
        let variant_idents = variants.iter().map(|(v, _)| v);
        let variant_idents2 = variants.iter().map(|(v, _)| v);
        let variant_values = variants.iter().map(|(_, k)| k);
        let kind_docs = variants.iter().map(|(_, k)| format!("`{k}`"));
        let field_idents: Vec<&syn::Ident> = fields.iter().map(|(_, f, ..)| f).collect();
        let field_types = fields.iter().map(|(_, _, t, _)| t);
        let constructors = family.kinds.iter().map(|kind| {
            let ctor = format_ident!("{}", member_name(&kind.value));
            let variant = format_ident!("{}", variant_name(&kind.value));
            let args: Vec<(syn::Ident, &syn::Type)> = kind
                .required
                .iter()
                .filter_map(|f| {
                    let wire = family.wire(f);
                    fields
                        .iter()
                        .find(|(w, ..)| **w == wire)
                        .map(|(_, ident, ty, _)| (ident.clone(), ty))
                })
                .collect();
            let params = args.iter().map(|(i, t)| quote! { #i: impl Into<#t> });
            let sets = args
                .iter()
                .map(|(i, _)| quote! { options.#i = Some(#i.into()); });
            let takes = if kind.optional.is_empty() {
                String::new()
            } else {
                format!(
                    " Also takes {}.",
                    kind.optional
                        .iter()
                        .map(|f| format!("`{}`", family.wire(f)))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let doc = format!(
                "`{}` `{}`: {} Requires {}.{takes}",
                family.kind_field,
                kind.value,
                kind.doc,
                kind.required
                    .iter()
                    .map(|f| format!("`{}`", family.wire(f)))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            quote! {
                #[doc = #doc]
                pub fn #ctor(#(#params),*) -> Self {
                    let mut options = Self::of(#kind_ty::#variant);
                    #(#sets)*
                    options
                }
            }
        });
        let setters = fields.iter().map(|(wire, ident, ty, docs)| {
            let doc = field_doc(docs, wire);
            quote! {
                #[doc = #doc]
                pub fn #ident(mut self, value: impl Into<#ty>) -> Self {
                    self.#ident = Some(value.into());
                    self
                }
            }
        });
        let doc = format!(
            "The `{}.*` fields and `{}`, set together: {} Built by kind (one constructor per \
             kind, taking what it requires); the rules of each kind are checked before \
             sending, however the fields were set.",
            family.prefix, family.kind_field, family.doc
        );
        let kind_doc = format!("The values of `{}`.", family.kind_field);
        items.push(quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq)]
            pub struct #ty {
                pub(crate) kind: #kind_ty,
                #(pub(crate) #field_idents: Option<#field_types>,)*
            }

            #[doc = #kind_doc]
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            #[non_exhaustive]
            pub enum #kind_ty {
                #(#[doc = #kind_docs] #variant_idents,)*
            }

            impl #kind_ty {
                /// The value as sent on the wire.
                pub fn as_str(&self) -> &'static str {
                    match self {
                        #(#kind_ty::#variant_idents2 => #variant_values,)*
                    }
                }
            }

            impl #ty {
                #(#constructors)*

                /// A kind with no fields set yet (the constructors above set what each kind
                /// requires).
                pub fn of(kind: #kind_ty) -> Self {
                    #ty {
                        kind,
                        #(#field_idents: None,)*
                    }
                }

                /// The kind.
                pub fn kind(&self) -> #kind_ty {
                    self.kind
                }

                #(#setters)*
            }
        });
    }
    Ok(syn::parse_quote! {
        /// Option builders for families of dotted body fields, as the product declares them
        /// (generated from the spec: the fields, their types and the kinds).
        pub mod options {
            #[allow(unused_imports)]
            use super::types;
            #(#items)*
        }
    })
}

/// What an operation's success response is, as `send` returns it.
#[derive(Debug, PartialEq, Eq)]
enum Response {
    /// No body (`()`).
    Empty,
    /// No JSON schema: progenitor's `ByteStream`, handed over as `Bytes`.
    Bytes,
    /// A generated type.
    Json,
}

fn response_kind(success: &syn::Type) -> Response {
    match success {
        syn::Type::Tuple(t) if t.elems.is_empty() => Response::Empty,
        other if last_ident(other) == "ByteStream" => Response::Bytes,
        _ => Response::Json,
    }
}

/// What a setter checks of a value, besides its type.
struct Checks<'a> {
    range: Option<IntRange>,
    pattern: Option<&'a str>,
    uri: bool,
    length: Option<(Option<u64>, Option<u64>)>,
}

/// A setter of a parameter or body field of type `ty` (`T`, `Option<T>`, `Vec<T>` or
/// `Option<Vec<T>>`), named `ident`, whose checked value (a `Result<ty, String>`) `assign`
/// stores. The value is converted from what the caller gives (`impl TryInto<T>`, or
/// [`IntoSid`](twilio_runtime::sid::IntoSid) for a SID type, checked as the client says) and
/// then checked: the integer range, the pattern (strict or lenient as the client says), an
/// absolute URL.
fn setter(
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
            ::twilio_runtime::sid::IntoSid::into_sid(value, &self.client.inner, #api)
                .map_err(|e| ::twilio_runtime::validation::invalid(#api, e))
        }
    } else {
        quote! {
            value.try_into().map_err(|e| ::twilio_runtime::validation::invalid(#api, e))
        }
    };
    let mut check = TokenStream::new();
    if let Some(r) = checks.range {
        let (min, max) = (opt_tokens(r.min), opt_tokens(r.max));
        check.extend(quote! { .and_then(|v| ::twilio_runtime::validation::check_range(#api, v, #min, #max)) });
    }
    if let Some(pattern) = checks.pattern {
        check.extend(quote! {
            .and_then(|v| {
                static COMPILED: ::std::sync::OnceLock<Option<::twilio_runtime::validation::Regex>> =
                    ::std::sync::OnceLock::new();
                ::twilio_runtime::validation::check_pattern(&self.client.inner, #api, v, #pattern, &COMPILED)
            })
        });
    }
    if let Some((min, max)) = checks.length {
        let (min, max) = (opt_tokens(min), opt_tokens(max));
        check.extend(quote! { .and_then(|v| ::twilio_runtime::validation::check_length(#api, v, #min, #max)) });
    }
    if checks.uri {
        check.extend(quote! { .and_then(|v| ::twilio_runtime::validation::check_uri(#api, v)) });
    }
    let bound = if is_sid {
        quote! { V: ::twilio_runtime::sid::IntoSid<#elem> }
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

/// `pub mod streams`: the types of each list operation's `stream()` and `pages()` under names
/// a caller can read and write (`ListWidgetItems<'a>` rather than
/// `Items<'a, ListWidgetResponse>`, which is named after the page type), e.g. to keep a
/// stream in a struct. Named after the operation's builder, with a suffix no other alias
/// shares, so two lists never collide.
pub fn streams_module(ops: &[Operation]) -> Item {
    let aliases = ops.iter().filter_map(|op| {
        let list = op.list.as_ref()?;
        let builder = op.operation_id.to_upper_camel_case();
        let (items, pages) = (
            format_ident!("{builder}Items"),
            format_ident!("{builder}Pages"),
        );
        let page = format_ident!("{}", list.type_name);
        let items_doc = format!(
            "The [`{item}`](super::types::{item})s of [`{builder}::stream`](super::builder::{builder}::stream), across pages.",
            item = list.item_type
        );
        let pages_doc = format!(
            "The pages of [`{builder}::pages`](super::builder::{builder}::pages) ([`{page}`](super::types::{page})s)."
        );
        Some(quote! {
            #[doc = #items_doc]
            pub type #items<'a> = ::twilio_runtime::pagination::Items<'a, super::types::#page>;
            #[doc = #pages_doc]
            pub type #pages<'a> = ::twilio_runtime::pagination::Pages<'a, super::types::#page>;
        })
    });
    syn::parse_quote! {
        /// The stream types of the list operations, by name: `ListWidgetItems<'a>` is what
        /// `client.list_widget().stream()` returns, `ListWidgetPages<'a>` what `.pages()`
        /// returns.
        pub mod streams {
            #(#aliases)*
        }
    }
}

/// `impl ListPage` for every list response type, and `impl PageMeta` for their metadata types.
pub fn list_pages(extras: &Extras, c: &Collected) -> Result<Vec<Item>> {
    let mut out = Vec::new();
    let mut metas = BTreeSet::new();
    for list in &extras.lists {
        let fields = c.type_structs.get(&list.type_name).ok_or_else(|| {
            Error::PostProcess(format!("list response `{}` not generated", list.type_name))
        })?;
        let items = fields
            .iter()
            .find(|f| f.wire == list.items_field)
            .ok_or_else(|| {
                Error::PostProcess(format!(
                    "`{}` has no field `{}`",
                    list.type_name, list.items_field
                ))
            })?;
        let meta = fields
            .iter()
            .find(|f| f.wire == "meta")
            .ok_or_else(|| Error::PostProcess(format!("`{}` has no `meta`", list.type_name)))?;
        let (ty, item, items_ident, meta_ident) = (
            format_ident!("{}", list.type_name),
            format_ident!("{}", list.item_type),
            &items.ident,
            &meta.ident,
        );
        let items_expr = if option_inner(&items.ty).is_some() {
            quote! { self.#items_ident.unwrap_or_default() }
        } else {
            quote! { self.#items_ident }
        };
        let meta_expr = if option_inner(&meta.ty).is_some() {
            quote! { self.#meta_ident }
        } else {
            quote! { Some(self.#meta_ident) }
        };
        let meta_ty = option_inner(&meta.ty).unwrap_or(&meta.ty).clone();
        let (op, key) = (&list.operation_id, &list.items_field);
        out.push(syn::parse_quote! {
            impl ::twilio_runtime::pagination::ListPage for #ty {
                type Item = #item;
                type Meta = #meta_ty;
                const OPERATION: &'static str = #op;
                const KEY: &'static str = #key;
                fn into_parts(self) -> (Vec<#item>, Option<#meta_ty>) {
                    (#items_expr, #meta_expr)
                }
            }
        });
        if metas.insert(last_ident(&meta_ty)) {
            out.push(page_meta(&meta_ty, c)?);
        }
    }
    Ok(out)
}

/// `impl PageMeta`: the metadata's `next_page_url` and `url`.
fn page_meta(meta_ty: &syn::Type, c: &Collected) -> Result<Item> {
    let name = last_ident(meta_ty);
    let fields = c
        .type_structs
        .get(&name)
        .ok_or_else(|| Error::PostProcess(format!("list metadata `{name}` not generated")))?;
    let getter = |wire: &str| -> Result<TokenStream> {
        let f = fields
            .iter()
            .find(|f| f.wire == wire)
            .ok_or_else(|| Error::PostProcess(format!("list metadata `{name}` has no `{wire}`")))?;
        let ident = &f.ident;
        Ok(if option_inner(&f.ty).is_some() {
            quote! { self.#ident.as_deref() }
        } else {
            quote! { Some(self.#ident.as_str()) }
        })
    };
    // `url` (the page's own) only serves to recognise a page already fetched.
    let next = getter("next_page_url")?;
    let url = getter("url").unwrap_or_else(|_| quote! { None });
    Ok(syn::parse_quote! {
        impl ::twilio_runtime::pagination::PageMeta for #meta_ty {
            fn next_page_url(&self) -> Option<&str> {
                #next
            }
            fn url(&self) -> Option<&str> {
                #url
            }
        }
    })
}

/// The field's own doc text (from the spec) followed by its wire name.
fn field_doc(attrs: &[syn::Attribute], api: &str) -> String {
    let text: Vec<String> = attrs
        .iter()
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value().trim().to_string()),
                _ => None,
            },
            _ => None,
        })
        .filter(|s| !s.is_empty())
        .collect();
    if text.is_empty() {
        format!("Sets body field `{api}`.")
    } else {
        format!("{}\n\nBody field `{api}`.", text.join("\n"))
    }
}

fn setter_doc(description: Option<&str>, api: &str, location: &str, required: bool) -> String {
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
                    quote! { Some(|v| Ok(EncodedBody::Form(::twilio_runtime::wire::form_pairs(&serde_json::from_value::<#ty>(v)?)?))) }
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
