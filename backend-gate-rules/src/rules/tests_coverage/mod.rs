//! Test rules: endpoints that no test mentions.
//!
//! What tests mention comes from the facts (`test_mentions`: string literals, macro string
//! arguments and the last segment of every path expression in test code, per file), read here
//! once into handler-name candidates and request paths.

pub mod untested_endpoint;

use crate::endpoints::router::Method;
use crate::endpoints::Model;
use std::collections::HashSet;

/// What the workspace's test code mentions.
pub struct TestMentions<'a> {
    /// Identifiers and literals, to match handler names (`create_user(..)` called directly).
    pub names: HashSet<&'a str>,
    /// Literals that read as request paths: their segments, and whether the literal ends in `/`
    /// (the rest of the path is added at run time).
    pub paths: Vec<(Vec<String>, bool)>,
}

impl<'a> TestMentions<'a> {
    /// Reads every file's test mentions.
    pub fn new(model: &'a Model) -> Self {
        let mut names = HashSet::new();
        let mut paths = Vec::new();
        let mut seen = HashSet::new();
        for m in model.files.iter().flat_map(|f| &f.test_mentions) {
            names.insert(m.as_str());
            if seen.insert(m.as_str()) {
                paths.extend(mention_path(m));
            }
        }
        TestMentions { names, paths }
    }
}

/// A test literal as a request path: `"/users/42?page=2"`, `"http://localhost:3000/users"`,
/// `"{}/users/{}"` and `"{base}/users"` (format strings with the base URL in a hole),
/// `"GET /users"`. Returns its segments and whether it ends in `/` (`"/users/"` + id); `None`
/// for literals that are not paths (`"application/json"`, `"users"`, prose).
pub fn mention_path(mention: &str) -> Option<(Vec<String>, bool)> {
    let mut s = mention.trim();
    if let Some((method, rest)) = s.split_once(' ') {
        if method.chars().all(|c| c.is_ascii_uppercase()) && Method::parse(method).is_some() {
            s = rest.trim_start();
        }
    }
    if let Some(i) = s.find("://") {
        let after = &s[i + 3..];
        s = after.find('/').map_or("/", |j| &after[j..]);
    }
    while s.starts_with('{') && !s.starts_with("{{") {
        let end = s.find('}')?;
        s = &s[end + 1..];
    }
    if !s.starts_with('/') {
        return None;
    }
    let s = s.split(['?', '#']).next().unwrap_or(s);
    if s.contains(char::is_whitespace) {
        return None;
    }
    let open = s.len() > 1 && s.ends_with('/');
    let segs = s
        .split('/')
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect();
    Some((segs, open))
}
