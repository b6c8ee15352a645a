//! Percent-encoding shared by routes and API query strings.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Everything except the RFC 3986 unreserved characters, so an encoded value
/// is safe both as a path segment and as a query value.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Encodes one path segment or query key/value.
pub fn encode_component(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// Decodes one path segment; invalid UTF-8 is replaced rather than rejected,
/// because a pasted URL should still reach a page that shows "not found".
pub fn decode_component(value: &str) -> String {
    percent_decode_str(value).decode_utf8_lossy().into_owned()
}

/// Decodes one query key or value, where `+` also stands for a space.
pub fn decode_query_component(value: &str) -> String {
    decode_component(&value.replace('+', " "))
}

/// Splits `a=1&b=2` (without the leading `?`) into decoded pairs, keeping
/// repeated keys in order. A key without `=` gets an empty value.
pub fn parse_query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) => (decode_query_component(key), decode_query_component(value)),
            None => (decode_query_component(pair), String::new()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_keeps_unreserved() {
        assert_eq!(encode_component("asset_Ab-9.~"), "asset_Ab-9.~");
    }

    #[test]
    fn encode_escapes_reserved_and_unicode() {
        assert_eq!(encode_component("a/b?c&d=e f#"), "a%2Fb%3Fc%26d%3De%20f%23");
        assert_eq!(encode_component("Zoë"), "Zo%C3%AB");
    }

    #[test]
    fn decode_round_trips() {
        let raw = "name with / & ? # % ü";
        assert_eq!(decode_component(&encode_component(raw)), raw);
    }

    #[test]
    fn query_plus_is_space() {
        assert_eq!(decode_query_component("a+b%2Bc"), "a b+c");
    }

    #[test]
    fn parse_pairs_keeps_repeats_and_bare_keys() {
        let pairs = parse_query_pairs("ids=a&ids=b&&flag&x=%26");
        let expected = [("ids", "a"), ("ids", "b"), ("flag", ""), ("x", "&")];
        assert_eq!(pairs.len(), expected.len());
        for ((key, value), (want_key, want_value)) in pairs.iter().zip(expected) {
            assert_eq!(key, want_key);
            assert_eq!(value, want_value);
        }
    }
}
