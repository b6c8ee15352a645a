use gumnut_types::{FaceId, PersonId};
use gumnut_ui_core::batch::{BatchPlan, DEFAULT_MAX_IN_FLIGHT, ItemState};
use gumnut_ui_core::journal::{Edit, FaceMove, PersonRef};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::person_edits::persist_person_edit;
use crate::api::ApiClient;
use crate::edits::EditsContext;

/// Counts and failures for the progress bar and the failure summary.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkProgress {
    /// Faces in the batch.
    pub total: usize,
    /// Faces moved so far.
    pub succeeded: usize,
    /// Faces whose request completed, moved or failed.
    pub completed: usize,
    /// Failed faces with the reason, once their requests completed.
    pub failures: Vec<(FaceId, String)>,
    /// Whether every request has completed.
    pub finished: bool,
    /// Label of the destination, such as "Alice" or "no one".
    pub destination: String,
}

/// One bulk move: a [`BatchPlan`] that keeps at most
/// `DEFAULT_MAX_IN_FLIGHT` requests in flight, its progress, and the journal
/// entry that makes the whole batch one Undo once it is done.
#[derive(Debug, Clone, Copy)]
pub struct BulkMover {
    plan: StoredValue<Option<BatchPlan<String>>>,
    moves: StoredValue<Vec<FaceMove>>,
    to: StoredValue<Option<PersonRef>>,
    progress: RwSignal<Option<BulkProgress>>,
    edits: EditsContext,
}

impl BulkMover {
    /// Creates an idle mover.
    pub fn new() -> Self {
        Self {
            plan: StoredValue::new(None),
            moves: StoredValue::new(Vec::new()),
            to: StoredValue::new(None),
            progress: RwSignal::new(None),
            edits: EditsContext::expect(),
        }
    }

    /// Returns the current batch's progress, `None` when idle.
    pub fn progress(self) -> Option<BulkProgress> {
        self.progress.get()
    }

    /// Returns whether a batch is running or waiting for a decision on failures.
    pub fn is_busy(self) -> bool {
        self.progress.with(Option::is_some)
    }

    /// Moves `faces` from `from` to `to` (`None` unassigns them).
    pub fn start(self, client: ApiClient, faces: Vec<FaceId>, from: Option<PersonId>, to: Option<PersonRef>) {
        let Ok(plan) = BatchPlan::new(faces.len(), DEFAULT_MAX_IN_FLIGHT) else {
            return;
        };
        let moves = faces.into_iter().map(|face_id| FaceMove { face_id, from: from.clone() }).collect();
        self.plan.set_value(Some(plan));
        self.moves.set_value(moves);
        self.to.set_value(to);
        self.refresh();
        self.pump(client);
    }

    /// Sends the failed moves again.
    pub fn retry(self, client: ApiClient) {
        self.plan.update_value(|plan| {
            if let Some(plan) = plan {
                plan.retry_failed();
            }
        });
        self.refresh();
        self.pump(client);
    }

    /// Ends a batch that has failures, keeping the faces that moved; they
    /// can still be undone as one step.
    pub fn accept_partial(self) {
        self.record_and_reset();
    }

    fn pump(self, client: ApiClient) {
        let started = self.plan.try_update_value(|plan| plan.as_mut().map(BatchPlan::start_available).unwrap_or_default());
        let to = self.to.try_get_value().flatten().map(|person| person.id);
        for index in started.unwrap_or_default() {
            let face_id = self.moves.try_with_value(|moves| moves.get(index).map(|face_move| face_move.face_id.clone()));
            let Some(face_id) = face_id.flatten() else {
                continue;
            };
            let client = client.clone();
            let to = to.clone();
            spawn_local(async move {
                let result = client.set_face_person(&face_id, to.as_ref()).await.map(drop).map_err(|error| error.to_string());
                self.plan.try_update_value(|plan| {
                    if let Some(plan) = plan
                        && let Err(error) = plan.complete(index, result)
                    {
                        log::warn!("bulk move: {error}");
                    }
                });
                self.refresh();
                self.pump(client);
            });
        }

        let finished_cleanly = self
            .plan
            .try_with_value(|plan| plan.as_ref().is_some_and(|plan| plan.is_finished() && plan.failures().is_empty()))
            .unwrap_or(false);
        if finished_cleanly {
            self.record_and_reset();
        }
    }

