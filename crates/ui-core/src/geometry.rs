//! Face-box geometry: placing stored boxes over a rendered image, and turning
//! a box drawn on screen into the asset's display-space pixels.
//!
//! Boxes are integer pixels in the asset's display space (EXIF orientation
//! already applied, the same frame as the asset's `width`/`height`). Every
//! image variant is delivered already rotated, so no step here swaps axes.

use gumnut_types::BoundingBox;
use thiserror::Error;

/// Smallest side, in display-space pixels, that a drawn face box may have.
pub const MIN_FACE_SIDE: u32 = 8;

/// The asset's known display-space size; both sides are at least 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisplaySize {
    pub width: u32,
    pub height: u32,
}

impl DisplaySize {
    /// Returns the size, or `None` when either side is missing or 0, which
    /// the API uses for "unknown".
    pub fn known(width: Option<u32>, height: Option<u32>) -> Option<Self> {
        match (width, height) {
            (Some(width), Some(height)) if width > 0 && height > 0 => Some(Self { width, height }),
            _ => None,
        }
    }

    /// Formats the SVG `viewBox` that makes one user unit one display-space pixel.
    pub fn view_box(self) -> String {
        format!("0 0 {} {}", self.width, self.height)
    }

    /// Formats the CSS `aspect-ratio` value, `width / height`.
    pub fn aspect_ratio(self) -> String {
        format!("{} / {}", self.width, self.height)
    }
}

/// A rectangle in rendered CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    /// Builds a rectangle from two corner points given in any order, as a
    /// pointer drag produces them.
    pub fn from_corners(start: (f64, f64), end: (f64, f64)) -> Self {
        Self {
            x: start.0.min(end.0),
            y: start.1.min(end.1),
            width: (end.0 - start.0).abs(),
            height: (end.1 - start.1).abs(),
        }
    }
}

/// A face box as percentages of the asset's size, for CSS placement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoxPercent {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

/// Places `bounding_box` as percentages of `size`.
pub fn box_percent(bounding_box: BoundingBox, size: DisplaySize) -> BoxPercent {
    let width = f64::from(size.width);
    let height = f64::from(size.height);
    BoxPercent {
        left: bounding_box.x as f64 * 100.0 / width,
        top: bounding_box.y as f64 * 100.0 / height,
        width: bounding_box.w as f64 * 100.0 / width,
        height: bounding_box.h as f64 * 100.0 / height,
    }
}

/// Computes where the image content sits inside its container under
/// `object-fit: contain`. It is scaled to fit, centred, and letterboxed on
/// one axis.
pub fn contain_rect(container_width: f64, container_height: f64, size: DisplaySize) -> Rect {
    let image_width = f64::from(size.width);
    let image_height = f64::from(size.height);
    let scale = (container_width / image_width).min(container_height / image_height);
    let width = image_width * scale;
    let height = image_height * scale;
    Rect { x: (container_width - width) / 2.0, y: (container_height - height) / 2.0, width, height }
}

/// Alias that names what a [`Rect`] means when it locates the image content.
pub type ContentRect = Rect;

/// Reason a drawn box cannot become a face box.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DrawError {
    /// The asset reports no usable width or height.
    #[error("this photo's size is unknown, so a face box cannot be placed on it")]
    UnknownSize,
    /// The image has no rendered area to map from (not loaded or hidden).
    #[error("the photo is not shown yet, so the drawn box cannot be measured")]
    NotRendered,
    /// A coordinate was NaN or infinite.
    #[error("the drawn box has an invalid coordinate")]
    NonFinite,
    /// After clamping to the photo the box is smaller than the minimum.
    #[error("the box is {width}×{height} px; draw at least {min}×{min} px on the photo")]
    TooSmall { width: u32, height: u32, min: u32 },
}

/// The mapping between rendered CSS pixels and display-space pixels for one
/// shown image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DrawingFrame {
    size: DisplaySize,
    content: ContentRect,
}

impl DrawingFrame {
    /// Creates a frame for an asset of `width`×`height` whose content is
    /// rendered at `content`. `content` is in the CSS pixel space of the drawn
    /// boxes and includes any zoom or pan. Fails when the size is unknown or
    /// nothing is rendered.
    pub fn new(width: Option<u32>, height: Option<u32>, content: ContentRect) -> Result<Self, DrawError> {
        let size = DisplaySize::known(width, height).ok_or(DrawError::UnknownSize)?;
        let finite = [content.x, content.y, content.width, content.height].iter().all(|value| value.is_finite());
        if !finite || content.width <= 0.0 || content.height <= 0.0 {
            return Err(DrawError::NotRendered);
        }
        Ok(Self { size, content })
    }

    /// Returns the asset's display-space size.
    pub fn size(self) -> DisplaySize {
        self.size
    }

