//! Reading and validating the configuration. TOML is parsed with spans, so every problem —
//! an unknown key or rule, a wrong type, a bad glob or level — points into the file, with a
//! "did you mean" when a known name is close.
//!
//! Globs (`exclude`, `[[overrides]] paths`) are stored relative to the workspace root: a
//! pattern with no `/` matches at any depth (`**/name`), a leading `/` or `./` anchors it, and
//! a package table's patterns are prefixed with the package's folder.

use super::keys::{self, Kind, LEVELS};
use super::{Config, Override, Settings, Thresholds, FILE_NAME};
use crate::error::closest;
use crate::migrations::Dialect;
use crate::rule::{Level, Preset};
use crate::settings::{specificity, validate_selector};
use crate::workspace::Workspace;
use std::fmt;
use std::ops::Range;
use std::path::Path;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// One thing wrong in a configuration file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Byte range in the file (none when the file could not be read).
    pub span: Option<Range<usize>>,
    /// What is wrong.
    pub message: String,
    /// A short label for the span.
    pub label: String,
    /// How to fix it (`did you mean `auth-extractors`?`).
    pub help: Option<String>,
}

/// A configuration file that cannot be used: the run stops (exit 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The file, relative to the workspace root.
    pub path: String,
    /// Its text, for rendering the problems.
    pub text: String,
    /// Everything wrong in it, in file order.
    pub problems: Vec<Problem>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            match &p.span {
                Some(span) => {
                    let before = &self.text[..span.start.min(self.text.len())];
                    let line = before.matches('\n').count() + 1;
                    let col = before.len() - before.rfind('\n').map_or(0, |n| n + 1) + 1;
                    write!(f, "{}:{line}:{col}: {}", self.path, p.message)?;
                }
                None => write!(f, "{}: {}", self.path, p.message)?,
            }
            if let Some(help) = &p.help {
                write!(f, " ({help})")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// Reads the configuration of a workspace: `backend-gate.toml` at its root, else the root
/// manifest's `[workspace.metadata.backend-gate]`, then each member's
/// `[package.metadata.backend-gate]`. No configuration at all gives the defaults.
pub fn load(ws: &Workspace) -> Result<Config, ConfigError> {
    let mut config = Config::default();
    let file = ws.root.join(FILE_NAME);
    let root_manifest = ws.root.join("Cargo.toml");
    let file_text = read(&file, FILE_NAME)?;
    let root_text = read(&root_manifest, "Cargo.toml")?;
    if let Some(text) = &file_text {
        config.workspace = parse_file(FILE_NAME, text)?;
        config.sources.push(FILE_NAME.to_string());
    }
    if let Some(text) = root_text.as_deref().filter(|t| t.contains("backend-gate")) {
        let doc = parse_toml("Cargo.toml", text)?;
        if let Some((key, table)) = metadata_table(doc.get_ref(), "workspace") {
            if file_text.is_some() {
                return Err(ConfigError {
                    path: "Cargo.toml".into(),
                    text: text.to_string(),
                    problems: vec![Problem {
                        span: Some(key.span()),
                        message: format!(
                            "the configuration is in both {FILE_NAME} and Cargo.toml's \
                             `[workspace.metadata.backend-gate]`"
                        ),
                        label: "second configuration".into(),
                        help: Some(format!("keep one: move these keys into {FILE_NAME}")),
                    }],
                });
            }
            let mut p = Parser::new("");
            if let Some(table) = p.expect_table(table, "`backend-gate`") {
                config.workspace = p.table(table, Settings::default(), false);
            }
            p.finish("Cargo.toml", text)?;
            config.sources.push("Cargo.toml".into());
        }
    }
    for pkg in &ws.packages {
        let manifest = pkg.dir.join("Cargo.toml");
        let rel = relative(&ws.root, &manifest);
        let Some(text) = read(&manifest, &rel)?.filter(|t| t.contains("backend-gate")) else {
            continue;
        };
        let doc = parse_toml(&rel, &text)?;
        let Some((_, table)) = metadata_table(doc.get_ref(), "package") else {
            continue;
        };
        let base = relative(&ws.root, &pkg.dir);
        let mut p = Parser::new(&base);
        let settings = match p.expect_table(table, "`backend-gate`") {
            Some(table) => p.table(table, config.workspace.clone(), true),
            None => config.workspace.clone(),
        };
        p.finish(&rel, &text)?;
        config.packages.insert(pkg.info.name.clone(), settings);
        config.sources.push(rel);
    }
    Ok(config)
}

/// Parses a whole `backend-gate.toml` (its keys at the top level); `path` names it in errors.
pub fn parse_file(path: &str, text: &str) -> Result<Settings, ConfigError> {
    let doc = parse_toml(path, text)?;
    let mut p = Parser::new("");
    let settings = p.table(doc.get_ref(), Settings::default(), false);
    p.finish(path, text)?;
    Ok(settings)
}

fn read(path: &Path, shown: &str) -> Result<Option<String>, ConfigError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ConfigError {
            path: shown.to_string(),
            text: String::new(),
            problems: vec![Problem {
                span: None,
                message: format!("cannot read the file: {e}"),
                label: String::new(),
                help: None,
            }],
        }),
    }
}

