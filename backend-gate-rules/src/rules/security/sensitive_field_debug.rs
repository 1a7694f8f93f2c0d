//! BG604 sensitive-field-debug.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG604.
pub static META: RuleMeta = RuleMeta {
    code: "BG604",
    name: "sensitive-field-debug",
    category: Category::Security,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG604 sensitive-field-debug.
pub struct SensitiveFieldDebug;

impl Rule for SensitiveFieldDebug {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
