//! `--format github`: GitHub Actions workflow commands, which GitHub shows as annotations on
//! the pull request's diff.

use super::human::summary;
use backend_gate_rules::{Finding, Level, Report};
use std::io::{self, Write};

/// Writes one `::error`/`::warning` command per finding, then the summary as a plain log line.
pub fn github(report: &Report, hidden: usize, quiet: bool, out: &mut impl Write) -> io::Result<()> {
    for f in &report.findings {
        writeln!(out, "{}", command(f))?;
    }
    if !quiet {
        writeln!(out, "{}", summary(report, hidden))?;
    }
    Ok(())
}

fn command(f: &Finding) -> String {
    let kind = match f.level {
        Level::Deny => "error",
        _ => "warning",
    };
    let mut message = f.message.clone();
    if !f.help.is_empty() {
        message.push_str("\nhelp: ");
        message.push_str(&f.help);
    }
    message.push_str(&format!(
        "\n{} ({}, {} confidence): run `cargo backend-gate explain {}`",
        f.name,
        f.level,
        f.confidence.as_str(),
        f.code
    ));
    format!(
        "::{kind} file={},line={},endLine={},col={},endColumn={},title={}::{}",
        property(&f.file),
        f.range.start.line,
        f.range.end.line,
        f.range.start.column,
        f.range.end.column,
        property(f.code),
        data(&message),
    )
}

/// Escapes a command's message (what follows `::`), as the Actions runner decodes it.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=…`), where `,` and `:` also delimit.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_properties_are_escaped() {
        assert_eq!(data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(property("a,b:c%"), "a%2Cb%3Ac%25");
    }
}
