//! The checklist items and the rules that answer them.

use super::{Check, Status};
use crate::endpoints::resolve::Index;
use crate::endpoints::{Endpoint, Model};
use crate::facts::TypeRef;
use crate::migrations::MigrationSet;
use crate::registry::endpoints::EndpointEntry;
use crate::registry::locate::Located;
use crate::rules::api_design::{is_operational, package_of};
use crate::rules::handlers::{reachable, CallScope};
use crate::rules::input_validation::find_struct;
use std::collections::HashMap;

/// A checklist item.
#[derive(Debug)]
pub struct Item {
    /// Key in JSON (`restful`).
    pub key: &'static str,
    /// Title in prose (`RESTful`).
    pub title: &'static str,
    /// Column header in the markdown tables.
    pub short: &'static str,
    /// The rules whose findings fail it.
    pub codes: &'static [&'static str],
}

/// API items of an endpoint.
pub const API_ITEMS: &[Item] = &[
    Item {
        key: "restful",
        title: "RESTful (no verb in the path, no writes behind GET)",
        short: "REST",
        codes: &["BG703", "BG104"],
    },
    Item {
        key: "status_codes",
        title: "Proper status codes (201 for a create)",
        short: "Status",
        codes: &["BG707"],
    },
    Item {
        key: "consistent_naming",
        title: "Consistent path naming",
        short: "Naming",
        codes: &["BG702"],
    },
    Item {
        key: "versioned",
        title: "Versioned path",
        short: "Version",
        codes: &["BG701"],
    },
    Item {
        key: "documented",
        title: "Documented",
        short: "Docs",
        codes: &["BG704"],
    },
    Item {
        key: "rate_limited",
        title: "Rate limited",
        short: "Rate",
        codes: &["BG705"],
    },
    Item {
        key: "tested",
        title: "Tested",
        short: "Tests",
        codes: &["BG901"],
    },
];

/// Security items of an endpoint.
pub const SECURITY_ITEMS: &[Item] = &[
    Item {
        key: "auth",
        title: "Authentication required (or declared public)",
        short: "Auth",
        codes: &["BG602"],
    },
    Item {
        key: "input_validated",
        title: "Input validated",
        short: "Input",
        codes: &["BG401"],
    },
    Item {
        key: "no_sql_injection",
        title: "No SQL injection reaching it",
        short: "SQL",
        codes: &["BG601"],
    },
    Item {
        key: "no_sensitive_fields",
        title: "No sensitive field in its response type",
        short: "Fields",
        codes: &["BG603"],
    },
];

/// Database items of a migration set.
pub const DATABASE_ITEMS: &[Item] = &[
    Item {
        key: "reversible",
        title: "Reversible (every migration has a down migration)",
        short: "Reversible",
        codes: &["BG801"],
    },
    Item {
        key: "foreign_keys_indexed",
        title: "Foreign keys indexed",
        short: "FKs indexed",
        codes: &["BG802"],
    },
    Item {
        key: "primary_keys",
        title: "Every table has a primary key",
        short: "PKs",
        codes: &["BG803"],
    },
    Item {
        key: "non_destructive",
        title: "No destructive change (DROP, TRUNCATE, type change)",
        short: "Non-destructive",
        codes: &["BG804"],
    },
    Item {
        key: "valid_sql",
        title: "Valid SQL",
        short: "Valid SQL",
        codes: &["BG806"],
    },
];

/// How far calls are followed from a handler when looking for SQL injection it reaches.
const SQL_CALL_DEPTH: usize = 6;

/// What the items look at.
pub(super) struct Cx<'m, 'f> {
    model: &'m Model,
    located: &'m Located<'f>,
    index: Index<'m>,
    /// Package of each file path.
    packages: HashMap<&'m str, &'m str>,
}

