//! Inline expectations (`// expect: BG201`, `// expect: BG201, BG604`) as used in the fixtures
//! and in the rules' own test vectors, and a checker for single snippets.

use crate::config::scopes::Scopes;
use crate::config::{Config, Settings};
use crate::endpoints::Model;
use crate::finding::Finding;
use crate::rule::ModelCx;
use crate::rule::{Preset, Rule};
use crate::settings::Selection;
use crate::source::SourceText;
use crate::walk::FileInfo;
use crate::workspace::PackageInfo;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The `(line, code)` pairs a text expects, from `expect:` markers in `//` or `--` comments.
pub fn expectations(text: &str) -> BTreeSet<(usize, String)> {
    let mut out = BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        let Some(at) = line.find("expect:") else {
            continue;
        };
        let before = line[..at].trim_end();
        if !(before.ends_with("//") || before.ends_with("--") || before.ends_with("/*")) {
            continue;
        }
        let list = line[at + "expect:".len()..].trim().trim_end_matches("*/");
        for code in list
            .split([',', ' '])
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            out.insert((i + 1, code.to_string()));
        }
    }
    out
}

/// Runs `rules` (all of them at least at `warn`) over one snippet, as a non-test file of a
/// package depending on `deps`.
pub fn check_snippet(text: &str, deps: &[&str], rules: &[&dyn Rule]) -> Vec<Finding> {
    let info = FileInfo {
        path: "src/lib.rs".into(),
        module: "app".into(),
        package: Arc::new(PackageInfo {
            name: "app".into(),
            deps: deps.iter().map(|d| d.to_string()).collect(),
            ..PackageInfo::default()
        }),
        is_test: false,
    };
    let levels = Selection {
        preset: Preset::Strict,
        ..Selection::default()
    }
    .resolve()
    .expect("the strict preset resolves");
    let source = SourceText::new(text.into());
    crate::engine::check_source(&source, &info, rules, &levels).0
}

/// The module path a file of a snippet workspace gets (`src/routes/mod.rs` → `app::routes`).
fn module_of(path: &str) -> String {
    let trimmed = path
        .trim_start_matches("src/")
        .trim_end_matches(".rs")
        .trim_end_matches("/mod");
    match trimmed {
        "main" | "lib" => "app".into(),
        rest => format!("app::{}", rest.replace('/', "::")),
    }
}

/// Runs the whole pipeline — walk, endpoint model, cross-file rules — over in-memory files of
/// one package named `app` depending on `deps` (paths like `src/main.rs`, `src/routes/users.rs`,
/// `tests/api.rs`), with `rules` at least at `warn`. Returns the findings and the model.
pub fn check_files(
    files: &[(&str, &str)],
    deps: &[&str],
    rules: &[&dyn Rule],
) -> (Vec<Finding>, Model) {
    check_files_preset(files, deps, rules, Preset::Strict)
}

/// [`check_files`] under `preset` (rules that `preset` leaves off do not run).
pub fn check_files_preset(
    files: &[(&str, &str)],
    deps: &[&str],
    rules: &[&dyn Rule],
    preset: Preset,
) -> (Vec<Finding>, Model) {
    check_files_configured(files, deps, rules, preset, &Settings::default())
}

/// [`check_files_preset`] with the package configured by `settings` (its `[rules]` and
/// `[[overrides]]` included).
pub fn check_files_configured(
    files: &[(&str, &str)],
    deps: &[&str],
    rules: &[&dyn Rule],
    preset: Preset,
    settings: &Settings,
) -> (Vec<Finding>, Model) {
    let package = Arc::new(PackageInfo {
        name: "app".into(),
        deps: deps.iter().map(|d| d.to_string()).collect(),
        settings: Arc::new(settings.clone()),
        ..PackageInfo::default()
    });
    let config = Config {
        workspace: settings.clone(),
        ..Config::default()
    };
    let scopes = Scopes::new(
        &Selection {
            preset,
            ..Selection::default()
        },
        &config,
    )
    .expect("the preset resolves");
    let mut findings = Vec::new();
    let mut facts = Vec::new();
    for (path, text) in files {
        let info = FileInfo {
            path: path.to_string(),
            module: module_of(path),
            package: package.clone(),
            is_test: path.starts_with("tests/")
                || path.starts_with("benches/")
                || path.starts_with("examples/"),
        };
        let source = SourceText::new((*text).into());
        let levels = scopes.levels(path, "app");
        let (f, _, file_facts) = crate::engine::check_source(&source, &info, rules, &levels);
        findings.extend(f);
        facts.extend(file_facts);
    }
    let suppressions = facts
        .iter_mut()
        .filter(|f: &&mut crate::facts::FileFacts| !f.suppressions.is_empty())
        .map(|f| (f.path.clone(), std::mem::take(&mut f.suppressions)))
        .collect();
    let model = Model::build(facts);
    let cx = ModelCx {
        model: &model,
        levels: &scopes,
    };
    for rule in rules {
        rule.check_model(&cx, &mut findings);
    }
    let ran = |code: &str| rules.iter().any(|r| r.meta().code == code);
    let level_of = |path: &str, code: &str| scopes.levels(path, "app").get(code);
    crate::suppress::apply(&mut findings, &suppressions, &level_of, &ran, true);
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    (findings, model)
}

