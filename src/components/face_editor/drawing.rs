//! Drawing a manual face box with pointer events (mouse, pen or touch):
//! press, drag, release, then adjust the corners before saving.

use gumnut_types::BoundingBox;
use gumnut_ui_core::geometry::{MIN_FACE_SIDE, contain_rect};
use gumnut_ui_core::{DisplaySize, DrawError, DrawingFrame, Rect};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, PointerEvent};

/// Distance in CSS pixels within which a press grabs a corner of the draft.
const HANDLE_GRAB_PX: f64 = 18.0;

/// A press that moves less than this many CSS pixels is a click, not a drag.
const CLICK_SLOP_PX: f64 = 4.0;

/// State of drawing a new face box.
#[derive(Debug, Clone, PartialEq)]
pub enum DrawState {
    /// Not drawing.
    Off,
    /// Waiting for a drag. `message` explains why the last box was rejected.
    Ready { message: Option<String> },
    /// A drag in progress, in CSS pixels relative to the drawing surface.
    Dragging {
        /// The fixed corner: where the press started, or the corner
        /// opposite the grabbed one.
        start: (f64, f64),
        /// The pointer.
        end: (f64, f64),
        /// The draft before this drag, restored when the drag is rejected.
        previous: Option<BoundingBox>,
    },
    /// A box ready to save, in display-space pixels.
    Draft { bounding_box: BoundingBox, message: Option<String> },
}

impl DrawState {
    /// Checks whether drawing mode is on.
    pub fn is_on(&self) -> bool {
        !matches!(self, DrawState::Off)
    }

    /// Returns the finished box, if there is one.
    pub fn draft(&self) -> Option<BoundingBox> {
        match self {
            DrawState::Draft { bounding_box, .. } => Some(*bounding_box),
            _ => None,
        }
    }
}

/// Turns pointer drags on a transparent layer over the photo into a face
/// box. The page shows it only while drawing. It captures the pointer, so a
/// drag may leave the photo and is then clamped to its edges.
#[component]
pub fn DrawSurface(
    /// The drawing state, shared with the overlay and the draft panel.
    state: RwSignal<DrawState>,
    /// The asset's display-space size.
    size: DisplaySize,
) -> impl IntoView {
    let on_pointerdown = move |event: PointerEvent| {
        if event.pointer_type() == "mouse" && event.button() != 0 {
            return;
        }
        let Some((surface, frame)) = surface_and_frame(&event, size) else {
            return;
        };
        event.prevent_default();
        let point = local_point(&event, &surface);

        let previous = state.with_untracked(DrawState::draft);
        let start = previous
            .and_then(|draft| grabbed_corner_opposite(frame.to_rendered(draft), point))
            .unwrap_or(point);
        if surface.set_pointer_capture(event.pointer_id()).is_err() {
            log::warn!("could not capture the pointer; a drag past the photo may stop early");
        }
        state.set(DrawState::Dragging { start, end: point, previous });
    };

    let on_pointermove = move |event: PointerEvent| {
        if !state.with_untracked(|state| matches!(state, DrawState::Dragging { .. })) {
            return;
        }
        let Some(surface) = event_surface(&event) else {
            return;
        };
        let point = local_point(&event, &surface);
        state.update(|state| {
            if let DrawState::Dragging { end, .. } = state {
                *end = point;
            }
        });
    };

    let on_pointerup = move |event: PointerEvent| {
        let DrawState::Dragging { start, end, previous } = state.get_untracked() else {
            return;
        };
        let Some((_, frame)) = surface_and_frame(&event, size) else {
            return;
        };
        let moved = (end.0 - start.0).abs().max((end.1 - start.1).abs());
        let drawn = frame.to_bounding_box(Rect::from_corners(start, end), MIN_FACE_SIDE);
        let next = match (drawn, previous) {
            (Ok(bounding_box), _) => DrawState::Draft { bounding_box, message: None },
            // A click beside the draft keeps it.
            (Err(_), Some(bounding_box)) if moved < CLICK_SLOP_PX => DrawState::Draft { bounding_box, message: None },
            (Err(error), Some(bounding_box)) => DrawState::Draft { bounding_box, message: Some(rejection(&error)) },
            (Err(error), None) => DrawState::Ready { message: Some(rejection(&error)) },
        };
        state.set(next);
    };

    let on_pointercancel = move |_: PointerEvent| {
        if let DrawState::Dragging { previous, .. } = state.get_untracked() {
            state.set(match previous {
                Some(bounding_box) => DrawState::Draft { bounding_box, message: None },
                None => DrawState::Ready { message: None },
            });
        }
    };

    let drag_rect = move || match state.get() {
        DrawState::Dragging { start, end, .. } => {
            let rect = Rect::from_corners(start, end);
            Some(view! {
                <div
                    class="draw-surface__drag"
                    style:left=format!("{}px", rect.x)
                    style:top=format!("{}px", rect.y)
                    style:width=format!("{}px", rect.width)
                    style:height=format!("{}px", rect.height)
                ></div>
            })
        }
        _ => None,
    };

    view! {
        <div
            class="draw-surface"
            class:draw-surface--has-draft=move || state.with(|state| state.draft().is_some())
            data-testid="draw-surface"
            aria-hidden="true"
            on:pointerdown=on_pointerdown
            on:pointermove=on_pointermove
            on:pointerup=on_pointerup
            on:pointercancel=on_pointercancel
        >
            {drag_rect}
        </div>
    }
}

