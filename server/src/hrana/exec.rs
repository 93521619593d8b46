//! Running Hrana requests against a connection: statements, batches and their conditions,
//! sequences, describes and cursors. Blocking: callers run it off the async executor.

use std::collections::HashMap;
use std::time::Instant;

use edgelite::hrana::proto::{
    Batch, BatchCond, BatchResult, Col, CursorEntry, DescribeCol, DescribeParam, DescribeResult, Error, Stmt,
    StmtResult,
};
use edgelite::{Connection, ErrorCode, Parameters, Statement, Value};

use crate::auth::Access;

/// What a request runs with.
pub struct Context<'a> {
    pub conn: &'a Connection,
    pub access: Access,
    /// The largest result one statement may return (cursors are not limited).
    pub max_response_bytes: usize,
    /// Hrana version of the client (the `is_autocommit` condition is version 3).
    pub version: u8,
}

/// Why a request did not produce a result.
#[derive(Debug, Clone, PartialEq)]
pub enum ExecError {
    /// An error for the client, as a Hrana `Error` (a failed statement).
    Stmt(Error),
    /// The token does not allow this statement: the whole HTTP request fails with 403.
    Forbidden(String),
    /// The request is malformed for the protocol (HTTP 400, WebSocket close).
    Protocol(String),
}

impl ExecError {
    pub fn stmt(code: &str, message: impl Into<String>) -> ExecError {
        ExecError::Stmt(Error { message: message.into(), code: Some(code.to_owned()), extended_code: None })
    }
}

impl From<edgelite::Error> for ExecError {
    fn from(err: edgelite::Error) -> Self {
        ExecError::Stmt(hrana_error(&err))
    }
}

/// A core error as a Hrana error: `code` is what sqld sends — the primary code's name for
/// SQLite errors (clients compare it verbatim), sqld's own codes for broken statement rules —
/// and `extended_code` carries the exact code for clients that read it (edgelite's).
pub fn hrana_error(err: &edgelite::Error) -> Error {
    use edgelite::error::extended::*;
    let code = match err.extended_code() {
        EDGELITE_MISUSE_NO_STATEMENT => "SQL_NO_STATEMENT",
        EDGELITE_MISUSE_MANY_STATEMENTS => "SQL_MANY_STATEMENTS",
        EDGELITE_RANGE_PARAMETER => "ARGS_INVALID",
        _ => err.code().name(),
    };
    Error { message: err.message().to_owned(), code: Some(code.to_owned()), extended_code: Some(err.extended_code()) }
}

/// Replaces a `sql_id` with the stored text it names.
pub fn resolve_sql(
    sql: Option<String>,
    sql_id: Option<i32>,
    stored: &HashMap<i32, String>,
) -> Result<String, ExecError> {
    match (sql, sql_id) {
        (Some(sql), None) => Ok(sql),
        (None, Some(id)) => stored
            .get(&id)
            .cloned()
            .ok_or_else(|| ExecError::stmt("SQL_NOT_FOUND", format!("SQL text {id} is not stored"))),
        (Some(_), Some(_)) => Err(ExecError::Protocol("both sql and sql_id given".into())),
        (None, None) => Err(ExecError::Protocol("neither sql nor sql_id given".into())),
    }
}

/// Fills in every statement's SQL text from `stored`.
pub fn resolve_stmt(stmt: &mut Stmt, stored: &HashMap<i32, String>) -> Result<(), ExecError> {
    stmt.sql = Some(resolve_sql(stmt.sql.take(), stmt.sql_id.take(), stored)?);
    Ok(())
}

/// Fills in the SQL text of every step of `batch`.
pub fn resolve_batch(batch: &mut Batch, stored: &HashMap<i32, String>) -> Result<(), ExecError> {
    batch.steps.iter_mut().try_for_each(|step| resolve_stmt(&mut step.stmt, stored))
}

fn parameters(stmt: &mut Stmt) -> Result<Parameters, ExecError> {
    let args = std::mem::take(&mut stmt.args);
    let named = std::mem::take(&mut stmt.named_args);
    match (args.is_empty(), named.is_empty()) {
        (true, true) => Ok(Parameters::None),
        (false, true) => Ok(Parameters::Positional(args)),
        (true, false) => Ok(Parameters::Named(named.into_iter().map(|a| (a.name, a.value)).collect())),
        (false, false) => Err(ExecError::stmt(
            "ARGS_BOTH_POSITIONAL_AND_NAMED",
            "a statement cannot have both positional and named arguments",
        )),
    }
}

/// Prepares `sql` and checks that the client may run it.
fn prepare(ctx: &Context<'_>, sql: &str) -> Result<Statement, ExecError> {
    let stmt = ctx.conn.prepare(sql)?;
    check_access(ctx.access, &stmt)?;
    Ok(stmt)
}

