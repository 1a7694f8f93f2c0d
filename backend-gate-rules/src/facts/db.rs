//! The database-call matcher shared by the rules about DB access (BG101, BG103, BG104, BG302,
//! BG707): which expressions make a round trip to a database through a library. Method names
//! alone are not enough — `.execute()`, `.insert()`, `.all()`, `.find()`, `.load()` are
//! everywhere — so a method match also needs the library imported by the file and a call chain
//! of that library's shape (a diesel/sea-orm query builder, a connection-like argument, SQL text).
//!
//! One query is one call: the sqlx query function or macro (not the `.fetch_one(..)` that runs
//! it), the diesel/sea-orm terminal method (not the builder calls before it).

use crate::rule::Confidence;
use crate::rules::db_apis::{looks_like_sql, query_sql_arg, strip_reexport};
use crate::syntax;
use crate::walk::Cx;
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::Expr;

/// Every name [`DbCall::library`] takes: the result cache maps stored names back to these (a name
/// missing here only costs a cache miss).
pub const LIBRARIES: &[&str] = &[
    "sqlx",
    "diesel",
    "diesel_async",
    "sea-orm",
    "tokio-postgres",
    "rusqlite",
    "mongodb",
];

/// A call into a database library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbCall {
    /// Library (`sqlx`, `diesel`, `diesel_async`, `sea-orm`, `tokio-postgres`, `rusqlite`, `mongodb`).
    pub library: &'static str,
    /// INSERT/UPDATE/DELETE or the library's write API.
    pub write: bool,
    /// An INSERT (or `insert_one`, `ActiveModel::insert`).
    pub insert: bool,
    /// The call, for messages (`sqlx::query_as`, `diesel::insert_into(..).execute(..)`,
    /// `.load(..) (diesel)`). Matches that rest on a method name start with `.`
    /// (see [`event_confidence`]).
    pub evidence: String,
    /// `High` when the call resolves to the library's path or has its unmistakable shape.
    pub confidence: Confidence,
    /// Starting a transaction (`pool.begin()`): orchestration rather than a query of its own.
    pub transaction: bool,
}

/// The evidence of a transaction start.
const BEGIN: &str = ".begin()";

/// How sure a DB event (from the facts) is, from its evidence: method-name matches (evidence
/// starting with `.`) are `Medium`, path-resolved calls and library-shaped chains `High`.
pub fn event_confidence(evidence: &str) -> Confidence {
    if evidence.starts_with('.') {
        Confidence::Medium
    } else {
        Confidence::High
    }
}

/// Whether a DB event (from the facts) starts a transaction (`pool.begin()`).
pub fn starts_transaction(evidence: &str) -> bool {
    evidence.starts_with(BEGIN)
}

/// Where to point at a DB call: the function path of a call, the macro path, the method of a
/// method call — not the whole (possibly multi-line) expression.
pub fn call_span(expr: &Expr) -> Span {
    match expr {
        Expr::Call(c) => c.func.span(),
        Expr::Macro(m) => m
            .mac
            .path
            .span()
            .join(m.mac.bang_token.span)
            .unwrap_or_else(|| m.mac.path.span()),
        _ => syntax::report_span(expr),
    }
}

const SQLX_MACROS: &[&str] = &[
    "query",
    "query_as",
    "query_scalar",
    "query_unchecked",
    "query_as_unchecked",
    "query_scalar_unchecked",
    "query_file",
    "query_file_as",
    "query_file_scalar",
    "query_file_unchecked",
    "query_file_as_unchecked",
    "query_file_scalar_unchecked",
];

/// diesel (and diesel-async `RunQueryDsl`) methods that run a query; they take the connection.
pub const DIESEL_TERMINALS: &[&str] = &[
    "load",
    "get_result",
    "get_results",
    "first",
    "execute",
    "load_stream",
    "load_iter",
];

/// diesel free functions that start a statement.
const DIESEL_ROOTS: &[&str] = &[
    "insert_into",
    "insert_or_ignore_into",
    "replace_into",
    "update",
    "delete",
    "select",
    "sql_query",
];

/// diesel query-builder methods: a chain holding one is a diesel query.
const DIESEL_BUILDERS: &[&str] = &[
    "filter",
    "or_filter",
    "find",
    "select",
    "order",
    "order_by",
    "then_order_by",
    "limit",
    "offset",
    "inner_join",
    "left_join",
    "left_outer_join",
    "values",
    "set",
    "on_conflict",
    "on_conflict_do_nothing",
    "do_nothing",
    "do_update",
    "returning",
    "group_by",
    "having",
    "distinct",
    "into_boxed",
    "for_update",
    "single_value",
    "belonging_to",
    "grouped_by",
];

/// sea-orm `Select`/`Selector` methods that run the query.
const SEA_ORM_QUERY_TERMINALS: &[&str] = &["one", "all", "count", "stream"];

