//! BG602 missing-auth.
//!
//! A mutating endpoint (every endpoint under the strict preset) with no authentication evidence.
//! Evidence, any one of:
//! - a parameter whose type (also inside `Option`, `Result`, `Extension`, `ReqData`,
//!   `TypedHeader`) is named like an auth extractor (`AuthUser`, `Claims`, `Session`,
//!   `Identity`, `BearerAuth`, `ApiKey`, `CurrentUser`, `AdminGuard`, `Authorization<Bearer>`)
//!   or has a `FromRequest`/`FromRequestParts` impl in the workspace that reads credentials
//!   (rocket request guards, custom axum extractors such as `Caller`);
//! - a call in the body, or in a same-crate function it calls, to an auth check
//!   (`authenticate`, `authorize`, `check_auth`, `require_user`, `verify_token`, `current_user`,
//!   `TypedSession::from_request`), or code that reads the `Authorization`/API-key header or a
//!   session cookie;
//! - a middleware covering its route that authenticates: its text names it
//!   (`from_fn(require_auth)`, `HttpAuthentication::bearer(..)`, `RequireAuthorizationLayer`,
//!   `login_required!`), or it names a workspace fn whose body does
//!   (`from_fn(reject_anonymous_users)` reading the session). Header-name constants, string
//!   literals and session stores do not count: a CORS layer allowing the `AUTHORIZATION` header
//!   and a `SessionMiddleware`/`SessionManagerLayer`/`IdentityMiddleware` reject nobody;
//! - a request body with a password field (login, registration, password reset authenticate
//!   with what they are sent);
//! - `#[endpoint(auth = "..")]`, or a declared `#[endpoint(public)]`.
//!
//! Entry points are public by default: a last path segment (ignoring `{params}`) such as
//! `login`, `register`, `token`, `refresh`, `callback`, `reset-password`, `verify`; any
//! `webhooks`/`oauth` segment; health probes (`/health*`, `/ready`, `/live`, `/ping`); the
//! root page (`GET /`); and handlers named for them (`login`, `stripe_webhook`). Precision
//! choices: endpoints whose handler is not resolved are skipped, and so are handlers registered
//! only by attribute (no router seen) when an auth layer exists somewhere in the workspace,
//! since what covers them is unknown.

use crate::config::Settings;
use crate::endpoints::attrs::attr_routes;
use crate::endpoints::resolve::{FnId, Index};
use crate::endpoints::router::{Framework, RouterChain, RouterItem, RouterRef};
use crate::endpoints::{Endpoint, Model, Source};
use crate::facts::{EventKind, FnFacts, TypeRef};
use crate::finding::Finding;
use crate::rule::{Category, Confidence, Level, ModelCx, Preset, Rule, RuleMeta};
use crate::rules::handlers::{handlers, registration_label, Handler};
use crate::rules::input_validation::{find_struct, request_input, Input};
use crate::syntax;
use std::collections::{HashMap, HashSet};

/// Metadata of BG602.
pub static META: RuleMeta = RuleMeta {
    code: "BG602",
    name: "missing-auth",
    category: Category::Security,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "a POST/PUT/PATCH/DELETE endpoint (every endpoint under the strict preset) with no \
              authentication: no auth extractor, no auth check in its body, no auth middleware \
              covering its route, and not declared public",
    why: "An endpoint that changes data without knowing who calls it lets anyone on the network \
          create, modify or delete records. Authentication is easy to forget on one route when \
          it is added per handler, and a middleware only protects the routes added before \
          `.layer(..)` (axum) or inside the wrapped scope (actix). Endpoints that must stay \
          public (login, webhooks) say so with `#[endpoint(public)]` or are recognised by their \
          path.",
    bad: "pub fn router() -> Router<AppState> {\n    \
              Router::new().route(\"/api/v1/posts/:id\", delete(delete_post))\n\
          }\n\n\
          async fn delete_post(\n    State(db): State<PgPool>,\n    Path(id): Path<i64>,\n\
          ) -> Result<StatusCode, ApiError> {\n    \
              posts::delete(&db, id).await?;\n    Ok(StatusCode::NO_CONTENT)\n\
          }",
    good: "pub fn router() -> Router<AppState> {\n    \
               Router::new()\n        .route(\"/api/v1/posts/:id\", delete(delete_post))\n        \
               .route_layer(middleware::from_fn(require_auth))\n\
           }\n\n\
           // or per handler, with an extractor that checks the bearer token:\n\
           async fn delete_post(\n    claims: Claims,\n    State(db): State<PgPool>,\n    \
               Path(id): Path<i64>,\n\
           ) -> Result<StatusCode, ApiError> {\n    \
               posts::delete_owned(&db, id, claims.sub).await?;\n    Ok(StatusCode::NO_CONTENT)\n\
           }",
    in_tests: false,
};

/// BG602 missing-auth.
pub struct MissingAuth;

/// Last path segments (normalised to kebab-case) of endpoints that are public by nature.
const ENTRY_POINTS: &[&str] = &[
    "login",
    "log-in",
    "logout",
    "log-out",
    "signin",
    "sign-in",
    "signout",
    "sign-out",
    "signup",
    "sign-up",
    "register",
    "registration",
    "auth",
    "authenticate",
    "authorize",
    "session",
    "sessions",
    "token",
    "refresh",
    "refresh-token",
    "callback",
    "webhook",
    "webhooks",
    // ActivityPub inboxes take requests signed by other servers (HTTP signatures), like webhooks.
    "inbox",
    "oauth",
    "oauth2",
    "reset-password",
    "password-reset",
    "forgot-password",
    "verify",
    "verify-email",
    "confirm",
    "confirm-email",
    "activate",
    "ready",
    "readyz",
    "live",
    "livez",
    "ping",
];

/// Segments that make every endpoint under them public (`/webhooks/stripe`, `/oauth/github`).
const PUBLIC_PREFIXES: &[&str] = &["webhook", "webhooks", "oauth", "oauth2", ".well-known"];

/// Words of handler names that serve public entry points (`login`, `stripe_webhook`).
const PUBLIC_HANDLER_WORDS: &[&str] = &[
    "login", "logout", "signin", "signout", "signup", "register", "webhook", "callback", "oauth",
];

/// Word pairs of handler names that serve public entry points (`sign_up`, `reset_password`).
const PUBLIC_HANDLER_PAIRS: &[(&str, &str)] = &[
    ("sign", "in"),
    ("sign", "up"),
    ("sign", "out"),
    ("log", "in"),
    ("log", "out"),
    ("refresh", "token"),
    ("reset", "password"),
    ("forgot", "password"),
];

