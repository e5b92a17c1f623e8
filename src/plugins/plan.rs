//! Working out a release: what runs now, what should run, and the difference.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::DEFAULT_PHASE;
use super::api::{Ctx, released_plugins};
use super::error::{ReleaseError, ReleaseErrorKind, Resource, Step, VersionConflict};
use crate::types::{
    PluginConfigurationSid, PluginRelease, PluginReleaseSid, PluginSid, PluginVersionSid,
};

/// A plugin as it runs in a configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReleasedPlugin {
    /// The plugin's unique name.
    pub name: String,
    /// The version string.
    pub version: String,
    /// Where the version's bundle is hosted.
    pub url: String,
    /// The phase Flex initializes it in.
    pub phase: i64,
    /// Whether the plugin or this version has been archived.
    pub archived: bool,
    /// The plugin.
    pub plugin_sid: PluginSid,
    /// The plugin version.
    pub version_sid: PluginVersionSid,
}

/// The active release: the newest, with its configuration and the plugins it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ActiveRelease {
    /// The release.
    pub release_sid: PluginReleaseSid,
    /// When it was made.
    pub date_created: Option<chrono::DateTime<chrono::Utc>>,
    /// Its configuration.
    pub configuration_sid: PluginConfigurationSid,
    /// The configuration's name.
    pub configuration_name: Option<String>,
    /// The configuration's description.
    pub configuration_description: Option<String>,
    /// Whether the configuration has been archived since.
    pub configuration_archived: bool,
    /// The plugins it runs, by name.
    pub plugins: Vec<ReleasedPlugin>,
}

impl ActiveRelease {
    /// The plugin with this unique name, if the release runs it.
    pub fn plugin(&self, name: &str) -> Option<&ReleasedPlugin> {
        self.plugins.iter().find(|p| p.name == name)
    }
}

impl fmt::Display for ActiveRelease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "release {} of configuration {}",
            self.release_sid, self.configuration_sid
        )?;
        if let Some(name) = &self.configuration_name {
            write!(f, " {name:?}")?;
        }
        writeln!(f)?;
        for p in &self.plugins {
            writeln!(f, "  {} {} {}", p.name, p.version, p.url)?;
        }
        Ok(())
    }
}

/// A plugin version to add or upgrade to: [`ReleaseBuilder::upsert_with`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upsert {
    pub(super) name: String,
    pub(super) version: String,
    pub(super) url: String,
    pub(super) phase: Option<i64>,
    pub(super) changelog: Option<String>,
    pub(super) private: Option<bool>,
    pub(super) friendly_name: Option<String>,
    pub(super) plugin_description: Option<String>,
}

impl Upsert {
    /// Plugin `name` (its unique name) at `version`, whose bundle is hosted at `url`.
    pub fn new(
        name: impl Into<String>,
        version: impl Into<String>,
        url: impl Into<String>,
    ) -> Self {
        Upsert {
            name: name.into(),
            version: version.into(),
            url: url.into(),
            phase: None,
            changelog: None,
            private: None,
            friendly_name: None,
            plugin_description: None,
        }
    }

    /// The phase Flex initializes it in. Default: the phase it runs in now, or
    /// [`DEFAULT_PHASE`] for a plugin new to the release.
    pub fn phase(mut self, phase: i64) -> Self {
        self.phase = Some(phase);
        self
    }

    /// The version's changelog (used when the version is created).
    pub fn changelog(mut self, changelog: impl Into<String>) -> Self {
        self.changelog = Some(changelog.into());
        self
    }

    /// Whether the bundle is a private asset Twilio authorizes access to (used when the
    /// version is created).
    pub fn private(mut self, private: bool) -> Self {
        self.private = Some(private);
        self
    }

    /// The plugin's friendly name (used when the plugin is created).
    pub fn friendly_name(mut self, friendly_name: impl Into<String>) -> Self {
        self.friendly_name = Some(friendly_name.into());
        self
    }

    /// The plugin's description (used when the plugin is created).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.plugin_description = Some(description.into());
        self
    }
}

/// Builds a release plan: from [`Plugins::release`](super::Plugins::release).
pub struct ReleaseBuilder<'a> {
    ctx: Ctx<'a>,
    upserts: Vec<Upsert>,
    removes: Vec<String>,
    name: Option<String>,
    description: Option<String>,
}

