//! BG901 untested-endpoint.

use super::TestMentions;
use crate::endpoints::Endpoint;
use crate::finding::Finding;
use crate::rule::{Category, Confidence, Level, ModelCx, Preset, Rule, RuleMeta};
use crate::rules::api_design::{describe_routes, in_test_code, is_param, segments};
use crate::rules::handlers::{handler_finding, handlers};

/// Metadata of BG901.
pub static META: RuleMeta = RuleMeta {
    code: "BG901",
    name: "untested-endpoint",
    category: Category::Tests,
    level: Level::Allow,
    preset: Preset::Strict,
    summary: "no test code (`tests/`, `#[cfg(test)]` modules, test fns) names the endpoint's \
              handler or a path that matches the endpoint's path (`\"/users/42\"` and \
              `format!(\"{base}/users/{}\", id)` match `/api/v1/users/{id}`)",
    why: "An endpoint no test calls can break silently: a changed extractor, a renamed field or \
          a route lost in a refactor surfaces only in production. A request-level test (axum \
          `oneshot`, actix `test::call_service`, rocket's local client) also pins down its \
          status codes and error bodies, which clients depend on. Tests are read, not run: a \
          mention of the path with any method counts, and so does a direct call of the handler.",
    bad: "// src/routes.rs\n.route(\"/api/v1/orders\", post(create_order))\n\n\
          // tests/api.rs: nothing names `/api/v1/orders` or `create_order`\n\
          let res = app.oneshot(Request::get(\"/api/v1/users\").body(Body::empty())?).await?;",
    good:
        "// tests/api.rs\nlet res = app\n    .oneshot(Request::post(\"/api/v1/orders\")\n        \
           .header(\"content-type\", \"application/json\")\n        \
           .body(Body::from(r#\"{\"sku\":\"A-1\",\"qty\":2}\"#))?)\n    .await?;\n\
           assert_eq!(res.status(), StatusCode::CREATED);",
    in_tests: false,
};

/// BG901 untested-endpoint.
pub struct UntestedEndpoint;

/// Whether a test mention's segments match the endpoint path's: equal length, or the mention
/// matches the path's tail (tests of a sub-router, or with a base-URL hole before the path).
/// Static segments must be equal, a parameter matches any value; at least one static segment
/// must take part, so `/42` alone matches nothing.
fn tail_matches(path: &[&str], mention: &[&str]) -> bool {
    if mention.is_empty() || mention.len() > path.len() {
        return false;
    }
    let tail = &path[path.len() - mention.len()..];
    tail.iter().any(|s| !is_param(s))
        && tail
            .iter()
            .zip(mention)
            .all(|(p, m)| if is_param(p) { !m.is_empty() } else { p == m })
}

/// Whether a test mentions the endpoint's path: a matching path (see [`tail_matches`]), or the
/// literal part before a parameter ending in `/` (`"/users/"` + id for `/users/{id}`).
fn path_tested(e: &Endpoint, mentions: &TestMentions) -> bool {
    let path: Vec<&str> = segments(&e.path).collect();
    if path.is_empty() {
        return mentions.paths.iter().any(|(m, _)| m.is_empty());
    }
    mentions.paths.iter().any(|(m, open)| {
        let m: Vec<&str> = m.iter().map(String::as_str).collect();
        if tail_matches(&path, &m) {
            return true;
        }
        // "/users/" followed by an id added at run time.
        *open
            && path
                .iter()
                .enumerate()
                .any(|(i, seg)| is_param(seg) && i > 0 && tail_matches(&path[..i], &m))
    })
}

impl Rule for UntestedEndpoint {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &ModelCx, out: &mut Vec<Finding>) {
        let model = cx.model;
        let mentions = TestMentions::new(model);
        for h in handlers(model) {
            if mentions.names.contains(h.facts.name.as_str()) {
                continue;
            }
            let untested: Vec<&Endpoint> = h
                .endpoints
                .iter()
                .copied()
                .filter(|e| !e.fallback && !path_tested(e, &mentions))
                .collect();
            if untested.is_empty() {
                continue;
            }
            let routes = describe_routes(&untested);
            let message = if h.facts.name == "{closure}" {
                format!("no test calls {routes}")
            } else {
                format!(
                    "no test calls {routes} or names its handler `{}`",
                    h.facts.name
                )
            };
            if let Some(f) = handler_finding(cx, &META, &h, h.facts.name_range, message, None) {
                out.push(
                    f.with_label("untested endpoint")
                        .with_help(help(untested[0]))
                        .with_confidence(Confidence::Medium),
                );
            }
        }
        // Handlers the model could not resolve: judged by path alone, at the registration.
        for e in model
            .endpoints
            .iter()
            .filter(|e| e.handler.is_none() && !e.fallback && !in_test_code(model, e))
        {
            if path_tested(e, &mentions) {
                continue;
            }
            let (file, range) = e.registration;
            if let Some(f) = cx.finding(
                &META,
                file,
                range,
                format!("no test calls {} {}", e.method.as_str(), e.path),
                None,
            ) {
                out.push(
                    f.with_label("untested endpoint")
                        .with_help(help(e))
                        .with_confidence(Confidence::Low),
                );
            }
        }
    }
}

fn help(e: &Endpoint) -> String {
    use crate::endpoints::router::Framework;
    let call = match e.framework {
        Framework::ActixWeb => "`test::call_service(&app, test::TestRequest::..)`",
        Framework::Rocket => "rocket's `local::asynchronous::Client`",
        _ => "`app.oneshot(Request::..)` (tower's `ServiceExt`)",
    };
    format!(
        "add a test that sends `{} {}` through the router with {call} and asserts the status \
         and body, including an error case",
        e.method.as_str(),
        e.path
    )
}

