//! Derived person fields and the edits that must keep them current.
//!
//! `asset_count`, `face_count`, the centroid, the pairwise metrics and the
//! cover face are stored on the `people` row and recomputed by
//! [`refresh_person`] after any change to that person's faces, so reads and
//! sorts never aggregate over the whole `faces` table.

use rusqlite::{Connection, OptionalExtension, params};

use crate::cluster;
use crate::db::rows::{FaceRow, PersonRow};

/// Reads one person with its derived fields.
pub fn get_person(connection: &Connection, id: &str) -> rusqlite::Result<Option<PersonRow>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE id = ?1",
        PersonRow::COLUMNS,
        PersonRow::FROM
    );
    connection
        .query_row(&sql, [id], PersonRow::from_row)
        .optional()
}

/// Reads one face.
pub fn get_face(connection: &Connection, id: &str) -> rusqlite::Result<Option<FaceRow>> {
    let sql = format!("SELECT {} FROM faces WHERE id = ?1", FaceRow::COLUMNS);
    connection
        .query_row(&sql, [id], FaceRow::from_row)
        .optional()
}

/// Checks whether a person with this id exists.
pub fn person_exists(connection: &Connection, id: &str) -> rusqlite::Result<bool> {
    connection
        .query_row("SELECT 1 FROM people WHERE id = ?1", [id], |_| Ok(()))
        .optional()
        .map(|found| found.is_some())
}

/// Recomputes a person's derived fields from their faces: counts, centroid,
/// pairwise metrics, and the cover face when the current one no longer
/// belongs to them (it then becomes their most confident face, or null).
pub fn refresh_person(connection: &Connection, person_id: &str, now: &str) -> rusqlite::Result<()> {
    let mut statement = connection.prepare_cached(
        "SELECT id, asset_id, confidence, embedding FROM faces WHERE person_id = ?1
         ORDER BY confidence IS NULL, confidence DESC, created_at, id",
    )?;
    let faces: Vec<(String, String, Option<Vec<f32>>)> = statement
        .query_map([person_id], |row| {
            let blob: Option<Vec<u8>> = row.get(3)?;
            Ok((
                row.get(0)?,
                row.get(1)?,
                blob.as_deref().and_then(cluster::from_blob),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;

    let face_count = faces.len() as i64;
    let mut assets: Vec<&str> = faces
        .iter()
        .map(|(_, asset_id, _)| asset_id.as_str())
        .collect();
    assets.sort_unstable();
    assets.dedup();
    let asset_count = assets.len() as i64;

    let embeddings: Vec<&[f32]> = faces
        .iter()
        .filter_map(|(_, _, embedding)| embedding.as_deref())
        .collect();
    let centroid =
        cluster::centroid(embeddings.iter().copied()).map(|vector| cluster::to_blob(&vector));
    let (pairwise_mean, pairwise_p90) = match cluster::pairwise_stats(&embeddings) {
        Some((mean, p90)) => (Some(mean), Some(p90)),
        None => (None, None),
    };

    let current_cover: Option<String> = connection
        .query_row(
            "SELECT thumbnail_face_id FROM people WHERE id = ?1",
            [person_id],
            |row| row.get(0),
        )
        .optional()?
        .flatten();
    let cover_is_own = current_cover
        .as_deref()
        .is_some_and(|cover| faces.iter().any(|(face_id, _, _)| face_id == cover));
    let cover = if cover_is_own {
        current_cover
    } else {
        faces.first().map(|(face_id, _, _)| face_id.clone())
    };

    connection.execute(
        "UPDATE people SET face_count = ?2, asset_count = ?3, centroid = ?4, pairwise_mean = ?5,
             pairwise_p90 = ?6, thumbnail_face_id = ?7, updated_at = ?8
         WHERE id = ?1",
        params![
            person_id,
            face_count,
            asset_count,
            centroid,
            pairwise_mean,
            pairwise_p90,
            cover,
            now
        ],
    )?;
    Ok(())
}

/// Records a person's sort keys before deleting them, so a page cursor
/// naming them keeps working.
pub fn tombstone_person(connection: &Connection, person_id: &str) -> rusqlite::Result<()> {
    connection.execute(
        "INSERT OR REPLACE INTO person_tombstones (id, created_at, name_key, asset_count)
         SELECT id, created_at, name_key, asset_count FROM people WHERE id = ?1",
        [person_id],
    )?;
    Ok(())
}

/// Deletes a person; their faces stay and become unassigned.
pub fn delete_person(connection: &Connection, person_id: &str, now: &str) -> rusqlite::Result<()> {
    connection.execute(
        "UPDATE faces SET person_id = NULL, updated_at = ?2 WHERE person_id = ?1",
        params![person_id, now],
    )?;
    tombstone_person(connection, person_id)?;
    connection.execute("DELETE FROM people WHERE id = ?1", [person_id])?;
    Ok(())
}

/// Deletes a face, then repairs every person who had it as a face or cover.
pub fn delete_face(connection: &Connection, face: &FaceRow, now: &str) -> rusqlite::Result<()> {
    let mut affected: Vec<String> = connection
        .prepare("SELECT id FROM people WHERE thumbnail_face_id = ?1")?
        .query_map([&face.id], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    affected.extend(face.person_id.clone());
    affected.sort();
    affected.dedup();

    connection.execute(
        "INSERT OR REPLACE INTO face_tombstones (id, created_at) VALUES (?1, ?2)",
        params![face.id, face.created_at],
    )?;
    connection.execute(
        "UPDATE people SET thumbnail_face_id = NULL WHERE thumbnail_face_id = ?1",
        [&face.id],
    )?;
    connection.execute("DELETE FROM faces WHERE id = ?1", [&face.id])?;
    for person_id in &affected {
        refresh_person(connection, person_id, now)?;
    }
    Ok(())
}

/// Moves a face to `person_id` (or detaches it) and refreshes both people.
pub fn assign_face(
    connection: &Connection,
    face: &FaceRow,
    person_id: Option<&str>,
    now: &str,
) -> rusqlite::Result<()> {
    if face.person_id.as_deref() == person_id {
        return Ok(());
    }
    connection.execute(
        "UPDATE faces SET person_id = ?2, updated_at = ?3 WHERE id = ?1",
        params![face.id, person_id, now],
    )?;
    for affected in face.person_id.as_deref().into_iter().chain(person_id) {
        refresh_person(connection, affected, now)?;
    }
    Ok(())
}
