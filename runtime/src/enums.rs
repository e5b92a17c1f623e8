//! Forward-compatible enums. Every string enum of the spec is emitted with `open_enum!`:
//! known values are variants, and a value Twilio adds later decodes into `Unrecognized`,
//! which keeps the string and serializes back unchanged. The enums are `#[non_exhaustive]`,
//! so a new variant in a later release doesn't break callers' `match`es either.

/// Decodes a string into a type built from `&str` (borrowed input: no allocation unless the
/// type keeps it) or `String`: open enums, and SIDs.
#[doc(hidden)]
pub fn deserialize<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    struct V<T>(std::marker::PhantomData<T>);
    impl<T: for<'a> From<&'a str> + From<String>> serde::de::Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from(v))
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<T, E> {
            Ok(T::from(v))
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
            /// A value this version of the crate doesn't know, kept exactly as Twilio sent it.
            Unrecognized(::std::string::String),
        }

        impl $name {
            /// The variants this version knows, in spec order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $value,)*
                    $name::Unrecognized(s) => s,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $($value => $name::$variant,)*
                    other => $name::Unrecognized(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(s: ::std::string::String) -> Self {
                match s.as_str() {
                    $($value => $name::$variant,)*
                    _ => $name::Unrecognized(s),
                }
            }
        }

        impl ::std::convert::From<&$name> for $name {
            fn from(v: &$name) -> Self {
                v.clone()
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(s.into())
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
