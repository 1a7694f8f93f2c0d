//! BG603 sensitive-field-serialized.

use super::sensitive_fields::{self, SecretKind, SensitiveField};
use crate::finding::Diagnostic;
use crate::rule::{Category, Confidence, Level, Preset, Rule, RuleMeta};
use crate::syntax;
use crate::walk::Cx;
use proc_macro2::TokenTree;
use syn::{Attribute, ItemStruct};

/// Metadata of BG603.
pub static META: RuleMeta = RuleMeta {
    code: "BG603",
    name: "sensitive-field-serialized",
    category: Category::Security,
    level: Level::Deny,
    preset: Preset::Recommended,
    summary: "a struct deriving `Serialize` has a field named like a password, password hash, secret, \
              token, API key, private key or salt that serde does not skip",
    why: "Whatever derives `Serialize` ends up in JSON responses, caches, queues and logs. A `User` \
          row with its `password_hash`, or a settings struct with its `client_secret`, leaks the \
          credential the first time a handler returns it as `Json(user)`; hashes are brute-forced \
          offline. The match is on the field's last word (`reset_token` fires, `token_type` does not) \
          and skips fields whose type is a number, flag, timestamp or a redacting wrapper \
          (`secrecy::SecretString`). Returning a token is the point of a login or token endpoint, so \
          token fields are allowed in types named as auth or token responses (`TokenResponse`, \
          `LoginResponse`, `AuthBody`, `Tokens`), in response types of a token or auth module \
          (`token::CreateResponse`) and in types named for returning a new token once \
          (`ApiTokenWithToken`); passwords, secrets, keys and salts never are. Encrypted or hashed \
          tokens (`encrypted_token`) are not the token. \
          Types named as requests (`LoginRequest`, `SignupForm`, `TokenRequest`, `Credentials`) \
          are not reported either: serializing them is how a client, or this service calling an \
          upstream API, sends them.",
    bad: "#[derive(Serialize, sqlx::FromRow)]\n\
          pub struct User {\n    pub id: Uuid,\n    pub email: String,\n    pub password_hash: String,\n}\n\n\
          async fn me(user: CurrentUser, State(db): State<PgPool>) -> Result<Json<User>, ApiError> {\n    \
          Ok(Json(User::find(&db, user.id).await?))\n}",
    good: "#[derive(Serialize, sqlx::FromRow)]\n\
           pub struct User {\n    pub id: Uuid,\n    pub email: String,\n    \
           #[serde(skip_serializing)]\n    pub password_hash: String,\n}",
    in_tests: false,
};

/// BG603 sensitive-field-serialized.
pub struct SensitiveFieldSerialized;

impl Rule for SensitiveFieldSerialized {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_item(&self, cx: &Cx, item: &syn::Item, out: &mut Vec<Diagnostic>) {
        let syn::Item::Struct(item) = item else {
            return;
        };
        if syntax::has_cfg_test(&item.attrs) || serializes_through_other_type(&item.attrs) {
            return;
        }
        let Some(derive) = sensitive_fields::derive_span(&item.attrs, "Serialize") else {
            return;
        };
        if is_request_type(item) {
            return;
        }
        let auth_response = is_auth_response(&item.ident.to_string(), &cx.file.module);
        for f in sensitive_fields::sensitive_fields(item) {
            if is_skipped(&f.field.attrs) || f.kind == SecretKind::Token && auth_response {
                continue;
            }
            out.push(diagnostic(item, &f, derive));
        }
    }
}

fn diagnostic(item: &ItemStruct, f: &SensitiveField, derive: proc_macro2::Span) -> Diagnostic {
    let mut help = String::from(
        "add `#[serde(skip_serializing)]` to the field, return a separate response type without it, \
         or hold it in `secrecy::SecretString`",
    );
    if f.kind == SecretKind::Token {
        help.push_str(
            "; if handing out this token is the type's purpose, name it as an auth response \
             (`TokenResponse`, `LoginResponse`)",
        );
    }
    Diagnostic::new(
        &META,
        f.ident.span(),
        format!(
            "`{}` derives `Serialize` with the sensitive field `{}`",
            item.ident, f.ident
        ),
    )
    .label(format!(
        "{} sent wherever `{}` is serialized",
        f.kind.describe(),
        item.ident
    ))
    .secondary(derive, "`Serialize` derived here")
    .help(help)
    .confidence(Confidence::Medium)
}

/// The top-level keys of `#[serde(..)]` attributes (`skip`, `rename`, `serialize_with` …).
fn serde_keys(attrs: &[Attribute]) -> Vec<String> {
    let mut keys = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let Ok(list) = attr.meta.require_list() else {
            continue;
        };
        let mut at_start = true;
        for tt in list.tokens.clone() {
            match tt {
                TokenTree::Punct(p) if p.as_char() == ',' => at_start = true,
                TokenTree::Ident(i) if at_start => {
                    keys.push(i.to_string());
                    at_start = false;
                }
                _ => at_start = false,
            }
        }
    }
    keys
}