impl fmt::Debug for ReleaseBuilder<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReleaseBuilder")
            .field("upserts", &self.upserts)
            .field("removes", &self.removes)
            .field("name", &self.name)
            .field("description", &self.description)
            .finish_non_exhaustive()
    }
}

/// The configuration name when none is given.
const DEFAULT_NAME: &str = "twilio-flex release";

impl<'a> ReleaseBuilder<'a> {
    pub(super) fn new(ctx: Ctx<'a>) -> Self {
        ReleaseBuilder {
            ctx,
            upserts: Vec::new(),
            removes: Vec::new(),
            name: None,
            description: None,
        }
    }

    /// Adds plugin `name` (its unique name) at `version`, hosted at `url`, or upgrades (or
    /// downgrades) it to that version. The plugin and the version are created when missing.
    pub fn upsert(
        self,
        name: impl Into<String>,
        version: impl Into<String>,
        url: impl Into<String>,
    ) -> Self {
        self.upsert_with(Upsert::new(name, version, url))
    }

    /// [`upsert`](Self::upsert) with the version's and plugin's optional fields.
    pub fn upsert_with(mut self, upsert: Upsert) -> Self {
        self.upserts.push(upsert);
        self
    }

    /// Drops plugin `name` from the release. A plugin that isn't active is left as it is.
    pub fn remove(mut self, name: impl Into<String>) -> Self {
        self.removes.push(name.into());
        self
    }

    /// The configuration's name (default `twilio-flex release`). Reruns find the
    /// configuration an earlier run created by this name and the content's fingerprint.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The configuration's description; the content's fingerprint is appended to it.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Checks the input, reads the active release and its configured plugins, works out the
    /// new set and which plugins and versions exist. Sends nothing but reads.
    pub async fn plan(self) -> Result<ReleasePlan<'a>, ReleaseError> {
        let ReleaseBuilder {
            ctx,
            upserts,
            removes,
            name,
            description,
        } = self;
        ctx.check_metadata()?;
        let name = name.unwrap_or_else(|| DEFAULT_NAME.to_string());
        if name.trim().is_empty() {
            return Err(ReleaseError::invalid("name", "must not be empty"));
        }
        let upserts = checked_upserts(upserts)?;
        let removes = checked_removes(removes, &upserts)?;
        // What `replan` asks for again: the change, not its outcome on this base.
        let asked = (
            upserts.values().cloned().collect::<Vec<_>>(),
            removes.iter().cloned().collect::<Vec<_>>(),
        );

        let active = ctx.active().await?;

        let mut wanted: BTreeMap<String, Wanted> = BTreeMap::new();
        for p in active.iter().flat_map(|a| &a.plugins) {
            if !removes.contains(&p.name) {
                wanted.insert(p.name.clone(), Wanted::running(p));
            }
        }
        for up in upserts.into_values() {
            let running = active.as_ref().and_then(|a| a.plugin(&up.name));
            let entry = match running {
                Some(p) if p.version == up.version => {
                    if p.url != up.url {
                        return Err(conflict(&up, &p.url, &p.version_sid, Step::Plan));
                    }
                    let mut w = Wanted::running(p);
                    w.phase = up.phase.unwrap_or(p.phase);
                    w
                }
                Some(p) => Wanted {
                    phase: up.phase.unwrap_or(p.phase),
                    plugin_sid: Some(p.plugin_sid.clone()),
                    version_sid: None,
                    archived: false,
                    upsert: up,
                },
                None => Wanted {
                    phase: up.phase.unwrap_or(DEFAULT_PHASE),
                    plugin_sid: None,
                    version_sid: None,
                    archived: false,
                    upsert: up,
                },
            };
            wanted.insert(entry.upsert.name.clone(), entry);
        }

