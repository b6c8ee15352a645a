//! Browser end-to-end tests: the real server with the release build of the
//! web app, driven in headless Chromium through chromedriver.
//!
//! Each test gets its own server, data directory, chromedriver process and
//! browser profile, so tests share no state and may run in parallel.
//! [`run_browser_test`] starts all of it, runs the test body and cleans up
//! even when the body panics. On failure it saves a screenshot and prints
//! the browser console.
//!
//! Run with `cargo test --release -p gumnut-e2e` after building the UI
//! (`make test` does both). Environment variables:
//! - `GUMNUT_UI_DIR`: the built UI (default `<workspace>/dist`);
//! - `CHROMEDRIVER`: chromedriver binary (default `/usr/bin/chromedriver`);
//! - `CHROMIUM`: Chromium binary (default `/usr/bin/chromium`).
//!
//! Screenshots go to `<workspace>/target/screenshots/`.

pub mod api;
pub mod app;
pub mod chromedriver;
pub mod error;
pub mod geometry;
pub mod paths;

pub use api::{ApiClient, RequestLogEntry};
pub use app::{App, run_browser_test, run_browser_test_with};
pub use error::E2eError;
