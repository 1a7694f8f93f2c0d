//! BG203 hardcoded-bind-address.
//!
//! Fires only when the address is made of literals alone (through `&`, `.parse()`, `.unwrap()`,
//! `?`, `.into()`, tuples, arrays, `Ipv4Addr::new(..)`, `Ipv4Addr::UNSPECIFIED`-style constants
//! and one hop through a local binding): anything read from the environment or a config struct
//! makes it configurable, which is the point.

use super::is_config_default;
use crate::finding::Diagnostic;
use crate::rule::{Category, Confidence, Level, Preset, Rule, RuleMeta};
use crate::syntax;
use crate::walk::Cx;
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Expr, Lit};

/// Metadata of BG203.
pub static META: RuleMeta = RuleMeta {
    code: "BG203",
    name: "hardcoded-bind-address",
    category: Category::Configuration,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "a server bound to a host and port written as literals (`TcpListener::bind(\"0.0.0.0:3000\")`, \
              actix `.bind((\"127.0.0.1\", 8080))`, `SocketAddr::from(([0, 0, 0, 0], 3000))`, rocket \
              `Config { port: 8000, .. }`) outside tests",
    why: "Where a service listens is deployment configuration: containers and platforms (Heroku, Cloud Run, \
          Fly, Kubernetes) assign the port through `PORT`, and `127.0.0.1` inside a container is unreachable \
          from outside while `0.0.0.0` on a developer machine exposes the service to the network. A fixed \
          address means a code change and a release to move the service.",
    bad: "let listener = tokio::net::TcpListener::bind(\"0.0.0.0:3000\").await?;\naxum::serve(listener, app).await?;",
    good: "let host = std::env::var(\"HOST\").unwrap_or_else(|_| \"127.0.0.1\".into());\n\
           let port: u16 = std::env::var(\"PORT\").ok().and_then(|p| p.parse().ok()).unwrap_or(3000);\n\
           let listener = tokio::net::TcpListener::bind((host.as_str(), port)).await?;\n\
           axum::serve(listener, app).await?;",
    in_tests: false,
};

/// BG203 hardcoded-bind-address.
pub struct HardcodedBindAddress;

const HELP: &str = "read the host and port from configuration with a default, e.g. \
                    `let port: u16 = std::env::var(\"PORT\").ok().and_then(|p| p.parse().ok()).unwrap_or(8080);` \
                    and bind `(host, port)`";

const ROCKET_HELP: &str =
    "let rocket read `ROCKET_ADDRESS`/`ROCKET_PORT` or `Rocket.toml` (start from \
                           `rocket::Config::figment()`) instead of fixing them in code";

/// Local bindings followed from a bind call to the literal that initialises them.
const HOPS: usize = 1;

impl Rule for HardcodedBindAddress {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_expr(&self, cx: &Cx, expr: &Expr, out: &mut Vec<Diagnostic>) {
        match expr {
            Expr::Call(c) => check_call(cx, expr, c, out),
            Expr::MethodCall(m) => check_method(cx, m, out),
            Expr::Struct(s) => check_rocket_config(cx, s, out),
            _ => {}
        }
    }
}

