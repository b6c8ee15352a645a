//! Assets: photos and videos, with their rendered variants.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{AssetId, Face, Person};

/// Rendered variants keyed by name: `thumbnail` (360 px on the longest
/// edge), `small` (720), `preview` (1440), `fullsize`, `original`; videos
/// use `thumbnail_image` and friends.
pub type AssetUrls = BTreeMap<String, AssetVariant>;

/// One rendered variant of an asset or a face crop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssetVariant {
    /// Signed URL, loaded with a plain `<img src>` and no auth header.
    pub url: String,
    #[serde(default)]
    pub mimetype: Option<String>,
    /// Target width in pixels.
    #[serde(default)]
    pub width: Option<u32>,
}

/// An asset as `GET /api/assets/{id}` returns it.
///
/// `faces`, `people` and `metadata` are filled only when the matching
/// `include` token was sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Asset {
    pub id: AssetId,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Capture wall-clock time, with an offset when one is known.
    #[serde(default)]
    pub local_datetime: Option<String>,
    #[serde(default)]
    pub mime_type: Option<String>,
    #[serde(default)]
    pub original_file_name: Option<String>,
    /// `original`, `edit` or `external:<service>`; face boxes line up only
    /// with `original`.
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub current_version_id: Option<String>,
    /// Display-space width (EXIF orientation applied); `None` or 0 means unknown.
    #[serde(default)]
    pub width: Option<u32>,
    /// Display-space height (EXIF orientation applied); `None` or 0 means unknown.
    #[serde(default)]
    pub height: Option<u32>,
    #[serde(default)]
    pub duration: Option<f64>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub thumbhash: Option<String>,
    #[serde(default)]
    pub asset_urls: Option<AssetUrls>,
    #[serde(default)]
    pub stack_id: Option<String>,
    #[serde(default)]
    pub trashed_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faces: Option<Vec<Face>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub people: Option<Vec<Person>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<AssetMetadata>,
}

impl Asset {
    /// Display-space size, or `None` when either side is missing or zero.
    pub fn display_size(&self) -> Option<(u32, u32)> {
        match (self.width, self.height) {
            (Some(width), Some(height)) if width > 0 && height > 0 => Some((width, height)),
            _ => None,
        }
    }

    /// Whether face boxes share this rendering's pixel frame. Boxes live in
    /// the original upload's frame, so edits and external renderings do not.
    pub fn is_original(&self) -> bool {
        self.kind.as_deref().is_none_or(|kind| kind == "original")
    }

    /// URL of the first variant found among `names`, in that order.
    pub fn variant_url(&self, names: &[&str]) -> Option<&str> {
        let urls = self.asset_urls.as_ref()?;
        names.iter().find_map(|name| urls.get(*name)).map(|variant| variant.url.as_str())
    }
}

/// The subset of `include=metadata` that concerns geometry and capture.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AssetMetadata {
    /// EXIF orientation, 1–8.
    #[serde(default)]
    pub orientation: Option<u8>,
    /// Width of the encoded pixels before orientation is applied.
    #[serde(default)]
    pub raw_width: Option<u32>,
    /// Height of the encoded pixels before orientation is applied.
    #[serde(default)]
    pub raw_height: Option<u32>,
    #[serde(default)]
    pub make: Option<String>,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub original_datetime: Option<String>,
}
