//! The endpoint model: every HTTP handler of the workspace with its method, full path,
//! framework and registration, built once per run from all files' facts and shared by the rules.

pub mod attrs;
pub mod resolve;
pub mod router;

use crate::facts::FileFacts;
use crate::source::Range;
use attrs::{attr_routes, join_paths, AttrKind};
use resolve::{FnId, Index};
use router::{Framework, HandlerRef, Method, RouterChain, RouterItem, RouterRef, RouterRoot};
use std::collections::{BTreeSet, HashMap, HashSet};

/// How an endpoint was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// `#[endpoint(..)]`.
    Endpoint,
    /// A route attribute (`#[get("/p")]`, `#[oai(..)]`).
    Attribute,
    /// A router registration (`.route("/p", get(h))`, `routes![h]`).
    Router,
}

impl Source {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Endpoint => "endpoint",
            Source::Attribute => "attribute",
            Source::Router => "router",
        }
    }
}

/// One HTTP endpoint: a method on a full path served by a handler.
#[derive(Clone, Debug)]
pub struct Endpoint {
    /// Method.
    pub method: Method,
    /// Full path in `{param}` form.
    pub path: String,
    /// The handler, when resolved.
    pub handler: Option<FnId>,
    /// The handler as a module path (`shop::routes::orders::create`) or as written when unresolved.
    pub handler_name: String,
    /// Framework.
    pub framework: Framework,
    /// How it was found.
    pub source: Source,
    /// File index and range of the registration (route call, attribute).
    pub registration: (usize, Range),
    /// Middleware covering it, as written (`from_fn(require_auth)`).
    pub layers: Vec<String>,
    /// A fallback (not a route of its own: path rules skip it).
    pub fallback: bool,
    /// The outermost router function it was reached from (one no other router uses); `None`
    /// for attribute routes that no router registers. Endpoints of different roots belong to
    /// different applications (e.g. two binaries).
    pub root: Option<FnId>,
    /// Request guards beyond method and path covering it (actix `guard::Host(..)`), as written.
    pub guards: Vec<String>,
    /// Position in the order the application registers its routes (routers as they are
    /// traversed from their roots, then attribute routes no router registers).
    pub order: usize,
}

/// A handler expression that names no function of the workspace.
#[derive(Clone, Debug)]
pub struct Unresolved {
    /// As written.
    pub name: String,
    /// File index and range of the registration.
    pub at: (usize, Range),
}

/// Files, their facts, and the endpoints.
pub struct Model {
    /// Facts of every checked file, in path order.
    pub files: Vec<FileFacts>,
    /// Endpoints, sorted by path, method, handler.
    pub endpoints: Vec<Endpoint>,
    /// Handler expressions that could not be resolved.
    pub unresolved: Vec<Unresolved>,
    /// Lookups over the files, built once for the cross-file rules.
    pub lookup: Lookup,
}

/// Name-keyed tables over every file's facts, so cross-file rules never scan all files per query.
#[derive(Debug, Default)]
pub struct Lookup {
    /// Every module path of the workspace and its ancestors (`app`, `app::routes`, …).
    pub modules: HashSet<String>,
    /// Non-test structs by name: (file index, struct index).
    pub structs: HashMap<String, Vec<(usize, usize)>>,
    /// Names of enums whose variants are all unit variants.
    pub unit_enums: HashSet<String>,
    /// (type name, trait name) of every trait impl.
    pub impls: HashSet<(String, String)>,
    /// Methods by `Self` type name.
    pub methods: HashMap<String, Vec<FnId>>,
}

impl Lookup {
    fn new(files: &[FileFacts]) -> Self {
        let mut l = Lookup::default();
        for (fi, f) in files.iter().enumerate() {
            for m in f
                .modules
                .iter()
                .map(|m| m.path.as_str())
                .chain([f.module.as_str()])
            {
                let mut prefix = String::new();
                for part in m.split("::") {
                    if !prefix.is_empty() {
                        prefix.push_str("::");
                    }
                    prefix.push_str(part);
                    l.modules.insert(prefix.clone());
                }
            }
            if !f.is_test {
                for (i, st) in f.structs.iter().enumerate() {
                    l.structs.entry(st.name.clone()).or_default().push((fi, i));
                }
            }
            for e in f.enums.iter().filter(|e| e.unit_only) {
                l.unit_enums.insert(e.name.clone());
            }
            for imp in &f.impls {
                l.impls
                    .insert((imp.self_ty.clone(), imp.trait_name.clone()));
            }
            for (i, func) in f.fns.iter().enumerate() {
                if let Some(ty) = &func.self_ty {
                    l.methods.entry(ty.clone()).or_default().push((fi, i));
                }
            }
        }
        l
    }
}

