//! BG706 duplicate-route.

use super::{is_param, routes, segments, Site};
use crate::endpoints::attrs::attr_routes;
use crate::endpoints::resolve::FnId;
use crate::endpoints::router::{Framework, Method, RouterChain, RouterItem, RouterRef};
use crate::endpoints::{Endpoint, Model};
use crate::finding::Finding;
use crate::rule::{Category, Confidence, Level, ModelCx, Preset, Rule, RuleMeta};
use crate::source::Range;
use proc_macro2::{TokenStream, TokenTree};
use std::collections::BTreeMap;

/// Metadata of BG706.
pub static META: RuleMeta = RuleMeta {
    code: "BG706",
    name: "duplicate-route",
    category: Category::ApiDesign,
    level: Level::Deny,
    preset: Preset::Recommended,
    summary: "the same method and full path (parameter names aside) registered twice in one \
              application, also when one router is mounted twice under the same prefix",
    why:
        "axum panics at start-up on an overlapping route, and rocket refuses to launch; actix-web \
          starts but sends every request to the first registration, so the second handler is dead \
          code that reviewers believe is live. Either way the routing table is not what the code \
          seems to say.",
    bad: "Router::new()\n    .route(\"/api/v1/users/:id\", get(get_user))\n    \
          .route(\"/api/v1/users/:user_id\", get(get_user_v2))",
    good: "Router::new()\n    .route(\"/api/v1/users/:id\", get(get_user))\n    \
           .route(\"/api/v2/users/:id\", get(get_user_v2))",
    in_tests: false,
};

/// BG706 duplicate-route.
pub struct DuplicateRoute;

/// The path with parameter names erased: `/users/{id}` and `/users/{user_id}` collide.
fn shape(path: &str) -> String {
    let mut out = String::new();
    for seg in segments(path) {
        out.push('/');
        out.push_str(if is_param(seg) { "{}" } else { seg });
    }
    out
}

/// Attribute keys that let two routes share a method and path: rocket `rank` and `format`,
/// actix `guard` (guards in routers are in `Endpoint::guards`).
const DISPATCH_KEYS: &[&str] = &["rank", "format", "guard"];

/// Whether the handler's route attribute dispatches on more than method and path.
fn dispatches_further(model: &Model, e: &Endpoint) -> bool {
    let Some(id) = e.handler else { return false };
    let f = model.fn_facts(id);
    f.attrs
        .iter()
        .filter(|a| !attr_routes(f, a).is_empty())
        .any(|a| {
            let Ok(tokens) = a.args.parse::<TokenStream>() else {
                return false;
            };
            tokens.into_iter().any(|t| {
                matches!(&t, TokenTree::Ident(i) if DISPATCH_KEYS.contains(&i.to_string().as_str()))
            })
        })
}

/// Endpoints that may clash: same application (root), path shape and rocket query color.
type GroupKey = (Option<FnId>, String, Option<QueryColor>);

/// The "color" of a rocket route's query, which sets its default rank: none, static (every
/// segment literal), partial, wild (every segment dynamic).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum QueryColor {
    None,
    Static,
    Partial,
    Wild,
}

/// The query color of a rocket endpoint's route (`/ciphers/purge?<org..>` is wild,
/// `/ciphers/purge` none): routes of different colors get different default ranks, and rocket
/// tries them in turn instead of refusing to launch. `None` outside rocket.
fn rocket_query_color(model: &Model, e: &Endpoint) -> Option<QueryColor> {
    if e.framework != Framework::Rocket {
        return None;
    }
    let f = model.fn_facts(e.handler?);
    let path = f.attrs.iter().flat_map(|a| attr_routes(f, a)).next()?.path;
    let Some((_, query)) = path.split_once('?') else {
        return Some(QueryColor::None);
    };
    let segments: Vec<&str> = query.split('&').filter(|s| !s.is_empty()).collect();
    let dynamic = segments.iter().filter(|s| s.starts_with('<')).count();
    Some(match dynamic {
        0 => QueryColor::Static,
        n if n == segments.len() => QueryColor::Wild,
        _ => QueryColor::Partial,
    })
}

