//! Rules for a person's editable fields (name, birth date) and the labels the
//! UI shows for people and faces.

use std::borrow::Cow;
use std::fmt;

use gumnut_types::FaceSource;
use thiserror::Error;

/// Maximum length of a person's name, in Unicode scalar values.
pub const MAX_NAME_CHARS: usize = 200;

/// Label shown for a person without a name.
pub const UNNAMED_LABEL: &str = "Unnamed";

/// A person name that cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NameError {
    /// The trimmed name is longer than [`MAX_NAME_CHARS`].
    #[error("name is {chars} characters long, but at most {max} are allowed", max = MAX_NAME_CHARS)]
    TooLong {
        /// Length of the trimmed name in Unicode scalar values.
        chars: usize,
    },
}

/// A date string that is not a valid birth date or capture date.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DateError {
    /// The text is not of the form `YYYY-MM-DD`.
    #[error("invalid date {input:?}: expected the form YYYY-MM-DD, for example 1990-02-28")]
    Malformed {
        /// The rejected text.
        input: String,
    },
    /// The form is right, but no such day exists (such as 2023-02-29).
    #[error("invalid date {input:?}: no such day in the calendar")]
    NoSuchDay {
        /// The rejected text.
        input: String,
    },
    /// A birth date after today.
    #[error("birth date {date} is in the future (today is {today})")]
    InFuture {
        /// The rejected birth date.
        date: Date,
        /// The day the check was made against.
        today: Date,
    },
}

/// A plain calendar date in the proleptic Gregorian calendar, years 1–9999.
///
/// Field order makes the derived ordering chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    /// Builds a date, or returns `None` when the day does not exist or the
    /// year is outside 1–9999.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Self { year, month, day })
    }

    /// Parses a plain `YYYY-MM-DD` date with zero-padded fields.
    pub fn parse(input: &str) -> Result<Self, DateError> {
        let malformed = || DateError::Malformed {
            input: input.to_owned(),
        };

        let bytes = input.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(malformed());
        }
        let year = parse_digits(&bytes[0..4]).ok_or_else(malformed)?;
        let month = parse_digits(&bytes[5..7]).ok_or_else(malformed)?;
        let day = parse_digits(&bytes[8..10]).ok_or_else(malformed)?;

        let year = i32::try_from(year).map_err(|_| malformed())?;
        Self::new(year, month, day).ok_or_else(|| DateError::NoSuchDay {
            input: input.to_owned(),
        })
    }

    /// Returns the year, 1–9999.
    pub fn year(self) -> i32 {
        self.year
    }

    /// Returns the month, 1–12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// Returns the day of the month, 1–31.
    pub fn day(self) -> u32 {
        self.day
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_unix_epoch(self) -> i64 {
        // Counts days in 400-year eras that start on March 1st, so the leap
        // day falls at the end of each era-year and needs no special case.
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month_from_march = (i64::from(self.month) + 9) % 12;
        let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Returns whether `year` has a February 29th.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1–12) of `year`; 0 for a month outside 1–12.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Parses a field of ASCII digits only, so signs and spaces are rejected.
/// Works on bytes, so a multi-byte character never splits a slice.
pub(crate) fn parse_digits(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 9 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        digits
            .iter()
            .fold(0, |value, digit| value * 10 + u32::from(digit - b'0')),
    )
}

/// Normalises a name typed by the user: trims surrounding white space and
/// turns an empty name into `None`, which the API stores as an unnamed person.
pub fn normalize_name(input: &str) -> Result<Option<String>, NameError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }

    let chars = trimmed.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(NameError::TooLong { chars });
    }
    Ok(Some(trimmed.to_owned()))
}

/// Parses a birth date typed by the user. Blank input clears the birth date
/// (`None`), and a date after `today` is rejected.
pub fn parse_birth_date(input: &str, today: Date) -> Result<Option<Date>, DateError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }

    let date = Date::parse(trimmed)?;
    if date > today {
        return Err(DateError::InFuture { date, today });
    }
    Ok(Some(date))
}

