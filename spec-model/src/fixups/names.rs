use crate::error::Result;
use crate::names::type_name;
use heck::ToUpperCamelCase;
use serde_json::Value;
use std::collections::BTreeMap;

/// Renames component schemas to the Rust names users see (`flex.v1.flex_flow` → `FlexFlow`,
/// `flex_flow_enum_channel_type` → `FlexFlowChannelType`) and rewrites every `$ref`.
///
/// typify derives names from the keys, which would give `FlexV1FlexFlow` and
/// `FlexFlowEnumChannelType`. When several schemas of one spec would share a name, only those
/// schemas are named differently, by [`unique_names`]'s rule.
pub fn rename_schemas(spec: &mut Value) -> Result<()> {
    let Some(schemas) = super::schemas_mut(spec) else {
        return Ok(());
    };
    let keys: Vec<String> = schemas.keys().cloned().collect();
    let renames = unique_names(&keys);
    let old = std::mem::take(schemas);
    for (key, schema) in old {
        schemas.insert(renames[&key].clone(), schema);
    }
    rewrite_refs(spec, &|target| renames.get(target).cloned());
    Ok(())
}

/// Rust names for schema keys. Each key is named by [`type_name`] (its last dotted segment,
/// Twilio's `_enum_` marker dropped). Where several keys share a name, those keys, and no
/// others, are told apart:
///
/// 1. an enum keeps Twilio's marker: `call_enum_event` → `CallEnumEvent` (beside the
///    `api.v2010.account.call.call_event` object, which stays `CallEvent`);
/// 2. of the keys still sharing the name, the one with the fewest dotted segments keeps it
///    when it alone has that few (`iam.v1.ChangeAccountOwnerRequest` stays
///    `ChangeAccountOwnerRequest`); every other one is prefixed with its own parent segments
///    (version segments such as `v1` skipped), nearest first, until its name is unique (`iam.v1.Accounts.ChangeAccountOwnerRequest` →
///    `AccountsChangeAccountOwnerRequest`; `iam.v1.organization.vendoroauthapp` and
///    `iam.v1.account.vendoroauthapp` → `OrganizationVendoroauthapp`,
///    `AccountVendoroauthapp`);
/// 3. keys that still collide (a key that has no more segments) are numbered in key order.
///
/// A name depends only on the keys it collides with, so adding an unrelated schema changes
/// no existing name, and the result doesn't depend on the order of the keys.
pub fn unique_names(keys: &[String]) -> BTreeMap<String, String> {
    let mut names: BTreeMap<String, String> =
        keys.iter().map(|k| (k.clone(), type_name(k))).collect();
    let colliding = |names: &BTreeMap<String, String>| -> Vec<Vec<String>> {
        let mut by_name: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (key, name) in names {
            by_name.entry(name).or_default().push(key.clone());
        }
        by_name.into_values().filter(|k| k.len() > 1).collect()
    };
    // 1. Enums keep their marker.
    for group in colliding(&names) {
        for key in group {
            let last = key.rsplit('.').next().unwrap_or(&key);
            if last.contains("_enum_") {
                names.insert(key.clone(), last.to_upper_camel_case());
            }
        }
    }
    // 2. Parent segments, for all but the one shortest key.
    for group in colliding(&names) {
        let depth = |k: &str| k.split('.').count();
        let shortest = group.iter().map(|k| depth(k)).min().unwrap_or(0);
        let keeps: Vec<&String> = group.iter().filter(|k| depth(k) == shortest).collect();
        let keeper = (keeps.len() == 1).then(|| keeps[0].clone());
        for key in &group {
            if Some(key) == keeper.as_ref() {
                continue;
            }
            let segments: Vec<&str> = key.split('.').collect();
            let base = names[key].clone();
            let mut prefix = String::new();
            let is_version = |s: &&&str| {
                s.strip_prefix('v')
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            };
            for parent in segments.iter().rev().skip(1).filter(|s| !is_version(s)) {
                prefix = format!("{}{prefix}", parent.to_upper_camel_case());
                let candidate = format!("{prefix}{base}");
                if !names.values().any(|n| *n == candidate) {
                    names.insert(key.clone(), candidate);
                    break;
                }
            }
        }
    }
    // 3. Numbers, as a last resort.
    for group in colliding(&names) {
        for (i, key) in group.iter().enumerate().skip(1) {
            let base = names[key].clone();
            names.insert(key.clone(), format!("{base}{}", i + 1));
        }
    }
    names
}

