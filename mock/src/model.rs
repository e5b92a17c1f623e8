//! What the engine knows about an API, derived once from its spec through the spec model
//! (`twilio_spec`): the same fix-ups, operation names, parameter and field types (SIDs, enums,
//! ranges, lengths) and naming as the generated client. On top of it, the engine's own part:
//! routes, resources (collections, singletons), their nesting, and per-resource record
//! templates.
//!
//! Nothing here is written per resource or per spec: the classification below works on the
//! *shape* of the paths (literal segments vs `{Param}` segments) and on the schemas and
//! examples the spec attaches to each operation.

use std::collections::HashMap;

use http::Method;
use serde_json::{Map, Value};
use twilio_spec::fixups::BodyUse;
use twilio_spec::product::Declarations;

pub use twilio_spec::model::{StrRule, ValueType};

use crate::MockError;

pub(crate) type Ty = ValueType;

/// A request parameter (path, query or body field).
#[derive(Debug, Clone)]
pub(crate) struct Param {
    /// Wire name, e.g. `FriendlyName` or `Integration.FlowSid`.
    pub name: String,
    pub ty: Ty,
    pub required: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyKind {
    Form,
    Json,
}

#[derive(Debug, Clone)]
pub(crate) struct BodyRule {
    pub kind: BodyKind,
    pub params: Vec<Param>,
}

/// What an operation does to its resource, from the shape of its path and its method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OpKind {
    /// `GET` of a collection: one page of records.
    List,
    /// `POST` to a collection: a new record.
    Create,
    /// `GET` of an instance.
    Fetch,
    /// `POST` to an instance: changes the fields the request names.
    Update,
    /// `DELETE` of an instance (and everything nested under it).
    Delete,
    /// `POST .../{Sid}/Archive` style: a state change on an instance, described by how the
    /// spec's example of the action differs from the instance's.
    Action,
    /// `GET` of a singleton (`/v1/Configuration`).
    SingletonFetch,
    /// `POST` to a singleton.
    SingletonUpdate,
    /// `DELETE` of a singleton (`/v1/SafeList/Numbers`).
    SingletonDelete,
}

impl OpKind {
    /// Whether a successful call changes state (counted as applied).
    pub fn mutates(self) -> bool {
        matches!(
            self,
            OpKind::Create
                | OpKind::Update
                | OpKind::Delete
                | OpKind::Action
                | OpKind::SingletonUpdate
                | OpKind::SingletonDelete
        )
    }
}

/// One operation of the spec, as the engine serves it.
#[derive(Debug)]
pub struct Operation {
    pub(crate) id: String,
    pub(crate) kind: OpKind,
    /// The HTTP method and the spec's path template.
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) resource: ResourceId,
    /// Path parameters in the order they appear in the path.
    pub(crate) path_params: Vec<Param>,
    pub(crate) query: Vec<Param>,
    pub(crate) body: Option<BodyRule>,
    /// Success status documented by the spec (200, 201, 204).
    pub(crate) status: u16,
    /// Properties of the operation's own response schema (actions answer with a narrower
    /// schema than the resource's).
    pub(crate) response_fields: Option<Vec<String>>,
    /// For actions: state fields the spec's example shows changed.
    pub(crate) action_overlay: Map<String, Value>,
    /// A body the product declares as the writable part of a schema.
    pub(crate) declared: Option<BodyUse>,
}

impl Operation {
    /// The operationId (`CreateFlexFlow`), as the generated client names it.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What it does.
    pub fn kind(&self) -> OpKind {
        self.kind
    }

    /// The resource it works on.
    pub fn resource(&self) -> ResourceId {
        self.resource
    }

    /// The success status the spec documents (200, 201, 204).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body the product declares for it (the writable part of a schema, see
    /// `twilio_spec::product::SchemaBody`), if any.
    pub fn declared_body(&self) -> Option<&BodyUse> {
        self.declared.as_ref()
    }

    /// For an [`OpKind::Action`]: the state fields it sets, with their values (an Archive
    /// action: `{"archived": true}`).
    pub fn action_changes(&self) -> &Map<String, Value> {
        &self.action_overlay
    }

    /// Whether the request body has a parameter with this wire name.
    pub fn has_body_param(&self, wire_name: &str) -> bool {
        self.body
            .as_ref()
            .is_some_and(|b| b.params.iter().any(|p| p.name == wire_name))
    }
}

/// How fresh identifiers of a resource look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IdGen {
    Sid(String),
    Uuid,
    Hex,
    /// Integer ids (a Sync List Item's `index`, a Flow Revision's `revision`).
    Int,
}

/// A template example value and what replaces it in a concrete record.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Subst {
    Id,
    Parent(usize),
    Account,
}

/// How a list page links its neighbours, from the page schema's properties.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum Paging {
    /// A `meta` object with absolute `url`, `next_page_url`, … (Twilio's v1/v2 APIs).
    #[default]
    Meta,
    /// Fields beside the items, with URIs relative to the host (`next_page_uri`, `start`,
    /// `end`, …; the 2010 API): the ones the page schema declares, in its order.
    Uris(Vec<String>),
}

/// Index of a [`Resource`] in its [`Model`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceId(pub(crate) usize);

