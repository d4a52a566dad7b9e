//! Column types that sqlx's `Any` driver cannot decode on both backends, read into the
//! Rust types the rows expose, so a row struct can derive `FromRow` with
//! `#[sqlx(try_from = "Flag")]` instead of keeping a raw twin and a field-by-field copy.
//! (Names of closed sets decode with `try_from = "String"`; see `gazette_core::enum_names!`.)

use gazette_core::digest::prefs::sections_from_text;
use sqlx::any::{AnyTypeInfo, AnyValueRef};
use sqlx::error::BoxDynError;
use sqlx::{Any, Decode, Type};

/// `$wrapper` is stored as a `$column` column and read from it by `$read`.
macro_rules! stored_as {
    ($wrapper:ident, $column:ty, $read:expr) => {
        impl Type<Any> for $wrapper {
            fn type_info() -> AnyTypeInfo {
                <$column as Type<Any>>::type_info()
            }

            fn compatible(ty: &AnyTypeInfo) -> bool {
                <$column as Type<Any>>::compatible(ty)
            }
        }

        impl<'r> Decode<'r, Any> for $wrapper {
            fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
                let read: fn($column) -> $wrapper = $read;
                Ok(read(<$column as Decode<'r, Any>>::decode(value)?))
            }
        }
    };
}

/// A flag stored as a 0/1 integer (`Any` has no boolean both backends agree on).
pub(crate) struct Flag(bool);

stored_as!(Flag, i64, |n| Flag(n != 0));

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

/// Category ids stored as `3,7,12` (a subscriber's sections; empty: all).
pub(crate) struct IdList(Vec<i64>);

stored_as!(IdList, String, |text| IdList(sections_from_text(&text)));

impl From<IdList> for Vec<i64> {
    fn from(list: IdList) -> Vec<i64> {
        list.0
    }
}
