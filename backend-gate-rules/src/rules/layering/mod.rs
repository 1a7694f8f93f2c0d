//! Layering rules: database access and business logic belong behind the project's own services and repositories, not in route handlers.

pub mod db_call_in_loop;
pub mod db_in_handler;
pub mod fat_handler;
pub mod mutating_get;

use crate::facts::{Event, EventKind, FnFacts};

/// The DB events of a function: `(event, write, insert)`.
pub fn db_events(f: &FnFacts) -> impl Iterator<Item = (&Event, bool, bool)> {
    f.events.iter().filter_map(|e| match e.kind {
        EventKind::Db { write, insert, .. } => Some((e, write, insert)),
        _ => None,
    })
}

/// Whether a path segment names an entry point that must be reachable by a link or a redirect
/// from another site, and so is a GET or a POST whatever it does: OAuth/SSO callbacks, email
/// verification and confirmation links, unsubscribe links, webhooks, sign-in/out (the whole
/// segment or one of its words: `google_callback`).
pub fn is_link_entry_point(segment: &str) -> bool {
    let key: String = segment
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    const ENTRY_POINTS: &[&str] = &[
        "callback",
        "oauth",
        "oauth2",
        "sso",
        "verify",
        "verifyemail",
        "verification",
        "confirm",
        "confirmemail",
        "confirmation",
        "activate",
        "activation",
        "unsubscribe",
        "magiclink",
        "webhook",
        "webhooks",
        "login",
        "logout",
        "signin",
        "signout",
        "refresh",
        "token",
    ];
    // `google_callback`, `oauth-redirect`: a word of the segment names it too.
    ENTRY_POINTS.contains(&key.as_str())
        || crate::syntax::words(segment)
            .iter()
            .any(|w| ENTRY_POINTS.contains(&w.as_str()))
}

/// The last literal segment of an endpoint path (`/api/v1/users/{id}/verify` → `verify`), and
/// whether a `{param}` comes after it.
pub fn last_segment(path: &str) -> (Option<&str>, bool) {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let trailing_param = segments.last().is_some_and(|s| s.starts_with('{'));
    (
        segments.iter().rev().find(|s| !s.starts_with('{')).copied(),
        trailing_param,
    )
}
