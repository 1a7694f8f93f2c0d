//! BG703 verb-in-path.

use super::{case_style, is_operational, is_param, restyle, routes, segments, PathSites, Site};
use crate::endpoints::Endpoint;
use crate::finding::Finding;
use crate::rule::{Category, Confidence, Level, ModelCx, Preset, Rule, RuleMeta};
use std::collections::BTreeSet;

/// Metadata of BG703.
pub static META: RuleMeta = RuleMeta {
    code: "BG703",
    name: "verb-in-path",
    category: Category::ApiDesign,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "a static path segment whose first word is a CRUD verb (get, create, update, delete, \
              remove, add, fetch, list, set) in any case style: `getUser`, `create-order`, \
              `delete_item`, `/users/{id}/delete`",
    why: "In HTTP the method is the verb and the path names the resource. `POST /createOrder` \
          beside `GET /getOrders` duplicates what the method says, multiplies paths per resource, \
          and hides the method's semantics (caching, idempotency, safe retries) from clients and \
          proxies. Command words that are not CRUD (`login`, `search`, `publish`, `refresh`) are \
          fine, and only whole first words count: `settings`, `address`, `listings` and \
          `updates` are nouns.",
    bad: "Router::new()\n    .route(\"/api/v1/getOrders\", get(list_orders))\n    \
          .route(\"/api/v1/orders/create\", post(create_order))\n    \
          .route(\"/api/v1/orders/:id/delete\", post(delete_order))",
    good:
        "Router::new()\n    .route(\"/api/v1/orders\", get(list_orders).post(create_order))\n    \
           .route(\"/api/v1/orders/:id\", delete(delete_order))",
    in_tests: false,
};

/// BG703 verb-in-path.
pub struct VerbInPath;

/// CRUD verbs and the method that says the same.
const VERBS: &[(&str, &str)] = &[
    ("get", "GET"),
    ("fetch", "GET"),
    ("list", "GET"),
    ("create", "POST"),
    ("add", "POST"),
    ("update", "PUT or PATCH"),
    ("set", "PUT"),
    ("delete", "DELETE"),
    ("remove", "DELETE"),
];

/// Nouns that start with a verb word (`add-ons`, `get-started`).
const NOUNS: &[&[&str]] = &[&["add", "on"], &["add", "ons"], &["get", "started"]];

/// The verb a segment starts with, and the method that replaces it.
fn leading_verb(segment: &str) -> Option<(&'static str, &'static str, Vec<String>)> {
    if is_param(segment) {
        return None;
    }
    let words = crate::syntax::words(segment);
    let first = words.first()?;
    let &(verb, method) = VERBS.iter().find(|(v, _)| v == first)?;
    let noun = |n: &&[&str]| n.len() <= words.len() && n.iter().zip(&words).all(|(a, b)| a == b);
    if NOUNS.iter().any(noun) {
        return None;
    }
    Some((verb, method, words))
}

