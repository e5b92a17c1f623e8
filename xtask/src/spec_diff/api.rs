//! The verdict: what changes in the generated Rust API, judged from the two typed API
//! snapshots.
//!
//! Both specs go through the generator, which reads each generated client back into a typed
//! value ([`twilio_codegen::snapshot::Api`], the value the committed `api/flex_v1.txt` is
//! rendered from); the two values are compared item by item here. So the breaking verdict is
//! about what callers compile against, after every fix-up of the generator, and spec-diff, the
//! snapshot and the generator can't disagree: equal snapshots mean no change to the Rust API,
//! whatever the spec says. The report quotes items as the snapshot text shows them
//! (the line functions of [`twilio_codegen::snapshot::render`](mod@twilio_codegen::snapshot::render)).
//!
//! Rules (the report's footnote is [`BREAKING_RULES`]):
//!
//! | change | breaking |
//! | --- | --- |
//! | an operation, setter, `list`/`fn` method, SID type, struct, enum, field or variant removed | yes |
//! | the type of a setter, field, response, body, list item or type alias changed | yes |
//! | a setter became required, or a new required setter | yes (`send()` fails without it) |
//! | an integer range narrowed | yes (values accepted before fail in `send()`) |
//! | a SID type's prefix changed | yes (SIDs accepted before fail to parse) |
//! | an enum variant's wire value changed | yes |
//! | a new struct field that isn't `Option<…>` | yes (it must be given, and be present in responses) |
//! | a new `Option<…>` field of a `#[non_exhaustive]` struct | no: such structs can't be built with a literal outside the crate (Cargo book, "SemVer compatibility") |
//! | a new field of an exhaustive struct; `#[non_exhaustive]` added to a struct | yes: struct literals stop compiling |
//! | a field of a request body struct (a `.body(T)` type) that has a setter | only through the setter, which has its wire name, type and required-ness |
//! | a new enum variant | no: generated enums are `#[non_exhaustive]` with an `Unrecognized` catch-all (their derived `PartialOrd` order is not part of the API) |
//! | anything else added; a setter became optional; a range widened | no |
//! | wire names, HTTP method or path, body encoding, SID labels | no: the crate follows the server, callers' code is unchanged |

use std::collections::{BTreeMap, BTreeSet};

use twilio_codegen::snapshot::model::{
    Api, Body, Field, List, Operation, OptionBuilder, OptionMember, Range, Setter, Sid, Struct,
    TypeDef,
};
use twilio_codegen::snapshot::names::map_idents;
use twilio_codegen::snapshot::render;

/// Which part of the API an [`ApiChange`] is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ApiSection {
    /// `Client` methods and their builders.
    Operations,
    /// SID types.
    SidTypes,
    /// Enums, structs and aliases.
    Types,
}

impl ApiSection {
    /// The section heading.
    pub fn title(self) -> &'static str {
        match self {
            ApiSection::Operations => "Operations",
            ApiSection::SidTypes => "SID types",
            ApiSection::Types => "Types",
        }
    }
}

/// What happened to an item or member.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ApiChangeKind {
    /// Added; the text is its snapshot line, for the reader.
    Added(String),
    /// Removed; the text is its old snapshot line.
    Removed(String),
    /// An attribute changed.
    Changed {
        /// Which: `type`, `response`, `route`, `wire name`, `range`, `prefix`, …
        what: &'static str,
        /// Old value.
        from: String,
        /// New value.
        to: String,
    },
}

/// One difference between two API snapshots, judged for Rust callers.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ApiChange {
    /// Where it is.
    pub section: ApiSection,
    /// The operation (client method) or type name.
    pub item: String,
    /// The setter, field, variant or method inside the item, if the change is below it.
    pub member: Option<String>,
    /// What happened.
    pub kind: ApiChangeKind,
    /// Whether code written against the old crate may stop compiling or start failing.
    pub breaking: bool,
    /// Why a change that could look breaking isn't judged so, when that needs saying.
    pub note: Option<&'static str>,
}

impl ApiChange {
    /// The entry's text (without the `breaking` mark), in Markdown.
    pub fn describe(&self) -> String {
        let item = match self.section {
            ApiSection::Operations if !self.item.contains(' ') => format!("`{}()`", self.item),
            _ => format!("`{}`", self.item),
        };
        let at = |text: String| match &self.member {
            Some(_) => format!("{item}: {text}"),
            None => text,
        };
        let text = match &self.kind {
            ApiChangeKind::Added(line) => at(format!("added `{line}`")),
            ApiChangeKind::Removed(line) => at(format!("removed `{line}`")),
            ApiChangeKind::Changed { what, from, to } => {
                let subject = match &self.member {
                    Some(m) => format!("{item}: `{m}`"),
                    None => item.clone(),
                };
                format!("{subject}: {what} `{from}` → `{to}`")
            }
        };
        match self.note {
            Some(note) => format!("{text} ({note})"),
            None => text,
        }
    }
}

