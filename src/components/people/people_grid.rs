use gumnut_types::{Person, PersonId};
use gumnut_ui_core::windowing::{GridMetrics, GridWindow, Viewport, column_count, compute_window};
use leptos::html::Div;
use leptos::prelude::*;

use crate::components::PersonCard;

/// Narrowest a card may get before the grid drops a column, in CSS pixels.
const CARD_MIN_WIDTH: f64 = 160.0;

/// The narrower minimum used on phone-sized grids, so they keep two columns.
const PHONE_CARD_MIN_WIDTH: f64 = 120.0;

/// Grids narrower than this many CSS pixels count as phone-sized.
const PHONE_WIDTH: f64 = 480.0;

/// Space between cards, in CSS pixels, equal to `--space-4`.
const GAP: f64 = 16.0;

/// Height of the name and count under a card's square crop, in CSS pixels.
/// The stylesheet gives `.person-card__meta` exactly this height.
const META_HEIGHT: f64 = 58.0;

/// Rows rendered above and below the visible ones, so fast scrolling shows
/// no blank rows.
const OVERSCAN_ROWS: usize = 2;

/// The next page is requested when the rendered rows come this close to the
/// end of what is loaded.
const PREFETCH_ROWS: usize = 6;

/// A windowed grid of person cards: only the rows near the viewport are in
/// the DOM, and spacers (the grid's top and bottom padding) keep the
/// scrollbar the height of the whole list. Scrolling near the end of the
/// loaded people requests the next page.
#[component]
pub fn PeopleGrid(
    /// Everyone to show, in order.
    #[prop(into)]
    people: Signal<Vec<Person>>,
    /// Whether another page exists after the loaded people.
    #[prop(into)]
    has_more: Signal<bool>,
    /// Whether a page is being fetched.
    #[prop(into)]
    loading: Signal<bool>,
    /// Whether the last page request failed. No more pages are requested
    /// automatically until it is retried.
    #[prop(into)]
    failed: Signal<bool>,
    /// Requests the next page.
    #[prop(into)]
    on_load_more: Callback<()>,
    /// Whether clicking a card selects it instead of opening the person.
    #[prop(into)]
    select_mode: Signal<bool>,
    /// The selected people, in the order they were selected.
    selection: RwSignal<Vec<PersonId>>,
) -> impl IntoView {
    let grid_ref = NodeRef::<Div>::new();
    let layout = RwSignal::new(Layout::default());

    let measure = move || {
        // A frame callback can run after the grid was removed.
        if layout.is_disposed() {
            return;
        }
        let Some(grid) = grid_ref.get_untracked() else {
            return;
        };
        let rect = grid.get_bounding_client_rect();
        let viewport_height = window().inner_height().ok().and_then(|value| value.as_f64()).unwrap_or(0.0);
        let style = window().get_computed_style(&grid).ok().flatten();
        let padding = |name: &str| {
            style
                .as_ref()
                .and_then(|style| style.get_property_value(name).ok())
                .and_then(|value| value.trim_end_matches("px").parse::<f64>().ok())
                .unwrap_or(0.0)
        };
        let width = f64::from(grid.client_width()) - padding("padding-left") - padding("padding-right");
        // The grid's top edge scrolls above the viewport as the page scrolls.
        let next = Layout { width, scroll_top: -rect.top(), viewport_height };
        if layout.get_untracked() != next {
            layout.set(next);
        }
    };

    let scroll_listener = window_event_listener(leptos::ev::scroll, move |_| measure());
    let resize_listener = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || {
        scroll_listener.remove();
        resize_listener.remove();
    });
    Effect::new(move |_| {
        if grid_ref.get().is_some() {
            request_animation_frame(measure);
        }
    });

    let count = Memo::new(move |_| people.with(Vec::len));
    let window_and_rows = Memo::new(move |_| layout.get().window(count.get()));

    // Requests the next page once the rendered rows approach the loaded end.
    Effect::new(move |_| {
        let Some((window, _)) = window_and_rows.get() else {
            return;
        };
        let near_end = window.items.end + window.columns * PREFETCH_ROWS >= count.get();
        // The page's signals can be gone for one run while the first page
        // is refetched, so they are read with `try_get`.
        let can_load = has_more.try_get().unwrap_or(false)
            && !loading.try_get().unwrap_or(true)
            && !failed.try_get().unwrap_or(true);
        if near_end && can_load {
            on_load_more.run(());
        }
    });

    let visible = Memo::new(move |_| {
        let Some((window, _)) = window_and_rows.get() else {
            return Vec::new();
        };
        people.with(|people| people.get(window.items.clone()).map(<[Person]>::to_vec).unwrap_or_default())
    });

    // Set through the CSSOM (`style:`), which a `style-src 'self'` content
    // security policy allows, unlike a `style` attribute.
    let sizes = move || window_and_rows.get().map(|(window, row_height)| (window.columns, row_height, window.top_spacer, window.bottom_spacer));
    let columns = move || sizes().map(|(columns, ..)| format!("repeat({columns}, minmax(0, 1fr))")).unwrap_or_default();
    let rows = move || sizes().map(|(_, row_height, ..)| format!("{row_height}px")).unwrap_or_default();
    let top = move || sizes().map(|(.., top, _)| format!("{top}px")).unwrap_or_default();
    let bottom = move || sizes().map(|(.., bottom)| format!("{bottom}px")).unwrap_or_default();

    view! {
        <div
            class="people-grid"
            data-testid="people-grid"
            node_ref=grid_ref
            style:grid-template-columns=columns
            style:grid-auto-rows=rows
            style:padding-top=top
            style:padding-bottom=bottom
        >
            <For
                each=move || visible.get()
                key=|person| (person.id.clone(), person.updated_at.clone(), person.is_hidden, person.is_favorite)
                children=move |person| view! { <PersonCard person select_mode selection/> }
            />
        </div>
    }
}

/// The grid's width and where the viewport is, relative to the grid's top.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Layout {
    width: f64,
    scroll_top: f64,
    viewport_height: f64,
}

impl Layout {
    /// Computes the rows to render and the row height, or `None` before the
    /// grid has been measured.
    fn window(self, item_count: usize) -> Option<(GridWindow, f64)> {
        if self.width <= 0.0 {
            return None;
        }
        let card_min_width = if self.width < PHONE_WIDTH { PHONE_CARD_MIN_WIDTH } else { CARD_MIN_WIDTH };
        let probe = GridMetrics { container_width: self.width, card_min_width, gap: GAP, row_height: 1.0 };
        let columns = column_count(&probe).ok()?;
        // Cards are as wide as a column and their crop is square.
        let card_width = (self.width - GAP * (columns as f64 - 1.0)) / columns as f64;
        let row_height = (card_width + META_HEIGHT).floor();
        let metrics = GridMetrics { row_height, ..probe };
        let viewport = Viewport { scroll_top: self.scroll_top, height: self.viewport_height };
        let window = compute_window(&metrics, &viewport, item_count, OVERSCAN_ROWS).ok()?;
        Some((window, row_height))
    }
}
