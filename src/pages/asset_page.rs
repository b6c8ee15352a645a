use std::collections::{HashMap, HashSet};

use gumnut_types::{Asset, AssetId, Face, FaceId, PersonId};
use gumnut_ui_core::journal::{Edit, JournalEntry, PersonRef};
use gumnut_ui_core::geometry::{default_face_box, nudge_box};
use gumnut_ui_core::{AppRoute, DisplaySize};
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;
use web_sys::{KeyboardEvent, ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition};

use super::use_app_route;
use crate::api::{ApiClient, ApiError};
use crate::components::face_editor::{
    ConfirmDelete, DraftPanel, DrawState, DrawSurface, EditableOverlay, FaceDialog, ShownFace, shown_faces,
};
use crate::components::face_editor::actions;
use crate::components::people::ages_at_capture;
use crate::components::{ErrorView, FaceList, Loading, NotFoundView, PersonPicker, PickerChoice};
use crate::edits::keys::{dialog_is_open, is_typing};
use crate::edits::{EditHistory, EditsContext};
use crate::session::SessionContext;

/// Tells the user what "Leave unassigned" means for a drawn face.
const UNASSIGNED_NOTE: &str =
    "The server never groups a manual face by itself. It stays unassigned until you assign it here.";

/// Result of one fetch of the page's data.
#[derive(Debug, Clone, PartialEq)]
struct PageData {
    /// The asset with its people and variants.
    asset: Asset,
    /// The asset's faces with their clustering suggestions.
    faces: Vec<Face>,
    /// Number of journal entries when the fetch started; see `reconcile_faces_since`.
    fetched_with: usize,
}

/// The page's loading state, without the data, so the view is built once
/// and refetches after edits update it in place.
#[derive(Debug, Clone, PartialEq)]
enum PageState {
    Loading,
    /// Loaded; the id makes the view rebuild when the page shows another asset.
    Ready(AssetId),
    Gone,
    Failed(ApiError),
}

/// `/assets/:id`: one photo, large, with its face boxes and a face list,
/// where faces are drawn, assigned, reassigned, detached, deleted and undone.
/// `?face=<id>` selects a face and scrolls its row into view.
#[component]
pub fn AssetPage() -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let edits = EditsContext::expect();
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

    // Only the id and the edit revision are read here, so selecting a face
    // (which changes the query) does not refetch, but every edit does.
    let data = LocalResource::new(move || {
        let client = ApiClient::from_session(session);
        // A refetch can be scheduled while the page is being left, after the
        // memo is disposed; `try_get` then reads "no asset".
        let id = asset_id.try_get().flatten();
        edits.revision();
        let fetched_with = edits.with_journal_untracked(|journal| journal.len());
        async move {
            let Some(id) = id else {
                return Ok(None);
            };
            let asset = client.get_asset(&id).await?;
            let faces = client.list_asset_faces(&id).await?;
            Ok::<_, ApiError>(Some(PageData { asset, faces, fetched_with }))
        }
    });

    // When a refetch after an edit fails, the last good fetch of this asset
    // stays on screen with a notice instead of an error page.
    let loaded = Memo::new(move |previous: Option<&Option<PageData>>| match data.get() {
        Some(Ok(Some(fresh))) => Some(fresh),
        _ => previous.cloned().flatten().filter(|kept| asset_id.get().as_ref() == Some(&kept.asset.id)),
    });
    let refresh_error = Signal::derive(move || match data.get() {
        Some(Err(error)) if loaded.with(Option::is_some) => Some(error),
        _ => None,
    });
    let state = Memo::new(move |_| {
        if let Some(id) = loaded.with(|loaded| loaded.as_ref().map(|loaded| loaded.asset.id.clone())) {
            return PageState::Ready(id);
        }
        match data.get() {
            None | Some(Ok(Some(_))) => PageState::Loading,
            Some(Ok(None)) => PageState::Gone,
            Some(Err(error)) if error.is_not_found() => PageState::Gone,
            Some(Err(error)) => PageState::Failed(error),
        }
    });
    let on_refresh = Callback::new(move |()| data.refetch());

    scroll_to_face_on_load(state, face_in_url);

    view! {
        <section class="page page--asset">
            {move || match state.get() {
                PageState::Loading => view! { <Loading subject="photo"/> }.into_any(),
                PageState::Gone => view! { <AssetGone/> }.into_any(),
                PageState::Failed(error) => view! { <ErrorView error on_retry=move |_| data.refetch()/> }.into_any(),
                PageState::Ready(_) => view! {
                    <AssetView data=Signal::from(loaded) face_in_url refresh_error on_refresh/>
                }
                .into_any(),
            }}
        </section>
    }
}

