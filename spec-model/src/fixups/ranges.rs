use crate::error::Result;
use serde_json::Value;
use std::collections::BTreeMap;

/// An inclusive integer range a request value must fall in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntRange {
    /// Lowest allowed value.
    pub min: Option<i64>,
    /// Highest allowed value.
    pub max: Option<i64>,
}

/// Removes `minimum`/`maximum` from integer schemas, recording the request-side ones.
///
/// typify turns `minimum: 1` into `NonZeroU64`, so `.page_size(50)` would not compile and a
/// response with an out-of-range number would not decode. Requests are checked by the
/// emitted setters instead, with an error naming the parameter and the range.
pub fn strip_integer_ranges(spec: &mut Value) -> Result<BTreeMap<(String, String), IntRange>> {
    let mut ranges = BTreeMap::new();
    for (_, _, op) in super::operations_mut(spec) {
        let op_id = super::operation_id(op);
        if let Some(Value::Array(params)) = op.get("parameters") {
            for p in params {
                let (Some(name), Some(schema)) =
                    (p.get("name").and_then(Value::as_str), p.get("schema"))
                else {
                    continue;
                };
                if let Some(range) = int_range(schema) {
                    ranges.insert((op_id.clone(), name.to_string()), range);
                }
            }
        }
        if let Some(Value::Object(content)) = op.get("requestBody").and_then(|b| b.get("content")) {
            for media in content.values() {
                if let Some(Value::Object(props)) =
                    media.get("schema").and_then(|s| s.get("properties"))
                {
                    for (field, schema) in props {
                        if let Some(range) = int_range(schema) {
                            ranges.insert((op_id.clone(), field.clone()), range);
                        }
                    }
                }
            }
        }
    }
    super::visit_objects_mut(spec, &mut String::from("#"), &mut |map, _| {
        if map.get("type").and_then(Value::as_str) == Some("integer") {
            map.remove("minimum");
            map.remove("maximum");
            map.remove("exclusiveMinimum");
            map.remove("exclusiveMaximum");
        }
    });
    Ok(ranges)
}

fn int_range(schema: &Value) -> Option<IntRange> {
    if schema.get("type").and_then(Value::as_str) != Some("integer") {
        return None;
    }
    let min = schema.get("minimum").and_then(Value::as_i64);
    let max = schema.get("maximum").and_then(Value::as_i64);
    (min.is_some() || max.is_some()).then_some(IntRange { min, max })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_recorded_and_stripped() {
        let mut spec = crate::fixups::parse(
            r#"
paths:
  /v1/FlexFlows:
    get:
      operationId: ListFlexFlow
      parameters:
        - {name: PageSize, in: query, schema: {type: integer, format: int64, minimum: 1, maximum: 1000}}
        - {name: Page, in: query, schema: {type: integer, minimum: 0}}
"#,
        );
        let ranges = strip_integer_ranges(&mut spec).unwrap();
        assert_eq!(
            ranges[&("ListFlexFlow".to_string(), "PageSize".to_string())],
            IntRange {
                min: Some(1),
                max: Some(1000)
            }
        );
        assert_eq!(
            ranges[&("ListFlexFlow".to_string(), "Page".to_string())],
            IntRange {
                min: Some(0),
                max: None
            }
        );
        let schema = &spec["paths"]["/v1/FlexFlows"]["get"]["parameters"][0]["schema"];
        assert!(schema.get("minimum").is_none() && schema.get("maximum").is_none());
    }
}