/// Shows, above the photo while drawing, what to do next or why a box was
/// rejected, with the buttons to choose a person or cancel.
#[component]
pub fn DraftPanel(
    /// The drawing state.
    state: RwSignal<DrawState>,
    /// A step in progress, such as creating a person, shown instead of the buttons.
    #[prop(into)]
    busy: Signal<Option<String>>,
    /// A failed step with its own Retry, such as creating a person.
    #[prop(into)]
    failure: Signal<Option<String>>,
    /// Opens the person picker for the draft.
    #[prop(into)]
    on_assign: Callback<()>,
    /// Repeats the failed step.
    #[prop(into)]
    on_retry: Callback<()>,
    /// Leaves drawing mode.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let instructions = move || match state.get() {
        DrawState::Off => String::new(),
        DrawState::Ready { .. } => "Drag over a face, or press an arrow key. Esc cancels.".to_owned(),
        DrawState::Dragging { .. } => "Release to finish the box.".to_owned(),
        DrawState::Draft { bounding_box, .. } => format!(
            "Box {} × {} px. Drag a corner, or use the arrow keys (Shift resizes).",
            bounding_box.w, bounding_box.h
        ),
    };
    let message = move || match state.get() {
        DrawState::Ready { message } | DrawState::Draft { message, .. } => message,
        _ => None,
    };
    // One line whose height never changes, so the photo below does not
    // move during a drag. The full text is in the tooltip.
    let text = move || failure.get().or_else(message).unwrap_or_else(instructions);
    let is_error = move || failure.with(Option::is_some) || message().is_some();
    let draft_box = move || {
        state.with(DrawState::draft).map(|draft| format!("{},{},{},{}", draft.x, draft.y, draft.w, draft.h))
    };
    let has_draft = move || state.with(|state| state.draft().is_some());

    view! {
        <div class="draft-panel" data-testid="draft-panel" data-box=draft_box role="group" aria-label="New face box">
            <p
                class="draft-panel__text truncate"
                class:draft-panel__text--error=is_error
                title=text
                aria-live="polite"
            >
                {text}
            </p>
            <div class="draft-panel__actions">
                {move || match (busy.get(), failure.with(Option::is_some)) {
                    (Some(step), _) => view! { <span class="draft-panel__busy" role="status">{step}</span> }.into_any(),
                    (None, true) => view! {
                        <button class="button button--primary" data-testid="draft-retry" on:click=move |_| on_retry.run(())>
                            "Retry"
                        </button>
                    }.into_any(),
                    (None, false) => view! {
                        <button
                            class="button button--primary"
                            data-testid="draft-assign"
                            disabled=move || !has_draft()
                            on:click=move |_| on_assign.run(())
                        >
                            "Who is this?"
                        </button>
                    }.into_any(),
                }}
                <button class="button" data-testid="draft-cancel" on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
            </div>
        </div>
    }
}

fn rejection(error: &DrawError) -> String {
    format!("That box cannot be saved: {error}.")
}

fn event_surface(event: &PointerEvent) -> Option<Element> {
    event.current_target().and_then(|target| target.dyn_into::<Element>().ok())
}

/// Returns the surface and the mapping from its CSS pixels to the asset's
/// pixels. The photo is letterboxed in the surface by `object-fit: contain`.
fn surface_and_frame(event: &PointerEvent, size: DisplaySize) -> Option<(Element, DrawingFrame)> {
    let surface = event_surface(event)?;
    let bounds = surface.get_bounding_client_rect();
    let content = contain_rect(bounds.width(), bounds.height(), size);
    match DrawingFrame::new(Some(size.width), Some(size.height), content) {
        Ok(frame) => Some((surface, frame)),
        Err(error) => {
            log::warn!("cannot map the drawn box to the photo: {error}");
            None
        }
    }
}

fn local_point(event: &PointerEvent, surface: &Element) -> (f64, f64) {
    let bounds = surface.get_bounding_client_rect();
    (f64::from(event.client_x()) - bounds.left(), f64::from(event.client_y()) - bounds.top())
}

/// When `point` is on a corner of `rect`, returns the opposite corner, which
/// stays fixed while the grabbed one follows the pointer.
fn grabbed_corner_opposite(rect: Rect, point: (f64, f64)) -> Option<(f64, f64)> {
    let left = rect.x;
    let top = rect.y;
    let right = rect.x + rect.width;
    let bottom = rect.y + rect.height;
    let corners = [((left, top), (right, bottom)), ((right, top), (left, bottom)), ((left, bottom), (right, top)), ((right, bottom), (left, top))];
    corners
        .into_iter()
        .find(|(corner, _)| (corner.0 - point.0).abs() <= HANDLE_GRAB_PX && (corner.1 - point.1).abs() <= HANDLE_GRAB_PX)
        .map(|(_, opposite)| opposite)
}
