//! BG705 no-rate-limit.

use super::{is_operational, package_of, routes, segments, Site};
use crate::endpoints::resolve::FnId;
use crate::endpoints::router::{Framework, RouterChain, RouterItem, RouterRef};
use crate::endpoints::{Endpoint, Model};
use crate::finding::Finding;
use crate::rule::{Category, Confidence, Level, ModelCx, Preset, Rule, RuleMeta};
use crate::syntax::words;
use std::collections::{BTreeMap, BTreeSet};

/// Metadata of BG705.
pub static META: RuleMeta = RuleMeta {
    code: "BG705",
    name: "no-rate-limit",
    category: Category::ApiDesign,
    level: Level::Allow,
    preset: Preset::Strict,
    summary: "a package serves endpoints but no rate limiting is found in it (tower_governor, \
              actix-governor, rocket_governor, governor, tower's `RateLimitLayer`, a middleware or \
              extractor named like a rate limiter, `#[endpoint(rate_limit = ..)]`): one finding at \
              the application's router",
    why: "Without a limit per client, one script can try passwords at full speed, scrape every \
          record, or exhaust the database pool for everyone else. A concurrency limit \
          (`ConcurrencyLimitLayer`) only caps requests in flight: a single client still gets an \
          unlimited number of them one after another, so it does not count. Limits enforced \
          outside the code (API gateway, reverse proxy) are invisible here: turn the rule off in \
          that case.",
    bad: "let app = Router::new()\n    .route(\"/api/v1/auth/login\", post(login))\n    \
          .nest(\"/api/v1\", api)\n    .with_state(state);",
    good: "let governor = Arc::new(GovernorConfigBuilder::default().per_second(2).burst_size(5).finish()?);\n\
           let app = Router::new()\n    .route(\"/api/v1/auth/login\", post(login))\n    \
           .nest(\"/api/v1\", api)\n    .layer(GovernorLayer { config: governor })\n    \
           .with_state(state);",
    in_tests: false,
};

/// BG705 no-rate-limit.
pub struct NoRateLimit;

/// Words that alone name a rate limiter (`GovernorLayer`, `ratelimit`, `throttle`).
const LIMITER_WORDS: &[&str] = &[
    "governor",
    "ratelimit",
    "ratelimiter",
    "ratelimiting",
    "throttle",
    "throttler",
    "throttling",
];

/// Rate-limiting crates whose names do not say so.
const LIMITER_CRATES: &[&str] = &["actix_limitation", "leaky_bucket"];

/// Whether an identifier in `text` names a rate limiter: `GovernorLayer`, `RateLimitLayer`,
/// `rate_limit`, `RateLimiter`, `throttle`; not `ConcurrencyLimitLayer` or `RequestBodyLimitLayer`.
fn names_rate_limit(text: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|ident| {
            let w = words(ident);
            w.iter().any(|w| LIMITER_WORDS.contains(&w.as_str()))
                || w.windows(2)
                    .any(|p| p[0] == "rate" && p[1].starts_with("limit"))
        })
}

fn names_concurrency_limit(text: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(|ident| {
            words(ident)
                .windows(2)
                .any(|p| p[0] == "concurrency" && p[1] == "limit")
        })
}

/// Every layer text of a chain, nested chains included.
fn layers<'a>(chain: &'a RouterChain, out: &mut Vec<&'a str>) {
    for item in &chain.items {
        match item {
            RouterItem::Layer { text, .. } => out.push(text),
            RouterItem::Nest {
                inner: RouterRef::Chain(c),
                ..
            }
            | RouterItem::Merge {
                inner: RouterRef::Chain(c),
            } => layers(c, out),
            _ => {}
        }
    }
}

