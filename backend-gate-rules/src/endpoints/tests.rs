//! The endpoint model on small multi-file workspaces, one per framework and registration form.

use crate::testing::{check_files, endpoint_lines};

fn endpoints(files: &[(&str, &str)], deps: &[&str]) -> Vec<String> {
    let (_, model) = check_files(files, deps, &[]);
    endpoint_lines(&model)
}

#[test]
fn axum_routers_across_files() {
    let main = r#"
mod routes;
mod handlers;
use axum::{routing::get, Router};
#[tokio::main]
async fn main() {
    let api = Router::new()
        .nest("/users", routes::users::router())
        .merge(routes::orders());
    let app = Router::new()
        .route("/health", get(|| async { "ok" }))
        .nest("/api/v1", api)
        .fallback(handlers::not_found);
    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
"#;
    let routes = r#"
pub mod users;
use axum::{routing::{get, post}, Router};
use crate::handlers::orders::{list as list_orders, create};
pub fn orders() -> Router<AppState> {
    Router::new().route("/orders", get(list_orders).post(create::<Db>))
}
"#;
    let users = r#"
use axum::{routing::{get, put, delete}, Router};
use crate::handlers::*;
pub fn router() -> Router<AppState> {
    let mut r = Router::new().route("/", get(users_list));
    r = r.route("/:id", get(self::show).put(super::super::handlers::update).delete(remove));
    r
}
fn show() {}
"#;
    let handlers = r#"
pub mod orders;
mod users;
pub use users::{users_list, update, remove};
pub async fn not_found() {}
"#;
    let handler_users =
        "pub async fn users_list() {}\npub async fn update() {}\npub async fn remove() {}\n";
    let orders = "pub async fn list() {}\npub async fn create<D>() {}\n";
    let got = endpoints(
        &[
            ("src/main.rs", main),
            ("src/routes/mod.rs", routes),
            ("src/routes/users.rs", users),
            ("src/handlers/mod.rs", handlers),
            ("src/handlers/users.rs", handler_users),
            ("src/handlers/orders.rs", orders),
        ],
        &["axum", "tokio"],
    );
    assert_eq!(
        got,
        [
            "ANY / app::handlers::not_found",
            "GET /api/v1/orders app::handlers::orders::list",
            "POST /api/v1/orders app::handlers::orders::create",
            "GET /api/v1/users app::handlers::users::users_list",
            "GET /api/v1/users/{id} app::routes::users::show",
            "PUT /api/v1/users/{id} app::handlers::users::update",
            "DELETE /api/v1/users/{id} app::handlers::users::remove",
            "GET /health app::{closure}",
        ]
    );
}

#[test]
fn axum_on_method_filter_and_utoipa_and_aide() {
    let main = r#"
use axum::{routing::on, routing::MethodFilter, Router};
use utoipa_axum::{router::OpenApiRouter, routes};
use aide::axum::{ApiRouter, routing::get_with};
fn app() -> Router {
    let (router, _api) = OpenApiRouter::new().routes(routes!(list_todos, create_todo)).split_for_parts();
    Router::new()
        .route("/raw", on(MethodFilter::PATCH, patch_it))
        .merge(docs())
        .merge(router)
}
fn docs() -> ApiRouter {
    ApiRouter::new().api_route("/docs/items", get_with(items, |op| op))
}
#[utoipa::path(get, path = "/todos", responses((status = 200)))]
async fn list_todos() {}
#[utoipa::path(post, path = "/todos")]
async fn create_todo() {}
async fn patch_it() {}
async fn items() {}
"#;
    assert_eq!(
        endpoints(&[("src/main.rs", main)], &["axum", "utoipa_axum", "aide"]),
        [
            "GET /docs/items app::items",
            "PATCH /raw app::patch_it",
            "GET /todos app::list_todos",
            "POST /todos app::create_todo",
        ]
    );
}

#[test]
fn actix_scopes_resources_and_attributes() {
    let main = r#"
mod api;
use actix_web::{web, App, HttpServer};
#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new()
            .service(api::health)
            .service(web::scope("/api").configure(api::config))
            .route("/echo", web::post().to(api::echo))
    })
    .bind(("127.0.0.1", 8080))?
    .run()
    .await
}
"#;
    let api = r#"
