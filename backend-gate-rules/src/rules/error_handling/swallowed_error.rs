//! BG302 swallowed-error.

use super::handler_name;
use crate::facts::EventKind;
use crate::finding::Finding;
use crate::rule::{Category, Confidence, Level, ModelCx, Preset, Rule, RuleMeta};
use crate::rules::handlers::{handler_finding, handlers, registration_label};
use crate::rules::handlers::{reachable, CallScope};
use std::collections::HashSet;

/// Metadata of BG302.
pub static META: RuleMeta = RuleMeta {
    code: "BG302",
    name: "swallowed-error",
    category: Category::ErrorHandling,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "`let _ = <call>;` or `<call>.ok();` throwing away the `Result` of a database or I/O \
              call (or of the crate's own function that runs one) in a request handler or a \
              function of the same crate it calls",
    why: "When the error of a write is discarded, the handler answers as if it had worked: the \
          client is told its order was saved, the session revoked or the file stored, and nobody \
          learns otherwise until the data is missing. Discarded errors also leave no trace in the \
          logs, so the failure cannot be diagnosed. A pool's `db.run(|c| ..)` (rocket_sync_db_pools) \
          or `conn.interact(|c| ..)` (deadpool) yields what its closure returns, so discarding it \
          discards the query's error too. Propagate the error with `?`, or, when the \
          request can succeed without this step, log it. Calls whose errors are observed on the \
          way (`.inspect_err(..)`, `.map_err(|e| tracing::warn!(..))`), propagated (`?`) or \
          unwrapped are not reported, nor are `rollback()`, socket `shutdown()` and channel \
          `send(..)`, whose errors are routinely ignored on purpose.",
    bad: "async fn logout(State(pool): State<PgPool>, session: Session) -> StatusCode {\n    \
          let _ = sqlx::query(\"DELETE FROM sessions WHERE id = $1\")\n        \
          .bind(session.id)\n        .execute(&pool)\n        .await;\n    \
          StatusCode::NO_CONTENT\n}",
    good: "async fn logout(State(pool): State<PgPool>, session: Session) -> Result<StatusCode, AppError> {\n    \
           sqlx::query(\"DELETE FROM sessions WHERE id = $1\")\n        \
           .bind(session.id)\n        .execute(&pool)\n        .await?;\n    \
           Ok(StatusCode::NO_CONTENT)\n}",
    in_tests: false,
};

/// BG302 swallowed-error.
pub struct SwallowedError;

/// How many calls away from a handler discards are looked for.
const MAX_CALL_DEPTH: usize = 4;

const HELP: &str = "handle the error: propagate it with `?`, or, if the request can succeed \
                    without this step, log it (`if let Err(e) = .. { tracing::warn!(error = %e, \"..\") }`)";

impl Rule for SwallowedError {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &ModelCx, out: &mut Vec<Finding>) {
        let index = cx.model.index();
        // A discard reached from several handlers is reported once, for the first of them.
        let mut reported: HashSet<(crate::endpoints::resolve::FnId, usize)> = HashSet::new();
        let handlers = handlers(cx.model);
        let handler_ids: HashSet<_> = handlers.iter().map(|h| h.id).collect();
        for h in &handlers {
            for r in reachable(cx.model, &index, h.id, MAX_CALL_DEPTH, CallScope::Crate) {
                // A handler called by another one reports its own discards.
                if r.via.is_some() && handler_ids.contains(&r.id) {
                    continue;
                }
                let facts = cx.model.fn_facts(r.id);
                for (i, ev) in facts.events.iter().enumerate() {
                    let swallowed = match &ev.kind {
                        EventKind::Swallowed => true,
                        EventKind::Discard { path } => index
                            .resolve_fn(path, &facts.module, facts.self_ty.as_deref())
                            .is_some_and(|callee| does_db_work(cx, &index, callee)),
                        _ => false,
                    };
                    if !swallowed || !reported.insert((r.id, i)) {
                        continue;
                    }
                    let finding = match r.via {
                        None => handler_finding(
                            cx,
                            &META,
                            h,
                            ev.range,
                            format!(
                                "the error of `{}` is discarded in {}",
                                ev.evidence,
                                handler_name(h)
                            ),
                            None,
                        ),
                        Some(call) => cx
                            .finding(
                                &META,
                                r.id.0,
                                ev.range,
                                format!(
                                    "the error of `{}` is discarded in `{}`, which {} calls",
                                    ev.evidence,
                                    facts.name,
                                    handler_name(h)
                                ),
                                None,
                            )
                            .map(|f| {
                                let f = f
                                    .with_secondary(cx.label(
                                        h.file(),
                                        call,
                                        format!("called from {} here", handler_name(h)),
                                    ))
                                    .with_context(crate::endpoints::qualified_name(facts));
                                match h.endpoints.first() {
                                    Some(e) => f.with_secondary(registration_label(cx, e)),
                                    None => f,
                                }
                            }),
                    };
                    let Some(mut f) = finding else { continue };
                    // Deleting a temporary file is often best effort on purpose.
                    if ev.evidence.contains("remove_") {
                        f = f.with_confidence(Confidence::Medium);
                    }
                    out.push(f.with_label("error discarded here").with_help(HELP));
                }
            }
        }
    }
}

