//! Value conversion between JavaScript and edgelite, exactly as docs/types.md (Node column)
//! says: directly between JS values and `edgelite::Value`/`ValueRef`, with no JSON or string
//! detour.

use std::ptr;

use edgelite::error::extended;
use edgelite::{ErrorCode, Parameters, Value, ValueRef};
use napi::sys;

use crate::errors;
use crate::js::{self, Env, JsVal};

/// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE: i64 = (1 << 53) - 1;

/// How INTEGER values become JavaScript values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IntMode {
    /// `number`; a value outside ±(2⁵³−1) is a `RangeError`.
    Number,
    /// `bigint`, always.
    BigInt,
    /// a decimal `string` (the promise API's `intMode: "string"`).
    String,
}

impl IntMode {
    pub(crate) fn parse(mode: Option<&str>) -> IntMode {
        match mode {
            Some("bigint") => IntMode::BigInt,
            Some("string") => IntMode::String,
            _ => IntMode::Number,
        }
    }
}

/// How BLOB values become JavaScript values: `Buffer` in the sync API, `ArrayBuffer` in the
/// promise API (as `@libsql/client`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Blobs {
    Buffer,
    ArrayBuffer,
}

/// A failure inside the native layer, to be thrown (sync API) or to reject a promise with.
pub(crate) enum Fail {
    /// An edgelite error: a `SqliteError` or `LibsqlError`.
    Core(edgelite::Error),
    /// A JavaScript error value built already (a `RangeError` for an unsafe integer).
    Js(JsVal),
    /// A Node-API failure (or an exception already pending).
    Napi(napi::Error),
}

impl From<edgelite::Error> for Fail {
    fn from(e: edgelite::Error) -> Fail {
        Fail::Core(e)
    }
}

impl From<napi::Error> for Fail {
    fn from(e: napi::Error) -> Fail {
        Fail::Napi(e)
    }
}

impl Fail {
    /// Throws this failure (sync API).
    pub(crate) unsafe fn throw(self, env: Env) -> napi::Error {
        match self {
            Fail::Core(e) => unsafe { errors::throw_sync(env, &e) },
            Fail::Js(value) => unsafe { js::throw(env, value) },
            Fail::Napi(e) => e,
        }
    }

    /// Throws this failure as the promise API reports errors (a `LibsqlError`), for the checks
    /// made before a call is queued.
    pub(crate) unsafe fn throw_libsql(self, env: Env) -> napi::Error {
        match self {
            Fail::Core(e) => match unsafe { errors::libsql_error(env, &e) } {
                Ok(error) => unsafe { js::throw(env, error) },
                Err(e) => e,
            },
            other => unsafe { other.throw(env) },
        }
    }

    /// The error that rejects a promise with this failure (promise API).
    pub(crate) unsafe fn reject(self, env: Env) -> napi::Error {
        match self {
            Fail::Core(e) => unsafe { errors::reject(env, &e) },
            Fail::Js(value) => unsafe { errors::rejection(env, value) },
            Fail::Napi(e) => e,
        }
    }
}

fn mismatch(what: &str) -> Fail {
    Fail::Core(edgelite::Error::with_code(
        ErrorCode::TypeMismatch,
        format!("cannot bind {what}: SQLite values are null, numbers, bigints, booleans, strings, Buffers/Uint8Arrays/ArrayBuffers and Dates"),
    ))
}

/// What a JavaScript argument is, for parameter binding.
pub(crate) enum Kind {
    Value(Value),
    /// An array: its elements are positional values.
    Array,
    /// A plain object: named parameters.
    Named,
}

