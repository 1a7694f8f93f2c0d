//! BG607 insecure-jwt.

use crate::finding::Diagnostic;
use crate::rule::{Category, Level, Preset, Rule, RuleMeta};
use crate::syntax;
use crate::walk::Cx;
use syn::{Expr, Lit, Member};

/// Metadata of BG607.
pub static META: RuleMeta = RuleMeta {
    code: "BG607",
    name: "insecure-jwt",
    category: Category::Security,
    level: Level::Deny,
    preset: Preset::Recommended,
    summary: "a JWT read without checking its signature or expiry: jsonwebtoken \
              `dangerous_insecure_decode*`/`dangerous::insecure_decode`, \
              `insecure_disable_signature_validation()`, `validate_exp = false`",
    why: "A JWT is only as trustworthy as its signature check: anyone can write a token that says \
          `\"sub\": \"admin\"`. Decoding without verifying the signature lets a caller choose their own \
          identity and roles. Turning off the `exp` check makes every token ever issued, including \
          leaked and revoked ones, valid forever.",
    bad: "let claims = jsonwebtoken::dangerous_insecure_decode::<Claims>(&token)?.claims;\n\n\
          let mut validation = Validation::new(Algorithm::HS256);\n\
          validation.validate_exp = false;",
    good: "let key = DecodingKey::from_secret(state.jwt_secret.expose_secret().as_bytes());\n\
           let mut validation = Validation::new(Algorithm::HS256);\n\
           validation.leeway = 30; // clock skew, in seconds\n\
           let claims = jsonwebtoken::decode::<Claims>(&token, &key, &validation)?.claims;",
    in_tests: false,
};

/// BG607 insecure-jwt.
pub struct InsecureJwt;

/// Functions of jsonwebtoken (over its versions) that skip the signature check. The
/// `dangerous_*` names are unique to it; `insecure_decode` lives in its `dangerous` module.
const UNVERIFIED_DECODE: &[&str] = &[
    "dangerous_insecure_decode",
    "dangerous_insecure_decode_with_validation",
    "dangerous_unsafe_decode",
];

const DECODE_HELP: &str = "verify the signature: `jsonwebtoken::decode::<Claims>(&token, &key, \
                           &Validation::new(Algorithm::HS256))`; to pick the key first, read the \
                           `kid` with `decode_header(&token)`";

const EXP_HELP: &str = "keep `validate_exp` on (the default) and allow for clock skew with \
                        `validation.leeway = 30`";

impl Rule for InsecureJwt {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_expr(&self, cx: &Cx, expr: &Expr, out: &mut Vec<Diagnostic>) {
        match expr {
            Expr::Call(call) => {
                let Expr::Path(p) = &*call.func else { return };
                let path = cx.resolve(&p.path);
                let Some(name) = path.last() else { return };
                let unverified = UNVERIFIED_DECODE.contains(&name.as_str())
                    || name == "insecure_decode"
                        && path.iter().any(|s| s == "dangerous" || s == "jsonwebtoken");
                if unverified {
                    out.push(
                        Diagnostic::new(
                            &META,
                            syntax::report_span(expr),
                            format!("`{name}` decodes a JWT without verifying its signature"),
                        )
                        .label("anyone can forge these claims")
                        .help(DECODE_HELP),
                    );
                }
            }
            Expr::MethodCall(m)
                if m.method == "insecure_disable_signature_validation" && m.args.is_empty() =>
            {
                out.push(
                    Diagnostic::new(
                        &META,
                        syntax::report_span(expr),
                        "`insecure_disable_signature_validation()` makes `decode` accept tokens with any signature",
                    )
                    .label("signature check turned off")
                    .help(DECODE_HELP),
                );
            }
            Expr::Assign(a) if is_validate_exp(&a.left) && is_false(&a.right) => {
                out.push(exp_disabled(syntax::report_span(expr)));
            }
            Expr::Struct(s) => {
                let disabled = s.fields.iter().find(|f| {
                    matches!(&f.member, Member::Named(i) if i == "validate_exp")
                        && is_false(&f.expr)
                });
                if let Some(field) = disabled {
                    out.push(exp_disabled(syn::spanned::Spanned::span(field)));
                }
            }
            _ => {}
        }
    }
}

fn exp_disabled(span: proc_macro2::Span) -> Diagnostic {
    Diagnostic::new(
        &META,
        span,
        "`validate_exp = false` accepts expired JWTs forever",
    )
    .label("expiry check turned off")
    .help(EXP_HELP)
}

