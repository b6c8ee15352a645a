//! The edit journal behind optimistic edits and undo.
//!
//! Every face or person edit the user makes is recorded before its request is
//! sent. The page shows the edit at once (see [`reconcile_faces`]), marks it
//! persisted or failed when the response arrives, and offers the newest
//! persisted edit for undo. Sequence numbers let the page recognise a late
//! response to an older edit, which must not overwrite a newer one.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use gumnut_types::{AssetId, BoundingBox, Face, FaceId, FaceSource, Person, PersonId};
use thiserror::Error;

use crate::merge_plan::MergedSource;
use crate::person_fields::{isolate_name, person_label};

/// Position of an edit in the journal; later edits have larger numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Seq(u64);

impl Seq {
    /// Returns the number itself, starting at 1.
    pub fn value(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Seq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// A record that an edit changes. Two edits conflict when they share one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// An existing face.
    Face(FaceId),
    /// A person. All person edits share it, so a rename and a favorite toggle
    /// on the same person do not run at the same time.
    Person(PersonId),
    /// A face being created on this asset, before the server assigns its id.
    NewFaceOn(AssetId),
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Face(id) => write!(f, "face {id}"),
            Target::Person(id) => write!(f, "person {id}"),
            Target::NewFaceOn(id) => write!(f, "new face on asset {id}"),
        }
    }
}

/// A person as an edit description names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRef {
    /// The person's id.
    pub id: PersonId,
    /// The name at the time of the edit, `None` when unnamed.
    pub name: Option<String>,
}

impl PersonRef {
    /// Refers to `person` by id and current name.
    pub fn from_person(person: &Person) -> Self {
        Self {
            id: person.id.clone(),
            name: person.display_name().map(str::to_owned),
        }
    }

    /// Returns the name, isolated for bidirectional text when needed, or "Unnamed".
    pub fn label(&self) -> Cow<'_, str> {
        person_label(self.name.as_deref())
    }
}

/// A face as an edit description names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaceRef {
    /// The face's id.
    pub id: FaceId,
    /// Position of the face in its asset's face list, from 1, as the page
    /// shows it. `None` when the face is not shown with a number.
    pub number: Option<u32>,
}

impl FaceRef {
    /// Formats the face as "face 2", or "a face" without a number.
    pub fn label(&self) -> String {
        match self.number {
            Some(number) => format!("face {number}"),
            None => "a face".to_owned(),
        }
    }
}

/// Copy of a deleted face's fields, so an undo can re-create it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaceSnapshot {
    /// The asset the face was on.
    pub asset_id: AssetId,
    /// The face's box.
    pub bounding_box: BoundingBox,
    /// The person the face was assigned to.
    pub person: Option<PersonRef>,
    /// Origin of the face. A re-created face is always manual.
    pub source: FaceSource,
}

/// One face of a bulk move and the person it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaceMove {
    /// The face.
    pub face_id: FaceId,
    /// Its person before the move, `None` when it was unassigned.
    pub from: Option<PersonId>,
}

/// One face or person edit, with the values before and after it that undo needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Assigns an unassigned face, or reassigns a face to another person.
    AssignFace {
        /// The face.
        face: FaceRef,
        /// The person before, `None` when unassigned.
        from: Option<PersonRef>,
        /// The person after.
        to: PersonRef,
    },
    /// Removes a face from its person and keeps the box.
    DetachFace {
        /// The face.
        face: FaceRef,
        /// The person before.
        from: PersonRef,
    },
    /// Deletes a face box.
    DeleteFace {
        /// The face.
        face: FaceRef,
        /// The face before deletion.
        snapshot: FaceSnapshot,
    },
    /// Creates a manual face box.
    CreateFace {
        /// The new face's id, known once the server has created it.
        face_id: Option<FaceId>,
        /// The asset the face is drawn on.
        asset_id: AssetId,
        /// The drawn box.
        bounding_box: BoundingBox,
        /// The person to assign it to.
        person: Option<PersonRef>,
        /// The deleted face this re-creates, when it is the undo of a delete.
        restores: Option<FaceId>,
    },
    /// Sets or clears a person's name.
    Rename {
        /// The person.
        person: PersonId,
        /// The name before.
        from: Option<String>,
        /// The name after.
        to: Option<String>,
    },
    /// Sets or clears a person's birth date.
    SetBirthDate {
        /// The person.
        person: PersonRef,
        /// The birth date before, `YYYY-MM-DD`.
        from: Option<String>,
        /// The birth date after, `YYYY-MM-DD`.
        to: Option<String>,
    },
    /// Marks or unmarks a person as a favorite.
    SetFavorite {
        /// The person.
        person: PersonRef,
        /// The mark before.
        from: bool,
        /// The mark after.
        to: bool,
    },
    /// Hides or shows a person.
    SetHidden {
        /// The person.
        person: PersonRef,
        /// The mark before.
        from: bool,
        /// The mark after.
        to: bool,
    },
    /// Changes a person's cover face.
    SetCover {
        /// The person.
        person: PersonRef,
        /// The cover face before.
        from: Option<FaceId>,
        /// The cover face after.
        to: Option<FaceId>,
    },
    /// Merges people into a target, deleting them.
    Merge {
        /// The person who survives.
        target: PersonRef,
        /// The deleted people, with what is needed to re-create them.
        sources: Vec<MergedSource>,
    },
    /// Re-creates merged people under new ids and moves their faces back.
    RecreateMerged {
        /// The person the faces leave.
        target: PersonRef,
        /// The people to re-create.
        sources: Vec<MergedSource>,
    },
    /// Moves many faces to one person, or unassigns them, as one undo step.
    BulkMove {
        /// The faces and where each came from.
        moves: Vec<FaceMove>,
        /// The person after, `None` to unassign.
        to: Option<PersonRef>,
    },
    /// Moves each face of an earlier bulk move back to its own person.
    BulkRestore {
        /// The faces and the person each goes back to.
        moves: Vec<FaceMove>,
        /// The person the faces leave, `None` when they were unassigned.
        from: Option<PersonRef>,
    },
}

fn count_label(count: usize, singular: &str, plural: &str) -> String {
    if count == 1 {
        format!("1 {singular}")
    } else {
        format!("{count} {plural}")
    }
}

fn merged_people_label(sources: &[MergedSource]) -> String {
    match sources {
        [single] => person_label(single.name.as_deref()).into_owned(),
        _ => count_label(sources.len(), "person", "people"),
    }
}

