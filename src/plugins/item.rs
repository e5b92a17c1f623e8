//! The typed item of a configuration's `Plugins`.

use serde_json::{Map, Value};

use crate::types::PluginVersionSid;

/// One item of `Plugins` in
/// [`create_plugin_configuration`](crate::Client::create_plugin_configuration): a plugin
/// version (`FV…`) to run, and the phase Flex loads it in. It becomes the JSON object Twilio
/// reads, `{"plugin_version": "FV…", "phase": 3}` (sent as a JSON string per item); a raw
/// [`serde_json::Value`] stays accepted for fields Twilio may add.
///
/// ```no_run
/// use twilio_flex::plugins::PluginItem;
///
/// # async fn run(client: &twilio_flex::Client) -> twilio_flex::Result<()> {
/// let configuration = client
///     .create_plugin_configuration()
///     .name("Support tools")
///     .plugins([
///         PluginItem::new("FV0123456789abcdef0123456789abcdef").phase(3),
///         PluginItem::new("FVfedcba9876543210fedcba9876543210"),
///     ])
///     .send()
///     .await?;
/// # let _ = configuration; Ok(()) }
/// ```
///
/// A malformed SID fails `send()` with [`Error::InvalidRequest`](crate::Error::InvalidRequest)
/// naming `Plugins`, before any request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginItem {
    version: Result<PluginVersionSid, String>,
    phase: Option<i64>,
}

impl PluginItem {
    /// An item running plugin version `plugin_version` (`FV…`: a SID, or text checked as one).
    pub fn new<V>(plugin_version: V) -> Self
    where
        V: TryInto<PluginVersionSid>,
        V::Error: std::fmt::Display,
    {
        PluginItem {
            version: plugin_version.try_into().map_err(|e| e.to_string()),
            phase: None,
        }
    }

    /// The phase Flex initializes the plugin in (Twilio's Flex Plugins CLI uses 3; Twilio's
    /// default, when none is given, is 0).
    pub fn phase(mut self, phase: i64) -> Self {
        self.phase = Some(phase);
        self
    }

    /// The plugin version, if the SID given was well formed.
    pub fn plugin_version(&self) -> Option<&PluginVersionSid> {
        self.version.as_ref().ok()
    }
}

impl TryFrom<PluginItem> for Value {
    type Error = String;

    fn try_from(item: PluginItem) -> Result<Value, String> {
        let sid = item.version?;
        let mut m = Map::new();
        m.insert("plugin_version".into(), Value::String(sid.into()));
        if let Some(p) = item.phase {
            m.insert("phase".into(), Value::from(p));
        }
        Ok(Value::Object(m))
    }
}

impl TryFrom<&PluginItem> for Value {
    type Error = String;

    fn try_from(item: &PluginItem) -> Result<Value, String> {
        Value::try_from(item.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_is_the_object_twilio_reads() {
        let v = Value::try_from(PluginItem::new("FV0123456789abcdef0123456789abcdef").phase(3))
            .expect("well formed");
        assert_eq!(
            v,
            serde_json::json!({"plugin_version": "FV0123456789abcdef0123456789abcdef", "phase": 3})
        );
        let v = Value::try_from(PluginItem::new("FV0123456789abcdef0123456789abcdef"))
            .expect("well formed");
        assert_eq!(v.get("phase"), None);
    }

    #[test]
    fn a_malformed_sid_is_an_error_naming_what_was_expected() {
        let e = Value::try_from(PluginItem::new("FP0123456789abcdef0123456789abcdef"))
            .expect_err("wrong prefix");
        assert!(e.contains("Plugin Version"), "{e}");
        assert!(PluginItem::new("nope").plugin_version().is_none());
    }
}
