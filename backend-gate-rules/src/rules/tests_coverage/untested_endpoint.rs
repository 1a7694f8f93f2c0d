//! BG901 untested-endpoint.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG901.
pub static META: RuleMeta = RuleMeta {
    code: "BG901",
    name: "untested-endpoint",
    category: Category::Tests,
    level: Level::Allow,
    preset: Preset::Strict,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG901 untested-endpoint.
pub struct UntestedEndpoint;

impl Rule for UntestedEndpoint {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
