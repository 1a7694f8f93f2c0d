//! Which findings belong to which endpoint: those inside its handler, those whose secondary
//! label is at its route registration, those at the registration itself, and path findings
//! (version, case, verbs, duplicates) at a prefix its path goes through.

use crate::endpoints::Model;
use crate::finding::Finding;
use crate::rule::Level;
use crate::rules::api_design::{segments, PathSites};
use crate::settings::RuleLevels;
use crate::source::Range;
use std::collections::{BTreeSet, HashMap};

/// Rules about an endpoint's path: their findings sit where the path is written, which may be a
/// `nest`/`scope` prefix shared by many endpoints.
pub const PATH_CODES: &[&str] = &["BG701", "BG702", "BG703", "BG706"];

/// Findings indexed by place, and the findings of each endpoint.
pub struct Located<'f> {
    /// The findings of the run.
    pub findings: &'f [Finding],
    /// For each endpoint of the model (same order), indices of its findings, ascending.
    pub by_endpoint: Vec<Vec<usize>>,
    /// Indices of findings by primary file.
    pub by_file: HashMap<&'f str, Vec<usize>>,
    /// The levels the rules ran at.
    pub levels: &'f RuleLevels,
}

impl<'f> Located<'f> {
    /// Maps every finding to the endpoints it concerns.
    pub fn new(model: &Model, findings: &'f [Finding], levels: &'f RuleLevels) -> Self {
        let mut by_file: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut by_secondary: HashMap<(&str, Range), Vec<usize>> = HashMap::new();
        for (i, f) in findings.iter().enumerate() {
            by_file.entry(f.file.as_str()).or_default().push(i);
            for l in &f.secondary {
                by_secondary
                    .entry((l.file.as_str(), l.range))
                    .or_default()
                    .push(i);
            }
        }
        let sites = PathSites::new(model);
        let by_endpoint = model
            .endpoints
            .iter()
            .map(|e| {
                let mut mine = BTreeSet::new();
                let reg_file = model.files[e.registration.0].path.as_str();
                let at = |file: &str, range: Range| {
                    by_file
                        .get(file)
                        .into_iter()
                        .flatten()
                        .copied()
                        .filter(move |&i| findings[i].range == range)
                };
                mine.extend(at(reg_file, e.registration.1));
                // One registration may serve several endpoints (`get(a).post(b)`): a label
                // naming the route it points at ("registered as POST /users here") is only theirs.
                let route = format!("registered as {} {} here", e.method.as_str(), e.path);
                mine.extend(
                    by_secondary
                        .get(&(reg_file, e.registration.1))
                        .into_iter()
                        .flatten()
                        .copied()
                        .filter(|&i| {
                            findings[i].secondary.iter().any(|l| {
                                l.file == reg_file
                                    && l.range == e.registration.1
                                    && (!l.message.starts_with("registered as ")
                                        || l.message == route)
                            })
                        }),
                );
                if let Some(id) = e.handler {
                    let file = model.files[id.0].path.as_str();
                    let span = model.fn_facts(id).range;
                    mine.extend(
                        by_file
                            .get(file)
                            .into_iter()
                            .flatten()
                            .copied()
                            .filter(|&i| within(findings[i].range, span)),
                    );
                }
                for seg in segments(&e.path) {
                    for (file, range) in sites.of(model, e, seg) {
                        mine.extend(
                            at(&model.files[file].path, range)
                                .filter(|&i| PATH_CODES.contains(&findings[i].code)),
                        );
                    }
                }
                mine.into_iter().collect()
            })
            .collect();
        Located {
            findings,
            by_endpoint,
            by_file,
            levels,
        }
    }

    /// Whether the rule with `code` ran: its absence from the findings then means something.
    pub fn ran(&self, code: &str) -> bool {
        self.levels.get(code) != Level::Allow
    }

    /// The findings of endpoint `index` (model order).
    pub fn of_endpoint(&self, index: usize) -> impl Iterator<Item = &'f Finding> + '_ {
        self.by_endpoint[index].iter().map(|&i| &self.findings[i])
    }

    /// Findings whose primary span lies inside `range` of `file`.
    pub fn inside(&self, file: &str, range: Range) -> impl Iterator<Item = &'f Finding> + '_ {
        self.by_file
            .get(file)
            .into_iter()
            .flatten()
            .map(|&i| &self.findings[i])
            .filter(move |f| within(f.range, range))
    }
}

/// Whether `inner` lies in `outer` (byte offsets).
pub fn within(inner: Range, outer: Range) -> bool {
    inner.start.offset >= outer.start.offset && inner.end.offset <= outer.end.offset
}