fn check_call(cx: &Cx, expr: &Expr, c: &syn::ExprCall, out: &mut Vec<Diagnostic>) {
    let Expr::Path(p) = &*c.func else { return };
    // Cheap test before resolving the path: only these calls take an address.
    let last = p.path.segments.last().map(|s| &s.ident);
    if !last.is_some_and(|l| {
        [
            "new",
            "from",
            "from_str",
            "bind",
            "try_bind",
            "bind_rustls",
            "bind_openssl",
        ]
        .iter()
        .any(|n| l == n)
    }) {
        return;
    }
    let path = cx.resolve(&p.path);
    let segs: Vec<&str> = path.iter().map(String::as_str).collect();
    let callee = segs[segs.len().saturating_sub(2)..].join("::");
    match segs[..] {
        [.., "SocketAddr" | "SocketAddrV4" | "SocketAddrV6", "new" | "from" | "from_str"] => {
            // Reported where it is built, whoever consumes it, so that `let addr = SocketAddr::from(..)`
            // followed by `bind(addr)` is one finding.
            let consumer = consumer_name(cx, expr);
            if consumer
                .as_deref()
                .is_some_and(|n| n.contains("connect") || n == "send_to")
            {
                return;
            }
            if is_config_default(cx, expr) {
                return;
            }
            let Some(addr) = literal_addr(cx, expr, HOPS).filter(|a| !a.ephemeral()) else {
                return;
            };
            let by_bind = consumer.as_deref().is_some_and(is_bind_name);
            let confidence = if by_bind {
                addr.confidence
            } else {
                Confidence::Medium.min(addr.confidence)
            };
            out.push(
                Diagnostic::new(
                    &META,
                    expr.span(),
                    format!("hard-coded address `{}` built by `{callee}`", addr.text),
                )
                .label("host and port fixed in the code")
                .help(HELP)
                .confidence(confidence),
            );
        }
        [.., "TcpListener" | "Server", "bind" | "try_bind"]
        | ["axum_server", "bind" | "bind_rustls" | "bind_openssl"] => {
            if let Some(arg) = c.args.first() {
                check_bind_arg(cx, arg, &format!("`{callee}`"), false, expr.span(), out);
            }
        }
        // salvo: `TcpListener::new("0.0.0.0:5800").bind()`
        [.., "TcpListener", "new"] => {
            if let Some(arg) = c.args.first() {
                check_bind_arg(cx, arg, &format!("`{callee}`"), true, expr.span(), out);
            }
        }
        _ => {}
    }
}

fn check_method(cx: &Cx, m: &syn::ExprMethodCall, out: &mut Vec<Diagnostic>) {
    let name = m.method.to_string();
    let Some(arg) = m.args.first() else { return };
    if is_bind_name(&name) || name == "run" && cx.uses_crate("warp") {
        // sqlx and diesel bind query parameters with `.bind(value)`.
        if receiver_chain_has(&m.receiver, |n| {
            n.starts_with("query") || n == "sql_query" || n == "raw_sql" || n == "sql"
        }) {
            return;
        }
        check_bind_arg(
            cx,
            arg,
            &format!("`.{name}(..)`"),
            true,
            syntax::method_span(m),
            out,
        );
    } else if matches!(name.as_str(), "merge" | "join" | "adjoin" | "admerge")
        && cx.uses_crate("rocket")
    {
        // `Config::figment().merge(("port", 8000))`
        let Expr::Tuple(t) = syntax::peel_refs(arg) else {
            return;
        };
        let (Some(Expr::Lit(key)), Some(value), 2) =
            (t.elems.first(), t.elems.get(1), t.elems.len())
        else {
            return;
        };
        let Lit::Str(key) = &key.lit else { return };
        let key = key.value();
        if key != "port" && key != "address" {
            return;
        }
        if let Some(addr) = literal_addr(cx, value, HOPS) {
            out.push(
                Diagnostic::new(
                    &META,
                    t.span(),
                    format!("rocket {key} fixed to `{}` in code", addr.text),
                )
                .label("bind address fixed in the code")
                .help(ROCKET_HELP)
                .confidence(addr.confidence),
            );
        }
    }
}

/// rocket `Config { port: 8000, address: Ipv4Addr::new(0, 0, 0, 0).into(), .. }`.
fn check_rocket_config(cx: &Cx, s: &syn::ExprStruct, out: &mut Vec<Diagnostic>) {
    let path = cx.resolve(&s.path);
    let is_rocket = path.last().is_some_and(|l| l == "Config")
        && (path.iter().any(|p| p == "rocket") || path.len() == 1 && cx.imports_crate("rocket"));
    if !is_rocket {
        return;
    }
    let mut fixed = Vec::new();
    let mut span = None;
    let mut confidence = Confidence::High;
    for f in &s.fields {
        let syn::Member::Named(name) = &f.member else {
            continue;
        };
        if name != "port" && name != "address" {
            continue;
        }
        if let Some(addr) = literal_addr(cx, &f.expr, HOPS) {
            fixed.push(format!("{name} `{}`", addr.text));
            span.get_or_insert_with(|| f.span());
            confidence = confidence.min(addr.confidence);
        }
    }
    if let Some(span) = span {
        out.push(
            Diagnostic::new(
                &META,
                span,
                format!("rocket `Config` fixes the {} in code", fixed.join(" and ")),
            )
            .label("bind address fixed in the code")
            .help(ROCKET_HELP)
            .confidence(confidence),
        );
    }
}

