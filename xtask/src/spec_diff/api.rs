//! The verdict: what changes in the generated Rust API, judged from the two API snapshots.
//!
//! Both specs go through the generator ([`twilio_codegen::snapshot::api_snapshot`], the
//! same rendering as the committed `api/flex_v1.txt`); the two listings are parsed back into
//! items here and compared item by item. So the breaking verdict is about what callers compile
//! against, after every fix-up of the generator, and spec-diff, the snapshot and the generator
//! can't disagree: identical snapshots mean no change to the Rust API, whatever the spec says.
//!
//! The parser is strict: a line it doesn't recognise is an error, not something skipped, so a
//! change of the snapshot's format fails the tests (which render every release in
//! `spec/history`) instead of silently weakening the verdict.
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
//! | a new `Option<…>` struct field | no: struct literals are built with `..Default::default()` (README) |
//! | a field of a request body struct (a `.body(T)` type) that has a setter | only through the setter, which has its wire name, type and required-ness |
//! | a new enum variant | no: generated enums are `#[non_exhaustive]` with an `Unrecognized` catch-all (their derived `PartialOrd` order is not part of the API) |
//! | anything else added; a setter became optional; a range widened | no |
//! | wire names, HTTP method or path, body encoding, SID labels | no: the crate follows the server, callers' code is unchanged |

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// The parsed API snapshot.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ApiSnapshot {
    /// Operations by client method (`create_flex_flow`).
    pub operations: BTreeMap<String, Operation>,
    /// SID types by name (`FlexFlowSid`).
    pub sids: BTreeMap<String, Sid>,
    /// Enums, structs and aliases by name; they share Rust's type namespace.
    pub types: BTreeMap<String, TypeDef>,
}

/// An operation: the `Client` method and its builder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// What `send()` returns.
    pub response: String,
    /// Parameter and body-field setters by name.
    pub setters: BTreeMap<String, Setter>,
    /// The whole-body setter `.body(T)`: (type, encoding).
    pub body: Option<(String, String)>,
    /// `.stream()`/`.pages()`: (item type, page type).
    pub list: Option<(String, String)>,
    /// Other public builder methods, by name: their signature.
    pub fns: BTreeMap<String, String>,
    /// Notes: what a declared body fills itself, which properties are read-only.
    pub notes: BTreeSet<String>,
}

/// A builder setter for a parameter or body field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setter {
    /// `path`, `query`, `header`, `body`, …
    pub kind: String,
    /// The value type.
    pub ty: String,
    /// Name on the wire.
    pub wire: String,
    /// Whether `send()` fails without it.
    pub required: bool,
    /// Integer range checked before sending: (min, max).
    pub range: Option<(Option<i64>, Option<i64>)>,
}

/// A SID type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sid {
    /// Two-letter prefix.
    pub prefix: String,
    /// Human label (documentation only).
    pub label: String,
}

/// A named type of `twilio_flex::types`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeDef {
    /// An enum: variant name → the rest of its line (`= "wire"`, fields).
    Enum(BTreeMap<String, String>),
    /// A struct with named fields.
    Struct {
        /// Set for list pages: the item type.
        page_of: Option<String>,
        /// Public fields by name.
        fields: BTreeMap<String, Field>,
    },
    /// A tuple or unit struct, or a type alias: its one-line definition.
    Other(String),
    /// An option builder of a declared family (`options::Integration`): its header's rest
    /// (the kind field and values), and each constructor, method and setter: name → line.
    Options(String, BTreeMap<String, String>),
}

/// A public struct field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Its type.
    pub ty: String,
    /// The wire name, when it differs from the field name.
    pub wire: Option<String>,
}

/// A line of a snapshot that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotError {
    /// 1-based line number.
    pub line: usize,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "API snapshot line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for SnapshotError {}

#[derive(Clone, Copy, PartialEq)]
enum Part {
    Header,
    Operations,
    Sids,
    Enums,
    Structs,
    Options,
}

/// The item a member line belongs to.
enum Open {
    None,
    Operation(String),
    Type(String),
}

