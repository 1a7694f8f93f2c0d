//! BG202 hardcoded-connection-string.

use super::{is_config_default, is_template};
use crate::finding::Diagnostic;
use crate::rule::{Category, Confidence, Level, Preset, Rule, RuleMeta};
use crate::walk::Cx;
use syn::{Expr, Lit};

/// Metadata of BG202.
pub static META: RuleMeta = RuleMeta {
    code: "BG202",
    name: "hardcoded-connection-string",
    category: Category::Configuration,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "a database or broker URL (postgres, mysql, mariadb, mongodb, redis, amqp, nats, mssql) written \
              as a string literal outside tests; deny when it embeds a password",
    why: "A connection string fixes which database the service talks to at compile time: the same binary \
          cannot run against staging and production, and a test build can end up writing to the wrong \
          database. With a `user:password@` part it also commits a database credential to the \
          repository and its history. Read the URL from the environment (a `.env` file kept out of git \
          in development); a local default without credentials, used when the variable is unset, is fine.",
    bad: "let pool = PgPoolOptions::new()\n    .connect(\"postgres://app:s3cret@db.internal:5432/shop\")\n    .await?;",
    good: "let url = std::env::var(\"DATABASE_URL\").context(\"DATABASE_URL must be set\")?;\n\
           let pool = PgPoolOptions::new().connect(&url).await?;",
    in_tests: false,
};

/// BG202 hardcoded-connection-string.
pub struct HardcodedConnectionString;

impl Rule for HardcodedConnectionString {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_expr(&self, cx: &Cx, expr: &Expr, out: &mut Vec<Diagnostic>) {
        let Expr::Lit(lit) = expr else { return };
        let Lit::Str(s) = &lit.lit else { return };
        let value = s.value();
        let Some(url) = ConnectionUrl::parse(&value) else {
            return;
        };
        if url.password.is_none() && is_config_default(cx, expr) {
            return;
        }
        let help = format!(
            "read it from the environment, e.g. `std::env::var(\"{}\")`, and keep development values in \
             a git-ignored `.env` file",
            url.env
        );
        let masked = url.masked();
        let system = url.system;
        let diagnostic = match url.password {
            Some(_) => Diagnostic::new(
                &META,
                s.span(),
                format!("hard-coded {system} connection string with a password: `{masked}`"),
            )
            .label("database credential written in the source")
            .help(format!(
                "{help}; rotate the committed password (it stays in the git history)"
            ))
            .level(Level::Deny),
            None => Diagnostic::new(
                &META,
                s.span(),
                format!("hard-coded {system} connection string `{masked}`"),
            )
            .label("connection string written in the source")
            .help(help),
        };
        out.push(diagnostic.confidence(Confidence::High));
    }
}

/// A connection URL found in a literal.
struct ConnectionUrl<'a> {
    text: &'a str,
    /// Human name of the system (`PostgreSQL`).
    system: &'static str,
    /// The usual environment variable for it.
    env: &'static str,
    /// Byte range of the password in `text`, when there is one.
    password: Option<(usize, usize)>,
}

impl<'a> ConnectionUrl<'a> {
    /// A literal that is a connection URL (only that: prose or a bare scheme is not), with no
    /// template holes.
    fn parse(value: &'a str) -> Option<Self> {
        let text = value.trim();
        let (scheme, rest) = text.split_once("://")?;
        let (system, env) = match scheme.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" => ("PostgreSQL", "DATABASE_URL"),
            "mysql" => ("MySQL", "DATABASE_URL"),
            "mariadb" => ("MariaDB", "DATABASE_URL"),
            "mssql" | "sqlserver" => ("SQL Server", "DATABASE_URL"),
            "mongodb" | "mongodb+srv" => ("MongoDB", "MONGODB_URI"),
            "redis" | "rediss" => ("Redis", "REDIS_URL"),
            "amqp" | "amqps" => ("AMQP", "AMQP_ADDR"),
            "nats" => ("NATS", "NATS_URL"),
            _ => return None,
        };
        if rest.is_empty() || text.chars().any(char::is_whitespace) || is_template(text) {
            return None;
        }
        let start = scheme.len() + "://".len();
        let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..authority_len];
        let mut password = authority.rfind('@').and_then(|at| {
            let colon = authority[..at].find(':')?;
            (colon + 1 < at).then_some((start + colon + 1, start + at))
        });
        if password.is_none() {
            password = query_password(text, start + authority_len);
        }
        Some(ConnectionUrl {
            text,
            system,
            env,
            password,
        })
    }

    /// The URL with its password replaced by `****`.
    fn masked(&self) -> String {
        match self.password {
            Some((from, to)) => format!("{}****{}", &self.text[..from], &self.text[to..]),
            None => self.text.to_string(),
        }
    }
}

