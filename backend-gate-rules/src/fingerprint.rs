//! Fingerprints: a finding's identity across edits, for baselines and SARIF
//! `partialFingerprints`.
//!
//! A fingerprint hashes the rule code, the file, the enclosing item (`Finding::context`; for SQL
//! files the statement), the primary span's text with every whitespace character removed, and
//! the finding's rank among findings that share all of those. It holds no line or column, so
//! inserting lines above a finding or re-wrapping the code keeps it; the enclosing item tells
//! the same code in two fns apart, and the rank two identical findings in one fn.

use crate::finding::Finding;
use crate::source::SourceText;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// Bumped whenever the hashed key changes, which invalidates every baseline.
pub const FINGERPRINT_VERSION: u32 = 1;

/// Longest normalised snippet or statement that is hashed, in bytes: a long span (a whole
/// statement) would otherwise change its fingerprint on any edit inside it, while its first
/// characters plus the enclosing item already identify it.
const MAX_KEY_CHARS: usize = 256;

/// What identifies a finding apart from its rank.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FingerprintKey {
    /// Rule code.
    pub code: &'static str,
    /// File, relative to the workspace root.
    pub file: String,
    /// Enclosing item (Rust) or statement (SQL), empty when there is none.
    pub context: String,
    /// The primary span's text without whitespace.
    pub snippet: String,
}

impl FingerprintKey {
    /// The key of `finding`, whose file's text is `source` (`None` when the text is unknown:
    /// the snippet is then empty).
    pub fn of(finding: &Finding, source: Option<&SourceText>) -> Self {
        let text = source.map_or("", |s| s.text());
        let span = text
            .get(finding.range.start.offset..finding.range.end.offset)
            .unwrap_or("");
        let context = match &finding.context {
            Some(c) => c.clone(),
            None if finding.file.ends_with(".sql") => {
                sql_statement(text, finding.range.start.offset)
            }
            None => String::new(),
        };
        FingerprintKey {
            code: finding.code,
            file: finding.file.clone(),
            context,
            snippet: without_whitespace(span),
        }
    }

    /// The fingerprint of the `rank`-th finding (from 0, in report order) with this key.
    pub fn fingerprint(&self, rank: usize) -> String {
        let mut hasher = Sha256::new();
        for part in [
            &FINGERPRINT_VERSION.to_string(),
            self.code,
            &self.file,
            &self.context,
            &self.snippet,
            &rank.to_string(),
        ] {
            hasher.update(part.as_bytes());
            // A separator that cannot occur in the parts keeps ("ab", "c") apart from ("a", "bc").
            hasher.update([0u8]);
        }
        let digest = hasher.finalize();
        digest[..16].iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The fingerprint of every finding, in order. `sources` holds the text of the findings' files
/// (as in [`crate::Report::sources`]); findings must be in report order (sorted by position),
/// which ranks identical findings from the top of their file.
pub fn fingerprints(findings: &[Finding], sources: &BTreeMap<String, SourceText>) -> Vec<String> {
    let mut seen: HashMap<FingerprintKey, usize> = HashMap::new();
    findings
        .iter()
        .map(|f| {
            let key = FingerprintKey::of(f, sources.get(&f.file));
            let rank = seen.entry(key.clone()).or_default();
            let fingerprint = key.fingerprint(*rank);
            *rank += 1;
            fingerprint
        })
        .collect()
}

/// `text` without whitespace and without trailing commas before a closing bracket, which
/// rustfmt adds when it wraps a call or a literal over several lines.
fn without_whitespace(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if matches!(c, ')' | ']' | '}') && out.ends_with(',') {
            out.pop();
        }
        if out.len() >= MAX_KEY_CHARS {
            break;
        }
        out.push(c);
    }
    out
}

/// The SQL statement around byte `offset`, without comments and whitespace: from the `;` before
/// it (or the start) to the `;` after it (or the end).
fn sql_statement(text: &str, offset: usize) -> String {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let start = text[..offset].rfind(';').map_or(0, |i| i + 1);
    let end = text[offset..].find(';').map_or(text.len(), |i| offset + i);
    let code: String = text[start..end]
        .lines()
        .map(|l| l.find("--").map_or(l, |i| &l[..i]))
        .collect();
    without_whitespace(&code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::{Confidence, Level};
    use crate::source::Range;

    fn finding(file: &str, context: Option<&str>, source: &SourceText, at: &str) -> Finding {
        let start = source.text().find(at).expect("snippet is in the source");
        Finding {
            code: "BG101",
            name: "db-in-handler",
            level: Level::Warn,
            confidence: Confidence::High,
            message: "m".into(),
            label: String::new(),
            help: String::new(),
            file: file.into(),
            range: Range {
                start: source.pos_of_offset(start),
                end: source.pos_of_offset(start + at.len()),
            },
            secondary: Vec::new(),
            context: context.map(str::to_string),
        }
    }

    #[test]
    fn sql_findings_are_keyed_by_their_statement() {
        let a =
            SourceText::new("-- one\nCREATE TABLE a (id int);\nCREATE TABLE b (x int);\n".into());
        let b = SourceText::new(
            "-- moved\n\nCREATE TABLE a (id int);\n\nCREATE   TABLE b (\n  x int -- why\n);\n"
                .into(),
        );
        let fa = finding("m/1.sql", None, &a, "x int");
        let fb = finding("m/1.sql", None, &b, "x int");
        assert_eq!(
            FingerprintKey::of(&fa, Some(&a)).context,
            "CREATETABLEb(xint)"
        );
        assert_eq!(
            fingerprints(&[fa], &BTreeMap::from([("m/1.sql".into(), a)])),
            fingerprints(&[fb], &BTreeMap::from([("m/1.sql".into(), b)])),
        );
    }

    #[test]
    fn parts_do_not_run_together() {
        let source = SourceText::new("ab".into());
        let one = finding("f.rs", Some("a"), &source, "b");
        let two = finding("f.rs", Some("ab"), &source, "b");
        let mut two_key = FingerprintKey::of(&two, Some(&source));
        two_key.snippet.clear();
        assert_ne!(
            FingerprintKey::of(&one, Some(&source)).fingerprint(0),
            two_key.fingerprint(0)
        );
    }

    #[test]
    fn identical_findings_are_ranked_and_spans_past_the_text_are_empty() {
        let source = SourceText::new("x x".into());
        let mut out_of_range = finding("f.rs", Some("f"), &source, "x");
        out_of_range.range.end.offset = 99;
        let sources = BTreeMap::from([("f.rs".to_string(), source.clone())]);
        let f = finding("f.rs", Some("f"), &source, "x");
        let prints = fingerprints(&[f.clone(), f, out_of_range], &sources);
        assert_eq!(prints.len(), 3);
        assert_ne!(prints[0], prints[1]);
        assert_eq!(prints[0].len(), 32);
    }

    #[test]
    fn rewrapping_adds_nothing_to_the_snippet() {
        assert_eq!(
            without_whitespace("f(\n    a,\n    [1, 2,],\n)"),
            without_whitespace("f(a, [1, 2])")
        );
    }
}
