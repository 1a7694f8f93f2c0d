//! Suppressions over whole runs: per-file, cross-file and migration findings, unused and
//! malformed suppressions, and which rules count as having run.

use crate::rule::{Preset, Rule};
use crate::rules::configuration::hardcoded_secret::HardcodedSecret;
use crate::rules::error_handling::panic_in_handler::PanicInHandler;
use crate::rules::layering::db_in_handler::DbInHandler;
use crate::rules::suppression::invalid_suppression::InvalidSuppression;
use crate::rules::suppression::suppression_without_reason::SuppressionWithoutReason;
use crate::rules::suppression::unused_suppression::UnusedSuppression;
use crate::testing::{assert_rules_files, check_files, check_files_preset};

const DEPS: &[&str] = &["axum", "sqlx", "tokio"];

const MAIN: &str = r#"
mod routes;
use axum::{routing::get, Router};

#[tokio::main]
async fn main() {
    let app = Router::new()
        .route("/api/v1/users", get(routes::list).post(routes::create))
        .route("/api/v1/users/{id}", get(routes::show).delete(routes::remove))
        .route("/api/v1/stats", get(routes::stats));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
"#;

const RULES: &[&dyn Rule] = &[
    &DbInHandler,
    &PanicInHandler,
    &HardcodedSecret,
    &UnusedSuppression,
    &InvalidSuppression,
];

#[test]
fn line_item_and_statement_suppressions() {
    let routes = r#"
use axum::extract::{Path, State};
use sqlx::PgPool;

// A handler-wide suppression: the item below is covered whole.
// backend-gate: allow(db-in-handler, reason = "admin listing, no repository yet")
/// Lists users.
pub async fn list(State(pool): State<PgPool>) -> String {
    let rows = sqlx::query("SELECT name FROM users").fetch_all(&pool).await.unwrap(); // expect: BG301
    format!("{}", rows.len())
}

pub async fn create(State(pool): State<PgPool>) -> String {
    // backend-gate: allow(BG101, BG301, reason = "statement over several lines")
    sqlx::query("INSERT INTO users DEFAULT VALUES")
        .execute(&pool)
        .await
        .unwrap();
    String::new()
}

pub async fn show(State(pool): State<PgPool>, Path(id): Path<i64>) -> String {
    let row = sqlx::query("SELECT name FROM users WHERE id = $1").bind(id).fetch_one(&pool).await; // backend-gate: allow(BG101)
    row.map(|_| String::new()).unwrap() // expect: BG301
}

pub async fn remove(State(pool): State<PgPool>, Path(id): Path<i64>) -> String {
    // backend-gate: allow(BG301, reason = "covers the next statement only") // expect: BG001
    sqlx::query("DELETE FROM users WHERE id = $1").bind(id).execute(&pool).await.ok(); // expect: BG101
    // backend-gate: allow(BG301, reason = "nothing panics here any more") // expect: BG001
    String::new()
}

pub async fn stats(State(pool): State<PgPool>) -> String {
    // backend-gate: allow(BG101, BG301) // expect: BG001
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(&pool).await.unwrap_or(0);
    n.to_string()
}
"#;
    assert_rules_files(
        RULES,
        DEPS,
        &[("src/main.rs", MAIN), ("src/routes.rs", routes)],
    );
    let (findings, _) = check_files(
        &[("src/main.rs", MAIN), ("src/routes.rs", routes)],
        DEPS,
        RULES,
    );
    let unused: Vec<(usize, usize, &str)> = findings
        .iter()
        .filter(|f| f.code == "BG001")
        .map(|f| (f.range.start.line, f.range.start.column, f.message.as_str()))
        .collect();
    assert_eq!(
        unused,
        [
            (
                28,
                28,
                "suppression of `BG301` (panic-in-handler) suppresses nothing: no finding on line 29"
            ),
            (
                30,
                28,
                "suppression of `BG301` (panic-in-handler) suppresses nothing: no finding on line 31"
            ),
            // `BG101` suppressed the query; `BG301` found no `unwrap` (`unwrap_or` is fine).
            (
                35,
                35,
                "suppression of `BG301` (panic-in-handler) suppresses nothing: no finding on line 36"
            ),
        ]
    );
}

#[test]
fn file_level_suppressions() {
    let config = r#"// backend-gate: allow-file(hardcoded-secret, reason = "local development defaults")
//! Development settings.

pub const API_TOKEN: &str = "dev-token-1234";
pub fn password() -> &'static str {
    let db_password = "hunter2hunter2";
    db_password
}
"#;
    let other = r#"// backend-gate: allow-file(BG301) // expect: BG001
pub const NAME: &str = "users";
// backend-gate: allow-file(BG101) // expect: BG002
pub const SECRET_KEY: &str = "s3cr3t-s3cr3t"; // expect: BG201
"#;
    let main = "mod config;\nmod other;\nfn main() {}\n";
    assert_rules_files(
        RULES,
        DEPS,
        &[
            ("src/main.rs", main),
            ("src/config.rs", config),
            ("src/other.rs", other),
        ],
    );
}

