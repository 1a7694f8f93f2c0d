//! Input-validation rules: request bodies and queries must be validated before use.
//!
//! What the family shares: which handler parameters carry deserialized request input
//! ([`request_input`]), the workspace type behind them ([`find_struct`]), and what counts as
//! validating a value inside a function ([`Validation`]).

pub mod unvalidated_input;

use crate::endpoints::resolve::{FnId, Index};
use crate::endpoints::Model;
use crate::facts::{EventKind, FnFacts, ParamFact, StructFacts, TypeRef};
use crate::syntax;
use std::collections::{HashMap, HashSet};

/// Extractors that validate the value they extract (axum-valid `Valid`, axum-garde
/// `WithValidation`, and the names projects give their own); matched on the parameter's outer type.
pub const VALIDATING_EXTRACTORS: &[&str] = &[
    "Valid",
    "Garde",
    "Validated",
    "ValidatedJson",
    "ValidatedForm",
    "ValidatedQuery",
    "ValidJson",
    "ValidForm",
    "ValidQuery",
    "WithValidation",
];

/// Crates whose `Json`/`Form`/`Query` extractors validate (`actix_web_validator::Json<T>`).
const VALIDATING_CRATES: &[&str] = &[
    "actix_web_validator",
    "axum_valid",
    "axum_garde",
    "garde_actix_web",
];

/// Crates with a `Json` type that is not a request extractor.
const NOT_EXTRACTORS: &[&str] = &[
    "sqlx",
    "sea_orm",
    "diesel",
    "serde_json",
    "tokio_postgres",
    "postgres_types",
];

/// Wrappers an input extractor may sit in (`Option<Json<T>>`, `Result<Json<T>, JsonRejection>`,
/// axum-extra `WithRejection<Json<T>, ApiError>`).
const TRANSPARENT: &[&str] = &["Option", "Result", "WithRejection"];

/// rocket form wrappers around the form's type (`Form<Strict<T>>`, `Form<Contextual<'_, T>>`).
const FORM_WRAPPERS: &[&str] = &["Strict", "Lenient", "Contextual"];

/// Types whose values are fully checked when they are deserialized.
const PARSED_TYPES: &[&str] = &[
    "bool",
    "Uuid",
    "Ulid",
    "DateTime",
    "NaiveDate",
    "NaiveDateTime",
    "NaiveTime",
    "Date",
    "Time",
    "OffsetDateTime",
    "PrimitiveDateTime",
    "Timestamp",
    "IpAddr",
    "Ipv4Addr",
    "Ipv6Addr",
];

/// How a handler parameter carries request input.
#[derive(Debug, PartialEq, Eq)]
pub enum Input<'a> {
    /// Not a body or query extractor.
    None,
    /// Extracted through a validating extractor.
    Validated,
    /// `Json<T>`, `Form<T>`, `Query<T>` (or a rocket `MsgPack<T>` data guard) of `inner`.
    Raw {
        /// `Json`, `Form`, `Query`, `MsgPack`.
        kind: &'a str,
        /// The deserialized type.
        inner: &'a TypeRef,
    },
}

/// The workspace's extractor types that validate what they extract (their `FromRequest`-like
/// impl calls a validation), by type name: the `validating` argument of [`request_input`].
pub fn validating_extractors(model: &Model) -> HashSet<&str> {
    model
        .files
        .iter()
        .flat_map(|f| &f.impls)
        .filter(|i| i.validates)
        .map(|i| i.self_ty.as_str())
        .collect()
}

/// Which parameters carry request input: `Json<T>`, `Form<T>`, `Query<T>`, through `Option`/
/// `Result`/`WithRejection`; `data_guard` marks rocket's `data = "<x>"` parameter (which may also
/// be a `MsgPack<T>`). `validating` tells workspace extractors that validate what they extract.
pub fn request_input<'a>(
    ty: &'a TypeRef,
    data_guard: bool,
    validating: &dyn Fn(&str) -> bool,
) -> Input<'a> {
    request_input_configured(ty, data_guard, validating, &[])
}