/// Asserts that `rule` reports exactly the `expect:` markers for its code across `files`.
#[track_caller]
pub fn assert_rule_files(rule: &dyn Rule, deps: &[&str], files: &[(&str, &str)]) {
    assert_rule_files_preset(rule, Preset::Strict, deps, files);
}

/// [`assert_rule_files`] under `preset`.
#[track_caller]
pub fn assert_rule_files_preset(
    rule: &dyn Rule,
    preset: Preset,
    deps: &[&str],
    files: &[(&str, &str)],
) {
    let code = rule.meta().code;
    let expected: BTreeSet<(String, usize)> = files
        .iter()
        .flat_map(|(path, text)| {
            expectations(text)
                .into_iter()
                .filter(|(_, c)| c == code)
                .map(|(line, _)| (path.to_string(), line))
        })
        .collect();
    let (findings, _) = check_files_preset(files, deps, &[rule], preset);
    let actual: BTreeSet<(String, usize)> = findings
        .iter()
        .map(|f| (f.file.clone(), f.range.start.line))
        .collect();
    if expected != actual {
        let missing: Vec<_> = expected.difference(&actual).collect();
        let extra: Vec<_> = findings
            .iter()
            .filter(|f| !expected.contains(&(f.file.clone(), f.range.start.line)))
            .map(|f| format!("{}:{} {} {}", f.file, f.range.start.line, f.code, f.message))
            .collect();
        panic!("{code}: missing {missing:?}, unexpected {extra:?}");
    }
}

/// Asserts that `rules`, run together, report exactly the `expect:` markers for their codes
/// across `files` (for checks where rules interact, like suppressions and what they suppress).
#[track_caller]
pub fn assert_rules_files(rules: &[&dyn Rule], deps: &[&str], files: &[(&str, &str)]) {
    let codes: BTreeSet<&str> = rules.iter().map(|r| r.meta().code).collect();
    let expected: BTreeSet<(String, usize, String)> = files
        .iter()
        .flat_map(|(path, text)| {
            expectations(text)
                .into_iter()
                .filter(|(_, c)| codes.contains(c.as_str()))
                .map(|(line, c)| (path.to_string(), line, c))
        })
        .collect();
    let (findings, _) = check_files(files, deps, rules);
    let actual: BTreeSet<(String, usize, String)> = findings
        .iter()
        .map(|f| (f.file.clone(), f.range.start.line, f.code.to_string()))
        .collect();
    if expected != actual {
        let missing: Vec<_> = expected.difference(&actual).collect();
        let extra: Vec<_> = findings
            .iter()
            .filter(|f| {
                !expected.contains(&(f.file.clone(), f.range.start.line, f.code.to_string()))
            })
            .map(|f| format!("{}:{} {} {}", f.file, f.range.start.line, f.code, f.message))
            .collect();
        panic!("missing {missing:?}, unexpected {extra:?}");
    }
}

/// The endpoints of a model as `METHOD /path handler` lines, for assertions.
pub fn endpoint_lines(model: &Model) -> Vec<String> {
    model
        .endpoints
        .iter()
        .map(|e| format!("{} {} {}", e.method.as_str(), e.path, e.handler_name))
        .collect()
}

