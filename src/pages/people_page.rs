use gumnut_types::{NameFilter, PeopleSort, Person, PersonId};
use gumnut_ui_core::person_fields::isolate_name;
use gumnut_ui_core::query::MAX_PAGE_LIMIT;
use gumnut_ui_core::{AppRoute, PeopleView};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use super::use_app_route;
use crate::api::{ApiClient, PeopleListRequest};
use crate::components::people::{MergeDialog, PeopleGrid};
use crate::components::{ErrorView, LoadMore, Loading};
use crate::paging::PagedList;
use crate::session::SessionContext;

/// Delay between the last keystroke in the name search and the request.
const SEARCH_DEBOUNCE_MS: u64 = 300;

/// `/people`: everyone in the library, with sort, name search, named or
/// unnamed, hidden and favorites controls that all live in the URL.
#[component]
pub fn PeoplePage() -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let route = use_app_route();
    // Keeps the previous options while the router leaves this page, so the
    // list is not refetched on the way out.
    let view_options = Memo::new(move |previous: Option<&PeopleView>| match route.get() {
        AppRoute::People(view) => view,
        _ => previous.cloned().unwrap_or_default(),
    });
    // Only the options sent to the server trigger a refetch.
    let request = Memo::new(move |_| {
        let view = view_options.get();
        PeopleListRequest {
            sort: view.effective_sort(),
            name: view.name_query().map(str::to_owned),
            names: view.names,
            limit: Some(MAX_PAGE_LIMIT / 2),
            starting_after_id: None,
        }
    });
    let show_hidden = Memo::new(move |_| view_options.get().show_hidden);
    let favorites_first = Memo::new(move |_| view_options.get().favorites_first);

    let people = PagedList::new(move |cursor: Option<String>| {
        let client = ApiClient::from_session(session);
        let request = PeopleListRequest {
            starting_after_id: cursor.map(PersonId::new),
            ..request.try_get().unwrap_or_default()
        };
        async move { client.list_people(&request).await }
    });

    let loaded = Memo::new(move |_| {
        let first = people.first.get()?;
        Some(first.map(|page| {
            let mut all = page.data;
            people.more.with(|more| all.extend(more.iter().cloned()));
            all
        }))
    });
    let shown = Memo::new(move |_| {
        let Some(Ok(all)) = loaded.get() else {
            return Vec::new();
        };
        arrange(all, show_hidden.get(), favorites_first.get())
    });

    let navigate = use_navigate();
    let set_view = Callback::new(move |view: PeopleView| {
        let options = NavigateOptions { replace: true, scroll: false, ..Default::default() };
        navigate(&AppRoute::People(view).href(), options);
    });

    let select_mode = RwSignal::new(false);
    let selection = RwSignal::new(Vec::<PersonId>::new());
    let merge_open = RwSignal::new(false);
    let selected_people = Memo::new(move |_| {
        let ids = selection.get();
        loaded.with(|loaded| match loaded {
            Some(Ok(all)) => ids.iter().filter_map(|id| all.iter().find(|person| person.id == *id).cloned()).collect(),
            _ => Vec::new(),
        })
    });

    view! {
        <section class="page">
            <header class="page__header">
                <h1 class="page__title">"People"</h1>
                <SelectionBar select_mode selection merge_open/>
            </header>
            <PeopleControls view_options set_view/>
            <Transition fallback=|| view! { <Loading subject="people"/> }>
                {move || Suspend::new(async move {
                    match people.first.await {
                        Ok(page) => {
                            let load_page = page.clone();
                            let has_more_page = page.clone();
                            let has_more = Signal::derive(move || people.has_more(&has_more_page));
                            let on_load_more = Callback::new(move |_| people.load_more(&load_page));
                            let failed = Signal::derive(move || people.more_error.with(Option::is_some));
                            view! {
                                <Show when=move || shown.with(Vec::is_empty) && !has_more.get()>
                                    <p class="empty" data-testid="people-empty">{move || empty_message(&view_options.get())}</p>
                                </Show>
                                <PeopleGrid
                                    people=shown
                                    has_more
                                    loading=people.is_loading_more()
                                    failed
                                    on_load_more
                                    select_mode
                                    selection
                                />
                                <LoadMore
                                    has_more
                                    pending=people.is_loading_more()
                                    error=people.more_error
                                    on_load=on_load_more
                                />
                            }
                            .into_any()
                        }
                        Err(error) => view! { <ErrorView error on_retry=move |_| people.reload()/> }.into_any(),
                    }
                })}
            </Transition>
            <Show when=move || merge_open.get()>
                <MergeDialog
                    people=selected_people.get_untracked()
                    on_close=move |_| merge_open.set(false)
                />
            </Show>
        </section>
    }
}

/// Filters out hidden people unless they are shown, then puts favorites
/// first when asked, keeping the server's order within each group.
///
/// NOTE: the API has no favorite filter or sort, so favorites are moved to
/// the front among the people loaded so far. A favorite on a later page
/// joins the front group once that page loads.
fn arrange(all: Vec<Person>, show_hidden: bool, favorites_first: bool) -> Vec<Person> {
    let visible = all.into_iter().filter(|person| show_hidden || !person.is_hidden);
    if !favorites_first {
        return visible.collect();
    }
    let (mut favorites, others): (Vec<Person>, Vec<Person>) = visible.partition(|person| person.is_favorite);
    favorites.extend(others);
    favorites
}

