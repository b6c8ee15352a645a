use std::collections::HashMap;

use gumnut_types::{Face, FaceId, PersonId};
use gumnut_ui_core::DisplaySize;
use gumnut_ui_core::person_fields::isolate_name;
use leptos::prelude::*;

/// Maximum label length, in characters, drawn on a face box; the full name stays in
/// the box's tooltip.
const MAX_LABEL_CHARS: usize = 24;

/// Face boxes drawn over a photo as an SVG whose user units are the asset's
/// display-space pixels, so boxes line up at any rendered size as long as
/// the image uses `object-fit: contain` in the same box.
#[component]
pub fn FaceOverlay(
    /// Faces of the asset; their boxes are in display-space pixels.
    faces: Vec<Face>,
    /// The asset's display-space size.
    size: DisplaySize,
    /// The highlighted face, shared with a face list; boxes then react to
    /// pointer and focus.
    #[prop(optional)]
    active: Option<RwSignal<Option<FaceId>>>,
    /// Runs when a box is clicked or activated with the keyboard.
    #[prop(optional, into)]
    on_select: Option<Callback<FaceId>>,
    /// Restores the highlight when the pointer or focus leaves a box.
    #[prop(optional, into)]
    on_leave: Option<Callback<()>>,
    /// Highlights every face of this person and mutes the others.
    #[prop(optional)]
    highlight_person: Option<PersonId>,
    /// Person names drawn as labels above their boxes.
    #[prop(optional)]
    names: HashMap<PersonId, String>,
) -> impl IntoView {
    let font_size = f64::from(size.width.max(size.height)) * 0.022;
    let interactive = active.is_some();

    let boxes = faces
        .into_iter()
        .map(|face| {
            let face_id = face.id.clone();
            let bounding_box = face.bounding_box;
            let name = face.person_id.as_ref().and_then(|person_id| names.get(person_id)).cloned();
            let tooltip = name.clone().unwrap_or_else(|| {
                if face.person_id.is_some() { "Unnamed person".to_owned() } else { "Unassigned face".to_owned() }
            });

            let mut base_class = String::from("face-box");
            if face.person_id.is_none() {
                base_class.push_str(" face-box--unassigned");
            }
            match (&highlight_person, &face.person_id) {
                (Some(wanted), Some(person_id)) if wanted == person_id => base_class.push_str(" face-box--active"),
                (Some(_), _) => base_class.push_str(" face-box--muted"),
                _ => {}
            }
            let class_face_id = face_id.clone();
            // `try_get`: a blur during teardown can notify this closure after
            // the page that owns `active` is disposed.
            let class = move || match active.and_then(|active| active.try_get()).flatten() {
                Some(active_id) if active_id == class_face_id => format!("{base_class} face-box--active"),
                _ => base_class.clone(),
            };

            let enter_id = face_id.clone();
            let highlight = move || {
                if let Some(active) = active {
                    active.try_set(Some(enter_id.clone()));
                }
            };
            let highlight_on_focus = highlight.clone();
            // Blur also fires while the page is being torn down, when the
            // callback may already be disposed; `try_run` then does nothing.
            let leave = move || {
                if let Some(on_leave) = on_leave {
                    on_leave.try_run(());
                }
            };
            let select_id = face_id.clone();
            let select = move || {
                if let Some(on_select) = on_select {
                    on_select.run(select_id.clone());
                }
            };
            let select_on_key = select.clone();

            let aria_label = tooltip.clone();
            let label = name.map(|name| {
                let short = truncate_label(&name);
                let label_y = if bounding_box.y as f64 > font_size * 1.4 {
                    bounding_box.y as f64 - font_size * 0.4
                } else {
                    (bounding_box.y + bounding_box.h) as f64 + font_size * 1.1
                };
                view! {
                    <text class="face-label" x=bounding_box.x y=label_y font-size=font_size>
                        {short}
                    </text>
                }
            });

            view! {
                <g class="face-overlay__face">
                    <rect
                        class=class
                        data-face-id=face_id.to_string()
                        x=bounding_box.x
                        y=bounding_box.y
                        width=bounding_box.w
                        height=bounding_box.h
                        rx=font_size * 0.15
                        vector-effect="non-scaling-stroke"
                        tabindex=interactive.then_some("0")
                        role=interactive.then_some("button")
                        aria-label=aria_label
                        on:pointerenter=move |_| highlight()
                        on:pointerleave=move |_| leave()
                        on:focus=move |_| highlight_on_focus()
                        on:blur=move |_| leave()
                        on:click=move |_| select()
                        on:keydown=move |event| {
                            if event.key() == "Enter" || event.key() == " " {
                                event.prevent_default();
                                select_on_key();
                            }
                        }
                    >
                        <title>{tooltip}</title>
                    </rect>
                    {label}
                </g>
            }
        })
        .collect_view();

    view! {
        <svg
            class="face-overlay"
            class:face-overlay--interactive=interactive
            viewBox=size.view_box()
            preserveAspectRatio="xMidYMid meet"
            aria-hidden=(!interactive).then_some("true")
        >
            {boxes}
        </svg>
    }
}

/// Shortens `name` for a label drawn on a face box, then isolates it for
/// bidirectional text: SVG text has no `<bdi>`, and isolating after cutting
/// keeps the closing isolate.
pub(crate) fn truncate_label(name: &str) -> String {
    if name.chars().count() <= MAX_LABEL_CHARS {
        return isolate_name(name).into_owned();
    }
    let mut short: String = name.chars().take(MAX_LABEL_CHARS - 1).collect();
    short.push('…');
    isolate_name(&short).into_owned()
}