/// Words of type names that are auth extractors.
const AUTH_TYPE_WORDS: &[&str] = &[
    "auth",
    "authenticated",
    "authorization",
    "authorized",
    "claims",
    "session",
    "identity",
    "jwt",
    "bearer",
    "apikey",
    "token",
    "guard",
    "principal",
    "credentials",
];

/// Wrappers whose type arguments may be the auth extractor (`Option<AuthUser>`,
/// `Extension<Claims>`, `TypedHeader<Authorization<Bearer>>`).
const AUTH_WRAPPERS: &[&str] = &[
    "Option",
    "Result",
    "Extension",
    "ReqData",
    "TypedHeader",
    "Header",
];

/// Client methods that add credentials to an outgoing request.
const OUTBOUND_AUTH: &[&str] = &["bearer_auth", "basic_auth"];

/// Substrings of middleware text that show authentication.
const AUTH_LAYER_WORDS: &[&str] = &[
    "auth",
    "jwt",
    "bearer",
    "login",
    "token",
    "apikey",
    "api_key",
    "protect",
    "permission",
    "rbac",
];

/// Middleware that makes a session or identity available but rejects no request: the store
/// behind an auth check, not the check (actix-session, actix-identity, tower-sessions,
/// axum-login's manager layer).
const STORE_LAYERS: &[&str] = &[
    "SessionMiddleware",
    "SessionManagerLayer",
    "SessionLayer",
    "CookieSession",
    "IdentityMiddleware",
    "AuthManagerLayer",
    "AuthManagerLayerBuilder",
    "AuthSessionLayer",
];

impl Rule for MissingAuth {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &ModelCx, out: &mut Vec<Finding>) {
        let model = cx.model;
        let evidence = Evidence::new(model);
        let mut layers: HashMap<String, bool> = HashMap::new();
        let mut layer_covers = |text: &str| -> bool {
            if let Some(&known) = layers.get(text) {
                return known;
            }
            let covers = evidence.layer(text);
            layers.insert(text.to_string(), covers);
            covers
        };
        let auth_layer_somewhere = model
            .files
            .iter()
            .flat_map(|f| &f.routers)
            .flat_map(chain_layers)
            .any(&mut layer_covers);
        for h in handlers(model) {
            let strict = cx.preset(h.file()) == Preset::Strict;
            let settings = cx.settings(h.file());
            let mut authenticated: Option<bool> = None;
            let mut seen = HashSet::new();
            for e in &h.endpoints {
                if e.fallback || !(strict || e.method.is_mutating()) {
                    continue;
                }
                if !seen.insert((e.method, e.path.as_str())) {
                    continue;
                }
                let home_page = e.path == "/" && !e.method.is_mutating();
                if home_page
                    || public_path(&e.path)
                    || settings.is_public(&e.path)
                    || public_handler(&h.facts.name)
                {
                    continue;
                }
                if e.layers.iter().any(|l| layer_covers(l)) {
                    continue;
                }
                // actix-web `#[delete("/{id}", wrap = "RequireApiKey")]`.
                let wrapped = h.facts.attrs.iter().any(|a| {
                    attr_routes(h.facts, a)
                        .iter()
                        .any(|r| r.wraps.iter().any(|w| layer_covers(w)))
                });
                if wrapped {
                    continue;
                }
                if e.source != Source::Router && e.layers.is_empty() && auth_layer_somewhere {
                    continue;
                }
                let covered = *authenticated.get_or_insert_with(|| evidence.handler(&h, settings));
                if covered {
                    continue;
                }
                out.extend(report(cx, &h, e));
            }
        }
    }
}

fn report(cx: &ModelCx, h: &Handler, e: &Endpoint) -> Option<Finding> {
    let route = format!("{} {}", e.method.as_str(), e.path);
    let name = if h.facts.name == "{closure}" {
        "the handler closure".to_string()
    } else {
        format!("`{}`", h.facts.name)
    };
    let message = format!(
        "`{route}` has no authentication: {name} takes no auth extractor, calls no auth check, \
         and no auth middleware covers the route"
    );
    let finding = cx.finding(&META, h.file(), h.facts.name_range, message, None)?;
    Some(
        finding
            .with_label(format!("no authentication evidence for {route}"))
            .with_help(help(e.framework))
            .with_confidence(Confidence::Medium)
            .with_secondary(registration_label(cx, e))
            .with_context(crate::endpoints::qualified_name(h.facts)),
    )
}

fn help(framework: Framework) -> String {
    let fix = match framework {
        Framework::Axum => {
            "take an extractor that authenticates (e.g. `claims: Claims` whose \
             `FromRequestParts` impl checks the bearer token), or cover the router with \
             `.route_layer(middleware::from_fn(require_auth))` after its routes"
        }
        Framework::ActixWeb => {
            "wrap its scope with `.wrap(HttpAuthentication::bearer(validator))` \
             (actix-web-httpauth), or take an extractor that authenticates (`BearerAuth`, \
             `Identity`, or your own `FromRequest` type)"
        }
        Framework::Rocket => {
            "take a request guard that authenticates (e.g. `user: AuthUser` whose `FromRequest` \
             impl checks the `Authorization` header or a private cookie)"
        }
        Framework::Poem => {
            "take a security scheme parameter (`auth: BearerAuth` deriving `SecurityScheme`), or \
             wrap the route with an auth middleware"
        }
        _ => {
            "take an extractor that authenticates the caller, or cover the route with an auth \
              middleware"
        }
    };
    format!("{fix}; if the endpoint is public on purpose, declare it with `#[endpoint(public)]`")
}

/// Authentication shown by handlers and middleware, with the lookups to follow their calls.
struct Evidence<'m> {
    index: Index<'m>,
    model: &'m Model,
    /// Workspace fns by name (methods and free fns).
    fns: HashMap<&'m str, Vec<FnId>>,
    /// Types whose `FromRequest`/`FromRequestParts` impl reads credentials.
    credential_types: HashSet<&'m str>,
}

