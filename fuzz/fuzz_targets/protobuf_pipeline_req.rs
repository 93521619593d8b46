//! Fuzzes the decoder of a `/v3-protobuf/pipeline` request body: no panic, and what decodes round-trips.
#![no_main]

use edgelite::hrana::proto::PipelineReqBody;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| edgelite_fuzz::protobuf::<PipelineReqBody>(data));
