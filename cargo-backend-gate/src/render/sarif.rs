//! `--format sarif`: SARIF 2.1.0 (through `serde-sarif`, generated from the schema) for GitHub
//! code scanning and other SARIF viewers.

use super::docs::explain;
use backend_gate_rules::rules::RULES;
use backend_gate_rules::source::Range;
use backend_gate_rules::{Category, Finding, Level, Report, RuleMeta};
use serde_json::{json, Value};
use serde_sarif::sarif;
use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

/// The `uriBaseId` every location is relative to: the workspace root.
const SRCROOT: &str = "%SRCROOT%";

/// Key of the fingerprint in `partialFingerprints`; the version follows the fingerprint's.
const FINGERPRINT_KEY: &str = "backendGateFingerprint/v1";

/// Writes the SARIF log of `report`; `fingerprints` are the findings' fingerprints, in order.
pub fn sarif(report: &Report, fingerprints: &[String], out: &mut impl Write) -> io::Result<()> {
    let index: HashMap<&str, usize> = RULES
        .iter()
        .enumerate()
        .map(|(i, r)| (r.meta().code, i))
        .collect();
    let results = report
        .findings
        .iter()
        .zip(fingerprints)
        .map(|(f, fingerprint)| result(f, fingerprint, index.get(f.code).copied()))
        .collect::<Vec<_>>();
    let driver = sarif::ToolComponent::builder()
        .name("backend-gate")
        .full_name(format!("backend-gate {}", env!("CARGO_PKG_VERSION")))
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(RULES.iter().map(|r| rule(r.meta())).collect::<Vec<_>>())
        .build();
    let root = sarif::ArtifactLocation::builder()
        .uri(root_uri(&report.root))
        .build();
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .original_uri_base_ids(BTreeMap::from([(SRCROOT.to_string(), root)]))
        .column_kind(json!("unicodeCodePoints"))
        .results(results)
        .invocations(vec![sarif::Invocation::builder()
            .execution_successful(report.internal_errors.is_empty())
            .build()])
        .build();
    let log = sarif::Sarif::builder()
        .schema(sarif::SCHEMA_URL)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_writer_pretty(&mut *out, &log)?;
    out.write_all(b"\n")
}

fn level(level: Level) -> &'static str {
    match level {
        Level::Deny => "error",
        Level::Warn => "warning",
        Level::Allow => "note",
    }
}

fn text(s: impl Into<String>) -> sarif::MultiformatMessageString {
    sarif::MultiformatMessageString::builder()
        .text(s.into())
        .build()
}

fn rule(m: &RuleMeta) -> sarif::ReportingDescriptor {
    let mut config = sarif::ReportingConfiguration::builder()
        .level(json!(level(m.level)))
        .build();
    if m.level == Level::Allow {
        config.enabled = Some(false);
    }
    let mut properties = BTreeMap::from([
        ("category".to_string(), json!(m.category.as_str())),
        ("preset".to_string(), json!(m.preset.as_str())),
    ]);
    if m.category == Category::Security {
        // GitHub ranks security alerts by this CVSS-like score.
        let score = match m.level {
            Level::Deny => "8.0",
            Level::Warn => "5.0",
            Level::Allow => "3.0",
        };
        properties.insert("security-severity".to_string(), json!(score));
    }
    let help = sarif::MultiformatMessageString::builder()
        .text(explain(m))
        .markdown(help_markdown(m))
        .build();
    sarif::ReportingDescriptor::builder()
        .id(m.code)
        .name(m.name)
        .short_description(text(m.summary))
        .full_description(text(format!(
            "{}. {}",
            m.summary.trim_end_matches('.'),
            m.why
        )))
        .help(help)
        .default_configuration(config)
        .properties(
            sarif::PropertyBag::builder()
                .tags(vec![m.category.as_str().to_string()])
                .additional_properties(properties)
                .build(),
        )
        .build()
}

fn help_markdown(m: &RuleMeta) -> String {
    format!(
        "{}\n\n**Why is this bad?** {}\n\n**Example**\n\n```rust\n{}\n```\n\n**Use instead**\n\n\
         ```rust\n{}\n```\n\nRun `cargo backend-gate explain {}` for the full documentation.",
        m.summary,
        m.why,
        m.bad.trim_end(),
        m.good.trim_end(),
        m.code
    )
}

fn result(f: &Finding, fingerprint: &str, rule_index: Option<usize>) -> sarif::Result {
    let mut message = f.message.clone();
    if !f.help.is_empty() {
        message.push_str("\nhelp: ");
        message.push_str(&f.help);
    }
    let related = f
        .secondary
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let mut loc = location(&l.file, l.range);
            loc.id = Some(i as i64);
            loc.message = Some(sarif::Message::builder().text(&l.message).build());
            loc
        })
        .collect::<Vec<_>>();
    let mut primary = location(&f.file, f.range);
    if !f.label.is_empty() {
        primary.message = Some(sarif::Message::builder().text(&f.label).build());
    }
    let mut result = sarif::Result::builder()
        .rule_id(f.code)
        .level(match f.level {
            Level::Deny => sarif::ResultLevel::Error,
            Level::Warn => sarif::ResultLevel::Warning,
            Level::Allow => sarif::ResultLevel::Note,
        })
        .message(sarif::Message::builder().text(message).build())
        .locations(vec![primary])
        .partial_fingerprints(BTreeMap::from([(
            FINGERPRINT_KEY.to_string(),
            fingerprint.to_string(),
        )]))
        .properties(
            sarif::PropertyBag::builder()
                .additional_properties(BTreeMap::from([(
                    "precision".to_string(),
                    Value::from(f.confidence.as_str()),
                )]))
                .build(),
        )
        .build();
    result.rule_index = rule_index.map(|i| i as i64);
    if !related.is_empty() {
        result.related_locations = Some(related);
    }
    result
}

fn location(file: &str, range: Range) -> sarif::Location {
    let region = sarif::Region::builder()
        .start_line(range.start.line as i64)
        .start_column(range.start.column as i64)
        .end_line(range.end.line as i64)
        .end_column(range.end.column as i64)
        .build();
    let artifact = sarif::ArtifactLocation::builder()
        .uri(encode_path(file))
        .uri_base_id(SRCROOT)
        .build();
    sarif::Location::builder()
        .physical_location(
            sarif::PhysicalLocation::builder()
                .artifact_location(artifact)
                .region(region)
                .build(),
        )
        .build()
}

/// `file:///abs/root/` (with the trailing slash a base URI needs).
fn root_uri(root: &std::path::Path) -> String {
    let path = root.to_string_lossy().replace('\\', "/");
    let path = encode_path(path.trim_end_matches('/'));
    if path.starts_with('/') {
        format!("file://{path}/")
    } else {
        format!("file:///{path}/")
    }
}

/// A path as a URI reference: characters that would end or change its meaning are escaped.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '/' | '-' | '_' | '.' | '~' | ':' | '@' | '+' => {
                out.push(c)
            }
            _ => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(encode_path("src/a b/é#1.rs"), "src/a%20b/%C3%A9%231.rs");
        assert_eq!(root_uri(std::path::Path::new("/w/app/")), "file:///w/app/");
        assert_eq!(root_uri(std::path::Path::new("C:\\w")), "file:///C:/w/");
    }
}