/// Age in whole years on `on`, or `None` when `on` is before the birth date.
///
/// Someone born on February 29th becomes a year older on March 1st in common
/// years, because their birthday has not been reached on February 28th.
pub fn age_on(birth: Date, on: Date) -> Option<u32> {
    if on < birth {
        return None;
    }

    let years = on.year - birth.year;
    let birthday_reached = (on.month, on.day) >= (birth.month, birth.day);
    let age = if birthday_reached { years } else { years - 1 };
    u32::try_from(age).ok()
}

/// The wall-clock date of an asset's `local_datetime`, such as
/// `2024-02-25T06:57:27.660000-08:00` or the naive `2024-07-15T12:00:00`.
///
/// The date part is taken as written and never shifted by the offset,
/// because the offset only records the camera's time zone, not another day.
pub fn capture_date(local_datetime: &str) -> Result<Date, DateError> {
    let trimmed = local_datetime.trim();
    let date_part = match trimmed.find(['T', 't', ' ']) {
        Some(index) => &trimmed[..index],
        None => trimmed,
    };
    Date::parse(date_part).map_err(|error| match error {
        DateError::NoSuchDay { .. } => DateError::NoSuchDay {
            input: local_datetime.to_owned(),
        },
        _ => DateError::Malformed {
            input: local_datetime.to_owned(),
        },
    })
}

/// Age in whole years when an asset was captured, from its `local_datetime`.
/// `Ok(None)` means the photo was taken before the person was born.
pub fn age_at_capture(birth: Date, local_datetime: &str) -> Result<Option<u32>, DateError> {
    Ok(age_on(birth, capture_date(local_datetime)?))
}

/// Returns the label for a person: the trimmed name, or "Unnamed". The name
/// comes back isolated for bidirectional text when it needs it (see
/// [`isolate_name`]), so it is safe to put into a sentence.
pub fn person_label(name: Option<&str>) -> Cow<'_, str> {
    match name.map(str::trim) {
        Some(name) if !name.is_empty() => isolate_name(name),
        _ => Cow::Borrowed(UNNAMED_LABEL),
    }
}

/// First strong isolate: starts a run laid out on its own, in the direction
/// of its first strong character.
const FIRST_STRONG_ISOLATE: char = '\u{2068}';

/// Pop directional isolate: ends the run [`FIRST_STRONG_ISOLATE`] started.
const POP_DIRECTIONAL_ISOLATE: char = '\u{2069}';

/// Wraps `name` in first-strong and pop-directional isolates when it contains a
/// right-to-left letter or a bidirectional control, so neither the name nor
/// an unmatched override inside it (U+202E) reorders the text around it in
/// plain-text places such as toasts and SVG labels. Other names are returned
/// as they are.
pub fn isolate_name(name: &str) -> Cow<'_, str> {
    if name.chars().any(affects_direction) {
        Cow::Owned(format!("{FIRST_STRONG_ISOLATE}{name}{POP_DIRECTIONAL_ISOLATE}"))
    } else {
        Cow::Borrowed(name)
    }
}

/// Whether `c` is a bidirectional control or belongs to a right-to-left script block.
fn affects_direction(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200E}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{0590}'..='\u{08FF}'
            | '\u{FB1D}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFF}'
            | '\u{10800}'..='\u{10FFF}'
            | '\u{1E800}'..='\u{1EFFF}'
    )
}

/// Formats a photo count: "1 photo", "12 photos", "1,204 photos".
pub fn photo_count_label(count: u64) -> String {
    let noun = if count == 1 { "photo" } else { "photos" };
    format!("{} {noun}", group_thousands(count))
}

