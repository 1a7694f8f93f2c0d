//! Database rules: SQL migrations, replayed into a schema (see [`crate::migrations`]).

pub mod blocking_index_creation;
pub mod destructive_migration;
pub mod invalid_sql;
pub mod irreversible_migration;
pub mod table_without_primary_key;
pub mod unindexed_foreign_key;
