use gumnut_types::Person;
use gumnut_ui_core::journal::{Edit, PersonRef, Seq};
use gumnut_ui_core::person_fields::{Date, age_on, normalize_name, parse_birth_date};
use leptos::html::Input;
use leptos::prelude::*;

use super::person_edits::persist_person_edit;
use crate::components::PersonName;
use crate::components::person_card::photo_count_label;
use crate::edits::EditsContext;

/// The person page's header: cover crop, name edited in place, photo count,
/// birth date with age, and the favorite and hidden toggles. Every change is
/// shown at once and saved through the edit journal, which rolls it back
/// with a message when the server rejects it.
#[component]
pub fn PersonHeader(
    /// The person when the page opened.
    initial: Person,
    /// The person as the server last returned them; shown once it changes.
    #[prop(into)]
    server: Signal<Option<Person>>,
    /// Opens the merge panel.
    #[prop(into)]
    on_merge: Callback<()>,
    /// Opens the delete confirmation.
    #[prop(into)]
    on_delete: Callback<()>,
) -> impl IntoView {
    let edits = EditsContext::expect();
    let current = RwSignal::new(initial);
    // A refetch after any edit, or its rollback, brings the server's copy.
    Effect::new(move |_| {
        if let Some(person) = server.get() {
            current.set(person);
        }
    });

    let run = move |edit: Edit, apply: Box<dyn FnOnce(&mut Person)>| {
        let seq = edits.run(edit, persist_person_edit).ok();
        if seq.is_some() {
            current.update(apply);
        }
        seq
    };

    // The edit each toggle last sent. While it is being saved a further
    // click, such as the second half of a double click, is ignored instead
    // of being refused with a message.
    let favorite_edit = StoredValue::new(None::<Seq>);
    let hidden_edit = StoredValue::new(None::<Seq>);
    let in_flight = move |sent: StoredValue<Option<Seq>>| sent.get_value().is_some_and(|seq| edits.is_pending(seq));

    let toggle_favorite = move |_| {
        if in_flight(favorite_edit) {
            return;
        }
        let person = current.get_untracked();
        let edit = Edit::SetFavorite { person: PersonRef::from_person(&person), from: person.is_favorite, to: !person.is_favorite };
        favorite_edit.set_value(run(edit, Box::new(|person| person.is_favorite = !person.is_favorite)));
    };
    let toggle_hidden = move |_| {
        if in_flight(hidden_edit) {
            return;
        }
        let person = current.get_untracked();
        let edit = Edit::SetHidden { person: PersonRef::from_person(&person), from: person.is_hidden, to: !person.is_hidden };
        hidden_edit.set_value(run(edit, Box::new(|person| person.is_hidden = !person.is_hidden)));
    };

    let save_name = Callback::new(move |name: Option<String>| {
        let person = current.get_untracked();
        if person.name == name {
            return;
        }
        let edit = Edit::Rename { person: person.id.clone(), from: person.name.clone(), to: name.clone() };
        run(edit, Box::new(move |person| person.name = name));
    });
    let save_birth_date = Callback::new(move |birth_date: Option<String>| {
        let person = current.get_untracked();
        if person.birth_date == birth_date {
            return;
        }
        let edit = Edit::SetBirthDate { person: PersonRef::from_person(&person), from: person.birth_date.clone(), to: birth_date.clone() };
        run(edit, Box::new(move |person| person.birth_date = birth_date));
    });

    let crop = move || current.with(|person| person.thumbnail_url().map(str::to_owned));

    view! {
        <header class="person-header" data-testid="person-header">
            <div class="person-header__crop" data-testid="person-cover">
                {move || crop().map(|url| view! { <img src=url alt="Cover photo"/> })}
            </div>
            <div class="person-header__text">
                <NameEditor name=Signal::derive(move || current.with(|person| person.display_name().map(str::to_owned))) on_save=save_name/>
                <p class="person-header__count">
                    {move || current.with(|person| photo_count_label(person.asset_count))}
                    {move || current.with(|person| person.is_hidden).then(|| view! { <span class="badge" data-testid="hidden-badge">"Hidden"</span> })}
                </p>
                <BirthDateEditor birth_date=Signal::derive(move || current.with(|person| person.birth_date.clone())) on_save=save_birth_date/>
            </div>
            <div class="person-header__actions">
                <button
                    type="button"
                    class="button person-header__favorite"
                    class:button--active=move || current.with(|person| person.is_favorite)
                    data-testid="toggle-favorite"
                    aria-pressed=move || current.with(|person| person.is_favorite).to_string()
                    on:click=toggle_favorite
                >
                    {move || if current.with(|person| person.is_favorite) { "★ Favorite" } else { "☆ Favorite" }}
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="toggle-hidden"
                    aria-pressed=move || current.with(|person| person.is_hidden).to_string()
                    title="Hidden people are left out of the people grid unless it shows hidden people"
                    on:click=toggle_hidden
                >
                    {move || if current.with(|person| person.is_hidden) { "Unhide" } else { "Hide" }}
                </button>
                <button type="button" class="button" data-testid="merge-into" on:click=move |_| on_merge.run(())>"Merge people into…"</button>
                <button type="button" class="button button--danger" data-testid="delete-person" on:click=move |_| on_delete.run(())>"Delete…"</button>
            </div>
        </header>
    }
}