        // Which plugins and versions exist already.
        if wanted.values().any(|w| w.plugin_sid.is_none()) {
            let plugins = ctx.plugins().await.map_err(ReleaseError::plan)?;
            for w in wanted.values_mut().filter(|w| w.plugin_sid.is_none()) {
                if let Some(p) = plugins
                    .iter()
                    .find(|p| p.unique_name.as_deref() == Some(w.upsert.name.as_str()))
                {
                    let sid = p.sid.clone().ok_or_else(|| {
                        ReleaseError::unexpected(Step::Plan, "a plugin without a sid")
                    })?;
                    if p.archived == Some(true) {
                        return Err(archived(
                            Step::Plan,
                            Resource::Plugin,
                            &w.upsert.name,
                            sid.as_str(),
                        ));
                    }
                    w.plugin_sid = Some(sid);
                }
            }
        }
        for w in wanted.values_mut().filter(|w| w.version_sid.is_none()) {
            let Some(plugin) = &w.plugin_sid else {
                continue;
            };
            let found = ctx
                .find_version(plugin, &w.upsert.version)
                .await
                .map_err(ReleaseError::plan)?;
            if let Some(v) = found {
                w.version_sid = Some(check_version(&w.upsert, &v, Step::Plan)?);
            }
        }
        refuse_archived(&wanted)?;

        let changes = diff(running(active.as_ref()), &wanted);
        let (upserts, removes) = asked;
        Ok(ReleasePlan {
            ctx,
            kind: Kind::Release {
                name,
                description,
                upserts,
                removes,
            },
            active,
            wanted: wanted.into_values().collect(),
            changes,
        })
    }
}

/// One upsert per plugin; each value checked.
fn checked_upserts(upserts: Vec<Upsert>) -> Result<BTreeMap<String, Upsert>, ReleaseError> {
    let mut out: BTreeMap<String, Upsert> = BTreeMap::new();
    for up in upserts {
        if up.name.trim().is_empty() {
            return Err(ReleaseError::invalid(
                "upsert",
                "a plugin's unique name must not be empty",
            ));
        }
        if up.version.trim().is_empty() {
            return Err(ReleaseError::invalid(
                "upsert",
                format!("{}: the version must not be empty", up.name),
            ));
        }
        match url::Url::parse(&up.url) {
            Ok(u) if matches!(u.scheme(), "https" | "http") && u.host().is_some() => {}
            _ => {
                return Err(ReleaseError::invalid(
                    "upsert",
                    format!(
                        "{} {}: the URL must be an absolute http(s) URL of the bundle, got {:?}",
                        up.name, up.version, up.url
                    ),
                ));
            }
        }
        if let Some(p) = up.phase
            && p < 0
        {
            return Err(ReleaseError::invalid(
                "upsert",
                format!("{}: the phase must be 0 or more, got {p}", up.name),
            ));
        }
        match out.get(&up.name) {
            Some(prev) if *prev != up => {
                return Err(ReleaseError::invalid(
                    "upsert",
                    format!("{} is upserted twice, differently", up.name),
                ));
            }
            _ => {
                out.insert(up.name.clone(), up);
            }
        }
    }
    Ok(out)
}

fn checked_removes(
    removes: Vec<String>,
    upserts: &BTreeMap<String, Upsert>,
) -> Result<BTreeSet<String>, ReleaseError> {
    let mut out = BTreeSet::new();
    for name in removes {
        if name.trim().is_empty() {
            return Err(ReleaseError::invalid(
                "remove",
                "a plugin's unique name must not be empty",
            ));
        }
        if upserts.contains_key(&name) {
            return Err(ReleaseError::invalid(
                "remove",
                format!("{name} is both upserted and removed"),
            ));
        }
        out.insert(name);
    }
    Ok(out)
}

pub(super) fn conflict(
    up: &Upsert,
    existing_url: &str,
    sid: &PluginVersionSid,
    step: Step,
) -> ReleaseError {
    ReleaseError::new(
        step,
        ReleaseErrorKind::VersionConflict(VersionConflict {
            plugin: up.name.clone(),
            version: up.version.clone(),
            existing_url: existing_url.to_string(),
            wanted_url: up.url.clone(),
            version_sid: sid.clone(),
        }),
    )
}

pub(super) fn archived(step: Step, resource: Resource, name: &str, sid: &str) -> ReleaseError {
    ReleaseError::new(
        step,
        ReleaseErrorKind::Archived {
            resource,
            name: name.to_string(),
            sid: sid.to_string(),
        },
    )
}

