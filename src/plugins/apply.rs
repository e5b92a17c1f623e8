//! Applying a plan: create what is missing, in order, looking each resource up first.

use std::collections::BTreeSet;
use std::fmt;

use sha2::{Digest, Sha256};

use super::api::{Ctx, released_plugins};
use super::error::{ReleaseError, ReleaseErrorKind, Resource, StalePlan, Step};
use super::item::PluginItem;
use super::plan::{
    Kind, ReleasePlan, ReleasedPlugin, Wanted, archived, changed_since, check_version,
};
use crate::types::{PluginConfigurationSid, PluginReleaseSid, PluginSid, PluginVersionSid};

/// A resource a call to [`ReleasePlan::apply`] created (or whose create went through although
/// its answer was lost).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Created {
    /// A plugin.
    Plugin {
        /// Its unique name.
        name: String,
        /// Its SID.
        sid: PluginSid,
    },
    /// A plugin version.
    Version {
        /// The plugin's unique name.
        plugin: String,
        /// The version string.
        version: String,
        /// Its SID.
        sid: PluginVersionSid,
    },
    /// A configuration.
    Configuration {
        /// Its name.
        name: String,
        /// Its SID.
        sid: PluginConfigurationSid,
    },
    /// A release, now the active one.
    Release {
        /// Its SID.
        sid: PluginReleaseSid,
        /// The configuration it released.
        configuration_sid: PluginConfigurationSid,
    },
}

impl Created {
    /// The step that created it.
    pub fn step(&self) -> Step {
        match self {
            Created::Plugin { .. } => Step::Plugin,
            Created::Version { .. } => Step::Version,
            Created::Configuration { .. } => Step::Configuration,
            Created::Release { .. } => Step::Release,
        }
    }
}

impl fmt::Display for Created {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Created::Plugin { name, sid } => write!(f, "plugin {name} ({sid})"),
            Created::Version {
                plugin,
                version,
                sid,
            } => write!(f, "version {plugin} {version} ({sid})"),
            Created::Configuration { name, sid } => write!(f, "configuration {name:?} ({sid})"),
            Created::Release {
                sid,
                configuration_sid,
            } => write!(f, "release {sid} of {configuration_sid}"),
        }
    }
}

/// What [`ReleasePlan::apply`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Applied {
    /// The active release now (`None`: nothing was ever released, and there was nothing to).
    pub release_sid: Option<PluginReleaseSid>,
    /// Its configuration.
    pub configuration_sid: Option<PluginConfigurationSid>,
    /// What this call created, in order; empty when there was nothing left to do.
    pub created: Vec<Created>,
}

impl Applied {
    /// Whether this call changed nothing: the active release already ran the planned set
    /// (a rerun after success, or a plan that changes nothing).
    pub fn is_noop(&self) -> bool {
        self.created.is_empty()
    }
}

impl fmt::Display for Applied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.created.is_empty() {
            return match &self.release_sid {
                Some(r) => write!(
                    f,
                    "nothing to do: the active release {r} already runs these plugins"
                ),
                None => f.write_str("nothing to do: no plugins to release"),
            };
        }
        f.write_str("created ")?;
        for (i, c) in self.created.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            c.fmt(f)?;
        }
        Ok(())
    }
}

/// What was wanted, as Twilio compares it: plugin version SIDs and phases.
type Set = BTreeSet<(String, i64)>;

/// `[twilio-flex <24 hex>]`: the first 12 bytes of the SHA-256 of the sorted
/// `version SID:phase` lines.
fn fingerprint(set: &Set) -> String {
    let mut h = Sha256::new();
    for (sid, phase) in set {
        h.update(format!("{sid}:{phase}\n").as_bytes());
    }
    let digest = h.finalize();
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    format!("[twilio-flex {hex}]")
}

/// Whether a failed create may have been applied (an answer lost, a 5xx): look again before
/// reporting it. A 4xx or a request never sent was not applied.
fn may_have_applied(e: &crate::Error) -> bool {
    match e {
        crate::Error::Api(t) => t.status >= 500,
        crate::Error::InvalidRequest { .. }
        | crate::Error::Config { .. }
        | crate::Error::ForeignHost { .. } => false,
        _ => true,
    }
}