fn parse_toml<'t>(path: &str, text: &'t str) -> Result<Spanned<DeTable<'t>>, ConfigError> {
    DeTable::parse(text).map_err(|e| ConfigError {
        path: path.to_string(),
        text: text.to_string(),
        problems: vec![Problem {
            span: e.span(),
            message: format!("invalid TOML: {}", e.message().trim()),
            label: "here".into(),
            help: None,
        }],
    })
}

/// `[<kind>.metadata.backend-gate]` of a manifest, with its key.
fn metadata_table<'d, 't>(
    doc: &'d DeTable<'t>,
    kind: &str,
) -> Option<(
    &'d Spanned<std::borrow::Cow<'t, str>>,
    &'d Spanned<DeValue<'t>>,
)> {
    let outer = doc.get(kind)?.get_ref().as_table()?;
    let metadata = outer.get("metadata")?.get_ref().as_table()?;
    metadata.get_key_value("backend-gate")
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A value read for a key, before it is stored.
enum Value {
    Choice(String),
    Text(String),
    List(Vec<String>),
    Count(u32),
    Rules(Vec<(String, Level)>),
    Overrides(Vec<Override>),
}

struct Parser<'b> {
    /// Folder of the table's file relative to the workspace root (`""` at the root).
    base: &'b str,
    problems: Vec<Problem>,
}

type Entry<'t> = (
    &'t Spanned<std::borrow::Cow<'t, str>>,
    &'t Spanned<DeValue<'t>>,
);

impl<'b> Parser<'b> {
    fn new(base: &'b str) -> Self {
        Parser {
            base,
            problems: Vec::new(),
        }
    }

    fn finish(mut self, path: &str, text: &str) -> Result<(), ConfigError> {
        if self.problems.is_empty() {
            return Ok(());
        }
        self.problems
            .sort_by_key(|p| p.span.as_ref().map_or(0, |s| s.start));
        Err(ConfigError {
            path: path.to_string(),
            text: text.to_string(),
            problems: self.problems,
        })
    }

    fn problem(&mut self, span: Range<usize>, message: String, label: &str, help: Option<String>) {
        self.problems.push(Problem {
            span: Some(span),
            message,
            label: label.to_string(),
            help,
        });
    }

    fn unknown(&mut self, key: &Spanned<std::borrow::Cow<'_, str>>, known: &[&str], what: &str) {
        let name = key.get_ref().as_ref();
        let help = if validate_selector(name).is_ok() && what == "key" {
            Some(format!("`{name}` is a rule: set its level under `[rules]`"))
        } else {
            closest(name, known.iter().copied())
                .or_else(|| {
                    // `max-complexity` for `max-handler-complexity`: every word is there.
                    let words: Vec<&str> = name.split(['-', '_']).collect();
                    known
                        .iter()
                        .find(|k| words.iter().all(|w| k.split('-').any(|kw| kw == *w)))
                        .map(|k| k.to_string())
                })
                .map(|s| format!("did you mean `{s}`?"))
        };
        self.problem(
            key.span(),
            format!("unknown {what} `{name}`"),
            &format!("unknown {what}"),
            help,
        );
    }