/// sea-orm `ActiveModel`/`Model` methods that write (they take the connection).
const SEA_ORM_MODEL_WRITES: &[&str] = &["insert", "update", "delete", "save"];

/// sea-orm `Insert`/`Update`/`Delete` executors (`Entity::insert(am).exec(db)`).
const SEA_ORM_EXECS: &[&str] = &[
    "exec",
    "exec_with_returning",
    "exec_with_returning_many",
    "exec_without_returning",
];

/// sea-orm entity functions that start a statement (`Entity::insert(am)`), and whether they write.
const SEA_ORM_ENTITY_WRITES: &[&str] = &[
    "insert",
    "insert_many",
    "update",
    "update_many",
    "delete",
    "delete_many",
    "delete_by_id",
];

/// sea-orm query-builder methods: a chain holding one is a sea-orm select.
const SEA_ORM_BUILDERS: &[&str] = &[
    "find_related",
    "find_also_related",
    "find_with_related",
    "find_linked",
    "find_also_linked",
    "into_model",
    "into_partial_model",
    "into_json",
    "into_tuple",
    "from_raw_sql",
    "select_only",
    "column_as",
];

const MONGO_READS: &[&str] = &[
    "find",
    "find_one",
    "aggregate",
    "count_documents",
    "distinct",
    "estimated_document_count",
];
const MONGO_WRITES: &[&str] = &[
    "insert_one",
    "insert_many",
    "update_one",
    "update_many",
    "delete_one",
    "delete_many",
    "replace_one",
    "find_one_and_update",
    "find_one_and_delete",
    "find_one_and_replace",
    "bulk_write",
];

/// Words of names that hold a database handle (`pool`, `state.db`, `&mut conn`, `txn`).
const HANDLE_WORDS: &[&str] = &[
    "db",
    "database",
    "pool",
    "conn",
    "connection",
    "txn",
    "tx",
    "transaction",
    "executor",
    "pg",
    "postgres",
    "mysql",
    "sqlite",
];

/// Words of names that hold SQL text or a prepared statement.
const SQL_WORDS: &[&str] = &["sql", "query", "stmt", "statement", "ddl", "dml"];

/// Whether `expr` is a database call, and which.
pub fn db_call(cx: &Cx, expr: &Expr) -> Option<DbCall> {
    // Calls that take SQL text (shared with BG601).
    if let Some(call) = query_sql_arg(cx, expr) {
        // Pieces of a query (a builder step, an SQL fragment, a statement value) are not round
        // trips: the call that runs them is.
        if call.api.starts_with("QueryBuilder::push")
            || call.api == "diesel::dsl::sql"
            || call.api.starts_with("Statement::")
        {
            return None;
        }
        let text = sql_text(cx, call.sql, 0);
        if call.method_only {
            let Expr::MethodCall(m) = expr else {
                return None;
            };
            if !plausible_sql_method(cx, m, text.as_deref()) {
                return None;
            }
        }
        let mut db = sql_call(call.library.name(), text.as_deref(), call.api);
        db.confidence = call.confidence;
        if db.evidence.contains("prepare") {
            // Preparing runs nothing: the `execute`/`query` of the statement writes, if anything.
            db.write = false;
            db.insert = false;
        } else if text.is_none() && call.method_only && db.evidence.contains("execute") {
            db.write = true;
        }
        return Some(db);
    }
    if let Some(call) = configured_call(cx, expr) {
        return Some(call);
    }
    match expr {
        Expr::Macro(m) => {
            let path = cx.resolve(&m.mac.path);
            let path = strip_reexport(&path);
            let name = path.last()?.as_str();
            if path.first().is_some_and(|s| s == "sqlx") && SQLX_MACROS.contains(&name) {
                // Parsed here rather than through `cx.macro_args`, whose cache needs the file's
                // lifetime; only sqlx query macros get this far.
                let first = syntax::macro_args(&m.mac)
                    .and_then(|a| a.iter().find_map(syntax::string_lit))
                    .map(|(s, _)| s);
                // `query_file!("queries/insert_user.sql")`: the file name tells the statement.
                let sql = match first {
                    Some(file) if name.starts_with("query_file") => file
                        .rsplit('/')
                        .next()
                        .and_then(|stem| syntax::words(stem).into_iter().next()),
                    other => other,
                };
                return Some(sql_call("sqlx", sql.as_deref(), format!("sqlx::{name}!")));
            }
            None
        }
        Expr::MethodCall(m) => method_call(cx, m),
        _ => None,
    }
}

