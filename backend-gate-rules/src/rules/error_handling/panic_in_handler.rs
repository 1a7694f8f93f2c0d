//! BG301 panic-in-handler.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG301.
pub static META: RuleMeta = RuleMeta {
    code: "BG301",
    name: "panic-in-handler",
    category: Category::ErrorHandling,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG301 panic-in-handler.
pub struct PanicInHandler;

impl Rule for PanicInHandler {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