impl ApiSnapshot {
    /// Parses a snapshot as rendered by `twilio_codegen::snapshot`.
    pub fn parse(text: &str) -> Result<ApiSnapshot, SnapshotError> {
        let mut snap = ApiSnapshot::default();
        let mut part = Part::Header;
        let mut open = Open::None;
        for (i, line) in text.lines().enumerate() {
            let fail = |message: String| SnapshotError {
                line: i + 1,
                message: format!("{message}: {line:?}"),
            };
            if line.is_empty() {
                open = Open::None;
                continue;
            }
            if let Some(title) = line.strip_prefix("## ") {
                let name = title.split(" (").next().unwrap_or(title);
                part = match name {
                    "Operations" => Part::Operations,
                    "SID types" => Part::Sids,
                    "Enums" => Part::Enums,
                    "Structs" => Part::Structs,
                    "Option builders" => Part::Options,
                    _ => return Err(fail("unknown section".into())),
                };
                open = Open::None;
                continue;
            }
            if part == Part::Header {
                if line.starts_with('#') {
                    continue;
                }
                return Err(fail("text before the first section".into()));
            }
            match line.strip_prefix("  ") {
                Some(member) => match (&open, part) {
                    (Open::Operation(name), Part::Operations) => {
                        let op = snap.operations.get_mut(name).expect("open operation");
                        operation_member(op, member).map_err(fail)?;
                    }
                    (Open::Type(name), Part::Enums | Part::Structs | Part::Options) => {
                        let ty = snap.types.get_mut(name).expect("open type");
                        type_member(ty, member).map_err(fail)?;
                    }
                    _ => return Err(fail("member line outside an item".into())),
                },
                None => {
                    open = match part {
                        Part::Operations => {
                            let (name, op) = operation_header(line).map_err(fail)?;
                            if snap.operations.insert(name.clone(), op).is_some() {
                                return Err(fail(format!("operation `{name}` listed twice")));
                            }
                            Open::Operation(name)
                        }
                        Part::Sids => {
                            let (name, sid) = sid_line(line).map_err(fail)?;
                            if snap.sids.insert(name.clone(), sid).is_some() {
                                return Err(fail(format!("SID type `{name}` listed twice")));
                            }
                            Open::None
                        }
                        Part::Enums | Part::Structs | Part::Options => {
                            let (name, ty) = type_header(line).map_err(fail)?;
                            if snap.types.insert(name.clone(), ty).is_some() {
                                return Err(fail(format!("type `{name}` listed twice")));
                            }
                            Open::Type(name)
                        }
                        Part::Header => unreachable!("handled above"),
                    };
                }
            }
        }
        Ok(snap)
    }
}

/// `METHOD /path  client_method() -> Response`.
fn operation_header(line: &str) -> Result<(String, Operation), String> {
    let (route, call) = line
        .split_once("  ")
        .ok_or("expected `METHOD /path  method() -> Response`")?;
    let (method, path) = route.split_once(' ').ok_or("expected `METHOD /path`")?;
    let (client, response) = call
        .split_once("() -> ")
        .ok_or("expected `method() -> Response`")?;
    // A builder without a `Client` method is listed as `?`; key it by its route then.
    let name = if client == "?" {
        route.to_string()
    } else {
        client.to_string()
    };
    let op = Operation {
        method: method.to_string(),
        path: path.to_string(),
        response: response.to_string(),
        setters: BTreeMap::new(),
        body: None,
        list: None,
        fns: BTreeMap::new(),
        notes: BTreeSet::new(),
    };
    Ok((name, op))
}

