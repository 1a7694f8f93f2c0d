//! Applying every file's suppressions to the findings of a run, and reporting the suppressions
//! that suppressed nothing, the malformed ones and (strict) those without a reason.

use super::{Directive, Scope, Suppressions};
use crate::finding::Finding;
use crate::rule::{Confidence, Level, RuleMeta};
use crate::rules::suppression::{
    invalid_suppression, is_meta_rule, names_meta_rule, suppression_without_reason,
    unused_suppression,
};
use crate::rules::{self, RULES};
use crate::settings::matches;
use crate::source::Range;
use std::collections::{BTreeMap, HashMap};

/// A rule's level in a file: `levels(path, code)`.
pub type LevelOf<'a> = &'a dyn Fn(&str, &str) -> Level;

/// Removes the findings a suppression covers and adds the findings about suppressions.
///
/// A finding is suppressed by a directive whose scope holds the first line of its primary span
/// and that names its rule (code, name, category, code prefix or `all`); of several, the
/// narrowest is the one counted as used. `ran(code)` tells whether a rule ran in this run:
/// suppressions of rules that did not run are never reported as unused, and none are when
/// `report_unused` is off (a run over explicit paths, where the cross-file rules see part of
/// the workspace). Findings about suppressions can only be suppressed by naming their rule by
/// code or name. `levels(path, code)` is a rule's level in a file (overrides are per path).
pub fn apply(
    findings: &mut Vec<Finding>,
    files: &BTreeMap<String, Suppressions>,
    levels: LevelOf,
    ran: &dyn Fn(&str) -> bool,
    report_unused: bool,
) {
    if files.values().all(Suppressions::is_empty) {
        return;
    }
    let mut state: HashMap<&str, FileState> = files
        .iter()
        .filter(|(_, s)| !s.directives.is_empty())
        .map(|(path, s)| (path.as_str(), FileState::new(s)))
        .collect();
    findings.retain(|f| !state_suppresses(&mut state, f, false));
    let report = |meta: &'static RuleMeta, path: &str| {
        ran(meta.code) && levels(path, meta.code) != Level::Allow
    };
    let mut about = Vec::new();
    for (path, s) in files {
        if report(&invalid_suppression::META, path) {
            for inv in &s.invalid {
                about.push(
                    finding(
                        &invalid_suppression::META,
                        levels,
                        path,
                        inv.range,
                        &inv.message,
                    )
                    .with_label("malformed suppression")
                    .with_help(inv.help.clone()),
                );
            }
        }
        if report(&suppression_without_reason::META, path) {
            for d in s.directives.iter().filter(|d| d.reason.is_none()) {
                about.push(
                    finding(
                        &suppression_without_reason::META,
                        levels,
                        path,
                        d.range,
                        "suppression without a reason",
                    )
                    .with_label("no `reason = \"…\"`")
                    .with_help(format!(
                        "say why the finding is acceptable here: `allow({}, reason = \"…\")`",
                        d.rules
                            .iter()
                            .map(|r| r.selector.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
            }
        }
    }
    let unused_on = report_unused && ran(unused_suppression::META.code);
    if unused_on {
        about.extend(unused(files, &state, ran, levels, false));
    }
    about.retain(|f| !state_suppresses(&mut state, f, true));
    if unused_on {
        about.extend(unused(files, &state, ran, levels, true));
    }
    findings.extend(about);
}

/// Which rule entries of a file's directives suppressed something, and the directives in the
/// order they are tried (narrowest scope first).
struct FileState<'a> {
    directives: &'a [Directive],
    order: Vec<usize>,
    used: Vec<Vec<bool>>,
}

impl<'a> FileState<'a> {
    fn new(s: &'a Suppressions) -> Self {
        let mut order: Vec<usize> = (0..s.directives.len()).collect();
        order.sort_by_key(|&i| s.directives[i].scope.width());
        FileState {
            directives: &s.directives,
            order,
            used: s
                .directives
                .iter()
                .map(|d| vec![false; d.rules.len()])
                .collect(),
        }
    }
}

/// Whether a directive of `f`'s file covers it; marks the entry that did. `meta_phase` selects
/// the entries that name a rule about suppressions (only those suppress its findings).
fn state_suppresses(state: &mut HashMap<&str, FileState>, f: &Finding, meta_phase: bool) -> bool {
    let Some(st) = state.get_mut(f.file.as_str()) else {
        return false;
    };
    let Some(meta) = rules::find(f.code).map(|r| r.meta()) else {
        return false;
    };
    let line = f.range.start.line;
    for &i in &st.order {
        let d = &st.directives[i];
        if !d.scope.covers(line) {
            continue;
        }
        for (k, r) in d.rules.iter().enumerate() {
            if names_meta_rule(&r.selector) == meta_phase && matches(&r.selector, meta) {
                st.used[i][k] = true;
                return true;
            }
        }
    }
    false
}

/// Findings for the rule entries that suppressed nothing, among those that name a rule about
/// suppressions (`meta`) or the others.
fn unused(
    files: &BTreeMap<String, Suppressions>,
    state: &HashMap<&str, FileState>,
    ran: &dyn Fn(&str) -> bool,
    levels: LevelOf,
    meta: bool,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (path, s) in files {
        let Some(st) = state.get(path.as_str()) else {
            continue;
        };
        if levels(path, unused_suppression::META.code) == Level::Allow {
            continue;
        }
        for (d, used) in s.directives.iter().zip(&st.used) {
            for (r, &used) in d.rules.iter().zip(used) {
                if used || names_meta_rule(&r.selector) != meta {
                    continue;
                }
                let matched: Vec<&RuleMeta> = RULES
                    .iter()
                    .map(|rule| rule.meta())
                    .filter(|m| meta || !is_meta_rule(m.code))
                    .filter(|m| matches(&r.selector, m))
                    .collect();
                if !matched
                    .iter()
                    .any(|m| ran(m.code) && levels(path, m.code) != Level::Allow)
                {
                    continue;
                }
                let what = match matched.as_slice() {
                    [one] if !one.name.eq_ignore_ascii_case(&r.selector) => {
                        format!("`{}` ({})", r.selector, one.name)
                    }
                    _ => format!("`{}`", r.selector),
                };
                let place = match d.scope {
                    Scope::File => " in this file".to_string(),
                    Scope::Lines { first, last } if first == last => format!(" on line {first}"),
                    Scope::Lines { first, last } => format!(" on lines {first}-{last}"),
                    Scope::Nothing => " (no code follows the comment)".to_string(),
                };
                let only = if d.rules.len() > 1 {
                    format!("remove `{}` from the list", r.selector)
                } else {
                    "remove the comment".to_string()
                };
                out.push(
                    finding(
                        &unused_suppression::META,
                        levels,
                        path,
                        r.range,
                        &format!("suppression of {what} suppresses nothing: no finding{place}"),
                    )
                    .with_label("suppresses nothing")
                    .with_help(format!(
                        "{only}: the finding it allowed is gone, and the comment would hide the \
                         next one on these lines"
                    )),
                );
            }
        }
    }
    out
}

fn finding(
    meta: &'static RuleMeta,
    levels: LevelOf,
    path: &str,
    range: Range,
    message: &str,
) -> Finding {
    Finding {
        code: meta.code,
        name: meta.name,
        level: levels(path, meta.code),
        confidence: Confidence::High,
        message: message.to_string(),
        label: String::new(),
        help: String::new(),
        file: path.to_string(),
        range,
        secondary: Vec::new(),
        context: None,
    }
}
