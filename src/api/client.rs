//! HTTP plumbing: URL, bearer token, `library_id`, time limits, retries,
//! reconciliation of creates, error bodies and aborts.
//!
//! Every request goes through [`ApiClient::execute`]. It follows the retry
//! policy of `gumnut_ui_core::retry`: network failures, timeouts, 408, 409,
//! 429 and 5xx are retried with capped exponential backoff and jitter, or
//! after the server's `Retry-After`, up to a fixed number of attempts.
//! `POST /api/faces` and `POST /api/people` are never sent twice blindly:
//! after an ambiguous failure the client looks for the record the first
//! attempt may have created.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;
use std::time::Duration;

use gloo_net::http::{Method, RequestBuilder, Response};
use gumnut_types::error::error_message;
use gumnut_ui_core::library_scope::{self, LibraryIdPlacement};
use gumnut_ui_core::reconcile;
use gumnut_ui_core::retry::{self, FailedAttempt, Outcome, RetryDecision, RetryHeaders};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::AbortController;

use super::ApiError;
use super::reconnect;
use crate::session::{Session, SessionContext};

/// A snapshot of the credentials for one batch of calls.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiClient {
    base_url: String,
    api_key: Option<String>,
    library_id: Option<String>,
}

/// The API key stays out of debug output, which may end up in a log line.
impl fmt::Debug for ApiClient {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("ApiClient")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("library_id", &self.library_id)
            .finish()
    }
}

/// A response whose body was read completely.
struct Reply {
    status: u16,
    body: String,
    retry_after: Option<String>,
    retry_after_ms: Option<String>,
    should_retry: Option<String>,
}

impl Reply {
    fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    fn headers(&self) -> RetryHeaders<'_> {
        RetryHeaders {
            should_retry: self.should_retry.as_deref(),
            retry_after: self.retry_after.as_deref(),
            retry_after_ms: self.retry_after_ms.as_deref(),
        }
    }

    fn into_error(self) -> ApiError {
        let retry_after_secs = self.retry_after.as_deref().and_then(|value| value.trim().parse::<u64>().ok());
        ApiError::from_status(self.status, error_message(&self.body), retry_after_secs)
    }
}

/// End of one attempt.
enum AttemptResult {
    Replied(Reply),
    NetworkError(String),
    TimedOut,
    Aborted,
}

/// End of a run of attempts.
enum AttemptsEnd {
    Success(Reply),
    Failed(ApiError),
    /// An ambiguous failure of a create: the record may exist.
    Ambiguous { attempt: u32, error: ApiError },
}

/// Cancels a read when the view that started it is cleaned up, such as a
/// page being left or a resource refetching.
#[derive(Default)]
struct Cancellation {
    cancelled: Cell<bool>,
    current: RefCell<Option<AbortController>>,
}

impl Cancellation {
    fn cancel(&self) {
        self.cancelled.set(true);
        if let Some(controller) = self.current.borrow_mut().take() {
            controller.abort();
        }
    }
}

impl ApiClient {
    /// Creates a client for an explicit session, as the settings form tests it.
    pub fn new(session: Session) -> Self {
        Self { base_url: session.base_url, api_key: session.api_key, library_id: session.library_id }
    }

    /// Creates a client for the app's current session. Calling it inside a resource
    /// makes the resource refetch when the user signs in or out.
    pub fn from_session(session: SessionContext) -> Self {
        Self::new(session.0.get())
    }

    /// Returns the base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Checks whether an API key is set.
    pub fn has_api_key(&self) -> bool {
        self.api_key.is_some()
    }

    /// Sends `GET {base_url}{path_and_query}` and decodes a 2xx JSON body.
    ///
    /// The request is aborted when the reactive owner that started it is
    /// cleaned up, such as a page being left or a resource refetching. It
    /// then returns [`ApiError::Aborted`].
    pub async fn get_json<T: DeserializeOwned>(&self, path_and_query: &str) -> Result<T, ApiError> {
        let cancellation = Rc::new(Cancellation::default());
        let on_leave = SendWrapper::new(Rc::clone(&cancellation));
        on_cleanup(move || on_leave.cancel());

        let reply = self.execute("GET", path_and_query, None, Some(&cancellation), false).await?;
        decode(&reply)
    }

