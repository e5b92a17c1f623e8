//! Names as the generated crate spells them, from the generator's own naming rules
//! ([`twilio_spec::names`], the crate's naming contract), so the report can't drift
//! from the generated code.

use twilio_spec::names;

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
    names::sid_prefix(pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_generator() {
        assert_eq!(
            method_name("CreateFlexFlow"),
            names::member_name("CreateFlexFlow")
        );
        assert_eq!(
            type_name("flex.v1.flex_flow"),
            names::type_name("flex.v1.flex_flow")
        );
        assert_eq!(setter_name("Integration.FlowSid"), "integration_flow_sid");
        assert_eq!(sid_prefix("^KD[0-9a-fA-F]{32}$"), Some("KD"));
    }
}
