//! Thin, allocation-free helpers over the raw Node-API (`napi::sys`), used on the hot paths:
//! binding parameters and building result rows touch only these.

use std::ffi::c_char;
use std::ptr;

use napi::bindgen_prelude::{ToNapiValue, TypeName, ValueType};
use napi::{sys, Status};

pub(crate) type Env = sys::napi_env;
pub(crate) type JsVal = sys::napi_value;

/// A raw JavaScript value returned from a `#[napi]` function as it is.
pub struct Raw(pub JsVal);

impl ToNapiValue for Raw {
    unsafe fn to_napi_value(_env: Env, value: Self) -> napi::Result<JsVal> {
        Ok(value.0)
    }
}

impl TypeName for Raw {
    fn type_name() -> &'static str {
        "unknown"
    }

    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

/// The error a `#[napi]` function returns after it has thrown a JavaScript exception itself.
pub(crate) fn pending() -> napi::Error {
    napi::Error::new(Status::PendingException, String::new())
}

/// Turns a Node-API status into a result. A pending exception stays pending.
#[inline]
pub(crate) fn ok(status: sys::napi_status) -> napi::Result<()> {
    if status == sys::Status::napi_ok {
        Ok(())
    } else if status == sys::Status::napi_pending_exception {
        Err(pending())
    } else {
        Err(napi::Error::new(Status::from(status), "Node-API call failed".to_owned()))
    }
}

pub(crate) unsafe fn string(env: Env, s: &str) -> napi::Result<JsVal> {
    let mut out = ptr::null_mut();
    ok(unsafe { sys::napi_create_string_utf8(env, s.as_ptr().cast::<c_char>(), s.len() as isize, &mut out) })?;
    Ok(out)
}

/// A string from bytes that may not be valid UTF-8: V8 replaces invalid sequences with U+FFFD
/// (docs/types.md, decision 7).
#[inline]
pub(crate) unsafe fn string_bytes(env: Env, s: &[u8]) -> napi::Result<JsVal> {
    let mut out = ptr::null_mut();
    ok(unsafe { sys::napi_create_string_utf8(env, s.as_ptr().cast::<c_char>(), s.len() as isize, &mut out) })?;
    Ok(out)
}

#[inline]
pub(crate) unsafe fn number(env: Env, n: f64) -> napi::Result<JsVal> {
    let mut out = ptr::null_mut();
    ok(unsafe { sys::napi_create_double(env, n, &mut out) })?;
    Ok(out)
}

#[inline]
pub(crate) unsafe fn bigint(env: Env, n: i64) -> napi::Result<JsVal> {
    let mut out = ptr::null_mut();
    ok(unsafe { sys::napi_create_bigint_int64(env, n, &mut out) })?;
    Ok(out)
}

#[inline]
pub(crate) unsafe fn null(env: Env) -> napi::Result<JsVal> {
    let mut out = ptr::null_mut();
    ok(unsafe { sys::napi_get_null(env, &mut out) })?;
    Ok(out)
}

#[inline]
pub(crate) unsafe fn undefined(env: Env) -> napi::Result<JsVal> {
    let mut out = ptr::null_mut();
    ok(unsafe { sys::napi_get_undefined(env, &mut out) })?;
    Ok(out)
}

#[inline]
pub(crate) unsafe fn object(env: Env) -> napi::Result<JsVal> {
    let mut out = ptr::null_mut();
    ok(unsafe { sys::napi_create_object(env, &mut out) })?;
    Ok(out)
}

#[inline]
pub(crate) unsafe fn array(env: Env, len: usize) -> napi::Result<JsVal> {
    let mut out = ptr::null_mut();
    ok(unsafe { sys::napi_create_array_with_length(env, len, &mut out) })?;
    Ok(out)
}

#[inline]
pub(crate) unsafe fn set(env: Env, object: JsVal, key: JsVal, value: JsVal) -> napi::Result<()> {
    ok(unsafe { sys::napi_set_property(env, object, key, value) })
}

#[inline]
pub(crate) unsafe fn set_named(env: Env, object: JsVal, key: &std::ffi::CStr, value: JsVal) -> napi::Result<()> {
    ok(unsafe { sys::napi_set_named_property(env, object, key.as_ptr(), value) })
}

