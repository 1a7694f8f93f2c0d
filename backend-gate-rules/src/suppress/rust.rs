//! Suppression comments of a Rust file: a lexer that finds comments (skipping string, raw
//! string, byte and char literals, telling char literals from lifetimes) and the extents of
//! items, statements, fields and match arms from the syntax tree.

use super::{resolve, Comment, Extent, Language, Lexed, Style, Suppressions};
use crate::migrations::split::{block_comment_end, line_end};
use crate::source::SourceText;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};

/// Whether a text may hold a suppression comment (`backend-gate` or `backend_gate`, in any
/// case): the cheap test that spares most files the lexer. Anchored on the `k`, a rare letter,
/// it reads about 1 GB/s, next to syn's 12 MB/s.
pub fn may_have_directives(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'k', b'K', b).any(|k| {
        k >= 3
            && b.get(k - 3..k + 9).is_some_and(|w| {
                w[..7].eq_ignore_ascii_case(b"backend")
                    && matches!(w[7], b'-' | b'_')
                    && w[8..].eq_ignore_ascii_case(b"gate")
            })
    })
}

/// The suppressions of a parsed file, with item and statement extents from its syntax tree.
pub fn scan(source: &SourceText, file: &syn::File) -> Suppressions {
    if !may_have_directives(source.text()) {
        return Suppressions::default();
    }
    let lexed = lex(source);
    if lexed.comments.is_empty() {
        return Suppressions::default();
    }
    let mut extents = Extents(Vec::new());
    extents.visit_file(file);
    resolve(source, &lexed, &extents.0, Language::Rust)
}

/// The suppressions of a file that does not parse: lines and file only, no item extents.
pub fn scan_unparsed(source: &SourceText) -> Suppressions {
    if !may_have_directives(source.text()) {
        return Suppressions::default();
    }
    resolve(source, &lex(source), &[], Language::Rust)
}

/// Finds the comments of a Rust text.
pub(crate) fn lex(source: &SourceText) -> Lexed {
    let text = source.text();
    let b = text.as_bytes();
    let mut out = Lexed::new(source);
    // Inside a file attribute `#![..]` before the first code: its bracket depth.
    let mut file_attr: Option<usize> = None;
    let mut i = 0;
    if text.starts_with("#!") && !text[2..].trim_start().starts_with('[') {
        i = line_end(b, 0);
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            let end = line_end(b, i);
            let (style, body) = match (b.get(i + 2), b.get(i + 3)) {
                (Some(b'/'), Some(b'/')) => (Style::Line, i + 2),
                (Some(b'/'), _) | (Some(b'!'), _) => (Style::Doc, i + 3),
                _ => (Style::Line, i + 2),
            };
            out.comments.push(Comment {
                start: i,
                body: body..end,
                style,
            });
            i = end;
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let end = block_comment_end(b, i);
            let body_end = if b[..end].ends_with(b"*/") && end >= i + 4 {
                end - 2
            } else {
                end
            };
            let style = match b.get(i + 2) {
                Some(b'*' | b'!') if body_end > i + 3 => Style::Doc,
                _ => Style::Block,
            };
            let body = if style == Style::Doc { i + 3 } else { i + 2 };
            out.comments.push(Comment {
                start: i,
                body: body.min(body_end)..body_end,
                style,
            });
            i = end;
            continue;
        }
        let end = token_end(text, i);
        out.mark_code(source, i, end);
        if out.first_code.is_none() {
            match file_attr {
                None if c == b'#' && text[i + 1..].trim_start().starts_with('!') => {
                    file_attr = Some(0);
                }
                None => out.first_code = Some(i),
                Some(depth) => {
                    file_attr = match c {
                        b'[' => Some(depth + 1),
                        b']' if depth <= 1 => None,
                        b']' => Some(depth - 1),
                        _ => Some(depth),
                    };
                }
            }
        }
        i = end;
    }
    out.keep_directive_comments(text);
    out
}

/// End of the token starting at `i` (not whitespace, not a comment): a literal that may hold
/// `//` is skipped whole; anything else is one identifier, number or punctuation character.
fn token_end(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    let c = b[i];
    match c {
        b'"' => quoted_end(b, i + 1, b'"'),
        b'\'' => char_or_lifetime_end(text, i),
        _ if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
            if let Some(end) = prefixed_literal_end(b, i) {
                return end;
            }
            let len = text[i..]
                .find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                .unwrap_or(text.len() - i);
            i + len.max(1)
        }
        _ => i + text[i..].chars().next().map_or(1, char::len_utf8),
    }
}

