//! BG804 destructive-migration.

use crate::finding::Finding;
use crate::migrations::MigrationCx;
use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG804.
pub static META: RuleMeta = RuleMeta {
    code: "BG804",
    name: "destructive-migration",
    category: Category::Database,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "an up migration that deletes data or rewrites a column of a table an earlier \
              migration created: DROP TABLE, DROP COLUMN, TRUNCATE, a column type change",
    why: "Dropped data does not come back with the down migration, and the code still running \
          during a deploy reads the old schema: dropping a column the previous release selects \
          breaks it. A type change rewrites the table under an exclusive lock and can fail on \
          existing rows. These steps deserve a deliberate, separate release.",
    bad: "-- migrations/20240610000000_cleanup.sql\nALTER TABLE users DROP COLUMN legacy_role;",
    good: "-- release 1: stop reading `legacy_role` in the code, deploy.\n\
           -- release 2, once no running version uses it (and after a backup):\n\
           -- backend-gate: allow(BG804, reason = \"column unused since v1.8\")\n\
           ALTER TABLE users DROP COLUMN legacy_role;",
    in_tests: true,
};

/// BG804 destructive-migration.
pub struct DestructiveMigration;

impl Rule for DestructiveMigration {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_migrations(&self, cx: &MigrationCx, out: &mut Vec<Finding>) {
        for set in cx.sets {
            for d in &set.schema.destructive {
                let (Some(st), Some(range)) =
                    (set.statements.get(d.stmt), set.range(d.stmt, d.span))
                else {
                    continue;
                };
                let msg = format!("{} destroys existing data", d.what);
                out.extend(cx.finding(&META, set, st.file, range, msg).map(|f| {
                    f.with_label("in an up migration").with_help(
                        "make it a separate release: first deploy code that no longer uses it, back \
                         up the data, then drop it (for a type change: add a new column, backfill, \
                         switch, drop the old one); suppress with a reason once that is done",
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

    const INIT: &str = "CREATE TABLE users (id BIGSERIAL PRIMARY KEY, email TEXT NOT NULL, bio TEXT, age INT);\n\
                        CREATE TABLE sessions (id BIGSERIAL PRIMARY KEY, user_id BIGINT NOT NULL);\n\
                        CREATE TABLE imports (id BIGSERIAL PRIMARY KEY);\n";

    fn pg(migrations: &[crate::testing::TestMigration]) {
        assert_migrations(
            &DestructiveMigration,
            Preset::Recommended,
            Layout::Sqlx,
            Dialect::Postgres,
            migrations,
        );
    }

    #[test]
    fn drops_truncates_and_type_changes() {
        pg(&[
            ("1_init", INIT, None),
            (
                "2_cleanup",
                "ALTER TABLE users DROP COLUMN bio; -- expect: BG804\n\
                 ALTER TABLE users\n    ALTER COLUMN age TYPE BIGINT; -- expect: BG804\n\
                 TRUNCATE sessions; -- expect: BG804\n\
                 DROP TABLE IF EXISTS imports; -- expect: BG804\n",
                Some("CREATE TABLE imports (id BIGSERIAL PRIMARY KEY);"),
            ),
        ]);
    }

    #[test]
    fn additive_changes_and_new_tables_are_fine() {
        pg(&[
            ("1_init", INIT, None),
            (
                "2_more",
                "ALTER TABLE users ADD COLUMN last_login TIMESTAMPTZ;\n\
                 ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n\
                 CREATE TABLE staging (id INT PRIMARY KEY, raw TEXT);\n\
                 ALTER TABLE staging DROP COLUMN raw;\n\
                 DROP TABLE staging;\n",
                Some("DROP TABLE users;"),
            ),
        ]);
    }

    #[test]
    fn mysql_modify_column() {
        assert_migrations(
            &DestructiveMigration,
            Preset::Recommended,
            Layout::Sqlx,
            Dialect::MySql,
            &[
                (
                    "1_init",
                    "CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR(64));",
                    None,
                ),
                (
                    "2_widen",
                    "ALTER TABLE users MODIFY COLUMN name TEXT; -- expect: BG804",
                    None,
                ),
                ("3_unknown", "DROP TABLE IF EXISTS never_created;", None),
            ],
        );
    }
}
