//! BG303 error-detail-leak.

use crate::finding::Diagnostic;
use crate::rule::{Category, Confidence, Level, Preset, Rule, RuleMeta};
use crate::syntax;
use crate::walk::Cx;
use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use syn::spanned::Spanned;
use syn::Expr;

/// Metadata of BG303.
pub static META: RuleMeta = RuleMeta {
    code: "BG303",
    name: "error-detail-leak",
    category: Category::ErrorHandling,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "a 5xx response whose body is built from an error value (`e.to_string()`, \
              `format!(\"{e}\")`, `{:?}`): axum `(StatusCode::INTERNAL_SERVER_ERROR, ..)`, actix \
              `HttpResponse::InternalServerError().body(..)`/`.json(..)` and \
              `ErrorInternalServerError(e)`, rocket `status::Custom(Status::InternalServerError, ..)`, poem \
              `Error::from_string(e.to_string(), StatusCode::INTERNAL_SERVER_ERROR)`",
    why: "A server error's text is written for the developer, not for the client: database errors \
          name tables, columns and constraint names, I/O errors carry file paths, HTTP client \
          errors carry internal URLs, and `{:?}` can print whole structs, secrets included. Sent \
          back in a 500 response it tells an attacker how the backend is built and which input \
          broke it. Log the error server-side and answer with a generic message (or an error id \
          the logs can be searched for). 4xx responses are not reported: validation messages are \
          meant for the client.",
    bad: "async fn create_user(State(pool): State<PgPool>, Json(body): Json<NewUser>) -> Response {\n    \
          match insert_user(&pool, &body).await {\n        \
          Ok(user) => (StatusCode::CREATED, Json(user)).into_response(),\n        \
          Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),\n    \
          }\n}",
    good: "async fn create_user(State(pool): State<PgPool>, Json(body): Json<NewUser>) -> Response {\n    \
           match insert_user(&pool, &body).await {\n        \
           Ok(user) => (StatusCode::CREATED, Json(user)).into_response(),\n        \
           Err(e) => {\n            \
           tracing::error!(error = %e, \"creating a user failed\");\n            \
           (StatusCode::INTERNAL_SERVER_ERROR, \"internal server error\").into_response()\n        \
           }\n    }\n}",
    in_tests: false,
};

/// BG303 error-detail-leak.
pub struct ErrorDetailLeak;

const HELP: &str =
    "log the error server-side (`tracing::error!(error = %e, \"..\")`) and return a \
                    generic message or an error id instead of the error's text";

/// 5xx statuses: http's `StatusCode` constant, rocket's `Status` and actix's `HttpResponse`
/// builder name, and the actix `error::Error*` helper.
const SERVER_ERRORS: &[(&str, &str, &str, u16)] = &[
    (
        "INTERNAL_SERVER_ERROR",
        "InternalServerError",
        "ErrorInternalServerError",
        500,
    ),
    (
        "NOT_IMPLEMENTED",
        "NotImplemented",
        "ErrorNotImplemented",
        501,
    ),
    ("BAD_GATEWAY", "BadGateway", "ErrorBadGateway", 502),
    (
        "SERVICE_UNAVAILABLE",
        "ServiceUnavailable",
        "ErrorServiceUnavailable",
        503,
    ),
    (
        "GATEWAY_TIMEOUT",
        "GatewayTimeout",
        "ErrorGatewayTimeout",
        504,
    ),
    (
        "HTTP_VERSION_NOT_SUPPORTED",
        "HttpVersionNotSupported",
        "ErrorHttpVersionNotSupported",
        505,
    ),
    (
        "VARIANT_ALSO_NEGOTIATES",
        "VariantAlsoNegotiates",
        "ErrorVariantAlsoNegotiates",
        506,
    ),
    (
        "INSUFFICIENT_STORAGE",
        "InsufficientStorage",
        "ErrorInsufficientStorage",
        507,
    ),
    ("LOOP_DETECTED", "LoopDetected", "ErrorLoopDetected", 508),
    ("NOT_EXTENDED", "NotExtended", "ErrorNotExtended", 510),
    (
        "NETWORK_AUTHENTICATION_REQUIRED",
        "NetworkAuthenticationRequired",
        "ErrorNetworkAuthenticationRequired",
        511,
    ),
];

