//! Turning what a server says into the core's errors.

use crate::error::{code_from_name, extended, Error, ErrorCode};
use crate::hrana::proto;

/// A Hrana error from the server as a core error: the exact extended code when the server
/// sends it (edgelite does), else the code name (sqld sends primary names and its own codes).
pub(crate) fn from_hrana(error: &proto::Error) -> Error {
    let message = error.message.strip_prefix("SQLite error: ").unwrap_or(&error.message).to_owned();
    if let Some(code) = error.extended_code {
        return Error::new(code, message);
    }
    let code = error.code.as_deref().unwrap_or("");
    if let Some(raw) = code_from_name(code) {
        return Error::new(raw, message);
    }
    let raw = match code {
        "SQL_NO_STATEMENT" => extended::EDGELITE_MISUSE_NO_STATEMENT,
        "SQL_MANY_STATEMENTS" => extended::EDGELITE_MISUSE_MANY_STATEMENTS,
        "ARGS_INVALID" | "ARGS_BOTH_POSITIONAL_AND_NAMED" => extended::EDGELITE_RANGE_PARAMETER,
        "SQL_PARSE_ERROR" | "SQL_INPUT_ERROR" | "SQL_NOT_FOUND" => ErrorCode::SqlError.raw(),
        "TRANSACTION_TIMEOUT" | "TRANSACTION_BUSY" => ErrorCode::Busy.raw(),
        "RESPONSE_TOO_LARGE" => ErrorCode::TooBig.raw(),
        "AUTH_FORBIDDEN" => extended::EDGELITE_AUTH_FORBIDDEN,
        "NAMESPACE_DOESNT_EXIST" => extended::EDGELITE_REMOTE_NAMESPACE,
        c if c.starts_with("AUTH_") => ErrorCode::Auth.raw(),
        "STREAM_EXPIRED" | "STREAM_NOT_OPEN" | "STREAM_CLOSED" => extended::EDGELITE_REMOTE_TRANSACTION_LOST,
        "PROTOCOL_ERROR" => ErrorCode::Protocol.raw(),
        _ => extended::EDGELITE_REMOTE_SERVER,
    };
    Error::new(raw, message)
}

pub(crate) fn protocol(message: impl Into<String>) -> Error {
    Error::with_code(ErrorCode::Protocol, message)
}

pub(crate) fn connect(message: impl Into<String>) -> Error {
    Error::new(extended::EDGELITE_REMOTE_CONNECT, message)
}

pub(crate) fn transaction_lost(why: &str) -> Error {
    Error::new(
        extended::EDGELITE_REMOTE_TRANSACTION_LOST,
        format!("the transaction was lost ({why}); it was rolled back on the server and must be run again"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(code: Option<&str>, extended: Option<i32>) -> Error {
        from_hrana(&proto::Error {
            message: "SQLite error: m".into(),
            code: code.map(str::to_owned),
            extended_code: extended,
        })
    }

    #[test]
    fn codes_map() {
        assert_eq!(err(Some("SQLITE_CONSTRAINT"), Some(2067)).name(), "SQLITE_CONSTRAINT_UNIQUE");
        assert_eq!(err(Some("SQLITE_CONSTRAINT"), None).name(), "SQLITE_CONSTRAINT");
        assert_eq!(err(Some("SQLITE_CONSTRAINT"), None).message(), "m");
        assert_eq!(err(Some("SQL_PARSE_ERROR"), None).code(), ErrorCode::SqlError);
        assert_eq!(err(Some("ARGS_INVALID"), None).code(), ErrorCode::Range);
        assert_eq!(err(Some("AUTH_JWT_EXPIRED"), None).code(), ErrorCode::Auth);
        assert_eq!(err(None, None).code(), ErrorCode::Remote);
    }
}
