//! SQL migrations: found per package in the layouts of sqlx, diesel and refinery, read once,
//! split into statements, parsed with `sqlparser` and replayed into a [`schema::Schema`].
//!
//! Dialect: PostgreSQL, unless the package's client crates (`mysql_async`, `rusqlite`, …) or the
//! features it enables on sqlx/diesel/sea-orm (`diesel/mysql`, `sqlx/sqlite`) name only MySQL or
//! only SQLite. Features come from the manifest, so `--no-deps` metadata is enough.

pub mod schema;
pub mod split;

use crate::config::scopes::Scopes;
use crate::finding::Finding;
use crate::rule::{Confidence, Level, RuleMeta};
use crate::source::{Pos, Range, SourceText};
use crate::workspace::PackageInfo;
use sqlparser::ast::Statement;
use std::path::Path;
use std::sync::Arc;

/// The tool whose layout a migration folder follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// sqlx `NNNN_name.sql` (forward-only) or `NNNN_name.up.sql` + `.down.sql`.
    Sqlx,
    /// diesel `<timestamp>_<name>/{up,down}.sql`.
    Diesel,
    /// refinery `V<N>__name.sql` (`U<N>__` unversioned): no down migrations.
    Refinery,
}

impl Layout {
    /// The tool's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Sqlx => "sqlx",
            Layout::Diesel => "diesel",
            Layout::Refinery => "refinery",
        }
    }

    /// Whether the tool can run down migrations.
    pub fn supports_down(self) -> bool {
        self != Layout::Refinery
    }
}

/// SQL dialect the migrations are parsed with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// PostgreSQL (the default).
    Postgres,
    /// MySQL / MariaDB.
    MySql,
    /// SQLite.
    Sqlite,
}

impl Dialect {
    /// The dialect of a package's migrations, from its dependencies.
    pub fn of_package(pkg: &PackageInfo) -> Dialect {
        let any = |names: &[&str]| names.iter().any(|n| pkg.depends_on(n));
        let feature = |names: &[&str]| names.iter().any(|n| pkg.dep_features.contains(*n));
        let postgres =
            any(&[
                "tokio_postgres",
                "postgres",
                "deadpool_postgres",
                "bb8_postgres",
            ]) || feature(&["sqlx/postgres", "diesel/postgres", "sea_orm/sqlx-postgres"]);
        let mysql = any(&["mysql_async", "mysql", "sqlx_mysql"])
            || feature(&["sqlx/mysql", "diesel/mysql", "sea_orm/sqlx-mysql"]);
        let sqlite = any(&["rusqlite", "libsqlite3_sys", "sqlx_sqlite"])
            || feature(&["sqlx/sqlite", "diesel/sqlite", "sea_orm/sqlx-sqlite"]);
        match (postgres, mysql, sqlite) {
            (false, true, false) => Dialect::MySql,
            (false, false, true) => Dialect::Sqlite,
            _ => Dialect::Postgres,
        }
    }

    /// The dialect configured for the package (`dialect`), else the one its dependencies tell.
    pub fn for_package(pkg: &PackageInfo) -> Dialect {
        pkg.settings
            .dialect
            .unwrap_or_else(|| Dialect::of_package(pkg))
    }

    pub(crate) fn parser(self) -> Box<dyn sqlparser::dialect::Dialect> {
        match self {
            Dialect::Postgres => Box::new(sqlparser::dialect::PostgreSqlDialect {}),
            Dialect::MySql => Box::new(sqlparser::dialect::MySqlDialect {}),
            Dialect::Sqlite => Box::new(sqlparser::dialect::SQLiteDialect {}),
        }
    }
}

/// One `.sql` file, kept for rendering findings.
#[derive(Debug)]
pub struct SqlFile {
    /// Path relative to the workspace root, with `/`.
    pub path: String,
    /// Its text.
    pub source: SourceText,
}

/// One migration: its up file and, when the layout has one, its down file.
#[derive(Debug)]
pub struct Migration {
    /// Version and name as the tool shows them, e.g. `2024-01-10-093000_create_users`.
    pub name: String,
    /// Index of the up file in [`MigrationSet::files`].
    pub up: usize,
    /// Index of the down file, when there is one.
    pub down: Option<usize>,
}

