use gumnut_types::AssetId;
use leptos::prelude::*;

use crate::api::{ApiClient, AssetListRequest};
use crate::components::{AssetGrid, ErrorView, Loading};
use crate::paging::PagedList;
use crate::session::SessionContext;

/// `/`: every photo in the library, newest first, with face boxes.
#[component]
pub fn LibraryPage() -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let assets = PagedList::new(move |cursor: Option<String>| {
        let client = ApiClient::from_session(session);
        let request = AssetListRequest { person_ids: Vec::new(), starting_after_id: cursor.map(AssetId::new) };
        async move { client.list_assets(&request).await }
    });

    view! {
        <section class="page">
            <header class="page__header">
                <h1 class="page__title">"Library"</h1>
            </header>
            <Transition fallback=|| view! { <Loading subject="photos"/> }>
                {move || Suspend::new(async move {
                    match assets.first.await {
                        Ok(page) => view! { <AssetGrid assets page testid="library-grid"/> }.into_any(),
                        Err(error) => view! { <ErrorView error on_retry=move |_| assets.reload()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
