//! The connect screen, the API client's retries and the panic screen,
//! against the real server and the release UI.
//!
//! Run with `GUMNUT_UI_DIR=<built UI> cargo test --release -p gumnut-e2e --test resilience`.

use std::path::Path;

use gumnut_e2e::{App, E2eError, RequestLogEntry, run_browser_test, run_browser_test_with};
use gumnut_types::Person;
use serde_json::{Value, json};

/// Token the server starts with instead of a generated one.
const CUSTOM_TOKEN: &str = "gnt_resilience_custom_token_0123456789";

/// A key the server does not accept.
const WRONG_KEY: &str = "gnt_wrong_key_9876543210";

const BASE_URL_INPUT: &str = "input[name=\"base_url\"]";
const API_KEY_INPUT: &str = "input[name=\"api_key\"]";
const CONNECTION_STATUS: &str = "[data-testid=\"connection-status\"]";
const CONNECTION_STATE: &str = "[data-testid=\"connection-state\"]";

/// Maximum length of a person name that the local server accepts.
const MAX_NAME_CHARS: usize = 1_000;

/// Requested wait of the injected 429, in seconds.
const RETRY_AFTER_SECS: u64 = 2;

/// Writes the token file the server reads at start, so it uses `CUSTOM_TOKEN`.
fn use_custom_token(data_dir: &Path) -> Result<(), E2eError> {
    let path = data_dir.join("token");
    std::fs::write(&path, format!("{CUSTOM_TOKEN}\n")).map_err(|source| E2eError::Io {
        action: "writing",
        path,
        source,
    })
}

/// Where the connect form keeps the key.
#[derive(Debug, Clone, Copy)]
enum KeyStorage {
    ThisTab,
    ThisBrowser,
}

impl KeyStorage {
    fn radio(self) -> &'static str {
        match self {
            KeyStorage::ThisTab => "input[name=\"key_storage\"][value=\"session\"]",
            KeyStorage::ThisBrowser => "input[name=\"key_storage\"][value=\"local\"]",
        }
    }
}

/// Fills the connect form and presses Connect.
async fn submit_connect_form(
    app: &App,
    base_url: &str,
    api_key: &str,
    storage: KeyStorage,
) -> Result<(), E2eError> {
    let base_input = app.wait_for(BASE_URL_INPUT).await?;
    base_input.clear().await?;
    base_input.send_keys(base_url).await?;
    let key_input = app.wait_for(API_KEY_INPUT).await?;
    key_input.clear().await?;
    key_input.send_keys(api_key).await?;
    app.wait_for(storage.radio()).await?.click().await?;
    app.wait_for_test_id("connect").await?.click().await?;
    Ok(())
}

/// Waits until the connection result shows `status` (`ok` or `error`) with
/// `text` in it, and returns the whole message.
async fn wait_for_connection_status(app: &App, status: &str, text: &str) -> Result<String, E2eError> {
    app.wait_until(
        &format!("a connection result {status} containing {text:?}"),
        "const element = document.querySelector(arguments[0]); \
         return element !== null && element.dataset.status === arguments[1] \
             && element.textContent.includes(arguments[2]);",
        vec![Value::from(CONNECTION_STATUS), Value::from(status), Value::from(text)],
    )
    .await?;
    Ok(app.wait_for(CONNECTION_STATUS).await?.text().await?)
}

/// Returns the value stored under `key` in `sessionStorage` and `localStorage`.
async fn stored(app: &App, key: &str) -> Result<(Option<String>, Option<String>), E2eError> {
    app.script(
        "return [sessionStorage.getItem(arguments[0]), localStorage.getItem(arguments[0])];",
        vec![Value::from(key)],
    )
    .await
}

