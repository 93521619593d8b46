//! Fuzz-style tests of every Hrana decoder, deterministic and quick enough for every `cargo test`.
//!
//! 1. Seeded random values of every message type round-trip through JSON and protobuf.
//! 2. Tens of thousands of hostile inputs go to every decoder: random bytes, byte-level
//!    mutations of valid encodings, and tree-level mutations of valid JSON (wrong types, extreme
//!    numbers, missing and unknown keys, swapped variants, deep nesting). Every decoder must
//!    answer `Ok` or `Err` without panicking, and whatever decodes must round-trip: re-encoded, it
//!    decodes to the same value (and a JSON request has the same meaning in protobuf).
//! 3. Hand-written edge cases: nesting past the limits, on a thread with the stack of a tokio
//!    worker; lengths and indexes that claim more than the input holds.
//!
//! `fuzz/` checks the same properties under libFuzzer, for as long as one cares to run it
//! (`ci/fuzz`). With `HRANA_FUZZ_SEEDS=DIR`, `seeds_for_the_fuzzers` also writes its valid
//! encodings to `DIR/<target>/` as a starting corpus for those targets.

use std::fmt::Debug;

use edgelite::hrana::proto::*;
use edgelite::hrana::protobuf::{self, Protobuf};
use edgelite::Value;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;

// ----- a seeded generator -----

/// SplitMix64: small, fast, and the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// Random valid protocol values. `json` keeps to what JSON can carry exactly (no infinite
/// reals); protobuf carries everything.
struct Gen {
    rng: Rng,
    json: bool,
}

const INTERESTING_I64: [i64; 9] = [0, 1, -1, i64::MIN, i64::MAX, 9007199254740993, -9007199254740993, 255, 256];
const INTERESTING_F64: [f64; 10] = [0.0, -0.0, 1.5, -2.25, f64::MIN_POSITIVE, 5e-324, f64::MAX, f64::MIN, 0.1, 1e300];

impl Gen {
    fn new(seed: u64, json: bool) -> Gen {
        Gen { rng: Rng(seed), json }
    }

    fn count(&mut self, max: usize) -> usize {
        // Mostly short lists, now and then a longer one.
        if self.rng.chance(5) {
            self.rng.below(max * 3 + 1)
        } else {
            self.rng.below(max + 1)
        }
    }

    fn text(&mut self) -> String {
        const PIECES: [&str; 14] =
            ["a", "SELECT", " ", "é", "日本", "🦀", "\"", "\\", "\n", "\u{0}", "\u{1f}", "'", "?", "\u{feff}"];
        (0..self.count(6)).map(|_| *self.rng.pick(&PIECES)).collect()
    }

    fn opt_text(&mut self) -> Option<String> {
        self.rng.chance(60).then(|| self.text())
    }

    fn i64(&mut self) -> i64 {
        if self.rng.chance(40) {
            *self.rng.pick(&INTERESTING_I64)
        } else {
            self.rng.next() as i64
        }
    }

    fn f64(&mut self) -> f64 {
        match self.rng.below(4) {
            0 => *self.rng.pick(&INTERESTING_F64),
            1 => self.rng.next() as i64 as f64 / 1000.0,
            _ => loop {
                let f = f64::from_bits(self.rng.next());
                if !self.json || !f.is_infinite() {
                    break f;
                }
            },
        }
    }

    fn value(&mut self) -> Value {
        match self.rng.below(6) {
            0 => Value::Null,
            1 => Value::Integer(self.i64()),
            2 => Value::Real(self.f64()),
            3 if !self.json => Value::Real(if self.rng.chance(50) { f64::INFINITY } else { f64::NEG_INFINITY }),
            3 | 4 => Value::Text(self.text()),
            _ => {
                let n = self.count(8);
                Value::Blob(self.rng.bytes(n))
            }
        }
    }

    fn values(&mut self, max: usize) -> Vec<Value> {
        (0..self.count(max)).map(|_| self.value()).collect()
    }

    fn opt_i32(&mut self) -> Option<i32> {
        self.rng.chance(30).then(|| self.rng.next() as i32)
    }

    fn opt_u64(&mut self) -> Option<u64> {
        self.rng.chance(20).then(|| if self.rng.chance(50) { u64::MAX } else { self.rng.next() >> self.rng.below(64) })
    }

    fn stmt(&mut self) -> Stmt {
        Stmt {
            sql: self.opt_text(),
            sql_id: self.opt_i32(),
            args: self.values(4),
            named_args: (0..self.count(2)).map(|_| NamedArg { name: self.text(), value: self.value() }).collect(),
            want_rows: self.rng.chance(50).then(|| self.rng.chance(50)),
            replication_index: self.opt_u64(),
        }
    }

    fn cond(&mut self, depth: usize) -> BatchCond {
        let leaf = depth == 0 || self.rng.chance(40);
        match self.rng.below(if leaf { 3 } else { 6 }) {
            0 => BatchCond::Ok { step: self.rng.next() as u32 >> self.rng.below(32) },
            1 => BatchCond::Error { step: self.rng.next() as u32 >> self.rng.below(32) },
            2 => BatchCond::IsAutocommit,
            3 => BatchCond::Not { cond: Box::new(self.cond(depth - 1)) },
            4 => BatchCond::And { conds: (0..self.count(2)).map(|_| self.cond(depth - 1)).collect() },
            _ => BatchCond::Or { conds: (0..self.count(2)).map(|_| self.cond(depth - 1)).collect() },
        }
    }

    fn batch(&mut self) -> Batch {
        Batch {
            steps: (0..self.count(3))
                .map(|_| BatchStep { condition: self.rng.chance(50).then(|| self.cond(3)), stmt: self.stmt() })
                .collect(),
            replication_index: self.opt_u64(),
        }
    }

    fn sql_or_id(&mut self) -> (Option<String>, Option<i32>) {
        (self.opt_text(), self.opt_i32())
    }

