//! Column types that sqlx's `Any` driver cannot decode on both backends, read into the
//! Rust types the rows expose, so a row struct can derive `FromRow` with
//! `#[sqlx(try_from = "Flag")]` instead of keeping a raw twin and a field-by-field copy.
//! (Names of closed sets decode with `try_from = "String"`; see `gazette_core::enum_names!`.)

use gazette_core::digest::prefs::sections_from_text;
use sqlx::any::{AnyTypeInfo, AnyValueRef};
use sqlx::error::BoxDynError;
use sqlx::{Any, Decode, Type};

/// A flag stored as a 0/1 integer (`Any` has no boolean both backends agree on).
pub(crate) struct Flag(bool);

impl Type<Any> for Flag {
    fn type_info() -> AnyTypeInfo {
        <i64 as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <i64 as Type<Any>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Any> for Flag {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(Flag(<i64 as Decode<'r, Any>>::decode(value)? != 0))
    }
}

impl From<Flag> for bool {
    fn from(flag: Flag) -> bool {
        flag.0
    }
}

/// Category ids stored as `3,7,12` (a subscriber's sections; empty: all).
pub(crate) struct IdList(Vec<i64>);

impl Type<Any> for IdList {
    fn type_info() -> AnyTypeInfo {
        <String as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <String as Type<Any>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Any> for IdList {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <String as Decode<'r, Any>>::decode(value)?;
        Ok(IdList(sections_from_text(&text)))
    }
}

impl From<IdList> for Vec<i64> {
    fn from(list: IdList) -> Vec<i64> {
        list.0
    }
}
