//! Inline expectations (`// expect: BG201`, `// expect: BG201, BG604`) as used in the fixtures
//! and in the rules' own test vectors, and a checker for single snippets.

use crate::finding::Finding;
use crate::rule::{Preset, Rule};
use crate::settings::Selection;
use crate::source::SourceText;
use crate::walk::FileInfo;
use crate::workspace::PackageInfo;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The `(line, code)` pairs a text expects, from `expect:` markers in `//` or `--` comments.
pub fn expectations(text: &str) -> BTreeSet<(usize, String)> {
    let mut out = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        let Some(at) = line.find("expect:") else {
            continue;
        };
        let before = line[..at].trim_end();
        if !(before.ends_with("//") || before.ends_with("--") || before.ends_with("/*")) {
            continue;
        }
        let list = line[at + "expect:".len()..].trim().trim_end_matches("*/");
        for code in list
            .split([',', ' '])
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            out.insert((i + 1, code.to_string()));
        }
    }
    out
}

/// Runs `rules` (all of them at least at `warn`) over one snippet, as a non-test file of a
/// package depending on `deps`.
pub fn check_snippet(text: &str, deps: &[&str], rules: &[&dyn Rule]) -> Vec<Finding> {
    let info = FileInfo {
        path: "src/lib.rs".into(),
        module: "app".into(),
        package: Arc::new(PackageInfo {
            name: "app".into(),
            deps: deps.iter().map(|d| d.to_string()).collect(),
        }),
        is_test: false,
    };
    let levels = Selection {
        preset: Preset::Strict,
        ..Selection::default()
    }
    .resolve()
    .expect("the strict preset resolves");
    let source = SourceText::new(text.into());
    crate::engine::check_source(&source, &info, rules, &levels).0
}

/// Asserts that `rule` reports exactly the snippet's `expect:` markers for its code.
#[track_caller]
pub fn assert_rule(rule: &dyn Rule, deps: &[&str], text: &str) {
    let code = rule.meta().code;
    let expected: BTreeSet<_> = expectations(text)
        .into_iter()
        .filter(|(_, c)| c == code)
        .collect();
    let findings = check_snippet(text, deps, &[rule]);
    let actual: BTreeSet<_> = findings
        .iter()
        .map(|f| (f.range.start.line, f.code.to_string()))
        .collect();
    if expected != actual {
        let missing: Vec<_> = expected.difference(&actual).collect();
        let extra: Vec<_> = findings
            .iter()
            .filter(|f| !expected.contains(&(f.range.start.line, f.code.to_string())))
            .map(|f| format!("{}:{} {}", f.range.start.line, f.code, f.message))
            .collect();
        panic!("{code}: missing {missing:?}, unexpected {extra:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_markers_from_rust_and_sql_comments() {
        let text = "let a = 1; // expect: BG201\n-- expect: BG802, BG803\nlet s = \"expect: BG1\";";
        let got: Vec<_> = expectations(text).into_iter().collect();
        assert_eq!(
            got,
            [
                (1, "BG201".into()),
                (2, "BG802".into()),
                (2, "BG803".into())
            ]
        );
    }
}
