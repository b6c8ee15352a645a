//! The library grid: the first page of cards, thumbnails and loading more.

use std::collections::HashSet;
use std::path::Path;

use gumnut_e2e::{App, E2eError, run_browser_test, run_browser_test_with};
use gumnut_server::synthetic::{self, SyntheticOptions};
use gumnut_types::{Asset, Page};

use crate::support::{
    data_ids, duplicates, load_all_cards, wait_for_images_in, wait_for_settled_count,
};

/// Number of photos in the demo library.
const DEMO_ASSET_COUNT: usize = 26;

/// Synthetic faces added for the paging test; the generator puts about
/// three faces on each asset, so the library grows by about 100 assets,
/// several pages at the page sizes a grid uses.
const SYNTHETIC_FACES: usize = 300;

const SYNTHETIC_PEOPLE: usize = 20;

const ASSET_CARD: &str = "[data-testid=\"library-grid\"] [data-asset-id]";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn library_grid_shows_first_page() {
    run_browser_test("library-grid", async |app| {
        app.sign_in().await?;
        app.wait_for_test_id("library-grid").await?;
        let shown = wait_for_settled_count(app, ASSET_CARD).await?;

        // Replay the asset list requests the app made, so the expectation
        // follows the app's own page size and filters.
        let log = app.api().request_log().await?;
        let requests: Vec<String> = log
            .iter()
            .filter(|entry| {
                entry.method == "GET" && entry.path == "/api/assets" && entry.status == 200
            })
            .map(|entry| match entry.query.as_deref() {
                Some(query) if !query.is_empty() => format!("/api/assets?{query}"),
                _ => "/api/assets".to_owned(),
            })
            .collect();
        assert!(
            !requests.is_empty(),
            "the app made no successful GET /api/assets request: {log:?}"
        );

        let mut expected_ids = Vec::new();
        for request in &requests {
            let page: Page<Asset> = app.api().get(request).await?;
            expected_ids.extend(page.data.into_iter().map(|asset| asset.id.to_string()));
        }
        let shown_ids = data_ids(app, ASSET_CARD, "data-asset-id").await?;
        assert_eq!(
            shown,
            expected_ids.len(),
            "cards shown vs assets in the pages the app loaded ({requests:?})"
        );
        assert_eq!(
            shown_ids, expected_ids,
            "cards differ from the pages the app loaded ({requests:?})"
        );

        let loaded = wait_for_images_in(app, ASSET_CARD).await?;
        assert_eq!(loaded, shown);

        app.script::<serde_json::Value>("window.scrollTo(0, 0); return null;", vec![])
            .await?;
        app.screenshot("library-grid").await?;
        app.check_console_has_no_errors().await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn library_loads_every_asset_once() {
    run_browser_test("library-all", async |app| {
        let all_assets = app.api().all_assets().await?;
        assert_eq!(
            all_assets.len(),
            DEMO_ASSET_COUNT,
            "the demo library should have {DEMO_ASSET_COUNT} assets"
        );

        app.sign_in().await?;
        app.wait_for_test_id("library-grid").await?;
        wait_for_settled_count(app, ASSET_CARD).await?;
        show_all_assets(app, &all_assets).await?;

        app.screenshot("library-all").await?;
        app.check_console_has_no_errors().await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn library_load_more_pages_through_all() {
    run_browser_test_with("library-load-more", add_synthetic_assets, async |app| {
        let all_assets = app.api().all_assets().await?;

        app.sign_in().await?;
        app.wait_for_test_id("library-grid").await?;
        let first = wait_for_settled_count(app, ASSET_CARD).await?;
        assert!(
            first < all_assets.len(),
            "the first page shows {first} of {} assets, so nothing is left to load",
            all_assets.len()
        );

        show_all_assets(app, &all_assets).await?;

        app.screenshot("library-load-more").await?;
        app.check_console_has_no_errors().await?;
        Ok(())
    })
    .await;
}

/// Loads cards until the grid shows `all_assets`, then checks that each
/// asset appears exactly once and that no more cards arrive afterwards.
async fn show_all_assets(app: &App, all_assets: &[Asset]) -> Result<(), E2eError> {
    let shown_ids = load_all_cards(app, ASSET_CARD, all_assets.len()).await?;
    let settled = wait_for_settled_count(app, ASSET_CARD).await?;

    assert_eq!(
        duplicates(&shown_ids),
        Vec::<String>::new(),
        "assets shown twice"
    );
    assert_eq!(
        settled,
        all_assets.len(),
        "cards shown once loading stopped"
    );
    let shown: HashSet<String> = shown_ids.into_iter().collect();
    let expected: HashSet<String> = all_assets
        .iter()
        .map(|asset| asset.id.to_string())
        .collect();
    assert_eq!(shown, expected, "assets shown vs GET /api/assets");
    Ok(())
}

/// Adds synthetic people, assets and faces to the data folder. The
/// generator seeds the demo library first, so the server finds it seeded.
fn add_synthetic_assets(data_dir: &Path) -> Result<(), E2eError> {
    let failed =
        |error: String| E2eError::Setup(format!("adding a synthetic library failed: {error}"));

    let mut connection =
        gumnut_server::db::open(data_dir).map_err(|error| failed(error.to_string()))?;
    gumnut_server::ensure_library(&connection).map_err(|error| failed(error.to_string()))?;
    let store = gumnut_server::media::MediaStore::new(data_dir);
    let options = SyntheticOptions {
        people: SYNTHETIC_PEOPLE,
        faces: SYNTHETIC_FACES,
        seed: 7,
    };
    let demo_dir = gumnut_server::Config::default_demo_dir();
    synthetic::generate(&mut connection, &demo_dir, &store, options)
        .map_err(|error| failed(error.to_string()))?;
    Ok(())
}
