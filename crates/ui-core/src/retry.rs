//! The API client's retry policy: which failures are retried, how long to
//! wait, and which requests must be reconciled instead of retried blindly.
//!
//! It follows the Gumnut SDKs: 3 attempts in total, retries on network
//! errors, timeouts, 408, 409, 429 and 5xx, an `x-should-retry` header that
//! overrides that choice, capped exponential backoff with jitter, and
//! `retry-after-ms` or `Retry-After` replacing the backoff.

use std::time::Duration;

use thiserror::Error;

use crate::person_fields::{Date, parse_digits};

/// Attempts per request, the first one included.
pub const MAX_ATTEMPTS: u32 = 3;

/// Time limit for one attempt, after which it counts as timed out.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Backoff before the first retry, doubled for each further retry.
pub const BASE_BACKOFF: Duration = Duration::from_millis(500);

/// Upper bound of the exponential backoff, before jitter.
pub const MAX_BACKOFF: Duration = Duration::from_secs(8);

/// Upper bound of a server-requested wait; longer requests are cut to this.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Smallest jitter factor that [`backoff`] accepts.
pub const MIN_JITTER: f64 = 0.75;

/// Largest jitter factor that [`backoff`] accepts.
pub const MAX_JITTER: f64 = 1.0;

/// Arguments that the retry policy rejects.
#[derive(Debug, Clone, Copy, PartialEq, Error)]
pub enum RetryError {
    /// The jitter factor is outside [`MIN_JITTER`]–[`MAX_JITTER`] or not a number.
    #[error("jitter factor {0} is outside 0.75–1.0")]
    JitterOutOfRange(f64),
    /// Attempts are numbered from 1.
    #[error("attempt number 0 is invalid: attempts are numbered from 1")]
    AttemptZero,
}

/// An HTTP date that is not in the IMF-fixdate form.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("invalid HTTP date {input:?}: expected the form \"Sun, 06 Nov 1994 08:49:37 GMT\"")]
pub struct HttpDateError {
    /// The rejected text.
    pub input: String,
}

/// End of one attempt that did not succeed outright.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The request never got a response: offline, DNS, connection reset, CORS.
    NetworkError,
    /// No response within [`REQUEST_TIMEOUT`].
    TimedOut,
    /// The server responded with this status code.
    Status(u16),
}

impl Outcome {
    /// Returns whether the server may have applied the request even though the client
    /// saw a failure: no response at all, or a server error.
    pub fn is_ambiguous(self) -> bool {
        match self {
            Outcome::NetworkError | Outcome::TimedOut => true,
            Outcome::Status(status) => (500..=599).contains(&status),
        }
    }
}

/// The response headers that steer retries, as raw header values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetryHeaders<'a> {
    /// `x-should-retry`: `true` or `false`.
    pub should_retry: Option<&'a str>,
    /// `Retry-After`: seconds or an HTTP date.
    pub retry_after: Option<&'a str>,
    /// `retry-after-ms`: milliseconds.
    pub retry_after_ms: Option<&'a str>,
}

/// Whether a request may be sent again after an ambiguous failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Idempotency {
    /// Sending it twice has the same effect as sending it once, or the
    /// second copy fails harmlessly.
    Retryable,
    /// Sending it twice can create a duplicate (there is no idempotency key),
    /// so after an ambiguous failure the client re-lists and checks first.
    NeedsReconciliation,
}

/// Classifies a request by method and path. The path may carry a query
/// string or a trailing slash, and the method may be in any case.
///
/// `POST /api/faces` and `POST /api/people` create records, so they need
/// reconciliation. Every other request is retryable: reads and PATCH/DELETE
/// are idempotent, and a repeated merge fails on already-deleted sources
/// instead of merging twice.
pub fn classify(method: &str, path: &str) -> Idempotency {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let path = path.trim_end_matches('/');

    let creates =
        method.eq_ignore_ascii_case("POST") && matches!(path, "/api/faces" | "/api/people");
    if creates {
        Idempotency::NeedsReconciliation
    } else {
        Idempotency::Retryable
    }
}

