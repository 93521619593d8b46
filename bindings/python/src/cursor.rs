//! `edgelite.Cursor`: the DB-API cursor, native because it is the hot path.
//!
//! Rows are read in chunks with the GIL released: the core steps the statement and the values
//! are copied into a flat buffer (no allocation per row once the buffer has grown), then the
//! tuples are built from it with the GIL held. `executemany` converts a chunk of parameter sets
//! with the GIL, then runs them all without it.

use std::sync::{Mutex, MutexGuard};

use edgelite::{Mode, Parameters, Rows, ValueRef};
use pyo3::exceptions::PyStopIteration;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};

use crate::connection::{is_dml, Connection};
use crate::row::Row;
use crate::values::{self, value_to_ptr};
use crate::{raise, registry, to_py_err, OrRaise, SQLITE_MISUSE};

/// `detect_types` flags, as in `sqlite3`.
const PARSE_DECLTYPES: i32 = 1;
const PARSE_COLNAMES: i32 = 2;

/// Rows fetched per chunk, at most (iteration and `fetchall`).
const MAX_CHUNK: usize = 256;
/// Parameter sets converted per chunk in `executemany`.
const MANY_CHUNK: usize = 256;

#[derive(Clone, Copy)]
enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(usize, usize),
    Blob(usize, usize),
}

/// Rows copied out of the statement: `cells` holds `ncols` cells per row; text and blobs are
/// ranges of `bytes`.
#[derive(Default)]
struct RowBuffer {
    cells: Vec<Cell>,
    bytes: Vec<u8>,
    ncols: usize,
    /// Index of the next unread cell.
    pos: usize,
}

impl RowBuffer {
    fn reset(&mut self, ncols: usize) {
        self.cells.clear();
        self.bytes.clear();
        self.pos = 0;
        self.ncols = ncols;
    }

    #[inline]
    fn has_row(&self) -> bool {
        self.ncols > 0 && self.pos < self.cells.len()
    }

    fn rows_left(&self) -> usize {
        (self.cells.len() - self.pos).checked_div(self.ncols).unwrap_or(0)
    }

    /// Steps up to `max` rows into the buffer (after dropping what was read). Returns whether
    /// the statement is done. On error, the rows read before it stay in the buffer.
    fn fill(&mut self, rows: &mut Rows<'static>, max: usize) -> edgelite::Result<bool> {
        let ncols = self.ncols;
        self.reset(ncols);
        for _ in 0..max {
            let Some(row) = rows.next()? else { return Ok(true) };
            for i in 0..ncols {
                let cell = match row.get_ref(i)? {
                    ValueRef::Null => Cell::Null,
                    ValueRef::Integer(v) => Cell::Int(v),
                    ValueRef::Real(v) => Cell::Real(v),
                    ValueRef::Text(t) => {
                        let start = self.bytes.len();
                        self.bytes.extend_from_slice(t);
                        Cell::Text(start, t.len())
                    }
                    ValueRef::Blob(b) => {
                        let start = self.bytes.len();
                        self.bytes.extend_from_slice(b);
                        Cell::Blob(start, b.len())
                    }
                };
                self.cells.push(cell);
            }
        }
        Ok(false)
    }

    #[inline]
    fn value(&self, cell: Cell) -> ValueRef<'_> {
        match cell {
            Cell::Null => ValueRef::Null,
            Cell::Int(v) => ValueRef::Integer(v),
            Cell::Real(v) => ValueRef::Real(v),
            Cell::Text(s, n) => ValueRef::Text(&self.bytes[s..s + n]),
            Cell::Blob(s, n) => ValueRef::Blob(&self.bytes[s..s + n]),
        }
    }

    /// The next row as a tuple (the caller checked `has_row`).
    fn take_tuple<'py>(&mut self, py: Python<'py>, conv: &Conversions) -> PyResult<Bound<'py, PyTuple>> {
        let ncols = self.ncols;
        let start = self.pos;
        self.pos += ncols;
        // SAFETY: GIL held; PyTuple_New returns a new tuple (or NULL with an error), and
        // PyTuple_SetItem steals each new reference into a fresh slot.
        unsafe {
            let tuple = Bound::from_owned_ptr_or_err(py, ffi::PyTuple_New(ncols as ffi::Py_ssize_t))?;
            for i in 0..ncols {
                let value = self.value(self.cells[start + i]);
                let item = if conv.plain {
                    value_to_ptr(value)
                } else {
                    match conv.convert(py, i, value) {
                        Ok(obj) => obj.into_ptr(),
                        Err(e) => return Err(e),
                    }
                };
                if item.is_null() {
                    return Err(PyErr::fetch(py));
                }
                ffi::PyTuple_SetItem(tuple.as_ptr(), i as ffi::Py_ssize_t, item);
            }
            Ok(tuple.cast_into_unchecked())
        }
    }
}