/// Compares two API snapshots; the result is sorted.
///
/// A name the new API keeps as a deprecated alias of a renamed type (`TypeDef::Renamed`)
/// means the same type: the old API's types are read through those renames, so a field or
/// setter whose type is the renamed one is unchanged, and the old type itself is listed as
/// deprecated (not breaking), its definition compared with the new name's.
pub fn diff(old: &Api, new: &Api) -> Vec<ApiChange> {
    let renames: BTreeMap<String, String> = new
        .types
        .iter()
        .filter_map(|(name, def)| match def {
            TypeDef::Renamed(r) => Some((name.clone(), r.to.clone())),
            _ => None,
        })
        .collect();
    let renamed_old = read_through(old, &renames);
    let old = &renamed_old;
    let mut out = Out(Vec::new());
    let (old_ops, new_ops) = (operations(old), operations(new));
    for name in keys(&old_ops, &new_ops) {
        let ctx = (ApiSection::Operations, name.as_str());
        match (old_ops.get(name), new_ops.get(name)) {
            (Some(o), Some(n)) => operation(&mut out, ctx, o, n),
            (Some(o), None) => out.item(ctx, ApiChangeKind::Removed(op_line(name, o)), true),
            (None, Some(n)) => out.item(ctx, ApiChangeKind::Added(op_line(name, n)), false),
            (None, None) => {}
        }
    }
    for name in keys(&old.sids, &new.sids) {
        let ctx = (ApiSection::SidTypes, name.as_str());
        match (old.sids.get(name), new.sids.get(name)) {
            (Some(o), Some(n)) => {
                out.change(ctx, None, "prefix", &o.prefix, &n.prefix, true);
                out.change(ctx, None, "label", &o.label, &n.label, false);
            }
            (Some(o), None) => out.item(ctx, ApiChangeKind::Removed(sid_text(name, o)), true),
            (None, Some(n)) => out.item(ctx, ApiChangeKind::Added(sid_text(name, n)), false),
            (None, None) => {}
        }
    }
    // A field of a request body struct (a `.body(T)` type) that has a setter of its own is
    // judged by that setter, which has its name, type and required-ness; it is listed, not
    // judged a second time.
    let covered = setter_covered_fields(old, new);
    for name in keys(&old.types, &new.types) {
        let ctx = (ApiSection::Types, name.as_str());
        match (old.types.get(name), new.types.get(name)) {
            (Some(o), Some(n)) => {
                let from = out.0.len();
                renamed_type_def(&mut out, ctx, (old, new), (o, n), &renames);
                for change in &mut out.0[from..] {
                    let field = change.member.as_deref().unwrap_or_default();
                    if change.breaking && covered.contains(&(name.as_str(), field)) {
                        change.breaking = false;
                        change.note = Some(REQUEST_BODY_NOTE);
                    }
                }
            }
            (Some(o), None) => out.item(ctx, ApiChangeKind::Removed(type_text(name, o)), true),
            (None, Some(n)) => out.item(ctx, ApiChangeKind::Added(type_text(name, n)), false),
            (None, None) => {}
        }
    }
    let (old_options, new_options) = (option_builders(old), option_builders(new));
    for name in keys(&old_options, &new_options) {
        let ctx = (ApiSection::Types, name.as_str());
        match (old_options.get(name), new_options.get(name)) {
            (Some(o), Some(n)) => options(&mut out, ctx, o, n),
            (Some(_), None) => {
                out.item(ctx, ApiChangeKind::Removed(format!("options {name}")), true)
            }
            (None, Some(_)) => {
                out.item(ctx, ApiChangeKind::Added(format!("options {name}")), false)
            }
            (None, None) => {}
        }
    }
    let mut changes = out.0;
    changes.sort();
    changes
}

/// Compares one name's definitions, where either side may be a deprecated alias: an alias
/// stands for its target's definition.
/// `renames` are the new API's; the old API's aliases still name its own items (see
/// [`read_through`]), so an alias and its target under a name renamed back compare.
fn renamed_type_def(
    out: &mut Out,
    ctx: Ctx,
    (old, new): (&Api, &Api),
    (o, n): (&TypeDef, &TypeDef),
    renames: &BTreeMap<String, String>,
) {
    let target = |api: &Api, def: &TypeDef| -> Option<TypeDef> {
        let TypeDef::Renamed(r) = def else {
            return Some(def.clone());
        };
        api.types
            .get(&r.to)
            .filter(|t| !matches!(t, TypeDef::Renamed(_)))
            .cloned()
    };
    match (o, n) {
        (TypeDef::Renamed(a), TypeDef::Renamed(b)) => {
            let from = map_idents(&a.to, renames);
            out.change(ctx, None, "alias of", &from, &b.to, true);
        }
        (TypeDef::Renamed(_), _) | (_, TypeDef::Renamed(_)) => {
            // Deprecated (or the type again, under its old name): not breaking in itself.
            let (from, to) = (type_text(ctx.1, o), type_text(ctx.1, n));
            out.change(ctx, None, "definition", &from, &to, false);
            match (target(old, o), target(new, n)) {
                (Some(a), Some(b)) => type_def(out, ctx, &a, &b),
                // The alias's target is not in the API: nothing to compare it with.
                _ => out.change(ctx, None, "definition", &from, &to, true),
            }
        }
        _ => type_def(out, ctx, o, n),
    }
}

