//! A dialog for choosing a person: the nearest candidates first, then a
//! name search over every person, then "New person" and "Leave unassigned".

use std::collections::HashMap;
use std::time::Duration;

use gumnut_types::{Candidate, Person, PersonId};
use gumnut_ui_core::person_fields::{closeness_label, photo_count_label};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent, ScrollIntoViewOptions, ScrollLogicalPosition};

use super::person_name::PersonName;
use crate::api::faces::PeopleSearch;
use crate::api::{ApiClient, ApiError};
use crate::session::SessionContext;

/// Pause after the last keystroke before the name search is sent.
const SEARCH_DEBOUNCE: Duration = Duration::from_millis(150);

/// Choice made in a [`PersonPicker`].
#[derive(Debug, Clone, PartialEq)]
pub enum PickerChoice {
    /// An existing person.
    Existing(PickedPerson),
    /// A person to create first, with the typed name (`None` for unnamed).
    NewPerson(Option<String>),
    /// No person: the face stays unassigned.
    Unassigned,
}

/// The chosen existing person, with what an edit description needs.
#[derive(Debug, Clone, PartialEq)]
pub struct PickedPerson {
    /// The person's id.
    pub id: PersonId,
    /// The name, `None` when unnamed.
    pub name: Option<String>,
}

/// One row of the picker's list.
#[derive(Debug, Clone, PartialEq)]
enum PickerOption {
    Person { person: PickedPerson, crop: Option<String>, photos: Option<u64>, distance: Option<f64> },
    LoadMore,
    NewPerson(Option<String>),
    Unassigned,
}

/// The search results loaded so far for the current query.
#[derive(Debug, Clone, Default, PartialEq)]
struct SearchState {
    people: Vec<Person>,
    has_more: bool,
    loading: bool,
    error: Option<ApiError>,
}