/// How values of the current statement become Python objects: plainly (the fast path), or
/// through `text_factory` and `detect_types` converters.
#[derive(Default)]
struct Conversions {
    plain: bool,
    text_factory: Option<Py<PyAny>>,
    /// One converter (or none) per column.
    converters: Vec<Option<Py<PyAny>>>,
}

impl Conversions {
    fn convert<'py>(&self, py: Python<'py>, column: usize, value: ValueRef<'_>) -> PyResult<Bound<'py, PyAny>> {
        if let Some(Some(converter)) = self.converters.get(column) {
            if matches!(value, ValueRef::Null) {
                return Ok(py.None().into_bound(py));
            }
            let bytes = PyBytes::new(py, &values::value_bytes(value));
            return converter.bind(py).call1((bytes,));
        }
        if let (ValueRef::Text(t), Some(factory)) = (value, &self.text_factory) {
            return factory.bind(py).call1((PyBytes::new(py, t),));
        }
        values::to_python(py, value)
    }
}

struct State {
    closed: bool,
    rows: Option<Rows<'static>>,
    buffer: RowBuffer,
    /// An error met while reading ahead, raised once the rows before it are consumed.
    pending: Option<edgelite::Error>,
    done: bool,
    chunk: usize,
    conv: Conversions,
    description: Option<Py<PyAny>>,
    is_dml: bool,
    rowcount: i64,
    lastrowid: Option<i64>,
    arraysize: usize,
    row_factory: Option<Py<PyAny>>,
}

/// A DB-API cursor (`connection.cursor()`).
#[pyclass(module = "edgelite", name = "Cursor", frozen, subclass)]
pub struct Cursor {
    connection: Py<PyAny>,
    native: Py<Connection>,
    state: Mutex<State>,
}

fn busy(py: Python<'_>) -> PyErr {
    raise(py, SQLITE_MISUSE, "Recursive use of cursors not allowed (a cursor is used by one thread at a time)")
}

/// SQL is a C string to SQLite: what follows a NUL would be silently ignored (as `sqlite3`,
/// refuse it).
fn check_sql(py: Python<'_>, sql: &str) -> PyResult<()> {
    if sql.as_bytes().contains(&0) {
        return Err(raise(py, SQLITE_MISUSE, "the query contains a null character"));
    }
    Ok(())
}

fn closed_cursor(py: Python<'_>) -> PyErr {
    raise(py, edgelite::error::extended::EDGELITE_MISUSE_CLOSED, "Cannot operate on a closed cursor.")
}

