//! Releasing Flex UI plugins: plan, diff, apply and roll back Plugin Service releases, as one
//! safe call that can be run again.
//!
//! This module exists when the spec the client is generated from has the Plugin Service
//! (`cfg(twilio_flex_plugins)`: every Flex release since 2024; the 2020 and 2022 releases in
//! `spec/history` don't have it). It is a small workflow on top of the generated operations.
//!
//! A plugin ships in four steps, each needing the one before: a Plugin (`FP…`), a Plugin
//! Version (`FV…`) pointing at a bundle already hosted at its URL, a Plugin Configuration
//! (`FJ…`) listing the versions that run together, and a Plugin Release (`FK…`) of that
//! configuration. The newest release is the active one; rolling back is releasing an older
//! configuration again.
//!
//! ```no_run
//! # async fn run(client: &twilio_flex::Client) -> Result<(), twilio_flex::plugins::ReleaseError> {
//! let plan = client
//!     .plugins()
//!     .flex_metadata("ci=github-actions")
//!     .release()
//!     .upsert("plugin-support-tools", "2.3.0", "https://assets.example.com/plugin-support-tools-2.3.0.js")
//!     .remove("plugin-legacy-banner")
//!     .name("Deploy 2026-11-30")
//!     .plan()
//!     .await?; // reads only
//! print!("{plan}"); // + plugin-support-tools 2.3.0 (was 2.2.1) …
//! if !plan.is_noop() {
//!     let applied = plan.apply().await?;
//!     println!("{applied}");
//! }
//! # Ok(()) }
//! ```
//!
//! # Planning
//!
//! [`ReleaseBuilder::plan`] reads the active release and its configured plugins, works out
//! the new set (the active plugins, with [`upsert`](ReleaseBuilder::upsert) adding or
//! upgrading and [`remove`](ReleaseBuilder::remove) dropping; removing a plugin that isn't
//! active does nothing, so a CI job can run the same call again), finds which plugins and
//! versions already exist, and sends nothing. What can be refused is refused there, before
//! anything is written: bad input ([`ReleaseErrorKind::InvalidInput`]), a version string that
//! exists with another URL ([`ReleaseErrorKind::VersionConflict`]), an archived plugin,
//! version or configuration ([`ReleaseErrorKind::Archived`]).
//!
//! # Applying, and running it again
//!
//! [`ReleasePlan::apply`] creates only what is missing, in order: plugins, their versions, the
//! configuration, then the release. The release is the last request, so nothing becomes
//! active unless every step before it succeeded. A failure is a [`ReleaseError`] naming the
//! [`Step`], carrying Twilio's error ([`ReleaseError::api_error`]) and listing what this call
//! had already created ([`ReleaseError::created`]).
//!
//! Calling `apply` again (on the same plan, or on a new plan of the same change) resumes: it
//! looks each resource up before creating it, so nothing is created twice. In order (what the
//! plan found already, the running plugins' versions for instance, is used as found; a
//! rollback has no plugin, version or configuration step):
//!
//! | step | looked up first | then |
//! | --- | --- | --- |
//! | [`Step::Plugin`] | `ListPlugin`: a plugin with the same `unique_name` | reused (archived: [`ReleaseErrorKind::Archived`]), else `CreatePlugin` |
//! | [`Step::Version`] | `ListPluginVersion` of that plugin: the same version string | reused if its URL is the same (else [`VersionConflict`]), else `CreatePluginVersion` |
//! | [`Step::Release`] (before the configuration) | `ListPluginRelease`; if the newest release isn't the plan's base, `ListConfiguredPlugin` of it | it runs exactly the wanted plugin versions and phases: done, nothing more is sent; it is the base (or runs the base's set): go on; else [`ReleaseErrorKind::Stale`] (see below) |
//! | [`Step::Configuration`] | `ListPluginConfiguration`, then `ListConfiguredPlugin` of the candidates: unarchived, the plan's name, the set's fingerprint in the description, exactly the wanted versions and phases | reused, else `CreatePluginConfiguration` |
//! | [`Step::Release`] (right before the release) | the same read again (a rollback reads once, here) | the same outcomes |
//! | [`Step::Release`] | (above) | `CreatePluginRelease`, the last request |
//!
//! Configurations are immutable and their names aren't unique, so a configuration this module
//! creates carries a fingerprint of its content in its `Description`: `[twilio-flex <hex>]`,
//! the first 12 bytes of the SHA-256 of its sorted `plugin version SID:phase` lines, after
//! the description you gave. A run that failed after creating the configuration finds it
//! there (and checks its configured plugins) instead of creating another; the same set
//! released again under the same name reuses it too, which keeps the number of
//! configurations down.
//!
//! The client retries a POST only when Twilio can't have applied it (429): a 5xx, a timeout or
//! a lost answer may have been applied. When a create fails that way, `apply` looks the
//! resource up once more: if the write went through, it goes on with it (and lists it as
//! created); if not, it returns the error, and the next run creates it.
//!
//! # Two pipelines at once: a stale plan doesn't apply
//!
//! A plan is worked out from the release active when it was made, its base
//! ([`ReleasePlan::active`]). If another release becomes active before the plan is applied
//! (another pipeline released, someone rolled back), releasing the plan's configuration would
//! silently undo that release: drop the plugins it added, change back the ones it upgraded.
//! So `apply` reads the active release again before it creates the configuration, and again
//! right before it creates the release; when it is no longer the base it creates no release
//! and fails with [`ReleaseErrorKind::Stale`] at [`Step::Release`]: a [`StalePlan`]
//! ([`ReleaseError::stale`]) naming the release the plan was made on, the one active now,
//! and each plugin that differs between them. What the run had created stays and is listed,
//! as with any failure. Rollbacks ([`Plugins::rollback`], [`Plugins::rollback_to`]) are
//! checked the same way.
//!
//! ```no_run
//! # async fn run(plan: twilio_flex::plugins::ReleasePlan<'_>) -> Result<(), twilio_flex::plugins::ReleaseError> {
//! match plan.apply().await {
//!     Err(e) if e.stale().is_some() => {
//!         eprintln!("{e}"); // … release FK… is active now (+ plugin-beta 1.0.0) …
//!         let plan = plan.replan().await?; // the same change on top of the active release
//!         print!("{plan}");
//!         plan.apply().await?;
//!     }
//!     other => {
//!         other?;
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! [`ReleasePlan::replan`] is the recovery, one call and explicit: it plans the same upserts,
//! removes, name and description again on the release active now (a rollback: the same
//! configuration again), so a retrying pipeline releases the union of both changes.
//!
//! Not every newer release makes a plan stale. One that runs exactly the planned plugin
//! versions and phases ends the run with nothing more to do: it is this plan's own release,
//! after a success or after an earlier run whose answer was lost (that run's release is
//! active, and a rerun recognises it by its content, not its SID), or an identical one. One
//! that runs exactly the base's set (the same configuration released again) is no change. A
//! rerun of the same plan after a failure, with the base still active, resumes as above.
//!
//! What can't be guarded: Twilio has no compare-and-swap (the Flex spec has no `If-Match`
//! and no ETag), so a release someone else creates after our last read, before our
//! `CreatePluginRelease` arrives, is still replaced by ours, and its changes are lost. That
//! window is one request: the read right before the release is a single `ListPluginRelease`
//! when the base is still active (one more page per 1,000 releases), and the create follows
//! it at once.
//!
//! To close it completely, run releases to one account from one job at a time, for example
//! with a GitHub Actions concurrency group (`cancel-in-progress: false`, so a running release
//! is never cut off; GitHub keeps one pending run per group, cancelling an older pending one,
//! so the newest change still releases):
//!
//! ```yaml
//! jobs:
//!   release-plugins:
//!     concurrency:
//!       group: flex-plugins-${{ vars.TWILIO_ACCOUNT_SID }}
//!       cancel-in-progress: false
//! ```
//!
//! GitHub scopes concurrency groups to one repository: when several repositories release to
//! the same account, release from one of them (the others trigger it, e.g. with
//! `repository_dispatch`), or rely on the stale-plan check, which leaves the one-request window.
//!
//! # Rolling back
//!
//! [`Plugins::rollback`] plans a release of the configuration that was active before the
//! current one (the newest earlier release with another configuration), and
//! [`Plugins::rollback_to`] of a given release's configuration; both give the same
//! [`ReleasePlan`], shown and applied the same way (no configuration is created).
//!
//! # Flex-Metadata
//!
//! [`Plugins::flex_metadata`] sets the `Flex-Metadata` header on every request the workflow
//! sends, follow-up list pages included.
//!
//! # Configuration items
//!
//! [`PluginItem`] is the typed item of `create_plugin_configuration().plugins(…)`, for when
//! you create configurations yourself.

