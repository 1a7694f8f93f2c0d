//! What each subcommand does: call the engine, render, pick the exit code.

use crate::cli::{
    CheckArgs, Cli, ColorChoice, Command, ConfidenceArg, Format, PresetArg, RulesFormat,
};
use crate::render;
use backend_gate_rules::{
    check, rules, CacheLocation, CheckOptions, Confidence, Level, Preset, Selection,
};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// Runs a parsed command line; errors are usage, configuration or I/O errors (exit 2).
pub fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Check(args) => run_check(args),
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
    }
}

fn run_check(args: CheckArgs) -> Result<ExitCode, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    let opts = CheckOptions {
        manifest_path: args.manifest_path.clone(),
        cwd,
        paths: args.paths.clone(),
        packages: args.packages.clone(),
        exclude: args.exclude.clone(),
        jobs: args.jobs,
        selection: Selection {
            preset: match args.preset {
                PresetArg::Recommended => Preset::Recommended,
                PresetArg::Strict => Preset::Strict,
            },
            select: args.select.clone(),
            ignore: args.ignore.clone(),
            levels: Vec::new(),
        },
        config: Default::default(),
        cache: if args.no_cache {
            CacheLocation::Off
        } else {
            CacheLocation::TargetDir
        },
    };
    let mut report = check(&opts).map_err(|e| e.to_string())?;
    if let Some(min) = args.min_confidence {
        let min = match min {
            ConfidenceArg::Low => Confidence::Low,
            ConfidenceArg::Medium => Confidence::Medium,
            ConfidenceArg::High => Confidence::High,
        };
        report.findings.retain(|f| f.confidence >= min);
    }
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
        match args.format {
            Format::Human => render::endpoint_listing(&report, &mut buf),
            _ => render::endpoint_listing(&report, &mut std::io::stderr()),
        }
        .map_err(|e| format!("cannot render the report: {e}"))?;
    }
    match args.format {
        Format::Human => render::human(&report, color, args.quiet, &mut buf),
        Format::Json => render::json(&report, &mut buf),
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
