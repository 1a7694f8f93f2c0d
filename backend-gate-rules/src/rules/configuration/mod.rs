//! Configuration rules: secrets, connection strings and addresses written into the code.

pub mod hardcoded_bind_address;
pub mod hardcoded_connection_string;
pub mod hardcoded_secret;