/// The endpoint's path with the verb taken out of `segment` (`/getOrders` → `/orders`,
/// `/orders/{id}/delete` → `/orders/{id}`).
fn suggested_path(e: &Endpoint, segment: &str, rest: &[String]) -> String {
    let style = case_style(segment);
    let renamed = match style {
        Some(style) => restyle(rest, style),
        // A single-word segment that is the verb itself goes away.
        None => rest.join(""),
    };
    let mut out = String::new();
    for seg in segments(&e.path) {
        let seg = if seg == segment {
            renamed.as_str()
        } else {
            seg
        };
        if !seg.is_empty() {
            out.push('/');
            out.push_str(seg);
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

impl Rule for VerbInPath {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &ModelCx, out: &mut Vec<Finding>) {
        let model = cx.model;
        let sites = PathSites::new(model);
        let mut seen: BTreeSet<(Site, &str)> = BTreeSet::new();
        for e in routes(model) {
            if is_operational(&e.path) {
                continue;
            }
            for seg in segments(&e.path) {
                let Some((verb, method, words)) = leading_verb(seg) else {
                    continue;
                };
                for site in sites.of(model, e, seg) {
                    if !seen.insert((site, seg)) {
                        continue;
                    }
                    let Some(f) = cx.finding(
                        &META,
                        site.0,
                        site.1,
                        format!("path segment `{seg}` starts with the verb `{verb}`"),
                        None,
                    ) else {
                        return;
                    };
                    let suggested = suggested_path(e, seg, &words[1..]);
                    out.push(
                        f.with_label(format!("verb in `{} {}`", e.method.as_str(), e.path))
                            .with_help(format!(
                                "name the resource and let the method carry the action: \
                                 `{method} {suggested}` instead of `{} {}`",
                                e.method.as_str(),
                                e.path
                            ))
                            .with_confidence(Confidence::Medium),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_rule_files;

    #[test]
    fn first_word_must_be_the_verb() {
        for seg in [
            "getUser",
            "create-order",
            "delete_item",
            "listUsers",
            "delete",
            "GetStats",
        ] {
            assert!(leading_verb(seg).is_some(), "{seg}");
        }
        for seg in [
            "settings",
            "address",
            "getaway",
            "listings",
            "updates",
            "setup",
            "add-ons",
            "login",
            "search",
            "publish",
            "{get_id}",
            "user-list",
        ] {
            assert!(leading_verb(seg).is_none(), "{seg}");
        }
    }

    #[test]
    fn axum_verbs_in_routes_and_prefixes() {
        let main = r#"
mod routes;
use axum::Router;

pub fn app() -> Router {
    Router::new()
        .nest("/api/v1/orders", routes::orders())
        .nest("/api/v1/fetchReports", routes::reports()) // expect: BG703
}
"#;
        let routes = r#"
use axum::{routing::{get, post, delete}, Router};
use crate::handlers;

pub fn orders() -> Router {
    Router::new()
        .route("/", get(handlers::list_orders))
        .route("/create-order", post(handlers::create_order)) // expect: BG703
        .route("/:id/delete", post(handlers::delete_order)) // expect: BG703
        .route("/search", get(handlers::search))
        .route("/:id/publish", post(handlers::publish))
        .route("/settings", get(handlers::settings))
}

pub fn reports() -> Router {
    Router::new()
        .route("/", get(handlers::reports))
        .route("/:id", get(handlers::reports))
}
"#;
        let handlers = r#"
pub async fn list_orders() {}
pub async fn create_order() {}
pub async fn delete_order() {}
pub async fn search() {}
pub async fn publish() {}
pub async fn settings() {}
pub async fn reports() {}
"#;
        assert_rule_files(
            &VerbInPath,
            &["axum"],
            &[
                ("src/lib.rs", main),
                ("src/routes.rs", routes),
                ("src/handlers.rs", handlers),
            ],
        );
    }

    #[test]
    fn actix_attributes_and_resources() {
        let main = r#"
mod users;
use actix_web::{web, App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new().service(
            web::scope("/api/v1")
                .service(users::get_user)
                .service(users::login)
                .service(web::resource("/updateProfile").route(web::put().to(users::update_profile))) // expect: BG703
                .route("/listings", web::get().to(users::listings)),
        )
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}
"#;
        let users = r#"
use actix_web::{get, post, web, HttpResponse};

#[get("/getUser/{id}")] // expect: BG703
pub async fn get_user(id: web::Path<u64>) -> HttpResponse { HttpResponse::Ok().finish() }

#[post("/auth/login")]
pub async fn login() -> HttpResponse { HttpResponse::Ok().finish() }

pub async fn update_profile() -> HttpResponse { HttpResponse::Ok().finish() }
pub async fn listings() -> HttpResponse { HttpResponse::Ok().finish() }
"#;
        assert_rule_files(
            &VerbInPath,
            &["actix_web"],
            &[("src/main.rs", main), ("src/users.rs", users)],
        );
    }

    #[test]
    fn nouns_commands_and_test_routes_are_fine() {
        let lib = r#"
use axum::{routing::{get, post}, Router};
pub fn app() -> Router {
    Router::new()
        .route("/api/v1/address-book", get(h))
        .route("/api/v1/updates", get(h))
        .route("/api/v1/add-ons/:id", get(h))
        .route("/api/v1/auth/logout", post(h))
        .route("/api/v1/tokens/refresh", post(h))
        .route("/api/v1/getaway-packages", get(h))
}
async fn h() {}
#[cfg(test)]
mod tests {
    use super::*;
    #[tokio::test]
    async fn stub() {
        let fake = Router::new().route("/getThing", get(h));
    }
}
"#;
        assert_rule_files(&VerbInPath, &["axum"], &[("src/lib.rs", lib)]);
    }
}
