//! BG102 fat-handler.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG102.
pub static META: RuleMeta = RuleMeta {
    code: "BG102",
    name: "fat-handler",
    category: Category::Layering,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG102 fat-handler.
pub struct FatHandler;

impl Rule for FatHandler {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
