//! The demo library: 26 photos from `demo/`, their detected faces with
//! embeddings, four named people and one small unnamed cluster.
//!
//! Ids are derived from file names and face positions, so every machine
//! seeds the same ids. Seeding runs only into an empty library, so starting
//! twice on one data folder changes nothing.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use crate::clock;
use crate::cluster::{self, EMBEDDING_DIM};
use crate::db::people::refresh_person;
use crate::db::rows::name_key;
use crate::ids;
use crate::media::{self, MediaError, MediaStore};

/// Maximum number of faces in the seeded unnamed cluster.
const UNNAMED_CLUSTER_MAX: usize = 3;
/// A third face joins the unnamed cluster only if it is at most this far
/// (cosine distance) from both faces of the closest pair. 0.12 is about the
/// largest distance between two faces of one named person in the demo.
const UNNAMED_CLUSTER_RADIUS: f64 = 0.12;
/// Narrowest face that may join the unnamed cluster. faces.json notes that
/// embeddings of faces narrower than about 50 px are noisy, so smaller
/// faces would make a cluster of look-alike blurs.
const UNNAMED_CLUSTER_MIN_WIDTH: i64 = 50;

/// Failure to seed; the seed stops rather than store inconsistent data.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid {path}: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error(transparent)]
    Media(#[from] MediaError),
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("{file}: faces.json says {expected}, but the image decodes to {actual}")]
    Mismatch {
        file: String,
        expected: String,
        actual: String,
    },
    #[error("{file}: face {index} {detail}")]
    InvalidFace {
        file: String,
        index: usize,
        detail: String,
    },
}

/// `faces.json`.
#[derive(Debug, Deserialize)]
struct DemoLibrary {
    images: Vec<DemoImage>,
}

#[derive(Debug, Deserialize)]
struct DemoImage {
    file: String,
    width: u32,
    height: u32,
    exif_orientation: Option<u8>,
    #[serde(default)]
    faces: Vec<DemoFace>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    date: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DemoFace {
    x: i64,
    y: i64,
    w: i64,
    h: i64,
    confidence: f64,
    #[serde(default)]
    person: Option<String>,
    #[serde(default)]
    embedding: Vec<f32>,
}

/// Counts of the rows a seed created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedSummary {
    pub assets: usize,
    pub faces: usize,
    pub people: usize,
}

/// A face ready to insert.
struct SeedFace {
    id: String,
    asset_id: String,
    bounding_box: gumnut_types::BoundingBox,
    confidence: f64,
    embedding: Vec<f32>,
    person: Option<String>,
}

/// Checks whether the library has no assets yet.
pub fn is_empty(connection: &Connection) -> rusqlite::Result<bool> {
    let count: i64 = connection.query_row("SELECT COUNT(*) FROM assets", [], |row| row.get(0))?;
    Ok(count == 0)
}

/// Seeds the demo library from `demo_dir` (with `faces.json` and `images/`)
/// in one transaction, copying the originals into `store`. Returns `None`
/// when the library already has assets.
pub fn seed_demo(
    connection: &mut Connection,
    demo_dir: &Path,
    store: &MediaStore,
) -> Result<Option<SeedSummary>, SeedError> {
    if !is_empty(connection)? {
        return Ok(None);
    }

    let manifest = demo_dir.join("faces.json");
    let text = std::fs::read_to_string(&manifest).map_err(|source| SeedError::Read {
        path: manifest.clone(),
        source,
    })?;
    let library: DemoLibrary = serde_json::from_str(&text).map_err(|source| SeedError::Parse {
        path: manifest.clone(),
        source,
    })?;

    let started = OffsetDateTime::now_utc();
    // Distinct, increasing timestamps keep "newest first" orders stable.
    let timestamp =
        |offset: usize| clock::format_timestamp(started + Duration::milliseconds(offset as i64));

    let transaction = connection.transaction()?;
    let mut faces = Vec::new();
    for (asset_index, image) in library.images.iter().enumerate() {
        let asset_id = ids::derived("asset_", &[&image.file]);
        let path = demo_dir.join("images").join(&image.file);
        let info = media::probe(&path)?;
        check_image(image, &info)?;
        store.import_original(&asset_id, &path)?;

        let now = timestamp(asset_index);
        let mime_type = media::content_type(&path);
        let local_datetime = image
            .date
            .as_deref()
            .and_then(clock::normalize_naive_datetime);
        transaction.execute(
            "INSERT INTO assets (id, created_at, updated_at, local_datetime, mime_type, original_file_name, kind,
                 width, height, raw_width, raw_height, orientation, description, media_key)
             VALUES (?1, ?2, ?2, ?3, ?4, ?5, 'original', ?6, ?7, ?8, ?9, ?10, ?11, ?1)",
            params![
                asset_id,
                now,
                local_datetime,
                mime_type,
                image.file,
                info.width,
                info.height,
                info.raw_width,
                info.raw_height,
                info.orientation,
                image.description,
            ],
        )?;

        for (index, face) in image.faces.iter().enumerate() {
            faces.push(seed_face(image, index, face, &asset_id)?);
        }
    }

    let mut people: Vec<(String, Option<String>)> = Vec::new();
    for face in &faces {
        if let Some(name) = &face.person {
            let person_id = ids::derived("person_", &[name]);
            if !people.iter().any(|(id, _)| *id == person_id) {
                people.push((person_id, Some(name.clone())));
            }
        }
    }
    let unnamed_cluster = closest_unnamed_faces(&faces);
    if unnamed_cluster.len() >= 2 {
        people.push((
            ids::derived(
                "person_",
                &["unnamed cluster", &faces[unnamed_cluster[0]].id],
            ),
            None,
        ));
    }

    for (index, (person_id, name)) in people.iter().enumerate() {
        transaction.execute(
            "INSERT INTO people (id, name, name_key, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
            params![person_id, name, name.as_deref().map(name_key), timestamp(index)],
        )?;
    }

    let unnamed_id = people
        .iter()
        .find(|(_, name)| name.is_none())
        .map(|(id, _)| id.clone());
    for (index, face) in faces.iter().enumerate() {
        let person_id = match &face.person {
            Some(name) => Some(ids::derived("person_", &[name])),
            None if unnamed_cluster.contains(&index) => unnamed_id.clone(),
            None => None,
        };
        let created_at = timestamp(index);
        transaction.execute(
            "INSERT INTO faces (id, asset_id, person_id, x, y, w, h, source, confidence, embedding, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'automatic', ?8, ?9, ?10, ?10)",
            params![
                face.id,
                face.asset_id,
                person_id,
                face.bounding_box.x,
                face.bounding_box.y,
                face.bounding_box.w,
                face.bounding_box.h,
                face.confidence,
                cluster::to_blob(&face.embedding),
                created_at,
            ],
        )?;
    }

    // Counts, centroids, metrics and the cover (the most confident face).
    let now = clock::now();
    for (person_id, _) in &people {
        refresh_person(&transaction, person_id, &now)?;
    }
    transaction.commit()?;

    Ok(Some(SeedSummary {
        assets: library.images.len(),
        faces: faces.len(),
        people: people.len(),
    }))
}

