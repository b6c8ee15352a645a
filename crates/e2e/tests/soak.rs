//! Consistency soak: randomized face and person edits through the UI while
//! the server fails a share of API requests, then a reload of every page
//! and a comparison of what the UI shows with what the API returns.
//!
//! The normal test run does `DEFAULT_EDITS` edits. The long run sets
//! `GUMNUT_SOAK_EDITS`, for example:
//! `GUMNUT_SOAK_EDITS=300 cargo test --release -p gumnut-e2e --test soak -- --nocapture`.

#[allow(dead_code)]
#[path = "browser/support.rs"]
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use gumnut_e2e::{App, E2eError, run_browser_test};
use gumnut_server::synthetic::Random;
use gumnut_types::{Asset, Face, FaceSource, Page, Person};
use serde_json::json;
use thirtyfour::prelude::*;

use support::{drag, wait_for_asset_image};

/// Environment variable with the number of edits of the long run.
const EDITS_VAR: &str = "GUMNUT_SOAK_EDITS";

/// Edits in the normal test run.
const DEFAULT_EDITS: usize = 30;

/// Share of API requests the server fails with a 500 during the edits.
const FAILURE_RATE: f64 = 0.2;

/// Seed of both the edit choices and the server's faults, so a failing run
/// can be repeated.
const SEED: u64 = 20_261_204;

/// Maximum wait for one edit to be saved or rolled back. A request may need
/// three attempts with backoff, and a create also lists faces first.
const SETTLE_TIMEOUT: Duration = Duration::from_secs(45);

const FACE_ROW: &str = "[data-face-row]";
const ASSET_IMAGE: &str = "[data-testid=\"asset-image\"]";
const UNDO_BUTTON: &str = "[data-testid=\"toast\"] [data-testid=\"undo\"]";
const PERSON_CARD: &str = "[data-testid=\"people-grid\"] [data-person-id]";
const PICKER_OPTION: &str = "[data-testid=\"picker-option\"][data-person-id]";

/// One kind of edit the soak performs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum EditKind {
    Reassign,
    Detach,
    Delete,
    Rename,
    Draw,
    Merge,
    Undo,
}

/// How a merge through the people grid ended.
#[derive(Debug, Clone, PartialEq, Eq)]
enum MergeOutcome {
    /// The grid offered fewer than two people, or the preview rejected them.
    NotOffered,
    /// The dialog showed the failure, and nothing was merged.
    Failed,
    /// The server merged `source` into `target`. When the target was
    /// unnamed and had no faces left, the server removed it as well.
    Merged { target: String, source: String },
}

/// What the soak did, for the printed summary.
#[derive(Debug, Default)]
struct Tally {
    done: BTreeMap<String, usize>,
    unavailable: BTreeMap<String, usize>,
    failed_visibly: BTreeMap<String, usize>,
    page_retries: usize,
    /// Drawn faces the API has at the end.
    manual_faces: usize,
}

impl Tally {
    fn edits(&self) -> usize {
        self.done.values().sum()
    }

    /// Picks that ended without an edit.
    fn misses(&self) -> usize {
        self.unavailable.values().chain(self.failed_visibly.values()).sum()
    }

    fn count(map: &mut BTreeMap<String, usize>, kind: EditKind) {
        *map.entry(format!("{kind:?}")).or_default() += 1;
    }
}

