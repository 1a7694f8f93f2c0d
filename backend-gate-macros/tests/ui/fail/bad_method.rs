use backend_gate::endpoint;

#[endpoint(PSOT, "/api/v1/users", public)]
async fn create_user() {}

#[endpoint(FETCH, "/api/v1/users", public)]
async fn list_users() {}

#[endpoint(Get, "/api/v1/users/{id}", public)]
async fn get_user() {}

#[endpoint("DELETE", "/api/v1/users", public)]
async fn delete_users() {}

#[endpoint("/health", public)]
async fn health() {}

fn main() {
    let _ = (create_user, list_users, get_user, delete_users, health);
}
