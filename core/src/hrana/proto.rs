//! The Hrana protocol's structures (versions 1–3), as Rust types with their JSON encoding.
//!
//! Field names and shapes follow libSQL's `docs/HRANA_3_SPEC.md`. Unknown fields are ignored,
//! as the spec requires. sqld's extra result fields (`rows_read`, `rows_written`,
//! `query_duration_ms`, `replication_index`) are carried too; clients ignore what they do not
//! know. The protobuf encoding of the same structures is in [`super::protobuf`].

use serde::{Deserialize, Serialize};

use crate::value::Value;

/// An error as the protocol carries it.
///
/// `code` is what sqld sends (for SQLite errors, the primary code's name, such as
/// `SQLITE_CONSTRAINT`). `extended_code` is edgelite's addition, SQLite's extended result code
/// (2067 for `SQLITE_CONSTRAINT_UNIQUE`); other clients ignore it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Error {
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended_code: Option<i32>,
}

/// One SQL statement with its arguments.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Stmt {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sql: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sql_id: Option<i32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "super::values")]
    pub args: Vec<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub named_args: Vec<NamedArg>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub want_rows: Option<bool>,
    /// sqld extension: a replica waits until it has applied this frame before running.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "super::opt_u64_string")]
    pub replication_index: Option<u64>,
}

/// A named argument; the name may omit its `:`/`@`/`$` prefix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NamedArg {
    pub name: String,
    #[serde(with = "super::value")]
    pub value: Value,
}

/// The result of one statement.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StmtResult {
    pub cols: Vec<Col>,
    #[serde(with = "super::rows")]
    pub rows: Vec<Vec<Value>>,
    pub affected_row_count: u64,
    #[serde(default, with = "super::opt_i64_string")]
    pub last_insert_rowid: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "super::opt_u64_string")]
    pub replication_index: Option<u64>,
    #[serde(default)]
    pub rows_read: u64,
    #[serde(default)]
    pub rows_written: u64,
    #[serde(default)]
    pub query_duration_ms: f64,
}

/// A result column.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Col {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub decltype: Option<String>,
}

/// Statements run in order, each under an optional condition.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    pub steps: Vec<BatchStep>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "super::opt_u64_string")]
    pub replication_index: Option<u64>,
}

/// One step of a batch.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchStep {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<BatchCond>,
    pub stmt: Stmt,
}

/// A condition on an earlier step's outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BatchCond {
    Ok { step: u32 },
    Error { step: u32 },
    Not { cond: Box<BatchCond> },
    And { conds: Vec<BatchCond> },
    Or { conds: Vec<BatchCond> },
    IsAutocommit,
}

/// The results of a batch: one slot per step; both are `None` for a skipped step.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BatchResult {
    pub step_results: Vec<Option<StmtResult>>,
    pub step_errors: Vec<Option<Error>>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "super::opt_u64_string")]
    pub replication_index: Option<u64>,
}

/// One entry of a cursor's output.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CursorEntry {
    StepBegin {
        step: u32,
        cols: Vec<Col>,
    },
    StepEnd {
        affected_row_count: u64,
        #[serde(default, with = "super::opt_i64_string")]
        last_insert_rowid: Option<i64>,
    },
    StepError {
        step: u32,
        error: Error,
    },
    Row {
        #[serde(with = "super::values")]
        row: Vec<Value>,
    },
    Error {
        error: Error,
    },
}

/// What `describe` says about a statement.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeResult {
    pub params: Vec<DescribeParam>,
    pub cols: Vec<DescribeCol>,
    pub is_explain: bool,
    pub is_readonly: bool,
}

/// A statement parameter (`name` includes its prefix; `None` for `?`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeParam {
    #[serde(default)]
    pub name: Option<String>,
}

/// A statement's result column.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DescribeCol {
    pub name: String,
    #[serde(default)]
    pub decltype: Option<String>,
}

// ----- Hrana over WebSocket -----

/// A message from client to server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMsg {
    Hello {
        #[serde(default)]
        jwt: Option<String>,
    },
    Request {
        request_id: i32,
        request: Request,
    },
}

/// A message from server to client.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMsg {
    HelloOk,
    HelloError { error: Error },
    ResponseOk { request_id: i32, response: Response },
    ResponseError { request_id: i32, error: Error },
}

/// A WebSocket request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
    OpenStream {
        stream_id: i32,
    },
    CloseStream {
        stream_id: i32,
    },
    Execute {
        stream_id: i32,
        stmt: Stmt,
    },
    Batch {
        stream_id: i32,
        batch: Batch,
    },
    OpenCursor {
        stream_id: i32,
        cursor_id: i32,
        batch: Batch,
    },
    CloseCursor {
        cursor_id: i32,
    },
    FetchCursor {
        cursor_id: i32,
        max_count: u32,
    },
    Sequence {
        stream_id: i32,
        #[serde(default)]
        sql: Option<String>,
        #[serde(default)]
        sql_id: Option<i32>,
    },
    Describe {
        stream_id: i32,
        #[serde(default)]
        sql: Option<String>,
        #[serde(default)]
        sql_id: Option<i32>,
    },
    StoreSql {
        sql_id: i32,
        sql: String,
    },
    CloseSql {
        sql_id: i32,
    },
    GetAutocommit {
        stream_id: i32,
    },
}

/// A WebSocket response; its type matches the request's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Response {
    OpenStream,
    CloseStream,
    Execute { result: StmtResult },
    Batch { result: BatchResult },
    OpenCursor,
    CloseCursor,
    FetchCursor { entries: Vec<CursorEntry>, done: bool },
    Sequence,
    Describe { result: DescribeResult },
    StoreSql,
    CloseSql,
    GetAutocommit { is_autocommit: bool },
}

// ----- Hrana over HTTP -----

/// The body of a `POST /v2|v3/pipeline` request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PipelineReqBody {
    #[serde(default)]
    pub baton: Option<String>,
    pub requests: Vec<StreamRequest>,
}

/// The body of a pipeline response.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PipelineRespBody {
    pub baton: Option<String>,
    pub base_url: Option<String>,
    pub results: Vec<StreamResult>,
}

/// The outcome of one pipelined request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StreamResult {
    Ok { response: StreamResponse },
    Error { error: Error },
}

/// A request on an HTTP stream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StreamRequest {
    Close,
    Execute {
        stmt: Stmt,
    },
    Batch {
        batch: Batch,
    },
    Sequence {
        #[serde(default)]
        sql: Option<String>,
        #[serde(default)]
        sql_id: Option<i32>,
    },
    Describe {
        #[serde(default)]
        sql: Option<String>,
        #[serde(default)]
        sql_id: Option<i32>,
    },
    StoreSql {
        sql_id: i32,
        sql: String,
    },
    CloseSql {
        sql_id: i32,
    },
    GetAutocommit,
}

/// A response on an HTTP stream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StreamResponse {
    Close,
    Execute { result: StmtResult },
    Batch { result: BatchResult },
    Sequence,
    Describe { result: DescribeResult },
    StoreSql,
    CloseSql,
    GetAutocommit { is_autocommit: bool },
}

/// The body of a `POST /v3/cursor` request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CursorReqBody {
    #[serde(default)]
    pub baton: Option<String>,
    pub batch: Batch,
}

/// The first item of a cursor response.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CursorRespBody {
    pub baton: Option<String>,
    pub base_url: Option<String>,
}
