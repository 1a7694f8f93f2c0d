//! Async rules: blocking work on the executor and locks held across `.await`.

pub mod blocking_in_async;
pub mod lock_across_await;

use crate::walk::Cx;
use syn::Expr;

/// Where the current node runs, for messages: "async fn `load`", "an async block in `main`".
pub(crate) fn async_context(cx: &Cx) -> String {
    let in_block = cx.ancestors().any(|e| {
        matches!(e, Expr::Async(_)) || matches!(e, Expr::Closure(c) if c.asyncness.is_some())
    });
    match (in_block, cx.enclosing_fn()) {
        (false, Some(name)) => format!("async fn `{name}`"),
        (true, Some(name)) => format!("an async block in `{name}`"),
        (_, None) => "an async block".to_string(),
    }
}

/// The idiomatic way to move blocking work off the executor in this code base.
pub(crate) fn offload_hint(cx: &Cx) -> &'static str {
    if cx.uses_crate("actix_web") {
        "`web::block(move || ..).await`"
    } else {
        "`tokio::task::spawn_blocking(move || ..).await`"
    }
}
