//! Everything the mock knows about the API, derived once from the spec the client was
//! generated from, through the spec model (`twilio_spec`): the same fix-ups,
//! operation names, parameter and field types (SIDs, enums, ranges, lengths) and naming as
//! the generated client. On top of it, the mock's own part: routes, resources (collections,
//! singletons) and per-resource record templates.
//!
//! Nothing here is written per resource: the classification below works on
//! the *shape* of the paths (literal segments vs `{Param}` segments) and on
//! the schemas/examples the spec attaches to each operation.

use std::collections::HashMap;
use std::sync::OnceLock;

use http::Method;
use serde_json::{Map, Value};

use super::MockError;

const SPEC_YAML: &str = include_str!(env!("TWILIO_FLEX_SPEC_PATH"));

/// The Flex product's declarations, as the client was generated with them.
mod declarations {
    include!(concat!(env!("CARGO_MANIFEST_DIR"), "/declarations.rs"));
}

/// Host used by the spec's examples; rewritten to the mock's own URL.
pub(crate) const EXAMPLE_HOST: &str = "https://flex-api.twilio.com";

/// The parsed spec, shared by every server in the process.
pub(crate) fn spec() -> Result<&'static Spec, MockError> {
    static SPEC: OnceLock<Result<Spec, String>> = OnceLock::new();
    SPEC.get_or_init(|| Spec::parse(SPEC_YAML))
        .as_ref()
        .map_err(|e| MockError::Spec(e.clone()))
}

/// Value type of a parameter or response property: the generator's.
pub(crate) use twilio_spec::model::{StrRule, ValueType as Ty};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpKind {
    List,
    Create,
    Fetch,
    Update,
    Delete,
    /// `POST .../{Sid}/Archive` style: a state change on an instance.
    Action,
    SingletonFetch,
    SingletonUpdate,
}

impl OpKind {
    /// Whether a successful call changes state (counted in `applied`).
    pub(crate) fn mutates(self) -> bool {
        matches!(
            self,
            OpKind::Create
                | OpKind::Update
                | OpKind::Delete
                | OpKind::Action
                | OpKind::SingletonUpdate
        )
    }
}

#[derive(Debug)]
pub(crate) struct Operation {
    pub id: String,
    pub kind: OpKind,
    pub resource: usize,
    /// Path parameters in the order they appear in the path.
    pub path_params: Vec<Param>,
    pub query: Vec<Param>,
    pub body: Option<BodyRule>,
    /// Success status documented by the spec (200, 201, 204).
    pub status: u16,
    /// Properties of the operation's own response schema (actions answer
    /// with a narrower schema than the resource's).
    pub response_fields: Option<Vec<String>>,
    /// For actions: state fields the spec's example shows changed.
    pub action_overlay: Map<String, Value>,
    /// A body the product declares as the writable part of a schema (the Configuration
    /// update): served as Twilio does, see `configuration.rs`.
    pub declared: Option<twilio_spec::fixups::BodyUse>,
}

/// How fresh identifiers of a resource look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum IdGen {
    Sid(String),
    Uuid,
    Hex,
}

/// A template example value and what replaces it in a concrete record.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Subst {
    Id,
    Parent(usize),
    Account,
}

#[derive(Debug)]
pub(crate) struct Resource {
    /// Collection path template (or the singleton's path).
    pub name: String,
    pub singleton: bool,
    pub instance_path: Option<String>,
    /// Parent resource whose instance path is this collection's prefix.
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Record field for each parent path parameter, if the schema has it.
    pub parent_fields: Vec<Option<String>>,
    pub id_field: Option<String>,
    pub id_gen: IdGen,
    /// Key of the item array in list responses (`flex_flows`).
    pub list_key: Option<String>,
    pub fields: HashMap<String, Ty>,
    pub template: Map<String, Value>,
    pub subst: Vec<(String, Subst)>,
    /// Nested objects whose `sid` names a child the API creates implicitly
    /// (an Interaction's `channel`): (field, child resource).
    pub implicit_children: Vec<(String, usize)>,
    pub has_create: bool,
    /// The instance as the spec's fetch example shows it; actions are
    /// described by how their example differs from it.
    state_reference: Map<String, Value>,
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
    pub resource: usize,
    pub role: Role,
    pub methods: Vec<(Method, usize)>,
}