#[inline]
pub(crate) unsafe fn set_element(env: Env, array: JsVal, index: u32, value: JsVal) -> napi::Result<()> {
    ok(unsafe { sys::napi_set_element(env, array, index, value) })
}

pub(crate) unsafe fn get_named(env: Env, object: JsVal, key: &std::ffi::CStr) -> napi::Result<JsVal> {
    let mut out = ptr::null_mut();
    ok(unsafe { sys::napi_get_named_property(env, object, key.as_ptr(), &mut out) })?;
    Ok(out)
}

#[inline]
pub(crate) unsafe fn type_of(env: Env, value: JsVal) -> napi::Result<sys::napi_valuetype> {
    let mut out = 0;
    ok(unsafe { sys::napi_typeof(env, value, &mut out) })?;
    Ok(out)
}

pub(crate) unsafe fn is_array(env: Env, value: JsVal) -> napi::Result<bool> {
    let mut out = false;
    ok(unsafe { sys::napi_is_array(env, value, &mut out) })?;
    Ok(out)
}

pub(crate) unsafe fn array_len(env: Env, value: JsVal) -> napi::Result<u32> {
    let mut out = 0;
    ok(unsafe { sys::napi_get_array_length(env, value, &mut out) })?;
    Ok(out)
}

#[inline]
pub(crate) unsafe fn element(env: Env, array: JsVal, index: u32) -> napi::Result<JsVal> {
    let mut out = ptr::null_mut();
    ok(unsafe { sys::napi_get_element(env, array, index, &mut out) })?;
    Ok(out)
}

/// The UTF-8 content of a JavaScript string.
pub(crate) unsafe fn get_string(env: Env, value: JsVal) -> napi::Result<String> {
    // Most strings are short: one call into a stack buffer reads them. The call writes whole
    // characters (up to 4 bytes) into at most `SHORT - 1` bytes, so a result shorter than
    // `SHORT - 4` is the whole string.
    const SHORT: usize = 128;
    let mut short = [0u8; SHORT];
    let mut written = 0usize;
    ok(unsafe { sys::napi_get_value_string_utf8(env, value, short.as_mut_ptr().cast(), SHORT, &mut written) })?;
    if written < SHORT - 4 {
        // SAFETY: Node-API writes UTF-8 (lone surrogates become U+FFFD), whole characters only.
        return Ok(unsafe { std::str::from_utf8_unchecked(&short[..written]) }.to_owned());
    }
    let mut len = 0usize;
    ok(unsafe { sys::napi_get_value_string_utf8(env, value, ptr::null_mut(), 0, &mut len) })?;
    let mut buf = vec![0u8; len + 1];
    let mut written = 0usize;
    ok(unsafe { sys::napi_get_value_string_utf8(env, value, buf.as_mut_ptr().cast(), len + 1, &mut written) })?;
    buf.truncate(written);
    // SAFETY: Node-API writes UTF-8 (lone surrogates become U+FFFD).
    Ok(unsafe { String::from_utf8_unchecked(buf) })
}

pub(crate) unsafe fn get_f64(env: Env, value: JsVal) -> napi::Result<f64> {
    let mut out = 0.0;
    ok(unsafe { sys::napi_get_value_double(env, value, &mut out) })?;
    Ok(out)
}

pub(crate) unsafe fn get_bool(env: Env, value: JsVal) -> napi::Result<bool> {
    let mut out = false;
    ok(unsafe { sys::napi_get_value_bool(env, value, &mut out) })?;
    Ok(out)
}

/// Own enumerable string-keyed property names of an object.
pub(crate) unsafe fn keys(env: Env, object: JsVal) -> napi::Result<Vec<(String, JsVal)>> {
    let mut names = ptr::null_mut();
    ok(unsafe {
        sys::napi_get_all_property_names(
            env,
            object,
            sys::KeyCollectionMode::own_only,
            sys::KeyFilter::enumerable | sys::KeyFilter::skip_symbols,
            sys::KeyConversion::numbers_to_strings,
            &mut names,
        )
    })?;
    let len = unsafe { array_len(env, names) }?;
    let mut out = Vec::with_capacity(len as usize);
    for i in 0..len {
        let key = unsafe { element(env, names, i) }?;
        let mut value = ptr::null_mut();
        ok(unsafe { sys::napi_get_property(env, object, key, &mut value) })?;
        out.push((unsafe { get_string(env, key) }?, value));
    }
    Ok(out)
}

