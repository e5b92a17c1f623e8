//! Request handling: route → hooks → faults → auth → validation → operation (with the
//! product's rules around creates and updates).

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::response::Response;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use serde_json::{Map, Value};

use crate::faults::{Faults, Terminal};
use crate::hooks::Hooks;
use crate::model::{BodyKind, IdGen, Model, OpKind, Paging, Resource, Ty, snake};
use crate::net::ConnHandle;
use crate::record::{self, Baseline, Place, now, overlay, render, touch};
use crate::rules::{self, Next, Rules, Stored};
use crate::store::{Cursor, PageOut, Store};
use crate::validate::{
    ApiError, Field, check_json, check_pairs, check_str, check_value, parse_pairs,
};

/// Bodies above this are refused (Twilio's own limits are far lower).
const MAX_BODY: usize = 4 << 20;
const DEFAULT_PAGE_SIZE: usize = 50;

/// Per-operation counters.
#[derive(Default)]
pub(crate) struct OpCounters {
    pub requests: Striped,
    pub applied: Striped,
}

/// A counter every server thread adds to, one cache line per stripe: with one shared
/// `AtomicU64`, two threads counting fetches of the same operation take turns owning its
/// cache line on every request, a contended read-modify-write that a server answering in a
/// few microseconds notices (issue 24 measures the fetch path against a bare axum floor).
#[derive(Default)]
pub(crate) struct Striped([Stripe; STRIPES]);

const STRIPES: usize = 4;

/// One stripe: 128 bytes, so neighbours never share a line (two with adjacent-line prefetch).
#[derive(Default)]
#[repr(align(128))]
struct Stripe(AtomicU64);

impl Striped {
    /// Adds one, to the calling thread's stripe.
    pub(crate) fn add(&self) {
        thread_local! {
            static STRIPE: usize = {
                static NEXT: AtomicUsize = AtomicUsize::new(0);
                NEXT.fetch_add(1, Ordering::Relaxed) % STRIPES
            };
        }
        let i = STRIPE.with(|s| *s);
        if let Some(s) = self.0.get(i) {
            s.0.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The sum over the stripes.
    pub(crate) fn load(&self) -> u64 {
        self.0.iter().map(|s| s.0.load(Ordering::Relaxed)).sum()
    }

    /// Back to zero.
    pub(crate) fn reset(&self) {
        self.0.iter().for_each(|s| s.0.store(0, Ordering::Relaxed));
    }
}

/// State shared by the server task and the [`Server`](crate::Server) handle.
pub(crate) struct Shared {
    pub model: Arc<Model>,
    pub rules: Box<dyn Rules>,
    /// Per resource: whether it lists newest first (the rules' answer, asked once).
    pub newest_first: Vec<bool>,
    pub base: String,
    pub account: String,
    /// Expected `Authorization` header value.
    pub auth: String,
    /// Whether any credentials (or none) are accepted.
    pub any_credentials: bool,
    /// Whether the admin API is served.
    pub admin: bool,
    /// The access log, called once per request.
    pub log: Option<RequestLog>,
    pub store: Store,
    pub faults: Faults,
    pub hooks: Hooks,
    pub counters: Vec<OpCounters>,
    /// Requests that matched no operation.
    pub unmatched: AtomicU64,
    pub ids: Mutex<fastrand::Rng>,
}

/// The access log's callback.
pub(crate) type RequestLog = Arc<dyn Fn(&RequestLine<'_>) + Send + Sync>;

/// One answered request, as [`ServerBuilder::on_request`](crate::ServerBuilder::on_request)
/// sees it.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct RequestLine<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The path, without the query string.
    pub path: &'a str,
    /// The spec's operationId it was routed to; `None` for no route (and the admin API).
    pub operation: Option<&'a str>,
    /// The status answered; `None` when a fault dropped the connection instead (a lost
    /// answer).
    pub status: Option<u16>,
    /// Whether an injected fault changed the answer.
    pub fault: bool,
}

/// A response before it becomes an HTTP response (faults may rewrite it).
pub(crate) struct Reply {
    pub status: u16,
    pub body: Bytes,
    pub retry_after: Option<u64>,
}

impl From<ApiError> for Reply {
    fn from(e: ApiError) -> Self {
        Reply {
            status: e.status,
            body: e.body(),
            retry_after: None,
        }
    }
}

impl Reply {
    pub(crate) fn json(status: u16, body: Bytes) -> Self {
        Reply {
            status,
            body,
            retry_after: None,
        }
    }

    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let empty = self.body.is_empty();
        let mut resp = Response::new(Body::from(self.body));
        *resp.status_mut() = status;
        let h = resp.headers_mut();
        if !empty {
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        }
        if let Some(s) = self.retry_after {
            h.insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        if status == StatusCode::UNAUTHORIZED {
            h.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"Twilio API\""),
            );
        }
        resp
    }
}