impl Edit {
    /// Describes the edit in a sentence for toasts and the session history, such as
    /// "Assigned face 2 to Alice".
    pub fn description(&self) -> String {
        match self {
            Edit::AssignFace {
                face,
                from: None,
                to,
            } => format!("Assigned {} to {}", face.label(), to.label()),
            Edit::AssignFace {
                face,
                from: Some(from),
                to,
            } => {
                format!(
                    "Moved {} from {} to {}",
                    face.label(),
                    from.label(),
                    to.label()
                )
            }
            Edit::DetachFace { face, from } => {
                format!("Removed {} from {}", face.label(), from.label())
            }
            Edit::DeleteFace { face, .. } => format!("Deleted {}", face.label()),
            Edit::CreateFace {
                restores: Some(_), ..
            } => "Restored a deleted face as a new manual face".to_owned(),
            Edit::CreateFace {
                person: Some(person),
                ..
            } => format!("Added a face for {}", person.label()),
            Edit::CreateFace { person: None, .. } => "Added a face".to_owned(),
            Edit::Rename { from, to, .. } => match (from.as_deref().map(isolate_name), to.as_deref().map(isolate_name)) {
                (Some(from), Some(to)) => format!("Renamed {from} to {to}"),
                (None, Some(to)) => format!("Named a person {to}"),
                (Some(from), None) => format!("Removed the name {from}"),
                (None, None) => "Left a person unnamed".to_owned(),
            },
            Edit::SetBirthDate {
                person,
                to: Some(date),
                ..
            } => {
                format!("Set {}'s birth date to {date}", person.label())
            }
            Edit::SetBirthDate {
                person, to: None, ..
            } => format!("Cleared {}'s birth date", person.label()),
            Edit::SetFavorite {
                person, to: true, ..
            } => format!("Marked {} as a favorite", person.label()),
            Edit::SetFavorite {
                person, to: false, ..
            } => format!("Removed {} from favorites", person.label()),
            Edit::SetHidden {
                person, to: true, ..
            } => format!("Hid {}", person.label()),
            Edit::SetHidden {
                person, to: false, ..
            } => format!("Showed {}", person.label()),
            Edit::SetCover {
                person,
                to: Some(_),
                ..
            } => format!("Changed {}'s cover photo", person.label()),
            Edit::SetCover {
                person, to: None, ..
            } => format!("Removed {}'s cover photo", person.label()),
            Edit::Merge { target, sources } => {
                format!(
                    "Merged {} into {}",
                    merged_people_label(sources),
                    target.label()
                )
            }
            Edit::RecreateMerged { target, sources } => {
                format!(
                    "Split {} out of {}",
                    merged_people_label(sources),
                    target.label()
                )
            }
            Edit::BulkMove {
                moves,
                to: Some(to),
            } => {
                format!(
                    "Moved {} to {}",
                    count_label(moves.len(), "face", "faces"),
                    to.label()
                )
            }
            Edit::BulkMove { moves, to: None } => {
                format!("Unassigned {}", count_label(moves.len(), "face", "faces"))
            }
            Edit::BulkRestore { moves, .. } => {
                format!("Moved {} back", count_label(moves.len(), "face", "faces"))
            }
        }
    }

    /// Builds the edit that undoes this one, or `None` where there is none.
    ///
    /// A deleted face comes back as a new manual face with the same box and
    /// person but a new id, and merged people come back under new ids. A
    /// create can only be undone once its id is known, and re-created merged
    /// people cannot be merged back automatically because their ids are new.
    pub fn inverse(&self) -> Option<Edit> {
        let inverse = match self {
            Edit::AssignFace {
                face,
                from: Some(from),
                to,
            } => Edit::AssignFace {
                face: face.clone(),
                from: Some(to.clone()),
                to: from.clone(),
            },
            Edit::AssignFace {
                face,
                from: None,
                to,
            } => Edit::DetachFace {
                face: face.clone(),
                from: to.clone(),
            },
            Edit::DetachFace { face, from } => Edit::AssignFace {
                face: face.clone(),
                from: None,
                to: from.clone(),
            },
            Edit::DeleteFace { face, snapshot } => Edit::CreateFace {
                face_id: None,
                asset_id: snapshot.asset_id.clone(),
                bounding_box: snapshot.bounding_box,
                person: snapshot.person.clone(),
                restores: Some(face.id.clone()),
            },
            Edit::CreateFace {
                face_id,
                asset_id,
                bounding_box,
                person,
                ..
            } => Edit::DeleteFace {
                face: FaceRef {
                    id: face_id.clone()?,
                    number: None,
                },
                snapshot: FaceSnapshot {
                    asset_id: asset_id.clone(),
                    bounding_box: *bounding_box,
                    person: person.clone(),
                    source: FaceSource::Manual,
                },
            },
            Edit::Rename { person, from, to } => Edit::Rename {
                person: person.clone(),
                from: to.clone(),
                to: from.clone(),
            },
            Edit::SetBirthDate { person, from, to } => Edit::SetBirthDate {
                person: person.clone(),
                from: to.clone(),
                to: from.clone(),
            },
            Edit::SetFavorite { person, from, to } => Edit::SetFavorite {
                person: person.clone(),
                from: *to,
                to: *from,
            },
            Edit::SetHidden { person, from, to } => Edit::SetHidden {
                person: person.clone(),
                from: *to,
                to: *from,
            },
            Edit::SetCover { person, from, to } => Edit::SetCover {
                person: person.clone(),
                from: to.clone(),
                to: from.clone(),
            },
            Edit::Merge { target, sources } => Edit::RecreateMerged {
                target: target.clone(),
                sources: sources.clone(),
            },
            Edit::RecreateMerged { .. } => return None,
            Edit::BulkMove { moves, to } => Edit::BulkRestore {
                moves: moves.clone(),
                from: to.clone(),
            },
            Edit::BulkRestore { moves, from } => Edit::BulkMove {
                moves: moves.clone(),
                to: from.clone(),
            },
        };
        Some(inverse)
    }

    /// Lists the records this edit changes.
    pub fn targets(&self) -> Vec<Target> {
        match self {
            Edit::AssignFace { face, .. }
            | Edit::DetachFace { face, .. }
            | Edit::DeleteFace { face, .. } => {
                vec![Target::Face(face.id.clone())]
            }
            Edit::CreateFace {
                face_id, asset_id, ..
            } => {
                let mut targets = vec![Target::NewFaceOn(asset_id.clone())];
                targets.extend(face_id.iter().cloned().map(Target::Face));
                targets
            }
            Edit::Rename { person, .. } => vec![Target::Person(person.clone())],
            Edit::SetBirthDate { person, .. }
            | Edit::SetFavorite { person, .. }
            | Edit::SetHidden { person, .. }
            | Edit::SetCover { person, .. } => vec![Target::Person(person.id.clone())],
            Edit::Merge { target, sources } | Edit::RecreateMerged { target, sources } => {
                let mut targets = vec![Target::Person(target.id.clone())];
                for source in sources {
                    targets.push(Target::Person(source.person_id.clone()));
                    targets.extend(source.face_ids.iter().cloned().map(Target::Face));
                }
                targets
            }
            Edit::BulkMove { moves, .. } | Edit::BulkRestore { moves, .. } => moves
                .iter()
                .map(|entry| Target::Face(entry.face_id.clone()))
                .collect(),
        }
    }
}

/// State of an edit's request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditState {
    /// Sent, no response yet; the page shows it optimistically.
    Pending,
    /// The server applied it.
    Persisted,
    /// The request failed with this reason; the page still has to roll back.
    Failed(String),
    /// The optimistic change was taken back from the page.
    RolledBack,
    /// An undo of it was persisted.
    Undone,
}

impl EditState {
    fn name(&self) -> &'static str {
        match self {
            EditState::Pending => "pending",
            EditState::Persisted => "persisted",
            EditState::Failed(_) => "failed",
            EditState::RolledBack => "rolled back",
            EditState::Undone => "undone",
        }
    }
}

/// Reason an edit cannot be undone.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NotUndoable {
    /// No edit has this sequence number.
    #[error("it is not in the journal")]
    NotFound,
    /// Only persisted edits can be undone.
    #[error("it is {0}, and only saved edits can be undone")]
    NotPersisted(&'static str),
    /// It was undone already.
    #[error("it was undone already")]
    AlreadyUndone,
    /// It is itself an undo; redo is not offered.
    #[error("it is an undo itself")]
    IsUndo,
    /// The edit has no inverse.
    #[error("it has no inverse")]
    NoInverse,
    /// A later edit changed the same record.
    #[error("edit {by} changed {target} afterwards")]
    Superseded {
        /// The shared record.
        target: Target,
        /// The later edit.
        by: Seq,
    },
}