/// A modal dialog that picks a person for a face, fully keyboard operable:
/// type to search, arrow keys move, Enter chooses, Esc cancels.
///
/// Names are rendered as text, cut with an ellipsis, with the full name in
/// the tooltip.
#[component]
pub fn PersonPicker(
    /// Heading of the dialog, such as "Who is this?".
    #[prop(into)]
    title: String,
    /// People the server suggests for the face, nearest first; shown first
    /// with a closeness label and the distance in the tooltip.
    #[prop(optional)]
    candidates: Vec<Candidate>,
    /// The face's current person, not offered again.
    #[prop(optional)]
    current: Option<PersonId>,
    /// Offers "New person", created with the typed name.
    #[prop(default = true)]
    allow_new: bool,
    /// Offers "Leave unassigned".
    #[prop(optional)]
    allow_unassigned: bool,
    /// Explains what "Leave unassigned" means, shown under that option.
    #[prop(optional, into)]
    unassigned_note: Option<String>,
    /// Runs with the choice; the caller closes the picker.
    #[prop(into)]
    on_choose: Callback<PickerChoice>,
    /// Runs on Esc, Cancel or a click outside; the caller closes the picker.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let query = RwSignal::new(String::new());
    let search = RwSignal::new(SearchState { loading: true, ..SearchState::default() });
    let generation = StoredValue::new(0_u64);
    let active = RwSignal::new(0_usize);
    let moved_by_user = StoredValue::new(false);
    let chosen_key = StoredValue::new(None::<String>);
    let input_ref = NodeRef::<html::Input>::new();
    let list_ref = NodeRef::<html::Ul>::new();

    let candidate_ids: Vec<PersonId> = candidates
        .iter()
        .filter(|candidate| Some(&candidate.person_id) != current.as_ref())
        .map(|candidate| candidate.person_id.clone())
        .collect();
    let candidate_people = LocalResource::new(move || {
        let client = ApiClient::new(session.0.get_untracked());
        let ids = candidate_ids.clone();
        async move {
            if ids.is_empty() {
                return HashMap::new();
            }
            match client.people_by_ids(&ids).await {
                Ok(people) => people.into_iter().map(|person| (person.id.clone(), person)).collect(),
                Err(error) => {
                    // Candidates still show with their names and distances.
                    log::warn!("could not load the suggested people: {error}");
                    HashMap::new()
                }
            }
        }
    });

    let load_page = move |append: bool| {
        let name = query.get_untracked();
        let cursor = if append { search.with_untracked(|state| state.people.last().map(|person| person.id.clone())) } else { None };
        let this_generation = generation.get_value();
        search.update(|state| {
            state.loading = true;
            state.error = None;
        });
        let client = ApiClient::new(session.0.get_untracked());
        spawn_local(async move {
            let result = client.search_people(&PeopleSearch { name, starting_after_id: cursor }).await;
            // A newer query started meanwhile; its results win.
            if generation.try_get_value() != Some(this_generation) {
                return;
            }
            search.try_update(|state| {
                state.loading = false;
                match result {
                    Ok(page) => {
                        if !append {
                            state.people.clear();
                        }
                        state.people.extend(page.data);
                        state.has_more = page.has_more;
                    }
                    Err(error) => state.error = Some(error),
                }
            });
        });
    };

    // Every query change starts a new generation; the search is sent after
    // a short pause, and only if no newer keystroke came.
    Effect::new(move |_| {
        query.track();
        generation.update_value(|value| *value += 1);
        let this_generation = generation.get_value();
        active.set(0);
        moved_by_user.set_value(false);
        chosen_key.set_value(None);
        set_timeout(
            move || {
                if generation.try_get_value() == Some(this_generation) {
                    load_page(false);
                }
            },
            SEARCH_DEBOUNCE,
        );
    });

    let current_for_options = current.clone();
    let options = Memo::new(move |_| {
        let typed = query.get();
        let needle = typed.trim().to_lowercase();
        let mut options = Vec::new();
        let mut shown: Vec<PersonId> = Vec::new();

        let suggested = candidate_people.get().unwrap_or_default();
        for candidate in &candidates {
            if Some(&candidate.person_id) == current_for_options.as_ref() {
                continue;
            }
            let person = suggested.get(&candidate.person_id);
            let name = person.and_then(|person| person.display_name().map(str::to_owned)).or_else(|| candidate.name.clone());
            let matches = needle.is_empty() || name.as_deref().is_some_and(|name| name.to_lowercase().contains(&needle));
            if !matches {
                continue;
            }
            shown.push(candidate.person_id.clone());
            options.push(PickerOption::Person {
                person: PickedPerson { id: candidate.person_id.clone(), name },
                crop: person.and_then(|person| person.thumbnail_url().map(str::to_owned)),
                photos: person.and_then(|person| person.asset_count),
                distance: Some(candidate.distance),
            });
        }

        search.with(|state| {
            for person in state.people.iter().filter(|person| !shown.contains(&person.id)) {
                options.push(PickerOption::Person {
                    person: PickedPerson { id: person.id.clone(), name: person.display_name().map(str::to_owned) },
                    crop: person.thumbnail_url().map(str::to_owned),
                    photos: person.asset_count,
                    distance: None,
                });
            }
            if state.has_more {
                options.push(PickerOption::LoadMore);
            }
        });
        if allow_new {
            let name = typed.trim();
            options.push(PickerOption::NewPerson((!name.is_empty()).then(|| name.to_owned())));
        }
        if allow_unassigned {
            options.push(PickerOption::Unassigned);
        }
        options
    });

    let choose = Callback::new(move |option: PickerOption| match option {
        PickerOption::Person { person, .. } => on_choose.run(PickerChoice::Existing(person)),
        PickerOption::LoadMore => load_page(true),
        PickerOption::NewPerson(name) => on_choose.run(PickerChoice::NewPerson(name)),
        PickerOption::Unassigned => on_choose.run(PickerChoice::Unassigned),
    });

    let on_keydown = move |event: KeyboardEvent| {
        let count = options.with_untracked(Vec::len);
        match event.key().as_str() {
            "ArrowDown" if count > 0 => {
                event.prevent_default();
                moved_by_user.set_value(true);
                active.update(|index| *index = (*index + 1) % count);
            }
            "ArrowUp" if count > 0 => {
                event.prevent_default();
                moved_by_user.set_value(true);
                active.update(|index| *index = (*index + count - 1) % count);
            }
            "Home" if count > 0 && !is_in_input(&event) => active.set(0),
            "End" if count > 0 && !is_in_input(&event) => active.set(count - 1),
            "Enter" => {
                event.prevent_default();
                let chosen = options.with_untracked(|options| options.get(active.get_untracked()).cloned());
                if let Some(option) = chosen {
                    choose.run(option);
                }
            }
            "Escape" => {
                event.prevent_default();
                // The page's own Esc (cancel drawing) must not fire too.
                event.stop_propagation();
                on_cancel.run(());
            }
            _ => {}
        }
    };

    // Focus the search field on open, and give focus back on close.
    let opener = document().active_element().and_then(|element| element.dyn_into::<HtmlElement>().ok());
    let opener = send_wrapper::SendWrapper::new(opener);
    Effect::new(move |_| {
        if let Some(input) = input_ref.get() {
            let _ = input.focus();
        }
    });
    on_cleanup(move || {
        if let Some(opener) = opener.take() {
            let _ = opener.focus();
        }
    });

    // Once the user has moved to an option, it stays active while results
    // load and shift the list, so Enter chooses what is highlighted.
    Effect::new(move |_| {
        let index = active.get();
        if let Some(key) = chosen_key.get_value() {
            let key_index = options.with_untracked(|options| options.iter().position(|option| option.key() == key));
            if key_index == Some(index) {
                return;
            }
        }
        if moved_by_user.get_value() {
            chosen_key.set_value(options.with_untracked(|options| options.get(index).map(PickerOption::key)));
        }
    });
    Effect::new(move |_| {
        let position = options.with(|options| {
            let key = chosen_key.get_value()?;
            options.iter().position(|option| option.key() == key)
        });
        if let Some(position) = position
            && active.get_untracked() != position
        {
            active.set(position);
        }
    });

    // Keep the active option visible while arrowing through a long list.
    Effect::new(move |_| {
        let index = active.get();
        let Some(list) = list_ref.get() else {
            return;
        };
        let Some(key) = options.with_untracked(|options| options.get(index).map(PickerOption::key)) else {
            return;
        };
        if let Some(option) = list.owner_document().and_then(|document| document.get_element_by_id(&option_dom_id(&key))) {
            let options = ScrollIntoViewOptions::new();
            options.set_block(ScrollLogicalPosition::Nearest);
            option.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });

    let active_descendant =
        move || options.with(|options| options.get(active.get()).map(|option| option_dom_id(&option.key())));
    let unassigned_note = StoredValue::new(unassigned_note);

    view! {
        <div
            class="dialog-backdrop"
            on:click=move |event| {
                // `detail` counts the clicks in a row: the second click of the
                // double click that opened the picker must not close it.
                if event.target() == event.current_target() && event.detail() < 2 {
                    on_cancel.run(());
                }
            }
        >
            <div
                class="dialog person-picker"
                role="dialog"
                aria-modal="true"
                aria-labelledby="person-picker-title"
                data-testid="person-picker"
                on:keydown=on_keydown
            >
                <h2 class="dialog__title" id="person-picker-title">{title}</h2>
                <input
                    class="input person-picker__search"
                    type="search"
                    role="combobox"
                    aria-autocomplete="list"
                    aria-expanded="true"
                    aria-controls="person-picker-list"
                    aria-activedescendant=active_descendant
                    aria-label="Search people by name"
                    placeholder="Search by name"
                    autocomplete="off"
                    spellcheck="false"
                    data-testid="picker-search"
                    node_ref=input_ref
                    prop:value=move || query.get()
                    on:input=move |event| query.set(event_target_value(&event))
                />
                <div class="person-picker__options" id="person-picker-list" role="listbox" aria-label="People">
                    // Search results scroll. The fixed choices below them stay in
                    // place while results arrive, so a click cannot land on a
                    // person who just slid under the pointer.
                    <ul class="person-picker__list" role="group" aria-label="Matching people" node_ref=list_ref>
                        <Show when=move || options.with(|options| options.iter().any(PickerOption::is_suggested))>
                            <li class="picker-section" role="presentation">"Suggested for this face"</li>
                        </Show>
                        <For each=move || options.get().into_iter().filter(PickerOption::is_suggested) key=PickerOption::key let:option>
                            <OptionRow key=option.key() options active choose unassigned_note/>
                        </For>
                        <Show when=move || {
                            options.with(|options| {
                                options.iter().any(PickerOption::is_suggested)
                                    && options.iter().any(|option| !option.is_fixed() && !option.is_suggested())
                            })
                        }>
                            <li class="picker-section" role="presentation">"Everyone"</li>
                        </Show>
                        <For
                            each=move || options.get().into_iter().filter(|option| !option.is_fixed() && !option.is_suggested())
                            key=PickerOption::key
                            let:option
                        >
                            <OptionRow key=option.key() options active choose unassigned_note/>
                        </For>
                    </ul>
                    <ul class="person-picker__fixed" role="group" aria-label="Other choices">
                        <For each=move || options.get().into_iter().filter(PickerOption::is_fixed) key=PickerOption::key let:option>
                            <OptionRow key=option.key() options active choose unassigned_note/>
                        </For>
                    </ul>
                </div>
                <p class="person-picker__status" aria-live="polite">
                    {move || {
                        search.with(|state| {
                            if let Some(error) = &state.error {
                                format!("Search failed: {error}")
                            } else if state.loading {
                                "Searching…".to_owned()
                            } else if state.people.is_empty() && !query.with(String::is_empty) {
                                "No one with that name.".to_owned()
                            } else {
                                String::new()
                            }
                        })
                    }}
                </p>
                <div class="dialog__actions">
                    <span class="dialog__hint">"↑ ↓ to move, Enter to choose, Esc to cancel"</span>
                    <button class="button" data-testid="picker-cancel" on:click=move |_| on_cancel.run(())>
                        "Cancel"
                    </button>
                </div>
            </div>
        </div>
    }
}

fn option_dom_id(key: &str) -> String {
    format!("person-picker-option-{key}")
}

impl PickerOption {
    /// Key for keyed lists and DOM ids; person ids are opaque but contain
    /// no spaces.
    fn key(&self) -> String {
        match self {
            PickerOption::Person { person, .. } => format!("person-{}", person.id),
            PickerOption::LoadMore => "more".to_owned(),
            PickerOption::NewPerson(_) => "new".to_owned(),
            PickerOption::Unassigned => "unassigned".to_owned(),
        }
    }

    /// Checks whether the option is one of the server's suggestions for the face.
    fn is_suggested(&self) -> bool {
        matches!(self, PickerOption::Person { distance: Some(_), .. })
    }

    /// Checks whether the option sits below the scrolling results.
    fn is_fixed(&self) -> bool {
        matches!(self, PickerOption::NewPerson(_) | PickerOption::Unassigned)
    }
}

/// One option, reading its content and position from `options` by key, so
/// it updates in place as results and suggestions load.
#[component]
fn OptionRow(
    key: String,
    options: Memo<Vec<PickerOption>>,
    active: RwSignal<usize>,
    choose: Callback<PickerOption>,
    unassigned_note: StoredValue<Option<String>>,
) -> impl IntoView {
    let lookup_key = key.clone();
    let index = Memo::new(move |_| options.with(|options| options.iter().position(|option| option.key() == lookup_key)));
    let option = move || index.get().and_then(|index| options.with(|options| options.get(index).cloned()));
    let selected = move || index.get().is_some_and(|index| active.get() == index);
    let (test_id, person_id) = match option() {
        Some(option) => (option_test_id(&option), option_person_id(&option)),
        None => ("picker-option", None),
    };

    view! {
        <li
            id=option_dom_id(&key)
            role="option"
            class="picker-option"
            class:picker-option--active=selected
            aria-selected=move || selected().to_string()
            data-testid=test_id
            data-person-id=person_id
            on:pointermove=move |_| {
                if let Some(index) = index.get_untracked()
                    && active.get_untracked() != index
                {
                    active.set(index);
                }
            }
            on:click=move |event| {
                // Nor may that second click choose the option under it.
                if event.detail() >= 2 {
                    return;
                }
                if let Some(option) = option() {
                    choose.run(option);
                }
            }
        >
            {move || option().map(|option| option_body(option, unassigned_note.get_value()))}
        </li>
    }
}

fn is_in_input(event: &KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|element| element.tag_name().eq_ignore_ascii_case("input"))
}