impl Model {
    /// Builds the endpoint model over the files' facts.
    pub fn build(mut files: Vec<FileFacts>) -> Model {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let (endpoints, unresolved) = {
            let mut b = Builder::new(&files);
            b.run();
            let mut endpoints = b.endpoints;
            for (i, e) in endpoints.iter_mut().enumerate() {
                e.order = i;
            }
            (endpoints, b.unresolved)
        };
        let lookup = Lookup::new(&files);
        let mut model = Model {
            files,
            endpoints,
            unresolved,
            lookup,
        };
        model.endpoints.sort_by(|a, b| {
            (
                &a.path,
                a.method,
                &a.handler_name,
                a.registration.0,
                a.registration.1,
            )
                .cmp(&(
                    &b.path,
                    b.method,
                    &b.handler_name,
                    b.registration.0,
                    b.registration.1,
                ))
        });
        model
    }

    /// Index for resolving paths over the model's files.
    pub fn index(&self) -> Index<'_> {
        Index::new(&self.files)
    }

    /// The facts of a function.
    pub fn fn_facts(&self, id: FnId) -> &crate::facts::FnFacts {
        &self.files[id.0].fns[id.1]
    }

    /// The endpoints as plain data for reports.
    pub fn endpoint_summaries(&self) -> Vec<EndpointSummary> {
        self.endpoints
            .iter()
            .map(|e| {
                let (file, at) = match e.handler {
                    Some(id) => (
                        &self.files[id.0].path,
                        self.fn_facts(id).name_range.start.line,
                    ),
                    None => (
                        &self.files[e.registration.0].path,
                        e.registration.1.start.line,
                    ),
                };
                EndpointSummary {
                    method: e.method.as_str(),
                    path: e.path.clone(),
                    handler: e.handler_name.clone(),
                    framework: e.framework.as_str(),
                    source: e.source.as_str(),
                    file: file.clone(),
                    line: at,
                }
            })
            .collect()
    }

    /// Unresolved handler expressions, as `file:line: name`.
    pub fn unresolved_summaries(&self) -> Vec<String> {
        self.unresolved
            .iter()
            .map(|u| {
                format!(
                    "{}:{}: {}",
                    self.files[u.at.0].path, u.at.1.start.line, u.name
                )
            })
            .collect()
    }
}

/// An endpoint as reports show it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EndpointSummary {
    /// Method, upper case.
    #[serde(deserialize_with = "crate::cache::endpoint_word")]
    pub method: crate::cache::StaticStr,
    /// Full path.
    pub path: String,
    /// Handler module path.
    pub handler: String,
    /// Framework.
    #[serde(deserialize_with = "crate::cache::endpoint_word")]
    pub framework: crate::cache::StaticStr,
    /// How it was found.
    #[serde(deserialize_with = "crate::cache::endpoint_word")]
    pub source: crate::cache::StaticStr,
    /// File of the handler (or of the registration when unresolved).
    pub file: String,
    /// Line of the handler's name.
    pub line: usize,
}

/// A router after local bindings are joined: a chain's own items, with what it continues.
#[derive(Clone)]
struct Node<'a> {
    chain: &'a RouterChain,
    file: usize,
    base: Vec<Node<'a>>,
    locals: HashMap<String, Node<'a>>,
}

struct Builder<'a> {
    files: &'a [FileFacts],
    index: Index<'a>,
    routers: HashMap<FnId, Vec<Node<'a>>>,
    registered: HashSet<FnId>,
    root: Option<FnId>,
    /// Guards of the chains being flattened, outermost first.
    guards: Vec<String>,
    endpoints: Vec<Endpoint>,
    unresolved: Vec<Unresolved>,
}

