//! Building result rows as JavaScript values, in the shapes better-sqlite3 returns: objects
//! keyed by column name (default), arrays (`raw`), the first value (`pluck`), or objects nested
//! by table (`expand`). Column-name keys are created once per statement and reused.

use edgelite::{Column, Row};
use napi::sys;

use crate::convert::{self, Blobs, Fail, IntMode};
use crate::js::{self, Env, JsVal};

/// The shape of a row (better-sqlite3's `pluck`, `raw`, `expand`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    Object,
    Raw,
    Pluck,
    Expand,
}

impl Shape {
    pub(crate) fn from_code(code: u32) -> Shape {
        match code {
            1 => Shape::Raw,
            2 => Shape::Pluck,
            3 => Shape::Expand,
            _ => Shape::Object,
        }
    }
}

/// Column names as JavaScript strings, created once per statement (and again only when its
/// columns change). Node-API before version 10 cannot reference a string directly, so the keys
/// live in an array that is referenced.
pub(crate) struct Keys {
    env: Env,
    names: Vec<String>,
    array: sys::napi_ref,
}

impl Keys {
    pub(crate) fn new(env: Env) -> Keys {
        Keys { env, names: Vec::new(), array: std::ptr::null_mut() }
    }

    /// The keys for `columns` as values of the current handle scope.
    pub(crate) unsafe fn get(&mut self, env: Env, columns: &[Column], out: &mut Vec<JsVal>) -> napi::Result<()> {
        out.clear();
        let same = !self.array.is_null()
            && self.names.len() == columns.len()
            && self.names.iter().zip(columns).all(|(n, c)| n == c.name());
        if same {
            let array = unsafe { js::deref(env, self.array) }?;
            for i in 0..columns.len() {
                out.push(unsafe { js::element(env, array, i as u32) }?);
            }
            return Ok(());
        }
        self.clear();
        let array = unsafe { js::array(env, columns.len()) }?;
        for (i, column) in columns.iter().enumerate() {
            let key = unsafe { js::string(env, column.name()) }?;
            unsafe { js::set_element(env, array, i as u32, key) }?;
            out.push(key);
            self.names.push(column.name().to_owned());
        }
        self.array = unsafe { js::reference(env, array) }?;
        Ok(())
    }

    fn clear(&mut self) {
        // SAFETY: a reference of this env, deleted on its thread (Keys live in objects that Node
        // finalizes on the JS thread).
        unsafe { js::unref(self.env, std::mem::replace(&mut self.array, std::ptr::null_mut())) };
        self.names.clear();
    }
}

impl Drop for Keys {
    fn drop(&mut self) {
        self.clear();
    }
}

/// Everything needed to turn rows of one result into JavaScript values.
pub(crate) struct RowBuilder {
    env: Env,
    shape: Shape,
    ints: IntMode,
    keys: Vec<JsVal>,
    /// For `expand`: per column, the index of its table in `tables`.
    table_of: Vec<usize>,
    tables: Vec<JsVal>,
}

impl RowBuilder {
    pub(crate) unsafe fn new(
        env: Env,
        shape: Shape,
        ints: IntMode,
        keys: &mut Keys,
        columns: &[Column],
    ) -> napi::Result<RowBuilder> {
        let mut builder =
            RowBuilder { env, shape, ints, keys: Vec::with_capacity(columns.len()), table_of: vec![], tables: vec![] };
        if shape != Shape::Raw && shape != Shape::Pluck {
            unsafe { keys.get(env, columns, &mut builder.keys) }?;
        }
        if shape == Shape::Expand {
            let mut names: Vec<&str> = Vec::new();
            for column in columns {
                // Expressions have no table: better-sqlite3 puts them under "$".
                let table = column.table_name().unwrap_or("$");
                let index = match names.iter().position(|n| *n == table) {
                    Some(i) => i,
                    None => {
                        names.push(table);
                        builder.tables.push(unsafe { js::string(env, table) }?);
                        names.len() - 1
                    }
                };
                builder.table_of.push(index);
            }
        }
        Ok(builder)
    }

