//! One component per page of the app.

mod asset_page;
mod library_page;
mod not_found_page;
mod people_page;
mod person_page;
mod settings_page;

pub use asset_page::AssetPage;
pub use library_page::LibraryPage;
pub use not_found_page::NotFoundPage;
pub use people_page::PeoplePage;
pub use person_page::PersonPage;
pub use settings_page::SettingsPage;

use gumnut_ui_core::AppRoute;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// Reads the current URL as an [`AppRoute`], so pages take their ids and
/// options from the same parser that builds links.
pub(crate) fn use_app_route() -> Memo<AppRoute> {
    let location = use_location();
    Memo::new(move |_| {
        let path = location.pathname.get();
        let search = location.search.get();
        if search.is_empty() { AppRoute::parse(&path) } else { AppRoute::parse(&format!("{path}?{search}")) }
    })
}
