//! Storage of the API key, base URL and chosen library between page loads.
//!
//! The user picks where the key lives: `sessionStorage` (the default) keeps
//! it for this tab only, `localStorage` keeps it in this browser until they
//! disconnect. The base URL and library are stored next to the key. Reads
//! look in `sessionStorage` first.

use leptos::prelude::*;
use web_sys::Storage;

/// Storage key of the API key.
pub const API_KEY_STORAGE_KEY: &str = "gumnut.api_key";

/// Storage key of the API base URL.
pub const BASE_URL_STORAGE_KEY: &str = "gumnut.base_url";

/// Storage key of the chosen library's id, set only when the account has
/// several libraries.
pub const LIBRARY_ID_STORAGE_KEY: &str = "gumnut.library_id";

/// Base URL of the hosted Gumnut API.
pub const GUMNUT_API_URL: &str = "https://api.gumnut.ai";

/// The credentials every API call uses.
#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    /// Base URL without a trailing slash, such as `http://127.0.0.1:8080`.
    pub base_url: String,
    /// Bearer credential; `None` until the user signs in.
    pub api_key: Option<String>,
    /// Library sent as `library_id` where the API takes it; `None` for an
    /// account with one library.
    pub library_id: Option<String>,
}

/// The API key stays out of debug output, which may end up in a log line.
impl std::fmt::Debug for Session {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Session")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("library_id", &self.library_id)
            .finish()
    }
}

impl Session {
    /// Checks whether an API key is present.
    pub fn is_signed_in(&self) -> bool {
        self.api_key.is_some()
    }
}

/// Storage area of the API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyStorage {
    /// `sessionStorage`: gone when the tab closes.
    #[default]
    ThisTab,
    /// `localStorage`: kept in this browser profile until disconnecting.
    ThisBrowser,
}

impl KeyStorage {
    /// Returns the value of the storage choice in the connect form.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStorage::ThisTab => "session",
            KeyStorage::ThisBrowser => "local",
        }
    }

    fn storage(self) -> Option<Storage> {
        match self {
            KeyStorage::ThisTab => session_storage(),
            KeyStorage::ThisBrowser => local_storage(),
        }
    }

    fn other(self) -> Self {
        match self {
            KeyStorage::ThisTab => KeyStorage::ThisBrowser,
            KeyStorage::ThisBrowser => KeyStorage::ThisTab,
        }
    }
}

/// App-wide handle on the current [`Session`], provided at the root.
#[derive(Debug, Clone, Copy)]
pub struct SessionContext(pub RwSignal<Session>);

impl SessionContext {
    /// Takes a `#token=…` sign-in from the URL, then loads the stored session.
    ///
    /// A sign-in link comes from the server that serves this page, so it
    /// also points the base URL at the page's own origin.
    pub fn start() -> Self {
        if let Some(token) = take_token_from_fragment() {
            write_item(KeyStorage::ThisTab, API_KEY_STORAGE_KEY, &token);
            write_item(KeyStorage::ThisTab, BASE_URL_STORAGE_KEY, &page_origin());
        }
        Self(RwSignal::new(load()))
    }

    /// Stores new credentials in `storage`, removes older copies from the
    /// other storage, and makes every page use them.
    pub fn connect(self, base_url: &str, api_key: &str, storage: KeyStorage, library_id: Option<String>) {
        let base_url = normalize_base_url(base_url);
        let api_key = api_key.trim();
        for key in [API_KEY_STORAGE_KEY, BASE_URL_STORAGE_KEY, LIBRARY_ID_STORAGE_KEY] {
            remove_item(storage.other(), key);
        }

        write_item(storage, BASE_URL_STORAGE_KEY, &base_url);
        if api_key.is_empty() {
            remove_item(storage, API_KEY_STORAGE_KEY);
        } else {
            write_item(storage, API_KEY_STORAGE_KEY, api_key);
        }
        match &library_id {
            Some(library_id) => write_item(storage, LIBRARY_ID_STORAGE_KEY, library_id),
            None => remove_item(storage, LIBRARY_ID_STORAGE_KEY),
        }

        // Set from the inputs rather than reloading, so the session works
        // for this page even when storage refused the write.
        let base_url = if base_url.is_empty() { default_base_url() } else { base_url };
        let api_key = (!api_key.is_empty()).then(|| api_key.to_owned());
        self.0.set(Session { base_url, api_key, library_id });
    }

    /// Forgets the API key and chosen library in both storages; the base
    /// URL stays for the next sign-in.
    pub fn disconnect(self) {
        for storage in [KeyStorage::ThisTab, KeyStorage::ThisBrowser] {
            remove_item(storage, API_KEY_STORAGE_KEY);
            remove_item(storage, LIBRARY_ID_STORAGE_KEY);
        }
        self.0.update(|session| {
            session.api_key = None;
            session.library_id = None;
        });
    }

    /// Returns where the current key is stored; the default when none is.
    pub fn key_storage(self) -> KeyStorage {
        let in_local = local_storage().and_then(|storage| storage.get_item(API_KEY_STORAGE_KEY).ok().flatten());
        let in_session = session_storage().and_then(|storage| storage.get_item(API_KEY_STORAGE_KEY).ok().flatten());
        if in_session.is_none() && in_local.is_some() { KeyStorage::ThisBrowser } else { KeyStorage::ThisTab }
    }
}

/// Reads the session from storage.
fn load() -> Session {
    let base_url = read_item(BASE_URL_STORAGE_KEY)
        .map(|url| normalize_base_url(&url))
        .filter(|url| !url.is_empty())
        .unwrap_or_else(default_base_url);
    let api_key = read_item(API_KEY_STORAGE_KEY).filter(|key| !key.trim().is_empty());
    let library_id = read_item(LIBRARY_ID_STORAGE_KEY).filter(|id| !id.trim().is_empty());
    Session { base_url, api_key, library_id }
}

/// Returns the base URL used until the user sets one: the page's own origin when it
/// is a local address, where the local server serves both the app and the
/// API, otherwise the hosted Gumnut API.
///
/// NOTE: a local server reached through another host name, such as a LAN
/// address, gets the hosted API as its default. Its `#token=` sign-in link
/// still sets the page's origin.
pub fn default_base_url() -> String {
    let hostname = window().location().hostname().unwrap_or_default();
    let is_local = matches!(hostname.as_str(), "localhost" | "127.0.0.1" | "[::1]") || hostname.ends_with(".localhost");
    if is_local { page_origin() } else { GUMNUT_API_URL.to_owned() }
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
        if history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&cleaned)).is_err() {
            log::warn!("could not remove the sign-in token from the URL");
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

fn write_item(storage: KeyStorage, key: &str, value: &str) {
    let written = storage.storage().map(|storage| storage.set_item(key, value));
    if !matches!(written, Some(Ok(()))) {
        // Private modes can refuse storage; the session then lasts until reload.
        log::warn!("could not store {key} in {} storage", storage.as_str());
    }
}

fn remove_item(storage: KeyStorage, key: &str) {
    if let Some(storage_area) = storage.storage()
        && storage_area.remove_item(key).is_err()
    {
        log::warn!("could not remove {key} from {} storage", storage.as_str());
    }
}
