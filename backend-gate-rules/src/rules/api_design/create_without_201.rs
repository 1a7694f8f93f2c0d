//! BG707 create-without-201.

use crate::endpoints::router::{Framework, Method};
use crate::facts::{Event, EventKind};
use crate::finding::Finding;
use crate::rule::{Category, Confidence, Level, ModelCx, Preset, Rule, RuleMeta};
use crate::rules::handlers::{handler_finding, handlers};
use crate::rules::handlers::{reachable, CallScope};
use crate::rules::layering::{is_link_entry_point, last_segment};
use crate::syntax;

/// Metadata of BG707.
pub static META: RuleMeta = RuleMeta {
    code: "BG707",
    name: "create-without-201",
    category: Category::ApiDesign,
    level: Level::Allow,
    preset: Preset::Strict,
    summary: "a POST handler inserts a record (itself or through the crate's own functions) but \
              never responds `201 Created` (`StatusCode::CREATED`, `HttpResponse::Created()`, \
              rocket `status::Created`)",
    why: "`201 Created` tells clients, SDK generators and caches that a new resource exists (and, \
          with a `Location` header, where). A plain `200 OK` hides that: generated clients model \
          the wrong response, and retries cannot tell \"created\" from \"already there\". \
          Endpoints that redirect after the POST (HTML forms), answer `202`/`204` on purpose, \
          sign users in, receive webhooks or run a command (`/orders/{id}/cancel`) are not \
          reported.",
    bad: "async fn create_user(State(pool): State<PgPool>, Json(body): Json<NewUser>) -> Result<Json<User>, ApiError> {\n    \
          let user = repo::users::insert(&pool, &body).await?;\n    Ok(Json(user))\n}",
    good: "async fn create_user(State(pool): State<PgPool>, Json(body): Json<NewUser>) -> Result<impl IntoResponse, ApiError> {\n    \
           let user = repo::users::insert(&pool, &body).await?;\n    \
           let location = format!(\"/api/v1/users/{}\", user.id);\n    \
           Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(user)))\n}",
    in_tests: false,
};

/// BG707 create-without-201.
pub struct CreateWithout201;

/// How many calls deep the handler's own functions are followed to find the insert or the 201.
const CALL_DEPTH: usize = 3;

/// First words of path segments that name a command on a resource, not a collection to add to.
const COMMAND_WORDS: &[&str] = &[
    "cancel",
    "publish",
    "unpublish",
    "approve",
    "reject",
    "archive",
    "unarchive",
    "restore",
    "send",
    "resend",
    "retry",
    "refund",
    "search",
    "query",
    "graphql",
    "rpc",
    "import",
    "export",
    "sync",
    "reset",
    "validate",
    "preview",
    "calculate",
    "check",
    "run",
    "execute",
    "trigger",
    "start",
    "stop",
    "pause",
    "resume",
    "close",
    "reopen",
    "lock",
    "unlock",
    "like",
    "unlike",
    "follow",
    "unfollow",
    "vote",
    "upvote",
    "downvote",
    "star",
    "unstar",
    "subscribe",
    "join",
    "leave",
    "accept",
    "decline",
    "assign",
    "complete",
    "track",
    "ping",
    "notify",
    "mark",
    "register",
    "signup",
    "bulk",
    "batch",
];

/// Whether a return type names a response enum that declares 201 (poem-openapi
/// `#[derive(ApiResponse)] enum R { #[oai(status = 201)] Created(..) }`), through `Result<..>`.
fn declares_created(model: &crate::endpoints::Model, ty: Option<&crate::facts::TypeRef>) -> bool {
    let Some(ty) = ty else { return false };
    let declares = model
        .files
        .iter()
        .flat_map(|f| &f.enums)
        .any(|e| e.name == ty.name() && e.statuses.contains(&201));
    declares || ty.args.iter().any(|a| declares_created(model, Some(a)))
}

