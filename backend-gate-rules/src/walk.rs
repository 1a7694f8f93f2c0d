//! The one walk over a parsed file. It keeps the context every rule needs (imports, test code,
//! async code, enclosing fn, ancestors, local bindings) and calls each enabled rule's hooks on
//! the nodes they care about, so a file is traversed once whatever the number of rules.

use crate::config::Settings;
use crate::facts::collect::Collector;
use crate::facts::db::db_call;
use crate::facts::FileFacts;
use crate::finding::Diagnostic;
use crate::imports::ImportScope;
use crate::rule::Rule;
use crate::source::SourceText;
use crate::syntax;
use crate::workspace::PackageInfo;
use proc_macro2::Span;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Expr, Token};

/// What is known about a file before it is walked.
#[derive(Debug, Clone)]
pub struct FileInfo {
    /// Path relative to the workspace root, with `/`.
    pub path: String,
    /// Module path of the file, starting with the crate name (`shop::routes::orders`).
    pub module: String,
    /// The package it belongs to.
    pub package: Arc<PackageInfo>,
    /// The whole file is test code (`tests/`, `benches/`, `examples/`, a `#[cfg(test)]` module).
    pub is_test: bool,
}

/// A `mod name;` declaration found in a file, to be followed by the module tree loader.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ModDecl {
    /// The module's name.
    pub name: String,
    /// Its `#[path = ".."]`, if any.
    pub path_attr: Option<String>,
    /// Names of the inline modules (`mod a { mod b; }`) it is declared in.
    pub inline_parents: Vec<String>,
    /// Declared under `#[cfg(test)]`.
    pub is_test: bool,
}

/// A macro invocation with its arguments, when they parse as comma-separated expressions.
pub struct MacroNode<'a> {
    /// The invocation.
    pub mac: &'a syn::Macro,
    /// The arguments (`format!("{}", x)` gives the string literal and `x`).
    pub args: Option<&'a MacroArgs>,
}

/// Arguments of a macro invocation parsed as comma-separated expressions.
pub type MacroArgs = Punctuated<Expr, Token![,]>;

/// Owns the macro arguments parsed during a walk, so they live as long as the file's syntax tree.
pub type MacroArena = typed_arena::Arena<MacroArgs>;

impl MacroNode<'_> {
    /// The macro's name (last path segment).
    pub fn name(&self) -> String {
        syntax::last_ident(&self.mac.path)
    }
}

/// A function or method with a body.
pub struct FnNode<'a> {
    /// Its signature.
    pub sig: &'a syn::Signature,
    /// Its attributes.
    pub attrs: &'a [syn::Attribute],
    /// Its body.
    pub block: &'a syn::Block,
    /// Declared `pub` (any restriction), or a trait's own method.
    pub public: bool,
}

/// A `let` binding (or parameter) visible at the current point of the walk.
pub struct Binding<'ast> {
    /// The bound name.
    pub name: String,
    /// The value it was last given (`let x = <init>` or `x = <value>`).
    pub init: Option<&'ast Expr>,
    /// Its declared type.
    pub ty: Option<&'ast syn::Type>,
    /// Where it was bound.
    pub span: Span,
    /// Values appended to it later (`x.push_str(..)`, `x += ..`, `write!(x, ..)`).
    pub appends: Vec<&'ast Expr>,
    /// Whether `drop(x)` was called on it.
    pub dropped: bool,
    /// The fn-like body (fn, closure, async block) that owns it.
    pub body: usize,
    /// How many await points its body had passed when it was bound (see [`Cx::await_points`]).
    pub await_points: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    Sync,
    Async,
    /// A closure handed to `spawn_blocking` & co: blocking is fine there.
    Blocking,
    /// A sync closure: runs wherever its enclosing body runs.
    Inherit,
}

/// The context of the node being checked.
pub struct Cx<'ast> {
    /// The file being walked.
    pub file: &'ast FileInfo,
    imports: Vec<ImportScope>,
    tests: Vec<bool>,
    bodies: Vec<BodyKind>,
    loop_depth: usize,
    fn_names: Vec<String>,
    impl_types: Vec<String>,
    ancestors: Vec<&'ast Expr>,
    locals: Vec<Binding<'ast>>,
    body_ids: Vec<usize>,
    await_points: Vec<usize>,
    next_body: usize,
    arena: &'ast MacroArena,
    macros: RefCell<HashMap<*const syn::Macro, Option<&'ast MacroArgs>>>,
}

