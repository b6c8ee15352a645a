//! `/api/faces`: list, read, create (manual boxes), reassign and delete.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use gumnut_types::{BoundingBox, Candidate, ClusterAssignment, Face, Page, PersonId};

use rusqlite::{Connection, params};
use serde_json::{Map, Value as JsonValue};

use crate::app::AppState;
use crate::clock;
use crate::cluster::{self, PersonCentroid};
use crate::db::keyset::{ListQuery, SortKey};
use crate::db::people::{
    assign_face, delete_face as delete_face_row, get_face, person_exists, refresh_person,
};
use crate::db::rows::FaceRow;
use crate::error::{ApiError, ApiResult};
use crate::ids;
use crate::media::MediaUrls;
use crate::query::QueryParams;
use crate::routes::assets::find_asset;
use crate::routes::{in_list, json_object, optional_string, text_values};

const FACE_INCLUDES: &[&str] = &["cluster_assignment"];
const NEWEST_FIRST: [SortKey; 2] = [SortKey::desc("created_at"), SortKey::desc("id")];

/// Candidates listed per face, nearest first.
const CANDIDATE_LIMIT: usize = 5;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/faces", get(list_faces).post(create_face))
        .route(
            "/faces/{face_id}",
            get(read_face).patch(update_face).delete(delete_face),
        )
}

