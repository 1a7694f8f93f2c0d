//! BG704 undocumented-endpoint.

use super::{describe_routes, is_operational};
use crate::endpoints::Model;
use crate::facts::{AttrFact, FnFacts};
use crate::finding::Finding;
use crate::rule::{Category, Level, ModelCx, Preset, Rule, RuleMeta};
use crate::rules::handlers::{handler_finding, handlers, Handler};
use proc_macro2::{TokenStream, TokenTree};

/// Metadata of BG704.
pub static META: RuleMeta = RuleMeta {
    code: "BG704",
    name: "undocumented-endpoint",
    category: Category::ApiDesign,
    level: Level::Allow,
    preset: Preset::Strict,
    summary: "a handler with no `///` doc comment and no summary or description in its route \
              attribute (`#[endpoint(summary = ..)]`, `#[utoipa::path(description = ..)]`, \
              `#[oai(summary = ..)]`)",
    why: "The handler is where an endpoint's contract lives: what it does, who may call it, what \
          it returns and how it fails. utoipa, poem-openapi and rustdoc publish the doc comment; \
          without it the generated API reference says nothing and reviewers must reverse-engineer \
          the behaviour. Health checks, probes and other operational paths are exempt.",
    bad: "pub async fn create_order(\n    State(db): State<PgPool>,\n    \
          Json(body): Json<NewOrder>,\n) -> Result<(StatusCode, Json<Order>), ApiError> {\n    \
          ..\n}",
    good:
        "/// Places an order for the signed-in customer.\n///\n/// Returns `201` with the order, \
           `409` when an item is out of stock.\npub async fn create_order(\n    \
           State(db): State<PgPool>,\n    Json(body): Json<NewOrder>,\n) -> Result<(StatusCode, \
           Json<Order>), ApiError> {\n    ..\n}",
    in_tests: false,
};

/// BG704 undocumented-endpoint.
pub struct UndocumentedEndpoint;

/// Attribute keys that document an operation (backend-gate `summary`, utoipa `description` and
/// `summary`, paperclip `summary`/`description`).
const DOC_KEYS: &[&str] = &["summary", "description"];

/// Whether an attribute has a top-level `key = ..` argument named in [`DOC_KEYS`].
fn documents(attr: &AttrFact) -> bool {
    let Ok(tokens) = attr.args.parse::<TokenStream>() else {
        return false;
    };
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    tokens.windows(2).any(|w| match (&w[0], &w[1]) {
        (TokenTree::Ident(key), TokenTree::Punct(eq)) => {
            eq.as_char() == '=' && DOC_KEYS.contains(&key.to_string().as_str())
        }
        _ => false,
    })
}

fn is_documented(f: &FnFacts) -> bool {
    f.documented || f.attrs.iter().any(documents)
}

/// aide documents operations in the route registration (`get_with(h, |op| op.description(..))`),
/// which the facts do not keep: files that import aide are trusted to document there.
fn documents_in_router(model: &Model, file: usize) -> bool {
    model.files[file].modules.iter().any(|m| {
        m.imports
            .iter()
            .any(|(_, path)| path.first().is_some_and(|s| s == "aide"))
            || m.globs
                .iter()
                .any(|path| path.first().is_some_and(|s| s == "aide"))
    })
}

/// Whether the handler serves anything the rule looks at: a route (not a fallback) of the API
/// (not a probe), registered where docs are not given in the router.
fn serves_api(model: &Model, h: &Handler) -> bool {
    h.endpoints.iter().any(|e| {
        !e.fallback && !is_operational(&e.path) && !documents_in_router(model, e.registration.0)
    })
}

