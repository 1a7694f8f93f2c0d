//! Builds a file's [`FileFacts`] during the walk: the walker calls these hooks at the same
//! nodes it hands to the rules, so facts cost no extra traversal.

use super::db::{call_span, db_call};
use super::{
    AttrFact, EnumFacts, Event, EventKind, FileFacts, FnFacts, ImplFacts, ModuleFacts, ParamFact,
    StructFacts, TableFacts, TypeRef,
};
use crate::endpoints::router::{Branch, ChainReader};
use crate::imports::ImportScope;
use crate::source::{Range, SourceText};
use crate::syntax;
use crate::walk::{Cx, FileInfo, FnNode};
use quote::ToTokens;
use std::collections::HashMap;
use syn::spanned::Spanned;
use syn::Expr;

/// The contract of backend-gate's `#[endpoint(...)]` on a fn, read with the proc macro's own
/// grammar and checks: `None` when the fn has no such attribute or the compiler rejects it.
fn endpoint_contract(node: &FnNode) -> Option<backend_gate_grammar::EndpointContract> {
    let attr = node
        .attrs
        .iter()
        .find(|a| backend_gate_grammar::is_endpoint_path(a.path()))?;
    backend_gate_grammar::EndpointContract::from_attribute(attr, node.sig).ok()
}

/// The types an extractor impl extracts in turn: `OrgHeaders::from_request(req)`,
/// `<AuthUser as FromRequestParts<S>>::from_request_parts(..)`, `req.guard::<Headers>()`,
/// `parts.extract::<TypedHeader<Authorization<Bearer>>>()`.
#[derive(Default)]
struct Extracted(Vec<String>);

impl<'ast> syn::visit::Visit<'ast> for Extracted {
    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        if let Expr::Path(p) = &*c.func {
            let segs = &p.path.segments;
            let called = segs.last().map(|s| s.ident.to_string());
            if matches!(
                called.as_deref(),
                Some("from_request" | "from_request_parts")
            ) {
                let ty = match &p.qself {
                    Some(q) => Some(syntax::type_name(&q.ty)),
                    None => (segs.len() >= 2).then(|| segs[segs.len() - 2].ident.to_string()),
                };
                self.0.extend(ty);
            }
        }
        syn::visit::visit_expr_call(self, c);
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        let turbofish = ["guard", "extract", "extract_parts", "extract_with_state"];
        if turbofish.iter().any(|t| m.method == t) {
            if let Some(args) = &m.turbofish {
                for arg in &args.args {
                    if let syn::GenericArgument::Type(ty) = arg {
                        self.0.push(syntax::type_name(ty));
                    }
                }
            }
        }
        syn::visit::visit_expr_method_call(self, m);
    }

    /// `try_outcome!(OrgHeaders::from_request(request).await)`: arguments of expression-like
    /// macros are code too.
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let parser = syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated;
        if let Ok(args) = mac.parse_body_with(parser) {
            let mut inner = Extracted::default();
            for arg in &args {
                syn::visit::Visit::visit_expr(&mut inner, arg);
            }
            self.0.extend(inner.0);
        }
    }
}

/// `prefix_path` of poem-openapi's `#[OpenApi(prefix_path = "/p", ..)]` on an impl: poem
/// serves every `#[oai]` operation of the impl under it.
fn openapi_prefix(attrs: &[syn::Attribute]) -> Option<String> {
    let attr = attrs
        .iter()
        .find(|a| syntax::last_ident(a.path()) == "OpenApi")?;
    let mut prefix = None;
    let _ = attr.parse_nested_meta(|meta| {
        if meta.path.is_ident("prefix_path") {
            prefix = Some(meta.value()?.parse::<syn::LitStr>()?.value());
        } else if meta.input.peek(syn::Token![=]) {
            meta.value()?.parse::<Expr>()?;
        }
        Ok(())
    });
    prefix
}

/// Attributes that never matter to endpoints.
const IGNORED_ATTRS: &[&str] = &[
    "doc",
    "cfg",
    "cfg_attr",
    "allow",
    "warn",
    "deny",
    "expect",
    "must_use",
    "inline",
    "deprecated",
    "derive",
];

/// Traits whose implementations make a type an extractor.
const EXTRACTOR_TRAITS: &[&str] = &[
    "FromRequest",
    "FromRequestParts",
    "OptionalFromRequestParts",
];

/// Words that show an extractor reads credentials (`auth` also covers extractors built on
/// another auth extractor: `AuthUser::from_request_parts(..)`).
const CREDENTIAL_WORDS: &[&str] = &[
    "auth",
    "authorization",
    "bearer",
    "cookie",
    "session",
    "token",
    "jwt",
    "api_key",
    "apikey",
    "x-api-key",
    "claims",
    // Extractors that take the user a middleware authenticated and reject without one
    // (`Err(IncorrectLogin)`, `StatusCode::UNAUTHORIZED`).
    "login",
    "unauthorized",
    "unauthenticated",
];

/// Header names whose value is a credential (lower case).
const CREDENTIAL_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-api-key",
    "api-key",
    "apikey",
    "x-auth-token",
    "x-access-token",
];

/// Accumulates the facts of one file.
pub struct Collector<'s> {
    facts: FileFacts,
    source: &'s SourceText,
    modules: Vec<String>,
    fn_stack: Vec<usize>,
    closures: HashMap<*const syn::ExprClosure, usize>,
    consumed: Vec<*const Expr>,
    binding: Option<(*const Expr, String)>,
    impl_types: Vec<Option<String>>,
    /// `prefix_path` of poem-openapi's `#[OpenApi(..)]` on each enclosing impl.
    openapi_prefixes: Vec<Option<String>>,
    /// For each enclosing impl, whether it implements a trait (its methods are then public).
    trait_impls: Vec<bool>,
}

