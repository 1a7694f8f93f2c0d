use backend_gate::endpoint;

#[endpoint(GET, "api/v1/users", public)]
async fn list_users() {}

fn main() {
    let _ = list_users;
}
