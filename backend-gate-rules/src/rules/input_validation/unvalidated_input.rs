//! BG401 unvalidated-input.
//!
//! A handler parameter `Json<T>`/`Form<T>`/`Query<T>` (axum, actix `web::*`, rocket data guards,
//! poem) whose value is never validated. Validated means any one of: a `.validate()`-like call on
//! it (or, when `T` has validation code, on a local bound from it), a validating extractor
//! (`Valid<..>`, `Garde<..>`, `ValidatedJson<..>`, `actix_web_validator::Json<..>`, a project
//! extractor whose `FromRequest` impl validates), a fallible conversion into a domain type
//! (`NewUser::try_from(body)?`, `body.try_into()?`, `Email::parse(body.email)?`), an `if` on its
//! fields that returns early, or a same-crate function it is passed to that does one of these.
//!
//! Precision choices: `T` is looked up among the workspace's structs; external types, generic
//! parameters, tuple structs (no visible fields) and self-validating structs (rocket
//! `#[field(validate)]`, poem-openapi `#[oai(validator)]`, serde `try_from`, nutype) are not
//! reported. Neither is a `T` whose every field is a `bool`, a unit-only enum, a parsed type
//! (`Uuid`, dates, IP addresses) or a struct of such fields: deserialization already rejects every
//! malformed value, so there is nothing left to validate. Numbers and strings are not exempt —
//! their ranges and lengths are exactly what validation is for. A parameter bound to `_name` is
//! never read and is skipped.

use super::{
    find_struct, has_validate, is_untyped, needs_validation, request_input_configured,
    rocket_data_param, used_names, validating_extractors, Input, Validation,
};
use crate::endpoints::router::Framework;
use crate::endpoints::Model;
use crate::facts::{ParamFact, StructFacts, TypeRef};
use crate::finding::Finding;
use crate::rule::{Category, Confidence, Level, ModelCx, Preset, Rule, RuleMeta};
use crate::rules::handlers::{handler_finding, handlers, Handler};

/// Metadata of BG401.
pub static META: RuleMeta = RuleMeta {
    code: "BG401",
    name: "unvalidated-input",
    category: Category::InputValidation,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "a handler takes `Json<T>`/`Form<T>`/`Query<T>` and never validates it: no \
              `.validate()` call, no validating extractor, no fallible conversion into a domain \
              type and no check of its fields that returns an error",
    why: "Deserialization only checks the shape of a request: any string length, any number, any \
          email-looking text gets through. Unbounded strings and page sizes become memory and \
          database load, malformed values reach the database and other services, and business \
          rules are enforced nowhere. Deriving `Validate` is not enough either — the rules run \
          only when `.validate()` is called or a validating extractor does it.",
    bad: "#[derive(Deserialize, Validate)]\n\
          pub struct CreateUser {\n    \
              #[validate(email)]\n    pub email: String,\n    \
              #[validate(length(min = 1, max = 100))]\n    pub name: String,\n\
          }\n\n\
          async fn create_user(\n    State(repo): State<UserRepo>,\n    \
              Json(payload): Json<CreateUser>,\n\
          ) -> Result<Json<User>, ApiError> {\n    \
              // the derive above is never run\n    \
              Ok(Json(repo.insert(payload).await?))\n\
          }",
    good: "async fn create_user(\n    State(repo): State<UserRepo>,\n    \
               Json(payload): Json<CreateUser>,\n\
           ) -> Result<Json<User>, ApiError> {\n    \
               payload.validate()?;\n    \
               Ok(Json(repo.insert(payload).await?))\n\
           }\n\n\
           // or let the extractor do it (axum-valid):\n\
           async fn create_user(\n    State(repo): State<UserRepo>,\n    \
               Valid(Json(payload)): Valid<Json<CreateUser>>,\n\
           ) -> Result<Json<User>, ApiError> {\n    \
               Ok(Json(repo.insert(payload).await?))\n\
           }",
    in_tests: false,
};

/// BG401 unvalidated-input.
pub struct UnvalidatedInput;

