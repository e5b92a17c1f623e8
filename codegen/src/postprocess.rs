//! Transformations of progenitor's output (as a syn tree), each one named function.
//!
//! progenitor's builder interface is kept; what it can't be configured to do is changed here:
//! no `api-version` header, Twilio's form encoding, a typed `send`, setters that keep the
//! reason a value was rejected, and no constructor that can panic.

use crate::error::{Error, Result};
use quote::ToTokens;
use std::collections::{BTreeMap, BTreeSet};
use syn::visit_mut::VisitMut;
use syn::{Item, ItemMod};

/// progenitor leaves `mod builder` out of a spec with no operations, and typify leaves
/// `mod types::builder` out when there are no structs (`twilio_verify_v3`, a path with no
/// methods). Empty ones give the passes below one shape to work on. Missing where there is
/// something to put in them, they mean progenitor's output changed: an error.
pub fn ensure_modules(file: &mut syn::File, operations: usize) -> Result<()> {
    if find_mod(&file.items, "builder").is_err() {
        if operations > 0 {
            return Err(Error::PostProcess(format!(
                "no `mod builder` in progenitor's output for {operations} operations"
            )));
        }
        file.items.push(syn::parse_quote! {
            /// Operation builders (this spec has no operations).
            pub mod builder {}
        });
    }
    let types = find_mod_mut(&mut file.items, "types")?;
    if find_mod(mod_items(types), "builder").is_err() {
        if mod_items(types)
            .iter()
            .any(|i| matches!(i, Item::Struct(_)))
        {
            return Err(Error::PostProcess(
                "no `mod types::builder` in typify's output, though there are structs".into(),
            ));
        }
        mod_items_mut(types).push(syn::parse_quote! {
            /// Struct builders (this spec has no structs).
            pub mod builder {}
        });
    }
    Ok(())
}

/// Puts back the wire names of parameters the fix-ups renamed for the Rust side
/// (`DateCreatedBefore` → `DateCreated<`, see
/// [`name_comparison_parameters`](twilio_spec::fixups::name_comparison_parameters)): each is a string
/// literal in its operation's `request()`. One that isn't found is an error.
pub fn restore_wire_names(
    file: &mut syn::File,
    wire_names: &BTreeMap<(String, String), String>,
) -> Result<()> {
    use heck::ToUpperCamelCase;
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

/// Starts the bodies the product declares (a JSON object assembled by typed setters, see
/// [`twilio_spec::product::SchemaBody`]) as an empty object instead of progenitor's "not set"
/// error, so setting one property is a complete body.
pub fn empty_declared_bodies(file: &mut syn::File, operations: &[String]) -> Result<()> {
    use heck::ToUpperCamelCase;
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

/// Makes progenitor's builder plumbing crate-private: each operation builder's `new(client)`
/// (callers start from `Client`'s method) and `body_map` (editing a body through typify's
/// builder with a closure: the flat setters and `.body(…)` cover it). The public API is then
/// what the API snapshot lists, and nothing else.
pub fn crate_private_plumbing(file: &mut syn::File, operations: usize) -> Result<()> {
    let builder = find_mod_mut(&mut file.items, "builder")?;
    let mut news = 0;
    for item in mod_items_mut(builder) {
        let Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        for i in &mut imp.items {
            if let syn::ImplItem::Fn(f) = i
                && (f.sig.ident == "new" || f.sig.ident == "body_map")
            {
                news += usize::from(f.sig.ident == "new");
                f.vis = syn::parse_quote!(pub(crate));
            }
        }
    }
    expect_count("crate_private_plumbing", "builder `new`s", news, operations)
}

/// Removes the `api-version` header progenitor adds to every request (one statement per
/// operation, holding the literal `"api-version"`); Twilio defines none.
pub fn remove_api_version_header(file: &mut syn::File, operations: usize) -> Result<()> {
    struct V(usize);
    impl VisitMut for V {
        fn visit_block_mut(&mut self, block: &mut syn::Block) {
            let before = block.stmts.len();
            block.stmts.retain(|s| !has_str_literal(s, "api-version"));
            self.0 += before - block.stmts.len();
            syn::visit_mut::visit_block_mut(self, block);
        }
    }
    let mut v = V(0);
    v.visit_file_mut(file);
    expect_count(
        "remove_api_version_header",
        "`api-version` header statements",
        v.0,
        operations,
    )
}

/// Whether a statement contains the string literal `value`.
fn has_str_literal(stmt: &syn::Stmt, value: &str) -> bool {
    struct Find<'v>(&'v str, bool);
    impl<'ast> syn::visit::Visit<'ast> for Find<'_> {
        fn visit_lit_str(&mut self, lit: &'ast syn::LitStr) {
            self.1 |= lit.value() == self.0;
        }
    }
    let mut f = Find(value, false);
    syn::visit::Visit::visit_stmt(&mut f, stmt);
    f.1
}

