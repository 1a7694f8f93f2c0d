//! What rules report ([`Diagnostic`], on the parsing thread) and what the engine returns
//! ([`Finding`], positions resolved, safe to send and serialise).

use crate::rule::{Confidence, Level, RuleMeta};
use crate::source::Range;
use proc_macro2::Span;
use serde::{Deserialize, Serialize};

/// A finding as a rule reports it, with spans still attached to the parsed file.
#[derive(Debug)]
pub struct Diagnostic {
    pub(crate) rule: &'static RuleMeta,
    pub(crate) span: Span,
    pub(crate) message: String,
    pub(crate) label: String,
    pub(crate) help: String,
    pub(crate) confidence: Confidence,
    pub(crate) level: Option<Level>,
    pub(crate) secondary: Vec<(Span, String)>,
}

impl Diagnostic {
    /// A finding of `rule` at `span`; `message` says what is wrong, in lower case, naming the evidence.
    pub fn new(rule: &'static RuleMeta, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            span,
            message: message.into(),
            label: String::new(),
            help: String::new(),
            confidence: Confidence::High,
            level: None,
            secondary: Vec::new(),
        }
    }

    /// The label under the primary span.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// The concrete fix.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }

    /// How sure the rule is.
    pub fn confidence(mut self, confidence: Confidence) -> Self {
        self.confidence = confidence;
        self
    }

    /// A level other than the rule's default, for rules graded by evidence
    /// (e.g. a connection string with a password is `deny`, without one `warn`).
    pub fn level(mut self, level: Level) -> Self {
        self.level = Some(level);
        self
    }

    /// Appends to the message (for graded findings whose evidence adds to what is wrong).
    pub fn message_suffix(mut self, suffix: &str) -> Self {
        self.message.push_str(suffix);
        self
    }

    /// A secondary span with its label (e.g. where a SQL string was built).
    pub fn secondary(mut self, span: Span, label: impl Into<String>) -> Self {
        self.secondary.push((span, label.into()));
        self
    }
}

/// A secondary location of a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    /// File, relative to the workspace root, with `/`.
    pub file: String,
    /// Where.
    pub range: Range,
    /// What is there.
    pub message: String,
}

/// A reported finding with resolved positions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule code, e.g. `BG201`.
    #[serde(deserialize_with = "crate::cache::rule_code")]
    pub code: crate::cache::StaticStr,
    /// Rule name, e.g. `hardcoded-secret`.
    #[serde(deserialize_with = "crate::cache::rule_name")]
    pub name: crate::cache::StaticStr,
    /// Effective level (never `allow`).
    pub level: Level,
    /// How sure the rule is.
    pub confidence: Confidence,
    /// What is wrong.
    pub message: String,
    /// Label under the primary span.
    pub label: String,
    /// The concrete fix.
    pub help: String,
    /// File, relative to the workspace root, with `/`.
    pub file: String,
    /// Primary location.
    pub range: Range,
    /// Secondary locations.
    pub secondary: Vec<Label>,
    /// The enclosing function (`module::path::fn`), or else the enclosing item (struct, const,
    /// impl …), when there is one.
    pub context: Option<String>,
}

impl Finding {
    /// Sets the concrete fix.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }

    /// Sets the label under the primary span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Sets how sure the rule is.
    pub fn with_confidence(mut self, confidence: Confidence) -> Self {
        self.confidence = confidence;
        self
    }

    /// Adds a secondary location.
    pub fn with_secondary(mut self, label: Label) -> Self {
        self.secondary.push(label);
        self
    }

    /// Sets the enclosing function (`crate::module::fn`).
    pub fn with_context(mut self, context: impl Into<String>) -> Self {
        self.context = Some(context.into());
        self
    }

    /// The key findings are sorted by: file, line, column, code, then message.
    pub fn sort_key(&self) -> (&str, usize, usize, &str, &str) {
        (
            &self.file,
            self.range.start.line,
            self.range.start.column,
            self.code,
            &self.message,
        )
    }
}
