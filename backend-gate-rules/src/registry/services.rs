//! `services.json`: service and repository types — named `*Service`, `*Repository`, `*Repo`,
//! `*Store`, or implementing a trait so named — with their public methods.

use super::SCHEMA_VERSION;
use crate::endpoints::Model;
use crate::facts::FnFacts;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The file: `{"schema_version": 1, "services": [...]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(title = "backend-gate services.json", deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct ServicesFile {
    /// Version of this file's shape.
    pub schema_version: u32,
    /// Service and repository types, sorted by module path.
    pub services: Vec<ServiceEntry>,
}

/// A service or repository type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceEntry {
    /// Type name.
    pub name: String,
    /// Module path of the type (`shop::services::OrderService`).
    pub path: String,
    /// File of its definition, relative to the workspace root, with `/`.
    pub file: String,
    /// Line of its name.
    pub line: usize,
    /// Service or repository traits it implements (`TaskStore`), sorted.
    pub traits: Vec<String>,
    /// Its public methods and trait-impl methods, sorted by name then line.
    pub methods: Vec<MethodEntry>,
}

/// A public method.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MethodEntry {
    /// Name.
    pub name: String,
    /// `async fn`.
    #[serde(rename = "async")]
    pub is_async: bool,
    /// Parameters other than `self`, as `name: Type`.
    pub params: Vec<String>,
    /// Return type as written.
    pub returns: Option<String>,
    /// File, relative to the workspace root, with `/`.
    pub file: String,
    /// Line of its name.
    pub line: usize,
}

/// Type-name suffixes of services and repositories.
const SUFFIXES: &[&str] = &["Service", "Repository", "Repo", "Store"];

fn is_service_name(name: &str) -> bool {
    SUFFIXES
        .iter()
        .any(|s| name.len() > s.len() && name.ends_with(s))
}

pub(super) fn build(model: &Model) -> ServicesFile {
    // (package, type name) → service traits it implements.
    let mut types: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
    for f in model.files.iter().filter(|f| !f.is_test) {
        let package = f.package.name.as_str();
        for s in f
            .structs
            .iter()
            .filter(|s| !s.is_test && is_service_name(&s.name))
        {
            types.entry((package, &s.name)).or_default();
        }
        for i in f
            .impls
            .iter()
            .filter(|i| !i.is_test && is_service_name(&i.trait_name))
        {
            types
                .entry((package, &i.self_ty))
                .or_default()
                .insert(&i.trait_name);
        }
    }
    let mut services = Vec::new();
    for ((package, name), traits) in types {
        let methods: Vec<(&str, &FnFacts)> = model
            .lookup
            .methods
            .get(name)
            .into_iter()
            .flatten()
            .filter(|id| {
                let file = &model.files[id.0];
                file.package.name == package && !file.is_test
            })
            .map(|&id| (model.files[id.0].path.as_str(), model.fn_facts(id)))
            .filter(|(_, f)| f.is_pub && !f.is_test)
            .collect();
        let definition = model
            .lookup
            .structs
            .get(name)
            .into_iter()
            .flatten()
            .find(|&&(fi, si)| {
                let file = &model.files[fi];
                file.package.name == package && !file.structs[si].is_test
            })
            .map(|&(fi, si)| {
                let s = &model.files[fi].structs[si];
                (model.files[fi].path.as_str(), &s.module, s.range.start.line)
            })
            .or_else(|| {
                // Not a struct of the workspace (an enum, a type alias): placed at its first method.
                methods
                    .iter()
                    .min_by_key(|(file, f)| (*file, f.name_range.start.line))
                    .map(|(file, f)| (*file, &f.module, f.name_range.start.line))
            });
        let Some((file, module, line)) = definition else {
            continue;
        };
        let mut methods: Vec<MethodEntry> = methods
            .into_iter()
            .map(|(file, f)| MethodEntry {
                name: f.name.clone(),
                is_async: f.is_async,
                params: f
                    .params
                    .iter()
                    .map(|p| match p.names.as_slice() {
                        [one] => format!("{one}: {}", p.ty.text),
                        _ => p.ty.text.clone(),
                    })
                    .collect(),
                returns: f.ret.as_ref().map(|r| r.text.clone()),
                file: file.to_string(),
                line: f.name_range.start.line,
            })
            .collect();
        methods.sort_by(|a, b| (&a.name, &a.file, a.line).cmp(&(&b.name, &b.file, b.line)));
        services.push(ServiceEntry {
            name: name.to_string(),
            path: format!("{module}::{name}"),
            file: file.to_string(),
            line,
            traits: traits.into_iter().map(str::to_string).collect(),
            methods,
        });
    }
    services.sort_by(|a, b| (&a.path, &a.file, a.line).cmp(&(&b.path, &b.file, b.line)));
    ServicesFile {
        schema_version: SCHEMA_VERSION,
        services,
    }
}
