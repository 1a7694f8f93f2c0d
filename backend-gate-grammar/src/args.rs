//! Parsing `#[endpoint(METHOD, "/path", key = value, flag, ..)]` into a validated contract, with
//! an error spanned on each offending token.

use crate::path::{path_params, PathParam};
use crate::rate_limit::RateLimit;
use crate::suggest::did_you_mean;
use crate::EndpointContract;
use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};

/// The HTTP methods an endpoint may declare, upper case.
pub const METHODS: &[&str] = &[
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT",
];

/// The keys that may follow the method and the path.
pub const KEYS: &[&str] = &[
    "auth",
    "public",
    "rate_limit",
    "summary",
    "tags",
    "deprecated",
    "version",
];

/// Keys written alone, without a value.
const FLAGS: &[&str] = &["public", "deprecated"];

/// A parsed and validated `#[endpoint(...)]`, with what the proc macro needs beyond the
/// contract: the spans to point errors at and the parsed parameters and rate limit.
#[derive(Clone, Debug)]
pub struct EndpointAttr {
    /// The declared contract.
    pub contract: EndpointContract,
    /// The path's `{param}`s, in order.
    pub params: Vec<PathParam>,
    /// The parsed `rate_limit`.
    pub rate_limit: Option<RateLimit>,
    /// Where the method is written.
    pub method_span: Span,
    /// Where the path is written.
    pub path_span: Span,
}

/// One comma-separated argument.
struct Arg {
    tokens: Vec<TokenTree>,
}

impl Arg {
    fn span(&self) -> Span {
        self.tokens
            .first()
            .map_or_else(Span::call_site, TokenTree::span)
    }

    fn str_lit(&self) -> Option<(String, Span)> {
        match &self.tokens[..] {
            [tt @ TokenTree::Literal(_)] => str_value(tt),
            _ => None,
        }
    }

    fn ident(&self) -> Option<(String, Span)> {
        match &self.tokens[..] {
            [TokenTree::Ident(i)] => Some((i.to_string(), i.span())),
            _ => None,
        }
    }
}

fn str_value(tt: &TokenTree) -> Option<(String, Span)> {
    let TokenTree::Literal(l) = tt else {
        return None;
    };
    match syn::Lit::new(l.clone()) {
        syn::Lit::Str(s) => Some((s.value(), l.span())),
        _ => None,
    }
}

fn split_args(tokens: TokenStream) -> Vec<Arg> {
    let mut out = Vec::new();
    let mut cur = Vec::new();
    for tt in tokens {
        match &tt {
            TokenTree::Punct(p) if p.as_char() == ',' => out.push(Arg {
                tokens: std::mem::take(&mut cur),
            }),
            _ => cur.push(tt),
        }
    }
    if !cur.is_empty() {
        out.push(Arg { tokens: cur });
    }
    out
}

/// The usage line every "expected" error ends with.
const USAGE: &str = "expected `#[endpoint(METHOD, \"/path\", key = value, ..)]`, \
                     e.g. `#[endpoint(GET, \"/api/v1/users/{id}\", auth = \"user\")]`";

