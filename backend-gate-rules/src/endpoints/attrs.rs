//! Method and path declared by route attributes: actix-web and rocket `#[get("/p")]` …,
//! `#[route(..)]`, poem-openapi `#[oai(path, method)]`, utoipa `#[utoipa::path(get, path = ..)]`
//! and backend-gate's own `#[endpoint(GET, "/p")]`.

use super::router::Method;
use crate::facts::{AttrFact, FnFacts};
use proc_macro2::{TokenStream, TokenTree};

/// What kind of attribute declared a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttrKind {
    /// `#[get("/p")]` and friends, `#[route(..)]` (actix-web, rocket).
    Route,
    /// poem-openapi `#[oai(..)]`.
    Oai,
    /// utoipa `#[utoipa::path(..)]`: documents a route registered elsewhere.
    Utoipa,
    /// backend-gate `#[endpoint(..)]`.
    Endpoint,
}

/// A route declared by an attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttrRoute {
    /// Which attribute.
    pub kind: AttrKind,
    /// Declared method.
    pub method: Method,
    /// Declared path, as written.
    pub path: String,
    /// Middleware the attribute wraps the route in: actix-web `#[get("/p", wrap = "Auth")]`.
    pub wraps: Vec<String>,
}

/// An attribute argument: `ident`, `"literal"` or `key = value`.
#[derive(Debug, PartialEq, Eq)]
enum Arg {
    Ident(String),
    Str(String),
    Pair(String, String),
    Other,
}

fn args(text: &str) -> Vec<Arg> {
    let Ok(tokens) = text.parse::<TokenStream>() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut cur: Vec<TokenTree> = Vec::new();
    let flush = |cur: &mut Vec<TokenTree>, out: &mut Vec<Arg>| {
        let arg = match &cur[..] {
            [TokenTree::Ident(i)] => Arg::Ident(i.to_string()),
            [TokenTree::Literal(l)] => str_lit(l).map_or(Arg::Other, Arg::Str),
            [TokenTree::Ident(k), TokenTree::Punct(p), rest @ ..] if p.as_char() == '=' => {
                let value = match rest {
                    [TokenTree::Literal(l)] => str_lit(l).unwrap_or_else(|| l.to_string()),
                    other => other.iter().map(ToString::to_string).collect::<String>(),
                };
                Arg::Pair(k.to_string(), value)
            }
            [] => return,
            _ => Arg::Other,
        };
        out.push(arg);
        cur.clear();
    };
    for tt in tokens {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == ',' => flush(&mut cur, &mut out),
            _ => cur.push(tt),
        }
    }
    flush(&mut cur, &mut out);
    out
}

fn str_lit(l: &proc_macro2::Literal) -> Option<String> {
    let s = l.to_string();
    let inner = s.strip_prefix('"')?.strip_suffix('"')?;
    Some(inner.replace("\\\"", "\"").replace("\\\\", "\\"))
}

/// The routes attribute `attr` of fn `f` declares (`#[route]` may declare several methods).
///
/// `#[endpoint]` declares the route of its contract, read by the proc macro's own grammar
/// (`FnFacts::contract`): an attribute the compiler rejects declares nothing, as it would
/// not build.
pub fn attr_routes(f: &FnFacts, attr: &AttrFact) -> Vec<AttrRoute> {
    let name = attr.name();
    let utoipa = attr.path.len() == 2 && attr.path[0] == "utoipa" && name == "path";
    if backend_gate_grammar::is_endpoint_name(&attr.path) {
        return f
            .contract
            .iter()
            .filter_map(|c| {
                Some(AttrRoute {
                    kind: AttrKind::Endpoint,
                    method: Method::parse(&c.method)?,
                    path: c.path.clone(),
                    wraps: Vec::new(),
                })
            })
            .collect();
    }
    let kind = match name {
        _ if utoipa => AttrKind::Utoipa,
        "oai" => AttrKind::Oai,
        "route" => AttrKind::Route,
        n if Method::parse(n).is_some_and(|m| m != Method::Any) => AttrKind::Route,
        _ => return Vec::new(),
    };
    let args = args(&attr.args);
    let first_str = args.iter().find_map(|a| match a {
        Arg::Str(s) => Some(s.clone()),
        _ => None,
    });
    let pair = |key: &str| {
        args.iter().find_map(|a| match a {
            Arg::Pair(k, v) if k == key => Some(v.clone()),
            _ => None,
        })
    };
    let first_ident_method = args.iter().find_map(|a| match a {
        Arg::Ident(i) => Method::parse(i),
        _ => None,
    });
    let (path, methods) = match kind {
        AttrKind::Route if name == "route" => {
            let path = first_str.or_else(|| pair("uri"));
            let mut methods: Vec<Method> = args
                .iter()
                .filter_map(|a| match a {
                    Arg::Pair(k, v) if k == "method" => Method::parse(v.trim_matches('"')),
                    _ => None,
                })
                .collect();
            methods.extend(first_ident_method);
            if methods.is_empty() {
                methods.push(Method::Any);
            }
            (path, methods)
        }
        AttrKind::Route => (first_str, Method::parse(name).into_iter().collect()),
        AttrKind::Oai => (
            pair("path").map(|p| match &f.openapi_prefix {
                Some(prefix) => format!("{prefix}/{p}"),
                None => p,
            }),
            pair("method")
                .and_then(|m| Method::parse(&m))
                .into_iter()
                .collect(),
        ),
        AttrKind::Utoipa => (pair("path"), first_ident_method.into_iter().collect()),
        // Read from the contract above.
        AttrKind::Endpoint => return Vec::new(),
    };
    let Some(path) = path else { return Vec::new() };
    let wraps: Vec<String> = args
        .iter()
        .filter_map(|a| match a {
            Arg::Pair(k, v) if k == "wrap" && kind == AttrKind::Route => Some(v.clone()),
            _ => None,
        })
        .collect();
    methods
        .into_iter()
        .map(|method| AttrRoute {
            kind,
            method,
            path: path.clone(),
            wraps: wraps.clone(),
        })
        .collect()
}