impl<'m> Evidence<'m> {
    fn new(model: &'m Model) -> Self {
        let mut fns: HashMap<&str, Vec<FnId>> = HashMap::new();
        for (fi, file) in model.files.iter().enumerate() {
            for (i, f) in file.fns.iter().enumerate() {
                if !f.is_test && !file.is_test && f.name != "{closure}" {
                    fns.entry(f.name.as_str()).or_default().push((fi, i));
                }
            }
        }
        let impls: Vec<_> = model.files.iter().flat_map(|f| &f.impls).collect();
        let mut credential_types: HashSet<&str> = impls
            .iter()
            .filter(|i| i.reads_credentials)
            .map(|i| i.self_ty.as_str())
            .collect();
        // An extractor built on one that reads credentials (`OwnerHeaders` extracting
        // `OrgHeaders` extracting `Headers`) authenticates too.
        loop {
            let before = credential_types.len();
            for i in &impls {
                if i.extracts
                    .iter()
                    .any(|t| credential_types.contains(t.as_str()))
                {
                    credential_types.insert(i.self_ty.as_str());
                }
            }
            if credential_types.len() == before {
                break;
            }
        }
        Evidence {
            index: model.index(),
            model,
            fns,
            credential_types,
        }
    }

    /// Declared auth or public, an auth extractor parameter, credentials in the request body,
    /// or an auth check in the body or in the same-crate functions it calls.
    fn handler(&self, h: &Handler, settings: &Settings) -> bool {
        let f = h.facts;
        endpoint_declares(f)
            || f.params
                .iter()
                .any(|p| configured_auth_type(&p.ty, settings))
            || self.takes_credentials(f)
            || self.takes_password(f)
            || self.body(f, 0, &mut HashSet::new())
    }

    /// A parameter whose type authenticates.
    fn takes_credentials(&self, f: &FnFacts) -> bool {
        f.params
            .iter()
            .any(|p| auth_type(&p.ty, &self.credential_types))
    }

    /// A request body with a password field: the endpoint authenticates with what it is sent
    /// (login, registration, password reset).
    fn takes_password(&self, f: &FnFacts) -> bool {
        f.params.iter().any(|p| {
            let Input::Raw { inner, .. } = request_input(&p.ty, true, &|_| false) else {
                return false;
            };
            self.has_password(inner, &f.module, 0)
        })
    }

    fn has_password(&self, ty: &TypeRef, from: &str, depth: usize) -> bool {
        let own = find_struct(self.model, ty, from).is_some_and(|s| {
            s.fields.iter().any(|(name, _)| {
                syntax::words(name)
                    .iter()
                    .any(|w| matches!(w.as_str(), "password" | "passwd" | "passphrase"))
            })
        });
        own || (depth < 3
            && ty
                .args
                .iter()
                .any(|a| self.has_password(a, from, depth + 1)))
    }

    /// Whether middleware authenticates: its text names authentication, or it names a
    /// workspace fn that does (`from_fn(reject_anonymous_users)` whose body reads the session).
    fn layer(&self, text: &str) -> bool {
        auth_layer(text)
            || text
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter_map(|ident| self.fns.get(ident))
                .flatten()
                .any(|&id| {
                    let f = self.model.fn_facts(id);
                    self.takes_credentials(f) || self.body(f, 0, &mut HashSet::new())
                })
    }

    /// Whether a body reads credentials or calls an auth check, directly or through the
    /// same-crate functions it calls (two levels down). Methods are followed by name only when
    /// the name says they check something (`state.tokens.verify(..)`): following `get` or
    /// `insert` would find a credential read behind every map lookup.
    fn body(&self, f: &FnFacts, depth: usize, seen: &mut HashSet<FnId>) -> bool {
        let direct = f.events.iter().any(|e| match &e.kind {
            EventKind::Credential => true,
            EventKind::Call { path, .. } => {
                path.last().is_some_and(|n| auth_check(n))
                    // `TypedSession::from_request(..)`, `Claims::decode(..)`
                    || (path.len() >= 2
                        && auth_type_name(&path[path.len() - 2], &self.credential_types))
            }
            // reqwest's `.bearer_auth(key)` authenticates an outgoing request, not the caller.
            EventKind::MethodOn { method, .. } if OUTBOUND_AUTH.contains(&method.as_str()) => false,
            EventKind::MethodOn { receiver, method } => {
                auth_check(method) || (auth_receiver(receiver) && check_verb(method))
            }
            _ => false,
        });
        if direct || depth >= 2 {
            return direct;
        }
        let mut callees: Vec<FnId> = Vec::new();
        for e in &f.events {
            match &e.kind {
                EventKind::Call { path, .. } => {
                    callees.extend(self.index.resolve_fn(path, &f.module, f.self_ty.as_deref()))
                }
                EventKind::MethodOn { method, .. } if check_verb(method) => callees.extend(
                    self.fns
                        .get(method.as_str())
                        .into_iter()
                        .flatten()
                        .filter(|&&id| self.model.fn_facts(id).self_ty.is_some()),
                ),
                _ => {}
            }
        }
        callees
            .into_iter()
            .any(|id| seen.insert(id) && self.body(self.model.fn_facts(id), depth + 1, seen))
    }
}

/// `#[endpoint(.., auth = "..")]` or `#[endpoint(.., public)]`, as the proc macro reads it (an
/// attribute the compiler rejects declares nothing).
fn endpoint_declares(f: &FnFacts) -> bool {
    f.contract
        .as_ref()
        .is_some_and(|c| c.auth.is_some() || c.public)
}

/// Whether a parameter type is one of the configured `auth-extractors` (also inside
/// `Option<..>`, `Extension<..>` and the other wrappers).
fn configured_auth_type(ty: &TypeRef, settings: &Settings) -> bool {
    Settings::names(&settings.auth_extractors, &ty.path)
        || (AUTH_WRAPPERS.contains(&ty.name())
            && ty.args.iter().any(|a| configured_auth_type(a, settings)))
}

/// Whether a parameter type is an auth extractor, by name or by its workspace impl.
fn auth_type(ty: &TypeRef, credential_types: &HashSet<&str>) -> bool {
    let name = ty.name();
    if AUTH_WRAPPERS.contains(&name) {
        let args = if name == "Result" {
            &ty.args[..ty.args.len().min(1)]
        } else {
            &ty.args[..]
        };
        return args.iter().any(|a| auth_type(a, credential_types));
    }
    auth_type_name(name, credential_types)
}

/// Whether a type name is an auth extractor's.
fn auth_type_name(name: &str, credential_types: &HashSet<&str>) -> bool {
    if credential_types.contains(name) {
        return true;
    }
    let words = syntax::words(name);
    words.iter().any(|w| AUTH_TYPE_WORDS.contains(&w.as_str()))
        || has_pair(&words, "api", "key")
        || has_pair(&words, "current", "user")
}

fn has_pair(words: &[String], a: &str, b: &str) -> bool {
    words.windows(2).any(|w| w[0] == a && w[1] == b)
}

