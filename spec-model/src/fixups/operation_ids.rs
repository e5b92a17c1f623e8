use crate::error::Result;
use heck::ToUpperCamelCase;
use serde_json::Value;
use std::collections::BTreeSet;

/// Names operations that have no `operationId` from their method and path, as Twilio names
/// the ones it does: `{Verb}{Resource}`.
///
/// Twilio's first Flex releases (December 2020) carry no operationId at all; the release a
/// week later added exactly these names, and every later Twilio spec follows them:
/// - the verb: `List` (GET of a collection), `Create` (POST to a collection), `Fetch`,
///   `Update`, `Delete` (GET, POST, DELETE of an instance — a path ending in `{Param}` — or of
///   a singleton such as `/v1/Configuration`), `Patch`, `Put`;
/// - the resource: the literal path segments after the version, each singular, joined
///   (`/v1/Interactions/{Sid}/Channels` → `InteractionChannel`).
///
/// A path is a collection when another path is one of its instances (`/v1/FlexFlows` and
/// `/v1/FlexFlows/{Sid}`). Two operations that would get one name keep them apart with the
/// method's name appended; a name already used by a named operation is never taken.
pub fn name_unnamed_operations(spec: &mut Value) -> Result<()> {
    let paths: Vec<String> = spec
        .get("paths")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    let mut taken: BTreeSet<String> = super::operations_mut(spec)
        .filter_map(|(_, _, op)| op.get("operationId")?.as_str().map(str::to_string))
        .collect();
    for (path, method, op) in super::operations_mut(spec) {
        if op.get("operationId").and_then(Value::as_str).is_some() {
            continue;
        }
        let mut name = operation_name(&path, &method, &paths);
        if taken.contains(&name) {
            name.push_str(&method.to_upper_camel_case());
        }
        let base = name.clone();
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{base}{n}");
            n += 1;
        }
        op.insert("operationId".into(), Value::String(name));
    }
    Ok(())
}

/// `GET /v1/FlexFlows` → `ListFlexFlow` (see [`name_unnamed_operations`]). A `.json`
/// extension (API v2010's paths) is not part of the name.
fn operation_name(path: &str, method: &str, all_paths: &[String]) -> String {
    let path = path.strip_suffix(".json").unwrap_or(path);
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let is_param = |s: &str| s.starts_with('{') && s.ends_with('}');
    let instance = segments.last().is_some_and(|s| is_param(s));
    let collection = !instance
        && all_paths.iter().any(|other| {
            let other = other.strip_suffix(".json").unwrap_or(other);
            other
                .strip_prefix(path)
                .and_then(|rest| rest.strip_prefix('/'))
                .is_some_and(|rest| !rest.contains('/') && is_param(rest))
        });
    let verb = match (method, instance || !collection) {
        ("get", false) => "List",
        ("post", false) => "Create",
        ("get", true) => "Fetch",
        ("post", true) => "Update",
        ("delete", _) => "Delete",
        (other, _) => return format!("{}{}", other.to_upper_camel_case(), resource(&segments)),
    };
    format!("{verb}{}", resource(&segments))
}

/// The literal segments after the version (`v1`, `2010-04-01`), singular, in PascalCase.
fn resource(segments: &[&str]) -> String {
    let is_version = |s: &str| {
        s.strip_prefix('v')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            || s.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    };
    segments
        .iter()
        .skip_while(|s| is_version(s))
        .filter(|s| !(s.starts_with('{') && s.ends_with('}')))
        .map(|s| singular(&s.replace(['.', '-'], "_").to_upper_camel_case()))
        .collect()
}

/// `Channels` → `Channel`, `Activities` → `Activity`, `Addresses` → `Address`.
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = word.strip_suffix("sses") {
        format!("{stem}ss")
    } else if let Some(stem) = word.strip_suffix("xes") {
        format!("{stem}x")
    } else if word.ends_with("ss") || word.ends_with("us") {
        word.to_string()
    } else if let Some(stem) = word.strip_suffix('s') {
        stem.to_string()
    } else {
        word.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unnamed_operations_are_named_like_twilios() {
        let mut spec = crate::fixups::parse(
            r#"
paths:
  /v1/FlexFlows: {get: {}, post: {}}
  /v1/FlexFlows/{Sid}: {get: {}, post: {}, delete: {}}
  /v1/Configuration: {get: {}, post: {}}
  /v1/Interactions/{InteractionSid}/Channels: {get: {}}
  /v1/Interactions/{InteractionSid}/Channels/{Sid}: {get: {}}
  /v1/Activities: {get: {operationId: ListActivity}}
  /v1/Activities/{Sid}: {get: {}}
  /2010-04-01/Accounts/{AccountSid}/Addresses.json: {post: {}}
  /2010-04-01/Accounts/{AccountSid}/Addresses/{Sid}.json: {get: {}}
  /v1/Widgets/{Sid}/Archive: {post: {}}
"#,
        );
        name_unnamed_operations(&mut spec).unwrap();
        let id = |p: &str, m: &str| spec["paths"][p][m]["operationId"].as_str().unwrap();
        assert_eq!(id("/v1/FlexFlows", "get"), "ListFlexFlow");
        assert_eq!(id("/v1/FlexFlows", "post"), "CreateFlexFlow");
        assert_eq!(id("/v1/FlexFlows/{Sid}", "get"), "FetchFlexFlow");
        assert_eq!(id("/v1/FlexFlows/{Sid}", "post"), "UpdateFlexFlow");
        assert_eq!(id("/v1/FlexFlows/{Sid}", "delete"), "DeleteFlexFlow");
        assert_eq!(id("/v1/Configuration", "get"), "FetchConfiguration");
        assert_eq!(id("/v1/Configuration", "post"), "UpdateConfiguration");
        assert_eq!(
            id("/v1/Interactions/{InteractionSid}/Channels", "get"),
            "ListInteractionChannel"
        );
        assert_eq!(
            id("/v1/Interactions/{InteractionSid}/Channels/{Sid}", "get"),
            "FetchInteractionChannel"
        );
        assert_eq!(id("/v1/Activities", "get"), "ListActivity");
        assert_eq!(id("/v1/Activities/{Sid}", "get"), "FetchActivity");
        assert_eq!(
            id("/2010-04-01/Accounts/{AccountSid}/Addresses.json", "post"),
            "CreateAccountAddress"
        );
        assert_eq!(
            id("/v1/Widgets/{Sid}/Archive", "post"),
            "UpdateWidgetArchive"
        );
    }

    #[test]
    fn a_name_in_use_is_not_taken_twice() {
        let mut spec = crate::fixups::parse(
            r#"
paths:
  /v1/Configuration: {get: {operationId: FetchConfiguration}}
  /v1/Configuration/: {get: {}, post: {}}
"#,
        );
        name_unnamed_operations(&mut spec).unwrap();
        let id = |m: &str| spec["paths"]["/v1/Configuration/"][m]["operationId"].clone();
        assert_eq!(id("get"), "FetchConfigurationGet");
        assert_eq!(id("post"), "UpdateConfiguration");
    }
}