/// A path in `{param}` form: axum 0.7 `:id` and `*rest`, rocket `<id>` and `<rest..>`,
/// actix `{id:\d+}`, salvo `<id:num>` and `{**rest}` all become `{id}`; no trailing slash (except the root `/`), and no query
/// (rocket declares query parameters in the route: `/search?<q>&<page>`).
pub fn normalize_path(path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    let mut out = String::new();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        // actix tail match `{key}*`
        let seg = if seg.starts_with('{') {
            seg.trim_end_matches('*')
        } else {
            seg
        };
        out.push('/');
        let param = if let Some(p) = seg.strip_prefix(':').or_else(|| seg.strip_prefix('*')) {
            Some(p)
        } else if let Some(p) = seg.strip_prefix('<').and_then(|s| s.strip_suffix('>')) {
            // rocket `<rest..>`; salvo `<id:num>`, `<**rest>`
            let p = p.trim_end_matches("..");
            Some(
                p.split(':')
                    .next()
                    .unwrap_or(p)
                    .trim_start_matches(['*', '+', '?']),
            )
        } else {
            seg.strip_prefix('{')
                .and_then(|s| s.strip_suffix('}'))
                .map(|p| {
                    p.split(':')
                        .next()
                        .unwrap_or(p)
                        .trim_start_matches(['*', '+', '?'])
                })
        };
        match param {
            Some(p) => {
                out.push('{');
                out.push_str(p);
                out.push('}');
            }
            None => out.push_str(seg),
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// `prefix` + `path`, normalised.
pub fn join_paths(prefix: &str, path: &str) -> String {
    normalize_path(&format!("{prefix}/{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Pos, Range};

    fn attr(path: &[&str], args: &str) -> AttrFact {
        let p = Pos {
            line: 1,
            column: 1,
            offset: 0,
        };
        AttrFact {
            path: path.iter().map(|s| s.to_string()).collect(),
            args: args.into(),
            range: Range { start: p, end: p },
        }
    }

    #[test]
    fn reads_route_attributes() {
        let (_, model) = crate::testing::check_files(&[("src/lib.rs", "fn f() {}")], &[], &[]);
        let routes = |a: &AttrFact| attr_routes(&model.files[0].fns[0], a);
        let r = routes(&attr(&["get"], r#""/users/{id}""#));
        assert_eq!(r[0].method, Method::Get);
        assert_eq!(r[0].path, "/users/{id}");
        let r = routes(&attr(&["post"], r#""/upload", data = "<form>""#));
        assert_eq!((r[0].method, r[0].path.as_str()), (Method::Post, "/upload"));
        let r = routes(&attr(
            &["route"],
            r#""/x", method = "GET", method = "HEAD""#,
        ));
        assert_eq!(r.len(), 2);
        let r = routes(&attr(
            &["utoipa", "path"],
            r#"get, path = "/api/todos", responses((status = 200))"#,
        ));
        assert_eq!((r[0].method, r[0].kind), (Method::Get, AttrKind::Utoipa));
        let r = routes(&attr(&["oai"], r#"path = "/hello", method = "get""#));
        assert_eq!(r[0].path, "/hello");
        let r = routes(&attr(&["delete"], r#""/{id}", wrap = "RequireApiKey""#));
        assert_eq!(r[0].wraps, ["RequireApiKey"]);
        assert!(routes(&attr(&["handler"], "")).is_empty());
    }

    #[test]
    fn normalises_paths() {
        assert_eq!(normalize_path("/users/:id"), "/users/{id}");
        assert_eq!(normalize_path("/files/*path"), "/files/{path}");
        assert_eq!(
            normalize_path("/hello/<name>/<rest..>"),
            "/hello/{name}/{rest}"
        );
        assert_eq!(normalize_path(r"/items/{id:\d+}/"), "/items/{id}");
        assert_eq!(normalize_path("/?<status>&<page>"), "/");
        assert_eq!(
            join_paths("/api/tickets", "/search?<q>"),
            "/api/tickets/search"
        );
        assert_eq!(normalize_path("/push?<event>"), "/push");
        assert_eq!(normalize_path("/file/{s3_key}*"), "/file/{s3_key}");
        assert_eq!(
            normalize_path("<width:num>/<height:num>/<**rest>"),
            "/{width}/{height}/{rest}"
        );
        assert_eq!(normalize_path("/files/{**path}"), "/files/{path}");
        assert_eq!(join_paths("/api/", "/"), "/api");
        assert_eq!(join_paths("", ""), "/");
        assert_eq!(join_paths("api/users", "{id}"), "/api/users/{id}");
    }
}
