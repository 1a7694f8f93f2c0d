//! BG807 select-star.

use crate::finding::Diagnostic;
use crate::rule::{Category, Level, Preset, Rule, RuleMeta};
use crate::walk::Cx;
use sqlparser::ast::{SelectItem, SetExpr, Statement};
use syn::Expr;

/// Metadata of BG807.
pub static META: RuleMeta = RuleMeta {
    code: "BG807",
    name: "select-star",
    category: Category::Database,
    level: Level::Allow,
    preset: Preset::Strict,
    summary: "`SELECT *` in a SQL string literal given to a query API (sqlx `query*`, diesel \
              `sql_query`, tokio-postgres, rusqlite, sea-orm)",
    why: "`SELECT *` ties the code to the table's column order and set: a migration that adds a \
          column (a large blob, a secret) silently ships it to every query, mapping by position \
          breaks, and the database cannot use index-only scans. Naming the columns documents what \
          the code needs.",
    bad: "let user: User = sqlx::query_as(\"SELECT * FROM users WHERE id = $1\")\n    .bind(id)\n    .fetch_one(&pool)\n    .await?;",
    good: "let user: User = sqlx::query_as(\"SELECT id, email, display_name FROM users WHERE id = $1\")\n    .bind(id)\n    .fetch_one(&pool)\n    .await?;",
    in_tests: false,
};

/// BG807 select-star.
pub struct SelectStar;

/// Whether the query's own result columns (not a subquery's) include a bare `*`.
fn selects_star(body: &SetExpr) -> bool {
    match body {
        SetExpr::Select(s) => s
            .projection
            .iter()
            .any(|p| matches!(p, SelectItem::Wildcard(_))),
        SetExpr::SetOperation { left, right, .. } => selects_star(left) || selects_star(right),
        SetExpr::Query(q) => selects_star(&q.body),
        _ => false,
    }
}

impl Rule for SelectStar {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_expr(&self, cx: &Cx, expr: &Expr, out: &mut Vec<Diagnostic>) {
        let Some(lit) = super::sql_literal(cx, expr) else {
            return;
        };
        // Only a query with a `*` can select star: most literals need no parse here.
        if !lit.text.contains('*') {
            return;
        }
        let parsed = super::parse_literal(cx, lit.call.library, &lit.text);
        let Ok(stmts) = &*parsed else {
            return;
        };
        let star = stmts.iter().any(|s| match s {
            Statement::Query(q) => selects_star(&q.body),
            _ => false,
        });
        if !star {
            return;
        }
        let lower = lit.text.to_ascii_lowercase();
        let at = lower.find("select").and_then(|i| {
            let rest = &lower[i + 6..];
            let skip = rest.len() - rest.trim_start().len();
            rest.trim_start().starts_with('*').then_some(i + 6 + skip)
        });
        let span = at.map_or(lit.lit.span(), |o| super::span_in_literal(lit.lit, o, 1));
        out.push(
            Diagnostic::new(
                &META,
                span,
                format!("`SELECT *` in the query given to `{}`", lit.call.api),
            )
            .label("every column, present and future")
            .help("name the columns the code reads (`SELECT id, email, created_at FROM …`)")
            .confidence(lit.call.confidence),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_rule;

    #[test]
    fn star_in_sqlx_and_diesel_queries() {
        assert_rule(
            &SelectStar,
            &["sqlx", "diesel"],
            r#"
use sqlx::PgPool;

pub async fn by_id(pool: &PgPool, id: i64) -> sqlx::Result<User> {
    sqlx::query_as::<_, User>("SELECT * FROM users WHERE id = $1") // expect: BG807
        .bind(id)
        .fetch_one(pool)
        .await
}

pub async fn recent(pool: &PgPool) -> sqlx::Result<Vec<Post>> {
    sqlx::query_as("select  * from posts order by created_at desc limit 20").fetch_all(pool).await // expect: BG807
}

pub fn all_tags(conn: &mut diesel::PgConnection) -> diesel::QueryResult<Vec<Tag>> {
    use diesel::RunQueryDsl;
    diesel::sql_query("SELECT * FROM tags UNION SELECT * FROM archived_tags").load(conn) // expect: BG807
}
"#,
        );
    }

    #[test]
    fn named_columns_counts_subqueries_and_tests() {
        assert_rule(
            &SelectStar,
            &["sqlx"],
            r#"
use sqlx::PgPool;

pub async fn stats(pool: &PgPool) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM users").fetch_one(pool).await?;
    sqlx::query_scalar("SELECT EXISTS (SELECT * FROM users WHERE admin)").fetch_one(pool).await?;
    sqlx::query("SELECT id, email FROM users").fetch_all(pool).await?;
    let text = "SELECT * FROM users";
    println!("{text}");
    Ok(0)
}

#[cfg(test)]
mod tests {
    #[sqlx::test]
    async fn loads(pool: sqlx::PgPool) {
        sqlx::query("SELECT * FROM users").fetch_all(&pool).await.unwrap();
    }
}
"#,
        );
    }
}