    fn stream_request(&mut self) -> StreamRequest {
        match self.rng.below(8) {
            0 => StreamRequest::Close,
            1 => StreamRequest::Execute { stmt: self.stmt() },
            2 => StreamRequest::Batch { batch: self.batch() },
            3 => {
                let (sql, sql_id) = self.sql_or_id();
                StreamRequest::Sequence { sql, sql_id }
            }
            4 => {
                let (sql, sql_id) = self.sql_or_id();
                StreamRequest::Describe { sql, sql_id }
            }
            5 => StreamRequest::StoreSql { sql_id: self.rng.next() as i32, sql: self.text() },
            6 => StreamRequest::CloseSql { sql_id: self.rng.next() as i32 },
            _ => StreamRequest::GetAutocommit,
        }
    }

    fn pipeline_req(&mut self) -> PipelineReqBody {
        PipelineReqBody {
            baton: self.opt_text(),
            requests: (0..self.count(3)).map(|_| self.stream_request()).collect(),
        }
    }

    fn cursor_req(&mut self) -> CursorReqBody {
        CursorReqBody { baton: self.opt_text(), batch: self.batch() }
    }

    fn request(&mut self) -> Request {
        let id = |g: &mut Gen| g.rng.next() as i32;
        match self.rng.below(12) {
            0 => Request::OpenStream { stream_id: id(self) },
            1 => Request::CloseStream { stream_id: id(self) },
            2 => Request::Execute { stream_id: id(self), stmt: self.stmt() },
            3 => Request::Batch { stream_id: id(self), batch: self.batch() },
            4 => Request::OpenCursor { stream_id: id(self), cursor_id: id(self), batch: self.batch() },
            5 => Request::CloseCursor { cursor_id: id(self) },
            6 => Request::FetchCursor { cursor_id: id(self), max_count: self.rng.next() as u32 },
            7 => {
                let (sql, sql_id) = self.sql_or_id();
                Request::Sequence { stream_id: id(self), sql, sql_id }
            }
            8 => {
                let (sql, sql_id) = self.sql_or_id();
                Request::Describe { stream_id: id(self), sql, sql_id }
            }
            9 => Request::StoreSql { sql_id: id(self), sql: self.text() },
            10 => Request::CloseSql { sql_id: id(self) },
            _ => Request::GetAutocommit { stream_id: id(self) },
        }
    }

    fn client_msg(&mut self) -> ClientMsg {
        if self.rng.chance(15) {
            ClientMsg::Hello { jwt: self.opt_text() }
        } else {
            ClientMsg::Request { request_id: self.rng.next() as i32, request: self.request() }
        }
    }

    fn error(&mut self) -> Error {
        Error { message: self.text(), code: self.opt_text(), extended_code: self.opt_i32() }
    }

    fn col(&mut self) -> Col {
        Col { name: self.opt_text(), decltype: self.opt_text() }
    }

    fn stmt_result(&mut self) -> StmtResult {
        let cols: Vec<Col> = (0..self.count(3)).map(|_| self.col()).collect();
        StmtResult {
            rows: (0..self.count(3)).map(|_| (0..cols.len()).map(|_| self.value()).collect()).collect(),
            cols,
            affected_row_count: self.rng.next() >> self.rng.below(64),
            last_insert_rowid: self.rng.chance(50).then(|| self.i64()),
            replication_index: self.opt_u64(),
            rows_read: self.rng.next() >> self.rng.below(64),
            rows_written: self.rng.next() >> self.rng.below(64),
            query_duration_ms: (self.rng.next() % 1_000_000) as f64 / 1000.0,
        }
    }

    /// Results in the form both encodings agree on: one slot per step in both lists, and the
    /// last step not skipped (protobuf's maps cannot say how many skipped steps trail).
    fn batch_result(&mut self) -> BatchResult {
        let n = self.count(3);
        let (mut step_results, mut step_errors) = (vec![], vec![]);
        for i in 0..n {
            match self.rng.below(if i + 1 == n { 2 } else { 3 }) {
                0 => {
                    step_results.push(Some(self.stmt_result()));
                    step_errors.push(None);
                }
                1 => {
                    step_results.push(None);
                    step_errors.push(Some(self.error()));
                }
                _ => {
                    step_results.push(None);
                    step_errors.push(None);
                }
            }
        }
        BatchResult { step_results, step_errors, replication_index: self.opt_u64() }
    }

    fn describe_result(&mut self) -> DescribeResult {
        DescribeResult {
            params: (0..self.count(3)).map(|_| DescribeParam { name: self.opt_text() }).collect(),
            cols: (0..self.count(3)).map(|_| DescribeCol { name: self.text(), decltype: self.opt_text() }).collect(),
            is_explain: self.rng.chance(50),
            is_readonly: self.rng.chance(50),
        }
    }

    fn cursor_entry(&mut self) -> CursorEntry {
        match self.rng.below(5) {
            0 => CursorEntry::StepBegin {
                step: self.rng.next() as u32,
                cols: (0..self.count(3)).map(|_| self.col()).collect(),
            },
            1 => CursorEntry::StepEnd {
                affected_row_count: self.rng.next() >> self.rng.below(64),
                last_insert_rowid: self.rng.chance(50).then(|| self.i64()),
            },
            2 => CursorEntry::StepError { step: self.rng.next() as u32, error: self.error() },
            3 => CursorEntry::Row { row: self.values(4) },
            _ => CursorEntry::Error { error: self.error() },
        }
    }

    fn response(&mut self) -> Response {
        match self.rng.below(12) {
            0 => Response::OpenStream,
            1 => Response::CloseStream,
            2 => Response::Execute { result: self.stmt_result() },
            3 => Response::Batch { result: self.batch_result() },
            4 => Response::OpenCursor,
            5 => Response::CloseCursor,
            6 => Response::FetchCursor {
                entries: (0..self.count(3)).map(|_| self.cursor_entry()).collect(),
                done: self.rng.chance(50),
            },
            7 => Response::Sequence,
            8 => Response::Describe { result: self.describe_result() },
            9 => Response::StoreSql,
            10 => Response::CloseSql,
            _ => Response::GetAutocommit { is_autocommit: self.rng.chance(50) },
        }
    }

