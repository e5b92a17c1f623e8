//! Everything done to progenitor's output (a syn tree) before it is printed, as an ordered
//! table of passes: [`PASSES`]. Each pass is one named function, in a file by concern;
//! [`crate::generate_with`] runs the table from top to bottom.
//!
//! progenitor's builder interface is kept; what it can't be configured to do is changed here:
//! Twilio's wire names, no `api-version` header, lenient and fast decoding, Twilio's form
//! encoding, no constructor that can panic, a request builder in place of progenitor's
//! `send`, and less code to compile. The last passes add what [`crate::emit`] builds.
//!
//! Each pass checks that it found what the spec says it should (`expect_count`): when an
//! upgrade of progenitor or typify moves their output, the build fails naming the pass,
//! instead of silently generating something else.
//!
//! To add a pass: write its function in the file of its concern (or a new one), give it a
//! row in [`PASSES`] where what it expects exists and before what relies on what it leaves,
//! and test it on a small tree in that file. The golden test (`tests/golden.rs`) shows its
//! effect on the whole generated code.

mod declared_bodies;
mod emitted;
mod headers;
mod inline;
mod modules;
mod non_exhaustive;
mod plumbing;
mod request_builder;
mod struct_builders;
mod wire_names;
mod wire_structs;

pub use declared_bodies::empty_declared_bodies;
pub use emitted::{
    emit_catalogue, emit_client, emit_contract, emit_operation_impls, emit_options, emit_streams,
    emit_types,
};
pub use headers::remove_api_version_header;
pub use inline::inline_glue;
pub use modules::ensure_modules;
pub use non_exhaustive::non_exhaustive_structs;
pub use plumbing::{
    crate_private_plumbing, remove_panicking_constructor, use_twilio_form_encoding,
};
pub use request_builder::{
    empty_header_maps, path_segments, remove_parameter_setters, request_by_reference,
    send_into_request, url_on_base_url,
};
pub use struct_builders::{crate_visible_builder_fields, drop_unused_struct_builders};
pub use wire_names::restore_wire_names;
pub use wire_structs::{fast_timestamps, keep_empty_arrays, lenient_collections};

use crate::collect::{Collected, collect};
use crate::error::{Error, Result};
use twilio_spec::fixups::Extras;
use twilio_spec::model::Operation;

/// What the passes read besides the tree: the spec's operations and what the fix-ups
/// recorded, and what the `collect` pass reads from the tree for the ones after it.
pub struct Context<'a> {
    /// The spec's operations.
    pub operations: &'a [Operation],
    /// What the fix-ups recorded (SID types, enums, lists, checks, declarations).
    pub extras: &'a Extras,
    /// How many `date-time` properties the spec's schemas have.
    pub date_times: usize,
    /// The API host (`ApiClient::DEFAULT_HOST`); "" when the spec names no server, for a
    /// client that needs `base_url`.
    pub host: String,
    collected: Option<Collected>,
}

impl<'a> Context<'a> {
    /// The context of one spec.
    pub fn new(
        operations: &'a [Operation],
        extras: &'a Extras,
        date_times: usize,
        host: String,
    ) -> Self {
        Context {
            operations,
            extras,
            date_times,
            host,
            collected: None,
        }
    }

    /// What the `collect` pass read; an error before it has run.
    pub fn collected(&self) -> Result<&Collected> {
        self.collected
            .as_ref()
            .ok_or_else(|| Error::PostProcess("a pass that needs `collect` ran before it".into()))
    }

    /// [`Context::collected`], taken out once the passes have run.
    pub fn into_collected(self) -> Result<Collected> {
        self.collected
            .ok_or_else(|| Error::PostProcess("the `collect` pass didn't run".into()))
    }
}