impl Rule for UnvalidatedInput {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_model(&self, cx: &ModelCx, out: &mut Vec<Finding>) {
        let model = cx.model;
        let validating_extractors = validating_extractors(model);
        let validating = |name: &str| validating_extractors.contains(name);
        let validation = Validation::new(model);
        for h in handlers(model) {
            let data = rocket_data_param(h.facts);
            for p in &h.facts.params {
                let names = used_names(p);
                if names.is_empty() {
                    continue;
                }
                let data_guard = data.as_ref().is_some_and(|d| p.names.contains(d));
                let configured = &cx.settings(h.file()).validating_extractors;
                let Input::Raw { kind, inner } =
                    request_input_configured(&p.ty, data_guard, &validating, configured)
                else {
                    continue;
                };
                let target = element(inner);
                let finding = if is_untyped(target, model) {
                    if validation.validates(h.facts, &names, "Value", false) {
                        continue;
                    }
                    let shown = format!("{kind}<serde_json::Value>");
                    report(
                        cx,
                        &h,
                        p,
                        format!("`{shown}` is untyped input and is never validated"),
                        "deserialize into a struct that derives `validator::Validate` and call \
                         `.validate()?`, or check every field you read and reject the request \
                         (400/422) when one is missing or wrong"
                            .to_string(),
                    )
                } else {
                    let Some(s) = subject(model, target, &h.facts.module) else {
                        continue;
                    };
                    if s.fields.is_empty() || !needs_validation(model, s) {
                        continue;
                    }
                    let validatable = has_validate(model, s);
                    if validation.validates(h.facts, &names, &s.name, validatable) {
                        continue;
                    }
                    let shown = display(&p.ty);
                    let var = &names[0];
                    let extractor = extractor_hint(&h, kind, &shown);
                    if validatable {
                        report(
                            cx,
                            &h,
                            p,
                            format!(
                                "`{shown}` is never validated: `{}` has validation rules but \
                                 the handler never calls `.validate()`",
                                s.name
                            ),
                            format!(
                                "call `{var}.validate()?` before using it (deriving `Validate` \
                                 runs nothing by itself){extractor}"
                            ),
                        )
                    } else {
                        report(
                            cx,
                            &h,
                            p,
                            format!(
                                "`{shown}` is never validated: `{}` has no validation and the \
                                 handler checks none of its fields",
                                s.name
                            ),
                            format!(
                                "derive `validator::Validate` on `{}` with field rules \
                                 (`#[validate(length(max = 255))]`, `#[validate(email)]`) and \
                                 call `{var}.validate()?`{extractor}; converting it into a domain \
                                 type that implements `TryFrom<{}>` (`{var}.try_into()?`) works \
                                 too",
                                s.name, s.name
                            ),
                        )
                    }
                };
                out.extend(finding);
            }
        }
    }
}

fn report(
    cx: &ModelCx,
    h: &Handler,
    p: &ParamFact,
    message: String,
    help: String,
) -> Option<Finding> {
    Some(
        handler_finding(cx, &META, h, p.range, message, None)?
            .with_label("deserialized here, never validated")
            .with_help(help)
            .with_confidence(Confidence::Medium),
    )
}

/// The item type of a collection input (`Json<Vec<NewItem>>` → `NewItem`).
fn element(ty: &TypeRef) -> &TypeRef {
    match (ty.name(), ty.args.first()) {
        ("Vec" | "Box" | "Option" | "VecDeque" | "HashSet" | "BTreeSet", Some(inner)) => {
            element(inner)
        }
        _ => ty,
    }
}

/// The struct an input is checked against: the innermost workspace struct among its type
/// arguments (`UserBody<NewUser>` → `NewUser`: generic envelopes carry no rules of their own),
/// else the type's own struct.
fn subject<'m>(model: &'m Model, ty: &TypeRef, from: &str) -> Option<&'m StructFacts> {
    ty.args
        .iter()
        .find_map(|a| subject(model, element(a), from))
        .or_else(|| find_struct(model, ty, from))
}

/// The validating extractor that fits the handler's framework, as an alternative fix.
fn extractor_hint(h: &Handler, kind: &str, shown: &str) -> String {
    let framework = h.endpoints.first().map(|e| e.framework);
    match framework {
        Some(Framework::Axum) => format!(", or take it as `Valid<{shown}>` (axum-valid)"),
        Some(Framework::ActixWeb) => {
            format!(
                ", or take it as `actix_web_validator::{kind}<..>`, which validates on extraction"
            )
        }
        Some(Framework::Rocket) if kind == "Form" => {
            ", or declare rocket field rules (`#[field(validate = len(1..=100))]`), which `Form` \
             checks on extraction"
                .to_string()
        }
        Some(Framework::Poem) => {
            ", or declare poem-openapi validators (`#[oai(validator(max_length = 100))]`)"
                .to_string()
        }
        _ => String::new(),
    }
}

