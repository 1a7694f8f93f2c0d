//! BG202 hardcoded-connection-string.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG202.
pub static META: RuleMeta = RuleMeta {
    code: "BG202",
    name: "hardcoded-connection-string",
    category: Category::Configuration,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG202 hardcoded-connection-string.
pub struct HardcodedConnectionString;

impl Rule for HardcodedConnectionString {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
