//! Twilio SIDs: one type per prefix (`FlexFlowSid` for `FO…`), shared by every field and
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
    /// What the SID identifies, e.g. `Flex Flow`.
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

/// Defines SID newtypes: `Name = ("XX", "Label");`.
macro_rules! sid_types {
    ($($name:ident = ($prefix:literal, $label:literal);)*) => {$(
        #[doc = concat!("A ", $label, " SID: `", $prefix, "` followed by 32 hexadecimal digits.")]
        ///
        /// Parsed from caller input (`TryFrom<&str>`, `FromStr`) it is checked; decoded from a
        /// response it is kept as sent, whatever its shape.
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(::std::string::String);

        impl $name {
            /// The two-letter prefix of this kind of SID.
            pub const PREFIX: &'static str = $prefix;

            /// The SID as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Whether it has the documented shape (always true for caller-built SIDs).
            pub fn is_well_formed(&self) -> bool {
                $crate::sid::is_well_formed(&self.0, $prefix)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::sid::InvalidSid;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                $crate::sid::check(s, $prefix, $label).map(|()| Self(s.to_owned()))
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
                $crate::sid::check(&s, $prefix, $label).map(|()| Self(s))
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
                f.write_str(&self.0)
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ::std::cmp::PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl ::std::cmp::PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl ::std::convert::From<$name> for ::std::string::String {
            fn from(s: $name) -> Self {
                s.0
            }
        }
    )*};
}
pub(crate) use sid_types;
