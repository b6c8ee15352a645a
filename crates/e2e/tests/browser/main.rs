//! Browser end-to-end tests of the web app against the real server.
//!
//! Needs the release UI in `dist/` (or `GUMNUT_UI_DIR`), chromedriver and
//! Chromium; `make test` builds and installs all of them. Each test starts
//! its own server with the demo library, so tests share no state.

mod asset_page;
mod failures;
mod library;
mod people;
// Shared with the face-workflow and soak tests, which use helpers this
// binary does not.
#[allow(dead_code)]
mod support;
