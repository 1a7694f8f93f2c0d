//! Which rules run, at which level: preset, `--select`, `--ignore` and per-rule levels.

use crate::error::{closest, Error};
use crate::rule::{Level, Preset, RuleMeta};
use crate::rules::{parse_error::PARSE_ERROR, RULES};
use std::collections::HashMap;

/// The user's choice of rules.
#[derive(Clone, Debug)]
pub struct Selection {
    /// The preset that decides the defaults.
    pub preset: Preset,
    /// When non-empty, only rules matching one of these run.
    pub select: Vec<String>,
    /// Rules matching one of these do not run.
    pub ignore: Vec<String>,
    /// Levels set per selector, applied in order.
    pub levels: Vec<(String, Level)>,
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            preset: Preset::Recommended,
            select: Vec::new(),
            ignore: Vec::new(),
            levels: Vec::new(),
        }
    }
}

/// The effective level of every rule.
#[derive(Clone, Debug)]
pub struct RuleLevels {
    levels: HashMap<&'static str, Level>,
    preset: Preset,
}

impl RuleLevels {
    /// The effective level of the rule with `code` (`allow` when it does not run).
    pub fn get(&self, code: &str) -> Level {
        self.levels.get(code).copied().unwrap_or(Level::Allow)
    }

    /// Whether the rule's level was left at its preset default (graded rules may then
    /// raise or lower a finding's level by its evidence).
    pub fn is_default(&self, meta: &RuleMeta) -> bool {
        self.get(meta.code) == meta.level
    }

    /// The preset the levels were resolved under (some rules check more under `strict`).
    pub fn preset(&self) -> Preset {
        self.preset
    }
}

/// Whether a selector (code, code prefix like `BG2`, name, category or `all`) matches a rule.
pub fn matches(selector: &str, meta: &RuleMeta) -> bool {
    let s = selector.trim();
    s.eq_ignore_ascii_case("all")
        || s.eq_ignore_ascii_case(meta.code)
        || s.eq_ignore_ascii_case(meta.name)
        || s.eq_ignore_ascii_case(meta.category.as_str())
        || (s.len() >= 3
            && s.len() < meta.code.len()
            && meta.code.len() >= s.len()
            && meta.code[..s.len()].eq_ignore_ascii_case(s))
}

/// Checks that a selector matches some rule; the error suggests the closest known name.
pub fn validate_selector(selector: &str) -> Result<(), Error> {
    if RULES.iter().any(|r| matches(selector, r.meta())) {
        return Ok(());
    }
    let names = RULES
        .iter()
        .flat_map(|r| [r.meta().code, r.meta().name, r.meta().category.as_str()]);
    Err(Error::UnknownRule {
        name: selector.to_string(),
        suggestion: closest(selector, names),
    })
}

/// How specific a selector is: `all` < category < code prefix < code or name. Of the levels
/// one table sets, the most specific selector's wins.
pub fn specificity(selector: &str) -> u8 {
    let s = selector.trim();
    if s.eq_ignore_ascii_case("all") {
        0
    } else if crate::rule::Category::ALL
        .iter()
        .any(|c| s.eq_ignore_ascii_case(c.as_str()))
    {
        1
    } else if RULES
        .iter()
        .any(|r| s.eq_ignore_ascii_case(r.meta().code) || s.eq_ignore_ascii_case(r.meta().name))
    {
        3
    } else {
        2
    }
}

impl Selection {
    /// Resolves the selection into a level per rule.
    pub fn resolve(&self) -> Result<RuleLevels, Error> {
        self.resolve_with(self.preset, &[])
    }

    /// Resolves the selection over configured levels: `preset` sets the defaults, then each
    /// layer's `(selector, level)` pairs apply in order, then `--select`, `--ignore` and this
    /// selection's own levels (the command line wins over the configuration).
    pub fn resolve_with(
        &self,
        preset: Preset,
        layers: &[&[(String, Level)]],
    ) -> Result<RuleLevels, Error> {
        for s in self
            .select
            .iter()
            .chain(&self.ignore)
            .chain(self.levels.iter().map(|(s, _)| s))
            .chain(layers.iter().flat_map(|l| l.iter().map(|(s, _)| s)))
        {
            validate_selector(s)?;
        }
        let levels = RULES
            .iter()
            .map(|rule| {
                let meta = rule.meta();
                let mut level = match (preset, meta.preset) {
                    (Preset::Recommended, Preset::Strict) => Level::Allow,
                    (Preset::Strict, Preset::Strict) => meta.level.max(Level::Warn),
                    _ => meta.level,
                };
                for (s, l) in layers.iter().flat_map(|l| l.iter()) {
                    if matches(s, meta) {
                        level = *l;
                    }
                }
                // Files that cannot be read are reported whatever is selected: their code went unchecked.
                if !self.select.is_empty() && meta.code != PARSE_ERROR.code {
                    level = if !self.select.iter().any(|s| matches(s, meta)) {
                        Level::Allow
                    } else if level == Level::Allow {
                        meta.level.max(Level::Warn)
                    } else {
                        level
                    };
                }
                if self.ignore.iter().any(|s| matches(s, meta)) {
                    level = Level::Allow;
                }
                for (s, l) in &self.levels {
                    if matches(s, meta) {
                        level = *l;
                    }
                }
                (meta.code, level)
            })
            .collect();
        Ok(RuleLevels { levels, preset })
    }
}
