//! The one error type of the HTTP handlers and its JSON rendering.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gumnut_types::ErrorBody;

/// Everything a handler can fail with. Each variant maps to one status code
/// and a `{"detail": ...}` body.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("missing or invalid bearer token")]
    Unauthorized,

    #[error("{0}")]
    NotFound(String),

    /// A request field failed validation; `location` is the FastAPI `loc`,
    /// such as `["body", "bounding_box", "w"]`.
    #[error("{message}")]
    Validation {
        location: Vec<String>,
        message: String,
    },

    /// A failure the client cannot fix. The cause is logged once and the
    /// client gets a generic message.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// Builds a 404 for an id that names nothing.
    pub fn not_found(kind: &str, id: &str) -> Self {
        ApiError::NotFound(format!("{kind} {id} not found"))
    }

    /// Builds a 422 naming the field at `location`.
    pub fn invalid(location: &[&str], message: impl Into<String>) -> Self {
        ApiError::Validation {
            location: location.iter().map(|part| (*part).to_owned()).collect(),
            message: message.into(),
        }
    }

    /// Returns the HTTP status this error is sent with.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(error: rusqlite::Error) -> Self {
        ApiError::Internal(format!("database: {error}"))
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(error: tokio::task::JoinError) -> Self {
        ApiError::Internal(format!("background task: {error}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = match &self {
            ApiError::Validation { location, message } => {
                let location: Vec<&str> = location.iter().map(String::as_str).collect();
                ErrorBody::validation(&location, message.clone())
            }
            ApiError::Internal(cause) => {
                tracing::error!(%cause, "request failed");
                ErrorBody::message("internal server error")
            }
            other => ErrorBody::message(other.to_string()),
        };
        if !matches!(self, ApiError::Internal(_)) {
            tracing::debug!(status = status.as_u16(), error = %self, "request rejected");
        }

        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

/// Result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;