/// Reports the address given to a bind call when it is made of literals. `shape` requires the
/// argument to look like an address (for method names as common as `.bind(..)`).
fn check_bind_arg(
    cx: &Cx,
    arg: &Expr,
    callee: &str,
    shape: bool,
    call_span: Span,
    out: &mut Vec<Diagnostic>,
) {
    let mut value = syntax::peel_refs(arg);
    let mut via_local = false;
    if let Some(binding) = syntax::ident_of(value).and_then(|name| cx.local(&name)) {
        let Some(init) = binding.init else { return };
        value = init;
        via_local = true;
    }
    if is_socket_addr_ctor(cx, value) || shape && !looks_like_address(cx, value) {
        return;
    }
    let hops = if via_local { 0 } else { HOPS };
    let Some(addr) = literal_addr(cx, value, hops).filter(|a| !a.ephemeral()) else {
        return;
    };
    let mut d = Diagnostic::new(
        &META,
        value.span(),
        format!("hard-coded bind address `{}` passed to {callee}", addr.text),
    )
    .label("host and port fixed in the code")
    .help(HELP)
    .confidence(addr.confidence);
    if via_local {
        d = d.secondary(call_span, "bound here");
    }
    out.push(d);
}

fn is_bind_name(name: &str) -> bool {
    name == "bind" || name.starts_with("bind_") || name.starts_with("try_bind")
}

/// The name of the call or method that receives `expr` (through `&`, `.into()`, `?` …).
fn consumer_name(cx: &Cx, expr: &Expr) -> Option<String> {
    let mut cur = expr;
    for anc in cx.ancestors() {
        match anc {
            Expr::Reference(_) | Expr::Paren(_) | Expr::Try(_) => {}
            Expr::MethodCall(m) if std::ptr::eq(&*m.receiver, cur) => {
                if !matches!(
                    m.method.to_string().as_str(),
                    "into" | "unwrap" | "expect" | "clone"
                ) {
                    return None;
                }
            }
            Expr::MethodCall(m) => return Some(m.method.to_string()),
            Expr::Call(c) => {
                return match &*c.func {
                    Expr::Path(p) => Some(syntax::last_ident(&p.path)),
                    _ => None,
                }
            }
            _ => return None,
        }
        cur = anc;
    }
    None
}

fn receiver_chain_has(mut expr: &Expr, pred: impl Fn(&str) -> bool) -> bool {
    loop {
        expr = match expr {
            Expr::MethodCall(m) if pred(&m.method.to_string()) => return true,
            Expr::MethodCall(m) => &m.receiver,
            Expr::Try(t) => &t.expr,
            Expr::Await(a) => &a.base,
            Expr::Paren(p) => &p.expr,
            Expr::Reference(r) => &r.expr,
            Expr::Call(c) => {
                return matches!(&*c.func, Expr::Path(p) if pred(&syntax::last_ident(&p.path)))
            }
            _ => return false,
        };
    }
}

/// Strips what keeps an address: `&`, `.parse()`, `.unwrap()`, `.expect(..)`, `?`, `.into()`.
fn peel_addr(mut expr: &Expr) -> &Expr {
    loop {
        expr = match syntax::peel_refs(expr) {
            Expr::Try(t) => &t.expr,
            Expr::Cast(c) => &c.expr,
            Expr::MethodCall(m)
                if matches!(
                    m.method.to_string().as_str(),
                    "parse"
                        | "unwrap"
                        | "expect"
                        | "into"
                        | "to_string"
                        | "to_owned"
                        | "clone"
                        | "as_str"
                ) =>
            {
                &m.receiver
            }
            other => return other,
        };
    }
}

