//! The rule catalogue. Each rule lives in its own file with its metadata; this table lists
//! them in code order, and `rules`, `explain` and the README table are generated from it.

pub mod api_design;
pub mod asynchronous;
pub mod configuration;
pub mod database;
pub mod db_apis;
pub mod error_handling;
pub mod handlers;
pub mod input_validation;
pub mod layering;
pub mod parse_error;
pub mod security;
pub mod suppression;
pub mod tests_coverage;

use crate::rule::Rule;

/// Every implemented rule, in code order.
pub static RULES: &[&dyn Rule] = &[
    &parse_error::ParseError,
    &suppression::unused_suppression::UnusedSuppression,
    &suppression::invalid_suppression::InvalidSuppression,
    &suppression::suppression_without_reason::SuppressionWithoutReason,
    &layering::db_in_handler::DbInHandler,
    &layering::fat_handler::FatHandler,
    &layering::db_call_in_loop::DbCallInLoop,
    &layering::mutating_get::MutatingGet,
    &configuration::hardcoded_secret::HardcodedSecret,
    &configuration::hardcoded_connection_string::HardcodedConnectionString,
    &configuration::hardcoded_bind_address::HardcodedBindAddress,
    &error_handling::panic_in_handler::PanicInHandler,
    &error_handling::swallowed_error::SwallowedError,
    &error_handling::error_detail_leak::ErrorDetailLeak,
    &input_validation::unvalidated_input::UnvalidatedInput,
    &asynchronous::blocking_in_async::BlockingInAsync,
    &asynchronous::lock_across_await::LockAcrossAwait,
    &security::sql_injection::SqlInjection,
    &security::missing_auth::MissingAuth,
    &security::sensitive_field_serialized::SensitiveFieldSerialized,
    &security::sensitive_field_debug::SensitiveFieldDebug,
    &security::permissive_cors::PermissiveCors,
    &security::missing_audit_log::MissingAuditLog,
    &security::insecure_jwt::InsecureJwt,
    &security::tls_verification_disabled::TlsVerificationDisabled,
    &api_design::unversioned_route::UnversionedRoute,
    &api_design::inconsistent_path_case::InconsistentPathCase,
    &api_design::verb_in_path::VerbInPath,
    &api_design::undocumented_endpoint::UndocumentedEndpoint,
    &api_design::no_rate_limit::NoRateLimit,
    &api_design::duplicate_route::DuplicateRoute,
    &api_design::create_without_201::CreateWithout201,
    &database::irreversible_migration::IrreversibleMigration,
    &database::unindexed_foreign_key::UnindexedForeignKey,
    &database::table_without_primary_key::TableWithoutPrimaryKey,
    &database::destructive_migration::DestructiveMigration,
    &database::blocking_index_creation::BlockingIndexCreation,
    &database::invalid_sql::InvalidSql,
    &database::select_star::SelectStar,
    &tests_coverage::untested_endpoint::UntestedEndpoint,
];

/// The rule with this code or name (case-insensitive).
pub fn find(code_or_name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| {
        r.meta().code.eq_ignore_ascii_case(code_or_name)
            || r.meta().name.eq_ignore_ascii_case(code_or_name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Codes and names are unique, ordered, well-formed, and every rule is documented.
    #[test]
    fn catalogue_is_consistent() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        let mut prev = "";
        for r in RULES {
            let m = r.meta();
            assert!(
                codes.insert(m.code) && names.insert(m.name),
                "{} duplicated",
                m.code
            );
            assert!(m.code > prev, "{} out of order", m.code);
            prev = m.code;
            assert!(m.code.len() == 5 && m.code.starts_with("BG"), "{}", m.code);
            assert!(
                m.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{} is not kebab-case",
                m.name
            );
            for (field, text) in [
                ("summary", m.summary),
                ("why", m.why),
                ("bad", m.bad),
                ("good", m.good),
            ] {
                assert!(!text.trim().is_empty(), "{} has no {field}", m.code);
            }
            assert!(
                m.summary.starts_with(|c: char| !c.is_uppercase()) && !m.summary.ends_with('.'),
                "{}: summary is lower-case with no final period",
                m.code
            );
            assert_ne!(m.bad, m.good, "{}", m.code);
        }
    }
}
