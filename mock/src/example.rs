//! A request the spec allows, for any operation: its path with records that exist (each
//! parent and, for an instance, the record itself seeded first), its required query and body
//! parameters with values their types accept. What a check of "every operation answers" sends
//! (`GET /__mock/example?operation=ID` in the admin API).

use serde_json::{Map, Value};

use crate::model::{BodyKind, OpKind, Param, Ty};
use crate::{MockError, Server};

/// A request [`Server::example_request`] built for one operation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ExampleRequest {
    /// The HTTP method.
    pub method: String,
    /// The concrete path, `/v1/Services/IS…/Roles/RL…`.
    pub path: String,
    /// The query string (without `?`), empty for none.
    pub query: String,
    /// `application/x-www-form-urlencoded` or `application/json`; `None` without a body.
    pub content_type: Option<String>,
    /// The body, empty for none.
    pub body: String,
}

impl Server {
    /// Builds a request for `operation` (an operationId or `"METHOD /path"`) that the server
    /// answers with the spec's success status: the records its path names are created first
    /// (as [`seed`](Self::seed) creates them), and every required parameter gets a value its
    /// type accepts (an enum's first value, a SID with its prefix, a number in range).
    pub fn example_request(&self, operation: &str) -> Result<ExampleRequest, MockError> {
        let model = self.model();
        let oi = model
            .resolve_selector(operation)
            .ok_or_else(|| MockError::UnknownRoute(operation.to_string()))?;
        let op = &model.ops[oi];
        let res = &model.resources[op.resource.0];
        // The records the path names, root first: the parents, and for an instance the record.
        let mut chain = Vec::new();
        if matches!(
            op.kind,
            OpKind::Fetch | OpKind::Update | OpKind::Delete | OpKind::Action
        ) {
            chain.push(res.id);
        }
        let mut parent = res.parent;
        while let Some(p) = parent {
            chain.push(p);
            parent = model.resources[p.0].parent;
        }
        chain.reverse();
        let mut ids: Vec<String> = Vec::new();
        for level in chain {
            let level = &model.resources[level.0];
            if level.singleton {
                break;
            }
            // Any id names a record of a resource addressed only by its instance path.
            if level.addressable {
                let at = level
                    .instance_path
                    .as_deref()
                    .map_or(0, |p| p.matches('{').count());
                while ids.len() < at {
                    match op.path_params.get(ids.len()) {
                        Some(p) => ids.push(text(&p.ty)),
                        None => break,
                    }
                }
                continue;
            }
            // Parameters before this level's own that no resource stands for
            // (`/Organizations/{OrganizationSid}/scim/Users` with no Organizations).
            let before = level.name.matches('{').count();
            while ids.len() < before {
                match op.path_params.get(ids.len()) {
                    Some(p) => ids.push(text(&p.ty)),
                    None => break,
                }
            }
            let values: Vec<&str> = ids.iter().map(String::as_str).collect();
            let collection = fill_params(&level.name, &values);
            let Some(param) = op.path_params.get(ids.len()) else {
                break;
            };
            let Ok(Some(id)) = self.seed(&collection, 1).map(|mut s| s.pop()) else {
                break;
            };
            // The operation's own parameter may type the id more narrowly than the
            // resource's records do (an enum, another SID prefix): a record with an id it
            // accepts.
            let accepted = matches!(param.ty, Ty::Any)
                || crate::validate::check_value(&param.name, &id, &param.ty).is_ok();
            if accepted {
                ids.push(id);
                continue;
            }
            let wanted = fresh(&param.ty);
            let fields = match level.id_field.as_deref() {
                Some(f) => serde_json::json!({ f: wanted.clone() }),
                None => Value::Null,
            };
            let made = self.seed_with(&collection, 1, |_| fields.clone());
            if made.is_err() && self.get(&format!("{collection}/{wanted}")).is_none() {
                break;
            }
            ids.push(wanted);
        }
        // Path parameters no record stands for get a value of their type.
        for p in op.path_params.iter().skip(ids.len()) {
            ids.push(text(&p.ty));
        }
        let values: Vec<&str> = ids.iter().map(String::as_str).collect();
        let path = fill_params(&op.path, &values);

        let query = form(op.query.iter().filter(|p| p.required));
        let (content_type, body) = match &op.body {
            None => (None, String::new()),
            Some(b) => {
                let required = b.params.iter().filter(|p| p.required);
                match b.kind {
                    BodyKind::Form => (
                        Some("application/x-www-form-urlencoded".to_string()),
                        form(required),
                    ),
                    BodyKind::Json => {
                        let mut obj: Map<String, Value> =
                            required.map(|p| (p.name.clone(), json(&p.ty))).collect();
                        // A declared body naming the account must carry the server's.
                        if let Some(key) = op
                            .declared
                            .as_ref()
                            .and_then(|d| d.account_sid_key.as_ref())
                        {
                            obj.insert(key.clone(), Value::String(self.account_sid().to_string()));
                        }
                        (
                            Some("application/json".to_string()),
                            Value::Object(obj).to_string(),
                        )
                    }
                }
            }
        };
        Ok(ExampleRequest {
            method: op.method.to_string(),
            path,
            query,
            content_type,
            body,
        })
    }
}

/// Replaces each `{Param}` of a template in order, also inside a segment (`{Sid}.json`).
fn fill_params(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 40);
    let mut rest = template;
    let mut values = values.iter();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(values.next().copied().unwrap_or_default());
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// A value of `ty` for a new record's id: a SID with a fresh random part.
fn fresh(ty: &Ty) -> String {
    match ty {
        Ty::Str(rule) if rule.enum_values.is_none() && rule.sid_prefix.is_some() => {
            let prefix = rule.sid_prefix.as_deref().unwrap_or_default();
            format!("{prefix}{:032x}", fastrand::u128(..))
        }
        _ => text(ty),
    }
}

fn form<'a>(params: impl Iterator<Item = &'a Param>) -> String {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    for p in params {
        ser.append_pair(&p.name, &text(&p.ty));
    }
    ser.finish()
}

/// A value of `ty` as a form or path parameter carries it.
fn text(ty: &Ty) -> String {
    match ty {
        Ty::Str(rule) => {
            if let Some(v) = rule.enum_values.as_ref().and_then(|v| v.first()) {
                return v.clone();
            }
            if let Some(prefix) = &rule.sid_prefix {
                return format!("{prefix}{}", "0".repeat(32));
            }
            let want = rule.min_len.unwrap_or(0).max(7);
            let want = rule.max_len.map_or(want, |m| want.min(m));
            "example".chars().cycle().take(want).collect()
        }
        Ty::Int { min, max } => {
            let n = min.unwrap_or(1).max(1);
            max.map_or(n, |m| n.min(m)).to_string()
        }
        Ty::Num { min, max } => {
            let n = min.unwrap_or(1.0).max(1.0);
            max.map_or(n, |m| n.min(m)).to_string()
        }
        Ty::Bool => "true".into(),
        Ty::Array(item) => text(item),
        Ty::Object => "{}".into(),
        Ty::Any => "example".into(),
    }
}

/// A value of `ty` in a JSON body.
fn json(ty: &Ty) -> Value {
    match ty {
        Ty::Str(_) | Ty::Any => Value::String(text(ty)),
        Ty::Int { .. } => text(ty).parse::<i64>().map_or(Value::Null, Value::from),
        Ty::Num { .. } => text(ty).parse::<f64>().map_or(Value::Null, Value::from),
        Ty::Bool => Value::Bool(true),
        Ty::Array(item) => Value::Array(vec![json(item)]),
        Ty::Object => Value::Object(Map::new()),
    }
}
