//! BG102 fat-handler.

use crate::finding::Finding;
use crate::rule::{Category, Level, ModelCx, Preset, Rule, RuleMeta};
use crate::rules::handlers::{handler_finding, handlers};

/// Metadata of BG102.
pub static META: RuleMeta = RuleMeta {
    code: "BG102",
    name: "fat-handler",
    category: Category::Layering,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "a route handler holds business logic: cyclomatic complexity above 10 (1 + `if`/`else if` \
              + extra `match` arms + loops + `&&`/`||`) or more than 40 statements",
    why: "Branching rules, pricing, state transitions and validation written inside a handler can \
          only be exercised through HTTP, are duplicated by the next endpoint or job that needs \
          them, and bury the request/response mapping. A thin handler extracts the input, calls one \
          service function and maps its result to a response; the service holds the logic and is \
          tested directly. Closures and async blocks inside the handler count towards it.",
    bad: "async fn checkout(State(app): State<App>, Json(cart): Json<Cart>) -> Result<Json<Order>, ApiError> {\n    \
          if cart.items.is_empty() { return Err(ApiError::EmptyCart); }\n    let mut total = 0;\n    \
          for item in &cart.items {\n        let price = match item.kind {\n            Kind::Book => item.price * 95 / 100,\n            \
          Kind::Food if item.qty > 10 => item.price * 90 / 100,\n            _ => item.price,\n        };\n        \
          if item.qty == 0 || item.qty > 99 { return Err(ApiError::Quantity); }\n        total += price * item.qty;\n    }\n    \
          if cart.coupon.is_some() && total > 5_000 { total -= 500; } else if total < 1_000 { total += 499; }\n    \
          // .. stock checks, payment, e-mail ..\n}",
    good: "async fn checkout(State(app): State<App>, Json(cart): Json<Cart>) -> Result<Json<Order>, ApiError> {\n    \
           let order = app.checkout.place_order(cart).await?;\n    Ok(Json(order))\n}\n\n\
           // src/services/checkout.rs: pricing, stock and payment rules, unit-tested without HTTP\n\
           impl CheckoutService {\n    pub async fn place_order(&self, cart: Cart) -> Result<Order, CheckoutError> { /* .. */ }\n}",
    in_tests: false,
};

/// BG102 fat-handler.
pub struct FatHandler;

