use backend_gate::endpoint;

#[endpoint(GET, "/users", public)]
struct Users;

fn main() {}
