//! Following `mod name;` declarations to files, the way rustc does.

use crate::walk::ModDecl;
use std::path::{Path, PathBuf};

/// The file a `mod` declaration loads, if it exists, and whether that file owns a directory
/// like a `mod.rs` (crate roots, `mod.rs` and `#[path]` files) for its own children.
///
/// `parent_is_mod_rs` tells how the declaring file resolves its children: `src/lib.rs` and
/// `src/a/mod.rs` look beside themselves, `src/a.rs` looks in `src/a/`.
pub fn child_module_file(
    parent: &Path,
    parent_is_mod_rs: bool,
    decl: &ModDecl,
) -> Option<(PathBuf, bool)> {
    let dir = parent.parent().unwrap_or(Path::new("."));
    let mut base = if parent_is_mod_rs {
        dir.to_path_buf()
    } else {
        dir.join(parent.file_stem()?)
    };
    if let Some(path) = &decl.path_attr {
        // Outside inline modules a `#[path]` is relative to the declaring file's folder.
        let file = if decl.inline_parents.is_empty() {
            dir.join(path)
        } else {
            base.extend(&decl.inline_parents);
            base.join(path)
        };
        return file.is_file().then_some((file, true));
    }
    base.extend(&decl.inline_parents);
    let flat = base.join(format!("{}.rs", decl.name));
    if flat.is_file() {
        return Some((flat, false));
    }
    let nested = base.join(&decl.name).join("mod.rs");
    nested.is_file().then_some((nested, true))
}

/// `mod` declarations found by scanning text, for files that do not parse: their modules are
/// still checked even though the file itself cannot be walked.
pub fn scan_mod_decls(text: &str) -> Vec<ModDecl> {
    text.lines()
        .filter_map(|line| {
            let mut rest = line.trim();
            if let Some(r) = rest.strip_prefix("pub") {
                rest = r.trim_start();
                if rest.starts_with('(') {
                    rest = rest[rest.find(')')? + 1..].trim_start();
                }
            }
            let rest = rest.strip_prefix("mod ")?.trim();
            let name = rest.strip_suffix(';')?.trim();
            let valid = !name.is_empty()
                && name.chars().all(|c| c.is_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit());
            valid.then(|| ModDecl {
                name: name.to_string(),
                path_attr: None,
                inline_parents: Vec::new(),
                is_test: false,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn decl(name: &str, path_attr: Option<&str>, inline: &[&str]) -> ModDecl {
        ModDecl {
            name: name.into(),
            path_attr: path_attr.map(Into::into),
            inline_parents: inline.iter().map(|s| s.to_string()).collect(),
            is_test: false,
        }
    }

    #[test]
    fn resolves_like_rustc() {
        let tmp = tempfile::tempdir().unwrap();
        let src = tmp.path().join("src");
        for f in [
            "lib.rs", "a.rs", "a/b.rs", "c/mod.rs", "c/d.rs", "x/y.rs", "i/j.rs", "p.rs",
        ] {
            let p = src.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "").unwrap();
        }
        let lib = src.join("lib.rs");
        assert_eq!(
            child_module_file(&lib, true, &decl("a", None, &[])),
            Some((src.join("a.rs"), false))
        );
        assert_eq!(
            child_module_file(&lib, true, &decl("c", None, &[])),
            Some((src.join("c/mod.rs"), true))
        );
        assert_eq!(
            child_module_file(&src.join("a.rs"), false, &decl("b", None, &[])),
            Some((src.join("a/b.rs"), false))
        );
        assert_eq!(
            child_module_file(&src.join("c/mod.rs"), true, &decl("d", None, &[])),
            Some((src.join("c/d.rs"), false))
        );
        assert_eq!(
            child_module_file(&lib, true, &decl("z", Some("x/y.rs"), &[])),
            Some((src.join("x/y.rs"), true))
        );
        assert_eq!(
            child_module_file(&lib, true, &decl("j", None, &["i"])),
            Some((src.join("i/j.rs"), false))
        );
        assert_eq!(
            child_module_file(&src.join("a.rs"), false, &decl("q", Some("p.rs"), &[])),
            Some((src.join("p.rs"), true))
        );
        assert_eq!(
            child_module_file(&lib, true, &decl("missing", None, &[])),
            None
        );
    }

    #[test]
    fn scans_declarations_of_broken_files() {
        let decls = scan_mod_decls("pub mod a;\npub(crate) mod b;\nmod c {\nfn x( {\n mod d;");
        let names: Vec<_> = decls.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "d"]);
    }
}
