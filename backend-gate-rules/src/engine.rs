//! A run of `check`: load the workspace, walk every module file once in parallel, collect findings.

use crate::cache::{
    self, Cache, CacheLocation, CacheStats, Facts, FileResult, ModelOutput, RunKey,
};
use crate::config::scopes::Scopes;
use crate::endpoints::{EndpointSummary, Model};
use crate::error::Error;
use crate::facts::FileFacts;
use crate::finding::{Diagnostic, Finding, Label};
use crate::migrations::{self, MigrationCx, MigrationSet};
use crate::module_tree::{child_module_file, scan_mod_decls};
use crate::rule::ModelCx;
use crate::rule::{Level, Rule};
use crate::rules::{parse_error::PARSE_ERROR, RULES};
use crate::settings::{RuleLevels, Selection};
use crate::source::{Range, SourceText};
use crate::suppress::{self, Suppressions};
use crate::walk::{walk_file, FileInfo, MacroArena, ModDecl};
use crate::workspace::{PackageInfo, Workspace};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Files larger than this are reported and skipped: generated code of this size is not
/// hand-written backend code, and parsing it would dominate the run.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Stack size of worker threads: syn and the walk recurse once per nesting level.
const WORKER_STACK: usize = 64 * 1024 * 1024;

/// What to check and how.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// `--manifest-path`; otherwise the workspace containing `cwd`.
    pub manifest_path: Option<PathBuf>,
    /// Folder the command runs in.
    pub cwd: PathBuf,
    /// Files or folders to check instead of the whole workspace.
    pub paths: Vec<PathBuf>,
    /// `-p`: only these packages.
    pub packages: Vec<String>,
    /// `--exclude`: not these packages.
    pub exclude: Vec<String>,
    /// `-j`: worker threads (default: one per core).
    pub jobs: Option<usize>,
    /// Rules and levels.
    pub selection: Selection,
    /// Configuration from `backend-gate.toml` or Cargo metadata ([`crate::config::load`]).
    pub config: crate::config::Config,
    /// Also build the registry and checklist ([`Report::registry`]); off for plain checks, which
    /// then pay nothing for it.
    pub registry: bool,
    /// The workspace, when the caller has loaded it already ([`load_workspace`]), e.g. to read
    /// its configuration: saves a second `cargo metadata`.
    pub workspace: Option<Workspace>,
    /// Where per-file results are cached between runs (off by default).
    pub cache: CacheLocation,
}

/// The outcome of a run.
#[derive(Debug)]
pub struct Report {
    /// Workspace root; finding paths are relative to it.
    pub root: PathBuf,
    /// Findings, sorted by file, line, column, code.
    pub findings: Vec<Finding>,
    /// Text of every file that has a finding, by relative path, for rendering.
    pub sources: BTreeMap<String, SourceText>,
    /// Number of files checked.
    pub files_checked: usize,
    /// Every endpoint found, sorted by path and method.
    pub endpoints: Vec<EndpointSummary>,
    /// Handler expressions of route registrations that name no function of the workspace.
    pub unresolved_handlers: Vec<String>,
    /// Bugs of the tool met on some file (a rule panicked); the other files were still checked.
    pub internal_errors: Vec<String>,
    /// Endpoints, models, services and the checklist, when [`CheckOptions::registry`] asked.
    pub registry: Option<crate::registry::Registry>,
    /// Hits and misses of the result cache, when it was on.
    pub cache: Option<CacheStats>,
}

impl Report {
    /// Number of findings at `level`.
    pub fn count(&self, level: Level) -> usize {
        self.findings.iter().filter(|f| f.level == level).count()
    }
}

struct Task {
    /// Position of the target the file was reached from, in workspace order: with the module
    /// path it decides, deterministically, which target owns a file several targets include.
    order: usize,
    abs: PathBuf,
    info: FileInfo,
    mod_rs: bool,
    follow_mods: bool,
}

/// Target order and module path of the task that checked a file.
type OwnerKey = (usize, String);

