//! Where a picture and its face boxes should appear on screen.
//!
//! The browser reports the image element's box; the picture inside it may be
//! smaller (letterboxed by `object-fit: contain`) or larger (`cover`), so the
//! expected face rectangles are computed from the drawn picture, not from the
//! element.

use gumnut_types::BoundingBox;
use serde::Deserialize;

use crate::E2eError;

/// A rectangle in CSS pixels, as `getBoundingClientRect` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    /// The largest distance between matching edges of `self` and `other`.
    pub fn max_edge_distance(&self, other: &Rect) -> f64 {
        let edges = |rect: &Rect| [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height];
        edges(self)
            .into_iter()
            .zip(edges(other))
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max)
    }
}

/// Per-side lengths in CSS pixels: top, right, bottom, left.
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize)]
pub struct Sides {
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
    pub left: f64,
}

/// Everything needed to find where an `<img>` draws its picture.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ImageLayout {
    /// The element's border box.
    pub rect: Rect,
    pub padding: Sides,
    pub border: Sides,
    pub natural_width: f64,
    pub natural_height: f64,
    /// Computed `object-fit`, e.g. `contain`.
    pub object_fit: String,
    /// Computed `object-position`, e.g. `50% 50%`.
    pub object_position: String,
}

impl ImageLayout {
    /// The element's content box: the border box less border and padding.
    pub fn content_box(&self) -> Rect {
        let left = self.border.left + self.padding.left;
        let top = self.border.top + self.padding.top;
        let right = self.border.right + self.padding.right;
        let bottom = self.border.bottom + self.padding.bottom;
        Rect {
            x: self.rect.x + left,
            y: self.rect.y + top,
            width: self.rect.width - left - right,
            height: self.rect.height - top - bottom,
        }
    }

    /// The rectangle the picture is drawn into, following `object-fit` and
    /// `object-position` as CSS Images 3 defines them.
    pub fn drawn_picture(&self) -> Result<Rect, E2eError> {
        let content = self.content_box();
        if self.natural_width <= 0.0 || self.natural_height <= 0.0 {
            return Err(E2eError::Unexpected(format!(
                "the image has no natural size ({}×{}); it has not loaded",
                self.natural_width, self.natural_height
            )));
        }

        let contain = f64::min(
            content.width / self.natural_width,
            content.height / self.natural_height,
        );
        let cover = f64::max(
            content.width / self.natural_width,
            content.height / self.natural_height,
        );
        let scale = match self.object_fit.as_str() {
            "fill" => return Ok(content),
            "contain" => contain,
            "cover" => cover,
            "none" => 1.0,
            "scale-down" => f64::min(contain, 1.0),
            other => {
                return Err(E2eError::Unexpected(format!(
                    "unsupported object-fit value {other:?}"
                )));
            }
        };

        let width = self.natural_width * scale;
        let height = self.natural_height * scale;
        let (offset_x, offset_y) = object_position_offsets(
            &self.object_position,
            content.width - width,
            content.height - height,
        )?;
        Ok(Rect {
            x: content.x + offset_x,
            y: content.y + offset_y,
            width,
            height,
        })
    }
}

/// Where a face box should appear on a picture drawn at `picture`, given the
/// asset's display-space size.
pub fn expected_face_rect(
    picture: &Rect,
    asset_width: u32,
    asset_height: u32,
    bounding_box: &BoundingBox,
) -> Rect {
    let scale_x = picture.width / f64::from(asset_width);
    let scale_y = picture.height / f64::from(asset_height);
    Rect {
        x: picture.x + bounding_box.x as f64 * scale_x,
        y: picture.y + bounding_box.y as f64 * scale_y,
        width: bounding_box.w as f64 * scale_x,
        height: bounding_box.h as f64 * scale_y,
    }
}

