//! People calls: the filtered list, one person, field edits, delete, merge
//! and the person's faces.

use gumnut_types::{CreatePerson, Face, FaceId, MergePeople, NameFilter, Page, PeopleSort, Person, PersonId, UpdatePerson};
use gumnut_ui_core::encoding::encode_component;
use gumnut_ui_core::query::{DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, Query};

use super::{ApiClient, ApiError};

/// Options of `GET /api/people`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeopleListRequest {
    /// Sort order; name sorts must not be combined with `NameFilter::Unnamed`.
    pub sort: PeopleSort,
    /// Case-insensitive part of the name; `None` lists everyone.
    pub name: Option<String>,
    /// Named, unnamed or all people.
    pub names: NameFilter,
    /// Page size, at most `MAX_PAGE_LIMIT`; `None` uses the app default.
    pub limit: Option<u32>,
    /// Id of the last person already loaded.
    pub starting_after_id: Option<PersonId>,
}

/// Result of a merge as the server reported it.
#[derive(Debug, Clone, PartialEq)]
pub enum MergeOutcome {
    /// The target with its new counts.
    Merged(Person),
    /// The server returned 204: the target and sources were all unnamed and
    /// faceless, so the target was deleted too.
    TargetDeleted,
}

impl ApiClient {
    /// Lists one page of people. Hidden people are included, so the caller
    /// decides whether to show them.
    pub async fn list_people(&self, request: &PeopleListRequest) -> Result<Page<Person>, ApiError> {
        let query = Query::new()
            .param("name_filter", request.names.as_str())
            .param("sort", request.sort.as_str())
            .optional("name", request.name.as_deref())
            .limit(request.limit.unwrap_or(DEFAULT_PAGE_LIMIT).min(MAX_PAGE_LIMIT))
            .starting_after_id(request.starting_after_id.as_ref().map(PersonId::as_str));
        self.get_json(&query.append_to("/api/people")).await
    }

    /// Fetches one person.
    pub async fn get_person(&self, id: &PersonId) -> Result<Person, ApiError> {
        self.get_json(&person_path(id)).await
    }

    /// Changes the fields set in `update` and returns the updated person.
    pub async fn update_person(&self, id: &PersonId, update: &UpdatePerson) -> Result<Person, ApiError> {
        self.patch_json(&person_path(id), update).await
    }

    /// Creates a person with every field of `fields`, as the undo of a merge
    /// needs.
    pub async fn create_person_with(&self, fields: &CreatePerson) -> Result<Person, ApiError> {
        self.post_json("/api/people", fields).await
    }

    /// Deletes a person. Their faces stay and become unassigned.
    pub async fn delete_person(&self, id: &PersonId) -> Result<(), ApiError> {
        self.delete(&person_path(id)).await
    }

    /// Merges `sources` into `target`: the server moves their faces to the
    /// target and deletes them.
    ///
    /// The server returns 200 with the target, or 204 with no body when the
    /// target was deleted as well. A 2xx body that does not decode is
    /// resolved by fetching the target, so success is reported only for a
    /// state the server confirms.
    pub async fn merge_people(&self, target: &PersonId, sources: &[PersonId]) -> Result<MergeOutcome, ApiError> {
        let path = format!("{}/merge", person_path(target));
        let body = MergePeople { source_person_ids: sources.to_vec() };
        match self.post_json::<_, Person>(&path, &body).await {
            Ok(person) => Ok(MergeOutcome::Merged(person)),
            Err(ApiError::Decode(_)) => match self.get_person(target).await {
                Ok(person) => Ok(MergeOutcome::Merged(person)),
                Err(error) if error.is_not_found() => Ok(MergeOutcome::TargetDeleted),
                Err(error) => Err(error),
            },
            Err(error) => Err(error),
        }
    }

    /// Lists one page of a person's faces, newest first.
    pub async fn list_person_faces(
        &self,
        person_id: &PersonId,
        starting_after_id: Option<&FaceId>,
    ) -> Result<Page<Face>, ApiError> {
        let query = Query::new()
            .param("person_id", person_id.as_str())
            .limit(DEFAULT_PAGE_LIMIT)
            .starting_after_id(starting_after_id.map(FaceId::as_str));
        self.get_json(&query.append_to("/api/faces")).await
    }

    /// Lists the ids of every face of a person, following the pagination to
    /// the end, to record what a merge or delete will move.
    pub async fn all_person_face_ids(&self, person_id: &PersonId) -> Result<Vec<FaceId>, ApiError> {
        let mut ids: Vec<FaceId> = Vec::new();
        loop {
            let query = Query::new()
                .param("person_id", person_id.as_str())
                .limit(MAX_PAGE_LIMIT)
                .starting_after_id(ids.last().map(FaceId::as_str));
            let page: Page<Face> = self.get_json(&query.append_to("/api/faces")).await?;

            let done = !page.has_more || page.data.is_empty();
            ids.extend(page.data.into_iter().map(|face| face.id));
            if done {
                return Ok(ids);
            }
        }
    }
}

fn person_path(id: &PersonId) -> String {
    format!("/api/people/{}", encode_component(id.as_str()))
}
