//! BG608 tls-verification-disabled.

use crate::finding::Diagnostic;
use crate::rule::{Category, Confidence, Level, Preset, Rule, RuleMeta};
use crate::syntax;
use crate::walk::Cx;
use syn::{Expr, ExprMethodCall, Lit};

/// Metadata of BG608.
pub static META: RuleMeta = RuleMeta {
    code: "BG608",
    name: "tls-verification-disabled",
    category: Category::Security,
    level: Level::Deny,
    preset: Preset::Recommended,
    summary: "certificate or host name verification of TLS connections turned off: `danger_accept_invalid_certs(true)`, \
              `danger_accept_invalid_hostnames(true)`, a rustls `dangerous()` custom certificate \
              verifier, openssl `set_verify(SslVerifyMode::NONE)`",
    why: "TLS without verification still encrypts, but to whoever answers: anyone on the network \
          path (a compromised router, a cloud neighbour, a hostile Wi-Fi) can present their own \
          certificate and read and change the traffic, including the credentials and tokens sent \
          to the upstream API or database. Such switches are added to get past a self-signed \
          certificate in development and then ship.",
    bad: "let client = reqwest::Client::builder()\n    .danger_accept_invalid_certs(true)\n    .build()?;",
    good: "let ca = reqwest::Certificate::from_pem(&std::fs::read(&cfg.internal_ca_path)?)?;\n\
           let client = reqwest::Client::builder()\n    .add_root_certificate(ca)\n    .build()?;",
    in_tests: false,
};

/// BG608 tls-verification-disabled.
pub struct TlsVerificationDisabled;

const CERTS_HELP: &str = "remove it; to trust a private or self-signed CA, add its certificate as a root \
                          (reqwest `.add_root_certificate(Certificate::from_pem(&pem)?)`, native-tls \
                          `.add_root_certificate(..)`)";

const HOSTNAMES_HELP: &str =
    "remove it; connect with the host name the certificate was issued for, or \
                              issue a certificate that names the host you connect to";

const RUSTLS_HELP: &str = "use rustls's own verification with the CA you trust \
                           (`.with_root_certificates(roots)`, or `rustls-platform-verifier`); if this \
                           verifier does verify (certificate pinning), suppress with a reason";

const OPENSSL_HELP: &str = "use `SslVerifyMode::PEER` and trust your CA with `set_ca_file(..)`";

/// Rustls crates, and crates re-exporting rustls, whose `dangerous()` is the rustls one.
const RUSTLS_CRATES: &[&str] = &[
    "rustls",
    "tokio_rustls",
    "hyper_rustls",
    "quinn",
    "rustls_platform_verifier",
];

/// Words of verifier type names that say they accept any certificate.
const NO_VERIFY_WORDS: &[&str] = &[
    "no",
    "none",
    "noop",
    "null",
    "skip",
    "insecure",
    "danger",
    "dangerous",
    "dummy",
    "fake",
    "accept",
    "trust",
    "allow",
    "disabled",
    "unsafe",
    "blind",
    "permissive",
];

impl Rule for TlsVerificationDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_expr(&self, cx: &Cx, expr: &Expr, out: &mut Vec<Diagnostic>) {
        let Expr::MethodCall(m) = expr else { return };
        let method = m.method.to_string();
        match method.as_str() {
            // reqwest, native-tls, tokio-native-tls (danger_*) and lettre (dangerous_*)
            "danger_accept_invalid_certs" | "dangerous_accept_invalid_certs" if only_arg_is(m, true) => {
                out.push(simple(expr, &method, "any certificate accepted", CERTS_HELP, "true"))
            }
            "danger_accept_invalid_hostnames" | "dangerous_accept_invalid_hostnames" if only_arg_is(m, true) => {
                out.push(simple(
                    expr,
                    &method,
                    "a certificate for any host accepted",
                    HOSTNAMES_HELP,
                    "true",
                ))
            }
            // curl
            "ssl_verify_peer" | "ssl_verify_host" if only_arg_is(m, false) => out.push(simple(
                expr,
                &method,
                "server not verified",
                "remove it: curl verifies the peer and host by default; trust a private CA with `.cainfo(path)`",
                "false",
            )),
            "set_verify" | "set_verify_callback" if m.args.first().is_some_and(|a| is_verify_none(cx, a)) => {
                out.push(
                    Diagnostic::new(
                        &META,
                        syntax::report_span(expr),
                        format!("`{method}(SslVerifyMode::NONE)` turns off certificate verification"),
                    )
                    .label("peer certificate not checked")
                    .help(OPENSSL_HELP),
                )
            }
            "set_certificate_verifier" | "with_custom_certificate_verifier" if m.args.len() == 1 => {
                if let Some(d) = custom_verifier(cx, m) {
                    out.push(d);
                }
            }
            _ => {}
        }
    }
}