impl<'s> Collector<'s> {
    /// Starts the facts of a file.
    pub fn new(info: &FileInfo, source: &'s SourceText) -> Self {
        Collector {
            facts: FileFacts {
                path: info.path.clone(),
                module: info.module.clone(),
                package: info.package.clone(),
                is_test: info.is_test,
                framework: None,
                modules: Vec::new(),
                fns: Vec::new(),
                structs: Vec::new(),
                enums: Vec::new(),
                impls: Vec::new(),
                routers: Vec::new(),
                test_mentions: Vec::new(),
                tables: Vec::new(),
                suppressions: Default::default(),
            },
            source,
            modules: vec![info.module.clone()],
            fn_stack: Vec::new(),
            closures: HashMap::new(),
            consumed: Vec::new(),
            binding: None,
            impl_types: Vec::new(),
            openapi_prefixes: Vec::new(),
            trait_impls: Vec::new(),
        }
    }

    /// The collected facts.
    pub fn finish(self) -> FileFacts {
        self.facts
    }

    fn range(&self, span: proc_macro2::Span) -> Range {
        self.source.range(span)
    }

    fn module(&self) -> String {
        self.modules.last().cloned().unwrap_or_default()
    }

    fn current(&mut self) -> Option<&mut FnFacts> {
        let i = *self.fn_stack.last()?;
        self.facts.fns.get_mut(i)
    }

    /// Records the framework the file uses (once its imports are in scope).
    pub fn set_framework(&mut self, cx: &Cx) {
        self.facts.framework = crate::endpoints::router::file_framework(cx);
    }

    /// Records the imports of the file's module (`inline = None`) or of an inline module.
    pub fn enter_module(&mut self, inline: Option<&str>, scope: &ImportScope) {
        let path = match inline {
            Some(name) => format!("{}::{name}", self.module()),
            None => self.module(),
        };
        self.facts.modules.push(ModuleFacts {
            path: path.clone(),
            imports: scope.names(),
            globs: scope.globs().to_vec(),
        });
        if inline.is_some() {
            self.modules.push(path);
        }
    }

    /// Leaves an inline module.
    pub fn exit_module(&mut self) {
        self.modules.pop();
    }

    /// Enters an `impl` block.
    pub fn enter_impl(&mut self, cx: &Cx, item: &syn::ItemImpl) {
        let self_ty = syntax::type_name(&item.self_ty);
        if let Some((_, path, _)) = &item.trait_ {
            let trait_name = syntax::last_ident(path);
            let trait_args = path
                .segments
                .last()
                .map(|s| generic_types(cx, &s.arguments))
                .unwrap_or_default();
            let extractor_text = EXTRACTOR_TRAITS
                .contains(&trait_name.as_str())
                .then(|| item.to_token_stream().to_string().to_ascii_lowercase());
            let mentions = |words: &[&str]| {
                extractor_text
                    .as_deref()
                    .is_some_and(|t| words.iter().any(|w| t.contains(w)))
            };
            let reads_credentials = mentions(CREDENTIAL_WORDS);
            let validates = mentions(&["validate"]);
            let extracts = if extractor_text.is_some() {
                let mut found = Extracted::default();
                syn::visit::visit_item_impl(&mut found, item);
                found.0
            } else {
                Vec::new()
            };
            self.facts.impls.push(ImplFacts {
                trait_name,
                trait_args,
                self_ty: self_ty.clone(),
                module: self.module(),
                reads_credentials,
                validates,
                extracts,
                is_test: cx.in_test(),
            });
        }
        self.impl_types.push(Some(self_ty));
        self.trait_impls.push(item.trait_.is_some());
        self.openapi_prefixes.push(openapi_prefix(&item.attrs));
    }

    /// Leaves an `impl` block.
    pub fn exit_impl(&mut self) {
        self.impl_types.pop();
        self.trait_impls.pop();
        self.openapi_prefixes.pop();
    }

