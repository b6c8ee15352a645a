//! People: grouped identities, and the requests that edit them.

use serde::{Deserialize, Serialize};

use crate::{AssetUrls, FaceId, LibraryId, Patch, PersonId};

/// A person as `/api/people` returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    /// `None` means an unnamed cluster.
    #[serde(default)]
    pub name: Option<String>,
    /// Plain date, `YYYY-MM-DD`.
    #[serde(default)]
    pub birth_date: Option<String>,
    #[serde(default)]
    pub is_favorite: bool,
    #[serde(default)]
    pub is_hidden: bool,
    /// Distinct assets the person appears in.
    #[serde(default)]
    pub asset_count: Option<u64>,
    /// The face used as this person's picture.
    #[serde(default)]
    pub thumbnail_face_id: Option<FaceId>,
    /// `thumbnail` is the crop of the cover face.
    #[serde(default)]
    pub asset_urls: Option<AssetUrls>,
    /// Present only with `include=cluster_metrics`; `None` for a person without faces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cluster_metrics: Option<ClusterMetrics>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

impl Person {
    /// URL of the cover face crop, when there is one.
    pub fn thumbnail_url(&self) -> Option<&str> {
        self.asset_urls.as_ref()?.get("thumbnail").map(|variant| variant.url.as_str())
    }

    /// The name, unless it is missing or blank.
    pub fn display_name(&self) -> Option<&str> {
        self.name.as_deref().map(str::trim).filter(|name| !name.is_empty())
    }
}

/// How tight a person's cluster of faces is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterMetrics {
    /// Number of faces (not assets).
    pub face_count: u64,
    /// Mean pairwise cosine distance between the person's faces.
    #[serde(default)]
    pub pairwise_mean: Option<f64>,
    /// 90th percentile of the pairwise cosine distances; lower is tighter.
    #[serde(default)]
    pub pairwise_p90: Option<f64>,
}

/// Body of `POST /api/people`; every field is optional.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CreatePerson {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_favorite: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_hidden: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thumbnail_face_id: Option<FaceId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub library_id: Option<LibraryId>,
}

/// Body of `PATCH /api/people/{id}`: absent keys stay unchanged, `null`
/// clears a nullable field.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct UpdatePerson {
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    pub name: Patch<String>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    pub birth_date: Patch<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_favorite: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_hidden: Option<bool>,
    #[serde(default, skip_serializing_if = "Patch::is_keep")]
    pub thumbnail_face_id: Patch<FaceId>,
}

/// Body of `POST /api/people/{target}/merge`: 1–50 people whose faces move
/// to the target and who are then deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergePeople {
    pub source_person_ids: Vec<PersonId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_decodes_contract_example() {
        let json = r#"{
            "id": "person_abc", "name": null, "birth_date": "1990-02-28",
            "is_favorite": false, "is_hidden": true, "asset_count": 4,
            "thumbnail_face_id": "face_1", "asset_urls": null,
            "cluster_metrics": {"face_count": 5, "pairwise_mean": 0.07, "pairwise_p90": 0.1},
            "created_at": "2026-01-02T23:03:14Z", "updated_at": "2026-01-02T23:03:14Z"
        }"#;
        let person: Person = serde_json::from_str(json).unwrap();
        assert_eq!(person.display_name(), None);
        assert_eq!(person.asset_count, Some(4));
        assert!(person.is_hidden);
        assert_eq!(person.cluster_metrics.map(|metrics| metrics.face_count), Some(5));
    }

    #[test]
    fn update_person_sends_only_changed_keys() {
        let rename = UpdatePerson { name: Patch::Set("Ada".into()), ..Default::default() };
        assert_eq!(serde_json::to_string(&rename).unwrap(), r#"{"name":"Ada"}"#);
    }
}