/// [`request_input`] where the `configured` extractor names (`validating-extractors`) validate
/// too.
pub fn request_input_configured<'a>(
    ty: &'a TypeRef,
    data_guard: bool,
    validating: &dyn Fn(&str) -> bool,
    configured: &[String],
) -> Input<'a> {
    let name = ty.name();
    let krate = ty.path.first().map_or("", String::as_str);
    if VALIDATING_EXTRACTORS.contains(&name)
        || VALIDATING_CRATES.contains(&krate)
        || crate::config::Settings::names(configured, &ty.path)
    {
        return Input::Validated;
    }
    if TRANSPARENT.contains(&name) {
        return match ty.args.first() {
            Some(inner) => request_input_configured(inner, data_guard, validating, configured),
            None => Input::None,
        };
    }
    // salvo names its body extractors `JsonBody` and `FormBody`.
    let is_input = matches!(name, "Json" | "Form" | "Query" | "JsonBody" | "FormBody")
        || (data_guard && name == "MsgPack");
    if !is_input || NOT_EXTRACTORS.contains(&krate) {
        return Input::None;
    }
    // A project's own `Json<T>` extractor whose `FromRequest` impl validates.
    let framework_type = ty.path.len() > 1 && !matches!(krate, "crate" | "self" | "super");
    if !framework_type && validating(name) {
        return Input::Validated;
    }
    let Some(mut inner) = ty.args.first() else {
        return Input::None;
    };
    while FORM_WRAPPERS.contains(&inner.name()) {
        match inner.args.first() {
            Some(next) => inner = next,
            None => return Input::None,
        }
    }
    Input::Raw { kind: name, inner }
}

/// The parameter rocket's `#[post("/p", data = "<x>")]` names as the request body.
pub fn rocket_data_param(f: &FnFacts) -> Option<String> {
    f.attrs.iter().find_map(|a| {
        a.args.match_indices("data").find_map(|(at, _)| {
            let rest = a.args[at + 4..].trim_start().strip_prefix('=')?;
            let quoted = rest.trim_start().strip_prefix("\"<")?;
            let (name, _) = quoted.split_once('>')?;
            Some(name.trim().trim_end_matches("..").to_string())
        })
    })
}

/// `serde_json::Value` (or `Map`): input with no shape to validate against.
pub fn is_untyped(ty: &TypeRef, model: &Model) -> bool {
    match ty.path.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["serde_json", .., "Value" | "Map"] => true,
        ["Value"] => {
            !model
                .files
                .iter()
                .any(|f| f.structs.iter().any(|s| s.name == "Value"))
                && model
                    .files
                    .iter()
                    .any(|f| f.package.depends_on("serde_json"))
        }
        _ => false,
    }
}

/// The workspace struct a type names, seen from module `from`: the struct of that name in the
/// module the path resolves to, else the one in the closest module. `None` for types of crates
/// outside the workspace and for types the workspace does not define.
pub fn find_struct<'m>(model: &'m Model, ty: &TypeRef, from: &str) -> Option<&'m StructFacts> {
    let name = ty.name();
    if name.is_empty() {
        return None;
    }
    let module_exists = |m: &str| model.lookup.modules.contains(m);
    let mut target = absolute_module(&ty.path, from);
    if ty.path.len() > 1 && !target.first().is_some_and(|c| module_exists(c)) {
        // `models::NewUser` naming a child module of `from`, else another crate's type.
        let child: Vec<String> = from
            .split("::")
            .map(String::from)
            .chain(target.iter().cloned())
            .collect();
        if !module_exists(&child.join("::")) {
            return None;
        }
        target = child;
    }
    let target = target.join("::");
    model
        .lookup
        .structs
        .get(name)?
        .iter()
        .map(|&(fi, i)| &model.files[fi].structs[i])
        .max_by_key(|s| {
            (
                s.module == target,
                common_prefix(&s.module, &target).max(common_prefix(&s.module, from)),
            )
        })
}

