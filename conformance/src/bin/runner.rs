//! The Rust conformance runner: performs each request through the `edgelite` crate's public API
//! and reports what happened (see `conformance/PROTOCOL.md`).

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::sync::Arc;
use std::time::Duration;

use edgelite::{Builder, Connection, Database, Parameters, Params, ResultSet, Rows, TransactionBehavior};
use edgelite_conformance::wire::{decode_params, encode_error, encode_value};
use serde_json::{json, Value as Json};

#[derive(Default)]
struct State {
    databases: HashMap<String, Database>,
    connections: HashMap<String, Arc<Connection>>,
}

/// A request the runner cannot perform (as opposed to an operation that failed).
struct ProtocolError(String);

impl From<String> for ProtocolError {
    fn from(s: String) -> Self {
        ProtocolError(s)
    }
}

impl From<&str> for ProtocolError {
    fn from(s: &str) -> Self {
        ProtocolError(s.to_owned())
    }
}

type Outcome = Result<Result<Json, edgelite::Error>, ProtocolError>;

fn main() {
    let mut state = State::default();
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let answer = match serde_json::from_str::<Json>(&line) {
            Ok(request) => match handle(&mut state, &request) {
                Ok(Ok(mut fields)) => {
                    fields["ok"] = json!(true);
                    fields
                }
                Ok(Err(err)) => json!({"ok": false, "error": encode_error(&err)}),
                Err(ProtocolError(problem)) => json!({"ok": false, "protocol_error": problem}),
            },
            Err(e) => json!({"ok": false, "protocol_error": format!("invalid JSON: {e}")}),
        };
        let mut text = answer.to_string();
        text.push('\n');
        if stdout.write_all(text.as_bytes()).and_then(|_| stdout.flush()).is_err() {
            break;
        }
    }
}

fn str_field<'a>(request: &'a Json, key: &str) -> Result<&'a str, ProtocolError> {
    request[key].as_str().ok_or_else(|| ProtocolError(format!("missing string field {key:?}")))
}

fn handle(state: &mut State, request: &Json) -> Outcome {
    let op = str_field(request, "op")?;
    match op {
        "hello" => Ok(Ok(json!({
            "runner": "rust",
            "version": edgelite::VERSION,
            "modes": ["embedded", "remote", "replica"],
            "capabilities": ["interrupt", "read_only_transaction", "savepoints"],
        }))),
        "reset" => {
            state.connections.clear();
            state.databases.clear();
            Ok(Ok(json!({})))
        }
        "open" => open(state, request),
        "sync" => {
            let db = state.databases.get(request["db"].as_str().unwrap_or("main")).ok_or("no such database")?;
            Ok(db.sync().map(|synced| {
                json!({
                    "generation": synced.generation,
                    "frame": synced.frame,
                    "frames_applied": synced.frames_applied,
                })
            }))
        }
        _ => {
            let name = request["conn"].as_str().unwrap_or("main");
            let conn = state.connections.get(name).cloned().ok_or_else(|| format!("no connection named {name:?}"))?;
            on_connection(&conn, op, request)
        }
    }
}

fn open(state: &mut State, request: &Json) -> Outcome {
    let db_name = str_field(request, "db")?.to_owned();
    let conn_name = str_field(request, "conn")?.to_owned();
    if !state.databases.contains_key(&db_name) {
        let target = &request["target"];
        let options = &request["options"];
        let mut builder = match str_field(target, "mode")? {
            "embedded" => Builder::local(str_field(target, "path")?),
            "remote" => {
                let mut builder = Builder::remote(str_field(target, "url")?);
                if let Some(ns) = target["namespace"].as_str() {
                    builder = builder.namespace(ns);
                }
                if let Some(token) = target["auth_token"].as_str() {
                    builder = builder.auth_token(token);
                }
                builder
            }
            "replica" => {
                let mut builder = Builder::replica(str_field(target, "path")?, str_field(target, "sync_url")?);
                if let Some(ns) = target["namespace"].as_str() {
                    builder = builder.namespace(ns);
                }
                if let Some(token) = target["auth_token"].as_str() {
                    builder = builder.auth_token(token);
                }
                builder
            }
            mode => return Err(format!("mode {mode} is not supported by this runner").into()),
        };
        if let Some(read_only) = options["read_only"].as_bool() {
            builder = builder.read_only(read_only);
        }
        if let Some(create) = options["create_if_missing"].as_bool() {
            builder = builder.create_if_missing(create);
        }
        if let Some(ms) = options["busy_timeout_ms"].as_u64() {
            builder = builder.busy_timeout(Duration::from_millis(ms));
        }
        match builder.build() {
            Ok(db) => state.databases.insert(db_name.clone(), db),
            Err(err) => return Ok(Err(err)),
        };
    }
    let db = &state.databases[&db_name];
    Ok(db.connect().map(|conn| {
        state.connections.insert(conn_name, Arc::new(conn));
        json!({})
    }))
}