/// A type as written, without the spaces of its token text (`Json < CreateUser >` →
/// `Json<CreateUser>`).
fn display(ty: &TypeRef) -> String {
    let mut out = String::new();
    let chars: Vec<char> = ty.text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric() || *c == '_');
            let keep = (word(chars.get(i.wrapping_sub(1))) && word(chars.get(i + 1)))
                || chars.get(i.wrapping_sub(1)) == Some(&',');
            if !keep {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::assert_rule_files;

    const AXUM: &[&str] = &["axum", "serde", "serde_json", "validator", "tokio", "sqlx"];

    const AXUM_MAIN: &str = r#"
mod dto;
mod routes;
mod domain;
use axum::{routing::{get, post, put}, Router};

#[tokio::main]
async fn main() {
    let app = Router::new()
        .route("/api/v1/users", post(routes::create_user).get(routes::list_users))
        .route("/api/v1/users/:id", put(routes::update_user))
        .route("/api/v1/search", get(routes::search))
        .route("/api/v1/events", post(routes::ingest))
        .route("/api/v1/subscriptions", post(routes::subscribe))
        .route("/api/v1/imports", post(routes::import_items))
        .route("/api/v1/flags", put(routes::set_flags))
        .route("/api/v1/notes", post(routes::create_note))
        .route("/api/v1/report", get(routes::report))
        .route("/api/v1/suggest", get(routes::suggest));
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
"#;

    const AXUM_DTO: &str = r#"
use serde::Deserialize;
use validator::Validate;

#[derive(Debug, Deserialize, Validate)]
pub struct CreateUser {
    #[validate(email)]
    pub email: String,
    #[validate(length(min = 1, max = 100))]
    pub name: String,
}

#[derive(Debug, Deserialize, Validate)]
pub struct UpdateUser {
    #[validate(length(min = 1, max = 100))]
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Debug, Deserialize)]
pub struct SearchParams {
    pub q: String,
    pub limit: Option<u32>,
}

#[derive(Debug, Deserialize)]
pub struct SubscribeForm {
    pub email: String,
    pub name: String,
}

#[derive(Debug, Deserialize, Validate)]
pub struct NewItem {
    #[validate(length(max = 64))]
    pub sku: String,
}

#[derive(Debug, Deserialize)]
pub enum Visibility { Public, Private }

#[derive(Debug, Deserialize)]
pub struct Flags {
    pub beta: bool,
    pub visibility: Option<Visibility>,
    pub owner: uuid::Uuid,
}

#[derive(Debug, Deserialize)]
pub struct NoteBody {
    pub title: String,
    pub body: String,
}

#[derive(Debug, Deserialize)]
pub struct ReportQuery {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub region: String,
}
"#;

    const AXUM_DOMAIN: &str = r#"
use crate::dto::SubscribeForm;

pub struct Email(String);
impl Email {
    pub fn parse(s: String) -> Result<Email, String> {
        if s.contains('@') { Ok(Email(s)) } else { Err(format!("{s} is not an email")) }
    }
}

pub struct NewSubscriber { pub email: Email, pub name: String }

impl TryFrom<SubscribeForm> for NewSubscriber {
    type Error = String;
    fn try_from(form: SubscribeForm) -> Result<Self, Self::Error> {
        Ok(NewSubscriber { email: Email::parse(form.email)?, name: form.name })
    }
}
"#;

    const AXUM_ROUTES: &str = r#"
use axum::{extract::{Path, Query, State}, http::StatusCode, Json};
use serde_json::Value;
use validator::Validate;
use crate::dto::{CreateUser, UpdateUser, ListParams, SearchParams, SubscribeForm, NewItem, Flags, NoteBody, ReportQuery};
use crate::domain::NewSubscriber;

pub async fn create_user(
    State(pool): State<sqlx::PgPool>,
    Json(payload): Json<CreateUser>, // expect: BG401
) -> Result<StatusCode, ApiError> {
    users::insert(&pool, &payload.email, &payload.name).await?;
    Ok(StatusCode::CREATED)
}

pub async fn update_user(
    Path(id): Path<i64>,
    Json(payload): Json<UpdateUser>,
) -> Result<StatusCode, ApiError> {
    payload.validate()?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn list_users(Query(params): Query<ListParams>) -> Json<Vec<User>> { // expect: BG401
    Json(load(params.page, params.per_page))
}

pub async fn search(Query(params): Query<SearchParams>) -> Result<Json<Vec<Hit>>, ApiError> {
    if params.q.is_empty() || params.q.len() > 200 {
        return Err(ApiError::BadRequest("q must be 1 to 200 characters".into()));
    }
    Ok(Json(run(&params.q)))
}

pub async fn ingest(Json(event): Json<Value>) -> StatusCode { // expect: BG401
    forward(event);
    StatusCode::ACCEPTED
}

pub async fn subscribe(Json(form): Json<SubscribeForm>) -> Result<StatusCode, String> {
    let subscriber = NewSubscriber::try_from(form)?;
    save(subscriber);
    Ok(StatusCode::OK)
}

pub async fn import_items(Json(items): Json<Vec<NewItem>>) -> Result<StatusCode, ApiError> {
    for item in &items {
        item.validate()?;
    }
    Ok(StatusCode::OK)
}

pub async fn set_flags(Json(flags): Json<Flags>) -> StatusCode {
    store(flags);
    StatusCode::OK
}

pub async fn create_note(Json(_note): Json<NoteBody>) -> StatusCode {
    StatusCode::OK
}

pub async fn report(Query(q): Query<ReportQuery>) -> Json<Report> { // expect: BG401
    Json(build(q.from, q.to, &q.region))
}

pub async fn suggest(params: Query<SearchParams>) -> Result<Json<Vec<Hit>>, ApiError> {
    let q = params.0.q;
    if q.trim().is_empty() || q.len() > 200 {
        return Err(ApiError::BadRequest("q must be 1 to 200 characters".into()));
    }
    Ok(Json(run(&q)))
}
"#;

    #[test]
    fn axum_inputs() {
        assert_rule_files(
            &UnvalidatedInput,
            AXUM,
            &[
                ("src/main.rs", AXUM_MAIN),
                ("src/dto.rs", AXUM_DTO),
                ("src/domain.rs", AXUM_DOMAIN),
                ("src/routes.rs", AXUM_ROUTES),
            ],
        );
    }

    #[test]
    fn axum_validating_extractors_services_and_get_bodies() {
        let main = r#"
mod handlers;
mod extract;
mod service;
mod models;
use axum::{routing::{get, post}, Router};
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/api/v1/articles", post(handlers::create_article).get(handlers::filter_articles))
        .route("/api/v1/comments", post(handlers::create_comment))
        .route("/api/v1/tags", post(handlers::create_tag))
        .route("/api/v1/orders", post(handlers::place_order))
        .route("/api/v1/profiles", post(handlers::create_profile))
        .with_state(state)
}
"#;
        let models = r#"
use serde::Deserialize;
use garde::Validate;
#[derive(Deserialize, Validate)]
pub struct NewArticle {
    #[garde(length(min = 1, max = 200))]
    pub title: String,
}
#[derive(Deserialize, validator::Validate)]
pub struct ArticleFilter {
    #[validate(length(max = 50))]
    pub tag: String,
}
#[derive(Deserialize, validator::Validate)]
pub struct NewComment {
    #[validate(length(min = 1, max = 2000))]
    pub body: String,
}
#[derive(Deserialize)]
pub struct NewTag { pub name: String }
#[derive(Deserialize, validator::Validate)]
pub struct NewOrder {
    #[validate(range(min = 1, max = 100))]
    pub quantity: u32,
}
#[derive(Deserialize, validator::Validate)]
pub struct NewProfile {
    #[validate(length(max = 500))]
    pub bio: String,
}
"#;
        let extract = r#"
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;
use validator::Validate;
/// Our JSON extractor: rejects with `ApiError` and validates the body.
pub struct Json<T>(pub T);
impl<S, T> FromRequest<S> for Json<T>
where
    T: DeserializeOwned + Validate,
    S: Send + Sync,
{
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(value) = axum::Json::<T>::from_request(req, state).await?;
        value.validate()?;
        Ok(Json(value))
    }
}
"#;
        let service = r#"
use validator::Validate;
use crate::models::{NewComment, NewOrder};
pub struct OrderService;
impl OrderService {
    pub async fn place(&self, order: NewOrder) -> Result<Order, ApiError> {
        order.validate()?;
        Ok(Order::default())
    }
}
pub async fn add_comment(pool: &PgPool, input: &NewComment) -> Result<(), ApiError> {
    input.validate()?;
    sqlx::query("INSERT INTO comments (body) VALUES ($1)").bind(&input.body).execute(pool).await?;
    Ok(())
}
"#;
        let handlers = r#"
use axum::{extract::{Query, State}, Json};
use axum_garde::WithValidation;
use axum_valid::Valid;
use crate::extract;
use crate::models::{NewArticle, ArticleFilter, NewComment, NewTag, NewOrder, NewProfile};
use crate::service;

pub async fn create_article(WithValidation(article): WithValidation<Json<NewArticle>>) -> StatusCode {
    save(article.into_inner());
    StatusCode::CREATED
}

pub async fn filter_articles(Valid(Query(filter)): Valid<Query<ArticleFilter>>, Json(extra): Json<NewTag>) -> Json<Vec<Article>> { // expect: BG401
    Json(find(&filter.tag, &extra.name))
}

pub async fn create_comment(State(pool): State<PgPool>, Json(comment): Json<NewComment>) -> Result<StatusCode, ApiError> {
    service::add_comment(&pool, &comment).await?;
    Ok(StatusCode::CREATED)
}

pub async fn create_tag(extract::Json(tag): extract::Json<NewTag>) -> StatusCode {
    save_tag(tag);
    StatusCode::CREATED
}

pub async fn place_order(State(svc): State<OrderService>, Json(order): Json<NewOrder>) -> Result<Json<Order>, ApiError> {
    Ok(Json(svc.place(order).await?))
}

pub async fn create_profile(Json(profile): Json<NewProfile>) -> StatusCode { // expect: BG401
    save_profile(profile);
    StatusCode::CREATED
}

#[cfg(test)]
mod tests {
    use super::*;
    async fn fake(Json(tag): Json<NewTag>) {}
}
"#;
        assert_rule_files(
            &UnvalidatedInput,
            &[
                "axum",
                "serde",
                "validator",
                "garde",
                "axum_valid",
                "axum_garde",
                "sqlx",
            ],
            &[
                ("src/main.rs", main),
                ("src/models.rs", models),
                ("src/extract.rs", extract),
                ("src/service.rs", service),
                ("src/handlers.rs", handlers),
            ],
        );
    }

    #[test]
    fn get_with_json_body_is_checked_like_any_other() {
        let main = r#"
mod api;
use axum::{routing::get, Router};
fn app() -> Router {
    Router::new()
        .route("/api/v1/quotes", get(api::quote))
        .route("/api/v1/prices", get(api::prices))
        .route("/api/v1/rates", get(api::rates))
}
"#;
        let api = r#"
use axum::Json;
use serde::Deserialize;
use validator::Validate;
#[derive(Deserialize, Validate)]
pub struct QuoteRequest {
    #[validate(range(min = 1, max = 1000))]
    pub amount: u32,
}
pub async fn quote(Json(req): Json<QuoteRequest>) -> Result<Json<Quote>, ApiError> {
    req.validate()?;
    Ok(Json(compute(req.amount)))
}
pub async fn prices(Json(req): Json<QuoteRequest>) -> Json<Quote> { // expect: BG401
    Json(compute(req.amount))
}
pub async fn rates(Json(req): Json<QuoteRequest>) -> anyhow::Result<Json<Quote>> {
    anyhow::ensure!(req.amount <= 1000, "amount too large");
    Ok(Json(compute(req.amount)))
}
"#;
        assert_rule_files(
            &UnvalidatedInput,
            &["axum", "serde", "validator"],
            &[("src/main.rs", main), ("src/api.rs", api)],
        );
    }

    #[test]
    fn actix_inputs() {
        let main = r#"
mod handlers;
mod models;
use actix_web::{web, App, HttpServer};
#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| {
        App::new().service(
            web::scope("/api/v1")
                .route("/users", web::post().to(handlers::create_user))
                .route("/users/{id}", web::put().to(handlers::update_user))
                .route("/users", web::get().to(handlers::list_users))
                .route("/posts", web::post().to(handlers::create_post))
                .route("/contact", web::post().to(handlers::contact))
                .route("/feedback", web::post().to(handlers::feedback))
                .route("/members", web::post().to(handlers::create_member))
                .route("/invites", web::post().to(handlers::invite))
                .route("/status", web::post().to(handlers::update_status))
                .service(handlers::create_team)
        )
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}
"#;
        let models = r#"
