//! Which calls hand SQL text to a database library. Shared by the rules that follow SQL to the
//! database (BG601 sql-injection) and that need to know a query API when they see one.
//!
//! A match needs more than a method name (`.execute()` and `.query()` are everywhere): free
//! functions and associated functions are resolved through the file's `use` declarations, and
//! method matches need the library in scope (imported, or a dependency of the package) plus the
//! argument shape that library's method has.

use crate::rule::Confidence;
use crate::syntax;
use crate::walk::Cx;
use syn::Expr;

/// A library whose API runs SQL text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Library {
    /// `sqlx` (functions, `QueryBuilder`, executors given a `&str`).
    Sqlx,
    /// `diesel` and `diesel-async` (`sql_query`, `dsl::sql`).
    Diesel,
    /// `sea-orm` (`Statement`, `execute_unprepared`).
    SeaOrm,
    /// `tokio-postgres`, `postgres` and their pools (`deadpool-postgres`, `bb8-postgres`, `r2d2_postgres`).
    Postgres,
    /// `rusqlite` and its pools.
    Rusqlite,
}

impl Library {
    /// The name users know it by.
    pub fn name(self) -> &'static str {
        match self {
            Library::Sqlx => "sqlx",
            Library::Diesel => "diesel",
            Library::SeaOrm => "sea-orm",
            Library::Postgres => "tokio-postgres",
            Library::Rusqlite => "rusqlite",
        }
    }
}

/// A call that hands SQL text to a library.
pub struct SqlCall<'e> {
    /// The library.
    pub library: Library,
    /// The API as messages name it: `sqlx::query_as`, `QueryBuilder::push`, `.batch_execute(..)`.
    pub api: String,
    /// The argument that holds the SQL (for a sqlx executor method, possibly a query object:
    /// `tx.execute(sqlx::query!(..))`).
    pub sql: &'e Expr,
    /// How sure the match is: `Medium` when it rests on a method name and argument count, or on a
    /// type annotation.
    pub confidence: Confidence,
    /// The match rests on a method name and argument count alone (`client.query(sql, &[])`):
    /// callers should also see SQL in the text ([`looks_like_sql`]) before reporting on it.
    pub method_only: bool,
}

/// sqlx free functions whose first argument is the SQL (the `query!` macros are not here: they
/// are checked at compile time and take their values as bind parameters).
const SQLX_FNS: &[&str] = &[
    "query",
    "query_as",
    "query_scalar",
    "query_with",
    "query_as_with",
    "query_scalar_with",
    "raw_sql",
];

/// Last segments of the other SQL-taking functions matched by [`path_call`].
const ASSOCIATED_FNS: &[&str] = &[
    "new",
    "with_arguments",
    "sql_query",
    "sql",
    "from_string",
    "from_sql_and_values",
];

/// sqlx `Executor` methods that accept a plain `&str` as the query (run unprepared).
const SQLX_EXECUTOR_METHODS: &[&str] = &[
    "execute",
    "execute_many",
    "fetch",
    "fetch_many",
    "fetch_all",
    "fetch_one",
    "fetch_optional",
    "prepare",
];

/// Methods of sqlx query objects: a receiver chain holding one is a query, not an executor.
const SQLX_QUERY_METHODS: &[&str] = &[
    "bind",
    "build",
    "build_query_as",
    "build_query_scalar",
    "persistent",
    "map",
    "try_map",
];

/// Methods that keep a sqlx `QueryBuilder` (or its `Separated`) as the receiver of the next call.
const QUERY_BUILDER_CHAIN: &[&str] = &[
    "push",
    "push_bind",
    "push_values",
    "push_tuples",
    "separated",
    "push_unseparated",
    "push_bind_unseparated",
    "reset",
];

