//! BG201 hardcoded-secret.
//!
//! Two kinds of evidence. A literal in a known credential format (AWS key id, GitHub or Slack
//! token, Stripe live key, PEM private key, JWT) is a secret wherever it is: high confidence.
//! Any other literal is a secret when the name it is given says so (`let jwt_secret = ".."`,
//! `Config { password: ".." }`, `.api_key("..")`): medium confidence, and only when the literal
//! looks like a value (not an env-var name, a key name, a path, a template or prose).
//!
//! Each literal is reported once: a literal that is the direct operand of an enclosing
//! expression is reported by the expression hooks (named slots) or the literal hook (known
//! formats); a literal that is the whole initialiser of a `let`/`const`/`static`, a fn's tail or
//! a macro argument is reported by the statement-level hooks, which know its name.

use super::{env_var_for, is_env_var_name, is_template};
use crate::finding::Diagnostic;
use crate::rule::{Category, Confidence, Level, Preset, Rule, RuleMeta};
use crate::syntax;
use crate::walk::{Cx, FnNode, MacroNode};
use proc_macro2::Span;
use syn::visit::Visit;
use syn::{Expr, Lit};

/// Metadata of BG201.
pub static META: RuleMeta = RuleMeta {
    code: "BG201",
    name: "hardcoded-secret",
    category: Category::Configuration,
    level: Level::Deny,
    preset: Preset::Recommended,
    summary: "a string literal given to a name, field, argument or constant named like a secret \
              (password, token, api_key, client_secret, jwt_secret, private_key …), or a literal in a \
              known credential format (AWS, GitHub, Slack, Stripe, PEM private key, JWT)",
    why: "A secret in the source is in every clone, fork, CI log and backup of the repository, and in \
          its git history forever: removing the line does not revoke it. It is also the same in every \
          environment, so a leaked development value opens production. Secrets belong in the \
          environment or a secret store, read at start-up, and can then be rotated without a release.",
    bad: "let keys = EncodingKey::from_secret(b\"my-super-secret-key\");\n\
          let cfg = Config {\n    jwt_secret: \"f9a8e7d6c5b4\".into(),\n    ..Config::default()\n};",
    good: "let jwt_secret = std::env::var(\"JWT_SECRET\").context(\"JWT_SECRET must be set\")?;\n\
           let keys = EncodingKey::from_secret(jwt_secret.as_bytes());\n\
           let cfg = Config { jwt_secret, ..Config::default() };",
    in_tests: false,
};

/// BG201 hardcoded-secret.
pub struct HardcodedSecret;

impl Rule for HardcodedSecret {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_local(&self, _cx: &Cx, local: &syn::Local, out: &mut Vec<Diagnostic>) {
        let Some(init) = &local.init else { return };
        let slot = match pat_ident(&local.pat) {
            Some(name) => Slot::binding(format!("`let {name}`"), &name, &init.expr),
            None => Slot::anonymous(&init.expr),
        };
        check_slot(&slot, true, out);
    }

    fn check_item(&self, _cx: &Cx, item: &syn::Item, out: &mut Vec<Diagnostic>) {
        let (keyword, ident, expr) = match item {
            syn::Item::Const(c) => ("const", &c.ident, &*c.expr),
            syn::Item::Static(s) => ("static", &s.ident, &*s.expr),
            _ => return,
        };
        let name = ident.to_string();
        check_slot(
            &Slot::binding(format!("`{keyword} {name}`"), &name, expr),
            true,
            out,
        );
    }

    fn check_impl_item(&self, _cx: &Cx, item: &syn::ImplItem, out: &mut Vec<Diagnostic>) {
        if let syn::ImplItem::Const(c) = item {
            let name = c.ident.to_string();
            check_slot(
                &Slot::binding(format!("`const {name}`"), &name, &c.expr),
                true,
                out,
            );
        }
    }

    fn check_fn(&self, _cx: &Cx, f: &FnNode, out: &mut Vec<Diagnostic>) {
        if let Some(syn::Stmt::Expr(tail, None)) = f.block.stmts.last() {
            let name = f.sig.ident.to_string();
            check_slot(
                &Slot::binding(format!("the value returned by `fn {name}`"), &name, tail),
                true,
                out,
            );
        }
    }

    fn check_macro(&self, _cx: &Cx, mac: &MacroNode, out: &mut Vec<Diagnostic>) {
        if mac.args.is_none() && mac.name() == "json" {
            json_fields(mac.mac.tokens.clone(), out);
        }
        for arg in mac.args.into_iter().flatten() {
            let slot = Slot {
                desc: Some(format!("an argument of `{}!`", mac.name())),
                ..Slot::anonymous(arg)
            };
            check_slot(&slot, true, out);
        }
    }

    fn check_expr(&self, cx: &Cx, expr: &Expr, out: &mut Vec<Diagnostic>) {
        if let Expr::Lit(_) = expr {
            check_known_operand(cx, expr, out);
            return;
        }
        if !has_literal_operand(expr) {
            return;
        }
        // Known formats in these slots are reported by the literal hook, with the slot's name.
        for slot in expr_slots(expr, cx.parent()) {
            check_slot(&slot, false, out);
        }
    }
}

/// Where a literal is written, as far as this rule cares.
struct Slot<'a> {
    /// How the message names the place: "`let jwt_secret`", "field `password`".
    desc: Option<String>,
    /// The identifier the suggested environment variable is named after.
    ident: String,
    /// What the name says is held there; `None` when the name says nothing (then only known
    /// credential formats count).
    kind: Option<&'static str>,
    /// The expression written there.
    value: &'a Expr,
    /// The value is an `Authorization` header: `<scheme> <credential>`.
    auth_scheme: bool,
    /// A name bound to a value (`let`, `const`, a key/value pair), which may well hold a key
    /// name (`const ACCESS_TOKEN: &str = "access_token";`); an argument or a field given a bare
    /// word (`.password("password")`, `from_secret(b"secret")`) is given a (weak) secret.
    binding: bool,
}