/// Whether a function of the crate runs database calls, itself or through the functions it calls
/// (a repository function whose `Result` carries the database error).
fn does_db_work(
    cx: &ModelCx,
    index: &crate::endpoints::resolve::Index,
    id: crate::endpoints::resolve::FnId,
) -> bool {
    reachable(cx.model, index, id, 2, CallScope::Crate)
        .iter()
        .any(|r| {
            cx.model
                .fn_facts(r.id)
                .events
                .iter()
                .any(|e| matches!(e.kind, EventKind::Db { .. }))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule_files, check_files};

    #[test]
    fn discarded_results_of_the_crates_own_database_functions() {
        let main = r#"
mod repo;
use axum::{extract::{Path, State}, http::StatusCode, routing::delete, Router};
use sqlx::PgPool;
fn app() -> Router<PgPool> {
    Router::new().route("/tasks/:id", delete(remove_task)).route("/notes/:id", delete(remove_note))
}
async fn remove_task(State(pool): State<PgPool>, Path(id): Path<i64>) -> StatusCode {
    let _ = repo::delete_task(&pool, id).await; // expect: BG302
    repo::touch(&pool).await.ok(); // expect: BG302
    let _ = repo::render(id);
    StatusCode::NO_CONTENT
}
async fn remove_note(State(pool): State<PgPool>, Path(id): Path<i64>) -> Result<StatusCode, AppError> {
    repo::delete_task(&pool, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
"#;
        let repo = r#"
use sqlx::PgPool;
pub async fn delete_task(pool: &PgPool, id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM tasks WHERE id = $1").bind(id).execute(pool).await?;
    Ok(())
}
pub async fn touch(pool: &PgPool) -> sqlx::Result<()> { bump(pool).await }
async fn bump(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query("UPDATE stats SET n = n + 1").execute(pool).await.map(|_| ())
}
pub fn render(id: i64) -> Result<String, std::fmt::Error> { Ok(id.to_string()) }
"#;
        assert_rule_files(
            &SwallowedError,
            &["axum", "sqlx"],
            &[("src/main.rs", main), ("src/repo.rs", repo)],
        );
    }

    const AXUM_MAIN: &str = r#"
mod routes;
mod services;
mod jobs;
use axum::{routing::{delete, post}, Router};
use sqlx::PgPool;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let pool = PgPool::connect(&std::env::var("DATABASE_URL")?).await?;
    tokio::spawn(jobs::purge_expired(pool.clone()));
    let app = Router::new()
        .route("/api/v1/sessions/current", delete(routes::auth::logout))
        .route("/api/v1/sessions", delete(routes::auth::logout_all))
        .route("/api/v1/orders", post(routes::orders::create_order))
        .route("/api/v1/orders/:id/reorder", post(routes::orders::reorder))
        .with_state(pool);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await?;
    axum::serve(listener, app).await?;
    Ok(())
}
"#;

    const AXUM_AUTH: &str = r#"
use axum::{extract::State, http::StatusCode};
use sqlx::PgPool;
use crate::session::Session;

// A handler calling another handler: the callee's discards are reported as its own.
pub async fn logout_all(State(pool): State<PgPool>, session: Session) -> Result<StatusCode, crate::AppError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(session.user_id).execute(&pool).await?;
    logout(State(pool), session).await
}

pub async fn logout(State(pool): State<PgPool>, session: Session) -> Result<StatusCode, crate::AppError> {
    let _ = sqlx::query("DELETE FROM sessions WHERE id = $1") // expect: BG302
        .bind(session.id)
        .execute(&pool)
        .await;
    let _ = sqlx::query("UPDATE users SET last_seen = now() WHERE id = $1")
        .bind(session.user_id)
        .execute(&pool)
        .await?;
    sqlx::query("INSERT INTO audit (event) VALUES ('logout')").execute(&pool).await.ok(); // expect: BG302
    sqlx::query("DELETE FROM tokens WHERE session = $1")
        .bind(session.id)
        .execute(&pool)
        .await
        .inspect_err(|e| tracing::warn!(error = %e, "token cleanup failed"))
        .ok();
    Ok(StatusCode::NO_CONTENT)
}
"#;

    const AXUM_ORDERS: &str = r#"
use axum::{extract::{Path, State}, http::StatusCode, Json};
use sqlx::PgPool;
use crate::services::orders as order_service;
use crate::models::NewOrder;

pub async fn create_order(State(pool): State<PgPool>, Json(body): Json<NewOrder>) -> Result<StatusCode, crate::AppError> {
    order_service::place(&pool, &body).await?;
    Ok(StatusCode::CREATED)
}

pub async fn reorder(State(pool): State<PgPool>, Path(id): Path<i64>) -> Result<StatusCode, crate::AppError> {
    let order = order_service::load(&pool, id).await?;
    order_service::place(&pool, &order).await?;
    Ok(StatusCode::CREATED)
}
"#;

    const AXUM_SERVICE: &str = r#"
use sqlx::PgPool;
use tokio::sync::mpsc::Sender;
use crate::models::NewOrder;

pub async fn place(pool: &PgPool, order: &NewOrder) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("INSERT INTO orders (sku, qty) VALUES ($1, $2)")
        .bind(&order.sku)
        .bind(order.qty)
        .execute(&mut *tx)
        .await?;
    let _ = tx.commit().await; // expect: BG302
    write_receipt(order).await;
    Ok(())
}

pub async fn load(pool: &PgPool, id: i64) -> Result<NewOrder, sqlx::Error> {
    sqlx::query_as("SELECT sku, qty FROM orders WHERE id = $1").bind(id).fetch_one(pool).await
}

async fn write_receipt(order: &NewOrder) {
    let text = format!("{} x {}", order.qty, order.sku);
    tokio::fs::write(format!("/var/receipts/{}.txt", order.sku), text).await.ok(); // expect: BG302
}

pub async fn notify(events: Sender<String>, order: &NewOrder) {
    // Nobody listening is fine: channel sends are not reported.
    let _ = events.send(order.sku.clone()).await;
}
"#;

    const AXUM_JOBS: &str = r#"
use sqlx::PgPool;

// Not reachable from a handler.
pub async fn purge_expired(pool: PgPool) {
    loop {
        let _ = sqlx::query("DELETE FROM sessions WHERE expires_at < now()").execute(&pool).await;
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
    }
}
"#;

    fn axum_files() -> Vec<(&'static str, &'static str)> {
        vec![
            ("src/main.rs", AXUM_MAIN),
            ("src/routes/mod.rs", "pub mod auth;\npub mod orders;\n"),
            ("src/routes/auth.rs", AXUM_AUTH),
            ("src/routes/orders.rs", AXUM_ORDERS),
            ("src/services/mod.rs", "pub mod orders;\n"),
            ("src/services/orders.rs", AXUM_SERVICE),
            ("src/jobs.rs", AXUM_JOBS),
        ]
    }

    #[test]
    fn axum_handlers_services_and_background_jobs() {
        assert_rule_files(&SwallowedError, &["axum", "sqlx", "tokio"], &axum_files());
    }

    #[test]
    fn callee_findings_point_back_at_the_handler_once() {
        let (findings, _) = check_files(
            &axum_files(),
            &["axum", "sqlx", "tokio"],
            &[&SwallowedError],
        );
        let commit: Vec<_> = findings
            .iter()
            .filter(|f| f.message.contains("`.commit()`"))
            .collect();
        assert_eq!(commit.len(), 1, "{findings:#?}");
        let f = commit[0];
        assert_eq!(f.file, "src/services/orders.rs");
        assert_eq!(
            f.message,
            "the error of `.commit()` is discarded in `place`, which handler `create_order` calls"
        );
        assert_eq!(f.secondary[0].file, "src/routes/orders.rs");
        assert_eq!(
            f.secondary[0].message,
            "called from handler `create_order` here"
        );
        assert_eq!(
            f.secondary[1].message,
            "registered as POST /api/v1/orders here"
        );
        assert_eq!(f.context.as_deref(), Some("app::services::orders::place"));
        // Two calls away, the label still points at the handler's own call.
        let receipt = findings
            .iter()
            .find(|f| f.message.contains("tokio::fs::write"))
            .expect("receipt finding");
        assert_eq!(receipt.secondary[0].range.start.line, 8);
        let logout = findings
            .iter()
            .find(|f| f.file == "src/routes/auth.rs")
            .expect("logout finding");
        assert_eq!(
            logout.message,
            "the error of `sqlx::query` is discarded in handler `logout`"
        );
        assert_eq!(
            logout.secondary[0].message,
            "registered as DELETE /api/v1/sessions/current here"
        );
    }

    #[test]
    fn actix_methods_through_self_and_recursion() {
        let main = r#"
mod api;
mod repo;
use actix_web::{web, App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| App::new().configure(api::routes)).bind(("0.0.0.0", 8080))?.run().await
}
"#;
        let api = r#"
use actix_web::{post, put, web, HttpResponse};
use crate::repo::DocumentStore;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::scope("/api/v1").service(upload).service(publish).service(rename));
}

