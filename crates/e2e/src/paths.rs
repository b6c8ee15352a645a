//! Where the harness finds the built UI and puts its screenshots.

use std::path::{Path, PathBuf};

use crate::E2eError;

/// Environment variable that overrides the folder of the built UI.
pub const UI_DIR_VAR: &str = "GUMNUT_UI_DIR";

/// The workspace root, two levels above this crate.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .ancestors()
        .nth(2)
        .unwrap_or(manifest_dir)
        .to_path_buf()
}

/// Folder of the release UI: `GUMNUT_UI_DIR`, or `<workspace>/dist`.
///
/// Fails when it has no `index.html`, because testing without the UI would
/// only test the SPA fallback's error page.
pub fn ui_dir() -> Result<PathBuf, E2eError> {
    let dir = match std::env::var_os(UI_DIR_VAR) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => workspace_root().join("dist"),
    };

    let index = dir.join("index.html");
    if !index.is_file() {
        return Err(E2eError::MissingUi { index });
    }
    Ok(dir)
}

/// Folder for screenshots: `<workspace>/target/screenshots`, created on demand.
pub fn screenshot_dir() -> Result<PathBuf, E2eError> {
    let dir = workspace_root().join("target").join("screenshots");
    std::fs::create_dir_all(&dir).map_err(|source| E2eError::Io {
        action: "creating",
        path: dir.clone(),
        source,
    })?;
    Ok(dir)
}

/// A program path from the environment variable `var`, or `default`.
pub fn program_from_env(var: &str, default: &str) -> PathBuf {
    match std::env::var_os(var) {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => PathBuf::from(default),
    }
}
