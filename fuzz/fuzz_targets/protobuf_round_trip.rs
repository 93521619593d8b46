//! Decode, re-encode, decode again, for every protobuf message of the protocol — the requests
//! the server reads and the responses a client reads. The first byte picks the message type;
//! the rest is the message. The two decodes must agree.
#![no_main]

use edgelite::hrana::proto::*;
use edgelite::Value;
use edgelite_fuzz::{protobuf, protobuf_cursor_stream};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&kind, data)) = data.split_first() else { return };
    match kind % 16 {
        0 => protobuf::<PipelineReqBody>(data),
        1 => protobuf::<CursorReqBody>(data),
        2 => protobuf::<ClientMsg>(data),
        3 => protobuf::<PipelineRespBody>(data),
        4 => protobuf::<CursorRespBody>(data),
        5 => protobuf::<CursorEntry>(data),
        6 => protobuf::<ServerMsg>(data),
        7 => protobuf::<StreamRequest>(data),
        8 => protobuf::<StreamResult>(data),
        9 => protobuf::<Batch>(data),
        10 => protobuf::<BatchResult>(data),
        11 => protobuf::<StmtResult>(data),
        12 => protobuf::<BatchCond>(data),
        13 => protobuf::<Value>(data),
        14 => protobuf::<DescribeResult>(data),
        _ => protobuf_cursor_stream(data),
    }
});