/// tokio-postgres / postgres / deadpool-postgres client methods whose first argument is the SQL,
/// with their argument count (`query(sql, &[..])`).
const POSTGRES_METHODS: &[(&str, usize)] = &[
    ("query", 2),
    ("query_one", 2),
    ("query_opt", 2),
    ("query_raw", 2),
    ("query_typed", 2),
    ("execute", 2),
    ("execute_raw", 2),
    ("batch_execute", 1),
    ("simple_query", 1),
    ("prepare", 1),
    ("prepare_typed", 2),
    ("prepare_cached", 1),
];

/// rusqlite `Connection`/`Transaction` methods whose first argument is the SQL. `Statement`'s own
/// `query(params)`/`execute(params)` take one argument and never match.
const RUSQLITE_METHODS: &[(&str, usize)] = &[
    ("execute", 2),
    ("execute_batch", 1),
    ("prepare", 1),
    ("prepare_cached", 1),
    ("query_row", 3),
    ("query_row_and_then", 3),
];

const POSTGRES_CRATES: &[&str] = &[
    "tokio_postgres",
    "postgres",
    "deadpool_postgres",
    "bb8_postgres",
    "r2d2_postgres",
];

const RUSQLITE_CRATES: &[&str] = &["rusqlite", "r2d2_sqlite", "deadpool_sqlite", "async_sqlite"];

/// The SQL argument of `expr` when it is a call to a SQL query API.
pub fn query_sql_arg<'e>(cx: &Cx, expr: &'e Expr) -> Option<SqlCall<'e>> {
    match expr {
        Expr::Call(call) => {
            let Expr::Path(p) = &*call.func else {
                return None;
            };
            // Resolving allocates: most calls are ruled out by their last segment first.
            let last = p.path.segments.last()?;
            let candidate = SQLX_FNS
                .iter()
                .chain(ASSOCIATED_FNS)
                .any(|f| last.ident == f);
            if !candidate {
                return None;
            }
            path_call(cx, &cx.resolve(&p.path), &call.args)
        }
        Expr::MethodCall(m) => method_call(cx, m),
        _ => None,
    }
}

/// A library path without the crate that re-exports it (`rocket_db_pools::sqlx::query` →
/// `sqlx::query`).
pub fn strip_reexport(path: &[String]) -> &[String] {
    match path {
        [krate, rest @ ..]
            if matches!(krate.as_str(), "rocket_db_pools" | "rocket_sync_db_pools")
                && !rest.is_empty() =>
        {
            rest
        }
        _ => path,
    }
}

fn path_call<'e>(
    cx: &Cx,
    path: &[String],
    args: &'e syn::punctuated::Punctuated<Expr, syn::Token![,]>,
) -> Option<SqlCall<'e>> {
    let segs: Vec<&str> = strip_reexport(path).iter().map(String::as_str).collect();
    let first = args.first()?;
    let high = |library, api: String, sql| {
        Some(SqlCall {
            library,
            api,
            sql,
            confidence: Confidence::High,
            method_only: false,
        })
    };
    match segs[..] {
        ["sqlx", .., f] if SQLX_FNS.contains(&f) && args.len() <= 2 => {
            high(Library::Sqlx, format!("sqlx::{f}"), first)
        }
        [.., "QueryBuilder", f @ ("new" | "with_arguments")]
            if (segs[0] == "sqlx" || cx.uses_crate("sqlx"))
                && args.len() == if f == "new" { 1 } else { 2 } =>
        {
            high(Library::Sqlx, format!("QueryBuilder::{f}"), first)
        }
        ["diesel", .., "sql_query"] if args.len() == 1 => {
            high(Library::Diesel, "diesel::sql_query".into(), first)
        }
        ["diesel", .., "dsl", "sql"] if args.len() == 1 => {
            high(Library::Diesel, "diesel::dsl::sql".into(), first)
        }
        [.., "Statement", f @ ("from_string" | "from_sql_and_values")]
            if (segs[0] == "sea_orm" || segs.len() == 2 && cx.uses_crate("sea_orm"))
                && args.len() == if f == "from_string" { 2 } else { 3 } =>
        {
            high(Library::SeaOrm, format!("Statement::{f}"), &args[1])
        }
        _ => None,
    }
}

