//! The asset page: face boxes over the photo, including photos stored
//! rotated, and highlighting a face from the face list or the URL.

use gumnut_e2e::{App, E2eError, run_browser_test};
use gumnut_types::Asset;
use serde_json::Value;

use crate::support::{FACE_BOX, check_face_boxes, drawn_face_boxes, wait_for_asset_image};

/// A demo photo with many faces.
const CROWDED_PHOTO: &str = "bar55.jpg";

/// Demo photos whose EXIF orientation rotates or flips the stored pixels:
/// 6 and 8 turn a landscape file into a portrait photo, 3 turns it upside down.
const ROTATED_PHOTOS: &[&str] = &[
    "new_wave_1.jpg",
    "wayne.jpg",
    "pool_2.jpg",
    "grand_canyon_1.jpg",
];

async fn asset_with_faces(app: &App, file_name: &str) -> Result<Asset, E2eError> {
    let asset = app.api().asset_by_file_name(file_name).await?;
    app.api().asset_with_faces(&asset.id).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asset_page_draws_one_box_per_face() {
    run_browser_test("asset-faces", async |app| {
        let asset = asset_with_faces(app, CROWDED_PHOTO).await?;
        let face_count = asset.faces.as_ref().map_or(0, Vec::len);
        assert!(
            face_count > 1,
            "{CROWDED_PHOTO} should have several faces, has {face_count}"
        );

        app.sign_in().await?;
        check_face_boxes(app, &asset).await?;
        app.screenshot("asset-faces").await?;
        app.check_console_has_no_errors().await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotated_photos_place_boxes_correctly() {
    run_browser_test("rotated-photos", async |app| {
        app.sign_in().await?;

        for file_name in ROTATED_PHOTOS {
            let asset = asset_with_faces(app, file_name).await?;
            let face_count = asset.faces.as_ref().map_or(0, Vec::len);
            assert!(face_count > 0, "{file_name} should have faces");

            check_face_boxes(app, &asset).await?;

            let layout = wait_for_asset_image(app).await?;
            let (width, height) = asset.display_size().unwrap_or_default();
            assert_eq!(
                layout.natural_height > layout.natural_width,
                height > width,
                "{file_name}: the asset is {width}×{height} but the picture is {}×{}",
                layout.natural_width,
                layout.natural_height,
            );

            let stem = file_name.trim_end_matches(".jpg");
            app.screenshot(&format!("rotated-{stem}")).await?;
            app.check_console_has_no_errors().await?;
        }
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn face_row_hover_and_link_highlight_box() {
    run_browser_test("face-highlight", async |app| {
        let asset = asset_with_faces(app, CROWDED_PHOTO).await?;
        let faces = asset.faces.clone().unwrap_or_default();
        assert!(
            faces.len() >= 3,
            "{CROWDED_PHOTO} should have at least three faces"
        );

        app.sign_in().await?;
        app.goto(&format!("/assets/{}", asset.id)).await?;
        wait_for_asset_image(app).await?;
        app.wait_for_count(FACE_BOX, faces.len()).await?;
        app.wait_for_count("[data-face-row]", faces.len()).await?;

        // Not the first face, so a page that highlights the first box by
        // default cannot pass by accident.
        let hovered = &faces[1];
        let row = app
            .wait_for(&format!("[data-face-row=\"{}\"]", hovered.id))
            .await?;
        row.scroll_into_view().await?;
        app.driver()?
            .action_chain()
            .move_to_element_center(&row)
            .perform()
            .await?;
        wait_for_only_active_box(app, hovered.id.as_str()).await?;
        app.screenshot("face-highlight-hover").await?;

        let linked = &faces[2];
        app.goto(&format!("/assets/{}?face={}", asset.id, linked.id))
            .await?;
        wait_for_asset_image(app).await?;
        app.wait_for_count(FACE_BOX, faces.len()).await?;
        wait_for_only_active_box(app, linked.id.as_str()).await?;
        app.screenshot("face-highlight-link").await?;
        app.check_console_has_no_errors().await?;
        Ok(())
    })
    .await;
}

/// Waits until the box of `face_id` is highlighted, then checks that no
/// other box is.
async fn wait_for_only_active_box(app: &App, face_id: &str) -> Result<(), E2eError> {
    app.wait_until(
        &format!("the box of face {face_id} to be highlighted"),
        "const box = document.querySelector(arguments[0] + '[data-face-id=\"' + arguments[1] + '\"]'); \
         return !!box && box.classList.contains('face-box--active');",
        vec![Value::from(".face-overlay "), Value::from(face_id)],
    )
    .await?;

    let active: Vec<String> = drawn_face_boxes(app)
        .await?
        .into_iter()
        .filter(|face_box| face_box.active)
        .map(|face_box| face_box.id)
        .collect();
    assert_eq!(
        active,
        vec![face_id.to_owned()],
        "exactly the chosen face's box should be highlighted"
    );
    Ok(())
}
