//! Configuration end to end: a temporary workspace with a `backend-gate.toml` (or Cargo
//! metadata), loaded the way the CLI loads it, checked by the engine. Each key is shown to
//! change what is reported.

use backend_gate_rules::config::{self, ConfigError};
use backend_gate_rules::engine::load_workspace;
use backend_gate_rules::{check, CheckOptions, Level, Report};
use backend_gate_tests::write_file;
use std::path::Path;

const MANIFEST: &str = r#"[package]
name = "shop"
version = "0.1.0"
edition = "2021"

[dependencies]
axum = "0.7"
tower-http = { version = "0.5", features = ["cors"] }
sqlx = { version = "0.8", features = ["postgres"] }
serde = { version = "1", features = ["derive"] }
validated_extractors = "0.1"
acme_db = "0.1"
"#;

/// A small axum app: one handler in `src/main.rs`, one in `src/legacy/mod.rs`.
const MAIN: &str = r#"mod legacy;
use axum::{routing::{get, post}, Router};
use tower_http::cors::CorsLayer;

pub fn app() -> Router {
    Router::new()
        .route("/api/v1/items", post(create))
        .route("/api/v1/old", post(legacy::old_create))
        .layer(CorsLayer::permissive())
}

/// Creates an item.
async fn create() -> &'static str {
    "ok"
}

fn main() {}
"#;

const LEGACY: &str = r#"use tower_http::cors::CorsLayer;

pub async fn old_create() -> &'static str {
    "ok"
}

pub fn cors() -> CorsLayer {
    CorsLayer::permissive()
}
"#;

/// A workspace of `files` (a `Cargo.toml` is added unless given).
fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    if !files.iter().any(|(p, _)| *p == "Cargo.toml") {
        write_file(tmp.path(), "Cargo.toml", MANIFEST);
    }
    for (path, text) in files {
        write_file(tmp.path(), path, text);
    }
    tmp
}

/// The app, with `config` as its backend-gate.toml (none when empty) and `extra` files.
fn app(config: &str, extra: &[(&str, &str)]) -> tempfile::TempDir {
    let mut files = vec![("src/main.rs", MAIN), ("src/legacy/mod.rs", LEGACY)];
    if !config.is_empty() {
        files.push(("backend-gate.toml", config));
    }
    files.extend_from_slice(extra);
    workspace(&files)
}

/// Loads the configuration as the CLI does and checks the workspace.
fn try_run(dir: &Path) -> Result<Report, ConfigError> {
    let opts = CheckOptions {
        manifest_path: Some(dir.join("Cargo.toml")),
        cwd: dir.to_path_buf(),
        ..CheckOptions::default()
    };
    let ws = load_workspace(&opts).expect("cargo metadata reads the workspace");
    let config = config::load(&ws)?;
    Ok(check(&CheckOptions {
        config,
        workspace: Some(ws),
        ..opts
    })
    .expect("the run completes"))
}

fn run(dir: &Path) -> Report {
    try_run(dir).unwrap_or_else(|e| panic!("configuration rejected: {e}"))
}

/// `(file, code, level)` of every finding of `codes`, sorted.
fn found(report: &Report, codes: &[&str]) -> Vec<(String, String, Level)> {
    let mut out: Vec<_> = report
        .findings
        .iter()
        .filter(|f| codes.contains(&f.code))
        .map(|f| (f.file.clone(), f.code.to_string(), f.level))
        .collect();
    out.sort();
    out
}

fn f(file: &str, code: &str, level: Level) -> (String, String, Level) {
    (file.to_string(), code.to_string(), level)
}

#[test]
fn without_configuration_the_defaults_apply() {
    let dir = app("", &[]);
    let report = run(dir.path());
    assert_eq!(
        found(&report, &["BG602", "BG605", "BG704"]),
        [
            f("src/legacy/mod.rs", "BG602", Level::Warn),
            f("src/legacy/mod.rs", "BG605", Level::Warn),
            f("src/main.rs", "BG602", Level::Warn),
            f("src/main.rs", "BG605", Level::Warn),
        ]
    );
}

#[test]
fn rules_set_levels_with_specific_selectors_winning() {
    let dir = app("[rules]\nBG605 = \"deny\"\nsecurity = \"allow\"\n", &[]);
    let report = run(dir.path());
    assert_eq!(
        found(&report, &["BG602", "BG605"]),
        [
            f("src/legacy/mod.rs", "BG605", Level::Deny),
            f("src/main.rs", "BG605", Level::Deny),
        ]
    );
}

