//! Sending person edits, merges and bulk face moves, and their undos, to
//! the API.

use gumnut_types::{CreatePerson, Patch, PersonId, UpdatePerson};
use gumnut_ui_core::journal::{Edit, FaceMove};
use gumnut_ui_core::merge_plan::MergedSource;

use crate::api::{ApiClient, ApiError};
use crate::edits::{EditOutcome, PersistError, PersistFuture, move_faces};

/// Persists person edits: the field edits, merge undo and bulk moves.
///
/// A merge itself is sent by the merge dialog, which reports success only
/// when the server confirms it and then records it as already saved. This
/// persister sends a merge again only when it is retried.
pub fn persist_person_edit(client: ApiClient, edit: Edit) -> PersistFuture {
    Box::pin(async move {
        match edit {
            Edit::Rename { person, to, .. } => {
                update(&client, &person, UpdatePerson { name: Patch::from_option(to), ..UpdatePerson::default() }).await
            }
            Edit::SetBirthDate { person, to, .. } => {
                let update_fields = UpdatePerson { birth_date: Patch::from_option(to), ..UpdatePerson::default() };
                update(&client, &person.id, update_fields).await
            }
            Edit::SetFavorite { person, to, .. } => {
                update(&client, &person.id, UpdatePerson { is_favorite: Some(to), ..UpdatePerson::default() }).await
            }
            Edit::SetHidden { person, to, .. } => {
                update(&client, &person.id, UpdatePerson { is_hidden: Some(to), ..UpdatePerson::default() }).await
            }
            Edit::SetCover { person, to, .. } => {
                let update_fields = UpdatePerson { thumbnail_face_id: Patch::from_option(to), ..UpdatePerson::default() };
                update(&client, &person.id, update_fields).await
            }
            Edit::Merge { target, sources } => {
                let ids: Vec<PersonId> = sources.iter().map(|source| source.person_id.clone()).collect();
                client.merge_people(&target.id, &ids).await?;
                Ok(EditOutcome::default())
            }
            Edit::RecreateMerged { sources, .. } => {
                for source in &sources {
                    recreate(&client, source).await?;
                }
                Ok(EditOutcome::default())
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
            Edit::AssignFace { .. } | Edit::DetachFace { .. } | Edit::DeleteFace { .. } | Edit::CreateFace { .. } => {
                Err(PersistError::Unsupported("face edit"))
            }
        }
    })
}

async fn update(client: &ApiClient, person: &PersonId, fields: UpdatePerson) -> Result<EditOutcome, PersistError> {
    client.update_person(person, &fields).await?;
    Ok(EditOutcome::default())
}

/// Re-creates a merged person under a new id and moves their faces back,
/// then restores the cover once the cover face is theirs again.
async fn recreate(client: &ApiClient, source: &MergedSource) -> Result<(), ApiError> {
    let fields = CreatePerson {
        name: source.name.clone(),
        birth_date: source.birth_date.clone(),
        is_favorite: Some(source.is_favorite),
        is_hidden: Some(source.is_hidden),
        ..CreatePerson::default()
    };
    let person = client.create_person_with(&fields).await?;

    let assignments = source.face_ids.iter().map(|face| (face.clone(), Some(person.id.clone()))).collect();
    move_faces(client, assignments).await.map_err(|error| match error {
        PersistError::Api(error) => error,
        PersistError::Unsupported(what) => ApiError::Decode(what.to_owned()),
    })?;

    if let Some(cover) = &source.thumbnail_face_id {
        let fields = UpdatePerson { thumbnail_face_id: Patch::Set(cover.clone()), ..UpdatePerson::default() };
        client.update_person(&person.id, &fields).await?;
    }
    Ok(())
}

