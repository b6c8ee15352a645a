//! Face workflows on the asset page, end to end: drawing a box and choosing
//! who it is, reassigning, detaching, deleting, undo, rollback after a
//! failed request, boxes at the photo's edges and hostile names.
//!
//! Pointer drags go through WebDriver actions on the drawing surface, so the
//! app receives real pointer events. Every result is checked through the API,
//! most also after a reload.

#[allow(dead_code)]
#[path = "browser/support.rs"]
mod support;

use std::time::Duration;

use gumnut_e2e::geometry::Rect;
use gumnut_e2e::{App, E2eError, run_browser_test};
use gumnut_types::{Asset, BoundingBox, Face, FaceSource, Page, Person};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use thirtyfour::common::command::{Actions, Command};
use thirtyfour::prelude::*;

use support::{FACE_BOX, drag, wait_for_asset_image};

/// A demo photo of one person on which the detector found no face.
const FACELESS_PORTRAIT: &str = "donna.jpg";
/// Demo photos without faces, so every box on them was drawn by a test.
const EMPTY_LANDSCAPE: &str = "skagen.jpg";
const EMPTY_SNOW: &str = "snow.jpg";
/// A demo photo with four detected faces, two of them named.
const GROUP_PHOTO: &str = "bar55_2.jpg";

/// The dog's head in the portrait, as fractions of the picture.
const PORTRAIT_FACE: ((f64, f64), (f64, f64)) = ((0.415, 0.33), (0.535, 0.48));

/// Time for a toast's fade-in to finish before a screenshot.
const TOAST_FADE_IN: Duration = Duration::from_millis(400);

// --- API helpers --------------------------------------------------------

async fn api_send<T: DeserializeOwned>(app: &App, method: reqwest::Method, path: &str, body: Option<Value>) -> Result<T, E2eError> {
    let client = reqwest::Client::new();
    let mut request = client.request(method.clone(), format!("{}{path}", app.base_url())).bearer_auth(app.token());
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await?;
    let status = response.status();
    let text = response.text().await?;
    if !status.is_success() {
        return Err(E2eError::Unexpected(format!("{method} {path} returned {status}: {text}")));
    }
    serde_json::from_str(&text).map_err(|error| E2eError::Unexpected(format!("{method} {path}: {error}: {text}")))
}

async fn faces_of(app: &App, asset: &Asset) -> Result<Vec<Face>, E2eError> {
    let page: Page<Face> = app.api().get(&format!("/api/faces?asset_id={}&limit=200", asset.id)).await?;
    Ok(page.data)
}

async fn asset_named(app: &App, file_name: &str) -> Result<Asset, E2eError> {
    app.api().asset_by_file_name(file_name).await
}

