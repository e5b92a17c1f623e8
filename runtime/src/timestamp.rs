//! Decoding of the timestamps in responses. Twilio writes them as `2016-08-01T22:10:40Z`; that
//! form is read directly (a page of 1,000 records carries 2,000 of them), anything else goes
//! through chrono's RFC 3339 parser, as `chrono`'s own `Deserialize` would.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone as _, Utc};

/// Parses an RFC 3339 timestamp into UTC.
pub fn parse(s: &str) -> Option<DateTime<Utc>> {
    fast(s).or_else(|| {
        s.parse::<DateTime<FixedOffset>>()
            .ok()
            .map(|t| t.with_timezone(&Utc))
    })
}

/// `YYYY-MM-DDTHH:MM:SSZ` exactly; `None` for any other shape.
fn fast(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let num = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)?;
    let time = date.and_hms_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?)?;
    Some(Utc.from_utc_datetime(&time))
}

struct Visitor;

impl serde::de::Visitor<'_> for Visitor {
    type Value = DateTime<Utc>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an RFC 3339 timestamp")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        parse(v).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
    }
}

#[doc(hidden)]
pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    d.deserialize_str(Visitor)
}

#[doc(hidden)]
pub fn deserialize_option<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    struct OptionVisitor;
    impl<'de> serde::de::Visitor<'de> for OptionVisitor {
        type Value = Option<DateTime<Utc>>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an RFC 3339 timestamp or null")
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            deserialize(d).map(Some)
        }
    }
    d.deserialize_option(OptionVisitor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_path_agrees_with_chrono() {
        for s in [
            "2016-08-01T22:10:40Z",
            "1970-01-01T00:00:00Z",
            "2024-02-29T23:59:59Z",
            "9999-12-31T23:59:59Z",
        ] {
            let chrono = s
                .parse::<DateTime<FixedOffset>>()
                .unwrap()
                .with_timezone(&Utc);
            assert_eq!(fast(s), Some(chrono), "{s}");
        }
    }

    #[test]
    fn other_shapes_fall_back_to_chrono() {
        for (s, want) in [
            ("2016-08-01T22:10:40.123Z", "2016-08-01T22:10:40.123Z"),
            ("2016-08-01T23:10:40+01:00", "2016-08-01T22:10:40Z"),
            ("2016-08-01t22:10:40z", "2016-08-01T22:10:40Z"),
        ] {
            assert_eq!(fast(s), None, "{s}");
            let want = want
                .parse::<DateTime<FixedOffset>>()
                .unwrap()
                .with_timezone(&Utc);
            assert_eq!(parse(s), Some(want), "{s}");
        }
    }

    #[test]
    fn impossible_dates_are_errors_not_panics() {
        for s in [
            "2023-02-29T00:00:00Z",
            "2016-13-01T22:10:40Z",
            "2016-08-01T24:10:40Z",
            "2016-08-01T22:60:40Z",
            "2016-0a-01T22:10:40Z",
            "",
            "2016-08-01T22:10:40",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    #[test]
    fn decodes_null_missing_and_bad_values() {
        #[derive(Debug, serde::Deserialize)]
        struct X {
            #[serde(default, deserialize_with = "deserialize_option")]
            at: Option<DateTime<Utc>>,
        }
        let x: X = serde_json::from_str(r#"{"at":"2016-08-01T22:10:40Z"}"#).unwrap();
        assert_eq!(x.at.unwrap().timestamp(), 1_470_089_440);
        assert!(
            serde_json::from_str::<X>(r#"{"at":null}"#)
                .unwrap()
                .at
                .is_none()
        );
        assert!(serde_json::from_str::<X>("{}").unwrap().at.is_none());
        let e = serde_json::from_str::<X>(r#"{"at":"yesterday"}"#).unwrap_err();
        assert!(e.to_string().contains("RFC 3339"), "{e}");
    }
}
