//! The parser over every real corpus of dispositifs in tests/corpus/: the
//! narcotrafic bill and the 2025 budget bill's amendments on articles (AN
//! open data, extracted by tests/corpus/extract.py) and the Sénat's files
//! (its CSV export and La Fabrique's Sénat JSON, read by
//! `amendo::import::senat::read`; `AMENDO_UPDATE_CORPUS=DIR` rewrites their
//! JSON lines from DIR, the shared data's `senat/` folder).
//!
//! Writes the report docs/corpus.md when AMENDO_UPDATE_REPORT=1, and
//! otherwise checks that the report is current, that no rate fell below its
//! floor, and that the reviewed sample still reads as it was reviewed.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use amendo::engine::{self, Operation};
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize)]
struct Row {
    number: String,
    text: String,
    division: Option<String>,
    position: Option<String>,
    outcome: Option<String>,
    #[serde(default)]
    parent: Option<String>,
    dispositif: String,
}

/// One corpus: its name, what it is, its rows, and the floors of its rates
/// (per cent): its rate today, so that the test fails if a rate drops (the
/// targets: narcotrafic on articles 98 %, each Sénat file 90 %).
struct Corpus {
    name: &'static str,
    about: &'static str,
    rows: &'static str,
    floor_on_articles: f64,
    floor_all: f64,
}

const CORPORA: &[Corpus] = &[
    Corpus {
        name: "narcotrafic",
        about: "Assemblée nationale, 2025: every amendment published on the bill « visant à sortir la France du piège du narcotrafic » (committee, floor, CMP)",
        rows: include_str!("corpus/narcotrafic-dispositifs.jsonl"),
        floor_on_articles: 98.1,
        floor_all: 98.1,
    },
    Corpus {
        name: "plf2025",
        about: "Assemblée nationale, 2024: the 2025 budget bill's amendments on an article itself (additional articles and the annexes' credit tables left out; quoted tables kept as Markdown pipe rows by extract.py). Those that edit a table (« À la cinquante-deuxième ligne de la quatrième colonne du tableau de l’alinéa 2 », « Supprimer la huitième ligne du tableau de l’alinéa 5 », rows quoted in full) are counted as their own family and in the rate on articles; the target was 90 %",
        rows: include_str!("corpus/plf2025-articles-dispositifs.jsonl"),
        floor_on_articles: 96.3,
        floor_all: 96.3,
    },
    Corpus {
        name: "senat-esr-2013-commission",
        about: "Sénat, 2013: committee amendments on the higher-education bill (La Fabrique's Sénat JSON, text n° 614)",
        rows: include_str!("corpus/senat-esr-2013-commission.jsonl"),
        floor_on_articles: 91.9,
        floor_all: 92.6,
    },
    Corpus {
        name: "senat-esr-2013-seance",
        about: "Sénat, 2013: floor amendments on the same bill (La Fabrique's Sénat JSON, text n° 660)",
        rows: include_str!("corpus/senat-esr-2013-seance.jsonl"),
        floor_on_articles: 95.6,
        floor_all: 95.8,
    },
    Corpus {
        name: "senat-ondes-2014-commission",
        about: "Sénat, 2014: committee amendments on the electromagnetic-waves bill (the Sénat's CSV export, text n° 310)",
        rows: include_str!("corpus/senat-ondes-2014-commission.jsonl"),
        floor_on_articles: 97.9,
        floor_all: 95.2,
    },
    Corpus {
        name: "senat-plf2020",
        about: "Sénat, 2019: three floor amendments on the 2020 budget bill (the Sénat's CSV export, text n° 139)",
        rows: include_str!("corpus/senat-plf2020.jsonl"),
        floor_on_articles: 100.0,
        floor_all: 100.0,
    },
];

/// The Sénat files and the corpus each becomes.
const SENAT_FILES: &[(&str, &str)] = &[
    (
        "lafabrique-esr-2013-commission-614.js",
        "senat-esr-2013-commission",
    ),
    ("lafabrique-esr-2013-seance-660.js", "senat-esr-2013-seance"),
    (
        "jeu_complet_commission_2013-2014_310.csv",
        "senat-ondes-2014-commission",
    ),
    ("jeu_complet_2019-2020_139.csv", "senat-plf2020"),
];

/// The families of amendments, by what they target.
const ON_ARTICLE: &str = "on an article";
/// On an article, editing a table (rows, columns, cells, quoted rows).
const ON_TABLE: &str = "on an article: a table (rows, columns, cells)";
const SUB: &str = "sub-amendments";
const ADDITIONAL: &str = "additional articles (avant, après)";
const HEADING: &str = "on a heading or the title";