/// A journal operation that was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum JournalError {
    /// An edit on the same record is still waiting for its response, as
    /// happens after a double click.
    #[error("{target} is still being saved by edit {seq}: wait for it to finish")]
    InFlight {
        /// The busy record.
        target: Target,
        /// The edit in flight.
        seq: Seq,
    },
    /// The edit changes no record, such as a bulk move of zero faces.
    #[error("the edit changes nothing")]
    NoTargets,
    /// No edit has this sequence number.
    #[error("edit {0} is not in the journal")]
    NotFound(Seq),
    /// The state change is not allowed from the edit's current state.
    #[error("edit {seq} cannot become {to} because it is {from}")]
    InvalidTransition {
        /// The edit.
        seq: Seq,
        /// Its current state.
        from: &'static str,
        /// The rejected new state.
        to: &'static str,
    },
    /// The edit cannot be undone.
    #[error("edit {seq} cannot be undone: {reason}")]
    NotUndoable {
        /// The edit.
        seq: Seq,
        /// Why not.
        reason: NotUndoable,
    },
    /// A created face's id was reported for an edit that creates no face.
    #[error("edit {0} does not create a face")]
    NotACreate(Seq),
}

/// One recorded edit and its state.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalEntry {
    /// Position in the journal.
    pub seq: Seq,
    /// The edit.
    pub edit: Edit,
    /// State of its request.
    pub state: EditState,
    /// The edit this one undoes, when it is an undo.
    pub undoes: Option<Seq>,
}

impl JournalEntry {
    /// Describes the edit, as [`Edit::description`] does.
    pub fn description(&self) -> String {
        self.edit.description()
    }

    /// Whether the edit is in effect or about to be, so later edits must not
    /// be clobbered by undoing an earlier one.
    fn is_effective(&self) -> bool {
        match self.state {
            EditState::Pending => true,
            // A persisted undo cancels out its original, which is marked
            // undone, so it leaves the records as the edits before it did.
            EditState::Persisted => self.undoes.is_none(),
            _ => false,
        }
    }
}

/// The session's edits, oldest first, with the latest edit per record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Journal {
    entries: Vec<JournalEntry>,
    latest: HashMap<Target, Seq>,
}

impl Journal {
    /// Creates an empty journal.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a new pending edit and returns its sequence number.
    ///
    /// Rejects the edit while another edit on one of its records is pending,
    /// so a double click does not send the same change twice.
    pub fn record(&mut self, edit: Edit) -> Result<Seq, JournalError> {
        self.record_entry(edit, None)
    }

    fn record_entry(&mut self, edit: Edit, undoes: Option<Seq>) -> Result<Seq, JournalError> {
        let targets = edit.targets();
        if targets.is_empty() {
            return Err(JournalError::NoTargets);
        }
        for target in &targets {
            if let Some(&seq) = self.latest.get(target)
                && self
                    .get(seq)
                    .is_some_and(|entry| entry.state == EditState::Pending)
            {
                return Err(JournalError::InFlight {
                    target: target.clone(),
                    seq,
                });
            }
        }

        let seq = Seq(self.entries.len() as u64 + 1);
        for target in targets {
            self.latest.insert(target, seq);
        }
        self.entries.push(JournalEntry {
            seq,
            edit,
            state: EditState::Pending,
            undoes,
        });
        Ok(seq)
    }

    /// Records the undo of edit `seq` as a new pending edit.
    pub fn record_undo(&mut self, seq: Seq) -> Result<Seq, JournalError> {
        if self.get(seq).is_none() {
            return Err(JournalError::NotFound(seq));
        }
        self.check_undoable(seq)
            .map_err(|reason| JournalError::NotUndoable { seq, reason })?;
        let inverse = self.get(seq).and_then(|entry| entry.edit.inverse()).ok_or(
            JournalError::NotUndoable {
                seq,
                reason: NotUndoable::NoInverse,
            },
        )?;
        self.record_entry(inverse, Some(seq))
    }

    /// Checks whether edit `seq` can be undone now, and returns the reason when not.
    pub fn check_undoable(&self, seq: Seq) -> Result<(), NotUndoable> {
        let entry = self.get(seq).ok_or(NotUndoable::NotFound)?;
        if entry.undoes.is_some() {
            return Err(NotUndoable::IsUndo);
        }
        match entry.state {
            EditState::Persisted => {}
            EditState::Undone => return Err(NotUndoable::AlreadyUndone),
            ref state => return Err(NotUndoable::NotPersisted(state.name())),
        }
        if entry.edit.inverse().is_none() {
            return Err(NotUndoable::NoInverse);
        }

        let targets = entry.edit.targets();
        let later = self
            .entries
            .iter()
            .filter(|later| later.seq > seq && later.is_effective());
        for later in later {
            if let Some(shared) = later
                .edit
                .targets()
                .into_iter()
                .find(|target| targets.contains(target))
            {
                return Err(NotUndoable::Superseded {
                    target: shared,
                    by: later.seq,
                });
            }
        }
        Ok(())
    }

    /// Finds the newest edit that can be undone now.
    pub fn last_undoable(&self) -> Option<&JournalEntry> {
        self.history()
            .find(|entry| self.check_undoable(entry.seq).is_ok())
    }

    /// Marks a pending edit as persisted. When it is an undo, the edit it
    /// undoes becomes [`EditState::Undone`].
    pub fn mark_persisted(&mut self, seq: Seq) -> Result<(), JournalError> {
        let undoes = self.transition(seq, "persisted", EditState::Persisted, |state| {
            *state == EditState::Pending
        })?;
        if let Some(original) = undoes
            && let Some(entry) = self.entry_mut(original)
        {
            entry.state = EditState::Undone;
        }
        Ok(())
    }

    /// Marks a pending edit as failed.
    pub fn mark_failed(&mut self, seq: Seq, reason: impl Into<String>) -> Result<(), JournalError> {
        let state = EditState::Failed(reason.into());
        self.transition(seq, "failed", state, |state| *state == EditState::Pending)
            .map(drop)
    }

    /// Marks a pending or failed edit as rolled back, once the page has
    /// taken its optimistic change back.
    pub fn mark_rolled_back(&mut self, seq: Seq) -> Result<(), JournalError> {
        self.transition(seq, "rolled back", EditState::RolledBack, |state| {
            matches!(state, EditState::Pending | EditState::Failed(_))
        })
        .map(drop)
    }

    /// Applies a state change after checking the current state with `allowed`,
    /// and returns the edit that the changed edit undoes, if any.
    fn transition(
        &mut self,
        seq: Seq,
        to: &'static str,
        new_state: EditState,
        allowed: impl Fn(&EditState) -> bool,
    ) -> Result<Option<Seq>, JournalError> {
        let entry = self.entry_mut(seq).ok_or(JournalError::NotFound(seq))?;
        if !allowed(&entry.state) {
            return Err(JournalError::InvalidTransition {
                seq,
                from: entry.state.name(),
                to,
            });
        }
        entry.state = new_state;
        Ok(entry.undoes)
    }

    /// Stores the id the server gave a created face, so the create can be
    /// undone and later edits on the face are tracked.
    pub fn set_created_face(&mut self, seq: Seq, id: FaceId) -> Result<(), JournalError> {
        let entry = self.entry_mut(seq).ok_or(JournalError::NotFound(seq))?;
        let Edit::CreateFace { face_id, .. } = &mut entry.edit else {
            return Err(JournalError::NotACreate(seq));
        };
        *face_id = Some(id.clone());
        self.latest.entry(Target::Face(id)).or_insert(seq);
        Ok(())
    }

