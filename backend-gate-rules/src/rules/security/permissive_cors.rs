//! BG605 permissive-cors.

use crate::finding::Diagnostic;
use crate::rule::{Category, Level, Preset, Rule, RuleMeta};
use crate::walk::Cx;
use syn::Expr;

/// Metadata of BG605.
pub static META: RuleMeta = RuleMeta {
    code: "BG605",
    name: "permissive-cors",
    category: Category::Security,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "a CORS policy that accepts any origin: tower-http `CorsLayer::permissive()`/`very_permissive()`, \
              `allow_origin(Any)`, `AllowOrigin::any()`, actix-cors `Cors::permissive()`/`allow_any_origin()`, \
              rocket_cors `AllOrSome::All`/`AllowedOrigins::all()`; deny when credentials are allowed too",
    why: "CORS is what stops another site's JavaScript from calling your API with your users' browsers. \
          Accepting any origin lets every web page read your responses; together with credentials \
          (cookies, `Authorization`) it lets any site act as the logged-in user.",
    bad: "let cors = CorsLayer::new()\n    .allow_origin(Any)\n    .allow_credentials(true);",
    good: "let origin = std::env::var(\"ALLOWED_ORIGIN\")?.parse::<HeaderValue>()?;\n\
           let cors = CorsLayer::new()\n    .allow_origin(origin)\n    .allow_credentials(true);",
    in_tests: false,
};

/// BG605 permissive-cors.
pub struct PermissiveCors;

const HELP: &str = "list the allowed origins explicitly (from configuration), e.g. \
                    `.allow_origin(\"https://app.example.com\".parse::<HeaderValue>()?)`";

impl Rule for PermissiveCors {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_expr(&self, cx: &Cx, expr: &Expr, out: &mut Vec<Diagnostic>) {
        let (what, always_credentials) = match expr {
            Expr::Call(call) => {
                let Expr::Path(p) = &*call.func else { return };
                let path = cx.resolve(&p.path);
                match path.iter().map(String::as_str).collect::<Vec<_>>()[..] {
                    [.., "CorsLayer", "permissive"] => {
                        ("`CorsLayer::permissive()` allows any origin", false)
                    }
                    [.., "CorsLayer", "very_permissive"] => (
                        "`CorsLayer::very_permissive()` mirrors any origin and allows credentials",
                        true,
                    ),
                    [.., "Cors", "permissive"] if cx.uses_crate("actix_cors") => {
                        ("`Cors::permissive()` allows any origin", false)
                    }
                    [.., "AllowOrigin", "any"] if !is_allow_origin_arg(cx) => {
                        ("`AllowOrigin::any()` allows any origin", false)
                    }
                    [.., "AllowedOrigins", "all"] if cx.uses_crate("rocket_cors") => {
                        ("`AllowedOrigins::all()` allows any origin", false)
                    }
                    _ => return,
                }
            }
            Expr::MethodCall(m) if m.method == "allow_any_origin" && m.args.is_empty() => {
                ("`allow_any_origin()` allows any origin", false)
            }
            Expr::MethodCall(m) if m.method == "allow_origin" && m.args.len() == 1 => {
                if !is_any_origin(cx, &m.args[0]) {
                    return;
                }
                ("`allow_origin(Any)` allows any origin", false)
            }
            Expr::Path(p) if p.path.segments.len() >= 2 => {
                let path = cx.resolve(&p.path);
                if !(path.ends_with(&["AllOrSome".into(), "All".into()])
                    && cx.uses_crate("rocket_cors"))
                {
                    return;
                }
                ("`AllOrSome::All` allows any origin", false)
            }
            _ => return,
        };
        let credentials = always_credentials || chain_allows_credentials(cx);
        let mut d = Diagnostic::new(
            &META,
            crate::syntax::report_span(expr),
            format!("permissive CORS: {what}"),
        )
        .label("any origin accepted here")
        .help(HELP);
        if credentials {
            d = d.level(Level::Deny).message_suffix(
                " together with credentials: any site can act as the logged-in user",
            );
        }
        out.push(d);
    }
}

/// `AllowOrigin::any()` directly inside `allow_origin(..)` is reported once, at `allow_origin`.
fn is_allow_origin_arg(cx: &Cx) -> bool {
    matches!(cx.parent(), Some(Expr::MethodCall(m)) if m.method == "allow_origin")
}