#[derive(Default, Clone, Copy)]
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
        Operation::Delete { at } if at.table.is_some() => "delete (table rows)",
        Operation::Rewrite { at, .. } if at.table.is_some() => "rewrite (table rows, cells)",
        Operation::Delete { at } if !at.sentences.is_empty() => "delete (sentences)",
        Operation::Delete { .. } => "delete (alinéas, divisions)",
        Operation::Rewrite { at, .. } if !at.sentences.is_empty() => "rewrite (sentences)",
        Operation::Rewrite { .. } => "rewrite (alinéas, divisions)",
        Operation::RewriteStart { .. } => "rewrite-start",
        Operation::InsertAlineas { .. } => "insert-alineas",
        Operation::InsertSentences { .. } => "insert-sentences",
        Operation::InsertRows { .. } => "insert-rows",
        Operation::Complete { .. } => "complete",
        Operation::ReplaceWords { .. } => "replace-words",
        Operation::DeleteWords { .. } => "delete-words",
        Operation::InsertWords { .. } => "insert-words",
        Operation::RewriteEnd { .. } => "rewrite-end",
        Operation::Note { .. } => "note (set aside)",
    }
}

fn family(r: &Row) -> &'static str {
    let position = r.position.as_deref().unwrap_or("A");
    let heading = r.division.as_deref().unwrap_or_default();
    if r.parent.is_some() {
        SUB
    } else if position != "A" {
        ADDITIONAL
    } else if heading.to_lowercase().starts_with("article") {
        if edits_table(&r.dispositif) {
            ON_TABLE
        } else {
            ON_ARTICLE
        }
    } else {
        HEADING
    }
}

/// True when a dispositif names a table or quotes table rows.
fn edits_table(dispositif: &str) -> bool {
    dispositif.to_lowercase().contains("tableau")
        || dispositif.split("\n\n").any(|p| p.starts_with('|'))
}

