//! User-defined SQL functions written in JavaScript (better-sqlite3's `function()` and
//! `aggregate()`).
//!
//! SQLite calls them while a statement of the sync API steps, which is always on the JavaScript
//! thread that registered them; a call from any other thread fails the statement instead of
//! touching JavaScript. While one runs, its database refuses other calls (`DbState`), since
//! the connection is in use. An exception the function throws fails the statement and is then
//! rethrown unchanged to the caller.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::thread::ThreadId;

use edgelite::{Aggregate, ErrorCode, FunctionArgs, Value};
use napi::sys;

use crate::convert::{self, Blobs, Fail, IntMode};
use crate::database::DbState;
use crate::errors;
use crate::js::{self, Env, HandleScope, JsVal};

/// The JavaScript side of a registered function: its env, thread and settings.
struct Host {
    env: Env,
    thread: ThreadId,
    ints: IntMode,
    state: Arc<DbState>,
}

// SAFETY: the env and references are only used on `thread` (checked by `enter`); elsewhere the
// values are only moved and dropped (without touching JavaScript).
unsafe impl Send for Host {}
unsafe impl Sync for Host {}

/// Marks the database busy while JavaScript runs inside a statement.
struct Busy<'a>(&'a DbState);

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        self.0.in_function.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Host {
    fn new(env: Env, safe_integers: bool, state: Arc<DbState>) -> Host {
        Host {
            env,
            thread: std::thread::current().id(),
            ints: if safe_integers { IntMode::BigInt } else { IntMode::Number },
            state,
        }
    }

    fn on_thread(&self) -> bool {
        std::thread::current().id() == self.thread
    }

    fn enter(&self) -> edgelite::Result<(HandleScope, Busy<'_>)> {
        if !self.on_thread() {
            return Err(edgelite::Error::with_code(
                ErrorCode::Misuse,
                "a JavaScript SQL function can only run on the thread that registered it",
            ));
        }
        // SAFETY: on the env's own thread, inside a native call.
        let scope = unsafe { HandleScope::open(self.env) }.map_err(napi_failed)?;
        self.state.in_function.fetch_add(1, Ordering::Relaxed);
        Ok((scope, Busy(&self.state)))
    }

    /// JavaScript values for the SQL arguments.
    unsafe fn args(&self, args: &FunctionArgs<'_>, first: Option<JsVal>) -> edgelite::Result<Vec<JsVal>> {
        let mut out = Vec::with_capacity(args.len() + 1);
        out.extend(first);
        for i in 0..args.len() {
            let value = unsafe { convert::to_js(self.env, args.get(i), self.ints, Blobs::Buffer) };
            out.push(self.settle(value)?);
        }
        Ok(out)
    }

    /// Turns a failure into the statement's error, keeping a JavaScript exception to rethrow.
    fn settle<T>(&self, result: Result<T, Fail>) -> edgelite::Result<T> {
        match result {
            Ok(v) => Ok(v),
            Err(Fail::Core(e)) => Err(e),
            Err(Fail::Js(exception)) => {
                // SAFETY: on the env's thread.
                unsafe { errors::keep_function_exception(self.env, exception) };
                Err(thrown())
            }
            Err(Fail::Napi(e)) => {
                // A call that threw leaves the exception pending: keep it for the caller.
                let mut exception = std::ptr::null_mut();
                // SAFETY: on the env's thread.
                unsafe {
                    let mut pending = false;
                    sys::napi_is_exception_pending(self.env, &mut pending);
                    if pending && sys::napi_get_and_clear_last_exception(self.env, &mut exception) == 0 {
                        errors::keep_function_exception(self.env, exception);
                        return Err(thrown());
                    }
                }
                Err(napi_failed(e))
            }
        }
    }

    unsafe fn call(&self, f: sys::napi_ref, args: &[JsVal]) -> edgelite::Result<JsVal> {
        let result = unsafe { js::unbox(self.env, f).and_then(|f| js::call(self.env, f, args)) };
        self.settle(result.map_err(Fail::Napi))
    }

    unsafe fn value(&self, v: JsVal) -> edgelite::Result<Value> {
        self.settle(unsafe { convert::to_value(self.env, v) })
    }
}

fn thrown() -> edgelite::Error {
    edgelite::Error::with_code(ErrorCode::SqlError, "a JavaScript SQL function threw an exception")
}

fn napi_failed(e: napi::Error) -> edgelite::Error {
    edgelite::Error::with_code(ErrorCode::Internal, format!("Node-API failed in a SQL function: {e}"))
}

/// A persistent reference deleted on its thread (or leaked, if dropped elsewhere: touching
/// JavaScript from another thread is never safe).
struct JsRef {
    env: Env,
    thread: ThreadId,
    raw: sys::napi_ref,
}

