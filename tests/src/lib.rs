//! Helpers shared by the integration tests: the fixture backends under `fixtures/`, the inline
//! `// expect: BG201` markers written in their sources, runs of the engine over them, and a
//! readable diff between what a fixture expects and what the engine reports.
//!
//! A known false negative is recorded with `// todo-expect: BG201` on the line the finding
//! should start on: it does not fail the run while the rule misses it, and fails it once the
//! rule reports it, so the marker gets promoted to `expect:`.
//!
//! Rules that are off in the recommended preset (and rules whose scope widens in the strict one)
//! are checked by a second run with `--preset strict`: `// strict-expect: BG704` marks a finding
//! only that run reports. One comment may hold several clauses, in any order:
//! `// expect: BG101 strict-expect: BG704, BG606 todo-expect: BG602`.
//!
//! A known false positive is recorded with `// fp-expect: BG707` on the line a finding starts on
//! that it should not: the harness accepts it while the rule reports it, and fails once it stops
//! (under the strict preset, which reports everything the recommended one does), so the marker
//! gets removed.

pub mod expected_endpoints;

use backend_gate_rules::{check, CheckOptions, Finding, Preset, Report, Selection};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// Extensions of the files whose `expect:` markers count: Rust sources and SQL migrations.
pub const MARKED_EXTENSIONS: &[&str] = &["rs", "sql"];

/// The folder holding the fixture backends.
pub fn fixtures_root() -> PathBuf {
    let raw = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures"));
    // Finding paths are relative to the workspace root cargo reports, which has no `..`.
    fs::canonicalize(raw).unwrap_or_else(|_| raw.to_path_buf())
}

/// Writes `content` to `root/rel`, creating its folders: how tests lay out small workspaces.
pub fn write_file(root: &Path, rel: &str, content: impl AsRef<[u8]>) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
    fs::write(path, content).expect("write");
}

/// The folder of one fixture backend, e.g. `fixture("axum-sqlx")`.
pub fn fixture(name: &str) -> PathBuf {
    fixtures_root().join(name)
}

/// The names of every fixture backend (folders of `fixtures/` with a `Cargo.toml`), sorted.
pub fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(fixtures_root())
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().join("Cargo.toml").is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Every file under `dir` whose extension is one of `extensions`, sorted; build output
/// (`target/`) and hidden folders are skipped.
pub fn files_with_extensions(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if path.is_dir() {
                if name != "target" && !name.starts_with('.') {
                    stack.push(path);
                }
            } else if path
                .extension()
                .is_some_and(|e| extensions.iter().any(|x| e == *x))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The Rust sources of a fixture, relative to it, with `/`.
pub fn rust_files(dir: &Path) -> Vec<String> {
    files_with_extensions(dir, &["rs"])
        .iter()
        .map(|p| rel_path(dir, p))
        .collect()
}

/// `path` relative to `root`, with `/`, as the engine prints paths.
pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// One expected or reported finding, as the fixtures compare them.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    /// File relative to the fixture root, with `/`.
    pub file: String,
    /// 1-based line where the primary span starts.
    pub line: usize,
    /// Rule code.
    pub code: String,
}

impl Key {
    /// The key of a reported finding.
    pub fn of(finding: &Finding) -> Key {
        Key {
            file: finding.file.clone(),
            line: finding.range.start.line,
            code: finding.code.to_string(),
        }
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{} {}", self.file, self.line, self.code)
    }
}

/// What a marker clause says about the findings on its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MarkerKind {
    /// `expect:` — reported by the recommended preset (and so by the strict one too).
    Expect,
    /// `strict-expect:` — reported by the strict preset only.
    StrictExpect,
    /// `todo-expect:` — a known false negative, in either run.
    TodoExpect,
    /// `fp-expect:` — a known false positive: reported now, though the line deserves no finding.
    /// Tolerated by the recommended run, required by the strict one (which reports everything
    /// the recommended one does), so a fix of the rule shows up as a marker to remove.
    FalsePositive,
}

