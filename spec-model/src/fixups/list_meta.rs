use crate::error::Result;
use serde_json::Value;
use std::collections::BTreeSet;

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

/// Recognises list responses, gives every one a named item type, and hoists their inline
/// `meta` objects into one shared `ListMeta` type, recording each list for the pagination code.
///
/// A list response is a GET 200 whose JSON object schema has a `meta` object that can page
/// (it declares `next_page_url`) and exactly one array of items. Its items get a name when
/// they are inline (the field in PascalCase, singular: `knowledge` → `Knowledge`, or
/// `{Title}Item` when that is taken). A response of any other shape, with or without `meta`,
/// is left a plain response: it gets no stream, and nothing is an error.
///
/// Raw, typify emits a copy of `meta` per list (`ListChannelResponseMeta`, …); one whose
/// `meta` differs from the first gets its own `{Title}Meta` rather than being merged.
pub fn share_list_meta(spec: &mut Value) -> Result<Vec<ListResponse>> {
    let mut canonical: Option<Value> = None;
    let mut new_schemas: Vec<(String, Value)> = Vec::new();
    let mut lists = Vec::new();
    let mut taken: BTreeSet<String> = super::schemas_mut(spec)
        .map(|s| s.keys().cloned().collect())
        .unwrap_or_default();
    let fresh = |preferred: String, taken: &mut BTreeSet<String>| -> String {
        let name = std::iter::once(preferred.clone())
            .chain((2..).map(|n| format!("{preferred}{n}")))
            .find(|n| !taken.contains(n))
            .unwrap_or(preferred);
        taken.insert(name.clone());
        name
    };
    let meta_name = fresh(META.to_string(), &mut taken);
    for (_, method, op) in super::operations_mut(spec) {
        if method != "get" {
            continue;
        }
        let op_id = super::operation_id(op);
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
            .filter(|m| m.pointer("/properties/next_page_url").is_some())
            .cloned()
        else {
            continue;
        };
        let arrays: Vec<(&String, &Value)> = props
            .iter()
            .filter(|(k, v)| *k != "meta" && v.get("type").and_then(Value::as_str) == Some("array"))
            .collect();
        let [(items_field, array)] = arrays.as_slice() else {
            continue;
        };
        let Some(items) = array.get("items").filter(|i| i.is_object()) else {
            continue;
        };
        let items_field = (*items_field).clone();
        let title = schema
            .get("title")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| format!("{op_id}Response"));
        let item_type = match items
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
        {
            Some(target) => target.to_string(),
            None => {
                let singular = crate::names::type_name(&items_field);
                let preferred = match singular.strip_suffix('s') {
                    Some(stem) if !stem.is_empty() => stem.to_string(),
                    _ => singular,
                };
                let name = if taken.contains(&preferred) {
                    fresh(format!("{title}Item"), &mut taken)
                } else {
                    fresh(preferred, &mut taken)
                };
                new_schemas.push((name.clone(), items.clone()));
                schema["properties"][&items_field]["items"] = super::schema_ref(&name);
                name
            }
        };
        let this_meta = match &canonical {
            None => {
                canonical = Some(meta.clone());
                meta_name.clone()
            }
            Some(c) if *c == meta => meta_name.clone(),
            Some(_) => {
                let name = fresh(format!("{title}Meta"), &mut taken);
                new_schemas.push((name.clone(), meta.clone()));
                name
            }
        };
        schema["title"] = Value::String(title.clone());
        schema["properties"]["meta"] = super::schema_ref(&this_meta);
        lists.push(ListResponse {
            operation_id: op_id,
            type_name: title,
            items_field,
            item_type,
        });
    }
    if let Some(meta) = canonical {
        new_schemas.push((meta_name, meta));
    }
    if !new_schemas.is_empty() {
        let components = spec.as_object_mut().map(|o| {
            o.entry("components")
                .or_insert_with(|| Value::Object(Default::default()))
        });
        if let Some(Value::Object(c)) = components {
            let schemas = c
                .entry("schemas")
                .or_insert_with(|| Value::Object(Default::default()));
            if let Value::Object(schemas) = schemas {
                for (name, schema) in new_schemas {
                    schemas.insert(name, schema);
                }
            }
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

    #[test]
    fn lists_of_other_shapes_are_plain_responses_and_inline_items_get_a_name() {
        let yaml = r##"
paths:
  /v1/Knowledge:
    get:
      operationId: ListKnowledge
      responses:
        "200":
          content:
            application/json:
              schema:
                type: object
                properties:
                  knowledge: {type: array, items: {type: object, properties: {id: {type: string}}}}
                  meta: {type: object, properties: {next_page_url: {type: string}, url: {type: string}}}
  /v1/Two:
    get:
      operationId: ListTwo
      responses:
        "200":
          content:
            application/json:
              schema:
                type: object
                properties:
                  a: {type: array, items: {type: string}}
                  b: {type: array, items: {type: string}}
                  meta: {type: object, properties: {next_page_url: {type: string}}}
  /v1/NoPaging:
    get:
      operationId: FetchNoPaging
      responses:
        "200":
          content:
            application/json:
              schema:
                type: object
                properties:
                  items: {type: array, items: {type: string}}
                  meta: {type: object, properties: {total: {type: integer}}}
"##;
        let mut spec = crate::fixups::parse(yaml);
        let lists = share_list_meta(&mut spec).unwrap();
        assert_eq!(lists.len(), 1, "{lists:?}");
        assert_eq!(lists[0].operation_id, "ListKnowledge");
        assert_eq!(lists[0].item_type, "Knowledge");
        assert_eq!(lists[0].type_name, "ListKnowledgeResponse");
        assert_eq!(
            spec["components"]["schemas"]["Knowledge"]["properties"]["id"]["type"],
            "string"
        );
        let knowledge = &spec["paths"]["/v1/Knowledge"]["get"]["responses"]["200"]["content"]["application/json"]
            ["schema"]["properties"];
        assert_eq!(
            knowledge["knowledge"]["items"]["$ref"],
            "#/components/schemas/Knowledge"
        );
        // The others are left as they were.
        let two = &spec["paths"]["/v1/Two"]["get"]["responses"]["200"]["content"]["application/json"]
            ["schema"]["properties"]["meta"];
        assert!(two.get("$ref").is_none());
    }
}