#[derive(Debug, Default)]
struct Node {
    literal: HashMap<String, Node>,
    param: Option<Box<Node>>,
    entry: Option<usize>,
}

#[derive(Debug)]
pub(crate) struct Spec {
    pub ops: Vec<Operation>,
    pub resources: Vec<Resource>,
    pub routes: Vec<RouteEntry>,
    pub op_index: HashMap<String, usize>,
    root: Node,
}

/// `FriendlyName` → `friendly_name`: the generator's naming.
pub(crate) fn snake(name: &str) -> String {
    twilio_spec::names::snake_case(name)
}

fn segments(path: &str) -> Vec<&str> {
    path.split('/').skip(1).collect()
}

fn is_param(seg: &str) -> bool {
    seg.starts_with('{') && seg.ends_with('}')
}

/// `/v1/Interactions/{Sid}/Channels` → `/v1/Interactions/*/Channels`.
fn shape(path: &str) -> String {
    let mut s = String::new();
    for seg in segments(path) {
        s.push('/');
        s.push_str(if is_param(seg) { "*" } else { seg });
    }
    s
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
        .filter(|s| is_param(s))
        .map(|s| s[1..s.len() - 1].to_string())
        .collect()
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
        best = Some((c, r.get("content").and_then(|c| c.get("application/json"))));
    }
    best
}

fn first_example(content: &Value) -> Option<&Value> {
    let ex = content.get("examples")?.as_object()?;
    ex.values().next()?.get("value")
}

/// Path classification, see [`Spec::parse`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum PathRole {
    Collection,
    Instance,
    Action,
    Singleton,
}

