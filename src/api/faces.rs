//! Face edits and the people lookups the face workflows need: create, move,
//! detach and delete a face, list an asset's faces with clustering
//! suggestions, and search or create people for the person picker.

use gumnut_types::{
    AssetId, BoundingBox, CreateFace, CreatePerson, Face, FaceId, NameFilter, Page, PeopleSort, Person, PersonId,
    UpdateFace,
};
use gumnut_types::Patch;
use gumnut_ui_core::encoding::encode_component;
use gumnut_ui_core::query::{MAX_PAGE_LIMIT, Query};

use super::{ApiClient, ApiError};

/// Number of people the picker loads per page.
pub const PICKER_PAGE_LIMIT: u32 = 20;

/// Most people `GET /api/people?ids=` returns in one request.
const MAX_IDS_PER_REQUEST: usize = 200;

/// Options of a people search for the person picker.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeopleSearch {
    /// Case-insensitive part of the name; empty lists everyone.
    pub name: String,
    /// Id of the last person already loaded.
    pub starting_after_id: Option<PersonId>,
}

impl ApiClient {
    /// Creates a manual face box on `asset_id`, assigned to `person_id` when given.
    ///
    /// `POST /api/faces` has no idempotency key, so callers must not retry it
    /// blindly after an ambiguous failure: re-list the asset's faces first.
    pub async fn create_face(
        &self,
        asset_id: &AssetId,
        bounding_box: BoundingBox,
        person_id: Option<&PersonId>,
    ) -> Result<Face, ApiError> {
        let body = CreateFace {
            asset_id: asset_id.clone(),
            bounding_box,
            person_id: person_id.cloned(),
            library_id: None,
        };
        self.post_json("/api/faces", &body).await
    }

    /// Assigns a face to `person_id`, or detaches it (keeping the box) for `None`.
    pub async fn set_face_person(&self, face_id: &FaceId, person_id: Option<&PersonId>) -> Result<Face, ApiError> {
        let body = UpdateFace { person_id: Patch::from_option(person_id.cloned()) };
        self.patch_json(&face_path(face_id), &body).await
    }

    /// Deletes a face box. The asset and the person stay.
    pub async fn delete_face(&self, face_id: &FaceId) -> Result<(), ApiError> {
        self.delete(&face_path(face_id)).await
    }

    /// Lists every face of an asset with its clustering suggestions
    /// (`include=cluster_assignment`), following the pagination to the end.
    pub async fn list_asset_faces(&self, asset_id: &AssetId) -> Result<Vec<Face>, ApiError> {
        let mut faces: Vec<Face> = Vec::new();
        loop {
            let query = Query::new()
                .param("asset_id", asset_id.as_str())
                .include(&["cluster_assignment"])
                .limit(MAX_PAGE_LIMIT)
                .starting_after_id(faces.last().map(|face| face.id.as_str().to_owned()));
            let page: Page<Face> = self.get_json(&query.append_to("/api/faces")).await?;

            let done = !page.has_more || page.data.is_empty();
            faces.extend(page.data);
            if done {
                return Ok(faces);
            }
        }
    }

    /// Searches people by part of their name, sorted by name. An empty name
    /// lists everyone, unnamed people last, so every person is reachable by
    /// loading more pages.
    pub async fn search_people(&self, search: &PeopleSearch) -> Result<Page<Person>, ApiError> {
        let name = search.name.trim();
        let query = Query::new()
            .param("name_filter", NameFilter::All.as_str())
            .param("sort", PeopleSort::NameAsc.as_str())
            .optional("name", (!name.is_empty()).then_some(name))
            .limit(PICKER_PAGE_LIMIT)
            .starting_after_id(search.starting_after_id.as_ref().map(PersonId::as_str));
        self.get_json(&query.append_to("/api/people")).await
    }

    /// Fetches the people with these ids, named or not; missing ids are left out.
    pub async fn people_by_ids(&self, ids: &[PersonId]) -> Result<Vec<Person>, ApiError> {
        let mut people = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(MAX_IDS_PER_REQUEST) {
            let query = Query::new()
                .param("name_filter", NameFilter::All.as_str())
                .repeated("ids", chunk.iter().map(PersonId::as_str))
                .limit(MAX_PAGE_LIMIT);
            let page: Page<Person> = self.get_json(&query.append_to("/api/people")).await?;
            people.extend(page.data);
        }
        Ok(people)
    }

    /// Creates a person with only a name.
    pub async fn create_person(&self, name: Option<&str>) -> Result<Person, ApiError> {
        let body = CreatePerson { name: name.map(str::to_owned), ..CreatePerson::default() };
        self.post_json("/api/people", &body).await
    }
}

fn face_path(face_id: &FaceId) -> String {
    format!("/api/faces/{}", encode_component(face_id.as_str()))
}