    /// Returns whether `seq` is the newest edit on `target`. A response for an older
    /// edit is stale and must not overwrite what the newer edit shows.
    pub fn is_latest(&self, target: &Target, seq: Seq) -> bool {
        self.latest.get(target) == Some(&seq)
    }

    /// Returns whether `seq` is the newest edit on every record it changes.
    pub fn is_latest_everywhere(&self, seq: Seq) -> bool {
        self.get(seq).is_some_and(|entry| {
            entry
                .edit
                .targets()
                .iter()
                .all(|target| self.is_latest(target, seq))
        })
    }

    /// Looks up the edit with this sequence number.
    pub fn get(&self, seq: Seq) -> Option<&JournalEntry> {
        let index = usize::try_from(seq.0.checked_sub(1)?).ok()?;
        self.entries.get(index)
    }

    fn entry_mut(&mut self, seq: Seq) -> Option<&mut JournalEntry> {
        let index = usize::try_from(seq.0.checked_sub(1)?).ok()?;
        self.entries.get_mut(index)
    }

    /// Lists every edit, newest first, for the session history panel.
    pub fn history(&self) -> impl Iterator<Item = &JournalEntry> {
        self.entries.iter().rev()
    }

    /// Lists the pending edits, oldest first.
    pub fn pending(&self) -> impl Iterator<Item = &JournalEntry> {
        self.entries
            .iter()
            .filter(|entry| entry.state == EditState::Pending)
    }

