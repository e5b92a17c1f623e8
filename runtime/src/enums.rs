//! Forward-compatible enums, strict for the caller and lenient for the wire.
//!
//! Every string enum of a spec is emitted with [`open_enum!`](crate::open_enum): known values
//! are variants, and the enums are `#[non_exhaustive]`, so a variant added in a later release
//! doesn't break callers' `match`es.
//!
//! - **From a response** any value decodes: one Twilio added after this crate's release
//!   becomes `Unrecognized`, keeping the text, and serializes back unchanged.
//! - **From the caller** a value must be known: `"smss".parse()` and `.channel_type("smss")`
//!   fail before anything is sent ([`UnknownValue`] lists the known values). A value Twilio
//!   added since is sent with an explicit `Enum::unrecognized("new-value")`, the escape hatch.
//!   It gives the known variant when the value is known, so a value never has two forms that
//!   compare unequal but serialize alike.

use std::fmt;

/// A value the crate doesn't know, kept exactly as given. Only the wire and
/// `Enum::unrecognized` make one, and never for a value the enum knows.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Unknown(Box<str>);

impl Unknown {
    /// The value.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For `open_enum!`: only called with values the enum doesn't know.
    #[doc(hidden)]
    pub fn __new(value: &str) -> Self {
        Unknown(value.into())
    }

    #[doc(hidden)]
    pub fn __from_string(value: String) -> Self {
        Unknown(value.into_boxed_str())
    }
}

impl std::ops::Deref for Unknown {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Unknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for Unknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A value given for an enum that isn't one of its known values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected one of {}, got {got:?} (a value newer than this crate: `{enum_name}::unrecognized(…)`)", known.join(", "))]
pub struct UnknownValue {
    /// The enum, e.g. `WidgetChannelType`.
    pub enum_name: &'static str,
    /// Its known values.
    pub known: Vec<&'static str>,
    /// The value given (shortened if long).
    pub got: String,
}

/// How a string-like type is built from the wire: without allocating when it can borrow.
#[doc(hidden)]
pub trait FromWire: Sized {
    fn from_wire_str(s: &str) -> Self;
    fn from_wire_string(s: String) -> Self;
}

/// Decodes a [`FromWire`] type from a string (borrowed input: no allocation unless the type
/// keeps it): open enums, and SIDs.
#[doc(hidden)]
pub fn deserialize<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: FromWire,
{
    struct V<T>(std::marker::PhantomData<T>);
    impl<T: FromWire> serde::de::Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from_wire_str(v))
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<T, E> {
            Ok(T::from_wire_string(v))
        }
    }
    d.deserialize_str(V(std::marker::PhantomData))
}

/// Defines a forward-compatible string enum: `Name { Variant = "value", … }`.
#[doc(hidden)]
#[macro_export]
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $value:literal,)* }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`", $value, "`")]
                $variant,
            )*
            /// A value this version of the crate doesn't know, kept exactly as Twilio sent it
            /// (or as given to `unrecognized`).
            Unrecognized($crate::enums::Unknown),
        }

        impl $name {
            /// The variants this version knows, in spec order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $value,)*
                    $name::Unrecognized(s) => s.as_str(),
                }
            }

            /// A value given explicitly, known or not: the escape hatch for a value Twilio
            /// added after this crate's release. A known value gives its variant.
            pub fn unrecognized(value: impl ::std::convert::AsRef<str>) -> Self {
                let value = value.as_ref();
                match value {
                    $($value => $name::$variant,)*
                    other => $name::Unrecognized($crate::enums::Unknown::__new(other)),
                }
            }

            fn unknown(got: &str) -> $crate::enums::UnknownValue {
                $crate::enums::UnknownValue {
                    enum_name: stringify!($name),
                    known: ::std::vec![$($value),*],
                    got: got.chars().take(40).collect(),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::enums::FromWire for $name {
            fn from_wire_str(s: &str) -> Self {
                Self::unrecognized(s)
            }
            fn from_wire_string(s: ::std::string::String) -> Self {
                match s.as_str() {
                    $($value => $name::$variant,)*
                    _ => $name::Unrecognized($crate::enums::Unknown::__from_string(s)),
                }
            }
        }

        impl ::std::convert::TryFrom<&str> for $name {
            type Error = $crate::enums::UnknownValue;
            fn try_from(s: &str) -> ::std::result::Result<Self, $crate::enums::UnknownValue> {
                match s {
                    $($value => Ok($name::$variant),)*
                    other => Err(Self::unknown(other)),
                }
            }
        }

        impl ::std::convert::TryFrom<::std::string::String> for $name {
            type Error = $crate::enums::UnknownValue;
            fn try_from(s: ::std::string::String) -> ::std::result::Result<Self, $crate::enums::UnknownValue> {
                Self::try_from(s.as_str())
            }
        }

        impl ::std::convert::TryFrom<&::std::string::String> for $name {
            type Error = $crate::enums::UnknownValue;
            fn try_from(s: &::std::string::String) -> ::std::result::Result<Self, $crate::enums::UnknownValue> {
                Self::try_from(s.as_str())
            }
        }

        impl ::std::convert::From<&$name> for $name {
            fn from(v: &$name) -> Self {
                v.clone()
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::enums::UnknownValue;
            fn from_str(s: &str) -> ::std::result::Result<Self, $crate::enums::UnknownValue> {
                Self::try_from(s)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::enums::deserialize(d)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::open_enum! {
        /// A test enum.
        Channel { Web = "web", Sms = "sms", }
    }

    // Variants named like the traits' associated items (`Error`, `Err`) must not clash.
    crate::open_enum! {
        /// Another.
        Level { Error = "ERROR", Err = "err", Unknown = "UNKNOWN", }
    }

    #[test]
    fn callers_must_give_known_values_or_say_they_are_new() {
        assert_eq!("sms".parse::<Channel>(), Ok(Channel::Sms));
        let err = "smss".parse::<Channel>().unwrap_err();
        assert_eq!(err.got, "smss");
        assert!(
            err.to_string().contains("expected one of web, sms"),
            "{err}"
        );
        assert!(Channel::try_from("smss").is_err());
        // The escape hatch: a new value, kept; a known one, its variant.
        let new = Channel::unrecognized("whatsapp");
        assert_eq!(new.as_str(), "whatsapp");
        assert!(matches!(new, Channel::Unrecognized(ref v) if v.as_str() == "whatsapp"));
        assert_eq!(Channel::unrecognized("sms"), Channel::Sms);
        assert_eq!(Channel::KNOWN, &[Channel::Web, Channel::Sms]);
        assert_eq!("ERROR".parse::<Level>(), Ok(Level::Error));
        assert_eq!(Level::try_from("err"), Ok(Level::Err));
        assert_eq!(Level::unrecognized("UNKNOWN"), Level::Unknown);
        assert_eq!(Level::KNOWN.len(), 3);
    }

    #[test]
    fn the_wire_is_lenient_and_round_trips() {
        let known: Channel = serde_json::from_str("\"web\"").unwrap();
        assert_eq!(known, Channel::Web);
        let new: Channel = serde_json::from_str("\"whatsapp\"").unwrap();
        assert_eq!(serde_json::to_string(&new).unwrap(), "\"whatsapp\"");
        // A value and its unknown twin never coexist: one form per value.
        let escaped: Channel = serde_json::from_str("\"\\u0073ms\"").unwrap();
        assert_eq!(escaped, Channel::Sms);
        assert_eq!(Channel::unrecognized("whatsapp"), new);
    }
}
