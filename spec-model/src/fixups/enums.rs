use crate::error::Result;
use heck::ToUpperCamelCase;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// A string enum, emitted as a forward-compatible Rust enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumType {
    /// Rust type name, e.g. `FlexFlowChannelType`.
    pub name: String,
    /// The values, in spec order.
    pub values: Vec<String>,
    /// The schema's description, if any.
    pub description: Option<String>,
}

/// Collects every string enum into a named component and records it for the emitter.
///
/// typify makes closed enums: a value Twilio adds later (it has: `inactive`, `transfer`)
/// fails the whole response. We emit our own enums with a catch-all variant instead, and
/// progenitor is told to use them. Inline enums (`Instance.status`) are hoisted to
/// components named `{Owner}{Field}` (`InstanceStatus`), parameters' to
/// `{OperationId}{Parameter}`. Inline enums with the same name and values share one type; a
/// name already taken by another schema or another enum gets a number (`InstanceStatus2`).
pub fn hoist_enums(spec: &mut Value) -> Result<Vec<EnumType>> {
    let mut found: BTreeMap<String, EnumType> = BTreeMap::new();
    let others: BTreeSet<String> = super::schemas_mut(spec)
        .map(|s| {
            s.iter()
                .filter(|(_, schema)| string_enum(schema).is_none())
                .map(|(name, _)| name.clone())
                .collect()
        })
        .unwrap_or_default();

    // Named enums are components already.
    if let Some(schemas) = super::schemas_mut(spec) {
        for (name, schema) in schemas.iter() {
            if let Some(values) = string_enum(schema) {
                found.insert(name.clone(), enum_type(name, values, schema));
            }
        }
    }

    // Inline enums: in component properties, and in operation parameters and bodies.
    let mut hoisted: Vec<(String, Value)> = Vec::new();
    let mut hoist = |preferred: String, schema: &mut Value, _location: &str| {
        let Some(values) = string_enum(schema) else {
            return;
        };
        let candidates =
            std::iter::once(preferred.clone()).chain((2..).map(|n| format!("{preferred}{n}")));
        for name in candidates {
            if others.contains(&name) {
                continue;
            }
            match found.get(&name) {
                Some(existing) if existing.values != values => continue,
                Some(_) => {}
                None => {
                    found.insert(name.clone(), enum_type(&name, values, schema));
                    hoisted.push((name.clone(), schema.clone()));
                }
            }
            *schema = super::schema_ref(&name);
            return;
        }
    };

    if let Some(schemas) = super::schemas_mut(spec) {
        for (owner, schema) in schemas.iter_mut() {
            for_each_property(schema, &mut |field, prop| {
                let name = format!("{owner}{}", field.to_upper_camel_case());
                hoist(
                    name,
                    prop,
                    &format!("#/components/schemas/{owner}/properties/{field}"),
                );
            });
        }
    }
    for (path, method, op) in super::operations_mut(spec) {
        let op_id = super::operation_id(op);
        let location = format!("#/paths/{path}/{method}");
        if let Some(Value::Array(params)) = op.get_mut("parameters") {
            for p in params.iter_mut() {
                let pname = p
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                if let Some(schema) = p.get_mut("schema") {
                    let name = format!(
                        "{op_id}{}",
                        pname.replace(['.', '-'], "_").to_upper_camel_case()
                    );
                    hoist(name, schema, &location);
                }
            }
        }
        if let Some(Value::Object(content)) =
            op.get_mut("requestBody").and_then(|b| b.get_mut("content"))
        {
            for media in content.values_mut() {
                if let Some(schema) = media.get_mut("schema") {
                    for_each_property(schema, &mut |field, prop| {
                        let name = format!(
                            "{op_id}{}",
                            field.replace(['.', '-'], "_").to_upper_camel_case()
                        );
                        hoist(name, prop, &location);
                    });
                }
            }
        }
    }
    if let Some(schemas) = super::schemas_mut(spec) {
        for (name, schema) in hoisted {
            schemas.insert(name, schema);
        }
    }
    Ok(found.into_values().collect())
}

/// Calls `f` on each property schema of an object schema, and on array items.
fn for_each_property(schema: &mut Value, f: &mut dyn FnMut(&str, &mut Value)) {
    if let Some(Value::Object(props)) = schema.get_mut("properties") {
        for (field, prop) in props.iter_mut() {
            if prop.get("type").and_then(Value::as_str) == Some("array") {
                if let Some(items) = prop.get_mut("items") {
                    f(field, items);
                }
            } else {
                f(field, prop);
            }
        }
    }
}

fn string_enum(schema: &Value) -> Option<Vec<String>> {
    let map: &Map<String, Value> = schema.as_object()?;
    if map.get("type").and_then(Value::as_str) != Some("string") {
        return None;
    }
    let values = map.get("enum")?.as_array()?;
    values
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect()
}

fn enum_type(name: &str, values: Vec<String>, schema: &Value) -> EnumType {
    EnumType {
        name: name.to_string(),
        values,
        description: schema
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_and_inline_enums_are_collected_and_referenced() {
        let mut spec = crate::fixups::parse(
            r##"
components:
  schemas:
    FlexFlowChannelType: {type: string, enum: [web, sms]}
    Instance:
      type: object
      properties:
        status: {type: string, enum: [unknown, ready]}
paths:
  /v1/X:
    get:
      operationId: ListX
      parameters:
        - {name: Status, in: query, schema: {type: string, enum: [a, b]}}
"##,
        );
        let enums = hoist_enums(&mut spec).unwrap();
        let names: Vec<_> = enums.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            ["FlexFlowChannelType", "InstanceStatus", "ListXStatus"]
        );
        assert_eq!(
            spec["components"]["schemas"]["Instance"]["properties"]["status"]["$ref"],
            "#/components/schemas/InstanceStatus"
        );
        assert_eq!(
            spec["components"]["schemas"]["InstanceStatus"]["enum"][1],
            "ready"
        );
        assert_eq!(
            spec["paths"]["/v1/X"]["get"]["parameters"][0]["schema"]["$ref"],
            "#/components/schemas/ListXStatus"
        );
    }
}
