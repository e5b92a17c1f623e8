//! Calling an operation by name, with JSON or text values: the request path for callers that
//! don't compile against the typed builders (a command line, a proxy, a script).
//!
//! A [`DynamicRequest`] takes an operation's [`OperationInfo`] from the product's catalogue
//! and values by wire name (or setter name), checks each value as the typed setter would
//! ([`crate::validation`], [`crate::sid`]: SID prefixes, enum values, ranges, lengths, patterns,
//! absolute URLs; strict unless the client has
//! [`lenient_patterns`](crate::ClientBuilder::lenient_patterns)), refuses a missing required
//! value, builds the request as the generated builders do (path parameters percent-encoded,
//! Twilio's form encoding or JSON, `Accept: application/json`), and sends it through
//! [`crate::transport::send`] (the same credentials, host check, retries, timeouts, size limit,
//! declared family rules and tracing). The answer is JSON. List operations page through
//! [`crate::pagination`] as typed lists do ([`DynamicRequest::stream`],
//! [`DynamicRequest::pages`]).
//!
//! Nothing is sent when a value is refused: the error is
//! [`Error::InvalidRequest`] naming the field by its wire name, the first one refused.
//!
//! ```no_run
//! # async fn run(client: &twilio_runtime::ClientState, op: &'static twilio_runtime::catalogue::OperationInfo) -> twilio_runtime::Result<()> {
//! use twilio_runtime::dynamic::DynamicRequest;
//! let created = DynamicRequest::new(client, op)
//!     .arg_str("FriendlyName", "Support")
//!     .arg_str("ChannelType", "sms")
//!     .arg("Enabled", true)
//!     .send()
//!     .await?; // serde_json::Value
//! # Ok(()) }
//! ```

use crate::catalogue::{BodyEncoding, Location, OperationInfo, ParamInfo, StrRule, ValueRule};
use crate::error::Operation;
use crate::pagination::{Items, ListPage, PageMeta, Pages};
use crate::transport::ClientState;
use crate::validation::{check_length, check_range, check_uri, invalid};
use crate::{Error, Result};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use serde_json::{Map, Value};

/// An operation's request being put together from values given by name; see the
/// [module docs](self).
#[derive(Debug, Clone)]
pub struct DynamicRequest<'a> {
    client: &'a ClientState,
    info: &'static OperationInfo,
    /// The checked value of each parameter, by its index in `info.params`.
    values: Vec<Option<Value>>,
    /// Keys of a JSON body given with [`body`](Self::body) that aren't declared fields.
    extra: Map<String, Value>,
    /// The first value refused, as `` `field`: why `` (checked values' messages).
    error: Option<String>,
}

impl<'a> DynamicRequest<'a> {
    /// A request of `info` by `client`, with nothing set.
    pub fn new(client: &'a ClientState, info: &'static OperationInfo) -> Self {
        DynamicRequest {
            client,
            info,
            values: vec![None; info.params.len()],
            extra: Map::new(),
            error: None,
        }
    }