fn method_call<'e>(cx: &Cx, m: &'e syn::ExprMethodCall) -> Option<SqlCall<'e>> {
    let first = m.args.first()?;
    // Every rule about SQL asks this of every method call: rule out most names without
    // allocating.
    let named = |names: &[&str]| names.iter().any(|n| m.method == n);
    let candidate = named(&["push", "push_unseparated", "execute_unprepared"])
        || POSTGRES_METHODS.iter().any(|(n, _)| m.method == n)
        || RUSQLITE_METHODS.iter().any(|(n, _)| m.method == n)
        || named(SQLX_EXECUTOR_METHODS);
    if !candidate {
        return None;
    }
    let method = m.method.to_string();
    let call = |library, api: String, confidence, method_only| {
        Some(SqlCall {
            library,
            api,
            sql: first,
            confidence,
            method_only,
        })
    };
    if matches!(method.as_str(), "push" | "push_unseparated")
        && m.args.len() == 1
        && cx.uses_crate("sqlx")
    {
        if let Some(confidence) = query_builder(cx, &m.receiver, 0) {
            return call(
                Library::Sqlx,
                format!("QueryBuilder::{method}"),
                confidence,
                false,
            );
        }
    }
    if method == "execute_unprepared" && m.args.len() == 1 && cx.uses_crate("sea_orm") {
        return call(
            Library::SeaOrm,
            "execute_unprepared".into(),
            Confidence::High,
            false,
        );
    }
    let arity = |table: &[(&str, usize)]| {
        table
            .iter()
            .any(|(n, a)| *n == method && *a == m.args.len())
    };
    let postgres = arity(POSTGRES_METHODS)
        .then(|| crate_in_scope(cx, POSTGRES_CRATES))
        .flatten();
    let sqlite = arity(RUSQLITE_METHODS)
        .then(|| crate_in_scope(cx, RUSQLITE_CRATES))
        .flatten();
    let library = match (postgres, sqlite) {
        (Some(p), Some(s)) if s < p => Some(Library::Rusqlite),
        (Some(_), _) => Some(Library::Postgres),
        (None, Some(_)) => Some(Library::Rusqlite),
        (None, None) => None,
    };
    if let Some(library) = library {
        return call(library, format!(".{method}(..)"), Confidence::Medium, true);
    }
    if SQLX_EXECUTOR_METHODS.contains(&method.as_str())
        && m.args.len() == 1
        && cx.imports_crate("sqlx")
        && is_executor(cx, &m.receiver)
    {
        return call(
            Library::Sqlx,
            format!(".{method}(..)"),
            Confidence::Medium,
            true,
        );
    }
    None
}

/// Statement keywords: SQL text (not a URL or a message) has one of them as a word.
const SQL_KEYWORDS: &[&str] = &[
    "select",
    "insert",
    "update",
    "delete",
    "create",
    "drop",
    "alter",
    "truncate",
    "grant",
    "revoke",
    "vacuum",
    "set",
    "copy",
    "listen",
    "notify",
    "pragma",
    "attach",
    "reindex",
    "analyze",
    "explain",
    "begin",
    "commit",
    "rollback",
    "savepoint",
    "call",
    "with",
    "merge",
    "values",
    "from",
    "where",
];

/// Whether `text` reads like SQL: it has a statement or clause keyword as a word
/// (`SELECT * FROM users WHERE`, `SET search_path TO`).
pub fn looks_like_sql(text: &str) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .any(|w| SQL_KEYWORDS.iter().any(|k| w.eq_ignore_ascii_case(k)))
}

