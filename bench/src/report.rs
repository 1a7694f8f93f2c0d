//! The table for people and the JSON for scripts.

use crate::measure::{Comparison, Corpus, Timings};
use serde_json::{json, Value};
use std::fmt::Write as _;

/// How the run was set up.
pub struct Setup {
    /// Worker threads.
    pub jobs: usize,
    /// Measured runs.
    pub iters: usize,
    /// Warm-up runs.
    pub warmup: usize,
    /// Preset name.
    pub preset: &'static str,
    /// Rules the engine runs (not `allow`).
    pub rules_enabled: Vec<&'static str>,
}

/// The generated workspace's measurements.
pub struct Main<'a> {
    /// Its files.
    pub corpus: &'a Corpus,
    /// Packages generated.
    pub packages: usize,
    /// Generator seed.
    pub seed: u64,
    /// Measurements.
    pub cmp: &'a Comparison,
}

/// One fixture workspace's measurements, or why it could not be measured.
pub struct Fixture {
    /// Folder name relative to the fixtures folder.
    pub name: String,
    /// Its files and measurements.
    pub result: Result<(Corpus, Comparison), String>,
}

fn mb_per_s(bytes: usize, secs: f64) -> f64 {
    bytes as f64 / 1e6 / secs
}

fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The human-readable report.
pub fn table(setup: &Setup, main: &Main, fixtures: Option<&[Fixture]>) -> String {
    let mut s = String::new();
    let c = main.corpus;
    let cmp = main.cmp;
    let _ = writeln!(
        s,
        "backend-gate-bench: {} threads, {} measured runs after {} warm-up, preset {} ({} rules enabled)",
        setup.jobs,
        setup.iters,
        setup.warmup,
        setup.preset,
        setup.rules_enabled.len()
    );
    let _ = writeln!(
        s,
        "generated workspace: {} ({} packages, {} .rs files, {} lines, {:.1} MB; seed {})\n",
        c.root.display(),
        main.packages,
        group(c.files.len()),
        group(c.lines),
        c.bytes as f64 / 1e6,
        main.seed
    );
    let _ = writeln!(
        s,
        "  {:<24} {:>9} {:>9} {:>8} {:>12}",
        "", "min", "median", "MB/s", "lines/s"
    );
    let mut rows = vec![("parse floor (read+syn)", &cmp.floor, true)];
    if let (Some(walk), Some(rules)) = (&cmp.walk, &cmp.rules) {
        rows.push(("  + walk, no rules", walk, true));
        rows.push(("  + walk with rules", rules, true));
    }
    rows.push(("backend-gate check", &cmp.check, true));
    rows.push(("check, cold cache", &cmp.cold, true));
    rows.push(("check, warm cache", &cmp.warm, true));
    rows.push(("cargo metadata alone", &cmp.metadata, false));
    for (name, t, rate) in rows {
        let _ = write!(s, "  {:<24} {:>7.3} s {:>7.3} s", name, t.min(), t.median());
        if rate {
            let _ = write!(
                s,
                " {:>8.1} {:>12}",
                mb_per_s(c.bytes, t.min()),
                group((c.lines as f64 / t.min()) as usize)
            );
        }
        s.push('\n');
    }
    let _ = writeln!(
        s,
        "\n  check / floor: {:.2}x (min / min), {:.2}x (median / median)",
        cmp.ratio_min(),
        cmp.ratio_median()
    );
    let _ = writeln!(
        s,
        "  warm / cold cache: {:.3}x (min / min; {} of {} files from the cache)",
        cmp.warm_ratio(),
        group(cmp.warm_hits),
        group(cmp.stats.files_checked)
    );
    if let (Some(walk), Some(rules)) = (&cmp.walk, &cmp.rules) {
        let ms = |x: f64| x * 1e3;
        let _ = writeln!(
            s,
            "  over the floor (min): shared walk {:+.0} ms, rules {:+.0} ms, rest of check {:+.0} ms \
             (of which cargo metadata {:.0} ms; the rest is the module tree and findings)",
            ms(walk.min() - cmp.floor.min()),
            ms(rules.min() - walk.min()),
            ms(cmp.check.min() - rules.min()),
            ms(cmp.metadata.min())
        );
    }
    let _ = writeln!(
        s,
        "  files: floor parsed {} of {}, check walked {}",
        group(cmp.floor_parsed),
        group(c.files.len()),
        group(cmp.stats.files_checked)
    );
    let _ = writeln!(s, "  findings: {}", findings_line(cmp));
    if !cmp.stats.internal_errors.is_empty() {
        let _ = writeln!(s, "  internal errors: {}", cmp.stats.internal_errors.len());
        for e in cmp.stats.internal_errors.iter().take(5) {
            let _ = writeln!(s, "    {e}");
        }
    }
    if c.files.len() != cmp.stats.files_checked {
        let _ = writeln!(
            s,
            "  warning: the engine walked {} files but the floor parsed {}: the ratio compares different work",
            cmp.stats.files_checked,
            c.files.len()
        );
    }
    match fixtures {
        None => {}
        Some([]) => s.push_str("\nfixtures: none found\n"),
        Some(fixtures) => {
            let _ = writeln!(
                s,
                "\nfixtures (ms per run, min of {} runs):\n  {:<28} {:>6} {:>7} {:>9} {:>9} {:>9} {:>12} {:>9}",
                setup.iters,
                "workspace",
                "files",
                "lines",
                "floor ms",
                "check ms",
                "meta ms",
                "check/floor",
                "findings"
            );
            for f in fixtures {
                match &f.result {
                    Ok((corpus, cmp)) => {
                        let _ = writeln!(
                            s,
                            "  {:<28} {:>6} {:>7} {:>9.2} {:>9.2} {:>9.2} {:>11.1}x {:>9}",
                            f.name,
                            corpus.files.len(),
                            corpus.lines,
                            cmp.floor.min() * 1e3,
                            cmp.check.min() * 1e3,
                            cmp.metadata.min() * 1e3,
                            cmp.ratio_min(),
                            cmp.stats.findings()
                        );
                    }
                    Err(e) => {
                        let _ = writeln!(s, "  {:<28} skipped: {e}", f.name);
                    }
                }
            }
            s.push_str(
                "  (on tiny workspaces `cargo metadata` dominates the check time: compare check - meta with floor)\n",
            );
        }
    }
    s
}

