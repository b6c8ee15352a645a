//! `/api/people`: list with sorts and filters, read, create, edit, delete
//! and merge.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use gumnut_types::{NameFilter, Page, PeopleSort, Person};
use rusqlite::types::Value;
use rusqlite::{Connection, params};
use serde_json::{Map, Value as JsonValue};

use crate::app::AppState;
use crate::clock;
use crate::db::keyset::{ListQuery, SortKey};
use crate::db::people::{
    delete_person as delete_person_row, get_face, get_person, refresh_person, tombstone_person,
};
use crate::db::rows::{PersonRow, name_key};
use crate::error::{ApiError, ApiResult};
use crate::ids;
use crate::query::QueryParams;
use crate::routes::{in_list, json_object, optional_bool, optional_string, text_values};

const PEOPLE_INCLUDES: &[&str] = &["cluster_metrics"];

/// Longest accepted name, in characters. Names arrive from every client of
/// the API, so this is a sanity bound well above what the web app lets a
/// person type.
const MAX_NAME_CHARS: usize = 1000;
/// Most people one merge may fold into the target.
const MAX_MERGE_SOURCES: usize = 50;

// Every sort ends with the id, in the same direction, so the order is total
// and a cursor pins one position. Name sorts keep unnamed people last in
// both directions.
const CREATED_AT_DESC: [SortKey; 2] = [SortKey::desc("created_at"), SortKey::desc("id")];
const CREATED_AT_ASC: [SortKey; 2] = [SortKey::asc("created_at"), SortKey::asc("id")];
const NAME_ASC: [SortKey; 3] = [
    SortKey::asc("(name_key IS NULL)"),
    SortKey::asc("COALESCE(name_key, '')"),
    SortKey::asc("id"),
];
const NAME_DESC: [SortKey; 3] = [
    SortKey::asc("(name_key IS NULL)"),
    SortKey::desc("COALESCE(name_key, '')"),
    SortKey::desc("id"),
];
const ASSET_COUNT_DESC: [SortKey; 2] = [SortKey::desc("asset_count"), SortKey::desc("id")];
const ASSET_COUNT_ASC: [SortKey; 2] = [SortKey::asc("asset_count"), SortKey::asc("id")];

fn sort_keys(sort: PeopleSort) -> &'static [SortKey] {
    match sort {
        PeopleSort::CreatedAtDesc => &CREATED_AT_DESC,
        PeopleSort::CreatedAtAsc => &CREATED_AT_ASC,
        PeopleSort::NameAsc => &NAME_ASC,
        PeopleSort::NameDesc => &NAME_DESC,
        PeopleSort::AssetCountDesc => &ASSET_COUNT_DESC,
        PeopleSort::AssetCountAsc => &ASSET_COUNT_ASC,
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/people", get(list_people).post(create_person))
        .route(
            "/people/{person_id}",
            get(read_person).patch(update_person).delete(delete_person),
        )
        .route("/people/{person_id}/merge", post(merge_people))
}

