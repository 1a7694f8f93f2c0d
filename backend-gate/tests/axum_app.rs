//! A real axum app whose handlers carry `#[endpoint]`: the annotated fns are routed and served
//! unchanged, and `registry()` lists each with what it declared.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use tower::ServiceExt;

mod routes {
    use axum::extract::Path;
    use axum::http::StatusCode;
    use axum::Json;
    use backend_gate::endpoint;
    use serde::{Deserialize, Serialize};

    #[derive(Deserialize)]
    pub struct NewUser {
        pub name: String,
    }

    #[derive(Serialize)]
    pub struct User {
        pub id: u64,
        pub name: String,
    }

    pub const HEALTH_LINE: u32 = line!() + 3;
    /// Liveness probe.
    #[endpoint(GET, "/health", public, summary = "Liveness probe")]
    pub async fn health() -> &'static str {
        "ok"
    }

    pub const GET_USER_LINE: u32 = line!() + 7;
    #[endpoint(
        GET,
        "/api/v1/users/{id}",
        auth = "user",
        tags = ["users"]
    )]
    pub async fn get_user(Path(id): Path<u64>) -> Json<User> {
        Json(User {
            id,
            name: format!("user-{id}"),
        })
    }

    #[endpoint(POST, "/api/v1/users", auth = "admin", rate_limit = "20/min",
               summary = "Create a user", tags = ["users", "admin"], version = "v1")]
    pub async fn create_user(Json(body): Json<NewUser>) -> (StatusCode, Json<User>) {
        (
            StatusCode::CREATED,
            Json(User {
                id: 7,
                name: body.name,
            }),
        )
    }

    /// Handlers grouped on a type, as actix-web and poem apps often do.
    pub struct Admin;

    impl Admin {
        #[endpoint(DELETE, "/api/v1/users/{id}", auth = "admin", deprecated)]
        pub async fn delete_user(Path(id): Path<u64>) -> StatusCode {
            if id == 0 {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::NO_CONTENT
            }
        }
    }
}

fn app() -> Router {
    use axum::routing::get;
    Router::new()
        .route("/health", get(routes::health))
        .route(
            "/api/v1/users/{id}",
            get(routes::get_user).delete(routes::Admin::delete_user),
        )
        .route("/api/v1/users", axum::routing::post(routes::create_user))
}

fn call(method: &str, uri: &str, body: Option<&str>) -> (StatusCode, String) {
    pollster::block_on(async {
        let mut req = Request::builder().method(method).uri(uri);
        if body.is_some() {
            req = req.header("content-type", "application/json");
        }
        let req = req
            .body(Body::from(body.unwrap_or_default().to_owned()))
            .expect("request");
        let res = app().oneshot(req).await.expect("infallible");
        let status = res.status();
        let bytes = axum::body::to_bytes(res.into_body(), 1 << 16)
            .await
            .expect("body");
        (status, String::from_utf8_lossy(&bytes).into_owned())
    })
}

#[test]
fn annotated_handlers_are_served_unchanged() {
    assert_eq!(call("GET", "/health", None), (StatusCode::OK, "ok".into()));
    assert_eq!(
        call("GET", "/api/v1/users/42", None),
        (StatusCode::OK, r#"{"id":42,"name":"user-42"}"#.into())
    );
    assert_eq!(
        call("POST", "/api/v1/users", Some(r#"{"name":"ada"}"#)),
        (StatusCode::CREATED, r#"{"id":7,"name":"ada"}"#.into())
    );
    assert_eq!(
        call("DELETE", "/api/v1/users/3", None).0,
        StatusCode::NO_CONTENT
    );
}

#[test]
fn registry_lists_every_annotated_handler() {
    let all: Vec<String> = backend_gate::registry()
        .map(|e| format!("{} {} {}", e.method, e.path, e.handler))
        .collect();
    // Sorted by path, then method in declaration order of `Method` (GET before DELETE).
    assert_eq!(
        all,
        [
            "POST /api/v1/users create_user",
            "GET /api/v1/users/{id} get_user",
            "DELETE /api/v1/users/{id} delete_user",
            "GET /health health",
        ]
    );
    assert_eq!(backend_gate::registry().len(), 4);
}

#[test]
fn endpoints_carry_what_they_declare() {
    let find = |method: &str, path: &str| {
        backend_gate::registry()
            .find(|e| e.method.as_str() == method && e.path == path)
            .unwrap_or_else(|| panic!("{method} {path} not registered"))
    };
    let health = find("GET", "/health");
    assert_eq!(health.method, backend_gate::Method::Get);
    assert_eq!(health.method.to_string(), "GET");
    assert_eq!((health.auth, health.public), (None, true));
    assert_eq!(health.summary, Some("Liveness probe"));
    assert_eq!(health.module, "axum_app::routes");
    assert!(
        health.file.ends_with("tests/axum_app.rs"),
        "{}",
        health.file
    );
    assert_eq!(health.line, routes::HEALTH_LINE);
    assert_eq!(
        health.to_string(),
        format!(
            "GET /health (axum_app::routes::health, {}:{})",
            health.file,
            routes::HEALTH_LINE
        )
    );

    let get_user = find("GET", "/api/v1/users/{id}");
    assert_eq!(get_user.line, routes::GET_USER_LINE);
    assert_eq!(get_user.auth, Some("user"));
    assert_eq!(get_user.tags, ["users"]);
    assert_eq!(get_user.path_params().collect::<Vec<_>>(), ["id"]);
    assert!(get_user.rate_limit.is_none() && !get_user.deprecated);

    let create = find("POST", "/api/v1/users");
    let limit = create.rate_limit.expect("rate limit");
    assert_eq!((limit.requests, limit.per.as_secs()), (20, 60));
    assert_eq!(limit.to_string(), "20/min");
    assert_eq!(create.tags, ["users", "admin"]);
    assert_eq!(create.version, Some("v1"));
    assert_eq!(create.summary, Some("Create a user"));

    let delete = find("DELETE", "/api/v1/users/{id}");
    assert_eq!(delete.handler, "delete_user");
    assert!(delete.deprecated);
}

#[test]
fn every_endpoint_declares_auth_or_public() {
    let undeclared: Vec<String> = backend_gate::registry()
        .filter(|e| !e.declares_access())
        .map(|e| e.to_string())
        .collect();
    assert!(undeclared.is_empty(), "{undeclared:?}");
}
