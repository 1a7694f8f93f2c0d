//! `--format human`: rustc-style diagnostics through codespan-reporting.

use backend_gate_rules::{Finding, Level, Report};
use codespan_reporting::diagnostic::{Diagnostic, Label, Severity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::termcolor::{self, WriteColor};
use codespan_reporting::term::{self};
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::sync::Arc;

/// The files of a report, loaded for codespan-reporting.
pub struct Files<'r> {
    files: SimpleFiles<String, Arc<str>>,
    ids: HashMap<&'r str, usize>,
}

impl<'r> Files<'r> {
    /// Every source text of `report`.
    pub fn of(report: &'r Report) -> Self {
        let mut files = SimpleFiles::new();
        let mut ids = HashMap::new();
        for (path, source) in &report.sources {
            ids.insert(
                path.as_str(),
                files.add(path.clone(), source.text().clone()),
            );
        }
        Files { files, ids }
    }

    /// Renders one finding as rustc would (nothing when its file's text is unknown).
    pub fn emit(&self, f: &Finding, out: &mut dyn WriteColor) -> io::Result<()> {
        let Some(&file) = self.ids.get(f.file.as_str()) else {
            return Ok(());
        };
        let severity = match f.level {
            Level::Deny => Severity::Error,
            _ => Severity::Warning,
        };
        let mut labels = vec![
            Label::primary(file, f.range.start.offset..f.range.end.offset).with_message(&f.label),
        ];
        for l in &f.secondary {
            if let Some(&id) = self.ids.get(l.file.as_str()) {
                labels.push(
                    Label::secondary(id, l.range.start.offset..l.range.end.offset)
                        .with_message(&l.message),
                );
            }
        }
        let mut notes = Vec::new();
        if !f.help.is_empty() {
            notes.push(format!("help: {}", f.help));
        }
        notes.push(format!(
            "note: `{}` is {} ({} confidence); run `cargo backend-gate explain {}`",
            f.name,
            f.level,
            f.confidence.as_str(),
            f.code
        ));
        let diagnostic = Diagnostic::new(severity)
            .with_code(f.code)
            .with_message(&f.message)
            .with_labels(labels)
            .with_notes(notes);
        term::emit_to_write_style(out, &term::Config::default(), &self.files, &diagnostic)
            .map_err(io::Error::other)
    }
}

/// Renders every finding and the summary line (`hidden`: findings the baseline hid).
pub fn human(
    report: &Report,
    hidden: usize,
    color: bool,
    quiet: bool,
    out: &mut impl Write,
) -> io::Result<()> {
    let files = Files::of(report);
    let mut buffer = if color {
        termcolor::Buffer::ansi()
    } else {
        termcolor::Buffer::no_color()
    };
    for f in &report.findings {
        files.emit(f, &mut buffer)?;
    }
    out.write_all(buffer.as_slice())?;
    if !quiet {
        writeln!(out, "{}", summary(report, hidden))?;
    }
    Ok(())
}

/// `1 error`, `2 errors`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `2 errors, 5 warnings in 12 files (7 endpoints: 5 axum, 2 actix-web)`, and how many findings
/// the baseline hid (`hidden`).
pub fn summary(report: &Report, hidden: usize) -> String {
    let mut per_framework: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &report.endpoints {
        *per_framework.entry(e.framework).or_default() += 1;
    }
    let frameworks = per_framework
        .iter()
        .map(|(f, n)| format!("{n} {f}"))
        .collect::<Vec<_>>()
        .join(", ");
    let endpoints = plural(report.endpoints.len(), "endpoint");
    format!(
        "{}, {} in {} ({endpoints}{}{frameworks})",
        plural(report.count(Level::Deny), "error"),
        plural(report.count(Level::Warn), "warning"),
        plural(report.files_checked, "file"),
        if frameworks.is_empty() { "" } else { ": " },
    ) + &hidden_note(hidden)
}

/// `; 3 findings hidden by the baseline`, or nothing.
pub fn hidden_note(hidden: usize) -> String {
    match hidden {
        0 => String::new(),
        n => format!("; {} hidden by the baseline", plural(n, "finding")),
    }
}

/// The `-v` listing: every endpoint and every unresolved handler.
pub fn endpoint_listing(report: &Report, out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "endpoints ({}):", report.endpoints.len())?;
    for e in &report.endpoints {
        writeln!(
            out,
            "  {:<7} {:<40} {} ({}, {}:{}, {})",
            e.method, e.path, e.handler, e.framework, e.file, e.line, e.source
        )?;
    }
    if !report.unresolved_handlers.is_empty() {
        writeln!(
            out,
            "handlers that name no function of the workspace ({}):",
            report.unresolved_handlers.len()
        )?;
        for u in &report.unresolved_handlers {
            writeln!(out, "  {u}")?;
        }
    }
    Ok(())
}