/// A call of a function (or macro) under a configured database path (`db-paths`): the
/// project's own database API, or a library the matcher does not know.
fn configured_call(cx: &Cx, expr: &Expr) -> Option<DbCall> {
    let settings = cx.settings();
    if settings.db_paths.is_empty() {
        return None;
    }
    let (path, bang) = match expr {
        Expr::Call(c) => match &*c.func {
            Expr::Path(p) => (cx.resolve(&p.path), ""),
            _ => return None,
        },
        Expr::Macro(m) => (cx.resolve(&m.mac.path), "!"),
        _ => return None,
    };
    settings.db_path(&path)?;
    let name = path.last().map(String::as_str).unwrap_or_default();
    let write = [
        "insert", "update", "delete", "upsert", "remove", "create", "save", "execute",
    ]
    .iter()
    .any(|w| syntax::words(name).iter().any(|n| n == w));
    Some(DbCall {
        library: "configured",
        write,
        insert: syntax::words(name)
            .iter()
            .any(|n| n == "insert" || n == "create"),
        evidence: format!("{}{bang}", path.join("::")),
        confidence: Confidence::High,
        transaction: false,
    })
}

fn method_call(cx: &Cx, m: &syn::ExprMethodCall) -> Option<DbCall> {
    let name = m.method.to_string();
    let name = name.as_str();
    if name == "begin" && m.args.is_empty() {
        return begin(cx, m);
    }
    if DIESEL_TERMINALS.contains(&name)
        && m.args.len() == 1
        && (cx.imports_crate("diesel") || cx.imports_crate("diesel_async"))
    {
        if let Some(call) = diesel(cx, m, name) {
            return Some(call);
        }
    }
    let sea_orm_name = SEA_ORM_QUERY_TERMINALS.contains(&name)
        || SEA_ORM_MODEL_WRITES.contains(&name)
        || SEA_ORM_EXECS.contains(&name)
        || matches!(name, "paginate" | "query_one" | "query_all" | "execute");
    if sea_orm_name && cx.imports_crate("sea_orm") {
        if let Some(call) = sea_orm(cx, m, name) {
            return Some(call);
        }
    }
    if (MONGO_READS.contains(&name) || MONGO_WRITES.contains(&name)) && cx.imports_crate("mongodb")
    {
        return mongodb(cx, m, name);
    }
    None
}

/// `pool.begin()`, `state.db.begin()` (sqlx, sea-orm `TransactionTrait`).
fn begin(cx: &Cx, m: &syn::ExprMethodCall) -> Option<DbCall> {
    let library = if cx.imports_crate("sqlx") {
        "sqlx"
    } else if cx.imports_crate("sea_orm") {
        "sea-orm"
    } else {
        return None;
    };
    if !is_handle(cx, &m.receiver) {
        return None;
    }
    Some(DbCall {
        library,
        write: false,
        insert: false,
        evidence: format!("{BEGIN} ({library})"),
        confidence: Confidence::Medium,
        transaction: true,
    })
}

fn diesel(cx: &Cx, m: &syn::ExprMethodCall, name: &str) -> Option<DbCall> {
    let arg = &m.args[0];
    if !is_handle_arg(arg) {
        return None;
    }
    let chain = Chain::of(cx, &m.receiver);
    let root = chain.root_fn.clone();
    let diesel_root = root
        .as_ref()
        .filter(|(path, f)| DIESEL_ROOTS.contains(&f.as_str()) && is_diesel_path(cx, path));
    // `sql_query(..)` is reported where it is called.
    if diesel_root.is_some_and(|(_, f)| f == "sql_query") {
        return None;
    }
    let shaped = diesel_root.is_some()
        || chain.has_method(DIESEL_BUILDERS)
        || chain.root_table
        || root.as_ref().is_some_and(|(_, f)| f == "belonging_to");
    // `.execute(..)` is too common a name: only a diesel-shaped chain. The other terminals on a
    // connection-like argument (`users.load::<User>(&mut conn)`).
    if !(shaped || (name != "execute" && is_handle(cx, arg))) {
        return None;
    }
    let root_name = diesel_root.map(|(_, f)| f.as_str());
    let insert = matches!(
        root_name,
        Some("insert_into" | "replace_into" | "insert_or_ignore_into")
    );
    let write = insert || matches!(root_name, Some("update" | "delete"));
    let library = if cx.uses_crate("diesel_async") {
        "diesel_async"
    } else {
        "diesel"
    };
    let (evidence, confidence) = match root_name {
        Some(f) => (format!("diesel::{f}(..).{name}(..)"), Confidence::High),
        None => (format!(".{name}(..) (diesel)"), Confidence::Medium),
    };
    Some(DbCall {
        library,
        write,
        insert,
        evidence,
        confidence,
        transaction: false,
    })
}

