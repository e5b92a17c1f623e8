//! A description of an API's operations as data, for calling them by name at run time
//! ([`crate::dynamic`]): what a command line, a proxy or a script needs to know about each
//! operation without compiling against its typed builder.
//!
//! The generator emits one static [`OperationInfo`] per operation into the product crate
//! (e.g. `twilio_flex::operations::ALL`), from the same spec model as the typed builders: the
//! wire names, the setter names, where each value goes, and the rules the typed setters check
//! (SID prefixes, enum values, ranges, lengths, patterns, absolute URLs), so a value refused by
//! a typed setter is refused by the dynamic path too, with the same message. Nothing here
//! names an API: the runtime reads whatever catalogue it is given.
//!
//! The types have public fields so that generated code (another crate) can write them as
//! `static` data; they are read-only descriptions, and the generator and this runtime are
//! released together.

pub use crate::validation::{FamilyRule, KindRule};

/// One operation of an API.
#[derive(Debug, Clone, Copy)]
pub struct OperationInfo {
    /// Twilio's operationId, e.g. `CreateFlexFlow`.
    pub id: &'static str,
    /// The operationId in kebab case, e.g. `create-flex-flow`: a command name.
    pub command: &'static str,
    /// The typed builder's method on the client, e.g. `create_flex_flow`.
    pub method_name: &'static str,
    /// HTTP method, upper case: `GET`, `POST`, `DELETE`.
    pub method: &'static str,
    /// The path template, e.g. `/v1/FlexFlows/{Sid}`; each `{Name}` is a path parameter.
    pub path: &'static str,
    /// What the operation does, from the spec (the operation's description, else its path's);
    /// may be empty.
    pub description: &'static str,
    /// Path, query and header parameters, then body fields, in spec order.
    pub params: &'static [ParamInfo],
    /// The request body, if the operation takes one.
    pub body: Option<BodyInfo>,
    /// Set for paginated list operations.
    pub list: Option<ListInfo>,
    /// Cross-field rules of declared families of body fields (`Integration.*` by
    /// `IntegrationType`), checked on the body before it is sent.
    pub families: &'static [FamilyRule],
}

impl OperationInfo {
    /// The parameter or body field named `name`: its wire name (`FriendlyName`,
    /// `Integration.FlowSid`), its setter's name (`friendly_name`) or its flag
    /// (`friendly-name`).
    pub fn param(&self, name: &str) -> Option<&'static ParamInfo> {
        let params: &'static [ParamInfo] = self.params;
        params
            .iter()
            .find(|p| p.wire == name)
            .or_else(|| params.iter().find(|p| p.setter == name || p.flag == name))
    }

    /// Whether the operation returns pages of items.
    pub fn is_list(&self) -> bool {
        self.list.is_some()
    }
}

/// A parameter or body field of an operation.
#[derive(Debug, Clone, Copy)]
pub struct ParamInfo {
    /// The name on the wire: `PageSize`, `DateCreated<`, `Integration.FlowSid`, `Flex-Metadata`.
    pub wire: &'static str,
    /// The typed builder's setter: `page_size`, `date_created_before`, `integration_flow_sid`.
    pub setter: &'static str,
    /// The setter's name in kebab case, a command-line flag: `page-size`,
    /// `integration-flow-sid`.
    pub flag: &'static str,
    /// Where the value goes.
    pub location: Location,
    /// Whether the spec requires it.
    pub required: bool,
    /// The spec's description; may be empty.
    pub description: &'static str,
    /// The value's type and the checks it gets.
    pub rule: ValueRule,
}

/// Where a parameter's value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// Into the path template (`{Sid}`), percent-encoded.
    Path,
    /// Into the query string.
    Query,
    /// An HTTP header.
    Header,
    /// A field of the request body.
    Body,
}

/// A value's type and the checks it gets before anything is sent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueRule {
    /// A string, with its checks.
    Str(StrRule),
    /// An integer, within an inclusive range.
    Int {
        /// Lowest allowed.
        min: Option<i64>,
        /// Highest allowed.
        max: Option<i64>,
    },
    /// A number, within an inclusive range.
    Num {
        /// Lowest allowed.
        min: Option<f64>,
        /// Highest allowed.
        max: Option<f64>,
    },
    /// `true` or `false`.
    Bool,
    /// A list of values of one type (repeated keys in a form body or query).
    List(&'static ValueRule),
    /// A JSON object (sent as compact JSON text in a form body).
    Object,
    /// Any JSON value (Twilio's free-form fields).
    Any,
}

/// The checks of a string value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StrRule {
    /// For a SID: its prefix and what it identifies.
    pub sid: Option<SidRule>,
    /// For an enum: its known values.
    pub values: Option<EnumRule>,
    /// Fewest characters.
    pub min_len: Option<u64>,
    /// Most characters.
    pub max_len: Option<u64>,
    /// A pattern the spec documents (not a SID's).
    pub pattern: Option<&'static str>,
    /// An absolute URL (`format: uri`).
    pub uri: bool,
    /// An RFC 3339 date-time (`format: date-time`).
    pub date_time: bool,
}

impl StrRule {
    /// Any text: no check. (For struct-update syntax in `const`s: `StrRule { uri: true,
    /// ..StrRule::TEXT }`.)
    pub const TEXT: StrRule = StrRule {
        sid: None,
        values: None,
        min_len: None,
        max_len: None,
        pattern: None,
        uri: false,
        date_time: false,
    };
}

/// A SID's prefix and label, as the typed SID types check them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SidRule {
    /// The two-letter prefix: `FO`.
    pub prefix: &'static str,
    /// What it identifies, for messages: `FlexFlow`.
    pub label: &'static str,
}

/// An enum's name and known values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnumRule {
    /// The generated enum's name: `FlexFlowChannelType`.
    pub name: &'static str,
    /// Its values, in spec order.
    pub values: &'static [&'static str],
}

/// A request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyInfo {
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// A body the product declared (a JSON body the spec leaves undefined): setting nothing
    /// is refused, as the typed builder refuses it.
    pub declared: bool,
    /// A key filled from the client's account SID when the body lacks it (`account_sid`).
    pub account_sid_key: Option<&'static str>,
}

/// How a request body is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/x-www-form-urlencoded`, as Twilio's libraries encode it
    /// ([`crate::wire`]).
    Form,
    /// `application/json`.
    Json,
}

/// What a list operation's pages hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListInfo {
    /// The key of the items in a page: `flex_flows`.
    pub key: &'static str,
}