impl EndpointAttr {
    /// Parses the tokens inside `#[endpoint(...)]`. Every error found is returned (combined),
    /// each spanned on the offending token; `call_site` is used when there is none (`#[endpoint]`
    /// or `#[endpoint()]`).
    pub fn parse(tokens: TokenStream, call_site: Span) -> syn::Result<EndpointAttr> {
        let mut errors: Vec<syn::Error> = Vec::new();
        let args = split_args(tokens);
        if let Some(empty) = args.iter().position(|a| a.tokens.is_empty()) {
            let span = args.get(empty + 1).map_or(call_site, Arg::span);
            return Err(syn::Error::new(span, format!("unexpected `,`: {USAGE}")));
        }
        let mut rest = args.iter();
        let mut contract = EndpointContract::default();
        let mut method_span = call_site;
        let path_arg;
        match rest.next() {
            None => return Err(syn::Error::new(call_site, format!("missing method and path: {USAGE}"))),
            Some(first) if matches!(first.tokens.first(), Some(TokenTree::Ident(k)) if KEYS.contains(&k.to_string().as_str())) => {
                return Err(syn::Error::new(
                    first.span(),
                    format!("expected the HTTP method first, before `{}`: {USAGE}", first.tokens[0]),
                ));
            }
            Some(first) => match (first.ident(), first.str_lit()) {
                (Some((name, span)), _) => {
                    method_span = span;
                    match method(&name) {
                        Ok(m) => contract.method = m.to_string(),
                        Err(e) => errors.push(syn::Error::new(span, e)),
                    }
                    path_arg = rest.next();
                }
                (None, Some((text, span))) if text.starts_with('/') => {
                    errors.push(syn::Error::new(span, format!(
                        "missing HTTP method before the path: write `#[endpoint(GET, \"{text}\", ..)]`"
                    )));
                    path_arg = Some(first);
                }
                (None, Some((text, span))) if method(&text).is_ok() => {
                    errors.push(syn::Error::new(
                        span,
                        format!("the method is an identifier: write `{}`, not `\"{text}\"`", text.to_ascii_uppercase()),
                    ));
                    path_arg = rest.next();
                }
                _ => {
                    return Err(syn::Error::new(
                        first.span(),
                        format!("expected the HTTP method first (GET, POST, PUT, PATCH, DELETE, ..): {USAGE}"),
                    ))
                }
            },
        }
        let mut params = Vec::new();
        let mut path_span = method_span;
        match path_arg.map(|a| (a, a.str_lit())) {
            Some((_, Some((text, span)))) => {
                path_span = span;
                match path_params(&text) {
                    Ok(p) => params = p,
                    Err(e) => errors.push(syn::Error::new(span, e)),
                }
                contract.path = text;
            }
            Some((arg, None)) => errors.push(syn::Error::new(
                arg.span(),
                format!("expected the path as a string literal after the method: {USAGE}"),
            )),
            None if errors.is_empty() => errors.push(syn::Error::new(
                method_span,
                format!("missing path after `{}`: {USAGE}", contract.method),
            )),
            None => {}
        }
        let mut seen: Vec<(String, Span)> = Vec::new();
        let mut rate_limit = None;
        for arg in rest {
            let Some(TokenTree::Ident(key)) = arg.tokens.first() else {
                errors.push(syn::Error::new(
                    arg.span(),
                    format!("expected `key = value` or a flag (`public`, `deprecated`): {USAGE}"),
                ));
                continue;
            };
            let name = key.to_string();
            let value = match &arg.tokens[1..] {
                [] => None,
                [TokenTree::Punct(eq), value @ ..] if eq.as_char() == '=' && !value.is_empty() => {
                    Some(value)
                }
                [TokenTree::Punct(eq)] if eq.as_char() == '=' => {
                    errors.push(syn::Error::new(
                        eq.span(),
                        format!("missing value after `{name} =`"),
                    ));
                    continue;
                }
                [other, ..] => {
                    errors.push(syn::Error::new(
                        other.span(),
                        format!("expected `=` or `,` after `{name}`"),
                    ));
                    continue;
                }
            };
            if !KEYS.contains(&name.as_str()) {
                errors.push(syn::Error::new(key.span(), unknown_key(&name)));
                continue;
            }
            if seen.iter().any(|(k, _)| *k == name) {
                errors.push(syn::Error::new(
                    key.span(),
                    format!(
                        "duplicate key `{name}`: it is already declared earlier in this attribute"
                    ),
                ));
                continue;
            }
            seen.push((name.clone(), key.span()));
            if let Err(e) = set_key(&mut contract, &mut rate_limit, &name, key.span(), value) {
                errors.push(e);
            }
        }
        let span_of = |k: &str| seen.iter().position(|(n, _)| n == k);
        if let (Some(a), Some(p)) = (span_of("auth"), span_of("public")) {
            let (later, span) = &seen[a.max(p)];
            let other = if later == "auth" { "public" } else { "auth" };
            errors.push(syn::Error::new(
                *span,
                format!(
                    "`{later}` contradicts `{other}`: an endpoint is either `public` (anyone may \
                     call it) or requires `auth = \"<role>\"`, not both"
                ),
            ));
        }
        crate::combine(errors)?;
        Ok(EndpointAttr {
            contract,
            params,
            rate_limit,
            method_span,
            path_span,
        })
    }

    /// Checks the contract against the handler's signature (see
    /// [`check_signature`](crate::check_signature)).
    pub fn check_signature(&self, sig: &syn::Signature) -> syn::Result<()> {
        crate::check_signature(&self.contract.method, &self.params, self.path_span, sig)
    }
}

