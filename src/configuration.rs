//! Flex Configuration as code: read-modify-write of `/v1/Configuration` that loses nothing,
//! with a dry-run diff.
//!
//! Twilio replaces a JSON-typed property of the Configuration (`ui_attributes`,
//! `taskrouter_skills`, …) whole when it is updated, so changing one key means fetching the
//! property, changing it and posting all of it back. [`Client::edit_configuration`] (a closure
//! on the typed [`types::Configuration`]) and [`Client::merge_configuration`] (an RFC 7396
//! JSON merge patch, e.g. a file kept in a repository) do that: they fetch the configuration,
//! apply the change locally and return a [`ConfigurationEdit`], which has sent nothing yet.
//! It lists the top-level properties that differ ([`changes`](ConfigurationEdit::changes)) and
//! shows a per-JSON-path [`diff`](ConfigurationEdit::diff), so a pipeline can print it, fail
//! on an unexpected change, or [`apply`](ConfigurationEdit::apply) it. Applying posts each
//! changed property whole and only those (with `account_sid`, filled from the client's
//! credentials), so every key nobody touched survives, and a key removed on purpose is gone.
//!
//! ```no_run
//! # async fn run(client: twilio_flex::Client) -> twilio_flex::Result<()> {
//! use serde_json::json;
//!
//! // One nested key; its siblings in `ui_attributes` are posted back unchanged.
//! let edit = client
//!     .edit_configuration(|config| {
//!         let ui = config.ui_attributes.get_or_insert_with(|| json!({}));
//!         if let Some(name) = ui.pointer_mut("/colorTheme/baseName") {
//!             *name = json!("DarkTheme");
//!         }
//!     })
//!     .await?;
//! print!("{}", edit.diff()); // ui_attributes.colorTheme.baseName: "GreyDefault" → "DarkTheme"
//! edit.apply().await?;
//!
//! // A merge patch: `null` removes a key, objects merge, arrays replace.
//! let edit = client
//!     .merge_configuration(json!({"ui_attributes": {"logLevel": null}, "crm_enabled": false}))
//!     .await?;
//! if !edit.is_empty() {
//!     edit.apply().await?;
//! }
//! # Ok(()) }
//! ```
//!
//! # What is refused, before any request
//!
//! [`Error::InvalidRequest`] naming the property, through the typed update's
//! `property(name, json)` (the generated setter of each writable property):
//! - a patch that isn't a JSON object (field `patch`);
//! - a property `Configuration` doesn't have in this crate's release of the spec (Twilio would
//!   ignore it at best: refusing says so instead of dropping it silently);
//! - a read-only property: `account_sid`, `date_created`, `date_updated`, `status`, `url`,
//!   `service_version`, `runtime_domain`, `flex_service_instance_sid`, `flex_instance_sid`
//!   (Twilio sets them; a closure that changes one gets the same error, and nothing is sent);
//! - a value of the wrong JSON type for a typed property (`"call_recording_enabled": "yes"`),
//!   or a SID with the wrong prefix (`taskrouter_workspace_sid` must be `WS…`).
//!
//! A merge patch is checked before the configuration is fetched; a closure's changes are
//! checked after the fetch, before anything is posted. A top-level property set to `null` (or
//! removed by the patch) is posted as `null`.
//!
//! # Concurrent changes: [`Error::Conflict`]
//!
//! Twilio's Configuration has no ETag or version to make an update conditional. The best guard
//! available is the one [`apply`](ConfigurationEdit::apply) uses: just before posting, it
//! fetches the configuration again, and if any property it is about to write differs from what
//! the edit was computed from, it returns [`Error::Conflict`] naming those properties and posts
//! nothing. Properties it doesn't write may change freely in between: they aren't sent. The
//! guard narrows the window to the time between that second fetch and the post; it cannot
//! close it, since Twilio offers nothing to make the post conditional. On a conflict, make the
//! edit again from a fresh fetch.
//!
//! The diff is computed with the `json-patch` crate (RFC 6902 `diff`, RFC 7396 `merge`).
//!
//! This module exists where the spec has the Configuration and its JSON update
//! (`cfg(twilio_flex_configuration)`, from the capability declared in `declarations.rs`);
//! Twilio's 2020–2022 releases, whose update was form-encoded or missing, build without it.

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use serde_json::{Map, Value};

use crate::{Client, Error, Result, types};

