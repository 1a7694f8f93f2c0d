//! Every configuration key with its type, default and meaning: the one table that validation
//! (unknown keys, expected types), `cargo backend-gate init` and the README's reference are
//! generated from.

/// The shape a key's value must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One of a few strings.
    Choice(&'static [&'static str]),
    /// A string.
    Text,
    /// An array of globs (see [`crate::config::load`] for their meaning).
    Globs,
    /// An array of type or function names (`Caller`, `my_auth::Caller`).
    Names,
    /// An array of Rust paths (`acme_db`, `crate::store::raw`).
    RustPaths,
    /// An array of endpoint paths (`/status`, `/hooks/*`).
    EndpointPaths,
    /// An array of folder paths.
    Folders,
    /// A positive integer.
    Count,
    /// A table of rule selector = level.
    Rules,
    /// An array of tables with `paths` and `rules`.
    Overrides,
}

impl Kind {
    /// How the type is named in messages and docs.
    pub fn type_name(self) -> &'static str {
        match self {
            Kind::Choice(_) | Kind::Text => "string",
            Kind::Globs | Kind::Names | Kind::RustPaths | Kind::EndpointPaths | Kind::Folders => {
                "array of strings"
            }
            Kind::Count => "integer",
            Kind::Rules => "table",
            Kind::Overrides => "array of tables",
        }
    }
}

/// One configuration key.
#[derive(Debug)]
pub struct Key {
    /// Its name; keys of a sub-table are written `table.key` (`thresholds.max-handler-complexity`).
    pub name: &'static str,
    /// The shape of its value.
    pub kind: Kind,
    /// Its default, as TOML.
    pub default: &'static str,
    /// What it does, in one or two sentences.
    pub doc: &'static str,
    /// An example value, as TOML (`[[overrides]]` shows a whole table).
    pub example: &'static str,
}

impl Key {
    /// The table the key lives in (`thresholds`), or `None` at the top level.
    pub fn table(&self) -> Option<&'static str> {
        self.name.split_once('.').map(|(t, _)| t)
    }

    /// The key's own name inside its table.
    pub fn leaf(&self) -> &'static str {
        self.name.split_once('.').map_or(self.name, |(_, k)| k)
    }
}

/// Values of `preset`.
pub const PRESETS: &[&str] = &["recommended", "strict"];

/// Values of `dialect`.
pub const DIALECTS: &[&str] = &["auto", "postgres", "mysql", "sqlite"];

/// Values a rule can be set to.
pub const LEVELS: &[&str] = &["allow", "warn", "deny"];

