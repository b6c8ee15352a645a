use gumnut_types::{Person, PersonId};
use gumnut_ui_core::AppRoute;
use gumnut_ui_core::journal::{Edit, PersonRef};
use gumnut_ui_core::merge_plan::{MergePreview, MergedSource};
use gumnut_ui_core::person_fields::person_label;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::person_edits::persist_person_edit;
use crate::api::{ApiClient, ApiError, MergeOutcome};
use crate::components::PersonName;
use crate::components::person_card::photo_count_label;
use crate::edits::EditsContext;
use crate::session::SessionContext;

/// State of the merge request.
#[derive(Debug, Clone, PartialEq)]
enum MergeStatus {
    /// Waiting for the user to confirm.
    Preview,
    /// Recording the sources or waiting for the server.
    Working(&'static str),
    /// The merge failed; nothing is reported as merged.
    Failed(String),
}

/// The merge confirmation: pick the person who stays (unless `target` is
/// fixed), see each source's crop, name and photo count and what the result
/// keeps, then confirm. Success is reported only once the server confirms;
/// the app then opens the target and offers Undo.
#[component]
pub fn MergeDialog(
    /// Everyone involved: the target and the people merged into it.
    people: Vec<Person>,
    /// The person who stays; `None` lets the user choose among `people`.
    #[prop(optional)]
    target: Option<PersonId>,
    /// Closes the dialog without merging, or after the merge.
    #[prop(into)]
    on_close: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let edits = EditsContext::expect();
    let navigate = use_navigate();

    let choose_target = target.is_none();
    let initial_target = target.or_else(|| people.first().map(|person| person.id.clone()));
    let target_id = RwSignal::new(initial_target);
    let people = StoredValue::new(people);
    let status = RwSignal::new(MergeStatus::Preview);

    let split = move || {
        let target = target_id.get()?;
        people.with_value(|people| {
            let target_person = people.iter().find(|person| person.id == target)?.clone();
            let sources: Vec<Person> = people.iter().filter(|person| person.id != target).cloned().collect();
            Some((target_person, sources))
        })
    };
    let preview = Memo::new(move |_| split().map(|(target, sources)| MergePreview::new(&target, &sources).map_err(|error| error.to_string())));

    let confirm = move |_| {
        let Some((target, sources)) = split() else {
            return;
        };
        if !matches!(preview.get_untracked(), Some(Ok(_))) {
            return;
        }
        let client = ApiClient::from_session(session);
        let navigate = navigate.clone();
        status.set(MergeStatus::Working("Recording each person's faces for undo…"));
        spawn_local(async move {
            match run_merge(&client, &target, &sources, status).await {
                Ok((MergeOutcome::Merged(merged), records)) => {
                    let edit = Edit::Merge { target: PersonRef::from_person(&merged), sources: records };
                    // The merge is saved; a journal refusal only loses the Undo.
                    let _ = edits.record_persisted(edit, persist_person_edit);
                    // Leaving the page may dispose the dialog's owner first.
                    navigate(&AppRoute::Person(merged.id).href(), Default::default());
                    on_close.try_run(());
                }
                Ok((MergeOutcome::TargetDeleted, _)) => {
                    edits.show_info("The merged people had no faces and no names, so the server removed them all.".to_owned());
                    edits.bump_revision();
                    navigate(&AppRoute::people().href(), Default::default());
                    on_close.try_run(());
                }
                Err(error) => {
                    status.try_set(MergeStatus::Failed(error.to_string()));
                }
            }
        });
    };

    // Keyboard users start inside the dialog, on the button that confirms.
    let confirm_ref = NodeRef::<leptos::html::Button>::new();
    request_animation_frame(move || {
        if let Some(button) = confirm_ref.get_untracked() {
            let _ = button.focus();
        }
    });

    let working = move || matches!(status.get(), MergeStatus::Working(_));
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" && !working() {
            on_close.run(());
        }
    };

    view! {
        <div class="dialog-backdrop">
            <div
                class="dialog merge-dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="merge-title"
                data-testid="merge-dialog"
                on:keydown=on_keydown
            >
                <h2 class="dialog__title" id="merge-title">{move || merge_title(&preview.get(), people)}</h2>
                <Show when=move || choose_target>
                    <fieldset class="merge-dialog__targets">
                        <legend>"Keep this person"</legend>
                        {people.get_value().into_iter().map(|person| {
                            let id = person.id.clone();
                            let checked_id = id.clone();
                            let attribute = id.to_string();
                            view! {
                                <label class="merge-target" data-merge-target=attribute>
                                    <input
                                        type="radio"
                                        name="merge-target"
                                        prop:checked=move || target_id.get().as_ref() == Some(&checked_id)
                                        on:change=move |_| target_id.set(Some(id.clone()))
                                    />
                                    <PersonThumb person/>
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                </Show>
                {move || match preview.get() {
                    Some(Ok(preview)) => view! { <PreviewBody preview people=people.get_value()/> }.into_any(),
                    Some(Err(message)) => view! { <p class="dialog__error" role="alert">{message}</p> }.into_any(),
                    None => view! { <p class="dialog__error" role="alert">"Choose the person to keep."</p> }.into_any(),
                }}
                <p class="dialog__note">
                    "Merging deletes the other people for good and moves their faces to the person kept. "
                    "You can undo it during this session: undo re-creates them with new ids."
                </p>
                {move || match status.get() {
                    MergeStatus::Working(step) => view! { <p class="dialog__progress" role="status">{step}</p> }.into_any(),
                    MergeStatus::Failed(message) => view! {
                        <p class="dialog__error" role="alert" data-testid="merge-error">"Not merged: " {message}</p>
                    }.into_any(),
                    MergeStatus::Preview => ().into_any(),
                }}
                <div class="dialog__actions">
                    <button type="button" class="button" disabled=working on:click=move |_| on_close.run(())>"Cancel"</button>
                    <button
                        type="button"
                        class="button button--primary"
                        data-testid="merge-confirm"
                        node_ref=confirm_ref
                        disabled=move || working() || !matches!(preview.get(), Some(Ok(_)))
                        on:click=confirm
                    >
                        "Merge"
                    </button>
                </div>
            </div>
        </div>
    }
}

/// Records every source's fields and face ids for undo, then sends the
/// merge. Nothing is merged when recording fails.
async fn run_merge(
    client: &ApiClient,
    target: &Person,
    sources: &[Person],
    status: RwSignal<MergeStatus>,
) -> Result<(MergeOutcome, Vec<MergedSource>), ApiError> {
    let mut records = Vec::with_capacity(sources.len());
    for source in sources {
        let face_ids = client.all_person_face_ids(&source.id).await?;
        records.push(MergedSource::record(source, face_ids));
    }

    status.try_set(MergeStatus::Working("Merging…"));
    let ids: Vec<PersonId> = sources.iter().map(|source| source.id.clone()).collect();
    let outcome = client.merge_people(&target.id, &ids).await?;
    Ok((outcome, records))
}

fn merge_title(preview: &Option<Result<MergePreview, String>>, people: StoredValue<Vec<Person>>) -> String {
    let Some(Ok(preview)) = preview else {
        return "Merge people".to_owned();
    };
    let count = preview.sources.len();
    let noun = if count == 1 { "person" } else { "people" };
    let target = people.with_value(|people| {
        people
            .iter()
            .find(|person| person.id == preview.target)
            .map(|person| person_label(person.display_name()).into_owned())
            .unwrap_or_default()
    });
    format!("Merge {count} {noun} into {target}")
}

/// The sources with their crops and photo counts, what the merged person
/// keeps, and what is discarded.
#[component]
fn PreviewBody(preview: MergePreview, people: Vec<Person>) -> impl IntoView {
    let find = |id: &PersonId| people.iter().find(|person| person.id == *id).cloned();
    let target = find(&preview.target);
    let sources: Vec<Person> = preview.sources.iter().filter_map(find).collect();
    let cover = target.as_ref().and_then(|person| person.thumbnail_url().map(str::to_owned));
    let name = preview.name.clone();
    let birth_date = preview.birth_date.clone().unwrap_or_else(|| "none".to_owned());
    let warning = preview.unnamed_target_drops_name().then(|| {
        view! {
            <p class="dialog__warning" role="alert">
                "The person kept is unnamed, so the merged person will have no name. Choose a named person to keep their name."
            </p>
        }
    });
    let lost: Vec<String> = preview.lost.iter().map(|lost| lost.description.clone()).collect();
    let lost_list = (!lost.is_empty()).then(|| {
        view! {
            <div class="merge-dialog__lost">
                <h3 class="dialog__subtitle">"Discarded"</h3>
                <ul>{lost.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}</ul>
            </div>
        }
    });

    view! {
        <div class="merge-dialog__body">
            <div class="merge-dialog__sources">
                <h3 class="dialog__subtitle">"Merged in and deleted"</h3>
                <ul class="merge-dialog__people" data-testid="merge-sources">
                    {sources.into_iter().map(|person| {
                        let attribute = person.id.to_string();
                        view! { <li data-merge-source=attribute><PersonThumb person/></li> }
                    }).collect_view()}
                </ul>
            </div>
            <div class="merge-dialog__result" data-testid="merge-result">
                <h3 class="dialog__subtitle">"The result keeps"</h3>
                <div class="merge-dialog__keeps">
                    <div class="person-thumb__crop person-thumb__crop--large">
                        {cover.map(|url| view! { <img src=url alt="Cover"/> })}
                    </div>
                    <dl class="merge-dialog__fields">
                        <dt>"Name"</dt>
                        <dd><PersonName name/></dd>
                        <dt>"Birth date"</dt>
                        <dd>{birth_date}</dd>
                        <dt>"Cover"</dt>
                        <dd>{if preview.thumbnail_face_id.is_some() { "the kept person's cover" } else { "chosen by the server" }}</dd>
                    </dl>
                </div>
            </div>
            {warning}
            {lost_list}
        </div>
    }
}

/// A small face crop with the name and photo count.
#[component]
fn PersonThumb(person: Person) -> impl IntoView {
    let crop = person.thumbnail_url().map(str::to_owned);
    let count = photo_count_label(person.asset_count);
    view! {
        <span class="person-thumb">
            <span class="person-thumb__crop">
                {match crop {
                    Some(url) => view! { <img src=url alt="" loading="lazy"/> }.into_any(),
                    None => view! { <span aria-hidden="true">"?"</span> }.into_any(),
                }}
            </span>
            <span class="person-thumb__text">
                <PersonName name=person.display_name().map(str::to_owned) class="person-thumb__name"/>
                <span class="person-thumb__count">{count}</span>
            </span>
        </span>
    }
}