const FETCH: &str = "FetchConfiguration";
const UPDATE: &str = "UpdateConfiguration";

/// Values longer than this (in characters) are shortened with `…` in a rendered diff line.
const SHOWN_VALUE_CHARS: usize = 72;

impl Client {
    /// Fetches the Flex Configuration and runs `edit` on it; the returned
    /// [`ConfigurationEdit`] has sent nothing yet. See the [module docs](crate::configuration).
    ///
    /// A changed read-only property (`url`, `date_updated`, …) is an
    /// [`Error::InvalidRequest`] naming it, before anything is posted.
    pub async fn edit_configuration<F>(&self, edit: F) -> Result<ConfigurationEdit<'_>>
    where
        F: FnOnce(&mut types::Configuration),
    {
        let current = self.fetch_configuration().send().await?;
        let before = to_object(&current)?;
        let mut edited = current.clone();
        edit(&mut edited);
        let after = to_object(&edited)?;
        ConfigurationEdit::new(self, current, before, after)
    }

    /// Applies an RFC 7396 JSON merge patch to the current Flex Configuration: `null` removes a
    /// key, objects merge recursively, anything else (arrays included) replaces. The returned
    /// [`ConfigurationEdit`] has sent nothing yet. See the [module docs](crate::configuration).
    ///
    /// The patch is checked before anything is sent: it must be a JSON object whose keys are
    /// writable properties of `Configuration`, each with a value of its type; otherwise
    /// [`Error::InvalidRequest`] names the property (or `patch`).
    pub async fn merge_configuration(&self, patch: Value) -> Result<ConfigurationEdit<'_>> {
        let Value::Object(patch) = patch else {
            return Err(Error::invalid_request(
                UPDATE,
                "patch",
                format!(
                    "expected a JSON object of Configuration properties, got {}",
                    kind(&patch)
                ),
            ));
        };
        // Each top-level value as it would be posted: an object merged into a JSON property
        // stays an object, anything else replaces, so the patch's own value has the type the
        // result will have.
        let mut probe = self.update_configuration();
        for (name, value) in &patch {
            probe = probe.property(name, value.clone())?;
        }
        let current = self.fetch_configuration().send().await?;
        let before = to_object(&current)?;
        let mut after = Value::Object(before.clone());
        json_patch::merge(&mut after, &Value::Object(patch));
        let after = match after {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        ConfigurationEdit::new(self, current, before, after)
    }
}

/// A change to the Flex Configuration, computed and checked but not sent: see
/// [`Client::edit_configuration`], [`Client::merge_configuration`] and the
/// [module docs](crate::configuration).
pub struct ConfigurationEdit<'a> {
    client: &'a Client,
    /// The configuration the edit was computed from, as fetched.
    current: types::Configuration,
    /// The same, as JSON: what `apply` compares the second fetch with.
    before: Map<String, Value>,
    /// The changed top-level properties, sorted, and the values to post.
    changes: Vec<String>,
    values: Map<String, Value>,
    diff: ConfigurationDiff,
}

impl fmt::Debug for ConfigurationEdit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigurationEdit")
            .field("changes", &self.changes)
            .field("diff", &self.diff.entries)
            .finish_non_exhaustive()
    }
}

impl<'a> ConfigurationEdit<'a> {
    fn new(
        client: &'a Client,
        current: types::Configuration,
        before: Map<String, Value>,
        after: Map<String, Value>,
    ) -> Result<Self> {
        let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
        let changes: Vec<String> = names
            .into_iter()
            .filter(|k| get(&before, k) != get(&after, k))
            .cloned()
            .collect();
        // What will be posted, checked now as the typed setters check it (read-only
        // properties, types, SIDs).
        let mut values = Map::new();
        let mut probe = client.update_configuration();
        for name in &changes {
            let value = get(&after, name).clone();
            probe = probe.property(name, value.clone())?;
            values.insert(name.clone(), value);
        }
        let diff =
            ConfigurationDiff::between(&present(&before, &changes), &present(&after, &changes));
        Ok(ConfigurationEdit {
            client,
            current,
            before,
            changes,
            values,
            diff,
        })
    }

    /// The top-level properties that differ, sorted by name: what [`apply`](Self::apply)
    /// posts (each whole).
    pub fn changes(&self) -> &[String] {
        &self.changes
    }

