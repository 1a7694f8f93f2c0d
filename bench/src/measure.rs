//! Timing the parse floor, the engine and `cargo metadata` on the same files with the same
//! number of threads, interleaved so that drift (other processes, thermal) hits all three alike.

use backend_gate_rules::source::SourceText;
use backend_gate_rules::walk::{walk_file, FileInfo, MacroArena};
use backend_gate_rules::workspace::PackageInfo;
use backend_gate_rules::{check, CacheLocation, CheckOptions, Rule, Selection};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

/// The engine's worker stack size: the floor uses the same pool shape.
const WORKER_STACK: usize = 64 * 1024 * 1024;

/// A Cargo workspace on disk and the Rust files under it.
pub struct Corpus {
    /// Workspace root.
    pub root: PathBuf,
    /// Every `.rs` file under the root (outside `target/` and hidden folders), sorted.
    pub files: Vec<PathBuf>,
    /// Their lines.
    pub lines: usize,
    /// Their bytes.
    pub bytes: usize,
}

impl Corpus {
    /// Lists and sizes the Rust files of the workspace at `root`.
    pub fn scan(root: &Path) -> Result<Corpus, String> {
        let mut files = Vec::new();
        collect_rs(root, &mut files).map_err(|e| format!("{}: {e}", root.display()))?;
        files.sort();
        let (mut lines, mut bytes) = (0, 0);
        for f in &files {
            let text = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
            bytes += text.len();
            lines += crate::generate::line_count(&String::from_utf8_lossy(&text));
        }
        Ok(Corpus {
            root: root.to_path_buf(),
            files,
            lines,
            bytes,
        })
    }

    /// The workspace manifest.
    pub fn manifest(&self) -> PathBuf {
        self.root.join("Cargo.toml")
    }
}

fn collect_rs(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ty = entry.file_type()?;
        if ty.is_dir() {
            if name != "target" && !name.starts_with('.') {
                collect_rs(&path, out)?;
            }
        } else if ty.is_file() && name.ends_with(".rs") {
            out.push(path);
        }
    }
    Ok(())
}

/// Wall times of repeated runs, in seconds.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// One entry per measured run (warm-ups excluded), in run order.
    pub runs: Vec<f64>,
}

impl Timings {
    /// Fastest run: the least disturbed by the rest of the machine.
    pub fn min(&self) -> f64 {
        self.runs.iter().copied().fold(f64::INFINITY, f64::min)
    }

    /// Median run (mean of the middle two for an even count).
    pub fn median(&self) -> f64 {
        let mut v = self.runs.clone();
        v.sort_by(f64::total_cmp);
        match v.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => v[n / 2],
            n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
        }
    }
}

/// What the engine reported on its last run.
#[derive(Debug, Clone, Default)]
pub struct CheckStats {
    /// Files the engine walked.
    pub files_checked: usize,
    /// Findings, by rule code.
    pub by_code: BTreeMap<String, usize>,
    /// Internal errors (a rule panicked on a file).
    pub internal_errors: Vec<String>,
    /// Files whose results came from the result cache.
    pub cache_hits: usize,
}

impl CheckStats {
    /// Total findings.
    pub fn findings(&self) -> usize {
        self.by_code.values().sum()
    }
}

/// The three measurements of one corpus.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    /// Read + `syn::parse_file` every file.
    pub floor: Timings,
    /// `backend_gate_rules::check` on the workspace.
    pub check: Timings,
    /// `cargo metadata --no-deps` alone (the engine runs it too).
    pub metadata: Timings,
    /// With `--phases`: read + parse + the engine's walk with no rule enabled.
    pub walk: Option<Timings>,
    /// With `--phases`: read + parse + the walk with the enabled rules.
    pub rules: Option<Timings>,
    /// `check` with the result cache on, starting from an empty cache folder (it writes it).
    pub cold: Timings,
    /// `check` again right after, reading the cache the cold run wrote.
    pub warm: Timings,
    /// Files the warm run took from the cache (of `stats.files_checked`).
    pub warm_hits: usize,
    /// Files the floor parsed without error.
    pub floor_parsed: usize,
    /// The engine's view.
    pub stats: CheckStats,
}

impl Comparison {
    /// check / floor, fastest run over fastest run.
    pub fn ratio_min(&self) -> f64 {
        self.check.min() / self.floor.min()
    }

    /// check / floor, median over median.
    pub fn ratio_median(&self) -> f64 {
        self.check.median() / self.floor.median()
    }

    /// Warm-cache check / cold-cache check, fastest run over fastest run.
    pub fn warm_ratio(&self) -> f64 {
        self.warm.min() / self.cold.min()
    }
}

