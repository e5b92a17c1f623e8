//! Builds the [`Api`] value from generated code: the syn tree of [`Generated::code`] for what
//! users compile against (after every fix-up and post-processing step), and the spec's
//! operations ([`twilio_spec::model`]) plus the fix-ups' [`Extras`] for what the code only
//! keeps in string literals: wire names, required-ness and ranges of parameters and body
//! fields, list item types, declared bodies.

use super::err;
use super::model::{
    Api, Arg, Body, DeclaredBody, Encoding, Enum, Field, List, Method, OptionBuilder, OptionMember,
    Range, Receiver, Renamed, Setter, SetterKind, Sid, Struct, TypeDef, Variant,
};
use super::rust_type::{impl_into, render_type, return_type, setter_type};
use crate::Generated;
use crate::error::Result;
use crate::syntax::last_ident;
use heck::ToUpperCamelCase;
use quote::ToTokens;
use std::collections::BTreeMap;
use syn::parse::ParseStream;
use syn::{Item, ItemMod};
use twilio_spec::fixups::Extras;
use twilio_spec::model::Operation as SpecOperation;
use twilio_spec::names::member_name;

/// Reads the public API of generated code.
pub fn read(generated: &Generated) -> Result<Api> {
    let file = syn::parse_file(&generated.code)
        .map_err(|e| err(format!("generated code does not parse: {e}")))?;
    let code = Code::read(&file)?;
    let pages: BTreeMap<&str, &str> = generated
        .extras
        .lists
        .iter()
        .map(|l| (l.type_name.as_str(), l.item_type.as_str()))
        .collect();

    let mut ops: Vec<&SpecOperation> = generated.operations.iter().collect();
    ops.sort_by_key(|op| listing_order(&op.path, &op.method, &op.operation_id));
    let operations = ops
        .into_iter()
        .map(|op| operation(op, &code, &pages, &generated.extras))
        .collect::<Result<_>>()?;
    let (sids, types) = types(code.types, &pages)?;
    Ok(Api {
        operations,
        options: option_builders(&file, &generated.extras),
        sids,
        types,
    })
}

/// The snapshot lists operations by path, then HTTP method (in this order), then operationId.
pub(super) fn listing_order<'a>(
    path: &'a str,
    method: &str,
    operation_id: &'a str,
) -> (&'a str, usize, &'a str) {
    let rank = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
        .iter()
        .position(|m| *m == method)
        .unwrap_or(usize::MAX);
    (path, rank, operation_id)
}

/// What the snapshot reads from the generated file.
struct Code<'a> {
    /// Items of `mod types`.
    types: &'a [Item],
    /// Named fields of the structs in `mod types`: (ident, wire name).
    type_fields: BTreeMap<String, Vec<(String, String)>>,
    /// Public methods of each builder in `mod builder`, over all its impl blocks.
    builder_fns: BTreeMap<String, Vec<&'a syn::ImplItemFn>>,
    /// `Client` method returning each builder.
    client_methods: BTreeMap<String, String>,
}

impl<'a> Code<'a> {
    fn read(file: &'a syn::File) -> Result<Self> {
        let types = mod_items(&file.items, "types")?;
        let builder = mod_items(&file.items, "builder")?;
        let mut type_fields = BTreeMap::new();
        for item in types {
            if let Item::Struct(s) = item {
                let fields = s
                    .fields
                    .iter()
                    .filter_map(|f| {
                        let ident = f.ident.as_ref()?.to_string();
                        Some((ident.clone(), wire_name(&f.attrs).unwrap_or(ident)))
                    })
                    .collect();
                type_fields.insert(s.ident.to_string(), fields);
            }
        }
        let mut builder_fns: BTreeMap<String, Vec<&syn::ImplItemFn>> = BTreeMap::new();
        for item in builder {
            if let Item::Impl(imp) = item {
                if imp.trait_.is_some() {
                    continue;
                }
                let fns = builder_fns.entry(last_ident(&imp.self_ty)).or_default();
                fns.extend(imp.items.iter().filter_map(|i| match i {
                    syn::ImplItem::Fn(f) if is_pub(&f.vis) => Some(f),
                    _ => None,
                }));
            }
        }
        let mut client_methods = BTreeMap::new();
        for item in &file.items {
            let Item::Impl(imp) = item else { continue };
            if imp.trait_.is_some() || last_ident(&imp.self_ty) != "Client" {
                continue;
            }
            for i in &imp.items {
                if let syn::ImplItem::Fn(f) = i
                    && let (true, syn::ReturnType::Type(_, ret)) = (is_pub(&f.vis), &f.sig.output)
                {
                    client_methods.insert(last_ident(ret), f.sig.ident.to_string());
                }
            }
        }
        Ok(Code {
            types,
            type_fields,
            builder_fns,
            client_methods,
        })
    }
}

