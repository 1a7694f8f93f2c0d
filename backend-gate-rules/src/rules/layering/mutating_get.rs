//! BG104 mutating-get.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG104.
pub static META: RuleMeta = RuleMeta {
    code: "BG104",
    name: "mutating-get",
    category: Category::Layering,
    level: Level::Deny,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG104 mutating-get.
pub struct MutatingGet;

impl Rule for MutatingGet {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
