//! Names as the generated crate spells them, from the generator's own naming rules
//! ([`twilio_flex_codegen::names`], the crate's naming contract), so the report can't drift
//! from the generated code.

use twilio_flex_codegen::names;

/// The Rust method generated for an operation: `CreateFlexFlow` → `create_flex_flow`.
pub fn method_name(operation_id: &str) -> String {
    names::member_name(operation_id)
}

/// The Rust type generated for a component schema: the last dotted segment,
/// with the `_enum` infix Twilio uses for enums dropped, in PascalCase.
///
/// `flex.v1.flex_flow` → `FlexFlow`; `flex_flow_enum_channel_type` → `FlexFlowChannelType`.
pub fn type_name(schema_name: &str) -> String {
    names::type_name(schema_name)
}

/// The builder setter for a parameter or form field, dots and dashes folded:
/// `Integration.FlowSid` → `integration_flow_sid`, `Type` → `type_`.
pub fn setter_name(param: &str) -> String {
    names::member_name(param)
}

/// The two-letter prefix of a Twilio SID pattern such as `^KD[0-9a-fA-F]{32}$`.
pub fn sid_prefix(pattern: &str) -> Option<&str> {
    let prefix = pattern
        .strip_prefix('^')?
        .strip_suffix("[0-9a-fA-F]{32}$")?;
    (prefix.len() == 2 && prefix.bytes().all(|b| b.is_ascii_uppercase())).then_some(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_generator() {
        assert_eq!(method_name("CreateFlexFlow"), "create_flex_flow");
        assert_eq!(
            method_name("ListInsightsQuestionnairesCategory"),
            "list_insights_questionnaires_category"
        );
        assert_eq!(type_name("flex.v1.flex_flow"), "FlexFlow");
        assert_eq!(
            type_name("flex.v1.interaction.interaction_channel"),
            "InteractionChannel"
        );
        assert_eq!(
            type_name("flex_flow_enum_channel_type"),
            "FlexFlowChannelType"
        );
        assert_eq!(setter_name("Integration.FlowSid"), "integration_flow_sid");
        assert_eq!(setter_name("WebhookTtid"), "webhook_ttid");
        assert_eq!(setter_name("Flex-Metadata"), "flex_metadata");
        assert_eq!(setter_name("Type"), "type_");
    }

    #[test]
    fn sid_prefixes() {
        assert_eq!(sid_prefix("^KD[0-9a-fA-F]{32}$"), Some("KD"));
        assert_eq!(sid_prefix("^[a-z]+$"), None);
        assert_eq!(sid_prefix("^kd[0-9a-fA-F]{32}$"), None);
    }
}
