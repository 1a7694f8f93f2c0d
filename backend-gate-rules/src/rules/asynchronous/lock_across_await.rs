//! BG502 lock-across-await.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG502.
pub static META: RuleMeta = RuleMeta {
    code: "BG502",
    name: "lock-across-await",
    category: Category::Async,
    level: Level::Deny,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG502 lock-across-await.
pub struct LockAcrossAwait;

impl Rule for LockAcrossAwait {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
