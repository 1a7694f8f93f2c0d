//! BG702 inconsistent-path-case.

use super::{
    case_style, is_operational, package_of, restyle, routes, segments, CaseStyle, PathSites, Site,
};
use crate::endpoints::Endpoint;
use crate::finding::Finding;
use crate::rule::{Category, Level, ModelCx, Preset, Rule, RuleMeta};
use std::collections::{BTreeMap, BTreeSet};

/// Metadata of BG702.
pub static META: RuleMeta = RuleMeta {
    code: "BG702",
    name: "inconsistent-path-case",
    category: Category::ApiDesign,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "multi-word path segments mix kebab-case, snake_case and camelCase across the API: \
              segments in a minority style fire, naming the style most of the API uses",
    why: "A client developer who has seen `/order-items` will guess `/shipping-addresses`, not \
          `/shipping_addresses`. Mixed styles make every path something to look up, produce 404s \
          from reasonable guesses, and usually mean parts of the API were designed without a \
          shared convention. Single-word segments, parameters and operational paths do not count.",
    bad: "Router::new()\n    .route(\"/api/v1/order-items\", get(list_items))\n    \
          .route(\"/api/v1/gift-cards\", get(list_cards))\n    \
          .route(\"/api/v1/shipping_addresses\", get(list_addresses))",
    good: "Router::new()\n    .route(\"/api/v1/order-items\", get(list_items))\n    \
           .route(\"/api/v1/gift-cards\", get(list_cards))\n    \
           .route(\"/api/v1/shipping-addresses\", get(list_addresses))",
    in_tests: false,
};

/// BG702 inconsistent-path-case.
pub struct InconsistentPathCase;

impl Rule for InconsistentPathCase {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &ModelCx, out: &mut Vec<Finding>) {
        let model = cx.model;
        // Each package is its own API: a workspace of services may differ between services.
        let mut apis: BTreeMap<&str, Vec<&Endpoint>> = BTreeMap::new();
        for e in routes(model) {
            if !is_operational(&e.path) {
                apis.entry(package_of(model, e)).or_default().push(e);
            }
        }
        let sites = PathSites::new(model);
        for routes in apis.values() {
            check_api(cx, &sites, routes, out);
        }
    }
}