    /// Records a struct.
    pub fn item_struct(&mut self, cx: &Cx, s: &syn::ItemStruct) {
        let derives = s
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("derive"))
            .filter_map(|a| {
                a.parse_args_with(
                    syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
                )
                .ok()
            })
            .flat_map(|paths| {
                paths
                    .into_iter()
                    .map(|p| syntax::last_ident(&p))
                    .collect::<Vec<_>>()
            })
            .collect();
        let fields = s
            .fields
            .iter()
            .filter_map(|f| Some((f.ident.as_ref()?.to_string(), type_ref(cx, &f.ty))))
            .collect();
        let self_validating =
            s.attrs.iter().any(|a| {
                attr_mentions(a, "serde", "try_from") || attr_mentions(a, "nutype", "validate")
            }) || s.fields.iter().flat_map(|f| &f.attrs).any(|a| {
                attr_mentions(a, "field", "validate") || attr_mentions(a, "oai", "validator")
            });
        self.facts.structs.push(StructFacts {
            name: s.ident.to_string(),
            module: self.module(),
            derives,
            fields,
            range: self.range(s.ident.span()),
            self_validating,
            table: s.attrs.iter().find_map(table_name),
            is_test: cx.in_test(),
        });
    }

    /// Records a macro invocation at item level: diesel `table!` schemas.
    pub fn item_macro(&mut self, m: &syn::ItemMacro) {
        if syntax::last_ident(&m.mac.path) != "table" {
            return;
        }
        // A `table!` of some other crate, or one this grammar does not know, declares nothing.
        let Ok(tables) = m.mac.parse_body_with(crate::facts::schema::parse_tables) else {
            return;
        };
        let module = self.module();
        for t in tables {
            self.facts.tables.push(TableFacts {
                name: t.name,
                module: module.clone(),
                primary_key: t.primary_key,
                columns: t.columns,
                range: self.range(t.span),
            });
        }
    }

    /// Records an enum.
    pub fn item_enum(&mut self, e: &syn::ItemEnum) {
        self.facts.enums.push(EnumFacts {
            name: e.ident.to_string(),
            module: self.module(),
            unit_only: e
                .variants
                .iter()
                .all(|v| matches!(v.fields, syn::Fields::Unit)),
            statuses: e
                .variants
                .iter()
                .flat_map(|v| &v.attrs)
                .filter(|a| matches!(syntax::last_ident(a.path()).as_str(), "oai" | "response"))
                .filter_map(declared_status)
                .collect(),
        });
    }

    /// Records `let <pat> = <init>` inside a function when the value comes from other locals
    /// (`let user = body.into_inner();`, `let creds = Credentials { name: form.0.name, .. };`).
    pub fn local(&mut self, pat: &syn::Pat, init: &Expr) {
        if self.fn_stack.is_empty() {
            return;
        }
        let mut sources: Vec<String> = match syntax::peel_refs(init) {
            Expr::Struct(st) => st
                .fields
                .iter()
                .filter_map(|f| root_local(&f.expr))
                .collect(),
            Expr::Tuple(t) => t.elems.iter().filter_map(root_local).collect(),
            other => root_local(other).into_iter().collect(),
        };
        sources.sort();
        sources.dedup();
        let range = self.range(init.span());
        for name in pat_names(pat) {
            for from in &sources {
                if name != *from {
                    let kind = EventKind::Bind {
                        name: name.clone(),
                        from: from.clone(),
                    };
                    self.event(kind, String::new(), range);
                }
            }
        }
    }

    /// Enters a function with a body.
    pub fn enter_fn(&mut self, cx: &Cx, node: &FnNode, item_span: proc_macro2::Span) {
        // Fns nested in fns belong to the module too; their own facts start fresh.
        let self_ty = if self.fn_stack.is_empty() {
            self.impl_types.last().cloned().flatten()
        } else {
            None
        };
        let attrs = node
            .attrs
            .iter()
            .filter(|a| {
                let name = syntax::last_ident(a.path());
                !IGNORED_ATTRS.contains(&name.as_str())
            })
            .map(|a| AttrFact {
                path: a
                    .path()
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect(),
                args: match &a.meta {
                    syn::Meta::List(l) => l.tokens.to_string(),
                    syn::Meta::NameValue(nv) => nv.value.to_token_stream().to_string(),
                    syn::Meta::Path(_) => String::new(),
                },
                range: self.range(a.span()),
            })
            .collect();
        let params = node
            .sig
            .inputs
            .iter()
            .filter_map(|input| match input {
                syn::FnArg::Typed(pt) => Some(ParamFact {
                    names: pat_names(&pt.pat),
                    ty: type_ref(cx, &pt.ty),
                    range: self.range(pt.span()),
                }),
                syn::FnArg::Receiver(_) => None,
            })
            .collect();
        let f = FnFacts {
            name: node.sig.ident.to_string(),
            module: self.module(),
            self_ty,
            name_range: self.range(node.sig.ident.span()),
            range: self.range(item_span),
            is_async: node.sig.asyncness.is_some(),
            is_test: cx.in_test() || syntax::has_test_attr(node.attrs),
            documented: node.attrs.iter().any(|a| a.path().is_ident("doc")),
            attrs,
            params,
            ret: match &node.sig.output {
                syn::ReturnType::Type(_, ty) => Some(type_ref(cx, ty)),
                syn::ReturnType::Default => None,
            },
            events: Vec::new(),
            complexity: 1,
            statements: 0,
            contract: endpoint_contract(node),
            is_pub: node.public || self.trait_impls.last().is_some_and(|&t| t),
            openapi_prefix: self.openapi_prefixes.last().cloned().flatten(),
        };
        self.fn_stack.push(self.facts.fns.len());
        self.facts.fns.push(f);
    }

    /// Leaves a function.
    pub fn exit_fn(&mut self) {
        self.fn_stack.pop();
    }

    /// Enters a closure; handler closures get facts of their own. Returns whether it did.
    pub fn enter_closure(&mut self, c: &syn::ExprClosure) -> bool {
        match self.closures.get(&(c as *const _)) {
            Some(&i) => {
                self.fn_stack.push(i);
                true
            }
            None => false,
        }
    }

    /// Leaves a handler closure entered with [`Collector::enter_closure`].
    pub fn exit_closure(&mut self) {
        self.fn_stack.pop();
    }

    /// Counts the statements of a block into the current fn.
    pub fn block(&mut self, block: &syn::Block) {
        let n = block.stmts.len() as u32;
        if let Some(f) = self.current() {
            f.statements += n;
        }
    }

    /// The next expression is the value of binding `name` (`let name = ..` or `name = ..`).
    pub fn bind_next(&mut self, expr: &Expr, name: String) {
        self.binding = Some((expr as *const Expr, name));
    }

    /// Records what an expression contributes: router chains, events, complexity, test mentions.
    pub fn expr<'ast>(&mut self, cx: &Cx<'ast>, expr: &'ast Expr) {
        if cx.in_test() {
            self.mention(cx, expr);
        }
        // Routers built in tests (test apps) serve no production endpoint.
        if !cx.in_test() {
            self.router(cx, expr);
        }
        self.complexity(expr);
        if self.fn_stack.is_empty() {
            return;
        }
        if let Some(call) = db_call(cx, expr) {
            let range = self.range(call_span(expr));
            self.event(
                EventKind::Db {
                    library: call.library,
                    write: call.write,
                    insert: call.insert,
                },
                call.evidence,
                range,
            );
        }
        match expr {
            Expr::MethodCall(m) => {
                if reads_credential(m) {
                    let range = self.range(syntax::method_span(m));
                    self.event(EventKind::Credential, format!(".{}(..)", m.method), range);
                }
                if (m.method == "unwrap" && m.args.is_empty())
                    || (m.method == "expect" && m.args.len() == 1)
                {
                    let range = self.range(syntax::method_span(m));
                    self.event(EventKind::Panic, panic_evidence(m), range);
                }
                let method = m.method.to_string();
                if is_audit_call(&method) || mentions_audit(&m.receiver) {
                    let range = self.range(syntax::method_span(m));
                    self.event(EventKind::Log, format!(".{method}(..)"), range);
                }
                if let Some(receiver) = value_root(&m.receiver) {
                    let range = self.range(syntax::method_span(m));
                    self.event(
                        EventKind::MethodOn { receiver, method },
                        String::new(),
                        range,
                    );
                }
            }
            Expr::Call(c) => {
                if let Expr::Path(p) = &*c.func {
                    let path = cx.resolve(&p.path);
                    let range = self.range(c.func.span());
                    if p.path
                        .segments
                        .iter()
                        .any(|s| is_audit_call(&s.ident.to_string()))
                    {
                        self.event(EventKind::Log, format!("{}(..)", path.join("::")), range);
                    }
                    let args = c.args.iter().filter_map(value_root).collect();
                    // `StatusCode::from_u16(201)`, rocket `Status::new(201)`.
                    if matches!(path.last().map(String::as_str), Some("from_u16" | "new"))
                        && path.iter().any(|s| s == "StatusCode" || s == "Status")
                    {
                        let code = c.args.first().and_then(|a| match a {
                            Expr::Lit(syn::ExprLit {
                                lit: syn::Lit::Int(i),
                                ..
                            }) => i.base10_parse::<u16>().ok(),
                            _ => None,
                        });
                        if let Some(code) = code {
                            self.status(code, path.join("::"), range);
                        }
                    }
                    // The evidence of a call is its path: rules join it when they report.
                    self.event(EventKind::Call { path, args }, String::new(), range);
                }
            }
            // Status names have a type before them (`StatusCode::CREATED`): single names
            // (locals, mostly) are not resolved.
            Expr::Path(p) if p.path.segments.len() >= 2 => {
                let path = cx.resolve(&p.path);
                if let Some((code, evidence)) = named_status(cx, &path) {
                    let range = self.range(p.span());
                    self.status(code, evidence, range);
                }
            }
            // `if let Some(email) = &body.email { .. }` binds `email` from `body`.
            Expr::Let(l) => self.local(&l.pat, &l.expr),
            Expr::If(i) => {
                if let Some(receiver) = field_receiver(&i.cond) {
                    if rejects(i) {
                        let range = self.range(i.if_token.span);
                        self.event(EventKind::GuardOn { receiver }, String::new(), range);
                    }
                }
            }
            // `match form.kind.as_str() { "a" => .., other => return Err(..) }`
            Expr::Match(m) => {
                if let Some(receiver) = field_receiver(&m.expr) {
                    if m.arms.iter().any(|a| arm_rejects(&a.body)) {
                        let range = self.range(m.match_token.span);
                        self.event(EventKind::GuardOn { receiver }, String::new(), range);
                    }
                }
            }
            _ => {}
        }
    }

    /// Records a macro invocation inside a function (panics, log events).
    pub fn mac<'ast>(&mut self, cx: &Cx<'ast>, mac: &'ast syn::Macro) {
        if self.fn_stack.is_empty() {
            return;
        }
        let name = syntax::last_ident(&mac.path);
        let range = self.range(mac.path.span());
        match name.as_str() {
            "panic" | "todo" | "unimplemented" | "unreachable" => {
                self.event(EventKind::Panic, format!("{name}!"), range)
            }
            "trace" | "debug" | "info" | "warn" | "error" | "event" => {
                let path = cx.resolve(&mac.path);
                if path.len() == 1
                    || path
                        .first()
                        .is_some_and(|s| matches!(s.as_str(), "tracing" | "log"))
                {
                    self.event(EventKind::Log, format!("{name}!"), range);
                }
            }
            _ => {}
        }
        // `ensure!(body.name.len() <= 100, ApiError::BadRequest)` returns early like an `if`.
        if name == "ensure" {
            let receiver = cx
                .macro_args(mac)
                .and_then(|args| args.first())
                .and_then(field_receiver);
            if let Some(receiver) = receiver {
                self.event(EventKind::GuardOn { receiver }, String::new(), range);
            }
        }
        if cx.in_test() {
            if let Some(args) = cx.macro_args(mac) {
                for a in args {
                    if let Some((s, _)) = syntax::string_lit(a) {
                        self.facts.test_mentions.push(s);
                    }
                }
            }
        }
    }

    /// Records `let _ = <call of a path>;`: whether it throws away a database error depends on
    /// what the called function does, known only in the cross-file phase.
    pub fn discard(&mut self, path: Vec<String>, span: proc_macro2::Span) {
        let range = self.range(span);
        let evidence = path.join("::");
        self.event(EventKind::Discard { path }, evidence, range);
    }

    /// Records `let _ = <call>;` and `<call>.ok();` that drop the `Result` of a DB or I/O call.
    pub fn swallowed(&mut self, what: &str, span: proc_macro2::Span) {
        let range = self.range(span);
        self.event(EventKind::Swallowed, what.to_string(), range);
    }

    /// Records a status the code produces: 201 as [`EventKind::Created`], other success and
    /// redirect codes (but 200, the default) as [`EventKind::Status`].
    fn status(&mut self, code: u16, evidence: String, range: Range) {
        match code {
            201 => self.event(EventKind::Created, evidence, range),
            202..=399 => self.event(EventKind::Status { code }, evidence, range),
            _ => {}
        }
    }

    fn event(&mut self, kind: EventKind, evidence: String, range: Range) {
        if let Some(f) = self.current() {
            f.events.push(Event {
                kind,
                evidence,
                range,
            });
        }
    }

    fn complexity(&mut self, expr: &Expr) {
        let add = match expr {
            Expr::If(_) | Expr::While(_) | Expr::ForLoop(_) | Expr::Loop(_) => 1,
            Expr::Match(m) => m.arms.len().saturating_sub(1) as u32,
            Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_) | syn::BinOp::Or(_)) => 1,
            _ => 0,
        };
        if add > 0 {
            if let Some(f) = self.current() {
                f.complexity += add;
            }
        }
    }

    fn mention(&mut self, cx: &Cx, expr: &Expr) {
        match expr {
            Expr::Lit(l) => {
                if let syn::Lit::Str(s) = &l.lit {
                    self.facts.test_mentions.push(s.value());
                }
            }
            Expr::Path(p) => {
                if let Some(last) = cx.resolve(&p.path).last() {
                    self.facts.test_mentions.push(last.clone());
                }
            }
            _ => {}
        }
    }

    fn router<'ast>(&mut self, cx: &Cx<'ast>, expr: &'ast Expr) {
        let candidate = match expr {
            Expr::MethodCall(_) => !self.consumed.contains(&(expr as *const Expr)),
            Expr::Macro(m) => {
                syntax::last_ident(&m.mac.path) == "routes"
                    && !self.consumed.contains(&(expr as *const Expr))
            }
            // `let api = OpenApiService::new(Api, "title", "1.0");` serves its API types even
            // without a method chained to it.
            Expr::Call(_) => {
                crate::endpoints::router::is_open_api_service(expr)
                    && !self.consumed.contains(&(expr as *const Expr))
            }
            _ => false,
        };
        if !candidate || !crate::endpoints::router::may_be_router(expr) {
            return;
        }
        let Some(framework) = self.facts.framework else {
            return;
        };
        let owner = self.fn_stack.first().copied();
        let module = self.module();
        let self_ty = self.impl_types.last().cloned().flatten();
        let source = self.source;
        let range = |span| source.range(span);
        let fns = &mut self.facts.fns;
        let closures = &mut self.closures;
        let modules = &module;
        let mut register = |c: &'ast syn::ExprClosure| -> usize {
            let i = fns.len();
            fns.push(FnFacts {
                name: "{closure}".into(),
                module: modules.clone(),
                self_ty: None,
                name_range: source.range(c.or1_token.span),
                range: source.range(c.span()),
                is_async: c.asyncness.is_some() || matches!(&*c.body, Expr::Async(_)),
                is_test: cx.in_test(),
                documented: false,
                attrs: Vec::new(),
                params: c
                    .inputs
                    .iter()
                    .map(|p| ParamFact {
                        names: pat_names(p),
                        ty: match p {
                            syn::Pat::Type(pt) => type_ref(cx, &pt.ty),
                            _ => TypeRef::default(),
                        },
                        range: source.range(p.span()),
                    })
                    .collect(),
                ret: None,
                events: Vec::new(),
                complexity: 1,
                statements: 0,
                contract: None,
                is_pub: false,
                openapi_prefix: None,
            });
            closures.insert(c as *const _, i);
            i
        };
        let mut reader = ChainReader {
            cx,
            framework,
            range: &range,
            closure: &mut register,
            consumed: &mut self.consumed,
        };
        let Some(mut chain) = reader.read(expr) else {
            return;
        };
        chain.owner = owner;
        chain.module = module;
        chain.self_ty = self_ty;
        chain.branch = branch_of(cx, expr, |span| self.range(span).start.offset);
        if let Some((ptr, name)) = self.binding.take() {
            if std::ptr::eq(ptr, expr) {
                chain.bound_to = Some(name);
            }
        }
        self.facts.routers.push(chain);
    }
}

