//! `rules` and `explain`, generated from the rules' metadata.

use backend_gate_rules::rules::RULES;
use backend_gate_rules::RuleMeta;
use std::fmt::Write;

/// The table printed by `cargo backend-gate rules`.
pub fn rules_table() -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{:<6} {:<30} {:<16} {:<6} {}", "code", "name", "category", "level", "preset");
    for r in RULES {
        let m = r.meta();
        let _ = writeln!(
            out,
            "{:<6} {:<30} {:<16} {:<6} {}",
            m.code, m.name, m.category, m.level, m.preset
        );
    }
    out
}

/// The full documentation of a rule.
pub fn explain(m: &RuleMeta) -> String {
    let indent = |code: &str| code.lines().map(|l| format!("    {l}\n")).collect::<String>();
    let strict = if m.preset == backend_gate_rules::Preset::Strict {
        " (on with `--preset strict`)"
    } else {
        ""
    };
    format!(
        "{code} {name}\n\ncategory: {category}; default level: {level}{strict}; preset: {preset}\n\n\
         ## What it does\n{summary}\n\n## Why is this bad?\n{why}\n\n## Example\n{bad}\n## Use instead\n{good}\n\
         ## Suppress or configure\n\
         Silence one finding with a comment on the line above it (or above the whole item):\n\
         \x20   // backend-gate: allow({code}, reason = \"...\")\n\
         Turn the rule off with `--ignore {code}`, or set its level in backend-gate.toml:\n\
         \x20   [rules]\n\x20   {name} = \"allow\"   # or \"warn\" / \"deny\"\n",
        code = m.code,
        name = m.name,
        category = m.category,
        level = m.level,
        preset = m.preset,
        summary = m.summary,
        why = m.why,
        bad = indent(m.bad),
        good = indent(m.good),
    )
}
