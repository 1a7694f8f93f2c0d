//! BG707 create-without-201.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG707.
pub static META: RuleMeta = RuleMeta {
    code: "BG707",
    name: "create-without-201",
    category: Category::ApiDesign,
    level: Level::Allow,
    preset: Preset::Strict,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG707 create-without-201.
pub struct CreateWithout201;

impl Rule for CreateWithout201 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