fn check_access(access: Access, stmt: &Statement) -> Result<(), ExecError> {
    if access == Access::ReadOnly && !stmt.is_readonly() {
        return Err(ExecError::Forbidden("a read-only token cannot run statements that write".into()));
    }
    Ok(())
}

fn value_size(v: &Value) -> usize {
    match v {
        Value::Text(s) => s.len() + 16,
        Value::Blob(b) => b.len() + 16,
        _ => 16,
    }
}

fn columns(stmt_cols: &[edgelite::Column]) -> Vec<Col> {
    stmt_cols
        .iter()
        .map(|c| Col { name: Some(c.name().to_owned()), decltype: c.decl_type().map(str::to_owned) })
        .collect()
}

/// Runs one statement.
pub fn execute_stmt(ctx: &Context<'_>, mut stmt: Stmt) -> Result<StmtResult, ExecError> {
    let sql = stmt.sql.take().ok_or_else(|| ExecError::Protocol("a statement needs sql".into()))?;
    let params = parameters(&mut stmt)?;
    let want_rows = stmt.want_rows.unwrap_or(true);
    let started = Instant::now();
    let mut prepared = prepare(ctx, &sql)?;
    let mut rows = prepared.query(&params)?;
    let cols = columns(rows.columns());
    let mut out = Vec::new();
    let mut size = 0usize;
    let mut rows_read = 0u64;
    while let Some(row) = rows.next()? {
        rows_read += 1;
        if want_rows {
            let values = row.to_values();
            size += values.iter().map(value_size).sum::<usize>();
            if size > ctx.max_response_bytes {
                return Err(ExecError::stmt(
                    "RESPONSE_TOO_LARGE",
                    format!(
                        "the result is larger than {} bytes; read it with a cursor or in pages",
                        ctx.max_response_bytes
                    ),
                ));
            }
            out.push(values);
        }
    }
    let (changes, last_insert_rowid) = rows.finish()?;
    Ok(StmtResult {
        cols,
        rows: out,
        affected_row_count: changes,
        last_insert_rowid: Some(last_insert_rowid),
        replication_index: None,
        rows_read,
        rows_written: changes,
        query_duration_ms: started.elapsed().as_secs_f64() * 1000.0,
    })
}

/// What happened to a batch step.
#[derive(Clone, Copy, PartialEq)]
enum Outcome {
    Skipped,
    Ok,
    Failed,
}

fn eval(ctx: &Context<'_>, cond: &BatchCond, outcomes: &[Outcome]) -> Result<bool, ExecError> {
    let step = |step: u32| {
        outcomes.get(step as usize).copied().ok_or_else(|| {
            ExecError::Protocol(format!("a batch condition refers to step {step}, which has not run yet"))
        })
    };
    Ok(match cond {
        BatchCond::Ok { step: s } => step(*s)? == Outcome::Ok,
        BatchCond::Error { step: s } => step(*s)? == Outcome::Failed,
        BatchCond::Not { cond } => !eval(ctx, cond, outcomes)?,
        BatchCond::And { conds } => {
            for c in conds {
                if !eval(ctx, c, outcomes)? {
                    return Ok(false);
                }
            }
            true
        }
        BatchCond::Or { conds } => {
            for c in conds {
                if eval(ctx, c, outcomes)? {
                    return Ok(true);
                }
            }
            false
        }
        BatchCond::IsAutocommit if ctx.version >= 3 => ctx.conn.is_autocommit()?,
        BatchCond::IsAutocommit => return Err(ExecError::Protocol("the is_autocommit condition needs Hrana 3".into())),
    })
}

/// Runs a batch: statement errors are reported per step, not as the batch's error.
pub fn execute_batch(ctx: &Context<'_>, batch: Batch) -> Result<BatchResult, ExecError> {
    let mut outcomes = Vec::with_capacity(batch.steps.len());
    let mut result = BatchResult::default();
    for step in batch.steps {
        let run = match &step.condition {
            Some(cond) => eval(ctx, cond, &outcomes)?,
            None => true,
        };
        if !run {
            outcomes.push(Outcome::Skipped);
            result.step_results.push(None);
            result.step_errors.push(None);
            continue;
        }
        match execute_stmt(ctx, step.stmt) {
            Ok(r) => {
                outcomes.push(Outcome::Ok);
                result.step_results.push(Some(r));
                result.step_errors.push(None);
            }
            Err(ExecError::Stmt(e)) => {
                outcomes.push(Outcome::Failed);
                result.step_results.push(None);
                result.step_errors.push(Some(e));
            }
            Err(other) => return Err(other),
        }
    }
    Ok(result)
}

/// Runs `;`-separated statements, discarding rows; stops at the first error.
pub fn execute_sequence(ctx: &Context<'_>, sql: &str) -> Result<(), ExecError> {
    for piece in edgelite::sql::split_statements(sql) {
        // Pieces that are only comments or stray semicolons hold no statement.
        let mut stmt = match prepare(ctx, piece) {
            Err(ExecError::Stmt(Error { code: Some(code), .. })) if code == "SQL_NO_STATEMENT" => continue,
            other => other?,
        };
        stmt.execute(())?;
    }
    Ok(())
}