    /// Sends `POST` with a JSON body and decodes a 2xx JSON body.
    ///
    /// Writes are never aborted when a page is left: an edit the user made
    /// must either persist or fail visibly.
    pub async fn post_json<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiError> {
        let body = to_value(body)?;
        let reply = self.execute("POST", path, Some(body), None, true).await?;
        decode(&reply)
    }

    /// Sends `PATCH` with a JSON body and decodes a 2xx JSON body.
    pub async fn patch_json<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiError> {
        let body = to_value(body)?;
        let reply = self.execute("PATCH", path, Some(body), None, true).await?;
        decode(&reply)
    }

    /// Sends `DELETE`; any 2xx status is success, with or without a body.
    pub async fn delete(&self, path: &str) -> Result<(), ApiError> {
        self.execute("DELETE", path, None, None, true).await.map(drop)
    }

    /// Checks whether any server responds at the base URL, even one that rejects
    /// this page's origin. A `no-cors` request succeeds on any response and
    /// fails only when no connection was made.
    pub async fn is_host_reachable(&self) -> bool {
        let url = format!("{}/api/server/ping", self.base_url);
        let request = RequestBuilder::new(&url).method(Method::GET).mode(web_sys::RequestMode::NoCors).build();
        match request {
            Ok(request) => request.send().await.is_ok(),
            Err(_) => false,
        }
    }

    /// Runs one API call with retries and, for creates, reconciliation, and
    /// returns its 2xx reply.
    ///
    /// With `wait_on_401`, a 401 does not fail the call: the user is sent to
    /// the connect screen and the call is sent again with the new credentials
    /// once they reconnect, so an edit in progress is kept. Writes and the
    /// reads that serve them wait; page loads fail and show the error.
    async fn execute(
        &self,
        method: &'static str,
        path: &str,
        body: Option<Value>,
        cancellation: Option<&Rc<Cancellation>>,
        wait_on_401: bool,
    ) -> Result<Reply, ApiError> {
        let mut client = self.clone();
        let create_kind = reconcile::create_kind(method, path);
        let body = body.map(|body| client.scoped_body(method, path, body));

        // A create lists what it could make before the first attempt, so an
        // ambiguous failure can be resolved by comparing the lists.
        let lookup = match (create_kind, body.as_ref()) {
            (Some(kind), Some(body)) => match reconcile::lookup_path(kind, body) {
                Some(lookup_path) => {
                    let before = self.list_value(&lookup_path).await?;
                    Some((kind, lookup_path, reconcile::record_ids(&before)))
                }
                None => None,
            },
            _ => None,
        };

        let mut first_attempt = 1;
        loop {
            let end = client.attempts(method, path, body.as_ref(), cancellation, first_attempt, wait_on_401).await;
            let (attempt, error) = match end {
                AttemptsEnd::Success(reply) => return Ok(reply),
                AttemptsEnd::Failed(error) => return Err(error),
                AttemptsEnd::Ambiguous { attempt, error } => (attempt, error),
            };
            let (Some((kind, lookup_path, ids_before)), Some(body)) = (lookup.as_ref(), body.as_ref()) else {
                return Err(error);
            };

            let after = client.list_value(lookup_path).await?;
            if let Some(created) = reconcile::find_created(*kind, body, ids_before, &after) {
                log::info!("{method} {path}: the failed attempt {attempt} had created the record, using it");
                return Ok(Reply {
                    status: 200,
                    body: created.to_string(),
                    retry_after: None,
                    retry_after_ms: None,
                    should_retry: None,
                });
            }
            if !retry::attempts_left(attempt) {
                return Err(error);
            }
            log::warn!("{method} {path}: attempt {attempt} failed ({error}) and created nothing, sending it again");
            sleep(retry::backoff(attempt - 1, jitter()).unwrap_or(retry::BASE_BACKOFF)).await;
            first_attempt = attempt + 1;
        }
    }

