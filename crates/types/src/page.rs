//! The envelope of every paginated list.

use serde::{Deserialize, Serialize};

/// One page of a cursor-paginated list: `{"data": [...], "has_more": bool}`.
///
/// The next page starts after the id of the last item in `data`; there is no
/// total count and no cursor field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub data: Vec<T>,
    #[serde(default)]
    pub has_more: bool,
}

impl<T> Page<T> {
    /// A page with no items and nothing after it.
    pub fn empty() -> Self {
        Self { data: Vec::new(), has_more: false }
    }
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Self::empty()
    }
}
