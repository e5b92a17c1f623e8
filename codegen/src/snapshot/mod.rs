//! The API snapshot: the generated public API as a typed value ([`Api`]), read back from the
//! generated code itself ([`read()`]), so it is what users compile against after every fix-up
//! and post-processing step; and its text ([`render()`]), the sorted listing a product commits
//! (`api/flex_v1.txt` for Flex) so a spec update's effect on users shows up in review as a
//! plain diff.
//!
//! Maintainer tools compare two [`Api`] values to judge a spec update (spec-diff) and render
//! one to refresh the committed text; the product names itself and its spec in the text's
//! [`Header`]. A product's build script doesn't compile this module (feature `snapshot`).

pub mod model;
pub mod names;
pub mod read;
pub mod render;
mod rust_type;
mod text_diff;

pub use model::Api;
pub use names::Names;
pub use read::read;
pub use render::{Header, render};
pub use text_diff::short_diff;

use crate::error::{Error, Result};

/// The public API generated from a spec text (YAML or JSON), as Twilio wrote it.
pub fn api(spec_text: &str) -> Result<Api> {
    read(&crate::generate(spec_text)?)
}

/// The public API of the client a product generates from a spec text with its declarations.
pub fn api_with(spec_text: &str, declarations: &twilio_spec::product::Declarations) -> Result<Api> {
    read(&crate::generate_with(spec_text, declarations)?)
}

/// What [`generate_published`] makes of a release.
pub struct Published {
    /// The client, with the deprecated aliases of renamed published names in `mod types`.
    pub generated: crate::Generated,
    /// Its public API, the aliases included.
    pub api: Api,
    /// The names it publishes: the input for the next release ([`Names::of`]).
    pub names: Names,
}

/// Generates the client a product builds from a spec text, keeping each name of `published`
/// the release renamed (same shape, new name) as a deprecated alias ([`names`]). `release`
/// (a date) is the release's, for the deprecation notes of new renames.
pub fn generate_published(
    spec_text: &str,
    declarations: &twilio_spec::product::Declarations,
    published: &Names,
    release: Option<&str>,
) -> Result<Published> {
    let mut generated = crate::generate_with(spec_text, declarations)?;
    let mut api = read(&generated)?;
    let renames = names::renames(published, &api, release);
    if !renames.is_empty() {
        let mut file = syn::parse_file(&generated.code)
            .map_err(|e| err(format!("generated code does not parse: {e}")))?;
        crate::syntax::append_to_mod(&mut file, "types", names::alias_items(&renames))?;
        // A renamed struct's builder (`types::builder::Old`) is published too.
        let types = crate::syntax::find_mod_mut(&mut file.items, "types")?;
        if let Ok(builder) =
            crate::syntax::find_mod_mut(crate::syntax::mod_items_mut(types), "builder")
        {
            let items = crate::syntax::mod_items_mut(builder);
            let aliases = names::builder_alias_items(&renames, items);
            items.extend(aliases);
        }
        generated.code = prettyplease::unparse(&file);
        api = read(&generated)?;
    }
    let names = Names::of(&api, release, published);
    Ok(Published {
        generated,
        api,
        names,
    })
}

/// The snapshot text of a spec, as Twilio wrote it: [`api`], then [`render()`].
pub fn api_snapshot(spec_text: &str, header: &Header) -> Result<String> {
    Ok(render(&api(spec_text)?, header))
}

/// The snapshot text of the client a product generates with its declarations.
pub fn api_snapshot_with(
    spec_text: &str,
    declarations: &twilio_spec::product::Declarations,
    header: &Header,
) -> Result<String> {
    Ok(render(&api_with(spec_text, declarations)?, header))
}

fn err(message: impl std::fmt::Display) -> Error {
    Error::PostProcess(format!("API snapshot: {message}"))
}

#[cfg(test)]
mod end_to_end {
    use super::model::{Encoding, SetterKind, TypeDef};
    use super::*;

