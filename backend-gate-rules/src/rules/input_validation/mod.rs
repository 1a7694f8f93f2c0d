//! Input-validation rules: request bodies and queries must be validated before use.

pub mod unvalidated_input;
