//! BG301 panic-in-handler.

use super::{error_response_hint, handler_name};
use crate::facts::EventKind;
use crate::finding::Finding;
use crate::rule::{Category, Level, ModelCx, Preset, Rule, RuleMeta};
use crate::rules::handlers::{handler_finding, handlers};

/// Metadata of BG301.
pub static META: RuleMeta = RuleMeta {
    code: "BG301",
    name: "panic-in-handler",
    category: Category::ErrorHandling,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "`.unwrap()`, `.expect(..)`, `panic!`, `todo!`, `unimplemented!` or `unreachable!` in a \
              request handler's body (closures and async blocks inside it included)",
    why: "A panic in a handler does not produce an error response: axum and hyper drop the \
          connection (the client sees a reset, not a 500), actix-web loses the worker's in-flight \
          requests, and nothing tells the caller what went wrong. Input that makes `.unwrap()` fail \
          (a malformed id, a missing row, a full disk) turns into an outage a client can trigger \
          at will. Return an error instead and let the framework turn it into a response. \
          `unwrap_or*` does not panic and is fine. `Mutex::lock().unwrap()` and \
          `RwLock::read()/write().unwrap()` are not reported: they panic only when another thread \
          already panicked while holding the lock, and propagating that poisoning is the idiomatic \
          choice.",
    bad: "async fn get_user(\n    State(pool): State<PgPool>,\n    Path(id): Path<String>,\n) -> Json<User> {\n    \
          let id = Uuid::parse_str(&id).unwrap();\n    \
          let user = sqlx::query_as::<_, User>(\"SELECT * FROM users WHERE id = $1\")\n        \
          .bind(id)\n        .fetch_one(&pool)\n        .await\n        .expect(\"user exists\");\n    \
          Json(user)\n}",
    good: "async fn get_user(\n    State(pool): State<PgPool>,\n    Path(id): Path<String>,\n) -> Result<Json<User>, AppError> {\n    \
           let id = Uuid::parse_str(&id).map_err(|_| AppError::BadRequest(\"invalid id\"))?;\n    \
           let user = sqlx::query_as::<_, User>(\"SELECT * FROM users WHERE id = $1\")\n        \
           .bind(id)\n        .fetch_optional(&pool)\n        .await?\n        .ok_or(AppError::NotFound)?;\n    \
           Ok(Json(user))\n}",
    in_tests: false,
};

/// BG301 panic-in-handler.
pub struct PanicInHandler;

/// The receivers whose `.unwrap()` only propagates lock poisoning (see `why`).
const POISONING_UNWRAPS: &[&str] = &[
    ".lock().unwrap()",
    ".lock().expect(..)",
    ".read().unwrap()",
    ".read().expect(..)",
    ".write().unwrap()",
    ".write().expect(..)",
];

