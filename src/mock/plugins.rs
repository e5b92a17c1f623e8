//! The Plugin Service as Twilio runs it, on top of the spec-driven mock.
//!
//! The spec says what each Plugin Service resource looks like, not how they depend on each
//! other. Twilio's service (and its CLI, which relies on it) does:
//!
//! - a configuration's `Plugins` (`{"plugin_version": "FV…", "phase": 3}` items, as JSON
//!   objects or JSON strings) become its configured plugins
//!   (`/PluginService/Configurations/{Sid}/Plugins`), one per plugin, carrying the plugin's and
//!   the version's fields;
//! - a plugin's `UniqueName` is unique in the account, a version's `Version` within its plugin;
//! - archived plugins and versions can't go into a new configuration, and an archived
//!   configuration can't be released; a release names an existing configuration;
//! - releases and plugin versions list newest first: the first release is the active one, the
//!   first version the latest (what Twilio's Flex Plugins CLI reads them as).
//!
//! The handler calls in at two points of a create, [`before_create`] (may refuse it with a
//! Twilio error body) and [`AfterCreate::after_create`] (links records), and asks
//! [`newest_first`] when listing. Everything is found through the spec's operationIds: a spec
//! without the Plugin Service gets none of these rules.
//!
//! Error bodies are Twilio's shape. Twilio publishes no error code for a duplicate unique name
//! or version, so those answer 409 with the mock's `20000 + status` convention (20409, as
//! injected faults do); an unusable value is Twilio's "invalid parameter" (400, 20001) naming
//! `Plugins` or `ConfigurationId`; an unknown configuration is 404, 20404.

use std::sync::{Mutex, MutexGuard, PoisonError};

use serde_json::{Map, Value};

use super::handler::Shared;
use super::spec_model::Operation;
use super::validate::{ApiError, Field};

const CREATE_PLUGIN: &str = "CreatePlugin";
const CREATE_VERSION: &str = "CreatePluginVersion";
const CREATE_CONFIGURATION: &str = "CreatePluginConfiguration";
const CREATE_RELEASE: &str = "CreatePluginRelease";
const LIST_CONFIGURED: &str = "ListConfiguredPlugin";
const LIST_RELEASES: &str = "ListPluginRelease";
const LIST_VERSIONS: &str = "ListPluginVersion";

/// Plugin Service creates are checked and applied one at a time, so that two concurrent
/// creates of one unique name can't both pass the check. (Held only inside the synchronous
/// part of a request; shared by the servers of a process, which costs nothing measurable.)
static WRITES: Mutex<()> = Mutex::new(());

/// The resource (collection) an operation of the spec works on.
fn resource_of(shared: &Shared, operation_id: &str) -> Option<usize> {
    let spec = shared.spec;
    let i = *spec.op_index.get(operation_id)?;
    spec.ops.get(i).map(|op| op.resource)
}

/// Whether the collection of resource `ri` lists newest first (releases, plugin versions).
pub(crate) fn newest_first(shared: &Shared, ri: usize) -> bool {
    [LIST_RELEASES, LIST_VERSIONS]
        .iter()
        .any(|op| resource_of(shared, op) == Some(ri))
}

/// What to do once a Plugin Service create has been stored; holds the write lock until then.
pub(crate) struct AfterCreate {
    _one_at_a_time: MutexGuard<'static, ()>,
    /// The configured plugins of a new configuration, as records to store under it.
    configured: Vec<Map<String, Value>>,
}

impl AfterCreate {
    /// Links what the create implies: a configuration's configured plugins.
    pub(crate) fn after_create(self, shared: &Shared, id: &str, now: &str) {
        if self.configured.is_empty() {
            return;
        }
        let Some(ri) = resource_of(shared, LIST_CONFIGURED) else {
            return;
        };
        let parents = [id.to_string()];
        for record in self.configured {
            if let Err(e) = shared.create(ri, &parents, &[], Some(record), now) {
                tracing::debug!(target: "twilio_flex::mock", configuration = id, error = %e.message, "configured plugin not stored");
            }
        }
    }
}

/// Checks a create against the Plugin Service's rules before it is applied. `None` for
/// operations that aren't Plugin Service creates.
pub(crate) fn before_create(
    shared: &Shared,
    op: &Operation,
    parents: &[String],
    fields: &[Field],
) -> Result<Option<AfterCreate>, ApiError> {
    if ![
        CREATE_PLUGIN,
        CREATE_VERSION,
        CREATE_CONFIGURATION,
        CREATE_RELEASE,
    ]
    .contains(&op.id.as_str())
    {
        return Ok(None);
    }
    let lock = WRITES.lock().unwrap_or_else(PoisonError::into_inner);
    let mut configured = Vec::new();
    match op.id.as_str() {
        CREATE_PLUGIN => {
            if let Some(name) = text(fields, "UniqueName")
                && records(shared, op.resource, &[])
                    .iter()
                    .any(|p| p.get("unique_name").and_then(Value::as_str) == Some(name))
            {
                return Err(ApiError::new(
                    409,
                    20409,
                    format!("A Flex Plugin with UniqueName '{name}' already exists"),
                ));
            }
        }
        CREATE_VERSION => {
            if let Some(version) = text(fields, "Version")
                && records(shared, op.resource, parents)
                    .iter()
                    .any(|v| v.get("version").and_then(Value::as_str) == Some(version))
            {
                return Err(ApiError::new(
                    409,
                    20409,
                    format!("Version '{version}' of this Flex Plugin already exists"),
                ));
            }
        }
        CREATE_CONFIGURATION => configured = configured_plugins(shared, fields)?,
        _ => releasable(shared, fields)?,
    }
    Ok(Some(AfterCreate {
        _one_at_a_time: lock,
        configured,
    }))
}

