//! What `amendo import` prints: totals, counts, what it wrote.

use std::fmt::Write;
use std::time::Duration;

use serde::Serialize;

use crate::import::{Published, Report};

/// The report for people.
pub fn text(report: &Report, published: &Published, elapsed: Duration) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Read {} input file{} in {:.2} s.",
        report.files,
        if report.files == 1 { "" } else { "s" },
        elapsed.as_secs_f64()
    );
    for (label, n) in &report.totals {
        let _ = writeln!(out, "  {label}: {n}");
    }
    for (label, counts) in &report.breakdowns {
        let list: Vec<String> = counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let _ = writeln!(out, "  {label}: {}", list.join(", "));
    }
    if !report.skipped.is_empty() {
        let _ = writeln!(
            out,
            "  skipped: {} file(s), listed on standard error",
            report.skipped.len()
        );
    }
    if !report.warnings.is_empty() {
        let _ = writeln!(
            out,
            "  warnings: {}, listed on standard error",
            report.warnings.len()
        );
    }
    let p = published;
    if p.dry_run {
        let _ = writeln!(
            out,
            "Dry run: {} file(s) would be written, {} unchanged; the sources they would make are valid. Nothing was written.",
            p.written.len(),
            p.unchanged
        );
        return out;
    }
    if p.recovered {
        let _ = writeln!(out, "An interrupted import was rolled back first.");
    }
    if p.written.is_empty() {
        let _ = writeln!(
            out,
            "Nothing to change: {} file(s) already up to date.",
            p.unchanged
        );
    } else {
        let _ = writeln!(
            out,
            "Wrote {} file(s), {} unchanged. Review them (git diff), then `amendo build`.",
            p.written.len(),
            p.unchanged
        );
    }
    out
}

#[derive(Serialize)]
struct Json<'a> {
    files: usize,
    seconds: f64,
    totals: std::collections::BTreeMap<&'a str, usize>,
    breakdowns: std::collections::BTreeMap<&'a str, &'a crate::import::Counts>,
    skipped: Vec<Skip<'a>>,
    warnings: &'a [String],
    dry_run: bool,
    written: Vec<String>,
    unchanged: usize,
    recovered: bool,
}

#[derive(Serialize)]
struct Skip<'a> {
    file: &'a str,
    reason: &'a str,
}

/// The report as JSON (docs/json.md).
pub fn json<'a>(
    report: &'a Report,
    published: &Published,
    elapsed: Duration,
) -> impl Serialize + 'a {
    Json {
        files: report.files,
        seconds: elapsed.as_secs_f64(),
        totals: report.totals.iter().copied().collect(),
        breakdowns: report.breakdowns.iter().map(|(k, v)| (*k, v)).collect(),
        skipped: report
            .skipped
            .iter()
            .map(|s| Skip {
                file: &s.file,
                reason: &s.reason,
            })
            .collect(),
        warnings: &report.warnings,
        dry_run: published.dry_run,
        written: published
            .written
            .iter()
            .map(|w| w.display().to_string())
            .collect(),
        unchanged: published.unchanged,
        recovered: published.recovered,
    }
}
