use gumnut_ui_core::AppRoute;
use leptos::prelude::*;

use crate::api::ApiError;

/// A failed request: the message, a Retry button, and a link to Settings
/// when the API key is missing or rejected.
#[component]
pub fn ErrorView(
    /// The error to describe.
    error: ApiError,
    /// Runs the failed request again.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    // A request cancelled by leaving the page is not a failure; the view
    // that asked for it is going away.
    if error.is_aborted() {
        return ().into_any();
    }

    let title = if error.is_unauthorized() { "Not connected" } else { "Something went wrong" };
    let settings_link = error.is_unauthorized().then(|| {
        view! {
            <a class="button button--primary" href=AppRoute::Settings.href()>"Open Settings"</a>
        }
    });

    view! {
        <div class="error-view" data-testid="error-view" role="alert">
            <h2 class="error-view__title">{title}</h2>
            <p class="error-view__message">{error.to_string()}</p>
            <div class="error-view__actions">
                {settings_link}
                <button class="button" data-testid="retry" on:click=move |_| on_retry.run(())>
                    "Retry"
                </button>
            </div>
        </div>
    }
    .into_any()
}
