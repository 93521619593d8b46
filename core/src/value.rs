//! Values: SQLite's five storage classes, owned ([`Value`]) and borrowed ([`ValueRef`]), and the
//! conversions into parameters ([`ToValue`]) and out of rows ([`FromValue`]).
//!
//! The rules are the ones in `docs/types.md`, shared by every binding:
//! integers are exact 64-bit values and never become REAL; a REAL NaN binds as NULL (SQLite's
//! own rule); `-0.0` and infinities are kept; an empty blob is a blob, not NULL; TEXT that is
//! not valid UTF-8 is read with U+FFFD replacement characters.

use crate::error::{Error, Result};

/// The type of a value: one of SQLite's storage classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueType {
    Null,
    Integer,
    Real,
    Text,
    Blob,
}

impl ValueType {
    /// The name SQLite's `typeof()` gives: `"null"`, `"integer"`, `"real"`, `"text"`, `"blob"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueType::Null => "null",
            ValueType::Integer => "integer",
            ValueType::Real => "real",
            ValueType::Text => "text",
            ValueType::Blob => "blob",
        }
    }
}

/// An owned SQLite value.
#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    /// The storage class of this value.
    pub fn value_type(&self) -> ValueType {
        self.as_ref().value_type()
    }

    /// Borrows this value.
    pub fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Value::Null => ValueRef::Null,
            Value::Integer(i) => ValueRef::Integer(*i),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }
    }

    /// Converts this value into `T` with the rules of [`FromValue`].
    pub fn get<T: FromValue>(&self) -> Result<T> {
        T::from_value(self.as_ref())
    }
}

/// Values compare by storage class and content; reals compare bit-exactly except that all NaNs
/// are equal, so `-0.0 != 0.0` here (unlike `f64`).
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        self.as_ref() == other.as_ref()
    }
}

/// A value borrowed from a row or a parameter.
///
/// TEXT is held as bytes because SQLite does not guarantee UTF-8 (`CAST(x'ff' AS TEXT)`);
/// [`ValueRef::as_str`] checks, and [`ValueRef::to_owned`] replaces invalid sequences with U+FFFD.
#[derive(Clone, Copy, Debug)]
pub enum ValueRef<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a [u8]),
    Blob(&'a [u8]),
}

impl<'a> ValueRef<'a> {
    /// The storage class of this value.
    pub fn value_type(&self) -> ValueType {
        match self {
            ValueRef::Null => ValueType::Null,
            ValueRef::Integer(_) => ValueType::Integer,
            ValueRef::Real(_) => ValueType::Real,
            ValueRef::Text(_) => ValueType::Text,
            ValueRef::Blob(_) => ValueType::Blob,
        }
    }

    /// The text of a TEXT value, if it is valid UTF-8.
    pub fn as_str(&self) -> Result<&'a str> {
        match self {
            ValueRef::Text(bytes) => {
                std::str::from_utf8(bytes).map_err(|e| Error::mismatch(format!("TEXT value is not valid UTF-8: {e}")))
            }
            other => Err(wrong_type("TEXT", other)),
        }
    }

    /// An owned copy; invalid UTF-8 in TEXT becomes U+FFFD.
    pub fn to_owned(&self) -> Value {
        match *self {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(f) => Value::Real(f),
            ValueRef::Text(bytes) => Value::Text(text_lossy(bytes)),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        }
    }
}

impl PartialEq for ValueRef<'_> {
    fn eq(&self, other: &ValueRef<'_>) -> bool {
        match (self, other) {
            (ValueRef::Null, ValueRef::Null) => true,
            (ValueRef::Integer(a), ValueRef::Integer(b)) => a == b,
            (ValueRef::Real(a), ValueRef::Real(b)) => a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
            (ValueRef::Text(a), ValueRef::Text(b)) => a == b,
            (ValueRef::Blob(a), ValueRef::Blob(b)) => a == b,
            _ => false,
        }
    }
}

pub(crate) fn text_lossy(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

fn wrong_type(wanted: &str, got: &ValueRef<'_>) -> Error {
    Error::mismatch(format!("cannot read a {} value as {wanted}", got.value_type().as_str()))
}

/// Something that can be bound as a statement parameter.
///
/// Implemented for integers (checked against the i64 range: `u64::MAX` is an error, never a
/// wrapped or REAL value), floats, `bool` (0/1), strings, byte slices, [`Value`], [`ValueRef`]
/// and `Option<T>` (`None` is NULL).
pub trait ToValue {
    /// The value to bind.
    fn to_value(&self) -> Result<ValueRef<'_>>;
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Result<ValueRef<'_>> {
        (**self).to_value()
    }
}

impl<T: ToValue + ?Sized> ToValue for Box<T> {
    fn to_value(&self) -> Result<ValueRef<'_>> {
        (**self).to_value()
    }
}

impl ToValue for Value {
    fn to_value(&self) -> Result<ValueRef<'_>> {
        Ok(self.as_ref())
    }
}

impl ToValue for ValueRef<'_> {
    fn to_value(&self) -> Result<ValueRef<'_>> {
        Ok(*self)
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Result<ValueRef<'_>> {
        match self {
            Some(v) => v.to_value(),
            None => Ok(ValueRef::Null),
        }
    }
}

macro_rules! to_value_exact_int {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Result<ValueRef<'_>> {
                Ok(ValueRef::Integer(i64::from(*self)))
            }
        }
    )*};
}
to_value_exact_int!(i8, i16, i32, i64, u8, u16, u32, bool);

