//! The parser over every real dispositif of the narcotrafic bill (AN open
//! data, tests/corpus/narcotrafic-dispositifs.jsonl). Writes the report
//! docs/corpus.md when AMENDO_UPDATE_REPORT=1, and otherwise checks that the
//! report is up to date and that the parse rate has not dropped.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use amendo::engine::{self, Operation};
use serde::Deserialize;

#[derive(Deserialize)]
struct Row {
    number: String,
    text: String,
    division: Option<String>,
    position: Option<String>,
    outcome: Option<String>,
    dispositif: String,
}

/// The floors the parse rates must not fall below (per cent).
const FLOOR_ALL: f64 = 90.0;
const FLOOR_ON_ARTICLES: f64 = 90.0;

#[derive(Default)]
struct Tally {
    total: usize,
    parsed: usize,
}

fn rate(t: &Tally) -> f64 {
    if t.total == 0 {
        100.0
    } else {
        100.0 * t.parsed as f64 / t.total as f64
    }
}

fn kind(op: &Operation) -> &'static str {
    match op {
        Operation::DeleteArticle => "delete-article",
        Operation::RewriteArticle { .. } => "rewrite-article",
        Operation::InsertArticle { .. } => "insert-article",
        Operation::Delete { at } if !at.sentences.is_empty() => "delete (sentences)",
        Operation::Delete { .. } => "delete (alinéas, divisions)",
        Operation::Rewrite { at, .. } if !at.sentences.is_empty() => "rewrite (sentences)",
        Operation::Rewrite { .. } => "rewrite (alinéas, divisions)",
        Operation::RewriteStart { .. } => "rewrite-start",
        Operation::InsertAlineas { .. } => "insert-alineas",
        Operation::InsertSentences { .. } => "insert-sentences",
        Operation::Complete { .. } => "complete",
        Operation::ReplaceWords { .. } => "replace-words",
        Operation::DeleteWords { .. } => "delete-words",
        Operation::InsertWords { .. } => "insert-words",
        Operation::RewriteEnd { .. } => "rewrite-end",
    }
}

