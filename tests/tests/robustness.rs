//! Bad input never stops a run: each broken file is a finding or a message, the rest is checked.

use backend_gate_rules::{check, CheckOptions};
use backend_gate_tests::write_file;

fn workspace() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write_file(
        root,
        "Cargo.toml",
        "[package]\nname = \"shaky\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ntower-http = \"0.5\"\n",
    );
    write_file(
        root,
        "src/main.rs",
        "mod broken;\nmod latin1;\nmod empty;\nmod big;\n#[path = \"loop/main.rs\"]\nmod again;\nfn main() {}\n",
    );
    // A syntax error; the module it declares is still checked.
    write_file(root, "src/broken.rs", "pub mod child;\nfn oops( {\n");
    write_file(
        root,
        "src/broken/child.rs",
        "use tower_http::cors::CorsLayer;\npub fn cors() -> CorsLayer { CorsLayer::permissive() }\n",
    );
    write_file(root, "src/latin1.rs", b"// caf\xe9\nfn x() {}\n");
    write_file(root, "src/empty.rs", "");
    let mut big = String::new();
    let mut i = 0;
    while big.len() < 5 * 1024 * 1024 {
        big.push_str(&format!(
            "pub fn generated_{i}(x: u64) -> u64 {{ let y = x.wrapping_mul({i}); if y > 10 {{ y - 1 }} else {{ y + 1 }} }}\n"
        ));
        i += 1;
    }
    write_file(root, "src/big.rs", big);
    #[cfg(unix)]
    std::os::unix::fs::symlink(".", root.join("src/loop")).expect("symlink");
    tmp
}

#[test]
fn broken_files_are_reported_and_the_rest_is_checked() {
    let tmp = workspace();
    let report = check(&CheckOptions {
        manifest_path: Some(tmp.path().join("Cargo.toml")),
        cwd: tmp.path().to_path_buf(),
        ..CheckOptions::default()
    })
    .expect("the run completes");
    let found: Vec<_> = report
        .findings
        .iter()
        .map(|f| (f.file.as_str(), f.range.start.line, f.code))
        .collect();
    assert_eq!(
        found,
        [
            ("src/broken.rs", 2, "BG000"),
            ("src/broken/child.rs", 2, "BG605"),
            ("src/latin1.rs", 1, "BG000"),
        ],
        "{:#?}",
        report.findings
    );
    let utf8 = &report.findings[2];
    assert!(utf8.message.contains("not valid UTF-8"), "{}", utf8.message);
    // main, broken, child, latin1, empty, big; the symlinked loop is main.rs again.
    assert_eq!(report.files_checked, 6);
    assert!(report.internal_errors.is_empty());
}

#[test]
fn explicit_paths_survive_a_symlink_loop() {
    let tmp = workspace();
    let report = check(&CheckOptions {
        cwd: tmp.path().to_path_buf(),
        paths: vec!["src".into()],
        ..CheckOptions::default()
    })
    .expect("the run completes");
    assert!(report.files_checked >= 6, "{}", report.files_checked);
    assert!(report.findings.iter().any(|f| f.code == "BG605"));
}

#[test]
fn a_missing_manifest_is_an_error_not_a_panic() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let err = check(&CheckOptions {
        manifest_path: Some(tmp.path().join("nope/Cargo.toml")),
        cwd: tmp.path().to_path_buf(),
        ..CheckOptions::default()
    })
    .expect_err("no manifest");
    assert!(err.to_string().contains("does not exist"), "{err}");
    write_file(tmp.path(), "Cargo.toml", "[package\nname = ");
    let err = check(&CheckOptions {
        manifest_path: Some(tmp.path().join("Cargo.toml")),
        cwd: tmp.path().to_path_buf(),
        ..CheckOptions::default()
    })
    .expect_err("broken manifest");
    assert!(!err.to_string().contains('\n'), "one line: {err}");
}
