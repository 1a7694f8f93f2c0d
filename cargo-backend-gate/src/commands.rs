//! What each subcommand does: call the engine, render, pick the exit code.

use crate::baseline::Baseline;
use crate::cli::{
    CheckArgs, Cli, ColorChoice, Command, ConfidenceArg, Format, PresetArg, RulesFormat,
    WorkspaceArgs,
};
use crate::render;
use backend_gate_rules::config;
use backend_gate_rules::engine::load_workspace;
use backend_gate_rules::fingerprint::fingerprints;
use backend_gate_rules::{
    check, rules, CacheLocation, CheckOptions, Confidence, Level, Preset, Report, Selection,
};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// Runs a parsed command line; errors are usage, configuration or I/O errors (exit 2).
pub fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Check(args) => run_check(*args),
        Command::Registry(args) => crate::registry::run_registry(args),
        Command::Checklist(args) => crate::registry::run_checklist(args),
        Command::Rules { format } => {
            match format {
                RulesFormat::Table => print!("{}", render::rules_table()),
                RulesFormat::Markdown => print!("{}", render::rules_markdown()),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { rule } => match rules::find(&rule) {
            Some(r) => {
                print!("{}", render::explain(r.meta()));
                Ok(ExitCode::SUCCESS)
            }
            None => {
                let names = rules::RULES
                    .iter()
                    .flat_map(|r| [r.meta().code, r.meta().name]);
                let hint = backend_gate_rules::error::closest(&rule, names)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                Err(format!(
                    "unknown rule `{rule}`{hint}; `cargo backend-gate rules` lists them"
                ))
            }
        },
        Command::Init {
            manifest_path,
            force,
        } => run_init(manifest_path, force),
    }
}

/// Whether stderr gets colour (a terminal, no `NO_COLOR`).
fn stderr_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

/// Loads the workspace and its configuration into `opts`; a configuration error is rendered
/// on stderr and gives exit code 2.
pub(crate) fn configure(
    opts: &mut CheckOptions,
    color: ColorChoice,
) -> Result<Option<ExitCode>, String> {
    let ws = load_workspace(opts).map_err(|e| e.to_string())?;
    match config::load(&ws) {
        Ok(config) => opts.config = config,
        Err(e) => {
            eprint!("{}", render::config_error(&e, stderr_color(color)));
            return Ok(Some(ExitCode::from(2)));
        }
    }
    opts.workspace = Some(ws);
    Ok(None)
}

fn run_init(manifest_path: Option<std::path::PathBuf>, force: bool) -> Result<ExitCode, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    let ws = load_workspace(&CheckOptions {
        manifest_path,
        cwd,
        ..CheckOptions::default()
    })
    .map_err(|e| e.to_string())?;
    let path = ws.root.join(config::FILE_NAME);
    if path.exists() && !force {
        return Err(format!(
            "{} exists already; `--force` overwrites it",
            path.display()
        ));
    }
    render::write_atomically(&path, render::init_toml().as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!(
        "wrote {}

{}",
        path.display(),
        render::snippets()
    );
    Ok(ExitCode::SUCCESS)
}

/// The engine's options for the workspace, packages and threads the command line names, run
/// from the current folder; the rest at their defaults.
pub(crate) fn workspace_options(args: &WorkspaceArgs) -> Result<CheckOptions, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    Ok(CheckOptions {
        manifest_path: args.manifest_path.clone(),
        cwd,
        packages: args.packages.clone(),
        exclude: args.exclude.clone(),
        jobs: args.jobs,
        ..CheckOptions::default()
    })
}

