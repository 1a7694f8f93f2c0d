//! Router registrations as written in one function: the chain of calls that builds an axum
//! `Router`, an actix `App`/`scope`/`resource`/`ServiceConfig`, a rocket `mount`, a poem `Route`
//! or a loco `Routes`, read from syntax during the walk and kept as plain data.

use crate::source::Range;
use crate::syntax;
use crate::walk::Cx;
use syn::{Expr, ExprMethodCall};

/// An HTTP method.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
    /// TRACE
    Trace,
    /// CONNECT
    Connect,
    /// Any method (`any(h)`, `web::to(h)`, a fallback).
    Any,
}

impl Method {
    /// Parses a method name in any case (`get`, `GET`, `Get`).
    pub fn parse(name: &str) -> Option<Method> {
        Some(match name.to_ascii_lowercase().as_str() {
            "get" => Method::Get,
            "post" => Method::Post,
            "put" => Method::Put,
            "patch" => Method::Patch,
            "delete" => Method::Delete,
            "head" => Method::Head,
            "options" => Method::Options,
            "trace" => Method::Trace,
            "connect" => Method::Connect,
            "any" => Method::Any,
            _ => return None,
        })
    }

    /// Upper-case name (`GET`; `ANY` for any method).
    pub fn as_str(self) -> &'static str {
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
            Method::Any => "ANY",
        }
    }

    /// Whether requests with this method change state.
    pub fn is_mutating(self) -> bool {
        matches!(
            self,
            Method::Post | Method::Put | Method::Patch | Method::Delete
        )
    }
}

/// What a handler expression names.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum HandlerRef {
    /// A path as written (`users::create`, `Self::list`, `handler::<Db>`); resolved later in the
    /// module of the chain.
    Path(Vec<String>),
    /// A closure, recorded as a function of the file's facts (index into `FileFacts::fns`).
    Closure(usize),
}

/// A router that a registration refers to.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub enum RouterRef {
    /// Built inline (`.nest("/api", Router::new().route(..))`, actix `.service(web::scope(..)..)`).
    Chain(Box<RouterChain>),
    /// A local binding of the same function (`.nest("/api", api)`).
    Local(String),
    /// A function returning or configuring a router (`.merge(users::router())`, `.configure(config)`).
    Call(Vec<String>),
}

/// One step of a router chain.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub enum RouterItem {
    /// A path with its method handlers (`.route("/p", get(h).post(h2))`, `.at(..)`, `.add(..)`).
    Route {
        /// Path as written.
        path: String,
        /// Method handlers.
        handlers: Vec<(Method, HandlerRef, Range)>,
        /// The registration.
        range: Range,
    },
    /// Handlers on the chain's own path (actix `web::resource("/p").route(web::get().to(h))`).
    Handlers {
        /// Method handlers.
        handlers: Vec<(Method, HandlerRef, Range)>,
        /// The registration.
        range: Range,
    },
    /// A router under a prefix (`nest`, rocket `mount`).
    Nest {
        /// Prefix as written.
        prefix: String,
        /// The nested router.
        inner: RouterRef,
        /// The registration.
        range: Range,
    },
    /// A router merged without prefix (`merge`, actix `configure`/`service(scope)`).
    Merge {
        /// The merged router.
        inner: RouterRef,
    },
    /// A handler that declares its own method and path by attribute (actix `.service(h)`,
    /// rocket `routes![h]`, utoipa-axum `routes!(h)`).
    Service {
        /// The handler.
        handler: HandlerRef,
        /// The registration.
        range: Range,
    },
    /// A handler for unmatched requests.
    Fallback {
        /// The handler.
        handler: HandlerRef,
        /// The registration.
        range: Range,
    },
    /// Middleware (`layer`, `route_layer`, `wrap`, `with`, `attach`), as written.
    Layer {
        /// The middleware expression's text, spaces removed (`from_fn(require_auth)`).
        text: String,
        /// Where it is applied.
        range: Range,
    },
    /// loco `Routes::new().prefix("users")`.
    Prefix(String),
    /// poem-openapi `OpenApiService::new((ItemsApi, OrdersApi), ..)`: the `#[oai]` operations of
    /// these types, served wherever the service is nested.
    OpenApi {
        /// The API types' names (last path segment).
        types: Vec<String>,
        /// The registration.
        range: Range,
    },
    /// A request guard beyond method and path (actix `.guard(guard::Host(..))` on a scope or
    /// resource, or `guard::Header(..)` on one of its routes), as written: routes it covers may
    /// share a method and path with others.
    Guard(String),
}

