//! Procedural macros of backend-gate. Use them through the `backend-gate` crate, which the
//! expansion refers to.

mod expand;

use proc_macro::TokenStream;

/// Declares an endpoint's API contract: `#[endpoint(POST, "/api/v1/users", auth = "user")]`.
///
/// Keys after the method and the path: `auth = "<role>"` or `public`,
/// `rate_limit = "<N>/<sec|min|hour|day>"`, `summary = ".."`, `tags = [".."]`, `deprecated`,
/// `version = ".."`. The declaration is checked at compile time, against the fn's signature too
/// (a `{param}` needs a `Path` extractor; GET, HEAD, DELETE and TRACE take no `Json` body).
///
/// The function is emitted unchanged, so it stays usable by any framework's router, and is
/// added to `backend_gate::registry()`. `cargo backend-gate` reads the same attribute from
/// source with the same grammar.
#[proc_macro_attribute]
pub fn endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::endpoint(args.into(), item.into()).into()
}
