//! BG606 missing-audit-log.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG606.
pub static META: RuleMeta = RuleMeta {
    code: "BG606",
    name: "missing-audit-log",
    category: Category::Security,
    level: Level::Allow,
    preset: Preset::Strict,
    summary: "",
    why: "",
    bad: "",
    good: "",
    in_tests: false,
};

/// BG606 missing-audit-log.
pub struct MissingAuditLog;

impl Rule for MissingAuditLog {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