/// What a chain starts from.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RouterRoot {
    /// A fresh router (`Router::new()`, `App::new()`, `rocket::build()`, `Route::new()`, `Routes::new()`).
    New,
    /// actix `web::scope("/prefix")` or a framework's path-scoped constructor.
    Scope(String),
    /// actix `web::resource("/path")`.
    Resource(String),
    /// A local binding or parameter (`app.route(..)`, `cfg.service(..)`).
    Local(String),
    /// A function call returning a router (`api::routes().layer(..)`).
    Call(Vec<String>),
    /// A bare list of attribute handlers (rocket `routes![..]`).
    List,
}

/// A chain of router-building calls, innermost first.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct RouterChain {
    /// Framework the chain belongs to.
    pub framework: Framework,
    /// What it starts from.
    pub root: RouterRoot,
    /// Calls in order.
    pub items: Vec<RouterItem>,
    /// `let name = <chain>` or `name = <chain>`.
    pub bound_to: Option<String>,
    /// Index of the enclosing function in `FileFacts::fns` (none at module level).
    pub owner: Option<usize>,
    /// Module the chain is written in (to resolve its paths).
    pub module: String,
    /// `Self` type of the enclosing impl (to resolve `Self::handler`).
    pub self_ty: Option<String>,
    /// Where.
    pub range: Range,
    /// The branches of its fn it is built in.
    pub branch: Branch,
}

/// Where a router chain sits among the alternatives of its fn: `fn routes() -> Vec<Route> {
/// if disabled { return routes![off]; } routes![a, b] }` mounts one list or the other, never
/// both, so their routes cannot clash.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Branch {
    /// The `if`/`match` arms around it, innermost first: (offset of the `if`/`match` keyword,
    /// arm: 0 for `then`, 1 for `else`, the arm's index in a `match`).
    pub arms: Vec<(usize, u32)>,
    /// Offset of the `return` whose value it is part of.
    pub returned: Option<usize>,
}

impl Branch {
    /// Whether a chain built here and one built at `other` (in the same fn) never both run:
    /// they are in different arms of one `if`/`match`, or one is returned and the other is not
    /// part of that return.
    pub fn excludes(&self, other: &Branch) -> bool {
        let different_arms = self
            .arms
            .iter()
            .any(|(at, arm)| other.arms.iter().any(|(o, a)| o == at && a != arm));
        let one_returned = (self.returned.is_some() || other.returned.is_some())
            && self.returned != other.returned;
        different_arms || one_returned
    }
}

/// The web framework of an endpoint.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Framework {
    /// axum (also utoipa-axum, aide).
    Axum,
    /// actix-web.
    ActixWeb,
    /// Rocket.
    Rocket,
    /// poem and poem-openapi.
    Poem,
    /// salvo.
    Salvo,
    /// loco.
    Loco,
    /// Only `#[endpoint]` says so.
    BackendGate,
}

impl Framework {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Framework::Axum => "axum",
            Framework::ActixWeb => "actix-web",
            Framework::Rocket => "rocket",
            Framework::Poem => "poem",
            Framework::Salvo => "salvo",
            Framework::Loco => "loco",
            Framework::BackendGate => "backend-gate",
        }
    }
}

