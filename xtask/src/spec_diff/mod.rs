//! `spec-diff`: what a Flex v1 spec update changes for Rust users of the crate.
//!
//! Two layers, see [`Report`]:
//!
//! - **The verdict** comes from the generated Rust API. Both specs go through the generator,
//!   which reads each generated client back as a typed API snapshot (the value
//!   `api/flex_v1.txt` is rendered from); the two are compared item by item ([`api`]) and each
//!   difference is judged breaking or not. Equal snapshots mean no change to the Rust API,
//!   whatever changed in the spec.
//! - **Context**: the spec-level changes (operations, parameters, request and response
//!   fields, named schemas, enum values, patterns), as the spec states them, so a reviewer
//!   sees why the API changed, or that it didn't.
//!
//! ```
//! let spec = "openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\n";
//! let report = xtask::spec_diff::diff(spec, spec).unwrap();
//! assert!(report.is_empty() && !report.has_breaking());
//! ```

pub mod api;
pub mod cli;
mod compare;
mod load;
mod model;
pub mod naming;
mod report;

use std::fmt;

pub use api::{ApiChange, ApiChangeKind, ApiSection};
pub use report::{Change, ChangeKind, Member, Report, Role, Section, Subject};
/// The typed API snapshot the verdict compares.
pub use twilio_codegen::snapshot::Api as ApiSnapshot;
use twilio_codegen::snapshot::Names;

/// A parsed spec: its spec-level model, and the API snapshot of the client generated from it
/// (the typed value and its text), with the names that generation publishes.
#[derive(Debug)]
pub struct Spec {
    model: model::Api,
    snapshot_text: String,
    snapshot: ApiSnapshot,
    names: Names,
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
    /// Parses an OpenAPI 3 document (YAML or JSON) and renders its API snapshot with the
    /// generator and the Flex product's declarations, as `build.rs` generates the crate from
    /// it with no names published before. Fails if the spec can't be read, or the generator
    /// rejects it.
    pub fn parse(text: &str) -> Result<Spec, ParseError> {
        Self::parse_with(text, &crate::flex::flex_declarations())
    }

    /// [`Spec::parse`] with other declarations (none: the spec as Twilio wrote it).
    pub fn parse_with(
        text: &str,
        declarations: &twilio_spec::product::Declarations,
    ) -> Result<Spec, ParseError> {
        Self::parse_published(text, declarations, &Names::default(), None)
    }

    /// [`Spec::parse`] after a release that published `published`: generated as `build.rs`
    /// generates it with that names file, so a name the release renamed is a deprecated alias.
    /// `release` (a date) dates the renames.
    pub fn parse_after(
        text: &str,
        published: &Names,
        release: Option<&str>,
    ) -> Result<Spec, ParseError> {
        Self::parse_published(text, &crate::flex::flex_declarations(), published, release)
    }

    fn parse_published(
        text: &str,
        declarations: &twilio_spec::product::Declarations,
        published: &Names,
        release: Option<&str>,
    ) -> Result<Spec, ParseError> {
        let doc = load::parse_document(text).map_err(|message| ParseError { message })?;
        let model = model::Api::from_document(&doc).map_err(|message| ParseError { message })?;
        // A spec without operations or schemas (the workflow's stand-in for a base branch
        // without a spec) has an empty API; the generator itself wants at least one operation.
        let (snapshot, names) = if model.operations.is_empty() && model.types.is_empty() {
            (ApiSnapshot::default(), Names::default())
        } else {
            let p = twilio_codegen::snapshot::generate_published(
                text,
                declarations,
                published,
                release,
            )
            .map_err(|e| ParseError {
                message: format!("the generator rejects it: {e}"),
            })?;
            (p.api, p.names)
        };
        let snapshot_text = if snapshot == ApiSnapshot::default() {
            String::new()
        } else {
            twilio_codegen::snapshot::render(&snapshot, &crate::snapshot::HEADER)
        };
        Ok(Spec {
            model,
            snapshot_text,
            snapshot,
            names,
        })
    }

    /// The names the generated client publishes: what a later release is generated after.
    pub fn names(&self) -> &Names {
        &self.names
    }

    /// Number of operations (generated client methods).
    pub fn operation_count(&self) -> usize {
        self.snapshot.operations.len()
    }

    /// The API snapshot of this spec: the text `cargo xtask api-snapshot` writes.
    pub fn snapshot_text(&self) -> &str {
        &self.snapshot_text
    }

    /// The typed API snapshot.
    pub fn snapshot(&self) -> &ApiSnapshot {
        &self.snapshot
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

/// Compares two spec texts, the new one generated after the old one's names (as users of the
/// old one's crate would get it). Fails only if one of them does not parse or generate.
pub fn diff(old: &str, new: &str) -> Result<Report, DiffError> {
    let old = Spec::parse(old).map_err(|error| DiffError {
        which: Which::Old,
        error,
    })?;
    let new = Spec::parse_after(new, old.names(), None).map_err(|error| DiffError {
        which: Which::New,
        error,
    })?;
    Ok(diff_specs(&old, &new))
}

/// Compares two parsed specs: the typed API snapshots for the verdict, the specs for context.
pub fn diff_specs(old: &Spec, new: &Spec) -> Report {
    Report {
        api: api::diff(&old.snapshot, &new.snapshot),
        spec: compare::compare(&old.model, &new.model),
    }
}

#[cfg(test)]
mod tests;
