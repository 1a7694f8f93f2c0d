//! `--write-baseline` and `--baseline`: the findings a project has accepted, by fingerprint
//! ([`backend_gate_rules::fingerprint`]), so that only new ones are reported.

use backend_gate_rules::Finding;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// Version of the baseline file format; bumped on any incompatible change.
pub const BASELINE_VERSION: u32 = 1;

/// A baseline file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Format version ([`BASELINE_VERSION`]).
    pub version: u32,
    /// The tool and version that wrote it (informational).
    pub tool: String,
    /// Accepted findings, sorted by file, code, fingerprint and message.
    pub findings: Vec<Entry>,
}

/// One accepted finding. Only the fingerprint is matched; the rest tells reviewers what it is.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// File, relative to the workspace root.
    pub file: String,
    /// Rule code.
    pub code: String,
    /// The finding's fingerprint.
    pub fingerprint: String,
    /// What was wrong when the baseline was written.
    pub message: String,
}

impl Baseline {
    /// The baseline of `findings`, whose fingerprints are `fingerprints` (same order).
    pub fn of(findings: &[Finding], fingerprints: &[String]) -> Self {
        let mut entries: Vec<Entry> = findings
            .iter()
            .zip(fingerprints)
            .map(|(f, fingerprint)| Entry {
                file: f.file.clone(),
                code: f.code.to_string(),
                fingerprint: fingerprint.clone(),
                message: f.message.clone(),
            })
            .collect();
        entries.sort();
        Baseline {
            version: BASELINE_VERSION,
            tool: format!("backend-gate {}", env!("CARGO_PKG_VERSION")),
            findings: entries,
        }
    }

    /// The file's bytes: pretty JSON (baselines are committed and reviewed in diffs).
    pub fn to_json(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// Reads a baseline file; a missing, unreadable or malformed file is an error.
    pub fn load(path: &Path) -> Result<Self, String> {
        let what = || format!("baseline {}", path.display());
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", what()))?;
        let version = serde_json::from_str::<serde_json::Value>(&text)
            .map_err(|e| format!("{} is not valid JSON: {e}", what()))?
            .get("version")
            .and_then(serde_json::Value::as_u64);
        if version != Some(u64::from(BASELINE_VERSION)) {
            return Err(format!(
                "{} has format version {}, this tool reads version {BASELINE_VERSION}: \
                 rewrite it with --write-baseline",
                what(),
                version.map_or_else(|| "(none)".to_string(), |v| v.to_string()),
            ));
        }
        serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a backend-gate baseline: {e}", what()))
    }

    /// Keeps the findings the baseline does not cover and returns how many it hid. Each entry
    /// hides one finding: with two entries of a fingerprint and three such findings, one stays.
    pub fn filter(&self, findings: &mut Vec<Finding>, fingerprints: &mut Vec<String>) -> usize {
        let mut left: HashMap<&str, usize> = HashMap::new();
        for e in &self.findings {
            *left.entry(e.fingerprint.as_str()).or_default() += 1;
        }
        let mut keep = Vec::with_capacity(findings.len());
        for fingerprint in fingerprints.iter() {
            let hidden = match left.get_mut(fingerprint.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    true
                }
                _ => false,
            };
            keep.push(!hidden);
        }
        let before = findings.len();
        let mut flags = keep.iter();
        findings.retain(|_| flags.next().copied().unwrap_or(true));
        let mut flags = keep.iter();
        fingerprints.retain(|_| flags.next().copied().unwrap_or(true));
        before - findings.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use backend_gate_rules::source::{Pos, Range};
    use backend_gate_rules::{Confidence, Level};

    fn finding(message: &str) -> Finding {
        let pos = Pos {
            line: 1,
            column: 1,
            offset: 0,
        };
        Finding {
            code: "BG101",
            name: "db-in-handler",
            level: Level::Warn,
            confidence: Confidence::High,
            message: message.into(),
            label: String::new(),
            help: String::new(),
            file: "src/a.rs".into(),
            range: Range {
                start: pos,
                end: pos,
            },
            secondary: Vec::new(),
            context: None,
        }
    }

    #[test]
    fn each_entry_hides_one_finding() {
        let old = vec![finding("a"), finding("b")];
        let baseline = Baseline::of(&old, &["x".to_string(), "x".to_string()]);
        let mut now = vec![finding("1"), finding("2"), finding("3"), finding("4")];
        let mut prints: Vec<String> = ["x", "y", "x", "x"].map(String::from).into();
        assert_eq!(baseline.filter(&mut now, &mut prints), 2);
        assert_eq!(prints, ["y", "x"]);
        assert_eq!(
            now.iter().map(|f| f.message.as_str()).collect::<Vec<_>>(),
            ["2", "4"]
        );
    }

    #[test]
    fn round_trips_sorted_and_rejects_other_files() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let path = tmp.path().join("baseline.json");
        let baseline = Baseline::of(&[finding("b"), finding("a")], &["2".into(), "1".into()]);
        assert_eq!(baseline.findings[0].fingerprint, "1");
        std::fs::write(&path, baseline.to_json()).expect("written");
        let read = Baseline::load(&path).expect("reads back");
        assert_eq!(read.findings, baseline.findings);

        std::fs::write(&path, "{\"version\": 9, \"findings\": []}").expect("written");
        let err = Baseline::load(&path).expect_err("other version");
        assert!(err.contains("format version 9"), "{err}");
        std::fs::write(&path, "[1, 2").expect("written");
        assert!(Baseline::load(&path)
            .expect_err("not JSON")
            .contains("not valid JSON"));
        std::fs::write(&path, "{\"version\": 1, \"findings\": [{}]}").expect("written");
        assert!(Baseline::load(&path)
            .expect_err("wrong shape")
            .contains("not a backend-gate baseline"));
        assert!(Baseline::load(&tmp.path().join("missing.json"))
            .expect_err("missing")
            .contains("cannot read"));
    }
}