/// A `password=` (or `pass=`, `pwd=`) query parameter, as libpq and some drivers accept.
fn query_password(text: &str, query_from: usize) -> Option<(usize, usize)> {
    let query_at = query_from + text.get(query_from..)?.find('?')? + 1;
    let mut at = query_at;
    for param in text[query_at..].split('&') {
        if let Some((key, value)) = param.split_once('=') {
            if matches!(
                key.to_ascii_lowercase().as_str(),
                "password" | "pass" | "pwd"
            ) && !value.is_empty()
            {
                let from = at + key.len() + 1;
                return Some((from, from + value.len()));
            }
        }
        at += param.len() + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule, check_snippet};

    #[test]
    fn literal_connection_strings() {
        assert_rule(
            &HardcodedConnectionString,
            &["axum", "sqlx", "redis", "mongodb", "lapin"],
            r#"
use sqlx::postgres::PgPoolOptions;
use mongodb::Client;

const DATABASE_URL: &str = "postgres://app:s3cret@db.internal:5432/shop"; // expect: BG202
const REPLICA_URL: &str = "postgresql://db-replica.internal/shop"; // expect: BG202

pub async fn connect() -> anyhow::Result<()> {
    let pool = PgPoolOptions::new()
        .max_connections(5)
        .connect("mysql://root:root@localhost:3306/app") // expect: BG202
        .await?;
    let redis = redis::Client::open("redis://:hunter2@cache.internal:6379/0")?; // expect: BG202
    let mongo = Client::with_uri_str("mongodb+srv://cluster0.abcde.mongodb.net/?retryWrites=true").await?; // expect: BG202
    let amqp = lapin::Connection::connect("amqp://guest:guest@rabbit:5672/%2f", Default::default()).await?; // expect: BG202
    let nats = async_nats::connect("nats://nats.internal:4222").await?; // expect: BG202
    let libpq = "postgres://app@db/shop?sslmode=require&password=pw1"; // expect: BG202

    // near misses
    let url = std::env::var("DATABASE_URL")?;
    let sqlite = sqlx::SqlitePool::connect("sqlite::memory:").await?;
    let file = sqlx::SqlitePool::connect("sqlite://data/app.db").await?;
    let is_pg = url.starts_with("postgres://") || url.starts_with("postgresql://");
    let templated = format!("postgres://{}:{}@{}/{}", user, pass, host, db);
    let named = format!("postgres://{user}:{password}@{host}:{port}/{db}");
    let local = std::env::var("DATABASE_URL").unwrap_or_else(|_| "postgres://localhost/shop_dev".to_string());
    let redis_url = std::env::var("REDIS_URL").unwrap_or("redis://127.0.0.1:6379".into());
    let msg = "set DATABASE_URL, e.g. postgres://user:pass@localhost/app";
    let env_name = "DATABASE_URL";
    let http = reqwest::get("https://api.example.com/v1/status").await?;
    Ok(())
}

/// Connects to the database given by `DATABASE_URL`, e.g. `postgres://app:secret@localhost/app`.
pub fn documented() {}

fn default_database_url() -> String {
    "postgres://localhost:5432/shop".into()
}

#[cfg(test)]
mod tests {
    #[sqlx::test]
    async fn connects() {
        let pool = sqlx::PgPool::connect("postgres://postgres:postgres@localhost/test").await.unwrap();
    }
}
"#,
        );
    }

    #[test]
    fn fallback_with_a_password_still_fires() {
        assert_rule(
            &HardcodedConnectionString,
            &["sqlx"],
            r#"
pub fn database_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres:postgres@localhost/app".into()) // expect: BG202
}
impl Default for Settings {
    fn default() -> Self {
        Settings { database_url: "mysql://app:app-pass@localhost/app".into() } // expect: BG202
    }
}
"#,
        );
    }

    #[test]
    fn password_makes_it_deny_and_is_masked() {
        let src =
            r#"fn f() { let a = "postgres://app:s3cret@db/shop"; let b = "redis://cache:6379"; }"#;
        let findings = check_snippet(src, &[], &[&HardcodedConnectionString]);
        assert_eq!(findings.len(), 2);
        assert_eq!(findings[0].level, Level::Deny);
        assert_eq!(
            findings[0].message,
            "hard-coded PostgreSQL connection string with a password: `postgres://app:****@db/shop`"
        );
        assert!(findings[0].help.contains("DATABASE_URL"));
        assert_eq!(findings[1].level, Level::Warn);
        assert_eq!(
            findings[1].message,
            "hard-coded Redis connection string `redis://cache:6379`"
        );
    }

    #[test]
    fn parses_urls() {
        let masked = |s| ConnectionUrl::parse(s).map(|u| u.masked());
        assert_eq!(
            masked("postgres://u:p@h/d").as_deref(),
            Some("postgres://u:****@h/d")
        );
        assert_eq!(
            masked("mongodb://u:p%40ss@h1,h2/db").as_deref(),
            Some("mongodb://u:****@h1,h2/db")
        );
        assert_eq!(
            masked("postgres://user@h/d").as_deref(),
            Some("postgres://user@h/d")
        );
        assert_eq!(
            masked("postgres://h/d?password=x&a=b").as_deref(),
            Some("postgres://h/d?password=****&a=b")
        );
        assert!(ConnectionUrl::parse("postgres://").is_none());
        assert!(ConnectionUrl::parse("sqlite://app.db").is_none());
        assert!(ConnectionUrl::parse("http://u:p@h").is_none());
    }
}
