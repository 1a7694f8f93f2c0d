//! BG704 undocumented-endpoint.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG704.
pub static META: RuleMeta = RuleMeta {
    code: "BG704",
    name: "undocumented-endpoint",
    category: Category::ApiDesign,
    level: Level::Allow,
    preset: Preset::Strict,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG704 undocumented-endpoint.
pub struct UndocumentedEndpoint;

impl Rule for UndocumentedEndpoint {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
