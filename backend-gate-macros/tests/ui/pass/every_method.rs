// Every method the grammar accepts maps to a `backend_gate::Method` that displays upper case.
use backend_gate::endpoint;

#[endpoint(GET, "/m", public)]
fn get() {}
#[endpoint(POST, "/m", public)]
fn post() {}
#[endpoint(PUT, "/m", public)]
fn put() {}
#[endpoint(PATCH, "/m", public)]
fn patch() {}
#[endpoint(DELETE, "/m", public)]
fn delete() {}
#[endpoint(HEAD, "/m", public)]
fn head() {}
#[endpoint(OPTIONS, "/m", public)]
fn options() {}
#[endpoint(TRACE, "/m", public)]
fn trace() {}
#[endpoint(CONNECT, "/m", public)]
fn connect() {}

fn main() {
    let _ = (get, post, put, patch, delete, head, options, trace, connect);
    let methods: Vec<String> = backend_gate::registry().map(|e| format!("{:>7}", e.method)).collect();
    assert_eq!(
        methods,
        ["    GET", "   POST", "    PUT", "  PATCH", " DELETE", "   HEAD", "OPTIONS", "  TRACE", "CONNECT"]
    );
    for e in backend_gate::registry() {
        assert_eq!(e.method.as_str().to_ascii_lowercase(), e.handler);
    }
}