    /// The operation.
    pub fn info(&self) -> &'static OperationInfo {
        self.info
    }

    /// Sets `name` (wire name or setter name) to a JSON value of its type: a string, an
    /// integer, a number, a boolean, an object, or for a list a list (or one item, added to
    /// what the list holds). `null` unsets it. The value is checked now; a refused value fails
    /// the request when it is sent (or [`check`](Self::check)ed), naming the field.
    pub fn arg(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.set(name, Input::Json(value.into()));
        self
    }

    /// Sets `name` from text, read as its type: an integer, a number, `true`/`false`, JSON for
    /// an object (or for a free-form value, falling back to the text itself), one item for a
    /// list (each call adds one). What a command line or a query string gives.
    pub fn arg_str(mut self, name: &str, text: &str) -> Self {
        self.set(name, Input::Text(text));
        self
    }

    /// [`arg_str`](Self::arg_str), with a refused value an error now rather than when the
    /// request is sent: [`Error::InvalidRequest`] naming the field by its wire name.
    pub fn try_arg_str(mut self, name: &str, text: &str) -> Result<Self> {
        let before = self.error.is_some();
        self.set(name, Input::Text(text));
        match &self.error {
            Some(message) if !before => Err(self.error_of(message.clone())),
            _ => Ok(self),
        }
    }

    /// [`arg`](Self::arg), with a refused value an error now (see
    /// [`try_arg_str`](Self::try_arg_str)).
    pub fn try_arg(mut self, name: &str, value: impl Into<Value>) -> Result<Self> {
        let before = self.error.is_some();
        self.set(name, Input::Json(value.into()));
        match &self.error {
            Some(message) if !before => Err(self.error_of(message.clone())),
            _ => Ok(self),
        }
    }

    /// A JSON body's keys as values: each declared field is checked as by [`arg`](Self::arg);
    /// other keys are sent as given when the body is JSON (the typed builder's `.body(map)`
    /// escape hatch) and refused for a form body.
    pub fn body(mut self, body: Map<String, Value>) -> Self {
        for (key, value) in body {
            let declared = self
                .info
                .params
                .iter()
                .any(|p| p.location == Location::Body && p.wire == key);
            if declared {
                self.set(&key, Input::Json(value));
            } else if self
                .info
                .body
                .is_some_and(|b| b.encoding == BodyEncoding::Json)
            {
                self.extra.insert(key, value);
            } else {
                self.refuse(invalid(&key, self.unknown_field()));
            }
        }
        self
    }

    fn unknown_field(&self) -> String {
        let mut names: Vec<&str> = self.info.params.iter().map(|p| p.wire).collect();
        names.sort_unstable();
        if names.is_empty() {
            format!("{} takes no parameters", self.info.id)
        } else {
            format!(
                "not a parameter of {}; it takes {}",
                self.info.id,
                names.join(", ")
            )
        }
    }

    fn refuse(&mut self, message: String) {
        self.error.get_or_insert(message);
    }

    fn set(&mut self, name: &str, input: Input<'_>) {
        let Some(index) = self
            .info
            .params
            .iter()
            .position(|p| p.wire == name)
            .or_else(|| {
                self.info
                    .params
                    .iter()
                    .position(|p| p.setter == name || p.flag == name)
            })
        else {
            let message = self.unknown_field();
            return self.refuse(invalid(name, message));
        };
        let param: &'static ParamInfo = &self.info.params[index];
        match self.checked(param, input) {
            Ok(None) => self.values[index] = None,
            Ok(Some(Value::Array(items))) if matches!(param.rule, ValueRule::List(_)) => {
                // A list grows with each value given.
                match &mut self.values[index] {
                    Some(Value::Array(held)) => held.extend(items),
                    slot => *slot = Some(Value::Array(items)),
                }
            }
            Ok(Some(value)) => self.values[index] = Some(value),
            Err(message) => self.refuse(message),
        }
    }

    /// The value `input` gives `param`, checked (`None`: unset); for a list, the items given.
    fn checked(
        &self,
        param: &ParamInfo,
        input: Input<'_>,
    ) -> std::result::Result<Option<Value>, String> {
        let value = match input {
            Input::Json(Value::Null) => return Ok(None),
            Input::Json(v) => v,
            Input::Text(text) => {
                parse_text(&param.rule, text).map_err(|why| invalid(param.wire, why))?
            }
        };
        check(self.client, param.wire, &param.rule, value).map(Some)
    }

    /// Whether the request would be sent: every value given was accepted and every required
    /// one is there (the declared family rules are checked on the body as it is sent).
    pub fn check(&self) -> Result<()> {
        self.ready().map_err(|m| self.error_of(m))
    }

    fn operation(&self) -> Operation {
        Operation {
            id: self.info.id,
            fields: &[],
            families: self.info.families,
        }
    }

    fn error_of(&self, message: String) -> Error {
        crate::error::request_error(
            &self.operation(),
            progenitor_client::Error::InvalidRequest(message),
        )
    }

    fn ready(&self) -> std::result::Result<(), String> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        for (param, value) in self.info.params.iter().zip(&self.values) {
            if param.required && value.is_none() {
                return Err(invalid(param.wire, "a value is required"));
            }
        }
        if let Some(body) = self.info.body
            && body.declared
            && self.extra.is_empty()
            && !self.has(Location::Body)
        {
            return Err(invalid(
                "body",
                "nothing to update: set a property, or give `.body(map)`",
            ));
        }
        Ok(())
    }

    fn has(&self, location: Location) -> bool {
        self.info
            .params
            .iter()
            .zip(&self.values)
            .any(|(p, v)| p.location == location && v.is_some())
    }

    fn given(&self, location: Location) -> impl Iterator<Item = (&'static ParamInfo, &Value)> {
        let params: &'static [ParamInfo] = self.info.params;
        params
            .iter()
            .zip(&self.values)
            .filter(move |(p, _)| p.location == location)
            .filter_map(|(p, v)| Some((p, v.as_ref()?)))
    }

    /// Builds the request as a generated builder does; `page_size` overrides `PageSize`
    /// (pagination's hint for a limit).
    fn request(&self, page_size: Option<i64>) -> std::result::Result<reqwest::Request, String> {
        self.ready()?;
        let info = self.info;
        // The path, each `{Name}` replaced by its percent-encoded value.
        let mut path = String::with_capacity(info.path.len() + 40);
        let mut rest = info.path;
        while let Some(open) = rest.find('{') {
            let close = rest[open..]
                .find('}')
                .map(|c| open + c)
                .ok_or_else(|| invalid("path", "unbalanced `{` in the path template"))?;
            path.push_str(&rest[..open]);
            let name = &rest[open + 1..close];
            let value = self
                .given(Location::Path)
                .find(|(p, _)| p.wire == name)
                .map(|(_, v)| text_of(v))
                .ok_or_else(|| invalid(name, "a value is required"))?;
            path.push_str(&crate::wire::PathSegment(value.as_str()).to_string());
            rest = &rest[close + 1..];
        }
        path.push_str(rest);
        let mut url = crate::wire::api_url(self.client, format_args!("{path}"))?;
        let sized = page_size.and_then(|n| {
            info.params
                .iter()
                .find(|p| p.setter == "page_size" && p.location == Location::Query)
                .map(|p| (p.wire, n))
        });
        {
            let mut query = url.query_pairs_mut();
            for (param, value) in self.given(Location::Query) {
                if sized.is_some_and(|(wire, _)| wire == param.wire) {
                    continue;
                }
                for text in texts_of(value) {
                    query.append_pair(param.wire, &text);
                }
            }
            if let Some((wire, n)) = sized {
                query.append_pair(wire, &n.to_string());
            }
        }
        // `query_pairs_mut` leaves an empty `?` when nothing was appended.
        if url.query() == Some("") {
            url.set_query(None);
        }
        let method = reqwest::Method::from_bytes(info.method.as_bytes())
            .map_err(|_| invalid("method", format_args!("{:?} is not a method", info.method)))?;
        let mut request = reqwest::Request::new(method, url);
        let headers = request.headers_mut();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        for (param, value) in self.given(Location::Header) {
            let header = reqwest::header::HeaderName::from_bytes(param.wire.as_bytes())
                .map_err(|_| invalid(param.wire, "not an HTTP header name"))?;
            let value = HeaderValue::from_str(&text_of(value))
                .map_err(|_| invalid(param.wire, "not a valid HTTP header value"))?;
            headers.append(header, value);
        }
        if let Some(body) = info.body {
            let (content_type, bytes) = match body.encoding {
                BodyEncoding::Form => {
                    let mut pairs = Vec::new();
                    for (param, value) in self.given(Location::Body) {
                        crate::wire::push(&mut pairs, param.wire, value.clone());
                    }
                    let mut form = form_urlencoded::Serializer::new(String::new());
                    for (key, value) in &pairs {
                        form.append_pair(key, value);
                    }
                    (
                        "application/x-www-form-urlencoded",
                        form.finish().into_bytes(),
                    )
                }
                BodyEncoding::Json => {
                    let mut map = Map::new();
                    for (param, value) in self.given(Location::Body) {
                        map.insert(param.wire.to_string(), value.clone());
                    }
                    for (key, value) in &self.extra {
                        map.insert(key.clone(), value.clone());
                    }
                    if let Some(key) = body.account_sid_key {
                        map.entry(key)
                            .or_insert_with(|| Value::String(self.client.account_sid().into()));
                    }
                    let bytes = serde_json::to_vec(&map).map_err(|e| invalid("body", e))?;
                    ("application/json", bytes)
                }
            };
            request
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
            *request.body_mut() = Some(bytes.into());
        }
        Ok(request)
    }

    /// Sends the request and returns Twilio's answer as JSON (`null` for an empty body, as a
    /// delete answers). For a list operation, the first page as Twilio sent it; see
    /// [`stream`](Self::stream) for its items across pages.
    pub async fn send(self) -> Result<Value> {
        let operation = self.operation();
        self.check()?;
        #[allow(clippy::result_large_err)] // the error type is the one generated builders return
        let build = || {
            self.request(None)
                .map_err(progenitor_client::Error::InvalidRequest)
        };
        let body = crate::transport::send(self.client, &operation, &build).await?;
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        crate::error::decode(&operation, &body)
    }

    /// The pages of a list operation, each with its items and `meta`, following
    /// `next_page_url` as typed lists do. For an operation that isn't a list, the stream's one
    /// item is an error.
    pub fn pages(self) -> Pages<'a, JsonPage> {
        let operation = self.operation();
        let key = self.info.list.map_or("", |l| l.key);
        let page_size_set = self
            .info
            .params
            .iter()
            .zip(&self.values)
            .any(|(p, v)| p.setter == "page_size" && v.is_some());
        let client = self.client;
        #[allow(clippy::result_large_err)] // the error type is the one generated builders return
        let first = move |page_size| {
            if self.info.list.is_none() {
                return Err(progenitor_client::Error::InvalidRequest(invalid(
                    "operation",
                    format_args!("{} is not a list operation", self.info.id),
                )));
            }
            self.request(page_size)
                .map_err(progenitor_client::Error::InvalidRequest)
        };
        Pages::with_key(client, operation, key, page_size_set, first)
    }

    /// The items of a list operation across pages; [`Items::limit`] stops after n of them and
    /// asks for pages no bigger than needed (unless `PageSize` was set).
    pub fn stream(self) -> Items<'a, JsonPage> {
        Items::new(self.pages())
    }
}