/// The framework whose `Router`-like API a file uses, from its imports and its package's
/// dependencies (imports win: a workspace may depend on several).
pub fn file_framework(cx: &Cx) -> Option<Framework> {
    const ORDER: [(&str, Framework); 6] = [
        ("actix_web", Framework::ActixWeb),
        ("rocket", Framework::Rocket),
        ("loco_rs", Framework::Loco),
        ("poem", Framework::Poem),
        ("salvo", Framework::Salvo),
        ("axum", Framework::Axum),
    ];
    ORDER
        .iter()
        .find(|(k, _)| cx.imports_crate(k))
        .or_else(|| ORDER.iter().find(|(k, _)| cx.file.package.depends_on(k)))
        .map(|&(_, f)| f)
}

/// Methods that register routes; a chain with one of them (or a router constructor at its
/// root) is a router chain.
const ROUTING_METHODS: &[&str] = &[
    "route",
    "nest",
    "merge",
    "fallback",
    "service",
    "mount",
    "at",
    "add",
    "routes",
    "api_route",
    "configure",
    "default_service",
];

/// Methods that put middleware over a router (possibly one built elsewhere).
const LAYER_METHODS: &[&str] = &["layer", "route_layer", "wrap", "wrap_fn"];

/// Types whose constructor starts a router.
const ROUTER_TYPES: &[&str] = &[
    "Router",
    "App",
    "Route",
    "Routes",
    "OpenApiRouter",
    "OpenApiService",
    "ApiRouter",
    "Scope",
    "Resource",
];

/// A cheap test, without allocating, of whether an expression can be a router chain: a
/// routing method somewhere in the chain, or a router constructor at its root.
pub fn may_be_router(expr: &Expr) -> bool {
    let mut cur = expr;
    while let Expr::MethodCall(m) = cur {
        if ROUTING_METHODS
            .iter()
            .chain(LAYER_METHODS)
            .any(|r| m.method == r)
        {
            return true;
        }
        cur = &m.receiver;
    }
    match syntax::peel_refs(cur) {
        Expr::Call(c) => match &*c.func {
            Expr::Path(p) => {
                let mut segs = p.path.segments.iter().rev();
                let last = segs.next();
                let prev = segs.next();
                last.is_some_and(|l| {
                    l.ident == "scope"
                        || l.ident == "resource"
                        || l.ident == "build"
                        || l.ident == "custom"
                }) || prev.is_some_and(|t| ROUTER_TYPES.iter().any(|r| t.ident == r))
            }
            _ => false,
        },
        Expr::Macro(m) => m
            .mac
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "routes"),
        _ => false,
    }
}

/// Reads a method-call chain as a router chain, when it is one. `expr` is the outermost call.
pub struct ChainReader<'a, 'ast> {
    /// Walk context.
    pub cx: &'a Cx<'ast>,
    /// The framework of the file ([`file_framework`]).
    pub framework: Framework,
    /// Converts spans of this file into ranges.
    pub range: &'a dyn Fn(proc_macro2::Span) -> Range,
    /// Registers a handler closure, returning its index in the file's fns.
    pub closure: &'a mut dyn FnMut(&'ast syn::ExprClosure) -> usize,
    /// Method-call nodes consumed by chains read so far (they are not read again as chains).
    pub consumed: &'a mut Vec<*const Expr>,
}