fn option_test_id(option: &PickerOption) -> &'static str {
    match option {
        PickerOption::Person { .. } => "picker-option",
        PickerOption::LoadMore => "picker-load-more",
        PickerOption::NewPerson(_) => "picker-new-person",
        PickerOption::Unassigned => "picker-unassigned",
    }
}

fn option_person_id(option: &PickerOption) -> Option<String> {
    match option {
        PickerOption::Person { person, .. } => Some(person.id.to_string()),
        _ => None,
    }
}

fn option_body(option: PickerOption, unassigned_note: Option<String>) -> AnyView {
    match option {
        PickerOption::Person { person, crop, photos, distance } => {
            let closeness = distance.map(|distance| {
                let title = format!("Cosine distance {distance:.3}; lower is closer");
                view! { <span class="picker-option__closeness" title=title>{closeness_label(distance)}</span> }
            });
            let photos = photos.map(photo_count_label);
            view! {
                <span class="picker-option__crop">
                    {crop.map(|url| view! { <img src=url alt="" loading="lazy"/> })}
                </span>
                <span class="picker-option__text">
                    <PersonName name=person.name class="picker-option__name"/>
                    <span class="picker-option__meta">{photos} {closeness}</span>
                </span>
            }
            .into_any()
        }
        PickerOption::LoadMore => view! {
            <span class="picker-option__icon" aria-hidden="true">"⋯"</span>
            <span class="picker-option__text">"Show more people"</span>
        }
        .into_any(),
        PickerOption::NewPerson(name) => {
            let full_name = name.clone().unwrap_or_default();
            let label = match &name {
                Some(_) => "New person named ".to_owned(),
                None => "New person without a name".to_owned(),
            };
            view! {
                <span class="picker-option__icon" aria-hidden="true">"+"</span>
                <span class="picker-option__text">
                    <span class="picker-option__name truncate" title=full_name>
                        {label}
                        {name.map(|name| view! { <q><bdi>{name}</bdi></q> })}
                    </span>
                </span>
            }
            .into_any()
        }
        PickerOption::Unassigned => view! {
            <span class="picker-option__icon" aria-hidden="true">"∅"</span>
            <span class="picker-option__text">
                <span class="picker-option__name">"Leave unassigned"</span>
                {unassigned_note.map(|note| view! { <span class="picker-option__meta">{note}</span> })}
            </span>
        }
        .into_any(),
    }
}
