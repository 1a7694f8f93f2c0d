//! BG601 sql-injection.
//!
//! Follows the SQL argument of every query API call ([`db_apis::query_sql_arg`]) back to how it
//! was built: directly in the call, or through a local binding of the same fn (its `let` value,
//! re-assignments and appends). It fires when the text is assembled at run time (`format!`,
//! `write!`, `+`, `push_str`/`+=`, `[..].concat()`, `.join(..)`) and one of the spliced values is
//! not known to be constant.
//!
//! Values counted as constant, so the SQL stays quiet:
//! - literals, `concat!`, SCREAMING_CASE constants and paths (`{TABLE}`, `USERS_TABLE`,
//!   `Self::COLUMNS`, `Order::Asc`): the author wrote them, users cannot reach them;
//! - holes right after a placeholder sigil (`${}`, `?{}`, `@p{}`): numbered bind placeholders;
//! - locals whose value is constant: a literal, an allow-list `match`/`if` whose arms are
//!   literals, a placeholder list (`(1..=n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")`),
//!   or SQL built only from constants;
//! - numbers, booleans, UUIDs and dates (by declared type, arithmetic, casts, `.len()`),
//!   which cannot carry a quote;
//! - `&'static str` parameters: compile-time text, the shape of an allow-list entry;
//! - calls whose name says they quote or escape (`quote_ident(..)`, `escape_literal(..)`).
//!
//! SQL wrapped in sqlx's `AssertSqlSafe(..)` is not reported: the author has asserted it, as with
//! a suppression comment.
//!
//! A SQL argument that is a parameter or field (`sqlx::query(sql)`) is not followed: it was not
//! built here, and the call site that builds it is checked where it happens.

use crate::finding::Diagnostic;
use crate::rule::{Category, Confidence, Level, Preset, Rule, RuleMeta};
use crate::rules::db_apis::{self, Library};
use crate::syntax;
use crate::walk::Cx;
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::Expr;

/// Metadata of BG601.
pub static META: RuleMeta = RuleMeta {
    code: "BG601",
    name: "sql-injection",
    category: Category::Security,
    level: Level::Deny,
    preset: Preset::Recommended,
    summary: "a SQL string built at run time from a variable (`format!`, `+`, `push_str`, `write!`, `concat`/`join`) \
              reaches a query API: sqlx `query*`/`raw_sql`/`QueryBuilder::push`, diesel `sql_query`/`sql`, \
              sea-orm `Statement::from_string`/`execute_unprepared`, tokio-postgres and rusqlite `query`/`execute`",
    why: "A value spliced into SQL text becomes SQL: a name like `x' OR '1'='1` or `1; DROP TABLE users` \
          changes what the query does, reads other users' rows or destroys data. Bind parameters keep \
          values out of the SQL text entirely, whatever they contain. Identifiers (tables, columns, \
          sort order) cannot be bound, so they must come from a fixed allow-list, never from input.",
    bad: "async fn find(pool: &PgPool, name: &str) -> sqlx::Result<Vec<User>> {\n    \
          let sql = format!(\"SELECT * FROM users WHERE name = '{name}'\");\n    \
          sqlx::query_as::<_, User>(&sql).fetch_all(pool).await\n}",
    good: "async fn find(pool: &PgPool, name: &str) -> sqlx::Result<Vec<User>> {\n    \
           sqlx::query_as::<_, User>(\"SELECT * FROM users WHERE name = $1\")\n        \
           .bind(name)\n        .fetch_all(pool)\n        .await\n}",
    in_tests: false,
};

/// BG601 sql-injection.
pub struct SqlInjection;

impl Rule for SqlInjection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_expr(&self, cx: &Cx, expr: &Expr, out: &mut Vec<Diagnostic>) {
        let Some(call) = db_apis::query_sql_arg(cx, expr) else {
            return;
        };
        let mut trace = Trace {
            cx,
            visiting: Vec::new(),
        };
        let Some(built) = trace.sql(call.sql) else {
            return;
        };
        if call.method_only && !db_apis::looks_like_sql(&sql_text(cx, call.sql)) {
            return;
        }
        let api = &call.api;
        let value = &built.spliced.value;
        let how = built.how;
        let (message, label) = match &built.via {
            Some(name) => (
                format!("query text built at run time in `{name}` reaches `{api}`: `{value}` is spliced in with {how}"),
                format!("`{name}` holds SQL built from run-time values"),
            ),
            None => (
                format!("query text built at run time reaches `{api}`: `{value}` is spliced in with {how}"),
                "SQL built from run-time values".to_string(),
            ),
        };
        let confidence = if built.spliced.opaque {
            Confidence::Medium
        } else {
            call.confidence
        };
        let mut d = Diagnostic::new(&META, syntax::report_span(call.sql), message)
            .label(label)
            .help(help(call.library))
            .confidence(confidence);
        if built.via.is_some() {
            d = d.secondary(built.at, format!("SQL built with {how} here"));
        }
        out.push(d);
    }
}