fn simple(expr: &Expr, method: &str, label: &str, help: &str, arg: &str) -> Diagnostic {
    Diagnostic::new(
        &META,
        syntax::report_span(expr),
        format!("`{method}({arg})` turns off TLS verification"),
    )
    .label(label)
    .help(help)
}

/// Only the literal counts: `danger_accept_invalid_certs(cfg.insecure_tls)` is a deliberate,
/// configurable switch whose default we cannot see.
fn only_arg_is(m: &ExprMethodCall, value: bool) -> bool {
    m.args.len() == 1
        && matches!(syntax::peel_refs(&m.args[0]), Expr::Lit(l) if matches!(&l.lit, Lit::Bool(b) if b.value == value))
}

fn is_verify_none(cx: &Cx, arg: &Expr) -> bool {
    let (path, call) = match syntax::peel_refs(arg) {
        Expr::Path(p) => (&p.path, false),
        Expr::Call(c) if c.args.is_empty() => match &*c.func {
            Expr::Path(p) => (&p.path, true),
            _ => return false,
        },
        _ => return false,
    };
    let path = cx.resolve(path);
    let tail: Vec<&str> = path.iter().rev().take(2).map(String::as_str).collect();
    matches!(tail[..], ["NONE", "SslVerifyMode"]) && !call
        || matches!(tail[..], ["empty", "SslVerifyMode"]) && call
}

/// A rustls verifier installed through the `dangerous()` API (rustls 0.22+), or any verifier
/// whose name says it does not verify (rustls 0.21 had no `dangerous()` step in the builder).
fn custom_verifier(cx: &Cx, m: &ExprMethodCall) -> Option<Diagnostic> {
    if !RUSTLS_CRATES.iter().any(|c| cx.uses_crate(c)) {
        return None;
    }
    let dangerous = dangerous_in_chain(&m.receiver);
    let verifier = verifier_path(cx, &m.args[0], 0);
    if verifier.as_ref().is_some_and(|p| {
        p.iter()
            .any(|s| s == "rustls_platform_verifier" || s.starts_with("WebPki"))
    }) {
        return None;
    }
    let named_no_verify = verifier.as_ref().is_some_and(|p| {
        p.iter().rev().take(2).any(|seg| {
            syntax::words(seg)
                .iter()
                .any(|w| NO_VERIFY_WORDS.contains(&w.as_str()))
        })
    });
    if dangerous.is_none() && !named_no_verify {
        return None;
    }
    let method = &m.method;
    let what = match verifier.as_ref().and_then(|p| type_of_ctor(p)) {
        Some(ty) => format!("`{method}` replaces rustls certificate verification with `{ty}`"),
        None => {
            format!("`{method}` replaces rustls certificate verification with a custom verifier")
        }
    };
    let mut d = Diagnostic::new(&META, syntax::method_span(m), what)
        .label("certificate verifier replaced here")
        .help(RUSTLS_HELP)
        .confidence(if named_no_verify {
            Confidence::High
        } else {
            Confidence::Medium
        });
    if let Some(dangerous) = dangerous {
        d = d.secondary(syntax::method_span(dangerous), "rustls `dangerous()` API");
    }
    Some(d)
}

