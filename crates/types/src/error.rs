//! Error bodies: what the server sends with a 4xx or 5xx status.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The error body the local server sends: `{"detail": "..."}`, or FastAPI's
/// list of validation items for a 422.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub detail: Value,
}

impl ErrorBody {
    /// A body with a plain message.
    pub fn message(message: impl Into<String>) -> Self {
        Self { detail: Value::String(message.into()) }
    }

    /// A FastAPI-style validation body with one item whose `loc` names the
    /// offending field, such as `["body", "bounding_box", "w"]`.
    pub fn validation(location: &[&str], message: impl Into<String>) -> Self {
        let message = message.into();
        let item = serde_json::json!({
            "loc": location,
            "msg": message,
            "type": "value_error",
        });
        Self { detail: Value::Array(vec![item]) }
    }
}

/// Extracts one readable message from any error body shape the Gumnut API is
/// known to send, in this order: `detail` (a string, or items carrying `msg`
/// and `loc`), `message`, `error` (a string or an object with `message`),
/// and finally the raw text. Returns `None` for an empty body.
pub fn error_message(body: &str) -> Option<String> {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return None;
    }

    let Ok(value) = serde_json::from_str::<Value>(trimmed) else {
        return Some(truncate(trimmed));
    };

    message_from_value(&value).or_else(|| Some(truncate(trimmed)))
}

fn message_from_value(value: &Value) -> Option<String> {
    if let Some(detail) = value.get("detail") {
        match detail {
            Value::String(text) => return Some(text.clone()),
            Value::Array(items) => {
                let messages: Vec<String> = items.iter().filter_map(validation_item).collect();
                if !messages.is_empty() {
                    return Some(messages.join("; "));
                }
            }
            _ => {}
        }
    }

    if let Some(Value::String(text)) = value.get("message") {
        return Some(text.clone());
    }

    match value.get("error") {
        Some(Value::String(text)) => Some(text.clone()),
        Some(Value::Object(object)) => object.get("message").and_then(Value::as_str).map(str::to_owned),
        _ => value.as_str().map(str::to_owned),
    }
}

/// Formats one FastAPI validation item as `field: message`, leaving out the
/// `body`/`query`/`path` prefix of its location.
fn validation_item(item: &Value) -> Option<String> {
    let message = item.get("msg")?.as_str()?;
    let field: Vec<String> = item
        .get("loc")
        .and_then(Value::as_array)
        .map(|parts| {
            parts
                .iter()
                .filter(|part| !matches!(part.as_str(), Some("body" | "query" | "path")))
                .map(|part| match part {
                    Value::String(text) => text.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .unwrap_or_default();

    if field.is_empty() {
        Some(message.to_owned())
    } else {
        Some(format!("{}: {message}", field.join(".")))
    }
}

/// Raw bodies can be whole HTML error pages; keep messages readable.
fn truncate(text: &str) -> String {
    const MAX_CHARS: usize = 300;
    if text.chars().count() <= MAX_CHARS {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(MAX_CHARS).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detail_string() {
        assert_eq!(error_message(r#"{"detail": "JWT has expired"}"#).as_deref(), Some("JWT has expired"));
    }

    #[test]
    fn detail_validation_items() {
        let body = r#"{"detail": [{"loc": ["body", "bounding_box", "w"], "msg": "must be at least 1", "type": "value_error"}]}"#;
        assert_eq!(error_message(body).as_deref(), Some("bounding_box.w: must be at least 1"));
    }

    #[test]
    fn message_field() {
        let body = r#"{"error": "unauthorized", "message": "Invalid or expired token"}"#;
        assert_eq!(error_message(body).as_deref(), Some("Invalid or expired token"));
    }

    #[test]
    fn error_object() {
        let body = r#"{"error": {"code": "validation_error", "message": "bad box", "details": {}}}"#;
        assert_eq!(error_message(body).as_deref(), Some("bad box"));
    }

    #[test]
    fn raw_text_and_empty() {
        assert_eq!(error_message("Bad Gateway").as_deref(), Some("Bad Gateway"));
        assert_eq!(error_message("  "), None);
    }

    #[test]
    fn validation_body_round_trips() {
        let body = serde_json::to_string(&ErrorBody::validation(&["body", "limit"], "too large")).unwrap();
        assert_eq!(error_message(&body).as_deref(), Some("limit: too large"));
    }
}
