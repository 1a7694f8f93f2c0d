//! `endpoints.json`: every endpoint with its declared contract and what the rules found.

use super::locate::Located;
use super::SCHEMA_VERSION;
use crate::endpoints::Model;
use crate::facts::EventKind;
use crate::rules::api_design::in_test_code;
use crate::rules::input_validation::{
    request_input, rocket_data_param, validating_extractors, Input,
};
use schemars::JsonSchema;
use serde::Serialize;

/// The file: `{"schema_version": 1, "endpoints": [...]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(title = "backend-gate endpoints.json", deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct EndpointsFile {
    /// Version of this file's shape.
    pub schema_version: u32,
    /// Every endpoint, sorted by path, method and handler.
    pub endpoints: Vec<EndpointEntry>,
}

/// One endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EndpointEntry {
    /// HTTP method, upper case (`ANY` for a route serving every method).
    pub method: String,
    /// Full path in `{param}` form, with every prefix.
    pub path: String,
    /// Handler as a module path (`shop::routes::orders::create`), or as written when it names
    /// no function of the workspace.
    pub handler: String,
    /// File of the handler (of the registration when the handler is not resolved), relative to
    /// the workspace root, with `/`.
    pub file: String,
    /// Line of the handler's name (of the registration when not resolved).
    pub line: usize,
    /// Web framework.
    pub framework: String,
    /// How it was found: `endpoint` (`#[endpoint]`), `attribute` (route attribute), `router`.
    pub source: String,
    /// Role declared with `#[endpoint(auth = "..")]`.
    pub auth: Option<String>,
    /// Declared public with `#[endpoint(public)]`.
    pub public: bool,
    /// Whether authentication (or a reason to be public) was found: an auth extractor, check or
    /// middleware, a declared role, a public entry point (missing-auth, BG602, under the strict
    /// preset). `null` when not judged: unresolved handler, fallback, test code, rule off.
    pub authenticated: Option<bool>,
    /// Rate limit declared with `#[endpoint(rate_limit = "..")]`.
    pub rate_limit: Option<String>,
    /// Summary declared with `#[endpoint(summary = "..")]`.
    pub summary: Option<String>,
    /// Tags declared with `#[endpoint(tags = [..])]`.
    pub tags: Vec<String>,
    /// Declared `deprecated`.
    pub deprecated: bool,
    /// Has a doc comment, a declared summary or an OpenAPI description (undocumented-endpoint,
    /// BG704).
    pub documented: bool,
    /// The request body or query it deserializes, if any.
    pub body: Option<Body>,
    /// Whether that input is validated (unvalidated-input, BG401); `null` with no input, or
    /// when its type is not in the workspace.
    pub validated: Option<bool>,
    /// The handler body itself calls a database library.
    pub db_direct: bool,
    /// Whether a test calls the path or names the handler (untested-endpoint, BG901); `null`
    /// when not judged.
    pub tested: Option<bool>,
    /// Codes of the findings in its handler, at its registration, or on its path; sorted.
    pub findings: Vec<String>,
}

/// A request input extractor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// The extractor (`Json`, `Form`, `Query`, `MsgPack`, or a validating one such as `Valid`).
    pub extractor: String,
    /// The deserialized type as written (`CreateUser`).
    #[serde(rename = "type")]
    pub ty: String,
}

/// The file, sorted, from the entries in model order.
pub(super) fn file(entries: &[EndpointEntry]) -> EndpointsFile {
    let mut endpoints = entries.to_vec();
    endpoints.sort_by(|a, b| {
        (&a.path, &a.method, &a.handler, &a.file, a.line)
            .cmp(&(&b.path, &b.method, &b.handler, &b.file, b.line))
    });
    EndpointsFile {
        schema_version: SCHEMA_VERSION,
        endpoints,
    }
}

/// One entry per endpoint of the model, in model order.
pub(super) fn entries(model: &Model, located: &Located) -> Vec<EndpointEntry> {
    let summaries = model.endpoint_summaries();
    let validating_extractors = validating_extractors(model);
    let validating = |name: &str| validating_extractors.contains(name);
    let ran = |code: &str| located.ran(code);
    model
        .endpoints
        .iter()
        .zip(summaries)
        .enumerate()
        .map(|(i, (e, s))| {
            let codes: Vec<&str> = located.of_endpoint(i).map(|f| f.code).collect();
            let has = |code: &str| codes.contains(&code);
            let facts = e.handler.map(|id| model.fn_facts(id));
            let contract = facts.and_then(|f| f.contract.as_ref());
            let judged = facts.is_some() && !e.fallback && !in_test_code(model, e);
            let verdict = |code: &str| (judged && ran(code)).then(|| !has(code));
            let body = facts.and_then(|f| {
                let data = rocket_data_param(f);
                f.params.iter().find_map(|p| {
                    let data_guard = data.as_ref().is_some_and(|d| p.names.contains(d));
                    match request_input(&p.ty, data_guard, &validating) {
                        Input::None => None,
                        Input::Raw { kind, inner } => Some((
                            Body {
                                extractor: kind.to_string(),
                                ty: inner.text.clone(),
                            },
                            false,
                        )),
                        Input::Validated => Some((
                            Body {
                                extractor: p.ty.name().to_string(),
                                ty: p
                                    .ty
                                    .args
                                    .first()
                                    .map_or(p.ty.text.clone(), |a| a.text.clone()),
                            },
                            true,
                        )),
                    }
                })
            });
            let validated = body.as_ref().and_then(|(_, by_extractor)| {
                if *by_extractor {
                    Some(true)
                } else {
                    verdict("BG401")
                }
            });
            let summary = contract.and_then(|c| c.summary.clone());
            let documented = match facts {
                Some(_) if judged && ran("BG704") => !has("BG704"),
                Some(f) => f.documented || summary.is_some(),
                None => false,
            };
            let mut findings: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
            findings.sort();
            findings.dedup();
            EndpointEntry {
                method: s.method.to_string(),
                path: s.path,
                handler: s.handler,
                file: s.file,
                line: s.line,
                framework: s.framework.to_string(),
                source: s.source.to_string(),
                auth: contract.and_then(|c| c.auth.clone()),
                public: contract.is_some_and(|c| c.public),
                authenticated: verdict("BG602"),
                rate_limit: contract.and_then(|c| c.rate_limit.clone()),
                summary,
                tags: contract.map(|c| c.tags.clone()).unwrap_or_default(),
                deprecated: contract.is_some_and(|c| c.deprecated),
                documented,
                body: body.map(|(b, _)| b),
                validated,
                db_direct: facts.is_some_and(|f| {
                    f.events
                        .iter()
                        .any(|ev| matches!(ev.kind, EventKind::Db { .. }))
                }),
                tested: verdict("BG901"),
                findings,
            }
        })
        .collect()
}
