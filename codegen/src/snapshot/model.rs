//! The generated public API as a value: what [`read`](super::read()) finds in the generated
//! code, what [`render`](super::render()) prints as the snapshot text, and what spec-diff
//! compares between two releases.
//!
//! Each item is keyed by the name users write (client method, setter, type, field, variant),
//! which is its identity across releases; what it means on the wire (HTTP route, wire names,
//! SID prefix, enum values) is beside it, so a later release can be matched item by item,
//! or by shape when a name changed. Types are in the snapshot's short form (`Option<ChannelSid>`,
//! `serde_json::Value`): the form users read, and the same for both releases of a comparison.
//! The value serializes (serde) so a list of published names can be kept beside the spec.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The public API of a generated client.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Api {
    /// One per spec operation, in listing order: by path, HTTP method, then operationId.
    pub operations: Vec<Operation>,
    /// The option builders of the product's declared families (`mod options`), in the order
    /// of the declarations.
    pub options: Vec<OptionBuilder>,
    /// SID types by name (`ChannelSid`).
    pub sids: BTreeMap<String, Sid>,
    /// The other public items of `mod types` by name: structs, enums and aliases share Rust's
    /// type namespace.
    pub types: BTreeMap<String, TypeDef>,
}

impl Api {
    /// The operation a [`Operation::key`] names.
    pub fn operation(&self, key: &str) -> Option<&Operation> {
        self.operations.iter().find(|op| op.key() == key)
    }

    /// [`Api::operation`], mutable.
    pub fn operation_mut(&mut self, key: &str) -> Option<&mut Operation> {
        self.operations.iter_mut().find(|op| op.key() == key)
    }

    /// The option builder named `name` (`Integration`).
    pub fn option_builder(&self, name: &str) -> Option<&OptionBuilder> {
        self.options.iter().find(|o| o.name == name)
    }
}

/// An operation: its `Client` method and the builder that method returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Operation {
    /// The spec's operationId (`CreateChannel`); the builder is its UpperCamelCase.
    pub operation_id: String,
    /// HTTP method, upper case.
    pub method: String,
    /// Path template (`/v1/Channels/{Sid}`).
    pub path: String,
    /// The `Client` method returning the builder (`create_channel`); `None` if the client has
    /// none (rendered `?`).
    pub client_method: Option<String>,
    /// What `send()` returns (`Channel`, `()`); `None` without a `send` (rendered `?`).
    pub response: Option<String>,
    /// Setters of parameters and body fields, by setter name.
    pub setters: BTreeMap<String, Setter>,
    /// The whole-body setter `.body(T)`.
    pub body: Option<Body>,
    /// `.stream()`/`.pages()`, on list operations.
    pub list: Option<List>,
    /// The builder's other public methods, by name.
    pub fns: BTreeMap<String, Method>,
    /// Set when the product declares this operation's body.
    pub declared_body: Option<DeclaredBody>,
}

impl Operation {
    /// The name spec-diff and its report know the operation by: the client method, or the
    /// route when the client has none.
    pub fn key(&self) -> String {
        self.client_method.clone().unwrap_or_else(|| self.route())
    }

    /// `METHOD /path`.
    pub fn route(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// A builder setter for one parameter or body field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Setter {
    /// Where the value is sent.
    pub kind: SetterKind,
    /// The value type (the setter takes `impl TryInto<ty>`; `Vec<T>`: any iterator of them).
    pub ty: String,
    /// The name on the wire (`PageSize`, `Integration.*` for a declared family); empty when
    /// [`SetterKind::Unmatched`].
    pub wire: String,
    /// Whether `send()` fails without it.
    pub required: bool,
    /// The integer range checked before sending.
    pub range: Option<Range>,
}

impl Setter {
    /// The wire name as the snapshot writes it: `?` when unmatched.
    pub fn wire_text(&self) -> &str {
        match self.kind {
            SetterKind::Unmatched => "?",
            _ => &self.wire,
        }
    }
}

/// Where a setter's value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SetterKind {
    /// A path parameter.
    Path,
    /// A query parameter.
    Query,
    /// A header.
    Header,
    /// A parameter in another location (a cookie).
    Param,
    /// A request body field.
    Body,
    /// No parameter or body field has the setter's name (rendered `?`).
    Unmatched,
}

impl SetterKind {
    /// As the snapshot writes it: `path`, `query`, `header`, `param`, `body`, `?`.
    pub fn as_str(self) -> &'static str {
        match self {
            SetterKind::Path => "path",
            SetterKind::Query => "query",
            SetterKind::Header => "header",
            SetterKind::Param => "param",
            SetterKind::Body => "body",
            SetterKind::Unmatched => "?",
        }
    }
}

/// An inclusive integer range; a missing end is unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    /// Lowest allowed value.
    pub min: Option<i64>,
    /// Highest allowed value.
    pub max: Option<i64>,
}