/// How to run the comparison.
pub struct Plan<'a> {
    /// Worker threads for both the floor and the engine.
    pub jobs: usize,
    /// Measured runs of each.
    pub iters: usize,
    /// Unmeasured runs of each first (page cache, allocator, lazy statics).
    pub warmup: usize,
    /// Rules the engine runs.
    pub selection: &'a Selection,
    /// Also time the walk without and with rules, to split the engine's time by phase.
    pub phases: Option<&'a [&'static dyn Rule]>,
}

/// Runs the floor, the engine and `cargo metadata`, `warmup + iters` times each, interleaved.
pub fn compare(corpus: &Corpus, plan: &Plan) -> Result<Comparison, String> {
    let mut out = Comparison::default();
    let infos = plan.phases.map(|_| file_infos(corpus));
    for i in 0..plan.warmup + plan.iters {
        let measured = i >= plan.warmup;
        let (t, parsed) = floor(&corpus.files, plan.jobs)?;
        let phases = match (plan.phases, &infos) {
            (Some(rules), Some(infos)) => Some((
                walk_pass(&corpus.files, infos, plan.jobs, &[])?,
                walk_pass(&corpus.files, infos, plan.jobs, rules)?,
            )),
            _ => None,
        };
        let (c, stats) = engine(corpus, plan, CacheLocation::Off)?;
        let m = metadata(corpus)?;
        let (cold, warm, hits) = cold_and_warm(corpus, plan, &stats)?;
        if measured {
            out.floor.runs.push(t);
            out.check.runs.push(c);
            out.metadata.runs.push(m);
            out.cold.runs.push(cold);
            out.warm.runs.push(warm);
            out.warm_hits = hits;
            if let Some((w, r)) = phases {
                out.walk.get_or_insert_with(Timings::default).runs.push(w);
                out.rules.get_or_insert_with(Timings::default).runs.push(r);
            }
        }
        out.floor_parsed = parsed;
        out.stats = stats;
    }
    Ok(out)
}

/// The least any syn-based linter must do: read every file and parse it, on a pool of `jobs`
/// threads built for the run (the engine builds its pool per run too). Returns the wall time
/// and the number of files that parsed.
pub fn floor(files: &[PathBuf], jobs: usize) -> Result<(f64, usize), String> {
    let start = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .stack_size(WORKER_STACK)
        .build()
        .map_err(|e| e.to_string())?;
    let parsed: Result<usize, String> = pool.install(|| {
        files
            .par_iter()
            .map(|path| {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let ok = std::hint::black_box(syn::parse_file(&text)).is_ok();
                // Same hygiene as the engine: the span source map would otherwise keep every
                // file's text for the life of the thread.
                proc_macro2::extra::invalidate_current_thread_spans();
                Ok(usize::from(ok))
            })
            .sum()
    });
    let parsed = parsed?;
    drop(pool);
    Ok((start.elapsed().as_secs_f64(), parsed))
}

