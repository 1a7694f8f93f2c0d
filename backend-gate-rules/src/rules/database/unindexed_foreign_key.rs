//! BG802 unindexed-foreign-key.

use crate::finding::Finding;
use crate::migrations::{Dialect, MigrationCx};
use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG802.
pub static META: RuleMeta = RuleMeta {
    code: "BG802",
    name: "unindexed-foreign-key",
    category: Category::Database,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "a foreign key whose columns lead no index, primary key or unique constraint in any \
              migration (PostgreSQL and SQLite do not index foreign keys; off for MySQL, which does)",
    why: "Looking up the children of a row (`WHERE post_id = $1`) and every DELETE or key UPDATE on \
          the parent table (which checks the children) scan the whole child table without an \
          index on the foreign key: fine in development, a lock-holding sequential scan in \
          production.",
    bad: "CREATE TABLE comments (\n    id BIGSERIAL PRIMARY KEY,\n    post_id BIGINT NOT NULL REFERENCES posts (id)\n);",
    good: "CREATE TABLE comments (\n    id BIGSERIAL PRIMARY KEY,\n    post_id BIGINT NOT NULL REFERENCES posts (id)\n);\n\
           CREATE INDEX comments_post_id_idx ON comments (post_id);",
    in_tests: true,
};

/// BG802 unindexed-foreign-key.
pub struct UnindexedForeignKey;

impl Rule for UnindexedForeignKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_migrations(&self, cx: &MigrationCx, out: &mut Vec<Finding>) {
        for set in cx.sets.iter().filter(|s| s.dialect != Dialect::MySql) {
            for (name, table) in &set.schema.tables {
                for fk in &table.foreign_keys {
                    let covered = fk.columns.is_empty()
                        || table
                            .indexes
                            .iter()
                            .any(|ix| ix.columns.starts_with(&fk.columns));
                    if covered {
                        continue;
                    }
                    let (Some(st), Some(range)) =
                        (set.statements.get(fk.stmt), set.range(fk.stmt, fk.span))
                    else {
                        continue;
                    };
                    let cols = fk.columns.join(", ");
                    let msg = format!(
                        "foreign key `{name}({cols})` → `{}` has no index",
                        fk.references
                    );
                    let index = format!("{name}_{}_idx", fk.columns.join("_"));
                    out.extend(cx.finding(&META, set, st.file, range, msg).map(|f| {
                        f.with_label("no index starts with this column set")
                            .with_help(format!(
                            "add `CREATE INDEX {index} ON {name} ({cols});` (on a table with data, \
                             `CREATE INDEX CONCURRENTLY` in its own migration)"
                        ))
                    }));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrations::Layout;
    use crate::testing::assert_migrations;

    fn check(dialect: Dialect, migrations: &[crate::testing::TestMigration]) {
        assert_migrations(
            &UnindexedForeignKey,
            Preset::Recommended,
            Layout::Sqlx,
            dialect,
            migrations,
        );
    }

    #[test]
    fn foreign_keys_without_index() {
        check(
            Dialect::Postgres,
            &[(
                "1_init",
                "CREATE TABLE users (id BIGSERIAL PRIMARY KEY);\n\
                 CREATE TABLE posts (id BIGSERIAL PRIMARY KEY, author_id BIGINT NOT NULL REFERENCES users (id)); -- expect: BG802\n\
                 CREATE TABLE comments (\n    id BIGSERIAL PRIMARY KEY,\n    post_id BIGINT NOT NULL,\n\
                 \x20   user_id BIGINT NOT NULL,\n    FOREIGN KEY (post_id) REFERENCES posts (id),\n\
                 \x20   CONSTRAINT comments_user_fk FOREIGN KEY (user_id) REFERENCES users (id) -- expect: BG802\n);\n\
                 CREATE INDEX comments_user_post_idx ON comments (post_id, user_id);\n",
                None,
            )],
        );
    }

    #[test]
    fn reports_at_the_column() {
        check(
            Dialect::Postgres,
            &[
                ("1_init", "CREATE TABLE users (id BIGSERIAL PRIMARY KEY);\nCREATE TABLE tags (id BIGSERIAL PRIMARY KEY);\n", None),
                (
                    "2_links",
                    "CREATE TABLE user_tags (\n    user_id BIGINT NOT NULL REFERENCES users (id),\n\
                     \x20   tag_id BIGINT NOT NULL REFERENCES tags (id), -- expect: BG802\n    PRIMARY KEY (user_id, tag_id)\n);\n\
                     ALTER TABLE users ADD COLUMN invited_by BIGINT REFERENCES users (id); -- expect: BG802\n",
                    None,
                ),
            ],
        );
    }

    #[test]
    fn indexes_added_later_unique_and_mysql() {
        check(
            Dialect::Postgres,
            &[
                ("1_init", "CREATE TABLE users (id BIGSERIAL PRIMARY KEY);\n\
                            CREATE TABLE profiles (user_id BIGINT NOT NULL UNIQUE REFERENCES users (id));\n\
                            CREATE TABLE posts (id BIGSERIAL PRIMARY KEY, author_id BIGINT REFERENCES users (id));\n", None),
                ("2_index", "CREATE INDEX CONCURRENTLY posts_author_idx ON posts (author_id, id);", None),
            ],
        );
        check(
            Dialect::MySql,
            &[("1_init", "CREATE TABLE users (id BIGINT PRIMARY KEY);\n\
                          CREATE TABLE posts (id BIGINT PRIMARY KEY, author_id BIGINT, FOREIGN KEY (author_id) REFERENCES users (id));", None)],
        );
    }
}