#[cfg(test)]
mod tests {
    use super::super::mention_path;
    use super::*;
    use crate::testing::assert_rule_files;

    #[test]
    fn mentions_become_paths() {
        let seg = |m: &str| mention_path(m).map(|(s, open)| (s.join("/"), open));
        assert_eq!(seg("/users/42?x=1"), Some(("users/42".into(), false)));
        assert_eq!(
            seg("http://127.0.0.1:3000/api/v1/users"),
            Some(("api/v1/users".into(), false))
        );
        assert_eq!(seg("{}/users/{}"), Some(("users/{}".into(), false)));
        assert_eq!(seg("{base}/users/"), Some(("users".into(), true)));
        assert_eq!(seg("GET /users"), Some(("users".into(), false)));
        assert_eq!(seg("/"), Some((String::new(), false)));
        assert_eq!(seg("application/json"), None);
        assert_eq!(seg("users"), None);
    }

    const ROUTES: &str = r#"
use axum::{routing::{get, post, put}, Router};
use crate::handlers::{orders, users};

pub fn app() -> Router {
    Router::new()
        .route("/health", get(|| async { "ok" })) // expect: BG901
        .nest("/api/v1", api())
}

fn api() -> Router {
    Router::new()
        .route("/users", get(users::list).post(users::create))
        .route("/users/:id", get(users::show))
        .route("/users/:id/password", put(users::update))
        .route("/users/:id/avatar", put(users::upload_avatar))
        .route("/orders/:order_id/items", get(orders::items))
        .route("/orders", post(orders::place))
}
"#;

    const HANDLERS: &str = r#"
pub mod users {
    pub async fn list() {}
    pub async fn create() {}
    pub async fn show() {}
    pub async fn update() {} // expect: BG901
    pub async fn upload_avatar() {}
}
pub mod orders {
    pub async fn items() {}
    pub async fn place() {} // expect: BG901
}
"#;

    #[test]
    fn axum_integration_tests_in_tests_dir() {
        let tests = r#"
use axum::{body::Body, http::Request};
use tower::ServiceExt;

const BASE: &str = "http://localhost:3000";

#[tokio::test]
async fn lists_and_creates_users() {
    let app = app::routes::app();
    let res = app.clone().oneshot(Request::get("/api/v1/users").body(Body::empty()).unwrap()).await.unwrap();
    let res = app.oneshot(Request::get(format!("/api/v1/users/{}", 42)).body(Body::empty()).unwrap()).await.unwrap();
}

#[tokio::test]
async fn order_items() {
    let client = reqwest::Client::new();
    let res = client.get(format!("{BASE}/api/v1/orders/{}/items", 7)).send().await.unwrap();
}
"#;
        let unit = r#"
#[cfg(test)]
mod tests {
    use crate::handlers::users::upload_avatar;
    #[tokio::test]
    async fn avatar_is_stored() {
        let _ = upload_avatar().await;
    }
}
"#;
        assert_rule_files(
            &UntestedEndpoint,
            &["axum", "tokio", "tower"],
            &[
                ("src/routes.rs", ROUTES),
                ("src/handlers.rs", HANDLERS),
                ("src/other.rs", unit),
                ("tests/api.rs", tests),
            ],
        );
    }

    #[test]
    fn actix_unit_tests_with_prefix_literals() {
        let main = r#"
mod api;
use actix_web::{web, App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| App::new().service(web::scope("/api/v1").configure(api::config)))
        .bind(("0.0.0.0", 8080))?
        .run()
        .await
}
"#;
        let api = r#"
use actix_web::{delete, get, post, web, HttpResponse};

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(get_item).service(delete_item).service(create_item).service(export);
}

#[get("/items/{id}")]
async fn get_item(id: web::Path<u64>) -> HttpResponse { HttpResponse::Ok().finish() }

#[delete("/items/{id}")]
async fn delete_item(id: web::Path<u64>) -> HttpResponse { HttpResponse::NoContent().finish() }

#[post("/items/import")]
async fn create_item() -> HttpResponse { HttpResponse::Created().finish() } // expect: BG901

#[get("/export/{format}")]
async fn export() -> HttpResponse { HttpResponse::Ok().finish() } // expect: BG901

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::{test, App};

    #[actix_web::test]
    async fn get_and_delete() {
        let app = test::init_service(App::new().configure(config)).await;
        let id = 3;
        let uri = String::from("/items/") + &id.to_string();
        let req = test::TestRequest::get().uri(&uri).to_request();
        let resp = test::call_service(&app, req).await;
    }
}
"#;
        assert_rule_files(
            &UntestedEndpoint,
            &["actix_web"],
            &[("src/main.rs", main), ("src/api.rs", api)],
        );
    }

    #[test]
    fn near_misses_do_not_count_as_tests() {
        // Production code naming the path, a mention of a different path, and a bare id.
        let lib = r#"
use axum::{routing::get, Router};
pub fn app() -> Router {
    Router::new()
        .route("/api/v1/reports/:id", get(report))
        .route("/api/v1/invoices", get(invoices))
}
pub async fn report() {} // expect: BG901
pub async fn invoices() {} // expect: BG901
pub fn link() -> String { "/api/v1/invoices".to_string() }
"#;
        let tests = r#"
#[test]
fn misc() {
    let a = "/api/v1/reports";
    let b = "/42";
    let c = "/api/v1/invoices/export";
}
"#;
        assert_rule_files(
            &UntestedEndpoint,
            &["axum"],
            &[("src/lib.rs", lib), ("tests/misc.rs", tests)],
        );
    }
}
