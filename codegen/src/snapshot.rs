//! The API snapshot: a sorted, human-readable listing of the generated public API
//! (`api/flex_v1.txt`), so a spec update's effect on users shows up in review as a plain diff.
//!
//! It is read back from the generated code itself (parsed with syn), so it lists what users
//! compile against, after every fix-up and post-processing step. Only what the code keeps in
//! string literals — wire names and required-ness of parameters and body fields — comes from
//! the spec's operations ([`twilio_spec::model`]).

use crate::Generated;
use crate::error::{Error, Result};
use crate::syntax::{last_ident, type_args};
use heck::ToUpperCamelCase;
use quote::ToTokens;
use std::collections::BTreeMap;
use syn::parse::ParseStream;
use syn::{Item, ItemMod};
use twilio_spec::model::Operation;
use twilio_spec::names::member_name;

/// Builds the API snapshot of a spec text (YAML or JSON): [`crate::generate`], then [`render`].
pub fn api_snapshot(spec_text: &str) -> Result<String> {
    render(&crate::generate(spec_text)?)
}

/// [`api_snapshot`] of the client a product generates with its declarations.
pub fn api_snapshot_with(
    spec_text: &str,
    declarations: &twilio_spec::product::Declarations,
) -> Result<String> {
    render(&crate::generate_with(spec_text, declarations)?)
}

/// Renders the API snapshot of generated code.
///
/// Deterministic: operations are sorted by path and method, types by name, members by name.
pub fn render(generated: &Generated) -> Result<String> {
    let file = syn::parse_file(&generated.code)
        .map_err(|e| err(format!("generated code does not parse: {e}")))?;
    let code = Code::read(&file)?;
    let pages: BTreeMap<&str, &str> = generated
        .extras
        .lists
        .iter()
        .map(|l| (l.type_name.as_str(), l.item_type.as_str()))
        .collect();

    let mut ops: Vec<&Operation> = generated.operations.iter().collect();
    ops.sort_by_key(|op| {
        (
            op.path.as_str(),
            method_rank(&op.method),
            op.operation_id.as_str(),
        )
    });
    let mut op_lines = Vec::new();
    for op in &ops {
        op_lines.push(String::new());
        op_lines.extend(operation(op, &code, &pages, &generated.extras)?);
    }
    let options = options_listing(&file, &generated.extras)?;

    let types = type_listing(code.types, &pages)?;

    let header = format!(
        "\
# twilio-flex public API, generated from spec/flex_v1.yaml. Do not edit:
# refresh with `cargo xtask api-snapshot`.
#
# Operations: `METHOD /path  client_method() -> response`, then the builder's setters as
# `kind  .setter(Type) \"WireName\" [required] [in MIN..=MAX]`. Setters take
# `impl TryInto<Type>` (`Vec<T>`: any iterator of them). Structs list their fields (with the
# wire name when it differs); enums their wire values (each also has `{}(String)`, for
# values added later); SID types their prefix.",
        crate::emit::CATCH_ALL
    );
    let mut out: Vec<String> = header.lines().map(str::to_string).collect();
    out.extend([String::new(), format!("## Operations ({})", ops.len())]);
    out.extend(op_lines);
    if !options.is_empty() {
        out.push(String::new());
        out.push(format!("## Option builders ({})", options.len()));
        for block in options {
            out.push(String::new());
            out.extend(block);
        }
    }
    out.push(String::new());
    out.push(format!("## SID types ({})", types.sids.len()));
    out.push(String::new());
    out.extend(types.sids);
    for (title, blocks) in [("Enums", types.enums), ("Structs", types.structs)] {
        out.push(String::new());
        out.push(format!("## {title} ({})", blocks.len()));
        for block in blocks.into_values() {
            out.push(String::new());
            out.extend(block);
        }
    }
    let mut text = out.join("\n");
    text.push('\n');
    Ok(text)
}

