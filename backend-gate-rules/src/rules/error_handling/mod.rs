//! Error-handling rules: panics in handlers, swallowed errors and error details leaked to clients.
//! Shared here: how a handler is named in messages and the error type each framework expects.

pub mod error_detail_leak;
pub mod panic_in_handler;
pub mod swallowed_error;

use crate::endpoints::router::Framework;
use crate::rules::handlers::Handler;

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
