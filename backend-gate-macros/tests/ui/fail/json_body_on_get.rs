use backend_gate::endpoint;

struct Json<T>(T);
mod web {
    pub struct Json<T>(pub T);
}
struct Filter;

#[endpoint(GET, "/api/v1/users", auth = "user")]
async fn list_users(Json(_filter): Json<Filter>) {}

#[endpoint(DELETE, "/api/v1/users", auth = "admin")]
async fn delete_users(_filter: web::Json<Filter>) {}

fn main() {
    let _ = (list_users, delete_users);
}
