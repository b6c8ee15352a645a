use gumnut_types::{Person, PersonId};
use gumnut_ui_core::AppRoute;
use leptos::prelude::*;

use super::person_name::PersonName;

/// One person in a grid: face crop, name and photo count, linking to the
/// person page. Hidden people are dimmed and favorites carry a star. In
/// select mode a click toggles the person in `selection` instead.
#[component]
pub fn PersonCard(
    /// The person to show.
    person: Person,
    /// Whether clicking the card selects it instead of opening the person.
    #[prop(optional, into)]
    select_mode: Signal<bool>,
    /// The selected people; `None` when the grid offers no selection.
    #[prop(optional)]
    selection: Option<RwSignal<Vec<PersonId>>>,
) -> impl IntoView {
    let href = AppRoute::Person(person.id.clone()).href();
    let thumbnail = person.thumbnail_url().map(str::to_owned);
    let photo_count = photo_count_label(person.asset_count);
    let hidden_badge = person.is_hidden.then(|| view! { <span class="badge">"Hidden"</span> });
    let favorite_mark = person
        .is_favorite
        .then(|| view! { <span class="person-card__favorite" title="Favorite" aria-label="Favorite">"★"</span> });

    let id = person.id.clone();
    let selected = Memo::new(move |_| selection.is_some_and(|selection| selection.with(|ids| ids.contains(&id))));
    let is_hidden = person.is_hidden;
    let class = move || {
        let mut class = String::from("person-card");
        if is_hidden {
            class.push_str(" person-card--hidden");
        }
        if selected.get() {
            class.push_str(" person-card--selected");
        }
        class
    };

    let toggle_id = person.id.clone();
    let on_click = move |event: leptos::ev::MouseEvent| {
        let Some(selection) = selection else {
            return;
        };
        if !select_mode.get_untracked() {
            return;
        }
        event.prevent_default();
        selection.update(|ids| match ids.iter().position(|id| *id == toggle_id) {
            Some(index) => {
                ids.remove(index);
            }
            None => ids.push(toggle_id.clone()),
        });
    };

    view! {
        <a
            class=class
            href=href
            data-person-id=person.id.to_string()
            on:click=on_click
            role=move || select_mode.get().then_some("button")
            aria-pressed=move || select_mode.get().then(|| selected.get().to_string())
        >
            <div class="person-card__crop">
                {match thumbnail {
                    Some(url) => view! { <img src=url alt="" loading="lazy" decoding="async"/> }.into_any(),
                    None => view! { <span class="person-card__no-crop" aria-hidden="true">"?"</span> }.into_any(),
                }}
                {favorite_mark}
                <Show when=move || select_mode.get()>
                    <span class="person-card__check" aria-hidden="true">{move || if selected.get() { "✓" } else { "" }}</span>
                </Show>
            </div>
            <div class="person-card__meta">
                <PersonName name=person.display_name().map(str::to_owned) class="person-card__name"/>
                <span class="person-card__count">{photo_count} {hidden_badge}</span>
            </div>
        </a>
    }
}

/// Formats "1 photo" / "N photos", or nothing when the count is unknown.
pub fn photo_count_label(count: Option<u64>) -> String {
    match count {
        Some(1) => "1 photo".to_owned(),
        Some(count) => format!("{count} photos"),
        None => String::new(),
    }
}
