//! Everything about talking to the Gumnut API. Components call the typed
//! functions here and never build URLs or touch `gloo_net` themselves.

mod client;
mod endpoints;
mod error;
pub mod faces;

pub use client::ApiClient;
pub use endpoints::*;
pub use error::ApiError;