fn group_thousands(count: u64) -> String {
    let digits = count.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// Formats a face's origin and score: "automatic, 93%" for a detected face,
/// "manual" for a drawn one.
///
/// The percentage is rounded to a whole number and clamped to 0–100. A
/// missing or non-finite confidence shows the source alone.
pub fn face_confidence_label(source: FaceSource, confidence: Option<f64>) -> String {
    match confidence.filter(|value| value.is_finite()) {
        Some(value) => {
            let percent = (value.clamp(0.0, 1.0) * 100.0).round();
            format!("{}, {percent:.0}%", source.as_str())
        }
        None => source.as_str().to_owned(),
    }
}

/// Closeness of a face to a person, from the cosine distance between the
/// face's embedding and the person's centroid.
///
/// With the embedding model behind the demo library, faces of the same
/// person sit about 0.01–0.06 from their own centroid and other people start
/// at about 0.08. The cut-offs follow that: [`VERY_CLOSE_BELOW`] is inside
/// the same-person band, [`CLOSE_BELOW`] just past its upper end and
/// [`POSSIBLE_BELOW`] covers the overlap where other people begin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Closeness {
    /// Distance below [`VERY_CLOSE_BELOW`].
    VeryClose,
    /// Distance below [`CLOSE_BELOW`].
    Close,
    /// Distance below [`POSSIBLE_BELOW`].
    Possible,
    /// Anything farther, and distances that are not numbers.
    Unlikely,
}

/// Upper bound (exclusive) of [`Closeness::VeryClose`].
pub const VERY_CLOSE_BELOW: f64 = 0.04;
/// Upper bound (exclusive) of [`Closeness::Close`].
pub const CLOSE_BELOW: f64 = 0.07;
/// Upper bound (exclusive) of [`Closeness::Possible`].
pub const POSSIBLE_BELOW: f64 = 0.10;

impl Closeness {
    /// Classifies a cosine distance from a face to a person's centroid.
    pub fn from_distance(distance: f64) -> Self {
        if distance.is_nan() {
            Closeness::Unlikely
        } else if distance < VERY_CLOSE_BELOW {
            Closeness::VeryClose
        } else if distance < CLOSE_BELOW {
            Closeness::Close
        } else if distance < POSSIBLE_BELOW {
            Closeness::Possible
        } else {
            Closeness::Unlikely
        }
    }

    /// Returns the plain-words label shown next to a candidate.
    pub fn label(self) -> &'static str {
        match self {
            Closeness::VeryClose => "very close",
            Closeness::Close => "close",
            Closeness::Possible => "possible",
            Closeness::Unlikely => "unlikely",
        }
    }
}

