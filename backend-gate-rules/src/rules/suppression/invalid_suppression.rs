//! BG002 invalid-suppression.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG002.
pub static META: RuleMeta = RuleMeta {
    code: "BG002",
    name: "invalid-suppression",
    category: Category::Suppression,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "a comment addressed to backend-gate that is not a well-formed suppression (unknown \
              directive or rule, missing parentheses, a malformed reason, `allow-file` below code, \
              a doc or block comment): it suppresses nothing",
    why: "A suppression with a typo looks like it works to whoever reads the code, while the \
          finding it was meant to excuse keeps failing the gate — or, worse, the author believes \
          a rule is silenced on purpose and reviews stop looking. Every comment that starts with \
          `backend-gate` is read, and one that does not parse suppresses nothing and is reported \
          with what is wrong, so a typo never hides silently.",
    bad: "// backend-gate: alow(db-in-handlr, reason: \"read-only admin page\")\n\
          async fn stats(State(pool): State<PgPool>) -> Json<Stats> { /* … */ }",
    good: "// backend-gate: allow(db-in-handler, reason = \"read-only admin page\")\n\
           async fn stats(State(pool): State<PgPool>) -> Json<Stats> { /* … */ }",
    in_tests: true,
};

/// BG002 invalid-suppression, reported by [`crate::suppress::apply`].
pub struct InvalidSuppression;

impl Rule for InvalidSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