/// Shows the loaded asset: the photo with its overlay and drawing tools
/// beside the face list and the session history.
#[component]
fn AssetView(
    data: Signal<Option<PageData>>,
    face_in_url: Memo<Option<FaceId>>,
    refresh_error: Signal<Option<ApiError>>,
    on_refresh: Callback<()>,
) -> impl IntoView {
    let edits = EditsContext::expect();
    let session = expect_context::<SessionContext>();
    let navigate = use_navigate();

    // The asset itself changes only with the id; faces and names change with edits.
    let Some(first) = data.get_untracked() else {
        return ().into_any();
    };
    let asset_id = first.asset.id.clone();
    let title = first.asset.original_file_name.clone().unwrap_or_else(|| asset_id.to_string());
    let header_title = title.clone();
    let image_url = first
        .asset
        .variant_url(&["preview", "small", "thumbnail", "preview_image", "small_image"])
        .map(str::to_owned);
    let size = DisplaySize::known(first.asset.width, first.asset.height);
    let why_no_boxes = if !first.asset.is_original() {
        Some("Face boxes are not shown and cannot be drawn: this is an edited rendering, and the boxes belong to the original photo.")
    } else if size.is_none() {
        Some("Face boxes are not shown and cannot be drawn: the photo's size is unknown.")
    } else {
        None
    };
    let drawable = why_no_boxes.is_none();

    let faces = {
        let asset_id = asset_id.clone();
        Memo::new(move |_| {
            let Some(data) = data.get() else {
                return Vec::new();
            };
            let names = server_names(&data.asset);
            edits.with_journal(|journal| shown_faces(&asset_id, &data.faces, journal, data.fetched_with, &names))
        })
    };
    let faces_signal = Signal::from(faces);
    let ages = Signal::derive(move || data.with(|data| data.as_ref().map(|data| ages_at_capture(&data.asset)).unwrap_or_default()));
    let find_face = move |id: &FaceId| faces.with_untracked(|faces| faces.iter().find(|face| face.id.as_ref() == Some(id)).cloned());

    // Selection lives in the URL; `active` also follows the pointer.
    let active = RwSignal::new(face_in_url.get_untracked());
    let selected = Signal::derive(move || face_in_url.get());
    let select_asset_id = asset_id.clone();
    let on_select = Callback::new(move |face: FaceId| {
        active.set(Some(face.clone()));
        if face_in_url.get_untracked().as_ref() == Some(&face) {
            return;
        }
        // Replace, so moving through faces adds no history entries.
        let options = NavigateOptions { replace: true, scroll: false, ..Default::default() };
        navigate(&AppRoute::Asset { id: select_asset_id.clone(), face: Some(face) }.href(), options);
    });
    let on_leave = Callback::new(move |()| {
        if let Some(face) = face_in_url.try_get_untracked() {
            active.try_set(face);
        }
    });

    let draw_state = RwSignal::new(DrawState::Off);
    let dialog = RwSignal::new(None::<FaceDialog>);
    let busy = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    // The name of the person whose creation failed, for the draft's Retry.
    let failed_new_person = StoredValue::new(None::<Option<String>>);

    let start_drawing = move || {
        if let Some(reason) = why_no_boxes {
            edits.show_info(reason.to_owned());
            return;
        }
        failure.set(None);
        draw_state.set(DrawState::Ready { message: None });
    };
    let stop_drawing = move || {
        draw_state.set(DrawState::Off);
        failure.set(None);
        busy.set(None);
    };

    let on_reassign = Callback::new(move |id: FaceId| dialog.set(Some(FaceDialog::PickForFace(id))));
    let on_detach = Callback::new(move |id: FaceId| {
        if let Some(face) = find_face(&id) {
            actions::detach_face(edits, &face);
        }
    });
    let on_delete = Callback::new(move |id: FaceId| dialog.set(Some(FaceDialog::ConfirmDelete(id))));

    // Saving the drawn box for an existing person, for a new one (created
    // first), or unassigned. It can run after the create request returns, when
    // the page may be gone, so it only reads with `try_`.
    let stored_asset_id = StoredValue::new(asset_id.clone());
    let save_draft = move |person: Option<PersonRef>, note: Option<String>| {
        let Some(bounding_box) = draw_state.try_with_untracked(DrawState::draft).flatten() else {
            return;
        };
        let created = stored_asset_id
            .try_with_value(|asset_id| actions::create_face(edits, asset_id, bounding_box, person, note))
            .unwrap_or(false);
        if created {
            stop_drawing();
        }
    };
    // `then` runs after the await, when the picker that asked for the new
    // person is closed and its owner disposed. It is a plain closure, not a
    // reactive handle, so nothing it needs can be disposed under it.
    let create_person_then = move |name: Option<String>, then: Box<dyn FnOnce(PersonRef)>| {
        failure.set(None);
        failed_new_person.set_value(None);
        let label = name.clone().unwrap_or_else(|| "an unnamed person".to_owned());
        busy.set(Some(format!("Creating {label}…")));
        let client = ApiClient::new(session.0.get_untracked());
        spawn_local(async move {
            let result = client.create_person(name.as_deref()).await;
            busy.try_set(None);
            match result {
                Ok(person) => {
                    edits.bump_revision();
                    then(PersonRef::from_person(&person));
                }
                Err(error) => {
                    failed_new_person.try_set_value(Some(name.clone()));
                    failure.try_set(Some(format!("Could not create {label}: {error}. Nothing was saved.")));
                }
            }
        });
    };
    let save_draft_for_new = move |person: PersonRef| {
        let note = format!(
            "{} was created and kept; Retry adds the face to them without creating another person.",
            person.label()
        );
        save_draft(Some(person), Some(note));
    };
    let on_draft_retry = Callback::new(move |()| {
        if let Some(name) = failed_new_person.get_value() {
            create_person_then(name, Box::new(save_draft_for_new));
        }
    });

    let on_pick = Callback::new(move |choice: PickerChoice| {
        let target = dialog.get_untracked();
        dialog.set(None);
        match (target, choice) {
            (Some(FaceDialog::PickForDraft), PickerChoice::Existing(person)) => {
                save_draft(Some(PersonRef { id: person.id, name: person.name }), None);
            }
            (Some(FaceDialog::PickForDraft), PickerChoice::Unassigned) => save_draft(None, None),
            (Some(FaceDialog::PickForDraft), PickerChoice::NewPerson(name)) => {
                create_person_then(name, Box::new(save_draft_for_new));
            }
            (Some(FaceDialog::PickForFace(id)), PickerChoice::Existing(person)) => {
                if let Some(face) = find_face(&id) {
                    actions::assign_face(edits, &face, PersonRef { id: person.id, name: person.name }, None);
                }
            }
            (Some(FaceDialog::PickForFace(id)), PickerChoice::NewPerson(name)) => {
                // The face is looked up now, while the page is surely alive.
                // The edit goes through the app-wide journal, so a failed
                // assignment gets a toast whose Retry reuses the new person.
                let Some(face) = find_face(&id) else {
                    return;
                };
                create_person_then(
                    name,
                    Box::new(move |person: PersonRef| {
                        let note = format!(
                            "{} was created and kept; Retry assigns the face to them without creating another person.",
                            person.label()
                        );
                        actions::assign_face(edits, &face, person, Some(note));
                    }),
                );
            }
            (Some(FaceDialog::PickForFace(id)), PickerChoice::Unassigned) => on_detach.run(id),
            _ => {}
        }
    });
    let close_dialog = Callback::new(move |()| dialog.set(None));
    let on_confirm_delete = Callback::new(move |()| {
        if let Some(FaceDialog::ConfirmDelete(id)) = dialog.get_untracked() {
            dialog.set(None);
            if let Some(face) = find_face(&id) {
                stored_asset_id.with_value(|asset_id| actions::delete_face(edits, asset_id, &face));
            }
        }
    });

    // Page shortcuts. They never fire while typing or while a dialog is open.
    let handle = window_event_listener(ev::keydown, move |event: KeyboardEvent| {
        if event.ctrl_key() || event.meta_key() || event.alt_key() || event.default_prevented() {
            return;
        }
        if is_typing(&event) || dialog_is_open() {
            return;
        }
        let key = event.key();
        let selected_face = face_in_url.try_get_untracked().flatten().and_then(|id| find_face(&id));
        match key.as_str() {
            "n" | "N" if !draw_state.with_untracked(DrawState::is_on) => {
                event.prevent_default();
                start_drawing();
            }
            "Escape" if draw_state.with_untracked(DrawState::is_on) => {
                event.prevent_default();
                stop_drawing();
            }
            "Enter" if draw_state.with_untracked(|state| state.draft().is_some()) && busy.get_untracked().is_none() => {
                event.prevent_default();
                dialog.set(Some(FaceDialog::PickForDraft));
            }
            "d" | "D" => {
                if let Some(face) = selected_face {
                    event.prevent_default();
                    actions::detach_face(edits, &face);
                }
            }
            "Delete" | "Backspace" => {
                if let Some(id) = selected_face.and_then(|face| face.id) {
                    event.prevent_default();
                    dialog.set(Some(FaceDialog::ConfirmDelete(id)));
                }
            }
            "ArrowRight" | "ArrowDown" | "ArrowLeft" | "ArrowUp" if draw_state.with_untracked(DrawState::is_on) => {
                // Keyboard drawing: arrows place and move the box, Shift
                // with arrows resizes it, Enter opens the picker.
                if let Some(size) = size {
                    event.prevent_default();
                    draw_state.update(|state| nudge_draft(state, size, &key, event.shift_key()));
                }
            }
            "ArrowRight" | "ArrowDown" | "ArrowLeft" | "ArrowUp" if focus_is_on_a_face() => {
                event.prevent_default();
                let step = if matches!(key.as_str(), "ArrowRight" | "ArrowDown") { 1 } else { -1 };
                move_focus(&faces.get_untracked(), face_in_url.get_untracked(), step);
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());

    // Every face shown on this page so far, so the history keeps edits of
    // faces that were deleted since.
    let seen_faces = StoredValue::new(HashSet::<FaceId>::new());
    Effect::new(move |_| {
        faces.with(|faces| {
            seen_faces.update_value(|seen| seen.extend(faces.iter().filter_map(|face| face.id.clone())));
        });
    });
    let history_filter = {
        let asset_id = asset_id.clone();
        Callback::new(move |entry: JournalEntry| {
            seen_faces.with_value(|seen| edit_is_on_asset(&entry.edit, &asset_id, seen))
        })
    };

    let overlay = size.filter(|_| drawable).map(|size| {
        view! {
            <EditableOverlay
                faces=faces_signal
                size
                active
                draw_state
                on_select
                on_leave
                on_open_picker=on_reassign
            />
            <Show when=move || draw_state.with(DrawState::is_on)>
                <DrawSurface state=draw_state size/>
            </Show>
        }
    });
    let asset_ratio = size.map(DisplaySize::aspect_ratio);

    let dialog_view = move || {
        let open = dialog.get()?;
        let view = match open {
            FaceDialog::PickForDraft => view! {
                <PersonPicker
                    title="Who is this?"
                    allow_unassigned=true
                    unassigned_note=UNASSIGNED_NOTE
                    on_choose=on_pick
                    on_cancel=close_dialog
                />
            }
            .into_any(),
            FaceDialog::PickForFace(id) => {
                let face = find_face(&id)?;
                let title = format!("Who is face {}?", face.number);
                let candidates = face.candidates.clone();
                match face.person_id.clone() {
                    Some(current) => view! {
                        <PersonPicker title candidates current on_choose=on_pick on_cancel=close_dialog/>
                    }
                    .into_any(),
                    None => view! {
                        <PersonPicker title candidates on_choose=on_pick on_cancel=close_dialog/>
                    }
                    .into_any(),
                }
            }
            FaceDialog::ConfirmDelete(id) => {
                let face = find_face(&id)?;
                view! { <ConfirmDelete face on_confirm=on_confirm_delete on_cancel=close_dialog/> }.into_any()
            }
        };
        Some(view)
    };

    view! {
        <div class="asset-view">
            <div class="asset-view__photo">
                // While drawing, the draft panel takes the title's place, so
                // its buttons stay in view above the photo.
                <div class="asset-view__header">
                    <Show
                        when=move || draw_state.with(DrawState::is_on)
                        fallback=move || {
                            let title = header_title.clone();
                            let tooltip = header_title.clone();
                            view! {
                                <h1 class="asset-view__title truncate" title=tooltip>{title}</h1>
                                <button
                                    class="button"
                                    data-testid="draw-face"
                                    disabled=!drawable
                                    title=why_no_boxes.unwrap_or("Draw a box around a face the detector missed (N)")
                                    on:click=move |_| start_drawing()
                                >
                                    "Draw a face"
                                    <kbd class="kbd">"N"</kbd>
                                </button>
                            }
                        }
                    >
                        <DraftPanel
                            state=draw_state
                            busy=busy
                            failure=failure
                            on_assign=move |()| dialog.set(Some(FaceDialog::PickForDraft))
                            on_retry=on_draft_retry
                            on_cancel=move |()| stop_drawing()
                        />
                    </Show>
                </div>
                <div
                    class="asset-view__stage"
                    class:asset-view__stage--drawing=move || draw_state.with(DrawState::is_on)
                    style:--asset-ratio=asset_ratio
                >
                    {match image_url {
                        Some(url) => view! {
                            <img class="asset-view__image" data-testid="asset-image" src=url alt=title draggable="false"/>
                        }.into_any(),
                        None => view! { <div class="asset-view__missing">"No preview available"</div> }.into_any(),
                    }}
                    {overlay}
                </div>
                {why_no_boxes.map(|reason| view! { <p class="notice" data-testid="no-drawing-reason">{reason}</p> })}
                {move || refresh_error.get().map(|error| view! {
                    <p class="notice notice--error" role="alert">
                        "Could not refresh this photo's faces: " {error.to_string()} " "
                        <button class="button button--small" on:click=move |_| on_refresh.run(())>"Retry"</button>
                    </p>
                })}
            </div>
            <aside class="asset-view__faces">
                <h2 class="section-title">"Faces " <span class="count">{move || faces.with(Vec::len)}</span></h2>
                <FaceList
                    faces=faces_signal
                    selected
                    active
                    on_select
                    on_leave
                    on_reassign
                    on_detach
                    on_delete
                    ages
                />
                <p class="shortcut-help">
                    "Keys: " <kbd class="kbd">"Tab"</kbd> " or arrows move between faces, "
                    <kbd class="kbd">"Enter"</kbd> " chooses the person, " <kbd class="kbd">"D"</kbd> " detaches, "
                    <kbd class="kbd">"Delete"</kbd> " deletes, " <kbd class="kbd">"N"</kbd> " draws, "
                    <kbd class="kbd">"Z"</kbd> " undoes."
                </p>
                <EditHistory filter=history_filter/>
            </aside>
            {dialog_view}
        </div>
    }
    .into_any()
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

/// Names of the people on the asset, as the server last returned them.
fn server_names(asset: &Asset) -> HashMap<PersonId, String> {
    asset
        .people
        .iter()
        .flatten()
        .filter_map(|person| person.display_name().map(|name| (person.id.clone(), name.to_owned())))
        .collect()
}

/// Checks whether an edit changed a face on this asset, for the page's history.
fn edit_is_on_asset(edit: &Edit, asset_id: &AssetId, face_ids: &HashSet<FaceId>) -> bool {
    match edit {
        Edit::CreateFace { asset_id: on, .. } => on == asset_id,
        Edit::DeleteFace { snapshot, .. } => &snapshot.asset_id == asset_id,
        Edit::AssignFace { face, .. } | Edit::DetachFace { face, .. } => face_ids.contains(&face.id),
        Edit::BulkMove { moves, .. } | Edit::BulkRestore { moves, .. } => {
            moves.iter().any(|face_move| face_ids.contains(&face_move.face_id))
        }
        _ => false,
    }
}

/// Applies one arrow key to the draft: the first press places the default
/// box, later ones move it, or resize it when `resize` is set. A step is
/// one percent of the photo's longer side.
fn nudge_draft(state: &mut DrawState, size: DisplaySize, key: &str, resize: bool) {
    let current = match state {
        DrawState::Draft { bounding_box, .. } => *bounding_box,
        DrawState::Ready { .. } => {
            *state = DrawState::Draft { bounding_box: default_face_box(size), message: None };
            return;
        }
        DrawState::Off | DrawState::Dragging { .. } => return,
    };
    let step = i64::from((size.width.max(size.height) / 100).max(1));
    let (dx, dy) = match key {
        "ArrowLeft" => (-step, 0),
        "ArrowRight" => (step, 0),
        "ArrowUp" => (0, -step),
        _ => (0, step),
    };
    *state = DrawState::Draft { bounding_box: nudge_box(current, size, dx, dy, resize), message: None };
}

fn focus_is_on_a_face() -> bool {
    document()
        .active_element()
        .is_some_and(|element| element.has_attribute("data-face-id") || element.has_attribute("data-face-row"))
}

/// Moves focus to the next (`step` 1) or previous (`step` -1) face box, in
/// reading order, wrapping around; focusing it selects it.
fn move_focus(faces: &[ShownFace], current: Option<FaceId>, step: isize) {
    let ids: Vec<&FaceId> = faces.iter().filter_map(|face| face.id.as_ref()).collect();
    if ids.is_empty() {
        return;
    }
    let count = ids.len() as isize;
    let position = current.and_then(|current| ids.iter().position(|id| **id == current));
    let next = match position {
        Some(position) => (position as isize + step).rem_euclid(count),
        None if step > 0 => 0,
        None => count - 1,
    };
    let Some(id) = usize::try_from(next).ok().and_then(|next| ids.get(next)) else {
        return;
    };
    // SVG elements have `focus()` too; the call is made by name, so the
    // `HTMLElement` binding works for them.
    if let Some(element) = find_by_attribute("[data-face-id]", "data-face-id", id.as_str()) {
        let _ = element.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

/// Scrolls the row of the face named in the URL into view once, after the
/// asset has loaded and its rows are in the document.
fn scroll_to_face_on_load(state: Memo<PageState>, face_in_url: Memo<Option<FaceId>>) {
    let scrolled = StoredValue::new(false);
    Effect::new(move |_| {
        if !matches!(state.get(), PageState::Ready(_)) || scrolled.get_value() {
            return;
        }
        let Some(face) = face_in_url.get_untracked() else {
            return;
        };
        scrolled.set_value(true);
        request_animation_frame(move || {
            if let Some(row) = find_by_attribute("[data-face-row]", "data-face-row", face.as_str()) {
                let options = ScrollIntoViewOptions::new();
                options.set_behavior(ScrollBehavior::Smooth);
                options.set_block(ScrollLogicalPosition::Center);
                row.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    });
}

/// Finds the element whose `attribute` equals `value`, comparing attributes
/// rather than building a selector from an id that could contain quotes.
fn find_by_attribute(selector: &str, attribute: &str, value: &str) -> Option<web_sys::Element> {
    let nodes = document().query_selector_all(selector).ok()?;
    (0..nodes.length())
        .filter_map(|index| nodes.item(index))
        .filter_map(|node| node.dyn_into::<web_sys::Element>().ok())
        .find(|element| element.get_attribute(attribute).as_deref() == Some(value))
}