    fn server_msg(&mut self) -> ServerMsg {
        match self.rng.below(4) {
            0 => ServerMsg::HelloOk,
            1 => ServerMsg::HelloError { error: self.error() },
            2 => ServerMsg::ResponseOk { request_id: self.rng.next() as i32, response: self.response() },
            _ => ServerMsg::ResponseError { request_id: self.rng.next() as i32, error: self.error() },
        }
    }

    fn stream_result(&mut self) -> StreamResult {
        if self.rng.chance(20) {
            return StreamResult::Error { error: self.error() };
        }
        let response = match self.rng.below(8) {
            0 => StreamResponse::Close,
            1 => StreamResponse::Execute { result: self.stmt_result() },
            2 => StreamResponse::Batch { result: self.batch_result() },
            3 => StreamResponse::Sequence,
            4 => StreamResponse::Describe { result: self.describe_result() },
            5 => StreamResponse::StoreSql,
            6 => StreamResponse::CloseSql,
            _ => StreamResponse::GetAutocommit { is_autocommit: self.rng.chance(50) },
        };
        StreamResult::Ok { response }
    }

    fn pipeline_resp(&mut self) -> PipelineRespBody {
        PipelineRespBody {
            baton: self.opt_text(),
            base_url: self.opt_text(),
            results: (0..self.count(3)).map(|_| self.stream_result()).collect(),
        }
    }

    fn cursor_resp(&mut self) -> CursorRespBody {
        CursorRespBody { baton: self.opt_text(), base_url: self.opt_text() }
    }
}

// ----- the properties (as in fuzz/src/lib.rs) -----

trait Message: Serialize + DeserializeOwned + Protobuf + Clone + Debug + PartialEq {}
impl<T: Serialize + DeserializeOwned + Protobuf + Clone + Debug + PartialEq> Message for T {}

/// Equality for round trips: values already compare NaN equal to NaN; responses' plain `f64`
/// (`query_duration_ms`) does not, so it falls back to the debug text.
fn same<T: Debug + PartialEq>(a: &T, b: &T) -> bool {
    a == b || format!("{a:?}") == format!("{b:?}")
}

fn json_round_trip<T: Message>(value: &T) {
    let json = serde_json::to_string(value).unwrap_or_else(|e| panic!("{value:?} does not encode as JSON: {e}"));
    let again: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json} does not decode: {e}"));
    assert!(same(value, &again), "JSON round trip changed {value:?}\ninto {again:?}\nvia {json}");
}

fn protobuf_round_trip<T: Protobuf + Clone + Debug + PartialEq>(value: &T) {
    let bytes = protobuf::encode(value.clone());
    let again: T = protobuf::decode(&bytes).unwrap_or_else(|e| panic!("{value:?} does not decode: {e}"));
    assert!(same(value, &again), "protobuf round trip changed {value:?}\ninto {again:?}");
    let framed = protobuf::encode_length_delimited(value.clone());
    let mut rest = framed.as_slice();
    match protobuf::decode_length_delimited::<T>(&mut rest) {
        Ok(again) => assert!(rest.is_empty() && same(value, &again), "length-delimited round trip changed {value:?}"),
        // The length-delimited frame is one more level of nesting for prost.
        Err(e) if nesting_limit(&e) => {}
        Err(e) => panic!("{value:?} does not decode length-delimited: {e}"),
    }
}

/// prost's refusal to nest messages more than 100 deep (JSON allows 128).
fn nesting_limit(e: &protobuf::DecodeError) -> bool {
    e.0.contains("recursion limit reached")
}

/// Counts of what the decoders made of the hostile inputs, so a test can tell that its
/// inputs reached past the first byte of the parsers.
#[derive(Default, Debug)]
struct Tally {
    inputs: usize,
    decoded: usize,
}

/// Any JSON input: it decodes or errs, the same from bytes and text; what decodes round-trips,
/// and for requests (`cross`), has the same meaning in protobuf.
fn check_json<T: Message>(data: &[u8], cross: bool, tally: &mut Tally) {
    tally.inputs += 1;
    let decoded = serde_json::from_slice::<T>(data);
    if let Ok(text) = std::str::from_utf8(data) {
        match (&decoded, serde_json::from_str::<T>(text)) {
            (Ok(a), Ok(b)) => assert!(same(a, &b)),
            (Err(_), Err(_)) => {}
            (a, b) => panic!("from_slice and from_str disagree on {text:?}: {a:?} vs {b:?}"),
        }
    }
    let Ok(value) = decoded else { return };
    tally.decoded += 1;
    json_round_trip(&value);
    if cross {
        match protobuf::decode::<T>(&protobuf::encode(value.clone())) {
            Ok(from_pb) => assert!(same(&value, &from_pb), "protobuf form of {value:?} decodes as {from_pb:?}"),
            Err(e) if nesting_limit(&e) => {}
            Err(e) => panic!("protobuf form of {value:?} does not decode: {e}"),
        }
    }
}

/// Any protobuf input: it decodes or errs, plain and length-delimited; what decodes round-trips.
fn check_protobuf<T: Protobuf + Clone + Debug + PartialEq>(data: &[u8], tally: &mut Tally) {
    tally.inputs += 1;
    if let Ok(value) = protobuf::decode::<T>(data) {
        tally.decoded += 1;
        protobuf_round_trip(&value);
    }
    let mut rest = data;
    if let Ok(value) = protobuf::decode_length_delimited::<T>(&mut rest) {
        assert!(rest.len() < data.len());
        protobuf_round_trip(&value);
    }
}

// ----- mutators -----