/// One call of `apply`: what it created so far, added to every error.
struct Run<'p, 'a> {
    ctx: &'p Ctx<'a>,
    created: Vec<Created>,
}

impl Run<'_, '_> {
    fn fail(&mut self, e: ReleaseError) -> ReleaseError {
        e.with_created(std::mem::take(&mut self.created))
    }

    fn request(&mut self, step: Step, e: crate::Error) -> ReleaseError {
        self.fail(ReleaseError::request(step, e))
    }

    fn record(&mut self, c: Created) {
        tracing::info!(target: "twilio_flex::plugins", step = %c.step(), "created {c}");
        self.created.push(c);
    }

    /// The plugin's SID: found by unique name, else created.
    async fn plugin(&mut self, w: &Wanted) -> Result<PluginSid, ReleaseError> {
        let name = w.upsert.name.as_str();
        let found = match self.ctx.find_plugin(name).await {
            Ok(found) => found,
            Err(e) => return Err(self.request(Step::Plugin, e)),
        };
        if let Some(p) = found {
            let sid = p
                .sid
                .ok_or_else(|| ReleaseError::unexpected(Step::Plugin, "a plugin without a sid"))
                .map_err(|e| self.fail(e))?;
            if p.archived == Some(true) {
                let e = archived(Step::Plugin, Resource::Plugin, name, sid.as_str());
                return Err(self.fail(e));
            }
            tracing::debug!(target: "twilio_flex::plugins", plugin = name, %sid, "plugin exists");
            return Ok(sid);
        }
        let sid = match self.ctx.create_plugin(&w.upsert).await {
            Ok(p) => p.sid,
            Err(e) if may_have_applied(&e) => match self.ctx.find_plugin(name).await {
                Ok(Some(p)) => p.sid,
                _ => return Err(self.request(Step::Plugin, e)),
            },
            Err(e) => return Err(self.request(Step::Plugin, e)),
        };
        let sid = sid
            .ok_or_else(|| ReleaseError::unexpected(Step::Plugin, "a created plugin without a sid"))
            .map_err(|e| self.fail(e))?;
        self.record(Created::Plugin {
            name: name.to_string(),
            sid: sid.clone(),
        });
        Ok(sid)
    }

    /// The version's SID: found by version string (same URL, else a conflict), else created.
    async fn version(
        &mut self,
        plugin: &PluginSid,
        w: &Wanted,
    ) -> Result<PluginVersionSid, ReleaseError> {
        let up = &w.upsert;
        let found = match self.ctx.find_version(plugin, &up.version).await {
            Ok(found) => found,
            Err(e) => return Err(self.request(Step::Version, e)),
        };
        if let Some(v) = found {
            return check_version(up, &v, Step::Version).map_err(|e| self.fail(e));
        }
        let v = match self.ctx.create_version(plugin, up).await {
            Ok(v) => v,
            Err(e) if may_have_applied(&e) => {
                match self.ctx.find_version(plugin, &up.version).await {
                    Ok(Some(v)) if v.plugin_url.as_deref() == Some(up.url.as_str()) => v,
                    _ => return Err(self.request(Step::Version, e)),
                }
            }
            Err(e) => return Err(self.request(Step::Version, e)),
        };
        let sid = v
            .sid
            .ok_or_else(|| {
                ReleaseError::unexpected(Step::Version, "a created plugin version without a sid")
            })
            .map_err(|e| self.fail(e))?;
        self.record(Created::Version {
            plugin: up.name.clone(),
            version: up.version.clone(),
            sid: sid.clone(),
        });
        Ok(sid)
    }