/// A kind of record the API stores: a collection (with its instances) or a singleton.
#[derive(Debug)]
pub struct Resource {
    pub(crate) id: ResourceId,
    /// Collection path template (or the singleton's path).
    pub(crate) name: String,
    /// `Plugin Version`, from the schema's name.
    pub(crate) title: String,
    pub(crate) singleton: bool,
    pub(crate) instance_path: Option<String>,
    /// Parent resource whose instance path is this collection's prefix.
    pub(crate) parent: Option<ResourceId>,
    pub(crate) children: Vec<ResourceId>,
    /// Record field for each parent path parameter, if the schema has it.
    pub(crate) parent_fields: Vec<Option<String>>,
    pub(crate) id_field: Option<String>,
    pub(crate) id_gen: IdGen,
    /// Key of the item array in list responses (`flex_flows`).
    pub(crate) list_key: Option<String>,
    /// How a list page says where the other pages are.
    pub(crate) paging: Paging,
    pub(crate) fields: HashMap<String, Ty>,
    /// A record as the spec's example shows it: what seeded records start from.
    pub(crate) template: Map<String, Value>,
    /// What a record created by a request starts from: the example's structural and
    /// server-computed fields, and for each field the create can set, the schema's default
    /// or `null` (the request's own values are laid over it).
    pub(crate) blank: Map<String, Value>,
    /// The `default` of each response property that declares one.
    pub(crate) defaults: Map<String, Value>,
    /// Fields only the server sets that hold SIDs (a Workspace's `default_activity_sid`):
    /// a created record gets fresh ones with the same prefix, not the example's
    /// placeholders. (field, prefix)
    pub(crate) fresh_sids: Vec<(String, String)>,
    pub(crate) subst: Vec<(String, Subst)>,
    /// Nested objects whose `sid` names a child the API creates implicitly
    /// (an Interaction's `channel`): (field, child resource).
    pub(crate) implicit_children: Vec<(String, ResourceId)>,
    pub(crate) has_create: bool,
    /// Addressed only by its instance path (no collection path: `/v1/PhoneNumbers/{PhoneNumber}`
    /// in Lookups): every id names a record, made from the example on first use.
    pub(crate) addressable: bool,
    /// The instance as the spec's fetch example shows it; actions are
    /// described by how their example differs from it.
    state_reference: Map<String, Value>,
}

impl Resource {
    /// Its index in the model.
    pub fn id(&self) -> ResourceId {
        self.id
    }

    /// The collection's path template (`/v1/PluginService/Plugins/{PluginSid}/Versions`), or
    /// the singleton's path.
    pub fn path(&self) -> &str {
        &self.name
    }

    /// The instance path template (`…/Versions/{Sid}`), if the spec has one.
    pub fn instance_path(&self) -> Option<&str> {
        self.instance_path.as_deref()
    }

    /// A readable name from the schema's (`flex.v1.plugin.plugin_version` → `Plugin Version`),
    /// for error messages.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Whether it is a singleton (one record, no ids).
    pub fn is_singleton(&self) -> bool {
        self.singleton
    }

    /// The resource its collection is nested under.
    pub fn parent(&self) -> Option<ResourceId> {
        self.parent
    }

    /// The resources nested under its instances.
    pub fn children(&self) -> &[ResourceId] {
        &self.children
    }

    /// The record field holding a record's own id (`sid`, `segment_id`).
    pub fn id_field(&self) -> Option<&str> {
        self.id_field.as_deref()
    }

    /// The SID prefix of its records' ids (`FP`), when they are SIDs.
    pub fn id_prefix(&self) -> Option<&str> {
        match &self.id_gen {
            IdGen::Sid(p) => Some(p),
            _ => None,
        }
    }

    /// The record field holding each parent's id (`plugin_sid`), outermost first; `None` where
    /// the schema doesn't echo it.
    pub fn parent_fields(&self) -> &[Option<String>] {
        &self.parent_fields
    }

    /// Nested objects of its records whose `sid` names a record of a child resource the API
    /// creates with it (an Interaction's `channel`): (field, child).
    pub fn implicit_children(&self) -> impl Iterator<Item = (&str, ResourceId)> {
        self.implicit_children.iter().map(|(f, c)| (f.as_str(), *c))
    }

    /// The key of the item array in its list responses (`flex_flows`).
    pub fn list_key(&self) -> Option<&str> {
        self.list_key.as_deref()
    }

    /// The record's fields (the response schema's properties), in no particular order.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.fields.keys().map(String::as_str)
    }

    /// A field's value type.
    pub fn field_type(&self, field: &str) -> Option<&ValueType> {
        self.fields.get(field)
    }

    /// The SID prefix of a field's values, when it holds SIDs (`plugin_sid` → `FP`).
    pub fn field_sid_prefix(&self, field: &str) -> Option<&str> {
        match self.fields.get(field) {
            Some(Ty::Str(r)) => r.sid_prefix.as_deref(),
            _ => None,
        }
    }

    /// The default the response schema gives a field (`"phase": {"default": 0}`), if any.
    pub fn field_default(&self, field: &str) -> Option<&Value> {
        self.defaults.get(field)
    }

    /// The top-level record field a request parameter of this resource lands in, as the
    /// engine overlays requests: `FriendlyName` → `friendly_name`, `Integration.FlowSid` →
    /// `integration`, `ConfigurationId` → `configuration_sid`.
    pub fn record_field(&self, wire_name: &str) -> Option<String> {
        target(&self.fields, wire_name).and_then(|p| p.into_iter().next())
    }

    /// Fields that can carry structural values the engine fills itself: the id, the parents'
    /// ids, the account, timestamps, the URL and links.
    pub fn is_structural(&self, field: &str) -> bool {
        self.id_field.as_deref() == Some(field)
            || self.parent_fields.iter().flatten().any(|p| p == field)
            || matches!(
                field,
                "account_sid" | "date_created" | "date_updated" | "url" | "links"
            )
    }
}

/// Where a request parameter lands in a record: `FriendlyName` → `["friendly_name"]`,
/// `Integration.FlowSid` → `["integration", "flow_sid"]`, and a request's `ConfigurationId`
/// comes back as `configuration_sid`. `None` for parameters the record doesn't echo.
pub(crate) fn target(fields: &HashMap<String, Ty>, name: &str) -> Option<Vec<String>> {
    let mut parts: Vec<String> = if fields.contains_key(name) {
        vec![name.to_string()]
    } else {
        name.split('.').map(snake).collect()
    };
    if let [only] = parts.as_mut_slice()
        && !fields.contains_key(only.as_str())
        && let Some(sid) = only
            .strip_suffix("_id")
            .map(|stem| format!("{stem}_sid"))
            .filter(|sid| fields.contains_key(sid))
    {
        *only = sid;
    }
    parts
        .first()
        .is_some_and(|top| fields.contains_key(top))
        .then_some(parts)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Collection,
    Instance,
    Action,
    Singleton,
}

#[derive(Debug)]
pub(crate) struct RouteEntry {
    pub resource: ResourceId,
    pub role: Role,
    pub methods: Vec<(Method, usize)>,
}

