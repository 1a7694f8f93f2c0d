//! Procedural macros of backend-gate.

use proc_macro::TokenStream;

/// Declares an endpoint's API contract: `#[endpoint(POST, "/api/v1/users", auth = "user")]`.
///
/// The function is emitted unchanged, so it stays usable by any framework's router.
/// `cargo backend-gate` reads the same attribute from source.
#[proc_macro_attribute]
pub fn endpoint(_args: TokenStream, item: TokenStream) -> TokenStream {
    item
}