    /// Counts the recorded edits.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Returns whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A face as the page shows it: the server's face with pending edits applied.
#[derive(Debug, Clone, PartialEq)]
pub struct FaceState {
    /// The face's id; `None` for a face whose create is still pending.
    pub face_id: Option<FaceId>,
    /// The face's box.
    pub bounding_box: BoundingBox,
    /// Origin of the face: detected or drawn.
    pub source: FaceSource,
    /// The person shown for the face.
    pub person_id: Option<PersonId>,
    /// Detector score, `None` on manual faces.
    pub confidence: Option<f64>,
    /// The newest pending edit on this face, if any, so the page can mark it
    /// as being saved.
    pub pending: Option<Seq>,
}

impl FaceState {
    fn from_server(face: &Face) -> Self {
        Self {
            face_id: Some(face.id.clone()),
            bounding_box: face.bounding_box,
            source: face.source,
            person_id: face.person_id.clone(),
            confidence: face.confidence,
            pending: None,
        }
    }
}

/// Computes the faces of asset `asset_id` that the page shows: the server's
/// faces in their order, with every pending edit applied oldest first.
///
/// Persisted, failed and rolled-back edits are not applied, because the page
/// re-fetches after each persisted edit and a failed one must not show.
/// Pending creates on this asset are appended unless the server list already
/// contains the created face.
pub fn reconcile_faces(
    asset_id: &AssetId,
    server_faces: &[Face],
    journal: &Journal,
) -> Vec<FaceState> {
    let mut faces: Vec<FaceState> = server_faces.iter().map(FaceState::from_server).collect();

    for entry in journal.pending() {
        apply_pending(&mut faces, asset_id, entry);
    }
    faces
}

/// Like [`reconcile_faces`] for a face list fetched when the journal held
/// `fetched_with` entries: edits recorded after that count as not yet in
/// the list even once persisted, so a list fetched before an edit was saved
/// does not briefly show the face as it was.
///
/// Re-applying such an edit to a list that already contains it is harmless:
/// assignments and deletes are idempotent, and a create whose id is listed
/// is not added again.
pub fn reconcile_faces_since(
    asset_id: &AssetId,
    server_faces: &[Face],
    journal: &Journal,
    fetched_with: usize,
) -> Vec<FaceState> {
    let mut faces: Vec<FaceState> = server_faces.iter().map(FaceState::from_server).collect();

    let newer = journal.entries.iter().filter(|entry| {
        let recorded_after_fetch = usize::try_from(entry.seq.0).is_ok_and(|position| position > fetched_with);
        entry.state == EditState::Pending || (recorded_after_fetch && entry.state == EditState::Persisted)
    });
    for entry in newer {
        apply_pending(&mut faces, asset_id, entry);
        if entry.state == EditState::Persisted {
            for face in faces.iter_mut().filter(|face| face.pending == Some(entry.seq)) {
                face.pending = None;
            }
        }
    }
    faces
}

fn apply_pending(faces: &mut Vec<FaceState>, asset_id: &AssetId, entry: &JournalEntry) {
    let seq = entry.seq;
    let set_person = |faces: &mut Vec<FaceState>, id: &FaceId, person: Option<&PersonId>| {
        if let Some(face) = faces
            .iter_mut()
            .find(|face| face.face_id.as_ref() == Some(id))
        {
            face.person_id = person.cloned();
            face.pending = Some(seq);
        }
    };

    match &entry.edit {
        Edit::AssignFace { face, to, .. } => set_person(faces, &face.id, Some(&to.id)),
        Edit::DetachFace { face, .. } => set_person(faces, &face.id, None),
        Edit::DeleteFace { face, .. } => {
            faces.retain(|shown| shown.face_id.as_ref() != Some(&face.id))
        }
        Edit::CreateFace {
            face_id,
            asset_id: created_on,
            bounding_box,
            person,
            ..
        } => {
            let already_listed = face_id
                .as_ref()
                .is_some_and(|id| faces.iter().any(|shown| shown.face_id.as_ref() == Some(id)));
            if created_on == asset_id && !already_listed {
                faces.push(FaceState {
                    face_id: face_id.clone(),
                    bounding_box: *bounding_box,
                    source: FaceSource::Manual,
                    person_id: person.as_ref().map(|person| person.id.clone()),
                    confidence: None,
                    pending: Some(seq),
                });
            }
        }
        Edit::BulkMove { moves, to } => {
            for face_move in moves {
                set_person(faces, &face_move.face_id, to.as_ref().map(|to| &to.id));
            }
        }
        Edit::BulkRestore { moves, .. } => {
            for face_move in moves {
                set_person(faces, &face_move.face_id, face_move.from.as_ref());
            }
        }
        Edit::Merge { target, sources } => {
            for face in faces.iter_mut() {
                let from_source = sources.iter().any(|source| {
                    face.person_id.as_ref() == Some(&source.person_id)
                        || face
                            .face_id
                            .as_ref()
                            .is_some_and(|id| source.face_ids.contains(id))
                });
                if from_source {
                    face.person_id = Some(target.id.clone());
                    face.pending = Some(seq);
                }
            }
        }
        Edit::RecreateMerged { sources, .. } => {
            // The re-created people's ids are not known yet, so the faces
            // keep their person and are only marked as being saved.
            for face in faces.iter_mut() {
                if face
                    .face_id
                    .as_ref()
                    .is_some_and(|id| sources.iter().any(|source| source.face_ids.contains(id)))
                {
                    face.pending = Some(seq);
                }
            }
        }
        Edit::Rename { .. }
        | Edit::SetBirthDate { .. }
        | Edit::SetFavorite { .. }
        | Edit::SetHidden { .. }
        | Edit::SetCover { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: &str, name: Option<&str>) -> PersonRef {
        PersonRef {
            id: PersonId::new(id),
            name: name.map(str::to_owned),
        }
    }

    fn alice() -> PersonRef {
        person("person_alice", Some("Alice"))
    }

    fn bob() -> PersonRef {
        person("person_bob", Some("Bob"))
    }

    fn face(id: &str, number: u32) -> FaceRef {
        FaceRef {
            id: FaceId::new(id),
            number: Some(number),
        }
    }

    fn assign(face_id: &str, from: Option<PersonRef>, to: PersonRef) -> Edit {
        Edit::AssignFace {
            face: face(face_id, 1),
            from,
            to,
        }
    }

    fn bounding_box() -> BoundingBox {
        BoundingBox {
            x: 10,
            y: 20,
            w: 30,
            h: 40,
        }
    }

    fn server_face(id: &str, person: Option<&str>) -> Face {
        Face {
            id: FaceId::new(id),
            asset_id: AssetId::new("asset_1"),
            bounding_box: bounding_box(),
            source: FaceSource::Automatic,
            person_id: person.map(PersonId::new),
            confidence: Some(0.9),
            timestamp_ms: None,
            asset_urls: None,
            cluster_assignment: None,
            created_at: None,
            updated_at: None,
        }
    }

    fn merged(id: &str, name: Option<&str>, faces: &[&str]) -> MergedSource {
        MergedSource {
            person_id: PersonId::new(id),
            name: name.map(str::to_owned),
            birth_date: None,
            is_favorite: false,
            is_hidden: false,
            thumbnail_face_id: None,
            face_ids: faces.iter().map(|id| FaceId::new(*id)).collect(),
        }
    }

    fn persisted(journal: &mut Journal, edit: Edit) -> Seq {
        let seq = journal.record(edit).unwrap();
        journal.mark_persisted(seq).unwrap();
        seq
    }

    fn state_of(journal: &Journal, seq: Seq) -> Option<&EditState> {
        journal.get(seq).map(|entry| &entry.state)
    }

    fn face_target(id: &str) -> Target {
        Target::Face(FaceId::new(id))
    }

    #[test]
    fn sequence_numbers_increase() {
        let mut journal = Journal::new();
        let first = journal.record(assign("face_1", None, alice())).unwrap();
        let second = journal.record(assign("face_2", None, alice())).unwrap();
        assert_eq!(first.value(), 1);
        assert_eq!(second.value(), 2);
        assert!(second > first);
        assert_eq!(journal.len(), 2);
    }

    #[test]
    fn double_click_is_rejected() {
        let mut journal = Journal::new();
        let first = journal.record(assign("face_1", None, alice())).unwrap();
        let error = journal.record(assign("face_1", None, alice())).unwrap_err();
        assert_eq!(
            error,
            JournalError::InFlight {
                target: face_target("face_1"),
                seq: first
            }
        );
        assert_eq!(journal.len(), 1);
    }

    #[test]
    fn same_person_edits_do_not_overlap() {
        let mut journal = Journal::new();
        journal
            .record(Edit::Rename {
                person: alice().id,
                from: Some("Alice".into()),
                to: Some("Alicia".into()),
            })
            .unwrap();
        let error = journal
            .record(Edit::SetFavorite {
                person: alice(),
                from: false,
                to: true,
            })
            .unwrap_err();
        assert!(
            matches!(
                error,
                JournalError::InFlight {
                    target: Target::Person(_),
                    ..
                }
            ),
            "{error:?}"
        );
    }

    #[test]
    fn different_faces_run_together() {
        let mut journal = Journal::new();
        journal.record(assign("face_1", None, alice())).unwrap();
        journal.record(assign("face_2", None, alice())).unwrap();
        assert_eq!(journal.pending().count(), 2);
    }

    #[test]
    fn finished_edit_frees_target() {
        let mut journal = Journal::new();
        let first = journal.record(assign("face_1", None, alice())).unwrap();
        journal.mark_failed(first, "offline").unwrap();
        assert!(journal.record(assign("face_1", None, alice())).is_ok());
    }

    #[test]
    fn empty_bulk_move_is_rejected() {
        let mut journal = Journal::new();
        let error = journal
            .record(Edit::BulkMove {
                moves: Vec::new(),
                to: Some(alice()),
            })
            .unwrap_err();
        assert_eq!(error, JournalError::NoTargets);
    }

    #[test]
    fn late_response_is_stale() {
        let mut journal = Journal::new();
        let first = journal.record(assign("face_1", None, alice())).unwrap();
        // The first request timed out, so the user tried another person.
        journal.mark_failed(first, "timed out").unwrap();
        let second = journal.record(assign("face_1", None, bob())).unwrap();

        assert!(!journal.is_latest(&face_target("face_1"), first));
        assert!(journal.is_latest(&face_target("face_1"), second));
        assert!(!journal.is_latest_everywhere(first));
        assert!(journal.is_latest_everywhere(second));
        assert!(matches!(
            journal.mark_persisted(first),
            Err(JournalError::InvalidTransition { .. })
        ));
    }

    #[test]
    fn is_latest_for_unknown_target() {
        let journal = Journal::new();
        assert!(!journal.is_latest(&face_target("face_1"), Seq(1)));
        assert!(!journal.is_latest_everywhere(Seq(1)));
    }

    #[test]
    fn allowed_state_changes() {
        let mut journal = Journal::new();
        let saved = journal.record(assign("face_1", None, alice())).unwrap();
        journal.mark_persisted(saved).unwrap();
        assert_eq!(state_of(&journal, saved), Some(&EditState::Persisted));

        let failed = journal.record(assign("face_2", None, alice())).unwrap();
        journal.mark_failed(failed, "server error").unwrap();
        assert_eq!(
            state_of(&journal, failed),
            Some(&EditState::Failed("server error".into()))
        );
        journal.mark_rolled_back(failed).unwrap();
        assert_eq!(state_of(&journal, failed), Some(&EditState::RolledBack));

        let dropped = journal.record(assign("face_3", None, alice())).unwrap();
        journal.mark_rolled_back(dropped).unwrap();
        assert_eq!(state_of(&journal, dropped), Some(&EditState::RolledBack));
    }

    #[test]
    fn rejected_state_changes() {
        let mut journal = Journal::new();
        let saved = persisted(&mut journal, assign("face_1", None, alice()));
        assert_eq!(
            journal.mark_failed(saved, "late"),
            Err(JournalError::InvalidTransition {
                seq: saved,
                from: "persisted",
                to: "failed"
            })
        );
        assert!(matches!(
            journal.mark_rolled_back(saved),
            Err(JournalError::InvalidTransition { .. })
        ));
        assert!(matches!(
            journal.mark_persisted(saved),
            Err(JournalError::InvalidTransition { .. })
        ));
        assert_eq!(
            journal.mark_persisted(Seq(99)),
            Err(JournalError::NotFound(Seq(99)))
        );
        assert_eq!(
            journal.mark_failed(Seq(0), "x"),
            Err(JournalError::NotFound(Seq(0)))
        );
    }

    #[test]
    fn history_is_newest_first() {
        let mut journal = Journal::new();
        persisted(
            &mut journal,
            Edit::AssignFace {
                face: face("face_1", 2),
                from: None,
                to: alice(),
            },
        );
        persisted(
            &mut journal,
            Edit::SetHidden {
                person: bob(),
                from: false,
                to: true,
            },
        );
        let descriptions: Vec<String> = journal.history().map(JournalEntry::description).collect();
        assert_eq!(descriptions, vec!["Hid Bob", "Assigned face 2 to Alice"]);
    }

    #[test]
    fn last_undoable_is_newest_persisted() {
        let mut journal = Journal::new();
        let saved = persisted(&mut journal, assign("face_1", None, alice()));
        let failed = journal.record(assign("face_2", None, alice())).unwrap();
        journal.mark_failed(failed, "offline").unwrap();
        journal.record(assign("face_3", None, alice())).unwrap();

        assert_eq!(journal.last_undoable().map(|entry| entry.seq), Some(saved));
        assert_eq!(
            journal.check_undoable(failed),
            Err(NotUndoable::NotPersisted("failed"))
        );
    }

    #[test]
    fn empty_journal_has_nothing_to_undo() {
        let journal = Journal::new();
        assert!(journal.last_undoable().is_none());
        assert!(journal.is_empty());
    }

    #[test]
    fn undo_records_inverse() {
        let mut journal = Journal::new();
        let saved = persisted(&mut journal, assign("face_1", Some(bob()), alice()));

        let undo = journal.record_undo(saved).unwrap();
        let entry = journal.get(undo).unwrap();
        assert_eq!(entry.undoes, Some(saved));
        assert_eq!(entry.edit, assign("face_1", Some(alice()), bob()));
        assert_eq!(entry.state, EditState::Pending);
        assert_eq!(state_of(&journal, saved), Some(&EditState::Persisted));

        journal.mark_persisted(undo).unwrap();
        assert_eq!(state_of(&journal, saved), Some(&EditState::Undone));
    }

    #[test]
    fn undone_edit_cannot_be_undone_again() {
        let mut journal = Journal::new();
        let saved = persisted(&mut journal, assign("face_1", None, alice()));
        let undo = journal.record_undo(saved).unwrap();
        journal.mark_persisted(undo).unwrap();

        assert_eq!(
            journal.check_undoable(saved),
            Err(NotUndoable::AlreadyUndone)
        );
        assert_eq!(journal.check_undoable(undo), Err(NotUndoable::IsUndo));
        assert!(journal.last_undoable().is_none());
        assert_eq!(
            journal.record_undo(saved),
            Err(JournalError::NotUndoable {
                seq: saved,
                reason: NotUndoable::AlreadyUndone
            })
        );
    }

    #[test]
    fn undo_in_flight_blocks_second_undo() {
        let mut journal = Journal::new();
        let saved = persisted(&mut journal, assign("face_1", None, alice()));
        let undo = journal.record_undo(saved).unwrap();
        assert_eq!(
            journal.check_undoable(saved),
            Err(NotUndoable::Superseded {
                target: face_target("face_1"),
                by: undo
            })
        );
    }

    #[test]
    fn failed_undo_can_be_retried() {
        let mut journal = Journal::new();
        let saved = persisted(&mut journal, assign("face_1", None, alice()));
        let undo = journal.record_undo(saved).unwrap();
        journal.mark_failed(undo, "offline").unwrap();
        journal.mark_rolled_back(undo).unwrap();

        assert_eq!(journal.check_undoable(saved), Ok(()));
        assert_eq!(journal.last_undoable().map(|entry| entry.seq), Some(saved));
    }

    #[test]
    fn later_edit_supersedes_undo() {
        let mut journal = Journal::new();
        let first = persisted(&mut journal, assign("face_1", None, alice()));
        let second = persisted(
            &mut journal,
            Edit::DetachFace {
                face: face("face_1", 1),
                from: alice(),
            },
        );

        assert_eq!(
            journal.check_undoable(first),
            Err(NotUndoable::Superseded {
                target: face_target("face_1"),
                by: second
            })
        );
        assert_eq!(journal.last_undoable().map(|entry| entry.seq), Some(second));
    }

    #[test]
    fn undo_steps_back_through_history() {
        let mut journal = Journal::new();
        let first = persisted(&mut journal, assign("face_1", None, alice()));
        let second = persisted(&mut journal, assign("face_1", Some(alice()), bob()));

        let undo = journal.record_undo(second).unwrap();
        journal.mark_persisted(undo).unwrap();

        // Undoing the reassignment leaves face 1 with Alice again, so the
        // first assignment is the next step back.
        assert_eq!(journal.last_undoable().map(|entry| entry.seq), Some(first));
    }

    #[test]
    fn failed_later_edit_does_not_block_undo() {
        let mut journal = Journal::new();
        let first = persisted(&mut journal, assign("face_1", None, alice()));
        let second = journal
            .record(assign("face_1", Some(alice()), bob()))
            .unwrap();
        journal.mark_failed(second, "server error").unwrap();
        assert_eq!(journal.check_undoable(first), Ok(()));
    }

    #[test]
    fn unknown_edit_cannot_be_undone() {
        let mut journal = Journal::new();
        assert_eq!(journal.check_undoable(Seq(3)), Err(NotUndoable::NotFound));
        assert_eq!(
            journal.record_undo(Seq(3)),
            Err(JournalError::NotFound(Seq(3)))
        );
    }

    #[test]
    fn pending_edit_cannot_be_undone() {
        let mut journal = Journal::new();
        let pending = journal.record(assign("face_1", None, alice())).unwrap();
        assert_eq!(
            journal.check_undoable(pending),
            Err(NotUndoable::NotPersisted("pending"))
        );
    }

    #[test]
    fn create_then_undo_deletes_face() {
        let mut journal = Journal::new();
        let asset_id = AssetId::new("asset_1");
        let create = Edit::CreateFace {
            face_id: None,
            asset_id: asset_id.clone(),
            bounding_box: bounding_box(),
            person: Some(alice()),
            restores: None,
        };
        let seq = journal.record(create.clone()).unwrap();
        assert!(matches!(
            journal.record(create),
            Err(JournalError::InFlight {
                target: Target::NewFaceOn(_),
                ..
            })
        ));
        assert_eq!(
            journal.get(seq).and_then(|entry| entry.edit.inverse()),
            None
        );

        journal
            .set_created_face(seq, FaceId::new("face_new"))
            .unwrap();
        journal.mark_persisted(seq).unwrap();
        assert!(journal.is_latest(&face_target("face_new"), seq));

        let undo = journal.record_undo(seq).unwrap();
        let Some(Edit::DeleteFace { face, snapshot }) = journal.get(undo).map(|entry| &entry.edit)
        else {
            panic!("undo of a create should delete the face");
        };
        assert_eq!(face.id, FaceId::new("face_new"));
        assert_eq!(snapshot.source, FaceSource::Manual);
        assert_eq!(snapshot.person, Some(alice()));
    }

    #[test]
    fn created_face_id_needs_create() {
        let mut journal = Journal::new();
        let seq = journal.record(assign("face_1", None, alice())).unwrap();
        assert_eq!(
            journal.set_created_face(seq, FaceId::new("face_2")),
            Err(JournalError::NotACreate(seq))
        );
        assert_eq!(
            journal.set_created_face(Seq(9), FaceId::new("face_2")),
            Err(JournalError::NotFound(Seq(9)))
        );
    }

    #[test]
    fn delete_inverse_recreates_manual_face() {
        let delete = Edit::DeleteFace {
            face: face("face_1", 3),
            snapshot: FaceSnapshot {
                asset_id: AssetId::new("asset_1"),
                bounding_box: bounding_box(),
                person: Some(alice()),
                source: FaceSource::Automatic,
            },
        };
        let inverse = delete.inverse().unwrap();
        assert_eq!(
            inverse,
            Edit::CreateFace {
                face_id: None,
                asset_id: AssetId::new("asset_1"),
                bounding_box: bounding_box(),
                person: Some(alice()),
                restores: Some(FaceId::new("face_1")),
            }
        );
        assert_eq!(
            inverse.description(),
            "Restored a deleted face as a new manual face"
        );
        assert_eq!(delete.description(), "Deleted face 3");
    }

    #[test]
    fn assign_and_detach_are_inverses() {
        let assign_new = assign("face_1", None, alice());
        let detach = Edit::DetachFace {
            face: face("face_1", 1),
            from: alice(),
        };
        assert_eq!(assign_new.inverse(), Some(detach.clone()));
        assert_eq!(detach.inverse(), Some(assign_new));
    }

    #[test]
    fn reversible_edits_invert_twice() {
        let edits = [
            assign("face_1", Some(bob()), alice()),
            Edit::DetachFace {
                face: face("face_1", 1),
                from: alice(),
            },
            Edit::Rename {
                person: alice().id,
                from: None,
                to: Some("Alice".into()),
            },
            Edit::SetBirthDate {
                person: alice(),
                from: None,
                to: Some("1990-02-28".into()),
            },
            Edit::SetFavorite {
                person: alice(),
                from: false,
                to: true,
            },
            Edit::SetHidden {
                person: alice(),
                from: true,
                to: false,
            },
            Edit::SetCover {
                person: alice(),
                from: Some(FaceId::new("face_1")),
                to: Some(FaceId::new("face_2")),
            },
            Edit::BulkMove {
                moves: vec![FaceMove {
                    face_id: FaceId::new("face_1"),
                    from: Some(bob().id),
                }],
                to: Some(alice()),
            },
        ];
        for edit in edits {
            let twice = edit.inverse().and_then(|inverse| inverse.inverse());
            assert_eq!(twice.as_ref(), Some(&edit), "{}", edit.description());
        }
    }

    #[test]
    fn merge_inverse_recreates_sources() {
        let merge = Edit::Merge {
            target: alice(),
            sources: vec![merged("person_bob", Some("Bob"), &["face_1"])],
        };
        let inverse = merge.inverse().unwrap();
        assert!(matches!(&inverse, Edit::RecreateMerged { sources, .. } if sources.len() == 1));
        assert_eq!(inverse.description(), "Split Bob out of Alice");
        assert_eq!(inverse.inverse(), None);
    }

    #[test]
    fn merge_is_superseded_by_face_edit() {
        let mut journal = Journal::new();
        let merge = persisted(
            &mut journal,
            Edit::Merge {
                target: alice(),
                sources: vec![merged("person_bob", Some("Bob"), &["face_7", "face_8"])],
            },
        );
        assert_eq!(journal.check_undoable(merge), Ok(()));

        let detach = persisted(
            &mut journal,
            Edit::DetachFace {
                face: face("face_8", 1),
                from: alice(),
            },
        );
        assert_eq!(
            journal.check_undoable(merge),
            Err(NotUndoable::Superseded {
                target: face_target("face_8"),
                by: detach
            })
        );
    }

    #[test]
    fn face_descriptions() {
        let numbered = Edit::AssignFace {
            face: face("face_1", 2),
            from: None,
            to: alice(),
        };
        assert_eq!(numbered.description(), "Assigned face 2 to Alice");

        let unnumbered = Edit::AssignFace {
            face: FaceRef {
                id: FaceId::new("face_1"),
                number: None,
            },
            from: Some(person("person_x", None)),
            to: alice(),
        };
        assert_eq!(
            unnumbered.description(),
            "Moved a face from Unnamed to Alice"
        );

        let detach = Edit::DetachFace {
            face: face("face_1", 4),
            from: bob(),
        };
        assert_eq!(detach.description(), "Removed face 4 from Bob");
    }

    #[test]
    fn person_descriptions() {
        let cases = [
            (
                Edit::Rename {
                    person: alice().id,
                    from: Some("Alice".into()),
                    to: Some("Alicia".into()),
                },
                "Renamed Alice to Alicia",
            ),
            (
                Edit::Rename {
                    person: alice().id,
                    from: None,
                    to: Some("Alice".into()),
                },
                "Named a person Alice",
            ),
            (
                Edit::Rename {
                    person: alice().id,
                    from: Some("Alice".into()),
                    to: None,
                },
                "Removed the name Alice",
            ),
            (
                Edit::SetBirthDate {
                    person: alice(),
                    from: None,
                    to: Some("1990-02-28".into()),
                },
                "Set Alice's birth date to 1990-02-28",
            ),
            (
                Edit::SetBirthDate {
                    person: alice(),
                    from: Some("1990-02-28".into()),
                    to: None,
                },
                "Cleared Alice's birth date",
            ),
            (
                Edit::SetFavorite {
                    person: alice(),
                    from: false,
                    to: true,
                },
                "Marked Alice as a favorite",
            ),
            (
                Edit::SetFavorite {
                    person: alice(),
                    from: true,
                    to: false,
                },
                "Removed Alice from favorites",
            ),
            (
                Edit::SetHidden {
                    person: alice(),
                    from: true,
                    to: false,
                },
                "Showed Alice",
            ),
            (
                Edit::SetCover {
                    person: alice(),
                    from: None,
                    to: Some(FaceId::new("face_1")),
                },
                "Changed Alice's cover photo",
            ),
        ];
        for (edit, expected) in cases {
            assert_eq!(edit.description(), expected);
        }
    }

    #[test]
    fn merge_and_bulk_descriptions() {
        let two = Edit::Merge {
            target: alice(),
            sources: vec![
                merged("person_b", Some("Bob"), &[]),
                merged("person_c", None, &[]),
            ],
        };
        assert_eq!(two.description(), "Merged 2 people into Alice");

        let one_face = vec![FaceMove {
            face_id: FaceId::new("face_1"),
            from: None,
        }];
        assert_eq!(
            Edit::BulkMove {
                moves: one_face.clone(),
                to: Some(alice())
            }
            .description(),
            "Moved 1 face to Alice"
        );
        assert_eq!(
            Edit::BulkMove {
                moves: one_face.clone(),
                to: None
            }
            .description(),
            "Unassigned 1 face"
        );
        assert_eq!(
            Edit::BulkRestore {
                moves: one_face,
                from: Some(alice())
            }
            .description(),
            "Moved 1 face back"
        );
    }

    #[test]
    fn bulk_move_is_one_undo_step() {
        let mut journal = Journal::new();
        let moves = vec![
            FaceMove {
                face_id: FaceId::new("face_1"),
                from: Some(bob().id),
            },
            FaceMove {
                face_id: FaceId::new("face_2"),
                from: None,
            },
        ];
        let bulk = persisted(
            &mut journal,
            Edit::BulkMove {
                moves: moves.clone(),
                to: Some(alice()),
            },
        );
        assert!(journal.is_latest(&face_target("face_2"), bulk));

        let undo = journal.record_undo(bulk).unwrap();
        assert_eq!(
            journal.get(undo).map(|entry| &entry.edit),
            Some(&Edit::BulkRestore {
                moves,
                from: Some(alice())
            })
        );
        assert!(journal.record(assign("face_2", None, bob())).is_err());
    }

    #[test]
    fn reconcile_without_edits_mirrors_server() {
        let faces = [
            server_face("face_1", Some("person_bob")),
            server_face("face_2", None),
        ];
        let shown = reconcile_faces(&AssetId::new("asset_1"), &faces, &Journal::new());
        assert_eq!(shown.len(), 2);
        assert_eq!(shown[0].person_id, Some(PersonId::new("person_bob")));
        assert_eq!(shown[0].pending, None);
        assert_eq!(shown[1].confidence, Some(0.9));
    }

    #[test]
    fn reconcile_shows_pending_assignment() {
        let faces = [
            server_face("face_1", Some("person_bob")),
            server_face("face_2", None),
        ];
        let mut journal = Journal::new();
        let seq = journal.record(assign("face_2", None, alice())).unwrap();

        let shown = reconcile_faces(&AssetId::new("asset_1"), &faces, &journal);
        assert_eq!(shown[1].person_id, Some(alice().id));
        assert_eq!(shown[1].pending, Some(seq));
        assert_eq!(shown[0].pending, None);
    }

    #[test]
    fn reconcile_ignores_finished_edits() {
        let faces = [server_face("face_1", None), server_face("face_2", None)];
        let mut journal = Journal::new();
        persisted(&mut journal, assign("face_1", None, alice()));
        let failed = journal.record(assign("face_2", None, alice())).unwrap();
        journal.mark_failed(failed, "offline").unwrap();

        let shown = reconcile_faces(&AssetId::new("asset_1"), &faces, &journal);
        assert!(
            shown
                .iter()
                .all(|face| face.person_id.is_none() && face.pending.is_none())
        );
    }

    #[test]
    fn reconcile_hides_pending_delete() {
        let faces = [server_face("face_1", None), server_face("face_2", None)];
        let mut journal = Journal::new();
        journal
            .record(Edit::DeleteFace {
                face: face("face_1", 1),
                snapshot: FaceSnapshot {
                    asset_id: AssetId::new("asset_1"),
                    bounding_box: bounding_box(),
                    person: None,
                    source: FaceSource::Automatic,
                },
            })
            .unwrap();

        let shown = reconcile_faces(&AssetId::new("asset_1"), &faces, &journal);
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].face_id, Some(FaceId::new("face_2")));
    }

