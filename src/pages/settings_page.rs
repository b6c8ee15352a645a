use gumnut_types::User;
use leptos::prelude::*;

use crate::api::{ApiClient, ApiError};
use crate::session::{Session, SessionContext, page_origin};

/// `/settings`: connect to a Gumnut server with a base URL and API key.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let current = session.0.get_untracked();
    let base_url = RwSignal::new(current.base_url);
    let api_key = RwSignal::new(current.api_key.unwrap_or_default());
    let status = RwSignal::new(None::<String>);

    let test_connection = Action::new_local(move |candidate: &Session| {
        let client = ApiClient::new(candidate.clone());
        async move { client.current_user().await }
    });

    let on_test = move |_| {
        status.set(None);
        let key = api_key.get_untracked();
        let candidate = Session {
            base_url: base_url.get_untracked().trim().trim_end_matches('/').to_owned(),
            api_key: (!key.trim().is_empty()).then(|| key.trim().to_owned()),
        };
        test_connection.dispatch(candidate);
    };
    let on_save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        session.save(&base_url.get_untracked(), &api_key.get_untracked());
        base_url.set(session.0.get_untracked().base_url);
        status.set(Some("Saved.".to_owned()));
    };
    let on_disconnect = move |_| {
        session.disconnect();
        api_key.set(String::new());
        status.set(Some("Disconnected. The API key was removed from this browser.".to_owned()));
    };

    view! {
        <section class="page page--narrow">
            <header class="page__header">
                <h1 class="page__title">"Settings"</h1>
            </header>
            <form class="card settings-form" on:submit=on_save>
                <label class="field">
                    <span class="field__label">"API base URL"</span>
                    <input
                        class="input"
                        type="url"
                        name="base_url"
                        placeholder=page_origin()
                        prop:value=move || base_url.get()
                        on:input=move |event| base_url.set(event_target_value(&event))
                    />
                </label>
                <label class="field">
                    <span class="field__label">"API key"</span>
                    <input
                        class="input"
                        type="password"
                        name="api_key"
                        autocomplete="off"
                        prop:value=move || api_key.get()
                        on:input=move |event| api_key.set(event_target_value(&event))
                    />
                </label>
                <p class="hint">
                    {move || if session.0.get().is_signed_in() { "An API key is stored for this tab." } else { "Not connected." }}
                </p>
                <div class="settings-form__actions">
                    <button type="button" class="button" on:click=on_test disabled=move || test_connection.pending().get()>
                        "Test connection"
                    </button>
                    <button type="submit" class="button button--primary">"Save"</button>
                    <button type="button" class="button button--danger" on:click=on_disconnect>"Disconnect"</button>
                </div>
                {move || status.get().map(|message| view! { <p class="notice">{message}</p> })}
                {move || test_connection.value().get().map(connection_result)}
            </form>
        </section>
    }
}

fn connection_result(result: Result<User, ApiError>) -> impl IntoView {
    match result {
        Ok(user) => {
            let account = user.email.clone().unwrap_or_else(|| user.id.to_string());
            view! { <p class="notice notice--ok" role="status">"Connected as " {account} "."</p> }.into_any()
        }
        Err(error) => view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> }.into_any(),
    }
}
