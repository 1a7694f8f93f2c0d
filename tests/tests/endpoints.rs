//! The endpoints the engine finds in each fixture backend: method, full path and handler, as
//! listed by hand in `backend_gate_tests::expected_endpoints`.

use backend_gate_tests::{assert_endpoints, expected_endpoints, fixture_names};

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
            "rocket-diesel"
        ]
    );
}
