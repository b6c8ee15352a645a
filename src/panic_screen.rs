//! The screen shown when the app panics.
//!
//! A panic in the wasm build aborts the module, so nothing written in Leptos
//! runs afterwards. The hook therefore builds the screen with plain DOM calls
//! before the abort, and its Reload button is a form submission, which needs
//! no script.

use std::sync::atomic::{AtomicBool, Ordering};

use web_sys::{Document, Element};

static SHOWN: AtomicBool = AtomicBool::new(false);

/// Installs the panic hook: the panic is logged to the browser console and
/// the error screen covers the page.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        if !SHOWN.swap(true, Ordering::SeqCst) && show().is_none() {
            web_sys::console::error_1(&"the error screen could not be shown".into());
        }
    }));
}

/// Adds the error screen to the page; `None` when the DOM refused a step.
fn show() -> Option<()> {
    let document = web_sys::window()?.document()?;
    let path = document.location()?.pathname().ok()?;

    let screen = element(&document, "div", "panic-screen")?;
    screen.set_attribute("data-testid", "panic-screen").ok()?;
    screen.set_attribute("role", "alert").ok()?;
    let card = element(&document, "div", "panic-screen__card")?;

    let title = element(&document, "h1", "panic-screen__title")?;
    title.set_text_content(Some("Something went wrong"));
    let explanation = element(&document, "p", "panic-screen__message")?;
    explanation.set_text_content(Some(
        "The app hit an internal error and stopped. Edits the server already confirmed are saved; \
         an edit that was still being sent may be lost. The details are in the browser console.",
    ));

    // Submitting a GET form to the current path reloads the page without
    // script and drops the query string that may have caused the panic.
    let form = element(&document, "form", "panic-screen__actions")?;
    form.set_attribute("method", "get").ok()?;
    form.set_attribute("action", &path).ok()?;
    let reload = element(&document, "button", "button button--primary")?;
    reload.set_attribute("type", "submit").ok()?;
    reload.set_attribute("data-testid", "reload").ok()?;
    reload.set_text_content(Some("Reload"));

    form.append_child(&reload).ok()?;
    card.append_child(&title).ok()?;
    card.append_child(&explanation).ok()?;
    card.append_child(&form).ok()?;
    screen.append_child(&card).ok()?;
    document.body()?.append_child(&screen).ok()?;
    Some(())
}

fn element(document: &Document, tag: &str, class: &str) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    element.set_class_name(class);
    Some(element)
}
