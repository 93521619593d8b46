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
use crate::value::{ToValue, Value, ValueRef};

/// Where parameters go: a local statement binds them at once, a remote one collects them.
pub(crate) trait BindTarget {
    /// Starts positional binding of `count` values (checks the count).
    fn begin_positional(&mut self, count: usize) -> Result<()>;
    /// Binds the value for 1-based `index`.
    fn bind_index(&mut self, index: usize, value: ValueRef<'_>) -> Result<()>;
    /// Starts named binding.
    fn begin_named(&mut self) -> Result<()>;
    /// Binds one named value (`name` with or without its prefix).
    fn bind_name(&mut self, name: &str, value: ValueRef<'_>) -> Result<()>;
    /// Ends named binding (checks that every parameter got a value).
    fn finish_named(&mut self) -> Result<()>;
}

/// The binder handed to [`Params::bind`]; it forwards to the statement.
pub struct Binder<'a> {
    target: &'a mut dyn BindTarget,
}

impl<'a> Binder<'a> {
    pub(crate) fn new(target: &'a mut dyn BindTarget) -> Self {
        Binder { target }
    }

    /// Binds positional values.
    pub fn positional<'v, I>(&mut self, values: I) -> Result<()>
    where
        I: IntoIterator<Item = Result<ValueRef<'v>>>,
        I::IntoIter: ExactSizeIterator,
    {
        let values = values.into_iter();
        self.target.begin_positional(values.len())?;
        for (i, value) in values.enumerate() {
            self.target.bind_index(i + 1, value?)?;
        }
        Ok(())
    }

    /// Binds named values.
    pub fn named<'v, I>(&mut self, values: I) -> Result<()>
    where
        I: IntoIterator<Item = (&'v str, Result<ValueRef<'v>>)>,
    {
        self.target.begin_named()?;
        for (name, value) in values {
            self.target.bind_name(name, value?)?;
        }
        self.target.finish_named()
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
    pub fn collect(params: &impl Params) -> Result<Parameters> {
        let mut collector = Collector::default();
        params.bind(&mut Binder::new(&mut collector))?;
        Ok(collector.params)
    }
}

impl Params for Parameters {
    fn bind(&self, binder: &mut Binder<'_>) -> Result<()> {
        match self {
            Parameters::None => binder.positional(std::iter::empty()),
            Parameters::Positional(values) => binder.positional(values.iter().map(ToValue::to_value)),
            Parameters::Named(values) => {
                binder.named(values.iter().map(|(n, v)| (n.as_str(), v.to_value())))
            }
        }
    }
}

#[derive(Default)]
struct Collector {
    params: Parameters,
}

impl BindTarget for Collector {
    fn begin_positional(&mut self, count: usize) -> Result<()> {
        self.params = if count == 0 {
            Parameters::None
        } else {
            Parameters::Positional(Vec::with_capacity(count))
        };
        Ok(())
    }

    fn bind_index(&mut self, _index: usize, value: ValueRef<'_>) -> Result<()> {
        if let Parameters::Positional(values) = &mut self.params {
            values.push(value.to_owned());
        }
        Ok(())
    }

    fn begin_named(&mut self) -> Result<()> {
        self.params = Parameters::Named(Vec::new());
        Ok(())
    }

    fn bind_name(&mut self, name: &str, value: ValueRef<'_>) -> Result<()> {
        if let Parameters::Named(values) = &mut self.params {
            values.push((name.to_owned(), value.to_owned()));
        }
        Ok(())
    }

    fn finish_named(&mut self) -> Result<()> {
        Ok(())
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