/// A path's parameter values, in order: inline up to 4 (Twilio's deepest paths have 4), so
/// routing a request allocates nothing.
pub(crate) type PathParams<'p> = smallvec::SmallVec<[&'p str; 4]>;

#[derive(Debug, Default)]
struct Node {
    literal: HashMap<String, Node>,
    param: Option<Box<Node>>,
    /// `{Param}suffix` segments (`{Sid}.json`), by suffix.
    suffixed: Vec<(String, Node)>,
    entry: Option<usize>,
}

/// The engine's model of one spec: its resources, operations and routes. Built once with
/// [`Model::parse`] and shared by every server started from it.
#[derive(Debug)]
pub struct Model {
    pub(crate) ops: Vec<Operation>,
    pub(crate) resources: Vec<Resource>,
    pub(crate) routes: Vec<RouteEntry>,
    pub(crate) op_index: HashMap<String, usize>,
    /// `https://flex-api.twilio.com`: the host of the spec's examples, rewritten to the
    /// server's own URL.
    pub(crate) example_host: String,
    root: Node,
}

/// `FriendlyName` → `friendly_name`: the generator's naming.
pub(crate) fn snake(name: &str) -> String {
    twilio_spec::names::snake_case(name)
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').skip(1).collect()
}

/// A `{Param}` segment, possibly with a literal suffix (`{Sid}.json`, as the 2010 API
/// writes every path): (name, suffix).
fn param_segment(seg: &str) -> Option<(&str, &str)> {
    let rest = seg.strip_prefix('{')?;
    let close = rest.find('}')?;
    Some((&rest[..close], &rest[close + 1..]))
}

fn is_param(seg: &str) -> bool {
    param_segment(seg).is_some()
}

/// `/v1/Interactions/{Sid}/Channels` → `/v1/Interactions/*/Channels`. A format extension
/// on the last segment is not part of the shape (`/Calls.json` and `/Calls/{Sid}.json` are
/// a collection and its instance, `/Calls/{CallSid}/Feedback.json` an action on it).
fn shape(path: &str) -> String {
    let segs = segments(path);
    let mut s = String::new();
    for (i, seg) in segs.iter().enumerate() {
        s.push('/');
        let seg = if i + 1 == segs.len() {
            strip_extension(seg)
        } else {
            seg
        };
        s.push_str(if is_param(seg) { "*" } else { seg });
    }
    s
}

/// `Calls.json` → `Calls`, `{Sid}.json` → `{Sid}`; other segments unchanged.
fn strip_extension(seg: &str) -> &str {
    match seg.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && !ext.is_empty()
                && ext.bytes().all(|b| b.is_ascii_alphabetic())
                && !stem.ends_with('{') =>
        {
            stem
        }
        _ => seg,
    }
}

fn parent_shape(shape: &str) -> Option<&str> {
    shape
        .rfind('/')
        .map(|i| &shape[..i])
        .filter(|s| !s.is_empty())
}

fn path_param_names(path: &str) -> Vec<String> {
    segments(path)
        .into_iter()
        .filter_map(|s| param_segment(s).map(|(name, _)| name.to_string()))
        .collect()
}

/// `flex.v1.plugin.plugin_version` → `Plugin Version`.
fn title_of(schema_name: &str) -> String {
    let last = schema_name.rsplit('.').next().unwrap_or(schema_name);
    last.split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

struct Ctx<'a> {
    doc: &'a Value,
    extras: &'a twilio_spec::fixups::Extras,
    schemas: Option<&'a Map<String, Value>>,
}

