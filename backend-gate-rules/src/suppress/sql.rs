//! Suppression comments of a SQL file: `-- backend-gate: allow(BG802)` above a statement (it
//! covers the whole statement) or at the end of a line, `-- backend-gate: allow-file(BG801)`
//! above the first statement.

use super::rust::may_have_directives;
use super::{resolve, Comment, Extent, Language, Lexed, Style, Suppressions};
use crate::migrations::split::{
    block_comment_end, dollar_end, line_end, quote_end, split_statements,
};
use crate::source::SourceText;

/// The suppressions of a SQL file.
pub fn scan(source: &SourceText) -> Suppressions {
    let text = source.text();
    if !may_have_directives(text) {
        return Suppressions::default();
    }
    let lexed = lex(source);
    if lexed.comments.is_empty() {
        return Suppressions::default();
    }
    let line = |offset: usize| source.pos_of_offset(offset).line;
    let extents: Vec<Extent> = split_statements(text)
        .into_iter()
        .map(|(start, end)| Extent {
            first: line(start),
            attrs_last: None,
            last: line(end.saturating_sub(1).max(start)),
        })
        .collect();
    resolve(source, &lexed, &extents, Language::Sql)
}

/// Finds the comments of a SQL text, skipping quoted and dollar-quoted text.
fn lex(source: &SourceText) -> Lexed {
    let text = source.text();
    let b = text.as_bytes();
    let mut out = Lexed::new(source);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'-' && b.get(i + 1) == Some(&b'-') {
            let end = line_end(b, i);
            out.comments.push(Comment {
                start: i,
                body: i + 2..end,
                style: Style::Line,
            });
            i = end;
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let end = block_comment_end(b, i);
            let body_end = if end >= i + 4 && b[..end].ends_with(b"*/") {
                end - 2
            } else {
                end
            };
            out.comments.push(Comment {
                start: i,
                body: i + 2..body_end.max(i + 2),
                style: Style::Block,
            });
            i = end;
            continue;
        }
        let end = match c {
            b'\'' | b'"' | b'`' => quote_end(b, i, c),
            b'$' => dollar_end(b, i),
            _ => i + text[i..].chars().next().map_or(1, char::len_utf8),
        }
        .max(i + 1);
        out.first_code.get_or_insert(i);
        out.mark_code(source, i, end);
        i = end;
    }
    out.keep_directive_comments(text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suppress::Scope;

    #[test]
    fn covers_statements_lines_and_files() {
        let text = "\
-- backend-gate: allow-file(BG801, reason = \"data migration, no way back\")
CREATE TABLE a (id INT PRIMARY KEY);

-- backend-gate: allow(BG802)
CREATE TABLE b (
    id INT PRIMARY KEY,
    a_id INT REFERENCES a (id) -- backend-gate: allow(BG802)
);
INSERT INTO a VALUES ('-- backend-gate: allow(BG803)');
$$ -- backend-gate: allow(BG804) $$;
-- backend-gate: allow-file(BG805)
";
        let s = scan(&SourceText::new(text.into()));
        let got: Vec<_> = s
            .directives
            .iter()
            .map(|d| (d.range.start.line, d.scope))
            .collect();
        assert_eq!(
            got,
            [
                (1, Scope::File),
                (4, Scope::Lines { first: 5, last: 8 }),
                (7, Scope::Lines { first: 7, last: 7 }),
            ]
        );
        assert_eq!(s.invalid.len(), 1);
        assert_eq!(s.invalid[0].range.start.line, 11);
        assert!(s.invalid[0].help.contains("-- backend-gate: allow-file"));
    }

    #[test]
    fn block_comments_are_reported() {
        let s = scan(&SourceText::new(
            "/* backend-gate: allow(BG803) */\nCREATE TABLE t (x INT);\n".into(),
        ));
        assert!(s.directives.is_empty());
        assert!(s.invalid[0].help.contains("`--`"), "{:?}", s.invalid);
    }
}
