//! Writes that wait for the user to reconnect after a 401.
//!
//! When the server rejects the API key in the middle of an edit, the write's
//! future stays pending: the app opens the connect screen, and once the user
//! connects again every waiting write is sent with the new credentials.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use super::client::sleep;
use crate::session::Session;

/// How often a waiting write checks whether the user has reconnected.
const POLL_INTERVAL: Duration = Duration::from_millis(200);

#[derive(Default)]
struct Waiting {
    /// Counter incremented by every reconnect, so a waiter can tell a newer
    /// session from the one that failed.
    generation: u64,
    session: Option<Session>,
    /// Path the user was on when the first write failed, to return there.
    return_path: Option<String>,
    redirect: Option<Rc<dyn Fn(&str)>>,
}

thread_local! {
    static WAITING: RefCell<Waiting> = RefCell::new(Waiting::default());
    static WAITING_COUNT: ArcRwSignal<usize> = ArcRwSignal::new(0);
}

/// Returns the number of writes waiting for a valid API key, as a signal.
pub fn waiting_writes() -> ArcRwSignal<usize> {
    WAITING_COUNT.with(ArcRwSignal::clone)
}

/// Waits until the user reconnects and returns the new session. The first
/// waiting write sends the user to the connect screen.
pub async fn wait_for_new_session() -> Session {
    let started_in = WAITING.with_borrow(|waiting| waiting.generation);
    let count = waiting_writes();
    count.update(|count| *count += 1);

    let redirect = WAITING.with_borrow_mut(|waiting| {
        if waiting.return_path.is_some() {
            return None;
        }
        waiting.return_path = Some(current_path());
        waiting.redirect.clone()
    });
    if let Some(redirect) = redirect {
        redirect(&gumnut_ui_core::AppRoute::Settings.href());
    }

    loop {
        let session = WAITING.with_borrow(|waiting| {
            (waiting.generation != started_in).then(|| waiting.session.clone()).flatten()
        });
        if let Some(session) = session {
            count.update(|count| *count = count.saturating_sub(1));
            return session;
        }
        sleep(POLL_INTERVAL).await;
    }
}

/// Hands a newly connected session to every waiting write, and returns the
/// path the user was on when the first of them failed, if any waited.
pub fn resume(session: Session) -> Option<String> {
    WAITING.with_borrow_mut(|waiting| {
        waiting.generation += 1;
        waiting.session = Some(session);
        waiting.return_path.take()
    })
}

/// Lets waiting writes open the connect screen. Mount it once inside the
/// router.
#[component]
pub fn SessionExpiryRedirect() -> impl IntoView {
    let navigate = use_navigate();
    let redirect: Rc<dyn Fn(&str)> = Rc::new(move |path: &str| navigate(path, NavigateOptions::default()));
    WAITING.with_borrow_mut(|waiting| waiting.redirect = Some(redirect));
}

fn current_path() -> String {
    let location = window().location();
    let path = location.pathname().unwrap_or_else(|_| "/".to_owned());
    let search = location.search().unwrap_or_default();
    format!("{path}{search}")
}
