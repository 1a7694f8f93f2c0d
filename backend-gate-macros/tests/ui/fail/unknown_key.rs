use backend_gate::endpoint;

#[endpoint(POST, "/api/v1/users", auth = "admin", rate_limt = "20/min")]
async fn create_user() {}

#[endpoint(GET, "/api/v1/users", public, description = "List users")]
async fn list_users() {}

fn main() {
    let _ = (create_user, list_users);
}
