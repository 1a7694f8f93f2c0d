//! Database rules: SQL migrations, replayed into a schema (see [`crate::migrations`]).

pub mod blocking_index_creation;
pub mod destructive_migration;
pub mod invalid_sql;
pub mod irreversible_migration;
pub mod select_star;
pub mod table_without_primary_key;
pub mod unindexed_foreign_key;

use crate::migrations::Dialect;
use crate::rules::db_apis::{looks_like_sql, query_sql_arg, Library, SqlCall};
use crate::walk::Cx;
use proc_macro2::Span;
use sqlparser::ast::Statement;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use syn::{Expr, Lit, LitStr};

/// A complete SQL query given as a string literal to a query API (fragments handed to
/// `QueryBuilder` or diesel's `sql` are left out: they do not parse on their own).
pub struct SqlLiteral<'e> {
    /// The call.
    pub call: SqlCall<'e>,
    /// The literal.
    pub lit: &'e LitStr,
    /// Its value.
    pub text: String,
}

/// The SQL literal `expr` hands to a query API, if any.
pub fn sql_literal<'e>(cx: &Cx, expr: &'e Expr) -> Option<SqlLiteral<'e>> {
    let call = query_sql_arg(cx, expr)?;
    if call.api.starts_with("QueryBuilder") || call.api == "diesel::dsl::sql" {
        return None;
    }
    let Expr::Lit(l) = crate::syntax::peel_refs(call.sql) else {
        return None;
    };
    let Lit::Str(lit) = &l.lit else {
        return None;
    };
    let text = lit.value();
    if call.method_only && !looks_like_sql(&text) {
        return None;
    }
    Some(SqlLiteral { call, lit, text })
}

/// Parses a literal's SQL with the library's dialect, then the others: placeholders of any style
/// (`$1`, `?`, `:name`) and dialect-specific statements are accepted before an error is reported.
/// The error is `(message, line, column)` inside the literal's value.
pub fn parse_literal(cx: &Cx, library: Library, text: &str) -> Rc<ParsedLiteral> {
    // The configured `dialect` is tried first (its error is the one reported).
    let dialect = match library {
        Library::Rusqlite => Dialect::Sqlite,
        Library::Postgres => Dialect::Postgres,
        _ => Dialect::for_package(&cx.file.package),
    };
    // BG806 and BG807 both read every query literal, and the same query text recurs across a
    // codebase: parse each (dialect, text) once per worker thread.
    thread_local! {
        static PARSED: RefCell<HashMap<(Dialect, String), Rc<ParsedLiteral>>> = RefCell::default();
    }
    let key = (dialect, text.to_string());
    if let Some(known) = PARSED.with(|p| p.borrow().get(&key).cloned()) {
        return known;
    }
    let parsed = Rc::new(parse_literal_uncached(dialect, text));
    PARSED.with(|p| {
        let mut p = p.borrow_mut();
        if p.len() > MAX_CACHED_LITERALS {
            p.clear();
        }
        p.insert(key, parsed.clone());
    });
    parsed
}

/// How a query literal parsed: its statements, or the parser's message with line and column.
pub type ParsedLiteral = Result<Vec<Statement>, (String, u64, u64)>;

/// Bound on the literals remembered per thread.
const MAX_CACHED_LITERALS: usize = 4096;

fn parse_literal_uncached(dialect: Dialect, text: &str) -> ParsedLiteral {
    use sqlparser::dialect::{GenericDialect, SQLiteDialect};
    use sqlparser::parser::Parser;
    let first = dialect.parser();
    let err = match Parser::parse_sql(&*first, text) {
        Ok(stmts) => return Ok(stmts),
        Err(_) if crate::migrations::unreadable_but_valid(&*first, text) => return Ok(Vec::new()),
        Err(e) => e.to_string(),
    };
    // A statement another dialect reads (`PRAGMA`, backticks) is given the benefit of the doubt:
    // the package may talk to several databases.
    let others: [&dyn sqlparser::dialect::Dialect; 3] = [
        &GenericDialect {},
        &SQLiteDialect {},
        &sqlparser::dialect::MySqlDialect {},
    ];
    if let Some(stmts) = others.iter().find_map(|d| Parser::parse_sql(*d, text).ok()) {
        return Ok(stmts);
    }
    let message = err.strip_prefix("sql parser error: ").unwrap_or(&err);
    let (message, line, col) = match message.rfind(" at Line: ") {
        Some(i) => {
            let mut nums = message[i..]
                .split(|c: char| !c.is_ascii_digit())
                .filter_map(|n| n.parse::<u64>().ok());
            let (line, col) = (nums.next().unwrap_or(0), nums.next().unwrap_or(0));
            (&message[..i], line, col)
        }
        None => (message, 0, 0),
    };
    Err((message.to_string(), line, col))
}

/// The span of byte `offset` (`len` bytes) of a literal's value, when the literal's source text
/// maps one to one onto its value (no escapes, ASCII); else the whole literal.
pub fn span_in_literal(lit: &LitStr, offset: usize, len: usize) -> Span {
    let token = lit.token();
    let raw = token.to_string();
    let Some(open) = raw.find('"') else {
        return lit.span();
    };
    let body = &raw[open + 1..];
    let one_to_one = raw.is_ascii() && (raw.starts_with('r') || !body.contains('\\'));
    if !one_to_one {
        return lit.span();
    }
    let start = open + 1 + offset;
    token
        .subspan(start..start + len.max(1))
        .unwrap_or_else(|| lit.span())
}

/// Byte offset in `text` of 1-based `line` and `col` (characters).
pub fn offset_of(text: &str, line: u64, col: u64) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(n) => start += n + 1,
            None => return text.len(),
        }
    }
    text[start..]
        .char_indices()
        .nth(col.saturating_sub(1) as usize)
        .map_or(text.len(), |(i, _)| start + i)
}