/// Parses an `x-should-retry` value; anything but `true` or `false`
/// (any case, surrounding white space allowed) is ignored.
pub fn parse_should_retry(value: &str) -> Option<bool> {
    let value = value.trim();
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Returns whether an outcome is worth retrying: network errors, timeouts, 408, 409,
/// 429 and 5xx are, other statuses are not. A valid `x-should-retry` header
/// overrides that.
pub fn is_retryable(outcome: Outcome, should_retry: Option<&str>) -> bool {
    if let Some(decision) = should_retry.and_then(parse_should_retry) {
        return decision;
    }
    match outcome {
        Outcome::NetworkError | Outcome::TimedOut => true,
        Outcome::Status(status) => matches!(status, 408 | 409 | 429 | 500..=599),
    }
}

/// Computes the backoff before retry number `retry_index` (0 for the first retry):
/// `min(0.5 s × 2^retry_index, 8 s) × jitter`.
///
/// `jitter` is a random factor in [`MIN_JITTER`]–[`MAX_JITTER`] that the
/// caller draws, so the policy itself stays deterministic.
pub fn backoff(retry_index: u32, jitter: f64) -> Result<Duration, RetryError> {
    if !(MIN_JITTER..=MAX_JITTER).contains(&jitter) {
        return Err(RetryError::JitterOutOfRange(jitter));
    }

    // 2^5 × 0.5 s already exceeds the cap, so larger shifts need not be computed.
    let doubling = 1_u32 << retry_index.min(5);
    let uncapped = BASE_BACKOFF.saturating_mul(doubling);
    Ok(uncapped.min(MAX_BACKOFF).mul_f64(jitter))
}

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Parses an IMF-fixdate (RFC 7231), such as `Sun, 06 Nov 1994 08:49:37 GMT`,
/// into seconds since the Unix epoch.
///
/// The weekday must be a valid name but is not checked against the date.
/// NOTE: the obsolete RFC 850 and asctime forms are rejected, so a server
/// sending them gets the ordinary backoff instead of its requested wait.
pub fn parse_http_date(input: &str) -> Result<i64, HttpDateError> {
    let invalid = || HttpDateError {
        input: input.to_owned(),
    };

    let bytes = input.trim().as_bytes();
    let shape_ok = bytes.len() == 29
        && bytes[3..5] == *b", "
        && bytes[7] == b' '
        && bytes[11] == b' '
        && bytes[16] == b' '
        && bytes[19] == b':'
        && bytes[22] == b':'
        && bytes[25..] == *b" GMT";
    if !shape_ok {
        return Err(invalid());
    }

    if !WEEKDAYS.iter().any(|name| name.as_bytes() == &bytes[0..3]) {
        return Err(invalid());
    }
    let month = MONTHS
        .iter()
        .position(|name| name.as_bytes() == &bytes[8..11])
        .ok_or_else(invalid)?;
    let day = parse_digits(&bytes[5..7]).ok_or_else(invalid)?;
    let year = parse_digits(&bytes[12..16]).ok_or_else(invalid)?;
    let hour = parse_digits(&bytes[17..19]).ok_or_else(invalid)?;
    let minute = parse_digits(&bytes[20..22]).ok_or_else(invalid)?;
    // 60 is a leap second, which RFC 5322 allows.
    let second = parse_digits(&bytes[23..25]).ok_or_else(invalid)?;
    if hour > 23 || minute > 59 || second > 60 {
        return Err(invalid());
    }

    let year = i32::try_from(year).map_err(|_| invalid())?;
    let month = u32::try_from(month + 1).map_err(|_| invalid())?;
    let date = Date::new(year, month, day).ok_or_else(invalid)?;
    let seconds_of_day = i64::from(hour * 3600 + minute * 60 + second);
    Ok(date.days_since_unix_epoch() * 86_400 + seconds_of_day)
}

/// Parses a plain non-negative decimal such as `2` or `1.5`. Rejects signs,
/// exponents, `inf` and `nan`, which `f64::from_str` would accept.
fn parse_plain_decimal(text: &str) -> Option<f64> {
    let text = text.trim();
    let mut dots = 0;
    for byte in text.bytes() {
        match byte {
            b'0'..=b'9' => {}
            b'.' => dots += 1,
            _ => return None,
        }
    }
    if dots > 1 || !text.bytes().any(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Turns a requested wait in milliseconds into a delay: nothing for zero,
/// negative or unparsable values, at most [`MAX_RETRY_AFTER`].
fn requested_wait(milliseconds: f64) -> Option<Duration> {
    if !milliseconds.is_finite() || milliseconds <= 0.0 {
        return None;
    }
    let capped = milliseconds.min(MAX_RETRY_AFTER.as_secs_f64() * 1000.0);
    Some(Duration::from_secs_f64(capped / 1000.0))
}

/// Returns the wait the server requested, if any: `retry-after-ms` first, then
/// `Retry-After` as seconds or as an HTTP date relative to `now_unix_ms`.
///
/// Waits above [`MAX_RETRY_AFTER`] are cut to it. A wait of zero or less, a
/// date in the past and unparsable values return `None`, and the caller then
/// uses the ordinary backoff.
pub fn retry_after(headers: &RetryHeaders<'_>, now_unix_ms: i64) -> Option<Duration> {
    if let Some(wait) = headers
        .retry_after_ms
        .and_then(parse_plain_decimal)
        .and_then(requested_wait)
    {
        return Some(wait);
    }

    let value = headers.retry_after?;
    if let Some(seconds) = parse_plain_decimal(value) {
        return requested_wait(seconds * 1000.0);
    }
    let retry_at_seconds = parse_http_date(value).ok()?;
    let wait_ms = retry_at_seconds
        .saturating_mul(1000)
        .saturating_sub(now_unix_ms);
    // Whole milliseconds, so the i64 to f64 conversion is exact for any real wait.
    requested_wait(wait_ms as f64)
}

/// Next step after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Send the same request again after this delay.
    Retry(Duration),
    /// The request may have been applied: re-list to find out, because a
    /// blind retry could create a duplicate. Send it again only when the
    /// record is missing and [`attempts_left`] allows it.
    Reconcile,
    /// Report the failure to the user.
    Stop,
}

/// A failed attempt, with what the retry policy needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailedAttempt<'a> {
    /// Number of this attempt, starting at 1.
    pub number: u32,
    /// End of the attempt.
    pub outcome: Outcome,
    /// Retry headers of the response; empty without a response.
    pub headers: RetryHeaders<'a>,
}

/// Decides what follows a failed attempt.
///
/// `jitter` is the random backoff factor in [`MIN_JITTER`]–[`MAX_JITTER`]
/// and `now_unix_ms` the current time, both supplied by the caller.
///
/// A request that [`Idempotency::NeedsReconciliation`] is reconciled after
/// every ambiguous failure, even the last attempt, because the record may
/// exist although the client saw an error. Only `x-should-retry: true` with
/// attempts left turns that into a plain retry. After reconciling, the caller
/// sends the request again only when the record is missing and
/// [`attempts_left`] allows it.
pub fn decide(
    idempotency: Idempotency,
    attempt: &FailedAttempt<'_>,
    jitter: f64,
    now_unix_ms: i64,
) -> Result<RetryDecision, RetryError> {
    if attempt.number == 0 {
        return Err(RetryError::AttemptZero);
    }
    let delay = backoff(attempt.number - 1, jitter)?;
    let can_retry = attempts_left(attempt.number);

    let server_allows = attempt.headers.should_retry.and_then(parse_should_retry) == Some(true);
    let may_duplicate =
        idempotency == Idempotency::NeedsReconciliation && attempt.outcome.is_ambiguous();
    if may_duplicate && !(server_allows && can_retry) {
        return Ok(RetryDecision::Reconcile);
    }

    if !can_retry || !is_retryable(attempt.outcome, attempt.headers.should_retry) {
        return Ok(RetryDecision::Stop);
    }
    let delay = retry_after(&attempt.headers, now_unix_ms).unwrap_or(delay);
    Ok(RetryDecision::Retry(delay))
}

/// Returns whether another attempt may follow attempt number `number`.
pub fn attempts_left(number: u32) -> bool {
    number < MAX_ATTEMPTS
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-04T20:00:00Z in Unix milliseconds.
    const NOW_MS: i64 = 1_796_414_400_000;

    fn failed(number: u32, outcome: Outcome) -> FailedAttempt<'static> {
        FailedAttempt {
            number,
            outcome,
            headers: RetryHeaders::default(),
        }
    }

    #[test]
    fn retryable_outcomes() {
        for outcome in [
            Outcome::NetworkError,
            Outcome::TimedOut,
            Outcome::Status(408),
            Outcome::Status(409),
            Outcome::Status(429),
            Outcome::Status(500),
            Outcome::Status(503),
            Outcome::Status(599),
        ] {
            assert!(is_retryable(outcome, None), "{outcome:?} should be retried");
        }
    }

    #[test]
    fn other_statuses_are_final() {
        for status in [200, 204, 301, 400, 401, 403, 404, 410, 422, 499, 600] {
            assert!(
                !is_retryable(Outcome::Status(status), None),
                "{status} should not be retried"
            );
        }
    }

    #[test]
    fn should_retry_header_overrides() {
        assert!(is_retryable(Outcome::Status(400), Some("true")));
        assert!(is_retryable(Outcome::Status(404), Some(" TRUE ")));
        assert!(!is_retryable(Outcome::Status(503), Some("false")));
        assert!(!is_retryable(Outcome::NetworkError, Some("False")));
    }

    #[test]
    fn unknown_should_retry_is_ignored() {
        assert!(is_retryable(Outcome::Status(503), Some("maybe")));
        assert!(!is_retryable(Outcome::Status(400), Some("1")));
        assert!(!is_retryable(Outcome::Status(400), Some("")));
    }

    #[test]
    fn backoff_doubles_until_cap() {
        let expected_ms = [500, 1000, 2000, 4000, 8000, 8000, 8000];
        for (retry_index, expected) in expected_ms.into_iter().enumerate() {
            let retry_index = u32::try_from(retry_index).unwrap();
            assert_eq!(
                backoff(retry_index, 1.0),
                Ok(Duration::from_millis(expected)),
                "retry {retry_index}"
            );
        }
        assert_eq!(backoff(u32::MAX, 1.0), Ok(MAX_BACKOFF));
    }

    #[test]
    fn backoff_applies_jitter() {
        assert_eq!(backoff(0, 0.75), Ok(Duration::from_millis(375)));
        assert_eq!(backoff(10, 0.75), Ok(Duration::from_secs(6)));
    }

    #[test]
    fn backoff_rejects_bad_jitter() {
        for jitter in [0.74, 1.01, -1.0, f64::NAN, f64::INFINITY] {
            assert!(
                matches!(backoff(0, jitter), Err(RetryError::JitterOutOfRange(_))),
                "{jitter} should be rejected"
            );
        }
    }

    #[test]
    fn http_date_parses_rfc_example() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Ok(784_111_777)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Ok(0));
        assert_eq!(
            parse_http_date("Fri, 04 Dec 2026 20:00:00 GMT"),
            Ok(NOW_MS / 1000)
        );
    }

    #[test]
    fn http_date_handles_leap_day() {
        assert_eq!(
            parse_http_date("Thu, 29 Feb 2024 00:00:00 GMT"),
            Ok(1_709_164_800)
        );
        assert!(parse_http_date("Wed, 29 Feb 2023 00:00:00 GMT").is_err());
    }

    #[test]
    fn http_date_rejects_other_forms() {
        for text in [
            "",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 nov 1994 08:49:37 GMT",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:60:00 GMT",
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMTX",
            "Sun, 06 Nov 1994 08:4é37 GMT",
        ] {
            assert!(
                parse_http_date(text).is_err(),
                "{text:?} should be rejected"
            );
        }
    }

    #[test]
    fn retry_after_seconds() {
        let headers = RetryHeaders {
            retry_after: Some("2"),
            ..Default::default()
        };
        assert_eq!(retry_after(&headers, NOW_MS), Some(Duration::from_secs(2)));

        let fractional = RetryHeaders {
            retry_after: Some(" 1.5 "),
            ..Default::default()
        };
        assert_eq!(
            retry_after(&fractional, NOW_MS),
            Some(Duration::from_millis(1500))
        );
    }

    #[test]
    fn retry_after_http_date() {
        let headers = RetryHeaders {
            retry_after: Some("Fri, 04 Dec 2026 20:00:05 GMT"),
            ..Default::default()
        };
        assert_eq!(retry_after(&headers, NOW_MS), Some(Duration::from_secs(5)));
        assert_eq!(
            retry_after(&headers, NOW_MS + 1_500),
            Some(Duration::from_millis(3_500))
        );
    }

    #[test]
    fn retry_after_past_date_falls_back() {
        let headers = RetryHeaders {
            retry_after: Some("Fri, 04 Dec 2026 19:59:00 GMT"),
            ..Default::default()
        };
        assert_eq!(retry_after(&headers, NOW_MS), None);
    }

    #[test]
    fn retry_after_ms_takes_precedence() {
        let headers = RetryHeaders {
            retry_after: Some("30"),
            retry_after_ms: Some("250"),
            ..Default::default()
        };
        assert_eq!(
            retry_after(&headers, NOW_MS),
            Some(Duration::from_millis(250))
        );
    }

    #[test]
    fn invalid_retry_after_ms_uses_header() {
        let headers = RetryHeaders {
            retry_after: Some("3"),
            retry_after_ms: Some("soon"),
            ..Default::default()
        };
        assert_eq!(retry_after(&headers, NOW_MS), Some(Duration::from_secs(3)));
    }

    #[test]
    fn retry_after_is_capped() {
        let seconds = RetryHeaders {
            retry_after: Some("3600"),
            ..Default::default()
        };
        assert_eq!(retry_after(&seconds, NOW_MS), Some(MAX_RETRY_AFTER));

        let date = RetryHeaders {
            retry_after: Some("Sat, 05 Dec 2026 20:00:00 GMT"),
            ..Default::default()
        };
        assert_eq!(retry_after(&date, NOW_MS), Some(MAX_RETRY_AFTER));

        let millis = RetryHeaders {
            retry_after_ms: Some("60001"),
            ..Default::default()
        };
        assert_eq!(retry_after(&millis, NOW_MS), Some(MAX_RETRY_AFTER));
    }

    #[test]
    fn unusable_retry_after_is_ignored() {
        for value in [
            "0", "-1", "+2", "1e3", "inf", "NaN", "1.2.3", ".", "", "soon",
        ] {
            let headers = RetryHeaders {
                retry_after: Some(value),
                ..Default::default()
            };
            assert_eq!(
                retry_after(&headers, NOW_MS),
                None,
                "{value:?} should be ignored"
            );
        }
    }

    #[test]
    fn create_requests_need_reconciliation() {
        assert_eq!(
            classify("POST", "/api/faces"),
            Idempotency::NeedsReconciliation
        );
        assert_eq!(
            classify("post", "/api/people/"),
            Idempotency::NeedsReconciliation
        );
        assert_eq!(
            classify("POST", "/api/faces?library_id=lib_1"),
            Idempotency::NeedsReconciliation
        );
    }

    #[test]
    fn other_requests_are_retryable() {
        assert_eq!(classify("GET", "/api/faces"), Idempotency::Retryable);
        assert_eq!(
            classify("PATCH", "/api/faces/face_1"),
            Idempotency::Retryable
        );
        assert_eq!(
            classify("DELETE", "/api/people/person_1"),
            Idempotency::Retryable
        );
        assert_eq!(
            classify("POST", "/api/people/person_1/merge"),
            Idempotency::Retryable
        );
        assert_eq!(classify("POST", "/api/facesx"), Idempotency::Retryable);
    }

    #[test]
    fn decide_retries_with_backoff() {
        let decision = decide(
            Idempotency::Retryable,
            &failed(1, Outcome::Status(503)),
            1.0,
            NOW_MS,
        );
        assert_eq!(
            decision,
            Ok(RetryDecision::Retry(Duration::from_millis(500)))
        );

        let decision = decide(
            Idempotency::Retryable,
            &failed(2, Outcome::TimedOut),
            0.8,
            NOW_MS,
        );
        assert_eq!(
            decision,
            Ok(RetryDecision::Retry(Duration::from_millis(800)))
        );
    }

    #[test]
    fn decide_stops_after_max_attempts() {
        let decision = decide(
            Idempotency::Retryable,
            &failed(MAX_ATTEMPTS, Outcome::Status(503)),
            1.0,
            NOW_MS,
        );
        assert_eq!(decision, Ok(RetryDecision::Stop));
    }

    #[test]
    fn decide_stops_on_client_error() {
        let decision = decide(
            Idempotency::Retryable,
            &failed(1, Outcome::Status(422)),
            1.0,
            NOW_MS,
        );
        assert_eq!(decision, Ok(RetryDecision::Stop));
    }

    #[test]
    fn decide_uses_retry_after() {
        let attempt = FailedAttempt {
            number: 1,
            outcome: Outcome::Status(429),
            headers: RetryHeaders {
                retry_after: Some("2"),
                ..Default::default()
            },
        };
        assert_eq!(
            decide(Idempotency::Retryable, &attempt, 1.0, NOW_MS),
            Ok(RetryDecision::Retry(Duration::from_secs(2)))
        );
    }

    #[test]
    fn create_reconciles_ambiguous_failure() {
        for outcome in [
            Outcome::NetworkError,
            Outcome::TimedOut,
            Outcome::Status(502),
        ] {
            let decision = decide(
                Idempotency::NeedsReconciliation,
                &failed(1, outcome),
                1.0,
                NOW_MS,
            );
            assert_eq!(decision, Ok(RetryDecision::Reconcile), "{outcome:?}");
        }
    }

    #[test]
    fn create_retries_rejected_request() {
        // 429, 408 and 409 mean the server did not apply the request.
        for status in [408, 409, 429] {
            let decision = decide(
                Idempotency::NeedsReconciliation,
                &failed(1, Outcome::Status(status)),
                1.0,
                NOW_MS,
            );
            assert_eq!(
                decision,
                Ok(RetryDecision::Retry(Duration::from_millis(500))),
                "{status}"
            );
        }
    }

    #[test]
    fn create_retries_when_server_allows() {
        let attempt = FailedAttempt {
            number: 1,
            outcome: Outcome::Status(503),
            headers: RetryHeaders {
                should_retry: Some("true"),
                ..Default::default()
            },
        };
        assert_eq!(
            decide(Idempotency::NeedsReconciliation, &attempt, 1.0, NOW_MS),
            Ok(RetryDecision::Retry(Duration::from_millis(500)))
        );
    }

    #[test]
    fn create_reconciles_after_last_attempt() {
        let decision = decide(
            Idempotency::NeedsReconciliation,
            &failed(MAX_ATTEMPTS, Outcome::TimedOut),
            1.0,
            NOW_MS,
        );
        assert_eq!(decision, Ok(RetryDecision::Reconcile));
    }

    #[test]
    fn create_reconciles_despite_should_retry_false() {
        let attempt = FailedAttempt {
            number: 1,
            outcome: Outcome::Status(500),
            headers: RetryHeaders {
                should_retry: Some("false"),
                ..Default::default()
            },
        };
        assert_eq!(
            decide(Idempotency::NeedsReconciliation, &attempt, 1.0, NOW_MS),
            Ok(RetryDecision::Reconcile)
        );
    }

    #[test]
    fn create_stops_on_validation_error() {
        let decision = decide(
            Idempotency::NeedsReconciliation,
            &failed(1, Outcome::Status(422)),
            1.0,
            NOW_MS,
        );
        assert_eq!(decision, Ok(RetryDecision::Stop));
    }

    #[test]
    fn create_stops_after_last_rejection() {
        let decision = decide(
            Idempotency::NeedsReconciliation,
            &failed(MAX_ATTEMPTS, Outcome::Status(429)),
            1.0,
            NOW_MS,
        );
        assert_eq!(decision, Ok(RetryDecision::Stop));
    }

    #[test]
    fn should_retry_false_stops_retry() {
        let attempt = FailedAttempt {
            number: 1,
            outcome: Outcome::Status(503),
            headers: RetryHeaders {
                should_retry: Some("false"),
                ..Default::default()
            },
        };
        assert_eq!(
            decide(Idempotency::Retryable, &attempt, 1.0, NOW_MS),
            Ok(RetryDecision::Stop)
        );
    }

    #[test]
    fn attempts_left_counts_to_max() {
        assert!(attempts_left(1));
        assert!(attempts_left(MAX_ATTEMPTS - 1));
        assert!(!attempts_left(MAX_ATTEMPTS));
    }

    #[test]
    fn decide_rejects_bad_arguments() {
        assert_eq!(
            decide(
                Idempotency::Retryable,
                &failed(0, Outcome::TimedOut),
                1.0,
                NOW_MS
            ),
            Err(RetryError::AttemptZero)
        );
        assert!(matches!(
            decide(
                Idempotency::Retryable,
                &failed(1, Outcome::TimedOut),
                2.0,
                NOW_MS
            ),
            Err(RetryError::JitterOutOfRange(_))
        ));
    }
}
