//! BG201 hardcoded-secret.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG201.
pub static META: RuleMeta = RuleMeta {
    code: "BG201",
    name: "hardcoded-secret",
    category: Category::Configuration,
    level: Level::Deny,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG201 hardcoded-secret.
pub struct HardcodedSecret;

impl Rule for HardcodedSecret {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
