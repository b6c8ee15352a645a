use gumnut_types::{AssetId, PersonId};
use gumnut_ui_core::AppRoute;
use leptos::prelude::*;

use super::use_app_route;
use crate::api::{ApiClient, AssetListRequest};
use crate::components::people::{DeletePersonDialog, MergePanel, PersonFaces, PersonHeader, person_face_list};
use crate::components::{AssetGrid, ErrorView, Loading, NotFoundView};
use crate::edits::EditsContext;
use crate::paging::PagedList;
use crate::session::SessionContext;

/// `/people/:id`: one person with their fields, faces and photos, and the
/// merge, delete and bulk move actions.
#[component]
pub fn PersonPage() -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let edits = EditsContext::expect();
    let route = use_app_route();
    // Keeps the previous id while the router leaves this page, so nothing is
    // refetched on the way out.
    let person_id = Memo::new(move |previous: Option<&Option<PersonId>>| match route.get() {
        AppRoute::Person(id) => Some(id),
        _ => previous.cloned().flatten(),
    });

    let person = LocalResource::new(move || {
        let client = ApiClient::from_session(session);
        // Every saved or rolled-back edit refetches, so nothing stays stale.
        edits.revision();
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
        edits.revision();
        let request = AssetListRequest {
            person_ids: person_id.try_get().flatten().into_iter().collect(),
            starting_after_id: cursor.map(AssetId::new),
        };
        async move { client.list_assets(&request).await }
    });

    let faces = person_face_list(person_id);
    // The server's latest copy of the person, kept while a refetch runs.
    let current = Memo::new(move |_| match person.get() {
        Some(Ok(Some(person))) => Some(person),
        _ => None,
    });
    // Whether the person exists, without their fields: the page below is
    // built once per person, so a refetch after an edit replaces no element
    // and a field being typed in keeps its focus.
    let state = Memo::new(move |_| person.get().map(|result| result.map(|person| person.is_some())));

    let merge_open = RwSignal::new(false);
    let delete_open = RwSignal::new(false);

    view! {
        <section class="page">
            {move || match state.get() {
                None => view! { <Loading subject="person"/> }.into_any(),
                Some(Ok(true)) => {
                    let Some(initial) = current.get_untracked() else {
                        return ().into_any();
                    };
                    view! {
                        <PersonHeader
                            initial
                            server=current
                            on_merge=move |_| merge_open.set(true)
                            on_delete=move |_| delete_open.set(true)
                        />
                        <Show when=move || merge_open.get()>
                            {move || current.get_untracked().map(|target| view! {
                                <MergePanel target on_close=move |_| merge_open.set(false)/>
                            })}
                        </Show>
                        <Show when=move || delete_open.get()>
                            {move || current.get_untracked().map(|person| view! {
                                <DeletePersonDialog person on_close=move |_| delete_open.set(false)/>
                            })}
                        </Show>
                        <PersonFaces faces person=current/>
                        {move || person_id.get().map(|highlight| view! { <PersonPhotos photos highlight/> })}
                    }
                    .into_any()
                }
                Some(Ok(false)) => view! { <PersonGone/> }.into_any(),
                Some(Err(error)) if error.is_not_found() => view! { <PersonGone/> }.into_any(),
                Some(Err(error)) => view! { <ErrorView error on_retry=move |_| person.refetch()/> }.into_any(),
            }}
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