mod api;
mod apply;
mod error;
mod item;
mod plan;

pub use apply::{Applied, Created};
pub use error::{ReleaseError, ReleaseErrorKind, Resource, StalePlan, Step, VersionConflict};
pub use item::PluginItem;
pub use plan::{
    ActiveRelease, Change, ChangeKind, ReleaseBuilder, ReleasePlan, ReleasedPlugin, Upsert,
};

use crate::Client;
use api::Ctx;

/// The phase a plugin new to the configuration runs in, unless [`Upsert::phase`] says
/// otherwise: what Twilio's Flex Plugins CLI gives every plugin.
pub const DEFAULT_PHASE: i64 = 3;

impl Client {
    /// The Plugin Service workflow: plan, apply and roll back releases of Flex UI plugins.
    /// See [`crate::plugins`].
    pub fn plugins(&self) -> Plugins<'_> {
        Plugins {
            ctx: Ctx {
                client: self,
                flex_metadata: None,
            },
        }
    }
}

/// The entry point of the Plugin Service workflow, from [`Client::plugins`].
#[derive(Clone)]
pub struct Plugins<'a> {
    ctx: Ctx<'a>,
}

impl std::fmt::Debug for Plugins<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plugins")
            .field("flex_metadata", &self.ctx.flex_metadata)
            .finish_non_exhaustive()
    }
}