impl<'a> Ctx<'a> {
    /// Follows `$ref`s into `components/schemas` (bounded, in case of cycles).
    fn resolve(&self, mut v: &'a Value) -> &'a Value {
        for _ in 0..8 {
            let Some(r) = v.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let name = r.rsplit('/').next().unwrap_or(r);
            match self.schemas.and_then(|s| s.get(name)) {
                Some(t) => v = t,
                None => break,
            }
        }
        v
    }

    /// A schema's value type, as the generator sees it.
    fn ty(&self, schema: &'a Value) -> Ty {
        twilio_spec::model::value_type(self.doc, self.extras, schema, None)
    }

    fn properties(&self, schema: &'a Value) -> Option<&'a Map<String, Value>> {
        self.resolve(schema)
            .get("properties")
            .and_then(Value::as_object)
    }

    fn fields(&self, schema: &'a Value) -> HashMap<String, Ty> {
        self.properties(schema)
            .map(|p| p.iter().map(|(k, v)| (k.clone(), self.ty(v))).collect())
            .unwrap_or_default()
    }

    /// The `default` each property of a schema declares.
    fn defaults(&self, schema: &'a Value) -> Map<String, Value> {
        self.properties(schema)
            .map(|p| {
                p.iter()
                    .filter_map(|(k, v)| {
                        let v = self.resolve(v);
                        // Response defaults are moved aside by `optional_response_fields`.
                        let d = v
                            .get("default")
                            .or_else(|| v.get(twilio_spec::fixups::RESPONSE_DEFAULT))?;
                        Some((k.clone(), d.clone()))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The lowest 2xx response of an operation: (status, json content).
fn success(op: &Value) -> Option<(u16, Option<&Value>)> {
    let responses = op.get("responses")?.as_object()?;
    let mut best: Option<(u16, Option<&Value>)> = None;
    for (code, r) in responses {
        let Ok(c) = code.parse::<u16>() else { continue };
        if !(200..300).contains(&c) || best.is_some_and(|(b, _)| b <= c) {
            continue;
        }
        // `application/json`, or a JSON flavour (SCIM's `application/scim+json`).
        let content = r.get("content").and_then(Value::as_object).and_then(|m| {
            m.get("application/json")
                .or_else(|| m.iter().find(|(k, _)| k.contains("json")).map(|(_, v)| v))
        });
        best = Some((c, content));
    }
    best
}

fn first_example(content: &Value) -> Option<&Value> {
    let ex = content.get("examples")?.as_object()?;
    ex.values().next()?.get("value")
}

type PathInfo<'a> = (&'a String, &'a Value, Role, String);

impl Model {
    /// Builds the model of a spec (YAML or JSON text, as Twilio publishes it), read through
    /// the spec model's fix-ups with a product's declarations (`Declarations::new()` for
    /// none).
    ///
    /// Classification, purely structural:
    /// * a path ending in `{Param}` is an *instance* of the collection at its prefix;
    /// * a literal-ending path is a *collection* if an instance path hangs off it or its GET
    ///   answers a paged list (`meta`); otherwise an *action* if its prefix is an instance
    ///   (`.../{Sid}/Archive`); otherwise a *singleton* (`/v1/Configuration`).
    pub fn parse(text: &str, declarations: &Declarations) -> Result<Model, MockError> {
        Self::build(text, declarations).map_err(MockError::Spec)
    }

    fn build(text: &str, declarations: &Declarations) -> Result<Model, String> {
        let (doc, extras) =
            twilio_spec::fixed_spec_with(text, declarations).map_err(|e| format!("spec: {e}"))?;
        // The generator's operations, by (path, method): names, parameters, bodies and types.
        let model: HashMap<(String, String), twilio_spec::model::Operation> =
            twilio_spec::model::operations(&doc, &extras)
                .into_iter()
                .map(|op| ((op.path.clone(), op.method.to_ascii_lowercase()), op))
                .collect();
        let paths = doc
            .get("paths")
            .and_then(Value::as_object)
            .ok_or("spec has no paths")?;
        let example_host = twilio_spec::model::api_host(&doc)
            .map(|h| format!("https://{h}"))
            .unwrap_or_default();
        let ctx = Ctx {
            doc: &doc,
            extras: &extras,
            schemas: doc
                .pointer("/components/schemas")
                .and_then(Value::as_object),
        };

        let instance_shapes: Vec<String> = paths
            .keys()
            .filter(|p| segments(p).last().is_some_and(|s| is_param(s)))
            .map(|p| shape(p))
            .collect();

        let mut roles: Vec<PathInfo<'_>> = Vec::new();
        for (path, item) in paths {
            let sh = shape(path);
            let last_is_param = segments(path).last().is_some_and(|s| is_param(s));
            let role = if last_is_param {
                Role::Instance
            } else {
                let has_instance = instance_shapes
                    .iter()
                    .any(|i| parent_shape(i) == Some(sh.as_str()));
                let lists = item
                    .get("get")
                    .and_then(success)
                    .and_then(|(_, c)| c)
                    .and_then(|c| c.get("schema"))
                    .and_then(|s| ctx.properties(s))
                    .is_some_and(|p| p.contains_key("meta") || p.contains_key("next_page_uri"));
                // An instance hanging off a path whose GET answers one record (not a page) is
                // not its item: `/Porting/Configuration/Webhook` and `…/Webhook/{WebhookType}`.
                let gets_one = item.get("get").is_some_and(|g| {
                    !success(g)
                        .and_then(|(_, c)| c)
                        .and_then(|c| c.get("schema"))
                        .and_then(|s| ctx.properties(s))
                        .is_some_and(|p| {
                            // An array of records, not of strings (`notifications_of`).
                            p.values().any(|v| {
                                ctx.resolve(v).get("items").is_some_and(|i| {
                                    let i = ctx.resolve(i);
                                    i.get("properties").is_some()
                                        || i.get("type").and_then(Value::as_str) == Some("object")
                                })
                            })
                        })
                });
                // A POST under an instance answering a record the instance's schema doesn't
                // cover (`…/InstalledAddOns/{Sid}/Usage`) makes a record of its own.
                let own_record = || {
                    fn props<'v>(
                        ctx: &Ctx<'v>,
                        it: Option<&'v Value>,
                        m: &str,
                    ) -> Option<&'v Map<String, Value>> {
                        it.and_then(|it| it.get(m))
                            .and_then(success)
                            .and_then(|(_, c)| c)
                            .and_then(|c| c.get("schema"))
                            .and_then(|s| ctx.properties(s))
                    }
                    let instance = parent_shape(&sh)
                        .and_then(|p| paths.iter().find(|(k, _)| shape(k) == p).map(|(_, v)| v));
                    match (
                        props(&ctx, Some(item), "post"),
                        props(&ctx, instance, "get"),
                    ) {
                        (Some(mine), Some(theirs)) => mine.keys().any(|k| !theirs.contains_key(k)),
                        _ => false,
                    }
                };
                if lists || (has_instance && !gets_one) {
                    Role::Collection
                } else if parent_shape(&sh).is_some_and(|p| instance_shapes.iter().any(|i| i == p))
                    && item.get("get").is_none()
                    && !own_record()
                {
                    // POST-only under an instance: a state change of it (`…/{Sid}/Archive`).
                    // With a GET it is a record of its own per instance, a nested singleton
                    // (a Workspace's `Statistics`, an Execution's `Context`).
                    Role::Action
                } else {
                    Role::Singleton
                }
            };
            roles.push((path, item, role, sh));
        }

        // One resource per collection shape (or singleton path).
        let mut resource_keys: Vec<String> = Vec::new();
        let key_of = |k: &str, keys: &mut Vec<String>| -> usize {
            match keys.iter().position(|x| x == k) {
                Some(i) => i,
                None => {
                    keys.push(k.to_string());
                    keys.len() - 1
                }
            }
        };
        let mut path_res: Vec<usize> = Vec::new();
        let singletons: Vec<String> = roles
            .iter()
            .filter(|x| x.2 == Role::Singleton)
            .map(|x| x.3.clone())
            .collect();
        for (_, _, role, sh) in &roles {
            let key = match role {
                Role::Collection | Role::Singleton => sh.clone(),
                // Under a singleton: a resource of its own, addressed by its instance path.
                Role::Instance
                    if parent_shape(sh).is_some_and(|p| singletons.iter().any(|s| s == p)) =>
                {
                    sh.clone()
                }
                Role::Instance => parent_shape(sh).unwrap_or("").to_string(),
                // Action → the instance → its collection.
                Role::Action => parent_shape(sh)
                    .and_then(parent_shape)
                    .unwrap_or("")
                    .to_string(),
            };
            path_res.push(key_of(&key, &mut resource_keys));
        }

        let mut resources = Vec::new();
        for (ri, key) in resource_keys.iter().enumerate() {
            let mine: Vec<&PathInfo<'_>> = roles
                .iter()
                .zip(&path_res)
                .filter(|(_, r)| **r == ri)
                .map(|(x, _)| x)
                .collect();
            resources.push(resource(&ctx, &model, ResourceId(ri), key, &mine));
        }

        // Parent links: the resource whose instance shape is our collection's prefix.
        // Literal segments may come between them (`/Accounts/{AccountSid}/SIP/Domains`,
        // `/Services/{Sid}/Compliance/Usa2p`): the longest such prefix.
        for ri in 0..resources.len() {
            let Some(ps) = parent_shape(&resource_keys[ri]).map(str::to_string) else {
                continue;
            };
            let parent = resources
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != ri)
                .filter_map(|(i, r)| Some((i, shape(r.instance_path.as_deref()?))))
                .filter(|(_, sh)| {
                    ps == *sh
                        || ps
                            .strip_prefix(sh.as_str())
                            .is_some_and(|rest| rest.starts_with('/') && !rest.contains('*'))
                })
                .max_by_key(|(_, sh)| sh.len())
                .map(|(i, _)| i);
            if let Some(p) = parent {
                resources[ri].parent = Some(ResourceId(p));
                resources[p].children.push(ResourceId(ri));
            }
        }
        // Implicit children: a nested `{"sid": "UO…"}` in the parent's example
        // naming a child collection that has no create operation of its own.
        for ri in 0..resources.len() {
            let mut found = Vec::new();
            for (field, v) in &resources[ri].template {
                let Some(sid) = v.get("sid").and_then(Value::as_str) else {
                    continue;
                };
                let Some(prefix) = sid.get(..2) else { continue };
                for &c in &resources[ri].children {
                    let child = &resources[c.0];
                    if !child.has_create && child.id_gen == IdGen::Sid(prefix.to_string()) {
                        found.push((field.clone(), c));
                    }
                }
            }
            resources[ri].implicit_children = found;
        }

        // Operations and routes.
        let mut ops = Vec::new();
        let mut routes = Vec::new();
        let mut root = Node::default();
        for ((path, item, role, _), &ri) in roles.iter().zip(&path_res) {
            let mut methods = Vec::new();
            for (mname, method) in [
                ("get", Method::GET),
                ("post", Method::POST),
                ("put", Method::PUT),
                ("patch", Method::PATCH),
                ("delete", Method::DELETE),
            ] {
                let Some(op) = item.get(mname) else { continue };
                let kind = match (role, mname) {
                    (Role::Collection, "get") => OpKind::List,
                    (Role::Collection, "post") => OpKind::Create,
                    (Role::Instance, "get") => OpKind::Fetch,
                    (Role::Instance, "post" | "put" | "patch") => OpKind::Update,
                    (Role::Instance, "delete") => OpKind::Delete,
                    (Role::Action, "post" | "put" | "patch") => OpKind::Action,
                    (Role::Singleton, "get") => OpKind::SingletonFetch,
                    (Role::Singleton, "post" | "put" | "patch") => OpKind::SingletonUpdate,
                    (Role::Singleton, "delete") => OpKind::SingletonDelete,
                    _ => continue,
                };
                let Some(generated) = model.get(&(path.to_string(), mname.to_string())) else {
                    continue;
                };
                let param_of = |p: &twilio_spec::model::Param| Param {
                    name: p.api_name.clone(),
                    ty: p.ty.clone(),
                    required: p.required,
                };
                let mut path_params = Vec::new();
                for name in path_param_names(path) {
                    let p = generated
                        .params
                        .iter()
                        .find(|p| p.location == "path" && p.api_name == name)
                        .map(param_of)
                        .unwrap_or(Param {
                            name,
                            ty: Ty::Any,
                            required: true,
                        });
                    path_params.push(p);
                }
                let query = generated
                    .params
                    .iter()
                    .filter(|p| p.location == "query")
                    .map(param_of)
                    .collect();
                let (status, content) = success(op).unwrap_or((200, None));
                let resp_schema = content.and_then(|c| c.get("schema"));
                let response_fields = resp_schema
                    .and_then(|s| ctx.properties(s))
                    .map(|p| p.keys().cloned().collect());
                let mut action_overlay = Map::new();
                if kind == OpKind::Action {
                    let action_fields = resp_schema.map(|s| ctx.fields(s)).unwrap_or_default();
                    if let Some(Value::Object(ex)) = content.and_then(first_example) {
                        for (k, v) in ex {
                            let state_like = match action_fields.get(k) {
                                Some(Ty::Bool) => true,
                                Some(Ty::Str(r)) => r.enum_values.is_some(),
                                _ => false,
                            };
                            if state_like && resources[ri].state_reference.get(k) != Some(v) {
                                action_overlay.insert(k.clone(), v.clone());
                            }
                        }
                    }
                }
                methods.push((method.clone(), ops.len()));
                ops.push(Operation {
                    id: generated.operation_id.clone(),
                    kind,
                    method: method.clone(),
                    path: path.to_string(),
                    resource: ResourceId(ri),
                    path_params,
                    query,
                    body: body_rule(generated),
                    status,
                    response_fields,
                    action_overlay,
                    declared: extras
                        .bodies
                        .iter()
                        .find(|b| b.operation == generated.operation_id)
                        .cloned(),
                });
            }
            let entry = routes.len();
            routes.push(RouteEntry {
                resource: ResourceId(ri),
                role: *role,
                methods,
            });
            let mut node = &mut root;
            for seg in segments(path) {
                node = match param_segment(seg) {
                    Some((_, "")) => node.param.get_or_insert_with(Box::default),
                    Some((_, suffix)) => {
                        let at = match node.suffixed.iter().position(|(s, _)| s == suffix) {
                            Some(i) => i,
                            None => {
                                node.suffixed.push((suffix.to_string(), Node::default()));
                                node.suffixed.len() - 1
                            }
                        };
                        &mut node.suffixed[at].1
                    }
                    None => node.literal.entry(seg.to_string()).or_default(),
                };
            }
            node.entry = Some(entry);
        }
        let op_index = ops
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), i))
            .collect();
        Ok(Model {
            ops,
            resources,
            routes,
            op_index,
            example_host,
            root,
        })
    }

    /// Every operation, in spec order.
    pub fn operations(&self) -> &[Operation] {
        &self.ops
    }

    /// Every resource.
    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }

    /// A resource by its id.
    pub fn resource(&self, id: ResourceId) -> Option<&Resource> {
        self.resources.get(id.0)
    }

    /// The operation a selector names: an operationId (`"CreateFlexFlow"`), or
    /// `"METHOD /path"` with the spec's template (`"GET /v1/FlexFlows/{Sid}"`) or a concrete
    /// path.
    pub fn operation(&self, selector: &str) -> Option<&Operation> {
        self.resolve_selector(selector)
            .and_then(|i| self.ops.get(i))
    }

    /// The resource an operation works on.
    pub fn resource_of(&self, operation_id: &str) -> Option<&Resource> {
        self.operation(operation_id)
            .and_then(|op| self.resource(op.resource))
    }

    /// The resource whose records' ids are SIDs with this prefix (`FV` → Plugin Versions).
    /// Where several are keyed by such SIDs (a configuration's configured plugins are keyed
    /// by their plugin's `FP…`), the one that mints them: the one with a create, then the
    /// least nested.
    pub fn resource_with_prefix(&self, sid_prefix: &str) -> Option<&Resource> {
        self.resources
            .iter()
            .filter(|r| r.id_prefix() == Some(sid_prefix))
            .min_by_key(|r| (!r.has_create, r.parent_fields.len()))
    }

    /// The operations that work on a resource, in spec order.
    pub fn operations_of(&self, resource: ResourceId) -> impl Iterator<Item = &Operation> {
        self.ops.iter().filter(move |op| op.resource == resource)
    }

    /// The operation ids closest to a selector that names none (another case, a letter or
    /// two off; at most 3, all equally close): for error messages.
    pub fn close_matches(&self, selector: &str) -> Vec<&str> {
        let wanted = selector.trim().to_ascii_lowercase();
        let limit = (wanted.len() / 4).clamp(2, 4);
        let mut scored: Vec<(usize, &str)> = self
            .ops
            .iter()
            .map(|op| {
                (
                    distance(&wanted, &op.id.to_ascii_lowercase()),
                    op.id.as_str(),
                )
            })
            .filter(|(d, _)| *d <= limit)
            .collect();
        scored.sort();
        // Only the closest: `CreateFlexFlows` suggests `CreateFlexFlow`, not `UpdateFlexFlow`.
        let best = scored.first().map_or(0, |(d, _)| *d);
        scored
            .into_iter()
            .take_while(|(d, _)| *d == best)
            .take(3)
            .map(|(_, id)| id)
            .collect()
    }

    /// Matches a concrete request path; returns the route entry and the
    /// path parameter values in order. Literal segments win over parameters
    /// (`/Assessments/Comments` vs `/Assessments/{AssessmentSid}`).
    pub(crate) fn match_path<'p>(&self, path: &'p str) -> Option<(usize, PathParams<'p>)> {
        // `rest` is what follows the segments matched so far (`None` once all are); walked in
        // place, since collecting the segments first costs an allocation per request.
        fn walk<'p>(node: &Node, rest: Option<&'p str>, out: &mut PathParams<'p>) -> Option<usize> {
            let Some(rest) = rest else {
                return node.entry;
            };
            let (first, rest) = match rest.split_once('/') {
                Some((first, rest)) => (first, Some(rest)),
                None => (rest, None),
            };
            if let Some(n) = node.literal.get(first)
                && let Some(e) = walk(n, rest, out)
            {
                return Some(e);
            }
            for (suffix, n) in &node.suffixed {
                let Some(value) = first.strip_suffix(suffix.as_str()) else {
                    continue;
                };
                if value.is_empty() {
                    continue;
                }
                out.push(value);
                if let Some(e) = walk(n, rest, out) {
                    return Some(e);
                }
                out.pop();
            }
            if let Some(n) = &node.param
                && !first.is_empty()
            {
                out.push(first);
                if let Some(e) = walk(n, rest, out) {
                    return Some(e);
                }
                out.pop();
            }
            None
        }
        let rest = path.strip_prefix('/')?;
        let mut out = PathParams::new();
        walk(&self.root, Some(rest), &mut out).map(|e| (e, out))
    }

    /// Resolves a fault/counter route selector to an operation index.
    pub(crate) fn resolve_selector(&self, sel: &str) -> Option<usize> {
        if let Some(&i) = self.op_index.get(sel) {
            return Some(i);
        }
        let (m, p) = sel.trim().split_once(' ')?;
        let method = Method::from_bytes(m.trim().to_ascii_uppercase().as_bytes()).ok()?;
        let path = p.trim();
        let path = path.split('?').next().unwrap_or(path);
        let (entry, _) = self.match_path(path)?;
        self.routes
            .get(entry)?
            .methods
            .iter()
            .find(|(mm, _)| *mm == method)
            .map(|(_, i)| *i)
    }
}

