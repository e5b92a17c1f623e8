//! What planning or applying a release fails with.

use std::fmt;

use super::apply::Created;
use super::plan::Change;
use crate::TwilioError;
use crate::types::{PluginConfigurationSid, PluginReleaseSid, PluginVersionSid};

/// The step of the workflow that failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Step {
    /// Checking the input and reading what exists, before anything is written:
    /// [`ReleaseBuilder::plan`](super::ReleaseBuilder::plan), [`Plugins::active`](super::Plugins::active),
    /// [`Plugins::rollback`](super::Plugins::rollback).
    Plan,
    /// Finding or creating a plugin (`FP…`).
    Plugin,
    /// Finding or creating a plugin version (`FV…`).
    Version,
    /// Finding or creating the configuration (`FJ…`).
    Configuration,
    /// Reading the active release and holding it against the plan's base (before the
    /// configuration, and again right before the release), then creating the release
    /// (`FK…`).
    Release,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::Plan => "plan",
            Step::Plugin => "plugin",
            Step::Version => "version",
            Step::Configuration => "configuration",
            Step::Release => "release",
        })
    }
}

/// A Plugin Service resource, as named in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Resource {
    /// A plugin (`FP…`).
    Plugin,
    /// A plugin version (`FV…`).
    Version,
    /// A configuration (`FJ…`).
    Configuration,
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Resource::Plugin => "plugin",
            Resource::Version => "plugin version",
            Resource::Configuration => "configuration",
        })
    }
}

/// A version string that already exists for the plugin with another bundle URL. Versions
/// are immutable and their version strings unique per plugin: publish the bundle under a new
/// version string.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VersionConflict {
    /// The plugin's unique name.
    pub plugin: String,
    /// The version string.
    pub version: String,
    /// The URL the existing version points at.
    pub existing_url: String,
    /// The URL the plan wanted.
    pub wanted_url: String,
    /// The existing version.
    pub version_sid: PluginVersionSid,
}

impl fmt::Display for VersionConflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} already exists ({}) with URL {}, not {}: versions can't change, publish the bundle under a new version string",
            self.plugin, self.version, self.version_sid, self.existing_url, self.wanted_url
        )
    }
}

/// A plan whose base is no longer what runs: another release became active after the plan
/// was made (another pipeline released, or someone rolled back). Applying it would release a
/// configuration worked out from the old base and undo that release's changes, so nothing
/// was released. [`ReleasePlan::replan`](super::ReleasePlan::replan) makes the same change on
/// top of the release active now.
///
/// `Display` names both releases and what changed between them:
/// `the plan is stale: it was made on release FK…, and release FK… is active now (+ plugin-beta
/// 1.0.0); …`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StalePlan {
    /// The release the plan was made on; `None`: nothing was released then.
    pub planned_on: Option<PluginReleaseSid>,
    /// The release active now; `None` only if the releases were deleted, which Twilio doesn't
    /// allow.
    pub active_now: Option<PluginReleaseSid>,
    /// The configuration it runs.
    pub active_configuration: Option<PluginConfigurationSid>,
    /// How the release active now differs from the plan's base, one entry per plugin, by
    /// name: [`Add`](super::ChangeKind::Add) runs now and not in the base (applying the plan
    /// would drop it), [`Update`](super::ChangeKind::Update) runs in another version or phase
    /// (`previous` is the base's; applying would change it back, or to the plan's version),
    /// [`Remove`](super::ChangeKind::Remove) no longer runs (applying would bring it back).
    /// Never empty: a release running the base's plugins is no change.
    pub changed: Vec<Change>,
}

impl fmt::Display for StalePlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the plan is stale: it was made ")?;
        match &self.planned_on {
            Some(sid) => write!(f, "on release {sid}")?,
            None => f.write_str("when nothing was released")?,
        }
        match &self.active_now {
            Some(sid) => write!(f, ", and release {sid} is active now (")?,
            None => f.write_str(", and no release is active now (")?,
        }
        for (i, c) in self.changed.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            c.fmt(f)?;
        }
        f.write_str(
            "); applying it would undo that, so nothing was released: plan again on the active release (ReleasePlan::replan)",
        )
    }
}

/// Why a step failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReleaseErrorKind {
    /// A request failed: Twilio answered with an error (see [`ReleaseError::api_error`]), or
    /// the request didn't complete.
    Request(crate::Error),
    /// A value given to the workflow was refused before any request.
    InvalidInput {
        /// What was given: `upsert`, `remove`, `name`, `Flex-Metadata`, `release_sid`.
        field: String,
        /// What was expected.
        message: String,
    },
    /// The version string exists with another URL; nothing was sent for it.
    VersionConflict(VersionConflict),
    /// An archived plugin, version or configuration can't go into a new configuration (or be
    /// released again).
    Archived {
        /// What is archived.
        resource: Resource,
        /// Its name: a plugin's unique name, `name version`, or a configuration's name.
        name: String,
        /// Its SID.
        sid: String,
    },
    /// [`Plugins::rollback`](super::Plugins::rollback) found no earlier release with another
    /// configuration.
    NoPreviousRelease,
    /// Twilio's answer lacks what the workflow needs (a created resource without its SID).
    UnexpectedResponse(String),
    /// Another release became active since the plan was made: nothing was released (see
    /// [`StalePlan`]; [`Step::Release`]).
    Stale(StalePlan),
}

