//! Ping, the signed-in user and the library list.

use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use axum::{Json, Router};
use gumnut_types::{Library, LibraryId, User, UserId};

use crate::app::AppState;
use crate::error::{ApiError, ApiResult};
use crate::query::QueryParams;
use rusqlite::Connection;

/// Id of the one local user.
const USER_ID: &str = "intuser_LocalDemoUser2222222";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users/me", get(me))
        .route("/libraries", get(libraries))
        .route("/libraries/{library_id}", get(library))
}

/// `GET /api/server/ping`: public, plain text.
pub async fn ping() -> &'static str {
    "pong"
}

async fn me(State(state): State<AppState>) -> ApiResult<Json<User>> {
    let created_at: String = {
        let connection = state.db();
        connection.query_row("SELECT created_at FROM library LIMIT 1", [], |row| {
            row.get(0)
        })?
    };
    Ok(Json(User {
        id: UserId::new(USER_ID),
        email: Some("demo@localhost".to_owned()),
        first_name: Some("Local".to_owned()),
        last_name: Some("Demo".to_owned()),
        timezone: None,
        is_active: true,
        is_superuser: false,
        is_verified: true,
        storage_limit_bytes: None,
        storage_used_bytes: Some(0),
        created_at: Some(created_at.clone()),
        updated_at: Some(created_at),
    }))
}

/// `GET /api/libraries`: a bare array. The one library is always live, so
/// `state=trashed` lists nothing.
async fn libraries(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Vec<Library>>> {
    let query = QueryParams::parse(raw.as_deref());
    let include_live = match query.single("state") {
        None | Some("live" | "all") => true,
        Some("trashed") => false,
        Some(other) => {
            return Err(ApiError::invalid(
                &["query", "state"],
                format!("state must be live, trashed or all, got {other:?}"),
            ));
        }
    };
    if !include_live {
        return Ok(Json(Vec::new()));
    }
    let connection = state.db();
    Ok(Json(load_libraries(&connection)?))
}

/// `GET /api/libraries/{id}`.
async fn library(
    State(state): State<AppState>,
    Path(library_id): Path<String>,
) -> ApiResult<Json<Library>> {
    let connection = state.db();
    load_libraries(&connection)?
        .into_iter()
        .find(|library| library.id.as_str() == library_id)
        .map(Json)
        .ok_or_else(|| ApiError::not_found("library", &library_id))
}

fn load_libraries(connection: &Connection) -> rusqlite::Result<Vec<Library>> {
    let asset_count: i64 =
        connection.query_row("SELECT COUNT(*) FROM assets", [], |row| row.get(0))?;
    let asset_count = asset_count.max(0) as u64;
    let mut statement =
        connection.prepare("SELECT id, name, created_at, updated_at FROM library ORDER BY id")?;
    statement
        .query_map([], |row| {
            Ok(Library {
                id: LibraryId::new(row.get::<_, String>(0)?),
                name: row.get(1)?,
                description: None,
                asset_count,
                storage_used_bytes: 0,
                storage_limit_bytes: None,
                user_id: Some(UserId::new(USER_ID)),
                created_at: row.get(2)?,
                updated_at: row.get(3)?,
            })
        })?
        .collect()
}