impl Cursor {
    fn lock(&self, py: Python<'_>) -> PyResult<MutexGuard<'_, State>> {
        match self.state.try_lock() {
            Ok(guard) => Ok(guard),
            Err(std::sync::TryLockError::Poisoned(p)) => Ok(p.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => Err(busy(py)),
        }
    }

    /// Locks the state and checks the cursor and its connection are usable.
    fn usable(&self, py: Python<'_>) -> PyResult<MutexGuard<'_, State>> {
        let st = self.lock(py)?;
        if st.closed {
            return Err(closed_cursor(py));
        }
        let conn = self.native.get();
        conn.check_thread(py)?;
        if conn.conn.is_closed() {
            return Err(raise(
                py,
                edgelite::error::extended::EDGELITE_MISUSE_CLOSED,
                "Cannot operate on a closed database.",
            ));
        }
        Ok(st)
    }

    /// Per-statement conversions from the connection's `text_factory` and `detect_types`.
    fn conversions(&self, py: Python<'_>, rows: &Rows<'static>) -> PyResult<Conversions> {
        let conn = self.native.get();
        let text_factory =
            conn.text_factory.lock().unwrap_or_else(|e| e.into_inner()).as_ref().map(|f| f.clone_ref(py));
        let detect = conn.detect_types.load(std::sync::atomic::Ordering::Relaxed);
        let mut converters = Vec::new();
        if detect & (PARSE_DECLTYPES | PARSE_COLNAMES) != 0 {
            if let Some(reg) = registry(py) {
                let dict = reg.converters.bind(py);
                if !dict.is_empty() {
                    for column in rows.columns() {
                        let mut found = None;
                        if detect & PARSE_COLNAMES != 0 {
                            if let Some(key) = colname_type(column.name()) {
                                found = dict.get_item(key.to_uppercase())?;
                            }
                        }
                        if found.is_none() && detect & PARSE_DECLTYPES != 0 {
                            if let Some(decl) = column.decl_type() {
                                let key = decl.split(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
                                found = dict.get_item(key.to_uppercase())?;
                            }
                        }
                        converters.push(found.map(Bound::unbind));
                    }
                }
            }
        }
        let plain = text_factory.is_none() && converters.iter().all(Option::is_none);
        Ok(Conversions { plain, text_factory, converters })
    }

    /// Reads the next row as a tuple, fetching a chunk if the buffer is empty.
    fn next_tuple<'py>(&self, py: Python<'py>, st: &mut State) -> PyResult<Option<Bound<'py, PyTuple>>> {
        if !st.buffer.has_row() {
            if let Some(err) = st.pending.take() {
                return Err(to_py_err(py, err));
            }
            if st.done || st.rows.is_none() {
                return Ok(None);
            }
            let chunk = st.chunk;
            st.chunk = (chunk * 4).min(MAX_CHUNK);
            self.fetch_chunk(py, st, chunk)?;
            if !st.buffer.has_row() {
                if let Some(err) = st.pending.take() {
                    return Err(to_py_err(py, err));
                }
                return Ok(None);
            }
        }
        let State { buffer, conv, .. } = &mut *st;
        buffer.take_tuple(py, conv).map(Some)
    }

    fn fetch_chunk(&self, py: Python<'_>, st: &mut State, max: usize) -> PyResult<()> {
        let conn = &self.native.get().conn;
        let dml = st.is_dml;
        let State { rows, buffer, .. } = &mut *st;
        let Some(rows) = rows.as_mut() else { return Ok(()) };
        let (result, changes) = py.detach(|| {
            let result = buffer.fill(rows, max);
            let changes = match result {
                Ok(true) if dml => conn.changes().ok(),
                _ => None,
            };
            (result, changes)
        });
        match result {
            Ok(done) => {
                st.done = done;
                if let Some(changes) = changes {
                    st.rowcount = changes as i64;
                }
            }
            Err(err) => {
                st.done = true;
                st.pending = Some(err);
            }
        }
        Ok(())
    }

    /// Applies the row factory (without the state lock: factories read `cursor.description`).
    fn make_row<'py>(
        slf: &Bound<'py, Self>,
        factory: &Option<Py<PyAny>>,
        tuple: Bound<'py, PyTuple>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        match factory {
            None => Ok(tuple.into_any()),
            Some(f) if f.bind(py).is(py.get_type::<Row>()) => {
                let description = Cursor::description(slf)?;
                Ok(Bound::new(py, Row::from_parts(description.unbind(), tuple.unbind()))?.into_any())
            }
            Some(f) => f.bind(py).call1((slf, tuple)),
        }
    }