/// A value as given: JSON, or text to read as the parameter's type.
enum Input<'t> {
    Json(Value),
    Text(&'t str),
}

/// Reads `text` as a value of `rule`'s type (not yet checked against its rules).
fn parse_text(rule: &ValueRule, text: &str) -> std::result::Result<Value, String> {
    match rule {
        ValueRule::Str(_) => Ok(Value::String(text.to_string())),
        ValueRule::Int { .. } => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| format!("expected an integer, got {:?}", short(text))),
        ValueRule::Num { .. } => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("expected a number, got {:?}", short(text))),
        ValueRule::Bool => match text.trim() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("expected true or false, got {:?}", short(text))),
        },
        ValueRule::List(item) => parse_text(item, text),
        ValueRule::Object => match serde_json::from_str::<Value>(text) {
            Ok(v @ Value::Object(_)) => Ok(v),
            Ok(_) => Err("expected a JSON object".to_string()),
            Err(e) => Err(format!("expected a JSON object: {e}")),
        },
        ValueRule::Any => Ok(serde_json::from_str(text).unwrap_or_else(|_| text.into())),
    }
}

/// Checks a value of `field` against its rule, as the typed setter does; the checked value,
/// or `` `field`: why ``.
fn check(
    client: &ClientState,
    field: &str,
    rule: &ValueRule,
    value: Value,
) -> std::result::Result<Value, String> {
    let wrong = |expected: &str, got: &Value| {
        invalid(
            field,
            format_args!("expected {expected}, got {}", kind_of(got)),
        )
    };
    match rule {
        ValueRule::Str(rule) => match value {
            Value::String(s) => check_str(client, field, rule, s).map(Value::String),
            other => Err(wrong("a string", &other)),
        },
        ValueRule::Int { min, max } => match value.as_i64() {
            Some(n) => check_range(field, n, *min, *max).map(Value::from),
            None => Err(wrong("an integer", &value)),
        },
        ValueRule::Num { min, max } => match value.as_f64() {
            Some(n) if min.is_some_and(|lo| n < lo) || max.is_some_and(|hi| n > hi) => {
                let expected = match (min, max) {
                    (Some(lo), Some(hi)) => format!("a number from {lo} to {hi}"),
                    (Some(lo), None) => format!("a number of at least {lo}"),
                    (None, _) => format!("a number of at most {}", max.unwrap_or(0.0)),
                };
                Err(invalid(field, format_args!("expected {expected}, got {n}")))
            }
            Some(_) => Ok(value),
            None => Err(wrong("a number", &value)),
        },
        ValueRule::Bool => match value {
            Value::Bool(_) => Ok(value),
            other => Err(wrong("true or false", &other)),
        },
        ValueRule::List(item) => match value {
            Value::Array(items) => items
                .into_iter()
                .map(|v| check(client, field, item, v))
                .collect::<std::result::Result<Vec<_>, _>>()
                .map(Value::Array),
            one => check(client, field, item, one).map(|v| Value::Array(vec![v])),
        },
        ValueRule::Object => match value {
            Value::Object(_) => Ok(value),
            other => Err(wrong("a JSON object", &other)),
        },
        ValueRule::Any => Ok(value),
    }
}

