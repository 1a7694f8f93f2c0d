//! Command-line arguments (clap derive).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A quality gate for Rust web backends.
#[derive(Debug, Parser)]
#[command(
    name = "cargo-backend-gate",
    bin_name = "cargo backend-gate",
    version,
    about
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint the workspace (or the given files and folders).
    Check(Box<CheckArgs>),
    /// List every rule: code, name, category, default level, preset.
    Rules {
        /// `table` for the terminal, `markdown` for docs.
        #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
        format: RulesFormat,
    },
    /// Show a rule's documentation.
    Explain {
        /// Rule code (`BG201`) or name (`hardcoded-secret`).
        rule: String,
    },
    /// Write endpoints.json, models.json and services.json.
    Registry(RegistryArgs),
    /// The API, Security and Database checklists per endpoint and migration set.
    Checklist(ChecklistArgs),
    /// Write a commented backend-gate.toml at the workspace root and print the pre-commit and
    /// CI snippets.
    Init {
        /// Path to Cargo.toml.
        #[arg(long, value_name = "PATH")]
        manifest_path: Option<PathBuf>,
        /// Overwrite an existing backend-gate.toml.
        #[arg(long)]
        force: bool,
    },
}

/// Which workspace and packages, and how many worker threads (shared by every command that
/// runs the engine).
#[derive(Debug, Args)]
pub struct WorkspaceArgs {
    /// Path to Cargo.toml.
    #[arg(long, value_name = "PATH")]
    pub manifest_path: Option<PathBuf>,
    /// Every member of the workspace (the default).
    #[arg(long)]
    pub workspace: bool,
    /// Only these packages.
    #[arg(short = 'p', long = "package", value_name = "SPEC")]
    pub packages: Vec<String>,
    /// Not these packages.
    #[arg(long, value_name = "SPEC")]
    pub exclude: Vec<String>,
    /// Worker threads (default: one per core).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
}

/// Arguments of `registry`.
#[derive(Debug, Args)]
pub struct RegistryArgs {
    /// Folder to write to [default: ai-state/active/backend/ under the workspace root].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write nothing; exit 1 when a file is missing or differs from what would be written.
    #[arg(long)]
    pub check: bool,
    /// Workspace and packages.
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
}

/// Arguments of `checklist`.
#[derive(Debug, Args)]
pub struct ChecklistArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ChecklistFormat::Markdown)]
    pub format: ChecklistFormat,
    /// Write to a file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Workspace and packages.
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
}

/// Output formats of `checklist`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ChecklistFormat {
    /// GitHub-flavoured markdown (job summary, PR comment).
    Markdown,
    /// One JSON document.
    Json,
}

/// Output formats of `rules`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    /// Aligned columns.
    Table,
    /// A markdown table with each rule's summary.
    Markdown,
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics.
    Human,
    /// One JSON object per finding, per line.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// cargo's `--message-format=json` lines, for rust-analyzer's `check.overrideCommand`.
    CargoJson,
    /// A markdown summary for a CI job summary or a pull request comment.
    Markdown,
}

/// When to colour human output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal only.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Presets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PresetArg {
    /// The default set.
    Recommended,
    /// Every rule.
    Strict,
}

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or folders to check instead of the whole workspace.
    pub paths: Vec<PathBuf>,
    /// Workspace, packages and worker threads.
    #[command(flatten)]
    pub workspace: WorkspaceArgs,
    /// Output format [default: github when GITHUB_ACTIONS=true, else human].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the output to a file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only these rules (codes, names or categories; comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Not these rules (codes, names or categories).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Rule preset (default: the configuration's, else `recommended`).
    #[arg(long, value_enum)]
    pub preset: Option<PresetArg>,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Only report findings at least this confident.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub min_confidence: Option<ConfidenceArg>,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record every current finding in this baseline file (they are then hidden).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// No summary line.
    #[arg(short, long)]
    pub quiet: bool,
    /// Also list every endpoint found and every handler that could not be resolved.
    #[arg(short, long)]
    pub verbose: bool,
    /// Colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Neither read nor write the result cache (kept in the target folder's `backend-gate/cache/`).
    #[arg(long)]
    pub no_cache: bool,
}

/// Confidence threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ConfidenceArg {
    /// Everything.
    Low,
    /// Medium and high.
    Medium,
    /// High only.
    High,
}

/// The arguments as given, without the `backend-gate` that cargo inserts when it runs
/// `cargo backend-gate …` as `cargo-backend-gate backend-gate …`.
pub fn normalized_args(
    args: impl IntoIterator<Item = std::ffi::OsString>,
) -> Vec<std::ffi::OsString> {
    let mut args: Vec<_> = args.into_iter().collect();
    if args.get(1).is_some_and(|a| a == "backend-gate") {
        args.remove(1);
    }
    args
}
