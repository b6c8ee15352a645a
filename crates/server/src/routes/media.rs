//! `/media/...`: image variants and face crops, unauthenticated but behind
//! a secret path segment, like the signed CDN URLs of the real API.

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use rusqlite::OptionalExtension;

use crate::app::AppState;
use crate::db::people::get_face;
use crate::error::{ApiError, ApiResult};
use crate::media::{self, MediaError, Variant};

/// Every media URL names fixed content, so caches may keep it forever.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/{token}/assets/{media_key}/{variant}", get(asset_variant))
        .route("/{token}/faces/{face_id}/thumbnail", get(face_crop))
        .with_state(state)
}

fn check_token(state: &AppState, token: &str) -> ApiResult<()> {
    if token == state.media_token {
        Ok(())
    } else {
        Err(ApiError::NotFound("media not found".to_owned()))
    }
}

async fn asset_variant(
    State(state): State<AppState>,
    Path((token, media_key, variant_name)): Path<(String, String, String)>,
) -> ApiResult<Response> {
    check_token(&state, &token)?;
    let variant = Variant::from_name(&variant_name)
        .ok_or_else(|| ApiError::NotFound("media not found".to_owned()))?;
    // Only keys that an asset uses are served, which also keeps the path
    // inside the media folder.
    let file_name: Option<String> = {
        let connection = state.db();
        connection
            .query_row(
                "SELECT original_file_name FROM assets WHERE media_key = ?1 LIMIT 1",
                [&media_key],
                |row| row.get(0),
            )
            .optional()?
    };
    let file_name = file_name.ok_or_else(|| ApiError::NotFound("media not found".to_owned()))?;

    let store = state.media.clone();
    let path = tokio::task::spawn_blocking(move || store.variant(&media_key, variant))
        .await?
        .map_err(media_failure)?;
    let mut response = serve_file(&path).await?;
    if variant == Variant::Original {
        let disposition = format!(
            "attachment; filename=\"{}\"",
            file_name.replace(['"', '\\'], "_")
        );
        if let Ok(value) = HeaderValue::from_str(&disposition) {
            response
                .headers_mut()
                .insert(header::CONTENT_DISPOSITION, value);
        }
    }
    Ok(response)
}

async fn face_crop(
    State(state): State<AppState>,
    Path((token, face_id)): Path<(String, String)>,
) -> ApiResult<Response> {
    check_token(&state, &token)?;
    let (face, media_key) = {
        let connection = state.db();
        let face = get_face(&connection, &face_id)?
            .ok_or_else(|| ApiError::not_found("face", &face_id))?;
        let media_key: String = connection.query_row(
            "SELECT media_key FROM assets WHERE id = ?1",
            [&face.asset_id],
            |row| row.get(0),
        )?;
        (face, media_key)
    };

    let store = state.media.clone();
    let path = tokio::task::spawn_blocking(move || {
        store.face_crop(&face.id, &media_key, &face.bounding_box)
    })
    .await?
    .map_err(media_failure)?;
    serve_file(&path).await
}

fn media_failure(error: MediaError) -> ApiError {
    ApiError::Internal(format!("media: {error}"))
}

async fn serve_file(path: &std::path::Path) -> ApiResult<Response> {
    let bytes = tokio::fs::read(path)
        .await
        .map_err(|error| ApiError::Internal(format!("reading {}: {error}", path.display())))?;
    let mut response = (StatusCode::OK, Body::from(bytes)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(media::content_type(path)),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}