/// An existing version usable for `up`: same URL, not archived.
pub(super) fn check_version(
    up: &Upsert,
    v: &crate::types::PluginVersion,
    step: Step,
) -> Result<PluginVersionSid, ReleaseError> {
    let sid = v
        .sid
        .clone()
        .ok_or_else(|| ReleaseError::unexpected(step, "a plugin version without a sid"))?;
    let url = v.plugin_url.as_deref().unwrap_or_default();
    if url != up.url {
        return Err(conflict(up, url, &sid, step));
    }
    if v.archived == Some(true) {
        return Err(archived(
            step,
            Resource::Version,
            &format!("{} {}", up.name, up.version),
            sid.as_str(),
        ));
    }
    Ok(sid)
}

/// A plugin the release should run: what is known of it, and how to create what isn't.
#[derive(Debug, Clone)]
pub(super) struct Wanted {
    pub(super) upsert: Upsert,
    pub(super) phase: i64,
    pub(super) plugin_sid: Option<PluginSid>,
    pub(super) version_sid: Option<PluginVersionSid>,
    /// A running plugin or version that has been archived since.
    pub(super) archived: bool,
}

impl Wanted {
    fn running(p: &ReleasedPlugin) -> Self {
        Wanted {
            upsert: Upsert::new(&p.name, &p.version, &p.url),
            phase: p.phase,
            plugin_sid: Some(p.plugin_sid.clone()),
            version_sid: Some(p.version_sid.clone()),
            archived: p.archived,
        }
    }
}

/// How a plugin changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChangeKind {
    /// New to the release (`+`).
    Add,
    /// Another version or phase than now (`+ … (was …)`).
    Update,
    /// Dropped from the release (`-`).
    Remove,
    /// Runs as now (`=`).
    Keep,
}

/// How one plugin changes between the active release and the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Change {
    /// What happens to it.
    pub kind: ChangeKind,
    /// The plugin's unique name.
    pub plugin: String,
    /// The version it will run (for [`ChangeKind::Remove`], the one it ran).
    pub version: String,
    /// That version's URL.
    pub url: String,
    /// Its phase.
    pub phase: i64,
    /// The version and phase it runs now, for [`ChangeKind::Update`].
    pub previous: Option<(String, i64)>,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = match self.kind {
            ChangeKind::Add | ChangeKind::Update => '+',
            ChangeKind::Remove => '-',
            ChangeKind::Keep => '=',
        };
        write!(f, "{sign} {} {}", self.plugin, self.version)?;
        match &self.previous {
            Some((v, _)) if *v != self.version => write!(f, " (was {v})"),
            Some((_, phase)) => write!(f, " (phase {}, was {phase})", self.phase),
            None => Ok(()),
        }
    }
}

/// The plugins a release runs; none when there is no release.
fn running(active: Option<&ActiveRelease>) -> &[ReleasedPlugin] {
    active.map_or(&[], |a| &a.plugins)
}

fn diff(running: &[ReleasedPlugin], wanted: &BTreeMap<String, Wanted>) -> Vec<Change> {
    let running: BTreeMap<&str, &ReleasedPlugin> =
        running.iter().map(|p| (p.name.as_str(), p)).collect();
    let mut changes = Vec::new();
    for w in wanted.values() {
        let (kind, previous) = match running.get(w.upsert.name.as_str()) {
            None => (ChangeKind::Add, None),
            Some(p) if p.version_sid_matches(w) && p.phase == w.phase => (ChangeKind::Keep, None),
            Some(p) => (ChangeKind::Update, Some((p.version.clone(), p.phase))),
        };
        changes.push(Change {
            kind,
            plugin: w.upsert.name.clone(),
            version: w.upsert.version.clone(),
            url: w.upsert.url.clone(),
            phase: w.phase,
            previous,
        });
    }
    for (name, p) in running {
        if !wanted.contains_key(name) {
            changes.push(Change {
                kind: ChangeKind::Remove,
                plugin: p.name.clone(),
                version: p.version.clone(),
                url: p.url.clone(),
                phase: p.phase,
                previous: None,
            });
        }
    }
    // Additions and upgrades first, then removals, then what stays; by name within each.
    let group = |k: ChangeKind| match k {
        ChangeKind::Add | ChangeKind::Update => 0,
        ChangeKind::Remove => 1,
        ChangeKind::Keep => 2,
    };
    changes.sort_by(|a, b| (group(a.kind), &a.plugin).cmp(&(group(b.kind), &b.plugin)));
    changes
}

