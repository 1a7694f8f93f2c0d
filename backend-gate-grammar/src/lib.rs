//! The `#[endpoint(...)]` attribute grammar: one parser and validator, used by the proc macro
//! (compile errors) and by the linter (registry, checklist), so the two never disagree.
//!
//! Depends only on `syn` and `proc-macro2` (and `quote`, which `syn` already uses to print): a
//! backend's build must not pull the linter engine.
//!
//! # Grammar
//!
//! ```text
//! #[endpoint(METHOD, "/path", key = value, flag, ..)]
//! ```
//!
//! - `METHOD`, first: `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`, `OPTIONS`, `TRACE` or
//!   `CONNECT`, upper case (lower case is accepted too).
//! - `"/path"`, second: starts with `/`; parameters are `{name}` (a Rust identifier), several
//!   per segment allowed (`/files/{name}.{ext}`); `{*rest}` as the whole last segment matches
//!   the rest of the path (axum's wildcard). axum 0.7 `:id`, rocket `<id>`, actix regex
//!   `{id:\d+}`, query strings and fragments are rejected with the form to write instead.
//! - `auth = "<role>"` or `public` (not both).
//! - `rate_limit = "<N>/<unit>"`: `N` a positive integer; unit `sec`/`second`, `min`/`minute`,
//!   `hour` or `day`.
//! - `summary = ".."`, `tags = [".."]`, `deprecated`, `version = "v1"` (or an integer).
//!
//! Against the signature ([`check_signature`]): every `{param}` needs a `Path<..>` extractor
//! (axum, `web::Path` in actix-web, poem) or, as rocket binds them, a parameter of the same
//! name; a tuple `Path<(A, B)>` must have one element per parameter; GET, HEAD, DELETE and
//! TRACE endpoints take no `Json<..>` body.

mod args;
mod path;
mod rate_limit;
mod signature;
mod suggest;

pub use args::{EndpointAttr, KEYS, METHODS};
pub use path::{path_params, PathParam};
pub use rate_limit::{RateLimit, RateUnit};
pub use signature::{check_signature, BODYLESS_METHODS};
pub use suggest::{did_you_mean, edit_distance};

use proc_macro2::{Span, TokenStream};

/// An endpoint's declared API contract, as written in `#[endpoint(...)]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EndpointContract {
    /// HTTP method, upper case (`GET`).
    pub method: String,
    /// Path as declared, `{param}` form.
    pub path: String,
    /// `auth = "<role>"`.
    pub auth: Option<String>,
    /// `public`.
    pub public: bool,
    /// `rate_limit = "<N>/<unit>"`, as written.
    pub rate_limit: Option<String>,
    /// `summary = "..."`.
    pub summary: Option<String>,
    /// `tags = [..]`.
    pub tags: Vec<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// `version = "..."`.
    pub version: Option<String>,
}

impl EndpointContract {
    /// Parses and validates the arguments of `#[endpoint(...)]` alone (no signature checks).
    pub fn parse(tokens: TokenStream) -> syn::Result<EndpointContract> {
        EndpointAttr::parse(tokens, Span::call_site()).map(|a| a.contract)
    }

    /// The contract an `#[endpoint(...)]` attribute declares on a fn with signature `sig`: the
    /// same parse and checks as the proc macro, so a fn the compiler accepts has a contract and
    /// one it rejects has none.
    pub fn from_attribute(
        attr: &syn::Attribute,
        sig: &syn::Signature,
    ) -> syn::Result<EndpointContract> {
        let syn::Meta::List(list) = &attr.meta else {
            return Err(syn::Error::new_spanned(
                attr,
                "expected `#[endpoint(METHOD, \"/path\", ..)]`",
            ));
        };
        let parsed = EndpointAttr::parse(list.tokens.clone(), list.delimiter.span().join())?;
        parsed.check_signature(sig)?;
        Ok(parsed.contract)
    }
}

/// Whether an attribute path names backend-gate's macro: `endpoint`, `backend_gate::endpoint`
/// or `::backend_gate::endpoint`.
pub fn is_endpoint_path(path: &syn::Path) -> bool {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    (path.leading_colon.is_none() || segments.len() == 2) && is_endpoint_name(&segments)
}

/// Whether the segments of an attribute path name backend-gate's macro: `endpoint` or
/// `backend_gate::endpoint`.
pub fn is_endpoint_name(segments: &[String]) -> bool {
    match segments {
        [name] => name == "endpoint",
        [krate, name] => krate == "backend_gate" && name == "endpoint",
        _ => false,
    }
}

/// All errors as one (each keeps its span), or `Ok` when there are none.
fn combine(errors: Vec<syn::Error>) -> syn::Result<()> {
    let mut errors = errors.into_iter();
    let Some(mut first) = errors.next() else {
        return Ok(());
    };
    for e in errors {
        first.combine(e);
    }
    Err(first)
}

#[cfg(test)]
mod tests;
