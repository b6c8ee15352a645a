//! One test's world: a fresh server and data directory, a chromedriver and a
//! headless Chromium session, with helpers to drive and inspect the page.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use gumnut_server::RunningServer;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tempfile::TempDir;
use thirtyfour::prelude::*;
use thirtyfour::{BrowserLogEntry, LoggingPrefsLogLevel};

use crate::chromedriver::Chromedriver;
use crate::paths::{program_from_env, screenshot_dir, ui_dir};
use crate::{ApiClient, E2eError};

/// Environment variable that overrides the Chromium binary.
pub const CHROMIUM_VAR: &str = "CHROMIUM";

const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";

/// Flags for a quiet headless Chromium that runs as root in a container and
/// reaches no host but the local server.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
];

/// How long a wait for the page may take. It is generous because the machine
/// may be busy compiling; a wait returns as soon as its condition holds.
pub const WAIT_TIMEOUT: Duration = Duration::from_secs(30);

const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// Key under which the web app keeps the API token in `sessionStorage`.
const TOKEN_STORAGE_KEY: &str = "gumnut.api_key";

/// A running server with the demo library and a browser pointed at it.
///
/// Fields drop in order: the browser session first, then chromedriver, then
/// the server and the temporary folders, so a panic leaves no process behind.
pub struct App {
    driver: Option<WebDriver>,
    chromedriver: Option<Chromedriver>,
    server: Option<RunningServer>,
    api: ApiClient,
    base_url: String,
    token: String,
    _profile_dir: TempDir,
    _data_dir: TempDir,
}

impl App {
    /// Starts the server (demo library, test controls on, release UI) and a
    /// browser session with an empty profile.
    pub async fn start() -> Result<Self, E2eError> {
        Self::start_with(|_| Ok(())).await
    }

    /// Like [`App::start`], but first runs `prepare` on the empty data
    /// folder, e.g. to add rows to the database before the server opens it.
    pub async fn start_with<P>(prepare: P) -> Result<Self, E2eError>
    where
        P: FnOnce(&Path) -> Result<(), E2eError>,
    {
        let ui_dir = ui_dir()?;

        let data_dir = temp_dir("data")?;
        prepare(data_dir.path())?;
        let mut config = gumnut_server::Config::for_tests(data_dir.path().to_path_buf());
        config.ui_dir = Some(ui_dir);
        let server = gumnut_server::start(config)
            .await
            .map_err(|error| E2eError::Server(error.to_string()))?;
        let base_url = server.base_url();
        let token = server.token.clone();

        let chromedriver = Chromedriver::start().await?;
        let profile_dir = temp_dir("browser profile")?;
        let driver = start_browser(&chromedriver, &profile_dir).await?;

        Ok(App {
            driver: Some(driver),
            chromedriver: Some(chromedriver),
            server: Some(server),
            api: ApiClient::new(base_url.clone(), token.clone()),
            base_url,
            token,
            _profile_dir: profile_dir,
            _data_dir: data_dir,
        })
    }

    /// Returns the server's origin, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Returns the server's API token.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Returns the API client for checking server state.
    pub fn api(&self) -> &ApiClient {
        &self.api
    }

    /// Returns the browser session, or an error once it has quit.
    pub fn driver(&self) -> Result<&WebDriver, E2eError> {
        self.driver
            .as_ref()
            .ok_or_else(|| E2eError::Unexpected("the browser session has already quit".to_owned()))
    }

    /// Signs in the way a user does: opens `/#token=<token>`, then waits until
    /// the app has stored the token and removed it from the address bar.
    pub async fn sign_in(&self) -> Result<(), E2eError> {
        self.goto(&format!("/#token={}", self.token)).await?;
        self.wait_until(
            "the app to store the token and clear it from the URL",
            "return sessionStorage.getItem(arguments[0]) === arguments[1] \
             && !window.location.hash.includes('token=');",
            vec![
                Value::from(TOKEN_STORAGE_KEY),
                Value::from(self.token.clone()),
            ],
        )
        .await
    }