/// The literal text of a SQL argument and, when it is a local, of the values that built it.
fn sql_text(cx: &Cx, sql: &Expr) -> String {
    fn literals(tokens: proc_macro2::TokenStream, out: &mut String) {
        for tt in tokens {
            match tt {
                proc_macro2::TokenTree::Literal(l) => {
                    out.push_str(&l.to_string());
                    out.push(' ');
                }
                proc_macro2::TokenTree::Group(g) => literals(g.stream(), out),
                _ => {}
            }
        }
    }
    let mut out = String::new();
    literals(quote::ToTokens::to_token_stream(sql), &mut out);
    if let Some(binding) = syntax::ident_of(peel(sql)).and_then(|name| cx.local(&name)) {
        for e in binding
            .init
            .into_iter()
            .chain(binding.appends.iter().copied())
        {
            literals(quote::ToTokens::to_token_stream(e), &mut out);
        }
    }
    out
}

fn help(library: Library) -> String {
    let bind = match library {
        Library::Sqlx => {
            "pass values as bind parameters: `sqlx::query(\"SELECT * FROM users WHERE id = $1\").bind(id)` \
             (`?` on MySQL/SQLite), or `QueryBuilder::push_bind(value)` when building the query"
        }
        Library::Diesel => {
            "pass values as bind parameters: `diesel::sql_query(\"SELECT * FROM users WHERE name = $1\")\
             .bind::<Text, _>(name)`, or use the query DSL"
        }
        Library::SeaOrm => {
            "pass values as parameters: `Statement::from_sql_and_values(backend, \"SELECT * FROM users \
             WHERE id = $1\", [id.into()])`, or use the query builder"
        }
        Library::Postgres => {
            "pass values as parameters: `client.query(\"SELECT * FROM users WHERE id = $1\", &[&id])`"
        }
        Library::Rusqlite => {
            "pass values as parameters: `conn.execute(\"UPDATE users SET name = ?1 WHERE id = ?2\", \
             params![name, id])`"
        }
    };
    format!(
        "{bind}; identifiers (table, column, sort direction) cannot be bound: choose them from an \
         allow-list of `&'static str` with a `match`"
    )
}

/// A run-time value spliced into SQL text.
struct Spliced {
    /// The value as written (`name`, `params.sort`, `sort.column(..)`).
    value: String,
    /// Whether it is the result of a call or of a type the rule cannot see through (an
    /// allow-list accessor is plausible): the finding is then `Medium`.
    opaque: bool,
}

/// How dynamic SQL text was built.
struct Built {
    /// `` `format!` ``, `` `+` concatenation `` …
    how: &'static str,
    /// The first non-constant value found in it.
    spliced: Spliced,
    /// Where it was built.
    at: Span,
    /// The local binding the query API was given, when the SQL came through one.
    via: Option<String>,
}

/// Bindings are followed at most this deep (each hop is a `let` in the same fn).
const MAX_HOPS: usize = 4;

/// A walk back from a SQL argument through the bindings of the enclosing fn.
struct Trace<'c, 'a> {
    cx: &'c Cx<'a>,
    /// Bindings being followed, so that `sql = format!("{sql} AND ..")` does not loop.
    visiting: Vec<String>,
}

impl Trace<'_, '_> {
    /// The SQL text `e` (in query position) built at run time from a non-constant value.
    fn sql(&mut self, e: &Expr) -> Option<Built> {
        let e = peel(e);
        match e {
            Expr::Macro(m) => self.format_macro(&m.mac, e.span()),
            Expr::Binary(b) if matches!(b.op, syn::BinOp::Add(_)) => Some(Built {
                how: "`+` concatenation",
                spliced: self.value(e)?,
                at: e.span(),
                via: None,
            }),
            Expr::MethodCall(m) if m.method == "concat" || m.method == "join" => Some(Built {
                how: if m.method == "concat" {
                    "`concat()`"
                } else {
                    "`join()`"
                },
                spliced: self.elements(&m.receiver)??,
                at: e.span(),
                via: None,
            }),
            _ => {
                let name = syntax::ident_of(e)?;
                let mut built = self.follow(&name, |t, binding| {
                    let from_init = binding.init.and_then(|init| t.sql(init));
                    from_init.or_else(|| binding.appends.iter().find_map(|a| t.append(a)))
                })?;
                built.via = Some(name);
                Some(built)
            }
        }
    }

    /// Runs `f` on the binding `name` unless it is already being followed or too far away.
    fn follow<T>(
        &mut self,
        name: &str,
        f: impl FnOnce(&mut Self, &crate::walk::Binding) -> Option<T>,
    ) -> Option<T> {
        if self.visiting.len() >= MAX_HOPS || self.visiting.iter().any(|v| v == name) {
            return None;
        }
        let cx = self.cx;
        let binding = cx.local(name)?;
        self.visiting.push(name.to_string());
        let found = f(self, binding);
        self.visiting.pop();
        found
    }

    /// A value appended to a SQL string (`push_str(v)`, `+= v`, `write!(sql, ..)`).
    fn append(&mut self, a: &Expr) -> Option<Built> {
        // `write!(sql, ..)` is recorded whole; `sql.push_str(&format!(..))` by its argument.
        if let Expr::Macro(m) = peel(a) {
            return self.format_macro(&m.mac, a.span());
        }
        Some(Built {
            how: "`push_str`/`+=`",
            spliced: self.value(a)?,
            at: a.span(),
            via: None,
        })
    }

