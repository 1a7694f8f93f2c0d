//! BG501 blocking-in-async.

use super::{async_context, offload_hint};
use crate::finding::Diagnostic;
use crate::rule::{Category, Confidence, Level, Preset, Rule, RuleMeta};
use crate::syntax;
use crate::walk::Cx;
use syn::Expr;

/// Metadata of BG501.
pub static META: RuleMeta = RuleMeta {
    code: "BG501",
    name: "blocking-in-async",
    category: Category::Async,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "a blocking call inside async code: `std::thread::sleep`, `std::fs`, std `File::open`, \
              `std::net` sockets, `reqwest::blocking`, `ureq`, std `Command::output/status`, \
              bcrypt/argon2/scrypt/pbkdf2 hashing, synchronous diesel queries, `block_on`",
    why: "An async runtime runs many tasks on a few executor threads. A call that blocks (sleeps, waits \
          on the disk, the network, a child process or a database, or burns CPU hashing a password) \
          holds its thread for the whole time, so every other request scheduled on that thread waits \
          too: latency spikes under load and, when all threads are blocked, the server stops \
          answering. `block_on` inside async code can deadlock outright. Use the async equivalent, or \
          move the work to the blocking thread pool (`tokio::task::spawn_blocking`, actix \
          `web::block`, deadpool-diesel `interact`).",
    bad: "async fn avatar(Path(id): Path<u64>) -> Result<Vec<u8>, AppError> {\n    \
          std::thread::sleep(Duration::from_millis(50));\n    \
          let bytes = std::fs::read(format!(\"avatars/{id}.png\"))?;\n    \
          Ok(bytes)\n}",
    good: "async fn avatar(Path(id): Path<u64>) -> Result<Vec<u8>, AppError> {\n    \
           tokio::time::sleep(Duration::from_millis(50)).await;\n    \
           let bytes = tokio::fs::read(format!(\"avatars/{id}.png\")).await?;\n    \
           Ok(bytes)\n}",
    in_tests: false,
};

/// BG501 blocking-in-async.
pub struct BlockingInAsync;

/// The kind of blocking work, which decides the async alternative suggested.
enum Kind {
    Sleep,
    /// File system work; the tokio equivalent.
    Fs(String),
    /// Socket work; the tokio equivalent.
    Net(String),
    HttpClient,
    Process,
    Hash,
    Diesel,
    BlockOn,
}

struct Blocking {
    what: String,
    kind: Kind,
    confidence: Confidence,
}

/// `ureq` functions that send a request (agents and configs do no I/O by themselves).
const UREQ_REQUESTS: &[&str] = &[
    "get",
    "post",
    "put",
    "delete",
    "patch",
    "head",
    "options",
    "trace",
    "request",
    "request_url",
    "run",
];

/// Crates whose `block_on` is certainly the executor-blocking kind.
const BLOCK_ON_CRATES: &[&str] = &[
    "futures",
    "futures_executor",
    "tokio",
    "async_std",
    "smol",
    "pollster",
];

/// Crates whose `PasswordHasher`/`PasswordVerifier` impls hash passwords.
const PASSWORD_HASH_CRATES: &[&str] = &["argon2", "password_hash", "scrypt", "pbkdf2"];

impl Rule for BlockingInAsync {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_expr(&self, cx: &Cx, expr: &Expr, out: &mut Vec<Diagnostic>) {
        if !cx.in_async() {
            return;
        }
        let found = match expr {
            Expr::Call(c) => blocking_call(cx, c),
            Expr::MethodCall(m) => blocking_method(cx, expr, m),
            _ => None,
        };
        let Some(b) = found else { return };
        if !matches!(b.kind, Kind::BlockOn) && in_async_main(cx) {
            return;
        }
        out.push(
            Diagnostic::new(
                &META,
                syntax::report_span(expr),
                format!("{} in {}", b.what, async_context(cx)),
            )
            .label(label(&b.kind))
            .help(help(cx, &b.kind))
            .confidence(b.confidence),
        );
    }
}

/// Whether the node is in the body of `#[tokio::main] async fn main` itself (not in a task or
/// route it creates): start-up work there (reading config, binding a std listener) runs before
/// the server serves anyone, so blocking starves no request.
fn in_async_main(cx: &Cx) -> bool {
    cx.enclosing_fn().as_deref() == Some("main")
        && !cx.ancestors().any(|e| {
            matches!(e, Expr::Async(_)) || matches!(e, Expr::Closure(c) if c.asyncness.is_some())
        })
}