    /// Sends attempts from number `first_attempt` until one succeeds, the
    /// policy stops, or a create fails ambiguously.
    async fn attempts(
        &mut self,
        method: &'static str,
        path: &str,
        body: Option<&Value>,
        cancellation: Option<&Rc<Cancellation>>,
        first_attempt: u32,
        wait_on_401: bool,
    ) -> AttemptsEnd {
        let idempotency = retry::classify(method, path);
        let mut attempt = first_attempt;
        // A DELETE whose earlier attempt may have been applied finds the
        // record gone, which is the outcome it asked for.
        // NOTE: a merge retried after an unanswered attempt fails on its
        // already deleted sources, so the caller sees an error for a merge
        // the server applied.
        let mut maybe_applied = false;
        loop {
            if cancellation.is_some_and(|cancellation| cancellation.cancelled.get()) {
                return AttemptsEnd::Failed(ApiError::Aborted);
            }
            let Some(api_key) = self.api_key.clone() else {
                return AttemptsEnd::Failed(ApiError::not_signed_in());
            };

            let url = format!("{}{}", self.base_url, self.scoped_path(method, path));
            let result = send_once(method, &url, &api_key, body, cancellation).await;
            let (outcome, reply) = match result {
                AttemptResult::Replied(reply) if reply.is_success() => return AttemptsEnd::Success(reply),
                AttemptResult::Replied(reply) if reply.status == 404 && method == "DELETE" && maybe_applied => {
                    log::info!("{method} {path}: already gone after an unanswered attempt, counting it as done");
                    return AttemptsEnd::Success(reply);
                }
                AttemptResult::Replied(reply) if reply.status == 401 && wait_on_401 => {
                    log::warn!("{method} {path} was rejected with 401; waiting for the user to reconnect");
                    let session = reconnect::wait_for_new_session().await;
                    *self = ApiClient::new(session);
                    continue;
                }
                AttemptResult::Replied(reply) => (Outcome::Status(reply.status), Some(reply)),
                AttemptResult::NetworkError(_) | AttemptResult::TimedOut
                    if cancellation.is_some_and(|cancellation| cancellation.cancelled.get()) =>
                {
                    return AttemptsEnd::Failed(ApiError::Aborted);
                }
                AttemptResult::NetworkError(message) => {
                    log::warn!("{method} {path}: attempt {attempt} got no response: {message}");
                    (Outcome::NetworkError, None)
                }
                AttemptResult::TimedOut => (Outcome::TimedOut, None),
                AttemptResult::Aborted => return AttemptsEnd::Failed(ApiError::Aborted),
            };

            maybe_applied |= outcome.is_ambiguous();
            let headers = reply.as_ref().map(Reply::headers).unwrap_or_default();
            let failed = FailedAttempt { number: attempt, outcome, headers };
            let decision = retry::decide(idempotency, &failed, jitter(), js_sys::Date::now() as i64);
            let error = match reply {
                Some(reply) => reply.into_error(),
                None if outcome == Outcome::TimedOut => {
                    ApiError::TimedOut { seconds: retry::REQUEST_TIMEOUT.as_secs() }
                }
                None => ApiError::Network {
                    base_url: self.base_url.clone(),
                    message: "no response (offline, connection refused, or blocked by CORS)".to_owned(),
                },
            };

            match decision {
                Ok(RetryDecision::Retry(delay)) => {
                    log::warn!("{method} {path}: attempt {attempt} failed ({error}); retrying in {} ms", delay.as_millis());
                    sleep(delay).await;
                    attempt += 1;
                }
                Ok(RetryDecision::Reconcile) => return AttemptsEnd::Ambiguous { attempt, error },
                Ok(RetryDecision::Stop) | Err(_) => {
                    log::error!("{method} {path} failed after {attempt} attempts: {error}");
                    return AttemptsEnd::Failed(error);
                }
            }
        }
    }

    /// Sends a list request for reconciling a create and returns its JSON.
    async fn list_value(&self, lookup_path: &str) -> Result<Value, ApiError> {
        // Boxed because `execute` calls this function in turn.
        let reply = Box::pin(self.execute("GET", lookup_path, None, None, true)).await?;
        decode(&reply)
    }

    /// Adds `library_id` to the query string where the API expects it there.
    fn scoped_path(&self, method: &str, path: &str) -> String {
        match (&self.library_id, library_scope::placement(method, path)) {
            (Some(library_id), LibraryIdPlacement::Query) => library_scope::with_library_query(path, library_id),
            _ => path.to_owned(),
        }
    }

    /// Adds `library_id` to the JSON body where the API expects it there.
    fn scoped_body(&self, method: &str, path: &str, mut body: Value) -> Value {
        let (Some(library_id), LibraryIdPlacement::Body) = (&self.library_id, library_scope::placement(method, path))
        else {
            return body;
        };
        if let Value::Object(fields) = &mut body {
            let missing = fields.get("library_id").is_none_or(Value::is_null);
            if missing {
                fields.insert("library_id".to_owned(), Value::String(library_id.clone()));
            }
        }
        body
    }
}

