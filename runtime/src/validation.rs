//! Checks the emitted setters run on caller input, before any request is sent.
//!
//! Setter errors travel through progenitor's builder as strings of the form
//! "`{wire name}`: {what was expected}"; [`crate::error`] turns them back into
//! [`crate::Error::InvalidRequest`] with the field and the message apart.

use std::fmt::Display;

/// An invalid value for `field`.
pub fn invalid(field: &str, reason: impl Display) -> String {
    format!("`{field}`: {reason}")
}

/// `value` within the spec's inclusive range for `field`.
pub fn check_range(
    field: &str,
    value: i64,
    min: Option<i64>,
    max: Option<i64>,
) -> Result<i64, String> {
    let expected = match (min, max) {
        (Some(lo), Some(hi)) => format!("an integer from {lo} to {hi}"),
        (Some(lo), None) => format!("an integer of at least {lo}"),
        (None, Some(hi)) => format!("an integer of at most {hi}"),
        (None, None) => return Ok(value),
    };
    if min.is_some_and(|lo| value < lo) || max.is_some_and(|hi| value > hi) {
        Err(invalid(
            field,
            format_args!("expected {expected}, got {value}"),
        ))
    } else {
        Ok(value)
    }
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
        assert_eq!(check_range("PageSize", 50, Some(1), Some(1000)), Ok(50));
        let err = check_range("PageSize", 0, Some(1), Some(1000)).unwrap_err();
        assert_eq!(err, "`PageSize`: expected an integer from 1 to 1000, got 0");
        assert!(check_range("PageSize", 1001, Some(1), Some(1000)).is_err());
        assert!(check_range("Page", -1, Some(0), None).is_err());
        assert_eq!(
            split(&err),
            Some(("PageSize", "expected an integer from 1 to 1000, got 0"))
        );
    }
}
