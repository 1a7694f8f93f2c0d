//! Source text of a checked file and conversion between positions.

use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A position in a file: 1-based line and column (in characters) and the byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Byte offset from the start of the file.
    pub offset: usize,
}

/// A range between two positions of one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Range {
    /// First character.
    pub start: Pos,
    /// One past the last character.
    pub end: Pos,
}

/// The text of one file with its line index.
#[derive(Debug, Clone)]
pub struct SourceText {
    text: Arc<str>,
    line_starts: Vec<usize>,
}

impl SourceText {
    /// Indexes `text` by line.
    pub fn new(text: Arc<str>) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceText { text, line_starts }
    }

    /// The whole text.
    pub fn text(&self) -> &Arc<str> {
        &self.text
    }

    /// Position of a 1-based line and a 0-based character column (proc-macro2's convention),
    /// clamped to the text so a stale or odd span never panics.
    pub fn pos(&self, line: usize, char_col: usize) -> Pos {
        let line = line.clamp(1, self.line_starts.len());
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        let line_text = &self.text[start..end];
        let byte_col = if line_text.is_ascii() {
            char_col.min(line_text.len())
        } else {
            line_text
                .char_indices()
                .nth(char_col)
                .map_or(line_text.len(), |(i, _)| i)
        };
        Pos {
            line,
            column: char_col + 1,
            offset: start + byte_col,
        }
    }

    /// Position of a byte offset (clamped to the text).
    pub fn pos_of_offset(&self, offset: usize) -> Pos {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        Pos {
            line,
            column: self.text[start..offset].chars().count() + 1,
            offset,
        }
    }

    /// The range covered by a span of a file parsed from this text.
    pub fn range(&self, span: proc_macro2::Span) -> Range {
        let (s, e) = (span.start(), span.end());
        Range {
            start: self.pos(s.line, s.column),
            end: self.pos(e.line, e.column),
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let src = SourceText::new("fn a() {}\nlet é = \"x\";\n".into());
        let p = src.pos(2, 6);
        assert_eq!((p.line, p.column), (2, 7));
        assert_eq!(&src.text()[p.offset..p.offset + 1], "=");
        assert_eq!(src.pos_of_offset(p.offset), p);
        assert_eq!(src.line_text(2), "let é = \"x\";");
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let src = SourceText::new("ab".into());
        assert_eq!(src.pos(9, 9).offset, 2);
        assert_eq!(src.pos_of_offset(99).offset, 2);
    }
}
