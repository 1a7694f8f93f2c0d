//! The endpoints the engine finds in each fixture backend: method, full path and handler, as
//! listed by hand in `backend_gate_tests::expected_endpoints`.

use backend_gate_tests::{
    assert_endpoints, endpoint_keys, expected_endpoints, fixture_names, run, write_file,
};

#[test]
fn axum_sqlx_endpoints() {
    assert_endpoints("axum-sqlx", expected_endpoints::AXUM_SQLX);
}

#[test]
fn actix_diesel_endpoints() {
    assert_endpoints("actix-diesel", expected_endpoints::ACTIX_DIESEL);
}

#[test]
fn axum_seaorm_endpoints() {
    assert_endpoints("axum-seaorm", expected_endpoints::AXUM_SEAORM);
}

#[test]
fn rocket_diesel_endpoints() {
    assert_endpoints("rocket-diesel", expected_endpoints::ROCKET_DIESEL);
}

/// A migration runner: no HTTP server, so no endpoint.
#[test]
fn refinery_worker_endpoints() {
    assert_endpoints("refinery-worker", expected_endpoints::REFINERY_WORKER);
}

#[test]
fn poem_app_endpoints() {
    assert_endpoints("poem-app", expected_endpoints::POEM_APP);
}

/// Handlers in `routes/` nested under `/api/v1`, plus a health-check closure.
#[test]
fn axum_mysql_endpoints() {
    assert_endpoints("axum-mysql", expected_endpoints::AXUM_MYSQL);
}

/// actix `#[get]`/`#[post]` handlers registered with `.service(..)` in a `/v1` scope that a
/// `configure` fn adds.
#[test]
fn actix_sqlite_endpoints() {
    assert_endpoints("actix-sqlite", expected_endpoints::ACTIX_SQLITE);
}

/// salvo routers pushed into each other, with a `hoop` over the staff routes.
#[test]
fn salvo_sqlx_endpoints() {
    assert_endpoints("salvo-sqlx", expected_endpoints::SALVO_SQLX);
}

/// Two poem services of one workspace, each serving an API type named `Api`: each service
/// serves its own operations (and a shared crate's), never the other service's.
#[test]
fn poem_api_types_are_found_in_the_serving_package_and_its_dependencies() {
    let root = tempfile::tempdir().expect("tempdir");
    let write = |path: &str, text: &str| write_file(root.path(), path, text);
    write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"public-api\", \"admin-api\", \"shared\"]\nresolver = \"2\"\n",
    );
    let manifest = |name: &str, deps: &str| {
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
             [dependencies]\npoem = \"3\"\npoem-openapi = \"5\"\n{deps}"
        )
    };
    let service = |path: &str, served: &str| {
        format!(
            "use poem::{{listener::TcpListener, Route, Server}};\n\
             use poem_openapi::{{payload::PlainText, OpenApi, OpenApiService}};\n\n\
             struct Api;\n\n\
             #[OpenApi]\nimpl Api {{\n    \
                 #[oai(path = \"{path}\", method = \"get\")]\n    \
                 async fn index(&self) -> PlainText<&'static str> {{\n        PlainText(\"ok\")\n    }}\n\
             }}\n\n\
             #[tokio::main]\nasync fn main() -> Result<(), std::io::Error> {{\n    \
                 let api = OpenApiService::new({served}, \"svc\", \"1.0\");\n    \
                 Server::new(TcpListener::bind(\"127.0.0.1:3000\"))\n        \
                 .run(Route::new().nest(\"/api\", api))\n        .await\n\
             }}\n"
        )
    };
    write("public-api/Cargo.toml", &manifest("public-api", ""));
    write("public-api/src/main.rs", &service("/hello", "Api"));
    write(
        "admin-api/Cargo.toml",
        &manifest("admin-api", "shared = { path = \"../shared\" }\n"),
    );
    write(
        "admin-api/src/main.rs",
        &service("/stats", "(Api, shared::HealthApi)"),
    );
    write("shared/Cargo.toml", &manifest("shared", ""));
    write(
        "shared/src/lib.rs",
        "use poem_openapi::{payload::PlainText, OpenApi};\n\n\
         pub struct HealthApi;\n\n\
         #[OpenApi]\nimpl HealthApi {\n    \
             #[oai(path = \"/health\", method = \"get\")]\n    \
             async fn health(&self) -> PlainText<&'static str> {\n        PlainText(\"up\")\n    }\n\
         }\n",
    );
    let report = run(root.path());
    let endpoints: Vec<String> = endpoint_keys(&report)
        .into_iter()
        .map(|(m, p, h)| format!("{m} {p} {h}"))
        .collect();
    assert_eq!(
        endpoints,
        [
            "GET /api/health shared::HealthApi::health",
            "GET /api/hello public_api::Api::index",
            "GET /api/stats admin_api::Api::index",
        ]
    );
}

/// Every fixture has an endpoint test above.
#[test]
fn every_fixture_has_an_endpoint_test() {
    assert_eq!(
        fixture_names(),
        [
            "actix-diesel",
            "actix-sqlite",
            "axum-mysql",
            "axum-seaorm",
            "axum-sqlx",
            "poem-app",
            "refinery-worker",
            "rocket-diesel",
            "salvo-sqlx"
        ]
    );
}