impl<'ast> Cx<'ast> {
    fn new(file: &'ast FileInfo, arena: &'ast MacroArena) -> Self {
        Cx {
            file,
            arena,
            macros: RefCell::default(),
            imports: Vec::new(),
            tests: vec![file.is_test],
            bodies: Vec::new(),
            loop_depth: 0,
            fn_names: Vec::new(),
            impl_types: Vec::new(),
            ancestors: Vec::new(),
            locals: Vec::new(),
            body_ids: vec![0],
            await_points: vec![0],
            next_body: 1,
        }
    }

    /// The configuration that applies to the file (its package's).
    pub fn settings(&self) -> &'ast Settings {
        &self.file.package.settings
    }

    /// Whether a call runs its closure arguments off the async executor: a known blocking
    /// wrapper (`spawn_blocking`, actix `web::block`) or a configured one (`blocking-wrappers`).
    fn is_blocking_wrapper(&self, c: &syn::ExprCall) -> bool {
        let configured = &self.settings().blocking_wrappers;
        syntax::is_path_named_any(&c.func, BLOCKING_WRAPPERS)
            || !configured.is_empty()
                && matches!(&*c.func, Expr::Path(p)
                if Settings::names(configured, &self.resolve(&p.path)))
    }

    /// [`Cx::is_blocking_wrapper`] for methods (`handle.spawn_blocking(..)`, `conn.interact(..)`).
    fn is_blocking_method(&self, m: &syn::ExprMethodCall) -> bool {
        let configured = &self.settings().blocking_wrappers;
        BLOCKING_METHODS.iter().any(|n| m.method == n)
            || !configured.is_empty() && Settings::names(configured, &[m.method.to_string()])
    }

    /// Whether the current node is test code.
    pub fn in_test(&self) -> bool {
        self.tests.last().copied().unwrap_or(false)
    }

    /// Whether the current node runs on an async executor: inside an `async fn`, `async` block or
    /// async closure (sync closures inherit), and not inside a blocking wrapper's closure.
    pub fn in_async(&self) -> bool {
        for body in self.bodies.iter().rev() {
            match body {
                BodyKind::Inherit => continue,
                BodyKind::Async => return true,
                BodyKind::Sync | BodyKind::Blocking => return false,
            }
        }
        false
    }

    /// Whether the current node runs once per iteration: inside the body (or condition) of a
    /// `for`/`while`/`loop`, or inside a closure given to an iterator or stream adapter
    /// (`map`, `for_each`, `then`, …) — within the current fn.
    pub fn in_loop(&self) -> bool {
        self.loop_depth > 0
    }

    /// The name of the enclosing fn, `Type::method` inside impls.
    pub fn enclosing_fn(&self) -> Option<String> {
        let name = self.fn_names.last()?;
        Some(match self.impl_types.last() {
            Some(ty) if self.fn_names.len() == 1 => format!("{ty}::{name}"),
            _ => name.clone(),
        })
    }

    /// The parent expression of the expression being checked.
    pub fn parent(&self) -> Option<&'ast Expr> {
        self.ancestors.iter().rev().nth(1).copied()
    }

    /// Enclosing expressions, innermost first, excluding the one being checked.
    pub fn ancestors(&self) -> impl Iterator<Item = &'ast Expr> + '_ {
        self.ancestors.iter().rev().skip(1).copied()
    }

    /// Whether `expr` is the operand of an `.await` (its parent is `expr.await`).
    pub fn is_awaited(&self, expr: &Expr) -> bool {
        matches!(self.parent(), Some(Expr::Await(a)) if std::ptr::eq(&*a.base, expr))
    }

    /// The latest binding of `name` visible here.
    pub fn local(&self, name: &str) -> Option<&Binding<'ast>> {
        self.locals.iter().rev().find(|b| b.name == name)
    }

    /// Bindings visible here that belong to the current fn-like body, oldest first.
    pub fn body_locals(&self) -> impl Iterator<Item = &Binding<'ast>> {
        let body = self.body_ids.last().copied().unwrap_or(0);
        self.locals.iter().filter(move |b| b.body == body)
    }

    /// Await points (`.await`, `select!`, `join!`, `try_join!`) of the current fn-like body walked
    /// so far, counting the node being checked: a binding with `await_points + 1` equal to this
    /// has seen no await point before the current one.
    pub fn await_points(&self) -> usize {
        self.await_points.last().copied().unwrap_or(0)
    }

    /// The path with its first segment expanded through the `use` declarations in scope:
    /// `fs::read` with `use std::fs;` gives `["std", "fs", "read"]`.
    pub fn resolve(&self, path: &syn::Path) -> Vec<String> {
        let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if path.leading_colon.is_some() || segs.is_empty() {
            return segs;
        }
        match self.lookup(&segs[0]) {
            Some(full) => full
                .iter()
                .cloned()
                .chain(segs[1..].iter().cloned())
                .collect(),
            None => segs,
        }
    }

    /// [`Cx::resolve`] joined with `::`.
    pub fn resolve_str(&self, path: &syn::Path) -> String {
        self.resolve(path).join("::")
    }

    fn lookup(&self, name: &str) -> Option<&[String]> {
        for scope in self.imports.iter().rev() {
            if let Some(full) = scope.get(name) {
                return Some(full);
            }
            if scope.module_boundary {
                break;
            }
        }
        None
    }

    /// The arguments of a macro invocation of this file, parsed once and shared by all rules.
    pub fn macro_args(&self, mac: &'ast syn::Macro) -> Option<&'ast MacroArgs> {
        *self
            .macros
            .borrow_mut()
            .entry(mac as *const _)
            .or_insert_with(|| syntax::macro_args(mac).map(|args| &*self.arena.alloc(args)))
    }

    /// Whether the code in scope imports `krate` (by a `use`), or the package depends on it.
    pub fn uses_crate(&self, krate: &str) -> bool {
        self.imports_crate(krate) || self.file.package.depends_on(krate)
    }

    /// Whether a `use` in scope names `krate` (a file-level fact, stricter than [`Cx::uses_crate`]).
    pub fn imports_crate(&self, krate: &str) -> bool {
        self.imports.iter().any(|s| s.mentions_crate(krate))
    }
}

