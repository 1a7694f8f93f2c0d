use backend_gate::endpoint;

#[endpoint(GET, "/api/v1/users", auth = "user", summary = "List users", auth = "admin")]
async fn list_users() {}

fn main() {
    let _ = list_users;
}