/// `skip`/`skip_serializing` keep the field out; a `serialize_with` function is there to redact
/// or transform it (`skip_serializing_if` only skips sometimes, so it does not count).
fn is_skipped(attrs: &[Attribute]) -> bool {
    serde_keys(attrs)
        .iter()
        .any(|k| matches!(k.as_str(), "skip" | "skip_serializing" | "serialize_with"))
}

/// `#[serde(into = "PublicUser")]` serializes a different type, built by hand.
fn serializes_through_other_type(attrs: &[Attribute]) -> bool {
    serde_keys(attrs).iter().any(|k| k == "into")
}

/// Last words of types that carry a request: input to this service (`LoginRequest`,
/// `SignupForm`) or a call to another one (`TokenRequest { client_secret, .. }`).
const REQUEST_WORDS: &[&str] = &[
    "request",
    "req",
    "form",
    "input",
    "params",
    "command",
    "cmd",
    "args",
    "credentials",
];

/// Serializing a request type is how it is sent: by the client of a shared DTO crate, or by
/// this service calling an upstream API (an OAuth token exchange must send `client_secret`).
fn is_request_type(item: &ItemStruct) -> bool {
    let words = syntax::words(&item.ident.to_string());
    words
        .last()
        .is_some_and(|w| REQUEST_WORDS.contains(&w.as_str()))
}

const AUTH_WORDS: &[&str] = &[
    "token",
    "tokens",
    "login",
    "signin",
    "sign",
    "signup",
    "register",
    "registration",
    "auth",
    "authn",
    "authentication",
    "authorization",
    "authenticated",
    "oauth",
    "oauth2",
    "jwt",
    "sso",
    "session",
    "credentials",
    "refresh",
];

const RESPONSE_WORDS: &[&str] = &[
    "response", "resp", "res", "reply", "body", "output", "result", "payload", "dto", "view",
    "out", "json",
];

/// Whether a type's name says it hands tokens to the client: an auth or token word and a
/// response word (`LoginResponse`, `AuthBody`, `ClientCredentialsResponse`), or a name that
/// is the tokens themselves (`Tokens`, `AuthTokens`, `TokenPair`).
///
/// A response type of a token or auth module counts too (`token::CreateResponse`,
/// `tokens::ExchangeResponse`), and so does a type named for carrying the token once
/// (`ApiTokenWithToken`, returned when the token is created).
fn is_auth_response(name: &str, module: &str) -> bool {
    let words = syntax::words(name);
    let has = |set: &[&str]| words.iter().any(|w| set.contains(&w.as_str()));
    let last = words.last().map(String::as_str);
    let response = last.is_some_and(|l| RESPONSE_WORDS.contains(&l));
    let auth_module = module.split("::").skip(1).any(|m| AUTH_WORDS.contains(&m));
    (has(AUTH_WORDS) || auth_module) && response
        || matches!(last, Some("tokens"))
        || words.iter().any(|w| w == "token") && matches!(last, Some("pair" | "grant" | "set"))
        || words.windows(2).any(|w| w[0] == "with" && w[1] == "token")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule, check_snippet};

    #[test]
    fn database_models_returned_as_json() {
        assert_rule(
            &SensitiveFieldSerialized,
            &["axum", "serde", "sqlx"],
            r#"
use serde::{Deserialize, Serialize};
use sqlx::FromRow;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, FromRow)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub password_hash: String, // expect: BG603
    pub password_changed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub password_reset_required: bool,
    pub has_password: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(serde::Serialize)]
pub struct ApiClient {
    pub client_id: String,
    pub secret_id: Uuid,
    pub client_secret: String, // expect: BG603
    pub public_key: String,
    pub signing_key: Vec<u8>, // expect: BG603
    pub apiKey: Option<String>, // expect: BG603
    pub salt: [u8; 16], // expect: BG603
}

#[derive(Serialize, Deserialize)]
pub struct PasswordReset {
    pub user_id: Uuid,
    pub reset_token: String, // expect: BG603
    pub token_count: i32,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize)]
