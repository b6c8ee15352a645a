use leptos::prelude::*;

use super::error_view::ErrorView;
use crate::api::ApiError;

/// The "Load more" button under a paginated grid, with the error of the
/// last failed attempt.
#[component]
pub fn LoadMore(
    /// Whether another page exists.
    #[prop(into)]
    has_more: Signal<bool>,
    /// Whether a page is being fetched.
    #[prop(into)]
    pending: Signal<bool>,
    /// The error of the last attempt, if it failed.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
    /// Fetches the next page.
    #[prop(into)]
    on_load: Callback<()>,
) -> impl IntoView {
    // A grid whose first page is refetched renders a new button, and this
    // one may still be notified once after its derived signals are gone.
    // So they are read with `try_get`.
    view! {
        {move || error.try_get().flatten().map(|error| view! { <ErrorView error on_retry=on_load/> })}
        <Show when=move || has_more.try_get().unwrap_or(false)>
            <div class="load-more">
                <button
                    class="button"
                    data-testid="load-more"
                    disabled=move || pending.try_get().unwrap_or(true)
                    on:click=move |_| on_load.run(())
                >
                    {move || if pending.try_get().unwrap_or(false) { "Loading…" } else { "Load more" }}
                </button>
            </div>
        </Show>
    }
}
