//! `spec-diff`: what a Flex v1 spec update changes for Rust users of the crate.
//!
//! Two OpenAPI documents are reduced to the parts that shape the generated
//! API (operations, parameters, request and response fields, named types,
//! enum values, SID patterns), compared, and each difference is classified as
//! breaking or not under the crate's semantics; see [`Report`].
//!
//! ```
//! let spec = "openapi: 3.0.1\npaths: {}\n";
//! let report = xtask::spec_diff::diff(spec, spec).unwrap();
//! assert!(report.is_empty() && !report.has_breaking());
//! ```

pub mod cli;
mod compare;
mod load;
mod model;
pub mod naming;
mod report;

use std::fmt;

pub use report::{Change, ChangeKind, Member, Report, Role, Section, Subject};

/// A parsed spec, reduced to what the comparison looks at.
#[derive(Debug)]
pub struct Spec {
    api: model::Api,
}

/// Why a spec could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

impl Spec {
    /// Parses an OpenAPI 3 document (YAML or JSON).
    pub fn parse(text: &str) -> Result<Spec, ParseError> {
        let doc = load::parse_document(text).map_err(|message| ParseError { message })?;
        let api = model::Api::from_document(&doc).map_err(|message| ParseError { message })?;
        Ok(Spec { api })
    }

    /// Number of operations (generated client methods).
    pub fn operation_count(&self) -> usize {
        self.api.operations.len()
    }
}

/// Which input of [`diff`] failed to parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The first (older) spec.
    Old,
    /// The second (newer) spec.
    New,
}

/// A [`diff`] input that failed to parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffError {
    /// Which input it was.
    pub which: Which,
    /// What was wrong with it.
    pub error: ParseError,
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let which = match self.which {
            Which::Old => "old",
            Which::New => "new",
        };
        write!(f, "{which} spec: {}", self.error)
    }
}

impl std::error::Error for DiffError {}

/// Compares two spec texts. Fails only if one of them does not parse.
pub fn diff(old: &str, new: &str) -> Result<Report, DiffError> {
    let old = Spec::parse(old).map_err(|error| DiffError {
        which: Which::Old,
        error,
    })?;
    let new = Spec::parse(new).map_err(|error| DiffError {
        which: Which::New,
        error,
    })?;
    Ok(diff_specs(&old, &new))
}

/// Compares two parsed specs.
pub fn diff_specs(old: &Spec, new: &Spec) -> Report {
    Report {
        changes: compare::compare(&old.api, &new.api),
    }
}

#[cfg(test)]
mod tests;