/// Classifies an argument and converts it if it is a single value.
pub(crate) unsafe fn classify(env: Env, v: JsVal, allow_containers: bool) -> Result<Kind, Fail> {
    let t = unsafe { js::type_of(env, v) }?;
    let value = match t {
        sys::ValueType::napi_undefined | sys::ValueType::napi_null => Value::Null,
        sys::ValueType::napi_number => {
            let n = unsafe { js::get_f64(env, v) }?;
            number_value(n)
        }
        sys::ValueType::napi_string => Value::Text(unsafe { js::get_string(env, v) }?),
        sys::ValueType::napi_boolean => Value::Integer(unsafe { js::get_bool(env, v) }? as i64),
        sys::ValueType::napi_bigint => {
            let mut n = 0i64;
            let mut lossless = false;
            js::ok(unsafe { sys::napi_get_value_bigint_int64(env, v, &mut n, &mut lossless) })?;
            if !lossless {
                return Err(Fail::Core(edgelite::Error::new(
                    extended::EDGELITE_RANGE_PARAMETER,
                    "a bigint parameter is outside the 64-bit integer range (-2^63 to 2^63-1)",
                )));
            }
            Value::Integer(n)
        }
        sys::ValueType::napi_object => return unsafe { classify_object(env, v, allow_containers) },
        sys::ValueType::napi_symbol => return Err(mismatch("a symbol")),
        sys::ValueType::napi_function => return Err(mismatch("a function")),
        _ => return Err(mismatch("this value")),
    };
    Ok(Kind::Value(value))
}

/// docs/types.md, decision 2: a safe integer binds as INTEGER, any other number as REAL
/// (−0 keeps its sign, decision 4, so it is REAL too).
#[inline]
fn number_value(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() <= MAX_SAFE as f64 && !(n == 0.0 && n.is_sign_negative()) {
        Value::Integer(n as i64)
    } else {
        Value::Real(n)
    }
}

unsafe fn classify_object(env: Env, v: JsVal, allow_containers: bool) -> Result<Kind, Fail> {
    let mut flag = false;
    js::ok(unsafe { sys::napi_is_typedarray(env, v, &mut flag) })?;
    if flag {
        let mut kind = 0;
        let mut len = 0usize;
        let mut data = ptr::null_mut();
        js::ok(unsafe {
            sys::napi_get_typedarray_info(env, v, &mut kind, &mut len, &mut data, ptr::null_mut(), ptr::null_mut())
        })?;
        if kind != sys::TypedarrayType::uint8_array {
            return Err(mismatch("a typed array other than Uint8Array"));
        }
        return Ok(Kind::Value(Value::Blob(unsafe { bytes(data.cast(), len) }.to_vec())));
    }
    js::ok(unsafe { sys::napi_is_arraybuffer(env, v, &mut flag) })?;
    if flag {
        let mut len = 0usize;
        let mut data = ptr::null_mut();
        js::ok(unsafe { sys::napi_get_arraybuffer_info(env, v, &mut data, &mut len) })?;
        return Ok(Kind::Value(Value::Blob(unsafe { bytes(data.cast(), len) }.to_vec())));
    }
    js::ok(unsafe { sys::napi_is_date(env, v, &mut flag) })?;
    if flag {
        let mut ms = 0.0;
        js::ok(unsafe { sys::napi_get_date_value(env, v, &mut ms) })?;
        return match iso_from_millis(ms) {
            Some(text) => Ok(Kind::Value(Value::Text(text))),
            None => Err(mismatch("an invalid Date")),
        };
    }
    let classes = errors::classes(env)?;
    let real = unsafe { js::deref(env, classes.real) }?;
    js::ok(unsafe { sys::napi_instanceof(env, v, real, &mut flag) })?;
    if flag {
        let inner = unsafe { js::get_named(env, v, c"value") }?;
        let n = unsafe { js::get_f64(env, inner) }?;
        return Ok(Kind::Value(Value::Real(n)));
    }
    if unsafe { js::is_array(env, v) }? {
        return if allow_containers { Ok(Kind::Array) } else { Err(mismatch("an array")) };
    }
    if allow_containers {
        Ok(Kind::Named)
    } else {
        Err(mismatch("an object"))
    }
}