#[test]
fn overrides_relevel_findings_of_matching_files_only() {
    let dir = app(
        r#"
[[overrides]]
paths = ["src/legacy"]
rules = { missing-auth = "deny", permissive-cors = "deny", undocumented-endpoint = "warn" }

[[overrides]]
paths = ["src/main.rs"]
rules = { BG602 = "allow" }
"#,
        &[],
    );
    let report = run(dir.path());
    assert_eq!(
        found(&report, &["BG602", "BG605", "BG704"]),
        [
            f("src/legacy/mod.rs", "BG602", Level::Deny),
            f("src/legacy/mod.rs", "BG605", Level::Deny),
            // Off by default, on for the legacy files only (`create` is documented anyway).
            f("src/legacy/mod.rs", "BG704", Level::Warn),
            f("src/main.rs", "BG605", Level::Warn),
        ]
    );
}

#[test]
fn preset_in_the_file_turns_on_strict_rules() {
    let dir = app("preset = \"strict\"\n", &[]);
    let report = run(dir.path());
    assert!(
        found(&report, &["BG704"]).contains(&f("src/legacy/mod.rs", "BG704", Level::Warn)),
        "{:?}",
        found(&report, &["BG704"])
    );
}

#[test]
fn excluded_files_are_not_even_parsed_but_their_submodules_are_reached() {
    let gen = "mod inner;\nfn broken( {\n";
    let inner = "use tower_http::cors::CorsLayer;\npub fn cors() -> CorsLayer { CorsLayer::permissive() }\n";
    let main = MAIN.replace("mod legacy;", "mod legacy;\nmod gen;");
    let dir = workspace(&[
        ("src/main.rs", &main),
        (
            "src/legacy/mod.rs",
            "pub async fn old_create() -> &'static str { \"ok\" }\nfn also_broken( {\n",
        ),
        ("src/gen.rs", gen),
        ("src/gen/inner.rs", inner),
    ]);
    let before = run(dir.path());
    assert_eq!(
        found(&before, &["BG000"]).len(),
        2,
        "two files do not parse"
    );
    write_file(
        dir.path(),
        "backend-gate.toml",
        "exclude = [\"src/legacy/**\", \"gen.rs\"]\n",
    );
    let after = run(dir.path());
    assert_eq!(found(&after, &["BG000"]), []);
    assert!(after
        .findings
        .iter()
        .all(|f| !f.file.starts_with("src/legacy")));
    assert_eq!(
        found(&after, &["BG605"]),
        [
            f("src/gen/inner.rs", "BG605", Level::Warn),
            f("src/main.rs", "BG605", Level::Warn),
        ]
    );
    assert_eq!(after.files_checked, before.files_checked - 2);
}

#[test]
fn auth_extractors_and_public_paths_satisfy_missing_auth() {
    let main = MAIN.replace(
        "async fn create() -> &'static str {",
        "pub struct Caller(pub u64);\nasync fn create(caller: Caller) -> &'static str {",
    );
    let files = [
        ("src/main.rs", main.as_str()),
        ("src/legacy/mod.rs", LEGACY),
    ];
    let dir = workspace(&files);
    let report = run(dir.path());
    assert_eq!(found(&report, &["BG602"]).len(), 2, "`Caller` is not known");
    write_file(
        dir.path(),
        "backend-gate.toml",
        "auth-extractors = [\"Caller\"]\npublic = [\"/api/v1/old\"]\n",
    );
    let report = run(dir.path());
    assert_eq!(found(&report, &["BG602"]), []);
}

#[test]
fn validating_extractors_count_as_validation() {
    let main = r#"use axum::{routing::post, Router};
use validated_extractors::Json;

#[derive(serde::Deserialize)]
pub struct NewItem { pub name: String }

pub fn app() -> Router {
    Router::new().route("/api/v1/items", post(create))
}

/// Creates an item.
async fn create(claims: Claims, Json(item): Json<NewItem>) -> String {
    item.name
}

fn main() {}
"#;
    let dir = workspace(&[("src/main.rs", main)]);
    assert_eq!(found(&run(dir.path()), &["BG401"]).len(), 1);
    write_file(
        dir.path(),
        "backend-gate.toml",
        "validating-extractors = [\"validated_extractors::Json\"]\n",
    );
    assert_eq!(found(&run(dir.path()), &["BG401"]), []);
    write_file(
        dir.path(),
        "backend-gate.toml",
        "validating-extractors = [\"other_crate::Json\"]\n",
    );
    assert_eq!(
        found(&run(dir.path()), &["BG401"]).len(),
        1,
        "another crate's Json"
    );
}

