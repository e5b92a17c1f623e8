//! The Plugin Service as Twilio runs it, on top of the spec-driven engine.
//!
//! The spec says what each Plugin Service resource looks like, not how they depend on each
//! other. Twilio's service (and its CLI, which relies on it) does:
//!
//! - a configuration's `Plugins` (`{"plugin_version": "FV…", "phase": 3}` items, as JSON
//!   objects or JSON strings) become its configured plugins (the configuration's nested
//!   resource that has no create of its own), one per plugin, joined from the version and its
//!   plugin;
//! - a plugin's `UniqueName` is unique in the account, a version's `Version` within its plugin;
//! - archived plugins and versions can't go into a new configuration, and an archived
//!   configuration can't be released; a release names an existing configuration;
//! - releases and plugin versions list newest first: the first release is the active one, the
//!   first version the latest (what Twilio's Flex Plugins CLI reads them as).
//!
//! The four creates are found by operationId; everything else through the model: a request
//! parameter's record field (`ConfigurationId` → `configuration_sid`), the resource a SID
//! field names (by its prefix), nesting, and "archived" as the state a resource's action
//! sets (`…/Archive` → `archived: true`). A configured plugin's fields are taken, by name,
//! from the records its item names: each field from the record that has it
//! (`unique_name` from the plugin, `version` from the version), or with that record's prefix
//! (`plugin_version_archived` ← the version's `archived`).
//!
//! Error bodies are Twilio's shape. Twilio publishes no error code for a duplicate unique name
//! or version, so those answer 409 with the engine's `20000 + status` convention (20409, as
//! injected faults do); an unusable value is Twilio's "invalid parameter" (400, 20001) naming
//! `Plugins` or `ConfigurationId`; an unknown configuration is 404, 20404.

use std::sync::{Mutex, PoisonError};

use serde_json::{Map, Value};
use twilio_mock::model::ValueType;
use twilio_mock::rules::{Next, Request, State, Stored};
use twilio_mock::{ApiError, ListOrder, Model, OpKind, Resource, Rules};

const CREATE_PLUGIN: &str = "CreatePlugin";
const CREATE_VERSION: &str = "CreatePluginVersion";
const CREATE_CONFIGURATION: &str = "CreatePluginConfiguration";
const CREATE_RELEASE: &str = "CreatePluginRelease";

/// Request parameters whose value is unique within their collection: a plugin's unique name
/// (per account), a version's version string (per plugin).
const UNIQUE: [(&str, &str); 2] = [(CREATE_PLUGIN, "UniqueName"), (CREATE_VERSION, "Version")];

/// The configuration parameter listing its plugins, and the item key naming each one's
/// version (Twilio's item shape: `{"plugin_version": "FV…", "phase": 3}`).
const PLUGINS: &str = "Plugins";
const ITEM_VERSION: &str = "plugin_version";

/// The Plugin Service's rules.
#[derive(Debug, Default)]
pub(crate) struct PluginService {
    /// Plugin Service creates are checked and applied one at a time, so that two concurrent
    /// creates of one unique name can't both pass the check. (Held only inside the
    /// synchronous part of a request.)
    writes: Mutex<()>,
}

impl Rules for PluginService {
    fn create(
        &self,
        state: &State<'_>,
        request: &Request<'_>,
        next: Next<'_>,
    ) -> Result<Stored, ApiError> {
        let op = request.operation().id();
        if ![
            CREATE_PLUGIN,
            CREATE_VERSION,
            CREATE_CONFIGURATION,
            CREATE_RELEASE,
        ]
        .contains(&op)
        {
            return next.run();
        }
        let _one_at_a_time = self.writes.lock().unwrap_or_else(PoisonError::into_inner);
        for (_, param) in UNIQUE.iter().filter(|(o, _)| *o == op) {
            unique(state, request, param)?;
        }
        let configured = match op {
            CREATE_CONFIGURATION => configured_plugins(state, request)?,
            _ => Vec::new(),
        };
        if op == CREATE_RELEASE {
            references_exist(state, request)?;
        }
        let stored = next.run()?;
        if let Some(nested) = configured_resource(state.model()) {
            let parents = [stored.id().to_string()];
            for record in configured {
                if let Err(e) = state.insert(nested.id(), &parents, record, request.now()) {
                    tracing::debug!(target: "twilio_flex::mock", configuration = stored.id(), error = %e.message, "configured plugin not stored");
                }
            }
        }
        Ok(stored)
    }

