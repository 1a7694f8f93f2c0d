//! The registry files and the checklist on every fixture: the endpoints they list, their JSON
//! Schemas (committed, generated from the Rust types, and validated against), snapshots of the
//! files, and determinism.

use backend_gate_rules::registry::checklist::{markdown, Checklist};
use backend_gate_rules::registry::endpoints::EndpointsFile;
use backend_gate_rules::registry::models::ModelsFile;
use backend_gate_rules::registry::services::ServicesFile;
use backend_gate_rules::registry::{schema_of, to_json, Registry};
use backend_gate_rules::{check, CheckOptions, Preset, Selection};
use backend_gate_tests::{expected_endpoints, fixture, fixture_names, options};
use std::path::PathBuf;

/// The options of `cargo backend-gate registry` in a fixture: every rule, strict.
fn registry_options(name: &str, jobs: Option<usize>) -> CheckOptions {
    CheckOptions {
        selection: Selection {
            preset: Preset::Strict,
            select: vec!["all".into()],
            ..Selection::default()
        },
        registry: true,
        jobs,
        ..options(&fixture(name))
    }
}

fn registry_of(name: &str) -> Registry {
    let report = check(&registry_options(name, None))
        .unwrap_or_else(|e| panic!("checking {name} failed: {e}"));
    assert!(
        report.internal_errors.is_empty(),
        "{:?}",
        report.internal_errors
    );
    report.registry.expect("the registry was asked for")
}

fn schemas_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../cargo-backend-gate/schemas")
}

/// Each committed schema file and the schema generated from its type.
fn schemas() -> [(&'static str, String); 4] {
    [
        ("endpoints", schema_of::<EndpointsFile>()),
        ("models", schema_of::<ModelsFile>()),
        ("services", schema_of::<ServicesFile>()),
        ("checklist", schema_of::<Checklist>()),
    ]
}

/// The committed schemas are the ones the types generate: a field added to a type without
/// regenerating them fails here (`UPDATE_SCHEMAS=1 cargo test -p backend-gate-tests` rewrites them).
#[test]
fn committed_schemas_match_the_types() {
    for (name, generated) in schemas() {
        let path = schemas_dir().join(format!("{name}.schema.json"));
        if std::env::var_os("UPDATE_SCHEMAS").is_some() {
            std::fs::create_dir_all(schemas_dir()).expect("schemas folder");
            std::fs::write(&path, &generated).expect("schema written");
            continue;
        }
        let committed =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            committed, generated,
            "{name}.schema.json is stale: run UPDATE_SCHEMAS=1 cargo test -p backend-gate-tests"
        );
    }
}

/// For each fixture, `endpoints.json` lists exactly the endpoints the endpoint tests expect.
#[test]
fn endpoints_json_lists_the_expected_endpoints() {
    for name in fixture_names() {
        let expected = expected_endpoints::of(&name)
            .unwrap_or_else(|| panic!("no expected endpoints for fixture {name}"));
        let mut wanted: Vec<(String, String, String)> = expected
            .iter()
            .map(|(m, p, h)| (m.to_string(), p.to_string(), h.to_string()))
            .collect();
        wanted.sort();
        let registry = registry_of(&name);
        let text = &registry.files()[0].1;
        let parsed: serde_json::Value = serde_json::from_str(text).expect("endpoints.json parses");
        let mut listed: Vec<(String, String, String)> = parsed["endpoints"]
            .as_array()
            .expect("an endpoints array")
            .iter()
            .map(|e| {
                let field = |k: &str| e[k].as_str().expect("a string").to_string();
                (field("method"), field("path"), field("handler"))
            })
            .collect();
        listed.sort();
        assert_eq!(listed, wanted, "fixture {name}");
    }
}

/// Every file of every fixture is valid against its committed schema.
#[test]
fn outputs_validate_against_the_committed_schemas() {
    let validators: Vec<(&str, jsonschema::Validator)> = schemas()
        .into_iter()
        .map(|(name, _)| {
            let path = schemas_dir().join(format!("{name}.schema.json"));
            let text = std::fs::read_to_string(&path).expect("schema committed");
            let schema: serde_json::Value = serde_json::from_str(&text).expect("schema parses");
            let validator = jsonschema::validator_for(&schema)
                .unwrap_or_else(|e| panic!("{name}.schema.json is not a valid schema: {e}"));
            (name, validator)
        })
        .collect();
    for fixture_name in fixture_names() {
        let registry = registry_of(&fixture_name);
        let [(_, endpoints), (_, models), (_, services)] = registry.files();
        let documents = [endpoints, models, services, to_json(&registry.checklist)];
        for ((schema, validator), text) in validators.iter().zip(documents) {
            let value: serde_json::Value = serde_json::from_str(&text).expect("output parses");
            let errors: Vec<String> = validator
                .iter_errors(&value)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(
                errors.is_empty(),
                "{fixture_name}: {schema} output does not match its schema:\n{}",
                errors.join("\n")
            );
        }
    }
}

