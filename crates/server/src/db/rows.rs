//! Row types of the three main tables and their conversion to wire types.

use gumnut_types::{
    Asset, AssetId, AssetMetadata, AssetUrls, BoundingBox, Face, FaceId, FaceSource, Person,
    PersonId,
};
use rusqlite::Row;

use crate::cluster;
use crate::media::{self, MediaUrls};

/// An `assets` row.
#[derive(Debug, Clone)]
pub struct AssetRow {
    pub id: String,
    pub created_at: String,
    pub updated_at: String,
    pub local_datetime: Option<String>,
    pub mime_type: String,
    pub original_file_name: String,
    pub kind: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub raw_width: Option<u32>,
    pub raw_height: Option<u32>,
    pub orientation: Option<u8>,
    pub description: Option<String>,
    pub media_key: String,
}

impl AssetRow {
    pub const COLUMNS: &'static str = "id, created_at, updated_at, local_datetime, mime_type, \
        original_file_name, kind, width, height, raw_width, raw_height, orientation, description, media_key";

    pub fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(AssetRow {
            id: row.get(0)?,
            created_at: row.get(1)?,
            updated_at: row.get(2)?,
            local_datetime: row.get(3)?,
            mime_type: row.get(4)?,
            original_file_name: row.get(5)?,
            kind: row.get(6)?,
            width: row.get(7)?,
            height: row.get(8)?,
            raw_width: row.get(9)?,
            raw_height: row.get(10)?,
            orientation: row.get(11)?,
            description: row.get(12)?,
            media_key: row.get(13)?,
        })
    }

    /// Display-space size, when both sides are known and non-zero.
    pub fn display_size(&self) -> Option<(u32, u32)> {
        match (self.width, self.height) {
            (Some(width), Some(height)) if width > 0 && height > 0 => Some((width, height)),
            _ => None,
        }
    }

    /// Converts to the lean asset: every core field, and only the `thumbnail`
    /// URL unless `all_variants` is set.
    pub fn to_wire(&self, urls: &MediaUrls, all_variants: bool) -> Asset {
        let variants: &[media::Variant] = if all_variants {
            &media::Variant::ALL
        } else {
            &[media::Variant::Thumbnail]
        };
        let asset_urls: AssetUrls = variants
            .iter()
            .map(|variant| {
                (
                    variant.name().to_owned(),
                    urls.asset_variant(self, *variant),
                )
            })
            .collect();

        Asset {
            id: AssetId::new(self.id.clone()),
            created_at: Some(self.created_at.clone()),
            updated_at: Some(self.updated_at.clone()),
            local_datetime: self.local_datetime.clone(),
            mime_type: Some(self.mime_type.clone()),
            original_file_name: Some(self.original_file_name.clone()),
            kind: Some(self.kind.clone()),
            current_version_id: Some(self.id.replacen("asset_", "asset_version_", 1)),
            width: self.width,
            height: self.height,
            duration: None,
            description: self.description.clone(),
            thumbhash: None,
            asset_urls: Some(asset_urls),
            stack_id: None,
            trashed_at: None,
            faces: None,
            people: None,
            metadata: None,
        }
    }

    /// Builds the `include=metadata` part: orientation and raw size.
    pub fn metadata(&self) -> AssetMetadata {
        AssetMetadata {
            orientation: self.orientation,
            raw_width: self.raw_width,
            raw_height: self.raw_height,
            original_datetime: self.local_datetime.clone(),
            ..AssetMetadata::default()
        }
    }
}

/// A `faces` row.
#[derive(Debug, Clone)]
pub struct FaceRow {
    pub id: String,
    pub asset_id: String,
    pub person_id: Option<String>,
    pub bounding_box: BoundingBox,
    pub source: String,
    pub confidence: Option<f64>,
    pub embedding: Option<Vec<f32>>,
    pub created_at: String,
    pub updated_at: String,
}

impl FaceRow {
    pub const COLUMNS: &'static str = "id, asset_id, person_id, x, y, w, h, source, confidence, embedding, created_at, updated_at";