/// After the opening quote at `from - 1`: the offset past the closing `quote`, with escapes.
fn quoted_end(b: &[u8], from: usize, quote: u8) -> usize {
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            q if q == quote => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// `r"…"`, `r#"…"#`, `b"…"`, `br#"…"#`, `c"…"`, `cr"…"`, `b'x'`; `None` for an identifier.
fn prefixed_literal_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    if matches!(b[j], b'b' | b'c') {
        j += 1;
        match b.get(j) {
            Some(b'"') => return Some(quoted_end(b, j + 1, b'"')),
            Some(b'\'') if b[i] == b'b' => return Some(quoted_end(b, j + 1, b'\'')),
            _ => {}
        }
    }
    if b.get(j) != Some(&b'r') {
        return None;
    }
    j += 1;
    let hashes = b[j..].iter().take_while(|&&c| c == b'#').count();
    if b.get(j + hashes) != Some(&b'"') {
        // `r#ident`, or an identifier starting with `r`.
        return None;
    }
    let body = j + hashes + 1;
    let close: Vec<u8> = std::iter::once(b'"')
        .chain(std::iter::repeat_n(b'#', hashes))
        .collect();
    Some(
        b[body..]
            .windows(close.len())
            .position(|w| w == close.as_slice())
            .map_or(b.len(), |n| body + n + close.len()),
    )
}

/// `'x'`, `'\n'`, `'\u{1F600}'` are char literals; `'a` and `'static` are lifetimes.
fn char_or_lifetime_end(text: &str, i: usize) -> usize {
    let b = text.as_bytes();
    if b.get(i + 1) == Some(&b'\\') {
        // An escape: the literal closes at the next quote (`'\''` holds one inside).
        let from = i + 3;
        return b
            .get(from..)
            .and_then(|rest| rest.iter().take(12).position(|&c| c == b'\''))
            .map_or(i + 1, |n| from + n + 1);
    }
    match text[i + 1..].chars().next() {
        Some(ch) if b.get(i + 1 + ch.len_utf8()) == Some(&b'\'') => i + 2 + ch.len_utf8(),
        _ => i + 1,
    }
}

/// Collects the extents a suppression comment above them covers whole.
struct Extents(Vec<Extent>);

impl Extents {
    fn push(&mut self, node: &dyn Spanned, attrs: &[syn::Attribute]) {
        let span = node.span();
        let (first, last) = (span.start().line, span.end().line);
        let attrs_last = attrs
            .iter()
            .filter(|a| matches!(a.style, syn::AttrStyle::Outer))
            .map(|a| a.span().end().line)
            .max();
        if first > 0 {
            self.0.push(Extent {
                first: attrs
                    .iter()
                    .map(|a| a.span().start().line)
                    .min()
                    .map_or(first, |l| l.min(first)),
                attrs_last,
                last,
            });
        }
    }
}

/// The outer attributes of an item.
fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    use syn::Item;
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

fn impl_item_attrs(item: &syn::ImplItem) -> &[syn::Attribute] {
    use syn::ImplItem;
    match item {
        ImplItem::Const(i) => &i.attrs,
        ImplItem::Fn(i) => &i.attrs,
        ImplItem::Type(i) => &i.attrs,
        ImplItem::Macro(i) => &i.attrs,
        _ => &[],
    }
}

fn trait_item_attrs(item: &syn::TraitItem) -> &[syn::Attribute] {
    use syn::TraitItem;
    match item {
        TraitItem::Const(i) => &i.attrs,
        TraitItem::Fn(i) => &i.attrs,
        TraitItem::Type(i) => &i.attrs,
        TraitItem::Macro(i) => &i.attrs,
        _ => &[],
    }
}