/// The name as a heading that turns into a text field. Enter or leaving the
/// field saves, and Escape cancels. The name is trimmed, and an empty name
/// makes the person unnamed. A name over the length limit is rejected with a
/// message and not saved.
#[component]
fn NameEditor(name: Signal<Option<String>>, on_save: Callback<Option<String>>) -> impl IntoView {
    let editing = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let input_ref = NodeRef::<Input>::new();

    // Opening is idempotent: the second click of a double click, or a click
    // while the field is open, only selects the text again.
    let select_all = move |input: &web_sys::HtmlInputElement| {
        let _ = input.focus();
        input.select();
    };
    let open = move || {
        error.set(None);
        if editing.get_untracked() {
            if let Some(input) = input_ref.get_untracked() {
                select_all(&input);
            }
            return;
        }
        editing.set(true);
    };
    // The field takes focus with its whole text selected as soon as it is
    // mounted, so the first keystroke replaces the old name, however fast it
    // comes. The value is set here, not as a property of the view, because
    // setting it after the selection would put the caret at the end.
    Effect::new(move |_| {
        let Some(input) = input_ref.get() else {
            return;
        };
        input.set_value(&name.get_untracked().unwrap_or_default());
        select_all(&input);
    });

    let commit = move || {
        if !editing.get_untracked() {
            return;
        }
        let Some(input) = input_ref.get_untracked() else {
            return;
        };
        match normalize_name(&input.value()) {
            Ok(name) => {
                editing.set(false);
                error.set(None);
                on_save.run(name);
            }
            Err(rejected) => error.set(Some(format!("Not saved: the {rejected}. Shorten it and press Enter."))),
        }
    };
    let on_keydown = move |event: leptos::ev::KeyboardEvent| match event.key().as_str() {
        "Enter" => {
            event.prevent_default();
            commit();
        }
        "Escape" => {
            editing.set(false);
            error.set(None);
        }
        _ => {}
    };

    view! {
        // A double click's second click can land beside the field and close
        // it; the double click then opens it again. Inside the field a double
        // click keeps selecting a word.
        <h1
            class="page__title person-header__name"
            on:dblclick=move |_| {
                if !editing.get_untracked() {
                    open();
                }
            }
        >
            <Show
                when=move || editing.get()
                fallback=move || view! {
                    <button type="button" class="name-button" data-testid="rename" title="Rename" on:click=move |_| open()>
                        <PersonName name=name.get() testid="person-name"/>
                        <span class="name-button__hint" aria-hidden="true">"✎"</span>
                    </button>
                }
            >
                <input
                    class="input input--title"
                    type="text"
                    dir="auto"
                    data-testid="name-input"
                    aria-label="Name"
                    placeholder="Unnamed"
                    node_ref=input_ref
                    on:keydown=on_keydown
                    on:blur=move |_| commit()
                />
            </Show>
        </h1>
        {move || error.get().map(|message| view! { <p class="field-error" role="alert" data-testid="name-error">{message}</p> })}
    }
}

/// The birth date as plain `YYYY-MM-DD` text with the age today. The date is
/// never converted through a time zone: what is typed is what is stored.
#[component]
fn BirthDateEditor(birth_date: Signal<Option<String>>, on_save: Callback<Option<String>>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let input_ref = NodeRef::<Input>::new();

    let commit = move || {
        let Some(input) = input_ref.get_untracked() else {
            return;
        };
        let Some(today) = today() else {
            error.set(Some("Not saved: the browser did not return today's date.".to_owned()));
            return;
        };
        match parse_birth_date(&input.value(), today) {
            Ok(date) => {
                error.set(None);
                on_save.run(date.map(|date| date.to_string()));
            }
            Err(rejected) => error.set(Some(format!("Not saved: {rejected}."))),
        }
    };
    let age = Memo::new(move |_| {
        let date = Date::parse(&birth_date.get()?).ok()?;
        let years = age_on(date, today()?)?;
        Some(if years == 1 { "1 year old".to_owned() } else { format!("{years} years old") })
    });

    view! {
        <div class="birth-date">
            <label class="field field--inline">
                <span class="field__label">"Born"</span>
                <input
                    class="input birth-date__input"
                    type="text"
                    inputmode="numeric"
                    placeholder="YYYY-MM-DD"
                    data-testid="birth-date-input"
                    node_ref=input_ref
                    prop:value=move || birth_date.get().unwrap_or_default()
                    on:change=move |_| commit()
                    on:keydown=move |event: leptos::ev::KeyboardEvent| {
                        if event.key() == "Enter" {
                            commit();
                        }
                    }
                />
            </label>
            {move || age.get().map(|age| view! { <span class="birth-date__age" data-testid="age">{age}</span> })}
            {move || error.get().map(|message| view! { <p class="field-error" role="alert" data-testid="birth-date-error">{message}</p> })}
        </div>
    }
}

/// Today's date on the user's own calendar, which is what an age refers to.
fn today() -> Option<Date> {
    let now = js_sys::Date::new_0();
    let year = i32::try_from(now.get_full_year()).ok()?;
    Date::new(year, now.get_month() + 1, now.get_date())
}
