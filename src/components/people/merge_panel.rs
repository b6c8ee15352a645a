use gumnut_types::Person;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::merge_dialog::MergeDialog;
use crate::api::ApiClient;
use crate::components::{PersonName, PersonPicker, PickerChoice};
use crate::session::SessionContext;

/// Collects the people to merge into `target` with the person picker, then
/// opens the merge preview. The target is never offered as a source.
#[component]
pub fn MergePanel(
    /// The person who stays.
    target: Person,
    /// Closes the panel.
    #[prop(into)]
    on_close: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let sources = RwSignal::new(Vec::<Person>::new());
    let picker_open = RwSignal::new(true);
    let preview_open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let target = StoredValue::new(target);

    let on_pick = Callback::new(move |choice: PickerChoice| {
        picker_open.set(false);
        let PickerChoice::Existing(picked) = choice else {
            return;
        };
        let already = sources.with_untracked(|sources| sources.iter().any(|person| person.id == picked.id));
        if already || target.with_value(|target| target.id == picked.id) {
            return;
        }
        let client = ApiClient::from_session(session);
        spawn_local(async move {
            match client.get_person(&picked.id).await {
                Ok(person) => {
                    error.set(None);
                    sources.update(|sources| sources.push(person));
                }
                Err(failure) => error.set(Some(format!("Could not load that person: {failure}"))),
            }
        });
    });

    let count = move || sources.with(Vec::len);
    let everyone = move || {
        let mut people = vec![target.get_value()];
        people.extend(sources.get_untracked());
        people
    };

    view! {
        <section class="merge-panel card" data-testid="merge-panel" aria-label="Merge people into this person">
            <h2 class="dialog__subtitle">
                "Merge into "
                <PersonName name=target.with_value(|target| target.display_name().map(str::to_owned))/>
            </h2>
            <ul class="merge-panel__sources">
                <For
                    each=move || sources.get()
                    key=|person| person.id.clone()
                    children=move |person| {
                        let id = person.id.clone();
                        view! {
                            <li class="chip" data-merge-source=person.id.to_string()>
                                <PersonName name=person.display_name().map(str::to_owned)/>
                                <button
                                    type="button"
                                    class="chip__remove"
                                    aria-label="Remove"
                                    on:click=move |_| sources.update(|sources| sources.retain(|person| person.id != id))
                                >
                                    "×"
                                </button>
                            </li>
                        }
                    }
                />
            </ul>
            {move || error.get().map(|message| view! { <p class="field-error" role="alert">{message}</p> })}
            <div class="toolbar">
                <button
                    type="button"
                    class="button"
                    data-testid="merge-add"
                    disabled=move || count() >= gumnut_ui_core::merge_plan::MAX_MERGE_SOURCES
                    on:click=move |_| picker_open.set(true)
                >
                    "Add person…"
                </button>
                <button
                    type="button"
                    class="button button--primary"
                    data-testid="merge-preview"
                    disabled=move || count() == 0
                    on:click=move |_| preview_open.set(true)
                >
                    "Preview merge"
                </button>
                <button type="button" class="button" on:click=move |_| on_close.run(())>"Cancel"</button>
            </div>
            <Show when=move || picker_open.get()>
                <PersonPicker
                    title="Merge whom into this person?"
                    current=target.with_value(|target| target.id.clone())
                    allow_new=false
                    on_choose=on_pick
                    on_cancel=move |_| picker_open.set(false)
                />
            </Show>
            <Show when=move || preview_open.get()>
                <MergeDialog
                    people=everyone()
                    target=target.with_value(|target| target.id.clone())
                    on_close=move |_| preview_open.set(false)
                />
            </Show>
        </section>
    }
}
