//! The session history panel: every edit made in this tab, newest first.

use gumnut_ui_core::journal::{EditState, JournalEntry};
use leptos::prelude::*;

use super::EditsContext;

/// Lists the session's edits, newest first, with each one's state and an
/// Undo button where it can still be undone. `filter` picks the edits a page
/// shows, such as those on its asset.
#[component]
pub fn EditHistory(
    /// Keeps the edits this page made; all edits when absent.
    #[prop(optional, into)]
    filter: Option<Callback<JournalEntry, bool>>,
) -> impl IntoView {
    let edits = EditsContext::expect();
    let rows = move || {
        edits.with_journal(|journal| {
            journal
                .history()
                .filter(|entry| filter.is_none_or(|filter| filter.run((*entry).clone())))
                .map(|entry| {
                    let undoable = journal.check_undoable(entry.seq).is_ok();
                    (entry.seq, entry.description(), state_label(&entry.state, entry.undoes.is_some()), undoable)
                })
                .collect::<Vec<_>>()
        })
    };

    view! {
        <details class="edit-history" data-testid="edit-history">
            <summary>"Edits this session " <span class="count">{move || rows().len()}</span></summary>
            <Show
                when=move || !rows().is_empty()
                fallback=|| view! { <p class="edit-history__empty">"No edits yet."</p> }
            >
                <ol class="edit-history__list">
                    {move || {
                        rows()
                            .into_iter()
                            .map(|(seq, description, state, undoable)| {
                                view! {
                                    <li class="edit-history__item">
                                        <span class="edit-history__text">{description}</span>
                                        <span class="edit-history__state">{state}</span>
                                        {undoable.then(|| view! {
                                            <button class="button button--small" on:click=move |_| edits.undo(seq)>
                                                "Undo"
                                            </button>
                                        })}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ol>
            </Show>
        </details>
    }
}

fn state_label(state: &EditState, is_undo: bool) -> String {
    match state {
        EditState::Pending => "saving…".to_owned(),
        EditState::Persisted if is_undo => "undo saved".to_owned(),
        EditState::Persisted => "saved".to_owned(),
        EditState::Failed(reason) => format!("failed: {reason}"),
        EditState::RolledBack => "not saved".to_owned(),
        EditState::Undone => "undone".to_owned(),
    }
}
