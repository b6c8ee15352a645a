use gumnut_types::{FaceId, PersonId};
use gumnut_ui_core::AppRoute;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::face_editor::{FaceActions, ShownFace, face_label};
use super::person_name::PersonName;

/// The faces of one asset as rows: crop, person, source, and for the
/// selected face its actions. Hovering or focusing a row highlights its box
/// through the shared `active` signal.
#[component]
pub fn FaceList(
    /// Faces of the asset, in reading order.
    #[prop(into)]
    faces: Signal<Vec<ShownFace>>,
    /// The selected face, whose row shows the actions.
    #[prop(into)]
    selected: Signal<Option<FaceId>>,
    /// The highlighted face, shared with the photo overlay.
    active: RwSignal<Option<FaceId>>,
    /// Runs when a row is clicked or focused.
    #[prop(into)]
    on_select: Callback<FaceId>,
    /// Restores the highlight when the pointer or focus leaves a row.
    #[prop(into)]
    on_leave: Callback<()>,
    /// Opens the person picker: the Reassign button or Enter on a row.
    #[prop(into)]
    on_reassign: Callback<FaceId>,
    /// Detaches a face from its person.
    #[prop(into)]
    on_detach: Callback<FaceId>,
    /// Asks to delete a face.
    #[prop(into)]
    on_delete: Callback<FaceId>,
    /// Age at capture of each named person with a birth date.
    #[prop(optional, into)]
    ages: Signal<Vec<(PersonId, u32)>>,
) -> impl IntoView {
    view! {
        <Show
            when=move || faces.with(|faces| !faces.is_empty())
            fallback=|| view! {
                <p class="face-list__empty" data-testid="face-list">"No faces found on this photo."</p>
            }
        >
            <ul class="face-list" data-testid="face-list">
                <For each=move || faces.get() key=ShownFace::key let:face>
                    <FaceRow
                        key=face.key()
                        faces
                        selected
                        active
                        on_select
                        on_leave
                        on_reassign
                        on_detach
                        on_delete
                        ages
                    />
                </For>
            </ul>
        </Show>
    }
}

/// One row, reading its face from `faces` by key so it updates in place.
#[component]
fn FaceRow(
    key: String,
    faces: Signal<Vec<ShownFace>>,
    selected: Signal<Option<FaceId>>,
    active: RwSignal<Option<FaceId>>,
    on_select: Callback<FaceId>,
    on_leave: Callback<()>,
    on_reassign: Callback<FaceId>,
    on_detach: Callback<FaceId>,
    on_delete: Callback<FaceId>,
    ages: Signal<Vec<(PersonId, u32)>>,
) -> impl IntoView {
    let face = Memo::new(move |_| faces.with(|faces| faces.iter().find(|face| face.key() == key).cloned()));
    let id = move || face.with(|face| face.as_ref().and_then(|face| face.id.clone()));
    let is_selected = move || id().is_some() && selected.try_get().flatten() == id();

    let class = move || {
        // `try_get`: a blur during teardown can notify this closure after
        // the page that owns `active` is disposed.
        let highlighted = id().is_some() && active.try_get().flatten() == id();
        let mut class = String::from("face-row");
        if highlighted || is_selected() {
            class.push_str(" face-row--active");
        }
        if face.with(|face| face.as_ref().is_some_and(|face| face.pending.is_some())) {
            class.push_str(" face-row--pending");
        }
        class
    };
    let highlight = move || {
        if let Some(id) = id() {
            active.try_set(Some(id));
        }
    };
    let select = move || {
        if let Some(id) = id() {
            on_select.try_run(id);
        }
    };

    let body = move || {
        face.get().map(|face| {
            let crop = face.crop.clone();
            let person = match &face.person_id {
                Some(person_id) => {
                    let href = AppRoute::Person(person_id.clone()).href();
                    let age = ages.with(|ages| ages.iter().find(|(id, _)| id == person_id).map(|(_, age)| *age));
                    let age = age.map(|age| view! { <span class="face-row__age" data-testid="age-at-capture">{format!("age {age} here")}</span> });
                    view! { <a class="face-row__person" href=href><PersonName name=face.name.clone()/></a> {age} }.into_any()
                }
                None => view! { <span class="face-row__person face-row__person--unassigned">"Unassigned"</span> }
                    .into_any(),
            };
            let status = if face.pending.is_some() { " · saving…" } else { "" };
            let source = format!("Face {} · {}{status}", face.number, face.source_text());
            let actions = is_selected().then(|| {
                view! { <FaceActions face=face.clone() on_reassign on_detach on_delete/> }
            });
            view! {
                <div class="face-row__main">
                    <div class="face-row__crop">
                        {crop.map(|url| view! { <img src=url alt="" loading="lazy"/> })}
                    </div>
                    <div class="face-row__text">
                        {person}
                        <span class="face-row__source" data-testid="face-source">{source}</span>
                    </div>
                </div>
                {actions}
            }
        })
    };

    view! {
        <li
            class=class
            data-face-row=move || id().map(|id| id.to_string())
            tabindex="0"
            aria-label=move || face.with(|face| face.as_ref().map(face_label).unwrap_or_default())
            on:pointerenter=move |_| highlight()
            on:pointerleave=move |_| {
                on_leave.try_run(());
            }
            on:focus=move |event| {
                // Focus moving to a button inside the row must not re-select.
                if event.target() == event.current_target() {
                    select();
                }
            }
            // Blur also fires while the page is torn down, when the
            // callback may already be disposed.
            on:blur=move |_| {
                on_leave.try_run(());
            }
            on:click=move |event| {
                // The person link inside the row navigates on its own.
                if !is_inside_link(&event) {
                    select();
                }
            }
            on:keydown=move |event| {
                if event.key() == "Enter" && event.target() == event.current_target() {
                    event.prevent_default();
                    if let Some(id) = id() {
                        on_reassign.run(id);
                    }
                }
            }
        >
            {body}
        </li>
    }
}

fn is_inside_link(event: &leptos::ev::MouseEvent) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("a").ok().flatten())
        .is_some()
}
