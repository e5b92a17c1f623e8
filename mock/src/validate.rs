//! Request validation against the spec's parameter rules, with Twilio-shaped
//! error bodies. Every failure on request input is an [`ApiError`], never a panic.

use bytes::Bytes;
use serde_json::{Map, Value, json};

use crate::model::{Param, StrRule, Ty};

/// An error answer, as Twilio shapes it: the HTTP status, Twilio's error code and a message
/// (`{"code", "message", "more_info", "status"}` on the wire).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// Twilio's error code (20001 "invalid parameter", 20404 "not found", …).
    pub code: u32,
    /// What went wrong, naming the parameter.
    pub message: String,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.status, self.code, self.message)
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// Any status and code. Twilio publishes no code for some answers (a duplicate unique
    /// name); the engine's convention there is `20000 + status` (20409), as its faults use.
    pub fn new(status: u16, code: u32, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400 / 20001, Twilio's "invalid parameter".
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(400, 20001, message)
    }

    /// 404 / 20404 for a path.
    pub fn not_found(path: &str) -> Self {
        Self::new(
            404,
            20404,
            format!("The requested resource {path} was not found"),
        )
    }

    pub(crate) fn unauthorized() -> Self {
        Self::new(401, 20003, "Authenticate")
    }

    pub(crate) fn method_not_allowed(method: &str, path: &str) -> Self {
        Self::new(405, 20004, format!("Method {method} not allowed on {path}"))
    }

    /// `{"code", "message", "more_info", "status"}` as Twilio sends it.
    pub(crate) fn body(&self) -> Bytes {
        let v = json!({
            "code": self.code,
            "message": self.message,
            "more_info": format!("https://www.twilio.com/docs/errors/{}", self.code),
            "status": self.status,
        });
        Bytes::from(v.to_string())
    }
}

/// A validated request field: its wire name, its text (form bodies and query strings) and
/// its typed value.
#[derive(Debug, Clone)]
pub struct Field {
    pub(crate) name: String,
    pub(crate) raw: Option<String>,
    pub(crate) value: Value,
}

impl Field {
    /// The wire name (`FriendlyName`, `Integration.FlowSid`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The value, typed as the spec says (a number, a boolean, a JSON object sent as text).
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The value as sent, for form bodies and query strings; for JSON bodies, a string value.
    pub fn text(&self) -> Option<&str> {
        self.raw.as_deref().or(self.value.as_str())
    }
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// `application/x-www-form-urlencoded` decoding of one component; malformed
/// `%` escapes are kept literally (as browsers do), bad UTF-8 is an error.
fn decode(part: &[u8]) -> Result<String, ApiError> {
    let mut out = Vec::with_capacity(part.len());
    let mut i = 0;
    while let Some(&b) = part.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => match (
                part.get(i + 1).copied().and_then(hex),
                part.get(i + 2).copied().and_then(hex),
            ) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| ApiError::invalid("Request parameters must be valid UTF-8"))
}

/// Parses a query string or form body into ordered (name, value) pairs.
pub(crate) fn parse_pairs(input: &[u8]) -> Result<Vec<(String, String)>, ApiError> {
    let mut out = Vec::new();
    for piece in input.split(|&b| b == b'&') {
        if piece.is_empty() {
            continue;
        }
        let (k, v) = match piece.iter().position(|&b| b == b'=') {
            Some(i) => (&piece[..i], &piece[i + 1..]),
            None => (piece, &b""[..]),
        };
        out.push((decode(k)?, decode(v)?));
    }
    Ok(out)
}

pub(crate) fn check_str(name: &str, raw: &str, rule: &StrRule) -> Result<(), ApiError> {
    if let Some(prefix) = &rule.sid_prefix {
        let ok = raw.len() == 34
            && raw.starts_with(prefix.as_str())
            && raw
                .as_bytes()
                .get(2..)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        if !ok {
            return Err(ApiError::invalid(format!(
                "Invalid value '{raw}' for parameter {name}: must be a SID matching ^{prefix}[0-9a-fA-F]{{32}}$"
            )));
        }
    }
    if let Some(values) = &rule.enum_values
        && !values.iter().any(|v| v == raw)
    {
        return Err(ApiError::invalid(format!(
            "Invalid value '{raw}' for parameter {name}: must be one of {}",
            values.join(", ")
        )));
    }
    let len = raw.chars().count();
    if rule.min_len.is_some_and(|m| len < m) || rule.max_len.is_some_and(|m| len > m) {
        return Err(ApiError::invalid(format!(
            "Invalid value '{raw}' for parameter {name}: wrong length"
        )));
    }
    Ok(())
}

