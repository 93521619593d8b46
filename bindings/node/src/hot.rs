//! The hot calls (a statement's `run`, `get` and `all`, an iterator's `next`) as plain Node-API
//! functions, one set per native object, whose callbacks reach their state through the
//! function's data pointer. That skips napi-rs's method dispatch (unwrapping `this`, borrow
//! tracking) and takes the parameters as the call's own arguments rather than as an array: the
//! fixed cost of a call is what decides speed against better-sqlite3.

use std::cell::RefCell;
use std::ffi::{c_void, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr;
use std::rc::Rc;

use napi::sys;

use crate::js::{self, Env, JsVal};

/// One hot call on state `State`.
pub(crate) trait HotCall {
    type State: 'static;
    unsafe fn call(state: &mut Self::State, env: Env, args: &[JsVal]) -> napi::Result<JsVal>;
}

/// Makes a JavaScript function named `name` that runs `C` on `cell`'s state. The function keeps
/// the state alive until it is garbage-collected itself.
pub(crate) unsafe fn function<C: HotCall>(env: Env, name: &CStr, cell: &Rc<RefCell<C::State>>) -> napi::Result<JsVal> {
    let data = Rc::into_raw(cell.clone()).cast_mut().cast::<c_void>();
    let mut function = ptr::null_mut();
    let made = js::ok(unsafe {
        sys::napi_create_function(
            env,
            name.as_ptr(),
            name.count_bytes() as isize,
            Some(callback::<C>),
            data,
            &mut function,
        )
    })
    .and_then(|()| {
        js::ok(unsafe {
            sys::napi_add_finalizer(env, function, data, Some(release::<C::State>), ptr::null_mut(), ptr::null_mut())
        })
    });
    match made {
        Ok(()) => Ok(function),
        Err(e) => {
            // SAFETY: no function will release it.
            unsafe { release::<C::State>(env, data, ptr::null_mut()) };
            Err(e)
        }
    }
}

/// Arguments read without a heap allocation; calls with more take a slower path.
const INLINE_ARGS: usize = 8;

/// The Node-API callback of every hot function: finds the state (the function's data), reads the
/// arguments, runs the call, and turns a failure or a panic into a thrown exception.
unsafe extern "C" fn callback<C: HotCall>(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    let outcome = catch_unwind(AssertUnwindSafe(|| -> napi::Result<JsVal> {
        let mut inline = [ptr::null_mut(); INLINE_ARGS];
        let mut argc = INLINE_ARGS;
        let mut data: *mut c_void = ptr::null_mut();
        js::ok(unsafe {
            sys::napi_get_cb_info(env, info, &mut argc, inline.as_mut_ptr(), ptr::null_mut(), &mut data)
        })?;
        let mut spilled = Vec::new();
        let args: &[JsVal] = if argc <= INLINE_ARGS {
            &inline[..argc]
        } else {
            spilled.resize(argc, ptr::null_mut());
            let mut n = argc;
            js::ok(unsafe {
                sys::napi_get_cb_info(env, info, &mut n, spilled.as_mut_ptr(), ptr::null_mut(), ptr::null_mut())
            })?;
            &spilled[..]
        };
        // SAFETY: `data` is the `Rc` that `function()` leaked into this function, released only
        // by the function's finalizer, so it lives as long as the function can be called.
        let cell = unsafe { &*data.cast::<RefCell<C::State>>() };
        // A call from a user-defined function while the same object runs is refused here.
        let mut state = cell.try_borrow_mut().map_err(|_| unsafe { busy(env) })?;
        unsafe { C::call(&mut state, env, args) }
    }));
    let error = match outcome {
        Ok(Ok(value)) => return value,
        Ok(Err(error)) => error,
        Err(_) => napi::Error::from_reason("edgelite: internal error (a panic in the native module)"),
    };
    let mut pending = false;
    unsafe { sys::napi_is_exception_pending(env, &mut pending) };
    if !pending {
        let message = std::ffi::CString::new(error.reason.replace('\0', " ")).unwrap_or_default();
        unsafe { sys::napi_throw_error(env, ptr::null(), message.as_ptr()) };
    }
    ptr::null_mut()
}

unsafe extern "C" fn release<T: 'static>(_env: sys::napi_env, data: *mut c_void, _hint: *mut c_void) {
    // SAFETY: the `Rc` leaked by `function()` for one function, released once.
    drop(unsafe { Rc::from_raw(data.cast::<RefCell<T>>()) });
}

/// The error for a statement (or iterator) used again while it runs.
pub(crate) unsafe fn busy(env: Env) -> napi::Error {
    unsafe { js::throw_type_error(env, "This statement is busy executing a query") }
}