/// How strongly one of `crates` is in scope: 0 imported by this file, 1 a package dependency.
fn crate_in_scope(cx: &Cx, crates: &[&str]) -> Option<u8> {
    if crates.iter().any(|c| cx.imports_crate(c)) {
        Some(0)
    } else if crates.iter().any(|c| cx.file.package.depends_on(c)) {
        Some(1)
    } else {
        None
    }
}

fn peel(mut expr: &Expr) -> &Expr {
    loop {
        expr = match syntax::peel_refs(expr) {
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => &u.expr,
            e => return e,
        };
    }
}

/// Whether `recv` is a sqlx `QueryBuilder` (or the `Separated` it hands out), and how sure that is:
/// built by `QueryBuilder::new` in sight is `High`, known only from a type annotation `Medium`.
fn query_builder(cx: &Cx, recv: &Expr, depth: usize) -> Option<Confidence> {
    if depth > 3 {
        return None;
    }
    match peel(recv) {
        Expr::MethodCall(m) if QUERY_BUILDER_CHAIN.contains(&m.method.to_string().as_str()) => {
            query_builder(cx, &m.receiver, depth)
        }
        Expr::Call(c) => {
            let Expr::Path(p) = &*c.func else { return None };
            let path = cx.resolve(&p.path);
            let n = path.len();
            (n >= 2
                && path[n - 2] == "QueryBuilder"
                && matches!(path[n - 1].as_str(), "new" | "with_arguments"))
            .then_some(Confidence::High)
        }
        e => {
            let binding = cx.local(&syntax::ident_of(e)?)?;
            if let Some(found) = binding
                .init
                .and_then(|init| query_builder(cx, init, depth + 1))
            {
                return Some(found);
            }
            let ty = binding.ty?;
            matches!(syntax::type_name(ty).as_str(), "QueryBuilder" | "Separated")
                .then_some(Confidence::Medium)
        }
    }
}

/// Whether a sqlx `Executor` method's receiver looks like a pool, connection or transaction
/// (`pool`, `&self.db`, `&mut *tx`, `pool.acquire().await?`) rather than a query object
/// (`sqlx::query(..).bind(..)`, a local holding one), whose methods take the executor instead.
fn is_executor(cx: &Cx, recv: &Expr) -> bool {
    let mut e = recv;
    loop {
        e = match peel(e) {
            Expr::Await(a) => &a.base,
            Expr::Try(t) => &t.expr,
            Expr::Field(_) => return true,
            Expr::MethodCall(m) => {
                let name = m.method.to_string();
                if !matches!(
                    name.as_str(),
                    "as_mut"
                        | "as_ref"
                        | "deref"
                        | "deref_mut"
                        | "acquire"
                        | "begin"
                        | "get"
                        | "lock"
                ) {
                    return false;
                }
                &m.receiver
            }
            other => {
                let Some(name) = syntax::ident_of(other) else {
                    return false;
                };
                return cx
                    .local(&name)
                    .and_then(|b| b.init)
                    .is_none_or(|init| !is_sqlx_query_object(cx, init));
            }
        }
    }
}