    fn list_order(&self, model: &Model, resource: &Resource) -> Option<ListOrder> {
        [CREATE_RELEASE, CREATE_VERSION]
            .iter()
            .any(|op| model.resource_of(op).map(Resource::id) == Some(resource.id()))
            .then_some(ListOrder::NewestFirst)
    }
}

/// The configuration's nested resource that the API fills itself: its configured plugins.
fn configured_resource(model: &Model) -> Option<&Resource> {
    let configurations = model.resource_of(CREATE_CONFIGURATION)?;
    configurations
        .children()
        .iter()
        .filter_map(|c| model.resource(*c))
        .find(|c| {
            !model
                .operations_of(c.id())
                .any(|op| op.kind() == OpKind::Create)
        })
}

/// Fields the engine fills in a stored record itself (parents, account, dates, URL): a
/// rule's record leaves them out. Its id it may give.
fn engine_filled(resource: &Resource, field: &str) -> bool {
    resource.is_structural(field) && resource.id_field() != Some(field)
}

/// Whether a record is in the state one of its resource's actions sets (archived).
fn retired(model: &Model, resource: &Resource, record: &Map<String, Value>) -> bool {
    model
        .operations_of(resource.id())
        .filter(|op| op.kind() == OpKind::Action && !op.action_changes().is_empty())
        .any(|op| {
            op.action_changes()
                .iter()
                .all(|(k, v)| record.get(k) == Some(v))
        })
}

/// A parameter's value is not already a record's in the same collection.
fn unique(state: &State<'_>, request: &Request<'_>, param: &str) -> Result<(), ApiError> {
    let res = request.resource();
    let (Some(value), Some(field)) = (
        request.field(param).and_then(|f| f.text()),
        res.record_field(param),
    ) else {
        return Ok(());
    };
    let taken = state
        .records(res.id(), request.parents())
        .iter()
        .any(|r| r.get(&field).and_then(Value::as_str) == Some(value));
    if taken {
        return Err(ApiError::new(
            409,
            20409,
            format!(
                "A Flex {} with {param} '{value}' already exists",
                res.title()
            ),
        ));
    }
    Ok(())
}

fn invalid_plugins(message: impl std::fmt::Display) -> ApiError {
    ApiError::invalid(format!("Invalid value for parameter {PLUGINS}: {message}"))
}

