//! The registry: what the backend consists of, as data — `endpoints.json` (every endpoint with
//! its contract and what the rules found about it), `models.json` (database models and diesel
//! schemas) and `services.json` (service and repository types with their public methods) — and
//! the per-endpoint checklist built from the same facts.
//!
//! Built inside [`crate::check`] from the endpoint model before it is dropped, only when
//! [`crate::CheckOptions::registry`] asks for it. Its facts that come from rules (`tested`,
//! authentication, validation, the checklist) are read from the run's findings, so they mean
//! what the rules mean: runs for the registry use the strict preset, where every such rule is on.

pub mod checklist;
pub mod endpoints;
pub mod models;
pub mod services;

mod locate;
#[cfg(test)]
mod tests;

use crate::endpoints::Model;
use crate::finding::Finding;
use crate::migrations::MigrationSet;
use crate::settings::RuleLevels;
use serde::Serialize;

/// Version of the JSON files' shape; bumped when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// Everything the `registry` and `checklist` commands write.
#[derive(Clone, Debug)]
pub struct Registry {
    /// `endpoints.json`.
    pub endpoints: endpoints::EndpointsFile,
    /// `models.json`.
    pub models: models::ModelsFile,
    /// `services.json`.
    pub services: services::ServicesFile,
    /// The checklist per endpoint and per migration set.
    pub checklist: checklist::Checklist,
}

impl Registry {
    /// Builds the registry from a run's model, findings (sorted) and migration sets; `levels`
    /// tells which rules ran, so checklist items whose rule was off say "not checked".
    pub fn build(
        model: &Model,
        findings: &[Finding],
        sets: &[MigrationSet],
        levels: &RuleLevels,
    ) -> Registry {
        let located = locate::Located::new(model, findings, levels);
        let entries = endpoints::entries(model, &located);
        let checklist = checklist::build(model, &located, &entries, sets);
        Registry {
            endpoints: endpoints::file(&entries),
            models: models::build(model),
            services: services::build(model),
            checklist,
        }
    }

    /// The three registry files, by file name, as they are written.
    pub fn files(&self) -> [(&'static str, String); 3] {
        [
            ("endpoints.json", to_json(&self.endpoints)),
            ("models.json", to_json(&self.models)),
            ("services.json", to_json(&self.services)),
        ]
    }
}

/// Pretty JSON with `\n` line ends and a final newline; key order is the structs' field order.
pub fn to_json<T: Serialize>(value: &T) -> String {
    // Serialising these plain structs cannot fail: no maps with non-string keys, no I/O.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON Schema (draft 2020-12) of a registry file's type, pretty-printed like the files.
pub fn schema_of<T: schemars::JsonSchema>() -> String {
    to_json(&schemars::schema_for!(T))
}