    const SPEC: &str = r##"
openapi: 3.0.1
info: {title: t, version: "1"}
paths:
  /v1/Widgets:
    get:
      operationId: ListWidget
      parameters:
        - {name: PageSize, in: query, schema: {type: integer, minimum: 1, maximum: 1000}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                title: ListWidgetResponse
                properties:
                  widgets: {type: array, items: {$ref: "#/components/schemas/api.v1.widget"}}
                  meta:
                    type: object
                    properties:
                      page: {type: integer}
                      page_size: {type: integer}
                      first_page_url: {type: string, format: uri}
                      previous_page_url: {type: string, format: uri, nullable: true}
                      url: {type: string, format: uri}
                      next_page_url: {type: string, format: uri, nullable: true}
                      key: {type: string}
  /v1/Widgets/{Sid}:
    post:
      operationId: UpdateWidget
      parameters:
        - {name: Sid, in: path, required: true, schema: {type: string, pattern: "^WD[0-9a-fA-F]{32}$"}}
        - {name: X-Widget-Metadata, in: header, schema: {type: string}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              title: UpdateWidgetRequest
              required: [FriendlyName]
              properties:
                FriendlyName: {type: string}
                Config.Mode: {type: string, enum: [fast, slow]}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema: {$ref: "#/components/schemas/api.v1.widget"}
components:
  schemas:
    api.v1.widget:
      type: object
      properties:
        sid: {type: string, pattern: "^WD[0-9a-fA-F]{32}$", nullable: true}
        status: {type: string, enum: [ready, in-progress], nullable: true}
"##;

    const HEADER: Header<'static> = Header {
        product: "twilio-widgets",
        spec: "spec/widgets_v1.yaml",
        refresh: "cargo run -p tools -- snapshot",
    };

    #[test]
    fn a_small_spec_renders_operations_and_types() {
        let text = api_snapshot(SPEC, &HEADER).unwrap();
        for line in [
            "GET /v1/Widgets  list_widget() -> ListWidgetResponse",
            "  query  .page_size(i64) \"PageSize\" in 1..=1000",
            "  list   .stream()/.pages() of Widget (page ListWidgetResponse)",
            "POST /v1/Widgets/{Sid}  update_widget() -> Widget",
            "  path   .sid(WidgetSid) \"Sid\" required",
            "  header .x_widget_metadata(String) \"X-Widget-Metadata\"",
            "  body   .body(UpdateWidgetRequest) as form",
            "  body   .friendly_name(String) \"FriendlyName\" required",
            "  body   .config_mode(UpdateWidgetConfigMode) \"Config.Mode\"",
            "sid WidgetSid \"WD\" (Widget)",
            "enum WidgetStatus",
            "  InProgress = \"in-progress\"",
            "#[non_exhaustive] struct ListWidgetResponse  (list page of Widget)",
            "#[non_exhaustive] struct Widget",
            "  sid: Option<WidgetSid>",
            "  status: Option<WidgetStatus>",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "missing {line:?} in:\n{text}"
            );
        }
        assert_eq!(text, api_snapshot(SPEC, &HEADER).unwrap(), "deterministic");
    }

