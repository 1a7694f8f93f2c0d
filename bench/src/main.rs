//! Throughput benchmark: generates a large synthetic axum + sqlx workspace and measures, in one
//! run with the same files and threads, the bare `syn` parse floor against the full
//! `backend_gate_rules::check`. See `bench/README.md`.

mod generate;
mod measure;
mod report;
mod rng;

use backend_gate_rules::rules::{parse_error::PARSE_ERROR, RULES};
use backend_gate_rules::{Level, Preset, Rule, Selection};
use clap::Parser;
use measure::{Corpus, Plan};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// The allocator the CLI ships with, so both the floor and the check are measured as users run
// them.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Measure backend-gate against the syn parse floor on a generated workspace and the fixtures.
#[derive(Parser, Debug)]
#[command(name = "backend-gate-bench")]
struct Args {
    /// Lines of Rust to generate (at least).
    #[arg(long, default_value_t = 300_000)]
    lines: usize,
    /// Generate into this folder and keep it (default: a temporary folder, deleted at exit).
    /// It must be empty, missing, or an earlier output of this benchmark.
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Worker threads for both the floor and the engine.
    #[arg(short = 'j', long, default_value_t = 2)]
    jobs: usize,
    /// Measured runs of each measurement.
    #[arg(long, default_value_t = 5)]
    iters: usize,
    /// Unmeasured runs before them.
    #[arg(long, default_value_t = 1)]
    warmup: usize,
    /// Seed of the generator: the same seed and --lines give the same workspace.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Folder of fixture workspaces (default: the repository's `fixtures/`).
    #[arg(long)]
    fixtures: Option<PathBuf>,
    /// Skip the fixtures.
    #[arg(long)]
    no_fixtures: bool,
    /// Run the engine with the strict preset (every rule) instead of the recommended one.
    #[arg(long)]
    strict: bool,
    /// Also time the engine's walk without and with rules, to split its time by phase.
    #[arg(long)]
    phases: bool,
    /// Print JSON instead of the table.
    #[arg(long)]
    json: bool,
    /// Only write the workspace (needs --dir) and exit, e.g. to profile the CLI on it.
    #[arg(long, requires = "dir")]
    generate_only: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    if args.jobs == 0 || args.iters == 0 {
        return Err("-j and --iters must be at least 1".into());
    }
    let temp;
    let root = match &args.dir {
        Some(d) => d.clone(),
        None => {
            temp = tempfile::Builder::new()
                .prefix("backend-gate-bench-")
                .tempdir()
                .map_err(|e| format!("temporary folder: {e}"))?;
            temp.path().join("workspace")
        }
    };
    eprintln!("generating ≥ {} lines in {} …", args.lines, root.display());
    let summary = generate::generate(&root, args.lines, args.seed)?;
    let root =
        std::fs::canonicalize(&summary.root).map_err(|e| format!("{}: {e}", root.display()))?;
    eprintln!(
        "generated {} packages, {} .rs files, {} lines ({:.1} MB), {} other files; all parse with syn",
        summary.packages,
        summary.rs_files,
        summary.rs_lines,
        summary.rs_bytes as f64 / 1e6,
        summary.other_files
    );
    if args.generate_only {
        return Ok(());
    }

    let selection = Selection {
        preset: if args.strict {
            Preset::Strict
        } else {
            Preset::Recommended
        },
        ..Selection::default()
    };
    let levels = selection.resolve().map_err(|e| e.to_string())?;
    let enabled: Vec<&'static dyn Rule> = RULES
        .iter()
        .copied()
        .filter(|r| r.meta().code != PARSE_ERROR.code && levels.get(r.meta().code) != Level::Allow)
        .collect();
    let setup = report::Setup {
        jobs: args.jobs,
        iters: args.iters,
        warmup: args.warmup,
        preset: selection.preset.as_str(),
        rules_enabled: enabled.iter().map(|r| r.meta().code).collect(),
    };
    let plan = Plan {
        jobs: args.jobs,
        iters: args.iters,
        warmup: args.warmup,
        selection: &selection,
        phases: args.phases.then_some(enabled.as_slice()),
    };

    let corpus = Corpus::scan(&root)?;
    eprintln!(
        "measuring the generated workspace: {} × (floor, check, cargo metadata) …",
        args.warmup + args.iters
    );
    let cmp = measure::compare(&corpus, &plan)?;

    let fixtures = if args.no_fixtures {
        None
    } else {
        let dir = args
            .fixtures
            .clone()
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures"));
        Some(run_fixtures(&dir, &plan))
    };

    let main = report::Main {
        corpus: &corpus,
        packages: summary.packages,
        seed: args.seed,
        cmp: &cmp,
    };
    if args.json {
        let v = report::json(&setup, &main, fixtures.as_deref());
        println!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?
        );
    } else {
        print!("{}", report::table(&setup, &main, fixtures.as_deref()));
    }
    Ok(())
}

/// Measures every fixture workspace; one that cannot be checked is reported as skipped.
fn run_fixtures(dir: &Path, plan: &Plan) -> Vec<report::Fixture> {
    let workspaces = measure::find_workspaces(dir);
    if !workspaces.is_empty() {
        eprintln!(
            "measuring {} fixture workspaces under {} …",
            workspaces.len(),
            dir.display()
        );
    }
    workspaces
        .into_iter()
        .map(|ws| {
            let name = ws
                .strip_prefix(dir)
                .unwrap_or(&ws)
                .to_string_lossy()
                .replace('\\', "/");
            let result = Corpus::scan(&ws).and_then(|corpus| {
                let cmp = measure::compare(&corpus, plan)?;
                Ok((corpus, cmp))
            });
            report::Fixture { name, result }
        })
        .collect()
}
