//! Checks the generated setters run on caller input, before any request is sent.
//!
//! Setter errors travel through progenitor's builder as strings of the form
//! "`{wire name}`: {what was expected}"; [`crate::error`] turns them back into
//! [`crate::Error::InvalidRequest`] with the field and the message apart.
//!
//! Pattern checks (a SID's prefix, a pattern the spec documents) follow the client's
//! [`ClientBuilder::lenient_patterns`](crate::ClientBuilder::lenient_patterns) switch: strict
//! by default; lenient, a mismatch is a `tracing` warning and the value is sent. Twilio's spec
//! has been wrong about patterns before (`UO` participants that Twilio issued as `UT`), and a
//! client that can't send a valid value until its next release leaves its users stuck.
//! Ranges, lengths, character sets and required fields are always strict.

use crate::transport::ClientState;
#[doc(hidden)]
pub use regex_lite::Regex;
use std::fmt::Display;
use std::sync::OnceLock;

/// An invalid value for `field`.
#[doc(hidden)]
pub fn invalid(field: &str, reason: impl Display) -> String {
    format!("`{field}`: {reason}")
}

/// `value` within the spec's inclusive range for `field` (any integer type).
#[doc(hidden)]
pub fn check_range<T: Copy + Into<i128> + Display>(
    field: &str,
    value: T,
    min: Option<i64>,
    max: Option<i64>,
) -> Result<T, String> {
    let expected = match (min, max) {
        (Some(lo), Some(hi)) => format!("an integer from {lo} to {hi}"),
        (Some(lo), None) => format!("an integer of at least {lo}"),
        (None, Some(hi)) => format!("an integer of at most {hi}"),
        (None, None) => return Ok(value),
    };
    let v: i128 = value.into();
    if min.is_some_and(|lo| v < i128::from(lo)) || max.is_some_and(|hi| v > i128::from(hi)) {
        Err(invalid(
            field,
            format_args!("expected {expected}, got {value}"),
        ))
    } else {
        Ok(value)
    }
}

/// `value` matches the spec's `pattern` for `field`.
/// Under a lenient client a mismatch is a warning. The regex is compiled once per call site
/// (`compiled`); the generator has checked that it compiles.
#[doc(hidden)]
pub fn check_pattern<T: AsRef<str>>(
    client: &ClientState,
    field: &str,
    value: T,
    pattern: &'static str,
    compiled: &'static OnceLock<Option<Regex>>,
) -> Result<T, String> {
    let regex = compiled.get_or_init(|| Regex::new(pattern).ok()).as_ref();
    check_pattern_with(client, field, value, pattern, regex)
}

/// [`check_pattern`] with the regex compiled by the caller (`None`: it doesn't compile, so
/// nothing is checked); the dynamic path compiles the catalogue's patterns itself.
pub(crate) fn check_pattern_with<T: AsRef<str>>(
    client: &ClientState,
    field: &str,
    value: T,
    pattern: &str,
    regex: Option<&Regex>,
) -> Result<T, String> {
    let Some(regex) = regex else {
        return Ok(value);
    };
    if regex.is_match(value.as_ref()) {
        return Ok(value);
    }
    if client.lenient_patterns() {
        tracing::warn!(
            field,
            pattern,
            "value does not match the documented pattern; sent anyway (lenient patterns)"
        );
        return Ok(value);
    }
    Err(invalid(
        field,
        format_args!(
            "expected a value matching `{pattern}`, got {:?}",
            shorten(value.as_ref())
        ),
    ))
}

/// `value` has from `min` to `max` characters (`minLength`, `maxLength`).
#[doc(hidden)]
pub fn check_length<T: AsRef<str>>(
    field: &str,
    value: T,
    min: Option<u64>,
    max: Option<u64>,
) -> Result<T, String> {
    let n = value.as_ref().chars().count() as u64;
    if min.is_some_and(|lo| n < lo) || max.is_some_and(|hi| n > hi) {
        let expected = match (min, max) {
            (Some(lo), Some(hi)) if lo == hi => format!("exactly {lo} characters"),
            (Some(lo), Some(hi)) => format!("{lo} to {hi} characters"),
            (Some(lo), None) => format!("at least {lo} characters"),
            (None, _) => format!("at most {} characters", max.unwrap_or(0)),
        };
        return Err(invalid(field, format_args!("expected {expected}, got {n}")));
    }
    Ok(value)
}

