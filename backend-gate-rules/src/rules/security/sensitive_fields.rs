//! Which struct fields hold secret material, shared by BG603 (serialized) and BG604 (debug).
//!
//! The match is on the field name's words: the *last* word must be the sensitive noun, so
//! `reset_token` and `password_hash` are secrets while `token_type`, `password_changed_at` and
//! `secret_id` only talk about one. The field's type can overrule the name: numbers, flags and
//! timestamps are not secret material, and redacting wrappers (`secrecy::SecretString`) already
//! keep the value out of output.

use crate::syntax;
use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::{Attribute, Field, Ident, ItemStruct, Type};

/// What a sensitive field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    /// A password, passphrase or password hash.
    Password,
    /// A shared secret (`client_secret`, `otp_secret`, `jwt_secret`).
    Secret,
    /// A bearer credential (`access_token`, `reset_token`).
    Token,
    /// Key material (`api_key`, `private_key`, `signing_key`).
    Key,
    /// A password salt.
    Salt,
}

impl SecretKind {
    /// How the kind is named in messages.
    pub fn describe(self) -> &'static str {
        match self {
            SecretKind::Password => "a password",
            SecretKind::Secret => "a secret",
            SecretKind::Token => "a token",
            SecretKind::Key => "key material",
            SecretKind::Salt => "a password salt",
        }
    }
}

/// A named field whose name and type say it holds secret material.
pub struct SensitiveField<'a> {
    /// The field.
    pub field: &'a Field,
    /// Its name.
    pub ident: &'a Ident,
    /// What it holds.
    pub kind: SecretKind,
}

/// Words after the noun that still denote the material itself (`private_key_pem`, `token_bytes`).
const ENCODING_SUFFIXES: &[&str] = &[
    "pem", "der", "bytes", "b64", "base64", "hex", "str", "string",
];

/// First words that make the name a predicate about a secret (`has_password`, `is_token_valid`).
const PREDICATE_PREFIXES: &[&str] = &[
    "has", "is", "needs", "requires", "require", "should", "can", "must",
];

/// Tokens that are meant to reach the client or are not credentials at all: CSRF tokens are
/// embedded in pages on purpose, pagination tokens are cursors, cancellation tokens are handles.
const NON_SECRET_TOKENS: &[&str] = &[
    // Stored protected: the value is not the token itself.
    "encrypted",
    "hashed",
    "csrf",
    "xsrf",
    "page",
    "next",
    "continuation",
    "pagination",
    "cursor",
    "sync",
    "resume",
    "cancel",
    "cancellation",
];

/// What precedes `key` when it names key material (`public_key`, `cache_key` are not secret);
/// `secret` or `private` anywhere before it also does (`secret_access_key`).
const SECRET_KEY_QUALIFIERS: &[&str] = &[
    "api",
    "private",
    "signing",
    "secret",
    "encryption",
    "master",
    "hmac",
];

/// Classifies a field name by its words; `None` when it does not name secret material.
pub fn secret_kind(name: &str) -> Option<SecretKind> {
    let words = syntax::words(name);
    if words
        .first()
        .is_some_and(|w| PREDICATE_PREFIXES.contains(&w.as_str()))
    {
        return None;
    }
    let mut words: Vec<&str> = words.iter().map(String::as_str).collect();
    if words.len() > 1 && words.last().is_some_and(|w| ENCODING_SUFFIXES.contains(w)) {
        words.pop();
    }
    let (&noun, before) = words.split_last()?;
    let qualifier = before.last().copied();
    match noun {
        "password" | "passwd" | "passphrase" => Some(SecretKind::Password),
        "hash" | "digest" | "confirmation" | "confirm"
            if matches!(qualifier, Some("password" | "passwd" | "passphrase")) =>
        {
            Some(SecretKind::Password)
        }
        "secret" => Some(SecretKind::Secret),
        "token" if !qualifier.is_some_and(|q| NON_SECRET_TOKENS.contains(&q)) => {
            Some(SecretKind::Token)
        }
        "apikey" | "privkey" => Some(SecretKind::Key),
        "key"
            if qualifier.is_some_and(|q| SECRET_KEY_QUALIFIERS.contains(&q))
                || before.iter().any(|w| matches!(*w, "secret" | "private")) =>
        {
            Some(SecretKind::Key)
        }
        "salt" => Some(SecretKind::Salt),
        _ => None,
    }
}

/// Type names that cannot hold secret material: numbers, flags, instants and durations,
/// file paths (a `private_key: PathBuf` says where the key is, not what it is), and handles.
const NON_SECRET_TYPES: &[&str] = &[
    "bool",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
    "f32",
    "f64",
    "DateTime",
    "NaiveDateTime",
    "NaiveDate",
    "NaiveTime",
    "OffsetDateTime",
    "PrimitiveDateTime",
    "UtcDateTime",
    "Date",
    "Time",
    "Timestamp",
    "Zoned",
    "SystemTime",
    "Instant",
    "Duration",
    "PathBuf",
    "Path",
    "Utf8PathBuf",
    "Utf8Path",
    "CancellationToken",
    "PhantomData",
];

/// Type name prefixes of wrappers that redact their content in `Debug` and refuse (or
/// explicitly opt in to) serialization: `secrecy::SecretString`, `Secret<T>`, `SecretBox<T>`,
/// `Redacted<T>`, `Masked<T>`, `Sensitive<T>`.
const REDACTING_PREFIXES: &[&str] = &["Secret", "Redacted", "Masked", "Sensitive"];

