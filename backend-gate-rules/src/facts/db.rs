//! The database-call matcher shared by the rules about DB access (BG101, BG103, BG104, BG707):
//! which expressions call into a database library. Method names alone are not enough —
//! `.execute()` is everywhere — so the file must import the library or the call chain must show it.

use crate::rules::db_apis::query_sql_arg;
use crate::syntax;
use crate::walk::Cx;
use syn::Expr;

/// A call into a database library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbCall {
    /// Library (`sqlx`, `diesel`, `sea-orm`, `tokio-postgres`, `rusqlite`, `mongodb`).
    pub library: &'static str,
    /// INSERT/UPDATE/DELETE or the library's write API.
    pub write: bool,
    /// An INSERT (or `insert_one`, `ActiveModel::insert`).
    pub insert: bool,
    /// The call, for messages (`sqlx::query_as`, `.load(conn)`).
    pub evidence: String,
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
];
const DIESEL_TERMINALS: &[&str] = &[
    "load",
    "get_result",
    "get_results",
    "first",
    "execute",
    "load_stream",
    "load_iter",
];
const SEA_ORM_TERMINALS: &[&str] = &[
    "one",
    "all",
    "insert",
    "update",
    "delete",
    "save",
    "exec",
    "exec_with_returning",
    "query_one",
    "query_all",
    "count",
    "stream",
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
];

/// Whether `expr` is a database call, and which.
pub fn db_call<'ast>(cx: &Cx<'ast>, expr: &'ast Expr) -> Option<DbCall> {
    // Calls that take SQL text (shared with BG601), except building a query piece by piece.
    if let Some(call) = query_sql_arg(cx, expr) {
        if call.api.starts_with("QueryBuilder::push") {
            return None;
        }
        let sql = syntax::string_lit(call.sql).map(|(s, _)| s);
        let mut db = sql_call(call.library.name(), sql.as_deref(), call.api);
        if sql.is_none() && call.method_only && db.evidence.contains("execute") {
            db.write = true;
        }
        return Some(db);
    }
    match expr {
        Expr::Macro(m) => {
            let path = cx.resolve(&m.mac.path);
            let name = path.last()?.as_str();
            if path.first().is_some_and(|s| s == "sqlx") && SQLX_MACROS.contains(&name) {
                let sql = cx
                    .macro_args(&m.mac)
                    .and_then(|a| a.iter().find_map(syntax::string_lit))
                    .map(|(s, _)| s);
                return Some(sql_call("sqlx", sql.as_deref(), format!("sqlx::{name}!")));
            }
            None
        }
        Expr::MethodCall(m) => method_call(cx, m),
        _ => None,
    }
}

fn method_call(cx: &Cx, m: &syn::ExprMethodCall) -> Option<DbCall> {
    let name = m.method.to_string();
    let name = name.as_str();
    if DIESEL_TERMINALS.contains(&name) && m.args.len() == 1 && cx.imports_crate("diesel") {
        let root = chain_root_fn(&m.receiver);
        let write = matches!(
            root.as_deref(),
            Some("insert_into" | "update" | "delete" | "replace_into" | "insert_or_ignore_into")
        );
        let insert = matches!(
            root.as_deref(),
            Some("insert_into" | "replace_into" | "insert_or_ignore_into")
        );
        let library = if cx.uses_crate("diesel_async") {
            "diesel_async"
        } else {
            "diesel"
        };
        return Some(DbCall {
            library,
            write,
            insert,
            evidence: format!(".{name}(..) (diesel)"),
        });
    }
    if SEA_ORM_TERMINALS.contains(&name) && m.args.len() == 1 && cx.imports_crate("sea_orm") {
        let root = chain_root_fn(&m.receiver);
        let write = matches!(
            name,
            "insert" | "update" | "delete" | "save" | "exec" | "exec_with_returning"
        ) && !matches!(root.as_deref(), Some("find" | "find_by_id"))
            || matches!(
                root.as_deref(),
                Some("insert" | "insert_many" | "update_many" | "delete_many" | "delete_by_id")
            );
        let insert = name == "insert" || matches!(root.as_deref(), Some("insert" | "insert_many"));
        return Some(DbCall {
            library: "sea-orm",
            write,
            insert,
            evidence: format!(".{name}(..) (sea-orm)"),
        });
    }
    if (MONGO_READS.contains(&name) || MONGO_WRITES.contains(&name)) && cx.imports_crate("mongodb")
    {
        let write = MONGO_WRITES.contains(&name);
        return Some(DbCall {
            library: "mongodb",
            write,
            insert: name.starts_with("insert"),
            evidence: format!(".{name}(..) (mongodb)"),
        });
    }
    None
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
    }
}

/// The statement's verb in lower case (`with x as (..) insert ..` gives `insert`).
pub fn sql_verb(sql: &str) -> String {
    let lower = sql.trim_start().to_ascii_lowercase();
    let first = lower.split_whitespace().next().unwrap_or("").to_string();
    if first == "with" {
        for verb in ["insert", "update", "delete"] {
            if lower.contains(&format!(") {verb} ")) || lower.contains(&format!(")\n{verb} ")) {
                return verb.to_string();
            }
        }
        return "select".into();
    }
    first
}

/// The name of the function at the root of a method chain (`diesel::insert_into(users)` in
/// `insert_into(users).values(..).execute(conn)`), or of the first method for `Entity::find()`.
fn chain_root_fn(mut expr: &Expr) -> Option<String> {
    loop {
        match expr {
            Expr::MethodCall(m) => expr = &m.receiver,
            Expr::Call(c) => {
                return match &*c.func {
                    Expr::Path(p) => Some(syntax::last_ident(&p.path)),
                    _ => None,
                }
            }
            Expr::Paren(p) => expr = &p.expr,
            Expr::Reference(r) => expr = &r.expr,
            Expr::Await(a) => expr = &a.base,
            Expr::Try(t) => expr = &t.expr,
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs() {
        assert_eq!(sql_verb("  INSERT INTO users"), "insert");
        assert_eq!(sql_verb("WITH x AS (SELECT 1) DELETE FROM users"), "delete");
        assert_eq!(sql_verb("select * from t"), "select");
    }
}