/// What the walk needs to know about each file. Every file gets the same package, declaring
/// the dependencies of the generated services, so `uses_crate` answers as in a real run.
fn file_infos(corpus: &Corpus) -> Vec<FileInfo> {
    let package = Arc::new(PackageInfo {
        name: "bench".to_string(),
        deps: [
            "anyhow",
            "axum",
            "chrono",
            "common",
            "serde",
            "serde_json",
            "sqlx",
            "thiserror",
            "tokio",
            "tower_http",
            "tracing",
            "tracing_subscriber",
            "uuid",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
        ..PackageInfo::default()
    });
    corpus
        .files
        .iter()
        .map(|f| {
            let rel = f.strip_prefix(&corpus.root).unwrap_or(f);
            let path = rel.to_string_lossy().replace('\\', "/");
            FileInfo {
                is_test: path
                    .split('/')
                    .any(|c| matches!(c, "tests" | "benches" | "examples")),
                module: path.trim_end_matches(".rs").replace('/', "::"),
                path,
                package: package.clone(),
            }
        })
        .collect()
}

/// Read + parse + the engine's one walk with `rules` (none: the cost of the shared context
/// alone, including parsing every macro's arguments). Module tree, `cargo metadata` and
/// turning diagnostics into findings are left out: the full check minus this is their cost.
pub fn walk_pass(
    files: &[PathBuf],
    infos: &[FileInfo],
    jobs: usize,
    rules: &[&dyn Rule],
) -> Result<f64, String> {
    let start = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .stack_size(WORKER_STACK)
        .build()
        .map_err(|e| e.to_string())?;
    let done: Result<usize, String> = pool.install(|| {
        files
            .par_iter()
            .zip(infos)
            .map(|(path, info)| {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let found = match syn::parse_file(&text) {
                    Ok(file) => {
                        let arena = MacroArena::new();
                        let source = SourceText::new(text.as_str().into());
                        let out = walk_file(&file, info, &source, &arena, rules);
                        std::hint::black_box(out.diagnostics.len() + out.mod_decls.len())
                    }
                    Err(_) => 0,
                };
                proc_macro2::extra::invalidate_current_thread_spans();
                Ok(found)
            })
            .sum()
    });
    done?;
    drop(pool);
    Ok(start.elapsed().as_secs_f64())
}

/// A run with the result cache in a new, empty folder, then a second one reading what the
/// first wrote: a user re-running `check` on an unchanged workspace. Both must report what the
/// run without cache (`expected`) did. Returns both times and the warm run's cache hits.
fn cold_and_warm(
    corpus: &Corpus,
    plan: &Plan,
    expected: &CheckStats,
) -> Result<(f64, f64, usize), String> {
    let dir = tempfile::Builder::new()
        .prefix("backend-gate-bench-cache-")
        .tempdir()
        .map_err(|e| format!("temporary folder: {e}"))?;
    let location = CacheLocation::Dir(dir.path().to_path_buf());
    let (cold, cold_stats) = engine(corpus, plan, location.clone())?;
    let (warm, warm_stats) = engine(corpus, plan, location)?;
    for (name, stats) in [("cold", &cold_stats), ("warm", &warm_stats)] {
        if stats.by_code != expected.by_code || stats.files_checked != expected.files_checked {
            return Err(format!(
                "the {name}-cache run reported other findings than the run without cache"
            ));
        }
    }
    Ok((cold, warm, warm_stats.cache_hits))
}

/// One full engine run, as `cargo backend-gate check -j <jobs>` would do it, with the result
/// cache at `cache`.
pub fn engine(
    corpus: &Corpus,
    plan: &Plan,
    cache: CacheLocation,
) -> Result<(f64, CheckStats), String> {
    let opts = CheckOptions {
        manifest_path: Some(corpus.manifest()),
        cwd: corpus.root.clone(),
        jobs: Some(plan.jobs),
        selection: plan.selection.clone(),
        cache,
        ..CheckOptions::default()
    };
    let start = Instant::now();
    let report = check(&opts).map_err(|e| format!("backend-gate check failed: {e}"))?;
    let elapsed = start.elapsed().as_secs_f64();
    let mut by_code = BTreeMap::new();
    for f in &report.findings {
        *by_code.entry(f.code.to_string()).or_insert(0) += 1;
    }
    Ok((
        elapsed,
        CheckStats {
            files_checked: report.files_checked,
            by_code,
            internal_errors: report.internal_errors,
            cache_hits: report.cache.map_or(0, |c| c.hits),
        },
    ))
}

/// `cargo metadata --no-deps` alone, output captured like `cargo_metadata` does, to show how
/// much of the engine's time is the subprocess.
pub fn metadata(corpus: &Corpus) -> Result<f64, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let start = Instant::now();
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(corpus.manifest())
        .current_dir(&corpus.root)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cargo metadata: {e}"))?;
    let elapsed = start.elapsed().as_secs_f64();
    if !out.status.success() {
        return Err(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(elapsed)
}

/// Fixture workspaces under `dir`: folders holding a `Cargo.toml`, searched three levels deep
/// (a workspace's member manifests are not listed separately).
pub fn find_workspaces(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut level = vec![dir.to_path_buf()];
    for _ in 0..3 {
        let mut next = Vec::new();
        for d in level {
            let Ok(entries) = std::fs::read_dir(&d) else {
                continue;
            };
            let mut subdirs: Vec<PathBuf> = entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .filter(|e| {
                    let name = e.file_name();
                    let name = name.to_string_lossy();
                    name != "target" && !name.starts_with('.')
                })
                .map(|e| e.path())
                .collect();
            subdirs.sort();
            for s in subdirs {
                if s.join("Cargo.toml").is_file() {
                    found.push(s);
                } else {
                    next.push(s);
                }
            }
        }
        level = next;
    }
    found.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_and_median() {
        let t = Timings {
            runs: vec![3.0, 1.0, 2.0, 10.0],
        };
        assert_eq!(t.min(), 1.0);
        assert_eq!(t.median(), 2.5);
        let odd = Timings {
            runs: vec![5.0, 1.0, 3.0],
        };
        assert_eq!(odd.median(), 3.0);
    }

    #[test]
    fn finds_fixture_workspaces_but_not_their_members() {
        let tmp = tempfile::tempdir().unwrap();
        for m in [
            "a/Cargo.toml",
            "a/crates/x/Cargo.toml",
            "group/b/Cargo.toml",
            "target/c/Cargo.toml",
        ] {
            let p = tmp.path().join(m);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        let found = find_workspaces(tmp.path());
        assert_eq!(
            found,
            vec![tmp.path().join("a"), tmp.path().join("group/b")]
        );
    }
}
