//! Error-handling rules: panics in handlers, swallowed errors and error details leaked to clients.
//! Shared here: how a handler is named in messages, the error type each framework expects, and
//! the same-crate functions a handler reaches through its calls.

pub mod error_detail_leak;
pub mod panic_in_handler;
pub mod swallowed_error;

use crate::endpoints::resolve::{FnId, Index};
use crate::endpoints::router::Framework;
use crate::endpoints::Model;
use crate::facts::EventKind;
use crate::rules::handlers::Handler;
use crate::source::Range;
use std::collections::{HashSet, VecDeque};

/// "handler `create_user`", or "the closure handler of GET /health" for closures.
pub(crate) fn handler_name(h: &Handler) -> String {
    if h.facts.name == "{closure}" {
        format!(
            "the closure handler of {}",
            crate::rules::handlers::describe_endpoints(h)
        )
    } else {
        format!("handler `{}`", h.facts.name)
    }
}

/// How a handler of `framework` turns an error into a response instead of panicking.
pub(crate) fn error_response_hint(framework: Option<Framework>) -> &'static str {
    match framework {
        Some(Framework::Axum) => {
            "make the handler return `Result<_, AppError>` where `AppError: IntoResponse`, and use `?` \
             (`.ok_or(AppError::NotFound)?` for an `Option`)"
        }
        Some(Framework::ActixWeb) => {
            "make the handler return `Result<_, AppError>` where `AppError: actix_web::ResponseError`, and use `?` \
             (`.ok_or(AppError::NotFound)?` for an `Option`)"
        }
        Some(Framework::Rocket) => {
            "make the handler return `Result<_, status::Custom<String>>` (or an error type implementing `Responder`) \
             and use `?` (`.ok_or(Status::NotFound)?` for an `Option`)"
        }
        _ => {
            "make the handler return a `Result` whose error type converts into an error response, and use `?` \
             (`.ok_or(..)?` for an `Option`)"
        }
    }
}

/// A function a handler reaches through calls resolved in its own crate.
pub(crate) struct Reached {
    /// The function.
    pub id: FnId,
    /// Calls from the handler (0 for the handler itself).
    pub depth: usize,
    /// The call in the handler's body this function is reached through (`None` for the handler).
    pub via: Option<Range>,
}

/// The handler `root` and the functions of its crate it calls, directly or through other calls,
/// up to `max_depth` calls away, each once (breadth first, so the shortest call chain wins).
///
/// Calls are `path(..)` calls and `self.method(..)`/`Self::method(..)` inside impls; other method
/// calls name no type the facts know, so they are not followed. Test functions are skipped.
pub(crate) fn reachable(
    model: &Model,
    index: &Index,
    root: FnId,
    max_depth: usize,
) -> Vec<Reached> {
    let package = &model.files[root.0].package.name;
    let mut seen: HashSet<FnId> = HashSet::from([root]);
    let mut queue = VecDeque::from([Reached {
        id: root,
        depth: 0,
        via: None,
    }]);
    let mut out = Vec::new();
    while let Some(r) = queue.pop_front() {
        let facts = model.fn_facts(r.id);
        if r.depth < max_depth {
            for ev in &facts.events {
                let callee = match &ev.kind {
                    EventKind::Call { path, .. } => {
                        index.resolve_fn(path, &facts.module, facts.self_ty.as_deref())
                    }
                    EventKind::MethodOn { receiver, method } if receiver == "self" => index
                        .resolve_fn(
                            &["Self".to_string(), method.clone()],
                            &facts.module,
                            facts.self_ty.as_deref(),
                        ),
                    _ => None,
                };
                let Some(callee) = callee else { continue };
                let file = &model.files[callee.0];
                if &file.package.name != package
                    || file.is_test
                    || model.fn_facts(callee).is_test
                    || !seen.insert(callee)
                {
                    continue;
                }
                queue.push_back(Reached {
                    id: callee,
                    depth: r.depth + 1,
                    via: r.via.or(Some(ev.range)),
                });
            }
        }
        out.push(r);
    }
    out
}