/// Whether a path ends with `segments` (`::reqwest::header::HeaderMap::with_capacity` ends
/// with `HeaderMap::with_capacity`).
fn path_ends_with(path: &syn::Path, segments: &[&str]) -> bool {
    path.segments.len() >= segments.len()
        && path
            .segments
            .iter()
            .rev()
            .zip(segments.iter().rev())
            .all(|(s, want)| s.ident == want)
}

/// A pass changed as many things as the spec says it should, or progenitor's output moved.
fn expect_count(pass: &str, what: &str, found: usize, expected: usize) -> Result<()> {
    if found == expected {
        Ok(())
    } else {
        Err(Error::PostProcess(format!(
            "{pass}: found {found} {what} where {expected} were expected; progenitor's or \
             typify's output has changed shape, and this pass must follow it"
        )))
    }
}

/// Routes form bodies through `::twilio_runtime::wire::RequestBuilderExt`, which encodes them as
/// Twilio's libraries do (repeated keys for arrays, JSON strings for objects);
/// `serde_urlencoded`, progenitor's choice, refuses arrays at runtime.
pub fn use_twilio_form_encoding(file: &mut syn::File) -> Result<()> {
    let pos = file
        .items
        .iter()
        .position(|item| {
            matches!(item, Item::Use(u) if matches!(u.vis, syn::Visibility::Inherited)
                && use_names(&u.tree).iter().any(|n| n == "RequestBuilderExt"))
        })
        .ok_or_else(|| {
            Error::PostProcess("no `use progenitor_client::{.., RequestBuilderExt}`".into())
        })?;
    file.items[pos] = syn::parse_quote! {
        #[allow(unused_imports)]
        use progenitor_client::{encode_path, ClientHooks, OperationInfo};
    };
    file.items.insert(
        pos + 1,
        syn::parse_quote! {
            #[allow(unused_imports)]
            use ::twilio_runtime::wire::RequestBuilderExt;
        },
    );
    Ok(())
}

/// The names a `use` tree brings in.
fn use_names(tree: &syn::UseTree) -> Vec<String> {
    match tree {
        syn::UseTree::Path(p) => use_names(&p.tree),
        syn::UseTree::Name(n) => vec![n.ident.to_string()],
        syn::UseTree::Rename(r) => vec![r.rename.to_string()],
        syn::UseTree::Glob(_) => Vec::new(),
        syn::UseTree::Group(g) => g.items.iter().flat_map(use_names).collect(),
    }
}

/// Drops `Client::new`, which unwraps the reqwest client build (a panic in library code), and
/// makes `new_with_client` crate-private: clients are made by `Client::builder()`, which
/// validates credentials and the base URL.
pub fn remove_panicking_constructor(file: &mut syn::File) -> Result<()> {
    let (mut removed, mut restricted) = (0, 0);
    for item in &mut file.items {
        if let Item::Impl(imp) = item
            && imp.trait_.is_none()
            && last_ident(&imp.self_ty) == "Client"
        {
            let before = imp.items.len();
            imp.items
                .retain(|i| !matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == "new"));
            removed += before - imp.items.len();
            for i in &mut imp.items {
                if let syn::ImplItem::Fn(f) = i
                    && f.sig.ident == "new_with_client"
                {
                    f.vis = syn::parse_quote!(pub(crate));
                    restricted += 1;
                }
            }
        }
    }
    expect_count("remove_panicking_constructor", "`Client::new`", removed, 1)?;
    expect_count(
        "remove_panicking_constructor",
        "`Client::new_with_client`",
        restricted,
        1,
    )
}

/// The `#[serde(...)]` items of an attribute, parsed; `None` for other attributes.
fn serde_metas(attr: &syn::Attribute) -> Option<Vec<syn::Meta>> {
    if !attr.path().is_ident("serde") {
        return None;
    }
    let syn::Meta::List(list) = &attr.meta else {
        return None;
    };
    list.parse_args_with(syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
        .ok()
        .map(|p| p.into_iter().collect())
}

/// `name = "value"` as a serde item.
fn serde_str_item(meta: &syn::Meta, name: &str) -> Option<String> {
    let syn::Meta::NameValue(nv) = meta else {
        return None;
    };
    if !nv.path.is_ident(name) {
        return None;
    }
    match &nv.value {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        _ => None,
    }
}

/// Whether a field has `#[serde(default)]`.
fn has_serde_default(field: &syn::Field) -> bool {
    field
        .attrs
        .iter()
        .filter_map(serde_metas)
        .flatten()
        .any(|m| m.path().is_ident("default"))
}

/// Whether an item derives `trait_name` (`#[derive(::serde::Deserialize)]`, however
/// qualified).
fn derives(attrs: &[syn::Attribute], trait_name: &str) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("derive")
            && a.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )
            .is_ok_and(|paths| {
                paths
                    .iter()
                    .any(|p| p.segments.last().is_some_and(|s| s.ident == trait_name))
            })
    })
}

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

