//! BG203 hardcoded-bind-address.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG203.
pub static META: RuleMeta = RuleMeta {
    code: "BG203",
    name: "hardcoded-bind-address",
    category: Category::Configuration,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG203 hardcoded-bind-address.
pub struct HardcodedBindAddress;

impl Rule for HardcodedBindAddress {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
