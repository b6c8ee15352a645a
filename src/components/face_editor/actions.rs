//! The face actions (reassign, detach, delete) and the edits behind them.

use gumnut_types::{AssetId, BoundingBox, FaceId};
use gumnut_ui_core::journal::{Edit, FaceSnapshot, PersonRef};
use leptos::prelude::*;

use super::shown::ShownFace;
use crate::edits::{EditsContext, persist_face_edit};

/// Buttons for one face: Reassign, Detach and Delete, with their shortcuts
/// in the tooltips. Disabled while the face is being saved.
#[component]
pub fn FaceActions(
    /// The face the buttons act on.
    face: ShownFace,
    /// Opens the person picker for the face.
    #[prop(into)]
    on_reassign: Callback<FaceId>,
    /// Detaches the face from its person.
    #[prop(into)]
    on_detach: Callback<FaceId>,
    /// Asks to delete the face.
    #[prop(into)]
    on_delete: Callback<FaceId>,
) -> impl IntoView {
    let Some(id) = face.id.clone() else {
        return view! { <p class="face-actions face-actions--saving">"Saving…"</p> }.into_any();
    };
    let busy = face.pending.is_some();
    let assigned = face.person_id.is_some();
    let reassign_label = if assigned { "Reassign…" } else { "Assign…" };
    let (reassign_id, detach_id, delete_id) = (id.clone(), id.clone(), id);

    view! {
        <div class="face-actions" role="group" aria-label="Face actions">
            <button
                class="button button--small"
                data-testid="face-reassign"
                title="Choose who this is (Enter)"
                disabled=busy
                on:click=move |event| {
                    event.stop_propagation();
                    on_reassign.run(reassign_id.clone());
                }
            >
                {reassign_label}
            </button>
            <button
                class="button button--small"
                data-testid="face-detach"
                title="Remove the person from this face and keep the box (D)"
                disabled=busy || !assigned
                on:click=move |event| {
                    event.stop_propagation();
                    on_detach.run(detach_id.clone());
                }
            >
                "Detach"
            </button>
            <button
                class="button button--small button--danger"
                data-testid="face-delete"
                title="Delete this face box (Delete)"
                disabled=busy
                on:click=move |event| {
                    event.stop_propagation();
                    on_delete.run(delete_id.clone());
                }
            >
                "Delete"
            </button>
        </div>
    }
    .into_any()
}

/// Assigns `face` to `to`, or does nothing when it already shows that person.
pub fn assign_face(edits: EditsContext, face: &ShownFace, to: PersonRef, failure_note: Option<String>) {
    let Some(face_ref) = face.face_ref() else {
        return;
    };
    if face.person_id.as_ref() == Some(&to.id) {
        edits.show_info(format!("Face {} already shows {}.", face.number, to.label()));
        return;
    }
    let edit = Edit::AssignFace { face: face_ref, from: face.person_ref(), to };
    // A rejected edit was already reported in a toast.
    let _ = edits.run_with_note(edit, persist_face_edit, failure_note);
}

/// Detaches `face` from its person and keeps the box.
pub fn detach_face(edits: EditsContext, face: &ShownFace) {
    let (Some(face_ref), Some(from)) = (face.face_ref(), face.person_ref()) else {
        edits.show_info(format!("Face {} is already unassigned.", face.number));
        return;
    };
    let _ = edits.run(Edit::DetachFace { face: face_ref, from }, persist_face_edit);
}

/// Deletes `face`'s box, keeping a copy so Undo can re-create it.
pub fn delete_face(edits: EditsContext, asset_id: &AssetId, face: &ShownFace) {
    let Some(face_ref) = face.face_ref() else {
        return;
    };
    let snapshot = FaceSnapshot {
        asset_id: asset_id.clone(),
        bounding_box: face.bounding_box,
        person: face.person_ref(),
        source: face.source,
    };
    let _ = edits.run(Edit::DeleteFace { face: face_ref, snapshot }, persist_face_edit);
}

/// Creates a manual face with `bounding_box` on the asset, for `person` or unassigned.
pub fn create_face(
    edits: EditsContext,
    asset_id: &AssetId,
    bounding_box: BoundingBox,
    person: Option<PersonRef>,
    failure_note: Option<String>,
) -> bool {
    let edit = Edit::CreateFace { face_id: None, asset_id: asset_id.clone(), bounding_box, person, restores: None };
    edits.run_with_note(edit, persist_face_edit, failure_note).is_ok()
}
