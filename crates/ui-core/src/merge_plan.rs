//! Merge preview rules: which merges are allowed, what the merged person
//! keeps, which source fields are lost, and the record an undo needs.
//!
//! The server moves every source face to the target, deletes the sources for
//! good and keeps the target's own fields unchanged. The preview shows exactly
//! that, so the user sees before confirming what the merge throws away.

use std::collections::HashSet;

use gumnut_types::{FaceId, MergePeople, Person, PersonId};
use thiserror::Error;

/// Maximum number of source people in one merge request.
pub const MAX_MERGE_SOURCES: usize = 50;

/// A merge request the server would reject.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MergeError {
    /// No source people were chosen.
    #[error("choose at least one person to merge into the target")]
    NoSources,
    /// More than [`MAX_MERGE_SOURCES`] source people were chosen.
    #[error("{count} people were chosen, but at most {max} can be merged at once", max = MAX_MERGE_SOURCES)]
    TooManySources {
        /// Number of sources chosen.
        count: usize,
    },
    /// The target is also listed as a source.
    #[error("person {0} cannot be merged into itself: remove it from the sources")]
    TargetAmongSources(PersonId),
    /// A source is listed more than once.
    #[error("person {0} is listed twice among the sources")]
    DuplicateSource(PersonId),
}

/// Checks the source list of a merge into `target`: 1–50 sources, no
/// duplicates, and the target not among them.
pub fn validate_sources(target: &PersonId, sources: &[PersonId]) -> Result<(), MergeError> {
    if sources.is_empty() {
        return Err(MergeError::NoSources);
    }
    if sources.len() > MAX_MERGE_SOURCES {
        return Err(MergeError::TooManySources {
            count: sources.len(),
        });
    }

    let mut seen = HashSet::with_capacity(sources.len());
    for source in sources {
        if source == target {
            return Err(MergeError::TargetAmongSources(source.clone()));
        }
        if !seen.insert(source) {
            return Err(MergeError::DuplicateSource(source.clone()));
        }
    }
    Ok(())
}

/// A person field that a merge can discard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PersonField {
    /// The name.
    Name,
    /// The birth date.
    BirthDate,
    /// The favorite mark.
    Favorite,
    /// The hidden mark.
    Hidden,
    /// The cover face.
    Cover,
}

/// A source field whose value the merged person will not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostField {
    /// The source person the value belongs to.
    pub person_id: PersonId,
    /// Which field.
    pub field: PersonField,
    /// A sentence for the preview, such as `Bob's birth date 1990-02-28`.
    pub description: String,
}

/// Result of a merge into the target, shown in the confirmation dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct MergePreview {
    /// The person who survives.
    pub target: PersonId,
    /// The target's name, kept as it is, even when unnamed.
    pub name: Option<String>,
    /// The target's birth date, kept as it is.
    pub birth_date: Option<String>,
    /// The target's cover face, kept as it is.
    pub thumbnail_face_id: Option<FaceId>,
    /// The target's favorite mark, kept as it is.
    pub is_favorite: bool,
    /// The target's hidden mark, kept as it is.
    pub is_hidden: bool,
    /// The people who are deleted, in the order given.
    pub sources: Vec<PersonId>,
    /// Source values the merged person will not have, by source then field.
    pub lost: Vec<LostField>,
}

impl MergePreview {
    /// Builds the preview of merging `sources` into `target`.
    pub fn new(target: &Person, sources: &[Person]) -> Result<Self, MergeError> {
        let source_ids: Vec<PersonId> = sources.iter().map(|person| person.id.clone()).collect();
        validate_sources(&target.id, &source_ids)?;

        let lost = sources
            .iter()
            .flat_map(|source| lost_fields(target, source))
            .collect();
        Ok(Self {
            target: target.id.clone(),
            name: target.display_name().map(str::to_owned),
            birth_date: target.birth_date.clone(),
            thumbnail_face_id: target.thumbnail_face_id.clone(),
            is_favorite: target.is_favorite,
            is_hidden: target.is_hidden,
            sources: source_ids,
            lost,
        })
    }

    /// Builds the request body for `POST /api/people/{target}/merge`.
    pub fn request(&self) -> MergePeople {
        MergePeople {
            source_person_ids: self.sources.clone(),
        }
    }

    /// Returns whether the merged person stays unnamed although a source has a name,
    /// which usually means the user picked the wrong person as the target.
    pub fn unnamed_target_drops_name(&self) -> bool {
        self.name.is_none() && self.lost.iter().any(|lost| lost.field == PersonField::Name)
    }
}