    fn refresh(self) {
        let destination = self.to.try_get_value().flatten().map_or_else(|| "no one".to_owned(), |person| person.label().into_owned());
        let progress = self.plan.try_with_value(|plan| {
            plan.as_ref().map(|plan| BulkProgress {
                total: plan.len(),
                succeeded: plan.succeeded_count(),
                completed: (plan.progress() * plan.len() as f64).round() as usize,
                failures: self
                    .moves
                    .try_with_value(|moves| {
                        plan.failures()
                            .into_iter()
                            .filter_map(|(index, reason)| moves.get(index).map(|face_move| (face_move.face_id.clone(), reason.clone())))
                            .collect()
                    })
                    .unwrap_or_default(),
                finished: plan.is_finished(),
                destination,
            })
        });
        if let Some(progress) = progress {
            self.progress.try_set(progress);
        }
    }

    /// Records the moved faces as one persisted edit, which offers Undo and
    /// makes the pages refetch, then goes idle.
    fn record_and_reset(self) {
        let Some(plan) = self.plan.try_get_value().flatten() else {
            return;
        };
        let moved: Vec<FaceMove> = self
            .moves
            .try_with_value(|moves| {
                moves
                    .iter()
                    .enumerate()
                    .filter(|(index, _)| matches!(plan.state(*index), Some(ItemState::Succeeded)))
                    .map(|(_, face_move)| face_move.clone())
                    .collect()
            })
            .unwrap_or_default();
        // The page may have been left while the batch ran.
        self.plan.try_set_value(None);
        self.progress.try_set(None);
        if moved.is_empty() {
            self.edits.bump_revision();
            return;
        }
        let edit = Edit::BulkMove { moves: moved, to: self.to.try_get_value().flatten() };
        // The faces moved either way; a journal refusal only loses the Undo.
        let _ = self.edits.record_persisted(edit, persist_person_edit);
    }
}

/// The progress bar of a running bulk move, then the failure summary with
/// Retry.
#[component]
pub fn BulkMoveStatus(
    /// The batch to show.
    mover: BulkMover,
    /// Sends the failed moves again.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    move || {
        mover.progress().map(|progress| {
            let failed = progress.failures.len();
            let summary = if progress.finished && failed > 0 {
                let reasons: Vec<String> = progress.failures.iter().map(|(face, reason)| format!("{face}: {reason}")).collect();
                Some(view! {
                    <div class="bulk-status__failures" role="alert" data-testid="bulk-failures">
                        <p>
                            {format!(
                                "Moved {} of {} faces to {}. {failed} failed and stayed where they were.",
                                progress.succeeded, progress.total, progress.destination
                            )}
                        </p>
                        <ul class="bulk-status__reasons">{reasons.into_iter().map(|reason| view! { <li>{reason}</li> }).collect_view()}</ul>
                        <div class="toolbar">
                            <button type="button" class="button button--primary" data-testid="bulk-retry" on:click=move |_| on_retry.run(())>
                                {format!("Retry {failed}")}
                            </button>
                            <button type="button" class="button" data-testid="bulk-accept" on:click=move |_| mover.accept_partial()>
                                "Keep the rest as is"
                            </button>
                        </div>
                    </div>
                })
            } else {
                None
            };
            view! {
                <div class="bulk-status" data-testid="bulk-progress" role="status">
                    <progress max=progress.total.to_string() value=progress.completed.to_string()></progress>
                    <span class="bulk-status__label">
                        {format!("{} of {} faces moved to {}", progress.succeeded, progress.total, progress.destination)}
                    </span>
                    {summary}
                </div>
            }
        })
    }
}
