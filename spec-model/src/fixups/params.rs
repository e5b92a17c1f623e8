use crate::error::Result;
use serde_json::Value;
use std::collections::BTreeMap;

/// Gives Twilio's comparison parameters names of their own: `DateCreated<` →
/// `DateCreatedBefore`, `DateCreated>` → `DateCreatedAfter` (setters `date_created_before`,
/// `date_created_after`, as Twilio's libraries name them), recording the wire names to restore.
///
/// Raw, progenitor names `DateCreated`, `DateCreated<` and `DateCreated>` alike
/// (`date_created`), and the builder doesn't compile. The request still sends the wire name:
/// the code generator's post-processing (`restore_wire_names`) puts it back in the query.
pub fn name_comparison_parameters(spec: &mut Value) -> Result<BTreeMap<(String, String), String>> {
    let mut renamed = BTreeMap::new();
    for (_, _, op) in super::operations_mut(spec) {
        let op_id = super::operation_id(op);
        let Some(Value::Array(params)) = op.get_mut("parameters") else {
            continue;
        };
        for p in params.iter_mut() {
            let Some(name) = p.get("name").and_then(Value::as_str).map(str::to_string) else {
                continue;
            };
            let new = if let Some(stem) = name.strip_suffix('<') {
                format!("{stem}Before")
            } else if let Some(stem) = name.strip_suffix('>') {
                format!("{stem}After")
            } else {
                continue;
            };
            p["name"] = Value::String(new.clone());
            renamed.insert((op_id.clone(), new), name);
        }
    }
    Ok(renamed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_parameters_get_names_and_keep_their_wire_names() {
        let mut spec = crate::fixups::parse(
            r#"
paths:
  /2010-04-01/Accounts/{AccountSid}/Calls.json:
    get:
      operationId: ListCall
      parameters:
        - {name: StartTime, in: query, schema: {type: string}}
        - {name: StartTime<, in: query, schema: {type: string}}
        - {name: StartTime>, in: query, schema: {type: string}}
"#,
        );
        let renamed = name_comparison_parameters(&mut spec).unwrap();
        let params =
            &spec["paths"]["/2010-04-01/Accounts/{AccountSid}/Calls.json"]["get"]["parameters"];
        assert_eq!(params[0]["name"], "StartTime");
        assert_eq!(params[1]["name"], "StartTimeBefore");
        assert_eq!(params[2]["name"], "StartTimeAfter");
        assert_eq!(
            renamed[&("ListCall".to_string(), "StartTimeBefore".to_string())],
            "StartTime<"
        );
        assert_eq!(renamed.len(), 2);
    }
}
