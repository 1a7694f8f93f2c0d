//! Checks of a declared contract against the handler's signature: every `{param}` is extracted,
//! and methods whose requests carry no body take no `Json` body.

use crate::path::PathParam;
use proc_macro2::Span;
use syn::{FnArg, GenericArgument, Pat, PathArguments, Signature, Type};

/// Methods whose requests have no body with a defined meaning (RFC 9110 §9.3): GET, HEAD,
/// DELETE and TRACE. OPTIONS may carry one.
pub const BODYLESS_METHODS: &[&str] = &["GET", "HEAD", "DELETE", "TRACE"];

/// What a parameter's type extracts, looking through wrappers (`Option<Path<..>>`,
/// `Valid<Json<..>>`, `WithRejection<Path<..>, E>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Extractor {
    Path,
    Json,
}

/// The extractor a type is or wraps: a path ending in `Path<..>` or `Json<..>` with a type
/// argument (`Path<Uuid>`, `axum::extract::Path<(u32, u32)>`, actix `web::Path<Info>`,
/// `axum::Json<T>`, `web::Json<T>`). `&Path` (std's) is a reference, not an extractor.
fn extractor(ty: &Type) -> Option<(Extractor, &Type)> {
    let Type::Path(tp) = ty else {
        return match ty {
            Type::Paren(p) => extractor(&p.elem),
            Type::Group(g) => extractor(&g.elem),
            _ => None,
        };
    };
    let last = tp.path.segments.last()?;
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let mut types = args.args.iter().filter_map(|a| match a {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    });
    let kind = match last.ident.to_string().as_str() {
        "Path" => Some(Extractor::Path),
        "Json" => Some(Extractor::Json),
        _ => None,
    };
    match kind {
        Some(kind) => types.next().map(|inner| (kind, inner)),
        None => types.find_map(extractor),
    }
}

/// The typed parameters of a signature, with the name they bind when it is a plain identifier.
fn typed_params(sig: &Signature) -> impl Iterator<Item = (Option<String>, &Type)> {
    sig.inputs.iter().filter_map(|input| match input {
        FnArg::Typed(pt) => {
            let name = match &*pt.pat {
                Pat::Ident(i) => Some(i.ident.to_string()),
                _ => None,
            };
            Some((name, &*pt.ty))
        }
        FnArg::Receiver(_) => None,
    })
}

/// Checks `method`/`params` against the signature. `path_span` is where the path is written
/// (errors about path parameters point there); errors about a body point at its parameter.
pub fn check_signature(
    method: &str,
    params: &[PathParam],
    path_span: Span,
    sig: &Signature,
) -> syn::Result<()> {
    let mut errors: Vec<syn::Error> = Vec::new();
    let path_extractors: Vec<(&Type, &Type)> = typed_params(sig)
        .filter_map(|(_, ty)| match extractor(ty) {
            Some((Extractor::Path, inner)) => Some((ty, inner)),
            _ => None,
        })
        .collect();
    // rocket binds a `<param>` to the fn parameter of the same name: a parameter named like a
    // path parameter extracts it.
    let bound_by_name =
        |p: &PathParam| typed_params(sig).any(|(n, _)| n.as_deref() == Some(&p.name));
    if path_extractors.is_empty() {
        if let Some(p) = params.iter().find(|p| !bound_by_name(p)) {
            let written = if p.wildcard {
                format!("{{*{}}}", p.name)
            } else {
                format!("{{{}}}", p.name)
            };
            errors.push(syn::Error::new(
                path_span,
                format!(
                    "path parameter `{written}` is never extracted: `{}` has no `Path` extractor\n\
                     help: add a parameter such as `Path({}): Path<String>` \
                     (`web::Path<..>` in actix-web)",
                    sig.ident, p.name
                ),
            ));
        }
    } else if let [(outer, Type::Tuple(t))] = path_extractors[..] {
        // A tuple extracts the parameters by position: its arity must match, or every request
        // fails at run time (axum: "wrong number of path arguments").
        if !params.is_empty() && t.elems.len() != params.len() {
            errors.push(syn::Error::new_spanned(
                outer,
                format!(
                    "`{}` extracts {} path parameter{}, but the path declares {}: {}",
                    quote_type(outer),
                    t.elems.len(),
                    if t.elems.len() == 1 { "" } else { "s" },
                    params.len(),
                    params
                        .iter()
                        .map(|p| format!("`{{{}}}`", p.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    if BODYLESS_METHODS.contains(&method) {
        for (_, ty) in typed_params(sig) {
            if let Some((Extractor::Json, _)) = extractor(ty) {
                errors.push(syn::Error::new_spanned(
                    ty,
                    format!(
                        "a {method} endpoint cannot take a JSON body: `{}`; {method} requests \
                         have no body with a defined meaning, and proxies and clients drop it\n\
                         help: read the input with `Query<..>`/`Path<..>`, or declare the \
                         endpoint POST, PUT or PATCH",
                        quote_type(ty)
                    ),
                ));
            }
        }
    }
    crate::combine(errors)
}

/// A type as the user wrote it, spaced the way rustfmt prints it (`Json<CreateUser>`,
/// `Path<(u32, String)>`, `&'a mut T`).
fn quote_type(ty: &Type) -> String {
    let mut out = String::new();
    print_tokens(quote::ToTokens::to_token_stream(ty), &mut out);
    out
}

fn print_tokens(tokens: proc_macro2::TokenStream, out: &mut String) {
    use proc_macro2::{Delimiter, TokenTree};
    let mut word_before = false;
    let mut after_comma = false;
    for tt in tokens {
        let word = matches!(tt, TokenTree::Ident(_) | TokenTree::Literal(_));
        if (word && word_before) || std::mem::take(&mut after_comma) {
            out.push(' ');
        }
        word_before = word;
        match tt {
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                print_tokens(g.stream(), out);
                out.push_str(close);
            }
            TokenTree::Punct(p) => {
                out.push(p.as_char());
                after_comma = matches!(p.as_char(), ',' | ';');
                // `'a` is a `'` glued to an ident.
                word_before = false;
            }
            other => out.push_str(&other.to_string()),
        }
    }
}