/// A short line diff of two snapshots (or any texts): changed lines as `-`/`+`, grouped in
/// hunks headed `@@ -old +new @@` (1-based line numbers), at most `max_lines` lines.
/// Empty when the texts are equal.
pub fn short_diff(old: &str, new: &str, max_lines: usize) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    if a_mid.is_empty() && b_mid.is_empty() {
        return String::new();
    }
    let script = edit_script(a_mid, b_mid);

    let mut out = Vec::new();
    let (mut i, mut j) = (prefix, prefix);
    let mut in_hunk = false;
    for edit in script {
        match edit {
            Edit::Same => {
                i += 1;
                j += 1;
                in_hunk = false;
            }
            Edit::Del(line) | Edit::Add(line) => {
                if !in_hunk {
                    out.push(format!("@@ -{} +{} @@", i + 1, j + 1));
                    in_hunk = true;
                }
                if matches!(edit, Edit::Del(_)) {
                    out.push(format!("-{line}"));
                    i += 1;
                } else {
                    out.push(format!("+{line}"));
                    j += 1;
                }
            }
        }
    }
    let total = out.len();
    if total > max_lines {
        out.truncate(max_lines);
        out.push(format!("… {} more diff lines", total - max_lines));
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

enum Edit<'a> {
    Same,
    Del(&'a str),
    Add(&'a str),
}

/// Longest-common-subsequence edit script; past a size where the table would be large it
/// gives up on alignment and shows the whole region as removed then added.
fn edit_script<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<Edit<'a>> {
    const MAX_CELLS: usize = 4_000_000;
    if a.len().saturating_mul(b.len()) > MAX_CELLS {
        let dels = a.iter().map(|l| Edit::Del(l));
        return dels.chain(b.iter().map(|l| Edit::Add(l))).collect();
    }
    let w = b.len() + 1;
    // lcs[i * w + j]: LCS length of a[i..] and b[j..].
    let mut lcs = vec![0u32; (a.len() + 1) * w];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * w + j] = if a[i] == b[j] {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push(Edit::Same);
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
            // Removals first, as `diff` shows them.
            out.push(Edit::Del(a[i]));
            i += 1;
        } else {
            out.push(Edit::Add(b[j]));
            j += 1;
        }
    }
    out
}

fn err(message: impl std::fmt::Display) -> Error {
    Error::PostProcess(format!("API snapshot: {message}"))
}