async fn list_people(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Page<Person>>> {
    let query = QueryParams::parse(raw.as_deref());
    let includes = query.includes(PEOPLE_INCLUDES)?;
    let page = query.page()?;
    let ids = query.ids("ids")?;
    let sort = query.parsed::<PeopleSort>("sort")?.unwrap_or_default();
    let default_filter = if ids.is_some() {
        NameFilter::All
    } else {
        NameFilter::Named
    };
    let name_filter = query
        .parsed::<NameFilter>("name_filter")?
        .unwrap_or(default_filter);
    if sort.is_by_name() && name_filter == NameFilter::Unnamed {
        return Err(ApiError::invalid(
            &["query", "sort"],
            format!(
                "sort={} cannot be combined with name_filter=unnamed",
                sort.as_str()
            ),
        ));
    }
    let urls = state.urls(&headers);

    let mut list = ListQuery {
        table: PersonRow::FROM,
        columns: PersonRow::COLUMNS,
        conditions: Vec::new(),
        params: Vec::new(),
        keys: sort_keys(sort),
        tombstones: Some("person_tombstones"),
    };
    match name_filter {
        NameFilter::Named => list.conditions.push("name IS NOT NULL".to_owned()),
        NameFilter::Unnamed => list.conditions.push("name IS NULL".to_owned()),
        NameFilter::All => {}
    }
    if let Some(name) = query
        .single("name")
        .map(str::trim)
        .filter(|name| !name.is_empty())
    {
        // Lowercased here rather than by SQLite, whose lower() and LIKE only
        // fold ASCII; instr() then compares whole characters.
        list.conditions.push("instr(name_key, ?) > 0".to_owned());
        list.params.push(Value::Text(name_key(name)));
    }
    if let Some(asset_id) = query.single("asset_id") {
        list.conditions
            .push("id IN (SELECT person_id FROM faces WHERE asset_id = ?)".to_owned());
        list.params.push(Value::Text(asset_id.to_owned()));
    }
    if let Some(ids) = &ids {
        list.conditions.push(in_list("id", ids.len()));
        list.params.extend(text_values(ids));
    }
    if query.single("album_id").is_some() {
        // The stand-in has no albums, so no one appears in one.
        list.conditions.push("0".to_owned());
    }

    let connection = state.db();
    let (rows, has_more) = list.fetch(&connection, &page, PersonRow::from_row)?;
    let with_metrics = includes.has("cluster_metrics");
    let data = rows
        .iter()
        .map(|row| row.to_wire(Some(&urls), with_metrics))
        .collect();
    Ok(Json(Page { data, has_more }))
}

async fn read_person(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(person_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Person>> {
    let query = QueryParams::parse(raw.as_deref());
    let includes = query.includes(PEOPLE_INCLUDES)?;
    let urls = state.urls(&headers);
    let connection = state.db();
    let person = require_person(&connection, &person_id)?;
    Ok(Json(
        person.to_wire(Some(&urls), includes.has("cluster_metrics")),
    ))
}

/// Validated person fields from a create or update body. The outer
/// `Option` is "key present"; the inner one is the nullable value.
#[derive(Debug, Default)]
struct PersonFields {
    name: Option<Option<String>>,
    birth_date: Option<Option<String>>,
    is_favorite: Option<bool>,
    is_hidden: Option<bool>,
    thumbnail_face_id: Option<Option<String>>,
}

fn parse_person_fields(object: &Map<String, JsonValue>) -> ApiResult<PersonFields> {
    let name = optional_string(object, "name")?.map(|name| {
        // A blank name means unnamed.
        name.map(|text| text.trim().to_owned())
            .filter(|text| !text.is_empty())
    });
    if let Some(Some(text)) = &name {
        let length = text.chars().count();
        if length > MAX_NAME_CHARS {
            return Err(ApiError::invalid(
                &["body", "name"],
                format!("name must be at most {MAX_NAME_CHARS} characters, got {length}"),
            ));
        }
    }

    let birth_date = optional_string(object, "birth_date")?;
    if let Some(Some(date)) = &birth_date
        && !clock::is_plain_date(date)
    {
        return Err(ApiError::invalid(
            &["body", "birth_date"],
            format!("birth_date must be a valid date in YYYY-MM-DD form, got {date:?}"),
        ));
    }

    Ok(PersonFields {
        name,
        birth_date,
        is_favorite: optional_bool(object, "is_favorite")?,
        is_hidden: optional_bool(object, "is_hidden")?,
        thumbnail_face_id: optional_string(object, "thumbnail_face_id")?,
    })
}

async fn create_person(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Person>)> {
    let fields = parse_person_fields(&json_object(&body)?)?;
    let urls = state.urls(&headers);

    let connection = state.db();
    let thumbnail_face_id = fields.thumbnail_face_id.flatten();
    if let Some(face_id) = &thumbnail_face_id
        && get_face(&connection, face_id)?.is_none()
    {
        return Err(ApiError::invalid(
            &["body", "thumbnail_face_id"],
            format!("face {face_id} not found"),
        ));
    }

    let name = fields.name.flatten();
    let now = clock::now();
    let person_id = ids::random("person_");
    connection.execute(
        "INSERT INTO people (id, name, name_key, birth_date, is_favorite, is_hidden, thumbnail_face_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        params![
            person_id,
            name,
            name.as_deref().map(name_key),
            fields.birth_date.flatten(),
            fields.is_favorite.unwrap_or(false),
            fields.is_hidden.unwrap_or(false),
            thumbnail_face_id,
            now
        ],
    )?;
    tracing::info!(person_id, "created person");
    let person = require_person(&connection, &person_id)?;
    Ok((
        StatusCode::CREATED,
        Json(person.to_wire(Some(&urls), false)),
    ))
}

/// `PATCH /api/people/{id}`: absent keys stay, `null` clears. A `null`
/// cover lets the server pick the person's most confident face again.
async fn update_person(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(person_id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Person>> {
    let fields = parse_person_fields(&json_object(&body)?)?;
    let urls = state.urls(&headers);

    let mut connection = state.db();
    require_person(&connection, &person_id)?;
    if let Some(Some(face_id)) = &fields.thumbnail_face_id {
        let owned = get_face(&connection, face_id)?
            .is_some_and(|face| face.person_id.as_deref() == Some(person_id.as_str()));
        if !owned {
            return Err(ApiError::invalid(
                &["body", "thumbnail_face_id"],
                format!("face {face_id} is not one of this person's faces"),
            ));
        }
    }

    let now = clock::now();
    let transaction = connection.transaction()?;
    if let Some(name) = &fields.name {
        transaction.execute(
            "UPDATE people SET name = ?2, name_key = ?3 WHERE id = ?1",
            params![person_id, name, name.as_deref().map(name_key)],
        )?;
    }
    if let Some(birth_date) = &fields.birth_date {
        transaction.execute(
            "UPDATE people SET birth_date = ?2 WHERE id = ?1",
            params![person_id, birth_date],
        )?;
    }
    if let Some(flag) = fields.is_favorite {
        transaction.execute(
            "UPDATE people SET is_favorite = ?2 WHERE id = ?1",
            params![person_id, flag],
        )?;
    }
    if let Some(flag) = fields.is_hidden {
        transaction.execute(
            "UPDATE people SET is_hidden = ?2 WHERE id = ?1",
            params![person_id, flag],
        )?;
    }
    if let Some(face_id) = &fields.thumbnail_face_id {
        transaction.execute(
            "UPDATE people SET thumbnail_face_id = ?2 WHERE id = ?1",
            params![person_id, face_id],
        )?;
        if face_id.is_none() {
            refresh_person(&transaction, &person_id, &now)?;
        }
    }
    transaction.execute(
        "UPDATE people SET updated_at = ?2 WHERE id = ?1",
        params![person_id, now],
    )?;
    transaction.commit()?;
    tracing::info!(person_id, "updated person");

    let person = require_person(&connection, &person_id)?;
    Ok(Json(person.to_wire(Some(&urls), false)))
}

/// `DELETE /api/people/{id}`: the faces stay and become unassigned.
async fn delete_person(
    State(state): State<AppState>,
    Path(person_id): Path<String>,
) -> ApiResult<Json<JsonValue>> {
    let mut connection = state.db();
    require_person(&connection, &person_id)?;
    let transaction = connection.transaction()?;
    delete_person_row(&transaction, &person_id, &clock::now())?;
    transaction.commit()?;
    tracing::info!(person_id, "deleted person");
    Ok(Json(JsonValue::Object(Map::new())))
}

/// `POST /api/people/{target}/merge`: moves every face of the sources to
/// the target and deletes the sources. When the target and all sources
/// are unnamed and have no faces, the target is deleted too and the
/// response is 204 with no body.
async fn merge_people(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(target_id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    let object = json_object(&body)?;
    let location = ["body", "source_person_ids"];
    let sources: Vec<String> = match object.get("source_person_ids") {
        Some(JsonValue::Array(items)) => items
            .iter()
            .map(|item| {
                item.as_str().map(str::to_owned).ok_or_else(|| {
                    ApiError::invalid(&location, "source_person_ids must contain only strings")
                })
            })
            .collect::<ApiResult<_>>()?,
        Some(_) => {
            return Err(ApiError::invalid(
                &location,
                "source_person_ids must be an array",
            ));
        }
        None => {
            return Err(ApiError::invalid(
                &location,
                "source_person_ids is required",
            ));
        }
    };
    let mut sources = sources;
    sources.sort();
    sources.dedup();
    if sources.is_empty() || sources.len() > MAX_MERGE_SOURCES {
        return Err(ApiError::invalid(
            &location,
            format!(
                "source_person_ids must name 1 to {MAX_MERGE_SOURCES} people, got {}",
                sources.len()
            ),
        ));
    }
    if sources.contains(&target_id) {
        return Err(ApiError::invalid(
            &location,
            format!("the target {target_id} cannot also be a source"),
        ));
    }
    let urls = state.urls(&headers);

    let mut connection = state.db();
    let target = require_person(&connection, &target_id)?;
    let mut source_rows = Vec::with_capacity(sources.len());
    for source_id in &sources {
        source_rows.push(require_person(&connection, source_id)?);
    }

    let now = clock::now();
    let degenerate = target.name.is_none()
        && target.face_count == 0
        && source_rows
            .iter()
            .all(|source| source.name.is_none() && source.face_count == 0);

    let transaction = connection.transaction()?;
    for source_id in &sources {
        transaction.execute(
            "UPDATE faces SET person_id = ?2, updated_at = ?3 WHERE person_id = ?1",
            params![source_id, target_id, now],
        )?;
        tombstone_person(&transaction, source_id)?;
        transaction.execute("DELETE FROM people WHERE id = ?1", [source_id])?;
    }
    if degenerate {
        tombstone_person(&transaction, &target_id)?;
        transaction.execute("DELETE FROM people WHERE id = ?1", [&target_id])?;
    } else {
        refresh_person(&transaction, &target_id, &now)?;
    }
    transaction.commit()?;
    tracing::info!(
        target_id,
        sources = sources.len(),
        degenerate,
        "merged people"
    );

    if degenerate {
        return Ok(StatusCode::NO_CONTENT.into_response());
    }
    let person = require_person(&connection, &target_id)?;
    Ok(Json(person.to_wire(Some(&urls), false)).into_response())
}

fn require_person(connection: &Connection, person_id: &str) -> ApiResult<PersonRow> {
    get_person(connection, person_id)?.ok_or_else(|| ApiError::not_found("person", person_id))
}