/// Byte-level mutations, as libFuzzer's: flip, set, insert, delete, duplicate, truncate,
/// splice in another input, plant a varint at the extremes.
fn mutate_bytes(rng: &mut Rng, input: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = if out.is_empty() { 0 } else { rng.below(out.len() + 1) };
        match rng.below(9) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] = *rng.pick(&[0x00, 0x01, 0x7f, 0x80, 0xff, b'"', b'{', b'[', b'\\', b'0']);
            }
            2 => {
                let n = 1 + rng.below(8);
                let bytes = rng.bytes(n);
                out.splice(at..at, bytes);
            }
            3 if !out.is_empty() => {
                let end = (at + 1 + rng.below(8)).min(out.len());
                out.drain(at.min(end)..end);
            }
            4 if !out.is_empty() => {
                let start = rng.below(out.len());
                let end = (start + 1 + rng.below(16)).min(out.len());
                let chunk = out[start..end].to_vec();
                out.splice(at..at, chunk);
            }
            5 => out.truncate(at),
            6 if !other.is_empty() => {
                let start = rng.below(other.len());
                let end = (start + 1 + rng.below(32)).min(other.len());
                out.splice(at..at, other[start..end].iter().copied());
            }
            7 => {
                let varint: &[u8] = rng.pick::<&[u8]>(&[
                    &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01][..],
                    &[0xff, 0xff, 0xff, 0xff, 0x0f],
                    &[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
                    &[0xff, 0xff, 0x3f],
                ]);
                out.splice(at..at, varint.iter().copied());
            }
            _ => {
                // A plausible field key: a small field number with a random wire type.
                let key = ((1 + rng.below(13)) << 3 | rng.below(6)) as u8;
                out.insert(at, key);
            }
        }
    }
    out
}

/// One field of a protobuf message on the wire.
#[derive(Clone)]
enum WireField {
    Varint(u64, u64),
    Fixed64(u64, u64),
    Bytes(u64, Vec<u8>),
    Fixed32(u64, u32),
}

fn read_varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        value |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(value);
        }
    }
    None
}

fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Splits a message into its fields, or `None` if it is not well-formed on the wire.
fn parse_fields(mut bytes: &[u8]) -> Option<Vec<WireField>> {
    let mut fields = vec![];
    while !bytes.is_empty() {
        let key = read_varint(&mut bytes)?;
        let number = key >> 3;
        fields.push(match key & 7 {
            0 => WireField::Varint(number, read_varint(&mut bytes)?),
            1 => {
                let (head, rest) = bytes.split_at_checked(8)?;
                bytes = rest;
                WireField::Fixed64(number, u64::from_le_bytes(head.try_into().ok()?))
            }
            2 => {
                let len = usize::try_from(read_varint(&mut bytes)?).ok()?;
                let (head, rest) = bytes.split_at_checked(len)?;
                bytes = rest;
                WireField::Bytes(number, head.to_vec())
            }
            5 => {
                let (head, rest) = bytes.split_at_checked(4)?;
                bytes = rest;
                WireField::Fixed32(number, u32::from_le_bytes(head.try_into().ok()?))
            }
            _ => return None,
        });
    }
    Some(fields)
}

fn write_fields(fields: &[WireField]) -> Vec<u8> {
    let mut out = vec![];
    for field in fields {
        match field {
            WireField::Varint(n, v) => {
                write_varint(&mut out, n << 3);
                write_varint(&mut out, *v);
            }
            WireField::Fixed64(n, v) => {
                write_varint(&mut out, n << 3 | 1);
                out.extend(v.to_le_bytes());
            }
            WireField::Bytes(n, b) => {
                write_varint(&mut out, n << 3 | 2);
                write_varint(&mut out, b.len() as u64);
                out.extend(b);
            }
            WireField::Fixed32(n, v) => {
                write_varint(&mut out, n << 3 | 5);
                out.extend(v.to_le_bytes());
            }
        }
    }
    out
}

const INTERESTING_VARINTS: [u64; 12] = [
    0,
    1,
    2,
    127,
    128,
    1 << 20,
    u32::MAX as u64,
    1 << 32,
    i32::MAX as u64,
    i32::MIN as i64 as u64,
    u64::MAX,
    i64::MAX as u64,
];

/// Structure-aware protobuf mutations that keep the wire format well-formed, so the input
/// gets past prost to the protocol's own checks: drop, duplicate or reorder fields, renumber
/// them, set varints to extremes, corrupt a string's UTF-8, and recurse into nested messages.
fn mutate_protobuf(rng: &mut Rng, input: &[u8], depth: usize) -> Vec<u8> {
    let Some(mut fields) = parse_fields(input) else { return mutate_bytes(rng, input, &[]) };
    for _ in 0..1 + rng.below(2) {
        let i = if fields.is_empty() { 0 } else { rng.below(fields.len()) };
        match rng.below(if fields.is_empty() { 1 } else { 8 }) {
            0 => {
                let number = if rng.chance(80) { 1 + rng.below(13) as u64 } else { 100 + rng.below(1000) as u64 };
                let field = match rng.below(4) {
                    0 => WireField::Varint(number, *rng.pick(&INTERESTING_VARINTS)),
                    1 => WireField::Fixed64(number, rng.next()),
                    2 => WireField::Fixed32(number, rng.next() as u32),
                    _ => WireField::Bytes(number, vec![]),
                };
                fields.insert(i, field);
            }
            1 => {
                fields.remove(i);
            }
            2 => {
                let copy = fields[i].clone();
                fields.insert(rng.below(fields.len() + 1), copy);
            }
            3 => {
                let j = rng.below(fields.len());
                fields.swap(i, j);
            }
            4 => match &mut fields[i] {
                WireField::Varint(n, _)
                | WireField::Fixed64(n, _)
                | WireField::Bytes(n, _)
                | WireField::Fixed32(n, _) => *n = 1 + rng.below(13) as u64,
            },
            5 => match &mut fields[i] {
                WireField::Varint(_, v) => *v = *rng.pick(&INTERESTING_VARINTS),
                WireField::Fixed64(_, v) => *v = rng.pick(&INTERESTING_F64).to_bits(),
                WireField::Bytes(_, b) => {
                    let at = rng.below(b.len() + 1);
                    b.insert(at, *rng.pick(&[0xff, 0xc3, 0xed, 0x80]));
                }
                WireField::Fixed32(_, v) => *v = u32::MAX,
            },
            _ => {
                if let WireField::Bytes(_, b) = &mut fields[i] {
                    *b = if depth < 8 { mutate_protobuf(rng, b, depth + 1) } else { vec![] };
                }
            }
        }
    }
    write_fields(&fields)
}

