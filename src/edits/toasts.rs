//! The toast stack and the live region that report edits.

use leptos::prelude::*;

use super::{EditsContext, ToastAction, ToastKind};

/// Toasts for finished and failed edits, bottom right, each with its Undo or
/// Retry button. Rendered once at the app root.
#[component]
pub fn EditToasts() -> impl IntoView {
    let edits = EditsContext::expect();

    view! {
        <div class="toasts">
            <For each=move || edits.toasts() key=|toast| toast.id let:toast>
                {
                    let id = toast.id;
                    let (class, role) = match toast.kind {
                        ToastKind::Done => ("toast toast--done", "status"),
                        ToastKind::Failed => ("toast toast--failed", "alert"),
                        ToastKind::Info => ("toast", "status"),
                    };
                    let button = toast.action.map(|action| {
                        let (label, testid) = match action {
                            ToastAction::Undo(_) => ("Undo", "undo"),
                            ToastAction::Retry { .. } => ("Retry", "retry"),
                        };
                        view! {
                            <button
                                class="button button--small toast__action"
                                data-testid=testid
                                on:click=move |_| edits.run_action(id, action.clone())
                            >
                                {label}
                            </button>
                        }
                    });
                    view! {
                        <div class=class role=role data-testid="toast">
                            <p class="toast__message">{toast.message}</p>
                            {button}
                            <button
                                class="toast__close"
                                aria-label="Dismiss"
                                title="Dismiss"
                                on:click=move |_| edits.dismiss(id)
                            >
                                "×"
                            </button>
                        </div>
                    }
                }
            </For>
        </div>
    }
}

/// Announces each finished edit in a visually hidden `aria-live` region.
#[component]
pub fn LiveRegion() -> impl IntoView {
    let edits = EditsContext::expect();
    view! {
        <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="live-region">
            {move || edits.announcement()}
        </div>
    }
}