/// Lists the values of `source` that differ from what the merged person keeps.
fn lost_fields(target: &Person, source: &Person) -> Vec<LostField> {
    let owner = match source.display_name() {
        Some(name) => format!("{name}'s"),
        None => "an unnamed person's".to_owned(),
    };
    let mut lost = Vec::new();
    let mut push = |field, description: String| {
        lost.push(LostField {
            person_id: source.id.clone(),
            field,
            description,
        });
    };

    if let Some(name) = source.display_name()
        && target.display_name() != Some(name)
    {
        push(PersonField::Name, format!("the name {name}"));
    }
    if let Some(birth_date) = &source.birth_date
        && target.birth_date.as_ref() != Some(birth_date)
    {
        push(
            PersonField::BirthDate,
            format!("{owner} birth date {birth_date}"),
        );
    }
    if source.is_favorite && !target.is_favorite {
        push(PersonField::Favorite, format!("{owner} favorite mark"));
    }
    if source.is_hidden && !target.is_hidden {
        push(PersonField::Hidden, format!("{owner} hidden mark"));
    }
    // The cover face moves to the target with the others, but the target
    // keeps its own cover, so the source's choice is always discarded.
    if source.thumbnail_face_id.is_some() {
        push(PersonField::Cover, format!("{owner} cover photo"));
    }
    lost
}

/// Everything needed to re-create a merged source person and move its faces
/// back. The merge deletes the source for good, so an undo creates a new
/// person with a new id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedSource {
    /// Id the person had before the merge; it is not reused.
    pub person_id: PersonId,
    /// The name, `None` when unnamed.
    pub name: Option<String>,
    /// The birth date, `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    /// The favorite mark.
    pub is_favorite: bool,
    /// The hidden mark.
    pub is_hidden: bool,
    /// The cover face, which keeps its id through the merge.
    pub thumbnail_face_id: Option<FaceId>,
    /// Every face of the person at the time of the merge.
    pub face_ids: Vec<FaceId>,
}

