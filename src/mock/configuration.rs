//! The Flex Configuration as Twilio serves it, beyond the generic model: its update (the body
//! the product declares as the writable part of the `Configuration` schema, `declarations.rs`)
//! takes JSON only, must carry the account's SID, replaces each property it names whole
//! (JSON-typed ones included: no deep merge) and moves `date_updated` forward. And a test can
//! change the configuration behind a client's back with [`MockServer::set_configuration`].

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{Map, Value};
use twilio_spec::fixups::BodyUse;

use super::handler::{Reply, Shared, to_json};
use super::spec_model::{Operation, Role};
use super::validate::{ApiError, Field};
use super::{MockError, MockServer};

/// The path of the resource [`MockServer::set_configuration`] changes.
const CONFIGURATION: &str = "/v1/Configuration";

/// `POST` of a declared body (the Configuration update), after the JSON body was checked
/// against the writable properties' types (`check_json`).
///
/// Twilio's error for a missing or foreign `account_sid` isn't documented: this answers its
/// usual "invalid parameter" (400, code 20001) naming the parameter.
pub(crate) fn update(
    shared: &Shared,
    op: &Operation,
    declared: &BodyUse,
    fields: &[Field],
    now: &str,
) -> Result<Reply, ApiError> {
    if let Some(key) = &declared.account_sid_key {
        match fields.iter().find(|f| f.name == *key).map(|f| &f.value) {
            None => {
                return Err(ApiError::invalid(format!(
                    "Missing required parameter {key} in the request body"
                )));
            }
            Some(Value::String(sid)) if sid == shared.account => {}
            Some(other) => {
                return Err(ApiError::invalid(format!(
                    "Invalid value {other} for parameter {key}: must be the SID of the account \
                     making the request"
                )));
            }
        }
    }
    let path = shared
        .spec
        .resources
        .get(op.resource)
        .map_or(CONFIGURATION, |r| r.name.as_str());
    // Each writable property named is replaced whole; read-only and unknown ones are ignored,
    // as Twilio ignores parameters it doesn't take.
    shared
        .modify(op.resource, &[], "", |rec| {
            for f in fields {
                if declared.writable.contains(&f.name) {
                    rec.insert(f.name.clone(), f.value.clone());
                }
            }
            bump(rec, now);
        })
        .map(|rec| Reply::json(op.status, to_json(&rec)))
        .ok_or_else(|| ApiError::not_found(path))
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
        let (ri, role, _) = self.resolve(CONFIGURATION)?;
        if role != Role::Singleton {
            return Err(MockError::UnknownRoute(CONFIGURATION.into()));
        }
        let now = super::record::now();
        let rec = self
            .shared
            .modify(ri, &[], "", |rec| {
                let dated = properties.contains_key("date_updated");
                for (k, v) in properties {
                    rec.insert(k, v);
                }
                if !dated {
                    bump(rec, &now);
                }
            })
            .ok_or_else(|| MockError::UnknownRoute(CONFIGURATION.into()))?;
        Ok(Value::Object(rec))
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
