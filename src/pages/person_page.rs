use gumnut_types::{AssetId, PersonId};
use gumnut_ui_core::AppRoute;
use leptos::prelude::*;

use super::use_app_route;
use crate::api::{ApiClient, AssetListRequest};
use crate::components::{AssetGrid, ErrorView, Loading, NotFoundView, PersonName};
use crate::components::person_card::photo_count_label;
use crate::paging::PagedList;
use crate::session::SessionContext;

/// `/people/:id`: one person and the photos they appear in.
#[component]
pub fn PersonPage() -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let route = use_app_route();
    // Keeps the previous id while the router leaves this page, so nothing is
    // refetched on the way out.
    let person_id = Memo::new(move |previous: Option<&Option<PersonId>>| match route.get() {
        AppRoute::Person(id) => Some(id),
        _ => previous.cloned().flatten(),
    });

    let person = LocalResource::new(move || {
        let client = ApiClient::from_session(session);
        // A refetch can be scheduled while the page is being left, after the
        // memo is disposed; `try_get` then reads "no person".
        let id = person_id.try_get().flatten();
        async move {
            match id {
                Some(id) => client.get_person(&id).await.map(Some),
                None => Ok(None),
            }
        }
    });

    let photos = PagedList::new(move |cursor: Option<String>| {
        let client = ApiClient::from_session(session);
        let request = AssetListRequest {
            person_ids: person_id.try_get().flatten().into_iter().collect(),
            starting_after_id: cursor.map(AssetId::new),
        };
        async move { client.list_assets(&request).await }
    });

    view! {
        <section class="page">
            <Transition fallback=|| view! { <Loading subject="person"/> }>
                {move || Suspend::new(async move {
                    match person.await {
                        Ok(Some(person)) => {
                            let highlight: PersonId = person.id.clone();
                            let crop = person.thumbnail_url().map(str::to_owned);
                            view! {
                                <header class="person-header" data-testid="person-header">
                                    <div class="person-header__crop">
                                        {crop.map(|url| view! { <img src=url alt=""/> })}
                                    </div>
                                    <div class="person-header__text">
                                        <h1 class="page__title">
                                            <PersonName name=person.display_name().map(str::to_owned) testid="person-name"/>
                                        </h1>
                                        <p class="person-header__count">{photo_count_label(person.asset_count)}</p>
                                    </div>
                                </header>
                                <PersonPhotos photos highlight/>
                            }
                            .into_any()
                        }
                        Ok(None) => view! { <PersonGone/> }.into_any(),
                        Err(error) if error.is_not_found() => view! { <PersonGone/> }.into_any(),
                        Err(error) => view! { <ErrorView error on_retry=move |_| person.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The person's photos, with their boxes highlighted.
#[component]
fn PersonPhotos(photos: PagedList<gumnut_types::Asset>, highlight: PersonId) -> impl IntoView {
    view! {
        <h2 class="section-title">"Photos"</h2>
        <Transition fallback=|| view! { <Loading subject="photos"/> }>
            {move || {
                let highlight = highlight.clone();
                Suspend::new(async move {
                    match photos.first.await {
                        Ok(page) => view! {
                            <AssetGrid assets=photos page testid="person-photos" highlight_person=highlight/>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorView error on_retry=move |_| photos.reload()/> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

#[component]
fn PersonGone() -> impl IntoView {
    view! {
        <NotFoundView
            title="This person no longer exists"
            detail="They may have been merged into someone else or deleted. Their faces are kept on the photos."
            back=AppRoute::people()
            back_label="Back to people"
        />
    }
}
