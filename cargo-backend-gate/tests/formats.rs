//! End to end: the machine formats (sarif, github, cargo-json, markdown) and baselines, through
//! the built binary on a fixture.

use std::path::Path;

mod common;

use common::{fixture, run, run_with, stderr, stdout};

/// The output with the machine-dependent fixture path replaced.
fn redacted(text: &str, root: &Path) -> String {
    text.replace(root.to_string_lossy().as_ref(), "[ROOT]")
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let app = fixture("axum-sqlx");
    let out = run(&app, &["check", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles offline");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF schema violations:\n{}",
        errors.join("\n")
    );
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(
        !validator.is_valid(&broken),
        "the validator checks the values"
    );

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert!(rules.len() > 30, "every rule of the catalogue is described");
    for rule in rules {
        for key in ["id", "name", "shortDescription", "fullDescription", "help"] {
            assert!(rule.get(key).is_some(), "{key} missing in {rule}");
        }
        assert!(rule["help"]["markdown"]
            .as_str()
            .is_some_and(|m| m.contains("```rust")));
        assert!(rule["defaultConfiguration"]["level"].is_string());
    }
    assert_eq!(
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"],
        format!("file://{}/", app.display())
    );
    let results = run["results"].as_array().expect("results");
    assert!(!results.is_empty());
    let mut fingerprints = std::collections::HashSet::new();
    for r in results {
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(
            rules[index]["id"], r["ruleId"],
            "ruleIndex points at its rule"
        );
        let artifact = &r["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
        assert!(!artifact["uri"].as_str().expect("uri").starts_with('/'));
        assert!(r["properties"]["precision"].is_string());
        let fp = r["partialFingerprints"]["backendGateFingerprint/v1"]
            .as_str()
            .expect("fingerprint");
        assert!(
            fingerprints.insert(fp.to_string()),
            "fingerprints are unique"
        );
    }
    assert!(
        results.iter().any(|r| r.get("relatedLocations").is_some()),
        "secondary labels become related locations"
    );
    // Rule texts are the rules' metadata (snapshotted by `explain`); here they would churn
    // with every wording change, so only their presence is checked above.
    let mut shown = log.clone();
    for rule in shown["runs"][0]["tool"]["driver"]["rules"]
        .as_array_mut()
        .expect("rules")
    {
        for key in ["shortDescription", "fullDescription", "help"] {
            rule[key] = "[rule metadata]".into();
        }
    }
    let shown = serde_json::to_string_pretty(&shown).expect("serialises");
    insta::assert_snapshot!("axum_sqlx_sarif", redacted(&shown, &app));
}

#[test]
fn github_annotations_snapshot_and_default_in_actions() {
    let app = fixture("axum-sqlx");
    let out = run(&app, &["check", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for line in text.lines().filter(|l| l.starts_with("::")) {
        assert!(
            line.starts_with("::error file=") || line.starts_with("::warning file="),
            "{line}"
        );
        assert!(line.contains(",title=BG"), "{line}");
    }
    insta::assert_snapshot!("axum_sqlx_github", text);

    let in_actions = run_with(&app, &["check"], &[("GITHUB_ACTIONS", "true")]);
    assert_eq!(
        stdout(&in_actions),
        stdout(&out),
        "github is the default in Actions"
    );
    let explicit = run_with(
        &app,
        &["check", "--format", "json"],
        &[("GITHUB_ACTIONS", "true")],
    );
    assert!(stdout(&explicit).starts_with('{'), "--format wins");
}

#[test]
fn cargo_json_lines_are_cargo_messages() {
    let app = fixture("axum-sqlx");
    let out = run(&app, &["check", "--format", "cargo-json"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let mut count = 0;
    for message in cargo_metadata::Message::parse_stream(text.as_bytes()) {
        let cargo_metadata::Message::CompilerMessage(m) = message.expect("a cargo message") else {
            panic!("only compiler messages are written");
        };
        count += 1;
        let d = &m.message;
        let code = d.code.as_ref().expect("code");
        assert!(code.code.starts_with("BG"));
        assert!(code
            .explanation
            .as_deref()
            .is_some_and(|e| e.contains("## Why is this bad?")));
        assert!(matches!(
            d.level,
            cargo_metadata::diagnostic::DiagnosticLevel::Error
                | cargo_metadata::diagnostic::DiagnosticLevel::Warning
        ));
        let primary = d.spans.iter().find(|s| s.is_primary).expect("primary span");
        assert!(!primary.file_name.starts_with('/'));
        let source = std::fs::read(app.join(&primary.file_name)).expect("span file exists");
        assert!(primary.byte_end as usize <= source.len());
        assert!(!primary.text.is_empty());
        let rendered = d.rendered.as_deref().expect("rendered");
        assert!(rendered.contains(&format!("[{}]", code.code)), "{rendered}");
        assert!(d
            .children
            .iter()
            .any(|c| c.level == cargo_metadata::diagnostic::DiagnosticLevel::Note));
    }
    assert_eq!(count, text.lines().count());
    // The explanation is `explain`'s text, snapshotted elsewhere; here it would repeat per line.
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).expect("JSON line");
            v["message"]["code"]["explanation"] = "[explain]".into();
            v.to_string()
        })
        .collect();
    insta::assert_snapshot!("axum_sqlx_cargo_json", redacted(&lines.join("\n"), &app));
}

#[test]
fn markdown_summary_snapshot() {
    let app = fixture("axum-sqlx");
    let out = run(&app, &["check", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("axum_sqlx_markdown", stdout(&out));

    let linked = run_with(
        &app,
        &["check", "--format", "markdown"],
        &[
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_SERVER_URL", "https://github.com"),
            ("GITHUB_REPOSITORY", "acme/shop"),
            ("GITHUB_SHA", "abc123"),
            (
                "GITHUB_WORKSPACE",
                app.parent().expect("parent").to_str().expect("utf-8"),
            ),
        ],
    );
    assert!(
        stdout(&linked).contains("](https://github.com/acme/shop/blob/abc123/axum-sqlx/src/"),
        "{}",
        stdout(&linked)
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder created");
    for entry in std::fs::read_dir(from).expect("folder read").flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), &target).expect("file copied");
        }
    }
}

/// A Rust file of the fixture with findings in fns, to edit.
const EDITED_FILE: &str = "src/routes/orders.rs";

#[test]
fn baseline_hides_known_findings_and_reports_new_ones() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let app = tmp.path().join("app");
    copy_dir(&fixture("axum-sqlx"), &app);
    let baseline = tmp.path().join("ci/backend-gate-baseline.json");
    let baseline_arg = baseline.to_str().expect("utf-8 path");

    let before = run(&app, &["check", "--format", "json"]);
    assert_eq!(before.status.code(), Some(1));
    let known = stdout(&before).lines().count();

    let write = run(
        &app,
        &[
            "check",
            "--write-baseline",
            baseline_arg,
            "--color",
            "never",
        ],
    );
    assert_eq!(write.status.code(), Some(0), "{}", stderr(&write));
    let written = std::fs::read_to_string(&baseline).expect("baseline written");
    let file: serde_json::Value = serde_json::from_str(&written).expect("baseline is JSON");
    assert_eq!(file["version"], 1);
    assert_eq!(file["findings"].as_array().map(Vec::len), Some(known));
    let rewrite = run(&app, &["check", "--write-baseline", baseline_arg]);
    assert_eq!(rewrite.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&baseline).expect("baseline") == written,
        "the same findings write the same bytes"
    );

    // Lines inserted at the top of a file move its findings; the baseline still covers them.
    let path = app.join(EDITED_FILE);
    let original = std::fs::read_to_string(&path).expect("fixture file");
    std::fs::write(
        &path,
        format!("//! Orders.\n//!\n//! Moved down.\n\n{original}"),
    )
    .expect("file edited");
    let quiet = run(
        &app,
        &["check", "--baseline", baseline_arg, "--color", "never"],
    );
    assert_eq!(quiet.status.code(), Some(0), "{}", stdout(&quiet));
    assert!(
        stdout(&quiet).contains(&format!("{known} findings hidden by the baseline")),
        "{}",
        stdout(&quiet)
    );
    let json = run(
        &app,
        &["check", "--format", "json", "--baseline", baseline_arg],
    );
    assert_eq!(stdout(&json), "");

    // A new finding is reported, alone, and fails the gate.
    std::fs::write(
        &path,
        format!(
            "{original}\npub const STRIPE_SECRET_KEY: &str = \"sk_live_51H8abcdefghijklmnopqrstuv\";\n"
        ),
    )
    .expect("file edited");
    let new = run(
        &app,
        &["check", "--format", "json", "--baseline", baseline_arg],
    );
    assert_eq!(new.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = stdout(&new)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 1, "{}", stdout(&new));
    assert_eq!(lines[0]["code"], "BG201");
}

#[test]
fn missing_or_corrupt_baseline_exits_2() {
    let app = fixture("axum-sqlx");
    let tmp = tempfile::tempdir().expect("tempdir");
    let missing = tmp.path().join("none.json");
    let out = run(
        &app,
        &["check", "--baseline", missing.to_str().expect("utf-8 path")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read baseline"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());

    let corrupt = tmp.path().join("corrupt.json");
    std::fs::write(&corrupt, "{\"version\": 1, \"findings\": [").expect("written");
    let out = run(
        &app,
        &["check", "--baseline", corrupt.to_str().expect("utf-8 path")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not valid JSON"),
        "{}",
        stderr(&out)
    );
}