    fn reset_results(st: &mut State) -> Option<Rows<'static>> {
        st.buffer.reset(0);
        st.pending = None;
        st.done = true;
        st.description = None;
        st.conv = Conversions { plain: true, ..Conversions::default() };
        st.rowcount = -1;
        st.rows.take()
    }

    fn run_execute(slf: &Bound<'_, Self>, sql: &str, parameters: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
        let py = slf.py();
        check_sql(py, sql)?;
        let this = slf.get();
        let mut st = this.usable(py)?;
        let conn = this.native.get();
        let old = Self::reset_results(&mut st);
        let shape = values::shape(parameters)?;
        let begin = conn.implicit_begin(sql);
        let core = &*conn.conn;
        // Named parameters need the statement's names: prepare it here (embedded and replica
        // modes; remote statements are described by the server only when they run).
        let needs_names = matches!(shape, values::ParamShape::Named(_)) && conn.mode() != Mode::Remote;
        let prepared = if needs_names { Some(py.detach(|| core.prepare(sql)).or_raise(py)?) } else { None };
        let params =
            conn.parameters(py, &shape, || Ok(prepared.as_ref().map(|s| s.parameter_names()).unwrap_or_default()))?;
        let mut first = std::mem::take(&mut st.buffer);
        let outcome = py.detach(move || {
            drop(old);
            let run = || -> edgelite::Result<(Option<Rows<'static>>, bool, u64, i64)> {
                if let Some(begin) = begin {
                    if core.is_autocommit()? {
                        core.execute(begin, ())?;
                    }
                }
                let mut rows = match prepared {
                    Some(stmt) => stmt.into_rows(&params)?,
                    None => core.query(sql, &params)?,
                };
                let ncols = rows.column_count();
                if ncols == 0 {
                    let (changes, rowid) = rows.finish()?;
                    return Ok((None, true, changes, rowid));
                }
                first.reset(ncols);
                let done = first.fill(&mut rows, 1)?;
                let rowid = core.last_insert_rowid()?;
                Ok((Some(rows), done, 0, rowid))
            };
            (run(), first)
        });
        let (result, first) = outcome;
        st.buffer = first;
        let (rows, done, changes, rowid) = result.or_raise(py)?;
        st.is_dml = is_dml(sql);
        st.lastrowid = Some(rowid);
        st.done = done;
        st.chunk = 16;
        match rows {
            None => {
                st.buffer.reset(0);
                st.rowcount = changes as i64;
            }
            Some(rows) => {
                st.conv = this.conversions(py, &rows)?;
                st.rows = Some(rows);
            }
        }
        Ok(())
    }

    fn description<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let this = slf.get();
        let mut st = this.lock(py)?;
        if let Some(d) = &st.description {
            return Ok(d.bind(py).clone());
        }
        let Some(rows) = &st.rows else { return Ok(py.None().into_bound(py)) };
        let colnames = this.native.get().detect_types.load(std::sync::atomic::Ordering::Relaxed) & PARSE_COLNAMES != 0;
        let mut items = Vec::with_capacity(rows.column_count());
        for column in rows.columns() {
            let mut name = column.name();
            if colnames {
                if let Some(cut) = name.find(" [") {
                    name = &name[..cut];
                }
            }
            let none = py.None();
            items.push(PyTuple::new(
                py,
                [
                    PyString::new(py, name).into_any().unbind(),
                    none.clone_ref(py),
                    none.clone_ref(py),
                    none.clone_ref(py),
                    none.clone_ref(py),
                    none.clone_ref(py),
                    none,
                ],
            )?);
        }
        let description = PyTuple::new(py, items)?.into_any();
        st.description = Some(description.clone().unbind());
        Ok(description)
    }
}

/// `name [type]` → `type` (PARSE_COLNAMES).
fn colname_type(name: &str) -> Option<&str> {
    let open = name.find('[')?;
    let close = name[open..].find(']')? + open;
    Some(&name[open + 1..close])
}

#[pymethods]
impl Cursor {
    #[new]
    fn new(py: Python<'_>, connection: Bound<'_, PyAny>) -> PyResult<Self> {
        let native: Py<Connection> = connection
            .getattr("_native")
            .and_then(|n| n.cast_into::<Connection>().map_err(PyErr::from))
            .map_err(|_| raise(py, SQLITE_MISUSE, "Cursor() needs an edgelite.Connection"))?
            .unbind();
        let factory = connection.getattr("row_factory")?;
        let row_factory = if factory.is_none() { None } else { Some(factory.unbind()) };
        Ok(Cursor {
            connection: connection.unbind(),
            native,
            state: Mutex::new(State {
                closed: false,
                rows: None,
                buffer: RowBuffer::default(),
                pending: None,
                done: true,
                chunk: 16,
                conv: Conversions { plain: true, ..Conversions::default() },
                description: None,
                is_dml: false,
                rowcount: -1,
                lastrowid: None,
                arraysize: 1,
                row_factory,
            }),
        })
    }

    /// Runs one statement with `parameters` (a sequence for `?`, a mapping for `:name`).
    #[pyo3(signature = (sql, parameters=None, /))]
    fn execute<'py>(
        slf: &Bound<'py, Self>,
        sql: &str,
        parameters: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, Self>> {
        Self::run_execute(slf, sql, parameters)?;
        Ok(slf.clone())
    }

