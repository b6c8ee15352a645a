//! Serving the built web app: static files with a fallback to
//! `index.html` for deep links, under a strict Content-Security-Policy.

use std::path::Path;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// The origin of the real Gumnut API, which the app may talk to directly.
const GUMNUT_API_ORIGIN: &str = "https://api.gumnut.ai";

/// Failure to prepare the UI.
#[derive(Debug, thiserror::Error)]
#[error("cannot read the UI's index.html at {path}: {source}")]
pub struct UiError {
    path: String,
    source: std::io::Error,
}

/// Builds the UI router: the files of `ui_dir` with an `index.html` fallback
/// (200, so deep links such as `/people/person_…` load the app), or a short
/// note when no UI was given. `connect_src` adds origins the app may call.
pub fn router(ui_dir: Option<&Path>, connect_src: &[String]) -> Result<Router, UiError> {
    let Some(ui_dir) = ui_dir else {
        return Ok(Router::new().fallback(|| async {
            (StatusCode::NOT_FOUND, "No web app is served here: start the server with --ui DIR (the built dist/ folder).\n")
                .into_response()
        }));
    };

    let index = ui_dir.join("index.html");
    let html = std::fs::read_to_string(&index).map_err(|source| UiError {
        path: index.display().to_string(),
        source,
    })?;
    let policy = content_security_policy(&html, connect_src);
    let policy = HeaderValue::from_str(&policy)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    tracing::info!(dir = %ui_dir.display(), "serving the web app");

    let files = ServeDir::new(ui_dir).fallback(ServeFile::new(&index));
    Ok(Router::new()
        .fallback_service(files)
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            policy,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        )))
}

/// Builds the policy: scripts and styles only from this origin plus the
/// hashes of the inline ones in `index.html` (trunk injects an inline module
/// loader), WebAssembly compilation allowed, API calls to this origin, the
/// Gumnut API and `connect_src`.
pub fn content_security_policy(index_html: &str, connect_src: &[String]) -> String {
    let script_hashes = inline_hashes(index_html, "script");
    let style_hashes = inline_hashes(index_html, "style");
    let extra_origins = connect_src.join(" ");
    let join = |parts: &[&str]| {
        parts
            .iter()
            .filter(|part| !part.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    };

    let script_src = join(&["script-src 'self' 'wasm-unsafe-eval'", &script_hashes]);
    let style_src = join(&["style-src 'self'", &style_hashes]);
    let connect = join(&["connect-src 'self'", GUMNUT_API_ORIGIN, &extra_origins]);
    let img_src = join(&["img-src 'self' data: https:", &extra_origins]);
    [
        "default-src 'self'",
        &script_src,
        &style_src,
        &img_src,
        &connect,
        "font-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ]
    .join("; ")
}

/// `'sha256-…'` sources for every inline `<tag>` element (one without a
/// `src` attribute) in `html`, space-separated.
fn inline_hashes(html: &str, tag: &str) -> String {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let lower = html.to_ascii_lowercase();
    let mut hashes = Vec::new();
    let mut position = 0;
    while let Some(start) = lower[position..]
        .find(&open)
        .map(|offset| position + offset)
    {
        let Some(tag_end) = lower[start..].find('>').map(|offset| start + offset + 1) else {
            break;
        };
        let Some(content_end) = lower[tag_end..].find(&close).map(|offset| tag_end + offset) else {
            break;
        };
        let opening_tag = &lower[start..tag_end];
        let is_inline = !opening_tag.contains(" src=") && !opening_tag.contains("\tsrc=");
        let content = &html[tag_end..content_end];
        if is_inline && !content.is_empty() {
            let digest = Sha256::digest(content.as_bytes());
            hashes.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        position = content_end + close.len();
    }
    hashes.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_only_inline_scripts() {
        let html = r#"<html><head><script type="module">import init from '/app.js';init();</script>
            <script src="/other.js"></script></head></html>"#;
        let hashes = inline_hashes(html, "script");
        assert_eq!(hashes.matches("'sha256-").count(), 1);
        let expected = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import init from '/app.js';init();"));
        assert_eq!(hashes, format!("'sha256-{expected}'"));
    }

    #[test]
    fn policy_lists_required_directives() {
        let policy =
            content_security_policy("<html></html>", &["http://127.0.0.1:9000".to_owned()]);
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval'"));
        assert!(policy.contains("connect-src 'self' https://api.gumnut.ai http://127.0.0.1:9000"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(policy.contains("base-uri 'none'"));
        assert!(policy.contains("img-src 'self' data: https:"));
    }
}