fn run_check(args: CheckArgs) -> Result<ExitCode, String> {
    let mut opts = CheckOptions {
        paths: args.paths.clone(),
        selection: Selection {
            preset: Preset::Recommended,
            select: args.select.clone(),
            ignore: args.ignore.clone(),
            levels: Vec::new(),
        },
        cache: if args.no_cache {
            CacheLocation::Off
        } else {
            CacheLocation::TargetDir
        },
        ..workspace_options(&args.workspace)?
    };
    if let Some(code) = configure(&mut opts, args.color)? {
        return Ok(code);
    }
    if let Some(preset) = args.preset {
        let preset = match preset {
            PresetArg::Recommended => Preset::Recommended,
            PresetArg::Strict => Preset::Strict,
        };
        opts.selection.preset = preset;
        opts.config.force_preset(preset);
    }
    let mut report = check(&opts).map_err(|e| e.to_string())?;
    // Computed over every finding, before any filter, so ranks match the baseline's.
    let mut prints = fingerprints(&report.findings, &report.sources);
    if let Some(min) = args.min_confidence {
        let min = match min {
            ConfidenceArg::Low => Confidence::Low,
            ConfidenceArg::Medium => Confidence::Medium,
            ConfidenceArg::High => Confidence::High,
        };
        let keep: Vec<bool> = report
            .findings
            .iter()
            .map(|f| f.confidence >= min)
            .collect();
        let mut flags = keep.iter();
        report.findings.retain(|_| *flags.next().unwrap_or(&true));
        let mut flags = keep.iter();
        prints.retain(|_| *flags.next().unwrap_or(&true));
    }
    let hidden = apply_baseline(&args, &mut report, &mut prints)?;
    let format = args.format.unwrap_or_else(|| {
        if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
            Format::Github
        } else {
            Format::Human
        }
    });
    let to_file = args.output.is_some();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            !to_file && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let mut buf = Vec::new();
    if args.verbose {
        // Listed on stdout for people, on stderr when stdout is machine-readable.
        match format {
            Format::Human => render::endpoint_listing(&report, &mut buf),
            _ => render::endpoint_listing(&report, &mut std::io::stderr()),
        }
        .map_err(|e| format!("cannot render the report: {e}"))?;
    }
    match format {
        Format::Human => render::human(&report, hidden, color, args.quiet, &mut buf),
        Format::Json => render::json(&report, &mut buf),
        Format::Sarif => render::sarif(&report, &prints, &mut buf),
        Format::Github => render::github(&report, hidden, args.quiet, &mut buf),
        Format::CargoJson => render::cargo_json(&report, &mut buf),
        Format::Markdown => {
            let opts = render::MarkdownOptions {
                hidden,
                link_base: github_link_base(&report.root),
                max_bytes: render::GITHUB_SUMMARY_BYTES,
            };
            render::markdown(&report, &opts, &mut buf)
        }
    }
    .map_err(|e| format!("cannot render the report: {e}"))?;
    match &args.output {
        Some(path) => render::write_atomically(path, &buf)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error of the check.
            let _ = out.write_all(&buf).and_then(|()| out.flush());
        }
    }
    for e in &report.internal_errors {
        eprintln!("error: internal error while checking {e} (please report this); other files were checked");
    }
    if !report.internal_errors.is_empty() {
        return Ok(ExitCode::from(2));
    }
    // After the baseline: only new findings fail the gate.
    let fails = report
        .findings
        .iter()
        .any(|f| f.level == Level::Deny || (args.deny_warnings && f.level == Level::Warn));
    Ok(if fails {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes the baseline (`--write-baseline`) and hides the findings a baseline covers
/// (`--baseline`, or the one just written); returns how many were hidden.
fn apply_baseline(
    args: &CheckArgs,
    report: &mut Report,
    prints: &mut Vec<String>,
) -> Result<usize, String> {
    let baseline = match (&args.write_baseline, &args.baseline) {
        (Some(path), _) => {
            let baseline = Baseline::of(&report.findings, prints);
            render::write_atomically(path, &baseline.to_json())
                .map_err(|e| format!("cannot write baseline {}: {e}", path.display()))?;
            eprintln!(
                "wrote {} findings to baseline {}",
                baseline.findings.len(),
                path.display()
            );
            baseline
        }
        (None, Some(path)) => Baseline::load(path)?,
        (None, None) => return Ok(0),
    };
    Ok(baseline.filter(&mut report.findings, prints))
}

/// `https://github.com/o/r/blob/<sha>/<workspace root in the repository>/`, when running in
/// GitHub Actions, so the markdown summary links each finding to its line.
fn github_link_base(root: &std::path::Path) -> Option<String> {
    let var = |name| std::env::var(name).ok().filter(|v| !v.is_empty());
    if var("GITHUB_ACTIONS").as_deref() != Some("true") {
        return None;
    }
    let (server, repo, sha) = (
        var("GITHUB_SERVER_URL")?,
        var("GITHUB_REPOSITORY")?,
        var("GITHUB_SHA")?,
    );
    let checkout = var("GITHUB_WORKSPACE")?;
    let inside = root.strip_prefix(&checkout).ok()?;
    let mut base = format!("{}/{repo}/blob/{sha}/", server.trim_end_matches('/'));
    for part in inside.components() {
        base.push_str(&part.as_os_str().to_string_lossy());
        base.push('/');
    }
    Some(base)
}