impl<'a> Builder<'a> {
    fn new(files: &'a [FileFacts]) -> Self {
        Builder {
            files,
            index: Index::new(files),
            routers: HashMap::new(),
            registered: HashSet::new(),
            root: None,
            guards: Vec::new(),
            endpoints: Vec::new(),
            unresolved: Vec::new(),
        }
    }

    fn run(&mut self) {
        self.group_chains();
        let mut referenced = HashSet::new();
        for nodes in self.routers.values() {
            for node in nodes {
                self.references(node, &mut referenced);
            }
        }
        let mut roots: Vec<FnId> = self
            .routers
            .keys()
            .copied()
            .filter(|id| !referenced.contains(id))
            .collect();
        roots.sort();
        for root in roots {
            self.root = Some(root);
            let nodes = self.routers.get(&root).cloned().unwrap_or_default();
            for node in &nodes {
                self.flatten(node, "", &[], &mut vec![root]);
            }
        }
        self.root = None;
        self.attribute_endpoints();
    }

    /// Joins each function's chains through its local bindings (`let api = Router::new()..;
    /// Router::new().nest("/api", api)`, `app = app.route(..)`) into the routers it exports.
    fn group_chains(&mut self) {
        for (fi, file) in self.files.iter().enumerate() {
            let mut by_owner: HashMap<usize, Vec<&RouterChain>> = HashMap::new();
            for chain in &file.routers {
                if let Some(owner) = chain.owner {
                    by_owner.entry(owner).or_default().push(chain);
                }
            }
            for (owner, mut chains) in by_owner {
                chains.sort_by_key(|c| c.range.start.offset);
                let mut locals: HashMap<String, Node<'a>> = HashMap::new();
                let mut exported = Vec::new();
                for chain in chains {
                    let mut node = Node {
                        chain,
                        file: fi,
                        base: Vec::new(),
                        locals: HashMap::new(),
                    };
                    if let RouterRoot::Local(name) = &chain.root {
                        if let Some(prev) = locals.remove(name) {
                            node.base.push(prev);
                        }
                    }
                    for name in local_refs(chain) {
                        if let Some(prev) = locals.remove(&name) {
                            node.locals.insert(name, prev);
                        }
                    }
                    match &chain.bound_to {
                        Some(name) => {
                            locals.insert(name.clone(), node);
                        }
                        None => exported.push(node),
                    }
                }
                let mut rest: Vec<_> = locals.into_iter().collect();
                rest.sort_by_key(|(_, n)| n.chain.range.start.offset);
                exported.extend(rest.into_iter().map(|(_, n)| n));
                self.routers.insert((fi, owner), exported);
            }
        }
    }

    fn resolve_call(&self, node: &Node, path: &[String]) -> Option<FnId> {
        self.index
            .resolve_fn(path, &node.chain.module, node.chain.self_ty.as_deref())
    }

    fn references(&self, node: &Node<'a>, out: &mut HashSet<FnId>) {
        for base in &node.base {
            self.references(base, out);
        }
        if let RouterRoot::Call(path) = &node.chain.root {
            if let Some(id) = self.resolve_call(node, path) {
                out.insert(id);
            }
        }
        for local in node.locals.values() {
            self.references(local, out);
        }
        self.item_references(node, &node.chain.items, out);
    }

    fn item_references(&self, node: &Node<'a>, items: &'a [RouterItem], out: &mut HashSet<FnId>) {
        for item in items {
            if let RouterItem::Nest { inner, .. } | RouterItem::Merge { inner } = item {
                match inner {
                    RouterRef::Call(path) => {
                        if let Some(id) = self.resolve_call(node, path) {
                            out.insert(id);
                        }
                    }
                    RouterRef::Chain(chain) => {
                        if let RouterRoot::Call(path) = &chain.root {
                            if let Some(id) = self.resolve_call(node, path) {
                                out.insert(id);
                            }
                        }
                        self.item_references(node, &chain.items, out);
                    }
                    RouterRef::Local(_) => {}
                }
            }
        }
    }

    fn flatten(
        &mut self,
        node: &Node<'a>,
        prefix: &str,
        outer_layers: &[String],
        stack: &mut Vec<FnId>,
    ) {
        // The chain's middleware covers the router it continues (`app.layer(..)`).
        let covering = with_own_layers(outer_layers, node.chain);
        for base in &node.base {
            self.flatten(base, prefix, &covering, stack);
        }
        if let RouterRoot::Call(path) = &node.chain.root {
            self.flatten_fn(node, path, prefix, &covering, stack);
        }
        self.flatten_chain(node, node.chain, prefix, outer_layers, stack);
    }