/// Everything a walk produced for one file.
pub struct WalkOutput {
    /// Findings of the rules.
    pub diagnostics: Vec<(Diagnostic, Option<String>)>,
    /// `mod name;` declarations to follow.
    pub mod_decls: Vec<ModDecl>,
    /// The file's facts, for the cross-file phase.
    pub facts: FileFacts,
}

/// Closures given to these run off the async executor (see BG501); `block` is actix's `web::block`.
pub const BLOCKING_WRAPPERS: &[&str] = &["spawn_blocking", "block_in_place", "spawn", "block"];

/// Methods whose closure arguments run off the executor: tokio `Handle::spawn_blocking`,
/// deadpool's `conn.interact(|conn| ..)`, rocket_sync_db_pools' `db.run(|conn| ..)`,
/// `thread::Builder::spawn`, `Scope::spawn` (futures given to `JoinSet::spawn` & co are async
/// blocks, async again).
pub const BLOCKING_METHODS: &[&str] = &["spawn_blocking", "interact", "spawn", "run"];

/// Iterator and stream adapters whose closure runs once per item.
const ITERATION_METHODS: &[&str] = &[
    "for_each",
    "try_for_each",
    "for_each_concurrent",
    "try_for_each_concurrent",
    "fold",
    "try_fold",
    "filter_map",
    "flat_map",
    "find_map",
    "any",
    "all",
];

/// Adapters that `Option`, `Result` and `bool` have too: per item only on an iterator or stream.
const MAYBE_ITERATION_METHODS: &[&str] =
    &["map", "then", "and_then", "filter", "map_ok", "inspect"];

/// Methods and functions that start an iteration.
const ITERATOR_SOURCES: &[&str] = &[
    "iter",
    "into_iter",
    "iter_mut",
    "par_iter",
    "into_par_iter",
    "chunks",
    "windows",
    "keys",
    "values",
    "values_mut",
    "drain",
    "lines",
    "enumerate",
    "zip",
    "stream",
    "into_stream",
    "split",
    "rev",
    "skip",
    "take",
];

/// Whether a method call's closure arguments run once per item.
pub fn is_iteration(m: &syn::ExprMethodCall) -> bool {
    if ITERATION_METHODS.iter().any(|n| m.method == n) {
        return true;
    }
    if !MAYBE_ITERATION_METHODS.iter().any(|n| m.method == n) {
        return false;
    }
    let mut cur = &*m.receiver;
    loop {
        cur = match cur {
            Expr::MethodCall(r) => {
                if ITERATOR_SOURCES.iter().any(|n| r.method == n) {
                    return true;
                }
                &r.receiver
            }
            Expr::Call(c) => {
                return syntax::is_path_named_any(&c.func, &["iter", "iter_ok", "repeat", "once"])
            }
            Expr::Paren(p) => &p.expr,
            Expr::Range(_) => return true,
            _ => return false,
        };
    }
}

