//! BG801 irreversible-migration.

use crate::finding::Finding;
use crate::migrations::{Layout, MigrationCx};
use crate::rule::{Category, Level, Preset, Rule, RuleMeta};
use crate::source::Range;

/// Metadata of BG801.
pub static META: RuleMeta = RuleMeta {
    code: "BG801",
    name: "irreversible-migration",
    category: Category::Database,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "a migration with no down migration, or an empty one, in a layout that supports them \
              (sqlx, diesel; refinery has no down migrations)",
    why: "A release that has to be rolled back needs its schema change undone too. Without a down \
          migration the rollback plan is to write SQL by hand during the incident; an empty one is \
          worse, because the tool reports the migration as reverted while the schema is unchanged.",
    bad: "-- migrations/2024-03-01-100000_add_posts/up.sql\nCREATE TABLE posts (id BIGSERIAL PRIMARY KEY, title TEXT NOT NULL);\n\
          -- migrations/2024-03-01-100000_add_posts/down.sql\n-- nothing to do",
    good: "-- migrations/2024-03-01-100000_add_posts/up.sql\nCREATE TABLE posts (id BIGSERIAL PRIMARY KEY, title TEXT NOT NULL);\n\
           -- migrations/2024-03-01-100000_add_posts/down.sql\nDROP TABLE posts;",
    in_tests: true,
};

/// BG801 irreversible-migration.
pub struct IrreversibleMigration;

impl Rule for IrreversibleMigration {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_migrations(&self, cx: &MigrationCx, out: &mut Vec<Finding>) {
        for set in cx.sets {
            if !set.layout.supports_down() {
                continue;
            }
            for (m, mig) in set.migrations.iter().enumerate() {
                let first_line = |file: usize| -> Option<Range> {
                    let src = &set.files.get(file)?.source;
                    Some(Range {
                        start: src.pos(1, 0),
                        end: src.pos(1, src.line_text(1).chars().count()),
                    })
                };
                let finding = match mig.down {
                    None => {
                        let Some(range) = first_line(mig.up) else {
                            continue;
                        };
                        let help = match set.layout {
                            Layout::Sqlx => "make the migrations reversible (`sqlx migrate add -r <name>` \
                                             creates `.up.sql`/`.down.sql` pairs) and write the SQL \
                                             that undoes this one",
                            _ => "add a `down.sql` beside `up.sql` with the SQL that undoes this migration",
                        };
                        cx.finding(
                            &META,
                            set,
                            mig.up,
                            range,
                            format!("migration `{}` has no down migration", mig.name),
                        )
                        .map(|f| {
                            f.with_label("this migration cannot be reverted")
                                .with_help(help)
                        })
                    }
                    Some(down) => {
                        let empty = !set.statements.iter().any(|s| s.migration == m && s.down);
                        if !empty {
                            continue;
                        }
                        let Some(range) = first_line(down) else {
                            continue;
                        };
                        cx.finding(
                            &META,
                            set,
                            down,
                            range,
                            format!("the down migration of `{}` is empty", mig.name),
                        )
                        .map(|f| {
                            f.with_label("reverting runs nothing here").with_help(
                                "write the SQL that undoes the up migration (DROP what it creates, \
                                 restore what it changes)",
                            )
                        })
                    }
                };
                out.extend(finding);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrations::Dialect;
    use crate::rule::Preset;
    use crate::testing::assert_migrations;

    fn check(layout: Layout, migrations: &[crate::testing::TestMigration]) {
        assert_migrations(
            &IrreversibleMigration,
            Preset::Recommended,
            layout,
            Dialect::Postgres,
            migrations,
        );
    }

    #[test]
    fn missing_and_empty_down_migrations() {
        check(
            Layout::Sqlx,
            &[
                (
                    "20240101000000_init",
                    "CREATE TABLE users (id BIGSERIAL PRIMARY KEY); -- expect: BG801",
                    None,
                ),
                (
                    "20240102000000_posts",
                    "CREATE TABLE posts (id BIGSERIAL PRIMARY KEY);",
                    Some("-- expect: BG801\n-- nothing to undo\n"),
                ),
            ],
        );
    }

    #[test]
    fn diesel_down_migrations() {
        check(
            Layout::Diesel,
            &[
                (
                    "2024-01-10-093000_create_users",
                    "-- expect: BG801\nCREATE TABLE users (id SERIAL PRIMARY KEY);",
                    None,
                ),
                (
                    "2024-01-11-093000_create_posts",
                    "CREATE TABLE posts (id SERIAL PRIMARY KEY);",
                    Some("DROP TABLE posts;"),
                ),
            ],
        );
    }

    #[test]
    fn complete_pairs_and_refinery() {
        check(
            Layout::Sqlx,
            &[(
                "20240101000000_init",
                "CREATE TABLE users (id BIGSERIAL PRIMARY KEY);",
                Some("DROP TABLE users;"),
            )],
        );
        check(
            Layout::Refinery,
            &[(
                "V1__init",
                "CREATE TABLE users (id BIGSERIAL PRIMARY KEY);",
                None,
            )],
        );
    }
}