    fn flatten_fn(
        &mut self,
        node: &Node<'a>,
        path: &[String],
        prefix: &str,
        layers: &[String],
        stack: &mut Vec<FnId>,
    ) {
        let Some(id) = self.resolve_call(node, path) else {
            return;
        };
        if stack.contains(&id) {
            return;
        }
        let nodes = self.routers.get(&id).cloned().unwrap_or_default();
        stack.push(id);
        for n in &nodes {
            self.flatten(n, prefix, layers, stack);
        }
        stack.pop();
    }

    fn flatten_chain(
        &mut self,
        node: &Node<'a>,
        chain: &'a RouterChain,
        prefix: &str,
        outer_layers: &[String],
        stack: &mut Vec<FnId>,
    ) {
        let mut base = prefix.to_string();
        match &chain.root {
            RouterRoot::Scope(p) | RouterRoot::Resource(p) => base = join_paths(&base, p),
            _ => {}
        }
        // axum, poem and loco layers wrap what was added before them; actix `wrap`, rocket
        // fairings and salvo `hoop`s cover the whole scope.
        let whole_scope = matches!(
            chain.framework,
            Framework::ActixWeb | Framework::Rocket | Framework::Salvo
        );
        let outer_guards = self.guards.len();
        self.guards
            .extend(chain.items.iter().filter_map(|it| match it {
                RouterItem::Guard(text) => Some(text.clone()),
                _ => None,
            }));
        let layer_at: Vec<(usize, String)> = chain
            .items
            .iter()
            .enumerate()
            .filter_map(|(i, it)| match it {
                RouterItem::Layer { text, .. } => Some((i, text.clone())),
                _ => None,
            })
            .collect();
        for (i, item) in chain.items.iter().enumerate() {
            let mut layers = outer_layers.to_vec();
            layers.extend(
                layer_at
                    .iter()
                    .filter(|(at, _)| whole_scope || *at > i)
                    .map(|(_, t)| t.clone()),
            );
            match item {
                RouterItem::Prefix(p) => base = join_paths(&base, p),
                RouterItem::Route {
                    path,
                    handlers,
                    range,
                } => {
                    let full = join_paths(&base, path);
                    for (method, handler, _) in handlers {
                        self.add(node, chain, *method, &full, handler, *range, &layers, false);
                    }
                }
                RouterItem::Handlers { handlers, range } => {
                    for (method, handler, _) in handlers {
                        self.add(node, chain, *method, &base, handler, *range, &layers, false);
                    }
                }
                RouterItem::Fallback { handler, range } => {
                    self.add(
                        node,
                        chain,
                        Method::Any,
                        &base,
                        handler,
                        *range,
                        &layers,
                        true,
                    );
                }
                RouterItem::Service { handler, range } => {
                    self.service(node, chain, &base, handler, *range, &layers)
                }
                RouterItem::Nest { prefix, inner, .. } => {
                    let p = join_paths(&base, prefix);
                    self.flatten_ref(node, inner, &p, &layers, stack);
                }
                RouterItem::Merge { inner } => {
                    self.flatten_ref(node, inner, &base.clone(), &layers, stack)
                }
                RouterItem::OpenApi { types, range } => {
                    self.open_api(node, chain, &base, types, *range, &layers)
                }
                RouterItem::Layer { .. } | RouterItem::Guard(_) => {}
            }
        }
        self.guards.truncate(outer_guards);
    }

    fn flatten_ref(
        &mut self,
        node: &Node<'a>,
        inner: &'a RouterRef,
        prefix: &str,
        layers: &[String],
        stack: &mut Vec<FnId>,
    ) {
        match inner {
            RouterRef::Chain(chain) => {
                let covering = with_own_layers(layers, chain);
                if let RouterRoot::Call(path) = &chain.root {
                    self.flatten_fn(node, path, prefix, &covering, stack);
                }
                if let RouterRoot::Local(name) = &chain.root {
                    if let Some(local) = node.locals.get(name).cloned() {
                        self.flatten(&local, prefix, &covering, stack);
                    }
                }
                self.flatten_chain(node, chain, prefix, layers, stack);
            }
            RouterRef::Local(name) => {
                if let Some(local) = node.locals.get(name).cloned() {
                    self.flatten(&local, prefix, layers, stack);
                }
            }
            RouterRef::Call(path) => self.flatten_fn(node, path, prefix, layers, stack),
        }
    }

