//! The checklist: for each endpoint the API and Security items, for each migration set the
//! Database items, each ✓, ✗ (with the findings that fail it) or – (not applicable or not
//! checked). Every item is answered by the findings of the rules behind it, so the checklist and
//! `check --preset strict` never disagree.

mod items;
pub mod markdown;

use super::endpoints::EndpointEntry;
use super::locate::Located;
use super::SCHEMA_VERSION;
use crate::endpoints::Model;
use crate::finding::Finding;
use crate::migrations::MigrationSet;
use crate::rules::api_design::in_test_code;
use schemars::JsonSchema;
use serde::Serialize;

pub use items::{Item, API_ITEMS, DATABASE_ITEMS, SECURITY_ITEMS};

/// The checklist of a workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(title = "backend-gate checklist", deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    /// Version of this document's shape.
    pub schema_version: u32,
    /// Counts over every endpoint and migration set.
    pub totals: Totals,
    /// Endpoints outside test code, sorted by path, method and handler.
    pub endpoints: Vec<EndpointChecks>,
    /// Migration sets, sorted by folder.
    pub migration_sets: Vec<MigrationChecks>,
}

/// Counts per checklist.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// Endpoints checked.
    pub endpoints: usize,
    /// Migration sets checked.
    pub migration_sets: usize,
    /// API items of every endpoint.
    pub api: Tally,
    /// Security items of every endpoint.
    pub security: Tally,
    /// Database items of every migration set.
    pub database: Tally,
}

/// How many items passed, failed, or were not judged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tally {
    /// ✓
    pub passed: usize,
    /// ✗
    pub failed: usize,
    /// – : the item does not apply (no request body, an operational path, …).
    pub not_applicable: usize,
    /// – : not checked (its rule is off, or the handler was not resolved).
    pub not_checked: usize,
}

impl Tally {
    fn add(&mut self, checks: &[Check]) {
        for c in checks {
            match c.status {
                Status::Pass => self.passed += 1,
                Status::Fail => self.failed += 1,
                Status::NotApplicable => self.not_applicable += 1,
                Status::NotChecked => self.not_checked += 1,
            }
        }
    }

    /// Items that were judged (passed or failed).
    pub fn judged(&self) -> usize {
        self.passed + self.failed
    }
}

/// The items of one endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EndpointChecks {
    /// HTTP method, upper case.
    pub method: String,
    /// Full path.
    pub path: String,
    /// Handler module path.
    pub handler: String,
    /// File of the handler, relative to the workspace root.
    pub file: String,
    /// Line of the handler's name.
    pub line: usize,
    /// API items, in checklist order.
    pub api: Vec<Check>,
    /// Security items, in checklist order.
    pub security: Vec<Check>,
}

/// The items of one migration set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MigrationChecks {
    /// Package the migrations belong to.
    pub package: String,
    /// Their folder, relative to the workspace root.
    pub dir: String,
    /// Number of migrations.
    pub migrations: usize,
    /// Database items, in checklist order.
    pub database: Vec<Check>,
}

/// One item's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// The item's key (`restful`, `auth`, `reversible`, …).
    pub item: String,
    /// Its answer.
    pub status: Status,
    /// Why it failed (one per finding), or why it was not judged.
    pub reasons: Vec<Reason>,
}

/// An item's answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// ✓
    Pass,
    /// ✗
    Fail,
    /// – : does not apply.
    NotApplicable,
    /// – : not checked.
    NotChecked,
}

/// Why an item failed (a finding) or was not judged (no code, no place).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reason {
    /// The finding's code, when a finding is the reason.
    pub code: Option<String>,
    /// What is wrong.
    pub message: String,
    /// Where (relative path), when a finding is the reason.
    pub file: Option<String>,
    /// Line, when a finding is the reason.
    pub line: Option<usize>,
}

impl Reason {
    fn of(f: &Finding) -> Reason {
        Reason {
            code: Some(f.code.to_string()),
            message: f.message.clone(),
            file: Some(f.file.clone()),
            line: Some(f.range.start.line),
        }
    }

    fn note(message: impl Into<String>) -> Reason {
        Reason {
            code: None,
            message: message.into(),
            file: None,
            line: None,
        }
    }
}

impl Check {
    /// ✗ with one reason per finding, or ✓ when there is none.
    fn from_findings<'f>(item: &Item, found: impl IntoIterator<Item = &'f Finding>) -> Check {
        let mut reasons: Vec<Reason> = found.into_iter().map(Reason::of).collect();
        reasons.sort_by(|a, b| (&a.file, a.line, &a.code).cmp(&(&b.file, b.line, &b.code)));
        reasons.dedup();
        Check {
            item: item.key.to_string(),
            status: if reasons.is_empty() {
                Status::Pass
            } else {
                Status::Fail
            },
            reasons,
        }
    }

    fn with(item: &Item, status: Status, why: impl Into<String>) -> Check {
        Check {
            item: item.key.to_string(),
            status,
            reasons: vec![Reason::note(why)],
        }
    }
}

pub(super) fn build(
    model: &Model,
    located: &Located,
    entries: &[EndpointEntry],
    sets: &[MigrationSet],
) -> Checklist {
    let cx = items::Cx::new(model, located);
    let mut endpoints: Vec<EndpointChecks> = model
        .endpoints
        .iter()
        .zip(entries)
        .enumerate()
        .filter(|(_, (e, _))| !in_test_code(model, e))
        .map(|(i, (e, entry))| EndpointChecks {
            method: entry.method.clone(),
            path: entry.path.clone(),
            handler: entry.handler.clone(),
            file: entry.file.clone(),
            line: entry.line,
            api: API_ITEMS
                .iter()
                .map(|item| cx.endpoint_check(item, i, e, entry))
                .collect(),
            security: SECURITY_ITEMS
                .iter()
                .map(|item| cx.endpoint_check(item, i, e, entry))
                .collect(),
        })
        .collect();
    endpoints.sort_by(|a, b| {
        (&a.path, &a.method, &a.handler, &a.file, a.line)
            .cmp(&(&b.path, &b.method, &b.handler, &b.file, b.line))
    });
    let mut migration_sets: Vec<MigrationChecks> = sets
        .iter()
        .map(|set| MigrationChecks {
            package: set.package.clone(),
            dir: set.dir.clone(),
            migrations: set.migrations.len(),
            database: DATABASE_ITEMS
                .iter()
                .map(|item| cx.migration_check(item, set))
                .collect(),
        })
        .collect();
    migration_sets.sort_by(|a, b| (&a.dir, &a.package).cmp(&(&b.dir, &b.package)));
    let mut totals = Totals {
        endpoints: endpoints.len(),
        migration_sets: migration_sets.len(),
        ..Totals::default()
    };
    for e in &endpoints {
        totals.api.add(&e.api);
        totals.security.add(&e.security);
    }
    for s in &migration_sets {
        totals.database.add(&s.database);
    }
    Checklist {
        schema_version: SCHEMA_VERSION,
        totals,
        endpoints,
        migration_sets,
    }
}