/// `authenticate`, `authorize`, `check_auth`, `require_user`, `verify_token`, `current_user`,
/// `decode_jwt`, `check_permission`, `verify_signature`.
fn auth_check(name: &str) -> bool {
    let words = syntax::words(name);
    let any = |set: &[&str]| words.iter().any(|w| set.contains(&w.as_str()));
    if any(&[
        "auth",
        "authenticate",
        "authenticated",
        "authentication",
        "authorize",
        "authorized",
        "authorise",
        "authorised",
        "authorization",
    ]) || has_pair(&words, "current", "user")
    {
        return true;
    }
    let credential = any(&[
        "token",
        "jwt",
        "session",
        "claims",
        "credentials",
        "apikey",
        "signature",
        "principal",
        "identity",
    ]) || has_pair(&words, "api", "key");
    let reads = any(&[
        "require", "ensure", "check", "verify", "assert", "validate", "decode", "extract", "load",
        "get", "read",
    ]);
    let caller = any(&[
        "user",
        "login",
        "admin",
        "permission",
        "permissions",
        "role",
        "roles",
        "scope",
        "scopes",
        "owner",
        "ownership",
    ]);
    (reads && credential) || (check_verb(name) && caller)
}

fn check_verb(name: &str) -> bool {
    syntax::words(name).iter().any(|w| {
        matches!(
            w.as_str(),
            "require" | "ensure" | "check" | "verify" | "assert" | "validate" | "decode"
        )
    })
}

/// A local named for an authenticator (`auth.verify(..)`, `jwt.decode(..)`).
fn auth_receiver(name: &str) -> bool {
    syntax::words(name)
        .iter()
        .any(|w| matches!(w.as_str(), "auth" | "jwt" | "authenticator" | "verifier"))
}

/// Whether middleware text names authentication. Header-name constants, string literals and
/// session stores are left out first: CORS and sensitive-header layers list `AUTHORIZATION`
/// without checking it, and a session layer rejects nobody.
fn auth_layer(text: &str) -> bool {
    let mut kept = String::new();
    let mut ident = String::new();
    let mut in_str = false;
    let mut escaped = false;
    let flush = |ident: &mut String, kept: &mut String| {
        let screaming = ident.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !ident.chars().any(char::is_lowercase);
        if !screaming && !STORE_LAYERS.contains(&ident.as_str()) {
            kept.push_str(ident);
        }
        ident.clear();
    };
    for c in text.chars() {
        if in_str {
            match (escaped, c) {
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => escaped = false,
            }
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            ident.push(c);
            continue;
        }
        flush(&mut ident, &mut kept);
        if c == '"' {
            in_str = true;
        } else {
            kept.push(c);
        }
    }
    flush(&mut ident, &mut kept);
    // `from_fn(require_user)`, `from_fn(verify_token)`: a middleware named for an auth check.
    kept.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .any(auth_check)
        || {
            let kept = kept.to_ascii_lowercase();
            AUTH_LAYER_WORDS.iter().any(|w| kept.contains(w))
        }
}

/// The middleware a router chain (and the chains it builds inline) applies.
fn chain_layers(chain: &RouterChain) -> Vec<&str> {
    chain
        .items
        .iter()
        .flat_map(|item| match item {
            RouterItem::Layer { text, .. } => vec![text.as_str()],
            RouterItem::Nest {
                inner: RouterRef::Chain(c),
                ..
            }
            | RouterItem::Merge {
                inner: RouterRef::Chain(c),
            } => chain_layers(c),
            _ => Vec::new(),
        })
        .collect()
}

/// `login`, `/auth/github/callback`, `/webhooks/stripe`, `/healthz`: entry points that are public
/// by nature.
fn public_path(path: &str) -> bool {
    let segments: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .map(|s| {
            if s.starts_with('.') {
                s.to_ascii_lowercase()
            } else {
                syntax::words(s).join("-")
            }
        })
        .collect();
    segments
        .iter()
        .any(|s| PUBLIC_PREFIXES.contains(&s.as_str()))
        || segments
            .last()
            .is_some_and(|s| ENTRY_POINTS.contains(&s.as_str()) || s.starts_with("health"))
        || carries_credential(path)
}

/// A capability URL: a path parameter that is itself the credential
/// (`/invitations/accept/{token}`, `/files/{signature}`, `/unsubscribe/{key}`).
fn carries_credential(path: &str) -> bool {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .any(|param| {
            syntax::words(param).last().is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "token" | "signature" | "secret" | "hmac" | "key"
                )
            })
        })
}

/// Handlers named for a public entry point (`login`, `sign_up`, `stripe_webhook`).
fn public_handler(name: &str) -> bool {
    let words = syntax::words(name);
    words
        .iter()
        .any(|w| PUBLIC_HANDLER_WORDS.contains(&w.as_str()))
        || PUBLIC_HANDLER_PAIRS
            .iter()
            .any(|(a, b)| has_pair(&words, a, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule_files, assert_rule_files_preset};

    #[test]
    fn capability_urls_carry_their_credential() {
        let main = r#"
use axum::{extract::Path, http::StatusCode, routing::{delete, put}, Router};
fn app() -> Router {
    Router::new()
        .route("/api/v1/invitations/accept/:token", put(accept))
        .route("/api/v1/files/:id/:signature", delete(remove_signed))
        .route("/api/v1/invitations/:id", delete(revoke))
}
async fn accept(Path(token): Path<String>) -> StatusCode { StatusCode::OK }
async fn remove_signed(Path((id, signature)): Path<(i64, String)>) -> StatusCode { StatusCode::OK }
async fn revoke(Path(id): Path<i64>) -> StatusCode { StatusCode::OK } // expect: BG602
"#;
        assert_rule_files(&MissingAuth, &["axum"], &[("src/main.rs", main)]);
    }

    fn recommended(deps: &[&str], files: &[(&str, &str)]) {
        assert_rule_files_preset(&MissingAuth, Preset::Recommended, deps, files);
    }

    const AXUM_MAIN: &str = r#"
mod auth;
mod routes;
use axum::{middleware, routing::{delete, get, post, put}, Router};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use tower_http::cors::CorsLayer;

pub fn app(state: AppState) -> Router {
    let admin = Router::new()
        .route("/reports", post(routes::admin::create_report))
        .route("/users/:id", delete(routes::admin::delete_user))
        .route_layer(middleware::from_fn(auth::require_auth));
    let late = Router::new()
        .layer(middleware::from_fn(auth::require_auth))
        .route("/exports", post(routes::admin::export));
    Router::new()
        .route("/api/v1/auth/login", post(routes::session::login))
        .route("/api/v1/auth/refresh", post(routes::session::refresh))
        .route("/api/v1/posts", post(routes::posts::create_post).get(routes::posts::list_posts))
        .route("/api/v1/posts/:id", put(routes::posts::update_post).delete(routes::posts::delete_post))
        .route("/api/v1/comments", post(routes::posts::comment))
        .route("/api/v1/feedback", post(routes::posts::feedback))
        .route("/api/v1/uploads", post(routes::posts::upload))
        .route("/api/v1/likes", post(routes::posts::like))
        .route("/api/v1/pins", post(routes::posts::pin))
        .route("/api/v1/bookmarks", post(routes::posts::bookmark))
        .route("/api/v1/newsletter", post(routes::posts::newsletter))
        .route("/api/v1/webhooks/stripe", post(routes::session::stripe_events))
        .nest("/api/v1/admin", admin)
        .nest("/api/v1/tools", late)
        .layer(CorsLayer::new().allow_headers([AUTHORIZATION, CONTENT_TYPE]))
        .with_state(state)
}
"#;

    const AXUM_AUTH: &str = r#"
use axum::{
    extract::{FromRequestParts, Request},
    http::{header::AUTHORIZATION, request::Parts, HeaderMap, StatusCode},
    middleware::Next,
    response::Response,
};

pub struct Claims { pub sub: i64 }
pub struct AuthUser { pub id: i64 }

/// The caller, from the bearer token.
pub struct Caller { pub id: i64 }

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = StatusCode;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let header = parts.headers.get(AUTHORIZATION).ok_or(StatusCode::UNAUTHORIZED)?;
        decode(header).map(|id| Caller { id }).map_err(|_| StatusCode::UNAUTHORIZED)
    }
}