/// A line below an operation: a setter, `.body()`, `list` or `fn`.
fn operation_member(op: &mut Operation, member: &str) -> Result<(), String> {
    let (kind, rest) = member.split_once(' ').ok_or("expected `kind  …`")?;
    let rest = rest.trim_start();
    match kind {
        "list" => {
            let rest = rest
                .strip_prefix(".stream()/.pages() of ")
                .ok_or("expected `.stream()/.pages() of Item (page Page)`")?;
            let (item, page) = rest
                .strip_suffix(')')
                .and_then(|r| r.split_once(" (page "))
                .ok_or("expected `Item (page Page)`")?;
            set_once(&mut op.list, (item.to_string(), page.to_string()), "list")
        }
        "note" => {
            op.notes.insert(rest.to_string());
            Ok(())
        }
        "fn" => {
            let sig = rest.strip_prefix("async ").unwrap_or(rest);
            let name = sig.split('(').next().unwrap_or(sig).to_string();
            match op.fns.insert(name.clone(), rest.to_string()) {
                Some(_) => Err(format!("method `{name}` listed twice")),
                None => Ok(()),
            }
        }
        _ => {
            let rest = rest.strip_prefix('.').ok_or("expected `.setter(Type)`")?;
            let (name, after_name) = rest.split_once('(').ok_or("expected `.setter(Type)`")?;
            let close = matching_paren(after_name).ok_or("unbalanced parentheses")?;
            let ty = after_name[..close].to_string();
            let tail = &after_name[close + 1..];
            if let Some(encoding) = tail.strip_prefix(" as ") {
                return set_once(&mut op.body, (ty, encoding.to_string()), "body");
            }
            let tail = tail.strip_prefix(' ').ok_or("expected a wire name")?;
            let (wire, flags) = string_literal(tail).ok_or("expected a quoted wire name")?;
            let mut setter = Setter {
                kind: kind.to_string(),
                ty,
                wire,
                required: false,
                range: None,
            };
            let mut flags = flags.split(' ').filter(|f| !f.is_empty());
            while let Some(flag) = flags.next() {
                match flag {
                    "required" => setter.required = true,
                    "in" => {
                        let range = flags.next().ok_or("`in` without a range")?;
                        setter.range = Some(parse_range(range).ok_or("bad range")?);
                    }
                    other => return Err(format!("unknown setter flag `{other}`")),
                }
            }
            match op.setters.insert(name.to_string(), setter) {
                Some(_) => Err(format!("setter `{name}` listed twice")),
                None => Ok(()),
            }
        }
    }
}

fn set_once<T>(slot: &mut Option<T>, value: T, what: &str) -> Result<(), String> {
    match slot.replace(value) {
        Some(_) => Err(format!("`{what}` listed twice")),
        None => Ok(()),
    }
}

/// Index of the `)` closing an already opened `(`.
fn matching_paren(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// A Rust `{:?}` string literal at the start of `s`: (its value, the rest after it).
fn string_literal(s: &str) -> Option<(String, &str)> {
    let body = s.strip_prefix('"')?;
    let mut value = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((value, &body[i + 1..])),
            '\\' => {
                let (_, e) = chars.next()?;
                value.push(match e {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '0' => '\0',
                    other => other, // `\\`, `\"`, `\'`; `\u{…}` is kept as written
                });
            }
            c => value.push(c),
        }
    }
    None
}

/// `A..=B`, `A..` or `..=B`.
fn parse_range(s: &str) -> Option<(Option<i64>, Option<i64>)> {
    let (lo, hi) = s.split_once("..")?;
    let lo = if lo.is_empty() {
        None
    } else {
        Some(lo.parse().ok()?)
    };
    let hi = match hi.strip_prefix('=') {
        Some(h) => Some(h.parse().ok()?),
        None if hi.is_empty() => None,
        None => return None,
    };
    Some((lo, hi))
}

/// `sid Name "XX" (Label)`.
fn sid_line(line: &str) -> Result<(String, Sid), String> {
    let rest = line
        .strip_prefix("sid ")
        .ok_or("expected `sid Name \"XX\" (Label)`")?;
    let (name, rest) = rest.split_once(' ').ok_or("expected a SID prefix")?;
    let (prefix, rest) = string_literal(rest).ok_or("expected a quoted SID prefix")?;
    let label = rest
        .strip_prefix(" (")
        .and_then(|l| l.strip_suffix(')'))
        .ok_or("expected `(Label)`")?;
    Ok((
        name.to_string(),
        Sid {
            prefix,
            label: label.to_string(),
        },
    ))
}