/// Levenshtein distance (operation ids are short: a quadratic table is nothing).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn body_rule(generated: &twilio_spec::model::Operation) -> Option<BodyRule> {
    generated.body.as_ref().map(|b| BodyRule {
        kind: if b.content_type.contains("json") {
            BodyKind::Json
        } else {
            BodyKind::Form
        },
        params: b
            .fields
            .iter()
            .map(|f| Param {
                name: f.api_name.clone(),
                ty: f.ty.clone(),
                required: f.required,
            })
            .collect(),
    })
}

/// One resource from the paths that belong to it.
fn resource(
    ctx: &Ctx<'_>,
    model: &HashMap<(String, String), twilio_spec::model::Operation>,
    id: ResourceId,
    key: &str,
    mine: &[&PathInfo<'_>],
) -> Resource {
    let find = |role: Role| mine.iter().find(|x| x.2 == role).map(|x| (x.0, x.1));
    let singleton = mine.iter().any(|x| x.2 == Role::Singleton);
    let collection = find(Role::Collection);
    let instance = find(Role::Instance);
    let single = find(Role::Singleton);

    fn op_content<'a>(item: Option<(&'a String, &'a Value)>, method: &str) -> Option<&'a Value> {
        item.and_then(|(_, it)| it.get(method))
            .and_then(success)
            .and_then(|(_, c)| c)
    }
    let create = op_content(collection, "post");
    let fetch = op_content(instance, "get");
    let update = op_content(instance, "post");
    let list = op_content(collection, "get");
    let sget = op_content(single, "get");
    let spost = op_content(single, "post");

    let list_schema = list.and_then(|c| c.get("schema"));
    // The page's array of records: a paged list also carries `meta` (or, in the 2010 API,
    // `page`, `uri`, `next_page_uri`… beside it).
    let list_key = list_schema.and_then(|s| ctx.properties(s)).and_then(|p| {
        p.iter()
            .find(|(k, v)| *k != "meta" && ctx.resolve(v).get("items").is_some())
            .or_else(|| p.iter().find(|(k, _)| *k != "meta"))
            .map(|(k, _)| k.clone())
    });
    let paging = match list_schema.and_then(|s| ctx.properties(s)) {
        Some(p) if !p.contains_key("meta") && p.contains_key("next_page_uri") => Paging::Uris(
            p.keys()
                .filter(|k| Some(*k) != list_key.as_ref())
                .cloned()
                .collect(),
        ),
        _ => Paging::Meta,
    };
    let list_item_schema = list_key.as_ref().and_then(|k| {
        list_schema
            .and_then(|s| ctx.properties(s))
            .and_then(|p| p.get(k))
            .and_then(|a| a.get("items"))
    });

    let schema = [fetch, create, update, sget, spost]
        .into_iter()
        .flatten()
        .find_map(|c| c.get("schema"))
        .or(list_item_schema);
    let fields = schema.map(|s| ctx.fields(s)).unwrap_or_default();
    let defaults = schema.map(|s| ctx.defaults(s)).unwrap_or_default();
    let title = schema
        .and_then(|s| s.get("$ref"))
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
        .map(title_of)
        .unwrap_or_else(|| title_of(key.rsplit('/').next().unwrap_or(key)));

    let list_example_item = list.and_then(|c| {
        c.get("examples")?.as_object()?.values().find_map(|e| {
            let k = list_key.as_ref()?;
            e.get("value")?.get(k)?.as_array()?.first().cloned()
        })
    });
    let template = [create, fetch, update, sget, spost]
        .into_iter()
        .flatten()
        .find_map(first_example)
        .cloned()
        .or(list_example_item)
        .map(|mut v| {
            if let Some(s) = schema {
                coerce(ctx, s, &mut v, 0);
            }
            v
        })
        .and_then(|v| v.as_object().cloned())
        .unwrap_or_else(|| fields.keys().map(|k| (k.clone(), Value::Null)).collect());

    let coll_template = collection
        .map(|(p, _)| p.to_string())
        .or_else(|| {
            instance.map(|(p, _)| {
                p.rsplit_once('/')
                    .map_or(p.to_string(), |x| x.0.to_string())
            })
        })
        .or_else(|| single.map(|(p, _)| p.to_string()))
        .unwrap_or_else(|| key.to_string());
    let parent_params = path_param_names(&coll_template);
    let parent_fields: Vec<Option<String>> = parent_params
        .iter()
        .map(|p| Some(snake(p)).filter(|f| fields.contains_key(f)))
        .collect();

    let id_field = if singleton {
        None
    } else {
        id_field(
            &fields,
            &template,
            instance,
            &parent_fields,
            list_key.as_deref(),
        )
    };
    let id_gen = match id_field.as_ref().and_then(|f| fields.get(f)) {
        Some(Ty::Str(StrRule {
            sid_prefix: Some(p),
            ..
        })) => IdGen::Sid(p.clone()),
        Some(Ty::Int { .. }) => IdGen::Int,
        _ => match id_field
            .as_ref()
            .and_then(|f| template.get(f))
            .and_then(Value::as_str)
        {
            Some(s) if s.len() == 36 && s.matches('-').count() == 4 => IdGen::Uuid,
            // A SID whose schema names no single prefix (a Message is `SM…` or `MM…`): the
            // example's.
            Some(s) if looks_like_sid(s) => IdGen::Sid(s[..2].to_string()),
            _ => IdGen::Hex,
        },
    };

    let mut subst = Vec::new();
    let mut add_subst = |field: &str, s: Subst| {
        if let Some(Value::String(v)) = template.get(field)
            && !v.is_empty()
            && !subst.iter().any(|(x, _)| x == v)
        {
            subst.push((v.clone(), s));
        }
    };
    if let Some(f) = &id_field {
        add_subst(f, Subst::Id);
    }
    for (i, f) in parent_fields.iter().enumerate() {
        if let Some(f) = f {
            add_subst(f, Subst::Parent(i));
        }
    }
    add_subst("account_sid", Subst::Account);

    // What a create can set, by the fields its body parameters land in: those start from the
    // schema's default or null, never from the example.
    let mut blank = template.clone();
    let create_params = collection
        .and_then(|(p, _)| model.get(&(p.to_string(), "post".to_string())))
        .and_then(body_rule)
        .map(|b| b.params)
        .unwrap_or_default();
    let mut settable = Vec::new();
    for p in &create_params {
        if let Some(top) = target(&fields, &p.name).and_then(|t| t.into_iter().next()) {
            let default = defaults.get(&top).cloned().unwrap_or(Value::Null);
            blank.insert(top.clone(), default);
            settable.push(top);
        }
    }
    let structural = |f: &str| {
        id_field.as_deref() == Some(f)
            || parent_fields.iter().flatten().any(|p| p == f)
            || f == "account_sid"
    };
    let mut fresh_sids: Vec<(String, String)> = fields
        .iter()
        .filter(|(f, _)| !structural(f) && !settable.contains(f))
        .filter(|(f, _)| template.get(*f).is_some_and(Value::is_string))
        .filter_map(|(f, ty)| match ty {
            Ty::Str(r) => Some((f.clone(), r.sid_prefix.clone()?)),
            _ => None,
        })
        .collect();
    fresh_sids.sort();
    // Defaults of fields the example leaves out.
    for (k, v) in &defaults {
        blank.entry(k.clone()).or_insert_with(|| v.clone());
    }

    Resource {
        id,
        name: coll_template,
        title,
        singleton,
        instance_path: instance.map(|(p, _)| p.to_string()),
        parent: None,
        children: Vec::new(),
        parent_fields,
        id_field,
        id_gen,
        list_key,
        paging,
        fields,
        template,
        blank,
        defaults,
        fresh_sids,
        subst,
        implicit_children: Vec::new(),
        has_create: collection.is_some_and(|(_, it)| it.get("post").is_some()),
        addressable: !singleton && collection.is_none() && instance.is_some(),
        state_reference: fetch
            .and_then(first_example)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
    }
}

/// `SM` + 32 hex digits.
fn looks_like_sid(s: &str) -> bool {
    s.len() == 34
        && s.as_bytes()[..2].iter().all(u8::is_ascii_uppercase)
        && s.as_bytes()[2..].iter().all(u8::is_ascii_hexdigit)
}

/// An example value as the schema types it: Twilio's examples write some numbers as
/// strings (a price `"-0.0025"` where the schema says `number`) and some strings as numbers;
/// a record built from them must decode into the response type. Walks objects and arrays
/// (`$ref`s followed); values that don't convert become `null`.
fn coerce(ctx: &Ctx<'_>, schema: &Value, v: &mut Value, depth: usize) {
    if depth > 16 {
        return;
    }
    let schema = ctx.resolve(schema);
    let ty = schema.get("type").and_then(Value::as_str);
    match (ty, &mut *v) {
        (_, Value::Null) => {}
        (Some("number"), Value::String(s)) => {
            *v = s
                .trim()
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or(Value::Null, Value::Number);
        }
        (Some("integer"), Value::String(s)) => {
            *v = s.trim().parse::<i64>().map_or(Value::Null, Value::from);
        }
        (Some("integer"), Value::Number(n)) if !(n.is_i64() || n.is_u64()) => {
            *v = n.as_f64().map_or(Value::Null, |f| Value::from(f as i64));
        }
        (Some("boolean"), Value::String(s)) => {
            *v = match s.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::Null,
            };
        }
        (Some("string"), Value::Number(_) | Value::Bool(_)) => *v = Value::String(v.to_string()),
        (_, Value::Array(items)) => {
            if let Some(item) = schema.get("items") {
                for x in items {
                    coerce(ctx, item, x, depth + 1);
                }
            }
        }
        (_, Value::Object(m)) => {
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                for (k, x) in m.iter_mut() {
                    if let Some(ps) = props.get(k) {
                        coerce(ctx, ps, x, depth + 1);
                    }
                }
            }
        }
        _ => {}
    }
}