/// Client details for analytics.
pub struct ClientInfo { pub agent: String }

impl<S: Send + Sync> FromRequestParts<S> for ClientInfo {
    type Rejection = StatusCode;
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let agent = parts.headers.get("user-agent").ok_or(StatusCode::BAD_REQUEST)?;
        Ok(ClientInfo { agent: agent.to_str().unwrap_or_default().to_string() })
    }
}

pub async fn require_auth(req: Request, next: Next) -> Result<Response, StatusCode> {
    match req.headers().get(AUTHORIZATION) {
        Some(_) => Ok(next.run(req).await),
        None => Err(StatusCode::UNAUTHORIZED),
    }
}

pub fn authenticate(headers: &HeaderMap) -> Result<AuthUser, StatusCode> {
    let value = headers.get(AUTHORIZATION).ok_or(StatusCode::UNAUTHORIZED)?;
    decode(value).map(|id| AuthUser { id }).map_err(|_| StatusCode::UNAUTHORIZED)
}

pub fn bearer_id(headers: &HeaderMap) -> Option<i64> {
    headers.get(AUTHORIZATION).and_then(|v| decode(v).ok())
}
"#;

    const AXUM_POSTS: &str = r#"
use axum::{extract::{Path, State}, http::{HeaderMap, StatusCode}, Extension, Json};
use axum_extra::{headers::{authorization::Bearer, Authorization}, TypedHeader};
use backend_gate::endpoint;
use crate::auth::{self, AuthUser, Caller, Claims, ClientInfo};

pub async fn create_post(claims: Claims, State(db): State<PgPool>, Json(post): Json<NewPost>) -> StatusCode {
    StatusCode::CREATED
}

pub async fn list_posts(State(db): State<PgPool>) -> Json<Vec<Post>> {
    Json(Vec::new())
}

pub async fn update_post(State(db): State<PgPool>, Path(id): Path<i64>, Json(post): Json<NewPost>) -> StatusCode { // expect: BG602
    StatusCode::OK
}

pub async fn delete_post(user: Option<AuthUser>, Path(id): Path<i64>) -> StatusCode {
    match user {
        Some(_) => StatusCode::NO_CONTENT,
        None => StatusCode::UNAUTHORIZED,
    }
}

pub async fn comment(caller: Caller, Json(body): Json<NewComment>) -> StatusCode {
    StatusCode::CREATED
}

pub async fn feedback(client: ClientInfo, Json(body): Json<Feedback>) -> StatusCode { // expect: BG602
    StatusCode::ACCEPTED
}

pub async fn upload(headers: HeaderMap, body: Bytes) -> Result<StatusCode, StatusCode> {
    let user = auth::authenticate(&headers)?;
    store(user.id, body);
    Ok(StatusCode::CREATED)
}

pub async fn like(headers: HeaderMap, Path(id): Path<i64>) -> StatusCode {
    match auth::bearer_id(&headers) {
        Some(user) => StatusCode::OK,
        None => StatusCode::UNAUTHORIZED,
    }
}

pub async fn pin(TypedHeader(token): TypedHeader<Authorization<Bearer>>) -> StatusCode {
    StatusCode::OK
}

pub async fn bookmark(Extension(user): Extension<AuthUser>) -> StatusCode {
    StatusCode::OK
}

#[endpoint(POST, "/api/v1/newsletter", public, summary = "Subscribe to the newsletter")]
pub async fn newsletter(Json(body): Json<Subscribe>) -> StatusCode {
    StatusCode::OK
}
"#;

    const AXUM_ADMIN: &str = r#"
use axum::{extract::Path, http::StatusCode, Json};
pub async fn create_report(Json(body): Json<NewReport>) -> StatusCode { StatusCode::CREATED }
pub async fn delete_user(Path(id): Path<i64>) -> StatusCode { StatusCode::NO_CONTENT }
pub async fn export(Json(body): Json<ExportRequest>) -> StatusCode { // expect: BG602
    StatusCode::ACCEPTED
}
"#;

    const AXUM_SESSION: &str = r#"