/// `api` with every type name in its types (setters, fields, responses, bodies, lists,
/// methods) read through `renames`; the names of items, and the targets of deprecated
/// aliases, are kept.
fn read_through(api: &Api, renames: &BTreeMap<String, String>) -> Api {
    let mut api = api.clone();
    if renames.is_empty() {
        return api;
    }
    let map = |ty: &mut String| *ty = map_idents(ty, renames);
    let map_method = |m: &mut twilio_codegen::snapshot::model::Method| {
        m.args.iter_mut().for_each(|a| map(&mut a.ty));
        m.ret.iter_mut().for_each(map);
    };
    for op in &mut api.operations {
        op.response.iter_mut().for_each(map);
        op.setters.values_mut().for_each(|s| map(&mut s.ty));
        if let Some(body) = &mut op.body {
            body.ty.iter_mut().for_each(map);
        }
        if let Some(list) = &mut op.list {
            list.item.iter_mut().for_each(map);
            map(&mut list.page);
        }
        op.fns.values_mut().for_each(map_method);
    }
    for options in &mut api.options {
        for member in options.members.values_mut() {
            match member {
                OptionMember::Setter { ty, .. } => map(ty),
                OptionMember::Fn(m) => map_method(m),
            }
        }
    }
    for def in api.types.values_mut() {
        match def {
            TypeDef::Struct(s) => {
                s.page_of.iter_mut().for_each(map);
                s.fields.values_mut().for_each(|f| map(&mut f.ty));
            }
            TypeDef::Tuple(fields) => fields.iter_mut().for_each(map),
            TypeDef::Alias(ty) => map(ty),
            // An alias keeps naming the old API's item: a name renamed back
            // (`ConfigurationStatus` = `Status`, then the enum again, with `Status` its alias)
            // would otherwise alias itself and lose its target.
            TypeDef::Renamed(_) => {}
            TypeDef::Enum(e) => e
                .variants
                .values_mut()
                .for_each(|v| v.fields.iter_mut().for_each(map)),
            TypeDef::Unit => {}
        }
    }
    api
}

/// Operations by the name the report gives them ([`Operation::key`]).
fn operations(api: &Api) -> BTreeMap<String, &Operation> {
    api.operations.iter().map(|op| (op.key(), op)).collect()
}

fn option_builders(api: &Api) -> BTreeMap<String, &OptionBuilder> {
    api.options.iter().map(|o| (o.name.clone(), o)).collect()
}

/// (body type, field) pairs, on either side, of request body struct fields that a body setter
/// of an operation sending that type sets (matched by wire name).
fn setter_covered_fields<'a>(old: &'a Api, new: &'a Api) -> BTreeSet<(&'a str, &'a str)> {
    let mut covered = BTreeSet::new();
    for api in [old, new] {
        for op in &api.operations {
            let Some(body) = op.body.as_ref().and_then(|b| b.ty.as_deref()) else {
                continue;
            };
            let wires: BTreeSet<&str> = op
                .setters
                .values()
                .filter(|s| s.kind == twilio_codegen::snapshot::model::SetterKind::Body)
                .map(|s| s.wire.as_str())
                .collect();
            for side in [old, new] {
                let Some(s) = side.types.get(body).and_then(as_struct) else {
                    continue;
                };
                for (name, field) in &s.fields {
                    if wires.contains(field.wire.as_str()) {
                        covered.insert((body, name.as_str()));
                    }
                }
            }
        }
    }
    covered
}

/// A struct's fields; a unit struct is one without fields (the snapshot lists both as
/// `struct Name`).
fn as_struct(def: &TypeDef) -> Option<&Struct> {
    static UNIT: Struct = Struct {
        page_of: None,
        fields: BTreeMap::new(),
        non_exhaustive: false,
    };
    match def {
        TypeDef::Struct(s) => Some(s),
        TypeDef::Unit => Some(&UNIT),
        _ => None,
    }
}

fn keys<'a, K: Ord, V, W>(a: &'a BTreeMap<K, V>, b: &'a BTreeMap<K, W>) -> BTreeSet<&'a K> {
    a.keys().chain(b.keys()).collect()
}

type Ctx<'a> = (ApiSection, &'a str);

struct Out(Vec<ApiChange>);

impl Out {
    fn push(&mut self, ctx: Ctx, member: Option<&str>, kind: ApiChangeKind, breaking: bool) {
        self.0.push(ApiChange {
            section: ctx.0,
            item: ctx.1.to_string(),
            member: member.map(str::to_string),
            kind,
            breaking,
            note: None,
        });
    }

    fn item(&mut self, ctx: Ctx, kind: ApiChangeKind, breaking: bool) {
        self.push(ctx, None, kind, breaking);
    }

    /// Records `what` changing from `from` to `to`, if it did.
    fn change(
        &mut self,
        ctx: Ctx,
        member: Option<&str>,
        what: &'static str,
        from: &str,
        to: &str,
        breaking: bool,
    ) {
        if from != to {
            let kind = ApiChangeKind::Changed {
                what,
                from: from.to_string(),
                to: to.to_string(),
            };
            self.push(ctx, member, kind, breaking);
        }
    }

    /// An item or member present on one side only.
    fn one_side(
        &mut self,
        ctx: Ctx,
        member: Option<&str>,
        old: Option<String>,
        new: Option<String>,
        added_breaks: bool,
    ) {
        match (old, new) {
            (Some(o), None) => self.push(ctx, member, ApiChangeKind::Removed(o), true),
            (None, Some(n)) => self.push(ctx, member, ApiChangeKind::Added(n), added_breaks),
            _ => {}
        }
    }
}

/// The operation's line, under the name the report gives it.
fn op_line(name: &str, op: &Operation) -> String {
    format!("{} {}  {name}() -> {}", op.method, op.path, response(op))
}

fn response(op: &Operation) -> &str {
    op.response.as_deref().unwrap_or("?")
}

/// The SID type's snapshot line.
fn sid_text(name: &str, sid: &Sid) -> String {
    render::sid_line(name, sid)
}

