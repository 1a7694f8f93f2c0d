//! BG603 sensitive-field-serialized.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG603.
pub static META: RuleMeta = RuleMeta {
    code: "BG603",
    name: "sensitive-field-serialized",
    category: Category::Security,
    level: Level::Deny,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG603 sensitive-field-serialized.
pub struct SensitiveFieldSerialized;

impl Rule for SensitiveFieldSerialized {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
