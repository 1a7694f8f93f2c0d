//! BG606 missing-audit-log.

use crate::endpoints::Model;
use crate::facts::{EventKind, FnFacts};
use crate::finding::Finding;
use crate::rule::{Category, Confidence, Level, ModelCx, Preset, Rule, RuleMeta};
use crate::rules::error_handling::handler_name;
use crate::rules::handlers::{describe_endpoints, handler_finding, handlers, reachable, CallScope};
use std::collections::HashSet;

/// Metadata of BG606.
pub static META: RuleMeta = RuleMeta {
    code: "BG606",
    name: "missing-audit-log",
    category: Category::Security,
    level: Level::Allow,
    preset: Preset::Strict,
    summary: "a mutating handler (POST/PUT/PATCH/DELETE) with no `#[instrument]`, no `tracing`/`log` \
              event and no audit call in its body or in the functions of its crate it calls",
    why: "When data changes, someone will ask who changed it and when: a customer disputing an \
          order, an incident review, a compliance audit. A request log (`TraceLayer`, actix \
          `Logger`) records that a request came in, not who did what to which record. Without an \
          event in the handler the change leaves no trace. The rule looks for `#[instrument]`, a \
          `tracing`/`log` event macro or a call whose name says `audit` (`audit::record(..)`, \
          `state.audit_log.append(..)`) in the handler and in the same-crate functions it calls \
          (three calls deep; `self.service.method(..)` counts when a method of that name in the \
          crate logs).",
    bad: "async fn delete_user(\n    State(pool): State<PgPool>,\n    claims: Claims,\n    Path(id): Path<Uuid>,\n) -> Result<StatusCode, AppError> {\n    \
          users::delete(&pool, id).await?;\n    Ok(StatusCode::NO_CONTENT)\n}",
    good: "#[tracing::instrument(skip(pool), fields(actor = %claims.sub))]\n\
           async fn delete_user(\n    State(pool): State<PgPool>,\n    claims: Claims,\n    Path(id): Path<Uuid>,\n) -> Result<StatusCode, AppError> {\n    \
           users::delete(&pool, id).await?;\n    \
           tracing::info!(actor = %claims.sub, user = %id, \"user deleted\");\n    \
           Ok(StatusCode::NO_CONTENT)\n}",
    in_tests: false,
};

/// BG606 missing-audit-log.
pub struct MissingAuditLog;

/// How many calls away from a handler a log event still counts.
const MAX_CALL_DEPTH: usize = 3;

const HELP: &str = "record the change: add `#[tracing::instrument(skip_all, fields(actor = %claims.sub))]` \
                    to the handler, log it (`tracing::info!(actor = %claims.sub, id = %id, \"order cancelled\")`), \
                    or call your audit log (`audit::record(..)`)";

impl Rule for MissingAuditLog {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &ModelCx, out: &mut Vec<Finding>) {
        let index = cx.model.index();
        let logging_methods = logging_methods(cx.model);
        for h in handlers(cx.model).iter().filter(|h| h.is_mutating()) {
            let package = cx.model.files[h.file()].package.name.as_str();
            let traced = reachable(cx.model, &index, h.id, MAX_CALL_DEPTH, CallScope::Crate)
                .iter()
                .any(|r| {
                    let f = cx.model.fn_facts(r.id);
                    leaves_trace(f)
                        || f.events.iter().any(|e| match &e.kind {
                            EventKind::MethodOn { method, .. } => {
                                logging_methods.contains(&(package, method.as_str()))
                            }
                            _ => false,
                        })
                });
            if traced {
                continue;
            }
            let message = format!(
                "mutating {} ({}) leaves no audit trail: no `#[instrument]`, no log event, no audit call",
                handler_name(h),
                describe_endpoints(h)
            );
            if let Some(f) = handler_finding(cx, &META, h, h.facts.name_range, message, None) {
                out.push(
                    f.with_label("changes state without recording who did it")
                        .with_help(HELP)
                        .with_confidence(Confidence::Medium),
                );
            }
        }
    }
}

/// `#[instrument]`, a log event or an audit call in the function's own body.
fn leaves_trace(f: &FnFacts) -> bool {
    f.attr("instrument").is_some() || f.events.iter().any(|e| e.kind == EventKind::Log)
}

