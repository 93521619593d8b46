//! Fuzzes the decoder of a WebSocket client message in JSON (`hrana1`–`hrana3`): no panic, and
//! what decodes round-trips.
#![no_main]

use edgelite::hrana::proto::ClientMsg;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| edgelite_fuzz::json_request::<ClientMsg>(data));