/// What a statement is after parsing.
#[derive(Debug)]
pub enum StmtKind {
    /// Parsed.
    Parsed(Box<Statement>),
    /// Accepted without parsing: a PostgreSQL `DO` block (procedural code), a SQLite `PRAGMA`.
    Opaque,
    /// The parser rejected it: its message and where.
    Invalid {
        /// The parser's message, without its position.
        message: String,
        /// Where the parser stopped.
        at: Range,
    },
}

/// One statement of a migration file.
#[derive(Debug)]
pub struct Stmt {
    /// Index into [`MigrationSet::migrations`].
    pub migration: usize,
    /// Index into [`MigrationSet::files`].
    pub file: usize,
    /// Whether it is in a down migration.
    pub down: bool,
    /// The statement's first line (up to its end), for the primary span of findings.
    pub head: Range,
    /// Where the statement starts: sqlparser's positions are relative to it.
    pub start: Pos,
    /// What it is.
    pub kind: StmtKind,
}

/// The migrations of one folder of one package, in the order the tool runs them.
#[derive(Debug)]
pub struct MigrationSet {
    /// Package name.
    pub package: String,
    /// Folder, relative to the workspace root.
    pub dir: String,
    /// Tool layout.
    pub layout: Layout,
    /// Dialect they were parsed with.
    pub dialect: Dialect,
    /// Every file of the set.
    pub files: Vec<SqlFile>,
    /// Migrations in run order.
    pub migrations: Vec<Migration>,
    /// Statements of the up and down files, in file order.
    pub statements: Vec<Stmt>,
    /// The schema after replaying every up migration.
    pub schema: schema::Schema,
}

impl MigrationSet {
    /// The range in its file of a sqlparser span inside statement `stmt` (its first line when
    /// the span is empty).
    pub fn range(&self, stmt: usize, span: sqlparser::tokenizer::Span) -> Option<Range> {
        let st = self.statements.get(stmt)?;
        let source = &self.files.get(st.file)?.source;
        if span.start.line == 0 {
            return Some(st.head);
        }
        let pos = |l: sqlparser::tokenizer::Location| {
            let (line, col) = (l.line as usize, (l.column as usize).saturating_sub(1));
            if line == 1 {
                source.pos(st.start.line, st.start.column - 1 + col)
            } else {
                source.pos(st.start.line + line - 1, col)
            }
        };
        Some(Range {
            start: pos(span.start),
            end: pos(span.end),
        })
    }

    /// The dialect's name.
    pub fn dialect_name(&self) -> &'static str {
        match self.dialect {
            Dialect::Postgres => "PostgreSQL",
            Dialect::MySql => "MySQL",
            Dialect::Sqlite => "SQLite",
        }
    }
}

/// What the migration rules see.
pub struct MigrationCx<'a> {
    /// Every migration set of the checked packages.
    pub sets: &'a [MigrationSet],
    pub(crate) levels: &'a Scopes,
}

impl MigrationCx<'_> {
    /// A finding of `rule` in file `file` of `set` at `range`, or `None` when the rule is off.
    pub fn finding(
        &self,
        rule: &'static RuleMeta,
        set: &MigrationSet,
        file: usize,
        range: Range,
        message: impl Into<String>,
    ) -> Option<Finding> {
        let path = set.files.get(file)?.path.clone();
        let level = self.levels.levels(&path, &set.package).get(rule.code);
        (level != Level::Allow).then(|| Finding {
            code: rule.code,
            name: rule.name,
            level,
            confidence: Confidence::High,
            message: message.into(),
            label: String::new(),
            help: String::new(),
            file: path,
            range,
            secondary: Vec::new(),
            context: None,
        })
    }
}

/// Folders named by `sqlx::migrate!("path")` (relative to the package, as sqlx reads them) in
/// a Rust source text.
pub fn sqlx_migrate_dirs(rust: &str) -> Vec<String> {
    rust.match_indices("migrate!(")
        .filter_map(|(i, m)| {
            let rest = rust[i + m.len()..].trim_start().strip_prefix('"')?;
            let end = rest.find('"')?;
            Some(rest[..end].to_string())
        })
        .filter(|d| !d.is_empty() && !d.contains(".."))
        .collect()
}

