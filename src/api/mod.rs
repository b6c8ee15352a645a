//! Everything about talking to the Gumnut API. Components call the typed
//! functions here and never build URLs or touch `gloo_net` themselves.

mod client;
mod connection;
mod endpoints;
mod error;
pub mod reconnect;
pub mod faces;
mod people;

pub use client::ApiClient;
pub use connection::{Account, ConnectionError};
pub use endpoints::*;
pub use error::ApiError;
pub use people::*;
