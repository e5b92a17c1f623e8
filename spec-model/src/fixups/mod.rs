//! In-memory fix-ups that turn Twilio's spec into one a generator can make a good client
//! from. The vendored YAML is never edited. Each fix-up is one function in the file of its
//! concern, handling a construct wherever it appears (never a spec by name); [`FIXUPS`] is
//! their order, which [`apply_all`] runs, and each records in [`Extras`] what the code
//! generator and the mock need to know about what it changed.
//!
//! To handle a new construct: write its fix-up (with a test on a small spec) and give it a
//! row in [`FIXUPS`] after the fix-ups whose output it reads (the names, most often) and
//! before the ones that must see its result.

mod declared;
mod enums;
mod free_form;
mod headers;
mod json_bodies;
mod list_meta;
mod media_types;
mod names;
mod numbers;
mod object_formats;
mod operation_ids;
mod params;
mod primitives;
mod ranges;
mod responses;
mod sids;
mod string_checks;

pub use declared::{BodyUse, FamilyUse, apply_declarations, declared_bodies_in_spec};
pub use enums::{EnumType, hoist_enums};
pub use free_form::free_form_objects_as_values;
pub use headers::drop_authorization_header_params;
pub use json_bodies::free_form_json_bodies;
pub use list_meta::{ListResponse, share_list_meta};
pub use media_types::one_request_media_type;
pub use names::{rename_schemas, unique_names};
pub use numbers::numbers_as_doubles;
pub use object_formats::{custom_object_formats, links_as_uri_maps};
pub use operation_ids::name_unnamed_operations;
pub use params::name_comparison_parameters;
pub use primitives::inline_named_primitives;
pub use ranges::{IntRange, strip_integer_ranges};
pub use responses::{RESPONSE_DEFAULT, optional_response_fields};
pub use sids::{SidType, hoist_sid_patterns};
pub use string_checks::{RequestChecks, strip_string_constraints};

use crate::error::Result;
use crate::product::Declarations;
use serde_json::Value;
use std::collections::BTreeMap;

/// What the fix-ups learned that the emitted code needs.
#[derive(Debug, Default, Clone)]
pub struct Extras {
    /// One type per SID prefix.
    pub sids: Vec<SidType>,
    /// Forward-compatible enums.
    pub enums: Vec<EnumType>,
    /// List responses and the field holding their items.
    pub lists: Vec<ListResponse>,
    /// Integer ranges of request parameters and body fields, by (operationId, wire name).
    pub ranges: BTreeMap<(String, String), IntRange>,
    /// Patterns (not SIDs) and URL formats of request parameters and body fields.
    pub checks: RequestChecks,
    /// Parameters renamed for the Rust side: wire name by (operationId, new name).
    pub wire_names: BTreeMap<(String, String), String>,
    /// The product's declared families, as this spec has them.
    pub families: Vec<FamilyUse>,
    /// The product's declared bodies, as this spec has them.
    pub bodies: Vec<BodyUse>,
}

/// One row of [`FIXUPS`].
pub struct Fixup {
    /// The fix-up's function (in this module).
    pub name: &'static str,
    /// The construct of Twilio's it looks for.
    pub expects: &'static str,
    /// What the spec and [`Extras`] hold after it.
    pub leaves: &'static str,
    /// Runs it, with the product's declarations for the ones that read them.
    pub run: fn(&mut Value, &mut Extras, &Declarations) -> Result<()>,
}

