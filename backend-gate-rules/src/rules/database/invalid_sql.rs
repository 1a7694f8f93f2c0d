//! BG806 invalid-sql.

use crate::finding::{Diagnostic, Finding};
use crate::migrations::{MigrationCx, StmtKind};
use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG806.
pub static META: RuleMeta = RuleMeta {
    code: "BG806",
    name: "invalid-sql",
    category: Category::Database,
    level: Level::Deny,
    preset: Preset::Recommended,
    summary: "a migration statement, or a SQL string literal given to a query API, that does not \
              parse as SQL of the package's database (PostgreSQL unless the package uses only \
              MySQL or SQLite clients)",
    why: "A migration that does not parse fails at deploy time, on the production database, \
          often halfway through a set of statements. Catching it in review costs nothing; \
          catching it during a release means a failed rollout and a manual repair.",
    bad: "CREATE TABLE posts (\n    id BIGSERIAL PRIMARY KEY,\n    title TEXT NOT NULL,\n);",
    good: "CREATE TABLE posts (\n    id BIGSERIAL PRIMARY KEY,\n    title TEXT NOT NULL\n);",
    in_tests: true,
};

/// BG806 invalid-sql.
pub struct InvalidSql;

impl Rule for InvalidSql {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_expr(&self, cx: &crate::walk::Cx, expr: &syn::Expr, out: &mut Vec<Diagnostic>) {
        // Tests send broken SQL on purpose, to test error paths.
        if cx.in_test() {
            return;
        }
        let Some(lit) = super::sql_literal(cx, expr) else {
            return;
        };
        let parsed = super::parse_literal(cx, lit.call.library, &lit.text);
        let Err((message, line, col)) = &*parsed else {
            return;
        };
        let (line, col) = (*line, *col);
        // Without a position the parser ran out of input: point at the query's last character.
        let offset = match line {
            0 => lit.text.trim_end().len().saturating_sub(1),
            _ => super::offset_of(&lit.text, line, col),
        };
        let span = super::span_in_literal(lit.lit, offset, 1);
        out.push(
            Diagnostic::new(
                &META,
                span,
                format!(
                    "the SQL given to `{}` does not parse: {message}",
                    lit.call.api
                ),
            )
            .label("the parser stopped here")
            .help("fix the query text; the database would reject it at run time")
            .confidence(lit.call.confidence),
        );
    }

