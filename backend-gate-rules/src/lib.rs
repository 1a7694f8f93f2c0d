//! The backend-gate engine: loads a Cargo workspace without compiling it, walks every module
//! file once (in parallel), runs the rules over shared facts and returns sorted findings.
//!
//! The engine does no terminal I/O: the `cargo-backend-gate` binary renders its [`Report`].

pub mod cache;
pub mod config;
pub mod endpoints;
pub mod engine;
pub mod error;
pub mod facts;
pub mod finding;
pub mod fingerprint;
pub mod imports;
pub mod migrations;
pub mod module_tree;
pub mod registry;
pub mod rule;
pub mod rules;
pub mod settings;
pub mod source;
pub mod suppress;
pub mod syntax;
pub mod testing;
pub mod walk;
pub mod workspace;

pub use cache::{CacheLocation, CacheStats};
pub use engine::{check, CheckOptions, Report};
pub use error::Error;
pub use finding::{Diagnostic, Finding};
pub use rule::{Category, Confidence, Level, Preset, Rule, RuleMeta};
pub use settings::Selection;
