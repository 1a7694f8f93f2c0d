//! Configuration rules: secrets, connection strings and addresses written into the code.

pub mod hardcoded_bind_address;
pub mod hardcoded_connection_string;
pub mod hardcoded_secret;

use crate::syntax;

/// Whether a literal is a template filled in at run time rather than a value: `format!` holes
/// (`{}`, `{name}`), shell/dotenv interpolation (`${VAR}`, `$(cmd)`) or handlebars (`{{x}}`).
pub fn is_template(value: &str) -> bool {
    !syntax::format_holes(value).is_empty()
        || value.contains("${")
        || value.contains("$(")
        || value.contains("{{")
}

/// Whether a literal is the name of an environment variable (`JWT_SECRET`, `DATABASE_URL`), which
/// code reads a value by, rather than a value: upper-case letters, digits and `_`, starting with a
/// letter, with an `_` or no digit (so random upper-case keys such as `K7Q2ZP9X` stay values).
pub fn is_env_var_name(value: &str) -> bool {
    let mut chars = value.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && value
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && (value.contains('_') || !value.chars().any(|c| c.is_ascii_digit()))
}

/// An identifier's words as an environment variable name (`jwtSecret` → `JWT_SECRET`).
pub fn env_var_for(ident: &str) -> String {
    syntax::words(ident)
        .iter()
        .map(|w| w.to_ascii_uppercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// Whether the string is inside the fallback of a configuration read: the argument of
/// `unwrap_or*`/`or*`/`map_or*` (`env::var("DATABASE_URL").unwrap_or_else(|_| "..".into())`),
/// a config builder's `set_default(key, value)`, or the body of a `default`/`default_*` fn
/// (`impl Default`, `#[serde(default = "..")]`). A default that the environment overrides is
/// what the configuration rules recommend, so it is not "hard-coded".
pub fn is_config_default(cx: &crate::walk::Cx, lit: &syn::Expr) -> bool {
    const FALLBACKS: &[&str] = &[
        "unwrap_or",
        "unwrap_or_else",
        "or",
        "or_else",
        "map_or",
        "map_or_else",
        "set_default",
        "default_value",
    ];
    let mut cur = lit;
    for anc in cx.ancestors() {
        if let syn::Expr::MethodCall(m) = anc {
            let name = m.method.to_string();
            if FALLBACKS.contains(&name.as_str()) && m.args.iter().any(|a| std::ptr::eq(a, cur)) {
                return true;
            }
        }
        cur = anc;
    }
    cx.enclosing_fn().is_some_and(|f| {
        let name = f.rsplit("::").next().unwrap_or(&f);
        name == "default" || name.starts_with("default_")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_env_var_names_and_templates() {
        assert!(is_env_var_name("JWT_SECRET"));
        assert!(is_env_var_name("TOKEN"));
        assert!(is_env_var_name("AWS_SECRET_ACCESS_KEY2"));
        assert!(!is_env_var_name("K7Q2ZP9X"));
        assert!(!is_env_var_name("hunter2"));
        assert!(!is_env_var_name(""));
        assert!(is_template("postgres://{user}:{}@db"));
        assert!(is_template("${DB_PASSWORD}"));
        assert!(!is_template("s3cr3t-value"));
        assert_eq!(env_var_for("jwtSecret"), "JWT_SECRET");
    }
}