/// `SocketAddr::new(..)`, `SocketAddr::from(..)` …, through `&`/`.into()`: reported where built.
fn is_socket_addr_ctor(cx: &Cx, expr: &Expr) -> bool {
    let Expr::Call(c) = peel_addr(expr) else {
        return false;
    };
    let Expr::Path(p) = &*c.func else {
        return false;
    };
    matches!(
        cx.resolve(&p.path)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()[..],
        [
            ..,
            "SocketAddr" | "SocketAddrV4" | "SocketAddrV6",
            "new" | "from" | "from_str"
        ]
    )
}

/// `"host:port"`, `(host, port)`, `"host:port".parse()`: what a listener is bound to.
fn looks_like_address(cx: &Cx, expr: &Expr) -> bool {
    match peel_addr(expr) {
        Expr::Lit(l) => matches!(&l.lit, Lit::Str(s) if is_host_port(&s.value())),
        Expr::Tuple(t) if t.elems.len() == 2 => {
            let host = match peel_addr(&t.elems[0]) {
                Expr::Lit(l) => {
                    matches!(&l.lit, Lit::Str(s) if !s.value().is_empty() && !s.value().contains(char::is_whitespace))
                }
                Expr::Array(a) => a.elems.len() == 4 || a.elems.len() == 8 || a.elems.len() == 16,
                Expr::Call(c) => matches!(&*c.func, Expr::Path(p) if is_ip_type(cx, &p.path)),
                Expr::Path(p) => is_ip_type(cx, &p.path) || p.path.get_ident().is_some(),
                _ => false,
            };
            let port = matches!(peel_addr(&t.elems[1]), Expr::Lit(l) if matches!(l.lit, Lit::Int(_)))
                || matches!(peel_addr(&t.elems[1]), Expr::Path(p) if p.path.get_ident().is_some());
            host && port
        }
        _ => false,
    }
}

