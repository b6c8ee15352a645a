use std::collections::HashMap;

use gumnut_types::{Asset, AssetId, FaceId, PersonId};
use gumnut_ui_core::{AppRoute, DisplaySize};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;
use web_sys::{ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition};

use super::use_app_route;
use crate::api::ApiClient;
use crate::components::{ErrorView, FaceList, FaceOverlay, Loading, NotFoundView};
use crate::session::SessionContext;

/// `/assets/:id`: one photo, large, with its face boxes and a face list.
/// `?face=<id>` highlights a face and scrolls its row into view.
#[component]
pub fn AssetPage() -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let route = use_app_route();
    // While the router leaves this page the URL already names another
    // route; keeping the previous values avoids a refetch on the way out.
    let asset_id = Memo::new(move |previous: Option<&Option<AssetId>>| match route.get() {
        AppRoute::Asset { id, .. } => Some(id),
        _ => previous.cloned().flatten(),
    });
    let face_in_url = Memo::new(move |previous: Option<&Option<FaceId>>| match route.get() {
        AppRoute::Asset { face, .. } => face,
        _ => previous.cloned().flatten(),
    });

    // Only the id is read here, so selecting a face (which changes the
    // query) does not refetch the asset.
    let asset = LocalResource::new(move || {
        let client = ApiClient::from_session(session);
        // A refetch can be scheduled while the page is being left, after the
        // memo is disposed; `try_get` then reads "no asset".
        let id = asset_id.try_get().flatten();
        async move {
            match id {
                Some(id) => client.get_asset(&id).await.map(Some),
                None => Ok(None),
            }
        }
    });

    let active = RwSignal::new(face_in_url.get_untracked());
    let navigate = use_navigate();
    let on_select = Callback::new(move |face: FaceId| {
        active.set(Some(face.clone()));
        let Some(id) = asset_id.get_untracked() else {
            return;
        };
        // Replace, so hovering and clicking through faces adds no history.
        let options = NavigateOptions { replace: true, scroll: false, ..Default::default() };
        navigate(&AppRoute::Asset { id, face: Some(face) }.href(), options);
    });
    let on_leave = Callback::new(move |()| {
        if let Some(face) = face_in_url.try_get_untracked() {
            active.try_set(face);
        }
    });

    scroll_to_face_on_load(asset, face_in_url);

    view! {
        <section class="page page--asset">
            <Transition fallback=|| view! { <Loading subject="photo"/> }>
                {move || Suspend::new(async move {
                    match asset.await {
                        Ok(Some(asset)) => view! { <AssetView asset active on_select on_leave/> }.into_any(),
                        Ok(None) => view! { <AssetGone/> }.into_any(),
                        Err(error) if error.is_not_found() => view! { <AssetGone/> }.into_any(),
                        Err(error) => view! { <ErrorView error on_retry=move |_| asset.refetch()/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The loaded asset: the photo with its overlay beside the face list.
#[component]
fn AssetView(
    asset: Asset,
    active: RwSignal<Option<FaceId>>,
    on_select: Callback<FaceId>,
    on_leave: Callback<()>,
) -> impl IntoView {
    let names: HashMap<PersonId, String> = asset
        .people
        .iter()
        .flatten()
        .filter_map(|person| person.display_name().map(|name| (person.id.clone(), name.to_owned())))
        .collect();
    let faces = asset.faces.clone().unwrap_or_default();
    let image_url = asset.variant_url(&["preview", "small", "thumbnail", "preview_image", "small_image"]).map(str::to_owned);
    let title = asset.original_file_name.clone().unwrap_or_else(|| asset.id.to_string());
    let size = DisplaySize::known(asset.width, asset.height);

    let why_no_boxes = if !asset.is_original() {
        Some("Face boxes are not drawn: this is an edited rendering, and the boxes belong to the original photo.")
    } else if size.is_none() {
        Some("Face boxes are not drawn: the photo's size is unknown.")
    } else {
        None
    };
    let overlay = match (size, why_no_boxes) {
        (Some(size), None) => Some(view! {
            <FaceOverlay faces=faces.clone() size active on_select on_leave names=names.clone()/>
        }),
        _ => None,
    };

    let face_count = faces.len();
    // Through the CSSOM, which a `style-src 'self'` policy allows.
    let asset_ratio = size.map(DisplaySize::aspect_ratio);

    view! {
        <div class="asset-view">
            <div class="asset-view__photo">
                <h1 class="asset-view__title truncate" title=title.clone()>{title.clone()}</h1>
                <div class="asset-view__stage" style:--asset-ratio=asset_ratio>
                    {match image_url {
                        Some(url) => view! {
                            <img class="asset-view__image" data-testid="asset-image" src=url alt=title/>
                        }.into_any(),
                        None => view! { <div class="asset-view__missing">"No preview available"</div> }.into_any(),
                    }}
                    {overlay}
                </div>
                {why_no_boxes.map(|reason| view! { <p class="notice">{reason}</p> })}
            </div>
            <aside class="asset-view__faces">
                <h2 class="section-title">"Faces " <span class="count">{face_count}</span></h2>
                <FaceList faces names active on_select on_leave/>
            </aside>
        </div>
    }
}

#[component]
fn AssetGone() -> impl IntoView {
    view! {
        <NotFoundView
            title="This photo does not exist"
            detail="It may have been deleted, or the link is wrong."
            back=AppRoute::Library
            back_label="Back to the library"
        />
    }
}

/// Scrolls the row of the face named in the URL into view once, after the
/// asset has loaded and its rows are in the document.
fn scroll_to_face_on_load(
    asset: LocalResource<Result<Option<Asset>, crate::api::ApiError>>,
    face_in_url: Memo<Option<FaceId>>,
) {
    let scrolled = StoredValue::new(false);
    Effect::new(move |_| {
        let loaded = asset.with(|result| matches!(result, Some(Ok(Some(_)))));
        if !loaded || scrolled.get_value() {
            return;
        }
        let Some(face) = face_in_url.get_untracked() else {
            return;
        };
        scrolled.set_value(true);
        request_animation_frame(move || scroll_row_into_view(&face));
    });
}

fn scroll_row_into_view(face: &FaceId) {
    let Ok(rows) = document().query_selector_all("[data-face-row]") else {
        return;
    };
    // Compare attributes rather than building a selector from an id that
    // could contain quotes.
    let row = (0..rows.length())
        .filter_map(|index| rows.item(index))
        .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
        .find(|element| element.get_attribute("data-face-row").as_deref() == Some(face.as_str()));
    if let Some(row) = row {
        let options = ScrollIntoViewOptions::new();
        options.set_behavior(ScrollBehavior::Smooth);
        options.set_block(ScrollLogicalPosition::Center);
        row.scroll_into_view_with_scroll_into_view_options(&options);
    }
}
