//! The grammar of diesel's `table!` macro, enough to list a schema's tables, keys and columns:
//!
//! ```text
//! table! {
//!     use diesel::sql_types::*;
//!     /// Docs.
//!     #[sql_name = "users"]
//!     app.users_table (id) {
//!         id -> Int4,
//!         #[max_length = 255]
//!         name -> Nullable<Varchar>,
//!     }
//! }
//! ```

use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::ParseStream;

/// One table of a `table!` invocation.
#[derive(Debug)]
pub struct ParsedTable {
    /// SQL name (`#[sql_name]` when given, else the Rust name).
    pub name: String,
    /// Primary-key columns; `id` when the declaration names none (diesel's default).
    pub primary_key: Vec<String>,
    /// Columns (SQL names) with their types as written, spaces removed.
    pub columns: Vec<(String, String)>,
    /// Span of the table's name.
    pub span: proc_macro2::Span,
}

/// Parses the body of a `table!` invocation: one or more tables, with `use` items between.
pub fn parse_tables(input: ParseStream) -> syn::Result<Vec<ParsedTable>> {
    let mut tables = Vec::new();
    while !input.is_empty() {
        let attrs = input.call(syn::Attribute::parse_outer)?;
        if input.peek(syn::Token![use]) {
            input.parse::<syn::ItemUse>()?;
            continue;
        }
        let mut ident = input.call(syn::Ident::parse_any)?;
        // `schema.table`: the schema qualifies, the table is the last name.
        while input.peek(syn::Token![.]) {
            input.parse::<syn::Token![.]>()?;
            ident = input.call(syn::Ident::parse_any)?;
        }
        let primary_key = if input.peek(syn::token::Paren) {
            let keys;
            syn::parenthesized!(keys in input);
            keys.parse_terminated(syn::Ident::parse_any, syn::Token![,])?
                .into_iter()
                .map(|k| k.unraw().to_string())
                .collect()
        } else {
            vec!["id".to_string()]
        };
        let body;
        syn::braced!(body in input);
        let mut columns = Vec::new();
        while !body.is_empty() {
            let column_attrs = body.call(syn::Attribute::parse_outer)?;
            let column = body.call(syn::Ident::parse_any)?;
            body.parse::<syn::Token![->]>()?;
            let ty: syn::Type = body.parse()?;
            let name = sql_name(&column_attrs).unwrap_or_else(|| column.unraw().to_string());
            let ty: String = ty
                .to_token_stream()
                .to_string()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            columns.push((name, ty));
            if body.is_empty() {
                break;
            }
            body.parse::<syn::Token![,]>()?;
        }
        tables.push(ParsedTable {
            name: sql_name(&attrs).unwrap_or_else(|| ident.unraw().to_string()),
            primary_key,
            columns,
            span: ident.span(),
        });
    }
    Ok(tables)
}

/// `#[sql_name = "…"]`.
fn sql_name(attrs: &[syn::Attribute]) -> Option<String> {
    attrs.iter().find_map(|a| match &a.meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("sql_name") => match &nv.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Vec<ParsedTable> {
        syn::parse::Parser::parse_str(parse_tables, src).expect("parses")
    }

    #[test]
    fn tables_keys_columns_and_renames() {
        let tables = parse(
            "use diesel::sql_types::*;
             /// Users.
             users (id) { id -> Int4, #[max_length = 255] name -> Nullable<Varchar>, }
             #[sql_name = \"post_tags\"]
             app.tags_rel (post_id, tag_id) { post_id -> Int4, #[sql_name = \"type\"] kind -> Text }
             comments { id -> Int8 }",
        );
        let summary: Vec<_> = tables
            .iter()
            .map(|t| (t.name.as_str(), t.primary_key.clone(), t.columns.clone()))
            .collect();
        let cols = |c: &[(&str, &str)]| -> Vec<(String, String)> {
            c.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        assert_eq!(
            summary,
            vec![
                (
                    "users",
                    vec!["id".to_string()],
                    cols(&[("id", "Int4"), ("name", "Nullable<Varchar>")])
                ),
                (
                    "post_tags",
                    vec!["post_id".to_string(), "tag_id".to_string()],
                    cols(&[("post_id", "Int4"), ("type", "Text")])
                ),
                ("comments", vec!["id".to_string()], cols(&[("id", "Int8")])),
            ]
        );
    }

    #[test]
    fn other_macros_named_table_do_not_parse() {
        assert!(syn::parse::Parser::parse_str(parse_tables, "\"not a schema\"").is_err());
    }
}
