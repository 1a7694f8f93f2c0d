//! Per-file facts, extracted during the one walk of each file and kept after its syntax tree is
//! gone: functions (signature, attributes, what their bodies do), structs, trait impls, `use`
//! imports per module and router registrations. The cross-file phase (the endpoint model, the
//! handler rules) works on these alone.

pub mod collect;
#[cfg(test)]
mod contract_tests;
pub mod db;
pub mod schema;

use crate::source::Range;
use crate::workspace::PackageInfo;
use std::sync::Arc;

/// A type as written, with its path expanded through the imports of its module.
#[derive(Clone, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct TypeRef {
    /// Path segments (`["axum", "Json"]`); empty for non-path types.
    pub path: Vec<String>,
    /// Generic type arguments (`Json<CreateUser>` → `[CreateUser]`).
    pub args: Vec<TypeRef>,
    /// The type as written, for messages.
    pub text: String,
}

impl TypeRef {
    /// Last path segment (`Json`).
    pub fn name(&self) -> &str {
        self.path.last().map_or("", String::as_str)
    }
}

/// A function parameter.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ParamFact {
    /// Bound names (`Json(body)` → `body`; `payload` → `payload`).
    pub names: Vec<String>,
    /// Its type.
    pub ty: TypeRef,
    /// Where it is.
    pub range: Range,
}

/// An attribute that matters to endpoint detection.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct AttrFact {
    /// Path as written (`get`, `actix_web::get`, `utoipa::path`, `endpoint`).
    pub path: Vec<String>,
    /// The arguments' tokens, as text.
    pub args: String,
    /// Where it is.
    pub range: Range,
}

impl AttrFact {
    /// Last path segment.
    pub fn name(&self) -> &str {
        self.path.last().map_or("", String::as_str)
    }
}

/// What happens in a function body that rules about handlers look at.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum EventKind {
    /// A call into a database library.
    Db {
        /// Library (`sqlx`, `diesel`, `sea_orm`, …).
        #[serde(deserialize_with = "crate::cache::db_library")]
        library: crate::cache::StaticStr,
        /// Whether it writes (INSERT/UPDATE/DELETE).
        write: bool,
        /// Whether it is an insert.
        insert: bool,
    },
    /// `.unwrap()`, `.expect(..)`, `panic!`, `todo!`, `unimplemented!`, `unreachable!`.
    Panic,
    /// A `Result` of a DB or I/O call thrown away (`let _ = ..;`, `..ok();`).
    Swallowed,
    /// The result of a call to a path thrown away (`let _ = repo::delete(..).await;`): a
    /// swallowed error when that function is one of the crate's own database functions.
    Discard {
        /// The called path, resolved through the imports.
        path: Vec<String>,
    },
    /// A call to a path, for the same-crate call graph (resolved through imports).
    Call {
        /// The called path.
        path: Vec<String>,
        /// Locals passed as arguments (`validate_user(&body)` → `body`; `body.0`, `&body.email`
        /// and `body.into_inner()` count).
        args: Vec<String>,
    },
    /// A method call on a name (`body.validate()`, `payload.try_into()`, also through
    /// value-preserving adapters: `body.into_inner().validate()`).
    MethodOn {
        /// The receiver's name.
        receiver: String,
        /// The method.
        method: String,
    },
    /// `if` or `match` on a field of a name that rejects: a branch returns early or evaluates to
    /// an error (`if body.name.is_empty() { return Err(..) }`, `if .. { Flash::error(..) } else
    /// { .. }`, `match form.kind.as_str() { "a" => .., _ => return Err(..) }`).
    GuardOn {
        /// The name whose field is tested.
        receiver: String,
    },
    /// A tracing/log event macro, or an audit call.
    Log,
    /// `StatusCode::CREATED`, `HttpResponse::Created()`, `status::Created`.
    Created,
    /// Another explicit success or redirect status (`StatusCode::ACCEPTED`,
    /// `HttpResponse::NoContent()`, `Redirect::to(..)`): the code chose its status on purpose.
    Status {
        /// The status code (2xx other than 200/201, or 3xx).
        code: u16,
    },
    /// The body reads a credential by name: the `Authorization` header (`header::AUTHORIZATION`,
    /// `"authorization"`), an API-key header (`"x-api-key"`) or a session/token cookie
    /// (`jar.get("session")`, `req.cookie("token")`).
    Credential,
    /// `let name = from…;` — a local bound from another local (`let user = body.into_inner();`,
    /// `let data = form.0;`, `let CreateUser { email, .. } = body;`).
    Bind {
        /// The new local.
        name: String,
        /// The local its value comes from.
        from: String,
    },
}

/// One event, where it happened, and the code that shows it.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Event {
    /// What.
    pub kind: EventKind,
    /// The evidence (`sqlx::query(..).fetch_one`), for messages.
    pub evidence: String,
    /// Where.
    pub range: Range,
}