/// Offsets of the picture inside the content box for a computed
/// `object-position` of two lengths or percentages (`50% 50%`, `0px 10px`).
/// A percentage places that fraction of the free space before the picture.
fn object_position_offsets(
    position: &str,
    free_x: f64,
    free_y: f64,
) -> Result<(f64, f64), E2eError> {
    let tokens: Vec<&str> = position.split_whitespace().collect();
    let [x, y] = tokens.as_slice() else {
        return Err(E2eError::Unexpected(format!(
            "unsupported object-position value {position:?}"
        )));
    };
    Ok((
        position_offset(x, free_x, position)?,
        position_offset(y, free_y, position)?,
    ))
}

fn position_offset(token: &str, free: f64, position: &str) -> Result<f64, E2eError> {
    let unsupported =
        || E2eError::Unexpected(format!("unsupported object-position value {position:?}"));
    if let Some(percent) = token.strip_suffix('%') {
        let percent: f64 = percent.parse().map_err(|_| unsupported())?;
        return Ok(free * percent / 100.0);
    }
    if let Some(pixels) = token.strip_suffix("px") {
        return pixels.parse().map_err(|_| unsupported());
    }
    Err(unsupported())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(width: f64, height: f64, fit: &str) -> ImageLayout {
        ImageLayout {
            rect: Rect {
                x: 10.0,
                y: 20.0,
                width,
                height,
            },
            padding: Sides::default(),
            border: Sides::default(),
            natural_width: 800.0,
            natural_height: 600.0,
            object_fit: fit.to_owned(),
            object_position: "50% 50%".to_owned(),
        }
    }

    #[test]
    fn contain_letterboxes_wide_element() {
        let picture = layout(1000.0, 300.0, "contain").drawn_picture().unwrap();
        assert_eq!(
            picture,
            Rect {
                x: 310.0,
                y: 20.0,
                width: 400.0,
                height: 300.0
            }
        );
    }

    #[test]
    fn fill_uses_content_box() {
        let mut image = layout(1000.0, 300.0, "fill");
        image.padding = Sides {
            top: 1.0,
            right: 2.0,
            bottom: 3.0,
            left: 4.0,
        };
        image.border = Sides {
            top: 1.0,
            right: 1.0,
            bottom: 1.0,
            left: 1.0,
        };
        let picture = image.drawn_picture().unwrap();
        assert_eq!(
            picture,
            Rect {
                x: 15.0,
                y: 22.0,
                width: 992.0,
                height: 294.0
            }
        );
    }

    #[test]
    fn cover_overflows_and_centres() {
        let picture = layout(400.0, 400.0, "cover").drawn_picture().unwrap();
        let expected_width = 800.0 * 400.0 / 600.0;
        assert!((picture.width - expected_width).abs() < 1e-9);
        assert!((picture.x - (10.0 + (400.0 - expected_width) / 2.0)).abs() < 1e-9);
        assert_eq!(picture.height, 400.0);
    }

    #[test]
    fn pixel_object_position_is_an_offset() {
        let mut image = layout(1000.0, 300.0, "contain");
        image.object_position = "0px 0px".to_owned();
        let picture = image.drawn_picture().unwrap();
        assert_eq!(picture.x, 10.0);
    }

    #[test]
    fn unloaded_image_is_an_error() {
        let mut image = layout(100.0, 100.0, "contain");
        image.natural_width = 0.0;
        assert!(image.drawn_picture().is_err());
    }

    #[test]
    fn face_rect_scales_by_asset_size() {
        let picture = Rect {
            x: 100.0,
            y: 50.0,
            width: 400.0,
            height: 300.0,
        };
        let face = BoundingBox {
            x: 200,
            y: 150,
            w: 80,
            h: 60,
        };
        let rect = expected_face_rect(&picture, 800, 600, &face);
        assert_eq!(
            rect,
            Rect {
                x: 200.0,
                y: 125.0,
                width: 40.0,
                height: 30.0
            }
        );
    }

    #[test]
    fn edge_distance_takes_the_worst_edge() {
        let a = Rect {
            x: 0.0,
            y: 0.0,
            width: 10.0,
            height: 10.0,
        };
        let b = Rect {
            x: 0.5,
            y: 0.0,
            width: 11.0,
            height: 10.0,
        };
        assert_eq!(a.max_edge_distance(&b), 1.5);
    }
}