    /// `format!`/`write!` with a non-constant value in one of its holes.
    fn format_macro(&mut self, mac: &syn::Macro, at: Span) -> Option<Built> {
        let (how, template_at) = match syntax::last_ident(&mac.path).as_str() {
            "format" | "format_args" => ("`format!`", 0),
            "write" | "writeln" => ("`write!`", 1),
            _ => return None,
        };
        let args = syntax::macro_args(mac)?;
        let mut args = args.iter().skip(template_at);
        let Some(Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(template),
            ..
        })) = args.next()
        else {
            return None;
        };
        let mut positional = Vec::new();
        let mut named = Vec::new();
        for arg in args {
            match arg {
                Expr::Assign(a) => named.extend(syntax::ident_of(&a.left).map(|n| (n, &*a.right))),
                _ => positional.push(arg),
            }
        }
        let mut next = 0;
        for hole in holes(&template.value()) {
            let arg = match &hole.arg {
                HoleArg::Next => {
                    next += 1;
                    positional.get(next - 1).copied()
                }
                HoleArg::Index(i) => positional.get(*i).copied(),
                HoleArg::Name(n) => named.iter().find(|(name, _)| name == n).map(|(_, e)| *e),
            };
            if hole.placeholder {
                continue;
            }
            let spliced = match (arg, &hole.arg) {
                (Some(e), _) => self.value(e),
                (None, HoleArg::Name(n)) => self.ident(n),
                (None, _) => None,
            };
            if let Some(spliced) = spliced {
                return Some(Built {
                    how,
                    spliced,
                    at,
                    via: None,
                });
            }
        }
        None
    }

    /// The non-constant part of a value spliced into SQL, if any.
    fn value(&mut self, v: &Expr) -> Option<Spliced> {
        let v = peel(v);
        let dynamic = |opaque| {
            Some(Spliced {
                value: describe(v),
                opaque,
            })
        };
        match v {
            Expr::Lit(_)
            | Expr::Cast(_)
            | Expr::Unary(_)
            | Expr::Range(_)
            | Expr::Return(_)
            | Expr::Break(_)
            | Expr::Continue(_) => None,
            Expr::Path(p) => match p.path.get_ident() {
                Some(id) if p.qself.is_none() => self.ident(&id.to_string()),
                // `Self::TABLE`, `schema::USERS`, `Order::Asc`: constants and enum variants.
                _ => None,
            },
            Expr::Macro(m) => self.format_macro(&m.mac, v.span()).map(|b| b.spliced),
            Expr::Binary(b) if matches!(b.op, syn::BinOp::Add(_)) => {
                self.value(&b.left).or_else(|| self.value(&b.right))
            }
            // Arithmetic, comparisons and logic give numbers and booleans.
            Expr::Binary(_) => None,
            Expr::Try(t) => self.value(&t.expr),
            Expr::MethodCall(m) => self.method_value(m, v),
            Expr::Call(c) => {
                let name = match &*c.func {
                    Expr::Path(p) => syntax::last_ident(&p.path).to_lowercase(),
                    _ => String::new(),
                };
                let escapes = ["quote", "escape", "sanitize"]
                    .iter()
                    .any(|w| name.contains(w));
                let numeric = matches!(&*c.func, Expr::Path(p) if p.path.segments.iter().any(|s| is_scalar_name(&s.ident.to_string())));
                if escapes || numeric || name == "err" {
                    return None;
                }
                dynamic(true)
            }
            Expr::Field(f) => dynamic(matches!(&*f.base, Expr::Path(p) if p.path.is_ident("self"))),
            Expr::If(i) => {
                let then = syntax::block_value(&i.then_branch).and_then(|e| self.value(e));
                then.or_else(|| i.else_branch.as_ref().and_then(|(_, e)| self.value(e)))
            }
            Expr::Match(m) => m.arms.iter().find_map(|arm| self.value(&arm.body)),
            Expr::Block(b) => syntax::block_value(&b.block).and_then(|e| self.value(e)),
            _ => dynamic(false),
        }
    }

    fn method_value(&mut self, m: &syn::ExprMethodCall, whole: &Expr) -> Option<Spliced> {
        let number_arg = m.args.iter().any(is_number_literal);
        match m.method.to_string().as_str() {
            "len" | "count" | "capacity" | "is_empty" | "is_some" | "is_none" => None,
            "join" | "concat" => match self.elements(&m.receiver) {
                Some(found) => found,
                None => self
                    .value(&m.receiver)
                    .map(|s| Spliced { opaque: true, ..s }),
            },
            "min" | "max" | "clamp" | "unwrap_or" | "pow" | "saturating_sub" | "saturating_add"
                if number_arg =>
            {
                None
            }
            "trim" | "trim_start" | "trim_end" | "to_lowercase" | "to_uppercase"
            | "to_ascii_lowercase" | "to_ascii_uppercase" | "unwrap" | "expect"
            | "unwrap_or_default" | "repeat" => self.value(&m.receiver),
            "unwrap_or" => self
                .value(&m.receiver)
                .or_else(|| m.args.first().and_then(|a| self.value(a))),
            _ => {
                let receiver = self.value(&m.receiver);
                let args = m.args.iter().find_map(|a| self.value(a));
                (receiver.is_some() || args.is_some()).then(|| Spliced {
                    value: describe(whole),
                    opaque: true,
                })
            }
        }
    }

    /// A local (or unknown name) spliced into SQL.
    fn ident(&mut self, name: &str) -> Option<Spliced> {
        if name.starts_with(|c: char| c.is_uppercase()) || self.visiting.iter().any(|v| v == name) {
            return None;
        }
        let unknown = Spliced {
            value: name.to_string(),
            opaque: true,
        };
        let Some(binding) = self.cx.local(name) else {
            // A pattern binding (`for`, `if let`, `match`) or a static the walk does not track.
            return Some(unknown);
        };
        if binding
            .ty
            .is_some_and(|ty| is_scalar_type(ty) || is_static_str(ty))
        {
            return None;
        }
        if binding.init.is_none() {
            // A parameter: text from the caller, unless its name says it is a SQL fragment
            // assembled somewhere this rule checks on its own.
            let text = binding.ty.is_some_and(is_text_type);
            let fragment = syntax::words(name)
                .iter()
                .any(|w| matches!(w.as_str(), "sql" | "query" | "clause" | "fragment"));
            return Some(Spliced {
                opaque: !text || fragment,
                ..unknown
            });
        }
        let inner = self.follow(name, |t, binding| {
            let from_init = binding.init.and_then(|init| t.value(init));
            from_init.or_else(|| {
                binding
                    .appends
                    .iter()
                    .find_map(|a| t.append(a).map(|b| b.spliced))
            })
        })?;
        Some(Spliced {
            value: name.to_string(),
            opaque: inner.opaque,
        })
    }

    /// The first non-constant element of a list being joined (`[a, b].concat()`, a `Vec` filled
    /// with `push`, an iterator chain collected into one); `None` when the list is not in sight.
    fn elements(&mut self, list: &Expr) -> Option<Option<Spliced>> {
        match peel(list) {
            Expr::Array(a) => Some(a.elems.iter().find_map(|e| self.value(e))),
            Expr::Repeat(r) => Some(self.value(&r.expr)),
            Expr::Range(_) => Some(None),
            Expr::Macro(m) if syntax::last_ident(&m.mac.path) == "vec" => {
                match syntax::macro_args(&m.mac) {
                    Some(args) => Some(args.iter().find_map(|e| self.value(e))),
                    None => {
                        let tokens = &m.mac.tokens;
                        let repeat: syn::ExprRepeat = syn::parse2(quote::quote!([#tokens])).ok()?;
                        Some(self.value(&repeat.expr))
                    }
                }
            }
            Expr::MethodCall(m) => match m.method.to_string().as_str() {
                "collect" | "iter" | "into_iter" | "cloned" | "copied" | "take" | "skip"
                | "rev" | "to_vec" | "filter" | "chain" => self.elements(&m.receiver),
                "map" => match m.args.first() {
                    Some(Expr::Closure(c)) => {
                        let passes_item = c.inputs.len() == 1
                            && matches!(&c.inputs[0], syn::Pat::Ident(p)
                                if syntax::ident_of(peel(&c.body)).is_some_and(|b| p.ident == b));
                        if passes_item {
                            self.elements(&m.receiver)
                        } else {
                            Some(self.value(&c.body))
                        }
                    }
                    _ => self.elements(&m.receiver),
                },
                _ => None,
            },
            Expr::Call(c)
                if syntax::is_path_named_any(&c.func, &["repeat", "repeat_n", "once"]) =>
            {
                Some(c.args.first().and_then(|a| self.value(a)))
            }
            e => {
                let name = syntax::ident_of(e)?;
                let cx = self.cx;
                let binding = cx.local(&name)?;
                if binding.ty.is_some_and(is_scalar_list) {
                    return Some(None);
                }
                self.follow(&name, |t, binding| {
                    let from_init = match binding.init {
                        Some(Expr::Call(c))
                            if syntax::is_path_named_any(
                                &c.func,
                                &["new", "with_capacity", "default"],
                            ) =>
                        {
                            Some(None)
                        }
                        Some(init) => t.elements(init),
                        None => None,
                    }?;
                    Some(from_init.or_else(|| binding.appends.iter().find_map(|a| t.value(a))))
                })
            }
        }
    }
}

/// Strips references, dereferences, parentheses and content-keeping string conversions.
fn peel(mut e: &Expr) -> &Expr {
    loop {
        e = match syntax::peel_string_conversions(e) {
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => &u.expr,
            other => return other,
        };
    }
}

fn is_number_literal(e: &Expr) -> bool {
    matches!(peel(e), Expr::Lit(l) if matches!(l.lit, syn::Lit::Int(_) | syn::Lit::Float(_)))
}

/// Types whose `Display` cannot carry a quote or a SQL keyword.
fn is_scalar_name(name: &str) -> bool {
    matches!(
        name,
        "i8" | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "isize"
            | "u8"
            | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "usize"
            | "f32"
            | "f64"
            | "bool"
            | "Uuid"
            | "NaiveDate"
            | "NaiveDateTime"
            | "NaiveTime"
            | "DateTime"
            | "Utc"
            | "Local"
            | "OffsetDateTime"
            | "PrimitiveDateTime"
    ) || name.starts_with("NonZero")
}

fn is_scalar_type(ty: &syn::Type) -> bool {
    is_scalar_name(&syntax::type_name(ty))
}

/// `&'static str`: text fixed at compile time, an allow-list entry rather than input.
fn is_static_str(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Reference(r)
        if r.lifetime.as_ref().is_some_and(|l| l.ident == "static") && syntax::type_name(&r.elem) == "str")
}

fn is_text_type(ty: &syn::Type) -> bool {
    matches!(
        syntax::type_name(ty).as_str(),
        "str" | "String" | "Cow" | "Option"
    )
}

/// `&[i64]`, `Vec<Uuid>`, `[u32; 4]`, `HashSet<i64>`: lists of scalars.
fn is_scalar_list(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Reference(r) => is_scalar_list(&r.elem),
        syn::Type::Slice(s) => is_scalar_type(&s.elem),
        syn::Type::Array(a) => is_scalar_type(&a.elem),
        syn::Type::Path(p) => p.path.segments.last().is_some_and(|s| match &s.arguments {
            syn::PathArguments::AngleBracketed(args) => args.args.iter().any(|a| match a {
                syn::GenericArgument::Type(t) => is_scalar_type(t),
                _ => false,
            }),
            _ => false,
        }),
        _ => false,
    }
}

