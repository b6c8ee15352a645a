//! HTTP handlers, one module per resource, and helpers they share.

pub mod account;
pub mod assets;
pub mod faces;
pub mod media;
pub mod people;
pub mod test_controls;

use axum::body::Bytes;
use axum::routing::get;
use axum::{Router, middleware};
use rusqlite::types::Value;
use serde_json::Map;

use crate::app::{self, AppState};
use crate::error::{ApiError, ApiResult};

/// Builds the `/api` router. Ping is public and everything else needs the
/// token. Unknown paths get a JSON 404, never the UI.
pub fn api_router(state: AppState) -> Router {
    let protected = Router::new()
        .merge(account::router())
        .merge(assets::router())
        .merge(faces::router())
        .merge(people::router())
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            app::require_token,
        ));

    Router::new()
        .route("/server/ping", get(account::ping))
        .merge(protected)
        .fallback(|| async { ApiError::NotFound("no such API endpoint".to_owned()) })
        .layer(middleware::from_fn_with_state(
            state.clone(),
            app::inject_faults,
        ))
        .with_state(state)
}

/// Parses a request body as a JSON object, so each field can be checked
/// and reported by name.
pub fn json_object(body: &Bytes) -> ApiResult<Map<String, serde_json::Value>> {
    // An empty body is an empty object: every field of some bodies is optional.
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|error| {
        ApiError::invalid(&["body"], format!("body must be valid JSON: {error}"))
    })?;
    match value {
        serde_json::Value::Object(object) => Ok(object),
        _ => Err(ApiError::invalid(&["body"], "body must be a JSON object")),
    }
}

/// Reads an optional string field: `Ok(None)` when absent, `Ok(Some(None))`
/// for an explicit `null`.
pub fn optional_string(
    object: &Map<String, serde_json::Value>,
    field: &str,
) -> ApiResult<Option<Option<String>>> {
    match object.get(field) {
        None => Ok(None),
        Some(serde_json::Value::Null) => Ok(Some(None)),
        Some(serde_json::Value::String(text)) => Ok(Some(Some(text.clone()))),
        Some(_) => Err(ApiError::invalid(
            &["body", field],
            format!("{field} must be a string or null"),
        )),
    }
}

/// Reads an optional boolean field. `null` is rejected because these fields
/// are not nullable.
pub fn optional_bool(
    object: &Map<String, serde_json::Value>,
    field: &str,
) -> ApiResult<Option<bool>> {
    match object.get(field) {
        None => Ok(None),
        Some(serde_json::Value::Bool(flag)) => Ok(Some(*flag)),
        Some(_) => Err(ApiError::invalid(
            &["body", field],
            format!("{field} must be true or false"),
        )),
    }
}

/// `column IN (?, ?, ...)` for `count` values; a false condition for none.
pub fn in_list(column: &str, count: usize) -> String {
    if count == 0 {
        return "0".to_owned();
    }
    format!("{column} IN ({})", vec!["?"; count].join(", "))
}

/// Query parameters from strings.
pub fn text_values(values: &[String]) -> impl Iterator<Item = Value> + '_ {
    values.iter().map(|value| Value::Text(value.clone()))
}
