//! People management in the browser: the people grid's sort, filters and
//! URL, the person page's field edits, bulk face moves, merge with undo,
//! and the windowed grid with a 10,000-person library.
//!
//! Needs the release UI (`GUMNUT_UI_DIR`), chromedriver and Chromium, as the
//! other browser tests do.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use gumnut_e2e::{App, E2eError, run_browser_test, run_browser_test_with};
use gumnut_server::synthetic::{self, SyntheticOptions};
use gumnut_types::{Asset, Face, Page, Person};
use serde_json::{Value, json};
use thirtyfour::prelude::*;

const PERSON_CARD: &str = "[data-testid=\"people-grid\"] [data-person-id]";

const PERSON_CARD_IMAGE: &str = "[data-testid=\"people-grid\"] [data-person-id] img";

const FACE_TILE: &str = "[data-testid=\"person-faces\"] [data-face-tile]";

/// Every `sort` value of `GET /api/people`.
const SORTS: [&str; 6] = [
    "created_at_desc",
    "created_at_asc",
    "name_asc",
    "name_desc",
    "asset_count_desc",
    "asset_count_asc",
];

/// How long the grid must keep the same cards to count as settled.
const SETTLE_TIME: Duration = Duration::from_millis(800);

/// How long a wait for the server's state may take.
const STATE_TIMEOUT: Duration = Duration::from_secs(30);

/// People in the large synthetic library.
const LARGE_LIBRARY_PEOPLE: usize = 10_000;

/// Faces in the large synthetic library; fewer than the people would leave
/// most people faceless, which the grid handles, but this keeps crops real.
const LARGE_LIBRARY_FACES: usize = 12_000;

/// The grid may keep fewer elements than this in its DOM at any scroll
/// position, whatever the library size.
const MAX_GRID_ELEMENTS: usize = 600;

// ---------------------------------------------------------------------------
// Grid: sort, filters and URL
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grid_sorts_and_filters_match_api() {
    run_browser_test("people-grid-controls", async |app| {
        let api = Api::new(app);
        // A hidden person, a favorite and a right-to-left name with an emoji,
        // so every control has something to change.
        let named = api.people("name_filter=named&sort=asset_count_desc").await?;
        assert!(named.len() >= 4, "the demo library should have at least 4 named people");
        let hidden = &named[named.len() - 1];
        let favorite = &named[named.len() - 2];
        let renamed = &named[named.len() - 3];
        api.patch(&format!("/api/people/{}", hidden.id), json!({"is_hidden": true})).await?;
        api.patch(&format!("/api/people/{}", favorite.id), json!({"is_favorite": true})).await?;
        api.patch(&format!("/api/people/{}", renamed.id), json!({"name": "דנה 🙂 כהן"})).await?;

        app.sign_in().await?;
        for names in ["named", "all", "unnamed"] {
            for sort in SORTS {
                if names == "unnamed" && sort.starts_with("name_") {
                    continue;
                }
                let url = format!("/people?sort={sort}&names={names}&hidden=show");
                app.goto(&url).await?;
                let shown = settled_card_ids(app).await?;
                let expected = api.people(&format!("name_filter={names}&sort={sort}")).await?;
                let expected: Vec<String> = expected.iter().map(|person| person.id.to_string()).collect();
                assert_eq!(shown, expected, "cards at {url} vs GET /api/people");
            }
        }

        // The default view: named people only, hidden ones left out.
        app.goto("/people").await?;
        let shown = settled_card_ids(app).await?;
        let expected: Vec<String> = api
            .people("name_filter=named")
            .await?
            .iter()
            .filter(|person| !person.is_hidden)
            .map(|person| person.id.to_string())
            .collect();
        assert_eq!(shown, expected, "default view vs named, not hidden");
        assert!(!shown.contains(&hidden.id.to_string()), "hidden person shown by default");
        let named_button = app.wait_for_test_id("names-named").await?;
        assert_eq!(named_button.attr("aria-pressed").await?.as_deref(), Some("true"), "Named is the visible default");

        // Controls write the URL: sort, name filter, show hidden, favorites first.
        select_option(app, "people-sort", "asset_count_asc").await?;
        wait_for_url(app, "sort=asset_count_asc").await?;
        app.wait_for_test_id("names-all").await?.click().await?;
        wait_for_url(app, "names=all").await?;
        app.wait_for_test_id("show-hidden").await?.click().await?;
        wait_for_url(app, "hidden=show").await?;
        app.wait_for_test_id("favorites-first").await?.click().await?;
        wait_for_url(app, "favorites=first").await?;
        let shown = settled_card_ids(app).await?;
        assert_eq!(shown.first(), Some(&favorite.id.to_string()), "favorite comes first");
        let mut expected: Vec<Person> = api.people("name_filter=all&sort=asset_count_asc").await?;
        expected.sort_by_key(|person| !person.is_favorite);
        let expected: Vec<String> = expected.iter().map(|person| person.id.to_string()).collect();
        assert_eq!(shown, expected, "favorites first, then the API order");

        // The same URL in a new tab shows the same view.
        let url = app.current_url().await?;
        let driver = app.driver()?;
        let original_tab = driver.window().await?;
        let tab = driver.new_tab().await?;
        driver.switch_to_window(tab).await?;
        // The API key lives in the tab's sessionStorage, so the new tab
        // signs in first.
        app.sign_in().await?;
        driver.goto(&url).await?;
        let in_new_tab = settled_card_ids(app).await?;
        assert_eq!(in_new_tab, shown, "the view at {url} in a new tab");
        driver.close_window().await?;
        driver.switch_to_window(original_tab).await?;

        // Name search, debounced, with a right-to-left name and an emoji.
        app.goto("/people?names=all").await?;
        let search = app.wait_for_test_id("people-search").await?;
        search.send_keys("דנה 🙂").await?;
        wait_for_url(app, "q=").await?;
        let shown = settled_card_ids(app).await?;
        let expected: Vec<String> = api
            .people(&format!("name_filter=all&name={}", encode("דנה 🙂")))
            .await?
            .iter()
            .map(|person| person.id.to_string())
            .collect();
        assert_eq!(expected, vec![renamed.id.to_string()], "the API finds the renamed person");
        assert_eq!(shown, expected, "search results vs GET /api/people?name=");
        let card = app.wait_for(&format!("[data-person-id=\"{}\"]", renamed.id)).await?;
        assert!(card.text().await?.contains("דנה 🙂 כהן"), "card shows the full name");

        app.goto("/people").await?;
        settled_card_ids(app).await?;
        wait_for_images(app, PERSON_CARD_IMAGE).await?;
        app.screenshot("people-grid-controls").await?;

        // At phone width the grid keeps two columns.
        app.driver()?.set_window_rect(0, 0, 390, 844).await?;
        app.wait_until(
            "the grid to lay out two columns",
            "const cards = Array.from(document.querySelectorAll(arguments[0]));
             return cards.length >= 2 && cards[0].getBoundingClientRect().top === cards[1].getBoundingClientRect().top;",
            vec![Value::from(PERSON_CARD)],
        )
        .await?;
        app.screenshot("people-grid-phone").await?;
        app.check_console_has_no_errors().await?;
        Ok(())
    })
    .await;
}