pub(crate) fn to_json(m: &Map<String, Value>) -> Bytes {
    // Serializing a Map of Values cannot fail.
    Bytes::from(serde_json::to_vec(m).unwrap_or_default())
}

fn parse_record(b: &[u8]) -> Map<String, Value> {
    serde_json::from_slice(b).unwrap_or_default()
}

/// The axum entry point: every request lands here.
pub(crate) async fn handle(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnHandle>,
    req: Request,
) -> Response {
    if shared.admin && req.uri().path().starts_with(crate::Server::ADMIN_PREFIX) {
        let method = req.method().clone();
        let path = req.uri().path().to_string();
        let resp = crate::admin::handle(shared.clone(), req).await;
        if let Some(log) = &shared.log {
            log(&RequestLine {
                method: method.as_str(),
                path: &path,
                operation: None,
                status: Some(resp.status().as_u16()),
                fault: false,
            });
        }
        return resp;
    }
    let Some(log) = shared.log.clone() else {
        return serve(&shared, &conn, req).await.0;
    };
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let (resp, op, fault) = serve(&shared, &conn, req).await;
    log(&RequestLine {
        method: method.as_str(),
        path: &path,
        operation: op
            .and_then(|o| shared.model.ops.get(o))
            .map(|o| o.id.as_str()),
        status: (!conn.killed()).then(|| resp.status().as_u16()),
        fault,
    });
    resp
}

/// One API request: its answer, the operation it was routed to, whether a fault fired.
async fn serve(
    shared: &Shared,
    conn: &ConnHandle,
    req: Request,
) -> (Response, Option<usize>, bool) {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path();
    let spec = &*shared.model;
    let matched = spec.match_path(path);
    let op = matched.as_ref().and_then(|(e, _)| {
        spec.routes
            .get(*e)?
            .methods
            .iter()
            .find(|(m, _)| *m == parts.method)
            .map(|x| x.1)
    });
    match op.and_then(|o| shared.counters.get(o)) {
        Some(c) => c.requests.add(),
        None => {
            shared.unmatched.fetch_add(1, Ordering::Relaxed);
        }
    }

    for hook in shared.hooks.fire(op) {
        let Some(run) = hook.0 else { continue };
        // On its own task: a panic in the test's code answers 500 instead of dropping the
        // connection, and a client that gives up doesn't cancel it half-way.
        if let Err(e) = tokio::spawn(run).await {
            tracing::debug!(target: "twilio_mock", method = %parts.method, path, error = %e, "mock hook failed");
            let reply = Reply::from(ApiError::new(
                500,
                20500,
                format!("A mock hook failed: {e}"),
            ));
            return (reply.into_response(), op, false);
        }
    }

    let decision = shared.faults.decide(op);
    if let Some(d) = &decision {
        if !d.latency.is_zero() {
            tokio::time::sleep(d.latency).await;
        }
        if let Some(t) = &d.before {
            tracing::debug!(target: "twilio_mock", method = %parts.method, path, fault = ?t, "mock fault");
            return (terminal(t, None, conn), op, true);
        }
    }

    let reply = if !shared.any_credentials && !shared.authorized(&parts.headers) {
        ApiError::unauthorized().into()
    } else {
        match (matched, op) {
            (None, _) => ApiError::not_found(path).into(),
            (Some(_), None) => ApiError::method_not_allowed(parts.method.as_str(), path).into(),
            (Some((_, params)), Some(op)) => match read_body(body).await {
                Err(_) => ApiError::invalid("Request body is unreadable or too large").into(),
                Ok(bytes) => match shared.execute(op, &params, path, parts.uri.query(), &bytes) {
                    Ok(r) => {
                        if spec.ops.get(op).is_some_and(|o| o.kind.mutates())
                            && let Some(c) = shared.counters.get(op)
                        {
                            c.applied.add();
                        }
                        r
                    }
                    Err(e) => e.into(),
                },
            },
        }
    };
    let fault = decision.as_ref().and_then(|d| d.after.as_ref());
    tracing::debug!(
        target: "twilio_mock",
        method = %parts.method,
        path,
        operation = op.and_then(|o| spec.ops.get(o)).map(|o| o.id.as_str()),
        status = reply.status,
        fault = ?fault,
        "mock request"
    );
    match fault {
        Some(t) => (terminal(t, Some(reply), conn), op, true),
        None => (reply.into_response(), op, decision.is_some()),
    }
}