/// Methods that set a response builder's body.
const BODY_METHODS: &[&str] = &["body", "json", "set_body"];

/// Closure-taking `Result` methods whose closure parameter is the error.
const ERROR_CLOSURE_METHODS: &[&str] = &[
    "map_err",
    "or_else",
    "unwrap_or_else",
    "map_or_else",
    "inspect_err",
];

/// How deep a body expression is searched for error text (`Json(Body { msg: format!(..) })`).
const MAX_DEPTH: usize = 6;

/// Error text found in a response body.
struct Leak {
    /// The expression that turns the error into text.
    span: Span,
    /// The error value's name (`e`, `self.0`).
    name: String,
    /// High when the value is known to be an error (an `Err(e)` binding, a `map_err` closure's
    /// parameter), medium when only its name says so.
    confidence: Confidence,
    /// Where the text was built, when the body uses a local holding it.
    built: Option<Span>,
}

impl Rule for ErrorDetailLeak {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_expr(&self, cx: &Cx, expr: &Expr, out: &mut Vec<Diagnostic>) {
        match expr {
            // `(StatusCode::INTERNAL_SERVER_ERROR, body)`, `(Status::InternalServerError, body)`,
            // `(StatusCode::BAD_GATEWAY, headers, body)`.
            Expr::Tuple(t) if t.elems.len() >= 2 => {
                let (Some(status), Some(body)) = (t.elems.first(), t.elems.last()) else {
                    return;
                };
                if let Some(code) = status_const(cx, status) {
                    report(cx, body, code, status.span(), out);
                }
            }
            // `HttpResponse::InternalServerError().body(..)`,
            // `Response::builder().status(StatusCode::BAD_GATEWAY).body(..)`.
            Expr::MethodCall(m)
                if m.args.len() == 1 && BODY_METHODS.iter().any(|b| m.method == b) =>
            {
                if let Some((code, span)) = builder_status(cx, &m.receiver) {
                    report(cx, &m.args[0], code, span, out);
                }
            }
            Expr::Call(c) => {
                let Expr::Path(p) = &*c.func else { return };
                let name = syntax::last_ident(&p.path);
                // rocket `status::Custom(Status::InternalServerError, body)`.
                if name == "Custom" && c.args.len() == 2 {
                    if let Some(code) = status_const(cx, &c.args[0]) {
                        report(cx, &c.args[1], code, c.args[0].span(), out);
                    }
                    return;
                }
                // poem `Error::from_string(e.to_string(), StatusCode::INTERNAL_SERVER_ERROR)`.
                if name == "from_string" && c.args.len() == 2 {
                    if let Some(code) = status_const(cx, &c.args[1]) {
                        report(cx, &c.args[0], code, c.args[1].span(), out);
                    }
                    return;
                }
                // actix `ErrorInternalServerError(e)`: the error's `Display` is the body.
                if let Some(code) = actix_error_helper(cx, &name) {
                    if let [arg] = c.args.iter().collect::<Vec<_>>()[..] {
                        let leak = error_value(cx, syntax::peel_refs(arg))
                            .map(|(name, confidence)| Leak {
                                span: arg.span(),
                                name,
                                confidence,
                                built: None,
                            })
                            .or_else(|| leak(cx, arg, 0));
                        if let Some(leak) = leak {
                            push(out, leak, code, p.span());
                        }
                    }
                }
            }
            // `.map_err(ErrorInternalServerError)?`
            Expr::Path(p) => {
                let name = syntax::last_ident(&p.path);
                let Some(code) = actix_error_helper(cx, &name) else {
                    return;
                };
                let in_map_err = matches!(cx.parent(), Some(Expr::MethodCall(m))
                    if m.method == "map_err" && m.args.iter().any(|a| std::ptr::eq(a, expr)));
                if in_map_err {
                    out.push(
                        Diagnostic::new(
                            &META,
                            p.span(),
                            format!(
                                "{code} response body built from the error: `map_err({name})` sends the error's text to the client"
                            ),
                        )
                        .label(format!("{code} response with the error's `Display` text"))
                        .help(HELP),
                    );
                }
            }
            _ => {}
        }
    }
}

