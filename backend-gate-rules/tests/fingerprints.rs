//! Fingerprints through a real `check` of a crate on disk: what they survive and what they
//! tell apart.

use backend_gate_rules::fingerprint::fingerprints;
use backend_gate_rules::{check, CheckOptions, Finding, Preset, Selection};
use std::path::Path;

const MANIFEST: &str = "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
[dependencies]\ntokio = \"1\"\nserde = \"1\"\n";

/// Findings and their fingerprints for a crate whose `src/lib.rs` is `lib`.
fn fingerprinted(dir: &Path, lib: &str) -> Vec<(Finding, String)> {
    std::fs::create_dir_all(dir.join("src")).expect("src folder");
    std::fs::write(dir.join("Cargo.toml"), MANIFEST).expect("manifest written");
    std::fs::write(dir.join("src/lib.rs"), lib).expect("lib.rs written");
    let report = check(&CheckOptions {
        cwd: dir.to_path_buf(),
        jobs: Some(1),
        selection: Selection {
            preset: Preset::Strict,
            ..Selection::default()
        },
        ..CheckOptions::default()
    })
    .expect("the crate is checked");
    let prints = fingerprints(&report.findings, &report.sources);
    report.findings.into_iter().zip(prints).collect()
}

fn of_code<'a>(found: &'a [(Finding, String)], code: &str) -> Vec<&'a (Finding, String)> {
    found.iter().filter(|(f, _)| f.code == code).collect()
}

const ORIGINAL: &str = r#"use std::time::Duration;

pub async fn poll() {
    std::thread::sleep(Duration::from_millis(10));
}

pub async fn retry() {
    std::thread::sleep(Duration::from_millis(10));
}
"#;

/// Lines inserted above, the call re-wrapped as rustfmt does for a long line, and the fns
/// indented differently: nothing a fingerprint holds has changed.
const EDITED: &str = r#"use std::time::Duration;

/// Polls.
///
/// Added documentation moves every line below.
pub async fn poll() {
    std::thread::sleep(
        Duration::from_millis(10),
    );
}

pub async fn retry()
{
        std::thread::sleep(Duration::from_millis( 10 ));
}
"#;

#[test]
fn fingerprints_survive_inserted_lines_and_reformatting() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let before = fingerprinted(tmp.path(), ORIGINAL);
    let after = fingerprinted(tmp.path(), EDITED);
    let (before, after) = (of_code(&before, "BG501"), of_code(&after, "BG501"));
    assert_eq!(before.len(), 2, "{before:#?}");
    assert_eq!(after.len(), 2, "{after:#?}");
    assert_ne!(before[0].0.range.start.line, after[0].0.range.start.line);
    let prints = |v: &[&(Finding, String)]| v.iter().map(|(_, p)| p.clone()).collect::<Vec<_>>();
    assert_eq!(prints(&before), prints(&after));
}

#[test]
fn identical_findings_in_two_fns_differ() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let found = fingerprinted(tmp.path(), ORIGINAL);
    let found = of_code(&found, "BG501");
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].0.context.as_deref(), Some("app::poll"));
    assert_eq!(found[1].0.context.as_deref(), Some("app::retry"));
    assert_ne!(found[0].1, found[1].1);
}

#[test]
fn identical_findings_in_one_fn_differ_and_keep_their_ranks() {
    let twice = "pub async fn poll() {\n    std::thread::sleep(std::time::Duration::ZERO);\n    \
                 std::thread::sleep(std::time::Duration::ZERO);\n}\n";
    let tmp = tempfile::tempdir().expect("tempdir");
    let found = fingerprinted(tmp.path(), twice);
    let found = of_code(&found, "BG501");
    assert_eq!(found.len(), 2);
    assert_ne!(found[0].1, found[1].1);
    // Deleting the first leaves one finding, which now ranks first: it takes the first's
    // fingerprint, so a baseline of both still hides it.
    let once = twice.replacen(
        "    std::thread::sleep(std::time::Duration::ZERO);\n",
        "",
        1,
    );
    let left = fingerprinted(tmp.path(), &once);
    assert_eq!(of_code(&left, "BG501")[0].1, found[0].1);
}

#[test]
fn findings_outside_fns_name_their_item() {
    let lib = "#[derive(serde::Serialize, Debug)]\npub struct Account {\n    pub password: String,\n}\n\n\
               pub mod keys {\n    pub const API_KEY: &str = \"sk_live_0123456789abcdef\";\n}\n";
    let tmp = tempfile::tempdir().expect("tempdir");
    let found = fingerprinted(tmp.path(), lib);
    let context = |code: &str| {
        of_code(&found, code)
            .first()
            .and_then(|(f, _)| f.context.clone())
    };
    assert_eq!(context("BG603").as_deref(), Some("app::Account"));
    assert_eq!(context("BG201").as_deref(), Some("app::keys::API_KEY"));
}
