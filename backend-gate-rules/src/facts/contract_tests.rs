//! `FnFacts.contract`: fns with a valid `#[endpoint]` carry the contract the proc macro would
//! accept, read with the same grammar; invalid ones (which the compiler rejects) carry none.

use crate::testing::check_files;
use backend_gate_grammar::EndpointContract;

fn contracts(src: &str) -> Vec<(String, Option<EndpointContract>)> {
    let (_, model) = check_files(&[("src/lib.rs", src)], &["axum", "backend_gate"], &[]);
    model.files[0]
        .fns
        .iter()
        .map(|f| (f.name.clone(), f.contract.clone()))
        .collect()
}

#[test]
fn valid_endpoints_carry_their_contract() {
    let src = r#"
use axum::{extract::Path, Json};
use backend_gate::endpoint;

#[endpoint(POST, "/api/v1/users", auth = "admin", rate_limit = "20/min",
           summary = "Create a user", tags = ["users"])]
pub async fn create_user(Json(body): Json<NewUser>) {}

#[backend_gate::endpoint(get, "/api/v1/users/{id}", public, deprecated, version = 2)]
pub async fn get_user(Path(id): Path<u64>) {}

pub struct Admin;
impl Admin {
    #[endpoint(DELETE, "/api/v1/users/{id}", auth = "admin")]
    pub async fn delete_user(&self, id: web::Path<u64>) {}
}

pub fn helper() {}
"#;
    let got = contracts(src);
    let create = got[0].1.as_ref().expect("create_user has a contract");
    assert_eq!(
        create,
        &EndpointContract {
            method: "POST".into(),
            path: "/api/v1/users".into(),
            auth: Some("admin".into()),
            public: false,
            rate_limit: Some("20/min".into()),
            summary: Some("Create a user".into()),
            tags: vec!["users".into()],
            deprecated: false,
            version: None,
        }
    );
    let get = got[1].1.as_ref().expect("get_user has a contract");
    assert_eq!(
        (
            get.method.as_str(),
            get.public,
            get.deprecated,
            get.version.as_deref()
        ),
        ("GET", true, true, Some("2"))
    );
    assert_eq!(got[2].0, "delete_user");
    assert_eq!(
        got[2].1.as_ref().map(|c| c.auth.as_deref()),
        Some(Some("admin"))
    );
    assert_eq!(got[3], ("helper".into(), None));
}

#[test]
fn invalid_endpoints_carry_none() {
    let src = r#"
use backend_gate::endpoint;
#[endpoint(POST, "/login", public, auth = "user")]
pub async fn both_auth_and_public() {}
#[endpoint(GET, "/users/{id}", public)]
pub async fn param_without_extractor() {}
#[endpoint(GET, "/search", public)]
pub async fn json_on_get(Json(q): Json<Query>) {}
#[endpoint(POST, "/x", public, rate_limit = "5 per minute")]
pub async fn bad_rate_limit() {}
#[endpoint(FETCH, "/x", public)]
pub async fn bad_method() {}
// dropshot's attribute of the same name is not backend-gate's.
#[endpoint { method = GET, path = "/projects" }]
pub async fn dropshot_style() {}
#[other::endpoint(GET, "/x", public)]
pub async fn another_crates_macro() {}
"#;
    for (name, contract) in contracts(src) {
        assert_eq!(contract, None, "{name}");
    }
}

#[test]
fn annotated_and_routed_handler_is_one_endpoint() {
    let src = r#"
use axum::{extract::Path, routing::get, Router};
use backend_gate::endpoint;
pub fn app() -> Router {
    Router::new().route("/api/v1/users/{id}", get(get_user))
}
#[endpoint(GET, "/api/v1/users/{id}", auth = "user")]
pub async fn get_user(Path(id): Path<u64>) {}
"#;
    let (findings, model) = check_files(&[("src/lib.rs", src)], &["axum", "backend_gate"], &[]);
    assert_eq!(
        crate::testing::endpoint_lines(&model),
        ["GET /api/v1/users/{id} app::get_user"]
    );
    assert!(findings.iter().all(|f| f.code != "BG706"), "{findings:?}");
}
