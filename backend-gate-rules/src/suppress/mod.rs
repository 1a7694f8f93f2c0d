//! Suppression comments: `// backend-gate: allow(BG101, reason = "…")` on the line above a
//! finding, at the end of its line, or above the item or statement that contains it;
//! `// backend-gate: allow-file(BG201)` at the top of a file; `--` instead of `//` in SQL.
//!
//! Comments are not in syn's syntax tree, so each file's text is scanned for them (only files
//! that mention `backend-gate`), and the lines each one covers are resolved in the per-file
//! phase, while the syntax tree is at hand: a Rust file's [`Suppressions`] are kept in its
//! [`crate::facts::FileFacts`] (and so survive a cache that skips parsing), a SQL file's are
//! read when its migration set is. [`apply`] then runs once over every finding of the run —
//! per-file, cross-file and migration rules alike — and reports the suppressions that
//! suppressed nothing and the malformed ones.

mod apply;
pub mod directive;
pub mod rust;
pub mod sql;
#[cfg(test)]
mod tests;

pub use apply::apply;

use crate::source::{Range, SourceText};
use directive::Kind;
use serde::{Deserialize, Serialize};

/// Every suppression comment of one file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppressions {
    /// Well-formed directives, in file order.
    pub directives: Vec<Directive>,
    /// Comments addressed to backend-gate that are not well-formed: they suppress nothing.
    pub invalid: Vec<Invalid>,
}

impl Suppressions {
    /// Whether the file has no suppression comment at all.
    pub fn is_empty(&self) -> bool {
        self.directives.is_empty() && self.invalid.is_empty()
    }
}

/// One well-formed `allow(..)` or `allow-file(..)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Directive {
    /// The directive's text in its comment, from `backend-gate` to `)`.
    pub range: Range,
    /// What it covers.
    pub scope: Scope,
    /// The rules it allows, as written.
    pub rules: Vec<RuleRef>,
    /// Its `reason = "…"`.
    pub reason: Option<String>,
}

/// A rule selector inside a directive: a code, a name, a category or a code prefix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleRef {
    /// As written (`BG101`, `db-in-handler`, `security`).
    pub selector: String,
    /// Where it is written.
    pub range: Range,
}

/// The findings a directive covers: those whose primary span starts in its scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// Every line of the file (`allow-file`).
    File,
    /// Lines `first..=last` (1-based): one line, or an item's or statement's extent.
    Lines {
        /// First covered line.
        first: usize,
        /// Last covered line.
        last: usize,
    },
    /// Nothing follows the comment.
    Nothing,
}

impl Scope {
    /// Whether a finding starting on `line` is covered.
    pub fn covers(self, line: usize) -> bool {
        match self {
            Scope::File => true,
            Scope::Lines { first, last } => (first..=last).contains(&line),
            Scope::Nothing => false,
        }
    }

    /// Number of lines covered, to prefer the narrowest of several matching directives.
    fn width(self) -> usize {
        match self {
            Scope::File => usize::MAX,
            Scope::Lines { first, last } => last.saturating_sub(first) + 1,
            Scope::Nothing => 0,
        }
    }
}

/// A malformed suppression comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invalid {
    /// The offending text.
    pub range: Range,
    /// What is wrong.
    pub message: String,
    /// How to write it.
    pub help: String,
}

/// How a comment is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// `// …` in Rust, `-- …` in SQL: the only kind that holds directives.
    Line,
    /// `/// …` or `//! …`: documentation, rendered by rustdoc.
    Doc,
    /// `/* … */`.
    Block,
}

/// A comment found by a lexer.
#[derive(Clone, Debug)]
pub(crate) struct Comment {
    /// Offset of the comment's first byte.
    pub start: usize,
    /// The text after the comment marker, up to the end of the line (or `*/`).
    pub body: std::ops::Range<usize>,
    /// How it is written.
    pub style: Style,
}

/// What a lexer finds in a file: its comments that mention backend-gate, which lines hold code,
/// and where the first code is.
#[derive(Debug, Default)]
pub(crate) struct Lexed {
    /// Comments whose body may be a directive.
    pub comments: Vec<Comment>,
    /// For each 1-based line (index 0 unused), whether it holds anything but comments and blanks.
    pub code_lines: Vec<bool>,
    /// Offset of the first code a file-level directive must come before (file attributes
    /// `#![..]` excepted).
    pub first_code: Option<usize>,
}

impl Lexed {
    /// Nothing found yet in `source`.
    pub(crate) fn new(source: &SourceText) -> Lexed {
        Lexed {
            comments: Vec::new(),
            code_lines: vec![false; source.line_count() + 1],
            first_code: None,
        }
    }

    /// Marks the lines of the code at `from..to` (a token, a string spanning lines).
    pub(crate) fn mark_code(&mut self, source: &SourceText, from: usize, to: usize) {
        let first = source.pos_of_offset(from).line;
        let last = source.pos_of_offset(to.saturating_sub(1).max(from)).line;
        for line in first..=last {
            if let Some(l) = self.code_lines.get_mut(line) {
                *l = true;
            }
        }
    }

