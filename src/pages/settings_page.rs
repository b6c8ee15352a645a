//! `/settings`: the connect screen.

use gumnut_types::Library;
use gumnut_ui_core::library_scope::choose_library;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::api::{Account, ApiClient, ConnectionError, reconnect};
use crate::session::{KeyStorage, Session, SessionContext, page_origin};

/// Query parameter value that makes this page panic, so browser tests can
/// check the panic screen. A user has no link to it.
const PANIC_TRIGGER: &str = "debug=panic";

/// Purpose of a connection check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CheckPurpose {
    /// Only report whether the key works.
    Test,
    /// Store the key and use it once it works.
    Connect,
}

/// `/settings`: connect to a Gumnut server with a base URL and an API key,
/// choose where the key is kept, and pick a library when the account has
/// several. The key is never put in the URL or in a message.
#[component]
pub fn SettingsPage() -> impl IntoView {
    panic_if_requested();

    let session = expect_context::<SessionContext>();
    let current = session.0.get_untracked();
    let base_url = RwSignal::new(current.base_url);
    let api_key = RwSignal::new(current.api_key.unwrap_or_default());
    let storage = RwSignal::new(session.key_storage());
    let library_id = RwSignal::new(current.library_id);
    let account = RwSignal::new(None::<Account>);
    let notice = RwSignal::new(None::<String>);
    let waiting_writes = reconnect::waiting_writes();
    let navigate = use_navigate();

    let candidate = move || Session {
        base_url: base_url.get_untracked().trim().trim_end_matches('/').to_owned(),
        api_key: Some(api_key.get_untracked().trim().to_owned()).filter(|key| !key.is_empty()),
        library_id: None,
    };

    let check = Action::new_local(move |(candidate, purpose): &(Session, CheckPurpose)| {
        let client = ApiClient::new(candidate.clone());
        let candidate = candidate.clone();
        let purpose = *purpose;
        let navigate = navigate.clone();
        async move {
            let result = client.check_connection(&page_origin()).await;
            if let Ok(found) = &result {
                let chosen = choose_library(&found.libraries, library_id.get_untracked().as_deref());
                library_id.set(chosen.clone());
                account.set(Some(found.clone()));
                if purpose == CheckPurpose::Connect {
                    let key = candidate.api_key.clone().unwrap_or_default();
                    session.connect(&candidate.base_url, &key, storage.get_untracked(), chosen);
                    notice.set(Some(format!("Connected. {}", storage_note(storage.get_untracked()))));
                    if let Some(path) = reconnect::resume(session.0.get_untracked()) {
                        navigate(&path, NavigateOptions::default());
                    }
                }
            }
            result
        }
    });

    let on_test = move |_| {
        notice.set(None);
        check.dispatch((candidate(), CheckPurpose::Test));
    };
    let on_connect = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        notice.set(None);
        check.dispatch((candidate(), CheckPurpose::Connect));
    };
    let on_disconnect = move |_| {
        session.disconnect();
        api_key.set(String::new());
        account.set(None);
        library_id.set(None);
        check.value().set(None);
        notice.set(Some("Disconnected. The API key was removed from this browser.".to_owned()));
    };
    let on_library = move |chosen: String| {
        library_id.set(Some(chosen.clone()));
        let current = session.0.get_untracked();
        if let Some(key) = current.api_key {
            session.connect(&current.base_url, &key, storage.get_untracked(), Some(chosen));
            notice.set(Some("Library changed.".to_owned()));
        }
    };

    let connection_state = move || {
        if session.0.get().is_signed_in() {
            format!("An API key is set. {}", storage_note(session.key_storage()))
        } else {
            "Not connected.".to_owned()
        }
    };
    let waiting_notice = move || {
        let count = waiting_writes.get();
        (count > 0).then(|| {
            let message = if count == 1 {
                "1 edit could not be saved because the server rejected the API key. Connect again and it will be sent."
                    .to_owned()
            } else {
                format!(
                    "{count} edits could not be saved because the server rejected the API key. Connect again and \
                     they will be sent."
                )
            };
            view! {
                <p class="notice notice--error settings-waiting" role="alert" data-testid="waiting-writes">
                    {message}
                </p>
            }
        })
    };
    let library_picker = move || {
        let libraries = account.get().map(|account| account.libraries).unwrap_or_default();
        (libraries.len() > 1).then(|| view! { <LibraryPicker libraries selected=library_id on_change=on_library/> })
    };

    view! {
        <section class="page page--narrow">
            <header class="page__header">
                <h1 class="page__title">"Connect"</h1>
            </header>
            {waiting_notice}
            // `method="post"` keeps the key out of the URL even if a submit
            // ever reaches the browser's default handling. `novalidate` lets
            // the connection check explain a malformed URL in its own words.
            <form class="card settings-form" method="post" novalidate=true on:submit=on_connect>
                <label class="field">
                    <span class="field__label">"API base URL"</span>
                    <input
                        class="input"
                        type="url"
                        name="base_url"
                        placeholder="https://api.gumnut.ai"
                        autocomplete="url"
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
                        spellcheck="false"
                        prop:value=move || api_key.get()
                        on:input=move |event| api_key.set(event_target_value(&event))
                    />
                </label>
                <KeyStorageChoice storage/>
                <p class="hint" data-testid="connection-state">{connection_state}</p>
                <div class="settings-form__actions">
                    <button
                        type="button"
                        class="button"
                        data-testid="test-connection"
                        on:click=on_test
                        disabled=move || check.pending().get()
                    >
                        "Test connection"
                    </button>
                    <button
                        type="submit"
                        class="button button--primary"
                        data-testid="connect"
                        disabled=move || check.pending().get()
                    >
                        "Connect"
                    </button>
                    <button type="button" class="button button--danger" data-testid="disconnect" on:click=on_disconnect>
                        "Disconnect"
                    </button>
                </div>
                {move || check.pending().get().then(|| view! { <p class="hint" role="status">"Checking the connection…"</p> })}
                {move || check.value().get().map(connection_result)}
                {library_picker}
                {move || notice.get().map(|message| view! { <p class="notice" role="status" data-testid="settings-notice">{message}</p> })}
            </form>
        </section>
    }
}