    /// Resolves a handler in the module of the function that wrote the chain (nested chains
    /// carry no module of their own).
    fn handler_id(
        &mut self,
        node: &Node,
        handler: &HandlerRef,
        range: Range,
    ) -> (Option<FnId>, String) {
        let chain = node.chain;
        match handler {
            HandlerRef::Closure(i) => {
                let f = &self.files[node.file].fns[*i];
                (Some((node.file, *i)), format!("{}::{{closure}}", f.module))
            }
            HandlerRef::Path(path) => {
                match self
                    .index
                    .resolve_fn(path, &chain.module, chain.self_ty.as_deref())
                {
                    Some(id) => (Some(id), qualified_name(self.index.fn_facts(id))),
                    None => {
                        let name = path.join("::");
                        self.unresolved.push(Unresolved {
                            name: name.clone(),
                            at: (node.file, range),
                        });
                        (None, name)
                    }
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        node: &Node,
        chain: &RouterChain,
        method: Method,
        path: &str,
        handler: &HandlerRef,
        range: Range,
        layers: &[String],
        fallback: bool,
    ) {
        let (id, handler_name) = self.handler_id(node, handler, range);
        if let Some(id) = id {
            self.registered.insert(id);
        }
        self.endpoints.push(Endpoint {
            method,
            path: attrs::normalize_path(path),
            handler: id,
            handler_name,
            framework: chain.framework,
            source: Source::Router,
            registration: (node.file, range),
            layers: layers.to_vec(),
            fallback,
            root: self.root,
            guards: self.guards.clone(),
            order: 0,
        });
    }

    /// A handler registered by name whose method and path come from its own attributes.
    fn service(
        &mut self,
        node: &Node,
        chain: &RouterChain,
        base: &str,
        handler: &HandlerRef,
        range: Range,
        layers: &[String],
    ) {
        let (Some(id), handler_name) = self.handler_id(node, handler, range) else {
            return;
        };
        let f = self.index.fn_facts(id);
        let routes: Vec<_> = f.attrs.iter().flat_map(|a| attr_routes(f, a)).collect();
        if routes.is_empty() {
            return;
        }
        self.registered.insert(id);
        let declared = routes.iter().any(|r| r.kind == AttrKind::Endpoint);
        // The framework's own attribute says what is served; utoipa's `path` (which repeats the
        // full path, prefix included) and `#[endpoint]` count only when nothing else does.
        let kind = [
            AttrKind::Route,
            AttrKind::Oai,
            AttrKind::Utoipa,
            AttrKind::Endpoint,
        ]
        .into_iter()
        .find(|k| routes.iter().any(|r| r.kind == *k));
        for r in routes.iter().filter(|r| Some(r.kind) == kind) {
            self.endpoints.push(Endpoint {
                method: r.method,
                path: join_paths(base, &r.path),
                handler: Some(id),
                handler_name: handler_name.clone(),
                framework: chain.framework,
                source: if declared {
                    Source::Endpoint
                } else {
                    Source::Router
                },
                registration: (node.file, range),
                layers: layers.to_vec(),
                fallback: false,
                root: self.root,
                guards: self.guards.clone(),
                order: 0,
            });
        }
    }

    /// The `#[oai]` operations of poem-openapi API types, under the prefix the service is
    /// nested at.
    fn open_api(
        &mut self,
        node: &Node,
        chain: &RouterChain,
        base: &str,
        types: &[String],
        range: Range,
        layers: &[String],
    ) {
        // The API types are the registering package's own or a dependency's: another service
        // of the workspace may have an `Api` type of the same name.
        let here = &self.files[node.file].package;
        let visible = |file: &FileFacts| {
            file.package.name == here.name || here.depends_on(&file.package.name.replace('-', "_"))
        };
        for (fi, file) in self.files.iter().enumerate().filter(|(_, f)| visible(f)) {
            for (i, f) in file.fns.iter().enumerate() {
                let serves = f
                    .self_ty
                    .as_ref()
                    .is_some_and(|ty| types.iter().any(|t| t == ty));
                if !serves || f.is_test {
                    continue;
                }
                for r in f.attrs.iter().flat_map(|a| attr_routes(f, a)) {
                    if r.kind != AttrKind::Oai {
                        continue;
                    }
                    self.registered.insert((fi, i));
                    self.endpoints.push(Endpoint {
                        method: r.method,
                        path: join_paths(base, &r.path),
                        handler: Some((fi, i)),
                        handler_name: qualified_name(f),
                        framework: chain.framework,
                        source: Source::Router,
                        registration: (node.file, range),
                        layers: layers.to_vec(),
                        fallback: false,
                        root: self.root,
                        guards: self.guards.clone(),
                        order: 0,
                    });
                }
            }
        }
    }

    /// Functions whose attributes declare a route and that no router registered: actix and
    /// rocket attribute handlers served as-is, poem-openapi operations, `#[endpoint]`.
    fn attribute_endpoints(&mut self) {
        let mut seen: BTreeSet<(String, Method, FnId)> = BTreeSet::new();
        for e in &self.endpoints {
            if let Some(id) = e.handler {
                seen.insert((e.path.clone(), e.method, id));
            }
        }
        for (fi, file) in self.files.iter().enumerate() {
            // Route attributes on test fns serve test apps, not the product.
            for (i, f) in file.fns.iter().enumerate().filter(|(_, f)| !f.is_test) {
                let id = (fi, i);
                for attr in &f.attrs {
                    for r in attr_routes(f, attr) {
                        if r.kind == AttrKind::Utoipa {
                            continue;
                        }
                        let path = attrs::normalize_path(&r.path);
                        if r.kind == AttrKind::Endpoint && self.registered.contains(&id) {
                            // Declared and routed: the router's entry carries it.
                            self.mark_declared(id);
                            continue;
                        }
                        if self.registered.contains(&id)
                            || !seen.insert((path.clone(), r.method, id))
                        {
                            continue;
                        }
                        let framework = match r.kind {
                            AttrKind::Endpoint => Framework::BackendGate,
                            _ => file.framework.unwrap_or(Framework::ActixWeb),
                        };
                        self.endpoints.push(Endpoint {
                            method: r.method,
                            path,
                            handler: Some(id),
                            handler_name: qualified_name(f),
                            framework,
                            source: if r.kind == AttrKind::Endpoint {
                                Source::Endpoint
                            } else {
                                Source::Attribute
                            },
                            registration: (fi, attr.range),
                            layers: Vec::new(),
                            fallback: false,
                            root: None,
                            guards: Vec::new(),
                            order: 0,
                        });
                    }
                }
            }
        }
    }

    fn mark_declared(&mut self, id: FnId) {
        for e in self.endpoints.iter_mut().filter(|e| e.handler == Some(id)) {
            e.source = Source::Endpoint;
        }
    }
}

/// `module::Type::name` of a function.
pub fn qualified_name(f: &crate::facts::FnFacts) -> String {
    match &f.self_ty {
        Some(ty) => format!("{}::{ty}::{}", f.module, f.name),
        None => format!("{}::{}", f.module, f.name),
    }
}

/// `layers` and the middleware a chain applies: all of it covers what the chain starts from.
fn with_own_layers(layers: &[String], chain: &RouterChain) -> Vec<String> {
    let own = chain.items.iter().filter_map(|it| match it {
        RouterItem::Layer { text, .. } => Some(text.clone()),
        _ => None,
    });
    layers.iter().cloned().chain(own).collect()
}

fn local_refs(chain: &RouterChain) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(items: &[RouterItem], out: &mut Vec<String>) {
        for item in items {
            if let RouterItem::Nest { inner, .. } | RouterItem::Merge { inner } = item {
                match inner {
                    RouterRef::Local(name) => out.push(name.clone()),
                    RouterRef::Chain(c) => {
                        if let RouterRoot::Local(name) = &c.root {
                            out.push(name.clone());
                        }
                        walk(&c.items, out);
                    }
                    RouterRef::Call(_) => {}
                }
            }
        }
    }
    walk(&chain.items, &mut out);
    out
}
#[cfg(test)]
mod tests;