fn edit_count() -> usize {
    std::env::var(EDITS_VAR)
        .ok()
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(DEFAULT_EDITS)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_under_faults_stay_consistent() {
    run_browser_test("soak", async |app| {
        let edits = edit_count();
        let mut random = Random::new(SEED);

        let assets = assets_with_faces(app).await?;
        let mut named: Vec<Person> = app
            .api()
            .all_people()
            .await?
            .into_iter()
            .filter(|person| person.display_name().is_some())
            .collect();
        assert!(!assets.is_empty(), "the demo library has no faces");
        assert!(!named.is_empty(), "the demo library has no named people");

        app.sign_in().await?;
        app.wait_for("[data-testid=\"library-grid\"] [data-asset-id]").await?;
        app.api()
            .set_faults(&json!({"error_rate": FAILURE_RATE, "fail_status": 500, "seed": SEED}))
            .await?;

        let started = Instant::now();
        let mut tally = Tally::default();
        let mut touched_people: BTreeSet<String> = BTreeSet::new();
        while tally.edits() < edits {
            if tally.misses() > 3 * edits {
                return Err(E2eError::Unexpected(format!(
                    "the UI offers too few edits: done {:?}, unavailable {:?}, failed visibly {:?}",
                    tally.done, tally.unavailable, tally.failed_visibly
                )));
            }
            let kind = match random.below(13) {
                0..=3 => EditKind::Reassign,
                4..=5 => EditKind::Detach,
                6 => EditKind::Delete,
                7..=9 => EditKind::Rename,
                10..=11 => EditKind::Draw,
                _ => EditKind::Merge,
            };
            let done = match kind {
                EditKind::Rename if named.is_empty() => false,
                EditKind::Rename => {
                    let person = &named[random.below(named.len())];
                    touched_people.insert(person.id.to_string());
                    let name = format!("Soak {} {}", tally.edits(), person.display_name().unwrap_or("person"));
                    rename_person(app, &person.id.to_string(), &name, &mut tally).await?
                }
                EditKind::Draw => {
                    let asset = &assets[random.below(assets.len())];
                    draw_face(app, &asset.id.to_string(), &mut random, &mut tally).await?
                }
                EditKind::Merge => match merge_people(app, &mut random, &mut tally).await? {
                    MergeOutcome::Merged { target, source } => {
                        // The source is gone for good; an undo brings it back
                        // under a new id. Its old page must show not found.
                        named.retain(|person| person.id.to_string() != source);
                        touched_people.insert(source);
                        touched_people.insert(target);
                        true
                    }
                    MergeOutcome::Failed => {
                        Tally::count(&mut tally.failed_visibly, kind);
                        continue;
                    }
                    MergeOutcome::NotOffered => false,
                },
                _ => {
                    let asset = &assets[random.below(assets.len())];
                    edit_face(app, &asset.id.to_string(), kind, &mut random, &mut tally).await?
                }
            };
            if done {
                Tally::count(&mut tally.done, kind);
                if random.unit() <= 0.25 && undo_latest(app).await? {
                    Tally::count(&mut tally.done, EditKind::Undo);
                }
            } else {
                Tally::count(&mut tally.unavailable, kind);
            }
        }

        let log = app.api().request_log().await?;
        app.api().clear_faults().await?;
        let edit_time = started.elapsed();

        let mut mismatches = Vec::new();
        for asset in &assets {
            compare_asset(app, &asset.id.to_string(), &mut mismatches, &mut tally).await?;
        }
        let mut people_ids: BTreeSet<String> = app.api().all_people().await?.into_iter().map(|person| person.id.to_string()).collect();
        people_ids.extend(touched_people);
        for person_id in &people_ids {
            compare_person(app, person_id, &mut mismatches, &mut tally).await?;
        }

        let api_requests = log.iter().filter(|entry| entry.path.starts_with("/api/")).count();
        let injected = log.iter().filter(|entry| entry.status == 500).count();
        let writes = log.iter().filter(|entry| entry.method != "GET").count();
        println!(
            "soak: {} edits in {:.0} s ({:?}); unavailable picks {:?}; failed visibly {:?}; {api_requests} API requests, \
             {writes} writes, {injected} injected failures ({:.0}% of requests); page reloads after a failed load: {}; \
             compared {} assets ({} drawn faces) and {} people; mismatches: {}",
            tally.edits(),
            edit_time.as_secs_f64(),
            tally.done,
            tally.unavailable,
            tally.failed_visibly,
            100.0 * injected as f64 / api_requests.max(1) as f64,
            tally.page_retries,
            assets.len(),
            tally.manual_faces,
            people_ids.len(),
            mismatches.len(),
        );
        for mismatch in &mismatches {
            println!("  mismatch: {mismatch}");
        }
        assert!(injected > 0, "no fault was injected, so the soak proved nothing");
        assert_eq!(mismatches.len(), 0, "the UI and the API disagree after the soak");
        Ok(())
    })
    .await;
}

/// Lists the assets that have faces, before any fault is injected.
async fn assets_with_faces(app: &App) -> Result<Vec<Asset>, E2eError> {
    let page: Page<Asset> = app.api().get("/api/assets?include=faces&limit=200").await?;
    Ok(page
        .data
        .into_iter()
        .filter(|asset| asset.faces.as_ref().is_some_and(|faces| !faces.is_empty()))
        .collect())
}

/// Opens `route` and waits for `ready`. A page whose load failed even after
/// the client's retries is reloaded, as a user would.
async fn open(app: &App, route: &str, ready: &str, tally: &mut Tally) -> Result<(), E2eError> {
    for _ in 0..5 {
        app.goto(route).await?;
        let either = format!("{ready}, [data-testid=\"error-view\"], [data-testid=\"not-found\"]");
        app.wait_for(&either).await?;
        if !app.find_all(ready).await?.is_empty() {
            return Ok(());
        }
        if !app.find_all("[data-testid=\"not-found\"]").await?.is_empty() {
            return Ok(());
        }
        tally.page_retries += 1;
    }
    Err(E2eError::Unexpected(format!("{route} kept failing to load")))
}

/// Selects a random face on the asset page and applies `kind` to it.
/// Returns `false` when the page offers no such edit for the chosen face.
async fn edit_face(
    app: &App,
    asset_id: &str,
    kind: EditKind,
    random: &mut Random,
    tally: &mut Tally,
) -> Result<bool, E2eError> {
    // Earlier edits may have deleted every face of the asset, so the page
    // counts as loaded once its photo shows.
    open(app, &format!("/assets/{asset_id}"), ASSET_IMAGE, tally).await?;
    let face_ids = wait_for_ids(app, FACE_ROW, "data-face-row", Duration::from_secs(3)).await?;
    if face_ids.is_empty() {
        return Ok(false);
    }
    let face_id = &face_ids[random.below(face_ids.len())];
    // The row's source line, because the person link in the row would
    // navigate away instead of selecting the face.
    click(app, &format!("[data-face-row=\"{face_id}\"] [data-testid=\"face-source\"]")).await?;

    let trigger = match kind {
        EditKind::Reassign => "face-reassign",
        EditKind::Detach => "face-detach",
        _ => "face-delete",
    };
    if !has_enabled_test_id(app, trigger).await? {
        return Ok(false);
    }
    click(app, &format!("[data-testid=\"{trigger}\"]")).await?;

    match kind {
        EditKind::Reassign => {
            app.wait_for_test_id("person-picker").await?;
            let option = "[data-testid=\"picker-option\"][data-person-id]";
            let people = wait_for_ids(app, option, "data-person-id", Duration::from_secs(10)).await?;
            if people.is_empty() {
                return Ok(false);
            }
            let person_id = &people[random.below(people.len())];
            click(app, &format!("[data-testid=\"picker-option\"][data-person-id=\"{person_id}\"]")).await?;
        }
        EditKind::Delete => {
            click(app, "[data-testid=\"confirm-delete-ok\"]").await?;
        }
        _ => {}
    }
    wait_until_saved(app).await?;
    Ok(true)
}

/// Renames a person on their page. Returns `false` when the page offers no
/// rename.
async fn rename_person(app: &App, person_id: &str, name: &str, tally: &mut Tally) -> Result<bool, E2eError> {
    open(app, &format!("/people/{person_id}"), "[data-testid=\"person-header\"]", tally).await?;
    if !has_enabled_test_id(app, "rename").await? {
        return Ok(false);
    }
    click(app, "[data-testid=\"rename\"]").await?;
    type_and_enter(app, "[data-testid=\"name-input\"]", name).await?;
    wait_until_saved(app).await?;
    Ok(true)
}

/// Draws a box at a random spot of the asset's photo and saves it for a
/// random person from the picker, or unassigned. Returns `false` when the
/// page offers no drawing or no draft came of the drag.
async fn draw_face(app: &App, asset_id: &str, random: &mut Random, tally: &mut Tally) -> Result<bool, E2eError> {
    open(app, &format!("/assets/{asset_id}"), ASSET_IMAGE, tally).await?;
    if !has_enabled_test_id(app, "draw-face").await? {
        return Ok(false);
    }
    click(app, "[data-testid=\"draw-face\"]").await?;
    app.wait_for_test_id("draw-surface").await?;

    // Measured once drawing is on, because the draft panel can move the
    // photo. The box stays clear of the edges so the pointer stays inside
    // the viewport.
    let picture = wait_for_asset_image(app).await?.drawn_picture()?;
    let left = 0.1 + 0.6 * random.unit();
    let top = 0.1 + 0.5 * random.unit();
    let right = left + 0.08 + 0.12 * random.unit();
    let bottom = top + 0.1 + 0.15 * random.unit();
    let point = |x: f64, y: f64| {
        ((picture.x + picture.width * x).round() as i64, (picture.y + picture.height * y).round() as i64)
    };
    drag(app, point(left, top), point(right, bottom)).await?;
    let drafted = "[data-testid=\"draft-panel\"][data-box]";
    if wait_for_ids(app, drafted, "data-box", Duration::from_secs(3)).await?.is_empty() {
        return Ok(false);
    }

    click(app, "[data-testid=\"draft-assign\"]").await?;
    app.wait_for_test_id("person-picker").await?;
    let people = if random.unit() <= 0.3 {
        Vec::new()
    } else {
        wait_for_ids(app, PICKER_OPTION, "data-person-id", Duration::from_secs(10)).await?
    };
    // With no person to choose, because the random pick chose unassigned or
    // the search failed, the face is saved unassigned.
    match people.get(random.below(people.len())) {
        Some(person_id) => {
            click(app, &format!("[data-testid=\"picker-option\"][data-person-id=\"{person_id}\"]")).await?;
        }
        None => click(app, "[data-testid=\"picker-unassigned\"]").await?,
    }
    wait_until_saved(app).await?;
    Ok(true)
}

/// Merges one random person of the people grid into another through
/// Select mode, the preview and Merge, then waits for the outcome.
async fn merge_people(app: &App, random: &mut Random, tally: &mut Tally) -> Result<MergeOutcome, E2eError> {
    open(app, "/people", PERSON_CARD, tally).await?;
    let mut people = wait_for_ids(app, PERSON_CARD, "data-person-id", Duration::from_secs(3)).await?;
    people.dedup();
    if people.len() < 2 {
        return Ok(MergeOutcome::NotOffered);
    }
    let target = people.remove(random.below(people.len()));
    let source = people.remove(random.below(people.len()));

    // The first person selected is the one the dialog keeps.
    click(app, "[data-testid=\"select-people\"]").await?;
    for person_id in [&target, &source] {
        click(app, &format!("{PERSON_CARD}[data-person-id=\"{person_id}\"]")).await?;
    }
    app.wait_until(
        "both people to be selected",
        "const count = document.querySelector('[data-testid=\"selected-count\"]'); \
         return !!count && count.textContent.trim() === '2 selected';",
        vec![],
    )
    .await?;
    click(app, "[data-testid=\"merge-selected\"]").await?;
    app.wait_for_test_id("merge-dialog").await?;
    if !has_enabled_test_id(app, "merge-confirm").await? {
        close_merge_dialog(app).await?;
        return Ok(MergeOutcome::NotOffered);
    }
    click(app, "[data-testid=\"merge-confirm\"]").await?;

    // A merge opens the target's page. One that left no one to keep closes
    // the dialog on the grid, and a failure stays in the dialog.
    let started = Instant::now();
    loop {
        let state: String = app
            .script(
                "if (document.querySelector('[data-testid=\"merge-error\"]')) return 'failed'; \
                 if (location.pathname.endsWith('/people/' + arguments[0])) return 'merged'; \
                 if (!document.querySelector('[data-testid=\"merge-dialog\"]')) return 'closed'; \
                 return 'working';",
                vec![target.as_str().into()],
            )
            .await?;
        match state.as_str() {
            "failed" => {
                close_merge_dialog(app).await?;
                return Ok(MergeOutcome::Failed);
            }
            "merged" | "closed" => return Ok(MergeOutcome::Merged { target, source }),
            _ if started.elapsed() > SETTLE_TIMEOUT => {
                return Err(E2eError::Unexpected("timed out waiting for a merge to finish".to_owned()));
            }
            _ => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// Closes the merge dialog with its Cancel button.
async fn close_merge_dialog(app: &App) -> Result<(), E2eError> {
    click(app, "[data-testid=\"merge-dialog\"] .dialog__actions .button:not(.button--primary)").await?;
    app.wait_for_count("[data-testid=\"merge-dialog\"]", 0).await?;
    Ok(())
}

/// Clicks Undo on the newest toast that offers it, then waits until the
/// undo is saved or rolled back. Returns `false` when no toast offers Undo.
///
/// Besides "saving…" on the asset page, the wait watches the live region,
/// which announces every finished edit: an undo on a person's page, such
/// as re-creating merged people, shows no "saving…".
async fn undo_latest(app: &App) -> Result<bool, E2eError> {
    let buttons = app.find_all(UNDO_BUTTON).await?;
    let Some(button) = buttons.last() else {
        return Ok(false);
    };
    let before = announcement(app).await?;
    if button.click().await.is_err() {
        // The toast closed between finding and clicking it.
        return Ok(false);
    }
    wait_until_saved(app).await?;

    let started = Instant::now();
    while announcement(app).await? == before {
        let rejected: bool = app
            .script(
                "return Array.from(document.querySelectorAll('[data-testid=\"toast\"]')) \
                     .some(toast => /cannot be undone|Cannot undo/.test(toast.textContent));",
                vec![],
            )
            .await?;
        if rejected {
            return Ok(false);
        }
        if started.elapsed() > SETTLE_TIMEOUT {
            return Err(E2eError::Unexpected("timed out waiting for an undo to be announced".to_owned()));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(true)
}

/// Returns the live region's latest announcement.
async fn announcement(app: &App) -> Result<String, E2eError> {
    app.script(
        "const region = document.querySelector('[data-testid=\"live-region\"]'); \
         return region ? region.textContent : '';",
        vec![],
    )
    .await
}

/// Checks whether an enabled element with `data-testid="<test_id>"` shows up
/// within a second.
async fn has_enabled_test_id(app: &App, test_id: &str) -> Result<bool, E2eError> {
    let selector = format!("[data-testid=\"{test_id}\"]:not([disabled])");
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(1) {
        if !app.find_all(&selector).await?.is_empty() {
            return Ok(true);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(false)
}

/// Clicks the first element matching `selector`, finding it again when the
/// page re-rendered it between finding and clicking.
async fn click(app: &App, selector: &str) -> Result<(), E2eError> {
    let mut last_error = None;
    for _ in 0..10 {
        match app.wait_for(selector).await?.click().await {
            Ok(()) => return Ok(()),
            Err(error) => last_error = Some(error),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(last_error.map_or_else(|| E2eError::Unexpected(format!("could not click {selector}")), E2eError::from))
}

/// Replaces the text of the input matching `selector` and presses Enter,
/// finding the input again when the page re-rendered it meanwhile.
///
/// The text is selected with Ctrl+A rather than cleared, because WebDriver's
/// clear also blurs the input, and the name field saves on blur.
async fn type_and_enter(app: &App, selector: &str, text: &str) -> Result<(), E2eError> {
    let mut last_error = None;
    for _ in 0..10 {
        let input = app.wait_for(selector).await?;
        let typed = async {
            input.send_keys(Key::Control + "a").await?;
            input.send_keys(text).await?;
            input.send_keys(Key::Enter).await
        };
        match typed.await {
            Ok(()) => return Ok(()),
            Err(error) => last_error = Some(error),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(last_error.map_or_else(|| E2eError::Unexpected(format!("could not type into {selector}")), E2eError::from))
}

/// Waits up to `patience` for elements matching `selector` and returns their
/// `attribute` values, none when nothing matched in time.
async fn wait_for_ids(app: &App, selector: &str, attribute: &str, patience: Duration) -> Result<Vec<String>, E2eError> {
    let started = Instant::now();
    loop {
        let ids: Vec<String> = app
            .script(
                "return Array.from(document.querySelectorAll(arguments[0])).map(element => element.getAttribute(arguments[1]));",
                vec![selector.into(), attribute.into()],
            )
            .await?;
        if !ids.is_empty() || started.elapsed() > patience {
            return Ok(ids);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until no face and no name on the page is still being saved.
async fn wait_until_saved(app: &App) -> Result<(), E2eError> {
    let started = Instant::now();
    // Give the edit a moment to start before looking for "saving".
    tokio::time::sleep(Duration::from_millis(150)).await;
    loop {
        let saving: bool = app
            .script(
                "return document.body.textContent.includes('saving…') \
                     || document.body.textContent.includes('Saving…') \
                     || document.querySelector('[aria-busy=\"true\"]') !== null;",
                vec![],
            )
            .await?;
        if !saving {
            return Ok(());
        }
        if started.elapsed() > SETTLE_TIMEOUT {
            return Err(E2eError::Unexpected("an edit was still saving after the settle timeout".to_owned()));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Compares the faces the asset page shows after a reload with the API's.
async fn compare_asset(
    app: &App,
    asset_id: &str,
    mismatches: &mut Vec<String>,
    tally: &mut Tally,
) -> Result<(), E2eError> {
    let faces: Page<Face> = app.api().get(&format!("/api/faces?asset_id={asset_id}&limit=200")).await?;
    let expected: BTreeMap<String, Option<String>> = faces
        .data
        .iter()
        .map(|face| (face.id.to_string(), face.person_id.as_ref().map(ToString::to_string)))
        .collect();
    tally.manual_faces += faces.data.iter().filter(|face| face.source == FaceSource::Manual).count();

    open(app, &format!("/assets/{asset_id}"), ASSET_IMAGE, tally).await?;
    if !expected.is_empty() {
        wait_for_ids(app, FACE_ROW, "data-face-row", Duration::from_secs(10)).await?;
    }
    let rows: Vec<(String, Option<String>)> = app
        .script(
            "return Array.from(document.querySelectorAll('[data-face-row]')).map(row => { \
                 const link = row.querySelector('a.face-row__person'); \
                 const href = link ? link.getAttribute('href') : null; \
                 return [row.getAttribute('data-face-row'), href ? href.split('/').pop() : null]; \
             });",
            vec![],
        )
        .await?;
    let shown_faces: BTreeMap<String, Option<String>> = rows.into_iter().collect();

    for (face_id, person_id) in &expected {
        match shown_faces.get(face_id) {
            None => mismatches.push(format!("asset {asset_id}: face {face_id} is in the API but not shown")),
            Some(shown_person) if shown_person != person_id => mismatches.push(format!(
                "asset {asset_id}: face {face_id} shows person {shown_person:?}, the API has {person_id:?}"
            )),
            Some(_) => {}
        }
    }
    for face_id in shown_faces.keys().filter(|face_id| !expected.contains_key(*face_id)) {
        mismatches.push(format!("asset {asset_id}: face {face_id} is shown but not in the API"));
    }
    Ok(())
}

/// Compares the name on the person's page after a reload with the API's,
/// or checks that a person the API no longer has shows "not found".
async fn compare_person(
    app: &App,
    person_id: &str,
    mismatches: &mut Vec<String>,
    tally: &mut Tally,
) -> Result<(), E2eError> {
    let person: Result<Person, E2eError> = app.api().get(&format!("/api/people/{person_id}")).await;
    open(app, &format!("/people/{person_id}"), "[data-testid=\"person-name\"]", tally).await?;
    let not_found = !app.find_all("[data-testid=\"not-found\"]").await?.is_empty();

    match person {
        Ok(_) if not_found => mismatches.push(format!("person {person_id} exists but the page says not found")),
        Ok(person) => {
            let name_element = app.wait_for_test_id("person-name").await?;
            let text: String = app.script("return arguments[0].textContent;", vec![name_element.to_json()?]).await?;
            let expected = person.display_name().unwrap_or("Unnamed");
            if text.trim() != expected {
                mismatches.push(format!("person {person_id}: the page shows {:?}, the API has {expected:?}", text.trim()));
            }
        }
        Err(E2eError::Api { status: 404, .. }) if not_found => {}
        Err(E2eError::Api { status: 404, .. }) => {
            mismatches.push(format!("person {person_id} is gone from the API but its page shows a person"))
        }
        Err(error) => return Err(error),
    }
    Ok(())
}
