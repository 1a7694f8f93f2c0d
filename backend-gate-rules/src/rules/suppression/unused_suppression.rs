//! BG001 unused-suppression.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG001.
pub static META: RuleMeta = RuleMeta {
    code: "BG001",
    name: "unused-suppression",
    category: Category::Suppression,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "a `backend-gate: allow(..)` or `allow-file(..)` comment that suppresses no finding of \
              a rule that ran: the code it excused was fixed or moved",
    why: "A suppression outlives the finding it was written for: once the code is fixed, moved or \
          the rule stops matching, the comment keeps excusing whatever lands on its lines next — \
          a new database call in that handler, a new secret in that file — without anyone \
          deciding it. Suppressions of rules that did not run (turned off by the preset, \
          `--select`, `--ignore` or config) are not reported: they may be needed under another \
          configuration. With explicit paths (`check src/a.rs`) none are reported, because the \
          cross-file rules then see part of the workspace.",
    bad: "// backend-gate: allow(BG101, reason = \"legacy query, moved to the repository in #412\")\n\
          async fn list_users(State(repo): State<UserRepo>) -> Json<Vec<User>> {\n    \
          Json(repo.all().await)\n}",
    good: "async fn list_users(State(repo): State<UserRepo>) -> Json<Vec<User>> {\n    \
           Json(repo.all().await)\n}",
    in_tests: true,
};

/// BG001 unused-suppression, reported by [`crate::suppress::apply`].
pub struct UnusedSuppression;

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