impl<'a> Slot<'a> {
    fn named(desc: String, ident: &str, value: &'a Expr) -> Self {
        Slot {
            desc: Some(desc),
            ident: ident.to_string(),
            kind: secret_kind(ident),
            value,
            auth_scheme: false,
            binding: false,
        }
    }

    fn anonymous(value: &'a Expr) -> Self {
        Slot {
            desc: None,
            ident: String::new(),
            kind: None,
            value,
            auth_scheme: false,
            binding: false,
        }
    }

    fn binding(desc: String, ident: &str, value: &'a Expr) -> Self {
        Slot {
            binding: true,
            ..Slot::named(desc, ident, value)
        }
    }

    fn with_kind(mut self, kind: &'static str, ident: &str) -> Self {
        self.kind = Some(kind);
        self.ident = ident.to_string();
        self
    }
}

/// `json!({ "password": "…", "auth": { "token": "…" } })`: the body is JSON, not a Rust
/// expression list, so its `"key": "value"` pairs are read from the tokens, objects nested in
/// groups included.
fn json_fields(tokens: proc_macro2::TokenStream, out: &mut Vec<Diagnostic>) {
    use proc_macro2::TokenTree;
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tt) in trees.iter().enumerate() {
        match tt {
            TokenTree::Group(g) => json_fields(g.stream(), out),
            TokenTree::Literal(value) if i >= 2 => {
                let (TokenTree::Punct(colon), TokenTree::Literal(key)) =
                    (&trees[i - 1], &trees[i - 2])
                else {
                    continue;
                };
                if colon.as_char() != ':' {
                    continue;
                }
                let Ok(syn::Lit::Str(key)) =
                    syn::parse2::<syn::Lit>(TokenTree::Literal(key.clone()).into())
                else {
                    continue;
                };
                let Ok(expr) = syn::parse2::<Expr>(TokenTree::Literal(value.clone()).into()) else {
                    continue;
                };
                let name = key.value();
                check_slot(
                    &Slot::named(format!("the JSON field `{name}`"), &name, &expr),
                    true,
                    out,
                );
            }
            _ => {}
        }
    }
}

/// Reports the literal held in `slot`: a known credential format (when `known` is set, i.e. no
/// other hook reports it), or any plausible value when the slot is named like a secret.
fn check_slot(slot: &Slot, known: bool, out: &mut Vec<Diagnostic>) {
    let Some((value, span)) = lit_text(peel_value(slot.value)) else {
        return;
    };
    if let Some(format) = known_format(&value) {
        if known {
            out.push(known_diagnostic(&format, slot.desc.as_deref(), span));
        }
        return;
    }
    let Some(kind) = slot.kind else { return };
    let secret = if slot.auth_scheme {
        match value.split_once(' ') {
            Some((scheme, credential))
                if AUTH_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme)) =>
            {
                credential.trim()
            }
            _ => return,
        }
    } else {
        value.as_str()
    };
    if !plausible_value(secret, slot.binding) || slot.auth_scheme && secret.len() < 8 {
        return;
    }
    let desc = slot.desc.as_deref().unwrap_or("a string literal");
    let env = if slot.ident.is_empty() {
        "API_TOKEN".to_string()
    } else {
        env_var_for(
            slot.ident
                .trim_start_matches("with_")
                .trim_start_matches("set_"),
        )
    };
    out.push(
        Diagnostic::new(&META, span, format!("hard-coded {kind} in {desc}: {}", mask(secret)))
            .label(format!("{kind} written in the source"))
            .help(format!(
                "read it at run time from the environment or a secret store, e.g. \
                 `std::env::var(\"{env}\")`, and rotate the committed value (it stays in the git history)"
            ))
            .confidence(Confidence::Medium),
    );
}

fn known_diagnostic(format: &Known, desc: Option<&str>, span: Span) -> Diagnostic {
    let place = desc.unwrap_or("a string literal");
    Diagnostic::new(
        &META,
        span,
        format!("hard-coded {} in {place}: `{}…`", format.kind, format.shown),
    )
    .label(format!("{} written in the source", format.kind))
    .help(format!(
        "revoke and rotate it now (it stays in the git history), then read it at run time from the \
         environment or a secret store, e.g. `std::env::var(\"{}\")`",
        format.env
    ))
}

/// A literal in a known credential format that is a direct operand of an enclosing expression
/// (a call argument, a struct field, an array element …). Literals that are a whole `let`/`const`
/// initialiser, a fn's tail or a macro argument are left to the hooks that see their name.
fn check_known_operand(cx: &Cx, lit: &Expr, out: &mut Vec<Diagnostic>) {
    let Some((value, span)) = lit_text(lit) else {
        return;
    };
    let Some(format) = known_format(&value) else {
        return;
    };
    let mut cur = lit;
    let mut ancestors = cx.ancestors().peekable();
    while let Some(anc) = ancestors.next() {
        if std::ptr::eq(peel_value(anc), lit) {
            cur = anc;
            continue;
        }
        if !directly_contains(anc, cur) {
            return;
        }
        let desc = expr_slots(anc, ancestors.peek().copied())
            .into_iter()
            .find(|s| std::ptr::eq(s.value, cur))
            .and_then(|s| s.desc);
        out.push(known_diagnostic(&format, desc.as_deref(), span));
        return;
    }
}

/// Whether `child` is an operand of `parent` itself (not of a statement in one of its blocks,
/// nor a macro argument).
fn directly_contains(parent: &Expr, child: &Expr) -> bool {
    struct Operands<'c> {
        child: &'c Expr,
        found: bool,
    }
    impl<'ast> Visit<'ast> for Operands<'_> {
        fn visit_expr(&mut self, e: &'ast Expr) {
            self.found |= std::ptr::eq(e, self.child);
        }
        fn visit_local(&mut self, _: &'ast syn::Local) {}
        fn visit_item(&mut self, _: &'ast syn::Item) {}
        fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}
    }
    let mut v = Operands {
        child,
        found: false,
    };
    syn::visit::visit_expr(&mut v, parent);
    v.found
}

