//! The user's configuration: `backend-gate.toml` or `[workspace|package.metadata.backend-gate]`.
//!
//! `Config` derives `Hash`: the result cache keys on it, so every key that changes findings
//! must live here (and maps are `BTreeMap`).

use std::collections::BTreeMap;

/// Effective configuration of a run (SPEC §4). Loading and validation live beside it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Config {
    /// `exclude`: globs of files not checked.
    pub exclude: Vec<String>,
    /// `[rules]`: level per rule selector.
    pub rules: BTreeMap<String, String>,
    /// `auth-extractors`: extra extractor types that prove authentication.
    pub auth_extractors: Vec<String>,
    /// `validating-extractors`: extra extractor types that validate their input.
    pub validating_extractors: Vec<String>,
    /// `blocking-wrappers`: extra fns whose closure argument may block.
    pub blocking_wrappers: Vec<String>,
    /// `db-paths`: modules that are the data-access layer.
    pub db_paths: Vec<String>,
    /// `public`: endpoint paths that need no authentication.
    pub public: Vec<String>,
    /// `version-pattern`: how a versioned path looks.
    pub version_pattern: Option<String>,
    /// `dialect`: forces the SQL dialect of migrations.
    pub dialect: Option<String>,
    /// `migrations`: extra migration folders.
    pub migrations: Vec<String>,
}
