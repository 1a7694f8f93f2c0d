//! BG103 db-call-in-loop.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG103.
pub static META: RuleMeta = RuleMeta {
    code: "BG103",
    name: "db-call-in-loop",
    category: Category::Layering,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG103 db-call-in-loop.
pub struct DbCallInLoop;

impl Rule for DbCallInLoop {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
