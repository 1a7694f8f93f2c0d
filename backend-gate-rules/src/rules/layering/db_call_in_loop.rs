//! BG103 db-call-in-loop.

use crate::facts::db::{call_span, db_call, DbCall};
use crate::finding::Diagnostic;
use crate::rule::{Category, Level, Preset, Rule, RuleMeta};
use crate::syntax;
use crate::walk::{is_iteration, Cx};
use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::Expr;

/// Metadata of BG103.
pub static META: RuleMeta = RuleMeta {
    code: "BG103",
    name: "db-call-in-loop",
    category: Category::Layering,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "a database call inside a `for`/`while`/`loop` body or inside a closure given to \
              `map`/`for_each`/`then` & co, in any function (N+1 queries)",
    why: "One query per item turns a page of 50 orders into 51 round trips: latency grows with the \
          data, the connection pool drains under load, and the database does 50 times the parsing \
          and planning. The same data comes back in one query (`WHERE id = ANY($1)`, `IN (..)`, a \
          JOIN, diesel `belonging_to`/`eq_any`, sea-orm `find_with_related`), and many rows go in \
          with one statement (`QueryBuilder::push_values`, `UNNEST`, `insert_many`). Batched \
          pagination, pollers and retry loops are not reported.",
    bad: "for order in &orders {\n    let items = sqlx::query_as::<_, Item>(\"SELECT * FROM items WHERE order_id = $1\")\n        \
          .bind(order.id)\n        .fetch_all(&pool)\n        .await?;\n    out.push(OrderView::new(order, items));\n}",
    good: "let ids: Vec<i64> = orders.iter().map(|o| o.id).collect();\n\
           let items = sqlx::query_as::<_, Item>(\"SELECT * FROM items WHERE order_id = ANY($1)\")\n    \
           .bind(&ids)\n    .fetch_all(&pool)\n    .await?;\n\
           let mut by_order: HashMap<i64, Vec<Item>> = HashMap::new();\n\
           for item in items {\n    by_order.entry(item.order_id).or_default().push(item);\n}",
    in_tests: false,
};

/// BG103 db-call-in-loop.
pub struct DbCallInLoop;

/// Names in a loop that show it batches, pages, polls or retries on purpose rather than
/// querying once per item.
const DELIBERATE_WORDS: &[&str] = &[
    "chunk", "chunks", "batch", "batches", "page", "pages", "offset", "cursor", "paginate",
    "retry", "retries", "attempt", "attempts", "backoff", "sleep", "tick", "interval", "recv",
    "poll",
];

/// The innermost construct that repeats the current node.
struct LoopSite {
    /// `for` loop, `while` loop, `loop`, or `.map(..)` & co.
    kind: String,
    /// Where to point at it.
    span: Span,
    /// The whole construct, to read its names.
    tokens: TokenStream,
    /// A `for` over a fixed list (`for table in ["a", "b"]`, `for stmt in MIGRATIONS`), or the
    /// condition of a `while` that fetches the next item.
    fixed: bool,
}

impl Rule for DbCallInLoop {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_expr(&self, cx: &Cx, expr: &Expr, out: &mut Vec<Diagnostic>) {
        if !cx.in_loop() {
            return;
        }
        let Some(call) = db_call(cx, expr) else {
            return;
        };
        // `pool.begin()` per item: the statements inside the transaction are what is reported.
        if call.transaction {
            return;
        }
        let Some(site) = loop_site(cx, expr) else {
            return;
        };
        if site.fixed || deliberate(&site.tokens) {
            return;
        }
        out.push(
            Diagnostic::new(
                &META,
                call_span(expr),
                format!(
                    "`{}` runs once per iteration of this {} (N+1 queries)",
                    call.evidence, site.kind
                ),
            )
            .label("database call inside the loop")
            .secondary(site.span, "repeats the call for every item")
            .help(help(&call))
            .confidence(call.confidence),
        );
    }
}

fn help(call: &DbCall) -> String {
    let writes = match call.library {
        "diesel" | "diesel_async" => "`diesel::insert_into(table).values(&rows)` with a Vec",
        "sea-orm" => "`Entity::insert_many(models)`",
        "mongodb" => "`insert_many`/`bulk_write`",
        _ => {
            "one statement: `QueryBuilder::push_values` or `INSERT .. SELECT * FROM UNNEST($1, $2)`"
        }
    };
    let reads = match call.library {
        "diesel" | "diesel_async" => {
            "`Child::belonging_to(&parents)` + `grouped_by`, or `.filter(col.eq_any(&ids))`"
        }
        "sea-orm" => "`find_with_related`/`load_many`, or `.filter(Column::Id.is_in(ids))`",
        "mongodb" => "one `find` with `{ \"_id\": { \"$in\": ids } }` or an aggregation `$lookup`",
        _ => "one query with `WHERE id = ANY($1)` (or `IN (..)`) or a JOIN",
    };
    if call.write {
        format!("collect the rows first and write them with {writes}")
    } else {
        format!(
            "fetch all the rows before the loop with {reads}, then look them up by key inside it"
        )
    }
}

