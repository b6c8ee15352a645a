//! Optimistic edits with undo, shared by every page.
//!
//! [`EditsContext`] wraps the edit journal. A page runs an edit through it,
//! and the edit is recorded (so it shows at once) and then sent to the API.
//! On success a toast offers Undo and a live region announces the edit. On
//! failure the edit is rolled back, and a toast names it, gives the reason
//! and offers Retry. Every finished edit bumps [`EditsContext::revision`],
//! which pages read in their resources, so names, photo counts and
//! thumbnails are fetched again.

mod history;
pub mod keys;
mod persist;
mod toasts;

use std::collections::HashMap;
use std::time::Duration;

use gumnut_ui_core::journal::{Edit, EditState, Journal, JournalError, Seq};
use leptos::prelude::*;
use leptos::task::spawn_local;

pub use history::EditHistory;
pub use keys::UndoShortcut;
pub use persist::{EditOutcome, PersistError, PersistFuture, Persister, move_faces, persist_face_edit};
pub use toasts::{EditToasts, LiveRegion};

use crate::api::ApiClient;
use crate::session::SessionContext;

/// How long a toast for a saved edit stays up. Failure toasts stay until
/// dismissed, because they carry the only Retry.
const DONE_TOAST_TIME: Duration = Duration::from_secs(10);

/// Most toasts shown at once.
const MAX_TOASTS: usize = 4;

/// Kind of event a toast reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    /// An edit was saved.
    Done,
    /// An edit failed and was rolled back.
    Failed,
    /// Any other message, such as an edit that cannot be undone.
    Info,
}

/// The button a toast offers.
#[derive(Debug, Clone)]
pub enum ToastAction {
    /// Undo the edit with this sequence number.
    Undo(Seq),
    /// Send a failed edit again.
    Retry { edit: Edit, persister: Persister, failure_note: Option<String> },
}

/// One message in the toast stack.
#[derive(Debug, Clone)]
pub struct Toast {
    /// Unique id, for dismissing.
    pub id: u64,
    /// Kind of event.
    pub kind: ToastKind,
    /// The text.
    pub message: String,
    /// The button, if any.
    pub action: Option<ToastAction>,
}

/// App-wide handle on the edit journal, the toasts and the revision counter.
/// Provided once at the app root; every field is a reactive handle, so it is
/// `Copy`.
#[derive(Debug, Clone, Copy)]
pub struct EditsContext {
    journal: RwSignal<Journal>,
    /// The persister each edit was sent with, so its undo uses the same one.
    persisters: StoredValue<HashMap<Seq, Persister>>,
    revision: RwSignal<u64>,
    toasts: RwSignal<Vec<Toast>>,
    next_toast_id: StoredValue<u64>,
    announcement: RwSignal<String>,
    session: SessionContext,
}

impl EditsContext {
    /// Creates the context and provides it to every component below.
    pub fn provide(session: SessionContext) -> Self {
        let context = Self {
            journal: RwSignal::new(Journal::new()),
            persisters: StoredValue::new(HashMap::new()),
            revision: RwSignal::new(0),
            toasts: RwSignal::new(Vec::new()),
            next_toast_id: StoredValue::new(0),
            announcement: RwSignal::new(String::new()),
            session,
        };
        provide_context(context);
        context
    }

    /// Returns the context provided at the app root.
    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// Reads the number of finished edits and server refreshes. Reading it
    /// inside a resource makes the resource refetch after every edit.
    pub fn revision(self) -> u64 {
        self.revision.get()
    }

    /// Makes every resource that reads [`EditsContext::revision`] refetch.
    pub fn bump_revision(self) {
        self.revision.update(|revision| *revision += 1);
    }

    /// Reads the journal, tracking it.
    pub fn with_journal<R>(self, read: impl FnOnce(&Journal) -> R) -> R {
        self.journal.with(read)
    }

    /// Reads the journal without tracking it.
    pub fn with_journal_untracked<R>(self, read: impl FnOnce(&Journal) -> R) -> R {
        self.journal.with_untracked(read)
    }

    /// Lists the toasts, oldest first.
    pub fn toasts(self) -> Vec<Toast> {
        self.toasts.get()
    }

    /// Reads the latest live-region announcement.
    pub fn announcement(self) -> String {
        self.announcement.get()
    }