/// A call of a blocking fn, resolved through the `use` imports in scope.
fn blocking_call(cx: &Cx, call: &syn::ExprCall) -> Option<Blocking> {
    let Expr::Path(p) = &*call.func else {
        return None;
    };
    let path = resolved(cx, &p.path);
    let segs: Vec<&str> = path.iter().map(String::as_str).collect();
    let name = format!("`{}`", segs.join("::"));
    let blocking = |kind| Blocking {
        what: format!("blocking call {name}"),
        kind,
        confidence: Confidence::High,
    };
    let hashing = || Blocking {
        what: format!("blocking password hashing {name}"),
        kind: Kind::Hash,
        confidence: Confidence::High,
    };
    Some(match segs[..] {
        ["std", "thread", "sleep"] => blocking(Kind::Sleep),
        ["std", "fs", f] if f.starts_with(|c: char| c.is_ascii_lowercase()) => {
            blocking(Kind::Fs(format!("tokio::fs::{f}")))
        }
        ["std", "fs", "File", f @ ("open" | "create" | "create_new")] => {
            blocking(Kind::Fs(format!("tokio::fs::File::{f}")))
        }
        ["std", "net", ty @ ("TcpStream" | "TcpListener" | "UdpSocket"), "connect" | "connect_timeout" | "bind"] =>
        {
            let f = if ty == "TcpStream" { "connect" } else { "bind" };
            blocking(Kind::Net(format!("tokio::net::{ty}::{f}")))
        }
        ["reqwest", "blocking", ..] => blocking(Kind::HttpClient),
        ["ureq", f] if UREQ_REQUESTS.contains(&f) => blocking(Kind::HttpClient),
        ["bcrypt", f]
            if ["hash", "verify", "non_truncating"]
                .iter()
                .any(|p| f.starts_with(p)) =>
        {
            hashing()
        }
        ["argon2", "hash_encoded" | "hash_raw" | "verify_encoded" | "verify_raw"] => hashing(),
        ["scrypt", "scrypt"] => hashing(),
        ["pbkdf2", f] if f.starts_with("pbkdf2") => hashing(),
        [first, .., "block_on"] | [first @ "block_on"] => Blocking {
            confidence: if BLOCK_ON_CRATES.contains(&first) {
                Confidence::High
            } else {
                Confidence::Medium
            },
            ..blocking(Kind::BlockOn)
        },
        _ => return None,
    })
}

/// A blocking method call: recognised by its receiver chain (std `Command`, std `OpenOptions`)
/// or, less surely, by its name in a file that imports the library.
fn blocking_method(cx: &Cx, expr: &Expr, m: &syn::ExprMethodCall) -> Option<Blocking> {
    let method = m.method.to_string();
    let root = || root_call_path(cx, &m.receiver).unwrap_or_default();
    let (what, kind, confidence) = match method.as_str() {
        "output" | "status"
            if m.args.is_empty() && root() == ["std", "process", "Command", "new"] =>
        {
            (
                format!("blocking call `std::process::Command::{method}`"),
                Kind::Process,
                Confidence::High,
            )
        }
        "open"
            if m.args.len() == 1
                && matches!(
                    root().iter().map(String::as_str).collect::<Vec<_>>()[..],
                    ["std", "fs", "OpenOptions", "new"] | ["std", "fs", "File", "options"]
                ) =>
        {
            (
                "blocking call `std::fs::OpenOptions::open`".to_string(),
                Kind::Fs("tokio::fs::OpenOptions::open".to_string()),
                Confidence::High,
            )
        }
        "hash_password" | "verify_password" | "hash_password_into"
            if !cx.is_awaited(expr) && PASSWORD_HASH_CRATES.iter().any(|k| cx.imports_crate(k)) =>
        {
            (
                format!("blocking password hashing `.{method}(..)`"),
                Kind::Hash,
                Confidence::Medium,
            )
        }
        _ if crate::facts::db::DIESEL_TERMINALS.contains(&method.as_str())
            && m.args.len() == 1
            && !cx.is_awaited(expr)
            && cx.imports_crate("diesel")
            && !cx.uses_crate("diesel_async")
            && looks_like_connection(&m.args[0]) =>
        {
            (
                format!("synchronous diesel query `.{method}(..)`"),
                Kind::Diesel,
                Confidence::Medium,
            )
        }
        "block_on" if m.args.len() == 1 => (
            "blocking call `.block_on(..)`".to_string(),
            Kind::BlockOn,
            Confidence::Medium,
        ),
        _ => return None,
    };
    Some(Blocking {
        what,
        kind,
        confidence,
    })
}