fn sea_orm(cx: &Cx, m: &syn::ExprMethodCall, name: &str) -> Option<DbCall> {
    let call = |write: bool, insert: bool, evidence: String, confidence| {
        Some(DbCall {
            library: "sea-orm",
            write,
            insert,
            evidence,
            confidence,
            transaction: false,
        })
    };
    let chain = Chain::of(cx, &m.receiver);
    let root = chain.root_fn.clone();
    let root_name = root.as_ref().map(|(_, f)| f.as_str());
    // `users::Entity` of `users::Entity::find_by_id(..)`, for messages.
    let entity = || match &root {
        Some((path, _)) if path.len() >= 2 => path[..path.len() - 1].join("::"),
        _ => "Entity".into(),
    };
    let one_arg = m.args.len() == 1 && is_handle_arg(&m.args[0]);
    if (SEA_ORM_QUERY_TERMINALS.contains(&name) && one_arg)
        || (name == "paginate" && m.args.len() == 2 && is_handle_arg(&m.args[0]))
    {
        let find_root = root_name.is_some_and(|f| f.starts_with("find"));
        if find_root {
            let f = root_name.unwrap_or("find");
            return call(
                false,
                false,
                format!("{}::{f}(..).{name}(..)", entity()),
                Confidence::High,
            );
        }
        if chain.has_method(SEA_ORM_BUILDERS) || chain.typed(&["Select", "Selector"]) {
            return call(
                false,
                false,
                format!(".{name}(..) (sea-orm)"),
                Confidence::Medium,
            );
        }
        return None;
    }
    if SEA_ORM_EXECS.contains(&name) && one_arg {
        let f = root_name.filter(|f| SEA_ORM_ENTITY_WRITES.contains(f))?;
        return call(
            true,
            f.starts_with("insert"),
            format!("{}::{f}(..).{name}(..)", entity()),
            Confidence::High,
        );
    }
    if SEA_ORM_MODEL_WRITES.contains(&name) && one_arg {
        let confidence = if chain.active_model {
            Confidence::High
        } else if root_name.is_some_and(|f| f.starts_with("find")) && name == "delete"
            || chain.typed(&["Model"])
        {
            // `Entity::find_by_id(id).one(db).await?` bound, then `model.delete(db)`.
            Confidence::Medium
        } else {
            return None;
        };
        let evidence = if confidence == Confidence::High {
            format!("ActiveModel::{name}(..)")
        } else {
            format!(".{name}(..) (sea-orm)")
        };
        return call(true, name == "insert", evidence, confidence);
    }
    // `db.query_all(Statement::from_string(..))`, `db.execute(stmt)` (`ConnectionTrait`).
    if matches!(name, "query_one" | "query_all" | "execute") && m.args.len() == 1 {
        let sql = statement_sql(cx, &m.args[0], 0)?;
        let mut db = sql_call("sea-orm", sql.as_deref(), format!(".{name}(..) (sea-orm)"));
        db.write |= sql.is_none() && name == "execute";
        return Some(db);
    }
    None
}

fn mongodb(cx: &Cx, m: &syn::ExprMethodCall, name: &str) -> Option<DbCall> {
    let first = m.args.first().map(syntax::peel_refs);
    if matches!(first, Some(Expr::Closure(_)))
        || matches!(first, Some(Expr::Lit(_))) && name != "distinct"
    {
        return None;
    }
    let write = MONGO_WRITES.contains(&name);
    let doc_arg = m
        .args
        .iter()
        .any(|a| matches!(syntax::peel_refs(a), Expr::Macro(mac) if mac.mac.path.is_ident("doc")));
    // Reads have common names (`str::find`, `Iterator::find`): a collection must be in sight.
    if !write && !doc_arg && !is_collection(cx, &m.receiver, 0) {
        return None;
    }
    Some(DbCall {
        library: "mongodb",
        write,
        insert: name.starts_with("insert"),
        evidence: format!(".{name}(..) (mongodb)"),
        confidence: Confidence::Medium,
        transaction: false,
    })
}

fn sql_call(library: &'static str, sql: Option<&str>, evidence: String) -> DbCall {
    let verb = sql.map(sql_verb).unwrap_or_default();
    DbCall {
        library,
        write: matches!(
            verb.as_str(),
            "insert" | "update" | "delete" | "merge" | "upsert" | "replace" | "truncate"
        ),
        insert: verb == "insert",
        evidence,
        confidence: Confidence::High,
        transaction: false,
    }
}

/// The statement's verb in lower case. A `WITH` statement writes when any of its parts does
/// (`with new_row as (insert into ..) select ..` gives `insert`).
pub fn sql_verb(sql: &str) -> String {
    let lower = sql.trim_start().to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .collect();
    let first = words.first().copied().unwrap_or("");
    if first != "with" {
        return first.to_string();
    }
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).copied();
        match (*w, next) {
            ("insert", Some("into")) => return "insert".into(),
            ("delete", Some("from")) => return "delete".into(),
            ("update", Some(_)) if words.get(i + 2) == Some(&"set") => return "update".into(),
            _ => {}
        }
    }
    "select".into()
}

