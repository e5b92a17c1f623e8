//! The Flex Configuration as Twilio serves it, beyond the generic model.
//!
//! The resource is the singleton whose update has a declared body (the writable part of the
//! `Configuration` schema, `declarations.rs`). That update takes JSON only (the spec says so),
//! must carry the account's SID, replaces each property it names whole (JSON-typed ones
//! included: no deep merge) and moves `date_updated` forward. A new server's configuration is
//! a new Flex account's: the spec's example, with the UI attributes Flex starts with where the
//! example leaves them empty. A test can change it behind a client's back with
//! [`MockServer::set_configuration`].

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{Map, Value, json};
use twilio_mock::rules::{Next, Request, State, Stored};
use twilio_mock::{ApiError, MockError, Model, OpKind, Resource, Rules};

use crate::mock::MockServer;

/// The Configuration's rules.
#[derive(Debug, Default)]
pub(crate) struct Configuration;

/// What a new Flex account's free-form properties hold where the spec's example shows an
/// empty object: Flex UI's default theme and log level. README's "Configuration as code"
/// example edits these.
fn account_defaults() -> Map<String, Value> {
    let Value::Object(m) = json!({
        "ui_attributes": {
            "colorTheme": {"baseName": "GreyDefault", "light": true},
            "logLevel": "info",
            "warmTransfers": {"enabled": true}
        }
    }) else {
        return Map::new();
    };
    m
}

/// Whether a resource is the one these rules serve: a singleton with a declared update body.
fn is_configuration(model: &Model, resource: &Resource) -> bool {
    resource.is_singleton()
        && model
            .operations_of(resource.id())
            .any(|op| op.kind() == OpKind::SingletonUpdate && op.declared_body().is_some())
}

impl Rules for Configuration {
    fn initial(&self, model: &Model, resource: &Resource, record: &mut Map<String, Value>) {
        if !is_configuration(model, resource) {
            return;
        }
        for (k, v) in account_defaults() {
            let empty = match record.get(&k) {
                None | Some(Value::Null) => true,
                Some(Value::Object(m)) => m.is_empty(),
                Some(_) => false,
            };
            if empty && resource.field_type(&k).is_some() {
                record.insert(k, v);
            }
        }
    }

    /// `POST` of the declared body, after the engine checked the JSON body against the
    /// writable properties' types.
    ///
    /// Twilio's error for a missing or foreign `account_sid` isn't documented: this answers
    /// its usual "invalid parameter" (400, code 20001) naming the parameter.
    fn update(
        &self,
        state: &State<'_>,
        request: &Request<'_>,
        next: Next<'_>,
    ) -> Result<Stored, ApiError> {
        let op = request.operation();
        let (OpKind::SingletonUpdate, Some(declared)) = (op.kind(), op.declared_body()) else {
            return next.run();
        };
        if let Some(key) = &declared.account_sid_key {
            match request.field(key).map(|f| f.value()) {
                None => {
                    return Err(ApiError::invalid(format!(
                        "Missing required parameter {key} in the request body"
                    )));
                }
                Some(Value::String(sid)) if sid == state.account_sid() => {}
                Some(other) => {
                    return Err(ApiError::invalid(format!(
                        "Invalid value {other} for parameter {key}: must be the SID of the \
                         account making the request"
                    )));
                }
            }
        }
        // Each writable property named is replaced whole; read-only and unknown ones are
        // ignored, as Twilio ignores parameters it doesn't take.
        state
            .modify(request.resource().id(), &[], "", |rec| {
                for f in request.fields() {
                    if declared.writable.iter().any(|w| w == f.name()) {
                        rec.insert(f.name().to_string(), f.value().clone());
                    }
                }
                bump(rec, request.now());
            })
            .map(|rec| Stored::new("", &rec))
            .ok_or_else(|| ApiError::not_found(request.path()))
    }
}

/// Sets `date_updated` to now, or a second after its current value if that isn't earlier:
/// every change moves it forward, even two in the same second.
fn bump(rec: &mut Map<String, Value>, now: &str) {
    let Ok(now_t) = DateTime::parse_from_rfc3339(now).map(|t| t.with_timezone(&Utc)) else {
        return;
    };
    let previous = rec
        .get("date_updated")
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc));
    let next = match previous {
        Some(p) if p >= now_t => p + Duration::seconds(1),
        _ => now_t,
    };
    rec.insert(
        "date_updated".into(),
        Value::String(next.to_rfc3339_opts(SecondsFormat::Secs, true)),
    );
}

impl MockServer {
    /// Changes the Flex Configuration (`/v1/Configuration`) as another client would, behind
    /// the back of the clients under test: each top-level property of `properties` (a JSON
    /// object) replaces the stored one whole, any property (read-only ones too), and
    /// `date_updated` moves forward unless `properties` sets it. Counts no request. Returns
    /// the configuration as a fetch would now return it.
    ///
    /// For testing `Error::Conflict` of `ConfigurationEdit::apply`: change a property
    /// between the edit and its apply.
    ///
    /// ```no_run
    /// # async fn t() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = twilio_flex::mock::MockServer::start().await?;
    /// server.set_configuration(serde_json::json!({"ui_attributes": {"logLevel": "debug"}}))?;
    /// # Ok(()) }
    /// ```
    pub fn set_configuration(&self, properties: Value) -> Result<Value, MockError> {
        let Value::Object(properties) = properties else {
            return Err(MockError::InvalidFields(format!(
                "expected a JSON object of Configuration properties, got {properties}"
            )));
        };
        let model = self.inner.model();
        let path = model
            .resources()
            .iter()
            .find(|r| is_configuration(model, r))
            .map(|r| r.path().to_string())
            .ok_or_else(|| MockError::UnknownRoute("/v1/Configuration".into()))?;
        let now = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        self.inner.modify(&path, |rec| {
            let dated = properties.contains_key("date_updated");
            for (k, v) in properties {
                rec.insert(k, v);
            }
            if !dated {
                bump(rec, &now);
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_updated_moves_forward_within_a_second() {
        let mut rec = Map::new();
        rec.insert("date_updated".into(), "2030-01-01T00:00:05Z".into());
        bump(&mut rec, "2030-01-01T00:00:05Z");
        assert_eq!(rec["date_updated"], "2030-01-01T00:00:06Z");
        bump(&mut rec, "2030-01-01T00:00:05Z");
        assert_eq!(rec["date_updated"], "2030-01-01T00:00:07Z");
        bump(&mut rec, "2030-01-01T00:01:00Z");
        assert_eq!(rec["date_updated"], "2030-01-01T00:01:00Z");
        // A record without one gets now.
        let mut rec = Map::new();
        bump(&mut rec, "2030-01-01T00:00:05Z");
        assert_eq!(rec["date_updated"], "2030-01-01T00:00:05Z");
    }
}