/// Whether one of the operands [`expr_slots`] looks at is a string literal: most expressions have
/// none, and are skipped before any name is looked at.
fn has_literal_operand(expr: &Expr) -> bool {
    let is_lit = |e: &Expr| {
        let e = match e {
            Expr::Closure(c) => &c.body,
            other => other,
        };
        matches!(peel_value(e), Expr::Lit(l) if matches!(l.lit, Lit::Str(_) | Lit::ByteStr(_)))
    };
    match expr {
        Expr::Struct(s) => s.fields.iter().any(|f| is_lit(&f.expr)),
        Expr::Assign(a) => is_lit(&a.right),
        Expr::MethodCall(m) => m.args.iter().any(is_lit),
        Expr::Call(c) => c.args.iter().any(is_lit),
        Expr::Binary(b) => is_lit(&b.left) || is_lit(&b.right),
        Expr::Tuple(t) => t.elems.iter().any(is_lit),
        _ => false,
    }
}

/// The named places an expression writes values to: struct literal fields, assignments, secret
/// arguments of calls and builder methods, header values, key/value pairs and config fallbacks.
fn expr_slots<'a>(expr: &'a Expr, parent: Option<&Expr>) -> Vec<Slot<'a>> {
    let mut slots = Vec::new();
    match expr {
        Expr::Struct(s) => {
            for f in &s.fields {
                if let syn::Member::Named(id) = &f.member {
                    let name = id.to_string();
                    slots.push(Slot::named(format!("field `{name}`"), &name, &f.expr));
                }
            }
        }
        Expr::Assign(a) => {
            if let Some((text, name)) = place_name(&a.left) {
                slots.push(Slot::named(
                    format!("the assignment to `{text}`"),
                    &name,
                    &a.right,
                ));
            }
        }
        Expr::MethodCall(m) => method_slots(m, &mut slots),
        Expr::Call(c) => call_slots(c, &mut slots),
        // `if form.password == "letmein"`: a credential checked against a constant.
        Expr::Binary(b) if matches!(b.op, syn::BinOp::Eq(_) | syn::BinOp::Ne(_)) => {
            for (place, value) in [(&*b.left, &*b.right), (&*b.right, &*b.left)] {
                if let Some((text, name)) = place_name(syntax::peel_string_conversions(place)) {
                    slots.push(Slot::named(
                        format!("the comparison with `{text}`"),
                        &name,
                        value,
                    ));
                }
            }
        }
        Expr::Tuple(t) if t.elems.len() == 2 => {
            let pairs_parent = match parent {
                Some(Expr::Array(_)) => true,
                Some(Expr::MethodCall(m)) => matches!(
                    m.method.to_string().as_str(),
                    "insert_header" | "append_header"
                ),
                _ => false,
            };
            if pairs_parent {
                slots.extend(key_value_slot(&t.elems[0], &t.elems[1]));
            }
        }
        _ => {}
    }
    slots
}

fn method_slots<'a>(m: &'a syn::ExprMethodCall, slots: &mut Vec<Slot<'a>>) {
    let name = m.method.to_string();
    let args: Vec<&Expr> = m.args.iter().collect();
    match (name.as_str(), args.as_slice()) {
        ("bearer_auth", [token]) => slots.push(
            Slot::named("the argument of `.bearer_auth(..)`".into(), "", token)
                .with_kind("token", "api_token"),
        ),
        ("basic_auth", [_, password]) => slots.push(
            Slot::named("the password of `.basic_auth(..)`".into(), "", password)
                .with_kind("password", "basic_auth_password"),
        ),
        (
            "header" | "insert_header" | "append_header" | "append_pair" | "env" | "with_env_var",
            [key, value],
        ) => {
            slots.extend(key_value_slot(key, value));
        }
        // `HeaderMap::insert`; a map keyed by a plain word (`errors.insert("password", "too_short")`) is not.
        ("insert" | "append", [key, value]) if is_header_key(key) => {
            slots.extend(key_value_slot(key, value));
        }
        ("unwrap_or" | "unwrap_or_else" | "or" | "or_else", [fallback]) => {
            if let Some(key) = env_key(&m.receiver) {
                let value = match fallback {
                    Expr::Closure(c) => &*c.body,
                    other => other,
                };
                let slot = Slot::named(format!("the fallback for `{key}`"), &key, value);
                slots.push(Slot { ident: key, ..slot });
            }
        }
        (_, [value]) => slots.push(Slot::named(
            format!("the argument of `.{name}(..)`"),
            &name,
            value,
        )),
        _ => {}
    }
}

fn call_slots<'a>(c: &'a syn::ExprCall, slots: &mut Vec<Slot<'a>>) {
    let Expr::Path(p) = &*c.func else { return };
    let segs: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let shown = segs[segs.len().saturating_sub(2)..].join("::");
    let args: Vec<&Expr> = c.args.iter().collect();
    let (Some(last), ty) = (
        segs.last(),
        segs.len().checked_sub(2).and_then(|i| segs.get(i)),
    ) else {
        return;
    };
    match (last.as_str(), ty.map(String::as_str), args.as_slice()) {
        ("set_var", _, [key, value]) => slots.extend(key_value_slot(key, value)),
        ("new", Some("Credentials" | "StaticCredentials"), [_, secret, ..]) => slots.push(
            Slot::named(format!("the second argument of `{shown}(..)`"), "", secret)
                .with_kind("secret", "password"),
        ),
        // `ClientSecret::new(..)`, `SecretString::from(..)`; not `ApiKeyValue::new("x-api-key")`.
        ("new" | "from" | "from_static" | "from_str" | "try_from", Some(ty), [value])
            if holds_secret(ty) =>
        {
            slots.push(Slot::named(
                format!("the argument of `{shown}(..)`"),
                ty,
                value,
            ));
        }
        (_, _, [value]) => slots.push(Slot::named(
            format!("the argument of `{shown}(..)`"),
            last,
            value,
        )),
        _ => {}
    }
}

