//! The runtime registry: every `#[endpoint]` linked into the binary, gathered through
//! `inventory`.

use crate::Endpoint;
use std::sync::OnceLock;

/// Every endpoint declared with `#[endpoint(...)]` in the crates linked into this binary,
/// sorted by path, then method, then module and handler: the order is the same on every run and
/// platform, whatever order the linker laid them out in.
///
/// Endpoints of a library crate are listed when the binary links that crate (it does when it
/// uses anything from it, such as the handlers its router serves).
pub fn registry() -> impl ExactSizeIterator<Item = &'static Endpoint> + DoubleEndedIterator + Clone
{
    static SORTED: OnceLock<Vec<&'static Endpoint>> = OnceLock::new();
    SORTED
        .get_or_init(|| {
            let mut all: Vec<&'static Endpoint> = inventory::iter::<Endpoint>.into_iter().collect();
            all.sort_by(|a, b| {
                (a.path, a.method, a.module, a.handler, a.line)
                    .cmp(&(b.path, b.method, b.module, b.handler, b.line))
            });
            all
        })
        .iter()
        .copied()
}