    /// Loads `route` (e.g. `/people`) as a fresh page load.
    pub async fn goto(&self, route: &str) -> Result<(), E2eError> {
        self.driver()?
            .goto(format!("{}{route}", self.base_url))
            .await?;
        Ok(())
    }

    /// Returns the page's current URL.
    pub async fn current_url(&self) -> Result<String, E2eError> {
        Ok(self.driver()?.current_url().await?.to_string())
    }

    /// Waits for the first element matching the CSS `selector`.
    pub async fn wait_for(&self, selector: &str) -> Result<WebElement, E2eError> {
        let started = Instant::now();
        loop {
            if let Some(element) = self.find_all(selector).await?.into_iter().next() {
                return Ok(element);
            }
            self.check_timeout(started, &format!("an element matching {selector}"))
                .await?;
        }
    }

    /// Waits for the element with `data-testid="<test_id>"`.
    pub async fn wait_for_test_id(&self, test_id: &str) -> Result<WebElement, E2eError> {
        self.wait_for(&format!("[data-testid=\"{test_id}\"]")).await
    }

    /// Waits until exactly `count` elements match `selector`, and returns them.
    pub async fn wait_for_count(
        &self,
        selector: &str,
        count: usize,
    ) -> Result<Vec<WebElement>, E2eError> {
        let started = Instant::now();
        loop {
            let elements = self.find_all(selector).await?;
            if elements.len() == count {
                return Ok(elements);
            }
            let what = format!(
                "{count} elements matching {selector} (found {})",
                elements.len()
            );
            self.check_timeout(started, &what).await?;
        }
    }

    /// Finds every element matching `selector` right now, without waiting.
    pub async fn find_all(&self, selector: &str) -> Result<Vec<WebElement>, E2eError> {
        Ok(self.driver()?.find_all(By::Css(selector)).await?)
    }

    /// Waits until the JavaScript function body `script` returns `true`.
    /// `what` describes the condition in the timeout error.
    pub async fn wait_until(
        &self,
        what: &str,
        script: &str,
        args: Vec<Value>,
    ) -> Result<(), E2eError> {
        let started = Instant::now();
        loop {
            let holds: Option<bool> = self.script(script, args.clone()).await?;
            if holds == Some(true) {
                return Ok(());
            }
            self.check_timeout(started, what).await?;
        }
    }

    /// Runs the JavaScript function body `script` and decodes what it returns.
    pub async fn script<T: DeserializeOwned>(
        &self,
        script: &str,
        args: Vec<Value>,
    ) -> Result<T, E2eError> {
        let value = self.driver()?.execute(script, args).await?;
        Ok(value.convert()?)
    }

