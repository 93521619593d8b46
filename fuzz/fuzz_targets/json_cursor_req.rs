//! Fuzzes the decoder of a `/v3/cursor` request body in JSON: no panic, and what decodes round-trips.
#![no_main]

use edgelite::hrana::proto::CursorReqBody;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| edgelite_fuzz::json_request::<CursorReqBody>(data));