/// The `if`/`match` arms and the `return` around `expr`, up to the closure or fn it is in.
fn branch_of(cx: &Cx, expr: &Expr, offset: impl Fn(proc_macro2::Span) -> usize) -> Branch {
    let mut branch = Branch::default();
    let mut child = expr;
    for a in cx.ancestors() {
        match a {
            Expr::If(i) if !std::ptr::eq(&*i.cond, child) => {
                let in_else = i
                    .else_branch
                    .as_ref()
                    .is_some_and(|(_, e)| std::ptr::eq(&**e, child));
                branch
                    .arms
                    .push((offset(i.if_token.span), u32::from(in_else)));
            }
            Expr::Match(m) => {
                if let Some(k) = m
                    .arms
                    .iter()
                    .position(|arm| std::ptr::eq(&*arm.body, child))
                {
                    let k = u32::try_from(k).unwrap_or(u32::MAX);
                    branch.arms.push((offset(m.match_token.span), k));
                }
            }
            Expr::Return(r) if branch.returned.is_none() => {
                branch.returned = Some(offset(r.return_token.span));
            }
            // A closure's branches are not its fn's.
            Expr::Closure(_) | Expr::Async(_) => break,
            _ => {}
        }
        child = a;
    }
    branch
}

/// Words that name an audit-trail call (`audit(..)`, `record_audit(..)`, `audit_log.write(..)`,
/// `state.audit.record(..)`); a fixed list until configuration can extend it.
pub const AUDIT_WORDS: &[&str] = &["audit", "audits"];