impl MarkerKind {
    const ALL: [(&'static str, MarkerKind); 4] = [
        ("expect:", MarkerKind::Expect),
        ("strict-expect:", MarkerKind::StrictExpect),
        ("todo-expect:", MarkerKind::TodoExpect),
        ("fp-expect:", MarkerKind::FalsePositive),
    ];

    fn parse(word: &str) -> Option<MarkerKind> {
        MarkerKind::ALL
            .iter()
            .find(|(w, _)| *w == word)
            .map(|&(_, k)| k)
    }
}

/// The marker clauses of one line: `(kind, code)` pairs. A marker is a comment (`//`, `/*`, or
/// SQL `--`) whose text starts with a clause keyword; later keywords in the same comment start
/// further clauses.
pub fn line_markers(line: &str) -> Vec<(MarkerKind, String)> {
    let mut out = Vec::new();
    for opener in ["//", "/*", "--"] {
        let mut from = 0;
        while let Some(at) = line[from..].find(opener) {
            let text = line[from + at + opener.len()..].trim_start();
            from += at + opener.len();
            let mut words = text.split([',', ' ', '\t']).filter(|w| !w.is_empty());
            let Some(mut kind) = words.next().and_then(MarkerKind::parse) else {
                continue;
            };
            for word in words {
                let word = word.trim_end_matches("*/");
                if word.is_empty() || word.starts_with("//") {
                    continue;
                }
                match MarkerKind::parse(word) {
                    Some(k) => kind = k,
                    None => out.push((kind, word.to_string())),
                }
            }
            return out;
        }
    }
    out
}

/// Every marker of `kind` in the fixture's Rust and SQL files.
pub fn markers_of(dir: &Path, kind: MarkerKind) -> BTreeSet<Key> {
    let mut out = BTreeSet::new();
    for path in files_with_extensions(dir, MARKED_EXTENSIONS) {
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let file = rel_path(dir, &path);
        for (i, line) in text.lines().enumerate() {
            for (k, code) in line_markers(line) {
                if k == kind {
                    out.insert(Key {
                        file: file.clone(),
                        line: i + 1,
                        code,
                    });
                }
            }
        }
    }
    out
}

/// Every `expect:` marker in the fixture's Rust and SQL files.
pub fn markers(dir: &Path) -> BTreeSet<Key> {
    markers_of(dir, MarkerKind::Expect)
}

/// Every `strict-expect:` marker (reported by the strict preset only).
pub fn strict_markers(dir: &Path) -> BTreeSet<Key> {
    markers_of(dir, MarkerKind::StrictExpect)
}

/// Every `todo-expect:` marker (a known false negative) in the fixture's Rust and SQL files.
pub fn todo_markers(dir: &Path) -> BTreeSet<Key> {
    markers_of(dir, MarkerKind::TodoExpect)
}

/// Every `fp-expect:` marker (a known false positive) in the fixture's Rust and SQL files.
pub fn fp_markers(dir: &Path) -> BTreeSet<Key> {
    markers_of(dir, MarkerKind::FalsePositive)
}

/// The options a user gets running `cargo backend-gate check` inside the fixture.
pub fn options(dir: &Path) -> CheckOptions {
    CheckOptions {
        manifest_path: Some(dir.join("Cargo.toml")),
        cwd: dir.to_path_buf(),
        ..CheckOptions::default()
    }
}

/// Runs the engine over a fixture with `selection`.
pub fn run_with(dir: &Path, selection: Selection) -> Report {
    let opts = CheckOptions {
        selection,
        ..options(dir)
    };
    match check(&opts) {
        Ok(report) => report,
        Err(e) => panic!("checking {} failed: {e}", dir.display()),
    }
}

/// Runs the engine over a fixture with the default selection (the recommended preset).
pub fn run(dir: &Path) -> Report {
    run_with(dir, Selection::default())
}

/// The keys of a report's findings.
pub fn finding_keys(report: &Report) -> BTreeSet<Key> {
    report.findings.iter().map(Key::of).collect()
}

/// The text of line `line` (1-based) of `file` in the fixture, trimmed, for diffs.
fn source_line(dir: &Path, file: &str, line: usize) -> String {
    fs::read_to_string(dir.join(file))
        .ok()
        .and_then(|t| {
            t.lines()
                .nth(line.saturating_sub(1))
                .map(|l| l.trim().to_string())
        })
        .unwrap_or_default()
}

/// What differs between the fixture's markers and the report, readably; `None` when they agree
/// and the run met no internal error. `known_misses` are the `todo-expect:` markers: findings the
/// rules are known to miss, which must stay missed until promoted to `expect:`.
pub fn diff(
    dir: &Path,
    expected: &BTreeSet<Key>,
    known_misses: &BTreeSet<Key>,
    report: &Report,
) -> Option<String> {
    diff_with(
        dir,
        expected,
        known_misses,
        &KnownFalsePositives::default(),
        report,
    )
}

/// The `fp-expect:` markers of a run, and whether the run must report them.
#[derive(Clone, Debug, Default)]
pub struct KnownFalsePositives {
    /// The markers.
    pub keys: BTreeSet<Key>,
    /// Whether a marker the run does not report fails it (the false positive was fixed).
    pub required: bool,
}

/// [`diff`], with known false positives: tolerated, or required when `fps.required`.
pub fn diff_with(
    dir: &Path,
    expected: &BTreeSet<Key>,
    known_misses: &BTreeSet<Key>,
    fps: &KnownFalsePositives,
    report: &Report,
) -> Option<String> {
    let actual = finding_keys(report);
    let missing: Vec<&Key> = expected.difference(&actual).collect();
    let unexpected: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| {
            let key = Key::of(f);
            !expected.contains(&key) && !known_misses.contains(&key) && !fps.keys.contains(&key)
        })
        .collect();
    let fixed: Vec<&Key> = known_misses.intersection(&actual).collect();
    let fps_gone: Vec<&Key> = if fps.required {
        fps.keys.difference(&actual).collect()
    } else {
        Vec::new()
    };
    let unknown: Vec<&Key> = expected
        .iter()
        .chain(&fps.keys)
        .filter(|k| backend_gate_rules::rules::find(&k.code).is_none())
        .collect();
    if missing.is_empty()
        && unexpected.is_empty()
        && fixed.is_empty()
        && fps_gone.is_empty()
        && report.internal_errors.is_empty()
    {
        return None;
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "fixture {}: {} expected finding(s) missing, {} unexpected finding(s)",
        dir.display(),
        missing.len(),
        unexpected.len()
    );
    if !missing.is_empty() {
        let _ = writeln!(
            out,
            "\nmissing (a marker expects it, the engine did not report it):"
        );
        for key in &missing {
            let _ = writeln!(
                out,
                "  {key}\n      | {}",
                source_line(dir, &key.file, key.line)
            );
        }
    }
    if !unexpected.is_empty() {
        let _ = writeln!(out, "\nunexpected (reported, no marker on that line):");
        for f in &unexpected {
            let _ = writeln!(
                out,
                "  {}:{}:{} {} {}: {}\n      | {}",
                f.file,
                f.range.start.line,
                f.range.start.column,
                f.code,
                f.name,
                f.message,
                source_line(dir, &f.file, f.range.start.line)
            );
        }
    }
    if !fixed.is_empty() {
        let _ = writeln!(
            out,
            "\nknown false negatives now reported (change `todo-expect:` to `expect:`):"
        );
        for key in &fixed {
            let _ = writeln!(
                out,
                "  {key}\n      | {}",
                source_line(dir, &key.file, key.line)
            );
        }
    }
    if !fps_gone.is_empty() {
        let _ = writeln!(
            out,
            "\nknown false positives no longer reported (remove the `fp-expect:` marker):"
        );
        for key in &fps_gone {
            let _ = writeln!(
                out,
                "  {key}\n      | {}",
                source_line(dir, &key.file, key.line)
            );
        }
    }
    if !unknown.is_empty() {
        let _ = writeln!(
            out,
            "\nmarkers naming a code the engine does not know (typo, or rule not landed yet):"
        );
        for key in &unknown {
            let _ = writeln!(out, "  {key}");
        }
    }
    if !report.internal_errors.is_empty() {
        let _ = writeln!(out, "\ninternal errors:");
        for e in &report.internal_errors {
            let _ = writeln!(out, "  {e}");
        }
    }
    Some(out)
}

