//! What the rules about handlers share: which functions are handlers (from the endpoint model),
//! and findings that point at the handler with a secondary label at its route registration.

use crate::endpoints::resolve::{FnId, Index};
use crate::endpoints::{Endpoint, Model};
use crate::facts::EventKind;
use crate::facts::FnFacts;
use crate::finding::{Finding, Label};
use crate::rule::{Level, ModelCx, RuleMeta};
use crate::source::Range;
use std::collections::{BTreeMap, HashSet, VecDeque};

/// A handler function with the endpoints it serves.
pub struct Handler<'a> {
    /// The function.
    pub id: FnId,
    /// Its facts.
    pub facts: &'a FnFacts,
    /// The endpoints it serves, in model order; empty for a fn marked as a handler
    /// (`#[debug_handler]`, poem/salvo `#[handler]`) whose route registration was not found.
    pub endpoints: Vec<&'a Endpoint>,
}

impl Handler<'_> {
    /// The file the handler is defined in (index into the model's files).
    pub fn file(&self) -> usize {
        self.id.0
    }

    /// Whether any of its endpoints uses a method that changes state.
    pub fn is_mutating(&self) -> bool {
        self.endpoints.iter().any(|e| e.method.is_mutating())
    }
}

/// Attributes that mark a fn as a request handler whatever registers it.
const HANDLER_ATTRS: &[&str] = &["debug_handler", "handler"];

/// Every resolved handler outside test code, once each, in file and definition order; fns marked
/// as handlers by attribute count even when no registration of theirs was found.
pub fn handlers(model: &Model) -> Vec<Handler<'_>> {
    let mut by_id: BTreeMap<FnId, Vec<&Endpoint>> = BTreeMap::new();
    for e in &model.endpoints {
        if let Some(id) = e.handler {
            by_id.entry(id).or_default().push(e);
        }
    }
    for (fi, file) in model.files.iter().enumerate() {
        for (i, f) in file.fns.iter().enumerate() {
            if f.attrs.iter().any(|a| HANDLER_ATTRS.contains(&a.name())) {
                by_id.entry((fi, i)).or_default();
            }
        }
    }
    by_id
        .into_iter()
        .map(|(id, endpoints)| Handler {
            id,
            facts: model.fn_facts(id),
            endpoints,
        })
        .filter(|h| !h.facts.is_test && !model.files[h.id.0].is_test)
        .collect()
}

/// "registered as POST /api/v1/users here", at the endpoint's route registration.
pub fn registration_label(cx: &ModelCx, endpoint: &Endpoint) -> Label {
    cx.label(
        endpoint.registration.0,
        endpoint.registration.1,
        format!(
            "registered as {} {} here",
            endpoint.method.as_str(),
            endpoint.path
        ),
    )
}

/// A finding at `range` inside handler `h`, with the registration of its first endpoint as a
/// secondary label and the handler as context.
pub fn handler_finding(
    cx: &ModelCx,
    rule: &'static RuleMeta,
    h: &Handler,
    range: Range,
    message: impl Into<String>,
    graded: Option<Level>,
) -> Option<Finding> {
    let finding = cx.finding(rule, h.file(), range, message, graded)?;
    let context = crate::endpoints::qualified_name(h.facts);
    Some(
        match h.endpoints.first() {
            Some(e) => finding.with_secondary(registration_label(cx, e)),
            None => finding,
        }
        .with_context(context),
    )
}

/// `GET /a, POST /a` — the endpoints of a handler, for messages.
pub fn describe_endpoints(h: &Handler) -> String {
    h.endpoints
        .iter()
        .map(|e| format!("{} {}", e.method.as_str(), e.path))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Which calls [`reachable`] follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallScope {
    /// Functions of the root's own package (a crate's internal call graph).
    Crate,
    /// Functions of any package of the workspace (a handler calling a `db` crate).
    Workspace,
}

/// A function a handler reaches through calls resolved in the workspace.
pub struct Reached {
    /// The function.
    pub id: FnId,
    /// Calls from the handler (0 for the handler itself).
    pub depth: usize,
    /// The call in the handler's body this function is reached through (`None` for the handler).
    pub via: Option<Range>,
}

/// The handler `root` and the functions it calls within `scope`, directly or through other
/// calls, up to `max_depth` calls away, each once (breadth first, so the shortest call chain wins).
///
/// Calls are `path(..)` calls and `self.method(..)`/`Self::method(..)` inside impls; other method
/// calls name no type the facts know, so they are not followed. Test functions are skipped.
pub fn reachable(
    model: &Model,
    index: &Index,
    root: FnId,
    max_depth: usize,
    scope: CallScope,
) -> Vec<Reached> {
    let package = &model.files[root.0].package.name;
    let mut seen: HashSet<FnId> = HashSet::from([root]);
    let mut queue = VecDeque::from([Reached {
        id: root,
        depth: 0,
        via: None,
    }]);
    let mut out = Vec::new();
    while let Some(r) = queue.pop_front() {
        let facts = model.fn_facts(r.id);
        if r.depth < max_depth {
            for ev in &facts.events {
                let callee = match &ev.kind {
                    EventKind::Call { path, .. } => {
                        index.resolve_fn(path, &facts.module, facts.self_ty.as_deref())
                    }
                    EventKind::MethodOn { receiver, method } if receiver == "self" => index
                        .resolve_fn(
                            &["Self".to_string(), method.clone()],
                            &facts.module,
                            facts.self_ty.as_deref(),
                        ),
                    _ => None,
                };
                let Some(callee) = callee else { continue };
                let file = &model.files[callee.0];
                if (scope == CallScope::Crate && &file.package.name != package)
                    || file.is_test
                    || model.fn_facts(callee).is_test
                    || !seen.insert(callee)
                {
                    continue;
                }
                queue.push_back(Reached {
                    id: callee,
                    depth: r.depth + 1,
                    via: r.via.or(Some(ev.range)),
                });
            }
        }
        out.push(r);
    }
    out
}