/// The field holding a record's own id.
fn id_field(
    fields: &HashMap<String, Ty>,
    template: &Map<String, Value>,
    instance: Option<(&String, &Value)>,
    parent_fields: &[Option<String>],
    list_key: Option<&str>,
) -> Option<String> {
    let from_instance = instance
        .and_then(|(p, _)| path_param_names(p).last().map(|n| snake(n)))
        .filter(|f| fields.contains_key(f));
    let is_parent = |f: &str| parent_fields.iter().flatten().any(|p| p == f);
    // No instance path: the example's `url` ends with the record's own id
    // (`/v1/Insights/Segments/<segment_id>`); else `<singular list key>_id`.
    let from_url = template
        .get("url")
        .and_then(Value::as_str)
        .and_then(|u| u.rsplit('/').next())
        .and_then(|last| {
            let mut names: Vec<&String> = template.keys().collect();
            names.sort();
            names
                .into_iter()
                .find(|k| {
                    *k != "account_sid"
                        && !is_parent(k)
                        && template.get(*k).and_then(Value::as_str) == Some(last)
                })
                .cloned()
        });
    let from_key = list_key.and_then(|k| {
        let one = k.strip_suffix('s').unwrap_or(k);
        [format!("{one}_sid"), format!("{one}_id")]
            .into_iter()
            .find(|f| fields.contains_key(f))
    });
    from_instance
        .or_else(|| fields.contains_key("sid").then(|| "sid".to_string()))
        .or(from_url)
        .or(from_key)
        // SCIM records (`/Organizations/{OrganizationSid}/scim/Users/{UserSid}`) call it `id`.
        .or_else(|| fields.contains_key("id").then(|| "id".to_string()))
        .or_else(|| {
            let mut names: Vec<&String> = fields.keys().collect();
            names.sort();
            names
                .into_iter()
                .find(|f| {
                    f.ends_with("_sid")
                        && *f != "account_sid"
                        && !is_parent(f)
                        && matches!(fields.get(*f), Some(Ty::Str(r)) if r.sid_prefix.is_some())
                })
                .cloned()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case() {
        assert_eq!(snake("FriendlyName"), "friendly_name");
        assert_eq!(snake("FlexFlowSid"), "flex_flow_sid");
        assert_eq!(snake("UiVersion"), "ui_version");
        assert_eq!(snake("AllowNa"), "allow_na");
        assert_eq!(snake("Sid"), "sid");
    }

    #[test]
    fn json_suffixed_paths_have_the_shape_of_their_collection() {
        assert_eq!(
            shape("/2010-04-01/Accounts/{AccountSid}/Calls.json"),
            "/2010-04-01/Accounts/*/Calls"
        );
        assert_eq!(
            shape("/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json"),
            "/2010-04-01/Accounts/*/Calls/*"
        );
        assert_eq!(param_segment("{Sid}.json"), Some(("Sid", ".json")));
        assert_eq!(param_segment("{Sid}"), Some(("Sid", "")));
        assert_eq!(param_segment("Calls.json"), None);
        assert_eq!(
            path_param_names("/A/{AccountSid}/Calls/{Sid}.json"),
            ["AccountSid", "Sid"]
        );
    }

    #[test]
    fn titles_come_from_schema_names() {
        assert_eq!(title_of("flex.v1.plugin.plugin_version"), "Plugin Version");
        assert_eq!(title_of("taskrouter.v1.workspace"), "Workspace");
    }

    #[test]
    fn close_matches_are_by_edit_distance_ignoring_case() {
        assert_eq!(distance("createflexflows", "createflexflow"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