    pub fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let embedding: Option<Vec<u8>> = row.get(9)?;
        Ok(FaceRow {
            id: row.get(0)?,
            asset_id: row.get(1)?,
            person_id: row.get(2)?,
            bounding_box: BoundingBox {
                x: row.get(3)?,
                y: row.get(4)?,
                w: row.get(5)?,
                h: row.get(6)?,
            },
            source: row.get(7)?,
            confidence: row.get(8)?,
            embedding: embedding.as_deref().and_then(cluster::from_blob),
            created_at: row.get(10)?,
            updated_at: row.get(11)?,
        })
    }

    /// Converts to the wire face, without `cluster_assignment`.
    pub fn to_wire(&self, urls: &MediaUrls) -> Face {
        let source = match self.source.as_str() {
            "manual" => FaceSource::Manual,
            "automatic" => FaceSource::Automatic,
            _ => FaceSource::Unknown,
        };
        let mut asset_urls = AssetUrls::new();
        asset_urls.insert(
            "thumbnail".to_owned(),
            urls.face_crop(&self.id, &self.bounding_box),
        );

        Face {
            id: FaceId::new(self.id.clone()),
            asset_id: AssetId::new(self.asset_id.clone()),
            bounding_box: self.bounding_box,
            source,
            person_id: self.person_id.clone().map(PersonId::new),
            confidence: self.confidence,
            timestamp_ms: None,
            asset_urls: Some(asset_urls),
            cluster_assignment: None,
            created_at: Some(self.created_at.clone()),
            updated_at: Some(self.updated_at.clone()),
        }
    }
}

/// A `people` row with its derived columns.
#[derive(Debug, Clone)]
pub struct PersonRow {
    pub id: String,
    pub name: Option<String>,
    pub birth_date: Option<String>,
    pub is_favorite: bool,
    pub is_hidden: bool,
    pub thumbnail_face_id: Option<String>,
    /// Box of the cover face, for the crop URL's size.
    pub thumbnail_box: Option<BoundingBox>,
    pub asset_count: u64,
    pub face_count: u64,
    pub pairwise_mean: Option<f64>,
    pub pairwise_p90: Option<f64>,
    pub created_at: String,
    pub updated_at: String,
}

impl PersonRow {
    /// Columns of `people_view`, which adds the cover face's box.
    pub const COLUMNS: &'static str = "id, name, birth_date, is_favorite, is_hidden, thumbnail_face_id, \
        cover_x, cover_y, cover_w, cover_h, asset_count, face_count, pairwise_mean, pairwise_p90, \
        created_at, updated_at";

    /// The view [`PersonRow::COLUMNS`] reads from.
    pub const FROM: &'static str = "people_view";

    pub fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let cover: (Option<i64>, Option<i64>, Option<i64>, Option<i64>) =
            (row.get(6)?, row.get(7)?, row.get(8)?, row.get(9)?);
        let thumbnail_box = match cover {
            (Some(x), Some(y), Some(w), Some(h)) => Some(BoundingBox { x, y, w, h }),
            _ => None,
        };
        Ok(PersonRow {
            id: row.get(0)?,
            name: row.get(1)?,
            birth_date: row.get(2)?,
            is_favorite: row.get(3)?,
            is_hidden: row.get(4)?,
            thumbnail_face_id: row.get(5)?,
            thumbnail_box,
            asset_count: row.get::<_, i64>(10)?.max(0) as u64,
            face_count: row.get::<_, i64>(11)?.max(0) as u64,
            pairwise_mean: row.get(12)?,
            pairwise_p90: row.get(13)?,
            created_at: row.get(14)?,
            updated_at: row.get(15)?,
        })
    }

    /// Converts to the wire person. `urls` adds the cover crop, and
    /// `with_metrics` the `cluster_metrics` (left out for a person without
    /// faces).
    pub fn to_wire(&self, urls: Option<&MediaUrls>, with_metrics: bool) -> Person {
        let asset_urls = match (urls, &self.thumbnail_face_id, &self.thumbnail_box) {
            (Some(urls), Some(face_id), Some(bounding_box)) => {
                let mut map = AssetUrls::new();
                map.insert(
                    "thumbnail".to_owned(),
                    urls.face_crop(face_id, bounding_box),
                );
                Some(map)
            }
            _ => None,
        };
        let cluster_metrics =
            (with_metrics && self.face_count > 0).then_some(gumnut_types::ClusterMetrics {
                face_count: self.face_count,
                pairwise_mean: self.pairwise_mean,
                pairwise_p90: self.pairwise_p90,
            });

        Person {
            id: PersonId::new(self.id.clone()),
            name: self.name.clone(),
            birth_date: self.birth_date.clone(),
            is_favorite: self.is_favorite,
            is_hidden: self.is_hidden,
            asset_count: Some(self.asset_count),
            thumbnail_face_id: self.thumbnail_face_id.clone().map(FaceId::new),
            asset_urls,
            cluster_metrics,
            created_at: Some(self.created_at.clone()),
            updated_at: Some(self.updated_at.clone()),
        }
    }
}

/// Lowercases a name for sorting and search. Rust's `to_lowercase` follows
/// Unicode, unlike SQLite's ASCII-only `lower()` and `LIKE`.
pub fn name_key(name: &str) -> String {
    name.to_lowercase()
}