fn check_api(cx: &ModelCx, sites: &PathSites, routes: &[&Endpoint], out: &mut Vec<Finding>) {
    // Distinct segments per style: a path served by five methods counts once.
    let mut styles: BTreeMap<CaseStyle, BTreeSet<&str>> = BTreeMap::new();
    for e in routes {
        for seg in segments(&e.path) {
            if let Some(style) = case_style(seg) {
                styles.entry(style).or_default().insert(seg);
            }
        }
    }
    let mut counts: Vec<(CaseStyle, usize)> =
        styles.iter().map(|(s, segs)| (*s, segs.len())).collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let (majority, top) = match counts[..] {
        [(style, n), (_, next), ..] if n > next => (style, n),
        _ => return,
    };
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let mut seen: BTreeSet<(Site, &str)> = BTreeSet::new();
    for e in routes {
        for seg in segments(&e.path) {
            let Some(style) = case_style(seg).filter(|s| *s != majority) else {
                continue;
            };
            for site in sites.of(cx.model, e, seg) {
                if !seen.insert((site, seg)) {
                    continue;
                }
                let renamed = restyle(&crate::syntax::words(seg), majority);
                let Some(f) = cx.finding(
                    &META,
                    site.0,
                    site.1,
                    format!(
                        "path segment `{seg}` is {}, but {top} of the API's {total} multi-word \
                         segments are {}",
                        style.as_str(),
                        majority.as_str()
                    ),
                    None,
                ) else {
                    return;
                };
                out.push(
                    f.with_label(format!("{} segment in `{}`", style.as_str(), e.path))
                        .with_help(format!(
                            "rename it to `{renamed}` to match the rest of the API (keep the old \
                             path as a redirect if clients already use it)"
                        )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_rule_files;

    const HANDLERS: &str = r#"
pub async fn list_items() {}
pub async fn list_cards() {}
pub async fn show_card() {}
pub async fn list_addresses() {}
pub async fn add_address() {}
pub async fn list_methods() {}
pub async fn reset() {}
"#;

    #[test]
    fn axum_minority_style_fires_at_route_and_at_nest_prefix() {
        let main = r#"
mod routes;
mod handlers;
use axum::Router;

pub fn app() -> Router {
    Router::new()
        .nest("/api/v1", routes::shop())
        .nest("/api/v1/payment_methods", routes::payments()) // expect: BG702
}
"#;
        let routes = r#"
use axum::{routing::{get, post}, Router};
use crate::handlers::*;

pub fn shop() -> Router {
    Router::new()
        .route("/order-items", get(list_items))
        .route("/gift-cards", get(list_cards))
        .route("/gift-cards/:card_id", get(show_card))
        .route("/password-reset", post(reset))
        .route("/shipping_addresses", get(list_addresses).post(add_address)) // expect: BG702
}

pub fn payments() -> Router {
    Router::new()
        .route("/", get(list_methods))
        .route("/:method_id", get(list_methods))
}
"#;
        assert_rule_files(
            &InconsistentPathCase,
            &["axum"],
            &[
                ("src/main.rs", main),
                ("src/routes.rs", routes),
                ("src/handlers.rs", HANDLERS),
            ],
        );
    }

    #[test]
    fn actix_camel_case_among_snake_case() {
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
use actix_web::{get, post, web, HttpResponse};

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(list_line_items)
        .service(create_line_item)
        .service(web::resource("/tax_rates").route(web::get().to(tax_rates)))
        .service(web::scope("/shippingZones").service(zones)); // expect: BG702
}

#[get("/line_items")]
async fn list_line_items() -> HttpResponse { HttpResponse::Ok().finish() }

#[post("/line_items")]
async fn create_line_item() -> HttpResponse { HttpResponse::Created().finish() }

#[get("/{zone_id}/deliveryWindows")] // expect: BG702
async fn zones() -> HttpResponse { HttpResponse::Ok().finish() }

async fn tax_rates() -> HttpResponse { HttpResponse::Ok().finish() }

#[get("/gift_cards")]
async fn gift_cards() -> HttpResponse { HttpResponse::Ok().finish() }
"#;
        assert_rule_files(
            &InconsistentPathCase,
            &["actix_web"],
            &[("src/main.rs", main), ("src/api.rs", api)],
        );
    }

    #[test]
    fn consistent_ties_params_and_operational_paths_do_not_fire() {
        // One style only; `{user_id}` is a parameter and `/.well-known/openid-configuration`
        // and `/api-docs` are names the API does not choose.
        let consistent = r#"
use axum::{routing::get, Router};
pub fn app() -> Router {
    Router::new()
        .route("/api/v1/order-items/:item_id", get(h))
        .route("/api/v1/users/:user_id/gift-cards", get(h))
        .route("/.well-known/openid_configuration", get(h))
        .route("/api-docs/openapi.json", get(h))
}
async fn h() {}
"#;
        assert_rule_files(
            &InconsistentPathCase,
            &["axum"],
            &[("src/lib.rs", consistent)],
        );
        // One kebab-case and one snake_case segment: no majority, no finding.
        let tie = r#"
use axum::{routing::get, Router};
pub fn app() -> Router {
    Router::new()
        .route("/api/v1/order-items", get(h))
        .route("/api/v1/gift_cards", get(h))
        .route("/api/v1/users", get(h))
}
async fn h() {}
"#;
        assert_rule_files(&InconsistentPathCase, &["axum"], &[("src/lib.rs", tie)]);
        // Routes of a test app do not count.
        let with_test = r#"
use axum::{routing::get, Router};
pub fn app() -> Router {
    Router::new()
        .route("/api/v1/order-items", get(h))
        .route("/api/v1/gift-cards", get(h))
}
async fn h() {}
#[cfg(test)]
mod tests {
    use super::*;
    #[tokio::test]
    async fn fake_upstream() {
        let upstream = Router::new().route("/mock_service/call_back", get(h));
    }
}
"#;
        assert_rule_files(
            &InconsistentPathCase,
            &["axum"],
            &[("src/lib.rs", with_test)],
        );
    }
}