async fn list_faces(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Page<Face>>> {
    let query = QueryParams::parse(raw.as_deref());
    let includes = query.includes(FACE_INCLUDES)?;
    let page = query.page()?;
    let ids = query.ids("ids")?;
    let urls = state.urls(&headers);

    let mut list = ListQuery {
        table: "faces",
        columns: FaceRow::COLUMNS,
        conditions: Vec::new(),
        params: Vec::new(),
        keys: &NEWEST_FIRST,
        tombstones: Some("face_tombstones"),
    };
    for column in ["asset_id", "person_id"] {
        if let Some(value) = query.single(column) {
            list.conditions.push(format!("{column} = ?"));
            list.params
                .push(rusqlite::types::Value::Text(value.to_owned()));
        }
    }
    if let Some(ids) = &ids {
        list.conditions.push(in_list("id", ids.len()));
        list.params.extend(text_values(ids));
    }

    let connection = state.db();
    let (rows, has_more) = list.fetch(&connection, &page, FaceRow::from_row)?;
    let data = faces_to_wire(
        &state,
        &connection,
        &rows,
        &urls,
        includes.has("cluster_assignment"),
    )?;
    Ok(Json(Page { data, has_more }))
}

async fn read_face(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(face_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Face>> {
    let query = QueryParams::parse(raw.as_deref());
    let includes = query.includes(FACE_INCLUDES)?;
    let urls = state.urls(&headers);

    let connection = state.db();
    let row =
        get_face(&connection, &face_id)?.ok_or_else(|| ApiError::not_found("face", &face_id))?;
    single_face(
        &state,
        &connection,
        &row,
        &urls,
        includes.has("cluster_assignment"),
    )
}

/// `POST /api/faces`: a manual box, validated against the asset's
/// display-space size. The body is read as raw JSON so every error names
/// its field.
async fn create_face(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<Face>)> {
    let object = json_object(&body)?;
    let asset_id = match object.get("asset_id") {
        Some(JsonValue::String(id)) => id.clone(),
        Some(_) => {
            return Err(ApiError::invalid(
                &["body", "asset_id"],
                "asset_id must be a string",
            ));
        }
        None => {
            return Err(ApiError::invalid(
                &["body", "asset_id"],
                "asset_id is required",
            ));
        }
    };
    let bounding_box = parse_box(&object)?;
    let person_id = optional_string(&object, "person_id")?.flatten();
    let urls = state.urls(&headers);

    let face = {
        let mut connection = state.db();
        let asset = find_asset(&connection, &asset_id)?
            .ok_or_else(|| ApiError::not_found("asset", &asset_id))?;
        let (width, height) = asset.display_size().ok_or_else(|| {
            ApiError::invalid(
                &["body", "asset_id"],
                format!(
                    "asset {asset_id} has unknown dimensions, so a face box cannot be placed on it"
                ),
            )
        })?;
        check_box_fits(&bounding_box, width, height)?;
        if let Some(person_id) = &person_id
            && !person_exists(&connection, person_id)?
        {
            return Err(ApiError::not_found("person", person_id));
        }

        let now = clock::now();
        let face_id = ids::random("face_");
        let transaction = connection.transaction()?;
        transaction.execute(
            "INSERT INTO faces (id, asset_id, person_id, x, y, w, h, source, confidence, embedding, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'manual', NULL, NULL, ?8, ?8)",
            params![face_id, asset_id, person_id, bounding_box.x, bounding_box.y, bounding_box.w, bounding_box.h, now],
        )?;
        if let Some(person_id) = &person_id {
            refresh_person(&transaction, person_id, &now)?;
        }
        transaction.commit()?;
        tracing::info!(face_id, asset_id, "created manual face");
        get_face(&connection, &face_id)?
            .ok_or_else(|| ApiError::Internal("created face vanished".to_owned()))?
    };

    let crop = state.media.clone();
    let media_key = {
        let connection = state.db();
        find_asset(&connection, &face.asset_id)?.map(|asset| asset.media_key)
    };
    if let Some(media_key) = media_key {
        // Cut the crop now so the first request for it is fast; failure
        // here is not fatal because the media route retries on demand.
        let face_id = face.id.clone();
        let bounding_box = face.bounding_box;
        tokio::task::spawn_blocking(move || {
            if let Err(error) = crop.face_crop(&face_id, &media_key, &bounding_box) {
                tracing::warn!(%error, face_id, "could not cut face crop");
            }
        });
    }
    Ok((StatusCode::CREATED, Json(face.to_wire(&urls))))
}

/// `PATCH /api/faces/{id}`: only `person_id` changes. An absent key
/// changes nothing and `null` detaches the face but keeps the box.
async fn update_face(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(face_id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<Face>> {
    let object = json_object(&body)?;
    let person_id = optional_string(&object, "person_id")?;
    let urls = state.urls(&headers);

    let mut connection = state.db();
    let face =
        get_face(&connection, &face_id)?.ok_or_else(|| ApiError::not_found("face", &face_id))?;
    if let Some(target) = person_id {
        if let Some(target) = &target
            && !person_exists(&connection, target)?
        {
            return Err(ApiError::not_found("person", target));
        }
        let transaction = connection.transaction()?;
        assign_face(&transaction, &face, target.as_deref(), &clock::now())?;
        transaction.commit()?;
        tracing::info!(face_id, person_id = ?target, "reassigned face");
    }
    let updated =
        get_face(&connection, &face_id)?.ok_or_else(|| ApiError::not_found("face", &face_id))?;
    single_face(&state, &connection, &updated, &urls, false)
}

/// `DELETE /api/faces/{id}`: removes the box only; the asset and the
/// person stay.
async fn delete_face(
    State(state): State<AppState>,
    Path(face_id): Path<String>,
) -> ApiResult<Json<JsonValue>> {
    let mut connection = state.db();
    let face =
        get_face(&connection, &face_id)?.ok_or_else(|| ApiError::not_found("face", &face_id))?;
    let transaction = connection.transaction()?;
    delete_face_row(&transaction, &face, &clock::now())?;
    transaction.commit()?;
    tracing::info!(face_id, "deleted face");
    Ok(Json(JsonValue::Object(Map::new())))
}

fn single_face(
    state: &AppState,
    connection: &Connection,
    row: &FaceRow,
    urls: &MediaUrls,
    with_assignment: bool,
) -> ApiResult<Json<Face>> {
    let mut faces = faces_to_wire(
        state,
        connection,
        std::slice::from_ref(row),
        urls,
        with_assignment,
    )?;
    faces
        .pop()
        .map(Json)
        .ok_or_else(|| ApiError::Internal("face list was empty".to_owned()))
}

/// Reads `bounding_box` from a raw body, naming the field that is wrong.
fn parse_box(object: &Map<String, JsonValue>) -> ApiResult<BoundingBox> {
    let raw = match object.get("bounding_box") {
        Some(JsonValue::Object(raw)) => raw,
        Some(_) => {
            return Err(ApiError::invalid(
                &["body", "bounding_box"],
                "bounding_box must be an object",
            ));
        }
        None => {
            return Err(ApiError::invalid(
                &["body", "bounding_box"],
                "bounding_box is required",
            ));
        }
    };
    let side = |name: &'static str| -> ApiResult<i64> {
        let location = ["body", "bounding_box", name];
        match raw.get(name) {
            Some(JsonValue::Number(number)) => number.as_i64().ok_or_else(|| {
                ApiError::invalid(
                    &location,
                    format!("bounding_box.{name} must be an integer, got {number}"),
                )
            }),
            Some(other) => Err(ApiError::invalid(
                &location,
                format!("bounding_box.{name} must be an integer, got {other}"),
            )),
            None => Err(ApiError::invalid(
                &location,
                format!("bounding_box.{name} is required"),
            )),
        }
    };
    Ok(BoundingBox {
        x: side("x")?,
        y: side("y")?,
        w: side("w")?,
        h: side("h")?,
    })
}

/// Checks that a box has a positive size and lies inside the asset; the
/// server never clamps a box.
fn check_box_fits(bounding_box: &BoundingBox, width: u32, height: u32) -> ApiResult<()> {
    let fail = |name: &str, message: String| {
        Err(ApiError::invalid(&["body", "bounding_box", name], message))
    };
    let BoundingBox { x, y, w, h } = *bounding_box;
    if x < 0 {
        return fail("x", format!("bounding_box.x must be at least 0, got {x}"));
    }
    if y < 0 {
        return fail("y", format!("bounding_box.y must be at least 0, got {y}"));
    }
    if w < 1 {
        return fail("w", format!("bounding_box.w must be at least 1, got {w}"));
    }
    if h < 1 {
        return fail("h", format!("bounding_box.h must be at least 1, got {h}"));
    }
    if x.saturating_add(w) > i64::from(width) {
        return fail(
            "w",
            format!(
                "bounding_box x + w = {} exceeds the asset width {width}",
                x.saturating_add(w)
            ),
        );
    }
    if y.saturating_add(h) > i64::from(height) {
        return fail(
            "h",
            format!(
                "bounding_box y + h = {} exceeds the asset height {height}",
                y.saturating_add(h)
            ),
        );
    }
    Ok(())
}

/// Converts face rows and, when asked, computes their cluster assignment.
fn faces_to_wire(
    state: &AppState,
    connection: &Connection,
    rows: &[FaceRow],
    urls: &MediaUrls,
    with_assignment: bool,
) -> ApiResult<Vec<Face>> {
    let mut faces: Vec<Face> = rows.iter().map(|row| row.to_wire(urls)).collect();
    if !with_assignment {
        return Ok(faces);
    }

    let centroids = state
        .centroids
        .get_or_load(connection.total_changes(), || load_centroids(connection))?;
    for (face, row) in faces.iter_mut().zip(rows) {
        face.cluster_assignment = Some(cluster_assignment(row, &centroids));
    }
    Ok(faces)
}

fn load_centroids(connection: &Connection) -> rusqlite::Result<Vec<PersonCentroid>> {
    let mut statement =
        connection.prepare("SELECT id, name, centroid FROM people WHERE centroid IS NOT NULL")?;
    let rows = statement.query_map([], |row| {
        let blob: Vec<u8> = row.get(2)?;
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, Option<String>>(1)?,
            blob,
        ))
    })?;
    let mut centroids = Vec::new();
    for row in rows {
        let (person_id, name, blob) = row?;
        if let Some(vector) = cluster::from_blob(&blob) {
            centroids.push(PersonCentroid {
                person_id,
                name,
                vector,
            });
        }
    }
    Ok(centroids)
}

/// Distance to the face's own person and the nearest other people. A face
/// without an embedding (every manual face) gets neither: an assignment
/// with no distance and no candidates.
fn cluster_assignment(face: &FaceRow, centroids: &[PersonCentroid]) -> ClusterAssignment {
    let Some(embedding) = &face.embedding else {
        return ClusterAssignment::default();
    };
    let (own, nearest) = cluster::nearest_people(
        embedding,
        centroids,
        face.person_id.as_deref(),
        CANDIDATE_LIMIT,
    );
    let candidates = nearest
        .into_iter()
        .map(|(index, distance)| Candidate {
            person_id: PersonId::new(centroids[index].person_id.clone()),
            name: centroids[index].name.clone(),
            distance: cluster::round(distance),
        })
        .collect();
    ClusterAssignment {
        distance_to_person: own.map(cluster::round),
        candidates,
    }
}