/// The module a resolved type path points into (`["crate", "dto", "NewUser"]` written in
/// `app::routes` → `["app", "dto"]`); the module itself for a bare name.
fn absolute_module(path: &[String], from: &str) -> Vec<String> {
    let here: Vec<String> = from.split("::").map(String::from).collect();
    let Some((_, module)) = path.split_last() else {
        return here;
    };
    match module.first().map(String::as_str) {
        None => here,
        Some("crate") => here[..1].iter().chain(&module[1..]).cloned().collect(),
        Some("self") => here.iter().chain(&module[1..]).cloned().collect(),
        Some("super") => {
            let ups = module.iter().take_while(|s| *s == "super").count();
            let keep = here.len().saturating_sub(ups);
            here[..keep].iter().chain(&module[ups..]).cloned().collect()
        }
        Some(_) => module.to_vec(),
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.split("::")
        .zip(b.split("::"))
        .take_while(|(x, y)| x == y)
        .count()
}

/// Whether a struct's values can be wrong in ways deserialization does not catch: some field is
/// a string, a number, a collection… Structs whose every field is a `bool`, a unit-only enum, a
/// parsed type (`Uuid`, dates, IP addresses), an identifier newtype (`CommentId`) or a struct of
/// such fields cannot, and neither can self-validating structs (rocket `#[field(validate)]`,
/// serde `try_from`, nutype).
pub fn needs_validation(model: &Model, s: &StructFacts) -> bool {
    !s.self_validating
        && s.fields
            .iter()
            .any(|(_, ty)| !shape_safe(model, ty, &s.module, 0))
}

fn shape_safe(model: &Model, ty: &TypeRef, from: &str, depth: usize) -> bool {
    let name = ty.name();
    if matches!(name, "Option" | "Box") {
        return ty
            .args
            .first()
            .is_some_and(|t| shape_safe(model, t, from, depth));
    }
    // Identifier newtypes (`CommentId(i32)`, `PostId`): an id is looked up, and a lookup that
    // finds nothing is the check; there is no shape to validate.
    if PARSED_TYPES.contains(&name)
        || (name.len() > 2 && (name.ends_with("Id") || name.ends_with("ID")))
    {
        return true;
    }
    let unit_enum = model.lookup.unit_enums.contains(name);
    if unit_enum {
        return true;
    }
    match find_struct(model, ty, from) {
        Some(s) if depth < 4 => {
            s.self_validating
                || (!s.fields.is_empty()
                    && s.fields
                        .iter()
                        .all(|(_, t)| shape_safe(model, t, &s.module, depth + 1)))
        }
        _ => false,
    }
}

/// Whether the type has validation code to call: it derives `Validate` (validator, garde),
/// implements a `Validate` trait, or has an inherent `validate*` method.
pub fn has_validate(model: &Model, s: &StructFacts) -> bool {
    // Impls name their type by its bare name: one written in another module is taken for this
    // struct's only when no other struct has the name (two `InviteData` in two API modules).
    let unique = model
        .lookup
        .structs
        .get(&s.name)
        .is_none_or(|v| v.len() <= 1);
    let of_s = |module: &str| unique || module == s.module;
    s.derives.iter().any(|d| d == "Validate")
        || (model
            .lookup
            .impls
            .contains(&(s.name.clone(), "Validate".to_string()))
            && model
                .files
                .iter()
                .flat_map(|f| &f.impls)
                .any(|i| i.self_ty == s.name && i.trait_name == "Validate" && of_s(&i.module)))
        || model.lookup.methods.get(&s.name).is_some_and(|ids| {
            ids.iter().any(|&id| {
                let f = model.fn_facts(id);
                f.name.starts_with("validate") && of_s(&f.module)
            })
        })
}

/// Whether a method or function name checks a value (`validate`, `validate_email`, `is_valid`,
/// `check_input`, `verify`, `sanitize`, `ensure_unique`).
fn checks(name: &str) -> bool {
    syntax::words(name).iter().any(|w| {
        matches!(
            w.as_str(),
            "validate"
                | "validated"
                | "validation"
                | "valid"
                | "check"
                | "verify"
                | "sanitize"
                | "sanitise"
                | "ensure"
        )
    })
}

/// Whether a method or function converts with an error to handle (`try_into`, `try_from`,
/// `parse`, `parse_email`, `try_new`, `from_str`).
fn converts(name: &str) -> bool {
    name.starts_with("try_") || name.starts_with("parse") || name == "from_str"
}

/// Evidence that a function validates a value, searched in the function and, through calls that
/// receive the value, in the workspace functions it calls.
pub struct Validation<'m> {
    model: &'m Model,
    index: Index<'m>,
    methods: HashMap<&'m str, Vec<FnId>>,
    /// Whether a callee validates its parameters of a type (searched once per callee and type:
    /// handlers share their services).
    callees: std::cell::RefCell<HashMap<(FnId, String, bool), bool>>,
    /// Methods of a name that take a value of a type, by (name, type).
    taking: std::cell::RefCell<HashMap<(String, String), Vec<FnId>>>,
}