unsafe fn bytes<'a>(data: *const u8, len: usize) -> &'a [u8] {
    if len == 0 || data.is_null() {
        &[]
    } else {
        // SAFETY: Node-API reported `len` bytes at `data`, alive while the value is.
        unsafe { std::slice::from_raw_parts(data, len) }
    }
}

/// One JavaScript value as a parameter value.
pub(crate) unsafe fn to_value(env: Env, v: JsVal) -> Result<Value, Fail> {
    match unsafe { classify(env, v, false) }? {
        Kind::Value(value) => Ok(value),
        Kind::Array | Kind::Named => unreachable!("containers are refused above"),
    }
}

/// Parameters as better-sqlite3 takes them: any mix of values, arrays of values (spread) and
/// one object of named parameters.
pub(crate) enum Args {
    Positional(Vec<Value>),
    Named(Vec<(String, Value)>),
    Mixed(Vec<Value>, Vec<(String, Value)>),
}

impl Args {
    pub(crate) fn is_empty(&self) -> bool {
        matches!(self, Args::Positional(v) if v.is_empty())
    }
}

/// Reads the arguments of a statement call.
pub(crate) unsafe fn args(env: Env, args: &[JsVal]) -> Result<Args, Fail> {
    let mut positional = Vec::with_capacity(args.len());
    let mut named: Option<Vec<(String, Value)>> = None;
    for &arg in args {
        match unsafe { classify(env, arg, true) }? {
            Kind::Value(value) => positional.push(value),
            Kind::Array => {
                let n = unsafe { js::array_len(env, arg) }?;
                for j in 0..n {
                    let e = unsafe { js::element(env, arg, j) }?;
                    positional.push(unsafe { to_value(env, e) }?);
                }
            }
            Kind::Named => {
                if named.is_some() {
                    return Err(Fail::Js(unsafe {
                        js::type_error(env, "You cannot specify named parameters in two different objects")
                    }?));
                }
                let mut values = Vec::new();
                for (key, value) in unsafe { js::keys(env, arg) }? {
                    values.push((key, unsafe { to_value(env, value) }?));
                }
                named = Some(values);
            }
        }
    }
    Ok(match named {
        None => Args::Positional(positional),
        Some(named) if positional.is_empty() => Args::Named(named),
        Some(named) => Args::Mixed(positional, named),
    })
}

/// Promise-API arguments (`@libsql/client`): an array of values or an object of named values.
pub(crate) unsafe fn client_args(env: Env, v: JsVal) -> Result<Parameters, Fail> {
    let t = unsafe { js::type_of(env, v) }?;
    if t == sys::ValueType::napi_undefined || t == sys::ValueType::napi_null {
        return Ok(Parameters::None);
    }
    match unsafe { classify(env, v, true) }? {
        Kind::Array => {
            let n = unsafe { js::array_len(env, v) }?;
            let mut values = Vec::with_capacity(n as usize);
            for j in 0..n {
                values.push(unsafe { to_value(env, js::element(env, v, j)?) }?);
            }
            Ok(if values.is_empty() { Parameters::None } else { Parameters::Positional(values) })
        }
        Kind::Named => {
            let mut values = Vec::new();
            for (key, value) in unsafe { js::keys(env, v) }? {
                values.push((key, unsafe { to_value(env, value) }?));
            }
            Ok(Parameters::Named(values))
        }
        Kind::Value(_) => Err(Fail::Js(unsafe { js::type_error(env, "args must be an array or an object") }?)),
    }
}

