// axum-style handlers: `Path` patterns (one value and a tuple), a `Json` body on POST, a
// wildcard, a generic handler, the macro by its full path.
use backend_gate::{endpoint, Method};

mod axum {
    pub mod extract {
        pub struct Path<T>(pub T);
        pub struct State<T>(pub T);
        pub struct Query<T>(pub T);
    }
    pub struct Json<T>(pub T);
}
use axum::extract::{Path, Query, State};
use axum::Json;

pub struct NewUser;
pub struct Page;

#[endpoint(GET, "/api/v1/users/{id}", auth = "user", tags = ["users"])]
async fn get_user(State(_db): State<()>, Path(id): Path<u64>) -> Json<u64> {
    Json(id)
}

#[endpoint(GET, "/api/v1/orgs/{org}/users/{id}", auth = "user")]
async fn get_member(Path((_org, _id)): Path<(u64, u64)>) {}

#[backend_gate::endpoint(POST, "/api/v1/users", auth = "admin", rate_limit = "20/min",
                         summary = "Create a user")]
async fn create_user(Json(_body): Json<NewUser>) -> u16 {
    201
}

#[endpoint(GET, "/api/v1/users", auth = "user", rate_limit = "1000/hour")]
async fn list_users(_page: Query<Page>) {}

#[endpoint(GET, "/static/{*path}", public, deprecated, version = 2)]
async fn assets(_path: axum::extract::Path<String>) {}

#[endpoint(PUT, "/api/v1/items/{id}", auth = "user")]
async fn put_item<T: Send>(Path(_id): Path<u64>, Json(_item): Json<T>) {}

fn main() {
    let _ = (get_user, get_member, create_user, list_users, assets, put_item::<()>);
    let all: Vec<_> = backend_gate::registry().collect();
    assert_eq!(all.len(), 6);
    let create = all.iter().find(|e| e.handler == "create_user").unwrap();
    assert_eq!(create.method, Method::Post);
    assert_eq!(create.rate_limit.unwrap().to_string(), "20/min");
    assert_eq!(create.summary, Some("Create a user"));
    let assets = all.iter().find(|e| e.handler == "assets").unwrap();
    assert_eq!(assets.path_params().collect::<Vec<_>>(), ["path"]);
    assert_eq!((assets.deprecated, assets.version), (true, Some("2")));
    assert!(all.iter().all(|e| e.module == module_path!() && e.declares_access()));
}