/// The whole-body setter `.body(T)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body {
    /// `T`; `None` if the method is not a setter (rendered `?`).
    pub ty: Option<String>,
    /// How the body is sent.
    pub encoding: Encoding,
}

/// A request body's encoding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// `application/x-www-form-urlencoded`, Twilio's form encoding.
    Form,
    /// JSON.
    Json,
    /// Another media type, as the spec names it.
    Other(String),
    /// The spec lists no request body for the operation (rendered `?`).
    Unknown,
}

impl Encoding {
    /// As the snapshot writes it: `form`, `json`, the media type, or `?`.
    pub fn as_str(&self) -> &str {
        match self {
            Encoding::Form => "form",
            Encoding::Json => "json",
            Encoding::Other(media_type) => media_type,
            Encoding::Unknown => "?",
        }
    }
}

/// What `.stream()` yields and `.pages()` pages through.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct List {
    /// The item type; `None` if the page type is not a known list page (rendered `?`).
    pub item: Option<String>,
    /// The page type (`ListChannelResponse`).
    pub page: String,
}

/// A public method other than a setter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Method {
    /// `async fn`.
    pub is_async: bool,
    /// How it takes `self`; `None` for an associated function (a constructor).
    pub receiver: Option<Receiver>,
    /// The other arguments.
    pub args: Vec<Arg>,
    /// The return type; `None` for `()` written as nothing.
    pub ret: Option<String>,
}

/// How a method takes `self`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Receiver {
    /// `self` (`mut self` too: that is the body's business).
    Value,
    /// `&self`.
    Ref,
    /// `&mut self`.
    RefMut,
}

/// A method argument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arg {
    /// Its pattern as written (`url`).
    pub name: String,
    /// Its type in short form; an option builder's `impl Into<T>` is `T`.
    pub ty: String,
}

/// What a product's declared body adds to an operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclaredBody {
    /// The body key filled from the client's credentials when the body has none.
    pub account_sid_key: Option<String>,
    /// The schema's properties that have no setter, in spec order.
    pub read_only: Vec<String>,
}

impl DeclaredBody {
    /// The snapshot's notes on the operation, one per line, without the `note` column.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some(key) = &self.account_sid_key {
            notes.push(format!(
                "{key:?} filled from the client's credentials when the body has none"
            ));
        }
        notes.push(format!(
            "read-only, no setter: {}",
            self.read_only.join(", ")
        ));
        notes
    }
}

/// A SID type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sid {
    /// Its two-letter prefix (`CH`).
    pub prefix: String,
    /// A human label, for documentation (`Channel`).
    pub label: String,
}

/// A named public type of `mod types`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TypeDef {
    /// A struct with named fields.
    Struct(Struct),
    /// A tuple struct: its field types.
    Tuple(Vec<String>),
    /// A unit struct.
    Unit,
    /// A type alias: the aliased type.
    Alias(String),
    /// An enum.
    Enum(Enum),
    /// A name an earlier release published, kept as a `#[deprecated]` alias of the
    /// same-shaped type a later release renamed it to (see [`super::names`]).
    Renamed(Renamed),
}

/// A deprecated alias of a renamed type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Renamed {
    /// The type it aliases: the name the item has now.
    pub to: String,
    /// The deprecation note users see (`renamed to X by Twilio's release of 2022-07-21`).
    pub note: String,
}

/// A struct with named fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Struct {
    /// Set on list pages: the item type.
    pub page_of: Option<String>,
    /// Public fields by name.
    pub fields: BTreeMap<String, Field>,
    /// `#[non_exhaustive]`: built outside the crate only from `Default` or a builder, so an
    /// added field is a minor change.
    #[serde(default)]
    pub non_exhaustive: bool,
}

/// A public struct field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// Its type.
    pub ty: String,
    /// Its name on the wire (the field name unless serde renames it).
    pub wire: String,
}

/// An enum.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enum {
    /// Variants by name. Generated enums also have a catch-all for values added later
    /// (`Unrecognized(String)`), not listed.
    pub variants: BTreeMap<String, Variant>,
}

/// An enum variant.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// Field types, for a variant that has fields.
    pub fields: Vec<String>,
    /// Its value on the wire.
    pub wire: Option<String>,
}

/// The option builder of a declared family (`options::Integration`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionBuilder {
    /// The builder's name.
    pub name: String,
    /// The family's kind field (`IntegrationType`).
    pub kind_field: String,
    /// The kind field's values, in spec order.
    pub kinds: Vec<String>,
    /// Constructors, methods and setters, by name.
    pub members: BTreeMap<String, OptionMember>,
}

/// A public function of an option builder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OptionMember {
    /// A setter of one of the family's fields.
    Setter {
        /// The value type.
        ty: String,
        /// The field's wire name (`Integration.Url`).
        wire: String,
    },
    /// A constructor (no receiver) or another method.
    Fn(Method),
}