/// The SQL text an argument holds: a literal, a `format!` template, or a local bound to one
/// (also through `client.prepare("..")`).
fn sql_text(cx: &Cx, expr: &Expr, depth: usize) -> Option<String> {
    if depth > 3 {
        return None;
    }
    match syntax::peel_string_conversions(expr) {
        Expr::Lit(_) => syntax::string_lit(expr).map(|(s, _)| s),
        Expr::Macro(m)
            if matches!(
                syntax::last_ident(&m.mac.path).as_str(),
                "format" | "concat"
            ) =>
        {
            syntax::macro_args(&m.mac)?
                .first()
                .and_then(syntax::string_lit)
                .map(|(s, _)| s)
        }
        Expr::Await(a) => sql_text(cx, &a.base, depth + 1),
        Expr::Try(t) => sql_text(cx, &t.expr, depth + 1),
        Expr::MethodCall(m) if m.method.to_string().starts_with("prepare") => {
            sql_text(cx, m.args.first()?, depth + 1)
        }
        e => {
            let init = cx.local(&syntax::ident_of(e)?)?.init?;
            sql_text(cx, init, depth + 1)
        }
    }
}

/// Whether a method matched by name and argument count (`client.query(sql, &[])`,
/// `pool.execute(sql)`) really runs SQL: SQL text in sight, a name that says so, or the
/// parameter list those libraries take.
fn plausible_sql_method(cx: &Cx, m: &syn::ExprMethodCall, text: Option<&str>) -> bool {
    if let Some(text) = text {
        return looks_like_sql(text);
    }
    let Some(first) = m.args.first() else {
        return false;
    };
    let first = syntax::peel_string_conversions(first);
    if matches!(first, Expr::Lit(_) | Expr::Closure(_)) || contains_db_call(cx, first) {
        // Not SQL, or a query object whose own call is reported (`tx.execute(sqlx::query(..))`).
        return false;
    }
    if name_words(first)
        .iter()
        .any(|w| SQL_WORDS.contains(&w.as_str()))
    {
        return true;
    }
    // tokio-postgres `&[&id]`, rusqlite `params![..]`, `[]`, `(a, b)`.
    m.args.iter().skip(1).any(|a| match syntax::peel_refs(a) {
        Expr::Array(_) | Expr::Tuple(_) => true,
        Expr::Macro(mac) => matches!(
            syntax::last_ident(&mac.mac.path).as_str(),
            "params" | "named_params"
        ),
        _ => false,
    })
}

/// Whether a query object's chain holds a DB call of its own.
fn contains_db_call(cx: &Cx, mut expr: &Expr) -> bool {
    loop {
        expr = match syntax::peel_refs(expr) {
            Expr::MethodCall(m) => &m.receiver,
            Expr::Await(a) => &a.base,
            Expr::Try(t) => &t.expr,
            Expr::Call(c) => {
                return matches!(&*c.func, Expr::Path(p) if {
                    let path = cx.resolve(&p.path);
                    strip_reexport(&path).first().is_some_and(|s| s == "sqlx")
                })
            }
            Expr::Macro(m) => {
                return strip_reexport(&cx.resolve(&m.mac.path))
                    .first()
                    .is_some_and(|s| s == "sqlx")
            }
            _ => return false,
        }
    }
}

/// The SQL of a sea-orm `Statement` argument: `Some(Some(sql))` when its text is in sight,
/// `Some(None)` for a statement of unknown text, `None` when it is no statement.
fn statement_sql(cx: &Cx, arg: &Expr, depth: usize) -> Option<Option<String>> {
    if depth > 2 {
        return None;
    }
    match syntax::peel_refs(arg) {
        Expr::Call(c) => {
            let Expr::Path(p) = &*c.func else { return None };
            let path = cx.resolve(&p.path);
            let n = path.len();
            (n >= 2 && path[n - 2] == "Statement")
                .then(|| c.args.iter().nth(1).and_then(|sql| sql_text(cx, sql, 0)))
        }
        e => {
            let name = syntax::ident_of(e)?;
            if let Some(init) = cx.local(&name).and_then(|b| b.init) {
                if let Some(found) = statement_sql(cx, init, depth + 1) {
                    return Some(found);
                }
            }
            syntax::words(&name)
                .iter()
                .any(|w| matches!(w.as_str(), "stmt" | "statement"))
                .then_some(None)
        }
    }
}

/// Whether `expr` names a database handle: a pool, connection or transaction by its name or
/// declared type (`pool`, `&state.db`, `&mut *tx`, `pool.get().await?`, `conn: &mut PgConnection`).
fn is_handle(cx: &Cx, expr: &Expr) -> bool {
    if name_words(expr)
        .iter()
        .any(|w| HANDLE_WORDS.contains(&w.as_str()))
    {
        return true;
    }
    let Some(name) = syntax::ident_of(peel(expr)) else {
        return false;
    };
    cx.local(&name).and_then(|b| b.ty).is_some_and(|ty| {
        let ty = syntax::type_name(ty);
        ["Pool", "Connection", "Transaction", "Conn"]
            .iter()
            .any(|t| ty.ends_with(t))
    })
}