/// Whether `expr` builds a sqlx query object: a chain rooted at a sqlx query function or
/// `QueryBuilder`, or holding `.bind(..)`/`.build()`.
fn is_sqlx_query_object(cx: &Cx, expr: &Expr) -> bool {
    let mut e = expr;
    loop {
        e = match peel(e) {
            Expr::Await(a) => &a.base,
            Expr::Try(t) => &t.expr,
            Expr::MethodCall(m) if SQLX_QUERY_METHODS.contains(&m.method.to_string().as_str()) => {
                return true
            }
            Expr::MethodCall(m) => &m.receiver,
            Expr::Call(c) => {
                let Expr::Path(p) = &*c.func else {
                    return false;
                };
                let path = cx.resolve(&p.path);
                return path.first().is_some_and(|s| s == "sqlx")
                    && path.last().is_some_and(|f| SQLX_FNS.contains(&f.as_str()))
                    || path.iter().any(|s| s == "QueryBuilder");
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Diagnostic;
    use crate::rule::{Rule, RuleMeta};
    use crate::rules::security::sql_injection::META;
    use crate::testing::assert_rule;

    /// Reports every SQL argument the matcher finds, to test the matcher alone (under BG601's
    /// code, as only catalogued codes pass the level filter).
    struct Probe;

    impl Rule for Probe {
        fn meta(&self) -> &'static RuleMeta {
            &META
        }

        fn check_expr(&self, cx: &Cx, expr: &Expr, out: &mut Vec<Diagnostic>) {
            if let Some(call) = query_sql_arg(cx, expr) {
                let msg = format!("{} {}", call.library.name(), call.api);
                out.push(Diagnostic::new(&META, syntax::report_span(call.sql), msg));
            }
        }
    }

    #[test]
    fn sqlx_functions_builders_and_executors() {
        assert_rule(
            &Probe,
            &["sqlx"],
            r#"
use sqlx::{query, Executor, PgPool, Postgres, QueryBuilder};
async fn f(pool: &PgPool, qb2: &mut QueryBuilder<'_, Postgres>, items: Vec<i64>) {
    query("SELECT 1").execute(pool).await; // expect: BG601
    sqlx::query_as::<_, User>(
        "SELECT * FROM users", // expect: BG601
    );
    sqlx::query_scalar("SELECT count(*) FROM users"); // expect: BG601
    sqlx::raw_sql("VACUUM"); // expect: BG601
    let mut qb = QueryBuilder::<Postgres>::new("SELECT * FROM t"); // expect: BG601
    qb.push(" WHERE id = "); // expect: BG601
    qb.push_bind(1);
    qb2.push(" AND x = "); // expect: BG601
    let mut sep = qb.separated(", ");
    sep.push("a"); // expect: BG601
    pool.execute("CREATE TABLE t (id int)").await; // expect: BG601
    let q = sqlx::query("SELECT 1"); // expect: BG601
    q.fetch_one(pool).await;
    let mut v = Vec::new();
    v.push(format!("{}", 1));
    items.push(2);
    sqlx::query!("SELECT 1");
}
"#,
        );
    }

    #[test]
    fn method_matches_need_the_library() {
        let src = r#"
fn f(client: &Client, conn: &Connection, http: &reqwest::Client, stmt: &mut Statement) {
    client.query("SELECT 1", &[]); // expect: BG601
    client.batch_execute("BEGIN"); // expect: BG601
    conn.query_row("SELECT 1", [], |r| r.get(0)); // expect: BG601
    http.execute(req);
    stmt.query([]);
    stmt.execute(params![1]);
    client.query("SELECT 1");
}
"#;
        assert_rule(&Probe, &["tokio_postgres", "rusqlite"], src);
        let none = src.replace("// expect: BG601", "");
        assert_rule(&Probe, &["reqwest"], &none);
    }

    #[test]
    fn recognises_sql_text() {
        assert!(looks_like_sql("SELECT * FROM users WHERE id = "));
        assert!(looks_like_sql("set search_path to "));
        assert!(!looks_like_sql("https://api.example.com/users/"));
        assert!(!looks_like_sql("selected users: "));
    }

    #[test]
    fn diesel_and_sea_orm() {
        assert_rule(
            &Probe,
            &["diesel", "sea_orm"],
            r#"
use diesel::dsl::sql;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
fn f(db: &DatabaseConnection) {
    diesel::sql_query("SELECT 1"); // expect: BG601
    sql::<diesel::sql_types::Bool>("x > 1"); // expect: BG601
    Statement::from_string(DbBackend::Postgres, "SELECT 1"); // expect: BG601
    Statement::from_sql_and_values(DbBackend::Postgres, "SELECT $1", [1.into()]); // expect: BG601
    db.execute_unprepared("VACUUM"); // expect: BG601
    sql_query("SELECT 1");
}
"#,
        );
    }
}
