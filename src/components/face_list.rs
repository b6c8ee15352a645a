use std::collections::HashMap;

use gumnut_types::{Face, FaceId, FaceSource, PersonId};
use gumnut_ui_core::AppRoute;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::person_name::PersonName;

/// The faces of one asset as rows: crop, person and source. Hovering or
/// focusing a row highlights its box through the shared `active` signal.
#[component]
pub fn FaceList(
    /// Faces of the asset.
    faces: Vec<Face>,
    /// Names of the people on the asset; a missing entry shows "Unnamed".
    names: HashMap<PersonId, String>,
    /// The highlighted face, shared with the photo overlay.
    active: RwSignal<Option<FaceId>>,
    /// Runs when a row is clicked or activated with the keyboard.
    #[prop(into)]
    on_select: Callback<FaceId>,
    /// Restores the highlight when the pointer or focus leaves a row.
    #[prop(into)]
    on_leave: Callback<()>,
) -> impl IntoView {
    if faces.is_empty() {
        return view! { <p class="face-list__empty" data-testid="face-list">"No faces found on this photo."</p> }
            .into_any();
    }

    let rows = faces
        .into_iter()
        .map(|face| {
            let face_id = face.id.clone();
            let crop = face.thumbnail_url().map(str::to_owned);
            let person = face.person_id.clone().map(|person_id| {
                let name = names.get(&person_id).cloned();
                let href = AppRoute::Person(person_id).href();
                view! { <a class="face-row__person" href=href><PersonName name/></a> }
            });
            let person = person.map(IntoAny::into_any).unwrap_or_else(|| {
                view! { <span class="face-row__person face-row__person--unassigned">"Unassigned"</span> }.into_any()
            });
            let source = source_label(face.source, face.confidence);

            let row_id = face_id.clone();
            let class = move || {
                // `try_get`: a blur during teardown can notify this closure
                // after the page that owns `active` is disposed.
                if active.try_get().flatten().as_ref() == Some(&row_id) { "face-row face-row--active" } else { "face-row" }
            };
            let enter_id = face_id.clone();
            let highlight = move || {
                active.try_set(Some(enter_id.clone()));
            };
            let highlight_on_focus = highlight.clone();
            let select_id = face_id.clone();
            let select = move || on_select.run(select_id.clone());
            let select_on_key = select.clone();

            view! {
                <li
                    class=class
                    data-face-row=face_id.to_string()
                    tabindex="0"
                    on:pointerenter=move |_| highlight()
                    on:pointerleave=move |_| {
                        on_leave.try_run(());
                    }
                    on:focus=move |_| highlight_on_focus()
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
                        if event.key() == "Enter" {
                            select_on_key();
                        }
                    }
                >
                    <div class="face-row__crop">
                        {crop.map(|url| view! { <img src=url alt="" loading="lazy"/> })}
                    </div>
                    <div class="face-row__text">
                        {person}
                        <span class="face-row__source">{source}</span>
                    </div>
                </li>
            }
        })
        .collect_view();

    view! { <ul class="face-list" data-testid="face-list">{rows}</ul> }.into_any()
}

fn is_inside_link(event: &leptos::ev::MouseEvent) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .and_then(|element| element.closest("a").ok().flatten())
        .is_some()
}

fn source_label(source: FaceSource, confidence: Option<f64>) -> String {
    match (source, confidence) {
        (FaceSource::Automatic, Some(confidence)) => format!("automatic · {:.0}%", confidence * 100.0),
        (FaceSource::Automatic, None) => "automatic".to_owned(),
        (FaceSource::Manual, _) => "manual".to_owned(),
        (FaceSource::Unknown, _) => "unknown source".to_owned(),
    }
}
