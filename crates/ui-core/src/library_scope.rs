//! The placement of `library_id` in requests, for accounts with several
//! libraries.
//!
//! The Gumnut API takes it in the query string of lists and of the face
//! retrieve, update and delete calls, and in the JSON body of face create
//! and person create. Person retrieve, update, delete and merge, and asset
//! retrieve, do not accept it because their ids are global.

use gumnut_types::Library;

use crate::encoding::{encode_component, parse_query_pairs};

/// Place of `library_id` in one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LibraryIdPlacement {
    /// Appended to the query string.
    Query,
    /// Added to the top-level JSON object of the body.
    Body,
    /// Not sent: the endpoint does not accept it.
    None,
}

/// Collections whose list endpoint (`GET /api/<collection>`) takes `library_id`.
const LISTS: [&str; 4] = ["faces", "people", "assets", "albums"];

/// Returns where `library_id` goes for `method` on `path`. The path may carry
/// a query string or a trailing slash, and the method may be in any case.
pub fn placement(method: &str, path: &str) -> LibraryIdPlacement {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let segments: Vec<&str> = path
        .trim_matches('/')
        .split('/')
        .filter(|segment| !segment.is_empty())
        .collect();
    let method = method.to_ascii_uppercase();

    match (method.as_str(), segments.as_slice()) {
        ("POST", ["api", "faces" | "people"]) => LibraryIdPlacement::Body,
        ("GET", ["api", collection]) if LISTS.contains(collection) => LibraryIdPlacement::Query,
        ("GET" | "PATCH" | "DELETE", ["api", "faces", _face_id]) => LibraryIdPlacement::Query,
        _ => LibraryIdPlacement::None,
    }
}

/// Appends `library_id=<id>` to `path_and_query`, unless it already names a
/// library.
pub fn with_library_query(path_and_query: &str, library_id: &str) -> String {
    let (path, query) = match path_and_query.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path_and_query, None),
    };

    let already_set = query
        .map(parse_query_pairs)
        .is_some_and(|pairs| pairs.iter().any(|(key, value)| key == "library_id" && !value.is_empty()));
    if already_set {
        return path_and_query.to_owned();
    }

    let pair = format!("library_id={}", encode_component(library_id));
    match query {
        Some(query) if !query.is_empty() => format!("{path}?{query}&{pair}"),
        _ => format!("{path}?{pair}"),
    }
}

/// Returns the library to send as `library_id`: the chosen one while the account
/// still has it, else the first listed. An account with fewer than two
/// libraries needs no `library_id`, so it gets `None`.
pub fn choose_library(libraries: &[Library], chosen: Option<&str>) -> Option<String> {
    if libraries.len() < 2 {
        return None;
    }
    chosen
        .filter(|chosen| libraries.iter().any(|library| library.id.as_str() == *chosen))
        .map(str::to_owned)
        .or_else(|| libraries.first().map(|library| library.id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library(id: &str) -> Library {
        serde_json::from_value(serde_json::json!({"id": id, "name": format!("Library {id}")}))
            .expect("a minimal library should decode")
    }

    #[test]
    fn one_library_needs_no_choice() {
        assert_eq!(choose_library(&[], Some("lib_1")), None);
        assert_eq!(choose_library(&[library("lib_1")], Some("lib_1")), None);
    }

    #[test]
    fn chosen_library_is_kept() {
        let libraries = [library("lib_1"), library("lib_2")];
        assert_eq!(choose_library(&libraries, Some("lib_2")).as_deref(), Some("lib_2"));
    }

    #[test]
    fn missing_choice_falls_back_to_first() {
        let libraries = [library("lib_1"), library("lib_2")];
        assert_eq!(choose_library(&libraries, None).as_deref(), Some("lib_1"));
        assert_eq!(choose_library(&libraries, Some("lib_gone")).as_deref(), Some("lib_1"));
    }

    #[test]
    fn creates_carry_it_in_the_body() {
        assert_eq!(placement("POST", "/api/faces"), LibraryIdPlacement::Body);
        assert_eq!(placement("post", "/api/people/"), LibraryIdPlacement::Body);
    }

    #[test]
    fn lists_carry_it_in_the_query() {
        for path in ["/api/faces?asset_id=asset_1", "/api/people", "/api/assets?limit=5", "/api/albums"] {
            assert_eq!(placement("GET", path), LibraryIdPlacement::Query, "{path}");
        }
    }

    #[test]
    fn single_faces_carry_it_in_the_query() {
        for method in ["GET", "PATCH", "DELETE"] {
            assert_eq!(placement(method, "/api/faces/face_1"), LibraryIdPlacement::Query, "{method}");
        }
    }

    #[test]
    fn global_ids_never_carry_it() {
        let cases = [
            ("GET", "/api/people/person_1"),
            ("PATCH", "/api/people/person_1"),
            ("DELETE", "/api/people/person_1"),
            ("POST", "/api/people/person_1/merge"),
            ("GET", "/api/assets/asset_1?include=faces"),
            ("GET", "/api/users/me"),
            ("GET", "/api/libraries"),
            ("GET", "/api/server/ping"),
            ("POST", "/api/assets"),
        ];
        for (method, path) in cases {
            assert_eq!(placement(method, path), LibraryIdPlacement::None, "{method} {path}");
        }
    }

    #[test]
    fn query_gets_library_id_appended() {
        assert_eq!(with_library_query("/api/people", "lib_1"), "/api/people?library_id=lib_1");
        assert_eq!(with_library_query("/api/people?", "lib_1"), "/api/people?library_id=lib_1");
        assert_eq!(
            with_library_query("/api/faces?asset_id=asset_1", "lib 2"),
            "/api/faces?asset_id=asset_1&library_id=lib%202"
        );
    }

    #[test]
    fn query_keeps_an_explicit_library_id() {
        let path = "/api/faces?library_id=lib_9&limit=5";
        assert_eq!(with_library_query(path, "lib_1"), path);
    }
}
