//! BG701 unversioned-route.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG701.
pub static META: RuleMeta = RuleMeta {
    code: "BG701",
    name: "unversioned-route",
    category: Category::ApiDesign,
    level: Level::Allow,
    preset: Preset::Strict,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG701 unversioned-route.
pub struct UnversionedRoute;

impl Rule for UnversionedRoute {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
