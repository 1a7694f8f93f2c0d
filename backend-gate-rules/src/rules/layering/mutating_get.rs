//! BG104 mutating-get.

use super::{db_events, is_link_entry_point, last_segment};
use crate::endpoints::qualified_name;
use crate::endpoints::router::Method;
use crate::facts::db::event_confidence;
use crate::finding::Finding;
use crate::rule::{Category, Level, ModelCx, Preset, Rule, RuleMeta};
use crate::rules::handlers::{handlers, registration_label};

/// Metadata of BG104.
pub static META: RuleMeta = RuleMeta {
    code: "BG104",
    name: "mutating-get",
    category: Category::Layering,
    level: Level::Deny,
    preset: Preset::Recommended,
    summary: "a GET or HEAD handler writes to the database (INSERT/UPDATE/DELETE SQL, diesel \
              `insert_into`/`update`/`delete`, sea-orm `insert`/`update`/`delete`, mongodb writes)",
    why: "GET and HEAD are safe methods: crawlers, link previews, browser prefetching, caches and \
          retrying proxies send them freely, and CSRF defences usually exempt them. A GET that \
          deletes or updates rows gets triggered by any of these. Use POST/PUT/PATCH/DELETE for \
          writes. Links that must be GETs by nature — OAuth callbacks, e-mail verification and \
          unsubscribe links — are not reported.",
    bad: "// .route(\"/api/v1/posts/{id}/archive\", get(archive_post))\n\
          async fn archive_post(State(pool): State<PgPool>, Path(id): Path<i64>) -> Result<StatusCode, ApiError> {\n    \
          sqlx::query(\"UPDATE posts SET archived = true WHERE id = $1\")\n        .bind(id)\n        .execute(&pool)\n        .await?;\n    \
          Ok(StatusCode::NO_CONTENT)\n}",
    good: "// .route(\"/api/v1/posts/{id}/archive\", post(archive_post))\n\
           async fn archive_post(State(pool): State<PgPool>, Path(id): Path<i64>) -> Result<StatusCode, ApiError> {\n    \
           repo::posts::archive(&pool, id).await?;\n    Ok(StatusCode::NO_CONTENT)\n}",
    in_tests: false,
};

/// BG104 mutating-get.
pub struct MutatingGet;

