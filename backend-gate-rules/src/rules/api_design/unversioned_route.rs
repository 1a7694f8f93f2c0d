//! BG701 unversioned-route.

use super::{describe, is_operational, is_param, routes, segments, Site};
use crate::endpoints::router::Framework;
use crate::endpoints::Endpoint;
use crate::finding::Finding;
use crate::rule::{Category, Level, ModelCx, Preset, Rule, RuleMeta};
use std::collections::BTreeMap;

/// Metadata of BG701.
pub static META: RuleMeta = RuleMeta {
    code: "BG701",
    name: "unversioned-route",
    category: Category::ApiDesign,
    level: Level::Allow,
    preset: Preset::Strict,
    summary: "a route whose full path has no version segment (`v1`, `v2beta1`, a `{version}` \
              parameter); the root, health checks, probes, metrics, `/.well-known/*` and \
              generated API docs are exempt",
    why: "Clients you do not control keep calling the paths they were built against. Without a \
          version in the path, every breaking change (a renamed field, a new required input) breaks \
          them all at once; with `/v1` you can ship `/v2` beside it and retire `/v1` on your own \
          schedule.",
    bad: "let app = Router::new()\n    .route(\"/users\", get(list_users).post(create_user))\n    \
          .route(\"/users/:id\", get(get_user));",
    good: "let v1 = Router::new()\n    .route(\"/users\", get(list_users).post(create_user))\n    \
           .route(\"/users/:id\", get(get_user));\nlet app = Router::new().nest(\"/api/v1\", v1);",
    in_tests: false,
};

/// BG701 unversioned-route.
pub struct UnversionedRoute;

/// Parameter names that carry the version (`/api/{version}/users`).
const VERSION_PARAMS: &[&str] = &["version", "api_version", "apiVersion", "ver", "v"];

fn matches_pattern(pattern: &[u8], text: &[u8]) -> bool {
    match pattern {
        [] => text.is_empty(),
        [b'*', rest @ ..] => (0..=text.len()).any(|i| matches_pattern(rest, &text[i..])),
        [b'<', b'N', b'>', rest @ ..] => {
            let digits = text.iter().take_while(|c| c.is_ascii_digit()).count();
            (1..=digits).any(|i| matches_pattern(rest, &text[i..]))
        }
        [c, rest @ ..] => {
            text.first().is_some_and(|t| t.eq_ignore_ascii_case(c))
                && matches_pattern(rest, &text[1..])
        }
    }
}

/// Whether a path segment marks the API version: a version parameter, or a literal matching
/// `pattern` (`version-pattern`: `<N>` is one or more digits, `*` anything, also nothing, other
/// characters match themselves, ignoring case; the default `v<N>*` matches `v1`, `V2`, `v1.1`,
/// `v2beta1`).
pub fn is_version_segment(segment: &str, pattern: &str) -> bool {
    if is_param(segment) {
        let name = &segment[1..segment.len() - 1];
        return VERSION_PARAMS.contains(&name);
    }
    matches_pattern(pattern.as_bytes(), segment.as_bytes())
}

fn help(framework: Framework) -> &'static str {
    match framework {
        Framework::ActixWeb => {
            "serve the API under a version prefix, e.g. `web::scope(\"/api/v1\")`, so a breaking \
             change can ship as `/v2` while existing clients keep `/v1`"
        }
        Framework::Rocket => {
            "mount the API under a version prefix, e.g. `.mount(\"/api/v1\", routes![..])`, so a \
             breaking change can ship as `/v2` while existing clients keep `/v1`"
        }
        _ => {
            "nest the API under a version prefix, e.g. `Router::new().nest(\"/api/v1\", api)`, so \
             a breaking change can ship as `/v2` while existing clients keep `/v1`"
        }
    }
}