/// Every key, in the order `init` writes them (top-level keys before tables, as TOML requires).
pub static KEYS: &[Key] = &[
    Key {
        name: "preset",
        kind: Kind::Choice(PRESETS),
        default: "\"recommended\"",
        doc: "The rule set: `recommended`, or `strict` for every rule. `--preset` on the command \
              line wins.",
        example: "\"strict\"",
    },
    Key {
        name: "exclude",
        kind: Kind::Globs,
        default: "[]",
        doc: "Files that are not checked: Rust files are not even parsed (their `mod` \
              declarations are still followed), SQL migrations are replayed but not reported on. \
              Globs relative to the workspace root, or to the package in \
              `[package.metadata.backend-gate]`; `*` stays in one folder, `**` spans folders, a \
              pattern without `/` matches at any depth, a folder covers its files.",
        example: "[\"src/generated/**\", \"migrations/0001_legacy.sql\"]",
    },
    Key {
        name: "auth-extractors",
        kind: Kind::Names,
        default: "[]",
        doc: "Extractor types that prove the caller is authenticated, beyond the recognised ones \
              (BG602 missing-auth), also inside `Option<..>` & co. A bare name matches the type's \
              last path segment; a path (`my_auth::Operator`) must end the type's path.",
        example: "[\"Caller\", \"my_auth::Operator\"]",
    },
    Key {
        name: "validating-extractors",
        kind: Kind::Names,
        default: "[]",
        doc: "Extractor types that validate what they extract, beyond `Valid`, `Garde`, \
              `ValidatedJson` & co (BG401 unvalidated-input); names and paths as for \
              `auth-extractors` (`validated_extractors::Json` marks that crate's `Json`).",
        example: "[\"Checked\", \"validated_extractors::Json\"]",
    },
    Key {
        name: "blocking-wrappers",
        kind: Kind::Names,
        default: "[]",
        doc: "Functions and methods whose closure argument runs off the async executor, beyond \
              `spawn_blocking`, `block_in_place` and actix `web::block` (BG501 blocking-in-async).",
        example: "[\"run_blocking\", \"with_sync_conn\"]",
    },
    Key {
        name: "db-paths",
        kind: Kind::RustPaths,
        default: "[]",
        doc: "Paths of database APIs beyond the recognised libraries: a call of a function under \
              one of them is a database call (BG101, BG103, BG104, BG302).",
        example: "[\"acme_db\", \"crate::store::raw\"]",
    },
    Key {
        name: "public",
        kind: Kind::EndpointPaths,
        default: "[]",
        doc: "Endpoint paths that need no authentication (BG602 missing-auth). `*` matches one \
              segment, a trailing `**` the rest, `{param}` any parameter.",
        example: "[\"/status\", \"/api/v1/public/**\"]",
    },
    Key {
        name: "version-pattern",
        kind: Kind::Text,
        default: "\"v<N>*\"",
        doc: "What a version segment of an endpoint path looks like (BG701 unversioned-route): \
              `<N>` is one or more digits, `*` anything, other characters match themselves \
              (ignoring case).",
        example: "\"<N>.<N>\"",
    },
    Key {
        name: "dialect",
        kind: Kind::Choice(DIALECTS),
        default: "\"auto\"",
        doc: "The SQL dialect migrations are parsed with, and query literals first: `auto` \
              (from the package's database crates and features), `postgres`, `mysql` or `sqlite`.",
        example: "\"mysql\"",
    },
    Key {
        name: "migrations",
        kind: Kind::Folders,
        default: "[]",
        doc: "Extra migration folders (relative to the workspace root, or to the package in \
              `[package.metadata.backend-gate]`), beside `migrations/`, diesel.toml's and the \
              folders named in `sqlx::migrate!`.",
        example: "[\"db/migrations\"]",
    },
    Key {
        name: "rules",
        kind: Kind::Rules,
        default: "{}",
        doc: "A level (`allow`, `warn`, `deny`) per rule code, name, code prefix (`BG6`) or \
              category; more specific selectors win. `--select`/`--ignore` win over it.",
        example: "{ db-in-handler = \"deny\", BG901 = \"warn\", api-design = \"allow\" }",
    },
    Key {
        name: "thresholds.max-handler-complexity",
        kind: Kind::Count,
        default: "10",
        doc: "Highest cyclomatic complexity a route handler may have (BG102 fat-handler).",
        example: "15",
    },
    Key {
        name: "thresholds.max-handler-statements",
        kind: Kind::Count,
        default: "40",
        doc: "Most statements a route handler may have, nested blocks and closures included \
              (BG102 fat-handler).",
        example: "60",
    },
    Key {
        name: "overrides",
        kind: Kind::Overrides,
        default: "[]",
        doc: "Levels for some files: each `[[overrides]]` has `paths` (globs, as for `exclude`) \
              and `rules` (as `[rules]`), applied after `[rules]`, later ones last.",
        example: "[[overrides]]\npaths = [\"src/legacy/**\"]\nrules = { fat-handler = \"allow\", db-in-handler = \"allow\" }",
    },
];

/// The key named `name` (`table.key` for sub-tables).
pub fn key(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.name == name)
}

/// Names accepted in the table `table` (`None`: the top level), for "did you mean".
pub fn names_in(table: Option<&str>) -> Vec<&'static str> {
    let mut names: Vec<&str> = KEYS
        .iter()
        .filter_map(|k| match (table, k.table()) {
            (None, None) => Some(k.name),
            (None, Some(t)) => Some(t),
            (Some(want), Some(t)) if want == t => Some(k.leaf()),
            _ => None,
        })
        .collect();
    names.dedup();
    names
}