/// The request body, at most [`MAX_BODY`]; a body known to be empty (a GET's) is not polled.
async fn read_body(body: Body) -> Result<Bytes, axum::Error> {
    if axum::body::HttpBody::size_hint(&body).exact() == Some(0) {
        return Ok(Bytes::new());
    }
    axum::body::to_bytes(body, MAX_BODY).await
}

fn terminal(t: &Terminal, reply: Option<Reply>, conn: &ConnHandle) -> Response {
    match t {
        Terminal::Status { code, retry_after } => {
            let reason = StatusCode::from_u16(*code)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("Injected fault");
            let mut r = Reply::from(ApiError::new(*code, 20000 + u32::from(*code), reason));
            r.retry_after = *retry_after;
            r.into_response()
        }
        Terminal::Reset => {
            // The connection errors out before hyper writes this response.
            conn.kill();
            Reply::json(500, Bytes::new()).into_response()
        }
        Terminal::Malformed => {
            let full = reply
                .map(|r| r.body)
                .filter(|b| b.len() > 2)
                .unwrap_or_else(|| Bytes::from_static(b"{\"sid\": \""));
            // Any strict prefix of a JSON object is invalid JSON.
            Reply::json(200, full.slice(..full.len() / 2)).into_response()
        }
    }
}

impl Shared {
    fn authorized(&self, headers: &HeaderMap) -> bool {
        let Some(v) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
        else {
            return false;
        };
        let v = v.trim();
        match v.split_once(' ') {
            Some((scheme, cred)) => {
                scheme.eq_ignore_ascii_case("basic")
                    && self
                        .auth
                        .split_once(' ')
                        .is_some_and(|(_, want)| want == cred.trim())
            }
            None => false,
        }
    }

    /// A fresh identifier for a record of `res`.
    pub(crate) fn new_id(&self, res: &Resource) -> String {
        let mut rng = self.ids.lock().unwrap_or_else(PoisonError::into_inner);
        gen_id(&mut rng, &res.id_gen)
    }

