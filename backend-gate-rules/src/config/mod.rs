//! The user's configuration: `backend-gate.toml` or `[workspace|package.metadata.backend-gate]`.
//!
//! `Config` derives `Hash`: the result cache keys on it, so every key that changes findings
//! lives here (and maps are `BTreeMap`).
//!
//! Design: the workspace's table (from `backend-gate.toml`, else `[workspace.metadata.backend-gate]`)
//! gives [`Config::workspace`]; each package with a `[package.metadata.backend-gate]` table gets its
//! own *effective* [`Settings`] in [`Config::packages`] — the workspace's, with the keys the package
//! sets replacing the workspace's values (`[rules]` entries and `[[overrides]]` are applied after the
//! workspace's). Rules read the settings of the package a file belongs to
//! ([`crate::workspace::PackageInfo::settings`]); levels are resolved per file ([`scopes`]).
//! Every path and glob is stored relative to the workspace root, with `/`.

pub mod keys;
pub mod load;
pub mod scopes;

pub use load::{load, ConfigError, Problem};

use crate::migrations::Dialect;
use crate::rule::{Level, Preset};
use std::collections::BTreeMap;

/// Name of the configuration file at the workspace root.
pub const FILE_NAME: &str = "backend-gate.toml";

/// Effective configuration of a run (SPEC §4).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Config {
    /// Settings of the workspace (and of packages without a table of their own).
    pub workspace: Settings,
    /// Effective settings of the packages that have `[package.metadata.backend-gate]`, by name.
    pub packages: BTreeMap<String, Settings>,
    /// The files the configuration was read from, relative to the workspace root.
    pub sources: Vec<String>,
}

impl Config {
    /// The settings that apply to the files of package `name`.
    pub fn for_package(&self, name: &str) -> &Settings {
        self.packages.get(name).unwrap_or(&self.workspace)
    }

    /// Makes `preset` win over every preset the configuration sets (`--preset` on the command
    /// line beats the files).
    pub fn force_preset(&mut self, preset: Preset) {
        self.workspace.preset = Some(preset);
        for s in self.packages.values_mut() {
            s.preset = Some(preset);
        }
    }
}

/// The keys of one table, with their defaults filled in.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Settings {
    /// `preset`: the preset that sets the default levels (`None`: the caller's, `recommended`).
    pub preset: Option<Preset>,
    /// `[rules]`: a level per selector (code, name, code prefix, category), applied in order:
    /// the more specific selectors of one table after the less specific ones, a package's
    /// entries after the workspace's.
    pub rules: Vec<(String, Level)>,
    /// `[[overrides]]`: levels for the files matching some globs, applied after `[rules]`.
    pub overrides: Vec<Override>,
    /// `exclude`: globs of files that are not checked (not even parsed).
    pub exclude: Vec<String>,
    /// `auth-extractors`: extractor types that prove the caller is authenticated (BG602).
    pub auth_extractors: Vec<String>,
    /// `validating-extractors`: extractor types that validate what they extract (BG401).
    pub validating_extractors: Vec<String>,
    /// `blocking-wrappers`: functions and methods whose closure argument runs off the async
    /// executor, so blocking there is fine (BG501).
    pub blocking_wrappers: Vec<String>,
    /// `db-paths`: paths of the project's database APIs; a call of a function under one of them
    /// is a database call (BG101, BG103, BG104, BG302).
    pub db_paths: Vec<String>,
    /// `public`: endpoint paths that need no authentication (BG602).
    pub public: Vec<String>,
    /// `version-pattern`: what a version segment of a path looks like (BG701).
    pub version_pattern: String,
    /// `[thresholds]`.
    pub thresholds: Thresholds,
    /// `dialect`: the SQL dialect of migrations and query literals (`None`: detected).
    pub dialect: Option<Dialect>,
    /// `migrations`: extra migration folders, relative to the workspace root.
    pub migrations: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            preset: None,
            rules: Vec::new(),
            overrides: Vec::new(),
            exclude: Vec::new(),
            auth_extractors: Vec::new(),
            validating_extractors: Vec::new(),
            blocking_wrappers: Vec::new(),
            db_paths: Vec::new(),
            public: Vec::new(),
            version_pattern: DEFAULT_VERSION_PATTERN.to_string(),
            thresholds: Thresholds::default(),
            dialect: None,
            migrations: Vec::new(),
        }
    }
}

/// Default of `version-pattern`: `v1`, `V2`, `v1.1`, `v2beta1`.
pub const DEFAULT_VERSION_PATTERN: &str = "v<N>*";

/// `[[overrides]]`: levels for some files.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Override {
    /// Globs of the files it applies to, relative to the workspace root.
    pub paths: Vec<String>,
    /// Levels per selector, applied in order.
    pub rules: Vec<(String, Level)>,
}

