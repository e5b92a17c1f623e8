//! What Twilio's Flex service does beyond its spec, as rules for the `twilio-mock` engine
//! ([`twilio_mock::Rules`]): the Plugin Service ([`plugins`]) and the Configuration
//! ([`configuration`]). Each finds its resources through the engine's model of the spec
//! (operationIds, SID prefixes, nesting, declared bodies), so a Flex release without them
//! gets none of it.

pub(super) mod configuration;
pub(super) mod plugins;

/// The Flex product's rules, the Plugin Service's around the Configuration's (they act on
/// different operations, so the order only fixes who is asked first).
pub(super) fn flex() -> impl twilio_mock::Rules {
    (
        plugins::PluginService::default(),
        configuration::Configuration,
    )
}
