//! The grammar over whole annotated fns, as both users see it.

use super::*;

/// The contract of the `#[endpoint]` on a fn written in `src`, or the error messages.
fn contract(src: &str) -> Result<EndpointContract, Vec<String>> {
    let item: syn::ItemFn = syn::parse_str(src).expect("test fn parses");
    let attr = item
        .attrs
        .iter()
        .find(|a| is_endpoint_path(a.path()))
        .expect("test fn has #[endpoint]");
    EndpointContract::from_attribute(attr, &item.sig)
        .map_err(|e| e.into_iter().map(|e| e.to_string()).collect())
}

fn error(src: &str) -> String {
    let errors = contract(src).expect_err("expected an error");
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.into_iter().next().unwrap_or_default()
}

#[test]
fn reads_a_full_contract() {
    let c = contract(
        r#"
        #[endpoint(POST, "/api/v1/users", auth = "user", rate_limit = "20/min",
                   summary = "Create a user", tags = ["users", "admin"], deprecated, version = "v1",)]
        async fn create_user(Json(body): Json<CreateUser>) {}
        "#,
    )
    .unwrap();
    assert_eq!(
        c,
        EndpointContract {
            method: "POST".into(),
            path: "/api/v1/users".into(),
            auth: Some("user".into()),
            public: false,
            rate_limit: Some("20/min".into()),
            summary: Some("Create a user".into()),
            tags: vec!["users".into(), "admin".into()],
            deprecated: true,
            version: Some("v1".into()),
        }
    );
    let c = contract(r#"#[backend_gate::endpoint(get, "/health", public, version = 2)] fn h() {}"#)
        .unwrap();
    assert_eq!(
        (c.method.as_str(), c.public, c.version.as_deref()),
        ("GET", true, Some("2"))
    );
}