/// A type that is a secret (`ClientSecret`, `AccessToken`, `ApiKey`, `SecretString`), not one that
/// describes one (`ApiKeyValue`, `TokenResponse`).
fn holds_secret(ty: &str) -> bool {
    let words = syntax::words(ty);
    secret_kind(ty).is_some()
        && (words.first().is_some_and(|w| w == "secret")
            || words.last().is_some_and(|w| {
                [
                    "secret",
                    "password",
                    "passwd",
                    "passphrase",
                    "token",
                    "key",
                    "apikey",
                ]
                .contains(&w.as_str())
            }))
}

/// `(AUTHORIZATION, "Bearer ..")`, `("x-api-key", "..")`, `("client_secret", "..")`,
/// `set_var("JWT_SECRET", "..")`: the key names the value.
fn key_value_slot<'a>(key: &Expr, value: &'a Expr) -> Option<Slot<'a>> {
    let name = match syntax::peel_refs(key) {
        // A header-name constant (`AUTHORIZATION`, `X_API_KEY`); a variable key says nothing.
        Expr::Path(p) => Some(syntax::last_ident(&p.path)).filter(|n| {
            n.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        })?,
        other => lit_text(peel_value(other))?.0,
    };
    let lower = name.to_ascii_lowercase().replace('_', "-");
    if lower == "authorization" || lower == "proxy-authorization" {
        return Some(Slot {
            auth_scheme: true,
            ..Slot::named("the `Authorization` header".into(), "", value)
                .with_kind("credential", "api_token")
        });
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return None;
    }
    let slot = Slot::binding(format!("the value of `{name}`"), &name, value);
    slot.kind.is_some().then_some(slot)
}

/// A header name: a constant (`AUTHORIZATION`) or a literal that reads like one (`"x-api-key"`).
fn is_header_key(key: &Expr) -> bool {
    match syntax::peel_refs(key) {
        Expr::Path(p) => syntax::last_ident(&p.path)
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
        other => lit_text(peel_value(other))
            .is_some_and(|(k, _)| k.contains('-') || k.eq_ignore_ascii_case("authorization")),
    }
}

/// The variable name read by `std::env::var("KEY")`/`dotenvy::var("KEY")` at the start of a chain.
fn env_key(mut expr: &Expr) -> Option<String> {
    loop {
        expr = match expr {
            Expr::MethodCall(m) => &m.receiver,
            Expr::Try(t) => &t.expr,
            Expr::Call(c) if matches!(&*c.func, Expr::Path(p) if matches!(syntax::last_ident(&p.path).as_str(), "var" | "var_os")) =>
            {
                return c.args.first().and_then(lit_text).map(|(key, _)| key);
            }
            _ => return None,
        };
    }
}

/// `cfg.password` → ("cfg.password", "password"); `password` → ("password", "password").
fn place_name(expr: &Expr) -> Option<(String, String)> {
    match syntax::peel_refs(expr) {
        Expr::Path(p) => {
            let name = p.path.get_ident()?.to_string();
            Some((name.clone(), name))
        }
        Expr::Field(f) => {
            let syn::Member::Named(member) = &f.member else {
                return None;
            };
            let member = member.to_string();
            let text = match place_name(&f.base) {
                Some((base, _)) => format!("{base}.{member}"),
                None => member.clone(),
            };
            Some((text, member))
        }
        Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => place_name(&u.expr),
        _ => None,
    }
}

fn pat_ident(pat: &syn::Pat) -> Option<String> {
    match pat {
        syn::Pat::Ident(pi) => Some(pi.ident.to_string()),
        syn::Pat::Type(pt) => pat_ident(&pt.pat),
        _ => None,
    }
}

/// Strips what keeps a literal's content: string conversions, `Some(..)`, `HeaderValue::from_*`,
/// `.unwrap()`, `.expect(..)`, `?`.
fn peel_value(mut expr: &Expr) -> &Expr {
    loop {
        expr = match syntax::peel_string_conversions(expr) {
            Expr::Try(t) => &t.expr,
            Expr::MethodCall(m) if m.method == "unwrap" || m.method == "expect" => &m.receiver,
            Expr::Call(c)
                if c.args.len() == 1
                    && matches!(&*c.func, Expr::Path(p) if p.path.segments.len() >= 2
                        && p.path.segments.iter().rev().nth(1).is_some_and(|s| s.ident == "HeaderValue")) =>
            {
                &c.args[0]
            }
            other => return other,
        };
    }
}

/// The text of a string or byte-string literal.
fn lit_text(expr: &Expr) -> Option<(String, Span)> {
    let Expr::Lit(l) = expr else { return None };
    match &l.lit {
        Lit::Str(s) => Some((s.value(), s.span())),
        Lit::ByteStr(b) => Some((String::from_utf8_lossy(&b.value()).into_owned(), b.span())),
        _ => None,
    }
}

