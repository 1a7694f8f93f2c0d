//! The fixture backends under `fixtures/`: the engine's findings must be exactly the
//! `// expect: BGxxx` markers written on the lines where each finding's primary span starts
//! (plus the `strict-expect:` ones under the strict preset), and every file of the module tree
//! (and no orphan file) must be checked.

use backend_gate_rules::rules::RULES;
use backend_gate_rules::{check, CheckOptions};
use backend_gate_tests::{
    assert_fixture, assert_fixture_strict, fixture, fixture_names, markers, options, run,
    rust_files, strict_markers,
};
use std::collections::BTreeMap;

/// Files of a fixture that no `mod` declaration reaches: never checked, whatever they contain.
fn orphans(name: &str) -> &'static [&'static str] {
    match name {
        "axum-sqlx" => &["src/unused_draft.rs"],
        _ => &[],
    }
}

#[test]
fn axum_sqlx_findings_match_markers() {
    assert_fixture("axum-sqlx");
}

#[test]
fn actix_diesel_findings_match_markers() {
    assert_fixture("actix-diesel");
}

#[test]
fn axum_seaorm_findings_match_markers() {
    assert_fixture("axum-seaorm");
}

#[test]
fn rocket_diesel_findings_match_markers() {
    assert_fixture("rocket-diesel");
}

#[test]
fn refinery_worker_findings_match_markers() {
    assert_fixture("refinery-worker");
}

#[test]
fn poem_app_findings_match_markers() {
    assert_fixture("poem-app");
}

#[test]
fn axum_mysql_findings_match_markers() {
    assert_fixture("axum-mysql");
}

#[test]
fn axum_mysql_strict_findings_match_markers() {
    assert_fixture_strict("axum-mysql");
}

#[test]
fn actix_sqlite_findings_match_markers() {
    assert_fixture("actix-sqlite");
}

#[test]
fn actix_sqlite_strict_findings_match_markers() {
    assert_fixture_strict("actix-sqlite");
}

#[test]
fn axum_sqlx_strict_findings_match_markers() {
    assert_fixture_strict("axum-sqlx");
}

#[test]
fn actix_diesel_strict_findings_match_markers() {
    assert_fixture_strict("actix-diesel");
}

#[test]
fn axum_seaorm_strict_findings_match_markers() {
    assert_fixture_strict("axum-seaorm");
}

#[test]
fn rocket_diesel_strict_findings_match_markers() {
    assert_fixture_strict("rocket-diesel");
}

#[test]
fn refinery_worker_strict_findings_match_markers() {
    assert_fixture_strict("refinery-worker");
}

#[test]
fn poem_app_strict_findings_match_markers() {
    assert_fixture_strict("poem-app");
}

#[test]
fn salvo_sqlx_findings_match_markers() {
    assert_fixture("salvo-sqlx");
}

#[test]
fn salvo_sqlx_strict_findings_match_markers() {
    assert_fixture_strict("salvo-sqlx");
}

/// Every fixture has its own tests above and below, so a new fixture cannot go unchecked.
#[test]
fn every_fixture_is_tested() {
    assert_eq!(
        fixture_names(),
        [
            "actix-diesel",
            "actix-sqlite",
            "axum-mysql",
            "axum-seaorm",
            "axum-sqlx",
            "poem-app",
            "refinery-worker",
            "rocket-diesel",
            "salvo-sqlx"
        ]
    );
}

fn assert_module_tree_checked(name: &str) {
    let dir = fixture(name);
    let report = run(&dir);
    let orphans = orphans(name);
    let reachable: Vec<String> = rust_files(&dir)
        .into_iter()
        .filter(|f| !orphans.contains(&f.as_str()))
        .collect();
    assert_eq!(
        report.files_checked,
        reachable.len(),
        "{name}: every file of the module tree (and nothing else) should be checked: {reachable:#?}"
    );
    for orphan in orphans {
        let stray: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.file == *orphan)
            .collect();
        assert!(
            stray.is_empty(),
            "{name}: {orphan} is declared by no `mod`, yet reported: {stray:#?}"
        );
        // Checked on its own, the orphan does fire: it is quiet above only because no `mod` reaches it.
        let direct = check(&CheckOptions {
            paths: vec![dir.join(orphan)],
            ..options(&dir)
        })
        .unwrap_or_else(|e| panic!("checking {orphan} failed: {e}"));
        assert_eq!(direct.files_checked, 1, "{name}: {orphan}");
        assert!(
            direct.findings.iter().any(|f| f.file == *orphan),
            "{name}: {orphan} should have findings when checked by path"
        );
    }
}

#[test]
fn axum_sqlx_checks_its_module_tree_only() {
    assert_module_tree_checked("axum-sqlx");
}

#[test]
fn actix_diesel_checks_its_module_tree_only() {
    assert_module_tree_checked("actix-diesel");
}

#[test]
fn axum_seaorm_checks_its_module_tree_only() {
    assert_module_tree_checked("axum-seaorm");
}

#[test]
fn rocket_diesel_checks_its_module_tree_only() {
    assert_module_tree_checked("rocket-diesel");
}

#[test]
fn refinery_worker_checks_its_module_tree_only() {
    assert_module_tree_checked("refinery-worker");
}

#[test]
fn axum_mysql_checks_its_module_tree_only() {
    assert_module_tree_checked("axum-mysql");
}

#[test]
fn actix_sqlite_checks_its_module_tree_only() {
    assert_module_tree_checked("actix-sqlite");
}

#[test]
fn salvo_sqlx_checks_its_module_tree_only() {
    assert_module_tree_checked("salvo-sqlx");
}

#[test]
fn poem_app_checks_its_module_tree_only() {
    assert_module_tree_checked("poem-app");
}

/// The fixtures exercise every rule of the catalogue: at least three positive cases each
/// (one for BG000 parse-error, which needs a broken file), counting the strict preset's.
#[test]
fn fixtures_cover_every_rule() {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for name in fixture_names() {
        let dir = fixture(&name);
        for key in markers(&dir).into_iter().chain(strict_markers(&dir)) {
            *counts.entry(key.code).or_default() += 1;
        }
    }
    let thin: Vec<String> = RULES
        .iter()
        .map(|r| r.meta().code)
        .filter_map(|code| {
            let have = counts.get(code).copied().unwrap_or(0);
            let need = if code == "BG000" { 1 } else { 3 };
            (have < need).then(|| format!("{code}: {have} marker(s), need {need}"))
        })
        .collect();
    assert!(
        thin.is_empty(),
        "rules with too few fixture cases: {thin:#?}"
    );
}
