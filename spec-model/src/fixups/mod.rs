//! In-memory fix-ups that turn Twilio's spec into one progenitor can generate a good client
//! from. The vendored YAML is never edited; each fix-up is one function, applied in order by
//! [`apply_all`], and records what the emitted hand-shaped code needs in [`Extras`].

mod declared;
mod enums;
mod free_form;
mod headers;
mod json_bodies;
mod list_meta;
mod media_types;
mod names;
mod numbers;
mod object_formats;
mod operation_ids;
mod params;
mod ranges;
mod sids;
mod string_checks;

pub use declared::{BodyUse, FamilyUse, apply_declarations};
pub use enums::{EnumType, hoist_enums};
pub use free_form::free_form_objects_as_values;
pub use headers::drop_authorization_header_params;
pub use json_bodies::free_form_json_bodies;
pub use list_meta::{ListResponse, share_list_meta};
pub use media_types::one_request_media_type;
pub use names::{rename_schemas, unique_names};
pub use numbers::numbers_as_doubles;
pub use object_formats::custom_object_formats;
pub use operation_ids::name_unnamed_operations;
pub use params::name_comparison_parameters;
pub use ranges::{IntRange, strip_integer_ranges};
pub use sids::{SidType, hoist_sid_patterns};
pub use string_checks::{RequestChecks, strip_string_constraints};

use crate::error::Result;
use serde_json::Value;
use std::collections::BTreeMap;

/// What the fix-ups learned that the emitted code needs.
#[derive(Debug, Default, Clone)]
pub struct Extras {
    /// One type per SID prefix.
    pub sids: Vec<SidType>,
    /// Forward-compatible enums.
    pub enums: Vec<EnumType>,
    /// List responses and the field holding their items.
    pub lists: Vec<ListResponse>,
    /// Integer ranges of request parameters and body fields, by (operationId, wire name).
    pub ranges: BTreeMap<(String, String), IntRange>,
    /// Patterns (not SIDs) and URL formats of request parameters and body fields.
    pub checks: RequestChecks,
    /// Parameters renamed for the Rust side: wire name by (operationId, new name).
    pub wire_names: BTreeMap<(String, String), String>,
    /// The product's declared families, as this spec has them.
    pub families: Vec<FamilyUse>,
    /// The product's declared bodies, as this spec has them.
    pub bodies: Vec<BodyUse>,
}

/// Apply every fix-up, in order, to a spec parsed into JSON, then a product's declarations
/// ([`apply_declarations`]).
pub fn apply_all(spec: &mut Value, declarations: &crate::product::Declarations) -> Result<Extras> {
    name_unnamed_operations(spec)?;
    let wire_names = name_comparison_parameters(spec)?;
    custom_object_formats(spec);
    numbers_as_doubles(spec);
    one_request_media_type(spec);
    drop_authorization_header_params(spec);
    rename_schemas(spec)?;
    let sids = hoist_sid_patterns(spec)?;
    let checks = strip_string_constraints(spec)?;
    let enums = hoist_enums(spec)?;
    let lists = share_list_meta(spec)?;
    free_form_json_bodies(spec);
    free_form_objects_as_values(spec);
    let ranges = strip_integer_ranges(spec)?;
    let mut extras = Extras {
        sids,
        enums,
        lists,
        ranges,
        checks,
        wire_names,
        families: Vec::new(),
        bodies: Vec::new(),
    };
    let (families, bodies) = apply_declarations(spec, declarations, &mut extras)?;
    extras.families = families;
    extras.bodies = bodies;
    Ok(extras)
}

/// Calls `f` on every schema-like object in the spec (skipping examples), with its location.
pub(crate) fn visit_objects_mut(
    value: &mut Value,
    location: &mut String,
    f: &mut dyn FnMut(&mut serde_json::Map<String, Value>, &str),
) {
    match value {
        Value::Object(map) => {
            f(map, location);
            for (key, child) in map.iter_mut() {
                if key == "example" || key == "examples" {
                    continue;
                }
                let len = location.len();
                location.push('/');
                location.push_str(&key.replace('~', "~0").replace('/', "~1"));
                visit_objects_mut(child, location, f);
                location.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                let len = location.len();
                location.push('/');
                location.push_str(&i.to_string());
                visit_objects_mut(child, location, f);
                location.truncate(len);
            }
        }
        _ => {}
    }
}

/// Iterates the operations of a spec: (path, method, operation object).
pub(crate) fn operations_mut(
    spec: &mut Value,
) -> impl Iterator<Item = (String, String, &mut serde_json::Map<String, Value>)> {
    spec.get_mut("paths")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|paths| paths.iter_mut())
        .filter_map(|(path, item)| item.as_object_mut().map(|item| (path.clone(), item)))
        .flat_map(|(path, item)| {
            item.iter_mut().filter_map(move |(method, op)| {
                if HTTP_METHODS.contains(&method.as_str()) {
                    op.as_object_mut()
                        .map(|op| (path.clone(), method.clone(), op))
                } else {
                    None
                }
            })
        })
}

/// An operation's operationId, empty when it has none (`name_unnamed_operations` gives every
/// operation one before the fix-ups that key on it run).
pub(crate) fn operation_id(op: &serde_json::Map<String, Value>) -> String {
    op.get("operationId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

pub(crate) const HTTP_METHODS: &[&str] =
    &["get", "put", "post", "delete", "patch", "head", "options"];

/// The component schemas map, created if absent.
pub(crate) fn schemas_mut(spec: &mut Value) -> Option<&mut serde_json::Map<String, Value>> {
    spec.get_mut("components")?
        .get_mut("schemas")?
        .as_object_mut()
}

pub(crate) fn schema_ref(name: &str) -> Value {
    serde_json::json!({ "$ref": format!("#/components/schemas/{name}") })
}

#[cfg(test)]
pub(crate) fn parse(yaml: &str) -> Value {
    serde_yaml_ng::from_str(yaml).expect("test YAML parses")
}
