//! Page checks shared by several tests.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use gumnut_e2e::geometry::{ImageLayout, Rect, expected_face_rect};
use gumnut_e2e::{App, E2eError};
use gumnut_types::Asset;
use serde::Deserialize;
use serde_json::Value;

/// Selector of every face box drawn over the asset page's photo.
pub const FACE_BOX: &str = ".face-overlay [data-face-id]";

/// Face boxes and the picture are compared to within this many CSS pixels,
/// which allows for rounding to device pixels but not for a misplaced box.
const BOX_TOLERANCE_PX: f64 = 1.0;

/// A grid counts as settled once its card count stays the same this long.
const SETTLE_TIME: Duration = Duration::from_secs(1);

/// Returns the `<img>` of the asset page: the element tagged `asset-image`
/// or the image inside it.
const FIND_ASSET_IMAGE: &str = "
    const tagged = document.querySelector('[data-testid=\"asset-image\"]');
    const image = tagged && (tagged.tagName === 'IMG' ? tagged : tagged.querySelector('img'));
";

/// A face box as drawn on the page.
#[derive(Debug, Clone, Deserialize)]
pub struct DrawnFaceBox {
    pub id: String,
    pub rect: Rect,
    pub active: bool,
}

/// Every `data-<attribute>` value of the elements matching `selector`, in
/// document order.
pub async fn data_ids(app: &App, selector: &str, attribute: &str) -> Result<Vec<String>, E2eError> {
    app.script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.getAttribute(arguments[1]));",
        vec![Value::from(selector), Value::from(attribute)],
    )
    .await
}

/// Waits until at least one element matches `selector` and the number of
/// matches has stopped changing, then returns that number.
pub async fn wait_for_settled_count(app: &App, selector: &str) -> Result<usize, E2eError> {
    app.wait_for(selector).await?;

    let mut count = app.find_all(selector).await?.len();
    let mut unchanged_since = Instant::now();
    while unchanged_since.elapsed() < SETTLE_TIME {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let now = app.find_all(selector).await?.len();
        if now != count {
            count = now;
            unchanged_since = Instant::now();
        }
    }
    Ok(count)
}

/// Scrolls each `<img>` inside the elements matching `selector` into view and
/// waits until it has loaded a picture (`naturalWidth > 0`), so lazily loaded
/// images count too. Fails when an element has no image.
pub async fn wait_for_images_in(app: &App, selector: &str) -> Result<usize, E2eError> {
    let elements = app.find_all(selector).await?;
    for (index, element) in elements.iter().enumerate() {
        let has_image: bool = app
            .script(
                "return arguments[0].querySelector('img') !== null;",
                vec![element.to_json()?],
            )
            .await?;
        if !has_image {
            let html = element.outer_html().await.unwrap_or_default();
            return Err(E2eError::Unexpected(format!(
                "element {index} of {selector} has no <img>: {html}"
            )));
        }

        app.script::<Value>(
            "arguments[0].scrollIntoView({block: 'center'}); return null;",
            vec![element.to_json()?],
        )
        .await?;
        app.wait_until(
            &format!("the image of element {index} of {selector} to load"),
            "const image = arguments[0].querySelector('img'); \
             return image.complete && image.naturalWidth > 0;",
            vec![element.to_json()?],
        )
        .await?;
    }
    Ok(elements.len())
}

/// Shows more cards, by the load-more button when there is one and by
/// scrolling to the bottom otherwise, until `expected` cards match `card`.
/// Fails when the count stops growing short of `expected`.
pub async fn load_all_cards(
    app: &App,
    card: &str,
    expected: usize,
) -> Result<Vec<String>, E2eError> {
    loop {
        let count = app.find_all(card).await?.len();
        if count >= expected {
            return data_ids(app, card, "data-asset-id").await;
        }

        let load_more = app.find_all("[data-testid=\"load-more\"]").await?;
        match load_more.first() {
            Some(button) => {
                button.scroll_into_view().await?;
                button.click().await?;
            }
            None => {
                app.script::<Value>(
                    "window.scrollTo(0, document.body.scrollHeight); return null;",
                    vec![],
                )
                .await?;
            }
        }

        app.wait_until(
            &format!("more than {count} cards matching {card} (expected {expected})"),
            "return document.querySelectorAll(arguments[0]).length > arguments[1];",
            vec![Value::from(card), Value::from(count)],
        )
        .await?;
    }
}

/// Ids that occur more than once in `ids`.
pub fn duplicates(ids: &[String]) -> Vec<String> {
    let mut seen = HashSet::new();
    ids.iter()
        .filter(|id| !seen.insert(id.as_str()))
        .cloned()
        .collect()
}

/// Waits until the asset page's photo has loaded and its layout has stopped
/// changing, and returns that layout.
pub async fn wait_for_asset_image(app: &App) -> Result<ImageLayout, E2eError> {
    app.wait_for_test_id("asset-image").await?;
    app.wait_until(
        "the asset image to load",
        &format!("{FIND_ASSET_IMAGE} return !!image && image.complete && image.naturalWidth > 0;"),
        vec![],
    )
    .await?;

    // Layout can still move for a moment (fonts, side panels, a sharper
    // variant replacing the first one), so read until two reads agree.
    let started = Instant::now();
    let mut previous = image_layout(app).await?;
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let current = image_layout(app).await?;
        if current == previous || started.elapsed() > gumnut_e2e::app::WAIT_TIMEOUT {
            return Ok(current);
        }
        previous = current;
    }
}

