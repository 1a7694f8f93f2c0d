//! Resolving paths written in one module to the functions they name, across the files of the
//! workspace: `use` imports (groups, renames, globs, `pub use` re-exports), `self`/`super`/
//! `crate`, other crates of the workspace, and `Type::method`.

use crate::facts::{FileFacts, FnFacts, ModuleFacts};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};

/// A function of the workspace: (file index, fn index) into the model's files.
pub type FnId = (usize, usize);

/// Lookup tables over every file's facts.
pub struct Index<'a> {
    files: &'a [FileFacts],
    modules: HashMap<&'a str, &'a ModuleFacts>,
    module_paths: HashSet<String>,
    fns: HashMap<(&'a str, &'a str), Vec<FnId>>,
    methods: HashMap<(&'a str, &'a str), Vec<FnId>>,
    crates: HashSet<&'a str>,
    /// Resolution steps left for the query being answered: glob imports that re-export globs can
    /// branch at every level, and a path that resolves nowhere would otherwise explore them all.
    budget: Cell<usize>,
    /// Answers already given, by (path, module, Self type): rules ask the same questions for
    /// every handler that reaches a function.
    memo: RefCell<HashMap<Query, Option<FnId>>>,
}

/// A resolution question: (path as written, module it is written in, `Self` type).
type Query = (Vec<String>, String, Option<String>);

const MAX_DEPTH: usize = 16;

/// Resolution steps one query may take.
const STEP_BUDGET: usize = 256;

impl<'a> Index<'a> {
    /// Indexes the files.
    pub fn new(files: &'a [FileFacts]) -> Self {
        let mut index = Index {
            files,
            modules: HashMap::new(),
            module_paths: HashSet::new(),
            fns: HashMap::new(),
            methods: HashMap::new(),
            crates: HashSet::new(),
            budget: Cell::new(STEP_BUDGET),
            memo: RefCell::default(),
        };
        for (fi, file) in files.iter().enumerate() {
            if let Some(root) = file.module.split("::").next() {
                index.crates.insert(root);
            }
            let mut parts: Vec<&str> = Vec::new();
            for part in file.module.split("::") {
                parts.push(part);
                index.module_paths.insert(parts.join("::"));
            }
            for m in &file.modules {
                index.modules.insert(&m.path, m);
                index.module_paths.insert(m.path.clone());
            }
            for (i, f) in file.fns.iter().enumerate() {
                if f.name == "{closure}" {
                    continue;
                }
                match &f.self_ty {
                    Some(ty) => index
                        .methods
                        .entry((ty.as_str(), f.name.as_str()))
                        .or_default()
                        .push((fi, i)),
                    None => index
                        .fns
                        .entry((f.module.as_str(), f.name.as_str()))
                        .or_default()
                        .push((fi, i)),
                }
            }
        }
        index
    }

