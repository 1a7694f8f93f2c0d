//! End to end: `registry` writes, and `--check` compares, the registry files; `checklist`
//! renders markdown and JSON.

use std::path::Path;
use std::process::Output;

mod common;

use common::{fixture, stderr};

/// `cargo-backend-gate backend-gate ARGS`, as cargo runs an installed subcommand.
fn run(cwd: &Path, args: &[&str]) -> Output {
    let args: Vec<&str> = std::iter::once("backend-gate")
        .chain(args.iter().copied())
        .collect();
    common::run(cwd, &args)
}

const FILES: [&str; 3] = ["endpoints.json", "models.json", "services.json"];

#[test]
fn registry_writes_then_check_detects_stale_and_missing_files() {
    let out = tempfile::tempdir().expect("temp dir");
    let dir = out.path().join("backend");
    let dir_arg = dir.to_str().expect("utf-8 path");
    let cwd = fixture("axum-sqlx");
    let written = run(&cwd, &["registry", "--out", dir_arg]);
    assert_eq!(written.status.code(), Some(0), "{}", stderr(&written));
    for f in FILES {
        let text = std::fs::read_to_string(dir.join(f)).expect("file written");
        let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(v["schema_version"], 1, "{f}");
    }
    // No temporary file is left beside them.
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, FILES);

    let fresh = run(&cwd, &["registry", "--out", dir_arg, "--check"]);
    assert_eq!(fresh.status.code(), Some(0), "{}", stderr(&fresh));
    assert!(String::from_utf8_lossy(&fresh.stdout).contains("registry is up to date"));

    std::fs::write(dir.join("models.json"), "{}\n").expect("edit");
    std::fs::remove_file(dir.join("services.json")).expect("delete");
    let stale = run(&cwd, &["registry", "--out", dir_arg, "--check"]);
    assert_eq!(stale.status.code(), Some(1));
    let err = stderr(&stale);
    assert!(err.contains("models.json is out of date"), "{err}");
    assert!(err.contains("services.json is missing"), "{err}");
    assert!(!err.contains("endpoints.json"), "{err}");
    // `--check` wrote nothing.
    assert!(!dir.join("services.json").exists());

    let again = run(&cwd, &["registry", "--out", dir_arg]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    let fresh = run(&cwd, &["registry", "--out", dir_arg, "--check"]);
    assert_eq!(fresh.status.code(), Some(0), "{}", stderr(&fresh));
}

#[test]
fn registry_defaults_to_ai_state_under_the_workspace_root() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("app");
    std::fs::create_dir_all(root.join("src/nested")).expect("folders");
    std::fs::write(
        root.join("Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
         [dependencies]\naxum = \"0.7\"\n",
    )
    .expect("manifest");
    std::fs::write(
        root.join("src/main.rs"),
        "use axum::{routing::get, Router};\nmod nested;\n\
         fn main() { let _app: Router = Router::new().route(\"/v1/ping\", get(nested::ping)); }\n",
    )
    .expect("main");
    std::fs::write(
        root.join("src/nested.rs"),
        "/// Answers.\npub async fn ping() -> &'static str { \"pong\" }\n",
    )
    .expect("module");
    // Run from a subfolder: the files go under the workspace root, not the current folder.
    let o = run(&root.join("src/nested"), &["registry"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(root.join("ai-state/active/backend/endpoints.json"))
        .expect("written under the root");
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let e = &v["endpoints"][0];
    assert_eq!(
        (&e["method"], &e["path"], &e["handler"], &e["file"]),
        (
            &serde_json::json!("GET"),
            &serde_json::json!("/v1/ping"),
            &serde_json::json!("app::nested::ping"),
            &serde_json::json!("src/nested.rs")
        )
    );
    assert_eq!(e["documented"], true);
}

#[test]
fn checklist_formats_and_output_file() {
    let cwd = fixture("actix-diesel");
    let md = run(&cwd, &["checklist"]);
    assert_eq!(md.status.code(), Some(0), "{}", stderr(&md));
    let text = String::from_utf8_lossy(&md.stdout);
    assert!(
        text.starts_with("## backend-gate checklist\n\n**"),
        "{text}"
    );
    assert!(text.contains("### Database"), "{text}");

    let json = run(&cwd, &["checklist", "--format", "json"]);
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(v["schema_version"], 1);
    assert!(v["totals"]["endpoints"].as_u64().is_some_and(|n| n > 0));

    let out = tempfile::tempdir().expect("temp dir");
    let file = out.path().join("summary.md");
    let written = run(
        &cwd,
        &["checklist", "--output", file.to_str().expect("utf-8 path")],
    );
    assert_eq!(written.status.code(), Some(0), "{}", stderr(&written));
    assert!(written.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&file).expect("written"),
        text.as_ref()
    );
}

#[test]
fn registry_outside_a_workspace_is_a_usage_error() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let o = run(tmp.path(), &["registry", "--check"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}