    /// The settings of one table, starting from `start`; a package table (`package`) appends
    /// its `[rules]` and `[[overrides]]` to the inherited ones and replaces the other keys.
    fn table(&mut self, table: &DeTable<'_>, start: Settings, package: bool) -> Settings {
        let mut s = start;
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            if name == "thresholds" {
                self.thresholds(value, &mut s.thresholds);
                continue;
            }
            let Some(spec) = keys::key(name).filter(|k| k.table().is_none()) else {
                self.unknown(key, &keys::names_in(None), "key");
                continue;
            };
            let Some(v) = self.value(spec.kind, value, &format!("`{name}`")) else {
                continue;
            };
            match (name, v) {
                ("preset", Value::Choice(c)) => {
                    s.preset = Some(if c == "strict" {
                        Preset::Strict
                    } else {
                        Preset::Recommended
                    })
                }
                ("dialect", Value::Choice(c)) => {
                    s.dialect = match c.as_str() {
                        "postgres" => Some(Dialect::Postgres),
                        "mysql" => Some(Dialect::MySql),
                        "sqlite" => Some(Dialect::Sqlite),
                        _ => None,
                    }
                }
                ("version-pattern", Value::Text(t)) => s.version_pattern = t,
                ("exclude", Value::List(l)) => s.exclude = l,
                ("auth-extractors", Value::List(l)) => s.auth_extractors = l,
                ("validating-extractors", Value::List(l)) => s.validating_extractors = l,
                ("blocking-wrappers", Value::List(l)) => s.blocking_wrappers = l,
                ("db-paths", Value::List(l)) => s.db_paths = l,
                ("public", Value::List(l)) => s.public = l,
                ("migrations", Value::List(l)) => s.migrations = l,
                ("rules", Value::Rules(r)) if package => s.rules.extend(r),
                ("rules", Value::Rules(r)) => s.rules = r,
                ("overrides", Value::Overrides(o)) if package => s.overrides.extend(o),
                ("overrides", Value::Overrides(o)) => s.overrides = o,
                _ => self.problem(
                    key.span(),
                    format!("`{name}` is not supported here"),
                    "not supported",
                    None,
                ),
            }
        }
        s
    }

    fn thresholds(&mut self, value: &Spanned<DeValue<'_>>, t: &mut Thresholds) {
        let Some(table) = self.expect_table(value, "`thresholds`") else {
            return;
        };
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            let Some(spec) = keys::key(&format!("thresholds.{name}")) else {
                self.unknown(key, &keys::names_in(Some("thresholds")), "threshold");
                continue;
            };
            let Some(Value::Count(n)) = self.value(spec.kind, value, &format!("`{name}`")) else {
                continue;
            };
            match spec.leaf() {
                "max-handler-complexity" => t.max_handler_complexity = n,
                _ => t.max_handler_statements = n,
            }
        }
    }

    fn expect_table<'v, 't>(
        &mut self,
        value: &'v Spanned<DeValue<'t>>,
        what: &str,
    ) -> Option<&'v DeTable<'t>> {
        let table = value.get_ref().as_table();
        if table.is_none() {
            self.wrong_type(value, "table", what);
        }
        table
    }

    fn wrong_type(&mut self, value: &Spanned<DeValue<'_>>, expected: &str, what: &str) {
        let found = value.get_ref().type_str();
        self.problem(
            value.span(),
            format!(
                "{what} must be {}, not {}",
                article(expected),
                article(found)
            ),
            &format!("expected {}", article(expected)),
            None,
        );
    }

    fn value(&mut self, kind: Kind, value: &Spanned<DeValue<'_>>, what: &str) -> Option<Value> {
        match kind {
            Kind::Choice(choices) => {
                let s = self.string(value, what)?;
                if choices.contains(&s) {
                    return Some(Value::Choice(s.to_string()));
                }
                let help = closest(s, choices.iter().copied())
                    .map(|c| format!("did you mean `{c}`?"))
                    .or_else(|| Some(format!("use one of {}", quoted(choices))));
                self.problem(
                    value.span(),
                    format!("`{s}` is not one of {}", quoted(choices)),
                    "unknown value",
                    help,
                );
                None
            }
            Kind::Text => {
                let s = self.string(value, what)?;
                if s.is_empty() || s.contains('/') {
                    self.problem(
                        value.span(),
                        "a version pattern describes one path segment: not empty, no `/`".into(),
                        "invalid pattern",
                        None,
                    );
                    return None;
                }
                Some(Value::Text(s.to_string()))
            }
            Kind::Globs | Kind::Names | Kind::RustPaths | Kind::EndpointPaths | Kind::Folders => {
                let Some(items) = value.get_ref().as_array() else {
                    self.wrong_type(value, "array of strings", what);
                    return None;
                };
                let mut out = Vec::new();
                let mut ok = true;
                for item in items.iter() {
                    match self.list_item(kind, item) {
                        Some(s) => out.push(s),
                        None => ok = false,
                    }
                }
                ok.then_some(Value::List(out))
            }
            Kind::Count => {
                let n = match value.get_ref() {
                    DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
                    _ => {
                        self.wrong_type(value, "integer", what);
                        return None;
                    }
                };
                match n.and_then(|n| u32::try_from(n).ok()).filter(|&n| n > 0) {
                    Some(n) => Some(Value::Count(n)),
                    None => {
                        self.problem(
                            value.span(),
                            "a threshold must be a whole number from 1 up".into(),
                            "out of range",
                            None,
                        );
                        None
                    }
                }
            }
            Kind::Rules => self.rules(value).map(Value::Rules),
            Kind::Overrides => self.overrides(value).map(Value::Overrides),
        }
    }

    fn string<'v>(&mut self, value: &'v Spanned<DeValue<'_>>, what: &str) -> Option<&'v str> {
        let s = value.get_ref().as_str();
        if s.is_none() {
            self.wrong_type(value, "string", what);
        }
        s
    }

    fn list_item(&mut self, kind: Kind, item: &Spanned<DeValue<'_>>) -> Option<String> {
        let s = self.string(item, "each entry")?;
        let invalid = |why: &str| Some(why.to_string());
        let problem = match kind {
            Kind::Globs => {
                let glob = root_glob(self.base, s);
                match super::scopes::compile_glob(&glob) {
                    Ok(_) => return Some(glob),
                    Err(e) => Some(format!("invalid glob: {e}")),
                }
            }
            Kind::Names | Kind::RustPaths if !is_rust_path(s) => {
                invalid("expected a Rust name or path, like `Caller` or `my_auth::Caller`")
            }
            Kind::EndpointPaths if !s.starts_with('/') => {
                invalid("an endpoint path starts with `/`")
            }
            Kind::Folders if s.is_empty() || s.starts_with('/') || s.contains(':') => {
                invalid("expected a relative folder path")
            }
            Kind::Folders => return Some(join(self.base, s)),
            _ => None,
        };
        match problem {
            None => Some(s.to_string()),
            Some(message) => {
                self.problem(item.span(), message, "invalid entry", None);
                None
            }
        }
    }

    fn rules(&mut self, value: &Spanned<DeValue<'_>>) -> Option<Vec<(String, Level)>> {
        let table = self.expect_table(value, "`rules`")?;
        let mut out = Vec::new();
        let mut ok = true;
        let entries: Vec<Entry<'_>> = table.iter().collect();
        for (key, level) in entries {
            let name = key.get_ref().as_ref();
            if let Err(crate::Error::UnknownRule { suggestion, .. }) = validate_selector(name) {
                self.problem(
                    key.span(),
                    format!("unknown rule or category `{name}`"),
                    "unknown rule",
                    suggestion
                        .map(|s| format!("did you mean `{s}`?"))
                        .or_else(|| Some("`cargo backend-gate rules` lists them".into())),
                );
                ok = false;
                continue;
            }
            let Some(text) = self.string(level, "a rule's level") else {
                ok = false;
                continue;
            };
            let level_value = match text {
                "allow" => Level::Allow,
                "warn" => Level::Warn,
                "deny" => Level::Deny,
                other => {
                    let help = closest(other, LEVELS.iter().copied())
                        .map(|c| format!("did you mean `{c}`?"))
                        .or_else(|| Some(format!("use one of {}", quoted(LEVELS))));
                    self.problem(
                        level.span(),
                        format!("`{other}` is not a level: use one of {}", quoted(LEVELS)),
                        "unknown level",
                        help,
                    );
                    ok = false;
                    continue;
                }
            };
            out.push((name.to_string(), level_value));
        }
        // More specific selectors win: `security = "deny"` with `BG602 = "allow"` leaves BG602 off.
        out.sort_by_key(|(s, _)| specificity(s));
        ok.then_some(out)
    }

    fn overrides(&mut self, value: &Spanned<DeValue<'_>>) -> Option<Vec<Override>> {
        let Some(items) = value.get_ref().as_array() else {
            self.wrong_type(value, "array of tables", "`overrides`");
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for item in items.iter() {
            let Some(table) = self.expect_table(item, "each override") else {
                ok = false;
                continue;
            };
            let mut o = Override::default();
            let (mut paths, mut rules) = (false, false);
            for (key, value) in table.iter() {
                paths |= key.get_ref().as_ref() == "paths";
                match key.get_ref().as_ref() {
                    "paths" => match self.value(Kind::Globs, value, "`paths`") {
                        Some(Value::List(l)) if !l.is_empty() => o.paths = l,
                        Some(_) => self.problem(
                            value.span(),
                            "an override needs at least one path".into(),
                            "no paths",
                            None,
                        ),
                        None => {}
                    },
                    "rules" => {
                        if let Some(r) = self.rules(value) {
                            o.rules = r;
                        }
                        rules = true;
                    }
                    _ => self.unknown(key, &["paths", "rules"], "override key"),
                }
            }
            if !(paths && rules) {
                let missing = if paths { "rules" } else { "paths" };
                self.problem(
                    item.span(),
                    format!("this override has no `{missing}`"),
                    &format!("`{missing}` missing"),
                    Some("an override needs `paths = [\"glob\", ..]` and `rules = { rule = \"level\" }`".into()),
                );
                ok = false;
                continue;
            }
            // Paths that were given but invalid are reported where they are.
            if o.paths.is_empty() {
                ok = false;
                continue;
            }
            out.push(o);
        }
        ok.then_some(out)
    }
}

