//! `use` declarations in scope, to resolve the first segment of a path to the crate it names.

use std::collections::HashMap;

/// Crates that re-export database libraries under their own name
/// (`rocket_db_pools::sqlx`, `rocket_sync_db_pools::diesel`).
const REEXPORTING_CRATES: &[&str] = &["rocket_db_pools", "rocket_sync_db_pools"];

/// The names one module or block brings into scope with `use`.
#[derive(Debug, Default)]
pub struct ImportScope {
    names: HashMap<String, Vec<String>>,
    globs: Vec<Vec<String>>,
    /// Modules start a fresh namespace; blocks see their enclosing module's imports too.
    pub(crate) module_boundary: bool,
}

impl ImportScope {
    /// Collects the `use` items of a module or block body.
    pub fn from_items<'a>(items: impl IntoIterator<Item = &'a syn::Item>, module: bool) -> Self {
        let mut scope = ImportScope {
            module_boundary: module,
            ..ImportScope::default()
        };
        for item in items {
            if let syn::Item::Use(u) = item {
                let mut prefix = Vec::new();
                if u.leading_colon.is_some() {
                    prefix.push(String::new());
                }
                scope.add_tree(&u.tree, &mut prefix);
            }
        }
        scope
    }

    /// Whether the scope imports nothing (it then need not be pushed).
    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.globs.is_empty()
    }

    fn add_tree(&mut self, tree: &syn::UseTree, prefix: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.add_tree(&p.tree, prefix);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let name = n.ident.to_string();
                if name == "self" {
                    if let Some(last) = prefix.last() {
                        self.names.insert(last.clone(), prefix.clone());
                    }
                } else {
                    let mut full = prefix.clone();
                    full.push(name.clone());
                    self.names.insert(name, full);
                }
            }
            syn::UseTree::Rename(r) => {
                let alias = r.rename.to_string();
                if alias == "_" {
                    return;
                }
                let mut full = prefix.clone();
                if r.ident != "self" {
                    full.push(r.ident.to_string());
                }
                self.names.insert(alias, full);
            }
            syn::UseTree::Glob(_) => self.globs.push(prefix.clone()),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.add_tree(t, prefix);
                }
            }
        }
    }

    /// The full path a name was imported as.
    pub fn get(&self, name: &str) -> Option<&[String]> {
        self.names.get(name).map(Vec::as_slice)
    }

    /// Every imported name with its path, sorted by name.
    pub fn names(&self) -> Vec<(String, Vec<String>)> {
        let mut names: Vec<_> = self
            .names
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        names.sort();
        names
    }

    /// Paths imported with `::*`.
    pub fn globs(&self) -> &[Vec<String>] {
        &self.globs
    }

    /// Whether any import of this scope starts with crate `krate`, or with a crate that
    /// re-exports it (`use rocket_db_pools::sqlx;`, `use rocket_sync_db_pools::rusqlite;`).
    pub fn mentions_crate(&self, krate: &str) -> bool {
        self.names
            .values()
            .chain(&self.globs)
            .any(|p| match &p[..] {
                [first, ..] if first == krate => true,
                [first, second, ..] => {
                    REEXPORTING_CRATES.contains(&first.as_str()) && second == krate
                }
                _ => false,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(src: &str) -> ImportScope {
        let file = syn::parse_file(src).expect("valid rust");
        ImportScope::from_items(&file.items, true)
    }

    #[test]
    fn resolves_groups_renames_and_self() {
        let s = scope("use std::{fs::{self, File}, thread::sleep as nap}; use sqlx::*;");
        assert_eq!(s.get("fs").unwrap(), ["std", "fs"]);
        assert_eq!(s.get("File").unwrap(), ["std", "fs", "File"]);
        assert_eq!(s.get("nap").unwrap(), ["std", "thread", "sleep"]);
        assert_eq!(s.globs(), [vec!["sqlx".to_string()]]);
        assert!(s.mentions_crate("sqlx") && !s.mentions_crate("diesel"));
    }
}
