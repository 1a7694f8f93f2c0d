//! Compile-time behaviour of `#[endpoint]`: every error case of SPEC §5 with its committed
//! `.stderr` (message and span), and annotated handlers in several frameworks' styles that
//! compile, run and register. `TRYBUILD=overwrite` re-blesses the `.stderr` files.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
