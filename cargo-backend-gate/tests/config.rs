//! The configuration through the binary: errors rendered into the TOML file (exit 2), `init`,
//! and the command line winning over the file.

use std::fs;
use std::path::Path;
use std::process::Output;

mod common;

use common::{normalised, run_with, stderr, stdout};

/// The binary, without colour.
fn run(cwd: &Path, args: &[&str]) -> Output {
    run_with(cwd, args, &[("NO_COLOR", "1")])
}

/// A one-package workspace with a permissive CORS layer (BG605, warn) and `config` as its
/// backend-gate.toml (none when empty).
fn workspace(config: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    fs::write(
        root.join("Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ntower-http = \"0.5\"\n",
    )
    .expect("manifest");
    fs::create_dir_all(root.join("src")).expect("src");
    fs::write(
        root.join("src/lib.rs"),
        "use tower_http::cors::CorsLayer;\n\n/// The API's CORS policy.\npub fn cors() -> CorsLayer {\n    CorsLayer::permissive()\n}\n",
    )
    .expect("lib.rs");
    if !config.is_empty() {
        fs::write(root.join("backend-gate.toml"), config).expect("config");
    }
    tmp
}

#[test]
fn unknown_key_is_rendered_into_the_file_with_a_suggestion() {
    let dir = workspace("preset = \"strict\"\nauth-extractor = [\"Caller\"]\n");
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    insta::assert_snapshot!("config_unknown_key", normalised(&stderr(&out)));
}

#[test]
fn unknown_rule_wrong_type_and_bad_level_are_each_rendered() {
    let dir = workspace(
        "exclude = \"src/legacy/**\"\n\n[rules]\nsql-injecton = \"deny\"\nfat-handler = \"dney\"\n\n[thresholds]\nmax-handler-complexity = \"ten\"\n",
    );
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    insta::assert_snapshot!("config_rule_type_level", normalised(&stderr(&out)));
}

#[test]
fn package_metadata_errors_point_into_cargo_toml() {
    let dir = workspace("");
    let manifest = dir.path().join("Cargo.toml");
    let mut text = fs::read_to_string(&manifest).expect("manifest");
    text.push_str("\n[package.metadata.backend-gate]\npublc = [\"/status\"]\n");
    fs::write(&manifest, text).expect("manifest");
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    insta::assert_snapshot!("config_package_metadata", normalised(&stderr(&out)));
}

#[test]
fn levels_come_from_the_file_and_the_command_line_wins() {
    let dir = workspace("[rules]\npermissive-cors = \"deny\"\n");
    let out = run(dir.path(), &["check", "-q"]);
    assert_eq!(out.status.code(), Some(1), "deny from the file");
    assert!(stdout(&out).contains("error[BG605]"), "{}", stdout(&out));
    let ignored = run(dir.path(), &["check", "-q", "--ignore", "BG605"]);
    assert_eq!(ignored.status.code(), Some(0), "{}", stdout(&ignored));
    assert!(!stdout(&ignored).contains("BG605"));

    // `preset = "strict"` in the file turns BG704 on only while `--preset` is not given.
    let dir = workspace("preset = \"strict\"\n");
    fs::write(
        dir.path().join("src/lib.rs"),
        "use axum::{routing::get, Router};\npub fn app() -> Router { Router::new().route(\"/api/v1/x\", get(x)) }\nasync fn x() {}\n",
    )
    .expect("lib.rs");
    let strict = run(dir.path(), &["check", "-q"]);
    assert!(stdout(&strict).contains("BG704"), "{}", stdout(&strict));
    let recommended = run(dir.path(), &["check", "-q", "--preset", "recommended"]);
    assert!(
        !stdout(&recommended).contains("BG704"),
        "{}",
        stdout(&recommended)
    );
}

#[test]
fn init_writes_the_defaults_refuses_to_overwrite_and_prints_snippets() {
    let dir = workspace("");
    let out = run(&dir.path().join("src"), &["init"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for needle in [
        "repo: https://github.com/backend-gate/backend-gate",
        "rev: v0.1.0",
        "id: backend-gate",
        "uses: backend-gate/backend-gate@v0.1.0",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    let written =
        fs::read_to_string(dir.path().join("backend-gate.toml")).expect("written at the root");
    assert!(written.contains("max-handler-complexity = 10"), "{written}");

    // The written file is a valid configuration that changes nothing.
    let check = run(dir.path(), &["check", "--format", "json"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert_eq!(stdout(&check).lines().count(), 1, "the BG605 warning");

    fs::write(
        dir.path().join("backend-gate.toml"),
        "preset = \"strict\"\n",
    )
    .expect("edit");
    let again = run(dir.path(), &["init"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert_eq!(
        fs::read_to_string(dir.path().join("backend-gate.toml")).expect("kept"),
        "preset = \"strict\"\n"
    );
    let forced = run(dir.path(), &["init", "--force"]);
    assert_eq!(forced.status.code(), Some(0));
    assert_eq!(
        fs::read_to_string(dir.path().join("backend-gate.toml")).expect("rewritten"),
        written
    );
}
