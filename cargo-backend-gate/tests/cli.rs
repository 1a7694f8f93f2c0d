//! End to end: the built binary, run as `cargo backend-gate` through a real `cargo`, on a fixture.

use std::path::Path;
use std::process::{Command, Output};

mod common;

use common::{fixture, normalised, run, stderr, stdout, BIN};

/// `cargo backend-gate ARGS` with the freshly built binary first on PATH, as an installed
/// subcommand would be found.
fn cargo_backend_gate(cwd: &Path, args: &[&str]) -> Output {
    let bin_dir = Path::new(BIN).parent().expect("binary has a folder");
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("PATH joins");
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .arg("backend-gate")
        .args(args)
        .current_dir(cwd)
        .env("PATH", path)
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("cargo runs")
}

#[test]
fn cargo_subcommand_checks_a_fixture() {
    let app = fixture("axum-sqlx");
    let out = cargo_backend_gate(&app, &["check", "--color", "never"]);
    let text = stdout(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "deny findings exit 1\n{text}\n{}",
        stderr(&out)
    );
    assert!(text.contains("error[BG"), "{text}");
    assert!(text.contains("= help:"), "{text}");
    assert!(text.contains("cargo backend-gate explain"), "{text}");
    let summary = text.lines().last().unwrap_or_default();
    assert!(
        summary.contains("errors,") && summary.contains("files"),
        "{summary}"
    );
}

#[test]
fn runs_from_a_subfolder_and_as_a_plain_binary() {
    let app = fixture("axum-sqlx");
    let from_root = run(&app, &["check", "--format", "json"]);
    let from_sub = run(
        &app.join("src"),
        &["backend-gate", "check", "--format", "json"],
    );
    assert_eq!(from_root.status.code(), Some(1));
    assert_eq!(stdout(&from_root), stdout(&from_sub));
}

#[test]
fn output_is_identical_for_any_job_count() {
    let app = fixture("actix-diesel");
    let one = run(&app, &["check", "--format", "json", "-j", "1"]);
    let two = run(&app, &["check", "--format", "json", "-j", "2"]);
    let four = run(&app, &["check", "--format", "json", "-j", "4"]);
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, two.stdout);
    assert_eq!(one.stdout, four.stdout);
}