impl Rule for PanicInHandler {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &ModelCx, out: &mut Vec<Finding>) {
        for h in handlers(cx.model) {
            let framework = h.endpoints.first().map(|e| e.framework);
            for ev in h.facts.events.iter().filter(|e| e.kind == EventKind::Panic) {
                if POISONING_UNWRAPS.contains(&ev.evidence.as_str()) {
                    continue;
                }
                let unfinished = ev.evidence == "todo!" || ev.evidence == "unimplemented!";
                let (message, label, help) = if unfinished {
                    (
                        format!(
                            "`{}` in {}: the endpoint panics whenever this code runs",
                            ev.evidence,
                            handler_name(&h)
                        ),
                        "unfinished code panics here".to_string(),
                        "finish the handler, or return `501 Not Implemented` until it is ready"
                            .to_string(),
                    )
                } else if ev.evidence.ends_with('!') {
                    (
                        format!(
                            "`{}` in {} panics instead of returning an error response",
                            ev.evidence,
                            handler_name(&h)
                        ),
                        "panics here".to_string(),
                        format!(
                            "return an error instead: {}",
                            error_response_hint(framework)
                        ),
                    )
                } else {
                    (
                        format!(
                            "`{}` in {} panics on failure instead of returning an error response",
                            ev.evidence,
                            handler_name(&h)
                        ),
                        "panics if this fails".to_string(),
                        format!(
                            "return an error instead: {}",
                            error_response_hint(framework)
                        ),
                    )
                };
                if let Some(f) = handler_finding(cx, &META, &h, ev.range, message, None) {
                    out.push(f.with_label(label).with_help(help));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule_files, check_files};

    #[test]
    fn attribute_marked_handlers_without_a_found_route() {
        // The router is built where the tool cannot see it (another crate, a macro): the
        // `#[debug_handler]`/`#[handler]` attribute still makes these fns handlers.
        let src = r#"
use axum::{debug_handler, Json};
use poem::handler;
#[debug_handler]
pub async fn create(Json(body): Json<NewUser>) -> Json<User> {
    Json(save(body).unwrap()) // expect: BG301
}
#[handler]
pub fn hello(name: String) -> String {
    name.parse::<u32>().unwrap().to_string() // expect: BG301
}
pub fn helper(x: &str) -> u32 {
    x.parse().unwrap()
}
"#;
        assert_rule_files(&PanicInHandler, &["axum", "poem"], &[("src/lib.rs", src)]);
    }

    const AXUM_MAIN: &str = r#"
mod handlers;
use axum::{routing::{get, post}, Router};
use sqlx::PgPool;

#[tokio::main]
async fn main() {
    let pool = PgPool::connect(&std::env::var("DATABASE_URL").unwrap()).await.unwrap();
    let app = Router::new()
        .route("/health", get(|| async { std::fs::read_to_string("VERSION").unwrap() })) // expect: BG301
        .route("/api/v1/users/:id", get(handlers::users::get_user))
        .route("/api/v1/users", post(handlers::users::create_user).get(handlers::users::list_users))
        .with_state(pool);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
"#;

    #[test]
    fn axum_handlers_that_unwrap() {
        let users = r#"
use axum::{extract::{Path, State}, Json};
use sqlx::PgPool;
use uuid::Uuid;
use crate::models::{CreateUser, User};

pub async fn get_user(State(pool): State<PgPool>, Path(id): Path<String>) -> Json<User> {
    let id = Uuid::parse_str(&id).unwrap(); // expect: BG301
    let user = sqlx::query_as::<_, User>("SELECT id, email FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .expect("user exists"); // expect: BG301
    Json(user)
}

pub async fn create_user(State(pool): State<PgPool>, Json(body): Json<CreateUser>) -> Json<User> {
    let rows = sqlx::query("SELECT email FROM users").fetch_all(&pool).await.unwrap_or_default();
    let emails: Vec<String> = rows.iter().map(|r| r.try_get("email").unwrap()).collect(); // expect: BG301
    let name = body.name.clone().unwrap_or_else(|| "anonymous".into());
    tokio::spawn(async move {
        notify(&name).await.unwrap(); // expect: BG301
    });
    let _ = emails;
    Json(insert(&pool, body).await)
}

pub async fn list_users(State(pool): State<PgPool>) -> Json<Vec<User>> {
    let limit = std::env::var("PAGE_SIZE").ok().and_then(|v| v.parse().ok()).unwrap_or(50);
    Json(fetch_page(&pool, limit).await.unwrap_or_default())
}

// Not a handler: only the handler body is checked.
async fn insert(pool: &PgPool, body: CreateUser) -> User {
    sqlx::query_as("INSERT INTO users (email) VALUES ($1) RETURNING id, email")
        .bind(&body.email)
        .fetch_one(pool)
        .await
        .unwrap()
}
"#;
        assert_rule_files(
            &PanicInHandler,
            &["axum", "sqlx", "tokio", "uuid"],
            &[
                ("src/main.rs", AXUM_MAIN),
                ("src/handlers/mod.rs", "pub mod users;\n"),
                ("src/handlers/users.rs", users),
            ],
        );
    }

    #[test]
    fn actix_unfinished_and_unreachable() {
        let main = r#"
mod orders;
use actix_web::{web, App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new().service(
            web::scope("/api/v1")
                .service(orders::create_order)
                .service(orders::cancel_order)
                .route("/orders/{id}", web::get().to(orders::get_order)),
        )
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}
"#;
        let orders = r#"
use actix_web::{delete, post, web, HttpResponse, Responder};
use std::sync::Mutex;

pub struct AppState {
    pub cache: Mutex<std::collections::HashMap<i64, String>>,
}

#[post("/orders")]
pub async fn create_order(body: web::Json<NewOrder>) -> impl Responder {
    todo!() // expect: BG301
}

#[delete("/orders/{id}")]
pub async fn cancel_order(path: web::Path<i64>, state: web::Data<AppState>) -> HttpResponse {
    let id = path.into_inner();
    // Poisoning only: not reported.
    state.cache.lock().unwrap().remove(&id);
    match id.signum() {
        1 => HttpResponse::NoContent().finish(),
        0 => HttpResponse::BadRequest().body("id must be positive"),
        _ => unreachable!("negative ids are rejected by the router"), // expect: BG301
    }
}

pub async fn get_order(path: web::Path<i64>, state: web::Data<AppState>) -> HttpResponse {
    let cached = state.cache.lock().expect("cache lock").get(&path.into_inner()).cloned();
    let body = web::block(move || render(cached)).await.unwrap(); // expect: BG301
    HttpResponse::Ok().body(body)
}

fn render(order: Option<String>) -> String {
    order.expect("rendered only when cached")
}
"#;
        assert_rule_files(
            &PanicInHandler,
            &["actix-web", "serde"],
            &[("src/main.rs", main), ("src/orders.rs", orders)],
        );
    }

    #[test]
    fn rocket_handlers_and_tests_are_skipped() {
        let main = r#"
#[macro_use]
extern crate rocket;
mod books;

#[launch]
fn rocket() -> _ {
    rocket::build().mount("/api/v1/books", routes![books::show, books::update, books::search])
}
"#;
        let books = r#"
use rocket::serde::json::Json;
use rocket::http::Status;
use rocket::State;

#[get("/<id>")]
pub async fn show(id: i64, db: &State<Db>) -> Result<Json<Book>, Status> {
    let book = db.find(id).await.map_err(|_| Status::InternalServerError)?;
    book.map(Json).ok_or(Status::NotFound)
}

#[put("/<id>", data = "<book>")]
pub async fn update(id: i64, book: Json<Book>, db: &State<Db>) -> Status {
    if id <= 0 {
        panic!("invalid id {id}"); // expect: BG301
    }
    db.save(id, book.into_inner()).await.map(|_| Status::NoContent).unwrap_or(Status::InternalServerError)
}

#[get("/search?<q>")]
pub async fn search(q: Option<&str>) -> String {
    q.map(str::to_owned).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use rocket::local::asynchronous::Client;

    #[rocket::async_test]
    async fn finds_books() {
        let client = Client::tracked(super::super::rocket()).await.unwrap();
        let res = client.get("/api/v1/books/search?q=rust").dispatch().await;
        assert_eq!(res.into_string().await.unwrap(), "rust");
    }

    #[get("/test-only")]
    fn test_only() -> String {
        std::env::var("X").unwrap()
    }
}
"#;
        assert_rule_files(
            &PanicInHandler,
            &["rocket"],
            &[("src/main.rs", main), ("src/books.rs", books)],
        );
    }

    #[test]
    fn findings_name_the_registration_and_the_fix() {
        let main = r#"
use axum::{routing::post, Router, Json};
fn app() -> Router {
    Router::new().route("/api/v1/users", post(create_user))
}
async fn create_user(Json(body): Json<serde_json::Value>) -> String {
    body["email"].as_str().unwrap().to_string()
}
"#;
        let (findings, _) = check_files(&[("src/main.rs", main)], &["axum"], &[&PanicInHandler]);
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(
            f.message,
            "`.as_str().unwrap()` in handler `create_user` panics on failure instead of returning an error response"
        );
        assert_eq!(
            f.secondary[0].message,
            "registered as POST /api/v1/users here"
        );
        assert!(f.help.contains("IntoResponse"), "{}", f.help);
    }
}