/// Methods (package, name) of which some definition in the package leaves a trace: calls on
/// services (`state.orders.cancel(id)`) name no type, so a method of that name that logs counts.
fn logging_methods(model: &Model) -> HashSet<(&str, &str)> {
    model
        .files
        .iter()
        .filter(|file| !file.is_test)
        .flat_map(|file| {
            file.fns
                .iter()
                .filter(|f| f.self_ty.is_some() && !f.is_test && leaves_trace(f))
                .map(|f| (file.package.name.as_str(), f.name.as_str()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule_files, check_files};

    #[test]
    fn axum_handlers_with_and_without_a_trail() {
        let main = r#"
mod routes;
mod services;
mod audit;
use axum::{routing::{get, post, put}, Router};
use std::sync::Arc;

#[tokio::main]
async fn main() {
    let state = Arc::new(services::AppState::connect().await);
    let app = Router::new()
        .route("/api/v1/orders", post(routes::create_order).get(routes::list_orders))
        .route("/api/v1/orders/:id", put(routes::update_order).delete(routes::delete_order).patch(routes::patch_order))
        .route("/api/v1/orders/:id/cancel", post(routes::cancel_order))
        .route("/api/v1/orders/:id/refund", post(routes::refund_order))
        .route("/api/v1/ping", post(|| async { axum::http::StatusCode::NO_CONTENT })) // expect: BG606
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
"#;
        let routes = r#"
use axum::{extract::{Path, State}, http::StatusCode, Json};
use std::sync::Arc;
use tracing::{info, instrument};
use crate::services::{self, AppState};
use crate::audit;

pub async fn create_order(State(state): State<Arc<AppState>>, Json(body): Json<NewOrder>) -> Result<StatusCode, AppError> { // expect: BG606
    sqlx::query("INSERT INTO orders (sku) VALUES ($1)").bind(&body.sku).execute(&state.pool).await?;
    Ok(StatusCode::CREATED)
}

pub async fn list_orders(State(state): State<Arc<AppState>>) -> Json<Vec<Order>> {
    Json(services::all_orders(&state.pool).await)
}

#[instrument(skip(state))]
pub async fn update_order(State(state): State<Arc<AppState>>, Path(id): Path<i64>, Json(body): Json<NewOrder>) -> StatusCode {
    services::save(&state.pool, id, &body).await;
    StatusCode::NO_CONTENT
}

pub async fn delete_order(State(state): State<Arc<AppState>>, Path(id): Path<i64>) -> StatusCode {
    services::remove(&state.pool, id).await;
    info!(order = id, "order deleted");
    StatusCode::NO_CONTENT
}

pub async fn patch_order(State(state): State<Arc<AppState>>, Path(id): Path<i64>) -> StatusCode {
    audit::record(&state.pool, "order.patched", id).await;
    StatusCode::NO_CONTENT
}

pub async fn cancel_order(State(state): State<Arc<AppState>>, Path(id): Path<i64>) -> StatusCode {
    // The service logs.
    state.orders.cancel(id).await;
    StatusCode::NO_CONTENT
}

pub async fn refund_order(State(state): State<Arc<AppState>>, Path(id): Path<i64>) -> StatusCode {
    services::refund(&state.pool, id).await;
    StatusCode::ACCEPTED
}
"#;
        let services = r#"
pub struct AppState { pub pool: sqlx::PgPool, pub orders: OrderService }
pub struct OrderService { pool: sqlx::PgPool }

impl OrderService {
    pub async fn cancel(&self, id: i64) {
        sqlx::query("UPDATE orders SET cancelled = true WHERE id = $1").bind(id).execute(&self.pool).await.ok();
        tracing::info!(order = id, "order cancelled");
    }
}

pub async fn all_orders(pool: &sqlx::PgPool) -> Vec<Order> { Vec::new() }
pub async fn save(pool: &sqlx::PgPool, id: i64, body: &NewOrder) {}
pub async fn remove(pool: &sqlx::PgPool, id: i64) {}

pub async fn refund(pool: &sqlx::PgPool, id: i64) {
    payments::reverse(pool, id).await;
}

mod payments {
    pub async fn reverse(pool: &sqlx::PgPool, id: i64) {
        tracing::warn!(order = id, "payment reversed");
    }
}
"#;
        let audit = r#"
pub async fn record(pool: &sqlx::PgPool, action: &str, id: i64) {
    let _ = (pool, action, id);
}
"#;
        assert_rule_files(
            &MissingAuditLog,
            &["axum", "sqlx", "tokio", "tracing"],
            &[
                ("src/main.rs", main),
                ("src/routes.rs", routes),
                ("src/services.rs", services),
                ("src/audit.rs", audit),
            ],
        );
    }

    #[test]
    fn actix_attributes_and_resources() {
        let main = r#"
mod users;
use actix_web::{middleware::Logger, web, App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new()
            .wrap(Logger::default())
            .service(
                web::scope("/api/v1")
                    .service(users::create_user)
                    .service(users::delete_user)
                    .service(users::get_user)
                    .service(
                        web::resource("/users/{id}/password")
                            .route(web::put().to(users::change_password)),
                    ),
            )
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}
"#;
        let users = r#"
use actix_web::{delete, get, post, web, HttpResponse};
use log::warn;

#[post("/users")]
async fn create_user(pool: web::Data<PgPool>, body: web::Json<NewUser>) -> HttpResponse { // expect: BG606
    match crate::db::insert_user(&pool, &body).await {
        Ok(user) => HttpResponse::Created().json(user),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

#[delete("/users/{id}")]
async fn delete_user(pool: web::Data<PgPool>, id: web::Path<i64>, admin: AdminUser) -> HttpResponse {
    warn!("user {} deleted by {}", id, admin.name);
    HttpResponse::NoContent().finish()
}

#[get("/users/{id}")]
async fn get_user(pool: web::Data<PgPool>, id: web::Path<i64>) -> HttpResponse {
    HttpResponse::Ok().finish()
}

pub async fn change_password(id: web::Path<i64>, body: web::Json<NewPassword>) -> HttpResponse { // expect: BG606
    HttpResponse::NoContent().finish()
}
"#;
        assert_rule_files(
            &MissingAuditLog,
            &["actix-web", "log"],
            &[("src/main.rs", main), ("src/users.rs", users)],
        );
    }

    #[test]
    fn rocket_handlers_audit_calls_and_tests() {
        let main = r#"
#[macro_use]
extern crate rocket;
mod accounts;

#[launch]
fn rocket() -> _ {
    rocket::build().mount(
        "/api/v1/accounts",
        routes![accounts::open, accounts::close, accounts::show, accounts::rename],
    )
}
"#;
        let accounts = r#"
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::State;

#[post("/", data = "<account>")]
pub async fn open(account: Json<NewAccount>, db: &State<Db>) -> Status { // expect: BG606
    db.insert(account.into_inner()).await;
    Status::Created
}

#[delete("/<id>")]
pub async fn close(id: i64, db: &State<Db>, audit_log: &State<AuditLog>) -> Status {
    db.close(id).await;
    audit_log.append("account.closed", id).await;
    Status::NoContent
}

#[get("/<id>")]
pub async fn show(id: i64) -> Option<Json<Account>> {
    None
}

#[patch("/<id>", data = "<name>")]
pub async fn rename(id: i64, name: &str, db: &State<Db>) -> Status {
    db.rename(id, name).await;
    crate::audit::AuditLog::record_change("account.renamed", id);
    Status::NoContent
}

#[cfg(test)]
mod tests {
    #[post("/test-only")]
    fn test_only() -> &'static str {
        "ok"
    }
}
"#;
        assert_rule_files(
            &MissingAuditLog,
            &["rocket"],
            &[("src/main.rs", main), ("src/accounts.rs", accounts)],
        );
    }

    #[test]
    fn finding_names_the_endpoints_and_is_medium_confidence() {
        let main = r#"
use axum::{routing::post, Router, http::StatusCode};
fn app() -> Router {
    Router::new().route("/api/v1/invites", post(invite))
}
async fn invite() -> StatusCode {
    StatusCode::ACCEPTED
}
"#;
        let (findings, _) = check_files(&[("src/main.rs", main)], &["axum"], &[&MissingAuditLog]);
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(
            f.message,
            "mutating handler `invite` (POST /api/v1/invites) leaves no audit trail: no `#[instrument]`, no log event, no audit call"
        );
        assert_eq!(f.range.start.line, 6);
        assert_eq!(f.confidence, Confidence::Medium);
        assert_eq!(
            f.secondary[0].message,
            "registered as POST /api/v1/invites here"
        );
    }
}