/// `enum Name`, `struct Name[  (list page of Item)]`, `struct Name(T…)`, `type Name = T`.
fn type_header(line: &str) -> Result<(String, TypeDef), String> {
    if let Some(rest) = line.strip_prefix("options ") {
        let (name, kinds) = rest.split_once("  ").unwrap_or((rest, ""));
        return Ok((
            name.to_string(),
            TypeDef::Options(kinds.to_string(), BTreeMap::new()),
        ));
    }
    if let Some(name) = line.strip_prefix("enum ") {
        return Ok((name.to_string(), TypeDef::Enum(BTreeMap::new())));
    }
    if let Some(rest) = line.strip_prefix("type ") {
        let name = rest.split(" = ").next().unwrap_or(rest);
        return Ok((name.to_string(), TypeDef::Other(line.to_string())));
    }
    let rest = line.strip_prefix("struct ").ok_or("expected a type")?;
    if let Some((name, item)) = rest.split_once("  (list page of ") {
        let item = item
            .strip_suffix(')')
            .ok_or("expected `(list page of Item)`")?;
        return Ok((
            name.to_string(),
            TypeDef::Struct {
                page_of: Some(item.to_string()),
                fields: BTreeMap::new(),
            },
        ));
    }
    if let Some((name, _)) = rest.split_once('(') {
        return Ok((name.to_string(), TypeDef::Other(line.to_string())));
    }
    Ok((
        rest.to_string(),
        TypeDef::Struct {
            page_of: None,
            fields: BTreeMap::new(),
        },
    ))
}

/// An enum variant or a struct field.
fn type_member(ty: &mut TypeDef, member: &str) -> Result<(), String> {
    match ty {
        TypeDef::Enum(variants) => {
            let end = member.find(['(', ' ']).unwrap_or(member.len());
            let (name, rest) = member.split_at(end);
            match variants.insert(name.to_string(), rest.trim_start().to_string()) {
                Some(_) => Err(format!("variant `{name}` listed twice")),
                None => Ok(()),
            }
        }
        TypeDef::Struct { fields, .. } => {
            let (name, rest) = member.split_once(": ").ok_or("expected `field: Type`")?;
            // Types hold no quotes, so the first ` "` starts the wire name.
            let field = match rest.split_once(" \"") {
                Some((ty, _)) => Field {
                    ty: ty.to_string(),
                    wire: Some(
                        string_literal(&rest[ty.len() + 1..])
                            .filter(|(_, tail)| tail.is_empty())
                            .ok_or("expected a quoted wire name")?
                            .0,
                    ),
                },
                None => Field {
                    ty: rest.to_string(),
                    wire: None,
                },
            };
            match fields.insert(name.to_string(), field) {
                Some(_) => Err(format!("field `{name}` listed twice")),
                None => Ok(()),
            }
        }
        TypeDef::Options(_, members) => {
            let (_, rest) = member.split_once(' ').ok_or("expected `kind  member`")?;
            let rest = rest.trim_start();
            let name = rest
                .trim_start_matches('.')
                .split('(')
                .next()
                .unwrap_or(rest)
                .to_string();
            match members.insert(name.clone(), member.to_string()) {
                Some(_) => Err(format!("member `{name}` listed twice")),
                None => Ok(()),
            }
        }
        TypeDef::Other(_) => Err("member line below a one-line type".into()),
    }
}

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