/// The upper-case method for `name`: upper case or lower case (`get`, as actix-web and utoipa
/// write it) are accepted.
fn method(name: &str) -> Result<&'static str, String> {
    let upper = name.to_ascii_uppercase();
    match METHODS.iter().find(|m| **m == upper) {
        Some(m) if name == upper || name == upper.to_ascii_lowercase() => Ok(m),
        Some(m) => Err(format!("write the HTTP method in upper case: `{m}`")),
        None => {
            let hint = did_you_mean(name, METHODS)
                .map(|m| format!("; did you mean `{m}`?"))
                .unwrap_or_default();
            Err(format!(
                "unknown HTTP method `{name}`{hint}\nexpected one of: {}",
                METHODS.join(", ")
            ))
        }
    }
}

fn unknown_key(name: &str) -> String {
    if method(name).is_ok() {
        return format!(
            "unexpected method `{name}`: an endpoint declares one method, first; declare another \
             endpoint for another method"
        );
    }
    let hint = match did_you_mean(name, KEYS) {
        Some(k) => format!("; did you mean `{k}`?"),
        None => String::new(),
    };
    format!(
        "unknown key `{name}`{hint}\nexpected one of: {}",
        KEYS.join(", ")
    )
}

fn set_key(
    contract: &mut EndpointContract,
    rate_limit: &mut Option<RateLimit>,
    name: &str,
    span: Span,
    value: Option<&[TokenTree]>,
) -> syn::Result<()> {
    if FLAGS.contains(&name) {
        if value.is_some() {
            return Err(syn::Error::new(
                span,
                format!("`{name}` is a flag and takes no value: write `{name}`"),
            ));
        }
        match name {
            "public" => contract.public = true,
            _ => contract.deprecated = true,
        }
        return Ok(());
    }
    let example = match name {
        "auth" => "auth = \"user\"",
        "rate_limit" => "rate_limit = \"20/min\"",
        "summary" => "summary = \"Create a user\"",
        "tags" => "tags = [\"users\"]",
        _ => "version = \"v1\"",
    };
    let Some(value) = value else {
        return Err(syn::Error::new(
            span,
            format!("`{name}` needs a value: `{example}`"),
        ));
    };
    let value_span = value[0].span();
    let expected =
        |what: &str| syn::Error::new(value_span, format!("expected {what}: `{example}`"));
    let string = |value: &[TokenTree]| -> syn::Result<String> {
        let text = match value {
            [tt] => str_value(tt).map(|(s, _)| s),
            _ => None,
        }
        .ok_or_else(|| expected("a string literal"))?;
        if text.trim().is_empty() {
            return Err(syn::Error::new(
                value_span,
                format!("`{name}` cannot be empty: `{example}`"),
            ));
        }
        Ok(text)
    };
    match name {
        "auth" => contract.auth = Some(string(value)?),
        "summary" => contract.summary = Some(string(value)?),
        "rate_limit" => {
            let text = string(value)?;
            *rate_limit =
                Some(RateLimit::parse(&text).map_err(|e| syn::Error::new(value_span, e))?);
            contract.rate_limit = Some(text);
        }
        "version" => {
            contract.version = Some(match value {
                [TokenTree::Literal(l)] if matches!(syn::Lit::new(l.clone()), syn::Lit::Int(_)) => {
                    l.to_string()
                }
                _ => string(value)?,
            })
        }
        _ => contract.tags = tags(value, expected)?,
    }
    Ok(())
}

fn tags(value: &[TokenTree], expected: impl Fn(&str) -> syn::Error) -> syn::Result<Vec<String>> {
    let [TokenTree::Group(g)] = value else {
        return Err(expected("a list of string literals"));
    };
    if g.delimiter() != Delimiter::Bracket {
        return Err(expected("a list in `[..]`"));
    }
    let mut tags: Vec<String> = Vec::new();
    for arg in split_args(g.stream()) {
        let Some((tag, tag_span)) = arg.str_lit() else {
            return Err(syn::Error::new(
                arg.span(),
                "expected a string literal: `tags = [\"users\"]`",
            ));
        };
        if tag.trim().is_empty() {
            return Err(syn::Error::new(tag_span, "a tag cannot be empty"));
        }
        if tags.contains(&tag) {
            return Err(syn::Error::new(
                tag_span,
                format!("duplicate tag \"{tag}\""),
            ));
        }
        tags.push(tag);
    }
    Ok(tags)
}
