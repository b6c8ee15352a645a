//! Virtual scrolling for a responsive grid of cards: which items to render
//! for the current scroll position, and how tall the spacers around them are.
//!
//! All lengths are CSS pixels. Rows are `row_height` tall and separated by
//! `gap`; there is no gap before the first row or after the last one.

use std::ops::Range;

use thiserror::Error;

/// Grid measurements that cannot produce a layout.
#[derive(Debug, Clone, Copy, PartialEq, Error)]
pub enum WindowError {
    /// The minimum card width is zero, negative or not a number.
    #[error("card minimum width {0} px is invalid: it must be a positive number")]
    InvalidCardWidth(f64),
    /// The row height is zero, negative or not a number.
    #[error("row height {0} px is invalid: it must be a positive number")]
    InvalidRowHeight(f64),
    /// The gap is negative or not a number.
    #[error("gap {0} px is invalid: it must be zero or more")]
    InvalidGap(f64),
}

/// The grid's fixed measurements.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GridMetrics {
    /// Width of the grid's content box.
    pub container_width: f64,
    /// Smallest width a card may shrink to before a column is dropped.
    pub card_min_width: f64,
    /// Space between columns and between rows.
    pub gap: f64,
    /// Height of one row of cards, without the gap.
    pub row_height: f64,
}

/// The scroll container's current view.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// Distance scrolled from the top of the grid.
    pub scroll_top: f64,
    /// Visible height of the scroll container.
    pub height: f64,
}

/// The part of the grid to render.
#[derive(Debug, Clone, PartialEq)]
pub struct GridWindow {
    /// Number of columns at this container width, at least 1.
    pub columns: usize,
    /// Number of rows needed for every item.
    pub total_rows: usize,
    /// Indexes of the items to render, whole rows only.
    pub items: Range<usize>,
    /// Height of the empty block above the rendered rows, including the gap
    /// after the last row it replaces.
    pub top_spacer: f64,
    /// Height of the empty block below the rendered rows, including the gap
    /// before the first row it replaces.
    pub bottom_spacer: f64,
}

