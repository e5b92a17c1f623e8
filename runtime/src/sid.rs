//! Twilio SIDs: one type per prefix (`WidgetSid` for `FO…`), shared by every field and
//! parameter that carries it. The types themselves are emitted from the spec with
//! `sid_types!`; this module holds their behaviour.
//!
//! Built from caller input a SID is checked (prefix + 32 hex digits), so a typo fails before
//! any request. Decoded from a response it is kept as sent: Twilio has changed prefixes
//! before (`UO` → `UT`), and that must not make a whole response undecodable.

/// A SID given by the caller that doesn't have the expected shape.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a {label} SID: `{prefix}` followed by 32 hexadecimal digits, got {got:?}")]
pub struct InvalidSid {
    /// What the SID identifies, e.g. `Widget`.
    pub label: &'static str,
    /// Expected two-letter prefix.
    pub prefix: &'static str,
    /// The value given (shortened if long).
    pub got: String,
}

/// Whether `s` is `prefix` followed by 32 hexadecimal digits.
pub fn is_well_formed(s: &str, prefix: &str) -> bool {
    s.len() == 34 && s.starts_with(prefix) && s.as_bytes()[2..].iter().all(u8::is_ascii_hexdigit)
}

/// Whether `s` has a SID's shape whatever its prefix: two upper-case letters and 32
/// hexadecimal digits.
pub fn is_sid_shaped(s: &str) -> bool {
    s.len() == 34
        && s.as_bytes()[..2].iter().all(u8::is_ascii_uppercase)
        && s.as_bytes()[2..].iter().all(u8::is_ascii_hexdigit)
}

/// How a generated setter takes a SID: text is checked (against the prefix strictly, or
/// leniently under [`ClientBuilder::lenient_patterns`](crate::ClientBuilder::lenient_patterns)),
/// a SID value is taken as it is. Implemented for every SID type by the generated code.
pub trait IntoSid<T> {
    /// The SID for `field`, checked as `client` says.
    fn into_sid(self, client: &crate::ClientState, field: &str) -> Result<T, InvalidSid>;
}

/// Checks text given for a SID of `prefix`. Under lenient patterns, a value with a SID's
/// shape and another prefix passes with a warning (Twilio has issued prefixes its spec didn't
/// say); the shape itself is always checked.
#[doc(hidden)]
pub fn check_for(
    client: &crate::ClientState,
    field: &str,
    s: &str,
    prefix: &'static str,
    label: &'static str,
) -> Result<(), InvalidSid> {
    match check(s, prefix, label) {
        Err(_) if client.lenient_patterns() && is_sid_shaped(s) => {
            tracing::warn!(
                field,
                expected_prefix = prefix,
                got_prefix = &s[..2],
                "SID has another prefix than the spec documents; sent anyway (lenient patterns)"
            );
            Ok(())
        }
        other => other,
    }
}

#[doc(hidden)]
pub fn check(s: &str, prefix: &'static str, label: &'static str) -> Result<(), InvalidSid> {
    if is_well_formed(s, prefix) {
        Ok(())
    } else {
        Err(InvalidSid {
            label,
            prefix,
            got: s.chars().take(40).collect(),
        })
    }
}

/// How a SID is stored: inline when it fits the usual 34 characters, so decoding a page of
/// records allocates nothing per SID; on the heap otherwise (a response keeps odd values).
#[doc(hidden)]
#[derive(Clone)]
pub struct SidStr(Repr);

#[derive(Clone)]
enum Repr {
    Inline(arrayvec::ArrayString<34>),
    Heap(Box<str>),
}

impl SidStr {
    /// Stores `s` (inline when it fits).
    pub fn new(s: &str) -> Self {
        match arrayvec::ArrayString::from(s) {
            Ok(a) => SidStr(Repr::Inline(a)),
            Err(_) => SidStr(Repr::Heap(s.into())),
        }
    }

    /// Stores `s`, reusing its allocation when it doesn't fit inline.
    pub fn from_string(s: String) -> Self {
        if s.len() <= 34 {
            Self::new(&s)
        } else {
            SidStr(Repr::Heap(s.into_boxed_str()))
        }
    }

    /// The SID's text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline(a) => a.as_str(),
            Repr::Heap(b) => b,
        }
    }
}

impl std::fmt::Debug for SidStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

// Compared and hashed by text, whatever the storage.
impl PartialEq for SidStr {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}
impl Eq for SidStr {}
impl std::hash::Hash for SidStr {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_str().hash(h)
    }
}
impl PartialOrd for SidStr {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for SidStr {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl serde::Serialize for SidStr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl From<&str> for SidStr {
    fn from(s: &str) -> Self {
        SidStr::new(s)
    }
}

impl From<String> for SidStr {
    fn from(s: String) -> Self {
        SidStr::from_string(s)
    }
}

impl crate::enums::FromWire for SidStr {
    fn from_wire_str(s: &str) -> Self {
        SidStr::new(s)
    }
    fn from_wire_string(s: String) -> Self {
        SidStr::from_string(s)
    }
}

impl<'de> serde::Deserialize<'de> for SidStr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::enums::deserialize(d)
    }
}