impl Rule for CreateWithout201 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &ModelCx, out: &mut Vec<Finding>) {
        let model = cx.model;
        let index = model.index();
        for h in handlers(model) {
            let Some(post) = h
                .endpoints
                .iter()
                .find(|e| e.method == Method::Post && creates_resource(&e.path))
            else {
                continue;
            };
            let mut insert: Option<(usize, &Event, usize)> = None;
            let mut answered = false;
            for r in reachable(model, &index, h.id, CALL_DEPTH, CallScope::Workspace) {
                let (depth, id) = (r.depth, r.id);
                for e in &model.fn_facts(id).events {
                    match e.kind {
                        EventKind::Db { insert: true, .. } if insert.is_none() => {
                            insert = Some((id.0, e, depth));
                        }
                        // 201 given, or another status chosen on purpose (a redirect after a
                        // form post, 202 for queued work, 204).
                        EventKind::Created | EventKind::Status { .. } => answered = true,
                        _ => {}
                    }
                }
            }
            let Some((file, event, depth)) = insert else {
                continue;
            };
            if answered || declares_created(model, h.facts.ret.as_ref()) {
                continue;
            }
            let name = &h.facts.name;
            let who = if name == "{closure}" {
                "POST handler closure".to_string()
            } else {
                format!("POST handler `{name}`")
            };
            let message = format!(
                "{who} creates a record (`{}`) but never responds `201 Created`",
                event.evidence
            );
            let Some(finding) = handler_finding(cx, &META, &h, h.facts.name_range, message, None)
            else {
                continue;
            };
            let label = if depth == 0 {
                "inserts here".to_string()
            } else {
                "inserts here, called from the handler".to_string()
            };
            // The insert resolved through the handler's calls, and the 201 may hide in code not
            // followed (a method on a service value): less sure than an insert in the body.
            let confidence = if depth == 0 {
                crate::facts::db::event_confidence(&event.evidence)
            } else {
                Confidence::Medium
            };
            out.push(
                finding
                    .with_label("no `201 Created` response in this handler")
                    .with_secondary(cx.label(file, event.range, label))
                    .with_help(help(post.framework))
                    .with_confidence(confidence),
            );
        }
    }
}

/// Whether a POST to `path` adds to a collection: not a sign-in, webhook or link entry point,
/// not a command on a resource (`/orders/{id}/cancel`), not addressed to one resource
/// (`/users/{id}`).
fn creates_resource(path: &str) -> bool {
    let (last, trailing_param) = last_segment(path);
    let Some(last) = last else {
        return false;
    };
    if trailing_param || is_link_entry_point(last) {
        return false;
    }
    let words = syntax::words(last);
    !words
        .first()
        .is_some_and(|w| COMMAND_WORDS.contains(&w.as_str()))
}

