//! The schema the up migrations build, replayed statement by statement.

use super::{Stmt, StmtKind};
use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, ColumnOption, CreateIndex, CreateTable, Ident,
    IndexColumn, ObjectName, ObjectType, RenameTableNameKind, Spanned as _, Statement,
    TableConstraint,
};
use sqlparser::tokenizer::Span;
use std::collections::BTreeMap;

/// A foreign key of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignKey {
    /// Referencing columns, in order.
    pub columns: Vec<String>,
    /// Referenced table.
    pub references: String,
    /// Index of the statement that declared it.
    pub stmt: usize,
    /// Its first column in that statement.
    pub span: Span,
}

/// A statement of an up migration that deletes data or rewrites a column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destructive {
    /// Index of the statement.
    pub stmt: usize,
    /// What it does, e.g. "DROP COLUMN `users.bio`".
    pub what: String,
    /// The object's name in the statement.
    pub span: Span,
}

/// An index (or a primary key or unique constraint, which PostgreSQL backs with one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Index {
    /// Name, when it has one.
    pub name: Option<String>,
    /// Columns, leading first (expression columns are left out).
    pub columns: Vec<String>,
    /// Index of the statement that created it.
    pub stmt: usize,
}

/// A table of the replayed schema.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// Columns, in order.
    pub columns: Vec<String>,
    /// Primary key columns (empty: none).
    pub primary_key: Vec<String>,
    /// Indexes, unique constraints included.
    pub indexes: Vec<Index>,
    /// Foreign keys.
    pub foreign_keys: Vec<ForeignKey>,
    /// Index of its `CREATE TABLE` statement.
    pub created: usize,
    /// Migration that created it.
    pub created_in: usize,
}

/// Tables by lower-case name (schema qualifier dropped), and what the replay met on the way.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    /// The tables left after every up migration.
    pub tables: BTreeMap<String, Table>,
    /// `CREATE INDEX` without `CONCURRENTLY` on a table an earlier migration created:
    /// statement index and table.
    pub blocking_indexes: Vec<(usize, String)>,
    /// Destructive statements on tables an earlier migration created.
    pub destructive: Vec<Destructive>,
}

/// Unquoted identifiers fold to lower case (PostgreSQL's rule; harmless for the others).
pub fn ident(i: &Ident) -> String {
    match i.quote_style {
        Some(_) => i.value.clone(),
        None => i.value.to_lowercase(),
    }
}

/// The table name without its schema.
pub fn table_name(name: &ObjectName) -> String {
    name.0
        .last()
        .and_then(|p| p.as_ident())
        .map(ident)
        .unwrap_or_default()
}

fn index_columns(cols: &[IndexColumn]) -> Vec<String> {
    cols.iter()
        .map_while(|c| match &c.column.expr {
            sqlparser::ast::Expr::Identifier(i) => Some(ident(i)),
            _ => None,
        })
        .collect()
}

impl Schema {
    /// Replays the up statements in order; down statements and unparsed ones are skipped.
    pub fn replay(stmts: &[Stmt]) -> Schema {
        let mut schema = Schema::default();
        for (i, st) in stmts.iter().enumerate() {
            if st.down {
                continue;
            }
            if let StmtKind::Parsed(s) = &st.kind {
                schema.apply(i, st.migration, s);
            }
        }
        schema
    }

    fn apply(&mut self, i: usize, migration: usize, s: &Statement) {
        match s {
            Statement::CreateTable(ct) => self.create_table(i, migration, ct),
            Statement::CreateIndex(ci) => self.create_index(i, migration, ci),
            Statement::AlterTable(at) => {
                let name = table_name(&at.name);
                for op in &at.operations {
                    self.alter(i, migration, &name, op);
                }
            }
            Statement::Drop {
                object_type: ObjectType::Table,
                names,
                ..
            } => {
                for n in names {
                    let name = table_name(n);
                    if let Some(t) = self.tables.remove(&name) {
                        self.destroy(&t, i, migration, format!("DROP TABLE `{name}`"), n.span());
                    }
                }
            }
            Statement::Drop {
                object_type: ObjectType::Index,
                names,
                ..
            } => {
                let dropped: Vec<String> = names.iter().map(table_name).collect();
                for t in self.tables.values_mut() {
                    t.indexes
                        .retain(|ix| ix.name.as_ref().is_none_or(|n| !dropped.contains(n)));
                }
            }
            Statement::Truncate(tr) => {
                for target in &tr.table_names {
                    let name = table_name(&target.name);
                    if let Some(t) = self.tables.get(&name) {
                        let what = format!("TRUNCATE `{name}`");
                        self.destroy(&t.clone(), i, migration, what, target.name.span());
                    }
                }
            }
            _ => {}
        }
    }

    /// Records a destructive statement, unless the table is new in this very migration
    /// (nothing deployed can hold data in it yet).
    fn destroy(&mut self, t: &Table, stmt: usize, migration: usize, what: String, span: Span) {
        if t.created_in < migration {
            self.destructive.push(Destructive { stmt, what, span });
        }
    }