/// The innermost loop, `while`, `for` body or per-item closure around `expr` in its fn.
fn loop_site(cx: &Cx, expr: &Expr) -> Option<LoopSite> {
    let mut child: &Expr = expr;
    for a in cx.ancestors() {
        match a {
            // The iterated expression runs once; the body once per item.
            Expr::ForLoop(f) if !std::ptr::eq(&*f.expr, child) => {
                let fixed = match syntax::peel_refs(&f.expr) {
                    Expr::Array(_) => true,
                    Expr::Path(p) => syntax::last_ident(&p.path)
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit()),
                    _ => false,
                };
                return Some(LoopSite {
                    kind: "`for` loop".into(),
                    span: f.for_token.span,
                    tokens: a.to_token_stream(),
                    fixed,
                });
            }
            Expr::While(w) => {
                return Some(LoopSite {
                    kind: "`while` loop".into(),
                    span: w.while_token.span,
                    tokens: a.to_token_stream(),
                    // `while let Some(job) = next_job(&pool).await?`: the condition fetches the
                    // next item (a queue or cursor), it is not a query per known item.
                    fixed: std::ptr::eq(&*w.cond, child),
                });
            }
            Expr::Loop(l) => {
                return Some(LoopSite {
                    kind: "`loop`".into(),
                    span: l.loop_token.span,
                    tokens: a.to_token_stream(),
                    fixed: false,
                })
            }
            Expr::MethodCall(m) if is_iteration(m) && !std::ptr::eq(&*m.receiver, child) => {
                return Some(LoopSite {
                    kind: format!("`.{}(..)`", m.method),
                    span: m
                        .method
                        .span()
                        .join(m.paren_token.span.close())
                        .unwrap_or(m.method.span()),
                    tokens: a.to_token_stream(),
                    fixed: false,
                });
            }
            _ => {}
        }
        child = a;
    }
    None
}