/// Whether a function, method or field name is about the audit trail.
fn is_audit_call(name: &str) -> bool {
    // Most names do not contain the letters at all: check that before splitting into words.
    name.as_bytes()
        .windows(5)
        .any(|w| w.eq_ignore_ascii_case(b"audit"))
        && syntax::words(name)
            .iter()
            .any(|w| AUDIT_WORDS.contains(&w.as_str()))
}

/// Whether a method's receiver names the audit trail (`audit_log`, `state.audit`, `self.audits()`).
fn mentions_audit(expr: &Expr) -> bool {
    match syntax::peel_refs(expr) {
        Expr::Path(p) => p
            .path
            .get_ident()
            .is_some_and(|i| is_audit_call(&i.to_string())),
        Expr::Field(f) => {
            matches!(&f.member, syn::Member::Named(n) if is_audit_call(&n.to_string()))
                || mentions_audit(&f.base)
        }
        Expr::MethodCall(m) => is_audit_call(&m.method.to_string()) || mentions_audit(&m.receiver),
        Expr::Await(a) => mentions_audit(&a.base),
        Expr::Try(t) => mentions_audit(&t.expr),
        _ => false,
    }
}

/// `.unwrap()`/`.expect(..)` with the call it unwraps (`.lock().unwrap()`,
/// `Uuid::parse_str(..).unwrap()`, `.await.expect(..)`), so rules can tell what may panic.
fn panic_evidence(m: &syn::ExprMethodCall) -> String {
    let this = if m.method == "unwrap" {
        ".unwrap()"
    } else {
        ".expect(..)"
    };
    let args = |n: usize| if n == 0 { "()" } else { "(..)" };
    let on = match &*m.receiver {
        Expr::MethodCall(r) => format!(".{}{}", r.method, args(r.args.len())),
        Expr::Call(c) => match &*c.func {
            Expr::Path(p) => format!(
                "{}{}",
                syntax::path_tail(&p.path, 2).join("::"),
                args(c.args.len())
            ),
            _ => String::new(),
        },
        Expr::Await(_) => ".await".into(),
        _ => String::new(),
    };
    format!("{on}{this}")
}