    fn check_migrations(&self, cx: &MigrationCx, out: &mut Vec<Finding>) {
        for set in cx.sets {
            for st in &set.statements {
                let StmtKind::Invalid { message, at } = &st.kind else {
                    continue;
                };
                let text = set
                    .files
                    .get(st.file)
                    .map_or("", |f| f.source.line_text(st.start.line));
                let head: String = text.trim().chars().take(40).collect();
                let msg = format!(
                    "`{head}` does not parse as {} SQL: {message}",
                    set.dialect_name()
                );
                out.extend(cx.finding(&META, set, st.file, *at, msg).map(|f| {
                    f.with_label("the parser stopped here").with_help(
                        "fix the statement (the statements after it were still checked); if it is \
                         valid for your database, the dialect is wrong: backend-gate reads \
                         PostgreSQL unless the package's client crates or sqlx/diesel/sea-orm \
                         features name only MySQL or only SQLite",
                    )
                }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrations::{Dialect, Layout};
    use crate::testing::assert_migrations;

    fn pg(migrations: &[crate::testing::TestMigration]) {
        assert_migrations(
            &InvalidSql,
            Preset::Recommended,
            Layout::Sqlx,
            Dialect::Postgres,
            migrations,
        );
    }

    #[test]
    fn broken_sql_literals_in_rust() {
        crate::testing::assert_rule(
            &InvalidSql,
            &["sqlx", "tokio_postgres"],
            r#"
use sqlx::PgPool;

pub async fn find(pool: &PgPool, id: i64) -> sqlx::Result<(String,)> {
    sqlx::query_as("SELECT name FROM users WHERE id = $1").bind(id).fetch_one(pool).await?;
    sqlx::query("SELEC name FROM users").execute(pool).await?; // expect: BG806
    sqlx::query("UPDATE users SET name = ? WHERE id = ?").execute(pool).await?;
    sqlx::query("DELETE FROM sessions WHERE token = :token").execute(pool).await?;
    sqlx::query_as(
        "SELECT id, name
         FROM users
         WHERE id = $1 AND", // expect: BG806
    )
    .bind(id)
    .fetch_one(pool)
    .await
}

pub async fn report(client: &tokio_postgres::Client) -> Result<(), tokio_postgres::Error> {
    client.batch_execute("CREATE TABLE t (a INT); INSERT INTO t VALUES (1)").await?;
    client.execute("INSERT INTO t VALUES ($1,", &[&1]).await?; // expect: BG806
    let mut qb = sqlx::QueryBuilder::<sqlx::Postgres>::new("SELECT * FROM users WHERE ");
    qb.push("id = ");
    client.execute("not sql at all", &[]).await?;
    client.batch_execute("PRAGMA foreign_keys = ON").await?;
    client.batch_execute("VACUUM ANALYZE users").await?;
    client.batch_execute("VACUUM INTO ?").await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[sqlx::test]
    async fn reports_syntax_errors(pool: sqlx::PgPool) {
        assert!(sqlx::query("SELEC 1").execute(&pool).await.is_err());
    }
}
"#,
        );
    }

    #[test]
    fn reports_each_broken_statement_and_goes_on() {
        pg(&[(
            "20240101000000_init",
            "CREATE TABLE users (\n    id BIGSERIAL PRIMARY KEY,\n    email TEXT NOT NULL,\n); -- expect: BG806\n\
             CREATE TABLE posts (id BIGSERIAL PRIMARY KEY, title TEXT);\n\
             CREAT INDEX posts_title_idx ON posts (title); -- expect: BG806\n\
             ALTER TABLE posts ADD COLUMN body TEXT NOT NULL DEFAULT '';\n",
            None,
        )]);
    }

    #[test]
    fn reports_broken_down_migrations_too() {
        pg(&[(
            "20240101000000_init",
            "CREATE TABLE tags (id SERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE);",
            Some("DROP TABEL tags; -- expect: BG806"),
        )]);
    }

    #[test]
    fn error_position_points_into_the_file() {
        let findings = crate::testing::check_migrations(
            &InvalidSql,
            Preset::Recommended,
            Layout::Sqlx,
            Dialect::Postgres,
            &[("1_init", "-- users\nSELECT 1;\nCREATE TABLE t (\n  a INT,\n  b INT NOT NULL DEFAULT,\n  c INT\n);", None)],
        );
        assert_eq!(findings.len(), 1, "{findings:?}");
        let at = findings[0].range.start;
        assert_eq!((at.line, at.column), (5, 25), "{}", findings[0].message);
    }

    #[test]
    fn postgres_specific_statements_parse() {
        pg(&[(
            "20240101000000_init",
            "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\";\n\
             CREATE TYPE order_status AS ENUM ('pending', 'paid', 'shipped');\n\
             CREATE TABLE orders (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), status order_status NOT NULL, \
             tags TEXT[] NOT NULL DEFAULT '{}', placed_at TIMESTAMPTZ NOT NULL DEFAULT now());\n\
             CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status) WHERE status <> 'shipped';\n\
             DO $$ BEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app') THEN CREATE ROLE app; END IF;\nEND $$;\n\
             CREATE OR REPLACE FUNCTION touch() RETURNS trigger AS $body$ BEGIN NEW.placed_at = now(); RETURN NEW; END; $body$ LANGUAGE plpgsql;\n\
             create or replace function bump() returns trigger as $func$ begin return NEW; end; $func$\nlanguage plpgsql volatile\ncost 100;\n\
             CREATE FUNCTION owner_of(t TEXT) RETURNS TEXT SECURITY DEFINER SET search_path = public AS $$ SELECT t $$ LANGUAGE sql;\n\
             INSERT INTO orders (id, status) VALUES ($1, 'pending') ON CONFLICT (id) DO NOTHING;\n\
             CREATE TABLE events (id BIGINT NOT NULL, at DATE NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);\n\
             CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n\
             CREATE TABLE orders_copy AS SELECT * FROM orders;\n\
             COMMENT ON TABLE orders IS 'customer orders';\n\
             CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();\n\
             GRANT SELECT ON orders TO app;\n\
             ALTER TABLE orders ENABLE ROW LEVEL SECURITY;\n\
             COMMENT ON CONSTRAINT orders_pkey ON orders IS 'one row per order';\n\
             COMMENT ON FUNCTION touch() IS 'keeps placed_at current';\n\
             ALTER INDEX IF EXISTS orders_status_idx RENAME TO orders_open_status_idx;\n\
             DROP INDEX CONCURRENTLY IF EXISTS orders_open_status_idx;\n\
             drop index concurrently orders_copy_idx;\n\
             DROP INDEX CONCURRENTLY IF EXISTS; -- expect: BG806\n",
            None,
        )]);
    }

    #[test]
    fn mysql_and_sqlite_dialects() {
        assert_migrations(
            &InvalidSql,
            Preset::Recommended,
            Layout::Sqlx,
            Dialect::MySql,
            &[(
                "1_init",
                "CREATE TABLE users (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, `name` VARCHAR(64)) ENGINE=InnoDB;",
                None,
            )],
        );
        assert_migrations(
            &InvalidSql,
            Preset::Recommended,
            Layout::Sqlx,
            Dialect::Sqlite,
            &[(
                "1_init",
                "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);\n\
                 PRAGMA foreign_keys = ON;\n\
                 CREATE TRIGGER users_ai AFTER INSERT ON users BEGIN UPDATE users SET name = lower(NEW.name) WHERE id = NEW.id; END;\n\
                 CREATE VIRTUAL TABLE users_fts USING fts5(name, content='users', content_rowid='id');",
                None,
            )],
        );
        // Only SQLite's module arguments are free-form: elsewhere the statement is not SQL.
        assert_migrations(
            &InvalidSql,
            Preset::Recommended,
            Layout::Sqlx,
            Dialect::Postgres,
            &[(
                "1_init",
                "CREATE VIRTUAL TABLE users_fts USING fts5(name, content='users'); -- expect: BG806",
                None,
            )],
        );
    }
}
