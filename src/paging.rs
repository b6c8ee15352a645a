//! Cursor pagination for grids: the first page as a resource, later pages
//! appended by a "Load more" action.

use std::future::Future;

use gumnut_types::{Asset, Page, Person};
use leptos::prelude::*;

use crate::api::ApiError;

/// An item of a paginated list; its id is the cursor for the next page.
pub trait Cursor {
    /// Returns the id the next page starts after.
    fn cursor(&self) -> String;
}

impl Cursor for Asset {
    fn cursor(&self) -> String {
        self.id.to_string()
    }
}

impl Cursor for Person {
    fn cursor(&self) -> String {
        self.id.to_string()
    }
}

/// The result of fetching one page.
pub type PageResult<T> = Result<Page<T>, ApiError>;

/// A paginated list: `first` is refetched whenever the signals its fetcher
/// reads change, which also drops the pages loaded after it.
pub struct PagedList<T: Send + Sync + 'static> {
    /// The first page; render it inside a `Transition`.
    pub first: LocalResource<PageResult<T>>,
    /// Items of the pages loaded after the first one.
    pub more: RwSignal<Vec<T>>,
    more_has_more: RwSignal<Option<bool>>,
    /// The error of the last failed "Load more", shown under the grid.
    pub more_error: RwSignal<Option<ApiError>>,
    generation: StoredValue<u64>,
    load_next: Action<(u64, String), ()>,
}

impl<T: Send + Sync + 'static> Clone for PagedList<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for PagedList<T> {}

impl<T: Cursor + Clone + Send + Sync + 'static> PagedList<T> {
    /// Builds the list from `fetch_page(cursor)`, where `None` requests the
    /// first page. Signals read synchronously inside `fetch_page` become the
    /// list's dependencies.
    pub fn new<F, Fut>(fetch_page: F) -> Self
    where
        F: Fn(Option<String>) -> Fut + Clone + 'static,
        Fut: Future<Output = PageResult<T>> + 'static,
    {
        let more = RwSignal::new(Vec::new());
        let more_has_more = RwSignal::new(None);
        let more_error = RwSignal::new(None);
        let generation = StoredValue::new(0_u64);

        let fetch_first = fetch_page.clone();
        let first = LocalResource::new(move || {
            // A new first page makes the appended pages stale. The `try_`
            // forms do nothing when the list was disposed before this run.
            generation.try_update_value(|value| *value += 1);
            more.try_set(Vec::new());
            more_has_more.try_set(None);
            more_error.try_set(None);
            fetch_first(None)
        });

        let load_next = Action::new_local(move |(started_in, cursor): &(u64, String)| {
            let started_in = *started_in;
            let request = fetch_page(Some(cursor.clone()));
            async move {
                let result = request.await;
                // The list may have been reloaded or disposed meanwhile.
                if generation.try_get_value() != Some(started_in) {
                    return;
                }
                match result {
                    Ok(page) => {
                        more_has_more.try_set(Some(page.has_more));
                        more_error.try_set(None);
                        more.try_update(|items| items.extend(page.data));
                    }
                    Err(error) => {
                        more_error.try_set(Some(error));
                    }
                }
            }
        });

        Self { first, more, more_has_more, more_error, generation, load_next }
    }

    /// Checks whether another page exists after what is loaded, given the
    /// first page.
    pub fn has_more(&self, first_page: &Page<T>) -> bool {
        self.more_has_more.get().unwrap_or(first_page.has_more)
    }

    /// Returns whether a "Load more" request is running.
    pub fn is_loading_more(&self) -> Signal<bool> {
        self.load_next.pending().into()
    }

    /// Requests the page after the last loaded item.
    pub fn load_more(&self, first_page: &Page<T>) {
        let last_loaded = self.more.with_untracked(|items| items.last().map(Cursor::cursor));
        let Some(cursor) = last_loaded.or_else(|| first_page.data.last().map(Cursor::cursor)) else {
            return;
        };
        self.load_next.dispatch((self.generation.get_value(), cursor));
    }

    /// Refetches from the first page.
    pub fn reload(&self) {
        self.first.refetch();
    }
}
