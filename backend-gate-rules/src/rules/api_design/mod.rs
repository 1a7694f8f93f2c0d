//! API-design rules over every detected endpoint: versioning, path style, documentation, rate limits, duplicates and status codes.
//!
//! The helpers here are shared by the path rules: which endpoints they look at, how a path splits
//! into segments, which paths are operational rather than API, case styles, and where a path
//! segment is written in the source (a route's own path, or the `nest`/`scope`/`mount` prefix
//! it came from).

pub mod create_without_201;
pub mod duplicate_route;
pub mod inconsistent_path_case;
pub mod no_rate_limit;
pub mod undocumented_endpoint;
pub mod unversioned_route;
pub mod verb_in_path;

use crate::endpoints::attrs::attr_routes;
use crate::endpoints::router::{RouterChain, RouterItem, RouterRef, RouterRoot};
use crate::endpoints::{Endpoint, Model};
use crate::source::Range;
use std::collections::HashMap;

/// Whether an endpoint belongs to test code: registered in a test file, or served by a test fn.
pub fn in_test_code(model: &Model, e: &Endpoint) -> bool {
    model.files[e.registration.0].is_test
        || e.handler
            .is_some_and(|id| model.files[id.0].is_test || model.fn_facts(id).is_test)
}

/// The routes path rules look at: every endpoint except fallbacks and test code, in model order.
pub fn routes(model: &Model) -> Vec<&Endpoint> {
    model
        .endpoints
        .iter()
        .filter(|e| !e.fallback && !in_test_code(model, e))
        .collect()
}

/// The package whose application serves an endpoint: that of its root router fn (the binary
/// or library that builds the app), else that of its registration. Each package is one API for
/// the rules that compare endpoints with each other.
pub fn package_of<'m>(model: &'m Model, e: &Endpoint) -> &'m str {
    let file = e.root.map_or(e.registration.0, |(file, _)| file);
    &model.files[file].package.name
}

/// The non-empty segments of a path.
pub fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

/// A `{param}` segment.
pub fn is_param(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// Probes and metrics, looked up by the last segment of a parameterless path
/// (`/health`, `/healthz`, `/api/health`, `/metrics`, `/ready`, `/live`).
const PROBES: &[&str] = &[
    "health",
    "healthz",
    "healthcheck",
    "health-check",
    "health_check",
    "metrics",
    "ready",
    "readyz",
    "readiness",
    "live",
    "livez",
    "liveness",
    "ping",
];

/// First segments of paths that libraries or standards name: well-known URIs, generated API
/// docs, browser files.
const FIXED_PREFIXES: &[&str] = &[
    ".well-known",
    "swagger-ui",
    "swagger",
    "api-docs",
    "openapi.json",
    "openapi.yaml",
    "redoc",
    "rapidoc",
    "scalar",
    "favicon.ico",
    "robots.txt",
];

/// Operational paths that are not part of the versioned, documented API: the root `/`, health
/// checks and probes, metrics, `/.well-known/*`, generated API docs (SwaggerUI, Redoc, the
/// OpenAPI document), `favicon.ico` and `robots.txt`.
pub fn is_operational(path: &str) -> bool {
    let segs: Vec<&str> = segments(path).collect();
    let Some(first) = segs.first() else {
        return true;
    };
    if FIXED_PREFIXES.contains(&first.to_ascii_lowercase().as_str()) {
        return true;
    }
    if segs.iter().any(|s| is_param(s)) {
        return false;
    }
    segs.last()
        .is_some_and(|last| PROBES.contains(&last.to_ascii_lowercase().as_str()))
}

/// How the words of a multi-word path segment are joined.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CaseStyle {
    /// `user-profiles`
    Kebab,
    /// `user_profiles`
    Snake,
    /// `userProfiles` (and `UserProfiles`)
    Camel,
}

impl CaseStyle {
    /// The style's usual name.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStyle::Kebab => "kebab-case",
            CaseStyle::Snake => "snake_case",
            CaseStyle::Camel => "camelCase",
        }
    }
}

/// The case style of a static segment with several words; `None` for single words (`users`,
/// `v1`), mixed separators (`user_profile-v2`), file names (`openapi.json`) and anything else
/// that is not plainly one style.
pub fn case_style(segment: &str) -> Option<CaseStyle> {
    if is_param(segment) || segment.contains('.') {
        return None;
    }
    if !segment
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let has_upper = segment.chars().any(|c| c.is_ascii_uppercase());
    let has_lower = segment.chars().any(|c| c.is_ascii_lowercase());
    let words = crate::syntax::words(segment);
    if words.len() < 2 {
        return None;
    }
    match (segment.contains('-'), segment.contains('_')) {
        (true, false) if !has_upper => Some(CaseStyle::Kebab),
        (false, true) if !(has_upper && has_lower) => Some(CaseStyle::Snake),
        (false, false) if has_upper && has_lower => Some(CaseStyle::Camel),
        _ => None,
    }
}

/// Joins lower-case words in a style (`["user", "profiles"]`, camel → `userProfiles`).
pub fn restyle(words: &[String], style: CaseStyle) -> String {
    match style {
        CaseStyle::Kebab => words.join("-"),
        CaseStyle::Snake => words.join("_"),
        CaseStyle::Camel => words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let mut chars = w.chars();
                match chars.next() {
                    Some(c) if i > 0 => c.to_uppercase().chain(chars).collect(),
                    _ => w.clone(),
                }
            })
            .collect(),
    }
}

