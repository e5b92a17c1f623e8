use crate::error::Result;
use crate::names::type_name;
use heck::ToUpperCamelCase;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// One SID type: every field and parameter whose pattern is `^{prefix}[0-9a-fA-F]{32}$`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidType {
    /// Rust type name, e.g. `FlexFlowSid`.
    pub name: String,
    /// Two-letter prefix, e.g. `FO`.
    pub prefix: String,
    /// Human label for messages, e.g. `Flex Flow`.
    pub label: String,
}

/// Prefixes of Twilio resources that live outside the Flex API, named as Twilio names them.
/// Flex's own resources are named from the schema whose `sid` carries the prefix.
const WELL_KNOWN: &[(&str, &str)] = &[
    ("AC", "AccountSid"),
    ("FW", "FlowSid"),
    ("GO", "FlexInstanceSid"),
    ("IS", "ChatServiceSid"),
    ("MG", "MessagingServiceSid"),
    ("US", "UserSid"),
    ("WA", "ActivitySid"),
    ("WK", "WorkerSid"),
    ("WQ", "TaskQueueSid"),
    ("WR", "ReservationSid"),
    ("WS", "WorkspaceSid"),
    ("WT", "TaskSid"),
    ("WW", "WorkflowSid"),
    ("ZS", "ServerlessServiceSid"),
];

/// Replaces every `type: string, pattern: ^XX[0-9a-fA-F]{32}$` schema with a `$ref` to one
/// shared component per prefix (`FlexFlowSid` for `FO`).
///
/// Raw, typify makes one validating newtype per field and parameter (60 of them): a SID from
/// one response can't be passed to the next call, and a response whose SID has an unexpected
/// shape (Twilio has moved prefixes, `UO` → `UT`) fails to decode. The shared types are
/// emitted by us (strict when built from caller input, lenient when decoded).
pub fn hoist_sid_patterns(spec: &mut Value) -> Result<Vec<SidType>> {
    // Pass 1: naming hints (owner schema, field or parameter name) per prefix.
    let mut hints: BTreeMap<String, Vec<(Option<String>, String)>> = BTreeMap::new();
    super::visit_objects_mut(spec, &mut String::from("#"), &mut |map, location| {
        let owner = owner_schema(location);
        if let Some(Value::Object(props)) = map.get("properties") {
            for (field, schema) in props {
                if let Some(prefix) = sid_prefix_deep(schema) {
                    hints
                        .entry(prefix)
                        .or_default()
                        .push((owner.clone(), field.clone()));
                }
            }
        }
        if let (Some(Value::String(name)), Some(schema)) = (map.get("name"), map.get("schema"))
            && map.contains_key("in")
            && let Some(prefix) = sid_prefix_deep(schema)
        {
            hints.entry(prefix).or_default().push((None, name.clone()));
        }
        if let Some(prefix) = sid_prefix(map) {
            hints.entry(prefix).or_default();
        }
    });

    let mut sids = choose_names(&hints);
    for sid in &mut sids {
        sid.name = super::names::fresh_name(spec, &sid.name);
    }
    let by_prefix: BTreeMap<&str, &SidType> = sids.iter().map(|s| (s.prefix.as_str(), s)).collect();

    // Pass 2: replace each SID schema with a reference to its type.
    super::visit_objects_mut(spec, &mut String::from("#"), &mut |map, _| {
        if let Some(prefix) = sid_prefix(map)
            && let Some(sid) = by_prefix.get(prefix.as_str())
        {
            // A `$ref` can't carry a description; `allOf` with one member keeps the doc.
            let reference = super::schema_ref(&sid.name);
            *map = match map.get("description").cloned() {
                Some(description) => {
                    let mut m = Map::new();
                    m.insert("allOf".into(), Value::Array(vec![reference]));
                    m.insert("description".into(), description);
                    m
                }
                None => match reference {
                    Value::Object(m) => m,
                    _ => Map::new(),
                },
            };
        }
    });
    if let Some(schemas) = super::schemas_mut(spec) {
        for sid in &sids {
            schemas.insert(
                sid.name.clone(),
                json!({"type": "string", "description": format!("{} SID (`{}…`)", sid.label, sid.prefix)}),
            );
        }
    }
    Ok(sids)
}