struct FileOutcome {
    path: String,
    /// Result cache key of the file (none when the cache is off or the file was not read).
    key: Option<u128>,
    findings: Vec<Finding>,
    source: SourceText,
    suppressions: Suppressions,
    facts: Option<Facts>,
}

struct Shared<'a> {
    root: &'a Path,
    rules: Vec<&'static dyn Rule>,
    levels: &'a Scopes,
    /// For each file (canonical path), the smallest owner key that has claimed it.
    seen: Mutex<HashMap<PathBuf, OwnerKey>>,
    outcomes: Mutex<Vec<(PathBuf, OwnerKey, FileOutcome)>>,
    internal_errors: Mutex<Vec<String>>,
    cache: Option<Cache>,
}

/// The workspace `opts` points at (`cargo metadata --no-deps`).
pub fn load_workspace(opts: &CheckOptions) -> Result<Workspace, Error> {
    match Workspace::load(opts.manifest_path.as_deref(), &opts.cwd) {
        Ok(ws) => Ok(ws),
        // Explicit paths outside any Cargo project are still worth checking.
        Err(_) if !opts.paths.is_empty() && opts.manifest_path.is_none() => Ok(Workspace {
            root: opts.cwd.clone(),
            packages: Vec::new(),
            target_dir: None,
        }),
        Err(e) => Err(e),
    }
}

