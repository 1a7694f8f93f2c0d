//! BG501 blocking-in-async.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG501.
pub static META: RuleMeta = RuleMeta {
    code: "BG501",
    name: "blocking-in-async",
    category: Category::Async,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG501 blocking-in-async.
pub struct BlockingInAsync;

impl Rule for BlockingInAsync {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
