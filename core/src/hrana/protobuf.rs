//! The Hrana 3 protobuf encoding (the schema in the appendix of `HRANA_3_SPEC.md`).
//!
//! The `pb` module mirrors the `.proto` messages field for field; [`encode`] and [`decode`]
//! convert between them and the protocol types of [`super::proto`], so the rest of the code
//! handles one set of types whatever the encoding.

use prost::Message;

use super::proto::*;
use crate::value::Value;

/// The protobuf messages, as prost structs (field numbers from the spec's schema).
#[allow(missing_docs)]
pub mod pb {
    use std::collections::HashMap;

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Error {
        #[prost(string, tag = "1")]
        pub message: String,
        #[prost(string, optional, tag = "2")]
        pub code: Option<String>,
        /// edgelite's addition (not in the spec's schema; other peers skip it).
        #[prost(int32, optional, tag = "100")]
        pub extended_code: Option<i32>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Value {
        #[prost(oneof = "value::Value", tags = "1, 2, 3, 4, 5")]
        pub value: Option<value::Value>,
    }

    pub mod value {
        #[derive(Clone, PartialEq, prost::Oneof)]
        pub enum Value {
            #[prost(message, tag = "1")]
            Null(super::Empty),
            #[prost(sint64, tag = "2")]
            Integer(i64),
            #[prost(double, tag = "3")]
            Float(f64),
            #[prost(string, tag = "4")]
            Text(String),
            #[prost(bytes = "vec", tag = "5")]
            Blob(Vec<u8>),
        }
    }

    #[derive(Clone, Copy, PartialEq, prost::Message)]
    pub struct Empty {}

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Stmt {
        #[prost(string, optional, tag = "1")]
        pub sql: Option<String>,
        #[prost(int32, optional, tag = "2")]
        pub sql_id: Option<i32>,
        #[prost(message, repeated, tag = "3")]
        pub args: Vec<Value>,
        #[prost(message, repeated, tag = "4")]
        pub named_args: Vec<NamedArg>,
        #[prost(bool, optional, tag = "5")]
        pub want_rows: Option<bool>,
        #[prost(uint64, optional, tag = "6")]
        pub replication_index: Option<u64>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct NamedArg {
        #[prost(string, tag = "1")]
        pub name: String,
        #[prost(message, optional, tag = "2")]
        pub value: Option<Value>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct StmtResult {
        #[prost(message, repeated, tag = "1")]
        pub cols: Vec<Col>,
        #[prost(message, repeated, tag = "2")]
        pub rows: Vec<Row>,
        #[prost(uint64, tag = "3")]
        pub affected_row_count: u64,
        #[prost(sint64, optional, tag = "4")]
        pub last_insert_rowid: Option<i64>,
        #[prost(uint64, optional, tag = "5")]
        pub replication_index: Option<u64>,
        #[prost(uint64, tag = "6")]
        pub rows_read: u64,
        #[prost(uint64, tag = "7")]
        pub rows_written: u64,
        #[prost(double, tag = "8")]
        pub query_duration_ms: f64,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Col {
        #[prost(string, optional, tag = "1")]
        pub name: Option<String>,
        #[prost(string, optional, tag = "2")]
        pub decltype: Option<String>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Row {
        #[prost(message, repeated, tag = "1")]
        pub values: Vec<Value>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Batch {
        #[prost(message, repeated, tag = "1")]
        pub steps: Vec<BatchStep>,
        #[prost(uint64, optional, tag = "2")]
        pub replication_index: Option<u64>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct BatchStep {
        #[prost(message, optional, tag = "1")]
        pub condition: Option<BatchCond>,
        #[prost(message, optional, tag = "2")]
        pub stmt: Option<Stmt>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct BatchCond {
        #[prost(oneof = "batch_cond::Cond", tags = "1, 2, 3, 4, 5, 6")]
        pub cond: Option<batch_cond::Cond>,
    }

    pub mod batch_cond {
        #[derive(Clone, PartialEq, prost::Oneof)]
        pub enum Cond {
            #[prost(uint32, tag = "1")]
            StepOk(u32),
            #[prost(uint32, tag = "2")]
            StepError(u32),
            #[prost(message, tag = "3")]
            Not(Box<super::BatchCond>),
            #[prost(message, tag = "4")]
            And(super::CondList),
            #[prost(message, tag = "5")]
            Or(super::CondList),
            #[prost(message, tag = "6")]
            IsAutocommit(super::Empty),
        }
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct CondList {
        #[prost(message, repeated, tag = "1")]
        pub conds: Vec<BatchCond>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct BatchResult {
        #[prost(map = "uint32, message", tag = "1")]
        pub step_results: HashMap<u32, StmtResult>,
        #[prost(map = "uint32, message", tag = "2")]
        pub step_errors: HashMap<u32, Error>,
        #[prost(uint64, optional, tag = "3")]
        pub replication_index: Option<u64>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct CursorEntry {
        #[prost(oneof = "cursor_entry::Entry", tags = "1, 2, 3, 4, 5")]
        pub entry: Option<cursor_entry::Entry>,
    }

    pub mod cursor_entry {
        #[derive(Clone, PartialEq, prost::Oneof)]
        pub enum Entry {
            #[prost(message, tag = "1")]
            StepBegin(super::StepBeginEntry),
            #[prost(message, tag = "2")]
            StepEnd(super::StepEndEntry),
            #[prost(message, tag = "3")]
            StepError(super::StepErrorEntry),
            #[prost(message, tag = "4")]
            Row(super::Row),
            #[prost(message, tag = "5")]
            Error(super::Error),
        }
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct StepBeginEntry {
        #[prost(uint32, tag = "1")]
        pub step: u32,
        #[prost(message, repeated, tag = "2")]
        pub cols: Vec<Col>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct StepEndEntry {
        #[prost(uint64, tag = "1")]
        pub affected_row_count: u64,
        #[prost(sint64, optional, tag = "2")]
        pub last_insert_rowid: Option<i64>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct StepErrorEntry {
        #[prost(uint32, tag = "1")]
        pub step: u32,
        #[prost(message, optional, tag = "2")]
        pub error: Option<Error>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct DescribeResult {
        #[prost(message, repeated, tag = "1")]
        pub params: Vec<DescribeParam>,
        #[prost(message, repeated, tag = "2")]
        pub cols: Vec<DescribeCol>,
        #[prost(bool, tag = "3")]
        pub is_explain: bool,
        #[prost(bool, tag = "4")]
        pub is_readonly: bool,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct DescribeParam {
        #[prost(string, optional, tag = "1")]
        pub name: Option<String>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct DescribeCol {
        #[prost(string, tag = "1")]
        pub name: String,
        #[prost(string, optional, tag = "2")]
        pub decltype: Option<String>,
    }

    // --- hrana.ws ---

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct ClientMsg {
        #[prost(oneof = "client_msg::Msg", tags = "1, 2")]
        pub msg: Option<client_msg::Msg>,
    }

    pub mod client_msg {
        #[derive(Clone, PartialEq, prost::Oneof)]
        pub enum Msg {
            #[prost(message, tag = "1")]
            Hello(super::HelloMsg),
            #[prost(message, tag = "2")]
            Request(super::RequestMsg),
        }
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct HelloMsg {
        #[prost(string, optional, tag = "1")]
        pub jwt: Option<String>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct ServerMsg {
        #[prost(oneof = "server_msg::Msg", tags = "1, 2, 3, 4")]
        pub msg: Option<server_msg::Msg>,
    }

    pub mod server_msg {
        #[derive(Clone, PartialEq, prost::Oneof)]
        pub enum Msg {
            #[prost(message, tag = "1")]
            HelloOk(super::Empty),
            #[prost(message, tag = "2")]
            HelloError(super::HelloErrorMsg),
            #[prost(message, tag = "3")]
            ResponseOk(super::ResponseOkMsg),
            #[prost(message, tag = "4")]
            ResponseError(super::ResponseErrorMsg),
        }
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct HelloErrorMsg {
        #[prost(message, optional, tag = "1")]
        pub error: Option<Error>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct ResponseErrorMsg {
        #[prost(int32, tag = "1")]
        pub request_id: i32,
        #[prost(message, optional, tag = "2")]
        pub error: Option<Error>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct RequestMsg {
        #[prost(int32, tag = "1")]
        pub request_id: i32,
        #[prost(oneof = "request_msg::Request", tags = "2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13")]
        pub request: Option<request_msg::Request>,
    }

    pub mod request_msg {
        #[derive(Clone, PartialEq, prost::Oneof)]
        pub enum Request {
            #[prost(message, tag = "2")]
            OpenStream(super::StreamIdReq),
            #[prost(message, tag = "3")]
            CloseStream(super::StreamIdReq),
            #[prost(message, tag = "4")]
            Execute(super::ExecuteReq),
            #[prost(message, tag = "5")]
            Batch(super::BatchReq),
            #[prost(message, tag = "6")]
            OpenCursor(super::OpenCursorReq),
            #[prost(message, tag = "7")]
            CloseCursor(super::CursorIdReq),
            #[prost(message, tag = "8")]
            FetchCursor(super::FetchCursorReq),
            #[prost(message, tag = "9")]
            Sequence(super::SqlReq),
            #[prost(message, tag = "10")]
            Describe(super::SqlReq),
            #[prost(message, tag = "11")]
            StoreSql(super::StoreSqlReq),
            #[prost(message, tag = "12")]
            CloseSql(super::SqlIdReq),
            #[prost(message, tag = "13")]
            GetAutocommit(super::StreamIdReq),
        }
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct ResponseOkMsg {
        #[prost(int32, tag = "1")]
        pub request_id: i32,
        #[prost(oneof = "response_ok_msg::Response", tags = "2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13")]
        pub response: Option<response_ok_msg::Response>,
    }

    pub mod response_ok_msg {
        #[derive(Clone, PartialEq, prost::Oneof)]
        pub enum Response {
            #[prost(message, tag = "2")]
            OpenStream(super::Empty),
            #[prost(message, tag = "3")]
            CloseStream(super::Empty),
            #[prost(message, tag = "4")]
            Execute(super::ResultResp),
            #[prost(message, tag = "5")]
            Batch(super::BatchResp),
            #[prost(message, tag = "6")]
            OpenCursor(super::Empty),
            #[prost(message, tag = "7")]
            CloseCursor(super::Empty),
            #[prost(message, tag = "8")]
            FetchCursor(super::FetchCursorResp),
            #[prost(message, tag = "9")]
            Sequence(super::Empty),
            #[prost(message, tag = "10")]
            Describe(super::DescribeResp),
            #[prost(message, tag = "11")]
            StoreSql(super::Empty),
            #[prost(message, tag = "12")]
            CloseSql(super::Empty),
            #[prost(message, tag = "13")]
            GetAutocommit(super::GetAutocommitResp),
        }
    }

    /// `OpenStreamReq`, `CloseStreamReq`, `GetAutocommitReq`: a stream id at field 1.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct StreamIdReq {
        #[prost(int32, tag = "1")]
        pub stream_id: i32,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct ExecuteReq {
        #[prost(int32, tag = "1")]
        pub stream_id: i32,
        #[prost(message, optional, tag = "2")]
        pub stmt: Option<Stmt>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct BatchReq {
        #[prost(int32, tag = "1")]
        pub stream_id: i32,
        #[prost(message, optional, tag = "2")]
        pub batch: Option<Batch>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct OpenCursorReq {
        #[prost(int32, tag = "1")]
        pub stream_id: i32,
        #[prost(int32, tag = "2")]
        pub cursor_id: i32,
        #[prost(message, optional, tag = "3")]
        pub batch: Option<Batch>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct CursorIdReq {
        #[prost(int32, tag = "1")]
        pub cursor_id: i32,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct FetchCursorReq {
        #[prost(int32, tag = "1")]
        pub cursor_id: i32,
        #[prost(uint32, tag = "2")]
        pub max_count: u32,
    }

    /// `SequenceReq`, `DescribeReq`: stream id, then `sql` or `sql_id`.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct SqlReq {
        #[prost(int32, tag = "1")]
        pub stream_id: i32,
        #[prost(string, optional, tag = "2")]
        pub sql: Option<String>,
        #[prost(int32, optional, tag = "3")]
        pub sql_id: Option<i32>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct StoreSqlReq {
        #[prost(int32, tag = "1")]
        pub sql_id: i32,
        #[prost(string, tag = "2")]
        pub sql: String,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct SqlIdReq {
        #[prost(int32, tag = "1")]
        pub sql_id: i32,
    }

    /// `ExecuteResp` (and the HTTP `ExecuteStreamResp`): a result at field 1.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct ResultResp {
        #[prost(message, optional, tag = "1")]
        pub result: Option<StmtResult>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct BatchResp {
        #[prost(message, optional, tag = "1")]
        pub result: Option<BatchResult>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct FetchCursorResp {
        #[prost(message, repeated, tag = "1")]
        pub entries: Vec<CursorEntry>,
        #[prost(bool, tag = "2")]
        pub done: bool,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct DescribeResp {
        #[prost(message, optional, tag = "1")]
        pub result: Option<DescribeResult>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct GetAutocommitResp {
        #[prost(bool, tag = "1")]
        pub is_autocommit: bool,
    }

    // --- hrana.http ---

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct PipelineReqBody {
        #[prost(string, optional, tag = "1")]
        pub baton: Option<String>,
        #[prost(message, repeated, tag = "2")]
        pub requests: Vec<StreamRequest>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct PipelineRespBody {
        #[prost(string, optional, tag = "1")]
        pub baton: Option<String>,
        #[prost(string, optional, tag = "2")]
        pub base_url: Option<String>,
        #[prost(message, repeated, tag = "3")]
        pub results: Vec<StreamResult>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct StreamResult {
        #[prost(oneof = "stream_result::Result", tags = "1, 2")]
        pub result: Option<stream_result::Result>,
    }

    pub mod stream_result {
        #[derive(Clone, PartialEq, prost::Oneof)]
        pub enum Result {
            #[prost(message, tag = "1")]
            Ok(super::StreamResponse),
            #[prost(message, tag = "2")]
            Error(super::Error),
        }
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct StreamRequest {
        #[prost(oneof = "stream_request::Request", tags = "1, 2, 3, 4, 5, 6, 7, 8")]
        pub request: Option<stream_request::Request>,
    }

    pub mod stream_request {
        #[derive(Clone, PartialEq, prost::Oneof)]
        pub enum Request {
            #[prost(message, tag = "1")]
            Close(super::Empty),
            #[prost(message, tag = "2")]
            Execute(super::ExecuteStreamReq),
            #[prost(message, tag = "3")]
            Batch(super::BatchStreamReq),
            #[prost(message, tag = "4")]
            Sequence(super::SqlStreamReq),
            #[prost(message, tag = "5")]
            Describe(super::SqlStreamReq),
            #[prost(message, tag = "6")]
            StoreSql(super::StoreSqlReq),
            #[prost(message, tag = "7")]
            CloseSql(super::SqlIdReq),
            #[prost(message, tag = "8")]
            GetAutocommit(super::Empty),
        }
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct StreamResponse {
        #[prost(oneof = "stream_response::Response", tags = "1, 2, 3, 4, 5, 6, 7, 8")]
        pub response: Option<stream_response::Response>,
    }

    pub mod stream_response {
        #[derive(Clone, PartialEq, prost::Oneof)]
        pub enum Response {
            #[prost(message, tag = "1")]
            Close(super::Empty),
            #[prost(message, tag = "2")]
            Execute(super::ResultResp),
            #[prost(message, tag = "3")]
            Batch(super::BatchResp),
            #[prost(message, tag = "4")]
            Sequence(super::Empty),
            #[prost(message, tag = "5")]
            Describe(super::DescribeResp),
            #[prost(message, tag = "6")]
            StoreSql(super::Empty),
            #[prost(message, tag = "7")]
            CloseSql(super::Empty),
            #[prost(message, tag = "8")]
            GetAutocommit(super::GetAutocommitResp),
        }
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct ExecuteStreamReq {
        #[prost(message, optional, tag = "1")]
        pub stmt: Option<Stmt>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct BatchStreamReq {
        #[prost(message, optional, tag = "1")]
        pub batch: Option<Batch>,
    }

    /// `SequenceStreamReq`, `DescribeStreamReq`.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct SqlStreamReq {
        #[prost(string, optional, tag = "1")]
        pub sql: Option<String>,
        #[prost(int32, optional, tag = "2")]
        pub sql_id: Option<i32>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct CursorReqBody {
        #[prost(string, optional, tag = "1")]
        pub baton: Option<String>,
        #[prost(message, optional, tag = "2")]
        pub batch: Option<Batch>,
    }

    #[derive(Clone, PartialEq, prost::Message)]
    pub struct CursorRespBody {
        #[prost(string, optional, tag = "1")]
        pub baton: Option<String>,
        #[prost(string, optional, tag = "2")]
        pub base_url: Option<String>,
    }
}

/// A protobuf message that is missing something the protocol requires.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodeError(pub String);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DecodeError {}

impl From<prost::DecodeError> for DecodeError {
    fn from(e: prost::DecodeError) -> Self {
        DecodeError(e.to_string())
    }
}

fn missing(what: &str) -> DecodeError {
    DecodeError(format!("missing {what}"))
}

/// A protocol type with a protobuf form.
pub trait Protobuf: Sized {
    /// The prost message it travels as.
    type Message: Message + Default;
    fn into_message(self) -> Self::Message;
    fn from_message(message: Self::Message) -> Result<Self, DecodeError>;
}

/// Encodes `value` as protobuf bytes.
pub fn encode<T: Protobuf>(value: T) -> Vec<u8> {
    value.into_message().encode_to_vec()
}

/// Encodes `value` with a varint length prefix (the cursor endpoint's framing).
pub fn encode_length_delimited<T: Protobuf>(value: T) -> Vec<u8> {
    value.into_message().encode_length_delimited_to_vec()
}

/// Decodes protobuf bytes.
pub fn decode<T: Protobuf>(bytes: &[u8]) -> Result<T, DecodeError> {
    T::from_message(T::Message::decode(bytes)?)
}

/// Decodes one length-delimited message from the front of `buf`, advancing it.
pub fn decode_length_delimited<T: Protobuf>(buf: &mut &[u8]) -> Result<T, DecodeError> {
    T::from_message(T::Message::decode_length_delimited(buf)?)
}

impl Protobuf for Value {
    type Message = pb::Value;
    fn into_message(self) -> pb::Value {
        use pb::value::Value as V;
        pb::Value {
            value: Some(match self {
                Value::Null => V::Null(pb::Empty {}),
                Value::Integer(i) => V::Integer(i),
                Value::Real(f) => V::Float(f),
                Value::Text(s) => V::Text(s),
                Value::Blob(b) => V::Blob(b),
            }),
        }
    }
    fn from_message(m: pb::Value) -> Result<Self, DecodeError> {
        use pb::value::Value as V;
        Ok(match m.value {
            None | Some(V::Null(_)) => Value::Null,
            Some(V::Integer(i)) => Value::Integer(i),
            Some(V::Float(f)) => Value::Real(f),
            Some(V::Text(s)) => Value::Text(s),
            Some(V::Blob(b)) => Value::Blob(b),
        })
    }
}

fn values_into(values: Vec<Value>) -> Vec<pb::Value> {
    values.into_iter().map(Protobuf::into_message).collect()
}

fn values_from(values: Vec<pb::Value>) -> Result<Vec<Value>, DecodeError> {
    values.into_iter().map(Value::from_message).collect()
}

impl Protobuf for Error {
    type Message = pb::Error;
    fn into_message(self) -> pb::Error {
        pb::Error { message: self.message, code: self.code, extended_code: self.extended_code }
    }
    fn from_message(m: pb::Error) -> Result<Self, DecodeError> {
        Ok(Error { message: m.message, code: m.code, extended_code: m.extended_code })
    }
}

fn error_from(m: Option<pb::Error>) -> Result<Error, DecodeError> {
    Error::from_message(m.ok_or_else(|| missing("error"))?)
}

impl Protobuf for Stmt {
    type Message = pb::Stmt;
    fn into_message(self) -> pb::Stmt {
        pb::Stmt {
            sql: self.sql,
            sql_id: self.sql_id,
            args: values_into(self.args),
            named_args: self
                .named_args
                .into_iter()
                .map(|a| pb::NamedArg { name: a.name, value: Some(a.value.into_message()) })
                .collect(),
            want_rows: self.want_rows,
            replication_index: self.replication_index,
        }
    }
    fn from_message(m: pb::Stmt) -> Result<Self, DecodeError> {
        Ok(Stmt {
            sql: m.sql,
            sql_id: m.sql_id,
            args: values_from(m.args)?,
            named_args: m
                .named_args
                .into_iter()
                .map(|a| Ok(NamedArg { name: a.name, value: Value::from_message(a.value.unwrap_or_default())? }))
                .collect::<Result<_, DecodeError>>()?,
            want_rows: m.want_rows,
            replication_index: m.replication_index,
        })
    }
}

fn cols_into(cols: Vec<Col>) -> Vec<pb::Col> {
    cols.into_iter().map(|c| pb::Col { name: c.name, decltype: c.decltype }).collect()
}

fn cols_from(cols: Vec<pb::Col>) -> Vec<Col> {
    cols.into_iter().map(|c| Col { name: c.name, decltype: c.decltype }).collect()
}

impl Protobuf for StmtResult {
    type Message = pb::StmtResult;
    fn into_message(self) -> pb::StmtResult {
        pb::StmtResult {
            cols: cols_into(self.cols),
            rows: self.rows.into_iter().map(|r| pb::Row { values: values_into(r) }).collect(),
            affected_row_count: self.affected_row_count,
            last_insert_rowid: self.last_insert_rowid,
            replication_index: self.replication_index,
            rows_read: self.rows_read,
            rows_written: self.rows_written,
            query_duration_ms: self.query_duration_ms,
        }
    }
    fn from_message(m: pb::StmtResult) -> Result<Self, DecodeError> {
        Ok(StmtResult {
            cols: cols_from(m.cols),
            rows: m.rows.into_iter().map(|r| values_from(r.values)).collect::<Result<_, _>>()?,
            affected_row_count: m.affected_row_count,
            last_insert_rowid: m.last_insert_rowid,
            replication_index: m.replication_index,
            rows_read: m.rows_read,
            rows_written: m.rows_written,
            query_duration_ms: m.query_duration_ms,
        })
    }
}

impl Protobuf for BatchCond {
    type Message = pb::BatchCond;
    fn into_message(self) -> pb::BatchCond {
        use pb::batch_cond::Cond as C;
        let list =
            |conds: Vec<BatchCond>| pb::CondList { conds: conds.into_iter().map(Protobuf::into_message).collect() };
        pb::BatchCond {
            cond: Some(match self {
                BatchCond::Ok { step } => C::StepOk(step),
                BatchCond::Error { step } => C::StepError(step),
                BatchCond::Not { cond } => C::Not(Box::new(cond.into_message())),
                BatchCond::And { conds } => C::And(list(conds)),
                BatchCond::Or { conds } => C::Or(list(conds)),
                BatchCond::IsAutocommit => C::IsAutocommit(pb::Empty {}),
            }),
        }
    }
    fn from_message(m: pb::BatchCond) -> Result<Self, DecodeError> {
        use pb::batch_cond::Cond as C;
        let list = |l: pb::CondList| l.conds.into_iter().map(BatchCond::from_message).collect::<Result<Vec<_>, _>>();
        Ok(match m.cond.ok_or_else(|| missing("batch condition"))? {
            C::StepOk(step) => BatchCond::Ok { step },
            C::StepError(step) => BatchCond::Error { step },
            C::Not(cond) => BatchCond::Not { cond: Box::new(BatchCond::from_message(*cond)?) },
            C::And(l) => BatchCond::And { conds: list(l)? },
            C::Or(l) => BatchCond::Or { conds: list(l)? },
            C::IsAutocommit(_) => BatchCond::IsAutocommit,
        })
    }
}

impl Protobuf for Batch {
    type Message = pb::Batch;
    fn into_message(self) -> pb::Batch {
        pb::Batch {
            steps: self
                .steps
                .into_iter()
                .map(|s| pb::BatchStep {
                    condition: s.condition.map(Protobuf::into_message),
                    stmt: Some(s.stmt.into_message()),
                })
                .collect(),
            replication_index: self.replication_index,
        }
    }
    fn from_message(m: pb::Batch) -> Result<Self, DecodeError> {
        Ok(Batch {
            steps: m
                .steps
                .into_iter()
                .map(|s| {
                    Ok(BatchStep {
                        condition: s.condition.map(BatchCond::from_message).transpose()?,
                        stmt: Stmt::from_message(s.stmt.ok_or_else(|| missing("batch step statement"))?)?,
                    })
                })
                .collect::<Result<_, DecodeError>>()?,
            replication_index: m.replication_index,
        })
    }
}

fn batch_from(m: Option<pb::Batch>) -> Result<Batch, DecodeError> {
    Batch::from_message(m.ok_or_else(|| missing("batch"))?)
}

impl Protobuf for BatchResult {
    type Message = pb::BatchResult;
    fn into_message(self) -> pb::BatchResult {
        pb::BatchResult {
            step_results: (0u32..)
                .zip(self.step_results)
                .filter_map(|(i, r)| r.map(|r| (i, r.into_message())))
                .collect(),
            step_errors: (0u32..).zip(self.step_errors).filter_map(|(i, e)| e.map(|e| (i, e.into_message()))).collect(),
            replication_index: self.replication_index,
        }
    }
    fn from_message(m: pb::BatchResult) -> Result<Self, DecodeError> {
        // Maps keyed by step: absent keys are skipped steps. The step count is the highest key.
        let len = m.step_results.keys().chain(m.step_errors.keys()).map(|k| *k as usize + 1).max().unwrap_or(0);
        if len > 1 << 20 {
            return Err(DecodeError("batch result step index too large".into()));
        }
        let mut step_results = vec![None; len];
        let mut step_errors = vec![None; len];
        for (k, r) in m.step_results {
            step_results[k as usize] = Some(StmtResult::from_message(r)?);
        }
        for (k, e) in m.step_errors {
            step_errors[k as usize] = Some(Error::from_message(e)?);
        }
        Ok(BatchResult { step_results, step_errors, replication_index: m.replication_index })
    }
}

impl Protobuf for CursorEntry {
    type Message = pb::CursorEntry;
    fn into_message(self) -> pb::CursorEntry {
        use pb::cursor_entry::Entry as E;
        pb::CursorEntry {
            entry: Some(match self {
                CursorEntry::StepBegin { step, cols } => {
                    E::StepBegin(pb::StepBeginEntry { step, cols: cols_into(cols) })
                }
                CursorEntry::StepEnd { affected_row_count, last_insert_rowid } => {
                    E::StepEnd(pb::StepEndEntry { affected_row_count, last_insert_rowid })
                }
                CursorEntry::StepError { step, error } => {
                    E::StepError(pb::StepErrorEntry { step, error: Some(error.into_message()) })
                }
                CursorEntry::Row { row } => E::Row(pb::Row { values: values_into(row) }),
                CursorEntry::Error { error } => E::Error(error.into_message()),
            }),
        }
    }
    fn from_message(m: pb::CursorEntry) -> Result<Self, DecodeError> {
        use pb::cursor_entry::Entry as E;
        Ok(match m.entry.ok_or_else(|| missing("cursor entry"))? {
            E::StepBegin(b) => CursorEntry::StepBegin { step: b.step, cols: cols_from(b.cols) },
            E::StepEnd(e) => CursorEntry::StepEnd {
                affected_row_count: e.affected_row_count,
                last_insert_rowid: e.last_insert_rowid,
            },
            E::StepError(e) => CursorEntry::StepError { step: e.step, error: error_from(e.error)? },
            E::Row(r) => CursorEntry::Row { row: values_from(r.values)? },
            E::Error(e) => CursorEntry::Error { error: Error::from_message(e)? },
        })
    }
}

impl Protobuf for DescribeResult {
    type Message = pb::DescribeResult;
    fn into_message(self) -> pb::DescribeResult {
        pb::DescribeResult {
            params: self.params.into_iter().map(|p| pb::DescribeParam { name: p.name }).collect(),
            cols: self.cols.into_iter().map(|c| pb::DescribeCol { name: c.name, decltype: c.decltype }).collect(),
            is_explain: self.is_explain,
            is_readonly: self.is_readonly,
        }
    }
    fn from_message(m: pb::DescribeResult) -> Result<Self, DecodeError> {
        Ok(DescribeResult {
            params: m.params.into_iter().map(|p| DescribeParam { name: p.name }).collect(),
            cols: m.cols.into_iter().map(|c| DescribeCol { name: c.name, decltype: c.decltype }).collect(),
            is_explain: m.is_explain,
            is_readonly: m.is_readonly,
        })
    }
}

fn stmt_result_from(m: Option<pb::StmtResult>) -> Result<StmtResult, DecodeError> {
    StmtResult::from_message(m.ok_or_else(|| missing("result"))?)
}

impl Protobuf for ClientMsg {
    type Message = pb::ClientMsg;
    fn into_message(self) -> pb::ClientMsg {
        use pb::client_msg::Msg;
        use pb::request_msg::Request as R;
        pb::ClientMsg {
            msg: Some(match self {
                ClientMsg::Hello { jwt } => Msg::Hello(pb::HelloMsg { jwt }),
                ClientMsg::Request { request_id, request } => Msg::Request(pb::RequestMsg {
                    request_id,
                    request: Some(match request {
                        Request::OpenStream { stream_id } => R::OpenStream(pb::StreamIdReq { stream_id }),
                        Request::CloseStream { stream_id } => R::CloseStream(pb::StreamIdReq { stream_id }),
                        Request::Execute { stream_id, stmt } => {
                            R::Execute(pb::ExecuteReq { stream_id, stmt: Some(stmt.into_message()) })
                        }
                        Request::Batch { stream_id, batch } => {
                            R::Batch(pb::BatchReq { stream_id, batch: Some(batch.into_message()) })
                        }
                        Request::OpenCursor { stream_id, cursor_id, batch } => {
                            R::OpenCursor(pb::OpenCursorReq { stream_id, cursor_id, batch: Some(batch.into_message()) })
                        }
                        Request::CloseCursor { cursor_id } => R::CloseCursor(pb::CursorIdReq { cursor_id }),
                        Request::FetchCursor { cursor_id, max_count } => {
                            R::FetchCursor(pb::FetchCursorReq { cursor_id, max_count })
                        }
                        Request::Sequence { stream_id, sql, sql_id } => {
                            R::Sequence(pb::SqlReq { stream_id, sql, sql_id })
                        }
                        Request::Describe { stream_id, sql, sql_id } => {
                            R::Describe(pb::SqlReq { stream_id, sql, sql_id })
                        }
                        Request::StoreSql { sql_id, sql } => R::StoreSql(pb::StoreSqlReq { sql_id, sql }),
                        Request::CloseSql { sql_id } => R::CloseSql(pb::SqlIdReq { sql_id }),
                        Request::GetAutocommit { stream_id } => R::GetAutocommit(pb::StreamIdReq { stream_id }),
                    }),
                }),
            }),
        }
    }
    fn from_message(m: pb::ClientMsg) -> Result<Self, DecodeError> {
        use pb::client_msg::Msg;
        use pb::request_msg::Request as R;
        Ok(match m.msg.ok_or_else(|| missing("message"))? {
            Msg::Hello(h) => ClientMsg::Hello { jwt: h.jwt },
            Msg::Request(r) => ClientMsg::Request {
                request_id: r.request_id,
                request: match r.request.ok_or_else(|| missing("request"))? {
                    R::OpenStream(q) => Request::OpenStream { stream_id: q.stream_id },
                    R::CloseStream(q) => Request::CloseStream { stream_id: q.stream_id },
                    R::Execute(q) => Request::Execute {
                        stream_id: q.stream_id,
                        stmt: Stmt::from_message(q.stmt.ok_or_else(|| missing("stmt"))?)?,
                    },
                    R::Batch(q) => Request::Batch { stream_id: q.stream_id, batch: batch_from(q.batch)? },
                    R::OpenCursor(q) => Request::OpenCursor {
                        stream_id: q.stream_id,
                        cursor_id: q.cursor_id,
                        batch: batch_from(q.batch)?,
                    },
                    R::CloseCursor(q) => Request::CloseCursor { cursor_id: q.cursor_id },
                    R::FetchCursor(q) => Request::FetchCursor { cursor_id: q.cursor_id, max_count: q.max_count },
                    R::Sequence(q) => Request::Sequence { stream_id: q.stream_id, sql: q.sql, sql_id: q.sql_id },
                    R::Describe(q) => Request::Describe { stream_id: q.stream_id, sql: q.sql, sql_id: q.sql_id },
                    R::StoreSql(q) => Request::StoreSql { sql_id: q.sql_id, sql: q.sql },
                    R::CloseSql(q) => Request::CloseSql { sql_id: q.sql_id },
                    R::GetAutocommit(q) => Request::GetAutocommit { stream_id: q.stream_id },
                },
            },
        })
    }
}

impl Protobuf for ServerMsg {
    type Message = pb::ServerMsg;
    fn into_message(self) -> pb::ServerMsg {
        use pb::response_ok_msg::Response as R;
        use pb::server_msg::Msg;
        pb::ServerMsg {
            msg: Some(match self {
                ServerMsg::HelloOk => Msg::HelloOk(pb::Empty {}),
                ServerMsg::HelloError { error } => {
                    Msg::HelloError(pb::HelloErrorMsg { error: Some(error.into_message()) })
                }
                ServerMsg::ResponseError { request_id, error } => {
                    Msg::ResponseError(pb::ResponseErrorMsg { request_id, error: Some(error.into_message()) })
                }
                ServerMsg::ResponseOk { request_id, response } => Msg::ResponseOk(pb::ResponseOkMsg {
                    request_id,
                    response: Some(match response {
                        Response::OpenStream => R::OpenStream(pb::Empty {}),
                        Response::CloseStream => R::CloseStream(pb::Empty {}),
                        Response::Execute { result } => {
                            R::Execute(pb::ResultResp { result: Some(result.into_message()) })
                        }
                        Response::Batch { result } => R::Batch(pb::BatchResp { result: Some(result.into_message()) }),
                        Response::OpenCursor => R::OpenCursor(pb::Empty {}),
                        Response::CloseCursor => R::CloseCursor(pb::Empty {}),
                        Response::FetchCursor { entries, done } => R::FetchCursor(pb::FetchCursorResp {
                            entries: entries.into_iter().map(Protobuf::into_message).collect(),
                            done,
                        }),
                        Response::Sequence => R::Sequence(pb::Empty {}),
                        Response::Describe { result } => {
                            R::Describe(pb::DescribeResp { result: Some(result.into_message()) })
                        }
                        Response::StoreSql => R::StoreSql(pb::Empty {}),
                        Response::CloseSql => R::CloseSql(pb::Empty {}),
                        Response::GetAutocommit { is_autocommit } => {
                            R::GetAutocommit(pb::GetAutocommitResp { is_autocommit })
                        }
                    }),
                }),
            }),
        }
    }
    fn from_message(m: pb::ServerMsg) -> Result<Self, DecodeError> {
        use pb::response_ok_msg::Response as R;
        use pb::server_msg::Msg;
        Ok(match m.msg.ok_or_else(|| missing("message"))? {
            Msg::HelloOk(_) => ServerMsg::HelloOk,
            Msg::HelloError(e) => ServerMsg::HelloError { error: error_from(e.error)? },
            Msg::ResponseError(e) => ServerMsg::ResponseError { request_id: e.request_id, error: error_from(e.error)? },
            Msg::ResponseOk(r) => ServerMsg::ResponseOk {
                request_id: r.request_id,
                response: match r.response.ok_or_else(|| missing("response"))? {
                    R::OpenStream(_) => Response::OpenStream,
                    R::CloseStream(_) => Response::CloseStream,
                    R::Execute(e) => Response::Execute { result: stmt_result_from(e.result)? },
                    R::Batch(b) => Response::Batch {
                        result: BatchResult::from_message(b.result.ok_or_else(|| missing("result"))?)?,
                    },
                    R::OpenCursor(_) => Response::OpenCursor,
                    R::CloseCursor(_) => Response::CloseCursor,
                    R::FetchCursor(f) => Response::FetchCursor {
                        entries: f.entries.into_iter().map(CursorEntry::from_message).collect::<Result<_, _>>()?,
                        done: f.done,
                    },
                    R::Sequence(_) => Response::Sequence,
                    R::Describe(d) => Response::Describe {
                        result: DescribeResult::from_message(d.result.ok_or_else(|| missing("result"))?)?,
                    },
                    R::StoreSql(_) => Response::StoreSql,
                    R::CloseSql(_) => Response::CloseSql,
                    R::GetAutocommit(g) => Response::GetAutocommit { is_autocommit: g.is_autocommit },
                },
            },
        })
    }
}

impl Protobuf for StreamRequest {
    type Message = pb::StreamRequest;
    fn into_message(self) -> pb::StreamRequest {
        use pb::stream_request::Request as R;
        pb::StreamRequest {
            request: Some(match self {
                StreamRequest::Close => R::Close(pb::Empty {}),
                StreamRequest::Execute { stmt } => R::Execute(pb::ExecuteStreamReq { stmt: Some(stmt.into_message()) }),
                StreamRequest::Batch { batch } => R::Batch(pb::BatchStreamReq { batch: Some(batch.into_message()) }),
                StreamRequest::Sequence { sql, sql_id } => R::Sequence(pb::SqlStreamReq { sql, sql_id }),
                StreamRequest::Describe { sql, sql_id } => R::Describe(pb::SqlStreamReq { sql, sql_id }),
                StreamRequest::StoreSql { sql_id, sql } => R::StoreSql(pb::StoreSqlReq { sql_id, sql }),
                StreamRequest::CloseSql { sql_id } => R::CloseSql(pb::SqlIdReq { sql_id }),
                StreamRequest::GetAutocommit => R::GetAutocommit(pb::Empty {}),
            }),
        }
    }
    fn from_message(m: pb::StreamRequest) -> Result<Self, DecodeError> {
        use pb::stream_request::Request as R;
        Ok(match m.request.ok_or_else(|| missing("request"))? {
            R::Close(_) => StreamRequest::Close,
            R::Execute(e) => {
                StreamRequest::Execute { stmt: Stmt::from_message(e.stmt.ok_or_else(|| missing("stmt"))?)? }
            }
            R::Batch(b) => StreamRequest::Batch { batch: batch_from(b.batch)? },
            R::Sequence(s) => StreamRequest::Sequence { sql: s.sql, sql_id: s.sql_id },
            R::Describe(s) => StreamRequest::Describe { sql: s.sql, sql_id: s.sql_id },
            R::StoreSql(s) => StreamRequest::StoreSql { sql_id: s.sql_id, sql: s.sql },
            R::CloseSql(s) => StreamRequest::CloseSql { sql_id: s.sql_id },
            R::GetAutocommit(_) => StreamRequest::GetAutocommit,
        })
    }
}

impl Protobuf for StreamResult {
    type Message = pb::StreamResult;
    fn into_message(self) -> pb::StreamResult {
        use pb::stream_response::Response as R;
        use pb::stream_result::Result as SR;
        pb::StreamResult {
            result: Some(match self {
                StreamResult::Error { error } => SR::Error(error.into_message()),
                StreamResult::Ok { response } => SR::Ok(pb::StreamResponse {
                    response: Some(match response {
                        StreamResponse::Close => R::Close(pb::Empty {}),
                        StreamResponse::Execute { result } => {
                            R::Execute(pb::ResultResp { result: Some(result.into_message()) })
                        }
                        StreamResponse::Batch { result } => {
                            R::Batch(pb::BatchResp { result: Some(result.into_message()) })
                        }
                        StreamResponse::Sequence => R::Sequence(pb::Empty {}),
                        StreamResponse::Describe { result } => {
                            R::Describe(pb::DescribeResp { result: Some(result.into_message()) })
                        }
                        StreamResponse::StoreSql => R::StoreSql(pb::Empty {}),
                        StreamResponse::CloseSql => R::CloseSql(pb::Empty {}),
                        StreamResponse::GetAutocommit { is_autocommit } => {
                            R::GetAutocommit(pb::GetAutocommitResp { is_autocommit })
                        }
                    }),
                }),
            }),
        }
    }
    fn from_message(m: pb::StreamResult) -> Result<Self, DecodeError> {
        use pb::stream_response::Response as R;
        use pb::stream_result::Result as SR;
        Ok(match m.result.ok_or_else(|| missing("result"))? {
            SR::Error(e) => StreamResult::Error { error: Error::from_message(e)? },
            SR::Ok(r) => StreamResult::Ok {
                response: match r.response.ok_or_else(|| missing("response"))? {
                    R::Close(_) => StreamResponse::Close,
                    R::Execute(e) => StreamResponse::Execute { result: stmt_result_from(e.result)? },
                    R::Batch(b) => StreamResponse::Batch {
                        result: BatchResult::from_message(b.result.ok_or_else(|| missing("result"))?)?,
                    },
                    R::Sequence(_) => StreamResponse::Sequence,
                    R::Describe(d) => StreamResponse::Describe {
                        result: DescribeResult::from_message(d.result.ok_or_else(|| missing("result"))?)?,
                    },
                    R::StoreSql(_) => StreamResponse::StoreSql,
                    R::CloseSql(_) => StreamResponse::CloseSql,
                    R::GetAutocommit(g) => StreamResponse::GetAutocommit { is_autocommit: g.is_autocommit },
                },
            },
        })
    }
}

impl Protobuf for PipelineReqBody {
    type Message = pb::PipelineReqBody;
    fn into_message(self) -> pb::PipelineReqBody {
        pb::PipelineReqBody {
            baton: self.baton,
            requests: self.requests.into_iter().map(Protobuf::into_message).collect(),
        }
    }
    fn from_message(m: pb::PipelineReqBody) -> Result<Self, DecodeError> {
        Ok(PipelineReqBody {
            baton: m.baton,
            requests: m.requests.into_iter().map(StreamRequest::from_message).collect::<Result<_, _>>()?,
        })
    }
}

impl Protobuf for PipelineRespBody {
    type Message = pb::PipelineRespBody;
    fn into_message(self) -> pb::PipelineRespBody {
        pb::PipelineRespBody {
            baton: self.baton,
            base_url: self.base_url,
            results: self.results.into_iter().map(Protobuf::into_message).collect(),
        }
    }
    fn from_message(m: pb::PipelineRespBody) -> Result<Self, DecodeError> {
        Ok(PipelineRespBody {
            baton: m.baton,
            base_url: m.base_url,
            results: m.results.into_iter().map(StreamResult::from_message).collect::<Result<_, _>>()?,
        })
    }
}

impl Protobuf for CursorReqBody {
    type Message = pb::CursorReqBody;
    fn into_message(self) -> pb::CursorReqBody {
        pb::CursorReqBody { baton: self.baton, batch: Some(self.batch.into_message()) }
    }
    fn from_message(m: pb::CursorReqBody) -> Result<Self, DecodeError> {
        Ok(CursorReqBody { baton: m.baton, batch: batch_from(m.batch)? })
    }
}

impl Protobuf for CursorRespBody {
    type Message = pb::CursorRespBody;
    fn into_message(self) -> pb::CursorRespBody {
        pb::CursorRespBody { baton: self.baton, base_url: self.base_url }
    }
    fn from_message(m: pb::CursorRespBody) -> Result<Self, DecodeError> {
        Ok(CursorRespBody { baton: m.baton, base_url: m.base_url })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Protobuf + Clone + PartialEq + std::fmt::Debug>(value: T) {
        let bytes = encode(value.clone());
        assert_eq!(decode::<T>(&bytes).unwrap(), value);
        let framed = encode_length_delimited(value.clone());
        let mut slice = framed.as_slice();
        assert_eq!(decode_length_delimited::<T>(&mut slice).unwrap(), value);
        assert!(slice.is_empty());
    }

    #[test]
    fn messages_round_trip() {
        let stmt = Stmt {
            sql: Some("SELECT ?, :a".into()),
            args: vec![Value::Integer(i64::MIN), Value::Real(-0.0), Value::Blob(vec![])],
            named_args: vec![NamedArg { name: "a".into(), value: Value::Text("x".into()) }],
            want_rows: Some(true),
            ..Default::default()
        };
        let batch = Batch {
            steps: vec![
                BatchStep { condition: None, stmt: stmt.clone() },
                BatchStep {
                    condition: Some(BatchCond::And {
                        conds: vec![
                            BatchCond::Ok { step: 0 },
                            BatchCond::Not { cond: Box::new(BatchCond::IsAutocommit) },
                        ],
                    }),
                    stmt: stmt.clone(),
                },
            ],
            replication_index: None,
        };
        round_trip(ClientMsg::Request {
            request_id: 7,
            request: Request::Batch { stream_id: 1, batch: batch.clone() },
        });
        round_trip(PipelineReqBody {
            baton: Some("b".into()),
            requests: vec![StreamRequest::Execute { stmt }, StreamRequest::Close],
        });
        let result = StmtResult {
            cols: vec![Col { name: Some("x".into()), decltype: None }],
            rows: vec![vec![Value::Real(f64::INFINITY)], vec![Value::Null]],
            affected_row_count: 2,
            last_insert_rowid: Some(-5),
            ..Default::default()
        };
        round_trip(ServerMsg::ResponseOk {
            request_id: 1,
            response: Response::Batch {
                result: BatchResult {
                    step_results: vec![Some(result.clone()), None, None],
                    step_errors: vec![
                        None,
                        None,
                        Some(Error { message: "m".into(), code: Some("C".into()), extended_code: Some(2067) }),
                    ],
                    replication_index: None,
                },
            },
        });
        round_trip(CursorEntry::StepEnd { affected_row_count: 1, last_insert_rowid: None });
        round_trip(CursorReqBody { baton: None, batch });
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(decode::<ClientMsg>(&[0xff, 0xff, 0xff]).is_err());
        assert!(decode::<ClientMsg>(&[]).is_err(), "an empty message has no msg");
        // A batch result claiming step 4 billion must not allocate 4 billion slots.
        let huge = pb::BatchResult { step_errors: [(u32::MAX, pb::Error::default())].into(), ..Default::default() };
        assert!(BatchResult::from_message(huge).is_err());
    }
}
