//! The library grid: the first page of cards, thumbnails and loading more.

use std::collections::HashSet;

use gumnut_e2e::run_browser_test;
use gumnut_types::{Asset, Page};

use crate::support::{
    data_ids, duplicates, load_all_cards, wait_for_images_in, wait_for_settled_count,
};

/// Number of photos in the demo library.
const DEMO_ASSET_COUNT: usize = 26;

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
        let shown_ids = load_all_cards(app, ASSET_CARD, all_assets.len()).await?;
        // More loading after reaching the total must not add anything.
        let settled = wait_for_settled_count(app, ASSET_CARD).await?;

        assert_eq!(
            duplicates(&shown_ids),
            Vec::<String>::new(),
            "assets shown twice"
        );
        assert_eq!(settled, DEMO_ASSET_COUNT);
        let shown: HashSet<String> = shown_ids.into_iter().collect();
        let expected: HashSet<String> = all_assets
            .iter()
            .map(|asset| asset.id.to_string())
            .collect();
        assert_eq!(shown, expected);

        app.screenshot("library-all").await?;
        Ok(())
    })
    .await;
}
