//! The admin API ([`ServerBuilder::admin_api`](crate::ServerBuilder::admin_api)): what a
//! [`Server`] handle offers a Rust test, over HTTP under `/__mock/`, for tests in any language.
//! JSON in, JSON out; no credentials needed; errors are Twilio error bodies (400 code 20001,
//! 404 code 20404).
//!
//! | Request | Does |
//! |---|---|
//! | `GET /__mock/health` | `{"status": "ok", "operations": N}` |
//! | `POST /__mock/seed` `{"path", "count", "fields"?}` | [`Server::seed`] / [`Server::seed_with`] → `{"sids": [...]}` |
//! | `POST /__mock/records` `{"path", "fields"}` | [`Server::insert`] → `{"sid"}` |
//! | `GET /__mock/records?path=P` | [`Server::get`] (404 if none) |
//! | `GET /__mock/example?operation=ID` | [`Server::example_request`]: `{"method", "path", "query", "content_type", "body"}` |
//! | `POST /__mock/faults` `{...}` | [`Server::fault`] → `{"id"}` (fields below) |
//! | `GET /__mock/faults/ID` | `{"id", "hits"}` |
//! | `DELETE /__mock/faults/ID`, `DELETE /__mock/faults` | remove one, or all |
//! | `GET /__mock/counters` | `{"total_requests", "operations": {id: {"requests", "applied"}}}` |
//! | `GET /__mock/counters/OPERATION` | `{"requests", "applied"}` (404 for no such operation) |
//! | `DELETE /__mock/counters` | zeroes them |
//! | `GET /__mock/state`, `PUT /__mock/state` | [`Server::export_state`], [`Server::import_state`] |
//! | `POST /__mock/reset` | [`Server::reset`] |
//!
//! A fault is one of `"status": 503` (with `"retry_after": S`), `"latency_ms": N`,
//! `"reset": true` (the connection is closed before the request is handled), `"lost": true`
//! (handled, applied, then the connection is closed: a lost answer) or `"malformed": true`;
//! with `"route"` (an operationId or `"METHOD /path"`), `"times"`, `"every"`, `"skip"`,
//! `"probability"` and `"after_apply"` as [`Fault`]'s methods of those names.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use http::{HeaderValue, Method, StatusCode, header};
use serde_json::{Map, Value, json};

use crate::faults::{Fault, FaultId};
use crate::handler::Shared;
use crate::validate::ApiError;
use crate::{MockError, Server};

const MAX_BODY: usize = 64 << 20;

pub(crate) async fn handle(shared: Arc<Shared>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let rest = parts
        .uri
        .path()
        .strip_prefix(Server::ADMIN_PREFIX)
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_string();
    let query = parts.uri.query().unwrap_or_default().to_string();
    let bytes = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => return error(ApiError::invalid("Request body is unreadable or too large")),
    };
    let server = Server::view(shared);
    match route(&server, &parts.method, &rest, &query, &bytes) {
        Ok((status, value)) => respond(status, &value),
        Err(e) => error(e),
    }
}

fn route(
    server: &Server,
    method: &Method,
    rest: &str,
    query: &str,
    body: &[u8],
) -> Result<(u16, Value), ApiError> {
    let (head, tail) = match rest.split_once('/') {
        Some((h, t)) => (h, Some(t)),
        None => (rest, None),
    };
    let m = method.as_str();
    match (m, head, tail) {
        ("GET", "health", None) => Ok((
            200,
            json!({"status": "ok", "operations": server.model().operations().len()}),
        )),
        ("POST", "seed", None) => {
            let req = object(body)?;
            let path = string(&req, "path")?;
            let count = req
                .get("count")
                .and_then(Value::as_u64)
                .ok_or_else(|| ApiError::invalid("`count` must be a non-negative integer"))?
                as usize;
            let sids = match req.get("fields") {
                None | Some(Value::Null) => server.seed(path, count),
                Some(fields) => server.seed_with(path, count, |_| fields.clone()),
            }
            .map_err(mock_error)?;
            Ok((201, json!({ "sids": sids })))
        }
        ("POST", "records", None) => {
            let req = object(body)?;
            let path = string(&req, "path")?;
            let fields = req.get("fields").cloned().unwrap_or(json!({}));
            let sid = server.insert(path, fields).map_err(mock_error)?;
            Ok((201, json!({ "sid": sid })))
        }
        ("GET", "records", None) => {
            let path = form_urlencoded::parse(query.as_bytes())
                .find(|(k, _)| k == "path")
                .map(|(_, v)| v.into_owned())
                .ok_or_else(|| ApiError::invalid("the query parameter `path` is required"))?;
            server
                .get(&path)
                .map(|v| (200, v))
                .ok_or_else(|| ApiError::not_found(&path))
        }
        ("GET", "example", None) => {
            let op = form_urlencoded::parse(query.as_bytes())
                .find(|(k, _)| k == "operation")
                .map(|(_, v)| v.into_owned())
                .ok_or_else(|| ApiError::invalid("the query parameter `operation` is required"))?;
            let ex = server.example_request(&op).map_err(mock_error)?;
            Ok((
                200,
                json!({
                    "method": ex.method,
                    "path": ex.path,
                    "query": ex.query,
                    "content_type": ex.content_type,
                    "body": ex.body,
                }),
            ))
        }
        ("POST", "faults", None) => {
            let fault = fault(&object(body)?)?;
            let id = server.fault(fault).map_err(mock_error)?;
            Ok((201, json!({ "id": id.0 })))
        }
        ("DELETE", "faults", None) => {
            server.clear_faults();
            Ok((200, json!({})))
        }
        ("GET" | "DELETE", "faults", Some(id)) => {
            let n: u64 = id
                .parse()
                .map_err(|_| ApiError::not_found(&format!("/__mock/faults/{id}")))?;
            if m == "DELETE" {
                if server.remove_fault(FaultId(n)) {
                    Ok((200, json!({})))
                } else {
                    Err(ApiError::not_found(&format!("/__mock/faults/{id}")))
                }
            } else {
                Ok((200, json!({"id": n, "hits": server.fault_hits(FaultId(n))})))
            }
        }
        ("GET", "counters", None) => {
            let ops: Map<String, Value> = server
                .stats()
                .into_iter()
                .map(|(k, s)| (k, json!({"requests": s.requests, "applied": s.applied})))
                .collect();
            Ok((
                200,
                json!({"total_requests": server.total_requests(), "operations": ops}),
            ))
        }
        ("GET", "counters", Some(op)) => {
            let op = percent_decode(op);
            let s = server.op_stats(&op).map_err(mock_error)?;
            Ok((200, json!({"requests": s.requests, "applied": s.applied})))
        }
        ("DELETE", "counters", None) => {
            server.reset_counters();
            Ok((200, json!({})))
        }
        ("GET", "state", None) => Ok((200, server.export_state())),
        ("PUT" | "POST", "state", None) => {
            let state: Value = serde_json::from_slice(body)
                .map_err(|e| ApiError::invalid(format!("the body is not JSON: {e}")))?;
            server.import_state(&state).map_err(mock_error)?;
            Ok((200, json!({})))
        }
        ("POST", "reset", None) => {
            server.reset();
            Ok((200, json!({})))
        }
        _ => Err(ApiError::not_found(&format!(
            "{}{rest}",
            Server::ADMIN_PREFIX
        ))),
    }
}