/// A schema violation is caught: the validation above is not vacuous.
#[test]
fn schemas_reject_a_wrong_document() {
    let schema: serde_json::Value =
        serde_json::from_str(&schema_of::<EndpointsFile>()).expect("schema parses");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let wrong = serde_json::json!({
        "schema_version": 1,
        "endpoints": [{"method": "GET", "path": "/"}],
    });
    assert!(!validator.is_valid(&wrong));
    let extra = serde_json::json!({"schema_version": 1, "endpoints": [], "more": true});
    assert!(!validator.is_valid(&extra));
}

/// The three registry files of every fixture.
#[test]
fn registry_snapshots() {
    for name in fixture_names() {
        let registry = registry_of(&name);
        for (file, text) in registry.files() {
            let stem = file.trim_end_matches(".json");
            insta::assert_snapshot!(format!("registry-{name}-{stem}"), text);
        }
    }
}

/// The checklist of every fixture, as markdown and as JSON.
#[test]
fn checklist_snapshots() {
    for name in fixture_names() {
        let registry = registry_of(&name);
        insta::assert_snapshot!(
            format!("checklist-{name}-markdown"),
            markdown::render(&registry.checklist)
        );
        insta::assert_snapshot!(
            format!("checklist-{name}-json"),
            to_json(&registry.checklist)
        );
    }
}

/// The same bytes whatever the number of threads.
#[test]
fn registry_is_the_same_for_any_jobs() {
    for name in ["axum-seaorm", "rocket-diesel"] {
        let run = |jobs| {
            let report = check(&registry_options(name, Some(jobs))).expect("checked");
            let registry = report.registry.expect("registry");
            let mut all: Vec<String> = registry.files().into_iter().map(|(_, t)| t).collect();
            all.push(markdown::render(&registry.checklist));
            all
        };
        assert_eq!(run(1), run(2), "fixture {name}");
    }
}

/// The registry files are plain JSON with `\n` line ends and forward slashes in paths.
#[test]
fn registry_files_are_portable_text() {
    let registry = registry_of("actix-diesel");
    for (file, text) in registry.files() {
        assert!(text.ends_with("}\n"), "{file}");
        assert!(!text.contains('\r'), "{file}");
        assert!(!text.contains('\\'), "{file}: a backslash in {text}");
    }
}

/// Checks are counted once each in the totals.
#[test]
fn checklist_totals_add_up() {
    let registry = registry_of("axum-sqlx");
    let c = &registry.checklist;
    let api: usize = c.endpoints.iter().map(|e| e.api.len()).sum();
    let security: usize = c.endpoints.iter().map(|e| e.security.len()).sum();
    let t = &c.totals;
    let sum = |x: &backend_gate_rules::registry::checklist::Tally| {
        x.passed + x.failed + x.not_applicable + x.not_checked
    };
    assert_eq!(sum(&t.api), api);
    assert_eq!(sum(&t.security), security);
    assert_eq!(t.endpoints, c.endpoints.len());
    assert!(t.api.failed > 0 && t.security.failed > 0 && t.database.failed > 0);
}

/// `fixtures/axum-mysql` declares four of its endpoints with `#[endpoint(..)]`: `endpoints.json`
/// carries what each declares (read with the macro's own grammar), the routed-only one declares
/// nothing, and declaring `public` answers the authentication question.
#[test]
fn annotated_endpoints_carry_their_contract() {
    let registry = registry_of("axum-mysql");
    let entry = |method: &str, path: &str| {
        registry
            .endpoints
            .endpoints
            .iter()
            .find(|e| e.method == method && e.path == path)
            .unwrap_or_else(|| panic!("{method} {path} is listed"))
    };
    let create = entry("POST", "/api/v1/bookings");
    assert_eq!(create.source, "endpoint");
    assert_eq!(create.auth.as_deref(), Some("staff"));
    assert!(!create.public);
    assert_eq!(create.rate_limit.as_deref(), Some("30/min"));
    assert_eq!(create.summary.as_deref(), Some("Book a room"));
    assert_eq!(create.tags, ["bookings"]);

    let cancel = entry("DELETE", "/api/v1/bookings/{id}");
    assert_eq!(cancel.auth.as_deref(), Some("staff"));
    assert_eq!(cancel.rate_limit, None);
    assert_eq!(cancel.summary.as_deref(), Some("Cancel a booking"));

    let list = entry("GET", "/api/v1/rooms");
    assert!(list.public);
    assert_eq!(list.auth, None);
    assert_eq!(list.summary.as_deref(), Some("List the bookable rooms"));
    assert_eq!(
        list.authenticated,
        Some(true),
        "declared public needs no auth"
    );

    let for_room = entry("GET", "/api/v1/rooms/{id}/bookings");
    assert_eq!(for_room.source, "router");
    assert_eq!((for_room.auth.as_deref(), for_room.public), (None, false));
    assert_eq!(for_room.summary, None);
    assert_eq!(for_room.authenticated, Some(false), "BG602 reports it");
}