/// Compares two snapshots; the result is sorted.
pub fn diff(old: &ApiSnapshot, new: &ApiSnapshot) -> Vec<ApiChange> {
    let mut out = Out(Vec::new());
    for name in keys(&old.operations, &new.operations) {
        let ctx = (ApiSection::Operations, name.as_str());
        match (old.operations.get(name), new.operations.get(name)) {
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
                type_def(&mut out, ctx, o, n);
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
    let mut changes = out.0;
    changes.sort();
    changes
}

/// (body type, field) pairs, on either side, of request body struct fields that a body setter
/// of an operation sending that type sets (matched by wire name).
fn setter_covered_fields<'a>(
    old: &'a ApiSnapshot,
    new: &'a ApiSnapshot,
) -> BTreeSet<(&'a str, &'a str)> {
    let mut covered = BTreeSet::new();
    for snap in [old, new] {
        for op in snap.operations.values() {
            let Some((body, _)) = &op.body else { continue };
            let wires: BTreeSet<&str> = op
                .setters
                .values()
                .filter(|s| s.kind == "body")
                .map(|s| s.wire.as_str())
                .collect();
            for side in [old, new] {
                if let Some(TypeDef::Struct { fields, .. }) = side.types.get(body) {
                    for (name, field) in fields {
                        let wire = field.wire.as_deref().unwrap_or(name);
                        if wires.contains(wire) {
                            covered.insert((body.as_str(), name.as_str()));
                        }
                    }
                }
            }
        }
    }
    covered
}

fn keys<'a, V>(a: &'a BTreeMap<String, V>, b: &'a BTreeMap<String, V>) -> BTreeSet<&'a String> {
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
}

/// The operation's snapshot line.
fn op_line(name: &str, op: &Operation) -> String {
    format!("{} {}  {name}() -> {}", op.method, op.path, op.response)
}

/// The SID type's snapshot line.
fn sid_text(name: &str, sid: &Sid) -> String {
    format!("sid {name} {:?} ({})", sid.prefix, sid.label)
}

fn type_text(name: &str, ty: &TypeDef) -> String {
    match ty {
        TypeDef::Enum(_) => format!("enum {name}"),
        TypeDef::Struct { .. } => format!("struct {name}"),
        TypeDef::Other(line) => line.clone(),
        TypeDef::Options(..) => format!("options {name}"),
    }
}

fn setter_text(name: &str, s: &Setter) -> String {
    let required = if s.required { " required" } else { "" };
    format!(".{name}({}){required}", s.ty)
}

fn range_text(range: Option<(Option<i64>, Option<i64>)>) -> String {
    match range {
        None => "any".into(),
        Some((lo, hi)) => format!(
            "{}..{}",
            lo.map(|v| v.to_string()).unwrap_or_default(),
            hi.map(|v| format!("={v}")).unwrap_or_default()
        ),
    }
}

/// Whether `new` rejects some value that `old` accepted (`None`: no bound).
fn narrower(
    old: Option<(Option<i64>, Option<i64>)>,
    new: Option<(Option<i64>, Option<i64>)>,
) -> bool {
    let (old_lo, old_hi) = old.unwrap_or((None, None));
    let (new_lo, new_hi) = new.unwrap_or((None, None));
    let lo_raised = match (old_lo, new_lo) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(a), Some(b)) => b > a,
    };
    let hi_lowered = match (old_hi, new_hi) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(a), Some(b)) => b < a,
    };
    lo_raised || hi_lowered
}

fn operation(out: &mut Out, ctx: Ctx, old: &Operation, new: &Operation) {
    let route = |op: &Operation| format!("{} {}", op.method, op.path);
    out.change(ctx, None, "route", &route(old), &route(new), false);
    out.change(ctx, None, "response", &old.response, &new.response, true);

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
                out.change(ctx, member, "wire name", &o.wire, &n.wire, false);
                out.change(ctx, member, "sent in", &o.kind, &n.kind, false);
            }
            (Some(o), None) => {
                let kind = ApiChangeKind::Removed(setter_text(name, o));
                out.push(ctx, member, kind, true);
            }
            (None, Some(n)) => {
                let kind = ApiChangeKind::Added(setter_text(name, n));
                out.push(ctx, member, kind, n.required);
            }
            (None, None) => {}
        }
    }

    let member = Some(".body()");
    match (&old.body, &new.body) {
        (Some((ot, oe)), Some((nt, ne))) => {
            out.change(ctx, member, "type", ot, nt, true);
            out.change(ctx, member, "encoding", oe, ne, false);
        }
        (Some((t, _)), None) => out.push(
            ctx,
            member,
            ApiChangeKind::Removed(format!(".body({t})")),
            true,
        ),
        (None, Some((t, _))) => out.push(
            ctx,
            member,
            ApiChangeKind::Added(format!(".body({t})")),
            false,
        ),
        (None, None) => {}
    }

    let member = Some(".stream()/.pages()");
    match (&old.list, &new.list) {
        (Some((oi, op)), Some((ni, np))) => {
            out.change(ctx, member, "item type", oi, ni, true);
            out.change(ctx, member, "page type", op, np, true);
        }
        (Some((i, _)), None) => out.push(
            ctx,
            member,
            ApiChangeKind::Removed(format!("list of {i}")),
            true,
        ),
        (None, Some((i, _))) => out.push(
            ctx,
            member,
            ApiChangeKind::Added(format!("list of {i}")),
            false,
        ),
        (None, None) => {}
    }

    for note in old.notes.symmetric_difference(&new.notes) {
        let kind = if new.notes.contains(note) {
            ApiChangeKind::Added(note.clone())
        } else {
            ApiChangeKind::Removed(note.clone())
        };
        out.push(ctx, Some("note"), kind, false);
    }
    for name in keys(&old.fns, &new.fns) {
        let shown = format!(".{name}()");
        let member = Some(shown.as_str());
        match (old.fns.get(name), new.fns.get(name)) {
            (Some(o), Some(n)) => out.change(ctx, member, "signature", o, n, true),
            (Some(o), None) => out.push(ctx, member, ApiChangeKind::Removed(o.clone()), true),
            (None, Some(n)) => out.push(ctx, member, ApiChangeKind::Added(n.clone()), false),
            (None, None) => {}
        }
    }
}

