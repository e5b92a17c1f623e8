//! The generated operations the workflow calls, each with the workflow's `Flex-Metadata`.

use futures::TryStreamExt;

use super::error::{ReleaseError, ReleaseErrorKind, Step};
use super::item::PluginItem;
use super::plan::{ActiveRelease, ReleasedPlugin, Upsert};
use crate::types::{
    ConfiguredPlugin, Plugin, PluginConfiguration, PluginConfigurationSid, PluginRelease,
    PluginReleaseSid, PluginSid, PluginVersion,
};
use crate::{Client, Result};

/// Lists are read 1,000 items a page (Twilio's maximum): one request for most accounts.
const PAGE: i64 = 1000;

/// The client and the workflow's settings.
#[derive(Clone)]
pub(super) struct Ctx<'a> {
    pub(super) client: &'a Client,
    pub(super) flex_metadata: Option<String>,
}

/// `builder.flex_metadata(m)` when the workflow has one.
macro_rules! meta {
    ($ctx:expr, $builder:expr) => {
        match $ctx.flex_metadata.as_deref() {
            Some(m) => $builder.flex_metadata(m),
            None => $builder,
        }
    };
}

impl Ctx<'_> {
    /// Refuses a `Flex-Metadata` value that can't be sent, before any request.
    pub(super) fn check_metadata(&self) -> std::result::Result<(), ReleaseError> {
        match self.flex_metadata.as_deref() {
            Some(m) if http::HeaderValue::from_str(m).is_err() => Err(ReleaseError::invalid(
                "Flex-Metadata",
                "must be a valid HTTP header value: visible ASCII, no control characters",
            )),
            _ => Ok(()),
        }
    }

    /// Every release, newest first: Twilio lists them so, and the order by `date_created`
    /// (stable, for releases made within the same second) is kept.
    pub(super) async fn releases(&self) -> Result<Vec<PluginRelease>> {
        let mut all: Vec<PluginRelease> = meta!(self, self.client.list_plugin_release())
            .page_size(PAGE)
            .stream()
            .try_collect()
            .await?;
        all.sort_by_key(|r| std::cmp::Reverse(r.date_created));
        Ok(all)
    }

    pub(super) async fn release(&self, sid: &PluginReleaseSid) -> Result<PluginRelease> {
        meta!(self, self.client.fetch_plugin_release())
            .sid(sid.as_str())
            .send()
            .await
    }

    pub(super) async fn configuration(
        &self,
        sid: &PluginConfigurationSid,
    ) -> Result<PluginConfiguration> {
        meta!(self, self.client.fetch_plugin_configuration())
            .sid(sid)
            .send()
            .await
    }

    pub(super) async fn configurations(&self) -> Result<Vec<PluginConfiguration>> {
        meta!(self, self.client.list_plugin_configuration())
            .page_size(PAGE)
            .stream()
            .try_collect()
            .await
    }

    pub(super) async fn configured(
        &self,
        configuration: &PluginConfigurationSid,
    ) -> Result<Vec<ConfiguredPlugin>> {
        meta!(self, self.client.list_configured_plugin())
            .configuration_sid(configuration.as_str())
            .page_size(PAGE)
            .stream()
            .try_collect()
            .await
    }

    /// The plugin with this unique name.
    pub(super) async fn find_plugin(&self, name: &str) -> Result<Option<Plugin>> {
        let mut plugins = meta!(self, self.client.list_plugin())
            .page_size(PAGE)
            .stream();
        while let Some(p) = plugins.try_next().await? {
            if p.unique_name.as_deref() == Some(name) {
                return Ok(Some(p));
            }
        }
        Ok(None)
    }

    /// Every plugin, for looking several up with one listing.
    pub(super) async fn plugins(&self) -> Result<Vec<Plugin>> {
        meta!(self, self.client.list_plugin())
            .page_size(PAGE)
            .stream()
            .try_collect()
            .await
    }

    /// The version of `plugin` with this version string.
    pub(super) async fn find_version(
        &self,
        plugin: &PluginSid,
        version: &str,
    ) -> Result<Option<PluginVersion>> {
        let mut versions = meta!(self, self.client.list_plugin_version())
            .plugin_sid(plugin.as_str())
            .page_size(PAGE)
            .stream();
        while let Some(v) = versions.try_next().await? {
            if v.version.as_deref() == Some(version) {
                return Ok(Some(v));
            }
        }
        Ok(None)
    }

    pub(super) async fn create_plugin(&self, upsert: &Upsert) -> Result<Plugin> {
        let mut b = meta!(self, self.client.create_plugin()).unique_name(upsert.name.as_str());
        if let Some(f) = &upsert.friendly_name {
            b = b.friendly_name(f.as_str());
        }
        if let Some(d) = &upsert.plugin_description {
            b = b.description(d.as_str());
        }
        b.send().await
    }

    pub(super) async fn create_version(
        &self,
        plugin: &PluginSid,
        upsert: &Upsert,
    ) -> Result<PluginVersion> {
        let mut b = meta!(self, self.client.create_plugin_version())
            .plugin_sid(plugin.as_str())
            .version(upsert.version.as_str())
            .plugin_url(upsert.url.as_str());
        if let Some(c) = &upsert.changelog {
            b = b.changelog(c.as_str());
        }
        if let Some(p) = upsert.private {
            b = b.private(p);
        }
        b.send().await
    }

    pub(super) async fn create_configuration(
        &self,
        name: &str,
        description: &str,
        items: Vec<PluginItem>,
    ) -> Result<PluginConfiguration> {
        meta!(self, self.client.create_plugin_configuration())
            .name(name)
            .description(description)
            .plugins(items)
            .send()
            .await
    }

    pub(super) async fn create_release(
        &self,
        configuration: &PluginConfigurationSid,
    ) -> Result<PluginRelease> {
        meta!(self, self.client.create_plugin_release())
            .configuration_id(configuration.as_str())
            .send()
            .await
    }

    /// The active release (the newest) with its configuration and configured plugins.
    pub(super) async fn active(&self) -> std::result::Result<Option<ActiveRelease>, ReleaseError> {
        let releases = self.releases().await.map_err(ReleaseError::plan)?;
        match releases.first() {
            Some(r) => self.release_state(r).await.map(Some),
            None => Ok(None),
        }
    }

    /// A release with its configuration and configured plugins.
    pub(super) async fn release_state(
        &self,
        release: &PluginRelease,
    ) -> std::result::Result<ActiveRelease, ReleaseError> {
        let release_sid = release
            .sid
            .clone()
            .ok_or_else(|| ReleaseError::unexpected(Step::Plan, "a release without a sid"))?;
        let configuration_sid = release.configuration_sid.clone().ok_or_else(|| {
            ReleaseError::unexpected(
                Step::Plan,
                format!("release {release_sid} has no configuration_sid"),
            )
        })?;
        let configuration = self
            .configuration(&configuration_sid)
            .await
            .map_err(ReleaseError::plan)?;
        let plugins = self
            .configured(&configuration_sid)
            .await
            .map_err(ReleaseError::plan)?;
        Ok(ActiveRelease {
            release_sid,
            date_created: release.date_created,
            configuration_name: configuration.name,
            configuration_description: configuration.description,
            configuration_archived: configuration.archived.unwrap_or(false),
            plugins: released_plugins(&configuration_sid, plugins, Step::Plan)?,
            configuration_sid,
        })
    }
}

/// Configured plugins as the workflow uses them; each needs its plugin and version SIDs.
pub(super) fn released_plugins(
    configuration: &PluginConfigurationSid,
    plugins: Vec<ConfiguredPlugin>,
    step: Step,
) -> std::result::Result<Vec<ReleasedPlugin>, ReleaseError> {
    let mut out = Vec::with_capacity(plugins.len());
    for p in plugins {
        let (Some(plugin_sid), Some(version_sid)) = (p.plugin_sid, p.plugin_version_sid) else {
            return Err(ReleaseError::new(
                step,
                ReleaseErrorKind::UnexpectedResponse(format!(
                    "a configured plugin of {configuration} lacks its plugin_sid or plugin_version_sid"
                )),
            ));
        };
        out.push(ReleasedPlugin {
            name: p.unique_name.unwrap_or_else(|| plugin_sid.to_string()),
            version: p.version.unwrap_or_default(),
            url: p.plugin_url.unwrap_or_default(),
            // Absent is Twilio's default phase, 0 (the field is `Option` whatever the release's
            // flags say).
            phase: p.phase.unwrap_or_default(),
            archived: p.plugin_archived == Some(true) || p.plugin_version_archived == Some(true),
            plugin_sid,
            version_sid,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}
