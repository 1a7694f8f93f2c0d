use backend_gate::endpoint;

struct Path<T>(T);

#[endpoint(GET, "/users/{}", public)]
async fn empty(Path(_id): Path<u64>) {}

#[endpoint(GET, "/users/{1a}", public)]
async fn starts_with_digit(Path(_id): Path<u64>) {}

#[endpoint(GET, "/users/{id", public)]
async fn unclosed(Path(_id): Path<u64>) {}

#[endpoint(GET, "/users/id}", public)]
async fn unopened(Path(_id): Path<u64>) {}

#[endpoint(GET, "/users/{a-b}", public)]
async fn dash(Path(_id): Path<u64>) {}

#[endpoint(GET, "/users/:id", public)]
async fn axum_07_syntax(Path(_id): Path<u64>) {}

#[endpoint(GET, "/files/{*rest}/meta", public)]
async fn wildcard_not_last(Path(_rest): Path<String>) {}

fn main() {
    let _ = (empty, starts_with_digit, unclosed, unopened, dash, axum_07_syntax, wildcard_not_last);
}