/// One parsed amendment: (corpus, number, the operations' summaries).
type Parsed = (&'static str, String, String);

struct Outcome {
    md: String,
    /// (corpus, what, rate, floor).
    rates: Vec<(&'static str, &'static str, f64, f64)>,
    parsed: Vec<Parsed>,
}

fn rows(c: &Corpus) -> Vec<Row> {
    c.rows
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a corpus row"))
        .collect()
}

fn summary(ops: &[Operation]) -> String {
    ops.iter()
        .map(Operation::summary)
        .collect::<Vec<_>>()
        .join("; ")
}

fn report() -> Outcome {
    let mut md = String::new();
    md.push_str("# The parser on real amendments\n\n");
    md.push_str(
        "Every real corpus of amendments available, read by `amendo parse`'s grammar. \
         `cargo test --test corpus` checks this page is current, that no rate falls below \
         its floor (the rate when the floor was set: the targets were 98 % on articles for \
         narcotrafic and 90 % for each Sénat file) and that the reviewed sample still reads as reviewed; \
         `AMENDO_UPDATE_REPORT=1 cargo test --test corpus` rewrites it. Additional articles \
         are counted apart (their text is the new article); sub-amendments too (they amend \
         their parent's text). Amendments on an article that edit a table are a family of \
         their own, counted in the rate on articles.\n\n",
    );
    md.push_str("## Summary\n\n| corpus | on articles | parsed | rate | floor | all textual | parsed | rate | floor |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    let mut sections = String::new();
    let mut rates = Vec::new();
    let mut parsed_all = Vec::new();
    for c in CORPORA {
        let rows = rows(c);
        let mut empty = 0;
        let mut families: BTreeMap<&str, Tally> = BTreeMap::new();
        let mut ops: BTreeMap<&str, usize> = BTreeMap::new();
        let mut failures: Vec<(String, &str, String)> = Vec::new();
        let mut all = Tally::default();
        for r in &rows {
            // No dispositif, or only the notice the Sénat prints in its
            // place for an amendment declared inadmissible (which its
            // importer keeps out of the instruction).
            if r.dispositif.trim().is_empty()
                || amendo::import::senat::inadmissibility_notice(&r.dispositif)
            {
                empty += 1;
                continue;
            }
            let fam = family(r);
            let additional = fam == ADDITIONAL;
            let t = families.entry(fam).or_default();
            t.total += 1;
            all.total += 1;
            match engine::parse(&r.dispositif, additional) {
                Ok(parsed) => {
                    t.parsed += 1;
                    all.parsed += 1;
                    for op in &parsed {
                        *ops.entry(kind(op)).or_default() += 1;
                    }
                    parsed_all.push((c.name, r.number.clone(), summary(&parsed)));
                }
                Err(e) => {
                    let heading = r.division.as_deref().unwrap_or("?");
                    failures.push((format!("{} ({heading})", r.number), fam, format!("{e}")));
                }
            }
        }
        let mut on = families.get(ON_ARTICLE).copied().unwrap_or_default();
        if let Some(t) = families.get(ON_TABLE) {
            on.total += t.total;
            on.parsed += t.parsed;
        }
        rates.push((c.name, "on articles", rate(&on), c.floor_on_articles));
        rates.push((c.name, "of all textual amendments", rate(&all), c.floor_all));
        let _ = writeln!(
            md,
            "| {} | {} | {} | {:.1} % | {:.1} % | {} | {} | {:.1} % | {:.1} % |",
            c.name,
            on.total,
            on.parsed,
            rate(&on),
            c.floor_on_articles,
            all.total,
            all.parsed,
            rate(&all),
            c.floor_all
        );
        let _ = writeln!(sections, "## {}\n\n{}.\n", c.name, c.about);
        let _ = writeln!(
            sections,
            "{} rows; {empty} without a dispositif (not examined, or inadmissible) are left out.\n",
            rows.len()
        );
        sections.push_str("| family | amendments | parsed | rate |\n|---|---:|---:|---:|\n");
        for (fam, t) in &families {
            let _ = writeln!(
                sections,
                "| {fam} | {} | {} | {:.1} % |",
                t.total,
                t.parsed,
                rate(t)
            );
        }
        sections.push_str("\nOperations read:\n\n| operation | count |\n|---|---:|\n");
        let mut by_count: Vec<(&&str, &usize)> = ops.iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (op, n) in by_count {
            let _ = writeln!(sections, "| {op} | {n} |");
        }
        if failures.is_empty() {
            sections.push_str("\nEvery dispositif is read.\n\n");
            continue;
        }
        let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, _, e) in &failures {
            let expected = e.split(": expected ").nth(1).unwrap_or("(stops short)");
            *reasons.entry(expected).or_default() += 1;
        }
        let mut common: Vec<(&&str, &usize)> = reasons.iter().collect();
        common.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let _ = writeln!(
            sections,
            "\nNot read: {} amendments. By what the parser expected where it stopped:\n",
            failures.len()
        );
        sections.push_str("| expected | amendments |\n|---|---:|\n");
        for (expected, n) in common {
            let _ = writeln!(sections, "| {} | {n} |", expected.replace('|', "\\|"));
        }
        sections.push_str("\nEach one, with the error `amendo parse` gives:\n\n");
        sections.push_str("| amendment | family | error |\n|---|---|---|\n");
        for (who, fam, e) in &failures {
            let _ = writeln!(sections, "| {who} | {fam} | {} |", e.replace('|', "\\|"));
        }
        sections.push('\n');
    }
    md.push('\n');
    md.push_str(&sections);
    Outcome {
        md,
        rates,
        parsed: parsed_all,
    }
}

/// The reviewed sample: tests/corpus/review.tsv, one line per amendment:
/// corpus, number, verdict, the operations as reviewed.
fn review(parsed: &[Parsed]) -> (String, Vec<String>) {
    let src = include_str!("corpus/review.tsv");
    let mut md = String::from(
        "## Review of 100 parsed amendments\n\n\
         Drawn at random from the amendments the corpora parse: each is ranked by a seeded hash \
         of its corpus and number and the first 100 are taken (`AMENDO_DRAW_REVIEW=1 cargo test \
         --test corpus draw_review_sample` writes them, instruction and operations, to \
         `target/review-sample.txt`). Each instruction was read against the operations below; a \
         verdict is `ok` when every operation does what the instruction says, at the place it \
         says, with the words it quotes, and nothing else. The test fails if one of them no \
         longer reads as reviewed.\n\n\
         Misreadings found while reviewing (this sample, an earlier draw, and further Sénat \
         amendments read by hand) and fixed, each now read correctly or refused: a place \
         header swallowing the next line's preposition (« Alinéa 8 ¶ À la deuxième phrase de \
         cet alinéa, … » read at alinéa 8 instead of its second sentence); « Amendement n° 89 \
         rectifié, alinéa 3 » (a sub-amendment's place in its parent) set aside as a note, so \
         the clause applied to the whole text; a sentence announced as one (« il est inséré une \
         phrase ainsi rédigée : ») taking two unquoted paragraphs; the instruction's final \
         period kept in words whose quotation was left open (II-CF807).\n\n\
         | corpus | amendment | verdict | operations |\n|---|---|---|---|\n",
    );
    let mut stale = Vec::new();
    for line in src.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.splitn(4, '\t').collect();
        let [corpus, number, verdict, ops] = f[..] else {
            panic!("review.tsv: bad line {line}");
        };
        let now = parsed
            .iter()
            .find(|(c, n, _)| *c == corpus && n == number)
            .map(|(_, _, s)| s.as_str());
        if now != Some(ops) {
            stale.push(format!("{corpus} {number}: now {now:?}"));
        }
        let _ = writeln!(
            md,
            "| {corpus} | {number} | {verdict} | {} |",
            ops.replace('|', "\\|")
        );
    }
    (md, stale)
}

