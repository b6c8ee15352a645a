//! Checking a base URL and API key before the app uses them, with a
//! message that names what failed.

use gumnut_types::{Library, User};
use thiserror::Error;

use super::{ApiClient, ApiError};

/// The account behind a working API key.
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub user: User,
    /// Live libraries of the account; empty when the server does not list them.
    pub libraries: Vec<Library>,
}

impl Account {
    /// Formats the user for display: name and email when known, else the id.
    pub fn label(&self) -> String {
        let name = [self.user.first_name.as_deref(), self.user.last_name.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        match (name.is_empty(), self.user.email.as_deref()) {
            (false, Some(email)) => format!("{name} <{email}>"),
            (true, Some(email)) => email.to_owned(),
            (false, None) => name,
            (true, None) => self.user.id.to_string(),
        }
    }
}

/// Cause of a failed connection test. No message contains the API key.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConnectionError {
    /// The base URL is not an http(s) URL.
    #[error("\"{0}\" is not a valid API address. Enter a URL that starts with https:// or http://, such as https://api.gumnut.ai.")]
    InvalidUrl(String),
    /// The API key field is empty.
    #[error("Enter an API key.")]
    MissingKey,
    /// A page loaded over https may not call an http address.
    #[error("This page was loaded over https, so the browser blocks requests to the http address {0}. Use an https address.")]
    MixedContent(String),
    /// The server returned 401.
    #[error("Wrong API key: the server at {base_url} rejected it ({detail}). Check that you pasted the whole key and that it has not been revoked.")]
    WrongKey { base_url: String, detail: String },
    /// The server returned 403.
    #[error("The API key is valid but may not read this account ({0}). Use a key with read access.")]
    Forbidden(String),
    /// No server responded at the address.
    #[error("Could not reach {0}. Check the address and your network, and that the server is running. This page's Content-Security-Policy may also block the address.")]
    Unreachable(String),
    /// A server responded, but the browser withheld the response because the
    /// server does not allow this page's origin.
    #[error("{base_url} responded, but the browser blocked the response (CORS): the server does not allow requests from {origin}. Open the app from an origin that server allows.")]
    CorsRejected { base_url: String, origin: String },
    /// The address responds, but not like a Gumnut API.
    #[error("{base_url} does not look like a Gumnut API: {detail}. Check the API base URL.")]
    NotGumnut { base_url: String, detail: String },
    /// Any other failure, such as a server error that outlasted the retries.
    #[error("The connection test failed: {0}")]
    Other(ApiError),
}

impl ApiClient {
    /// Lists the account's live libraries (`GET /api/libraries`, a bare array).
    pub async fn list_libraries(&self) -> Result<Vec<Library>, ApiError> {
        self.get_json("/api/libraries").await
    }

    /// Checks the base URL and key with `GET /api/users/me`, then lists the
    /// libraries, so the connect screen can offer a picker.
    pub async fn check_connection(&self, page_origin: &str) -> Result<Account, ConnectionError> {
        let base_url = self.base_url().to_owned();
        let is_http = base_url.starts_with("http://") || base_url.starts_with("https://");
        if !is_http || base_url.len() <= "https://".len() {
            return Err(ConnectionError::InvalidUrl(base_url));
        }
        if page_origin.starts_with("https://") && base_url.starts_with("http://") {
            return Err(ConnectionError::MixedContent(base_url));
        }
        if !self.has_api_key() {
            return Err(ConnectionError::MissingKey);
        }

        let user = match self.current_user().await {
            Ok(user) => user,
            Err(error) => return Err(self.explain(error, page_origin).await),
        };

        // An account with one library needs no picker, and a server without
        // the list endpoint is treated the same way.
        let libraries = match self.list_libraries().await {
            Ok(libraries) => libraries,
            Err(error) => {
                log::warn!("listing libraries failed, continuing without a picker: {error}");
                Vec::new()
            }
        };
        Ok(Account { user, libraries })
    }

    async fn explain(&self, error: ApiError, page_origin: &str) -> ConnectionError {
        let base_url = self.base_url().to_owned();
        match error {
            ApiError::Unauthorized(message) => {
                let detail = message.trim_start_matches(ApiError::REJECTED_KEY_PREFIX).to_owned();
                ConnectionError::WrongKey { base_url, detail }
            }
            ApiError::Forbidden(detail) => ConnectionError::Forbidden(detail),
            ApiError::NotFound(_) => ConnectionError::NotGumnut {
                base_url,
                detail: "GET /api/users/me returned 404 Not Found".to_owned(),
            },
            ApiError::Decode(_) => ConnectionError::NotGumnut {
                base_url,
                detail: "GET /api/users/me did not return account data in JSON".to_owned(),
            },
            ApiError::Network { .. } if self.is_host_reachable().await => {
                ConnectionError::CorsRejected { base_url, origin: page_origin.to_owned() }
            }
            ApiError::Network { .. } => ConnectionError::Unreachable(base_url),
            other => ConnectionError::Other(other),
        }
    }
}
