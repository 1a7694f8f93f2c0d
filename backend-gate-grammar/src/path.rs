//! The route path of `#[endpoint]`: `/`-rooted, with `{param}` segments and an optional
//! trailing `{*rest}` wildcard (axum's catch-all; actix writes it `{rest:.*}`, which is not part
//! of this grammar).

/// A `{param}` of a path.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PathParam {
    /// Its name (`id` for `{id}`, `rest` for `{*rest}`).
    pub name: String,
    /// `{*rest}`: matches the rest of the path.
    pub wildcard: bool,
}

/// Checks a route path and returns its parameters in order. The error says what is wrong and
/// how to write it.
pub fn path_params(path: &str) -> Result<Vec<PathParam>, String> {
    if !path.starts_with('/') {
        let fix = if path.is_empty() {
            "/".to_string()
        } else {
            format!("/{path}")
        };
        return Err(format!("the path must start with `/`: write \"{fix}\""));
    }
    if let Some(c) = path
        .chars()
        .find(|c| matches!(c, '?' | '#') || c.is_whitespace() || c.is_control())
    {
        let what = match c {
            '?' => {
                "a query string: query parameters are read with a `Query<..>` extractor".to_string()
            }
            '#' => "a fragment: browsers never send it".to_string(),
            _ => format!("the character {c:?}: percent-encode it"),
        };
        return Err(format!("the path cannot contain {what}"));
    }
    let mut params: Vec<PathParam> = Vec::new();
    let segments: Vec<&str> = path[1..].split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if segment.is_empty() && !last {
            return Err("the path has an empty segment (`//`)".into());
        }
        if let Some(name) = segment
            .strip_prefix(':')
            .or_else(|| segment.strip_prefix('<').and_then(|s| s.strip_suffix('>')))
        {
            let name = name.trim_end_matches("..");
            return Err(format!(
                "malformed path parameter `{segment}`: write parameters as `{{{name}}}`"
            ));
        }
        if let Some(name) = segment.strip_prefix('*') {
            return Err(format!(
                "malformed path parameter `{segment}`: write a wildcard as `{{*{name}}}`"
            ));
        }
        for param in segment_params(segment)? {
            if param.wildcard && !(last && segment.len() == param.name.len() + 3) {
                return Err(format!(
                    "malformed path parameter `{{*{}}}`: a wildcard matches the rest of the path, \
                     so it must be the whole last segment",
                    param.name
                ));
            }
            if params.iter().any(|p| p.name == param.name) {
                return Err(format!(
                    "path parameter `{{{}}}` appears twice: each parameter needs its own name",
                    param.name
                ));
            }
            params.push(param);
        }
    }
    Ok(params)
}

/// The `{..}` parameters of one segment (actix allows several: `{name}.{ext}`).
fn segment_params(segment: &str) -> Result<Vec<PathParam>, String> {
    let mut out = Vec::new();
    let mut rest = segment;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!(
                "malformed path parameter in `{segment}`: `}}` without an opening `{{`"
            ));
        }
        let after = &rest[open + 1..];
        let Some(close) = after
            .find(['{', '}'])
            .filter(|&c| after[c..].starts_with('}'))
        else {
            return Err(format!(
                "malformed path parameter in `{segment}`: `{{` is never closed"
            ));
        };
        let inner = &after[..close];
        let (name, wildcard) = match inner.strip_prefix('*') {
            Some(name) => (name, true),
            None => (inner, false),
        };
        check_name(name, inner)?;
        out.push(PathParam {
            name: name.to_string(),
            wildcard,
        });
        rest = &after[close + 1..];
    }
    Ok(out)
}

/// A parameter name is a Rust identifier, since it usually names a binding or a field.
fn check_name(name: &str, written: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let valid = match chars.next() {
        None => {
            return Err(
                "malformed path parameter `{}`: a parameter needs a name, e.g. `{id}`".into(),
            )
        }
        Some(c) => {
            (c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
    };
    if valid && name != "_" {
        return Ok(());
    }
    let hint = if name.contains(':') {
        "; regex constraints (`{id:\\d+}`) are not part of the contract: validate in the handler"
    } else {
        ""
    };
    Err(format!(
        "malformed path parameter `{{{written}}}`: a name is letters, digits and `_`, \
         not starting with a digit{hint}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(path: &str) -> Vec<(String, bool)> {
        path_params(path)
            .unwrap()
            .into_iter()
            .map(|p| (p.name, p.wildcard))
            .collect()
    }

    #[test]
    fn accepts_valid_paths() {
        assert!(names("/").is_empty());
        assert!(names("/health").is_empty());
        assert!(names("/api/v1/users/").is_empty());
        assert_eq!(names("/users/{id}"), [("id".to_string(), false)]);
        assert_eq!(
            names("/orgs/{org_id}/members/{user_id}"),
            [
                ("org_id".to_string(), false),
                ("user_id".to_string(), false)
            ]
        );
        assert_eq!(names("/files/{*path}"), [("path".to_string(), true)]);
        assert_eq!(names("/files/{name}.{ext}").len(), 2);
        assert_eq!(names("/u/{_id2}"), [("_id2".to_string(), false)]);
    }

    #[test]
    fn rejects_malformed_paths() {
        let err = |p: &str| path_params(p).unwrap_err();
        assert_eq!(
            err("users"),
            "the path must start with `/`: write \"/users\""
        );
        assert!(err("").contains("\"/\""));
        assert!(err("/users/{}").contains("needs a name"));
        assert!(err("/users/{1a}").contains("`{1a}`"));
        assert!(err("/users/{a-b}").contains("`{a-b}`"));
        assert!(err("/users/{_}").contains("`{_}`"));
        assert!(err("/users/{id").contains("never closed"));
        assert!(err("/users/{{id}").contains("never closed"));
        assert!(err("/users/id}").contains("without an opening"));
        assert!(err(r"/users/{id:\d+}").contains("regex constraints"));
        assert!(err("/users/:id").contains("write parameters as `{id}`"));
        assert!(err("/users/<id>").contains("write parameters as `{id}`"));
        assert!(err("/files/<path..>").contains("`{path}`"));
        assert!(err("/files/*rest").contains("`{*rest}`"));
        assert!(err("/files/{*rest}/meta").contains("whole last segment"));
        assert!(err("/files/x{*rest}").contains("whole last segment"));
        assert!(err("/a/{id}/b/{id}").contains("appears twice"));
        assert!(err("/search?q=1").contains("`Query<..>`"));
        assert!(err("/a b").contains("percent-encode"));
        assert!(err("/a//b").contains("empty segment"));
    }
}
