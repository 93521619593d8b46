//! `edgelite.Row`: a row factory like `sqlite3.Row` — a tuple that is also indexable by
//! column name (case-insensitively), with `keys()`.

use pyo3::exceptions::{PyIndexError, PyTypeError};
use pyo3::prelude::*;
use pyo3::pyclass::CompareOp;
use pyo3::types::{PyList, PySlice, PyString, PyTuple};

#[pyclass(module = "edgelite", name = "Row", frozen, sequence)]
pub struct Row {
    /// The cursor's description (one 7-tuple per column; the name first).
    description: Py<PyAny>,
    data: Py<PyTuple>,
}

impl Row {
    pub(crate) fn from_parts(description: Py<PyAny>, data: Py<PyTuple>) -> Row {
        Row { description, data }
    }

    fn names<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let description = self.description.bind(py);
        if description.is_none() {
            return Ok(Vec::new());
        }
        description.try_iter()?.map(|d| d?.get_item(0)).collect()
    }
}

#[pymethods]
impl Row {
    #[new]
    fn new(py: Python<'_>, cursor: &Bound<'_, PyAny>, data: Bound<'_, PyTuple>) -> PyResult<Self> {
        let _ = py;
        if !cursor.is_instance_of::<crate::cursor::Cursor>() {
            return Err(PyTypeError::new_err("Row() needs an edgelite.Cursor as its first argument"));
        }
        Ok(Row { description: cursor.getattr("description")?.unbind(), data: data.unbind() })
    }

    fn __len__(&self, py: Python<'_>) -> usize {
        self.data.bind(py).len()
    }

    fn __getitem__<'py>(&self, py: Python<'py>, key: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let data = self.data.bind(py);
        if let Ok(name) = key.cast::<PyString>() {
            let wanted = name.to_cow()?;
            for (i, n) in self.names(py)?.iter().enumerate() {
                if let Ok(n) = n.cast::<PyString>() {
                    if n.to_cow()?.eq_ignore_ascii_case(&wanted) {
                        return data.get_item(i);
                    }
                }
            }
            return Err(PyIndexError::new_err("No item with that key"));
        }
        if key.is_instance_of::<PySlice>() {
            return data.as_any().get_item(key);
        }
        let mut index: isize = key.extract().map_err(|_| PyIndexError::new_err("Index must be int or string"))?;
        let len = data.len() as isize;
        if index < 0 {
            index += len;
        }
        if index < 0 || index >= len {
            return Err(PyIndexError::new_err("tuple index out of range"));
        }
        data.get_item(index as usize)
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.data.bind(py).as_any().try_iter()?.into_any())
    }

    /// The column names.
    fn keys<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.names(py)?)
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        let d = self.description.bind(py).hash()?;
        let t = self.data.bind(py).hash()?;
        Ok(d ^ t)
    }

    fn __richcmp__(&self, py: Python<'_>, other: &Bound<'_, PyAny>, op: CompareOp) -> PyResult<Py<PyAny>> {
        let Ok(other) = other.cast::<Row>() else { return Ok(py.NotImplemented()) };
        let other = other.get();
        let equal =
            self.description.bind(py).eq(other.description.bind(py))? && self.data.bind(py).eq(other.data.bind(py))?;
        match op {
            CompareOp::Eq => Ok(equal.into_pyobject(py)?.to_owned().into_any().unbind()),
            CompareOp::Ne => Ok((!equal).into_pyobject(py)?.to_owned().into_any().unbind()),
            _ => Ok(py.NotImplemented()),
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!("<edgelite.Row {}>", self.data.bind(py).repr()?))
    }
}
