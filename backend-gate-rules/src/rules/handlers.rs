//! What the rules about handlers share: which functions are handlers (from the endpoint model),
//! and findings that point at the handler with a secondary label at its route registration.

use crate::endpoints::resolve::FnId;
use crate::endpoints::{Endpoint, Model};
use crate::facts::FnFacts;
use crate::finding::{Finding, Label};
use crate::rule::{Level, ModelCx, RuleMeta};
use crate::source::Range;
use std::collections::BTreeMap;

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
