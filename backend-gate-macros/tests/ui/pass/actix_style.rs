// actix-web style: `web::Path`/`web::Json`, lower-case methods, handlers as methods of a type
// (with and without `self`), and a rocket-style parameter bound by name.
use backend_gate::endpoint;

mod web {
    pub struct Path<T>(pub T);
    pub struct Json<T>(pub T);
    impl<T> Path<T> {
        pub fn into_inner(self) -> T {
            self.0
        }
    }
}

pub struct Info;

pub struct UserHandlers;

impl UserHandlers {
    #[endpoint(get, "/users/{user_id}/{friend}", auth = "user")]
    pub async fn friend(info: web::Path<(u32, String)>) -> u32 {
        info.into_inner().0
    }

    #[endpoint(post, "/users", auth = "admin")]
    pub async fn create(&self, _body: web::Json<Info>) {}
}

pub trait Api {
    fn ping(&self) -> &'static str;
}

impl Api for UserHandlers {
    #[endpoint(GET, "/ping", public)]
    fn ping(&self) -> &'static str {
        "pong"
    }
}

#[endpoint(GET, "/hello/{name}", public)]
fn hello(name: &str) -> String {
    format!("hello {name}")
}

fn main() {
    let h = UserHandlers;
    let _ = (UserHandlers::friend, h.create(web::Json(Info)));
    assert_eq!(h.ping(), "pong");
    assert_eq!(hello("ada"), "hello ada");
    let handlers: Vec<_> = backend_gate::registry().map(|e| (e.method.as_str(), e.path, e.handler)).collect();
    assert_eq!(
        handlers,
        [
            ("GET", "/hello/{name}", "hello"),
            ("GET", "/ping", "ping"),
            ("POST", "/users", "create"),
            ("GET", "/users/{user_id}/{friend}", "friend"),
        ]
    );
}
