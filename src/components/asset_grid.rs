use gumnut_types::{Asset, Page, PersonId};
use leptos::prelude::*;

use super::{AssetCard, LoadMore};
use crate::paging::PagedList;

/// A grid of asset cards: the first page, the pages loaded after it, and the
/// "Load more" button.
#[component]
pub fn AssetGrid(
    /// The paginated list the grid shows.
    assets: PagedList<Asset>,
    /// The first page, already loaded.
    page: Page<Asset>,
    /// `data-testid` of the grid element.
    #[prop(into)]
    testid: String,
    /// Highlights this person's faces on every card.
    #[prop(optional)]
    highlight_person: Option<PersonId>,
) -> impl IntoView {
    if page.data.is_empty() {
        return view! { <p class="empty" data-testid=testid>"No photos yet."</p> }.into_any();
    }

    let first_highlight = highlight_person.clone();
    let first_cards = page
        .data
        .iter()
        .cloned()
        .map(|asset| match first_highlight.clone() {
            Some(person) => view! { <AssetCard asset highlight_person=person/> }.into_any(),
            None => view! { <AssetCard asset/> }.into_any(),
        })
        .collect_view();

    let has_more_page = page.clone();
    let load_page = page.clone();

    view! {
        <div class="grid" data-testid=testid>
            {first_cards}
            <For
                each=move || assets.more.get()
                key=|asset| asset.id.clone()
                children=move |asset| match highlight_person.clone() {
                    Some(person) => view! { <AssetCard asset highlight_person=person/> }.into_any(),
                    None => view! { <AssetCard asset/> }.into_any(),
                }
            />
        </div>
        <LoadMore
            has_more=Signal::derive(move || assets.has_more(&has_more_page))
            pending=assets.is_loading_more()
            error=assets.more_error
            on_load=move |_| assets.load_more(&load_page)
        />
    }
    .into_any()
}