#[post("/documents")]
async fn upload(store: web::Data<DocumentStore>, body: web::Bytes) -> HttpResponse {
    let _ = DocumentStore::save(&store, &body).await;
    HttpResponse::Created().finish()
}

#[put("/documents/{id}/publish")]
async fn publish(store: web::Data<DocumentStore>, client: web::Data<reqwest::Client>, id: web::Path<u64>) -> HttpResponse {
    let _ = client // expect: BG302
        .post("https://hooks.example.com/published")
        .json(&serde_json::json!({ "id": *id }))
        .send()
        .await;
    let _ = store.events.send(*id).await;
    HttpResponse::Ok().finish()
}

#[put("/documents/{id}/name")]
async fn rename(id: web::Path<u64>) -> HttpResponse {
    crate::repo::walk_tree(*id, 0);
    HttpResponse::Ok().finish()
}
"#;
        let repo = r#"
use std::io::Write;

pub struct DocumentStore {
    pub root: std::path::PathBuf,
    pub events: tokio::sync::mpsc::Sender<u64>,
}

impl DocumentStore {
    pub async fn save(&self, body: &[u8]) -> std::io::Result<()> {
        let path = self.root.join("latest");
        self.write_copy(&path, body);
        Self::touch_index(&self.root).await;
        tokio::fs::write(path, body).await
    }