// ---------------------------------------------------------------------------
// Person page: field edits
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn person_fields_persist_and_grid_is_fresh() {
    run_browser_test("person-fields", async |app| {
        let api = Api::new(app);
        let named = api.people("name_filter=named&sort=asset_count_desc").await?;
        let person = named.first().cloned().ok_or_else(|| unexpected("no named people in the demo"))?;
        let faces = api.faces_of(&person.id.to_string()).await?;
        let new_cover = faces
            .iter()
            .find(|face| Some(&face.id) != person.thumbnail_face_id.as_ref())
            .ok_or_else(|| unexpected("the person needs two faces to change the cover"))?;
        let path = format!("/people/{}", person.id);

        app.sign_in().await?;
        app.goto(&path).await?;
        app.wait_for_test_id("person-header").await?;

        // A name over the limit is rejected with a message and not saved.
        // The text is selected so typing replaces it. WebDriver's clear
        // would also blur the field, which saves it.
        click(app, "[data-testid=\"rename\"]").await?;
        let input = app.wait_for_test_id("name-input").await?;
        wait_for_selected_name(app).await?;
        input.send_keys("x".repeat(201)).await?;
        input.send_keys(Key::Enter).await?;
        let error = app.wait_for_test_id("name-error").await?;
        assert!(error.text().await?.contains("at most 200"), "long-name message");
        input.send_keys(Key::Escape).await?;
        assert_eq!(api.person(&person.id.to_string()).await?.name, person.name, "a rejected name is not saved");

        // Rename, trimmed.
        click(app, "[data-testid=\"rename\"]").await?;
        let input = app.wait_for_test_id("name-input").await?;
        wait_for_selected_name(app).await?;
        input.send_keys("  Renée Ødegård  ").await?;
        input.send_keys(Key::Enter).await?;
        wait_for_person(&api, &person.id.to_string(), "the new name", |person| {
            person.name.as_deref() == Some("Renée Ødegård")
        })
        .await?;

        // Birth date as plain YYYY-MM-DD, with the age shown.
        let birth = app.wait_for_test_id("birth-date-input").await?;
        birth.clear().await?;
        birth.send_keys("1990-02-28").await?;
        birth.send_keys(Key::Enter).await?;
        wait_for_person(&api, &person.id.to_string(), "the birth date", |person| {
            person.birth_date.as_deref() == Some("1990-02-28")
        })
        .await?;
        let age = app.wait_for_test_id("age").await?;
        assert!(age.text().await?.ends_with("years old"), "age is shown");

        // Favorite and hide.
        click(app, "[data-testid=\"toggle-favorite\"]").await?;
        wait_for_person(&api, &person.id.to_string(), "the favorite mark", |person| person.is_favorite).await?;
        click(app, "[data-testid=\"toggle-hidden\"]").await?;
        wait_for_person(&api, &person.id.to_string(), "the hidden mark", |person| person.is_hidden).await?;

        // Cover: one selected face becomes the person's picture.
        click(app, &format!("[data-face-tile=\"{}\"]", new_cover.id)).await?;
        click(app, "[data-testid=\"set-cover\"]").await?;
        wait_for_person(&api, &person.id.to_string(), "the new cover", |person| {
            person.thumbnail_face_id.as_ref() == Some(&new_cover.id)
        })
        .await?;

        // The asset page shows the age at capture next to the name.
        let photos: Page<Asset> = app.api().get(&format!("/api/assets?person_ids={}&limit=200", person.id)).await?;
        let photo = photos
            .data
            .iter()
            .find(|asset| asset.local_datetime.is_some())
            .ok_or_else(|| unexpected("none of the person's photos has a capture time"))?;
        let expected_age = age_on_capture((1990, 2, 28), photo.local_datetime.as_deref().unwrap_or_default());
        app.goto(&format!("/assets/{}", photo.id)).await?;
        let age = app.wait_for_test_id("age-at-capture").await?;
        assert_eq!(age.text().await?.trim(), format!("age {expected_age} here"), "age at capture on {}", photo.id);

        // A reload shows every change.
        app.goto(&path).await?;
        let name = app.wait_for_test_id("person-name").await?;
        assert_eq!(name.text().await?.trim(), "Renée Ødegård", "name after reload");
        let birth = app.wait_for_test_id("birth-date-input").await?;
        assert_eq!(birth.prop("value").await?.as_deref(), Some("1990-02-28"), "birth date after reload");
        let favorite = app.wait_for_test_id("toggle-favorite").await?;
        assert_eq!(favorite.attr("aria-pressed").await?.as_deref(), Some("true"), "favorite after reload");
        let hidden = app.wait_for_test_id("toggle-hidden").await?;
        assert_eq!(hidden.attr("aria-pressed").await?.as_deref(), Some("true"), "hidden after reload");
        let cover_tile = app.wait_for(&format!("[data-face-tile=\"{}\"] [data-testid=\"cover-badge\"]", new_cover.id)).await;
        assert!(cover_tile.is_ok(), "cover badge on the chosen face after reload");
        app.script::<Value>("window.scrollTo(0, 0); return null;", vec![]).await?;
        app.screenshot("person-page-edited").await?;

        // The grid, reached inside the app, shows the fresh card: hidden by
        // default, and with the new name, star and badge when hidden are shown.
        click_nav_link(app, "/people").await?;
        let shown = settled_card_ids(app).await?;
        assert!(!shown.contains(&person.id.to_string()), "hidden person left out of the default grid");
        app.wait_for_test_id("show-hidden").await?.click().await?;
        wait_for_url(app, "hidden=show").await?;
        let card = app.wait_for(&format!("[data-person-id=\"{}\"]", person.id)).await?;
        let text = card.text().await?;
        assert!(text.contains("Renée Ødegård"), "card shows the new name, shows {text:?}");
        assert!(text.contains("Hidden"), "card shows the hidden badge");
        assert!(text.contains('★'), "card shows the favorite star");

        app.check_console_has_no_errors().await?;
        Ok(())
    })
    .await;
}

