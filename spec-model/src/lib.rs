//! Twilio's OpenAPI spec language, read without generating any Rust.
//!
//! - [`parse_spec`] reads a spec (YAML or JSON) into JSON;
//! - [`fixups`] rewrite Twilio's constructs in memory into ones a generator can take (the
//!   vendored YAML is never edited), recording what they learned in [`fixups::Extras`];
//! - [`names`] is the naming contract: how schemas, operations, fields and enum values become
//!   Rust names;
//! - [`model`] is the one model of the operations (parameters, bodies, lists, value checks)
//!   that the code generator, the API snapshot and the mock engine all read;
//! - [`product`] holds what a product declares beyond its spec (families of fields, declared
//!   bodies, capabilities of hand-written helpers);
//! - [`contract`] (feature `contract`) checks a generated client against its spec's examples.
//!
//! The code generator (`twilio-codegen`) builds on this crate at build time; the mock engine
//! (`twilio-mock`) at run time, so a user's tests never compile a code generator.
#![warn(missing_docs)]

#[cfg(feature = "contract")]
pub mod contract;
pub mod error;
pub mod fixups;
pub mod model;
pub mod names;
pub mod product;

pub use error::{Error, Result};

use serde_json::Value;

/// Parses a spec (YAML or JSON) into JSON.
pub fn parse_spec(text: &str) -> Result<Value> {
    serde_yaml_ng::from_str(text).map_err(|e| Error::Parse(e.to_string()))
}

/// Applies the fix-ups to a spec text, as Twilio wrote it.
pub fn fixed_spec(text: &str) -> Result<(Value, fixups::Extras)> {
    fixed_spec_with(text, &product::Declarations::new())
}

/// [`fixed_spec`] with a product's declarations.
pub fn fixed_spec_with(
    text: &str,
    declarations: &product::Declarations,
) -> Result<(Value, fixups::Extras)> {
    let mut spec = parse_spec(text)?;
    let extras = fixups::apply_all(&mut spec, declarations)?;
    Ok((spec, extras))
}
