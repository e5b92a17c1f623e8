//! Every path generated code uses to reach the runtime, built here and nowhere else.
//!
//! Generated code calls the runtime only through `::twilio_runtime::__generated` (the
//! runtime's `src/generated_api.rs`, a plain list of re-exports). Each item below is one name
//! of that list; emission and post-processing interpolate them (`quote! { #SEND(…) }`) or
//! take their text (serde's `deserialize_with = "…"`), so what a generated client depends on
//! is [`ALL`], and `tests/runtime_paths.rs` checks it against the runtime's list, both ways.

use proc_macro2::TokenStream;
use quote::ToTokens;

/// The module of the runtime that generated code calls.
const ROOT: &str = "::twilio_runtime::__generated";

/// One item of `twilio_runtime::__generated`, by its path inside it (`Items`,
/// `timestamp::deserialize`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuntimeItem(&'static str);

impl RuntimeItem {
    /// The path inside `__generated`: `Items`, `timestamp::deserialize`.
    pub fn name(self) -> &'static str {
        self.0
    }

    /// The full path as text, for attributes that take a string
    /// (`deserialize_with = "::twilio_runtime::__generated::timestamp::deserialize"`).
    pub fn path_str(self) -> String {
        format!("{ROOT}::{}", self.0)
    }

    /// The full path.
    pub fn path(self) -> syn::Path {
        // Names in `ALL` are Rust paths: the unit test below parses each.
        syn::parse_str(&self.path_str()).unwrap_or_else(|_| syn::parse_quote!(invalid_runtime_path))
    }

    /// An intra-doc link showing the item's own name: ``[`Items`](::twilio_runtime::__generated::Items)``.
    /// rustdoc follows the re-export to the item's page in the runtime's public modules.
    pub fn doc_link(self) -> String {
        let shown = self.0.rsplit("::").next().unwrap_or(self.0);
        format!("[`{shown}`]({})", self.path_str())
    }
}

impl ToTokens for RuntimeItem {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.path().to_tokens(tokens);
    }
}

/// Declares the items and [`ALL`] from one list.
macro_rules! runtime_items {
    ($($(#[$doc:meta])* $ident:ident = $name:literal;)*) => {
        $($(#[$doc])* pub const $ident: RuntimeItem = RuntimeItem($name);)*
        /// Every item generated code may name, in the runtime's order.
        pub const ALL: &[RuntimeItem] = &[$($ident),*];
    };
}

runtime_items! {
    /// The trait a generated `Client` implements (host, User-Agent, span, state).
    API_CLIENT = "ApiClient";
    /// `Client::builder()`'s builder.
    CLIENT_BUILDER = "ClientBuilder";
    /// The runtime's error.
    ERROR = "Error";
    /// An operation and its fields, to name them in errors.
    OPERATION = "Operation";
    /// The runtime's result.
    RESULT = "Result";
    /// Decodes a JSON response into the operation's type.
    DECODE = "decode";
    /// `.stream()`'s item stream.
    ITEMS = "Items";
    /// Implemented by every list response.
    LIST_PAGE = "ListPage";
    /// Implemented by list metadata (`meta`).
    PAGE_META = "PageMeta";
    /// `.pages()`'s page stream.
    PAGES = "Pages";
    /// A client's retry policy (`Client::with_retry`).
    RETRY_POLICY = "RetryPolicy";
    /// What a SID setter takes.
    INTO_SID = "IntoSid";
    /// The client's state (credentials, retries, base URL): progenitor's inner type.
    CLIENT_STATE = "ClientState";
    /// Sends any operation's request (one non-generic function for all).
    SEND = "send";
    /// A family's cross-field rule.
    FAMILY_RULE = "FamilyRule";
    /// One kind of a family.
    KIND_RULE = "KindRule";
    /// The compiled pattern of a setter's pattern check.
    REGEX = "Regex";
    /// Setter check: string length.
    CHECK_LENGTH = "check_length";
    /// Setter check: pattern.
    CHECK_PATTERN = "check_pattern";
    /// Setter check: integer range.
    CHECK_RANGE = "check_range";
    /// Every problem of a request at once, before it is built.
    CHECK_REQUEST = "check_request";
    /// Setter check: absolute URL.
    CHECK_URI = "check_uri";
    /// A setter's error message naming the field.
    INVALID = "invalid";
    /// A path parameter, encoded while the URL is formatted.
    PATH_SEGMENT = "PathSegment";
    /// Twilio's form encoding, replacing progenitor's.
    REQUEST_BUILDER_EXT = "RequestBuilderExt";
    /// A request URL on the client's parsed base URL.
    API_URL = "api_url";
    /// A form body's pairs (the contract module's encoder).
    FORM_PAIRS = "form_pairs";
    /// `deserialize_with`: `null` as an empty collection.
    NULL_AS_DEFAULT = "null_as_default";
    /// `deserialize_with`: a string map without its `null` values.
    STRING_MAP_WITHOUT_NULLS = "string_map_without_nulls";
    /// Defines a forward-compatible enum.
    OPEN_ENUM = "open_enum";
    /// The product's request span.
    REQUEST_SPAN = "request_span";
    /// Defines the SID types.
    SID_TYPES = "sid_types";
    /// A response without a JSON schema.
    BYTES = "Bytes";
    /// `tracing`, for the span's type.
    TRACING = "tracing";
    /// The operation catalogue: one operation described as data.
    OPERATION_INFO = "catalogue::OperationInfo";
    /// The catalogue: a parameter or body field.
    PARAM_INFO = "catalogue::ParamInfo";
    /// The catalogue: where a parameter's value goes.
    LOCATION = "catalogue::Location";
    /// The catalogue: a value's type and checks.
    VALUE_RULE = "catalogue::ValueRule";
    /// The catalogue: a string's checks.
    STR_RULE = "catalogue::StrRule";
    /// The catalogue: a SID's prefix and label.
    SID_RULE = "catalogue::SidRule";
    /// The catalogue: an enum's values.
    ENUM_RULE = "catalogue::EnumRule";
    /// The catalogue: a request body.
    BODY_INFO = "catalogue::BodyInfo";
    /// The catalogue: how a body is encoded.
    BODY_ENCODING = "catalogue::BodyEncoding";
    /// The catalogue: what a list's pages hold.
    LIST_INFO = "catalogue::ListInfo";
    /// `deserialize_with`: a timestamp, through the fast path.
    TIMESTAMP = "timestamp::deserialize";
    /// `deserialize_with`: an optional timestamp, through the fast path.
    TIMESTAMP_OPTION = "timestamp::deserialize_option";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_a_path_under_the_generated_module() {
        for item in ALL {
            let path: syn::Path =
                syn::parse_str(&item.path_str()).unwrap_or_else(|e| panic!("{}: {e}", item.name()));
            assert_eq!(
                path.to_token_stream().to_string().replace(' ', ""),
                format!("{ROOT}::{}", item.name())
            );
        }
        assert_eq!(
            quote::quote!(#SEND(x)).to_string(),
            ":: twilio_runtime :: __generated :: send (x)"
        );
        assert_eq!(
            TIMESTAMP.path_str(),
            "::twilio_runtime::__generated::timestamp::deserialize"
        );
        assert_eq!(
            TIMESTAMP.doc_link(),
            "[`deserialize`](::twilio_runtime::__generated::timestamp::deserialize)"
        );
    }
}