/// `value` is an absolute URL (`format: uri`).
#[doc(hidden)]
pub fn check_uri<T: AsRef<str>>(field: &str, value: T) -> Result<T, String> {
    match url::Url::parse(value.as_ref()) {
        Ok(_) => Ok(value),
        Err(e) => Err(invalid(
            field,
            format_args!("expected an absolute URL: {e}"),
        )),
    }
}

/// The rules of a family of dotted form fields whose valid combinations depend on a kind
/// field (`Integration.*` by `IntegrationType`), as a product declares them.
#[doc(hidden)]
#[derive(Debug)]
pub struct FamilyRule {
    /// The field that says which kind: `IntegrationType`.
    pub kind_field: &'static str,
    /// How the kinds are called in messages: `integrations`.
    pub label: &'static str,
    /// Every field of the family: `Integration.FlowSid`, …
    pub members: &'static [&'static str],
    /// The declared kinds.
    pub kinds: &'static [KindRule],
}

/// One kind of a [`FamilyRule`].
#[doc(hidden)]
#[derive(Debug)]
pub struct KindRule {
    /// The kind field's value: `studio`.
    pub value: &'static str,
    /// Fields the kind requires.
    pub required: &'static [&'static str],
    /// Fields the kind takes (the required ones included).
    pub allowed: &'static [&'static str],
}