/// Every node of a JSON tree, as a path of indexes.
fn nodes(value: &serde_json::Value, path: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
    out.push(path.clone());
    let children: Vec<&serde_json::Value> = match value {
        serde_json::Value::Array(items) => items.iter().collect(),
        serde_json::Value::Object(map) => map.values().collect(),
        _ => vec![],
    };
    for (i, child) in children.into_iter().enumerate() {
        path.push(i);
        nodes(child, path, out);
        path.pop();
    }
}

fn node_mut<'a>(value: &'a mut serde_json::Value, path: &[usize]) -> &'a mut serde_json::Value {
    let Some((&first, rest)) = path.split_first() else { return value };
    let child = match value {
        serde_json::Value::Array(items) => &mut items[first],
        serde_json::Value::Object(map) => map.values_mut().nth(first).expect("path from nodes()"),
        _ => unreachable!("path from nodes()"),
    };
    node_mut(child, rest)
}

const TYPE_NAMES: [&str; 24] = [
    "hello",
    "request",
    "open_stream",
    "close_stream",
    "execute",
    "batch",
    "open_cursor",
    "close_cursor",
    "fetch_cursor",
    "sequence",
    "describe",
    "store_sql",
    "close_sql",
    "get_autocommit",
    "close",
    "ok",
    "error",
    "not",
    "and",
    "or",
    "is_autocommit",
    "integer",
    "float",
    "blob",
];

/// Tree-level mutations of valid JSON: replace a node by something of another type or an
/// extreme, drop or add keys, swap `type` tags, duplicate subtrees. Some mutations are spliced
/// in as raw text, since a `serde_json::Value` cannot hold them (`1e999`, `-0`, huge integers).
fn mutate_json(rng: &mut Rng, input: &serde_json::Value) -> Vec<u8> {
    let mut tree = input.clone();
    let mut raw: Option<&str> = None;
    for _ in 0..1 + rng.below(3) {
        let mut paths = vec![];
        nodes(&tree, &mut vec![], &mut paths);
        let (from, to) = (rng.below(paths.len()), rng.below(paths.len()));
        let donor = node_mut(&mut tree, &paths[from]).clone();
        let node = node_mut(&mut tree, &paths[to]);
        match rng.below(8) {
            0 => {
                *node = rng
                    .pick(&[
                        json!(null),
                        json!(true),
                        json!(-1),
                        json!(u64::MAX),
                        json!(i64::MIN),
                        json!(1.5),
                        json!(""),
                        json!([]),
                        json!({}),
                        json!("9223372036854775808"),
                        json!("-9223372036854775809"),
                        json!("18446744073709551616"),
                        json!("0x10"),
                        json!(" 1"),
                        json!("+1"),
                        json!(4294967296u64),
                        json!(2147483648u64),
                        json!(-2147483649i64),
                        json!("AP8"),
                        json!("====="),
                    ])
                    .clone()
            }
            1 => {
                if let serde_json::Value::Object(map) = node {
                    if let Some(key) = map.keys().nth(rng.below(map.len().max(1))).cloned() {
                        map.remove(&key);
                    }
                }
            }
            2 => {
                if let serde_json::Value::Object(map) = node {
                    let key = rng.pick(&["type", "value", "base64", "stmt", "cond", "conds", "step", "zzz"]);
                    map.insert(key.to_string(), donor);
                }
            }
            3 => {
                if let serde_json::Value::Object(map) = node {
                    map.insert("type".into(), json!(rng.pick(&TYPE_NAMES)));
                }
            }
            4 => {
                if let serde_json::Value::Array(items) = node {
                    items.push(donor);
                } else {
                    *node = donor;
                }
            }
            5 => *node = serde_json::Value::Array(vec![donor.clone(), donor]),
            6 => {
                let mut deep = donor;
                for _ in 0..rng.below(140) {
                    // (Not `json!`, which would copy `deep` at every level.)
                    let mut not = serde_json::Map::new();
                    not.insert("type".into(), "not".into());
                    not.insert("cond".into(), deep);
                    deep = serde_json::Value::Object(not);
                }
                *node = deep;
            }
            _ => {
                *node = json!("RAW");
                raw = Some(*rng.pick(&[
                    "1e999",
                    "-1e999",
                    "-0",
                    "99999999999999999999999",
                    "1.0000000000000000000000001",
                    "2.2250738585072011e-308",
                    "\"\\ud800\"",
                    "\"\\u0000\"",
                    "0.1e-999",
                ]));
            }
        }
    }
    let mut text = serde_json::to_string(&tree).expect("a JSON tree serializes");
    if let Some(raw) = raw {
        text = text.replacen("\"RAW\"", raw, 1);
    }
    text.into_bytes()
}

// ----- the tests -----

fn json_values<T: Serialize>(values: &[T]) -> Vec<serde_json::Value> {
    values.iter().map(|v| serde_json::to_value(v).expect("encodes")).collect()
}