    /// Converts a drawn rectangle to display-space pixels: each corner is
    /// scaled, rounded and clamped to the photo, and only then are `w`/`h`
    /// derived, so a box flush with an edge never ends 1 px past it.
    pub fn to_bounding_box(self, drawn: Rect, min_side: u32) -> Result<BoundingBox, DrawError> {
        let finite = [drawn.x, drawn.y, drawn.width, drawn.height].iter().all(|value| value.is_finite());
        if !finite {
            return Err(DrawError::NonFinite);
        }
        let drawn = Rect::from_corners((drawn.x, drawn.y), (drawn.x + drawn.width, drawn.y + drawn.height));

        let left = self.to_pixel_x(drawn.x);
        let right = self.to_pixel_x(drawn.x + drawn.width);
        let top = self.to_pixel_y(drawn.y);
        let bottom = self.to_pixel_y(drawn.y + drawn.height);

        let width = right - left;
        let height = bottom - top;
        if width < i64::from(min_side) || height < i64::from(min_side) {
            return Err(DrawError::TooSmall {
                width: u32::try_from(width).unwrap_or(0),
                height: u32::try_from(height).unwrap_or(0),
                min: min_side,
            });
        }
        Ok(BoundingBox { x: left, y: top, w: width, h: height })
    }

    /// Places a stored box in rendered CSS pixels, for previews drawn over
    /// the image.
    pub fn to_rendered(self, bounding_box: BoundingBox) -> Rect {
        let scale_x = self.content.width / f64::from(self.size.width);
        let scale_y = self.content.height / f64::from(self.size.height);
        Rect {
            x: self.content.x + bounding_box.x as f64 * scale_x,
            y: self.content.y + bounding_box.y as f64 * scale_y,
            width: bounding_box.w as f64 * scale_x,
            height: bounding_box.h as f64 * scale_y,
        }
    }

    fn to_pixel_x(self, css_x: f64) -> i64 {
        let width = f64::from(self.size.width);
        let pixel = ((css_x - self.content.x) * width / self.content.width).round();
        pixel.clamp(0.0, width) as i64
    }

    fn to_pixel_y(self, css_y: f64) -> i64 {
        let height = f64::from(self.size.height);
        let pixel = ((css_y - self.content.y) * height / self.content.height).round();
        pixel.clamp(0.0, height) as i64
    }
}

/// Creates the box a keyboard user starts from: a square a fifth of the
/// photo's shorter side, centred.
pub fn default_face_box(size: DisplaySize) -> BoundingBox {
    let side = i64::from((size.width.min(size.height) / 5).max(MIN_FACE_SIDE).min(size.width.min(size.height)));
    BoundingBox {
        x: (i64::from(size.width) - side) / 2,
        y: (i64::from(size.height) - side) / 2,
        w: side,
        h: side,
    }
}

