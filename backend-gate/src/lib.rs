//! Runtime facade of backend-gate: what a backend depends on to declare its API contract.
//!
//! `#[endpoint(METHOD, "/path", ..)]` on a handler checks the declaration at compile time (bad
//! method, malformed path, a `{param}` no `Path` extractor takes, a JSON body on GET/DELETE,
//! `auth` together with `public`, a malformed `rate_limit`, unknown or duplicate keys), emits
//! the fn unchanged, so any framework's router keeps using it, and adds the endpoint to
//! [`registry()`]. `cargo backend-gate` reads the same attribute from source with the same
//! grammar (`backend-gate-grammar`), so the compiler and the linter never disagree. This crate
//! pulls neither the linter nor its dependencies into a backend's build: only the macro (`syn`)
//! and `inventory`.
//!
//! ```
//! use backend_gate::endpoint;
//! # struct Path<T>(T);
//! # struct Json<T>(T);
//! # struct NewUser;
//!
//! /// Liveness probe.
//! #[endpoint(GET, "/health", public)]
//! async fn health() -> &'static str {
//!     "ok"
//! }
//!
//! #[endpoint(POST, "/api/v1/users", auth = "admin", rate_limit = "20/min",
//!            summary = "Create a user", tags = ["users"])]
//! async fn create_user(Json(user): Json<NewUser>) {}
//!
//! #[endpoint(DELETE, "/api/v1/users/{id}", auth = "admin")]
//! async fn delete_user(Path(id): Path<u64>) {}
//!
//! // The contract test a backend keeps in `tests/`: every endpoint says who may call it.
//! # /*
//! #[test]
//! # */
//! fn every_endpoint_declares_auth_or_public() {
//!     let undeclared: Vec<String> = backend_gate::registry()
//!         .filter(|e| e.auth.is_none() && !e.public)
//!         .map(|e| e.to_string())
//!         .collect();
//!     assert!(
//!         undeclared.is_empty(),
//!         "endpoints without `auth = \"..\"` or `public`:\n{}",
//!         undeclared.join("\n")
//!     );
//! }
//! # every_endpoint_declares_auth_or_public();
//!
//! let users = backend_gate::registry().find(|e| e.path == "/api/v1/users").unwrap();
//! assert_eq!(users.method.to_string(), "POST");
//! assert_eq!(users.auth, Some("admin"));
//! assert_eq!(users.rate_limit.unwrap().to_string(), "20/min");
//! assert_eq!(users.handler, "create_user");
//! # let _ = (health, create_user, delete_user);
//! ```
//!
//! # Registry
//!
//! Each `#[endpoint]` submits its [`Endpoint`] to an [`inventory`](https://docs.rs/inventory)
//! collection; [`registry()`] lists them. `inventory` was chosen over `linkme` for the build a
//! backend pays for: it has no dependencies and no proc macro of its own (`linkme` 0.3.37 adds
//! `linkme-impl`, which compiles a second `syn`, 3.x, beside the 2.x the macro uses), and it works
//! on Linux, macOS, Windows, the BSDs, illumos and WebAssembly. Its cost is a constructor per
//! endpoint that pushes one pointer onto a lock-free list before `main`. The registration sits
//! in a `const _` block at the top of the handler's body, so it works for free fns, generic fns
//! and methods of `impl` blocks (actix-web and poem style) alike.

mod endpoint;
mod registry;

pub use backend_gate_macros::endpoint;
pub use endpoint::{Endpoint, Method, RateLimit};
pub use registry::registry;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