/// The success or redirect status a path names, with the path for messages:
/// `StatusCode::CREATED`, actix `HttpResponse::NoContent`, rocket `Status::Accepted` and
/// `status::Created`, `Redirect::to` (303) & co.
fn named_status(cx: &Cx, path: &[String]) -> Option<(u16, String)> {
    let rocket = || path.first().is_some_and(|s| s == "rocket") || cx.uses_crate("rocket");
    for (i, pair) in path.windows(2).enumerate() {
        let (ty, name) = (pair[0].as_str(), pair[1].as_str());
        let code = match ty {
            "StatusCode" | "HttpResponse" => status_code(name),
            // A domain enum may be called `Status` too (`Status::Created` of an order).
            "Status" | "status" if rocket() => status_code(name),
            "Redirect" => match name {
                "to" | "see_other" => Some(303),
                "found" => Some(302),
                "temporary" => Some(307),
                "permanent" => Some(308),
                "moved" => Some(301),
                _ => None,
            },
            _ => None,
        };
        if let Some(code) = code {
            return Some((code, path[i..].join("::")));
        }
    }
    None
}

/// The code of a status name in any case style (`NO_CONTENT`, `NoContent`).
fn status_code(name: &str) -> Option<u16> {
    let key: String = name
        .chars()
        .filter(|c| *c != '_')
        .collect::<String>()
        .to_ascii_lowercase();
    Some(match key.as_str() {
        "ok" => 200,
        "created" => 201,
        "accepted" => 202,
        "nocontent" => 204,
        "resetcontent" => 205,
        "movedpermanently" => 301,
        "found" => 302,
        "seeother" => 303,
        "temporaryredirect" => 307,
        "permanentredirect" => 308,
        _ => return None,
    })
}

