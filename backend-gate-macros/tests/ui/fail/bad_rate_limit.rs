use backend_gate::endpoint;

#[endpoint(POST, "/login", public, rate_limit = "5 per minute")]
async fn login() {}

#[endpoint(POST, "/signup", public, rate_limit = "0/min")]
async fn signup() {}

#[endpoint(POST, "/reset", public, rate_limit = "5/mins")]
async fn reset() {}

#[endpoint(POST, "/token", public, rate_limit = 5)]
async fn token() {}

fn main() {
    let _ = (login, signup, reset, token);
}
