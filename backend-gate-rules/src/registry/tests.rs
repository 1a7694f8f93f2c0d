//! The registry and checklist built over small in-memory workspaces.

use super::checklist::{Check, EndpointChecks, Status};
use super::endpoints::EndpointEntry;
use super::Registry;
use crate::rule::Preset;
use crate::rules::RULES;
use crate::settings::Selection;
use crate::testing::check_files;
use backend_gate_grammar::EndpointContract;

const MAIN: &str = r#"
use axum::{routing::{get, post}, Router};
mod db;
mod routes;

pub fn app() -> Router {
    Router::new()
        .route("/api/v1/users", post(routes::create).get(routes::list))
        .route("/api/v1/accounts/{id}", get(routes::show))
}
"#;

const ROUTES: &str = r#"
use axum::{extract::{Path, State}, http::StatusCode, Json};
use backend_gate::endpoint;
use sqlx::PgPool;
use crate::db::{self, User};

#[derive(serde::Deserialize)]
pub struct NewUser { pub name: String, pub email: String }

/// Creates a user.
#[endpoint(POST, "/api/v1/users", auth = "admin", rate_limit = "20/min", summary = "Create a user")]
pub async fn create(State(pool): State<PgPool>, Json(body): Json<NewUser>) -> StatusCode {
    db::insert(&pool, &body.name).await;
    StatusCode::CREATED
}

/// Lists users.
pub async fn list(State(pool): State<PgPool>) -> Json<Vec<User>> {
    let rows = sqlx::query_as::<_, User>("SELECT id, name, password_hash FROM users")
        .fetch_all(&pool)
        .await
        .unwrap_or_default();
    Json(rows)
}

/// Shows an account.
pub async fn show(State(pool): State<PgPool>, Path(id): Path<String>) -> String {
    db::find(&pool, &id).await
}
"#;

const DB: &str = r#"
use sqlx::{FromRow, PgPool};

#[derive(serde::Serialize, FromRow)]
pub struct User { pub id: i64, pub name: String, pub password_hash: String }

pub struct UserRepository { pool: PgPool }

impl UserRepository {
    pub async fn by_id(&self, id: i64) -> Option<User> { None }
    fn helper(&self) {}
}

pub trait AuditStore { fn record(&self, what: &str); }
pub struct Postgres;
impl AuditStore for Postgres { fn record(&self, what: &str) {} }

pub async fn insert(pool: &PgPool, name: &str) {
    let _ = sqlx::query("INSERT INTO users (name) VALUES ($1)").bind(name).execute(pool).await;
}

pub async fn find(pool: &PgPool, id: &str) -> String {
    let sql = format!("SELECT name FROM users WHERE id = '{id}'");
    let _ = sqlx::query(&sql).execute(pool).await;
    String::new()
}

diesel::table! {
    posts (id) {
        id -> Int4,
        title -> Nullable<Varchar>,
    }
}

#[derive(diesel::Queryable, diesel::Selectable)]
#[diesel(table_name = posts)]
pub struct Post { pub id: i32, pub title: Option<String> }

#[cfg(test)]
mod tests {
    pub struct FakeRepository;
    #[derive(sqlx::FromRow)]
    pub struct Row { pub id: i64 }
}
"#;

/// The workspace above, with `create`'s `#[endpoint]` contract filled in as the grammar would.
fn registry() -> Registry {
    let rules: Vec<_> = RULES.to_vec();
    let (findings, mut model) = check_files(
        &[
            ("src/main.rs", MAIN),
            ("src/routes.rs", ROUTES),
            ("src/db.rs", DB),
        ],
        &["axum", "sqlx", "serde", "diesel", "backend-gate"],
        &rules,
    );
    for file in &mut model.files {
        for f in &mut file.fns {
            if f.name == "create" {
                f.contract = Some(EndpointContract {
                    method: "POST".into(),
                    path: "/api/v1/users".into(),
                    auth: Some("admin".into()),
                    rate_limit: Some("20/min".into()),
                    summary: Some("Create a user".into()),
                    tags: vec!["users".into()],
                    ..EndpointContract::default()
                });
            }
        }
    }
    let levels = Selection {
        preset: Preset::Strict,
        ..Selection::default()
    }
    .resolve()
    .expect("strict resolves");
    Registry::build(&model, &findings, &[], &levels)
}