/// Resolves a better-sqlite3 mix of anonymous and named parameters against the statement's
/// parameter names into positional values.
pub(crate) fn resolve_mixed(
    names: &[Option<String>],
    positional: Vec<Value>,
    named: Vec<(String, Value)>,
) -> Result<Vec<Value>, edgelite::Error> {
    let mut anonymous = positional.into_iter();
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        match name.as_deref() {
            None => out.push(anonymous.next().ok_or_else(too_few)?),
            Some(n) if n.starts_with('?') => out.push(anonymous.next().ok_or_else(too_few)?),
            Some(n) => {
                let bare = &n[1..];
                let value =
                    named.iter().find(|(k, _)| k == bare || k == n).map(|(_, v)| v.clone()).ok_or_else(|| {
                        edgelite::Error::new(
                            extended::EDGELITE_RANGE_PARAMETER,
                            format!("missing named parameter {n:?}"),
                        )
                    })?;
                out.push(value);
            }
        }
    }
    if anonymous.next().is_some() {
        return Err(edgelite::Error::new(
            extended::EDGELITE_RANGE_PARAMETER,
            "too many parameter values were provided",
        ));
    }
    Ok(out)
}

fn too_few() -> edgelite::Error {
    edgelite::Error::new(extended::EDGELITE_RANGE_PARAMETER, "too few parameter values were provided")
}

/// A result value as a JavaScript value.
#[inline]
pub(crate) unsafe fn to_js(env: Env, v: ValueRef<'_>, ints: IntMode, blobs: Blobs) -> Result<JsVal, Fail> {
    Ok(match v {
        ValueRef::Null => unsafe { js::null(env) }?,
        ValueRef::Integer(i) => unsafe { int_to_js(env, i, ints) }?,
        ValueRef::Real(f) => unsafe { js::number(env, f) }?,
        ValueRef::Text(s) => unsafe { js::string_bytes(env, s) }?,
        ValueRef::Blob(b) => unsafe { blob(env, b, blobs) }?,
    })
}

/// An integer as `number` (when safe), `bigint` or `string`, per `ints`.
#[inline]
pub(crate) unsafe fn int_to_js(env: Env, i: i64, ints: IntMode) -> Result<JsVal, Fail> {
    match ints {
        IntMode::BigInt => Ok(unsafe { js::bigint(env, i) }?),
        IntMode::String => Ok(unsafe { js::string(env, &i.to_string()) }?),
        IntMode::Number if (-MAX_SAFE..=MAX_SAFE).contains(&i) => Ok(unsafe { js::number(env, i as f64) }?),
        IntMode::Number => Err(Fail::Js(unsafe {
            js::range_error(
                env,
                &format!(
                    "the integer {i} cannot be represented exactly as a JavaScript number; read it as a \
                     BigInt (safeIntegers() / defaultSafeIntegers() / intMode: \"bigint\")"
                ),
            )
        }?)),
    }
}

unsafe fn blob(env: Env, b: &[u8], blobs: Blobs) -> napi::Result<JsVal> {
    let mut out = ptr::null_mut();
    let mut data = ptr::null_mut();
    match blobs {
        Blobs::Buffer => {
            js::ok(unsafe { sys::napi_create_buffer(env, b.len(), &mut data, &mut out) })?;
        }
        Blobs::ArrayBuffer => {
            js::ok(unsafe { sys::napi_create_arraybuffer(env, b.len(), &mut data, &mut out) })?;
        }
    }
    if !b.is_empty() {
        // SAFETY: Node allocated `b.len()` writable bytes at `data`.
        unsafe { ptr::copy_nonoverlapping(b.as_ptr(), data.cast::<u8>(), b.len()) };
    }
    Ok(out)
}

/// A JavaScript `Date` (milliseconds since the epoch) as ISO-8601 UTC text, exactly as
/// `Date.prototype.toISOString` writes it (docs/types.md, decision 9).
pub(crate) fn iso_from_millis(ms: f64) -> Option<String> {
    if !ms.is_finite() {
        return None;
    }
    let ms = ms as i64;
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let (h, min, s, milli) = (rem / 3_600_000, rem / 60_000 % 60, rem / 1000 % 60, rem % 1000);
    let year = if (0..=9999).contains(&y) { format!("{y:04}") } else { format!("{y:+07}") };
    Some(format!("{year}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{milli:03}Z"))
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}