/// Renders the choice between keeping the key for this tab or in this
/// browser, with the trade-off spelled out.
#[component]
fn KeyStorageChoice(
    /// The chosen storage.
    storage: RwSignal<KeyStorage>,
) -> impl IntoView {
    let option = move |value: KeyStorage, label: &'static str| {
        view! {
            <label class="field field--inline">
                <input
                    type="radio"
                    name="key_storage"
                    value=value.as_str()
                    prop:checked=move || storage.get() == value
                    on:change=move |_| storage.set(value)
                />
                <span>{label}</span>
            </label>
        }
    };

    view! {
        <fieldset class="settings-form__storage">
            <legend class="field__label">"Keep the API key"</legend>
            {option(KeyStorage::ThisTab, "For this tab only (forgotten when the tab closes)")}
            {option(KeyStorage::ThisBrowser, "In this browser (kept until you disconnect)")}
            <p class="hint" data-testid="storage-warning">
                {move || match storage.get() {
                    KeyStorage::ThisTab => "You will paste the key again in every new tab.",
                    KeyStorage::ThisBrowser => {
                        "Anyone who uses this browser profile, and any script running on this site, can read a key \
                         kept in the browser. Choose this only on a computer that you alone use."
                    }
                }}
            </p>
        </fieldset>
    }
}

/// Renders a drop-down of the account's libraries. The choice becomes the
/// `library_id` of every request that takes one.
#[component]
fn LibraryPicker(
    /// Live libraries of the account, at least two.
    libraries: Vec<Library>,
    /// The chosen library's id.
    selected: RwSignal<Option<String>>,
    /// Runs with the id of a newly chosen library.
    #[prop(into)]
    on_change: Callback<String>,
) -> impl IntoView {
    let options = libraries
        .into_iter()
        .map(|library| {
            let id = library.id.to_string();
            let is_selected = {
                let id = id.clone();
                move || selected.get().as_deref() == Some(id.as_str())
            };
            view! { <option value=id.clone() selected=is_selected>{library.name}</option> }
        })
        .collect_view();

    view! {
        <label class="field">
            <span class="field__label">"Library"</span>
            <select
                class="input"
                name="library_id"
                data-testid="library-picker"
                on:change=move |event| on_change.run(event_target_value(&event))
            >
                {options}
            </select>
        </label>
    }
}

fn connection_result(result: Result<Account, ConnectionError>) -> impl IntoView {
    match result {
        Ok(account) => {
            let libraries = match account.libraries.len() {
                0 | 1 => String::new(),
                count => format!(" The account has {count} libraries; pick one below."),
            };
            view! {
                <p class="notice notice--ok" role="status" data-testid="connection-status" data-status="ok">
                    "The connection works. Signed in as " {account.label()} "." {libraries}
                </p>
            }
            .into_any()
        }
        Err(error) => view! {
            <p class="notice notice--error" role="alert" data-testid="connection-status" data-status="error">
                {error.to_string()}
            </p>
        }
        .into_any(),
    }
}

fn storage_note(storage: KeyStorage) -> &'static str {
    match storage {
        KeyStorage::ThisTab => "The key is kept for this tab only.",
        KeyStorage::ThisBrowser => "The key is kept in this browser until you disconnect.",
    }
}

/// Panics on `/settings?debug=panic`, so a browser test can check that a
/// panic shows the error screen instead of a blank page.
fn panic_if_requested() {
    let search = window().location().search().unwrap_or_default();
    let requested = search.trim_start_matches('?').split('&').any(|pair| pair == PANIC_TRIGGER);
    if requested {
        panic!("panic requested with ?{PANIC_TRIGGER} to test the error screen");
    }
}