/// Folders holding a package's migrations: `migrations/`, diesel.toml's `migrations_directory`,
/// and `extra` ones (named in the code, relative to the package).
fn candidate_dirs(pkg_dir: &Path, extra: &[String]) -> Vec<std::path::PathBuf> {
    let mut dirs = vec![pkg_dir.join("migrations")];
    dirs.extend(
        extra
            .iter()
            .map(|d| pkg_dir.join(d.trim_start_matches("./"))),
    );
    if let Ok(toml) = std::fs::read_to_string(pkg_dir.join("diesel.toml")) {
        if let Some(dir) = diesel_migrations_dir(&toml) {
            dirs.push(pkg_dir.join(dir));
        }
    }
    dirs.push(pkg_dir.join("src").join("migrations"));
    dirs.sort();
    dirs.dedup();
    dirs
}

/// `dir = "…"` in the `[migrations_directory]` table of a diesel.toml.
fn diesel_migrations_dir(toml: &str) -> Option<String> {
    let mut in_table = false;
    for line in toml.lines().map(str::trim) {
        if line.starts_with('[') {
            in_table = line == "[migrations_directory]";
        } else if in_table {
            let Some(rest) = line.strip_prefix("dir") else {
                continue;
            };
            let value = rest.trim_start().strip_prefix('=')?.trim();
            return Some(value.trim_matches('"').to_string());
        }
    }
    None
}

/// A migration before its files are read: name, sort key, up path, down path.
struct Found {
    name: String,
    key: (u128, String),
    up: std::path::PathBuf,
    down: Option<std::path::PathBuf>,
}

/// Leading digits of `s` (dashes allowed, as in diesel's `2024-01-10-093000`) as a number.
fn version(s: &str) -> Option<u128> {
    let digits: String = s
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .filter(char::is_ascii_digit)
        .collect();
    digits.get(..digits.len().min(38))?.parse().ok()
}

fn scan_dir(dir: &Path) -> Option<(Layout, Vec<Found>)> {
    let mut entries: Vec<_> = std::fs::read_dir(dir).ok()?.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    let mut diesel = Vec::new();
    let mut sqlx: Vec<Found> = Vec::new();
    let mut refinery = Vec::new();
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        if path.is_dir() {
            let up = path.join("up.sql");
            if up.is_file() {
                let down = Some(path.join("down.sql")).filter(|d| d.is_file());
                let key = (version(&name).unwrap_or(0), name.clone());
                diesel.push(Found {
                    name,
                    key,
                    up,
                    down,
                });
            }
            continue;
        }
        let Some(stem) = name.strip_suffix(".sql") else {
            continue;
        };
        if let Some(rest) = stem.strip_prefix('V').or_else(|| stem.strip_prefix('U')) {
            if let Some((n, _)) = rest.split_once("__") {
                if let Ok(n) = n.parse::<u128>() {
                    refinery.push(Found {
                        name: stem.to_string(),
                        key: (n, stem.to_string()),
                        up: path,
                        down: None,
                    });
                    continue;
                }
            }
        }
        let Some(v) = version(stem) else {
            continue;
        };
        if stem.ends_with(".down") {
            continue;
        }
        let base = stem.strip_suffix(".up").unwrap_or(stem).to_string();
        sqlx.push(Found {
            key: (v, base.clone()),
            name: base,
            up: path,
            down: None,
        });
    }
    // Down files are paired once every up file is known.
    let downs: Vec<_> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".down.sql"))
        .collect();
    for d in downs {
        let file = d.file_name().map(|f| f.to_string_lossy().into_owned());
        let Some(base) = file.as_deref().and_then(|f| f.strip_suffix(".down.sql")) else {
            continue;
        };
        if let Some(m) = sqlx.iter_mut().find(|m| m.name == base) {
            m.down = Some(d.clone());
        }
    }
    let (layout, mut found) = [
        (Layout::Diesel, diesel),
        (Layout::Refinery, refinery),
        (Layout::Sqlx, sqlx),
    ]
    .into_iter()
    .max_by_key(|(_, f)| f.len())?;
    if found.is_empty() {
        return None;
    }
    found.sort_by(|a, b| a.key.cmp(&b.key));
    Some((layout, found))
}