    #[test]
    fn the_header_names_the_product_and_spec_it_is_given() {
        let text = api_snapshot(SPEC, &HEADER).unwrap();
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("# twilio-widgets public API, generated from spec/widgets_v1.yaml. Do not edit:")
        );
        assert_eq!(
            lines.next(),
            Some("# refresh with `cargo run -p tools -- snapshot`.")
        );
        let other = Header {
            product: "twilio-gadgets",
            ..HEADER
        };
        let other_text = api_snapshot(SPEC, &other).unwrap();
        assert!(other_text.starts_with("# twilio-gadgets public API"));
        assert_eq!(
            text.lines().skip(1).collect::<Vec<_>>(),
            other_text.lines().skip(1).collect::<Vec<_>>(),
            "only the header's first line names the product"
        );
    }

    #[test]
    fn the_typed_value_has_each_item_and_renders_to_the_text() {
        let api = api(SPEC).unwrap();
        let update = api.operation("update_widget").unwrap();
        assert_eq!(
            (update.operation_id.as_str(), update.route().as_str()),
            ("UpdateWidget", "POST /v1/Widgets/{Sid}")
        );
        assert_eq!(update.response.as_deref(), Some("Widget"));
        let body = update.body.as_ref().unwrap();
        assert_eq!(
            (body.ty.as_deref(), &body.encoding),
            (Some("UpdateWidgetRequest"), &Encoding::Form)
        );
        let sid = &update.setters["sid"];
        assert_eq!(
            (sid.kind, sid.ty.as_str(), sid.wire.as_str(), sid.required),
            (SetterKind::Path, "WidgetSid", "Sid", true)
        );
        let mode = &update.setters["config_mode"];
        assert_eq!(
            (mode.kind, mode.wire.as_str()),
            (SetterKind::Body, "Config.Mode")
        );
        let list = api.operation("list_widget").unwrap();
        let page_size = list.setters["page_size"].range.unwrap();
        assert_eq!((page_size.min, page_size.max), (Some(1), Some(1000)));
        let pages = list.list.as_ref().unwrap();
        assert_eq!(
            (pages.item.as_deref(), pages.page.as_str()),
            (Some("Widget"), "ListWidgetResponse")
        );
        assert_eq!(api.sids["WidgetSid"].prefix, "WD");
        let TypeDef::Enum(status) = &api.types["WidgetStatus"] else {
            panic!("an enum: {:?}", api.types["WidgetStatus"])
        };
        assert_eq!(
            status.variants["InProgress"].wire.as_deref(),
            Some("in-progress")
        );
        let TypeDef::Struct(request) = &api.types["UpdateWidgetRequest"] else {
            panic!("a struct")
        };
        let field = &request.fields["config_mode"];
        assert_eq!(
            (field.ty.as_str(), field.wire.as_str()),
            ("Option<UpdateWidgetConfigMode>", "Config.Mode")
        );
        assert_eq!(render(&api, &HEADER), api_snapshot(SPEC, &HEADER).unwrap());
    }

    #[test]
    fn the_typed_value_survives_serialization() {
        // A list of published names kept beside the spec is this value, serialized.
        let api = api(SPEC).unwrap();
        let json = serde_json::to_string(&api).unwrap();
        let back: Api = serde_json::from_str(&json).unwrap();
        assert_eq!(back, api);
    }

    #[test]
    fn a_published_name_the_spec_renamed_is_generated_as_a_deprecated_alias() {
        // As if an earlier release had published the status enum as `GadgetStatus`.
        let decls = twilio_spec::product::Declarations::new();
        let first =
            generate_published(SPEC, &decls, &Names::default(), Some("2021-01-27")).unwrap();
        assert!(
            !first.generated.code.contains("deprecated"),
            "nothing renamed"
        );
        let mut published = first.names.clone();
        let status = published.names.remove("WidgetStatus").unwrap();
        published.names.insert("GadgetStatus".into(), status);
        // And the request body as `UpdateWidgetBody` (Twilio's first releases named bodies
        // so): its builder is published under that name too.
        let body = published.names.remove("UpdateWidgetRequest").unwrap();
        published.names.insert("UpdateWidgetBody".into(), body);
        // A name whose shape no item has is not kept.
        let mut gone = published.names["WidgetSid"].clone();
        gone.shape = names::Shape::Sid("ZZ".into());
        published.names.insert("OldSid".into(), gone);
        let next = generate_published(SPEC, &decls, &published, Some("2021-02-01")).unwrap();
        let note = "renamed to WidgetStatus by Twilio's release of 2021-02-01";
        let file = syn::parse_file(&next.generated.code).unwrap();
        let types = crate::syntax::find_mod(&file.items, "types").unwrap();
        // The deprecated `pub type NAME = …;` of a module, and what it aliases.
        let deprecated_alias = |m: &syn::ItemMod, name: &str| -> Option<String> {
            crate::syntax::mod_items(m).iter().find_map(|i| match i {
                syn::Item::Type(t)
                    if t.ident == name
                        && t.attrs.iter().any(|a| a.path().is_ident("deprecated")) =>
                {
                    Some(quote::ToTokens::to_token_stream(&t.ty).to_string())
                }
                _ => None,
            })
        };
        assert_eq!(
            deprecated_alias(types, "GadgetStatus").as_deref(),
            Some("WidgetStatus"),
            "the alias is in mod types"
        );
        let builder = crate::syntax::find_mod(crate::syntax::mod_items(types), "builder").unwrap();
        assert_eq!(
            deprecated_alias(builder, "UpdateWidgetBody").as_deref(),
            Some("UpdateWidgetRequest"),
            "the body builder's alias is in mod types::builder"
        );
        // An enum has no builder, so none for `GadgetStatus`.
        assert!(
            !crate::syntax::mod_items(builder)
                .iter()
                .any(|i| matches!(i, syn::Item::Type(t) if t.ident == "GadgetStatus"))
        );
        assert_eq!(
            next.api.types["GadgetStatus"],
            TypeDef::Renamed(model::Renamed {
                to: "WidgetStatus".into(),
                note: note.into()
            })
        );
        assert!(!next.api.types.contains_key("OldSid") && !next.api.sids.contains_key("OldSid"));
        let text = render(&next.api, &HEADER);
        assert!(
            text.contains(&format!(
                "#[deprecated] type GadgetStatus = WidgetStatus  ({note})"
            )),
            "{text}"
        );
        // The names it publishes keep the alias (and its date) for the next release.
        assert_eq!(
            next.names.names["GadgetStatus"]
                .renamed
                .as_ref()
                .map(|r| r.note.as_str()),
            Some(note)
        );
        assert_eq!(
            next.names.names["GadgetStatus"].since.as_deref(),
            Some("2021-01-27")
        );
    }

    #[test]
    fn bad_specs_are_errors_not_panics() {
        assert!(api_snapshot("openapi: [", &HEADER).is_err());
    }
}
