//! The properties the fuzz targets check, shared by all of them (see `README.md`).
//!
//! For any input, every decoder returns `Ok` or `Err` — never panics, overflows or allocates
//! without bound — and whatever decodes re-encodes to something that decodes to the same value.
//! `core/tests/hrana_decoders.rs` checks the same properties on seeded inputs in `cargo test`.

use std::fmt::Debug;

use edgelite::hrana::protobuf::{self, Protobuf};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// A protocol type with both encodings.
pub trait Message: Serialize + DeserializeOwned + Protobuf + Clone + Debug + PartialEq {}
impl<T: Serialize + DeserializeOwned + Protobuf + Clone + Debug + PartialEq> Message for T {}

/// Equality for round trips. Values compare NaN equal to NaN already; the few plain `f64`
/// fields of responses (`query_duration_ms`) do not, so those compare by their debug text.
pub fn same<T: Debug + PartialEq>(a: &T, b: &T) -> bool {
    a == b || format!("{a:?}") == format!("{b:?}")
}

/// JSON input for a request type: it decodes or errs, the same from bytes and from text, and
/// a decoded request survives JSON and protobuf round trips unchanged (every JSON request has
/// an exact protobuf form, unless nested past protobuf's limit).
pub fn json_request<T: Message>(data: &[u8]) {
    let decoded = serde_json::from_slice::<T>(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let from_text = serde_json::from_str::<T>(text);
        match (&decoded, &from_text) {
            (Ok(a), Ok(b)) => assert!(same(a, b), "from_slice {a:?} != from_str {b:?}"),
            (Err(_), Err(_)) => {}
            _ => panic!("from_slice and from_str disagree: {decoded:?} vs {from_text:?}"),
        }
    }
    let Ok(value) = decoded else { return };
    let json = serde_json::to_vec(&value).expect("a decoded request encodes as JSON");
    let again: T = serde_json::from_slice(&json)
        .unwrap_or_else(|e| panic!("re-encoded JSON does not decode ({e}): {}", String::from_utf8_lossy(&json)));
    assert!(same(&value, &again), "JSON round trip changed {value:?} into {again:?}");
    match protobuf::decode::<T>(&protobuf::encode(value.clone())) {
        Ok(from_pb) => assert!(same(&value, &from_pb), "protobuf form of {value:?} decodes as {from_pb:?}"),
        Err(e) if nesting_limit(&e) => {}
        Err(e) => panic!("protobuf form of {value:?} does not decode: {e}"),
    }
}

/// Protobuf input: it decodes or errs, plain and length-delimited, and a decoded value
/// re-encodes (both ways) to bytes that decode to the same value.
pub fn protobuf<T: Protobuf + Clone + Debug + PartialEq>(data: &[u8]) {
    if let Ok(value) = protobuf::decode::<T>(data) {
        round_trip(value);
    }
    let mut rest = data;
    if let Ok(value) = protobuf::decode_length_delimited::<T>(&mut rest) {
        assert!(rest.len() < data.len(), "a length-delimited decode consumed nothing");
        round_trip(value);
    }
}

/// Encode, decode, compare — plain and length-delimited.
pub fn round_trip<T: Protobuf + Clone + Debug + PartialEq>(value: T) {
    let bytes = protobuf::encode(value.clone());
    let again: T = protobuf::decode(&bytes).unwrap_or_else(|e| panic!("re-encoded {value:?} does not decode: {e}"));
    assert!(same(&value, &again), "protobuf round trip changed {value:?} into {again:?}");
    let framed = protobuf::encode_length_delimited(value.clone());
    let mut rest = framed.as_slice();
    match protobuf::decode_length_delimited::<T>(&mut rest) {
        Ok(again) => {
            assert!(rest.is_empty(), "length-delimited decode left {} bytes", rest.len());
            assert!(same(&value, &again), "length-delimited round trip changed {value:?} into {again:?}");
        }
        // The length-delimited frame is one more level of nesting for prost.
        Err(e) if nesting_limit(&e) => {}
        Err(e) => panic!("re-encoded {value:?} does not decode length-delimited: {e}"),
    }
}

/// prost's refusal to nest messages more than 100 deep (serde_json allows 128).
pub fn nesting_limit(e: &protobuf::DecodeError) -> bool {
    e.0.contains("recursion limit reached")
}

/// A `/v3-protobuf/cursor` response body as a client reads it: a `CursorRespBody`, then
/// `CursorEntry`s, each length-delimited, up to the first one that does not decode.
pub fn protobuf_cursor_stream(data: &[u8]) {
    use edgelite::hrana::proto::{CursorEntry, CursorRespBody};
    let mut rest = data;
    let Ok(head) = protobuf::decode_length_delimited::<CursorRespBody>(&mut rest) else { return };
    round_trip(head);
    while !rest.is_empty() {
        let before = rest.len();
        match protobuf::decode_length_delimited::<CursorEntry>(&mut rest) {
            Ok(entry) => {
                assert!(rest.len() < before, "a cursor entry consumed nothing");
                round_trip(entry);
            }
            Err(_) => return,
        }
    }
}