// ---------------------------------------------------------------------------
// Bulk moves
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_move_retries_failure_and_undoes() {
    run_browser_test("bulk-move", async |app| {
        let api = Api::new(app);
        let source = api.post("/api/people", json!({"name": "Bulk Source"})).await?;
        let target = api.post("/api/people", json!({"name": "Bulk Target"})).await?;
        let source_id = id_of(&source)?;
        let target_id = id_of(&target)?;
        let created = api.create_faces(&source_id, 30).await?;
        assert_eq!(api.faces_of(&source_id).await?.len(), 30, "setup: 30 faces on the source");

        app.sign_in().await?;
        app.goto(&format!("/people/{source_id}")).await?;
        app.wait_for_count(FACE_TILE, 30).await?;

        // Click, then shift-click selects a range; select all takes the rest.
        let tiles = app.find_all(FACE_TILE).await?;
        tiles[2].click().await?;
        app.driver()?
            .action_chain()
            .key_down(Key::Shift)
            .click_element(&tiles[6])
            .key_up(Key::Shift)
            .perform()
            .await?;
        let count = app.wait_for_test_id("selected-faces").await?;
        assert_eq!(count.text().await?.trim(), "5 selected", "shift-click selects faces 3 to 7");
        app.wait_for_test_id("select-all-faces").await?.click().await?;
        assert_eq!(count.text().await?.trim(), "30 selected", "select all loaded");

        app.wait_for_test_id("move-faces").await?.click().await?;
        app.wait_for_test_id("person-picker").await?;
        app.wait_for_test_id("picker-search").await?.send_keys("Bulk Target").await?;
        app.wait_for(&format!("[data-testid=\"picker-option\"][data-person-id=\"{target_id}\"]"))
            .await?
            .click()
            .await?;
        let confirm = app.wait_for_test_id("bulk-confirm-move").await?;

        // The next API request, the first face move, fails. A 422 is not
        // retried by the client, so exactly one face stays behind; a 500
        // would be retried and succeed.
        api.set_faults(json!({"fail_next": 1, "fail_status": 422})).await?;
        confirm.click().await?;
        let failures = app.wait_for_test_id("bulk-failures").await?;
        let text = failures.text().await?;
        assert!(text.contains("Moved 29 of 30"), "failure summary, shows {text:?}");
        assert!(text.contains("1 failed"), "failure count, shows {text:?}");
        assert_eq!(api.faces_of(&target_id).await?.len(), 29, "29 faces moved before the retry");

        app.wait_for_test_id("bulk-retry").await?.click().await?;
        wait_for_face_count(&api, &target_id, 30).await?;
        wait_for_face_count(&api, &source_id, 0).await?;

        // One Undo restores the whole batch.
        app.wait_until(
            "a toast for the whole batch",
            "return Array.from(document.querySelectorAll('[data-testid=\"toast\"]'))
                 .some(toast => toast.textContent.includes('Moved 30 faces') && toast.querySelector('[data-testid=\"undo\"]'));",
            vec![],
        )
        .await?;
        app.script::<Value>(
            "Array.from(document.querySelectorAll('[data-testid=\"toast\"]'))
                 .find(toast => toast.textContent.includes('Moved 30 faces'))
                 .querySelector('[data-testid=\"undo\"]').click();
             return null;",
            vec![],
        )
        .await?;
        wait_for_face_count(&api, &source_id, 30).await?;
        wait_for_face_count(&api, &target_id, 0).await?;
        let restored: HashSet<String> = api.faces_of(&source_id).await?.iter().map(|face| face.id.to_string()).collect();
        let original: HashSet<String> = created.into_iter().collect();
        assert_eq!(restored, original, "the same 30 faces are back on the source");
        app.wait_for_count(FACE_TILE, 30).await?;

        app.check_console_has_no_errors_except(&["status of 422", "injected fault"]).await?;
        Ok(())
    })
    .await;
}

