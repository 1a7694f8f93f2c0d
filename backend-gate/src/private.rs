//! What the macro's expansion refers to. Not public API: paths here may change in any release.

use crate::{Endpoint, Method, RateLimit};

pub use inventory;

inventory::collect!(Endpoint);

/// Builds an [`Endpoint`] in a `static` (the struct is `#[non_exhaustive]`, so the macro cannot
/// write it out).
#[allow(
    clippy::too_many_arguments,
    reason = "mirrors the struct's fields, called by generated code only"
)]
pub const fn endpoint(
    method: Method,
    path: &'static str,
    handler: &'static str,
    module: &'static str,
    file: &'static str,
    line: u32,
    auth: Option<&'static str>,
    public: bool,
    rate_limit: Option<RateLimit>,
    summary: Option<&'static str>,
    tags: &'static [&'static str],
    deprecated: bool,
    version: Option<&'static str>,
) -> Endpoint {
    Endpoint {
        method,
        path,
        handler,
        module,
        file,
        line,
        auth,
        public,
        rate_limit,
        summary,
        tags,
        deprecated,
        version,
    }
}
