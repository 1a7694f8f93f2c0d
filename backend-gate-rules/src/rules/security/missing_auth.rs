//! BG602 missing-auth.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG602.
pub static META: RuleMeta = RuleMeta {
    code: "BG602",
    name: "missing-auth",
    category: Category::Security,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG602 missing-auth.
pub struct MissingAuth;

impl Rule for MissingAuth {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
