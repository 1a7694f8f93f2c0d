//! BG101 db-in-handler.

use super::db_events;
use crate::facts::db::{event_confidence, starts_transaction};
use crate::finding::Finding;
use crate::rule::{Category, Level, ModelCx, Preset, Rule, RuleMeta};
use crate::rules::handlers::{handler_finding, handlers};

/// Metadata of BG101.
pub static META: RuleMeta = RuleMeta {
    code: "BG101",
    name: "db-in-handler",
    category: Category::Layering,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "a route handler calls a database library itself (sqlx, diesel, sea-orm, tokio-postgres, \
              rusqlite, mongodb) instead of the project's own repository or service functions",
    why: "A handler's job is HTTP: extract the input, call the application, map the result to a \
          response. SQL inside it ties the route to the schema, cannot be reused by the next \
          endpoint, job or CLI that needs the same data, and can only be tested through HTTP with a \
          database behind it. A repository function (`users::find_by_id(&pool, id)`) gives the query \
          a name, one place to change, and a seam to test or mock. Calling the project's own \
          `User::find(&pool, id)` from the handler is the fix, not a finding; starting a \
          transaction that is handed to repository functions is fine too.",
    bad: "async fn get_user(State(pool): State<PgPool>, Path(id): Path<i64>) -> Result<Json<User>, ApiError> {\n    \
          let user = sqlx::query_as::<_, User>(\"SELECT id, email, name FROM users WHERE id = $1\")\n        \
          .bind(id)\n        .fetch_optional(&pool)\n        .await?\n        .ok_or(ApiError::NotFound)?;\n    \
          Ok(Json(user))\n}",
    good: "// src/repo/users.rs\npub async fn find_by_id(pool: &PgPool, id: i64) -> sqlx::Result<Option<User>> {\n    \
           sqlx::query_as::<_, User>(\"SELECT id, email, name FROM users WHERE id = $1\")\n        \
           .bind(id)\n        .fetch_optional(pool)\n        .await\n}\n\n\
           // src/routes/users.rs\nasync fn get_user(State(pool): State<PgPool>, Path(id): Path<i64>) -> Result<Json<User>, ApiError> {\n    \
           let user = repo::users::find_by_id(&pool, id).await?.ok_or(ApiError::NotFound)?;\n    \
           Ok(Json(user))\n}",
    in_tests: false,
};

/// BG101 db-in-handler.
pub struct DbInHandler;

impl Rule for DbInHandler {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &ModelCx, out: &mut Vec<Finding>) {
        for h in handlers(cx.model) {
            // A readiness probe pings the database on purpose (`SELECT 1`).
            if h.endpoints.iter().all(|e| is_health_check(&e.path)) {
                continue;
            }
            let name = &h.facts.name;
            let who = if name == "{closure}" {
                "handler closure".to_string()
            } else {
                format!("handler `{name}`")
            };
            for (event, _, _) in db_events(h.facts) {
                // A transaction begun here and handed to repository calls is orchestration.
                if starts_transaction(&event.evidence) {
                    continue;
                }
                let message = format!("{who} calls the database directly: `{}`", event.evidence);
                let Some(finding) = handler_finding(cx, &META, &h, event.range, message, None)
                else {
                    continue;
                };
                out.push(
                    finding
                        .with_label("database call in the handler")
                        .with_help(
                            "move the query into a repository or service function \
                             (e.g. `repo::users::find_by_id(&pool, id)`) and call that from the handler",
                        )
                        .with_confidence(event_confidence(&event.evidence)),
                );
            }
        }
    }
}

