//! The text of one comment addressed to backend-gate — `backend-gate: allow(BG101, db-in-handler,
//! reason = "…")` or `backend-gate: allow-file(BG201)` — parsed with byte positions, so that a
//! malformed one is reported at the offending token.

use crate::error::closest;
use crate::settings::validate_selector;
use std::ops::Range;

/// The directive's word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `allow(..)`: the line or item below (or the line it ends).
    Allow,
    /// `allow-file(..)`: the whole file.
    AllowFile,
}

/// A well-formed directive. Positions are byte offsets into the comment's body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    /// `allow` or `allow-file`.
    pub kind: Kind,
    /// The rule selectors (codes, names, categories, code prefixes) as written, with positions.
    pub rules: Vec<(String, Range<usize>)>,
    /// The `reason = "…"` text, unescaped.
    pub reason: Option<String>,
    /// From `backend-gate` to the closing `)`.
    pub span: Range<usize>,
}

/// Why a comment addressed to backend-gate is not a directive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// The offending text, in bytes of the comment's body.
    pub span: Range<usize>,
    /// What is wrong, in lower case.
    pub message: String,
    /// How to write it.
    pub help: String,
}

const TOOL: &str = "backend-gate";
const DIRECTIVES: [&str; 2] = ["allow", "allow-file"];
const SHAPE: &str = "write `backend-gate: allow(BG101, reason = \"…\")` or \
                     `backend-gate: allow-file(BG101)`";

/// Parses the body of a comment (the text after `//`, `--`, or inside `/* */`). `None` when
/// the comment is not addressed to backend-gate: it must start with `backend-gate` followed by
/// `:`, or by a word that looks like a directive and a `(` (a forgotten colon).
pub fn parse(body: &str) -> Option<Result<Parsed, SyntaxError>> {
    let start = body.len() - body.trim_start().len();
    let head = body.get(start..start + TOOL.len())?;
    if !head.eq_ignore_ascii_case(TOOL) && !head.eq_ignore_ascii_case("backend_gate") {
        return None;
    }
    let after = &body[start + TOOL.len()..];
    // `backend-gateway`, `backend-gate's`, `backend-gate-rules`: prose or names, not directives.
    if after.starts_with(|c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '\'')) {
        return None;
    }
    let rest = after.trim_start();
    let addressed = rest.starts_with(':')
        || (after.starts_with(char::is_whitespace) && looks_like_directive(rest));
    if !addressed {
        return None;
    }
    let mut p = Cursor {
        body,
        at: start + TOOL.len(),
    };
    Some(p.directive(start, head))
}

/// `allow (` or `alow(`: a directive word, close to a known one, then `(`.
fn looks_like_directive(text: &str) -> bool {
    let word: String = text
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    !word.is_empty()
        && text[word.len()..].trim_start().starts_with('(')
        && closest(&word, DIRECTIVES).is_some()
}

struct Cursor<'a> {
    body: &'a str,
    at: usize,
}