#[test]
fn recognises_path_extractors() {
    for sig in [
        "fn f(Path(id): Path<Uuid>)",
        "fn f(id: axum::extract::Path<Uuid>)",
        "fn f(id: web::Path<Uuid>)",
        "fn f(Path((org, id)): Path<(Uuid, Uuid)>)",
        "fn f(id: Option<Path<Uuid>>)",
        "fn f(id: Valid<Path<Uuid>>)",
        "fn f(id: WithRejection<Path<Uuid>, ApiError>)",
        "fn f(&self, info: web::Path<Info>)",
        "fn f(id: u64)",
    ] {
        let path = if sig.contains("org") {
            "/o/{org}/u/{id}"
        } else {
            "/u/{id}"
        };
        let src = format!("#[endpoint(GET, \"{path}\", public)] {sig} {{}}");
        assert!(contract(&src).is_ok(), "{src}: {:?}", contract(&src));
    }
    let e = error(r#"#[endpoint(GET, "/u/{id}")] async fn get_user(state: State<S>) {}"#);
    assert!(
        e.starts_with(
            "path parameter `{id}` is never extracted: `get_user` has no `Path` extractor"
        ),
        "{e}"
    );
    let e = error(r#"#[endpoint(GET, "/files/{*rest}")] fn f(p: &Path) {}"#);
    assert!(e.contains("`{*rest}`"), "{e}");
    let e = error(r#"#[endpoint(GET, "/o/{org}/u/{id}")] fn f(Path(id): Path<(u64,)>) {}"#);
    assert_eq!(
        e,
        "`Path<(u64,)>` extracts 1 path parameter, but the path declares 2: `{org}`, `{id}`"
    );
}

#[test]
fn rejects_json_bodies_on_bodyless_methods() {
    for method in ["GET", "DELETE", "HEAD", "TRACE"] {
        for ty in [
            "Json<Body>",
            "axum::Json<Body>",
            "web::Json<Body>",
            "Valid<Json<Body>>",
        ] {
            let e = error(&format!(
                "#[endpoint({method}, \"/x\")] fn f(Json(b): {ty}) {{}}"
            ));
            assert!(
                e.starts_with(&format!(
                    "a {method} endpoint cannot take a JSON body: `{ty}`"
                )),
                "{e}"
            );
        }
    }
    for method in ["POST", "PUT", "PATCH", "OPTIONS"] {
        assert!(contract(&format!(
            "#[endpoint({method}, \"/x\")] fn f(b: Json<Body>) {{}}"
        ))
        .is_ok());
    }
    // A JSON response is fine.
    assert!(contract(r#"#[endpoint(GET, "/x")] fn f() -> Json<Body> { todo!() }"#).is_ok());
}

#[test]
fn explains_each_attribute_error() {
    let cases: &[(&str, &str)] = &[
        (r#"FETCH, "/x""#, "unknown HTTP method `FETCH`\nexpected one of: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, TRACE, CONNECT"),
        (r#"PSOT, "/x""#, "unknown HTTP method `PSOT`; did you mean `POST`?"),
        (r#"Get, "/x""#, "write the HTTP method in upper case: `GET`"),
        (r#""GET", "/x""#, "the method is an identifier: write `GET`, not `\"GET\"`"),
        (r#""/x", public"#, "missing HTTP method before the path: write `#[endpoint(GET, \"/x\", ..)]`"),
        (r#"auth = "x", GET, "/x""#, "expected the HTTP method first, before `auth`"),
        (r#"GET"#, "missing path after `GET`"),
        (r#"GET, public"#, "expected the path as a string literal after the method"),
        (r#"GET, "users""#, "the path must start with `/`: write \"/users\""),
        (r#"GET, "/u/{1a}""#, "malformed path parameter `{1a}`"),
        (r#"GET, "/x", rate_limt = "1/min""#, "unknown key `rate_limt`; did you mean `rate_limit`?"),
        (r#"GET, "/x", description = "..""#, "unknown key `description`\nexpected one of: auth, public"),
        (r#"GET, "/x", POST"#, "unexpected method `POST`: an endpoint declares one method"),
        (r#"GET, "/x", public, auth = "admin""#, "`auth` contradicts `public`: an endpoint is either"),
        (r#"GET, "/x", auth = "admin", public"#, "`public` contradicts `auth`"),
        (r#"GET, "/x", rate_limit = "20 per minute""#, "malformed rate limit \"20 per minute\""),
        (r#"GET, "/x", rate_limit = "0/min""#, "malformed rate limit \"0/min\": the number of requests must be at least 1"),
        (r#"GET, "/x", rate_limit = 20"#, "expected a string literal: `rate_limit = \"20/min\"`"),
        (r#"GET, "/x", summary = "a", summary = "b""#, "duplicate key `summary`"),
        (r#"GET, "/x", public, public"#, "duplicate key `public`"),
        (r#"GET, "/x", public = true"#, "`public` is a flag and takes no value: write `public`"),
        (r#"GET, "/x", auth"#, "`auth` needs a value: `auth = \"user\"`"),
        (r#"GET, "/x", auth = """#, "`auth` cannot be empty"),
        (r#"GET, "/x", auth ="#, "missing value after `auth =`"),
        (r#"GET, "/x", auth "user""#, "expected `=` or `,` after `auth`"),
        (r#"GET, "/x", tags = "users""#, "expected a list of string literals: `tags = [\"users\"]`"),
        (r#"GET, "/x", tags = ["a", 1]"#, "expected a string literal: `tags = [\"users\"]`"),
        (r#"GET, "/x", tags = ["a", "a"]"#, "duplicate tag \"a\""),
        (r#"GET, "/x", "extra""#, "expected `key = value` or a flag"),
        (r#"GET,, "/x""#, "unexpected `,`"),
        (r#""#, "missing method and path"),
    ];
    for (args, want) in cases {
        let src = format!("#[endpoint({args})] fn f() {{}}");
        let e = error(&src);
        assert!(e.starts_with(want), "{args}\n got: {e}\nwant: {want}");
    }
}

#[test]
fn reports_every_error_of_an_attribute() {
    let errors =
        contract(r#"#[endpoint(FETCH, "x", rate_limt = "1/min", public, public)] fn f() {}"#)
            .unwrap_err();
    assert_eq!(errors.len(), 4, "{errors:?}");
}

#[test]
fn spans_point_at_the_offending_token() {
    let src = "#[endpoint(GET, \"/x\",\n    public,\n    rate_limt = \"1/min\")]\nfn f() {}";
    let item: syn::ItemFn = syn::parse_str(src).unwrap();
    let e = EndpointContract::from_attribute(&item.attrs[0], &item.sig).unwrap_err();
    let start = e.span().start();
    assert_eq!((start.line, start.column), (3, 4));
}

#[test]
fn recognises_the_attribute_path() {
    let yes = [
        "endpoint",
        "backend_gate::endpoint",
        "::backend_gate::endpoint",
    ];
    let no = [
        "::endpoint",
        "dropshot::endpoint",
        "oai",
        "a::backend_gate::endpoint",
    ];
    for p in yes {
        assert!(is_endpoint_path(&syn::parse_str(p).unwrap()), "{p}");
    }
    for p in no {
        assert!(!is_endpoint_path(&syn::parse_str(p).unwrap()), "{p}");
    }
}

#[test]
fn every_method_and_key_is_listed() {
    assert_eq!(METHODS.len(), 9);
    assert!(KEYS
        .iter()
        .all(|k| k.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
    assert_eq!(
        EndpointContract::parse(r#"DELETE, "/x/{id}""#.parse().unwrap())
            .unwrap()
            .path,
        "/x/{id}"
    );
}
