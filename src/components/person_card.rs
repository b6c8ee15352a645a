use gumnut_types::Person;
use gumnut_ui_core::AppRoute;
use leptos::prelude::*;

use super::person_name::PersonName;

/// One person in a grid: face crop, name and photo count, linking to the
/// person page. Hidden people are dimmed.
#[component]
pub fn PersonCard(
    /// The person to show.
    person: Person,
) -> impl IntoView {
    let href = AppRoute::Person(person.id.clone()).href();
    let thumbnail = person.thumbnail_url().map(str::to_owned);
    let photo_count = photo_count_label(person.asset_count);
    let class = if person.is_hidden { "person-card person-card--hidden" } else { "person-card" };
    let hidden_badge = person.is_hidden.then(|| view! { <span class="badge">"Hidden"</span> });

    view! {
        <a class=class href=href data-person-id=person.id.to_string()>
            <div class="person-card__crop">
                {match thumbnail {
                    Some(url) => view! { <img src=url alt="" loading="lazy"/> }.into_any(),
                    None => view! { <span class="person-card__no-crop" aria-hidden="true">"?"</span> }.into_any(),
                }}
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