/// Words that make a name describe a secret rather than hold one (`token_url`,
/// `password_reset_path`, `secret_header`, `password_min_len`, `api_key_id`).
const DESCRIPTIVE: &[&str] = &[
    "url",
    "uri",
    "urls",
    "endpoint",
    "path",
    "paths",
    "route",
    "file",
    "filename",
    "dir",
    "header",
    "name",
    "names",
    "type",
    "kind",
    "field",
    "column",
    "param",
    "params",
    "prefix",
    "suffix",
    "len",
    "length",
    "min",
    "max",
    "size",
    "count",
    "limit",
    "ttl",
    "expiry",
    "expires",
    "expiration",
    "lifetime",
    "duration",
    "timeout",
    "hash",
    "hashed",
    "hasher",
    "salt",
    "env",
    "var",
    "label",
    "placeholder",
    "hint",
    "message",
    "msg",
    "error",
    "regex",
    "pattern",
    "format",
    "policy",
    "rule",
    "rules",
    "strength",
    "reset",
    "forgot",
    "id",
    "ids",
    "location",
    "cookie",
    "query",
    "description",
    "prompt",
    "title",
    "text",
    "arn",
    "version",
    "algorithm",
    "alg",
    "scope",
    "scopes",
    "audience",
    "issuer",
    "mode",
    "provider",
    "source",
    "store",
    "validator",
    "attempts",
    "retries",
    "input",
    "form",
    "link",
    "page",
    "template",
    "property",
    "example",
    "sample",
    "dummy",
    "fake",
    "mock",
    "test",
    "regexp",
    "mask",
    "masked",
    "redacted",
    "manager",
    "backend",
    "engine",
    "service",
];

/// What an identifier says it holds, or `None` when it is not named like a secret.
fn secret_kind(ident: &str) -> Option<&'static str> {
    let has = |needle: &[u8]| {
        ident
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    if !(has(b"secret") || has(b"passw") || has(b"passphrase") || has(b"token") || has(b"key")) {
        return None;
    }
    let words = syntax::words(ident);
    if words.iter().any(|w| DESCRIPTIVE.contains(&w.as_str())) {
        return None;
    }
    let any = |f: &dyn Fn(&str) -> bool| words.iter().any(|w| f(w));
    let pair = |a: &str, b: &str| words.windows(2).any(|p| p[0] == a && p[1] == b);
    if any(&|w| {
        w.ends_with("password") || w.ends_with("passwd") || w == "passwords" || w == "passphrase"
    }) {
        Some("password")
    } else if pair("private", "key") || any(&|w| w.ends_with("privatekey")) {
        Some("private key")
    } else if pair("signing", "key") || any(&|w| w.ends_with("signingkey")) {
        Some("signing key")
    } else if pair("api", "key") || any(&|w| w.ends_with("apikey")) {
        Some("API key")
    } else if any(&|w| w.ends_with("secret") || w == "secrets") {
        Some("secret")
    } else if any(&|w| w.ends_with("token") || w == "tokens") {
        Some("token")
    } else {
        None
    }
}

/// Words of a literal that is a key or field name rather than a value (`"password"`,
/// `"access_token"`, `"x-api-key"`, `"Authorization"`, `"auth.jwt_secret"`).
const NAME_WORDS: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "pwd",
    "passphrase",
    "secret",
    "secrets",
    "token",
    "tokens",
    "api",
    "key",
    "keys",
    "apikey",
    "access",
    "refresh",
    "id",
    "client",
    "jwt",
    "private",
    "signing",
    "auth",
    "authorization",
    "authentication",
    "bearer",
    "basic",
    "x",
    "header",
    "session",
    "csrf",
    "xsrf",
    "user",
    "username",
    "new",
    "old",
    "confirm",
    "confirmation",
    "current",
    "hash",
    "grant",
    "type",
    "oauth",
    "oauth2",
    "proxy",
    "app",
    "credentials",
    "credential",
    "value",
    "code",
    "hmac",
    "signature",
    "master",
    "encryption",
    "secretkey",
    "privatekey",
    "accesstoken",
    "refreshtoken",
    "clientsecret",
    "jwtsecret",
    "idtoken",
];

/// Values that are keywords, not secrets.
const NOT_VALUES: &[&str] = &[
    "true",
    "false",
    "null",
    "none",
    "undefined",
    "required",
    "optional",
    "hidden",
    "redacted",
];

/// Schemes of an `Authorization` header value.
const AUTH_SCHEMES: &[&str] = &["Bearer", "Basic", "Token", "Bot", "ApiKey", "Key"];

/// Whether a literal held by a secret-named place looks like the secret itself.
fn plausible_value(value: &str, binding: bool) -> bool {
    let lower = value.to_ascii_lowercase();
    let first = value.chars().next();
    value.chars().count() >= 4
        && value.chars().any(char::is_alphanumeric)
        && !value.chars().any(char::is_whitespace)
        && !value.chars().all(|c| Some(c) == first)
        && !value.contains(['<', '>'])
        && !is_redaction(value)
        && !is_template(value)
        && !is_env_var_name(value)
        && !is_key_name(value, binding)
        && !is_location(&lower)
        && !is_password_hash(value)
        && !NOT_VALUES.contains(&lower.trim_matches(|c: char| !c.is_alphanumeric()))
}

/// A mask written in place of a secret (`"***PASSWORD***"`, `"*****"`).
fn is_redaction(value: &str) -> bool {
    value.starts_with("**") && value.ends_with("**")
}

/// Whether `value` is a key or field name; outside bindings only a compound one
/// (`"access_token"`, `"x-api-key"`, `"ldap_bind_password"`) counts, a bare word (`"secret"`)
/// being a weak secret there.
fn is_key_name(value: &str, binding: bool) -> bool {
    let words = syntax::words(value);
    value.starts_with(|c: char| c.is_ascii_alphabetic())
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && (binding || words.len() > 1)
        && (words.iter().all(|w| NAME_WORDS.contains(&w.as_str()))
            // An argument naming what it asks for: `Question::password("ldap_bind_password")`,
            // a snake_case name of three words or more ending in what it names.
            || !binding
                && words.len() >= 3
                && value.contains('_')
                && !value.contains('-')
                && words.last().is_some_and(|w| SECRET_NOUNS.contains(&w.as_str())))
}

/// Last words of identifiers that name a secret rather than hold one.
const SECRET_NOUNS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "key",
    "apikey",
    "credential",
    "credentials",
];