impl<'m> Validation<'m> {
    /// Prepares the lookups over the model.
    pub fn new(model: &'m Model) -> Self {
        let mut methods: HashMap<&str, Vec<FnId>> = HashMap::new();
        for (fi, file) in model.files.iter().enumerate() {
            for (i, f) in file.fns.iter().enumerate() {
                if f.self_ty.is_some() && !f.is_test {
                    methods.entry(f.name.as_str()).or_default().push((fi, i));
                }
            }
        }
        Validation {
            model,
            index: model.index(),
            methods,
            callees: std::cell::RefCell::default(),
            taking: std::cell::RefCell::default(),
        }
    }

    /// Whether `f` validates the value bound to `names` (of type `ty`, whose struct has
    /// validation code when `validatable`): a `.validate()`-like call on it, a conversion with
    /// an error (`NewUser::try_from(body)`, `body.try_into()`, `Email::parse(body.email)`), an
    /// `if` on its fields that returns early, or a same-crate function it is passed to that does
    /// one of these.
    pub fn validates(&self, f: &FnFacts, names: &[String], ty: &str, validatable: bool) -> bool {
        let mut seen = HashSet::new();
        self.search(f, names, ty, validatable, 0, &mut seen)
    }

    /// The methods named `method` that take a value of type `ty`: only those can validate the
    /// input when it is passed to them.
    fn methods_taking(&self, method: &str, ty: &str) -> Vec<FnId> {
        let Some(ids) = self.methods.get(method) else {
            return Vec::new();
        };
        let key = (method.to_string(), ty.to_string());
        if let Some(found) = self.taking.borrow().get(&key) {
            return found.clone();
        }
        let found: Vec<FnId> = ids
            .iter()
            .copied()
            .filter(|&id| {
                self.model
                    .fn_facts(id)
                    .params
                    .iter()
                    .any(|p| mentions_type(&p.ty, ty))
            })
            .collect();
        self.taking.borrow_mut().insert(key, found.clone());
        found
    }

    fn search(
        &self,
        f: &FnFacts,
        names: &[String],
        ty: &str,
        validatable: bool,
        depth: usize,
        seen: &mut HashSet<FnId>,
    ) -> bool {
        let names = aliases(f, names);
        let input = |n: &String| names.contains(n);
        for e in &f.events {
            match &e.kind {
                EventKind::MethodOn { receiver, method } => {
                    if input(receiver) && (checks(method) || converts(method)) {
                        return true;
                    }
                    // `let user = body.into_inner(); user.validate()?` through a path the
                    // facts do not follow: the type has a validate method and it is called.
                    if validatable && method.starts_with("validate") {
                        return true;
                    }
                }
                EventKind::Call { path, args } if args.iter().any(input) => {
                    let last = path.last().map_or("", String::as_str);
                    if checks(last) || converts(last) {
                        return true;
                    }
                }
                EventKind::GuardOn { receiver } if input(receiver) => return true,
                _ => {}
            }
        }
        if depth >= 3 {
            return false;
        }
        let mut callees: Vec<FnId> = Vec::new();
        for e in &f.events {
            match &e.kind {
                EventKind::Call { path, args } if args.iter().any(input) => {
                    callees.extend(self.index.resolve_fn(path, &f.module, f.self_ty.as_deref()));
                }
                EventKind::MethodOn { method, .. } => {
                    callees.extend(self.methods_taking(method, ty));
                }
                _ => {}
            }
        }
        callees.sort_unstable();
        callees.dedup();
        callees.into_iter().any(|id| {
            if !seen.insert(id) {
                return false;
            }
            let key = (id, ty.to_string(), validatable);
            if let Some(&known) = self.callees.borrow().get(&key) {
                return known;
            }
            let g = self.model.fn_facts(id);
            let params: Vec<String> = g
                .params
                .iter()
                .filter(|p| mentions_type(&p.ty, ty))
                .flat_map(|p| p.names.iter().cloned())
                .collect();
            let found =
                !params.is_empty() && self.search(g, &params, ty, validatable, depth + 1, seen);
            self.callees.borrow_mut().insert(key, found);
            found
        })
    }
}