fn is_host_port(s: &str) -> bool {
    let Some((host, port)) = s.rsplit_once(':') else {
        return false;
    };
    !host.is_empty()
        && (1..=5).contains(&port.len())
        && port.bytes().all(|b| b.is_ascii_digit())
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

fn is_ip_type(cx: &Cx, path: &syn::Path) -> bool {
    cx.resolve(path)
        .iter()
        .any(|s| matches!(s.as_str(), "Ipv4Addr" | "Ipv6Addr" | "IpAddr"))
}

/// An address made of literals only, rendered for the message.
struct Addr {
    text: String,
    /// `Medium` when a user constant stands for part of it.
    confidence: Confidence,
}

impl Addr {
    /// Port 0 asks the OS for any free port (test servers, helpers): nothing to configure.
    fn ephemeral(&self) -> bool {
        self.text.ends_with(":0")
    }

    fn new(text: impl Into<String>) -> Option<Addr> {
        Some(Addr {
            text: text.into(),
            confidence: Confidence::High,
        })
    }
}

/// The address `expr` denotes when it is made only of literals (following `hops` local bindings),
/// or `None` when any part of it comes from elsewhere.
fn literal_addr(cx: &Cx, expr: &Expr, hops: usize) -> Option<Addr> {
    match peel_addr(expr) {
        Expr::Lit(l) => match &l.lit {
            Lit::Str(s) => Addr::new(s.value()),
            Lit::Int(i) => Addr::new(i.base10_digits()),
            _ => None,
        },
        Expr::Tuple(t) => {
            let parts = all_literal(cx, t.elems.iter(), hops)?;
            match &parts.texts[..] {
                [host, port] if host.contains(':') => Addr::new(format!("[{host}]:{port}")),
                texts => Addr::new(texts.join(":")),
            }
            .map(|a| parts.with(a))
        }
        Expr::Array(a) => {
            let parts = all_literal(cx, a.elems.iter(), hops)?;
            let sep = if parts.texts.len() == 4 { "." } else { ":" };
            Addr::new(parts.texts.join(sep)).map(|a| parts.with(a))
        }
        Expr::Call(c) => {
            let Expr::Path(p) = &*c.func else { return None };
            let path = cx.resolve(&p.path);
            let segs: Vec<&str> = path.iter().map(String::as_str).collect();
            let parts = all_literal(cx, c.args.iter(), hops)?;
            let text = match (&segs[..], &parts.texts[..]) {
                ([.., "Ipv4Addr", "new"], texts) => texts.join("."),
                ([.., "Ipv6Addr", "new"], texts) => texts.join(":"),
                ([.., "SocketAddr" | "SocketAddrV4", "new"], [ip, port]) => format!("{ip}:{port}"),
                ([.., "SocketAddrV6", "new"], [ip, port, ..]) => format!("[{ip}]:{port}"),
                (
                    [.., "Ipv4Addr" | "Ipv6Addr" | "IpAddr" | "SocketAddr" | "SocketAddrV4"
                    | "SocketAddrV6", "from" | "from_str"],
                    [x],
                )
                | ([.., "IpAddr", "V4" | "V6"], [x]) => x.clone(),
                _ => return None,
            };
            Addr::new(text).map(|a| parts.with(a))
        }
        Expr::Path(p) => {
            let path = cx.resolve(&p.path);
            let segs: Vec<&str> = path.iter().map(String::as_str).collect();
            match segs[..] {
                [.., "Ipv4Addr", "UNSPECIFIED"] => Addr::new("0.0.0.0"),
                [.., "Ipv4Addr", "LOCALHOST"] => Addr::new("127.0.0.1"),
                [.., "Ipv4Addr", "BROADCAST"] => Addr::new("255.255.255.255"),
                [.., "Ipv6Addr", "UNSPECIFIED"] => Addr::new("::"),
                [.., "Ipv6Addr", "LOCALHOST"] => Addr::new("::1"),
                _ => {
                    let name = p.path.get_ident()?.to_string();
                    match cx.local(&name) {
                        Some(binding) if hops > 0 => literal_addr(cx, binding.init?, hops - 1),
                        Some(_) => None,
                        // A constant (`PORT`): fixed at compile time, but its value is not seen here.
                        None if name
                            .chars()
                            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') =>
                        {
                            Some(Addr {
                                text: name,
                                confidence: Confidence::Medium,
                            })
                        }
                        None => None,
                    }
                }
            }
        }
        _ => None,
    }
}

/// The rendered parts of a tuple, array or argument list whose every element is literal.
struct Parts {
    texts: Vec<String>,
    confidence: Confidence,
}

impl Parts {
    fn with(&self, mut addr: Addr) -> Addr {
        addr.confidence = addr.confidence.min(self.confidence);
        addr
    }
}

fn all_literal<'e>(cx: &Cx, elems: impl Iterator<Item = &'e Expr>, hops: usize) -> Option<Parts> {
    let mut parts = Parts {
        texts: Vec::new(),
        confidence: Confidence::High,
    };
    for e in elems {
        let addr = literal_addr(cx, e, hops)?;
        parts.confidence = parts.confidence.min(addr.confidence);
        parts.texts.push(addr.text);
    }
    (!parts.texts.is_empty()).then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule, check_snippet};

    #[test]
    fn axum_and_tokio() {
        assert_rule(
            &HardcodedBindAddress,
            &["axum", "tokio"],
            r#"
use std::net::{Ipv4Addr, SocketAddr};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let app = axum::Router::new();
    let listener = TcpListener::bind("0.0.0.0:3000").await?; // expect: BG203
    axum::serve(listener, app.clone()).await?;

    let addr = SocketAddr::from(([127, 0, 0, 1], 8080)); // expect: BG203
    let listener = TcpListener::bind(addr).await?;

    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::UNSPECIFIED, 3000))).await?; // expect: BG203
    axum::Server::bind(&"0.0.0.0:3000".parse().unwrap()).serve(app.into_make_service()).await?; // expect: BG203

    let port = 4000;
    let listener = TcpListener::bind(("0.0.0.0", port)).await?; // expect: BG203
    Ok(())
}

async fn configured(config: &Config) -> anyhow::Result<()> {
    let port: u16 = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(3000);
    let listener = TcpListener::bind(format!("0.0.0.0:{port}")).await?;
    let listener = TcpListener::bind(SocketAddr::from(([0, 0, 0, 0], port))).await?;
    let listener = TcpListener::bind(&config.addr).await?;
    let addr: SocketAddr = std::env::var("LISTEN_ADDR")?.parse()?;
    axum::Server::bind(&addr);
    let listener = TcpListener::bind((config.host.as_str(), port)).await?;
    let ephemeral = TcpListener::bind("127.0.0.1:0").await?;
    let addr = std::env::var("ADDR").ok().and_then(|a| a.parse().ok()).unwrap_or(SocketAddr::from(([127, 0, 0, 1], 3000)));
    let upstream = tokio::net::TcpStream::connect(SocketAddr::from(([10, 0, 0, 5], 6379))).await?;
    Ok(())
}