/// A place in the source: file index and range.
pub type Site = (usize, Range);

/// Where the paths of the routers are written, so that a finding about a path segment points at
/// the literal that spells it: a route's own path (`.route("/user_profiles", ..)`, a route
/// attribute) or the prefix it was mounted under (`.nest("/user_profiles", ..)`,
/// `web::scope(..)`, `web::resource(..)`, rocket `mount`).
pub struct PathSites {
    /// Route registrations and the path each writes.
    routes: HashMap<Site, String>,
    /// Prefixes (`nest`, `mount`, actix scopes and resources) and where they are written.
    prefixes: Vec<(Site, String)>,
}

impl PathSites {
    /// Reads the router chains of every non-test file.
    pub fn new(model: &Model) -> Self {
        let mut sites = PathSites {
            routes: HashMap::new(),
            prefixes: Vec::new(),
        };
        for (fi, file) in model.files.iter().enumerate() {
            if file.is_test {
                continue;
            }
            for chain in &file.routers {
                sites.read(fi, chain);
            }
        }
        sites
    }

    fn read(&mut self, file: usize, chain: &RouterChain) {
        if let RouterRoot::Scope(p) | RouterRoot::Resource(p) = &chain.root {
            self.prefixes.push(((file, chain.range), p.clone()));
        }
        for item in &chain.items {
            match item {
                RouterItem::Route { path, range, .. } => {
                    self.routes.insert((file, *range), path.clone());
                }
                RouterItem::Nest {
                    prefix,
                    inner,
                    range,
                } => {
                    self.prefixes.push(((file, *range), prefix.clone()));
                    if let RouterRef::Chain(c) = inner {
                        self.read(file, c);
                    }
                }
                RouterItem::Merge {
                    inner: RouterRef::Chain(c),
                } => self.read(file, c),
                _ => {}
            }
        }
    }

    /// Where `segment` of endpoint `e`'s path is written: at the registration when the route's
    /// own path spells it, at the handler's route attribute when that spells it, else at every
    /// prefix that spells it, else (a prefix the model cannot place, e.g. loco's `prefix`) at the
    /// registration.
    pub fn of(&self, model: &Model, e: &Endpoint, segment: &str) -> Vec<Site> {
        let has = |path: &str| segments(path).any(|s| s == segment);
        if let Some(path) = self.routes.get(&e.registration) {
            if has(path) {
                return vec![e.registration];
            }
        } else if let Some(id) = e.handler {
            let f = model.fn_facts(id);
            let attr = f
                .attrs
                .iter()
                .find(|a| attr_routes(f, a).iter().any(|r| has(&r.path)));
            if let Some(attr) = attr {
                return vec![(id.0, attr.range)];
            }
        }
        // Prefixes of the same application only: another service of the workspace may spell
        // the same segment in its own routers.
        let package = |file: usize| model.files[file].package.name.as_str();
        let ours = |file: usize| {
            package(file) == package(e.registration.0)
                || e.root
                    .is_some_and(|(root, _)| package(file) == package(root))
        };
        let mut out: Vec<Site> = self
            .prefixes
            .iter()
            .filter(|((file, _), p)| ours(*file) && has(p))
            .map(|(site, _)| *site)
            .collect();
        out.sort();
        out.dedup();
        if out.is_empty() {
            out.push(e.registration);
        }
        out
    }
}

/// `GET /users` for one endpoint, `GET, POST /users` for several on one path.
pub fn describe(methods: &[&str], path: &str) -> String {
    format!("{} {path}", methods.join(", "))
}

/// `GET /a, POST /a/{id}` for endpoints, each route once, at most three and then "and N more".
pub fn describe_routes(endpoints: &[&Endpoint]) -> String {
    let mut routes: Vec<String> = Vec::new();
    for e in endpoints {
        let route = format!("{} {}", e.method.as_str(), e.path);
        if !routes.contains(&route) {
            routes.push(route);
        }
    }
    let shown = routes.len().min(3);
    let mut out = routes[..shown].join(", ");
    if routes.len() > shown {
        out.push_str(&format!(" and {} more", routes.len() - shown));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_case_styles() {
        assert_eq!(case_style("user-profiles"), Some(CaseStyle::Kebab));
        assert_eq!(case_style("user_profiles"), Some(CaseStyle::Snake));
        assert_eq!(case_style("userProfiles"), Some(CaseStyle::Camel));
        assert_eq!(case_style("UserProfiles"), Some(CaseStyle::Camel));
        assert_eq!(case_style("oauth2-callback"), Some(CaseStyle::Kebab));
        for single in [
            "users",
            "v1",
            "{user_id}",
            "openapi.json",
            "user_profile-v2",
            "API",
        ] {
            assert_eq!(case_style(single), None, "{single}");
        }
        let words = crate::syntax::words("user_profiles");
        assert_eq!(restyle(&words, CaseStyle::Camel), "userProfiles");
        assert_eq!(restyle(&words, CaseStyle::Kebab), "user-profiles");
    }

    #[test]
    fn tells_operational_paths() {
        for p in [
            "/",
            "/health",
            "/healthz",
            "/api/health",
            "/metrics",
            "/ready",
            "/live",
            "/.well-known/jwks.json",
            "/swagger-ui/{rest}",
        ] {
            assert!(is_operational(p), "{p}");
        }
        for p in [
            "/users",
            "/api/users/{id}",
            "/livestreams",
            "/health-records",
        ] {
            assert!(!is_operational(p), "{p}");
        }
    }
}