    #[test]
    fn reconcile_appends_pending_create() {
        let faces = [server_face("face_1", None)];
        let mut journal = Journal::new();
        let create_on_asset = journal
            .record(Edit::CreateFace {
                face_id: None,
                asset_id: AssetId::new("asset_1"),
                bounding_box: BoundingBox {
                    x: 1,
                    y: 2,
                    w: 3,
                    h: 4,
                },
                person: Some(alice()),
                restores: None,
            })
            .unwrap();
        journal
            .record(Edit::CreateFace {
                face_id: None,
                asset_id: AssetId::new("asset_other"),
                bounding_box: bounding_box(),
                person: None,
                restores: None,
            })
            .unwrap();

        let shown = reconcile_faces(&AssetId::new("asset_1"), &faces, &journal);
        assert_eq!(shown.len(), 2);
        assert_eq!(shown[1].face_id, None);
        assert_eq!(shown[1].source, FaceSource::Manual);
        assert_eq!(shown[1].person_id, Some(alice().id));
        assert_eq!(shown[1].pending, Some(create_on_asset));
    }

    #[test]
    fn reconcile_does_not_duplicate_created_face() {
        let faces = [server_face("face_new", Some("person_alice"))];
        let mut journal = Journal::new();
        let seq = journal
            .record(Edit::CreateFace {
                face_id: None,
                asset_id: AssetId::new("asset_1"),
                bounding_box: bounding_box(),
                person: Some(alice()),
                restores: None,
            })
            .unwrap();
        journal
            .set_created_face(seq, FaceId::new("face_new"))
            .unwrap();

        let shown = reconcile_faces(&AssetId::new("asset_1"), &faces, &journal);
        assert_eq!(shown.len(), 1);
    }