/// One row of [`PASSES`].
pub struct Pass {
    /// The pass's function (in this module).
    pub name: &'static str,
    /// What it expects to find in the tree; it fails when the count is off.
    pub expects: &'static str,
    /// What it leaves behind for the passes after it.
    pub leaves: &'static str,
    /// Runs it.
    pub run: fn(&mut syn::File, &mut Context<'_>) -> Result<()>,
}

/// Declares [`PASSES`] and renders the same rows as a table in its docs.
macro_rules! pass_table {
    ($($name:ident { expects: $expects:literal, leaves: $leaves:literal, run: $run:expr $(,)? })*) => {
        /// The passes over progenitor's output, in the order they run:
        ///
        /// | pass | expects to find | leaves behind |
        /// |------|-----------------|---------------|
        $(#[doc = concat!("| [`", stringify!($name), "`](fn@", stringify!($name), ") | ", $expects, " | ", $leaves, " |")])*
        pub const PASSES: &[Pass] = &[$(Pass {
            name: stringify!($name),
            expects: $expects,
            leaves: $leaves,
            run: $run,
        }),*];
    };
}

pass_table! {
    ensure_modules {
        expects: "progenitor's output: `mod types`; `mod builder` when the spec has operations, \
                  `mod types::builder` when it has structs",
        leaves: "both modules, empty when there is nothing to put in them",
        run: |file, cx| ensure_modules(file, cx.operations.len()),
    }
    restore_wire_names {
        expects: "each comparison parameter the fix-ups renamed (`DateCreatedBefore`) as a \
                  string literal in its operation's `send`",
        leaves: "Twilio's wire names (`DateCreated<`) in the requests",
        run: |file, cx| restore_wire_names(file, &cx.extras.wire_names),
    }
    remove_api_version_header {
        expects: "one `\"api-version\"` header statement per operation",
        leaves: "requests with only the headers the spec defines",
        run: |file, cx| remove_api_version_header(file, cx.operations.len()),
    }
    keep_empty_arrays {
        expects: "`skip_serializing_if = Vec::is_empty` on every list field with a default of \
                  the decoded structs",
        leaves: "list fields that re-encode `[]`",
        run: |file, _| keep_empty_arrays(file),
    }
    fast_timestamps {
        expects: "`DateTime<Utc>` fields (plain or optional) where the spec has `date-time` \
                  properties",
        leaves: "`deserialize_with` the runtime's fast timestamp parser on each",
        run: |file, cx| fast_timestamps(file, cx.date_times),
    }
    lenient_collections {
        expects: "decoded structs' list and map fields with a default, optional string maps \
                  (`links`)",
        leaves: "`deserialize_with` that takes `null` as empty and drops `null` link values",
        run: |file, _| lenient_collections(file),
    }
    non_exhaustive_structs {
        expects: "the structs of `mod types` with named fields, each deriving `Deserialize`",
        leaves: "all of them `#[non_exhaustive]`: an added field is a minor change",
        run: |file, _| non_exhaustive_structs(file),
    }
    use_twilio_form_encoding {
        expects: "the private `use progenitor_client::{…, RequestBuilderExt}`",
        leaves: "the runtime's `RequestBuilderExt` (Twilio's form encoding) in its place",
        run: |file, _| use_twilio_form_encoding(file),
    }
    remove_panicking_constructor {
        expects: "one `Client::new` and one `Client::new_with_client`",
        leaves: "no `Client::new`; a crate-private `new_with_client`",
        run: |file, _| remove_panicking_constructor(file),
    }
    crate_private_plumbing {
        expects: "one `new` per operation builder, and their `body_map`s",
        leaves: "both crate-private",
        run: |file, cx| crate_private_plumbing(file, cx.operations.len()),
    }
    empty_declared_bodies {
        expects: "a `body` field set in `new` of each operation with a declared body",
        leaves: "those bodies starting as an empty JSON object",
        run: |file, cx| {
            let declared: Vec<String> =
                cx.extras.bodies.iter().map(|b| b.operation.clone()).collect();
            empty_declared_bodies(file, &declared)
        },
    }
    collect {
        expects: "`mod types` and `mod builder`; progenitor's `send` on every builder",
        leaves: "the tree unchanged; what the emitters read (types, builder fields, each \
                 `send`'s success type) in the context",
        run: |file, cx| {
            cx.collected = Some(collect(file)?);
            Ok(())
        },
    }
    remove_parameter_setters {
        expects: "progenitor's setter of each builder field other than `client` and `body`",
        leaves: "builders without parameter setters (emitted ones replace them)",
        run: |file, cx| remove_parameter_setters(file, cx.collected()?),
    }
    send_into_request {
        expects: "one `async fn send` per operation, sending after `let info = OperationInfo`",
        leaves: "a private `fn request(self) -> Result<reqwest::Request, _>` that only \
                 checks and encodes",
        run: |file, cx| send_into_request(file, cx.operations.len()),
    }
    empty_header_maps {
        expects: "one `HeaderMap::with_capacity` per `request`",
        leaves: "`HeaderMap::new()`, which doesn't allocate",
        run: |file, cx| empty_header_maps(file, cx.operations.len()),
    }
    path_segments {
        expects: "one `encode_path(&x.to_string())` per path parameter of each `request`",
        leaves: "the runtime's `PathSegment(&x)`, encoded while formatting",
        run: |file, cx| path_segments(file, cx.operations),
    }
    url_on_base_url {
        expects: "one `format!(\"{}/…\", client.baseurl, …)` URL per `request`",
        leaves: "the runtime's `api_url` on the client's parsed base URL",
        run: |file, cx| url_on_base_url(file, cx.operations.len()),
    }
    request_by_reference {
        expects: "one `let Self { … } = self` per `request`",
        leaves: "`fn request(&self)` cloning each field, so `send` can build it again for \
                 a retry",
        run: |file, cx| request_by_reference(file, cx.operations.len()),
    }
    drop_unused_struct_builders {
        expects: "typify's struct builders (`mod types::builder`) and `X::builder()`s",
        leaves: "only the builders of request bodies, which the operation builders name",
        run: |file, _| drop_unused_struct_builders(file),
    }
    crate_visible_builder_fields {
        expects: "the struct builders of request bodies",
        leaves: "their fields `pub(crate)`, for the operation builders' body setters and \
                 `check`",
        run: |file, _| crate_visible_builder_fields(file),
    }
    inline_glue {
        expects: "typify's struct builders' methods; one `request` per operation",
        leaves: "all of them `#[inline]`, compiled in the crate that calls them",
        run: |file, cx| inline_glue(file, cx.operations.len()),
    }
    emit_types {
        expects: "`mod types`; what `collect` read",
        leaves: "the SID types, enums and list-page impls at its end",
        run: emit_types,
    }
    emit_operation_impls {
        expects: "`mod builder` with each operation's builder and `request`",
        leaves: "each builder's setters, typed `send`, `stream` and `pages`",
        run: emit_operation_impls,
    }
    emit_client {
        expects: "progenitor's `Client` with its crate-private `new_with_client`",
        leaves: "`impl ApiClient for Client`, `Client::builder()`, `from_env()`",
        run: emit_client,
    }
    emit_options {
        expects: "the body fields of the declared families",
        leaves: "`pub mod options` with an option builder per family",
        run: emit_options,
    }
    emit_streams {
        expects: "the list operations",
        leaves: "`pub mod streams` with an `Items` and a `Pages` alias per list",
        run: emit_streams,
    }
    emit_catalogue {
        expects: "each operation's builder fields and body type (what its setters are named \
                  after)",
        leaves: "`pub mod operations`: every operation as data (`ALL`, `find`)",
        run: emit_catalogue,
    }
    emit_contract {
        expects: "each operation's builder and success type",
        leaves: "`pub mod contract` (feature `contract`)",
        run: emit_contract,
    }
}

/// A pass changed as many things as the spec says it should, or progenitor's output moved.
pub(crate) fn expect_count(pass: &str, what: &str, found: usize, expected: usize) -> Result<()> {
    if found == expected {
        Ok(())
    } else {
        Err(Error::PostProcess(format!(
            "{pass}: found {found} {what} where {expected} were expected; progenitor's or \
             typify's output has changed shape, and this pass must follow it"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(name: &str) -> usize {
        PASSES
            .iter()
            .position(|p| p.name == name)
            .unwrap_or_else(|| panic!("no pass `{name}`"))
    }

    #[test]
    fn passes_are_named_once_and_say_what_they_expect_and_leave() {
        let mut names: Vec<&str> = PASSES.iter().map(|p| p.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), PASSES.len());
        for p in PASSES {
            assert!(!p.expects.is_empty() && !p.leaves.is_empty(), "{}", p.name);
            assert!(
                !p.expects.contains('|') && !p.leaves.contains('|'),
                "{}",
                p.name
            );
        }
    }

    #[test]
    fn the_order_follows_what_each_pass_relies_on() {
        // Every pass finds the modules.
        assert_eq!(position("ensure_modules"), 0);
        // Wire names are restored in `send` before it becomes `request`.
        assert!(position("restore_wire_names") < position("send_into_request"));
        // `collect` reads `send`'s type, the setters and the builder fields it removes.
        assert!(position("collect") < position("remove_parameter_setters"));
        assert!(position("collect") < position("send_into_request"));
        // The request rewrites work on `request`, in this order.
        let rewrites = [
            "send_into_request",
            "empty_header_maps",
            "path_segments",
            "url_on_base_url",
            "request_by_reference",
        ];
        for pair in rewrites.windows(2) {
            assert!(position(pair[0]) < position(pair[1]), "{pair:?}");
        }
        // Only `request`s are inlined, and the emitters come last.
        assert!(position("request_by_reference") < position("inline_glue"));
        assert!(position("inline_glue") < position("emit_types"));
        assert_eq!(position("emit_contract"), PASSES.len() - 1);
    }

    #[test]
    fn a_pass_that_needs_collect_before_it_has_run_is_an_error() {
        let extras = Extras::default();
        let mut cx = Context::new(&[], &extras, 0, String::new());
        let mut file: syn::File = syn::parse_quote! { pub mod types {} pub mod builder {} };
        let err = (PASSES[position("emit_types")].run)(&mut file, &mut cx)
            .unwrap_err()
            .to_string();
        assert!(err.contains("ran before it"), "{err}");
    }

    #[test]
    fn the_whole_table_runs_on_a_tree_without_operations() {
        let extras = Extras::default();
        let mut cx = Context::new(&[], &extras, 0, "x.twilio.com".into());
        let mut file: syn::File = syn::parse_quote! {
            use progenitor_client::{encode_path, ClientHooks, OperationInfo, RequestBuilderExt};
            pub mod types {}
            #[doc = "Client for X\n\nVersion: 1.0.0"]
            pub struct Client { baseurl: String, inner: () }
            impl ClientInfo<()> for Client {}
            impl ClientHooks<()> for &Client {}
            impl Client {
                pub fn new(baseurl: &str) -> Self { todo!() }
                pub fn new_with_client(baseurl: &str) -> Self { todo!() }
            }
        };
        for pass in PASSES {
            (pass.run)(&mut file, &mut cx).unwrap_or_else(|e| panic!("{}: {e}", pass.name));
        }
        let text = quote::ToTokens::to_token_stream(&file).to_string();
        assert!(text.contains("pub mod builder"), "{text}");
        assert!(
            text.contains("const DEFAULT_HOST : & 'static str = \"x.twilio.com\""),
            "{text}"
        );
        assert!(text.contains("pub mod options"), "{text}");
        assert!(text.contains("pub mod contract"), "{text}");
        assert!(text.contains("pub mod operations"), "{text}");
        // progenitor's boilerplate gives way to the client's own doc; its trait impls are
        // hidden from the docs.
        assert!(!text.contains("Version: 1.0.0"), "{text}");
        assert!(
            text.contains("The API's client: one method per operation"),
            "{text}"
        );
        assert!(
            text.contains("# [doc (hidden)] impl ClientInfo < () > for Client")
                && text.contains("# [doc (hidden)] impl ClientHooks < () > for & Client"),
            "{text}"
        );
        assert!(cx.into_collected().is_ok());
    }
}
