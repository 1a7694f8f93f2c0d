//! `--format markdown`: a summary for a CI job summary (`$GITHUB_STEP_SUMMARY`) or a pull
//! request comment: totals, a table of counts per rule, then the findings grouped by file.

use super::human::{hidden_note, plural, summary};
use backend_gate_rules::{Finding, Level, Report};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

/// GitHub refuses a job summary over 1 MiB; the output stays below it with room for the note
/// that says what was left out.
pub const GITHUB_SUMMARY_BYTES: usize = 1024 * 1024 - 4 * 1024;

/// How the markdown is laid out.
pub struct MarkdownOptions {
    /// Findings the baseline hid.
    pub hidden: usize,
    /// Prefix of links to a file (`https://github.com/o/r/blob/<sha>/`), to which the file's
    /// path and `#L<line>` are appended; without it, locations are plain text.
    pub link_base: Option<String>,
    /// Size limit of the whole output, in bytes: findings past it are counted, not listed.
    pub max_bytes: usize,
}

/// Writes the summary.
pub fn markdown(report: &Report, opts: &MarkdownOptions, out: &mut impl Write) -> io::Result<()> {
    let mut head = String::from("## backend-gate\n\n");
    let verdict = if report.findings.is_empty() {
        "✅ no findings"
    } else if report.count(Level::Deny) > 0 {
        "❌"
    } else {
        "⚠️"
    };
    let _ = writeln!(head, "{verdict} **{}**\n", escape(&summary(report, 0)));
    if opts.hidden > 0 {
        let _ = writeln!(
            head,
            "{}.\n",
            hidden_note(opts.hidden).trim_start_matches("; ")
        );
    }
    if !report.findings.is_empty() {
        rule_table(report, &mut head);
    }
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &report.findings {
        by_file.entry(&f.file).or_default().push(f);
    }
    let mut body = String::new();
    let mut listed = 0;
    'files: for (file, findings) in &by_file {
        let mut section = format!(
            "### `{}` ({})\n\n| | line | rule | message |\n|---|---|---|---|\n",
            file.replace('`', "'"),
            findings.len()
        );
        for (rows, f) in findings.iter().enumerate() {
            let row = row(f, opts.link_base.as_deref());
            // Room for this row, the section's closing line and the truncation note.
            if head.len() + body.len() + section.len() + row.len() + 400 > opts.max_bytes {
                if rows > 0 {
                    body.push_str(&section);
                    body.push('\n');
                }
                break 'files;
            }
            section.push_str(&row);
            listed += 1;
        }
        body.push_str(&section);
        body.push('\n');
    }
    out.write_all(head.as_bytes())?;
    out.write_all(body.as_bytes())?;
    let left = report.findings.len() - listed;
    if left > 0 {
        writeln!(
            out,
            "> [!NOTE]\n> {} not listed: the summary is kept under GitHub's 1 MiB limit. \
             Run `cargo backend-gate check --format json` for every finding.",
            plural(left, "more finding")
        )?;
    }
    Ok(())
}

fn rule_table(report: &Report, out: &mut String) {
    let mut counts: BTreeMap<&str, (&str, Level, usize)> = BTreeMap::new();
    for f in &report.findings {
        let entry = counts.entry(f.code).or_insert((f.name, f.level, 0));
        entry.1 = entry.1.max(f.level);
        entry.2 += 1;
    }
    out.push_str("| rule | name | level | findings |\n|---|---|---|---:|\n");
    for (code, (name, level, n)) in counts {
        let _ = writeln!(out, "| {code} | `{name}` | {} | {n} |", level_text(level));
    }
    out.push('\n');
}

fn row(f: &Finding, link_base: Option<&str>) -> String {
    let line = f.range.start.line;
    let location = match link_base {
        Some(base) => format!("[{line}]({base}{}#L{line})", f.file),
        None => line.to_string(),
    };
    let mut message = escape(&f.message);
    if !f.help.is_empty() {
        message.push_str("<br>help: ");
        message.push_str(&escape(&f.help));
    }
    format!(
        "| {} | {location} | {} `{}` | {message} |\n",
        level_icon(f.level),
        f.code,
        f.name
    )
}

fn level_icon(level: Level) -> &'static str {
    match level {
        Level::Deny => "❌",
        _ => "⚠️",
    }
}

fn level_text(level: Level) -> &'static str {
    match level {
        Level::Deny => "❌ deny",
        _ => "⚠️ warn",
    }
}

/// Text safe inside a table cell: no `|` column breaks, one line.
fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(n: usize) -> Report {
        let pos = backend_gate_rules::source::Pos {
            line: 3,
            column: 1,
            offset: 0,
        };
        let finding = |i: usize| Finding {
            code: "BG301",
            name: "panic-in-handler",
            level: if i.is_multiple_of(2) {
                Level::Deny
            } else {
                Level::Warn
            },
            confidence: backend_gate_rules::Confidence::High,
            message: format!("`.unwrap()` number {i} | in a handler"),
            label: String::new(),
            help: "return an error".into(),
            file: format!("src/f{}.rs", i % 3),
            range: backend_gate_rules::source::Range {
                start: pos,
                end: pos,
            },
            secondary: Vec::new(),
            context: None,
        };
        Report {
            root: "/w".into(),
            findings: (0..n).map(finding).collect(),
            sources: BTreeMap::new(),
            files_checked: 3,
            endpoints: Vec::new(),
            unresolved_handlers: Vec::new(),
            internal_errors: Vec::new(),
            registry: None,
            cache: None,
        }
    }

    fn render(report: &Report, hidden: usize, max_bytes: usize) -> String {
        let opts = MarkdownOptions {
            hidden,
            link_base: Some("https://x/blob/1/".into()),
            max_bytes,
        };
        let mut out = Vec::new();
        markdown(report, &opts, &mut out).expect("renders");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn huge_reports_are_cut_below_the_limit_with_a_note() {
        let report = report(20_000);
        let full = render(&report, 0, usize::MAX);
        assert!(full.len() > 64 * 1024);
        assert!(!full.contains("[!NOTE]"));
        let cut = render(&report, 0, 64 * 1024);
        assert!(cut.len() <= 64 * 1024, "{}", cut.len());
        let listed = cut
            .lines()
            .filter(|l| l.starts_with("| ❌ |") || l.starts_with("| ⚠️ |"))
            .count();
        assert!(listed > 100);
        assert!(
            cut.contains(&format!("> {} more findings not listed", 20_000 - listed)),
            "{}",
            &cut[cut.len() - 300..]
        );
        assert!(cut.contains("| BG301 | `panic-in-handler` | ❌ deny | 20000 |"));
    }

    #[test]
    fn totals_links_and_hidden_count() {
        let text = render(&report(2), 5, GITHUB_SUMMARY_BYTES);
        assert!(text.starts_with("## backend-gate\n\n❌ **1 error, 1 warning in 3 files"));
        assert!(text.contains("5 findings hidden by the baseline."));
        assert!(text.contains("| ❌ | [3](https://x/blob/1/src/f0.rs#L3) | BG301 `panic-in-handler` | `.unwrap()` number 0 \\| in a handler<br>help: return an error |"));
        assert!(render(&report(0), 0, GITHUB_SUMMARY_BYTES).contains("✅ no findings"));
    }

    #[test]
    fn cells_stay_in_their_column_and_row() {
        assert_eq!(escape("a | b\nc"), "a \\| b c");
    }
}
