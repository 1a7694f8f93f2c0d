//! Errors that stop a run (exit code 2). Problems inside checked files are findings, not errors.

use std::path::PathBuf;

/// Why a run could not be carried out.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `cargo metadata` failed: no manifest, a broken manifest, no cargo.
    #[error("could not read the Cargo workspace{}: {message}", manifest.as_ref().map(|m| format!(" at {}", m.display())).unwrap_or_default())]
    Metadata {
        /// The manifest asked for, if any.
        manifest: Option<PathBuf>,
        /// cargo's own message, on one line.
        message: String,
    },
    /// A path given on the command line does not exist.
    #[error("no such file or directory: {}", .0.display())]
    MissingPath(PathBuf),
    /// `-p NAME` names no workspace member.
    #[error(
        "package `{name}` is not a member of the workspace{}",
        did_you_mean(suggestion)
    )]
    UnknownPackage {
        /// The name given.
        name: String,
        /// The closest member name.
        suggestion: Option<String>,
    },
    /// A rule selector (code, name, category) that matches nothing.
    #[error("unknown rule or category `{name}`{}", did_you_mean(suggestion))]
    UnknownRule {
        /// The selector given.
        name: String,
        /// The closest known selector.
        suggestion: Option<String>,
    },
    /// A configuration that cannot be applied (built by hand rather than by [`crate::config::load`],
    /// which reports problems with their place in the file).
    #[error("invalid configuration: {0}")]
    Config(String),
    /// Building the thread pool failed.
    #[error("could not start worker threads: {0}")]
    ThreadPool(String),
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a typo.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let name = name.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&name, &c.to_ascii_lowercase()), c))
        .filter(|&(d, c)| d <= (c.len() / 3).max(2))
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c.to_string())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["hardcoded-secret", "sql-injection", "BG201"];
        assert_eq!(
            closest("hardcoded-secrt", names).as_deref(),
            Some("hardcoded-secret")
        );
        assert_eq!(closest("bg210", names).as_deref(), Some("BG201"));
        assert_eq!(closest("something-else", names), None);
    }
}
