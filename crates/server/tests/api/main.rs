//! HTTP tests against the real server: each test starts its own instance on
//! a free port over a fresh, demo-seeded data folder.

mod assets;
mod common;
mod faces;
mod faults;
mod pagination;
mod people;
mod serving;
mod synthetic;