/// Asserts that `rule` reports exactly the snippet's `expect:` markers for its code.
#[track_caller]
pub fn assert_rule(rule: &dyn Rule, deps: &[&str], text: &str) {
    let code = rule.meta().code;
    let expected: BTreeSet<_> = expectations(text)
        .into_iter()
        .filter(|(_, c)| c == code)
        .collect();
    let findings = check_snippet(text, deps, &[rule]);
    let actual: BTreeSet<_> = findings
        .iter()
        .map(|f| (f.range.start.line, f.code.to_string()))
        .collect();
    if expected != actual {
        let missing: Vec<_> = expected.difference(&actual).collect();
        let extra: Vec<_> = findings
            .iter()
            .filter(|f| !expected.contains(&(f.range.start.line, f.code.to_string())))
            .map(|f| format!("{}:{} {}", f.range.start.line, f.code, f.message))
            .collect();
        panic!("{code}: missing {missing:?}, unexpected {extra:?}");
    }
}

/// One migration of a test set: name, up text, down text.
pub type TestMigration<'a> = (&'a str, &'a str, Option<&'a str>);

/// Builds an in-memory migration set (files `migrations/<name>.up.sql`/`.down.sql`, or
/// `migrations/<name>.sql` without a down) and runs `rule` over it under `preset`.
pub fn check_migrations(
    rule: &dyn Rule,
    preset: Preset,
    layout: crate::migrations::Layout,
    dialect: crate::migrations::Dialect,
    migrations: &[TestMigration],
) -> Vec<Finding> {
    use crate::migrations::{build_set, Migration, MigrationCx, SqlFile};
    let mut files = Vec::new();
    let mut list = Vec::new();
    let mut file = |path: String, text: &str| {
        files.push(SqlFile {
            path,
            source: SourceText::new(text.into()),
        });
        files.len() - 1
    };
    for (name, up, down) in migrations {
        let (up_path, down_path) = match down {
            Some(_) => (
                format!("migrations/{name}.up.sql"),
                format!("migrations/{name}.down.sql"),
            ),
            None => (format!("migrations/{name}.sql"), String::new()),
        };
        let up = file(up_path, up);
        let down = down.map(|d| file(down_path, d));
        list.push(Migration {
            name: name.to_string(),
            up,
            down,
        });
    }
    let set = build_set(
        "app".into(),
        "migrations".into(),
        layout,
        dialect,
        files,
        list,
    );
    let selection = Selection {
        preset,
        ..Selection::default()
    };
    let Ok(levels) = Scopes::new(&selection, &Config::default()) else {
        return Vec::new();
    };
    let sets = [set];
    let cx = MigrationCx {
        sets: &sets,
        levels: &levels,
    };
    let mut out = Vec::new();
    rule.check_migrations(&cx, &mut out);
    out
}

/// Asserts that `rule` reports exactly the `-- expect:` markers of its code in the migrations
/// (PostgreSQL, recommended preset unless given).
#[track_caller]
pub fn assert_migrations(
    rule: &dyn Rule,
    preset: Preset,
    layout: crate::migrations::Layout,
    dialect: crate::migrations::Dialect,
    migrations: &[TestMigration],
) {
    let code = rule.meta().code;
    let findings = check_migrations(rule, preset, layout, dialect, migrations);
    let mut expected = BTreeSet::new();
    for (name, up, down) in migrations {
        let (up_path, down_path) = match down {
            Some(_) => (
                format!("migrations/{name}.up.sql"),
                format!("migrations/{name}.down.sql"),
            ),
            None => (format!("migrations/{name}.sql"), String::new()),
        };
        for (path, text) in std::iter::once((up_path, *up)).chain(down.map(|d| (down_path, d))) {
            for (line, c) in expectations(text) {
                if c == code {
                    expected.insert((path.clone(), line));
                }
            }
        }
    }
    let actual: BTreeSet<(String, usize)> = findings
        .iter()
        .map(|f| (f.file.clone(), f.range.start.line))
        .collect();
    if expected != actual {
        let missing: Vec<_> = expected.difference(&actual).collect();
        let extra: Vec<_> = findings
            .iter()
            .filter(|f| !expected.contains(&(f.file.clone(), f.range.start.line)))
            .map(|f| format!("{}:{} {} {}", f.file, f.range.start.line, f.code, f.message))
            .collect();
        panic!("{code}: missing {missing:?}, unexpected {extra:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_markers_from_rust_and_sql_comments() {
        let text = "let a = 1; // expect: BG201\n-- expect: BG802, BG803\nlet s = \"expect: BG1\";";
        let got: Vec<_> = expectations(text).into_iter().collect();
        assert_eq!(
            got,
            [
                (1, "BG201".into()),
                (2, "BG802".into()),
                (2, "BG803".into())
            ]
        );
    }
}