    /// Saves a screenshot of the viewport as `<workspace>/target/screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf, E2eError> {
        let path = screenshot_dir()?.join(format!("{name}.png"));
        let png = self.driver()?.screenshot_as_png().await?;
        std::fs::write(&path, png).map_err(|source| E2eError::Io {
            action: "writing",
            path: path.clone(),
            source,
        })?;
        Ok(path)
    }

    /// Drains the console messages and uncaught errors logged since the last call.
    pub async fn console_log(&self) -> Result<Vec<BrowserLogEntry>, E2eError> {
        Ok(self.driver()?.browser_log().await?)
    }

    /// Fails when the browser logged an error (level `SEVERE`) since the last
    /// drain: an uncaught exception, a wasm panic or a failed request.
    /// Warnings pass, because Chromium warns about harmless things such as
    /// `integrity` on preload links.
    pub async fn check_console_has_no_errors(&self) -> Result<(), E2eError> {
        let errors: Vec<String> = self
            .console_log()
            .await?
            .into_iter()
            .filter(|entry| entry.level == "SEVERE")
            .map(|entry| self.redact(&entry.message))
            .collect();
        if errors.is_empty() {
            return Ok(());
        }
        Err(E2eError::Unexpected(format!(
            "the browser console has errors:\n{}",
            errors.join("\n")
        )))
    }

    /// Quits the browser, stops chromedriver and shuts the server down.
    pub async fn close(mut self) {
        if let Some(driver) = self.driver.take()
            && let Err(error) = driver.quit().await
        {
            eprintln!("quitting the browser session failed: {error}");
        }
        drop(self.chromedriver.take());
        if let Some(server) = self.server.take() {
            server.shutdown().await;
        }
    }

    /// Prints what helps to explain a failed test: the URL, the browser
    /// console and a screenshot named `failure-<test name>.png`.
    async fn report_failure(&self, test_name: &str) {
        match self.current_url().await {
            Ok(url) => eprintln!("[{test_name}] page at failure: {url}"),
            Err(error) => eprintln!("[{test_name}] reading the page URL failed: {error}"),
        }

        match self.console_log().await {
            Ok(entries) if entries.is_empty() => eprintln!("[{test_name}] browser console: empty"),
            Ok(entries) => {
                eprintln!("[{test_name}] browser console:");
                for entry in entries {
                    eprintln!("  {} {}", entry.level, self.redact(&entry.message));
                }
            }
            Err(error) => eprintln!("[{test_name}] reading the browser console failed: {error}"),
        }

        match self.screenshot(&format!("failure-{test_name}")).await {
            Ok(path) => eprintln!("[{test_name}] screenshot: {}", path.display()),
            Err(error) => eprintln!("[{test_name}] taking a screenshot failed: {error}"),
        }
    }

    /// Replaces the API token in `text`, so printed URLs do not expose it.
    fn redact(&self, text: &str) -> String {
        text.replace(&self.token, "<token>")
    }

    async fn check_timeout(&self, started: Instant, what: &str) -> Result<(), E2eError> {
        if started.elapsed() < WAIT_TIMEOUT {
            tokio::time::sleep(POLL_INTERVAL).await;
            return Ok(());
        }
        let url = self
            .current_url()
            .await
            .unwrap_or_else(|error| format!("unknown ({error})"));
        Err(E2eError::Timeout {
            what: what.to_owned(),
            seconds: WAIT_TIMEOUT.as_secs(),
            url,
        })
    }
}

/// Runs one browser test: starts an [`App`], runs `body` with it, and closes
/// everything afterwards, also when `body` returns an error or panics.
///
/// On failure it prints the page URL and browser console and saves
/// `failure-<name>.png`, then fails the test with the original error or panic.
pub async fn run_browser_test<F>(name: &str, body: F)
where
    F: AsyncFnOnce(&App) -> Result<(), E2eError>,
{
    run_browser_test_with(name, |_| Ok(()), body).await;
}

/// Like [`run_browser_test`], with `prepare` run on the data folder before
/// the server starts (see [`App::start_with`]).
pub async fn run_browser_test_with<P, F>(name: &str, prepare: P, body: F)
where
    P: FnOnce(&Path) -> Result<(), E2eError>,
    F: AsyncFnOnce(&App) -> Result<(), E2eError>,
{
    let app = match App::start_with(prepare).await {
        Ok(app) => app,
        Err(error) => panic!("[{name}] setup failed: {error}"),
    };

    let outcome = AssertUnwindSafe(body(&app)).catch_unwind().await;
    if !matches!(outcome, Ok(Ok(()))) {
        app.report_failure(name).await;
    }
    app.close().await;

    match outcome {
        Ok(Ok(())) => {}
        Ok(Err(error)) => panic!("[{name}] {error}"),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

async fn start_browser(
    chromedriver: &Chromedriver,
    profile_dir: &TempDir,
) -> Result<WebDriver, E2eError> {
    let chromium = program_from_env(CHROMIUM_VAR, DEFAULT_CHROMIUM);

    let mut capabilities = DesiredCapabilities::chrome();
    capabilities.set_binary(&chromium.to_string_lossy())?;
    for arg in CHROMIUM_ARGS {
        capabilities.add_arg(arg)?;
    }
    capabilities.add_arg(&format!("--user-data-dir={}", profile_dir.path().display()))?;
    capabilities.set_browser_log_level(LoggingPrefsLogLevel::All)?;

    Ok(WebDriver::new(chromedriver.url(), capabilities).await?)
}

fn temp_dir(purpose: &'static str) -> Result<TempDir, E2eError> {
    tempfile::Builder::new()
        .prefix("gumnut-e2e-")
        .tempdir()
        .map_err(|source| E2eError::TempDir { purpose, source })
}