fn empty_message(view: &PeopleView) -> String {
    match view.name_query() {
        Some(name) => format!("No one matches “{}”.", isolate_name(name)),
        None => "No people to show.".to_owned(),
    }
}

/// Sort, name search, named/unnamed/all, show hidden and favorites first.
#[component]
fn PeopleControls(view_options: Memo<PeopleView>, set_view: Callback<PeopleView>) -> impl IntoView {
    let on_sort = move |event: leptos::ev::Event| {
        let sort = event_target_value(&event).parse::<PeopleSort>().unwrap_or_default();
        set_view.run(PeopleView { sort, ..view_options.get_untracked() });
    };
    let on_toggle_hidden = move |_| {
        let current = view_options.get_untracked();
        set_view.run(PeopleView { show_hidden: !current.show_hidden, ..current });
    };
    let on_toggle_favorites = move |_| {
        let current = view_options.get_untracked();
        set_view.run(PeopleView { favorites_first: !current.favorites_first, ..current });
    };

    // The search box keeps what is typed; the URL follows after a pause.
    let search_text = RwSignal::new(view_options.get_untracked().name);
    let keystrokes = StoredValue::new(0_u64);
    let on_search = move |event: leptos::ev::Event| {
        search_text.set(event_target_value(&event));
        keystrokes.update_value(|count| *count += 1);
        let this_keystroke = keystrokes.get_value();
        set_timeout(
            move || {
                if keystrokes.try_get_value() != Some(this_keystroke) {
                    return;
                }
                let name = search_text.get_untracked();
                let current = view_options.get_untracked();
                if current.name != name {
                    set_view.run(PeopleView { name, ..current });
                }
            },
            std::time::Duration::from_millis(SEARCH_DEBOUNCE_MS),
        );
    };

    let names_button = move |names: NameFilter, label: &'static str| {
        let pressed = move || view_options.get().names == names;
        view! {
            <button
                type="button"
                class="segmented__option"
                class:segmented__option--active=pressed
                aria-pressed=move || pressed().to_string()
                data-testid=format!("names-{}", names.as_str())
                on:click=move |_| set_view.run(PeopleView { names, ..view_options.get_untracked() })
            >
                {label}
            </button>
        }
    };

    view! {
        <div class="people-controls toolbar">
            <label class="field field--inline people-controls__search">
                <span class="visually-hidden">"Search by name"</span>
                <input
                    class="input"
                    type="search"
                    dir="auto"
                    placeholder="Search by name"
                    data-testid="people-search"
                    prop:value=move || search_text.get()
                    on:input=on_search
                />
            </label>
            <div class="segmented" role="group" aria-label="Which people">
                {names_button(NameFilter::Named, "Named")}
                {names_button(NameFilter::Unnamed, "Unnamed")}
                {names_button(NameFilter::All, "All")}
            </div>
            <label class="field field--inline">
                <span class="field__label">"Sort"</span>
                <select
                    class="select"
                    data-testid="people-sort"
                    on:change=on_sort
                    prop:value=move || view_options.get().effective_sort().as_str()
                >
                    {PeopleSort::ALL
                        .into_iter()
                        .map(|option| {
                            // The API rejects name sorts for unnamed people.
                            let disabled = move || option.is_by_name() && view_options.get().names == NameFilter::Unnamed;
                            view! { <option value=option.as_str() disabled=disabled>{sort_label(option)}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label class="checkbox">
                <input
                    type="checkbox"
                    data-testid="show-hidden"
                    prop:checked=move || view_options.get().show_hidden
                    on:change=on_toggle_hidden
                />
                "Show hidden"
            </label>
            <label class="checkbox">
                <input
                    type="checkbox"
                    data-testid="favorites-first"
                    prop:checked=move || view_options.get().favorites_first
                    on:change=on_toggle_favorites
                />
                "Favorites first"
            </label>
        </div>
    }
}

/// The select toggle and, while selecting, the count and the Merge button.
#[component]
fn SelectionBar(select_mode: RwSignal<bool>, selection: RwSignal<Vec<PersonId>>, merge_open: RwSignal<bool>) -> impl IntoView {
    let toggle = move |_| {
        select_mode.update(|on| *on = !*on);
        if !select_mode.get_untracked() {
            selection.set(Vec::new());
        }
    };
    let count = move || selection.with(Vec::len);

    view! {
        <div class="toolbar">
            <Show when=move || select_mode.get()>
                <span class="count" data-testid="selected-count">{move || format!("{} selected", count())}</span>
                <button
                    type="button"
                    class="button button--primary"
                    data-testid="merge-selected"
                    disabled=move || count() < 2
                    title="Merge the selected people into one of them"
                    on:click=move |_| merge_open.set(true)
                >
                    "Merge…"
                </button>
            </Show>
            <button type="button" class="button" data-testid="select-people" aria-pressed=move || select_mode.get().to_string() on:click=toggle>
                {move || if select_mode.get() { "Done" } else { "Select" }}
            </button>
        </div>
    }
}

fn sort_label(sort: PeopleSort) -> &'static str {
    match sort {
        PeopleSort::CreatedAtDesc => "Newest first",
        PeopleSort::CreatedAtAsc => "Oldest first",
        PeopleSort::NameAsc => "Name A–Z",
        PeopleSort::NameDesc => "Name Z–A",
        PeopleSort::AssetCountDesc => "Most photos",
        PeopleSort::AssetCountAsc => "Fewest photos",
    }
}