/// Runs the enabled rules over the workspace (or the given paths).
pub fn check(opts: &CheckOptions) -> Result<Report, Error> {
    let levels = Scopes::new(&opts.selection, &opts.config)?;
    let mut ws = match &opts.workspace {
        Some(ws) => ws.clone(),
        None => load_workspace(opts)?,
    };
    ws.configure(&opts.config);
    let no_package = Arc::new(PackageInfo {
        settings: Arc::new(opts.config.workspace.clone()),
        ..PackageInfo::default()
    });
    let tasks = if opts.paths.is_empty() {
        workspace_tasks(&ws, opts)?
    } else {
        path_tasks(&ws, opts, &no_package)?
    };
    let cache_dir = match &opts.cache {
        CacheLocation::Off => None,
        CacheLocation::TargetDir => ws.target_dir.as_deref().map(cache::dir_in_target),
        CacheLocation::Dir(dir) => Some(dir.clone()),
    };
    let mut shared = Shared {
        root: &ws.root,
        rules: RULES
            .iter()
            .copied()
            .filter(|r| r.meta().code != PARSE_ERROR.code && levels.enabled(r.meta().code))
            .collect(),
        levels: &levels,
        seen: Mutex::new(HashMap::new()),
        outcomes: Mutex::new(Vec::new()),
        internal_errors: Mutex::new(Vec::new()),
        cache: cache_dir.map(|dir| {
            Cache::open(
                dir,
                &ws.root,
                RunKey::new(&levels.workspace_levels(), &opts.config),
            )
        }),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.unwrap_or(0))
        .stack_size(WORKER_STACK)
        .build()
        .map_err(|e| Error::ThreadPool(e.to_string()))?;
    pool.install(|| {
        rayon::scope(|s| {
            for task in tasks {
                let shared = &shared;
                s.spawn(move |s| process(task, shared, s));
            }
        })
    });
    let cache = shared.cache.take();
    let mut outcomes = shared
        .outcomes
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    // A file reached from two targets may have been checked twice, in either order: keep the
    // outcome of its smallest owner so the output does not depend on thread timing.
    outcomes.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    outcomes.dedup_by(|later, first| later.0 == first.0);
    let files_checked = outcomes.len();
    // The cross-file results depend on the facts of exactly these files (and the run key).
    let model_key = cache
        .as_ref()
        .map(|c| c.model_key(outcomes.iter().map(|(_, _, o)| (o.path.as_str(), o.key))));
    // The registry needs the model itself, not only its findings.
    let cached_model = cache
        .as_ref()
        .filter(|_| !opts.registry)
        .zip(model_key)
        .and_then(|(c, key)| c.model_output(key));
    let model_cached = cached_model.is_some();
    let mut findings = Vec::new();
    let mut sources = BTreeMap::new();
    let mut facts = Vec::new();
    // Suppressions are applied once every rule has run; the model does not need them.
    let mut suppressions: BTreeMap<String, Suppressions> = BTreeMap::new();
    for (_, _, o) in outcomes {
        findings.extend(o.findings);
        facts.extend(o.facts);
        if !o.suppressions.is_empty() {
            suppressions.insert(o.path.clone(), o.suppressions);
        }
        sources.insert(o.path, o.source);
    }
    // A bug met on some SQL (a parser panic) costs that package's migrations, not the run.
    let internal = |what: &str| {
        shared
            .internal_errors
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(what.to_string());
    };
    // Migrations belong to packages, not to module files: checked only when the whole
    // workspace (or some packages) is, not for explicit paths.
    let packages = if opts.paths.is_empty() {
        selected_packages(&ws, opts)?
    } else {
        Vec::new()
    };
    // Folders named in `sqlx::migrate!("…")`, per package, from the Rust files just read, and
    // the configured ones (`migrations`).
    let mut named: HashMap<String, Vec<String>> = configured_migrations(&ws.root, &packages);
    if !packages.is_empty() {
        for (path, source) in &sources {
            let dirs = migrations::sqlx_migrate_dirs(source.text());
            if dirs.is_empty() {
                continue;
            }
            if let Some(p) = ws.package_of(&ws.root.join(path)) {
                named.entry(p.info.name.clone()).or_default().extend(dirs);
            }
        }
    }
    let check_migrations = || {
        let mut sets: Vec<MigrationSet> = Vec::new();
        for p in &packages {
            let extra = named.get(&p.info.name).map_or(&[][..], Vec::as_slice);
            let load = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                migrations::load_package(&p.info, &p.dir, extra, &|path| rel_path(&ws.root, path))
            }));
            match load {
                Ok(found) => sets.extend(found),
                Err(_) => internal(&format!(
                    "{}: reading its SQL migrations panicked",
                    p.info.name
                )),
            }
        }
        let cx = MigrationCx {
            sets: &sets,
            levels: &levels,
        };
        let mut found = Vec::new();
        for rule in &shared.rules {
            let mut out = Vec::new();
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                rule.check_migrations(&cx, &mut out)
            }));
            match run {
                Ok(()) => found.extend(out),
                Err(_) => internal(&format!(
                    "{} panicked on the SQL migrations",
                    rule.meta().code
                )),
            }
        }
        (found, sets)
    };
    // Cross-file rules are independent of each other and of the migrations: run them side by
    // side, then append their findings in table order.
    let check_model = || {
        use rayon::prelude::*;
        if let Some(cached) = cached_model {
            return (cached, None);
        }
        // Facts a cache hit left encoded are decoded now, in parallel, in file order.
        let facts: Vec<FileFacts> = facts
            .into_par_iter()
            .filter_map(|f| match f {
                Facts::Parsed(f) => Some(*f),
                Facts::Stored(at, package) => {
                    let decoded = cache.as_ref().and_then(|c| c.facts(at, package));
                    if decoded.is_none() {
                        internal("the result cache held facts that do not decode");
                    }
                    decoded
                }
            })
            .collect();
        let model = Model::build(facts);
        let model_cx = ModelCx {
            model: &model,
            levels: &levels,
        };
        let per_rule = shared
            .rules
            .par_iter()
            .map(|rule| {
                let mut out = Vec::new();
                rule.check_model(&model_cx, &mut out);
                out
            })
            .collect::<Vec<Vec<Finding>>>();
        let mut cross_file: Vec<Finding> = per_rule.into_iter().flatten().collect();
        add_enclosing_fns(&mut cross_file, &model);
        let output = ModelOutput {
            findings: cross_file,
            endpoints: model.endpoint_summaries(),
            unresolved_handlers: model.unresolved_summaries(),
        };
        if opts.registry {
            return (output, Some(model));
        }
        // Freeing millions of small allocations takes a noticeable share of a run: let it
        // happen beside the rendering instead of before it.
        std::thread::spawn(move || drop(model));
        (output, None)
    };
    let ((model_output, model), (migration_findings, sets)) =
        pool.install(|| rayon::join(check_model, check_migrations));
    let cache_stats = cache.as_ref().map(|c| CacheStats {
        cross_file_hit: model_cached,
        ..c.stats()
    });
    // Written beside the sorting and filtering below, which need none of it.
    let saving = cache.map(|mut c| {
        if !model_cached {
            if let Some(key) = model_key {
                c.put_model(key, &model_output);
            }
        }
        let root = ws.root.clone();
        std::thread::spawn(move || c.save(&root))
    });
    let ModelOutput {
        findings: model_findings,
        endpoints,
        unresolved_handlers,
    } = model_output;
    findings.extend(model_findings);
    findings.extend(migration_findings);
    // Excluded Rust files were not parsed; excluded SQL files were replayed (later migrations
    // build on them) but are not reported on.
    // The package a finding's file belongs to decides its exclusion and levels.
    let package_name = |path: &str| {
        ws.package_of(&ws.root.join(path))
            .map_or("", |p| p.info.name.as_str())
    };
    findings.retain(|f| !levels.excluded(&f.file, package_name(&f.file)));
    for f in sets.iter().flat_map(|set| &set.files) {
        let found = suppress::sql::scan(&f.source);
        if !found.is_empty() {
            suppressions.insert(f.path.clone(), found);
        }
    }
    let level_of = |path: &str, code: &str| levels.levels(path, package_name(path)).get(code);
    suppress::apply(
        &mut findings,
        &suppressions,
        &level_of,
        &|code| levels.enabled(code),
        opts.paths.is_empty(),
    );
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let registry = model.map(|model| {
        crate::registry::Registry::build(&model, &findings, &sets, &levels.workspace_levels())
    });
    for set in sets {
        for f in set.files {
            sources.insert(f.path, f.source);
        }
    }
    let shown: std::collections::HashSet<&str> = findings
        .iter()
        .flat_map(|f| {
            std::iter::once(f.file.as_str()).chain(f.secondary.iter().map(|l| l.file.as_str()))
        })
        .collect();
    let sources: BTreeMap<String, SourceText> = sources
        .into_iter()
        .filter(|(path, _)| shown.contains(path.as_str()))
        .collect();
    let mut internal_errors = shared
        .internal_errors
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    internal_errors.sort();
    if let Some(saving) = saving {
        // A panic while saving lost the cache's update, not the run's results.
        let _ = saving.join();
    }
    Ok(Report {
        root: ws.root,
        findings,
        sources,
        files_checked,
        endpoints,
        unresolved_handlers,
        internal_errors,
        registry,
        cache: cache_stats,
    })
}

