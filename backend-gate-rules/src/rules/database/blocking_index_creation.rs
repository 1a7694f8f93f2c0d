//! BG805 blocking-index-creation.

use crate::finding::Finding;
use crate::migrations::{Dialect, Layout, MigrationCx};
use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG805.
pub static META: RuleMeta = RuleMeta {
    code: "BG805",
    name: "blocking-index-creation",
    category: Category::Database,
    level: Level::Allow,
    preset: Preset::Strict,
    summary: "a PostgreSQL `CREATE INDEX` without `CONCURRENTLY` on a table an earlier migration \
              created (and so may hold data)",
    why: "A plain `CREATE INDEX` holds a lock that blocks every INSERT, UPDATE and DELETE on the \
          table until the index is built: minutes on a large table, during which writes queue up \
          and requests time out. `CONCURRENTLY` builds it without blocking writes.",
    bad: "-- migrations/20240610000000_orders_status.sql\nCREATE INDEX orders_status_idx ON orders (status);",
    good: "-- migrations/20240610000000_orders_status.sql\n-- no-transaction\n\
           CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);",
    in_tests: true,
};

/// BG805 blocking-index-creation.
pub struct BlockingIndexCreation;

impl Rule for BlockingIndexCreation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_migrations(&self, cx: &MigrationCx, out: &mut Vec<Finding>) {
        for set in cx.sets.iter().filter(|s| s.dialect == Dialect::Postgres) {
            for (stmt, table) in &set.schema.blocking_indexes {
                let Some(st) = set.statements.get(*stmt) else {
                    continue;
                };
                let transaction = match set.layout {
                    Layout::Sqlx => {
                        "put `-- no-transaction` on the first line of the migration file"
                    }
                    Layout::Diesel => {
                        "add a `metadata.toml` with `run_in_transaction = false` beside it"
                    }
                    Layout::Refinery => {
                        "run it outside a transaction (refinery: its own migration with \
                                         grouping off)"
                    }
                };
                let msg = format!(
                    "`CREATE INDEX` on existing table `{table}` blocks writes while it builds"
                );
                out.extend(cx.finding(&META, set, st.file, st.head, msg).map(|f| {
                    f.with_label("without CONCURRENTLY").with_help(format!(
                        "use `CREATE INDEX CONCURRENTLY` (it cannot run inside a transaction: {transaction})"
                    ))
                }));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_migrations;

    fn check(preset: Preset, dialect: Dialect, migrations: &[crate::testing::TestMigration]) {
        assert_migrations(
            &BlockingIndexCreation,
            preset,
            Layout::Sqlx,
            dialect,
            migrations,
        );
    }

    const INIT: &str =
        "CREATE TABLE orders (id BIGSERIAL PRIMARY KEY, status TEXT NOT NULL, user_id BIGINT);\n\
                        CREATE INDEX orders_user_idx ON orders (user_id);\n";

    #[test]
    fn later_plain_indexes_under_strict() {
        check(
            Preset::Strict,
            Dialect::Postgres,
            &[
                ("1_init", INIT, None),
                (
                    "2_index",
                    "CREATE INDEX orders_status_idx ON orders (status); -- expect: BG805\n\
                     CREATE UNIQUE INDEX IF NOT EXISTS orders_status_user_idx -- expect: BG805\n    ON orders (status, user_id);\n",
                    None,
                ),
            ],
        );
        check(
            Preset::Strict,
            Dialect::Postgres,
            &[
                ("1_init", INIT, None),
                (
                    "2_idx",
                    "create index on public.orders (status); -- expect: BG805",
                    None,
                ),
            ],
        );
    }

    #[test]
    fn concurrent_new_tables_other_dialects_and_default_preset() {
        let later = [
            ("1_init", INIT, None),
            (
                "2_index",
                "CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n\
                         CREATE TABLE refunds (id BIGSERIAL PRIMARY KEY, order_id BIGINT);\n\
                         CREATE INDEX refunds_order_idx ON refunds (order_id);",
                None,
            ),
        ];
        check(Preset::Strict, Dialect::Postgres, &later);
        let plain = [
            ("1_init", INIT, None),
            (
                "2_index",
                "CREATE INDEX orders_status_idx ON orders (status);",
                None,
            ),
        ];
        check(Preset::Recommended, Dialect::Postgres, &plain);
        check(Preset::Strict, Dialect::Sqlite, &plain);
    }
}