fn operation(
    op: &SpecOperation,
    code: &Code,
    pages: &BTreeMap<&str, &str>,
    extras: &Extras,
) -> Result<super::model::Operation> {
    let builder = op.operation_id.to_upper_camel_case();
    let fns = code.builder_fns.get(&builder).ok_or_else(|| {
        err(format!(
            "no builder `{builder}` for operation {}",
            op.operation_id
        ))
    })?;
    let mut out = super::model::Operation {
        operation_id: op.operation_id.clone(),
        method: op.method.clone(),
        path: op.path.clone(),
        client_method: code.client_methods.get(&builder).cloned(),
        response: None,
        setters: BTreeMap::new(),
        body: None,
        list: None,
        fns: BTreeMap::new(),
        declared_body: extras
            .bodies
            .iter()
            .find(|b| b.operation == op.operation_id)
            .map(|b| DeclaredBody {
                account_sid_key: b.account_sid_key.clone(),
                read_only: b.read_only.clone(),
            }),
    };
    for f in fns {
        let name = f.sig.ident.to_string();
        match name.as_str() {
            "send" => out.response = Some(return_type(&f.sig, Some("Result"))),
            "stream" | "pages" => {
                let page = return_type(&f.sig, None);
                out.list = Some(List {
                    item: pages.get(page.as_str()).map(|item| item.to_string()),
                    page,
                });
            }
            "body" => {
                let encoding = match op.body.as_ref().map(|b| b.content_type.as_str()) {
                    Some(c) if c.contains("x-www-form-urlencoded") => Encoding::Form,
                    Some(c) if c.contains("json") => Encoding::Json,
                    Some(c) => Encoding::Other(c.to_string()),
                    None => Encoding::Unknown,
                };
                out.body = Some(Body {
                    ty: setter_type(f),
                    encoding,
                });
            }
            _ => match setter_type(f) {
                Some(ty) => {
                    let setter = setter(op, &name, ty, code, fns, extras);
                    out.setters.insert(name, setter);
                }
                None => {
                    out.fns.insert(name, method(&f.sig, render_type));
                }
            },
        }
    }
    Ok(out)
}

