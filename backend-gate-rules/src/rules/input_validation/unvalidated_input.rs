//! BG401 unvalidated-input.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG401.
pub static META: RuleMeta = RuleMeta {
    code: "BG401",
    name: "unvalidated-input",
    category: Category::InputValidation,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG401 unvalidated-input.
pub struct UnvalidatedInput;

impl Rule for UnvalidatedInput {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
