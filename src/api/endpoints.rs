//! One typed function per API call the app makes.

use gumnut_types::{Asset, AssetId, Page, PersonId, User};
use gumnut_ui_core::encoding::encode_component;
use gumnut_ui_core::query::{DEFAULT_PAGE_LIMIT, Query};

use super::{ApiClient, ApiError};

/// Options of `GET /api/assets`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssetListRequest {
    /// Only assets that show all of these people.
    pub person_ids: Vec<PersonId>,
    /// Id of the last asset already loaded.
    pub starting_after_id: Option<AssetId>,
}

impl ApiClient {
    /// Lists assets newest first, with their faces.
    pub async fn list_assets(&self, request: &AssetListRequest) -> Result<Page<Asset>, ApiError> {
        let query = Query::new()
            .repeated("person_ids", request.person_ids.iter().map(PersonId::as_str))
            .include(&["faces"])
            .limit(DEFAULT_PAGE_LIMIT)
            .starting_after_id(request.starting_after_id.as_ref().map(AssetId::as_str));
        self.get_json(&query.append_to("/api/assets")).await
    }

    /// Fetches one asset with its faces, the people on it and its larger
    /// variants.
    pub async fn get_asset(&self, id: &AssetId) -> Result<Asset, ApiError> {
        let path = format!("/api/assets/{}", encode_component(id.as_str()));
        let query = Query::new().include(&["faces", "people", "variants"]);
        self.get_json(&query.append_to(&path)).await
    }

    /// Fetches the signed-in user, which checks that the key works.
    pub async fn current_user(&self) -> Result<User, ApiError> {
        self.get_json("/api/users/me").await
    }
}