/// `[thresholds]`: the limits of the rules that measure code.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Thresholds {
    /// `max-handler-complexity`: highest cyclomatic complexity of a handler (BG102).
    pub max_handler_complexity: u32,
    /// `max-handler-statements`: most statements of a handler (BG102).
    pub max_handler_statements: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            max_handler_complexity: 10,
            max_handler_statements: 40,
        }
    }
}

impl Settings {
    /// Whether the type or function at `path` (resolved through the imports) is one of `list`'s
    /// entries: an entry with `::` must end the path (`my_auth::Caller`), a bare entry names the
    /// last segment (`Caller`); an unqualified path is compared by its name alone.
    pub fn names(list: &[String], path: &[String]) -> bool {
        let path: Vec<&str> = path
            .iter()
            .map(String::as_str)
            .skip_while(|s| matches!(*s, "crate" | "self" | "super"))
            .collect();
        let Some(last) = path.last() else {
            return false;
        };
        list.iter().any(|entry| {
            let want: Vec<&str> = entry
                .split("::")
                .skip_while(|s| matches!(*s, "crate" | "self" | "super"))
                .collect();
            if path.len() == 1 || want.len() == 1 {
                want.last() == Some(last)
            } else {
                path.ends_with(&want)
            }
        })
    }

    /// Whether endpoint path `path` is declared public (`public`): entries match segment by
    /// segment, `*` any one segment, a trailing `**` any rest, `{param}` any parameter.
    pub fn is_public(&self, path: &str) -> bool {
        self.public.iter().any(|p| path_matches(p, path))
    }

    /// The database API paths (`db-paths`) that `path` (a call's resolved path) falls under.
    pub fn db_path(&self, path: &[String]) -> Option<&str> {
        let path: Vec<&str> = path
            .iter()
            .map(String::as_str)
            .skip_while(|s| matches!(*s, "crate" | "self" | "super"))
            .collect();
        self.db_paths
            .iter()
            .find(|entry| {
                let want: Vec<&str> = entry
                    .split("::")
                    .skip_while(|s| matches!(*s, "crate" | "self" | "super"))
                    .collect();
                !want.is_empty() && path.len() >= want.len() && path[..want.len()] == want[..]
            })
            .map(String::as_str)
    }
}

fn path_matches(pattern: &str, path: &str) -> bool {
    let segments = |s: &'_ str| -> Vec<String> {
        s.split('/')
            .filter(|x| !x.is_empty())
            .map(|x| {
                if x.starts_with('{') || x.starts_with(':') || x.starts_with('<') {
                    "{}".to_string()
                } else {
                    x.to_string()
                }
            })
            .collect()
    };
    let (pat, path) = (segments(pattern), segments(path));
    fn go(pat: &[String], path: &[String]) -> bool {
        match (pat.first().map(String::as_str), path.first()) {
            (Some("**"), _) => {
                pat.len() == 1 || (0..=path.len()).any(|i| go(&pat[1..], &path[i..]))
            }
            (None, None) => true,
            (Some(p), Some(s)) => (p == "*" || p == s) && go(&pat[1..], &path[1..]),
            _ => false,
        }
    }
    go(&pat, &path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_paths_match_by_segment() {
        let s = Settings {
            public: vec![
                "/status".into(),
                "/api/v1/items/{id}".into(),
                "/hooks/*".into(),
                "/docs/**".into(),
            ],
            ..Settings::default()
        };
        assert!(s.is_public("/status"));
        assert!(s.is_public("/api/v1/items/{item_id}"));
        assert!(s.is_public("/hooks/github"));
        assert!(!s.is_public("/hooks/github/retry"));
        assert!(s.is_public("/docs"));
        assert!(s.is_public("/docs/a/b"));
        assert!(!s.is_public("/api/v1/items"));
        assert!(!s.is_public("/statuses"));
    }

    #[test]
    fn db_paths_match_path_prefixes() {
        let s = Settings {
            db_paths: vec!["acme_db".into(), "crate::store::raw".into()],
            ..Settings::default()
        };
        let p = |s: &str| s.split("::").map(String::from).collect::<Vec<_>>();
        assert_eq!(s.db_path(&p("acme_db::query")), Some("acme_db"));
        assert_eq!(s.db_path(&p("store::raw::exec")), Some("crate::store::raw"));
        assert_eq!(
            s.db_path(&p("crate::store::raw::exec")),
            Some("crate::store::raw")
        );
        assert_eq!(s.db_path(&p("store::cooked::exec")), None);
        assert_eq!(s.db_path(&p("acme_dbx::query")), None);
    }

    #[test]
    fn names_compare_paths_or_last_segments() {
        let list = vec!["my_auth::Caller".to_string(), "Operator".to_string()];
        let p = |s: &str| s.split("::").map(String::from).collect::<Vec<_>>();
        assert!(Settings::names(&list, &p("Caller")));
        assert!(Settings::names(&list, &p("crate::my_auth::Caller")));
        assert!(!Settings::names(&list, &p("other::Caller")));
        assert!(Settings::names(&list, &p("auth::Operator")));
        assert!(!Settings::names(&list, &p("Callers")));
    }
}