/// Returns the plain-words label for a candidate's cosine distance.
pub fn closeness_label(distance: f64) -> &'static str {
    Closeness::from_distance(distance).label()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn name_is_trimmed() {
        assert_eq!(
            normalize_name("  Ada Lovelace \n"),
            Ok(Some("Ada Lovelace".to_owned()))
        );
    }

    #[test]
    fn blank_name_is_unnamed() {
        assert_eq!(normalize_name(""), Ok(None));
        assert_eq!(normalize_name(" \t\u{3000} "), Ok(None));
    }

    #[test]
    fn name_limit_counts_scalar_values() {
        let at_limit = "é".repeat(MAX_NAME_CHARS);
        assert_eq!(at_limit.len(), 2 * MAX_NAME_CHARS);
        assert_eq!(normalize_name(&at_limit), Ok(Some(at_limit.clone())));

        let over = "😀".repeat(MAX_NAME_CHARS + 1);
        assert_eq!(
            normalize_name(&over),
            Err(NameError::TooLong {
                chars: MAX_NAME_CHARS + 1
            })
        );
    }

    #[test]
    fn name_limit_applies_after_trim() {
        let padded = format!("   {}   ", "a".repeat(MAX_NAME_CHARS));
        assert_eq!(
            normalize_name(&padded).unwrap().map(|name| name.len()),
            Some(MAX_NAME_CHARS)
        );
    }

    #[test]
    fn name_error_names_limit() {
        let message = NameError::TooLong { chars: 250 }.to_string();
        assert!(message.contains("200"), "{message}");
        assert!(message.contains("250"), "{message}");
    }

    #[test]
    fn date_parses_and_displays() {
        let parsed = date("1990-02-28");
        assert_eq!((parsed.year(), parsed.month(), parsed.day()), (1990, 2, 28));
        assert_eq!(parsed.to_string(), "1990-02-28");
        assert_eq!(date("0001-01-01").to_string(), "0001-01-01");
    }

    #[test]
    fn date_rejects_malformed_text() {
        for text in [
            "",
            "1990-2-28",
            "1990-02-8",
            "90-02-28",
            "1990/02/28",
            "1990-02-28T00:00:00",
            " 1990-02-28",
            "+990-02-28",
            "1990-0a-28",
            "19900-02-28",
            "1990-02-２8",
            "19é-02-28",
        ] {
            assert!(
                matches!(Date::parse(text), Err(DateError::Malformed { .. })),
                "{text:?} should be malformed"
            );
        }
    }

    #[test]
    fn date_rejects_days_not_in_calendar() {
        for text in [
            "2023-02-29",
            "1900-02-29",
            "2024-04-31",
            "2024-13-01",
            "2024-00-10",
            "2024-01-00",
            "0000-01-01",
        ] {
            assert!(
                matches!(Date::parse(text), Err(DateError::NoSuchDay { .. })),
                "{text:?} should not exist"
            );
        }
    }

    #[test]
    fn leap_days_exist_in_leap_years() {
        assert_eq!(date("2024-02-29").day(), 29);
        assert_eq!(date("2000-02-29").day(), 29);
        assert!(is_leap_year(2000));
        assert!(!is_leap_year(1900));
        assert!(!is_leap_year(2023));
    }

    #[test]
    fn days_since_epoch_matches_known_days() {
        assert_eq!(date("1970-01-01").days_since_unix_epoch(), 0);
        assert_eq!(date("1969-12-31").days_since_unix_epoch(), -1);
        assert_eq!(date("2000-03-01").days_since_unix_epoch(), 11_017);
        assert_eq!(date("1994-11-06").days_since_unix_epoch(), 9_075);
        assert_eq!(date("0001-01-01").days_since_unix_epoch(), -719_162);
    }

    #[test]
    fn birth_date_blank_clears() {
        assert_eq!(parse_birth_date("  ", date("2026-12-04")), Ok(None));
    }

    #[test]
    fn birth_date_today_is_allowed() {
        let today = date("2026-12-04");
        assert_eq!(parse_birth_date(" 2026-12-04 ", today), Ok(Some(today)));
    }

    #[test]
    fn birth_date_in_future_is_rejected() {
        let today = date("2026-12-04");
        let error = parse_birth_date("2026-12-05", today).unwrap_err();
        assert_eq!(
            error,
            DateError::InFuture {
                date: date("2026-12-05"),
                today
            }
        );
        assert!(error.to_string().contains("2026-12-05"), "{error}");
    }

    #[test]
    fn age_counts_whole_years() {
        let birth = date("1990-06-15");
        assert_eq!(age_on(birth, date("1990-06-15")), Some(0));
        assert_eq!(age_on(birth, date("2020-06-14")), Some(29));
        assert_eq!(age_on(birth, date("2020-06-15")), Some(30));
        assert_eq!(age_on(birth, date("1990-06-14")), None);
    }

    #[test]
    fn leap_day_birthday_in_common_year() {
        let birth = date("2000-02-29");
        assert_eq!(age_on(birth, date("2001-02-28")), Some(0));
        assert_eq!(age_on(birth, date("2001-03-01")), Some(1));
        assert_eq!(age_on(birth, date("2004-02-28")), Some(3));
        assert_eq!(age_on(birth, date("2004-02-29")), Some(4));
    }

    #[test]
    fn capture_date_ignores_offset() {
        assert_eq!(
            capture_date("2024-02-25T06:57:27.660000-08:00"),
            Ok(date("2024-02-25"))
        );
        assert_eq!(
            capture_date("2024-12-31T23:30:00+14:00"),
            Ok(date("2024-12-31"))
        );
        assert_eq!(capture_date("2024-01-01T00:10:00Z"), Ok(date("2024-01-01")));
    }

    #[test]
    fn capture_date_accepts_naive_forms() {
        assert_eq!(capture_date("2024-07-15T12:00:00"), Ok(date("2024-07-15")));
        assert_eq!(capture_date("2024-07-15 12:00:00"), Ok(date("2024-07-15")));
        assert_eq!(capture_date("2024-07-15"), Ok(date("2024-07-15")));
    }

    #[test]
    fn capture_date_rejects_garbage() {
        assert!(matches!(
            capture_date("yesterday"),
            Err(DateError::Malformed { .. })
        ));
        assert!(matches!(
            capture_date("2023-02-29T10:00:00"),
            Err(DateError::NoSuchDay { .. })
        ));
    }

    #[test]
    fn age_at_capture_uses_wall_clock_day() {
        let birth = date("1990-02-25");

        // In UTC this instant is already the 25th; the wall-clock day is the 24th.
        assert_eq!(
            age_at_capture(birth, "2024-02-24T23:00:00-08:00"),
            Ok(Some(33))
        );
        assert_eq!(
            age_at_capture(birth, "2024-02-25T06:57:27.660000-08:00"),
            Ok(Some(34))
        );
        assert_eq!(age_at_capture(birth, "1989-07-15T12:00:00"), Ok(None));
    }

    #[test]
    fn person_label_falls_back() {
        assert_eq!(person_label(Some(" Ada ")), "Ada");
        assert_eq!(person_label(Some("   ")), "Unnamed");
        assert_eq!(person_label(None), "Unnamed");
    }

    #[test]
    fn person_label_isolates_bidirectional_names() {
        assert_eq!(person_label(Some("Ada")), "Ada");
        assert_eq!(person_label(Some("Eve\u{202E}kcab")), "\u{2068}Eve\u{202E}kcab\u{2069}");
        assert_eq!(person_label(Some(" דנה ")), "\u{2068}דנה\u{2069}");
    }

    #[test]
    fn photo_count_pluralizes() {
        assert_eq!(photo_count_label(0), "0 photos");
        assert_eq!(photo_count_label(1), "1 photo");
        assert_eq!(photo_count_label(12), "12 photos");
        assert_eq!(photo_count_label(999), "999 photos");
        assert_eq!(photo_count_label(1_204), "1,204 photos");
        assert_eq!(photo_count_label(1_000_000), "1,000,000 photos");
    }

    #[test]
    fn confidence_label_rounds_percent() {
        assert_eq!(
            face_confidence_label(FaceSource::Automatic, Some(0.93)),
            "automatic, 93%"
        );
        assert_eq!(
            face_confidence_label(FaceSource::Automatic, Some(0.996)),
            "automatic, 100%"
        );
        assert_eq!(
            face_confidence_label(FaceSource::Automatic, Some(0.004)),
            "automatic, 0%"
        );
        assert_eq!(
            face_confidence_label(FaceSource::Automatic, Some(1.7)),
            "automatic, 100%"
        );
    }

    #[test]
    fn confidence_label_without_score() {
        assert_eq!(face_confidence_label(FaceSource::Manual, None), "manual");
        assert_eq!(
            face_confidence_label(FaceSource::Automatic, Some(f64::NAN)),
            "automatic"
        );
    }

    #[test]
    fn closeness_follows_cut_offs() {
        assert_eq!(Closeness::from_distance(0.0), Closeness::VeryClose);
        assert_eq!(Closeness::from_distance(0.039), Closeness::VeryClose);
        assert_eq!(Closeness::from_distance(0.04), Closeness::Close);
        assert_eq!(Closeness::from_distance(0.06), Closeness::Close);
        assert_eq!(Closeness::from_distance(0.07), Closeness::Possible);
        assert_eq!(Closeness::from_distance(0.09), Closeness::Possible);
        assert_eq!(Closeness::from_distance(0.10), Closeness::Unlikely);
        assert_eq!(Closeness::from_distance(f64::NAN), Closeness::Unlikely);
        assert_eq!(Closeness::from_distance(f64::INFINITY), Closeness::Unlikely);
    }

    #[test]
    fn closeness_labels_are_plain_words() {
        assert_eq!(closeness_label(0.02), "very close");
        assert_eq!(closeness_label(0.05), "close");
        assert_eq!(closeness_label(0.08), "possible");
        assert_eq!(closeness_label(0.3), "unlikely");
    }
}