/// The configured plugins a configuration's `Plugins` describe, checked: each item names an
/// existing, unarchived version of an unarchived plugin, each plugin at most once.
fn configured_plugins(
    state: &State<'_>,
    request: &Request<'_>,
) -> Result<Vec<Map<String, Value>>, ApiError> {
    let items = match request.field(PLUGINS).map(|f| f.value()) {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items.clone(),
        Some(one) => vec![one.clone()],
    };
    let model = state.model();
    let Some(configured) = configured_resource(model) else {
        return Ok(Vec::new());
    };
    let mut out: Vec<Map<String, Value>> = Vec::with_capacity(items.len());
    for item in items {
        let item = match item {
            Value::Object(m) => m,
            Value::String(s) => match serde_json::from_str::<Value>(&s) {
                Ok(Value::Object(m)) => m,
                _ => return Err(invalid_plugins(format!("{s:?} is not a JSON object"))),
            },
            other => return Err(invalid_plugins(format!("{other} is not a JSON object"))),
        };
        if !item.get(ITEM_VERSION).is_some_and(Value::is_string) {
            return Err(invalid_plugins(format!(
                "each item needs `{ITEM_VERSION}`, the SID of a Flex Plugin Version"
            )));
        }
        let record = join(state, configured, &item)?;
        // One plugin (and so one version) at most once.
        let refs = |r: &Map<String, Value>| -> Vec<(String, Value)> {
            r.iter()
                .filter(|(k, v)| configured.field_sid_prefix(k).is_some() && v.is_string())
                .filter(|(k, _)| !engine_filled(configured, k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        let mine = refs(&record);
        if let Some((_, v)) = out
            .iter()
            .flat_map(refs)
            .find(|shared| mine.contains(shared))
        {
            return Err(invalid_plugins(format!(
                "{} is listed more than once",
                v.as_str().unwrap_or_default()
            )));
        }
        out.push(record);
    }
    Ok(out)
}

/// A configured plugin from its item: the item's keys name fields (`phase`, and
/// `plugin_version` for `plugin_version_sid`); each SID field names a record, which must
/// exist and not be archived, and whose fields fill the rest (which may name further
/// records: the version's `plugin_sid` its plugin); fields still missing get the schema's
/// default.
fn join(
    state: &State<'_>,
    configured: &Resource,
    item: &Map<String, Value>,
) -> Result<Map<String, Value>, ApiError> {
    let model = state.model();
    let mut record = Map::new();
    let mut pending = Vec::new();
    for (key, value) in item {
        // Unknown keys are ignored, as Twilio ignores them (`migratable`).
        let Some(field) = [key.clone(), format!("{key}_sid")]
            .into_iter()
            .find(|f| configured.field_type(f).is_some() && !engine_filled(configured, f))
        else {
            continue;
        };
        let value = match configured.field_type(&field) {
            Some(ValueType::Int { .. }) => match value {
                Value::Null => continue,
                v => Value::from(
                    v.as_i64()
                        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                        .ok_or_else(|| invalid_plugins(format!("{key} {v} is not an integer")))?,
                ),
            },
            _ => value.clone(),
        };
        if configured.field_sid_prefix(&field).is_some() {
            pending.push(field.clone());
        }
        record.insert(field, value);
    }
    while let Some(field) = pending.pop() {
        let (Some(prefix), Some(id)) = (
            configured.field_sid_prefix(&field),
            record
                .get(&field)
                .and_then(Value::as_str)
                .map(str::to_string),
        ) else {
            continue;
        };
        let Some(source) = model.resource_with_prefix(prefix) else {
            continue;
        };
        let title = source.title();
        let Some((_, found)) = state.find(source.id(), &id) else {
            return Err(invalid_plugins(format!("Flex {title} {id} was not found")));
        };
        if retired(model, source, &found) {
            return Err(invalid_plugins(format!(
                "Flex {title} {id} is archived and can't be used in a configuration"
            )));
        }
        // `plugin_version_sid` → the version's fields as they are, or as `plugin_version_…`.
        let stem = field.strip_suffix("sid").unwrap_or(&field).to_string();
        let names: Vec<String> = configured.fields().map(str::to_string).collect();
        for name in names {
            if record.contains_key(&name) || engine_filled(configured, &name) {
                continue;
            }
            let value = found
                .get(&name)
                .or_else(|| name.strip_prefix(stem.as_str()).and_then(|g| found.get(g)));
            if let Some(v) = value {
                if configured.field_sid_prefix(&name).is_some() {
                    pending.push(name.clone());
                }
                record.insert(name, v.clone());
            }
        }
    }
    let names: Vec<String> = configured.fields().map(str::to_string).collect();
    for name in names {
        if let Some(d) = configured.field_default(&name)
            && !record.contains_key(&name)
        {
            record.insert(name, d.clone());
        }
    }
    Ok(record)
}

/// Each SID a release names (`ConfigurationId` → `configuration_sid`, a Plugin
/// Configuration) is an existing, unarchived record.
fn references_exist(state: &State<'_>, request: &Request<'_>) -> Result<(), ApiError> {
    let model = state.model();
    let res = request.resource();
    for field in request.fields() {
        let Some(target) = res
            .record_field(field.name())
            .and_then(|f| res.field_sid_prefix(&f).map(str::to_string))
            .and_then(|prefix| model.resource_with_prefix(&prefix))
        else {
            continue;
        };
        let Some(id) = field.text() else { continue };
        match state.find(target.id(), id) {
            None => return Err(ApiError::not_found(&format!("{}/{id}", target.path()))),
            Some((_, record)) if retired(model, target, &record) => {
                return Err(ApiError::invalid(format!(
                    "Invalid value for parameter {}: Flex {} {id} is archived and can't be released",
                    field.name(),
                    target.title()
                )));
            }
            Some(_) => {}
        }
    }
    Ok(())
}
