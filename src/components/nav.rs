use gumnut_ui_core::AppRoute;
use leptos::prelude::*;
use leptos_router::components::A;

/// The top bar: app name and the main sections.
#[component]
pub fn Nav() -> impl IntoView {
    view! {
        <header class="nav">
            <a class="nav__brand" href=AppRoute::Library.href()>"gumnut faces"</a>
            <nav class="nav__links" aria-label="Main">
                <A href=AppRoute::Library.href() exact=true>"Library"</A>
                <A href=AppRoute::people().href()>"People"</A>
                <A href=AppRoute::Settings.href()>"Settings"</A>
            </nav>
        </header>
    }
}