/// The chain of its file a registration belongs to: the top-level chain whose items (or the
/// chains built inline in them) hold it. A chain's own range is only its reported span (the last
/// method call), so registrations are matched exactly rather than by position.
fn chain_of(model: &Model, (file, at): Site) -> Option<&RouterChain> {
    fn holds(items: &[RouterItem], at: Range) -> bool {
        items.iter().any(|item| match item {
            RouterItem::Route { range, .. }
            | RouterItem::Handlers { range, .. }
            | RouterItem::Service { range, .. }
            | RouterItem::Fallback { range, .. }
            | RouterItem::OpenApi { range, .. } => *range == at,
            RouterItem::Nest { range, inner, .. } => *range == at || inner_holds(inner, at),
            RouterItem::Merge { inner } => inner_holds(inner, at),
            RouterItem::Layer { .. } | RouterItem::Prefix(_) | RouterItem::Guard(_) => false,
        })
    }
    fn inner_holds(inner: &RouterRef, at: Range) -> bool {
        matches!(inner, RouterRef::Chain(c) if holds(&c.items, at))
    }
    model.files[file]
        .routers
        .iter()
        .find(|c| holds(&c.items, at))
}

/// Whether two endpoints are registered by chains of one fn that never both run (`if`/`else`
/// arms, an early `return`): the fn yields one router or the other.
fn alternatives(model: &Model, a: &Endpoint, b: &Endpoint) -> bool {
    if a.registration.0 != b.registration.0 {
        return false;
    }
    match (
        chain_of(model, a.registration),
        chain_of(model, b.registration),
    ) {
        (Some(x), Some(y)) => {
            x.owner.is_some() && x.owner == y.owner && x.branch.excludes(&y.branch)
        }
        _ => false,
    }
}

fn help(framework: Framework) -> &'static str {
    match framework {
        Framework::ActixWeb => {
            "remove one of the registrations: actix-web sends every request to the first one, so \
             the other handler never runs"
        }
        Framework::Rocket => {
            "remove one of the routes, or give them distinct `rank`s if a request guard is meant \
             to choose between them: rocket refuses to launch on colliding routes"
        }
        _ => {
            "remove one of the registrations (axum panics at start-up on overlapping routes); to \
             serve another method on the same path, chain it: `get(list).post(create)`"
        }
    }
}

/// One duplicate registration: the endpoints it repeats and the one first registered.
struct Duplicate<'a> {
    methods: Vec<Method>,
    path: &'a str,
    first: &'a Endpoint,
}