impl<'a> Plugins<'a> {
    /// Sends `Flex-Metadata: value` with every request of the workflow. A value that can't
    /// be an HTTP header value is refused before any request, naming `Flex-Metadata`.
    pub fn flex_metadata(mut self, value: impl Into<String>) -> Self {
        self.ctx.flex_metadata = Some(value.into());
        self
    }

    /// Starts a release: add, upgrade or remove plugins relative to the active release, then
    /// [`plan`](ReleaseBuilder::plan).
    pub fn release(&self) -> ReleaseBuilder<'a> {
        ReleaseBuilder::new(self.ctx.clone())
    }

    /// The active release (the newest), its configuration and each plugin's name, version
    /// and URL; `None` when the account has no release.
    pub async fn active(&self) -> Result<Option<ActiveRelease>, ReleaseError> {
        self.ctx.check_metadata()?;
        self.ctx.active().await
    }

    /// Plans a release of the configuration that was active before the current one: the
    /// newest earlier release with another configuration. Fails with
    /// [`ReleaseErrorKind::NoPreviousRelease`] when there is none.
    pub async fn rollback(&self) -> Result<ReleasePlan<'a>, ReleaseError> {
        self.ctx.check_metadata()?;
        let releases = self.ctx.releases().await.map_err(ReleaseError::plan)?;
        let Some(current) = releases.first() else {
            return Err(ReleaseError::new(
                Step::Plan,
                ReleaseErrorKind::NoPreviousRelease,
            ));
        };
        let previous = releases
            .iter()
            .skip(1)
            .find(|r| r.configuration_sid != current.configuration_sid)
            .ok_or_else(|| ReleaseError::new(Step::Plan, ReleaseErrorKind::NoPreviousRelease))?;
        let active = self.ctx.release_state(current).await?;
        plan::rollback_plan(self.ctx.clone(), Some(active), previous).await
    }

    /// Plans a release of the configuration of release `release_sid` (`FK…`), as
    /// [`rollback`](Self::rollback) does for the previous one. A malformed SID is refused
    /// before any request.
    pub async fn rollback_to(
        &self,
        release_sid: impl AsRef<str>,
    ) -> Result<ReleasePlan<'a>, ReleaseError> {
        self.ctx.check_metadata()?;
        let sid: crate::types::PluginReleaseSid =
            release_sid
                .as_ref()
                .parse()
                .map_err(|e: crate::sid::InvalidSid| {
                    ReleaseError::invalid("release_sid", e.to_string())
                })?;
        let target = self.ctx.release(&sid).await.map_err(ReleaseError::plan)?;
        let active = self.ctx.active().await?;
        plan::rollback_plan(self.ctx.clone(), active, &target).await
    }
}