/// Macros that await the futures they are given.
pub const AWAITING_MACROS: &[&str] = &["select", "join", "try_join"];

/// Walks `file`, calling `rules` (those that run in test code are called there too).
pub fn walk_file<'ast>(
    file: &'ast syn::File,
    info: &'ast FileInfo,
    source: &SourceText,
    arena: &'ast MacroArena,
    rules: &[&dyn Rule],
) -> WalkOutput {
    let in_tests: Vec<&dyn Rule> = rules
        .iter()
        .copied()
        .filter(|r| r.meta().in_tests)
        .collect();
    let mut walker = Walker {
        cx: Cx::new(info, arena),
        rules,
        test_rules: &in_tests,
        out: Vec::new(),
        diagnostics: Vec::new(),
        mod_decls: Vec::new(),
        inline_mods: Vec::new(),
        items: Vec::new(),
        facts: Collector::new(info, source),
    };
    let scope = ImportScope::from_items(&file.items, true);
    walker.facts.enter_module(None, &scope);
    walker.cx.imports.push(scope);
    walker.facts.set_framework(&walker.cx);
    for item in &file.items {
        walker.visit_item(item);
    }
    WalkOutput {
        diagnostics: walker.diagnostics,
        mod_decls: walker.mod_decls,
        facts: walker.facts.finish(),
    }
}

struct Walker<'ast, 'r> {
    facts: Collector<'r>,
    cx: Cx<'ast>,
    rules: &'r [&'r dyn Rule],
    test_rules: &'r [&'r dyn Rule],
    out: Vec<Diagnostic>,
    diagnostics: Vec<(Diagnostic, Option<String>)>,
    mod_decls: Vec<ModDecl>,
    inline_mods: Vec<String>,
    /// Names of the enclosing items that are not fns (structs, consts, traits …), outermost first.
    items: Vec<String>,
}