impl Rule for FatHandler {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &ModelCx, out: &mut Vec<Finding>) {
        for h in handlers(cx.model) {
            let f = h.facts;
            // `[thresholds]` of the handler's package.
            let limits = &cx.settings(h.file()).thresholds;
            let (max_complexity, max_statements) =
                (limits.max_handler_complexity, limits.max_handler_statements);
            let mut excess = Vec::new();
            if f.complexity > max_complexity {
                excess.push(format!(
                    "cyclomatic complexity {} (limit {max_complexity})",
                    f.complexity
                ));
            }
            if f.statements > max_statements {
                excess.push(format!(
                    "{} statements (limit {max_statements})",
                    f.statements
                ));
            }
            if excess.is_empty() {
                continue;
            }
            let who = if f.name == "{closure}" {
                "handler closure".to_string()
            } else {
                format!("handler `{}`", f.name)
            };
            let message = format!("{who} holds business logic: {}", excess.join(" and "));
            let Some(finding) = handler_finding(cx, &META, &h, f.name_range, message, None) else {
                continue;
            };
            out.push(
                finding
                    .with_label("too much logic for a route handler")
                    .with_help(
                        "move the branching and the steps into a service function and call it: \
                         the handler extracts the input, makes one service call and maps the result \
                         (or error) to a response",
                    ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule_files, check_files};

    /// `n` realistic statements: fields of a profile update copied and normalised one by one.
    fn field_statements(n: usize) -> String {
        (0..n)
            .map(|i| format!("    let field_{i} = body.field_{i}.trim().to_lowercase();\n"))
            .collect()
    }

    #[test]
    fn complexity_counts_else_if_match_arms_loops_conditions_and_closures() {
        let src = r#"
use axum::{routing::get, Router};
fn app() -> Router { Router::new().route("/api/v1/x", get(h)) }
async fn h(a: bool, b: bool, c: bool, x: Option<i32>, items: Vec<i32>) {
    if a { } else if b { } else { }
    match x { Some(1) => {} Some(_) => {} None => {} }
    for i in &items { }
    while c { }
    loop { break; }
    if a && b || c { }
    let f = |v: i32| if v > 0 { 1 } else { 0 };
    fn nested(v: bool) -> u8 { if v { 1 } else { 0 } }
}
"#;
        let (_, model) = check_files(&[("src/main.rs", src)], &["axum"], &[]);
        let h = model.files[0]
            .fns
            .iter()
            .find(|f| f.name == "h")
            .expect("fn h");
        // 1 + if/else-if 2 + match 2 + for/while/loop 3 + if 1 + &&/|| 2 + closure's if 1.
        assert_eq!(h.complexity, 12);
        // 8 in the body, `break;` in the loop, the closure's two branch blocks.
        assert_eq!(h.statements, 11);
    }

    #[test]
    fn axum_checkout_handler_with_pricing_rules() {
        let main = r#"
mod routes;
mod services;
use axum::{routing::{get, post}, Router};
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/api/v1/checkout", post(routes::checkout))
        .route("/api/v1/cart", get(routes::cart))
        .route("/api/v1/quote", post(routes::quote))
        .with_state(state)
}
"#;
        let routes = r#"
use axum::{extract::State, http::StatusCode, Json};
use crate::services::pricing;

pub async fn checkout(State(app): State<AppState>, Json(cart): Json<Cart>) -> Result<Json<Order>, ApiError> { // expect: BG102
    if cart.items.is_empty() {
        return Err(ApiError::EmptyCart);
    }
    let mut total = 0;
    for item in &cart.items {
        let price = match item.kind {
            Kind::Book => item.price * 95 / 100,
            Kind::Food if item.qty > 10 => item.price * 90 / 100,
            Kind::Gift => 0,
            _ => item.price,
        };
        if item.qty == 0 || item.qty > 99 {
            return Err(ApiError::Quantity);
        }
        total += price * item.qty;
    }
    if cart.coupon.is_some() && total > 5_000 {
        total -= 500;
    } else if total < 1_000 {
        total += 499;
    }
    let order = app.orders.place(&cart, total).await?;
    Ok(Json(order))
}

pub async fn cart(State(app): State<AppState>, session: Session) -> Result<Json<Cart>, ApiError> {
    let cart = app.carts.for_session(&session).await?;
    if cart.items.is_empty() {
        return Ok(Json(Cart::default()));
    }
    Ok(Json(cart))
}

pub async fn quote(Json(cart): Json<Cart>) -> Result<Json<Quote>, ApiError> {
    let total = pricing::total(&cart).map_err(ApiError::from)?;
    Ok(Json(Quote { total }))
}
"#;
        let services = r#"
pub mod pricing {
    pub fn total(cart: &Cart) -> Result<u64, PricingError> {
        let mut total = 0;
        for item in &cart.items {
            let price = match item.kind {
                Kind::Book => item.price * 95 / 100,
                Kind::Food if item.qty > 10 => item.price * 90 / 100,
                Kind::Gift => 0,
                _ => item.price,
            };
            if item.qty == 0 || item.qty > 99 {
                return Err(PricingError::Quantity);
            }
            if item.price == 0 && item.kind != Kind::Gift {
                return Err(PricingError::Price);
            }
            total += price * item.qty;
        }
        if cart.coupon.is_some() && total > 5_000 {
            total -= 500;
        } else if total < 1_000 {
            total += 499;
        }
        Ok(total)
    }
}
"#;
        let files = [
            ("src/main.rs", main),
            ("src/routes.rs", routes),
            ("src/services.rs", services),
        ];
        assert_rule_files(&FatHandler, &["axum"], &files);
        let (findings, _) = check_files(&files, &["axum"], &[&FatHandler]);
        assert_eq!(
            findings[0].message,
            "handler `checkout` holds business logic: cyclomatic complexity 11 (limit 10)"
        );
        assert_eq!(
            findings[0].secondary[0].message,
            "registered as POST /api/v1/checkout here"
        );
    }

    #[test]
    fn actix_handlers_by_statement_count() {
        let long = format!(
            r#"
use actix_web::{{put, patch, web, HttpResponse}};

#[put("/api/v1/profile")]
pub async fn update_profile(body: web::Json<ProfileForm>, svc: web::Data<Profiles>) -> HttpResponse {{ // expect: BG102
{}    svc.save(&body).await;
    HttpResponse::Ok().finish()
}}

#[patch("/api/v1/settings")]
pub async fn update_settings(body: web::Json<SettingsForm>, svc: web::Data<Profiles>) -> HttpResponse {{
{}    svc.save_settings(&body).await;
    HttpResponse::Ok().finish()
}}

pub fn normalise_import(body: &ImportForm) {{
{}}}
"#,
            field_statements(40),
            field_statements(38),
            field_statements(60),
        );
        let main = r#"
mod profile;
use actix_web::{App, HttpServer};
#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| App::new().service(profile::update_profile).service(profile::update_settings))
        .bind(("0.0.0.0", 8080))?
        .run()
        .await
}
"#;
        let files = [("src/main.rs", main), ("src/profile.rs", long.as_str())];
        assert_rule_files(&FatHandler, &["actix_web"], &files);
        let (findings, _) = check_files(&files, &["actix_web"], &[&FatHandler]);
        assert_eq!(
            findings[0].message,
            "handler `update_profile` holds business logic: 42 statements (limit 40)"
        );
    }

