//! The snapshot text (`api/flex_v1.txt` for the Flex product) rendered from an [`Api`]: a
//! sorted, human-readable listing, so a spec update's effect on users shows up in review as
//! a plain diff.
//!
//! Deterministic: operations by path, method and operationId; types by name; members by their
//! line. The line functions are public so a report quoting an item quotes it as the snapshot
//! shows it.

use super::model::{
    Api, Body, DeclaredBody, List, Method, OptionBuilder, OptionMember, Range, Receiver, Setter,
    SetterKind, Sid, TypeDef, Variant,
};
use super::read::listing_order;

/// What the header says about where the snapshot comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header<'a> {
    /// The product crate (`twilio-flex`).
    pub product: &'a str,
    /// The spec it is generated from, as the repository names it (`spec/flex_v1.yaml`).
    pub spec: &'a str,
    /// The command that refreshes the snapshot (`cargo xtask api-snapshot`).
    pub refresh: &'a str,
}

/// The snapshot text of an API.
pub fn render(api: &Api, header: &Header) -> String {
    let header = format!(
        "\
# {product} public API, generated from {spec}. Do not edit:
# refresh with `{refresh}`.
#
# Operations: `METHOD /path  client_method() -> response`, then the builder's setters as
# `kind  .setter(Type) \"WireName\" [required] [in MIN..=MAX]`. Setters take
# `impl TryInto<Type>` (`Vec<T>`: any iterator of them). Structs list their fields (with the
# wire name when it differs); enums their wire values (each also has `{catch_all}(String)`, for
# values added later); SID types their prefix.",
        product = header.product,
        spec = header.spec,
        refresh = header.refresh,
        catch_all = crate::emit::CATCH_ALL
    );
    let mut out: Vec<String> = header.lines().map(str::to_string).collect();

    let mut ops: Vec<_> = api.operations.iter().collect();
    ops.sort_by_key(|op| listing_order(&op.path, &op.method, &op.operation_id));
    out.extend([String::new(), format!("## Operations ({})", ops.len())]);
    for op in ops {
        out.push(String::new());
        out.extend(operation_block(op));
    }
    if !api.options.is_empty() {
        out.push(String::new());
        out.push(format!("## Option builders ({})", api.options.len()));
        for options in &api.options {
            out.push(String::new());
            out.extend(option_block(options));
        }
    }
    out.push(String::new());
    out.push(format!("## SID types ({})", api.sids.len()));
    out.push(String::new());
    out.extend(api.sids.iter().map(|(name, sid)| sid_line(name, sid)));
    let (renamed, types): (Vec<_>, Vec<_>) = api
        .types
        .iter()
        .partition(|(_, def)| matches!(def, TypeDef::Renamed(_)));
    let (enums, structs): (Vec<_>, Vec<_>) = types
        .into_iter()
        .partition(|(_, def)| matches!(def, TypeDef::Enum(_)));
    // Names kept for a rename have their own section, shown only when there are some.
    let renamed = (!renamed.is_empty()).then_some(("Deprecated aliases of renamed types", renamed));
    for (title, blocks) in [("Enums", enums), ("Structs", structs)]
        .into_iter()
        .chain(renamed)
    {
        out.push(String::new());
        out.push(format!("## {title} ({})", blocks.len()));
        for (name, def) in blocks {
            out.push(String::new());
            out.extend(type_block(name, def));
        }
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// `METHOD /path  client_method() -> response`, then the builder's members: setters by where
/// they are sent then name (the whole-body setter leads the body fields), notes, the list
/// methods, other methods.
fn operation_block(op: &super::model::Operation) -> Vec<String> {
    let mut lines = vec![format!(
        "{} {}  {}() -> {}",
        op.method,
        op.path,
        op.client_method.as_deref().unwrap_or("?"),
        op.response.as_deref().unwrap_or("?")
    )];
    let mut members: Vec<(usize, &str, String)> = op
        .setters
        .iter()
        .map(|(name, s)| {
            (
                kind_rank(s.kind),
                name.as_str(),
                format!("  {}", setter_line(name, s)),
            )
        })
        .collect();
    if let Some(body) = &op.body {
        members.push((
            kind_rank(SetterKind::Body),
            "",
            format!("  {}", body_line(body)),
        ));
    }
    members.sort();
    lines.extend(members.into_iter().map(|(_, _, line)| line));
    lines.extend(
        op.declared_body
            .iter()
            .flat_map(DeclaredBody::notes)
            .map(|note| format!("  note   {note}")),
    );
    lines.extend(
        op.list
            .as_ref()
            .map(|list| format!("  {}", list_line(list))),
    );
    let mut fns: Vec<String> = op
        .fns
        .iter()
        .map(|(name, m)| format!("  fn     {}", signature(name, m)))
        .collect();
    fns.sort();
    lines.extend(fns);
    lines
}

fn kind_rank(kind: SetterKind) -> usize {
    match kind {
        SetterKind::Path => 0,
        SetterKind::Query => 1,
        SetterKind::Header => 2,
        SetterKind::Body => 3,
        SetterKind::Param | SetterKind::Unmatched => usize::MAX,
    }
}

/// `query  .page_size(i64) "PageSize" in 1..=1000` (a member line, without its indent).
pub fn setter_line(name: &str, s: &Setter) -> String {
    let required = if s.required { " required" } else { "" };
    let range = s.range.map(range_suffix).unwrap_or_default();
    format!(
        "{:<6} .{name}({}) {:?}{required}{range}",
        s.kind.as_str(),
        s.ty,
        s.wire_text()
    )
}

fn range_suffix(r: Range) -> String {
    match (r.min, r.max) {
        (Some(lo), Some(hi)) => format!(" in {lo}..={hi}"),
        (Some(lo), None) => format!(" in {lo}.."),
        (None, Some(hi)) => format!(" in ..={hi}"),
        (None, None) => String::new(),
    }
}

/// `body   .body(CreateChannelRequest) as form`.
pub fn body_line(body: &Body) -> String {
    format!(
        "body   .body({}) as {}",
        body.ty.as_deref().unwrap_or("?"),
        body.encoding.as_str()
    )
}

/// `list   .stream()/.pages() of Channel (page ListChannelResponse)`.
pub fn list_line(list: &List) -> String {
    format!(
        "list   .stream()/.pages() of {} (page {})",
        list.item.as_deref().unwrap_or("?"),
        list.page
    )
}

/// A builder method as `[async ]name(self, Arg, …)[ -> Ret]`: the receiver as callers pass
/// it, argument types only.
pub fn signature(name: &str, m: &Method) -> String {
    let receiver = m.receiver.map(|r| match r {
        Receiver::Value => "self".to_string(),
        Receiver::Ref => "&self".to_string(),
        Receiver::RefMut => "&mut self".to_string(),
    });
    let args: Vec<String> = receiver
        .into_iter()
        .chain(m.args.iter().map(|a| a.ty.clone()))
        .collect();
    let ret = m
        .ret
        .as_ref()
        .map(|t| format!(" -> {t}"))
        .unwrap_or_default();
    let asyncness = if m.is_async { "async " } else { "" };
    format!("{asyncness}{name}({}){ret}", args.join(", "))
}

/// `options Integration  (kind IntegrationType: studio, external, task)`, then its members.
fn option_block(options: &OptionBuilder) -> Vec<String> {
    let mut lines = vec![format!(
        "options {}  {}",
        options.name,
        option_kinds(options)
    )];
    let mut members: Vec<String> = options
        .members
        .iter()
        .map(|(name, m)| format!("  {}", option_member_line(name, m)))
        .collect();
    members.sort();
    lines.extend(members);
    lines
}

/// `(kind IntegrationType: studio, external, task)`.
pub fn option_kinds(options: &OptionBuilder) -> String {
    format!(
        "(kind {}: {})",
        options.kind_field,
        options.kinds.join(", ")
    )
}

/// `set    .url(String) "Integration.Url"`, `new    studio(flow_sid: String) -> Self`,
/// `fn     kind() -> IntegrationKind`.
pub fn option_member_line(name: &str, member: &OptionMember) -> String {
    match member {
        OptionMember::Setter { ty, wire } => format!("set    .{name}({ty}) {wire:?}"),
        OptionMember::Fn(m) => {
            let kind = if m.receiver.is_some() { "fn" } else { "new" };
            let args: Vec<String> = m
                .args
                .iter()
                .map(|a| format!("{}: {}", a.name, a.ty))
                .collect();
            let ret = m
                .ret
                .as_ref()
                .map(|t| format!(" -> {t}"))
                .unwrap_or_default();
            format!("{kind:<6} {name}({}){ret}", args.join(", "))
        }
    }
}

/// `sid ChannelSid "CH" (Channel)`.
pub fn sid_line(name: &str, sid: &Sid) -> String {
    format!("sid {name} {:?} ({})", sid.prefix, sid.label)
}

/// A type's first line: `enum Name`, `struct Name[  (list page of Item)]`,
/// `struct Name(T, …)`, `type Name = T`.
pub fn type_line(name: &str, def: &TypeDef) -> String {
    match def {
        TypeDef::Enum(_) => format!("enum {name}"),
        TypeDef::Struct(s) => {
            let attr = if s.non_exhaustive {
                "#[non_exhaustive] "
            } else {
                ""
            };
            match &s.page_of {
                Some(item) => format!("{attr}struct {name}  (list page of {item})"),
                None => format!("{attr}struct {name}"),
            }
        }
        TypeDef::Tuple(fields) => format!("struct {name}({})", fields.join(", ")),
        TypeDef::Unit => format!("struct {name}"),
        TypeDef::Alias(ty) => format!("type {name} = {ty}"),
        TypeDef::Renamed(r) => format!("#[deprecated] type {name} = {}  ({})", r.to, r.note),
    }
}

fn type_block(name: &str, def: &TypeDef) -> Vec<String> {
    let mut lines = vec![type_line(name, def)];
    let mut members: Vec<String> = match def {
        TypeDef::Enum(e) => e
            .variants
            .iter()
            .map(|(v, variant)| format!("  {}", variant_line(v, variant)))
            .collect(),
        TypeDef::Struct(s) => s
            .fields
            .iter()
            .map(|(ident, f)| {
                let wire = if f.wire == *ident {
                    String::new()
                } else {
                    format!(" {:?}", f.wire)
                };
                format!("  {ident}: {}{wire}", f.ty)
            })
            .collect(),
        TypeDef::Tuple(_) | TypeDef::Unit | TypeDef::Alias(_) | TypeDef::Renamed(_) => Vec::new(),
    };
    members.sort();
    lines.extend(members);
    lines
}

/// `InProgress = "in-progress"`, `Other(String)`.
pub fn variant_line(name: &str, v: &Variant) -> String {
    let rest = variant_rest(v);
    match rest.chars().next() {
        None | Some('(') => format!("{name}{rest}"),
        Some(_) => format!("{name} {rest}"),
    }
}

/// A variant's line after its name: `= "in-progress"`, `(String)`, `(String) = "x"`.
pub fn variant_rest(v: &Variant) -> String {
    let fields = if v.fields.is_empty() {
        String::new()
    } else {
        format!("({})", v.fields.join(", "))
    };
    let wire = v
        .wire
        .as_ref()
        .map(|w| format!(" = {w:?}"))
        .unwrap_or_default();
    format!("{fields}{wire}").trim_start().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::model::{
        Arg, Encoding, Enum, Field, Operation, Range, Receiver, Setter, Struct,
    };
    use std::collections::BTreeMap;

    fn setter(kind: SetterKind, ty: &str, wire: &str) -> Setter {
        Setter {
            kind,
            ty: ty.into(),
            wire: wire.into(),
            required: false,
            range: None,
        }
    }

    fn method(receiver: Option<Receiver>, args: &[(&str, &str)], ret: Option<&str>) -> Method {
        Method {
            is_async: false,
            receiver,
            args: args
                .iter()
                .map(|(name, ty)| Arg {
                    name: name.to_string(),
                    ty: ty.to_string(),
                })
                .collect(),
            ret: ret.map(str::to_string),
        }
    }

    /// Each construct once, including the ones no Twilio spec has today (`?` for what the
    /// code lacks, tuple structs, aliases, variants with fields).
    fn api() -> Api {
        let mut odd = Operation {
            operation_id: "UpdateThing".into(),
            method: "POST".into(),
            path: "/v1/Things".into(),
            client_method: None,
            response: None,
            setters: BTreeMap::new(),
            body: Some(Body {
                ty: None,
                encoding: Encoding::Unknown,
            }),
            list: Some(List {
                item: None,
                page: "ThingPage".into(),
            }),
            fns: BTreeMap::new(),
            declared_body: Some(DeclaredBody {
                account_sid_key: Some("account_sid".into()),
                read_only: vec!["url".into(), "date_created".into()],
            }),
        };
        let mut lo = setter(SetterKind::Query, "i64", "Lo");
        lo.range = Some(Range {
            min: None,
            max: Some(9),
        });
        odd.setters = BTreeMap::from([
            ("zeta".into(), setter(SetterKind::Path, "String", "Zeta")),
            ("lo".into(), lo),
            (
                "cookie".into(),
                setter(SetterKind::Param, "String", "Cookie"),
            ),
            ("stray".into(), setter(SetterKind::Unmatched, "bool", "")),
            ("alpha".into(), setter(SetterKind::Body, "String", "Alpha")),
        ]);
        let mut send = method(Some(Receiver::Value), &[], Some("Result<()>"));
        send.is_async = true;
        odd.fns = BTreeMap::from([
            ("apply".into(), send),
            (
                "peek".into(),
                method(Some(Receiver::Ref), &[("key", "&str")], Some("bool")),
            ),
            ("reset".into(), method(Some(Receiver::RefMut), &[], None)),
        ]);
        let mut get = odd.clone();
        (get.operation_id, get.method) = ("FetchThing".into(), "GET".into());
        get.client_method = Some("fetch_thing".into());
        get.response = Some("Thing".into());
        get.body = Some(Body {
            ty: Some("serde_json::Value".into()),
            encoding: Encoding::Other("text/plain".into()),
        });
        (get.setters, get.fns, get.list, get.declared_body) =
            (BTreeMap::new(), BTreeMap::new(), None, None);
        let field = |ty: &str, wire: &str| Field {
            ty: ty.into(),
            wire: wire.into(),
        };
        Api {
            // Out of order: rendering sorts by path, then method.
            operations: vec![odd, get],
            options: vec![OptionBuilder {
                name: "Hook".into(),
                kind_field: "HookType".into(),
                kinds: vec!["web".into(), "queue".into()],
                members: BTreeMap::from([
                    (
                        "url".into(),
                        OptionMember::Setter {
                            ty: "String".into(),
                            wire: "Hook.Url".into(),
                        },
                    ),
                    (
                        "web".into(),
                        OptionMember::Fn(method(None, &[("url", "String")], Some("Self"))),
                    ),
                    (
                        "kind".into(),
                        OptionMember::Fn(method(Some(Receiver::Ref), &[], Some("HookKind"))),
                    ),
                ]),
            }],
            sids: BTreeMap::from([(
                "ThingSid".into(),
                Sid {
                    prefix: "TH".into(),
                    label: "Thing".into(),
                },
            )]),
            types: BTreeMap::from([
                (
                    "Thing".into(),
                    TypeDef::Struct(Struct {
                        page_of: None,
                        fields: BTreeMap::from([
                            ("a".into(), field("String", "a")),
                            ("a2".into(), field("Option<i64>", "A2")),
                        ]),
                        non_exhaustive: true,
                    }),
                ),
                (
                    "ThingPage".into(),
                    TypeDef::Struct(Struct {
                        page_of: Some("Thing".into()),
                        fields: BTreeMap::new(),
                        non_exhaustive: false,
                    }),
                ),
                (
                    "Pair".into(),
                    TypeDef::Tuple(vec!["String".into(), "i64".into()]),
                ),
                ("Marker".into(), TypeDef::Unit),
                ("Things".into(), TypeDef::Alias("Vec<Thing>".into())),
                (
                    "Shape".into(),
                    TypeDef::Enum(Enum {
                        variants: BTreeMap::from([
                            (
                                "Other".into(),
                                Variant {
                                    fields: vec!["String".into()],
                                    wire: None,
                                },
                            ),
                            (
                                "Round".into(),
                                Variant {
                                    fields: Vec::new(),
                                    wire: Some("round".into()),
                                },
                            ),
                            ("Plain".into(), Variant::default()),
                        ]),
                    }),
                ),
            ]),
        }
    }

    const HEADER: Header<'static> = Header {
        product: "twilio-things",
        spec: "spec/things_v1.yaml",
        refresh: "make snapshot",
    };

    #[test]
    fn every_construct_renders_as_the_format_says() {
        let text = render(&api(), &HEADER);
        let (head, body) = text.split_once("\n\n## Operations").unwrap();
        assert_eq!(head.lines().count(), 8, "{head}");
        assert!(head.contains("`Unrecognized(String)`"), "{head}");
        let expected = r#" (2)

GET /v1/Things  fetch_thing() -> Thing
  body   .body(serde_json::Value) as text/plain

POST /v1/Things  ?() -> ?
  path   .zeta(String) "Zeta"
  query  .lo(i64) "Lo" in ..=9
  body   .body(?) as ?
  body   .alpha(String) "Alpha"
  param  .cookie(String) "Cookie"
  ?      .stray(bool) "?"
  note   "account_sid" filled from the client's credentials when the body has none
  note   read-only, no setter: url, date_created
  list   .stream()/.pages() of ? (page ThingPage)
  fn     async apply(self) -> Result<()>
  fn     peek(&self, &str) -> bool
  fn     reset(&mut self)

## Option builders (1)

options Hook  (kind HookType: web, queue)
  fn     kind() -> HookKind
  new    web(url: String) -> Self
  set    .url(String) "Hook.Url"

## SID types (1)

sid ThingSid "TH" (Thing)

## Enums (1)

enum Shape
  Other(String)
  Plain
  Round = "round"

## Structs (5)

struct Marker

struct Pair(String, i64)

#[non_exhaustive] struct Thing
  a2: Option<i64> "A2"
  a: String

struct ThingPage  (list page of Thing)

type Things = Vec<Thing>
"#;
        assert_eq!(body, expected);
    }
}
