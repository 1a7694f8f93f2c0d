//! Error-handling rules: panics in handlers, swallowed errors and error details leaked to clients.

pub mod error_detail_leak;
pub mod panic_in_handler;
pub mod swallowed_error;
