//! `--format json`: one object per finding, per line, with stable field names.

use backend_gate_rules::{Finding, Report};
use serde::Serialize;
use std::io::{self, Write};

/// Version of the JSON line format; bumped on any incompatible change.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonFinding<'a> {
    version: u32,
    code: &'a str,
    name: &'a str,
    level: &'a str,
    confidence: &'a str,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    help: &'a str,
    label: &'a str,
    context: Option<&'a str>,
    secondary: Vec<JsonLabel<'a>>,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
}

fn to_json(f: &Finding) -> JsonFinding<'_> {
    JsonFinding {
        version: JSON_VERSION,
        code: f.code,
        name: f.name,
        level: f.level.as_str(),
        confidence: f.confidence.as_str(),
        message: &f.message,
        file: &f.file,
        line: f.range.start.line,
        column: f.range.start.column,
        end_line: f.range.end.line,
        end_column: f.range.end.column,
        help: &f.help,
        label: &f.label,
        context: f.context.as_deref(),
        secondary: f
            .secondary
            .iter()
            .map(|l| JsonLabel {
                file: &l.file,
                line: l.range.start.line,
                column: l.range.start.column,
                end_line: l.range.end.line,
                end_column: l.range.end.column,
                message: &l.message,
            })
            .collect(),
    }
}

/// Writes one JSON object per finding.
pub fn json(report: &Report, out: &mut impl Write) -> io::Result<()> {
    for f in &report.findings {
        serde_json::to_writer(&mut *out, &to_json(f))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