impl<'ast> ChainReader<'_, 'ast> {
    /// Reads `expr` (and what it nests inline) as a router chain.
    pub fn read(&mut self, expr: &'ast Expr) -> Option<RouterChain> {
        let framework = self.framework;
        let mut calls: Vec<&'ast ExprMethodCall> = Vec::new();
        let mut nodes: Vec<*const Expr> = Vec::new();
        let mut cur = expr;
        while let Expr::MethodCall(m) = cur {
            calls.push(m);
            nodes.push(cur as *const Expr);
            cur = &m.receiver;
        }
        calls.reverse();
        let root = self.root(cur, framework);
        let routing = calls.iter().any(|m| {
            let name = m.method.to_string();
            ROUTING_METHODS.contains(&name.as_str())
        });
        // `app.layer(auth)`, `api::routes().route_layer(auth)`: middleware over a router built
        // elsewhere (it covers that router's routes).
        let layering = calls
            .iter()
            .any(|m| LAYER_METHODS.iter().any(|l| m.method == l));
        let is_router = match &root {
            Some(RouterRoot::Local(_) | RouterRoot::Call(_)) => routing || layering,
            Some(
                RouterRoot::New | RouterRoot::Scope(_) | RouterRoot::Resource(_) | RouterRoot::List,
            ) => true,
            None => false,
        };
        if !is_router {
            return None;
        }
        let root = root?;
        self.consumed.extend(nodes);
        let mut items = Vec::new();
        if root == RouterRoot::List {
            self.consumed.push(cur as *const Expr);
            if let Expr::Macro(m) = cur {
                self.list_items(&m.mac, &mut items);
            }
        }
        if let Some(types) = open_api_types(cur) {
            self.consumed.push(cur as *const Expr);
            items.push(RouterItem::OpenApi {
                types,
                range: (self.range)(syntax::report_span(cur)),
            });
        }
        for m in calls {
            self.item(m, framework, &mut items);
        }
        Some(RouterChain {
            framework,
            root,
            items,
            bound_to: None,
            owner: None,
            module: String::new(),
            self_ty: None,
            range: (self.range)(syntax::report_span(expr)),
            branch: Branch::default(),
        })
    }

    fn root(&self, expr: &'ast Expr, framework: Framework) -> Option<RouterRoot> {
        match syntax::peel_refs(expr) {
            Expr::Call(c) => {
                let Expr::Path(p) = &*c.func else { return None };
                let segs: Vec<String> = p
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                let tail: Vec<&str> = segs
                    .iter()
                    .rev()
                    .take(2)
                    .rev()
                    .map(String::as_str)
                    .collect();
                let first_str = || c.args.first().and_then(syntax::string_lit).map(|(s, _)| s);
                match tail[..] {
                    [.., "Router" | "App" | "Route" | "Routes" | "OpenApiRouter" | "ApiRouter"
                    | "OpenApiService", "new" | "with_openapi"] => Some(RouterRoot::New),
                    ["rocket", "build" | "custom"] => Some(RouterRoot::New),
                    [.., "scope"] if framework == Framework::ActixWeb => {
                        Some(RouterRoot::Scope(first_str()?))
                    }
                    [.., "Scope", "new"] => Some(RouterRoot::Scope(first_str()?)),
                    [.., "resource"] if framework == Framework::ActixWeb => {
                        Some(RouterRoot::Resource(first_str()?))
                    }
                    [.., "Resource", "new"] => Some(RouterRoot::Resource(first_str()?)),
                    ["Router", "with_path"] if framework == Framework::Salvo => {
                        Some(RouterRoot::Scope(first_str()?))
                    }
                    _ => Some(RouterRoot::Call(segs)),
                }
            }
            Expr::Path(p) => p.path.get_ident().map(|i| RouterRoot::Local(i.to_string())),
            Expr::Macro(m)
                if framework == Framework::Rocket
                    && syntax::last_ident(&m.mac.path) == "routes" =>
            {
                Some(RouterRoot::List)
            }
            _ => None,
        }
    }

    fn item(&mut self, m: &'ast ExprMethodCall, framework: Framework, items: &mut Vec<RouterItem>) {
        let name = m.method.to_string();
        let range = (self.range)(syntax::method_span(m));
        let args: Vec<&'ast Expr> = m.args.iter().collect();
        let lit = |i: usize| {
            args.get(i)
                .and_then(|a| syntax::string_lit(a))
                .map(|(s, _)| s)
        };
        match (name.as_str(), args.len()) {
            ("route" | "at" | "add" | "api_route", 2) => {
                let Some(path) = lit(0) else { return };
                if framework == Framework::ActixWeb {
                    items.extend(route_guards(args[1]).into_iter().map(RouterItem::Guard));
                }
                let handlers = self.method_router(args[1]);
                items.push(RouterItem::Route {
                    path,
                    handlers,
                    range,
                });
            }
            // actix `default_service` answers what no route of its scope matched: a fallback.
            ("default_service", 1) if framework == Framework::ActixWeb => {
                for (_, handler, _) in self.method_router(args[0]) {
                    items.push(RouterItem::Fallback { handler, range });
                }
            }
            ("guard", 1) if framework == Framework::ActixWeb => {
                items.push(RouterItem::Guard(token_text(args[0])));
            }
            ("route", 1) | ("to", 1) if framework == Framework::ActixWeb => {
                items.extend(route_guards(args[0]).into_iter().map(RouterItem::Guard));
                let handlers = if name == "to" {
                    self.handler(args[0])
                        .map(|h| vec![(Method::Any, h, range)])
                        .unwrap_or_default()
                } else {
                    self.method_router(args[0])
                };
                items.push(RouterItem::Handlers { handlers, range });
            }
            ("nest" | "nest_service" | "mount", 2) => {
                let Some(prefix) = lit(0) else { return };
                if let Some(inner) = self.router_ref(args[1]) {
                    items.push(RouterItem::Nest {
                        prefix,
                        inner,
                        range,
                    });
                }
            }
            ("merge" | "configure", 1) => {
                if let Some(inner) = self.router_ref(args[0]) {
                    items.push(RouterItem::Merge { inner });
                }
            }
            ("service", 1) => {
                let arg = syntax::peel_refs(args[0]);
                if let Some(chain) = self.nested_chain(arg) {
                    items.push(RouterItem::Merge {
                        inner: RouterRef::Chain(Box::new(chain)),
                    });
                } else if let Expr::Path(p) = arg {
                    items.push(RouterItem::Service {
                        handler: HandlerRef::Path(path_segments(&p.path)),
                        range,
                    });
                }
            }
            ("routes", 1) => {
                if let Expr::Macro(mac) = syntax::peel_refs(args[0]) {
                    self.list_items(&mac.mac, items);
                }
            }
            ("fallback", 1) => {
                if let Some(handler) = self.handler(args[0]) {
                    items.push(RouterItem::Fallback { handler, range });
                }
            }
            // salvo: a router serves handlers on its own path and nests children with `push`
            // (`hoop` middleware is read below, with the other layers).
            ("push", 1) if framework == Framework::Salvo => {
                if let Some(inner) = self.router_ref(args[0]) {
                    items.push(RouterItem::Merge { inner });
                }
            }
            ("path", 1) if framework == Framework::Salvo => {
                items.extend(lit(0).map(RouterItem::Prefix));
            }
            (method, 1) if framework == Framework::Salvo && method != "hoop" => {
                let method = match method {
                    "goal" => Some(Method::Any),
                    m => Method::parse(m).filter(|m| *m != Method::Any),
                };
                if let (Some(method), Some(handler)) = (method, self.handler(args[0])) {
                    items.push(RouterItem::Handlers {
                        handlers: vec![(method, handler, range)],
                        range,
                    });
                }
            }
            ("prefix", 1) if framework == Framework::Loco => {
                if let Some(p) = lit(0) {
                    items.push(RouterItem::Prefix(p));
                }
            }
            (
                "layer" | "route_layer" | "wrap" | "wrap_fn" | "with" | "attach" | "around"
                | "hoop",
                _,
            ) => {
                let text = args
                    .iter()
                    .map(|a| token_text(a))
                    .collect::<Vec<_>>()
                    .join(",");
                items.push(RouterItem::Layer { text, range });
            }
            _ => {}
        }
    }

    /// Items of a `routes![a, b]` (rocket) or `routes!(a, b)` (utoipa-axum) list.
    fn list_items(&mut self, mac: &'ast syn::Macro, items: &mut Vec<RouterItem>) {
        let Some(args) = self.cx.macro_args(mac) else {
            return;
        };
        for arg in args {
            if let Expr::Path(p) = arg {
                items.push(RouterItem::Service {
                    handler: HandlerRef::Path(path_segments(&p.path)),
                    range: (self.range)(syntax::report_span(arg)),
                });
            }
        }
    }

    fn nested_chain(&mut self, expr: &'ast Expr) -> Option<RouterChain> {
        match expr {
            Expr::MethodCall(_) | Expr::Call(_) | Expr::Macro(_) => self.read(expr),
            _ => None,
        }
    }

    fn router_ref(&mut self, expr: &'ast Expr) -> Option<RouterRef> {
        let expr = syntax::peel_refs(expr);
        if let Some(chain) = self.nested_chain(expr) {
            if !matches!(chain.root, RouterRoot::Call(_)) || !chain.items.is_empty() {
                return Some(RouterRef::Chain(Box::new(chain)));
            }
        }
        match expr {
            Expr::Call(c) => match &*c.func {
                Expr::Path(p) => Some(RouterRef::Call(path_segments(&p.path))),
                _ => None,
            },
            Expr::Path(p) => Some(match p.path.get_ident() {
                Some(i) if self.cx.local(&i.to_string()).is_some() => {
                    RouterRef::Local(i.to_string())
                }
                _ => RouterRef::Call(path_segments(&p.path)),
            }),
            Expr::MethodCall(m) => self.router_ref(&m.receiver),
            _ => None,
        }
    }

    fn handler(&mut self, expr: &'ast Expr) -> Option<HandlerRef> {
        match syntax::peel_refs(expr) {
            Expr::Path(p) => Some(HandlerRef::Path(path_segments(&p.path))),
            Expr::Closure(c) => Some(HandlerRef::Closure((self.closure)(c))),
            _ => None,
        }
    }

    /// `get(h).post(h2)`, `routing::get(h)`, `on(MethodFilter::GET, h)`, `get_with(h, docs)`,
    /// actix `web::get().to(h)`, `web::route().guard(guard::Post()).to(h)`, `web::to(h)`.
    fn method_router(&mut self, expr: &'ast Expr) -> Vec<(Method, HandlerRef, Range)> {
        let mut out = Vec::new();
        let mut calls = Vec::new();
        let mut cur = syntax::peel_refs(expr);
        while let Expr::MethodCall(m) = cur {
            calls.push(m);
            // A method router is part of its registration, not a router of its own.
            self.consumed.push(cur as *const Expr);
            cur = &m.receiver;
        }
        calls.reverse();
        let mut pending: Option<Method> = None;
        if let Expr::Call(c) = cur {
            if let Expr::Path(p) = &*c.func {
                let name = syntax::last_ident(&p.path);
                let base = name.strip_suffix("_with").unwrap_or(&name);
                let range = (self.range)(syntax::report_span(cur));
                if name == "on" && c.args.len() >= 2 {
                    let method = method_filter(&c.args[0]).unwrap_or(Method::Any);
                    if let Some(h) = self.handler(&c.args[1]) {
                        out.push((method, h, range));
                    }
                } else if name == "to" && c.args.len() == 1 {
                    if let Some(h) = self.handler(&c.args[0]) {
                        out.push((Method::Any, h, range));
                    }
                } else if let Some(method) =
                    Method::parse(base).or((base == "route").then_some(Method::Any))
                {
                    match c.args.first() {
                        Some(arg) => {
                            if let Some(h) = self.handler(arg) {
                                out.push((method, h, range));
                            }
                        }
                        // actix `web::get()`: the handler follows in `.to(h)`.
                        None => pending = Some(method),
                    }
                }
            }
        }
        for m in calls {
            let name = m.method.to_string();
            let base = name.strip_suffix("_with").unwrap_or(&name);
            let range = (self.range)(syntax::method_span(m));
            match (base, m.args.first()) {
                ("to", Some(arg)) => {
                    if let Some(h) = self.handler(arg) {
                        out.push((pending.take().unwrap_or(Method::Any), h, range));
                    }
                }
                ("guard", Some(arg)) => {
                    if let Expr::Call(g) = syntax::peel_refs(arg) {
                        if let Expr::Path(p) = &*g.func {
                            pending = Method::parse(&syntax::last_ident(&p.path)).or(pending);
                        }
                    }
                }
                ("method", Some(arg)) => pending = method_filter(arg).or(pending),
                ("on", _) if m.args.len() >= 2 => {
                    let method = method_filter(&m.args[0]).unwrap_or(Method::Any);
                    if let Some(h) = self.handler(&m.args[1]) {
                        out.push((method, h, range));
                    }
                }
                (b, Some(arg)) => {
                    if let Some(method) = Method::parse(b) {
                        if let Some(h) = self.handler(arg) {
                            out.push((method, h, range));
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }
}

/// Whether `expr` is `OpenApiService::new(..)`.
pub fn is_open_api_service(expr: &Expr) -> bool {
    open_api_types(expr).is_some()
}

/// The API types given to `OpenApiService::new(api, title, version)`: `ItemsApi`,
/// `(ItemsApi, OrdersApi)`, `ItemsApi::new(pool)`, `ItemsApi { db }`.
fn open_api_types(expr: &Expr) -> Option<Vec<String>> {
    let Expr::Call(c) = syntax::peel_refs(expr) else {
        return None;
    };
    let Expr::Path(p) = &*c.func else { return None };
    let mut segs = p.path.segments.iter().rev();
    let (Some(new), Some(ty)) = (segs.next(), segs.next()) else {
        return None;
    };
    if new.ident != "new" || ty.ident != "OpenApiService" {
        return None;
    }
    fn type_of(expr: &Expr) -> Option<String> {
        match syntax::peel_refs(expr) {
            Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            Expr::Struct(s) => s.path.segments.last().map(|s| s.ident.to_string()),
            Expr::Call(c) => match &*c.func {
                Expr::Path(p) => {
                    let n = p.path.segments.len();
                    (n >= 2).then(|| p.path.segments[n - 2].ident.to_string())
                }
                _ => None,
            },
            Expr::Paren(p) => type_of(&p.expr),
            _ => None,
        }
    }
    let types = match c.args.first().map(syntax::peel_refs) {
        Some(Expr::Tuple(t)) => t.elems.iter().filter_map(type_of).collect(),
        Some(arg) => type_of(arg).into_iter().collect(),
        None => Vec::new(),
    };
    Some(types)
}

/// An expression's tokens as text, spaces removed.
fn token_text(expr: &Expr) -> String {
    quote::ToTokens::to_token_stream(expr)
        .to_string()
        .replace(' ', "")
}

/// The guards of an actix route other than its method (`web::get().guard(guard::Header(..))`).
fn route_guards(expr: &Expr) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = syntax::peel_refs(expr);
    while let Expr::MethodCall(m) = cur {
        if m.method == "guard" {
            if let Some(arg) = m.args.first() {
                let method = match syntax::peel_refs(arg) {
                    Expr::Call(g) => match &*g.func {
                        Expr::Path(p) => Method::parse(&syntax::last_ident(&p.path)),
                        _ => None,
                    },
                    _ => None,
                };
                if method.is_none() {
                    out.push(token_text(arg));
                }
            }
        }
        cur = &m.receiver;
    }
    out
}

/// `MethodFilter::GET`, `Method::POST`, `http::Method::PUT`.
fn method_filter(expr: &Expr) -> Option<Method> {
    match syntax::peel_refs(expr) {
        Expr::Path(p) => Method::parse(&syntax::last_ident(&p.path)),
        _ => None,
    }
}

/// Path segments without generic arguments (`handler::<Db>` → `["handler"]`).
pub fn path_segments(path: &syn::Path) -> Vec<String> {
    path.segments.iter().map(|s| s.ident.to_string()).collect()
}