impl FamilyRule {
    /// Checks a form body's pairs: with a declared kind, its required fields are there and no
    /// field of the family it doesn't take. (No kind, or one not declared: nothing to check.)
    /// The error is every `(field, why)` found: the missing fields, then the ones the kind
    /// doesn't take.
    pub fn check(&self, pairs: &[(String, String)]) -> Result<(), Vec<(String, String)>> {
        let has = |field: &str| pairs.iter().any(|(k, _)| k == field);
        let Some(kind) = pairs
            .iter()
            .find(|(k, _)| k == self.kind_field)
            .and_then(|(_, v)| self.kinds.iter().find(|k| k.value == v))
        else {
            return Ok(());
        };
        let mut problems: Vec<(String, String)> = kind
            .required
            .iter()
            .filter(|f| !has(f))
            .map(|missing| {
                (
                    missing.to_string(),
                    format!("required for {} {}", kind.value, self.label),
                )
            })
            .collect();
        for member in self.members.iter().filter(|m| has(m)) {
            if !kind.allowed.contains(member) {
                let takers: Vec<&str> = self
                    .kinds
                    .iter()
                    .filter(|k| k.allowed.contains(member))
                    .map(|k| k.value)
                    .collect();
                let why = match takers.as_slice() {
                    [] => format!("applies to no kind of {}", self.label),
                    [one] => format!("applies only to {one} {}", self.label),
                    [init @ .., last] => {
                        format!(
                            "applies only to {} and {last} {}",
                            init.join(", "),
                            self.label
                        )
                    }
                };
                problems.push((member.to_string(), why));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// One value a generated `check` looks at: (setter, wire name, its error if it has one).
#[doc(hidden)]
pub type Entry<'a> = (&'static str, &'static str, Option<&'a String>);

/// Every problem of a request at once, before it is built: each parameter's, then each body
/// field's (a setter's error, or a required value never set), or the whole body's when it
/// was refused as a whole. The problems travel through progenitor's error as one string
/// ([`decode_problems`] reads it back); `Ok` when there are none.
#[doc(hidden)]
#[allow(clippy::result_large_err)] // the error type is the one generated builders return
pub fn check_request<const N: usize>(
    params: &[Entry<'_>],
    body: std::result::Result<[Entry<'_>; N], &String>,
) -> Result<(), progenitor_client::Error<()>> {
    let whole = body.as_ref().err().map(|e| ("", "", Some(*e)));
    let fields = body.as_ref().ok().map_or(&[][..], |b| &b[..]);
    let mut problems = params
        .iter()
        .copied()
        .chain(whole)
        .chain(fields.iter().copied())
        .filter_map(|(setter, wire, e)| e.map(|e| (setter, wire, e)))
        .peekable();
    if problems.peek().is_none() {
        return Ok(());
    }
    let mut text = String::new();
    for (setter, wire, message) in problems {
        text.push(RECORD);
        text.push_str(setter);
        text.push(UNIT);
        text.push_str(wire);
        text.push(UNIT);
        text.push_str(message);
    }
    Err(progenitor_client::Error::InvalidRequest(text))
}

/// Separators of [`check_request`]'s string (ASCII record and unit separators: never in a
/// setter's message, whose values are quoted with escapes).
const RECORD: char = '\u{1e}';
const UNIT: char = '\u{1f}';

/// The (setter, wire name, message) of each problem [`check_request`] found; `None` for a
/// message of one problem in the setters' form.
pub(crate) fn decode_problems(text: &str) -> Option<impl Iterator<Item = (&str, &str, &str)>> {
    let rest = text.strip_prefix(RECORD)?;
    Some(rest.split(RECORD).map(|record| {
        let mut parts = record.splitn(3, UNIT);
        let setter = parts.next().unwrap_or("");
        let wire = parts.next().unwrap_or("");
        (setter, wire, parts.next().unwrap_or(""))
    }))
}

/// At most 40 characters of a value, for messages.
pub(crate) fn shorten(s: &str) -> String {
    s.chars().take(40).collect()
}

/// Splits a setter error back into (field, message).
pub(crate) fn split(message: &str) -> Option<(&str, &str)> {
    let rest = message.strip_prefix('`')?;
    let (field, rest) = rest.split_once('`')?;
    Some((field, rest.strip_prefix(": ").unwrap_or(rest)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_errors_name_the_field_and_the_range() {
        assert_eq!(check_range("PageSize", 50i64, Some(1), Some(1000)), Ok(50));
        let err = check_range("PageSize", 0i64, Some(1), Some(1000)).unwrap_err();
        assert_eq!(err, "`PageSize`: expected an integer from 1 to 1000, got 0");
        assert!(check_range("PageSize", 1001i64, Some(1), Some(1000)).is_err());
        assert!(check_range("Page", -1i32, Some(0), None).is_err());
        assert_eq!(check_range("Count", 7u64, None, Some(9)), Ok(7u64));
        assert_eq!(
            split(&err),
            Some(("PageSize", "expected an integer from 1 to 1000, got 0"))
        );
    }

    #[test]
    fn patterns_are_strict_unless_the_client_is_lenient() {
        static RE: OnceLock<Option<Regex>> = OnceLock::new();
        let strict = crate::testing::client("http://127.0.0.1:1");
        let lenient = crate::testing::lenient_client("http://127.0.0.1:1");
        let check = |c: &crate::testing::TestClient, v: &'static str| {
            check_pattern(&c.inner, "Id", v, "^aia_asst_.+$", &RE)
        };
        assert_eq!(check(&strict, "aia_asst_1"), Ok("aia_asst_1"));
        let err = check(&strict, "asst_1").unwrap_err();
        assert!(
            err.starts_with("`Id`: expected a value matching `^aia_asst_.+$`"),
            "{err}"
        );
        assert_eq!(check(&lenient, "asst_1"), Ok("asst_1"));
    }

    #[test]
    fn lengths_count_characters() {
        assert_eq!(
            check_length("Name", "caf\u{e9}", Some(4), Some(4)),
            Ok("caf\u{e9}")
        );
        let err = check_length("Name", "", Some(1), Some(64)).unwrap_err();
        assert_eq!(err, "`Name`: expected 1 to 64 characters, got 0");
        assert!(check_length("Name", "x".repeat(65), None, Some(64)).is_err());
    }

    #[test]
    fn family_rules_check_each_kind() {
        const RULE: FamilyRule = FamilyRule {
            kind_field: "IntegrationType",
            label: "integrations",
            members: &[
                "Integration.FlowSid",
                "Integration.Url",
                "Integration.RetryCount",
                "Integration.Priority",
            ],
            kinds: &[
                KindRule {
                    value: "studio",
                    required: &["Integration.FlowSid"],
                    allowed: &["Integration.FlowSid", "Integration.RetryCount"],
                },
                KindRule {
                    value: "external",
                    required: &["Integration.Url"],
                    allowed: &["Integration.Url", "Integration.RetryCount"],
                },
                KindRule {
                    value: "task",
                    required: &[],
                    allowed: &["Integration.Priority"],
                },
            ],
        };
        let pairs = |p: &[(&str, &str)]| -> Vec<(String, String)> {
            p.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(
            RULE.check(&pairs(&[
                ("IntegrationType", "studio"),
                ("Integration.FlowSid", "FW1")
            ])),
            Ok(())
        );
        assert_eq!(
            RULE.check(&pairs(&[("IntegrationType", "studio")])),
            Err(vec![(
                "Integration.FlowSid".into(),
                "required for studio integrations".into()
            )])
        );
        assert_eq!(
            RULE.check(&pairs(&[
                ("IntegrationType", "task"),
                ("Integration.RetryCount", "1")
            ])),
            Err(vec![(
                "Integration.RetryCount".into(),
                "applies only to studio and external integrations".into()
            )])
        );
        assert_eq!(
            RULE.check(&pairs(&[
                ("IntegrationType", "studio"),
                ("Integration.FlowSid", "FW1"),
                ("Integration.Priority", "1")
            ])),
            Err(vec![(
                "Integration.Priority".into(),
                "applies only to task integrations".into()
            )])
        );
        // Every problem at once: a missing field and one the kind doesn't take.
        assert_eq!(
            RULE.check(&pairs(&[
                ("IntegrationType", "studio"),
                ("Integration.Priority", "1")
            ])),
            Err(vec![
                (
                    "Integration.FlowSid".into(),
                    "required for studio integrations".into()
                ),
                (
                    "Integration.Priority".into(),
                    "applies only to task integrations".into()
                )
            ])
        );
        // No kind, or a kind not declared: nothing to check.
        assert_eq!(RULE.check(&pairs(&[("Integration.Priority", "1")])), Ok(()));
        assert_eq!(
            RULE.check(&pairs(&[
                ("IntegrationType", "new"),
                ("Integration.Priority", "1")
            ])),
            Ok(())
        );
    }

    #[test]
    fn every_problem_travels_in_one_message() {
        let (bad, missing) = (
            "`Sid`: expected `FO`".to_string(),
            "no value supplied for friendly_name".to_string(),
        );
        assert!(check_request::<1>(&[("sid", "Sid", None)], Ok([("a", "A", None)])).is_ok());
        let Err(progenitor_client::Error::InvalidRequest(text)) = check_request(
            &[("sid", "Sid", Some(&bad))],
            Ok([
                ("friendly_name", "FriendlyName", Some(&missing)),
                ("x", "X", None),
            ]),
        ) else {
            panic!("expected problems");
        };
        let decoded: Vec<_> = decode_problems(&text).unwrap().collect();
        assert_eq!(
            decoded,
            [
                ("sid", "Sid", "`Sid`: expected `FO`"),
                (
                    "friendly_name",
                    "FriendlyName",
                    "no value supplied for friendly_name"
                ),
            ]
        );
        // A body refused as a whole is one problem of its own.
        let whole = "conversion failed".to_string();
        let Err(progenitor_client::Error::InvalidRequest(text)) =
            check_request::<0>(&[], Err(&whole))
        else {
            panic!("expected a problem");
        };
        assert_eq!(
            decode_problems(&text).unwrap().collect::<Vec<_>>(),
            [("", "", "conversion failed")]
        );
        // A setter's message alone is not in this form.
        assert!(decode_problems(&bad).is_none());
    }

    #[test]
    fn uris_must_be_absolute() {
        assert!(check_uri("Integration.Url", "https://example.com/hook").is_ok());
        let err = check_uri("Integration.Url", "/hooks/widget").unwrap_err();
        assert!(
            err.starts_with("`Integration.Url`: expected an absolute URL"),
            "{err}"
        );
    }
}