#[test]
fn blocking_wrappers_run_their_closures_off_the_executor() {
    let main = r#"pub async fn tick(pool: &Pool) {
    run_blocking(|| std::thread::sleep(std::time::Duration::from_millis(5))).await;
    pool.with_sync_conn(|c| std::fs::read_to_string("/etc/hosts")).await;
}

fn main() {}
"#;
    let dir = workspace(&[("src/main.rs", main)]);
    assert_eq!(found(&run(dir.path()), &["BG501"]).len(), 2);
    write_file(
        dir.path(),
        "backend-gate.toml",
        "blocking-wrappers = [\"run_blocking\", \"with_sync_conn\"]\n",
    );
    assert_eq!(found(&run(dir.path()), &["BG501"]), []);
}

#[test]
fn db_paths_make_calls_database_calls() {
    let main = r#"use axum::{routing::get, Router};

pub fn app() -> Router {
    Router::new().route("/api/v1/items", get(list))
}

/// Lists the items.
async fn list() -> String {
    acme_db::exec("SELECT name FROM items").await.unwrap_or_default()
}

fn main() {}
"#;
    let dir = workspace(&[("src/main.rs", main)]);
    assert_eq!(found(&run(dir.path()), &["BG101"]), []);
    write_file(
        dir.path(),
        "backend-gate.toml",
        "db-paths = [\"acme_db\"]\n",
    );
    let report = run(dir.path());
    assert_eq!(
        found(&report, &["BG101"]),
        [f("src/main.rs", "BG101", Level::Warn)]
    );
    assert!(
        report.findings[0].message.contains("acme_db::exec"),
        "{}",
        report.findings[0].message
    );
}

#[test]
fn version_pattern_decides_what_a_version_segment_is() {
    let main = r#"use axum::{routing::get, Router};

pub fn app() -> Router {
    Router::new().route("/api/2024-01/items", get(list))
}

/// Lists the items.
async fn list() -> &'static str { "[]" }

fn main() {}
"#;
    let dir = workspace(&[
        ("src/main.rs", main),
        (
            "backend-gate.toml",
            "[rules]\nunversioned-route = \"warn\"\n",
        ),
    ]);
    assert_eq!(found(&run(dir.path()), &["BG701"]).len(), 1);
    write_file(
        dir.path(),
        "backend-gate.toml",
        "version-pattern = \"<N>-<N>\"\n[rules]\nunversioned-route = \"warn\"\n",
    );
    assert_eq!(found(&run(dir.path()), &["BG701"]), []);
}

#[test]
fn thresholds_set_the_fat_handler_limits() {
    let main = r#"use axum::{routing::get, Router};

pub fn app() -> Router {
    Router::new().route("/api/v1/items/{id}", get(show))
}

/// Shows an item.
async fn show(a: bool, b: bool) -> &'static str {
    if a && b { "both" } else if a || b { "one" } else { "none" }
}

fn main() {}
"#;
    let dir = workspace(&[("src/main.rs", main)]);
    assert_eq!(found(&run(dir.path()), &["BG102"]), []);
    write_file(
        dir.path(),
        "backend-gate.toml",
        "[thresholds]\nmax-handler-complexity = 3\n",
    );
    let report = run(dir.path());
    assert_eq!(found(&report, &["BG102"]).len(), 1);
    assert!(
        report.findings[0].message.ends_with("(limit 3)"),
        "{}",
        report.findings[0].message
    );
}

const MYSQL_MIGRATION: &str = "CREATE TABLE users (\n  id INT AUTO_INCREMENT PRIMARY KEY,\n  name VARCHAR(40)\n) ENGINE=InnoDB;\n";

#[test]
fn dialect_forces_mysql_for_migrations() {
    let main = "fn main() {}\n";
    let dir = workspace(&[
        ("src/main.rs", main),
        ("migrations/0001_users.sql", MYSQL_MIGRATION),
    ]);
    // The package's sqlx uses PostgreSQL, which does not read MySQL's table options.
    assert_eq!(
        found(&run(dir.path()), &["BG806"]),
        [f("migrations/0001_users.sql", "BG806", Level::Deny)]
    );
    write_file(dir.path(), "backend-gate.toml", "dialect = \"mysql\"\n");
    assert_eq!(found(&run(dir.path()), &["BG806"]), []);
}