use axum::{http::StatusCode, Json};
pub async fn login(Json(body): Json<Credentials>) -> Result<Json<TokenPair>, StatusCode> { todo!() }
pub async fn refresh(Json(body): Json<RefreshRequest>) -> Result<Json<TokenPair>, StatusCode> { todo!() }
pub async fn stripe_events(body: String) -> StatusCode { StatusCode::OK }
"#;

    fn axum_files() -> Vec<(&'static str, &'static str)> {
        vec![
            ("src/main.rs", AXUM_MAIN),
            ("src/auth.rs", AXUM_AUTH),
            (
                "src/routes/mod.rs",
                "pub mod admin;\npub mod posts;\npub mod session;\n",
            ),
            ("src/routes/posts.rs", AXUM_POSTS),
            ("src/routes/admin.rs", AXUM_ADMIN),
            ("src/routes/session.rs", AXUM_SESSION),
        ]
    }

    const AXUM_DEPS: &[&str] = &["axum", "axum-extra", "tower-http", "backend-gate", "sqlx"];

    #[test]
    fn axum_endpoints() {
        recommended(AXUM_DEPS, &axum_files());
    }

    #[test]
    fn layers_over_routers_built_elsewhere_and_service_checks() {
        let main = r#"
mod api;
mod state;
use axum::{middleware, routing::post, Router};
use tower_http::trace::TraceLayer;

pub fn app(state: state::AppState) -> Router {
    let app = Router::new().route("/api/v1/projects", post(api::create_project));
    let app = app.layer(middleware::from_fn_with_state(state.clone(), api::auth_middleware));
    let billing = api::billing_routes().route_layer(middleware::from_fn(api::require_auth));
    app.merge(billing)
        .nest("/api/v1/teams", api::team_routes().layer(middleware::from_fn(api::require_auth)))
        .route("/api/v1/tasks", post(api::create_task))
        .route("/api/v1/labels", post(api::create_label))
        .route("/api/v1/audits", post(api::create_audit))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
"#;
        let state = r#"
use axum::http::{header, HeaderMap};
#[derive(Clone)]
pub struct AppState { pub tokens: TokenService }
#[derive(Clone)]
pub struct TokenService { key: String }
impl TokenService {
    pub fn verify(&self, headers: &HeaderMap) -> Result<i64, ApiError> {
        let value = headers.get(header::AUTHORIZATION).ok_or(ApiError::Unauthorized)?;
        decode(value, &self.key)
    }
    pub fn issue(&self, user: i64) -> String { sign(user, &self.key) }
}
"#;
        let api = r#"
use axum::{extract::State, http::{HeaderMap, StatusCode}, routing::{delete, post}, Json, Router};
use backend_gate::endpoint;
use crate::state::AppState;

pub fn billing_routes() -> Router<AppState> {
    Router::new().route("/api/v1/invoices", post(create_invoice))
}
pub fn team_routes() -> Router<AppState> {
    Router::new().route("/:id", delete(delete_team))
}
pub async fn create_project(Json(body): Json<NewProject>) -> StatusCode { StatusCode::CREATED }
pub async fn create_invoice(Json(body): Json<NewInvoice>) -> StatusCode { StatusCode::CREATED }
pub async fn delete_team() -> StatusCode { StatusCode::NO_CONTENT }

pub async fn create_task(State(state): State<AppState>, headers: HeaderMap, Json(body): Json<NewTask>) -> Result<StatusCode, ApiError> {
    let user = state.tokens.verify(&headers)?;
    Ok(StatusCode::CREATED)
}

#[endpoint(POST, "/api/v1/labels", auth = "admin")]
pub async fn create_label(Json(body): Json<NewLabel>) -> StatusCode { StatusCode::CREATED }

pub async fn create_audit(State(state): State<AppState>, Json(body): Json<NewAudit>) -> StatusCode { // expect: BG602
    let token = state.tokens.issue(1);
    StatusCode::CREATED
}

pub async fn auth_middleware() {}
pub async fn require_auth() {}
"#;
        recommended(
            &["axum", "tower-http", "backend-gate"],
            &[
                ("src/main.rs", main),
                ("src/state.rs", state),
                ("src/api.rs", api),
            ],
        );
    }

    #[test]
    fn session_stores_do_not_authenticate_but_named_middleware_does() {
        let startup = r#"
use actix_session::SessionMiddleware;
use actix_web::{web, App, HttpServer};
use actix_web_lab::middleware::from_fn;
use crate::authentication::reject_anonymous_users;
use crate::routes::{change_password, log_out, login, publish_newsletter, subscribe};

pub async fn run(store: RedisSessionStore, key: Key) -> std::io::Result<()> {
    HttpServer::new(move || {
        App::new()
            .wrap(SessionMiddleware::new(store.clone(), key.clone()))
            .service(
                web::scope("/admin")
                    .wrap(from_fn(reject_anonymous_users))
                    .route("/newsletters", web::post().to(publish_newsletter))
                    .route("/password", web::post().to(change_password))
                    .route("/logout", web::post().to(log_out)),
            )
            .route("/login", web::post().to(login))
            .route("/subscriptions", web::post().to(subscribe))
    })
    .bind(("0.0.0.0", 8000))?
    .run()
    .await
}
"#;
        let authentication = r#"
use actix_web::{dev::ServiceRequest, FromRequest};
use actix_web_lab::middleware::Next;
use crate::session_state::TypedSession;

pub async fn reject_anonymous_users(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let session = {
        let (http_request, payload) = req.parts_mut();
        TypedSession::from_request(http_request, payload).await
    }?;
    match session.get_user_id()? {
        Some(user_id) => next.call(req).await,
        None => Err(see_other("/login")),
    }
}
"#;
        let routes = r#"
use actix_web::{web, HttpResponse};
pub async fn publish_newsletter(form: web::Form<NewsletterForm>, pool: web::Data<PgPool>) -> HttpResponse {
    HttpResponse::SeeOther().finish()
}
pub async fn change_password(form: web::Form<PasswordForm>) -> HttpResponse { HttpResponse::Ok().finish() }
pub async fn log_out() -> HttpResponse { HttpResponse::Ok().finish() }
pub async fn login(form: web::Form<LoginForm>) -> HttpResponse { HttpResponse::Ok().finish() }
pub async fn subscribe(form: web::Form<SubscribeForm>, pool: web::Data<PgPool>) -> HttpResponse { // expect: BG602
    HttpResponse::Ok().finish()
}
"#;
        recommended(
            &["actix-web", "actix-session", "actix-web-lab"],
            &[
                ("src/startup.rs", startup),
                ("src/authentication.rs", authentication),
                ("src/routes.rs", routes),
            ],
        );
    }

    #[test]
    fn a_password_in_the_body_is_a_credential_entry_point() {
        let main = r#"
mod users;
use axum::{routing::{post, put}, Router};
use tower_sessions::SessionManagerLayer;
pub fn app(sessions: SessionManagerLayer<MemoryStore>) -> Router<ApiContext> {
    Router::new()
        .route("/api/users", post(users::create_user))
        .route("/api/password-resets/:token", put(users::reset_password_with_token))
        .route("/api/profiles", post(users::create_profile))
        .layer(sessions)
        .layer(SessionManagerLayer::new(MemoryStore::default()))
}
"#;
        let users = r#"
use axum::{extract::{Path, State}, Json};
#[derive(serde::Deserialize)]
struct UserBody<T> { user: T }
#[derive(serde::Deserialize)]
struct NewUser { username: String, email: String, password: String }
#[derive(serde::Deserialize)]
struct NewPassword { new_password: String }
#[derive(serde::Deserialize)]
struct NewProfile { bio: String }
pub async fn create_user(State(ctx): State<ApiContext>, Json(req): Json<UserBody<NewUser>>) -> Result<Json<UserBody<User>>> {
    let hash = hash_password(req.user.password).await?;
    todo!()
}
pub async fn reset_password_with_token(Path(token): Path<String>, Json(body): Json<NewPassword>) -> StatusCode {
    StatusCode::NO_CONTENT
}
pub async fn create_profile(State(ctx): State<ApiContext>, Json(req): Json<NewProfile>) -> StatusCode { // expect: BG602
    StatusCode::CREATED
}
"#;
        recommended(
            &["axum", "tower-sessions"],
            &[("src/main.rs", main), ("src/users.rs", users)],
        );
    }

    #[test]
    fn strict_preset_checks_every_endpoint() {
        let main = r#"
mod handlers;
use axum::{routing::get, Router};
fn app() -> Router {
    Router::new()
        .route("/api/v1/invoices", get(handlers::list_invoices))
        .route("/api/v1/me", get(handlers::me))
        .route("/healthz", get(handlers::health))
        .fallback(handlers::not_found)
}
"#;
        let handlers = r#"
use axum::{http::StatusCode, Json};
pub async fn list_invoices() -> Json<Vec<Invoice>> { // expect: BG602
    Json(Vec::new())
}
pub async fn me(claims: JwtClaims) -> Json<Profile> { Json(profile(claims.sub)) }
pub async fn health() -> &'static str { "ok" }
pub async fn not_found() -> StatusCode { StatusCode::NOT_FOUND }
"#;
        let files = [("src/main.rs", main), ("src/handlers.rs", handlers)];
        assert_rule_files(&MissingAuth, &["axum"], &files);
        // The recommended preset checks only mutating endpoints.
        let quiet = handlers.replace("// expect: BG602", "");
        recommended(
            &["axum"],
            &[("src/main.rs", main), ("src/handlers.rs", quiet.as_str())],
        );
    }

    #[test]
    fn actix_endpoints() {
        let main = r#"
mod auth;
mod handlers;
use actix_web::{web, App, HttpServer};
use actix_web_httpauth::middleware::HttpAuthentication;

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new()
            .service(handlers::login)
            .service(
                web::scope("/api/admin")
                    .wrap(HttpAuthentication::bearer(auth::validator))
                    .route("/users/{id}", web::delete().to(handlers::delete_user))
                    .service(handlers::create_invite),
            )
            .service(
                web::scope("/api")
                    .route("/posts", web::post().to(handlers::create_post))
                    .route("/posts/{id}", web::put().to(handlers::update_post))
                    .route("/profile", web::patch().to(handlers::update_profile))
                    .route("/payments", web::post().to(handlers::pay))
                    .route("/items", web::post().to(handlers::create_item))
                    .route("/items", web::get().to(handlers::list_items))
                    .service(handlers::delete_comment)
                    .service(handlers::delete_tag)
                    .service(handlers::delete_draft),
            )
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}
"#;
        let auth = r#"
use actix_web::{dev::ServiceRequest, Error};
use actix_web_httpauth::extractors::bearer::BearerAuth;
pub async fn validator(req: ServiceRequest, credentials: BearerAuth) -> Result<ServiceRequest, (Error, ServiceRequest)> {
    Ok(req)
}
"#;
        let handlers = r#"
use actix_web::{delete, post, web, HttpRequest, HttpResponse};
use actix_identity::Identity;
use actix_web_httpauth::extractors::bearer::BearerAuth;

#[post("/login")]
async fn login(form: web::Json<LoginForm>) -> HttpResponse { HttpResponse::Ok().finish() }

pub async fn delete_user(path: web::Path<i64>) -> HttpResponse { HttpResponse::NoContent().finish() }

#[post("/invites")]
async fn create_invite(body: web::Json<NewInvite>) -> HttpResponse { HttpResponse::Created().finish() }

pub async fn create_post(pool: web::Data<PgPool>, body: web::Json<NewPost>) -> HttpResponse { // expect: BG602
    HttpResponse::Created().finish()
}

pub async fn update_post(auth: BearerAuth, path: web::Path<i64>, body: web::Json<NewPost>) -> HttpResponse {
    HttpResponse::Ok().finish()
}

pub async fn update_profile(user: Identity, body: web::Json<ProfileUpdate>) -> HttpResponse {
    HttpResponse::Ok().finish()
}

pub async fn pay(client: web::Data<reqwest::Client>, body: web::Json<Payment>) -> HttpResponse { // expect: BG602
    let charge = client
        .post("https://api.payments.example/charges")
        .bearer_auth(&settings().payments_key)
        .header("Authorization", "Bearer x")
        .json(&body.into_inner())
        .send()
        .await;
    HttpResponse::Accepted().finish()
}

pub async fn create_item(req: HttpRequest, body: web::Json<NewItem>) -> HttpResponse {
    let Some(key) = req.headers().get("x-api-key") else {
        return HttpResponse::Unauthorized().finish();
    };
    HttpResponse::Created().finish()
}

pub async fn list_items() -> HttpResponse { HttpResponse::Ok().finish() }

#[delete("/comments/{id}")]
async fn delete_comment(path: web::Path<i64>) -> HttpResponse { // expect: BG602
    HttpResponse::NoContent().finish()
}

#[delete("/tags/{id}", wrap = "RequireApiKey")]
async fn delete_tag(path: web::Path<i64>) -> HttpResponse {
    HttpResponse::NoContent().finish()
}

#[delete("/drafts/{id}", wrap = "Logger::default()")]
async fn delete_draft(path: web::Path<i64>) -> HttpResponse { // expect: BG602
    HttpResponse::NoContent().finish()
}
"#;
        recommended(
            &["actix-web", "actix-web-httpauth", "actix-identity"],
            &[
                ("src/main.rs", main),
                ("src/auth.rs", auth),
                ("src/handlers.rs", handlers),
            ],
        );
    }

    #[test]
    fn rocket_endpoints() {
        let main = r#"
#[macro_use] extern crate rocket;
mod guards;
mod routes;
#[launch]
fn rocket() -> _ {
    rocket::build()
        .mount("/", routes::public())
        .mount("/api", routes::api())
}
"#;
        let guards = r#"
use rocket::http::Status;
use rocket::request::{FromRequest, Outcome, Request};

pub struct User { pub id: i64 }

#[rocket::async_trait]
impl<'r> FromRequest<'r> for User {
    type Error = ();
    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        match req.cookies().get_private("user_id").and_then(|c| c.value().parse().ok()) {
            Some(id) => Outcome::Success(User { id }),
            None => Outcome::Forward(Status::Unauthorized),
        }
    }
}

