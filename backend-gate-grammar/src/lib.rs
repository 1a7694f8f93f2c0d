//! The `#[endpoint(...)]` attribute grammar: one parser and validator, used by the proc macro
//! (compile errors) and by the linter (registry, checklist), so the two never disagree.
//!
//! Depends only on `syn` and `proc-macro2`: a backend's build must not pull the linter engine.

/// An endpoint's declared API contract, as written in `#[endpoint(...)]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EndpointContract {
    /// HTTP method, upper case (`GET`).
    pub method: String,
    /// Path as declared, `{param}` form.
    pub path: String,
    /// `auth = "<role>"`.
    pub auth: Option<String>,
    /// `public`.
    pub public: bool,
    /// `rate_limit = "<N>/<unit>"`, as written.
    pub rate_limit: Option<String>,
    /// `summary = "..."`.
    pub summary: Option<String>,
    /// `tags = [..]`.
    pub tags: Vec<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `version = "..."`.
    pub version: Option<String>,
}