fn check_str(
    client: &ClientState,
    field: &str,
    rule: &StrRule,
    s: String,
) -> std::result::Result<String, String> {
    if let Some(sid) = rule.sid {
        crate::sid::check_for(client, field, &s, sid.prefix, sid.label)
            .map_err(|e| invalid(field, e))?;
        // The prefix and 32 hex digits are the SID's whole shape: its length rule is the
        // same 34 characters.
        return Ok(s);
    }
    if let Some(e) = rule.values
        && !e.values.contains(&s.as_str())
    {
        return Err(invalid(
            field,
            format_args!(
                "expected one of {}, got {:?}",
                e.values.join(", "),
                short(&s)
            ),
        ));
    }
    let s = check_length(field, s, rule.min_len, rule.max_len)?;
    let s = match rule.pattern {
        Some(pattern) => {
            let regex = crate::validation::Regex::new(pattern).ok();
            crate::validation::check_pattern_with(client, field, s, pattern, regex.as_ref())?
        }
        None => s,
    };
    let s = if rule.uri { check_uri(field, s)? } else { s };
    if rule.date_time && chrono::DateTime::parse_from_rfc3339(&s).is_err() {
        return Err(invalid(
            field,
            format_args!(
                "expected an RFC 3339 date-time such as 2024-01-31T09:30:00Z, got {:?}",
                short(&s)
            ),
        ));
    }
    Ok(s)
}

/// At most 40 characters, for messages.
fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

fn kind_of(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("the string {:?}", short(s)),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// A scalar as it goes into a path, query or header: text as is, numbers as Twilio writes
/// them, JSON for the rest.
fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => crate::wire::number(n),
        Value::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// A query value's texts: one per item of a list (repeated keys).
fn texts_of(v: &Value) -> Vec<String> {
    match v {
        Value::Array(items) => items.iter().map(text_of).collect(),
        one => vec![text_of(one)],
    }
}

/// A page of a list called through [`DynamicRequest`]: items and `meta` as JSON.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct JsonPage(Map<String, Value>);

impl ListPage for JsonPage {
    type Item = Value;
    type Meta = JsonMeta;
    // Pages of a dynamic list take the operation and key from the catalogue
    // (`Pages::with_key`); these are not read.
    const OPERATION: &'static str = "";
    const KEY: &'static str = "";
    /// The items are the page's array other than `meta`.
    fn into_parts(mut self) -> (Vec<Value>, Option<JsonMeta>) {
        let meta = match self.0.remove("meta") {
            Some(Value::Object(m)) => Some(JsonMeta(m)),
            _ => None,
        };
        let items = self
            .0
            .into_iter()
            .find_map(|(_, v)| match v {
                Value::Array(items) => Some(items),
                _ => None,
            })
            .unwrap_or_default();
        (items, meta)
    }
}

/// A page's `meta` as JSON (`page`, `page_size`, `url`, `next_page_url`, `key`, …).
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, serde::Serialize)]
#[serde(transparent)]
pub struct JsonMeta(pub Map<String, Value>);