impl<'ast> Walker<'ast, '_> {
    fn each_rule(&mut self, f: impl Fn(&dyn Rule, &Cx<'ast>, &mut Vec<Diagnostic>)) {
        let rules = if self.cx.in_test() {
            self.test_rules
        } else {
            self.rules
        };
        for rule in rules {
            f(*rule, &self.cx, &mut self.out);
        }
        if !self.out.is_empty() {
            let context = self.context();
            self.diagnostics
                .extend(self.out.drain(..).map(|d| (d, context.clone())));
        }
    }

    /// Where a finding sits, below the file's module: inline modules, then the enclosing fn,
    /// or else the enclosing item (struct, const, impl …), so that every finding inside an
    /// item names it (baseline fingerprints tell findings apart by it).
    fn context(&self) -> Option<String> {
        let own = self
            .cx
            .enclosing_fn()
            .or_else(|| self.items.last().cloned())
            .or_else(|| self.cx.impl_types.last().cloned());
        let path: Vec<&str> = self
            .inline_mods
            .iter()
            .map(String::as_str)
            .chain(own.as_deref())
            .collect();
        (!path.is_empty()).then(|| path.join("::"))
    }

    fn with_test<R>(&mut self, is_test: bool, f: impl FnOnce(&mut Self) -> R) -> R {
        let t = self.cx.in_test() || is_test;
        self.cx.tests.push(t);
        let r = f(self);
        self.cx.tests.pop();
        r
    }

    fn in_loop<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> R {
        self.cx.loop_depth += 1;
        let r = f(self);
        self.cx.loop_depth -= 1;
        r
    }

    fn with_body<R>(&mut self, kind: BodyKind, f: impl FnOnce(&mut Self) -> R) -> R {
        self.cx.bodies.push(kind);
        let id = self.cx.next_body;
        self.cx.next_body += 1;
        self.cx.body_ids.push(id);
        self.cx.await_points.push(0);
        let r = f(self);
        self.cx.await_points.pop();
        self.cx.body_ids.pop();
        self.cx.bodies.pop();
        r
    }

    fn walk_fn(&mut self, node: FnNode<'ast>) {
        let is_test = syntax::has_test_attr(node.attrs);
        self.with_test(is_test, |w| {
            w.each_rule(|r, cx, out| r.check_fn(cx, &node, out));
            let kind = if node.sig.asyncness.is_some() {
                BodyKind::Async
            } else {
                BodyKind::Sync
            };
            let item_span = node
                .sig
                .fn_token
                .span
                .join(node.block.brace_token.span.close())
                .unwrap_or(node.sig.fn_token.span);
            w.facts.enter_fn(&w.cx, &node, item_span);
            let loops = std::mem::take(&mut w.cx.loop_depth);
            w.cx.fn_names.push(node.sig.ident.to_string());
            let mark = w.cx.locals.len();
            w.with_body(kind, |w| {
                for input in &node.sig.inputs {
                    if let syn::FnArg::Typed(pt) = input {
                        w.bind_pat(&pt.pat, None, Some(&pt.ty));
                    }
                }
                w.visit_block(node.block);
            });
            w.cx.locals.truncate(mark);
            w.cx.fn_names.pop();
            w.cx.loop_depth = loops;
            w.facts.exit_fn();
        });
    }

    fn bind_pat(
        &mut self,
        pat: &'ast syn::Pat,
        init: Option<&'ast Expr>,
        ty: Option<&'ast syn::Type>,
    ) {
        match pat {
            syn::Pat::Ident(pi) => {
                let body = self.cx.body_ids.last().copied().unwrap_or(0);
                self.cx.locals.push(Binding {
                    name: pi.ident.to_string(),
                    init,
                    ty,
                    span: pi.ident.span(),
                    appends: Vec::new(),
                    dropped: false,
                    body,
                    await_points: self.cx.await_points(),
                });
            }
            syn::Pat::Type(pt) => self.bind_pat(&pt.pat, init, Some(&pt.ty)),
            _ => {}
        }
    }

    fn count_await_point(&mut self) {
        if let Some(n) = self.cx.await_points.last_mut() {
            *n += 1;
        }
    }

    fn local_mut(&mut self, expr: &Expr) -> Option<&mut Binding<'ast>> {
        let name = syntax::ident_of(syntax::peel_refs(expr))?;
        self.cx.locals.iter_mut().rev().find(|b| b.name == name)
    }

    /// Keeps the binding facts up to date: appends, re-assignments and drops.
    fn track_dataflow(&mut self, expr: &'ast Expr) {
        match expr {
            Expr::MethodCall(m)
                if syntax::APPEND_METHODS.contains(&m.method.to_string().as_str()) =>
            {
                if let Some(arg) = m.args.first() {
                    if let Some(b) = self.local_mut(&m.receiver) {
                        b.appends.push(arg);
                    }
                }
            }
            Expr::Assign(a) => {
                if let Some(name) = syntax::ident_of(&a.left) {
                    self.facts.bind_next(&a.right, name);
                }
                if let Some(b) = self.local_mut(&a.left) {
                    b.init = Some(&a.right);
                    b.appends.clear();
                }
            }
            Expr::Binary(b) if matches!(b.op, syn::BinOp::AddAssign(_)) => {
                if let Some(binding) = self.local_mut(&b.left) {
                    binding.appends.push(&b.right);
                }
            }
            Expr::Macro(m)
                if matches!(
                    syntax::last_ident(&m.mac.path).as_str(),
                    "write" | "writeln"
                ) =>
            {
                let target = self.cx.macro_args(&m.mac).and_then(|a| a.first());
                if let Some(b) = target.and_then(|t| self.local_mut(t)) {
                    b.appends.push(expr);
                }
            }
            Expr::Call(c) if syntax::is_path_named(&c.func, "drop") => {
                if let Some(arg) = c.args.first() {
                    if let Some(b) = self.local_mut(arg) {
                        b.dropped = true;
                    }
                }
            }
            _ => {}
        }
    }
}

