// What the Flex product declares about Twilio's Flex spec beyond what the spec says. The
// generator applies it (`twilio_codegen::generate_with`); `build.rs` and the API snapshot
// (`cargo xtask api-snapshot`) both include this file, so they generate the same API.
//
// Each declaration names the spec's own things (operations, schemas, wire names). A release
// that lacks the subject of a declaration builds without it; one that renamed what a
// declaration names fails the build, saying what changed.

/// The Flex product's declarations.
pub fn flex_declarations() -> twilio_spec::product::Declarations {
    use twilio_spec::product::{Capability, Declarations, Family, SchemaBody};
    Declarations::new()
        // Flex Flow's `Integration.*`: which fields apply depends on `IntegrationType`
        // (Twilio's Flex Flow docs), and the retry count is 0 to 3.
        .family(
            Family::new(
                "Integration",
                "IntegrationType",
                "how a Flex Flow hands inbound messages on: to a Studio Flow, an external \
                 webhook, or a TaskRouter task.",
            )
            .kind(
                "studio",
                &["FlowSid"],
                &["RetryCount"],
                "hand messages to a Studio Flow (`FW…`).",
            )
            .kind(
                "external",
                &["Url"],
                &["RetryCount"],
                "post messages to an external webhook URL.",
            )
            .kind(
                "task",
                &["WorkspaceSid", "WorkflowSid"],
                &["Channel", "Priority", "Timeout", "CreationOnMessage"],
                "create a TaskRouter task in a workspace (`WS…`) with a workflow (`WW…`).",
            )
            .range("RetryCount", 0, 3),
        )
        // The spec leaves the Configuration update's body undefined (twilio-oai#36); Twilio's
        // docs: a JSON object of the properties to change, with the account SID. The
        // properties Twilio sets itself (identity, timestamps, status, URL, the Flex service's
        // own SIDs and versions) get no setter.
        .body(SchemaBody {
            operation: "UpdateConfiguration".into(),
            schema: "flex.v1.configuration".into(),
            read_only: [
                "account_sid",
                "date_created",
                "date_updated",
                "status",
                "url",
                "service_version",
                "runtime_domain",
                "flex_service_instance_sid",
                "flex_instance_sid",
            ]
            .map(String::from)
            .to_vec(),
            account_sid_key: Some("account_sid".into()),
        })
        // `twilio_flex::plugins` (src/plugins/): plan, apply and roll back Plugin Service
        // releases. Releases without the Plugin Service build without it.
        .capability(Capability::new(
            "twilio_flex_plugins",
            &[
                "ListPlugin",
                "CreatePlugin",
                "ListPluginVersion",
                "CreatePluginVersion",
                "ListPluginConfiguration",
                "FetchPluginConfiguration",
                "CreatePluginConfiguration",
                "ListConfiguredPlugin",
                "ListPluginRelease",
                "FetchPluginRelease",
                "CreatePluginRelease",
            ],
            &[
                "Plugin",
                "PluginVersion",
                "PluginConfiguration",
                "ConfiguredPlugin",
                "PluginRelease",
                "PluginSid",
                "PluginVersionSid",
                "PluginConfigurationSid",
                "PluginReleaseSid",
            ],
        ))
        // `src/configuration.rs`: read-modify-write of the Configuration through the declared
        // body above (`property`), so only where that declaration applies: the 2020 releases'
        // form-encoded update and the 2022 releases' fetch-only Configuration build without it.
        .capability(
            Capability::new(
                "twilio_flex_configuration",
                &["FetchConfiguration", "UpdateConfiguration"],
                &["Configuration"],
            )
            .declared_body("UpdateConfiguration"),
        )
}