impl Rule for DuplicateRoute {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &ModelCx, out: &mut Vec<Finding>) {
        let model = cx.model;
        // Endpoints of different roots are different applications (two binaries); unregistered
        // attribute routes (no root) are grouped together.
        let mut groups: BTreeMap<GroupKey, Vec<&Endpoint>> = BTreeMap::new();
        for e in routes(model) {
            if e.guards.is_empty() && !dispatches_further(model, e) {
                let key = (e.root, shape(&e.path), rocket_query_color(model, e));
                groups.entry(key).or_default().push(e);
            }
        }
        let mut dups: BTreeMap<Site, Duplicate> = BTreeMap::new();
        for group in groups.values_mut() {
            // In registration order: the later registration is the one that clashes.
            group.sort_by_key(|e| e.order);
            for (j, e) in group.iter().enumerate() {
                // `any(h)` beside `get(h2)` is a catch-all for the other methods (axum routes GET
                // to `h2`; actix tries routes in order), not a duplicate: only equal methods clash.
                let Some(first) = group[..j]
                    .iter()
                    .find(|f| f.method == e.method && !alternatives(model, f, e))
                else {
                    continue;
                };
                let d = dups.entry(e.registration).or_insert(Duplicate {
                    methods: Vec::new(),
                    path: &e.path,
                    first,
                });
                if !d.methods.contains(&e.method) {
                    d.methods.push(e.method);
                }
            }
        }
        for ((file, range), d) in dups {
            let methods: Vec<&str> = d.methods.iter().map(|m| m.as_str()).collect();
            let route = format!("{} {}", methods.join(", "), d.path);
            let same_site = d.first.registration == (file, range);
            let message = if same_site {
                format!(
                    "`{route}` is registered twice: the router holding this route is mounted \
                     twice under the same path"
                )
            } else if d.first.path != d.path {
                format!(
                    "`{route}` is already registered as `{} {}`",
                    d.first.method.as_str(),
                    d.first.path
                )
            } else {
                format!("`{route}` is already registered")
            };
            let Some(f) = cx.finding(&META, file, range, message, None) else {
                return;
            };
            let confidence = match d.first.framework {
                Framework::ActixWeb => Confidence::Medium,
                _ => Confidence::High,
            };
            let mut f = f
                .with_label("duplicate route")
                .with_help(help(d.first.framework))
                .with_confidence(confidence);
            if !same_site {
                f = f.with_secondary(cx.label(
                    d.first.registration.0,
                    d.first.registration.1,
                    "first registered here",
                ));
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_rule_files;

    const HANDLERS: &str = r#"
pub async fn list_users() {}
pub async fn create_user() {}
pub async fn get_user() {}
pub async fn get_user_v2() {}
pub async fn update_user() {}
pub async fn any_method() {}
"#;

    #[test]
    fn axum_duplicates_across_routers() {
        let main = r#"
mod routes;
mod handlers;
use axum::{routing::get, Router};
use crate::handlers::*;

pub fn app() -> Router {
    Router::new()
        .nest("/api/v1/users", routes::users())
        .route("/api/v1/users/:user_id", get(get_user_v2)) // expect: BG706
        .nest("/api/v1/admin", routes::admin())
        .nest("/api/v1/admin", routes::admin())
}
"#;
        let routes = r#"
use axum::{routing::{get, post, put}, Router};
use crate::handlers::*;

pub fn users() -> Router {
    Router::new()
        .route("/", get(list_users).post(create_user))
        .route("/:id", get(get_user).put(update_user))
}

pub fn admin() -> Router {
    Router::new().route("/stats", get(list_users)) // expect: BG706
}
"#;
        assert_rule_files(
            &DuplicateRoute,
            &["axum"],
            &[
                ("src/lib.rs", main),
                ("src/routes.rs", routes),
                ("src/handlers.rs", HANDLERS),
            ],
        );
        let (findings, _) = crate::testing::check_files(
            &[
                ("src/lib.rs", main),
                ("src/routes.rs", routes),
                ("src/handlers.rs", HANDLERS),
            ],
            &["axum"],
            &[&DuplicateRoute],
        );
        assert_eq!(
            findings[0].message,
            "`GET /api/v1/users/{user_id}` is already registered as `GET /api/v1/users/{id}`"
        );
        assert_eq!(findings[0].secondary[0].file, "src/routes.rs");
        assert!(findings[1].message.contains("mounted twice"));
    }

    #[test]
    fn actix_attribute_and_router_registration_of_one_path() {
        let main = r#"
mod users;
use actix_web::{web, App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new().service(
            web::scope("/api/v1")
                .service(users::list_users)
                .route("/users", web::get().to(users::list_all)) // expect: BG706
                .route("/users", web::post().to(users::create_user)),
        )
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}
"#;
        let users = r#"
use actix_web::{get, HttpResponse};
#[get("/users")]
pub async fn list_users() -> HttpResponse { HttpResponse::Ok().finish() }
pub async fn list_all() -> HttpResponse { HttpResponse::Ok().finish() }
pub async fn create_user() -> HttpResponse { HttpResponse::Created().finish() }
"#;
        assert_rule_files(
            &DuplicateRoute,
            &["actix_web"],
            &[("src/main.rs", main), ("src/users.rs", users)],
        );
    }

    #[test]
    fn methods_catch_alls_separate_apps_and_ranks_are_not_duplicates() {
        // Different methods on one path, across two `.route` calls, and a catch-all beside GET.
        let methods = r#"
use axum::{routing::{any, get, post}, Router};
use crate::handlers::*;
pub fn app() -> Router {
    Router::new()
        .route("/api/v1/users", get(list_users))
        .route("/api/v1/users", post(create_user))
        .route("/api/v1/proxy", get(get_user))
        .route("/api/v1/proxy", any(any_method))
        .route("/api/v1/users/:id", get(get_user))
        .route("/api/v1/users/:id/profile", get(get_user))
}
"#;
        assert_rule_files(
            &DuplicateRoute,
            &["axum"],
            &[("src/lib.rs", methods), ("src/handlers.rs", HANDLERS)],
        );
        // Two binaries serving the same path: two applications.
        let public = r#"
use axum::{routing::get, Router};
async fn status() {}
fn main() { let app: Router = Router::new().route("/api/v1/status", get(status)); }
"#;
        let admin = r#"
use axum::{routing::get, Router};
async fn status() {}
fn main() { let app: Router = Router::new().route("/api/v1/status", get(status)); }
"#;
        assert_rule_files(
            &DuplicateRoute,
            &["axum"],
            &[("src/bin/public.rs", public), ("src/bin/admin.rs", admin)],
        );
        // Rocket routes told apart by rank, and a test app repeating a production route.
        let rocket = r#"
#[macro_use] extern crate rocket;
#[get("/api/v1/users/<id>")]
fn user(id: usize) {}
#[get("/api/v1/users/<name>", rank = 2)]
fn user_by_name(name: &str) {}
#[launch]
fn rocket() -> _ { rocket::build().mount("/", routes![user, user_by_name]) }
#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn mounts() { let r = rocket::build().mount("/", routes![user]); }
}
"#;
        assert_rule_files(&DuplicateRoute, &["rocket"], &[("src/main.rs", rocket)]);
    }

    #[test]
    fn actix_guards_and_default_services_dispatch_further() {
        let main = r#"
mod v1;
mod v2;
use actix_web::{guard, web, App, HttpResponse, HttpServer};

async fn json_items() -> HttpResponse { HttpResponse::Ok().finish() }
async fn html_items() -> HttpResponse { HttpResponse::Ok().finish() }
async fn not_allowed() -> HttpResponse { HttpResponse::MethodNotAllowed().finish() }

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new()
            .service(web::scope("/api").guard(guard::Header("accept-version", "1")).service(v1::hello))
            .service(web::scope("/api").guard(guard::Header("accept-version", "2")).service(v2::hello))
            .service(
                web::resource("/items")
                    .route(web::get().guard(guard::Header("accept", "application/json")).to(json_items))
                    .route(web::get().to(html_items))
                    .default_service(web::to(not_allowed)),
            )
            .service(web::resource("/items/{id}").to(html_items).default_service(web::to(not_allowed)))
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}
"#;
        let v1 = "use actix_web::get;\n#[get(\"/hello\")]\npub async fn hello() -> &'static str { \"v1\" }\n";
        let v2 = "use actix_web::get;\n#[get(\"/hello\")]\npub async fn hello() -> &'static str { \"v2\" }\n";
        let files = [("src/main.rs", main), ("src/v1.rs", v1), ("src/v2.rs", v2)];
        assert_rule_files(&DuplicateRoute, &["actix_web"], &files);
        let (_, model) = crate::testing::check_files(&files, &["actix_web"], &[]);
        let fallbacks = model.endpoints.iter().filter(|e| e.fallback).count();
        assert_eq!(fallbacks, 2, "actix `default_service` is a fallback");
        let guarded: Vec<_> = model
            .endpoints
            .iter()
            // The resource's guard covers its routes and its default service alike.
            .filter(|e| !e.guards.is_empty())
            .map(|e| (e.path.as_str(), e.guards[0].as_str()))
            .collect();
        assert_eq!(
            guarded,
            [
                ("/api/hello", "guard::Header(\"accept-version\",\"1\")"),
                ("/api/hello", "guard::Header(\"accept-version\",\"2\")"),
                ("/items", "guard::Header(\"accept\",\"application/json\")"),
                ("/items", "guard::Header(\"accept\",\"application/json\")"),
                ("/items", "guard::Header(\"accept\",\"application/json\")"),
            ]
        );
    }