impl<'ast> Visit<'ast> for Walker<'ast, '_> {
    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}

    fn visit_stmt(&mut self, stmt: &'ast syn::Stmt) {
        // `<call>.ok();` throws the call's error away.
        if let syn::Stmt::Expr(Expr::MethodCall(m), Some(_)) = stmt {
            if m.method == "ok" && m.args.is_empty() {
                if let Some(what) = swallowed_call(&self.cx, &m.receiver) {
                    self.facts.swallowed(&what, syntax::method_span(m));
                } else if let Some(path) = discarded_fn_call(&self.cx, &m.receiver) {
                    self.facts.discard(path, syntax::method_span(m));
                }
            }
        }
        visit::visit_stmt(self, stmt);
    }

    fn visit_item(&mut self, item: &'ast syn::Item) {
        let name = match item {
            syn::Item::Struct(i) => Some(&i.ident),
            syn::Item::Enum(i) => Some(&i.ident),
            syn::Item::Union(i) => Some(&i.ident),
            syn::Item::Const(i) => Some(&i.ident),
            syn::Item::Static(i) => Some(&i.ident),
            syn::Item::Trait(i) => Some(&i.ident),
            syn::Item::Type(i) => Some(&i.ident),
            _ => None,
        };
        if let Some(name) = name {
            self.items.push(name.to_string());
        }
        self.each_rule(|r, cx, out| r.check_item(cx, item, out));
        match item {
            syn::Item::Struct(s) => self.facts.item_struct(&self.cx, s),
            syn::Item::Enum(e) => self.facts.item_enum(e),
            syn::Item::Macro(m) => self.facts.item_macro(m),
            _ => {}
        }
        visit::visit_item(self, item);
        if name.is_some() {
            self.items.pop();
        }
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        let is_test = syntax::has_cfg_test(&m.attrs) || syntax::is_test_module(&m.ident);
        match &m.content {
            None => self.mod_decls.push(ModDecl {
                name: m.ident.to_string(),
                path_attr: syntax::path_attr(&m.attrs),
                inline_parents: self.inline_mods.clone(),
                is_test: self.cx.in_test() || is_test,
            }),
            Some((_, items)) => self.with_test(is_test, |w| {
                w.inline_mods.push(m.ident.to_string());
                let scope = ImportScope::from_items(items, true);
                w.facts.enter_module(Some(&m.ident.to_string()), &scope);
                w.cx.imports.push(scope);
                let fns = std::mem::take(&mut w.cx.fn_names);
                for item in items {
                    w.visit_item(item);
                }
                w.cx.fn_names = fns;
                w.cx.imports.pop();
                w.facts.exit_module();
                w.inline_mods.pop();
            }),
        }
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        let is_test = syntax::has_cfg_test(&i.attrs);
        self.with_test(is_test, |w| {
            w.cx.impl_types.push(syntax::type_name(&i.self_ty));
            w.facts.enter_impl(&w.cx, i);
            let fns = std::mem::take(&mut w.cx.fn_names);
            for item in &i.items {
                w.visit_impl_item(item);
            }
            w.cx.fn_names = fns;
            w.facts.exit_impl();
            w.cx.impl_types.pop();
        });
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        self.each_rule(|r, cx, out| r.check_impl_item(cx, item, out));
        visit::visit_impl_item(self, item);
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.walk_fn(FnNode {
            sig: &f.sig,
            attrs: &f.attrs,
            block: &f.block,
            public: !matches!(f.vis, syn::Visibility::Inherited),
        });
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.walk_fn(FnNode {
            sig: &f.sig,
            attrs: &f.attrs,
            block: &f.block,
            public: !matches!(f.vis, syn::Visibility::Inherited),
        });
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let Some(block) = &f.default {
            self.walk_fn(FnNode {
                sig: &f.sig,
                attrs: &f.attrs,
                block,
                public: true,
            });
        }
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        let mark = self.cx.locals.len();
        let scope = ImportScope::from_items(
            block.stmts.iter().filter_map(|s| match s {
                syn::Stmt::Item(i) => Some(i),
                _ => None,
            }),
            false,
        );
        let pushed = !scope.is_empty();
        if pushed {
            self.cx.imports.push(scope);
        }
        self.facts.block(block);
        visit::visit_block(self, block);
        if pushed {
            self.cx.imports.pop();
        }
        self.cx.locals.truncate(mark);
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        self.each_rule(|r, cx, out| r.check_local(cx, local, out));
        let init = local.init.as_ref().map(|i| &*i.expr);
        if let (Some(init), syn::Pat::Ident(pi)) = (init, &local.pat) {
            self.facts.bind_next(init, pi.ident.to_string());
        }
        if let Some(init) = init {
            self.facts.local(&local.pat, init);
        }
        if let (Some(init), syn::Pat::Wild(_)) = (init, &local.pat) {
            if let Some(what) = swallowed_call(&self.cx, init) {
                self.facts.swallowed(&what, local.span());
            } else if let Some(path) = discarded_fn_call(&self.cx, init) {
                self.facts.discard(path, local.span());
            }
        }
        if let Some(init) = &local.init {
            self.visit_expr(&init.expr);
            if let Some((_, diverge)) = &init.diverge {
                self.visit_expr(diverge);
            }
        }
        self.bind_pat(&local.pat, init, None);
    }

    fn visit_expr(&mut self, expr: &'ast Expr) {
        self.cx.ancestors.push(expr);
        if matches!(expr, Expr::Await(_)) {
            self.count_await_point();
        }
        self.each_rule(|r, cx, out| r.check_expr(cx, expr, out));
        self.facts.expr(&self.cx, expr);
        match expr {
            Expr::Closure(c) => {
                let handler = self.facts.enter_closure(c);
                let kind = if c.asyncness.is_some() || matches!(&*c.body, Expr::Async(_)) {
                    BodyKind::Async
                } else {
                    BodyKind::Inherit
                };
                let mark = self.cx.locals.len();
                self.with_body(kind, |w| {
                    for input in &c.inputs {
                        w.bind_pat(input, None, None);
                    }
                    w.visit_expr(&c.body)
                });
                self.cx.locals.truncate(mark);
                if handler {
                    self.facts.exit_closure();
                }
            }
            Expr::Async(a) => self.with_body(BodyKind::Async, |w| w.visit_block(&a.block)),
            Expr::Call(c) if self.cx.is_blocking_wrapper(c) => {
                self.visit_expr(&c.func);
                self.with_body(BodyKind::Blocking, |w| {
                    for arg in &c.args {
                        w.visit_expr(arg);
                    }
                });
            }
            Expr::ForLoop(f) => {
                self.visit_pat(&f.pat);
                self.visit_expr(&f.expr);
                self.in_loop(|w| w.visit_block(&f.body));
            }
            Expr::While(wh) => self.in_loop(|w| {
                w.visit_expr(&wh.cond);
                w.visit_block(&wh.body);
            }),
            Expr::Loop(l) => self.in_loop(|w| w.visit_block(&l.body)),
            Expr::MethodCall(m) if is_iteration(m) => {
                self.track_dataflow(expr);
                self.visit_expr(&m.receiver);
                self.in_loop(|w| {
                    for arg in &m.args {
                        w.visit_expr(arg);
                    }
                });
            }
            Expr::MethodCall(m) if self.cx.is_blocking_method(m) => {
                self.track_dataflow(expr);
                self.visit_expr(&m.receiver);
                // Only closures run on the blocking pool (rocket_sync_db_pools `db.run(|c| ..)`);
                // other arguments are evaluated here.
                for arg in &m.args {
                    if matches!(arg, Expr::Closure(_)) {
                        self.with_body(BodyKind::Blocking, |w| w.visit_expr(arg));
                    } else {
                        self.visit_expr(arg);
                    }
                }
            }
            _ => {
                self.track_dataflow(expr);
                visit::visit_expr(self, expr);
            }
        }
        self.cx.ancestors.pop();
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let node = MacroNode {
            mac,
            args: self.cx.macro_args(mac),
        };
        if AWAITING_MACROS.contains(&node.name().as_str()) {
            self.count_await_point();
        }
        self.each_rule(|r, cx, out| r.check_macro(cx, &node, out));
        self.facts.mac(&self.cx, mac);
        if let Some(args) = node.args {
            for arg in args {
                self.visit_expr(arg);
            }
        }
    }
}

