//! Timestamps in the API's format: UTC, ISO 8601, microseconds, `Z`.

use time::format_description::FormatItem;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

const TIMESTAMP: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");
const PLAIN_DATE: &[FormatItem<'static>] = format_description!("[year]-[month]-[day]");
const NAIVE_DATETIME: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");

/// Formats a UTC instant as `2026-01-02T23:03:14.000000Z`.
pub fn format_timestamp(instant: OffsetDateTime) -> String {
    instant
        .to_offset(time::UtcOffset::UTC)
        .format(TIMESTAMP)
        .unwrap_or_else(|_| "1970-01-01T00:00:00.000000Z".to_owned())
}

/// Returns the current time as an API timestamp.
pub fn now() -> String {
    format_timestamp(OffsetDateTime::now_utc())
}

/// Checks whether `text` is a valid calendar date in `YYYY-MM-DD` form.
pub fn is_plain_date(text: &str) -> bool {
    text.len() == 10 && Date::parse(text, PLAIN_DATE).is_ok()
}

/// Normalises a capture time without a zone to `YYYY-MM-DDTHH:MM:SS`;
/// returns `None` when it does not parse.
pub fn normalize_naive_datetime(text: &str) -> Option<String> {
    let trimmed = text.trim().replace(' ', "T");
    let parsed = time::PrimitiveDateTime::parse(&trimmed, NAIVE_DATETIME).ok()?;
    parsed.format(NAIVE_DATETIME).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_dates() {
        assert!(is_plain_date("1990-02-28"));
        assert!(!is_plain_date("1990-02-30"));
        assert!(!is_plain_date("1990-2-3"));
        assert!(!is_plain_date("yesterday"));
    }

    #[test]
    fn naive_datetime_normalised() {
        assert_eq!(
            normalize_naive_datetime("2005-07-28 11:18:48").as_deref(),
            Some("2005-07-28T11:18:48")
        );
        assert_eq!(normalize_naive_datetime("nope"), None);
    }

    #[test]
    fn timestamp_has_zulu_suffix() {
        let text = format_timestamp(OffsetDateTime::UNIX_EPOCH);
        assert_eq!(text, "1970-01-01T00:00:00.000000Z");
    }
}