fn report(cx: &Cx, body: &Expr, code: u16, status: Span, out: &mut Vec<Diagnostic>) {
    if let Some(leak) = leak(cx, body, 0) {
        push(out, leak, code, status);
    }
}

fn push(out: &mut Vec<Diagnostic>, leak: Leak, code: u16, status: Span) {
    let mut d = Diagnostic::new(
        &META,
        leak.span,
        format!(
            "{code} response body built from error `{}`: its details reach the client",
            leak.name
        ),
    )
    .label(format!("text of `{}` sent to the client", leak.name))
    .secondary(status, format!("{code} response"))
    .confidence(leak.confidence)
    .help(HELP);
    if let Some(built) = leak.built {
        d = d.secondary(built, format!("error text of `{}` built here", leak.name));
    }
    out.push(d);
}

/// The 5xx code a status expression stands for: `StatusCode::INTERNAL_SERVER_ERROR`,
/// `Status::InternalServerError`, `StatusCode::from_u16(500)`, `Status::new(502)`.
fn status_const(cx: &Cx, expr: &Expr) -> Option<u16> {
    match syntax::peel_refs(expr) {
        Expr::Path(p) => {
            let path = cx.resolve(&p.path);
            let [.., ty, name] = &path[..] else {
                return None;
            };
            let ty = ty.as_str();
            SERVER_ERRORS
                .iter()
                .find_map(|&(constant, camel, _, code)| {
                    let hit = (ty == "StatusCode" && name == constant)
                        || (ty == "Status" && name == camel);
                    hit.then_some(code)
                })
        }
        Expr::Call(c) => {
            let Expr::Path(p) = &*c.func else { return None };
            let tail = syntax::path_tail(&p.path, 2);
            let known = matches!(
                tail.iter().map(String::as_str).collect::<Vec<_>>()[..],
                ["StatusCode", "from_u16"] | ["Status", "new" | "from_code"]
            );
            if !known {
                return None;
            }
            c.args.first().and_then(server_error_code)
        }
        Expr::MethodCall(m) if m.method == "unwrap" || m.method == "expect" => {
            status_const(cx, &m.receiver)
        }
        _ => None,
    }
}

/// A literal 5xx status code.
fn server_error_code(expr: &Expr) -> Option<u16> {
    match syntax::peel_refs(expr) {
        Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => i
            .base10_parse::<u16>()
            .ok()
            .filter(|c| (500..600).contains(c)),
        _ => None,
    }
}

/// The 5xx status set earlier in a response builder chain, with its span:
/// `HttpResponse::InternalServerError()`, `HttpResponse::build(StatusCode::BAD_GATEWAY)`,
/// `.status(StatusCode::INTERNAL_SERVER_ERROR)`, `.status(500)`.
fn builder_status(cx: &Cx, mut expr: &Expr) -> Option<(u16, Span)> {
    loop {
        match expr {
            Expr::MethodCall(m) => {
                if m.method == "status" && m.args.len() == 1 {
                    let arg = &m.args[0];
                    let code = status_const(cx, arg).or_else(|| server_error_code(arg));
                    if let Some(code) = code {
                        return Some((code, arg.span()));
                    }
                }
                expr = &m.receiver;
            }
            Expr::Call(c) => {
                let Expr::Path(p) = &*c.func else { return None };
                let tail = syntax::path_tail(&p.path, 2);
                let [ty, ctor] = &tail[..] else { return None };
                if ty != "HttpResponse" && ty != "HttpResponseBuilder" {
                    return None;
                }
                if ctor == "build" || ctor == "new" {
                    let code = c.args.first().and_then(|a| status_const(cx, a))?;
                    return Some((code, c.span()));
                }
                let code = SERVER_ERRORS
                    .iter()
                    .find_map(|&(_, camel, _, code)| (ctor == camel).then_some(code))?;
                return Some((code, c.span()));
            }
            Expr::Paren(p) => expr = &p.expr,
            _ => return None,
        }
    }
}