use serde::Deserialize;
use validator::Validate;
#[derive(Deserialize, Validate)]
pub struct NewUser {
    #[validate(email)]
    pub email: String,
    #[validate(length(min = 8))]
    pub password: String,
}
#[derive(Deserialize)]
pub struct Pagination { pub page: u32, pub size: u32 }
#[derive(Deserialize, Validate)]
pub struct NewPost {
    #[validate(length(max = 140))]
    pub text: String,
}
#[derive(Deserialize)]
pub struct ContactForm { pub email: String, pub message: String }
#[derive(Deserialize)]
pub struct Feedback { pub rating: u8, pub comment: String }
#[derive(Deserialize)]
pub struct NewTeam { pub name: String }
#[derive(Deserialize)]
pub struct StatusForm { pub status: String }
"#;
        let handlers = r#"
use actix_web::{post, web, HttpResponse, Responder};
use validator::Validate;
use crate::models::{NewUser, Pagination, NewPost, ContactForm, Feedback, NewTeam, StatusForm};

pub async fn create_user(body: web::Json<NewUser>) -> impl Responder { // expect: BG401
    HttpResponse::Created().json(register(body.into_inner()))
}

pub async fn update_user(path: web::Path<i64>, body: web::Json<NewUser>) -> Result<HttpResponse, ApiError> {
    let user = body.into_inner();
    user.validate()?;
    Ok(HttpResponse::Ok().json(update(path.into_inner(), user)))
}