use actix_web::{get, post, routes, web, HttpResponse};
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/items/{id}")
            .route(web::get().to(get_item))
            .route(web::delete().to(delete_item)),
    );
    cfg.service(web::scope("/users").service(create_user).service(multi));
}
#[get("/health")]
pub async fn health() -> HttpResponse { HttpResponse::Ok().finish() }
#[post("")]
async fn create_user() -> HttpResponse { HttpResponse::Created().finish() }
#[routes]
#[get("/multi")]
#[head("/multi")]
async fn multi() -> HttpResponse { HttpResponse::Ok().finish() }
async fn get_item() -> HttpResponse { HttpResponse::Ok().finish() }
async fn delete_item() -> HttpResponse { HttpResponse::Ok().finish() }
pub async fn echo() -> HttpResponse { HttpResponse::Ok().finish() }
#[get("/orphan")]
async fn orphan() -> HttpResponse { HttpResponse::Ok().finish() }
#[cfg(test)]
mod tests {
    use actix_web::get;
    #[get("/test-only")]
    async fn probe() -> HttpResponse { HttpResponse::Ok().finish() }
}
"#;
    assert_eq!(
        endpoints(
            &[("src/main.rs", main), ("src/api.rs", api)],
            &["actix_web"]
        ),
        [
            "GET /api/items/{id} app::api::get_item",
            "DELETE /api/items/{id} app::api::delete_item",
            "POST /api/users app::api::create_user",
            "GET /api/users/multi app::api::multi",
            "HEAD /api/users/multi app::api::multi",
            "POST /echo app::api::echo",
            "GET /health app::api::health",
            "GET /orphan app::api::orphan",
        ]
    );
}

#[test]
fn rocket_mounts() {
    let main = r#"
#[macro_use] extern crate rocket;
mod users;
#[get("/")]
fn index() -> &'static str { "hi" }
#[post("/upload", data = "<form>")]
fn upload(form: Form<Upload>) {}
#[launch]
fn rocket() -> _ {
    rocket::build()
        .mount("/", routes![index, upload])
        .mount("/users", users::routes())
}
"#;
    let users = r#"
use rocket::{get, delete, routes, Route};
pub fn routes() -> Vec<Route> { routes![list, show, remove] }
#[get("/?<page>&<per_page>")]
fn list(page: Option<u32>, per_page: Option<u32>) {}
#[get("/<id>")]
fn show(id: u64) {}
#[delete("/<id>/<rest..>")]
fn remove(id: u64) {}
"#;
    assert_eq!(
        endpoints(
            &[("src/main.rs", main), ("src/users.rs", users)],
            &["rocket"]
        ),
        [
            "GET / app::index",
            "POST /upload app::upload",
            "GET /users app::users::list",
            "GET /users/{id} app::users::show",
            "DELETE /users/{id}/{rest} app::users::remove",
        ]
    );
}

#[test]
fn poem_and_loco() {
    let poem = r#"
use poem::{get, handler, post, Route};
#[handler]
fn hello() -> String { String::new() }
#[handler]
fn submit() {}
fn app() -> Route {
    Route::new().at("/hello/:name", get(hello)).nest("/api", Route::new().at("/submit", post(submit)))
}
"#;
    assert_eq!(
        endpoints(&[("src/main.rs", poem)], &["poem"]),
        [
            "POST /api/submit app::submit",
            "GET /hello/{name} app::hello"
        ]
    );
    let loco = r#"
use loco_rs::prelude::*;
pub async fn list() -> Result<Response> { todo!() }
pub async fn add() -> Result<Response> { todo!() }
pub fn routes() -> Routes {
    Routes::new().prefix("api/notes").add("/", get(list)).add("/", post(add))
}
"#;
    assert_eq!(
        endpoints(&[("src/controllers/notes.rs", loco)], &["loco_rs"]),
        [
            "GET /api/notes app::controllers::notes::list",
            "POST /api/notes app::controllers::notes::add"
        ]
    );
}

