//! Values between Python and SQLite, exactly as docs/types.md says (the Python column).
//!
//! Parameters: `None`, `int` (range-checked to 64 bits, never REAL), `bool` (0/1), `float`,
//! `str`, `bytes`/`bytearray`/`memoryview`; anything else goes through the adapters registered
//! with `register_adapter` or the object's `__conform__`, and is otherwise an error
//! (`SQLITE_MISMATCH`, naming the type). Results: `None`, `int`, `float`, `str` (invalid UTF-8
//! replaced by U+FFFD), `bytes`.

use std::ffi::c_char;

use edgelite::error::extended::EDGELITE_RANGE_PARAMETER;
use edgelite::{Parameters, Value, ValueRef};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMemoryView, PyString, PyTuple};

use crate::{raise, registry, SQLITE_MISMATCH, SQLITE_MISUSE};

/// Which parameter is being converted, for messages ("parameter 2", "parameter :name").
#[derive(Clone, Copy)]
pub(crate) enum Which<'a> {
    Index(usize),
    Name(&'a str),
    Result,
}

impl std::fmt::Display for Which<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Which::Index(i) => write!(f, "Error binding parameter {i}"),
            Which::Name(n) => write!(f, "Error binding parameter {n}"),
            Which::Result => write!(f, "Error returning the function's result"),
        }
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".to_owned())
}

/// Converts one Python value without adapters. `Ok(None)` means "not a supported type".
#[inline]
fn plain_value(obj: &Bound<'_, PyAny>, which: Which<'_>) -> PyResult<Option<Value>> {
    let py = obj.py();
    if obj.is_none() {
        return Ok(Some(Value::Null));
    }
    if obj.is_instance_of::<PyInt>() {
        let mut overflow = 0;
        // SAFETY: obj is an int (checked above); the GIL is held.
        let v = unsafe { ffi::PyLong_AsLongLongAndOverflow(obj.as_ptr(), &mut overflow) };
        if overflow != 0 {
            return Err(raise(
                py,
                EDGELITE_RANGE_PARAMETER,
                format!("{which}: Python int too large to convert to SQLite INTEGER (64-bit signed range)"),
            ));
        }
        if v == -1 {
            if let Some(err) = PyErr::take(py) {
                return Err(err);
            }
        }
        return Ok(Some(Value::Integer(v)));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(Some(Value::Real(f.value())));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Some(Value::Text(s.to_cow()?.into_owned())));
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Some(Value::Blob(b.as_bytes().to_vec())));
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Ok(Some(Value::Blob(b.to_vec())));
    }
    if obj.is_instance_of::<PyMemoryView>() {
        // SAFETY: GIL held; PyBytes_FromObject copies the buffer into a new bytes object.
        let bytes = unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyBytes_FromObject(obj.as_ptr()))? };
        let bytes = bytes.cast_into::<PyBytes>()?;
        return Ok(Some(Value::Blob(bytes.as_bytes().to_vec())));
    }
    Ok(None)
}

/// Whether `obj` is of a type the module binds without adapting it.
#[inline]
fn is_base_type(obj: &Bound<'_, PyAny>) -> bool {
    obj.is_none()
        || obj.is_exact_instance_of::<PyInt>()
        || obj.is_exact_instance_of::<PyFloat>()
        || obj.is_exact_instance_of::<PyString>()
        || obj.is_exact_instance_of::<PyBytes>()
}

/// Converts a parameter, adapting it first as the `sqlite3` module does: an adapter registered
/// for its exact type, else its `__conform__(PrepareProtocol)`.
pub(crate) fn param_value(obj: &Bound<'_, PyAny>, which: Which<'_>) -> PyResult<Value> {
    let py = obj.py();
    if let Some(reg) = registry(py) {
        let adapters = reg.adapters.bind(py);
        let adapted = if !adapters.is_empty() {
            let key = (obj.get_type(), reg.prepare_protocol.bind(py));
            match adapters.get_item(key)? {
                Some(adapter) => Some(adapter.call1((obj,))?),
                None => None,
            }
        } else {
            None
        };
        if let Some(adapted) = adapted {
            return converted(&adapted, which);
        }
        if !is_base_type(obj) {
            if let Ok(conform) = obj.getattr("__conform__") {
                let adapted = conform.call1((reg.prepare_protocol.bind(py),))?;
                if !adapted.is_none() || obj.is_none() {
                    return converted(&adapted, which);
                }
            }
        }
    }
    converted(obj, which)
}

fn converted(obj: &Bound<'_, PyAny>, which: Which<'_>) -> PyResult<Value> {
    match plain_value(obj, which)? {
        Some(v) => Ok(v),
        None => Err(raise(obj.py(), SQLITE_MISMATCH, format!("{which}: type '{}' is not supported", type_name(obj)))),
    }
}

/// A function's result (no adapters, as in `sqlite3`).
pub(crate) fn result_value(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    converted(obj, Which::Result)
}

/// How parameters were given.
pub(crate) enum ParamShape<'py> {
    None,
    Positional(Bound<'py, PyAny>),
    Named(Bound<'py, PyAny>),
}

/// Classifies the `parameters` argument of `execute` as `sqlite3` does: a sequence binds by
/// position, a mapping by name.
pub(crate) fn shape<'py>(params: Option<&Bound<'py, PyAny>>) -> PyResult<ParamShape<'py>> {
    let Some(params) = params else { return Ok(ParamShape::None) };
    if params.is_none() {
        return Ok(ParamShape::None);
    }
    if params.is_instance_of::<PyTuple>() || params.is_instance_of::<PyList>() {
        return Ok(ParamShape::Positional(params.clone()));
    }
    if params.is_instance_of::<PyDict>() {
        return Ok(ParamShape::Named(params.clone()));
    }
    if params.is_instance_of::<PyString>() || params.is_instance_of::<PyBytes>() {
        return Err(raise(params.py(), SQLITE_MISUSE, "parameters are of unsupported type"));
    }
    // SAFETY: GIL held; both only inspect the type.
    let (is_mapping, is_sequence) =
        unsafe { (ffi::PyMapping_Check(params.as_ptr()) != 0, ffi::PySequence_Check(params.as_ptr()) != 0) };
    if params.hasattr("keys")? && is_mapping {
        return Ok(ParamShape::Named(params.clone()));
    }
    if is_sequence {
        return Ok(ParamShape::Positional(params.clone()));
    }
    Err(raise(params.py(), SQLITE_MISUSE, "parameters are of unsupported type"))
}

