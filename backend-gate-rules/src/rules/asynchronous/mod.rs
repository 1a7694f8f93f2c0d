//! Async rules: blocking work on the executor and locks held across `.await`.

pub mod blocking_in_async;
pub mod lock_across_await;