/// Runs the engine over the fixture `name` and panics with a readable diff unless the findings
/// are exactly the fixture's `expect:` markers.
#[track_caller]
pub fn assert_fixture(name: &str) -> Report {
    let dir = fixture(name);
    let report = run(&dir);
    let known_misses = todo_markers(&dir);
    let fps = KnownFalsePositives {
        keys: fp_markers(&dir),
        required: false,
    };
    if let Some(d) = diff_with(&dir, &markers(&dir), &known_misses, &fps, &report) {
        panic!("{d}");
    }
    for key in &known_misses {
        eprintln!("{name}: known false negative {key}");
    }
    report
}

/// Runs the engine over the fixture `name` with the strict preset and panics with a readable
/// diff unless the findings are exactly its `expect:` and `strict-expect:` markers.
#[track_caller]
pub fn assert_fixture_strict(name: &str) -> Report {
    let dir = fixture(name);
    let report = run_with(
        &dir,
        Selection {
            preset: Preset::Strict,
            ..Selection::default()
        },
    );
    let mut expected = markers(&dir);
    expected.extend(strict_markers(&dir));
    let fps = KnownFalsePositives {
        keys: fp_markers(&dir),
        required: true,
    };
    if let Some(d) = diff_with(&dir, &expected, &todo_markers(&dir), &fps, &report) {
        panic!("strict preset: {d}");
    }
    report
}

