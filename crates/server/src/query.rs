//! Query string parsing shared by the list endpoints: repeated and
//! comma-separated arrays, `include` tokens, `limit` and the page cursor.

use crate::error::{ApiError, ApiResult};

/// Largest page and the most ids one request may name.
pub const MAX_LIMIT: usize = 200;
const DEFAULT_LIMIT: usize = 20;

/// The decoded key/value pairs of a query string, in order.
#[derive(Debug, Default)]
pub struct QueryParams(Vec<(String, String)>);

impl QueryParams {
    /// Decodes a raw query string (without the `?`).
    pub fn parse(raw: Option<&str>) -> Self {
        let pairs = raw
            .map(|query| {
                form_urlencoded::parse(query.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        QueryParams(pairs)
    }

    /// Returns the last non-empty value of `key`. Empty values count as omitted.
    pub fn single(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(name, value)| name == key && !value.is_empty())
            .map(|(_, value)| value.as_str())
    }

    /// Collects every value of `key`, from repeated keys and comma-separated
    /// lists.
    pub fn list(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(name, _)| name == key)
            .flat_map(|(_, value)| value.split(','))
            .map(str::trim)
            .filter(|value| !value.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// Reads `key` as a list of at most 200 ids, or `None` when absent.
    pub fn ids(&self, key: &str) -> ApiResult<Option<Vec<String>>> {
        // `ids=` with no value counts as omitted, like other empty values.
        let ids = self.list(key);
        if ids.is_empty() {
            return Ok(None);
        }
        if ids.len() > MAX_LIMIT {
            return Err(ApiError::invalid(
                &["query", key],
                format!("at most {MAX_LIMIT} ids are allowed, got {}", ids.len()),
            ));
        }
        Ok(Some(ids))
    }

    /// Reads the `include` tokens, checking each against `allowed`.
    pub fn includes(&self, allowed: &[&str]) -> ApiResult<Includes> {
        let tokens = self.list("include");
        if let Some(unknown) = tokens
            .iter()
            .find(|token| !allowed.contains(&token.as_str()))
        {
            return Err(ApiError::invalid(
                &["query", "include"],
                format!(
                    "unknown include value {unknown:?}; allowed: {}",
                    allowed.join(", ")
                ),
            ));
        }
        Ok(Includes(tokens))
    }

    /// `limit` and `starting_after_id`.
    pub fn page(&self) -> ApiResult<PageRequest> {
        let limit = match self.single("limit") {
            None => DEFAULT_LIMIT,
            Some(text) => {
                let value: i64 = text.parse().map_err(|_| {
                    ApiError::invalid(
                        &["query", "limit"],
                        format!("limit must be an integer, got {text:?}"),
                    )
                })?;
                if !(1..=MAX_LIMIT as i64).contains(&value) {
                    return Err(ApiError::invalid(
                        &["query", "limit"],
                        format!("limit must be between 1 and {MAX_LIMIT}, got {value}"),
                    ));
                }
                value as usize
            }
        };
        let starting_after_id = self.single("starting_after_id").map(str::to_owned);
        Ok(PageRequest {
            limit,
            starting_after_id,
        })
    }

    /// Parses `key` with `FromStr`. A failure is a 422 naming `key`.
    pub fn parsed<T>(&self, key: &str) -> ApiResult<Option<T>>
    where
        T: std::str::FromStr,
        T::Err: std::fmt::Display,
    {
        self.single(key)
            .map(|text| {
                text.parse::<T>()
                    .map_err(|error| ApiError::invalid(&["query", key], error.to_string()))
            })
            .transpose()
    }
}

/// The `include` tokens of one request.
#[derive(Debug, Default, Clone)]
pub struct Includes(Vec<String>);

impl Includes {
    /// Checks whether `token` was requested.
    pub fn has(&self, token: &str) -> bool {
        self.0.iter().any(|included| included == token)
    }
}

/// Page size and cursor.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub limit: usize,
    pub starting_after_id: Option<String>,
}

/// Sort direction of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Asc,
    Desc,
}

impl std::str::FromStr for Order {
    type Err = String;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "asc" => Ok(Order::Asc),
            "desc" => Ok(Order::Desc),
            other => Err(format!("order must be asc or desc, got {other:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_accept_repeated_and_comma_forms() {
        let query = QueryParams::parse(Some("ids=a&ids=b,c&ids="));
        assert_eq!(query.list("ids"), vec!["a", "b", "c"]);
    }

    #[test]
    fn limit_bounds() {
        assert_eq!(
            QueryParams::parse(None).page().map(|page| page.limit).ok(),
            Some(20)
        );
        assert!(QueryParams::parse(Some("limit=0")).page().is_err());
        assert!(QueryParams::parse(Some("limit=201")).page().is_err());
        assert!(QueryParams::parse(Some("limit=x")).page().is_err());
        assert_eq!(
            QueryParams::parse(Some("limit=200"))
                .page()
                .map(|page| page.limit)
                .ok(),
            Some(200)
        );
    }

    #[test]
    fn unknown_include_rejected() {
        let query = QueryParams::parse(Some("include=faces,bogus"));
        assert!(query.includes(&["faces"]).is_err());
        assert!(query.includes(&["faces", "bogus"]).is_ok());
    }
}