    /// Whether nothing differs: [`apply`](Self::apply) then sends nothing.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// What changes, per JSON path, readable with `Display`
    /// (`ui_attributes.colorTheme.baseName: "GreyDefault" → "DarkTheme"`).
    pub fn diff(&self) -> &ConfigurationDiff {
        &self.diff
    }

    /// The configuration the edit was computed from, as it was fetched.
    pub fn original(&self) -> &types::Configuration {
        &self.current
    }

    /// The body [`apply`](Self::apply) will post, without `account_sid` (the client adds
    /// it): each changed property, whole.
    pub fn body(&self) -> &Map<String, Value> {
        &self.values
    }

    /// Posts the changed properties, each whole, and only them, and returns the configuration
    /// as Twilio answered. Sends nothing for an empty edit (and returns the configuration as
    /// fetched).
    ///
    /// Just before posting, it fetches the configuration again: if any property it is about to
    /// write changed since the edit was computed, it returns [`Error::Conflict`] naming them
    /// and posts nothing. Twilio has no ETag, so this is the best guard available: a change
    /// made between that fetch and the post is still overwritten.
    pub async fn apply(self) -> Result<types::Configuration> {
        if self.changes.is_empty() {
            return Ok(self.current);
        }
        let latest = to_object(&self.client.fetch_configuration().send().await?)?;
        let changed: Vec<String> = self
            .changes
            .iter()
            .filter(|name| get(&latest, name) != get(&self.before, name))
            .cloned()
            .collect();
        if !changed.is_empty() {
            tracing::debug!(
                target: "twilio_flex::configuration",
                properties = ?changed,
                "configuration changed since it was read; not posting"
            );
            return Err(Error::Conflict {
                operation: UPDATE,
                properties: changed,
            });
        }
        let mut update = self.client.update_configuration();
        for (name, value) in self.values {
            update = update.property(&name, value)?;
        }
        update.send().await
    }
}

/// What an edit changes, per JSON path. `Display` prints one line per change:
///
/// ```text
/// crm_enabled: true → false
/// taskrouter_skills[2]: + {"name":"billing","multivalue":false,"minimum":0,"maximum":5}
/// ui_attributes.colorTheme.baseName: "GreyDefault" → "DarkTheme"
/// ui_attributes.logLevel: - "debug"
/// ```
///
/// Values are compact JSON, shortened with `…` past 72 characters. Lines are sorted by path
/// (array indices in numeric order).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConfigurationDiff {
    entries: Vec<DiffEntry>,
}

/// One changed JSON path of a [`ConfigurationDiff`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DiffEntry {
    /// The path as shown: `ui_attributes.colorTheme.baseName`, `taskrouter_skills[2]`, keys
    /// that aren't plain names quoted (`ui_attributes["a.b"]`).
    pub path: String,
    /// The same path as an RFC 6901 JSON pointer into the configuration
    /// (`/taskrouter_skills/2`), indices as in the configuration before the edit (for a
    /// removal) or after it (for an addition).
    pub pointer: String,
    /// What happened there.
    pub change: Change,
}

/// What happened at a [`DiffEntry`]'s path.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Change {
    /// A key or array element that wasn't there.
    Added(Value),
    /// A key or array element that is gone.
    Removed(Value),
    /// A value replaced by another.
    Changed {
        /// Before the edit.
        from: Value,
        /// After it.
        to: Value,
    },
}

impl ConfigurationDiff {
    /// The changes, sorted by path.
    pub fn entries(&self) -> &[DiffEntry] {
        &self.entries
    }