/// A type as the report names it: its kind and name, or a one-line definition whole.
fn type_text(name: &str, ty: &TypeDef) -> String {
    match ty {
        TypeDef::Enum(_) => format!("enum {name}"),
        TypeDef::Struct(_) | TypeDef::Unit => format!("struct {name}"),
        TypeDef::Tuple(_) | TypeDef::Alias(_) | TypeDef::Renamed(_) => render::type_line(name, ty),
    }
}

fn setter_text(name: &str, s: &Setter) -> String {
    let required = if s.required { " required" } else { "" };
    format!(".{name}({}){required}", s.ty)
}

fn range_text(range: Option<Range>) -> String {
    match range {
        None => "any".into(),
        Some(Range { min, max }) => format!(
            "{}..{}",
            min.map(|v| v.to_string()).unwrap_or_default(),
            max.map(|v| format!("={v}")).unwrap_or_default()
        ),
    }
}

/// Whether `new` rejects some value that `old` accepted (`None`: no bound).
fn narrower(old: Option<Range>, new: Option<Range>) -> bool {
    let unbounded = Range {
        min: None,
        max: None,
    };
    let (old, new) = (old.unwrap_or(unbounded), new.unwrap_or(unbounded));
    let lo_raised = match (old.min, new.min) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(a), Some(b)) => b > a,
    };
    let hi_lowered = match (old.max, new.max) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(a), Some(b)) => b < a,
    };
    lo_raised || hi_lowered
}

fn operation(out: &mut Out, ctx: Ctx, old: &Operation, new: &Operation) {
    out.change(ctx, None, "route", &old.route(), &new.route(), false);
    out.change(ctx, None, "response", response(old), response(new), true);

    for name in keys(&old.setters, &new.setters) {
        let shown = format!(".{name}()");
        let member = Some(shown.as_str());
        match (old.setters.get(name), new.setters.get(name)) {
            (Some(o), Some(n)) => {
                out.change(ctx, member, "type", &o.ty, &n.ty, true);
                if o.required != n.required {
                    let req = |r: bool| if r { "required" } else { "optional" }.to_string();
                    let kind = ApiChangeKind::Changed {
                        what: "now",
                        from: req(o.required),
                        to: req(n.required),
                    };
                    out.push(ctx, member, kind, n.required);
                }
                if o.range != n.range {
                    let kind = ApiChangeKind::Changed {
                        what: "range",
                        from: range_text(o.range),
                        to: range_text(n.range),
                    };
                    out.push(ctx, member, kind, narrower(o.range, n.range));
                }
                out.change(
                    ctx,
                    member,
                    "wire name",
                    o.wire_text(),
                    n.wire_text(),
                    false,
                );
                out.change(
                    ctx,
                    member,
                    "sent in",
                    o.kind.as_str(),
                    n.kind.as_str(),
                    false,
                );
            }
            (o, n) => {
                let required = n.is_some_and(|n| n.required);
                let text = |s: &Setter| setter_text(name, s);
                out.one_side(ctx, member, o.map(text), n.map(text), required);
            }
        }
    }

    let member = Some(".body()");
    let body_type = |b: &Body| b.ty.clone().unwrap_or_else(|| "?".into());
    match (&old.body, &new.body) {
        (Some(o), Some(n)) => {
            out.change(ctx, member, "type", &body_type(o), &body_type(n), true);
            let (oe, ne) = (o.encoding.as_str(), n.encoding.as_str());
            out.change(ctx, member, "encoding", oe, ne, false);
        }
        (o, n) => {
            let text = |b: &Body| format!(".body({})", body_type(b));
            out.one_side(
                ctx,
                member,
                o.as_ref().map(text),
                n.as_ref().map(text),
                false,
            );
        }
    }

    let member = Some(".stream()/.pages()");
    let item = |l: &List| l.item.clone().unwrap_or_else(|| "?".into());
    match (&old.list, &new.list) {
        (Some(o), Some(n)) => {
            out.change(ctx, member, "item type", &item(o), &item(n), true);
            out.change(ctx, member, "page type", &o.page, &n.page, true);
        }
        (o, n) => {
            let text = |l: &List| format!("list of {}", item(l));
            out.one_side(
                ctx,
                member,
                o.as_ref().map(text),
                n.as_ref().map(text),
                false,
            );
        }
    }

    let notes = |op: &Operation| -> BTreeSet<String> {
        op.declared_body.iter().flat_map(|b| b.notes()).collect()
    };
    let (old_notes, new_notes) = (notes(old), notes(new));
    for note in old_notes.symmetric_difference(&new_notes) {
        let kind = if new_notes.contains(note) {
            ApiChangeKind::Added(note.clone())
        } else {
            ApiChangeKind::Removed(note.clone())
        };
        out.push(ctx, Some("note"), kind, false);
    }
    for name in keys(&old.fns, &new.fns) {
        let shown = format!(".{name}()");
        let member = Some(shown.as_str());
        let (o, n) = (old.fns.get(name), new.fns.get(name));
        let (o, n) = (
            o.map(|m| render::signature(name, m)),
            n.map(|m| render::signature(name, m)),
        );
        match (o, n) {
            (Some(o), Some(n)) => out.change(ctx, member, "signature", &o, &n, true),
            (o, n) => out.one_side(ctx, member, o, n, false),
        }
    }
}