/// `names` and every local bound from them (`let user = body.into_inner();`).
fn aliases(f: &FnFacts, names: &[String]) -> Vec<String> {
    let mut out = names.to_vec();
    loop {
        let before = out.len();
        for e in &f.events {
            if let EventKind::Bind { name, from } = &e.kind {
                if out.contains(from) && !out.contains(name) {
                    out.push(name.clone());
                }
            }
        }
        if out.len() == before {
            return out;
        }
    }
}

/// Whether a parameter's type is `ty` or wraps it (`&CreateUser`, `Json<CreateUser>`).
fn mentions_type(t: &TypeRef, ty: &str) -> bool {
    t.name() == ty || t.args.iter().any(|a| mentions_type(a, ty))
}

/// Names a parameter binds that the handler uses (`_body` is deserialized but never read).
pub fn used_names(p: &ParamFact) -> Vec<String> {
    p.names
        .iter()
        .filter(|n| !n.starts_with('_'))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(path: &[&str], args: Vec<TypeRef>) -> TypeRef {
        TypeRef {
            path: path.iter().map(|s| s.to_string()).collect(),
            args,
            text: String::new(),
        }
    }

    #[test]
    fn reads_input_extractors() {
        let never = |_: &str| false;
        let t = ty(&["crate", "dto", "NewUser"], vec![]);
        let json = ty(&["axum", "Json"], vec![t.clone()]);
        assert_eq!(
            request_input(&json, false, &never),
            Input::Raw {
                kind: "Json",
                inner: &t
            }
        );
        let wrapped = ty(&["Option"], vec![json.clone()]);
        assert!(matches!(
            request_input(&wrapped, false, &never),
            Input::Raw { kind: "Json", .. }
        ));
        let valid = ty(&["axum_valid", "Valid"], vec![json.clone()]);
        assert_eq!(request_input(&valid, false, &never), Input::Validated);
        let actix = ty(&["actix_web_validator", "Json"], vec![t.clone()]);
        assert_eq!(request_input(&actix, false, &never), Input::Validated);
        let own = ty(&["Json"], vec![t.clone()]);
        assert_eq!(
            request_input(&own, false, &|n| n == "Json"),
            Input::Validated
        );
        let db = ty(&["sqlx", "types", "Json"], vec![t.clone()]);
        assert_eq!(request_input(&db, false, &never), Input::None);
        let msgpack = ty(&["rocket", "serde", "msgpack", "MsgPack"], vec![t.clone()]);
        assert_eq!(request_input(&msgpack, false, &never), Input::None);
        assert!(matches!(
            request_input(&msgpack, true, &never),
            Input::Raw { .. }
        ));
        let strict = ty(&["Form"], vec![ty(&["Strict"], vec![t.clone()])]);
        assert_eq!(
            request_input(&strict, false, &never),
            Input::Raw {
                kind: "Form",
                inner: &t
            }
        );
    }

    #[test]
    fn resolves_type_modules() {
        let p = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            absolute_module(&p(&["crate", "dto", "X"]), "app::routes"),
            p(&["app", "dto"])
        );
        assert_eq!(
            absolute_module(&p(&["super", "dto", "X"]), "app::routes::users"),
            p(&["app", "routes", "dto"])
        );
        assert_eq!(
            absolute_module(&p(&["X"]), "app::routes"),
            p(&["app", "routes"])
        );
    }
}