/// Describes a statement without running it.
pub fn describe(ctx: &Context<'_>, sql: &str) -> Result<DescribeResult, ExecError> {
    let stmt = ctx.conn.prepare(sql)?;
    Ok(DescribeResult {
        params: stmt.parameter_names().into_iter().map(|name| DescribeParam { name }).collect(),
        cols: stmt
            .columns()
            .iter()
            .map(|c| DescribeCol { name: c.name().to_owned(), decltype: c.decl_type().map(str::to_owned) })
            .collect(),
        is_explain: stmt.is_explain(),
        is_readonly: stmt.is_readonly(),
    })
}

/// For read-only clients: refuses a request holding any statement that writes before
/// anything runs, so a refused request leaves no partial effects (as sqld does).
pub fn check_sql_access<'a>(ctx: &Context<'_>, sql: impl IntoIterator<Item = &'a str>) -> Result<(), ExecError> {
    if ctx.access == Access::ReadWrite {
        return Ok(());
    }
    for text in sql {
        for piece in edgelite::sql::split_statements(text) {
            // Statements that do not prepare fail when they run, with their own error.
            if let Ok(stmt) = ctx.conn.prepare(piece) {
                check_access(ctx.access, &stmt)?;
            }
        }
    }
    Ok(())
}

/// [`check_sql_access`] for every step of a batch.
pub fn check_batch_access(ctx: &Context<'_>, batch: &Batch) -> Result<(), ExecError> {
    check_sql_access(ctx, batch.steps.iter().filter_map(|step| step.stmt.sql.as_deref()))
}

/// Runs a batch as a cursor, handing each entry to `emit`; stops early if `emit` returns false
/// (the reader went away).
pub fn run_cursor(ctx: &Context<'_>, batch: Batch, emit: &mut dyn FnMut(CursorEntry) -> bool) -> Result<(), ExecError> {
    let mut outcomes = Vec::with_capacity(batch.steps.len());
    for (index, step) in batch.steps.into_iter().enumerate() {
        let index = index as u32;
        let run = match &step.condition {
            Some(cond) => match eval(ctx, cond, &outcomes) {
                Ok(run) => run,
                Err(ExecError::Stmt(error)) => {
                    emit(CursorEntry::Error { error });
                    return Ok(());
                }
                Err(other) => return Err(other),
            },
            None => true,
        };
        if !run {
            outcomes.push(Outcome::Skipped);
            continue;
        }
        match cursor_step(ctx, index, step.stmt, emit) {
            Ok(true) => outcomes.push(Outcome::Ok),
            Ok(false) => return Ok(()),
            Err(ExecError::Stmt(error)) => {
                outcomes.push(Outcome::Failed);
                if !emit(CursorEntry::StepError { step: index, error }) {
                    return Ok(());
                }
            }
            Err(ExecError::Forbidden(message)) => {
                emit(CursorEntry::Error {
                    error: Error { message, code: Some("AUTH_FORBIDDEN".into()), extended_code: None },
                });
                return Ok(());
            }
            Err(other) => return Err(other),
        }
    }
    Ok(())
}

/// One cursor step; `Ok(false)` if the reader went away.
fn cursor_step(
    ctx: &Context<'_>,
    index: u32,
    mut stmt: Stmt,
    emit: &mut dyn FnMut(CursorEntry) -> bool,
) -> Result<bool, ExecError> {
    let sql = stmt.sql.take().ok_or_else(|| ExecError::Protocol("a statement needs sql".into()))?;
    let params = parameters(&mut stmt)?;
    let want_rows = stmt.want_rows.unwrap_or(true);
    let mut prepared = prepare(ctx, &sql)?;
    let mut rows = prepared.query(&params)?;
    if !emit(CursorEntry::StepBegin { step: index, cols: columns(rows.columns()) }) {
        return Ok(false);
    }
    loop {
        match rows.next() {
            Ok(Some(row)) => {
                if want_rows && !emit(CursorEntry::Row { row: row.to_values() }) {
                    return Ok(false);
                }
            }
            Ok(None) => break,
            Err(err) => return Err(err.into()),
        }
    }
    let (changes, last_insert_rowid) = rows.finish()?;
    Ok(emit(CursorEntry::StepEnd { affected_row_count: changes, last_insert_rowid: Some(last_insert_rowid) }))
}

/// Whether an error is a SQLite busy/locked condition (mapped to HTTP 503 by the v1 API).
pub fn is_busy(error: &Error) -> bool {
    matches!(error.code.as_deref(), Some(code) if code.starts_with(ErrorCode::Busy.name()) || code.starts_with(ErrorCode::Locked.name()))
}