/// The `.dangerous()` call in a builder chain (`ClientConfig::builder().dangerous()`,
/// `config.dangerous()`).
fn dangerous_in_chain(mut expr: &Expr) -> Option<&ExprMethodCall> {
    loop {
        expr = match expr {
            Expr::MethodCall(m) if m.method == "dangerous" && m.args.is_empty() => return Some(m),
            Expr::MethodCall(m) => &m.receiver,
            Expr::Paren(p) => &p.expr,
            Expr::Try(t) => &t.expr,
            _ => return None,
        };
    }
}

/// The resolved path naming the verifier given: `Arc::new(NoVerifier)`,
/// `Arc::new(SkipServerVerification::new())`, a builder chain, a local bound to one of those.
fn verifier_path(cx: &Cx, expr: &Expr, depth: usize) -> Option<Vec<String>> {
    match syntax::peel_refs(expr) {
        Expr::Call(c) => {
            let Expr::Path(p) = &*c.func else { return None };
            let path = cx.resolve(&p.path);
            let wrapper = matches!(
                path.iter()
                    .rev()
                    .take(2)
                    .map(String::as_str)
                    .collect::<Vec<_>>()[..],
                ["new", "Arc" | "Box" | "Rc"]
            );
            match (wrapper, c.args.first()) {
                (true, Some(inner)) => verifier_path(cx, inner, depth),
                _ => Some(path),
            }
        }
        Expr::Path(p) => match syntax::ident_of(expr) {
            Some(name) if depth == 0 && name.starts_with(|c: char| c.is_lowercase()) => {
                let init = cx.local(&name)?.init?;
                verifier_path(cx, init, depth + 1)
            }
            _ => Some(cx.resolve(&p.path)),
        },
        Expr::Struct(s) => Some(cx.resolve(&s.path)),
        // `WebPkiServerVerifier::builder(roots).build()?`, `verifier.clone()`: the chain's root names it
        Expr::MethodCall(m) => verifier_path(cx, &m.receiver, depth),
        Expr::Try(t) => verifier_path(cx, &t.expr, depth),
        _ => None,
    }
}

/// The type a constructor path names: `NoVerifier` in `NoVerifier::new` or `NoVerifier`.
fn type_of_ctor(path: &[String]) -> Option<&str> {
    let mut segs = path.iter().rev();
    let last = segs.next()?;
    if last.starts_with(|c: char| c.is_uppercase()) {
        return Some(last);
    }
    segs.next()
        .filter(|s| s.starts_with(|c: char| c.is_uppercase()))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule, check_snippet};

    #[test]
    fn http_clients() {
        assert_rule(
            &TlsVerificationDisabled,
            &["reqwest", "native_tls", "lettre", "curl"],
            r#"
use std::time::Duration;

pub fn http_client(cfg: &UpstreamConfig) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .danger_accept_invalid_certs(true) // expect: BG608
        .build()
}

pub fn native(cfg: &UpstreamConfig) -> native_tls::Result<native_tls::TlsConnector> {
    native_tls::TlsConnector::builder()
        .danger_accept_invalid_hostnames(true) // expect: BG608
        .build()
}

pub fn mailer() -> lettre::transport::smtp::client::TlsParameters {
    TlsParameters::builder("smtp.internal".into())
        .dangerous_accept_invalid_certs(true) // expect: BG608
        .build()
        .unwrap()
}

pub fn curl_get(url: &str) -> Result<(), curl::Error> {
    let mut easy = curl::easy::Easy::new();
    easy.url(url)?;
    easy.ssl_verify_peer(false)?; // expect: BG608
    easy.ssl_verify_host(true)?;
    easy.perform()
}

pub fn configurable(cfg: &UpstreamConfig) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .danger_accept_invalid_certs(cfg.insecure_tls)
        .danger_accept_invalid_hostnames(false)
        .add_root_certificate(cfg.ca.clone())
        .build()
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn against_local_self_signed() {
        let c = reqwest::Client::builder().danger_accept_invalid_certs(true).build().unwrap();
    }
}
"#,
        );
    }

    #[test]
    fn rustls_custom_verifiers() {
        assert_rule(
            &TlsVerificationDisabled,
            &["rustls", "tokio_rustls"],
            r#"
use std::sync::Arc;
use rustls::ClientConfig;
use rustls::client::danger::{ServerCertVerified, ServerCertVerifier};

#[derive(Debug)]
struct NoVerifier;

pub fn insecure_config() -> ClientConfig {
    ClientConfig::builder()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(NoVerifier)) // expect: BG608
        .with_no_client_auth()
}

pub fn patch(mut config: ClientConfig) -> ClientConfig {
    let verifier = Arc::new(pinning::PinnedVerifier::new(PINS));
    config.dangerous().set_certificate_verifier(verifier); // expect: BG608
    config
}

pub fn rustls_021() -> ClientConfig {
    ClientConfig::builder()
        .with_safe_defaults()
        .with_custom_certificate_verifier(Arc::new(SkipServerVerification::new())) // expect: BG608
        .with_no_client_auth()
}

pub fn platform() -> ClientConfig {
    use rustls_platform_verifier::Verifier;
    ClientConfig::builder()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(Verifier::new()))
        .with_no_client_auth()
}

