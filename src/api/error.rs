//! The one error type every API call returns.

use thiserror::Error;

/// A failed API call, with a message a person can read.
///
/// It holds only strings and numbers, so views can clone it freely.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ApiError {
    /// No API key is stored, or the server rejected it (401).
    #[error("{0}")]
    Unauthorized(String),
    /// The key works but may not do this (403).
    #[error("Not allowed: {0}")]
    Forbidden(String),
    /// The asset, face or person does not exist (404).
    #[error("Not found: {0}")]
    NotFound(String),
    /// The server rejected the request's values (422).
    #[error("Invalid request: {0}")]
    Validation(String),
    /// Too many requests (429); `retry_after_secs` comes from `Retry-After`.
    #[error("Too many requests: {message}")]
    RateLimited { message: String, retry_after_secs: Option<u64> },
    /// Any other non-2xx status.
    #[error("The server returned {status}: {message}")]
    Status { status: u16, message: String },
    /// The request never got a response: offline, refused, or blocked by CORS.
    #[error("Could not reach the server at {base_url}: {message}")]
    Network { base_url: String, message: String },
    /// No response within the time limit of each attempt.
    #[error("The server did not respond within {seconds} seconds.")]
    TimedOut { seconds: u64 },
    /// The request was cancelled because the page that needed it was left.
    /// It is not a failure to show.
    #[error("The request was cancelled.")]
    Aborted,
    /// A 2xx response whose body did not match the expected shape.
    #[error("The server sent a response this app cannot read: {0}")]
    Decode(String),
}

impl ApiError {
    /// Builds the error for a call made before any API key was stored.
    pub fn not_signed_in() -> Self {
        ApiError::Unauthorized("No API key is set. Open Settings to connect to a library.".to_owned())
    }

    /// Maps a non-2xx status and its already-extracted message to a variant.
    pub fn from_status(status: u16, message: Option<String>, retry_after_secs: Option<u64>) -> Self {
        let message = message.unwrap_or_else(|| default_message(status).to_owned());
        match status {
            401 => ApiError::Unauthorized(format!("{}{message}", Self::REJECTED_KEY_PREFIX)),
            403 => ApiError::Forbidden(message),
            404 => ApiError::NotFound(message),
            422 => ApiError::Validation(message),
            429 => ApiError::RateLimited { message, retry_after_secs },
            _ => ApiError::Status { status, message },
        }
    }

    /// Checks whether the key is missing or invalid, so the user
    /// should go to Settings rather than retry.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ApiError::Unauthorized(_))
    }

    /// Prefix of the message of a 401, before the server's own words.
    pub const REJECTED_KEY_PREFIX: &'static str = "The server rejected the API key: ";

    /// Checks whether the request was cancelled by leaving the page, so no
    /// error should be shown.
    pub fn is_aborted(&self) -> bool {
        matches!(self, ApiError::Aborted)
    }

    /// Checks whether the requested item does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ApiError::NotFound(_))
    }
}

fn default_message(status: u16) -> &'static str {
    match status {
        401 => "missing or invalid credential",
        403 => "forbidden",
        404 => "not found",
        408 => "request timed out",
        409 => "conflicting change, try again",
        422 => "invalid request",
        429 => "rate limited",
        500..=599 => "server error",
        _ => "unexpected status",
    }
}