/// The `status = 201` of a response attribute.
fn declared_status(attr: &syn::Attribute) -> Option<u16> {
    let text = attr.meta.require_list().ok()?.tokens.to_string();
    let at = text.find("status")?;
    let rest = text[at + "status".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let digits: String = rest
        .trim_start_matches('"')
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// A type with its path resolved through the imports in scope.
pub fn type_ref(cx: &Cx, ty: &syn::Type) -> TypeRef {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            let args = p
                .path
                .segments
                .last()
                .map(|s| generic_types(cx, &s.arguments))
                .unwrap_or_default();
            // `Json<CreateUser>`: built from the parts, cheaper than printing the tokens.
            let mut text = syntax::last_ident(&p.path);
            if !args.is_empty() {
                let inner: Vec<&str> = args.iter().map(|a: &TypeRef| a.text.as_str()).collect();
                text = format!("{text}<{}>", inner.join(", "));
            }
            TypeRef {
                path: cx.resolve(&p.path),
                args,
                text,
            }
        }
        syn::Type::Reference(r) => type_ref(cx, &r.elem),
        syn::Type::Paren(p) => type_ref(cx, &p.elem),
        syn::Type::Group(g) => type_ref(cx, &g.elem),
        _ => TypeRef {
            text: ty.to_token_stream().to_string(),
            ..TypeRef::default()
        },
    }
}