/// The DB or I/O call whose `Result` an expression yields (through `.await`), if any: what
/// `let _ = <expr>;` or `<expr>.ok();` throws away. Not when the error is propagated (`?`),
/// turned into a panic (`.unwrap()`, for BG301), or observed on the way (`.inspect_err(..)`,
/// `.map_err(|e| tracing::warn!(..))`).
fn swallowed_call<'ast>(cx: &Cx<'ast>, expr: &'ast Expr) -> Option<String> {
    let mut cur = expr;
    loop {
        cur = match cur {
            Expr::Await(a) => &a.base,
            Expr::Paren(p) => &p.expr,
            _ => break,
        };
    }
    // Any DB call in the chain (`sqlx::query(..).execute(&pool)`), above which the `Result` is
    // only passed along.
    let mut link = cur;
    loop {
        if let Some(call) = db_call(cx, link) {
            return Some(call.evidence);
        }
        link = match link {
            Expr::MethodCall(m) if handles_error(m) => return None,
            Expr::MethodCall(m) => &m.receiver,
            Expr::Await(a) => &a.base,
            Expr::Paren(p) => &p.expr,
            _ => break,
        };
    }
    match cur {
        Expr::Call(c) => match &*c.func {
            Expr::Path(p) => {
                let path = cx.resolve(&p.path);
                // `rocket::tokio::fs::..` and other re-exports count too.
                let io = path
                    .iter()
                    .any(|s| matches!(s.as_str(), "std" | "tokio" | "async_std"))
                    && path
                        .iter()
                        .any(|s| matches!(s.as_str(), "fs" | "io" | "net" | "process"))
                    && path.last().is_some_and(|s| s != "new");
                io.then(|| path.join("::"))
            }
            _ => None,
        },
        Expr::MethodCall(m) if CLOSURE_RUNNERS.contains(&m.method.to_string().as_str()) => {
            match m.args.first() {
                Some(Expr::Closure(c)) if m.args.len() == 1 => {
                    let body = match &*c.body {
                        Expr::Block(b) => syntax::block_value(&b.block)?,
                        body => body,
                    };
                    swallowed_call(cx, body)
                }
                _ => None,
            }
        }
        Expr::MethodCall(m) => {
            let method = m.method.to_string();
            let io = IO_METHODS.contains(&method.as_str())
                || (method == "send" && (is_http_request(&m.receiver) || is_mailer(&m.receiver)));
            io.then(|| format!(".{method}({})", if m.args.is_empty() { "" } else { ".." }))
        }
        _ => None,
    }
}