    /// Records `edit`, shows it at once and sends it with `persister`.
    ///
    /// Fails without sending when an edit on the same face or person is
    /// still being saved, as after a double click, and shows a toast about it.
    pub fn run(self, edit: Edit, persister: Persister) -> Result<Seq, JournalError> {
        self.run_with_note(edit, persister, None)
    }

    /// Like [`EditsContext::run`], with `failure_note` appended to the
    /// failure message, to say what was already done before this edit.
    pub fn run_with_note(
        self,
        edit: Edit,
        persister: Persister,
        failure_note: Option<String>,
    ) -> Result<Seq, JournalError> {
        let recorded = self.journal.try_update(|journal| journal.record(edit.clone()));
        let seq = match recorded {
            Some(Ok(seq)) => seq,
            Some(Err(error)) => {
                let message = match &error {
                    JournalError::InFlight { .. } => format!(
                        "Not sent: {}. An earlier change to the same item is still being saved; try again in a moment.",
                        edit.description()
                    ),
                    other => format!("Not sent: {}. {other}.", edit.description()),
                };
                self.show_info(message);
                return Err(error);
            }
            None => return Err(JournalError::NoTargets),
        };
        self.persisters.update_value(|persisters| {
            persisters.insert(seq, persister);
        });
        self.send(seq, edit, persister, failure_note);
        Ok(seq)
    }

    /// Records an edit that the caller already sent and the server applied,
    /// such as a merge or a bulk move that shows its own progress, so it
    /// gets the Done toast with Undo. The undo is sent with `persister`.
    pub fn record_persisted(self, edit: Edit, persister: Persister) -> Result<Seq, JournalError> {
        let description = edit.description();
        let seq = match self.journal.try_update(|journal| journal.record(edit)) {
            Some(Ok(seq)) => seq,
            Some(Err(error)) => {
                self.show_info(format!("Saved, but it cannot be undone: {error}."));
                return Err(error);
            }
            None => return Err(JournalError::NoTargets),
        };
        self.persisters.update_value(|persisters| {
            persisters.insert(seq, persister);
        });
        self.finish(seq, &description, EditOutcome::default());
        Ok(seq)
    }

    /// Undoes edit `seq`: records its inverse and sends it with the
    /// persister the edit was sent with.
    pub fn undo(self, seq: Seq) {
        let Some(persister) = self.persisters.with_value(|persisters| persisters.get(&seq).copied()) else {
            self.show_info("This edit cannot be undone.".to_owned());
            return;
        };
        let recorded = self.journal.try_update(|journal| {
            let undo_seq = journal.record_undo(seq)?;
            let inverse = journal.get(undo_seq).map(|entry| entry.edit.clone());
            Ok::<_, JournalError>((undo_seq, inverse))
        });
        match recorded {
            Some(Ok((undo_seq, Some(inverse)))) => {
                self.persisters.update_value(|persisters| {
                    persisters.insert(undo_seq, persister);
                });
                self.dismiss_undo_of(seq);
                self.send(undo_seq, inverse, persister, None);
            }
            Some(Err(error)) => self.show_info(format!("Cannot undo: {error}.")),
            _ => {}
        }
    }

    /// Undoes the newest edit that can be undone, for `Ctrl+Z`. Returns
    /// whether there was one.
    pub fn undo_last(self) -> bool {
        let last = self.journal.with_untracked(|journal| journal.last_undoable().map(|entry| entry.seq));
        match last {
            Some(seq) => {
                self.undo(seq);
                true
            }
            None => {
                self.show_info("Nothing to undo.".to_owned());
                false
            }
        }
    }

    /// Removes a toast.
    pub fn dismiss(self, toast_id: u64) {
        self.toasts.update(|toasts| toasts.retain(|toast| toast.id != toast_id));
    }

    /// Shows a message that needs no action.
    pub fn show_info(self, message: String) {
        self.push_toast(ToastKind::Info, message, None);
    }

    /// Announces `message` to screen readers through the live region.
    pub fn announce(self, message: String) {
        self.announcement.set(message);
    }

    fn send(self, seq: Seq, edit: Edit, persister: Persister, failure_note: Option<String>) {
        let client = ApiClient::new(self.session.0.get_untracked());
        let description = edit.description();
        spawn_local(async move {
            let result = persister(client, edit.clone()).await;
            match result {
                Ok(outcome) => self.finish(seq, &description, outcome),
                Err(error) => self.fail(seq, edit, persister, &description, error, failure_note),
            }
        });
    }