fn entry<'r>(r: &'r Registry, method: &str, path: &str) -> &'r EndpointEntry {
    r.endpoints
        .endpoints
        .iter()
        .find(|e| e.method == method && e.path == path)
        .unwrap_or_else(|| panic!("no {method} {path} in {:#?}", r.endpoints))
}

fn checks<'r>(r: &'r Registry, method: &str, path: &str) -> &'r EndpointChecks {
    r.checklist
        .endpoints
        .iter()
        .find(|e| e.method == method && e.path == path)
        .unwrap_or_else(|| panic!("no {method} {path} in the checklist"))
}

fn item<'c>(c: &'c EndpointChecks, key: &str) -> &'c Check {
    c.api
        .iter()
        .chain(&c.security)
        .find(|x| x.item == key)
        .unwrap_or_else(|| panic!("no item {key}"))
}

fn codes(c: &Check) -> Vec<&str> {
    c.reasons.iter().filter_map(|r| r.code.as_deref()).collect()
}

#[test]
fn declared_contract_reaches_the_entry() {
    let r = registry();
    let create = entry(&r, "POST", "/api/v1/users");
    assert_eq!(create.handler, "app::routes::create");
    assert_eq!(create.file, "src/routes.rs");
    assert_eq!(create.auth.as_deref(), Some("admin"));
    assert_eq!(create.rate_limit.as_deref(), Some("20/min"));
    assert_eq!(create.summary.as_deref(), Some("Create a user"));
    assert_eq!(create.tags, ["users"]);
    assert!(!create.public);
    assert_eq!(create.authenticated, Some(true));
    assert!(create.documented);
    let body = create.body.as_ref().expect("a JSON body");
    assert_eq!(
        (body.extractor.as_str(), body.ty.as_str()),
        ("Json", "NewUser")
    );
    assert_eq!(create.validated, Some(false));
    assert!(!create.db_direct, "it calls the project's own db module");
    assert!(create.findings.contains(&"BG401".to_string()));
    let c = checks(&r, "POST", "/api/v1/users");
    assert_eq!(item(c, "rate_limited").status, Status::Pass);
    assert_eq!(item(c, "auth").status, Status::Pass);
    assert_eq!(item(c, "input_validated").status, Status::Fail);
    assert_eq!(codes(item(c, "input_validated")), ["BG401"]);
    assert_eq!(item(c, "status_codes").status, Status::Pass);
}

#[test]
fn undeclared_endpoints_are_judged_by_the_rules() {
    let r = registry();
    let list = entry(&r, "GET", "/api/v1/users");
    assert_eq!(list.auth, None);
    assert_eq!(list.rate_limit, None);
    assert_eq!(list.authenticated, Some(false));
    assert!(list.db_direct);
    assert_eq!(list.body, None);
    assert_eq!(list.validated, None);
    assert_eq!(list.tested, Some(false));
    let c = checks(&r, "GET", "/api/v1/users");
    assert_eq!(codes(item(c, "auth")), ["BG602"]);
    assert_eq!(item(c, "input_validated").status, Status::NotApplicable);
    assert_eq!(item(c, "status_codes").status, Status::NotApplicable);
    // It declares no limit, but `create`'s `#[endpoint(rate_limit = ..)]` shows the package
    // limits its routes, so no-rate-limit (one finding per package) does not fire.
    assert_eq!(item(c, "rate_limited").status, Status::Pass);
    assert_eq!(codes(item(c, "tested")), ["BG901"]);
    // `Json<Vec<User>>` serializes `User`, whose `password_hash` is sent.
    assert_eq!(codes(item(c, "no_sensitive_fields")), ["BG603"]);
    assert_eq!(item(c, "versioned").status, Status::Pass);
}