fn help(framework: Framework) -> String {
    match framework {
        Framework::ActixWeb => "respond with `HttpResponse::Created().insert_header((header::LOCATION, url)).json(created)`".into(),
        Framework::Rocket => "return `status::Created::new(location).body(Json(created))` (type `status::Created<Json<T>>`)".into(),
        Framework::Axum | Framework::Loco => "return `(StatusCode::CREATED, [(header::LOCATION, url)], Json(created))`".into(),
        _ => "respond with status `201 Created` and a `Location` header naming the new resource".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule_files, check_files};

    #[test]
    fn poem_openapi_response_enums_declaring_201() {
        let api = r#"
use poem::{web::Data, Route};
use poem_openapi::{payload::Json, ApiResponse, OpenApi, OpenApiService};
use sqlx::PgPool;
#[derive(ApiResponse)]
enum CreatedItem {
    #[oai(status = 201)]
    Created(Json<Item>),
    #[oai(status = 409)]
    Conflict,
}
#[derive(ApiResponse)]
enum Saved {
    #[oai(status = 200)]
    Ok(Json<Item>),
}
struct Api;
#[OpenApi]
impl Api {
    #[oai(path = "/items", method = "post")]
    async fn create(&self, pool: Data<&PgPool>, body: Json<NewItem>) -> poem::Result<CreatedItem> {
        sqlx::query("INSERT INTO items (name) VALUES ($1)").bind(&body.name).execute(pool.0).await?;
        Ok(CreatedItem::Created(Json(item)))
    }
    #[oai(path = "/notes", method = "post")]
    async fn add_note(&self, pool: Data<&PgPool>, body: Json<NewItem>) -> poem::Result<Saved> { // expect: BG707
        sqlx::query("INSERT INTO notes (body) VALUES ($1)").bind(&body.name).execute(pool.0).await?;
        Ok(Saved::Ok(Json(item)))
    }
}
fn app() -> Route {
    Route::new().nest("/api", OpenApiService::new(Api, "api", "1.0"))
}
"#;
        assert_rule_files(
            &CreateWithout201,
            &["poem", "poem_openapi", "sqlx"],
            &[("src/main.rs", api)],
        );
    }

    #[test]
    fn axum_sqlx_create_through_a_repository() {
        let main = r#"
mod repo;
mod routes;
use axum::{routing::{get, post, put}, Router};
pub fn app(pool: sqlx::PgPool) -> Router {
    Router::new()
        .route("/api/v1/users", post(routes::create_user).get(routes::list_users))
        .route("/api/v1/teams", post(routes::create_team))
        .route("/api/v1/invites", post(routes::create_invite))
        .route("/api/v1/users/{id}", put(routes::upsert_user))
        .route("/api/v1/orders/{id}/cancel", post(routes::cancel_order))
        .route("/api/v1/auth/login", post(routes::login))
        .with_state(pool)
}
"#;
        let routes = r#"
use axum::{extract::{Path, State}, http::StatusCode, response::IntoResponse, Json};
use sqlx::PgPool;
use crate::repo;

pub async fn create_user(State(pool): State<PgPool>, Json(body): Json<NewUser>) -> Result<Json<User>, ApiError> { // expect: BG707
    let user = repo::users::insert(&pool, &body).await?;
    Ok(Json(user))
}

pub async fn list_users(State(pool): State<PgPool>) -> Result<Json<Vec<User>>, ApiError> {
    Ok(Json(repo::users::all(&pool).await?))
}

pub async fn create_team(State(pool): State<PgPool>, Json(body): Json<NewTeam>) -> Result<impl IntoResponse, ApiError> {
    let team = repo::teams::insert(&pool, &body).await?;
    Ok((StatusCode::CREATED, Json(team)))
}

pub async fn create_invite(State(pool): State<PgPool>, Json(body): Json<NewInvite>) -> Result<impl IntoResponse, ApiError> {
    let invite = repo::invites::insert(&pool, &body).await?;
    Ok(created(invite))
}

fn created<T: serde::Serialize>(body: T) -> impl IntoResponse {
    (StatusCode::CREATED, Json(body))
}

pub async fn upsert_user(State(pool): State<PgPool>, Path(id): Path<i64>, Json(body): Json<NewUser>) -> Result<Json<User>, ApiError> {
    Ok(Json(repo::users::upsert(&pool, id, &body).await?))
}

pub async fn cancel_order(State(pool): State<PgPool>, Path(id): Path<i64>) -> Result<Json<Order>, ApiError> {
    let order = repo::orders::cancel(&pool, id).await?;
    Ok(Json(order))
}

pub async fn login(State(pool): State<PgPool>, Json(creds): Json<Credentials>) -> Result<Json<Session>, ApiError> {
    let session = repo::sessions::open(&pool, &creds).await?;
    Ok(Json(session))
}
"#;
        let repo = r#"
use sqlx::PgPool;
pub mod users {
    use sqlx::PgPool;
    pub async fn insert(pool: &PgPool, u: &NewUser) -> sqlx::Result<User> {
        sqlx::query_as!(User, "INSERT INTO users (email) VALUES ($1) RETURNING id, email", u.email)
            .fetch_one(pool)
            .await
    }
    pub async fn all(pool: &PgPool) -> sqlx::Result<Vec<User>> {
        sqlx::query_as!(User, "SELECT id, email FROM users").fetch_all(pool).await
    }
    pub async fn upsert(pool: &PgPool, id: i64, u: &NewUser) -> sqlx::Result<User> {
        sqlx::query_as!(User, "INSERT INTO users (id, email) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET email = $2 RETURNING id, email", id, u.email)
            .fetch_one(pool)
            .await
    }
}
pub mod teams {
    pub async fn insert(pool: &sqlx::PgPool, t: &NewTeam) -> sqlx::Result<Team> {
        sqlx::query_as("INSERT INTO teams (name) VALUES ($1) RETURNING *").bind(&t.name).fetch_one(pool).await
    }
}
pub mod invites {
    pub async fn insert(pool: &sqlx::PgPool, i: &NewInvite) -> sqlx::Result<Invite> {
        sqlx::query_as("INSERT INTO invites (email) VALUES ($1) RETURNING *").bind(&i.email).fetch_one(pool).await
    }
}
pub mod orders {
    pub async fn cancel(pool: &sqlx::PgPool, id: i64) -> sqlx::Result<Order> {
        sqlx::query("INSERT INTO order_events (order_id, kind) VALUES ($1, 'cancelled')").bind(id).execute(pool).await?;
        sqlx::query_as("UPDATE orders SET state = 'cancelled' WHERE id = $1 RETURNING *").bind(id).fetch_one(pool).await
    }
}
pub mod sessions {
    pub async fn open(pool: &sqlx::PgPool, c: &Credentials) -> sqlx::Result<Session> {
        sqlx::query_as("INSERT INTO sessions (user_id) VALUES ($1) RETURNING *").bind(c.user_id).fetch_one(pool).await
    }
}
"#;
        let files = [
            ("src/main.rs", main),
            ("src/routes.rs", routes),
            ("src/repo.rs", repo),
        ];
        assert_rule_files(&CreateWithout201, &["axum", "sqlx"], &files);
        let (findings, _) = check_files(&files, &["axum", "sqlx"], &[&CreateWithout201]);
        let f = &findings[0];
        assert_eq!(
            f.message,
            "POST handler `create_user` creates a record (`sqlx::query_as!`) but never responds `201 Created`"
        );
        assert_eq!(
            f.secondary[0].message,
            "registered as POST /api/v1/users here"
        );
        assert_eq!(f.secondary[1].file, "src/repo.rs");
        assert_eq!(f.secondary[1].range.start.line, 6);
        assert_eq!(f.confidence, Confidence::Medium);
        assert!(f.help.contains("StatusCode::CREATED"));
    }

    #[test]
    fn actix_diesel_creates() {
        let main = r#"
mod handlers;
use actix_web::{web, App, HttpServer};
#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new().service(
            web::scope("/api/v1")
                .service(handlers::create_post)
                .service(handlers::create_comment)
                .service(handlers::create_tag)
                .route("/reports", web::post().to(handlers::create_report)),
        )
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}
"#;
        let handlers = r#"
