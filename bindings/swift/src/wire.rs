//! The compact byte layout in which parameters and rows cross to Swift: one buffer per call
//! instead of one uniffi enum per value, which Swift decodes in place
//! (`Sources/EdgeLite/Wire.swift` is the other half and must agree byte for byte).
//!
//! All integers are little-endian.
//!
//! - A value is a tag byte, then: nothing for NULL; 8 bytes for INTEGER (`i64`) and REAL (the
//!   `f64`'s bits); a `u32` length and that many bytes for TEXT (UTF-8) and BLOB.
//! - Parameters: a kind byte (`PARAMS_POSITIONAL` or `PARAMS_NAMED`), a `u32` count, then per
//!   parameter (named: its name as a `u32` length and UTF-8 bytes, then) its value.
//! - Rows: a `u32` column count; per column its name (`u32` length, UTF-8) and declared type (a
//!   byte 0 for none or 1, then `u32` length and UTF-8); a `u32` row count; then the values
//!   row by row.

use edgelite::{Binder, Column, ErrorCode, Params, Rows, ValueRef};

pub const TAG_NULL: u8 = 0;
pub const TAG_INTEGER: u8 = 1;
pub const TAG_REAL: u8 = 2;
pub const TAG_TEXT: u8 = 3;
pub const TAG_BLOB: u8 = 4;

pub const PARAMS_POSITIONAL: u8 = 0;
pub const PARAMS_NAMED: u8 = 1;

fn malformed(what: &str) -> edgelite::Error {
    edgelite::Error::with_code(ErrorCode::Internal, format!("malformed parameter buffer from Swift: {what}"))
}

/// Reads a parameter buffer without copying: TEXT and BLOB values borrow from it.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> edgelite::Result<&'a [u8]> {
        if self.bytes.len() < n {
            return Err(malformed("truncated"));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn u8(&mut self) -> edgelite::Result<u8> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> edgelite::Result<usize> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")) as usize)
    }

    fn eight(&mut self) -> edgelite::Result<[u8; 8]> {
        Ok(self.take(8)?.try_into().expect("8 bytes"))
    }

    fn bytes(&mut self) -> edgelite::Result<&'a [u8]> {
        let len = self.u32()?;
        self.take(len)
    }

    fn value(&mut self) -> edgelite::Result<ValueRef<'a>> {
        Ok(match self.u8()? {
            TAG_NULL => ValueRef::Null,
            TAG_INTEGER => ValueRef::Integer(i64::from_le_bytes(self.eight()?)),
            TAG_REAL => ValueRef::Real(f64::from_bits(u64::from_le_bytes(self.eight()?))),
            TAG_TEXT => ValueRef::Text(self.bytes()?),
            TAG_BLOB => ValueRef::Blob(self.bytes()?),
            tag => return Err(malformed(&format!("value tag {tag}"))),
        })
    }
}

/// Statement parameters decoded from a Swift buffer, borrowing their text and blobs from it.
pub enum EncodedParams<'a> {
    Positional(Vec<ValueRef<'a>>),
    Named(Vec<(&'a str, ValueRef<'a>)>),
}

impl<'a> EncodedParams<'a> {
    /// Decodes `bytes`; an empty buffer means no parameters.
    pub fn decode(bytes: &'a [u8]) -> edgelite::Result<EncodedParams<'a>> {
        if bytes.is_empty() {
            return Ok(EncodedParams::Positional(Vec::new()));
        }
        let mut reader = Reader { bytes };
        let kind = reader.u8()?;
        let count = reader.u32()?;
        // Each parameter takes at least one byte, so a corrupt count cannot reserve much.
        let capacity = count.min(reader.bytes.len());
        let params = match kind {
            PARAMS_POSITIONAL => {
                let mut values = Vec::with_capacity(capacity);
                for _ in 0..count {
                    values.push(reader.value()?);
                }
                EncodedParams::Positional(values)
            }
            PARAMS_NAMED => {
                let mut values = Vec::with_capacity(capacity);
                for _ in 0..count {
                    let name = std::str::from_utf8(reader.bytes()?).map_err(|_| malformed("name is not UTF-8"))?;
                    values.push((name, reader.value()?));
                }
                EncodedParams::Named(values)
            }
            kind => return Err(malformed(&format!("parameter kind {kind}"))),
        };
        if !reader.bytes.is_empty() {
            return Err(malformed("trailing bytes"));
        }
        Ok(params)
    }
}

impl Params for EncodedParams<'_> {
    fn bind(&self, binder: &mut Binder<'_>) -> edgelite::Result<()> {
        match self {
            EncodedParams::Positional(values) => binder.positional(values.iter().map(|v| Ok(*v))),
            EncodedParams::Named(values) => binder.named(values.iter().map(|(n, v)| (*n, Ok(*v)))),
        }
    }
}

/// Writes rows into one buffer.
pub struct RowsWriter {
    out: Vec<u8>,
    row_count_at: usize,
    row_count: u32,
}