#[test]
fn migrations_adds_folders() {
    let dir = workspace(&[
        ("src/main.rs", "fn main() {}\n"),
        ("db/sql/0001_log.sql", "CREATE TABLE log (line TEXT);\n"),
    ]);
    assert_eq!(found(&run(dir.path()), &["BG803"]), []);
    write_file(
        dir.path(),
        "backend-gate.toml",
        "migrations = [\"db/sql\"]\n",
    );
    assert_eq!(
        found(&run(dir.path()), &["BG803"]),
        [f("db/sql/0001_log.sql", "BG803", Level::Warn)]
    );
}

const CORS: &str =
    "use tower_http::cors::CorsLayer;\npub fn cors() -> CorsLayer { CorsLayer::permissive() }\n";

fn member(name: &str, metadata: &str) -> String {
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\ntower-http = \"0.5\"\n{metadata}"
    )
}

#[test]
fn package_metadata_overrides_the_workspace() {
    let admin = member(
        "admin",
        "\n[package.metadata.backend-gate]\nrules = { permissive-cors = \"allow\" }\nexclude = [\"src/gen.rs\"]\n",
    );
    let dir = workspace(&[
        (
            "Cargo.toml",
            "[workspace]\nmembers = [\"api\", \"admin\"]\nresolver = \"2\"\n\n[workspace.metadata.backend-gate]\nrules = { permissive-cors = \"deny\" }\n",
        ),
        ("api/Cargo.toml", &member("api", "")),
        ("api/src/lib.rs", &format!("mod gen;\n{CORS}")),
        ("api/src/gen.rs", "fn broken( {\n"),
        ("admin/Cargo.toml", &admin),
        ("admin/src/lib.rs", &format!("mod gen;\n{CORS}")),
        ("admin/src/gen.rs", "fn broken( {\n"),
    ]);
    let report = run(dir.path());
    assert_eq!(
        found(&report, &["BG605", "BG000"]),
        [
            f("api/src/gen.rs", "BG000", Level::Warn),
            f("api/src/lib.rs", "BG605", Level::Deny),
        ],
        "admin's own table turns the rule off and excludes its gen.rs (relative to admin/)"
    );
}

#[test]
fn workspace_metadata_is_read_and_a_second_configuration_is_an_error() {
    let manifest =
        format!("{MANIFEST}\n[package.metadata.backend-gate]\nrules = {{ BG605 = \"deny\" }}\n");
    let dir = workspace(&[
        ("Cargo.toml", &manifest),
        ("src/main.rs", MAIN),
        ("src/legacy/mod.rs", LEGACY),
    ]);
    assert_eq!(
        found(&run(dir.path()), &["BG605"]),
        [
            f("src/legacy/mod.rs", "BG605", Level::Deny),
            f("src/main.rs", "BG605", Level::Deny),
        ]
    );

    let virtual_root = "[workspace]\nmembers = [\"api\"]\nresolver = \"2\"\n\n[workspace.metadata.backend-gate]\npreset = \"strict\"\n";
    let dir = workspace(&[
        ("Cargo.toml", virtual_root),
        ("api/Cargo.toml", &member("api", "")),
        ("api/src/lib.rs", CORS),
        ("backend-gate.toml", "preset = \"recommended\"\n"),
    ]);
    let err = try_run(dir.path()).expect_err("two configurations");
    assert_eq!(err.path, "Cargo.toml");
    assert!(err.problems[0].message.contains("both"), "{err}");
}

#[test]
fn unknown_keys_and_rules_are_errors_with_a_suggestion() {
    let dir = app(
        "auth-extractor = [\"Caller\"]\n\n[rules]\nsql-injecton = \"deny\"\n",
        &[],
    );
    let err = try_run(dir.path()).expect_err("invalid configuration");
    assert_eq!(err.path, "backend-gate.toml");
    let helps: Vec<_> = err.problems.iter().map(|p| p.help.clone()).collect();
    assert_eq!(
        helps,
        [
            Some("did you mean `auth-extractors`?".to_string()),
            Some("did you mean `sql-injection`?".to_string())
        ]
    );
    assert_eq!(
        err.to_string(),
        "backend-gate.toml:1:1: unknown key `auth-extractor` (did you mean `auth-extractors`?); \
         backend-gate.toml:4:1: unknown rule or category `sql-injecton` (did you mean `sql-injection`?)"
    );
}