impl GridWindow {
    /// Returns the number of items to render.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Returns whether nothing is rendered.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

fn positive(value: f64) -> bool {
    value.is_finite() && value > 0.0
}

/// Number of columns that fit: as many cards of at least `card_min_width`
/// with `gap` between them as `container_width` holds, and at least one.
pub fn column_count(metrics: &GridMetrics) -> Result<usize, WindowError> {
    validate(metrics)?;
    if !positive(metrics.container_width) {
        return Ok(1);
    }

    // n cards need n × min + (n - 1) × gap, so n = ⌊(width + gap) / (min + gap)⌋.
    let fitting =
        ((metrics.container_width + metrics.gap) / (metrics.card_min_width + metrics.gap)).floor();
    // `fitting` is finite and non-negative here, so the cast only saturates
    // on absurd widths.
    Ok((fitting as usize).max(1))
}

fn validate(metrics: &GridMetrics) -> Result<(), WindowError> {
    if !positive(metrics.card_min_width) {
        return Err(WindowError::InvalidCardWidth(metrics.card_min_width));
    }
    if !positive(metrics.row_height) {
        return Err(WindowError::InvalidRowHeight(metrics.row_height));
    }
    if !(metrics.gap.is_finite() && metrics.gap >= 0.0) {
        return Err(WindowError::InvalidGap(metrics.gap));
    }
    Ok(())
}

/// Computes the maximum number of rows that a viewport of `viewport_height`
/// can show at once, partly cut rows included.
pub fn max_visible_rows(metrics: &GridMetrics, viewport_height: f64) -> Result<usize, WindowError> {
    validate(metrics)?;
    let pitch = metrics.row_height + metrics.gap;
    let height = if viewport_height.is_finite() {
        viewport_height.max(0.0)
    } else {
        0.0
    };
    Ok((height / pitch).ceil() as usize + 1)
}

/// Computes the window of items to render, with `overscan_rows` extra rows
/// above and below the visible ones so fast scrolling shows no blank rows.
///
/// A scroll position past the end (after the list shrank or the window grew
/// wider) is clamped to the last screenful, so the window is never empty
/// while there are items. Non-finite or negative scroll positions and
/// viewport heights count as zero.
pub fn compute_window(
    metrics: &GridMetrics,
    viewport: &Viewport,
    item_count: usize,
    overscan_rows: usize,
) -> Result<GridWindow, WindowError> {
    let columns = column_count(metrics)?;
    let total_rows = item_count.div_ceil(columns);
    if total_rows == 0 {
        return Ok(GridWindow {
            columns,
            total_rows,
            items: 0..0,
            top_spacer: 0.0,
            bottom_spacer: 0.0,
        });
    }

    let pitch = metrics.row_height + metrics.gap;
    let content_height = total_rows as f64 * pitch - metrics.gap;
    let viewport_height = non_negative(viewport.height);
    let max_scroll = (content_height - viewport_height).max(0.0);
    let scroll_top = non_negative(viewport.scroll_top).min(max_scroll);

    // A row is visible when any part of it lies in [scroll_top, scroll_top + height).
    let first_visible = ((scroll_top / pitch).floor() as usize).min(total_rows - 1);
    let visible_end = if viewport_height > 0.0 {
        ((scroll_top + viewport_height) / pitch).ceil() as usize
    } else {
        first_visible + 1
    };
    let visible_end = visible_end.clamp(first_visible + 1, total_rows);

    let first_row = first_visible.saturating_sub(overscan_rows);
    let end_row = visible_end.saturating_add(overscan_rows).min(total_rows);

    Ok(GridWindow {
        columns,
        total_rows,
        items: first_row * columns..(end_row * columns).min(item_count),
        top_spacer: first_row as f64 * pitch,
        bottom_spacer: (total_rows - end_row) as f64 * pitch,
    })
}

fn non_negative(value: f64) -> f64 {
    if value.is_finite() {
        value.max(0.0)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 4 columns of 200 px min with 10 px gaps fit in 830 px; rows are 250 px.
    const METRICS: GridMetrics = GridMetrics {
        container_width: 830.0,
        card_min_width: 200.0,
        gap: 10.0,
        row_height: 250.0,
    };
    const PITCH: f64 = 260.0;

    fn view(scroll_top: f64, height: f64) -> Viewport {
        Viewport { scroll_top, height }
    }

    fn rendered_height(window: &GridWindow, metrics: &GridMetrics) -> f64 {
        let rows = window.len().div_ceil(window.columns) as f64;
        rows * metrics.row_height + (rows - 1.0).max(0.0) * metrics.gap
    }

    #[test]
    fn columns_fit_width() {
        assert_eq!(column_count(&METRICS), Ok(4));
        assert_eq!(
            column_count(&GridMetrics {
                container_width: 829.9,
                ..METRICS
            }),
            Ok(3)
        );
        assert_eq!(
            column_count(&GridMetrics {
                container_width: 200.0,
                ..METRICS
            }),
            Ok(1)
        );
    }

    #[test]
    fn narrow_container_keeps_one_column() {
        assert_eq!(
            column_count(&GridMetrics {
                container_width: 50.0,
                ..METRICS
            }),
            Ok(1)
        );
        assert_eq!(
            column_count(&GridMetrics {
                container_width: 0.0,
                ..METRICS
            }),
            Ok(1)
        );
        assert_eq!(
            column_count(&GridMetrics {
                container_width: f64::NAN,
                ..METRICS
            }),
            Ok(1)
        );
    }

    #[test]
    fn invalid_metrics_are_rejected() {
        assert_eq!(
            column_count(&GridMetrics {
                card_min_width: 0.0,
                ..METRICS
            }),
            Err(WindowError::InvalidCardWidth(0.0))
        );
        assert_eq!(
            compute_window(
                &GridMetrics {
                    row_height: -1.0,
                    ..METRICS
                },
                &view(0.0, 500.0),
                10,
                1
            ),
            Err(WindowError::InvalidRowHeight(-1.0))
        );
        assert!(matches!(
            compute_window(
                &GridMetrics {
                    gap: f64::NAN,
                    ..METRICS
                },
                &view(0.0, 500.0),
                10,
                1
            ),
            Err(WindowError::InvalidGap(_))
        ));
    }

    #[test]
    fn empty_list_renders_nothing() {
        let window = compute_window(&METRICS, &view(1000.0, 600.0), 0, 2).unwrap();
        assert!(window.is_empty());
        assert_eq!(window.total_rows, 0);
        assert_eq!(window.top_spacer, 0.0);
        assert_eq!(window.bottom_spacer, 0.0);
    }

    #[test]
    fn single_partial_row() {
        let window = compute_window(&METRICS, &view(0.0, 600.0), 3, 2).unwrap();
        assert_eq!(window.items, 0..3);
        assert_eq!(window.total_rows, 1);
        assert_eq!(window.top_spacer, 0.0);
        assert_eq!(window.bottom_spacer, 0.0);
    }

    #[test]
    fn top_of_long_list() {
        // 600 px show rows 0–2 (the third cut), overscan adds rows 3–4.
        let window = compute_window(&METRICS, &view(0.0, 600.0), 1000, 2).unwrap();
        assert_eq!(window.items, 0..20);
        assert_eq!(window.top_spacer, 0.0);
        assert_eq!(window.bottom_spacer, (250 - 5) as f64 * PITCH);
    }

    #[test]
    fn middle_of_long_list() {
        // Scrolled to row 10 plus 100 px, the view ends at 3300 px, inside
        // row 12 (3120–3370 px), so rows 10–12 are visible.
        let window = compute_window(&METRICS, &view(10.0 * PITCH + 100.0, 600.0), 1000, 1).unwrap();
        assert_eq!(window.items, 9 * 4..14 * 4);
        assert_eq!(window.top_spacer, 9.0 * PITCH);
        assert_eq!(window.bottom_spacer, (250 - 14) as f64 * PITCH);
    }

    #[test]
    fn spacers_and_rows_fill_content() {
        let item_count = 1001;
        let total_rows = 251.0;
        let content = total_rows * PITCH - METRICS.gap;
        for scroll_top in [0.0, 123.0, 5000.0, 60_000.0, 1e9] {
            let window = compute_window(&METRICS, &view(scroll_top, 700.0), item_count, 3).unwrap();
            let sum = window.top_spacer + rendered_height(&window, &METRICS) + window.bottom_spacer;
            assert!(
                (sum - content).abs() < 1e-6,
                "scroll {scroll_top}: {sum} != {content}"
            );
        }
    }

    #[test]
    fn scrolled_to_end_shows_last_item() {
        let window = compute_window(&METRICS, &view(1e9, 600.0), 1001, 1).unwrap();
        assert_eq!(window.items.end, 1001);
        assert_eq!(window.bottom_spacer, 0.0);
        assert!(!window.is_empty());
    }

    #[test]
    fn exact_end_scroll_position() {
        let item_count = 40;
        let content = 10.0 * PITCH - METRICS.gap;
        let window =
            compute_window(&METRICS, &view(content - 600.0, 600.0), item_count, 0).unwrap();
        assert_eq!(window.items.end, item_count);
        assert_eq!(window.bottom_spacer, 0.0);
    }

    #[test]
    fn shrunk_list_clamps_scroll() {
        // The list had 1000 items and was scrolled far down, then dropped to 8.
        let window = compute_window(&METRICS, &view(50_000.0, 600.0), 8, 1).unwrap();
        assert_eq!(window.items, 0..8);
        assert_eq!(window.top_spacer, 0.0);
    }

    #[test]
    fn resize_changes_columns_and_window() {
        let wide = compute_window(&METRICS, &view(2600.0, 600.0), 1000, 0).unwrap();
        let narrow = compute_window(
            &GridMetrics {
                container_width: 410.0,
                ..METRICS
            },
            &view(2600.0, 600.0),
            1000,
            0,
        )
        .unwrap();
        assert_eq!(wide.columns, 4);
        assert_eq!(narrow.columns, 2);
        assert_eq!(wide.items.start, 40);
        assert_eq!(narrow.items.start, 20);
        assert_eq!(narrow.total_rows, 500);
    }

    #[test]
    fn overscan_stops_at_bounds() {
        let window = compute_window(&METRICS, &view(PITCH, 300.0), 100, 10).unwrap();
        assert_eq!(window.items.start, 0);
        assert_eq!(window.top_spacer, 0.0);

        let window = compute_window(&METRICS, &view(1e9, 300.0), 100, 10).unwrap();
        assert_eq!(window.items.end, 100);
        assert_eq!(window.bottom_spacer, 0.0);

        let window = compute_window(&METRICS, &view(0.0, 600.0), 100, usize::MAX).unwrap();
        assert_eq!(window.items, 0..100);
    }

    #[test]
    fn window_size_is_bounded() {
        let overscan = 2;
        for height in [0.0, 1.0, 259.0, 260.0, 261.0, 600.0, 1234.5] {
            let bound = (max_visible_rows(&METRICS, height).unwrap() + 2 * overscan) * 4;
            for step in 0..400 {
                let scroll_top = f64::from(step) * 37.3;
                let window =
                    compute_window(&METRICS, &view(scroll_top, height), 1000, overscan).unwrap();
                assert!(
                    window.len() <= bound,
                    "height {height}, scroll {scroll_top}: {} > {bound}",
                    window.len()
                );
                assert!(!window.is_empty(), "height {height}, scroll {scroll_top}");
            }
        }
    }

    #[test]
    fn visible_rows_are_always_rendered() {
        for step in 0..200 {
            let scroll_top = f64::from(step) * 91.7;
            let window = compute_window(&METRICS, &view(scroll_top, 500.0), 1000, 0).unwrap();
            let first_visible_item = (scroll_top / PITCH).floor() as usize * 4;
            let last_visible_item =
                (((scroll_top + 500.0) / PITCH).ceil() as usize * 4).min(1000) - 1;
            assert!(
                window.items.contains(&first_visible_item),
                "scroll {scroll_top}"
            );
            assert!(
                window.items.contains(&last_visible_item),
                "scroll {scroll_top}"
            );
        }
    }

    #[test]
    fn bad_viewport_counts_as_zero() {
        let window = compute_window(&METRICS, &view(f64::NAN, f64::INFINITY), 100, 0).unwrap();
        assert_eq!(window.items, 0..4);
        let window = compute_window(&METRICS, &view(-500.0, 600.0), 100, 0).unwrap();
        assert_eq!(window.items.start, 0);
    }
}