impl PageMeta for JsonMeta {
    fn next_page_url(&self) -> Option<&str> {
        self.0.get("next_page_url").and_then(Value::as_str)
    }
    fn url(&self) -> Option<&str> {
        self.0.get("url").and_then(Value::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{BodyInfo, EnumRule, ListInfo, SidRule};
    use crate::validation::{FamilyRule, KindRule};
    use futures::StreamExt as _;
    use serde_json::json;
    use std::sync::{Arc, Mutex};
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    const SID: StrRule = StrRule {
        sid: Some(SidRule {
            prefix: "FO",
            label: "Widget",
        }),
        min_len: Some(34),
        max_len: Some(34),
        ..StrRule::TEXT
    };

    const fn param(
        wire: &'static str,
        setter: &'static str,
        location: Location,
        required: bool,
        rule: ValueRule,
    ) -> ParamInfo {
        ParamInfo {
            wire,
            setter,
            // The dynamic path takes wire and setter names; flags are a command line's.
            flag: "",
            location,
            required,
            description: "",
            rule,
        }
    }

    static TAGS: ValueRule = ValueRule::Str(StrRule {
        min_len: Some(1),
        ..StrRule::TEXT
    });

    const FAMILY: FamilyRule = FamilyRule {
        kind_field: "IntegrationType",
        label: "integrations",
        members: &["Integration.FlowSid", "Integration.Url"],
        kinds: &[
            KindRule {
                value: "studio",
                required: &["Integration.FlowSid"],
                allowed: &["Integration.FlowSid"],
            },
            KindRule {
                value: "external",
                required: &["Integration.Url"],
                allowed: &["Integration.Url"],
            },
        ],
    };

    /// A hand-written catalogue entry, shaped as the generator writes them.
    static CREATE: OperationInfo = OperationInfo {
        id: "CreateWidget",
        command: "create-widget",
        method_name: "create_widget",
        method: "POST",
        path: "/v1/Widgets",
        description: "Creates a widget.",
        params: &[
            param(
                "Flex-Metadata",
                "flex_metadata",
                Location::Header,
                false,
                ValueRule::Str(StrRule::TEXT),
            ),
            param(
                "FriendlyName",
                "friendly_name",
                Location::Body,
                true,
                ValueRule::Str(StrRule {
                    min_len: Some(1),
                    max_len: Some(64),
                    ..StrRule::TEXT
                }),
            ),
            param(
                "ChannelType",
                "channel_type",
                Location::Body,
                false,
                ValueRule::Str(StrRule {
                    values: Some(EnumRule {
                        name: "WidgetChannelType",
                        values: &["web", "sms"],
                    }),
                    ..StrRule::TEXT
                }),
            ),
            param(
                "Code",
                "code",
                Location::Body,
                false,
                ValueRule::Str(StrRule {
                    pattern: Some("^w_[a-z]+$"),
                    ..StrRule::TEXT
                }),
            ),
            param("Enabled", "enabled", Location::Body, false, ValueRule::Bool),
            param(
                "RetryCount",
                "retry_count",
                Location::Body,
                false,
                ValueRule::Int {
                    min: Some(0),
                    max: Some(3),
                },
            ),
            param(
                "Weight",
                "weight",
                Location::Body,
                false,
                ValueRule::Num {
                    min: Some(0.0),
                    max: Some(1.0),
                },
            ),
            param(
                "Tags",
                "tags",
                Location::Body,
                false,
                ValueRule::List(&TAGS),
            ),
            param(
                "Attributes",
                "attributes",
                Location::Body,
                false,
                ValueRule::Object,
            ),
            param(
                "StartsAt",
                "starts_at",
                Location::Body,
                false,
                ValueRule::Str(StrRule {
                    date_time: true,
                    ..StrRule::TEXT
                }),
            ),
            param(
                "IntegrationType",
                "integration_type",
                Location::Body,
                false,
                ValueRule::Str(StrRule::TEXT),
            ),
            param(
                "Integration.FlowSid",
                "integration_flow_sid",
                Location::Body,
                false,
                ValueRule::Str(StrRule {
                    sid: Some(SidRule {
                        prefix: "FW",
                        label: "Flow",
                    }),
                    ..StrRule::TEXT
                }),
            ),
            param(
                "Integration.Url",
                "integration_url",
                Location::Body,
                false,
                ValueRule::Str(StrRule {
                    uri: true,
                    ..StrRule::TEXT
                }),
            ),
        ],
        body: Some(BodyInfo {
            encoding: BodyEncoding::Form,
            declared: false,
            account_sid_key: None,
        }),
        list: None,
        families: &[FAMILY],
    };

    static FETCH_CHILD: OperationInfo = OperationInfo {
        id: "FetchWidgetPart",
        command: "fetch-widget-part",
        method_name: "fetch_widget_part",
        method: "GET",
        path: "/v1/Widgets/{WidgetSid}/Parts/{Name}",
        description: "",
        params: &[
            param(
                "WidgetSid",
                "widget_sid",
                Location::Path,
                true,
                ValueRule::Str(SID),
            ),
            param(
                "Name",
                "name",
                Location::Path,
                true,
                ValueRule::Str(StrRule::TEXT),
            ),
        ],
        body: None,
        list: None,
        families: &[],
    };

    static LIST: OperationInfo = OperationInfo {
        id: "ListWidget",
        command: "list-widget",
        method_name: "list_widget",
        method: "GET",
        path: "/v1/Widgets",
        description: "",
        params: &[
            param(
                "Status",
                "status",
                Location::Query,
                false,
                ValueRule::List(&TAGS),
            ),
            param(
                "PageSize",
                "page_size",
                Location::Query,
                false,
                ValueRule::Int {
                    min: Some(1),
                    max: Some(1000),
                },
            ),
            param(
                "Flex-Metadata",
                "flex_metadata",
                Location::Header,
                false,
                ValueRule::Str(StrRule::TEXT),
            ),
        ],
        body: None,
        list: Some(ListInfo { key: "widgets" }),
        families: &[],
    };

    static UPDATE_SETTINGS: OperationInfo = OperationInfo {
        id: "UpdateSettings",
        command: "update-settings",
        method_name: "update_settings",
        method: "POST",
        path: "/v1/Settings",
        description: "",
        params: &[
            param(
                "ui_attributes",
                "ui_attributes",
                Location::Body,
                false,
                ValueRule::Any,
            ),
            param(
                "workspace_sid",
                "workspace_sid",
                Location::Body,
                false,
                ValueRule::Str(StrRule {
                    sid: Some(SidRule {
                        prefix: "WS",
                        label: "Workspace",
                    }),
                    ..StrRule::TEXT
                }),
            ),
        ],
        body: Some(BodyInfo {
            encoding: BodyEncoding::Json,
            declared: true,
            account_sid_key: Some("account_sid"),
        }),
        list: None,
        families: &[],
    };

    static DELETE: OperationInfo = OperationInfo {
        id: "DeleteWidget",
        command: "delete-widget",
        method_name: "delete_widget",
        method: "DELETE",
        path: "/v1/Widgets/{Sid}",
        description: "",
        params: &[param(
            "Sid",
            "sid",
            Location::Path,
            true,
            ValueRule::Str(SID),
        )],
        body: None,
        list: None,
        families: &[],
    };

    /// A request as the test server received it.
    #[derive(Debug, Clone)]
    struct Seen {
        method: String,
        target: String,
        headers: Vec<(String, String)>,
        body: String,
    }

    impl Seen {
        fn header(&self, name: &str) -> Option<&str> {
            self.headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        }
    }

    type Reply = Box<dyn Fn(&Seen, &str) -> (u16, String) + Send + Sync>;

    /// A one-request-per-connection HTTP/1.1 server on 127.0.0.1 that records what it gets and
    /// answers with `reply(request, its own base URL)`.
    async fn serve(reply: Reply) -> (String, Arc<Mutex<Vec<Seen>>>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (log, url) = (seen.clone(), base.clone());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let head_end = loop {
                    let n = socket.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        break None;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break Some(i + 4);
                    }
                };
                let Some(head_end) = head_end else { continue };
                let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                let mut lines = head.split("\r\n");
                let mut first = lines.next().unwrap_or_default().split(' ');
                let method = first.next().unwrap_or_default().to_string();
                let target = first.next().unwrap_or_default().to_string();
                let headers: Vec<(String, String)> = lines
                    .filter_map(|l| l.split_once(": "))
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect();
                let length = headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                    .and_then(|(_, v)| v.parse::<usize>().ok())
                    .unwrap_or(0);
                while buf.len() < head_end + length {
                    let n = socket.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        break;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                }
                let body = String::from_utf8_lossy(&buf[head_end..]).to_string();
                let request = Seen {
                    method,
                    target,
                    headers,
                    body,
                };
                let (status, text) = reply(&request, &url);
                log.lock().unwrap().push(request);
                let response = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
                    text.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            }
        });
        (base, seen)
    }

    fn echo() -> Reply {
        Box::new(|_, _| {
            (
                200,
                r#"{"sid": "FO0123456789abcdef0123456789abcdef"}"#.into(),
            )
        })
    }

    fn field_and_message(e: &Error) -> (String, String) {
        match e {
            Error::InvalidRequest { field, message, .. } => (field.clone(), message.clone()),
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }

    /// The message a typed setter's check gives, for comparison.
    fn typed(result: std::result::Result<impl std::fmt::Debug, String>) -> (String, String) {
        let message = result.unwrap_err();
        let (field, why) = crate::validation::split(&message).unwrap();
        (field.to_string(), why.to_string())
    }

    static CODE_PATTERN: std::sync::OnceLock<Option<crate::validation::Regex>> =
        std::sync::OnceLock::new();

    #[tokio::test]
    async fn values_are_refused_as_the_typed_setters_refuse_them_and_nothing_is_sent() {
        let (base, seen) = serve(echo()).await;
        let client = crate::testing::client(&base);
        let state = &client.inner;
        let create = || DynamicRequest::new(state, &CREATE).arg_str("FriendlyName", "Support");
        let cases: Vec<(DynamicRequest<'_>, (String, String))> = vec![
            (
                create().arg_str("RetryCount", "4"),
                typed(check_range("RetryCount", 4i64, Some(0), Some(3))),
            ),
            (
                create().arg("retry_count", -1),
                typed(check_range("RetryCount", -1i64, Some(0), Some(3))),
            ),
            (
                create().arg_str("FriendlyName", ""),
                typed(check_length("FriendlyName", "", Some(1), Some(64))),
            ),
            (
                create().arg_str("Integration.Url", "/relative"),
                typed(check_uri("Integration.Url", "/relative")),
            ),
            (
                create().arg_str("Code", "W_UPPER"),
                typed(crate::validation::check_pattern(
                    state,
                    "Code",
                    "W_UPPER",
                    "^w_[a-z]+$",
                    &CODE_PATTERN,
                )),
            ),
            (
                create().arg_str("Integration.FlowSid", "FO0123456789abcdef0123456789abcdef"),
                (
                    "Integration.FlowSid".into(),
                    crate::sid::check("FO0123456789abcdef0123456789abcdef", "FW", "Flow")
                        .unwrap_err()
                        .to_string(),
                ),
            ),
        ];
        for (request, want) in cases {
            let err = request.send().await.unwrap_err();
            assert_eq!(field_and_message(&err), want);
        }
        // What the typed setters' types refuse: an unknown enum value, text for a number,
        // JSON of the wrong type, an unknown name.
        for (request, field, starts) in [
            (
                create().arg_str("ChannelType", "smss"),
                "ChannelType",
                "expected one of web, sms, got \"smss\"",
            ),
            (
                create().arg_str("Enabled", "yes"),
                "Enabled",
                "expected true or false, got \"yes\"",
            ),
            (
                create().arg("Enabled", "true"),
                "Enabled",
                "expected true or false, got the string \"true\"",
            ),
            (
                create().arg_str("Weight", "1.5"),
                "Weight",
                "expected a number from 0 to 1, got 1.5",
            ),
            (
                create().arg_str("Attributes", "[1]"),
                "Attributes",
                "expected a JSON object",
            ),
            (
                create().arg_str("Tags", ""),
                "Tags",
                "expected at least 1 characters, got 0",
            ),
            (
                create().arg_str("StartsAt", "tomorrow"),
                "StartsAt",
                "expected an RFC 3339 date-time",
            ),
            (
                create().arg_str("Colour", "red"),
                "Colour",
                "not a parameter of CreateWidget; it takes Attributes, ChannelType",
            ),
            (
                DynamicRequest::new(state, &CREATE),
                "FriendlyName",
                "a value is required",
            ),
            // The declared family's rules, checked on the body as it would be sent.
            (
                create().arg_str("IntegrationType", "studio"),
                "Integration.FlowSid",
                "required for studio integrations",
            ),
            (
                create()
                    .arg_str("IntegrationType", "external")
                    .arg_str("Integration.Url", "https://example.com/hook")
                    .arg_str("Integration.FlowSid", "FW0123456789abcdef0123456789abcdef"),
                "Integration.FlowSid",
                "applies only to studio integrations",
            ),
        ] {
            let err = request.send().await.unwrap_err();
            let (got_field, message) = field_and_message(&err);
            assert_eq!(got_field, field, "{err}");
            assert!(message.starts_with(starts), "{field}: {message}");
            assert!(
                err.to_string().starts_with("CreateWidget: invalid `"),
                "{err}"
            );
        }
        // The first value refused is the one reported; `check` says so without sending.
        let request = create().arg_str("RetryCount", "9").arg_str("Enabled", "x");
        assert_eq!(
            field_and_message(&request.check().unwrap_err()).0,
            "RetryCount"
        );
        // `try_arg_str`/`try_arg` refuse at once, naming the field; an accepted value passes.
        let err = create().try_arg_str("RetryCount", "9").unwrap_err();
        assert_eq!(field_and_message(&err).0, "RetryCount");
        let err = create().try_arg("Enabled", "yes").unwrap_err();
        assert_eq!(field_and_message(&err).0, "Enabled");
        assert!(create().try_arg_str("RetryCount", "2").is_ok());
        let err = DynamicRequest::new(state, &FETCH_CHILD)
            .arg_str("Name", "x")
            .send()
            .await
            .unwrap_err();
        assert_eq!(
            field_and_message(&err),
            ("WidgetSid".into(), "a value is required".into())
        );
        assert_eq!(seen.lock().unwrap().len(), 0, "nothing was sent");
        // Lenient patterns: a SID with another prefix is sent, as by the typed setters.
        let lenient = crate::testing::lenient_client(&base);
        DynamicRequest::new(&lenient.inner, &FETCH_CHILD)
            .arg_str("WidgetSid", "UT0123456789abcdef0123456789abcdef")
            .arg_str("Name", "x")
            .send()
            .await
            .unwrap();
        assert_eq!(seen.lock().unwrap().len(), 1);
    }

    #[tokio::test]
    async fn requests_are_built_as_the_generated_builders_build_them() {
        let (base, seen) = serve(echo()).await;
        let client = crate::testing::client(&base);
        let state = &client.inner;
        let answer = DynamicRequest::new(state, &CREATE)
            .arg_str("friendly_name", "Support & Sales")
            .arg_str("ChannelType", "sms")
            .arg("Enabled", true)
            .arg_str("RetryCount", "2")
            .arg_str("Weight", "1")
            .arg_str("Tags", "a")
            .arg("Tags", json!(["b", "c"]))
            .arg_str("Attributes", r#"{"x": [1, 2], "y": "z"}"#)
            .arg_str("Flex-Metadata", "ci=1")
            .arg_str("IntegrationType", "studio")
            .arg_str("Integration.FlowSid", "FW0123456789abcdef0123456789abcdef")
            .send()
            .await
            .unwrap();
        assert_eq!(answer["sid"], "FO0123456789abcdef0123456789abcdef");
        let s = seen.lock().unwrap()[0].clone();
        assert_eq!(
            (s.method.as_str(), s.target.as_str()),
            ("POST", "/v1/Widgets")
        );
        assert_eq!(
            s.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(s.header("accept"), Some("application/json"));
        assert_eq!(s.header("flex-metadata"), Some("ci=1"));
        assert!(s.header("authorization").unwrap().starts_with("Basic "));
        // Twilio's form encoding, as `wire::encode_form` writes a typed body: fields in order,
        // lists as repeated keys, objects as compact JSON, integral numbers as integers.
        let typed_body = crate::wire::encode_form(&json!({
            "FriendlyName": "Support & Sales",
            "ChannelType": "sms",
            "Enabled": true,
            "RetryCount": 2,
            "Weight": 1.0,
            "Tags": ["a", "b", "c"],
            "Attributes": {"x": [1, 2], "y": "z"},
            "IntegrationType": "studio",
            "Integration.FlowSid": "FW0123456789abcdef0123456789abcdef",
        }))
        .unwrap();
        let pairs = |b: &str| {
            let mut p: Vec<(String, String)> =
                form_urlencoded::parse(b.as_bytes()).into_owned().collect();
            p.sort();
            p
        };
        assert_eq!(pairs(&s.body), pairs(&typed_body));
        assert!(s.body.starts_with("FriendlyName=Support+%26+Sales&ChannelType=sms&Enabled=true&RetryCount=2&Weight=1&Tags=a&Tags=b&Tags=c&"), "{}", s.body);

        // Path parameters percent-encoded as the builders' `PathSegment`s.
        DynamicRequest::new(state, &FETCH_CHILD)
            .arg_str("WidgetSid", "FO0123456789abcdef0123456789abcdef")
            .arg_str("Name", "a b/c?")
            .send()
            .await
            .unwrap();
        let s = seen.lock().unwrap()[1].clone();
        assert_eq!(
            s.target,
            "/v1/Widgets/FO0123456789abcdef0123456789abcdef/Parts/a%20b%2Fc%3F"
        );
        assert_eq!((s.method.as_str(), s.body.as_str()), ("GET", ""));
        assert_eq!(s.header("content-type"), None);

        // A declared JSON body: the values given, `account_sid` from the credentials; empty
        // is refused, as by the typed builder.
        DynamicRequest::new(state, &UPDATE_SETTINGS)
            .arg_str("ui_attributes", r#"{"logLevel": "debug"}"#)
            .arg_str("workspace_sid", "WS0123456789abcdef0123456789abcdef")
            .send()
            .await
            .unwrap();
        let s = seen.lock().unwrap()[2].clone();
        assert_eq!(s.header("content-type"), Some("application/json"));
        let body: Value = serde_json::from_str(&s.body).unwrap();
        assert_eq!(
            body,
            json!({
                "ui_attributes": {"logLevel": "debug"},
                "workspace_sid": "WS0123456789abcdef0123456789abcdef",
                "account_sid": "AC0123456789abcdef0123456789abcdef",
            })
        );
        let err = DynamicRequest::new(state, &UPDATE_SETTINGS)
            .send()
            .await
            .unwrap_err();
        assert_eq!(field_and_message(&err).0, "body");
        // `.body(map)`: declared keys checked, others kept for a JSON body.
        let err = DynamicRequest::new(state, &UPDATE_SETTINGS)
            .body(
                json!({"workspace_sid": "WW0123456789abcdef0123456789abcdef"})
                    .as_object()
                    .unwrap()
                    .clone(),
            )
            .check()
            .unwrap_err();
        assert_eq!(field_and_message(&err).0, "workspace_sid");
        DynamicRequest::new(state, &UPDATE_SETTINGS)
            .body(json!({"new_property": 1}).as_object().unwrap().clone())
            .send()
            .await
            .unwrap();
        let s = seen.lock().unwrap()[3].clone();
        let body: Value = serde_json::from_str(&s.body).unwrap();
        assert_eq!(body["new_property"], 1);
        // …and refused for a form body.
        let err = DynamicRequest::new(state, &CREATE)
            .body(json!({"Colour": "red"}).as_object().unwrap().clone())
            .check()
            .unwrap_err();
        assert_eq!(field_and_message(&err).0, "Colour");
        assert_eq!(seen.lock().unwrap().len(), 4);
    }

    #[tokio::test]
    async fn answers_are_json_and_errors_typed() {
        let (base, _seen) = serve(Box::new(|r, _| {
            if r.method == "DELETE" {
                (204, String::new())
            } else {
                (
                    404,
                    r#"{"code": 20404, "message": "not found", "status": 404}"#.into(),
                )
            }
        }))
        .await;
        let client = crate::testing::client(&base);
        let deleted = DynamicRequest::new(&client.inner, &DELETE)
            .arg_str("Sid", "FO0123456789abcdef0123456789abcdef")
            .send()
            .await
            .unwrap();
        assert_eq!(deleted, Value::Null);
        let err = DynamicRequest::new(&client.inner, &FETCH_CHILD)
            .arg_str("WidgetSid", "FO0123456789abcdef0123456789abcdef")
            .arg_str("Name", "x")
            .send()
            .await
            .unwrap_err();
        match err {
            Error::Api(e) => {
                assert_eq!(
                    (e.status, e.code, e.operation),
                    (404, Some(20404), "FetchWidgetPart")
                )
            }
            other => panic!("{other:?}"),
        }
    }

    /// Pages of 3 widgets, 7 in all, linked by `next_page_url` with `PageToken`.
    fn pages() -> Reply {
        Box::new(|r, base| {
            let url = url::Url::parse(&format!("{base}{}", r.target)).unwrap();
            let q: Vec<(String, String)> = url.query_pairs().into_owned().collect();
            let get = |k: &str| q.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
            let size: usize = get("PageSize").and_then(|s| s.parse().ok()).unwrap_or(3);
            let start: usize = get("PageToken").and_then(|s| s.parse().ok()).unwrap_or(0);
            let end = (start + size).min(7);
            let items: Vec<Value> = (start..end).map(|i| json!({"n": i})).collect();
            let next =
                (end < 7).then(|| format!("{base}/v1/Widgets?PageSize={size}&PageToken={end}"));
            let page = json!({
                "widgets": items,
                "meta": {"page_size": size, "url": format!("{base}{}", r.target), "next_page_url": next, "key": "widgets"},
            });
            (200, page.to_string())
        })
    }

    #[tokio::test]
    async fn lists_stream_across_pages_with_a_limit_and_keep_their_headers() {
        let (base, seen) = serve(pages()).await;
        let client = crate::testing::client(&base);
        let state = &client.inner;
        let all: Vec<Value> = DynamicRequest::new(state, &LIST)
            .arg_str("PageSize", "3")
            .arg_str("Status", "open")
            .arg_str("Status", "closed")
            .arg_str("Flex-Metadata", "ci=1")
            .stream()
            .map(|r| r.unwrap())
            .collect()
            .await;
        assert_eq!(all, (0..7).map(|i| json!({"n": i})).collect::<Vec<_>>());
        {
            let seen = seen.lock().unwrap();
            assert_eq!(seen.len(), 3);
            assert_eq!(
                seen[0].target,
                "/v1/Widgets?Status=open&Status=closed&PageSize=3"
            );
            // The operation's header parameters go with every page, as for typed lists.
            assert!(
                seen.iter()
                    .all(|s| s.header("flex-metadata") == Some("ci=1"))
            );
        }
        // A limit asks for pages of at most that many items and no page more than needed.
        let two: Vec<Value> = DynamicRequest::new(state, &LIST)
            .stream()
            .limit(2)
            .map(|r| r.unwrap())
            .collect()
            .await;
        assert_eq!(two, vec![json!({"n": 0}), json!({"n": 1})]);
        {
            let seen = seen.lock().unwrap();
            assert_eq!(seen.len(), 4);
            assert_eq!(seen[3].target, "/v1/Widgets?PageSize=2");
        }
        // Pages, with their meta.
        let pages: Vec<_> = DynamicRequest::new(state, &LIST)
            .arg("PageSize", 5)
            .pages()
            .map(|r| r.unwrap())
            .collect()
            .await;
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].items.len(), 5);
        assert!(pages[0].next_page_url().unwrap().ends_with("PageToken=5"));
        assert_eq!(pages[1].next_page_url(), None);
        // A refused value is the stream's one item, and nothing is sent; so is a stream of an
        // operation that isn't a list.
        let before = seen.lock().unwrap().len();
        let refused: Vec<_> = DynamicRequest::new(state, &LIST)
            .arg_str("PageSize", "0")
            .stream()
            .collect()
            .await;
        assert_eq!(refused.len(), 1);
        assert_eq!(
            field_and_message(refused[0].as_ref().unwrap_err()),
            typed(check_range("PageSize", 0i64, Some(1), Some(1000)))
        );
        let not_a_list: Vec<_> = DynamicRequest::new(state, &DELETE)
            .arg_str("Sid", "FO0123456789abcdef0123456789abcdef")
            .stream()
            .collect()
            .await;
        assert_eq!(
            field_and_message(not_a_list[0].as_ref().unwrap_err()).0,
            "operation"
        );
        assert_eq!(seen.lock().unwrap().len(), before);
        // `send` on a list is its first page as Twilio sent it.
        let page = DynamicRequest::new(state, &LIST).send().await.unwrap();
        assert_eq!(page["widgets"].as_array().unwrap().len(), 3);
    }
}