/// The resolved path without the empty segment a leading `::` in a `use` leaves.
fn resolved(cx: &Cx, path: &syn::Path) -> Vec<String> {
    let mut segs = cx.resolve(path);
    segs.retain(|s| !s.is_empty());
    segs
}

/// The resolved path of the call a method chain starts from (`Command::new("git").arg("x")` gives
/// `std::process::Command::new`), following one local binding (`let mut cmd = Command::new(..)`).
fn root_call_path(cx: &Cx, receiver: &Expr) -> Option<Vec<String>> {
    let mut root = chain_root(receiver);
    if let Some(init) = syntax::ident_of(root).and_then(|name| cx.local(&name)?.init) {
        root = chain_root(init);
    }
    match root {
        Expr::Call(c) => match &*c.func {
            Expr::Path(p) => Some(resolved(cx, &p.path)),
            _ => None,
        },
        _ => None,
    }
}

fn chain_root(mut expr: &Expr) -> &Expr {
    loop {
        expr = match expr {
            Expr::MethodCall(m) => &m.receiver,
            Expr::Try(t) => &t.expr,
            Expr::Paren(p) => &p.expr,
            Expr::Reference(r) => &r.expr,
            _ => return expr,
        };
    }
}

/// Whether a diesel method's argument looks like a connection: `&mut conn` (diesel 2 takes
/// `&mut`), or a name such as `conn`, `db`, `tx`, `pg_conn`.
fn looks_like_connection(arg: &Expr) -> bool {
    if matches!(arg, Expr::Reference(r) if r.mutability.is_some()) {
        return true;
    }
    let name = match syntax::peel_refs(arg) {
        Expr::Path(p) => syntax::last_ident(&p.path),
        Expr::Field(f) => match &f.member {
            syn::Member::Named(n) => n.to_string(),
            syn::Member::Unnamed(_) => return false,
        },
        Expr::Unary(u) => return looks_like_connection(&u.expr),
        _ => return false,
    };
    syntax::words(&name).iter().any(|w| {
        matches!(
            w.as_str(),
            "conn"
                | "connection"
                | "db"
                | "database"
                | "tx"
                | "transaction"
                | "pg"
                | "mysql"
                | "sqlite"
        )
    })
}

fn label(kind: &Kind) -> &'static str {
    match kind {
        Kind::Sleep => "puts the executor thread to sleep",
        Kind::Fs(_) | Kind::Net(_) | Kind::HttpClient | Kind::Process => {
            "blocking I/O on an executor thread"
        }
        Kind::Hash => "CPU-heavy hashing on an executor thread",
        Kind::Diesel => "synchronous database round-trip on an executor thread",
        Kind::BlockOn => "blocks the executor thread on a future",
    }
}