fn is_any_origin(cx: &Cx, arg: &Expr) -> bool {
    match crate::syntax::peel_refs(arg) {
        Expr::Path(p) => {
            let path = cx.resolve(&p.path);
            path.last().is_some_and(|s| s == "Any")
                && (path.len() == 1 || path.iter().any(|s| s == "cors"))
                || path.last().is_some_and(|s| s == "Any") && cx.uses_crate("tower_http")
        }
        Expr::Call(c) => {
            matches!(&*c.func, Expr::Path(p) if cx.resolve(&p.path).ends_with(&["AllowOrigin".into(), "any".into()]))
        }
        _ => false,
    }
}

/// Whether the method chain this expression belongs to also calls `allow_credentials(true)`
/// or actix's `supports_credentials()`.
fn chain_allows_credentials(cx: &Cx) -> bool {
    // rocket_cors: `CorsOptions { allowed_origins: .., allow_credentials: true, .. }`.
    let options_allow = cx.ancestors().find_map(|e| match e {
        Expr::Struct(st) => Some(st.fields.iter().any(|f| {
            matches!(&f.member, syn::Member::Named(n) if n == "allow_credentials")
                && matches!(&f.expr, Expr::Lit(l) if matches!(&l.lit, syn::Lit::Bool(b) if b.value))
        })),
        _ => None,
    });
    if options_allow == Some(true) {
        return true;
    }
    cx.ancestors()
        .take_while(|e| matches!(e, Expr::MethodCall(_) | Expr::Call(_) | Expr::Paren(_)))
        .any(|e| match e {
            Expr::MethodCall(m) => {
                m.method == "supports_credentials"
                    || m.method == "allow_credentials"
                        && m.args.first().is_some_and(|a| matches!(a, Expr::Lit(l) if matches!(&l.lit, syn::Lit::Bool(b) if b.value)))
            }
            _ => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_rule;

    #[test]
    fn tower_http() {
        assert_rule(
            &PermissiveCors,
            &["axum", "tower_http"],
            r#"
use tower_http::cors::{Any, AllowOrigin, CorsLayer};
fn cors() -> CorsLayer {
    let a = CorsLayer::permissive(); // expect: BG605
    let b = CorsLayer::very_permissive(); // expect: BG605
    let c = CorsLayer::new().allow_origin(Any).allow_methods(Any); // expect: BG605
    let d = CorsLayer::new().allow_origin(AllowOrigin::any()); // expect: BG605
    let e = CorsLayer::new()
        .allow_origin(Any) // expect: BG605
        .allow_credentials(true);
    // near misses: methods and headers may be `Any`, origins from config are fine
    let f = CorsLayer::new().allow_methods(Any).allow_headers(Any);
    let g = CorsLayer::new().allow_origin("https://app.example.com".parse::<HeaderValue>().unwrap());
    let h = CorsLayer::new().allow_origin(AllowOrigin::list(origins));
    e
}
#[cfg(test)]
mod tests {
    fn t() { let _ = CorsLayer::permissive(); }
}
"#,
        );
    }

    #[test]
    fn credentials_make_it_deny() {
        let src = "use tower_http::cors::{Any, CorsLayer};\nfn c() { CorsLayer::new().allow_origin(Any).allow_credentials(true); CorsLayer::new().allow_origin(Any); }";
        let findings = crate::testing::check_snippet(src, &["tower_http"], &[&PermissiveCors]);
        let levels: Vec<_> = findings.iter().map(|f| f.level).collect();
        assert_eq!(levels, [Level::Deny, Level::Warn]);
        assert!(findings[0].message.contains("credentials"));
    }

    #[test]
    fn actix_and_rocket() {
        assert_rule(
            &PermissiveCors,
            &["actix_web", "actix_cors", "rocket_cors"],
            r#"
use actix_cors::Cors;
use rocket_cors::{AllOrSome, AllowedOrigins, CorsOptions};
fn cors() {
    let a = Cors::permissive(); // expect: BG605
    let b = Cors::default().allow_any_origin().supports_credentials(); // expect: BG605
    let c = Cors::default().allowed_origin("https://app.example.com").allow_any_method().allow_any_header();
    let d = CorsOptions { allowed_origins: AllOrSome::All, ..Default::default() }; // expect: BG605
    let f = CorsOptions { allowed_origins: AllowedOrigins::all(), allow_credentials: true, ..Default::default() }; // expect: BG605
    let e = AllowedOrigins::some_exact(&["https://app.example.com"]);
}
"#,
        );
    }
}