/// The asset page photo's box, natural size and `object-fit`.
pub async fn image_layout(app: &App) -> Result<ImageLayout, E2eError> {
    let script = format!(
        "{FIND_ASSET_IMAGE}
        if (!image) return null;
        const r = image.getBoundingClientRect();
        const s = getComputedStyle(image);
        const px = (value) => parseFloat(value) || 0;
        return {{
            rect: {{x: r.left, y: r.top, width: r.width, height: r.height}},
            padding: {{top: px(s.paddingTop), right: px(s.paddingRight), bottom: px(s.paddingBottom), left: px(s.paddingLeft)}},
            border: {{top: px(s.borderTopWidth), right: px(s.borderRightWidth), bottom: px(s.borderBottomWidth), left: px(s.borderLeftWidth)}},
            natural_width: image.naturalWidth,
            natural_height: image.naturalHeight,
            object_fit: s.objectFit,
            object_position: s.objectPosition,
        }};"
    );
    let layout: Option<ImageLayout> = app.script(&script, vec![]).await?;
    layout.ok_or_else(|| {
        E2eError::Unexpected("the asset page has no <img> tagged asset-image".to_owned())
    })
}

/// Every face box on the page with its on-screen rectangle.
///
/// An SVG shape's `getBoundingClientRect` includes half its stroke width on
/// each side in Chromium, so for SVG the shape's own box (`getBBox`) is
/// mapped to the screen with `getScreenCTM`; that compares the outline's
/// geometry, not how thick it is drawn.
pub async fn drawn_face_boxes(app: &App) -> Result<Vec<DrawnFaceBox>, E2eError> {
    app.script(
        "const onScreen = (e) => {
            const matrix = typeof e.getScreenCTM === 'function' ? e.getScreenCTM() : null;
            if (matrix && typeof e.getBBox === 'function') {
                const b = e.getBBox();
                const p1 = new DOMPoint(b.x, b.y).matrixTransform(matrix);
                const p2 = new DOMPoint(b.x + b.width, b.y + b.height).matrixTransform(matrix);
                return {
                    x: Math.min(p1.x, p2.x),
                    y: Math.min(p1.y, p2.y),
                    width: Math.abs(p2.x - p1.x),
                    height: Math.abs(p2.y - p1.y),
                };
            }
            const r = e.getBoundingClientRect();
            return {x: r.left, y: r.top, width: r.width, height: r.height};
        };
        return Array.from(document.querySelectorAll(arguments[0])).map(e => ({
            id: e.getAttribute('data-face-id'),
            rect: onScreen(e),
            active: e.classList.contains('face-box--active'),
        }));",
        vec![Value::from(FACE_BOX)],
    )
    .await
}

/// Opens the asset page of `asset` (fetched with its faces) and checks that
/// it draws exactly one box per face, each where the face's bounding box
/// lands on the drawn picture, and that the picture keeps the asset's aspect
/// ratio. Returns the drawn picture's rectangle.
pub async fn check_face_boxes(app: &App, asset: &Asset) -> Result<Rect, E2eError> {
    let faces = asset.faces.clone().unwrap_or_default();
    let (width, height) = asset
        .display_size()
        .ok_or_else(|| E2eError::Unexpected(format!("asset {} has no display size", asset.id)))?;

    app.goto(&format!("/assets/{}", asset.id)).await?;
    let layout = wait_for_asset_image(app).await?;
    app.wait_for_count(FACE_BOX, faces.len()).await?;

    let natural_ratio = layout.natural_width / layout.natural_height;
    let asset_ratio = f64::from(width) / f64::from(height);
    assert!(
        (natural_ratio - asset_ratio).abs() < 0.01,
        "asset {} ({:?}): picture is {}×{} but the asset is {width}×{height}",
        asset.id,
        asset.original_file_name,
        layout.natural_width,
        layout.natural_height,
    );

    let picture = layout.drawn_picture()?;
    let drawn = drawn_face_boxes(app).await?;
    let drawn_ids: HashSet<&str> = drawn.iter().map(|face_box| face_box.id.as_str()).collect();
    let api_ids: HashSet<&str> = faces.iter().map(|face| face.id.as_str()).collect();
    assert_eq!(
        drawn_ids, api_ids,
        "face boxes on the page differ from the asset's faces"
    );

    for face in &faces {
        let expected = expected_face_rect(&picture, width, height, &face.bounding_box);
        let Some(face_box) = drawn
            .iter()
            .find(|face_box| face_box.id == face.id.as_str())
        else {
            continue;
        };
        let distance = expected.max_edge_distance(&face_box.rect);
        assert!(
            distance <= BOX_TOLERANCE_PX,
            "asset {} ({:?}), face {}: box drawn at {:?}, expected {:?} ({distance:.2} px off); \
             picture drawn at {picture:?} from {layout:?}",
            asset.id,
            asset.original_file_name,
            face.id,
            face_box.rect,
            expected,
        );
    }
    Ok(picture)
}

/// Drags the mouse from `from` to `to` (viewport pixels) with a stop on the
/// way, as a hand would, so the drawing surface receives real pointer events.
pub async fn drag(app: &App, from: (i64, i64), to: (i64, i64)) -> Result<(), E2eError> {
    let middle = ((from.0 + to.0) / 2, (from.1 + to.1) / 2);
    app.driver()?
        .action_chain()
        .move_to(from.0, from.1)
        .click_and_hold()
        .move_to(middle.0, middle.1)
        .move_to(to.0, to.1)
        .release()
        .perform()
        .await?;
    Ok(())
}