fn findings_line(cmp: &Comparison) -> String {
    let codes: Vec<String> = cmp
        .stats
        .by_code
        .iter()
        .map(|(c, n)| format!("{c} {n}"))
        .collect();
    if codes.is_empty() {
        "0".to_string()
    } else {
        format!("{} ({})", cmp.stats.findings(), codes.join(", "))
    }
}

fn timings_json(t: &Timings, corpus: Option<&Corpus>) -> Value {
    let mut v = json!({
        "runs_s": t.runs,
        "min_s": t.min(),
        "median_s": t.median(),
    });
    if let Some(c) = corpus {
        v["mb_per_s"] = json!(mb_per_s(c.bytes, t.min()));
        v["lines_per_s"] = json!(c.lines as f64 / t.min());
    }
    v
}

fn comparison_json(corpus: &Corpus, cmp: &Comparison) -> Value {
    json!({
        "root": corpus.root.display().to_string(),
        "rs_files": corpus.files.len(),
        "lines": corpus.lines,
        "bytes": corpus.bytes,
        "floor": timings_json(&cmp.floor, Some(corpus)),
        "check": timings_json(&cmp.check, Some(corpus)),
        "metadata": timings_json(&cmp.metadata, None),
        "check_cold_cache": timings_json(&cmp.cold, Some(corpus)),
        "check_warm_cache": timings_json(&cmp.warm, Some(corpus)),
        "warm_over_cold": cmp.warm_ratio(),
        "warm_cache_hits": cmp.warm_hits,
        "walk_no_rules": cmp.walk.as_ref().map(|t| timings_json(t, Some(corpus))),
        "walk_with_rules": cmp.rules.as_ref().map(|t| timings_json(t, Some(corpus))),
        "ratio_min": cmp.ratio_min(),
        "ratio_median": cmp.ratio_median(),
        "floor_parsed": cmp.floor_parsed,
        "files_checked": cmp.stats.files_checked,
        "findings": cmp.stats.findings(),
        "findings_by_code": cmp.stats.by_code,
        "internal_errors": cmp.stats.internal_errors,
    })
}

/// The machine-readable report (times in seconds, MB = 10^6 bytes, rates from the min run).
pub fn json(setup: &Setup, main: &Main, fixtures: Option<&[Fixture]>) -> Value {
    let mut workspace = comparison_json(main.corpus, main.cmp);
    workspace["packages"] = json!(main.packages);
    workspace["seed"] = json!(main.seed);
    let fixtures: Option<Vec<Value>> = fixtures.map(|fs| {
        fs.iter()
            .map(|f| match &f.result {
                Ok((corpus, cmp)) => {
                    let mut v = comparison_json(corpus, cmp);
                    v["name"] = json!(f.name);
                    v
                }
                Err(e) => json!({ "name": f.name, "skipped": e }),
            })
            .collect()
    });
    json!({
        "jobs": setup.jobs,
        "iters": setup.iters,
        "warmup": setup.warmup,
        "preset": setup.preset,
        "rules_enabled": setup.rules_enabled,
        "workspace": workspace,
        "fixtures": fixtures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1000), "1,000");
        assert_eq!(group(1234567), "1,234,567");
    }
}