    /// The facts of a function.
    pub fn fn_facts(&self, id: FnId) -> &'a FnFacts {
        &self.files[id.0].fns[id.1]
    }

    /// Resolves `path`, written in module `from` (inside `impl self_ty` when given), to a function.
    pub fn resolve_fn(&self, path: &[String], from: &str, self_ty: Option<&str>) -> Option<FnId> {
        if let [first, name] = path {
            if first == "Self" {
                return self.method(self_ty?, name, from);
            }
        }
        let key = (path.to_vec(), from.to_string(), self_ty.map(str::to_string));
        if let Some(&known) = self.memo.borrow().get(&key) {
            return known;
        }
        self.budget.set(STEP_BUDGET);
        let found = self
            .absolute(path, from, 0)
            .and_then(|abs| self.find_fn(&abs, 0));
        self.memo.borrow_mut().insert(key, found);
        found
    }

    /// Takes one resolution step; `false` when the query's budget is spent.
    fn step(&self) -> bool {
        let left = self.budget.get();
        self.budget.set(left.saturating_sub(1));
        left > 0
    }

    /// `path` as an absolute module path (`["shop", "routes", "users", "create"]`).
    fn absolute(&self, path: &[String], from: &str, depth: usize) -> Option<Vec<String>> {
        if depth > MAX_DEPTH || path.is_empty() || !self.step() {
            return None;
        }
        let first = path[0].as_str();
        let rest = &path[1..];
        let join = |base: Vec<String>| -> Vec<String> {
            base.into_iter().chain(rest.iter().cloned()).collect()
        };
        let here: Vec<String> = from.split("::").map(String::from).collect();
        match first {
            "" => {
                return self
                    .absolute(rest, from, depth + 1)
                    .or_else(|| Some(rest.to_vec()))
            }
            "crate" => return Some(join(here[..1].to_vec())),
            "self" => return Some(join(here)),
            "super" => {
                let mut base = here;
                base.pop();
                let mut rest = rest;
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop();
                    rest = &rest[1..];
                }
                return Some(base.into_iter().chain(rest.iter().cloned()).collect());
            }
            _ => {}
        }
        if let Some(m) = self.modules.get(from) {
            if let Some((_, target)) = m.imports.iter().find(|(n, _)| n == first) {
                let target = target.clone();
                return self.absolute(&join(target), from, depth + 1);
            }
        }
        let local = format!("{from}::{first}");
        if self.module_paths.contains(&local) || self.fns.contains_key(&(from, first)) {
            return Some(join(here.into_iter().chain([first.to_string()]).collect()));
        }
        if self.crates.contains(first) {
            return Some(path.to_vec());
        }
        if let Some(m) = self.modules.get(from) {
            for glob in &m.globs {
                let candidate: Vec<String> =
                    glob.iter().cloned().chain(path.iter().cloned()).collect();
                if let Some(abs) = self.absolute(&candidate, from, depth + 1) {
                    if self.find_fn(&abs, depth + 1).is_some()
                        || self.module_paths.contains(&abs.join("::"))
                    {
                        return Some(abs);
                    }
                }
            }
        }
        // A type of this module used as `Type::method`.
        Some(join(here.into_iter().chain([first.to_string()]).collect()))
    }

    fn find_fn(&self, abs: &[String], depth: usize) -> Option<FnId> {
        if depth > MAX_DEPTH || abs.len() < 2 || !self.step() {
            return None;
        }
        let (module_parts, name) = abs.split_at(abs.len() - 1);
        let module = module_parts.join("::");
        let name = &name[0];
        if let Some(ids) = self.fns.get(&(module.as_str(), name.as_str())) {
            return self.prefer_non_test(ids);
        }
        if let Some(m) = self.modules.get(module.as_str()) {
            // `pub use` re-export in that module.
            if let Some((_, target)) = m.imports.iter().find(|(n, _)| n == name) {
                let target = target.clone();
                if let Some(next) = self.absolute(&target, &module, depth + 1) {
                    if next != abs {
                        if let Some(id) = self.find_fn(&next, depth + 1) {
                            return Some(id);
                        }
                    }
                }
            }
            for glob in &m.globs {
                let candidate: Vec<String> = glob.iter().cloned().chain([name.clone()]).collect();
                if let Some(next) = self.absolute(&candidate, &module, depth + 1) {
                    if next != abs {
                        if let Some(id) = self.find_fn(&next, depth + 1) {
                            return Some(id);
                        }
                    }
                }
            }
        }
        if !self.module_paths.contains(&module) {
            if let Some(id) = self.through_reexported_module(abs, depth) {
                return Some(id);
            }
        }
        // `Type::method`: the type's name is the second-to-last segment.
        if abs.len() >= 3 || !self.module_paths.contains(&module) {
            let ty = &module_parts[module_parts.len() - 1];
            let near = module_parts[..module_parts.len() - 1].join("::");
            return self.method(ty, name, &near);
        }
        None
    }

    /// `api::accounts::login` where `api` re-exports a module (`pub use v1::accounts;`): the
    /// path is rewritten through the first enclosing module that imports the next segment.
    fn through_reexported_module(&self, abs: &[String], depth: usize) -> Option<FnId> {
        let module_len = abs.len() - 1;
        for i in (1..module_len).rev() {
            let parent = abs[..i].join("::");
            let Some(m) = self.modules.get(parent.as_str()) else {
                continue;
            };
            let Some((_, target)) = m.imports.iter().find(|(n, _)| *n == abs[i]) else {
                continue;
            };
            let target = target.clone();
            let Some(base) = self.absolute(&target, &parent, depth + 1) else {
                continue;
            };
            let next: Vec<String> = base
                .into_iter()
                .chain(abs[i + 1..].iter().cloned())
                .collect();
            if next != abs {
                if let Some(id) = self.find_fn(&next, depth + 1) {
                    return Some(id);
                }
            }
        }
        None
    }

    fn method(&self, ty: &str, name: &str, near: &str) -> Option<FnId> {
        let ids = self.methods.get(&(ty, name))?;
        // Several types of the same name: prefer the one in the closest module.
        ids.iter().copied().max_by_key(|&(fi, i)| {
            let m = &self.files[fi].fns[i].module;
            (common_prefix(m, near), std::cmp::Reverse((fi, i)))
        })
    }

    fn prefer_non_test(&self, ids: &[FnId]) -> Option<FnId> {
        ids.iter()
            .copied()
            .find(|&id| !self.fn_facts(id).is_test)
            .or_else(|| ids.first().copied())
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.split("::")
        .zip(b.split("::"))
        .take_while(|(x, y)| x == y)
        .count()
}