/// An option builder of a declared family (`options::Integration`).
fn options(out: &mut Out, ctx: Ctx, old: &OptionBuilder, new: &OptionBuilder) {
    // A kind removed breaks its constructor's callers; one added doesn't.
    let removed = !old.kinds.iter().all(|k| new.kinds.contains(k));
    let (ok, nk) = (render::option_kinds(old), render::option_kinds(new));
    out.change(ctx, None, "kinds", &ok, &nk, removed);
    for name in keys(&old.members, &new.members) {
        let member = Some(name.as_str());
        let line = |m| render::option_member_line(name, m);
        match (
            old.members.get(name).map(line),
            new.members.get(name).map(line),
        ) {
            (Some(a), Some(b)) => out.change(ctx, member, "signature", &a, &b, true),
            (a, b) => out.one_side(ctx, member, a, b, false),
        }
    }
}

fn type_def(out: &mut Out, ctx: Ctx, old: &TypeDef, new: &TypeDef) {
    match (old, new) {
        (TypeDef::Enum(o), TypeDef::Enum(n)) => {
            for name in keys(&o.variants, &n.variants) {
                let member = Some(name.as_str());
                match (o.variants.get(name), n.variants.get(name)) {
                    (Some(a), Some(b)) => {
                        let (a, b) = (render::variant_rest(a), render::variant_rest(b));
                        out.change(ctx, member, "variant", &a, &b, true)
                    }
                    // Enums are `#[non_exhaustive]` with a catch-all: matches keep compiling.
                    (a, b) => {
                        let line = |v| render::variant_line(name, v);
                        out.one_side(ctx, member, a.map(line), b.map(line), false)
                    }
                }
            }
        }
        (o, n) => match (as_struct(o), as_struct(n)) {
            (Some(o), Some(n)) => struct_fields(out, ctx, o, n),
            _ => {
                let (from, to) = (type_text(ctx.1, o), type_text(ctx.1, n));
                out.change(ctx, None, "definition", &from, &to, true);
            }
        },
    }
}

fn struct_fields(out: &mut Out, ctx: Ctx, old: &Struct, new: &Struct) {
    let page = |p: &Option<String>| p.clone().unwrap_or_else(|| "-".into());
    let (op, np) = (page(&old.page_of), page(&new.page_of));
    out.change(ctx, None, "list page of", &op, &np, true);
    // `#[non_exhaustive]` added forbids the struct literals callers wrote; removed, it
    // allows more.
    let attr = |s: &Struct| {
        if s.non_exhaustive {
            "#[non_exhaustive]"
        } else {
            "-"
        }
    };
    let became = !old.non_exhaustive && new.non_exhaustive;
    out.change(ctx, None, "attribute", attr(old), attr(new), became);
    for name in keys(&old.fields, &new.fields) {
        let member = Some(name.as_str());
        match (old.fields.get(name), new.fields.get(name)) {
            (Some(a), Some(b)) => {
                out.change(ctx, member, "type", &a.ty, &b.ty, true);
                out.change(ctx, member, "wire name", &a.wire, &b.wire, false);
            }
            (a, b) => {
                // A field callers must give or receive breaks; so does any field added to a
                // struct callers may build with a literal (the Cargo book, "SemVer
                // compatibility": adding a public field to a struct without private fields is
                // major). Under `#[non_exhaustive]` an added `Option` field is minor.
                let breaks = b.is_some_and(|b| !is_option(&b.ty)) || !old.non_exhaustive;
                let text = |f: &Field| format!("{name}: {}", f.ty);
                out.one_side(ctx, member, a.map(text), b.map(text), breaks)
            }
        }
    }
}

/// Why the fields of request body structs aren't judged on their own.
const REQUEST_BODY_NOTE: &str = "a request body field: judged by its setter";

/// Whether a rendered type is `Option<…>`.
fn is_option(ty: &str) -> bool {
    ty.starts_with("Option<") && ty.ends_with('>')
}

/// The rules above that are judgement calls, for the report's footnote.
pub const BREAKING_RULES: &str = "Breaking = code written against the previous crate may stop \
compiling or start failing in `send()`: something removed or retyped, a setter that became \
required, a narrower range, a new SID prefix. Added enum variants are not breaking (enums are \
`#[non_exhaustive]` with an `Unrecognized` catch-all), nor are added `Option` fields of \
`#[non_exhaustive]` structs (Rust's semver rules: users build them from `Default` or a \
builder, never a struct literal), and request body fields that have a setter are \
judged by the setter (build request bodies with the setters).";

#[cfg(test)]
mod tests {
    use super::*;
    use twilio_codegen::snapshot::model::{Encoding, Enum, SetterKind, Variant};

    /// What [`old`] renders to, below the header: the fixture as a reviewer reads it.
    const OLD: &str = r#"
## Operations (2)

GET /v1/Widgets  list_widget() -> ListWidgetResponse
  query  .page_size(i64) "PageSize" in 1..=1000
  list   .stream()/.pages() of Widget (page ListWidgetResponse)

POST /v1/Widgets/{Sid}  update_widget() -> Widget
  path   .sid(WidgetSid) "Sid" required
  header .flex_metadata(String) "Flex-Metadata"
  body   .body(UpdateWidgetRequest) as form
  body   .friendly_name(String) "FriendlyName" required
  body   .mode(WidgetMode) "Config.Mode"

## SID types (1)

sid WidgetSid "WD" (Widget)

## Enums (1)

enum WidgetMode
  Fast = "fast"
  Slow = "slow"

## Structs (3)

#[non_exhaustive] struct ListWidgetResponse  (list page of Widget)
  meta: Option<ListMeta>
  widgets: Vec<Widget>

#[non_exhaustive] struct UpdateWidgetRequest
  friendly_name: String "FriendlyName"
  mode: Option<WidgetMode> "Config.Mode"

#[non_exhaustive] struct Widget
  sid: Option<WidgetSid>
  type_: Option<String> "type"
"#;