/// For a request type: round trips of generated values, then hostile JSON and protobuf.
fn fuzz_type<T: Message>(name: &str, seed: u64, cross: bool, make: impl Fn(&mut Gen) -> T) -> (Tally, Tally) {
    const VALID: usize = 300;
    const MUTANTS: usize = 2500;
    let mut json_gen = Gen::new(seed, true);
    let mut pb_gen = Gen::new(seed ^ 0x5555, false);
    let json_valid: Vec<T> = (0..VALID).map(|_| make(&mut json_gen)).collect();
    let pb_valid: Vec<T> = (0..VALID).map(|_| make(&mut pb_gen)).collect();
    for v in &json_valid {
        json_round_trip(v);
        protobuf_round_trip(v);
    }
    for v in &pb_valid {
        protobuf_round_trip(v);
    }

    let mut rng = Rng(seed.rotate_left(17));
    let (mut json_tally, mut pb_tally) = (Tally::default(), Tally::default());
    let trees = json_values(&json_valid);
    let texts: Vec<Vec<u8>> = trees.iter().map(|t| serde_json::to_vec(t).unwrap()).collect();
    for _ in 0..MUTANTS {
        let i = rng.below(VALID);
        let tree_mutant = mutate_json(&mut rng, &trees[i]);
        check_json::<T>(&tree_mutant, cross, &mut json_tally);
        let j = rng.below(VALID);
        let byte_mutant = mutate_bytes(&mut rng, &texts[i], &texts[j]);
        check_json::<T>(&byte_mutant, cross, &mut json_tally);
    }
    let encodings: Vec<Vec<u8>> = pb_valid.iter().map(|v| protobuf::encode(v.clone())).collect();
    for _ in 0..MUTANTS {
        let i = rng.below(VALID);
        let j = rng.below(VALID);
        let mutant = mutate_bytes(&mut rng, &encodings[i], &encodings[j]);
        check_protobuf::<T>(&mutant, &mut pb_tally);
        let mutant = mutate_protobuf(&mut rng, &encodings[i], 0);
        check_protobuf::<T>(&mutant, &mut pb_tally);
    }
    for _ in 0..MUTANTS / 2 {
        let n = rng.below(64);
        let noise = rng.bytes(n);
        check_protobuf::<T>(&noise, &mut pb_tally);
        check_json::<T>(&noise, cross, &mut json_tally);
    }
    // The mutants must mostly stay near valid messages, or they test only the first byte.
    for (what, tally) in [("JSON", &json_tally), ("protobuf", &pb_tally)] {
        assert!(
            tally.decoded * 20 >= tally.inputs,
            "{name}: only {} of {} hostile {what} inputs decoded; the mutators are too blunt",
            tally.decoded,
            tally.inputs
        );
    }
    eprintln!("{name}: {json_tally:?} JSON, {pb_tally:?} protobuf");
    (json_tally, pb_tally)
}

#[test]
fn pipeline_requests() {
    fuzz_type("PipelineReqBody", 1, true, Gen::pipeline_req);
}

#[test]
fn cursor_requests() {
    fuzz_type("CursorReqBody", 2, true, Gen::cursor_req);
}

#[test]
fn websocket_client_messages() {
    fuzz_type("ClientMsg", 3, true, Gen::client_msg);
}

#[test]
fn pipeline_responses() {
    fuzz_type("PipelineRespBody", 4, false, Gen::pipeline_resp);
}

#[test]
fn websocket_server_messages() {
    fuzz_type("ServerMsg", 5, false, Gen::server_msg);
}

#[test]
fn cursor_responses() {
    fuzz_type("CursorEntry", 6, false, Gen::cursor_entry);
    fuzz_type("CursorRespBody", 7, false, Gen::cursor_resp);
    // A whole response body as a client reads it: head, then entries, each length-delimited.
    let mut g = Gen::new(8, false);
    let mut rng = Rng(9);
    for _ in 0..500 {
        let mut body = protobuf::encode_length_delimited(g.cursor_resp());
        let entries: Vec<CursorEntry> = (0..g.count(4)).map(|_| g.cursor_entry()).collect();
        for e in &entries {
            body.extend(protobuf::encode_length_delimited(e.clone()));
        }
        let mut rest = body.as_slice();
        protobuf::decode_length_delimited::<CursorRespBody>(&mut rest).unwrap();
        for e in &entries {
            assert!(same(e, &protobuf::decode_length_delimited::<CursorEntry>(&mut rest).unwrap()));
        }
        assert!(rest.is_empty());
        let mutant = mutate_bytes(&mut rng, &body, &[]);
        let mut rest = mutant.as_slice();
        if protobuf::decode_length_delimited::<CursorRespBody>(&mut rest).is_ok() {
            while !rest.is_empty() {
                let before = rest.len();
                match protobuf::decode_length_delimited::<CursorEntry>(&mut rest) {
                    Ok(entry) => {
                        assert!(rest.len() < before);
                        protobuf_round_trip(&entry);
                    }
                    Err(_) => break,
                }
            }
        }
    }
}

#[test]
fn parts_round_trip() {
    // The pieces on their own, where a message type exists for them.
    let mut g = Gen::new(10, false);
    for _ in 0..500 {
        protobuf_round_trip(&g.value());
        protobuf_round_trip(&g.stmt());
        protobuf_round_trip(&g.cond(6));
        protobuf_round_trip(&g.batch());
        protobuf_round_trip(&g.stmt_result());
        protobuf_round_trip(&g.batch_result());
        protobuf_round_trip(&g.describe_result());
        protobuf_round_trip(&g.stream_request());
        protobuf_round_trip(&g.stream_result());
    }
}

