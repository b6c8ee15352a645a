//! `GET /api/assets` and `GET /api/assets/{id}`.

use std::collections::HashMap;

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use gumnut_types::{Asset, Page};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use crate::app::AppState;
use crate::db::keyset::{ListQuery, SortKey};
use crate::db::rows::{AssetRow, FaceRow, PersonRow};
use crate::error::{ApiError, ApiResult};
use crate::media::MediaUrls;
use crate::query::{Includes, Order, QueryParams};
use crate::routes::{in_list, text_values};

/// `include` tokens assets accept. `metrics` and `file_data` are accepted
/// and ignored because the stand-in has no such data.
const ASSET_INCLUDES: &[&str] = &[
    "faces",
    "people",
    "variants",
    "metadata",
    "metrics",
    "file_data",
];

const NEWEST_FIRST: [SortKey; 2] = [
    SortKey::desc("COALESCE(local_datetime, '')"),
    SortKey::desc("id"),
];
const OLDEST_FIRST: [SortKey; 2] = [
    SortKey::asc("COALESCE(local_datetime, '')"),
    SortKey::asc("id"),
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/assets", get(list_assets))
        .route("/assets/{asset_id}", get(get_asset))
}

async fn list_assets(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Page<Asset>>> {
    let query = QueryParams::parse(raw.as_deref());
    let includes = query.includes(ASSET_INCLUDES)?;
    let page = query.page()?;
    let order = query.parsed::<Order>("order")?.unwrap_or(Order::Desc);
    let ids = query.ids("ids")?;
    let mut person_ids = query.ids("person_ids")?.unwrap_or_default();
    // `person_id` is the older, singular spelling of the same filter.
    person_ids.extend(query.ids("person_id")?.unwrap_or_default());
    person_ids.sort();
    person_ids.dedup();
    let urls = state.urls(&headers);

    let mut list = ListQuery {
        table: "assets",
        columns: AssetRow::COLUMNS,
        conditions: Vec::new(),
        params: Vec::new(),
        keys: if order == Order::Desc {
            &NEWEST_FIRST
        } else {
            &OLDEST_FIRST
        },
        tombstones: None,
    };
    if let Some(ids) = &ids {
        list.conditions.push(in_list("id", ids.len()));
        list.params.extend(text_values(ids));
    }
    if !person_ids.is_empty() {
        // Assets that contain every one of the people.
        list.conditions.push(format!(
            "id IN (SELECT asset_id FROM faces WHERE {} GROUP BY asset_id HAVING COUNT(DISTINCT person_id) = ?)",
            in_list("person_id", person_ids.len())
        ));
        list.params.extend(text_values(&person_ids));
        list.params.push(Value::Integer(person_ids.len() as i64));
    }

    if query.single("album_id").is_some() {
        // The stand-in has no albums, so no asset is in one.
        list.conditions.push("0".to_owned());
    }

    let connection = state.db();
    let (rows, has_more) = list.fetch(&connection, &page, AssetRow::from_row)?;
    let data = expand_assets(&connection, &rows, &includes, &urls)?;
    Ok(Json(Page { data, has_more }))
}

async fn get_asset(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(asset_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Asset>> {
    let query = QueryParams::parse(raw.as_deref());
    let includes = query.includes(ASSET_INCLUDES)?;
    let urls = state.urls(&headers);

    let connection = state.db();
    let row = find_asset(&connection, &asset_id)?
        .ok_or_else(|| ApiError::not_found("asset", &asset_id))?;
    let mut assets = expand_assets(&connection, &[row], &includes, &urls)?;
    assets
        .pop()
        .map(Json)
        .ok_or_else(|| ApiError::Internal("expanded asset list was empty".to_owned()))
}

/// Reads one asset row.
pub fn find_asset(connection: &Connection, asset_id: &str) -> rusqlite::Result<Option<AssetRow>> {
    let sql = format!("SELECT {} FROM assets WHERE id = ?1", AssetRow::COLUMNS);
    connection
        .query_row(&sql, [asset_id], AssetRow::from_row)
        .optional()
}

/// Converts rows to responses and fills the included parts with one query
/// per part for the whole page.
fn expand_assets(
    connection: &Connection,
    rows: &[AssetRow],
    includes: &Includes,
    urls: &MediaUrls,
) -> ApiResult<Vec<Asset>> {
    let mut assets: Vec<Asset> = rows
        .iter()
        .map(|row| row.to_wire(urls, includes.has("variants")))
        .collect();
    if includes.has("metadata") {
        for (asset, row) in assets.iter_mut().zip(rows) {
            asset.metadata = Some(row.metadata());
        }
    }
    if !includes.has("faces") && !includes.has("people") {
        return Ok(assets);
    }

    let asset_ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let sql = format!(
        "SELECT {} FROM faces WHERE {} ORDER BY created_at DESC, id DESC",
        FaceRow::COLUMNS,
        in_list("asset_id", asset_ids.len())
    );
    let faces: Vec<FaceRow> = connection
        .prepare(&sql)?
        .query_map(
            rusqlite::params_from_iter(text_values(&asset_ids)),
            FaceRow::from_row,
        )?
        .collect::<rusqlite::Result<_>>()?;

    let people = if includes.has("people") {
        let mut person_ids: Vec<String> = faces
            .iter()
            .filter_map(|face| face.person_id.clone())
            .collect();
        person_ids.sort();
        person_ids.dedup();
        let sql = format!(
            "SELECT {} FROM {} WHERE {} ORDER BY created_at DESC, id DESC",
            PersonRow::COLUMNS,
            PersonRow::FROM,
            in_list("id", person_ids.len())
        );
        connection
            .prepare(&sql)?
            .query_map(
                rusqlite::params_from_iter(text_values(&person_ids)),
                PersonRow::from_row,
            )?
            .map(|row| row.map(|person| (person.id.clone(), person)))
            .collect::<rusqlite::Result<HashMap<_, _>>>()?
    } else {
        HashMap::new()
    };

    for asset in &mut assets {
        let own_faces: Vec<&FaceRow> = faces
            .iter()
            .filter(|face| face.asset_id == asset.id.as_str())
            .collect();
        if includes.has("faces") {
            asset.faces = Some(own_faces.iter().map(|face| face.to_wire(urls)).collect());
        }
        if includes.has("people") {
            let mut seen = Vec::new();
            for person_id in own_faces
                .iter()
                .filter_map(|face| face.person_id.as_deref())
            {
                if !seen.contains(&person_id) {
                    seen.push(person_id);
                }
            }
            let list = seen
                .iter()
                .filter_map(|id| people.get(*id))
                .map(|person| person.to_wire(None, false))
                .collect();
            asset.people = Some(list);
        }
    }
    Ok(assets)
}