    /// An unarchived configuration named `name`, carrying `marker` in its description and
    /// running exactly `set`.
    async fn find_configuration(
        &self,
        name: &str,
        marker: &str,
        set: &Set,
    ) -> Result<Option<PluginConfigurationSid>, crate::Error> {
        let candidates = self.ctx.configurations().await?;
        for c in candidates {
            let (Some(sid), Some(n), Some(d)) = (c.sid, c.name, c.description) else {
                continue;
            };
            if c.archived == Some(true) || n != name || !d.contains(marker) {
                continue;
            }
            let configured = self.ctx.configured(&sid).await?;
            if configured_set(
                configured
                    .iter()
                    // Absent is Twilio's default phase, 0.
                    .map(|p| (p.plugin_version_sid.as_ref(), p.phase.unwrap_or_default())),
            ) == *set
            {
                return Ok(Some(sid));
            }
        }
        Ok(None)
    }

    /// The configuration running `set`: found again (name and fingerprint, then content),
    /// else created.
    async fn configuration(
        &mut self,
        name: &str,
        description: Option<&str>,
        wanted: &[(PluginVersionSid, i64)],
        set: &Set,
    ) -> Result<PluginConfigurationSid, ReleaseError> {
        let marker = fingerprint(set);
        match self.find_configuration(name, &marker, set).await {
            Ok(Some(sid)) => {
                tracing::debug!(target: "twilio_flex::plugins", configuration = %sid, "configuration exists");
                return Ok(sid);
            }
            Ok(None) => {}
            Err(e) => return Err(self.request(Step::Configuration, e)),
        }
        let full = match description {
            Some(d) if !d.is_empty() => format!("{d} {marker}"),
            _ => marker.clone(),
        };
        let items = wanted
            .iter()
            .map(|(sid, phase)| PluginItem::new(sid).phase(*phase))
            .collect();
        let sid = match self.ctx.create_configuration(name, &full, items).await {
            Ok(c) => c.sid,
            Err(e) if may_have_applied(&e) => {
                match self.find_configuration(name, &marker, set).await {
                    Ok(Some(sid)) => Some(sid),
                    _ => return Err(self.request(Step::Configuration, e)),
                }
            }
            Err(e) => return Err(self.request(Step::Configuration, e)),
        };
        let sid = sid
            .ok_or_else(|| {
                ReleaseError::unexpected(
                    Step::Configuration,
                    "a created configuration without a sid",
                )
            })
            .map_err(|e| self.fail(e))?;
        self.record(Created::Configuration {
            name: name.to_string(),
            sid: sid.clone(),
        });
        Ok(sid)
    }

    /// The active release and the set it runs.
    async fn active(
        &self,
    ) -> Result<Option<(PluginReleaseSid, PluginConfigurationSid, Set)>, ReleaseError> {
        let releases = self
            .ctx
            .releases()
            .await
            .map_err(|e| ReleaseError::request(Step::Release, e))?;
        let Some(r) = releases.into_iter().next() else {
            return Ok(None);
        };
        let (Some(sid), Some(configuration)) = (r.sid, r.configuration_sid) else {
            return Err(ReleaseError::unexpected(
                Step::Release,
                "the active release lacks its sid or configuration_sid",
            ));
        };
        let plugins = self
            .ctx
            .configured(&configuration)
            .await
            .map_err(|e| ReleaseError::request(Step::Release, e))?;
        let plugins = released_plugins(&configuration, plugins, Step::Release)?;
        let set = configured_set(plugins.iter().map(|p| (Some(&p.version_sid), p.phase)));
        Ok(Some((sid, configuration, set)))
    }

    /// Releases `configuration`; a release whose answer was lost is found as the active one.
    async fn release(
        &mut self,
        configuration: &PluginConfigurationSid,
    ) -> Result<PluginReleaseSid, ReleaseError> {
        let sid = match self.ctx.create_release(configuration).await {
            Ok(r) => r.sid,
            Err(e) if may_have_applied(&e) => match self.active().await {
                Ok(Some((sid, c, _))) if c == *configuration => Some(sid),
                _ => return Err(self.request(Step::Release, e)),
            },
            Err(e) => return Err(self.request(Step::Release, e)),
        };
        let sid = sid
            .ok_or_else(|| {
                ReleaseError::unexpected(Step::Release, "a created release without a sid")
            })
            .map_err(|e| self.fail(e))?;
        self.record(Created::Release {
            sid: sid.clone(),
            configuration_sid: configuration.clone(),
        });
        Ok(sid)
    }
}