fn type_def(out: &mut Out, ctx: Ctx, old: &TypeDef, new: &TypeDef) {
    match (old, new) {
        (TypeDef::Options(ok, o), TypeDef::Options(nk, n)) => {
            // A kind removed breaks its constructor's callers; one added doesn't.
            let removed = |a: &str, b: &str| {
                let values = |s: &str| -> BTreeSet<String> {
                    s.split(": ")
                        .nth(1)
                        .unwrap_or("")
                        .trim_end_matches(')')
                        .split(", ")
                        .map(str::to_string)
                        .collect()
                };
                !values(a).is_subset(&values(b))
            };
            out.change(ctx, None, "kinds", ok, nk, removed(ok, nk));
            for name in keys(o, n) {
                let member = Some(name.as_str());
                match (o.get(name), n.get(name)) {
                    (Some(a), Some(b)) => out.change(ctx, member, "signature", a, b, true),
                    (Some(a), None) => {
                        out.push(ctx, member, ApiChangeKind::Removed(a.clone()), true)
                    }
                    (None, Some(b)) => {
                        out.push(ctx, member, ApiChangeKind::Added(b.clone()), false)
                    }
                    (None, None) => {}
                }
            }
        }
        (TypeDef::Enum(o), TypeDef::Enum(n)) => {
            for name in keys(o, n) {
                let member = Some(name.as_str());
                match (o.get(name), n.get(name)) {
                    (Some(a), Some(b)) => out.change(ctx, member, "variant", a, b, true),
                    (Some(a), None) => {
                        let kind = ApiChangeKind::Removed(variant_text(name, a));
                        out.push(ctx, member, kind, true)
                    }
                    // Enums are `#[non_exhaustive]` with a catch-all: matches keep compiling.
                    (None, Some(b)) => {
                        let kind = ApiChangeKind::Added(variant_text(name, b));
                        out.push(ctx, member, kind, false)
                    }
                    (None, None) => {}
                }
            }
        }
        (
            TypeDef::Struct {
                page_of: op,
                fields: of,
            },
            TypeDef::Struct {
                page_of: np,
                fields: nf,
            },
        ) => {
            let page = |p: &Option<String>| p.clone().unwrap_or_else(|| "-".into());
            out.change(ctx, None, "list page of", &page(op), &page(np), true);
            for name in keys(of, nf) {
                let member = Some(name.as_str());
                match (of.get(name), nf.get(name)) {
                    (Some(a), Some(b)) => {
                        out.change(ctx, member, "type", &a.ty, &b.ty, true);
                        let wire = |f: &Field| f.wire.clone().unwrap_or_else(|| name.clone());
                        out.change(ctx, member, "wire name", &wire(a), &wire(b), false);
                    }
                    (Some(a), None) => {
                        let kind = ApiChangeKind::Removed(format!("{name}: {}", a.ty));
                        out.push(ctx, member, kind, true)
                    }
                    (None, Some(b)) => {
                        let kind = ApiChangeKind::Added(format!("{name}: {}", b.ty));
                        out.push(ctx, member, kind, !is_option(&b.ty))
                    }
                    (None, None) => {}
                }
            }
        }
        (o, n) => {
            let (from, to) = (type_text(ctx.1, o), type_text(ctx.1, n));
            out.change(ctx, None, "definition", &from, &to, true);
        }
    }
}

