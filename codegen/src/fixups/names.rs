use crate::error::{Error, Result};
use crate::names::type_name;
use serde_json::Value;
use std::collections::BTreeMap;

/// Renames component schemas to the Rust names users see (`flex.v1.flex_flow` → `FlexFlow`,
/// `flex_flow_enum_channel_type` → `FlexFlowChannelType`) and rewrites every `$ref`.
///
/// typify derives names from the keys, which would give `FlexV1FlexFlow` and
/// `FlexFlowEnumChannelType`. Two keys that map to the same name are an error naming both.
pub fn rename_schemas(spec: &mut Value) -> Result<()> {
    let Some(schemas) = super::schemas_mut(spec) else {
        return Ok(());
    };
    let mut renames = BTreeMap::new();
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    for key in schemas.keys() {
        let name = type_name(key);
        if let Some(other) = taken.insert(name.clone(), key.clone()) {
            return Err(Error::unsupported(
                format!("#/components/schemas/{key}"),
                format!("its Rust name `{name}` is also the name of `{other}`"),
            ));
        }
        renames.insert(key.clone(), name);
    }
    let old = std::mem::take(schemas);
    for (key, schema) in old {
        schemas.insert(renames[&key].clone(), schema);
    }
    rewrite_refs(spec, &|target| renames.get(target).cloned());
    Ok(())
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
    fn colliding_names_are_an_error_naming_the_schema() {
        let mut spec = crate::fixups::parse(
            "components: {schemas: {a.flex_flow: {type: object}, b.flex_flow: {type: object}}}",
        );
        let err = rename_schemas(&mut spec).unwrap_err().to_string();
        assert!(err.contains("FlexFlow"), "{err}");
        assert!(err.contains("#/components/schemas/"), "{err}");
    }
}