#[test]
fn poem_openapi_and_endpoint_attribute() {
    let api = r#"
use poem_openapi::{OpenApi, payload::Json};
struct Api;
#[OpenApi]
impl Api {
    #[oai(path = "/pets", method = "get")]
    async fn list_pets(&self) {}
    #[oai(path = "/pets/:id", method = "delete")]
    async fn delete_pet(&self) {}
}
struct Admin;
#[OpenApi(prefix_path = "/admin", tag = "ApiTags::Admin")]
impl Admin {
    #[oai(path = "/users", method = "get")]
    async fn list_users(&self) {}
}
use backend_gate::endpoint;
#[endpoint(POST, "/api/v1/users", auth = "user")]
async fn create_user() {}
"#;
    assert_eq!(
        endpoints(
            &[("src/lib.rs", api)],
            &["poem", "poem_openapi", "backend_gate"]
        ),
        [
            "GET /admin/users app::Admin::list_users",
            "POST /api/v1/users app::create_user",
            "GET /pets app::Api::list_pets",
            "DELETE /pets/{id} app::Api::delete_pet",
        ]
    );
}

#[test]
fn endpoint_attributes_the_compiler_rejects_declare_no_route() {
    let src = r#"
use axum::extract::Path;
#[backend_gate::endpoint(GET, "/api/v1/items/{id}", public)]
async fn item(Path(id): Path<u64>) {}
#[backend_gate::endpoint(PSOT, "/api/v1/items", public)]
async fn misspelt_method() {}
#[backend_gate::endpoint(GET, "/api/v1/items/{id}/tags", public)]
async fn param_without_extractor() {}
#[backend_gate::endpoint(GET, "api/v1/orders", public)]
async fn relative_path() {}
#[other_crate::endpoint(GET, "/api/v1/other")]
async fn not_ours() {}
"#;
    assert_eq!(
        endpoints(&[("src/lib.rs", src)], &["axum", "backend_gate"]),
        ["GET /api/v1/items/{id} app::item"]
    );
}

#[test]
fn unresolvable_handlers_are_kept_and_counted() {
    let main = r#"
use axum::{routing::get, Router};
fn app() -> Router { Router::new().route("/x", get(other_crate::handler)) }
"#;
    let (_, model) = check_files(&[("src/main.rs", main)], &["axum"], &[]);
    assert_eq!(endpoint_lines(&model), ["GET /x other_crate::handler"]);
    assert_eq!(model.unresolved.len(), 1);
}

#[test]
fn handlers_through_reexported_modules() {
    let main = r#"
mod api;
mod routes;
"#;
    let api = r#"
mod v1;
pub use v1::{accounts, projects as project_handlers};
"#;
    let v1 = "pub mod accounts;\npub mod projects;\n";
    let accounts = "pub async fn login() {}\n";
    let projects = "pub async fn list() {}\n";
    let routes = r#"
use axum::{routing::{get, post}, Router};
use crate::api::{accounts, project_handlers};
pub fn router() -> Router {
    Router::new()
        .route("/auth/login", post(accounts::login))
        .route("/projects", get(project_handlers::list))
        .route("/projects/all", get(crate::api::project_handlers::list))
}
"#;
    assert_eq!(
        endpoints(
            &[
                ("src/main.rs", main),
                ("src/api/mod.rs", api),
                ("src/api/v1/mod.rs", v1),
                ("src/api/v1/accounts.rs", accounts),
                ("src/api/v1/projects.rs", projects),
                ("src/routes.rs", routes),
            ],
            &["axum"]
        ),
        [
            "POST /auth/login app::api::v1::accounts::login",
            "GET /projects app::api::v1::projects::list",
            "GET /projects/all app::api::v1::projects::list",
        ]
    );
}

