//! Faces: single boxes on single assets, and the requests that edit them.

use serde::{Deserialize, Serialize};

use crate::{AssetId, AssetUrls, FaceId, LibraryId, Patch, PersonId};

/// A face box in the asset's display-space pixels (EXIF orientation applied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BoundingBox {
    pub x: i64,
    pub y: i64,
    pub w: i64,
    pub h: i64,
}

impl BoundingBox {
    /// Whether the box lies fully inside a `width`×`height` frame and has a
    /// positive size.
    pub fn fits_within(&self, width: u32, height: u32) -> bool {
        self.x >= 0
            && self.y >= 0
            && self.w >= 1
            && self.h >= 1
            && self.x + self.w <= i64::from(width)
            && self.y + self.h <= i64::from(height)
    }
}

/// Who made a face: the detector or a person drawing a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaceSource {
    Automatic,
    Manual,
    /// A value this client does not know yet.
    #[serde(other)]
    Unknown,
}

impl FaceSource {
    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            FaceSource::Automatic => "automatic",
            FaceSource::Manual => "manual",
            FaceSource::Unknown => "unknown",
        }
    }
}

/// A face as `/api/faces` and `include=faces` return it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Face {
    pub id: FaceId,
    pub asset_id: AssetId,
    pub bounding_box: BoundingBox,
    pub source: FaceSource,
    /// `None` means unassigned.
    #[serde(default)]
    pub person_id: Option<PersonId>,
    /// Detector score 0–1; `None` on manual faces.
    #[serde(default)]
    pub confidence: Option<f64>,
    #[serde(default)]
    pub timestamp_ms: Option<i64>,
    /// `thumbnail` is a crop of just this face.
    #[serde(default)]
    pub asset_urls: Option<AssetUrls>,
    /// Present only with `include=cluster_assignment`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_assignment: Option<ClusterAssignment>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

impl Face {
    /// URL of the face crop, when the server sent one.
    pub fn thumbnail_url(&self) -> Option<&str> {
        self.asset_urls.as_ref()?.get("thumbnail").map(|variant| variant.url.as_str())
    }
}

/// How well a face fits its person, and which other people it is close to.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ClusterAssignment {
    /// Cosine distance to the assigned person's centroid; lower fits better.
    #[serde(default)]
    pub distance_to_person: Option<f64>,
    /// Nearest other people, nearest first.
    #[serde(default)]
    pub candidates: Vec<Candidate>,
}

/// A person a face is close to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub person_id: PersonId,
    #[serde(default)]
    pub name: Option<String>,
    /// Cosine distance from the face to the person's centroid.
    pub distance: f64,
}

/// Body of `POST /api/faces`: a manual face box.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateFace {
    pub asset_id: AssetId,
    pub bounding_box: BoundingBox,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<PersonId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub library_id: Option<LibraryId>,
}

/// Body of `PATCH /api/faces/{id}`: absent `person_id` changes nothing,
/// `null` detaches the face and keeps the box.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UpdateFace {
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    pub person_id: Patch<PersonId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTRACT_FACE: &str = r#"{
        "id": "face_nxS3BTriNXmqzFFW8ADKzf",
        "asset_id": "asset_EVDYwYYmiDoCVZiZnA5k5w",
        "bounding_box": {"w": 400, "h": 500, "x": 1000, "y": 1500},
        "source": "automatic",
        "person_id": null,
        "confidence": 0.93,
        "timestamp_ms": null,
        "asset_urls": {"thumbnail": {"url": "https://assets.example/f.jpg", "mimetype": "image/jpeg", "width": 360}},
        "created_at": "2026-01-02T23:03:14Z",
        "updated_at": "2026-01-02T23:03:14.123456Z",
        "some_future_field": 1
    }"#;

    #[test]
    fn face_decodes_contract_example() {
        let face: Face = serde_json::from_str(CONTRACT_FACE).unwrap();
        assert_eq!(face.bounding_box, BoundingBox { x: 1000, y: 1500, w: 400, h: 500 });
        assert_eq!(face.source, FaceSource::Automatic);
        assert_eq!(face.person_id, None);
        assert_eq!(face.thumbnail_url(), Some("https://assets.example/f.jpg"));
    }

    #[test]
    fn unknown_source_is_tolerated() {
        let json = CONTRACT_FACE.replace("\"automatic\"", "\"imported\"");
        let face: Face = serde_json::from_str(&json).unwrap();
        assert_eq!(face.source, FaceSource::Unknown);
    }

    #[test]
    fn update_face_encodes_detach_as_null() {
        let detach = UpdateFace { person_id: Patch::Clear };
        assert_eq!(serde_json::to_string(&detach).unwrap(), r#"{"person_id":null}"#);
        assert_eq!(serde_json::to_string(&UpdateFace::default()).unwrap(), "{}");
    }

    #[test]
    fn bounding_box_fits_edge_flush() {
        let edge = BoundingBox { x: 700, y: 500, w: 100, h: 100 };
        assert!(edge.fits_within(800, 600));
        assert!(!BoundingBox { w: 101, ..edge }.fits_within(800, 600));
        assert!(!BoundingBox { x: -1, ..edge }.fits_within(800, 600));
        assert!(!BoundingBox { w: 0, ..edge }.fits_within(800, 600));
    }
}