/// The migration sets of one package, read and replayed; `extra_dirs` are relative to the
/// package (or absolute). `rel` turns an absolute path into the workspace-relative one used in
/// output.
pub fn load_package(
    pkg: &PackageInfo,
    pkg_dir: &Path,
    extra_dirs: &[String],
    rel: &dyn Fn(&Path) -> String,
) -> Vec<MigrationSet> {
    let dialect = Dialect::for_package(pkg);
    let mut sets = Vec::new();
    for dir in candidate_dirs(pkg_dir, extra_dirs) {
        let Some((layout, found)) = scan_dir(&dir) else {
            continue;
        };
        let mut files = Vec::new();
        let mut migrations = Vec::new();
        let read = |path: &Path, files: &mut Vec<SqlFile>| -> Option<usize> {
            let bytes = std::fs::read(path).ok()?;
            let text: Arc<str> = String::from_utf8_lossy(&bytes).into();
            files.push(SqlFile {
                path: rel(path),
                source: SourceText::new(text),
            });
            Some(files.len() - 1)
        };
        for f in found {
            let Some(up) = read(&f.up, &mut files) else {
                continue;
            };
            let down = f.down.as_deref().and_then(|d| read(d, &mut files));
            migrations.push(Migration {
                name: f.name,
                up,
                down,
            });
        }
        sets.push(build_set(
            pkg.name.clone(),
            rel(&dir),
            layout,
            dialect,
            files,
            migrations,
        ));
    }
    sets
}

/// Parses every file of a set and replays its up migrations.
pub fn build_set(
    package: String,
    dir: String,
    layout: Layout,
    dialect: Dialect,
    files: Vec<SqlFile>,
    migrations: Vec<Migration>,
) -> MigrationSet {
    use rayon::prelude::*;
    let jobs: Vec<(usize, usize, bool)> = migrations
        .iter()
        .enumerate()
        .flat_map(|(m, mig)| {
            std::iter::once((m, mig.up, false)).chain(mig.down.map(|d| (m, d, true)))
        })
        .collect();
    // Files parse independently (the bulk of the time); the replay then runs in order.
    let parsed: Vec<Vec<Stmt>> = jobs
        .par_iter()
        .map(|&(m, file, down)| {
            let mut out = Vec::new();
            if let Some(f) = files.get(file) {
                parse_file(&f.source, &*dialect.parser(), |head, kind| {
                    out.push(Stmt {
                        migration: m,
                        file,
                        down,
                        head,
                        start: head.start,
                        kind,
                    })
                });
            }
            out
        })
        .collect();
    let statements: Vec<Stmt> = parsed.into_iter().flatten().collect();
    let schema = schema::Schema::replay(&statements);
    MigrationSet {
        package,
        dir,
        layout,
        dialect,
        files,
        migrations,
        statements,
        schema,
    }
}

fn parse_file(
    source: &SourceText,
    dialect: &dyn sqlparser::dialect::Dialect,
    mut each: impl FnMut(Range, StmtKind),
) {
    let text = source.text();
    for (s, e) in split::split_statements(text) {
        let chunk = &text[s..e];
        let start = source.pos_of_offset(s);
        let line_end = chunk.find('\n').map_or(e, |n| s + n);
        let head = Range {
            start,
            end: source.pos_of_offset(line_end),
        };
        let parse = |sql: &str| {
            sqlparser::parser::Parser::new(dialect)
                .try_with_sql(sql)
                .and_then(|mut p| p.parse_statements())
        };
        // Valid PostgreSQL that sqlparser does not read with one optional word
        // (`DROP INDEX CONCURRENTLY`, `ALTER INDEX IF EXISTS`): read again with the word blanked
        // out — same length, so every position in the statement stays where it was.
        let parsed = parse(chunk).or_else(|err| {
            blank_unsupported_words(dialect, chunk)
                .and_then(|sql| parse(&sql).ok())
                .ok_or(err)
        });
        match parsed {
            Ok(stmts) => {
                for st in stmts {
                    each(head, StmtKind::Parsed(Box::new(st)));
                }
            }
            Err(_) if unreadable_but_valid(dialect, chunk) => each(head, StmtKind::Opaque),
            Err(err) => {
                let (message, at) = locate_error(source, start, &err.to_string(), e);
                each(head, StmtKind::Invalid { message, at });
            }
        }
    }
}