    #[test]
    fn reconcile_applies_bulk_move_and_restore() {
        let faces = [
            server_face("face_1", Some("person_bob")),
            server_face("face_2", None),
            server_face("face_3", None),
        ];
        let moves = vec![
            FaceMove {
                face_id: FaceId::new("face_1"),
                from: Some(bob().id),
            },
            FaceMove {
                face_id: FaceId::new("face_2"),
                from: None,
            },
        ];
        let mut journal = Journal::new();
        journal
            .record(Edit::BulkMove {
                moves: moves.clone(),
                to: Some(alice()),
            })
            .unwrap();
        let shown = reconcile_faces(&AssetId::new("asset_1"), &faces, &journal);
        assert_eq!(shown[0].person_id, Some(alice().id));
        assert_eq!(shown[1].person_id, Some(alice().id));
        assert_eq!(shown[2].person_id, None);

        let moved = [
            server_face("face_1", Some("person_alice")),
            server_face("face_2", Some("person_alice")),
        ];
        let mut journal = Journal::new();
        journal
            .record(Edit::BulkRestore {
                moves,
                from: Some(alice()),
            })
            .unwrap();
        let shown = reconcile_faces(&AssetId::new("asset_1"), &moved, &journal);
        assert_eq!(shown[0].person_id, Some(bob().id));
        assert_eq!(shown[1].person_id, None);
    }