pub struct Admin;

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Admin {
    type Error = ();
    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        match req.headers().get_one("x-api-key") {
            Some(key) if key == expected() => Outcome::Success(Admin),
            _ => Outcome::Error((Status::Forbidden, ())),
        }
    }
}

/// Built on `User`: authenticates through it.
pub struct Owner { pub id: i64 }

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Owner {
    type Error = ();
    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        let user = rocket::outcome::try_outcome!(User::from_request(req).await);
        if is_owner(user.id) { Outcome::Success(Owner { id: user.id }) } else { Outcome::Forward(Status::Forbidden) }
    }
}

/// Built on `Owner` (itself built on `User`).
pub struct OrgOwner;

#[rocket::async_trait]
impl<'r> FromRequest<'r> for OrgOwner {
    type Error = ();
    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        req.guard::<Owner>().await.map(|_| OrgOwner)
    }
}

/// Built on `UserAgent`, which reads no credential.
pub struct Browser;

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Browser {
    type Error = ();
    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        UserAgent::from_request(req).await.map(|_| Browser)
    }
}

pub struct UserAgent(pub String);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for UserAgent {
    type Error = ();
    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, ()> {
        match req.headers().get_one("user-agent") {
            Some(ua) => Outcome::Success(UserAgent(ua.to_string())),
            None => Outcome::Error((Status::BadRequest, ())),
        }
    }
}
"#;
        let routes = r#"
