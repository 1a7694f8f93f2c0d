//! Small questions about syntax that several rules ask.

use crate::walk::MacroArgs;
use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, Lit};

/// Methods that append to a string or query builder held in a local binding.
pub const APPEND_METHODS: &[&str] = &["push_str", "push", "insert_str", "extend", "write_str"];

/// The last segment of a path, as a string.
pub fn last_ident(path: &syn::Path) -> String {
    path.segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

/// The span of a method call from the method name to its closing parenthesis (`.allow_origin(Any)`
/// in a long chain), where the whole expression's span would start at the chain's receiver.
pub fn method_span(m: &syn::ExprMethodCall) -> Span {
    let close = m.paren_token.span.close();
    m.method.span().join(close).unwrap_or(close)
}

/// The span to report for an expression: method calls point at their method.
pub fn report_span(expr: &Expr) -> Span {
    match expr {
        Expr::MethodCall(m) => method_span(m),
        _ => syn::spanned::Spanned::span(expr),
    }
}

/// The last `n` segments of a path (`http::StatusCode::CREATED`, 2 → `["StatusCode", "CREATED"]`).
pub fn path_tail(path: &syn::Path, n: usize) -> Vec<String> {
    let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    segs[segs.len().saturating_sub(n)..].to_vec()
}

/// Whether `expr` is a path whose last segment is `name` (`drop`, `std::mem::drop`).
pub fn is_path_named(expr: &Expr, name: &str) -> bool {
    matches!(expr, Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == name))
}

/// Whether `expr` is a path whose last segment is one of `names`.
pub fn is_path_named_any(expr: &Expr, names: &[&str]) -> bool {
    names.iter().any(|n| is_path_named(expr, n))
}

/// The name of a single-segment path expression (a local variable, usually).
pub fn ident_of(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Path(p) if p.qself.is_none() => p.path.get_ident().map(ToString::to_string),
        _ => None,
    }
}

/// Strips `&`, `&mut`, parentheses and invisible groups.
pub fn peel_refs(mut expr: &Expr) -> &Expr {
    loop {
        expr = match expr {
            Expr::Reference(r) => &r.expr,
            Expr::Paren(p) => &p.expr,
            Expr::Group(g) => &g.expr,
            _ => return expr,
        };
    }
}

/// Strips references and conversions that keep a string's content (`.as_str()`, `.to_string()`,
/// `.into()`, `String::from(..)`, `.clone()` …).
pub fn peel_string_conversions(mut expr: &Expr) -> &Expr {
    loop {
        expr = peel_refs(expr);
        expr = match expr {
            Expr::MethodCall(m)
                if m.args.is_empty()
                    && matches!(
                        m.method.to_string().as_str(),
                        "as_str"
                            | "as_ref"
                            | "to_string"
                            | "to_owned"
                            | "into"
                            | "clone"
                            | "as_bytes"
                            | "borrow"
                            | "deref"
                    ) =>
            {
                &m.receiver
            }
            Expr::Call(c)
                if c.args.len() == 1
                    && matches!(&*c.func, Expr::Path(p) if {
                        let segs: Vec<_> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
                        matches!(segs.iter().map(String::as_str).collect::<Vec<_>>()[..], [.., "String" | "Cow" | "Box", "from" | "new" | "Borrowed" | "Owned"] | ["Some"])
                    }) =>
            {
                &c.args[0]
            }
            _ => return expr,
        };
    }
}

/// The string literal `expr` is (through references and string conversions), with its span.
pub fn string_lit(expr: &Expr) -> Option<(String, Span)> {
    match peel_string_conversions(expr) {
        Expr::Lit(l) => match &l.lit {
            Lit::Str(s) => Some((s.value(), s.span())),
            _ => None,
        },
        _ => None,
    }
}

/// Parses a macro's body as comma-separated expressions (`format!`, `vec![..]`, `query!` …).
pub fn macro_args(mac: &syn::Macro) -> Option<MacroArgs> {
    if mac.tokens.is_empty() {
        return Some(Punctuated::new());
    }
    // Parsing clones the tokens and a failure builds an error: skip bodies that cannot be
    // comma-separated expressions (`vec![0; n]`, `select! { a => .. }`, tracing's `%field`,
    // `json!({ .. })`).
    let mut prev_eq = false;
    for tt in mac.tokens.clone() {
        match &tt {
            proc_macro2::TokenTree::Punct(p) => {
                let c = p.as_char();
                if c == ';' || c == '%' || (prev_eq && c == '>') {
                    return None;
                }
                prev_eq = c == '=' && p.spacing() == proc_macro2::Spacing::Joint;
            }
            proc_macro2::TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Brace => {
                return None
            }
            _ => prev_eq = false,
        }
    }
    mac.parse_body_with(Punctuated::parse_terminated).ok()
}

/// Whether the attributes mark a test function (`#[test]`, `#[tokio::test]`, `#[sqlx::test]`,
/// `#[rstest]`, `#[test_case(..)]` …) or `#[cfg(test)]`.
pub fn has_test_attr(attrs: &[Attribute]) -> bool {
    has_cfg_test(attrs)
        || attrs.iter().any(|a| {
            let name = last_ident(a.path());
            matches!(
                name.as_str(),
                "test" | "rstest" | "test_case" | "quickcheck"
            )
        })
}

