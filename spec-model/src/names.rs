//! Naming rules shared by the fix-ups, the emitted code and the API snapshot.
//!
//! They are the crate's public naming contract, so they live in one place.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust type name for a component schema key.
///
/// `flex.v1.flex_flow` → `FlexFlow` (last dotted segment), and
/// `flex_flow_enum_channel_type` → `FlexFlowChannelType` (`_enum` dropped).
pub fn type_name(schema_key: &str) -> String {
    let last = schema_key.rsplit('.').next().unwrap_or(schema_key);
    let without_enum = last.replace("_enum_", "_");
    without_enum.to_upper_camel_case()
}

/// Snake case with dots and dashes folded (`Integration.FlowSid` → `integration_flow_sid`,
/// `FriendlyName` → `friendly_name`): how Twilio's form names map to its JSON field names,
/// and the stem of every Rust member name.
pub fn snake_case(api_name: &str) -> String {
    api_name.replace(['.', '-'], "_").to_snake_case()
}

/// Rust method or setter name for an operationId or a parameter/field name: [`snake_case`],
/// with Rust keywords escaped (`Type` → `type_`, `Flex-Metadata` → `flex_metadata`).
pub fn member_name(api_name: &str) -> String {
    let snake = snake_case(api_name);
    if is_keyword(&snake) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// Rust variant name for an enum value (`creation-in-progress` →
/// `CreationInProgress`); values that don't start with a letter get a `V`.
pub fn variant_name(value: &str) -> String {
    let camel = value.to_upper_camel_case();
    match camel.chars().next() {
        None => "Empty".to_string(),
        Some(c) if c.is_ascii_alphabetic() => camel,
        Some(_) => format!("V{camel}"),
    }
}

/// The two-letter prefix of a Twilio SID pattern such as `^KD[0-9a-fA-F]{32}$`. Twilio also
/// writes them without anchors and with other spellings of the hex digits
/// (`OR[0-9a-f]{32}`, `^US[0-9A-Fa-f]{32}$`); they mean the same.
pub fn sid_prefix(pattern: &str) -> Option<&str> {
    let body = pattern.strip_prefix('^').unwrap_or(pattern);
    let body = body.strip_suffix('$').unwrap_or(body);
    let prefix = ["[0-9a-fA-F]{32}", "[0-9A-Fa-f]{32}", "[0-9a-f]{32}"]
        .iter()
        .find_map(|digits| body.strip_suffix(digits))?;
    (prefix.len() == 2 && prefix.bytes().all(|b| b.is_ascii_uppercase())).then_some(prefix)
}

fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "as" | "break"
            | "const"
            | "continue"
            | "crate"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_take_last_segment_and_drop_enum() {
        assert_eq!(type_name("flex.v1.flex_flow"), "FlexFlow");
        assert_eq!(
            type_name("flex.v1.interaction.interaction_channel"),
            "InteractionChannel"
        );
        assert_eq!(
            type_name("flex_flow_enum_channel_type"),
            "FlexFlowChannelType"
        );
    }

    #[test]
    fn member_names_fold_dots_and_dashes() {
        assert_eq!(member_name("Integration.FlowSid"), "integration_flow_sid");
        assert_eq!(member_name("Flex-Metadata"), "flex_metadata");
        assert_eq!(member_name("CreateFlexFlow"), "create_flex_flow");
        assert_eq!(member_name("PageSize"), "page_size");
        assert_eq!(member_name("Type"), "type_");
    }

    #[test]
    fn sid_prefixes() {
        assert_eq!(sid_prefix("^KD[0-9a-fA-F]{32}$"), Some("KD"));
        assert_eq!(sid_prefix("^[a-z]+$"), None);
        assert_eq!(sid_prefix("^kd[0-9a-fA-F]{32}$"), None);
        assert_eq!(sid_prefix("OR[0-9a-f]{32}"), Some("OR"));
        assert_eq!(sid_prefix("^US[0-9A-Fa-f]{32}$"), Some("US"));
        assert_eq!(sid_prefix("^[a-zA-Z]{2}[0-9a-fA-F]{32}$"), None);
        assert_eq!(sid_prefix("^(SM|MM)[0-9a-fA-F]{32}$"), None);
        assert_eq!(sid_prefix("^OQ[a-zA-Z0-9]{32}$"), None);
    }

    #[test]
    fn variant_names_are_valid_identifiers() {
        assert_eq!(variant_name("creation-in-progress"), "CreationInProgress");
        assert_eq!(variant_name("sms"), "Sms");
        assert_eq!(variant_name("1.0"), "V10");
        assert_eq!(variant_name(""), "Empty");
    }
}