pub async fn list_users(query: web::Query<Pagination>) -> HttpResponse { // expect: BG401
    HttpResponse::Ok().json(page(query.page, query.size))
}

pub async fn create_member(body: web::Json<NewUser>) -> Result<HttpResponse, ApiError> {
    body.into_inner().validate()?;
    Ok(HttpResponse::Created().finish())
}

pub async fn invite(form: web::Form<ContactForm>) -> Result<HttpResponse, ApiError> {
    let invitation = Invitation::try_from(form.into_inner())?;
    Ok(HttpResponse::Created().json(invitation))
}

pub async fn create_post(post: actix_web_validator::Json<NewPost>) -> HttpResponse {
    HttpResponse::Created().json(save(post.into_inner()))
}

pub async fn contact(form: web::Form<ContactForm>) -> Result<HttpResponse, ApiError> {
    if form.email.is_empty() || form.message.len() > 5000 {
        return Err(ApiError::BadRequest);
    }
    Ok(HttpResponse::Ok().finish())
}

pub async fn update_status(form: web::Form<StatusForm>) -> Result<HttpResponse, Error> {
    let next = match form.status.as_str() {
        "open" => Status::Open,
        "closed" => Status::Closed,
        other => return Err(error::ErrorBadRequest(format!("unknown status {other}"))),
    };
    Ok(HttpResponse::Ok().json(next))
}