/// Whether a module is named as test code (`tests`, `test`, `endpoints_test`): such modules
/// hold test helpers even when their `mod` item lacks `#[cfg(test)]`.
pub fn is_test_module(name: &syn::Ident) -> bool {
    let name = name.to_string();
    name == "tests" || name == "test" || name.ends_with("_test") || name.ends_with("_tests")
}

/// Whether the attributes include `#[cfg(test)]` (also inside `all(..)`/`any(..)`, not `not(..)`).
pub fn has_cfg_test(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        if !a.path().is_ident("cfg") {
            return false;
        }
        let Ok(list) = a.meta.require_list() else {
            return false;
        };
        cfg_mentions_test(list.tokens.clone())
    })
}

fn cfg_mentions_test(tokens: proc_macro2::TokenStream) -> bool {
    let mut iter = tokens.into_iter().peekable();
    while let Some(tt) = iter.next() {
        match tt {
            proc_macro2::TokenTree::Ident(i) if i == "test" => return true,
            proc_macro2::TokenTree::Ident(i) if i == "not" => {
                iter.next();
            }
            proc_macro2::TokenTree::Group(g) if cfg_mentions_test(g.stream()) => return true,
            _ => {}
        }
    }
    false
}

/// The value of `#[path = ".."]`.
pub fn path_attr(attrs: &[Attribute]) -> Option<String> {
    attrs.iter().find_map(|a| {
        let nv = a.meta.require_name_value().ok()?;
        if !nv.path.is_ident("path") {
            return None;
        }
        match &nv.value {
            Expr::Lit(l) => match &l.lit {
                Lit::Str(s) => Some(s.value()),
                _ => None,
            },
            _ => None,
        }
    })
}

/// The name of a type: the last segment of a path type, through references.
pub fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => last_ident(&p.path),
        syn::Type::Reference(r) => type_name(&r.elem),
        syn::Type::Paren(p) => type_name(&p.elem),
        syn::Type::Group(g) => type_name(&g.elem),
        _ => String::new(),
    }
}

/// Whether a derive attribute lists `name` (as `Name` or `path::Name`).
pub fn derives(attrs: &[Attribute], name: &str) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|a| {
            a.parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
                .is_ok_and(|paths| paths.iter().any(|p| last_ident(p) == name))
        })
}

/// The derive attribute that lists `name`, for pointing at it.
pub fn derive_span(attrs: &[Attribute], name: &str) -> Option<Span> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .find_map(|a| {
            let paths = a
                .parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
                .ok()?;
            paths
                .iter()
                .find(|p| last_ident(p) == name)
                .map(syn::spanned::Spanned::span)
        })
}

/// Splits an identifier into lower-case words (`jwtSecret`, `JWT_SECRET`, `jwt_secret` → `jwt`, `secret`).
pub fn words(ident: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = ident.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '_' || c == '-' || c == '.' || c == ' ' {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let boundary = c.is_uppercase()
            && i > 0
            && (chars[i - 1].is_lowercase()
                || chars[i - 1].is_ascii_digit()
                || chars.get(i + 1).is_some_and(|n| n.is_lowercase())
                    && chars[i - 1].is_uppercase());
        if boundary && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// Whether a format string (`format!`, `write!` …) interpolates values: it has `{name}`
/// captures or positional `{}`/`{0}` holes (escaped `{{` excluded).
pub fn format_holes(template: &str) -> Vec<String> {
    let mut holes = Vec::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
            }
            '{' => {
                let mut inner = String::new();
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    inner.push(c);
                }
                let name = inner.split(':').next().unwrap_or("").trim().to_string();
                holes.push(name);
            }
            _ => {}
        }
    }
    holes
}

/// The value a block evaluates to (its tail expression).
pub fn block_value(block: &syn::Block) -> Option<&syn::Expr> {
    match block.stmts.last()? {
        syn::Stmt::Expr(e, None) => Some(e),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_identifiers_into_words() {
        assert_eq!(words("jwtSecret"), ["jwt", "secret"]);
        assert_eq!(words("JWT_SECRET"), ["jwt", "secret"]);
        assert_eq!(words("APIKey"), ["api", "key"]);
        assert_eq!(words("password_hash"), ["password", "hash"]);
    }

    #[test]
    fn finds_format_holes() {
        assert_eq!(format_holes("a {} b {name:?} {{x}} {0}"), ["", "name", "0"]);
        assert!(format_holes("no holes {{}}").is_empty());
    }

    #[test]
    fn recognises_test_attributes() {
        let f: syn::ItemFn = syn::parse_quote!(
            #[tokio::test]
            async fn t() {}
        );
        assert!(has_test_attr(&f.attrs));
        let m: syn::ItemMod = syn::parse_quote!(
            #[cfg(all(test, feature = "x"))]
            mod t {}
        );
        assert!(has_cfg_test(&m.attrs));
        let m: syn::ItemMod = syn::parse_quote!(
            #[cfg(not(test))]
            mod t {}
        );
        assert!(!has_cfg_test(&m.attrs));
    }
}