impl<'ast> Visit<'ast> for Extents {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        self.push(item, item_attrs(item));
        visit::visit_item(self, item);
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        self.push(item, impl_item_attrs(item));
        visit::visit_impl_item(self, item);
    }

    fn visit_trait_item(&mut self, item: &'ast syn::TraitItem) {
        self.push(item, trait_item_attrs(item));
        visit::visit_trait_item(self, item);
    }

    fn visit_stmt(&mut self, stmt: &'ast syn::Stmt) {
        match stmt {
            // The item pushes itself, with its attributes.
            syn::Stmt::Item(_) => {}
            syn::Stmt::Local(l) => self.push(stmt, &l.attrs),
            syn::Stmt::Macro(m) => self.push(stmt, &m.attrs),
            syn::Stmt::Expr(..) => self.push(stmt, &[]),
        }
        visit::visit_stmt(self, stmt);
    }

    fn visit_field(&mut self, field: &'ast syn::Field) {
        self.push(field, &field.attrs);
        visit::visit_field(self, field);
    }

    fn visit_variant(&mut self, variant: &'ast syn::Variant) {
        self.push(variant, &variant.attrs);
        visit::visit_variant(self, variant);
    }

    fn visit_arm(&mut self, arm: &'ast syn::Arm) {
        self.push(arm, &arm.attrs);
        visit::visit_arm(self, arm);
    }

    fn visit_field_value(&mut self, field: &'ast syn::FieldValue) {
        self.push(field, &field.attrs);
        visit::visit_field_value(self, field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suppress::Scope;

    fn scopes(text: &str) -> Vec<(usize, Scope)> {
        let source = SourceText::new(text.into());
        let file = syn::parse_file(text).expect("test text parses");
        let s = scan(&source, &file);
        assert!(s.invalid.is_empty(), "{:?}", s.invalid);
        s.directives
            .iter()
            .map(|d| (d.range.start.line, d.scope))
            .collect()
    }

    fn lines(first: usize, last: usize) -> Scope {
        Scope::Lines { first, last }
    }

    #[test]
    fn the_quick_test_finds_every_spelling() {
        for text in [
            "// backend-gate:",
            "x //BACKEND_GATE",
            "Backend-Gate",
            "kbackend-gate",
        ] {
            assert!(may_have_directives(text), "{text}");
        }
        for text in ["backend gate", "backendgate", "backend-gat", "k", ""] {
            assert!(!may_have_directives(text), "{text}");
        }
    }

    #[test]
    fn comments_inside_literals_are_not_comments() {
        let text = r###"
const A: &str = "// backend-gate: allow(BG101)";
const B: &str = r#"/* " // backend-gate: allow(BG102) */"#;
const C: char = '"';
fn f<'a>(x: &'a str) -> &'a str { let _q = '\''; x } // backend-gate: allow(BG103)
const D: &[u8] = b"//"; const E: &str = "\"// backend-gate: allow(BG104)";
/* nested /* // backend-gate: allow(BG105) */ still a comment */
"###;
        assert_eq!(scopes(text), [(5, lines(5, 5))]);
    }

    #[test]
    fn own_line_comments_cover_the_item_or_statement_below() {
        let text = "\
// backend-gate: allow(BG101)
/// Docs.
#[get(\"/\")]
async fn handler() {
    // backend-gate: allow(BG103, reason = \"bounded\")
    let rows = sqlx::query(\"x\")
        .fetch_all(&pool)
        .await;
    let app = Router::new()
        // backend-gate: allow(BG705)
        .route(\"/\", get(h));
    call(); // backend-gate: allow(BG301)

    // backend-gate: allow(BG302)
    // an explanation in between
    match x {
        // backend-gate: allow(BG301)
        A => {
            y.unwrap()
        }
    }
}
";
        assert_eq!(
            scopes(text),
            [
                (1, lines(2, 22)),
                (5, lines(6, 8)),
                (10, lines(11, 11)),
                (12, lines(12, 12)),
                (14, lines(16, 21)),
                (17, lines(18, 20)),
            ]
        );
    }

    #[test]
    fn comments_among_attributes_cover_the_item() {
        let text = "\
/// Docs.
// backend-gate: allow(BG602)
#[post(\"/\")]
async fn create() {}

#[derive(Serialize)] // backend-gate: allow(BG603)
struct User {
    // backend-gate: allow(BG603)
    #[serde(rename = \"pw\")]
    password: String,
}
";
        assert_eq!(
            scopes(text),
            [(2, lines(1, 4)), (6, lines(6, 11)), (8, lines(9, 10))]
        );
    }

    #[test]
    fn file_directives_must_come_first() {
        let text = "\
#![allow(dead_code)]
// backend-gate: allow-file(BG201)
use std::fs;
// backend-gate: allow-file(BG202)
// backend-gate: allow(BG101)
";
        let source = SourceText::new(text.into());
        let file = syn::parse_file(text).expect("parses");
        let s = scan(&source, &file);
        let got: Vec<_> = s.directives.iter().map(|d| d.scope).collect();
        assert_eq!(got, [Scope::File, Scope::Nothing]);
        assert_eq!(s.invalid.len(), 1);
        assert_eq!(s.invalid[0].range.start.line, 4);
        assert!(s.invalid[0].message.contains("allow-file"));
    }

    #[test]
    fn doc_and_block_comments_are_reported() {
        let text = "\
//! backend-gate: allow-file(BG201)
/// backend-gate: allow(BG101)
fn a() {}
/* backend-gate: allow(BG101) */
fn b() {}
// backend-gate: allow(BG101) and more
fn c() {}
";
        let source = SourceText::new(text.into());
        let s = scan_unparsed(&source);
        let got: Vec<_> = s
            .invalid
            .iter()
            .map(|i| (i.range.start.line, i.range.start.column))
            .collect();
        assert_eq!(got, [(1, 1), (2, 1), (4, 1), (6, 31)]);
        assert!(s.directives.is_empty());
        assert!(s.invalid[0].message.contains("doc comment"));
        assert!(s.invalid[2].message.contains("block comment"));
    }

    #[test]
    fn positions_point_into_the_comment() {
        let text = "fn a() {} // backend-gate: allow(db-in-handler, reason = \"é\")\n";
        let source = SourceText::new(text.into());
        let s = scan_unparsed(&source);
        let d = &s.directives[0];
        assert_eq!(d.range.start.column, 14);
        assert_eq!(
            &text[d.rules[0].range.start.offset..d.rules[0].range.end.offset],
            "db-in-handler"
        );
        assert_eq!(d.reason.as_deref(), Some("é"));
    }
}
