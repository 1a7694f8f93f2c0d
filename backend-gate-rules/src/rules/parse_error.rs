//! BG000: files that cannot be read or parsed. Reported by the loader, not by a walk.

use crate::rule::{Category, Level, Preset, Rule, RuleMeta};

/// Metadata of BG000.
pub static PARSE_ERROR: RuleMeta = RuleMeta {
    code: "BG000",
    name: "parse-error",
    category: Category::Syntax,
    level: Level::Warn,
    preset: Preset::Recommended,
    summary: "a file that cannot be read or parsed (syntax error, not UTF-8, too large); the rest of the workspace is still checked",
    why: "A file the tool cannot parse is a file none of the other rules looked at: its findings are unknown. \
          rustc would reject a syntax error too, so this usually means the file is generated, belongs to another \
          toolchain edition, or is work in progress.",
    bad: "fn handler( {\n    // unbalanced delimiter\n}",
    good: "fn handler() {\n}",
    in_tests: true,
};

/// BG000 parse-error.
pub struct ParseError;

impl Rule for ParseError {
    fn meta(&self) -> &'static RuleMeta {
        &PARSE_ERROR
    }
}
