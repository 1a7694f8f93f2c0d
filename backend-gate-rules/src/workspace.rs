//! The Cargo workspace as `cargo metadata --no-deps` describes it: packages, their targets and
//! the libraries they declare. Running with `--no-deps` needs no network, no lock file and runs
//! no build script.

use crate::config::{Config, Settings};
use crate::error::Error;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The kind of a compilation target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetKind {
    /// A library (any crate type).
    Lib,
    /// A binary.
    Bin,
    /// An example: test code for the rules.
    Example,
    /// An integration test.
    Test,
    /// A benchmark.
    Bench,
}

impl TargetKind {
    /// Whether the whole target counts as test code.
    pub fn is_test(self) -> bool {
        matches!(
            self,
            TargetKind::Example | TargetKind::Test | TargetKind::Bench
        )
    }
}

/// One compilation target of a package.
#[derive(Clone, Debug)]
pub struct Target {
    /// Target name (crate name for a lib).
    pub name: String,
    /// What kind of target.
    pub kind: TargetKind,
    /// Absolute path of its root file.
    pub root: PathBuf,
}

/// What the rules need to know about the package a file belongs to.
#[derive(Clone, Debug, Default)]
pub struct PackageInfo {
    /// Package name.
    pub name: String,
    /// Crate names (as used in paths, `-` replaced by `_`) of every declared dependency.
    pub deps: BTreeSet<String>,
    /// Features enabled on dependencies, as `crate/feature` (`diesel/mysql`, `sqlx/sqlite`).
    pub dep_features: BTreeSet<String>,
    /// The configuration that applies to its files (the workspace's, or its own
    /// `[package.metadata.backend-gate]` over it).
    pub settings: Arc<Settings>,
}

impl PackageInfo {
    /// Whether the package declares a dependency on `krate` (underscore form).
    pub fn depends_on(&self, krate: &str) -> bool {
        self.deps.contains(krate)
    }
}

/// A workspace member.
#[derive(Clone, Debug)]
pub struct Package {
    /// Facts shared with every file of the package.
    pub info: Arc<PackageInfo>,
    /// Folder holding its `Cargo.toml`.
    pub dir: PathBuf,
    /// Its targets (build scripts excluded).
    pub targets: Vec<Target>,
}

/// The loaded workspace.
#[derive(Clone, Debug)]
pub struct Workspace {
    /// Workspace root: paths in output are relative to it.
    pub root: PathBuf,
    /// Members, in name order.
    pub packages: Vec<Package>,
    /// Cargo's target folder (`target/`, or `CARGO_TARGET_DIR`), home of the result cache; none
    /// for files checked outside any workspace.
    pub target_dir: Option<PathBuf>,
}

impl Workspace {
    /// Runs `cargo metadata --no-deps` for `manifest` (or the current folder's workspace).
    pub fn load(manifest: Option<&Path>, cwd: &Path) -> Result<Workspace, Error> {
        let mut cmd = cargo_metadata::MetadataCommand::new();
        cmd.no_deps().current_dir(cwd);
        if let Some(m) = manifest {
            cmd.manifest_path(m);
        }
        let meta = match cmd.exec() {
            Err(e) if pins_a_missing_toolchain(&e.to_string()) => {
                // The project's rust-toolchain.toml names a toolchain this machine lacks (a CI
                // image, a pre-commit run). `cargo metadata --no-deps` only reads manifests, so
                // the default toolchain's cargo, run from outside the project, answers the same.
                let manifest = manifest
                    .map(|m| cwd.join(m))
                    .or_else(|| nearest_manifest(cwd));
                let mut cmd = cargo_metadata::MetadataCommand::new();
                cmd.no_deps().current_dir(std::env::temp_dir());
                if let Some(m) = &manifest {
                    cmd.manifest_path(m);
                }
                cmd.exec()
            }
            other => other,
        }
        .map_err(|e| Error::Metadata {
            manifest: manifest.map(Path::to_path_buf),
            message: one_line(&e.to_string()),
        })?;
        let members: BTreeSet<_> = meta.workspace_members.iter().collect();
        let mut packages: Vec<Package> = meta
            .packages
            .iter()
            .filter(|p| members.contains(&p.id))
            .map(|p| Package {
                info: Arc::new(PackageInfo {
                    name: p.name.to_string(),
                    deps: p
                        .dependencies
                        .iter()
                        .map(|d| d.rename.as_deref().unwrap_or(&d.name).replace('-', "_"))
                        .collect(),
                    dep_features: p
                        .dependencies
                        .iter()
                        .flat_map(|d| {
                            let krate = d.name.replace('-', "_");
                            d.features.iter().map(move |f| format!("{krate}/{f}"))
                        })
                        .collect(),
                    settings: Arc::default(),
                }),
                dir: p
                    .manifest_path
                    .parent()
                    .map(|d| d.as_std_path().to_path_buf())
                    .unwrap_or_default(),
                targets: p.targets.iter().filter_map(target).collect(),
            })
            .collect();
        packages.sort_by(|a, b| a.info.name.cmp(&b.info.name));
        Ok(Workspace {
            root: meta.workspace_root.into_std_path_buf(),
            packages,
            target_dir: Some(meta.target_directory.into_std_path_buf()),
        })
    }

    /// Gives every package the settings `config` has for it.
    pub fn configure(&mut self, config: &Config) {
        for p in &mut self.packages {
            let settings = config.for_package(&p.info.name);
            if *p.info.settings != *settings {
                p.info = Arc::new(PackageInfo {
                    settings: Arc::new(settings.clone()),
                    ..(*p.info).clone()
                });
            }
        }
    }

    /// The package whose folder holds `path` (the innermost one).
    pub fn package_of(&self, path: &Path) -> Option<&Package> {
        self.packages
            .iter()
            .filter(|p| path.starts_with(&p.dir))
            .max_by_key(|p| p.dir.components().count())
    }
}

fn target(t: &cargo_metadata::Target) -> Option<Target> {
    use cargo_metadata::TargetKind as K;
    let kind = t.kind.iter().find_map(|k| match k {
        K::Bin => Some(TargetKind::Bin),
        K::Example => Some(TargetKind::Example),
        K::Test => Some(TargetKind::Test),
        K::Bench => Some(TargetKind::Bench),
        K::CustomBuild => None,
        _ => Some(TargetKind::Lib),
    })?;
    Some(Target {
        name: t.name.clone(),
        kind,
        root: t.src_path.clone().into_std_path_buf(),
    })
}

/// cargo's errors span several lines ("Caused by: …"); keep what a one-line message needs.
/// Whether cargo failed because rustup has no toolchain of the name a `rust-toolchain.toml`
/// (or an override) gives.
fn pins_a_missing_toolchain(message: &str) -> bool {
    message.contains("toolchain '") && message.contains("is not installed")
}

/// The `Cargo.toml` cargo would start from in `dir`: the nearest one in it or above it.
fn nearest_manifest(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join("Cargo.toml"))
        .find(|m| m.is_file())
}

fn one_line(message: &str) -> String {
    // rustup prints a backtrace under `RUST_BACKTRACE`; it says nothing to the user.
    let message = message.split("Stack backtrace:").next().unwrap_or(message);
    let lines: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "Caused by:" && !l.starts_with("stderr"))
        .collect();
    let text = lines.join(" ");
    text.trim_start_matches("`cargo metadata` exited with an error:")
        .trim()
        .trim_start_matches("error:")
        .trim()
        .to_string()
}