impl Default for Settings {
    fn default() -> Self {
        Settings { listen: SocketAddr::new(Ipv4Addr::LOCALHOST.into(), 8000) }
    }
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn serves() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    }
}
"#,
        );
    }

    #[test]
    fn actix_web() {
        assert_rule(
            &HardcodedBindAddress,
            &["actix_web", "sqlx"],
            r#"
use actix_web::{web, App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| App::new().route("/", web::get().to(index)))
        .bind(("127.0.0.1", 8080))? // expect: BG203
        .bind_rustls_0_23("0.0.0.0:8443", tls_config()) // expect: BG203
        ?
        .run()
        .await
}

async fn configured(settings: Settings, pool: sqlx::PgPool) -> std::io::Result<()> {
    let user = sqlx::query("SELECT id FROM users WHERE addr = $1")
        .bind("10.0.0.1:8080")
        .fetch_one(&pool)
        .await;
    sqlx::query_as::<_, User>("SELECT * FROM users WHERE id = $1").bind(7);
    let host = std::env::var("HOST").unwrap_or_else(|_| "127.0.0.1".into());
    HttpServer::new(|| App::new())
        .bind((host.as_str(), settings.port))?
        .bind(settings.listen_addr())?
        .run()
        .await
}
"#,
        );
    }

    #[test]
    fn rocket_config() {
        assert_rule(
            &HardcodedBindAddress,
            &["rocket"],
            r#"
use rocket::{Config, Build, Rocket};
use std::net::Ipv4Addr;

#[rocket::launch]
fn rocket() -> Rocket<Build> {
    let config = Config {
        port: 8000, // expect: BG203
        address: Ipv4Addr::new(0, 0, 0, 0).into(),
        ..Config::debug_default()
    };
    let figment = Config::figment().merge(("port", 9000)); // expect: BG203
    let from_env = Config { port: std::env::var("PORT").unwrap().parse().unwrap(), ..Config::default() };
    let figment = Config::figment().merge(("port", port_from_settings()));
    rocket::custom(config)
}
"#,
        );
    }

    #[test]
    fn warp_and_plain_std() {
        assert_rule(
            &HardcodedBindAddress,
            &["warp"],
            r#"
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};

const PORT: u16 = 7070;

pub async fn serve(routes: warp::filters::BoxedFilter<(String,)>, port: u16) {
    warp::serve(routes.clone()).run(([127, 0, 0, 1], 3030)).await; // expect: BG203
    warp::serve(routes.clone()).run(([0, 0, 0, 0], port)).await;
    let std_listener = TcpListener::bind(("0.0.0.0", PORT)).unwrap(); // expect: BG203
    let addr = SocketAddr::new(IpAddr::V4(Ipv4Addr::new(0, 0, 0, 0)), 8080); // expect: BG203
    let unix = tokio::net::UnixListener::bind("/tmp/app.sock");
}
"#,
        );
    }

    #[test]
    fn messages_render_the_address() {
        let src = "use std::net::SocketAddr;\nasync fn m() { let l = tokio::net::TcpListener::bind(SocketAddr::from(([0, 0, 0, 0], 3000))).await; let h = actix_web::HttpServer::new(app).bind((\"::1\", 8080)); let p = 9000; let l = tokio::net::TcpListener::bind((\"0.0.0.0\", p)); }";
        let findings = check_snippet(src, &[], &[&HardcodedBindAddress]);
        let messages: Vec<_> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "hard-coded address `0.0.0.0:3000` built by `SocketAddr::from`",
                "hard-coded bind address `[::1]:8080` passed to `.bind(..)`",
                "hard-coded bind address `0.0.0.0:9000` passed to `TcpListener::bind`",
            ]
        );
        assert_eq!(findings[0].confidence, Confidence::High);
    }
}