pub fn webpki(roots: Arc<rustls::RootCertStore>) -> ClientConfig {
    let verifier = rustls::client::WebPkiServerVerifier::builder(roots).build().unwrap();
    ClientConfig::builder()
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth()
}

pub fn safe(roots: rustls::RootCertStore) -> ClientConfig {
    ClientConfig::builder().with_root_certificates(roots).with_no_client_auth()
}

pub fn rustls_021_custom_but_verifying() -> ClientConfig {
    ClientConfig::builder()
        .with_safe_defaults()
        .with_custom_certificate_verifier(Arc::new(PinnedVerifier::new()))
        .with_no_client_auth()
}
"#,
        );
    }

    #[test]
    fn dangerous_on_other_types_without_rustls() {
        assert_rule(
            &TlsVerificationDisabled,
            &["reqwest"],
            r#"
pub fn configure(mut settings: Settings) {
    settings.dangerous().set_certificate_verifier(Arc::new(NoVerifier)); // a different API
    let flags = Flags::default().dangerous().with_custom_certificate_verifier(v);
}
"#,
        );
    }

    #[test]
    fn openssl_verify_modes() {
        assert_rule(
            &TlsVerificationDisabled,
            &["openssl", "postgres_openssl"],
            r#"
use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};

pub fn connector(ca: &str) -> Result<SslConnector, openssl::error::ErrorStack> {
    let mut builder = SslConnector::builder(SslMethod::tls())?;
    builder.set_verify(SslVerifyMode::NONE); // expect: BG608
    builder.set_verify(openssl::ssl::SslVerifyMode::empty()); // expect: BG608
    builder.set_verify_callback(SslVerifyMode::NONE, |_, _| true); // expect: BG608
    builder.set_verify(SslVerifyMode::PEER);
    builder.set_verify(SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT);
    builder.set_ca_file(ca)?;
    Ok(builder.build())
}
"#,
        );
    }

    #[test]
    fn names_the_verifier_and_the_dangerous_call() {
        let src = "use rustls::ClientConfig;\nfn c() { ClientConfig::builder().dangerous().with_custom_certificate_verifier(Arc::new(NoCertificateVerification)).with_no_client_auth(); }\n";
        let findings = check_snippet(src, &["rustls"], &[&TlsVerificationDisabled]);
        assert_eq!(findings.len(), 1);
        let f = &findings[0];
        assert_eq!(
            f.message,
            "`with_custom_certificate_verifier` replaces rustls certificate verification with `NoCertificateVerification`"
        );
        assert_eq!(f.confidence, Confidence::High);
        assert_eq!(f.secondary.len(), 1);
    }
}