impl Rule for UndocumentedEndpoint {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &ModelCx, out: &mut Vec<Finding>) {
        for h in handlers(cx.model) {
            if is_documented(h.facts) || !serves_api(cx.model, &h) {
                continue;
            }
            let closure = h.facts.name == "{closure}";
            let (message, help) = if closure {
                (
                    format!(
                        "the closure serving {} has no documentation",
                        describe_routes(&h.endpoints)
                    ),
                    "move the closure into an `async fn` with a `///` doc comment saying what \
                     the endpoint does, who may call it and what it returns"
                        .to_string(),
                )
            } else {
                (
                    format!(
                        "handler `{}` ({}) has no doc comment",
                        h.facts.name,
                        describe_routes(&h.endpoints)
                    ),
                    "add a `///` doc comment saying what the endpoint does, who may call it and \
                     what it returns and when it fails (utoipa and poem-openapi publish it in the \
                     OpenAPI document), or a `summary` in its route attribute"
                        .to_string(),
                )
            };
            if let Some(f) = handler_finding(cx, &META, &h, h.facts.name_range, message, None) {
                out.push(f.with_label("undocumented endpoint").with_help(help));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_rule_files;

    #[test]
    fn axum_handlers_across_files() {
        let main = r#"
mod handlers;
use axum::{routing::{get, post}, Router};

pub fn app() -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/api/v1/orders", get(handlers::list_orders).post(handlers::create_order))
        .route("/api/v1/orders/:id", get(handlers::show_order))
        .route("/api/v1/ping-db", get(|| async { "pong" })) // expect: BG704
        .fallback(handlers::not_found)
}
"#;
        let handlers = r#"
use axum::{extract::{Path, State}, http::StatusCode, Json};
use sqlx::PgPool;

/// Lists the caller's orders, newest first.
pub async fn list_orders(State(db): State<PgPool>) -> Json<Vec<Order>> {
    todo!()
}

pub async fn create_order( // expect: BG704
    State(db): State<PgPool>,
    Json(body): Json<NewOrder>,
) -> StatusCode {
    StatusCode::CREATED
}

#[doc = "Shows one order."]
pub async fn show_order(Path(id): Path<i64>) -> Json<Order> {
    todo!()
}

pub async fn not_found() -> StatusCode {
    StatusCode::NOT_FOUND
}
"#;
        assert_rule_files(
            &UndocumentedEndpoint,
            &["axum", "sqlx"],
            &[("src/lib.rs", main), ("src/handlers.rs", handlers)],
        );
    }

    #[test]
    fn actix_attributes_and_utoipa_descriptions() {
        let main = r#"
mod users;
use actix_web::{web, App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new().service(
            web::scope("/api/v1")
                .service(users::get_user)
                .service(users::delete_user)
                .service(users::create_user)
                .route("/users", web::get().to(users::list_users)),
        )
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}
"#;
        let users = r#"
use actix_web::{delete, get, post, web, HttpResponse};

#[utoipa::path(get, path = "/api/v1/users/{id}", description = "Fetch one user by id")]
#[get("/users/{id}")]
pub async fn get_user(id: web::Path<u64>) -> HttpResponse { HttpResponse::Ok().finish() }

#[utoipa::path(delete, path = "/api/v1/users/{id}", responses((status = 204)))]
#[delete("/users/{id}")]
pub async fn delete_user(id: web::Path<u64>) -> HttpResponse { HttpResponse::NoContent().finish() } // expect: BG704

#[backend_gate::endpoint(POST, "/api/v1/users", auth = "admin", summary = "Create a user")]
#[post("/users")]
pub async fn create_user() -> HttpResponse { HttpResponse::Created().finish() }

pub async fn list_users() -> HttpResponse { HttpResponse::Ok().finish() } // expect: BG704

/// Not a handler: never registered.
pub async fn helper() {}
"#;
        assert_rule_files(
            &UndocumentedEndpoint,
            &["actix_web", "utoipa", "backend_gate"],
            &[("src/main.rs", main), ("src/users.rs", users)],
        );
    }

    #[test]
    fn aide_routers_poem_openapi_and_tests_are_fine() {
        let aide = r#"
use aide::axum::{ApiRouter, routing::get_with};
pub fn docs() -> ApiRouter {
    ApiRouter::new().api_route("/api/v1/items", get_with(items, |op| op.description("All items")))
}
async fn items() {}
"#;
        let poem = r#"
use poem_openapi::{OpenApi, payload::PlainText};
pub struct Api;
#[OpenApi]
impl Api {
    #[oai(path = "/api/v1/pets", method = "get", summary = "List pets")]
    async fn list_pets(&self) -> PlainText<String> { PlainText(String::new()) }
    /// Removes a pet.
    #[oai(path = "/api/v1/pets/:id", method = "delete")]
    async fn delete_pet(&self) {}
}
"#;
        let test = r#"
use axum::{routing::get, Router};
#[tokio::test]
async fn test_app() {
    let app = Router::new().route("/api/v1/fake", get(fake));
}
async fn fake() {}
"#;
        assert_rule_files(
            &UndocumentedEndpoint,
            &["axum", "aide", "poem", "poem_openapi"],
            &[
                ("src/docs.rs", aide),
                ("src/api.rs", poem),
                ("tests/api.rs", test),
            ],
        );
    }
}