#[test]
fn poem_openapi_service_nested_under_a_prefix() {
    let main = r#"
mod api;
use poem::{get, handler, Route, EndpointExt};
use poem_openapi::OpenApiService;
#[handler]
fn health() -> &'static str { "ok" }
fn app() -> impl poem::Endpoint {
    let service = OpenApiService::new((api::PetsApi, api::StoreApi::new()), "Pets", "1.0")
        .server("http://localhost:3000/api/v1");
    let ui = service.swagger_ui();
    Route::new()
        .nest("/api/v1", service)
        .nest("/docs", ui)
        .at("/health", get(health))
}
"#;
    let api = r#"
use poem_openapi::OpenApi;
pub struct PetsApi;
#[OpenApi]
impl PetsApi {
    #[oai(path = "/pets", method = "get")]
    async fn list(&self) {}
    #[oai(path = "/pets/:id", method = "delete")]
    async fn remove(&self) {}
}
pub struct StoreApi;
impl StoreApi { pub fn new() -> Self { StoreApi } }
#[OpenApi]
impl StoreApi {
    #[oai(path = "/store/order", method = "post")]
    async fn order(&self) {}
}
pub struct UnservedApi;
#[OpenApi]
impl UnservedApi {
    #[oai(path = "/draft", method = "get")]
    async fn draft(&self) {}
}
"#;
    assert_eq!(
        endpoints(
            &[("src/main.rs", main), ("src/api.rs", api)],
            &["poem", "poem_openapi"]
        ),
        [
            "GET /api/v1/pets app::api::PetsApi::list",
            "DELETE /api/v1/pets/{id} app::api::PetsApi::remove",
            "POST /api/v1/store/order app::api::StoreApi::order",
            "GET /draft app::api::UnservedApi::draft",
            "GET /health app::health",
        ]
    );
}

/// `OpenApiService::new(..)` bound to a local with no method chained to it.
#[test]
fn poem_openapi_service_without_a_chained_call() {
    let main = r#"
use poem::{listener::TcpListener, Route, Server};
use poem_openapi::{payload::PlainText, OpenApi, OpenApiService};
struct Api;
#[OpenApi]
impl Api {
    #[oai(path = "/hello", method = "get")]
    async fn index(&self) -> PlainText<&'static str> { PlainText("ok") }
}
#[tokio::main]
async fn main() -> Result<(), std::io::Error> {
    let api = OpenApiService::new(Api, "svc", "1.0");
    Server::new(TcpListener::bind("127.0.0.1:3000"))
        .run(Route::new().nest("/api", api))
        .await
}
"#;
    assert_eq!(
        endpoints(&[("src/main.rs", main)], &["poem", "poem_openapi"]),
        ["GET /api/hello app::Api::index"]
    );
}

#[test]
fn salvo_routers_pushed_into_each_other() {
    let main = r#"
mod users;
use salvo::prelude::*;

#[handler]
async fn health(res: &mut Response) { res.render("ok"); }

#[handler]
async fn image(req: &mut Request, res: &mut Response) {}

#[tokio::main]
async fn main() {
    let router = Router::new()
        .push(Router::with_path("health").get(health))
        .push(Router::with_path("api/v1").hoop(auth).push(users::router()))
        .push(Router::with_path("<width:num>/<height:num>").get(image));
    let acceptor = TcpListener::new("0.0.0.0:5800").bind().await;
    Server::new(acceptor).serve(router).await;
}
"#;
    let users = r#"
use salvo::prelude::*;

pub fn router() -> Router {
    Router::with_path("users")
        .get(list)
        .post(create)
        .push(Router::with_path("{id}").get(show).patch(update).delete(remove))
}

#[handler]
async fn list() {}
#[handler]
async fn create() {}
#[handler]
async fn show() {}
#[handler]
async fn update() {}
#[handler]
async fn remove() {}
"#;
    assert_eq!(
        endpoints(
            &[("src/main.rs", main), ("src/users.rs", users)],
            &["salvo"]
        ),
        [
            "GET /api/v1/users app::users::list",
            "POST /api/v1/users app::users::create",
            "GET /api/v1/users/{id} app::users::show",
            "PATCH /api/v1/users/{id} app::users::update",
            "DELETE /api/v1/users/{id} app::users::remove",
            "GET /health app::health",
            "GET /{width}/{height} app::image",
        ]
    );
    // `hoop` middleware covers the router's handlers and every router pushed into it.
    let (_, model) = check_files(
        &[("src/main.rs", main), ("src/users.rs", users)],
        &["salvo"],
        &[],
    );
    let layered: Vec<&str> = model
        .endpoints
        .iter()
        .filter(|e| e.layers.iter().any(|l| l == "auth"))
        .map(|e| e.path.as_str())
        .collect();
    assert_eq!(layered.len(), 5, "{layered:?}");
}