fn method_rank(method: &str) -> usize {
    ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
        .iter()
        .position(|m| *m == method)
        .unwrap_or(usize::MAX)
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

/// How a builder setter maps to the request.
struct Member {
    kind: &'static str,
    wire: String,
    required: bool,
    /// Integer range checked before sending.
    range: Option<twilio_spec::fixups::IntRange>,
}

fn operation(
    op: &Operation,
    code: &Code,
    pages: &BTreeMap<&str, &str>,
    extras: &twilio_spec::fixups::Extras,
) -> Result<Vec<String>> {
    let builder = op.operation_id.to_upper_camel_case();
    let fns = code.builder_fns.get(&builder).ok_or_else(|| {
        err(format!(
            "no builder `{builder}` for operation {}",
            op.operation_id
        ))
    })?;
    let client_method = code
        .client_methods
        .get(&builder)
        .map_or("?", String::as_str);

    let mut response = "?".to_string();
    let mut list = None;
    let mut members: Vec<(usize, String, String)> = Vec::new();
    let mut others = Vec::new();
    for f in fns {
        let name = f.sig.ident.to_string();
        match name.as_str() {
            "send" => response = return_type(&f.sig, Some("Result")),
            "stream" | "pages" => {
                let page = return_type(&f.sig, None);
                let item = pages.get(page.as_str()).copied().unwrap_or("?");
                list = Some(format!(
                    "  list   .stream()/.pages() of {item} (page {page})"
                ));
            }
            "body" => {
                let ty = setter_type(f).unwrap_or_else(|| "?".into());
                let encoding = match op.body.as_ref().map(|b| b.content_type.as_str()) {
                    Some(c) if c.contains("x-www-form-urlencoded") => "form",
                    Some(c) if c.contains("json") => "json",
                    Some(c) => c,
                    None => "?",
                };
                // The whole-body setter leads the body fields.
                let line = format!("  body   .body({ty}) as {encoding}");
                members.push((kind_rank("body"), String::new(), line));
            }
            _ => match setter_type(f) {
                Some(ty) => {
                    let m = member(op, &name, code, fns, extras);
                    let required = if m.required { " required" } else { "" };
                    let range = match m.range.map(|r| (r.min, r.max)) {
                        Some((Some(lo), Some(hi))) => format!(" in {lo}..={hi}"),
                        Some((Some(lo), None)) => format!(" in {lo}.."),
                        Some((None, Some(hi))) => format!(" in ..={hi}"),
                        _ => String::new(),
                    };
                    let line = format!(
                        "  {:<6} .{name}({ty}) {:?}{required}{range}",
                        m.kind, m.wire
                    );
                    members.push((kind_rank(m.kind), name, line));
                }
                None => others.push(format!("  fn     {}", signature(&f.sig))),
            },
        }
    }
    members.sort();
    others.sort();

    let mut lines = vec![format!(
        "{} {}  {client_method}() -> {response}",
        op.method, op.path
    )];
    lines.extend(members.into_iter().map(|(_, _, line)| line));
    if let Some(body) = extras
        .bodies
        .iter()
        .find(|b| b.operation == op.operation_id)
    {
        if let Some(key) = &body.account_sid_key {
            lines.push(format!(
                "  note   {key:?} filled from the client's credentials when the body has none"
            ));
        }
        lines.push(format!(
            "  note   read-only, no setter: {}",
            body.read_only.join(", ")
        ));
    }
    lines.extend(list);
    lines.extend(others);
    Ok(lines)
}

fn kind_rank(kind: &str) -> usize {
    ["path", "query", "header", "body"]
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(usize::MAX)
}

/// Matches a setter to a parameter or body field, as the emitter names them: parameters by
/// their snake-case name, body fields by their struct field (`body_` prefixed on collision),
/// a declared body's properties by name, a declared family by its prefix.
fn member(
    op: &Operation,
    setter: &str,
    code: &Code,
    fns: &[&syn::ImplItemFn],
    extras: &twilio_spec::fixups::Extras,
) -> Member {
    if let Some(p) = op.params.iter().find(|p| p.rust_name == setter) {
        let kind = match p.location.as_str() {
            "path" => "path",
            "query" => "query",
            "header" => "header",
            _ => "param",
        };
        return Member {
            kind,
            wire: p.api_name.clone(),
            required: p.required,
            range: p.range,
        };
    }
    let body_type = fns
        .iter()
        .find(|f| f.sig.ident == "body")
        .and_then(|f| setter_type(f))
        .unwrap_or_default();
    let fields = code.type_fields.get(&body_type);
    let field = fields.and_then(|fs| {
        fs.iter().find(|(ident, _)| ident == setter).or_else(|| {
            let stripped = setter.strip_prefix("body_")?;
            fs.iter().find(|(ident, _)| ident == stripped)
        })
    });
    let declared = || {
        op.body.as_ref()?.fields.iter().find(|f| {
            let name = member_name(&f.api_name);
            name == setter || setter.strip_prefix("body_") == Some(name.as_str())
        })
    };
    let family = || {
        extras.families.iter().find(|f| {
            f.operations.contains(&op.operation_id) && member_name(&f.family.prefix) == setter
        })
    };
    match field {
        Some((_, wire)) => Member {
            kind: "body",
            required: op
                .body
                .as_ref()
                .is_some_and(|b| b.fields.iter().any(|f| f.api_name == *wire && f.required)),
            wire: wire.clone(),
            range: extras
                .ranges
                .get(&(op.operation_id.clone(), wire.clone()))
                .copied(),
        },
        None if declared().is_some() => Member {
            kind: "body",
            required: false,
            wire: declared().map(|f| f.api_name.clone()).unwrap_or_default(),
            range: None,
        },
        None if family().is_some() => Member {
            kind: "body",
            required: false,
            wire: family()
                .map(|f| format!("{}.*", f.family.prefix))
                .unwrap_or_default(),
            range: None,
        },
        None => Member {
            kind: "?",
            wire: "?".into(),
            required: false,
            range: None,
        },
    }
}

/// The value type a setter accepts: for `fn x<V>(self, value: V) -> Self where V:
/// TryInto<T>` it is `T`, and `Vec<T>` when the argument is an `IntoIterator` of such `V`s.
/// `None` if the method is not a setter.
fn setter_type(f: &syn::ImplItemFn) -> Option<String> {
    let sig = &f.sig;
    let mut inputs = sig.inputs.iter();
    let (Some(syn::FnArg::Receiver(_)), Some(syn::FnArg::Typed(arg)), None) =
        (inputs.next(), inputs.next(), inputs.next())
    else {
        return None;
    };
    match &sig.output {
        syn::ReturnType::Type(_, t) if last_ident(t) == "Self" => {}
        _ => return None,
    }
    let mut bounds: BTreeMap<String, Vec<&syn::TypeParamBound>> = BTreeMap::new();
    for param in sig.generics.type_params() {
        bounds
            .entry(param.ident.to_string())
            .or_default()
            .extend(&param.bounds);
    }
    for pred in sig.generics.where_clause.iter().flat_map(|w| &w.predicates) {
        if let syn::WherePredicate::Type(pt) = pred {
            bounds
                .entry(pt.bounded_ty.to_token_stream().to_string())
                .or_default()
                .extend(&pt.bounds);
        }
    }
    Some(resolve(&arg.ty, &bounds, 0))
}

/// Renders a type, seeing through generic parameters bound by `TryInto<T>`/`Into<T>`
/// (to `T`) and `IntoIterator<Item = V>` (to `Vec<V>`).
fn resolve(
    ty: &syn::Type,
    bounds: &BTreeMap<String, Vec<&syn::TypeParamBound>>,
    depth: usize,
) -> String {
    let key = ty.to_token_stream().to_string();
    let Some(bs) = bounds.get(&key).filter(|_| depth < 4) else {
        return render_type(ty);
    };
    for b in bs {
        let syn::TypeParamBound::Trait(t) = b else {
            continue;
        };
        let Some(seg) = t.path.segments.last() else {
            continue;
        };
        let syn::PathArguments::AngleBracketed(args) = &seg.arguments else {
            continue;
        };
        for arg in &args.args {
            match (seg.ident.to_string().as_str(), arg) {
                ("TryInto" | "Into" | "IntoSid", syn::GenericArgument::Type(inner)) => {
                    return resolve(inner, bounds, depth + 1);
                }
                ("IntoIterator", syn::GenericArgument::AssocType(a)) if a.ident == "Item" => {
                    return format!("Vec<{}>", resolve(&a.ty, bounds, depth + 1));
                }
                _ => {}
            }
        }
    }
    render_type(ty)
}

/// `fn name(args) -> ret` with types in short form, for public methods that aren't setters.
fn signature(sig: &syn::Signature) -> String {
    let args: Vec<String> = sig
        .inputs
        .iter()
        .map(|a| match a {
            // How callers pass the receiver; `mut self` is the body's business.
            syn::FnArg::Receiver(r) => match (&r.reference, &r.mutability) {
                (None, _) => "self".to_string(),
                (Some(_), None) => "&self".to_string(),
                (Some(_), Some(_)) => "&mut self".to_string(),
            },
            syn::FnArg::Typed(t) => render_type(&t.ty),
        })
        .collect();
    let ret = match &sig.output {
        syn::ReturnType::Default => String::new(),
        syn::ReturnType::Type(_, t) => format!(" -> {}", render_type(t)),
    };
    let asyncness = if sig.asyncness.is_some() {
        "async "
    } else {
        ""
    };
    format!("{asyncness}{}({}){ret}", sig.ident, args.join(", "))
}

/// The return type, unwrapped from `wrapper<…>` when given (`::twilio_runtime::Result<T>` → `T`), or the
/// last type argument of it otherwise (`Items<'a, T>` → `T`).
fn return_type(sig: &syn::Signature, wrapper: Option<&str>) -> String {
    let syn::ReturnType::Type(_, ty) = &sig.output else {
        return "()".into();
    };
    let syn::Type::Path(tp) = &**ty else {
        return render_type(ty);
    };
    let Some(last) = tp.path.segments.last() else {
        return render_type(ty);
    };
    if wrapper.is_some_and(|w| last.ident != w) {
        return render_type(ty);
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return render_type(ty);
    };
    let types = type_args(args);
    let pick = if wrapper.is_some() {
        types.first()
    } else {
        types.last()
    };
    pick.map_or_else(|| render_type(ty), |t| render_type(t))
}

/// A type in short form: paths reduced to their last segment (`::std::option::Option` →
/// `Option`, `crate::types::FlexFlowSid` → `FlexFlowSid`), except `serde_json::` items, which
/// keep it; lifetimes dropped.
pub fn render_type(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(tp) if tp.qself.is_none() => {
            let segs: Vec<&syn::PathSegment> = tp.path.segments.iter().collect();
            let Some(last) = segs.last() else {
                return String::new();
            };
            let mut s = String::new();
            if segs.len() >= 2 && segs[segs.len() - 2].ident == "serde_json" {
                s.push_str("serde_json::");
            }
            s.push_str(&last.ident.to_string());
            if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
                let rendered: Vec<String> = args
                    .args
                    .iter()
                    .filter_map(|a| match a {
                        syn::GenericArgument::Type(t) => Some(render_type(t)),
                        syn::GenericArgument::AssocType(a) => {
                            Some(format!("{} = {}", a.ident, render_type(&a.ty)))
                        }
                        syn::GenericArgument::Lifetime(_) => None,
                        other => Some(other.to_token_stream().to_string()),
                    })
                    .collect();
                if !rendered.is_empty() {
                    s.push_str(&format!("<{}>", rendered.join(", ")));
                }
            }
            s
        }
        syn::Type::Reference(r) => {
            let m = if r.mutability.is_some() { "mut " } else { "" };
            format!("&{m}{}", render_type(&r.elem))
        }
        syn::Type::Slice(s) => format!("[{}]", render_type(&s.elem)),
        syn::Type::Tuple(t) => {
            let items: Vec<String> = t.elems.iter().map(render_type).collect();
            format!("({})", items.join(", "))
        }
        syn::Type::Paren(p) => render_type(&p.elem),
        syn::Type::Group(g) => render_type(&g.elem),
        other => other.to_token_stream().to_string(),
    }
}

