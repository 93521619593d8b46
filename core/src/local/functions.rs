//! Application-defined SQL functions (scalar and aggregate) on local connections, through
//! `sqlite3_create_function_v2`.
//!
//! Callbacks run on the thread running the statement, inside SQLite: they must not use the
//! connection they are registered on. An error or a panic in a callback becomes the statement's
//! error (`SQLITE_ERROR` with the message); nothing unwinds into C.

use std::ffi::{c_int, c_void};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;

use rusqlite::ffi;

use super::connection::{check, cstring, RawConnection};
use crate::error::{Error, Result};
use crate::value::{Value, ValueRef};

/// The arguments of one call of a SQL function.
pub struct FunctionArgs<'a> {
    args: &'a [*mut ffi::sqlite3_value],
}

impl<'a> FunctionArgs<'a> {
    /// The number of arguments.
    pub fn len(&self) -> usize {
        self.args.len()
    }

    /// Whether the call has no arguments.
    pub fn is_empty(&self) -> bool {
        self.args.is_empty()
    }

    /// Argument `index` (0-based), borrowed for the call; `Null` past the end.
    pub fn get(&self, index: usize) -> ValueRef<'a> {
        let Some(&value) = self.args.get(index) else { return ValueRef::Null };
        // SAFETY: SQLite passes valid protected values that live for the call; text and blob
        // pointers stay valid while the value is not converted, which we never do.
        unsafe {
            match ffi::sqlite3_value_type(value) {
                ffi::SQLITE_INTEGER => ValueRef::Integer(ffi::sqlite3_value_int64(value)),
                ffi::SQLITE_FLOAT => ValueRef::Real(ffi::sqlite3_value_double(value)),
                ffi::SQLITE_TEXT => {
                    let data = ffi::sqlite3_value_text(value);
                    ValueRef::Text(bytes(data, ffi::sqlite3_value_bytes(value)))
                }
                ffi::SQLITE_BLOB => {
                    let data = ffi::sqlite3_value_blob(value).cast::<u8>();
                    ValueRef::Blob(bytes(data, ffi::sqlite3_value_bytes(value)))
                }
                _ => ValueRef::Null,
            }
        }
    }

    /// Every argument as an owned value.
    pub fn to_values(&self) -> Vec<Value> {
        (0..self.len()).map(|i| Value::from(self.get(i))).collect()
    }
}

unsafe fn bytes<'a>(data: *const u8, len: c_int) -> &'a [u8] {
    if data.is_null() || len <= 0 {
        &[]
    } else {
        // SAFETY: SQLite guarantees `len` readable bytes at `data`.
        unsafe { std::slice::from_raw_parts(data, len as usize) }
    }
}

/// An aggregate function's state for one group: `step` for each row, `finalize` once.
pub trait Aggregate: Send {
    fn step(&mut self, args: &FunctionArgs<'_>) -> Result<()>;
    fn finalize(&mut self) -> Result<Value>;
}

impl<A: Aggregate + ?Sized> Aggregate for Box<A> {
    fn step(&mut self, args: &FunctionArgs<'_>) -> Result<()> {
        (**self).step(args)
    }

    fn finalize(&mut self) -> Result<Value> {
        (**self).finalize()
    }
}

type Scalar = Box<dyn Fn(&FunctionArgs<'_>) -> Result<Value> + Send + Sync>;
type Factory = Box<dyn Fn() -> Box<dyn Aggregate> + Send + Sync>;

fn flags(deterministic: bool) -> c_int {
    ffi::SQLITE_UTF8 | if deterministic { ffi::SQLITE_DETERMINISTIC } else { 0 }
}

fn check_arity(n_args: i32) -> Result<()> {
    if !(-1..=127).contains(&n_args) {
        return Err(Error::misuse(format!("a function takes -1 (any) to 127 arguments, not {n_args}")));
    }
    Ok(())
}

pub(crate) fn create_scalar(
    conn: &RawConnection,
    name: &str,
    n_args: i32,
    deterministic: bool,
    function: Scalar,
) -> Result<()> {
    check_arity(n_args)?;
    let name = cstring(name, "the function name")?;
    let app = Box::into_raw(Box::new(function));
    let guard = conn.lock()?;
    // SAFETY: locked and open; SQLite owns `app` from here and frees it with `drop_boxed` (also
    // when registration fails).
    let rc = unsafe {
        ffi::sqlite3_create_function_v2(
            conn.handle(&guard),
            name.as_ptr(),
            n_args,
            flags(deterministic),
            app.cast(),
            Some(call_scalar),
            None,
            None,
            Some(drop_boxed::<Scalar>),
        )
    };
    check(rc).map_err(|rc| conn.error(&guard, rc))
}

pub(crate) fn create_aggregate(
    conn: &RawConnection,
    name: &str,
    n_args: i32,
    deterministic: bool,
    factory: Factory,
) -> Result<()> {
    check_arity(n_args)?;
    let name = cstring(name, "the function name")?;
    let app = Box::into_raw(Box::new(factory));
    let guard = conn.lock()?;
    // SAFETY: as in create_scalar.
    let rc = unsafe {
        ffi::sqlite3_create_function_v2(
            conn.handle(&guard),
            name.as_ptr(),
            n_args,
            flags(deterministic),
            app.cast(),
            None,
            Some(call_step),
            Some(call_final),
            Some(drop_boxed::<Factory>),
        )
    };
    check(rc).map_err(|rc| conn.error(&guard, rc))
}

pub(crate) fn remove(conn: &RawConnection, name: &str, n_args: i32) -> Result<()> {
    check_arity(n_args)?;
    let name = cstring(name, "the function name")?;
    let guard = conn.lock()?;
    // SAFETY: locked and open; no callbacks means "remove".
    let rc = unsafe {
        ffi::sqlite3_create_function_v2(
            conn.handle(&guard),
            name.as_ptr(),
            n_args,
            ffi::SQLITE_UTF8,
            ptr::null_mut(),
            None,
            None,
            None,
            None,
        )
    };
    check(rc).map_err(|rc| conn.error(&guard, rc))
}

unsafe extern "C" fn drop_boxed<T>(app: *mut c_void) {
    // SAFETY: `app` is the Box<T> leaked at registration; SQLite calls this once.
    drop(unsafe { Box::from_raw(app.cast::<T>()) });
}

/// Runs `f`, turning an error or a panic into a message.
fn guarded<T>(f: impl FnOnce() -> Result<T>) -> std::result::Result<T, String> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(e.message().to_owned()),
        Err(panic) => Err(format!(
            "the function panicked: {}",
            panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default()
        )),
    }
}

