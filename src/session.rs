//! Storage of the API key and base URL between page loads.
//!
//! The key is kept in `sessionStorage`, so it is gone when the tab closes.
//! Reads also look in `localStorage`, where a settings option may keep it
//! for longer.

use leptos::prelude::*;
use web_sys::Storage;

/// Storage key of the API key.
pub const API_KEY_STORAGE_KEY: &str = "gumnut.api_key";

/// Storage key of the API base URL.
pub const BASE_URL_STORAGE_KEY: &str = "gumnut.base_url";

/// The credentials every API call uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Base URL without a trailing slash, such as `http://127.0.0.1:8080`.
    pub base_url: String,
    /// Bearer credential; `None` until the user signs in.
    pub api_key: Option<String>,
}

impl Session {
    /// Checks whether an API key is present.
    pub fn is_signed_in(&self) -> bool {
        self.api_key.is_some()
    }
}

/// App-wide handle on the current [`Session`], provided at the root.
#[derive(Debug, Clone, Copy)]
pub struct SessionContext(pub RwSignal<Session>);

impl SessionContext {
    /// Takes a `#token=…` sign-in from the URL, then loads the stored session.
    pub fn start() -> Self {
        if let Some(token) = take_token_from_fragment() {
            write_item(API_KEY_STORAGE_KEY, &token);
        }
        Self(RwSignal::new(load()))
    }

    /// Stores new credentials and makes every page use them.
    pub fn save(self, base_url: &str, api_key: &str) {
        let base_url = normalize_base_url(base_url);
        let api_key = api_key.trim();
        write_item(BASE_URL_STORAGE_KEY, &base_url);
        if api_key.is_empty() {
            remove_item(API_KEY_STORAGE_KEY);
        } else {
            write_item(API_KEY_STORAGE_KEY, api_key);
        }

        // Set from the inputs rather than reloading, so the session works
        // for this page even when storage refused the write.
        let base_url = if base_url.is_empty() { page_origin() } else { base_url };
        let api_key = (!api_key.is_empty()).then(|| api_key.to_owned());
        self.0.set(Session { base_url, api_key });
    }

    /// Forgets the API key everywhere it may be stored.
    pub fn disconnect(self) {
        remove_item(API_KEY_STORAGE_KEY);
        self.0.update(|session| session.api_key = None);
    }
}

/// Reads the session from storage, defaulting the base URL to the page's
/// own origin.
fn load() -> Session {
    let base_url = read_item(BASE_URL_STORAGE_KEY)
        .map(|url| normalize_base_url(&url))
        .filter(|url| !url.is_empty())
        .unwrap_or_else(page_origin);
    let api_key = read_item(API_KEY_STORAGE_KEY).filter(|key| !key.trim().is_empty());
    Session { base_url, api_key }
}

/// Returns the origin the app was served from, such as `http://127.0.0.1:8080`.
pub fn page_origin() -> String {
    window().location().origin().unwrap_or_default()
}

fn normalize_base_url(url: &str) -> String {
    url.trim().trim_end_matches('/').to_owned()
}

/// Removes `#token=…` from the address bar with `history.replaceState`, so
/// the credential is not left in history or bookmarks, and returns it.
fn take_token_from_fragment() -> Option<String> {
    let location = window().location();
    let hash = location.hash().ok()?;
    let token = hash
        .trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
        .map(gumnut_ui_core::encoding::decode_query_component)
        .filter(|token| !token.trim().is_empty())?;

    let path = location.pathname().unwrap_or_else(|_| "/".to_owned());
    let search = location.search().unwrap_or_default();
    if let Ok(history) = window().history() {
        let cleaned = format!("{path}{search}");
        if let Err(error) = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&cleaned)) {
            log::warn!("could not remove the token from the URL: {error:?}");
        }
    }
    Some(token)
}

fn session_storage() -> Option<Storage> {
    window().session_storage().ok().flatten()
}

fn local_storage() -> Option<Storage> {
    window().local_storage().ok().flatten()
}

fn read_item(key: &str) -> Option<String> {
    let from_session = session_storage().and_then(|storage| storage.get_item(key).ok().flatten());
    from_session.or_else(|| local_storage().and_then(|storage| storage.get_item(key).ok().flatten()))
}

fn write_item(key: &str, value: &str) {
    let written = session_storage().map(|storage| storage.set_item(key, value));
    if !matches!(written, Some(Ok(()))) {
        // Private modes can refuse storage; the session then lasts until reload.
        log::warn!("could not store {key} in sessionStorage");
    }
}

fn remove_item(key: &str) {
    for storage in [session_storage(), local_storage()].into_iter().flatten() {
        if storage.remove_item(key).is_err() {
            log::warn!("could not remove {key} from storage");
        }
    }
}
