//! Pages for what went wrong: not found, and a failed request with Retry.

use gumnut_e2e::run_browser_test;
use serde_json::json;

/// Ids in the API's format that no demo entity has.
const UNKNOWN_ASSET: &str = "asset_2222222222222222222222";
const UNKNOWN_PERSON: &str = "person_2222222222222222222222";

/// More failures than the web app's retries use up for one request.
const FAILED_REQUESTS: u32 = 20;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_ids_and_routes_show_not_found() {
    run_browser_test("not-found", async |app| {
        app.sign_in().await?;

        let cases = [
            ("asset", format!("/assets/{UNKNOWN_ASSET}")),
            ("person", format!("/people/{UNKNOWN_PERSON}")),
            ("route", "/no/such/page".to_owned()),
        ];
        for (case, route) in cases {
            app.goto(&route).await?;
            app.wait_for_test_id("not-found").await?;
            let error_views = app.find_all("[data-testid=\"error-view\"]").await?;
            assert!(
                error_views.is_empty(),
                "{route}: not found is not an error, yet the error view shows"
            );
            app.screenshot(&format!("not-found-{case}")).await?;
        }
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_request_shows_retry_that_recovers() {
    run_browser_test("error-retry", async |app| {
        app.sign_in().await?;
        app.wait_for_test_id("library-grid").await?;

        app.api()
            .set_faults(&json!({"fail_next": FAILED_REQUESTS, "fail_status": 500}))
            .await?;
        app.goto("/people").await?;
        app.wait_for_test_id("error-view").await?;
        app.screenshot("error-view").await?;

        let log = app.api().request_log().await?;
        assert!(
            log.iter().any(|entry| entry.status == 500),
            "the injected failures never reached the app: {log:?}"
        );

        app.api().clear_faults().await?;
        let retry = app.wait_for_test_id("retry").await?;
        retry.click().await?;

        app.wait_for("[data-testid=\"people-grid\"] [data-person-id]")
            .await?;
        let error_views = app.find_all("[data-testid=\"error-view\"]").await?;
        assert!(
            error_views.is_empty(),
            "the error view is still shown after a successful retry"
        );
        app.screenshot("error-retry-recovered").await?;
        Ok(())
    })
    .await;
}
