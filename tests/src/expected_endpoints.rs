//! The endpoints of each fixture backend — method, full path and handler — written by hand from
//! the fixtures' router code (not copied from the tool's output). The endpoint tests and the
//! registry tests read these same lists.

/// One expected endpoint: method, full path, handler module path.
pub type Expected = (&'static str, &'static str, &'static str);

/// `fixtures/axum-sqlx`.
pub const AXUM_SQLX: &[Expected] = &[
    // `routes::api()`, nested at /api/v1 in main.
    ("GET", "/api/v1/users", "shop_api::routes::users::list"),
    ("GET", "/api/v1/users/{id}", "shop_api::routes::users::show"),
    (
        "PUT",
        "/api/v1/users/{id}",
        "shop_api::routes::users::update",
    ),
    (
        "PUT",
        "/api/v1/users/{id}/avatar",
        "shop_api::routes::users::upload_avatar",
    ),
    (
        "DELETE",
        "/api/v1/users/{id}/avatar",
        "shop_api::routes::users::remove_avatar",
    ),
    (
        "POST",
        "/api/v1/users/export",
        "shop_api::routes::users::export",
    ),
    ("GET", "/api/v1/orders", "shop_api::routes::orders::list"),
    ("POST", "/api/v1/orders", "shop_api::routes::orders::create"),
    (
        "GET",
        "/api/v1/orders/search",
        "shop_api::routes::orders::search",
    ),
    (
        "GET",
        "/api/v1/orders/{id}",
        "shop_api::routes::orders::show",
    ),
    (
        "POST",
        "/api/v1/auth/login",
        "shop_api::routes::auth::login",
    ),
    (
        "POST",
        "/api/v1/auth/register",
        "shop_api::routes::auth::register",
    ),
    (
        "POST",
        "/api/v1/auth/refresh",
        "shop_api::routes::auth::refresh",
    ),
    // `routes::webhooks()`, merged at the root.
    (
        "POST",
        "/webhooks/partner",
        "shop_api::routes::orders::partner_callback",
    ),
    // The metrics listener (`#[path = "ops/metrics_server.rs"] mod metrics`).
    ("GET", "/metrics", "shop_api::metrics::render"),
];

/// `fixtures/actix-diesel`.
pub const ACTIX_DIESEL: &[Expected] = &[
    // `handlers::routes`: attribute handlers registered with `.service(..)` in the
    // /api/v1 scope.
    (
        "POST",
        "/api/v1/users",
        "blog_api::handlers::users::register",
    ),
    ("POST", "/api/v1/login", "blog_api::handlers::users::login"),
    (
        "GET",
        "/api/v1/users/{id}",
        "blog_api::handlers::users::show",
    ),
    (
        "GET",
        "/api/v1/me/tokens",
        "blog_api::handlers::users::list_tokens",
    ),
    (
        "POST",
        "/api/v1/me/tokens",
        "blog_api::handlers::users::create_token",
    ),
    (
        "PUT",
        "/api/v1/me/password",
        "blog_api::handlers::users::change_password",
    ),
    ("GET", "/api/v1/posts", "blog_api::handlers::posts::list"),
    (
        "GET",
        "/api/v1/posts/search",
        "blog_api::handlers::posts::search",
    ),
    (
        "GET",
        "/api/v1/tags/{tag}/posts",
        "blog_api::handlers::posts::by_tag",
    ),
    (
        "GET",
        "/api/v1/authors/{id}/posts",
        "blog_api::handlers::posts::by_author",
    ),
    ("POST", "/api/v1/posts", "blog_api::handlers::posts::create"),
    (
        "PUT",
        "/api/v1/posts/{id}/publish",
        "blog_api::handlers::posts::publish",
    ),
    (
        "GET",
        "/api/v1/posts/{slug}",
        "blog_api::handlers::posts::show",
    ),
    // `handlers::admin_routes`, configured inside `web::scope("/admin")`.
    (
        "GET",
        "/admin/users",
        "blog_api::handlers::admin::list_users",
    ),
    (
        "GET",
        "/admin/reports/posts",
        "blog_api::handlers::admin::post_report",
    ),
    // The health server.
    ("GET", "/healthz", "blog_api::handlers::health"),
];

/// `fixtures/axum-seaorm`.
pub const AXUM_SEAORM: &[Expected] = &[
    // main: the fallback, and `api::health::router()` merged at the root.
    ("ANY", "/", "taskboard::api::not_found"),
    ("GET", "/health", "taskboard::api::health::{closure}"),
    ("GET", "/health/ready", "taskboard::api::health::ready"),
    // `routes::api_v1()` nested at /api/v1; handler modules re-exported by `api`.
    (
        "GET",
        "/api/v1/projects",
        "taskboard::api::v1::projects::list",
    ),
    (
        "POST",
        "/api/v1/projects",
        "taskboard::api::v1::projects::create",
    ),
    (
        "GET",
        "/api/v1/projects/{id}",
        "taskboard::api::v1::projects::show",
    ),
    (
        "PATCH",
        "/api/v1/projects/{id}",
        "taskboard::api::v1::projects::update",
    ),
    (
        "DELETE",
        "/api/v1/projects/{id}",
        "taskboard::api::v1::projects::archive",
    ),
    (
        "GET",
        "/api/v1/projects/{id}/tasks",
        "taskboard::api::v1::projects::board",
    ),
    (
        "POST",
        "/api/v1/projects/{id}/add-member",
        "taskboard::api::v1::projects::add_member",
    ),
    (
        "GET",
        "/api/v1/projects/{id}/activity_log",
        "taskboard::api::v1::projects::activity",
    ),
    // `tasks::list::<Postgres>`: turbofish on a generic handler.
    ("GET", "/api/v1/tasks", "taskboard::api::v1::tasks::list"),
    ("POST", "/api/v1/tasks", "taskboard::api::v1::tasks::create"),
    (
        "GET",
        "/api/v1/tasks/due-soon",
        "taskboard::api::v1::tasks::due_soon",
    ),
    (
        "POST",
        "/api/v1/tasks/bulk-update",
        "taskboard::api::v1::tasks::bulk_update",
    ),
    (
        "GET",
        "/api/v1/tasks/{id}",
        "taskboard::api::v1::tasks::show",
    ),
    (
        "PUT",
        "/api/v1/tasks/{id}",
        "taskboard::api::v1::tasks::update",
    ),
    (
        "DELETE",
        "/api/v1/tasks/{id}",
        "taskboard::api::v1::tasks::remove",
    ),
    (
        "GET",
        "/api/v1/tasks/{id}/complete",
        "taskboard::api::v1::tasks::complete",
    ),
    ("GET", "/api/v1/users/me", "taskboard::api::v1::users::me"),
    (
        "PUT",
        "/api/v1/users/me",
        "taskboard::api::v1::users::update_me",
    ),
    (
        "POST",
        "/api/v1/auth/register",
        "taskboard::api::v1::accounts::register",
    ),
    (
        "POST",
        "/api/v1/auth/login",
        "taskboard::api::v1::accounts::login",
    ),
    (
        "POST",
        "/api/v1/auth/forgot-password",
        "taskboard::api::v1::accounts::forgot_password",
    ),
    // `api::compat::router()` registers the board a second time (a start-up panic).
    (
        "GET",
        "/api/v1/projects/{id}/tasks",
        "taskboard::api::v1::projects::board",
    ),
    (
        "POST",
        "/api/v1/integrations/github/webhook",
        "taskboard::api::v1::integrations::github_webhook",
    ),
];

/// `fixtures/rocket-diesel`.
pub const ROCKET_DIESEL: &[Expected] = &[
    // `routes![routes::health::live, routes::health::ready]` mounted at /.
    ("GET", "/health", "helpdesk::routes::health::live"),
    ("GET", "/health/ready", "helpdesk::routes::health::ready"),
    // `tickets::routes()` at /api/v1/tickets; query parameters are not part of the path.
    ("GET", "/api/v1/tickets", "helpdesk::routes::tickets::list"),
    (
        "GET",
        "/api/v1/tickets/search",
        "helpdesk::routes::tickets::search",
    ),
    (
        "GET",
        "/api/v1/tickets/{id}",
        "helpdesk::routes::tickets::show",
    ),
    // The agents' view of the same path, without the `rank` that would tell them apart.
    (
        "GET",
        "/api/v1/tickets/{id}",
        "helpdesk::routes::tickets::agent_view",
    ),
    (
        "GET",
        "/api/v1/tickets/{id}/take",
        "helpdesk::routes::tickets::take",
    ),
    (
        "POST",
        "/api/v1/tickets/triage",
        "helpdesk::routes::tickets::triage",
    ),
    (
        "POST",
        "/api/v1/tickets",
        "helpdesk::routes::tickets::create",
    ),
    (
        "PATCH",
        "/api/v1/tickets/{id}",
        "helpdesk::routes::tickets::update",
    ),
    (
        "POST",
        "/api/v1/tickets/{id}/close",
        "helpdesk::routes::tickets::close",
    ),
    (
        "POST",
        "/api/v1/tickets/{id}/reopen",
        "helpdesk::routes::tickets::reopen",
    ),
    (
        "GET",
        "/api/v1/tickets/{id}/attachments/{name}",
        "helpdesk::routes::tickets::attachment",
    ),
    // `comments::routes()`, mounted at the same prefix.
    (
        "GET",
        "/api/v1/tickets/{id}/comments",
        "helpdesk::routes::comments::list",
    ),
    (
        "POST",
        "/api/v1/tickets/{id}/comments",
        "helpdesk::routes::comments::create",
    ),
    (
        "DELETE",
        "/api/v1/tickets/{id}/comments/{comment_id}",
        "helpdesk::routes::comments::delete",
    ),
    // `agents::routes()` at /api/v1/agents.
    ("GET", "/api/v1/agents", "helpdesk::routes::agents::list"),
    (
        "GET",
        "/api/v1/agents/me/openTickets",
        "helpdesk::routes::agents::open_tickets",
    ),
    (
        "GET",
        "/api/v1/agents/me/closed-tickets",
        "helpdesk::routes::agents::closed_tickets",
    ),
    (
        "PUT",
        "/api/v1/agents/me/availability",
        "helpdesk::routes::agents::set_status",
    ),
    // `notifications::routes()` at /api/v1/notifications.
    (
        "GET",
        "/api/v1/notifications/unsubscribe/{token}",
        "helpdesk::routes::notifications::unsubscribe",
    ),
    // `admin::routes()` at /admin.
    ("GET", "/admin/stats", "helpdesk::routes::admin::stats"),
    (
        "DELETE",
        "/admin/customers/{id}",
        "helpdesk::routes::admin::delete_customer",
    ),
    (
        "POST",
        "/admin/tickets/delete-closed",
        "helpdesk::routes::admin::purge_closed",
    ),
];

/// `fixtures/refinery-worker`.
pub const REFINERY_WORKER: &[Expected] = &[];

/// `fixtures/poem-app`.
pub const POEM_APP: &[Expected] = &[
    // `OpenApiService::new((ItemsApi, SuppliersApi, OrdersApi), ..)` nested at /api/v1.
    (
        "GET",
        "/api/v1/items",
        "stockroom::api::items::ItemsApi::list",
    ),
    (
        "POST",
        "/api/v1/items",
        "stockroom::api::items::ItemsApi::create",
    ),
    (
        "GET",
        "/api/v1/items/{id}",
        "stockroom::api::items::ItemsApi::get",
    ),
    // The pre-OpenAPI route for the same lookup, still on the public `Route`.
    (
        "GET",
        "/api/v1/items/{id}",
        "stockroom::handlers::legacy_item",
    ),
    (
        "PUT",
        "/api/v1/items/{id}",
        "stockroom::api::items::ItemsApi::update",
    ),
    (
        "DELETE",
        "/api/v1/items/{id}",
        "stockroom::api::items::ItemsApi::delete",
    ),
    (
        "POST",
        "/api/v1/items/{id}/adjustStock",
        "stockroom::api::items::ItemsApi::adjust_stock",
    ),
    (
        "GET",
        "/api/v1/items/{id}/stock-movements",
        "stockroom::api::items::ItemsApi::movements",
    ),
    (
        "GET",
        "/api/v1/suppliers",
        "stockroom::api::suppliers::SuppliersApi::list",
    ),
    (
        "POST",
        "/api/v1/suppliers",
        "stockroom::api::suppliers::SuppliersApi::create",
    ),
    (
        "GET",
        "/api/v1/suppliers/{id}",
        "stockroom::api::suppliers::SuppliersApi::get",
    ),
    (
        "GET",
        "/api/v1/purchase-orders",
        "stockroom::api::orders::OrdersApi::list",
    ),
    (
        "POST",
        "/api/v1/purchase-orders",
        "stockroom::api::orders::OrdersApi::create",
    ),
    (
        "POST",
        "/api/v1/purchase-orders/{id}/receive",
        "stockroom::api::orders::OrdersApi::receive",
    ),
    (
        "POST",
        "/api/v1/purchase-orders/{id}/add-line",
        "stockroom::api::orders::OrdersApi::add_line",
    ),
    (
        "GET",
        "/api/v1/purchase-orders/{id}/approve",
        "stockroom::api::orders::OrdersApi::approve",
    ),
    // `#[handler]`s on the public `Route`.
    ("GET", "/health", "stockroom::handlers::health"),
    (
        "POST",
        "/webhooks/carrier",
        "stockroom::handlers::webhooks::carrier",
    ),
    // `handlers::internal::routes()`, served on its own loopback listener.
    ("GET", "/stats", "stockroom::handlers::internal::stats"),
    ("POST", "/reindex", "stockroom::handlers::internal::reindex"),
    (
        "POST",
        "/imports/stock-take",
        "stockroom::handlers::internal::import_stock_take",
    ),
    (
        "POST",
        "/exports/stock",
        "stockroom::handlers::internal::export_stock",
    ),
];

/// `fixtures/axum-mysql`.
pub const AXUM_MYSQL: &[Expected] = &[
    ("GET", "/api/v1/rooms", "bookings_api::routes::rooms::list"),
    (
        "GET",
        "/api/v1/rooms/{id}",
        "bookings_api::routes::rooms::show",
    ),
    (
        "GET",
        "/api/v1/rooms/{id}/bookings",
        "bookings_api::routes::bookings::for_room",
    ),
    (
        "POST",
        "/api/v1/bookings",
        "bookings_api::routes::bookings::create",
    ),
    (
        "DELETE",
        "/api/v1/bookings/{id}",
        "bookings_api::routes::bookings::cancel",
    ),
    ("GET", "/healthz", "bookings_api::routes::{closure}"),
];

/// `fixtures/actix-sqlite`.
pub const ACTIX_SQLITE: &[Expected] = &[
    (
        "GET",
        "/v1/notebooks",
        "field_notes::handlers::notebooks::list",
    ),
    (
        "POST",
        "/v1/notebooks",
        "field_notes::handlers::notebooks::create",
    ),
    (
        "GET",
        "/v1/notebooks/{id}/notes",
        "field_notes::handlers::notes::in_notebook",
    ),
    (
        "GET",
        "/v1/notes/search",
        "field_notes::handlers::notes::search",
    ),
];

/// `fixtures/salvo-sqlx`: salvo routers pushed under `api/v1`, one of them behind a `hoop`.
pub const SALVO_SQLX: &[Expected] = &[
    ("GET", "/healthz", "parcel_tracker::routes::health"),
    (
        "GET",
        "/api/v1/track/{code}",
        "parcel_tracker::routes::parcels::track",
    ),
    (
        "POST",
        "/api/v1/track/{code}/subscriptions",
        "parcel_tracker::routes::parcels::subscribe",
    ),
    (
        "GET",
        "/api/v1/parcels",
        "parcel_tracker::routes::parcels::list",
    ),
    (
        "POST",
        "/api/v1/parcels",
        "parcel_tracker::routes::parcels::create",
    ),
    (
        "POST",
        "/api/v1/parcels/{id}/scans",
        "parcel_tracker::routes::parcels::add_scan",
    ),
    (
        "DELETE",
        "/api/v1/parcels/{id}",
        "parcel_tracker::routes::parcels::remove",
    ),
];

/// The expected endpoints of a fixture, by its folder name.
pub fn of(fixture: &str) -> Option<&'static [Expected]> {
    match fixture {
        "axum-sqlx" => Some(AXUM_SQLX),
        "actix-diesel" => Some(ACTIX_DIESEL),
        "axum-seaorm" => Some(AXUM_SEAORM),
        "rocket-diesel" => Some(ROCKET_DIESEL),
        "refinery-worker" => Some(REFINERY_WORKER),
        "poem-app" => Some(POEM_APP),
        "axum-mysql" => Some(AXUM_MYSQL),
        "actix-sqlite" => Some(ACTIX_SQLITE),
        "salvo-sqlx" => Some(SALVO_SQLX),
        _ => None,
    }
}
