//! Suppression comments through the whole engine: Rust files with cross-file findings, SQL
//! migrations, files that do not parse, and runs over explicit paths.

use backend_gate_rules::testing::expectations;
use backend_gate_rules::{check, CheckOptions, Report};
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    (
        "Cargo.toml",
        "[package]\nname = \"shop\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
         [dependencies]\naxum = \"0.8\"\nsqlx = { version = \"0.8\", features = [\"postgres\"] }\n\
         tokio = \"1\"\n",
    ),
    (
        "src/main.rs",
        r#"mod generated;
mod half_done;
use axum::{extract::State, routing::get, Router};
use sqlx::PgPool;

#[tokio::main]
async fn main() {
    let pool = PgPool::connect_lazy("").expect("lazy pool");
    let app = Router::new()
        .route("/api/v1/reports/daily", get(daily_report))
        .route("/api/v1/count", get(count))
        .with_state(pool);
    let listener = tokio::net::TcpListener::bind(std::env::var("ADDR").unwrap_or_default()).await.unwrap();
    axum::serve(listener, app).await.unwrap();
}

// backend-gate: allow(db-in-handler, reason = "one read-only report query, no repository yet")
async fn daily_report(State(pool): State<PgPool>) -> String {
    match sqlx::query_scalar::<_, i64>("SELECT count(*) FROM orders").fetch_one(&pool).await {
        Ok(n) => n.to_string(),
        Err(_) => String::new(),
    }
}

// backend-gate: allow(BG101, reason = "moved to the repository") // expect: BG001
async fn count(State(repo): State<PgPool>) -> String {
    let _ = &repo;
    String::new()
}
"#,
    ),
    (
        "src/generated.rs",
        "// backend-gate: allow-file(parse-error, reason = \"generated for a newer toolchain\")\n\
         pub fn oops( {\n",
    ),
    (
        "src/half_done.rs",
        "// backend-gate: allow-file(BG101)\n// backend-gate: alow(BG102) // expect: BG002\n\
         pub fn oops( { // expect: BG000\n",
    ),
    (
        "migrations/0001_init.sql",
        r#"-- backend-gate: allow-file(irreversible-migration, reason = "the first schema has no way back")
CREATE TABLE users (id BIGINT PRIMARY KEY, email TEXT NOT NULL);

-- backend-gate: allow(BG802, reason = "orders are only ever read by id")
CREATE TABLE orders (
    id BIGINT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id)
);

CREATE TABLE audit_log ( -- expect: BG803
    user_id BIGINT NOT NULL REFERENCES users (id) -- backend-gate: allow(BG802)
);

-- backend-gate: allow(BG804) -- expect: BG001
CREATE TABLE events (id BIGINT PRIMARY KEY);
-- backend-gate: allow(BG2O1) -- expect: BG002
"#,
    ),
];

fn workspace() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    for (rel, text) in FILES {
        let path = tmp.path().join(rel);
        fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
        fs::write(path, text).expect("write");
    }
    tmp
}

fn run(root: &Path, paths: &[&str]) -> Report {
    check(&CheckOptions {
        manifest_path: Some(root.join("Cargo.toml")),
        cwd: root.to_path_buf(),
        paths: paths.iter().map(Into::into).collect(),
        ..CheckOptions::default()
    })
    .expect("the run completes")
}

fn found(report: &Report) -> BTreeSet<(String, usize, String)> {
    report
        .findings
        .iter()
        .map(|f| (f.file.clone(), f.range.start.line, f.code.to_string()))
        .collect()
}

#[test]
fn rust_sql_and_unparsed_files_follow_their_suppressions() {
    let tmp = workspace();
    let report = run(tmp.path(), &[]);
    let expected: BTreeSet<(String, usize, String)> = FILES
        .iter()
        .flat_map(|(rel, text)| {
            expectations(text)
                .into_iter()
                .map(|(line, code)| (rel.to_string(), line, code))
        })
        .collect();
    assert_eq!(found(&report), expected, "{:#?}", report.findings);
    assert!(report.internal_errors.is_empty());
    // The suppressed findings' sources are not carried; the reported ones' are.
    assert!(report.sources.contains_key("migrations/0001_init.sql"));
    assert!(!report.sources.contains_key("src/generated.rs"));
}

#[test]
fn explicit_paths_report_no_unused_suppression() {
    let tmp = workspace();
    let report = run(tmp.path(), &["src"]);
    let codes: Vec<(String, usize, String)> = found(&report).into_iter().collect();
    assert_eq!(
        codes,
        [
            ("src/half_done.rs".to_string(), 2, "BG002".to_string()),
            ("src/half_done.rs".to_string(), 3, "BG000".to_string()),
        ],
        "{:#?}",
        report.findings
    );
}