    /// Runs one DML statement once per parameter set.
    #[pyo3(signature = (sql, seq_of_parameters, /))]
    fn executemany<'py>(
        slf: &Bound<'py, Self>,
        sql: &str,
        seq_of_parameters: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, Self>> {
        let py = slf.py();
        check_sql(py, sql)?;
        let this = slf.get();
        let mut st = this.usable(py)?;
        let conn = this.native.get();
        let core = &*conn.conn;
        let old = Self::reset_results(&mut st);
        let begin = conn.implicit_begin(sql);
        let mut stmt = py
            .detach(move || {
                drop(old);
                core.prepare(sql)
            })
            .or_raise(py)?;
        if stmt.column_count() > 0 || stmt.is_readonly() {
            return Err(raise(py, SQLITE_MISUSE, "executemany() can only execute DML statements."));
        }
        let names = stmt.parameter_names();
        let mut iter = seq_of_parameters.try_iter()?;
        let mut total: u64 = 0;
        let mut started = false;
        let mut chunk: Vec<Parameters> = Vec::with_capacity(MANY_CHUNK);
        loop {
            chunk.clear();
            for item in iter.by_ref().take(MANY_CHUNK) {
                let item = item?;
                let shape = values::shape(Some(&item))?;
                chunk.push(conn.parameters(py, &shape, || Ok(names.clone()))?);
            }
            if chunk.is_empty() {
                break;
            }
            let first_chunk = !started;
            started = true;
            let (result, done) = py.detach(|| {
                let mut done = 0u64;
                let result = (|| -> edgelite::Result<()> {
                    if first_chunk {
                        if let Some(begin) = begin {
                            if core.is_autocommit()? {
                                core.execute(begin, ())?;
                            }
                        }
                    }
                    for params in &chunk {
                        done += stmt.execute(params)?;
                    }
                    Ok(())
                })();
                (result, done)
            });
            total += done;
            if let Err(e) = result {
                st.rowcount = total as i64;
                return Err(to_py_err(py, e));
            }
        }
        st.rowcount = total as i64;
        st.is_dml = true;
        drop(st);
        Ok(slf.clone())
    }

    /// Runs a script of `;`-separated statements (in legacy transaction control, a pending
    /// transaction is committed first, as `sqlite3` does).
    fn executescript<'py>(slf: &Bound<'py, Self>, sql_script: &Bound<'py, PyAny>) -> PyResult<Bound<'py, Self>> {
        let py = slf.py();
        let this = slf.get();
        let script: String =
            sql_script.extract().map_err(|_| raise(py, SQLITE_MISUSE, "script argument must be unicode."))?;
        check_sql(py, &script)?;
        let mut st = this.usable(py)?;
        let conn = this.native.get();
        let core = &*conn.conn;
        let legacy = conn.legacy.load(std::sync::atomic::Ordering::Relaxed);
        let old = Self::reset_results(&mut st);
        py.detach(move || {
            drop(old);
            if legacy && !core.is_autocommit()? {
                core.commit()?;
            }
            core.execute_batch(&script)
        })
        .or_raise(py)?;
        drop(st);
        Ok(slf.clone())
    }

