//! BG607 insecure-jwt.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG607.
pub static META: RuleMeta = RuleMeta {
    code: "BG607",
    name: "insecure-jwt",
    category: Category::Security,
    level: Level::Deny,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG607 insecure-jwt.
pub struct InsecureJwt;

impl Rule for InsecureJwt {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