/// One endpoint as the endpoint tests compare them: method, full path, handler module path.
pub type EndpointKey = (String, String, String);

/// The endpoints of a report, sorted.
pub fn endpoint_keys(report: &Report) -> Vec<EndpointKey> {
    let mut out: Vec<EndpointKey> = report
        .endpoints
        .iter()
        .map(|e| (e.method.to_string(), e.path.clone(), e.handler.clone()))
        .collect();
    out.sort();
    out
}

/// Panics with a readable diff unless the fixture's endpoints are exactly `expected`
/// (`(method, full path, handler)`, in any order; an endpoint registered twice is listed twice).
#[track_caller]
pub fn assert_endpoints(name: &str, expected: &[(&str, &str, &str)]) -> Report {
    let report = run(&fixture(name));
    let actual = endpoint_keys(&report);
    let mut wanted: Vec<EndpointKey> = expected
        .iter()
        .map(|(m, p, h)| (m.to_string(), p.to_string(), h.to_string()))
        .collect();
    wanted.sort();
    if actual != wanted {
        let mut rest = actual.clone();
        let mut missing = Vec::new();
        for w in &wanted {
            match rest.iter().position(|a| a == w) {
                Some(i) => {
                    rest.remove(i);
                }
                None => missing.push(w),
            }
        }
        let mut out = format!(
            "fixture {name}: {} endpoint(s) expected, {} found\n",
            wanted.len(),
            actual.len()
        );
        for (m, p, h) in missing {
            let _ = writeln!(out, "  missing:    {m:7} {p} {h}");
        }
        for (m, p, h) in &rest {
            let _ = writeln!(out, "  unexpected: {m:7} {p} {h}");
        }
        if !report.unresolved_handlers.is_empty() {
            let _ = writeln!(
                out,
                "unresolved handlers: {:#?}",
                report.unresolved_handlers
            );
        }
        panic!("{out}");
    }
    assert!(
        report.unresolved_handlers.is_empty(),
        "fixture {name}: handlers that name no function: {:#?}",
        report.unresolved_handlers
    );
    report
}

#[cfg(test)]
mod tests {
    use super::{line_markers, MarkerKind::*};

    #[test]
    fn marker_clauses() {
        let m = |s: &str| line_markers(s);
        assert_eq!(
            m("    pub token: String, // expect: BG603, BG604"),
            [(Expect, "BG603".into()), (Expect, "BG604".into())]
        );
        assert_eq!(
            m(
                r#"let u = "postgres://u:p@h/db"; // expect: BG202 strict-expect: BG704 todo-expect: BG1"#
            ),
            [
                (Expect, "BG202".into()),
                (StrictExpect, "BG704".into()),
                (TodoExpect, "BG1".into())
            ]
        );
        assert_eq!(
            m("CREATE TABLE t (id INT); -- fp-expect: BG803"),
            [(FalsePositive, "BG803".into())]
        );
        assert_eq!(m("x /* expect: BG201 */"), [(Expect, "BG201".into())]);
        // Prose that mentions a keyword is no marker.
        assert!(m("// Markers look like `expect: BG201`.").is_empty());
        assert!(m("let url = \"https://example.com\";").is_empty());
    }
}