/// Checks one textual value against its type; returns the typed JSON value.
pub(crate) fn check_value(name: &str, raw: &str, ty: &Ty) -> Result<Value, ApiError> {
    match ty {
        Ty::Str(rule) => {
            check_str(name, raw, rule)?;
            Ok(Value::String(raw.to_string()))
        }
        Ty::Int { min, max } => {
            let n: i64 = raw.trim().parse().map_err(|_| {
                ApiError::invalid(format!(
                    "Invalid value '{raw}' for parameter {name}: must be an integer"
                ))
            })?;
            if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                let range = match (min, max) {
                    (Some(a), Some(b)) => format!("between {a} and {b}"),
                    (Some(a), None) => format!("at least {a}"),
                    (None, Some(b)) => format!("at most {b}"),
                    (None, None) => String::new(),
                };
                return Err(ApiError::invalid(format!(
                    "Invalid value '{raw}' for parameter {name}: must be {range}"
                )));
            }
            Ok(Value::from(n))
        }
        Ty::Num { min, max } => {
            let n: f64 = raw
                .trim()
                .parse()
                .ok()
                .filter(|n: &f64| n.is_finite())
                .ok_or_else(|| {
                    ApiError::invalid(format!(
                        "Invalid value '{raw}' for parameter {name}: must be a number"
                    ))
                })?;
            if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                return Err(ApiError::invalid(format!(
                    "Invalid value '{raw}' for parameter {name}: out of range"
                )));
            }
            Ok(serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number))
        }
        Ty::Bool => match raw.to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(ApiError::invalid(format!(
                "Invalid value '{raw}' for parameter {name}: must be true or false"
            ))),
        },
        Ty::Array(item) => check_value(name, raw, item),
        // Twilio passes JSON objects as strings in form bodies.
        Ty::Object | Ty::Any => {
            let t = raw.trim_start();
            if t.starts_with('{') || t.starts_with('[') {
                match serde_json::from_str::<Value>(raw) {
                    Ok(v) => Ok(v),
                    Err(_) if matches!(ty, Ty::Object) => Err(ApiError::invalid(format!(
                        "Invalid value for parameter {name}: must be a JSON object"
                    ))),
                    Err(_) => Ok(Value::String(raw.to_string())),
                }
            } else {
                Ok(Value::String(raw.to_string()))
            }
        }
    }
}

/// Validates (name, value) pairs against declared parameters. Unknown names
/// are ignored, as Twilio does; repeated names make arrays; for scalars the
/// last occurrence wins.
pub(crate) fn check_pairs(
    params: &[Param],
    pairs: &[(String, String)],
    location: &str,
) -> Result<Vec<Field>, ApiError> {
    let mut out = Vec::new();
    for p in params {
        let values: Vec<&str> = pairs
            .iter()
            .filter(|(k, _)| *k == p.name)
            .map(|(_, v)| v.as_str())
            .collect();
        let Some(last) = values.last() else {
            if p.required {
                return Err(ApiError::invalid(format!(
                    "Missing required parameter {} in the {location}",
                    p.name
                )));
            }
            continue;
        };
        let value = match &p.ty {
            Ty::Array(_) => Value::Array(
                values
                    .iter()
                    .map(|v| check_value(&p.name, v, &p.ty))
                    .collect::<Result<_, _>>()?,
            ),
            ty => check_value(&p.name, last, ty)?,
        };
        out.push(Field {
            name: p.name.clone(),
            raw: Some((*last).to_string()),
            value,
        });
    }
    Ok(out)
}

fn json_matches(v: &Value, ty: &Ty) -> bool {
    match (ty, v) {
        (_, Value::Null) | (Ty::Any, _) => true,
        (Ty::Str(_), Value::String(_)) | (Ty::Bool, Value::Bool(_)) => true,
        (Ty::Int { .. }, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Ty::Num { .. }, Value::Number(_)) => true,
        (Ty::Array(_), Value::Array(_)) | (Ty::Object, Value::Object(_)) => true,
        _ => false,
    }
}

/// Validates a JSON request body (must be an object).
pub(crate) fn check_json(params: &[Param], body: &[u8]) -> Result<Vec<Field>, ApiError> {
    let obj: Map<String, Value> = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => m,
        _ => return Err(ApiError::invalid("Request body must be a JSON object")),
    };
    for p in params {
        match obj.get(&p.name) {
            None if p.required => {
                return Err(ApiError::invalid(format!(
                    "Missing required parameter {} in the request body",
                    p.name
                )));
            }
            Some(v) if !json_matches(v, &p.ty) => {
                return Err(ApiError::invalid(format!(
                    "Invalid type for parameter {}",
                    p.name
                )));
            }
            Some(Value::String(s)) => {
                if let Ty::Str(rule) = &p.ty {
                    check_str(&p.name, s, rule)?;
                }
            }
            _ => {}
        }
    }
    Ok(obj
        .into_iter()
        .map(|(name, value)| Field {
            name,
            raw: None,
            value,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_never_panics() {
        assert!(parse_pairs(b"a=%ff").is_err());
        assert_eq!(parse_pairs(b"a=%2").unwrap()[0].1, "%2");
        assert_eq!(parse_pairs(b"a+b=c%20d&&x").unwrap().len(), 2);
        assert_eq!(parse_pairs(b"=&=").unwrap()[0].0, "");
    }

    #[test]
    fn values() {
        let int = Ty::Int {
            min: Some(1),
            max: Some(1000),
        };
        assert!(check_value("PageSize", "0", &int).is_err());
        assert!(check_value("PageSize", "99999999999999999999999", &int).is_err());
        assert_eq!(
            check_value("PageSize", "10", &int).unwrap(),
            Value::from(10)
        );
        let sid = Ty::Str(StrRule {
            sid_prefix: Some("FO".into()),
            ..Default::default()
        });
        assert!(check_value("Sid", "FOé1234567890123456789012345678901", &sid).is_err());
        assert!(check_value("Sid", "FO0123456789abcdef0123456789abcdef", &sid).is_ok());
    }
}