fn params(request: &Json) -> Result<Parameters, ProtocolError> {
    Ok(decode_params(request.get("params"))?)
}

fn behavior(request: &Json) -> Result<TransactionBehavior, ProtocolError> {
    Ok(match request["mode"].as_str().unwrap_or("deferred") {
        "deferred" => TransactionBehavior::Deferred,
        "immediate" => TransactionBehavior::Immediate,
        "exclusive" => TransactionBehavior::Exclusive,
        "read_only" => TransactionBehavior::ReadOnly,
        other => return Err(format!("unknown transaction mode {other:?}").into()),
    })
}

fn on_connection(conn: &Arc<Connection>, op: &str, request: &Json) -> Outcome {
    let sql = || str_field(request, "sql");
    let done = |r: edgelite::Result<()>| r.map(|()| json!({}));
    Ok(match op {
        "close" => done(conn.close()),
        "execute" => {
            let params = params(request)?;
            conn.execute(sql()?, &params).and_then(|changes| {
                Ok(json!({"changes": changes, "last_insert_rowid": encode_value(&conn.last_insert_rowid()?.into())}))
            })
        }
        "query" => {
            let params = params(request)?;
            conn.query(sql()?, &params).and_then(encode_rows)
        }
        "interrupt_query" => {
            let params = params(request)?;
            let after = Duration::from_millis(request["after_ms"].as_u64().unwrap_or(100));
            let other = conn.clone();
            let stopper = std::thread::spawn(move || {
                std::thread::sleep(after);
                other.interrupt();
            });
            let result = conn.query(sql()?, &params).and_then(encode_rows);
            let _ = stopper.join();
            result
        }
        "prepare" => conn.prepare(sql()?).map(|stmt| {
            json!({
                "columns": stmt.column_names(),
                "decltypes": stmt.columns().iter().map(|c| c.decl_type()).collect::<Vec<_>>(),
                "param_count": stmt.parameter_count(),
                "param_names": stmt.parameter_names(),
            })
        }),
        "execute_batch" => done(conn.execute_batch(sql()?)),
        "batch" => {
            let stmts = request["stmts"].as_array().ok_or("batch needs \"stmts\"")?;
            let owned: Vec<(String, Parameters)> = stmts
                .iter()
                .map(|s| Ok((str_field(s, "sql")?.to_owned(), params(s)?)))
                .collect::<Result<_, ProtocolError>>()?;
            let refs: Vec<(&str, &dyn Params)> = owned.iter().map(|(s, p)| (s.as_str(), p as &dyn Params)).collect();
            conn.batch_with_behavior(behavior(request)?, &refs)
                .map(|results| json!({"results": results.iter().map(encode_result_set).collect::<Vec<_>>()}))
        }
        "begin" => done(conn.begin(behavior(request)?)),
        "commit" => done(conn.commit()),
        "rollback" => done(conn.rollback()),
        "savepoint" => done(conn.savepoint(str_field(request, "name")?)),
        "release" => done(conn.release_savepoint(str_field(request, "name")?)),
        "rollback_to" => done(conn.rollback_to_savepoint(str_field(request, "name")?)),
        "autocommit" => conn.is_autocommit().map(|v| json!({"value": v})),
        "last_insert_rowid" => conn.last_insert_rowid().map(|v| json!({"value": encode_value(&v.into())})),
        "changes" => conn.changes().map(|v| json!({"value": v})),
        "busy_timeout" => done(conn.busy_timeout(Duration::from_millis(request["ms"].as_u64().unwrap_or(0)))),
        other => return Err(format!("unknown op {other:?}").into()),
    })
}

fn encode_rows(mut rows: Rows<'static>) -> edgelite::Result<Json> {
    let columns: Vec<String> = rows.column_names().into_iter().map(str::to_owned).collect();
    let decltypes: Vec<Option<String>> = rows.columns().iter().map(|c| c.decl_type().map(str::to_owned)).collect();
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(Json::Array(row.to_values().iter().map(encode_value).collect()));
    }
    Ok(json!({"columns": columns, "decltypes": decltypes, "rows": out}))
}

fn encode_result_set(result: &ResultSet) -> Json {
    json!({
        "columns": result.columns.iter().map(|c| c.name()).collect::<Vec<_>>(),
        "decltypes": result.columns.iter().map(|c| c.decl_type()).collect::<Vec<_>>(),
        "rows": result.rows.iter().map(|r| r.iter().map(encode_value).collect::<Vec<_>>()).collect::<Vec<_>>(),
        "changes": result.changes,
        "last_insert_rowid": encode_value(&result.last_insert_rowid.into()),
    })
}