/// Decodes timestamps through `twilio_runtime::timestamp`, which reads Twilio's usual
/// `2016-08-01T22:10:40Z` directly and hands anything else to chrono: chrono's general RFC 3339
/// parser was ~11% of decoding a page of Flex Flows. `date_times` is how many `date-time`
/// properties the spec's schemas have: finding none of them means typify's output changed.
pub fn fast_timestamps(file: &mut syn::File, date_times: usize) -> Result<()> {
    let mut found = 0;
    for field in wire_struct_fields(file)? {
        let with = if is_utc_datetime(&field.ty) {
            "::twilio_runtime::timestamp::deserialize"
        } else if option_inner(&field.ty).is_some_and(is_utc_datetime) {
            "::twilio_runtime::timestamp::deserialize_option"
        } else {
            continue;
        };
        found += 1;
        // `default`: a missing optional field stays `None` with `deserialize_with`.
        let default = (with.ends_with("option") && !has_serde_default(field))
            .then(|| quote::quote!(default,));
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
/// field with a default decodes `null` as empty (`::twilio_runtime::wire::null_as_default`),
/// and a map of strings (`links`) leaves out `null` values
/// (`::twilio_runtime::wire::string_map_without_nulls`). Twilio's examples and responses do
/// both where the spec says otherwise; one such value would fail the whole response.
pub fn lenient_collections(file: &mut syn::File) -> Result<()> {
    for field in wire_struct_fields(file)? {
        let has_default = has_serde_default(field);
        let with = if has_default && is_collection(&field.ty) {
            "::twilio_runtime::wire::null_as_default"
        } else if option_inner(&field.ty).is_some_and(is_string_map) {
            "::twilio_runtime::wire::string_map_without_nulls"
        } else {
            continue;
        };
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

/// Drops typify's builders of the structs no operation takes as a body (responses and their
/// parts, ~50 of ~80): they are code to compile for a use nobody has, since a response value
/// is built with a struct literal and `..Default::default()`. The builders of request bodies
/// stay: the operation builders' body setters use them.
pub fn drop_unused_struct_builders(file: &mut syn::File) -> Result<()> {
    // The struct builders the operation builders name: `types::builder::X`.
    struct Used(BTreeSet<String>);
    impl<'ast> syn::visit::Visit<'ast> for Used {
        fn visit_path(&mut self, path: &'ast syn::Path) {
            let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
            if let [.., types, builder, name] = names.as_slice()
                && types == "types"
                && builder == "builder"
            {
                self.0.insert(name.clone());
            }
            syn::visit::visit_path(self, path);
        }
    }
    let operations = find_mod_mut(&mut file.items, "builder")?;
    let mut used = Used(BTreeSet::new());
    syn::visit::Visit::visit_item_mod(&mut used, operations);
    let used = used.0;
    let types = find_mod_mut(&mut file.items, "types")?;
    let typify_builders = find_mod_mut(mod_items_mut(types), "builder")?;
    mod_items_mut(typify_builders).retain(|item| match item {
        Item::Struct(s) => used.contains(&s.ident.to_string()),
        Item::Impl(imp) => used.contains(&self_name(imp)),
        _ => true,
    });
    // `X::builder()` of the dropped ones.
    for item in mod_items_mut(types) {
        if let Item::Impl(imp) = item
            && imp.trait_.is_none()
            && !used.contains(&self_name(imp))
        {
            imp.items
                .retain(|i| !matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == "builder"));
        }
    }
    mod_items_mut(types).retain(
        |item| !matches!(item, Item::Impl(imp) if imp.trait_.is_none() && imp.items.is_empty()),
    );
    Ok(())
}

/// Marks the generated glue `#[inline]`: typify's struct builders and their conversions, and
/// each operation's request builder. Like a generic, an `#[inline]` function is compiled in
/// the crate that calls it, so an application pays (in build time) for the operations and
/// builders it uses instead of all of them, and this crate's own build doesn't generate
/// machine code for 73 request encoders and ~80 struct builders nobody has called yet.
pub fn inline_glue(file: &mut syn::File) -> Result<()> {
    fn mark(f: &mut syn::ImplItemFn) {
        if !f.attrs.iter().any(|a| a.path().is_ident("inline")) {
            f.attrs.push(syn::parse_quote!(#[inline]));
        }
    }
    let types = find_mod_mut(&mut file.items, "types")?;
    let typify_builders = find_mod_mut(mod_items_mut(types), "builder")?;
    for item in mod_items_mut(typify_builders) {
        if let Item::Impl(imp) = item {
            for i in &mut imp.items {
                if let syn::ImplItem::Fn(f) = i {
                    mark(f);
                }
            }
        }
    }
    let builders = find_mod_mut(&mut file.items, "builder")?;
    for item in mod_items_mut(builders) {
        if let Item::Impl(imp) = item {
            for i in &mut imp.items {
                if let syn::ImplItem::Fn(f) = i
                    && f.sig.ident == "request"
                {
                    mark(f);
                }
            }
        }
    }
    Ok(())
}

/// progenitor's per-operation doc examples are ```` ```ignore ```` blocks (illustrations
/// with free variables); they become ```` ```text ```` so rustdoc neither compiles nor
/// reports them as ignored tests.
pub fn doc_examples_as_text(file: &mut syn::File, operations: usize) -> Result<()> {
    struct V(usize);
    impl VisitMut for V {
        fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
            if let syn::Meta::NameValue(nv) = &mut attr.meta
                && nv.path.is_ident("doc")
                && let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = &mut nv.value
                && s.value().contains("```ignore")
            {
                *s = syn::LitStr::new(&s.value().replace("```ignore", "```text"), s.span());
                self.0 += 1;
            }
        }
    }
    let mut v = V(0);
    v.visit_file_mut(file);
    // progenitor documents each `Client` method with an example.
    if operations > 0 && v.0 == 0 {
        return Err(Error::PostProcess(format!(
            "doc_examples_as_text: no ```ignore example in the docs of {operations} operations; \
             progenitor's output has changed shape"
        )));
    }
    Ok(())
}

/// A struct's named fields: (ident, type, wire name from `serde(rename)`, doc attributes).
#[derive(Clone)]
pub struct FieldInfo {
    /// Rust field name.
    pub ident: syn::Ident,
    /// Field type.
    pub ty: syn::Type,
    /// JSON / form name.
    pub wire: String,
    /// `#[doc]` attributes.
    pub docs: Vec<syn::Attribute>,
}

/// What post-processing reads from the generated tree.
pub struct Collected {
    /// Names of the items in `mod types`.
    pub type_names: BTreeSet<String>,
    /// Structs in `mod types`, by name.
    pub type_structs: BTreeMap<String, Vec<FieldInfo>>,
    /// Operation builder structs in `mod builder`, by name.
    pub builders: BTreeMap<String, Vec<FieldInfo>>,
    /// Success type of each builder's `send`, by builder name.
    pub send_types: BTreeMap<String, syn::Type>,
}

/// Reads types, builders and `send` signatures from progenitor's output.
pub fn collect(file: &syn::File) -> Result<Collected> {
    let types = find_mod(&file.items, "types")?;
    let builder = find_mod(&file.items, "builder")?;
    let mut c = Collected {
        type_names: BTreeSet::new(),
        type_structs: BTreeMap::new(),
        builders: BTreeMap::new(),
        send_types: BTreeMap::new(),
    };
    for item in mod_items(types) {
        match item {
            Item::Struct(s) => {
                c.type_names.insert(s.ident.to_string());
                c.type_structs
                    .insert(s.ident.to_string(), fields(&s.fields));
            }
            Item::Enum(e) => {
                c.type_names.insert(e.ident.to_string());
            }
            Item::Type(t) => {
                c.type_names.insert(t.ident.to_string());
            }
            _ => {}
        }
    }
    for item in mod_items(builder) {
        match item {
            Item::Struct(s) => {
                c.builders.insert(s.ident.to_string(), fields(&s.fields));
            }
            Item::Impl(imp) => {
                let name = self_name(imp);
                for i in &imp.items {
                    if let syn::ImplItem::Fn(f) = i
                        && f.sig.ident == "send"
                    {
                        c.send_types
                            .insert(name.clone(), send_success_type(&f.sig)?);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(c)
}

/// Renames each builder's `send` to a private `send_raw` (wrapped by the typed `send` we
/// emit) and removes progenitor's parameter setters (replaced by ones that keep the reason a
/// value was rejected: progenitor's discard it).
pub fn replace_send_and_setters(
    file: &mut syn::File,
    collected: &Collected,
    operations: &[twilio_spec::model::Operation],
) -> Result<()> {
    use heck::ToUpperCamelCase;
    let path_params: BTreeMap<String, usize> = operations
        .iter()
        .map(|op| {
            (
                op.operation_id.to_upper_camel_case(),
                op.path.matches('{').count(),
            )
        })
        .collect();
    let mut sends = 0;
    let builder = find_mod_mut(&mut file.items, "builder")?;
    for item in mod_items_mut(builder) {
        if let Item::Impl(imp) = item {
            let name = self_name(imp);
            let Some(fields) = collected.builders.get(&name) else {
                continue;
            };
            let params: BTreeSet<String> = fields
                .iter()
                .map(|f| f.ident.to_string())
                .filter(|n| n != "client" && n != "body")
                .collect();
            imp.items.retain(
                |i| !matches!(i, syn::ImplItem::Fn(f) if params.contains(&f.sig.ident.to_string())),
            );
            for i in &mut imp.items {
                if let syn::ImplItem::Fn(f) = i
                    && f.sig.ident == "send"
                {
                    into_request_builder(f, &name, path_params.get(&name).copied().unwrap_or(0))?;
                    sends += 1;
                }
            }
        }
    }
    expect_count(
        "replace_send_and_setters",
        "operation `send` methods",
        sends,
        operations.len(),
    )
}

/// Turns progenitor's `async fn send` into `fn request(self) -> Result<reqwest::Request, _>`:
/// the part that checks parameters and encodes the request is kept, the part that sends it
/// (hooks, status match, decoding) is cut, and our `send` passes the request to the one
/// non-generic `::twilio_runtime::transport::send`. One sending state machine for all 73 operations instead
/// of one each is less code to compile and less work per request.
fn into_request_builder(f: &mut syn::ImplItemFn, builder: &str, path_params: usize) -> Result<()> {
    let cut = f
        .block
        .stmts
        .iter()
        .position(|s| {
            matches!(s, syn::Stmt::Local(l)
                if l.init.as_ref().is_some_and(|i| matches!(&*i.expr,
                    syn::Expr::Struct(st) if st.path.is_ident("OperationInfo"))))
        })
        .ok_or_else(|| {
            Error::PostProcess(format!("{builder}::send has no `let info = OperationInfo`"))
        })?;
    f.block.stmts.truncate(cut);
    f.block
        .stmts
        .push(syn::Stmt::Expr(syn::parse_quote!(Ok(request)), None));
    // An empty header map doesn't allocate; progenitor reserves one slot per request.
    struct EmptyHeaders(usize);
    impl VisitMut for EmptyHeaders {
        fn visit_expr_mut(&mut self, e: &mut syn::Expr) {
            if let syn::Expr::Call(call) = e
                && let syn::Expr::Path(func) = &*call.func
                && path_ends_with(&func.path, &["HeaderMap", "with_capacity"])
            {
                *e = syn::parse_quote!(::reqwest::header::HeaderMap::new());
                self.0 += 1;
                return;
            }
            syn::visit_mut::visit_expr_mut(self, e);
        }
    }
    let mut headers = EmptyHeaders(0);
    headers.visit_block_mut(&mut f.block);
    expect_count(
        &format!("into_request_builder({builder})"),
        "`HeaderMap::with_capacity`",
        headers.0,
        1,
    )?;
    // `encode_path(&x.to_string())` → `PathSegment(&x)`, encoded while the URL is formatted.
    struct PathSegments(usize);
    impl VisitMut for PathSegments {
        fn visit_expr_mut(&mut self, e: &mut syn::Expr) {
            if let syn::Expr::Call(call) = e
                && matches!(&*call.func, syn::Expr::Path(p) if p.path.is_ident("encode_path"))
                && let [syn::Expr::Reference(r)] = call.args.iter().collect::<Vec<_>>()[..]
                && let syn::Expr::MethodCall(m) = &*r.expr
                && m.method == "to_string"
                && m.args.is_empty()
            {
                let receiver = &m.receiver;
                *e = syn::parse_quote!(::twilio_runtime::wire::PathSegment(&#receiver));
                self.0 += 1;
                return;
            }
            syn::visit_mut::visit_expr_mut(self, e);
        }
        // The URL is built by `format!`, whose arguments are tokens to syn.
        fn visit_macro_mut(&mut self, m: &mut syn::Macro) {
            if !m.path.is_ident("format") {
                return;
            }
            let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
            if let Ok(mut args) = m.parse_body_with(parser) {
                for arg in args.iter_mut() {
                    self.visit_expr_mut(arg);
                }
                m.tokens = args.to_token_stream();
            }
        }
    }
    let mut segments = PathSegments(0);
    segments.visit_block_mut(&mut f.block);
    expect_count(
        &format!("into_request_builder({builder})"),
        "`encode_path(&x.to_string())` path parameters",
        segments.0,
        path_params,
    )?;
    // `format!("{}/v1/…", client.baseurl, …)` → `::twilio_runtime::wire::api_url(&client.inner,
    // format_args!("/v1/…", …)).map_err(Error::InvalidRequest)?`: the path goes onto the client's parsed base URL, so the
    // host isn't parsed again for every request (reqwest would parse the string).
    struct BaseUrl(bool);
    impl VisitMut for BaseUrl {
        fn visit_expr_mut(&mut self, e: &mut syn::Expr) {
            if let syn::Expr::Macro(m) = e
                && m.mac.path.is_ident("format")
            {
                let parser =
                    syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
                if let Ok(args) = m.mac.parse_body_with(parser) {
                    let mut args = args.into_iter();
                    if let (Some(syn::Expr::Lit(lit)), Some(base)) = (args.next(), args.next())
                        && let syn::Lit::Str(fmt) = &lit.lit
                        && let Some(path) = fmt.value().strip_prefix("{}")
                        && matches!(&base, syn::Expr::Field(f)
                            if matches!(&*f.base, syn::Expr::Path(p) if p.path.is_ident("client"))
                            && matches!(&f.member, syn::Member::Named(m) if m == "baseurl"))
                    {
                        let rest: Vec<syn::Expr> = args.collect();
                        *e = syn::parse_quote!(
                            ::twilio_runtime::wire::api_url(
                                &client.inner,
                                format_args!(#path #(, #rest)*)
                            )
                            .map_err(Error::InvalidRequest)?
                        );
                        self.0 = true;
                        return;
                    }
                }
            }
            syn::visit_mut::visit_expr_mut(self, e);
        }
    }
    let mut base_url = BaseUrl(false);
    base_url.visit_block_mut(&mut f.block);
    if !base_url.0 {
        return Err(Error::PostProcess(format!(
            "{builder}::send builds no URL from `client.baseurl`"
        )));
    }
    // `request(&self)`, so `send` can build the request again for a retry instead of copying
    // it ahead of time: `let Self { client, a, .. } = self;` → `let client = self.client;
    // let a = self.a.clone(); …` (a SID or a number copies without allocating).
    let mut by_ref = false;
    let stmts = std::mem::take(&mut f.block.stmts);
    for stmt in stmts {
        if let syn::Stmt::Local(local) = &stmt
            && let syn::Pat::Struct(pat) = &local.pat
            && pat.path.is_ident("Self")
            && local
                .init
                .as_ref()
                .is_some_and(|i| matches!(&*i.expr, syn::Expr::Path(p) if p.path.is_ident("self")))
        {
            for field in &pat.fields {
                let syn::Member::Named(name) = &field.member else {
                    return Err(Error::PostProcess(format!(
                        "{builder}::send: unnamed field"
                    )));
                };
                f.block.stmts.push(if name == "client" {
                    syn::parse_quote!(let client = self.client;)
                } else {
                    syn::parse_quote!(let #name = self.#name.clone();)
                });
            }
            by_ref = true;
            continue;
        }
        f.block.stmts.push(stmt);
    }
    if !by_ref {
        return Err(Error::PostProcess(format!(
            "{builder}::send has no `let Self {{ .. }} = self`"
        )));
    }
    if let Some(syn::FnArg::Receiver(receiver)) = f.sig.inputs.first_mut() {
        *receiver = syn::parse_quote!(&self);
    }
    f.sig.ident = syn::Ident::new("request", f.sig.ident.span());
    f.sig.asyncness = None;
    f.sig.output = syn::parse_quote!(-> Result<::reqwest::Request, Error<()>>);
    f.vis = syn::Visibility::Inherited;
    f.attrs.retain(|a| !a.path().is_ident("doc"));
    f.attrs
        .push(syn::parse_quote!(#[doc = "Checks the parameters and builds the request; `send` sends it."]));
    Ok(())
}

/// Appends items to a top-level module (`types` or `builder`).
pub fn append_to_mod(file: &mut syn::File, module: &str, items: Vec<Item>) -> Result<()> {
    let m = find_mod_mut(&mut file.items, module)?;
    mod_items_mut(m).extend(items);
    Ok(())
}

/// Removes items by name from `mod types` (the ones we emit ourselves).
pub fn remove_types(file: &mut syn::File, names: &BTreeSet<String>) -> Result<()> {
    let m = find_mod_mut(&mut file.items, "types")?;
    mod_items_mut(m).retain(|item| match item {
        Item::Struct(s) => !names.contains(&s.ident.to_string()),
        Item::Enum(e) => !names.contains(&e.ident.to_string()),
        Item::Impl(i) => !names.contains(&self_name(i)),
        _ => true,
    });
    Ok(())
}

/// Qualifies bare `mod types` names in a type with `types::`, for use from `mod builder`.
pub fn qualify(ty: &syn::Type, type_names: &BTreeSet<String>) -> syn::Type {
    struct Q<'a>(&'a BTreeSet<String>);
    impl VisitMut for Q<'_> {
        fn visit_type_path_mut(&mut self, tp: &mut syn::TypePath) {
            if tp.qself.is_none()
                && tp.path.leading_colon.is_none()
                && tp.path.segments.len() == 1
                && self.0.contains(&tp.path.segments[0].ident.to_string())
            {
                tp.path.segments.insert(0, syn::parse_quote!(types));
            }
            syn::visit_mut::visit_type_path_mut(self, tp);
        }
    }
    let mut ty = ty.clone();
    Q(type_names).visit_type_mut(&mut ty);
    ty
}

/// `Option<T>` → `Some(T)`; anything else → `None`.
pub fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    generic_inner(ty, "Option")
}

/// The first generic argument of a type whose last path segment is `name`.
pub fn generic_inner<'a>(ty: &'a syn::Type, name: &str) -> Option<&'a syn::Type> {
    let syn::Type::Path(tp) = ty else { return None };
    let last = tp.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    type_args(args).first().copied()
}

fn send_success_type(sig: &syn::Signature) -> Result<syn::Type> {
    let syn::ReturnType::Type(_, ret) = &sig.output else {
        return Err(Error::PostProcess("`send` without a return type".into()));
    };
    generic_inner(ret, "Result")
        .and_then(|t| generic_inner(t, "ResponseValue"))
        .cloned()
        .ok_or_else(|| {
            Error::PostProcess(format!("unexpected `send` type: {}", ret.to_token_stream()))
        })
}

fn fields(f: &syn::Fields) -> Vec<FieldInfo> {
    f.iter()
        .filter_map(|field| {
            let ident = field.ident.clone()?;
            let mut wire = ident.to_string();
            for attr in &field.attrs {
                if attr.path().is_ident("serde") {
                    let _ = attr.parse_nested_meta(|meta| {
                        if meta.path.is_ident("rename") {
                            let s: syn::LitStr = meta.value()?.parse()?;
                            wire = s.value();
                        } else if meta.input.peek(syn::Token![=]) {
                            let _: syn::Expr = meta.value()?.parse()?;
                        }
                        Ok(())
                    });
                }
            }
            Some(FieldInfo {
                docs: field
                    .attrs
                    .iter()
                    .filter(|a| a.path().is_ident("doc"))
                    .cloned()
                    .collect(),
                ty: field.ty.clone(),
                wire,
                ident,
            })
        })
        .collect()
}

fn self_name(imp: &syn::ItemImpl) -> String {
    last_ident(&imp.self_ty)
}

/// The last path segment of a type (`types::builder::X` → `X`), or "" for other types.
pub fn last_ident(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(tp) => tp
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// The type arguments of `<…>` (`HashMap<String, V>` → `[String, V]`), lifetimes and
/// constants left out.
pub fn type_args(args: &syn::AngleBracketedGenericArguments) -> Vec<&syn::Type> {
    args.args
        .iter()
        .filter_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        })
        .collect()
}

fn find_mod<'a>(items: &'a [Item], name: &str) -> Result<&'a ItemMod> {
    items
        .iter()
        .find_map(|i| match i {
            Item::Mod(m) if m.ident == name => Some(m),
            _ => None,
        })
        .ok_or_else(|| Error::PostProcess(format!("no `mod {name}` in progenitor's output")))
}

fn find_mod_mut<'a>(items: &'a mut [Item], name: &str) -> Result<&'a mut ItemMod> {
    items
        .iter_mut()
        .find_map(|i| match i {
            Item::Mod(m) if m.ident == name => Some(m),
            _ => None,
        })
        .ok_or_else(|| Error::PostProcess(format!("no `mod {name}` in progenitor's output")))
}

fn mod_items(m: &ItemMod) -> &[Item] {
    m.content
        .as_ref()
        .map(|(_, items)| items.as_slice())
        .unwrap_or(&[])
}

fn mod_items_mut(m: &mut ItemMod) -> &mut Vec<Item> {
    &mut m
        .content
        .get_or_insert_with(|| (Default::default(), Vec::new()))
        .1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_version_header_statement_is_removed() {
        let mut file: syn::File = syn::parse_quote! {
            fn send() {
                let mut header_map = HeaderMap::with_capacity(1usize);
                header_map.append(HeaderName::from_static("api-version"), HeaderValue::from_static("1.0.0"));
                header_map.append("Flex-Metadata", value);
            }
        };
        remove_api_version_header(&mut file, 1).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(!text.contains("api-version"));
        assert!(text.contains("Flex-Metadata"));
        // One operation without the statement: progenitor's output moved, and this says so.
        let err = remove_api_version_header(&mut file, 1)
            .unwrap_err()
            .to_string();
        assert!(err.contains("remove_api_version_header: found 0"), "{err}");
    }

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
    fn builders_of_non_body_structs_go_and_glue_is_inline() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct Body {}
                impl Body { pub fn builder() -> builder::Body { Default::default() } }
                pub struct Resp {}
                impl Resp { pub fn builder() -> builder::Resp { Default::default() } }
                impl Eq for Resp {}
                pub mod builder {
                    pub struct Body {}
                    impl Default for Body { fn default() -> Self { Body {} } }
                    impl TryFrom<Body> for super::Body { type Error = String; fn try_from(b: Body) -> Result<Self, String> { todo!() } }
                    pub struct Resp {}
                    impl Default for Resp { fn default() -> Self { Resp {} } }
                    impl From<super::Resp> for Resp { fn from(r: super::Resp) -> Self { Resp {} } }
                }
            }
            pub mod builder {
                pub struct CreateX<'a> { body: Result<types::builder::Body, String> }
                impl<'a> CreateX<'a> {
                    fn request(self) -> Result<::reqwest::Request, Error<()>> { todo!() }
                    pub fn new() -> Self { todo!() }
                }
            }
        };
        drop_unused_struct_builders(&mut file).unwrap();
        inline_glue(&mut file).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(text.contains("pub struct Body"), "{text}");
        assert!(text.contains("fn builder () -> builder :: Body"), "{text}");
        assert!(!text.contains("builder :: Resp"), "{text}");
        assert!(!text.contains("impl From < super :: Resp >"), "{text}");
        assert!(text.contains("impl Eq for Resp { }"), "{text}");
        assert!(text.contains("pub struct Resp { }"), "{text}");
        assert!(text.contains("# [inline] fn default"), "{text}");
        assert!(text.contains("# [inline] fn try_from"), "{text}");
        assert!(text.contains("# [inline] fn request"), "{text}");
        assert!(!text.contains("# [inline] pub fn new"), "{text}");
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
                "serde (default , deserialize_with = \"::twilio_runtime::timestamp::deserialize_option\")"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "serde (deserialize_with = \"::twilio_runtime::timestamp::deserialize\")"
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
    fn ignored_doc_examples_become_text() {
        let mut file: syn::File = syn::parse_quote! {
            #[doc = "Sends a request\n```ignore\nlet x = client.f();\n```"]
            fn f() {}
        };
        doc_examples_as_text(&mut file, 1).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(
            !text.contains("```ignore") && text.contains("```text"),
            "{text}"
        );
        assert!(
            doc_examples_as_text(&mut file, 1).is_err(),
            "none left: an error"
        );
    }

    #[test]
    fn form_encoding_import_is_swapped() {
        let mut file: syn::File = syn::parse_quote! {
            pub use progenitor_client::{ByteStream, Error};
            use progenitor_client::{encode_path, ClientHooks, OperationInfo, RequestBuilderExt};
        };
        use_twilio_form_encoding(&mut file).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(text.contains(":: twilio_runtime :: wire :: RequestBuilderExt"));
        assert!(!text.contains("OperationInfo , RequestBuilderExt"));
    }

    #[test]
    fn client_new_is_removed() {
        let mut file: syn::File = syn::parse_quote! {
            impl Client {
                pub fn new(baseurl: &str) -> Self { build().unwrap() }
                pub fn new_with_client(baseurl: &str, client: reqwest::Client) -> Self { todo!() }
            }
        };
        remove_panicking_constructor(&mut file).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(!text.contains("fn new ("));
        assert!(text.contains("pub (crate) fn new_with_client"));
    }

    #[test]
    fn send_becomes_a_request_builder_and_param_setters_go() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod types {}
            pub mod builder {
                pub struct FetchX<'a> { client: &'a Client, sid: Result<types::XSid, String> }
                impl<'a> FetchX<'a> {
                    pub fn new(client: &'a Client) -> Self { todo!() }
                    pub fn sid<V>(mut self, value: V) -> Self { self }
                    ///Sends a `GET` request to `/v1/X/{Sid}`
                    pub async fn send(self) -> Result<ResponseValue<types::X>, Error<()>> {
                        let Self { client, sid } = self;
                        let sid = sid.map_err(Error::InvalidRequest)?;
                        let url = format!("{}/v1/X/{}", client.baseurl, encode_path(&sid.to_string()));
                        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
                        let mut request = client.client.get(url).headers(header_map).build()?;
                        let info = OperationInfo { operation_id: "fetch_x" };
                        client.pre(&mut request, &info).await?;
                        let result = client.exec(request, &info).await;
                        ResponseValue::from_response(result?).await
                    }
                }
            }
        };
        let collected = collect(&file).unwrap();
        assert_eq!(
            collected.send_types["FetchX"].to_token_stream().to_string(),
            "types :: X"
        );
        let op = twilio_spec::model::Operation {
            operation_id: "FetchX".into(),
            method: "GET".into(),
            path: "/v1/X/{Sid}".into(),
            params: Vec::new(),
            body: None,
            list: None,
        };
        replace_send_and_setters(&mut file, &collected, std::slice::from_ref(&op)).unwrap();
        let text = file.to_token_stream().to_string();
        assert!(!text.contains("fn sid"), "{text}");
        assert!(!text.contains("fn send"), "{text}");
        assert!(
            text.contains("fn request (& self) -> Result < :: reqwest :: Request , Error < () > >"),
            "{text}"
        );
        assert!(
            text.contains("let client = self . client ; let sid = self . sid . clone () ;"),
            "{text}"
        );
        assert!(!text.contains("let Self"), "{text}");
        assert!(!text.contains("async"), "{text}");
        assert!(!text.contains("OperationInfo"), "{text}");
        assert!(!text.contains("with_capacity"), "{text}");
        assert!(text.contains("HeaderMap :: new ()"), "{text}");
        assert!(
            text.contains(":: twilio_runtime :: wire :: PathSegment (& sid)"),
            "{text}"
        );
        assert!(!text.contains("encode_path"), "{text}");
        assert!(
            text.contains("let url = :: twilio_runtime :: wire :: api_url (& client . inner , format_args ! (\"/v1/X/{}\" , :: twilio_runtime :: wire :: PathSegment (& sid))) . map_err (Error :: InvalidRequest) ?"),
            "{text}"
        );
        assert!(!text.contains("baseurl"), "{text}");
        assert!(text.trim_end().ends_with("Ok (request) } } }"), "{text}");
        assert!(text.contains("fn new"));
    }

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
            text.contains("deserialize_with = \"::twilio_runtime::wire::null_as_default\""),
            "{text}"
        );
        assert!(
            text.contains(
                "deserialize_with = \"::twilio_runtime::wire::string_map_without_nulls\""
            ),
            "{text}"
        );
        assert_eq!(text.matches("deserialize_with").count(), 2, "{text}");
    }
}