impl Spec {
    /// Builds the model. Classification, purely structural:
    /// * a path ending in `{Param}` is an *instance* of the collection at its prefix;
    /// * a literal-ending path is a *collection* if an instance path hangs off it or
    ///   its GET answers a paged list (`meta`); otherwise an *action* if its prefix is
    ///   an instance (`.../{Sid}/Archive`); otherwise a *singleton* (`/v1/Configuration`).
    fn parse(yaml: &str) -> Result<Spec, String> {
        let (doc, extras) = twilio_spec::fixed_spec_with(yaml, &declarations::flex_declarations())
            .map_err(|e| format!("spec: {e}"))?;
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

        let mut roles: Vec<(&String, &Value, PathRole, String)> = Vec::new();
        for (path, item) in paths {
            let sh = shape(path);
            let last_is_param = segments(path).last().is_some_and(|s| is_param(s));
            let role = if last_is_param {
                PathRole::Instance
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
                    .is_some_and(|p| p.contains_key("meta"));
                if has_instance || lists {
                    PathRole::Collection
                } else if parent_shape(&sh).is_some_and(|p| instance_shapes.iter().any(|i| i == p))
                {
                    PathRole::Action
                } else {
                    PathRole::Singleton
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
        for (_, _, role, sh) in &roles {
            let key = match role {
                PathRole::Collection | PathRole::Singleton => sh.clone(),
                PathRole::Instance => parent_shape(sh).unwrap_or("").to_string(),
                // Action → the instance → its collection.
                PathRole::Action => parent_shape(sh)
                    .and_then(parent_shape)
                    .unwrap_or("")
                    .to_string(),
            };
            path_res.push(key_of(&key, &mut resource_keys));
        }

        let mut resources = Vec::new();
        for (ri, key) in resource_keys.iter().enumerate() {
            let mine: Vec<&(&String, &Value, PathRole, String)> = roles
                .iter()
                .zip(&path_res)
                .filter(|(_, r)| **r == ri)
                .map(|(x, _)| x)
                .collect();
            let find = |role: PathRole| mine.iter().find(|x| x.2 == role).map(|x| (x.0, x.1));
            let singleton = mine.iter().any(|x| x.2 == PathRole::Singleton);
            let collection = find(PathRole::Collection);
            let instance = find(PathRole::Instance);
            let single = find(PathRole::Singleton);

            fn op_content<'a>(
                item: Option<(&'a String, &'a Value)>,
                method: &str,
            ) -> Option<&'a Value> {
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
            let list_key = list_schema
                .and_then(|s| ctx.properties(s))
                .and_then(|p| p.keys().find(|k| *k != "meta").cloned());
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
                .unwrap_or_else(|| key.clone());
            let parent_params = path_param_names(&coll_template);
            let parent_fields: Vec<Option<String>> = parent_params
                .iter()
                .map(|p| Some(snake(p)).filter(|f| fields.contains_key(f)))
                .collect();

            let id_field = if singleton {
                None
            } else {
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
                let from_key = list_key.as_ref().and_then(|k| {
                    let one = k.strip_suffix('s').unwrap_or(k);
                    [format!("{one}_sid"), format!("{one}_id")]
                        .into_iter()
                        .find(|f| fields.contains_key(f))
                });
                from_instance
                    .or_else(|| fields.contains_key("sid").then(|| "sid".to_string()))
                    .or(from_url)
                    .or(from_key)
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
            };
            let id_gen = match id_field.as_ref().and_then(|f| fields.get(f)) {
                Some(Ty::Str(StrRule {
                    sid_prefix: Some(p),
                    ..
                })) => IdGen::Sid(p.clone()),
                _ => match id_field
                    .as_ref()
                    .and_then(|f| template.get(f))
                    .and_then(Value::as_str)
                {
                    Some(s) if s.len() == 36 && s.matches('-').count() == 4 => IdGen::Uuid,
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

            resources.push(Resource {
                name: coll_template,
                singleton,
                instance_path: instance.map(|(p, _)| p.to_string()),
                parent: None,
                children: Vec::new(),
                parent_fields,
                id_field,
                id_gen,
                list_key,
                fields,
                template,
                subst,
                implicit_children: Vec::new(),
                has_create: collection.is_some_and(|(_, it)| it.get("post").is_some()),
                state_reference: fetch
                    .and_then(first_example)
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default(),
            });
        }

        // Parent links: the resource whose instance shape is our collection's prefix.
        for ri in 0..resources.len() {
            let Some(ps) = parent_shape(&resource_keys[ri]).map(str::to_string) else {
                continue;
            };
            let parent = resources.iter().position(|r| {
                r.instance_path.as_deref().map(shape).as_deref() == Some(ps.as_str())
            });
            if let Some(p) = parent {
                resources[ri].parent = Some(p);
                resources[p].children.push(ri);
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
                    let child = &resources[c];
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
            let route_role = match role {
                PathRole::Collection => Role::Collection,
                PathRole::Instance => Role::Instance,
                PathRole::Action => Role::Action,
                PathRole::Singleton => Role::Singleton,
            };
            let mut methods = Vec::new();
            for (mname, method) in [
                ("get", Method::GET),
                ("post", Method::POST),
                ("delete", Method::DELETE),
            ] {
                let Some(op) = item.get(mname) else { continue };
                let kind = match (role, mname) {
                    (PathRole::Collection, "get") => OpKind::List,
                    (PathRole::Collection, "post") => OpKind::Create,
                    (PathRole::Instance, "get") => OpKind::Fetch,
                    (PathRole::Instance, "post") => OpKind::Update,
                    (PathRole::Instance, "delete") => OpKind::Delete,
                    (PathRole::Action, "post") => OpKind::Action,
                    (PathRole::Singleton, "get") => OpKind::SingletonFetch,
                    (PathRole::Singleton, "post") => OpKind::SingletonUpdate,
                    _ => continue,
                };
                let Some(generated) = model.get(&(path.to_string(), mname.to_string())) else {
                    continue;
                };
                let id = generated.operation_id.clone();
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
                let body = generated.body.as_ref().map(|b| BodyRule {
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
                });
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
                methods.push((method, ops.len()));
                ops.push(Operation {
                    id,
                    kind,
                    resource: ri,
                    path_params,
                    query,
                    body,
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
                resource: ri,
                role: route_role,
                methods,
            });
            let mut node = &mut root;
            for seg in segments(path) {
                node = if is_param(seg) {
                    node.param.get_or_insert_with(Box::default)
                } else {
                    node.literal.entry(seg.to_string()).or_default()
                };
            }
            node.entry = Some(entry);
        }
        let op_index = ops
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.clone(), i))
            .collect();
        Ok(Spec {
            ops,
            resources,
            routes,
            op_index,
            root,
        })
    }

    /// Matches a concrete request path; returns the route entry and the
    /// path parameter values in order. Literal segments win over parameters
    /// (`/Assessments/Comments` vs `/Assessments/{AssessmentSid}`).
    pub(crate) fn match_path<'p>(&self, path: &'p str) -> Option<(usize, Vec<&'p str>)> {
        fn walk<'p>(node: &Node, segs: &[&'p str], out: &mut Vec<&'p str>) -> Option<usize> {
            let Some((first, rest)) = segs.split_first() else {
                return node.entry;
            };
            if let Some(n) = node.literal.get(*first)
                && let Some(e) = walk(n, rest, out)
            {
                return Some(e);
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
        let segs: Vec<&str> = rest.split('/').collect();
        let mut out = Vec::with_capacity(3);
        walk(&self.root, &segs, &mut out).map(|e| (e, out))
    }

    /// Resolves a fault/counter route selector: an operation id, or
    /// `"METHOD /path"` with either the spec template or a concrete path.
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
    fn model_is_derived() {
        let spec = spec().expect("spec parses");
        assert_eq!(spec.ops.len(), 73);
        let ff = &spec.resources[spec.ops[spec.op_index["CreateFlexFlow"]].resource];
        assert_eq!(ff.id_gen, IdGen::Sid("FO".into()));
        assert_eq!(ff.list_key.as_deref(), Some("flex_flows"));
        let ch = &spec.resources[spec.ops[spec.op_index["FetchInteractionChannel"]].resource];
        assert_eq!(ch.id_gen, IdGen::Sid("UO".into()));
        let inter = &spec.resources[spec.ops[spec.op_index["CreateInteraction"]].resource];
        assert_eq!(inter.implicit_children.len(), 1);
        let arch = &spec.ops[spec.op_index["UpdatePluginArchive"]];
        assert_eq!(arch.kind, OpKind::Action);
        assert_eq!(
            arch.action_overlay.get("archived"),
            Some(&Value::Bool(true))
        );
        assert_eq!(arch.action_overlay.len(), 1);
        let conf = &spec.ops[spec.op_index["UpdateConfiguration"]];
        assert_eq!(conf.kind, OpKind::SingletonUpdate);
        let declared = conf
            .declared
            .as_ref()
            .expect("the declared Configuration body");
        assert_eq!(declared.account_sid_key.as_deref(), Some("account_sid"));
        assert!(declared.read_only.iter().any(|p| p == "date_updated"));
        assert!(declared.writable.iter().any(|p| p == "ui_attributes"));
        let comments = &spec.ops[spec.op_index["ListInsightsAssessmentsComment"]];
        assert_eq!(comments.kind, OpKind::List);
        let (e, params) = spec
            .match_path("/v1/Insights/QualityManagement/Assessments/Comments")
            .unwrap();
        assert!(params.is_empty());
        assert_eq!(spec.routes[e].role, Role::Collection);
        let seg = &spec.resources[spec.ops[spec.op_index["ListInsightsSegments"]].resource];
        assert_eq!(seg.id_field.as_deref(), Some("segment_id"));
        assert_eq!(seg.id_gen, IdGen::Uuid);
    }
}
