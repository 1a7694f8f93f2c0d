//! Runtime facade of backend-gate: what a backend depends on to declare its API contract.
//!
//! ```
//! use backend_gate::endpoint;
//!
//! #[endpoint(GET, "/health", public)]
//! async fn health() -> &'static str {
//!     "ok"
//! }
//! # let _ = health;
//! ```

pub use backend_gate_macros::endpoint;