/// Runs `f` on a thread with the stack a tokio worker has (2 MiB), where the server decodes.
fn on_worker_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new().stack_size(2 << 20).spawn(f).unwrap().join().unwrap();
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    on_worker_stack(|| {
        for depth in [10, 50, 100, 126, 127, 128, 129, 200, 1000, 100_000] {
            // JSON: serde_json refuses to nest deeper than 128 levels.
            let cond =
                format!(r#"{}{{"type":"ok","step":0}}{}"#, r#"{"type":"not","cond":"#.repeat(depth), "}".repeat(depth));
            let json = format!(
                r#"{{"type":"request","request_id":1,"request":{{"type":"batch","stream_id":1,"batch":{{"steps":[{{"condition":{cond},"stmt":{{"sql":"SELECT 1"}}}}]}}}}}}"#
            );
            let decoded = serde_json::from_str::<ClientMsg>(&json);
            assert!(decoded.is_ok() || depth > 100, "depth {depth}: {decoded:?}");
            assert!(decoded.is_err() || depth < 128, "depth {depth}: decoded past serde_json's limit");
            let mut tally = Tally::default();
            check_json::<ClientMsg>(json.as_bytes(), true, &mut tally);
            let pipeline = format!(
                r#"{{"requests":[{{"type":"batch","batch":{{"steps":[{{"condition":{cond},"stmt":{{"sql":"SELECT 1"}}}}]}}}}]}}"#
            );
            check_json::<PipelineReqBody>(pipeline.as_bytes(), true, &mut tally);
            // Protobuf: prost refuses to nest messages deeper than 100 levels. Built back to
            // front, each level's header prepended: Not is field 3, length-delimited.
            let mut reversed: Vec<u8> = protobuf::encode(BatchCond::Ok { step: 0 }).into_iter().rev().collect();
            for _ in 0..depth {
                let mut header = vec![3 << 3 | 2];
                let mut len = reversed.len();
                while len >= 0x80 {
                    header.push(len as u8 | 0x80);
                    len >>= 7;
                }
                header.push(len as u8);
                reversed.extend(header.into_iter().rev());
            }
            let pb: Vec<u8> = reversed.into_iter().rev().collect();
            let decoded = protobuf::decode::<BatchCond>(&pb);
            assert!(decoded.is_ok() || depth >= 99, "depth {depth}: {decoded:?}");
            assert!(decoded.is_err() || depth <= 100, "depth {depth}: decoded past prost's limit");
            check_protobuf::<BatchCond>(&pb, &mut tally);
            let batch = Batch {
                steps: vec![BatchStep { condition: decoded.ok(), stmt: Stmt::default() }],
                replication_index: None,
            };
            let mut tally = Tally::default();
            check_protobuf::<ClientMsg>(
                &protobuf::encode(ClientMsg::Request {
                    request_id: 1,
                    request: Request::Batch { stream_id: 1, batch },
                }),
                &mut tally,
            );
        }
    });
}