/// A short rendering of a value for messages: `name`, `params.sort`, `sort.column()`.
fn describe(e: &Expr) -> String {
    match peel(e) {
        Expr::Path(p) => p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect::<Vec<_>>()
            .join("::"),
        Expr::Field(f) => match &f.member {
            syn::Member::Named(n) => format!("{}.{n}", describe(&f.base)),
            syn::Member::Unnamed(i) => format!("{}.{}", describe(&f.base), i.index),
        },
        Expr::MethodCall(m) => {
            let args = if m.args.is_empty() { "" } else { ".." };
            format!("{}.{}({args})", describe(&m.receiver), m.method)
        }
        Expr::Call(c) => format!("{}(..)", describe(&c.func)),
        Expr::Index(i) => format!("{}[..]", describe(&i.expr)),
        Expr::Macro(m) => format!("{}!(..)", syntax::last_ident(&m.mac.path)),
        _ => "..".to_string(),
    }
}

/// Which argument a `format!` hole takes.
enum HoleArg {
    /// `{}`: the next positional argument.
    Next,
    /// `{0}`.
    Index(usize),
    /// `{name}`: a named argument or an inline capture.
    Name(String),
}

struct Hole {
    arg: HoleArg,
    /// The hole follows a placeholder sigil (`${}`, `?{}`, `@p{}`): it numbers a bind parameter.
    placeholder: bool,
}