/// Cross-file findings made without an enclosing item get the innermost fn that holds their
/// primary span, so every finding in a fn names it (baseline fingerprints rely on it).
fn add_enclosing_fns(findings: &mut [Finding], model: &Model) {
    let files: HashMap<&str, &FileFacts> =
        model.files.iter().map(|f| (f.path.as_str(), f)).collect();
    for f in findings.iter_mut().filter(|f| f.context.is_none()) {
        let Some(facts) = files.get(f.file.as_str()) else {
            continue;
        };
        let at = f.range.start.offset;
        f.context = facts
            .fns
            .iter()
            .filter(|g| g.range.start.offset <= at && at < g.range.end.offset)
            .min_by_key(|g| g.range.end.offset - g.range.start.offset)
            .map(crate::endpoints::qualified_name);
    }
}

fn selected_packages<'a>(
    ws: &'a Workspace,
    opts: &CheckOptions,
) -> Result<Vec<&'a crate::workspace::Package>, Error> {
    for name in opts.packages.iter().chain(&opts.exclude) {
        if !ws.packages.iter().any(|p| &p.info.name == name) {
            return Err(Error::UnknownPackage {
                name: name.clone(),
                suggestion: crate::error::closest(
                    name,
                    ws.packages.iter().map(|p| p.info.name.as_str()),
                ),
            });
        }
    }
    Ok(ws
        .packages
        .iter()
        .filter(|p| opts.packages.is_empty() || opts.packages.contains(&p.info.name))
        .filter(|p| !opts.exclude.contains(&p.info.name))
        .collect())
}