/// Whether an argument can be a connection at all (not a closure, literal or `Ordering::SeqCst`,
/// which `Iterator::all`, `AtomicUsize::load` & co take).
fn is_handle_arg(arg: &Expr) -> bool {
    match peel(arg) {
        Expr::Closure(_) | Expr::Lit(_) | Expr::Range(_) | Expr::Array(_) | Expr::Tuple(_) => false,
        Expr::Path(p) => !matches!(
            syntax::last_ident(&p.path).as_str(),
            "SeqCst" | "Relaxed" | "Acquire" | "Release" | "AcqRel"
        ),
        _ => true,
    }
}

/// Whether `expr` is a mongodb collection: `db.collection::<User>("users")`, a name saying
/// `collection`/`coll`, or a local of type `Collection<..>`.
fn is_collection(cx: &Cx, expr: &Expr, depth: usize) -> bool {
    if depth > 2 {
        return false;
    }
    if name_words(expr)
        .iter()
        .any(|w| matches!(w.as_str(), "collection" | "coll" | "col" | "collections"))
    {
        return true;
    }
    match peel(expr) {
        Expr::MethodCall(m) => m.method == "collection" || is_collection(cx, &m.receiver, depth),
        e => {
            let Some(b) = syntax::ident_of(e).and_then(|n| cx.local(&n)) else {
                return false;
            };
            b.ty.is_some_and(|ty| syntax::type_name(ty) == "Collection")
                || b.init.is_some_and(|i| is_collection(cx, i, depth + 1))
        }
    }
}

/// Strips references, derefs, parentheses, `.await` and `?`.
fn peel(mut expr: &Expr) -> &Expr {
    loop {
        expr = match syntax::peel_refs(expr) {
            Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => &u.expr,
            Expr::Await(a) => &a.base,
            Expr::Try(t) => &t.expr,
            e => return e,
        };
    }
}

