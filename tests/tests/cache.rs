//! The result cache: a warm run reports byte for byte what a cold one does, and anything that
//! changes a file's results (its text, the selection, the configuration) is a miss.

use backend_gate_rules::{
    check, CacheLocation, CacheStats, CheckOptions, Preset, Report, Selection,
};
use backend_gate_tests::{fixture, fixture_names, options, write_file};
use std::fs;
use std::path::Path;

/// Everything a renderer reads from a report, as JSON text.
fn rendered(report: &Report) -> String {
    let sources: std::collections::BTreeMap<&String, &str> = report
        .sources
        .iter()
        .map(|(path, source)| (path, &**source.text()))
        .collect();
    serde_json::json!({
        "findings": report.findings,
        "endpoints": report.endpoints,
        "unresolved": report.unresolved_handlers,
        "files_checked": report.files_checked,
        "internal_errors": report.internal_errors,
        "sources": sources,
    })
    .to_string()
}

fn run(opts: &CheckOptions) -> Report {
    check(opts).unwrap_or_else(|e| panic!("check failed: {e}"))
}

/// Files from the cache and files checked, and whether the cross-file results were cached.
fn stats(report: &Report) -> (usize, usize, bool) {
    let s: CacheStats = report.cache.expect("the cache was on");
    (s.hits, s.misses, s.cross_file_hit)
}

#[test]
fn warm_runs_report_what_cold_runs_do_on_every_fixture() {
    for name in fixture_names() {
        let dir = tempfile::tempdir().expect("tempdir");
        let opts = CheckOptions {
            cache: CacheLocation::Dir(dir.path().to_path_buf()),
            ..options(&fixture(&name))
        };
        let uncached = run(&options(&fixture(&name)));
        assert_eq!(
            uncached.cache, None,
            "{name}: the library default is no cache"
        );
        let cold = run(&opts);
        let warm = run(&opts);
        let files = uncached.files_checked;
        assert_eq!(stats(&cold), (0, files, false), "{name}");
        assert_eq!(
            stats(&warm),
            (files, 0, true),
            "{name}: every file should come from the cache"
        );
        let expected = rendered(&uncached);
        assert_eq!(rendered(&cold), expected, "{name}: cold run differs");
        assert_eq!(rendered(&warm), expected, "{name}: warm run differs");
    }
}

/// A small axum app: a handler that unwraps (BG301) in one module, clean code in another.
fn app() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path();
    write_file(
        root,
        "Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\naxum = \"0.7\"\ntokio = \"1\"\n",
    );
    write_file(
        root,
        "src/main.rs",
        "mod handlers;\nmod util;\n\nuse axum::{routing::get, Router};\n\n#[tokio::main]\nasync fn main() {\n    let app: Router = Router::new().route(\"/users\", get(handlers::list));\n    let _ = app;\n}\n",
    );
    write_file(
        root,
        "src/handlers.rs",
        "pub async fn list() -> String {\n    let n: u32 = \"7\".parse().unwrap();\n    n.to_string()\n}\n",
    );
    write_file(
        root,
        "src/util.rs",
        "pub fn double(x: u32) -> u32 {\n    x * 2\n}\n",
    );
    tmp
}

fn app_options(app: &Path, cache: &Path) -> CheckOptions {
    CheckOptions {
        manifest_path: Some(app.join("Cargo.toml")),
        cwd: app.to_path_buf(),
        cache: CacheLocation::Dir(cache.to_path_buf()),
        ..CheckOptions::default()
    }
}

fn codes_in(report: &Report, file: &str) -> Vec<&'static str> {
    report
        .findings
        .iter()
        .filter(|f| f.file == file)
        .map(|f| f.code)
        .collect()
}

#[test]
fn an_edited_file_is_checked_again_and_the_others_come_from_the_cache() {
    let app = app();
    let cache = tempfile::tempdir().expect("tempdir");
    let opts = app_options(app.path(), cache.path());
    let first = run(&opts);
    assert!(
        !codes_in(&first, "src/handlers.rs").is_empty(),
        "the unwrap in a handler is reported: {:#?}",
        first.findings
    );
    write_file(
        app.path(),
        "src/handlers.rs",
        "pub async fn list() -> String {\n    let n: u32 = 7;\n    n.to_string()\n}\n",
    );
    let second = run(&opts);
    assert_eq!(stats(&second), (2, 1, false));
    assert_eq!(codes_in(&second, "src/handlers.rs"), Vec::<&str>::new());
    assert_eq!(
        rendered(&second),
        rendered(&run(&CheckOptions {
            cache: CacheLocation::Off,
            ..opts.clone()
        }))
    );
    // A new module is reached through the cached `mod` declarations of its parent once that
    // parent changes, and only then.
    write_file(
        app.path(),
        "src/util.rs",
        "pub mod extra;\npub fn double(x: u32) -> u32 {\n    x * 2\n}\n",
    );
    write_file(
        app.path(),
        "src/util/extra.rs",
        "pub fn one() -> u32 {\n    1\n}\n",
    );
    let third = run(&opts);
    assert_eq!(third.files_checked, 4);
    assert_eq!(stats(&third), (2, 2, false));
}