/// Rendered type sections: each block is keyed by type name for sorting.
struct Types {
    sids: Vec<String>,
    enums: BTreeMap<String, Vec<String>>,
    structs: BTreeMap<String, Vec<String>>,
}

/// The option builders of the declared families (`mod options`): per family, its kind
/// enum's values, its constructors (with the fields each requires) and its setters.
fn options_listing(
    file: &syn::File,
    extras: &twilio_spec::fixups::Extras,
) -> Result<Vec<Vec<String>>> {
    let Ok(items) = mod_items(&file.items, "options") else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for used in &extras.families {
        let name = used.family.prefix.to_upper_camel_case();
        let mut lines = vec![format!(
            "options {name}  (kind {}: {})",
            used.family.kind_field,
            used.kinds.join(", ")
        )];
        let mut members = Vec::new();
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
                let args: Vec<String> = f
                    .sig
                    .inputs
                    .iter()
                    .filter_map(|a| match a {
                        syn::FnArg::Typed(t) => {
                            Some(format!("{}: {}", t.pat.to_token_stream(), impl_into(&t.ty)))
                        }
                        syn::FnArg::Receiver(_) => None,
                    })
                    .collect();
                let is_setter = matches!(f.sig.inputs.first(), Some(syn::FnArg::Receiver(_)))
                    && matches!(&f.sig.output, syn::ReturnType::Type(_, t) if last_ident(t) == "Self");
                let line = if is_setter {
                    let suffix = used
                        .members
                        .iter()
                        .find(|w| member_name(w.rsplit('.').next().unwrap_or(w)) == fname)
                        .cloned()
                        .unwrap_or_default();
                    let ty = args
                        .first()
                        .and_then(|a| a.split_once(": "))
                        .map(|(_, t)| t.to_string())
                        .unwrap_or_default();
                    format!("  set    .{fname}({ty}) {suffix:?}")
                } else {
                    let ret = match &f.sig.output {
                        syn::ReturnType::Type(_, t) => format!(" -> {}", render_type(t)),
                        syn::ReturnType::Default => String::new(),
                    };
                    let kind = if matches!(f.sig.inputs.first(), Some(syn::FnArg::Receiver(_))) {
                        "fn"
                    } else {
                        "new"
                    };
                    format!("  {kind:<6} {fname}({}){ret}", args.join(", "))
                };
                members.push(line);
            }
        }
        members.sort();
        lines.extend(members);
        out.push(lines);
    }
    Ok(out)
}

