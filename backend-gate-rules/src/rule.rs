//! Rule metadata and the interface every rule implements.

use crate::config::scopes::Scopes;
use crate::config::Settings;
use crate::endpoints::Model;
use crate::finding::{Diagnostic, Finding, Label};
use crate::migrations::MigrationCx;
use crate::settings::RuleLevels;
use crate::source::Range;
use crate::walk::{Cx, FnNode, MacroNode};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// How seriously a finding is taken: `deny` fails the gate, `warn` is shown, `allow` is off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The rule does not run.
    Allow,
    /// Reported; fails the gate only with `--deny-warnings`.
    Warn,
    /// Reported and fails the gate (exit 1).
    Deny,
}

impl Level {
    /// The lower-case name used in config files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Allow => "allow",
            Level::Warn => "warn",
            Level::Deny => "deny",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The family a rule belongs to; `--select`/`--ignore` accept these names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// Files the tool could not read or parse.
    Syntax,
    /// Suppression comments: unused, malformed, without a reason.
    Suppression,
    /// Where code lives: handlers, services, repositories.
    Layering,
    /// Hard-coded configuration and secrets.
    Configuration,
    /// Panics, swallowed and leaked errors.
    ErrorHandling,
    /// Validation of request input.
    InputValidation,
    /// Blocking work and locks in async code.
    Async,
    /// Injection, authentication, secrets exposure, transport security.
    Security,
    /// REST API shape over all endpoints.
    ApiDesign,
    /// SQL migrations and SQL literals.
    Database,
    /// Test coverage of endpoints.
    Tests,
}

impl Category {
    /// Every category, in catalogue order.
    pub const ALL: [Category; 11] = [
        Category::Syntax,
        Category::Suppression,
        Category::Layering,
        Category::Configuration,
        Category::ErrorHandling,
        Category::InputValidation,
        Category::Async,
        Category::Security,
        Category::ApiDesign,
        Category::Database,
        Category::Tests,
    ];

    /// The kebab-case name used on the command line and in config.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Syntax => "syntax",
            Category::Suppression => "suppression",
            Category::Layering => "layering",
            Category::Configuration => "configuration",
            Category::ErrorHandling => "error-handling",
            Category::InputValidation => "input-validation",
            Category::Async => "async",
            Category::Security => "security",
            Category::ApiDesign => "api-design",
            Category::Database => "database",
            Category::Tests => "tests",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The preset that turns a rule on: `recommended` is the default, `strict` adds the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    /// On by default.
    Recommended,
    /// On only with `--preset strict` (at `warn` when its default level is `allow`).
    Strict,
}

impl Preset {
    /// The lower-case name used on the command line and in config.
    pub fn as_str(self) -> &'static str {
        match self {
            Preset::Recommended => "recommended",
            Preset::Strict => "strict",
        }
    }
}

impl fmt::Display for Preset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// How sure a finding is: heuristic matches (names, partial resolution) are below `high`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// A guess from names or partial resolution.
    Low,
    /// Likely, with some resolution gaps.
    Medium,
    /// The evidence is unambiguous.
    High,
}

impl Confidence {
    /// The lower-case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// Everything users see about a rule, kept beside its check: `rules`, `explain` and
/// the README's rule table are generated from it.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable code, e.g. `BG201`.
    pub code: &'static str,
    /// Stable kebab-case name naming the anti-pattern, e.g. `hardcoded-secret`.
    pub name: &'static str,
    /// The family of the rule.
    pub category: Category,
    /// Level under the preset that enables it.
    pub level: Level,
    /// The preset that enables the rule.
    pub preset: Preset,
    /// One line: what fires.
    pub summary: &'static str,
    /// One paragraph: why it matters.
    pub why: &'static str,
    /// Code that fires.
    pub bad: &'static str,
    /// The same code, fixed.
    pub good: &'static str,
    /// Whether the rule also looks at test code (`#[cfg(test)]`, `#[test]`, `tests/`, …).
    pub in_tests: bool,
}

