//! Pure logic of the gumnut-faces web app: routes, API query strings and
//! face-box geometry. Nothing here touches the browser, so it is tested with
//! a plain native `cargo test`.

pub mod encoding;
pub mod geometry;
pub mod query;
pub mod routes;
pub mod batch;
pub mod journal;
pub mod library_scope;
pub mod merge_plan;
pub mod person_fields;
pub mod reconcile;
pub mod retry;
pub mod windowing;

pub use geometry::{ContentRect, DrawError, DrawingFrame, DisplaySize, Rect};
pub use query::Query;
pub use routes::{AppRoute, PeopleView};