/// Sends one attempt under the time limit and reads the whole body.
async fn send_once(
    method: &'static str,
    url: &str,
    api_key: &str,
    body: Option<&Value>,
    cancellation: Option<&Rc<Cancellation>>,
) -> AttemptResult {
    let controller = AbortController::new().ok();
    if let (Some(cancellation), Some(controller)) = (cancellation, controller.as_ref()) {
        *cancellation.current.borrow_mut() = Some(controller.clone());
    }
    let timer = controller.as_ref().and_then(|controller| Timer::abort_after(controller, retry::REQUEST_TIMEOUT));
    let signal = controller.as_ref().map(AbortController::signal);

    let builder = RequestBuilder::new(url)
        .method(method_of(method))
        .header("Authorization", &format!("Bearer {api_key}"))
        .header("Accept", "application/json")
        .abort_signal(signal.as_ref());
    let request = match body {
        Some(body) => builder.json(body),
        None => builder.build(),
    };
    let result = match request {
        Ok(request) => match request.send().await {
            Ok(response) => read_reply(response).await,
            Err(error) => Err(error),
        },
        Err(error) => Err(error),
    };

    let timed_out = timer.as_ref().is_some_and(Timer::fired);
    drop(timer);
    if let Some(cancellation) = cancellation {
        cancellation.current.borrow_mut().take();
    }

    match result {
        Ok(reply) => AttemptResult::Replied(reply),
        Err(_) if timed_out => AttemptResult::TimedOut,
        Err(error) if is_abort(&error) => AttemptResult::Aborted,
        Err(error) => AttemptResult::NetworkError(error.to_string()),
    }
}

async fn read_reply(response: Response) -> Result<Reply, gloo_net::Error> {
    let headers = response.headers();
    let status = response.status();
    let retry_after = headers.get("retry-after");
    let retry_after_ms = headers.get("retry-after-ms");
    let should_retry = headers.get("x-should-retry");
    let body = response.text().await?;
    Ok(Reply { status, body, retry_after, retry_after_ms, should_retry })
}

fn method_of(method: &str) -> Method {
    match method {
        "POST" => Method::POST,
        "PATCH" => Method::PATCH,
        "DELETE" => Method::DELETE,
        _ => Method::GET,
    }
}

fn is_abort(error: &gloo_net::Error) -> bool {
    matches!(error, gloo_net::Error::JsError(js_error) if js_error.name == "AbortError")
}

fn to_value<B: Serialize>(body: &B) -> Result<Value, ApiError> {
    serde_json::to_value(body).map_err(|error| ApiError::Decode(format!("the request body could not be encoded: {error}")))
}

fn decode<T: DeserializeOwned>(reply: &Reply) -> Result<T, ApiError> {
    serde_json::from_str(&reply.body).map_err(|error| ApiError::Decode(error.to_string()))
}

/// Draws a random backoff factor in the range the retry policy accepts.
fn jitter() -> f64 {
    retry::MIN_JITTER + (retry::MAX_JITTER - retry::MIN_JITTER) * js_sys::Math::random()
}

/// Waits for `duration` on the browser's timer.
pub(super) async fn sleep(duration: Duration) {
    let milliseconds = i32::try_from(duration.as_millis()).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, milliseconds).is_err() {
            // Without a timer, go on at once rather than hang.
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    // The promise only ever resolves.
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A `setTimeout` that aborts a request; cleared when dropped.
struct Timer {
    handle: i32,
    fired: Rc<Cell<bool>>,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    fn abort_after(controller: &AbortController, limit: Duration) -> Option<Self> {
        let fired = Rc::new(Cell::new(false));
        let controller = controller.clone();
        let callback = {
            let fired = Rc::clone(&fired);
            Closure::<dyn FnMut()>::new(move || {
                fired.set(true);
                controller.abort();
            })
        };
        let milliseconds = i32::try_from(limit.as_millis()).unwrap_or(i32::MAX);
        let handle = window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.as_ref().unchecked_ref(), milliseconds)
            .ok()?;
        Some(Self { handle, fired, _callback: callback })
    }

    fn fired(&self) -> bool {
        self.fired.get()
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        window().clear_timeout_with_handle(self.handle);
    }
}