fn report() -> (String, Tally, Tally) {
    let src = include_str!("corpus/narcotrafic-dispositifs.jsonl");
    let rows: Vec<Row> = src
        .lines()
        .map(|l| serde_json::from_str(l).expect("a corpus row"))
        .collect();
    let mut out_of_scope: BTreeMap<&str, usize> = BTreeMap::new();
    let mut categories: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut ops: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures: Vec<(String, String)> = Vec::new();
    let mut all = Tally::default();
    let mut on_articles = Tally::default();
    for r in &rows {
        if r.dispositif.trim().is_empty() {
            let why = if r.outcome.is_none() {
                "no instruction published (inadmissible or not yet examined)"
            } else {
                "no instruction published"
            };
            *out_of_scope.entry(why).or_default() += 1;
            continue;
        }
        let position = r.position.as_deref().unwrap_or("A");
        let additional = position != "A";
        let heading = r.division.as_deref().unwrap_or_default();
        let category = if additional {
            "additional articles (avant, après)"
        } else if heading.starts_with("Article") {
            "on an article"
        } else {
            "on a division heading (chapitre, titre)"
        };
        let tally = categories.entry(category).or_default();
        tally.total += 1;
        all.total += 1;
        if category == "on an article" {
            on_articles.total += 1;
        }
        match engine::parse(&r.dispositif, additional) {
            Ok(parsed) => {
                tally.parsed += 1;
                all.parsed += 1;
                if category == "on an article" {
                    on_articles.parsed += 1;
                }
                for op in &parsed {
                    *ops.entry(kind(op)).or_default() += 1;
                }
            }
            Err(e) => {
                let stage = if r.text.ends_with("B0907") {
                    "committee"
                } else if r.text.ends_with("BTC1043") {
                    "floor"
                } else {
                    "CMP"
                };
                failures.push((format!("{stage} {} ({heading})", r.number), format!("{e}")));
            }
        }
    }
    let mut md = String::new();
    md.push_str("# The parser on real amendments: the narcotrafic corpus\n\n");
    md.push_str(
        "Every amendment the Assemblée nationale published on the bill « visant à sortir la France du \
         piège du narcotrafic » (1,676: committee, floor and CMP), from its open data \
         (`tests/corpus/narcotrafic-dispositifs.jsonl`, extracted by `tests/corpus/extract.py`). \
         `cargo test --test corpus` checks this page is current and that the rates stay above \
         their floors; `AMENDO_UPDATE_REPORT=1 cargo test --test corpus` rewrites it.\n\n",
    );
    md.push_str("## Out of scope\n\n| reason | amendments |\n|---|---:|\n");
    for (why, n) in &out_of_scope {
        let _ = writeln!(md, "| {why} | {n} |");
    }
    md.push_str(
        "\nNo amendment of this bill is a credit transfer (those are in budget bills).\n\n",
    );
    md.push_str("## Textual amendments, by kind\n\n| kind | amendments | parsed | rate |\n|---|---:|---:|---:|\n");
    for (cat, t) in &categories {
        let _ = writeln!(
            md,
            "| {cat} | {} | {} | {:.1} % |",
            t.total,
            t.parsed,
            rate(t)
        );
    }
    let _ = writeln!(
        md,
        "| **all** | **{}** | **{}** | **{:.1} %** |\n",
        all.total,
        all.parsed,
        rate(&all)
    );
    let _ = writeln!(
        md,
        "Floors checked by the test: {FLOOR_ALL:.0} % of all textual amendments, \
         {FLOOR_ON_ARTICLES:.0} % of those on an article.\n"
    );
    md.push_str("## Operations read\n\n| operation | count |\n|---|---:|\n");
    let mut by_count: Vec<(&&str, &usize)> = ops.iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (op, n) in by_count {
        let _ = writeln!(md, "| {op} | {n} |");
    }
    md.push_str("\n## What the parser does not read\n\n");
    // The most common failures: what the parser expected, and how often.
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, e) in &failures {
        let expected = e.split(": expected ").nth(1).unwrap_or("(stops short)");
        *reasons.entry(expected).or_default() += 1;
    }
    let mut common: Vec<(&&str, &usize)> = reasons.iter().collect();
    common.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let _ = writeln!(
        md,
        "{} amendments. The most common failures, by what the parser expected where it stopped:\n",
        failures.len()
    );
    md.push_str("| expected | amendments |\n|---|---:|\n");
    for (expected, n) in common {
        let _ = writeln!(md, "| {} | {n} |", expected.replace('|', "\\|"));
    }
    md.push_str("\nEach one, with the error `amendo parse` gives:\n\n");
    md.push_str("| amendment | error |\n|---|---|\n");
    for (who, e) in &failures {
        let _ = writeln!(md, "| {who} | {} |", e.replace('|', "\\|"));
    }
    (md, all, on_articles)
}

#[test]
fn corpus_parse_rate_holds_and_report_is_current() {
    let (md, all, on_articles) = report();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/corpus.md");
    if std::env::var_os("AMENDO_UPDATE_REPORT").is_some() {
        std::fs::write(path, &md).expect("write docs/corpus.md");
    }
    assert!(
        rate(&all) >= FLOOR_ALL,
        "parse rate {:.1} % fell below {FLOOR_ALL} %",
        rate(&all)
    );
    assert!(
        rate(&on_articles) >= FLOOR_ON_ARTICLES,
        "parse rate on articles {:.1} % fell below {FLOOR_ON_ARTICLES} %",
        rate(&on_articles)
    );
    let current = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        current == md,
        "docs/corpus.md is out of date: run AMENDO_UPDATE_REPORT=1 cargo test --test corpus"
    );
}
