//! Keyboard shortcuts: the app-wide undo, and the check every shortcut
//! makes so it never fires while the user types.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};

use super::EditsContext;

/// Checks whether a key event comes from a place where keys are text: an
/// input that takes text, a text area, a select or an editable element.
pub fn is_typing(event: &KeyboardEvent) -> bool {
    let Some(element) = event.target().and_then(|target| target.dyn_into::<Element>().ok()) else {
        return false;
    };
    match element.tag_name().to_ascii_lowercase().as_str() {
        "textarea" | "select" => true,
        "input" => {
            let kind = element.get_attribute("type").unwrap_or_default().to_ascii_lowercase();
            !matches!(kind.as_str(), "checkbox" | "radio" | "button" | "submit" | "reset" | "range" | "color" | "file")
        }
        _ => element.closest("[contenteditable=\"\"], [contenteditable=\"true\"]").ok().flatten().is_some(),
    }
}

/// Checks whether a modal dialog is open, in which case page shortcuts wait.
pub fn dialog_is_open() -> bool {
    document().query_selector("[aria-modal=\"true\"]").ok().flatten().is_some()
}

/// Listens for `Ctrl+Z`, `Cmd+Z` and a bare `Z` anywhere in the app and
/// undoes the newest edit that can be undone. Renders nothing.
#[component]
pub fn UndoShortcut() -> impl IntoView {
    let edits = EditsContext::expect();
    let handle = window_event_listener(ev::keydown, move |event| {
        let is_z = event.key().eq_ignore_ascii_case("z");
        let plain = !event.alt_key() && !event.shift_key();
        if !is_z || !plain || event.default_prevented() || is_typing(&event) || dialog_is_open() {
            return;
        }
        event.prevent_default();
        edits.undo_last();
    });
    on_cleanup(move || handle.remove());
}
