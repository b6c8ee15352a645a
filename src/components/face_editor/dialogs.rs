//! The asset page's dialogs: which is open, and the delete confirmation.

use gumnut_types::FaceId;
use leptos::html;
use leptos::prelude::*;

use super::shown::ShownFace;

/// The dialog open on the asset page.
#[derive(Debug, Clone, PartialEq)]
pub enum FaceDialog {
    /// The person picker for the drawn box.
    PickForDraft,
    /// The person picker for an existing face.
    PickForFace(FaceId),
    /// The delete confirmation for a face.
    ConfirmDelete(FaceId),
}

/// Asks before deleting a face box, and explains that the photo and the person stay.
#[component]
pub fn ConfirmDelete(
    /// The face to delete.
    face: ShownFace,
    /// Deletes the face.
    #[prop(into)]
    on_confirm: Callback<()>,
    /// Closes the dialog.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let who = match &face.person_id {
        Some(_) => format!("{} stays too, with their other photos.", face.person_text()),
        None => "The face is unassigned, so no person is affected.".to_owned(),
    };
    let title = format!("Delete the box of face {}?", face.number);
    // Focus starts on Cancel, the safe choice: a second Enter after the
    // Delete key must not delete the box.
    let cancel_ref = NodeRef::<html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = cancel_ref.get() {
            let _ = button.focus();
        }
    });

    view! {
        <div
            class="dialog-backdrop"
            on:click=move |event| {
                if event.target() == event.current_target() {
                    on_cancel.run(());
                }
            }
        >
            <div
                class="dialog"
                role="alertdialog"
                aria-modal="true"
                aria-labelledby="confirm-delete-title"
                aria-describedby="confirm-delete-text"
                data-testid="confirm-delete"
                on:keydown=move |event| {
                    if event.key() == "Escape" {
                        event.prevent_default();
                        event.stop_propagation();
                        on_cancel.run(());
                    }
                }
            >
                <h2 class="dialog__title" id="confirm-delete-title">{title}</h2>
                <p class="dialog__text" id="confirm-delete-text">
                    "Only the box is removed. The photo stays in the library. " {who}
                    " You can undo this right after."
                </p>
                <div class="dialog__actions">
                    <button class="button" data-testid="confirm-delete-cancel" node_ref=cancel_ref on:click=move |_| on_cancel.run(())>
                        "Cancel"
                    </button>
                    <button
                        class="button button--primary button--danger-fill"
                        data-testid="confirm-delete-ok"
                        on:click=move |_| on_confirm.run(())
                    >
                        "Delete box"
                    </button>
                </div>
            </div>
        </div>
    }
}