/// The code of an actix-web `error::ErrorInternalServerError`-like helper.
fn actix_error_helper(cx: &Cx, name: &str) -> Option<u16> {
    if !name.starts_with("Error") || !cx.uses_crate("actix_web") {
        return None;
    }
    SERVER_ERRORS
        .iter()
        .find_map(|&(_, _, helper, code)| (name == helper).then_some(code))
}

/// The error text a response body is built from, if it is: `e.to_string()`,
/// `format!("db error: {e}")`, `format!("{:?}", err)`, `json!({"error": e.to_string()})`,
/// through `Json(..)`, struct literals and a local binding.
fn leak(cx: &Cx, expr: &Expr, depth: usize) -> Option<Leak> {
    if depth > MAX_DEPTH {
        return None;
    }
    match syntax::peel_refs(expr) {
        Expr::MethodCall(m) => {
            let method = m.method.to_string();
            match method.as_str() {
                "to_string" if m.args.is_empty() => {
                    let (name, confidence) = error_value(cx, syntax::peel_refs(&m.receiver))?;
                    Some(Leak {
                        span: expr.span(),
                        name,
                        confidence,
                        built: None,
                    })
                }
                "into" | "to_owned" | "clone" | "as_str" | "as_ref" => {
                    leak(cx, &m.receiver, depth + 1)
                }
                _ => None,
            }
        }
        Expr::Macro(m) => macro_leak(cx, &m.mac, depth),
        Expr::Call(c) if is_constructor(&c.func) => {
            c.args.iter().find_map(|a| leak(cx, a, depth + 1))
        }
        Expr::Struct(s) => s.fields.iter().find_map(|f| leak(cx, &f.expr, depth + 1)),
        Expr::Path(p) => {
            let name = p.path.get_ident()?.to_string();
            let init = cx.local(&name)?.init?;
            let inner = leak(cx, init, depth + 1)?;
            Some(Leak {
                span: p.span(),
                built: inner.built.or(Some(inner.span)),
                ..inner
            })
        }
        _ => None,
    }
}

/// `Json(..)`, `Some(..)`, `ErrorBody::new(..)`, `Body::from(..)`: calls that wrap their argument
/// into the body. A free function (`report_error(&e)`) may log the error and return an id.
fn is_constructor(func: &Expr) -> bool {
    let Expr::Path(p) = func else { return false };
    let upper = |s: &syn::PathSegment| s.ident.to_string().starts_with(char::is_uppercase);
    let mut segs = p.path.segments.iter().rev();
    segs.next().is_some_and(upper) || segs.next().is_some_and(upper)
}

/// Error text in `format!`-like and `json!` macros.
fn macro_leak(cx: &Cx, mac: &syn::Macro, depth: usize) -> Option<Leak> {
    let name = syntax::last_ident(&mac.path);
    match name.as_str() {
        "format" | "format_args" => {
            let args = syntax::macro_args(mac)?;
            let mut args = args.iter();
            let template = args.next()?;
            let (text, _) = syntax::string_lit(template)?;
            // Captured names: `{e}`, `{err:?}`.
            let captured = syntax::format_holes(&text).into_iter().find_map(|hole| {
                let (name, confidence) = error_name(cx, &hole)?;
                Some(Leak {
                    span: mac.span(),
                    name,
                    confidence,
                    built: None,
                })
            });
            captured.or_else(|| {
                args.find_map(|a| {
                    let a = match a {
                        // `format!("{msg}", msg = e)`
                        Expr::Assign(named) => &*named.right,
                        a => a,
                    };
                    error_value(cx, syntax::peel_refs(a))
                        .map(|(name, confidence)| Leak {
                            span: mac.span(),
                            name,
                            confidence,
                            built: None,
                        })
                        .or_else(|| leak(cx, a, depth + 1))
                })
            })
        }
        "json" => json_leak(cx, mac.tokens.clone(), depth),
        _ => None,
    }
}