// ---------------------------------------------------------------------------
// Merge
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn merge_two_into_third_and_undo() {
    run_browser_test("merge", async |app| {
        let api = Api::new(app);
        let named = api.people("name_filter=named&sort=asset_count_asc").await?;
        assert!(named.len() >= 3, "the demo library should have three named people");
        let (first, second, target) = (&named[0], &named[1], &named[2]);
        let mut face_counts = HashMap::new();
        for person in [first, second, target] {
            face_counts.insert(person.id.to_string(), api.faces_of(&person.id.to_string()).await?.len());
        }
        let total: usize = face_counts.values().sum();

        app.sign_in().await?;
        app.goto("/people?sort=asset_count_asc").await?;
        settled_card_ids(app).await?;
        app.wait_for_test_id("select-people").await?.click().await?;
        // The first person selected is the default target.
        for person in [target, first, second] {
            app.wait_for(&format!("{PERSON_CARD}[data-person-id=\"{}\"]", person.id)).await?.click().await?;
        }
        assert_eq!(app.wait_for_test_id("selected-count").await?.text().await?.trim(), "3 selected");
        app.wait_for_test_id("merge-selected").await?.click().await?;

        let dialog = app.wait_for_test_id("merge-dialog").await?;
        let sources = app.wait_for_count("[data-testid=\"merge-sources\"] [data-merge-source]", 2).await?;
        for (element, person) in sources.iter().zip([first, second]) {
            let text = element.text().await?;
            let name = person.display_name().unwrap_or_default();
            assert!(text.contains(name), "preview lists {name}, shows {text:?}");
            assert!(text.contains("photo"), "preview shows the photo count, shows {text:?}");
        }
        let result = app.wait_for_test_id("merge-result").await?.text().await?;
        assert!(result.contains(target.display_name().unwrap_or_default()), "result keeps the target's name");
        assert!(dialog.text().await?.contains("new ids"), "the dialog says undo changes ids");
        wait_for_images(app, "[data-testid=\"merge-dialog\"] img").await?;
        app.screenshot("merge-preview").await?;

        app.wait_for_test_id("merge-confirm").await?.click().await?;
        wait_for_url(app, &format!("/people/{}", target.id)).await?;
        app.wait_for_count(FACE_TILE, total).await?;
        assert_eq!(api.faces_of(&target.id.to_string()).await?.len(), total, "target has every face");

        // The sources' pages show that they no longer exist, in the same session.
        for source in [first, second] {
            navigate_in_app(app, &format!("/people/{}", source.id)).await?;
            let gone = app.wait_for_test_id("not-found").await?;
            assert!(gone.text().await?.contains("no longer exists"), "page of merged {}", source.id);
        }
        navigate_in_app(app, &format!("/people/{}", target.id)).await?;
        app.wait_for_count(FACE_TILE, total).await?;

        // Undo re-creates both under new ids, with their names and faces.
        undo_latest(app).await?;
        let started = Instant::now();
        loop {
            let people = api.people("name_filter=all").await?;
            let mut back = 0;
            for person in [first, second] {
                let name = person.name.clone();
                if let Some(again) = people.iter().find(|candidate| candidate.name == name && candidate.id != person.id) {
                    let count = api.faces_of(&again.id.to_string()).await?.len();
                    if count == face_counts[&person.id.to_string()] {
                        back += 1;
                    }
                }
            }
            if back == 2 {
                break;
            }
            assert!(started.elapsed() < STATE_TIMEOUT, "merged people were not re-created with their faces");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        wait_for_face_count(&api, &target.id.to_string(), face_counts[&target.id.to_string()]).await?;

        click_nav_link(app, "/people").await?;
        settled_card_ids(app).await?;
        let grid_text = app.wait_for_test_id("people-grid").await?.text().await?;
        for person in [first, second] {
            let name = person.display_name().unwrap_or_default();
            assert!(grid_text.contains(name), "grid shows {name} again");
        }

        // The merged people's pages asked for people who no longer exist.
        app.check_console_has_no_errors_except(&["status of 404", "not found"]).await?;
        Ok(())
    })
    .await;
}

// ---------------------------------------------------------------------------
// Windowing at scale
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grid_windowing_with_ten_thousand_people() {
    run_browser_test_with("people-windowing", add_large_library, async |app| {
        let api = Api::new(app);
        let expected: Vec<String> = api
            .people("name_filter=all")
            .await?
            .iter()
            .filter(|person| !person.is_hidden)
            .map(|person| person.id.to_string())
            .collect();
        assert!(expected.len() >= LARGE_LIBRARY_PEOPLE, "library has {} people", expected.len());

        app.sign_in().await?;
        app.goto("/people?names=all").await?;
        app.wait_for(PERSON_CARD).await?;

        let mut first_seen: Vec<String> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut max_elements = 0;
        let started = Instant::now();
        loop {
            let snapshot: GridSnapshot = app.script(SNAPSHOT_SCRIPT, vec![]).await?;
            max_elements = max_elements.max(snapshot.elements);
            assert!(
                snapshot.elements < MAX_GRID_ELEMENTS,
                "the grid has {} elements at scroll {}",
                snapshot.elements,
                snapshot.scroll_y
            );
            let unique: HashSet<&String> = snapshot.ids.iter().collect();
            assert_eq!(unique.len(), snapshot.ids.len(), "a person is rendered twice at scroll {}", snapshot.scroll_y);
            for id in snapshot.ids {
                if seen.insert(id.clone()) {
                    first_seen.push(id);
                }
            }
            if snapshot.at_bottom && !snapshot.loading && seen.len() >= expected.len() {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(300),
                "scrolling stalled with {} of {} people seen",
                seen.len(),
                expected.len()
            );
            app.script::<Value>("window.scrollBy(0, Math.round(window.innerHeight * 0.8)); return null;", vec![])
                .await?;
            tokio::time::sleep(Duration::from_millis(40)).await;
        }

        assert_eq!(first_seen.len(), expected.len(), "people seen while scrolling");
        assert_eq!(first_seen, expected, "order of people seen vs GET /api/people");
        eprintln!("largest grid DOM while scrolling: {max_elements} elements");
        app.screenshot("people-windowing-end").await?;
        app.check_console_has_no_errors().await?;
        Ok(())
    })
    .await;
}

// ---------------------------------------------------------------------------
// Delete and merge from the person page
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_person_leaves_faces_unassigned() {
    run_browser_test("delete-person", async |app| {
        let api = Api::new(app);
        let named = api.people("name_filter=named&sort=asset_count_asc").await?;
        let person = named.first().cloned().ok_or_else(|| unexpected("no named people in the demo"))?;
        let faces = api.faces_of(&person.id.to_string()).await?;
        assert!(!faces.is_empty(), "the person has faces");

        app.sign_in().await?;
        app.goto(&format!("/people/{}", person.id)).await?;
        // Focus starts in the dialog, so Escape closes it.
        app.wait_for_test_id("delete-person").await?.click().await?;
        app.wait_for_test_id("delete-dialog").await?;
        app.wait_until(
            "focus to move into the delete dialog",
            "return !!document.activeElement && !!document.activeElement.closest('[data-testid=\"delete-dialog\"]');",
            vec![],
        )
        .await?;
        app.driver()?.action_chain().send_keys(Key::Escape).perform().await?;
        app.wait_for_count("[data-testid=\"delete-dialog\"]", 0).await?;

        app.wait_for_test_id("delete-person").await?.click().await?;
        let dialog = app.wait_for_test_id("delete-dialog").await?;
        let text = dialog.text().await?;
        assert!(text.contains("faces stay on the photos"), "the dialog says the faces stay, shows {text:?}");
        assert!(text.contains("unassigned"), "the dialog says the faces become unassigned");
        app.wait_for_test_id("delete-confirm").await?.click().await?;
        wait_for_url(app, "/people").await?;

        for face in &faces {
            let after: Face = app.api().get(&format!("/api/faces/{}", face.id)).await?;
            assert_eq!(after.person_id, None, "face {} is unassigned", face.id);
        }
        app.goto(&format!("/people/{}", person.id)).await?;
        let gone = app.wait_for_test_id("not-found").await?;
        assert!(gone.text().await?.contains("no longer exists"), "deep link to a deleted person");
        app.wait_for("[data-testid=\"not-found\"] a[href=\"/people\"]").await?;
        app.screenshot("person-deleted").await?;
        app.check_console_has_no_errors_except(&["status of 404", "not found"]).await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn person_header_double_click_long_name() {
    run_browser_test("person-double-click", async |app| {
        let api = Api::new(app);
        let long_name = "Maximiliana Aurelia Konstantinopoulou-Vanderberghe von Hohenzollern-Sigmaringen";
        let person = api.post("/api/people", json!({"name": long_name})).await?;
        let id = id_of(&person)?;

        app.sign_in().await?;
        app.goto(&format!("/people/{id}")).await?;
        app.wait_for_test_id("person-header").await?;

        // A double click on Favorite marks the person once, without a refusal.
        let favorite = app.wait_for_test_id("toggle-favorite").await?;
        app.driver()?.action_chain().double_click_element(&favorite).perform().await?;
        wait_for_person(&api, &id, "the favorite mark", |person| person.is_favorite).await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(api.person(&id).await?.is_favorite, "the second click did not undo the first");
        let toasts: Vec<String> = app
            .script("return Array.from(document.querySelectorAll('[data-testid=\"toast\"]')).map(t => t.textContent);", vec![])
            .await?;
        assert!(toasts.iter().all(|toast| !toast.contains("Not sent")), "no refusal toast: {toasts:?}");
        let patches = app
            .api()
            .request_log()
            .await?
            .into_iter()
            .filter(|entry| entry.method == "PATCH" && entry.path == format!("/api/people/{id}"))
            .count();
        assert_eq!(patches, 1, "one PATCH for the double click");

        // A double click on the name leaves the editor open and ready.
        let rename = app.wait_for_test_id("rename").await?;
        app.driver()?.action_chain().double_click_element(&rename).perform().await?;
        app.wait_for_test_id("name-input").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(app.find_all("[data-testid=\"name-input\"]").await?.len(), 1, "the editor stays open");
        let input = app.wait_for_test_id("name-input").await?;
        input.send_keys(Key::Escape).await?;
        app.wait_for_test_id("rename").await?;

        // The long name is cut with its full text in the tooltip, and every
        // action button keeps its label on one line.
        let name = app.wait_for_test_id("person-name").await?;
        assert_eq!(name.attr("title").await?.as_deref(), Some(long_name));
        let cut: bool = app.script("return arguments[0].scrollWidth > arguments[0].clientWidth;", vec![name.to_json()?]).await?;
        assert!(cut, "the long name is truncated");
        let heights: Vec<f64> = app
            .script(
                "return Array.from(document.querySelectorAll('.person-header__actions .button')).map(b => b.getBoundingClientRect().height);",
                vec![],
            )
            .await?;
        assert!(!heights.is_empty() && heights.iter().all(|height| *height < 44.0), "one-line buttons: {heights:?}");
        app.screenshot("person-header-long-name").await?;
        app.check_console_has_no_errors().await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn merge_from_person_page() {
    run_browser_test("merge-person-page", async |app| {
        let api = Api::new(app);
        let source = api.post("/api/people", json!({"name": "Panel Source"})).await?;
        let source_id = id_of(&source)?;
        api.create_faces(&source_id, 3).await?;
        let named = api.people("name_filter=named&sort=asset_count_desc").await?;
        let target = named.iter().find(|person| person.id.to_string() != source_id).cloned()
            .ok_or_else(|| unexpected("no target"))?;
        let before = api.faces_of(&target.id.to_string()).await?.len();

        app.sign_in().await?;
        app.goto(&format!("/people/{}", target.id)).await?;
        app.wait_for_test_id("merge-into").await?.click().await?;
        app.wait_for_test_id("person-picker").await?;
        app.wait_for_test_id("picker-search").await?.send_keys("Panel Source").await?;
        app.wait_for(&format!("[data-testid=\"picker-option\"][data-person-id=\"{source_id}\"]"))
            .await?
            .click()
            .await?;
        app.wait_for(&format!("[data-testid=\"merge-panel\"] [data-merge-source=\"{source_id}\"]")).await?;
        app.wait_for_test_id("merge-preview").await?.click().await?;
        app.wait_for_test_id("merge-dialog").await?;
        let targets = app.find_all("[data-merge-target]").await?;
        assert!(targets.is_empty(), "the target is fixed on the person page");
        app.wait_for_test_id("merge-confirm").await?.click().await?;
        wait_for_face_count(&api, &target.id.to_string(), before + 3).await?;
        app.wait_for_count(FACE_TILE, (before + 3).min(48)).await?;
        app.check_console_has_no_errors().await?;
        Ok(())
    })
    .await;
}

/// Waits until the open name field has focus with its whole text selected,
/// as the app leaves it once the field is mounted, so typing replaces the
/// old name. Typing before that would append to it.
async fn wait_for_selected_name(app: &App) -> Result<(), E2eError> {
    app.wait_until(
        "the name field to be focused with its whole text selected",
        "const input = document.querySelector('[data-testid=\"name-input\"]'); \
         return !!input && document.activeElement === input \
             && input.selectionStart === 0 && input.selectionEnd === input.value.length;",
        vec![],
    )
    .await?;
    Ok(())
}

/// Clicks the element matching `selector`, finding it again when a
/// re-render replaced it between the lookup and the click.
async fn click(app: &App, selector: &str) -> Result<(), E2eError> {
    let started = Instant::now();
    loop {
        let element = app.wait_for(selector).await?;
        match element.click().await {
            Ok(()) => return Ok(()),
            Err(error) if started.elapsed() < STATE_TIMEOUT => {
                eprintln!("clicking {selector} failed ({error}); finding it again");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(error) => return Err(error.into()),
        }
    }
}

/// Returns the ids rendered in the grid, the number of elements inside it,
/// and whether the page is scrolled to the end with no page loading.
const SNAPSHOT_SCRIPT: &str = "
    const grid = document.querySelector('[data-testid=\"people-grid\"]');
    const ids = grid ? Array.from(grid.querySelectorAll('[data-person-id]')).map(e => e.getAttribute('data-person-id')) : [];
    const elements = grid ? grid.querySelectorAll('*').length : 0;
    const bottom = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
    const loadMore = document.querySelector('[data-testid=\"load-more\"]');
    return { ids, elements, scroll_y: window.scrollY, at_bottom: bottom, loading: !!loadMore };
";

#[derive(Debug, serde::Deserialize)]
struct GridSnapshot {
    ids: Vec<String>,
    elements: usize,
    scroll_y: f64,
    at_bottom: bool,
    loading: bool,
}

/// Adds the large synthetic library; the generator seeds the demo first.
fn add_large_library(data_dir: &Path) -> Result<(), E2eError> {
    let failed = |error: String| E2eError::Setup(format!("adding the large synthetic library failed: {error}"));
    let mut connection = gumnut_server::db::open(data_dir).map_err(|error| failed(error.to_string()))?;
    gumnut_server::ensure_library(&connection).map_err(|error| failed(error.to_string()))?;
    let store = gumnut_server::media::MediaStore::new(data_dir);
    let options = SyntheticOptions { people: LARGE_LIBRARY_PEOPLE, faces: LARGE_LIBRARY_FACES, seed: 11 };
    let demo_dir = gumnut_server::Config::default_demo_dir();
    synthetic::generate(&mut connection, &demo_dir, &store, options).map_err(|error| failed(error.to_string()))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// The API with writes, for setting up and checking state.
struct Api<'a> {
    app: &'a App,
    http: reqwest::Client,
}

impl<'a> Api<'a> {
    fn new(app: &'a App) -> Self {
        Self { app, http: reqwest::Client::new() }
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Result<Value, E2eError> {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.app.base_url()))
            .bearer_auth(self.app.token());
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await?;
        let status = response.status();
        let text = response.text().await?;
        if !status.is_success() {
            return Err(unexpected(&format!("{method} {path} returned {status}: {text}")));
        }
        if text.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&text).map_err(|error| unexpected(&format!("{method} {path}: {error}: {text}")))
    }

    async fn post(&self, path: &str, body: Value) -> Result<Value, E2eError> {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    async fn patch(&self, path: &str, body: Value) -> Result<Value, E2eError> {
        self.send(reqwest::Method::PATCH, path, Some(body)).await
    }

    async fn set_faults(&self, settings: Value) -> Result<(), E2eError> {
        self.app.api().set_faults(&settings).await
    }

    /// Lists every person for `query` (without `limit`), in the API's order.
    async fn people(&self, query: &str) -> Result<Vec<Person>, E2eError> {
        let mut people: Vec<Person> = Vec::new();
        loop {
            let mut path = format!("/api/people?{query}&limit=200");
            if let Some(last) = people.last() {
                path.push_str(&format!("&starting_after_id={}", last.id));
            }
            let page: Page<Person> = self.app.api().get(&path).await?;
            let done = !page.has_more || page.data.is_empty();
            people.extend(page.data);
            if done {
                return Ok(people);
            }
        }
    }

    async fn person(&self, id: &str) -> Result<Person, E2eError> {
        self.app.api().get(&format!("/api/people/{id}")).await
    }

    async fn faces_of(&self, person_id: &str) -> Result<Vec<Face>, E2eError> {
        let mut faces: Vec<Face> = Vec::new();
        loop {
            let mut path = format!("/api/faces?person_id={person_id}&limit=200");
            if let Some(last) = faces.last() {
                path.push_str(&format!("&starting_after_id={}", last.id));
            }
            let page: Page<Face> = self.app.api().get(&path).await?;
            let done = !page.has_more || page.data.is_empty();
            faces.extend(page.data);
            if done {
                return Ok(faces);
            }
        }
    }

    /// Creates `count` manual faces for `person_id`, spread over the demo
    /// photos, and returns their ids.
    async fn create_faces(&self, person_id: &str, count: usize) -> Result<Vec<String>, E2eError> {
        let page: Page<Asset> = self.app.api().get("/api/assets?limit=200").await?;
        let assets: Vec<&Asset> = page.data.iter().filter(|asset| asset.width.unwrap_or(0) >= 100).collect();
        assert!(!assets.is_empty(), "the demo library has photos");
        let mut ids = Vec::with_capacity(count);
        for index in 0..count {
            let asset = assets[index % assets.len()];
            let width = i64::from(asset.width.unwrap_or(100));
            let height = i64::from(asset.height.unwrap_or(100));
            let side = (width.min(height) / 6).max(8);
            let step = (index / assets.len()) as i64;
            let bounding_box = json!({"x": (step * side) % (width - side), "y": (step * side / 2) % (height - side), "w": side, "h": side});
            let face = self
                .post("/api/faces", json!({"asset_id": asset.id, "bounding_box": bounding_box, "person_id": person_id}))
                .await?;
            ids.push(id_of(&face)?);
        }
        Ok(ids)
    }
}

/// Computes the age in whole years on the wall-clock date of `local_datetime`.
fn age_on_capture(birth: (i32, u32, u32), local_datetime: &str) -> i32 {
    let date = &local_datetime[..10];
    let parts: Vec<u32> = date.split('-').filter_map(|part| part.parse().ok()).collect();
    let (year, month, day) = (parts[0] as i32, parts[1], parts[2]);
    let years = year - birth.0;
    if (month, day) >= (birth.1, birth.2) { years } else { years - 1 }
}

fn id_of(value: &Value) -> Result<String, E2eError> {
    value["id"].as_str().map(str::to_owned).ok_or_else(|| unexpected(&format!("no id in {value}")))
}

fn unexpected(message: &str) -> E2eError {
    E2eError::Unexpected(message.to_owned())
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (byte as char).to_string(),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// Waits until the grid's cards stop changing, then returns their ids in
/// document order.
async fn settled_card_ids(app: &App) -> Result<Vec<String>, E2eError> {
    let script = "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.getAttribute('data-person-id'));";
    app.wait_for("[data-testid=\"people-grid\"], [data-testid=\"people-empty\"]").await?;
    let started = Instant::now();
    let mut last: Vec<String> = app.script(script, vec![Value::from(PERSON_CARD)]).await?;
    let mut unchanged_since = Instant::now();
    while unchanged_since.elapsed() < SETTLE_TIME {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let now: Vec<String> = app.script(script, vec![Value::from(PERSON_CARD)]).await?;
        if now != last || now.is_empty() && started.elapsed() < Duration::from_secs(3) {
            last = now;
            unchanged_since = Instant::now();
        }
    }
    Ok(last)
}

async fn wait_for_url(app: &App, part: &str) -> Result<(), E2eError> {
    app.wait_until(
        &format!("the URL to contain {part}"),
        "return decodeURIComponent(window.location.href).includes(arguments[0]) || window.location.href.includes(arguments[0]);",
        vec![Value::from(part)],
    )
    .await
}

async fn select_option(app: &App, test_id: &str, value: &str) -> Result<(), E2eError> {
    app.wait_for_test_id(test_id).await?;
    app.script::<Value>(
        "const select = document.querySelector(`[data-testid=\"${arguments[0]}\"]`);
         select.value = arguments[1];
         select.dispatchEvent(new Event('change', { bubbles: true }));
         return null;",
        vec![Value::from(test_id), Value::from(value)],
    )
    .await?;
    Ok(())
}

/// Follows a link in the top bar, so the app keeps its session state.
async fn click_nav_link(app: &App, href: &str) -> Result<(), E2eError> {
    app.wait_for(&format!("nav a[href=\"{href}\"]")).await?.click().await?;
    wait_for_url(app, href).await
}

/// Changes the route the way a link inside the app does, without a page load.
async fn navigate_in_app(app: &App, path: &str) -> Result<(), E2eError> {
    app.script::<Value>(
        "window.history.pushState(null, '', arguments[0]);
         window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
         return null;",
        vec![Value::from(path)],
    )
    .await?;
    wait_for_url(app, path).await
}

/// Clicks Undo on the newest toast that offers it, or presses Ctrl+Z when the
/// toast has already timed out.
async fn undo_latest(app: &App) -> Result<(), E2eError> {
    let buttons = app.find_all("[data-testid=\"toast\"] [data-testid=\"undo\"]").await?;
    match buttons.last() {
        Some(button) => button.click().await?,
        None => {
            app.driver()?
                .action_chain()
                .key_down(Key::Control)
                .send_keys("z")
                .key_up(Key::Control)
                .perform()
                .await?
        }
    }
    Ok(())
}

async fn wait_for_images(app: &App, selector: &str) -> Result<(), E2eError> {
    app.wait_until(
        "the images to load",
        "return Array.from(document.querySelectorAll(arguments[0])).every(image => image.complete && image.naturalWidth > 0);",
        vec![Value::from(selector)],
    )
    .await
}

async fn wait_for_person(
    api: &Api<'_>,
    id: &str,
    what: &str,
    holds: impl Fn(&Person) -> bool,
) -> Result<(), E2eError> {
    let started = Instant::now();
    loop {
        let person = api.person(id).await?;
        if holds(&person) {
            return Ok(());
        }
        if started.elapsed() > STATE_TIMEOUT {
            return Err(unexpected(&format!("the server never saved {what}; the person is {person:?}")));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn wait_for_face_count(api: &Api<'_>, person_id: &str, count: usize) -> Result<(), E2eError> {
    let started = Instant::now();
    loop {
        let now = api.faces_of(person_id).await?.len();
        if now == count {
            return Ok(());
        }
        if started.elapsed() > STATE_TIMEOUT {
            return Err(unexpected(&format!("{person_id} has {now} faces, expected {count}")));
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Checks the console like [`App::check_console_has_no_errors`], but allows
/// failed requests that the test caused on purpose: messages containing any
/// of `expected`.
trait ExpectedFailures {
    async fn check_console_has_no_errors_except(&self, expected: &[&str]) -> Result<(), E2eError>;
}

impl ExpectedFailures for App {
    async fn check_console_has_no_errors_except(&self, expected: &[&str]) -> Result<(), E2eError> {
        let errors: Vec<String> = self
            .console_log()
            .await?
            .into_iter()
            .filter(|entry| entry.level == "SEVERE" && !expected.iter().any(|part| entry.message.contains(part)))
            .map(|entry| entry.message)
            .collect();
        if errors.is_empty() {
            return Ok(());
        }
        Err(unexpected(&format!("the browser console has errors:\n{}", errors.join("\n"))))
    }
}
