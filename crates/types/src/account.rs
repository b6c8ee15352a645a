//! The signed-in user and their libraries.

use serde::{Deserialize, Serialize};

use crate::{LibraryId, UserId};

/// `GET /api/users/me`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
    #[serde(default)]
    pub timezone: Option<String>,
    #[serde(default)]
    pub is_active: bool,
    #[serde(default)]
    pub is_superuser: bool,
    #[serde(default)]
    pub is_verified: bool,
    #[serde(default)]
    pub storage_limit_bytes: Option<u64>,
    #[serde(default)]
    pub storage_used_bytes: Option<u64>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// One entry of `GET /api/libraries`, which returns a bare array.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Library {
    pub id: LibraryId,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub asset_count: u64,
    #[serde(default)]
    pub storage_used_bytes: u64,
    #[serde(default)]
    pub storage_limit_bytes: Option<u64>,
    #[serde(default)]
    pub user_id: Option<UserId>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}
