//! Wire types of the Gumnut photos API.
//!
//! The web app decodes responses with these types and the local server
//! encodes them, so the two cannot drift apart. Decoding is tolerant: unknown
//! fields are ignored and optional fields may be missing, because the real API
//! adds fields over time.

pub mod account;
pub mod asset;
pub mod error;
pub mod face;
pub mod ids;
pub mod page;
pub mod patch;
pub mod person;
pub mod query;

pub use account::{Library, User};
pub use asset::{Asset, AssetMetadata, AssetVariant, AssetUrls};
pub use error::ErrorBody;
pub use face::{BoundingBox, Candidate, ClusterAssignment, CreateFace, Face, FaceSource, UpdateFace};
pub use ids::{AssetId, FaceId, LibraryId, PersonId, UserId};
pub use page::Page;
pub use patch::Patch;
pub use person::{ClusterMetrics, CreatePerson, MergePeople, Person, UpdatePerson};
pub use query::{NameFilter, PeopleSort, UnknownValue};