/// How `now` differs from `base`, one [`Change`] per plugin that differs: [`ChangeKind::Add`]
/// runs in `now` only, [`ChangeKind::Update`] in another version or phase (`previous` is
/// `base`'s), [`ChangeKind::Remove`] runs in `base` only.
pub(super) fn changed_since(base: &[ReleasedPlugin], now: &[ReleasedPlugin]) -> Vec<Change> {
    let now: BTreeMap<String, Wanted> = now
        .iter()
        .map(|p| (p.name.clone(), Wanted::running(p)))
        .collect();
    let mut changes = diff(base, &now);
    changes.retain(|c| c.kind != ChangeKind::Keep);
    changes
}

impl ReleasedPlugin {
    fn version_sid_matches(&self, w: &Wanted) -> bool {
        w.version_sid.as_ref() == Some(&self.version_sid)
    }
}

/// What a plan releases.
#[derive(Debug, Clone)]
pub(super) enum Kind {
    /// A new configuration of the wanted plugins (found again on reruns), then its release.
    /// `upserts` and `removes` are what was asked (checked), for `replan`.
    Release {
        name: String,
        description: Option<String>,
        upserts: Vec<Upsert>,
        removes: Vec<String>,
    },
    /// A release of an existing configuration.
    Rollback {
        configuration_sid: PluginConfigurationSid,
        release_sid: Option<PluginReleaseSid>,
    },
}

/// A release worked out and not yet applied: its [`changes`](Self::changes), shown by
/// `Display` one plugin a line (`+ name version (was …)`, `- name version`,
/// `= name version`), and [`apply`](Self::apply). Applying it again resumes; see the
/// [module docs](super).
///
/// A plan is made on the release active when it was planned, its base
/// ([`active`](Self::active)). If another release becomes active before it is applied,
/// `apply` releases nothing and fails with [`ReleaseErrorKind::Stale`];
/// [`replan`](Self::replan) makes the same change on top of the release active then.
pub struct ReleasePlan<'a> {
    pub(super) ctx: Ctx<'a>,
    pub(super) kind: Kind,
    pub(super) active: Option<ActiveRelease>,
    pub(super) wanted: Vec<Wanted>,
    pub(super) changes: Vec<Change>,
}

impl fmt::Debug for ReleasePlan<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReleasePlan")
            .field("kind", &self.kind)
            .field("active", &self.active.as_ref().map(|a| &a.release_sid))
            .field("changes", &self.changes)
            .finish_non_exhaustive()
    }
}

