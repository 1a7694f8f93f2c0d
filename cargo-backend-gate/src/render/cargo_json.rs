//! `--format cargo-json`: cargo's `--message-format=json` lines (`"reason":"compiler-message"`
//! with a rustc diagnostic), so editors show findings inline through rust-analyzer's
//! `check.overrideCommand`.
//!
//! The shape follows cargo's and rustc's JSON output field for field (as modelled by
//! `cargo_metadata::Message`; the tests parse every line with it). The findings of a run are
//! not attributed to packages, so every line names one synthetic package, `backend-gate`, at
//! the workspace root: rust-analyzer keys diagnostics by the spans' files, which are real.

use super::docs::explain;
use super::human::Files;
use backend_gate_rules::source::SourceText;
use backend_gate_rules::{rules, Finding, Level, Report};
use codespan_reporting::term::termcolor;
use serde::Serialize;
use std::borrow::Cow;
use std::io::{self, Write};

#[derive(Serialize)]
struct CompilerMessage<'a> {
    reason: &'static str,
    package_id: String,
    manifest_path: String,
    target: Target,
    message: Diagnostic<'a>,
}

#[derive(Serialize)]
struct Target {
    kind: [&'static str; 1],
    crate_types: [&'static str; 1],
    name: &'static str,
    src_path: String,
    edition: &'static str,
    doc: bool,
    doctest: bool,
    test: bool,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    #[serde(rename = "$message_type")]
    message_type: &'static str,
    message: Cow<'a, str>,
    code: Option<Code>,
    level: &'static str,
    spans: Vec<Span<'a>>,
    children: Vec<Diagnostic<'a>>,
    rendered: Option<String>,
}

#[derive(Serialize)]
struct Code {
    code: &'static str,
    explanation: Option<String>,
}

#[derive(Serialize)]
struct Span<'a> {
    file_name: &'a str,
    byte_start: usize,
    byte_end: usize,
    line_start: usize,
    line_end: usize,
    column_start: usize,
    column_end: usize,
    is_primary: bool,
    text: Vec<SpanLine<'a>>,
    label: Option<&'a str>,
    suggested_replacement: Option<String>,
    suggestion_applicability: Option<String>,
    expansion: Option<()>,
}

#[derive(Serialize)]
struct SpanLine<'a> {
    text: &'a str,
    highlight_start: usize,
    highlight_end: usize,
}

/// Writes one `compiler-message` line per finding.
pub fn cargo_json(report: &Report, out: &mut impl Write) -> io::Result<()> {
    let files = Files::of(report);
    let root = report.root.to_string_lossy().replace('\\', "/");
    let root = root.trim_end_matches('/');
    for f in &report.findings {
        let mut rendered = termcolor::Buffer::no_color();
        files.emit(f, &mut rendered)?;
        let line = CompilerMessage {
            reason: "compiler-message",
            package_id: format!("path+file://{root}#backend-gate"),
            manifest_path: format!("{root}/Cargo.toml"),
            target: Target {
                kind: ["lib"],
                crate_types: ["lib"],
                name: "backend-gate",
                src_path: format!("{root}/{}", f.file),
                edition: "2021",
                doc: false,
                doctest: false,
                test: false,
            },
            message: diagnostic(
                f,
                report,
                Some(String::from_utf8_lossy(rendered.as_slice()).into_owned()),
            ),
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn diagnostic<'a>(f: &'a Finding, report: &'a Report, rendered: Option<String>) -> Diagnostic<'a> {
    let mut spans = vec![span(report, &f.file, f.range, &f.label, true)];
    spans.extend(
        f.secondary
            .iter()
            .map(|l| span(report, &l.file, l.range, &l.message, false)),
    );
    let child = |level, message: Cow<'a, str>| Diagnostic {
        message_type: "diagnostic",
        message,
        code: None,
        level,
        spans: Vec::new(),
        children: Vec::new(),
        rendered: None,
    };
    let mut children = Vec::new();
    if !f.help.is_empty() {
        children.push(child("help", Cow::Borrowed(&f.help)));
    }
    children.push(child(
        "note",
        Cow::Owned(format!(
            "`{}` is {} ({} confidence); run `cargo backend-gate explain {}`",
            f.name,
            f.level,
            f.confidence.as_str(),
            f.code
        )),
    ));
    Diagnostic {
        message_type: "diagnostic",
        message: Cow::Borrowed(&f.message),
        code: Some(Code {
            code: f.code,
            explanation: rules::find(f.code).map(|r| explain(r.meta())),
        }),
        level: match f.level {
            Level::Deny => "error",
            _ => "warning",
        },
        spans,
        children,
        rendered,
    }
}

fn span<'a>(
    report: &'a Report,
    file: &'a str,
    range: backend_gate_rules::source::Range,
    label: &'a str,
    is_primary: bool,
) -> Span<'a> {
    Span {
        file_name: file,
        byte_start: range.start.offset,
        byte_end: range.end.offset,
        line_start: range.start.line,
        line_end: range.end.line,
        column_start: range.start.column,
        column_end: range.end.column,
        is_primary,
        text: report
            .sources
            .get(file)
            .map(|s| span_lines(s, range))
            .unwrap_or_default(),
        label: (!label.is_empty()).then_some(label),
        suggested_replacement: None,
        suggestion_applicability: None,
        expansion: None,
    }
}

/// The lines a range covers, each with the highlighted columns (1-based, in characters), as
/// rustc gives them.
fn span_lines(source: &SourceText, range: backend_gate_rules::source::Range) -> Vec<SpanLine<'_>> {
    (range.start.line..=range.end.line)
        .map(|line| {
            let text = source.line_text(line);
            SpanLine {
                text,
                highlight_start: if line == range.start.line {
                    range.start.column
                } else {
                    1
                },
                highlight_end: if line == range.end.line {
                    range.end.column
                } else {
                    text.chars().count() + 1
                },
            }
        })
        .collect()
}