/// Moves a box by `dx`, `dy` pixels, or with `resize` grows its width and
/// height by them instead, keeping it inside the photo and at least
/// [`MIN_FACE_SIDE`] on each side.
pub fn nudge_box(bounding_box: BoundingBox, size: DisplaySize, dx: i64, dy: i64, resize: bool) -> BoundingBox {
    let width = i64::from(size.width);
    let height = i64::from(size.height);
    let min_side = i64::from(MIN_FACE_SIDE).min(width).min(height);
    if resize {
        let w = (bounding_box.w + dx).clamp(min_side, width - bounding_box.x);
        let h = (bounding_box.h + dy).clamp(min_side, height - bounding_box.y);
        return BoundingBox { w, h, ..bounding_box };
    }
    let x = (bounding_box.x + dx).clamp(0, width - bounding_box.w);
    let y = (bounding_box.y + dy).clamp(0, height - bounding_box.h);
    BoundingBox { x, y, ..bounding_box }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(width: u32, height: u32) -> DisplaySize {
        DisplaySize { width, height }
    }

    fn frame(width: u32, height: u32, content: Rect) -> DrawingFrame {
        match DrawingFrame::new(Some(width), Some(height), content) {
            Ok(frame) => frame,
            Err(error) => panic!("frame {width}x{height}: {error}"),
        }
    }

    fn bbox(x: i64, y: i64, w: i64, h: i64) -> BoundingBox {
        BoundingBox { x, y, w, h }
    }

    fn rect(x: f64, y: f64, width: f64, height: f64) -> Rect {
        Rect { x, y, width, height }
    }

    fn close(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() < 0.01
    }

    #[test]
    fn default_box_is_centred_square() {
        let face = default_face_box(size(800, 600));
        assert_eq!(face, bbox(340, 240, 120, 120));
        assert!(face.fits_within(800, 600));
    }

    #[test]
    fn nudge_keeps_box_inside() {
        let face = bbox(700, 500, 100, 100);
        assert_eq!(nudge_box(face, size(800, 600), 5, 5, false), face);
        assert_eq!(nudge_box(face, size(800, 600), -5, 0, false), bbox(695, 500, 100, 100));
        assert_eq!(nudge_box(bbox(0, 0, 10, 10), size(800, 600), -3, -3, false), bbox(0, 0, 10, 10));
    }

    #[test]
    fn nudge_resize_respects_edges_and_minimum() {
        let face = bbox(700, 500, 90, 90);
        assert_eq!(nudge_box(face, size(800, 600), 20, 20, true), bbox(700, 500, 100, 100));
        assert_eq!(nudge_box(face, size(800, 600), -200, -200, true), bbox(700, 500, 8, 8));
    }

    #[test]
    fn unknown_size_is_none() {
        assert_eq!(DisplaySize::known(None, Some(10)), None);
        assert_eq!(DisplaySize::known(Some(0), Some(10)), None);
        assert_eq!(DisplaySize::known(Some(10), Some(0)), None);
        assert_eq!(DisplaySize::known(Some(4), Some(3)), Some(size(4, 3)));
    }

    #[test]
    fn unknown_size_rejects_drawing() {
        let content = rect(0.0, 0.0, 100.0, 100.0);
        assert_eq!(DrawingFrame::new(None, None, content), Err(DrawError::UnknownSize));
        assert_eq!(DrawingFrame::new(Some(0), Some(300), content), Err(DrawError::UnknownSize));
    }

    #[test]
    fn unrendered_image_rejects_drawing() {
        let empty = rect(0.0, 0.0, 0.0, 0.0);
        assert_eq!(DrawingFrame::new(Some(10), Some(10), empty), Err(DrawError::NotRendered));
    }

    #[test]
    fn view_box_and_aspect_ratio() {
        assert_eq!(size(3024, 4032).view_box(), "0 0 3024 4032");
        assert_eq!(size(3024, 4032).aspect_ratio(), "3024 / 4032");
    }

    #[test]
    fn percentages_of_portrait_example() {
        let percent = box_percent(bbox(1000, 1500, 400, 500), size(3024, 4032));
        assert!(close(percent.left, 33.07), "left {}", percent.left);
        assert!(close(percent.top, 37.20), "top {}", percent.top);
        assert!(close(percent.width, 13.23), "width {}", percent.width);
        assert!(close(percent.height, 12.40), "height {}", percent.height);
    }

    #[test]
    fn contain_letterboxes_portrait_in_landscape() {
        let content = contain_rect(1280.0, 900.0, size(3024, 4032));
        assert!(close(content.height, 900.0));
        assert!(close(content.width, 675.0));
        assert!(close(content.x, 302.5));
        assert!(close(content.y, 0.0));
    }

    #[test]
    fn contain_letterboxes_panorama_vertically() {
        let content = contain_rect(400.0, 400.0, size(12000, 2000));
        assert!(close(content.width, 400.0));
        assert!(close(content.height, 400.0 / 6.0));
        assert!(close(content.y, (400.0 - 400.0 / 6.0) / 2.0));
    }

    #[test]
    fn edge_flush_box_stays_inside() {
        // 1000 px shown at 333 CSS px: the far corner lands on 1000 exactly
        // only because corners are rounded, not widths.
        let frame = frame(1000, 750, rect(0.0, 0.0, 333.0, 249.75));
        let drawn = rect(233.1, 149.85, 99.9, 99.9);
        let result = frame.to_bounding_box(drawn, MIN_FACE_SIDE);
        assert_eq!(result, Ok(bbox(700, 450, 300, 300)));
        if let Ok(face) = result {
            assert!(face.fits_within(1000, 750));
        }
    }

    #[test]
    fn rounding_widths_alone_would_overflow() {
        // Rounding x (600.5) and w (399.5) separately gives 601 + 400 = 1001,
        // one pixel past the edge; rounding the corners gives 601..1000.
        let frame = frame(1000, 1000, rect(0.0, 0.0, 1000.0, 1000.0));
        let result = frame.to_bounding_box(rect(600.5, 0.0, 399.5, 100.0), MIN_FACE_SIDE);
        assert_eq!(result, Ok(bbox(601, 0, 399, 100)));
    }

    #[test]
    fn drag_past_edges_is_clamped() {
        let frame = frame(800, 600, rect(0.0, 0.0, 400.0, 300.0));
        let drawn = Rect::from_corners((350.0, 250.0), (520.0, 410.0));
        assert_eq!(frame.to_bounding_box(drawn, MIN_FACE_SIDE), Ok(bbox(700, 500, 100, 100)));

        let from_top_left = Rect::from_corners((50.0, 40.0), (-30.0, -20.0));
        assert_eq!(frame.to_bounding_box(from_top_left, MIN_FACE_SIDE), Ok(bbox(0, 0, 100, 80)));
    }

    #[test]
    fn tiny_box_is_rejected() {
        let frame = frame(4000, 3000, rect(0.0, 0.0, 400.0, 300.0));
        let result = frame.to_bounding_box(rect(10.0, 10.0, 0.5, 30.0), MIN_FACE_SIDE);
        assert_eq!(result, Err(DrawError::TooSmall { width: 5, height: 300, min: MIN_FACE_SIDE }));
    }

    #[test]
    fn box_outside_the_photo_is_rejected() {
        // Drawn entirely in the letterbox band left of the content.
        let frame = frame(3024, 4032, contain_rect(1280.0, 900.0, size(3024, 4032)));
        let result = frame.to_bounding_box(rect(10.0, 100.0, 200.0, 200.0), MIN_FACE_SIDE);
        assert!(matches!(result, Err(DrawError::TooSmall { width: 0, .. })), "{result:?}");
    }

    #[test]
    fn non_finite_coordinates_are_rejected() {
        let frame = frame(100, 100, rect(0.0, 0.0, 100.0, 100.0));
        let result = frame.to_bounding_box(rect(f64::NAN, 0.0, 10.0, 10.0), MIN_FACE_SIDE);
        assert_eq!(result, Err(DrawError::NonFinite));
    }

    #[test]
    fn huge_asset_scales_up() {
        let frame = frame(50_000, 40_000, rect(0.0, 0.0, 500.0, 400.0));
        let result = frame.to_bounding_box(rect(100.0, 100.0, 50.0, 40.0), MIN_FACE_SIDE);
        assert_eq!(result, Ok(bbox(10_000, 10_000, 5_000, 4_000)));
    }

    #[test]
    fn panoramic_asset_in_letterbox() {
        let size = size(12_000, 2_000);
        let content = contain_rect(600.0, 600.0, size);
        let frame = frame(12_000, 2_000, content);
        // The panorama shows as 600×100 starting at y = 250; its right half
        // bottom edge flush.
        let drawn = rect(300.0, 250.0 + 50.0, 300.0, 50.0);
        assert_eq!(frame.to_bounding_box(drawn, MIN_FACE_SIDE), Ok(bbox(6_000, 1_000, 6_000, 1_000)));
    }

    #[test]
    fn rotated_portrait_uses_display_axes() {
        // An orientation-6 photo with raw 4032×3024 reports 3024×4032; the
        // shown variant is already rotated, so x maps to the 3024 side.
        let size = size(3024, 4032);
        let content = contain_rect(1280.0, 900.0, size);
        let frame = frame(3024, 4032, content);
        let expected = bbox(1000, 1500, 400, 500);

        let shown = frame.to_rendered(expected);
        assert!(shown.x > content.x);
        assert!(shown.x + shown.width < content.x + content.width);
        assert_eq!(frame.to_bounding_box(shown, MIN_FACE_SIDE), Ok(expected));
    }

    #[test]
    fn letterboxed_display_subtracts_offset() {
        let size = size(1600, 900);
        let content = contain_rect(800.0, 800.0, size);
        let frame = frame(1600, 900, content);
        // Content is 800×450 at y = 175.
        let drawn = rect(400.0, 175.0 + 225.0, 100.0, 50.0);
        assert_eq!(frame.to_bounding_box(drawn, MIN_FACE_SIDE), Ok(bbox(800, 450, 200, 100)));
    }

    #[test]
    fn zoomed_and_panned_display() {
        // An 800×600 photo zoomed 2× in a 400×300 viewport, panned so the
        // viewport shows the photo's centre: content spans -200..600 CSS px.
        let frame = frame(800, 600, rect(-200.0, -150.0, 800.0, 600.0));
        let drawn = rect(0.0, 0.0, 100.0, 50.0);
        assert_eq!(frame.to_bounding_box(drawn, MIN_FACE_SIDE), Ok(bbox(200, 150, 100, 50)));

        let past_viewport = rect(-400.0, -400.0, 500.0, 500.0);
        assert_eq!(frame.to_bounding_box(past_viewport, MIN_FACE_SIDE), Ok(bbox(0, 0, 300, 250)));
    }

    #[test]
    fn scaled_down_display_round_trips_existing_boxes() {
        let frame = frame(4000, 3000, rect(12.0, 7.0, 240.0, 180.0));
        for face in [bbox(0, 0, 4000, 3000), bbox(1234, 567, 890, 1000), bbox(3900, 2900, 100, 100)] {
            let shown = frame.to_rendered(face);
            let back = frame.to_bounding_box(shown, MIN_FACE_SIDE);
            assert_eq!(back, Ok(face));
        }
    }
}