// SAFETY: see `Drop`: the reference is only used and deleted on its thread.
unsafe impl Send for JsRef {}
unsafe impl Sync for JsRef {}

impl JsRef {
    unsafe fn new(env: Env, value: JsVal) -> napi::Result<JsRef> {
        Ok(JsRef { env, thread: std::thread::current().id(), raw: unsafe { js::boxed(env, value) }? })
    }
}

impl Drop for JsRef {
    fn drop(&mut self) {
        if std::thread::current().id() == self.thread {
            // SAFETY: on the env's thread.
            unsafe { js::unref(self.env, self.raw) };
        }
    }
}

/// A scalar function.
pub(crate) struct JsFunction {
    host: Host,
    f: JsRef,
}

impl JsFunction {
    pub(crate) unsafe fn new(env: Env, f: JsVal, safe_integers: bool, state: Arc<DbState>) -> napi::Result<JsFunction> {
        Ok(JsFunction { host: Host::new(env, safe_integers, state), f: unsafe { JsRef::new(env, f) }? })
    }

    pub(crate) fn call(&self, args: &FunctionArgs<'_>) -> edgelite::Result<Value> {
        let _entered = self.host.enter()?;
        // SAFETY: on the env's thread (checked by enter), inside a handle scope.
        unsafe {
            let argv = self.host.args(args, None)?;
            let result = self.host.call(self.f.raw, &argv)?;
            self.host.value(result)
        }
    }
}

/// What every group of an aggregate shares: `start`, `step` and `result`.
pub(crate) struct JsAggregateSpec {
    host: Host,
    start: JsRef,
    start_is_function: bool,
    step: JsRef,
    result: Option<JsRef>,
}

impl JsAggregateSpec {
    pub(crate) unsafe fn new(
        env: Env,
        start: JsVal,
        start_is_function: bool,
        step: JsVal,
        result: Option<JsVal>,
        safe_integers: bool,
        state: Arc<DbState>,
    ) -> napi::Result<JsAggregateSpec> {
        Ok(JsAggregateSpec {
            host: Host::new(env, safe_integers, state),
            start: unsafe { JsRef::new(env, start) }?,
            start_is_function,
            step: unsafe { JsRef::new(env, step) }?,
            result: match result {
                Some(r) => Some(unsafe { JsRef::new(env, r) }?),
                None => None,
            },
        })
    }
}

/// The state of one group: the accumulator, as a reference.
pub(crate) struct JsAggregate {
    spec: Arc<JsAggregateSpec>,
    acc: Option<JsRef>,
}

impl JsAggregate {
    pub(crate) fn new(spec: Arc<JsAggregateSpec>) -> JsAggregate {
        JsAggregate { spec, acc: None }
    }

    /// The accumulator, starting it (from `start`, or `start()`) for the group's first row.
    unsafe fn accumulator(&mut self) -> edgelite::Result<JsVal> {
        let host = &self.spec.host;
        if let Some(acc) = &self.acc {
            return unsafe { js::unbox(host.env, acc.raw) }.map_err(napi_failed);
        }
        let initial = if self.spec.start_is_function {
            unsafe { host.call(self.spec.start.raw, &[]) }?
        } else {
            unsafe { js::unbox(host.env, self.spec.start.raw) }.map_err(napi_failed)?
        };
        self.acc = Some(unsafe { JsRef::new(host.env, initial) }.map_err(napi_failed)?);
        Ok(initial)
    }
}

impl Aggregate for JsAggregate {
    fn step(&mut self, args: &FunctionArgs<'_>) -> edgelite::Result<()> {
        let spec = self.spec.clone();
        let host = &spec.host;
        let _entered = host.enter()?;
        // SAFETY: on the env's thread (checked by enter), inside a handle scope.
        unsafe {
            let acc = self.accumulator()?;
            let argv = host.args(args, Some(acc))?;
            let next = host.call(spec.step.raw, &argv)?;
            // better-sqlite3: `undefined` keeps the accumulator.
            if js::type_of(host.env, next).map_err(napi_failed)? != sys::ValueType::napi_undefined {
                self.acc = Some(JsRef::new(host.env, next).map_err(napi_failed)?);
            }
        }
        Ok(())
    }

    fn finalize(&mut self) -> edgelite::Result<Value> {
        let spec = self.spec.clone();
        let host = &spec.host;
        let _entered = host.enter()?;
        // SAFETY: as in `step`.
        unsafe {
            let acc = self.accumulator()?;
            let value = match &spec.result {
                Some(result) => host.call(result.raw, &[acc])?,
                None => acc,
            };
            host.value(value)
        }
    }
}