fn variant_text(name: &str, rest: &str) -> String {
    if rest.is_empty() || rest.starts_with('(') {
        format!("{name}{rest}")
    } else {
        format!("{name} {rest}")
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
`#[non_exhaustive]` with an `Unrecognized` catch-all), nor are added `Option` struct fields \
(build structs with `..Default::default()`), and request body fields that have a setter are \
judged by the setter (build request bodies with the setters).";

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = r#"# twilio-flex public API, generated from spec/flex_v1.yaml. Do not edit:
# refresh with `cargo xtask api-snapshot`.

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

struct ListWidgetResponse  (list page of Widget)
  meta: Option<ListMeta>
  widgets: Vec<Widget>

struct UpdateWidgetRequest
  friendly_name: String "FriendlyName"
  mode: Option<WidgetMode> "Config.Mode"

struct Widget
  sid: Option<WidgetSid>
  type_: Option<String> "type"
"#;

    fn parse(text: &str) -> ApiSnapshot {
        ApiSnapshot::parse(text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn changed(edit: &[(&str, &str)]) -> Vec<ApiChange> {
        let mut new = OLD.to_string();
        for (from, to) in edit {
            assert!(new.contains(from), "{from}");
            new = new.replacen(from, to, 1);
        }
        diff(&parse(OLD), &parse(&new))
    }

    #[test]
    fn parses_every_kind_of_line() {
        let s = parse(OLD);
        let update = &s.operations["update_widget"];
        assert_eq!(
            (update.method.as_str(), update.path.as_str()),
            ("POST", "/v1/Widgets/{Sid}")
        );
        assert_eq!(update.response, "Widget");
        assert_eq!(
            update.body,
            Some(("UpdateWidgetRequest".into(), "form".into()))
        );
        assert_eq!(
            update.setters["friendly_name"],
            Setter {
                kind: "body".into(),
                ty: "String".into(),
                wire: "FriendlyName".into(),
                required: true,
                range: None
            }
        );
        let list = &s.operations["list_widget"];
        assert_eq!(list.setters["page_size"].range, Some((Some(1), Some(1000))));
        assert_eq!(
            list.list,
            Some(("Widget".into(), "ListWidgetResponse".into()))
        );
        assert_eq!(s.sids["WidgetSid"].prefix, "WD");
        assert_eq!(
            s.types["WidgetMode"],
            TypeDef::Enum(BTreeMap::from([
                ("Fast".into(), "= \"fast\"".into()),
                ("Slow".into(), "= \"slow\"".into())
            ]))
        );
        let TypeDef::Struct { page_of, fields } = &s.types["ListWidgetResponse"] else {
            panic!("a struct")
        };
        assert_eq!(page_of.as_deref(), Some("Widget"));
        assert_eq!(fields["widgets"].ty, "Vec<Widget>");
        let TypeDef::Struct { fields, .. } = &s.types["Widget"] else {
            panic!("a struct")
        };
        assert_eq!(fields["type_"].wire.as_deref(), Some("type"));
        assert!(diff(&s, &s).is_empty());
    }

    #[test]
    fn unknown_lines_are_errors_with_their_line_number() {
        for (bad, line) in [
            (OLD.replace("## Enums (1)", "## Traits (1)"), 21),
            (
                OLD.replace(
                    "  query  .page_size(i64) \"PageSize\" in 1..=1000",
                    "  query  page_size",
                ),
                7,
            ),
            (
                OLD.replace("\"PageSize\" in 1..=1000", "\"PageSize\" sometimes"),
                7,
            ),
            (
                OLD.replace("sid WidgetSid \"WD\" (Widget)", "sid WidgetSid WD"),
                19,
            ),
            (
                OLD.replace("  sid: Option<WidgetSid>\n", "  sid Option<WidgetSid>\n"),
                38,
            ),
            (format!("stray\n{OLD}"), 1),
        ] {
            let err = ApiSnapshot::parse(&bad).expect_err(&bad);
            assert_eq!(err.line, line, "{err}");
        }
    }

    #[test]
    fn setter_rules() {
        let c = changed(&[("\"Flex-Metadata\"", "\"Flex-Metadata\" required")]);
        assert_eq!(c.len(), 1);
        assert!(c[0].breaking, "optional → required");
        assert_eq!(c[0].member.as_deref(), Some(".flex_metadata()"));

        let c = changed(&[("\"FriendlyName\" required", "\"FriendlyName\"")]);
        assert!(!c[0].breaking, "required → optional");

        let c = changed(&[("in 1..=1000", "in 1..=100")]);
        assert!(c[0].breaking, "narrower");
        let c = changed(&[("in 1..=1000", "in 0..")]);
        assert!(!c[0].breaking, "wider");
        assert_eq!(
            c[0].kind,
            ApiChangeKind::Changed {
                what: "range",
                from: "1..=1000".into(),
                to: "0..".into()
            }
        );

        let c = changed(&[(
            ".mode(WidgetMode) \"Config.Mode\"",
            ".mode(WidgetMode) \"Mode\"",
        )]);
        assert_eq!(c.len(), 1);
        assert!(!c[0].breaking, "wire name");
        let c = changed(&[("POST /v1/Widgets/{Sid}", "PUT /v1/Widget/{Sid}")]);
        assert!(!c[0].breaking, "route");
        let c = changed(&[(" as form", " as json")]);
        assert!(!c[0].breaking, "encoding");
        let c = changed(&[("  header .flex_metadata(String) \"Flex-Metadata\"\n", "")]);
        assert!(c[0].breaking, "removed");
        let c = changed(&[(".flex_metadata(String)", ".flex_metadata(i64)")]);
        assert!(c[0].breaking, "retyped");
        let c = changed(&[("of Widget (page", "of Gadget (page")]);
        assert!(c[0].breaking, "list item");
    }

    #[test]
    fn type_rules() {
        let c = changed(&[(
            "  Slow = \"slow\"\n",
            "  Slow = \"slow\"\n  Turbo = \"turbo\"\n",
        )]);
        assert_eq!((c.len(), c[0].breaking), (1, false), "added variant");
        let c = changed(&[("  Slow = \"slow\"\n", "")]);
        assert!(c[0].breaking, "removed variant");
        let c = changed(&[("Slow = \"slow\"", "Slow = \"SLOW\"")]);
        assert!(c[0].breaking, "variant's wire value");

        let c = changed(&[(
            "  type_: Option<String> \"type\"\n",
            "  type_: Option<String> \"type\"\n  url: Option<String>\n",
        )]);
        assert_eq!((c.len(), c[0].breaking), (1, false), "added Option field");
        let c = changed(&[(
            "  type_: Option<String> \"type\"\n",
            "  type_: Option<String> \"type\"\n  url: String\n",
        )]);
        assert!(c[0].breaking, "added required field");
        let c = changed(&[("  sid: Option<WidgetSid>\n", "")]);
        assert!(c[0].breaking, "removed field");
        let c = changed(&[("sid: Option<WidgetSid>", "sid: Option<String>")]);
        assert!(c[0].breaking, "retyped field");

        let c = changed(&[("sid WidgetSid \"WD\"", "sid WidgetSid \"WX\"")]);
        assert!(c[0].breaking, "SID prefix");
        let c = changed(&[("(Widget)\n", "(Widget thing)\n")]);
        assert!(!c[0].breaking, "SID label");
    }

    #[test]
    fn request_body_fields_with_setters_are_judged_by_the_setters() {
        // `friendly_name` becomes optional: the setter says so (not breaking), and the body
        // struct's field type changes to `Option<String>` — the same fact, noted.
        let c = changed(&[
            ("\"FriendlyName\" required", "\"FriendlyName\""),
            ("friendly_name: String", "friendly_name: Option<String>"),
        ]);
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
    fn ranges_and_literals() {
        assert_eq!(parse_range("1..=1000"), Some((Some(1), Some(1000))));
        assert_eq!(parse_range("0.."), Some((Some(0), None)));
        assert_eq!(parse_range("..=-1"), Some((None, Some(-1))));
        assert_eq!(parse_range("1..2"), None);
        assert!(narrower(None, Some((Some(1), None))));
        assert!(!narrower(Some((Some(1), None)), None));
        assert!(narrower(Some((None, Some(5))), Some((None, Some(4)))));
        assert_eq!(
            string_literal(r#""a\"b" rest"#),
            Some(("a\"b".to_string(), " rest"))
        );
        assert!(is_option("Option<Vec<String>>") && !is_option("Vec<Option<String>>"));
    }
}
