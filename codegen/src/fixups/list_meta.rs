use crate::error::{Error, Result};
use serde_json::Value;

/// A list operation's response: its items field and the item type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListResponse {
    /// The list operation, e.g. `ListFlexFlow`.
    pub operation_id: String,
    /// The response type name, e.g. `ListFlexFlowResponse`.
    pub type_name: String,
    /// The JSON field holding the items, e.g. `flex_flows`.
    pub items_field: String,
    /// The item type name, e.g. `FlexFlow`.
    pub item_type: String,
}

const META: &str = "ListMeta";

/// Hoists the inline `meta` object of every list response into one shared `ListMeta` type
/// and records each list response for the pagination code.
///
/// Raw, typify emits 18 identical copies (`ListChannelResponseMeta`, …). A list response is
/// a GET 200 whose object schema has `meta` plus exactly one array of `$ref` items; one whose
/// `meta` differs from the others gets its own `{Title}Meta` rather than being merged.
pub fn share_list_meta(spec: &mut Value) -> Result<Vec<ListResponse>> {
    let mut canonical: Option<Value> = None;
    let mut extra_metas: Vec<(String, Value)> = Vec::new();
    let mut lists = Vec::new();
    for (path, method, op) in super::operations_mut(spec) {
        if method != "get" {
            continue;
        }
        let op_id = op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let Some(schema) = op
            .get_mut("responses")
            .and_then(|r| r.get_mut("200"))
            .and_then(|r| r.get_mut("content"))
            .and_then(|c| c.get_mut("application/json"))
            .and_then(|c| c.get_mut("schema"))
        else {
            continue;
        };
        let Some(props) = schema.get("properties").and_then(Value::as_object) else {
            continue;
        };
        let Some(meta) = props
            .get("meta")
            .filter(|m| m.get("properties").is_some())
            .cloned()
        else {
            continue;
        };
        let arrays: Vec<(String, String)> = props
            .iter()
            .filter(|(k, v)| *k != "meta" && v.get("type").and_then(Value::as_str) == Some("array"))
            .filter_map(|(k, v)| {
                let target = v.get("items")?.get("$ref")?.as_str()?;
                Some((
                    k.clone(),
                    target.strip_prefix("#/components/schemas/")?.to_string(),
                ))
            })
            .collect();
        let [(items_field, item_type)] = arrays.as_slice() else {
            return Err(Error::unsupported(
                format!("#/paths/{path}/get/responses/200"),
                "a list response (it has `meta`) whose items are not exactly one array of $ref",
            ));
        };
        let title = schema
            .get("title")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| format!("{op_id}Response"));
        let meta_name = match &canonical {
            None => {
                canonical = Some(meta.clone());
                META.to_string()
            }
            Some(c) if *c == meta => META.to_string(),
            Some(_) => {
                let name = format!("{title}Meta");
                extra_metas.push((name.clone(), meta.clone()));
                name
            }
        };
        schema["title"] = Value::String(title.clone());
        schema["properties"]["meta"] = super::schema_ref(&meta_name);
        lists.push(ListResponse {
            operation_id: op_id,
            type_name: title,
            items_field: items_field.clone(),
            item_type: item_type.clone(),
        });
    }
    if let (Some(schemas), Some(meta)) = (super::schemas_mut(spec), canonical) {
        schemas.insert(META.to_string(), meta);
        for (name, meta) in extra_metas {
            schemas.insert(name, meta);
        }
    }
    Ok(lists)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list_op(name: &str, key: &str) -> String {
        format!(
            r##"
    get:
      operationId: List{name}
      responses:
        "200":
          content:
            application/json:
              schema:
                type: object
                title: List{name}Response
                properties:
                  {key}: {{type: array, items: {{$ref: "#/components/schemas/{name}"}}}}
                  meta: {{type: object, properties: {{next_page_url: {{type: string, nullable: true}}, key: {{type: string}}}}}}
"##
        )
    }

    #[test]
    fn meta_is_shared_and_lists_recorded() {
        let yaml = format!(
            "components: {{schemas: {{A: {{type: object}}, B: {{type: object}}}}}}\npaths:\n  /v1/A:{}\n  /v1/B:{}",
            list_op("A", "as"),
            list_op("B", "bs")
        );
        let mut spec = crate::fixups::parse(&yaml);
        let lists = share_list_meta(&mut spec).unwrap();
        assert_eq!(lists.len(), 2);
        assert_eq!(lists[0].items_field, "as");
        assert_eq!(lists[0].item_type, "A");
        assert_eq!(lists[1].type_name, "ListBResponse");
        for p in ["/v1/A", "/v1/B"] {
            assert_eq!(
                spec["paths"][p]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
                    ["properties"]["meta"]["$ref"],
                "#/components/schemas/ListMeta"
            );
        }
        assert!(
            spec["components"]["schemas"]["ListMeta"]["properties"]["next_page_url"].is_object()
        );
    }
}