/// Whether the loop's names show batching, paging, polling or retrying.
fn deliberate(tokens: &TokenStream) -> bool {
    tokens.clone().into_iter().any(|t| match t {
        TokenTree::Ident(i) => syntax::words(&i.to_string())
            .iter()
            .any(|w| DELIBERATE_WORDS.contains(&w.as_str())),
        TokenTree::Group(g) => deliberate(&g.stream()),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{assert_rule, assert_rule_files, check_files};

    #[test]
    fn axum_sqlx_n_plus_one_in_a_handler_and_a_repository() {
        let main = r#"
mod repo;
mod routes;
use axum::{routing::get, Router};
pub fn app(pool: sqlx::PgPool) -> Router {
    Router::new().route("/api/v1/orders", get(routes::orders)).with_state(pool)
}
"#;
        let routes = r#"
use axum::{extract::State, Json};
use sqlx::PgPool;
use crate::repo;

pub async fn orders(State(pool): State<PgPool>) -> Result<Json<Vec<OrderView>>, ApiError> {
    let orders = repo::orders::recent(&pool).await?;
    let mut out = Vec::with_capacity(orders.len());
    for order in &orders {
        let items = sqlx::query_as::<_, Item>("SELECT * FROM items WHERE order_id = $1") // expect: BG103
            .bind(order.id)
            .fetch_all(&pool)
            .await?;
        let customer = repo::customers::name_of(&order.customer); // a project fn: not reported
        out.push(OrderView::new(order, items, customer));
    }
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM orders").fetch_one(&pool).await?;
    Ok(Json(out))
}
"#;
        let repo = r#"
pub mod orders {
    use sqlx::{PgPool, Postgres, QueryBuilder};
    pub async fn recent(pool: &PgPool) -> sqlx::Result<Vec<Order>> {
        sqlx::query_as("SELECT * FROM orders ORDER BY created_at DESC LIMIT 50").fetch_all(pool).await
    }
    pub async fn tag_all(pool: &PgPool, ids: &[i64], tags: &[String]) -> sqlx::Result<()> {
        let futures = ids.iter().map(|id| {
            sqlx::query("INSERT INTO order_tags (order_id, tag) VALUES ($1, $2)") // expect: BG103
                .bind(id)
                .bind(&tags[0])
                .execute(pool)
        });
        futures::future::try_join_all(futures).await?;
        let mut qb = QueryBuilder::<Postgres>::new("INSERT INTO order_tags (order_id, tag) ");
        qb.push_values(ids.iter().zip(tags), |mut b, (id, tag)| {
            b.push_bind(id).push_bind(tag);
        });
        qb.build().execute(pool).await?;
        Ok(())
    }
}
pub mod customers {
    pub fn name_of(c: &Customer) -> String { c.name.clone() }
}
"#;
        let files = [
            ("src/main.rs", main),
            ("src/routes.rs", routes),
            ("src/repo.rs", repo),
        ];
        assert_rule_files(&DbCallInLoop, &["axum", "sqlx", "futures"], &files);
        let (findings, _) = check_files(&files, &["axum", "sqlx", "futures"], &[&DbCallInLoop]);
        let f = findings
            .iter()
            .find(|f| f.file == "src/routes.rs")
            .expect("the handler's loop");
        assert_eq!(
            f.message,
            "`sqlx::query_as` runs once per iteration of this `for` loop (N+1 queries)"
        );
        assert!(f.help.contains("ANY($1)"), "{}", f.help);
        assert_eq!(f.secondary[0].message, "repeats the call for every item");
    }

    #[test]
    fn diesel_and_sea_orm_loops_and_adapters() {
        assert_rule(
            &DbCallInLoop,
            &["diesel"],
            r#"
use diesel::prelude::*;
use crate::schema::{comments, posts};

pub fn posts_with_comments(conn: &mut PgConnection) -> QueryResult<Vec<(Post, Vec<Comment>)>> {
    let all = posts::table.load::<Post>(conn)?;
    all.into_iter()
        .map(|post| {
            let cs = Comment::belonging_to(&post).load::<Comment>(conn)?; // expect: BG103
            Ok((post, cs))
        })
        .collect()
}

pub fn archive(conn: &mut PgConnection, ids: &[i32]) -> QueryResult<()> {
    let mut i = 0;
    while i < ids.len() {
        diesel::update(posts::table.find(ids[i])).set(posts::archived.eq(true)).execute(conn)?; // expect: BG103
        i += 1;
    }
    let first = ids.first().map(|id| posts::table.find(*id).first::<Post>(conn));
    Ok(())
}
"#,
        );
        assert_rule(
            &DbCallInLoop,
            &["sea_orm", "futures"],
            r#"
use futures::stream::{self, StreamExt};
use sea_orm::{DatabaseConnection, EntityTrait, ModelTrait};
use crate::entities::{author, book};

pub async fn authors_with_books(db: &DatabaseConnection) -> Result<Vec<(author::Model, Vec<book::Model>)>, DbErr> {
    let authors = author::Entity::find().all(db).await?;
    let out = stream::iter(authors)
        .then(|a| async move {
            let books = a.find_related(book::Entity).all(db).await; // expect: BG103
            (a, books)
        })
        .collect::<Vec<_>>()
        .await;
    let with_books = author::Entity::find().find_with_related(book::Entity).all(db).await?;
    Ok(vec![])
}
"#,
        );
    }

    #[test]
    fn batches_pollers_retries_fixed_lists_and_tests_are_quiet() {
        assert_rule(
            &DbCallInLoop,
            &["sqlx", "tokio"],
            r#"
use sqlx::PgPool;
use std::time::Duration;

pub async fn worker(pool: PgPool) -> anyhow::Result<()> {
    loop {
        let jobs: Vec<Job> = sqlx::query_as("SELECT * FROM jobs WHERE state = 'queued' LIMIT 10")
            .fetch_all(&pool)
            .await?;
        for job in jobs {
            sqlx::query("UPDATE jobs SET state = 'done' WHERE id = $1") // expect: BG103
                .bind(job.id)
                .execute(&pool)
                .await?;
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
}

pub async fn export(pool: &PgPool) -> sqlx::Result<()> {
    let mut last_id = 0i64;
    loop {
        let page: Vec<Row> = sqlx::query_as("SELECT * FROM events WHERE id > $1 ORDER BY id LIMIT 1000")
            .bind(last_id)
            .fetch_all(pool)
            .await?;
        let Some(last) = page.last() else { break };
        last_id = last.id;
    }
    for chunk in ids().chunks(500) {
        sqlx::query("DELETE FROM events WHERE id = ANY($1)").bind(chunk).execute(pool).await?;
    }
    for table in ["sessions", "tokens"] {
        sqlx::query(&format!("TRUNCATE {table}")).execute(pool).await?;
    }
    while let Some(job) = sqlx::query_as::<_, Job>("DELETE FROM queue WHERE id = (SELECT id FROM queue LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING *")
        .fetch_optional(pool)
        .await?
    {
        handle(job).await;
    }
    for attempt in 0..3 {
        if sqlx::query("SELECT 1").execute(pool).await.is_ok() { break; }
    }
    let mut conn = pool.acquire().await?;
    for user in users() {
        notify(&user).await;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn seeds() {
        for i in 0..10 {
            sqlx::query("INSERT INTO users (name) VALUES ($1)").bind(i).execute(&pool).await.unwrap();
        }
    }
}
"#,
        );
    }
}