/// `an array`, `a string`.
fn article(noun: &str) -> String {
    let an = noun.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {noun}", if an { "an" } else { "a" })
}

fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `Name`, `crate::a::B`, `my_crate::b`.
fn is_rust_path(s: &str) -> bool {
    !s.is_empty()
        && s.split("::").all(|seg| {
            seg.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && seg.chars().all(|c| c.is_alphanumeric() || c == '_')
        })
}

/// `dir` relative to the workspace root, given relative to `base`.
fn join(base: &str, dir: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in dir.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// A glob of a table whose paths are relative to `base`, made relative to the workspace root.
pub fn root_glob(base: &str, pattern: &str) -> String {
    let p = pattern.trim_start_matches("./");
    let p = match p.strip_prefix('/') {
        Some(anchored) => anchored.to_string(),
        None if !p.trim_end_matches('/').contains('/') => format!("**/{p}"),
        None => p.to_string(),
    };
    let p = p.trim_end_matches('/');
    if base.is_empty() {
        p.to_string()
    } else {
        format!("{base}/{p}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(String, String, Option<String>)> {
        match parse_file(FILE_NAME, text) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .problems
                .into_iter()
                .map(|p| {
                    let span = p.span.expect("a span");
                    (text[span].to_string(), p.message, p.help)
                })
                .collect(),
        }
    }

    #[test]
    fn every_key_is_read() {
        let text = r#"
preset = "strict"
exclude = ["src/generated/**", "legacy.rs"]
auth-extractors = ["Caller"]
validating-extractors = ["Checked"]
blocking-wrappers = ["run_blocking"]
db-paths = ["acme_db"]
public = ["/status"]
version-pattern = "<N>.<N>"
dialect = "mysql"
migrations = ["./db/migrations/"]

[rules]
security = "deny"
BG602 = "allow"
BG6 = "warn"

[thresholds]
max-handler-complexity = 15
max-handler-statements = 60

[[overrides]]
paths = ["src/legacy"]
rules = { fat-handler = "allow" }
"#;
        let s = parse_file(FILE_NAME, text).expect("valid");
        assert_eq!(s.preset, Some(Preset::Strict));
        assert_eq!(s.exclude, ["src/generated/**", "**/legacy.rs"]);
        assert_eq!(s.auth_extractors, ["Caller"]);
        assert_eq!(s.validating_extractors, ["Checked"]);
        assert_eq!(s.blocking_wrappers, ["run_blocking"]);
        assert_eq!(s.db_paths, ["acme_db"]);
        assert_eq!(s.public, ["/status"]);
        assert_eq!(s.version_pattern, "<N>.<N>");
        assert_eq!(s.dialect, Some(Dialect::MySql));
        assert_eq!(s.migrations, ["db/migrations"]);
        let order: Vec<&str> = s.rules.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(
            order,
            ["security", "BG6", "BG602"],
            "specific selectors last"
        );
        assert_eq!(
            s.thresholds,
            Thresholds {
                max_handler_complexity: 15,
                max_handler_statements: 60
            }
        );
        assert_eq!(
            s.overrides,
            [Override {
                paths: vec!["src/legacy".into()],
                rules: vec![("fat-handler".into(), Level::Allow)],
            }]
        );
    }

    #[test]
    fn unknown_keys_rules_types_levels_and_globs_point_into_the_file() {
        let found = problems(
            r#"
auth-extractor = ["Caller"]
db-in-handler = "deny"
exclude = "src/legacy/**"
public = ["status"]
dialect = "postgresql"

[rules]
sql-injecton = "deny"
fat-handler = "dney"

[thresholds]
max-handler-complexity = 0
max-complexity = 3

[[overrides]]
paths = ["src/[a"]
rules = { BG101 = "allow" }

[[overrides]]
path = ["src/x/**"]
"#,
        );
        let want = [
            (
                "auth-extractor",
                "unknown key `auth-extractor`",
                Some("did you mean `auth-extractors`?"),
            ),
            (
                "db-in-handler",
                "unknown key `db-in-handler`",
                Some("`db-in-handler` is a rule: set its level under `[rules]`"),
            ),
            (
                "\"src/legacy/**\"",
                "`exclude` must be an array of strings, not a string",
                None,
            ),
            ("\"status\"", "an endpoint path starts with `/`", None),
            (
                "\"postgresql\"",
                "`postgresql` is not one of `auto`, `postgres`, `mysql`, `sqlite`",
                Some("did you mean `postgres`?"),
            ),
            (
                "sql-injecton",
                "unknown rule or category `sql-injecton`",
                Some("did you mean `sql-injection`?"),
            ),
            (
                "\"dney\"",
                "`dney` is not a level: use one of `allow`, `warn`, `deny`",
                Some("did you mean `deny`?"),
            ),
            ("0", "a threshold must be a whole number from 1 up", None),
            (
                "max-complexity",
                "unknown threshold `max-complexity`",
                Some("did you mean `max-handler-complexity`?"),
            ),
        ];
        for (i, (span, message, help)) in want.iter().enumerate() {
            let got = &found[i];
            assert_eq!(got.0, *span, "{got:?}");
            assert_eq!(got.1, *message, "{got:?}");
            assert_eq!(got.2.as_deref(), *help, "{got:?}");
        }
        let rest = &found[want.len()..];
        assert!(
            rest.iter()
                .any(|p| p.0 == "\"src/[a\"" && p.1.starts_with("invalid glob")),
            "{rest:#?}"
        );
        assert!(
            rest.iter()
                .any(|p| p.0.starts_with("[[overrides]]") && p.1 == "this override has no `paths`"),
            "{rest:#?}"
        );
        assert!(
            rest.iter()
                .any(|p| p.0 == "path" && p.2.as_deref() == Some("did you mean `paths`?")),
            "{rest:#?}"
        );
        assert_eq!(found.len(), 12, "{found:#?}");
    }

    #[test]
    fn toml_syntax_errors_have_a_span() {
        let e = parse_file(FILE_NAME, "preset = \n").expect_err("invalid");
        assert!(e.problems[0].message.starts_with("invalid TOML"), "{e}");
        assert!(e.problems[0].span.is_some());
        assert!(e.to_string().starts_with("backend-gate.toml:1:"), "{e}");
    }

    #[test]
    fn globs_become_root_relative() {
        assert_eq!(root_glob("", "src/legacy/**"), "src/legacy/**");
        assert_eq!(root_glob("", "generated.rs"), "**/generated.rs");
        assert_eq!(root_glob("", "/generated.rs"), "generated.rs");
        assert_eq!(root_glob("crates/api", "src/old/"), "crates/api/src/old");
        assert_eq!(root_glob("crates/api", "*.sql"), "crates/api/**/*.sql");
        assert_eq!(
            join("crates/api", "../db/migrations"),
            "crates/db/migrations"
        );
        assert_eq!(join("", "./db/"), "db");
    }
}