/// Methods of connection pools that run a closure on a connection and yield what it returns:
/// rocket_sync_db_pools `db.run(|c| ..)`, deadpool-diesel `conn.interact(|c| ..)`.
const CLOSURE_RUNNERS: &[&str] = &["run", "interact"];

/// The function a discarded call names (`let _ = repo::tasks::delete(&db, id).await;`), for the
/// cross-file phase to tell whether it is one of the crate's own database functions.
fn discarded_fn_call(cx: &Cx, expr: &Expr) -> Option<Vec<String>> {
    let mut cur = expr;
    loop {
        cur = match cur {
            Expr::Await(a) => &a.base,
            Expr::Paren(p) => &p.expr,
            Expr::Call(c) => {
                return match &*c.func {
                    Expr::Path(p) => Some(cx.resolve(&p.path)),
                    _ => None,
                }
            }
            _ => return None,
        };
    }
}

/// Whether a method of a `Result` chain consumes or deals with the error: the `Result` is not
/// silently thrown away then.
fn handles_error(m: &syn::ExprMethodCall) -> bool {
    let name = m.method.to_string();
    match name.as_str() {
        "unwrap" | "expect" | "unwrap_or" | "unwrap_or_default" | "unwrap_or_else" | "is_ok"
        | "is_err" | "inspect_err" | "unwrap_err" | "expect_err" => true,
        "map_err" | "or_else" | "map_or_else" => m
            .args
            .iter()
            .any(|a| matches!(a, Expr::Closure(c) if contains_macro(&c.body))),
        _ => false,
    }
}

/// Whether an expression invokes a macro (a closure that logs: `|e| tracing::warn!(..)`).
fn contains_macro(expr: &Expr) -> bool {
    struct Finder(bool);
    impl<'a> Visit<'a> for Finder {
        fn visit_macro(&mut self, _: &'a syn::Macro) {
            self.0 = true;
        }
    }
    let mut f = Finder(false);
    f.visit_expr(expr);
    f.0
}

/// `client.post(url).json(&body).send()`: an HTTP request builder (reqwest, awc, surf).
fn is_http_request(expr: &Expr) -> bool {
    match expr {
        Expr::MethodCall(m) => {
            HTTP_BUILDER_METHODS.contains(&m.method.to_string().as_str())
                || is_http_request(&m.receiver)
        }
        _ => false,
    }
}

/// `mailer.send(&email)` (lettre and similar): channel `tx.send(..)` is not I/O to report.
fn is_mailer(expr: &Expr) -> bool {
    let name = match syntax::peel_refs(expr) {
        Expr::Path(p) => p.path.get_ident().map(ToString::to_string),
        Expr::Field(f) => match &f.member {
            syn::Member::Named(n) => Some(n.to_string()),
            syn::Member::Unnamed(_) => None,
        },
        _ => None,
    };
    name.is_some_and(|n| {
        syntax::words(&n)
            .iter()
            .any(|w| matches!(w.as_str(), "mailer" | "mail" | "smtp" | "email"))
    })
}

/// Methods of HTTP client request builders.
const HTTP_BUILDER_METHODS: &[&str] = &[
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "head",
    "request",
    "json",
    "form",
    "body",
    "header",
    "headers",
    "bearer_auth",
    "basic_auth",
    "query",
    "multipart",
    "send_json",
    "send_form",
];

/// Methods whose `Result` reports a failed write or send. (`rollback` and `shutdown` are left
/// out: their errors are routinely ignored on purpose, in error paths and at close.)
const IO_METHODS: &[&str] = &[
    "write_all",
    "flush",
    "sync_all",
    "send_email",
    "commit",
    "remove_file",
    "rename",
    "publish",
    "set_ex",
    "del",
];