/// Lower-case words of the name an expression goes by: a local, a field (`state.db` → `db`),
/// through accessor calls (`pool.get()`, `self.db.clone()`, `db()`).
fn name_words(expr: &Expr) -> Vec<String> {
    match peel(expr) {
        Expr::Path(p) => syntax::words(&syntax::last_ident(&p.path)),
        Expr::Field(f) => match &f.member {
            syn::Member::Named(i) => syntax::words(&i.to_string()),
            syn::Member::Unnamed(_) => name_words(&f.base),
        },
        Expr::MethodCall(m)
            if matches!(
                m.method.to_string().as_str(),
                "clone"
                    | "as_ref"
                    | "as_mut"
                    | "deref"
                    | "deref_mut"
                    | "get"
                    | "get_ref"
                    | "lock"
                    | "acquire"
                    | "borrow"
                    | "borrow_mut"
                    | "inner"
            ) =>
        {
            name_words(&m.receiver)
        }
        Expr::Call(c) if c.args.is_empty() => match &*c.func {
            Expr::Path(p) => syntax::words(&syntax::last_ident(&p.path)),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn is_diesel_path(cx: &Cx, path: &[String]) -> bool {
    strip_reexport(path).first().is_some_and(|s| s == "diesel")
        || path.len() == 1 && cx.imports_crate("diesel")
}

/// A method chain flattened, following the locals it starts from: its method names, the
/// function it starts from, and what the locals it goes through were declared as.
#[derive(Default)]
struct Chain {
    methods: Vec<String>,
    /// The function the chain starts from, resolved, with its last segment
    /// (`diesel::insert_into(users)` → `(["diesel", "insert_into"], "insert_into")`).
    root_fn: Option<(Vec<String>, String)>,
    /// It starts from a diesel table (`users::table`, `schema::users::table`, a `dsl` name).
    root_table: bool,
    /// Declared types of the locals the chain goes through (last segments).
    types: Vec<String>,
    /// An `ActiveModel` is in sight (`users::ActiveModel { .. }`, `.into_active_model()`, a type).
    active_model: bool,
}

impl Chain {
    fn of(cx: &Cx, expr: &Expr) -> Chain {
        let mut chain = Chain::default();
        chain.walk(cx, expr, 0);
        chain
    }

    fn walk(&mut self, cx: &Cx, expr: &Expr, depth: usize) {
        let mut cur = expr;
        loop {
            cur = match peel(cur) {
                Expr::MethodCall(m) => {
                    let name = m.method.to_string();
                    if matches!(name.as_str(), "into_active_model" | "into_active_value") {
                        self.active_model = true;
                    }
                    self.methods.push(name);
                    &m.receiver
                }
                Expr::Struct(s) => {
                    self.active_model |= syntax::last_ident(&s.path) == "ActiveModel";
                    return;
                }
                Expr::Call(c) => {
                    if let Expr::Path(p) = &*c.func {
                        let path = cx.resolve(&p.path);
                        if let Some(last) = path.last().cloned() {
                            self.root_fn = Some((path, last));
                        }
                    }
                    return;
                }
                Expr::Path(p) => {
                    let path = cx.resolve(&p.path);
                    self.root_table = path.len() > 1
                        && (path.last().is_some_and(|s| s == "table")
                            || path.iter().any(|s| s == "schema" || s == "dsl"));
                    let Some(b) = p.path.get_ident().and_then(|n| cx.local(&n.to_string())) else {
                        return;
                    };
                    if depth >= 2 {
                        return;
                    }
                    if let Some(ty) = b.ty {
                        let ty = syntax::type_name(ty);
                        self.active_model |= ty == "ActiveModel";
                        self.types.push(ty);
                    }
                    if let Some(init) = b.init {
                        self.walk(cx, init, depth + 1);
                    }
                    return;
                }
                _ => return,
            }
        }
    }

    fn has_method(&self, names: &[&str]) -> bool {
        self.methods.iter().any(|m| names.contains(&m.as_str()))
    }

    fn typed(&self, names: &[&str]) -> bool {
        self.types.iter().any(|t| names.contains(&t.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Diagnostic;
    use crate::rule::{Rule, RuleMeta};
    use crate::rules::layering::db_call_in_loop::META;
    use crate::testing::assert_rule;

    #[test]
    fn verbs() {
        assert_eq!(sql_verb("  INSERT INTO users"), "insert");
        assert_eq!(sql_verb("WITH x AS (SELECT 1) DELETE FROM users"), "delete");
        assert_eq!(sql_verb("select * from t"), "select");
        assert_eq!(
            sql_verb("with inserted as (insert into article (title) values ($1) returning *) select * from inserted"),
            "insert"
        );
        assert_eq!(
            sql_verb("WITH recent AS (SELECT 1) UPDATE t SET a = 1"),
            "update"
        );
        assert_eq!(
            sql_verb("with x as (select updated_at from t) select * from x"),
            "select"
        );
    }

    #[test]
    fn confidence_from_evidence() {
        assert_eq!(event_confidence("sqlx::query_as"), Confidence::High);
        assert_eq!(event_confidence(".load(..) (diesel)"), Confidence::Medium);
        assert!(starts_transaction(".begin() (sqlx)"));
    }

    /// Reports every DB call the matcher finds as `library r|w|i evidence` (under BG103's code).
    struct Probe;

    impl Rule for Probe {
        fn meta(&self) -> &'static RuleMeta {
            &META
        }

        fn check_expr(&self, cx: &Cx, expr: &Expr, out: &mut Vec<Diagnostic>) {
            if let Some(call) = db_call(cx, expr) {
                let mode = if call.insert {
                    "i"
                } else if call.write {
                    "w"
                } else {
                    "r"
                };
                let msg = format!("{} {mode} {}", call.library, call.evidence);
                out.push(Diagnostic::new(&META, call_span(expr), msg));
            }
        }
    }

    fn messages(src: &str, deps: &[&str]) -> Vec<String> {
        crate::testing::check_snippet(src, deps, &[&Probe])
            .into_iter()
            .map(|f| format!("{} {}", f.range.start.line, f.message))
            .collect()
    }

    #[test]
    fn sqlx_functions_macros_builders_and_transactions() {
        let src = r#"
use sqlx::{PgPool, Postgres, QueryBuilder};
async fn f(pool: &PgPool, state: AppState, http: reqwest::Client, req: reqwest::Request) {
    sqlx::query_as::<_, User>("SELECT id, name FROM users WHERE id = $1") // expect: BG103
        .bind(1)
        .fetch_one(pool)
        .await?;
    sqlx::query!("INSERT INTO users (name) VALUES ($1)", name).execute(pool).await?; // expect: BG103
    sqlx::query_file_as!(User, "queries/update_user.sql", id).execute(pool).await?; // expect: BG103
    sqlx::raw_sql("VACUUM").execute(pool).await?; // expect: BG103
    let mut qb = QueryBuilder::<Postgres>::new("INSERT INTO tags (name) "); // expect: BG103
    qb.push_values(names, |mut b, n| { b.push_bind(n); });
    qb.build().execute(pool).await?;
    let mut tx = state.db.begin().await?; // expect: BG103
    pool.execute("DELETE FROM sessions").await?; // expect: BG103
    http.execute(req).await?;
    let parser = Parser::new();
    parser.begin();
}
"#;
        assert_rule(&Probe, &["sqlx", "reqwest"], src);
        assert_eq!(
            messages(src, &["sqlx", "reqwest"]),
            [
                "4 sqlx r sqlx::query_as",
                "8 sqlx i sqlx::query!",
                "9 sqlx w sqlx::query_file_as!",
                "10 sqlx r sqlx::raw_sql",
                "11 sqlx i QueryBuilder::new",
                "14 sqlx r .begin() (sqlx)",
                "15 sqlx w .execute(..)",
            ]
        );
    }

    #[test]
    fn diesel_terminals_need_a_diesel_chain_or_a_connection() {
        let src = r#"
use diesel::prelude::*;
use crate::schema::{posts, users};
use std::sync::atomic::{AtomicUsize, Ordering};
fn f(conn: &mut PgConnection, hits: &AtomicUsize, client: reqwest::Client, req: Request, loader: Loader) {
    diesel::insert_into(users::table).values(&new_user).execute(conn)?; // expect: BG103
    diesel::update(users::table.find(id)).set(users::name.eq(name)).execute(conn)?; // expect: BG103
    diesel::delete(posts::table.filter(posts::id.eq(id))).execute(conn)?; // expect: BG103
    let all = users::table.load::<User>(conn)?; // expect: BG103
    let one = posts::table.filter(posts::published.eq(true)).first::<Post>(&mut *conn)?; // expect: BG103
    let p = Post::belonging_to(&user).get_results::<Post>(conn)?; // expect: BG103
    diesel::sql_query("SELECT 1").execute(conn)?; // expect: BG103
    hits.load(Ordering::SeqCst);
    client.execute(req);
    loader.load(path);
    v.first();
}
"#;
        assert_rule(&Probe, &["diesel"], src);
        let got = messages(src, &["diesel"]);
        assert_eq!(got[0], "6 diesel i diesel::insert_into(..).execute(..)");
        assert_eq!(got[1], "7 diesel w diesel::update(..).execute(..)");
        assert_eq!(got[3], "9 diesel r .load(..) (diesel)");
    }

    #[test]
    fn sea_orm_selects_active_models_and_statements() {
        let src = r#"
use sea_orm::{ActiveModelTrait, DbBackend, EntityTrait, Set, Statement};
use std::collections::HashSet;
async fn f(db: &DatabaseConnection, state: AppState, items: Vec<i32>, mut seen: HashSet<i32>) {
    let u = users::Entity::find_by_id(id).one(db).await?; // expect: BG103
    let all = Post::find().filter(post::Column::Published.eq(true)).all(&state.conn).await?; // expect: BG103
    let am = users::ActiveModel { name: Set(name), ..Default::default() };
    let saved = am.insert(db).await?; // expect: BG103
    let mut edit: users::ActiveModel = saved.into();
    edit.update(db).await?; // expect: BG103
    users::Entity::delete_by_id(id).exec(db).await?; // expect: BG103
    db.query_all(Statement::from_string(DbBackend::Postgres, "SELECT 1")).await?; // expect: BG103
    db.execute_unprepared("TRUNCATE audit").await?; // expect: BG103
    let ok = items.iter().all(|i| *i > 0);
    seen.insert(3);
    let n = items.iter().count();
    let first = repo.one(db);
}
"#;
        assert_rule(&Probe, &["sea_orm"], src);
        let got = messages(src, &["sea_orm"]);
        assert_eq!(got[0], "5 sea-orm r users::Entity::find_by_id(..).one(..)");
        assert_eq!(got[2], "8 sea-orm i ActiveModel::insert(..)");
        assert_eq!(
            got[4],
            "11 sea-orm w users::Entity::delete_by_id(..).exec(..)"
        );
    }

    #[test]
    fn postgres_rusqlite_and_mongodb() {
        let pg = r#"
use tokio_postgres::Client;
async fn f(client: &Client, http: &HttpClient, name: &str) {
    client.query("SELECT * FROM users", &[]).await?; // expect: BG103
    let stmt = client.prepare("UPDATE users SET name = $1").await?; // expect: BG103
    client.execute(&stmt, &[&name]).await?; // expect: BG103
    client.batch_execute("CREATE TABLE t (id int)").await?; // expect: BG103
    http.execute(request, options);
    name.query("not sql", 1);
}
"#;
        assert_rule(&Probe, &["tokio_postgres"], pg);
        let got = messages(pg, &["tokio_postgres"]);
        assert_eq!(got[2], "6 tokio-postgres w .execute(..)");
        let sqlite = r#"
use rusqlite::{params, Connection};
fn f(conn: &Connection) {
    conn.execute("INSERT INTO t (a) VALUES (?1)", params![1])?; // expect: BG103
    conn.query_row("SELECT a FROM t", [], |r| r.get(0))?; // expect: BG103
}
"#;
        assert_rule(&Probe, &["rusqlite"], sqlite);
        let mongo = r#"
use mongodb::{bson::doc, Collection};
async fn f(db: &Database, users: Collection<User>, name: &str, v: Vec<i32>) {
    let coll = db.collection::<User>("users");
    coll.find_one(doc! { "name": name }).await?; // expect: BG103
    users.insert_one(&user).await?; // expect: BG103
    users.find(doc! {}).await?; // expect: BG103
    name.find('@');
    v.iter().find(|x| **x > 1);
}
"#;
        assert_rule(&Probe, &["mongodb"], mongo);
    }
}