/// `impl Into<T>` → `T`; anything else as rendered.
fn impl_into(ty: &syn::Type) -> String {
    if let syn::Type::ImplTrait(it) = ty
        && let Some(syn::TypeParamBound::Trait(t)) = it.bounds.first()
        && let Some(seg) = t.path.segments.last()
        && seg.ident == "Into"
        && let syn::PathArguments::AngleBracketed(args) = &seg.arguments
        && let Some(syn::GenericArgument::Type(inner)) = args.args.first()
    {
        return render_type(inner);
    }
    render_type(ty)
}

fn type_listing(items: &[Item], pages: &BTreeMap<&str, &str>) -> Result<Types> {
    let mut sids = BTreeMap::new();
    let mut enums = BTreeMap::new();
    let mut structs = BTreeMap::new();
    for item in items {
        match item {
            Item::Struct(s) if is_pub(&s.vis) => {
                let name = s.ident.to_string();
                let mut lines = Vec::new();
                match &s.fields {
                    syn::Fields::Named(named) => {
                        let page = pages
                            .get(name.as_str())
                            .map(|item| format!("  (list page of {item})"))
                            .unwrap_or_default();
                        lines.push(format!("struct {name}{page}"));
                        let mut fields: Vec<String> = named
                            .named
                            .iter()
                            .filter(|f| is_pub(&f.vis))
                            .filter_map(|f| {
                                let ident = f.ident.as_ref()?.to_string();
                                let wire = wire_name(&f.attrs)
                                    .filter(|w| *w != ident)
                                    .map(|w| format!(" {w:?}"))
                                    .unwrap_or_default();
                                Some(format!("  {ident}: {}{wire}", render_type(&f.ty)))
                            })
                            .collect();
                        fields.sort();
                        lines.extend(fields);
                    }
                    syn::Fields::Unnamed(unnamed) => {
                        let tys: Vec<String> =
                            unnamed.unnamed.iter().map(|f| render_type(&f.ty)).collect();
                        lines.push(format!("struct {name}({})", tys.join(", ")));
                    }
                    syn::Fields::Unit => lines.push(format!("struct {name}")),
                }
                structs.insert(name, lines);
            }
            Item::Enum(e) if is_pub(&e.vis) => {
                // typify's own enums, if any survive the fix-ups.
                let name = e.ident.to_string();
                let mut variants: Vec<String> = e
                    .variants
                    .iter()
                    .map(|v| {
                        let fields = match &v.fields {
                            syn::Fields::Unit => String::new(),
                            other => {
                                let tys: Vec<String> =
                                    other.iter().map(|f| render_type(&f.ty)).collect();
                                format!("({})", tys.join(", "))
                            }
                        };
                        let wire = wire_name(&v.attrs)
                            .map(|w| format!(" = {w:?}"))
                            .unwrap_or_default();
                        format!("  {}{fields}{wire}", v.ident)
                    })
                    .collect();
                variants.sort();
                let mut lines = vec![format!("enum {name}")];
                lines.extend(variants);
                enums.insert(name, lines);
            }
            Item::Type(t) if is_pub(&t.vis) => {
                let name = t.ident.to_string();
                structs.insert(
                    name.clone(),
                    vec![format!("type {name} = {}", render_type(&t.ty))],
                );
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
                        sids.insert(name.clone(), format!("sid {name} {prefix:?} ({label})"));
                    }
                }
                Some("open_enum") => {
                    let (name, mut variants) = m
                        .mac
                        .parse_body_with(parse_open_enum)
                        .map_err(|e| err(format!("unexpected `open_enum!` invocation: {e}")))?;
                    variants.sort();
                    let mut lines = vec![format!("enum {name}")];
                    lines.extend(
                        variants
                            .into_iter()
                            .map(|(v, wire)| format!("  {v} = {wire:?}")),
                    );
                    enums.insert(name, lines);
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok(Types {
        sids: sids.into_values().collect(),
        enums,
        structs,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(s: &str) -> String {
        render_type(&syn::parse_str(s).unwrap())
    }

    #[test]
    fn types_render_short() {
        assert_eq!(
            ty("::std::option::Option<::chrono::DateTime<::chrono::offset::Utc>>"),
            "Option<DateTime<Utc>>"
        );
        assert_eq!(
            ty("::std::vec::Vec<crate::types::FlexFlow>"),
            "Vec<FlexFlow>"
        );
        assert_eq!(ty("::serde_json::Value"), "serde_json::Value");
        assert_eq!(
            ty("::serde_json::Map<::std::string::String, ::serde_json::Value>"),
            "serde_json::Map<String, serde_json::Value>"
        );
        assert_eq!(
            ty("::twilio_runtime::pagination::Items<'a, types::Channel>"),
            "Items<Channel>"
        );
        assert_eq!(ty("()"), "()");
    }

    #[test]
    fn setter_types_see_through_generic_bounds() {
        let f: syn::ImplItemFn = syn::parse_quote! {
            pub fn sid<V>(mut self, value: V) -> Self
            where V: std::convert::TryInto<crate::types::FlexFlowSid>, V::Error: std::fmt::Display
            { self }
        };
        assert_eq!(setter_type(&f).as_deref(), Some("FlexFlowSid"));
        let f: syn::ImplItemFn = syn::parse_quote! {
            pub fn sids<I, V>(mut self, values: I) -> Self
            where I: IntoIterator<Item = V>, V: std::convert::TryInto<::std::string::String>
            { self }
        };
        assert_eq!(setter_type(&f).as_deref(), Some("Vec<String>"));
        let f: syn::ImplItemFn = syn::parse_quote! { pub async fn send(self) -> ::twilio_runtime::Result<()> { todo!() } };
        assert_eq!(setter_type(&f), None);
    }

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
    fn short_diff_shows_hunks_with_line_numbers() {
        let old = "a\nb\nc\nd\ne\n";
        let new = "a\nB\nc\nd\ne\nf\n";
        assert_eq!(short_diff(old, old, 10), "");
        assert_eq!(
            short_diff(old, new, 10),
            "@@ -2 +2 @@\n-b\n+B\n@@ -6 +6 @@\n+f\n"
        );
        let capped = short_diff(old, new, 2);
        assert!(capped.ends_with("… 3 more diff lines\n"), "{capped}");
    }
}

#[cfg(test)]
mod end_to_end {
    const SPEC: &str = r##"
openapi: 3.0.1
info: {title: t, version: "1"}
paths:
  /v1/Widgets/{Sid}:
    post:
      operationId: UpdateWidget
      parameters:
        - {name: Sid, in: path, required: true, schema: {type: string, pattern: "^WD[0-9a-fA-F]{32}$"}}
        - {name: Flex-Metadata, in: header, schema: {type: string}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              title: UpdateWidgetRequest
              required: [FriendlyName]
              properties:
                FriendlyName: {type: string}
                Config.Mode: {type: string, enum: [fast, slow]}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/flex.v1.widget"}
components:
  schemas:
    flex.v1.widget:
      type: object
      properties:
        sid: {type: string, pattern: "^WD[0-9a-fA-F]{32}$", nullable: true}
        status: {type: string, enum: [ready, in-progress], nullable: true}
"##;

    #[test]
    fn a_small_spec_renders_operations_and_types() {
        let text = super::api_snapshot(SPEC).unwrap();
        for line in [
            "POST /v1/Widgets/{Sid}  update_widget() -> Widget",
            "  path   .sid(WidgetSid) \"Sid\" required",
            "  header .flex_metadata(String) \"Flex-Metadata\"",
            "  body   .friendly_name(String) \"FriendlyName\" required",
            "  body   .config_mode(UpdateWidgetConfigMode) \"Config.Mode\"",
            "sid WidgetSid \"WD\" (Widget)",
            "enum WidgetStatus",
            "  InProgress = \"in-progress\"",
            "struct Widget",
            "  sid: Option<WidgetSid>",
            "  status: Option<WidgetStatus>",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "missing {line:?} in:\n{text}"
            );
        }
        assert_eq!(text, super::api_snapshot(SPEC).unwrap(), "deterministic");
    }

    #[test]
    fn bad_specs_are_errors_not_panics() {
        assert!(super::api_snapshot("openapi: [").is_err());
    }
}