/// Writes the Sénat corpora from the shared data (AMENDO_UPDATE_CORPUS=DIR).
fn update_senat(dir: &str) {
    for (file, name) in SENAT_FILES {
        let input = amendo::import::senat::read(&std::path::Path::new(dir).join(file))
            .expect("a Sénat file");
        let mut out = String::new();
        for r in input.rows {
            let article = r.article.clone().unwrap_or_default();
            let (position, division) = if let Some(a) = article.strip_prefix("après ") {
                ("Apres", format!("Article {a}"))
            } else if let Some(a) = article.strip_prefix("avant ") {
                ("Avant", format!("Article {a}"))
            } else {
                ("A", r.subject.clone())
            };
            let row = Row {
                number: r.printed.clone(),
                text: r.text.clone().unwrap_or_default(),
                division: Some(division),
                position: Some(position.to_owned()),
                outcome: Some(r.sort.clone()),
                parent: r.parent.clone(),
                dispositif: r.dispositif.clone(),
            };
            out.push_str(&serde_json::to_string(&row).expect("json"));
            out.push('\n');
        }
        let path = format!("{}/tests/corpus/{name}.jsonl", env!("CARGO_MANIFEST_DIR"));
        std::fs::write(path, out).expect("write a corpus");
    }
}

#[test]
fn corpus_parse_rates_hold_and_report_is_current() {
    if let Some(dir) = std::env::var_os("AMENDO_UPDATE_CORPUS") {
        update_senat(&dir.to_string_lossy());
    }
    let Outcome {
        mut md,
        rates,
        parsed,
    } = report();
    let (review_md, stale) = review(&parsed);
    md.push_str(&review_md);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/corpus.md");
    if std::env::var_os("AMENDO_UPDATE_REPORT").is_some() {
        std::fs::write(path, &md).expect("write docs/corpus.md");
    }
    for (name, what, r, floor) in &rates {
        assert!(
            *r >= *floor - 1e-9,
            "{name}: parse rate {what} {r:.1} % fell below {floor} %"
        );
    }
    assert!(
        stale.is_empty(),
        "reviewed amendments no longer read as reviewed:\n{}",
        stale.join("\n")
    );
    let current = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        current == md,
        "docs/corpus.md is out of date: run AMENDO_UPDATE_REPORT=1 cargo test --test corpus"
    );
}

/// Draws the review sample: AMENDO_DRAW_REVIEW=1 prints 100 parsed
/// amendments (a fixed seed) with their instruction and operations.
#[test]
fn draw_review_sample() {
    if std::env::var_os("AMENDO_DRAW_REVIEW").is_none() {
        return;
    }
    let out = report();
    // Each parsed amendment ranked by a seeded hash of its corpus and
    // number: the sample is the first 100, stable when others change.
    let rank = |c: &str, n: &str| {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ 0x5eed_2026;
        for b in c.bytes().chain([0]).chain(n.bytes()) {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
        // splitmix64's finaliser, so that close names spread.
        h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        h ^ (h >> 31)
    };
    let mut order: Vec<usize> = (0..out.parsed.len()).collect();
    order.sort_by_key(|&i| rank(out.parsed[i].0, &out.parsed[i].1));
    let picked: std::collections::BTreeSet<usize> = order.into_iter().take(100).collect();
    let mut text = String::new();
    for i in picked {
        let (c, number, ops) = &out.parsed[i];
        let corpus = CORPORA.iter().find(|k| k.name == *c).expect("corpus");
        let row = rows(corpus)
            .into_iter()
            .find(|r| &r.number == number)
            .expect("row");
        let _ = writeln!(text, "=== {c}\t{number}\n{}\n--> {ops}\n", row.dispositif);
    }
    std::fs::write(
        concat!(env!("CARGO_MANIFEST_DIR"), "/target/review-sample.txt"),
        text,
    )
    .expect("write the sample");
}
