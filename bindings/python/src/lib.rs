//! The native module under the `edgelite` Python package (`edgelite._edgelite`).
//!
//! It is deliberately small: it opens databases and connections, runs statements, converts
//! values (docs/types.md) and turns core errors into the package's exception classes through the
//! one table in `edgelite/_errors.py` (docs/errors.md). Cursors and rows live here because they
//! are the hot paths (binding `executemany` sequences and building row tuples in Rust); the rest
//! of the DB-API — connections, transaction control, adapters and converters, asyncio — is
//! Python in `python/edgelite/`.
//!
//! Every call that can block (disk, network, sync, lock waits) runs with the GIL released.

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

mod connection;
mod cursor;
mod row;
mod values;

/// Objects of the Python layer the native code needs: the error factory (which holds the one
/// code → exception table), the adapter and converter registries, and `PrepareProtocol`.
pub(crate) struct Registry {
    pub(crate) error_factory: Py<PyAny>,
    pub(crate) adapters: Py<PyDict>,
    pub(crate) converters: Py<PyDict>,
    pub(crate) prepare_protocol: Py<PyAny>,
}

static REGISTRY: PyOnceLock<Registry> = PyOnceLock::new();

pub(crate) fn registry(py: Python<'_>) -> Option<&Registry> {
    REGISTRY.get(py)
}

/// Called once by `edgelite/__init__.py`.
#[pyfunction]
fn _init(
    py: Python<'_>,
    error_factory: Py<PyAny>,
    adapters: Py<PyDict>,
    converters: Py<PyDict>,
    prepare_protocol: Py<PyAny>,
) -> PyResult<()> {
    REGISTRY
        .set(py, Registry { error_factory, adapters, converters, prepare_protocol })
        .map_err(|_| PyRuntimeError::new_err("edgelite._edgelite is already initialized"))
}

/// Converts a core error into the package's exception (see `edgelite/_errors.py`).
pub(crate) fn to_py_err(py: Python<'_>, err: edgelite::Error) -> PyErr {
    let Some(registry) = registry(py) else {
        return PyRuntimeError::new_err(err.to_string());
    };
    let args = (err.extended_code(), err.name(), err.message(), err.statement_index(), err.is_retryable());
    match registry.error_factory.call1(py, args) {
        Ok(exc) => PyErr::from_value(exc.into_bound(py)),
        Err(e) => e,
    }
}

/// `Result<T, edgelite::Error>` → `PyResult<T>`.
pub(crate) trait OrRaise<T> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> OrRaise<T> for edgelite::Result<T> {
    #[inline]
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| to_py_err(py, e))
    }
}

/// An error with an explicit code raised by this layer (through the same table).
pub(crate) fn raise(py: Python<'_>, extended_code: i32, message: impl Into<String>) -> PyErr {
    to_py_err(py, edgelite::Error::new(extended_code, message))
}

pub(crate) const SQLITE_MISUSE: i32 = 21;
pub(crate) const SQLITE_MISMATCH: i32 = 20;

/// The extended name of a code: `2067` → `"SQLITE_CONSTRAINT_UNIQUE"`.
#[pyfunction]
fn code_name(code: i32) -> &'static str {
    edgelite::error::code_name(code)
}

/// Every extended code the core defines, with its name (for the tests of the error table).
#[pyfunction]
fn all_extended_codes() -> Vec<(i32, &'static str)> {
    edgelite::error::all_extended_codes().to_vec()
}

/// Every primary code the core defines, with its name.
#[pyfunction]
fn all_primary_codes() -> Vec<(i32, &'static str)> {
    edgelite::ErrorCode::ALL.iter().map(|c| (c.raw(), c.name())).collect()
}

/// Whether `target` names a server (`http(s)://`, `ws(s)://`, `libsql://`) rather than a file.
#[pyfunction]
fn is_remote_url(target: &str) -> bool {
    edgelite::is_remote_url(target)
}

#[pymodule]
fn _edgelite(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", edgelite::VERSION)?;
    m.add("sqlite_version", edgelite::sqlite_version())?;
    m.add_function(wrap_pyfunction!(_init, m)?)?;
    m.add_function(wrap_pyfunction!(code_name, m)?)?;
    m.add_function(wrap_pyfunction!(all_extended_codes, m)?)?;
    m.add_function(wrap_pyfunction!(all_primary_codes, m)?)?;
    m.add_function(wrap_pyfunction!(is_remote_url, m)?)?;
    m.add_class::<connection::Database>()?;
    m.add_class::<connection::Connection>()?;
    m.add_class::<connection::Statement>()?;
    m.add_class::<cursor::Cursor>()?;
    m.add_class::<row::Row>()?;
    Ok(())
}