    fn write_copy(&self, path: &std::path::Path, body: &[u8]) {
        let mut file = std::fs::File::create(path.with_extension("bak")).expect("backup");
        let _ = file.write_all(body); // expect: BG302
    }

    async fn touch_index(root: &std::path::Path) {
        let _ = tokio::fs::write(root.join("index"), b"").await; // expect: BG302
    }
}

pub fn walk_tree(id: u64, depth: u32) {
    if depth < 3 {
        walk_tree(id, depth + 1);
    }
    let _ = std::fs::remove_file(format!("/tmp/doc-{id}.lock")); // expect: BG302
}
"#;
        assert_rule_files(
            &SwallowedError,
            &["actix-web", "tokio", "reqwest"],
            &[
                ("src/main.rs", main),
                ("src/api.rs", api),
                ("src/repo.rs", repo),
            ],
        );
    }

    #[test]
    fn rocket_files_and_test_code() {
        let main = r#"
#[macro_use]
extern crate rocket;
mod uploads;

#[launch]
fn rocket() -> _ {
    rocket::build().mount("/api/v1", routes![uploads::store, uploads::remove])
}
"#;
        let uploads = r#"
use rocket::data::{Data, ToByteUnit};
use rocket::http::Status;
use rocket::serde::json::Json;

#[post("/uploads/<name>", data = "<data>")]
pub async fn store(name: &str, data: Data<'_>) -> Result<Status, std::io::Error> {
    let path = std::path::Path::new("/srv/uploads").join(name);
    data.open(10.mebibytes()).into_file(&path).await?;
    tokio::fs::write(path.with_extension("meta"), name).await.ok(); // expect: BG302
    if let Err(e) = tokio::fs::write(path.with_extension("seen"), b"1").await {
        tracing::warn!(error = %e, "could not mark upload as seen");
    }
    let _ = tokio::fs::rename(&path, path.with_extension("ready")) // expect: BG302
        .await;
    Ok(Status::Created)
}

#[delete("/uploads/<name>")]
pub async fn remove(name: &str) -> Status {
    match tokio::fs::remove_file(format!("/srv/uploads/{name}")).await {
        Ok(()) => Status::NoContent,
        Err(_) => Status::NotFound,
    }
}

#[cfg(test)]
mod tests {
    use rocket::local::blocking::Client;

    #[test]
    fn stores_uploads() {
        let _ = std::fs::remove_file("/srv/uploads/a.txt");
        let client = Client::tracked(super::super::rocket()).unwrap();
        let _ = client.post("/api/v1/uploads/a.txt").body("x").dispatch();
    }
}
"#;
        assert_rule_files(
            &SwallowedError,
            &["rocket", "tokio"],
            &[("src/main.rs", main), ("src/uploads.rs", uploads)],
        );
    }

    #[test]
    fn closures_run_on_a_pooled_connection() {
        let main = r#"
#[macro_use]
extern crate rocket;
use diesel::prelude::*;
use rocket_sync_db_pools::database;

#[database("desk")]
pub struct Db(diesel::PgConnection);

#[post("/api/v1/tickets/<id>/read")]
async fn mark_read(db: Db, id: i64) -> Result<&'static str, diesel::result::Error> {
    let _ = db // expect: BG302
        .run(move |c| diesel::update(tickets::table.find(id)).set(tickets::read.eq(true)).execute(c))
        .await;
    let _ = db.run(move |c| { // expect: BG302
        diesel::delete(drafts::table.filter(drafts::ticket.eq(id))).execute(c)
    })
    .await;
    let _ = db.run(move |c| diesel::delete(views::table.find(id)).execute(c).ok()).await; // expect: BG302
    let _ = db.run(move |c| diesel::delete(stars::table.find(id)).execute(c)).await?;
    if let Err(e) = db.run(move |c| diesel::delete(pins::table.find(id)).execute(c)).await {
        tracing::warn!(error = %e, "could not unpin");
    }
    Ok("ok")
}

#[post("/api/v1/jobs/<id>/retry")]
async fn retry(pool: deadpool_diesel::postgres::Pool, id: i64) -> &'static str {
    let conn = pool.get().await.unwrap();
    let _ = conn // expect: BG302
        .interact(move |c| diesel::update(jobs::table.find(id)).set(jobs::attempts.eq(0)).execute(c))
        .await;
    "queued"
}

#[launch]
fn rocket() -> _ {
    rocket::build().mount("/", routes![mark_read, retry])
}
"#;
        assert_rule_files(
            &SwallowedError,
            &[
                "rocket",
                "diesel",
                "rocket_sync_db_pools",
                "deadpool-diesel",
            ],
            &[("src/main.rs", main)],
        );
    }
}
