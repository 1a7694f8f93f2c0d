//! BG703 verb-in-path.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG703.
pub static META: RuleMeta = RuleMeta {
    code: "BG703",
    name: "verb-in-path",
    category: Category::ApiDesign,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG703 verb-in-path.
pub struct VerbInPath;

impl Rule for VerbInPath {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