/// Checks the manifest against the decoded header, so a wrong orientation
/// or size fails the seed instead of misplacing every box.
fn check_image(image: &DemoImage, info: &media::ImageInfo) -> Result<(), SeedError> {
    if (info.width, info.height) != (image.width, image.height) {
        return Err(SeedError::Mismatch {
            file: image.file.clone(),
            expected: format!("display size {}x{}", image.width, image.height),
            actual: format!("{}x{}", info.width, info.height),
        });
    }
    let expected_orientation = image.exif_orientation.unwrap_or(1);
    if info.orientation != expected_orientation {
        return Err(SeedError::Mismatch {
            file: image.file.clone(),
            expected: format!("EXIF orientation {expected_orientation}"),
            actual: format!("orientation {}", info.orientation),
        });
    }
    Ok(())
}

fn seed_face(
    image: &DemoImage,
    index: usize,
    face: &DemoFace,
    asset_id: &str,
) -> Result<SeedFace, SeedError> {
    let invalid = |detail: String| SeedError::InvalidFace {
        file: image.file.clone(),
        index,
        detail,
    };
    let bounding_box = gumnut_types::BoundingBox {
        x: face.x,
        y: face.y,
        w: face.w,
        h: face.h,
    };
    if !bounding_box.fits_within(image.width, image.height) {
        return Err(invalid(format!(
            "box {bounding_box:?} lies outside {}x{}",
            image.width, image.height
        )));
    }
    if face.embedding.len() != EMBEDDING_DIM {
        return Err(invalid(format!(
            "has a {}-d embedding, expected {EMBEDDING_DIM}",
            face.embedding.len()
        )));
    }
    let mut embedding = face.embedding.clone();
    if !cluster::normalize(&mut embedding) {
        return Err(invalid("has a zero embedding".to_owned()));
    }
    Ok(SeedFace {
        id: ids::derived("face_", &[&image.file, &index.to_string()]),
        asset_id: asset_id.to_owned(),
        bounding_box,
        confidence: face.confidence,
        embedding,
        person: face.person.clone(),
    })
}

/// Picks 2–3 unnamed faces, on different photos and at least
/// [`UNNAMED_CLUSTER_MIN_WIDTH`] wide, that sit closest to each other: the
/// closest pair, plus the face nearest to both if it is within
/// [`UNNAMED_CLUSTER_RADIUS`] of each. Returns their indexes.
fn closest_unnamed_faces(faces: &[SeedFace]) -> Vec<usize> {
    let unnamed: Vec<usize> = (0..faces.len())
        .filter(|&index| faces[index].person.is_none())
        .filter(|&index| faces[index].bounding_box.w >= UNNAMED_CLUSTER_MIN_WIDTH)
        .collect();
    let distance =
        |a: usize, b: usize| cluster::cosine_distance(&faces[a].embedding, &faces[b].embedding);

    let mut best: Option<(f64, usize, usize)> = None;
    for (position, &a) in unnamed.iter().enumerate() {
        for &b in &unnamed[position + 1..] {
            if faces[a].asset_id == faces[b].asset_id {
                continue;
            }
            let candidate = distance(a, b);
            if best.is_none_or(|(current, _, _)| candidate < current) {
                best = Some((candidate, a, b));
            }
        }
    }
    let Some((_, a, b)) = best else {
        return Vec::new();
    };

    let mut cluster = vec![a, b];
    let third = unnamed
        .iter()
        .copied()
        .filter(|&c| {
            c != a
                && c != b
                && faces[c].asset_id != faces[a].asset_id
                && faces[c].asset_id != faces[b].asset_id
        })
        .map(|c| (distance(a, c).max(distance(b, c)), c))
        .min_by(|x, y| x.0.total_cmp(&y.0));
    if let Some((spread, c)) = third
        && spread <= UNNAMED_CLUSTER_RADIUS
        && cluster.len() < UNNAMED_CLUSTER_MAX
    {
        cluster.push(c);
    }
    cluster
}
