//! `registry` and `checklist`: one strict run of the engine, its registry written or rendered.

use crate::cli::{ChecklistArgs, ChecklistFormat, ColorChoice, RegistryArgs, WorkspaceArgs};
use crate::render::write_atomically;
use backend_gate_rules::registry::{checklist, to_json, Registry};
use backend_gate_rules::{check, CheckOptions, Preset, Selection};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Where the registry goes by default, under the workspace root.
const DEFAULT_OUT: &str = "ai-state/active/backend";

/// Runs the engine with every rule on (strict preset), so the registry's and checklist's
/// answers do not depend on what `check` is configured to report.
fn build(args: &WorkspaceArgs) -> Result<(PathBuf, Registry), String> {
    let mut opts = CheckOptions {
        selection: Selection {
            preset: Preset::Strict,
            select: vec!["all".into()],
            ..Selection::default()
        },
        registry: true,
        ..crate::commands::workspace_options(args)?
    };
    // The configuration still applies: auth extractors, public paths, thresholds, dialect …
    if crate::commands::configure(&mut opts, ColorChoice::Auto)?.is_some() {
        return Err("the configuration is invalid".into());
    }
    opts.config.force_preset(Preset::Strict);
    let report = check(&opts).map_err(|e| e.to_string())?;
    for e in &report.internal_errors {
        eprintln!("error: internal error while checking {e} (please report this); other files were checked");
    }
    if !report.internal_errors.is_empty() {
        return Err("the registry would be incomplete".into());
    }
    let registry = report
        .registry
        .ok_or_else(|| "the engine built no registry".to_string())?;
    Ok((report.root, registry))
}

/// `registry [--out DIR] [--check]`.
pub fn run_registry(args: RegistryArgs) -> Result<ExitCode, String> {
    let (root, registry) = build(&args.workspace)?;
    let dir = args.out.unwrap_or_else(|| root.join(DEFAULT_OUT));
    let files = registry.files();
    if args.check {
        let mut stale = Vec::new();
        for (name, text) in &files {
            let path = dir.join(name);
            match std::fs::read(&path) {
                Ok(bytes) if bytes == text.as_bytes() => {}
                Ok(_) => stale.push(format!("{} is out of date", path.display())),
                Err(_) => stale.push(format!("{} is missing", path.display())),
            }
        }
        if stale.is_empty() {
            println!("registry is up to date ({})", dir.display());
            return Ok(ExitCode::SUCCESS);
        }
        for s in &stale {
            eprintln!("error: {s}");
        }
        eprintln!("run `cargo backend-gate registry` to update it");
        return Ok(ExitCode::from(1));
    }
    for (name, text) in &files {
        let path = dir.join(name);
        write_atomically(&path, text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let e = &registry.endpoints.endpoints;
    eprintln!(
        "wrote {} ({} endpoint{}, {} model{}, {} service{})",
        dir.display(),
        e.len(),
        if e.len() == 1 { "" } else { "s" },
        registry.models.models.len(),
        if registry.models.models.len() == 1 {
            ""
        } else {
            "s"
        },
        registry.services.services.len(),
        if registry.services.services.len() == 1 {
            ""
        } else {
            "s"
        },
    );
    Ok(ExitCode::SUCCESS)
}

/// `checklist [--format markdown|json] [--output FILE]`.
pub fn run_checklist(args: ChecklistArgs) -> Result<ExitCode, String> {
    let (_, registry) = build(&args.workspace)?;
    let text = match args.format {
        ChecklistFormat::Markdown => checklist::markdown::render(&registry.checklist),
        ChecklistFormat::Json => to_json(&registry.checklist),
    };
    match &args.output {
        Some(path) => write_atomically(path, text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        None => {
            let mut out = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error of the checklist.
            let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
        }
    }
    Ok(ExitCode::SUCCESS)
}
