//! API-design rules over every detected endpoint: versioning, path style, documentation, rate limits, duplicates and status codes.

pub mod create_without_201;
pub mod duplicate_route;
pub mod inconsistent_path_case;
pub mod no_rate_limit;
pub mod undocumented_endpoint;
pub mod unversioned_route;
pub mod verb_in_path;