    pub(crate) fn place(&self) -> Place<'_> {
        Place {
            base: &self.base,
            host: &self.model.example_host,
            account: &self.account,
        }
    }

    fn check_parent(&self, res: &Resource, parents: &[String], path: &str) -> Result<(), ApiError> {
        if let (Some(p), Some((pid, pp))) = (res.parent, parents.split_last())
            && !self.model.resources.get(p.0).is_some_and(|r| r.addressable)
            && !self.store.exists(p.0, pp, pid)
        {
            return Err(ApiError::not_found(path));
        }
        Ok(())
    }

    /// Builds a new record (and any children the API creates with it) and
    /// stores it. Returns the stored JSON.
    pub(crate) fn create(
        &self,
        ri: usize,
        parents: &[String],
        fields: &[Field],
        extra: Option<Map<String, Value>>,
        now: &str,
        baseline: Baseline,
    ) -> Result<(String, Bytes), ApiError> {
        let res = self
            .model
            .resources
            .get(ri)
            .ok_or_else(|| ApiError::new(500, 20500, "unknown resource"))?;
        // Fields given with their own id (`insert(path, json!({"plugin_sid": "FP…"}))`) key
        // the record by it: otherwise the record would claim one id and be stored under another.
        let wanted = res
            .id_field
            .as_deref()
            .and_then(|f| extra.as_ref()?.get(f)?.as_str())
            .map(str::to_string);
        for _ in 0..8 {
            let id = wanted.clone().unwrap_or_else(|| self.new_id(res));
            if self.store.exists(ri, parents, &id) {
                if wanted.is_some() {
                    return Err(ApiError::invalid(format!("{id} already exists")));
                }
                continue;
            }
            let mut rec = render(res, self.place(), baseline, Some(&id), parents, now);
            if baseline == Baseline::Request {
                // One fresh SID per example SID: two fields showing the same one still agree.
                let mut fresh: Vec<(Value, String)> = Vec::new();
                for (field, prefix) in &res.fresh_sids {
                    let Some(example) = rec.get(field).cloned() else {
                        continue;
                    };
                    let sid = match fresh.iter().find(|(e, _)| *e == example) {
                        Some((_, sid)) => sid.clone(),
                        None => {
                            let mut rng = self.ids.lock().unwrap_or_else(PoisonError::into_inner);
                            let sid = gen_id(&mut rng, &IdGen::Sid(prefix.clone()));
                            fresh.push((example, sid.clone()));
                            sid
                        }
                    };
                    rec.insert(field.clone(), Value::String(sid));
                }
            }
            overlay(res, &mut rec, fields);
            if let Some(extra) = extra.clone() {
                for (k, v) in extra {
                    record::merge(rec.entry(k).or_insert(Value::Null), v);
                }
            }
            let mut child_parents = parents.to_vec();
            child_parents.push(id.clone());
            for (field, ci) in &res.implicit_children {
                let Some(child) = self.model.resources.get(ci.0) else {
                    continue;
                };
                let cid = self.new_id(child);
                let mut crec = render(
                    child,
                    self.place(),
                    Baseline::Example,
                    Some(&cid),
                    &child_parents,
                    now,
                );
                let nested = rec.entry(field.clone()).or_insert(Value::Null);
                if !nested.is_object() {
                    *nested = Value::Object(Map::new());
                }
                if let Value::Object(n) = nested {
                    // Fields the parent's nested object shares with the child (e.g. `type`).
                    for (k, v) in n.iter() {
                        let protected = k == "sid"
                            || k == "url"
                            || child.id_field.as_deref() == Some(k.as_str())
                            || child.parent_fields.iter().flatten().any(|p| p == k);
                        if !protected && child.fields.contains_key(k) {
                            crec.insert(k.clone(), v.clone());
                        }
                    }
                    n.insert("sid".into(), Value::String(cid.clone()));
                }
                if let Some(mut g) = self.store.write(ci.0) {
                    g.entry(child_parents.clone())
                        .or_default()
                        .insert(&cid, to_json(&crec));
                }
            }
            let json = to_json(&rec);
            let mut g = self
                .store
                .write(ri)
                .ok_or_else(|| ApiError::new(500, 20500, "unknown resource"))?;
            if g.entry(parents.to_vec())
                .or_default()
                .insert(&id, json.clone())
            {
                return Ok((id, json));
            }
        }
        Err(ApiError::new(500, 20500, "could not allocate a unique SID"))
    }

    /// Removes a record and everything nested under it.
    fn delete(&self, ri: usize, parents: &[String], id: &str) -> bool {
        let removed = self
            .store
            .write(ri)
            .and_then(|mut g| g.get_mut(parents).map(|c| c.remove(id)))
            .unwrap_or(false);
        if removed {
            let mut prefix = parents.to_vec();
            prefix.push(id.to_string());
            let mut stack = self
                .model
                .resources
                .get(ri)
                .map(|r| r.children.clone())
                .unwrap_or_default();
            while let Some(c) = stack.pop() {
                self.store.remove_under(c.0, &prefix);
                if let Some(r) = self.model.resources.get(c.0) {
                    stack.extend(r.children.iter().copied());
                }
            }
        }
        removed
    }

    /// Read-modify-write of one record under the resource's write lock.
    pub(crate) fn modify(
        &self,
        ri: usize,
        parents: &[String],
        id: &str,
        f: impl FnOnce(&mut Map<String, Value>),
    ) -> Option<Map<String, Value>> {
        let mut g = self.store.write(ri)?;
        let coll = g.get_mut(parents)?;
        let mut rec = parse_record(coll.get(id)?);
        f(&mut rec);
        coll.replace(id, to_json(&rec));
        Some(rec)
    }

    pub(crate) fn execute(
        &self,
        oi: usize,
        params: &[&str],
        path: &str,
        query: Option<&str>,
        body: &[u8],
    ) -> Result<Reply, ApiError> {
        let spec = &*self.model;
        let op = spec.ops.get(oi).ok_or_else(|| ApiError::not_found(path))?;
        let ri = op.resource.0;
        let res = spec
            .resources
            .get(ri)
            .ok_or_else(|| ApiError::not_found(path))?;
        for (p, v) in op.path_params.iter().zip(params) {
            match &p.ty {
                Ty::Any => {}
                // The usual case (SIDs): checked in place, no `Value` built to be dropped.
                Ty::Str(rule) => check_str(&p.name, v, rule)?,
                ty => {
                    check_value(&p.name, v, ty)?;
                }
            }
        }
        let qpairs = parse_pairs(query.unwrap_or("").as_bytes())?;
        let qfields = check_pairs(&op.query, &qpairs, "query string")?;
        let bfields = match &op.body {
            None => Vec::new(),
            Some(b) => match b.kind {
                BodyKind::Form => check_pairs(&b.params, &parse_pairs(body)?, "post body")?,
                BodyKind::Json => check_json(&b.params, body)?,
            },
        };
        let owned =
            |params: &[&str]| -> Vec<String> { params.iter().map(|s| s.to_string()).collect() };
        // Only writes need a timestamp; formatting one per fetch is measurable.
        let now = if op.kind.mutates() {
            now()
        } else {
            String::new()
        };
        let state = rules::State { shared: self };
        match op.kind {
            OpKind::List => {
                let all = owned(params);
                self.check_parent(res, &all, path)?;
                // A page depends on the path, the query and the resource's records only.
                let key = match query {
                    Some(q) => format!("{path}?{q}"),
                    None => path.to_string(),
                };
                let body = self.store.page_cached(ri, &key, || {
                    self.list(res, ri, &all, path, &qpairs, &qfields)
                        .map(|r| r.body)
                })?;
                Ok(Reply::json(200, body))
            }
            OpKind::Create => {
                let all = owned(params);
                self.check_parent(res, &all, path)?;
                let req = rules::Request {
                    operation: op,
                    resource: res,
                    parents: &all,
                    id: None,
                    fields: &bfields,
                    path,
                    now: &now,
                };
                let mut step = || {
                    self.create(ri, &all, &bfields, None, &now, Baseline::Request)
                        .map(|(id, json)| Stored { id, json })
                };
                let stored = self.rules.create(&state, &req, Next::new(&mut step))?;
                Ok(Reply::json(op.status, stored.json))
            }
            OpKind::Fetch | OpKind::Update | OpKind::Delete | OpKind::Action => {
                // A top-level record's fetch copies no parameter: parents is empty, and the id
                // is borrowed from the path.
                let (id, parents) = params
                    .split_last()
                    .ok_or_else(|| ApiError::not_found(path))?;
                let parents = &owned(parents)[..];
                self.check_parent(res, parents, path)?;
                if res.addressable {
                    self.materialize(res, parents, id);
                }
                match op.kind {
                    OpKind::Fetch => self
                        .store
                        .get(ri, parents, id)
                        .map(|b| Reply::json(op.status, b))
                        .ok_or_else(|| ApiError::not_found(path)),
                    OpKind::Delete => {
                        if self.delete(ri, parents, id) {
                            Ok(Reply::json(op.status, Bytes::new()))
                        } else {
                            Err(ApiError::not_found(path))
                        }
                    }
                    OpKind::Update => self.update(op, res, parents, id, &bfields, path, &now),
                    _ => {
                        let rec = self
                            .modify(ri, parents, id, |rec| {
                                for (k, v) in &op.action_overlay {
                                    rec.insert(k.clone(), v.clone());
                                }
                                touch(res, rec, &now);
                            })
                            .ok_or_else(|| ApiError::not_found(path))?;
                        // Actions answer with their own (narrower) schema, at their own URL.
                        let mut out = match &op.response_fields {
                            Some(keep) => {
                                rec.into_iter().filter(|(k, _)| keep.contains(k)).collect()
                            }
                            None => rec,
                        };
                        if out.contains_key("url") {
                            out.insert("url".into(), Value::String(format!("{}{path}", self.base)));
                        }
                        Ok(Reply::json(op.status, to_json(&out)))
                    }
                }
            }
            OpKind::SingletonFetch => {
                let all = owned(params);
                self.check_parent(res, &all, path)?;
                if !all.is_empty() {
                    self.materialize(res, &all, "");
                }
                self.store
                    .get(ri, &all, "")
                    .map(|b| Reply::json(op.status, b))
                    .ok_or_else(|| ApiError::not_found(path))
            }
            OpKind::SingletonUpdate => {
                let all = owned(params);
                self.check_parent(res, &all, path)?;
                // A POST sets a singleton up again after a DELETE (`/v1/SafeList/Numbers`).
                let has = |g: &crate::store::Collection| g.contains("");
                if !self
                    .store
                    .read(ri)
                    .is_some_and(|g| g.get(&all).is_some_and(has))
                {
                    self.insert_rendered(res, &all, "");
                }
                self.update(op, res, &all, "", &bfields, path, &now)
            }
            OpKind::SingletonDelete => {
                let all = owned(params);
                self.check_parent(res, &all, path)?;
                if !all.is_empty() {
                    self.materialize(res, &all, "");
                }
                if self.delete(ri, &all, "") {
                    Ok(Reply::json(op.status, Bytes::new()))
                } else {
                    Err(ApiError::not_found(path))
                }
            }
        }
    }

    /// A record that exists as soon as it is named (a nested singleton per parent, a record
    /// of an [addressable](Resource) resource per id): built from the example the first
    /// time. A deleted nested singleton stays deleted (its collection remains, empty).
    fn materialize(&self, res: &Resource, parents: &[String], id: &str) {
        let seen = self.store.read(res.id.0).is_some_and(|g| {
            g.get(parents)
                .is_some_and(|c| c.contains(id) || (res.singleton && c.len() == 0))
        });
        if !seen {
            self.insert_rendered(res, parents, id);
        }
    }

    /// Stores the example's record for `id` (`""` for a singleton) under `parents`.
    fn insert_rendered(&self, res: &Resource, parents: &[String], id: &str) {
        let now = now();
        let mut rec = render(
            res,
            self.place(),
            Baseline::Example,
            (!res.singleton).then_some(id),
            parents,
            &now,
        );
        if res.singleton && parents.is_empty() {
            self.rules.initial(&self.model, res, &mut rec);
        }
        if let Some(mut g) = self.store.write(res.id.0) {
            g.entry(parents.to_vec())
                .or_default()
                .upsert(id, to_json(&rec));
        }
    }

    /// An update of an instance (`id`) or a singleton (`""`), through the rules.
    #[allow(clippy::too_many_arguments)]
    fn update(
        &self,
        op: &crate::model::Operation,
        res: &Resource,
        parents: &[String],
        id: &str,
        fields: &[Field],
        path: &str,
        now: &str,
    ) -> Result<Reply, ApiError> {
        let req = rules::Request {
            operation: op,
            resource: res,
            parents,
            id: (!res.singleton).then_some(id),
            fields,
            path,
            now,
        };
        let mut step = || {
            self.modify(res.id.0, parents, id, |rec| {
                overlay(res, rec, fields);
                touch(res, rec, now);
            })
            .map(|rec| Stored::new(id, &rec))
            .ok_or_else(|| ApiError::not_found(path))
        };
        let state = rules::State { shared: self };
        let stored = self.rules.update(&state, &req, Next::new(&mut step))?;
        Ok(Reply::json(op.status, stored.json))
    }

    fn list(
        &self,
        res: &Resource,
        ri: usize,
        parents: &[String],
        path: &str,
        qpairs: &[(String, String)],
        qfields: &[Field],
    ) -> Result<Reply, ApiError> {
        let get = |n: &str| qfields.iter().find(|f| f.name == n);
        let size = get("PageSize")
            .and_then(|f| f.value.as_u64())
            .map_or(DEFAULT_PAGE_SIZE, |n| n as usize);
        let page = get("Page").and_then(|f| f.value.as_u64()).unwrap_or(0);
        let token = get("PageToken").and_then(|f| f.raw.clone());
        let cursor = match &token {
            Some(t) => parse_token(t).ok_or_else(|| {
                ApiError::invalid(format!("Invalid value '{t}' for parameter PageToken"))
            })?,
            None => Cursor::Start {
                skip: page.saturating_mul(size as u64),
            },
        };
        // Other declared query parameters filter on the same-named field.
        let filters: Vec<(String, &Field)> = qfields
            .iter()
            .filter(|f| !matches!(f.name.as_str(), "PageSize" | "Page" | "PageToken"))
            .filter(|f| !f.value.is_array())
            .map(|f| (snake(&f.name), f))
            .filter(|(k, _)| res.fields.contains_key(k))
            .collect();
        let filter = |b: &[u8]| {
            if filters.is_empty() {
                return true;
            }
            let rec = parse_record(b);
            filters.iter().all(|(k, f)| match rec.get(k) {
                Some(Value::String(s)) => Some(s) == f.raw.as_ref(),
                Some(v) => *v == f.value,
                None => false,
            })
        };
        let out = self
            .store
            .read(ri)
            .and_then(|g| {
                g.get(parents).map(|c| {
                    c.page(
                        cursor,
                        size,
                        &filter,
                        self.newest_first.get(ri) == Some(&true),
                    )
                })
            })
            .unwrap_or(PageOut {
                items: Vec::new(),
                first_seq: None,
                last_seq: None,
                has_next: false,
                has_prev: false,
            });

        // Filters are echoed in the meta URLs, as Twilio does.
        let mut fq = String::new();
        for (k, v) in qpairs {
            if filters.iter().any(|(_, f)| f.name == *k) {
                fq.push_str(
                    &form_urlencoded::Serializer::new(String::new())
                        .append_pair(k, v)
                        .finish(),
                );
                fq.push('&');
            }
        }
        let base = format!("{}{path}?{fq}PageSize={size}", self.base);
        let key = res.list_key.clone().unwrap_or_else(|| "items".into());
        let url_tok = token
            .map(|t| format!("&PageToken={}", enc(&t)))
            .unwrap_or_default();
        let meta = serde_json::json!({
            "page": page,
            "page_size": size,
            "first_page_url": format!("{base}&Page=0"),
            "previous_page_url": match (out.has_prev, out.first_seq) {
                (true, Some(first)) => Value::String(format!(
                    "{base}&Page={}&PageToken=PB{first}",
                    page.saturating_sub(1)
                )),
                _ => Value::Null,
            },
            "url": format!("{base}&Page={page}{url_tok}"),
            "next_page_url": match (out.has_next, out.last_seq) {
                (true, Some(last)) => Value::String(format!("{base}&Page={}&PageToken=PA{last}", page.saturating_add(1))),
                _ => Value::Null,
            },
            "key": key,
        });
        let mut buf = Vec::with_capacity(out.items.iter().map(Bytes::len).sum::<usize>() + 512);
        buf.push(b'{');
        buf.extend_from_slice(Value::String(key).to_string().as_bytes());
        buf.extend_from_slice(b":[");
        for (i, item) in out.items.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            buf.extend_from_slice(item);
        }
        match &res.paging {
            Paging::Meta => {
                buf.extend_from_slice(b"],\"meta\":");
                buf.extend_from_slice(meta.to_string().as_bytes());
            }
            Paging::Uris(fields) => {
                // The same links, as the 2010 API gives them: host-relative URIs beside the
                // items, and the page's first and last index.
                let start = page.saturating_mul(size as u64);
                let end = start + (out.items.len() as u64).saturating_sub(1);
                let relative = |v: &Value| match v.as_str() {
                    Some(url) => {
                        Value::String(url.strip_prefix(&self.base).unwrap_or(url).to_string())
                    }
                    None => Value::Null,
                };
                buf.push(b']');
                for name in fields {
                    let value = match name.as_str() {
                        "page" => Value::from(page),
                        "page_size" => Value::from(size),
                        "start" => Value::from(start),
                        "end" => Value::from(end),
                        "uri" => relative(&meta["url"]),
                        "first_page_uri" => relative(&meta["first_page_url"]),
                        "next_page_uri" => relative(&meta["next_page_url"]),
                        "previous_page_uri" => relative(&meta["previous_page_url"]),
                        _ => Value::Null,
                    };
                    buf.push(b',');
                    buf.extend_from_slice(Value::String(name.clone()).to_string().as_bytes());
                    buf.push(b':');
                    buf.extend_from_slice(value.to_string().as_bytes());
                }
            }
        }
        buf.push(b'}');
        Ok(Reply::json(200, Bytes::from(buf)))
    }
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// `PA<seq>`: the page after record `seq`; `PB<seq>`: the page before it.
fn parse_token(t: &str) -> Option<Cursor> {
    let n = |s: &str| s.parse::<u64>().ok();
    if let Some(r) = t.strip_prefix("PA") {
        return n(r).map(Cursor::After);
    }
    t.strip_prefix("PB").and_then(n).map(Cursor::Before)
}

/// A fresh identifier: `XX` + 32 hex for SIDs, else a UUID or bare hex.
pub(crate) fn gen_id(rng: &mut fastrand::Rng, g: &IdGen) -> String {
    let n = rng.u128(..);
    match g {
        IdGen::Sid(p) => format!("{p}{n:032x}"),
        IdGen::Hex => format!("{n:032x}"),
        IdGen::Int => (n % 1_000_000_000).to_string(),
        IdGen::Uuid => {
            let h = format!("{n:032x}");
            format!(
                "{}-{}-{}-{}-{}",
                &h[0..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..32]
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_striped_counter_counts_every_threads_adds_and_resets() {
        let c = Arc::new(Striped::default());
        let threads: Vec<_> = (0..6)
            .map(|_| {
                let c = c.clone();
                std::thread::spawn(move || (0..1000).for_each(|_| c.add()))
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
        assert_eq!(c.load(), 6000);
        c.reset();
        assert_eq!(c.load(), 0);
        assert_eq!(std::mem::align_of::<Stripe>(), 128);
    }
}
