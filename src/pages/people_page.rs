use gumnut_types::{PeopleSort, Person, PersonId};
use gumnut_ui_core::{AppRoute, PeopleView};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use super::use_app_route;
use crate::api::{ApiClient, PeopleListRequest};
use crate::components::{ErrorView, LoadMore, Loading, PersonCard};
use crate::paging::PagedList;
use crate::session::SessionContext;

/// `/people`: everyone in the library, named and unnamed.
#[component]
pub fn PeoplePage() -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let route = use_app_route();
    // Keeps the previous options while the router leaves this page, so the
    // list is not refetched on the way out.
    let view_options = Memo::new(move |previous: Option<&PeopleView>| match route.get() {
        AppRoute::People(view) => view,
        _ => previous.copied().unwrap_or_default(),
    });
    let sort = Memo::new(move |_| view_options.get().sort);
    let show_hidden = Memo::new(move |_| view_options.get().show_hidden);

    let people = PagedList::new(move |cursor: Option<String>| {
        let client = ApiClient::from_session(session);
        let request = PeopleListRequest { sort: sort.try_get().unwrap_or_default(), starting_after_id: cursor.map(PersonId::new) };
        async move { client.list_people(&request).await }
    });

    let navigate = use_navigate();
    let set_view = move |view: PeopleView| {
        let options = NavigateOptions { replace: true, scroll: false, ..Default::default() };
        navigate(&AppRoute::People(view).href(), options);
    };
    let set_sort = set_view.clone();
    let on_sort = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        let sort = value.parse::<PeopleSort>().unwrap_or_default();
        set_sort(PeopleView { sort, ..view_options.get_untracked() });
    };
    let on_toggle_hidden = move |_| {
        let current = view_options.get_untracked();
        set_view(PeopleView { show_hidden: !current.show_hidden, ..current });
    };

    view! {
        <section class="page">
            <header class="page__header">
                <h1 class="page__title">"People"</h1>
                <div class="toolbar">
                    <label class="field field--inline">
                        <span class="field__label">"Sort"</span>
                        <select class="select" on:change=on_sort prop:value=move || sort.get().as_str()>
                            {PeopleSort::ALL
                                .into_iter()
                                .map(|option| view! { <option value=option.as_str()>{sort_label(option)}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <label class="checkbox">
                        <input type="checkbox" prop:checked=move || show_hidden.get() on:change=on_toggle_hidden/>
                        "Show hidden"
                    </label>
                </div>
            </header>
            <Transition fallback=|| view! { <Loading subject="people"/> }>
                {move || Suspend::new(async move {
                    match people.first.await {
                        Ok(page) => {
                            let load_page = page.clone();
                            let has_more_page = page.clone();
                            let visible = move |person: &Person| show_hidden.get() || !person.is_hidden;
                            view! {
                                <div class="grid grid--people" data-testid="people-grid">
                                    {move || page.data.iter().filter(|person| visible(person)).cloned()
                                        .map(|person| view! { <PersonCard person/> }).collect_view()}
                                    <For
                                        each=move || people.more.get().into_iter().filter(move |person| visible(person))
                                        key=|person| person.id.clone()
                                        children=|person| view! { <PersonCard person/> }
                                    />
                                </div>
                                <LoadMore
                                    has_more=Signal::derive(move || people.has_more(&has_more_page))
                                    pending=people.is_loading_more()
                                    error=people.more_error
                                    on_load=move |_| people.load_more(&load_page)
                                />
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorView error on_retry=move |_| people.reload()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
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