use actix_web::{http::StatusCode, post, web, HttpResponse};
use diesel::prelude::*;
use crate::schema::{comments, posts, reports, tags};

#[post("/posts")]
pub async fn create_post(pool: web::Data<DbPool>, body: web::Json<NewPost>) -> actix_web::Result<HttpResponse> { // expect: BG707
    let mut conn = pool.get().map_err(actix_web::error::ErrorInternalServerError)?;
    let post: Post = diesel::insert_into(posts::table)
        .values(&body.into_inner())
        .get_result(&mut conn)
        .map_err(actix_web::error::ErrorInternalServerError)?;
    Ok(HttpResponse::Ok().json(post))
}

#[post("/posts/{id}/comments")]
pub async fn create_comment(pool: web::Data<DbPool>, body: web::Json<NewComment>) -> actix_web::Result<HttpResponse> {
    let mut conn = pool.get().map_err(actix_web::error::ErrorInternalServerError)?;
    let c: Comment = diesel::insert_into(comments::table)
        .values(&body.into_inner())
        .get_result(&mut conn)
        .map_err(actix_web::error::ErrorInternalServerError)?;
    Ok(HttpResponse::Created().json(c))
}

#[post("/tags")]
pub async fn create_tag(pool: web::Data<DbPool>, body: web::Json<NewTag>) -> actix_web::Result<HttpResponse> {
    let mut conn = pool.get().map_err(actix_web::error::ErrorInternalServerError)?;
    let t: Tag = diesel::insert_into(tags::table).values(&body.into_inner()).get_result(&mut conn)
        .map_err(actix_web::error::ErrorInternalServerError)?;
    Ok(HttpResponse::build(StatusCode::CREATED).json(t))
}