/// `preferred` if no component schema has that name yet, else `preferred` numbered from 2:
/// how names the fix-ups invent (SID types, hoisted enums, list metadata) stay clear of the
/// spec's own.
pub(crate) fn fresh_name(spec: &Value, preferred: &str) -> String {
    let schemas = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    let taken = |name: &str| schemas.is_some_and(|s| s.contains_key(name));
    if !taken(preferred) {
        return preferred.to_string();
    }
    (2..)
        .map(|n| format!("{preferred}{n}"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| preferred.to_string())
}

/// Rewrites `#/components/schemas/{name}` references through `map`.
pub(crate) fn rewrite_refs(value: &mut Value, map: &dyn Fn(&str) -> Option<String>) {
    match value {
        Value::Object(obj) => {
            if let Some(Value::String(r)) = obj.get_mut("$ref")
                && let Some(target) = r.strip_prefix("#/components/schemas/")
                && let Some(new) = map(target)
            {
                *r = format!("#/components/schemas/{new}");
            }
            for (k, v) in obj.iter_mut() {
                if k != "example" && k != "examples" {
                    rewrite_refs(v, map);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, map)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_and_refs_are_renamed() {
        let mut spec = crate::fixups::parse(
            r##"
components:
  schemas:
    flex.v1.flex_flow:
      type: object
      properties:
        channel_type: {$ref: "#/components/schemas/flex_flow_enum_channel_type"}
    flex_flow_enum_channel_type: {type: string, enum: [web, sms]}
"##,
        );
        rename_schemas(&mut spec).unwrap();
        let schemas = spec["components"]["schemas"].as_object().unwrap();
        assert!(schemas.contains_key("FlexFlow"));
        assert!(schemas.contains_key("FlexFlowChannelType"));
        assert_eq!(
            schemas["FlexFlow"]["properties"]["channel_type"]["$ref"],
            "#/components/schemas/FlexFlowChannelType"
        );
    }

    #[test]
    fn colliding_names_are_told_apart_by_the_documented_rule() {
        let keys = [
            "call_enum_event",
            "api.v2010.account.call.call_event",
            "iam.v1.ChangeAccountOwnerRequest",
            "iam.v1.Accounts.ChangeAccountOwnerRequest",
            "iam.v1.organization.vendoroauthapp",
            "iam.v1.account.vendoroauthapp",
            "insights.v2.account_report",
            "account_report",
            "flex.v1.flex_flow",
            "a_b",
            "a-b",
        ]
        .map(String::from);
        let names = unique_names(&keys);
        let name = |k: &str| names[k].as_str();
        assert_eq!(name("call_enum_event"), "CallEnumEvent");
        assert_eq!(name("api.v2010.account.call.call_event"), "CallEvent");
        assert_eq!(
            name("iam.v1.ChangeAccountOwnerRequest"),
            "ChangeAccountOwnerRequest"
        );
        assert_eq!(
            name("iam.v1.Accounts.ChangeAccountOwnerRequest"),
            "AccountsChangeAccountOwnerRequest"
        );
        assert_eq!(
            name("iam.v1.organization.vendoroauthapp"),
            "OrganizationVendoroauthapp"
        );
        assert_eq!(
            name("iam.v1.account.vendoroauthapp"),
            "AccountVendoroauthapp"
        );
        assert_eq!(name("account_report"), "AccountReport");
        assert_eq!(name("insights.v2.account_report"), "InsightsAccountReport");
        assert_eq!(name("flex.v1.flex_flow"), "FlexFlow");
        assert_eq!((name("a-b"), name("a_b")), ("AB", "AB2"));
        let distinct: std::collections::BTreeSet<_> = names.values().collect();
        assert_eq!(distinct.len(), keys.len());
    }

    #[test]
    fn an_unrelated_schema_changes_no_name() {
        let keys = ["call_enum_event", "api.v2010.account.call.call_event"].map(String::from);
        let before = unique_names(&keys);
        let mut more = keys.to_vec();
        more.push("api.v2010.account.call.call_feedback".into());
        more.push("zzz.call_event_summary".into());
        let after = unique_names(&more);
        for key in &keys {
            assert_eq!(before[key], after[key], "{key}");
        }
    }
}