/// Matches a setter to a parameter or body field, as the emitter names them: parameters by
/// their snake-case name, body fields by their struct field (`body_` prefixed on collision),
/// a declared body's properties by name, a declared family by its prefix.
fn setter(
    op: &SpecOperation,
    name: &str,
    ty: String,
    code: &Code,
    fns: &[&syn::ImplItemFn],
    extras: &Extras,
) -> Setter {
    let range = |r: Option<twilio_spec::fixups::IntRange>| {
        // An unbounded range checks nothing, and the snapshot shows none.
        r.filter(|r| r.min.is_some() || r.max.is_some())
            .map(|r| Range {
                min: r.min,
                max: r.max,
            })
    };
    let body = |wire: String, required: bool, r: Option<twilio_spec::fixups::IntRange>| Setter {
        kind: SetterKind::Body,
        ty: ty.clone(),
        wire,
        required,
        range: range(r),
    };
    if let Some(p) = op.params.iter().find(|p| p.rust_name == name) {
        let kind = match p.location.as_str() {
            "path" => SetterKind::Path,
            "query" => SetterKind::Query,
            "header" => SetterKind::Header,
            _ => SetterKind::Param,
        };
        return Setter {
            kind,
            ty,
            wire: p.api_name.clone(),
            required: p.required,
            range: range(p.range),
        };
    }
    let body_type = fns
        .iter()
        .find(|f| f.sig.ident == "body")
        .and_then(|f| setter_type(f))
        .unwrap_or_default();
    let fields = code.type_fields.get(&body_type);
    let field = fields.and_then(|fs| {
        fs.iter().find(|(ident, _)| ident == name).or_else(|| {
            let stripped = name.strip_prefix("body_")?;
            fs.iter().find(|(ident, _)| ident == stripped)
        })
    });
    if let Some((_, wire)) = field {
        let required = op
            .body
            .as_ref()
            .is_some_and(|b| b.fields.iter().any(|f| f.api_name == *wire && f.required));
        let r = extras
            .ranges
            .get(&(op.operation_id.clone(), wire.clone()))
            .copied();
        return body(wire.clone(), required, r);
    }
    let declared = op.body.as_ref().and_then(|b| {
        b.fields.iter().find(|f| {
            let member = member_name(&f.api_name);
            member == name || name.strip_prefix("body_") == Some(member.as_str())
        })
    });
    if let Some(f) = declared {
        return body(f.api_name.clone(), false, None);
    }
    let family = extras
        .families
        .iter()
        .find(|f| f.operations.contains(&op.operation_id) && member_name(&f.family.prefix) == name);
    if let Some(f) = family {
        return body(format!("{}.*", f.family.prefix), false, None);
    }
    Setter {
        kind: SetterKind::Unmatched,
        ty,
        wire: String::new(),
        required: false,
        range: None,
    }
}

/// A method's signature; `arg_type` renders the argument types.
fn method(sig: &syn::Signature, arg_type: fn(&syn::Type) -> String) -> Method {
    let mut receiver = None;
    let mut args = Vec::new();
    for input in &sig.inputs {
        match input {
            syn::FnArg::Receiver(r) => {
                receiver = Some(match (&r.reference, &r.mutability) {
                    (None, _) => Receiver::Value,
                    (Some(_), None) => Receiver::Ref,
                    (Some(_), Some(_)) => Receiver::RefMut,
                });
            }
            syn::FnArg::Typed(t) => args.push(Arg {
                name: t.pat.to_token_stream().to_string(),
                ty: arg_type(&t.ty),
            }),
        }
    }
    Method {
        is_async: sig.asyncness.is_some(),
        receiver,
        args,
        ret: match &sig.output {
            syn::ReturnType::Default => None,
            syn::ReturnType::Type(_, t) => Some(render_type(t)),
        },
    }
}

/// SID types, and the other public items of `mod types`.
type Types = (BTreeMap<String, Sid>, BTreeMap<String, TypeDef>);

