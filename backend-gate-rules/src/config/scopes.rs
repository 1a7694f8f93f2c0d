//! The configuration compiled for a run: which files are excluded, and the level of every rule
//! for every file — the command line's selection over the preset, `[rules]` and the
//! `[[overrides]]` matching the file, in the settings of the file's package.

use super::{Config, Settings};
use crate::error::Error;
use crate::rule::Level;
use crate::rules::RULES;
use crate::settings::{RuleLevels, Selection};
use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// A root-relative glob as the configuration means it: `*` stays within one folder.
pub fn compile_glob(glob: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(glob).literal_separator(true).build()
}

/// Globs matching files, and the files inside matching folders; each glob has an owner
/// (the override it belongs to).
struct Globs {
    set: GlobSet,
    owners: Vec<usize>,
}

impl Globs {
    fn new<'a>(patterns: impl IntoIterator<Item = (usize, &'a str)>) -> Result<Globs, Error> {
        let mut builder = GlobSetBuilder::new();
        let mut owners = Vec::new();
        for (owner, pattern) in patterns {
            for glob in [pattern.to_string(), format!("{pattern}/**")] {
                let compiled = compile_glob(&glob)
                    .map_err(|e| Error::Config(format!("invalid glob `{pattern}`: {e}")))?;
                builder.add(compiled);
                owners.push(owner);
            }
        }
        let set = builder
            .build()
            .map_err(|e| Error::Config(format!("invalid globs: {e}")))?;
        Ok(Globs { set, owners })
    }

    /// Owners of the globs matching `path`, sorted, without repeats.
    fn owners(&self, path: &str) -> Vec<usize> {
        if self.set.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<usize> = self
            .set
            .matches(path)
            .into_iter()
            .map(|i| self.owners[i])
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// One set of settings (the workspace's or a package's), compiled.
struct Scope {
    settings: Settings,
    /// Levels of the files no override matches.
    base: Arc<RuleLevels>,
    exclude: Globs,
    overrides: Globs,
    /// Levels by the overrides that match a file.
    levels: Mutex<HashMap<Vec<usize>, Arc<RuleLevels>>>,
}

impl Scope {
    fn new(settings: &Settings, selection: &Selection) -> Result<Scope, Error> {
        let exclude = Globs::new(settings.exclude.iter().map(|p| (0, p.as_str())))?;
        let overrides = Globs::new(
            settings
                .overrides
                .iter()
                .enumerate()
                .flat_map(|(i, o)| o.paths.iter().map(move |p| (i, p.as_str()))),
        )?;
        let base = Arc::new(resolve(settings, selection, &[])?);
        // Every selector is checked here, up front, so later resolutions cannot fail; the
        // levels under each override alone also tell which rules may run.
        let mut levels = HashMap::new();
        levels.insert(Vec::new(), base.clone());
        for i in 0..settings.overrides.len() {
            levels.insert(vec![i], Arc::new(resolve(settings, selection, &[i])?));
        }
        Ok(Scope {
            settings: settings.clone(),
            base,
            exclude,
            overrides,
            levels: Mutex::new(levels),
        })
    }
}

/// The levels of a file of `settings` that the overrides `matched` apply to.
fn resolve(
    settings: &Settings,
    selection: &Selection,
    matched: &[usize],
) -> Result<RuleLevels, Error> {
    let mut layers: Vec<&[(String, Level)]> = vec![&settings.rules];
    layers.extend(
        matched
            .iter()
            .filter_map(|&i| settings.overrides.get(i))
            .map(|o| o.rules.as_slice()),
    );
    let preset = settings.preset.unwrap_or(selection.preset);
    selection.resolve_with(preset, &layers)
}

/// The configuration of a run, compiled: exclusion and per-file levels.
pub struct Scopes {
    selection: Selection,
    workspace: Scope,
    packages: HashMap<String, Scope>,
    enabled: HashSet<&'static str>,
}

impl Scopes {
    /// Compiles `config` under the command line's `selection`.
    pub fn new(selection: &Selection, config: &Config) -> Result<Scopes, Error> {
        let workspace = Scope::new(&config.workspace, selection)?;
        let mut packages = HashMap::new();
        for (name, settings) in &config.packages {
            packages.insert(name.clone(), Scope::new(settings, selection)?);
        }
        // A rule runs when some file may have it on: the outcome for one rule is set by the
        // last layer that names it, so the base levels and each override alone cover them all.
        let mut enabled = HashSet::new();
        for scope in std::iter::once(&workspace).chain(packages.values()) {
            for levels in scope
                .levels
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .values()
            {
                for r in RULES {
                    if levels.get(r.meta().code) != Level::Allow {
                        enabled.insert(r.meta().code);
                    }
                }
            }
        }
        Ok(Scopes {
            selection: selection.clone(),
            workspace,
            packages,
            enabled,
        })
    }

    fn scope(&self, package: &str) -> &Scope {
        self.packages.get(package).unwrap_or(&self.workspace)
    }

    /// Whether rule `code` is on for some file.
    pub fn enabled(&self, code: &str) -> bool {
        self.enabled.contains(code)
    }

    /// Whether the file at `path` (relative to the workspace root) of package `package` is
    /// excluded from checking.
    pub fn excluded(&self, path: &str, package: &str) -> bool {
        let scope = self.scope(package);
        !scope.exclude.set.is_empty() && scope.exclude.set.is_match(path)
    }

    /// The levels of the workspace's own settings, before any package table or override: what
    /// whole-workspace outputs (registry, checklist) are judged under.
    pub fn workspace_levels(&self) -> Arc<RuleLevels> {
        self.workspace.base.clone()
    }

    /// The level of every rule for the file at `path` of package `package`.
    pub fn levels(&self, path: &str, package: &str) -> Arc<RuleLevels> {
        let scope = self.scope(package);
        let matched = scope.overrides.owners(path);
        let mut cache = scope.levels.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = cache.get(&matched) {
            return known.clone();
        }
        // Selectors were validated when the scope was built, so this resolves.
        let levels = resolve(&scope.settings, &self.selection, &matched)
            .map(Arc::new)
            .unwrap_or_else(|_| scope.base.clone());
        cache.insert(matched, levels.clone());
        levels
    }
}
