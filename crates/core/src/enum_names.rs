//! Closed sets of values that are stored and sent by name: article statuses, roles, job
//! kinds, feed kinds and the rest. [`enum_names!`](crate::enum_names) gives each such enum
//! its names, the list of its values, parsing (an unknown name read back is an error, never
//! a silent default) and display, so the rule is written once for every crate.

/// A stored value that is not one of an enum's names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a valid {what}; expected one of: {expected}")]
pub struct UnknownValue {
    pub what: &'static str,
    pub value: String,
    pub expected: &'static str,
}

/// `enum_names!(Kind, "kind", { Original => "original", … })` gives `Kind::ALL`,
/// `as_str`, `FromStr` and `TryFrom<String>` (both failing with [`UnknownValue`]), and
/// `Display`. `TryFrom<String>` lets the store decode a text column straight into the enum.
#[macro_export]
macro_rules! enum_names {
    ($ty:ident, $what:literal, { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::enum_names::UnknownValue;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                match s {
                    $($name => Ok($ty::$variant),)+
                    _ => Err($crate::enum_names::UnknownValue {
                        what: $what,
                        value: s.to_owned(),
                        expected: concat!($($name, " "),+).trim_end(),
                    }),
                }
            }
        }

        impl ::std::convert::TryFrom<String> for $ty {
            type Error = $crate::enum_names::UnknownValue;
            fn try_from(s: String) -> ::std::result::Result<Self, Self::Error> {
                s.parse()
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Light {
        Red,
        Green,
    }
    enum_names!(Light, "light", { Red => "red", Green => "green" });

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for l in Light::ALL {
            assert_eq!(l.as_str().parse::<Light>(), Ok(*l));
            assert_eq!(Light::try_from(l.to_string()), Ok(*l));
        }
        let err = "amber".parse::<Light>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "`amber` is not a valid light; expected one of: red green"
        );
    }
}
