//! Statement parameters: positional (`?`, `?NNN`) and named (`:x`, `@x`, `$x`).
//!
//! Anything implementing [`Params`] can be passed to `execute`/`query`: `()` for none, an array,
//! slice or `Vec` of [`ToValue`] items, [`params!`](crate::params) for mixed types,
//! [`named_params!`](crate::named_params) or a slice of `(name, value)` pairs, and the owned
//! [`Parameters`] that bindings build.
//!
//! Rules (the same in every mode):
//! - positional values bind by index, so they also fill named parameters in order; their number
//!   must equal the statement's parameter count;
//! - named values bind by name; a name given without its prefix matches `:name`, `@name` or
//!   `$name`; every parameter of the statement must get a value; names the statement does not
//!   use are ignored (as in Python's `sqlite3` and better-sqlite3).
//!
//! Violations are [`ErrorCode::Range`](crate::ErrorCode::Range) errors
//! (`EDGELITE_RANGE_PARAMETER`).

use crate::error::Result;
use crate::local::LocalBinder;
use crate::value::{ToValue, Value, ValueRef};

/// The binder handed to [`Params::bind`]: a local statement binds values straight into SQLite;
/// otherwise they are collected (for the wire). Dispatch is static: binding is on the hot path
/// of every statement.
pub struct Binder<'a> {
    target: Target<'a>,
}

enum Target<'a> {
    Local(LocalBinder<'a>),
    Collect(&'a mut Parameters),
}

impl<'a> Binder<'a> {
    pub(crate) fn local(binder: LocalBinder<'a>) -> Self {
        Binder { target: Target::Local(binder) }
    }

    fn collect(into: &'a mut Parameters) -> Self {
        Binder { target: Target::Collect(into) }
    }

    /// Binds positional values.
    pub fn positional<'v, I>(&mut self, values: I) -> Result<()>
    where
        I: IntoIterator<Item = Result<ValueRef<'v>>>,
        I::IntoIter: ExactSizeIterator,
    {
        let values = values.into_iter();
        match &mut self.target {
            Target::Local(local) => {
                local.expect_count(values.len())?;
                for (i, value) in values.enumerate() {
                    local.bind(i + 1, value?)?;
                }
            }
            Target::Collect(into) => {
                let values = values.map(|v| v.map(|v| v.to_owned())).collect::<Result<Vec<_>>>()?;
                **into = if values.is_empty() { Parameters::None } else { Parameters::Positional(values) };
            }
        }
        Ok(())
    }

    /// Binds named values.
    pub fn named<'v, I>(&mut self, values: I) -> Result<()>
    where
        I: IntoIterator<Item = (&'v str, Result<ValueRef<'v>>)>,
    {
        match &mut self.target {
            Target::Local(local) => {
                local.begin_named();
                for (name, value) in values {
                    local.bind_name(name, value?)?;
                }
                local.finish_named()
            }
            Target::Collect(into) => {
                let values =
                    values.into_iter().map(|(n, v)| Ok((n.to_owned(), v?.to_owned()))).collect::<Result<_>>()?;
                **into = Parameters::Named(values);
                Ok(())
            }
        }
    }
}

/// A set of parameters for one statement execution.
pub trait Params {
    /// Binds these parameters through `binder`.
    fn bind(&self, binder: &mut Binder<'_>) -> Result<()>;
}

impl Params for () {
    fn bind(&self, binder: &mut Binder<'_>) -> Result<()> {
        binder.positional(std::iter::empty())
    }
}

impl<P: Params + ?Sized> Params for &P {
    fn bind(&self, binder: &mut Binder<'_>) -> Result<()> {
        (**self).bind(binder)
    }
}

impl<T: ToValue> Params for [T] {
    fn bind(&self, binder: &mut Binder<'_>) -> Result<()> {
        binder.positional(self.iter().map(ToValue::to_value))
    }
}

impl<T: ToValue, const N: usize> Params for [T; N] {
    fn bind(&self, binder: &mut Binder<'_>) -> Result<()> {
        binder.positional(self.iter().map(ToValue::to_value))
    }
}

impl<T: ToValue> Params for Vec<T> {
    fn bind(&self, binder: &mut Binder<'_>) -> Result<()> {
        binder.positional(self.iter().map(ToValue::to_value))
    }
}

impl<N: AsRef<str>, V: ToValue> Params for [(N, V)] {
    fn bind(&self, binder: &mut Binder<'_>) -> Result<()> {
        binder.named(self.iter().map(|(n, v)| (n.as_ref(), v.to_value())))
    }
}

impl<N: AsRef<str>, V: ToValue, const K: usize> Params for [(N, V); K] {
    fn bind(&self, binder: &mut Binder<'_>) -> Result<()> {
        binder.named(self.iter().map(|(n, v)| (n.as_ref(), v.to_value())))
    }
}

impl<N: AsRef<str>, V: ToValue> Params for Vec<(N, V)> {
    fn bind(&self, binder: &mut Binder<'_>) -> Result<()> {
        binder.named(self.iter().map(|(n, v)| (n.as_ref(), v.to_value())))
    }
}

/// Owned parameters, for callers that build them at run time (bindings, the wire protocol).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Parameters {
    /// No parameters.
    #[default]
    None,
    /// Values bound by position.
    Positional(Vec<Value>),
    /// Values bound by name.
    Named(Vec<(String, Value)>),
}

impl Parameters {
    /// Collects any [`Params`] into owned values, without a statement to check them against.
    pub fn collect(params: &(impl Params + ?Sized)) -> Result<Parameters> {
        let mut collected = Parameters::None;
        params.bind(&mut Binder::collect(&mut collected))?;
        Ok(collected)
    }
}

impl Params for Parameters {
    fn bind(&self, binder: &mut Binder<'_>) -> Result<()> {
        match self {
            Parameters::None => binder.positional(std::iter::empty()),
            Parameters::Positional(values) => binder.positional(values.iter().map(ToValue::to_value)),
            Parameters::Named(values) => binder.named(values.iter().map(|(n, v)| (n.as_str(), v.to_value()))),
        }
    }
}

/// Positional parameters of mixed types.
///
/// ```
/// # use edgelite::{Database, params};
/// let conn = Database::open(":memory:")?.connect()?;
/// conn.execute_batch("CREATE TABLE t(a, b, c)")?;
/// conn.execute("INSERT INTO t VALUES (?, ?, ?)", params![1, "two", 3.0])?;
/// # Ok::<(), edgelite::Error>(())
/// ```
#[macro_export]
macro_rules! params {
    () => { &[] as &[&dyn $crate::ToValue] };
    ($($value:expr),+ $(,)?) => { &[$(&$value as &dyn $crate::ToValue),+] as &[&dyn $crate::ToValue] };
}

/// Named parameters of mixed types; names may include or omit the prefix.
///
/// ```
/// # use edgelite::{Database, named_params};
/// let conn = Database::open(":memory:")?.connect()?;
/// let n: i64 = conn.query_row("SELECT :a + @b", named_params! {":a": 1, "b": 2}, |r| r.get(0))?;
/// assert_eq!(n, 3);
/// # Ok::<(), edgelite::Error>(())
/// ```
#[macro_export]
macro_rules! named_params {
    () => { &[] as &[(&str, &dyn $crate::ToValue)] };
    ($($name:literal : $value:expr),+ $(,)?) => {
        &[$(($name, &$value as &dyn $crate::ToValue)),+] as &[(&str, &dyn $crate::ToValue)]
    };
}