/// A [`Fault`] from its JSON description (module docs).
fn fault(req: &Map<String, Value>) -> Result<Fault, ApiError> {
    let flag = |k: &str| req.get(k).and_then(Value::as_bool).unwrap_or(false);
    let int = |k: &str| -> Result<Option<u64>, ApiError> {
        match req.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v
                .as_u64()
                .map(Some)
                .ok_or_else(|| ApiError::invalid(format!("`{k}` must be a non-negative integer"))),
        }
    };
    let mut kinds = Vec::new();
    if let Some(code) = int("status")? {
        let code = u16::try_from(code)
            .ok()
            .filter(|c| (100..=999).contains(c))
            .ok_or_else(|| ApiError::invalid("`status` must be an HTTP status code"))?;
        let mut f = Fault::status(code);
        if let Some(s) = int("retry_after")? {
            f = f.retry_after(s);
        }
        kinds.push(f);
    }
    if let Some(ms) = int("latency_ms")? {
        kinds.push(Fault::latency(Duration::from_millis(ms)));
    }
    if flag("reset") {
        kinds.push(Fault::reset());
    }
    if flag("lost") {
        kinds.push(Fault::reset().after_apply());
    }
    if flag("malformed") {
        kinds.push(Fault::malformed_body());
    }
    let mut f = match (kinds.pop(), kinds.is_empty()) {
        (Some(f), true) => f,
        _ => {
            return Err(ApiError::invalid(
                "a fault needs exactly one of `status`, `latency_ms`, `reset`, `lost`, `malformed`",
            ));
        }
    };
    if let Some(r) = req.get("route") {
        let r = r
            .as_str()
            .ok_or_else(|| ApiError::invalid("`route` must be a string"))?;
        f = f.route(r);
    }
    if let Some(n) = int("times")? {
        f = f.times(n);
    }
    if let Some(n) = int("every")? {
        f = f.every(n);
    }
    if let Some(n) = int("skip")? {
        f = f.skip(n);
    }
    if let Some(p) = req.get("probability") {
        let p = p
            .as_f64()
            .filter(|p| (0.0..=1.0).contains(p))
            .ok_or_else(|| ApiError::invalid("`probability` must be a number from 0 to 1"))?;
        f = f.probability(p);
    }
    if flag("after_apply") {
        f = f.after_apply();
    }
    Ok(f)
}

fn object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(ApiError::invalid("the body must be a JSON object")),
    }
}

fn string<'a>(req: &'a Map<String, Value>, key: &str) -> Result<&'a str, ApiError> {
    req.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::invalid(format!("`{key}` must be a string")))
}

fn percent_decode(s: &str) -> String {
    form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_string())
}

fn mock_error(e: MockError) -> ApiError {
    match e {
        MockError::UnknownRoute(p) | MockError::ParentNotFound(p) => ApiError::not_found(&p),
        other => ApiError::invalid(other.to_string()),
    }
}

fn respond(status: u16, value: &Value) -> Response {
    let mut resp = Response::new(Body::from(serde_json::to_vec(value).unwrap_or_default()));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

fn error(e: ApiError) -> Response {
    let mut resp = Response::new(Body::from(e.body()));
    *resp.status_mut() = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}