    /// Whether nothing changes.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many paths change.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Renders `json_patch::diff(before, after)` (RFC 6902 operations) per path.
    fn between(before: &Value, after: &Value) -> Self {
        let patch = json_patch::diff(before, after);
        // `diff` removes surplus array elements from the end, each at the index the previous
        // removal left: count them per array to name each by its index before the edit.
        let mut removed_from: HashMap<String, usize> = HashMap::new();
        let mut entries: Vec<(Vec<Step>, DiffEntry)> = Vec::new();
        for op in &patch.0 {
            let mut tokens = tokens(op.path().as_str());
            let (doc, change) = match op {
                json_patch::PatchOperation::Add(add) => {
                    (after, Some(Change::Added(add.value.clone())))
                }
                json_patch::PatchOperation::Replace(rep) => {
                    let from = lookup(before, &tokens).cloned().unwrap_or(Value::Null);
                    (
                        after,
                        Some(Change::Changed {
                            from,
                            to: rep.value.clone(),
                        }),
                    )
                }
                json_patch::PatchOperation::Remove(_) => {
                    if let Some((last, parent)) = tokens.split_last_mut()
                        && matches!(lookup(before, parent), Some(Value::Array(_)))
                        && let Ok(index) = last.parse::<usize>()
                    {
                        let seen = removed_from.entry(parent.join("/")).or_insert(0);
                        *last = (index + *seen).to_string();
                        *seen += 1;
                    }
                    let old = lookup(before, &tokens).cloned().unwrap_or(Value::Null);
                    (before, Some(Change::Removed(old)))
                }
                // `diff` makes only the three above.
                _ => (after, None),
            };
            let Some(change) = change else { continue };
            let steps = steps(doc, &tokens);
            entries.push((
                steps.clone(),
                DiffEntry {
                    path: render_path(&steps),
                    pointer: pointer(&tokens),
                    change,
                },
            ));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        ConfigurationDiff {
            entries: entries.into_iter().map(|(_, e)| e).collect(),
        }
    }
}

impl fmt::Display for ConfigurationDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for entry in &self.entries {
            writeln!(f, "{entry}")?;
        }
        Ok(())
    }
}

impl fmt::Display for DiffEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.change {
            Change::Added(v) => write!(f, "{}: + {}", self.path, shown(v)),
            Change::Removed(v) => write!(f, "{}: - {}", self.path, shown(v)),
            Change::Changed { from, to } => {
                write!(f, "{}: {} → {}", self.path, shown(from), shown(to))
            }
        }
    }
}

/// A step of a path: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Index(usize),
    Key(String),
}

/// RFC 6901 pointer → its unescaped tokens.
fn tokens(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

fn pointer(tokens: &[String]) -> String {
    tokens
        .iter()
        .map(|t| format!("/{}", t.replace('~', "~0").replace('/', "~1")))
        .collect()
}

fn lookup<'v>(doc: &'v Value, tokens: &[String]) -> Option<&'v Value> {
    tokens.iter().try_fold(doc, |node, t| match node {
        Value::Object(m) => m.get(t),
        Value::Array(a) => a.get(t.parse::<usize>().ok()?),
        _ => None,
    })
}

/// The tokens as keys and indices, as `doc` has them (a token under an array is an index).
fn steps(doc: &Value, tokens: &[String]) -> Vec<Step> {
    let mut node = Some(doc);
    tokens
        .iter()
        .map(|t| {
            let step = match (node, t.parse::<usize>()) {
                (Some(Value::Array(_)), Ok(i)) => Step::Index(i),
                _ => Step::Key(t.clone()),
            };
            node = node.and_then(|n| match (n, &step) {
                (Value::Object(m), Step::Key(k)) => m.get(k),
                (Value::Array(a), Step::Index(i)) => a.get(*i),
                _ => None,
            });
            step
        })
        .collect()
}

/// `ui_attributes.colorTheme.baseName`, `taskrouter_skills[2]`, `a["b.c"]`.
fn render_path(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Index(i) => out.push_str(&format!("[{i}]")),
            Step::Key(k) if plain(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Key(k) => out.push_str(&format!("[{}]", Value::String(k.clone()))),
        }
    }
    out
}

fn plain(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$')
}

/// Compact JSON, shortened with `…` past [`SHOWN_VALUE_CHARS`].
fn shown(v: &Value) -> String {
    let full = v.to_string();
    if full.chars().count() <= SHOWN_VALUE_CHARS {
        return full;
    }
    let (open, close, items): (&str, &str, Vec<String>) = match v {
        Value::Object(m) => (
            "{",
            "}",
            m.iter()
                .map(|(k, v)| format!("{}:{v}", Value::String(k.clone())))
                .collect(),
        ),
        Value::Array(a) => ("[", "]", a.iter().map(Value::to_string).collect()),
        _ => {
            let cut: String = full.chars().take(SHOWN_VALUE_CHARS - 1).collect();
            return format!("{cut}…");
        }
    };
    let mut out = String::from(open);
    for item in items {
        let sep = if out.len() > open.len() { "," } else { "" };
        // Room for the item, then `,…` and the closing bracket.
        if out.chars().count() + sep.len() + item.chars().count() + 3 > SHOWN_VALUE_CHARS {
            out.push_str(sep);
            out.push('…');
            out.push_str(close);
            return out;
        }
        out.push_str(sep);
        out.push_str(&item);
    }
    out.push_str(close);
    out
}