/// A request field's text (form bodies keep the raw text).
fn text<'f>(fields: &'f [Field], name: &str) -> Option<&'f str> {
    let f = fields.iter().find(|f| f.name == name)?;
    f.raw.as_deref().or(f.value.as_str())
}

fn parse(bytes: &[u8]) -> Map<String, Value> {
    serde_json::from_slice(bytes).unwrap_or_default()
}

/// The records of one collection, oldest first.
fn records(shared: &Shared, ri: usize, parents: &[String]) -> Vec<Map<String, Value>> {
    shared
        .store
        .read(ri)
        .and_then(|g| {
            g.get(parents)
                .map(|c| c.records().map(|b| parse(b)).collect())
        })
        .unwrap_or_default()
}

fn invalid_plugins(message: impl std::fmt::Display) -> ApiError {
    ApiError::invalid(format!("Invalid value for parameter Plugins: {message}"))
}

fn archived(record: &Map<String, Value>) -> bool {
    record.get("archived").and_then(Value::as_bool) == Some(true)
}

/// The configured plugins a configuration's `Plugins` describe, checked: each item names an
/// existing, unarchived version of an unarchived plugin, each plugin at most once.
fn configured_plugins(
    shared: &Shared,
    fields: &[Field],
) -> Result<Vec<Map<String, Value>>, ApiError> {
    let items = match fields
        .iter()
        .find(|f| f.name == "Plugins")
        .map(|f| &f.value)
    {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items.clone(),
        Some(one) => vec![one.clone()],
    };
    let (Some(plugins_ri), Some(versions_ri), Some(configured_ri)) = (
        resource_of(shared, CREATE_PLUGIN),
        resource_of(shared, CREATE_VERSION),
        resource_of(shared, LIST_CONFIGURED),
    ) else {
        return Ok(Vec::new());
    };
    let keep = |m: Map<String, Value>| -> Map<String, Value> {
        let fields = shared.spec.resources.get(configured_ri).map(|r| &r.fields);
        m.into_iter()
            .filter(|(k, _)| fields.is_some_and(|f| f.contains_key(k)))
            .collect()
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
        let Some(fv) = item.get("plugin_version").and_then(Value::as_str) else {
            return Err(invalid_plugins(
                "each item needs `plugin_version`, the SID of a Flex Plugin Version",
            ));
        };
        let phase = match item.get("phase") {
            None | Some(Value::Null) => 0,
            Some(p) => p
                .as_i64()
                .or_else(|| p.as_str().and_then(|s| s.trim().parse().ok()))
                .ok_or_else(|| invalid_plugins(format!("phase {p} is not an integer")))?,
        };
        // The version, wherever its plugin is.
        let found = shared.store.read(versions_ri).and_then(|g| {
            g.iter()
                .find_map(|(parents, c)| Some((parents.first()?.clone(), parse(c.get(fv)?))))
        });
        let Some((plugin_sid, version)) = found else {
            return Err(invalid_plugins(format!(
                "Flex Plugin Version {fv} was not found"
            )));
        };
        let plugin = shared
            .store
            .get(plugins_ri, &[], &plugin_sid)
            .map(|b| parse(&b))
            .unwrap_or_default();
        if archived(&plugin) {
            return Err(invalid_plugins(format!(
                "Flex Plugin {plugin_sid} is archived and can't be used in a configuration"
            )));
        }
        if archived(&version) {
            return Err(invalid_plugins(format!(
                "Flex Plugin Version {fv} is archived and can't be used in a configuration"
            )));
        }
        if out
            .iter()
            .any(|c| c.get("plugin_sid").and_then(Value::as_str) == Some(plugin_sid.as_str()))
        {
            return Err(invalid_plugins(format!(
                "Flex Plugin {plugin_sid} is listed more than once"
            )));
        }
        let field = |m: &Map<String, Value>, k: &str| m.get(k).cloned().unwrap_or(Value::Null);
        let mut record = Map::new();
        record.insert("plugin_sid".into(), Value::String(plugin_sid.clone()));
        record.insert("plugin_version_sid".into(), Value::String(fv.to_string()));
        record.insert("phase".into(), Value::from(phase));
        for k in ["unique_name", "friendly_name", "description"] {
            record.insert(k.into(), field(&plugin, k));
        }
        record.insert("plugin_archived".into(), Value::Bool(false));
        for k in ["version", "plugin_url", "changelog", "private"] {
            record.insert(k.into(), field(&version, k));
        }
        record.insert("plugin_version_archived".into(), Value::Bool(false));
        out.push(keep(record));
    }
    Ok(out)
}

/// A release names an existing, unarchived configuration.
fn releasable(shared: &Shared, fields: &[Field]) -> Result<(), ApiError> {
    let (Some(id), Some(ri)) = (
        text(fields, "ConfigurationId"),
        resource_of(shared, CREATE_CONFIGURATION),
    ) else {
        return Ok(());
    };
    let path = shared
        .spec
        .resources
        .get(ri)
        .map_or_else(String::new, |r| format!("{}/{id}", r.name));
    match shared.store.get(ri, &[], id).map(|b| parse(&b)) {
        None => Err(ApiError::not_found(&path)),
        Some(c) if archived(&c) => Err(ApiError::invalid(format!(
            "Invalid value for parameter ConfigurationId: Flex Plugin Configuration {id} is archived and can't be released"
        ))),
        Some(_) => Ok(()),
    }
}
