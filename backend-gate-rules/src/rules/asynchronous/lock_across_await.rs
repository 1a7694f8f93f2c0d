//! BG502 lock-across-await.

use super::async_context;
use crate::finding::Diagnostic;
use crate::rule::{Category, Confidence, Level, Preset, Rule, RuleMeta};
use crate::syntax;
use crate::walk::{Cx, MacroNode, AWAITING_MACROS};
use proc_macro2::Span;
use syn::Expr;

/// Metadata of BG502.
pub static META: RuleMeta = RuleMeta {
    code: "BG502",
    name: "lock-across-await",
    category: Category::Async,
    level: Level::Deny,
    preset: Preset::Recommended,
    summary: "a guard from a synchronous `.lock()`/`.read()`/`.write()` (std or parking_lot \
              `Mutex`/`RwLock`) is still alive at a later `.await` in the same scope",
    why: "A synchronous lock guard held across an `.await` keeps the lock taken while the task is \
          suspended. Any other task that then calls `.lock()` blocks its executor thread instead of \
          yielding; when the suspended holder needs that thread to resume (always so on a \
          single-threaded runtime such as each actix-web worker) the server deadlocks, otherwise \
          requests queue behind the lock. `std::sync::MutexGuard` is not `Send`, so `tokio::spawn` \
          and axum reject such futures at compile time, but actix-web handlers, `LocalSet` tasks \
          and parking_lot guards (feature `send_guard`) compile and hang.",
    bad: "async fn hit(state: web::Data<AppState>) -> HttpResponse {\n    \
          let mut stats = state.stats.lock().unwrap();\n    \
          stats.hits += 1;\n    \
          state.db.record_hit().await;\n    \
          HttpResponse::Ok().json(&*stats)\n}",
    good: "async fn hit(state: web::Data<AppState>) -> HttpResponse {\n    \
           let snapshot = {\n        \
           let mut stats = state.stats.lock().unwrap();\n        \
           stats.hits += 1;\n        \
           stats.clone()\n    \
           }; // guard dropped here\n    \
           state.db.record_hit().await;\n    \
           HttpResponse::Ok().json(&snapshot)\n}",
    in_tests: false,
};

/// BG502 lock-across-await.
pub struct LockAcrossAwait;

impl Rule for LockAcrossAwait {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_expr(&self, cx: &Cx, expr: &Expr, out: &mut Vec<Diagnostic>) {
        let Expr::Await(a) = expr else { return };
        if !cx.in_async() {
            return;
        }
        let span = a.dot_token.spans[0]
            .join(a.await_token.span)
            .unwrap_or(a.await_token.span);
        // `let fut = m.lock(); fut.await` awaits an async lock: `fut` is no guard.
        let awaited = syntax::ident_of(syntax::peel_refs(&a.base));
        let point = AwaitPoint {
            span,
            name: "`.await`".into(),
            awaits: &|name| awaited.as_deref() == Some(name),
        };
        report_live_guards(cx, &point, out);
    }

    fn check_macro(&self, cx: &Cx, mac: &MacroNode, out: &mut Vec<Diagnostic>) {
        let name = mac.name();
        if !cx.in_async() || !AWAITING_MACROS.contains(&name.as_str()) {
            return;
        }
        let point = AwaitPoint {
            span: syn::spanned::Spanned::span(&mac.mac.path),
            name: format!("`{name}!`"),
            awaits: &|binding| mentions(mac.mac.tokens.clone(), binding),
        };
        report_live_guards(cx, &point, out);
    }
}

/// An `.await` or an awaiting macro.
struct AwaitPoint<'a> {
    span: Span,
    name: String,
    /// Whether it awaits (or may await) the binding of this name.
    awaits: &'a dyn Fn(&str) -> bool,
}

/// Reports the lock guards of the current body that are alive at this await point and have
/// seen no earlier one (one finding per guard, at the first await point after it).
fn report_live_guards(cx: &Cx, at: &AwaitPoint, out: &mut Vec<Diagnostic>) {
    let here = cx.await_points();
    for b in cx.body_locals() {
        if b.dropped || b.await_points + 1 != here {
            continue;
        }
        let Some(guard) = b.init.and_then(guard_of) else {
            continue;
        };
        // A bare `m.lock()` may be an async lock's future (tokio, futures) rather than a guard:
        // awaiting it, here or in `join!`/`select!`, shows which.
        if !guard.handles_poison && (at.awaits)(&b.name) {
            continue;
        }
        let confidence =
            if guard.handles_poison || guard.method == "lock" && cx.uses_crate("parking_lot") {
                Confidence::High
            } else {
                Confidence::Medium
            };
        let point = &at.name;
        let tokio_type = if guard.method == "lock" {
            "Mutex"
        } else {
            "RwLock"
        };
        out.push(
            Diagnostic::new(
                &META,
                at.span,
                format!(
                    "lock guard `{}` from `.{}()` is held across {point} in {}",
                    b.name,
                    guard.method,
                    async_context(cx)
                ),
            )
            .label(format!("{point} while `{}` is still locked", b.name))
            .secondary(b.span, "guard taken here")
            .help(format!(
                "release the lock before awaiting: scope the guard in a block that ends before the \
                 {point}, or call `drop({})` before it; if the lock must be held across the {point}, \
                 use `tokio::sync::{tokio_type}` (`.{}().await`)",
                b.name, guard.method
            ))
            .confidence(confidence),
        );
    }
}