pub async fn create_report(pool: web::Data<DbPool>, body: web::Json<NewReport>) -> actix_web::Result<HttpResponse> {
    let mut conn = pool.get().map_err(actix_web::error::ErrorInternalServerError)?;
    diesel::insert_into(reports::table).values(&body.into_inner()).execute(&mut conn)
        .map_err(actix_web::error::ErrorInternalServerError)?;
    Ok(HttpResponse::Accepted().finish())
}
"#;
        assert_rule_files(
            &CreateWithout201,
            &["actix_web", "diesel"],
            &[("src/main.rs", main), ("src/handlers.rs", handlers)],
        );
    }

    #[test]
    fn sea_orm_and_rocket_creates_and_form_redirects() {
        let sea = r#"
use axum::{extract::State, response::Redirect, routing::post, Form, Json, Router};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use crate::entities::{note, bookmark};

pub fn router() -> Router<DatabaseConnection> {
    Router::new()
        .route("/api/v1/notes", post(create_note))
        .route("/bookmarks", post(add_bookmark))
}

async fn create_note(State(db): State<DatabaseConnection>, Json(body): Json<NewNote>) -> Result<Json<note::Model>, ApiError> { // expect: BG707
    let am = note::ActiveModel { text: Set(body.text), ..Default::default() };
    Ok(Json(am.insert(&db).await?))
}

async fn add_bookmark(State(db): State<DatabaseConnection>, Form(form): Form<NewBookmark>) -> Result<Redirect, ApiError> {
    let am = bookmark::ActiveModel { url: Set(form.url), ..Default::default() };
    am.insert(&db).await?;
    Ok(Redirect::to("/bookmarks"))
}
"#;
        assert_rule_files(
            &CreateWithout201,
            &["axum", "sea_orm"],
            &[("src/notes.rs", sea)],
        );

        let rocket = r#"
#[macro_use] extern crate rocket;
use rocket::response::status;
use rocket::serde::json::Json;
use rocket_db_pools::{sqlx, Connection, Database};

#[derive(Database)]
#[database("library")]
struct Library(sqlx::PgPool);

#[post("/books", data = "<book>")]
async fn create_book(mut db: Connection<Library>, book: Json<NewBook>) -> Option<Json<Book>> { // expect: BG707
    sqlx::query_as("INSERT INTO books (title) VALUES ($1) RETURNING *")
        .bind(&book.title)
        .fetch_one(&mut **db)
        .await
        .ok()
        .map(Json)
}

#[post("/authors", data = "<author>")]
async fn create_author(mut db: Connection<Library>, author: Json<NewAuthor>) -> Option<status::Created<Json<Author>>> {
    let a: Author = sqlx::query_as("INSERT INTO authors (name) VALUES ($1) RETURNING *")
        .bind(&author.name)
        .fetch_one(&mut **db)
        .await
        .ok()?;
    Some(status::Created::new(format!("/authors/{}", a.id)).body(Json(a)))
}

#[post("/books/<id>/loans")]
async fn lend(mut db: Connection<Library>, id: i64) -> Option<()> {
    sqlx::query("UPDATE books SET on_loan = true WHERE id = $1").bind(id).execute(&mut **db).await.ok()?;
    Some(())
}

#[launch]
fn rocket() -> _ {
    rocket::build().attach(Library::init()).mount("/api/v1", routes![create_book, create_author, lend])
}
"#;
        assert_rule_files(
            &CreateWithout201,
            &["rocket", "rocket_db_pools"],
            &[("src/main.rs", rocket)],
        );
    }
}