/// Error text among the values of a `json!` literal (`{"error": e.to_string()}`): values are
/// parsed as expressions where they can be, objects and arrays are searched inside.
fn json_leak(cx: &Cx, tokens: TokenStream, depth: usize) -> Option<Leak> {
    let mut pieces: Vec<Vec<TokenTree>> = vec![Vec::new()];
    for tt in tokens {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == ',' => pieces.push(Vec::new()),
            _ => pieces.last_mut()?.push(tt),
        }
    }
    pieces.into_iter().find_map(|piece| {
        // In an object, the value follows the first top-level `:` (keys are literals or
        // parenthesised expressions).
        let value: Vec<TokenTree> = match piece
            .iter()
            .position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ':'))
        {
            Some(colon) => piece[colon + 1..].to_vec(),
            None => piece,
        };
        match &value[..] {
            [TokenTree::Group(g)]
                if matches!(g.delimiter(), Delimiter::Brace | Delimiter::Bracket) =>
            {
                json_leak(cx, g.stream(), depth + 1)
            }
            _ => {
                let expr: Expr = syn::parse2(value.into_iter().collect()).ok()?;
                leak(cx, &expr, depth + 1)
            }
        }
    })
}

/// Whether `expr` is an error value: a name bound to an error (see [`error_name`]) or a field
/// of one (`self.0` in `impl IntoResponse for AppError`).
fn error_value(cx: &Cx, expr: &Expr) -> Option<(String, Confidence)> {
    match expr {
        Expr::Path(p) => error_name(cx, &p.path.get_ident()?.to_string()),
        Expr::Field(f) => {
            let (base, confidence) = error_value(cx, syntax::peel_refs(&f.base))?;
            let member = match &f.member {
                syn::Member::Named(n) => n.to_string(),
                syn::Member::Unnamed(i) => i.index.to_string(),
            };
            Some((format!("{base}.{member}"), confidence))
        }
        _ => None,
    }
}

/// Whether a name holds an error: bound by an `Err(e)`/`AppError::Db(e)` pattern or as the
/// parameter of a `map_err` closure around this point (high confidence); named like one (`e`,
/// `err`, `db_error`), or `self` in a method of an `..Error` type (medium).
fn error_name(cx: &Cx, name: &str) -> Option<(String, Confidence)> {
    if name.is_empty() {
        return None;
    }
    if bound_as_error(cx, name) {
        return Some((name.to_string(), Confidence::High));
    }
    if name == "self" {
        return in_error_impl(cx).then(|| (name.to_string(), Confidence::Medium));
    }
    let named = name == "e" || is_error_word(name);
    named.then(|| (name.to_string(), Confidence::Medium))
}

/// Whether the code is in a method of an `..Error` type (`impl IntoResponse for AppError`).
fn in_error_impl(cx: &Cx) -> bool {
    cx.enclosing_fn()
        .and_then(|f| f.split_once("::").map(|(ty, _)| is_error_word(ty)))
        .unwrap_or(false)
}

/// `err`, `error`, `db_err`, `ioError`, `AppError`.
fn is_error_word(name: &str) -> bool {
    syntax::words(name)
        .iter()
        .any(|w| matches!(w.as_str(), "err" | "error" | "errors"))
}

