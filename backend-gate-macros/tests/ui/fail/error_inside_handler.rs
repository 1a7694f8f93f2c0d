// The fn is emitted unchanged: an error in its body points at the user's code.
use backend_gate::endpoint;

#[endpoint(GET, "/health", public)]
async fn health() -> &'static str {
    let _count: u32 = "ok";
    "ok"
}

fn main() {
    let _ = health;
}
