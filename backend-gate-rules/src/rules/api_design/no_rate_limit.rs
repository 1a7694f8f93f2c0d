//! BG705 no-rate-limit.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG705.
pub static META: RuleMeta = RuleMeta {
    code: "BG705",
    name: "no-rate-limit",
    category: Category::ApiDesign,
    level: Level::Allow,
    preset: Preset::Strict,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG705 no-rate-limit.
pub struct NoRateLimit;

impl Rule for NoRateLimit {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