/// Valid statements sqlparser cannot read and the schema model does not need: `DO` blocks
/// and PostgreSQL functions and procedures (procedural code), pragmas (sqlparser reads only some), `VACUUM` (SQLite's `VACUUM INTO ?`),
/// SQLite virtual tables (module arguments are free-form, `fts5(body, content='notes')`, and no
/// ordinary table is created) and PostgreSQL `COMMENT ON CONSTRAINT/FUNCTION f(int4) …`
/// (documentation).
pub(crate) fn unreadable_but_valid(dialect: &dyn sqlparser::dialect::Dialect, sql: &str) -> bool {
    let first_word = sql
        .trim_start()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("");
    ["do", "pragma", "vacuum"]
        .iter()
        .any(|w| first_word.eq_ignore_ascii_case(w))
        || (dialect.is::<sqlparser::dialect::SQLiteDialect>()
            && starts_with_words(sql, &["create", "virtual", "table"]))
        || (dialect.is::<sqlparser::dialect::PostgreSqlDialect>()
            && (starts_with_words(sql, &["comment", "on"]) || defines_routine(sql)))
}

/// `CREATE [OR REPLACE] FUNCTION|PROCEDURE …`: procedural code whose body is a string, with
/// options sqlparser does not all know (`COST 100`, `SECURITY DEFINER`, `SET search_path …`).
fn defines_routine(sql: &str) -> bool {
    ["function", "procedure"].iter().any(|kind| {
        starts_with_words(sql, &["create", kind])
            || starts_with_words(sql, &["create", "or", "replace", kind])
    })
}

/// `sql` with the optional words sqlparser rejects replaced by spaces, when it starts with one of
/// the PostgreSQL forms that have them; `None` otherwise.
fn blank_unsupported_words(dialect: &dyn sqlparser::dialect::Dialect, sql: &str) -> Option<String> {
    if !dialect.is::<sqlparser::dialect::PostgreSqlDialect>() {
        return None;
    }
    const FORMS: &[(&[&str], usize)] = &[
        (&["drop", "index", "concurrently"], 1),
        (&["alter", "index", "if", "exists"], 2),
    ];
    let words: Vec<(usize, &str)> = sql
        .split_ascii_whitespace()
        .take(4)
        .map(|w| (w.as_ptr() as usize - sql.as_ptr() as usize, w))
        .collect();
    let (form, blanked) = FORMS.iter().find(|(form, _)| {
        form.len() <= words.len()
            && form
                .iter()
                .zip(&words)
                .all(|(f, (_, w))| w.eq_ignore_ascii_case(f))
    })?;
    let mut out = sql.to_string();
    for &(at, word) in &words[form.len() - blanked..form.len()] {
        out.replace_range(at..at + word.len(), &" ".repeat(word.len()));
    }
    Some(out)
}

/// Whether `sql`'s first words are `words` (lower case), whatever the spacing and case.
fn starts_with_words(sql: &str, words: &[&str]) -> bool {
    let mut found = sql.split_ascii_whitespace();
    words
        .iter()
        .all(|w| found.next().is_some_and(|f| f.eq_ignore_ascii_case(w)))
}