struct Guard {
    method: String,
    /// `.unwrap()`, `.expect(..)`, `?` … follow: a std lock's `LockResult`, surely a guard.
    handles_poison: bool,
}

/// Whether a macro's tokens name `ident`.
fn mentions(tokens: proc_macro2::TokenStream, ident: &str) -> bool {
    tokens.into_iter().any(|tt| match tt {
        proc_macro2::TokenTree::Ident(i) => i == ident,
        proc_macro2::TokenTree::Group(g) => mentions(g.stream(), ident),
        _ => false,
    })
}

/// The lock a `let` initialiser takes and keeps: `m.lock()`, `m.lock().unwrap()`,
/// `m.write().expect(..)`, `m.read().map_err(..)?`, `m.lock().unwrap_or_else(PoisonError::into_inner)`.
/// Anything applied after that (`.len()`, `.clone()`) makes the guard a temporary.
fn guard_of(init: &Expr) -> Option<Guard> {
    let mut expr = syntax::peel_refs(init);
    let mut handles_poison = false;
    loop {
        expr = match expr {
            Expr::Try(t) => {
                handles_poison = true;
                &t.expr
            }
            Expr::Paren(p) => &p.expr,
            Expr::MethodCall(m) => {
                let method = m.method.to_string();
                match (method.as_str(), m.args.len()) {
                    ("unwrap" | "ok", 0) | ("expect" | "map_err" | "unwrap_or_else", 1) => {
                        handles_poison = true;
                        &m.receiver
                    }
                    ("lock" | "read" | "write", 0) => {
                        return Some(Guard {
                            method,
                            handles_poison,
                        })
                    }
                    _ => return None,
                }
            }
            _ => return None,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule, check_snippet};

    #[test]
    fn std_guards_held_across_await() {
        assert_rule(
            &LockAcrossAwait,
            &["axum", "tokio"],
            r#"
use axum::{extract::State, Json};
use std::sync::{Arc, Mutex, RwLock};

async fn hit(State(state): State<AppState>) -> Json<Stats> {
    let mut stats = state.stats.lock().unwrap();
    stats.hits += 1;
    state.db.record_hit().await; // expect: BG502
    state.db.flush().await;
    Json(stats.clone())
}

async fn read_cfg(State(state): State<AppState>) -> Result<String, AppError> {
    let cfg = state.config.read().map_err(|_| AppError::Poisoned)?;
    let url = cfg.upstream.clone();
    let body = reqwest::get(url).await?.text().await?; // expect: BG502
    Ok(body)
}

async fn write_cache(cache: Arc<RwLock<HashMap<u64, User>>>, id: u64) {
    let mut map = cache.write().expect("cache poisoned");
    if !map.contains_key(&id) {
        let user = fetch_user(id).await; // expect: BG502
        map.insert(id, user);
    }
}

async fn parking(state: Arc<parking_lot::Mutex<Vec<u8>>>, cfg: Arc<parking_lot::RwLock<Cfg>>) {
    let c = cfg.read();
    let url = c.url.clone();
    tokio::select! { // expect: BG502
        r = fetch(url) => {}
        _ = shutdown() => {}
    }
    let _guard = state.lock();
    tokio::time::sleep(std::time::Duration::from_millis(10)).await; // expect: BG502
}

async fn poison_tolerant(m: Arc<Mutex<u32>>) {
    let mut n = m.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    *n += 1;
    notify().await; // expect: BG502
}
"#,
        );
    }

    #[test]
    fn released_or_async_locks_are_quiet() {
        assert_rule(
            &LockAcrossAwait,
            &["axum", "tokio"],
            r#"
use std::sync::{Arc, Mutex};
use tokio::io::AsyncReadExt;

async fn scoped(State(state): State<AppState>) {
    let snapshot = {
        let mut stats = state.stats.lock().unwrap();
        stats.hits += 1;
        stats.clone()
    };
    state.db.record(snapshot).await;
}

async fn dropped(state: Arc<Mutex<Vec<u64>>>) {
    let mut q = state.lock().unwrap();
    let next = q.pop();
    drop(q);
    process(next).await;
}

async fn temporaries(m: Arc<Mutex<Vec<u8>>>) {
    let n = m.lock().unwrap().len();
    let v = m.lock().unwrap().clone();
    m.lock().unwrap().push(1);
    let _ = m.lock().unwrap();
    send(n, v).await;
}

async fn tokio_mutex(m: Arc<tokio::sync::Mutex<Vec<u8>>>, rw: Arc<tokio::sync::RwLock<u8>>) {
    let mut g = m.lock().await;
    g.push(1);
    let r = rw.read().await;
    flush().await;
    let fut = m.lock();
    let g2 = fut.await;
    let (a, b) = (m.lock(), rw.write());
    let a2 = m.lock();
    let b2 = rw.write();
    let (ga, gb) = tokio::join!(a2, b2);
}

async fn io_reads(mut sock: tokio::net::TcpStream, mut file: std::fs::File) {
    let mut buf = [0u8; 1024];
    let n = file.read(&mut buf).unwrap();
    let m = sock.read(&mut buf).await.unwrap();
    sock.write_all(&buf[..m]).await.unwrap();
}

async fn spawned(state: Arc<Mutex<u32>>) {
    let g = state.lock().unwrap();
    let value = *g;
    // the await is in another task's body
    tokio::spawn(async move {
        publish(value).await;
    });
}

fn sync_fn(m: &Mutex<u32>) {
    let g = m.lock().unwrap();
    block_on(async { work().await });
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn t() {
        let g = M.lock().unwrap();
        later().await;
    }
}
"#,
        );
    }

    #[test]
    fn actix_handler_with_select_and_loops() {
        assert_rule(
            &LockAcrossAwait,
            &["actix_web", "tokio"],
            r#"
use actix_web::{web, HttpResponse};
use std::sync::Mutex;

async fn counter(data: web::Data<Mutex<u64>>) -> HttpResponse {
    let mut n = data.lock().unwrap();
    *n += 1;
    tokio::select! { // expect: BG502
        _ = tokio::time::sleep(std::time::Duration::from_secs(1)) => {}
        _ = shutdown() => {}
    }
    HttpResponse::Ok().body(n.to_string())
}

async fn worker(data: web::Data<Mutex<Vec<Job>>>) {
    loop {
        let job = {
            let mut q = data.lock().unwrap();
            q.pop()
        };
        if let Some(job) = job {
            job.run().await;
        }
        let q = data.lock().unwrap();
        if q.is_empty() {
            drop(q);
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
}

async fn in_loop(data: web::Data<Mutex<Vec<Job>>>) {
    for id in ids {
        let g = data.lock().unwrap();
        save(id, g.len()).await; // expect: BG502
    }
}
"#,
        );
    }

    #[test]
    fn async_blocks_are_their_own_scope() {
        assert_rule(
            &LockAcrossAwait,
            &["tokio"],
            r#"
fn start(state: Arc<std::sync::Mutex<u32>>) {
    tokio::spawn(async move {
        let g = state.lock().unwrap();
        tick().await; // expect: BG502
    });
}

async fn outer(state: Arc<std::sync::Mutex<u32>>) {
    let g = state.lock().unwrap();
    let fut = async { tick().await };
    fut.await; // expect: BG502
}
"#,
        );
    }

    #[test]
    fn finding_points_at_await_with_guard_label() {
        let src = "async fn h(m: Arc<Mutex<u8>>) {\n    let guard = m.lock().unwrap();\n    db.save().await;\n}";
        let f = check_snippet(src, &["tokio"], &[&LockAcrossAwait]);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "lock guard `guard` from `.lock()` is held across `.await` in async fn `h`"
        );
        assert_eq!((f[0].range.start.line, f[0].range.start.column), (3, 14));
        assert_eq!(f[0].secondary.len(), 1);
        assert_eq!(f[0].secondary[0].message, "guard taken here");
        assert_eq!(f[0].secondary[0].range.start.line, 2);
        assert!(f[0].help.contains("tokio::sync::Mutex"));
        assert!(f[0].help.contains("drop(guard)"));
        assert_eq!(f[0].confidence, Confidence::High);
    }

    #[test]
    fn bare_guards_are_medium_unless_parking_lot() {
        let src =
            "async fn h(m: Arc<RwLock<u8>>) {\n    let g = m.read();\n    db.save().await;\n}";
        let f = check_snippet(src, &["tokio"], &[&LockAcrossAwait]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].confidence, Confidence::Medium);
        assert!(f[0].help.contains("tokio::sync::RwLock"), "{}", f[0].help);
        let src = "use parking_lot::Mutex;\nasync fn h(m: Arc<Mutex<u8>>) {\n    let g = m.lock();\n    db.save().await;\n}";
        let f = check_snippet(src, &["tokio", "parking_lot"], &[&LockAcrossAwait]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].confidence, Confidence::High);
    }
}
