//! The configuration as users see it: errors pointing into the file, the commented file that
//! `init` writes and the README's reference — all generated from the key table.

use backend_gate_rules::config::keys::{Kind, KEYS};
use backend_gate_rules::config::ConfigError;
use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};
use std::fmt::Write;

/// Every problem of a configuration file, rustc-style, with the file's text under it.
pub fn config_error(err: &ConfigError, color: bool) -> String {
    let file = SimpleFile::new(err.path.as_str(), err.text.as_str());
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    let config = term::Config::default();
    for p in &err.problems {
        let mut d = Diagnostic::error().with_message(&p.message);
        match &p.span {
            Some(span) => {
                d = d.with_labels(vec![Label::primary((), span.clone()).with_message(&p.label)]);
            }
            None => d = d.with_message(format!("{}: {}", err.path, p.message)),
        }
        if let Some(help) = &p.help {
            d = d.with_notes(vec![format!("help: {help}")]);
        }
        // Writing into memory fails only when a span is off the text: show the message alone.
        if term::emit_to_write_style(&mut buffer, &config, &file, &d).is_err() {
            use std::io::Write as _;
            let _ = writeln!(buffer, "error: {}: {}", err.path, p.message);
        }
    }
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// The commented `backend-gate.toml` that `init` writes: every key with its default (so the
/// file behaves exactly as no file), its meaning, and an example.
pub fn init_toml() -> String {
    let mut out = String::from(
        "# backend-gate configuration (`cargo backend-gate init`).\n\
         # Every key is set to its default; the README's \"Configuration\" section has the reference.\n\
         # A package can override these keys in its Cargo.toml under [package.metadata.backend-gate].\n",
    );
    let mut table = None;
    for key in KEYS {
        let _ = writeln!(out);
        if key.table() != table {
            if let Some(t) = key.table() {
                let _ = writeln!(out, "[{t}]");
            }
            table = key.table();
        }
        for line in wrap(key.doc, 96) {
            let _ = writeln!(out, "# {line}");
        }
        match key.kind {
            Kind::Rules => {
                let _ = writeln!(out, "[rules]");
                let _ = writeln!(out, "# Examples:");
                let entries = key.example.trim_matches(['{', '}', ' ']);
                for entry in entries.split(", ") {
                    let _ = writeln!(out, "# {entry}");
                }
            }
            Kind::Overrides => {
                let _ = writeln!(out, "# Example:");
                for line in key.example.lines() {
                    let _ = writeln!(out, "# {line}");
                }
            }
            _ => {
                let _ = writeln!(out, "# Example: {} = {}", key.leaf(), key.example);
                let _ = writeln!(out, "{} = {}", key.leaf(), key.default);
            }
        }
    }
    out
}

/// The configuration reference of the README, as markdown (kept current by a test).
#[cfg(test)]
pub fn config_reference() -> String {
    let mut out =
        String::from("| key | type | default | meaning | example |\n|---|---|---|---|---|\n");
    for key in KEYS {
        let name = match key.kind {
            Kind::Rules => "[rules]".to_string(),
            Kind::Overrides => "[[overrides]]".to_string(),
            _ => key.name.to_string(),
        };
        let example = key.example.replace('\n', "<br>");
        let _ = writeln!(
            out,
            "| `{name}` | {} | `{}` | {} | `{}` |",
            key.kind.type_name(),
            key.default,
            key.doc.replace('|', "\\|"),
            example.replace('|', "\\|"),
        );
    }
    out
}

/// The pre-commit and CI snippets `init` prints.
pub fn snippets() -> &'static str {
    "Add backend-gate to pre-commit (.pre-commit-config.yaml):\n\n\
     \x20 - repo: https://github.com/backend-gate/backend-gate\n\
     \x20   rev: v0.1.0\n\
     \x20   hooks:\n\
     \x20     - id: backend-gate\n\n\
     and to GitHub Actions (.github/workflows/backend-gate.yml):\n\n\
     \x20 on: [push, pull_request]\n\
     \x20 jobs:\n\
     \x20   backend-gate:\n\
     \x20     runs-on: ubuntu-latest\n\
     \x20     steps:\n\
     \x20       - uses: actions/checkout@v4\n\
     \x20       - uses: backend-gate/backend-gate@v0.1.0\n"
}

/// Words of `text` in lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use backend_gate_rules::config::{load::parse_file, Settings};

    /// The file `init` writes is valid and means exactly the defaults: every key's default in
    /// the table agrees with the type's.
    #[test]
    fn init_file_is_the_defaults() {
        let text = init_toml();
        let settings = parse_file("backend-gate.toml", &text).expect("init writes valid TOML");
        let defaults = Settings {
            preset: Some(backend_gate_rules::Preset::Recommended),
            ..Settings::default()
        };
        assert_eq!(settings, defaults);
        for key in KEYS {
            assert!(text.contains(key.leaf()), "{} missing", key.name);
        }
    }

    /// Every example value is valid and changes what the key holds.
    #[test]
    fn examples_are_valid_and_not_defaults() {
        for key in KEYS {
            let (with, without) = match (key.kind, key.table()) {
                (Kind::Overrides, _) => (key.example.to_string(), String::new()),
                (_, Some(t)) => (
                    format!("[{t}]\n{} = {}\n", key.leaf(), key.example),
                    format!("[{t}]\n{} = {}\n", key.leaf(), key.default),
                ),
                _ => (
                    format!("{} = {}\n", key.name, key.example),
                    format!("{} = {}\n", key.name, key.default),
                ),
            };
            let example = parse_file("x.toml", &with)
                .unwrap_or_else(|e| panic!("{}: example invalid: {e}", key.name));
            let default = parse_file("x.toml", &without)
                .unwrap_or_else(|e| panic!("{}: default invalid: {e}", key.name));
            assert_ne!(example, default, "{}", key.name);
        }
    }

    #[test]
    fn reference_lists_every_key() {
        let md = config_reference();
        assert_eq!(md.lines().count(), KEYS.len() + 2);
    }
}
