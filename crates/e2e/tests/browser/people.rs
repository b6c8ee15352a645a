//! The people grid and a person's page.

use std::collections::{HashMap, HashSet};

use gumnut_e2e::run_browser_test;
use gumnut_types::{Asset, Page};

use crate::support::{
    data_ids, duplicates, load_all_cards, wait_for_images_in, wait_for_settled_count,
};

const PERSON_CARD: &str = "[data-testid=\"people-grid\"] [data-person-id]";

const PERSON_PHOTO: &str = "[data-testid=\"person-photos\"] [data-asset-id]";

/// The person with the most photos in the demo library.
const DEMO_PERSON: &str = "Jesper";

/// What a person card shows in place of a missing name.
const UNNAMED_LABEL: &str = "Unnamed";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn person_deep_link_shows_name_and_photos() {
    run_browser_test("person-page", async |app| {
        let person = app.api().person_by_name(DEMO_PERSON).await?;
        let asset_count = person.asset_count.unwrap_or_default() as usize;
        assert!(asset_count > 1, "{DEMO_PERSON} should be on several photos");
        let their_assets: Page<Asset> = app
            .api()
            .get(&format!("/api/assets?person_ids={}&limit=200", person.id))
            .await?;

        // Signing in lands on the library. The person page is then opened
        // as a fresh page load of its own URL, as a bookmark would.
        app.sign_in().await?;
        app.goto(&format!("/people/{}", person.id)).await?;

        app.wait_for_test_id("person-header").await?;
        let name = app.wait_for_test_id("person-name").await?;
        assert_eq!(name.text().await?.trim(), DEMO_PERSON);

        app.wait_for_test_id("person-photos").await?;
        wait_for_settled_count(app, PERSON_PHOTO).await?;
        let shown_ids = load_all_cards(app, PERSON_PHOTO, asset_count).await?;
        let settled = wait_for_settled_count(app, PERSON_PHOTO).await?;
        assert_eq!(
            settled, asset_count,
            "photos shown vs the person's asset_count"
        );
        assert_eq!(
            duplicates(&shown_ids),
            Vec::<String>::new(),
            "photos shown twice"
        );

        let shown: HashSet<String> = shown_ids.into_iter().collect();
        let expected: HashSet<String> = their_assets
            .data
            .iter()
            .map(|asset| asset.id.to_string())
            .collect();
        assert_eq!(
            shown, expected,
            "photos shown vs GET /api/assets?person_ids="
        );

        wait_for_images_in(app, PERSON_PHOTO).await?;
        app.script::<serde_json::Value>("window.scrollTo(0, 0); return null;", vec![])
            .await?;
        app.screenshot("person-page").await?;
        app.check_console_has_no_errors().await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_grid_lists_names_or_unnamed() {
    run_browser_test("people-grid", async |app| {
        let people = app.api().all_people().await?;
        let names: HashMap<String, Option<String>> = people
            .iter()
            .map(|person| {
                (
                    person.id.to_string(),
                    person.display_name().map(str::to_owned),
                )
            })
            .collect();

        app.sign_in().await?;
        app.goto("/people").await?;
        app.wait_for_test_id("people-grid").await?;
        wait_for_settled_count(app, PERSON_CARD).await?;

        let shown_ids = data_ids(app, PERSON_CARD, "data-person-id").await?;
        assert_eq!(
            duplicates(&shown_ids),
            Vec::<String>::new(),
            "people shown twice"
        );

        let cards = app.find_all(PERSON_CARD).await?;
        for (card, id) in cards.iter().zip(&shown_ids) {
            let Some(name) = names.get(id) else {
                panic!("card for {id}, who is not in GET /api/people?name_filter=all");
            };
            let text = card.text().await?;
            let label = name.as_deref().unwrap_or(UNNAMED_LABEL);
            assert!(
                text.contains(label),
                "card for {id} should show {label:?}, shows {text:?}"
            );
        }

        // Named, visible people are what the grid exists for.
        let shown: HashSet<&str> = shown_ids.iter().map(String::as_str).collect();
        for person in people
            .iter()
            .filter(|person| person.display_name().is_some() && !person.is_hidden)
        {
            assert!(
                shown.contains(person.id.as_str()),
                "named person {:?} ({}) is missing from the grid",
                person.name,
                person.id
            );
        }

        app.screenshot("people-grid").await?;
        app.check_console_has_no_errors().await?;
        Ok(())
    })
    .await;
}
