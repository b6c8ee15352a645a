//! Newtype ids, so an asset id cannot be passed where a person id is expected.
//!
//! Ids are opaque strings such as `asset_EVDYwYYmiDoCVZiZnA5k5w`: a prefix,
//! an underscore and 22 characters of the shortuuid alphabet. Clients never
//! parse them; the prefix constants exist for the server, which mints them.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// Prefix that ids of this kind start with.
            pub const PREFIX: &'static str = $prefix;

            /// Wraps an id string as it came from the API or a URL.
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            /// The id as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }
    };
}

id_type!(
    /// Id of an asset (a photo or video), `asset_…`.
    AssetId,
    "asset_"
);
id_type!(
    /// Id of a face box on one asset, `face_…`.
    FaceId,
    "face_"
);
id_type!(
    /// Id of a person, a grouped identity in a library, `person_…`.
    PersonId,
    "person_"
);
id_type!(
    /// Id of a library, `lib_…`.
    LibraryId,
    "lib_"
);
id_type!(
    /// Id of a user account, `intuser_…`.
    UserId,
    "intuser_"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_serializes_as_plain_string() {
        let id = PersonId::new("person_abc");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"person_abc\"");
    }

    #[test]
    fn id_deserializes_from_plain_string() {
        let id: FaceId = serde_json::from_str("\"face_xyz\"").unwrap();
        assert_eq!(id.as_str(), "face_xyz");
        assert_eq!(id.to_string(), "face_xyz");
    }
}