/// A check. Rules receive already-parsed code through hooks called by one shared walk of
/// each file ([`crate::walk`]); they never read files or parse on their own.
///
/// Every hook has an empty default, so a rule implements only the nodes it needs.
pub trait Rule: Sync {
    /// The rule's metadata.
    fn meta(&self) -> &'static RuleMeta;

    /// Called for every item (module level, impl and trait items are given as their own kinds).
    fn check_item(&self, _cx: &Cx, _item: &syn::Item, _out: &mut Vec<Diagnostic>) {}

    /// Called for every `const` or associated item inside `impl` blocks.
    fn check_impl_item(&self, _cx: &Cx, _item: &syn::ImplItem, _out: &mut Vec<Diagnostic>) {}

    /// Called for every expression, outermost first.
    fn check_expr(&self, _cx: &Cx, _expr: &syn::Expr, _out: &mut Vec<Diagnostic>) {}

    /// Called for every `let` statement.
    fn check_local(&self, _cx: &Cx, _local: &syn::Local, _out: &mut Vec<Diagnostic>) {}

    /// Called for every macro invocation (expression, statement or item position), with its
    /// arguments when they parse as comma-separated expressions.
    fn check_macro(&self, _cx: &Cx, _mac: &MacroNode, _out: &mut Vec<Diagnostic>) {}

    /// Called for every function or method with a body, before its body is walked.
    fn check_fn(&self, _cx: &Cx, _f: &FnNode, _out: &mut Vec<Diagnostic>) {}

    /// Called once per run, after every file is walked, with the endpoint model: rules about
    /// handlers and the API as a whole live here.
    fn check_model(&self, _cx: &ModelCx, _out: &mut Vec<Finding>) {}

    /// Called once per run with every package's SQL migration sets, parsed and replayed.
    fn check_migrations(&self, _cx: &MigrationCx, _out: &mut Vec<Finding>) {}
}

/// What cross-file rules see: the endpoint model and the effective levels.
pub struct ModelCx<'a> {
    /// Files' facts and the endpoints.
    pub model: &'a Model,
    pub(crate) levels: &'a Scopes,
}

impl ModelCx<'_> {
    /// A finding of `rule` in file `file` (index into the model's files) at `range`, or `None`
    /// when the rule is off. `graded` sets the level by evidence when the user kept the rule's
    /// default. Help, confidence and labels are added with [`Finding`]'s builder methods.
    pub fn finding(
        &self,
        rule: &'static RuleMeta,
        file: usize,
        range: Range,
        message: impl Into<String>,
        graded: Option<Level>,
    ) -> Option<Finding> {
        let levels = self.levels_of(file);
        let configured = levels.get(rule.code);
        let level = match graded {
            Some(graded) if configured != Level::Allow && levels.is_default(rule) => graded,
            _ => configured,
        };
        (level != Level::Allow).then(|| Finding {
            code: rule.code,
            name: rule.name,
            level,
            confidence: Confidence::High,
            message: message.into(),
            label: String::new(),
            help: String::new(),
            file: self.model.files[file].path.clone(),
            range,
            secondary: Vec::new(),
            context: None,
        })
    }

    /// The preset that applies to file `file`: rules that check more under `strict` ask it.
    pub fn preset(&self, file: usize) -> Preset {
        self.levels_of(file).preset()
    }

    /// The configuration that applies to file `file` (its package's).
    pub fn settings(&self, file: usize) -> &Settings {
        &self.model.files[file].package.settings
    }

    fn levels_of(&self, file: usize) -> Arc<RuleLevels> {
        let f = &self.model.files[file];
        self.levels.levels(&f.path, &f.package.name)
    }

    /// A secondary label in file `file`.
    pub fn label(&self, file: usize, range: Range, message: impl Into<String>) -> Label {
        Label {
            file: self.model.files[file].path.clone(),
            range,
            message: message.into(),
        }
    }
}