    #[test]
    fn rocket_alternative_route_lists_and_query_ranks() {
        let main = r#"
#[macro_use] extern crate rocket;
mod admin;
mod icons;
mod vault;
#[launch]
fn rocket() -> _ {
    rocket::build()
        .mount("/admin", admin::routes())
        .mount("/icons", icons::routes())
        .mount("/api", vault::routes())
}
"#;
        // One list or the other is mounted, never both.
        let admin = r#"
pub fn routes() -> Vec<rocket::Route> {
    if !crate::CONFIG.admin_enabled() {
        return routes![disabled];
    }
    routes![page, users]
}
#[get("/")]
fn disabled() -> &'static str { "disabled" }
#[get("/")]
fn page() -> &'static str { "admin" }
#[get("/users")]
fn users() -> &'static str { "[]" }
"#;
        let icons = r#"
pub fn routes() -> Vec<rocket::Route> {
    match crate::CONFIG.icon_service() {
        "internal" => routes![internal],
        _ => routes![external],
    }
}
#[get("/<host>/icon.png")]
fn internal(host: &str) -> &'static str { host }
#[get("/<host>/icon.png")]
fn external(host: &str) -> &'static str { host }
"#;
        // A query changes the default rank (`?<org..>` is tried first, then the plain route);
        // two routes with queries of the same kind, or two lists concatenated, still collide.
        let vault = r#"
pub fn routes() -> Vec<rocket::Route> {
    let mut all = routes![purge_org, purge_personal, search, search_again]; // expect: BG706
    all.extend(routes![export]);
    all.extend(routes![export_again]); // expect: BG706
    all
}
#[post("/ciphers/purge?<org..>")]
fn purge_org(org: Org) {}
#[post("/ciphers/purge")]
fn purge_personal() {}
#[get("/ciphers?<q>")]
fn search(q: &str) {}
#[get("/ciphers?<term>")]
fn search_again(term: &str) {}
#[get("/export")]
fn export() {}
#[get("/export")]
fn export_again() {}
"#;
        assert_rule_files(
            &DuplicateRoute,
            &["rocket"],
            &[
                ("src/main.rs", main),
                ("src/admin.rs", admin),
                ("src/icons.rs", icons),
                ("src/vault.rs", vault),
            ],
        );
    }