/// The release a plan was made on, as [`Run::hold`] compares the active release with it.
struct Base<'p> {
    /// The release the plan was made on.
    planned_on: Option<&'p PluginReleaseSid>,
    /// A later release found running exactly the base's set: nothing changed, so it is the
    /// base from then on (a release of the same configuration again).
    same: Option<PluginReleaseSid>,
    plugins: &'p [ReleasedPlugin],
    set: Set,
}

impl<'p> Base<'p> {
    fn of(plan: &'p ReleasePlan<'_>) -> Self {
        let plugins = plan.active.as_ref().map_or(&[][..], |a| &a.plugins);
        Base {
            planned_on: plan.active.as_ref().map(|a| &a.release_sid),
            same: None,
            plugins,
            set: configured_set(plugins.iter().map(|p| (Some(&p.version_sid), p.phase))),
        }
    }

    fn is(&self, release: &PluginReleaseSid) -> bool {
        self.planned_on == Some(release) || self.same.as_ref() == Some(release)
    }
}

/// What [`Run::hold`] found active.
enum Held {
    /// The base still runs: go on.
    Base,
    /// The active release (if any) runs the planned set already: nothing more to do.
    Done(Option<(PluginReleaseSid, PluginConfigurationSid)>),
}

impl Run<'_, '_> {
    /// Reads the active release and holds it against the plan's base. The base itself (by
    /// SID: one `ListPluginRelease`, as the plan knows what it runs) or a later release
    /// running the same set is [`Held::Base`]; a release running the planned set is
    /// [`Held::Done`] (this plan's own release, after a success or a lost answer, or an
    /// identical one); anything else is a stale plan, an error.
    async fn hold(&mut self, base: &mut Base<'_>, set: &Set) -> Result<Held, ReleaseError> {
        let releases = match self.ctx.releases().await {
            Ok(r) => r,
            Err(e) => return Err(self.request(Step::Release, e)),
        };
        let Some(newest) = releases.into_iter().next() else {
            return if set.is_empty() {
                Ok(Held::Done(None))
            } else if base.set.is_empty() {
                Ok(Held::Base)
            } else {
                Err(self.stale(base, None, &[]))
            };
        };
        let (Some(sid), Some(configuration)) = (newest.sid, newest.configuration_sid) else {
            let e = ReleaseError::unexpected(
                Step::Release,
                "the active release lacks its sid or configuration_sid",
            );
            return Err(self.fail(e));
        };
        if base.is(&sid) {
            return Ok(if base.set == *set {
                Held::Done(Some((sid, configuration)))
            } else {
                Held::Base
            });
        }
        let plugins = match self.ctx.configured(&configuration).await {
            Ok(p) => p,
            Err(e) => return Err(self.request(Step::Release, e)),
        };
        let plugins =
            released_plugins(&configuration, plugins, Step::Release).map_err(|e| self.fail(e))?;
        let running = configured_set(plugins.iter().map(|p| (Some(&p.version_sid), p.phase)));
        if running == *set {
            tracing::debug!(target: "twilio_flex::plugins", release = %sid, "the active release runs the planned plugins");
            Ok(Held::Done(Some((sid, configuration))))
        } else if running == base.set {
            tracing::debug!(target: "twilio_flex::plugins", release = %sid, "the active release runs the base's plugins");
            base.same = Some(sid);
            Ok(Held::Base)
        } else {
            Err(self.stale(base, Some((sid, configuration)), &plugins))
        }
    }

    fn stale(
        &mut self,
        base: &Base<'_>,
        now: Option<(PluginReleaseSid, PluginConfigurationSid)>,
        plugins: &[ReleasedPlugin],
    ) -> ReleaseError {
        let (active_now, active_configuration) = now.unzip();
        let stale = StalePlan {
            planned_on: base.planned_on.cloned(),
            active_now,
            active_configuration,
            changed: changed_since(base.plugins, plugins),
        };
        tracing::warn!(target: "twilio_flex::plugins", "{stale}");
        self.fail(ReleaseError::new(
            Step::Release,
            ReleaseErrorKind::Stale(stale),
        ))
    }

