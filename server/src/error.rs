//! Error responses of the user port, shaped as sqld's (clients parse them).

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use edgelite::hrana::proto;
use serde_json::json;

use crate::auth::AuthError;
use crate::namespaces::NamespaceError;

/// How a Hrana endpoint encodes its bodies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Json,
    Protobuf,
}

/// A failed request.
#[derive(Debug)]
pub enum ApiError {
    /// The request is malformed: 400, plain text.
    Protocol(String),
    /// A Hrana error for the whole request (e.g. `STREAM_EXPIRED`): 400, in the endpoint's
    /// encoding.
    Hrana(StatusCode, proto::Error, Encoding),
    /// Bad or missing credentials: 401.
    Unauthorized(AuthError),
    /// Valid credentials without the needed permission: 403.
    Forbidden(String),
    /// The namespace does not exist: 404.
    NamespaceNotFound(String),
    /// The server is at a limit (too many open streams): 503.
    Unavailable(String),
    /// Something failed on the server: 500.
    Internal(String),
    /// Nothing is served here (e.g. sync endpoints on a replica server): 404, empty.
    NotFound,
}

impl From<NamespaceError> for ApiError {
    fn from(err: NamespaceError) -> Self {
        match err {
            NamespaceError::NotFound(name) => ApiError::NamespaceNotFound(name),
            NamespaceError::InvalidName(_) | NamespaceError::AlreadyExists(_) => ApiError::Protocol(err.to_string()),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

fn json_error(status: StatusCode, message: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], json!({ "error": message }).to_string()).into_response()
}

/// The body of a Hrana error in `encoding`.
pub fn hrana_error_body(error: proto::Error, encoding: Encoding) -> (&'static str, Vec<u8>) {
    match encoding {
        Encoding::Json => ("application/json", serde_json::to_vec(&error).unwrap_or_default()),
        Encoding::Protobuf => ("application/x-protobuf", edgelite::hrana::protobuf::encode(error)),
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Protocol(message) => {
                (StatusCode::BAD_REQUEST, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], message)
                    .into_response()
            }
            ApiError::Hrana(status, error, encoding) => {
                let (content_type, body) = hrana_error_body(error, encoding);
                (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
            }
            ApiError::Unauthorized(err) => {
                json_error(StatusCode::UNAUTHORIZED, format!("Unauthorized: `{}`", err.message))
            }
            ApiError::Forbidden(message) => {
                json_error(StatusCode::FORBIDDEN, format!("Authorization forbidden: {message}"))
            }
            ApiError::NamespaceNotFound(name) => {
                json_error(StatusCode::NOT_FOUND, NamespaceError::NotFound(name).to_string())
            }
            ApiError::Unavailable(message) => json_error(StatusCode::SERVICE_UNAVAILABLE, message),
            ApiError::Internal(message) => json_error(StatusCode::INTERNAL_SERVER_ERROR, message),
            ApiError::NotFound => StatusCode::NOT_FOUND.into_response(),
        }
    }
}