/// Containers looked through to the type they hold.
const TRANSPARENT_CONTAINERS: &[&str] = &["Option", "Box", "Arc", "Rc", "Cow"];

/// Whether the field's type shows it does not hold readable secret material.
pub fn is_non_secret_type(ty: &Type) -> bool {
    let inner = peel_containers(ty);
    let name = syntax::type_name(inner);
    NON_SECRET_TYPES.contains(&name.as_str())
        || name.starts_with("NonZero")
        || name.starts_with("Atomic")
        || REDACTING_PREFIXES.iter().any(|p| name.starts_with(p))
        || matches!(inner, Type::Tuple(t) if t.elems.is_empty())
}

fn peel_containers(mut ty: &Type) -> &Type {
    loop {
        let next = match ty {
            Type::Reference(r) => Some(&*r.elem),
            Type::Paren(p) => Some(&*p.elem),
            Type::Group(g) => Some(&*g.elem),
            Type::Path(p) => p.path.segments.last().and_then(|seg| {
                if !TRANSPARENT_CONTAINERS.contains(&seg.ident.to_string().as_str()) {
                    return None;
                }
                let syn::PathArguments::AngleBracketed(args) = &seg.arguments else {
                    return None;
                };
                args.args.iter().find_map(|a| match a {
                    syn::GenericArgument::Type(t) => Some(t),
                    _ => None,
                })
            }),
            _ => None,
        };
        match next {
            Some(next) => ty = next,
            None => return ty,
        }
    }
}

/// The named fields of `item` that hold secret material, by name and type.
pub fn sensitive_fields(item: &ItemStruct) -> impl Iterator<Item = SensitiveField<'_>> {
    item.fields.iter().filter_map(|field| {
        let ident = field.ident.as_ref()?;
        let name = syn::ext::IdentExt::unraw(ident).to_string();
        let kind = secret_kind(&name)?;
        if is_non_secret_type(&field.ty) {
            return None;
        }
        Some(SensitiveField { field, ident, kind })
    })
}

/// Where `name` is derived: in `#[derive(..)]`, or in `#[cfg_attr(feature = "serde", derive(..))]`
/// as libraries often gate serde.
pub fn derive_span(attrs: &[Attribute], name: &str) -> Option<Span> {
    syntax::derive_span(attrs, name).or_else(|| {
        attrs
            .iter()
            .filter(|a| a.path().is_ident("cfg_attr"))
            .find_map(|a| {
                let metas = a
                    .parse_args_with(Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
                    .ok()?;
                metas.iter().skip(1).find_map(|meta| {
                    let list = meta
                        .require_list()
                        .ok()
                        .filter(|l| l.path.is_ident("derive"))?;
                    let paths = list
                        .parse_args_with(Punctuated::<syn::Path, syn::Token![,]>::parse_terminated)
                        .ok()?;
                    paths
                        .iter()
                        .find(|p| syntax::last_ident(p) == name)
                        .map(syn::spanned::Spanned::span)
                })
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_word_is_the_noun() {
        for name in [
            "password",
            "password_hash",
            "hashed_password",
            "passwordHash",
            "passwd",
            "secret",
            "client_secret",
            "otp_secret",
            "token",
            "access_token",
            "refreshToken",
            "reset_token",
            "api_key",
            "apiKey",
            "apikey",
            "private_key",
            "private_key_pem",
            "signing_key",
            "secret_key",
            "aws_secret_access_key",
            "password_confirmation",
            "salt",
        ] {
            assert!(secret_kind(name).is_some(), "{name} should be sensitive");
        }
        for name in [
            "token_type",
            "password_changed_at",
            "secret_id",
            "token_count",
            "public_key",
            "has_password",
            "password_reset_required",
            "is_secret",
            "csrf_token",
            "next_page_token",
            "cancellation_token",
            "cache_key",
            "key",
            "token_hash_algorithm",
            "salt_rounds",
        ] {
            assert!(
                secret_kind(name).is_none(),
                "{name} should not be sensitive"
            );
        }
        assert_eq!(secret_kind("password_hash"), Some(SecretKind::Password));
        assert_eq!(secret_kind("api_key"), Some(SecretKind::Key));
        assert_eq!(secret_kind("id_token"), Some(SecretKind::Token));
    }

    #[test]
    fn types_can_overrule_names() {
        let non_secret: [Type; 7] = [
            syn::parse_quote!(bool),
            syn::parse_quote!(Option<i64>),
            syn::parse_quote!(Option<DateTime<Utc>>),
            syn::parse_quote!(secrecy::SecretString),
            syn::parse_quote!(Option<Secret<String>>),
            syn::parse_quote!(std::path::PathBuf),
            syn::parse_quote!(Redacted<String>),
        ];
        for ty in &non_secret {
            assert!(is_non_secret_type(ty), "{}", quote::quote!(#ty));
        }
        let secret: [Type; 5] = [
            syn::parse_quote!(String),
            syn::parse_quote!(Option<String>),
            syn::parse_quote!(Vec<u8>),
            syn::parse_quote!(&'a str),
            syn::parse_quote!(Uuid),
        ];
        for ty in &secret {
            assert!(!is_non_secret_type(ty), "{}", quote::quote!(#ty));
        }
    }

    #[test]
    fn finds_derives_behind_cfg_attr() {
        let item: ItemStruct = syn::parse_quote! {
            #[cfg_attr(feature = "serde", derive(serde::Serialize))]
            struct A { token: String }
        };
        assert!(derive_span(&item.attrs, "Serialize").is_some());
        assert!(derive_span(&item.attrs, "Debug").is_none());
    }
}
