//! Query strings for API requests.
//!
//! Arrays go out as repeated keys (`include=faces&include=people`), the form
//! the official SDKs send; every key and value is percent-encoded.

use crate::encoding::encode_component;

/// Largest `limit` the API accepts; larger values are rejected with 422.
pub const MAX_PAGE_LIMIT: u32 = 200;

/// Page size the app requests for its grids.
pub const DEFAULT_PAGE_LIMIT: u32 = 48;

/// An ordered list of query parameters, built step by step.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Creates an empty query.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one `key=value` pair.
    pub fn param(mut self, key: &str, value: impl AsRef<str>) -> Self {
        self.pairs.push((key.to_owned(), value.as_ref().to_owned()));
        self
    }

    /// Adds the pair when `value` is present; the API treats an omitted key
    /// as null.
    pub fn optional(self, key: &str, value: Option<impl AsRef<str>>) -> Self {
        match value {
            Some(value) => self.param(key, value),
            None => self,
        }
    }

    /// Adds one pair per value, under the same key.
    pub fn repeated<I>(self, key: &str, values: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        values.into_iter().fold(self, |query, value| query.param(key, value))
    }

    /// Adds `limit`, clamped to the accepted range 1..=200.
    pub fn limit(self, limit: u32) -> Self {
        self.param("limit", limit.clamp(1, MAX_PAGE_LIMIT).to_string())
    }

    /// Adds the pagination cursor: the id of the last item already loaded.
    pub fn starting_after_id(self, cursor: Option<impl AsRef<str>>) -> Self {
        self.optional("starting_after_id", cursor)
    }

    /// Adds `include` tokens such as `faces`, `people` or `variants`.
    pub fn include(self, tokens: &[&str]) -> Self {
        self.repeated("include", tokens)
    }

    /// Checks whether no parameter was added.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Encodes the pairs and joins them with `&`, without a leading `?`.
    pub fn encode(&self) -> String {
        self.pairs
            .iter()
            .map(|(key, value)| format!("{}={}", encode_component(key), encode_component(value)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Appends `?` and the encoded pairs to `path`, or returns `path` alone
    /// when the query is empty.
    pub fn append_to(&self, path: &str) -> String {
        if self.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{}", self.encode())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_query_leaves_path_alone() {
        assert_eq!(Query::new().append_to("/api/people"), "/api/people");
    }

    #[test]
    fn arrays_use_repeated_keys() {
        let query = Query::new().include(&["faces", "people", "variants"]);
        assert_eq!(query.encode(), "include=faces&include=people&include=variants");
    }

    #[test]
    fn values_are_percent_encoded() {
        let query = Query::new().param("name", "Ann & Bo=1 /?#");
        assert_eq!(query.encode(), "name=Ann%20%26%20Bo%3D1%20%2F%3F%23");
    }

    #[test]
    fn limit_is_clamped() {
        assert_eq!(Query::new().limit(500).encode(), "limit=200");
        assert_eq!(Query::new().limit(0).encode(), "limit=1");
        assert_eq!(Query::new().limit(48).encode(), "limit=48");
    }

    #[test]
    fn cursor_is_optional() {
        let first = Query::new().limit(20).starting_after_id(None::<&str>);
        let next = Query::new().limit(20).starting_after_id(Some("asset_x"));
        assert_eq!(first.encode(), "limit=20");
        assert_eq!(next.encode(), "limit=20&starting_after_id=asset_x");
    }

    #[test]
    fn person_assets_query_in_order() {
        let query = Query::new()
            .repeated("person_ids", ["person_a", "person_b"])
            .include(&["faces"])
            .limit(48)
            .starting_after_id(Some("asset_9"));
        assert_eq!(
            query.append_to("/api/assets"),
            "/api/assets?person_ids=person_a&person_ids=person_b&include=faces&limit=48&starting_after_id=asset_9"
        );
    }
}