pub async fn feedback(form: web::Form<Feedback>) -> HttpResponse { // expect: BG401
    HttpResponse::Ok().json(store(form.rating, &form.comment))
}

#[post("/teams")]
async fn create_team(team: web::Json<NewTeam>) -> HttpResponse { // expect: BG401
    HttpResponse::Created().json(save_team(team.into_inner()))
}
"#;
        assert_rule_files(
            &UnvalidatedInput,
            &["actix-web", "serde", "validator", "actix-web-validator"],
            &[
                ("src/main.rs", main),
                ("src/models.rs", models),
                ("src/handlers.rs", handlers),
            ],
        );
    }

    #[test]
    fn rocket_inputs() {
        let main = r#"
#[macro_use] extern crate rocket;
mod routes;
mod forms;
#[launch]
fn rocket() -> _ {
    rocket::build().mount("/api", routes::routes())
}
"#;
        let forms = r#"
use rocket::serde::Deserialize;
use rocket::form::FromForm;
#[derive(FromForm)]
pub struct Signup<'r> {
    #[field(validate = len(3..30))]
    pub username: &'r str,
    #[field(validate = contains('@'))]
    pub email: &'r str,
}
#[derive(FromForm)]
pub struct Comment<'r> {
    pub author: &'r str,
    pub text: &'r str,
}
#[derive(Deserialize)]
#[serde(crate = "rocket::serde")]
pub struct Task { pub description: String, pub done: bool }
#[derive(FromForm)]
pub struct Todo { pub description: String }
#[derive(Deserialize, validator::Validate)]
#[serde(crate = "rocket::serde")]
pub struct Message {
    #[validate(length(max = 280))]
    pub contents: String,
}
"#;
        let routes = r#"
use rocket::form::{Form, Strict};
use rocket::serde::json::Json;
use rocket::serde::msgpack::MsgPack;
use rocket::Route;
use validator::Validate;
use crate::forms::{Signup, Comment, Task, Message, Todo};

pub fn routes() -> Vec<Route> {
    routes![signup, comment, new_task, post_message, upload_task, raw_task, new_todo, batch_todo]
}