/// Strips sqlparser's `sql parser error: ` prefix and ` at Line: L, Column: C` suffix, and maps
/// that position (relative to the statement) into the file.
fn locate_error(
    source: &SourceText,
    start: crate::source::Pos,
    message: &str,
    stmt_end: usize,
) -> (String, Range) {
    let message = message
        .strip_prefix("sql parser error: ")
        .unwrap_or(message);
    let (text, pos) = match message.rfind(" at Line: ") {
        Some(i) => {
            let tail = &message[i + " at Line: ".len()..];
            let mut nums = tail
                .split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty())
                .filter_map(|n| n.parse::<usize>().ok());
            let pos = match (nums.next(), nums.next()) {
                (Some(1), Some(col)) => {
                    Some(source.pos(start.line, start.column - 1 + col.saturating_sub(1)))
                }
                (Some(line), Some(col)) => {
                    Some(source.pos(start.line + line - 1, col.saturating_sub(1)))
                }
                _ => None,
            };
            (&message[..i], pos)
        }
        None => (message, None),
    };
    // Without a position (end of input), the error is at the statement's end.
    let pos = pos.unwrap_or_else(|| source.pos_of_offset(stmt_end));
    (
        text.to_string(),
        Range {
            start: pos,
            end: pos,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(dir: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let p = dir.join(path);
            if let Some(parent) = p.parent() {
                fs::create_dir_all(parent).expect("test dir");
            }
            fs::write(p, text).expect("test file");
        }
    }

    fn load(dir: &Path, deps: &[&str]) -> Vec<MigrationSet> {
        let pkg = PackageInfo {
            name: "app".into(),
            deps: deps.iter().map(|d| d.to_string()).collect(),
            dep_features: deps
                .iter()
                .filter(|d| d.contains('/'))
                .map(|d| d.to_string())
                .collect(),
            ..PackageInfo::default()
        };
        load_package(&pkg, dir, &["db/sql".to_string()], &|p| {
            p.strip_prefix(dir)
                .map_or_else(|_| p.display().to_string(), |r| r.display().to_string())
        })
    }

    fn names(set: &MigrationSet) -> Vec<(String, Option<String>)> {
        set.migrations
            .iter()
            .map(|m| {
                (
                    set.files[m.up].path.clone(),
                    m.down.map(|d| set.files[d].path.clone()),
                )
            })
            .collect()
    }

    #[test]
    fn sqlx_reversible_pairs_in_numeric_order() {
        let tmp = tempfile::tempdir().expect("tempdir");
        write(
            tmp.path(),
            &[
                (
                    "migrations/10_posts.up.sql",
                    "CREATE TABLE posts (id INT PRIMARY KEY);",
                ),
                ("migrations/10_posts.down.sql", "DROP TABLE posts;"),
                (
                    "migrations/2_users.up.sql",
                    "CREATE TABLE users (id INT PRIMARY KEY);",
                ),
                ("migrations/2_users.down.sql", "DROP TABLE users;"),
                ("migrations/README.md", "not a migration"),
            ],
        );
        let sets = load(tmp.path(), &["sqlx"]);
        assert_eq!(sets.len(), 1);
        assert_eq!(sets[0].layout, Layout::Sqlx);
        assert_eq!(
            names(&sets[0]),
            [
                (
                    "migrations/2_users.up.sql".into(),
                    Some("migrations/2_users.down.sql".into())
                ),
                (
                    "migrations/10_posts.up.sql".into(),
                    Some("migrations/10_posts.down.sql".into())
                ),
            ]
        );
        assert_eq!(sets[0].schema.tables.len(), 2);
    }

    #[test]
    fn folders_named_in_sqlx_migrate() {
        assert_eq!(
            sqlx_migrate_dirs(
                "sqlx::migrate!(\"./db/sql\").run(&pool).await?;\nlet m = migrate!();\nsqlx::migrate!( \"../x\");"
            ),
            ["./db/sql"]
        );
        let tmp = tempfile::tempdir().expect("tempdir");
        write(
            tmp.path(),
            &[(
                "db/sql/1_init.sql",
                "CREATE TABLE users (id INT PRIMARY KEY);",
            )],
        );
        let sets = load(tmp.path(), &["sqlx"]);
        assert_eq!(sets.len(), 1);
        assert_eq!(sets[0].dir, "db/sql");
    }

    #[test]
    fn diesel_folder_from_diesel_toml() {
        let tmp = tempfile::tempdir().expect("tempdir");
        write(
            tmp.path(),
            &[
                (
                    "diesel.toml",
                    "[print_schema]\nfile = \"src/schema.rs\"\n\n[migrations_directory]\ndir = \"db/migrations\"\n",
                ),
                ("db/migrations/00000000000000_diesel_initial_setup/up.sql", "SELECT 1;"),
                ("db/migrations/00000000000000_diesel_initial_setup/down.sql", "SELECT 1;"),
                ("db/migrations/2024-01-10-093000_create_users/up.sql", "CREATE TABLE users (id SERIAL PRIMARY KEY);"),
            ],
        );
        let sets = load(tmp.path(), &["diesel"]);
        assert_eq!(sets.len(), 1);
        assert_eq!(sets[0].layout, Layout::Diesel);
        assert_eq!(sets[0].dir, "db/migrations");
        assert_eq!(sets[0].migrations[1].name, "2024-01-10-093000_create_users");
        assert!(sets[0].migrations[1].down.is_none());
    }

    #[test]
    fn refinery_versions_and_dialect_from_deps() {
        let tmp = tempfile::tempdir().expect("tempdir");
        write(
            tmp.path(),
            &[
                (
                    "migrations/V10__tags.sql",
                    "CREATE TABLE tags (id INTEGER PRIMARY KEY);",
                ),
                (
                    "migrations/V2__users.sql",
                    "CREATE TABLE users (id INTEGER PRIMARY KEY);",
                ),
                (
                    "migrations/U3__seed.sql",
                    "INSERT INTO users (id) VALUES (1);",
                ),
            ],
        );
        let sets = load(tmp.path(), &["refinery", "rusqlite"]);
        assert_eq!(sets[0].layout, Layout::Refinery);
        assert_eq!(sets[0].dialect, Dialect::Sqlite);
        let order: Vec<&str> = sets[0].migrations.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(order, ["V2__users", "U3__seed", "V10__tags"]);
        assert!(load(tmp.path(), &["tokio_postgres", "rusqlite"])[0].dialect == Dialect::Postgres);
        assert!(load(tmp.path(), &["diesel", "diesel/mysql"])[0].dialect == Dialect::MySql);
        assert!(
            load(tmp.path(), &["sqlx", "sqlx/postgres", "sqlx/sqlite"])[0].dialect
                == Dialect::Postgres
        );
        assert!(load(tempfile::tempdir().expect("tempdir").path(), &[]).is_empty());
    }

    #[test]
    fn odd_input_is_reported_never_panics() {
        let deep = format!("SELECT {}1{};", "(".repeat(5000), ")".repeat(5000));
        let inputs = [
            deep.as_str(),
            "CREATE TABLE t (a INT REFERENCES);\nALTER TABLE nowhere DROP COLUMN x;\nDROP INDEX i;",
            "\u{feff}CREATE TABLE é (ü INT);\n\tSELECT 'unterminated",
            "CREATE INDEX ON (a);\nTRUNCATE;\nALTER TABLE t RENAME TO t;\nCREATE TABLE t AS SELECT 1;",
        ];
        for (i, text) in inputs.iter().enumerate() {
            let set = build_set(
                "app".into(),
                "migrations".into(),
                Layout::Sqlx,
                Dialect::Postgres,
                vec![SqlFile {
                    path: format!("migrations/{i}_odd.sql"),
                    source: SourceText::new((*text).into()),
                }],
                vec![Migration {
                    name: format!("{i}_odd"),
                    up: 0,
                    down: None,
                }],
            );
            assert!(!set.statements.is_empty(), "{i}");
            for st in &set.statements {
                if let StmtKind::Invalid { at, .. } = &st.kind {
                    assert!(at.start.offset <= text.len());
                }
            }
        }
    }

    /// Replays 1,000 generated migrations of 50 statements; run with
    /// `cargo test --release -p backend-gate-rules replay_speed -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn replay_speed() {
        let mut files = Vec::new();
        let mut migrations = Vec::new();
        for m in 0..1000 {
            let mut sql = String::new();
            for s in 0..10 {
                let t = format!("t_{m}_{s}");
                sql.push_str(&format!(
                    "CREATE TABLE {t} (id BIGSERIAL PRIMARY KEY, owner_id BIGINT NOT NULL REFERENCES users (id), \
                     name TEXT NOT NULL DEFAULT '', created_at TIMESTAMPTZ NOT NULL DEFAULT now());\n\
                     CREATE INDEX {t}_owner_idx ON {t} (owner_id, created_at);\n\
                     ALTER TABLE {t} ADD COLUMN note TEXT;\n\
                     INSERT INTO {t} (owner_id, name) VALUES (1, 'x') ON CONFLICT DO NOTHING;\n\
                     -- a comment; with a semicolon\nUPDATE {t} SET name = 'y; z' WHERE id = 1;\n"
                ));
            }
            files.push(SqlFile {
                path: format!("migrations/{m}_gen.sql"),
                source: SourceText::new(sql.into()),
            });
            migrations.push(Migration {
                name: format!("{m}_gen"),
                up: m,
                down: None,
            });
        }
        let started = std::time::Instant::now();
        let set = build_set(
            "app".into(),
            "migrations".into(),
            Layout::Sqlx,
            Dialect::Postgres,
            files,
            migrations,
        );
        let elapsed = started.elapsed();
        assert_eq!(set.statements.len(), 50_000);
        assert_eq!(set.schema.tables.len(), 10_000);
        println!("replayed 50,000 statements in {elapsed:?}");
    }
}