    #[test]
    fn salvo_routers_pushed_twice() {
        let main = r#"
pub mod routers;
use salvo::prelude::*;
#[handler]
async fn hello() -> &'static str { "hi" }
#[tokio::main]
async fn main() {
    let router = Router::new()
        .get(hello)
        .push(routers::users())
        .push(Router::with_path("users/login").post(routers::login)); // expect: BG706
    Server::new(TcpListener::new("0.0.0.0:5800").bind().await).serve(router).await;
}
"#;
        let routers = r#"
use salvo::prelude::*;
pub fn users() -> Router {
    Router::with_path("users")
        .push(Router::with_path("login").post(login))
        .push(Router::with_path("{id}").get(show).delete(remove))
}
#[handler]
pub async fn login() {}
#[handler]
pub async fn show() {}
#[handler]
pub async fn remove() {}
"#;
        assert_rule_files(
            &DuplicateRoute,
            &["salvo"],
            &[("src/main.rs", main), ("src/routers.rs", routers)],
        );
    }

    /// A `configure` fn registering one handler or a stub in the two arms of an `if`, with the
    /// registrations inside a multi-line chain (lldap's password reset routes).
    #[test]
    fn actix_routes_configured_in_exclusive_branches() {
        let main = r#"
mod auth_service;
use actix_web::{web, App, HttpServer};
#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let enable = true;
    HttpServer::new(move || {
        App::new().service(web::scope("/auth").configure(|cfg| auth_service::configure_server::<u8>(cfg, enable)))
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}
"#;
        let auth = r#"
use actix_web::{web, HttpResponse};
async fn step1<B>() -> HttpResponse { HttpResponse::Ok().finish() }
async fn step2<B>() -> HttpResponse { HttpResponse::Ok().finish() }
async fn login<B>() -> HttpResponse { HttpResponse::Ok().finish() }
pub fn configure_server<Backend>(cfg: &mut web::ServiceConfig, enable_password_reset: bool)
where
    Backend: Clone + 'static,
{
    cfg.service(web::resource("/login").route(web::post().to(login::<Backend>)));
    if enable_password_reset {
        cfg.service(
            web::resource("/reset/step1/{user_id}")
                .route(web::post().to(step1::<Backend>)),
        )
        .service(
            web::resource("/reset/step2/{token}")
                .route(web::get().to(step2::<Backend>)),
        );
    } else {
        cfg.service(
            web::resource("/reset/step1/{user_id}").route(web::post().to(HttpResponse::NotFound)),
        );
    }
    cfg.service(web::resource("/login").route(web::post().to(login::<Backend>))); // expect: BG706
}
"#;
        assert_rule_files(
            &DuplicateRoute,
            &["actix_web"],
            &[("src/main.rs", main), ("src/auth_service.rs", auth)],
        );
    }
}
