use gumnut_ui_core::AppRoute;
use leptos::prelude::*;

/// A clear "not found" message with a way back.
#[component]
pub fn NotFoundView(
    /// Headline, such as "This person no longer exists".
    #[prop(into)]
    title: String,
    /// One sentence on what may have happened.
    #[prop(into)]
    detail: String,
    /// Where the way-back link leads.
    back: AppRoute,
    /// Text of the way-back link.
    #[prop(into)]
    back_label: String,
) -> impl IntoView {
    view! {
        <section class="not-found" data-testid="not-found">
            <h1 class="not-found__title">{title}</h1>
            <p class="not-found__detail">{detail}</p>
            <a class="button button--primary" href=back.href()>{back_label}</a>
        </section>
    }
}
