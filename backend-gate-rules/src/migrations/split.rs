//! Splitting a SQL file into statements by `;`, aware of what may hold a `;` without ending
//! the statement: quotes, comments, PostgreSQL dollar-quoted bodies and trigger bodies.

/// Byte ranges `(start, end)` of the statements of `sql`, without the `;`; each starts at its
/// first token (leading comments and blanks skipped); empty statements are left out.
pub fn split_statements(sql: &str) -> Vec<(usize, usize)> {
    let b = sql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut start: Option<usize> = None;
    // Depth of `BEGIN … END` inside a `CREATE` (trigger and routine bodies of SQLite/MySQL).
    let mut depth = 0usize;
    let mut creating = false;
    while i < b.len() {
        let c = b[i];
        match c {
            b'-' if b.get(i + 1) == Some(&b'-') => {
                i = line_end(b, i);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = block_comment_end(b, i);
                continue;
            }
            _ if c.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            _ => {}
        }
        let first = start.is_none();
        if first {
            start = Some(i);
            depth = 0;
            creating = word_at(b, i).eq_ignore_ascii_case(b"create");
        }
        match c {
            b';' if depth == 0 => {
                if let Some(s) = start.take() {
                    if s < i {
                        out.push((s, trim_end(b, s, i)));
                    }
                }
                i += 1;
            }
            b'\'' | b'"' | b'`' => i = quote_end(b, i, c),
            b'$' => i = dollar_end(b, i),
            _ if c.is_ascii_alphabetic() || c == b'_' => {
                let w = word_at(b, i);
                if creating && (w.eq_ignore_ascii_case(b"begin") || w.eq_ignore_ascii_case(b"case"))
                {
                    depth += 1;
                } else if creating && w.eq_ignore_ascii_case(b"end") {
                    depth = depth.saturating_sub(1);
                }
                i += w.len().max(1);
            }
            _ => i += 1,
        }
    }
    if let Some(s) = start {
        let e = trim_end(b, s, b.len());
        if s < e {
            out.push((s, e));
        }
    }
    out
}

fn word_at(b: &[u8], i: usize) -> &[u8] {
    let end = b[i..]
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
        .map_or(b.len(), |n| i + n);
    &b[i..end]
}

pub(crate) fn line_end(b: &[u8], i: usize) -> usize {
    b[i..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |n| i + n)
}

/// PostgreSQL block comments nest.
pub(crate) fn block_comment_end(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < b.len() {
        if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
            depth += 1;
            i += 2;
        } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
            depth -= 1;
            i += 2;
            if depth == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    b.len()
}

/// A quote doubled inside the literal is an escaped quote; a backslash escapes too (MySQL, `E''`).
pub(crate) fn quote_end(b: &[u8], open: usize, q: u8) -> usize {
    let mut i = open + 1;
    while i < b.len() {
        if b[i] == b'\\' && q == b'\'' {
            i += 2;
        } else if b[i] == q {
            if b.get(i + 1) == Some(&q) {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            i += 1;
        }
    }
    b.len()
}

/// `$$ … $$` or `$tag$ … $tag$`; a `$1` placeholder is not a quote.
pub(crate) fn dollar_end(b: &[u8], open: usize) -> usize {
    let tag_len = b[open + 1..]
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_'))
        .unwrap_or(b.len() - open - 1);
    let close = open + 1 + tag_len;
    let tag_ok =
        b.get(close) == Some(&b'$') && !b[open + 1..close].first().is_some_and(u8::is_ascii_digit);
    if !tag_ok {
        return open + 1;
    }
    let tag = &b[open..=close];
    let body = close + 1;
    b[body..]
        .windows(tag.len())
        .position(|w| w == tag)
        .map_or(b.len(), |n| body + n + tag.len())
}

fn trim_end(b: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && b[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(sql: &str) -> Vec<&str> {
        split_statements(sql)
            .into_iter()
            .map(|(s, e)| &sql[s..e])
            .collect()
    }

    #[test]
    fn splits_on_semicolons_outside_quotes_comments_and_bodies() {
        let sql = "-- a; comment\nCREATE TABLE a (x TEXT DEFAULT ';');\n/* b; */ INSERT INTO a VALUES ('it''s;');\n\
                   DO $$ BEGIN PERFORM 1; END $$;\nCREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n\
                   SELECT $1;;\n";
        assert_eq!(
            parts(sql),
            [
                "CREATE TABLE a (x TEXT DEFAULT ';')",
                "INSERT INTO a VALUES ('it''s;')",
                "DO $$ BEGIN PERFORM 1; END $$",
                "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql",
                "SELECT $1",
            ]
        );
    }

    #[test]
    fn trigger_bodies_stay_whole_and_unterminated_input_ends() {
        let sql = "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET n = CASE WHEN 1 THEN 2 END; END;\nBEGIN;\nSELECT 'open";
        assert_eq!(
            parts(sql),
            [
                "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET n = CASE WHEN 1 THEN 2 END; END",
                "BEGIN",
                "SELECT 'open",
            ]
        );
        assert!(split_statements("  -- only a comment\n").is_empty());
        for odd in [
            "$",
            "$$",
            "$a",
            "$1$",
            "'",
            "\"",
            "/*",
            "/* /* */",
            "--",
            "CREATE",
            "CREATE ;;;",
            "DO $body$ unterminated",
            "SELECT '\\",
            "é;ü'",
            "`x",
        ] {
            for (s, e) in split_statements(odd) {
                assert!(
                    s <= e && e <= odd.len() && odd.is_char_boundary(s) && odd.is_char_boundary(e)
                );
            }
        }
        assert_eq!(parts("$"), ["$"]);
    }
}
