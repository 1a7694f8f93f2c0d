//! BG608 tls-verification-disabled.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG608.
pub static META: RuleMeta = RuleMeta {
    code: "BG608",
    name: "tls-verification-disabled",
    category: Category::Security,
    level: Level::Deny,
    preset: Preset::Recommended,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG608 tls-verification-disabled.
pub struct TlsVerificationDisabled;

impl Rule for TlsVerificationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