impl Rule for MutatingGet {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &ModelCx, out: &mut Vec<Finding>) {
        for h in handlers(cx.model) {
            let Some(get) = h.endpoints.iter().find(|e| {
                matches!(e.method, Method::Get | Method::Head)
                    && !last_segment(&e.path).0.is_some_and(is_link_entry_point)
            }) else {
                continue;
            };
            let who = if h.facts.name == "{closure}" {
                format!("{} handler closure", get.method.as_str())
            } else {
                format!("{} handler `{}`", get.method.as_str(), h.facts.name)
            };
            for (event, write, _) in db_events(h.facts) {
                if !write {
                    continue;
                }
                let message = format!("{who} writes to the database: `{}`", event.evidence);
                let Some(finding) = cx.finding(&META, h.file(), event.range, message, None) else {
                    continue;
                };
                out.push(
                    finding
                        .with_label("database write in a GET handler")
                        .with_secondary(registration_label(cx, get))
                        .with_context(qualified_name(h.facts))
                        .with_confidence(event_confidence(&event.evidence))
                        .with_help(format!(
                            "register the write under POST, PUT, PATCH or DELETE instead of {} \
                             (e.g. `.route(\"{}\", post(..))`, `#[post(\"..\")]`) and keep GET free \
                             of side effects: crawlers, prefetchers and retries repeat it",
                            get.method.as_str(),
                            get.path
                        )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule_files, check_files};

    #[test]
    fn axum_sqlx_get_handlers_that_write() {
        let main = r#"
mod posts;
mod auth;
use axum::{routing::{any, get, post}, Router};
pub fn app(pool: sqlx::PgPool) -> Router {
    Router::new()
        .route("/api/v1/posts/{id}", get(posts::show))
        .route("/api/v1/posts/{id}/archive", get(posts::archive).post(posts::archive))
        .route("/api/v1/posts", post(posts::create))
        .route("/api/v1/posts/{id}/stats", get(posts::stats))
        .route("/api/v1/auth/verify/{token}", get(auth::verify_email))
        .route("/api/v1/auth/google_callback", get(auth::google_callback))
        .route("/api/v1/echo", any(posts::echo))
        .with_state(pool)
}
"#;
        let posts = r#"
use axum::{extract::{Path, State}, http::StatusCode, Json};
use sqlx::PgPool;
use crate::repo;

pub async fn show(State(pool): State<PgPool>, Path(id): Path<i64>) -> Result<Json<Post>, ApiError> {
    let post = sqlx::query_as::<_, Post>("SELECT id, title, body FROM posts WHERE id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await?;
    sqlx::query("UPDATE posts SET views = views + 1 WHERE id = $1") // expect: BG104
        .bind(id)
        .execute(&pool)
        .await?;
    Ok(Json(post))
}

pub async fn archive(State(pool): State<PgPool>, Path(id): Path<i64>) -> Result<StatusCode, ApiError> {
    sqlx::query!("UPDATE posts SET archived = true WHERE id = $1", id) // expect: BG104
        .execute(&pool)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn create(State(pool): State<PgPool>, Json(body): Json<NewPost>) -> Result<(StatusCode, Json<Post>), ApiError> {
    let post = sqlx::query_as::<_, Post>("INSERT INTO posts (title, body) VALUES ($1, $2) RETURNING *")
        .bind(&body.title)
        .bind(&body.body)
        .fetch_one(&pool)
        .await?;
    Ok((StatusCode::CREATED, Json(post)))
}

pub async fn stats(State(pool): State<PgPool>, Path(id): Path<i64>) -> Result<Json<Stats>, ApiError> {
    repo::posts::touch_last_read(&pool, id).await?;
    let stats = repo::posts::stats(&pool, id).await?;
    Ok(Json(stats))
}

pub async fn echo(State(pool): State<PgPool>, body: String) -> String {
    let _ = sqlx::query("INSERT INTO echoes (body) VALUES ($1)").bind(&body).execute(&pool).await;
    body
}
"#;
        let auth = r#"
use axum::{extract::{Path, State}, response::Redirect};
use sqlx::PgPool;
pub async fn verify_email(State(pool): State<PgPool>, Path(token): Path<String>) -> Result<Redirect, ApiError> {
    sqlx::query("UPDATE users SET verified_at = now() WHERE verify_token = $1")
        .bind(&token)
        .execute(&pool)
        .await?;
    Ok(Redirect::to("/welcome"))
}
pub async fn google_callback(State(pool): State<PgPool>, Query(q): Query<AuthRequest>) -> Result<Redirect, ApiError> {
    sqlx::query("INSERT INTO sessions (user_id, token) VALUES ($1, $2)")
        .bind(1)
        .bind(&q.code)
        .execute(&pool)
        .await?;
    Ok(Redirect::to("/"))
}
"#;
        let files = [
            ("src/main.rs", main),
            ("src/posts.rs", posts),
            ("src/auth.rs", auth),
        ];
        assert_rule_files(&MutatingGet, &["axum", "sqlx"], &files);
        let (findings, _) = check_files(&files, &["axum", "sqlx"], &[&MutatingGet]);
        let archive = findings
            .iter()
            .find(|f| f.message.contains("archive"))
            .expect("archive fires");
        assert_eq!(
            archive.message,
            "GET handler `archive` writes to the database: `sqlx::query!`"
        );
        assert_eq!(
            archive.secondary[0].message,
            "registered as GET /api/v1/posts/{id}/archive here"
        );
        assert_eq!(archive.level, Level::Deny);
    }

    #[test]
    fn actix_diesel_and_sea_orm_writes() {
        let main = r#"
mod handlers;
use actix_web::{web, App, HttpServer};
#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new().service(
            web::scope("/api/v1")
                .service(handlers::remove_user)
                .service(handlers::list_users)
                .route("/users/{id}/ban", web::get().to(handlers::ban_user)),
        )
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}
"#;
        let handlers = r#"
use actix_web::{get, web, HttpResponse};
use diesel::prelude::*;
use crate::schema::users;

#[get("/users/{id}/delete")]
pub async fn remove_user(pool: web::Data<DbPool>, id: web::Path<i32>) -> actix_web::Result<HttpResponse> {
    let mut conn = pool.get().map_err(actix_web::error::ErrorInternalServerError)?;
    web::block(move || diesel::delete(users::table.find(id.into_inner())).execute(&mut conn)) // expect: BG104
        .await??;
    Ok(HttpResponse::NoContent().finish())
}

#[get("/users")]
pub async fn list_users(pool: web::Data<DbPool>) -> actix_web::Result<HttpResponse> {
    let mut conn = pool.get().map_err(actix_web::error::ErrorInternalServerError)?;
    let rows = web::block(move || users::table.limit(100).load::<User>(&mut conn)).await??;
    Ok(HttpResponse::Ok().json(rows))
}

pub async fn ban_user(pool: web::Data<DbPool>, id: web::Path<i32>) -> actix_web::Result<HttpResponse> {
    let mut conn = pool.get().map_err(actix_web::error::ErrorInternalServerError)?;
    diesel::update(users::table.find(id.into_inner()))
        .set(users::banned.eq(true))
        .execute(&mut conn) // expect: BG104
        .map_err(actix_web::error::ErrorInternalServerError)?;
    Ok(HttpResponse::Ok().finish())
}
"#;
        assert_rule_files(
            &MutatingGet,
            &["actix_web", "diesel"],
            &[("src/main.rs", main), ("src/handlers.rs", handlers)],
        );

        let sea = r#"
use axum::{extract::{Query, State}, routing::get, Json, Router};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use crate::entities::{prelude::*, subscriber};

pub fn router() -> Router<DatabaseConnection> {
    Router::new()
        .route("/api/v1/subscribe", get(subscribe))
        .route("/api/v1/subscribers", get(list))
        .route("/api/v1/unsubscribe", get(unsubscribe))
}

async fn subscribe(State(db): State<DatabaseConnection>, Query(q): Query<EmailQuery>) -> Result<Json<subscriber::Model>, ApiError> {
    let row = subscriber::ActiveModel { email: Set(q.email), ..Default::default() };
    Ok(Json(row.insert(&db).await?)) // expect: BG104
}

async fn list(State(db): State<DatabaseConnection>) -> Result<Json<Vec<subscriber::Model>>, ApiError> {
    Ok(Json(Subscriber::find().all(&db).await?))
}

async fn unsubscribe(State(db): State<DatabaseConnection>, Query(q): Query<TokenQuery>) -> Result<&'static str, ApiError> {
    Subscriber::delete_many().filter(subscriber::Column::Token.eq(q.token)).exec(&db).await?;
    Ok("unsubscribed")
}

#[cfg(test)]
mod tests {
    use super::*;
    fn test_router() -> Router<DatabaseConnection> {
        Router::new().route("/reset", get(|State(db): State<DatabaseConnection>| async move {
            Subscriber::delete_many().exec(&db).await.unwrap();
        }))
    }
}
"#;
        assert_rule_files(
            &MutatingGet,
            &["axum", "sea_orm"],
            &[("src/subscribers.rs", sea)],
        );
    }

    #[test]
    fn rocket_get_that_inserts() {
        let src = r#"
#[macro_use] extern crate rocket;
use rocket::serde::json::Json;
use rocket_db_pools::{sqlx, Connection, Database};

#[derive(Database)]
#[database("shop")]
struct Shop(sqlx::PgPool);

#[get("/cart/add/<item>")]
async fn add_to_cart(mut db: Connection<Shop>, item: i64, user: User) -> Option<Json<Cart>> {
    sqlx::query("INSERT INTO cart_items (user_id, item_id) VALUES ($1, $2)") // expect: BG104
        .bind(user.id)
        .bind(item)
        .execute(&mut **db)
        .await
        .ok()?;
    None
}

#[post("/cart/<item>")]
async fn add(mut db: Connection<Shop>, item: i64, user: User) -> Option<()> {
    sqlx::query("INSERT INTO cart_items (user_id, item_id) VALUES ($1, $2)")
        .bind(user.id)
        .bind(item)
        .execute(&mut **db)
        .await
        .ok()
        .map(|_| ())
}

#[get("/cart")]
async fn cart(mut db: Connection<Shop>, user: User) -> Option<Json<Vec<CartItem>>> {
    sqlx::query_as("SELECT * FROM cart_items WHERE user_id = $1")
        .bind(user.id)
        .fetch_all(&mut **db)
        .await
        .ok()
        .map(Json)
}

#[launch]
fn rocket() -> _ {
    rocket::build().attach(Shop::init()).mount("/api/v1", routes![add_to_cart, add, cart])
}
"#;
        assert_rule_files(
            &MutatingGet,
            &["rocket", "rocket_db_pools"],
            &[("src/main.rs", src)],
        );
    }
}