fn generic_types(cx: &Cx, args: &syn::PathArguments) -> Vec<TypeRef> {
    match args {
        syn::PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|g| match g {
                syn::GenericArgument::Type(t) => Some(type_ref(cx, t)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Names bound by a parameter pattern (`Json(body)` → `body`, `Path((a, b))` → `a`, `b`).
pub fn pat_names(pat: &syn::Pat) -> Vec<String> {
    match pat {
        syn::Pat::Ident(i) => vec![i.ident.to_string()],
        syn::Pat::Type(t) => pat_names(&t.pat),
        syn::Pat::TupleStruct(t) => t.elems.iter().flat_map(pat_names).collect(),
        syn::Pat::Tuple(t) => t.elems.iter().flat_map(pat_names).collect(),
        syn::Pat::Struct(s) => s.fields.iter().flat_map(|f| pat_names(&f.pat)).collect(),
        syn::Pat::Reference(r) => pat_names(&r.pat),
        syn::Pat::Paren(p) => pat_names(&p.pat),
        _ => Vec::new(),
    }
}

/// The local a method is called on (`body` in `body.validate()` or `body.0.validate()`).
fn receiver_name(expr: &Expr) -> Option<String> {
    match syntax::peel_refs(expr) {
        Expr::Path(p) => p.path.get_ident().map(ToString::to_string),
        Expr::Field(f) => receiver_name(&f.base),
        _ => None,
    }
}

/// Methods that hand back the value they are called on (or a view of it).
const VALUE_ADAPTERS: &[&str] = &[
    "into_inner",
    "clone",
    "to_owned",
    "as_ref",
    "as_mut",
    "borrow",
    "deref",
];

/// The local whose value an expression is, through value-preserving adapters
/// (`body.into_inner()`, `payload.0.clone()`, `&form`) — what a method is called on or an
/// argument passes.
fn value_root(expr: &Expr) -> Option<String> {
    match syntax::peel_refs(expr) {
        Expr::MethodCall(m)
            if m.args.is_empty() && VALUE_ADAPTERS.contains(&m.method.to_string().as_str()) =>
        {
            value_root(&m.receiver)
        }
        Expr::Paren(p) => value_root(&p.expr),
        other => receiver_name(other),
    }
}

/// The local a value is computed from, through any method chain (`body` in
/// `body.into_inner()`, `form.0`, `body.name.trim()`).
fn root_local(expr: &Expr) -> Option<String> {
    match syntax::peel_refs(expr) {
        Expr::MethodCall(m) => root_local(&m.receiver),
        Expr::Try(t) => root_local(&t.expr),
        Expr::Paren(p) => root_local(&p.expr),
        // `let title = body.into_inner().title;`: the field still comes from the input.
        Expr::Field(f) => root_local(&f.base),
        other => receiver_name(other),
    }
}

/// A read of a credential: a header lookup by a credential header's name
/// (`headers.get(AUTHORIZATION)`, `req.headers().get_one("x-api-key")`, poem
/// `req.header("authorization")`) or a cookie read by a session/token name
/// (`req.cookie("session")`, `jar.get("token")`, `cookies.get_private("user_id")`). Setting a
/// header on an outgoing request (`.header(AUTHORIZATION, v)`) is not a read.
fn reads_credential(m: &syn::ExprMethodCall) -> bool {
    let method = m.method.to_string();
    let header_read = matches!(
        method.as_str(),
        "get" | "get_one" | "get_all" | "contains_key"
    ) || (method == "header" && m.args.len() == 1);
    if header_read && m.args.first().is_some_and(credential_header) {
        return true;
    }
    let Some((name, _)) = m.args.first().and_then(syntax::string_lit) else {
        return false;
    };
    let cookie_store = || {
        receiver_name(&m.receiver).is_some_and(|r| {
            syntax::words(&r)
                .iter()
                .any(|w| matches!(w.as_str(), "jar" | "cookie" | "cookies"))
        })
    };
    let credential = syntax::words(&name).iter().any(|w| {
        matches!(
            w.as_str(),
            "session" | "sid" | "token" | "jwt" | "auth" | "user" | "login"
        )
    });
    credential
        && (matches!(method.as_str(), "cookie" | "get_private" | "get_signed")
            || (method == "get" && cookie_store()))
}

/// `AUTHORIZATION`, `header::AUTHORIZATION`, `API_KEY_HEADER`, `"x-api-key"`: a credential
/// header's name.
fn credential_header(expr: &Expr) -> bool {
    match syntax::peel_refs(expr) {
        Expr::Path(p) => {
            let words = syntax::words(&syntax::last_ident(&p.path));
            words
                .iter()
                .any(|w| matches!(w.as_str(), "authorization" | "auth" | "token" | "apikey"))
                || words.windows(2).any(|w| w[0] == "api" && w[1] == "key")
        }
        other => syntax::string_lit(other)
            .is_some_and(|(s, _)| CREDENTIAL_HEADERS.contains(&s.to_ascii_lowercase().as_str())),
    }
}

/// Whether an attribute `#[name(..)]` mentions `word` in its arguments.
/// The table a struct maps: `#[diesel(table_name = crate::schema::posts)]` (last segment),
/// `#[sea_orm(table_name = "posts")]`.
fn table_name(attr: &syn::Attribute) -> Option<String> {
    let tool = syntax::last_ident(attr.path());
    if tool != "diesel" && tool != "sea_orm" {
        return None;
    }
    let nested = attr
        .parse_args_with(syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
        .ok()?;
    nested.into_iter().find_map(|m| match m {
        syn::Meta::NameValue(nv) if nv.path.is_ident("table_name") => match nv.value {
            Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            Expr::Path(p) => Some(syntax::last_ident(&p.path)),
            _ => None,
        },
        _ => None,
    })
}

fn attr_mentions(attr: &syn::Attribute, name: &str, word: &str) -> bool {
    attr.path().is_ident(name)
        && match &attr.meta {
            syn::Meta::List(l) => l.tokens.to_string().contains(word),
            _ => false,
        }
}

/// The local whose field a condition tests (`body.email.is_empty()`, `body.age < 18`).
fn field_receiver(cond: &Expr) -> Option<String> {
    // A field of a local wins (`body.email`); else a local tested by a method
    // (`new_password.len() < 10` after `let Form { new_password, .. } = form`).
    tested_field(cond).or_else(|| tested_local(cond))
}

fn tested_local(cond: &Expr) -> Option<String> {
    match syntax::peel_refs(cond) {
        Expr::MethodCall(m) => match syntax::peel_refs(&m.receiver) {
            Expr::Path(p) => p.path.get_ident().map(ToString::to_string),
            other => tested_local(other),
        },
        Expr::Binary(b) => tested_local(&b.left).or_else(|| tested_local(&b.right)),
        Expr::Unary(u) => tested_local(&u.expr),
        _ => None,
    }
}

fn tested_field(cond: &Expr) -> Option<String> {
    match syntax::peel_refs(cond) {
        Expr::Field(f) => receiver_name(&f.base),
        Expr::MethodCall(m) => tested_field(&m.receiver),
        Expr::Let(l) => tested_field(&l.expr),
        Expr::Binary(b) => tested_field(&b.left).or_else(|| tested_field(&b.right)),
        Expr::Unary(u) => tested_field(&u.expr),
        Expr::Call(c) => c.args.iter().find_map(tested_field),
        _ => None,
    }
}

/// Whether an `if` rejects on its condition: its branch returns early, or it is an
/// `if .. else ..` one of whose branches evaluates to an error (`Err(..)`,
/// `HttpResponse::BadRequest()`, `Flash::error(..)`, `StatusCode::UNPROCESSABLE_ENTITY`) while
/// the other carries on.
fn rejects(i: &syn::ExprIf) -> bool {
    let Some((_, otherwise)) = &i.else_branch else {
        return block_exits(&i.then_branch);
    };
    let else_rejects = match &**otherwise {
        Expr::Block(b) => {
            block_exits(&b.block) || syntax::block_value(&b.block).is_some_and(error_value)
        }
        _ => false,
    };
    block_exits(&i.then_branch)
        || syntax::block_value(&i.then_branch).is_some_and(error_value)
        || else_rejects
}

/// Whether a `match` arm rejects: it returns, or evaluates to an error.
fn arm_rejects(body: &Expr) -> bool {
    match body {
        Expr::Return(_) => true,
        Expr::Block(b) => {
            block_exits(&b.block) || syntax::block_value(&b.block).is_some_and(error_value)
        }
        other => error_value(other),
    }
}

/// Whether an expression is an error response or value.
fn error_value(expr: &Expr) -> bool {
    let erroneous = |name: &str| {
        name == "Err"
            || syntax::words(name).iter().any(|w| {
                matches!(
                    w.as_str(),
                    "error" | "bad" | "invalid" | "unprocessable" | "reject" | "forbidden"
                )
            })
    };
    match syntax::peel_refs(expr) {
        Expr::Call(c) => match &*c.func {
            Expr::Path(p) => p
                .path
                .segments
                .iter()
                .any(|s| erroneous(&s.ident.to_string())),
            _ => false,
        },
        Expr::Path(p) => p
            .path
            .segments
            .iter()
            .any(|s| erroneous(&s.ident.to_string())),
        Expr::MethodCall(m) => error_value(&m.receiver),
        Expr::Tuple(t) => t.elems.iter().any(error_value),
        Expr::Paren(p) => error_value(&p.expr),
        _ => false,
    }
}

/// Whether a block returns early (`return Err(..)`, `?` on an error value, `bail!`).
fn block_exits(block: &syn::Block) -> bool {
    block.stmts.iter().any(|s| match s {
        syn::Stmt::Expr(Expr::Return(_), _) => true,
        syn::Stmt::Expr(Expr::Try(_), _) => true,
        syn::Stmt::Macro(m) => {
            matches!(syntax::last_ident(&m.mac.path).as_str(), "bail" | "ensure")
        }
        syn::Stmt::Expr(Expr::Macro(m), _) => {
            matches!(syntax::last_ident(&m.mac.path).as_str(), "bail")
        }
        _ => false,
    })
}
