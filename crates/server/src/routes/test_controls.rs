//! `/__test/*`: fault switches and the request log, mounted only when test
//! controls are enabled.

use std::collections::VecDeque;
use std::sync::Mutex;

use axum::body::Bytes;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::app::AppState;
use crate::error::{ApiError, ApiResult};
use crate::faults::{FaultSettings, FaultUpdate};

/// Most requests the log keeps; older ones are dropped first.
const REQUEST_LOG_CAPACITY: usize = 2000;

/// One `/api` request as `GET /__test/requests` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub query: String,
    pub status: u16,
    /// Milliseconds since the server started.
    pub received_at_ms: u64,
    /// Whether fault injection dropped the connection after the handler ran.
    pub dropped: bool,
}

/// A bounded log of `/api` requests.
#[derive(Debug, Default)]
pub struct RequestLog(Mutex<VecDeque<LoggedRequest>>);

impl RequestLog {
    /// Appends a request, dropping the oldest beyond the capacity.
    pub fn record(&self, request: LoggedRequest) {
        let mut log = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if log.len() == REQUEST_LOG_CAPACITY {
            log.pop_front();
        }
        log.push_back(request);
    }

    fn snapshot(&self) -> Vec<LoggedRequest> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .cloned()
            .collect()
    }

    fn clear(&self) {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
    }
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route(
            "/faults",
            get(read_faults).post(update_faults).delete(clear_faults),
        )
        .route("/requests", get(list_requests).delete(clear_requests))
        .with_state(state)
}

async fn read_faults(State(state): State<AppState>) -> Json<FaultSettings> {
    Json(state.faults.settings())
}

async fn update_faults(
    State(state): State<AppState>,
    body: Bytes,
) -> ApiResult<Json<FaultSettings>> {
    let update: FaultUpdate = if body.is_empty() {
        FaultUpdate::default()
    } else {
        serde_json::from_slice(&body).map_err(|error| {
            ApiError::invalid(&["body"], format!("invalid fault settings: {error}"))
        })?
    };
    if let Some(status) = update.fail_status
        && !(400..=599).contains(&status)
    {
        return Err(ApiError::invalid(
            &["body", "fail_status"],
            format!("fail_status must be an HTTP error status from 400 to 599, got {status}"),
        ));
    }
    let settings = state.faults.update(update);
    tracing::info!(?settings, "fault settings changed");
    Ok(Json(settings))
}

async fn clear_faults(State(state): State<AppState>) -> Json<FaultSettings> {
    let settings = state.faults.clear();
    tracing::info!("faults turned off");
    Json(settings)
}

async fn list_requests(State(state): State<AppState>) -> Json<Vec<LoggedRequest>> {
    Json(state.requests.snapshot())
}

async fn clear_requests(State(state): State<AppState>) -> Json<serde_json::Value> {
    state.requests.clear();
    Json(serde_json::json!({}))
}