/// Polls the API until `check` accepts the asset's faces, and returns them.
async fn wait_for_faces<F>(app: &App, asset: &Asset, what: &str, check: F) -> Result<Vec<Face>, E2eError>
where
    F: Fn(&[Face]) -> bool,
{
    for _ in 0..100 {
        let faces = faces_of(app, asset).await?;
        if check(&faces) {
            return Ok(faces);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let faces = faces_of(app, asset).await?;
    Err(E2eError::Unexpected(format!("timed out waiting for {what}; faces now: {faces:?}")))
}

// --- page helpers -------------------------------------------------------

/// Opens the asset page and waits until the photo and its boxes are shown.
async fn open_asset(app: &App, asset: &Asset, face_count: usize) -> Result<Rect, E2eError> {
    app.goto(&format!("/assets/{}", asset.id)).await?;
    let layout = wait_for_asset_image(app).await?;
    app.wait_for_count(FACE_BOX, face_count).await?;
    layout.drawn_picture()
}

/// Converts a point given as fractions of the picture's width and height
/// to viewport pixels.
fn point_in(picture: Rect, fraction: (f64, f64)) -> (i64, i64) {
    (
        (picture.x + picture.width * fraction.0).round() as i64,
        (picture.y + picture.height * fraction.1).round() as i64,
    )
}

/// Drags with a touch or pen pointer (`pointer_type` "touch" or "pen"),
/// which the action chain cannot do, through raw WebDriver actions.
async fn drag_with(app: &App, pointer_type: &str, from: (i64, i64), to: (i64, i64)) -> Result<(), E2eError> {
    let middle = ((from.0 + to.0) / 2, (from.1 + to.1) / 2);
    let actions = json!([{
        "type": "pointer",
        "id": format!("{pointer_type}-1"),
        "parameters": {"pointerType": pointer_type},
        "actions": [
            {"type": "pointerMove", "duration": 0, "x": from.0, "y": from.1, "origin": "viewport"},
            {"type": "pointerDown", "button": 0},
            {"type": "pointerMove", "duration": 100, "x": middle.0, "y": middle.1, "origin": "viewport"},
            {"type": "pointerMove", "duration": 100, "x": to.0, "y": to.1, "origin": "viewport"},
            {"type": "pointerUp", "button": 0},
        ],
    }]);
    app.driver()?.cmd(Command::PerformActions(Actions::from(actions))).await?;
    Ok(())
}

/// Turns drawing on with the toolbar button, measures the picture again
/// (the draft panel may change the layout) and drags a box between two
/// points given as fractions of the picture. Returns the drafted box, the
/// picture and the two viewport points.
async fn draw_box(
    app: &App,
    from: (f64, f64),
    to: (f64, f64),
) -> Result<(BoundingBox, Rect, (i64, i64), (i64, i64)), E2eError> {
    start_drawing(app).await?;
    let picture = wait_for_asset_image(app).await?.drawn_picture()?;
    let (from, to) = (point_in(picture, from), point_in(picture, to));
    drag(app, from, to).await?;
    Ok((draft_box(app).await?, picture, from, to))
}

async fn start_drawing(app: &App) -> Result<(), E2eError> {
    app.wait_for_test_id("draw-face").await?.click().await?;
    app.wait_for_test_id("draw-surface").await?;
    Ok(())
}

/// Reads the finished draft box from the draft panel.
async fn draft_box(app: &App) -> Result<BoundingBox, E2eError> {
    app.wait_for("[data-testid=\"draft-panel\"][data-box]").await?;
    let text: String = app
        .script("return document.querySelector('[data-testid=\"draft-panel\"]').getAttribute('data-box');", vec![])
        .await?;
    let numbers: Vec<i64> = text.split(',').filter_map(|part| part.trim().parse().ok()).collect();
    match numbers.as_slice() {
        [x, y, w, h] => Ok(BoundingBox { x: *x, y: *y, w: *w, h: *h }),
        _ => Err(E2eError::Unexpected(format!("the draft panel shows an unreadable box {text:?}"))),
    }
}

/// The box a drag between two viewport points should give: both corners
/// scaled to the asset's pixels, rounded and clamped.
fn expected_box(picture: Rect, asset: &Asset, from: (i64, i64), to: (i64, i64)) -> BoundingBox {
    let (width, height) = asset.display_size().unwrap_or_default();
    let scale_x = f64::from(width) / picture.width;
    let scale_y = f64::from(height) / picture.height;
    let to_x = |x: i64| (((x as f64) - picture.x) * scale_x).round().clamp(0.0, f64::from(width)) as i64;
    let to_y = |y: i64| (((y as f64) - picture.y) * scale_y).round().clamp(0.0, f64::from(height)) as i64;
    let (left, right) = (to_x(from.0.min(to.0)), to_x(from.0.max(to.0)));
    let (top, bottom) = (to_y(from.1.min(to.1)), to_y(from.1.max(to.1)));
    BoundingBox { x: left, y: top, w: right - left, h: bottom - top }
}

/// Checks two boxes agree to within `tolerance` pixels on every edge; the
/// pointer lands on whole CSS pixels, which are more than one photo pixel.
fn assert_box_near(actual: BoundingBox, expected: BoundingBox, tolerance: i64, what: &str) {
    let edges = |b: BoundingBox| [b.x, b.y, b.x + b.w, b.y + b.h];
    for (a, e) in edges(actual).into_iter().zip(edges(expected)) {
        assert!((a - e).abs() <= tolerance, "{what}: box {actual:?} is not within {tolerance} px of {expected:?}");
    }
}

/// Opens the picker for the draft, types `search` and returns the picker.
async fn open_draft_picker(app: &App, search: &str) -> Result<WebElement, E2eError> {
    app.wait_for_test_id("draft-assign").await?.click().await?;
    let input = app.wait_for_test_id("picker-search").await?;
    if !search.is_empty() {
        input.send_keys(search).await?;
    }
    app.wait_for_test_id("person-picker").await
}

async fn click_option_for(app: &App, person: &Person) -> Result<(), E2eError> {
    let selector = format!("[data-testid=\"picker-option\"][data-person-id=\"{}\"]", person.id);
    app.wait_for(&selector).await?.click().await?;
    Ok(())
}

/// Reads the `x`, `y`, `width` and `height` attributes of a face's box.
async fn drawn_box_attributes(app: &App, face: &Face) -> Result<BoundingBox, E2eError> {
    let selector = format!(".face-overlay [data-face-id=\"{}\"]", face.id);
    let element = app.wait_for(&selector).await?;
    let read = async |name: &str| -> Result<i64, E2eError> {
        let value = element.attr(name).await?.unwrap_or_default();
        value.parse().map_err(|_| E2eError::Unexpected(format!("attribute {name}={value:?} of {selector}")))
    };
    Ok(BoundingBox { x: read("x").await?, y: read("y").await?, w: read("width").await?, h: read("height").await? })
}

/// Reloads the page and checks that `face` is drawn at its stored pixels and
/// its row shows how it was made.
async fn check_after_reload(app: &App, face: &Face, face_count: usize) -> Result<(), E2eError> {
    app.driver()?.refresh().await?;
    wait_for_asset_image(app).await?;
    app.wait_for_count(FACE_BOX, face_count).await?;
    assert_eq!(drawn_box_attributes(app, face).await?, face.bounding_box, "box of {} after reload", face.id);

    let row = app.wait_for(&format!("[data-face-row=\"{}\"]", face.id)).await?;
    let text = row.text().await?;
    let source = if face.source == FaceSource::Manual { "manual" } else { "automatic" };
    assert!(text.contains(source), "row of {} should say {source}: {text:?}", face.id);
    Ok(())
}

async fn wait_for_toast_containing(app: &App, text: &str) -> Result<WebElement, E2eError> {
    app.wait_until(
        &format!("a toast containing {text:?}"),
        "return Array.from(document.querySelectorAll('[data-testid=\"toast\"]')).some(t => t.textContent.includes(arguments[0]));",
        vec![Value::from(text)],
    )
    .await?;
    // `textContent`, not the rendered text: a toast fading in is not yet
    // visible to WebDriver.
    let toasts = app.find_all("[data-testid=\"toast\"]").await?;
    for toast in toasts.into_iter().rev() {
        if toast.prop("textContent").await?.unwrap_or_default().contains(text) {
            return Ok(toast);
        }
    }
    Err(E2eError::Unexpected(format!("the toast with {text:?} disappeared")))
}

async fn click_undo_in(toast: &WebElement) -> Result<(), E2eError> {
    toast.find(By::Css("[data-testid=\"undo\"]")).await?.click().await?;
    Ok(())
}

// --- tests --------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn draw_and_assign_existing_person() {
    run_browser_test("draw-existing-person", async |app| {
        let asset = asset_named(app, FACELESS_PORTRAIT).await?;
        assert!(faces_of(app, &asset).await?.is_empty(), "{FACELESS_PORTRAIT} should start without faces");
        let person = app.api().person_by_name("Anne Helene").await?;
        let count_before = person.asset_count.unwrap_or(0);

        app.sign_in().await?;
        open_asset(app, &asset, 0).await?;
        let (drafted, picture, from, to) = draw_box(app, PORTRAIT_FACE.0, PORTRAIT_FACE.1).await?;
        assert_box_near(drafted, expected_box(picture, &asset, from, to), 2, "draft");
        app.screenshot("face-drawing").await?;

        open_draft_picker(app, "hele").await?;
        app.wait_for(&format!("[data-testid=\"picker-option\"][data-person-id=\"{}\"]", person.id)).await?;
        app.screenshot("face-picker").await?;
        click_option_for(app, &person).await?;
        app.wait_for_count("[data-testid=\"person-picker\"]", 0).await?;
        let toast = wait_for_toast_containing(app, "Anne Helene").await?;
        assert!(toast.find(By::Css("[data-testid=\"undo\"]")).await.is_ok(), "the toast offers Undo");
        app.wait_until(
            "the live region to announce the edit",
            "const region = document.querySelector('[data-testid=\"live-region\"]'); \
             return !!region && region.getAttribute('aria-live') === 'polite' && region.textContent.includes('Anne Helene');",
            vec![],
        )
        .await?;

        let faces = wait_for_faces(app, &asset, "the drawn face", |faces| faces.len() == 1).await?;
        let face = &faces[0];
        assert_eq!(face.source, FaceSource::Manual);
        assert_eq!(face.confidence, None);
        assert_eq!(face.person_id.as_ref(), Some(&person.id));
        assert_eq!(face.bounding_box, drafted, "the saved box is the drafted box");

        check_after_reload(app, face, 1).await?;
        let person_after = app.api().person(&person.id).await?;
        assert_eq!(person_after.asset_count.unwrap_or(0), count_before + 1, "Anne Helene's photo count");
        app.check_console_has_no_errors().await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn draw_and_create_new_person() {
    run_browser_test("draw-new-person", async |app| {
        let asset = asset_named(app, EMPTY_LANDSCAPE).await?;
        let people_before = app.api().all_people().await?.len();

        app.sign_in().await?;
        open_asset(app, &asset, 0).await?;
        let (drafted, ..) = draw_box(app, (0.30, 0.30), (0.45, 0.55)).await?;
        open_draft_picker(app, "Maja Lind").await?;
        app.wait_for_test_id("picker-new-person").await?.click().await?;

        let faces = wait_for_faces(app, &asset, "the face of the new person", |faces| {
            faces.len() == 1 && faces[0].person_id.is_some()
        })
        .await?;
        let face = &faces[0];
        assert_eq!(face.source, FaceSource::Manual);
        assert_eq!(face.bounding_box, drafted);
        let person = app.api().person(face.person_id.as_ref().unwrap()).await?;
        assert_eq!(person.name.as_deref(), Some("Maja Lind"));
        assert_eq!(person.asset_count, Some(1));
        assert_eq!(app.api().all_people().await?.len(), people_before + 1, "exactly one person was created");

        check_after_reload(app, face, 1).await?;
        let row = app.wait_for(&format!("[data-face-row=\"{}\"]", face.id)).await?;
        assert!(row.text().await?.contains("Maja Lind"));
        app.check_console_has_no_errors().await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn draw_and_leave_unassigned() {
    run_browser_test("draw-unassigned", async |app| {
        let asset = asset_named(app, EMPTY_SNOW).await?;

        app.sign_in().await?;
        open_asset(app, &asset, 0).await?;
        let (drafted, ..) = draw_box(app, (0.55, 0.20), (0.70, 0.45)).await?;
        open_draft_picker(app, "").await?;
        let option = app.wait_for_test_id("picker-unassigned").await?;
        let note = option.text().await?;
        assert!(note.contains("never groups"), "the option says the server will not group it: {note:?}");
        app.screenshot("face-picker-unassigned").await?;
        option.click().await?;

        let faces = wait_for_faces(app, &asset, "the unassigned face", |faces| faces.len() == 1).await?;
        let face = &faces[0];
        assert_eq!(face.person_id, None);
        assert_eq!(face.source, FaceSource::Manual);
        assert_eq!(face.bounding_box, drafted);

        check_after_reload(app, face, 1).await?;
        let row = app.wait_for(&format!("[data-face-row=\"{}\"]", face.id)).await?;
        assert!(row.text().await?.contains("Unassigned"));
        app.check_console_has_no_errors().await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reassign_detach_delete_and_undo() {
    run_browser_test("reassign-detach-delete", async |app| {
        let asset = asset_named(app, GROUP_PHOTO).await?;
        let jesper = app.api().person_by_name("Jesper").await?;
        let jim = app.api().person_by_name("Jim").await?;
        let faces = faces_of(app, &asset).await?;
        let face_count = faces.len();
        let face = faces
            .iter()
            .find(|face| face.person_id.as_ref() == Some(&jesper.id))
            .cloned()
            .ok_or_else(|| E2eError::Unexpected(format!("{GROUP_PHOTO} has no face of Jesper")))?;
        let face_is = |person: Option<&Person>| {
            let id = face.id.clone();
            let person_id = person.map(|person| person.id.clone());
            move |faces: &[Face]| faces.iter().any(|f| f.id == id && f.person_id == person_id)
        };

        app.sign_in().await?;
        app.goto(&format!("/assets/{}?face={}", asset.id, face.id)).await?;
        wait_for_asset_image(app).await?;
        app.wait_for_count(FACE_BOX, face_count).await?;

        // Reassign to Jim with the picker, then undo from the toast.
        app.wait_for_test_id("face-reassign").await?.click().await?;
        app.wait_for_test_id("picker-search").await?.send_keys("ji").await?;
        click_option_for(app, &jim).await?;
        let toast = wait_for_toast_containing(app, "to Jim").await?;
        wait_for_faces(app, &asset, "the face moved to Jim", face_is(Some(&jim))).await?;
        tokio::time::sleep(TOAST_FADE_IN).await;
        app.screenshot("face-undo-toast").await?;
        click_undo_in(&toast).await?;
        wait_for_faces(app, &asset, "the move undone", face_is(Some(&jesper))).await?;
        // The server has it, but the page must also have the response
        // before the next edit on the same face is accepted.
        wait_for_toast_containing(app, "Undone: Moved").await?;

        // Detach with D on the focused box, then undo with Ctrl+Z.
        let face_box = app.wait_for(&format!(".face-overlay [data-face-id=\"{}\"]", face.id)).await?;
        app.script::<Value>("arguments[0].focus();", vec![face_box.to_json()?]).await?;
        face_box.send_keys("d").await?;
        wait_for_toast_containing(app, "Removed").await?;
        let detached = wait_for_faces(app, &asset, "the face detached", face_is(None)).await?;
        let kept = detached.iter().find(|f| f.id == face.id).map(|f| f.bounding_box);
        assert_eq!(kept, Some(face.bounding_box), "detach keeps the box");
        app.driver()?
            .action_chain()
            .key_down(Key::Control)
            .send_keys("z")
            .key_up(Key::Control)
            .perform()
            .await?;
        wait_for_faces(app, &asset, "the detach undone", face_is(Some(&jesper))).await?;
        wait_for_toast_containing(app, "Undone: Removed").await?;

        // Arrow keys move the selection to the neighbouring face and back.
        let face_box = app.wait_for(&format!(".face-overlay [data-face-id=\"{}\"]", face.id)).await?;
        app.script::<Value>("arguments[0].focus();", vec![face_box.to_json()?]).await?;
        face_box.send_keys(Key::Left).await?;
        app.wait_until(
            "the left arrow to select another face",
            "return !location.search.includes(arguments[0]) && document.activeElement.hasAttribute('data-face-id');",
            vec![Value::from(face.id.to_string())],
        )
        .await?;
        app.driver()?.action_chain().send_keys(Key::Right).perform().await?;
        app.wait_until(
            "the right arrow to select the face again",
            "return location.search.includes(arguments[0]);",
            vec![Value::from(face.id.to_string())],
        )
        .await?;

        // Delete after the confirmation, then undo: a new manual face with
        // the same box and person.
        let face_box = app.wait_for(&format!(".face-overlay [data-face-id=\"{}\"]", face.id)).await?;
        app.script::<Value>("arguments[0].focus();", vec![face_box.to_json()?]).await?;
        face_box.send_keys(Key::Delete).await?;
        let dialog = app.wait_for_test_id("confirm-delete").await?;
        let text = dialog.text().await?;
        assert!(text.contains("photo stays"), "the confirmation says the photo stays: {text:?}");
        assert!(text.contains("Jesper stays"), "the confirmation says the person stays: {text:?}");
        app.screenshot("face-delete-confirm").await?;
        app.wait_for_test_id("confirm-delete-ok").await?.click().await?;
        let toast = wait_for_toast_containing(app, "Deleted").await?;
        let id = face.id.clone();
        wait_for_faces(app, &asset, "the face deleted", |faces| faces.iter().all(|f| f.id != id)).await?;
        assert!(app.api().asset_with_faces(&asset.id).await.is_ok(), "the asset stays");
        assert!(app.api().person(&jesper.id).await.is_ok(), "the person stays");

        click_undo_in(&toast).await?;
        wait_for_toast_containing(app, "new manual face").await?;
        tokio::time::sleep(TOAST_FADE_IN).await;
        app.screenshot("face-undo-delete").await?;
        let restored = wait_for_faces(app, &asset, "the face re-created", |faces| faces.len() == face_count).await?;
        let recreated = restored
            .iter()
            .find(|f| f.bounding_box == face.bounding_box && f.id != face.id)
            .ok_or_else(|| E2eError::Unexpected("no face with the deleted box".into()))?;
        assert_eq!(recreated.source, FaceSource::Manual);
        assert_eq!(recreated.person_id.as_ref(), Some(&jesper.id));

        let history = app.wait_for_test_id("edit-history").await?;
        history.find(By::Css("summary")).await?.click().await?;
        let items = history.find_all(By::Css(".edit-history__item")).await?;
        assert_eq!(items.len(), 6, "the history lists the three edits and their three undos");

        check_after_reload(app, recreated, face_count).await?;
        app.check_console_has_no_errors().await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_edit_rolls_back() {
    run_browser_test("failed-edit", async |app| {
        let asset = asset_named(app, GROUP_PHOTO).await?;
        let jesper = app.api().person_by_name("Jesper").await?;
        let jim = app.api().person_by_name("Jim").await?;
        let faces = faces_of(app, &asset).await?;
        let face = faces
            .iter()
            .find(|face| face.person_id.as_ref() == Some(&jesper.id))
            .cloned()
            .ok_or_else(|| E2eError::Unexpected(format!("{GROUP_PHOTO} has no face of Jesper")))?;

        app.sign_in().await?;
        app.goto(&format!("/assets/{}?face={}", asset.id, face.id)).await?;
        wait_for_asset_image(app).await?;
        app.wait_for_count(FACE_BOX, faces.len()).await?;

        // Enter on the focused box opens the picker.
        let face_box = app.wait_for(&format!(".face-overlay [data-face-id=\"{}\"]", face.id)).await?;
        app.script::<Value>("arguments[0].focus();", vec![face_box.to_json()?]).await?;
        face_box.send_keys(Key::Enter).await?;
        app.wait_for_test_id("picker-search").await?.send_keys("ji").await?;
        let option = app.wait_for(&format!("[data-testid=\"picker-option\"][data-person-id=\"{}\"]", jim.id)).await?;
        // The picker's own search must be done, so the failures hit the edit.
        app.wait_until(
            "the picker's search to finish",
            "const status = document.querySelector('.person-picker__status'); return !!status && status.textContent === '';",
            vec![],
        )
        .await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        // Enough failures for every attempt a retrying client makes.
        app.api().set_faults(&json!({"fail_next": 3, "fail_status": 500})).await?;
        option.click().await?;

        let toast = wait_for_toast_containing(app, "Not saved").await?;
        let message = toast.prop("textContent").await?.unwrap_or_default();
        assert!(message.contains("face"), "the message names the face: {message:?}");
        assert!(message.contains("500") || message.contains("server error"), "the message gives the reason: {message:?}");
        app.api().clear_faults().await?;
        tokio::time::sleep(TOAST_FADE_IN).await;
        app.screenshot("face-rollback").await?;

        let row = app.wait_for(&format!("[data-face-row=\"{}\"]", face.id)).await?;
        app.wait_until(
            "the row to show Jesper again",
            "return arguments[0].textContent.includes('Jesper') && !arguments[0].textContent.includes('Jim');",
            vec![row.to_json()?],
        )
        .await?;
        let now = faces_of(app, &asset).await?;
        assert!(now.iter().any(|f| f.id == face.id && f.person_id.as_ref() == Some(&jesper.id)), "the server kept Jesper");

        toast.find(By::Css("[data-testid=\"retry\"]")).await?.click().await?;
        let id = face.id.clone();
        let jim_id = jim.id.clone();
        wait_for_faces(app, &asset, "the retried move", |faces| {
            faces.iter().any(|f| f.id == id && f.person_id.as_ref() == Some(&jim_id))
        })
        .await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edge_boxes_save_and_clamp() {
    run_browser_test("edge-boxes", async |app| {
        let asset = asset_named(app, EMPTY_LANDSCAPE).await?;
        let (width, height) = asset.display_size().unwrap_or_default();

        app.sign_in().await?;
        open_asset(app, &asset, 0).await?;

        // Dragged well past the right and bottom edges: clamped to them.
        start_drawing(app).await?;
        let picture = wait_for_asset_image(app).await?.drawn_picture()?;
        let from = point_in(picture, (0.80, 0.75));
        // WebDriver can only move the pointer inside the viewport.
        let viewport: (f64, f64) = app.script("return [window.innerWidth, window.innerHeight];", vec![]).await?;
        let past_x = (picture.x + picture.width + 60.0).min(viewport.0 - 2.0);
        let past_y = (picture.y + picture.height + 40.0).min(viewport.1 - 2.0);
        assert!(past_x > picture.x + picture.width, "room past the right edge");
        assert!(past_y > picture.y + picture.height, "room past the bottom edge");
        let past = (past_x as i64, past_y as i64);
        drag(app, from, past).await?;
        let clamped = draft_box(app).await?;
        assert_eq!(clamped.x + clamped.w, i64::from(width), "right edge clamped: {clamped:?}");
        assert_eq!(clamped.y + clamped.h, i64::from(height), "bottom edge clamped: {clamped:?}");
        app.screenshot("face-drawing-clamped").await?;
        open_draft_picker(app, "").await?;
        app.wait_for_test_id("picker-unassigned").await?.click().await?;
        wait_for_faces(app, &asset, "the clamped face", |faces| faces.len() == 1).await?;

        // Released on the last pixel of the picture: flush with the edges.
        open_asset(app, &asset, 1).await?;
        start_drawing(app).await?;
        let picture = wait_for_asset_image(app).await?.drawn_picture()?;
        let from = point_in(picture, (0.05, 0.60));
        let corner = ((picture.x + picture.width).floor() as i64, (picture.y + picture.height).floor() as i64);
        drag(app, from, corner).await?;
        let flush = draft_box(app).await?;
        assert!(flush.x + flush.w <= i64::from(width), "inside the right edge: {flush:?}");
        assert!(flush.y + flush.h <= i64::from(height), "inside the bottom edge: {flush:?}");
        assert!(i64::from(width) - (flush.x + flush.w) <= 2, "touches the right edge: {flush:?}");
        assert!(i64::from(height) - (flush.y + flush.h) <= 2, "touches the bottom edge: {flush:?}");
        open_draft_picker(app, "").await?;
        app.wait_for_test_id("picker-unassigned").await?.click().await?;
        let faces = wait_for_faces(app, &asset, "both faces", |faces| faces.len() == 2).await?;
        assert!(faces.iter().any(|face| face.bounding_box == flush), "the flush box was saved as drawn");

        // Undo of a create deletes the face again.
        wait_for_toast_containing(app, "Added a face").await?;
        app.driver()?.action_chain().send_keys("z").perform().await?;
        let remaining = wait_for_faces(app, &asset, "the undone create", |faces| faces.len() == 1).await?;
        assert!(remaining.iter().all(|face| face.bounding_box != flush), "the undone face is gone");

        let rejected: Vec<_> = app
            .api()
            .request_log()
            .await?
            .into_iter()
            .filter(|entry| entry.path == "/api/faces" && entry.status == 422)
            .collect();
        assert!(rejected.is_empty(), "no face create was rejected: {rejected:?}");
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tiny_box_is_rejected_with_message() {
    run_browser_test("tiny-box", async |app| {
        let asset = asset_named(app, EMPTY_SNOW).await?;
        app.sign_in().await?;
        open_asset(app, &asset, 0).await?;

        // N starts drawing.
        app.driver()?.action_chain().send_keys("n").perform().await?;
        app.wait_for_test_id("draw-surface").await?;
        let picture = wait_for_asset_image(app).await?.drawn_picture()?;
        let from = point_in(picture, (0.5, 0.5));
        drag(app, from, (from.0 + 3, from.1 + 3)).await?;
        let panel = app.wait_for_test_id("draft-panel").await?;
        app.wait_until(
            "the draft panel to explain the rejection",
            "return arguments[0].textContent.includes('cannot be saved');",
            vec![panel.to_json()?],
        )
        .await?;
        assert!(panel.attr("data-box").await?.is_none(), "no draft is kept");

        // Esc leaves drawing mode.
        app.driver()?.action_chain().send_keys(Key::Escape).perform().await?;
        app.wait_for_count("[data-testid=\"draw-surface\"]", 0).await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_name_renders_as_text() {
    run_browser_test("hostile-name", async |app| {
        // Markup, right-to-left text, emoji and 300 characters in one name.
        let mut name = String::from("<script>window.__pwned = 1</script> שלום עולם 👩‍🚀🎉 ");
        while name.chars().count() < 170 {
            name.push_str("ש");
        }
        while name.chars().count() < 300 {
            name.push('x');
        }
        assert_eq!(name.chars().count(), 300);
        let person: Person = api_send(app, reqwest::Method::POST, "/api/people", Some(json!({"name": name}))).await?;
        let asset = asset_named(app, GROUP_PHOTO).await?;
        let faces = faces_of(app, &asset).await?;
        let face = faces.iter().find(|face| face.person_id.is_none()).cloned().or_else(|| faces.first().cloned());
        let face = face.ok_or_else(|| E2eError::Unexpected(format!("{GROUP_PHOTO} has no faces")))?;
        let _: Face =
            api_send(app, reqwest::Method::PATCH, &format!("/api/faces/{}", face.id), Some(json!({"person_id": person.id}))).await?;

        app.sign_in().await?;
        app.goto(&format!("/assets/{}?face={}", asset.id, face.id)).await?;
        wait_for_asset_image(app).await?;
        let row = app.wait_for(&format!("[data-face-row=\"{}\"]", face.id)).await?;
        let name_element = row.find(By::Css(".person-name")).await?;

        let shown: Value = app
            .script(
                "const e = arguments[0]; return {text: e.textContent, title: e.getAttribute('title'), \
                 clipped: e.scrollWidth > e.clientWidth, width: e.getBoundingClientRect().width, \
                 row: e.closest('[data-face-row]').getBoundingClientRect().width, pwned: window.__pwned === 1, \
                 scripts: document.querySelectorAll('main script').length};",
                vec![name_element.to_json()?],
            )
            .await?;
        assert_eq!(shown["text"], Value::from(name.trim()), "the name is shown as text");
        assert_eq!(shown["title"], Value::from(name.trim()), "the full name is in the tooltip");
        assert_eq!(shown["clipped"], Value::from(true), "the long name is truncated");
        assert!(shown["width"].as_f64() <= shown["row"].as_f64(), "the name stays inside its row: {shown}");
        assert_eq!(shown["pwned"], Value::from(false), "the script did not run");
        assert_eq!(shown["scripts"], Value::from(0), "no script element was created");

        // The picker, opened for another face, lists the name as text too.
        let other = faces
            .iter()
            .find(|other| other.id != face.id)
            .ok_or_else(|| E2eError::Unexpected(format!("{GROUP_PHOTO} has only one face")))?;
        app.goto(&format!("/assets/{}?face={}", asset.id, other.id)).await?;
        wait_for_asset_image(app).await?;
        app.wait_for_test_id("face-reassign").await?.click().await?;
        app.wait_for_test_id("picker-search").await?.send_keys("script").await?;
        let option = app
            .wait_for(&format!("[data-testid=\"picker-option\"][data-person-id=\"{}\"]", person.id))
            .await?;
        let option_name = option.find(By::Css(".person-name")).await?;
        assert!(!option_name.text().await?.is_empty(), "the option shows the name");
        assert_eq!(option_name.attr("title").await?.as_deref(), Some(name.trim()), "full name in the tooltip");
        app.screenshot("face-hostile-name").await?;
        app.check_console_has_no_errors().await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_draws_and_saves_box() {
    run_browser_test("keyboard-draw", async |app| {
        let asset = asset_named(app, EMPTY_SNOW).await?;
        let (width, height) = asset.display_size().unwrap_or_default();
        app.sign_in().await?;
        open_asset(app, &asset, 0).await?;

        // N, then an arrow places the default box (a fifth of the shorter
        // side, centred); Right moves it one step, Shift+Right widens it.
        app.driver()?.action_chain().send_keys("n").perform().await?;
        app.wait_for_test_id("draw-surface").await?;
        app.driver()?.action_chain().send_keys(Key::Right).perform().await?;
        app.driver()?.action_chain().send_keys(Key::Right).perform().await?;
        app.driver()?
            .action_chain()
            .key_down(Key::Shift)
            .send_keys(Key::Right)
            .key_up(Key::Shift)
            .perform()
            .await?;
        let side = i64::from(width.min(height) / 5);
        let step = i64::from(width.max(height) / 100);
        let expected = BoundingBox {
            x: (i64::from(width) - side) / 2 + step,
            y: (i64::from(height) - side) / 2,
            w: side + step,
            h: side,
        };
        app.wait_until(
            "the keyboard draft",
            "const p = document.querySelector('[data-testid=\"draft-panel\"]'); return !!p && p.getAttribute('data-box') === arguments[0];",
            vec![Value::from(format!("{},{},{},{}", expected.x, expected.y, expected.w, expected.h))],
        )
        .await?;

        // Enter opens the picker; Up wraps to the last choice, Leave unassigned.
        app.driver()?.action_chain().send_keys(Key::Enter).perform().await?;
        app.wait_for_test_id("picker-search").await?;
        app.wait_until(
            "the picker's search to finish",
            "const status = document.querySelector('.person-picker__status'); return !!status && status.textContent === '';",
            vec![],
        )
        .await?;
        app.driver()?.action_chain().send_keys(Key::Up).perform().await?;
        app.driver()?.action_chain().send_keys(Key::Enter).perform().await?;

        let faces = wait_for_faces(app, &asset, "the keyboard-drawn face", |faces| faces.len() == 1).await?;
        assert_eq!(faces[0].bounding_box, expected);
        assert_eq!(faces[0].person_id, None);
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn touch_and_pen_drags_draw_boxes() {
    run_browser_test("touch-pen-draw", async |app| {
        let asset = asset_named(app, EMPTY_LANDSCAPE).await?;
        app.sign_in().await?;
        open_asset(app, &asset, 0).await?;

        for pointer_type in ["touch", "pen"] {
            start_drawing(app).await?;
            let picture = wait_for_asset_image(app).await?.drawn_picture()?;
            let from = point_in(picture, (0.20, 0.25));
            let to = point_in(picture, (0.35, 0.50));
            drag_with(app, pointer_type, from, to).await?;
            let drafted = draft_box(app).await?;
            assert_box_near(drafted, expected_box(picture, &asset, from, to), 2, pointer_type);
            app.wait_for_test_id("draft-cancel").await?.click().await?;
            app.wait_for_count("[data-testid=\"draw-surface\"]", 0).await?;
        }
        Ok(())
    })
    .await;
}

/// Detaches a face of the group photo through the API, so the page shows it
/// unassigned, and returns the asset, its faces and that face.
async fn unassigned_group_face(app: &App) -> Result<(Asset, Vec<Face>, Face), E2eError> {
    let asset = asset_named(app, GROUP_PHOTO).await?;
    let faces = faces_of(app, &asset).await?;
    let face = faces
        .first()
        .cloned()
        .ok_or_else(|| E2eError::Unexpected(format!("{GROUP_PHOTO} has no faces")))?;
    let _: Value = api_send(app, reqwest::Method::PATCH, &format!("/api/faces/{}", face.id), Some(json!({"person_id": null}))).await?;
    Ok((asset, faces, face))
}

/// Opens the asset page with `face` selected.
async fn open_with_face(app: &App, asset: &Asset, face_count: usize, face: &Face) -> Result<(), E2eError> {
    app.goto(&format!("/assets/{}?face={}", asset.id, face.id)).await?;
    wait_for_asset_image(app).await?;
    app.wait_for_count(FACE_BOX, face_count).await?;
    Ok(())
}

/// Opens the picker for `face` with its Assign button, types `name` and
/// chooses "New person named …".
async fn pick_new_person_for(app: &App, face: &Face, name: &str) -> Result<(), E2eError> {
    let row = app.wait_for(&format!("[data-face-row=\"{}\"]", face.id)).await?;
    let assign = row.find(By::Css("[data-testid=\"face-reassign\"]")).await?;
    assert_eq!(assign.text().await?, "Assign…", "the face starts unassigned");
    assign.click().await?;
    app.wait_for_test_id("picker-search").await?.send_keys(name).await?;
    let new_person = app.wait_for_test_id("picker-new-person").await?;
    app.wait_until(
        "the New person option to carry the typed name",
        "return arguments[0].textContent.includes(arguments[1]);",
        vec![new_person.to_json()?, Value::from(name)],
    )
    .await?;
    new_person.click().await?;
    Ok(())
}

/// People with exactly `name`, as the server lists them.
async fn people_named(app: &App, name: &str) -> Result<Vec<Person>, E2eError> {
    let people = app.api().all_people().await?;
    Ok(people.into_iter().filter(|person| person.name.as_deref() == Some(name)).collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assign_existing_face_to_new_person() {
    run_browser_test("assign-face-new-person", async |app| {
        const NAME: &str = "Oskar Vang";
        let (asset, faces, face) = unassigned_group_face(app).await?;

        app.sign_in().await?;
        open_with_face(app, &asset, faces.len(), &face).await?;
        pick_new_person_for(app, &face, NAME).await?;

        let id = face.id.clone();
        let assigned = wait_for_faces(app, &asset, "the face assigned to the new person", |faces| {
            faces.iter().any(|f| f.id == id && f.person_id.is_some())
        })
        .await?;
        wait_for_toast_containing(app, NAME).await?;
        let person_id = assigned.iter().find(|f| f.id == face.id).and_then(|f| f.person_id.clone());
        let named = people_named(app, NAME).await?;
        assert_eq!(named.len(), 1, "exactly one person is named {NAME}: {named:?}");
        assert_eq!(person_id.as_ref(), Some(&named[0].id), "the face shows the new person");
        assert!(app.find_all("[data-testid=\"panic-screen\"]").await?.is_empty(), "no panic screen");
        app.check_console_has_no_errors().await?;

        // After a reload the page and the API still agree.
        app.driver()?.refresh().await?;
        wait_for_asset_image(app).await?;
        let row = app.wait_for(&format!("[data-face-row=\"{}\"]", face.id)).await?;
        app.wait_until(
            "the row to name the new person",
            "return arguments[0].textContent.includes(arguments[1]);",
            vec![row.to_json()?, Value::from(NAME)],
        )
        .await?;
        let after = faces_of(app, &asset).await?;
        assert!(after.iter().any(|f| f.id == face.id && f.person_id == person_id), "the assignment is stored");
        assert_eq!(people_named(app, NAME).await?.len(), 1, "no second person after the reload");
        app.check_console_has_no_errors().await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_person_assignment_failure_retries() {
    run_browser_test("assign-face-new-person-retry", async |app| {
        const NAME: &str = "Vera Holm";
        let (asset, faces, face) = unassigned_group_face(app).await?;

        app.sign_in().await?;
        open_with_face(app, &asset, faces.len(), &face).await?;
        // Every face PATCH fails in the browser until the flag is cleared,
        // so the person is created and the assignment after it fails, however
        // often the client retries on its own.
        app.script::<Value>(
            "window.__failFacePatch = true;
             const original = window.fetch.bind(window);
             window.fetch = (input, init) => {
                 const method = (init && init.method) || (input && input.method) || 'GET';
                 const url = typeof input === 'string' ? input : input.url;
                 if (window.__failFacePatch && method.toUpperCase() === 'PATCH' && url.includes('/api/faces/')) {
                     return Promise.reject(new TypeError('Failed to fetch'));
                 }
                 return original(input, init);
             };
             return null;",
            vec![],
        )
        .await?;
        pick_new_person_for(app, &face, NAME).await?;

        let toast = wait_for_toast_containing(app, "Not saved").await?;
        let message = toast.prop("textContent").await?.unwrap_or_default();
        assert!(message.contains("was created and kept"), "the toast says the person exists: {message:?}");
        assert_eq!(people_named(app, NAME).await?.len(), 1, "the person was created once");

        app.script::<Value>("window.__failFacePatch = false; return null;", vec![]).await?;
        toast.find(By::Css("[data-testid=\"retry\"]")).await?.click().await?;
        let id = face.id.clone();
        let assigned = wait_for_faces(app, &asset, "the retried assignment", |faces| {
            faces.iter().any(|f| f.id == id && f.person_id.is_some())
        })
        .await?;
        let named = people_named(app, NAME).await?;
        assert_eq!(named.len(), 1, "Retry reuses the created person: {named:?}");
        let person_id = assigned.iter().find(|f| f.id == face.id).and_then(|f| f.person_id.clone());
        assert_eq!(person_id.as_ref(), Some(&named[0].id));
        let creates = app
            .api()
            .request_log()
            .await?
            .into_iter()
            .filter(|entry| entry.method == "POST" && entry.path == "/api/people")
            .count();
        assert_eq!(creates, 1, "one POST /api/people in all");
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn face_double_click_and_enter() {
    run_browser_test("face-double-click", async |app| {
        let (asset, faces, face) = unassigned_group_face(app).await?;

        app.sign_in().await?;
        open_with_face(app, &asset, faces.len(), &face).await?;

        // A double click on Assign opens the picker and leaves it open.
        let row = app.wait_for(&format!("[data-face-row=\"{}\"]", face.id)).await?;
        let assign = row.find(By::Css("[data-testid=\"face-reassign\"]")).await?;
        app.driver()?.action_chain().double_click_element(&assign).perform().await?;
        app.wait_for_test_id("person-picker").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(app.find_all("[data-testid=\"person-picker\"]").await?.len(), 1, "the picker stays open");
        app.wait_for_test_id("picker-cancel").await?.click().await?;
        app.wait_for_count("[data-testid=\"person-picker\"]", 0).await?;

        // The delete confirmation starts on Cancel, so a second Enter keeps the face.
        let face_box = app.wait_for(&format!(".face-overlay [data-face-id=\"{}\"]", face.id)).await?;
        app.script::<Value>("arguments[0].focus();", vec![face_box.to_json()?]).await?;
        face_box.send_keys(Key::Delete).await?;
        app.wait_for_test_id("confirm-delete").await?;
        app.wait_until(
            "Cancel to have the focus",
            "return document.activeElement && document.activeElement.getAttribute('data-testid') === 'confirm-delete-cancel';",
            vec![],
        )
        .await?;
        app.driver()?.action_chain().send_keys(Key::Enter).perform().await?;
        app.wait_for_count("[data-testid=\"confirm-delete\"]", 0).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let now = faces_of(app, &asset).await?;
        assert!(now.iter().any(|f| f.id == face.id), "Enter on the confirmation did not delete the face");
        assert!(
            app.api().request_log().await?.iter().all(|entry| entry.method != "DELETE"),
            "no DELETE was sent"
        );
        app.check_console_has_no_errors().await?;
        Ok(())
    })
    .await;
}