    /// The next row, or `None`.
    fn fetchone<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let this = slf.get();
        let mut st = this.usable(py)?;
        let tuple = this.next_tuple(py, &mut st)?;
        let factory = st.row_factory.as_ref().map(|f| f.clone_ref(py));
        drop(st);
        match tuple {
            Some(t) => Self::make_row(slf, &factory, t),
            None => Ok(py.None().into_bound(py)),
        }
    }

    /// Up to `size` rows (default `arraysize`).
    #[pyo3(signature = (size=None))]
    fn fetchmany<'py>(slf: &Bound<'py, Self>, size: Option<isize>) -> PyResult<Bound<'py, PyList>> {
        let py = slf.py();
        let this = slf.get();
        let st = this.usable(py)?;
        let size = match size {
            Some(n) if n < 0 => usize::MAX,
            Some(n) => n as usize,
            None => st.arraysize,
        };
        Self::collect(slf, st, size)
    }

    /// Every remaining row.
    fn fetchall<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyList>> {
        let py = slf.py();
        let this = slf.get();
        let mut st = this.usable(py)?;
        st.chunk = MAX_CHUNK;
        Self::collect(slf, st, usize::MAX)
    }

    fn __iter__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    fn __next__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        let py = slf.py();
        let this = slf.get();
        let mut st = this.usable(py)?;
        let tuple = this.next_tuple(py, &mut st)?;
        let factory = st.row_factory.as_ref().map(|f| f.clone_ref(py));
        drop(st);
        match tuple {
            Some(t) => Self::make_row(slf, &factory, t),
            None => Err(PyStopIteration::new_err(())),
        }
    }

    /// Closes the cursor; later calls fail with `ProgrammingError`.
    fn close(&self, py: Python<'_>) -> PyResult<()> {
        let mut st = self.lock(py)?;
        st.closed = true;
        let old = Self::reset_results(&mut st);
        drop(st);
        py.detach(move || drop(old));
        Ok(())
    }

    /// `(name, None, None, None, None, None, None)` per result column, or `None`.
    #[getter(description)]
    fn description_py<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        Self::description(slf)
    }

    /// The declared type of each result column (`None` for expressions), or `None` when the
    /// statement returns no rows. An edgelite extension.
    #[getter]
    fn decltypes(&self, py: Python<'_>) -> PyResult<Option<Vec<Option<String>>>> {
        let st = self.lock(py)?;
        Ok(st.rows.as_ref().map(|rows| rows.columns().iter().map(|c| c.decl_type().map(str::to_owned)).collect()))
    }

    /// Rows changed by the last `execute` of an INSERT/UPDATE/DELETE/REPLACE (or all of an
    /// `executemany`); -1 otherwise.
    #[getter]
    fn rowcount(&self, py: Python<'_>) -> PyResult<i64> {
        Ok(self.lock(py)?.rowcount)
    }

    /// The connection's last insert rowid after the last `execute` (`None` before any).
    #[getter]
    fn lastrowid(&self, py: Python<'_>) -> PyResult<Option<i64>> {
        Ok(self.lock(py)?.lastrowid)
    }

    #[getter]
    fn arraysize(&self, py: Python<'_>) -> PyResult<usize> {
        Ok(self.lock(py)?.arraysize)
    }

    #[setter]
    fn set_arraysize(&self, py: Python<'_>, value: usize) -> PyResult<()> {
        self.lock(py)?.arraysize = value;
        Ok(())
    }

    #[getter]
    fn row_factory(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(self.lock(py)?.row_factory.as_ref().map_or_else(|| py.None(), |f| f.clone_ref(py)))
    }

    #[setter]
    fn set_row_factory(&self, py: Python<'_>, value: Option<Py<PyAny>>) -> PyResult<()> {
        self.lock(py)?.row_factory = value.filter(|v| !v.is_none(py));
        Ok(())
    }

    /// The connection this cursor belongs to.
    #[getter]
    fn connection(&self, py: Python<'_>) -> Py<PyAny> {
        self.connection.clone_ref(py)
    }

    /// DB-API: does nothing.
    fn setinputsizes(&self, _sizes: &Bound<'_, PyAny>) {}

    /// DB-API: does nothing.
    #[pyo3(signature = (_size, _column=None))]
    fn setoutputsize(&self, _size: &Bound<'_, PyAny>, _column: Option<&Bound<'_, PyAny>>) {}
}

impl Cursor {
    fn collect<'py>(
        slf: &Bound<'py, Self>,
        mut st: MutexGuard<'_, State>,
        size: usize,
    ) -> PyResult<Bound<'py, PyList>> {
        let py = slf.py();
        let this = slf.get();
        let mut tuples: Vec<Bound<'py, PyTuple>> = Vec::with_capacity(size.min(st.buffer.rows_left().max(1)));
        while tuples.len() < size {
            // Rows before a read-ahead error are returned first; the error comes with the next fetch.
            if !tuples.is_empty() && !st.buffer.has_row() && st.pending.is_some() {
                break;
            }
            match this.next_tuple(py, &mut st)? {
                Some(t) => tuples.push(t),
                None => break,
            }
        }
        let factory = st.row_factory.as_ref().map(|f| f.clone_ref(py));
        // Row factories run without the state lock (they may read cursor.description).
        drop(st);
        let list = PyList::empty(py);
        for t in tuples {
            match &factory {
                None => list.append(t)?,
                Some(_) => list.append(Self::make_row(slf, &factory, t)?)?,
            }
        }
        Ok(list)
    }
}