/// The prefix if this schema is a Twilio SID string.
fn sid_prefix(map: &Map<String, Value>) -> Option<String> {
    crate::names::sid_prefix(map.get("pattern")?.as_str()?).map(str::to_string)
}

/// Like [`sid_prefix`], also looking into array items.
fn sid_prefix_deep(schema: &Value) -> Option<String> {
    let map = schema.as_object()?;
    sid_prefix(map).or_else(|| sid_prefix(map.get("items")?.as_object()?))
}

/// `#/components/schemas/FlexFlow/…` → `FlexFlow` (names are already Rust names here).
fn owner_schema(location: &str) -> Option<String> {
    let rest = location.strip_prefix("#/components/schemas/")?;
    Some(rest.split('/').next()?.to_string())
}

fn choose_names(hints: &BTreeMap<String, Vec<(Option<String>, String)>>) -> Vec<SidType> {
    let mut chosen: Vec<(String, String)> = hints
        .iter()
        .map(|(prefix, uses)| (prefix.clone(), name_for(prefix, uses)))
        .collect();
    // Two prefixes that would share a name keep them apart with the prefix.
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for (_, name) in &chosen {
        *count.entry(name.clone()).or_default() += 1;
    }
    for (prefix, name) in &mut chosen {
        if count[name.as_str()] > 1 {
            *name = format!("{name}{}", prefix.to_upper_camel_case());
        }
    }
    chosen
        .into_iter()
        .map(|(prefix, name)| SidType {
            label: label(&name),
            name,
            prefix,
        })
        .collect()
}

fn name_for(prefix: &str, uses: &[(Option<String>, String)]) -> String {
    if let Some((_, name)) = WELL_KNOWN.iter().find(|(p, _)| *p == prefix) {
        return (*name).to_string();
    }
    // The resource whose own `sid` this is; the shortest name when several schemas share it
    // (`Plugin` rather than `PluginArchive`).
    let own = uses
        .iter()
        .filter(|(owner, field)| owner.is_some() && field == "sid")
        .filter_map(|(owner, _)| owner.clone())
        .min_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
    if let Some(owner) = own {
        return format!("{}Sid", type_name(&owner));
    }
    // Otherwise the field name, normalised (`QuestionSids` → `QuestionSid`), that the most
    // uses are: a qualified name counts for the name it qualifies (`ParentTeamSid` is a
    // `TeamSid`), so a field added under another qualifier doesn't rename the type; on a tie
    // the shorter, then the first.
    let names: BTreeSet<String> = uses.iter().map(|(_, f)| normalise_field(f)).collect();
    let votes = |candidate: &String| {
        uses.iter()
            .filter(|(_, f)| qualifies(&normalise_field(f), candidate))
            .count()
    };
    names
        .iter()
        .max_by(|a, b| {
            votes(a)
                .cmp(&votes(b))
                .then(b.len().cmp(&a.len()))
                .then(b.cmp(a))
        })
        .cloned()
        .unwrap_or_else(|| format!("{}Sid", prefix.to_upper_camel_case()))
}

/// `name` is `candidate`, or `candidate` with words before it (`ParentTeamSid`, `TeamSid`).
fn qualifies(name: &str, candidate: &str) -> bool {
    name == candidate
        || name.strip_suffix(candidate).is_some_and(|head| {
            candidate.starts_with(|c: char| c.is_ascii_uppercase()) && !head.is_empty()
        })
}

fn normalise_field(field: &str) -> String {
    let last = field.rsplit('.').next().unwrap_or(field);
    let mut name = last.to_upper_camel_case();
    if let Some(stem) = name.strip_suffix("Sids") {
        name = format!("{stem}Sid");
    } else if let Some(stem) = name.strip_suffix("Id") {
        name = format!("{stem}Sid");
    } else if !name.ends_with("Sid") {
        name.push_str("Sid");
    }
    name
}

