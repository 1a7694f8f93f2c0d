//! What the registry holds: one declared endpoint, its method and its rate limit.

use std::fmt;
use std::time::Duration;

/// An HTTP method an endpoint declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
    /// `TRACE`
    Trace,
    /// `CONNECT`
    Connect,
}

impl Method {
    /// Upper-case name, as on the wire (`GET`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
            Method::Connect => "CONNECT",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A declared rate limit: at most `requests` per `per`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RateLimit {
    /// Requests allowed per period (at least 1).
    pub requests: u32,
    /// The period: one second, minute, hour or day.
    pub per: Duration,
}

impl fmt::Display for RateLimit {
    /// The declared form: `20/min`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.per.as_secs() {
            1 => "sec",
            60 => "min",
            3_600 => "hour",
            86_400 => "day",
            secs => return write!(f, "{}/{secs}s", self.requests),
        };
        write!(f, "{}/{unit}", self.requests)
    }
}

/// An endpoint declared with `#[endpoint(...)]`, as the registry lists it.
///
/// Built only by the macro; new fields may be added, so it is `#[non_exhaustive]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Endpoint {
    /// The HTTP method (displays upper case, `GET`).
    pub method: Method,
    /// The path as declared, `{param}` form (`/api/v1/users/{id}`).
    pub path: &'static str,
    /// The handler fn's name (for a method, the method's name: the macro cannot see the impl).
    pub handler: &'static str,
    /// `module_path!()` where the handler is defined (`shop::routes::users`).
    pub module: &'static str,
    /// `file!()` of the handler.
    pub file: &'static str,
    /// Line of the handler's name.
    pub line: u32,
    /// `auth = "<role>"`: the role required.
    pub auth: Option<&'static str>,
    /// `public`: anyone may call it.
    pub public: bool,
    /// `rate_limit = "<N>/<unit>"`.
    pub rate_limit: Option<RateLimit>,
    /// `summary = ".."`.
    pub summary: Option<&'static str>,
    /// `tags = [..]`, in declared order.
    pub tags: &'static [&'static str],
    /// `deprecated`.
    pub deprecated: bool,
    /// `version = ".."`.
    pub version: Option<&'static str>,
}

impl Endpoint {
    /// The `{param}` names of the path, in order (`{*rest}` gives `rest`).
    pub fn path_params(&self) -> impl Iterator<Item = &'static str> {
        self.path.split('/').filter_map(|segment| {
            let inner = segment.strip_prefix('{')?.strip_suffix('}')?;
            Some(inner.trim_start_matches('*'))
        })
    }

    /// Whether the endpoint says who may call it: `auth = ".."` or `public`.
    pub fn declares_access(&self) -> bool {
        self.auth.is_some() || self.public
    }
}

impl fmt::Display for Endpoint {
    /// `GET /api/v1/users/{id} (shop::routes::get_user, src/routes.rs:12)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} ({}::{}, {}:{})",
            self.method, self.path, self.module, self.handler, self.file, self.line
        )
    }
}
