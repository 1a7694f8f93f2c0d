//! Rendering reports and rule documentation.

mod cargo_json;
mod config;
mod docs;
mod github;
mod human;
mod json;
mod markdown;
mod sarif;

pub use cargo_json::cargo_json;
pub use config::{config_error, init_toml, snippets};

pub use docs::{explain, rules_markdown, rules_table};
pub use github::github;
pub use human::{endpoint_listing, human};
pub use json::json;
pub use markdown::{markdown, MarkdownOptions, GITHUB_SUMMARY_BYTES};
pub use sarif::sarif;

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// reader never sees a half-written file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    match result.and_then(|()| std::fs::rename(&tmp, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}