    fn setter(kind: SetterKind, ty: &str, wire: &str, required: bool) -> Setter {
        Setter {
            kind,
            ty: ty.into(),
            wire: wire.into(),
            required,
            range: None,
        }
    }

    fn fields(list: &[(&str, &str, &str)]) -> TypeDef {
        TypeDef::Struct(Struct {
            page_of: None,
            fields: list
                .iter()
                .map(|(name, ty, wire)| {
                    let field = Field {
                        ty: ty.to_string(),
                        wire: wire.to_string(),
                    };
                    (name.to_string(), field)
                })
                .collect(),
            non_exhaustive: true,
        })
    }

    fn old() -> Api {
        let op = |id: &str, method: &str, path: &str, client: &str, response: &str| Operation {
            operation_id: id.into(),
            method: method.into(),
            path: path.into(),
            client_method: Some(client.into()),
            response: Some(response.into()),
            setters: BTreeMap::new(),
            body: None,
            list: None,
            fns: BTreeMap::new(),
            declared_body: None,
        };
        let mut list = op(
            "ListWidget",
            "GET",
            "/v1/Widgets",
            "list_widget",
            "ListWidgetResponse",
        );
        let mut page_size = setter(SetterKind::Query, "i64", "PageSize", false);
        page_size.range = Some(Range {
            min: Some(1),
            max: Some(1000),
        });
        list.setters.insert("page_size".into(), page_size);
        list.list = Some(List {
            item: Some("Widget".into()),
            page: "ListWidgetResponse".into(),
        });
        let mut update = op(
            "UpdateWidget",
            "POST",
            "/v1/Widgets/{Sid}",
            "update_widget",
            "Widget",
        );
        update.setters = BTreeMap::from([
            (
                "sid".into(),
                setter(SetterKind::Path, "WidgetSid", "Sid", true),
            ),
            (
                "flex_metadata".into(),
                setter(SetterKind::Header, "String", "Flex-Metadata", false),
            ),
            (
                "friendly_name".into(),
                setter(SetterKind::Body, "String", "FriendlyName", true),
            ),
            (
                "mode".into(),
                setter(SetterKind::Body, "WidgetMode", "Config.Mode", false),
            ),
        ]);
        update.body = Some(Body {
            ty: Some("UpdateWidgetRequest".into()),
            encoding: Encoding::Form,
        });
        let variant = |wire: &str| Variant {
            fields: Vec::new(),
            wire: Some(wire.into()),
        };
        let mut page = fields(&[
            ("meta", "Option<ListMeta>", "meta"),
            ("widgets", "Vec<Widget>", "widgets"),
        ]);
        if let TypeDef::Struct(s) = &mut page {
            s.page_of = Some("Widget".into());
        }
        Api {
            operations: vec![list, update],
            options: Vec::new(),
            sids: BTreeMap::from([(
                "WidgetSid".into(),
                Sid {
                    prefix: "WD".into(),
                    label: "Widget".into(),
                },
            )]),
            types: BTreeMap::from([
                (
                    "WidgetMode".into(),
                    TypeDef::Enum(Enum {
                        variants: BTreeMap::from([
                            ("Fast".into(), variant("fast")),
                            ("Slow".into(), variant("slow")),
                        ]),
                    }),
                ),
                ("ListWidgetResponse".into(), page),
                (
                    "UpdateWidgetRequest".into(),
                    fields(&[
                        ("friendly_name", "String", "FriendlyName"),
                        ("mode", "Option<WidgetMode>", "Config.Mode"),
                    ]),
                ),
                (
                    "Widget".into(),
                    fields(&[
                        ("sid", "Option<WidgetSid>", "sid"),
                        ("type_", "Option<String>", "type"),
                    ]),
                ),
            ]),
        }
    }

