//! The checklist as GitHub-flavoured markdown, for a job summary (`$GITHUB_STEP_SUMMARY`) or a
//! pull-request comment: totals first, a compact table per handler module, the reasons of every
//! ✗ folded in `<details>`.

use super::{Check, Checklist, EndpointChecks, Item, Status, Tally};
use super::{API_ITEMS, DATABASE_ITEMS, SECURITY_ITEMS};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Renders the checklist.
pub fn render(c: &Checklist) -> String {
    let mut out = String::from("## backend-gate checklist\n\n");
    let t = &c.totals;
    let database = match t.migration_sets {
        0 => "Database: no migrations found".to_string(),
        n => format!(
            "Database {} ({n} migration set{})",
            tally(&t.database),
            plural(n)
        ),
    };
    let endpoints = match t.endpoints {
        0 => "**no endpoints**".to_string(),
        n => format!(
            "**{n} endpoint{}** · API {} · Security {}",
            plural(n),
            tally(&t.api),
            tally(&t.security)
        ),
    };
    let _ = writeln!(out, "{endpoints} · {database}\n");
    out.push_str(
        "✓ passed · ✗ failed (reasons under each table) · – not applicable or not checked\n\n",
    );
    let unchecked = t.api.not_checked + t.security.not_checked + t.database.not_checked;
    if unchecked > 0 {
        let _ = writeln!(
            out,
            "> {unchecked} item{} not checked: their rule is off, or the handler names no \
             function of the workspace.\n",
            plural(unchecked)
        );
    }
    let mut groups: BTreeMap<&str, Vec<&EndpointChecks>> = BTreeMap::new();
    for e in &c.endpoints {
        groups.entry(group_of(&e.handler)).or_default().push(e);
    }
    if !groups.is_empty() {
        out.push_str("### Endpoints\n\n");
    }
    for (group, endpoints) in groups {
        let _ = writeln!(out, "#### `{group}`\n");
        out.push_str("| Endpoint |");
        for item in API_ITEMS.iter().chain(SECURITY_ITEMS) {
            let _ = write!(out, " {} |", item.short);
        }
        out.push_str("\n|---|");
        for _ in API_ITEMS.iter().chain(SECURITY_ITEMS) {
            out.push_str(":-:|");
        }
        out.push('\n');
        for e in &endpoints {
            let _ = write!(out, "| `{} {}` |", e.method, cell(&e.path));
            for check in e.api.iter().chain(&e.security) {
                let _ = write!(out, " {} |", mark(check));
            }
            out.push('\n');
        }
        out.push('\n');
        let failing: Vec<&&EndpointChecks> = endpoints
            .iter()
            .filter(|e| e.api.iter().chain(&e.security).any(failed))
            .collect();
        if failing.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "<details><summary>Why ✗: {} endpoint{} of <code>{group}</code></summary>\n",
            failing.len(),
            plural(failing.len())
        );
        for e in failing {
            let _ = writeln!(
                out,
                "**`{} {}`** — `{}` ({}:{})\n",
                e.method, e.path, e.handler, e.file, e.line
            );
            let checks =
                (API_ITEMS.iter().zip(&e.api)).chain(SECURITY_ITEMS.iter().zip(&e.security));
            reasons(&mut out, checks);
            out.push('\n');
        }
        out.push_str("</details>\n\n");
    }
    if !c.migration_sets.is_empty() {
        out.push_str("### Database\n\n| Migrations | Package | Count |");
        for item in DATABASE_ITEMS {
            let _ = write!(out, " {} |", item.short);
        }
        out.push_str("\n|---|---|--:|");
        for _ in DATABASE_ITEMS {
            out.push_str(":-:|");
        }
        out.push('\n');
        for s in &c.migration_sets {
            let _ = write!(
                out,
                "| `{}` | {} | {} |",
                cell(&s.dir),
                cell(&s.package),
                s.migrations
            );
            for check in &s.database {
                let _ = write!(out, " {} |", mark(check));
            }
            out.push('\n');
        }
        out.push('\n');
        for s in c
            .migration_sets
            .iter()
            .filter(|s| s.database.iter().any(failed))
        {
            let _ = writeln!(
                out,
                "<details><summary>Why ✗: <code>{}</code></summary>\n",
                s.dir
            );
            reasons(&mut out, DATABASE_ITEMS.iter().zip(&s.database));
            out.push_str("\n</details>\n\n");
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// `- ✗ **Title**: message (BG123, file:line)` for every reason of every failed check.
fn reasons<'a>(out: &mut String, checks: impl Iterator<Item = (&'a Item, &'a Check)>) {
    for (item, check) in checks.filter(|(_, c)| failed(c)) {
        for r in &check.reasons {
            let mut at = Vec::new();
            at.extend(r.code.clone());
            if let (Some(file), Some(line)) = (&r.file, r.line) {
                at.push(format!("{file}:{line}"));
            }
            let _ = writeln!(
                out,
                "- ✗ **{}**: {} ({})",
                item.title,
                r.message.replace('\n', " "),
                at.join(", ")
            );
        }
    }
}

fn failed(c: &Check) -> bool {
    c.status == Status::Fail
}

fn mark(c: &Check) -> &'static str {
    match c.status {
        Status::Pass => "✓",
        Status::Fail => "✗",
        Status::NotApplicable | Status::NotChecked => "–",
    }
}

/// `40/84 ✓`: passed of the items judged.
fn tally(t: &Tally) -> String {
    format!("{}/{} ✓", t.passed, t.judged())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The handler's module (`shop::routes::users` of `shop::routes::users::list`).
fn group_of(handler: &str) -> &str {
    match handler.rsplit_once("::") {
        Some((module, _)) if !handler.contains(['(', ' ', '<', '|']) => module,
        _ => "unresolved handlers",
    }
}

/// Text safe inside a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}