impl Cursor<'_> {
    fn rest(&self) -> &str {
        &self.body[self.at..]
    }

    fn skip_ws(&mut self) {
        self.at = self.body.len() - self.rest().trim_start().len();
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn word(&mut self) -> Range<usize> {
        let len = self
            .rest()
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_')))
            .unwrap_or(self.rest().len());
        let span = self.at..self.at + len;
        self.at += len;
        span
    }

    /// The span of the next character (or the end of the comment).
    fn here(&self) -> Range<usize> {
        self.at..self.at + self.peek().map_or(0, char::len_utf8)
    }

    fn error(
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> SyntaxError {
        SyntaxError {
            span,
            message: message.into(),
            help: help.into(),
        }
    }

    fn directive(&mut self, start: usize, head: &str) -> Result<Parsed, SyntaxError> {
        if head != TOOL {
            return Err(Self::error(
                start..start + TOOL.len(),
                format!("`{head}` is not how suppressions start"),
                SHAPE,
            ));
        }
        self.skip_ws();
        if self.peek() != Some(':') {
            return Err(Self::error(
                self.here(),
                "expected `:` after `backend-gate`",
                SHAPE,
            ));
        }
        self.at += 1;
        self.skip_ws();
        let word_span = self.word();
        let word = &self.body[word_span.clone()];
        let kind = match word {
            "allow" => Kind::Allow,
            "allow-file" => Kind::AllowFile,
            "" => {
                return Err(Self::error(
                    self.here(),
                    "expected `allow(..)` or `allow-file(..)` after `backend-gate:`",
                    SHAPE,
                ))
            }
            other => {
                let hint = closest(other, DIRECTIVES)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                return Err(Self::error(
                    word_span,
                    format!("unknown suppression directive `{other}`{hint}"),
                    SHAPE,
                ));
            }
        };
        self.skip_ws();
        if self.peek() != Some('(') {
            return Err(Self::error(
                self.here(),
                format!("expected `(` after `{word}`: the rules go in parentheses"),
                SHAPE,
            ));
        }
        self.at += 1;
        let mut rules = Vec::new();
        let mut reason: Option<String> = None;
        loop {
            self.skip_ws();
            if self.peek() == Some(')') {
                self.at += 1;
                break;
            }
            if self.peek().is_none() {
                return Err(Self::error(
                    self.here(),
                    "missing `)` at the end of the suppression",
                    SHAPE,
                ));
            }
            let span = self.word();
            if span.is_empty() {
                return Err(Self::error(
                    self.here(),
                    "expected a rule code or name",
                    SHAPE,
                ));
            }
            let text = &self.body[span.clone()];
            if text == "reason" {
                let text = self.reason()?;
                if reason.is_some() {
                    return Err(Self::error(
                        span.start..self.at,
                        "the reason is given twice",
                        "keep one `reason = \"…\"`",
                    ));
                }
                reason = Some(text);
            } else if self.rest().trim_start().starts_with('=') {
                let hint = closest(text, ["reason"])
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                return Err(Self::error(
                    span,
                    format!("unknown key `{text}`{hint}"),
                    "only `reason = \"…\"` takes a value",
                ));
            } else {
                if let Err(e) = validate_selector(text) {
                    return Err(Self::error(
                        span,
                        e.to_string(),
                        "name rules by code (`BG101`), name (`db-in-handler`) or category; \
                         `cargo backend-gate rules` lists them",
                    ));
                }
                rules.push((text.to_string(), span));
            }
            self.skip_ws();
            match self.peek() {
                Some(',') => self.at += 1,
                Some(')') | None => {}
                _ => {
                    return Err(Self::error(
                        self.here(),
                        "expected `,` or `)` after a rule or the reason",
                        "separate the rules and the reason with commas",
                    ))
                }
            }
        }
        let end = self.at;
        self.skip_ws();
        // A second comment may follow (`// backend-gate: allow(BG101) // see #12`).
        if self.peek().is_some() && !self.rest().starts_with("//") && !self.rest().starts_with("--")
        {
            return Err(Self::error(
                self.at..self.body.len(),
                "unexpected text after the suppression's `)`",
                "put the explanation inside, as `reason = \"…\"`",
            ));
        }
        if rules.is_empty() {
            return Err(Self::error(
                start..end,
                "the suppression names no rule",
                "name the rules it allows: `allow(BG101, reason = \"…\")`",
            ));
        }
        Ok(Parsed {
            kind,
            rules,
            reason,
            span: start..end,
        })
    }

    /// `= "text"` after `reason`, with `\"` and `\\` escapes.
    fn reason(&mut self) -> Result<String, SyntaxError> {
        const HELP: &str = "write `reason = \"why this is fine\"`";
        self.skip_ws();
        if self.peek() != Some('=') {
            return Err(Self::error(
                self.here(),
                "expected `=` after `reason`",
                HELP,
            ));
        }
        self.at += 1;
        self.skip_ws();
        if self.peek() != Some('"') {
            return Err(Self::error(
                self.here(),
                "the reason must be a string in double quotes",
                HELP,
            ));
        }
        let open = self.at;
        self.at += 1;
        let mut text = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.at += i + 1;
                    if text.trim().is_empty() {
                        return Err(Self::error(open..self.at, "the reason is empty", HELP));
                    }
                    return Ok(text);
                }
                '\\' => match chars.next() {
                    Some((_, e @ ('"' | '\\'))) => text.push(e),
                    Some((_, e)) => {
                        text.push('\\');
                        text.push(e);
                    }
                    None => text.push('\\'),
                },
                c => text.push(c),
            }
        }
        Err(Self::error(
            open..self.body.len(),
            "the reason's string is not closed",
            HELP,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(body: &str) -> Parsed {
        match parse(body) {
            Some(Ok(p)) => p,
            other => panic!("{body:?}: {other:?}"),
        }
    }

    /// The error message, and the text it points at.
    fn err(body: &str) -> (String, &str) {
        match parse(body) {
            Some(Err(e)) => (e.message, &body[e.span]),
            other => panic!("{body:?}: {other:?}"),
        }
    }

    #[test]
    fn reads_rules_and_reason() {
        let p = ok(r#" backend-gate: allow(BG101, db-in-handler , reason = "pool \"read\" only")"#);
        assert_eq!(p.kind, Kind::Allow);
        let names: Vec<&str> = p.rules.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(names, ["BG101", "db-in-handler"]);
        assert_eq!(p.reason.as_deref(), Some("pool \"read\" only"));
        assert_eq!(p.span.start, 1);
        let body = " backend-gate: allow-file(security, BG2,) ";
        let p = ok(body);
        assert_eq!(p.kind, Kind::AllowFile);
        assert_eq!(&body[p.rules[1].1.clone()], "BG2");
        assert_eq!(&body[p.span], "backend-gate: allow-file(security, BG2,)");
        assert_eq!(
            ok("backend-gate:allow(reason=\"x\",BG101)")
                .reason
                .as_deref(),
            Some("x")
        );
        assert_eq!(
            ok(" backend-gate: allow(BG101) // expect: BG001")
                .rules
                .len(),
            1
        );
        assert_eq!(ok(" backend-gate: allow(BG802) -- see #12").rules.len(), 1);
    }

    #[test]
    fn ignores_comments_not_addressed_to_the_tool() {
        for body in [
            " a plain comment",
            " backend-gateway: allow(BG101)",
            " backend-gate-rules is the engine",
            " backend-gate checks (most) files",
            " see backend-gate: allow(BG101)",
            "",
        ] {
            assert_eq!(parse(body), None, "{body:?}");
        }
    }

    #[test]
    fn reports_what_is_malformed_and_where() {
        let cases = [
            (
                " backend-gate: alow(BG101)",
                "unknown suppression directive `alow` (did you mean `allow`?)",
                "alow",
            ),
            (
                " backend-gate: allow_file(BG101)",
                "unknown suppression directive `allow_file` (did you mean `allow-file`?)",
                "allow_file",
            ),
            (
                " backend-gate: allow BG101",
                "expected `(` after `allow`: the rules go in parentheses",
                "B",
            ),
            (
                " backend-gate allow(BG101)",
                "expected `:` after `backend-gate`",
                "a",
            ),
            (
                " Backend-Gate: allow(BG101)",
                "`Backend-Gate` is not how suppressions start",
                "Backend-Gate",
            ),
            (
                " backend-gate: allow(BG101",
                "missing `)` at the end of the suppression",
                "",
            ),
            (
                " backend-gate: allow(db-in-handlr)",
                "unknown rule or category `db-in-handlr` (did you mean `db-in-handler`?)",
                "db-in-handlr",
            ),
            (
                " backend-gate: allow(BG101 BG102)",
                "expected `,` or `)` after a rule or the reason",
                "B",
            ),
            (
                " backend-gate: allow()",
                "the suppression names no rule",
                "backend-gate: allow()",
            ),
            (
                " backend-gate: allow(reason = \"x\")",
                "the suppression names no rule",
                "backend-gate: allow(reason = \"x\")",
            ),
            (
                " backend-gate: allow(BG101, reason: \"x\")",
                "expected `=` after `reason`",
                ":",
            ),
            (
                " backend-gate: allow(BG101, reason = 'x')",
                "the reason must be a string in double quotes",
                "'",
            ),
            (
                " backend-gate: allow(BG101, reason = because)",
                "the reason must be a string in double quotes",
                "b",
            ),
            (
                " backend-gate: allow(BG101, reason = \"x)",
                "the reason's string is not closed",
                "\"x)",
            ),
            (
                " backend-gate: allow(BG101, reason = \" \")",
                "the reason is empty",
                "\" \"",
            ),
            (
                " backend-gate: allow(BG101, reason = \"a\", reason = \"b\")",
                "the reason is given twice",
                "reason = \"b\"",
            ),
            (
                " backend-gate: allow(BG101) because of x",
                "unexpected text after the suppression's `)`",
                "because of x",
            ),
            (
                " backend-gate: (BG101)",
                "expected `allow(..)` or `allow-file(..)` after `backend-gate:`",
                "(",
            ),
            (
                " backend-gate: allow(, BG101)",
                "expected a rule code or name",
                ",",
            ),
            (
                " backend-gate: allow(BG101, reson = \"x\")",
                "unknown key `reson` (did you mean `reason`?)",
                "reson",
            ),
        ];
        for (body, message, at) in cases {
            assert_eq!(err(body), (message.to_string(), at), "{body:?}");
        }
    }
}
