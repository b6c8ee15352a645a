use gumnut_types::Person;
use gumnut_ui_core::AppRoute;
use gumnut_ui_core::person_fields::person_label;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::api::ApiClient;
use crate::edits::EditsContext;
use crate::session::SessionContext;

/// Confirms deleting a person, saying that their faces stay on the photos
/// and become unassigned, then deletes them and returns to the people grid.
#[component]
pub fn DeletePersonDialog(
    /// The person to delete.
    person: Person,
    /// Closes the dialog.
    #[prop(into)]
    on_close: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let edits = EditsContext::expect();
    let navigate = use_navigate();
    let working = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let label = person_label(person.display_name()).into_owned();
    let id = person.id.clone();

    let title = format!("Delete {label}?");
    let confirm = move |_| {
        let client = ApiClient::from_session(session);
        let id = id.clone();
        let label = label.clone();
        let navigate = navigate.clone();
        working.set(true);
        error.set(None);
        spawn_local(async move {
            match client.delete_person(&id).await {
                Ok(()) => {
                    edits.show_info(format!("Deleted {label}. Their faces are unassigned."));
                    edits.bump_revision();
                    navigate(&AppRoute::people().href(), Default::default());
                    on_close.try_run(());
                }
                Err(failure) => {
                    working.try_set(false);
                    error.try_set(Some(format!("Not deleted: {failure}")));
                }
            }
        });
    };
    // Focus starts on Cancel, the safe choice, so Escape and Enter work at once.
    let cancel_ref = NodeRef::<leptos::html::Button>::new();
    request_animation_frame(move || {
        if let Some(button) = cancel_ref.get_untracked() {
            let _ = button.focus();
        }
    });
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" && !working.get_untracked() {
            on_close.run(());
        }
    };

    view! {
        <div class="dialog-backdrop">
            <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="delete-title" data-testid="delete-dialog" on:keydown=on_keydown>
                <h2 class="dialog__title" id="delete-title">{title}</h2>
                <p>
                    "Their faces stay on the photos and become unassigned, so they can be given to someone else later. "
                    "The person record itself cannot be restored."
                </p>
                {move || error.get().map(|message| view! { <p class="dialog__error" role="alert">{message}</p> })}
                <div class="dialog__actions">
                    <button type="button" class="button" node_ref=cancel_ref disabled=move || working.get() on:click=move |_| on_close.run(())>
                        "Cancel"
                    </button>
                    <button type="button" class="button button--danger" data-testid="delete-confirm" disabled=move || working.get() on:click=confirm>
                        {move || if working.get() { "Deleting…" } else { "Delete" }}
                    </button>
                </div>
            </div>
        </div>
    }
}