impl<'a> ReleasePlan<'a> {
    /// The same change planned again on top of the release active now: for a release, the
    /// same upserts, removes, name and description (what [`ReleaseBuilder::plan`] would
    /// give); for a rollback, a release of the same configuration again
    /// ([`rollback_release`](Self::rollback_release)'s, as
    /// [`Plugins::rollback_to`](super::Plugins::rollback_to) plans it; call
    /// [`Plugins::rollback`](super::Plugins::rollback) instead to roll back the release active
    /// now). Reads only, like `plan`; it is how to go on after [`ReleaseErrorKind::Stale`]:
    /// show the new plan, then apply it.
    pub async fn replan(&self) -> Result<ReleasePlan<'a>, ReleaseError> {
        match &self.kind {
            Kind::Release {
                name,
                description,
                upserts,
                removes,
            } => {
                ReleaseBuilder {
                    ctx: self.ctx.clone(),
                    upserts: upserts.clone(),
                    removes: removes.clone(),
                    name: Some(name.clone()),
                    description: description.clone(),
                }
                .plan()
                .await
            }
            Kind::Rollback {
                configuration_sid,
                release_sid,
            } => {
                let active = self.ctx.active().await?;
                rollback_plan_of(
                    self.ctx.clone(),
                    active,
                    configuration_sid.clone(),
                    release_sid.clone(),
                )
                .await
            }
        }
    }

    /// How each plugin changes: additions and upgrades, removals, then what stays.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Whether the plan changes nothing: the active release already runs these plugin
    /// versions in these phases (or there is nothing to release).
    pub fn is_noop(&self) -> bool {
        self.changes.iter().all(|c| c.kind == ChangeKind::Keep)
    }

    /// The release that was active when the plan was made: the plan's base, which
    /// [`apply`](Self::apply) checks is still what runs before it writes the configuration
    /// and the release.
    pub fn active(&self) -> Option<&ActiveRelease> {
        self.active.as_ref()
    }

    /// For a rollback, the configuration it releases again.
    pub fn rollback_configuration(&self) -> Option<&PluginConfigurationSid> {
        match &self.kind {
            Kind::Rollback {
                configuration_sid, ..
            } => Some(configuration_sid),
            Kind::Release { .. } => None,
        }
    }

    /// For a rollback, the release whose configuration it releases again.
    pub fn rollback_release(&self) -> Option<&PluginReleaseSid> {
        match &self.kind {
            Kind::Rollback { release_sid, .. } => release_sid.as_ref(),
            Kind::Release { .. } => None,
        }
    }

    /// For a release, the name of the configuration it creates (or finds again).
    pub fn configuration_name(&self) -> Option<&str> {
        match &self.kind {
            Kind::Release { name, .. } => Some(name),
            Kind::Rollback { .. } => None,
        }
    }
}

impl fmt::Display for ReleasePlan<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changes.is_empty() {
            return writeln!(f, "(no plugins)");
        }
        for c in &self.changes {
            writeln!(f, "{c}")?;
        }
        Ok(())
    }
}

/// A plan releasing `target`'s configuration again.
pub(super) async fn rollback_plan<'a>(
    ctx: Ctx<'a>,
    active: Option<ActiveRelease>,
    target: &PluginRelease,
) -> Result<ReleasePlan<'a>, ReleaseError> {
    let configuration_sid = target.configuration_sid.clone().ok_or_else(|| {
        ReleaseError::unexpected(
            Step::Plan,
            "the release to roll back to has no configuration_sid",
        )
    })?;
    rollback_plan_of(ctx, active, configuration_sid, target.sid.clone()).await
}

/// A plan releasing `configuration_sid` (released by `release_sid`) again.
async fn rollback_plan_of<'a>(
    ctx: Ctx<'a>,
    active: Option<ActiveRelease>,
    configuration_sid: PluginConfigurationSid,
    release_sid: Option<PluginReleaseSid>,
) -> Result<ReleasePlan<'a>, ReleaseError> {
    let configuration = ctx
        .configuration(&configuration_sid)
        .await
        .map_err(ReleaseError::plan)?;
    if configuration.archived == Some(true) {
        return Err(archived(
            Step::Plan,
            Resource::Configuration,
            configuration.name.as_deref().unwrap_or_default(),
            configuration_sid.as_str(),
        ));
    }
    let plugins = ctx
        .configured(&configuration_sid)
        .await
        .map_err(ReleaseError::plan)?;
    let plugins = released_plugins(&configuration_sid, plugins, Step::Plan)?;
    let wanted: BTreeMap<String, Wanted> = plugins
        .iter()
        .map(|p| (p.name.clone(), Wanted::running(p)))
        .collect();
    refuse_archived(&wanted)?;
    let changes = diff(running(active.as_ref()), &wanted);
    Ok(ReleasePlan {
        ctx,
        kind: Kind::Rollback {
            configuration_sid,
            release_sid,
        },
        active,
        wanted: wanted.into_values().collect(),
        changes,
    })
}

/// Refuses a plan that would put an archived plugin version into the release.
fn refuse_archived(wanted: &BTreeMap<String, Wanted>) -> Result<(), ReleaseError> {
    match wanted.values().find(|w| w.archived) {
        Some(w) => {
            let sid = w
                .version_sid
                .as_ref()
                .map_or_else(String::new, |s| s.to_string());
            Err(archived(
                Step::Plan,
                Resource::Version,
                &format!("{} {}", w.upsert.name, w.upsert.version),
                &sid,
            ))
        }
        None => Ok(()),
    }
}
