use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::json;

use crate::common::{TestServer, ids};

const SORTS: [&str; 6] = [
    "created_at_desc",
    "created_at_asc",
    "name_asc",
    "name_desc",
    "asset_count_desc",
    "asset_count_asc",
];

/// Adds people with equal names and counts, so sort ties need the id.
async fn add_tied_people(test: &TestServer) {
    for index in 0..9 {
        let name = if index % 3 == 0 {
            None
        } else {
            Some(format!("Twin {}", index % 2))
        };
        test.post("/api/people", json!({"name": name})).await;
    }
}

fn assert_no_duplicates(list: &[String], label: &str) {
    let unique: HashSet<&String> = list.iter().collect();
    assert_eq!(unique.len(), list.len(), "duplicates in {label}");
}

#[tokio::test]
async fn small_pages_match_one_big_page() {
    let test = TestServer::start().await;
    add_tied_people(&test).await;

    let mut lists = vec![
        ("/api/assets?".to_owned(), 26),
        ("/api/assets?order=asc".to_owned(), 26),
        ("/api/faces?".to_owned(), 36),
    ];
    for sort in SORTS {
        lists.push((format!("/api/people?name_filter=all&sort={sort}"), 14));
    }

    for (path, expected) in lists {
        let whole = ids(&test.collect_pages(&path, 200).await);
        assert_eq!(whole.len(), expected, "{path}");
        assert_no_duplicates(&whole, &path);
        for limit in [1, 2, 7] {
            let paged = ids(&test.collect_pages(&path, limit).await);
            assert_eq!(paged, whole, "{path} with limit {limit}");
        }
    }
}

#[tokio::test]
async fn has_more_is_false_on_last_page() {
    let test = TestServer::start().await;
    let exact = test.get_ok("/api/people?limit=4").await;
    assert_eq!(exact["data"].as_array().unwrap().len(), 4);
    assert_eq!(exact["has_more"], false);
    let short = test.get_ok("/api/people?limit=3").await;
    assert_eq!(short["has_more"], true);
}

#[tokio::test]
async fn unknown_cursor_is_422() {
    let test = TestServer::start().await;
    let reply = test.get("/api/faces?starting_after_id=face_nope").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.location(), "query.starting_after_id");
}

/// Reads the first page, applies `edit`, then reads the rest from the old
/// cursor. Returns the ids listed before the edit and the ids seen while
/// paging across it.
async fn page_across_edit(
    test: &TestServer,
    sort: &str,
    edit: impl AsyncFnOnce(&TestServer, &[String]),
) -> (Vec<String>, Vec<String>) {
    let path = format!("/api/people?name_filter=all&sort={sort}");
    let before = ids(&test.collect_pages(&path, 200).await);
    let first = test.get_ok(&format!("{path}&limit=4")).await;
    let first_ids = ids(first["data"].as_array().unwrap());
    let cursor = first_ids.last().unwrap().clone();

    edit(test, &first_ids).await;

    let mut seen = first_ids.clone();
    let mut next = cursor;
    loop {
        let page = test
            .get_ok(&format!("{path}&limit=3&starting_after_id={next}"))
            .await;
        let data = ids(page["data"].as_array().unwrap());
        seen.extend(data.iter().cloned());
        if page["has_more"] != true || data.is_empty() {
            break;
        }
        next = data.last().unwrap().clone();
    }
    (before, seen)
}

fn assert_all_seen(before: &[String], seen: &[String], removed: &[&String], sort: &str) {
    for id in before.iter().filter(|id| !removed.contains(id)) {
        assert!(seen.contains(id), "{sort}: {id} was skipped");
    }
}

#[tokio::test]
async fn pages_survive_cursor_deletion_under_every_sort() {
    for sort in SORTS {
        let test = TestServer::start().await;
        add_tied_people(&test).await;
        let mut deleted = String::new();
        let (before, seen) = page_across_edit(&test, sort, async |test, first_page| {
            // Delete the very person the cursor names.
            deleted = first_page.last().unwrap().clone();
            assert_eq!(
                test.delete(&format!("/api/people/{deleted}")).await.status,
                StatusCode::OK
            );
        })
        .await;
        assert_no_duplicates(&seen, sort);
        assert_all_seen(&before, &seen, &[&deleted], sort);
    }
}

#[tokio::test]
async fn pages_survive_merge_of_cursor() {
    for sort in SORTS {
        let test = TestServer::start().await;
        add_tied_people(&test).await;
        let mut source = String::new();
        let (before, seen) = page_across_edit(&test, sort, async |test, first_page| {
            // The target only gains faces, so it can only move to earlier
            // positions under the count sorts, never past the cursor.
            source = first_page.last().unwrap().clone();
            let target = &first_page[0];
            let merged = test
                .post(
                    &format!("/api/people/{target}/merge"),
                    json!({"source_person_ids": [source]}),
                )
                .await;
            assert!(merged.status.is_success(), "{}", merged.body);
        })
        .await;
        assert_no_duplicates(&seen, sort);
        assert_all_seen(&before, &seen, &[&source], sort);
    }
}

#[tokio::test]
async fn pages_survive_rename_and_new_person() {
    for sort in SORTS {
        let test = TestServer::start().await;
        add_tied_people(&test).await;
        let mut renamed = String::new();
        let (before, seen) = page_across_edit(&test, sort, async |test, first_page| {
            renamed = first_page[1].clone();
            test.patch(&format!("/api/people/{renamed}"), json!({"name": "Aaron"}))
                .await;
            test.post("/api/people", json!({"name": "Newcomer"})).await;
        })
        .await;
        // A renamed person may move past the cursor and show up again.
        let others: Vec<String> = seen.iter().filter(|id| **id != renamed).cloned().collect();
        assert_no_duplicates(&others, sort);
        assert_all_seen(&before, &seen, &[], sort);
    }
}

#[tokio::test]
async fn face_pages_survive_cursor_deletion() {
    let test = TestServer::start().await;
    let first = test.get_ok("/api/faces?limit=5").await;
    let first_ids = ids(first["data"].as_array().unwrap());
    let cursor = first_ids.last().unwrap();
    test.delete(&format!("/api/faces/{cursor}")).await;

    let rest = test
        .get_ok(&format!("/api/faces?limit=200&starting_after_id={cursor}"))
        .await;
    let rest_ids = ids(rest["data"].as_array().unwrap());
    assert_eq!(first_ids.len() - 1 + rest_ids.len(), 35);
    assert!(rest_ids.iter().all(|id| !first_ids.contains(id)));
}