impl fmt::Display for ReleaseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReleaseErrorKind::Request(e) => e.fmt(f),
            ReleaseErrorKind::InvalidInput { field, message } => {
                write!(f, "invalid `{field}`: {message}")
            }
            ReleaseErrorKind::VersionConflict(c) => c.fmt(f),
            ReleaseErrorKind::Archived {
                resource,
                name,
                sid,
            } => write!(
                f,
                "{resource} {name} ({sid}) is archived and can't be used in a new release"
            ),
            ReleaseErrorKind::NoPreviousRelease => f.write_str(
                "there is no earlier release with another configuration to roll back to",
            ),
            ReleaseErrorKind::UnexpectedResponse(m) => write!(f, "unexpected answer: {m}"),
            ReleaseErrorKind::Stale(s) => s.fmt(f),
        }
    }
}

/// A release workflow that failed: the [`Step`], why ([`ReleaseErrorKind`], with Twilio's
/// error when it answered with one), and what this call had already created. Nothing becomes
/// active before the release step succeeds; run the workflow again to resume.
pub struct ReleaseError(Box<Inner>);

#[derive(Debug)]
struct Inner {
    step: Step,
    kind: ReleaseErrorKind,
    created: Vec<Created>,
}

impl ReleaseError {
    pub(super) fn new(step: Step, kind: ReleaseErrorKind) -> Self {
        ReleaseError(Box::new(Inner {
            step,
            kind,
            created: Vec::new(),
        }))
    }

    pub(super) fn request(step: Step, e: crate::Error) -> Self {
        Self::new(step, ReleaseErrorKind::Request(e))
    }

    /// A failed read while planning.
    pub(super) fn plan(e: crate::Error) -> Self {
        Self::request(Step::Plan, e)
    }

    pub(super) fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::new(
            Step::Plan,
            ReleaseErrorKind::InvalidInput {
                field: field.to_string(),
                message: message.into(),
            },
        )
    }

    pub(super) fn unexpected(step: Step, message: impl Into<String>) -> Self {
        Self::new(step, ReleaseErrorKind::UnexpectedResponse(message.into()))
    }

    pub(super) fn with_created(mut self, created: Vec<Created>) -> Self {
        self.0.created = created;
        self
    }

    /// The step that failed.
    pub fn step(&self) -> Step {
        self.0.step
    }

    /// Why it failed.
    pub fn kind(&self) -> &ReleaseErrorKind {
        &self.0.kind
    }

    /// What this call created before failing, in order (empty when it created nothing).
    pub fn created(&self) -> &[Created] {
        &self.0.created
    }

    /// Twilio's error (HTTP status, code, message), when Twilio answered with one.
    pub fn api_error(&self) -> Option<&TwilioError> {
        match &self.0.kind {
            ReleaseErrorKind::Request(crate::Error::Api(e)) => Some(e),
            _ => None,
        }
    }

    /// What changed under the plan, for [`ReleaseErrorKind::Stale`].
    pub fn stale(&self) -> Option<&StalePlan> {
        match &self.0.kind {
            ReleaseErrorKind::Stale(s) => Some(s),
            _ => None,
        }
    }

    /// The conflicting version, for [`ReleaseErrorKind::VersionConflict`].
    pub fn version_conflict(&self) -> Option<&VersionConflict> {
        match &self.0.kind {
            ReleaseErrorKind::VersionConflict(c) => Some(c),
            _ => None,
        }
    }
}

impl fmt::Debug for ReleaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReleaseError")
            .field("step", &self.0.step)
            .field("kind", &self.0.kind)
            .field("created", &self.0.created)
            .finish()
    }
}

impl fmt::Display for ReleaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} step failed: {}", self.0.step, self.0.kind)?;
        if self.0.created.is_empty() {
            if self.0.step != Step::Plan {
                f.write_str("; this run created nothing")?;
            }
        } else {
            f.write_str("; this run had created: ")?;
            for (i, c) in self.0.created.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                c.fmt(f)?;
            }
            // The same plan again would be refused again; a new plan finds these and reuses
            // them.
            f.write_str(match self.0.kind {
                ReleaseErrorKind::Stale(_) => " (kept: replanning reuses the plugins and versions)",
                _ => " (run it again to resume)",
            })?;
        }
        Ok(())
    }
}

impl std::error::Error for ReleaseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.kind {
            ReleaseErrorKind::Request(e) => Some(e),
            _ => None,
        }
    }
}

/// `?` on a workflow's error in a function returning [`crate::Result`]: it becomes
/// [`Error::Other`](crate::Error::Other), whole (step, kind, what was created), and
/// `err.downcast_ref::<ReleaseError>()` gives it back.
impl From<ReleaseError> for crate::Error {
    fn from(e: ReleaseError) -> Self {
        crate::Error::other(e)
    }
}