macro_rules! to_value_checked_int {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Result<ValueRef<'_>> {
                i64::try_from(*self).map(ValueRef::Integer).map_err(|_| {
                    Error::parameter(format!("integer {} is out of the 64-bit signed range", self))
                })
            }
        }
    )*};
}
to_value_checked_int!(u64, usize, isize, i128, u128);

impl ToValue for f64 {
    fn to_value(&self) -> Result<ValueRef<'_>> {
        Ok(ValueRef::Real(*self))
    }
}

impl ToValue for f32 {
    fn to_value(&self) -> Result<ValueRef<'_>> {
        Ok(ValueRef::Real(f64::from(*self)))
    }
}

impl ToValue for str {
    fn to_value(&self) -> Result<ValueRef<'_>> {
        Ok(ValueRef::Text(self.as_bytes()))
    }
}

impl ToValue for String {
    fn to_value(&self) -> Result<ValueRef<'_>> {
        Ok(ValueRef::Text(self.as_bytes()))
    }
}

impl ToValue for [u8] {
    fn to_value(&self) -> Result<ValueRef<'_>> {
        Ok(ValueRef::Blob(self))
    }
}

impl<const N: usize> ToValue for [u8; N] {
    fn to_value(&self) -> Result<ValueRef<'_>> {
        Ok(ValueRef::Blob(self))
    }
}

impl ToValue for Vec<u8> {
    fn to_value(&self) -> Result<ValueRef<'_>> {
        Ok(ValueRef::Blob(self))
    }
}

/// A type that a column value can be read as.
///
/// | Rust | accepts |
/// |---|---|
/// | `i64`, `i32`, ... | INTEGER (range-checked) |
/// | `f64` | REAL, INTEGER |
/// | `String` | TEXT (must be UTF-8) |
/// | `Vec<u8>` | BLOB, TEXT |
/// | `bool` | INTEGER (non-zero is true) |
/// | `Value` | anything |
/// | `Option<T>` | NULL as `None`, else as `T` |
///
/// Anything else is a [`ErrorCode::TypeMismatch`](crate::ErrorCode::TypeMismatch) error.
pub trait FromValue: Sized {
    /// Converts a borrowed value.
    fn from_value(value: ValueRef<'_>) -> Result<Self>;
}

impl FromValue for Value {
    fn from_value(value: ValueRef<'_>) -> Result<Self> {
        Ok(value.to_owned())
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: ValueRef<'_>) -> Result<Self> {
        match value {
            ValueRef::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

impl FromValue for i64 {
    fn from_value(value: ValueRef<'_>) -> Result<Self> {
        match value {
            ValueRef::Integer(i) => Ok(i),
            other => Err(wrong_type("INTEGER", &other)),
        }
    }
}

macro_rules! from_value_int {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(value: ValueRef<'_>) -> Result<Self> {
                let i = i64::from_value(value)?;
                <$t>::try_from(i).map_err(|_| {
                    Error::mismatch(format!("integer {i} does not fit in {}", stringify!($t)))
                })
            }
        }
    )*};
}
from_value_int!(i8, i16, i32, u8, u16, u32, u64, usize, isize);

impl FromValue for bool {
    fn from_value(value: ValueRef<'_>) -> Result<Self> {
        i64::from_value(value).map(|i| i != 0)
    }
}

impl FromValue for f64 {
    fn from_value(value: ValueRef<'_>) -> Result<Self> {
        match value {
            ValueRef::Real(f) => Ok(f),
            ValueRef::Integer(i) => Ok(i as f64),
            other => Err(wrong_type("REAL", &other)),
        }
    }
}

impl FromValue for String {
    fn from_value(value: ValueRef<'_>) -> Result<Self> {
        value.as_str().map(str::to_owned)
    }
}

impl FromValue for Vec<u8> {
    fn from_value(value: ValueRef<'_>) -> Result<Self> {
        match value {
            ValueRef::Blob(b) | ValueRef::Text(b) => Ok(b.to_vec()),
            other => Err(wrong_type("BLOB", &other)),
        }
    }
}

macro_rules! value_from {
    ($($t:ty => $variant:ident),*) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Value { Value::$variant(v.into()) }
        }
    )*};
}
value_from!(i8 => Integer, i16 => Integer, i32 => Integer, i64 => Integer, u8 => Integer,
    u16 => Integer, u32 => Integer, bool => Integer, f32 => Real, f64 => Real,
    String => Text, &str => Text, Vec<u8> => Blob, &[u8] => Blob);

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl From<ValueRef<'_>> for Value {
    fn from(v: ValueRef<'_>) -> Value {
        v.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_equality_is_bitwise() {
        assert_ne!(Value::Real(0.0), Value::Real(-0.0));
        assert_eq!(Value::Real(f64::NAN), Value::Real(f64::NAN));
        assert_ne!(Value::Integer(1), Value::Real(1.0));
    }

    #[test]
    fn integers_out_of_range_are_errors() {
        assert!(u64::MAX.to_value().is_err());
        assert_eq!((i64::MAX as u64).to_value().unwrap(), ValueRef::Integer(i64::MAX));
        assert!(i32::from_value(ValueRef::Integer(i64::MAX)).is_err());
    }

    #[test]
    fn invalid_utf8_text() {
        let v = ValueRef::Text(b"a\xffb");
        assert!(v.as_str().is_err());
        assert_eq!(v.to_owned(), Value::Text("a\u{FFFD}b".into()));
    }
}
