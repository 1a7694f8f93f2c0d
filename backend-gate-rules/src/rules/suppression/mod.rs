//! Rules about suppression comments themselves. They have no hooks: [`crate::suppress::apply`]
//! reports them once every other rule has run, since only then is it known what a suppression
//! suppressed.

pub mod invalid_suppression;
pub mod suppression_without_reason;
pub mod unused_suppression;

use crate::rule::RuleMeta;

/// The rules about suppressions: a suppression can only suppress their findings by naming
/// them by code or name (not by category, prefix or `all`), so `allow(all)` cannot hide its
/// own uselessness.
pub static META_RULES: [&RuleMeta; 3] = [
    &unused_suppression::META,
    &invalid_suppression::META,
    &suppression_without_reason::META,
];

/// Whether `selector` names one of [`META_RULES`] by code or name.
pub fn names_meta_rule(selector: &str) -> bool {
    META_RULES
        .iter()
        .any(|m| selector.eq_ignore_ascii_case(m.code) || selector.eq_ignore_ascii_case(m.name))
}

/// Whether `code` is one of [`META_RULES`].
pub fn is_meta_rule(code: &str) -> bool {
    META_RULES.iter().any(|m| m.code == code)
}
