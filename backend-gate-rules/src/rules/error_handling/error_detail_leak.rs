//! BG303 error-detail-leak.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG303.
pub static META: RuleMeta = RuleMeta {
    code: "BG303",
    name: "error-detail-leak",
    category: Category::ErrorHandling,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG303 error-detail-leak.
pub struct ErrorDetailLeak;

impl Rule for ErrorDetailLeak {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
