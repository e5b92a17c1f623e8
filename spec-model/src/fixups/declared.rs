use super::{Extras, IntRange};
use crate::error::{Error, Result};
use crate::product::{Declarations, Family};
use serde_json::Value;

/// A declared [`Family`] as this spec has it.
#[derive(Debug, Clone)]
pub struct FamilyUse {
    /// The declaration.
    pub family: Family,
    /// The operations that have the family's fields.
    pub operations: Vec<String>,
    /// The family's fields over those operations (wire names, spec order).
    pub members: Vec<String>,
    /// The kind field's values over those operations (spec order).
    pub kinds: Vec<String>,
}

/// A declared [`SchemaBody`](crate::product::SchemaBody) as this spec has it.
#[derive(Debug, Clone)]
pub struct BodyUse {
    /// The operationId.
    pub operation: String,
    /// The schema's Rust type name.
    pub schema: String,
    /// The properties with a setter (wire names, spec order).
    pub writable: Vec<String>,
    /// The schema's properties that get none.
    pub read_only: Vec<String>,
    /// The key the client fills with its account SID.
    pub account_sid_key: Option<String>,
}

/// Applies a product's [`Declarations`] to the fixed spec: checks each against what the spec
/// has, records the ones that apply, and adds declared ranges to `extras.ranges`.
///
/// A declaration whose subject the spec doesn't have (a family no operation carries, a body
/// of an operation the spec doesn't have, or one the spec now defines itself) doesn't apply:
/// older and newer releases build as they are. One that names things the spec no longer has
/// fails the build, saying what the declaration expects and what the spec has.
pub fn apply_declarations(
    spec: &Value,
    declarations: &Declarations,
    extras: &mut Extras,
) -> Result<(Vec<FamilyUse>, Vec<BodyUse>)> {
    let mut families = Vec::new();
    for family in &declarations.families {
        if let Some(used) = family_use(spec, family)? {
            for (field, min, max) in &family.ranges {
                for op in &used.operations {
                    extras.ranges.insert(
                        (op.clone(), family.wire(field)),
                        IntRange {
                            min: Some(*min),
                            max: Some(*max),
                        },
                    );
                }
            }
            families.push(used);
        }
    }
    let mut bodies = Vec::new();
    for body in &declarations.bodies {
        if let Some(used) = body_use(spec, body)? {
            bodies.push(used);
        }
    }
    Ok((families, bodies))
}

