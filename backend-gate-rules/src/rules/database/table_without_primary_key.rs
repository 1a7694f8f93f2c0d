//! BG803 table-without-primary-key.

use crate::finding::Finding;
use crate::migrations::MigrationCx;
use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG803.
pub static META: RuleMeta = RuleMeta {
    code: "BG803",
    name: "table-without-primary-key",
    category: Category::Database,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "a table that the migrations create and never give a primary key \
              (neither in `CREATE TABLE` nor by a later `ALTER TABLE … ADD PRIMARY KEY`)",
    why: "Without a primary key a row cannot be addressed reliably: duplicates creep in, updates \
          and deletes by ORM hit several rows or none, logical replication (PostgreSQL) refuses \
          UPDATE/DELETE on the table, and join tables without a composite key let the same link \
          be stored twice.",
    bad: "CREATE TABLE post_tags (\n    post_id BIGINT NOT NULL REFERENCES posts (id),\n    tag_id BIGINT NOT NULL REFERENCES tags (id)\n);",
    good: "CREATE TABLE post_tags (\n    post_id BIGINT NOT NULL REFERENCES posts (id),\n    tag_id BIGINT NOT NULL REFERENCES tags (id),\n    PRIMARY KEY (post_id, tag_id)\n);",
    in_tests: true,
};

/// BG803 table-without-primary-key.
pub struct TableWithoutPrimaryKey;

impl Rule for TableWithoutPrimaryKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_migrations(&self, cx: &MigrationCx, out: &mut Vec<Finding>) {
        for set in cx.sets {
            for (name, table) in &set.schema.tables {
                if !table.primary_key.is_empty() {
                    continue;
                }
                let Some(st) = set.statements.get(table.created) else {
                    continue;
                };
                let msg = format!("table `{name}` has no primary key");
                out.extend(cx.finding(&META, set, st.file, st.head, msg).map(|f| {
                    f.with_label("created here, and no later migration adds a primary key")
                        .with_help(format!(
                            "add a primary key: an `id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY` \
                             column, or for a join table `PRIMARY KEY ({})` over the columns that \
                             identify a row",
                            table.columns.iter().take(2).cloned().collect::<Vec<_>>().join(", ")
                        ))
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
            &TableWithoutPrimaryKey,
            Preset::Recommended,
            Layout::Sqlx,
            Dialect::Postgres,
            migrations,
        );
    }

    #[test]
    fn tables_without_any_key() {
        pg(&[(
            "20240101000000_init",
            "CREATE TABLE users (id BIGSERIAL PRIMARY KEY, email TEXT NOT NULL UNIQUE);\n\
             CREATE TABLE audit_log ( -- expect: BG803\n    user_id BIGINT REFERENCES users (id),\n    action TEXT NOT NULL\n);\n\
             CREATE TABLE post_tags (post_id BIGINT NOT NULL, tag TEXT NOT NULL, UNIQUE (post_id, tag)); -- expect: BG803\n",
            None,
        )]);
        pg(&[(
            "1_init",
            "create table public.events (kind text, payload jsonb); -- expect: BG803",
            None,
        )]);
    }

    #[test]
    fn keys_in_any_form_or_added_later() {
        pg(&[
            (
                "20240101000000_init",
                "CREATE TABLE users (id UUID PRIMARY KEY, email TEXT NOT NULL);\n\
                 CREATE TABLE order_items (order_id UUID NOT NULL, product_id UUID NOT NULL, PRIMARY KEY (order_id, product_id));\n\
                 CREATE TABLE sessions (token TEXT NOT NULL, user_id UUID NOT NULL, CONSTRAINT sessions_pkey PRIMARY KEY (token));\n\
                 CREATE TABLE legacy (code TEXT NOT NULL);\n\
                 CREATE TEMPORARY TABLE scratch (n INT);\n\
                 CREATE TABLE events (id BIGINT NOT NULL, at DATE NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);\n\
                 CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n\
                 CREATE TABLE users_copy AS SELECT * FROM users;\n\
                 CREATE TABLE gone (n INT);\n",
                None,
            ),
            (
                "20240102000000_keys",
                "ALTER TABLE legacy ADD PRIMARY KEY (code);\nDROP TABLE gone;\n",
                None,
            ),
        ]);
    }

    #[test]
    fn a_dropped_key_and_a_renamed_table() {
        pg(&[
            (
                "1_init",
                "CREATE TABLE tags (name TEXT PRIMARY KEY);\nCREATE TABLE labels (name TEXT); -- expect: BG803\n",
                None,
            ),
            ("2_rename", "ALTER TABLE labels RENAME TO old_labels;", None),
        ]);
        assert_migrations(
            &TableWithoutPrimaryKey,
            Preset::Recommended,
            Layout::Sqlx,
            Dialect::MySql,
            &[
                (
                    "1_init",
                    "CREATE TABLE tags (name VARCHAR(40) PRIMARY KEY); -- expect: BG803",
                    None,
                ),
                ("2_drop", "ALTER TABLE tags DROP PRIMARY KEY;", None),
            ],
        );
    }
}