/// A persistent reference (strong, count 1) to an object, array or function (Node-API before
/// version 10 cannot reference primitives: use [`boxed`] for any value).
pub(crate) unsafe fn reference(env: Env, value: JsVal) -> napi::Result<sys::napi_ref> {
    let mut out = ptr::null_mut();
    ok(unsafe { sys::napi_create_reference(env, value, 1, &mut out) })?;
    Ok(out)
}

#[inline]
pub(crate) unsafe fn deref(env: Env, reference: sys::napi_ref) -> napi::Result<JsVal> {
    let mut out = ptr::null_mut();
    ok(unsafe { sys::napi_get_reference_value(env, reference, &mut out) })?;
    Ok(out)
}

/// A persistent reference to any value, primitives included: the value is kept in a
/// one-element array, and [`unbox`] reads it back.
pub(crate) unsafe fn boxed(env: Env, value: JsVal) -> napi::Result<sys::napi_ref> {
    let cell = unsafe { array(env, 1) }?;
    unsafe { set_element(env, cell, 0, value) }?;
    unsafe { reference(env, cell) }
}

/// The value a [`boxed`] reference holds.
pub(crate) unsafe fn unbox(env: Env, reference: sys::napi_ref) -> napi::Result<JsVal> {
    let cell = unsafe { deref(env, reference) }?;
    unsafe { element(env, cell, 0) }
}

pub(crate) unsafe fn unref(env: Env, reference: sys::napi_ref) {
    if !reference.is_null() {
        unsafe { sys::napi_delete_reference(env, reference) };
    }
}

pub(crate) unsafe fn throw(env: Env, value: JsVal) -> napi::Error {
    unsafe { sys::napi_throw(env, value) };
    pending()
}

/// `new TypeError(message)`, thrown.
pub(crate) unsafe fn throw_type_error(env: Env, message: &str) -> napi::Error {
    match unsafe { type_error(env, message) } {
        Ok(error) => unsafe { throw(env, error) },
        Err(e) => e,
    }
}

pub(crate) unsafe fn type_error(env: Env, message: &str) -> napi::Result<JsVal> {
    let msg = unsafe { string(env, message) }?;
    let mut out = ptr::null_mut();
    ok(unsafe { sys::napi_create_type_error(env, ptr::null_mut(), msg, &mut out) })?;
    Ok(out)
}

pub(crate) unsafe fn range_error(env: Env, message: &str) -> napi::Result<JsVal> {
    let msg = unsafe { string(env, message) }?;
    let mut out = ptr::null_mut();
    ok(unsafe { sys::napi_create_range_error(env, ptr::null_mut(), msg, &mut out) })?;
    Ok(out)
}

/// Calls `new ctor(...args)`.
pub(crate) unsafe fn construct(env: Env, ctor: JsVal, args: &[JsVal]) -> napi::Result<JsVal> {
    let mut out = ptr::null_mut();
    ok(unsafe { sys::napi_new_instance(env, ctor, args.len(), args.as_ptr(), &mut out) })?;
    Ok(out)
}

/// Calls `f(...args)` with `this` undefined.
pub(crate) unsafe fn call(env: Env, f: JsVal, args: &[JsVal]) -> napi::Result<JsVal> {
    let this = unsafe { undefined(env) }?;
    let mut out = ptr::null_mut();
    ok(unsafe { sys::napi_call_function(env, this, f, args.len(), args.as_ptr(), &mut out) })?;
    Ok(out)
}

/// A handle scope closed when dropped: callbacks that SQLite calls many times per statement
/// release their temporaries at once.
pub(crate) struct HandleScope {
    env: Env,
    scope: sys::napi_handle_scope,
}

impl HandleScope {
    pub(crate) unsafe fn open(env: Env) -> napi::Result<HandleScope> {
        let mut scope = ptr::null_mut();
        ok(unsafe { sys::napi_open_handle_scope(env, &mut scope) })?;
        Ok(HandleScope { env, scope })
    }
}

impl Drop for HandleScope {
    fn drop(&mut self) {
        // SAFETY: opened on this env and thread, closed once, innermost first (scopes nest with
        // the Rust stack).
        unsafe { sys::napi_close_handle_scope(self.env, self.scope) };
    }
}