/// Whether an enclosing `match` arm, `if let` or `map_err` closure binds `name` to an error.
fn bound_as_error(cx: &Cx, name: &str) -> bool {
    let ancestors: Vec<&Expr> = cx.ancestors().collect();
    let errors = ErrorPaths {
        self_is_error: in_error_impl(cx),
    };
    ancestors.iter().enumerate().any(|(i, e)| match e {
        Expr::Match(m) => m.arms.iter().any(|a| errors.binds(&a.pat, name, false)),
        Expr::If(i) => matches!(&*i.cond, Expr::Let(l) if errors.binds(&l.pat, name, false)),
        Expr::Closure(c) => {
            let is_param = c
                .inputs
                .iter()
                .any(|p| matches!(p, syn::Pat::Ident(pi) if pi.ident == name));
            is_param
                && matches!(ancestors.get(i + 1), Some(Expr::MethodCall(m))
                    if ERROR_CLOSURE_METHODS.iter().any(|n| m.method == n))
        }
        _ => false,
    })
}

/// Which pattern paths destructure an error.
struct ErrorPaths {
    /// `Self::Database(e)` destructures an error (in `impl IntoResponse for AppError`).
    self_is_error: bool,
}

impl ErrorPaths {
    /// Whether a pattern binds `name` inside `Err(..)` or a variant of an `..Error` enum.
    fn binds(&self, pat: &syn::Pat, name: &str, inside: bool) -> bool {
        match pat {
            syn::Pat::Ident(pi) => inside && pi.ident == name,
            syn::Pat::TupleStruct(t) => {
                let inside = inside || self.is_error_path(&t.path);
                t.elems.iter().any(|p| self.binds(p, name, inside))
            }
            syn::Pat::Struct(s) => {
                let inside = inside || self.is_error_path(&s.path);
                s.fields.iter().any(|f| self.binds(&f.pat, name, inside))
            }
            syn::Pat::Or(o) => o.cases.iter().any(|p| self.binds(p, name, inside)),
            syn::Pat::Reference(r) => self.binds(&r.pat, name, inside),
            syn::Pat::Paren(p) => self.binds(&p.pat, name, inside),
            _ => false,
        }
    }

    /// `Err(..)`, `AppError::Database(..)`, `Self::Internal(..)` in an error type's impl.
    fn is_error_path(&self, path: &syn::Path) -> bool {
        let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let Some((last, types)) = segs.split_last() else {
            return false;
        };
        last == "Err"
            || types
                .iter()
                .any(|s| is_error_word(s) || (s == "Self" && self.self_is_error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule, check_snippet};

    #[test]
    fn poem_errors_from_strings() {
        assert_rule(
            &ErrorDetailLeak,
            &["poem"],
            r#"
use poem::{http::StatusCode, Error, Result};
async fn load(pool: &Pool) -> Result<Item> {
    let row = pool.get().await.map_err(|e| Error::from_string(e.to_string(), StatusCode::INTERNAL_SERVER_ERROR))?; // expect: BG303
    let item = parse(row).map_err(|err| Error::from_string(format!("bad row: {err}"), StatusCode::BAD_GATEWAY))?; // expect: BG303
    let id = check(&item).map_err(|e| Error::from_string(e.to_string(), StatusCode::BAD_REQUEST))?;
    let other = pool.get().await.map_err(|_| Error::from_string("database unavailable", StatusCode::INTERNAL_SERVER_ERROR))?;
    Ok(item)
}
"#,
        );
    }

    #[test]
    fn axum_tuples_builders_and_into_response_impls() {
        assert_rule(
            &ErrorDetailLeak,
            &["axum", "sqlx", "serde_json", "anyhow"],
            r#"
use axum::{body::Body, extract::State, http::StatusCode, response::{IntoResponse, Response}, Json};
use serde_json::json;
use sqlx::PgPool;

pub async fn create_user(State(pool): State<PgPool>, Json(body): Json<NewUser>) -> Response {
    match insert_user(&pool, &body).await {
        Ok(user) => (StatusCode::CREATED, Json(user)).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(), // expect: BG303
    }
}

pub async fn list_users(State(pool): State<PgPool>) -> Result<Json<Vec<User>>, (StatusCode, Json<serde_json::Value>)> {
    let users = sqlx::query_as("SELECT id, email FROM users")
        .fetch_all(&pool)
        .await
        .map_err(|why| {
            (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({ "error": { "detail": why.to_string() } }))) // expect: BG303
        })?;
    Ok(Json(users))
}

pub async fn proxy(State(client): State<reqwest::Client>) -> Response {
    match client.get("http://billing.internal/v1/invoices").send().await {
        Ok(res) => Response::new(Body::from_stream(res.bytes_stream())),
        Err(e) => {
            let detail = format!("upstream failed: {e:?}");
            Response::builder()
                .status(StatusCode::BAD_GATEWAY)
                .body(Body::from(detail)) // expect: BG303
                .unwrap_or_default()
        }
    }
}

// The helper from axum's sqlx example.
fn internal_error<E: std::error::Error>(err: E) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()) // expect: BG303
}

// The `anyhow` wrapper from axum's error-handling example.
pub struct AppError(anyhow::Error);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("Something went wrong: {}", self.0), // expect: BG303
        )
            .into_response()
    }
}
"#,
        );
    }

    #[test]
    fn axum_quiet_cases() {
        assert_rule(
            &ErrorDetailLeak,
            &["axum", "serde_json", "thiserror", "validator"],
            r#"
use axum::{http::StatusCode, response::{IntoResponse, Response}, Json};
use serde_json::json;
use validator::Validate;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("not found")]
    NotFound,
    #[error("invalid input: {0}")]
    Validation(#[from] validator::ValidationErrors),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not found".to_string()),
            // Validation messages are meant for the client.
            ApiError::Validation(e) => (StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
            ApiError::Database(e) => {
                let id = uuid::Uuid::new_v4();
                tracing::error!(error = %e, %id, "database error");
                (StatusCode::INTERNAL_SERVER_ERROR, format!("internal error, reference {id}"))
            }
        };
        (status, Json(json!({ "error": message }))).into_response()
    }
}

