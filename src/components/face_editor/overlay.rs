//! Face boxes over the asset page's photo, focusable and labelled, with the
//! draft box and its corner handles while drawing.

use gumnut_types::FaceId;
use gumnut_ui_core::DisplaySize;
use leptos::prelude::*;

use super::drawing::DrawState;
use super::shown::{ShownFace, face_label};
use crate::components::face_overlay::truncate_label;

/// Label font size as a share of the photo's longer side.
const LABEL_SIZE_SHARE: f64 = 0.022;

/// Face boxes drawn as an SVG whose user units are the asset's display-space
/// pixels, so they line up with the `object-fit: contain` photo below at any
/// size. Boxes are in reading order, so Tab visits them left to right.
#[component]
pub fn EditableOverlay(
    /// The faces to draw, in reading order.
    #[prop(into)]
    faces: Signal<Vec<ShownFace>>,
    /// The asset's display-space size.
    size: DisplaySize,
    /// The highlighted face, shared with the face list.
    active: RwSignal<Option<FaceId>>,
    /// The drawing state; its draft is drawn with corner handles.
    draw_state: RwSignal<DrawState>,
    /// Selects a face: on click or focus.
    #[prop(into)]
    on_select: Callback<FaceId>,
    /// Restores the highlight when the pointer or focus leaves a box.
    #[prop(into)]
    on_leave: Callback<()>,
    /// Opens the person picker for a face: Enter or Space on its box.
    #[prop(into)]
    on_open_picker: Callback<FaceId>,
) -> impl IntoView {
    let font_size = f64::from(size.width.max(size.height)) * LABEL_SIZE_SHARE;

    let draft = move || {
        draw_state.with(DrawState::draft).map(|draft| {
            let radius = font_size * 0.35;
            let corners = [
                (draft.x, draft.y),
                (draft.x + draft.w, draft.y),
                (draft.x, draft.y + draft.h),
                (draft.x + draft.w, draft.y + draft.h),
            ];
            view! {
                <g class="face-overlay__draft" data-testid="draft-box">
                    <rect
                        class="face-box face-box--draft"
                        x=draft.x
                        y=draft.y
                        width=draft.w
                        height=draft.h
                        vector-effect="non-scaling-stroke"
                    />
                    {corners
                        .into_iter()
                        .map(|(x, y)| view! { <circle class="face-handle" cx=x cy=y r=radius vector-effect="non-scaling-stroke"/> })
                        .collect_view()}
                </g>
            }
        })
    };

    view! {
        <svg
            class="face-overlay face-overlay--interactive"
            class:face-overlay--drawing=move || draw_state.with(DrawState::is_on)
            viewBox=size.view_box()
            preserveAspectRatio="xMidYMid meet"
            role="group"
            aria-label="Faces on this photo"
        >
            <For each=move || faces.get() key=ShownFace::key let:face>
                <FaceBox key=face.key() faces active font_size on_select on_leave on_open_picker/>
            </For>
            {draft}
        </svg>
    }
}

/// Draws one face box. It reads its face from `faces` by key, so a
/// reassignment updates it in place and a focused box keeps focus.
#[component]
fn FaceBox(
    key: String,
    faces: Signal<Vec<ShownFace>>,
    active: RwSignal<Option<FaceId>>,
    font_size: f64,
    on_select: Callback<FaceId>,
    on_leave: Callback<()>,
    on_open_picker: Callback<FaceId>,
) -> impl IntoView {
    let face = Memo::new(move |_| faces.with(|faces| faces.iter().find(|face| face.key() == key).cloned()));
    let id = move || face.with(|face| face.as_ref().and_then(|face| face.id.clone()));

    let class = move || {
        let Some(face) = face.get() else {
            return "face-box".to_owned();
        };
        let mut class = String::from("face-box");
        if face.person_id.is_none() {
            class.push_str(" face-box--unassigned");
        }
        if face.pending.is_some() {
            class.push_str(" face-box--pending");
        }
        // `try_get`: a blur during teardown can notify this closure after
        // the page that owns `active` is disposed.
        if face.id.is_some() && active.try_get().flatten() == face.id {
            class.push_str(" face-box--active");
        }
        class
    };
    let label = move || face.with(|face| face.as_ref().map(face_label).unwrap_or_default());
    let select = move || {
        if let Some(id) = id() {
            on_select.try_run(id);
        }
    };
    let highlight = move || {
        if let Some(id) = id() {
            active.try_set(Some(id));
        }
    };

    let name_label = move || {
        let face = face.get()?;
        let name = face.name.clone()?;
        let bounding_box = face.bounding_box;
        let label_y = if bounding_box.y as f64 > font_size * 1.4 {
            bounding_box.y as f64 - font_size * 0.4
        } else {
            (bounding_box.y + bounding_box.h) as f64 + font_size * 1.1
        };
        Some(view! {
            <text class="face-label" x=bounding_box.x y=label_y font-size=font_size aria-hidden="true">
                {truncate_label(&name)}
            </text>
        })
    };
    let geometry = move || face.with(|face| face.as_ref().map(|face| face.bounding_box));

    view! {
        <g class="face-overlay__face">
            <rect
                class=class
                data-face-id=move || id().map(|id| id.to_string())
                x=move || geometry().map(|b| b.x)
                y=move || geometry().map(|b| b.y)
                width=move || geometry().map(|b| b.w)
                height=move || geometry().map(|b| b.h)
                rx=font_size * 0.15
                vector-effect="non-scaling-stroke"
                tabindex="0"
                role="button"
                aria-label=label
                on:pointerenter=move |_| highlight()
                on:pointerleave=move |_| {
                    on_leave.try_run(());
                }
                on:focus=move |_| select()
                // Blur also fires while the page is torn down, when the
                // callback may already be disposed.
                on:blur=move |_| {
                    on_leave.try_run(());
                }
                on:click=move |_| select()
                on:keydown=move |event| {
                    if event.key() == "Enter" || event.key() == " " {
                        event.prevent_default();
                        if let Some(id) = id() {
                            on_open_picker.run(id);
                        }
                    }
                }
            >
                <title>{label}</title>
            </rect>
            {name_label}
        </g>
    }
}