    fn op<'a>(api: &'a mut Api, name: &str) -> &'a mut Operation {
        api.operation_mut(name).expect(name)
    }

    fn setter_of<'a>(api: &'a mut Api, op_name: &str, name: &str) -> &'a mut Setter {
        op(api, op_name).setters.get_mut(name).expect(name)
    }

    fn struct_of<'a>(api: &'a mut Api, name: &str) -> &'a mut Struct {
        match api.types.get_mut(name) {
            Some(TypeDef::Struct(s)) => s,
            other => panic!("{name}: {other:?}"),
        }
    }

    fn enum_of<'a>(api: &'a mut Api, name: &str) -> &'a mut Enum {
        match api.types.get_mut(name) {
            Some(TypeDef::Enum(e)) => e,
            other => panic!("{name}: {other:?}"),
        }
    }

    fn changed(edit: impl FnOnce(&mut Api)) -> Vec<ApiChange> {
        let mut new = old();
        edit(&mut new);
        assert_ne!(new, old(), "the edit changes something");
        diff(&old(), &new)
    }

    fn string_field(wire: &str) -> Field {
        Field {
            ty: "String".into(),
            wire: wire.into(),
        }
    }

    #[test]
    fn a_name_renamed_back_is_the_type_again_and_nothing_breaks() {
        // Twilio's 2021-02-08 release renamed `WidgetMode` to `Mode` (the crate kept
        // `WidgetMode` as an alias); a later one renamed it back (`Mode` is now the alias).
        let renamed = |to: &str| {
            TypeDef::Renamed(twilio_codegen::snapshot::model::Renamed {
                to: to.into(),
                note: format!("renamed to {to}"),
            })
        };
        let mut before = old();
        let mode = before.types.remove("WidgetMode").unwrap();
        before.types.insert("Mode".into(), mode);
        before.types.insert("WidgetMode".into(), renamed("Mode"));
        setter_of(&mut before, "update_widget", "mode").ty = "Mode".into();
        struct_of(&mut before, "UpdateWidgetRequest")
            .fields
            .get_mut("mode")
            .unwrap()
            .ty = "Option<Mode>".into();
        let mut after = old();
        after.types.insert("Mode".into(), renamed("WidgetMode"));
        let changes = diff(&before, &after);
        assert!(changes.iter().all(|c| !c.breaking), "{changes:#?}");
        let lines: Vec<String> = changes.iter().map(ApiChange::describe).collect();
        assert_eq!(lines.len(), 2, "{lines:#?}");
        assert!(
            lines[1].contains("type WidgetMode = Mode") && lines[1].ends_with("enum WidgetMode`"),
            "{lines:#?}"
        );
        // An alias whose target changed shape is still judged by the target's definition.
        enum_of(&mut after, "WidgetMode").variants.remove("Slow");
        assert!(diff(&before, &after).iter().any(|c| c.breaking));
    }

    #[test]
    fn the_fixture_is_what_the_snapshot_shows() {
        let header = twilio_codegen::snapshot::Header {
            product: "p",
            spec: "s",
            refresh: "r",
        };
        let text = render::render(&old(), &header);
        assert!(text.ends_with(OLD), "{text}");
        assert!(diff(&old(), &old()).is_empty());
    }

    #[test]
    fn setter_rules() {
        let c = changed(|a| setter_of(a, "update_widget", "flex_metadata").required = true);
        assert_eq!(c.len(), 1);
        assert!(c[0].breaking, "optional → required");
        assert_eq!(c[0].member.as_deref(), Some(".flex_metadata()"));

        let c = changed(|a| setter_of(a, "update_widget", "friendly_name").required = false);
        assert!(!c[0].breaking, "required → optional");

        let range = |min, max| Some(Range { min, max });
        let c =
            changed(|a| setter_of(a, "list_widget", "page_size").range = range(Some(1), Some(100)));
        assert!(c[0].breaking, "narrower");
        let c = changed(|a| setter_of(a, "list_widget", "page_size").range = range(Some(0), None));
        assert!(!c[0].breaking, "wider");
        assert_eq!(
            c[0].kind,
            ApiChangeKind::Changed {
                what: "range",
                from: "1..=1000".into(),
                to: "0..".into()
            }
        );

        let c = changed(|a| setter_of(a, "update_widget", "mode").wire = "Mode".into());
        assert_eq!(c.len(), 1);
        assert!(!c[0].breaking, "wire name");
        let c = changed(|a| {
            let update = op(a, "update_widget");
            (update.method, update.path) = ("PUT".into(), "/v1/Widget/{Sid}".into());
        });
        assert!(!c[0].breaking, "route");
        let c = changed(|a| {
            op(a, "update_widget").body.as_mut().unwrap().encoding = Encoding::Json;
        });
        assert!(!c[0].breaking, "encoding");
        let c = changed(|a| {
            op(a, "update_widget").setters.remove("flex_metadata");
        });
        assert!(c[0].breaking, "removed");
        let c = changed(|a| setter_of(a, "update_widget", "flex_metadata").ty = "i64".into());
        assert!(c[0].breaking, "retyped");
        let c = changed(|a| {
            op(a, "list_widget").list.as_mut().unwrap().item = Some("Gadget".into());
        });
        assert!(c[0].breaking, "list item");
    }

    #[test]
    fn type_rules() {
        let c = changed(|a| {
            let variant = Variant {
                fields: Vec::new(),
                wire: Some("turbo".into()),
            };
            enum_of(a, "WidgetMode")
                .variants
                .insert("Turbo".into(), variant);
        });
        assert_eq!((c.len(), c[0].breaking), (1, false), "added variant");
        let c = changed(|a| {
            enum_of(a, "WidgetMode").variants.remove("Slow");
        });
        assert!(c[0].breaking, "removed variant");
        let c = changed(|a| {
            enum_of(a, "WidgetMode")
                .variants
                .get_mut("Slow")
                .unwrap()
                .wire = Some("SLOW".into());
        });
        assert!(c[0].breaking, "variant's wire value");

        let c = changed(|a| {
            let field = Field {
                ty: "Option<String>".into(),
                wire: "url".into(),
            };
            struct_of(a, "Widget").fields.insert("url".into(), field);
        });
        assert_eq!((c.len(), c[0].breaking), (1, false), "added Option field");
        let c = changed(|a| struct_of(a, "Widget").non_exhaustive = false);
        assert!(!c[0].breaking, "non_exhaustive removed: {c:#?}");
        let mut before = old();
        struct_of(&mut before, "Widget").non_exhaustive = false;
        let c = diff(&before, &old());
        assert!(c[0].breaking, "non_exhaustive added: {c:#?}");
        let mut after = before.clone();
        struct_of(&mut after, "Widget").fields.insert(
            "url".into(),
            Field {
                ty: "Option<String>".into(),
                wire: "url".into(),
            },
        );
        let c = diff(&before, &after);
        assert_eq!(
            (c.len(), c[0].breaking),
            (1, true),
            "added Option field of an exhaustive struct: {c:#?}"
        );
        let c = changed(|a| {
            struct_of(a, "Widget")
                .fields
                .insert("url".into(), string_field("url"));
        });
        assert!(c[0].breaking, "added required field");
        let c = changed(|a| {
            struct_of(a, "Widget").fields.remove("sid");
        });
        assert!(c[0].breaking, "removed field");
        let c = changed(|a| {
            struct_of(a, "Widget").fields.get_mut("sid").unwrap().ty = "Option<String>".into();
        });
        assert!(c[0].breaking, "retyped field");

        let c = changed(|a| a.sids.get_mut("WidgetSid").unwrap().prefix = "WX".into());
        assert!(c[0].breaking, "SID prefix");
        let c = changed(|a| a.sids.get_mut("WidgetSid").unwrap().label = "Widget thing".into());
        assert!(!c[0].breaking, "SID label");
    }

    #[test]
    fn request_body_fields_with_setters_are_judged_by_the_setters() {
        // `friendly_name` becomes optional: the setter says so (not breaking), and the body
        // struct's field type changes to `Option<String>` — the same fact, noted.
        let c = changed(|a| {
            setter_of(a, "update_widget", "friendly_name").required = false;
            let field = struct_of(a, "UpdateWidgetRequest")
                .fields
                .get_mut("friendly_name")
                .unwrap();
            field.ty = "Option<String>".into();
        });
        assert_eq!(c.len(), 2, "{c:#?}");
        assert!(c.iter().all(|c| !c.breaking), "{c:#?}");
        let field = c.iter().find(|c| c.item == "UpdateWidgetRequest").unwrap();
        assert_eq!(field.note, Some(REQUEST_BODY_NOTE));
        assert!(
            field
                .describe()
                .ends_with("(a request body field: judged by its setter)")
        );
    }

    #[test]
    fn a_unit_struct_compares_as_a_struct_without_fields() {
        // The snapshot shows both as `struct Name`: no change between them.
        let c = changed(|a| {
            a.types.insert("Empty".into(), TypeDef::Unit);
        });
        assert_eq!(c.len(), 1);
        let mut with_unit = old();
        with_unit.types.insert("Empty".into(), TypeDef::Unit);
        let mut with_struct = old();
        with_struct
            .types
            .insert("Empty".into(), TypeDef::Struct(Struct::default()));
        assert!(diff(&with_unit, &with_struct).is_empty());
        with_struct.types.insert(
            "Empty".into(),
            TypeDef::Struct(Struct {
                page_of: None,
                fields: BTreeMap::from([("url".into(), string_field("url"))]),
                non_exhaustive: false,
            }),
        );
        let c = diff(&with_unit, &with_struct);
        assert_eq!((c.len(), c[0].breaking), (1, true), "{c:#?}");
    }

    #[test]
    fn option_builder_rules() {
        use twilio_codegen::snapshot::model::{Arg, Method, OptionMember};
        let with_options = |kinds: &[&str], members: &[&str]| {
            let mut api = old();
            let constructor = Method {
                is_async: false,
                receiver: None,
                args: vec![Arg {
                    name: "url".into(),
                    ty: "String".into(),
                }],
                ret: Some("Self".into()),
            };
            api.options.push(OptionBuilder {
                name: "Integration".into(),
                kind_field: "IntegrationType".into(),
                kinds: kinds.iter().map(|k| k.to_string()).collect(),
                members: members
                    .iter()
                    .map(|m| (m.to_string(), OptionMember::Fn(constructor.clone())))
                    .collect(),
            });
            api
        };
        let base = with_options(&["studio", "external"], &["studio", "external"]);
        let c = diff(
            &base,
            &with_options(&["studio", "external", "task"], &["studio", "external"]),
        );
        assert_eq!((c.len(), c[0].breaking), (1, false), "a kind added: {c:#?}");
        let c = diff(&base, &with_options(&["studio"], &["studio", "external"]));
        assert_eq!(
            (c.len(), c[0].breaking),
            (1, true),
            "a kind removed: {c:#?}"
        );
        assert_eq!(
            c[0].describe(),
            "`Integration`: kinds `(kind IntegrationType: studio, external)` → \
             `(kind IntegrationType: studio)`"
        );
        let c = diff(&base, &with_options(&["studio", "external"], &["studio"]));
        assert_eq!((c.len(), c[0].breaking), (1, true), "a constructor removed");
        assert_eq!(
            c[0].describe(),
            "`Integration`: removed `new    external(url: String) -> Self`"
        );
        let c = diff(&old(), &base);
        assert_eq!((c.len(), c[0].breaking), (1, false), "a builder added");
    }

    #[test]
    fn ranges_and_options() {
        let r = |min, max| Some(Range { min, max });
        assert!(narrower(None, r(Some(1), None)));
        assert!(!narrower(r(Some(1), None), None));
        assert!(narrower(r(None, Some(5)), r(None, Some(4))));
        assert_eq!(range_text(r(None, Some(-1))), "..=-1");
        assert_eq!(range_text(None), "any");
        assert!(is_option("Option<Vec<String>>") && !is_option("Vec<Option<String>>"));
    }
}