fn help(cx: &Cx, kind: &Kind) -> String {
    let offload = offload_hint(cx);
    match kind {
        Kind::Sleep => {
            "use `tokio::time::sleep(duration).await`, which lets other tasks run while waiting"
                .into()
        }
        Kind::Fs(alt) => format!("use `{alt}(..).await`, or move the file work into {offload}"),
        Kind::Net(alt) => format!("use `{alt}(..).await`"),
        Kind::HttpClient => {
            format!("use the async `reqwest::Client` and `.await` the request, or move the call into {offload}")
        }
        Kind::Process => {
            "use `tokio::process::Command` and `.await` its `.output()`/`.status()`".into()
        }
        Kind::Hash => format!("password hashing is deliberately slow: run it in {offload}"),
        Kind::Diesel => format!(
            "use diesel-async and `.await` the query, or run it on a blocking thread: \
             deadpool-diesel `conn.interact(move |conn| ..).await` or {offload}"
        ),
        Kind::BlockOn => {
            "`.await` the future instead: `block_on` inside async code stalls the executor \
                          thread and deadlocks when the future needs that thread"
                .into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule, check_snippet};

    #[test]
    fn std_sleep_fs_and_net_in_axum_handlers() {
        assert_rule(
            &BlockingInAsync,
            &["axum", "tokio", "serde"],
            r#"
use axum::{extract::Path, Json};
use std::fs;
use std::fs::File;
use std::io::Read;
use std::thread;
use std::time::Duration;

async fn slow(Path(id): Path<u64>) -> String {
    thread::sleep(Duration::from_millis(200)); // expect: BG501
    std::thread::sleep(Duration::from_secs(1)); // expect: BG501
    let cfg = fs::read_to_string("config.toml").unwrap(); // expect: BG501
    let mut f = File::open(format!("avatars/{id}.png")).unwrap(); // expect: BG501
    let mut buf = Vec::new();
    f.read_to_end(&mut buf).unwrap();
    std::fs::create_dir_all("uploads").unwrap(); // expect: BG501
    let out = std::fs::OpenOptions::new().append(true).open("audit.log"); // expect: BG501
    let conn = std::net::TcpStream::connect("127.0.0.1:6379"); // expect: BG501
    cfg
}

struct Store;
impl Store {
    async fn save(&self, body: &[u8]) -> std::io::Result<()> {
        std::fs::write("blob.bin", body) // expect: BG501
    }
}

// sync fns may block: they are not run on the executor by themselves
fn load_config() -> String {
    std::thread::sleep(Duration::from_millis(10));
    fs::read_to_string("config.toml").unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn fixture() {
        let s = std::fs::read_to_string("tests/data.json").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}
"#,
        );
    }

    #[test]
    fn closures_given_to_pool_runners_are_quiet() {
        assert_rule(
            &BlockingInAsync,
            &["rocket", "rocket_sync_db_pools", "diesel"],
            r#"
use diesel::prelude::*;
use rocket_sync_db_pools::database;
#[post("/", data = "<post>")]
async fn create(db: Db, post: Json<Post>) -> Result<Json<Post>> {
    let value = post.clone();
    // rocket_sync_db_pools runs the closure on a blocking thread
    let id: Option<i32> = db.run(move |conn| {
        diesel::insert_into(posts::table).values(&*value).returning(posts::id).get_result(conn)
    }).await?;
    let n: i64 = db.run(|conn| posts::table.count().get_result(conn)).await?;
    let rows: Vec<Post> = posts::table.load(&mut other_conn)?; // expect: BG501
    Ok(post)
}
"#,
        );
    }

    #[test]
    fn tokio_and_async_std_equivalents_are_quiet() {
        assert_rule(
            &BlockingInAsync,
            &["axum", "tokio", "async_std"],
            r#"
use tokio::fs;
use tokio::fs::File;
use tokio::io::AsyncReadExt;
use tokio::process::Command;
use tokio::time::sleep;
use std::time::Duration;

async fn fine() -> std::io::Result<String> {
    sleep(Duration::from_millis(200)).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let cfg = fs::read_to_string("config.toml").await?;
    let mut f = File::open("avatar.png").await?;
    let mut buf = Vec::new();
    f.read_to_end(&mut buf).await?;
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await?;
    let out = Command::new("git").arg("rev-parse").arg("HEAD").output().await?;
    let status = tokio::process::Command::new("true").status().await?;
    let data = async_std::fs::read("x").await?;
    // std path types that do no I/O
    let p = std::path::Path::new("a").join("b");
    let opts = tokio::fs::OpenOptions::new().append(true).open("audit.log").await?;
    Ok(cfg)
}
"#,
        );
    }

    #[test]
    fn blocking_wrappers_are_quiet() {
        assert_rule(
            &BlockingInAsync,
            &["actix_web", "tokio", "bcrypt"],
            r#"
use actix_web::{web, HttpResponse};
use std::time::Duration;

async fn report(pool: web::Data<Pool>) -> HttpResponse {
    let body = web::block(move || std::fs::read_to_string("report.csv")).await;
    let digest = tokio::task::spawn_blocking(move || bcrypt::hash("pw", 12)).await;
    let n = tokio::task::block_in_place(|| {
        std::thread::sleep(Duration::from_millis(5));
        tokio::runtime::Handle::current().block_on(count())
    });
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(60));
        std::fs::remove_file("tmp.lock").ok();
    });
    std::thread::Builder::new().name("gc".into()).spawn(move || std::fs::remove_dir_all("tmp"));
    tokio::runtime::Handle::current().spawn_blocking(move || std::fs::write("a", "b"));
    // an async block handed to tokio::spawn is async again
    tokio::spawn(async move {
        std::thread::sleep(Duration::from_secs(1)); // expect: BG501
    });
    HttpResponse::Ok().finish()
}
"#,
        );
    }

    #[test]
    fn http_clients_and_processes() {
        assert_rule(
            &BlockingInAsync,
            &["axum", "tokio", "reqwest", "ureq"],
            r#"
use std::process::Command;
use reqwest::blocking::Client;

async fn webhook(url: String) -> Result<(), AppError> {
    let body = reqwest::blocking::get(&url)?.text()?; // expect: BG501
    let client = Client::new(); // expect: BG501
    let r = ureq::post(&url).send_json(serde_json::json!({"ok": true})); // expect: BG501
    let out = Command::new("pg_dump").arg("--schema-only").output()?; // expect: BG501
    let mut cmd = Command::new("convert");
    cmd.arg("in.png").arg("out.webp");
    let status = cmd.status()?; // expect: BG501
    // spawning returns immediately; async client is fine
    let child = Command::new("worker").spawn()?;
    let ok = reqwest::Client::new().get(&url).send().await?;
    Ok(())
}
"#,
        );
    }

    #[test]
    fn password_hashing() {
        assert_rule(
            &BlockingInAsync,
            &["axum", "tokio", "bcrypt", "argon2"],
            r#"
use argon2::{password_hash::{PasswordHasher, PasswordVerifier, SaltString}, Argon2, PasswordHash};
use bcrypt::{hash, verify, DEFAULT_COST};

async fn register(Json(req): Json<Register>) -> Result<StatusCode, AppError> {
    let h = hash(&req.password, DEFAULT_COST)?; // expect: BG501
    let ok = bcrypt::verify(&req.password, &h)?; // expect: BG501
    let salt = SaltString::generate(&mut OsRng);
    let phc = Argon2::default().hash_password(req.password.as_bytes(), &salt)?; // expect: BG501
    let parsed = PasswordHash::new(&stored)?;
    Argon2::default().verify_password(req.password.as_bytes(), &parsed)?; // expect: BG501
    let key = pbkdf2::pbkdf2_hmac_array::<Sha256, 32>(b"pw", b"salt", 600_000); // expect: BG501
    // the project's own async wrapper is awaited: quiet
    let h2 = self.hasher.hash_password(&req.password).await?;
    Ok(StatusCode::CREATED)
}

fn hash_sync(pw: &str) -> String {
    hash(pw, DEFAULT_COST).unwrap_or_default()
}
"#,
        );
    }

    #[test]
    fn argon2_method_names_need_the_import() {
        assert_rule(
            &BlockingInAsync,
            &["axum", "tokio"],
            r#"
use crate::auth::Hasher;
async fn login(hasher: Hasher, pw: String) -> bool {
    hasher.verify_password(&pw, "stored")
}
"#,
        );
    }

    #[test]
    fn sync_diesel_in_async_handlers() {
        assert_rule(
            &BlockingInAsync,
            &["axum", "tokio", "diesel", "deadpool_diesel"],
            r#"
use diesel::prelude::*;
use crate::schema::users::dsl::*;

async fn list_users(State(pool): State<Pool>) -> Result<Json<Vec<User>>, AppError> {
    let mut conn = pool.get()?;
    let all = users.filter(active.eq(true)).load::<User>(&mut conn)?; // expect: BG501
    let one = users.find(7).first::<User>(&mut conn)?; // expect: BG501
    diesel::delete(users.filter(id.eq(9))).execute(&mut conn)?; // expect: BG501
    // deadpool-diesel runs the closure on a blocking thread
    let rows = pool.get().await?.interact(|conn| users.load::<User>(conn)).await??;
    // not a diesel call: no connection argument
    let first = all.first();
    let cfg = settings.load("app.toml");
    Ok(Json(all))
}

fn repo_list(conn: &mut PgConnection) -> QueryResult<Vec<User>> {
    users.load::<User>(conn)
}
"#,
        );
    }

    #[test]
    fn diesel_async_is_quiet() {
        assert_rule(
            &BlockingInAsync,
            &["axum", "tokio", "diesel", "diesel_async"],
            r#"
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use crate::schema::users::dsl::*;

async fn list_users(State(pool): State<Pool>) -> Result<Json<Vec<User>>, AppError> {
    let mut conn = pool.get().await?;
    let all = users.load::<User>(&mut conn).await?;
    let q = users.filter(active.eq(true)).load::<User>(&mut conn);
    Ok(Json(q.await?))
}
"#,
        );
        // without diesel-async in the package, only awaited calls are quiet
        assert_rule(
            &BlockingInAsync,
            &["axum", "tokio", "diesel"],
            r#"
use diesel::prelude::*;
async fn n(mut conn: PgConnection) {
    let a = users.load::<User>(&mut conn).await;
    let b = users.count().get_result::<i64>(&mut conn); // expect: BG501
}
"#,
        );
    }

    #[test]
    fn block_on_in_async_code() {
        assert_rule(
            &BlockingInAsync,
            &["axum", "tokio", "futures"],
            r#"
use futures::executor::block_on;

async fn handler(State(state): State<AppState>) -> String {
    let a = block_on(state.cache.get("k")); // expect: BG501
    let b = futures::executor::block_on(fetch()); // expect: BG501
    let c = tokio::runtime::Handle::current().block_on(fetch()); // expect: BG501
    let names: Vec<_> = ids.iter().map(|id| block_on(lookup(*id))).collect(); // expect: BG501
    a
}

fn main() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(serve());
    futures::executor::block_on(async { serve().await });
}
"#,
        );
    }

    #[test]
    fn async_blocks_and_closures() {
        assert_rule(
            &BlockingInAsync,
            &["axum", "tokio"],
            r#"
use axum::{routing::get, Router};

fn routes() -> Router {
    Router::new()
        .route("/slow", get(|| async { std::thread::sleep(std::time::Duration::from_secs(1)); "ok" })) // expect: BG501
        .route("/cfg", get(|| async move { std::fs::read_to_string("a").unwrap_or_default() })) // expect: BG501
}

fn main() {
    // sync main: blocking is fine here
    let cfg = std::fs::read_to_string("config.toml").unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let listener = std::net::TcpListener::bind("0.0.0.0:3000").unwrap(); // expect: BG501
    });
}
"#,
        );
    }

    #[test]
    fn resolution_follows_imports_in_scope() {
        assert_rule(
            &BlockingInAsync,
            &["axum", "tokio"],
            r#"
use std::fs::{self as stdfs, File as StdFile};

async fn upload() {
    use tokio::fs::File;
    let f = File::create("upload.bin").await;
    let g = StdFile::create("upload.bin"); // expect: BG501
    let h = stdfs::metadata("upload.bin"); // expect: BG501
}

async fn unknown_file_type() {
    // no import says which `File` this is: no finding
    let f = File::open("a");
    let s = fs::read_to_string("a");
}

mod handlers {
    use tokio::fs;
    pub async fn read() -> String {
        fs::read_to_string("a").await.unwrap_or_default()
    }
}
"#,
        );
    }

    #[test]
    fn start_up_code_in_async_main_is_quiet() {
        assert_rule(
            &BlockingInAsync,
            &["axum", "tokio", "futures"],
            r#"
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cfg: Config = toml::from_str(&std::fs::read_to_string("config.toml")?)?;
    let std_listener = std::net::TcpListener::bind(&cfg.addr)?;
    let listener = tokio::net::TcpListener::from_std(std_listener)?;
    let n = futures::executor::block_on(warm_up()); // expect: BG501
    tokio::spawn(async move {
        loop {
            std::thread::sleep(std::time::Duration::from_secs(60)); // expect: BG501
        }
    });
    axum::serve(listener, app()).await?;
    Ok(())
}
"#,
        );
    }

    #[test]
    fn message_names_call_context_and_fix() {
        let src = "use std::fs;\nasync fn load_config() { let _ = fs::read_to_string(\"a\"); }\n\
                   fn main() { let _ = async { std::thread::sleep(d) }; }";
        let f = check_snippet(src, &["tokio"], &[&BlockingInAsync]);
        assert_eq!(f.len(), 2);
        assert_eq!(
            f[0].message,
            "blocking call `std::fs::read_to_string` in async fn `load_config`"
        );
        assert!(
            f[0].help.contains("tokio::fs::read_to_string"),
            "{}",
            f[0].help
        );
        assert_eq!(f[0].confidence, Confidence::High);
        assert_eq!(
            f[1].message,
            "blocking call `std::thread::sleep` in an async block in `main`"
        );
        assert!(f[1].help.contains("tokio::time::sleep"));
    }

    #[test]
    fn name_based_matches_are_medium_and_actix_gets_web_block() {
        let src = "use diesel::prelude::*;\nasync fn h(pool: web::Data<DbPool>) { let mut conn = pool.get().unwrap(); let _ = users.load::<User>(&mut conn); }";
        let f = check_snippet(src, &["actix_web", "diesel"], &[&BlockingInAsync]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].confidence, Confidence::Medium);
        assert!(f[0].help.contains("web::block"), "{}", f[0].help);
        assert!(f[0].help.contains("interact"), "{}", f[0].help);
    }
}