    fn done(self, held: Option<(PluginReleaseSid, PluginConfigurationSid)>) -> Applied {
        let (release_sid, configuration_sid) = held.unzip();
        Applied {
            release_sid,
            configuration_sid,
            created: self.created,
        }
    }
}

fn configured_set<'s>(plugins: impl Iterator<Item = (Option<&'s PluginVersionSid>, i64)>) -> Set {
    plugins
        .map(|(sid, phase)| (sid.map_or_else(String::new, |s| s.to_string()), phase))
        .collect()
}

impl ReleasePlan<'_> {
    /// Creates what is missing, in order: plugins, versions, the configuration, the release
    /// (last: nothing becomes active unless every step before it succeeded). Each resource is
    /// looked up before it is created, so calling `apply` again after a failure resumes, and
    /// after success does nothing ([`Applied::is_noop`]). See the [module docs](super).
    ///
    /// Before it creates the configuration, and again right before it creates the release,
    /// it reads the active release: when it is no longer the plan's base (and doesn't run
    /// the planned plugins already), it stops with [`ReleaseErrorKind::Stale`] and releases
    /// nothing; [`replan`](Self::replan), then apply the new plan.
    pub async fn apply(&self) -> Result<Applied, ReleaseError> {
        let mut run = Run {
            ctx: &self.ctx,
            created: Vec::new(),
        };
        // Plugins and versions, in the plan's (name) order.
        let mut wanted: Vec<(PluginVersionSid, i64)> = Vec::with_capacity(self.wanted.len());
        for w in &self.wanted {
            let version = match &w.version_sid {
                Some(v) => v.clone(),
                None => {
                    let plugin = match &w.plugin_sid {
                        Some(p) => p.clone(),
                        None => run.plugin(w).await?,
                    };
                    run.version(&plugin, w).await?
                }
            };
            wanted.push((version, w.phase));
        }
        let set: Set = wanted
            .iter()
            .map(|(sid, phase)| (sid.to_string(), *phase))
            .collect();

        // The active release is read before the configuration and again right before the
        // release (for a rollback, one read does both): the plan's base must still run.
        let mut base = Base::of(self);
        if let Held::Done(held) = run.hold(&mut base, &set).await? {
            return Ok(run.done(held));
        }
        let configuration = match &self.kind {
            Kind::Rollback {
                configuration_sid, ..
            } => configuration_sid.clone(),
            Kind::Release {
                name, description, ..
            } => {
                let configuration = run
                    .configuration(name, description.as_deref(), &wanted, &set)
                    .await?;
                if let Held::Done(held) = run.hold(&mut base, &set).await? {
                    return Ok(run.done(held));
                }
                configuration
            }
        };
        let release = run.release(&configuration).await?;
        Ok(Applied {
            release_sid: Some(release),
            configuration_sid: Some(configuration),
            created: run.created,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_depends_on_versions_and_phases_only() {
        let a: Set = [("FVa".to_string(), 3), ("FVb".to_string(), 3)].into();
        let b: Set = [("FVb".to_string(), 3), ("FVa".to_string(), 3)].into();
        let c: Set = [("FVa".to_string(), 3), ("FVb".to_string(), 2)].into();
        assert_eq!(fingerprint(&a), fingerprint(&b));
        assert_ne!(fingerprint(&a), fingerprint(&c));
        let f = fingerprint(&a);
        assert!(f.starts_with("[twilio-flex ") && f.ends_with(']'), "{f}");
        assert_eq!(f.len(), "[twilio-flex ]".len() + 24);
    }

    #[test]
    fn a_request_never_sent_is_not_looked_up_again() {
        assert!(!may_have_applied(&crate::Error::invalid_request(
            "CreatePlugin",
            "UniqueName",
            String::new(),
        )));
    }
}