unsafe fn args<'a>(argc: c_int, argv: *mut *mut ffi::sqlite3_value) -> FunctionArgs<'a> {
    let args = if argc <= 0 || argv.is_null() {
        &[][..]
    } else {
        // SAFETY: SQLite passes `argc` values.
        unsafe { std::slice::from_raw_parts(argv, argc as usize) }
    };
    FunctionArgs { args }
}

unsafe fn set_result(ctx: *mut ffi::sqlite3_context, result: std::result::Result<Value, String>) {
    // SAFETY: `ctx` is the call's context; SQLITE_TRANSIENT makes SQLite copy the bytes.
    unsafe {
        match result {
            Ok(Value::Null) => ffi::sqlite3_result_null(ctx),
            Ok(Value::Integer(i)) => ffi::sqlite3_result_int64(ctx, i),
            Ok(Value::Real(r)) => ffi::sqlite3_result_double(ctx, r),
            Ok(Value::Text(s)) => ffi::sqlite3_result_text64(
                ctx,
                s.as_ptr().cast(),
                s.len() as u64,
                ffi::SQLITE_TRANSIENT(),
                ffi::SQLITE_UTF8 as u8,
            ),
            Ok(Value::Blob(b)) => {
                ffi::sqlite3_result_blob64(ctx, b.as_ptr().cast(), b.len() as u64, ffi::SQLITE_TRANSIENT())
            }
            Err(message) => ffi::sqlite3_result_error(ctx, message.as_ptr().cast(), message.len() as c_int),
        }
    }
}

unsafe extern "C" fn call_scalar(ctx: *mut ffi::sqlite3_context, argc: c_int, argv: *mut *mut ffi::sqlite3_value) {
    // SAFETY: user data is the Scalar registered with this function.
    let function = unsafe { &*ffi::sqlite3_user_data(ctx).cast::<Scalar>() };
    let args = unsafe { args(argc, argv) };
    let result = guarded(|| function(&args));
    unsafe { set_result(ctx, result) };
}

/// The aggregate state slot SQLite keeps for the group: a pointer to our boxed state.
unsafe fn state_slot(ctx: *mut ffi::sqlite3_context, create: bool) -> *mut *mut Box<dyn Aggregate> {
    let size = if create { std::mem::size_of::<*mut Box<dyn Aggregate>>() as c_int } else { 0 };
    // SAFETY: SQLite returns zeroed memory of `size` bytes for the group (or NULL).
    unsafe { ffi::sqlite3_aggregate_context(ctx, size).cast() }
}

unsafe extern "C" fn call_step(ctx: *mut ffi::sqlite3_context, argc: c_int, argv: *mut *mut ffi::sqlite3_value) {
    // SAFETY: user data is the Factory registered with this function; the slot is ours.
    let factory = unsafe { &*ffi::sqlite3_user_data(ctx).cast::<Factory>() };
    let slot = unsafe { state_slot(ctx, true) };
    if slot.is_null() {
        unsafe { ffi::sqlite3_result_error_nomem(ctx) };
        return;
    }
    let args = unsafe { args(argc, argv) };
    let outcome = guarded(|| {
        // SAFETY: the slot holds null or the state created by the first step of this group.
        let state = unsafe {
            if (*slot).is_null() {
                *slot = Box::into_raw(Box::new(factory()));
            }
            &mut **slot
        };
        state.step(&args)
    });
    if let Err(message) = outcome {
        unsafe { set_result(ctx, Err(message)) };
    }
}

unsafe extern "C" fn call_final(ctx: *mut ffi::sqlite3_context) {
    // SAFETY: as in call_step; the state is taken out and freed here, once.
    let factory = unsafe { &*ffi::sqlite3_user_data(ctx).cast::<Factory>() };
    let slot = unsafe { state_slot(ctx, false) };
    let state = if slot.is_null() || unsafe { (*slot).is_null() } {
        None
    } else {
        Some(unsafe { Box::from_raw(std::mem::replace(&mut *slot, ptr::null_mut())) })
    };
    // A group with no rows still finalizes, from a fresh state.
    let result = guarded(|| match state {
        Some(mut state) => state.finalize(),
        None => factory().finalize(),
    });
    unsafe { set_result(ctx, result) };
}