/// The names in the non-test code of `packages` that could show rate limiting: router layers,
/// imports, function and struct names, attributes, parameter types, calls.
fn evidence(model: &Model, packages: &BTreeSet<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for file in model
        .files
        .iter()
        .filter(|f| !f.is_test && packages.contains(f.package.name.as_str()))
    {
        let mut texts = Vec::new();
        for chain in &file.routers {
            layers(chain, &mut texts);
        }
        out.extend(texts.into_iter().map(str::to_string));
        for m in &file.modules {
            out.extend(m.imports.iter().map(|(_, path)| path.join("::")));
            out.extend(m.globs.iter().map(|path| path.join("::")));
        }
        out.extend(file.structs.iter().map(|s| s.name.clone()));
        for f in file.fns.iter().filter(|f| !f.is_test) {
            out.push(f.name.clone());
            for a in &f.attrs {
                out.push(format!("{} {}", a.path.join("::"), a.args));
            }
            out.extend(f.params.iter().map(|p| p.ty.text.clone()));
            for e in &f.events {
                match &e.kind {
                    crate::facts::EventKind::Call { path, .. } => out.push(path.join("::")),
                    crate::facts::EventKind::MethodOn { receiver, method } => {
                        out.push(format!("{receiver}.{method}"))
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

fn depends_on_limiter(model: &Model, packages: &BTreeSet<&str>) -> bool {
    model
        .files
        .iter()
        .filter(|f| packages.contains(f.package.name.as_str()))
        .any(|f| {
            f.package
                .deps
                .iter()
                .any(|d| names_rate_limit(d) || LIMITER_CRATES.contains(&d.as_str()))
        })
}

/// Where to add the limit: the last router chain of the root router fn that serves the most
/// endpoints (ties: the first fn in file order), or the first route's registration when no
/// router fn serves them (attribute-only apps).
fn anchor(model: &Model, routes: &[&Endpoint]) -> (Site, Framework) {
    let mut per_root: BTreeMap<FnId, usize> = BTreeMap::new();
    for e in routes {
        if let Some(root) = e.root {
            *per_root.entry(root).or_default() += 1;
        }
    }
    let best = per_root
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(id, _)| *id);
    let chain = best.and_then(|(file, owner)| {
        model.files[file]
            .routers
            .iter()
            .filter(|c| c.owner == Some(owner))
            .max_by_key(|c| c.range.start.offset)
            .map(|c| ((file, c.range), c.framework))
    });
    chain.unwrap_or((routes[0].registration, routes[0].framework))
}

/// A route where unlimited attempts hurt most: sign-in, tokens, passwords, one-time codes.
fn credential_route<'a>(routes: &[&'a Endpoint]) -> Option<&'a Endpoint> {
    routes.iter().copied().find(|e| {
        e.method.is_mutating()
            && segments(&e.path).any(|s| {
                let w = words(s);
                w.iter().any(|w| {
                    matches!(
                        w.as_str(),
                        "login" | "signin" | "token" | "password" | "otp" | "mfa"
                    )
                }) || w.windows(2).any(|p| p[0] == "sign" && p[1] == "in")
            })
    })
}

fn help(framework: Framework) -> &'static str {
    match framework {
        Framework::ActixWeb => {
            "wrap the app in a per-client rate limit, e.g. actix-governor: \
             `.wrap(Governor::new(&governor_conf))`, at least around sign-in and other costly \
             routes; if a gateway or proxy enforces limits, set `no-rate-limit = \"allow\"` in \
             backend-gate.toml"
        }
        Framework::Rocket => {
            "add a per-client rate limit, e.g. rocket_governor's `RocketGovernor` request guard on \
             sign-in and other costly routes; if a gateway or proxy enforces limits, set \
             `no-rate-limit = \"allow\"` in backend-gate.toml"
        }
        _ => {
            "add a per-client rate-limit layer, e.g. tower_governor: \
             `.layer(GovernorLayer { config: governor_conf })`, at least on sign-in and other \
             costly routes; if a gateway or proxy enforces limits, set `no-rate-limit = \"allow\"` \
             in backend-gate.toml"
        }
    }
}

impl Rule for NoRateLimit {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &ModelCx, out: &mut Vec<Finding>) {
        let model = cx.model;
        // One application per package (a workspace of services gets one finding per service).
        let mut apps: BTreeMap<&str, Vec<&Endpoint>> = BTreeMap::new();
        for e in routes(model) {
            if !is_operational(&e.path) {
                apps.entry(package_of(model, e)).or_default().push(e);
            }
        }
        for routes in apps.values() {
            check_app(cx, routes, out);
        }
    }
}