    fn create_table(&mut self, i: usize, migration: usize, ct: &CreateTable) {
        // Temporary tables live for one session: nothing of the schema.
        if ct.temporary {
            return;
        }
        let mut t = Table {
            created: i,
            created_in: migration,
            ..Table::default()
        };
        for c in &ct.columns {
            let col = ident(&c.name);
            t.columns.push(col.clone());
            for o in &c.options {
                column_option(&mut t, i, &col, c.name.span, &o.option);
            }
        }
        for c in &ct.constraints {
            constraint(&mut t, i, c);
        }
        // `AS SELECT`, `LIKE`, `CLONE`, `INHERITS` and `PARTITION OF` take columns and keys from
        // elsewhere: the replay does not know them, so the table is not called keyless.
        if ct.query.is_some()
            || ct.like.is_some()
            || ct.clone.is_some()
            || ct.inherits.is_some()
            || ct.partition_of.is_some()
        {
            t.primary_key = vec!["?".into()];
        }
        self.tables.insert(table_name(&ct.name), t);
    }

    fn create_index(&mut self, i: usize, migration: usize, ci: &CreateIndex) {
        let name = table_name(&ci.table_name);
        if let Some(t) = self.tables.get_mut(&name) {
            if t.created_in < migration && !ci.concurrently {
                self.blocking_indexes.push((i, name));
            }
            t.indexes.push(Index {
                name: ci.name.as_ref().map(table_name),
                columns: index_columns(&ci.columns),
                stmt: i,
            });
        }
    }

    fn alter(&mut self, i: usize, migration: usize, name: &str, op: &AlterTableOperation) {
        if let AlterTableOperation::RenameTable { table_name: to } = op {
            let to = match to {
                RenameTableNameKind::As(n) | RenameTableNameKind::To(n) => table_name(n),
            };
            if let Some(t) = self.tables.remove(name) {
                self.tables.insert(to, t);
            }
            return;
        }
        let Some(t) = self.tables.get_mut(name) else {
            return;
        };
        let old = t.created_in < migration;
        let mut destroyed = Vec::new();
        match op {
            AlterTableOperation::AddConstraint { constraint: c, .. } => constraint(t, i, c),
            AlterTableOperation::AddColumn { column_def, .. } => {
                let col = ident(&column_def.name);
                t.columns.push(col.clone());
                for o in &column_def.options {
                    column_option(t, i, &col, column_def.name.span, &o.option);
                }
            }
            AlterTableOperation::DropColumn { column_names, .. } => {
                let dropped: Vec<String> = column_names.iter().map(ident).collect();
                for c in column_names {
                    let what = format!("DROP COLUMN `{name}.{}`", ident(c));
                    destroyed.push((what, c.span));
                }
                t.columns.retain(|c| !dropped.contains(c));
                t.indexes
                    .retain(|ix| !ix.columns.iter().any(|c| dropped.contains(c)));
                t.foreign_keys
                    .retain(|fk| !fk.columns.iter().any(|c| dropped.contains(c)));
            }
            AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => {
                let (old, new) = (ident(old_column_name), ident(new_column_name));
                let rename = |c: &mut String| {
                    if *c == old {
                        c.clone_from(&new);
                    }
                };
                t.columns.iter_mut().for_each(rename);
                t.primary_key.iter_mut().for_each(rename);
                for ix in &mut t.indexes {
                    ix.columns.iter_mut().for_each(rename);
                }
                for fk in &mut t.foreign_keys {
                    fk.columns.iter_mut().for_each(rename);
                }
            }
            AlterTableOperation::DropPrimaryKey { .. } => t.primary_key.clear(),
            AlterTableOperation::AlterColumn {
                column_name,
                op: AlterColumnOperation::SetDataType { data_type, .. },
            } => destroyed.push((
                format!(
                    "changing the type of `{name}.{}` to {data_type}",
                    ident(column_name)
                ),
                column_name.span,
            )),
            AlterTableOperation::ModifyColumn {
                col_name: column,
                data_type,
                ..
            }
            | AlterTableOperation::ChangeColumn {
                old_name: column,
                data_type,
                ..
            } => destroyed.push((
                format!(
                    "changing the type of `{name}.{}` to {data_type}",
                    ident(column)
                ),
                column.span,
            )),
            _ => {}
        }
        if old {
            self.destructive
                .extend(destroyed.into_iter().map(|(what, span)| Destructive {
                    stmt: i,
                    what,
                    span,
                }));
        }
    }
}

fn column_option(t: &mut Table, i: usize, col: &str, span: Span, o: &ColumnOption) {
    match o {
        ColumnOption::PrimaryKey(_) => {
            t.primary_key = vec![col.to_string()];
            t.indexes.push(Index {
                name: None,
                columns: vec![col.to_string()],
                stmt: i,
            });
        }
        ColumnOption::Unique(_) => t.indexes.push(Index {
            name: None,
            columns: vec![col.to_string()],
            stmt: i,
        }),
        ColumnOption::ForeignKey(fk) => t.foreign_keys.push(ForeignKey {
            columns: vec![col.to_string()],
            references: table_name(&fk.foreign_table),
            stmt: i,
            span,
        }),
        _ => {}
    }
}

fn constraint(t: &mut Table, i: usize, c: &TableConstraint) {
    match c {
        TableConstraint::PrimaryKey(pk) => {
            let cols = index_columns(&pk.columns);
            t.primary_key.clone_from(&cols);
            t.indexes.push(Index {
                name: pk.name.as_ref().map(ident),
                columns: cols,
                stmt: i,
            });
        }
        TableConstraint::Unique(u) => t.indexes.push(Index {
            name: u.name.as_ref().map(ident),
            columns: index_columns(&u.columns),
            stmt: i,
        }),
        TableConstraint::ForeignKey(fk) => t.foreign_keys.push(ForeignKey {
            columns: fk.columns.iter().map(ident).collect(),
            references: table_name(&fk.foreign_table),
            stmt: i,
            span: fk.columns.first().map_or(Span::empty(), |c| c.span),
        }),
        _ => {}
    }
}
