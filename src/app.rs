//! The root component and the route table.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::api::reconnect::SessionExpiryRedirect;
use crate::components::Nav;
use crate::edits::{EditToasts, EditsContext, LiveRegion, UndoShortcut};
use crate::pages::{AssetPage, LibraryPage, NotFoundPage, PeoplePage, PersonPage, SettingsPage};
use crate::session::SessionContext;

/// The whole app: session, top bar and pages.
#[component]
pub fn App() -> impl IntoView {
    // Before the router reads the URL, so a `#token=` sign-in is already
    // stored and removed from the address bar.
    let session = SessionContext::start();
    provide_context(session);
    EditsContext::provide(session);

    view! {
        <Router>
            <SessionExpiryRedirect/>
            <Nav/>
            <main class="main">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=LibraryPage/>
                    <Route path=path!("/assets/:id") view=AssetPage/>
                    <Route path=path!("/people") view=PeoplePage/>
                    <Route path=path!("/people/:id") view=PersonPage/>
                    <Route path=path!("/settings") view=SettingsPage/>
                </Routes>
            </main>
            <EditToasts/>
            <LiveRegion/>
            <UndoShortcut/>
        </Router>
    }
}
