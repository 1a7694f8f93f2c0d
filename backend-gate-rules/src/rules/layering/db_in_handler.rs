//! BG101 db-in-handler.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG101.
pub static META: RuleMeta = RuleMeta {
    code: "BG101",
    name: "db-in-handler",
    category: Category::Layering,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG101 db-in-handler.
pub struct DbInHandler;

impl Rule for DbInHandler {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