fn workspace_tasks(ws: &Workspace, opts: &CheckOptions) -> Result<Vec<Task>, Error> {
    let mut tasks = Vec::new();
    for pkg in selected_packages(ws, opts)? {
        for target in &pkg.targets {
            tasks.push(Task {
                order: tasks.len(),
                info: FileInfo {
                    path: rel_path(&ws.root, &target.root),
                    module: target.name.replace('-', "_"),
                    package: pkg.info.clone(),
                    is_test: target.kind.is_test(),
                },
                abs: target.root.clone(),
                mod_rs: true,
                follow_mods: true,
            });
        }
    }
    Ok(tasks)
}

/// The configured migration folders (`migrations`, relative to the workspace root) as absolute
/// paths per package: each folder is read once, by the package that holds it, else by the first
/// package whose settings name it.
fn configured_migrations(
    root: &Path,
    packages: &[&crate::workspace::Package],
) -> HashMap<String, Vec<String>> {
    let mut owners: BTreeMap<PathBuf, String> = BTreeMap::new();
    for p in packages {
        for folder in &p.info.settings.migrations {
            let abs = root.join(folder);
            let holder = packages
                .iter()
                .filter(|q| abs.starts_with(&q.dir))
                .max_by_key(|q| q.dir.components().count())
                .unwrap_or(p);
            owners
                .entry(abs)
                .or_insert_with(|| holder.info.name.clone());
        }
    }
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for (abs, owner) in owners {
        out.entry(owner)
            .or_default()
            .push(abs.to_string_lossy().into_owned());
    }
    out
}

fn path_tasks(
    ws: &Workspace,
    opts: &CheckOptions,
    no_package: &Arc<PackageInfo>,
) -> Result<Vec<Task>, Error> {
    let mut files = Vec::new();
    for path in &opts.paths {
        let abs = if path.is_absolute() {
            path.clone()
        } else {
            opts.cwd.join(path)
        };
        if !abs.exists() {
            return Err(Error::MissingPath(path.clone()));
        }
        if abs.is_file() {
            files.push(abs);
            continue;
        }
        for entry in ignore::WalkBuilder::new(&abs).build().flatten() {
            let p = entry.path();
            if entry.file_type().is_some_and(|t| t.is_file())
                && p.extension().is_some_and(|e| e == "rs")
            {
                files.push(p.to_path_buf());
            }
        }
    }
    files.sort();
    files.dedup();
    Ok(files
        .into_iter()
        .enumerate()
        .map(|(order, abs)| {
            let package = ws
                .package_of(&abs)
                .map_or_else(|| no_package.clone(), |p| p.info.clone());
            let rel = rel_path(&ws.root, &abs);
            let is_test = rel
                .split('/')
                .any(|c| matches!(c, "tests" | "benches" | "examples"));
            let stem = abs
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            Task {
                order,
                info: FileInfo {
                    module: match package.name.as_str() {
                        "" => stem.clone(),
                        name => format!("{}::{stem}", name.replace('-', "_")),
                    },
                    path: rel,
                    package,
                    is_test,
                },
                mod_rs: matches!(stem.as_str(), "mod" | "lib" | "main"),
                abs,
                follow_mods: false,
            }
        })
        .collect())
}