fn check_app(cx: &ModelCx, routes: &[&Endpoint], out: &mut Vec<Finding>) {
    let model = cx.model;
    // The app's own package and those its routes are registered in (a library of routers
    // wrapped by a binary that adds the layers).
    let packages: BTreeSet<&str> = routes
        .iter()
        .map(|e| package_of(model, e))
        .chain(
            routes
                .iter()
                .map(|e| model.files[e.registration.0].package.name.as_str()),
        )
        .collect();
    if depends_on_limiter(model, &packages)
        || routes
            .iter()
            .any(|e| e.layers.iter().any(|l| names_rate_limit(l)))
    {
        return;
    }
    let names = evidence(model, &packages);
    if names.iter().any(|n| names_rate_limit(n)) {
        return;
    }
    let ((file, range), framework) = anchor(model, routes);
    let count = routes
        .iter()
        .map(|e| (e.method, e.path.as_str()))
        .collect::<BTreeSet<_>>()
        .len();
    let Some(f) = cx.finding(
        &META,
        file,
        range,
        format!(
            "no rate limiting found for the API's {count} endpoint{}",
            if count == 1 { "" } else { "s" }
        ),
        None,
    ) else {
        return;
    };
    let mut help = help(framework).to_string();
    if names.iter().any(|n| names_concurrency_limit(n)) {
        help.push_str(" (a concurrency limit caps requests in flight, not requests per client)");
    }
    let mut f = f
        .with_label("no rate-limit layer on this router")
        .with_help(help)
        .with_confidence(Confidence::Medium);
    if let Some(e) = credential_route(routes) {
        f = f.with_secondary(cx.label(
            e.registration.0,
            e.registration.1,
            format!(
                "`{} {}` accepts unlimited attempts",
                e.method.as_str(),
                e.path
            ),
        ));
    }
    out.push(f);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_rule_files;

    #[test]
    fn rate_limit_names() {
        for t in [
            "GovernorLayer{config:Arc::new(conf)}",
            "tower::limit::RateLimitLayer",
            "from_fn(rate_limit)",
            "RateLimiter::keyed",
            "middleware::throttle",
        ] {
            assert!(names_rate_limit(t), "{t}");
        }
        for t in [
            "ConcurrencyLimitLayer::new(64)",
            "RequestBodyLimitLayer::new(1024)",
            "TraceLayer::new_for_http()",
            "moderate_limits",
        ] {
            assert!(!names_rate_limit(t), "{t}");
        }
        assert!(names_concurrency_limit("ConcurrencyLimitLayer::new(64)"));
    }

    const HANDLERS: &str = r#"
pub async fn login() {}
pub async fn list_orders() {}
pub async fn create_order() {}
"#;

    #[test]
    fn axum_app_without_limits_fires_once_at_the_root_router() {
        let main = r#"
mod routes;
mod handlers;
use axum::{routing::{get, post}, Router};
use tower::limit::ConcurrencyLimitLayer;
use tower_http::trace::TraceLayer;

#[tokio::main]
async fn main() {
    let app = Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/api/v1/auth/login", post(handlers::login))
        .nest("/api/v1/orders", routes::orders())
        .layer(ConcurrencyLimitLayer::new(64))
        .layer(TraceLayer::new_for_http()); // expect: BG705
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
"#;
        let routes = r#"
use axum::{routing::get, Router};
use crate::handlers::{list_orders, create_order};
pub fn orders() -> Router {
    Router::new().route("/", get(list_orders).post(create_order))
}
"#;
        assert_rule_files(
            &NoRateLimit,
            &["axum", "tokio", "tower", "tower_http"],
            &[
                ("src/main.rs", main),
                ("src/routes.rs", routes),
                ("src/handlers.rs", HANDLERS),
            ],
        );
        let (findings, _) = crate::testing::check_files(
            &[
                ("src/main.rs", main),
                ("src/routes.rs", routes),
                ("src/handlers.rs", HANDLERS),
            ],
            &["axum", "tokio", "tower", "tower_http"],
            &[&NoRateLimit],
        );
        assert_eq!(
            findings[0].message,
            "no rate limiting found for the API's 3 endpoints"
        );
        assert!(findings[0].help.contains("concurrency limit"));
        assert_eq!(
            findings[0].secondary[0].message,
            "`POST /api/v1/auth/login` accepts unlimited attempts"
        );
    }

    #[test]
    fn actix_attribute_app_without_limits() {
        let main = r#"
mod api;
use actix_web::{middleware::Logger, web, App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new()
            .wrap(Logger::default())
            .service(web::scope("/api/v1").service(api::list_orders)) // expect: BG705
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}
"#;
        let api = r#"
use actix_web::{get, HttpResponse};
#[get("/orders")]
pub async fn list_orders() -> HttpResponse { HttpResponse::Ok().finish() }
"#;
        assert_rule_files(
            &NoRateLimit,
            &["actix_web"],
            &[("src/main.rs", main), ("src/api.rs", api)],
        );
        // Only unregistered attribute routes: the first one's attribute is the anchor.
        let bare = r#"
use actix_web::{get, post, HttpResponse};
#[get("/api/v1/orders")] // expect: BG705
pub async fn list_orders() -> HttpResponse { HttpResponse::Ok().finish() }
#[post("/api/v1/orders")]
pub async fn create_order() -> HttpResponse { HttpResponse::Ok().finish() }
"#;
        assert_rule_files(&NoRateLimit, &["actix_web"], &[("src/lib.rs", bare)]);
    }

    #[test]
    fn limits_found_anywhere_silence_the_rule() {
        let routes = r#"
use axum::{routing::{get, post}, Router};
use crate::handlers::*;
pub fn api() -> Router {
    Router::new()
        .route("/api/v1/auth/login", post(login))
        .route("/api/v1/orders", get(list_orders).post(create_order))
}
"#;
        // tower_governor layer on the root router, in another file.
        let main = r#"
mod routes;
mod handlers;
use std::sync::Arc;
use axum::Router;
use tower_governor::{governor::GovernorConfigBuilder, GovernorLayer};
#[tokio::main]
async fn main() {
    let conf = Arc::new(GovernorConfigBuilder::default().per_second(2).burst_size(5).finish().unwrap());
    let app = Router::new().merge(routes::api()).layer(GovernorLayer { config: conf });
}
"#;
        let files = [
            ("src/main.rs", main),
            ("src/routes.rs", routes),
            ("src/handlers.rs", HANDLERS),
        ];
        assert_rule_files(&NoRateLimit, &["axum", "tokio"], &files);
        // A hand-written middleware named like a limiter.
        let custom = r#"
mod routes;
mod handlers;
mod middleware;
use axum::{middleware::from_fn, Router};
pub fn app() -> Router {
    Router::new().merge(routes::api()).layer(from_fn(middleware::rate_limit))
}
"#;
        let mw = "pub async fn rate_limit() {}\n";
        assert_rule_files(
            &NoRateLimit,
            &["axum"],
            &[
                ("src/lib.rs", custom),
                ("src/middleware.rs", mw),
                ("src/routes.rs", routes),
                ("src/handlers.rs", HANDLERS),
            ],
        );
        // A declared limit on an endpoint.
        let declared = r#"
use backend_gate::endpoint;
#[endpoint(POST, "/api/v1/auth/login", public, rate_limit = "5/min")]
pub async fn login() {}
"#;
        assert_rule_files(&NoRateLimit, &["backend_gate"], &[("src/lib.rs", declared)]);
        // Only probes: nothing to limit.
        let probes = r#"
use axum::{routing::get, Router};
pub fn app() -> Router {
    Router::new().route("/health", get(health)).route("/metrics", get(health))
}
async fn health() {}
"#;
        assert_rule_files(&NoRateLimit, &["axum"], &[("src/lib.rs", probes)]);
        // The package depends on actix-governor (its use is in another workspace member).
        let actix = r#"
use actix_web::{get, HttpResponse};
#[get("/api/v1/orders")]
pub async fn list_orders() -> HttpResponse { HttpResponse::Ok().finish() }
"#;
        assert_rule_files(
            &NoRateLimit,
            &["actix_web", "actix_governor"],
            &[("src/lib.rs", actix)],
        );
    }
}