/// A function, method or handler closure.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct FnFacts {
    /// Name (`create_user`; `{closure}` for handler closures).
    pub name: String,
    /// Module path it is defined in (`shop::routes::orders`).
    pub module: String,
    /// `Self` type of the impl it belongs to.
    pub self_ty: Option<String>,
    /// Span of the name (closures: the closure's head).
    pub name_range: Range,
    /// Span of the whole item.
    pub range: Range,
    /// `async fn` or async closure.
    pub is_async: bool,
    /// Test code.
    pub is_test: bool,
    /// Has a `///` doc comment.
    pub documented: bool,
    /// Attributes relevant to endpoints (route macros, `#[endpoint]`, `#[instrument]` …).
    pub attrs: Vec<AttrFact>,
    /// Parameters.
    pub params: Vec<ParamFact>,
    /// The declared return type.
    pub ret: Option<TypeRef>,
    /// What the body does.
    pub events: Vec<Event>,
    /// 1 + branches + extra match arms + loops + `&&`/`||`.
    pub complexity: u32,
    /// Statements in the body, nested blocks included.
    pub statements: u32,
    /// The contract declared with backend-gate's `#[endpoint(...)]`, when it is valid.
    pub contract: Option<backend_gate_grammar::EndpointContract>,
    /// Callable from outside its module: `pub` (any restriction), a trait method, or a method
    /// of a trait impl.
    pub is_pub: bool,
    /// `prefix_path` of poem-openapi's `#[OpenApi(..)]` on the impl it belongs to.
    pub openapi_prefix: Option<String>,
}

impl FnFacts {
    /// The attribute whose last segment is `name`.
    pub fn attr(&self, name: &str) -> Option<&AttrFact> {
        self.attrs.iter().find(|a| a.name() == name)
    }
}

/// A struct with its derives and fields.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct StructFacts {
    /// Name.
    pub name: String,
    /// Module path.
    pub module: String,
    /// Derived traits (last segments).
    pub derives: Vec<String>,
    /// Named fields.
    pub fields: Vec<(String, TypeRef)>,
    /// Where the name is.
    pub range: Range,
    /// Values are checked while they are built, without a `.validate()` call: rocket
    /// `#[field(validate = ..)]`, poem-openapi `#[oai(validator(..))]`, serde
    /// `#[serde(try_from = "..")]`, `#[nutype(validate(..))]`.
    pub self_validating: bool,
    /// The database table it maps, as declared: diesel `#[diesel(table_name = posts)]` (last
    /// segment of a path), sea-orm `#[sea_orm(table_name = "posts")]`.
    pub table: Option<String>,
    /// Defined in test code (`#[cfg(test)]` module).
    pub is_test: bool,
}

/// A diesel `table!` schema declaration (`users (id) { id -> Int4, name -> Varchar, }`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableFacts {
    /// Table name (the SQL name when `#[sql_name = ".."]` renames it).
    pub name: String,
    /// Module path of the declaration.
    pub module: String,
    /// Primary-key columns (`(id)`; diesel's default is `id`).
    pub primary_key: Vec<String>,
    /// Columns and their SQL types as written (`Nullable<Varchar>`), in declaration order.
    pub columns: Vec<(String, String)>,
    /// Where the table name is.
    pub range: Range,
}

/// An enum.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct EnumFacts {
    /// Name.
    pub name: String,
    /// Module path.
    pub module: String,
    /// Every variant is a unit variant (`enum Role { Admin, User }`).
    pub unit_only: bool,
    /// HTTP statuses its variants declare as a response type (poem-openapi `#[oai(status = 201)]`,
    /// utoipa `#[response(status = 201)]`).
    pub statuses: Vec<u16>,
}

/// A trait implementation, summarised.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ImplFacts {
    /// Trait (last segment: `FromRequestParts`, `Validate`, `TryFrom`).
    pub trait_name: String,
    /// Trait generic arguments (`TryFrom<CreateUserBody>` → `CreateUserBody`).
    pub trait_args: Vec<TypeRef>,
    /// The implementing type's name.
    pub self_ty: String,
    /// Module path.
    pub module: String,
    /// The impl reads credentials: the `Authorization` header, a cookie, a session or a token.
    pub reads_credentials: bool,
    /// An extractor impl that validates what it extracts (mentions `validate`/`Validate`).
    pub validates: bool,
    /// The types an extractor impl extracts in turn (`OrgHeaders::from_request(req)`): it
    /// authenticates when one of them does.
    pub extracts: Vec<String>,
    /// In test code (`#[cfg(test)]` module or impl).
    pub is_test: bool,
}

/// The `use` imports of one module (a file or an inline `mod`).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ModuleFacts {
    /// Module path.
    pub path: String,
    /// Imported names and the path each stands for, as written (`["crate", "db", "users"]`).
    pub imports: Vec<(String, Vec<String>)>,
    /// Glob imports (`use crate::handlers::*` → `["crate", "handlers"]`).
    pub globs: Vec<Vec<String>>,
}

/// Everything extracted from one file.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct FileFacts {
    /// Path relative to the workspace root.
    pub path: String,
    /// Module path of the file.
    pub module: String,
    /// Its package. Not stored by the result cache: restored from the file's `FileInfo`, which
    /// is part of the cache key.
    #[serde(skip)]
    pub package: Arc<PackageInfo>,
    /// Test file.
    pub is_test: bool,
    /// The web framework the file's imports (or its package) point to.
    pub framework: Option<crate::endpoints::router::Framework>,
    /// The file's module and its inline modules.
    pub modules: Vec<ModuleFacts>,
    /// Functions, methods and handler closures.
    pub fns: Vec<FnFacts>,
    /// Structs.
    pub structs: Vec<StructFacts>,
    /// Enums.
    pub enums: Vec<EnumFacts>,
    /// Trait impls.
    pub impls: Vec<ImplFacts>,
    /// Router registrations found in the file.
    pub routers: Vec<crate::endpoints::router::RouterChain>,
    /// String literals and identifiers that appear in test code (to tell tested endpoints).
    pub test_mentions: Vec<String>,
    /// diesel `table!` declarations.
    pub tables: Vec<TableFacts>,
    /// Its `// backend-gate: allow(..)` comments, resolved to the lines they cover (item and
    /// statement extents need the syntax tree, so this is done while it is at hand). The engine
    /// takes them out before building the model.
    pub suppressions: crate::suppress::Suppressions,
}