impl MergedSource {
    /// Records a source person and its faces before the merge is sent.
    pub fn record(person: &Person, face_ids: Vec<FaceId>) -> Self {
        Self {
            person_id: person.id.clone(),
            name: person.name.clone(),
            birth_date: person.birth_date.clone(),
            is_favorite: person.is_favorite,
            is_hidden: person.is_hidden,
            thumbnail_face_id: person.thumbnail_face_id.clone(),
            face_ids,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, name: Option<&str>) -> Person {
        Person {
            id: PersonId::new(id),
            name: name.map(str::to_owned),
            birth_date: None,
            is_favorite: false,
            is_hidden: false,
            asset_count: Some(3),
            thumbnail_face_id: None,
            asset_urls: None,
            cluster_metrics: None,
            created_at: None,
            updated_at: None,
        }
    }

    fn ids(names: &[&str]) -> Vec<PersonId> {
        names.iter().map(|name| PersonId::new(*name)).collect()
    }

    #[test]
    fn valid_sources_pass() {
        assert_eq!(
            validate_sources(&PersonId::new("person_t"), &ids(&["person_a", "person_b"])),
            Ok(())
        );
    }

    #[test]
    fn no_sources_fails() {
        assert_eq!(
            validate_sources(&PersonId::new("person_t"), &[]),
            Err(MergeError::NoSources)
        );
    }

    #[test]
    fn source_limit_is_fifty() {
        let target = PersonId::new("person_t");
        let fifty: Vec<PersonId> = (0..50)
            .map(|index| PersonId::new(format!("person_{index}")))
            .collect();
        assert_eq!(validate_sources(&target, &fifty), Ok(()));

        let mut fifty_one = fifty;
        fifty_one.push(PersonId::new("person_50"));
        assert_eq!(
            validate_sources(&target, &fifty_one),
            Err(MergeError::TooManySources { count: 51 })
        );
    }

    #[test]
    fn target_among_sources_fails() {
        let error = validate_sources(&PersonId::new("person_t"), &ids(&["person_a", "person_t"]))
            .unwrap_err();
        assert_eq!(
            error,
            MergeError::TargetAmongSources(PersonId::new("person_t"))
        );
        assert!(error.to_string().contains("person_t"), "{error}");
    }

    #[test]
    fn duplicate_source_fails() {
        let result = validate_sources(
            &PersonId::new("person_t"),
            &ids(&["person_a", "person_b", "person_a"]),
        );
        assert_eq!(
            result,
            Err(MergeError::DuplicateSource(PersonId::new("person_a")))
        );
    }

    #[test]
    fn preview_keeps_target_fields() {
        let mut target = person("person_t", Some("Alice"));
        target.birth_date = Some("1990-02-28".into());
        target.thumbnail_face_id = Some(FaceId::new("face_t"));
        target.is_favorite = true;

        let mut source = person("person_a", Some("Alicia"));
        source.birth_date = Some("1991-01-01".into());
        source.thumbnail_face_id = Some(FaceId::new("face_a"));

        let preview = MergePreview::new(&target, &[source]).unwrap();
        assert_eq!(preview.name.as_deref(), Some("Alice"));
        assert_eq!(preview.birth_date.as_deref(), Some("1990-02-28"));
        assert_eq!(preview.thumbnail_face_id, Some(FaceId::new("face_t")));
        assert!(preview.is_favorite);
        assert_eq!(preview.request().source_person_ids, ids(&["person_a"]));
    }

    #[test]
    fn preview_lists_lost_fields() {
        let target = person("person_t", Some("Alice"));
        let mut source = person("person_a", Some("Alicia"));
        source.birth_date = Some("1991-01-01".into());
        source.is_favorite = true;
        source.is_hidden = true;
        source.thumbnail_face_id = Some(FaceId::new("face_a"));

        let preview = MergePreview::new(&target, &[source]).unwrap();
        let fields: Vec<PersonField> = preview.lost.iter().map(|lost| lost.field).collect();
        assert_eq!(
            fields,
            vec![
                PersonField::Name,
                PersonField::BirthDate,
                PersonField::Favorite,
                PersonField::Hidden,
                PersonField::Cover
            ]
        );
        assert_eq!(preview.lost[0].description, "the name Alicia");
        assert_eq!(
            preview.lost[1].description,
            "Alicia's birth date 1991-01-01"
        );
        assert!(!preview.unnamed_target_drops_name());
    }

    #[test]
    fn matching_fields_are_not_lost() {
        let mut target = person("person_t", Some("Alice"));
        target.birth_date = Some("1990-02-28".into());
        target.is_hidden = true;
        let mut source = person("person_a", Some(" Alice "));
        source.birth_date = Some("1990-02-28".into());
        source.is_hidden = true;

        let preview = MergePreview::new(&target, &[source]).unwrap();
        assert!(preview.lost.is_empty(), "{:?}", preview.lost);
    }

    #[test]
    fn unnamed_target_stays_unnamed() {
        let target = person("person_t", None);
        let sources = [person("person_a", None), person("person_b", Some("Bob"))];

        let preview = MergePreview::new(&target, &sources).unwrap();
        assert_eq!(preview.name, None);
        assert_eq!(preview.lost.len(), 1);
        assert_eq!(preview.lost[0].person_id, PersonId::new("person_b"));
        assert!(preview.unnamed_target_drops_name());
    }

    #[test]
    fn blank_target_name_counts_as_unnamed() {
        let target = person("person_t", Some("  "));
        let preview = MergePreview::new(&target, &[person("person_a", None)]).unwrap();
        assert_eq!(preview.name, None);
        assert!(preview.lost.is_empty());
    }

    #[test]
    fn unnamed_source_labels_its_fields() {
        let target = person("person_t", Some("Alice"));
        let mut source = person("person_a", None);
        source.birth_date = Some("2001-05-05".into());
        let preview = MergePreview::new(&target, &[source]).unwrap();
        assert_eq!(
            preview.lost[0].description,
            "an unnamed person's birth date 2001-05-05"
        );
    }

    #[test]
    fn preview_validates_sources() {
        let target = person("person_t", Some("Alice"));
        assert_eq!(MergePreview::new(&target, &[]), Err(MergeError::NoSources));
        assert_eq!(
            MergePreview::new(&target, std::slice::from_ref(&target)),
            Err(MergeError::TargetAmongSources(PersonId::new("person_t")))
        );
    }

    #[test]
    fn record_keeps_undo_data() {
        let mut source = person("person_a", Some("Bob"));
        source.birth_date = Some("1980-12-24".into());
        source.is_favorite = true;
        source.thumbnail_face_id = Some(FaceId::new("face_2"));
        let faces = vec![FaceId::new("face_1"), FaceId::new("face_2")];

        let record = MergedSource::record(&source, faces.clone());
        assert_eq!(record.person_id, PersonId::new("person_a"));
        assert_eq!(record.name.as_deref(), Some("Bob"));
        assert_eq!(record.birth_date.as_deref(), Some("1980-12-24"));
        assert!(record.is_favorite);
        assert!(!record.is_hidden);
        assert_eq!(record.thumbnail_face_id, Some(FaceId::new("face_2")));
        assert_eq!(record.face_ids, faces);
    }
}