impl<'m, 'f> Cx<'m, 'f> {
    pub(super) fn new(model: &'m Model, located: &'m Located<'f>) -> Self {
        let packages: HashMap<&str, &str> = model
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.package.name.as_str()))
            .collect();
        Cx {
            model,
            located,
            index: model.index(),
            packages,
        }
    }

    /// The rule of `item` that did not run, if any.
    fn off(&self, item: &Item) -> Option<Check> {
        let code = item.codes.iter().find(|c| !self.located.ran(c))?;
        let name = crate::rules::find(code).map_or("", |r| r.meta().name);
        Some(Check::with(
            item,
            Status::NotChecked,
            format!("not checked: {code} {name} is off"),
        ))
    }

    /// The answer of an endpoint item; `index` is the endpoint's position in the model.
    pub(super) fn endpoint_check(
        &self,
        item: &Item,
        index: usize,
        e: &Endpoint,
        entry: &EndpointEntry,
    ) -> Check {
        if let Some(off) = self.off(item) {
            return off;
        }
        let own = || {
            self.located
                .of_endpoint(index)
                .filter(|f| item.codes.contains(&f.code))
        };
        let path_item = matches!(item.key, "restful" | "consistent_naming" | "versioned");
        if e.fallback && (path_item || matches!(item.key, "tested" | "auth")) {
            return Check::with(item, Status::NotApplicable, "a fallback, not a route");
        }
        let needs_handler = matches!(
            item.key,
            "documented" | "auth" | "input_validated" | "no_sql_injection" | "no_sensitive_fields"
        );
        if needs_handler && e.handler.is_none() {
            return Check::with(
                item,
                Status::NotChecked,
                "not checked: the handler names no function of the workspace",
            );
        }
        match (item.key, e.handler) {
            ("status_codes", _) if e.method.as_str() != "POST" => {
                Check::with(item, Status::NotApplicable, "not a POST")
            }
            ("versioned", _) if is_operational(&e.path) => Check::with(
                item,
                Status::NotApplicable,
                "an operational path (health, metrics, docs) is not versioned",
            ),
            ("rate_limited", _) if entry.rate_limit.is_some() => {
                Check::from_findings(item, std::iter::empty())
            }
            ("rate_limited", _) => {
                // One finding per package, at its router: it concerns every endpoint it serves.
                let package = package_of(self.model, e);
                Check::from_findings(
                    item,
                    self.located.findings.iter().filter(|f| {
                        f.code == "BG705" && self.packages.get(f.file.as_str()) == Some(&package)
                    }),
                )
            }
            ("input_validated", _) if entry.body.is_none() => Check::with(
                item,
                Status::NotApplicable,
                "takes no request body or query",
            ),
            ("no_sql_injection", Some(handler)) => {
                let reached = reachable(
                    self.model,
                    &self.index,
                    handler,
                    SQL_CALL_DEPTH,
                    CallScope::Workspace,
                );
                let found = reached.iter().flat_map(|r| {
                    let file = &self.model.files[r.id.0].path;
                    let span = self.model.fn_facts(r.id).range;
                    self.located
                        .inside(file, span)
                        .filter(|f| f.code == "BG601")
                });
                Check::from_findings(item, found.collect::<Vec<_>>())
            }
            ("no_sensitive_fields", Some(handler)) => {
                let f = self.model.fn_facts(handler);
                let Some(ret) = &f.ret else {
                    return Check::with(item, Status::NotApplicable, "returns nothing");
                };
                let mut names = Vec::new();
                type_names(ret, &mut names);
                let mut found = Vec::new();
                for ty in names {
                    let Some(s) = find_struct(self.model, ty, &f.module) else {
                        continue;
                    };
                    let Some(file) = self.struct_file(&s.name, s) else {
                        continue;
                    };
                    let prefix = format!("`{}` derives", s.name);
                    found.extend(
                        self.located
                            .by_file
                            .get(file)
                            .into_iter()
                            .flatten()
                            .filter_map(|&i| {
                                let x = &self.located.findings[i];
                                (x.code == "BG603" && x.message.starts_with(&prefix)).then_some(x)
                            }),
                    );
                }
                Check::from_findings(item, found)
            }
            _ => Check::from_findings(item, own()),
        }
    }

    /// The file a struct found by [`find_struct`] is defined in.
    fn struct_file(&self, name: &str, s: &crate::facts::StructFacts) -> Option<&'m str> {
        self.model
            .lookup
            .structs
            .get(name)?
            .iter()
            .find(|&&(fi, i)| std::ptr::eq(&self.model.files[fi].structs[i], s))
            .map(|&(fi, _)| self.model.files[fi].path.as_str())
    }

    /// The answer of a migration-set item.
    pub(super) fn migration_check(&self, item: &Item, set: &MigrationSet) -> Check {
        if let Some(off) = self.off(item) {
            return off;
        }
        let found = set.files.iter().flat_map(|file| {
            self.located
                .by_file
                .get(file.path.as_str())
                .into_iter()
                .flatten()
                .map(|&i| &self.located.findings[i])
                .filter(|f| item.codes.contains(&f.code))
        });
        Check::from_findings(item, found)
    }
}

/// Every type named in `ty`, outermost first (`Result<Json<Vec<User>>, E>` → Result, Json, Vec,
/// User, E).
fn type_names<'t>(ty: &'t TypeRef, out: &mut Vec<&'t TypeRef>) {
    out.push(ty);
    for a in &ty.args {
        type_names(a, out);
    }
}