#[test]
fn sql_injection_in_a_called_function_reaches_the_endpoint() {
    let r = registry();
    let c = checks(&r, "GET", "/api/v1/accounts/{id}");
    let sql = item(c, "no_sql_injection");
    assert_eq!(codes(sql), ["BG601"]);
    assert_eq!(sql.reasons[0].file.as_deref(), Some("src/db.rs"));
    // The handler itself is clean: the finding is not in its own list.
    assert!(!entry(&r, "GET", "/api/v1/accounts/{id}")
        .findings
        .contains(&"BG601".to_string()));
    assert_eq!(
        item(checks(&r, "POST", "/api/v1/users"), "no_sql_injection").status,
        Status::Pass
    );
}

#[test]
fn models_and_tables() {
    let r = registry();
    let models: Vec<(&str, &str, Option<&str>)> = r
        .models
        .models
        .iter()
        .map(|m| (m.path.as_str(), m.orm.as_str(), m.table.as_deref()))
        .collect();
    assert_eq!(
        models,
        [
            ("app::db::Post", "diesel", Some("posts")),
            ("app::db::User", "sqlx", None),
        ]
    );
    let user = &r.models.models[1];
    let fields: Vec<(&str, &str)> = user
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.ty.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("id", "i64"),
            ("name", "String"),
            ("password_hash", "String")
        ]
    );
    let [posts] = &r.models.tables[..] else {
        panic!("one table: {:?}", r.models.tables)
    };
    assert_eq!(posts.name, "posts");
    assert_eq!(posts.primary_key, ["id"]);
    let columns: Vec<(&str, &str)> = posts
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.ty.as_str()))
        .collect();
    assert_eq!(columns, [("id", "Int4"), ("title", "Nullable<Varchar>")]);
}

#[test]
fn services_with_their_public_methods() {
    let r = registry();
    let services: Vec<(&str, Vec<&str>, Vec<&str>)> = r
        .services
        .services
        .iter()
        .map(|s| {
            (
                s.path.as_str(),
                s.traits.iter().map(String::as_str).collect(),
                s.methods.iter().map(|m| m.name.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        services,
        [
            ("app::db::Postgres", vec!["AuditStore"], vec!["record"]),
            ("app::db::UserRepository", vec![], vec!["by_id"]),
        ]
    );
    let by_id = &r.services.services[1].methods[0];
    assert!(by_id.is_async);
    assert_eq!(by_id.params, ["id: i64"]);
    assert_eq!(by_id.returns.as_deref(), Some("Option<User>"));
}

#[test]
fn rules_that_are_off_leave_items_unchecked() {
    let rules: Vec<_> = RULES.to_vec();
    let (findings, model) = check_files(
        &[
            ("src/main.rs", MAIN),
            ("src/routes.rs", ROUTES),
            ("src/db.rs", DB),
        ],
        &["axum", "sqlx", "serde", "diesel"],
        &rules,
    );
    let levels = Selection {
        ignore: vec!["BG901".into()],
        ..Selection::default()
    }
    .resolve()
    .expect("resolves");
    let r = Registry::build(&model, &findings, &[], &levels);
    let c = checks(&r, "GET", "/api/v1/users");
    let tested = item(c, "tested");
    assert_eq!(tested.status, Status::NotChecked);
    assert!(tested.reasons[0].message.contains("BG901"), "{tested:?}");
    assert_eq!(entry(&r, "GET", "/api/v1/users").tested, None);
}

#[test]
fn markdown_has_totals_tables_and_reasons() {
    let r = registry();
    let md = super::checklist::markdown::render(&r.checklist);
    assert!(
        md.starts_with("## backend-gate checklist\n\n**3 endpoints** · API "),
        "{md}"
    );
    assert!(md.contains("#### `app::routes`"), "{md}");
    assert!(md.contains("| `GET /api/v1/accounts/{id}` |"), "{md}");
    assert!(
        md.contains("<details>") && md.contains("</details>"),
        "{md}"
    );
    assert!(
        md.contains("- ✗ **No SQL injection reaching it**: "),
        "{md}"
    );
    assert!(md.contains("(BG601, src/db.rs:"), "{md}");
    assert!(md.ends_with("</details>\n"), "{md}");
}
