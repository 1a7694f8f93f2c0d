use backend_gate::endpoint;

#[endpoint(POST, "/api/v1/users", auth = "admin", public)]
async fn create_user() {}

fn main() {
    let _ = create_user;
}
