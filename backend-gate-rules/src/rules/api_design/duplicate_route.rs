//! BG706 duplicate-route.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG706.
pub static META: RuleMeta = RuleMeta {
    code: "BG706",
    name: "duplicate-route",
    category: Category::ApiDesign,
    level: Level::Deny,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG706 duplicate-route.
pub struct DuplicateRoute;

impl Rule for DuplicateRoute {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