pub async fn register(Json(body): Json<Register>) -> Result<StatusCode, (StatusCode, Json<serde_json::Value>)> {
    body.validate()
        .map_err(|err| (StatusCode::BAD_REQUEST, Json(json!({ "error": err.to_string() }))))?;
    save(&body).await.map_err(|e| {
        tracing::error!(error = %e, "saving a registration failed");
        (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({ "error": "internal server error" })))
    })?;
    Ok(StatusCode::CREATED)
}

pub async fn export(Json(body): Json<Export>) -> Result<Json<Report>, (StatusCode, Json<ErrorBody>)> {
    build_report(&body).await.map(Json).map_err(|e| {
        (StatusCode::INTERNAL_SERVER_ERROR, Json(ErrorBody::internal(report_error(&e.to_string()))))
    })
}

pub async fn status_with_dynamic_code(err: ApiError) -> Response {
    let status = StatusCode::INTERNAL_SERVER_ERROR;
    (status, err.to_string()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn renders_errors() {
        let e = std::io::Error::other("boom");
        let res = (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response();
        assert_eq!(res.status(), 500);
    }
}
"#,
        );
    }

    #[test]
    fn actix_builders_helpers_and_response_error_impls() {
        assert_rule(
            &ErrorDetailLeak,
            &["actix-web", "serde_json", "thiserror"],
            r#"
use actix_web::{error, get, post, web, http::StatusCode, HttpResponse, ResponseError};
use serde_json::json;

#[get("/items/{id}")]
async fn get_item(pool: web::Data<PgPool>, id: web::Path<i64>) -> Result<HttpResponse, actix_web::Error> {
    let item = repo::find(&pool, *id).await.map_err(error::ErrorInternalServerError)?; // expect: BG303
    let owner = repo::owner(&pool, &item).await.map_err(|e| error::ErrorInternalServerError(e))?; // expect: BG303
    let _ = repo::touch(&pool, *id).await.map_err(|_| error::ErrorInternalServerError("storage unavailable"));
    let tags = repo::tags(&pool, *id).await.map_err(error::ErrorBadRequest)?;
    Ok(HttpResponse::Ok().json((item, owner, tags)))
}

#[post("/uploads")]
async fn upload(body: web::Bytes) -> HttpResponse {
    match storage::save(&body).await {
        Ok(()) => HttpResponse::Created().finish(),
        Err(e) => HttpResponse::InternalServerError().body(format!("could not save: {e}")), // expect: BG303
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("not found")]
    NotFound,
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("upstream: {0}")]
    Upstream(String),
}

#[derive(serde::Serialize)]
struct ErrorBody {
    message: String,
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::NotFound => StatusCode::NOT_FOUND,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::NotFound => HttpResponse::NotFound().json(json!({ "error": self.to_string() })),
            ApiError::Db(source) => HttpResponse::InternalServerError().json(ErrorBody { message: source.to_string() }), // expect: BG303
            ApiError::Upstream(_) => HttpResponse::build(StatusCode::BAD_GATEWAY).json(json!({ "error": self.to_string() })), // expect: BG303
        }
    }
}