/// A top-level property; absent and `null` are the same.
fn get<'m>(m: &'m Map<String, Value>, name: &str) -> &'m Value {
    m.get(name).unwrap_or(&Value::Null)
}

/// The listed properties that are set (not `null`), as a JSON object.
fn present(m: &Map<String, Value>, names: &[String]) -> Value {
    Value::Object(
        names
            .iter()
            .filter_map(|n| {
                m.get(n)
                    .filter(|v| !v.is_null())
                    .map(|v| (n.clone(), v.clone()))
            })
            .collect(),
    )
}

fn to_object(config: &types::Configuration) -> Result<Map<String, Value>> {
    match serde_json::to_value(config) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(other) => Err(Error::Decode {
            operation: FETCH,
            excerpt: String::new(),
            source: serde::de::Error::custom(format_args!(
                "the configuration is {}, not a JSON object",
                kind(&other)
            )),
        }),
        Err(source) => Err(Error::Decode {
            operation: FETCH,
            excerpt: String::new(),
            source,
        }),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lines(before: Value, after: Value) -> Vec<String> {
        ConfigurationDiff::between(&before, &after)
            .entries()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn paths_are_keys_and_indices() {
        assert_eq!(
            lines(
                json!({"ui_attributes": {"colorTheme": {"baseName": "GreyDefault"}}, "skills": [1, 2]}),
                json!({"ui_attributes": {"colorTheme": {"baseName": "DarkTheme"}}, "skills": [1, 2, {"name": "billing"}]}),
            ),
            [
                "skills[2]: + {\"name\":\"billing\"}",
                "ui_attributes.colorTheme.baseName: \"GreyDefault\" → \"DarkTheme\"",
            ]
        );
    }

    #[test]
    fn several_removed_elements_are_named_by_their_index_before_the_edit() {
        assert_eq!(
            lines(json!({"a": [0, 1, 2, 3]}), json!({"a": [0, 1]})),
            ["a[2]: - 2", "a[3]: - 3"]
        );
        let d = ConfigurationDiff::between(&json!({"a": [0, 1, 2, 3]}), &json!({"a": [0, 1]}));
        assert_eq!(d.entries()[1].pointer, "/a/3");
    }

    #[test]
    fn odd_keys_are_quoted_and_indices_sort_numerically() {
        let before = json!({"a": {"b.c": 1, "x/y": 1}, "n": (0..12).collect::<Vec<_>>()});
        let mut after = before.clone();
        after["a"]["b.c"] = json!(2);
        after["a"]["x/y"] = json!(2);
        after["n"][2] = json!(-1);
        after["n"][10] = json!(-1);
        let d = ConfigurationDiff::between(&before, &after);
        let got: Vec<String> = d.entries().iter().map(ToString::to_string).collect();
        assert_eq!(
            got,
            [
                "a[\"b.c\"]: 1 → 2",
                "a[\"x/y\"]: 1 → 2",
                "n[2]: 2 → -1",
                "n[10]: 10 → -1",
            ]
        );
        assert_eq!(d.entries()[1].pointer, "/a/x~1y");
    }

    #[test]
    fn long_values_are_shortened_at_an_item() {
        let v = json!({"aaaa": "x".repeat(30), "bbbb": "y".repeat(30), "cccc": 1});
        let s = shown(&v);
        assert!(
            s.starts_with("{\"aaaa\":\"xxx") && s.ends_with(",…}"),
            "{s}"
        );
        assert!(s.chars().count() <= SHOWN_VALUE_CHARS, "{s}");
        let s = shown(&json!("z".repeat(200)));
        assert_eq!(s.chars().count(), SHOWN_VALUE_CHARS);
        assert!(s.ends_with('…'));
        assert_eq!(shown(&json!([1, 2])), "[1,2]");
    }

    #[test]
    fn type_changes_and_removed_keys() {
        assert_eq!(
            lines(
                json!({"a": {"k": [1]}, "b": "x"}),
                json!({"a": {"k": "one"}})
            ),
            ["a.k: [1] → \"one\"", "b: - \"x\""]
        );
    }
}
