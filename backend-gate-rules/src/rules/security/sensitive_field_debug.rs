//! BG604 sensitive-field-debug.

use super::sensitive_fields;
use crate::finding::Diagnostic;
use crate::rule::{Category, Confidence, Level, Preset, Rule, RuleMeta};
use crate::syntax;
use crate::walk::Cx;
use syn::Attribute;

/// Metadata of BG604.
pub static META: RuleMeta = RuleMeta {
    code: "BG604",
    name: "sensitive-field-debug",
    category: Category::Security,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "a struct deriving `Debug` has a field named like a password, password hash, secret, \
              token, API key, private key or salt, so `{:?}` prints it",
    why: "A derived `Debug` prints every field. Structs are formatted with `{:?}` far more often than \
          anyone checks: `tracing::info!(?config)`, `#[instrument]` recording a handler's arguments, \
          `.expect()` and `dbg!` messages, error reports. A password, token or key in one of those \
          fields lands in log files and log pipelines that many more people can read than the \
          secret store. The match is the same as BG603's (the field's last word, skipping numbers, \
          flags, timestamps and redacting wrappers), without its exemption for token responses: \
          tokens in logs are as bad as passwords.",
    bad: "#[derive(Debug, Deserialize)]\n\
          pub struct DatabaseConfig {\n    pub host: String,\n    pub user: String,\n    pub password: String,\n}\n\n\
          tracing::info!(?config, \"starting\");",
    good: "#[derive(Debug, Deserialize)]\n\
           pub struct DatabaseConfig {\n    pub host: String,\n    pub user: String,\n    \
           pub password: secrecy::SecretString, // prints `[REDACTED]`\n}",
    in_tests: false,
};

/// BG604 sensitive-field-debug.
pub struct SensitiveFieldDebug;

const HELP: &str = "implement `Debug` by hand and print the field as `\"[redacted]\"` \
                    (or `finish_non_exhaustive()`), or hold it in `secrecy::SecretString`";

impl Rule for SensitiveFieldDebug {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_item(&self, _cx: &Cx, item: &syn::Item, out: &mut Vec<Diagnostic>) {
        let syn::Item::Struct(item) = item else {
            return;
        };
        if syntax::has_cfg_test(&item.attrs) {
            return;
        }
        let Some(derive) = sensitive_fields::derive_span(&item.attrs, "Debug") else {
            return;
        };
        for f in sensitive_fields::sensitive_fields(item) {
            if has_custom_debug(&f.field.attrs) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &META,
                    f.ident.span(),
                    format!(
                        "`{}` derives `Debug` with the sensitive field `{}`",
                        item.ident, f.ident
                    ),
                )
                .label(format!(
                    "{} printed in full by `{{:?}}` and in logs",
                    f.kind.describe()
                ))
                .secondary(derive, "`Debug` derived here")
                .help(HELP)
                .confidence(Confidence::Medium),
            );
        }
    }
}

/// Field attributes of `Debug` derives that format fields their own way: derive_more's
/// `#[debug(skip)]`/`#[debug("***")]`, educe's `#[educe(Debug(ignore))]`, derivative's
/// `#[derivative(Debug = "ignore")]`.
fn has_custom_debug(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        let path = a.path();
        path.is_ident("debug")
            || (path.is_ident("educe") || path.is_ident("derivative"))
                && a.meta
                    .require_list()
                    .is_ok_and(|l| l.tokens.to_string().contains("Debug"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule, check_snippet};

    #[test]
    fn configs_and_models_with_secrets() {
        assert_rule(
            &SensitiveFieldDebug,
            &["serde", "sqlx", "tracing"],
            r#"
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct DatabaseSettings {
    pub host: String,
    pub port: u16,
    pub username: String,
    pub password: String, // expect: BG604
    pub require_ssl: bool,
}

#[derive(Debug, Deserialize)]
pub struct AuthSettings {
    pub jwt_secret: String, // expect: BG604
    pub jwt_expiry_secs: i64,
    pub token_ttl: std::time::Duration,
    pub public_key: String,
    pub private_key_pem: Vec<u8>, // expect: BG604
}

#[derive(Debug, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub password_hash: String, // expect: BG604
    pub password_changed_at: Option<chrono::NaiveDateTime>,
    pub has_password: bool,
}

// tokens in logs are bad even in a token response
#[derive(Debug, serde::Serialize)]
pub struct TokenResponse {
    pub access_token: String, // expect: BG604
    pub token_type: String,
    pub expires_in: u64,
}

#[derive(std::fmt::Debug, Deserialize)]
pub struct LoginRequest {
    pub email: String,
    pub password: String, // expect: BG604
}
"#,
        );
    }

    #[test]
    fn redacted_or_hand_written_debug() {
        assert_rule(
            &SensitiveFieldDebug,
            &["serde", "secrecy", "derive_more"],
            r#"
use secrecy::SecretString;
use std::fmt;

#[derive(Debug, serde::Deserialize)]
pub struct DatabaseSettings {
    pub username: String,
    pub password: SecretString,
    pub api_key: Option<secrecy::SecretBox<str>>,
    pub tls_private_key: std::path::PathBuf,
    pub password_min_length: usize,
}

// hand-written Debug that redacts
pub struct Credentials {
    pub username: String,
    pub password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"[redacted]")
            .finish()
    }
}

#[derive(derive_more::Debug)]
pub struct ApiClient {
    base_url: String,
    #[debug(skip)]
    api_key: String,
}

// no Debug at all
#[derive(Clone, serde::Serialize)]
pub struct Row { pub password_hash: String }

#[derive(Debug)]
pub struct Worker {
    pub cancellation_token: tokio_util::sync::CancellationToken,
    pub shutdown_token: tokio_util::sync::CancellationToken,
    pub next_page_token: Option<String>,
}

#[cfg(test)]
mod tests {
    #[derive(Debug)]
    struct Fixture { token: String }
}
"#,
        );
    }

    #[test]
    fn points_at_the_field_and_the_derive() {
        let src = "#[derive(Clone, Debug)]\npub struct Config {\n    pub api_key: String,\n}\n";
        let findings = check_snippet(src, &[], &[&SensitiveFieldDebug]);
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(
            f.message,
            "`Config` derives `Debug` with the sensitive field `api_key`"
        );
        assert_eq!((f.range.start.line, f.range.start.column), (3, 9));
        assert_eq!(f.secondary[0].range.start.line, 1);
        assert_eq!(f.level, Level::Warn);
    }
}