/// Positional values.
#[inline]
pub(crate) fn positional(seq: &Bound<'_, PyAny>) -> PyResult<Parameters> {
    if let Ok(t) = seq.cast::<PyTuple>() {
        if t.is_empty() {
            return Ok(Parameters::None);
        }
        let mut out = Vec::with_capacity(t.len());
        for (i, item) in t.iter().enumerate() {
            out.push(param_value(&item, Which::Index(i + 1))?);
        }
        return Ok(Parameters::Positional(out));
    }
    if let Ok(l) = seq.cast::<PyList>() {
        if l.is_empty() {
            return Ok(Parameters::None);
        }
        let mut out = Vec::with_capacity(l.len());
        for (i, item) in l.iter().enumerate() {
            out.push(param_value(&item, Which::Index(i + 1))?);
        }
        return Ok(Parameters::Positional(out));
    }
    let mut out = Vec::new();
    for (i, item) in seq.try_iter()?.enumerate() {
        out.push(param_value(&item?, Which::Index(i + 1))?);
    }
    Ok(if out.is_empty() { Parameters::None } else { Parameters::Positional(out) })
}

/// Named values for the statement's parameter names (with prefix, `None` for `?`), looked up in
/// the mapping without their prefix as `sqlite3` does.
pub(crate) fn named_for(mapping: &Bound<'_, PyAny>, names: &[Option<String>]) -> PyResult<Parameters> {
    let py = mapping.py();
    let mut out = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let Some(name) = name else {
            return Err(raise(
                py,
                EDGELITE_RANGE_PARAMETER,
                format!("Binding {} has no name, but you supplied a dictionary (which has only names).", i + 1),
            ));
        };
        let key = name.get(1..).unwrap_or("");
        let value = match mapping.get_item(key) {
            Ok(v) => v,
            Err(e) if e.is_instance_of::<pyo3::exceptions::PyKeyError>(py) => {
                return Err(raise(
                    py,
                    EDGELITE_RANGE_PARAMETER,
                    format!("You did not supply a value for binding parameter {name}."),
                ))
            }
            Err(e) => return Err(e),
        };
        out.push((name.clone(), param_value(&value, Which::Name(name))?));
    }
    Ok(if out.is_empty() { Parameters::None } else { Parameters::Named(out) })
}

/// Every item of a mapping as named values (remote mode, where the statement is not prepared
/// here: the server binds the names it uses and ignores the rest).
pub(crate) fn named_all(mapping: &Bound<'_, PyAny>) -> PyResult<Parameters> {
    let mut out = Vec::new();
    let items = mapping.call_method0("items")?;
    for item in items.try_iter()? {
        let (key, value): (String, Bound<'_, PyAny>) = item?.extract()?;
        let v = param_value(&value, Which::Name(&key))?;
        out.push((key, v));
    }
    Ok(if out.is_empty() { Parameters::None } else { Parameters::Named(out) })
}

/// A new reference to the Python object for `value` (NULL with an exception set on failure).
///
/// # Safety
/// The GIL must be held.
#[inline]
pub(crate) unsafe fn value_to_ptr(value: ValueRef<'_>) -> *mut ffi::PyObject {
    unsafe {
        match value {
            ValueRef::Null => {
                let none = ffi::Py_None();
                ffi::Py_IncRef(none);
                none
            }
            ValueRef::Integer(i) => ffi::PyLong_FromLongLong(i),
            ValueRef::Real(f) => ffi::PyFloat_FromDouble(f),
            ValueRef::Text(t) => {
                ffi::PyUnicode_DecodeUTF8(t.as_ptr().cast::<c_char>(), t.len() as ffi::Py_ssize_t, c"replace".as_ptr())
            }
            ValueRef::Blob(b) => {
                ffi::PyBytes_FromStringAndSize(b.as_ptr().cast::<c_char>(), b.len() as ffi::Py_ssize_t)
            }
        }
    }
}

/// The Python object for `value`.
pub(crate) fn to_python<'py>(py: Python<'py>, value: ValueRef<'_>) -> PyResult<Bound<'py, PyAny>> {
    // SAFETY: GIL held (we have `py`); value_to_ptr returns a new reference or NULL with an error.
    unsafe { Bound::from_owned_ptr_or_err(py, value_to_ptr(value)) }
}

/// The bytes a converter gets for a value (its text form for numbers, as SQLite gives it).
pub(crate) fn value_bytes(value: ValueRef<'_>) -> Vec<u8> {
    match value {
        ValueRef::Null => Vec::new(),
        ValueRef::Integer(i) => i.to_string().into_bytes(),
        ValueRef::Real(f) => format_real(f).into_bytes(),
        ValueRef::Text(t) | ValueRef::Blob(t) => t.to_vec(),
    }
}

/// SQLite's text form of a REAL (`%!.15g`), close enough for converters: shortest round trip.
fn format_real(f: f64) -> String {
    if f.is_infinite() {
        return if f > 0.0 { "Inf".into() } else { "-Inf".into() };
    }
    let s = format!("{f:?}");
    s
}