    /// One row in the builder's shape.
    #[inline]
    pub(crate) unsafe fn row(&self, row: &Row<'_>) -> Result<JsVal, Fail> {
        let env = self.env;
        let n = row.column_count();
        match self.shape {
            Shape::Object => {
                let object = unsafe { js::object(env) }?;
                for i in 0..n {
                    let value = unsafe { self.value(row, i) }?;
                    unsafe { js::set(env, object, self.keys[i], value) }?;
                }
                Ok(object)
            }
            Shape::Raw => {
                let array = unsafe { js::array(env, n) }?;
                for i in 0..n {
                    let value = unsafe { self.value(row, i) }?;
                    unsafe { js::set_element(env, array, i as u32, value) }?;
                }
                Ok(array)
            }
            Shape::Pluck => {
                if n == 0 {
                    return Ok(unsafe { js::undefined(env) }?);
                }
                unsafe { self.value(row, 0) }
            }
            Shape::Expand => {
                let object = unsafe { js::object(env) }?;
                let mut nested = Vec::with_capacity(self.tables.len());
                for table in &self.tables {
                    let inner = unsafe { js::object(env) }?;
                    unsafe { js::set(env, object, *table, inner) }?;
                    nested.push(inner);
                }
                for i in 0..n {
                    let value = unsafe { self.value(row, i) }?;
                    unsafe { js::set(env, nested[self.table_of[i]], self.keys[i], value) }?;
                }
                Ok(object)
            }
        }
    }

    /// Value `i` of the row.
    #[inline]
    pub(crate) unsafe fn value(&self, row: &Row<'_>, i: usize) -> Result<JsVal, Fail> {
        let value = row.get_ref(i)?;
        unsafe { convert::to_js(self.env, value, self.ints, Blobs::Buffer) }
    }
}

/// Object rows that JavaScript builds (with an object literal compiled for the column names,
/// several times faster than setting keys from here): `get()` and `next()` fill one shared array
/// with the row's values, `all()` makes an array per row, and when the column names change they
/// are put in a shared one-element array for the wrapper to compile a new row maker.
pub(crate) struct ObjectRows {
    env: Env,
    values: sys::napi_ref,
    names: sys::napi_ref,
    /// The names JavaScript has been given.
    told: Vec<String>,
}

impl ObjectRows {
    /// Over the wrapper's `values` array and its one-element `names` array.
    pub(crate) unsafe fn new(env: Env, values: JsVal, names: JsVal) -> napi::Result<ObjectRows> {
        if !unsafe { js::is_array(env, values)? && js::is_array(env, names)? } {
            return Err(unsafe { js::throw_type_error(env, "expected arrays for the row values and names") });
        }
        // Owned at once, so an early return cannot leak a reference.
        let mut rows = ObjectRows { env, values: std::ptr::null_mut(), names: std::ptr::null_mut(), told: Vec::new() };
        rows.values = unsafe { js::reference(env, values) }?;
        rows.names = unsafe { js::reference(env, names) }?;
        Ok(rows)
    }

    /// Gives JavaScript the column names if it does not have them yet.
    pub(crate) unsafe fn tell(&mut self, env: Env, columns: &[Column]) -> Result<(), Fail> {
        let same = self.told.len() == columns.len() && self.told.iter().zip(columns).all(|(n, c)| n == c.name());
        if same {
            return Ok(());
        }
        self.told.clear();
        self.told.extend(columns.iter().map(|c| c.name().to_owned()));
        let names = unsafe { js::array(env, self.told.len()) }?;
        for (i, name) in self.told.iter().enumerate() {
            unsafe { js::set_element(env, names, i as u32, js::string(env, name)?) }?;
        }
        let slot = unsafe { js::deref(env, self.names) }?;
        Ok(unsafe { js::set_element(env, slot, 0, names) }?)
    }

    /// After a failed call: JavaScript may not have seen the names, so give them again.
    pub(crate) fn forget(&mut self) {
        self.told.clear();
    }

    /// Puts `row`'s values (as `builder` converts them) in the shared array and returns it.
    pub(crate) unsafe fn fill(&mut self, env: Env, builder: &RowBuilder, row: &Row<'_>) -> Result<JsVal, Fail> {
        unsafe { self.tell(env, row.columns()) }?;
        let values = unsafe { js::deref(env, self.values) }?;
        for i in 0..row.column_count() {
            unsafe { js::set_element(env, values, i as u32, builder.value(row, i)?) }?;
        }
        Ok(values)
    }
}

impl Drop for ObjectRows {
    fn drop(&mut self) {
        // SAFETY: references of this env, deleted on its thread (the owners are finalized there).
        unsafe {
            js::unref(self.env, self.values);
            js::unref(self.env, self.names);
        }
    }
}
