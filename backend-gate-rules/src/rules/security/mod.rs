//! Security rules: injection, secrets exposure, CORS, JWT and TLS configuration.

pub mod insecure_jwt;
pub mod missing_audit_log;
pub mod missing_auth;
pub mod permissive_cors;
pub mod sensitive_field_debug;
pub mod sensitive_field_serialized;
pub mod sensitive_fields;
pub mod sql_injection;
pub mod tls_verification_disabled;