fn is_validate_exp(expr: &Expr) -> bool {
    matches!(syntax::peel_refs(expr), Expr::Field(f) if matches!(&f.member, Member::Named(i) if i == "validate_exp"))
}

fn is_false(expr: &Expr) -> bool {
    matches!(syntax::peel_refs(expr), Expr::Lit(l) if matches!(&l.lit, Lit::Bool(b) if !b.value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule, check_snippet};

    #[test]
    fn unverified_decoding() {
        assert_rule(
            &InsecureJwt,
            &["axum", "jsonwebtoken"],
            r#"
use jsonwebtoken::{dangerous_insecure_decode, decode, decode_header, DecodingKey, Validation, Algorithm};
use jsonwebtoken::dangerous_unsafe_decode as peek;

pub fn claims_v7(token: &str) -> Result<Claims, AuthError> {
    let data = dangerous_unsafe_decode::<Claims>(token)?; // expect: BG607
    Ok(data.claims)
}

pub fn claims_v8(token: &str) -> Result<Claims, AuthError> {
    let data = dangerous_insecure_decode::<Claims>(token)?; // expect: BG607
    let v = Validation::new(Algorithm::HS256);
    let other = jsonwebtoken::dangerous_insecure_decode_with_validation::<Claims>(token, &v)?; // expect: BG607
    let aliased = peek::<Claims>(token)?; // expect: BG607
    Ok(data.claims)
}

pub fn claims_v10(token: &str) -> Result<Claims, AuthError> {
    let data = jsonwebtoken::dangerous::insecure_decode::<Claims>(token)?; // expect: BG607
    Ok(data.claims)
}

pub fn verified(token: &str, secret: &[u8]) -> Result<Claims, AuthError> {
    let header = decode_header(token)?;
    let validation = Validation::new(header.alg);
    let data = decode::<Claims>(token, &DecodingKey::from_secret(secret), &validation)?;
    Ok(data.claims)
}

pub fn claims_v10_imported(token: &str) -> Result<Claims, AuthError> {
    use jsonwebtoken::dangerous::insecure_decode;
    Ok(insecure_decode::<Claims>(token)?.claims) // expect: BG607
}

// a project fn with a similar name is not jsonwebtoken's
fn insecure_decode(raw: &str) -> Vec<u8> { base64_decode(raw) }
pub fn other(raw: &str) -> Vec<u8> { insecure_decode(raw) }

#[cfg(test)]
mod tests {
    #[test]
    fn reads_claims() {
        let c = jsonwebtoken::dangerous_insecure_decode::<super::Claims>("e30.e30.").unwrap();
    }
}
"#,
        );
    }

    #[test]
    fn disabled_checks() {
        assert_rule(
            &InsecureJwt,
            &["jsonwebtoken"],
            r#"
use jsonwebtoken::{decode, Algorithm, DecodingKey, Validation};

pub fn validation(cfg: &AuthConfig) -> Validation {
    let mut validation = Validation::new(Algorithm::RS256);
    validation.insecure_disable_signature_validation(); // expect: BG607
    validation.validate_exp = false; // expect: BG607
    validation.validate_exp = true;
    validation.validate_exp = cfg.check_expiry;
    validation.validate_aud = false;
    validation.leeway = 60;
    validation
}

pub fn literal() -> Validation {
    Validation {
        validate_exp: false, // expect: BG607
        ..Validation::default()
    }
}

pub fn literal_ok(aud: &str) -> Validation {
    let mut v = Validation { validate_exp: true, leeway: 5, ..Validation::new(Algorithm::HS256) };
    v.set_audience(&[aud]);
    v
}

#[cfg(test)]
mod tests {
    fn expired_fixture() -> jsonwebtoken::Validation {
        let mut v = jsonwebtoken::Validation::default();
        v.validate_exp = false;
        v
    }
}
"#,
        );
    }

    #[test]
    fn names_the_function() {
        let src = "use jsonwebtoken::dangerous;\nfn f(t: &str) { let c = dangerous::insecure_decode::<C>(t); }\n";
        let findings = check_snippet(src, &["jsonwebtoken"], &[&InsecureJwt]);
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "`insecure_decode` decodes a JWT without verifying its signature"
        );
        assert_eq!(findings[0].level, Level::Deny);
    }
}
