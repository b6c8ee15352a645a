//! The faces the asset page shows: the server's list with pending edits
//! applied, in reading order, numbered and named.

use std::borrow::Cow;
use std::collections::HashMap;

use gumnut_types::{AssetId, BoundingBox, Candidate, Face, FaceId, FaceSource, PersonId};
use gumnut_ui_core::journal::{Edit, FaceRef, Journal, PersonRef, Seq, reconcile_faces_since};
use gumnut_ui_core::person_fields::{face_confidence_label, person_label};

/// One face as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownFace {
    /// The face's id; `None` while its create is being saved.
    pub id: Option<FaceId>,
    /// Position in reading order, from 1.
    pub number: u32,
    /// Number of faces shown.
    pub total: u32,
    /// The box in display-space pixels.
    pub bounding_box: BoundingBox,
    /// Detected or drawn.
    pub source: FaceSource,
    /// Detector score, `None` on manual faces.
    pub confidence: Option<f64>,
    /// The person shown for the face.
    pub person_id: Option<PersonId>,
    /// The person's name, `None` when unassigned or unnamed.
    pub name: Option<String>,
    /// URL of the face crop.
    pub crop: Option<String>,
    /// People the server suggests for this face, nearest first.
    pub candidates: Vec<Candidate>,
    /// The edit still being saved on this face, if any.
    pub pending: Option<Seq>,
}

impl ShownFace {
    /// Key for keyed lists: the id, or the pending create's sequence number.
    pub fn key(&self) -> String {
        match (&self.id, self.pending) {
            (Some(id), _) => id.to_string(),
            (None, Some(seq)) => format!("pending-{}", seq.value()),
            (None, None) => format!("face-{}", self.number),
        }
    }

    /// Refers to the face in edit descriptions, such as "face 2".
    pub fn face_ref(&self) -> Option<FaceRef> {
        self.id.clone().map(|id| FaceRef { id, number: Some(self.number) })
    }

    /// Refers to the face's person in edit descriptions.
    pub fn person_ref(&self) -> Option<PersonRef> {
        self.person_id.clone().map(|id| PersonRef { id, name: self.name.clone() })
    }

    /// Formats the person part of labels: the name, "Unnamed person" or "Unassigned".
    ///
    /// A name is isolated for bidirectional text, because the labels are plain
    /// text in sentences and on the SVG overlay.
    pub fn person_text(&self) -> Cow<'_, str> {
        match (&self.person_id, &self.name) {
            (None, _) => Cow::Borrowed("Unassigned"),
            (Some(_), None) => Cow::Borrowed("Unnamed person"),
            (Some(_), Some(name)) => person_label(Some(name)),
        }
    }

    /// Formats the origin: "automatic, 93%" or "manual".
    pub fn source_text(&self) -> String {
        face_confidence_label(self.source, self.confidence)
    }
}

/// Builds the accessible label of a face box, such as "Face 2 of 5, Alice, automatic, 93%".
pub fn face_label(face: &ShownFace) -> String {
    let saving = if face.pending.is_some() { ", saving" } else { "" };
    format!("Face {} of {}, {}, {}{saving}", face.number, face.total, face.person_text(), face.source_text())
}

/// Computes the shown faces: `server_faces` with the journal's unsaved
/// edits applied (see [`reconcile_faces_since`]), sorted left to right and
/// then top to bottom, and numbered in that order.
pub fn shown_faces(
    asset_id: &AssetId,
    server_faces: &[Face],
    journal: &Journal,
    fetched_with: usize,
    server_names: &HashMap<PersonId, String>,
) -> Vec<ShownFace> {
    let by_id: HashMap<&FaceId, &Face> = server_faces.iter().map(|face| (&face.id, face)).collect();
    let edit_names = names_from_edits(journal);

    let mut faces: Vec<ShownFace> = reconcile_faces_since(asset_id, server_faces, journal, fetched_with)
        .into_iter()
        .map(|state| {
            let server = state.face_id.as_ref().and_then(|id| by_id.get(id));
            let name = state
                .person_id
                .as_ref()
                .and_then(|person_id| server_names.get(person_id).or_else(|| edit_names.get(person_id)))
                .cloned();
            ShownFace {
                id: state.face_id.clone(),
                number: 0,
                total: 0,
                bounding_box: state.bounding_box,
                source: state.source,
                confidence: state.confidence,
                person_id: state.person_id,
                name,
                crop: server.and_then(|face| face.thumbnail_url()).map(str::to_owned),
                candidates: server
                    .and_then(|face| face.cluster_assignment.as_ref())
                    .map(|assignment| assignment.candidates.clone())
                    .unwrap_or_default(),
                pending: state.pending,
            }
        })
        .collect();

    // Reading order: by the left edge, so a row of people reads left to
    // right; the top edge breaks ties.
    faces.sort_by_key(|face| (face.bounding_box.x, face.bounding_box.y));
    let total = u32::try_from(faces.len()).unwrap_or(u32::MAX);
    for (index, face) in faces.iter_mut().enumerate() {
        face.number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        face.total = total;
    }
    faces
}

/// Names of people that edits assign faces to, for people the last fetch
/// did not include yet.
fn names_from_edits(journal: &Journal) -> HashMap<PersonId, String> {
    let mut names = HashMap::new();
    for entry in journal.history() {
        let person = match &entry.edit {
            Edit::AssignFace { to, .. } => Some(to),
            Edit::CreateFace { person, .. } => person.as_ref(),
            Edit::DetachFace { from, .. } => Some(from),
            _ => None,
        };
        if let Some(PersonRef { id, name: Some(name) }) = person {
            names.entry(id.clone()).or_insert_with(|| name.clone());
        }
    }
    names
}