pub struct TwoFactor {
    pub otp_secret: String, // expect: BG603
    pub enabled: bool,
}
"#,
        );
    }

    #[test]
    fn skipped_redacted_and_not_serialized() {
        assert_rule(
            &SensitiveFieldSerialized,
            &["serde", "secrecy"],
            r#"
use secrecy::{SecretBox, SecretString};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct User {
    pub id: i64,
    #[serde(skip_serializing)]
    pub password_hash: String,
    #[serde(skip)]
    pub api_key: String,
    #[serde(rename = "otp", serialize_with = "redact")]
    pub otp_secret: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>, // expect: BG603
}

#[derive(Serialize, Deserialize)]
pub struct Settings {
    pub database_password: SecretString,
    pub signing_key: SecretBox<Vec<u8>>,
    pub jwt_secret: Option<secrecy::Secret<String>>,
    pub private_key: std::path::PathBuf,
    pub token_ttl: std::time::Duration,
    pub token_type: String,
    pub next_page_token: Option<String>,
}

// no `Serialize`: only read from requests
#[derive(Debug, Deserialize)]
pub struct ChangePassword {
    pub old_password: String,
    pub new_password: String,
}

// serialized through a public view
#[derive(Clone, Serialize)]
#[serde(into = "PublicUser")]
pub struct Account {
    pub email: String,
    pub password_hash: String,
}

// a tuple struct has no field names to go by
#[derive(Serialize)]
pub struct Wrapper(String);

#[cfg(test)]
mod tests {
    #[derive(serde::Serialize)]
    struct Fixture { password: String }
}
"#,
        );
    }

    #[test]
    fn responses_of_token_modules_and_tokens_returned_once() {
        let token_module = r#"
use serde::Serialize;
#[derive(Serialize)]
pub struct CreateResponse { pub api_token: String }
#[derive(Serialize)]
pub struct ListEntry { pub name: String, pub token: String } // expect: BG603
#[derive(Serialize)]
pub struct CreateResponseWithSecret { pub client_secret: String } // expect: BG603
"#;
        let models = r#"
use serde::Serialize;
#[derive(Serialize)]
pub struct ApiTokenWithToken { pub id: i64, pub token: String }
#[derive(Serialize)]
pub struct ApiToken { pub id: i64, pub token: String } // expect: BG603
#[derive(Serialize)]
pub struct PendingSignup { pub encrypted_token: String }
#[derive(Serialize)]
pub struct CreateResponse { pub token: String } // expect: BG603
"#;
        crate::testing::assert_rule_files(
            &SensitiveFieldSerialized,
            &["serde"],
            &[
                ("src/controllers/token.rs", token_module),
                ("src/models.rs", models),
            ],
        );
    }

    #[test]
    fn token_responses_may_carry_tokens_but_not_secrets() {
        assert_rule(
            &SensitiveFieldSerialized,
            &["axum", "serde"],
            r#"
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: u64,
    pub refresh_token: String,
    pub id_token: Option<String>,
}

#[derive(Serialize)]
pub struct AuthBody { access_token: String, token_type: String }

#[derive(Serialize)]
pub struct LoginResponse {
    pub token: String,
    pub user_id: i64,
    pub password: String, // expect: BG603
}

#[derive(Serialize)]
pub struct Tokens { pub access: String, pub refresh_token: String }

#[derive(Serialize)]
pub struct ClientCredentialsResponse {
    pub access_token: String,
    pub client_secret: String, // expect: BG603
}

// not a response: a row of the sessions table
#[derive(Serialize, sqlx::FromRow)]
pub struct Session {
    pub id: uuid::Uuid,
    pub token: String, // expect: BG603
}

#[derive(Serialize)]
pub struct SignInResponse { pub id_token: String, pub refresh_token: String }

#[derive(Serialize)]
pub struct UserResponse {
    pub username: String,
    pub token: String, // expect: BG603
}

// input types: the client serializes them to send them
#[derive(Serialize, Deserialize)]
pub struct LoginRequest { pub email: String, pub password: String }

#[derive(Serialize, Deserialize)]
pub struct SignupForm { pub email: String, pub password: String }

// an outgoing OAuth token exchange has to send the client secret
#[derive(Serialize)]
struct TokenRequest<'a> {
    grant_type: &'static str,
    code: &'a str,
    client_id: &'a str,
    client_secret: &'a str,
}
"#,
        );
    }

    #[test]
    fn feature_gated_derives_and_nested_items() {
        assert_rule(
            &SensitiveFieldSerialized,
            &["serde"],
            r#"
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Credentials { pub username: String, pub api_key: String }

#[derive(Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct WebhookConfig {
    pub url: String,
    pub secret: String, // expect: BG603
}

pub async fn handler() -> axum::Json<impl serde::Serialize> {
    #[derive(serde::Serialize)]
    struct Out { api_key: String } // expect: BG603
    axum::Json(Out { api_key: String::new() })
}
"#,
        );
    }

    #[test]
    fn points_at_the_field_and_the_derive() {
        let src = "#[derive(serde::Serialize)]\nstruct User {\n    password_hash: String,\n}\n";
        let findings = check_snippet(src, &["serde"], &[&SensitiveFieldSerialized]);
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(
            f.message,
            "`User` derives `Serialize` with the sensitive field `password_hash`"
        );
        assert_eq!((f.range.start.line, f.range.start.column), (3, 5));
        assert_eq!(f.secondary[0].range.start.line, 1);
        assert_eq!(f.confidence, Confidence::Medium);
        assert!(f.help.contains("skip_serializing"));
    }
}