fn types(items: &[Item], pages: &BTreeMap<&str, &str>) -> Result<Types> {
    let mut sids = BTreeMap::new();
    let mut types = BTreeMap::new();
    for item in items {
        match item {
            Item::Struct(s) if is_pub(&s.vis) => {
                let def = match &s.fields {
                    syn::Fields::Named(named) => TypeDef::Struct(Struct {
                        page_of: pages
                            .get(s.ident.to_string().as_str())
                            .map(|p| p.to_string()),
                        fields: named
                            .named
                            .iter()
                            .filter(|f| is_pub(&f.vis))
                            .filter_map(|f| {
                                let ident = f.ident.as_ref()?.to_string();
                                let field = Field {
                                    ty: render_type(&f.ty),
                                    wire: wire_name(&f.attrs).unwrap_or_else(|| ident.clone()),
                                };
                                Some((ident, field))
                            })
                            .collect(),
                        non_exhaustive: s.attrs.iter().any(|a| a.path().is_ident("non_exhaustive")),
                    }),
                    syn::Fields::Unnamed(unnamed) => {
                        TypeDef::Tuple(unnamed.unnamed.iter().map(|f| render_type(&f.ty)).collect())
                    }
                    syn::Fields::Unit => TypeDef::Unit,
                };
                types.insert(s.ident.to_string(), def);
            }
            Item::Enum(e) if is_pub(&e.vis) => {
                // typify's own enums, if any survive the fix-ups.
                let variants = e
                    .variants
                    .iter()
                    .map(|v| {
                        let variant = Variant {
                            fields: v.fields.iter().map(|f| render_type(&f.ty)).collect(),
                            wire: wire_name(&v.attrs),
                        };
                        (v.ident.to_string(), variant)
                    })
                    .collect();
                types.insert(e.ident.to_string(), TypeDef::Enum(Enum { variants }));
            }
            Item::Type(t) if is_pub(&t.vis) => {
                let def = match deprecation_note(&t.attrs) {
                    Some(note) => TypeDef::Renamed(Renamed {
                        to: render_type(&t.ty),
                        note,
                    }),
                    None => TypeDef::Alias(render_type(&t.ty)),
                };
                types.insert(t.ident.to_string(), def);
            }
            Item::Macro(m) => match m
                .mac
                .path
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .as_deref()
            {
                Some("sid_types") => {
                    for (name, prefix, label) in m
                        .mac
                        .parse_body_with(parse_sid_types)
                        .map_err(|e| err(format!("unexpected `sid_types!` invocation: {e}")))?
                    {
                        sids.insert(name, Sid { prefix, label });
                    }
                }
                Some("open_enum") => {
                    let (name, variants) = m
                        .mac
                        .parse_body_with(parse_open_enum)
                        .map_err(|e| err(format!("unexpected `open_enum!` invocation: {e}")))?;
                    let variants = variants
                        .into_iter()
                        .map(|(v, wire)| {
                            let variant = Variant {
                                fields: Vec::new(),
                                wire: Some(wire),
                            };
                            (v, variant)
                        })
                        .collect();
                    types.insert(name, TypeDef::Enum(Enum { variants }));
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok((sids, types))
}

/// `Name = ("XX", "Label"); …` → (name, prefix, label).
fn parse_sid_types(input: ParseStream) -> syn::Result<Vec<(String, String, String)>> {
    let mut out = Vec::new();
    while !input.is_empty() {
        let name: syn::Ident = input.parse()?;
        input.parse::<syn::Token![=]>()?;
        let content;
        syn::parenthesized!(content in input);
        let prefix: syn::LitStr = content.parse()?;
        content.parse::<syn::Token![,]>()?;
        let label: syn::LitStr = content.parse()?;
        input.parse::<syn::Token![;]>()?;
        out.push((name.to_string(), prefix.value(), label.value()));
    }
    Ok(out)
}

/// `#[doc = …] Name { Variant = "value", … }` → (name, [(variant, value)]).
fn parse_open_enum(input: ParseStream) -> syn::Result<(String, Vec<(String, String)>)> {
    input.call(syn::Attribute::parse_outer)?;
    let name: syn::Ident = input.parse()?;
    let content;
    syn::braced!(content in input);
    let mut variants = Vec::new();
    while !content.is_empty() {
        let variant: syn::Ident = content.parse()?;
        content.parse::<syn::Token![=]>()?;
        let value: syn::LitStr = content.parse()?;
        variants.push((variant.to_string(), value.value()));
        if content.is_empty() {
            break;
        }
        content.parse::<syn::Token![,]>()?;
    }
    Ok((name.to_string(), variants))
}

/// The option builders of the declared families (`mod options`): per family, its kind
/// field's values, its constructors and methods, and its setters with the wire name each sets.
fn option_builders(file: &syn::File, extras: &Extras) -> Vec<OptionBuilder> {
    let Ok(items) = mod_items(&file.items, "options") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for used in &extras.families {
        let name = used.family.prefix.to_upper_camel_case();
        let mut members = BTreeMap::new();
        for item in items {
            let Item::Impl(imp) = item else { continue };
            if imp.trait_.is_some() || last_ident(&imp.self_ty) != name {
                continue;
            }
            for i in &imp.items {
                let syn::ImplItem::Fn(f) = i else { continue };
                if !is_pub(&f.vis) {
                    continue;
                }
                let fname = f.sig.ident.to_string();
                let sig = method(&f.sig, impl_into);
                let is_setter = sig.receiver.is_some()
                    && matches!(&f.sig.output, syn::ReturnType::Type(_, t) if last_ident(t) == "Self");
                let member = if is_setter {
                    let wire = used
                        .members
                        .iter()
                        .find(|w| member_name(w.rsplit('.').next().unwrap_or(w)) == fname)
                        .cloned()
                        .unwrap_or_default();
                    let ty = sig.args.first().map(|a| a.ty.clone()).unwrap_or_default();
                    OptionMember::Setter { ty, wire }
                } else {
                    OptionMember::Fn(sig)
                };
                members.insert(fname, member);
            }
        }
        out.push(OptionBuilder {
            name,
            kind_field: used.family.kind_field.clone(),
            kinds: used.kinds.clone(),
            members,
        });
    }
    out
}

/// The `#[serde(rename = "…")]` of a field or variant.
fn wire_name(attrs: &[syn::Attribute]) -> Option<String> {
    let mut wire = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        // Other serde options are skipped; a malformed attribute just has no rename.
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let s: syn::LitStr = meta.value()?.parse()?;
                wire = Some(s.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            } else if meta.input.peek(syn::token::Paren) {
                let _ = meta.parse_nested_meta(|_| Ok(()));
            }
            Ok(())
        });
    }
    wire
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn mod_items<'a>(items: &'a [Item], name: &str) -> Result<&'a [Item]> {
    items
        .iter()
        .find_map(|i| match i {
            Item::Mod(ItemMod {
                ident,
                content: Some((_, items)),
                ..
            }) if ident == name => Some(items.as_slice()),
            _ => None,
        })
        .ok_or_else(|| err(format!("no `mod {name}` in the generated code")))
}

