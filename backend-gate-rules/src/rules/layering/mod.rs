//! Layering rules: database access and business logic belong behind the project's own services and repositories, not in route handlers.

pub mod db_call_in_loop;
pub mod db_in_handler;
pub mod fat_handler;
pub mod mutating_get;
