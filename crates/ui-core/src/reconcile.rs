//! Finding out whether a create request took effect after an ambiguous
//! failure, such as a dropped connection or a 5xx.
//!
//! `POST /api/faces` and `POST /api/people` have no idempotency key. So the
//! client lists the records that the request could create before the first
//! attempt, and lists them again after the failure. A new record with the
//! requested values is the one it created. Only when none exists is the
//! request sent again.

use std::collections::HashSet;

use serde_json::Value;

use crate::query::{MAX_PAGE_LIMIT, Query};

/// The kind of record a create request makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CreateKind {
    /// `POST /api/faces`: a manual face box.
    Face,
    /// `POST /api/people`: a person.
    Person,
}

/// Returns the kind of record `method` on `path` creates, or `None` for any
/// other request.
pub fn create_kind(method: &str, path: &str) -> Option<CreateKind> {
    if !method.eq_ignore_ascii_case("POST") {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    match path.trim_end_matches('/') {
        "/api/faces" => Some(CreateKind::Face),
        "/api/people" => Some(CreateKind::Person),
        _ => None,
    }
}

/// Builds the list request (path and query, no `library_id`) that returns every record
/// the create request with `body` could have made, or `None` when the body
/// lacks what the lookup needs, such as a face without `asset_id`.
///
/// A face is looked up among its asset's faces. A named person is looked up
/// by name (the API matches a substring, [`matches_request`] then compares
/// exactly). An unnamed person is looked up among the newest unnamed people.
///
/// NOTE: the lookup reads one page of at most 200 records, so an asset with
/// more faces, or more than 200 people whose names contain the requested
/// name, can hide the created record and lead to a duplicate.
pub fn lookup_path(kind: CreateKind, body: &Value) -> Option<String> {
    let query = match kind {
        CreateKind::Face => {
            let asset_id = body.get("asset_id")?.as_str()?;
            Query::new().param("asset_id", asset_id)
        }
        CreateKind::Person => match requested_name(body) {
            Some(name) => Query::new().param("name_filter", "all").param("name", name),
            None => Query::new()
                .param("name_filter", "unnamed")
                .param("sort", "created_at_desc"),
        },
    };
    let collection = match kind {
        CreateKind::Face => "/api/faces",
        CreateKind::Person => "/api/people",
    };
    Some(query.limit(MAX_PAGE_LIMIT).append_to(collection))
}

/// Returns the ids of the records in a list response's `data` array.
pub fn record_ids(page: &Value) -> HashSet<String> {
    records(page)
        .iter()
        .filter_map(|record| record.get("id")?.as_str().map(str::to_owned))
        .collect()
}

/// Returns the record in `page_after` that the create request with `body` made: one
/// whose id is not in `ids_before` and whose values match the request.
pub fn find_created<'a>(
    kind: CreateKind,
    body: &Value,
    ids_before: &HashSet<String>,
    page_after: &'a Value,
) -> Option<&'a Value> {
    records(page_after).iter().find(|record| {
        let is_new = record
            .get("id")
            .and_then(Value::as_str)
            .is_some_and(|id| !ids_before.contains(id));
        is_new && matches_request(kind, body, record)
    })
}

/// Checks whether `record` has the values that the create request `body`
/// sets. A face must match in asset, bounding box and person, and a person
/// in name.
pub fn matches_request(kind: CreateKind, body: &Value, record: &Value) -> bool {
    match kind {
        CreateKind::Face => {
            let same_asset = record.get("asset_id") == body.get("asset_id");
            let same_box = ["x", "y", "w", "h"].iter().all(|side| {
                let requested = body.get("bounding_box").and_then(|bounding_box| bounding_box.get(side));
                let stored = record.get("bounding_box").and_then(|bounding_box| bounding_box.get(side));
                requested.is_some() && requested.and_then(Value::as_i64) == stored.and_then(Value::as_i64)
            });
            same_asset && same_box && optional_string(body, "person_id") == optional_string(record, "person_id")
        }
        CreateKind::Person => requested_name(body) == requested_name(record),
    }
}