/// The note of a `#[deprecated(note = "…")]` attribute.
fn deprecation_note(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find(|a| a.path().is_ident("deprecated"))?;
    let mut note = String::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("deprecated")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("note") {
                note = meta.value()?.parse::<syn::LitStr>()?.value();
            }
            Ok(())
        });
    }
    Some(note)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macros_are_read() {
        let sids = syn::parse::Parser::parse_str(
            parse_sid_types,
            r#"AccountSid = ("AC", "Account"); FlowSid = ("FW", "Flow");"#,
        )
        .unwrap();
        assert_eq!(sids[1], ("FlowSid".into(), "FW".into(), "Flow".into()));
        let (name, variants) = syn::parse::Parser::parse_str(
            parse_open_enum,
            r#"#[doc = "x"] Status { Ok = "ok", InProgress = "in-progress", }"#,
        )
        .unwrap();
        assert_eq!(name, "Status");
        assert_eq!(variants[1], ("InProgress".into(), "in-progress".into()));
    }

    #[test]
    fn signatures_keep_receiver_arguments_and_return_type() {
        let f: syn::ImplItemFn = syn::parse_quote! {
            pub async fn property(mut self, key: &str, value: ::serde_json::Value)
                -> ::twilio_runtime::Result<Self> { todo!() }
        };
        let m = method(&f.sig, render_type);
        assert!(m.is_async);
        assert_eq!(
            m.receiver,
            Some(Receiver::Value),
            "`mut self` is taken by value"
        );
        let args: Vec<(&str, &str)> = m
            .args
            .iter()
            .map(|a| (a.name.as_str(), a.ty.as_str()))
            .collect();
        assert_eq!(args, [("key", "&str"), ("value", "serde_json::Value")]);
        assert_eq!(m.ret.as_deref(), Some("Result<Self>"));
        let f: syn::ImplItemFn = syn::parse_quote! { pub fn new(url: impl Into<String>) { } };
        let m = method(&f.sig, impl_into);
        assert_eq!((m.receiver, m.ret), (None, None));
        assert_eq!(m.args[0].ty, "String", "`impl Into<T>` is `T`");
    }
}