use rocket::{delete, post, put, routes, Route};
use rocket::form::Form;
use rocket::http::CookieJar;
use rocket::serde::json::Json;
use crate::guards::{Admin, Browser, OrgOwner, Owner, User, UserAgent};

pub fn public() -> Vec<Route> { routes![login, logout] }
pub fn api() -> Vec<Route> {
    routes![create_post, delete_post, update_post, publish, create_note, archive, transfer, close, render]
}

#[post("/posts/<id>/transfer")]
fn transfer(id: i64, owner: Owner) -> Status { Status::Ok }

#[delete("/orgs/<id>")]
fn close(id: i64, _owner: OrgOwner) -> Status { Status::NoContent }

#[post("/render", data = "<page>")]
fn render(_browser: Browser, page: Json<Page>) -> Status { // expect: BG602
    Status::Ok
}

#[post("/login", data = "<form>")]
fn login(jar: &CookieJar<'_>, form: Form<Login<'_>>) -> Redirect { todo!() }

#[post("/logout")]
fn logout(jar: &CookieJar<'_>) -> Redirect { todo!() }

#[post("/posts", data = "<post>")]
fn create_post(user: User, post: Json<NewPost>) -> Status { Status::Created }

#[delete("/posts/<id>")]
fn delete_post(id: i64) -> Status { // expect: BG602
    Status::NoContent
}

#[put("/posts/<id>", data = "<post>")]
fn update_post(id: i64, post: Json<NewPost>) -> Status { // expect: BG602
    Status::Ok
}

#[post("/posts/<id>/publish")]
fn publish(id: i64, _admin: Admin) -> Status { Status::Ok }

#[post("/notes", data = "<note>")]
fn create_note(agent: UserAgent, note: Json<NewNote>) -> Status { // expect: BG602
    Status::Created
}

#[post("/posts/<id>/archive")]
fn archive(id: i64, user: Option<User>) -> Status {
    match user { Some(_) => Status::Ok, None => Status::Unauthorized }
}
"#;
        recommended(
            &["rocket"],
            &[
                ("src/main.rs", main),
                ("src/guards.rs", guards),
                ("src/routes.rs", routes),
            ],
        );
    }

    #[test]
    fn finding_names_the_route_and_the_fix() {
        let (findings, _) = crate::testing::check_files_preset(
            &axum_files(),
            AXUM_DEPS,
            &[&MissingAuth],
            Preset::Recommended,
        );
        let f = findings
            .iter()
            .find(|f| f.message.contains("update_post"))
            .expect("update_post is reported");
        assert_eq!(
            f.message,
            "`PUT /api/v1/posts/{id}` has no authentication: `update_post` takes no auth \
             extractor, calls no auth check, and no auth middleware covers the route"
        );
        assert_eq!(
            f.secondary[0].message,
            "registered as PUT /api/v1/posts/{id} here"
        );
        assert!(f
            .help
            .contains("route_layer(middleware::from_fn(require_auth))"));
        assert!(f.help.contains("#[endpoint(public)]"));
    }

    #[test]
    fn recognises_entry_points_and_layers() {
        assert!(public_path("/api/v1/auth/login"));
        assert!(public_path("/users/sign_up"));
        assert!(public_path("/auth/{provider}/callback"));
        assert!(public_path("/api/webhooks/stripe"));
        assert!(public_path("/password/resetPassword"));
        assert!(public_path("/health_check"));
        assert!(!public_path("/api/v1/users"));
        assert!(!public_path("/api/v1/tokens/{id}/revoke"));
        assert!(public_handler("stripe_webhook"));
        assert!(public_handler("sign_in"));
        assert!(!public_handler("create_order"));
        assert!(auth_layer("from_fn(require_auth)"));
        assert!(auth_layer("HttpAuthentication::bearer(validator)"));
        assert!(auth_layer("ValidateRequestHeaderLayer::bearer(\"secret\")"));
        assert!(!auth_layer(
            "CorsLayer::new().allow_headers([header::AUTHORIZATION,header::CONTENT_TYPE])"
        ));
        assert!(!auth_layer(
            "SetSensitiveRequestHeadersLayer::new([AUTHORIZATION,COOKIE])"
        ));
        assert!(!auth_layer("TraceLayer::new_for_http()"));
        assert!(auth_layer("middleware::from_fn(mw::require_user)"));
        assert!(!auth_layer("middleware::from_fn(mw::request_id)"));
        assert!(auth_check("require_user"));
        assert!(auth_check("verify_token"));
        assert!(auth_check("get_current_user"));
        assert!(auth_check("check_permission"));
        assert!(!auth_check("get_user"));
        assert!(!auth_check("validate_input"));
    }
}