/// `FlexFlowSid` → `Flex Flow`.
fn label(name: &str) -> String {
    let stem = name.strip_suffix("Sid").unwrap_or(name);
    let mut out = String::new();
    for (i, c) in stem.chars().enumerate() {
        if i > 0 && c.is_ascii_uppercase() {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r##"
components:
  schemas:
    FlexFlow:
      type: object
      properties:
        sid: {type: string, pattern: "^FO[0-9a-fA-F]{32}$", minLength: 34, maxLength: 34}
        account_sid: {type: string, pattern: "^AC[0-9a-fA-F]{32}$"}
    Channel:
      type: object
      properties:
        flex_flow_sid: {type: string, pattern: "^FO[0-9a-fA-F]{32}$"}
        question_sids: {type: array, items: {type: string, pattern: "^GE[0-9a-fA-F]{32}$"}}
paths:
  /v1/FlexFlows/{Sid}:
    get:
      operationId: FetchFlexFlow
      parameters:
        - {name: Sid, in: path, required: true, schema: {type: string, pattern: "^FO[0-9a-fA-F]{32}$"}}
"##;

    #[test]
    fn one_shared_type_per_prefix_everywhere() {
        let mut spec = crate::fixups::parse(SPEC);
        let sids = hoist_sid_patterns(&mut spec).unwrap();
        let names: Vec<_> = sids
            .iter()
            .map(|s| (s.prefix.as_str(), s.name.as_str()))
            .collect();
        assert!(names.contains(&("FO", "FlexFlowSid")));
        assert!(names.contains(&("AC", "AccountSid")));
        assert!(names.contains(&("GE", "QuestionSid")));
        let flow_ref = "#/components/schemas/FlexFlowSid";
        assert_eq!(
            spec["components"]["schemas"]["FlexFlow"]["properties"]["sid"]["$ref"],
            flow_ref
        );
        assert_eq!(
            spec["components"]["schemas"]["Channel"]["properties"]["flex_flow_sid"]["$ref"],
            flow_ref
        );
        assert_eq!(
            spec["paths"]["/v1/FlexFlows/{Sid}"]["get"]["parameters"][0]["schema"]["$ref"],
            flow_ref
        );
        assert_eq!(
            spec["components"]["schemas"]["Channel"]["properties"]["question_sids"]["items"]["$ref"],
            "#/components/schemas/QuestionSid"
        );
        assert_eq!(
            spec["components"]["schemas"]["FlexFlowSid"]["type"],
            "string"
        );
    }

    #[test]
    fn a_qualified_field_does_not_rename_the_type() {
        let uses = |fields: &[&str]| -> Vec<(Option<String>, String)> {
            fields.iter().map(|f| (None, f.to_string())).collect()
        };
        // One `team_sid` and one `parent_team_sid`: a team SID either way.
        assert_eq!(
            name_for("QO", &uses(&["parent_team_sid", "team_sid"])),
            "TeamSid"
        );
        assert_eq!(
            name_for("QO", &uses(&["team_sid", "parent_team_sid", "team_sid"])),
            "TeamSid"
        );
        // Unrelated names: the most common, then the shorter.
        assert_eq!(
            name_for("XX", &uses(&["a_sid", "bb_sid", "bb_sid"])),
            "BbSid"
        );
        assert_eq!(name_for("XX", &uses(&["bb_sid", "a_sid"])), "ASid");
        assert!(!qualifies("SteamSid", "TeamSid"));
    }

    #[test]
    fn labels_read_as_words() {
        assert_eq!(label("FlexFlowSid"), "Flex Flow");
        assert_eq!(normalise_field("Integration.FlowSid"), "FlowSid");
        assert_eq!(normalise_field("MetricId"), "MetricSid");
    }
}