fn holes(template: &str) -> Vec<Hole> {
    let mut holes = Vec::new();
    let mut before = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                before.push('{');
            }
            '{' => {
                let mut inner = String::new();
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    inner.push(c);
                }
                let name = inner.split(':').next().unwrap_or("").trim();
                let arg = if name.is_empty() {
                    HoleArg::Next
                } else if let Ok(i) = name.parse() {
                    HoleArg::Index(i)
                } else {
                    HoleArg::Name(name.to_string())
                };
                let placeholder =
                    before.ends_with('$') || before.ends_with('?') || before.ends_with("@p");
                holes.push(Hole { arg, placeholder });
                before.push_str("{}");
            }
            c => before.push(c),
        }
    }
    holes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule, check_snippet};

    #[test]
    fn sqlx_dynamic_sql() {
        assert_rule(
            &SqlInjection,
            &["sqlx", "axum"],
            r#"
use sqlx::{query, Executor, PgPool, Postgres, QueryBuilder};
use std::fmt::Write;

async fn by_name(pool: &PgPool, name: &str) -> sqlx::Result<Vec<User>> {
    sqlx::query_as::<_, User>(&format!("SELECT * FROM users WHERE name = '{}'", name)) // expect: BG601
        .fetch_all(pool)
        .await
}

async fn by_email(pool: &PgPool, email: String) -> sqlx::Result<User> {
    let sql = format!("SELECT * FROM users WHERE email = '{email}'");
    query(&sql).fetch_one(pool).await // expect: BG601
}

async fn search(pool: &PgPool, q: Query<Search>) -> sqlx::Result<Vec<Item>> {
    let mut sql = String::from("SELECT * FROM items WHERE 1 = 1");
    if let Some(tag) = &q.tag {
        sql.push_str(&format!(" AND tag = '{}'", tag));
    }
    sqlx::query_as(&sql).fetch_all(pool).await // expect: BG601
}

async fn sorted(pool: &PgPool, sort: String) -> sqlx::Result<Vec<Item>> {
    let sql = "SELECT * FROM items ORDER BY ".to_string() + &sort;
    sqlx::query_as(sql.as_str()).fetch_all(pool).await // expect: BG601
}

async fn from_table(pool: &PgPool, table: &str) -> sqlx::Result<i64> {
    let sql = ["SELECT count(*) FROM ", table].concat();
    sqlx::query_scalar(&sql).fetch_one(pool).await // expect: BG601
}

async fn written(pool: &PgPool, status: &str) -> sqlx::Result<()> {
    let mut sql = String::new();
    let _ = write!(sql, "DELETE FROM jobs WHERE status = '{status}'");
    sqlx::raw_sql(&sql).execute(pool).await?; // expect: BG601
    Ok(())
}

async fn list(pool: &PgPool, params: Query<ListParams>) -> sqlx::Result<Vec<User>> {
    let mut qb = QueryBuilder::<Postgres>::new("SELECT * FROM users WHERE active = ");
    qb.push_bind(true);
    qb.push(format!(" ORDER BY {} {}", params.sort, params.dir)); // expect: BG601
    qb.build_query_as().fetch_all(pool).await
}

async fn drop_schema(pool: &PgPool, tenant: &str) -> sqlx::Result<()> {
    pool.execute(format!("DROP SCHEMA {tenant} CASCADE").as_str()).await?; // expect: BG601
    Ok(())
}

fn by_status(qb: &mut QueryBuilder<'_, Postgres>, filter: &Filter) {
    qb.push(format!(" AND status = '{}'", filter.status)); // expect: BG601
}

async fn report(pool: &PgPool, table: &str) -> sqlx::Result<Vec<Row>> {
    let mut qb = QueryBuilder::<Postgres>::new(format!("SELECT * FROM {table} WHERE day = ")); // expect: BG601
    qb.push_bind(today());
    qb.build().fetch_all(pool).await
}

async fn filter(pool: &PgPool, name: Option<String>, city: Option<String>) -> sqlx::Result<Vec<User>> {
    let mut conditions: Vec<String> = vec![];
    if let Some(n) = name {
        conditions.push(format!("name = '{}'", n));
    }
    if city.is_some() {
        conditions.push("city IS NOT NULL".to_string());
    }
    let where_clause = conditions.join(" AND ");
    let sql = format!("SELECT * FROM users WHERE {}", where_clause);
    sqlx::query_as(&sql).fetch_all(pool).await // expect: BG601
}
"#,
        );
    }

    #[test]
    fn sqlx_quiet() {
        assert_rule(
            &SqlInjection,
            &["sqlx"],
            r##"
use sqlx::{PgPool, Postgres, QueryBuilder};
const USERS_TABLE: &str = "users";
const TABLE: &str = "orders";

async fn by_id(pool: &PgPool, id: i64) -> sqlx::Result<User> {
    sqlx::query_as("SELECT * FROM users WHERE id = $1").bind(id).fetch_one(pool).await?;
    sqlx::query_as!(User, "SELECT * FROM users WHERE id = $1", id).fetch_one(pool).await?;
    sqlx::query(&format!("SELECT * FROM {TABLE} WHERE id = $1")).bind(id).execute(pool).await?;
    sqlx::query(&format!("SELECT * FROM {} WHERE id = $1", USERS_TABLE)).bind(id).execute(pool).await?;
    sqlx::query(&format!("SELECT 1")).execute(pool).await?;
    sqlx::query(concat!("SELECT * ", "FROM users")).execute(pool).await?;
    sqlx::query(&format!("SELECT * FROM users LIMIT {}", id)).execute(pool).await?;
    todo!()
}

async fn filtered(pool: &PgPool, f: Filter, ids: &[i64], limit: i64, offset: i64) -> sqlx::Result<Vec<User>> {
    let mut sql = String::from("SELECT * FROM users WHERE 1 = 1");
    let mut idx = 1;
    if f.name.is_some() {
        sql.push_str(&format!(" AND name = ${}", idx));
        idx += 1;
    }
    let placeholders = (1..=ids.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
    sql.push_str(&format!(" AND id IN ({placeholders})"));
    let dir = match f.dir.as_deref() {
        Some("asc") => "ASC",
        _ => "DESC",
    };
    sql += &format!(" ORDER BY created_at {dir} LIMIT {} OFFSET {}", limit, offset);
    sqlx::query_as(&sql).bind(&f.name).fetch_all(pool).await
}

async fn filter(pool: &PgPool, name: Option<String>, city: Option<String>) -> sqlx::Result<Vec<User>> {
    let mut conditions = Vec::new();
    let mut n = 0;
    if let Some(name) = &name {
        n += 1;
        conditions.push(format!("name = ${n}"));
    }
    if city.is_some() {
        conditions.push("city IS NOT NULL".to_string());
    }
    let sql = format!("SELECT * FROM users WHERE {}", conditions.join(" AND "));
    sqlx::query_as(&sql).bind(name).fetch_all(pool).await?;
    let audited = sqlx::AssertSqlSafe(format!("SELECT * FROM users WHERE city = '{}'", city.unwrap_or_default()));
    sqlx::query(audited).execute(pool).await?;
    todo!()
}

async fn in_list(pool: &PgPool, ids: Vec<i64>) -> sqlx::Result<()> {
    let list = ids.iter().map(|id| id.to_string()).collect::<Vec<_>>().join(",");
    sqlx::query(&format!("DELETE FROM carts WHERE id IN ({list})")).execute(pool).await?;
    let marks = vec!["?"; ids.len()].join(", ");
    sqlx::query(&format!("DELETE FROM carts WHERE id IN ({marks})")).execute(pool).await?;
    Ok(())
}

async fn built(pool: &PgPool, name: &str, sql: &str) -> sqlx::Result<()> {
    let mut qb = QueryBuilder::<Postgres>::new("SELECT * FROM users WHERE name = ");
    qb.push_bind(name);
    qb.push(" LIMIT 10");
    let mut tags = Vec::new();
    tags.push(format!("#{name}"));
    let greeting = format!("hello {name}");
    tracing::info!("{greeting}");
    sqlx::query(sql).execute(pool).await?;
    Ok(())
}

fn push_filter(qb: &mut QueryBuilder<'_, Postgres>, column: &'static str, value: i64) {
    qb.push(format!(" AND {column} = "));
    qb.push_bind(value);
    qb.push(format!(" AND created_at < '{}'", chrono::Utc::now()));
}

#[cfg(test)]
mod tests {
    async fn cleanup(pool: &PgPool, table: &str) {
        sqlx::query(&format!("TRUNCATE {table}")).execute(pool).await.unwrap();
    }
}
"##,
        );
    }

    #[test]
    fn diesel() {
        assert_rule(
            &SqlInjection,
            &["diesel"],
            r#"
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_query;
use diesel::sql_types::{Bool, Text};
const USERS: &str = "users";

fn by_name(conn: &mut PgConnection, name: &str) -> QueryResult<Vec<User>> {
    diesel::sql_query(format!("SELECT * FROM users WHERE name = '{}'", name)).load(conn) // expect: BG601
}

fn search(conn: &mut PgConnection, term: &str) -> QueryResult<Vec<User>> {
    let q = format!("SELECT * FROM users WHERE bio ILIKE '%{term}%'");
    sql_query(q).load(conn) // expect: BG601
}

fn active(conn: &mut PgConnection, column: String) -> QueryResult<Vec<User>> {
    users::table
        .filter(sql::<Bool>(&format!("{} IS NOT NULL", column))) // expect: BG601
        .load(conn)
}

fn revoke(conn: &mut PgConnection, token: &str) -> QueryResult<usize> {
    sql_query("DELETE FROM sessions WHERE token = '".to_owned() + token + "'").execute(conn) // expect: BG601
}

fn quiet(conn: &mut PgConnection, name: &str) -> QueryResult<Vec<User>> {
    sql_query("SELECT * FROM users WHERE name = $1").bind::<Text, _>(name).load(conn)?;
    users::table.filter(users::name.eq(name)).load(conn)?;
    sql_query(format!("SELECT * FROM {} WHERE id = $1", USERS)).load(conn)?;
    users::table.filter(sql::<Bool>("deleted_at IS NULL")).load(conn)?;
    let page = format!("{} users", name);
    sql_query("SELECT 1").load(conn)
}
"#,
        );
    }

    #[test]
    fn sea_orm() {
        assert_rule(
            &SqlInjection,
            &["sea_orm"],
            r#"
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

async fn by_name(db: &DatabaseConnection, name: &str) -> Result<Vec<cake::Model>, DbErr> {
    cake::Entity::find()
        .from_raw_sql(Statement::from_string(
            DbBackend::Postgres,
            format!("SELECT * FROM cake WHERE name = '{}'", name), // expect: BG601
        ))
        .all(db)
        .await
}

async fn drop_tenant(db: &DatabaseConnection, schema: &str) -> Result<(), DbErr> {
    db.execute_unprepared(&format!("DROP SCHEMA {} CASCADE", schema)).await?; // expect: BG601
    Ok(())
}

async fn filtered(db: &DatabaseConnection, col: &str, id: i32) -> Result<(), DbErr> {
    let mut sql = String::from("SELECT * FROM cake WHERE ");
    sql.push_str(col);
    sql.push_str(" = $1");
    let stmt = Statement::from_sql_and_values(DbBackend::Postgres, &sql, [id.into()]); // expect: BG601
    db.query_all(stmt).await?;
    Ok(())
}

async fn quiet(db: &DatabaseConnection, id: i32) -> Result<(), DbErr> {
    let stmt = Statement::from_sql_and_values(DbBackend::Postgres, "SELECT * FROM cake WHERE id = $1", [id.into()]);
    db.query_one(stmt).await?;
    db.execute_unprepared("CREATE EXTENSION IF NOT EXISTS pgcrypto").await?;
    let stmt = Statement::from_string(DbBackend::Postgres, format!("SELECT * FROM {}", Cake::TABLE));
    cake::Entity::find_by_id(id).one(db).await?;
    Ok(())
}
"#,
        );
    }

    #[test]
    fn postgres_and_rusqlite() {
        assert_rule(
            &SqlInjection,
            &["tokio_postgres", "deadpool_postgres", "rusqlite"],
            r#"
use rusqlite::{params, Connection};
use tokio_postgres::Client;

async fn by_name(client: &Client, name: &str) -> Result<Vec<Row>, Error> {
    let sql = format!("SELECT * FROM users WHERE name = '{}'", name);
    client.query(&sql, &[]).await // expect: BG601
}

async fn tenant(client: &Client, tenant: &str) -> Result<(), Error> {
    client.batch_execute(&format!("SET search_path TO {tenant}")).await // expect: BG601
}

async fn cached(client: &deadpool_postgres::Client, order: &str) -> Result<(), Error> {
    let q = "SELECT * FROM orders ORDER BY ".to_owned() + order;
    let stmt = client.prepare_cached(&q).await?; // expect: BG601
    Ok(())
}

fn delete_note(conn: &Connection, id: &str) -> rusqlite::Result<usize> {
    conn.execute(&format!("DELETE FROM notes WHERE id = {}", id), []) // expect: BG601
}

fn find_email(conn: &Connection, email: &str) -> rusqlite::Result<i64> {
    conn.query_row(&("SELECT id FROM users WHERE email = '".to_string() + email + "'"), [], |r| r.get(0)) // expect: BG601
}

async fn quiet(client: &Client, conn: &Connection, id: i64, name: &str) -> Result<(), Error> {
    client.query("SELECT * FROM users WHERE id = $1", &[&id]).await?;
    conn.execute("INSERT INTO notes (name) VALUES (?1)", params![name])?;
    let mut stmt = conn.prepare("SELECT * FROM notes WHERE id = ?1")?;
    stmt.execute(params![id])?;
    stmt.query([])?;
    conn.execute(&format!("DELETE FROM notes WHERE id = {}", id), [])?;
    client.execute(&format!("SELECT * FROM users WHERE id = ${}", 1), &[&id]).await?;
    webhook.execute(&format!("https://hooks.example.com/{}", name), &[("retry", "1")]).await?;
    Ok(())
}
"#,
        );
    }

    #[test]
    fn method_names_need_the_library() {
        assert_rule(
            &SqlInjection,
            &["reqwest"],
            r#"
fn run(client: &Client, name: &str) {
    client.execute(&format!("SELECT * FROM users WHERE name = '{}'", name), &[]);
    client.query(&format!("q={name}"), &[("a", "b")]);
}
"#,
        );
    }

    #[test]
    fn finding_names_the_api_binding_and_builder() {
        let src = r#"use sqlx::PgPool;
async fn f(pool: &PgPool, name: &str) {
    let sql = format!("SELECT * FROM users WHERE name = '{name}'");
    sqlx::query(&sql).execute(pool).await;
}
"#;
        let findings = check_snippet(src, &["sqlx"], &[&SqlInjection]);
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(
            f.message,
            "query text built at run time in `sql` reaches `sqlx::query`: `name` is spliced in with `format!`"
        );
        assert_eq!(f.confidence, Confidence::High);
        assert_eq!(f.range.start.line, 4);
        assert_eq!(f.secondary.len(), 1);
        assert_eq!(f.secondary[0].range.start.line, 3);
        assert_eq!(f.secondary[0].message, "SQL built with `format!` here");
        assert!(f.help.contains(".bind(id)") && f.help.contains("allow-list"));
    }

    #[test]
    fn heuristic_matches_are_medium() {
        let src = r#"use tokio_postgres::Client;
use sqlx::{Postgres, QueryBuilder};
async fn f(client: &Client, name: &str, qb: &mut QueryBuilder<'_, Postgres>, sort: SortOrder) {
    client.query(&format!("SELECT * FROM users WHERE name = '{name}'"), &[]).await;
    qb.push(format!(" ORDER BY {name}"));
    sqlx::query(&format!("SELECT * FROM users ORDER BY id {}", sort.as_sql()));
}
"#;
        let findings = check_snippet(src, &["sqlx", "tokio_postgres"], &[&SqlInjection]);
        let got: Vec<_> = findings
            .iter()
            .map(|f| (f.range.start.line, f.confidence))
            .collect();
        assert_eq!(
            got,
            [
                (4, Confidence::Medium),
                (5, Confidence::Medium),
                (6, Confidence::Medium)
            ]
        );
    }

    #[test]
    fn documented_examples() {
        assert_eq!(
            check_snippet(META.bad, &["sqlx"], &[&SqlInjection]).len(),
            1
        );
        assert!(check_snippet(META.good, &["sqlx"], &[&SqlInjection]).is_empty());
    }

    #[test]
    fn finds_placeholder_holes() {
        let found: Vec<_> = holes("a = ${} AND b = '{name}' AND c = ?{0} {{x}} {:?}")
            .into_iter()
            .map(|h| h.placeholder)
            .collect();
        assert_eq!(found, [true, false, true, false]);
    }
}