/// A path or URL where the secret is kept, not the secret (`"/run/secrets/jwt"`, `"keys/private.pem"`).
fn is_location(lower: &str) -> bool {
    const EXTENSIONS: &[&str] = &[
        "pem", "key", "der", "crt", "cer", "p8", "p12", "pfx", "jks", "json", "txt", "toml",
        "yaml", "yml", "env", "pub", "asc", "gpg",
    ];
    lower.starts_with(['/', '~'])
        || lower.starts_with("./")
        || lower.starts_with("../")
        || lower.contains("://")
        || lower
            .rsplit_once('.')
            .is_some_and(|(_, ext)| EXTENSIONS.contains(&ext))
}

/// A password hash in PHC or crypt format (`$argon2id$v=19$…`, `$2b$12$…`): a hash is compared
/// against, not used as a credential (e.g. the dummy hash that keeps login timing constant).
fn is_password_hash(value: &str) -> bool {
    value
        .strip_prefix('$')
        .and_then(|rest| rest.split_once('$'))
        .is_some_and(|(id, _)| {
            !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// Masks a secret for the message: a few leading characters and the length.
fn mask(value: &str) -> String {
    let n = value.chars().count();
    let shown = match n {
        0..=7 => 1,
        8..=15 => 2,
        _ => 3,
    };
    let head: String = value.chars().take(shown).collect();
    format!("`{head}…` ({n} characters)")
}

/// A recognised credential format.
struct Known {
    kind: &'static str,
    /// The non-secret part shown in the message (prefix or PEM header).
    shown: String,
    /// The environment variable the help suggests.
    env: &'static str,
}

/// The credential format `value` contains, if any.
fn known_format(value: &str) -> Option<Known> {
    let s = value.as_bytes();
    let known = |kind, shown: &str, env| {
        Some(Known {
            kind,
            shown: shown.to_string(),
            env,
        })
    };
    for prefix in ["AKIA", "ASIA"] {
        if tokens_after(s, prefix).any(|rest| {
            let n = run(rest, |c| c.is_ascii_uppercase() || c.is_ascii_digit());
            n == 16
                && !rest.get(16).is_some_and(u8::is_ascii_alphanumeric)
                && random_enough(&rest[..16])
        }) {
            return known("AWS access key id", prefix, "AWS_ACCESS_KEY_ID");
        }
    }
    for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
        if tokens_after(s, prefix).any(|rest| {
            let n = run(rest, |c| c.is_ascii_alphanumeric());
            n == 36 && rest.get(36) != Some(&b'_') && random_enough(&rest[..n])
        }) {
            return known("GitHub token", prefix, "GITHUB_TOKEN");
        }
    }
    if tokens_after(s, "github_pat_").any(|rest| {
        let n = run(rest, |c| c.is_ascii_alphanumeric() || c == b'_');
        n >= 22 && random_enough(&rest[..n])
    }) {
        return known("GitHub token", "github_pat_", "GITHUB_TOKEN");
    }
    for prefix in ["xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"] {
        if tokens_after(s, prefix).any(|rest| {
            let n = run(rest, |c| c.is_ascii_alphanumeric() || c == b'-');
            n >= 10 && rest[..n].iter().any(u8::is_ascii_digit) && random_enough(&rest[..n])
        }) {
            return known("Slack token", prefix, "SLACK_TOKEN");
        }
    }
    for prefix in ["sk_live_", "rk_live_"] {
        if tokens_after(s, prefix).any(|rest| {
            let n = run(rest, |c| c.is_ascii_alphanumeric());
            n >= 16 && random_enough(&rest[..n])
        }) {
            return known("Stripe live secret key", prefix, "STRIPE_SECRET_KEY");
        }
    }
    if let Some(header) = pem_private_key(value) {
        return known("private key", header, "PRIVATE_KEY_PEM");
    }
    if tokens_after(s, "eyJ").any(is_jwt_rest) {
        return known("JWT", "eyJ", "API_TOKEN");
    }
    None
}

/// The text after each occurrence of `prefix` that starts a token (not preceded by a letter,
/// digit or `_`).
fn tokens_after<'a>(s: &'a [u8], prefix: &'a str) -> impl Iterator<Item = &'a [u8]> + 'a {
    let p = prefix.as_bytes();
    (0..s.len())
        .filter(move |&i| {
            s[i..].starts_with(p)
                && (i == 0 || !(s[i - 1].is_ascii_alphanumeric() || s[i - 1] == b'_'))
        })
        .map(move |i| &s[i + p.len()..])
}

/// Length of the leading run of bytes in `class`.
fn run(s: &[u8], class: impl Fn(u8) -> bool) -> usize {
    s.iter().take_while(|&&c| class(c)).count()
}

/// Rules out documentation placeholders (`AKIAIOSFODNN7EXAMPLE`, `ghp_xxxx…`).
fn random_enough(body: &[u8]) -> bool {
    let mut seen = [false; 256];
    for &c in body {
        seen[usize::from(c)] = true;
    }
    let upper = body.to_ascii_uppercase();
    seen.iter().filter(|&&b| b).count() >= 6 && !upper.windows(7).any(|w| w == b"EXAMPLE")
}

/// `eyJ<header>.eyJ<payload>.<signature>` after the first `eyJ`.
fn is_jwt_rest(rest: &[u8]) -> bool {
    let b64 = |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'_';
    let header = run(rest, b64);
    let Some(rest) = rest.get(header..) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix(b".eyJ") else {
        return false;
    };
    let payload = run(rest, b64);
    let Some(rest) = rest.get(payload..) else {
        return false;
    };
    let Some(rest) = rest.strip_prefix(b".") else {
        return false;
    };
    let signature = run(rest, b64);
    header >= 7 && payload >= 7 && signature >= 16 && random_enough(&rest[..signature])
}

/// The header of a PEM private key block with a body (`-----BEGIN RSA PRIVATE KEY-----` followed
/// by base64); a bare header, as used to recognise PEM text, is not a key.
fn pem_private_key(value: &str) -> Option<&str> {
    let start = value.find("-----BEGIN ")?;
    let after_begin = &value[start + "-----BEGIN ".len()..];
    let label_end = after_begin.find("-----")?;
    if !after_begin[..label_end].ends_with("PRIVATE KEY") {
        return None;
    }
    let header_len = "-----BEGIN ".len() + label_end + "-----".len();
    let body = &value[start + header_len..];
    let body = body.find("-----END").map_or(body, |end| &body[..end]);
    let b64: Vec<u8> = body
        .bytes()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'='))
        .collect();
    (b64.len() >= 20 && random_enough(&b64)).then(|| &value[start..start + header_len])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule, check_snippet};

    #[test]
    fn json_bodies() {
        assert_rule(
            &HardcodedSecret,
            &["reqwest", "serde_json"],
            r#"
use serde_json::json;
pub async fn login(client: &reqwest::Client) -> reqwest::Result<reqwest::Response> {
    client
        .post("https://partner.example.com/session")
        .json(&json!({ "username": "svc-shop", "password": "Zq8!vLm2#pR7" })) // expect: BG201
        .send()
        .await
}
pub fn nested() -> serde_json::Value {
    json!({ "auth": { "api_key": "9f2c1e7a4b6d8e0f" } }) // expect: BG201
}
pub fn known() -> serde_json::Value {
    json!({ "note": "ghp_k8Qz3VbN7mX2pL9wR4tY6uI1oP5aS0dF8gH3" }) // expect: BG201
}
pub fn fine(password: &str) -> serde_json::Value {
    json!({ "username": "svc-shop", "password": password, "grant_type": "password", "token_type": "Bearer" })
}
"#,
        );
    }

    #[test]
    fn named_bindings_and_constants() {
        assert_rule(
            &HardcodedSecret,
            &["axum", "jsonwebtoken"],
            r#"
use jsonwebtoken::{EncodingKey, DecodingKey};

const JWT_SECRET: &str = "f9a8e7d6c5b4a3"; // expect: BG201
static ADMIN_PASSWORD: &str = "Sup3rS3cret!"; // expect: BG201
const JWT_SECRET_ENV: &str = "JWT_SECRET";
const PASSWORD_MIN_LEN: usize = 12;
const TOKEN_URL: &str = "https://oauth2.googleapis.com/token";
const SECRET_HEADER: &str = "x-webhook-secret";
const TOKEN_TYPE: &str = "Bearer";
const PASSWORD_RESET_PATH: &str = "/auth/password/reset";
const API_KEY_HEADER: &str = "X-Api-Key";

struct AuthConfig;
impl AuthConfig {
    const SIGNING_KEY: &'static str = "hmac-signing-key-2024"; // expect: BG201
    const ISSUER: &'static str = "https://auth.example.com";
}

pub fn keys() -> (EncodingKey, DecodingKey) {
    let jwt_secret = "my-super-secret-key".to_string(); // expect: BG201
    let db_password: String = String::from("hunter22"); // expect: BG201
    let api_key = Some("a1b2c3d4e5f6"); // expect: BG201
    let secret_from_env = std::env::var("JWT_SECRET").expect("JWT_SECRET must be set");
    let password_field = "password";
    let token_key = "access_token";
    let bearer_prefix = "Bearer ";
    let empty_password = "";
    let token_hint = "Paste your token here";
    let private_key = "keys/private.pem";
    let secret_path = "/run/secrets/jwt";
    let token_template = format!("{}:{}", "user", "x");
    let password = "password";
    let secret = "${JWT_SECRET}";
    let dummy_password_hash = Secret::new("$argon2id$v=19$m=15000,t=2,p=1$gZiV/M1gPc22ElAH/Jh1Hw$CWOrkoo7oJBQ/iyh7uJ0LO2aLEfrHwTWllSAxT0zRno".to_string());
    (
        EncodingKey::from_secret(jwt_secret.as_bytes()),
        DecodingKey::from_secret(secret_from_env.as_bytes()),
    )
}

fn default_jwt_secret() -> String {
    "change-me-in-prod".into() // expect: BG201
}

fn token_type() -> &'static str {
    "Bearer"
}
"#,
        );
    }

    #[test]
    fn fields_arguments_and_assignments() {
        assert_rule(
            &HardcodedSecret,
            &["axum", "sqlx", "reqwest", "jsonwebtoken"],
            r#"
use sqlx::postgres::PgConnectOptions;
use jsonwebtoken::EncodingKey;
use reqwest::header::{AUTHORIZATION, HeaderValue};

pub struct Config { pub jwt_secret: String, pub token_ttl: u64, pub password_min_len: usize }

impl Default for Config {
    fn default() -> Self {
        Config {
            jwt_secret: "dev-secret-123".into(), // expect: BG201
            token_ttl: 3600,
            password_min_len: 12,
        }
    }
}

pub async fn connect(cfg: &mut Config, user_token: &str) -> Result<(), reqwest::Error> {
    let opts = PgConnectOptions::new()
        .host("db.internal")
        .username("app")
        .password("pg-Pa55word"); // expect: BG201
    let key = EncodingKey::from_secret(b"raw-jwt-secret"); // expect: BG201
    cfg.jwt_secret = "rotated-secret-42".to_string(); // expect: BG201
    cfg.jwt_secret = std::env::var("JWT_SECRET").unwrap_or_default();
    let client = reqwest::Client::new();
    client
        .get("https://api.example.com/v1/me")
        .bearer_auth("s3cr3t-t0ken-value") // expect: BG201
        .send()
        .await?;
    client
        .get("https://api.example.com/v1/me")
        .basic_auth("admin", Some("admin123")) // expect: BG201
        .send()
        .await?;
    client
        .get("https://api.example.com/v1/me")
        .header(AUTHORIZATION, "Bearer 8f14e45fceea167a") // expect: BG201
        .header("X-Api-Key", "k-29f8a7c6b5") // expect: BG201
        .header(AUTHORIZATION, format!("Bearer {user_token}"))
        .header("Authorization", "Bearer ")
        .header("X-Request-Id", "abc-123-def")
        .bearer_auth(user_token)
        .send()
        .await?;
    let form = [("grant_type", "client_credentials"), ("client_id", "my-app"), ("client_secret", "cs-9f8e7d6c")]; // expect: BG201
    let secret = std::env::var("JWT_SECRET").unwrap_or_else(|_| "fallback-secret".to_string()); // expect: BG201
    let url = std::env::var("TOKEN_URL").unwrap_or_else(|_| "https://auth.example.com/token".to_string());
    let pass = std::env::var("DATABASE_PASSWORD");
    let question = Question::password("ldap_bind_password").message("LDAP bind password");
    let mut shown = url::Url::parse("postgres://app@db/app").unwrap();
    let _ = shown.set_password(Some("***PASSWORD***"));
    if form.password == "letmein123" {} // expect: BG201
    if "admin-token-1" == headers.token.as_str() {} // expect: BG201
    if creds.token_type == "Bearer" || form.password.is_empty() || form.password != "" {}
    errors.insert("password", "too_short");
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-api-key", HeaderValue::from_static("k-3f9a8b7c6d")); // expect: BG201
    std::process::Command::new("worker").env("API_KEY", "k-123456789"); // expect: BG201
    std::process::Command::new("worker").env("API_KEY_FILE", "/run/secrets/api_key");
    // a bare word given to a secret argument is a weak secret, not a key name
    let weak = EncodingKey::from_secret("secret".as_ref()); // expect: BG201
    let opts = PgConnectOptions::new().password("password"); // expect: BG201
    const ACCESS_TOKEN: &str = "access_token";
    url.query_pairs_mut().append_pair("client_secret", "zz-top-secret-99"); // expect: BG201
    url.query_pairs_mut().append_pair("access_token", user_token);
    let scheme = ApiKey::Header(ApiKeyValue::new("todo_apikey"));
    let oauth = BasicClient::new(ClientId::new("shop-web".into()))
        .set_client_secret(ClientSecret::new("0f1e2d3c4b5a".into())); // expect: BG201
    Ok(())
}
"#,
        );
    }

    #[test]
    fn known_credential_formats() {
        assert_rule(
            &HardcodedSecret,
            &["axum", "reqwest", "jsonwebtoken"],
            r#"
use jsonwebtoken::EncodingKey;

const AWS_KEY: &str = "AKIAZ7QW3RT5YU2IOP4L"; // expect: BG201
const DOC_KEY: &str = "AKIAIOSFODNN7EXAMPLE";
const PEM_HEADER: &str = "-----BEGIN RSA PRIVATE KEY-----";

pub fn clients() {
    let gh = octocrab::Octocrab::builder()
        .personal_token("ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5".to_string()) // expect: BG201
        .build();
    let slack_webhook_auth = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"; // expect: BG201
    call(vec!["sk_live_51HqLyjWDarjtT1zdp7dc"]); // expect: BG201
    let key = EncodingKey::from_rsa_pem(b"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n"); // expect: BG201
    println!("{}", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"); // expect: BG201
    let placeholder = "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
    let not_a_jwt = "eyJ.eyJ.x";
    let prefix_check = "ghp_";
    if PEM_HEADER.starts_with("-----BEGIN") {}
}
"#,
        );
    }

    #[test]
    fn test_code_is_skipped() {
        assert_rule(
            &HardcodedSecret,
            &["axum"],
            r#"
pub fn login_form() -> &'static str { "password" }

#[cfg(test)]
mod tests {
    const JWT_SECRET: &str = "test-secret-123";
    #[test]
    fn logs_in() {
        let password = "hunter22";
        let token = "ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5";
    }
}
"#,
        );
    }

    #[test]
    fn messages_mask_the_value_and_name_the_binding() {
        let src = "fn f() { let db_password = \"correct-horse-battery\"; let k = [\"AKIAZ7QW3RT5YU2IOP4L\"]; }";
        let findings = check_snippet(src, &[], &[&HardcodedSecret]);
        assert_eq!(findings.len(), 2, "{findings:?}");
        assert!(
            findings[0]
                .message
                .contains("password in `let db_password`"),
            "{}",
            findings[0].message
        );
        assert!(
            !findings[0].message.contains("correct-horse"),
            "{}",
            findings[0].message
        );
        assert!(
            findings[0].help.contains("DB_PASSWORD"),
            "{}",
            findings[0].help
        );
        assert_eq!(findings[0].confidence, Confidence::Medium);
        assert!(
            findings[1].message.contains("AWS access key id"),
            "{}",
            findings[1].message
        );
        assert!(
            !findings[1].message.contains("Z7QW3RT5"),
            "{}",
            findings[1].message
        );
        assert_eq!(findings[1].confidence, Confidence::High);
    }

    #[test]
    fn recognises_formats_by_hand() {
        assert!(known_format("ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5").is_some());
        assert!(
            known_format("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz").is_some()
        );
        assert!(known_format("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U").is_some());
        assert!(known_format("xAKIAZ7QW3RT5YU2IOP4L").is_none());
        assert!(known_format("AKIAZ7QW3RT5YU2IOP4LQ").is_none());
        assert!(known_format("sk_test_51HqLyjWDarjtT1zdp7dc").is_none());
        assert!(known_format("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----").is_none());
        assert_eq!(secret_kind("clientSecret"), Some("secret"));
        assert_eq!(secret_kind("APIKey"), Some("API key"));
        assert_eq!(secret_kind("password_reset_path"), None);
        assert_eq!(secret_kind("tokenizer"), None);
        assert_eq!(secret_kind("secretary"), None);
    }
}