#[test]
fn malformed_suppressions_are_reported_and_suppress_nothing() {
    let routes = r#"
use axum::extract::State;
use sqlx::PgPool;

pub async fn list(State(pool): State<PgPool>) -> String {
    // backend-gate: alow(BG101) // expect: BG002
    let a = sqlx::query("SELECT 1").execute(&pool).await; // expect: BG101
    // backend-gate: allow(db-in-handlr) // expect: BG002
    let b = sqlx::query("SELECT 2").execute(&pool).await; // expect: BG101
    // backend-gate: allow(BG101, reason: "x") // expect: BG002
    let c = sqlx::query("SELECT 3").execute(&pool).await; // expect: BG101
    /// backend-gate: allow(BG101) // expect: BG002
    let d = sqlx::query("SELECT 4").execute(&pool).await; // expect: BG101
    // backend-gate allow(BG101) // expect: BG002
    let e = sqlx::query("SELECT 5").execute(&pool).await; // expect: BG101
    format!("{a:?}{b:?}{c:?}{d:?}{e:?}")
}
pub async fn create() {}
pub async fn show() {}
pub async fn remove() {}
pub async fn stats() {}
"#;
    let files = [("src/main.rs", MAIN), ("src/routes.rs", routes)];
    assert_rules_files(RULES, DEPS, &files);
    let (findings, _) = check_files(&files, DEPS, RULES);
    let messages: Vec<&str> = findings
        .iter()
        .filter(|f| f.code == "BG002")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "unknown suppression directive `alow` (did you mean `allow`?)",
            "unknown rule or category `db-in-handlr` (did you mean `db-in-handler`?)",
            "expected `=` after `reason`",
            "a doc comment is documentation, not a suppression: it suppresses nothing",
            "expected `:` after `backend-gate`",
        ]
    );
}

#[test]
fn suppressions_of_rules_that_did_not_run_are_not_unused() {
    let routes = r#"
// backend-gate: allow(BG103, reason = "not run in this test")
pub async fn list() {}
// backend-gate: allow(undocumented-endpoint, reason = "strict only")
pub async fn create() {}
// backend-gate: allow(BG301, reason = "run, and nothing to suppress") // expect: BG001
pub async fn show() {}
pub async fn remove() {}
pub async fn stats() {}
"#;
    let files = [("src/main.rs", MAIN), ("src/routes.rs", routes)];
    let (findings, _) = check_files_preset(&files, DEPS, RULES, Preset::Recommended);
    let got: Vec<(usize, &str)> = findings
        .iter()
        .map(|f| (f.range.start.line, f.code))
        .collect();
    assert_eq!(got, [(6, "BG001")]);
}

#[test]
fn findings_about_suppressions_are_suppressed_only_by_name() {
    let quiet = r#"// backend-gate: allow-file(unused-suppression, reason = "kept for the next release")
// backend-gate: allow(BG201)
pub const NAME: &str = "users";
"#;
    let loud = r#"// backend-gate: allow-file(all) // expect: BG001
// backend-gate: allow(BG3) // expect: BG001
// backend-gate: allow(invalid-suppression) // expect: BG001
pub const NAME: &str = "users";
"#;
    let main = "mod quiet;\nmod loud;\nfn main() {}\n";
    assert_rules_files(
        RULES,
        DEPS,
        &[
            ("src/main.rs", main),
            ("src/quiet.rs", quiet),
            ("src/loud.rs", loud),
        ],
    );
}

#[test]
fn reasons_are_required_by_the_strict_rule() {
    let text = r#"
// backend-gate: allow(BG201) // expect: BG003
pub const API_KEY: &str = "k-1234567890";
// backend-gate: allow(BG201, reason = "public demo key")
pub const DEMO_API_KEY: &str = "k-0987654321";
"#;
    let main = "mod keys;\nfn main() {}\n";
    let rules: &[&dyn Rule] = &[&HardcodedSecret, &SuppressionWithoutReason];
    assert_rules_files(rules, DEPS, &[("src/main.rs", main), ("src/keys.rs", text)]);
}