fn family_use(spec: &Value, family: &Family) -> Result<Option<FamilyUse>> {
    let prefix = format!("{}.", family.prefix);
    let mut used = FamilyUse {
        family: family.clone(),
        operations: Vec::new(),
        members: Vec::new(),
        kinds: Vec::new(),
    };
    let schemas = spec.pointer("/components/schemas");
    for (path, method, op) in operations(spec) {
        let Some(props) = op
            .pointer("/requestBody/content/application~1x-www-form-urlencoded/schema/properties")
            .and_then(Value::as_object)
        else {
            continue;
        };
        let members: Vec<&String> = props.keys().filter(|k| k.starts_with(&prefix)).collect();
        if members.is_empty() {
            continue;
        }
        let id = op.as_object().map(super::operation_id).unwrap_or_default();
        let location = format!("#/paths/{path}/{method}");
        let Some(kind) = props.get(&family.kind_field) else {
            return Err(Error::unsupported(
                location,
                format!(
                    "declared family `{}.*` is decided by `{}`, which {id} no longer has",
                    family.prefix, family.kind_field
                ),
            ));
        };
        // The kind field is an enum (hoisted into a component by now).
        let kind = kind
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .and_then(|name| schemas?.get(name))
            .unwrap_or(kind);
        for v in kind
            .get("enum")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !used.kinds.iter().any(|k| k == v) {
                used.kinds.push(v.to_string());
            }
        }
        for m in members {
            if !used.members.contains(m) {
                used.members.push(m.clone());
            }
        }
        used.operations.push(id);
    }
    if used.operations.is_empty() {
        return Ok(None);
    }
    let location = format!("declared family `{}.*`", family.prefix);
    for kind in &family.kinds {
        if !used.kinds.is_empty() && !used.kinds.contains(&kind.value) {
            return Err(Error::unsupported(
                location,
                format!(
                    "declares kind `{}`, which is not a value of `{}` any more (values: {})",
                    kind.value,
                    family.kind_field,
                    used.kinds.join(", ")
                ),
            ));
        }
        let fields = kind.required.iter().chain(&kind.optional);
        let ranged = family.ranges.iter().map(|(f, ..)| f);
        for field in fields.chain(ranged) {
            if !used.members.contains(&family.wire(field)) {
                return Err(Error::unsupported(
                    location,
                    format!(
                        "declares `{}`, which {} no longer have (they have: {})",
                        family.wire(field),
                        used.operations.join(", "),
                        used.members.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(Some(used))
}

/// Gives an operation whose body the product declares an empty JSON object body when the
/// spec lists no request body for it, so the declaration applies (see
/// [`apply_declarations`]) and the operation keeps its whole API (`.body(map)`, a setter per
/// writable property) whether or not Twilio's release writes the body down.
///
/// Twilio's Configuration update took a form body with no properties until 2021-04-07, none
/// at all from 2021-04-15, and a JSON one with no properties since 2024: the same request on
/// the wire, the JSON object Twilio's docs describe.
pub fn declared_bodies_in_spec(spec: &mut Value, declarations: &Declarations) {
    for (_, _, op) in super::operations_mut(spec) {
        let id = super::operation_id(op);
        if !op.contains_key("requestBody") && declarations.bodies.iter().any(|b| b.operation == id)
        {
            op.insert(
                "requestBody".into(),
                serde_json::json!({"content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {},
                }}}}),
            );
        }
    }
}

fn body_use(spec: &Value, body: &crate::product::SchemaBody) -> Result<Option<BodyUse>> {
    let Some((path, method, op)) = operations(spec)
        .find(|(_, _, op)| op.get("operationId").and_then(Value::as_str) == Some(&body.operation))
    else {
        return Ok(None);
    };
    // Only a body the spec leaves free-form (see `free_form_json_bodies`); a release that
    // defines it is taken as it is.
    let Some(schema) = op.pointer("/requestBody/content/application~1json/schema") else {
        return Ok(None);
    };
    if schema
        .get("properties")
        .is_some_and(|p| p.as_object().is_some_and(|p| !p.is_empty()))
    {
        return Ok(None);
    }
    let name = crate::names::type_name(&body.schema);
    let target = spec
        .pointer("/components/schemas")
        .and_then(|s| s.get(&name).or_else(|| s.get(&body.schema)))
        .ok_or_else(|| {
            Error::unsupported(
                format!("#/paths/{path}/{method}"),
                format!(
                    "{}'s body is declared as the writable part of `{}`, a schema the spec no longer has",
                    body.operation, body.schema
                ),
            )
        })?;
    let props: Vec<String> = target
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    let (read_only, writable) = props.into_iter().partition(|p| body.read_only.contains(p));
    Ok(Some(BodyUse {
        operation: body.operation.clone(),
        schema: name,
        writable,
        read_only,
        account_sid_key: body.account_sid_key.clone(),
    }))
}

fn operations(spec: &Value) -> impl Iterator<Item = (&String, &String, &Value)> {
    spec.get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(path, item)| item.as_object().map(|i| (path, i)))
        .flat_map(|(path, item)| {
            item.iter()
                .filter(|(m, _)| super::HTTP_METHODS.contains(&m.as_str()))
                .map(move |(m, op)| (path, m, op))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::product::SchemaBody;

    const SPEC: &str = r##"
paths:
  /v1/FlexFlows:
    post:
      operationId: CreateFlexFlow
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              properties:
                IntegrationType: {$ref: "#/components/schemas/IntegrationType"}
                Integration.FlowSid: {type: string}
                Integration.Url: {type: string}
                Integration.RetryCount: {type: integer}
  /v1/Configuration:
    post:
      operationId: UpdateConfiguration
      requestBody:
        content:
          application/json:
            schema: {type: object, additionalProperties: true}
components:
  schemas:
    IntegrationType: {type: string, enum: [studio, external]}
    Configuration:
      properties:
        account_sid: {type: string}
        ui_attributes: {}
        url: {type: string}
"##;

    fn family() -> Family {
        Family::new(
            "Integration",
            "IntegrationType",
            "How messages are handed on.",
        )
        .kind("studio", &["FlowSid"], &["RetryCount"], "A Studio Flow.")
        .kind("external", &["Url"], &["RetryCount"], "A webhook.")
        .range("RetryCount", 0, 3)
    }

    #[test]
    fn a_declared_body_applies_when_the_spec_lists_no_body() {
        let mut spec = crate::fixups::parse(
            r#"
paths:
  /v1/Configuration:
    post: {operationId: UpdateConfiguration, responses: {}}
  /v1/Other:
    post: {operationId: UpdateOther, responses: {}}
components:
  schemas:
    Configuration: {type: object, properties: {ui_version: {type: string}, url: {type: string}}}
"#,
        );
        let declarations = Declarations::new().body(crate::product::SchemaBody {
            operation: "UpdateConfiguration".into(),
            schema: "Configuration".into(),
            read_only: vec!["url".into()],
            account_sid_key: None,
        });
        declared_bodies_in_spec(&mut spec, &declarations);
        let post = &spec["paths"]["/v1/Configuration"]["post"];
        assert_eq!(
            post["requestBody"]["content"]["application/json"]["schema"]["type"],
            "object"
        );
        assert!(
            spec["paths"]["/v1/Other"]["post"]
                .get("requestBody")
                .is_none()
        );
        let (_, bodies) = apply_declarations(&spec, &declarations, &mut Extras::default()).unwrap();
        assert_eq!(bodies.len(), 1);
        assert_eq!(bodies[0].writable, ["ui_version"]);
    }

    #[test]
    fn a_family_applies_where_the_spec_has_it() {
        let spec = crate::fixups::parse(SPEC);
        let mut extras = Extras::default();
        let declarations = Declarations::new().family(family()).body(SchemaBody {
            operation: "UpdateConfiguration".into(),
            schema: "flex.v1.configuration".into(),
            read_only: vec!["account_sid".into(), "url".into()],
            account_sid_key: Some("account_sid".into()),
        });
        let (families, bodies) = apply_declarations(&spec, &declarations, &mut extras).unwrap();
        assert_eq!(families[0].operations, ["CreateFlexFlow"]);
        assert_eq!(families[0].kinds, ["studio", "external"]);
        assert_eq!(families[0].members.len(), 3);
        assert_eq!(
            extras.ranges[&("CreateFlexFlow".into(), "Integration.RetryCount".into())],
            IntRange {
                min: Some(0),
                max: Some(3)
            }
        );
        assert_eq!(bodies[0].schema, "Configuration");
        assert_eq!(bodies[0].writable, ["ui_attributes"]);
        assert_eq!(bodies[0].read_only, ["account_sid", "url"]);
    }

    #[test]
    fn a_family_the_spec_lacks_is_skipped_and_a_reshaped_one_is_an_error() {
        let mut extras = Extras::default();
        let empty = crate::fixups::parse("paths: {}");
        let declarations = Declarations::new().family(family());
        let (families, _) = apply_declarations(&empty, &declarations, &mut extras).unwrap();
        assert!(families.is_empty());
        let renamed =
            crate::fixups::parse(&SPEC.replace("Integration.FlowSid", "Integration.StudioFlowSid"));
        let err = apply_declarations(&renamed, &declarations, &mut extras)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("`Integration.FlowSid`") && err.contains("Integration.StudioFlowSid"),
            "{err}"
        );
        let kind = crate::fixups::parse(
            &SPEC.replace("enum: [studio, external]", "enum: [flow, external]"),
        );
        let err = apply_declarations(&kind, &declarations, &mut extras)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("kind `studio`") && err.contains("flow, external"),
            "{err}"
        );
    }
}