#[test]
fn claimed_sizes_beyond_the_input_are_errors() {
    // A string, bytes or nested message whose length prefix claims more than is there.
    for bytes in [
        &[0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f][..], // baton: 4 GiB of text
        &[0x12, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], // request: 2^63 bytes
        &[0x12, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], // an overlong varint
    ] {
        assert!(protobuf::decode::<PipelineReqBody>(bytes).is_err(), "{bytes:?}");
        let mut rest = bytes;
        assert!(protobuf::decode_length_delimited::<PipelineReqBody>(&mut rest).is_err(), "{bytes:?}");
    }
    // A length-delimited frame claiming more than the buffer holds.
    let mut rest: &[u8] = &[0xff, 0xff, 0xff, 0xff, 0x0f, 0x0a];
    assert!(protobuf::decode_length_delimited::<CursorEntry>(&mut rest).is_err());
    // A batch result naming step 4 billion: refused, not 4 billion slots.
    let mut huge = vec![0x12, 0x08, 0x08];
    huge.extend([0xff, 0xff, 0xff, 0xff, 0x0f]); // key u32::MAX
    huge.extend([0x12, 0x00]); // an empty Error
    assert!(protobuf::decode::<BatchResult>(&huge).is_err());
    // JSON steps and ids at the edges of their types.
    for (json, ok) in [
        (r#"{"type":"ok","step":4294967295}"#, true),
        (r#"{"type":"ok","step":4294967296}"#, false),
        (r#"{"type":"ok","step":-1}"#, false),
        (r#"{"type":"ok","step":1.5}"#, false),
        (r#"{"type":"ok"}"#, false),
    ] {
        assert_eq!(serde_json::from_str::<BatchCond>(json).is_ok(), ok, "{json}");
    }
    for (json, ok) in [
        (
            r#"{"type":"request","request_id":2147483647,"request":{"type":"close_cursor","cursor_id":-2147483648}}"#,
            true,
        ),
        (r#"{"type":"request","request_id":2147483648,"request":{"type":"close_cursor","cursor_id":1}}"#, false),
        (r#"{"type":"request","request_id":1,"request":{"type":"fetch_cursor","cursor_id":1,"max_count":-1}}"#, false),
    ] {
        assert_eq!(serde_json::from_str::<ClientMsg>(json).is_ok(), ok, "{json}");
    }
}

#[test]
fn json_values_at_the_edges() {
    // Integers as strings must be exact i64; floats must survive exactly; the rest are errors.
    let stmt = |value: &str| format!(r#"{{"sql":"SELECT ?","args":[{value}]}}"#);
    for (value, expected) in [
        (r#"{"type":"integer","value":"9223372036854775807"}"#, Some(Value::Integer(i64::MAX))),
        (r#"{"type":"integer","value":"-9223372036854775808"}"#, Some(Value::Integer(i64::MIN))),
        (r#"{"type":"integer","value":"9223372036854775808"}"#, None),
        (r#"{"type":"integer","value":""}"#, None),
        (r#"{"type":"integer","value":"1.0"}"#, None),
        (r#"{"type":"integer","value":12}"#, Some(Value::Integer(12))),
        (r#"{"type":"integer","value":1e3}"#, None),
        (r#"{"type":"float","value":1e999}"#, None),
        // The largest subnormal, written as in the classic float-parsing hard case.
        (
            r#"{"type":"float","value":2.2250738585072011e-308}"#,
            Some(Value::Real(f64::from_bits(0x000F_FFFF_FFFF_FFFF))),
        ),
        (r#"{"type":"float","value":0.30000000000000004}"#, Some(Value::Real(0.30000000000000004))),
        (r#"{"type":"float","value":"1.5"}"#, None),
        (r#"{"type":"text","value":"\ud800"}"#, None),
        (r#"{"type":"text","value":"\u0000"}"#, Some(Value::Text("\0".into()))),
        (r#"{"type":"text"}"#, None),
        (r#"{"type":"blob","base64":""}"#, Some(Value::Blob(vec![]))),
        (r#"{"type":"blob","base64":"A"}"#, None),
        (r#"{"type":"blob","base64":"AA=="}"#, Some(Value::Blob(vec![0]))),
        (r#"{"type":"blob","base64":"AA"}"#, Some(Value::Blob(vec![0]))),
        (r#"{"type":"blob"}"#, None),
        (r#"{"value":"1"}"#, None),
        (r#"{"type":"integer","value":"1","type":"text"}"#, None),
    ] {
        let decoded = serde_json::from_str::<Stmt>(&stmt(value));
        match expected {
            Some(v) => assert_eq!(decoded.unwrap_or_else(|e| panic!("{value}: {e}")).args, vec![v], "{value}"),
            None => assert!(decoded.is_err(), "{value} decoded as {decoded:?}"),
        }
    }
    // Every finite double survives the trip through JSON text exactly.
    let mut rng = Rng(11);
    for _ in 0..20_000 {
        let f = f64::from_bits(rng.next());
        if !f.is_finite() {
            continue;
        }
        let stmt = Stmt { args: vec![Value::Real(f)], ..Default::default() };
        let back: Stmt = serde_json::from_str(&serde_json::to_string(&stmt).unwrap()).unwrap();
        assert_eq!(back.args[0], Value::Real(f), "{f:e} ({:#x})", f.to_bits());
    }
}

/// Writes a starting corpus for the libFuzzer targets when `HRANA_FUZZ_SEEDS` names a directory
/// (`ci/fuzz` does); always checks that the seeds decode as what they were made from.
#[test]
fn seeds_for_the_fuzzers() {
    let dir = std::env::var_os("HRANA_FUZZ_SEEDS").map(std::path::PathBuf::from);
    let mut seeds: Vec<(&str, Vec<u8>)> = vec![];
    let mut g = Gen::new(12, true);
    for _ in 0..40 {
        let (p, c, m) = (g.pipeline_req(), g.cursor_req(), g.client_msg());
        for (target, json) in [
            ("json_pipeline_req", serde_json::to_vec(&p).unwrap()),
            ("json_cursor_req", serde_json::to_vec(&c).unwrap()),
            ("json_client_msg", serde_json::to_vec(&m).unwrap()),
        ] {
            seeds.push((target, json));
        }
        seeds.push(("protobuf_pipeline_req", protobuf::encode(p.clone())));
        seeds.push(("protobuf_cursor_req", protobuf::encode(c.clone())));
        seeds.push(("protobuf_client_msg", protobuf::encode(m.clone())));
        // protobuf_round_trip: a type byte (as in its match), then the message.
        let typed = |kind: u8, bytes: Vec<u8>| [vec![kind], bytes].concat();
        seeds.push(("protobuf_round_trip", typed(0, protobuf::encode(p))));
        seeds.push(("protobuf_round_trip", typed(1, protobuf::encode(c))));
        seeds.push(("protobuf_round_trip", typed(2, protobuf::encode(m))));
        seeds.push(("protobuf_round_trip", typed(3, protobuf::encode(g.pipeline_resp()))));
        seeds.push(("protobuf_round_trip", typed(4, protobuf::encode(g.cursor_resp()))));
        seeds.push(("protobuf_round_trip", typed(5, protobuf::encode(g.cursor_entry()))));
        seeds.push(("protobuf_round_trip", typed(6, protobuf::encode(g.server_msg()))));
        let mut stream = protobuf::encode_length_delimited(g.cursor_resp());
        for _ in 0..3 {
            stream.extend(protobuf::encode_length_delimited(g.cursor_entry()));
        }
        seeds.push(("protobuf_round_trip", typed(15, stream)));
    }
    for (target, bytes) in &seeds {
        let decodes = match *target {
            "json_pipeline_req" => serde_json::from_slice::<PipelineReqBody>(bytes).is_ok(),
            "json_cursor_req" => serde_json::from_slice::<CursorReqBody>(bytes).is_ok(),
            "json_client_msg" => serde_json::from_slice::<ClientMsg>(bytes).is_ok(),
            "protobuf_pipeline_req" => protobuf::decode::<PipelineReqBody>(bytes).is_ok(),
            "protobuf_cursor_req" => protobuf::decode::<CursorReqBody>(bytes).is_ok(),
            "protobuf_client_msg" => protobuf::decode::<ClientMsg>(bytes).is_ok(),
            _ => match bytes[0] {
                0 => protobuf::decode::<PipelineReqBody>(&bytes[1..]).is_ok(),
                1 => protobuf::decode::<CursorReqBody>(&bytes[1..]).is_ok(),
                2 => protobuf::decode::<ClientMsg>(&bytes[1..]).is_ok(),
                3 => protobuf::decode::<PipelineRespBody>(&bytes[1..]).is_ok(),
                4 => protobuf::decode::<CursorRespBody>(&bytes[1..]).is_ok(),
                5 => protobuf::decode::<CursorEntry>(&bytes[1..]).is_ok(),
                6 => protobuf::decode::<ServerMsg>(&bytes[1..]).is_ok(),
                _ => {
                    let mut rest = &bytes[1..];
                    protobuf::decode_length_delimited::<CursorRespBody>(&mut rest).is_ok()
                        && (0..3).all(|_| protobuf::decode_length_delimited::<CursorEntry>(&mut rest).is_ok())
                        && rest.is_empty()
                }
            },
        };
        assert!(decodes, "a {target} seed does not decode");
    }
    if let Some(dir) = dir {
        for (i, (target, bytes)) in seeds.iter().enumerate() {
            let target_dir = dir.join(target);
            std::fs::create_dir_all(&target_dir).unwrap();
            std::fs::write(target_dir.join(format!("seed-{i:04}")), bytes).unwrap();
        }
    }
}
