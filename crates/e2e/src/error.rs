//! Errors of the end-to-end harness.

use std::path::PathBuf;

use thirtyfour::error::WebDriverError;

/// Why a harness step or a browser check failed.
#[derive(Debug, thiserror::Error)]
pub enum E2eError {
    /// The release UI is missing, so there is nothing to test.
    #[error(
        "the release build of the web app is missing: {index} does not exist. \
         Run `make test` (it builds dist/ with `trunk build --release`), or point \
         GUMNUT_UI_DIR at a folder that contains index.html"
    )]
    MissingUi { index: PathBuf },

    /// The local server did not start.
    #[error("the gumnut server failed to start: {0}")]
    Server(String),

    /// A test's own preparation of the data folder failed.
    #[error("preparing the test data failed: {0}")]
    Setup(String),

    /// chromedriver could not be started or did not become ready.
    #[error("chromedriver at {path} failed: {reason}")]
    Chromedriver { path: PathBuf, reason: String },

    /// A WebDriver command failed.
    #[error("webdriver command failed: {0}")]
    WebDriver(#[from] WebDriverError),

    /// An HTTP request of the API client failed before a status came back.
    #[error("HTTP request failed: {0}")]
    Http(#[from] reqwest::Error),

    /// The API returned an unexpected status.
    #[error("{method} {path} returned {status}: {body}")]
    Api {
        method: &'static str,
        path: String,
        status: u16,
        body: String,
    },

    /// A file operation failed.
    #[error("{action} {path} failed: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A temporary folder could not be created.
    #[error("creating a temporary folder for the {purpose} failed: {source}")]
    TempDir {
        purpose: &'static str,
        #[source]
        source: std::io::Error,
    },

    /// A condition did not hold within the wait timeout.
    #[error("timed out after {seconds} s waiting for {what} (page: {url})")]
    Timeout {
        what: String,
        seconds: u64,
        url: String,
    },

    /// The page or the API returned something the test cannot use.
    #[error("{0}")]
    Unexpected(String),
}