async fn health(pool: web::Data<PgPool>) -> HttpResponse {
    match pool.acquire().await {
        Ok(_) => HttpResponse::Ok().finish(),
        Err(e) => {
            log::error!("health check failed: {e}");
            HttpResponse::ServiceUnavailable().body("database unavailable")
        }
    }
}
"#,
        );
    }

    #[test]
    fn rocket_custom_statuses() {
        assert_rule(
            &ErrorDetailLeak,
            &["rocket", "serde_json"],
            r#"
use rocket::http::Status;
use rocket::response::status;
use rocket::serde::json::{json, Json, Value};

#[get("/books/<id>")]
pub async fn show(id: i64, db: &State<Db>) -> Result<Json<Book>, status::Custom<String>> {
    db.find(id).await.map(Json).map_err(|e| status::Custom(Status::InternalServerError, e.to_string())) // expect: BG303
}

#[post("/books", data = "<book>")]
pub async fn create(book: Json<NewBook>, db: &State<Db>) -> Result<Status, status::Custom<Json<Value>>> {
    if let Err(failure) = book.check() {
        return Err(status::Custom(Status::BadRequest, Json(json!({ "error": failure.to_string() }))));
    }
    if let Err(failure) = db.insert(book.into_inner()).await {
        return Err(status::Custom(Status::InternalServerError, Json(json!({ "error": format!("{:?}", failure) })))); // expect: BG303
    }
    Ok(Status::Created)
}

#[delete("/books/<id>")]
pub async fn remove(id: i64, db: &State<Db>) -> Result<Status, status::Custom<&'static str>> {
    db.delete(id).await.map_err(|e| {
        error!("deleting book {id} failed: {e}");
        status::Custom(Status::InternalServerError, "could not delete the book")
    })?;
    Ok(Status::NoContent)
}

#[get("/books/<id>/cover")]
pub async fn cover(id: i64, store: &State<Covers>) -> Result<Vec<u8>, (Status, String)> {
    store.read(id).await.map_err(|err| (Status::ServiceUnavailable, err.to_string())) // expect: BG303
}
"#,
        );
    }

    #[test]
    fn confidence_follows_the_evidence() {
        let findings = check_snippet(
            r#"
use axum::http::StatusCode;
fn a(r: Result<(), std::io::Error>) -> (StatusCode, String) {
    match r {
        Ok(()) => (StatusCode::OK, String::new()),
        Err(io) => (StatusCode::INTERNAL_SERVER_ERROR, io.to_string()),
    }
}
fn b(err: std::io::Error) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}
"#,
            &["axum"],
            &[&ErrorDetailLeak],
        );
        let got: Vec<_> = findings
            .iter()
            .map(|f| (f.range.start.line, f.confidence, f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    6,
                    Confidence::High,
                    "500 response body built from error `io`: its details reach the client"
                ),
                (
                    10,
                    Confidence::Medium,
                    "500 response body built from error `err`: its details reach the client"
                ),
            ]
        );
        assert_eq!(findings[0].secondary[0].message, "500 response");
    }
}