    /// Keeps only the comments that mention the tool (only they can be directives), out of the
    /// way of the rest.
    pub(crate) fn keep_directive_comments(&mut self, text: &str) {
        self.comments
            .retain(|c| rust::may_have_directives(&text[c.body.clone()]));
    }

    fn is_code(&self, line: usize) -> bool {
        self.code_lines.get(line).copied().unwrap_or(false)
    }
}

/// A syntactic unit a comment above it covers whole: an item, a statement, a field, a match arm
/// (Rust), or a statement (SQL). Lines are 1-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Extent {
    /// First line, outer attributes and doc comments included.
    pub first: usize,
    /// Last line of its outer attributes, when it has some.
    pub attrs_last: Option<usize>,
    /// Last line.
    pub last: usize,
}

/// The kind of comment marker, for messages (`//` or `--`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Language {
    Rust,
    Sql,
}

impl Language {
    fn marker(self) -> &'static str {
        match self {
            Language::Rust => "//",
            Language::Sql => "--",
        }
    }
}

/// Turns the comments a lexer found into directives with the lines they cover.
pub(crate) fn resolve(
    source: &SourceText,
    lexed: &Lexed,
    extents: &[Extent],
    language: Language,
) -> Suppressions {
    let mut out = Suppressions::default();
    let text = source.text();
    let range = |span: std::ops::Range<usize>| Range {
        start: source.pos_of_offset(span.start),
        end: source.pos_of_offset(span.end),
    };
    for comment in &lexed.comments {
        let body = &text[comment.body.clone()];
        let Some(parsed) = directive::parse(body) else {
            continue;
        };
        let at = |span: std::ops::Range<usize>| {
            range(comment.body.start + span.start..comment.body.start + span.end)
        };
        let marker = language.marker();
        let parsed = match (parsed, comment.style) {
            (Ok(p), Style::Line) => p,
            (Err(e), Style::Line) => {
                out.invalid.push(Invalid {
                    range: at(e.span),
                    message: e.message,
                    help: e.help,
                });
                continue;
            }
            (_, style) => {
                let what = if style == Style::Doc {
                    "a doc comment is documentation, not a suppression"
                } else {
                    "a block comment does not hold suppressions"
                };
                out.invalid.push(Invalid {
                    range: range(comment.start..comment.body.end),
                    message: format!("{what}: it suppresses nothing"),
                    help: format!("write the suppression in a plain `{marker}` line comment"),
                });
                continue;
            }
        };
        let rules = parsed
            .rules
            .iter()
            .map(|(selector, span)| RuleRef {
                selector: selector.clone(),
                range: at(span.clone()),
            })
            .collect();
        let line = source.pos_of_offset(comment.start).line;
        let scope = match parsed.kind {
            Kind::AllowFile => {
                if lexed.first_code.is_some_and(|first| first < comment.start) {
                    out.invalid.push(Invalid {
                        range: at(parsed.span),
                        message: "`allow-file` below the first line of code: it suppresses nothing"
                            .into(),
                        help: format!(
                            "move the `{marker} backend-gate: allow-file(..)` comment to the top \
                             of the file, above the first item or statement"
                        ),
                    });
                    continue;
                }
                Scope::File
            }
            Kind::Allow => {
                let line_start = text[..comment.start].rfind('\n').map_or(0, |i| i + 1);
                let trailing = !text[line_start..comment.start].trim().is_empty();
                allow_scope(lexed, extents, line, trailing)
            }
        };
        out.directives.push(Directive {
            range: at(parsed.span),
            scope,
            rules,
            reason: parsed.reason,
        });
    }
    out
}

/// The lines an `allow(..)` on `line` covers: the extent whose attributes it sits among or ends;
/// else, written on its own line, the extent that starts below it (only comments and blanks in
/// between; among several, the outermost) or the next line of code; written after code, its
/// own line.
fn allow_scope(lexed: &Lexed, extents: &[Extent], line: usize, trailing: bool) -> Scope {
    let whole = |e: &Extent| Scope::Lines {
        first: e.first,
        last: e.last,
    };
    if let Some(e) = extents
        .iter()
        .filter(|e| e.attrs_last.is_some_and(|a| e.first <= line && line <= a))
        .max_by_key(|e| e.last)
    {
        return whole(e);
    }
    if trailing {
        return Scope::Lines {
            first: line,
            last: line,
        };
    }
    let Some(next) = (line + 1..lexed.code_lines.len()).find(|&l| lexed.is_code(l)) else {
        return Scope::Nothing;
    };
    let below = extents
        .iter()
        .filter(|e| line < e.first && e.first <= next)
        .min_by_key(|e| (e.first, std::cmp::Reverse(e.last)));
    match below {
        Some(e) => whole(e),
        None => Scope::Lines {
            first: next,
            last: next,
        },
    }
}