#[post("/signup", data = "<form>")]
fn signup(form: Form<Strict<Signup<'_>>>) -> &'static str {
    register(form.username, form.email);
    "ok"
}

#[post("/comments", data = "<comment>")]
fn comment(comment: Form<Comment<'_>>) -> &'static str { // expect: BG401
    save(comment.author, comment.text);
    "ok"
}

#[post("/tasks", format = "json", data = "<task>")]
fn new_task(task: Json<Task>) -> Status { // expect: BG401
    insert(task.into_inner());
    Status::Created
}

#[post("/messages", format = "json", data = "<message>")]
fn post_message(message: Json<Message>) -> Result<Status, Status> {
    message.validate().map_err(|_| Status::UnprocessableEntity)?;
    Ok(Status::Created)
}

#[post("/tasks/upload", data = "<task>")]
fn upload_task(task: MsgPack<Task>) -> Status { // expect: BG401
    insert(task.into_inner());
    Status::Created
}

#[post("/todos", data = "<todo_form>")]
async fn new_todo(todo_form: Form<Todo>) -> Flash<Redirect> {
    let todo = todo_form.into_inner();
    if todo.description.is_empty() {
        Flash::error(Redirect::to("/"), "Description cannot be empty.")
    } else {
        insert(todo);
        Flash::success(Redirect::to("/"), "Todo successfully added.")
    }
}

#[post("/todos/batch", data = "<todo_form>")]
async fn batch_todo(todo_form: Form<Todo>) -> Flash<Redirect> { // expect: BG401
    let todo = todo_form.into_inner();
    if todo.description.is_empty() {
        insert_default();
    } else {
        insert(todo);
    }
    Flash::success(Redirect::to("/"), "Todo successfully added.")
}

#[post("/tasks/raw", data = "<body>")]
fn raw_task(body: String) -> Status {
    Status::Created
}
"#;
        assert_rule_files(
            &UnvalidatedInput,
            &["rocket", "serde", "validator"],
            &[
                ("src/main.rs", main),
                ("src/forms.rs", forms),
                ("src/routes.rs", routes),
            ],
        );
    }

    #[test]
    fn envelopes_and_values_copied_out_of_the_input() {
        let main = r#"
mod users;
use axum::{routing::post, Router};
fn app() -> Router<ApiContext> {
    Router::new()
        .route("/api/users", post(users::create_user))
        .route("/api/users/login", post(users::login_user))
        .route("/api/users/invite", post(users::invite_user))
}
"#;
        let users = r#"
use axum::{extract::State, Json};
use validator::Validate;
#[derive(serde::Deserialize)]
struct UserBody<T> { user: T }
#[derive(serde::Deserialize)]
struct NewUser { username: String, email: String, password: String }
#[derive(serde::Deserialize)]
struct LoginUser { email: String, password: String }
#[derive(serde::Deserialize, Validate)]
struct Invite {
    #[validate(email)]
    email: String,
    note: String,
}
#[derive(Validate)]
struct Invitation {
    #[validate(email)]
    email: String,
}
pub async fn create_user(State(ctx): State<ApiContext>, Json(req): Json<UserBody<NewUser>>) -> Result<StatusCode> { // expect: BG401
    insert(&ctx.db, req.user.username, req.user.email, hash(req.user.password)).await?;
    Ok(StatusCode::CREATED)
}
pub async fn login_user(State(ctx): State<ApiContext>, Json(req): Json<UserBody<LoginUser>>) -> Result<Json<User>> {
    let credentials = Credentials { email: req.user.email, password: req.user.password };
    let user = verify_credentials(&ctx.db, credentials).await?;
    Ok(Json(user))
}
pub async fn invite_user(Json(body): Json<Invite>) -> Result<StatusCode> {
    let invitation = Invitation { email: body.email };
    invitation.validate()?;
    Ok(StatusCode::ACCEPTED)
}
"#;
        assert_rule_files(
            &UnvalidatedInput,
            &["axum", "serde", "validator"],
            &[("src/main.rs", main), ("src/users.rs", users)],
        );
        let (findings, _) = crate::testing::check_files(
            &[("src/main.rs", main), ("src/users.rs", users)],
            &["axum", "serde", "validator"],
            &[&UnvalidatedInput],
        );
        assert!(
            findings[0]
                .message
                .starts_with("`Json<UserBody<NewUser>>` is never validated: `NewUser`"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn guards_on_locals_destructured_from_the_input() {
        let main = r#"
use actix_web::{web, App, HttpResponse};
use serde::Deserialize;
#[derive(Deserialize)]
pub struct ChangePassword { pub current: String, pub new_password: String }
fn app() -> App<()> {
    App::new()
        .route("/me/password", web::put().to(change_password))
        .route("/me/name", web::put().to(rename))
        .route("/me/email", web::put().to(set_email))
}
async fn change_password(form: web::Json<ChangePassword>) -> HttpResponse {
    let ChangePassword { current, new_password } = form.into_inner();
    if new_password.len() < 12 {
        return HttpResponse::BadRequest().finish();
    }
    HttpResponse::Ok().finish()
}
async fn set_email(form: web::Json<ChangePassword>) -> HttpResponse {
    if let Some(email) = &form.current.strip_prefix("mailto:") {
        if !email.contains('@') {
            return HttpResponse::BadRequest().finish();
        }
    }
    HttpResponse::Ok().finish()
}
async fn rename(form: web::Json<ChangePassword>) -> HttpResponse { // expect: BG401
    let other = load();
    if other.len() < 12 {
        return HttpResponse::BadRequest().finish();
    }
    HttpResponse::Ok().finish()
}
"#;
        assert_rule_files(
            &UnvalidatedInput,
            &["actix_web", "serde"],
            &[("src/main.rs", main)],
        );
    }

    #[test]
    fn identifiers_and_flags_have_no_shape_to_validate() {
        let main = r#"
use actix_web::{web, App, HttpResponse};
use serde::Deserialize;
#[derive(Clone, Copy, Deserialize)]
pub struct CommentId(pub i32);
#[derive(Deserialize)]
pub struct DistinguishComment { pub comment_id: CommentId, pub distinguished: bool }
#[derive(Deserialize)]
pub struct EditComment { pub comment_id: CommentId, pub content: String }
fn app() -> App<()> {
    App::new()
        .route("/comment/distinguish", web::post().to(distinguish))
        .route("/comment", web::put().to(edit))
}
async fn distinguish(data: web::Json<DistinguishComment>) -> HttpResponse { HttpResponse::Ok().finish() }
async fn edit(data: web::Json<EditComment>) -> HttpResponse { HttpResponse::Ok().finish() } // expect: BG401
"#;
        assert_rule_files(
            &UnvalidatedInput,
            &["actix_web", "serde"],
            &[("src/main.rs", main)],
        );
    }

    #[test]
    fn external_and_generic_types_are_not_reported() {
        let main = r#"
use axum::{routing::post, Json, Router, extract::Query};
use std::collections::HashMap;
fn app() -> Router {
    Router::new()
        .route("/api/v1/a", post(external))
        .route("/api/v1/b", post(map))
        .route("/api/v1/c", post(generic::<Item>))
}
async fn external(Json(body): Json<shared_types::CreateThing>) {}
async fn map(Query(q): Query<HashMap<String, String>>) {}
async fn generic<T>(Json(body): Json<T>) {}
"#;
        assert_rule_files(
            &UnvalidatedInput,
            &["axum", "serde"],
            &[("src/main.rs", main)],
        );
    }

    #[test]
    fn message_names_the_type_and_the_fix() {
        let (findings, _) = crate::testing::check_files(
            &[
                ("src/main.rs", AXUM_MAIN),
                ("src/dto.rs", AXUM_DTO),
                ("src/domain.rs", AXUM_DOMAIN),
                ("src/routes.rs", AXUM_ROUTES),
            ],
            AXUM,
            &[&UnvalidatedInput],
        );
        let create = findings
            .iter()
            .find(|f| f.message.contains("CreateUser"))
            .expect("create_user is reported");
        assert_eq!(
            create.message,
            "`Json<CreateUser>` is never validated: `CreateUser` has validation rules but the \
             handler never calls `.validate()`"
        );
        assert!(
            create.help.contains("payload.validate()?"),
            "{}",
            create.help
        );
        assert!(
            create.help.contains("Valid<Json<CreateUser>>"),
            "{}",
            create.help
        );
        assert_eq!(
            create.secondary[0].message,
            "registered as POST /api/v1/users here"
        );
        let list = findings
            .iter()
            .find(|f| f.message.contains("ListParams"))
            .expect("list_users is reported");
        assert!(list
            .help
            .contains("derive `validator::Validate` on `ListParams`"));
        assert!(findings
            .iter()
            .any(|f| f.message
                == "`Json<serde_json::Value>` is untyped input and is never validated"));
    }
}
