//! Expansion of `#[endpoint]`: the fn as written, with the endpoint's registration in a
//! `const _` block at the top of its body.

use backend_gate_grammar::{EndpointAttr, RateUnit};
use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};

/// Expands `#[endpoint(args)] item`. On an error the item is emitted untouched beside the
/// errors, so uses of the fn elsewhere do not add errors of their own.
pub fn endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    match registered(args, item.clone()) {
        Ok(tokens) => tokens,
        Err(e) => {
            let errors = e.to_compile_error();
            quote!(#errors #item)
        }
    }
}

fn registered(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let func: syn::ItemFn = syn::parse2(item.clone()).map_err(|_| {
        syn::Error::new(
            Span::call_site(),
            "#[endpoint] goes on a handler fn with a body: \
             `#[endpoint(GET, \"/path\")] async fn handler(..) { .. }`",
        )
    })?;
    let attr = EndpointAttr::parse(args, Span::call_site())?;
    attr.check_signature(&func.sig)?;
    let registration = registration(&attr, &func.sig.ident);
    // The body is the item's last token; everything before it is kept token for token.
    let mut tokens: Vec<TokenTree> = item.into_iter().collect();
    match tokens.pop() {
        Some(TokenTree::Group(body)) if body.delimiter() == Delimiter::Brace => {
            let inner = body.stream();
            let mut new_body = Group::new(Delimiter::Brace, quote!(#registration #inner));
            new_body.set_span(body.span());
            tokens.push(TokenTree::Group(new_body));
            Ok(tokens.into_iter().collect())
        }
        _ => Err(syn::Error::new(
            Span::call_site(),
            "#[endpoint] goes on a fn with a body",
        )),
    }
}

fn registration(attr: &EndpointAttr, ident: &Ident) -> TokenStream {
    let c = &attr.contract;
    let method = Ident::new(&variant(&c.method), attr.method_span);
    let path = &c.path;
    let handler = ident.to_string();
    let opt = |v: &Option<String>| match v {
        Some(s) => quote!(::core::option::Option::Some(#s)),
        None => quote!(::core::option::Option::None),
    };
    let auth = opt(&c.auth);
    let summary = opt(&c.summary);
    let version = opt(&c.version);
    let public = c.public;
    let deprecated = c.deprecated;
    let tags = &c.tags;
    let rate_limit = match attr.rate_limit {
        Some(r) => {
            let requests = r.requests;
            let secs = match r.unit {
                RateUnit::Second => 1u64,
                RateUnit::Minute => 60,
                RateUnit::Hour => 3_600,
                RateUnit::Day => 86_400,
            };
            quote!(::core::option::Option::Some(::backend_gate::RateLimit {
                requests: #requests,
                per: ::core::time::Duration::from_secs(#secs),
            }))
        }
        None => quote!(::core::option::Option::None),
    };
    // `line!()` spanned on the fn's name reports the line of the name, where rustc points too.
    let line = quote_spanned!(ident.span()=> ::core::line!());
    quote! {
        const _: () = {
            ::backend_gate::__private::inventory::submit! {
                ::backend_gate::__private::endpoint(
                    ::backend_gate::Method::#method,
                    #path,
                    #handler,
                    ::core::module_path!(),
                    ::core::file!(),
                    #line,
                    #auth,
                    #public,
                    #rate_limit,
                    #summary,
                    &[#(#tags),*],
                    #deprecated,
                    #version,
                )
            }
        };
    }
}

/// `GET` → `Get`: the `backend_gate::Method` variant.
fn variant(method: &str) -> String {
    let mut out = String::with_capacity(method.len());
    for (i, c) in method.chars().enumerate() {
        out.push(if i == 0 { c } else { c.to_ascii_lowercase() });
    }
    out
}
