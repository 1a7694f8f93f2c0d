use backend_gate::endpoint;

struct State<T>(T);
struct Path<T>(T);

#[endpoint(GET, "/api/v1/users/{id}", auth = "user")]
async fn get_user(State(_db): State<()>) {}

#[endpoint(GET, "/api/v1/orgs/{org}/users/{id}", auth = "user")]
async fn get_member(Path((_org,)): Path<(u64,)>) {}

fn main() {
    let _ = (get_user, get_member);
}