/// `path` relative to `root`, with `/`.
fn rel_path(root: &Path, path: &Path) -> String {
    let Ok(rel) = path.strip_prefix(root) else {
        return path.to_string_lossy().replace('\\', "/");
    };
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn process<'s>(task: Task, shared: &'s Shared<'s>, scope: &rayon::Scope<'s>) {
    let path = std::fs::canonicalize(&task.abs).unwrap_or_else(|_| task.abs.clone());
    let key: OwnerKey = (task.order, task.info.module.clone());
    {
        // Owner keys only decrease per file, so module cycles (`#[path]`, symlinks) end.
        let mut seen = shared.seen.lock().unwrap_or_else(|e| e.into_inner());
        match seen.get(&path) {
            Some(owner) if *owner <= key => return,
            _ => seen.insert(path.clone(), key.clone()),
        };
    }
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        if shared
            .levels
            .excluded(&task.info.path, &task.info.package.name)
        {
            return skip_file(&task);
        }
        check_file(&task, shared)
    }));
    // Spans index a per-thread source map that would otherwise grow with every file parsed here.
    proc_macro2::extra::invalidate_current_thread_spans();
    // No outcome: the file is excluded, but its `mod` declarations still lead to the files below.
    let (outcome, decls) = match result {
        Ok(r) => r,
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("unknown panic");
            shared
                .internal_errors
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(format!("{}: {what}", task.info.path));
            return;
        }
    };
    if let Some(outcome) = outcome {
        shared
            .outcomes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path, key, outcome));
    }
    if !task.follow_mods {
        return;
    }
    for decl in decls {
        let Some((abs, mod_rs)) = child_module_file(&task.abs, task.mod_rs, &decl) else {
            continue;
        };
        let mut module = task.info.module.clone();
        for part in decl.inline_parents.iter().chain([&decl.name]) {
            module.push_str("::");
            module.push_str(part);
        }
        let child = Task {
            order: task.order,
            info: FileInfo {
                path: rel_path(shared.root, &abs),
                module,
                package: task.info.package.clone(),
                is_test: task.info.is_test || decl.is_test,
            },
            abs,
            mod_rs,
            follow_mods: true,
        };
        scope.spawn(move |s| process(child, shared, s));
    }
}

/// An excluded file is not parsed: its `mod` declarations are found by scanning its text, so
/// the files of its submodules are still reached (and checked, unless excluded too).
fn skip_file(task: &Task) -> (Option<FileOutcome>, Vec<ModDecl>) {
    let decls = match std::fs::read_to_string(&task.abs) {
        Ok(text) if task.follow_mods => scan_mod_decls(&text),
        _ => Vec::new(),
    };
    (None, decls)
}

fn check_file(task: &Task, shared: &Shared) -> (Option<FileOutcome>, Vec<ModDecl>) {
    let info = &task.info;
    let bytes = match std::fs::metadata(&task.abs) {
        Ok(m) if m.len() > MAX_FILE_BYTES => Err(format!(
            "file is {:.1} MiB, over the {} MiB limit: not checked",
            m.len() as f64 / 1048576.0,
            MAX_FILE_BYTES / 1048576
        )),
        _ => std::fs::read(&task.abs).map_err(|e| format!("could not read file: {e}")),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(message) => {
            return (
                Some(file_error(shared, info, "".into(), 0, message)),
                Vec::new(),
            )
        }
    };
    let text: Arc<str> = match String::from_utf8(bytes) {
        Ok(t) => t.into(),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text: Arc<str> = String::from_utf8_lossy(e.as_bytes()).into();
            let message = "file is not valid UTF-8: not checked".to_string();
            return (
                Some(file_error(shared, info, text, at, message)),
                Vec::new(),
            );
        }
    };
    let key = shared.cache.as_ref().map(|c| c.key(info, text.as_bytes()));
    let cached = shared
        .cache
        .as_ref()
        .zip(key)
        .and_then(|(c, key)| c.get(key, info));
    let source = SourceText::new(text);
    let FileResult {
        findings,
        decls,
        suppressions,
        facts,
    } = match cached {
        Some(result) => result,
        None => {
            let levels = shared.levels.levels(&info.path, &info.package.name);
            // Rules the file's levels turn off are not walked (overrides can turn rules off per
            // file).
            let rules: Vec<&dyn Rule> = shared
                .rules
                .iter()
                .copied()
                .filter(|r| levels.get(r.meta().code) != Level::Allow)
                .collect();
            let (findings, decls, mut facts) = check_source(&source, info, &rules, &levels);
            let suppressions = facts
                .as_mut()
                .map(|f| std::mem::take(&mut f.suppressions))
                .unwrap_or_default();
            let result = FileResult {
                findings,
                decls,
                suppressions,
                facts: facts.map(|f| Facts::Parsed(Box::new(f))),
            };
            if let Some((c, key)) = shared.cache.as_ref().zip(key) {
                c.put(key, info, &result);
            }
            result
        }
    };
    (
        Some(FileOutcome {
            path: info.path.clone(),
            key,
            findings,
            source,
            suppressions,
            facts,
        }),
        decls,
    )
}

