use gumnut_ui_core::AppRoute;
use leptos::prelude::*;

use crate::components::NotFoundView;

/// The page for any URL the app does not know.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <NotFoundView
            title="Page not found"
            detail="There is nothing at this address. It may have been mistyped or moved."
            back=AppRoute::Library
            back_label="Go to the library"
        />
    }
}