/// Opens `/settings` and returns the text of the connection state line.
async fn connection_state(app: &App) -> Result<String, E2eError> {
    app.goto("/settings").await?;
    Ok(app.wait_for(CONNECTION_STATE).await?.text().await?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_rejects_wrong_key_accepts_right() {
    run_browser_test_with("connect-keys", use_custom_token, async |app| {
        assert_eq!(app.token(), CUSTOM_TOKEN, "the server ignored the custom token");

        app.goto("/settings").await?;
        let base_url = app.wait_for(BASE_URL_INPUT).await?.prop("value").await?;
        assert_eq!(
            base_url.as_deref(),
            Some(app.base_url()),
            "served from 127.0.0.1, the base URL should default to the page's origin"
        );
        let key_type = app.wait_for(API_KEY_INPUT).await?.attr("type").await?;
        assert_eq!(key_type.as_deref(), Some("password"), "the key must be masked on screen");

        submit_connect_form(app, app.base_url(), WRONG_KEY, KeyStorage::ThisTab).await?;
        let message = wait_for_connection_status(app, "error", "Wrong API key").await?;
        assert!(!message.contains(WRONG_KEY), "the error message shows the key: {message}");
        let (in_session, in_local) = stored(app, "gumnut.api_key").await?;
        assert_eq!((in_session, in_local), (None, None), "a rejected key was stored");
        app.screenshot("connect-wrong-key").await?;

        submit_connect_form(app, app.base_url(), CUSTOM_TOKEN, KeyStorage::ThisTab).await?;
        let message = wait_for_connection_status(app, "ok", "Signed in as").await?;
        assert!(!message.contains(CUSTOM_TOKEN), "the success message shows the key: {message}");
        let (in_session, in_local) = stored(app, "gumnut.api_key").await?;
        assert_eq!(in_session.as_deref(), Some(CUSTOM_TOKEN));
        assert_eq!(in_local, None, "the default storage is this tab only");
        app.screenshot("connect-ok").await?;

        let url = app.current_url().await?;
        assert!(!url.contains(CUSTOM_TOKEN), "the key reached the URL: {url}");
        assert!(!url.contains(WRONG_KEY), "the wrong key reached the URL: {url}");

        app.goto("/").await?;
        app.wait_for("[data-testid=\"library-grid\"] [data-asset-id]").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_names_what_failed() {
    run_browser_test_with("connect-failures", use_custom_token, async |app| {
        app.goto("/settings").await?;

        let cases = [
            ("not a URL", "not-a-url".to_owned(), "is not a valid API address"),
            // The SPA fallback returns the app's HTML page, as a web server
            // that is not a Gumnut API would.
            ("not Gumnut", format!("{}/not-an-api", app.base_url()), "does not look like a Gumnut API"),
            // Port 1 on the loopback address has no listener.
            ("unreachable", "http://127.0.0.1:1".to_owned(), "Could not reach http://127.0.0.1:1"),
        ];
        for (case, base_url, expected) in cases {
            submit_connect_form(app, &base_url, CUSTOM_TOKEN, KeyStorage::ThisTab).await?;
            let message = wait_for_connection_status(app, "error", expected).await?;
            assert!(!message.contains(CUSTOM_TOKEN), "{case}: the message shows the key: {message}");
        }

        let (in_session, in_local) = stored(app, "gumnut.api_key").await?;
        assert_eq!((in_session, in_local), (None, None), "a failed connection stored the key");
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tab_storage_forgets_key_in_new_tab() {
    run_browser_test_with("storage-tab", use_custom_token, async |app| {
        app.goto("/settings").await?;
        submit_connect_form(app, app.base_url(), CUSTOM_TOKEN, KeyStorage::ThisTab).await?;
        wait_for_connection_status(app, "ok", "Signed in as").await?;

        let state = connection_state(app).await?;
        assert!(state.contains("An API key is set"), "a reload in the same tab lost the key: {state}");

        let driver = app.driver()?;
        let new_tab = driver.new_tab().await?;
        driver.switch_to_window(new_tab).await?;
        let state = connection_state(app).await?;
        assert!(state.contains("Not connected"), "a new tab kept a key meant for one tab: {state}");
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_storage_keeps_key_until_disconnect() {
    run_browser_test_with("storage-browser", use_custom_token, async |app| {
        app.goto("/settings").await?;
        app.wait_for(KeyStorage::ThisBrowser.radio()).await?.click().await?;
        let warning = app.wait_for_test_id("storage-warning").await?.text().await?;
        assert!(warning.contains("can read a key"), "no warning about keeping the key: {warning}");
        app.screenshot("connect-browser-storage").await?;

        submit_connect_form(app, app.base_url(), CUSTOM_TOKEN, KeyStorage::ThisBrowser).await?;
        wait_for_connection_status(app, "ok", "Signed in as").await?;
        let (in_session, in_local) = stored(app, "gumnut.api_key").await?;
        assert_eq!(in_session, None, "the key was also kept for the tab");
        assert_eq!(in_local.as_deref(), Some(CUSTOM_TOKEN));

        let driver = app.driver()?;
        let new_tab = driver.new_tab().await?;
        driver.switch_to_window(new_tab).await?;
        let state = connection_state(app).await?;
        assert!(state.contains("An API key is set"), "a new tab lost the key kept in the browser: {state}");

        app.wait_for_test_id("disconnect").await?.click().await?;
        app.wait_for_test_id("settings-notice").await?;
        let state = connection_state(app).await?;
        assert!(state.contains("Not connected"), "the key survived Disconnect and a reload: {state}");
        let (in_session, in_local) = stored(app, "gumnut.api_key").await?;
        assert_eq!((in_session, in_local), (None, None), "Disconnect left the key in storage");
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retry_after_delays_the_retry() {
    run_browser_test("retry-after", async |app| {
        app.sign_in().await?;
        app.wait_for("[data-testid=\"library-grid\"] [data-asset-id]").await?;

        app.api()
            .set_faults(&json!({"fail_next": 1, "fail_status": 429, "retry_after_secs": RETRY_AFTER_SECS}))
            .await?;
        app.goto("/people").await?;
        app.wait_for("[data-testid=\"people-grid\"] [data-person-id]").await?;

        let log = app.api().request_log().await?;
        let (rejected_at, rejected) = log
            .iter()
            .enumerate()
            .find(|(_, entry)| entry.status == 429)
            .ok_or_else(|| E2eError::Unexpected(format!("no request got the injected 429: {log:?}")))?;
        let retry = log[rejected_at + 1..]
            .iter()
            .find(|entry| same_request(entry, rejected))
            .ok_or_else(|| E2eError::Unexpected(format!("the rate-limited request was never sent again: {log:?}")))?;
        assert_eq!(retry.status, 200, "the retry failed: {retry:?}");

        let sent_at = rejected.received_at_ms.unwrap_or_default();
        let retried_at = retry.received_at_ms.unwrap_or_default();
        let waited_ms = retried_at.saturating_sub(sent_at);
        println!("the 429 asked for {RETRY_AFTER_SECS} s; the retry came {waited_ms} ms later");
        // Without the header the first backoff is at most 0.5 s; the upper
        // bound leaves room for a slow machine.
        assert!(waited_ms >= RETRY_AFTER_SECS * 1000 - 100, "the retry came after only {waited_ms} ms");
        assert!(waited_ms < RETRY_AFTER_SECS * 1000 + 3000, "the retry came after {waited_ms} ms");
        Ok(())
    })
    .await;
}

fn same_request(a: &RequestLogEntry, b: &RequestLogEntry) -> bool {
    a.method == b.method && a.path == b.path && a.query == b.query
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forced_panic_shows_error_screen() {
    run_browser_test("panic-screen", async |app| {
        app.sign_in().await?;
        app.goto("/settings?debug=panic").await?;

        let screen = app.wait_for_test_id("panic-screen").await?;
        let text = screen.text().await?;
        assert!(text.contains("Something went wrong"), "the error screen says: {text}");
        let logged_panic = app
            .console_log()
            .await?
            .iter()
            .any(|entry| entry.message.contains("panic requested"));
        assert!(logged_panic, "the panic was not logged to the console");
        app.screenshot("panic-screen").await?;

        app.wait_for_test_id("reload").await?.click().await?;
        app.wait_for(CONNECTION_STATE).await?;
        let url = app.current_url().await?;
        assert!(url.ends_with("/settings") || url.ends_with("/settings?"), "Reload went to {url}");
        let screens = app.find_all("[data-testid=\"panic-screen\"]").await?;
        assert!(screens.is_empty(), "the error screen is still shown after Reload");
        Ok(())
    })
    .await;
}

/// Creates a person through the API and returns it.
async fn create_person(app: &App, name: &str) -> Result<Person, E2eError> {
    let response = reqwest::Client::new()
        .post(format!("{}/api/people", app.base_url()))
        .bearer_auth(app.token())
        .json(&json!({"name": name}))
        .send()
        .await?;
    let status = response.status();
    let body = response.text().await?;
    if !status.is_success() {
        return Err(E2eError::Api { method: "POST", path: "/api/people".to_owned(), status: status.as_u16(), body });
    }
    serde_json::from_str(&body).map_err(|error| E2eError::Unexpected(format!("bad person body ({error}): {body}")))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_names_render_as_text() {
    run_browser_test("hostile-names", async |app| {
        let html_name = "<img src=x onerror=\"window.__injected=1\"><b>Eve</b> & co";
        let long_name = "W".repeat(MAX_NAME_CHARS);
        let html_person = create_person(app, html_name).await?;
        let long_person = create_person(app, &long_name).await?;

        let too_long = create_person(app, &"W".repeat(10_000)).await;
        assert!(
            matches!(too_long, Err(E2eError::Api { status: 422, .. })),
            "the server should reject a 10,000-character name: {too_long:?}"
        );

        app.sign_in().await?;
        for (case, person, name) in [("html", &html_person, html_name), ("long", &long_person, long_name.as_str())] {
            app.goto(&format!("/people/{}", person.id)).await?;
            let name_element = app.wait_for_test_id("person-name").await?;
            let text: String = app.script("return arguments[0].textContent;", vec![name_element.to_json()?]).await?;
            assert_eq!(text.trim(), name, "{case}: the name is not shown as plain text");

            let injected: bool = app
                .script("return document.querySelector('img[src=\"x\"]') !== null || window.__injected === 1;", vec![])
                .await?;
            assert!(!injected, "{case}: markup from the name reached the page");
            let overflows: bool = app
                .script("return document.documentElement.scrollWidth > window.innerWidth + 1;", vec![])
                .await?;
            assert!(!overflows, "{case}: the name makes the page scroll sideways");
            let panicked = app.find_all("[data-testid=\"panic-screen\"]").await?;
            assert!(panicked.is_empty(), "{case}: the app panicked");
            app.screenshot(&format!("hostile-name-{case}")).await?;
        }
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleted_person_shows_not_found() {
    run_browser_test("deleted-person", async |app| {
        let person = create_person(app, "Soon Gone").await?;
        let response = reqwest::Client::new()
            .delete(format!("{}/api/people/{}", app.base_url(), person.id))
            .bearer_auth(app.token())
            .send()
            .await?;
        assert!(response.status().is_success(), "deleting the person failed: {}", response.status());

        app.sign_in().await?;
        app.goto(&format!("/people/{}", person.id)).await?;
        app.wait_for_test_id("not-found").await?;
        let error_views = app.find_all("[data-testid=\"error-view\"]").await?;
        assert!(error_views.is_empty(), "a deleted person shows an error instead of not found");
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_key_keeps_edit_until_reconnect() {
    run_browser_test("session-expiry", async |app| {
        let page: gumnut_types::Page<gumnut_types::Asset> = app.api().get("/api/assets?include=faces&limit=200").await?;
        let (asset_id, face) = page
            .data
            .iter()
            .find_map(|asset| {
                let face = asset.faces.as_ref()?.iter().find(|face| face.person_id.is_some())?;
                Some((asset.id.to_string(), face.clone()))
            })
            .ok_or_else(|| E2eError::Unexpected("no asset has an assigned face".to_owned()))?;

        app.sign_in().await?;
        let asset_route = format!("/assets/{asset_id}?face={}", face.id);
        app.goto(&asset_route).await?;
        app.wait_for(&format!("[data-face-row=\"{}\"]", face.id)).await?;

        // The next API request is rejected as if the key had expired.
        app.api().set_faults(&json!({"fail_next": 1, "fail_status": 401})).await?;
        app.wait_for_test_id("face-detach").await?.click().await?;

        let notice = app.wait_for_test_id("waiting-writes").await?.text().await?;
        assert!(notice.contains("1 edit"), "the connect screen does not mention the waiting edit: {notice}");
        let url = app.current_url().await?;
        assert!(url.contains("/settings"), "a 401 during an edit did not open the connect screen: {url}");
        let waiting: gumnut_types::Face = app.api().get(&format!("/api/faces/{}", face.id)).await?;
        assert_eq!(waiting.person_id, face.person_id, "the edit was saved before the user reconnected");
        app.screenshot("session-expired-waiting").await?;

        // A successful Connect returns to the page of the waiting edit.
        app.wait_for_test_id("connect").await?.click().await?;
        app.wait_until(
            "the app to return to the asset page",
            "return window.location.pathname.startsWith('/assets/');",
            vec![],
        )
        .await?;

        let started = std::time::Instant::now();
        loop {
            let saved: gumnut_types::Face = app.api().get(&format!("/api/faces/{}", face.id)).await?;
            if saved.person_id.is_none() {
                break;
            }
            assert!(started.elapsed().as_secs() < 30, "the waiting edit was never sent after reconnecting");
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        let waiting = app.find_all("[data-testid=\"waiting-writes\"]").await?;
        assert!(waiting.is_empty(), "the waiting-edit notice stayed after reconnecting");
        Ok(())
    })
    .await;
}

/// Delete-and-undo rounds in the dropped-create test; each undo re-creates
/// the face with `POST /api/faces`.
const CREATE_ROUNDS: usize = 10;

/// Runs `read` until it succeeds, because the test's own API reads meet the
/// injected faults too.
async fn read_through_faults<T, F, Fut>(read: F) -> Result<T, E2eError>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T, E2eError>>,
{
    let mut last_error = None;
    for _ in 0..20 {
        match read().await {
            Ok(value) => return Ok(value),
            Err(error) => last_error = Some(error),
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    Err(last_error.unwrap_or_else(|| E2eError::Unexpected("no read was attempted".to_owned())))
}

// The server's dropped connection sends the status line and one body byte
// before breaking off. A drop before any byte would make Chromium re-send
// the POST on its own, so duplicates would appear before the app saw a
// failure.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropped_face_create_is_not_duplicated() {
    run_browser_test("dropped-create", async |app| {
        let page: gumnut_types::Page<gumnut_types::Asset> = app.api().get("/api/assets?include=faces&limit=200").await?;
        let (asset_id, first_face, face_count) = page
            .data
            .iter()
            .find_map(|asset| {
                let faces = asset.faces.as_ref()?;
                let face = faces.iter().find(|face| face.person_id.is_some())?;
                Some((asset.id.to_string(), face.clone(), faces.len()))
            })
            .ok_or_else(|| E2eError::Unexpected("no asset has an assigned face".to_owned()))?;
        let faces_path = format!("/api/faces?asset_id={asset_id}&limit=200");

        app.sign_in().await?;
        app.wait_for("[data-testid=\"library-grid\"] [data-asset-id]").await?;
        // Connections dropped after the server handled the request are the
        // ambiguous failure after which a create must not be re-sent blindly.
        app.api().set_faults(&json!({"drop_rate": 0.3, "seed": 11})).await?;

        let mut face_id = first_face.id.to_string();
        for round in 0..CREATE_ROUNDS {
            let mut opened = false;
            for _ in 0..5 {
                app.goto(&format!("/assets/{asset_id}?face={face_id}")).await?;
                app.wait_for("[data-testid=\"face-delete\"], [data-testid=\"error-view\"]").await?;
                if !app.find_all("[data-testid=\"face-delete\"]").await?.is_empty() {
                    opened = true;
                    break;
                }
            }
            assert!(opened, "round {round}: the asset page kept failing to load");

            app.wait_for_test_id("face-delete").await?.click().await?;
            app.wait_for_test_id("confirm-delete-ok").await?.click().await?;
            app.wait_for("[data-testid=\"toast\"] [data-testid=\"undo\"]").await?.click().await?;

            let deleted = face_id.clone();
            let started = std::time::Instant::now();
            let recreated = loop {
                let faces: gumnut_types::Page<gumnut_types::Face> =
                    read_through_faults(|| app.api().get(&faces_path)).await?;
                let same_box: Vec<&gumnut_types::Face> =
                    faces.data.iter().filter(|face| face.bounding_box == first_face.bounding_box).collect();
                assert!(same_box.len() <= 1, "round {round}: the box was created twice: {same_box:?}");
                assert!(faces.data.len() <= face_count, "round {round}: {} faces, expected {face_count}", faces.data.len());
                if let Some(face) = same_box.first().filter(|face| face.id.as_str() != deleted) {
                    break face.id.to_string();
                }
                assert!(started.elapsed().as_secs() < 45, "round {round}: the undo never re-created the face");
                tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            };
            face_id = recreated;
        }

        let log: Vec<Value> = read_through_faults(|| async {
            let response = reqwest::get(format!("{}/__test/requests", app.base_url())).await?;
            Ok(response.json::<Vec<Value>>().await?)
        })
        .await?;
        app.api().clear_faults().await?;
        let is_create = |entry: &&Value| entry["method"] == "POST" && entry["path"] == "/api/faces";
        let creates = log.iter().filter(is_create).count();
        let dropped_creates = log.iter().filter(is_create).filter(|entry| entry["dropped"] == true).count();
        println!("{CREATE_ROUNDS} re-creates sent {creates} POST /api/faces, {dropped_creates} of them dropped after saving");
        assert!(dropped_creates > 0, "no create was dropped, so reconciliation was not exercised");

        let faces: gumnut_types::Page<gumnut_types::Face> = app.api().get(&faces_path).await?;
        assert_eq!(faces.data.len(), face_count, "the asset's face count changed");
        Ok(())
    })
    .await;
}