    #[test]
    fn rocket_handler_with_a_state_machine_and_test_code() {
        let src = r#"
#[macro_use] extern crate rocket;
use rocket::serde::json::Json;
use rocket::http::Status;

#[post("/orders/<id>/transition", data = "<cmd>")]
async fn transition(id: i64, cmd: Json<Command>, orders: &State<Orders>) -> Result<Json<Order>, Status> { // expect: BG102
    let mut order = orders.get(id).await.ok_or(Status::NotFound)?;
    order.status = match (order.status, cmd.action.as_str()) {
        (OrderStatus::New, "pay") if cmd.amount == order.total => OrderStatus::Paid,
        (OrderStatus::New, "cancel") => OrderStatus::Cancelled,
        (OrderStatus::Paid, "ship") if order.address.is_some() && order.items > 0 => OrderStatus::Shipped,
        (OrderStatus::Paid, "refund") => OrderStatus::Refunded,
        (OrderStatus::Shipped, "deliver") => OrderStatus::Delivered,
        (OrderStatus::Shipped, "lose") | (OrderStatus::Paid, "lose") => OrderStatus::Lost,
        (OrderStatus::Delivered, "return") => OrderStatus::Returned,
        (OrderStatus::Returned, "restock") => OrderStatus::Restocked,
        (OrderStatus::Lost, "found") => OrderStatus::Shipped,
        _ => return Err(Status::Conflict),
    };
    orders.save(&order).await.map_err(|_| Status::InternalServerError)?;
    Ok(Json(order))
}

#[post("/orders/<id>/cancel")]
async fn cancel(id: i64, orders: &State<Orders>) -> Result<Json<Order>, Status> {
    let order = orders.transition(id, Action::Cancel).await.map_err(|e| match e {
        TransitionError::NotFound => Status::NotFound,
        TransitionError::Conflict => Status::Conflict,
        _ => Status::InternalServerError,
    })?;
    Ok(Json(order))
}

#[launch]
fn rocket() -> _ {
    rocket::build().mount("/api/v1", routes![transition, cancel])
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn transitions() {
        for (from, action, to) in CASES {
            if from == to || action.is_empty() && to != from || from.is_final() { continue; }
            match action { "pay" => {} "ship" => {} "deliver" => {} "return" => {} _ => {} }
            while false {}
            loop { break; }
        }
    }
}
"#;
        assert_rule_files(&FatHandler, &["rocket"], &[("src/main.rs", src)]);
    }
}