/// Defines SID newtypes: `Name = ("XX", "Label");`.
#[doc(hidden)]
#[macro_export]
macro_rules! sid_types {
    ($($name:ident = ($prefix:literal, $label:literal);)*) => {$(
        #[doc = concat!("A ", $label, " SID: `", $prefix, "` followed by 32 hexadecimal digits.")]
        ///
        /// Parsed from caller input (`TryFrom<&str>`, `FromStr`) it is checked; decoded from a
        /// response it is kept as sent, whatever its shape.
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name($crate::sid::SidStr);

        impl $name {
            /// The two-letter prefix of this kind of SID.
            pub const PREFIX: &'static str = $prefix;

            /// The SID as a string slice.
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }

            /// Whether it has the documented shape (always true for caller-built SIDs).
            pub fn is_well_formed(&self) -> bool {
                $crate::sid::is_well_formed(self.0.as_str(), $prefix)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::sid::InvalidSid;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                $crate::sid::check(s, $prefix, $label).map(|()| Self($crate::sid::SidStr::new(s)))
            }
        }

        impl ::std::convert::TryFrom<&str> for $name {
            type Error = $crate::sid::InvalidSid;
            fn try_from(s: &str) -> ::std::result::Result<Self, Self::Error> {
                s.parse()
            }
        }

        impl ::std::convert::TryFrom<&::std::string::String> for $name {
            type Error = $crate::sid::InvalidSid;
            fn try_from(s: &::std::string::String) -> ::std::result::Result<Self, Self::Error> {
                s.parse()
            }
        }

        impl ::std::convert::TryFrom<::std::string::String> for $name {
            type Error = $crate::sid::InvalidSid;
            fn try_from(s: ::std::string::String) -> ::std::result::Result<Self, Self::Error> {
                $crate::sid::check(&s, $prefix, $label).map(|()| Self($crate::sid::SidStr::from_string(s)))
            }
        }

        impl ::std::convert::TryFrom<&$name> for $name {
            type Error = ::std::convert::Infallible;
            fn try_from(s: &$name) -> ::std::result::Result<Self, Self::Error> {
                Ok(s.clone())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.0.as_str())
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0.as_str())
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.0.as_str()
            }
        }

        impl ::std::cmp::PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0.as_str() == other
            }
        }

        impl ::std::cmp::PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0.as_str() == *other
            }
        }

        impl ::std::convert::From<$name> for ::std::string::String {
            fn from(s: $name) -> Self {
                s.0.as_str().to_owned()
            }
        }

        impl $crate::sid::IntoSid<$name> for &str {
            fn into_sid(self, client: &$crate::ClientState, field: &str) -> ::std::result::Result<$name, $crate::sid::InvalidSid> {
                $crate::sid::check_for(client, field, self, $prefix, $label).map(|()| $name($crate::sid::SidStr::new(self)))
            }
        }

        impl $crate::sid::IntoSid<$name> for ::std::string::String {
            fn into_sid(self, client: &$crate::ClientState, field: &str) -> ::std::result::Result<$name, $crate::sid::InvalidSid> {
                $crate::sid::check_for(client, field, &self, $prefix, $label).map(|()| $name($crate::sid::SidStr::from_string(self)))
            }
        }

        impl $crate::sid::IntoSid<$name> for &::std::string::String {
            fn into_sid(self, client: &$crate::ClientState, field: &str) -> ::std::result::Result<$name, $crate::sid::InvalidSid> {
                self.as_str().into_sid(client, field)
            }
        }

        impl $crate::sid::IntoSid<$name> for $name {
            fn into_sid(self, _: &$crate::ClientState, _: &str) -> ::std::result::Result<$name, $crate::sid::InvalidSid> {
                Ok(self)
            }
        }

        impl $crate::sid::IntoSid<$name> for &$name {
            fn into_sid(self, _: &$crate::ClientState, _: &str) -> ::std::result::Result<$name, $crate::sid::InvalidSid> {
                Ok(self.clone())
            }
        }
    )*};
}

#[cfg(test)]
mod tests {
    use super::SidStr;
    use std::collections::HashSet;

    #[test]
    fn sids_are_stored_inline_when_they_fit_and_compare_by_text() {
        let sid = "FO0123456789abcdef0123456789abcdef";
        let inline = SidStr::new(sid);
        assert!(matches!(inline.0, super::Repr::Inline(_)));
        assert_eq!(inline.as_str(), sid);
        assert_eq!(SidStr::from_string(sid.to_string()), inline);
        let long = "x".repeat(40);
        let heap = SidStr::from_string(long.clone());
        assert!(matches!(heap.0, super::Repr::Heap(_)));
        assert_eq!(heap.as_str(), long);
        assert_eq!(SidStr::new(&long), heap);
        let set: HashSet<SidStr> = [inline.clone(), SidStr::new(sid), heap.clone()].into();
        assert_eq!(set.len(), 2);
        assert!(SidStr::new("A") < SidStr::new(&"B".repeat(40)));
        // Decoding keeps any text, escaped or not, short or long.
        for text in [sid, "", "UO\u{e9}", &long] {
            let json = serde_json::to_string(text).unwrap();
            let decoded: SidStr = serde_json::from_str(&json).unwrap();
            assert_eq!(decoded.as_str(), text);
            assert_eq!(serde_json::to_string(&decoded).unwrap(), json);
        }
        let escaped: SidStr = serde_json::from_str(r#""FO\u0030123""#).unwrap();
        assert_eq!(escaped.as_str(), "FO0123");
    }
}
