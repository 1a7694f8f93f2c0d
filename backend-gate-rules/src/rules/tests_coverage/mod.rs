//! Test rules: endpoints that no test mentions.

pub mod untested_endpoint;
