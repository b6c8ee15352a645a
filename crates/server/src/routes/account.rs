//! Ping, the signed-in user and the library list.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use gumnut_types::{Library, LibraryId, User, UserId};

use crate::app::AppState;
use crate::error::ApiResult;

/// Id of the one local user.
const USER_ID: &str = "intuser_LocalDemoUser2222222";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users/me", get(me))
        .route("/libraries", get(libraries))
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

async fn libraries(State(state): State<AppState>) -> ApiResult<Json<Vec<Library>>> {
    let connection = state.db();
    let asset_count: i64 =
        connection.query_row("SELECT COUNT(*) FROM assets", [], |row| row.get(0))?;
    let asset_count = asset_count.max(0) as u64;
    let mut statement =
        connection.prepare("SELECT id, name, created_at, updated_at FROM library ORDER BY id")?;
    let libraries = statement
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
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Json(libraries))
}
