//! `models.json`: database models (sqlx `FromRow`, diesel derives, sea-orm entities) with the
//! table each maps and its fields, and diesel `table!` schemas.

use super::SCHEMA_VERSION;
use crate::endpoints::Model;
use crate::syntax;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::HashSet;

/// The file: `{"schema_version": 1, "models": [...], "tables": [...]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(title = "backend-gate models.json", deny_unknown_fields)]
#[serde(deny_unknown_fields)]
pub struct ModelsFile {
    /// Version of this file's shape.
    pub schema_version: u32,
    /// Structs that map database rows, sorted by module path.
    pub models: Vec<ModelEntry>,
    /// diesel `table!` declarations, sorted by name.
    pub tables: Vec<TableEntry>,
}

/// A struct that maps database rows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelEntry {
    /// Struct name (`User`; sea-orm entities are all `Model`, told apart by `path`).
    pub name: String,
    /// Module path of the struct (`shop::models::User`).
    pub path: String,
    /// File, relative to the workspace root, with `/`.
    pub file: String,
    /// Line of the struct's name.
    pub line: usize,
    /// `sqlx`, `diesel` or `sea-orm`.
    pub orm: String,
    /// The database derives that make it a model (`FromRow`, `Queryable`, `Insertable`, …).
    pub derives: Vec<String>,
    /// The table it maps: declared (`#[diesel(table_name = ..)]`, `#[sea_orm(table_name =
    /// "..")]`), or diesel's default name when a `table!` of that name exists. `null` when the
    /// source does not say (sqlx rows come from whatever query reads them).
    pub table: Option<String>,
    /// Named fields in declaration order.
    pub fields: Vec<Field>,
}

/// A field or column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Name.
    pub name: String,
    /// Type as written (Rust type for fields, diesel SQL type for columns).
    #[serde(rename = "type")]
    pub ty: String,
}

/// A diesel `table!` declaration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableEntry {
    /// SQL table name.
    pub name: String,
    /// Module it is declared in (`shop::schema`).
    pub module: String,
    /// File, relative to the workspace root, with `/`.
    pub file: String,
    /// Line of the table's name.
    pub line: usize,
    /// Primary-key columns.
    pub primary_key: Vec<String>,
    /// Columns in declaration order.
    pub columns: Vec<Field>,
}

/// Derives of each ORM that make a struct a database model.
const ORM_DERIVES: &[(&str, &[&str])] = &[
    ("sea-orm", &["DeriveEntityModel"]),
    (
        "diesel",
        &[
            "Queryable",
            "QueryableByName",
            "Insertable",
            "Selectable",
            "AsChangeset",
            "Identifiable",
        ],
    ),
    ("sqlx", &["FromRow"]),
];

pub(super) fn build(model: &Model) -> ModelsFile {
    let mut tables: Vec<TableEntry> = model
        .files
        .iter()
        .filter(|f| !f.is_test)
        .flat_map(|f| {
            f.tables.iter().map(|t| TableEntry {
                name: t.name.clone(),
                module: t.module.clone(),
                file: f.path.clone(),
                line: t.range.start.line,
                primary_key: t.primary_key.clone(),
                columns: t
                    .columns
                    .iter()
                    .map(|(name, ty)| Field {
                        name: name.clone(),
                        ty: ty.clone(),
                    })
                    .collect(),
            })
        })
        .collect();
    tables.sort_by(|a, b| (&a.name, &a.file, a.line).cmp(&(&b.name, &b.file, b.line)));
    let table_names: HashSet<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    let mut models = Vec::new();
    for f in model.files.iter().filter(|f| !f.is_test) {
        for s in f.structs.iter().filter(|s| !s.is_test) {
            let Some((orm, derives)) = ORM_DERIVES.iter().find_map(|(orm, names)| {
                let found: Vec<String> = s
                    .derives
                    .iter()
                    .filter(|d| names.contains(&d.as_str()))
                    .cloned()
                    .collect();
                (!found.is_empty()).then_some((*orm, found))
            }) else {
                continue;
            };
            let table = s.table.clone().or_else(|| {
                // diesel's derives default to the struct's name in snake case plus `s`.
                let default = format!("{}s", syntax::words(&s.name).join("_"));
                (orm == "diesel" && table_names.contains(default.as_str())).then_some(default)
            });
            models.push(ModelEntry {
                name: s.name.clone(),
                path: format!("{}::{}", s.module, s.name),
                file: f.path.clone(),
                line: s.range.start.line,
                orm: orm.to_string(),
                derives,
                table,
                fields: s
                    .fields
                    .iter()
                    .map(|(name, ty)| Field {
                        name: name.clone(),
                        ty: ty.text.clone(),
                    })
                    .collect(),
            });
        }
    }
    models.sort_by(|a, b| (&a.path, &a.file, a.line).cmp(&(&b.path, &b.file, b.line)));
    ModelsFile {
        schema_version: SCHEMA_VERSION,
        models,
        tables,
    }
}
