//! BG302 swallowed-error.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG302.
pub static META: RuleMeta = RuleMeta {
    code: "BG302",
    name: "swallowed-error",
    category: Category::ErrorHandling,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG302 swallowed-error.
pub struct SwallowedError;

impl Rule for SwallowedError {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
