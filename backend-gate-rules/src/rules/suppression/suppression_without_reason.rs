//! BG003 suppression-without-reason.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG003.
pub static META: RuleMeta = RuleMeta {
    code: "BG003",
    name: "suppression-without-reason",
    category: Category::Suppression,
    level: Level::Allow,
    preset: Preset::Strict,
    summary: "a suppression comment with no `reason = \"…\"`",
    why: "A suppression is a decision that a finding is acceptable here; without its reason, the \
          next reader cannot tell a considered exception from a silenced warning, nor when it \
          stops being true. Like clippy's `allow_attributes_without_reason`, this is off by \
          default and on in the strict preset, for teams that review every exception.",
    bad: "// backend-gate: allow(BG103)\nfor id in ids {\n    \
          sqlx::query(\"DELETE FROM carts WHERE id = $1\").bind(id).execute(&pool).await?;\n}",
    good: "// backend-gate: allow(BG103, reason = \"at most 3 ids: the cart limit\")\n\
           for id in ids {\n    \
           sqlx::query(\"DELETE FROM carts WHERE id = $1\").bind(id).execute(&pool).await?;\n}",
    in_tests: true,
};

/// BG003 suppression-without-reason, reported by [`crate::suppress::apply`].
pub struct SuppressionWithoutReason;

impl Rule for SuppressionWithoutReason {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
