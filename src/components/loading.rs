use leptos::prelude::*;

/// A spinner with a label, shown while the first data of a view loads.
#[component]
pub fn Loading(
    /// Name of the data being loaded, such as "photos".
    #[prop(into)]
    subject: String,
) -> impl IntoView {
    view! {
        <div class="loading" data-testid="loading" role="status" aria-live="polite">
            <span class="loading__spinner" aria-hidden="true"></span>
            <span class="loading__label">"Loading " {subject} "…"</span>
        </div>
    }
}