/// `/health`, `/api/healthz`, `/ready`, `/livez`, `/ping`, `/status/db`.
fn is_health_check(path: &str) -> bool {
    path.split('/').any(|segment| {
        matches!(
            segment,
            "health"
                | "healthz"
                | "healthcheck"
                | "health-check"
                | "ready"
                | "readyz"
                | "readiness"
                | "live"
                | "livez"
                | "liveness"
                | "ping"
                | "status"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule_files, check_files};

    const AXUM_MAIN: &str = r#"
mod routes;
mod repo;
use axum::{routing::get, Router};
use sqlx::PgPool;

#[tokio::main]
async fn main() {
    let pool = PgPool::connect(&std::env::var("DATABASE_URL").unwrap()).await.unwrap();
    let app = Router::new()
        .route("/api/v1/users", get(routes::users::list).post(routes::users::create))
        .route("/api/v1/users/{id}", get(routes::users::show))
        .route("/api/v1/orgs/{id}", get(routes::users::org))
        .route("/api/v1/stats", get(|State(pool): State<PgPool>| async move {
            let n: i64 = sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(&pool).await.unwrap_or(0); // expect: BG101
            n.to_string()
        }))
        .route("/health/db", get(|State(pool): State<PgPool>| async move {
            sqlx::query("SELECT 1").execute(&pool).await.map(|_| "ok").map_err(|_| StatusCode::SERVICE_UNAVAILABLE)
        }))
        .with_state(pool);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
"#;

    #[test]
    fn axum_sqlx_handlers_with_queries_fire_once_per_call() {
        let users = r#"
use axum::{extract::{Path, State}, http::StatusCode, Json};
use sqlx::PgPool;
use crate::repo;

pub async fn list(State(pool): State<PgPool>) -> Result<Json<Vec<User>>, ApiError> {
    let users = sqlx::query_as::<_, User>("SELECT id, email FROM users ORDER BY id") // expect: BG101
        .fetch_all(&pool)
        .await?;
    Ok(Json(users))
}

pub async fn create(State(pool): State<PgPool>, Json(body): Json<NewUser>) -> Result<(StatusCode, Json<User>), ApiError> {
    let mut tx = pool.begin().await?;
    let user = sqlx::query_as!(User, "INSERT INTO users (email) VALUES ($1) RETURNING id, email", body.email) // expect: BG101
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO audit (user_id, action) VALUES ($1, 'signup')") // expect: BG101
        .bind(user.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(user)))
}

pub async fn show(State(pool): State<PgPool>, Path(id): Path<i64>) -> Result<Json<User>, ApiError> {
    let user = repo::users::by_id(&pool, id).await?.ok_or(ApiError::NotFound)?;
    Ok(Json(user))
}

pub async fn org(State(pool): State<PgPool>, Path(id): Path<i64>) -> Result<Json<Org>, ApiError> {
    let org = Org::find(&pool, id).await?;
    let members = tokio::spawn(async move {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM members WHERE org_id = $1") // expect: BG101
            .bind(id)
            .fetch_one(&pool)
            .await
    });
    Ok(Json(org))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{routing::post, Router};
    fn test_app(pool: PgPool) -> Router {
        Router::new().route("/seed", post(|State(pool): State<PgPool>| async move {
            sqlx::query("INSERT INTO users (email) VALUES ('a@b.c')").execute(&pool).await.unwrap();
        }))
    }
}
"#;
        let repo = r#"
pub mod users {
    use sqlx::PgPool;
    pub async fn by_id(pool: &PgPool, id: i64) -> sqlx::Result<Option<User>> {
        sqlx::query_as::<_, User>("SELECT id, email FROM users WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await
    }
}
impl Org {
    pub async fn find(pool: &sqlx::PgPool, id: i64) -> sqlx::Result<Org> {
        sqlx::query_as("SELECT id, name FROM orgs WHERE id = $1").bind(id).fetch_one(pool).await
    }
}
"#;
        let files = [
            ("src/main.rs", AXUM_MAIN),
            ("src/routes/mod.rs", "pub mod users;\n"),
            ("src/routes/users.rs", users),
            ("src/repo.rs", repo),
        ];
        assert_rule_files(&DbInHandler, &["axum", "sqlx", "tokio"], &files);
        let (findings, _) = check_files(&files, &["axum", "sqlx", "tokio"], &[&DbInHandler]);
        let first = findings
            .iter()
            .find(|f| f.file == "src/routes/users.rs")
            .expect("a finding in the handlers' file");
        assert_eq!(
            first.message,
            "handler `list` calls the database directly: `sqlx::query_as`"
        );
        assert_eq!(first.confidence, crate::rule::Confidence::High);
        assert_eq!(
            first.secondary[0].message,
            "registered as GET /api/v1/users here"
        );
        assert_eq!(first.secondary[0].file, "src/main.rs");
    }

    #[test]
    fn actix_diesel_handler_and_a_service_layer() {
        let main = r#"
mod handlers;
mod services;
use actix_web::{web, App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(pool.clone()))
            .service(
                web::scope("/api/v1")
                    .service(handlers::list_posts)
                    .service(handlers::publish_post)
                    .route("/posts/{id}", web::delete().to(handlers::delete_post)),
            )
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}
"#;
        let handlers = r#"
use actix_web::{get, post, web, HttpResponse};
use diesel::prelude::*;
use crate::schema::posts;
use crate::services::posts as post_service;

#[get("/posts")]
pub async fn list_posts(pool: web::Data<DbPool>) -> actix_web::Result<HttpResponse> {
    let rows = web::block(move || {
        let mut conn = pool.get()?;
        posts::table
            .filter(posts::published.eq(true))
            .load::<Post>(&mut conn) // expect: BG101
    })
    .await??;
    Ok(HttpResponse::Ok().json(rows))
}

#[post("/posts/{id}/publish")]
pub async fn publish_post(pool: web::Data<DbPool>, id: web::Path<i32>) -> actix_web::Result<HttpResponse> {
    let post = web::block(move || post_service::publish(&pool, id.into_inner())).await??;
    Ok(HttpResponse::Ok().json(post))
}

pub async fn delete_post(pool: web::Data<DbPool>, id: web::Path<i32>) -> actix_web::Result<HttpResponse> {
    let mut conn = pool.get().map_err(actix_web::error::ErrorInternalServerError)?;
    diesel::delete(posts::table.find(id.into_inner())).execute(&mut conn); // expect: BG101
    Ok(HttpResponse::NoContent().finish())
}
"#;
        let services = r#"
pub mod posts {
    use diesel::prelude::*;
    use crate::schema::posts;
    pub fn publish(pool: &DbPool, id: i32) -> Result<Post, ServiceError> {
        let mut conn = pool.get()?;
        let post = diesel::update(posts::table.find(id))
            .set(posts::published.eq(true))
            .get_result(&mut conn)?;
        Ok(post)
    }
}
"#;
        assert_rule_files(
            &DbInHandler,
            &["actix_web", "diesel"],
            &[
                ("src/main.rs", main),
                ("src/handlers.rs", handlers),
                ("src/services.rs", services),
            ],
        );
    }

    #[test]
    fn sea_orm_handlers_and_rocket_with_a_repository() {
        let main = r#"
mod api;
use axum::{routing::{get, post}, Router};
use sea_orm::DatabaseConnection;
pub fn app(db: DatabaseConnection) -> Router {
    Router::new()
        .route("/api/v1/todos", get(api::list_todos).post(api::create_todo))
        .route("/api/v1/todos/{id}", get(api::get_todo))
        .with_state(db)
}
"#;
        let api = r#"
use axum::{extract::{Path, State}, Json};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use crate::entities::{todo, prelude::Todo};
use crate::store;

pub async fn list_todos(State(db): State<DatabaseConnection>) -> Result<Json<Vec<todo::Model>>, ApiError> {
    Ok(Json(Todo::find().all(&db).await?)) // expect: BG101
}

pub async fn create_todo(State(db): State<DatabaseConnection>, Json(body): Json<NewTodo>) -> Result<Json<todo::Model>, ApiError> {
    let model = todo::ActiveModel { title: Set(body.title), ..Default::default() };
    Ok(Json(model.insert(&db).await?)) // expect: BG101
}

pub async fn get_todo(State(db): State<DatabaseConnection>, Path(id): Path<i32>) -> Result<Json<todo::Model>, ApiError> {
    let todo = store::todos::get(&db, id).await?.ok_or(ApiError::NotFound)?;
    let mut seen = std::collections::HashSet::new();
    seen.insert(todo.id);
    Ok(Json(todo))
}
"#;
        assert_rule_files(
            &DbInHandler,
            &["axum", "sea_orm"],
            &[("src/main.rs", main), ("src/api.rs", api)],
        );

        let rocket = r#"
#[macro_use] extern crate rocket;
use rocket::serde::json::Json;
use rocket_db_pools::{Connection, Database, sqlx};
use crate::repo::books;

#[derive(Database)]
#[database("library")]
struct Library(sqlx::PgPool);

#[get("/books/<id>")]
async fn book(mut db: Connection<Library>, id: i64) -> Option<Json<Book>> {
    books::find(&mut db, id).await.ok().map(Json)
}

#[delete("/books/<id>")]
async fn remove(mut db: Connection<Library>, id: i64) -> Option<()> {
    sqlx::query("DELETE FROM books WHERE id = $1").bind(id).execute(&mut **db).await.ok()?; // expect: BG101
    Some(())
}

#[launch]
fn rocket() -> _ {
    rocket::build().attach(Library::init()).mount("/api/v1", routes![book, remove])
}

#[cfg(test)]
mod tests {
    #[get("/seed")]
    async fn seed(mut db: Connection<Library>) {
        sqlx::query("INSERT INTO books (title) VALUES ('x')").execute(&mut **db).await.unwrap();
    }
}
"#;
        assert_rule_files(
            &DbInHandler,
            &["rocket", "rocket_db_pools"],
            &[("src/main.rs", rocket)],
        );
    }
}