impl Rule for UnversionedRoute {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &ModelCx, out: &mut Vec<Finding>) {
        // One finding per registration, naming each unversioned path it serves.
        let mut by_site: BTreeMap<Site, Vec<&Endpoint>> = BTreeMap::new();
        for e in routes(cx.model) {
            let pattern = &cx.settings(e.registration.0).version_pattern;
            if is_operational(&e.path) || segments(&e.path).any(|s| is_version_segment(s, pattern))
            {
                continue;
            }
            by_site.entry(e.registration).or_default().push(e);
        }
        for ((file, range), endpoints) in by_site {
            let mut paths: Vec<(&str, Vec<&str>)> = Vec::new();
            for e in &endpoints {
                match paths.iter_mut().find(|(p, _)| *p == e.path) {
                    Some((_, methods)) => methods.push(e.method.as_str()),
                    None => paths.push((&e.path, vec![e.method.as_str()])),
                }
            }
            let routes = paths
                .iter()
                .map(|(p, m)| format!("`{}`", describe(m, p)))
                .collect::<Vec<_>>()
                .join(", ");
            let Some(f) = cx.finding(
                &META,
                file,
                range,
                format!("{routes} has no version segment in its path"),
                None,
            ) else {
                return;
            };
            out.push(
                f.with_label("unversioned route")
                    .with_help(help(endpoints[0].framework)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::DEFAULT_VERSION_PATTERN;
    use crate::testing::assert_rule_files;

    #[test]
    fn version_segments() {
        for s in ["v1", "V2", "v1.1", "v2beta1", "{version}"] {
            assert!(is_version_segment(s, DEFAULT_VERSION_PATTERN), "{s}");
        }
        for s in ["v", "users", "video", "vendors", "{id}", "version"] {
            assert!(!is_version_segment(s, DEFAULT_VERSION_PATTERN), "{s}");
        }
    }

    #[test]
    fn axum_routes_outside_a_version_prefix_fire() {
        let main = r#"
mod routes;
use axum::{routing::get, Router};

#[tokio::main]
async fn main() {
    let app = Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/metrics", get(routes::metrics))
        .nest("/api/v1", routes::v1())
        .nest("/api", routes::legacy())
        .route("/", get(routes::index));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
"#;
        let routes = r#"
use axum::{routing::{get, post}, Router};
use crate::handlers::{users, orders};

pub fn v1() -> Router {
    Router::new()
        .route("/users", get(users::list).post(users::create))
        .route("/users/:id", get(users::show))
}

pub fn legacy() -> Router {
    Router::new()
        .route("/orders", get(orders::list).post(orders::create)) // expect: BG701
        .route("/orders/:id", get(orders::show)) // expect: BG701
}

pub async fn metrics() -> String { String::new() }
pub async fn index() -> &'static str { "hello" }

#[cfg(test)]
mod tests {
    use super::*;
    fn test_app() -> Router {
        Router::new().route("/echo", get(|| async { "x" }))
    }
}
"#;
        let handlers = r#"
pub mod users {
    pub async fn list() {}
    pub async fn create() {}
    pub async fn show() {}
}
pub mod orders {
    pub async fn list() {}
    pub async fn create() {}
    pub async fn show() {}
}
"#;
        assert_rule_files(
            &UnversionedRoute,
            &["axum", "tokio"],
            &[
                ("src/main.rs", main),
                ("src/routes.rs", routes),
                ("src/handlers.rs", handlers),
            ],
        );
    }

    #[test]
    fn actix_scopes_and_attributes() {
        let main = r#"
mod api;
use actix_web::{web, App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new()
            .service(api::healthz)
            .service(web::scope("/api/v2").configure(api::config))
            .service(web::scope("/admin").service(api::stats)) // expect: BG701
            .default_service(web::to(api::not_found))
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}
"#;
        let api = r#"
use actix_web::{get, web, HttpResponse, Responder};

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/items/{id}").route(web::get().to(get_item)));
}

#[get("/healthz")]
pub async fn healthz() -> impl Responder { HttpResponse::Ok() }

#[get("/stats")]
pub async fn stats() -> impl Responder { HttpResponse::Ok() }

#[get("/reports/{year}")] // expect: BG701
pub async fn orphan_report() -> impl Responder { HttpResponse::Ok() }

async fn get_item() -> impl Responder { HttpResponse::Ok() }
pub async fn not_found() -> impl Responder { HttpResponse::NotFound() }
"#;
        assert_rule_files(
            &UnversionedRoute,
            &["actix_web"],
            &[("src/main.rs", main), ("src/api.rs", api)],
        );
    }

    #[test]
    fn version_parameters_docs_and_test_apps_are_fine() {
        let main = r#"
use axum::{routing::{get, post}, Router};
use utoipa_swagger_ui::SwaggerUi;

pub fn app() -> Router {
    Router::new()
        .route("/api/{version}/search", get(search))
        .route("/api-docs/openapi.json", get(openapi))
        .route("/.well-known/jwks.json", get(jwks))
        .route("/readyz", get(ready))
        .route("/webhooks/stripe", post(stripe)) // expect: BG701
}

async fn search() {}
async fn openapi() {}
async fn jwks() {}
async fn ready() {}
async fn stripe() {}
"#;
        let test = r#"
use axum::{routing::get, Router};
#[tokio::test]
async fn serves_echo() {
    let app = Router::new().route("/echo", get(|| async { "x" }));
}
"#;
        assert_rule_files(
            &UnversionedRoute,
            &["axum", "utoipa_swagger_ui"],
            &[("src/lib.rs", main), ("tests/api.rs", test)],
        );
    }
}