/// Parses and walks one file's text with `rules`; a syntax error is a BG000 finding, and the
/// `mod` declarations are then found by scanning the text so the module tree goes on.
pub(crate) fn check_source(
    source: &SourceText,
    info: &FileInfo,
    rules: &[&dyn Rule],
    levels: &RuleLevels,
) -> (Vec<Finding>, Vec<ModDecl>, Option<FileFacts>) {
    let file = match syn::parse_file(source.text()) {
        Ok(f) => f,
        Err(e) => {
            let range = source.range(e.span());
            let mut findings: Vec<Finding> = make_finding(
                levels,
                info,
                &PARSE_ERROR,
                range,
                format!("syntax error: {e}"),
            )
            .into_iter()
            .collect();
            // With no facts to carry them, this file's suppressions are applied here; none is
            // unused, since the rules could not look at the file.
            let suppressions = suppress::rust::scan_unparsed(source);
            if !suppressions.is_empty() {
                let files = BTreeMap::from([(info.path.clone(), suppressions)]);
                let ran = |code: &str| {
                    code == PARSE_ERROR.code || rules.iter().any(|r| r.meta().code == code)
                };
                suppress::apply(
                    &mut findings,
                    &files,
                    &|_, code| levels.get(code),
                    &ran,
                    false,
                );
            }
            return (findings, scan_mod_decls(source.text()), None);
        }
    };
    let arena = MacroArena::new();
    let walked = walk_file(&file, info, source, &arena, rules);
    let findings = walked
        .diagnostics
        .into_iter()
        .filter_map(|(d, context)| resolve(levels, info, source, d, context))
        .collect();
    let mut facts = walked.facts;
    facts.suppressions = suppress::rust::scan(source, &file);
    (findings, walked.mod_decls, Some(facts))
}

fn file_error(
    shared: &Shared,
    info: &FileInfo,
    text: Arc<str>,
    offset: usize,
    message: String,
) -> FileOutcome {
    let source = SourceText::new(text);
    let pos = source.pos_of_offset(offset);
    let range = Range {
        start: pos,
        end: pos,
    };
    FileOutcome {
        path: info.path.clone(),
        key: None,
        findings: make_finding(
            &shared.levels.levels(&info.path, &info.package.name),
            info,
            &PARSE_ERROR,
            range,
            message,
        )
        .into_iter()
        .collect(),
        source,
        suppressions: Suppressions::default(),
        facts: None,
    }
}

fn make_finding(
    levels: &RuleLevels,
    info: &FileInfo,
    meta: &'static crate::rule::RuleMeta,
    range: Range,
    message: String,
) -> Option<Finding> {
    let level = levels.get(meta.code);
    (level != Level::Allow).then(|| Finding {
        code: meta.code,
        name: meta.name,
        level,
        confidence: crate::rule::Confidence::High,
        message,
        label: String::new(),
        help: "fix the file so that it parses; the rest of the workspace was checked".into(),
        file: info.path.clone(),
        range,
        secondary: Vec::new(),
        context: None,
    })
}

fn resolve(
    levels: &RuleLevels,
    info: &FileInfo,
    source: &SourceText,
    d: Diagnostic,
    context: Option<String>,
) -> Option<Finding> {
    let configured = levels.get(d.rule.code);
    let level = match d.level {
        Some(graded) if levels.is_default(d.rule) => graded,
        _ => configured,
    };
    if level == Level::Allow {
        return None;
    }
    Some(Finding {
        code: d.rule.code,
        name: d.rule.name,
        level,
        confidence: d.confidence,
        message: d.message,
        label: d.label,
        help: d.help,
        file: info.path.clone(),
        range: source.range(d.span),
        secondary: d
            .secondary
            .into_iter()
            .map(|(span, message)| Label {
                file: info.path.clone(),
                range: source.range(span),
                message,
            })
            .collect(),
        context: context.map(|c| format!("{}::{c}", info.module)),
    })
}
