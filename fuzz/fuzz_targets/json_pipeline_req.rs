//! Fuzzes the decoder of a `/v2|v3/pipeline` request body in JSON: no panic, and what decodes round-trips.
#![no_main]

use edgelite::hrana::proto::PipelineReqBody;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| edgelite_fuzz::json_request::<PipelineReqBody>(data));
