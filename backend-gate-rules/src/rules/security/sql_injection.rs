//! BG601 sql-injection.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG601.
pub static META: RuleMeta = RuleMeta {
    code: "BG601",
    name: "sql-injection",
    category: Category::Security,
    level: Level::Deny,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG601 sql-injection.
pub struct SqlInjection;

impl Rule for SqlInjection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