#[test]
fn json_lines_have_stable_fields() {
    let out = run(&fixture("axum-sqlx"), &["check", "--format", "json"]);
    let text = stdout(&out);
    assert!(!text.is_empty());
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        for key in [
            "version",
            "code",
            "name",
            "level",
            "confidence",
            "message",
            "file",
            "line",
            "column",
            "end_line",
            "end_column",
            "help",
        ] {
            assert!(v.get(key).is_some(), "{key} missing in {line}");
        }
        assert!(
            !v["file"].as_str().unwrap_or("/").starts_with('/'),
            "relative paths: {line}"
        );
    }
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let app = fixture("axum-sqlx");
    let warn_only = run(&app, &["check", "--select", "BG605", "-q"]);
    assert_eq!(warn_only.status.code(), Some(0), "{}", stdout(&warn_only));
    assert!(stdout(&warn_only).contains("warning[BG605]"));
    let strict = run(
        &app,
        &["check", "--select", "BG605", "--deny-warnings", "-q"],
    );
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn output_file_is_written() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("out/report.json");
    let out = run(
        &fixture("axum-sqlx"),
        &[
            "check",
            "--format",
            "json",
            "--output",
            file.to_str().expect("utf-8 path"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(&file).expect("report written");
    assert!(written.lines().count() > 3);
    let leftovers: Vec<_> = std::fs::read_dir(file.parent().expect("parent"))
        .expect("dir")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left");
}

#[test]
fn errors_exit_2_with_one_line() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let missing = run(tmp.path(), &["check", "--manifest-path", "nope/Cargo.toml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        stderr(&missing).trim().lines().count(),
        1,
        "{}",
        stderr(&missing)
    );

    let outside = run(tmp.path(), &["check"]);
    assert_eq!(outside.status.code(), Some(2), "no Cargo.toml here");

    let unknown = run(
        &fixture("axum-sqlx"),
        &["check", "--select", "sql-injecton"],
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("did you mean `sql-injection`"),
        "{}",
        stderr(&unknown)
    );

    let package = run(&fixture("axum-sqlx"), &["check", "-p", "shop-apy"]);
    assert_eq!(package.status.code(), Some(2));
    assert!(
        stderr(&package).contains("did you mean `shop-api`"),
        "{}",
        stderr(&package)
    );

    let explain = run(tmp.path(), &["explain", "BG999"]);
    assert_eq!(explain.status.code(), Some(2));

    let usage = run(tmp.path(), &["check", "--format", "yaml"]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn rules_and_explain() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let rules = run(tmp.path(), &["rules"]);
    assert_eq!(rules.status.code(), Some(0));
    assert!(stdout(&rules).contains("BG601  sql-injection"));
    let explain = run(tmp.path(), &["explain", "sql-injection"]);
    assert!(stdout(&explain).starts_with("BG601 sql-injection"));
    assert!(stdout(&explain).contains("## Use instead"));
}

#[test]
fn human_output_snapshot() {
    let out = run(&fixture("axum-sqlx"), &["check", "--color", "never"]);
    insta::assert_snapshot!("axum_sqlx_human", normalised(&stdout(&out)));
}

#[test]
fn json_output_snapshot() {
    let out = run(&fixture("axum-sqlx"), &["check", "--format", "json"]);
    insta::assert_snapshot!("axum_sqlx_json", stdout(&out));
}

/// A one-file package `name` whose `main` holds a live API key (a BG201 deny finding).
fn package_with_a_key(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    std::fs::write(
        root.join("Cargo.toml"),
        format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n"),
    )
    .expect("manifest");
    std::fs::create_dir_all(root.join("src")).expect("src");
    std::fs::write(
        root.join("src/main.rs"),
        "fn main() {\n    let key = \"sk_live_51HqLyjWDarjtT1zdp7dc\";\n    println!(\"{key}\");\n}\n",
    )
    .expect("main.rs");
    tmp
}

#[test]
fn the_cache_lives_in_the_target_folder_and_no_cache_writes_none() {
    let tmp = package_with_a_key("cached");
    let root = tmp.path();
    let check = |extra: &[&str]| {
        let out = Command::new(BIN)
            .args(["check", "--color", "never", "--format", "json"])
            .args(extra)
            .current_dir(root)
            .env_remove("GITHUB_ACTIONS")
            .env_remove("CARGO_TARGET_DIR")
            .output()
            .expect("binary runs");
        (out.status.code(), stdout(&out))
    };
    let cache = root.join("target/backend-gate/cache");
    let uncached = check(&["--no-cache"]);
    assert!(!cache.exists(), "--no-cache wrote {}", cache.display());
    let cold = check(&[]);
    assert!(cache.is_dir(), "the default run keeps a cache");
    let warm = check(&[]);
    assert_eq!(cold, uncached);
    assert_eq!(warm, uncached);
}

/// A project pinning a toolchain this machine lacks (`rust-toolchain.toml`) is still checked,
/// as a pre-commit hook or CI step runs the plain binary there: `cargo metadata --no-deps` does
/// not need that toolchain.
#[test]
fn a_pinned_toolchain_that_is_not_installed_does_not_stop_the_check() {
    let tmp = package_with_a_key("pinned");
    let root = tmp.path();
    std::fs::write(
        root.join("rust-toolchain.toml"),
        "[toolchain]\nchannel = \"1.0.1\"\n",
    )
    .expect("toolchain file");
    let out = Command::new(BIN)
        .args(["check", "--color", "never", "--no-cache"])
        .current_dir(root)
        .env_remove("GITHUB_ACTIONS")
        // Through rustup's `cargo` on PATH, which reads the toolchain file (cargo's own `CARGO`
        // would bypass it), and never downloading the pinned toolchain.
        .env_remove("CARGO")
        .env_remove("RUSTUP_TOOLCHAIN")
        .env("RUSTUP_AUTO_INSTALL", "0")
        .output()
        .expect("binary runs");
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}\n{}", stderr(&out));
    assert!(text.contains("BG201"), "{text}");
}