fn records(page: &Value) -> &[Value] {
    page.get("data")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// Returns the value of a string field; a missing field and `null` both read as `None`.
fn optional_string<'a>(object: &'a Value, key: &str) -> Option<&'a str> {
    object.get(key).and_then(Value::as_str)
}

/// Returns the name of a person or of a create request, where an empty name means
/// no name.
fn requested_name(object: &Value) -> Option<&str> {
    optional_string(object, "name").filter(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn face_request() -> Value {
        json!({"asset_id": "asset_1", "bounding_box": {"x": 10, "y": 20, "w": 30, "h": 40}, "person_id": "person_1"})
    }

    fn face(id: &str, x: i64, person_id: Option<&str>) -> Value {
        json!({"id": id, "asset_id": "asset_1", "bounding_box": {"x": x, "y": 20, "w": 30, "h": 40}, "person_id": person_id})
    }

    #[test]
    fn only_the_two_creates_are_reconciled() {
        assert_eq!(create_kind("POST", "/api/faces"), Some(CreateKind::Face));
        assert_eq!(create_kind("post", "/api/people/"), Some(CreateKind::Person));
        assert_eq!(create_kind("PATCH", "/api/faces"), None);
        assert_eq!(create_kind("POST", "/api/people/person_1/merge"), None);
    }

    #[test]
    fn face_lookup_lists_the_asset_faces() {
        assert_eq!(
            lookup_path(CreateKind::Face, &face_request()).as_deref(),
            Some("/api/faces?asset_id=asset_1&limit=200")
        );
        assert_eq!(lookup_path(CreateKind::Face, &json!({"bounding_box": {}})), None);
    }

    #[test]
    fn person_lookup_searches_the_name() {
        assert_eq!(
            lookup_path(CreateKind::Person, &json!({"name": "Ada L"})).as_deref(),
            Some("/api/people?name_filter=all&name=Ada%20L&limit=200")
        );
        assert_eq!(
            lookup_path(CreateKind::Person, &json!({})).as_deref(),
            Some("/api/people?name_filter=unnamed&sort=created_at_desc&limit=200")
        );
    }

    #[test]
    fn new_matching_face_is_found() {
        let before: HashSet<String> = ["face_old".to_owned()].into();
        let after = json!({"data": [face("face_old", 10, Some("person_1")), face("face_new", 10, Some("person_1"))]});

        let found = find_created(CreateKind::Face, &face_request(), &before, &after);
        assert_eq!(found.and_then(|record| record["id"].as_str()), Some("face_new"));
    }

    #[test]
    fn existing_or_different_faces_are_not_found() {
        let before: HashSet<String> = ["face_old".to_owned()].into();
        let after = json!({"data": [
            face("face_old", 10, Some("person_1")),
            face("face_moved", 11, Some("person_1")),
            face("face_other_person", 10, Some("person_2")),
            face("face_unassigned", 10, None),
        ]});

        assert_eq!(find_created(CreateKind::Face, &face_request(), &before, &after), None);
    }

    #[test]
    fn unassigned_face_matches_missing_person() {
        let request = json!({"asset_id": "asset_1", "bounding_box": {"x": 10, "y": 20, "w": 30, "h": 40}});
        assert!(matches_request(CreateKind::Face, &request, &face("face_1", 10, None)));
        assert!(!matches_request(CreateKind::Face, &request, &face("face_1", 10, Some("person_1"))));
    }

    #[test]
    fn person_matches_exact_name_only() {
        let request = json!({"name": "Ada"});
        assert!(matches_request(CreateKind::Person, &request, &json!({"id": "person_1", "name": "Ada"})));
        assert!(!matches_request(CreateKind::Person, &request, &json!({"id": "person_2", "name": "Ada Lovelace"})));
        assert!(matches_request(CreateKind::Person, &json!({"name": ""}), &json!({"id": "person_3", "name": null})));
    }

    #[test]
    fn ids_come_from_the_data_array() {
        let page = json!({"data": [{"id": "face_1"}, {"id": "face_2"}, {"no_id": true}], "has_more": false});
        assert_eq!(record_ids(&page), ["face_1".to_owned(), "face_2".to_owned()].into());
        assert!(record_ids(&json!({"detail": "oops"})).is_empty());
    }
}