#[test]
fn another_selection_or_configuration_is_a_miss() {
    let app = app();
    let cache = tempfile::tempdir().expect("tempdir");
    let opts = app_options(app.path(), cache.path());
    let files = run(&opts).files_checked;
    let all_misses = (0, files, false);
    let all_hits = (files, 0, true);
    let ignoring = CheckOptions {
        selection: Selection {
            ignore: vec!["BG301".into()],
            ..Selection::default()
        },
        ..opts.clone()
    };
    let ignored = run(&ignoring);
    assert_eq!(stats(&ignored), all_misses, "--ignore changes the key");
    assert!(ignored.findings.iter().all(|f| f.code != "BG301"));
    let strict = run(&CheckOptions {
        selection: Selection {
            preset: Preset::Strict,
            ..Selection::default()
        },
        ..opts.clone()
    });
    assert_eq!(stats(&strict), all_misses, "the preset changes the key");
    let mut config = opts.config.clone();
    config.workspace.public.push("/health".into());
    let configured = run(&CheckOptions {
        config,
        ..opts.clone()
    });
    assert_eq!(
        stats(&configured),
        all_misses,
        "the configuration changes the key"
    );
    // Each configuration keeps its own pack: going back is a hit, with the same findings.
    let again = run(&ignoring);
    assert_eq!(stats(&again), all_hits);
    assert_eq!(rendered(&again), rendered(&ignored));
    assert_eq!(stats(&run(&opts)), all_hits);
}

#[test]
fn a_damaged_cache_is_a_miss_and_is_rewritten() {
    let app = app();
    let cache = tempfile::tempdir().expect("tempdir");
    let opts = app_options(app.path(), cache.path());
    let expected = rendered(&run(&opts));
    let packs: Vec<_> = fs::read_dir(cache.path())
        .expect("the cache folder was created")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pack"))
        .collect();
    assert_eq!(packs.len(), 1, "{packs:?}");
    let bytes = fs::read(&packs[0]).expect("read pack");
    for damaged in [
        bytes[..bytes.len() / 2].to_vec(),
        bytes.iter().map(|b| b ^ 0x5a).collect(),
        Vec::new(),
    ] {
        fs::write(&packs[0], damaged).expect("damage the pack");
        let report = run(&opts);
        assert_eq!(stats(&report).0, 0);
        assert_eq!(rendered(&report), expected);
        assert_eq!(
            stats(&run(&opts)),
            (3, 0, true),
            "the pack was written again"
        );
    }
}

#[test]
fn an_unwritable_cache_folder_means_no_cache_not_a_failure() {
    let app = app();
    let blocker = tempfile::NamedTempFile::new().expect("temp file");
    // A folder below a regular file can never be created.
    let opts = app_options(app.path(), &blocker.path().join("cache"));
    let first = run(&opts);
    let second = run(&opts);
    assert_eq!(stats(&second), (0, 3, false));
    assert_eq!(rendered(&first), rendered(&second));
}

#[test]
fn concurrent_runs_do_not_corrupt_the_cache() {
    let app = app();
    let cache = tempfile::tempdir().expect("tempdir");
    let opts = app_options(app.path(), cache.path());
    let expected = rendered(&run(&CheckOptions {
        cache: CacheLocation::Off,
        ..opts.clone()
    }));
    std::thread::scope(|s| {
        let runs: Vec<_> = (0..4).map(|_| s.spawn(|| rendered(&run(&opts)))).collect();
        for r in runs {
            assert_eq!(r.join().expect("run"), expected);
        }
    });
    let after = run(&opts);
    assert_eq!(stats(&after), (3, 0, true));
    assert_eq!(rendered(&after), expected);
}

#[test]
fn explicit_paths_outside_a_workspace_are_not_cached() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write_file(tmp.path(), "src/lib.rs", "pub fn f() {}\n");
    let report = run(&CheckOptions {
        cwd: tmp.path().to_path_buf(),
        paths: vec!["src".into()],
        cache: CacheLocation::TargetDir,
        ..CheckOptions::default()
    });
    assert_eq!(report.files_checked, 1);
    assert_eq!(report.cache, None);
}
