//! Sending one journal edit to the API.

use std::future::Future;
use std::pin::Pin;

use gumnut_types::FaceId;
use gumnut_ui_core::journal::Edit;
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
            // NOTE: a bulk move stops at the first failed face, and the faces
            // moved before it stay moved while the page rolls the whole edit back.
            Edit::BulkMove { moves, to } => {
                let to = to.map(|to| to.id);
                for face_move in moves {
                    client.set_face_person(&face_move.face_id, to.as_ref()).await?;
                }
                Ok(EditOutcome::default())
            }
            Edit::BulkRestore { moves, .. } => {
                for face_move in moves {
                    client.set_face_person(&face_move.face_id, face_move.from.as_ref()).await?;
                }
                Ok(EditOutcome::default())
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