/// Declares [`FIXUPS`] and renders the same rows as a table in its docs.
macro_rules! fixup_table {
    ($($name:ident { expects: $expects:literal, leaves: $leaves:literal, run: $run:expr $(,)? })*) => {
        /// The fix-ups, in the order [`apply_all`] runs them:
        ///
        /// | fix-up | expects to find | leaves behind |
        /// |--------|-----------------|---------------|
        $(#[doc = concat!("| [`", stringify!($name), "`] | ", $expects, " | ", $leaves, " |")])*
        pub const FIXUPS: &[Fixup] = &[$(Fixup {
            name: stringify!($name),
            expects: $expects,
            leaves: $leaves,
            run: $run,
        }),*];
    };
}

fixup_table! {
    name_unnamed_operations {
        expects: "operations without an `operationId` (Twilio's first Flex releases)",
        leaves: "every operation named `{Verb}{Resource}`, as Twilio names the others; the \
                 fix-ups below key on these names",
        run: |spec, _, _| name_unnamed_operations(spec),
    }
    name_comparison_parameters {
        expects: "comparison parameters `DateCreated<`, `DateCreated>` beside `DateCreated`",
        leaves: "`DateCreatedBefore`, `DateCreatedAfter`; the wire names in \
                 `Extras::wire_names`",
        run: |spec, extras, _| {
            extras.wire_names = name_comparison_parameters(spec)?;
            Ok(())
        },
    }
    declared_bodies_in_spec {
        expects: "operations whose body the product declares, with no request body in the spec",
        leaves: "an empty JSON object body on each, so the declaration applies",
        run: |spec, _, declarations| {
            declared_bodies_in_spec(spec, declarations);
            Ok(())
        },
    }
    inline_named_primitives {
        expects: "`$ref`s to named primitive schemas (`sid_FO`, `string`, `date_time_iso8601`, \
                  `url`, `boolean`, `object`, `object_list`)",
        leaves: "the primitive inline at each use, so a SID pattern becomes its SID type and \
                 nothing becomes a newtype; those components gone",
        run: |spec, _, _| {
            inline_named_primitives(spec);
            Ok(())
        },
    }
    links_as_uri_maps {
        expects: "`links` properties: shapeless objects, with `format: uri-map`, \
                  `format: object` or none",
        leaves: "all of them `format: uri-map`, so one Rust type",
        run: |spec, _, _| {
            links_as_uri_maps(spec);
            Ok(())
        },
    }
    custom_object_formats {
        expects: "`type: object` with a format Twilio invented (`uri-map`, \
                  `phone-number-capabilities`, …)",
        leaves: "`uri-map` as a map of strings; other formats dropped, properties kept",
        run: |spec, _, _| {
            custom_object_formats(spec);
            Ok(())
        },
    }
    numbers_as_doubles {
        expects: "`type: number, format: float`",
        leaves: "numbers without a format (`f64`)",
        run: |spec, _, _| {
            numbers_as_doubles(spec);
            Ok(())
        },
    }
    one_request_media_type {
        expects: "request bodies offering several media types",
        leaves: "one per operation: form, else `application/json`, else the first JSON-like",
        run: |spec, _, _| {
            one_request_media_type(spec);
            Ok(())
        },
    }
    drop_authorization_header_params {
        expects: "`Authorization` header parameters",
        leaves: "none (the client authenticates every request)",
        run: |spec, _, _| {
            drop_authorization_header_params(spec);
            Ok(())
        },
    }
    rename_schemas {
        expects: "schema keys such as `flex.v1.flex_flow`, `flex_flow_enum_channel_type`",
        leaves: "the Rust names (`FlexFlow`, `FlexFlowChannelType`), every `$ref` rewritten; \
                 the names the fix-ups below build on",
        run: |spec, _, _| rename_schemas(spec),
    }
    hoist_sid_patterns {
        expects: "strings with `pattern: ^XX[0-9a-fA-F]{32}$`",
        leaves: "a `$ref` to one component per prefix (`FlexFlowSid`); the types in \
                 `Extras::sids`",
        run: |spec, extras, _| {
            extras.sids = hoist_sid_patterns(spec)?;
            Ok(())
        },
    }
    strip_string_constraints {
        expects: "`pattern` (SIDs' are gone by now), `minLength`, `maxLength`, `format: uri` \
                  on strings",
        leaves: "strings without them; the request-side ones in `Extras::checks`",
        run: |spec, extras, _| {
            extras.checks = strip_string_constraints(spec)?;
            Ok(())
        },
    }
    hoist_enums {
        expects: "string enums, inline or shared",
        leaves: "a named component each; the enums in `Extras::enums`",
        run: |spec, extras, _| {
            extras.enums = hoist_enums(spec)?;
            Ok(())
        },
    }
    share_list_meta {
        expects: "list responses: a GET 200 with a paging `meta` and one array of items",
        leaves: "named item types and one shared `ListMeta`; the lists in `Extras::lists`",
        run: |spec, extras, _| {
            extras.lists = share_list_meta(spec)?;
            Ok(())
        },
    }
    optional_response_fields {
        expects: "`required` lists and field `default`s in response schemas (inline, or \
                  components no request uses)",
        leaves: "none there (defaults kept as `x-twilio-response-default`), arrays and maps \
                 `nullable` (but a list page's items): every response field `Option<T>` \
                 whatever Twilio's flags say",
        run: |spec, extras, _| {
            optional_response_fields(spec, &extras.lists);
            Ok(())
        },
    }
    free_form_json_bodies {
        expects: "JSON request bodies declared `type: object` with no properties",
        leaves: "free-form JSON objects (`additionalProperties`), so a map body",
        run: |spec, _, _| {
            free_form_json_bodies(spec);
            Ok(())
        },
    }
    free_form_objects_as_values {
        expects: "`type: object` with nothing said about its shape (the bodies above marked)",
        leaves: "`{}`, so `serde_json::Value` like Twilio's untyped fields",
        run: |spec, _, _| {
            free_form_objects_as_values(spec);
            Ok(())
        },
    }
    strip_integer_ranges {
        expects: "`minimum`, `maximum` on integers",
        leaves: "integers without them; the request-side ranges in `Extras::ranges`",
        run: |spec, extras, _| {
            extras.ranges = strip_integer_ranges(spec)?;
            Ok(())
        },
    }
    apply_declarations {
        expects: "what the product's declarations name: families of dotted body fields, \
                  declared bodies",
        leaves: "the ones this spec has in `Extras::families`, `Extras::bodies`; declared \
                 ranges added to `Extras::ranges`",
        run: |spec, extras, declarations| {
            let (families, bodies) = apply_declarations(spec, declarations, extras)?;
            extras.families = families;
            extras.bodies = bodies;
            Ok(())
        },
    }
}

/// Applies every fix-up of [`FIXUPS`], in order, to a spec parsed into JSON, the last one
/// being the product's declarations ([`apply_declarations`]).
pub fn apply_all(spec: &mut Value, declarations: &Declarations) -> Result<Extras> {
    let mut extras = Extras::default();
    for fixup in FIXUPS {
        (fixup.run)(spec, &mut extras, declarations)?;
    }
    Ok(extras)
}

/// Calls `f` on every schema-like object in the spec (skipping examples), with its location.
pub(crate) fn visit_objects_mut(
    value: &mut Value,
    location: &mut String,
    f: &mut dyn FnMut(&mut serde_json::Map<String, Value>, &str),
) {
    match value {
        Value::Object(map) => {
            f(map, location);
            for (key, child) in map.iter_mut() {
                if key == "example" || key == "examples" {
                    continue;
                }
                let len = location.len();
                location.push('/');
                location.push_str(&key.replace('~', "~0").replace('/', "~1"));
                visit_objects_mut(child, location, f);
                location.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                let len = location.len();
                location.push('/');
                location.push_str(&i.to_string());
                visit_objects_mut(child, location, f);
                location.truncate(len);
            }
        }
        _ => {}
    }
}

/// Iterates the operations of a spec: (path, method, operation object).
pub(crate) fn operations_mut(
    spec: &mut Value,
) -> impl Iterator<Item = (String, String, &mut serde_json::Map<String, Value>)> {
    spec.get_mut("paths")
        .and_then(Value::as_object_mut)
        .into_iter()
        .flat_map(|paths| paths.iter_mut())
        .filter_map(|(path, item)| item.as_object_mut().map(|item| (path.clone(), item)))
        .flat_map(|(path, item)| {
            item.iter_mut().filter_map(move |(method, op)| {
                if HTTP_METHODS.contains(&method.as_str()) {
                    op.as_object_mut()
                        .map(|op| (path.clone(), method.clone(), op))
                } else {
                    None
                }
            })
        })
}

/// An operation's operationId, empty when it has none (`name_unnamed_operations` gives every
/// operation one before the fix-ups that key on it run).
pub(crate) fn operation_id(op: &serde_json::Map<String, Value>) -> String {
    op.get("operationId")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

pub(crate) const HTTP_METHODS: &[&str] =
    &["get", "put", "post", "delete", "patch", "head", "options"];

/// The component schemas map, created if absent.
pub(crate) fn schemas_mut(spec: &mut Value) -> Option<&mut serde_json::Map<String, Value>> {
    spec.get_mut("components")?
        .get_mut("schemas")?
        .as_object_mut()
}

pub(crate) fn schema_ref(name: &str) -> Value {
    serde_json::json!({ "$ref": format!("#/components/schemas/{name}") })
}

#[cfg(test)]
pub(crate) fn parse(yaml: &str) -> Value {
    serde_yaml_ng::from_str(yaml).expect("test YAML parses")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(name: &str) -> usize {
        FIXUPS
            .iter()
            .position(|f| f.name == name)
            .unwrap_or_else(|| panic!("no fix-up `{name}`"))
    }

    #[test]
    fn fixups_are_named_once_and_say_what_they_expect_and_leave() {
        let mut names: Vec<&str> = FIXUPS.iter().map(|f| f.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), FIXUPS.len());
        for f in FIXUPS {
            assert!(!f.expects.is_empty() && !f.leaves.is_empty(), "{}", f.name);
            assert!(
                !f.expects.contains('|') && !f.leaves.contains('|'),
                "{}",
                f.name
            );
        }
    }

    #[test]
    fn the_order_follows_what_each_fixup_reads() {
        // Everything after keys on operationIds.
        assert_eq!(position("name_unnamed_operations"), 0);
        // SID, enum and list types are named from the renamed schemas.
        for later in ["hoist_sid_patterns", "hoist_enums", "share_list_meta"] {
            assert!(position("rename_schemas") < position(later), "{later}");
        }
        // A SID's pattern makes a SID type; only the other patterns are checks.
        assert!(position("hoist_sid_patterns") < position("strip_string_constraints"));
        // JSON bodies are marked before free-form objects become `{}`.
        assert!(position("free_form_json_bodies") < position("free_form_objects_as_values"));
        // A declared body gets its place before media types and free-form bodies are read.
        assert!(position("declared_bodies_in_spec") < position("one_request_media_type"));
        assert!(position("declared_bodies_in_spec") < position("free_form_json_bodies"));
        // Named primitives are inlined before SID patterns and formats are read, and
        // `links` get their format before formats are handled.
        assert!(position("inline_named_primitives") < position("hoist_sid_patterns"));
        assert!(position("inline_named_primitives") < position("rename_schemas"));
        assert!(position("links_as_uri_maps") < position("custom_object_formats"));
        // Response fields are made optional once list pages have their shape.
        assert!(position("share_list_meta") < position("optional_response_fields"));
        // Declarations are checked against the fixed spec and add to its ranges.
        assert!(position("strip_integer_ranges") < position("apply_declarations"));
        assert_eq!(position("apply_declarations"), FIXUPS.len() - 1);
    }

    #[test]
    fn apply_all_records_what_each_fixup_learned() {
        let mut spec = parse(
            r#"
openapi: 3.0.1
info: {title: t, version: "1"}
paths:
  /v1/Widgets:
    get:
      parameters:
      - {name: "DateCreated<", in: query, schema: {type: string}}
      - {name: PageSize, in: query, schema: {type: integer, minimum: 1, maximum: 1000}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/test.v1.widget'}
components:
  schemas:
    test.v1.widget:
      type: object
      properties:
        sid: {type: string, pattern: "^WI[0-9a-fA-F]{32}$"}
        status: {type: string, enum: [on, off]}
"#,
        );
        let extras = apply_all(&mut spec, &Declarations::new()).unwrap();
        assert_eq!(extras.sids.len(), 1);
        assert_eq!(extras.enums.len(), 1);
        assert_eq!(
            extras.wire_names.values().collect::<Vec<_>>(),
            ["DateCreated<"]
        );
        assert_eq!(extras.ranges.len(), 1);
        assert!(
            spec.pointer("/paths/~1v1~1Widgets/get/operationId")
                .is_some()
        );
    }
}
