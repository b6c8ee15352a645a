//! Enumerated query parameter values.

use std::fmt;
use std::str::FromStr;

/// A query value outside the accepted set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    pub parameter: &'static str,
    pub value: String,
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid value {:?} for `{}`", self.value, self.parameter)
    }
}

impl std::error::Error for UnknownValue {}

/// `sort` of `GET /api/people`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PeopleSort {
    #[default]
    CreatedAtDesc,
    CreatedAtAsc,
    NameAsc,
    NameDesc,
    AssetCountDesc,
    AssetCountAsc,
}

impl PeopleSort {
    /// Every value, in the order a sort menu lists them.
    pub const ALL: [PeopleSort; 6] = [
        PeopleSort::CreatedAtDesc,
        PeopleSort::CreatedAtAsc,
        PeopleSort::NameAsc,
        PeopleSort::NameDesc,
        PeopleSort::AssetCountDesc,
        PeopleSort::AssetCountAsc,
    ];

    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PeopleSort::CreatedAtDesc => "created_at_desc",
            PeopleSort::CreatedAtAsc => "created_at_asc",
            PeopleSort::NameAsc => "name_asc",
            PeopleSort::NameDesc => "name_desc",
            PeopleSort::AssetCountDesc => "asset_count_desc",
            PeopleSort::AssetCountAsc => "asset_count_asc",
        }
    }

    /// Whether this sort orders by name, which the API rejects together with
    /// `name_filter=unnamed`.
    pub fn is_by_name(self) -> bool {
        matches!(self, PeopleSort::NameAsc | PeopleSort::NameDesc)
    }
}

impl FromStr for PeopleSort {
    type Err = UnknownValue;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        PeopleSort::ALL.into_iter().find(|sort| sort.as_str() == value).ok_or_else(|| {
            UnknownValue { parameter: "sort", value: value.to_owned() }
        })
    }
}

/// `name_filter` of `GET /api/people`. The API default is `Named`, which
/// hides unnamed clusters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum NameFilter {
    #[default]
    Named,
    Unnamed,
    All,
}

impl NameFilter {
    /// Every value.
    pub const ALL: [NameFilter; 3] = [NameFilter::Named, NameFilter::Unnamed, NameFilter::All];

    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            NameFilter::Named => "named",
            NameFilter::Unnamed => "unnamed",
            NameFilter::All => "all",
        }
    }
}

impl FromStr for NameFilter {
    type Err = UnknownValue;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        NameFilter::ALL.into_iter().find(|filter| filter.as_str() == value).ok_or_else(|| {
            UnknownValue { parameter: "name_filter", value: value.to_owned() }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_sort_round_trips() {
        for sort in PeopleSort::ALL {
            assert_eq!(sort.as_str().parse::<PeopleSort>(), Ok(sort));
        }
    }

    #[test]
    fn unknown_sort_is_rejected() {
        let error = "size".parse::<PeopleSort>().unwrap_err();
        assert_eq!(error.to_string(), "invalid value \"size\" for `sort`");
    }

    #[test]
    fn name_filter_round_trips() {
        for filter in NameFilter::ALL {
            assert_eq!(filter.as_str().parse::<NameFilter>(), Ok(filter));
        }
    }
}