    fn finish(self, seq: Seq, description: &str, outcome: EditOutcome) {
        self.journal.update(|journal| {
            if let Some(face_id) = outcome.created_face
                && let Err(error) = journal.set_created_face(seq, face_id)
            {
                log::warn!("could not record the created face of edit {seq}: {error}");
            }
            if let Err(error) = journal.mark_persisted(seq) {
                log::warn!("could not mark edit {seq} as saved: {error}");
            }
        });
        self.bump_revision();

        let undoable = self.journal.with_untracked(|journal| {
            journal.check_undoable(seq).is_ok() && journal.get(seq).is_some_and(|entry| entry.undoes.is_none())
        });
        let message = self.journal.with_untracked(|journal| done_message(journal, seq, description));
        self.announce(message.clone());
        let action = undoable.then_some(ToastAction::Undo(seq));
        self.push_toast(ToastKind::Done, message, action);
    }

    fn fail(
        self,
        seq: Seq,
        edit: Edit,
        persister: Persister,
        description: &str,
        error: PersistError,
        failure_note: Option<String>,
    ) {
        let reason = error.to_string();
        self.journal.update(|journal| {
            if let Err(error) = journal.mark_failed(seq, reason.clone()) {
                log::warn!("could not mark edit {seq} as failed: {error}");
            }
            if let Err(error) = journal.mark_rolled_back(seq) {
                log::warn!("could not roll back edit {seq}: {error}");
            }
        });
        // A failed create may still have reached the server (the response
        // can be lost), so the page lists the faces again before a retry.
        self.bump_revision();

        let mut message = format!("Not saved: {description}. {reason}. The change was undone on screen.");
        if let Some(note) = &failure_note {
            message.push(' ');
            message.push_str(note);
        }
        log::warn!("edit {seq} failed: {reason}");
        self.announce(message.clone());
        let action = ToastAction::Retry { edit, persister, failure_note };
        self.push_toast(ToastKind::Failed, message, Some(action));
    }

    /// Runs a toast's button.
    pub fn run_action(self, toast_id: u64, action: ToastAction) {
        self.dismiss(toast_id);
        match action {
            ToastAction::Undo(seq) => self.undo(seq),
            ToastAction::Retry { edit, persister, failure_note } => {
                // Failure was already reported by `run_with_note`.
                let _ = self.run_with_note(edit, persister, failure_note);
            }
        }
    }

    fn dismiss_undo_of(self, seq: Seq) {
        self.toasts.update(|toasts| {
            toasts.retain(|toast| !matches!(toast.action, Some(ToastAction::Undo(undone)) if undone == seq));
        });
    }

    fn push_toast(self, kind: ToastKind, message: String, action: Option<ToastAction>) {
        let id = self.next_toast_id.get_value();
        self.next_toast_id.set_value(id + 1);
        self.toasts.update(|toasts| {
            toasts.push(Toast { id, kind, message, action });
            // Drop the oldest toasts, but keep failures, which carry the only Retry.
            while toasts.len() > MAX_TOASTS {
                let Some(oldest) = toasts.iter().position(|toast| toast.kind != ToastKind::Failed) else {
                    break;
                };
                toasts.remove(oldest);
            }
        });

        if kind != ToastKind::Failed {
            set_timeout(move || self.dismiss(id), DONE_TOAST_TIME);
        }
    }

    /// Checks whether edit `seq` is still waiting for its response, without
    /// tracking, for event handlers that ignore a repeated click.
    pub fn is_pending(self, seq: Seq) -> bool {
        self.journal.with_untracked(|journal| journal.get(seq).is_some_and(|entry| entry.state == EditState::Pending))
    }
}

/// Formats the toast and live-region text for a saved edit. An undo names
/// the edit it took back, and a re-created face is called manual.
fn done_message(journal: &Journal, seq: Seq, description: &str) -> String {
    let Some(entry) = journal.get(seq) else {
        return format!("{description}.");
    };
    let Some(original) = entry.undoes.and_then(|original| journal.get(original)) else {
        return format!("{description}.");
    };
    match &entry.edit {
        Edit::CreateFace { restores: Some(_), .. } => {
            format!("Undone: {}. The box is back as a new manual face.", original.description())
        }
        _ => format!("Undone: {}.", original.description()),
    }
}
