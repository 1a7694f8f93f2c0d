//! BG702 inconsistent-path-case.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG702.
pub static META: RuleMeta = RuleMeta {
    code: "BG702",
    name: "inconsistent-path-case",
    category: Category::ApiDesign,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG702 inconsistent-path-case.
pub struct InconsistentPathCase;

impl Rule for InconsistentPathCase {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
