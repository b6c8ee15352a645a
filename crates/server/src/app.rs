//! Shared state, the router, and the middleware around it: access log,
//! CORS, bearer auth, fault injection and the request log.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use rusqlite::Connection;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::cluster::CentroidCache;
use crate::error::ApiError;
use crate::faults::Faults;
use crate::media::{MediaStore, MediaUrls};
use crate::routes;
use crate::routes::test_controls::RequestLog;

/// State shared by every handler.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The parts of [`AppState`].
pub struct Shared {
    db: Mutex<Connection>,
    /// Bearer token every `/api` request except ping must carry.
    pub token: String,
    /// Secret path segment of media URLs, so they work without a header.
    pub media_token: String,
    pub media: MediaStore,
    pub faults: Faults,
    pub requests: RequestLog,
    /// People's centroids for cluster assignments, reloaded after writes.
    pub centroids: CentroidCache,
    pub started: Instant,
    /// Origin used for media URLs when a request has no `Host` header.
    pub fallback_host: String,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    /// Bundles the parts into shared state.
    pub fn new(shared: Shared) -> Self {
        AppState(Arc::new(shared))
    }

    /// Locks the database connection. Handlers must drop the guard before
    /// any `.await`, which the compiler enforces because the guard is not
    /// `Send`.
    pub fn db(&self) -> MutexGuard<'_, Connection> {
        // SQLite rolls back an unfinished transaction, so a connection
        // whose holder panicked is still consistent.
        self.db
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Media URLs for a request, absolute from its `Host` header.
    pub fn urls(&self, headers: &HeaderMap) -> MediaUrls {
        let host = headers
            .get(header::HOST)
            .and_then(|value| value.to_str().ok())
            .filter(|host| is_plain_host(host))
            .unwrap_or(&self.fallback_host);
        MediaUrls::new(format!("http://{host}"), self.media_token.clone())
    }
}

impl Shared {
    /// Assembles the state from an open database and settings.
    pub fn new(
        db: Connection,
        token: String,
        media_token: String,
        media: MediaStore,
        faults: Faults,
        fallback_host: String,
    ) -> Self {
        Shared {
            db: Mutex::new(db),
            token,
            media_token,
            media,
            faults,
            requests: RequestLog::default(),
            centroids: CentroidCache::default(),
            started: Instant::now(),
            fallback_host,
        }
    }
}

/// Checks that a `Host` value is a plain `name[:port]`, safe to echo into
/// URLs.
fn is_plain_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

/// Builds the whole application: `/api`, `/media`, the optional test
/// controls, and the UI as fallback.
pub fn router(state: AppState, ui: Router, test_controls: bool) -> Router {
    let mut app = Router::new()
        .nest("/api", routes::api_router(state.clone()))
        .nest("/media", routes::media::router(state.clone()));
    if test_controls {
        app = app.nest("/__test", routes::test_controls::router(state.clone()));
    }

    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        // Retry-After is not a CORS-safelisted response header, so a
        // cross-origin client could not read it without this.
        .expose_headers([header::RETRY_AFTER])
        .max_age(std::time::Duration::from_secs(600));

    app.fallback_service(ui)
        .layer(cors)
        .layer(middleware::map_response(preflight_no_content))
        .layer(middleware::from_fn(access_log))
}

/// Turns the 200 that tower-http sends for a CORS preflight into the 204
/// the API uses.
async fn preflight_no_content(mut response: Response) -> Response {
    if response.status() == StatusCode::OK
        && response
            .headers()
            .contains_key(header::ACCESS_CONTROL_ALLOW_METHODS)
    {
        *response.status_mut() = StatusCode::NO_CONTENT;
    }
    response
}

/// Logs method, path, status and duration of every request. Query strings
/// and headers stay out of the log, so the token never reaches it.
async fn access_log(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = redact_media_token(request.uri().path());
    let response = next.run(request).await;
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    tracing::info!(%method, %path, status = response.status().as_u16(), elapsed_ms = format!("{elapsed_ms:.1}"), "request");
    response
}

/// Hides the secret segment of `/media/<token>/...` paths in logs.
fn redact_media_token(path: &str) -> String {
    match path
        .strip_prefix("/media/")
        .and_then(|rest| rest.split_once('/'))
    {
        Some((_, rest)) => format!("/media/…/{rest}"),
        None => path.to_owned(),
    }
}

/// Rejects `/api` requests without the configured bearer token.
pub async fn require_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            value
                .strip_prefix("Bearer ")
                .or_else(|| value.strip_prefix("bearer "))
        })
        .map(str::trim);
    match presented {
        Some(token) if constant_time_eq(token.as_bytes(), state.token.as_bytes()) => {
            next.run(request).await
        }
        _ => ApiError::Unauthorized.into_response(),
    }
}

/// Compares two secrets without stopping at the first difference.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// Applies the fault settings to an `/api` request (ping excluded) and
/// records it in the request log.
pub async fn inject_faults(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let received_at_ms = state.started.elapsed().as_millis() as u64;
    let method = request.method().to_string();
    let path = format!("/api{}", request.uri().path());
    let query = request.uri().query().unwrap_or_default().to_owned();

    let is_ping = request.uri().path() == "/server/ping";
    let decision = if is_ping || request.method() == Method::OPTIONS {
        crate::faults::FaultDecision::default()
    } else {
        state.faults.decide()
    };

    if !decision.latency.is_zero() {
        tokio::time::sleep(decision.latency).await;
    }

    let response = match decision.fail_status {
        Some(status) => fault_response(status, decision.retry_after_secs),
        None => next.run(request).await,
    };

    state.requests.record(routes::test_controls::LoggedRequest {
        method,
        path,
        query,
        status: response.status().as_u16(),
        received_at_ms,
        dropped: decision.drop,
    });

    if decision.drop {
        tracing::info!("dropping the connection after the handler ran (fault injection)");
        return dropped_response();
    }
    response
}

fn fault_response(status: u16, retry_after_secs: u64) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let detail = if status == StatusCode::TOO_MANY_REQUESTS {
        "rate limited (injected fault)"
    } else {
        "injected fault"
    };
    let mut response =
        (status, axum::Json(gumnut_types::ErrorBody::message(detail))).into_response();
    if status == StatusCode::TOO_MANY_REQUESTS
        && let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// Builds a response that breaks off after its first body byte.
///
/// The status line and one byte go out first: a connection closed before
/// any response byte looks stale to browsers, and Chromium then re-sends
/// even a POST on its own, which would hide the ambiguous failure from the
/// app. The pause lets that byte leave before the stream fails.
fn dropped_response() -> Response {
    let first = futures::stream::once(async { Ok::<_, std::io::Error>(axum::body::Bytes::from_static(b"{")) });
    let failing = futures::stream::once(async {
        tokio::time::sleep(DROP_AFTER_FIRST_BYTE).await;
        Err::<axum::body::Bytes, std::io::Error>(std::io::Error::other(
            "connection dropped by fault injection",
        ))
    });
    Response::new(Body::from_stream(futures::StreamExt::chain(first, failing)))
}

/// How long a dropped response waits after its first byte before failing.
const DROP_AFTER_FIRST_BYTE: std::time::Duration = std::time::Duration::from_millis(50);