impl RowsWriter {
    pub fn new(columns: &[Column]) -> RowsWriter {
        let mut out = Vec::with_capacity(256);
        put_u32(&mut out, columns.len());
        for column in columns {
            put_bytes(&mut out, column.name().as_bytes());
            match column.decl_type() {
                None => out.push(0),
                Some(decltype) => {
                    out.push(1);
                    put_bytes(&mut out, decltype.as_bytes());
                }
            }
        }
        let row_count_at = out.len();
        put_u32(&mut out, 0);
        RowsWriter { out, row_count_at, row_count: 0 }
    }

    pub fn push_row<'v>(&mut self, values: impl IntoIterator<Item = ValueRef<'v>>) {
        for value in values {
            put_value(&mut self.out, value);
        }
        self.row_count += 1;
    }

    pub fn finish(mut self) -> Vec<u8> {
        self.out[self.row_count_at..self.row_count_at + 4].copy_from_slice(&self.row_count.to_le_bytes());
        self.out
    }
}

/// Reads every row of `rows` into one buffer.
pub fn encode_rows(mut rows: Rows<'_>) -> edgelite::Result<Vec<u8>> {
    let mut writer = RowsWriter::new(rows.columns());
    let count = rows.column_count();
    while let Some(row) = rows.next()? {
        for i in 0..count {
            put_value(&mut writer.out, row.get_ref(i)?);
        }
        writer.row_count += 1;
    }
    Ok(writer.finish())
}

fn put_u32(out: &mut Vec<u8>, n: usize) {
    // SQLite caps a value at 2^31 - 1 bytes and a result at 32767 columns.
    let n = u32::try_from(n).expect("a length SQLite can produce fits in u32");
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_u32(out, bytes.len());
    out.extend_from_slice(bytes);
}

fn put_value(out: &mut Vec<u8>, value: ValueRef<'_>) {
    match value {
        ValueRef::Null => out.push(TAG_NULL),
        ValueRef::Integer(i) => {
            out.push(TAG_INTEGER);
            out.extend_from_slice(&i.to_le_bytes());
        }
        ValueRef::Real(f) => {
            out.push(TAG_REAL);
            out.extend_from_slice(&f.to_bits().to_le_bytes());
        }
        ValueRef::Text(bytes) => {
            out.push(TAG_TEXT);
            // As the core's owned values do: invalid UTF-8 becomes U+FFFD, so Swift always
            // receives valid UTF-8.
            match String::from_utf8_lossy(bytes) {
                std::borrow::Cow::Borrowed(text) => put_bytes(out, text.as_bytes()),
                std::borrow::Cow::Owned(text) => put_bytes(out, text.as_bytes()),
            }
        }
        ValueRef::Blob(bytes) => {
            out.push(TAG_BLOB);
            put_bytes(out, bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode_params(kind: u8, values: &[(Option<&str>, ValueRef<'_>)]) -> Vec<u8> {
        let mut out = vec![kind];
        put_u32(&mut out, values.len());
        for (name, value) in values {
            if let Some(name) = name {
                put_bytes(&mut out, name.as_bytes());
            }
            put_value(&mut out, *value);
        }
        out
    }

    #[test]
    fn positional_parameters_round_trip() {
        let values = [
            ValueRef::Null,
            ValueRef::Integer(i64::MIN),
            ValueRef::Integer(i64::MAX),
            ValueRef::Real(-0.0),
            ValueRef::Real(f64::INFINITY),
            ValueRef::Real(f64::NAN),
            ValueRef::Text(b""),
            ValueRef::Text("héllo".as_bytes()),
            ValueRef::Blob(&[]),
            ValueRef::Blob(&[0, 255, 7]),
        ];
        let named: Vec<_> = values.iter().map(|v| (None, *v)).collect();
        let bytes = encode_params(PARAMS_POSITIONAL, &named);
        let EncodedParams::Positional(decoded) = EncodedParams::decode(&bytes).unwrap() else { panic!("positional") };
        assert_eq!(decoded, values);
    }

    #[test]
    fn named_parameters_round_trip() {
        let bytes = encode_params(PARAMS_NAMED, &[(Some(":a"), ValueRef::Integer(1)), (Some("b"), ValueRef::Null)]);
        let EncodedParams::Named(decoded) = EncodedParams::decode(&bytes).unwrap() else { panic!("named") };
        assert_eq!(decoded, vec![(":a", ValueRef::Integer(1)), ("b", ValueRef::Null)]);
    }

    #[test]
    fn malformed_buffers_are_errors_not_panics() {
        for bytes in [
            &[9u8][..],
            &[0, 1, 0, 0, 0],
            &[0, 1, 0, 0, 0, 7],
            &[0, 1, 0, 0, 0, 3, 5, 0, 0, 0, b'a'],
            &[0, 0, 0, 0, 0, 1],
        ] {
            assert!(EncodedParams::decode(bytes).is_err(), "{bytes:?}");
        }
    }

    #[test]
    fn invalid_utf8_text_is_sent_as_replacement_characters() {
        let mut out = Vec::new();
        put_value(&mut out, ValueRef::Text(&[b'a', 0xff]));
        assert_eq!(out, [&[TAG_TEXT, 4, 0, 0, 0, b'a'][..], "\u{FFFD}".as_bytes()].concat());
    }
}
