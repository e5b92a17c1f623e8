//! Code emitted next to progenitor's, one function per construct: the SID types and
//! forward-compatible enums ([`types`](type_items)), each operation builder's setters, typed
//! `send` and pagination entry points ([`operation_impls`]), what the product's declarations
//! add (family setters, declared bodies: `declared`), the option builders
//! ([`options_module`]), the stream types by name ([`streams_module`]), the operation catalogue ([`catalogue_module`]), the `Client`'s runtime glue ([`client_impls`]) and the contract
//! registry ([`contract`]). Most of it expands the runtime's macros (`sid_types!`,
//! `open_enum!`) or calls its functions, through the paths of [`crate::runtime_paths`], so
//! the generated file stays small and the behaviour lives in one reviewed place, the runtime.
//!
//! The pass table ([`crate::postprocess::PASSES`]) says where each is added to the tree.

mod catalogue;
mod client;
mod contract;
mod declared;
mod operation;
mod operation_doc;
mod options;
mod setter;
mod streams;
mod types;

pub use catalogue::catalogue_module;
pub use client::client_impls;
pub use contract::contract;
pub use operation::{OperationImpl, operation_impls};
pub use operation_doc::client_doc;
pub use options::options_module;
pub use streams::streams_module;
pub use types::{enums, list_pages, sid_types, type_items};

/// Name of the catch-all variant of every emitted enum.
pub const CATCH_ALL: &str = "Unrecognized";

/// Builder methods a body-field setter must not shadow.
const RESERVED: &[&str] = &[
    "new", "body", "body_map", "send", "request", "stream", "pages",
];

#[cfg(test)]
pub(crate) mod tests {
    //! Small inputs for the emitters' tests: what `collect` would read, and operations.

    use crate::collect::{Collected, FieldInfo};
    use twilio_spec::model::{Operation, Param, StrRule, ValueType};

    /// A field `ident: ty` with wire name `wire`.
    pub fn field(ident: &str, ty: &str, wire: &str) -> FieldInfo {
        FieldInfo {
            ident: quote::format_ident!("{}", ident),
            ty: syn::parse_str(ty).expect("a type"),
            wire: wire.into(),
            docs: Vec::new(),
        }
    }

    /// What `collect` reads: `types` structs and `builder` structs, by name.
    pub fn collected(
        types: &[(&str, Vec<FieldInfo>)],
        builders: &[(&str, Vec<FieldInfo>)],
    ) -> Collected {
        let mut c = Collected::default();
        for (name, fields) in types {
            c.type_names.insert(name.to_string());
            c.type_structs.insert(name.to_string(), fields.clone());
        }
        for (name, fields) in builders {
            c.builders.insert(name.to_string(), fields.clone());
        }
        c
    }

    /// An operation without parameters or body.
    pub fn operation(id: &str, method: &str, path: &str) -> Operation {
        Operation {
            operation_id: id.into(),
            method: method.into(),
            path: path.into(),
            description: String::new(),
            params: Vec::new(),
            body: None,
            list: None,
        }
    }

    /// An optional string parameter.
    pub fn param(api: &str, rust: &str, location: &str) -> Param {
        Param {
            api_name: api.into(),
            rust_name: rust.into(),
            location: location.into(),
            required: false,
            description: None,
            range: None,
            pattern: None,
            uri: false,
            length: None,
            ty: ValueType::Str(StrRule::default()),
        }
    }
}