    #[test]
    fn reconcile_applies_pending_merge() {
        let faces = [
            server_face("face_1", Some("person_bob")),
            server_face("face_2", Some("person_carol")),
            server_face("face_3", Some("person_dan")),
        ];
        let mut journal = Journal::new();
        journal
            .record(Edit::Merge {
                target: alice(),
                sources: vec![
                    merged("person_bob", Some("Bob"), &["face_1"]),
                    merged("person_carol", None, &[]),
                ],
            })
            .unwrap();

        let shown = reconcile_faces(&AssetId::new("asset_1"), &faces, &journal);
        assert_eq!(shown[0].person_id, Some(alice().id));
        assert_eq!(shown[1].person_id, Some(alice().id));
        assert_eq!(shown[2].person_id, Some(PersonId::new("person_dan")));
        assert_eq!(shown[2].pending, None);
    }

    #[test]
    fn reconcile_since_keeps_edits_saved_after_fetch() {
        let faces = [server_face("face_1", None), server_face("face_2", None)];
        let mut journal = Journal::new();
        persisted(&mut journal, assign("face_1", None, alice()));
        let fetched_with = journal.len();
        persisted(&mut journal, assign("face_2", None, bob()));

        let shown = reconcile_faces_since(&AssetId::new("asset_1"), &faces, &journal, fetched_with);
        assert_eq!(shown[0].person_id, None, "saved before the fetch, so the list is trusted");
        assert_eq!(shown[1].person_id, Some(bob().id));
        assert_eq!(shown[1].pending, None);
    }

    #[test]
    fn reconcile_since_shows_pending_and_skips_failed() {
        let faces = [server_face("face_1", None), server_face("face_2", None)];
        let mut journal = Journal::new();
        let failed = journal.record(assign("face_1", None, alice())).unwrap();
        journal.mark_failed(failed, "offline").unwrap();
        let pending = journal.record(assign("face_2", None, bob())).unwrap();

        let shown = reconcile_faces_since(&AssetId::new("asset_1"), &faces, &journal, 0);
        assert_eq!(shown[0].person_id, None);
        assert_eq!(shown[1].person_id, Some(bob().id));
        assert_eq!(shown[1].pending, Some(pending));
    }

    #[test]
    fn reconcile_ignores_person_field_edits() {
        let faces = [server_face("face_1", Some("person_alice"))];
        let mut journal = Journal::new();
        journal
            .record(Edit::SetHidden {
                person: alice(),
                from: false,
                to: true,
            })
            .unwrap();
        let shown = reconcile_faces(&AssetId::new("asset_1"), &faces, &journal);
        assert_eq!(shown[0].pending, None);
    }

    #[test]
    fn error_messages_name_the_edit() {
        let error = JournalError::InFlight {
            target: face_target("face_1"),
            seq: Seq(4),
        };
        assert_eq!(
            error.to_string(),
            "face face_1 is still being saved by edit #4: wait for it to finish"
        );
        let error = JournalError::NotUndoable {
            seq: Seq(2),
            reason: NotUndoable::AlreadyUndone,
        };
        assert_eq!(
            error.to_string(),
            "edit #2 cannot be undone: it was undone already"
        );
    }
}
