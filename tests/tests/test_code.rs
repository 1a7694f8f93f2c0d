//! Test code is not held to the production rules: `#[cfg(test)]` modules, and modules named as
//! tests (`tests`, `*_test`) even when their `mod` item lacks `#[cfg(test)]`.

use backend_gate_rules::{check, CheckOptions};
use backend_gate_tests::write_file;

#[test]
fn modules_named_as_tests_are_test_code() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write_file(
        root,
        "Cargo.toml",
        "[package]\nname = \"keys\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    );
    write_file(
        root,
        "src/main.rs",
        "mod config;\npub mod tests;\nmod api_test;\n#[cfg(test)]\nmod unit;\nfn main() {}\n",
    );
    let key = "pub const STRIPE_KEY: &str = \"sk_live_51HqLyjWDarjtT1zdp7dcXyZ\";\n";
    for file in ["config", "tests", "api_test", "unit"] {
        write_file(root, &format!("src/{file}.rs"), key);
    }
    write_file(root, "src/tests/helpers.rs", key);
    write_file(root, "src/tests.rs", format!("pub mod helpers;\n{key}"));
    let report = check(&CheckOptions {
        manifest_path: Some(root.join("Cargo.toml")),
        cwd: root.to_path_buf(),
        ..CheckOptions::default()
    })
    .expect("the run completes");
    let found: Vec<(&str, &str)> = report
        .findings
        .iter()
        .map(|f| (f.code, f.file.as_str()))
        .collect();
    assert_eq!(found, [("BG201", "src/config.rs")]);
}
