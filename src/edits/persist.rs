//! Sending one journal edit to the API.

use std::future::Future;
use std::pin::Pin;

use futures::future::join_all;
use gumnut_types::{FaceId, PersonId};
use gumnut_ui_core::batch::DEFAULT_MAX_IN_FLIGHT;
use gumnut_ui_core::journal::{Edit, FaceMove};
use thiserror::Error;

use crate::api::{ApiClient, ApiError};

/// Result of a saved edit that the journal needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditOutcome {
    /// Id of the face a create made, so the create can be undone.
    pub created_face: Option<FaceId>,
}

/// Reason an edit was not saved.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PersistError {
    /// The request failed.
    #[error("{0}")]
    Api(#[from] ApiError),
    /// The persister given for the edit does not handle this kind of edit.
    #[error("saving this kind of edit is not supported here ({0})")]
    Unsupported(&'static str),
}

/// The future a [`Persister`] returns.
pub type PersistFuture = Pin<Box<dyn Future<Output = Result<EditOutcome, PersistError>>>>;

/// Sends an edit, and its inverse when it is undone, to the API.
///
/// A plain function pointer, so it is `Copy` and can be kept with the edit
/// for Undo and Retry. Each part of the app passes the persister for its
/// own kinds of edit.
pub type Persister = fn(ApiClient, Edit) -> PersistFuture;

/// Persists face edits: assign, detach, delete, create, and bulk moves.
pub fn persist_face_edit(client: ApiClient, edit: Edit) -> PersistFuture {
    Box::pin(async move {
        match edit {
            Edit::AssignFace { face, to, .. } => {
                client.set_face_person(&face.id, Some(&to.id)).await?;
                Ok(EditOutcome::default())
            }
            Edit::DetachFace { face, .. } => {
                client.set_face_person(&face.id, None).await?;
                Ok(EditOutcome::default())
            }
            Edit::DeleteFace { face, .. } => {
                client.delete_face(&face.id).await?;
                Ok(EditOutcome::default())
            }
            Edit::CreateFace { asset_id, bounding_box, person, .. } => {
                let person_id = person.as_ref().map(|person| &person.id);
                let face = client.create_face(&asset_id, bounding_box, person_id).await?;
                Ok(EditOutcome { created_face: Some(face.id) })
            }
            Edit::BulkMove { moves, to } => {
                let to = to.map(|person| person.id);
                let assignments = moves.into_iter().map(|face_move| (face_move.face_id, to.clone())).collect();
                move_faces(&client, assignments).await
            }
            Edit::BulkRestore { moves, .. } => {
                let assignments = moves.into_iter().map(|FaceMove { face_id, from }| (face_id, from)).collect();
                move_faces(&client, assignments).await
            }
            Edit::Rename { .. }
            | Edit::SetBirthDate { .. }
            | Edit::SetFavorite { .. }
            | Edit::SetHidden { .. }
            | Edit::SetCover { .. }
            | Edit::Merge { .. }
            | Edit::RecreateMerged { .. } => Err(PersistError::Unsupported("person edit")),
        }
    })
}

/// Assigns each face to its person (`None` detaches), at most
/// `DEFAULT_MAX_IN_FLIGHT` requests at a time.
///
/// Every face is attempted even after a failure, so one bad request does not
/// leave the rest unsent, and the first error is returned. Each assignment
/// is idempotent, so Retry may send the whole batch again.
pub async fn move_faces(
    client: &ApiClient,
    assignments: Vec<(FaceId, Option<PersonId>)>,
) -> Result<EditOutcome, PersistError> {
    let mut first_error = None;
    for chunk in assignments.chunks(DEFAULT_MAX_IN_FLIGHT) {
        let requests = chunk.iter().map(|(face, person)| client.set_face_person(face, person.as_ref()));
        for result in join_all(requests).await {
            if let Err(error) = result
                && first_error.is_none()
            {
                first_error = Some(error);
            }
        }
    }

    match first_error {
        Some(error) => Err(error.into()),
        None => Ok(EditOutcome::default()),
    }
}
